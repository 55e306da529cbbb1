//! The MPNet encoder against an independent implementation: cosines and leading components of
//! layer-6 mean vectors computed by a NumPy forward pass over the same weights (written
//! separately from `mpnet.rs`, from the published architecture). Skips, recorded by
//! parallax-testkit, when `models/all-mpnet-base-v2` is absent (fatal in CI and under
//! `PARALLAX_QUALITY=1`; `PARALLAX_QUALITY=1 scripts/setup.sh` fetches it).

use parallax_embed::{MPNET_DIR, Mpnet, models_dir};
use parallax_testkit::Need;

fn load() -> Option<Mpnet> {
    let dir = models_dir()
        .unwrap_or_else(|| "models".into())
        .join(MPNET_DIR);
    let setup = "PARALLAX_QUALITY=1 scripts/setup.sh";
    parallax_testkit::file(Need::QualityModel, &dir.join("model.safetensors"), setup)?;
    Some(Mpnet::load(&dir).expect("all-mpnet-base-v2 loads"))
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[test]
fn layer_six_means_match_the_numpy_reference() {
    let Some(m) = load() else { return };
    let texts = [
        "The central bank raised interest rates on Wednesday to fight inflation.",
        "On Wednesday the Federal Reserve hiked borrowing costs to curb rising prices.",
        "The football team won the championship after a dramatic penalty shootout.",
    ];
    // Batched (padded to the longest) and one by one give the same vectors.
    let v = m.embed(&texts);
    for (i, t) in texts.iter().enumerate() {
        let one = m.embed(&[t]).remove(0);
        assert!(dot(&one, &v[i]) > 0.99999, "padding changed sentence {i}");
    }
    let reference = [(0, 1, 0.88976), (0, 2, 0.46039), (1, 2, 0.43813)];
    for (a, b, want) in reference {
        let got = dot(&v[a], &v[b]);
        assert!(
            (got - want).abs() < 2e-4,
            "cos({a},{b}) = {got}, NumPy {want}"
        );
    }
    let head = [-0.01266, -0.07725, -0.04074, 0.00628, 0.05705, -0.01176];
    for (i, want) in head.iter().enumerate() {
        assert!(
            (v[0][i] - want).abs() < 2e-4,
            "component {i}: {} vs {want}",
            v[0][i]
        );
    }
    assert!(m.embed(&[""])[0].iter().all(|x| x.is_finite()));
}
