//! `parallax eval`: the quality figures on the third-party evaluation sets in `../shared/data`.
//!
//! Each set prints the same table the README quotes, in text (the default), Markdown-friendly
//! text, or JSON (`--format json`: one object per set, keys documented in the README under
//! "Evaluation"). A missing data set is a one-line error, not a panic; with `all`, the sets that
//! are present are still scored and the exit code says that one was missing.
//!
//! `--floors [FILE]` checks every figure printed against the floors kept in the repository
//! (`crates/eval/floors.json`, compiled in) or in FILE, for the same `--limit`: one line per
//! figure (`floor ok|BELOW|ABOVE|MISSING|none: …`), and exit code [`BELOW_FLOOR`] when any
//! figure is past its bound.

use std::path::{Path, PathBuf};

use parallax_eval::floors::{self, Figure};

use clap::{Args, ValueEnum};
use parallax_analyze::bias::Vectors;
use serde_json::{Value, json};

use crate::exit;

/// Exit code of `eval --floors` when a figure is below its floor (above its ceiling) or a
/// floored figure was not printed.
pub const BELOW_FLOOR: u8 = 4;

/// Which evaluation set to score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Set {
    /// MEANTIME (Wikinews, CAT XML): time values against the creation time, entity mentions.
    Meantime,
    /// NeuS / AllSides (val split): synthesis ROUGE beside a lead baseline, loaded-word rates.
    Neus,
    /// extraction-news (116 pages, development set), readability-pages and extraction-snippets
    /// (79 pages): main-text F1, metadata accuracy, snippet P/R/F1.
    Extraction,
    /// BABE SG2 dev: biased vs non-biased sentences by 5-fold cross-validation, biased words.
    Babe,
    /// BASIL basil-dev: real events told by Fox News, The New York Times and HuffPost; conflicts,
    /// agreements and speakers against the editor's gold, loaded words against BASIL's spans.
    Basil,
    /// Story clustering: NeuS headline_11 (all reports mixed), BASIL basil-dev, NeuS
    /// train+val (development): B-cubed P/R/F1 beside a TF-IDF average-linkage baseline.
    Cluster,
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
    /// Default: `../shared/data` beside the repository, found from the current folder or any
    /// folder above it, else from the program's own location.
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// Score only the first N documents (of each MEANTIME corpus) / stories / pages / sentences
    /// (BABE: a stratified N, at least 10) of each set (CI's bounded subset).
    #[arg(long)]
    pub limit: Option<usize>,
    /// Check each figure against its floor for this --limit: the repository's
    /// crates/eval/floors.json (compiled in) or FILE. Exit 4 when one is below.
    #[arg(long, value_name = "FILE", num_args = 0..=1)]
    pub floors: Option<Option<PathBuf>>,
    /// Output format: text or json.
    #[arg(long, short, default_value = "text")]
    pub format: String,
    /// neus only: the split scored: val (the README's figures; the synthesis is checked, not
    /// developed, there) or train (where its rules were developed: a robustness check).
    /// Floors are set for val only.
    #[arg(long, value_enum, default_value = "val")]
    pub split: Split,
    /// extraction only: another extractor's output on the same pages, scored beside Parallax's
    /// (JSON written by scripts/bench-extraction.sh, which runs trafilatura). Repeatable.
    #[arg(long, value_name = "FILE")]
    pub peer: Vec<PathBuf>,
    /// babe only: fit the bias model on the whole file and write it to FILE (no scoring).
    #[arg(long, value_name = "FILE")]
    pub train: Option<PathBuf>,
    /// babe --train only: train with the all-mpnet-base-v2 vectors instead of potion-base-8M
    /// (for `models/bias-quality.json`).
    #[arg(long, requires = "train")]
    pub quality: bool,
}

/// Run `parallax eval`; returns the exit code.
/// A NeuS split.
#[derive(Clone, Copy, PartialEq, Eq, Debug, clap::ValueEnum)]
pub enum Split {
    Val,
    Train,
}

impl Split {
    fn name(self) -> &'static str {
        match self {
            Split::Val => "val",
            Split::Train => "train",
        }
    }
}

