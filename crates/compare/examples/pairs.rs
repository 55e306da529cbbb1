//! Lists the claim pairs of two or more plain-text articles with their TF-IDF cosine, the
//! features each claim carries, and whether the alignment kept the pair. A development aid
//! for tuning the alignment, not part of the CLI.
#![deny(missing_docs)]

use parallax_compare::{align, story::Story};
use parallax_core::Article;

fn main() {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    let articles: Vec<Article> = paths
        .iter()
        .map(|p| Article::from_text(p, &std::fs::read_to_string(p).unwrap_or_default()))
        .collect();
    let analyses: Vec<_> = articles.iter().map(parallax_analyze::analyze).collect();
    let copies = vec![None; articles.len()];
    let story = Story::new(&articles, &analyses, &copies);
    let al = align::align(&story);
    let mut rows = Vec::new();
    for i in 0..al.claims.len() {
        for j in i + 1..al.claims.len() {
            if al.claims[i].article == al.claims[j].article {
                continue;
            }
            let s = al.similarity(i, j);
            if s >= 0.1 {
                rows.push((s, i, j));
            }
        }
    }
    rows.sort_by(|a, b| b.0.total_cmp(&a.0));
    let show = |k: usize| {
        let c = al.claims[k];
        let claim = &analyses[c.article].claims[c.claim];
        let text = story.text(c.article, claim.span);
        let ents: Vec<&str> = claim
            .entities
            .iter()
            .map(|&e| story.key(c.article, e))
            .collect();
        format!(
            "  a{} {:?}\n     terms {:?} entities {:?}",
            c.article + 1,
            text.chars().take(160).collect::<String>(),
            claim.terms,
            ents
        )
    };
    for (s, i, j) in rows {
        let kept = al.pairs.iter().any(|p| (p.0, p.1) == (i, j));
        println!(
            "{s:.3} {}\n{}\n{}",
            if kept { "ALIGNED" } else { "" },
            show(i),
            show(j)
        );
    }
}
