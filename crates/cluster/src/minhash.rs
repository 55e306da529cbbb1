//! MinHash signatures and an LSH index: near-duplicate lookup among many articles (a whole
//! feed, a WARC file, a growing store) without comparing every pair.
//!
//! Owns [`MinHasher`], [`OnePermutationHasher`], [`Signature`] and [`LshIndex`]. Shingles are
//! lower-case word 5-grams hashed with a fixed 64-bit hash (FNV-1a, then a SplitMix64
//! finaliser), so signatures are the same on every machine and every Rust release and can be
//! stored. Each of [`MinHasher`]'s [`NUM_HASHES`] hash functions is the finaliser applied to the
//! shingle hash XOR a fixed seed: the signatures the store keeps. [`OnePermutationHasher`] makes
//! signatures of the same length and meaning from one hash per shingle, for indexes that live
//! only in memory (the streaming clusterer's). The index bands signatures ([`BANDS`] bands of
//! [`ROWS`] rows: candidates at a Jaccard of 0.42 and up, 99% recall at 0.6) and confirms
//! candidates with the estimated Jaccard, so what it returns is ordered and deterministic
//! (similarity, then id).
//!
//! Written here rather than taken from `gaoya` (which the crate survey measured) because
//! gaoya brings fifteen direct dependencies (rayon, three `rand` versions, a pre-release
//! smallvec) into a crate that has none, and the part needed is about a hundred lines.

use crate::IdMap;
use std::collections::hash_map::Entry;

/// Hash functions per signature.
pub const NUM_HASHES: usize = 128;
/// LSH bands.
pub const BANDS: usize = 32;
/// Rows (hash values) per band; `BANDS * ROWS == NUM_HASHES`.
pub const ROWS: usize = 4;
/// Words per shingle (as in [`crate::shingles`]).
pub const SHINGLE_WORDS: usize = 5;

/// A MinHash signature: the minimum of each hash function over a text's shingles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature(pub Vec<u64>);

impl Signature {
    /// Estimated Jaccard similarity: the share of positions where the two agree.
    pub fn similarity(&self, other: &Signature) -> f64 {
        let n = self.0.len().min(other.0.len());
        if n == 0 {
            return 0.0;
        }
        let same = self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count();
        same as f64 / n as f64
    }

    /// True for the signature of a text with no words.
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|v| *v == u64::MAX)
    }

    /// A compact text form (`mh1:` then hex), for storing.
    pub fn encode(&self) -> String {
        let mut s = String::with_capacity(4 + self.0.len() * 16);
        s.push_str("mh1:");
        for v in &self.0 {
            s.push_str(&format!("{v:016x}"));
        }
        s
    }

    /// Read [`Signature::encode`]'s form; `None` if it is not one (or another version).
    pub fn decode(s: &str) -> Option<Signature> {
        let hex = s.strip_prefix("mh1:")?;
        if hex.len() != NUM_HASHES * 16 {
            return None;
        }
        let mut out = Vec::with_capacity(NUM_HASHES);
        for i in 0..NUM_HASHES {
            out.push(u64::from_str_radix(hex.get(i * 16..i * 16 + 16)?, 16).ok()?);
        }
        Some(Signature(out))
    }
}

/// Computes signatures; cheap to create, holds only the seeds.
#[derive(Debug, Clone)]
pub struct MinHasher {
    seeds: Vec<u64>,
}

impl Default for MinHasher {
    fn default() -> Self {
        MinHasher::new()
    }
}

impl MinHasher {
    /// The standard hasher ([`NUM_HASHES`] functions, fixed seeds).
    pub fn new() -> MinHasher {
        let mut state = 0x005e_ed0f_9a7a_11a5_u64;
        let seeds = (0..NUM_HASHES)
            .map(|_| {
                state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
                mix(state)
            })
            .collect();
        MinHasher { seeds }
    }

    /// The signature of a text.
    pub fn signature(&self, text: &str) -> Signature {
        let mut mins = vec![u64::MAX; self.seeds.len()];
        for h in stable_shingles(text) {
            // A branch, not a branch-free min: after the first shingles a new minimum is
            // rare and well predicted (callgrind: a fifth fewer instructions than `min`).
            for (m, seed) in mins.iter_mut().zip(&self.seeds) {
                let v = mix(h ^ seed);
                if v < *m {
                    *m = v;
                }
            }
        }
        Signature(mins)
    }
}