pub fn run(args: &EvalArgs) -> u8 {
    let json_out = match args.format.as_str() {
        "json" => true,
        "text" | "md" => false,
        other => {
            eprintln!("error: eval supports --format text or json, not {other:?}");
            return exit::USAGE;
        }
    };
    if args.split != Split::Val && !matches!(args.set, Set::Neus | Set::All) {
        eprintln!("error: --split is for `eval neus` (NeuS's val or train split)");
        return exit::USAGE;
    }
    if args.split != Split::Val && args.floors.is_some() {
        eprintln!("error: floors are set for NeuS's val split; run --split train without --floors");
        return exit::USAGE;
    }
    if !args.peer.is_empty() && !matches!(args.set, Set::Extraction | Set::All) {
        eprintln!(
            "error: --peer is for `eval extraction` (another extractor's output on its pages)"
        );
        return exit::USAGE;
    }
    let mut peers = Vec::new();
    for path in &args.peer {
        match parallax_eval::extraction::read_peer(path) {
            Ok(p) => peers.push(p),
            Err(e) => {
                eprintln!("error: --peer {e}");
                return exit::USAGE;
            }
        }
    }
    if let Some(out) = &args.train {
        return crate::sentences::babe_train(
            args.set == Set::Babe,
            &data_dir(args),
            out,
            args.quality,
        );
    }
    // Read the floors first: a bad file is a usage error before minutes of scoring.
    let floors = match &args.floors {
        None => None,
        Some(file) => {
            let text = match file {
                None => Ok(floors::REPOSITORY_FLOORS.to_string()),
                Some(path) => {
                    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
                }
            };
            match text.and_then(|t| {
                floors::parse(&t, args.limit).map_err(|e| match file {
                    Some(path) => format!("{}: {e}", path.display()),
                    None => e.to_string(),
                })
            }) {
                Ok(f) => Some(f),
                Err(e) => {
                    eprintln!("error: {e}");
                    return exit::USAGE;
                }
            }
        }
    };
    let sets: &[Set] = match args.set {
        Set::All => &[
            Set::Meantime,
            Set::Neus,
            Set::Extraction,
            Set::Babe,
            Set::Basil,
            Set::Cluster,
        ],
        Set::Basil => &[Set::Basil],
        Set::Cluster => &[Set::Cluster],
        Set::Babe => &[Set::Babe],
        Set::Meantime => &[Set::Meantime],
        Set::Neus => &[Set::Neus],
        Set::Extraction => &[Set::Extraction],
    };
    let data = data_dir(args);
    let mut results = serde_json::Map::new();
    let mut failed = 0usize;
    let mut figures: Vec<Figure> = Vec::new();
    for set in sets {
        match score(*set, &data, args.limit, args.split, &peers) {
            Ok((name, text, value, figs)) => {
                if json_out {
                    results.insert(name.into(), value);
                } else {
                    println!("{text}");
                }
                figures.extend(figs);
            }
            Err(e) => {
                eprintln!("error: {e}");
                failed += 1;
            }
        }
    }
    let mut below = false;
    if let Some(floors) = &floors {
        let verdicts = floors::check(&figures, floors);
        below = verdicts.iter().any(floors::Verdict::fails);
        let count = |st: floors::Status| verdicts.iter().filter(|v| v.status == st).count();
        let summary = format!(
            "floors (--limit {}): {} ok, {} failed, {} without a floor",
            args.limit
                .map_or("none: full sets".to_string(), |n| n.to_string()),
            count(floors::Status::Ok),
            verdicts.iter().filter(|v| v.fails()).count(),
            count(floors::Status::NoFloor)
        );
        // Text: the lines follow the tables. JSON: standard output stays one JSON document, so
        // the lines go to stderr and the verdicts into its "floors" key.
        for v in &verdicts {
            if json_out {
                eprintln!("{v}");
            } else {
                println!("{v}");
            }
        }
        if json_out {
            eprintln!("{summary}");
            results.insert("floors".into(), floors_json(&verdicts));
        } else {
            println!("{summary}");
        }
    }
    if json_out {
        crate::print_json(&Value::Object(results));
    }
    if failed == sets.len() {
        exit::NO_INPUT
    } else if below {
        BELOW_FLOOR
    } else if failed == 0 {
        exit::OK
    } else if failed < sets.len() {
        exit::PARTIAL
    } else {
        exit::NO_INPUT
    }
}

