//! `parallax eval`: the quality figures on the third-party evaluation sets in `../shared/data`.
//!
//! Each set prints the same table the README quotes, in text (the default), Markdown-friendly
//! text, or JSON (`--format json`: one object per set, keys documented in the README under
//! "Evaluation"). A missing data set is a one-line error, not a panic; with `all`, the sets that
//! are present are still scored and the exit code says that one was missing.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use serde_json::{Value, json};

use crate::exit;

/// Which evaluation set to score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Set {
    /// MEANTIME (Wikinews, CAT XML): time values against the creation time, entity mentions.
    Meantime,
    /// NeuS / AllSides (val split): synthesis ROUGE beside a lead baseline, loaded-word rates.
    Neus,
    /// extraction-news (116 pages) and readability-pages: main-text F1 and metadata accuracy.
    Extraction,
    /// BABE SG2 dev: biased vs non-biased sentences by 5-fold cross-validation, biased words.
    Babe,
    /// Every set above, one after the other.
    All,
}

/// Flags of `parallax eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The set to score.
    #[arg(value_enum)]
    pub set: Set,
    /// Directory holding the data sets (meantime-en/, neus-allsides/, extraction-news/, …).
    #[arg(long, default_value = "../shared/data")]
    pub data: PathBuf,
    /// Score only the first N documents / stories / pages of each set (CI's bounded subset).
    #[arg(long)]
    pub limit: Option<usize>,
    /// Output format: text or json.
    #[arg(long, short, default_value = "text")]
    pub format: String,
    /// babe only: fit the bias model on the whole file and write it to FILE (no scoring).
    #[arg(long, value_name = "FILE")]
    pub train: Option<PathBuf>,
    /// babe --train only: train with the all-mpnet-base-v2 vectors instead of potion-base-8M
    /// (for `models/bias-quality.json`).
    #[arg(long, requires = "train")]
    pub quality: bool,
}

/// Run `parallax eval`; returns the exit code.
pub fn run(args: &EvalArgs) -> u8 {
    let json_out = match args.format.as_str() {
        "json" => true,
        "text" | "md" => false,
        other => {
            eprintln!("error: eval supports --format text or json, not {other:?}");
            return exit::USAGE;
        }
    };
    if let Some(out) = &args.train {
        return crate::sentences::babe_train(args.set == Set::Babe, &args.data, out, args.quality);
    }
    let sets: &[Set] = match args.set {
        Set::All => &[Set::Meantime, Set::Neus, Set::Extraction, Set::Babe],
        Set::Babe => &[Set::Babe],
        Set::Meantime => &[Set::Meantime],
        Set::Neus => &[Set::Neus],
        Set::Extraction => &[Set::Extraction],
    };
    let mut results = serde_json::Map::new();
    let mut failed = 0usize;
    for set in sets {
        match score(*set, &args.data, args.limit) {
            Ok((name, text, value)) => {
                if json_out {
                    results.insert(name.into(), value);
                } else {
                    println!("{text}");
                }
            }
            Err(e) => {
                eprintln!("error: {e}");
                failed += 1;
            }
        }
    }
    if json_out {
        crate::print_json(&Value::Object(results));
    }
    if failed == 0 {
        exit::OK
    } else if failed < sets.len() {
        exit::PARTIAL
    } else {
        exit::NO_INPUT
    }
}

