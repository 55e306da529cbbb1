//! BABE (SG2 dev): sentence-level media bias, scored by stratified 5-fold cross-validation.
//!
//! Each fold trains every system on four fifths of `babe_sg2_dev.csv` and scores the fifth:
//! a majority-class baseline, a TF-IDF logistic regression (unigrams and bigrams, the usual
//! baseline, written here with the same [`Logistic`]), the lexicon-only rule
//! ([`bias::assess_lexicon`]), and Parallax's [`bias::Pipeline`] with lexical features only and
//! with embeddings (when vectors are given). Parallax's L2 strength and thresholds are chosen by
//! an inner cross-validation inside each training part; the test fold is never looked at.
//!
//! The TF-IDF baseline is tuned as fairly as Parallax's sentence model: balanced class weights,
//! and its L2 strength (from the same candidates, [`TrainOptions::sentence_l2`]) and decision
//! threshold (the same grid, maximising macro-F1) chosen by the same stratified inner
//! cross-validation ([`TrainOptions::inner_folds`]) inside each training part, with its
//! vocabulary and IDF refitted on each inner training part.
//!
//! Figures: macro-F1 of biased vs non-biased (mean over folds, and min–max), the biased class's
//! F1, and biased-word precision/recall/F1: per sentence, the set of lower-case words a system
//! marks against the set of words in `biased_words`, summed over all test sentences.
//!
//! Rows labelled "No agreement" have no gold class and are left out (counted in the output).
//! The data (AGPL-3.0) is read where it lies; nothing from it is written except, by
//! [`train`], a model the caller stores in the gitignored `models/` directory.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Instant;

use parallax_analyze::bias::{
    self, BiasModel, CachedVectors, Example, FitOptions, Logistic, Pipeline, TrainOptions, Vectors,
    macro_f1_of,
};
use parallax_analyze::tokens::{Token, tokenize};

use crate::score::ratio;

/// The file scored, under the `babe-mbic/` data directory.
pub const FILE: &str = "babe_sg2_dev.csv";
/// Folds of the cross-validation.
pub const FOLDS: usize = 5;
/// Seed of the fold shuffle.
pub const SEED: u64 = 20_240_601;

/// Why BABE could not be scored.
#[derive(Debug, thiserror::Error)]
pub enum BabeError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// The file is not the expected CSV.
    #[error("{0}")]
    Format(String),
}

/// The labelled sentences of the file, and how many rows had no agreed label.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Data {
    /// Sentences with a label.
    pub examples: Vec<Example>,
    /// Rows labelled "No agreement" (left out).
    pub no_agreement: usize,
}

/// Split `;`-separated CSV with `"` quoting (doubled inside a field) into records.
fn csv_records(src: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = src.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted = true,
            ';' => record.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            _ => field.push(c),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

/// The words of a `biased_words` cell written as a list literal: `['a', "b's"]`.
fn list_words(cell: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = cell.trim().chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\'' && c != '"' {
            continue;
        }
        let mut w = String::new();
        while let Some(d) = chars.next() {
            if d == '\\' {
                if let Some(e) = chars.next() {
                    w.push(e);
                }
                continue;
            }
            // A closing quote is followed by a separator or the end of the list.
            let closes = d == c && {
                let mut look = chars.clone();
                loop {
                    match look.next() {
                        Some(' ') => continue,
                        Some(',') | Some(']') | None => break true,
                        Some(_) => break false,
                    }
                }
            };
            if closes {
                break;
            }
            w.push(d);
        }
        if !w.trim().is_empty() {
            out.push(w.trim().to_string());
        }
    }
    out
}

