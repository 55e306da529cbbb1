//! JSON output: the Report serialised as it is, and the JSON Schema of that document.
//!
//! The JSON is the stable contract (`schema_version` plus each source's full text, so consumers
//! can resolve every byte span themselves). This module adds nothing to it and drops nothing.

use parallax_core::{Report, SCHEMA_VERSION};
use serde_json::Value;

/// The report as pretty-printed JSON.
///
/// Serialising a `Report` cannot fail in practice (it holds no maps with non-string keys);
/// should it ever, the output is a JSON object with an `error` member instead of a panic.
pub fn render(report: &Report) -> String {
    match serde_json::to_string_pretty(report) {
        Ok(mut s) => {
            s.push('\n');
            s
        }
        Err(e) => {
            let err = serde_json::json!({ "error": format!("cannot serialise report: {e}") });
            format!("{err}\n")
        }
    }
}

/// The JSON Schema of [`Report`], pretty-printed, with `$id`, `title` and a description that
/// names `parallax_core::SCHEMA_VERSION`.
pub fn report_schema() -> String {
    let mut schema = schemars::schema_for!(Report);
    schema.insert(
        "$id".to_string(),
        Value::String(format!(
            "https://example.invalid/parallax/schema/report-{SCHEMA_VERSION}.json"
        )),
    );
    schema.insert(
        "title".to_string(),
        Value::String("Parallax Report".to_string()),
    );
    schema.insert(
        "description".to_string(),
        Value::String(format!(
            "A Parallax comparison report, schema version {SCHEMA_VERSION} \
             (parallax_core::SCHEMA_VERSION). Every Evidence span is a half-open range of UTF-8 \
             byte offsets into the `text` of the source whose `article` id it names."
        )),
    );
    match serde_json::to_string_pretty(&schema) {
        Ok(mut s) => {
            s.push('\n');
            s
        }
        Err(e) => format!("{}\n", serde_json::json!({ "error": e.to_string() })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture;

    #[test]
    fn round_trips_to_an_equal_report() {
        let r = fixture::report();
        let json = render(&r);
        let back: Report = match serde_json::from_str(&json) {
            Ok(b) => b,
            Err(e) => panic!("JSON does not parse back: {e}"),
        };
        assert_eq!(back, r);
        assert!(json.contains(&format!(
            "\"schema_version\": \"{}\"",
            parallax_core::SCHEMA_VERSION
        )));
    }

    #[test]
    fn spans_resolve_against_the_embedded_text() {
        let r = fixture::report();
        let v: Value = match serde_json::from_str(&render(&r)) {
            Ok(v) => v,
            Err(e) => panic!("{e}"),
        };
        let text = v["sources"][1]["text"].as_str().unwrap_or_default();
        let side = &v["conflicts"][0]["sides"][1]["value_evidence"];
        let start = side["span"]["start"].as_u64().unwrap_or(0) as usize;
        let end = side["span"]["end"].as_u64().unwrap_or(0) as usize;
        assert_eq!(text.get(start..end), Some("More than 5,000"));
    }

    #[test]
    fn schema_names_the_version() {
        let s = report_schema();
        let v: Value = match serde_json::from_str(&s) {
            Ok(v) => v,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(v["title"], "Parallax Report");
        assert!(
            v["$id"]
                .as_str()
                .unwrap_or_default()
                .contains(SCHEMA_VERSION)
        );
        assert!(
            v["description"]
                .as_str()
                .unwrap_or_default()
                .contains("SCHEMA_VERSION")
        );
        assert!(s.contains("schema_version"), "schema lists Report's fields");
        assert!(s.contains("ClaimGroup"), "schema defines nested types");
    }
}