/// Score one set: (key, human text, JSON value).
fn score(
    set: Set,
    data: &Path,
    limit: Option<usize>,
) -> Result<(&'static str, String, Value), String> {
    let need = |sub: &str| -> Result<PathBuf, String> {
        let p = data.join(sub);
        if p.is_dir() {
            Ok(p)
        } else {
            Err(format!(
                "{}: data set not found (pass --data DIR holding {sub}/)",
                p.display()
            ))
        }
    };
    match set {
        Set::Meantime => {
            let dir = need("meantime-en")?;
            let s = parallax_eval::meantime(&dir, limit).map_err(|e| e.to_string())?;
            Ok(("meantime", s.to_string(), meantime_json(&s)))
        }
        Set::Neus => {
            let dir = need("neus-allsides")?;
            let embedder = parallax_embed::Embedder::for_alignment()
                .inspect_err(|why| {
                    eprintln!("note: {why}; NeuS scored without embeddings in alignment")
                })
                .ok();
            let vectors = embedder
                .as_ref()
                .map(|e| e as &dyn parallax_analyze::bias::Vectors);
            let s = parallax_eval::neus::neus(&dir, limit, vectors).map_err(|e| e.to_string())?;
            Ok(("neus", s.to_string(), neus_json(&s)))
        }
        Set::Extraction => {
            let news = need("extraction-news")?;
            let pages = need("readability-pages")?;
            let n = parallax_eval::extraction::extraction_news(&news, limit)
                .map_err(|e| e.to_string())?;
            let r = parallax_eval::extraction::readability_pages(&pages, limit)
                .map_err(|e| e.to_string())?;
            let text = format!("{n}\n{r}");
            Ok(("extraction", text, extraction_json(&n, &r)))
        }
        Set::Babe => {
            let (text, value) = crate::sentences::babe_eval(&need("babe-mbic")?, limit)?;
            Ok(("babe", text, value))
        }
        Set::All => Err("internal: `all` is expanded before scoring".into()),
    }
}

fn counts(c: &parallax_eval::score::Counts) -> Value {
    json!({
        "precision": c.precision(),
        "recall": c.recall(),
        "f1": c.f1(),
        "gold": c.gold,
        "predicted": c.pred,
    })
}

fn meantime_json(s: &parallax_eval::MeantimeScores) -> Value {
    use parallax_eval::score::ValueClass;
    let t = &s.times;
    let cal = Some(ValueClass::Calendar);
    json!({
        "documents": s.documents,
        "without_creation_time": s.without_creation_time,
        "times": {
            "gold": t.gold(None),
            "gold_calendar": t.gold(cal),
            "extent": counts(&t.extent),
            "calendar_value_accuracy": t.calendar_accuracy(),
            "all_value_accuracy": t.overall_accuracy(),
            "matched_calendar_value_accuracy": t.matched_accuracy(),
        },
        "entities": {
            "exact": counts(&s.entities.exact),
            "exact_typed": counts(&s.entities.exact_typed),
            "overlap": counts(&s.entities.overlap),
            "overlap_typed": counts(&s.entities.overlap_typed),
        },
    })
}

fn neus_json(s: &parallax_eval::neus::NeusScores) -> Value {
    let systems: Vec<Value> = s
        .systems
        .iter()
        .map(|x| {
            json!({
                "name": x.name,
                "rouge1": x.rouge.r1,
                "rouge2": x.rouge.r2,
                "rougeL": x.rouge.rl,
                "words": x.words,
                "loaded_per_1000": x.loaded_per_1000,
            })
        })
        .collect();
    json!({
        "stories": s.stories,
        "target_words": s.target_words,
        "input_loaded_per_1000": s.input_loaded_per_1000,
        "target_loaded_per_1000": s.target_loaded_per_1000,
        "systems": systems,
    })
}

fn system_json(x: &parallax_eval::extraction::SystemScores) -> Value {
    json!({
        "name": x.name,
        "precision": x.precision,
        "recall": x.recall,
        "f1": x.f1,
        "pages": x.pages,
        "empty": x.empty,
    })
}

fn extraction_json(
    n: &parallax_eval::extraction::ExtractionScores,
    r: &parallax_eval::extraction::ReadabilityScores,
) -> Value {
    let field = |a: parallax_eval::extraction::FieldAccuracy| json!({ "accuracy": a.accuracy(), "correct": a.correct, "total": a.total });
    json!({
        "extraction_news": {
            "parallax": system_json(&n.ours),
            "baselines": n.baselines.iter().map(system_json).collect::<Vec<_>>(),
            "failures": n.failures.iter().map(|(id, e)| json!({"id": id, "error": e})).collect::<Vec<_>>(),
        },
        "readability_pages": {
            "text": system_json(&r.text),
            "title": field(r.title),
            "byline": field(r.byline),
            "published": field(r.published),
            "lang": field(r.lang),
        },
    })
}