/// One-permutation MinHash with optimal densification (Shrivastava, ICML 2017): one hash per
/// shingle instead of [`NUM_HASHES`]. The shingle hash picks one of [`NUM_HASHES`] bins and each
/// bin keeps its minimum; an empty bin borrows the value of a bin chosen by a fixed sequence of
/// hashes of its own position (the first non-empty one), so two texts still agree at a position
/// with probability equal to their shingles' Jaccard similarity, and [`LshIndex`] and
/// [`Signature::similarity`] work on these signatures unchanged.
///
/// About a hundred times fewer hash evaluations than [`MinHasher`] on a news article, for indexes
/// that live in memory (the streaming clusterer's near-copy index, rebuilt from the articles it
/// is handed). Its signatures are **not** comparable with [`MinHasher`]'s, which the store keeps:
/// never mix the two in one index. Shingles are the same lower-case word 5-grams (one shingle for
/// a shorter text), but each word is hashed once and a shingle's hash is made from its five
/// word hashes.
#[derive(Debug, Clone, Copy, Default)]
pub struct OnePermutationHasher;

impl OnePermutationHasher {
    /// The signature of a text (all [`u64::MAX`], [`Signature::is_empty`], for a text with no
    /// words).
    pub fn signature(&self, text: &str) -> Signature {
        let mut bins = [u64::MAX; NUM_HASHES];
        let mut last = [0u64; SHINGLE_WORDS];
        let mut words = 0usize;
        let mut lower = String::new();
        for w in text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            let h = if w.is_ascii() {
                let mut h = 0xcbf2_9ce4_8422_2325_u64;
                for b in w.bytes() {
                    h ^= u64::from(b.to_ascii_lowercase());
                    h = h.wrapping_mul(0x0000_0100_0000_01b3);
                }
                h
            } else {
                lower.clear();
                lower.push_str(&w.to_lowercase());
                fnv1a(lower.as_bytes(), 0xcbf2_9ce4_8422_2325)
            };
            last[words % SHINGLE_WORDS] = mix(h);
            words += 1;
            if words >= SHINGLE_WORDS {
                // The five latest words in reading order, each at its own rotation.
                let mut s = 0u64;
                for k in 0..SHINGLE_WORDS {
                    let wh = last[(words + k) % SHINGLE_WORDS];
                    s ^= wh.rotate_left((k * 13) as u32);
                }
                put(&mut bins, mix(s));
            }
        }
        if words == 0 {
            return Signature(bins.to_vec());
        }
        if words < SHINGLE_WORDS {
            let mut s = 0u64;
            for (k, wh) in last.iter().take(words).enumerate() {
                s ^= wh.rotate_left((k * 13) as u32);
            }
            put(&mut bins, mix(s));
        }
        let filled = bins;
        for (i, bin) in bins.iter_mut().enumerate() {
            if *bin != u64::MAX {
                continue;
            }
            // Bins are chosen by a fixed hash of (position, attempt): the same sequence for
            // every text, ending at the first bin this text filled (one exists).
            for attempt in 1u64.. {
                let j = bin_of(mix(0x0de5_1f1e_d000_0000 ^ ((i as u64) << 32) ^ attempt));
                if filled[j] != u64::MAX {
                    *bin = filled[j];
                    break;
                }
            }
        }
        Signature(bins.to_vec())
    }
}

/// The bin of a well-mixed hash: its high bits scaled to [`NUM_HASHES`].
fn bin_of(h: u64) -> usize {
    ((u128::from(h) * NUM_HASHES as u128) >> 64) as usize
}

fn put(bins: &mut [u64; NUM_HASHES], h: u64) {
    let b = &mut bins[bin_of(h)];
    if h < *b {
        *b = h;
    }
}

