//! Development aid: lists entity predictions that match no gold mention and named gold
//! mentions that no prediction overlaps, for one MEANTIME directory. Not part of the API.
#![deny(missing_docs)]

use std::path::PathBuf;

use parallax_core::{Article, MentionForm};
use parallax_eval::{cat, score, text};

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/data/meantime-en"));
    let mut files = Vec::new();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "xml") {
                files.push(p);
            }
        }
    }
    files.sort();
    for f in files {
        let Ok(xml) = std::fs::read_to_string(&f) else {
            continue;
        };
        let Ok(doc) = cat::parse(&xml) else { continue };
        let r = text::rebuild(&doc);
        let an = parallax_analyze::analyze(&Article::from_text("x", &r.text));
        let gold: Vec<_> = doc
            .mentions
            .iter()
            .filter_map(|m| {
                Some((
                    r.span_of(&m.tokens)?,
                    m.ent_type.as_deref().and_then(score::kind_of),
                    m.syntactic_type.clone(),
                ))
            })
            .collect();
        for m in an
            .mentions
            .iter()
            .filter(|m| matches!(m.form, MentionForm::Name | MentionForm::Partial))
        {
            let kind = an.entities[m.entity].kind;
            let words = m.span.slice(&r.text).unwrap_or("");
            let exact = gold.iter().find(|g| g.0 == m.span);
            let over = gold.iter().find(|g| g.0.overlaps(m.span));
            match (exact, over) {
                (Some(g), _) if g.1 == Some(kind) => {}
                (Some(g), _) => println!("WRONGKIND\t{words}\t{kind:?}\t{:?}", g.1),
                (None, Some(g)) => println!(
                    "PARTIAL\t{words}\t{kind:?}\t{:?}\t{}",
                    g.1,
                    g.0.slice(&r.text).unwrap_or("")
                ),
                (None, None) => println!("SPURIOUS\t{words}\t{kind:?}"),
            }
        }
        for g in gold.iter().filter(|g| g.2 == "NAM" || g.2 == "PRE.NAM") {
            if !an.mentions.iter().any(|m| m.span.overlaps(g.0)) {
                println!("MISSED\t{}\t{:?}", g.0.slice(&r.text).unwrap_or(""), g.1);
            }
        }
    }
}
