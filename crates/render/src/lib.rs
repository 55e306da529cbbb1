//! Renders a Report as terminal text, Markdown, self-contained HTML or JSON; never recomputes a finding.
//!
//! This crate owns presentation only: choosing a [`Format`], laying out the sections of a
//! [`Report`] and escaping article text for each medium. It deliberately does not compare,
//! score, filter or reorder findings beyond grouping them for display (for example "only in
//! one source" grouped per source): every claim shown comes verbatim from the `Report`.
//!
//! ```
//! use parallax_render::{render, Format, RenderOptions};
//! let report = parallax_core::Report {
//!     schema_version: parallax_core::SCHEMA_VERSION.to_string(),
//!     sources: vec![],
//!     agreed: vec![],
//!     only_in: vec![],
//!     conflicts: vec![],
//!     reconciled: vec![],
//!     framing: Default::default(),
//!     omissions: vec![],
//!     voices: vec![],
//!     timeline: vec![],
//!     synthesis: vec![],
//!     diagnostics: vec![],
//! };
//! let text = render(&report, "text".parse().unwrap(), &RenderOptions::default());
//! assert!(text.contains("Conflicts"));
//! ```
#![deny(missing_docs)]

mod common;
mod html;
mod json;
mod markdown;
mod text;

#[cfg(test)]
mod fixture;

use std::fmt;
use std::str::FromStr;

use parallax_core::Report;

pub use html::{CSS as HTML_CSS, page_title, render_fragment};
pub use json::report_schema;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plain terminal text, optionally coloured with ANSI escape codes.
    Text,
    /// CommonMark / GitHub-flavoured Markdown.
    Markdown,
    /// One self-contained HTML page (inline CSS, no external assets).
    Html,
    /// The Report itself as pretty-printed JSON (see [`report_schema`]).
    Json,
}

impl Format {
    /// Every format, in the order a help text would list them.
    pub const ALL: [Format; 4] = [Format::Text, Format::Markdown, Format::Html, Format::Json];

    /// The canonical name, accepted by [`Format::from_str`].
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Json => "json",
        }
    }

    /// The usual file extension for this format, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Json => "json",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The error for an unknown format name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseFormatError(pub String);

impl fmt::Display for ParseFormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown format {:?} (expected text, md, html or json)",
            self.0
        )
    }
}

impl std::error::Error for ParseFormatError {}

impl FromStr for Format {
    type Err = ParseFormatError;

    /// Accepts `text`/`terminal`/`txt`, `md`/`markdown`, `html`/`htm`, `json` (any case).
    fn from_str(s: &str) -> Result<Format, ParseFormatError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "text" | "terminal" | "txt" => Ok(Format::Text),
            "md" | "markdown" => Ok(Format::Markdown),
            "html" | "htm" => Ok(Format::Html),
            "json" => Ok(Format::Json),
            _ => Err(ParseFormatError(s.to_string())),
        }
    }
}

/// How to render.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// Colour terminal text with ANSI escape codes (ignored by the other formats).
    pub color: bool,
    /// A line shown above the report in Markdown and HTML (a story's id, size and headline),
    /// escaped like every other text: headlines are hostile input.
    pub heading: Option<String>,
}

/// Render `report` in `format`.
pub fn render(report: &Report, format: Format, opts: &RenderOptions) -> String {
    match format {
        Format::Text => text::render(report, opts),
        Format::Markdown => markdown::render_with(report, opts.heading.as_deref()),
        Format::Html => html::render_with(report, opts.heading.as_deref()),
        Format::Json => json::render(report),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_parse() {
        assert_eq!("text".parse(), Ok(Format::Text));
        assert_eq!("terminal".parse(), Ok(Format::Text));
        assert_eq!("md".parse(), Ok(Format::Markdown));
        assert_eq!("Markdown".parse(), Ok(Format::Markdown));
        assert_eq!("html".parse(), Ok(Format::Html));
        assert_eq!("json".parse(), Ok(Format::Json));
        assert!("pdf".parse::<Format>().is_err());
        for f in Format::ALL {
            assert_eq!(f.name().parse(), Ok(f));
        }
    }

    #[test]
    fn a_heading_is_escaped_like_any_text() {
        let r = fixture::report();
        let opts = RenderOptions {
            heading: Some("Story 7: <script>alert(1)</script> & *bold* # [x](javascript:y)".into()),
            ..RenderOptions::default()
        };
        let html = render(&r, Format::Html, &opts);
        assert!(html.contains(
            "<header class=\"story\"><p>Story 7: &lt;script&gt;alert(1)&lt;/script&gt; &amp;"
        ));
        assert!(!html.contains("<script>alert"));
        let md = render(&r, Format::Markdown, &opts);
        assert!(md.starts_with("Story 7: \\<script\\>alert(1)\\</script\\> \\& \\*bold\\* \\# \\[x\\](javascript:y)\n"), "{md}");
        // Without one, the page starts as it always did.
        let plain = render(&r, Format::Markdown, &RenderOptions::default());
        assert!(plain.starts_with("# Parallax report"));
    }

    #[test]
    fn every_format_renders_the_fixture() {
        let r = fixture::report();
        for f in Format::ALL {
            let out = render(&r, f, &RenderOptions::default());
            assert!(out.contains("Harbor Ledger"), "{f} lacks an outlet name");
        }
    }
}
