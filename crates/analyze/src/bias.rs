//! Sentence-level bias: is a sentence written in biased language, and which words make it so.
//!
//! Two logistic regressions, written here because they are the product:
//!
//! - a **word model** scores each content word of a sentence: hashed word, suffix and neighbour
//!   features, the project lexicon's category and valence, shape (capitals, `-ly`, `-est`,
//!   inside quotation marks) and, when the caller supplies [`Vectors`], the word's own
//!   embedding. Its high-scoring words are the sentence's "biased words";
//! - a **sentence model** over hashed unigrams and bigrams, lexicon hits by category,
//!   intensifiers, superlatives, hedges, pronouns, negations, `!`, `?`, quotation marks,
//!   length, the word model's scores (stacked: fitted on out-of-fold word scores) and, when
//!   supplied, the sentence embedding.
//!
//! [`Pipeline::train`] fits both from labelled [`Example`]s. The L2 strength of the sentence
//! model and both decision thresholds are chosen by an inner cross-validation inside the data it
//! is given, so an evaluation that trains on its training folds never looks at its test fold.
//! [`BiasModel`] holds a lexical pipeline and, optionally, one trained with an embedder's
//! vectors; it is stored as JSON ([`BiasModel::from_json`], [`BiasModel::to_json`]) and uses the
//! embedded pipeline only when it is given vectors of the embedder it was trained with.
//!
//! Without a trained model, [`assess_lexicon`] is the documented fallback: a sentence is biased
//! when it holds a lexicon term in its own voice (score `1 − 0.5^hits`, threshold 0.5) and its
//! biased words are those terms. It is a rule, not a measured classifier.
//!
//! This module does no I/O: the caller reads the JSON and owns the embedder.

use std::collections::{HashMap, VecDeque};

use parallax_core::{LoadedCategory, LoadedTerm, Span};
use serde::{Deserialize, Serialize};

use crate::loaded::lexicon;
use crate::tokens::{Token, is_stopword, tokenize};

/// A source of unit-length text vectors (a sentence embedder), owned by the caller.
pub trait Vectors {
    /// Name of the embedder; a pipeline trained with one embedder only accepts vectors from an
    /// embedder of the same name.
    fn name(&self) -> &str;
    /// Number of components of each vector.
    fn dim(&self) -> usize;
    /// One vector per text, in order.
    fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>>;
}

// ---------------------------------------------------------------------------------------------
// Logistic regression
// ---------------------------------------------------------------------------------------------

/// A sparse feature vector: `(index, value)` pairs.
pub type Features = Vec<(u32, f32)>;

/// Options of [`Logistic::fit`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FitOptions {
    /// L2 strength on the mean log-loss (the bias is not penalised).
    pub l2: f64,
    /// Most L-BFGS iterations.
    pub max_iter: usize,
    /// Weigh the classes so that each carries half of the loss.
    pub balanced: bool,
}

impl Default for FitOptions {
    fn default() -> Self {
        FitOptions {
            l2: 1e-3,
            max_iter: 300,
            balanced: true,
        }
    }
}

/// A binary logistic regression: `P(true | x) = σ(w·x + b)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(into = "StoredLogistic", from = "StoredLogistic")]
pub struct Logistic {
    weights: Vec<f32>,
    bias: f32,
}

/// The stored form: only the non-zero weights (features never seen in training stay zero).
#[derive(Serialize, Deserialize)]
struct StoredLogistic {
    dim: usize,
    bias: f32,
    weights: Vec<(u32, f32)>,
}

impl From<Logistic> for StoredLogistic {
    fn from(m: Logistic) -> Self {
        StoredLogistic {
            dim: m.weights.len(),
            bias: m.bias,
            weights: m
                .weights
                .iter()
                .enumerate()
                .filter(|(_, w)| **w != 0.0)
                .map(|(i, w)| (i as u32, *w))
                .collect(),
        }
    }
}

impl From<StoredLogistic> for Logistic {
    fn from(s: StoredLogistic) -> Self {
        let mut weights = vec![0.0; s.dim];
        for (i, w) in s.weights {
            if let Some(slot) = weights.get_mut(i as usize) {
                *slot = w;
            }
        }
        Logistic {
            weights,
            bias: s.bias,
        }
    }
}

fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

