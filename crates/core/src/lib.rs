//! Parallax's shared vocabulary: plain data types that every other crate reads and writes.
//!
//! The pipeline follows the data:
//! `ingest` (bytes) → `extract` ([`Article`]) → `analyze` ([`Analysis`], one article)
//! → `cluster` (stories) → `compare` ([`Report`], one story) → `render` / `store` / `serve`.
//!
//! Everything here is a value: no I/O, no clock, no global state.
//! Every finding points back into an article's text with a [`Span`] of UTF-8 byte offsets,
//! so any claim, label, quote or conflict can be highlighted in the original.
//!
//! ```
//! use parallax_core::{Article, Span};
//! let a = Article::from_text("a1", "Ana met Bo in Lima.");
//! let span = Span::new(8, 10);
//! assert_eq!(span.slice(&a.text), Some("Bo"));
//! ```
#![deny(missing_docs)]

mod analysis;
mod article;
mod diag;
pub mod hash;
mod report;
mod span;

pub use analysis::*;
pub use article::*;
pub use diag::*;
pub use report::*;
pub use span::*;

/// Version of the JSON report schema (`parallax schema`): the major number changes on a
/// breaking change, the minor number when fields or values are added (readers of an older minor
/// version keep working).
pub const SCHEMA_VERSION: &str = "1.4";