/// SplitMix64's finaliser: a fast, well-mixing bijection on 64 bits.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn fnv1a(bytes: &[u8], mut h: u64) -> u64 {
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Lower-case word 5-shingles hashed with a fixed hash (one shingle for shorter texts).
pub fn stable_shingles(text: &str) -> Vec<u64> {
    // Every lower-cased word in one buffer (no string per word), each word with its byte range.
    let mut buf = String::with_capacity(text.len());
    let mut words: Vec<(usize, usize)> = Vec::new();
    for w in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let start = buf.len();
        if w.is_ascii() {
            buf.extend(w.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            buf.push_str(&w.to_lowercase());
        }
        words.push((start, buf.len()));
    }
    let bytes = buf.as_bytes();
    let hash = |ws: &[(usize, usize)]| {
        let mut h = 0xcbf2_9ce4_8422_2325_u64;
        for (a, b) in ws {
            h = fnv1a(&bytes[*a..*b], h);
            h = fnv1a(b" ", h);
        }
        mix(h)
    };
    if words.is_empty() {
        return Vec::new();
    }
    if words.len() < SHINGLE_WORDS {
        return vec![hash(&words)];
    }
    let mut out: Vec<u64> = words.windows(SHINGLE_WORDS).map(hash).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// An LSH index over signatures, keyed by caller ids (store row ids, input positions).
#[derive(Debug, Default)]
pub struct LshIndex {
    // Keys are band hashes and caller ids: a multiply hash is enough (SipHash here cost the
    // streaming clusterer about a twentieth of its instructions).
    buckets: IdMap<u64, Bucket>,
    signatures: IdMap<i64, Signature>,
}

/// The ids of one LSH bucket. Nearly every bucket holds one id: kept inline, so adding and
/// removing an article's 32 bucket entries allocates nothing (in a long stream the allocator's
/// work on millions of one-id vectors was a tenth of the clusterer's time). The rare shared
/// bucket is a boxed slice (rebuilt when it changes), so an entry of the table (key and
/// bucket) is 24 bytes, not 40: the table holds over a million entries in a long stream and
/// is read at random places.
#[derive(Debug)]
enum Bucket {
    One(i64),
    Many(Box<[i64]>),
}

// The table entry stays 24 bytes (8 of key, 16 of bucket).
const _: () = assert!(std::mem::size_of::<Bucket>() == 16);

impl Bucket {
    fn ids(&self) -> &[i64] {
        match self {
            Bucket::One(id) => std::slice::from_ref(id),
            Bucket::Many(ids) => ids,
        }
    }
}

impl LshIndex {
    /// An empty index.
    pub fn new() -> LshIndex {
        LshIndex::default()
    }

    /// Number of signatures indexed.
    pub fn len(&self) -> usize {
        self.signatures.len()
    }

    /// True when nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.signatures.is_empty()
    }

    /// Add a signature under `id` (a second insert under the same id replaces nothing in
    /// the buckets it already shares). Empty signatures are not indexed.
    pub fn insert(&mut self, id: i64, sig: Signature) {
        if sig.is_empty() || self.signatures.contains_key(&id) {
            return;
        }
        for key in band_keys(&sig) {
            match self.buckets.entry(key) {
                Entry::Vacant(e) => {
                    e.insert(Bucket::One(id));
                }
                Entry::Occupied(mut e) => {
                    let b = e.get_mut();
                    match b {
                        Bucket::One(first) => *b = Bucket::Many(Box::new([*first, id])),
                        Bucket::Many(ids) => {
                            let mut all = std::mem::take(ids).into_vec();
                            all.push(id);
                            *ids = all.into_boxed_slice();
                        }
                    }
                }
            }
        }
        self.signatures.insert(id, sig);
    }

    /// Remove the signature under `id` (nothing if there is none): bounded memory for a live
    /// window.
    pub fn remove(&mut self, id: i64) {
        let Some(sig) = self.signatures.remove(&id) else {
            return;
        };
        for key in band_keys(&sig) {
            let Entry::Occupied(mut e) = self.buckets.entry(key) else {
                continue;
            };
            let b = e.get_mut();
            match b {
                Bucket::One(x) if *x == id => {
                    e.remove();
                }
                Bucket::One(_) => {}
                Bucket::Many(ids) => {
                    if !ids.contains(&id) {
                        continue;
                    }
                    let rest: Vec<i64> = ids.iter().copied().filter(|x| *x != id).collect();
                    match rest.as_slice() {
                        [] => {
                            e.remove();
                        }
                        [last] => *b = Bucket::One(*last),
                        _ => *ids = rest.into_boxed_slice(),
                    }
                }
            }
        }
    }

    /// Indexed ids whose estimated Jaccard with `sig` is at least `threshold`, most similar
    /// first (ties: smaller id first).
    pub fn query(&self, sig: &Signature, threshold: f64) -> Vec<(i64, f64)> {
        if sig.is_empty() {
            return Vec::new();
        }
        let mut candidates: Vec<i64> = band_keys(sig)
            .filter_map(|k| self.buckets.get(&k))
            .flat_map(Bucket::ids)
            .copied()
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let mut out: Vec<(i64, f64)> = candidates
            .into_iter()
            .filter_map(|id| {
                let s = self.signatures.get(&id)?.similarity(sig);
                (s >= threshold).then_some((id, s))
            })
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }
}

