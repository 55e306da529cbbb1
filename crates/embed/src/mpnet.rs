//! The quality sentence encoder: all-mpnet-base-v2 (MPNet, 12 layers, 768 dimensions), run on
//! the CPU in plain Rust over `matrixmultiply`'s SGEMM.
//!
//! It is optional and opt-in: `scripts/setup.sh` fetches the weights only when asked
//! (`PARALLAX_QUALITY=1`), and only the sentence-bias classifier uses it. It is about ten
//! thousand times slower than potion-base-8M (tens of milliseconds per sentence on one core
//! against microseconds), and worth it there: frozen mean-pooled MPNet states carry what
//! static vectors miss (BABE macro-F1, README).
//!
//! The vector of a text is the attention-masked mean of the hidden states after layer
//! [`MPNET_POOL_LAYER`] (of 12), L2-normalised; the layers above it are not run. The middle
//! layer is the one a linear classifier of media bias reads best (measured on BABE: layer 6
//! ahead of the last layer, the sentence-similarity output, by about 0.02 macro-F1), and it
//! halves the work.
//!
//! The forward pass follows MPNet as published (Song et al. 2020; Hugging Face's `MPNetModel`):
//! word and absolute position embeddings (positions start after the padding index), a
//! layer norm, then per layer self-attention with a bucketed relative-position bias shared by
//! all layers, a residual layer norm, a GELU feed-forward block and a second residual layer
//! norm. Checked against an independent NumPy implementation of the same model (the test in
//! `tests/mpnet.rs` holds the reference cosines).

use std::path::Path;

use safetensors::SafeTensors;
use tokenizers::Tokenizer;

use crate::{EmbedError, normalise};

/// Sub-directory of `models/` holding the all-mpnet-base-v2 weights.
pub const MPNET_DIR: &str = "all-mpnet-base-v2";
/// The hidden layer whose mean is the sentence vector (1-based; 12 is the model's output).
pub const MPNET_POOL_LAYER: usize = 6;
/// Name reported through [`parallax_analyze::bias::Vectors`] (model and pooled layer).
pub const MPNET_NAME: &str = "all-mpnet-base-v2-L6-mean";

const HIDDEN: usize = 768;
const HEADS: usize = 12;
const HEAD_DIM: usize = HIDDEN / HEADS;
const FFN: usize = 3072;
const BUCKETS: usize = 32;
const MAX_DISTANCE: f32 = 128.0;
const LN_EPS: f32 = 1e-5;
/// MPNet's padding id (positions are counted from it).
const PAD_ID: u32 = 1;
/// MPNet's `<unk>` id, standing in for an id beyond the embedding table.
const UNK_ID: u32 = 3;
/// Longest input in tokens; longer texts are cut (sentences are far shorter).
const MAX_TOKENS: usize = 256;
/// Most tokens run through the network at once (sentences of similar length are batched).
const BATCH_TOKENS: usize = 2048;

/// A dense layer: `y = x·Wᵀ + b`, with `W` stored as Hugging Face does (`out × in`, row-major).
struct Linear {
    w: Vec<f32>,
    b: Vec<f32>,
    n_in: usize,
    n_out: usize,
}

struct LayerNorm {
    gamma: Vec<f32>,
    beta: Vec<f32>,
}

struct Layer {
    q: Linear,
    k: Linear,
    v: Linear,
    o: Linear,
    attn_norm: LayerNorm,
    up: Linear,
    down: Linear,
    out_norm: LayerNorm,
}

/// The loaded encoder. Immutable after loading, so one instance serves many threads.
pub struct Mpnet {
    tokenizer: Tokenizer,
    words: Vec<f32>,
    vocab: usize,
    positions: Vec<f32>,
    n_positions: usize,
    embed_norm: LayerNorm,
    /// `BUCKETS × HEADS`.
    rel_bias: Vec<f32>,
    layers: Vec<Layer>,
}

impl std::fmt::Debug for Mpnet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mpnet")
            .field("layers_run", &self.layers.len())
            .finish()
    }
}