fn softplus(z: f64) -> f64 {
    z.max(0.0) + (-z.abs()).exp().ln_1p()
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

impl Logistic {
    /// Number of weights.
    pub fn dim(&self) -> usize {
        self.weights.len()
    }

    /// Weight of feature `i` (0 beyond the dimension).
    pub fn weight(&self, i: u32) -> f32 {
        self.weights.get(i as usize).copied().unwrap_or(0.0)
    }

    /// `w·x + b`; features beyond the dimension are ignored.
    pub fn margin(&self, x: &[(u32, f32)]) -> f32 {
        self.bias + x.iter().map(|&(i, v)| self.weight(i) * v).sum::<f32>()
    }

    /// `σ(w·x + b)`.
    pub fn probability(&self, x: &[(u32, f32)]) -> f32 {
        sigmoid(f64::from(self.margin(x))) as f32
    }

    /// Fit by L-BFGS on the (class-weighted) mean log-loss plus `l2/2·|w|²`. Features that
    /// never occur keep weight 0 (the fit runs over the features that occur only).
    pub fn fit(x: &[Features], y: &[bool], dim: usize, opts: &FitOptions) -> Logistic {
        let n = x.len().min(y.len());
        let mut weights = vec![0.0f32; dim];
        if n == 0 {
            return Logistic { weights, bias: 0.0 };
        }
        // Compact the occurring features to 0..p.
        let mut used: Vec<u32> = x[..n]
            .iter()
            .flatten()
            .map(|&(j, _)| j)
            .filter(|&j| (j as usize) < dim)
            .collect();
        used.sort_unstable();
        used.dedup();
        let index: HashMap<u32, usize> = used.iter().enumerate().map(|(k, &j)| (j, k)).collect();
        let rows: Vec<Vec<(usize, f64)>> = x[..n]
            .iter()
            .map(|xi| {
                xi.iter()
                    .filter_map(|&(j, v)| index.get(&j).map(|&k| (k, f64::from(v))))
                    .collect()
            })
            .collect();
        let p = used.len();
        let pos = y[..n].iter().filter(|b| **b).count();
        let (cp, cn) = if opts.balanced && pos > 0 && pos < n {
            (
                n as f64 / (2.0 * pos as f64),
                n as f64 / (2.0 * (n - pos) as f64),
            )
        } else {
            (1.0, 1.0)
        };
        let inv = 1.0 / n as f64;
        let l2 = opts.l2;
        let objective = |w: &[f64], g: &mut [f64]| -> f64 {
            g.fill(0.0);
            let mut f = 0.0;
            for (xi, &yi) in rows.iter().zip(&y[..n]) {
                let m = w[p] + xi.iter().map(|&(k, v)| w[k] * v).sum::<f64>();
                let (s, c) = if yi { (1.0, cp) } else { (-1.0, cn) };
                f += c * softplus(-s * m);
                let d = -s * c * sigmoid(-s * m) * inv;
                for &(k, v) in xi {
                    g[k] += d * v;
                }
                g[p] += d;
            }
            f *= inv;
            for k in 0..p {
                f += 0.5 * l2 * w[k] * w[k];
                g[k] += l2 * w[k];
            }
            f
        };
        let w = lbfgs(p + 1, objective, opts.max_iter);
        for (k, &j) in used.iter().enumerate() {
            weights[j as usize] = w[k] as f32;
        }
        Logistic {
            weights,
            bias: w[p] as f32,
        }
    }
}

/// Minimise a smooth convex function from the origin with L-BFGS (8 pairs of history) and a
/// backtracking Armijo line search. `f(w, g)` returns the value and writes the gradient.
fn lbfgs(p: usize, mut f: impl FnMut(&[f64], &mut [f64]) -> f64, max_iter: usize) -> Vec<f64> {
    const HISTORY: usize = 8;
    let mut w = vec![0.0; p];
    let mut g = vec![0.0; p];
    let mut fx = f(&w, &mut g);
    let mut hist: VecDeque<(Vec<f64>, Vec<f64>, f64)> = VecDeque::new();
    let mut w_new = vec![0.0; p];
    let mut g_new = vec![0.0; p];
    let mut alpha = [0.0; HISTORY];
    for _ in 0..max_iter {
        // Two-loop recursion: d = −H·g.
        let mut d: Vec<f64> = g.clone();
        for (k, (s, y, rho)) in hist.iter().enumerate().rev() {
            alpha[k] = rho * dot(s, &d);
            d.iter_mut()
                .zip(y)
                .for_each(|(di, yi)| *di -= alpha[k] * yi);
        }
        if let Some((s, y, _)) = hist.back() {
            let gamma = dot(s, y) / dot(y, y).max(f64::MIN_POSITIVE);
            d.iter_mut().for_each(|di| *di *= gamma);
        }
        for (k, (s, y, rho)) in hist.iter().enumerate() {
            let beta = rho * dot(y, &d);
            d.iter_mut()
                .zip(s)
                .for_each(|(di, si)| *di += (alpha[k] - beta) * si);
        }
        d.iter_mut().for_each(|di| *di = -*di);
        let mut slope = dot(&g, &d);
        if slope >= 0.0 || !slope.is_finite() {
            hist.clear();
            d = g.iter().map(|v| -v).collect();
            slope = -dot(&g, &g);
        }
        if slope > -1e-20 {
            break; // gradient is zero
        }
        let mut step = if hist.is_empty() {
            1.0 / dot(&g, &g).sqrt().max(1e-12)
        } else {
            1.0
        };
        let mut f_new = f64::INFINITY;
        let mut accepted = false;
        for _ in 0..40 {
            w_new
                .iter_mut()
                .zip(w.iter().zip(&d))
                .for_each(|(wn, (wi, di))| *wn = wi + step * di);
            f_new = f(&w_new, &mut g_new);
            if f_new <= fx + 1e-4 * step * slope {
                accepted = true;
                break;
            }
            step *= 0.5;
        }
        if !accepted {
            break;
        }
        let s: Vec<f64> = w_new.iter().zip(&w).map(|(a, b)| a - b).collect();
        let y: Vec<f64> = g_new.iter().zip(&g).map(|(a, b)| a - b).collect();
        let sy = dot(&s, &y);
        if sy > 1e-12 {
            if hist.len() == HISTORY {
                hist.pop_front();
            }
            hist.push_back((s, y, 1.0 / sy));
        }
        let decrease = (fx - f_new) / fx.abs().max(1.0);
        std::mem::swap(&mut w, &mut w_new);
        std::mem::swap(&mut g, &mut g_new);
        fx = f_new;
        if decrease < 1e-9 || g.iter().fold(0.0f64, |m, v| m.max(v.abs())) < 1e-7 {
            break;
        }
    }
    w
}

// ---------------------------------------------------------------------------------------------
// Reading a sentence
// ---------------------------------------------------------------------------------------------

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

const INTENSIFIERS: &[&str] = &[
    "absolutely",
    "blatantly",
    "completely",
    "deeply",
    "entirely",
    "especially",
    "extremely",
    "highly",
    "hugely",
    "incredibly",
    "literally",
    "outright",
    "particularly",
    "really",
    "simply",
    "so",
    "totally",
    "truly",
    "utterly",
    "very",
    "wildly",
];

const HEDGES: &[&str] = &[
    "allegedly",
    "apparently",
    "appears",
    "arguably",
    "could",
    "likely",
    "may",
    "might",
    "perhaps",
    "possibly",
    "purportedly",
    "reportedly",
    "seemingly",
    "seems",
    "supposedly",
    "unlikely",
];

const PRONOUNS: &[&str] = &[
    "i",
    "me",
    "my",
    "our",
    "ours",
    "ourselves",
    "us",
    "we",
    "you",
    "your",
];

/// Words ending in "-est" that are not superlatives (or are neutral ones).
const NOT_SUPERLATIVE: &[&str] = &[
    "arrest",
    "attest",
    "chest",
    "conquest",
    "contest",
    "detest",
    "digest",
    "earnest",
    "forest",
    "guest",
    "harvest",
    "honest",
    "inquest",
    "interest",
    "invest",
    "latest",
    "manifest",
    "midwest",
    "modest",
    "nest",
    "northwest",
    "pest",
    "priest",
    "protest",
    "quest",
    "request",
    "rest",
    "southwest",
    "suggest",
    "test",
    "unrest",
    "vest",
    "west",
    "zest",
];

fn is_superlative(lower: &str, next: Option<&str>) -> bool {
    match lower {
        "best" | "worst" => true,
        "most" | "least" => next.is_some_and(|n| !is_stopword(n)),
        _ => {
            lower.len() >= 5
                && lower.ends_with("est")
                && lower.is_ascii()
                && NOT_SUPERLATIVE.binary_search(&lower).is_err()
                && !lower.contains('-')
        }
    }
}

fn category_index(c: LoadedCategory) -> usize {
    match c {
        LoadedCategory::Label => 0,
        LoadedCategory::SayingVerb => 1,
        LoadedCategory::Intensifier => 2,
        LoadedCategory::Sensational => 3,
        LoadedCategory::Speculation => 4,
    }
}

fn category_name(c: LoadedCategory) -> &'static str {
    match c {
        LoadedCategory::Label => "label",
        LoadedCategory::SayingVerb => "saying_verb",
        LoadedCategory::Intensifier => "intensifier",
        LoadedCategory::Sensational => "sensational",
        LoadedCategory::Speculation => "speculation",
    }
}

