//! HTML output (stub, filled in next).
use parallax_core::Report;
/// Render.
pub fn render(_r: &Report) -> String {
    String::new()
}