/// `C (m×n) = A·B (+ C when accumulate)`, every matrix given by its slice and row/column strides.
#[allow(clippy::too_many_arguments)]
fn gemm(
    m: usize,
    k: usize,
    n: usize,
    alpha: f32,
    a: (&[f32], usize, usize),
    b: (&[f32], usize, usize),
    accumulate: bool,
    c: (&mut [f32], usize, usize),
) {
    let last = |rows: usize, cols: usize, rs: usize, cs: usize| {
        if rows == 0 || cols == 0 {
            0
        } else {
            (rows - 1) * rs + (cols - 1) * cs + 1
        }
    };
    // Every element the kernel touches lies inside its slice: checked here, so the call
    // below reads and writes only memory the borrows own.
    assert!(a.0.len() >= last(m, k, a.1, a.2), "gemm: A out of bounds");
    assert!(b.0.len() >= last(k, n, b.1, b.2), "gemm: B out of bounds");
    assert!(c.0.len() >= last(m, n, c.1, c.2), "gemm: C out of bounds");
    if m == 0 || n == 0 {
        return;
    }
    let stride = |s: usize| isize::try_from(s).unwrap_or(isize::MAX);
    // SAFETY: the three assertions above bound every index the kernel forms
    // (row * row_stride + col * col_stride < len) for the given m, k, n; A and B are shared
    // borrows and C an exclusive one, so they do not alias.
    #[allow(unsafe_code)]
    unsafe {
        matrixmultiply::sgemm(
            m,
            k,
            n,
            alpha,
            a.0.as_ptr(),
            stride(a.1),
            stride(a.2),
            b.0.as_ptr(),
            stride(b.1),
            stride(b.2),
            if accumulate { 1.0 } else { 0.0 },
            c.0.as_mut_ptr(),
            stride(c.1),
            stride(c.2),
        );
    }
}

impl Linear {
    /// `rows` inputs of `n_in` values to `rows` outputs of `n_out` values.
    fn apply(&self, x: &[f32], rows: usize) -> Vec<f32> {
        let mut y = Vec::with_capacity(rows * self.n_out);
        for _ in 0..rows {
            y.extend_from_slice(&self.b);
        }
        gemm(
            rows,
            self.n_in,
            self.n_out,
            1.0,
            (x, self.n_in, 1),
            (&self.w, 1, self.n_in),
            true,
            (&mut y, self.n_out, 1),
        );
        y
    }
}

impl LayerNorm {
    fn apply(&self, x: &mut [f32]) {
        for row in x.chunks_exact_mut(self.gamma.len()) {
            let n = row.len() as f32;
            let mean = row.iter().sum::<f32>() / n;
            let var = row.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / n;
            let inv = 1.0 / (var + LN_EPS).sqrt();
            for ((v, g), b) in row.iter_mut().zip(&self.gamma).zip(&self.beta) {
                *v = (*v - mean) * inv * g + b;
            }
        }
    }
}

/// The error function (Abramowitz and Stegun 7.1.26, absolute error below 1.5e-7).
fn erf(x: f32) -> f32 {
    let s = x.signum();
    let x = x.abs();
    let t = 1.0 / (1.0 + 0.327_591_1 * x);
    let y = 1.0
        - (((((1.061_405_4 * t - 1.453_152_1) * t) + 1.421_413_7) * t - 0.284_496_74) * t
            + 0.254_829_6)
            * t
            * (-x * x).exp();
    s * y
}

fn gelu(x: f32) -> f32 {
    0.5 * x * (1.0 + erf(x / std::f32::consts::SQRT_2))
}

/// MPNet's relative-position bucket of key position minus query position (T5's scheme:
/// 16 buckets each side, exact below 8, logarithmic up to 128).
fn bucket(relative: i64) -> usize {
    let half = (BUCKETS / 2) as i64;
    let n = -relative;
    let side = if n < 0 { half } else { 0 };
    let n = n.abs();
    let exact = half / 2;
    let within = if n < exact {
        n
    } else {
        let large = exact
            + ((n as f32 / exact as f32).ln() / (MAX_DISTANCE / exact as f32).ln()
                * (half - exact) as f32) as i64;
        large.min(half - 1)
    };
    (side + within) as usize
}