/// A sentence read once: tokens, their lower-case forms, lexicon hits, quotation.
struct Reading<'t> {
    text: &'t str,
    tokens: Vec<Token<'t>>,
    lower: Vec<String>,
    /// Per token: the lexicon hit covering it (category, valence).
    lex: Vec<Option<(LoadedCategory, i8)>>,
    /// Per token: inside quotation marks.
    quoted: Vec<bool>,
    loaded: Vec<LoadedTerm>,
}

impl<'t> Reading<'t> {
    fn new(text: &'t str) -> Reading<'t> {
        let tokens = tokenize(text);
        let lower: Vec<String> = tokens.iter().map(Token::lower).collect();
        // Quotation state at each byte where a token starts.
        let mut quoted = Vec::with_capacity(tokens.len());
        let mut inside = false;
        let mut chars = text.char_indices().peekable();
        for t in &tokens {
            while let Some(&(i, c)) = chars.peek() {
                if i >= t.span.start {
                    break;
                }
                match c {
                    '"' => inside = !inside,
                    '“' | '«' => inside = true,
                    '”' | '»' => inside = false,
                    _ => {}
                }
                chars.next();
            }
            quoted.push(inside);
        }
        let lex_table = lexicon();
        let mut lex = vec![None; tokens.len()];
        let mut loaded = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            if let Some((entry, n)) = lex_table.match_at(&lower, i) {
                for slot in lex.iter_mut().skip(i).take(n) {
                    *slot = Some((entry.category, entry.valence));
                }
                loaded.push(LoadedTerm {
                    span: Span::new(tokens[i].span.start, tokens[i + n - 1].span.end),
                    term: entry.term.clone(),
                    category: entry.category,
                    neutral: entry.neutral.clone(),
                    quoted: quoted[i],
                });
                i += n;
            } else {
                i += 1;
            }
        }
        Reading {
            text,
            tokens,
            lower,
            lex,
            quoted,
            loaded,
        }
    }

    /// Indices of the tokens the word model scores: words with a letter that are not stopwords.
    fn candidates(&self) -> Vec<usize> {
        (0..self.tokens.len())
            .filter(|&i| {
                let w = &self.lower[i];
                w.chars().any(char::is_alphabetic) && !is_stopword(w) && w.chars().count() >= 2
            })
            .collect()
    }
}

/// Features in a hashed space of `2^bits` slots, then fixed dense blocks after it.
struct Space {
    bits: u32,
}

impl Space {
    fn slot(&self, key: &str) -> u32 {
        (fnv1a(key.as_bytes()) & ((1u64 << self.bits) - 1)) as u32
    }
    fn dense(&self, i: usize) -> u32 {
        (1u32 << self.bits) + i as u32
    }
}

/// Dense word features before the embedding block.
const WORD_DENSE: usize = 10;
/// Dense sentence features before the word-score block.
const SENT_DENSE: usize = 20;
/// Word-score aggregates in the sentence model.
const SENT_AGG: usize = 5;

fn push_embedding(out: &mut Features, base: u32, v: &[f32], scale: f32) {
    out.extend(
        v.iter()
            .enumerate()
            .map(|(k, x)| (base + k as u32, x * scale)),
    );
}

fn word_features(
    r: &Reading<'_>,
    i: usize,
    space: &Space,
    vector: Option<&[f32]>,
    scale: f32,
) -> Features {
    let w = r.lower[i].as_str();
    let prev = if i == 0 {
        "<s>"
    } else {
        r.lower[i - 1].as_str()
    };
    let next = r.lower.get(i + 1).map_or("</s>", String::as_str);
    let suffix: String = {
        let cs: Vec<char> = w.chars().collect();
        cs[cs.len().saturating_sub(3)..].iter().collect()
    };
    let mut out: Features = vec![
        (space.slot(&format!("w:{w}")), 1.0),
        (space.slot(&format!("s3:{suffix}")), 1.0),
        (space.slot(&format!("p:{prev}")), 0.5),
        (space.slot(&format!("n:{next}")), 0.5),
    ];
    if let Some((cat, _)) = r.lex[i] {
        out.push((space.slot(&format!("lex:{}", category_name(cat))), 1.0));
    }
    let tok = &r.tokens[i];
    let valence = r.lex[i].map_or(0.0, |(_, v)| f32::from(v) / 2.0);
    let n = r.tokens.len().max(1) as f32;
    let dense = [
        f32::from(u8::from(tok.is_capitalized() && i > 0)),
        f32::from(u8::from(
            tok.text.chars().count() > 1 && tok.text.chars().all(|c| !c.is_lowercase()),
        )),
        f32::from(u8::from(r.quoted[i])),
        valence,
        f32::from(u8::from(w.ends_with("ly"))),
        f32::from(u8::from(is_superlative(
            w,
            r.lower.get(i + 1).map(String::as_str),
        ))),
        (w.chars().count() as f32 / 10.0).min(2.0),
        i as f32 / n,
        f32::from(u8::from(w.contains('-'))),
        f32::from(u8::from(INTENSIFIERS.contains(&prev))),
    ];
    out.extend(
        dense
            .iter()
            .enumerate()
            .filter(|(_, v)| **v != 0.0)
            .map(|(k, v)| (space.dense(k), *v)),
    );
    if let Some(v) = vector {
        push_embedding(&mut out, space.dense(WORD_DENSE), v, scale);
    }
    out
}

