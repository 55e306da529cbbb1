//! `parallax analyze --sentences FILE --format jsonl`: score a file of sentences, one per line,
//! so any labelled sentence set can be scored from outside.
//!
//! Each input line gives one JSON object on standard output, in input order (empty lines too):
//! `{"line", "text", "biased", "score", "threshold", "method", "embedder", "kind", "loaded",
//! "biased_words"}`. `loaded` holds the lexicon's terms (`start`/`end` are UTF-8 byte offsets
//! into `text`), `biased_words` the words the word model scores as biased, `kind` the sentence
//! type (reported, opinion, quote, speculation; the most marked one when a line holds several
//! sentences). The score comes from `models/bias.json` when `scripts/setup.sh` has trained it,
//! with the potion-base-8M embeddings when they are there; otherwise from the lexicon-only rule,
//! and `method` says so.
//!
//! The glue of `parallax eval babe` (cross-validation table, `--train`) lives here too.

use parallax_analyze::bias::{self, Assessment, BiasModel, Method, Vectors};
use parallax_core::{Article, SentenceKind};
use std::path::Path;

use serde_json::{Value, json};

use crate::{InputFlags, exit};

/// What scores the sentences: a trained model (with its vectors) or the lexicon-only rule.
pub struct Scorer {
    model: Option<BiasModel>,
    vectors: Option<Box<dyn Vectors>>,
}

/// Read a bias model from `models/`; `None` (with a warning when it is unreadable) otherwise.
pub(crate) fn read_bias_model(dir: Option<&Path>, file: &str) -> Option<BiasModel> {
    let path = dir?.join(file);
    match parallax_embed::read_model_text(&path) {
        Ok(Some(json)) => match BiasModel::from_json(&json) {
            Ok(m) => Some(m),
            Err(e) => {
                eprintln!("warning: {}: not a bias model ({e})", path.display());
                None
            }
        },
        Ok(None) => None,
        Err(e) => {
            eprintln!("warning: {e}");
            None
        }
    }
}

impl Scorer {
    /// Load `models/bias.json` and the potion embedder, or with `quality`
    /// `models/bias-quality.json` and all-mpnet-base-v2; print one note on stderr for what is
    /// missing (a missing quality model falls back to the default one).
    pub fn load(quality: bool) -> Scorer {
        let dir = parallax_embed::models_dir();
        if quality {
            let model = read_bias_model(dir.as_deref(), parallax_embed::QUALITY_BIAS_MODEL_FILE);
            match (model, parallax_embed::Mpnet::from_models(dir.as_deref())) {
                (Some(m), Ok(enc)) => {
                    return Scorer {
                        model: Some(m),
                        vectors: Some(Box::new(enc)),
                    };
                }
                (None, _) => eprintln!(
                    "note: no models/{} (PARALLAX_QUALITY=1 scripts/setup.sh trains it); using the default model",
                    parallax_embed::QUALITY_BIAS_MODEL_FILE
                ),
                (Some(_), Err(why)) => {
                    eprintln!("note: {why}; using the default model")
                }
            }
        }
        let model = read_bias_model(dir.as_deref(), parallax_embed::BIAS_MODEL_FILE);
        if model.is_none() {
            eprintln!(
                "note: no trained bias model (models/bias.json; run scripts/setup.sh): scoring with the lexicon-only rule"
            );
        }
        // The embedder is only worth loading for a model trained with it.
        let vectors: Option<Box<dyn Vectors>> = match &model {
            Some(m) if m.embedded.is_some() => {
                let (e, why) = parallax_embed::Embedder::from_models(dir.as_deref());
                if let Some(w) = why {
                    eprintln!("note: {w}; the bias model runs on lexical features");
                }
                (!e.is_fallback()).then(|| Box::new(e) as Box<dyn Vectors>)
            }
            _ => None,
        };
        Scorer { model, vectors }
    }

    /// Score one sentence.
    pub fn assess(&self, text: &str) -> Assessment {
        let vectors = self.vectors.as_deref();
        match &self.model {
            Some(m) => m.assess(text, vectors),
            None => bias::assess_lexicon(text),
        }
    }
}

fn kind_name(k: SentenceKind) -> &'static str {
    match k {
        SentenceKind::Reported => "reported",
        SentenceKind::Opinion => "opinion",
        SentenceKind::Quote => "quote",
        SentenceKind::Speculation => "speculation",
        SentenceKind::Heading => "heading",
    }
}

/// The JSON object of one line.
pub fn line_json(line: usize, text: &str, scorer: &Scorer) -> Value {
    let a = scorer.assess(text);
    let an = parallax_analyze::analyze(&Article::from_text("s", text));
    let rank = |k: SentenceKind| match k {
        SentenceKind::Opinion => 4,
        SentenceKind::Speculation => 3,
        SentenceKind::Quote => 2,
        SentenceKind::Reported => 1,
        SentenceKind::Heading => 0,
    };
    let kind = an.sentences.iter().map(|s| s.kind).max_by_key(|k| rank(*k));
    let loaded: Vec<Value> = an
        .loaded
        .iter()
        .map(|l| {
            json!({
                "start": l.span.start,
                "end": l.span.end,
                "term": l.term,
                "category": l.category,
                "quoted": l.quoted,
                "neutral": l.neutral,
            })
        })
        .collect();
    let words: Vec<Value> = a
        .words
        .iter()
        .map(|w| json!({"start": w.span.start, "end": w.span.end, "word": w.word, "score": round(w.score)}))
        .collect();
    let (method, embedder) = match &a.method {
        Method::Model { embedder } => ("model", embedder.clone()),
        Method::Lexicon => ("lexicon", None),
    };
    json!({
        "line": line,
        "text": text,
        "biased": a.biased,
        "score": round(a.score),
        "threshold": round(a.threshold),
        "method": method,
        "embedder": embedder,
        "kind": kind.map(kind_name),
        "loaded": loaded,
        "biased_words": words,
    })
}