/// Read one f32 tensor, checking its shape.
fn tensor(
    st: &SafeTensors,
    dir: &Path,
    name: &str,
    shape: &[usize],
) -> Result<Vec<f32>, EmbedError> {
    let bad = |message: String| EmbedError::Model {
        path: dir.to_path_buf(),
        message,
    };
    let t = st
        .tensor(name)
        .map_err(|e| bad(format!("tensor {name}: {e}")))?;
    if t.dtype() != safetensors::Dtype::F32 {
        return Err(bad(format!("tensor {name} is {:?}, not F32", t.dtype())));
    }
    if t.shape() != shape {
        return Err(bad(format!(
            "tensor {name} has shape {:?}, expected {shape:?}",
            t.shape()
        )));
    }
    Ok(t.data()
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect())
}

impl Mpnet {
    /// Load `tokenizer.json` and `model.safetensors` from `dir` (such as
    /// `models/all-mpnet-base-v2`); only the layers up to [`MPNET_POOL_LAYER`] are kept.
    pub fn load(dir: &Path) -> Result<Mpnet, EmbedError> {
        let path = |name: &str| dir.join(name);
        let bad = |message: String| EmbedError::Model {
            path: dir.to_path_buf(),
            message,
        };
        let bytes = std::fs::read(path("model.safetensors")).map_err(|source| EmbedError::Io {
            path: path("model.safetensors"),
            source,
        })?;
        let st = SafeTensors::deserialize(&bytes).map_err(|e| bad(format!("{e}")))?;
        // Rows of a table whose row count the configuration sets (vocabulary, positions).
        let rows = |name: &str| -> Result<usize, EmbedError> {
            let t = st.tensor(name).map_err(|e| bad(format!("{name}: {e}")))?;
            Ok(t.shape().first().copied().unwrap_or(0))
        };
        let vocab = rows("embeddings.word_embeddings.weight")?;
        let n_positions = rows("embeddings.position_embeddings.weight")?;
        if n_positions < MAX_TOKENS + 2 {
            return Err(bad(format!("only {n_positions} positions")));
        }
        let t = |name: &str, shape: &[usize]| tensor(&st, dir, name, shape);
        let linear = |name: &str, n_in: usize, n_out: usize| -> Result<Linear, EmbedError> {
            Ok(Linear {
                w: t(&format!("{name}.weight"), &[n_out, n_in])?,
                b: t(&format!("{name}.bias"), &[n_out])?,
                n_in,
                n_out,
            })
        };
        let norm = |name: &str| -> Result<LayerNorm, EmbedError> {
            Ok(LayerNorm {
                gamma: t(&format!("{name}.weight"), &[HIDDEN])?,
                beta: t(&format!("{name}.bias"), &[HIDDEN])?,
            })
        };
        let mut layers = Vec::with_capacity(MPNET_POOL_LAYER);
        for l in 0..MPNET_POOL_LAYER {
            let p = format!("encoder.layer.{l}");
            layers.push(Layer {
                q: linear(&format!("{p}.attention.attn.q"), HIDDEN, HIDDEN)?,
                k: linear(&format!("{p}.attention.attn.k"), HIDDEN, HIDDEN)?,
                v: linear(&format!("{p}.attention.attn.v"), HIDDEN, HIDDEN)?,
                o: linear(&format!("{p}.attention.attn.o"), HIDDEN, HIDDEN)?,
                attn_norm: norm(&format!("{p}.attention.LayerNorm"))?,
                up: linear(&format!("{p}.intermediate.dense"), HIDDEN, FFN)?,
                down: linear(&format!("{p}.output.dense"), FFN, HIDDEN)?,
                out_norm: norm(&format!("{p}.output.LayerNorm"))?,
            });
        }
        let words = t("embeddings.word_embeddings.weight", &[vocab, HIDDEN])?;
        let positions = t(
            "embeddings.position_embeddings.weight",
            &[n_positions, HIDDEN],
        )?;
        let embed_norm = norm("embeddings.LayerNorm")?;
        let rel_bias = t("encoder.relative_attention_bias.weight", &[BUCKETS, HEADS])?;
        drop(bytes);
        let mut tokenizer = Tokenizer::from_file(path("tokenizer.json"))
            .map_err(|e| bad(format!("tokenizer.json: {e}")))?;
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(Some(tokenizers::TruncationParams {
                max_length: MAX_TOKENS,
                ..Default::default()
            }))
            .map_err(|e| bad(format!("tokenizer truncation: {e}")))?;
        Ok(Mpnet {
            tokenizer,
            words,
            vocab,
            positions,
            n_positions,
            embed_norm,
            rel_bias,
            layers,
        })
    }

