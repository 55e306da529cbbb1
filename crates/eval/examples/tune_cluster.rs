//! Sweep the story clusterer's knobs on NeuS `train.source` (the development split; never on
//! headline_11 or basil-dev, which `eval cluster` reports as tests) and print B-cubed F1.
//! `train.source` has no dates: with `dated`, each story gets an invented day (five stories a
//! day, each report 0 or 1 day after), to tune the dated stream the test sets are.
//!
//! `cargo run -p parallax-eval --example tune_cluster -- ../shared/data/neus-allsides [LIMIT] [dated]`

use parallax_cluster::Config;
use parallax_eval::stories::{bcubed, neus_source, parallax};

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
    for threshold in [0.15, 0.2, 0.25] {
        for (grace_days, decay_days) in [(0.5, 1.0), (1.0, 1.0), (1.5, 3.0), (1.0, 2.0)] {
            for body_words in [100, 250] {
                let config = Config {
                    threshold,
                    grace_days,
                    decay_days,
                    body_words,
                    ..Config::default()
                };
                let b = bcubed(&gold, &parallax(&items, &config));
                println!(
                    "threshold {threshold:.2} grace {grace_days} decay {decay_days} body {body_words}: P {:.3} R {:.3} F1 {:.3}",
                    b.precision, b.recall, b.f1
                );
            }
        }
    }
}