/// What scoring one set gives: (key, human text, JSON value, figures).
type Scored = (&'static str, String, Value, Vec<Figure>);

/// Score one set.
fn score(
    set: Set,
    data: &Path,
    limit: Option<usize>,
    split: Split,
    peers: &[parallax_eval::extraction::PeerOutput],
) -> Result<Scored, String> {
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
            let run = parallax_eval::meantime_run(&dir, limit).map_err(|e| e.to_string())?;
            let mut value = meantime_json(&run.overall);
            if let Value::Object(m) = &mut value {
                m.insert(
                    "held_out_corpus".into(),
                    parallax_eval::HELD_OUT_CORPUS.into(),
                );
                m.insert(
                    "corpora".into(),
                    run.corpora
                        .iter()
                        .map(|(name, s)| (name.clone(), meantime_json(s)))
                        .collect::<serde_json::Map<_, _>>()
                        .into(),
                );
            }
            Ok(("meantime", run.to_string(), value, run.figures()))
        }
        Set::Neus => {
            let dir = need("neus-allsides")?;
            let embedder = alignment_embedder("NeuS");
            let vectors = embedder.as_ref().map(|e| e as &dyn Vectors);
            // The independent loaded-word count: the trained model's lexical word model.
            let model = crate::sentences::read_bias_model(
                parallax_embed::models_dir().as_deref(),
                parallax_embed::BIAS_MODEL_FILE,
            );
            if model.is_none() {
                eprintln!(
                    "note: no trained bias model (models/bias.json; run scripts/setup.sh): the independent loaded-word count is unavailable"
                );
            }
            let word_model = model.as_ref().map(|m| &m.lexical);
            let s = parallax_eval::neus::neus(&dir, split.name(), limit, vectors, word_model)
                .map_err(|e| e.to_string())?;
            Ok(("neus", s.to_string(), neus_json(&s), s.figures()))
        }
        Set::Extraction => {
            let news = need("extraction-news")?;
            let pages = need("readability-pages")?;
            let snip = need("extraction-snippets")?;
            let n = parallax_eval::extraction::extraction_news(&news, limit, peers)
                .map_err(|e| e.to_string())?;
            let r = parallax_eval::extraction::readability_pages(&pages, limit)
                .map_err(|e| e.to_string())?;
            let sn = parallax_eval::extraction::snippets(&snip, limit, peers)
                .map_err(|e| e.to_string())?;
            let text = format!(
                "{n}  (development figure: the extraction rules were tuned on these pages)\n{r}\n{sn}"
            );
            let figures = parallax_eval::extraction::figures(&n, &r, &sn.ours);
            Ok(("extraction", text, extraction_json(&n, &r, &sn), figures))
        }
        Set::Babe => {
            let (text, value, figures) = crate::sentences::babe_eval(&need("babe-mbic")?, limit)?;
            Ok(("babe", text, value, figures))
        }
        Set::Basil => {
            let dir = need("basil-dev")?;
            let embedder = alignment_embedder("BASIL");
            let vectors = embedder.as_ref().map(|e| e as &dyn Vectors);
            let s = parallax_eval::basil::basil(&dir, limit, vectors).map_err(|e| e.to_string())?;
            Ok(("basil", s.to_string(), basil_json(&s), s.figures()))
        }
        Set::Cluster => {
            let s = parallax_eval::stories::cluster(data, limit)?;
            Ok(("cluster", s.to_string(), cluster_json(&s), s.figures()))
        }
        Set::All => Err("internal: `all` is expanded before scoring".into()),
    }
}

/// The sentence vectors `compare` aligns claims with, or a note that `set` is scored without.
fn alignment_embedder(set: &str) -> Option<parallax_embed::Embedder> {
    parallax_embed::Embedder::for_alignment()
        .inspect_err(|why| eprintln!("note: {why}; {set} scored without embeddings in alignment"))
        .ok()
}

fn basil_json(s: &parallax_eval::basil::BasilScores) -> Value {
    let g = &s.gold;
    json!({
        "alignment": s.alignment,
        "events": s.events.iter().map(|e| json!({
            "event": e.uuid,
            "gold": e.gold,
            "conflicts": e.conflicts,
            "reconciled": e.reconciled,
            "agreed": e.agreed,
            "only_in": e.only_in,
            "quotes": e.quotes,
            "quotes_with_speaker": e.quotes_attributed,
        })).collect::<Vec<_>>(),
        "gold": {
            "conflict_precision": s.conflict_precision(),
            "conflict_recall": s.conflict_recall(),
            "agreement_precision": s.agreement_precision(),
            "agreement_recall": s.agreement_recall(),
            "speaker_accuracy": s.speaker_accuracy(),
            "counts": {
                "c_rep": g.c_rep, "c_true": g.c_true, "d_gold": g.d_gold, "d_found": g.d_found,
                "a_rep": g.a_rep, "a_true": g.a_true, "f_gold": g.f_gold, "f_found": g.f_found,
                "q_gold": g.q_gold, "q_found": g.q_found, "q_right": g.q_right,
            },
        },
        "basil_speakers": {
            "spans": s.basil_speakers.0,
            "under_a_quote": s.basil_speakers.1,
            "right": s.basil_speakers.2,
            "accuracy": s.basil_speaker_accuracy(),
        },
        "loaded_words": {
            "precision": s.loaded.precision(),
            "recall": s.loaded.recall(),
            "f1": s.loaded.f1(),
            "hit": s.loaded.gold_found,
            "predicted": s.loaded.pred,
            "gold": s.loaded.gold,
        },
        "unlocated_spans": s.unlocated,
    })
}