    /// The encoder from `models/all-mpnet-base-v2`, or the one-line reason it is not there.
    pub fn from_models(models: Option<&Path>) -> Result<Mpnet, String> {
        let Some(models) = models else {
            return Err("no models/ directory found".into());
        };
        let dir = models.join(MPNET_DIR);
        if !dir.join("model.safetensors").is_file() {
            return Err(format!(
                "{} not found (PARALLAX_QUALITY=1 scripts/setup.sh fetches it)",
                dir.display()
            ));
        }
        Mpnet::load(&dir).map_err(|e| e.to_string())
    }

    /// Number of components of each vector.
    pub fn dim(&self) -> usize {
        HIDDEN
    }

    /// Token ids of `text` with MPNet's `<s>` and `</s>` (at most `MAX_TOKENS`).
    fn ids(&self, text: &str) -> Vec<u32> {
        match self.tokenizer.encode(text, true) {
            Ok(enc) => enc
                .get_ids()
                .iter()
                .map(|&i| if (i as usize) < self.vocab { i } else { UNK_ID })
                .collect(),
            // The tokenizer fails only on pathological input; the empty text's vector stands in.
            Err(_) => Vec::new(),
        }
    }

    /// One unit vector per text, in order (the empty text gives the zero vector).
    pub fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        let ids: Vec<Vec<u32>> = texts.iter().map(|t| self.ids(t)).collect();
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| ids[i].len());
        let mut out = vec![Vec::new(); texts.len()];
        let mut start = 0;
        while start < order.len() {
            // Sentences sorted by length: take as many as fit in the token budget.
            let mut end = start + 1;
            while end < order.len() && (end + 1 - start) * ids[order[end]].len() <= BATCH_TOKENS {
                end += 1;
            }
            let batch: Vec<&[u32]> = order[start..end].iter().map(|&i| &ids[i][..]).collect();
            for (v, &i) in self.forward(&batch).into_iter().zip(&order[start..end]) {
                out[i] = v;
            }
            start = end;
        }
        out
    }

    /// Mean-pooled, normalised hidden states after the last kept layer, one per sequence.
    fn forward(&self, batch: &[&[u32]]) -> Vec<Vec<f32>> {
        let b = batch.len();
        let len = batch.iter().map(|s| s.len()).max().unwrap_or(0);
        if len == 0 {
            return vec![vec![0.0; HIDDEN]; b];
        }
        let rows = b * len;
        // Embeddings: word + position (real tokens at positions 2, 3, …), then layer norm.
        let mut h = vec![0.0f32; rows * HIDDEN];
        for (s, seq) in batch.iter().enumerate() {
            for t in 0..len {
                let id = seq.get(t).copied().unwrap_or(PAD_ID) as usize;
                let pos = if t < seq.len() {
                    (t + PAD_ID as usize + 1).min(self.n_positions - 1)
                } else {
                    PAD_ID as usize
                };
                let row = &mut h[(s * len + t) * HIDDEN..][..HIDDEN];
                let w = &self.words[id * HIDDEN..][..HIDDEN];
                let p = &self.positions[pos * HIDDEN..][..HIDDEN];
                for ((r, a), c) in row.iter_mut().zip(w).zip(p) {
                    *r = a + c;
                }
            }
        }
        self.embed_norm.apply(&mut h);
        // Relative-position bias per head, `HEADS × len × len`, shared by every layer.
        let mut bias = vec![0.0f32; HEADS * len * len];
        for i in 0..len {
            for j in 0..len {
                let bk = bucket(j as i64 - i as i64);
                for head in 0..HEADS {
                    bias[(head * len + i) * len + j] = self.rel_bias[bk * HEADS + head];
                }
            }
        }
        let scale = 1.0 / (HEAD_DIM as f32).sqrt();
        let mut scores = vec![0.0f32; len * len];
        for layer in &self.layers {
            let q = layer.q.apply(&h, rows);
            let k = layer.k.apply(&h, rows);
            let v = layer.v.apply(&h, rows);
            let mut ctx = vec![0.0f32; rows * HIDDEN];
            for (s, seq) in batch.iter().enumerate() {
                let valid = seq.len();
                let base = s * len * HIDDEN;
                for head in 0..HEADS {
                    let off = base + head * HEAD_DIM;
                    gemm(
                        len,
                        HEAD_DIM,
                        len,
                        scale,
                        (&q[off..], HIDDEN, 1),
                        (&k[off..], 1, HIDDEN),
                        false,
                        (&mut scores, len, 1),
                    );
                    for i in 0..len {
                        let row = &mut scores[i * len..][..len];
                        let brow = &bias[(head * len + i) * len..][..len];
                        let mut max = f32::NEG_INFINITY;
                        for j in 0..valid {
                            row[j] += brow[j];
                            max = max.max(row[j]);
                        }
                        let mut sum = 0.0;
                        for x in &mut row[..valid] {
                            *x = (*x - max).exp();
                            sum += *x;
                        }
                        for x in &mut row[..valid] {
                            *x /= sum;
                        }
                        row[valid..].fill(0.0);
                    }
                    gemm(
                        len,
                        len,
                        HEAD_DIM,
                        1.0,
                        (&scores, len, 1),
                        (&v[off..], HIDDEN, 1),
                        false,
                        (&mut ctx[off..], HIDDEN, 1),
                    );
                }
            }
            let mut a = layer.o.apply(&ctx, rows);
            a.iter_mut().zip(&h).for_each(|(x, r)| *x += r);
            layer.attn_norm.apply(&mut a);
            let mut up = layer.up.apply(&a, rows);
            up.iter_mut().for_each(|x| *x = gelu(*x));
            let mut out = layer.down.apply(&up, rows);
            out.iter_mut().zip(&a).for_each(|(x, r)| *x += r);
            layer.out_norm.apply(&mut out);
            h = out;
        }
        batch
            .iter()
            .enumerate()
            .map(|(s, seq)| {
                let mut v = vec![0.0f32; HIDDEN];
                for t in 0..seq.len() {
                    let row = &h[(s * len + t) * HIDDEN..][..HIDDEN];
                    v.iter_mut().zip(row).for_each(|(a, x)| *a += x);
                }
                normalise(&mut v);
                v
            })
            .collect()
    }
}

