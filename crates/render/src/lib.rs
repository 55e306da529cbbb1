//! Renders a Report as terminal text, Markdown, self-contained HTML or JSON; never recomputes a finding.