/// Sentence features without the word-score aggregates.
fn sentence_base(r: &Reading<'_>, space: &Space, vector: Option<&[f32]>, scale: f32) -> Features {
    let mut grams: Vec<u32> = Vec::with_capacity(r.lower.len() * 2);
    for (k, w) in r.lower.iter().enumerate() {
        grams.push(space.slot(&format!("u:{w}")));
        if let Some(n) = r.lower.get(k + 1) {
            grams.push(space.slot(&format!("b:{w} {n}")));
        }
    }
    grams.sort_unstable();
    grams.dedup();
    let norm = 1.0 / (grams.len().max(1) as f32).sqrt();
    let mut out: Features = grams.into_iter().map(|g| (g, norm)).collect();

    let mut d = [0.0f32; SENT_DENSE];
    for t in &r.loaded {
        d[category_index(t.category)] += 1.0;
        if !t.quoted {
            d[5] += 1.0;
        }
    }
    for (k, w) in r.lower.iter().enumerate() {
        let next = r.lower.get(k + 1).map(String::as_str);
        if let Some((_, v)) = r.lex[k] {
            d[6] += f32::from(-v.min(0));
        }
        d[7] += f32::from(u8::from(is_superlative(w, next)));
        d[8] += f32::from(u8::from(INTENSIFIERS.contains(&w.as_str())));
        d[9] += f32::from(u8::from(HEDGES.contains(&w.as_str())));
        d[14] += f32::from(u8::from(
            r.tokens[k].text.chars().count() > 2
                && r.tokens[k].text.chars().all(|c| !c.is_lowercase())
                && r.tokens[k].text.chars().any(char::is_alphabetic),
        ));
        d[16] += f32::from(u8::from(PRONOUNS.contains(&w.as_str())));
        d[17] += f32::from(u8::from(
            matches!(w.as_str(), "not" | "never" | "no" | "nothing") || w.ends_with("n't"),
        ));
        d[18] += f32::from(u8::from(w.len() > 4 && w.ends_with("ly")));
    }
    d[10] = f32::from(u8::from(r.text.contains('!')));
    d[11] = f32::from(u8::from(r.text.contains('?')));
    let marks = r
        .text
        .chars()
        .filter(|c| matches!(c, '"' | '“' | '”' | '«' | '»'))
        .count();
    d[12] = f32::from(u8::from(marks > 0));
    d[13] = r.quoted.iter().filter(|q| **q).count() as f32 / r.quoted.len().max(1) as f32;
    d[15] = ((1 + r.tokens.len()) as f32).ln() / 4.0;
    d[19] = f32::from(u8::from(
        r.text.contains('[') || r.text.trim_start().starts_with("..."),
    ));
    // Counts are capped and scaled to about [0, 1].
    for k in [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 14, 16, 17, 18] {
        d[k] = d[k].min(3.0) / 3.0;
    }
    out.extend(
        d.iter()
            .enumerate()
            .filter(|(_, v)| **v != 0.0)
            .map(|(k, v)| (space.dense(k), *v)),
    );
    if let Some(v) = vector {
        push_embedding(&mut out, space.dense(SENT_DENSE + SENT_AGG), v, scale);
    }
    out
}

/// Aggregates of the word model's scores over a sentence's candidate words.
fn push_aggregates(out: &mut Features, space: &Space, probs: &[f32], threshold: f32) {
    let mut sorted = probs.to_vec();
    sorted.sort_by(|a, b| b.total_cmp(a));
    let max = sorted.first().copied().unwrap_or(0.0);
    let second = sorted.get(1).copied().unwrap_or(0.0);
    let mean = if sorted.is_empty() {
        0.0
    } else {
        sorted.iter().sum::<f32>() / sorted.len() as f32
    };
    let over = sorted.iter().filter(|p| **p >= threshold).count() as f32;
    let sum: f32 = sorted.iter().sum();
    let agg = [max, second, mean, over.min(3.0) / 3.0, sum.min(3.0) / 3.0];
    out.extend(
        agg.iter()
            .enumerate()
            .map(|(k, v)| (space.dense(SENT_DENSE + k), *v)),
    );
}

// ---------------------------------------------------------------------------------------------
// Training and scoring
// ---------------------------------------------------------------------------------------------

/// One labelled sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The sentence.
    pub text: String,
    /// Labelled biased.
    pub biased: bool,
    /// The words annotators marked as biased (any case; matched lower-case).
    pub words: Vec<String>,
}

/// Options of [`Pipeline::train`].
#[derive(Debug, Clone, PartialEq)]
pub struct TrainOptions {
    /// Hashed feature slots: `2^hash_bits`.
    pub hash_bits: u32,
    /// Scale of embedding components (vectors are unit length).
    pub embed_scale: f32,
    /// Give the word model each word's own embedding (when vectors are given).
    pub word_vectors: bool,
    /// L2 strength of the word model.
    pub word_l2: f64,
    /// Candidate L2 strengths of the sentence model; the inner cross-validation picks one.
    pub sentence_l2: Vec<f64>,
    /// Folds of the inner cross-validation.
    pub inner_folds: usize,
    /// Most L-BFGS iterations per fit.
    pub max_iter: usize,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            hash_bits: 18,
            word_vectors: true,
            sentence_l2: vec![3e-4, 1e-3, 3e-3, 1e-2],
            inner_folds: 3,
            max_iter: 300,
            embed_scale: 1.0,
            word_l2: 3e-5,
        }
    }
}

/// A trained word model and sentence model, with their thresholds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pipeline {
    /// Name of the embedder whose vectors it was trained with; `None` for lexical features only.
    pub embedder: Option<String>,
    /// Dimension of those vectors (0 without).
    pub embed_dim: usize,
    /// Hashed feature slots: `2^hash_bits`.
    pub hash_bits: u32,
    /// Scale applied to embedding components.
    pub embed_scale: f32,
    /// The word model reads each word's embedding.
    pub word_vectors: bool,
    /// Word model.
    pub word: Logistic,
    /// A word is reported biased at or above this word-model probability.
    pub word_threshold: f32,
    /// Sentence model.
    pub sentence: Logistic,
    /// A sentence is biased at or above this probability.
    pub threshold: f32,
    /// L2 strength the inner cross-validation chose for the sentence model.
    pub sentence_l2: f64,
}

