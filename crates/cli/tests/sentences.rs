//! `parallax analyze --sentences FILE --format jsonl` on sentences written for this test.
#![allow(clippy::unwrap_used)]

mod common;

use std::process::Command;

use parallax_testkit::Need;

const SENTENCES: &str = "The radical mob slammed the shocking plan.\n\
The council approved the budget on Tuesday.\n\
\n\
Critics say the “so-called reform” could reportedly cost billions.\r\n\
Prices may rise next year.\n";

fn run(models: Option<&std::path::Path>, file: &std::path::Path) -> (i32, String, String) {
    run_with(models, file, &[])
}

fn run_with(
    models: Option<&std::path::Path>,
    file: &std::path::Path,
    extra: &[&str],
) -> (i32, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_parallax"));
    cmd.args(["analyze", "--sentences"])
        .arg(file)
        .args(["--format", "jsonl"])
        .args(extra)
        .current_dir(common::repo());
    match models {
        Some(m) => cmd.env("PARALLAX_MODELS", m),
        None => cmd.env_remove("PARALLAX_MODELS"),
    };
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn lines(stdout: &str) -> Vec<serde_json::Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn input(test: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("parallax-{test}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("sentences.txt");
    std::fs::write(&file, SENTENCES).unwrap();
    file
}

/// Every object: the line's text, its number, and offsets that slice that text.
fn check_shape(objs: &[serde_json::Value]) {
    let texts: Vec<&str> = SENTENCES
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .collect();
    assert_eq!(objs.len(), texts.len(), "one object per input line");
    for (i, (o, t)) in objs.iter().zip(&texts).enumerate() {
        assert_eq!(o["line"], i + 1);
        assert_eq!(o["text"], *t);
        assert!(o["biased"].is_boolean());
        let s = o["score"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&s));
        for key in ["loaded", "biased_words"] {
            for w in o[key].as_array().unwrap() {
                let (a, b) = (w["start"].as_u64().unwrap(), w["end"].as_u64().unwrap());
                let slice = &t[a as usize..b as usize];
                assert!(!slice.is_empty());
                if key == "biased_words" {
                    assert_eq!(w["word"], slice);
                }
            }
        }
        for l in o["loaded"].as_array().unwrap() {
            assert!(l["term"].is_string() && l["category"].is_string());
        }
    }
}

#[test]
fn lexicon_fallback_scores_each_line_in_order() {
    let file = input("lexicon");
    let empty = file.parent().unwrap().join("no-models");
    std::fs::create_dir_all(&empty).unwrap();
    let (code, stdout, stderr) = run(Some(&empty), &file);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("lexicon-only"), "{stderr}");
    let objs = lines(&stdout);
    check_shape(&objs);
    assert!(objs.iter().all(|o| o["method"] == "lexicon"));
    assert_eq!(objs[0]["biased"], true);
    assert_eq!(objs[0]["kind"], "opinion");
    let terms: Vec<&str> = objs[0]["loaded"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["term"].as_str().unwrap())
        .collect();
    assert_eq!(terms, ["radical", "mob", "slammed", "shocking"]);
    assert_eq!(objs[1]["biased"], false);
    assert_eq!(objs[1]["kind"], "reported");
    assert_eq!(objs[2]["text"], "");
    assert_eq!(objs[2]["kind"], serde_json::Value::Null);
    assert_eq!(objs[3]["loaded"][0]["term"], "so-called");
    assert_eq!(objs[4]["kind"], "speculation");
    std::fs::remove_dir_all(file.parent().unwrap()).unwrap();
}

#[test]
fn trained_model_scores_when_setup_has_run() {
    let models = common::repo().join("models");
    let setup = "run scripts/setup.sh";
    let Some(_) = parallax_testkit::file(Need::Model, &models.join("bias.json"), setup) else {
        return;
    };
    let file = input("model");
    let (code, stdout, stderr) = run(Some(&models), &file);
    assert_eq!(code, 0, "{stderr}");
    let objs = lines(&stdout);
    check_shape(&objs);
    assert!(objs.iter().all(|o| o["method"] == "model"));
    let score = |i: usize| objs[i]["score"].as_f64().unwrap();
    assert!(score(0) > score(1), "{} vs {}", score(0), score(1));
    assert_eq!(objs[0]["biased"], true);
    assert_eq!(objs[1]["biased"], false);
    if parallax_testkit::file(Need::Model, &models.join("potion-base-8M"), setup).is_some() {
        assert_eq!(objs[0]["embedder"], "potion-base-8M");
    }
    std::fs::remove_dir_all(file.parent().unwrap()).unwrap();
}

#[test]
fn quality_model_scores_when_setup_fetched_it() {
    let models = common::repo().join("models");
    let setup = "PARALLAX_QUALITY=1 scripts/setup.sh";
    for needed in ["bias-quality.json", "all-mpnet-base-v2"] {
        let Some(_) = parallax_testkit::file(Need::QualityModel, &models.join(needed), setup)
        else {
            return;
        };
    }
    let file = input("quality");
    let (code, stdout, stderr) = run_with(Some(&models), &file, &["--quality"]);
    assert_eq!(code, 0, "{stderr}");
    let objs = lines(&stdout);
    check_shape(&objs);
    assert!(objs.iter().all(|o| o["method"] == "model"));
    assert_eq!(objs[0]["embedder"], "all-mpnet-base-v2-L6-mean");
    assert_eq!(objs[0]["biased"], true);
    assert_eq!(objs[1]["biased"], false);
    std::fs::remove_dir_all(file.parent().unwrap()).unwrap();
}

#[test]
fn quality_without_its_model_falls_back_with_a_note() {
    let empty = std::env::temp_dir().join(format!("parallax-nomodels-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let file = input("noquality");
    let (code, stdout, stderr) = run_with(Some(&empty), &file, &["--quality"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("bias-quality.json"), "{stderr}");
    let objs = lines(&stdout);
    check_shape(&objs);
    assert!(objs.iter().all(|o| o["method"] == "lexicon"));
    std::fs::remove_dir_all(file.parent().unwrap()).unwrap();
    std::fs::remove_dir_all(&empty).unwrap();
}

#[test]
fn sentences_and_input_conflict() {
    let r = common::parallax(&["analyze", "x.txt", "--sentences", "y.txt"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let r = common::parallax(&[
        "analyze",
        "--sentences",
        "/nonexistent/s.txt",
        "--format",
        "jsonl",
    ]);
    assert_eq!(r.code, 3, "{}", r.stderr);
}
