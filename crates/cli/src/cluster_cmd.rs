//! `parallax cluster`: extract every input (files, directories, `-`, URLs, as `extract` takes
//! them), group them into stories with [`parallax_cluster::cluster_by_time`] in one process, and
//! print one line per usable input, in input order, with its final story (after merges).
//!
//! - `jsonl` (default): `{"input": INPUT, "story": "s1", "origin": INPUT|null}` per line;
//!   `origin` is the input this one is a near-copy (wire copy) of.
//! - `json`: `{"assignments": [the same objects], "stories": N}`.
//! - `text`: each story (in order of its first input) with its articles' headlines and outlets.
//!
//! An input that cannot be read or extracted prints `error: INPUT: reason` on stderr and is
//! left out of the output; the rest is clustered. Exit code 0 all used, 1 some skipped, 3 none.

use std::collections::BTreeMap;
use std::io::Write;

use parallax_cluster::{Config, StreamArticle};

use crate::extract_cmd::{Expanded, expand};
use crate::{InputFlags, exit, inputs};

/// Run the command; returns the exit code.
pub fn run(specs: &[String], flags: &InputFlags, format: &str) -> u8 {
    if !matches!(format, "jsonl" | "json" | "text") {
        eprintln!("error: cluster supports --format jsonl, json or text (not {format:?})");
        return exit::USAGE;
    }
    let mut names: Vec<String> = Vec::new();
    let mut meta: Vec<(String, String)> = Vec::new();
    let mut stream: Vec<StreamArticle> = Vec::new();
    let mut failed = 0usize;
    for (i, input) in expand(specs).iter().enumerate() {
        let result = match input {
            Expanded::Input(spec) => inputs::load_one(spec, flags, &format!("a{}", i + 1)),
            Expanded::Unreadable(_, e) => Err(e.clone()),
        };
        match result {
            Ok((a, diags)) => {
                diags.iter().for_each(|d| eprintln!("{d}"));
                let title = a
                    .title
                    .as_ref()
                    .map(|t| t.value.clone())
                    .unwrap_or_default();
                let outlet = a
                    .source
                    .as_ref()
                    .map(|s| s.value.clone())
                    .unwrap_or_default();
                let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
                stream.push(StreamArticle {
                    id: names.len().to_string(),
                    title: title.clone(),
                    body: a.text,
                    day: a.published.map(|p| (p.value - epoch).num_days() as f64),
                    ..Default::default()
                });
                names.push(input.name().to_string());
                meta.push((title, outlet));
            }
            Err(e) => {
                eprintln!("error: {}: {e}", input.name());
                failed += 1;
            }
        }
    }
    if stream.is_empty() {
        eprintln!("error: no usable input ({} skipped)", failed);
        return exit::NO_INPUT;
    }
    let got = parallax_cluster::cluster_by_time(&stream, &Config::default());
    // Story ids as printed: s1, s2, … in order of each story's first input.
    let mut renamed: BTreeMap<u64, usize> = BTreeMap::new();
    let mut order: Vec<u64> = Vec::new();
    for a in &got {
        if let std::collections::btree_map::Entry::Vacant(e) = renamed.entry(a.story.0) {
            e.insert(order.len() + 1);
            order.push(a.story.0);
        }
    }
    let origin_name = |o: &Option<String>| {
        o.as_ref()
            .and_then(|i| i.parse::<usize>().ok())
            .and_then(|i| names.get(i).cloned())
    };
    let objects: Vec<serde_json::Value> = got
        .iter()
        .enumerate()
        .map(|(i, a)| {
            serde_json::json!({
                "input": names[i],
                "story": format!("s{}", renamed[&a.story.0]),
                "origin": origin_name(&a.origin),
            })
        })
        .collect();
    let out = match format {
        "jsonl" => objects.iter().map(|o| format!("{o}\n")).collect::<String>(),
        "json" => format!(
            "{}\n",
            serde_json::to_string_pretty(&serde_json::json!({
                "assignments": objects,
                "stories": order.len(),
            }))
            .unwrap_or_default()
        ),
        _ => {
            // Members of each printed story, read once (not once per story).
            let mut members_of: Vec<Vec<usize>> = vec![Vec::new(); order.len()];
            for (i, a) in got.iter().enumerate() {
                members_of[renamed[&a.story.0] - 1].push(i);
            }
            let mut s = String::new();
            for (n, members) in members_of.into_iter().enumerate() {
                let mut outlets: Vec<&str> = members.iter().map(|i| meta[*i].1.as_str()).collect();
                outlets.sort_unstable();
                outlets.dedup();
                s.push_str(&format!(
                    "s{}  {} article{}, {} outlet{}\n",
                    n + 1,
                    members.len(),
                    if members.len() == 1 { "" } else { "s" },
                    outlets.len(),
                    if outlets.len() == 1 { "" } else { "s" },
                ));
                for i in members {
                    let copy = origin_name(&got[i].origin)
                        .map(|o| format!("  (copy of {o})"))
                        .unwrap_or_default();
                    s.push_str(&format!(
                        "  - {} — {}  [{}]{copy}\n",
                        meta[i].0, meta[i].1, names[i]
                    ));
                }
            }
            s
        }
    };
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(out.as_bytes())
        .and_then(|_| stdout.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("error: writing output: {e}");
    }
    if failed > 0 { exit::PARTIAL } else { exit::OK }
}