fn round(x: f32) -> f64 {
    (f64::from(x) * 10_000.0).round() / 10_000.0
}

/// Run the command; returns the exit code.
pub fn run(file: &str, flags: &InputFlags, format: &str, quality: bool) -> u8 {
    if format != "jsonl" && format != "json" {
        eprintln!("error: analyze --sentences supports --format jsonl");
        return exit::USAGE;
    }
    let opts = parallax_ingest::FetchOptions {
        allow_private: flags.allow_private,
        max_bytes: flags.max_bytes,
        ..Default::default()
    };
    let raw = match parallax_ingest::read_input(file, &opts) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {file}: {e}");
            return exit::NO_INPUT;
        }
    };
    let text = String::from_utf8_lossy(&raw.bytes);
    let scorer = Scorer::load(quality);
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let v = line_json(i + 1, line, &scorer);
        out.push_str(
            &serde_json::to_string(&v).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}")),
        );
        out.push('\n');
    }
    match crate::write_out(None, &out) {
        Ok(()) => exit::OK,
        Err(e) => {
            eprintln!("error: {e}");
            exit::NO_INPUT
        }
    }
}

/// `parallax eval babe`: BABE cross-validated (text table, JSON, figures), with the
/// potion-base-8M row when its weights are in `models/` and the MPNet row when it is there.
pub fn babe_eval(
    dir: &Path,
    limit: Option<usize>,
) -> Result<(String, Value, Vec<parallax_eval::floors::Figure>), String> {
    let models = parallax_embed::models_dir();
    let (embedder, why) = parallax_embed::Embedder::from_models(models.as_deref());
    if let Some(w) = why {
        eprintln!("note: {w}; the embedded row is left out");
    }
    let quality = parallax_embed::Mpnet::from_models(models.as_deref())
        .inspect_err(|why| eprintln!("note: {why}; the MPNet row is left out"))
        .ok();
    let mut vectors: Vec<&dyn Vectors> = Vec::new();
    if !embedder.is_fallback() {
        vectors.push(&embedder);
    }
    if let Some(m) = &quality {
        vectors.push(m);
    }
    let s = parallax_eval::babe::babe(dir, limit, &vectors).map_err(|e| e.to_string())?;
    Ok((s.to_string(), babe_json(&s), s.figures()))
}

fn babe_json(s: &parallax_eval::babe::BabeScores) -> Value {
    let systems: Vec<Value> = s
        .systems
        .iter()
        .map(|r| {
            json!({
                "name": r.name,
                "key": r.key,
                "macro_f1": r.macro_f1(),
                "fold_macro_f1": r.fold_macro_f1,
                "biased_f1": r.biased_f1(),
                "accuracy": r.accuracy(),
                "biased_words": r.words.map(|w| json!({
                    "precision": w.precision(),
                    "recall": w.recall(),
                    "f1": w.f1(),
                })),
                "train_seconds_per_fold": r.train_seconds,
                "score_microseconds_per_sentence": r.score_micros,
            })
        })
        .collect();
    json!({
        "sentences": s.sentences,
        "biased": s.biased,
        "no_agreement_left_out": s.no_agreement,
        "folds": s.folds,
        "seed": parallax_eval::babe::SEED,
        "embedder": s.embedders.first(),
        "embedders": s.embedders,
        "systems": systems,
    })
}

/// `parallax eval babe --train FILE`: fit the bias model on all of BABE SG2 dev (with the
/// embeddings when present) and write it as JSON to `out` (setup writes `models/bias.json`).
pub fn babe_train(is_babe: bool, data: &Path, out: &Path, quality: bool) -> u8 {
    if !is_babe {
        eprintln!("error: --train applies to `eval babe` only");
        return exit::USAGE;
    }
    let dir = data.join("babe-mbic");
    let models = parallax_embed::models_dir();
    let vectors: Option<Box<dyn Vectors>> = if quality {
        match parallax_embed::Mpnet::from_models(models.as_deref()) {
            Ok(m) => Some(Box::new(m)),
            Err(why) => {
                eprintln!("error: {why}");
                return exit::NO_INPUT;
            }
        }
    } else {
        let (embedder, why) = parallax_embed::Embedder::from_models(models.as_deref());
        if let Some(w) = why {
            eprintln!("note: {w}; training the lexical pipeline only");
        }
        (!embedder.is_fallback()).then(|| Box::new(embedder) as Box<dyn Vectors>)
    };
    let model = match parallax_eval::babe::train(&dir, vectors.as_deref()) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("error: {e}");
            return exit::NO_INPUT;
        }
    };
    let written = model
        .to_json()
        .map_err(|e| e.to_string())
        .and_then(|j| crate::write_out(Some(out), &j).map_err(|e| e.to_string()));
    match written {
        Ok(()) => {
            eprintln!(
                "wrote {} ({} sentences; embedder: {})",
                out.display(),
                model.examples,
                model
                    .embedded
                    .as_ref()
                    .and_then(|p| p.embedder.as_deref())
                    .unwrap_or("none")
            );
            exit::OK
        }
        Err(e) => {
            eprintln!("error: {}: {e}", out.display());
            exit::NO_INPUT
        }
    }
}