/// A word the word model scores as biased.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BiasedWord {
    /// Where it lies in the sentence (bytes).
    pub span: Span,
    /// The word as written.
    pub word: String,
    /// Word-model probability.
    pub score: f32,
}

/// How a sentence was scored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// A trained pipeline; `embedder` names the vectors it used, if any.
    Model {
        /// The embedder, when the embedded pipeline ran.
        embedder: Option<String>,
    },
    /// No trained model: the lexicon-only rule of [`assess_lexicon`].
    Lexicon,
}

/// The verdict on one sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    /// Probability-like score in [0, 1].
    pub score: f32,
    /// `score >= threshold`.
    pub biased: bool,
    /// The decision threshold used.
    pub threshold: f32,
    /// Words scored as biased, in text order.
    pub words: Vec<BiasedWord>,
    /// Lexicon terms in the sentence.
    pub loaded: Vec<LoadedTerm>,
    /// How it was scored.
    pub method: Method,
}

/// Vectors for one sentence: its own and its candidate words'.
struct Prepared<'t> {
    reading: Reading<'t>,
    candidates: Vec<usize>,
    sentence: Option<Vec<f32>>,
    words: Vec<Option<Vec<f32>>>,
}

fn prepare<'t>(text: &'t str, vectors: Option<&dyn Vectors>, word_vectors: bool) -> Prepared<'t> {
    let reading = Reading::new(text);
    let candidates = reading.candidates();
    let (sentence, words) = match vectors {
        Some(v) => {
            let sentence = v.embed(&[text]).pop();
            let words = if word_vectors {
                let ws: Vec<&str> = candidates
                    .iter()
                    .map(|&i| reading.lower[i].as_str())
                    .collect();
                v.embed(&ws).into_iter().map(Some).collect()
            } else {
                vec![None; candidates.len()]
            };
            (sentence, words)
        }
        None => (None, vec![None; candidates.len()]),
    };
    Prepared {
        reading,
        candidates,
        sentence,
        words,
    }
}

/// The texts a pipeline asks its vectors for when it reads `text`: the sentence, then (when
/// the word model reads word vectors) each candidate word, lower-case.
fn vector_inputs(text: &str, word_vectors: bool) -> Vec<String> {
    let reading = Reading::new(text);
    let mut out = vec![text.to_string()];
    if word_vectors {
        out.extend(
            reading
                .candidates()
                .iter()
                .map(|&i| reading.lower[i].clone()),
        );
    }
    out
}

/// Stratified fold of each example: the positives and the negatives are each dealt round-robin.
/// Public so that a baseline can be tuned in exactly the same folds (`eval babe`'s TF-IDF).
pub fn inner_folds(labels: &[bool], k: usize) -> Vec<usize> {
    let k = k.max(2);
    let (mut p, mut n) = (0usize, 0usize);
    labels
        .iter()
        .map(|&b| {
            let c = if b { &mut p } else { &mut n };
            *c += 1;
            (*c - 1) % k
        })
        .collect()
}

/// The threshold maximising `score(tp, fp, fn, tn)` over a grid of candidate cut-offs (0.025 to
/// 0.975 in steps of 0.025; ties go to the one nearest 0.5). Public for the same reason.
pub fn best_threshold(
    probs: &[f32],
    labels: &[bool],
    score: impl Fn([usize; 4]) -> f64,
) -> (f32, f64) {
    let mut best = (0.5f32, f64::MIN);
    for step in 1..40 {
        let t = step as f32 * 0.025;
        let mut c = [0usize; 4];
        for (p, &y) in probs.iter().zip(labels) {
            let pred = *p >= t;
            c[match (pred, y) {
                (true, true) => 0,
                (true, false) => 1,
                (false, true) => 2,
                (false, false) => 3,
            }] += 1;
        }
        let s = score(c);
        // Ties go to the threshold nearest 0.5.
        if s > best.1 + 1e-12
            || ((s - best.1).abs() <= 1e-12 && (t - 0.5).abs() < (best.0 - 0.5).abs())
        {
            best = (t, s);
        }
    }
    best
}

/// F1 of the positive class from `[tp, fp, fn, tn]`.
pub fn f1_of(c: [usize; 4]) -> f64 {
    let denom = 2 * c[0] + c[1] + c[2];
    if denom == 0 {
        0.0
    } else {
        2.0 * c[0] as f64 / denom as f64
    }
}

/// Mean of the two classes' F1 from `[tp, fp, fn, tn]`.
pub fn macro_f1_of(c: [usize; 4]) -> f64 {
    (f1_of(c) + f1_of([c[3], c[2], c[1], c[0]])) / 2.0
}

