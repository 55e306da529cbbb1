//! BABE cross-validation or training without the CLI:
//! `cargo run --release -p parallax-eval --example babe -- [DIR] [LIMIT] [--lexical] [--train OUT]`.
//! DIR is the `babe-mbic` directory; the embedder comes from `models/` (see parallax-embed).
use parallax_analyze::bias::Vectors;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |f: &str| args.iter().any(|a| a == f);
    let train_out = args
        .iter()
        .position(|a| a == "--train")
        .and_then(|i| args.get(i + 1).cloned());
    let positional: Vec<&String> = args
        .iter()
        .enumerate()
        .filter(|(i, a)| !a.starts_with("--") && (*i == 0 || args[i - 1] != "--train"))
        .map(|(_, a)| a)
        .collect();
    let dir = positional
        .first()
        .map_or("../shared/data/babe-mbic".to_string(), |s| s.to_string());
    let limit = positional.get(1).and_then(|l| l.parse().ok());
    let (embedder, why) =
        parallax_embed::Embedder::from_models(parallax_embed::models_dir().as_deref());
    if let Some(w) = why {
        eprintln!("note: {w}");
    }
    let vectors: Option<&dyn Vectors> = if flag("--lexical") || embedder.is_fallback() {
        None
    } else {
        Some(&embedder)
    };
    let dir = std::path::Path::new(&dir);
    if let Some(out) = train_out {
        match parallax_eval::babe::train(dir, vectors).map(|m| m.to_json()) {
            Ok(Ok(json)) => {
                if let Err(e) = std::fs::write(&out, json) {
                    eprintln!("error: {out}: {e}");
                    std::process::exit(1);
                }
            }
            Ok(Err(e)) => eprintln!("error: {e}"),
            Err(e) => {
                eprintln!("error: {e}");
                std::process::exit(1);
            }
        }
        return;
    }
    let vectors: Vec<&dyn Vectors> = vectors.into_iter().collect();
    match parallax_eval::babe::babe(dir, limit, &vectors) {
        Ok(s) => {
            print!("{s}");
            for c in &s.choices {
                eprintln!("{c:?}");
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
