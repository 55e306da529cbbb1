//! Print the NeuS synthesis table: `cargo run -p parallax-eval --example neus -- DIR [LIMIT]`.
fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .unwrap_or_else(|| "../shared/data/neus-allsides".into());
    let limit = args.next().and_then(|l| l.parse().ok());
    // Word-only alignment: `parallax eval neus` is the run that also scores with embeddings.
    match parallax_eval::neus::neus(std::path::Path::new(&dir), "val", limit, None, None) {
        Ok(s) => print!("{s}"),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