impl Pipeline {
    /// Train on `examples`, with `vectors` when given. Deterministic for the same input.
    pub fn train(
        examples: &[Example],
        vectors: Option<&dyn Vectors>,
        opts: &TrainOptions,
    ) -> Pipeline {
        let space = Space {
            bits: opts.hash_bits,
        };
        let embed_dim = vectors.map_or(0, |v| v.dim());
        let word_vectors = opts.word_vectors && vectors.is_some();
        let word_dim =
            (1usize << opts.hash_bits) + WORD_DENSE + if word_vectors { embed_dim } else { 0 };
        let sent_dim = (1usize << opts.hash_bits) + SENT_DENSE + SENT_AGG + embed_dim;
        let prepared: Vec<Prepared<'_>> = examples
            .iter()
            .map(|e| prepare(&e.text, vectors, word_vectors))
            .collect();
        let labels: Vec<bool> = examples.iter().map(|e| e.biased).collect();
        let folds = inner_folds(&labels, opts.inner_folds);
        let k = opts.inner_folds.max(2);

        // Word rows: (sentence, features, label).
        let mut rows: Vec<(usize, Features, bool)> = Vec::new();
        for (si, (p, e)) in prepared.iter().zip(examples).enumerate() {
            let gold: Vec<String> = e
                .words
                .iter()
                .flat_map(|w| tokenize(w).iter().map(Token::lower).collect::<Vec<_>>())
                .collect();
            for (ci, &ti) in p.candidates.iter().enumerate() {
                let x = word_features(
                    &p.reading,
                    ti,
                    &space,
                    p.words[ci].as_deref(),
                    opts.embed_scale,
                );

                rows.push((si, x, gold.contains(&p.reading.lower[ti])));
            }
        }
        let word_opts = FitOptions {
            l2: opts.word_l2,
            max_iter: opts.max_iter,
            balanced: false,
        };
        let fit_words = |keep: &dyn Fn(usize) -> bool| {
            let (x, y): (Vec<Features>, Vec<bool>) = rows
                .iter()
                .filter(|(si, _, _)| keep(*si))
                .map(|(_, x, y)| (x.clone(), *y))
                .unzip();
            Logistic::fit(&x, &y, word_dim, &word_opts)
        };
        // Out-of-fold word probabilities, one list per sentence.
        let mut oof: Vec<Vec<f32>> = prepared
            .iter()
            .map(|p| vec![0.0; p.candidates.len()])
            .collect();
        for f in 0..k {
            let m = fit_words(&|si| folds[si] != f);
            let mut next = vec![0usize; prepared.len()];
            for (si, x, _) in &rows {
                if folds[*si] == f {
                    oof[*si][next[*si]] = m.probability(x);
                }
                next[*si] += 1;
            }
        }
        let word = fit_words(&|_| true);
        let flat_p: Vec<f32> = oof.iter().flatten().copied().collect();
        let flat_y: Vec<bool> = rows.iter().map(|r| r.2).collect();
        let (word_threshold, _) = best_threshold(&flat_p, &flat_y, f1_of);

        // Sentence rows with out-of-fold word aggregates.
        let xs: Vec<Features> = prepared
            .iter()
            .zip(&oof)
            .map(|(p, probs)| {
                let mut x =
                    sentence_base(&p.reading, &space, p.sentence.as_deref(), opts.embed_scale);
                push_aggregates(&mut x, &space, probs, word_threshold);
                x
            })
            .collect();
        let mut best = (
            opts.sentence_l2.first().copied().unwrap_or(1e-3),
            0.5f32,
            f64::MIN,
        );
        for &l2 in &opts.sentence_l2 {
            let fo = FitOptions {
                l2,
                max_iter: opts.max_iter,
                balanced: true,
            };
            let mut probs = vec![0.0f32; xs.len()];
            for f in 0..k {
                let (x, y): (Vec<Features>, Vec<bool>) = xs
                    .iter()
                    .zip(&labels)
                    .zip(&folds)
                    .filter(|(_, fold)| **fold != f)
                    .map(|((x, y), _)| (x.clone(), *y))
                    .unzip();
                let m = Logistic::fit(&x, &y, sent_dim, &fo);
                for (i, x) in xs.iter().enumerate() {
                    if folds[i] == f {
                        probs[i] = m.probability(x);
                    }
                }
            }
            let (t, s) = best_threshold(&probs, &labels, macro_f1_of);
            if s > best.2 + 1e-9 {
                best = (l2, t, s);
            }
        }
        let sentence = Logistic::fit(
            &xs,
            &labels,
            sent_dim,
            &FitOptions {
                l2: best.0,
                max_iter: opts.max_iter,
                balanced: true,
            },
        );
        Pipeline {
            embedder: vectors.map(|v| v.name().to_string()),
            embed_dim,
            hash_bits: opts.hash_bits,
            embed_scale: opts.embed_scale,
            word_vectors,
            word,
            word_threshold,
            sentence,
            threshold: best.1,
            sentence_l2: best.0,
        }
    }

    /// True when `vectors` are the ones this pipeline was trained with (or it needs none).
    pub fn accepts(&self, vectors: Option<&dyn Vectors>) -> bool {
        match (&self.embedder, vectors) {
            (None, _) => true,
            (Some(name), Some(v)) => v.name() == name && v.dim() == self.embed_dim,
            (Some(_), None) => false,
        }
    }

    /// Score one sentence. Vectors are used only when [`Pipeline::accepts`] them; a pipeline
    /// trained with vectors scores without them as if every vector were zero (worse, never
    /// silently mixed with another embedder's).
    pub fn assess(&self, text: &str, vectors: Option<&dyn Vectors>) -> Assessment {
        let vectors = if self.embedder.is_some() && self.accepts(vectors) {
            vectors
        } else {
            None
        };
        let space = Space {
            bits: self.hash_bits,
        };
        let p = prepare(text, vectors, self.word_vectors);
        let probs: Vec<f32> = p
            .candidates
            .iter()
            .zip(&p.words)
            .map(|(&ti, v)| {
                self.word.probability(&word_features(
                    &p.reading,
                    ti,
                    &space,
                    v.as_deref(),
                    self.embed_scale,
                ))
            })
            .collect();
        let mut x = sentence_base(&p.reading, &space, p.sentence.as_deref(), self.embed_scale);
        push_aggregates(&mut x, &space, &probs, self.word_threshold);
        let score = self.sentence.probability(&x);
        let words = p
            .candidates
            .iter()
            .zip(&probs)
            .filter(|(_, s)| **s >= self.word_threshold)
            .map(|(&ti, &s)| BiasedWord {
                span: p.reading.tokens[ti].span,
                word: p.reading.tokens[ti].text.to_string(),
                score: s,
            })
            .collect();
        Assessment {
            score,
            biased: score >= self.threshold,
            threshold: self.threshold,
            words,
            loaded: p.reading.loaded,
            method: Method::Model {
                embedder: vectors.map(|v| v.name().to_string()),
            },
        }
    }
}

/// The fallback without a trained model: biased when the sentence holds a lexicon term in its
/// own voice; score `1 − 0.5^hits` over those terms, threshold 0.5; the terms are its biased
/// words.
pub fn assess_lexicon(text: &str) -> Assessment {
    let r = Reading::new(text);
    let own: Vec<&LoadedTerm> = r.loaded.iter().filter(|t| !t.quoted).collect();
    let score = 1.0 - 0.5f32.powi(own.len().min(30) as i32);
    let words = own
        .iter()
        .map(|t| BiasedWord {
            span: t.span,
            word: t.span.slice(text).unwrap_or("").to_string(),
            score: 1.0,
        })
        .collect();
    Assessment {
        score,
        biased: score >= 0.5,
        threshold: 0.5,
        words,
        loaded: r.loaded,
        method: Method::Lexicon,
    }
}

