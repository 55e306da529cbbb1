//! The findings must not hang on the names: every person, place and outlet of the seed articles
//! (../shared/seeds, read at test time) and of the bundled examples is renamed to an invented
//! name (whole words, so possessives and hyphenated name parts too), `compare` runs on both
//! versions, and the same findings come out once the original report is renamed the same way:
//! the agreed groups, what only one source reports, the conflicts, the quotes with their
//! speakers, the labels on each person and the loaded words.
//!
//! Demonyms ("Korean", "Chilean") are adjectives and stay; so do platforms and events.
#![allow(clippy::unwrap_used)]

mod common;
use common::*;

use std::path::{Path, PathBuf};

use serde_json::Value;

/// The seeds' people, outlets and companies to invented names; their small places to invented
/// names too (the analyzer must read them from context: "in Lunmere", "Dunmarsh University");
/// their countries, capitals and regions to other real ones of the same kind, which a general
/// gazetteer holds as it holds the originals. Phrases before words.
const SEEDS: &[(&str, &str)] = &[
    ("United States", "United Kingdom"),
    ("White House", "Kremlin"),
    ("WorldTribune", "MetroCourier"),
    ("DrTaraO", "DrNessaQ"),
    ("Lee", "Moro"),
    ("Jae", "Tal"),
    ("Myung", "Vesen"),
    ("myung", "vesen"),
    ("Xi", "Ruo"),
    ("Jinping", "Talben"),
    ("Park", "Dovrin"),
    ("Seung", "Amel"),
    ("Chan", "Torv"),
    ("Li", "Kesh"),
    ("Qiang", "Varon"),
    ("Zhao", "Pell"),
    ("Leji", "Orsan"),
    ("Yoon", "Hask"),
    ("Suk", "Tev"),
    ("Yeol", "Brann"),
    ("Donald", "Aldous"),
    ("Trump", "Penwick"),
    ("Tara", "Nessa"),
    ("O", "Q"),
    ("Nicolas", "Teodor"),
    ("Maduro", "Calvane"),
    ("Beijing", "Brasilia"),
    ("Korea", "Africa"),
    ("China", "Brazil"),
    ("Japan", "Argentina"),
    ("Asia", "Europe"),
    ("Pacific", "Atlantic"),
    ("Yongin", "Dunmarsh"),
    ("Gyeongju", "Lunmere"),
    ("Caracas", "Brevana"),
    ("U.S.", "U.K."),
    ("US", "UK"),
    ("BBC", "KVN"),
    ("Chosun", "Dalmar"),
    ("Xiaomi", "Korvane"),
];

/// The examples' people, places and outlets, to other invented names.
const EXAMPLES: &[(&str, &str)] = &[
    ("Maria", "Petra"),
    ("Alvarez", "Brannock"),
    ("Daniel", "Felix"),
    ("Cho", "Yamin"),
    ("Riverside", "Stonebridge"),
    ("Busan", "Quillon"),
    ("Seoul", "Ardmere"),
    ("Lantern", "Beacon"),
    ("Ledger", "Register"),
    ("Sentinel", "Courier"),
    ("Rosa", "Wren"),
    ("Lind", "Hollis"),
    ("Jonas", "Abel"),
    ("Pike", "Stroud"),
    ("Ines", "Clio"),
    ("Duarte", "Marsh"),
    ("Harwick", "Dunmore"),
    ("Tidewater", "Saltmarsh"),
    ("Marisol", "Belvane"),
    ("Elena", "Ilse"),
    ("Varga", "Tornquist"),
    ("Tomás", "Anselm"),
    ("Tomas", "Anselm"),
    ("Tom", "Anse"),
    ("Reyes", "Quarrie"),
    ("Elm", "Alder"),
    ("Bay", "Cove"),
    ("Coastal", "Shoreline"),
    ("Island", "Atoll"),
    ("Northern", "Boreal"),
];

/// Replace whole words (a word is a run of letters, digits and dots inside abbreviations): the
/// characters around a match must not be letters or digits, so "Lee’s" and "Jae-Myung" are
/// renamed and "Leji" is not renamed as "Lee".
fn rename(text: &str, table: &[(&str, &str)]) -> String {
    let mut out = text.to_string();
    for (from, to) in table {
        let mut done = String::with_capacity(out.len());
        let mut rest = out.as_str();
        while let Some(i) = rest.find(from) {
            let before = rest[..i].chars().next_back();
            let after = rest[i + from.len()..].chars().next();
            let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
            done.push_str(&rest[..i]);
            if word(before) || word(after) {
                done.push_str(from);
            } else {
                done.push_str(to);
            }
            rest = &rest[i + from.len()..];
        }
        done.push_str(rest);
        out = done;
    }
    out
}

/// The table in lower case, for entity keys ("lee jae myung").
fn lower_table(table: &[(&str, &str)]) -> Vec<(String, String)> {
    table
        .iter()
        .map(|(a, b)| (a.to_lowercase().replace('-', " "), b.to_lowercase()))
        .collect()
}

fn strs(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap_or("").to_string())
        .collect()
}

