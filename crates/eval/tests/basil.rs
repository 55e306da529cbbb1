//! `eval basil` counts the editor's gold exactly as the set's reference scorer does: the
//! reports the evaluation made are written out and scored by `editor-gold/score.py`, and both
//! must print the same counts. Needs ../shared/data/basil-dev and python3 (a recorded skip
//! without them, a failure in CI).
#![allow(clippy::unwrap_used)]

use std::process::Command;

use parallax_testkit::Need;

#[test]
fn gold_counts_match_the_reference_scorer() {
    let Some(dir) = parallax_testkit::shared("data/basil-dev") else {
        return;
    };
    let python = Command::new("python3").arg("--version").output();
    if python.is_err() {
        parallax_testkit::skip(Need::Host, "no python3 to run the reference scorer");
        return;
    }
    let s = parallax_eval::basil::basil(&dir, None, None).unwrap();
    assert_eq!(s.events.len(), 28);
    assert_eq!(s.events.iter().filter(|e| e.gold).count(), 12);
    let out = std::env::temp_dir().join(format!("parallax-basil-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).unwrap();
    for (uuid, report) in &s.reports {
        std::fs::write(out.join(format!("{uuid}.json")), report.to_string()).unwrap();
    }
    let gold = dir.join("editor-gold");
    let run = Command::new("python3")
        .arg(gold.join("score.py"))
        .arg(&gold)
        .arg(&out)
        .output()
        .unwrap();
    std::fs::remove_dir_all(&out).unwrap();
    let printed = String::from_utf8_lossy(&run.stdout).to_string();
    assert!(
        run.status.success(),
        "{printed}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let g = &s.gold;
    let expected = format!(
        "conflicts P={:.2} ({}/{}) R={:.2} ({}/{}); agreed P={:.2} ({}/{}) R={:.2} ({}/{}); speakers {:.2} ({}/{}, quotes found {})",
        s.conflict_precision(),
        g.c_true,
        g.c_rep,
        s.conflict_recall(),
        g.d_found,
        g.d_gold,
        s.agreement_precision(),
        g.a_true,
        g.a_rep,
        s.agreement_recall(),
        g.f_found,
        g.f_gold,
        s.speaker_accuracy(),
        g.q_right,
        g.q_gold,
        g.q_found
    );
    assert_eq!(printed.trim(), expected);
    assert!(g.f_gold > 100 && g.q_gold > 100, "{g:?}");
}