/// Parse the SG2 CSV text.
pub fn parse(src: &str) -> Result<Data, BabeError> {
    let records = csv_records(src.trim_start_matches('\u{feff}'));
    let header = records
        .first()
        .ok_or_else(|| BabeError::Format("empty file".into()))?;
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h.trim() == name)
            .ok_or_else(|| BabeError::Format(format!("no `{name}` column in the header")))
    };
    let (text, label, words) = (col("text")?, col("label_bias")?, col("biased_words")?);
    let mut data = Data::default();
    for r in records.iter().skip(1) {
        let (Some(t), Some(l)) = (r.get(text), r.get(label)) else {
            continue;
        };
        let biased = match l.trim() {
            "Biased" => true,
            "Non-biased" => false,
            _ => {
                data.no_agreement += 1;
                continue;
            }
        };
        data.examples.push(Example {
            text: t.trim().to_string(),
            biased,
            words: r.get(words).map(|w| list_words(w)).unwrap_or_default(),
        });
    }
    if data.examples.is_empty() {
        return Err(BabeError::Format("no labelled rows".into()));
    }
    Ok(data)
}

/// Read `dir/babe_sg2_dev.csv` (`dir` is the `babe-mbic` directory).
pub fn read(dir: &Path) -> Result<Data, BabeError> {
    let path = dir.join(FILE);
    let src = std::fs::read_to_string(&path).map_err(|source| BabeError::Io {
        path: path.clone(),
        source,
    })?;
    parse(&src)
}

/// An evenly spread subset of `n` examples (all when `n` is at least their number).
pub fn subset(examples: &[Example], n: Option<usize>) -> Vec<Example> {
    let Some(n) = n.filter(|&n| n < examples.len()) else {
        return examples.to_vec();
    };
    // Stratified: each class keeps its share (at least FOLDS sentences, so every fold holds
    // one of each), spread evenly through the file; the picks keep the file's order.
    let n = n.max(2 * FOLDS);
    let biased: Vec<usize> = (0..examples.len())
        .filter(|&i| examples[i].biased)
        .collect();
    let plain: Vec<usize> = (0..examples.len())
        .filter(|&i| !examples[i].biased)
        .collect();
    let want_biased = ((n * biased.len()) as f64 / examples.len() as f64).round() as usize;
    let want_biased = want_biased.clamp(FOLDS.min(biased.len()), biased.len());
    let want_plain = (n.saturating_sub(want_biased)).clamp(FOLDS.min(plain.len()), plain.len());
    let spread = |idx: &[usize], k: usize| -> Vec<usize> {
        (0..k).map(|i| idx[i * idx.len() / k]).collect()
    };
    let mut picked = spread(&biased, want_biased);
    picked.extend(spread(&plain, want_plain));
    picked.sort_unstable();
    picked.into_iter().map(|i| examples[i].clone()).collect()
}

fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Stratified folds with a fixed seed: each class is shuffled, then dealt round-robin.
pub fn folds(labels: &[bool], k: usize, seed: u64) -> Vec<usize> {
    let mut state = seed;
    let mut out = vec![0; labels.len()];
    for class in [true, false] {
        let mut idx: Vec<usize> = (0..labels.len()).filter(|&i| labels[i] == class).collect();
        for i in (1..idx.len()).rev() {
            let j = (splitmix(&mut state) % (i as u64 + 1)) as usize;
            idx.swap(i, j);
        }
        for (pos, i) in idx.into_iter().enumerate() {
            out[i] = pos % k;
        }
    }
    out
}

/// Biased-word counts: predicted and gold word sets per sentence, summed.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct WordCounts {
    /// Words in both.
    pub tp: usize,
    /// Predicted, not gold.
    pub fp: usize,
    /// Gold, not predicted.
    pub fn_: usize,
}

impl WordCounts {
    /// Precision.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    /// Recall.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    /// F1.
    pub fn f1(&self) -> f64 {
        ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_)
    }
    fn add(&mut self, predicted: &HashSet<String>, gold: &HashSet<String>) {
        let tp = predicted.intersection(gold).count();
        self.tp += tp;
        self.fp += predicted.len() - tp;
        self.fn_ += gold.len() - tp;
    }
}