/// The bias classifier takes MPNet vectors through the same trait as potion's.
impl parallax_analyze::bias::Vectors for Mpnet {
    fn name(&self) -> &str {
        MPNET_NAME
    }
    fn dim(&self) -> usize {
        HIDDEN
    }
    fn embed(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        Mpnet::embed(self, texts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_follow_the_t5_scheme() {
        // Keys before the query fall in 0..16, keys after it in 16..32; exact below 8.
        assert_eq!(bucket(0), 0);
        assert_eq!(bucket(-1), 1);
        assert_eq!(bucket(-7), 7);
        assert_eq!(bucket(1), 17);
        assert_eq!(bucket(7), 23);
        assert_eq!(bucket(-8), 8);
        assert_eq!(bucket(-16), 10);
        assert_eq!(bucket(-127), 15);
        assert_eq!(bucket(-1000), 15);
        assert_eq!(bucket(1000), 31);
    }

    #[test]
    fn erf_and_gelu_match_known_values() {
        assert!((erf(0.5) - 0.520_499_9).abs() < 1e-6);
        assert!((erf(-1.5) + 0.966_105_1).abs() < 1e-6);
        assert!((gelu(1.0) - 0.841_344_7).abs() < 1e-6);
        assert!(gelu(-10.0).abs() < 1e-6);
    }

    #[test]
    fn gemm_reads_transposed_strides() {
        // A (2×3) · Wᵀ where W (2×3) is stored out×in.
        let a = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let w = [1.0, 0.0, 1.0, 0.0, 1.0, 0.0];
        let mut c = [0.0; 4];
        gemm(2, 3, 2, 1.0, (&a, 3, 1), (&w, 1, 3), false, (&mut c, 2, 1));
        assert_eq!(c, [4.0, 2.0, 10.0, 5.0]);
    }
}
