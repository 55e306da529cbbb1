//! Many articles → stories, and near-copies (syndicated wire copy) linked to their origin.
//!
//! Word shingles and Jaccard similarity: exact, deterministic, and enough at the size of one
//! comparison (2–50 articles). For whole feeds and archives, [`minhash`] finds near-copies
//! among thousands without comparing every pair. [`stream`] groups a stream of articles into
//! stories one article at a time (headline and lead terms, names, time, optional sentence
//! vectors) inside a bounded live window; [`text`] holds the terms and names it compares.
//! Never reads HTML; never does I/O.
#![deny(missing_docs)]

pub mod minhash;
pub mod stream;
pub mod synth;
pub mod text;

pub use stream::{
    Assignment, ClosedStory, Clusterer, Config, Member, Stats, StoryId, StreamArticle, cluster_all,
    cluster_by_time, resolve_merges,
};

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// Jaccard similarity of word 5-shingles at or above which two articles count as one origin.
pub const COPY_THRESHOLD: f64 = 0.6;

/// Lower-case word 5-shingles of a text, hashed.
pub fn shingles(text: &str) -> HashSet<u64> {
    use std::hash::Hash;
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut out = HashSet::new();
    if words.len() < 5 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        words.hash(&mut h);
        if !words.is_empty() {
            out.insert(h.finish());
        }
        return out;
    }
    for w in words.windows(5) {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        w.hash(&mut h);
        out.insert(h.finish());
    }
    out
}

/// Jaccard similarity of two shingle sets (0 when both are empty).
pub fn jaccard(a: &HashSet<u64>, b: &HashSet<u64>) -> f64 {
    let inter = a.intersection(b).count();
    let union = a.len() + b.len() - inter;
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

/// For each text, the index of the first earlier text it is a near-copy of.
pub fn near_copies(texts: &[&str]) -> Vec<Option<usize>> {
    let sh: Vec<HashSet<u64>> = texts.iter().map(|t| shingles(t)).collect();
    let mut out: Vec<Option<usize>> = vec![None; texts.len()];
    for i in 0..texts.len() {
        for j in 0..i {
            if jaccard(&sh[i], &sh[j]) >= COPY_THRESHOLD {
                out[i] = Some(out[j].unwrap_or(j));
                break;
            }
        }
    }
    out
}

/// A fast hasher for the crate's own maps (ids and terms it made itself, LSH band keys that
/// are already hashes; never keys an adversary picks more than any article's words): one
/// multiply per 8 bytes, like rustc's FxHash. Iteration order of these maps never reaches a
/// result.
#[derive(Debug, Default, Clone, Copy)]
pub struct IdHasher(u64);

const ID_MUL: u64 = 0x517c_c1b7_2722_0a95;

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in chunks.by_ref() {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.write_u64(u64::from_le_bytes(b));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.write_u64(u64::from_le_bytes(b) ^ (rest.len() as u64) << 59);
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(ID_MUL);
    }
    fn write_i64(&mut self, n: i64) {
        self.write_u64(n as u64);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A map keyed by the clusterer's ids or terms, or by LSH band keys.
pub type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;
/// A set of the clusterer's ids.
pub type IdSet<K> = HashSet<K, BuildHasherDefault<IdHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syndicated_copy_is_linked_to_its_origin() {
        let wire = "Officials said on Monday that the bridge over the river would reopen next week after repairs that took three months to finish.";
        let copy = "Officials said on Monday that the bridge over the river would reopen next week after repairs that took three months to finish, the agency added.";
        let other = "A different story entirely about a football match that ended in a draw after extra time in the capital on Sunday night.";
        assert_eq!(near_copies(&[wire, other, copy]), [None, None, Some(0)]);
        assert_eq!(jaccard(&shingles(""), &shingles("")), 0.0);
    }
}