/// The findings of a report, as lines of text: what a reader is told, with the words that
/// show it.
fn findings(r: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let outlet = |a: &Value| {
        r["sources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["article"] == *a)
            .map_or(String::new(), |s| {
                s["outlet"].as_str().unwrap_or("").to_string()
            })
    };
    for s in r["sources"].as_array().unwrap() {
        out.push(format!("source {} {}", s["article"], s["outlet"]));
    }
    for g in r["agreed"].as_array().unwrap() {
        out.push(format!("agreed {:?}", texts_of(g)));
    }
    for g in r["only_in"].as_array().unwrap() {
        out.push(format!(
            "only in {:?} {:?}",
            strs(&g["sources"]),
            texts_of(g)
        ));
    }
    for c in r["conflicts"].as_array().unwrap() {
        let sides: Vec<(&str, &str)> = c["sides"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["value"].as_str().unwrap_or(""),
                    s["evidence"]["text"].as_str().unwrap_or(""),
                )
            })
            .collect();
        out.push(format!("conflict {} {sides:?}", c["kind"]));
    }
    for (a, v) in r["voices"].as_array().unwrap().iter().enumerate() {
        for q in v["quotes"].as_array().unwrap() {
            out.push(format!(
                "quote {a} {:?} said by {:?}",
                q["evidence"]["text"].as_str().unwrap(),
                q["speaker"].as_str()
            ));
        }
    }
    for e in r["framing"]["entities"].as_array().unwrap() {
        for s in e["by_source"].as_array().unwrap() {
            let labels: Vec<&str> = s["labels"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| l["evidence"]["text"].as_str().unwrap())
                .collect();
            if !labels.is_empty() {
                out.push(format!(
                    "labels on {} in {}: {labels:?}",
                    e["key"].as_str().unwrap(),
                    outlet(&s["article"])
                ));
            }
        }
    }
    for l in r["framing"]["loaded"].as_array().unwrap() {
        let terms: Vec<(&str, &Value)> = l["terms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| (t["evidence"]["text"].as_str().unwrap(), &t["quoted"]))
            .collect();
        out.push(format!("loaded in {}: {terms:?}", l["article"]));
    }
    out
}

/// Copy `files` renamed into a fresh directory; returns the new paths in the same order.
fn renamed_copy(files: &[PathBuf], table: &[(&str, &str)], name: &str) -> Vec<PathBuf> {
    let dir = std::env::temp_dir().join(format!("parallax-renamed-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            let to = dir.join(f.file_name().unwrap());
            std::fs::write(&to, rename(&text, table)).unwrap();
            to
        })
        .collect()
}

fn compare(files: &[PathBuf]) -> Value {
    let mut args: Vec<&str> = vec!["compare"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    args.extend(["--format", "json"]);
    json(&args)
}

/// Compare the originals and the renamed copies; the renamed findings must be the original
/// findings renamed.
fn same_findings(files: &[PathBuf], table: &[(&str, &str)], name: &str) {
    let original = compare(files);
    let copies = renamed_copy(files, table, name);
    let renamed = compare(&copies);
    let lower = lower_table(table);
    let lower: Vec<(&str, &str)> = lower
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let expected: Vec<String> = findings(&original)
        .iter()
        .map(|l| rename(&rename(l, table), &lower))
        .collect();
    let got = findings(&renamed);
    assert!(
        expected.len() > 10,
        "{name}: a report with findings: {expected:#?}"
    );
    for (e, g) in expected.iter().zip(&got) {
        assert_eq!(e, g, "{name}: a finding changed with the names");
    }
    assert_eq!(expected.len(), got.len(), "{name}: {expected:#?}\n{got:#?}");
    let _ = std::fs::remove_dir_all(copies[0].parent().unwrap());
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut f: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    f.sort();
    f
}

#[test]
fn renaming_works_whole_words() {
    assert_eq!(
        rename("Lee’s aide met Lee Jae-Myung and Leji; Korea-China.", SEEDS),
        "Moro’s aide met Moro Tal-Vesen and Orsan; Africa-Brazil."
    );
    assert_eq!(
        rename("Tara O (@DrTaraO) on U.S. ties", SEEDS),
        "Nessa Q (@DrNessaQ) on U.K. ties"
    );
}

#[test]
fn the_seeds_renamed_give_the_same_findings() {
    let Some(seeds) = shared().map(|s| s.join("seeds")) else {
        return;
    };
    let files: Vec<PathBuf> = ["000_f218549a84d8fbc3.txt", "001_b7a43b305394c350.txt"]
        .iter()
        .map(|f| seeds.join(f))
        .collect();
    for f in &files {
        assert!(f.is_file(), "{} is among the seeds", f.display());
    }
    same_findings(&files, SEEDS, "seeds");
}

#[test]
fn the_examples_renamed_give_the_same_findings() {
    for example in ["summit", "ferry"] {
        let dir = repo().join("examples").join(example);
        if dir.is_dir() {
            same_findings(&files_in(&dir), EXAMPLES, example);
        }
    }
}