fn lower_words(words: impl IntoIterator<Item = String>) -> HashSet<String> {
    words
        .into_iter()
        .flat_map(|w| tokenize(&w).iter().map(Token::lower).collect::<Vec<_>>())
        .collect()
}

/// One system's row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SystemRow {
    /// Name.
    pub name: String,
    /// Short key in figure names: `majority`, `tfidf`, `lexicon`, `lexical`, or the embedder's
    /// name as a slug (`potion-base-8m`).
    pub key: String,
    /// Macro-F1 of each fold.
    pub fold_macro_f1: Vec<f64>,
    /// Confusion counts over all test folds: `[tp, fp, fn, tn]` with biased as positive.
    pub confusion: [usize; 4],
    /// Biased-word counts, for systems that mark words.
    pub words: Option<WordCounts>,
    /// Training time, seconds per fold.
    pub train_seconds: f64,
    /// Scoring time per sentence in microseconds (embedding included).
    pub score_micros: f64,
}

impl SystemRow {
    /// Mean macro-F1 over folds.
    pub fn macro_f1(&self) -> f64 {
        mean(&self.fold_macro_f1)
    }
    /// F1 of the biased class over all test folds.
    pub fn biased_f1(&self) -> f64 {
        bias::f1_of(self.confusion)
    }
    /// Accuracy over all test folds.
    pub fn accuracy(&self) -> f64 {
        let c = self.confusion;
        ratio(c[0] + c[3], c.iter().sum())
    }
}

fn mean(v: &[f64]) -> f64 {
    if v.is_empty() {
        0.0
    } else {
        v.iter().sum::<f64>() / v.len() as f64
    }
}

/// What the inner cross-validation chose in each fold for a Parallax pipeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// System name.
    pub system: String,
    /// Fold.
    pub fold: usize,
    /// Sentence-model L2.
    pub l2: f64,
    /// Sentence threshold.
    pub threshold: f32,
    /// Word threshold (NaN for a system without a word model: TF-IDF).
    pub word_threshold: f32,
}

/// The BABE table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BabeScores {
    /// Labelled sentences scored.
    pub sentences: usize,
    /// Of which biased.
    pub biased: usize,
    /// Rows left out as "No agreement".
    pub no_agreement: usize,
    /// Labelled sentences in the whole set (more than `sentences` under `--limit`).
    pub of: usize,
    /// Folds.
    pub folds: usize,
    /// The embedders of the embedded rows, in row order (empty when no vectors were given).
    pub embedders: Vec<String>,
    /// One row per system.
    pub systems: Vec<SystemRow>,
    /// Per-fold choices of the inner cross-validation.
    pub choices: Vec<Choice>,
}

/// Sentence-level TF-IDF (unigrams and bigrams of lower-case tokens, smoothed IDF, L2-normalised)
/// and a class-balanced logistic regression; [`TfIdf::train_tuned`] chooses its L2 strength and
/// threshold inside the training part.
struct TfIdf {
    vocab: HashMap<String, u32>,
    idf: Vec<f32>,
    model: Logistic,
    l2: f64,
    threshold: f32,
}

fn grams(text: &str) -> Vec<String> {
    let toks: Vec<String> = tokenize(text).iter().map(Token::lower).collect();
    let mut out: Vec<String> = toks.clone();
    out.extend(toks.windows(2).map(|w| format!("{} {}", w[0], w[1])));
    out
}

