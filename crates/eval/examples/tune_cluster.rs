//! Sweep the story clusterer's knobs on NeuS `train.source` (the development split; never on
//! headline_11 or basil-dev, which `eval cluster` reports as tests) and print B-cubed F1: the
//! threshold against the weight of potion-base-8M vectors of headline + lead (when `models/`
//! has it). On 1,000 dated stories the vectors gained 0.004 F1 at best (threshold 0.3, weight
//! 0.5, against 0.902 without), so `eval cluster` runs without them.
//! `train.source` has no dates: with `dated`, each story gets an invented day (five stories a
//! day, each report 0 or 1 day after), to tune the dated stream the test sets are.
//!
//! `cargo run -p parallax-eval --example tune_cluster -- ../shared/data/neus-allsides [LIMIT] [dated]`

use parallax_analyze::bias::Vectors;
use parallax_cluster::Config;
use parallax_eval::stories::{bcubed, neus_source, parallax_with};

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .unwrap_or_else(|| "../shared/data/neus-allsides".into());
    let limit = args.next().and_then(|n| n.parse().ok());
    let dated = args.next().is_some_and(|a| a == "dated");
    let mut items = match neus_source(std::path::Path::new(&dir), &["train.source"], limit) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(3);
        }
    };
    if dated {
        for (i, it) in items.iter_mut().enumerate() {
            it.day = Some((it.story / 5) as f64 + (i % 2) as f64);
        }
    }
    let gold: Vec<usize> = items.iter().map(|i| i.story).collect();
    println!("{} articles, dated: {dated}", items.len());
    let embedder = parallax_embed::Embedder::for_alignment().ok();
    let vectors = embedder.as_ref().map(|e| e as &dyn Vectors);
    println!("vectors: {}", vectors.map_or("none", |v| v.name()));
    for threshold in [0.2, 0.3, 0.35, 0.4, 0.45, 0.5] {
        for vector_weight in [0.0, 0.25, 0.5, 1.0] {
            let config = Config {
                threshold,
                vector_weight,
                ..Config::default()
            };
            let b = bcubed(&gold, &parallax_with(&items, &config, vectors));
            println!(
                "threshold {threshold:.2} vectors {vector_weight}: P {:.3} R {:.3} F1 {:.3}",
                b.precision, b.recall, b.f1
            );
        }
    }
}
