//! `parallax bench`: time `compare` in-process and print it beside peers run in the same process
//! on the same articles, so the figures are ratios rather than absolute claims:
//! - extraction + analysis alone (the part of compare that reads one article at a time);
//! - a naive baseline comparer: every sentence pair's bag-of-words cosine (what a tool without
//!   claim alignment, conflicts or framing would still have to do).

use std::collections::HashMap;
use std::time::Instant;

use crate::{InputFlags, exit, inputs};

fn default_inputs() -> Vec<String> {
    let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seeds");
    let mut v: Vec<String> = std::fs::read_dir(seeds)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.path().display().to_string())
                .collect()
        })
        .unwrap_or_default();
    if v.is_empty() {
        let ex = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/summit");
        v = std::fs::read_dir(ex)
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .map(|e| e.path().display().to_string())
                    .collect()
            })
            .unwrap_or_default();
    }
    v.sort();
    v
}

fn time<F: FnMut()>(iterations: usize, mut f: F) -> f64 {
    f();
    let start = Instant::now();
    for _ in 0..iterations {
        f();
    }
    start.elapsed().as_secs_f64() / iterations as f64
}

fn naive(texts: &[&str]) -> usize {
    let bags: Vec<Vec<HashMap<String, f32>>> = texts
        .iter()
        .map(|t| {
            t.split(['.', '?', '!'])
                .map(|s| {
                    let mut m = HashMap::new();
                    for w in s
                        .split(|c: char| !c.is_alphanumeric())
                        .filter(|w| w.len() > 2)
                    {
                        *m.entry(w.to_lowercase()).or_insert(0.0) += 1.0;
                    }
                    m
                })
                .collect()
        })
        .collect();
    let mut hits = 0;
    for a in 0..bags.len() {
        for b in (a + 1)..bags.len() {
            for x in &bags[a] {
                for y in &bags[b] {
                    let dot: f32 = x.iter().filter_map(|(k, v)| y.get(k).map(|w| v * w)).sum();
                    let n = (x.values().map(|v| v * v).sum::<f32>()
                        * y.values().map(|v| v * v).sum::<f32>())
                    .sqrt();
                    if n > 0.0 && dot / n > 0.5 {
                        hits += 1;
                    }
                }
            }
        }
    }
    hits
}

/// Run the benchmark and print its table.
pub fn run(inputs: &[String], iterations: usize) -> u8 {
    let inputs = if inputs.is_empty() {
        default_inputs()
    } else {
        inputs.to_vec()
    };
    let loaded = match inputs::load_all(
        &inputs,
        &InputFlags {
            max_bytes: 20 << 20,
            ..Default::default()
        },
    ) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return exit::USAGE;
        }
    };
    if loaded.articles.len() < 2 {
        eprintln!(
            "error: bench needs at least two articles ({} loaded)",
            loaded.articles.len()
        );
        return exit::NO_INPUT;
    }
    let arts = &loaded.articles;
    let words: usize = arts.iter().map(|a| a.word_count()).sum();
    let iterations = iterations.max(1);
    let t_compare = time(iterations, || {
        std::hint::black_box(parallax_compare::compare(arts, Vec::new()));
    });
    let t_analyze = time(iterations, || {
        for a in arts {
            std::hint::black_box(parallax_analyze::analyze(a));
        }
    });
    let texts: Vec<&str> = arts.iter().map(|a| a.text.as_str()).collect();
    let t_naive = time(iterations, || {
        std::hint::black_box(naive(&texts));
    });
    println!(
        "parallax bench: {} articles, {} words, {} iterations, one thread",
        arts.len(),
        words,
        iterations
    );
    println!("{:<44} {:>12} {:>10}", "stage", "ms/run", "× compare");
    let row =
        |name: &str, t: f64| println!("{:<44} {:>12.3} {:>10.2}", name, t * 1e3, t / t_compare);
    row("compare (analysis + alignment + report)", t_compare);
    row("analysis only (all articles)", t_analyze);
    row("naive baseline: sentence-pair bag-of-words", t_naive);
    println!(
        "compare: {:.3} ms per story, {:.0} articles/s, {:.0} words/s",
        t_compare * 1e3,
        arts.len() as f64 / t_compare,
        words as f64 / t_compare
    );
    exit::OK
}