impl TfIdf {
    /// Choose the L2 strength and the threshold by an inner cross-validation on `examples`
    /// (vocabulary and IDF refitted on each inner training part), then fit on all of them.
    fn train_tuned(examples: &[&Example], opts: &TrainOptions) -> TfIdf {
        let labels: Vec<bool> = examples.iter().map(|e| e.biased).collect();
        let k = opts.inner_folds.max(2);
        let fold = bias::inner_folds(&labels, k);
        let l2s: &[f64] = if opts.sentence_l2.is_empty() {
            &[1e-3]
        } else {
            &opts.sentence_l2
        };
        let mut probs = vec![vec![0.0f32; examples.len()]; l2s.len()];
        for f in 0..k {
            let inner: Vec<&Example> = examples
                .iter()
                .zip(&fold)
                .filter(|(_, g)| **g != f)
                .map(|(e, _)| *e)
                .collect();
            let mut t = TfIdf::vocabulary(&inner);
            let xs: Vec<bias::Features> = inner.iter().map(|e| t.features(&e.text)).collect();
            let ys: Vec<bool> = inner.iter().map(|e| e.biased).collect();
            let held: Vec<(usize, bias::Features)> = (0..examples.len())
                .filter(|&i| fold[i] == f)
                .map(|i| (i, t.features(&examples[i].text)))
                .collect();
            for (li, &l2) in l2s.iter().enumerate() {
                t.fit(&xs, &ys, l2, opts.max_iter);
                for (i, x) in &held {
                    probs[li][*i] = t.model.probability(x);
                }
            }
        }
        let mut best = (l2s[0], 0.5f32, f64::MIN);
        for (li, &l2) in l2s.iter().enumerate() {
            let (t, s) = bias::best_threshold(&probs[li], &labels, macro_f1_of);
            if s > best.2 + 1e-9 {
                best = (l2, t, s);
            }
        }
        let mut t = TfIdf::vocabulary(examples);
        let xs: Vec<bias::Features> = examples.iter().map(|e| t.features(&e.text)).collect();
        t.fit(&xs, &labels, best.0, opts.max_iter);
        t.threshold = best.1;
        t
    }

    fn fit(&mut self, xs: &[bias::Features], ys: &[bool], l2: f64, max_iter: usize) {
        let opts = FitOptions {
            l2,
            max_iter,
            balanced: true,
        };
        self.model = Logistic::fit(xs, ys, self.idf.len(), &opts);
        self.l2 = l2;
    }

    /// Vocabulary and smoothed IDF of `examples` (no model yet).
    fn vocabulary(examples: &[&Example]) -> TfIdf {
        let mut vocab: HashMap<String, u32> = HashMap::new();
        let mut df: Vec<usize> = Vec::new();
        let docs: Vec<Vec<String>> = examples.iter().map(|e| grams(&e.text)).collect();
        for d in &docs {
            let mut seen: Vec<u32> = Vec::new();
            for g in d {
                let next = vocab.len() as u32;
                let id = *vocab.entry(g.clone()).or_insert(next);
                if id as usize == df.len() {
                    df.push(0);
                }
                seen.push(id);
            }
            seen.sort_unstable();
            seen.dedup();
            for id in seen {
                df[id as usize] += 1;
            }
        }
        let n = docs.len() as f32;
        let idf: Vec<f32> = df
            .iter()
            .map(|&d| ((1.0 + n) / (1.0 + d as f32)).ln() + 1.0)
            .collect();
        TfIdf {
            vocab,
            idf,
            model: Logistic::fit(&[], &[], 0, &FitOptions::default()),
            l2: 0.0,
            threshold: 0.5,
        }
    }

    fn features(&self, text: &str) -> bias::Features {
        let mut tf: HashMap<u32, f32> = HashMap::new();
        for g in grams(text) {
            if let Some(&id) = self.vocab.get(&g) {
                *tf.entry(id).or_default() += 1.0;
            }
        }
        let mut x: bias::Features = tf
            .into_iter()
            .map(|(id, c)| (id, c * self.idf[id as usize]))
            .collect();
        x.sort_by_key(|p| p.0);
        let norm = x.iter().map(|p| p.1 * p.1).sum::<f32>().sqrt();
        if norm > 0.0 {
            x.iter_mut().for_each(|p| p.1 /= norm);
        }
        x
    }
}

fn confusion(pred: &[bool], gold: &[bool]) -> [usize; 4] {
    let mut c = [0; 4];
    for (p, g) in pred.iter().zip(gold) {
        c[match (p, g) {
            (true, true) => 0,
            (true, false) => 1,
            (false, true) => 2,
            (false, false) => 3,
        }] += 1;
    }
    c
}