/// A trained bias model: a lexical pipeline and, optionally, one trained with an embedder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BiasModel {
    /// Format version of this JSON (1).
    pub format: u32,
    /// What it was trained on (for provenance in outputs).
    pub trained_on: String,
    /// Number of training sentences.
    pub examples: usize,
    /// The pipeline over lexical features only.
    pub lexical: Pipeline,
    /// The pipeline with sentence (and word) embeddings, when trained with vectors.
    pub embedded: Option<Pipeline>,
}

impl BiasModel {
    /// Train both pipelines (the embedded one only when `vectors` are given).
    pub fn train(
        examples: &[Example],
        vectors: Option<&dyn Vectors>,
        opts: &TrainOptions,
        trained_on: &str,
    ) -> BiasModel {
        BiasModel {
            format: 1,
            trained_on: trained_on.to_string(),
            examples: examples.len(),
            lexical: Pipeline::train(examples, None, opts),
            embedded: vectors.map(|v| Pipeline::train(examples, Some(v), opts)),
        }
    }

    /// Read a model from its JSON.
    pub fn from_json(json: &str) -> Result<BiasModel, serde_json::Error> {
        serde_json::from_str(json)
    }

    /// The model as JSON.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string(self)
    }

    /// The pipeline that `vectors` allow: the embedded one when they are its embedder's.
    pub fn pipeline(&self, vectors: Option<&dyn Vectors>) -> &Pipeline {
        match &self.embedded {
            Some(p) if vectors.is_some() && p.accepts(vectors) => p,
            _ => &self.lexical,
        }
    }

    /// Score and explain one sentence.
    pub fn assess(&self, text: &str, vectors: Option<&dyn Vectors>) -> Assessment {
        self.pipeline(vectors).assess(text, vectors)
    }

    /// The decision threshold of the pipeline that `vectors` allow.
    pub fn threshold(&self, vectors: Option<&dyn Vectors>) -> f32 {
        self.pipeline(vectors).threshold
    }

    /// Score one sentence given only its embedding (or none). The embedded pipeline is used
    /// when it was trained without word vectors and the embedding has its dimension; otherwise
    /// the lexical pipeline.
    pub fn score(&self, text: &str, embedding: Option<&[f32]>) -> f32 {
        struct One<'a>(&'a [f32], &'a str);
        impl Vectors for One<'_> {
            fn name(&self) -> &str {
                self.1
            }
            fn dim(&self) -> usize {
                self.0.len()
            }
            fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>> {
                texts.iter().map(|_| self.0.to_vec()).collect()
            }
        }
        match (&self.embedded, embedding) {
            (Some(p), Some(e)) if !p.word_vectors && e.len() == p.embed_dim => {
                let name = p.embedder.as_deref().unwrap_or("");
                p.assess(text, Some(&One(e, name))).score
            }
            _ => self.lexical.assess(text, None).score,
        }
    }
}

/// Cache of vectors by text around another [`Vectors`] (training embeds each word many times).
pub struct CachedVectors<'a> {
    inner: &'a dyn Vectors,
    cache: std::sync::Mutex<HashMap<String, Vec<f32>>>,
}

impl<'a> CachedVectors<'a> {
    /// Wrap `inner`.
    pub fn new(inner: &'a dyn Vectors) -> CachedVectors<'a> {
        CachedVectors {
            inner,
            cache: std::sync::Mutex::new(HashMap::new()),
        }
    }
}

impl CachedVectors<'_> {
    /// Embed, in one call, every text that training or scoring `examples` with `opts` will ask
    /// for and that is not cached yet (a slow encoder then batches them by length instead of
    /// running one sentence at a time).
    pub fn warm_for(&self, examples: &[Example], opts: &TrainOptions) {
        let inputs: Vec<String> = examples
            .iter()
            .flat_map(|e| vector_inputs(&e.text, opts.word_vectors))
            .collect();
        let Ok(mut cache) = self.cache.lock() else {
            return;
        };
        let mut missing: Vec<&str> = inputs
            .iter()
            .map(String::as_str)
            .filter(|t| !cache.contains_key(*t))
            .collect();
        missing.sort_unstable();
        missing.dedup();
        if missing.is_empty() {
            return;
        }
        for (t, v) in missing.iter().zip(self.inner.embed(&missing)) {
            cache.insert((*t).to_string(), v);
        }
    }
}

