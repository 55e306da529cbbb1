//! BABE cross-validation on a small subset, when ../shared/data is beside the repository.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

fn dir() -> Option<PathBuf> {
    let d = parallax_testkit::shared("data/babe-mbic")?;
    parallax_testkit::file(
        parallax_testkit::Need::Shared,
        &d.join(parallax_eval::babe::FILE),
        "the BABE file of ../shared/data/babe-mbic",
    )?;
    Some(d)
}

#[test]
fn cross_validation_on_a_subset_beats_the_majority_class() {
    let Some(d) = dir() else { return };
    let data = parallax_eval::babe::read(&d).unwrap();
    assert!(data.examples.len() > 2000, "{}", data.examples.len());
    assert!(data.examples.iter().filter(|e| e.biased).count() > 1000);
    assert!(data.examples.iter().any(|e| !e.words.is_empty()));
    let s = parallax_eval::babe::babe(&d, Some(200), &[]).unwrap();
    print!("{s}");
    assert_eq!(s.sentences, 200);
    assert_eq!(s.systems.len(), 4, "no vectors: no embedded row");
    let f1 = |name: &str| {
        s.systems
            .iter()
            .find(|r| r.name.starts_with(name))
            .map(|r| r.macro_f1())
            .unwrap()
    };
    for r in &s.systems {
        assert_eq!(r.fold_macro_f1.len(), 5, "{}", r.name);
        assert_eq!(r.confusion.iter().sum::<usize>(), 200, "{}", r.name);
    }
    assert!(f1("Parallax, lexical") > f1("majority") + 0.1, "{s}");
    let words = s.systems[3].words.unwrap();
    assert!(words.tp > 0 && words.precision() > 0.1, "{s}");
}
