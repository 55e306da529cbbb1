//! Development aid: compare the two seed articles (from ../shared/seeds) and print the report
//! as JSON. `cargo run -p parallax-compare --example seeds_dump`.
use parallax_core::{Article, Provenance, Sourced};

fn main() {
    let dir = format!("{}/../../../shared/seeds", env!("CARGO_MANIFEST_DIR"));
    let mut arts = Vec::new();
    for (i, f) in ["000_f218549a84d8fbc3.txt", "001_b7a43b305394c350.txt"]
        .iter()
        .enumerate()
    {
        let Ok(t) = std::fs::read_to_string(format!("{dir}/{f}")) else {
            eprintln!("seeds not found in {dir}");
            return;
        };
        // Drop the first seed's dateline line (extraction does this properly).
        let t = if i == 0 {
            t.lines().skip(1).collect::<Vec<_>>().join("\n")
        } else {
            t
        };
        let mut a = Article::from_text(&format!("a{}", i + 1), &t);
        a.published =
            chrono::NaiveDate::from_ymd_opt(2026, 1, 6).map(|d| Sourced::new(d, Provenance::Flag));
        arts.push(a);
    }
    let r = parallax_compare::compare(&arts, Vec::new());
    let mut r = r;
    for s in &mut r.sources {
        s.text.clear();
        s.paragraphs.clear();
    }
    println!("{}", serde_json_string(&r));
}

fn serde_json_string(r: &parallax_core::Report) -> String {
    serde_json::to_string_pretty(r).unwrap_or_default()
}
