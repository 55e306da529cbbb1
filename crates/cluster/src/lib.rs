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

use std::collections::HashSet;
use std::hash::Hasher;

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

pub use parallax_core::hash::{IdHasher, IdMap, IdSet};

/// The products of the weights two sparse vectors (sorted by id) give their shared ids, in id
/// order: one merge of the two lists, front to back.
pub fn shared_products<'a>(
    a: &'a [(u32, f32)],
    b: &'a [(u32, f32)],
) -> impl Iterator<Item = f32> + 'a {
    let (mut i, mut j) = (0, 0);
    std::iter::from_fn(move || {
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    let p = a[i].1 * b[j].1;
                    i += 1;
                    j += 1;
                    return Some(p);
                }
            }
        }
        None
    })
}

/// Dot product of two sparse vectors sorted by id, summed in id order.
pub fn sparse_dot(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    shared_products(a, b).fold(0.0, |s, p| s + p)
}

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