fn add4(a: &mut [usize; 4], b: [usize; 4]) {
    a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
}

/// Cross-validate every system on `examples`. Each of `vectors` adds an embedded row.
pub fn cross_validate(
    examples: &[Example],
    vectors: &[&dyn Vectors],
    opts: &TrainOptions,
) -> BabeScores {
    let labels: Vec<bool> = examples.iter().map(|e| e.biased).collect();
    let fold_of = folds(&labels, FOLDS, SEED);
    let cached: Vec<CachedVectors> = vectors.iter().map(|v| CachedVectors::new(*v)).collect();
    // Every text training and scoring will ask for, embedded once per embedder in large
    // batches; the time it takes, per sentence, is charged to that row's scoring time.
    let mut embed_micros = vec![0.0f64; cached.len()];
    for (c, t) in cached.iter().zip(&mut embed_micros) {
        let t0 = Instant::now();
        c.warm_for(examples, opts);
        *t = t0.elapsed().as_secs_f64() * 1e6 / examples.len().max(1) as f64;
    }
    let mut names = vec![
        ("majority class".to_string(), "majority".to_string()),
        (
            "TF-IDF logistic regression, tuned in the folds".to_string(),
            "tfidf".to_string(),
        ),
        (
            "lexicon only (no training)".to_string(),
            "lexicon".to_string(),
        ),
        (
            "Parallax, lexical features".to_string(),
            "lexical".to_string(),
        ),
    ];
    for v in vectors {
        names.push((
            format!("Parallax, lexical + {} embeddings", v.name()),
            crate::floors::slug(v.name()),
        ));
    }
    let mut rows: Vec<SystemRow> = names
        .iter()
        .map(|(n, k)| SystemRow {
            name: n.clone(),
            key: k.clone(),
            ..SystemRow::default()
        })
        .collect();
    let mut choices = Vec::new();
    let mut tested = 0usize;
    for f in 0..FOLDS {
        let train: Vec<&Example> = examples
            .iter()
            .zip(&fold_of)
            .filter(|(_, k)| **k != f)
            .map(|(e, _)| e)
            .collect();
        let test: Vec<&Example> = examples
            .iter()
            .zip(&fold_of)
            .filter(|(_, k)| **k == f)
            .map(|(e, _)| e)
            .collect();
        if test.is_empty() || train.is_empty() {
            continue;
        }
        let gold: Vec<bool> = test.iter().map(|e| e.biased).collect();
        let gold_words: Vec<HashSet<String>> = test
            .iter()
            .map(|e| lower_words(e.words.iter().cloned()))
            .collect();
        let record = |row: &mut SystemRow, pred: &[bool], words: Option<Vec<HashSet<String>>>| {
            let c = confusion(pred, &gold);
            row.fold_macro_f1.push(macro_f1_of(c));
            add4(&mut row.confusion, c);
            if let Some(ws) = words {
                let wc = row.words.get_or_insert_with(WordCounts::default);
                for (p, g) in ws.iter().zip(&gold_words) {
                    wc.add(p, g);
                }
            }
        };

        // Majority class of the training part.
        let pos = train.iter().filter(|e| e.biased).count();
        let majority = pos * 2 > train.len();
        record(&mut rows[0], &vec![majority; test.len()], None);

        // TF-IDF logistic regression, tuned inside the training part.
        let t0 = Instant::now();
        let tfidf = TfIdf::train_tuned(&train, opts);
        rows[1].train_seconds += t0.elapsed().as_secs_f64();
        choices.push(Choice {
            system: rows[1].name.clone(),
            fold: f,
            l2: tfidf.l2,
            threshold: tfidf.threshold,
            word_threshold: f32::NAN,
        });
        let t0 = Instant::now();
        let pred: Vec<bool> = test
            .iter()
            .map(|e| tfidf.model.probability(&tfidf.features(&e.text)) >= tfidf.threshold)
            .collect();
        rows[1].score_micros += t0.elapsed().as_secs_f64() * 1e6;
        record(&mut rows[1], &pred, None);

        // Lexicon only.
        let t0 = Instant::now();
        let a: Vec<bias::Assessment> = test.iter().map(|e| bias::assess_lexicon(&e.text)).collect();
        rows[2].score_micros += t0.elapsed().as_secs_f64() * 1e6;
        let pred: Vec<bool> = a.iter().map(|a| a.biased).collect();
        let words = a
            .iter()
            .map(|a| lower_words(a.words.iter().map(|w| w.word.clone())))
            .collect();
        record(&mut rows[2], &pred, Some(words));

        // Parallax pipelines.
        let owned: Vec<Example> = train.iter().map(|e| (*e).clone()).collect();
        let mut run =
            |row: usize, train_with: Option<&dyn Vectors>, score_with: Option<&dyn Vectors>| {
                let t0 = Instant::now();
                let p = Pipeline::train(&owned, train_with, opts);
                rows[row].train_seconds += t0.elapsed().as_secs_f64();
                let t0 = Instant::now();
                let a: Vec<bias::Assessment> =
                    test.iter().map(|e| p.assess(&e.text, score_with)).collect();
                rows[row].score_micros += t0.elapsed().as_secs_f64() * 1e6;
                let pred: Vec<bool> = a.iter().map(|a| a.biased).collect();
                let words = a
                    .iter()
                    .map(|a| lower_words(a.words.iter().map(|w| w.word.clone())))
                    .collect();
                record(&mut rows[row], &pred, Some(words));
                choices.push(Choice {
                    system: rows[row].name.clone(),
                    fold: f,
                    l2: p.sentence_l2,
                    threshold: p.threshold,
                    word_threshold: p.word_threshold,
                });
            };
        run(3, None, None);
        for (i, c) in cached.iter().enumerate() {
            run(4 + i, Some(c), Some(c));
        }
        tested += test.len();
    }
    let used = rows
        .iter()
        .map(|r| r.fold_macro_f1.len())
        .max()
        .unwrap_or(0)
        .max(1);
    for row in &mut rows {
        row.train_seconds /= used as f64;
        row.score_micros /= tested.max(1) as f64;
    }
    for (row, e) in rows[4..].iter_mut().zip(&embed_micros) {
        row.score_micros += e;
    }
    BabeScores {
        sentences: examples.len(),
        biased: labels.iter().filter(|b| **b).count(),
        no_agreement: 0,
        of: examples.len(),
        folds: FOLDS,
        embedders: vectors.iter().map(|v| v.name().to_string()).collect(),
        systems: rows,
        choices,
    }
}

