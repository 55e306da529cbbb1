//! Sentence embeddings and the `models/` directory: the one Parallax crate that loads model files.
//!
//! [`Embedder`] turns texts into L2-normalised vectors. With the potion-base-8M weights under
//! `models/potion-base-8M/` it is a model2vec static embedder (256 dimensions, a few microseconds
//! per sentence); without them it is [`Embedder::lexical`], hashed words and character trigrams
//! (same interface, same dimension, no semantics beyond shared spelling). Callers say which one
//! they got through [`Embedder::name`] and [`Embedder::is_fallback`], so no figure is reported
//! for the model when only the fallback ran.
//!
//! Analysis and comparison crates never open files: the binary (or an evaluation) loads an
//! `Embedder` here and passes it, or vectors made with it, into them. `Embedder` implements
//! [`parallax_analyze::bias::Vectors`], the interface the analysis side declares.
//!
//! Where models live: [`models_dir`] reads `PARALLAX_MODELS`, else looks for a `models/`
//! directory holding Parallax models in the current directory and its ancestors, then beside the
//! executable and its ancestors (so `target/release/parallax` finds the workspace's `models/`).
//! `scripts/setup.sh` puts the weights there.
#![deny(missing_docs)]

use std::path::{Path, PathBuf};

use model2vec_rs::model::StaticModel;

mod mpnet;
pub mod places;
pub use mpnet::{MPNET_DIR, MPNET_NAME, MPNET_POOL_LAYER, Mpnet};

/// Sub-directory of `models/` holding the potion-base-8M weights.
pub const POTION_DIR: &str = "potion-base-8M";
/// File name of the trained sentence-bias model in `models/`.
pub const BIAS_MODEL_FILE: &str = "bias.json";
/// File name of the sentence-bias model trained over all-mpnet-base-v2 vectors (`--quality`).
pub const QUALITY_BIAS_MODEL_FILE: &str = "bias-quality.json";
/// Dimension of the lexical fallback (the same as potion-base-8M's).
pub const LEXICAL_DIM: usize = 256;
/// Name reported by the lexical fallback.
pub const LEXICAL_NAME: &str = "lexical-hash-256";
/// Name reported by the model2vec embedder over potion-base-8M.
pub const POTION_NAME: &str = "potion-base-8M";

/// Why a model could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    /// A model file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// The files were read but do not make a model.
    #[error("{path}: not a usable model: {message}")]
    Model {
        /// The model directory.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
}

/// Texts to vectors. Every vector has [`Embedder::dim`] components and unit length (a text with
/// no words gives the zero vector).
pub struct Embedder {
    kind: Kind,
}

enum Kind {
    Static(Box<StaticModel>),
    Lexical,
}

impl std::fmt::Debug for Embedder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Embedder")
            .field("name", &self.name())
            .field("dim", &self.dim())
            .finish()
    }
}