/// One bucket key per band: a hash of the band number and its rows (one u64, so a bucket key
/// is 8 bytes; two bands' keys coincide only by a 64-bit hash collision, which at worst adds a
/// candidate that the signature comparison then judges).
fn band_keys(sig: &Signature) -> impl Iterator<Item = u64> + '_ {
    sig.0.chunks(ROWS).take(BANDS).enumerate().map(|(b, rows)| {
        // Each band starts from its own offset: FNV's step is a bijection of the running
        // hash, so one band's rows never give another band's key but by a collision.
        let mut h = 0xcbf2_9ce4_8422_2325_u64 ^ (b as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        for r in rows {
            h = fnv1a(&r.to_le_bytes(), h);
        }
        h
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "Officials said on Monday that the bridge over the river would reopen next week after repairs that took three months to finish, and that buses would replace the ferry until then. The mayor thanked residents for their patience and said traffic on the old road had doubled since the closure began in the autumn. Engineers found corrosion in two of the steel supports during a routine inspection and ordered the crossing shut the same afternoon.";

    #[test]
    fn copies_are_found_and_strangers_are_not() {
        let h = MinHasher::new();
        let mut idx = LshIndex::new();
        idx.insert(1, h.signature(STORY));
        idx.insert(2, h.signature("A different story entirely about a football match that ended in a draw after extra time in the capital on Sunday night, with the home side missing a penalty in the last minute."));
        let copy = format!("{STORY} The agency contributed to this report.");
        let hits = idx.query(&h.signature(&copy), 0.6);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].0, 1);
        assert!(hits[0].1 > 0.8, "{hits:?}");
        // An exact copy estimates 1.0.
        assert_eq!(idx.query(&h.signature(STORY), 0.6)[0], (1, 1.0));
        assert!(idx.query(&h.signature(""), 0.0).is_empty());
    }

    #[test]
    fn signatures_are_stable_and_round_trip() {
        let s = MinHasher::new().signature("the ferry resumed service on monday morning");
        // Fixed hashing: this value must never change, or stored signatures stop matching.
        assert_eq!(s.0.len(), NUM_HASHES);
        assert_eq!(Signature::decode(&s.encode()), Some(s.clone()));
        assert_eq!(Signature::decode("mh0:00"), None);
        assert_eq!(
            stable_shingles("The ferry resumed service on Monday"),
            stable_shingles("the FERRY resumed, service on monday!")
        );
    }

    #[test]
    fn one_permutation_signatures_find_copies_and_track_jaccard() {
        let h = OnePermutationHasher;
        let mut idx = LshIndex::new();
        idx.insert(1, h.signature(STORY));
        idx.insert(2, h.signature("A different story entirely about a football match that ended in a draw after extra time in the capital on Sunday night, with the home side missing a penalty in the last minute."));
        let copy = format!("{STORY} The agency contributed to this report.");
        let hits = idx.query(&h.signature(&copy), 0.6);
        assert_eq!(
            hits.iter().map(|x| x.0).collect::<Vec<_>>(),
            [1],
            "{hits:?}"
        );
        assert_eq!(idx.query(&h.signature(STORY), 0.6)[0], (1, 1.0));
        assert_eq!(
            h.signature("The ferry resumed service on Monday"),
            h.signature("the FERRY resumed, service on monday!")
        );
        assert!(h.signature("").is_empty() && h.signature(" ,; ").is_empty());
        assert!(!h.signature("Storm").is_empty());
        // Over edits of every strength, the estimate follows the exact 5-shingle Jaccard about
        // as closely as the 128-function signature does.
        let words: Vec<&str> = STORY.split_whitespace().collect();
        let (mut err_one, mut err_full, mut n) = (0.0, 0.0, 0.0);
        for every in [2, 3, 4, 6, 8, 12, 20, 40] {
            for offset in 0..every {
                let edited: Vec<String> = words
                    .iter()
                    .enumerate()
                    .map(|(i, w)| {
                        if i % every == offset {
                            format!("x{i}")
                        } else {
                            w.to_string()
                        }
                    })
                    .collect();
                let edited = edited.join(" ");
                let exact = crate::jaccard(&crate::shingles(STORY), &crate::shingles(&edited));
                err_one += (h.signature(STORY).similarity(&h.signature(&edited)) - exact).abs();
                let full = MinHasher::new();
                err_full +=
                    (full.signature(STORY).similarity(&full.signature(&edited)) - exact).abs();
                n += 1.0;
            }
        }
        let (one, full) = (err_one / n, err_full / n);
        assert!(
            one < 0.06 && one < full * 1.6,
            "mean error {one:.3}, 128 functions {full:.3}"
        );
    }

    #[test]
    fn removing_leaves_the_other_ids_of_a_bucket_and_nothing_behind() {
        let h = MinHasher::new();
        let mut idx = LshIndex::new();
        // Three copies share every bucket; a stranger shares none.
        for id in [1, 2, 3] {
            idx.insert(id, h.signature(STORY));
        }
        idx.insert(4, h.signature("A football match ended in a draw after extra time on Sunday night in the capital city."));
        let ids = |idx: &LshIndex| {
            idx.query(&h.signature(STORY), 0.6)
                .iter()
                .map(|x| x.0)
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&idx), [1, 2, 3]);
        idx.remove(2);
        assert_eq!(ids(&idx), [1, 3]);
        idx.remove(1);
        assert_eq!(ids(&idx), [3]);
        idx.insert(5, h.signature(STORY));
        assert_eq!(ids(&idx), [3, 5]);
        for id in [3, 5, 4, 4, 9] {
            idx.remove(id);
        }
        assert!(
            idx.is_empty() && idx.buckets.is_empty(),
            "{:?}",
            idx.buckets.len()
        );
    }

    /// Timing, not a check: `cargo test --release -p parallax-cluster -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn measure_speed() {
        let words: Vec<String> = (0..2000)
            .map(|i| format!("w{}", (i * 7919) % 1500))
            .collect();
        let docs: Vec<String> = (0..1000)
            .map(|d| {
                let mut w = words.clone();
                w[d % 2000] = format!("edit{d}");
                w.rotate_left(d % 50);
                w.join(" ")
            })
            .collect();
        let h = MinHasher::new();
        let t = std::time::Instant::now();
        let sigs: Vec<Signature> = docs.iter().map(|d| h.signature(d)).collect();
        let sign = t.elapsed();
        let t = std::time::Instant::now();
        let one: usize = docs
            .iter()
            .map(|d| OnePermutationHasher.signature(d).0.len())
            .sum();
        let one_sign = t.elapsed();
        assert_eq!(one, docs.len() * NUM_HASHES);
        println!(
            "2,000-word docs: one-permutation signature {:.0} us/doc, {:.0}x faster than {NUM_HASHES} functions",
            one_sign.as_secs_f64() * 1e6 / docs.len() as f64,
            sign.as_secs_f64() / one_sign.as_secs_f64()
        );
        let mut idx = LshIndex::new();
        let t = std::time::Instant::now();
        for (i, s) in sigs.iter().enumerate() {
            let _ = idx.query(s, 0.6);
            idx.insert(i as i64, s.clone());
        }
        let index = t.elapsed();
        println!(
            "2,000-word docs: signature {:.0} us/doc, query+insert {:.1} us/doc ({} docs)",
            sign.as_secs_f64() * 1e6 / docs.len() as f64,
            index.as_secs_f64() * 1e6 / docs.len() as f64,
            docs.len()
        );
    }

    #[test]
    fn estimate_tracks_true_jaccard() {
        // Replace every 10th word: the estimate stays near the exact 5-shingle Jaccard.
        let words: Vec<&str> = STORY.split_whitespace().collect();
        let edited: Vec<String> = words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if i % 10 == 0 {
                    format!("x{i}")
                } else {
                    w.to_string()
                }
            })
            .collect();
        let edited = edited.join(" ");
        let h = MinHasher::new();
        let est = h.signature(STORY).similarity(&h.signature(&edited));
        let exact = crate::jaccard(&crate::shingles(STORY), &crate::shingles(&edited));
        assert!((est - exact).abs() < 0.15, "estimate {est}, exact {exact}");
    }
}