/// Score BABE SG2 dev under `dir` (the `babe-mbic` directory), on an evenly spread subset of
/// `limit` sentences when given.
pub fn babe(
    dir: &Path,
    limit: Option<usize>,
    vectors: &[&dyn Vectors],
) -> Result<BabeScores, BabeError> {
    let data = read(dir)?;
    let examples = subset(&data.examples, limit);
    let mut s = cross_validate(&examples, vectors, &TrainOptions::default());
    s.no_agreement = data.no_agreement;
    s.of = data.examples.len();
    Ok(s)
}

/// Fit a [`BiasModel`] on the whole of BABE SG2 dev (for `models/bias.json`).
pub fn train(dir: &Path, vectors: Option<&dyn Vectors>) -> Result<BiasModel, BabeError> {
    let data = read(dir)?;
    let cached = vectors.map(CachedVectors::new);
    if let Some(c) = &cached {
        c.warm_for(&data.examples, &TrainOptions::default());
    }
    let v: Option<&dyn Vectors> = cached.as_ref().map(|c| c as &dyn Vectors);
    Ok(BiasModel::train(
        &data.examples,
        v,
        &TrainOptions::default(),
        &format!(
            "BABE {FILE} ({} labelled sentences; AGPL-3.0 data, do not redistribute this model)",
            data.examples.len()
        ),
    ))
}