fn cluster_json(s: &parallax_eval::stories::ClusterScores) -> Value {
    let b = |x: &parallax_eval::stories::BCubed| json!({"precision": x.precision, "recall": x.recall, "f1": x.f1});
    s.sets
        .iter()
        .map(|x| {
            (
                x.key.to_string(),
                json!({
                    "name": x.name,
                    "development": x.development,
                    "articles": x.articles,
                    "stories": x.stories,
                    "found": x.found,
                    "parallax": b(&x.parallax),
                    "pair_days": {
                        "gold_same_day": x.days.gold_same_day,
                        "gold_across_days": x.days.gold_across_days,
                        "gold_longest_days": x.days.gold_longest_days,
                        "mixed_same_day": x.days.mixed_same_day,
                        "mixed_across_days": x.days.mixed_across_days,
                    },
                    "baseline": b(&x.baseline),
                    "baseline_threshold": x.baseline_threshold,
                }),
            )
        })
        .collect::<serde_json::Map<_, _>>()
        .into()
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
                "key": x.key,
                "rouge1": x.rouge.r1,
                "rouge2": x.rouge.r2,
                "rougeL": x.rouge.rl,
                "words": x.words,
                "loaded_per_1000": x.loaded_per_1000,
                "loaded_model_per_1000": x.loaded_model_per_1000,
            })
        })
        .collect();
    json!({
        "split": s.split,
        "stories": s.stories,
        "target_words": s.target_words,
        "input_loaded_per_1000": s.input_loaded_per_1000,
        "target_loaded_per_1000": s.target_loaded_per_1000,
        "input_loaded_model_per_1000": s.input_model_per_1000,
        "target_loaded_model_per_1000": s.target_model_per_1000,
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
    sn: &parallax_eval::extraction::SnippetRun,
) -> Value {
    let field = |a: parallax_eval::extraction::FieldAccuracy| json!({ "accuracy": a.accuracy(), "correct": a.correct, "total": a.total });
    let snippet = |s: &parallax_eval::extraction::SnippetScores| {
        json!({
            "name": s.name,
            "pages": s.pages,
            "empty": s.empty,
            "precision": s.precision(),
            "recall": s.recall(),
            "f1": s.f1(),
            "accuracy": s.accuracy(),
            "counts": {"tp": s.tp, "fp": s.fp, "fn": s.fn_, "tn": s.tn},
            "title": field(s.title),
            "author": field(s.author),
            "date": field(s.date),
        })
    };
    let mut snippets = snippet(&sn.ours);
    snippets["failures"] = sn
        .ours
        .failures
        .iter()
        .map(|(id, e)| json!({"id": id, "error": e}))
        .collect();
    snippets["peers"] = sn.peers.iter().map(snippet).collect();
    json!({
        "extraction_news": {
            "parallax": system_json(&n.ours),
            "baselines": n.baselines.iter().map(system_json).collect::<Vec<_>>(),
            "peers": n.peers.iter().map(system_json).collect::<Vec<_>>(),
            "failures": n.failures.iter().map(|(id, e)| json!({"id": id, "error": e})).collect::<Vec<_>>(),
        },
        "readability_pages": {
            "text": system_json(&r.text),
            "title": field(r.title),
            "byline": field(r.byline),
            "published": field(r.published),
            "lang": field(r.lang),
        },
        "snippets": snippets,
    })
}

fn floors_json(verdicts: &[floors::Verdict]) -> Value {
    verdicts
        .iter()
        .map(|v| {
            let (kind, bound) = match v.bound {
                Some(floors::Bound::Min(x)) => (Some("min"), Some(x)),
                Some(floors::Bound::Max(x)) => (Some("max"), Some(x)),
                None => (None, None),
            };
            json!({
                "name": v.name,
                "value": v.value,
                "bound": kind,
                "floor": bound,
                "status": match v.status {
                    floors::Status::Ok => "ok",
                    floors::Status::Failed => "failed",
                    floors::Status::NoFloor => "no_floor",
                    floors::Status::Missing => "missing",
                    floors::Status::WrongDirection => "wrong_direction",
                },
            })
        })
        .collect::<Vec<_>>()
        .into()
}

/// Where the data sets are: `--data`, else the first `shared/data` beside the current folder or
/// one above it (`../shared/data` from the repository, `../../shared/data` from a crate), else
/// beside the program's folders (a built binary run from anywhere), else `../shared/data` as
/// given (whose absence each set reports by name).
pub(crate) fn data_dir(args: &EvalArgs) -> PathBuf {
    if let Some(d) = &args.data {
        return d.clone();
    }
    let mut starts: Vec<PathBuf> = Vec::new();
    if let Ok(cwd) = std::env::current_dir() {
        starts.push(cwd);
    }
    if let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().map(Path::to_path_buf))
    {
        starts.push(dir);
    }
    for start in starts {
        for dir in start.ancestors() {
            let candidate = dir.join("../shared/data");
            if candidate.is_dir() {
                return candidate;
            }
        }
    }
    PathBuf::from("../shared/data")
}