impl Embedder {
    /// The model2vec embedder from a directory holding `tokenizer.json`, `model.safetensors` and
    /// `config.json` (such as `models/potion-base-8M`).
    pub fn load(dir: &Path) -> Result<Embedder, EmbedError> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path).map_err(|source| EmbedError::Io { path, source })
        };
        let tokenizer = read("tokenizer.json")?;
        let weights = read("model.safetensors")?;
        let config = read("config.json")?;
        let model =
            StaticModel::from_bytes(tokenizer, weights, config, Some(true)).map_err(|e| {
                EmbedError::Model {
                    path: dir.to_path_buf(),
                    message: format!("{e:#}"),
                }
            })?;
        Ok(Embedder {
            kind: Kind::Static(Box::new(model)),
        })
    }

    /// The lexical fallback: hashed lower-case words and character trigrams, signed, L2-normalised.
    pub fn lexical() -> Embedder {
        Embedder {
            kind: Kind::Lexical,
        }
    }

    /// The model2vec embedder from `models/potion-base-8M` when it loads, else the lexical
    /// fallback together with a one-line reason (for a diagnostic).
    pub fn from_models(models: Option<&Path>) -> (Embedder, Option<String>) {
        let Some(models) = models else {
            return (
                Embedder::lexical(),
                Some("no models/ directory found (run scripts/setup.sh); using the lexical fallback embedder".into()),
            );
        };
        let dir = models.join(POTION_DIR);
        if !dir.join("model.safetensors").is_file() {
            return (
                Embedder::lexical(),
                Some(format!(
                    "{} not found (run scripts/setup.sh); using the lexical fallback embedder",
                    dir.display()
                )),
            );
        }
        match Embedder::load(&dir) {
            Ok(e) => (e, None),
            Err(e) => (
                Embedder::lexical(),
                Some(format!("{e}; using the lexical fallback embedder")),
            ),
        }
    }

    /// The model for claim alignment: potion-base-8M from the project's `models/` directory,
    /// or the one-line reason it is not there. The lexical fallback is never returned: TF-IDF
    /// over the same words already does its job in the alignment.
    pub fn for_alignment() -> Result<Embedder, String> {
        match Embedder::from_models(models_dir().as_deref()) {
            (e, None) if !e.is_fallback() => Ok(e),
            (_, why) => Err(why.unwrap_or_else(|| "no sentence-embedding model".into())),
        }
    }

    /// Name of the embedder: [`POTION_NAME`] or [`LEXICAL_NAME`]. A model trained on one
    /// embedder's vectors must only be given vectors from an embedder of the same name.
    pub fn name(&self) -> &'static str {
        match self.kind {
            Kind::Static(_) => POTION_NAME,
            Kind::Lexical => LEXICAL_NAME,
        }
    }

    /// True for the lexical fallback.
    pub fn is_fallback(&self) -> bool {
        matches!(self.kind, Kind::Lexical)
    }

    /// Number of components of each vector.
    pub fn dim(&self) -> usize {
        match &self.kind {
            Kind::Static(m) => m.dim(),
            Kind::Lexical => LEXICAL_DIM,
        }
    }

    /// One unit vector per text, in order.
    pub fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        match &self.kind {
            Kind::Static(m) => {
                let owned: Vec<String> = texts.iter().map(|t| (*t).to_string()).collect();
                let mut out = m.encode(&owned);
                out.iter_mut().for_each(|v| normalise(v));
                out
            }
            Kind::Lexical => texts.iter().map(|t| lexical_vector(t)).collect(),
        }
    }

    /// The vector of one text.
    pub fn embed_one(&self, text: &str) -> Vec<f32> {
        self.embed(&[text])
            .pop()
            .unwrap_or_else(|| vec![0.0; self.dim()])
    }
}

/// The analysis crates take vectors through this trait, so they never see model files.
impl parallax_analyze::bias::Vectors for Embedder {
    fn name(&self) -> &str {
        Embedder::name(self)
    }
    fn dim(&self) -> usize {
        Embedder::dim(self)
    }
    fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        Embedder::embed(self, texts)
    }
}

/// Scale `v` to unit length; non-finite components become 0 and a zero vector stays zero.
pub fn normalise(v: &mut [f32]) {
    for x in v.iter_mut() {
        if !x.is_finite() {
            *x = 0.0;
        }
    }
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| *x /= norm);
    }
}

/// Cosine of two vectors (their dot product when both are unit length); 0 for a zero vector.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let na = a.iter().map(|x| x * x).sum::<f32>().sqrt();
    let nb = b.iter().map(|x| x * x).sum::<f32>().sqrt();
    if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        dot / (na * nb)
    }
}

/// 64-bit FNV-1a: a fixed hash, so fallback vectors are the same on every machine and run.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

fn add_hashed(v: &mut [f32], key: &[u8], weight: f32) {
    let h = fnv1a(key);
    let i = (h % v.len() as u64) as usize;
    let sign = if (h >> 63) == 1 { -1.0 } else { 1.0 };
    v[i] += sign * weight;
}

/// The lexical fallback vector of one text: each lower-case word counts once as a word and once
/// spread over its character trigrams (with `<` and `>` marking its ends), so "tax" and "taxes"
/// share part of their vectors.
fn lexical_vector(text: &str) -> Vec<f32> {
    let mut v = vec![0.0f32; LEXICAL_DIM];
    let lower = text.to_lowercase();
    for word in lower
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
    {
        let mut key = Vec::with_capacity(word.len() + 2);
        key.extend_from_slice(b"w:");
        key.extend_from_slice(word.as_bytes());
        add_hashed(&mut v, &key, 1.0);
        let chars: Vec<char> = std::iter::once('<')
            .chain(word.chars())
            .chain(std::iter::once('>'))
            .collect();
        let grams = chars.len().saturating_sub(2).max(1);
        let weight = 1.0 / grams as f32;
        for g in chars.windows(3) {
            let s: String = g.iter().collect();
            add_hashed(&mut v, s.as_bytes(), weight);
        }
    }
    normalise(&mut v);
    v
}

/// True when `dir` holds Parallax models (the potion weights or a trained bias model).
fn holds_models(dir: &Path) -> bool {
    dir.join(POTION_DIR).is_dir() || dir.join(BIAS_MODEL_FILE).is_file()
}