impl BabeScores {
    /// The figures `parallax eval babe` prints, named for the floors check: per row
    /// `babe.<key>.macro_f1` and, for rows that mark words, `babe.<key>.biased_words_f1`.
    pub fn figures(&self) -> Vec<crate::floors::Figure> {
        use crate::floors::Figure;
        let mut out = Vec::new();
        for r in &self.systems {
            out.push(Figure::higher(
                format!("babe.{}.macro_f1", r.key),
                r.macro_f1(),
            ));
            if let Some(w) = r.words {
                out.push(Figure::higher(
                    format!("babe.{}.biased_words_f1", r.key),
                    w.f1(),
                ));
            }
        }
        out
    }
}

impl fmt::Display for BabeScores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "BABE SG2 dev: {} sentences ({} biased, {} non-biased; {} \"No agreement\" rows left out){}, stratified {}-fold cross-validation, seed {SEED}",
            self.sentences,
            self.biased,
            self.sentences - self.biased,
            self.no_agreement,
            if self.of > self.sentences {
                format!(
                    "; a stratified subset of {} of the {} sentences (at least {} per class: one per fold), figures of so few sentences vary widely",
                    self.sentences, self.of, self.folds
                )
            } else {
                String::new()
            },
            self.folds
        )?;
        if self.embedders.is_empty() {
            writeln!(
                f,
                "(no embedding weights: the embedded row is not scored; run scripts/setup.sh)"
            )?;
        }
        writeln!(f)?;
        writeln!(
            f,
            "| system | macro-F1 (mean of folds) | min–max | biased F1 | accuracy | biased words P | R | F1 | train s/fold | µs/sentence |"
        )?;
        writeln!(f, "|---|---|---|---|---|---|---|---|---|---|")?;
        for r in &self.systems {
            let lo = r
                .fold_macro_f1
                .iter()
                .copied()
                .fold(f64::INFINITY, f64::min);
            let hi = r
                .fold_macro_f1
                .iter()
                .copied()
                .fold(f64::NEG_INFINITY, f64::max);
            let (wp, wr, wf) = match r.words {
                Some(w) => (
                    format!("{:.3}", w.precision()),
                    format!("{:.3}", w.recall()),
                    format!("{:.3}", w.f1()),
                ),
                None => ("–".into(), "–".into(), "–".into()),
            };
            writeln!(
                f,
                "| {} | {:.3} | {:.3}–{:.3} | {:.3} | {:.3} | {wp} | {wr} | {wf} | {:.2} | {:.0} |",
                r.name,
                r.macro_f1(),
                if lo.is_finite() { lo } else { 0.0 },
                if hi.is_finite() { hi } else { 0.0 },
                r.biased_f1(),
                r.accuracy(),
                r.train_seconds,
                r.score_micros
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn csv_and_word_lists_parse() {
        let src = "text;outlet;label_bias;biased_words\n\"He said \"\"no\"\"; then left.\";X;Biased;['no', \"it's\"]\nPlain;Y;Non-biased;[]\nHuh;Z;No agreement;[]\n";
        let d = parse(src).unwrap();
        assert_eq!(d.no_agreement, 1);
        assert_eq!(d.examples.len(), 2);
        assert_eq!(d.examples[0].text, "He said \"no\"; then left.");
        assert!(d.examples[0].biased && !d.examples[1].biased);
        assert_eq!(d.examples[0].words, ["no", "it's"]);
        assert!(d.examples[1].words.is_empty());
    }

    #[test]
    fn folds_are_stratified_and_fixed() {
        let labels: Vec<bool> = (0..50).map(|i| i % 3 == 0).collect();
        let f = folds(&labels, 5, SEED);
        assert_eq!(f, folds(&labels, 5, SEED));
        for k in 0..5 {
            let pos = (0..50).filter(|&i| f[i] == k && labels[i]).count();
            assert!((3..=4).contains(&pos), "fold {k}: {pos}");
        }
    }
}