impl Vectors for CachedVectors<'_> {
    fn name(&self) -> &str {
        self.inner.name()
    }
    fn dim(&self) -> usize {
        self.inner.dim()
    }
    fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        let Ok(mut cache) = self.cache.lock() else {
            return self.inner.embed(texts);
        };
        let missing: Vec<&str> = texts
            .iter()
            .copied()
            .filter(|t| !cache.contains_key(*t))
            .collect();
        if !missing.is_empty() {
            for (t, v) in missing.iter().zip(self.inner.embed(&missing)) {
                cache.insert((*t).to_string(), v);
            }
        }
        texts
            .iter()
            .map(|t| {
                cache
                    .get(*t)
                    .cloned()
                    .unwrap_or_else(|| vec![0.0; self.inner.dim()])
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn logistic_learns_a_separable_set() {
        // x0 > x1 is the class; a bias-only model cannot do it.
        let mut x = Vec::new();
        let mut y = Vec::new();
        for i in 0..40 {
            let a = (i % 7) as f32 / 7.0;
            let b = (i % 5) as f32 / 5.0;
            if (a - b).abs() < 0.05 {
                continue;
            }
            x.push(vec![(0, a), (1, b)]);
            y.push(a > b);
        }
        let m = Logistic::fit(
            &x,
            &y,
            2,
            &FitOptions {
                l2: 1e-6,
                max_iter: 500,
                balanced: true,
            },
        );
        let correct = x
            .iter()
            .zip(&y)
            .filter(|(xi, yi)| (m.probability(xi) >= 0.5) == **yi)
            .count();
        assert_eq!(correct, x.len());
        assert!(m.weight(0) > 0.0 && m.weight(1) < 0.0);
    }

    #[test]
    fn logistic_json_round_trip_keeps_predictions() {
        let x = vec![vec![(3, 1.0)], vec![(5, 1.0)], vec![(3, 1.0), (5, 0.5)]];
        let y = vec![true, false, true];
        let m = Logistic::fit(&x, &y, 8, &FitOptions::default());
        let back: Logistic = serde_json::from_str(&serde_json::to_string(&m).unwrap()).unwrap();
        assert_eq!(back, m);
        assert_eq!(back.dim(), 8);
        assert_eq!(back.weight(0), 0.0, "unseen features stay zero");
    }

    fn toy() -> Vec<Example> {
        let biased = [
            (
                "The radical mob slammed the shocking plan.",
                vec!["radical", "mob", "slammed", "shocking"],
            ),
            (
                "Lawmakers ranted about the disastrous bill.",
                vec!["ranted", "disastrous"],
            ),
            (
                "The regime's thugs crushed the brave protesters.",
                vec!["thugs", "crushed", "brave"],
            ),
            (
                "Critics slammed the outrageous tax grab.",
                vec!["slammed", "outrageous", "grab"],
            ),
            (
                "The shocking scheme is a disastrous failure.",
                vec!["shocking", "disastrous"],
            ),
            (
                "An extremist mob stormed the building.",
                vec!["extremist", "mob"],
            ),
        ];
        let neutral = [
            "The council approved the budget on Tuesday.",
            "The committee will meet again next month.",
            "The bill passed by a vote of 52 to 48.",
            "Officials said the road would reopen in May.",
            "The company reported quarterly revenue of $3 billion.",
            "The survey included 1,200 adults.",
        ];
        let mut out = Vec::new();
        for ((b, w), n) in biased.iter().zip(neutral) {
            out.push(Example {
                text: (*b).to_string(),
                biased: true,
                words: w.iter().map(|s| (*s).to_string()).collect(),
            });
            out.push(Example {
                text: n.to_string(),
                biased: false,
                words: vec![],
            });
        }
        out
    }

    fn small() -> TrainOptions {
        TrainOptions {
            hash_bits: 12,
            sentence_l2: vec![1e-3],
            max_iter: 100,
            ..TrainOptions::default()
        }
    }

    #[test]
    fn pipeline_separates_loaded_from_plain_sentences() {
        let data = toy();
        let p = Pipeline::train(&data, None, &small());
        let a = p.assess("The radical mob slammed the disastrous plan.", None);
        let b = p.assess("The council will meet on Tuesday.", None);
        assert!(a.score > b.score, "{} vs {}", a.score, b.score);
        assert!(a.words.iter().any(|w| w.word == "mob"), "{:?}", a.words);
        assert!(!b.words.iter().any(|w| w.word == "council"));
        for w in &a.words {
            assert_eq!(
                &"The radical mob slammed the disastrous plan."[w.span.start..w.span.end],
                w.word
            );
        }
    }

    struct Fake;
    impl Vectors for Fake {
        fn name(&self) -> &str {
            "fake"
        }
        fn dim(&self) -> usize {
            4
        }
        fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>> {
            texts
                .iter()
                .map(|t| {
                    let loud = ["mob", "slammed", "shocking", "thugs", "disastrous"]
                        .iter()
                        .any(|w| t.contains(w));
                    if loud {
                        vec![1.0, 0.0, 0.0, 0.0]
                    } else {
                        vec![0.0, 1.0, 0.0, 0.0]
                    }
                })
                .collect()
        }
    }

    #[test]
    fn model_json_round_trip_and_embedder_check() {
        let data = toy();
        let m = BiasModel::train(&data, Some(&Fake), &small(), "toy");
        let json = m.to_json().unwrap();
        let back = BiasModel::from_json(&json).unwrap();
        assert_eq!(back, m);
        let s = "The shocking mob slammed them.";
        assert_eq!(back.assess(s, Some(&Fake)), m.assess(s, Some(&Fake)));
        assert_eq!(
            back.assess(s, Some(&Fake)).method,
            Method::Model {
                embedder: Some("fake".into())
            }
        );
        // Without vectors the lexical pipeline answers.
        assert_eq!(
            back.assess(s, None).method,
            Method::Model { embedder: None }
        );
        assert_eq!(back.score(s, None), back.lexical.assess(s, None).score);
        let c = CachedVectors::new(&Fake);
        assert_eq!(
            back.assess(s, Some(&c)).score,
            back.assess(s, Some(&Fake)).score
        );
    }

    #[test]
    fn warmed_cache_asks_the_encoder_once_for_what_a_pipeline_reads() {
        struct Counting(
            std::sync::atomic::AtomicUsize,
            std::sync::atomic::AtomicUsize,
        );
        impl Vectors for Counting {
            fn name(&self) -> &str {
                "counting"
            }
            fn dim(&self) -> usize {
                2
            }
            fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>> {
                use std::sync::atomic::Ordering::Relaxed;
                self.0.fetch_add(1, Relaxed);
                self.1.fetch_add(texts.len(), Relaxed);
                texts.iter().map(|t| vec![t.len() as f32, 1.0]).collect()
            }
        }
        let inner = Counting(Default::default(), Default::default());
        let c = CachedVectors::new(&inner);
        let text = "The regime slammed the shocking report.";
        let inputs = vector_inputs(text, true);
        assert_eq!(inputs[0], text);
        assert!(inputs.contains(&"regime".to_string()) && inputs.contains(&"shocking".to_string()));
        assert!(
            !inputs.contains(&"the".to_string()),
            "stopwords are not candidates"
        );
        let example = Example {
            text: text.into(),
            biased: true,
            words: Vec::new(),
        };
        c.warm_for(&[example.clone(), example], &TrainOptions::default());
        use std::sync::atomic::Ordering::Relaxed;
        assert_eq!(inner.0.load(Relaxed), 1, "one batch");
        assert_eq!(inner.1.load(Relaxed), inputs.len(), "each text once");
        // Reading the sentence now asks for nothing new.
        let _ = prepare(text, Some(&c), true);
        assert_eq!(inner.0.load(Relaxed), 1);
    }

    #[test]
    fn lexicon_fallback_counts_own_voice_terms() {
        let a = assess_lexicon("The regime slammed the shocking report.");
        assert!(a.biased && a.method == Method::Lexicon);
        assert_eq!(a.words.len(), 3, "{:?}", a.words);
        let b = assess_lexicon("He said: \"The regime slammed it.\"");
        assert!(!b.biased, "quoted terms are not the outlet's voice");
        assert_eq!(b.loaded.len(), 2);
        assert!(!assess_lexicon("The council met on Tuesday.").biased);
    }

    #[test]
    fn not_superlative_is_sorted() {
        assert!(NOT_SUPERLATIVE.windows(2).all(|w| w[0] < w[1]));
        assert!(is_superlative("cruelest", None) && !is_superlative("interest", None));
    }
}
