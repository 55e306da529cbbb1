//! Prints the MEANTIME scores for a corpus directory; `--misses` also lists the gold times the
//! analyzer missed or valued differently. A development aid, not the CLI (`parallax eval`).
#![deny(missing_docs)]

use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/data/meantime-en"));
    match parallax_eval::meantime(&dir, None) {
        Ok(s) => {
            println!("{s}");
            if args.iter().any(|a| a == "--misses") {
                for m in &s.time_misses {
                    println!(
                        "{}\t{}\t{:?}\t{:?}\t{}",
                        m.published,
                        m.gold.as_ref().map_or("-", |g| g.1.as_str()),
                        m.gold.as_ref().map(|g| &g.0),
                        m.ours,
                        m.doc
                    );
                }
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