/// The models directory: `PARALLAX_MODELS` when set, else the first `models/` holding Parallax
/// models found from the current directory upward, then from the executable's directory upward.
pub fn models_dir() -> Option<PathBuf> {
    let env = std::env::var_os("PARALLAX_MODELS").map(PathBuf::from);
    let cwd = std::env::current_dir().ok();
    let exe = std::env::current_exe().ok();
    find_models_dir(
        env.as_deref(),
        cwd.as_deref(),
        exe.as_deref().and_then(Path::parent),
    )
}

/// [`models_dir`] with its inputs given: an explicit directory wins (even when it is empty, so a
/// test can point at nothing); otherwise the ancestors of `cwd`, then those of `exe_dir`.
pub fn find_models_dir(
    explicit: Option<&Path>,
    cwd: Option<&Path>,
    exe_dir: Option<&Path>,
) -> Option<PathBuf> {
    if let Some(p) = explicit {
        return Some(p.to_path_buf());
    }
    [cwd, exe_dir]
        .into_iter()
        .flatten()
        .flat_map(Path::ancestors)
        .map(|d| d.join("models"))
        .find(|m| holds_models(m))
}

/// Read a UTF-8 model file (such as `models/bias.json`). `Ok(None)` when it does not exist.
pub fn read_model_text(path: &Path) -> Result<Option<String>, EmbedError> {
    match std::fs::read_to_string(path) {
        Ok(s) => Ok(Some(s)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(EmbedError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn lexical_vectors_are_unit_length_and_share_spelling() {
        let e = Embedder::lexical();
        let v = e.embed(&["Taxes rose sharply.", "Tax rises were sharp.", "", "Zebra"]);
        assert_eq!(v.len(), 4);
        for x in [&v[0], &v[1], &v[3]] {
            assert_eq!(x.len(), LEXICAL_DIM);
            let n: f32 = x.iter().map(|a| a * a).sum();
            assert!((n - 1.0).abs() < 1e-4);
        }
        assert!(v[2].iter().all(|x| *x == 0.0), "no words: the zero vector");
        assert!(cosine(&v[0], &v[1]) > cosine(&v[0], &v[3]));
        assert_eq!(e.embed_one("Taxes rose sharply."), v[0], "deterministic");
    }

    #[test]
    fn explicit_models_dir_wins_and_search_needs_models() {
        let tmp = std::env::temp_dir().join(format!("parallax-embed-{}", std::process::id()));
        let deep = tmp.join("a/b");
        std::fs::create_dir_all(&deep).unwrap();
        let found = find_models_dir(None, Some(&deep), None);
        assert!(
            found.is_none_or(|p| !p.starts_with(&tmp)),
            "no models under {tmp:?} yet"
        );
        std::fs::create_dir_all(tmp.join("models").join(POTION_DIR)).unwrap();
        assert_eq!(
            find_models_dir(None, Some(&deep), None),
            Some(tmp.join("models"))
        );
        assert_eq!(
            find_models_dir(Some(Path::new("/nowhere")), Some(&deep), None),
            Some(PathBuf::from("/nowhere"))
        );
        let (e, why) = Embedder::from_models(Some(&tmp.join("models")));
        assert!(e.is_fallback() && why.is_some());
        std::fs::remove_dir_all(&tmp).unwrap();
    }

    /// The real weights, when `scripts/setup.sh` has fetched them.
    #[test]
    fn potion_embeds_paraphrases_closer_than_unrelated_text() {
        let dir = models_dir()
            .unwrap_or_else(|| "models".into())
            .join(POTION_DIR);
        let weights = dir.join("model.safetensors");
        let need = parallax_testkit::Need::Model;
        let Some(_) = parallax_testkit::file(need, &weights, "run scripts/setup.sh") else {
            return;
        };
        let e = Embedder::load(&dir).unwrap();
        assert_eq!(
            (e.name(), e.dim(), e.is_fallback()),
            (POTION_NAME, 256, false)
        );
        let v = e.embed(&[
            "The central bank raised interest rates on Wednesday to fight inflation.",
            "On Wednesday the Federal Reserve hiked borrowing costs to curb rising prices.",
            "The football team won the championship after a dramatic penalty shootout.",
        ]);
        let n: f32 = v[0].iter().map(|a| a * a).sum();
        assert!((n - 1.0).abs() < 1e-4);
        assert!(cosine(&v[0], &v[1]) > 0.4, "{}", cosine(&v[0], &v[1]));
        assert!(cosine(&v[0], &v[2]) < 0.2);
    }
}
