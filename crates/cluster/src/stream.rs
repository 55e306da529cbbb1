//! Streaming story clustering: articles arrive one at a time and each joins the best live story
//! or opens a new one.
//!
//! Owns [`Clusterer`], its input [`StreamArticle`], its [`Config`] and what it hands back
//! ([`Assignment`], [`ClosedStory`]). An article is compared only with the live stories that
//! share one of its strongest headline/lead terms or one of its names (an inverted index), on:
//!
//! - **terms**: TF-IDF weights (document frequencies of the whole stream so far) of the
//!   headline, the lead and the start of the body, the headline and lead weighted up; cosine
//!   against the story's centroid;
//! - **names**: the caller's entity keys, else capitalised names ([`crate::text::names`]),
//!   IDF-weighted; cosine against the story's names;
//! - **sentence vectors**, when the caller passes them: cosine against the story's mean;
//! - **time**: the content score is multiplied by a decay of the gap in days between the
//!   article and the story's first–last span (1 within [`Config::grace_days`], then a Gaussian
//!   fall with [`Config::decay_days`]), so two events about the same people a week apart stay
//!   two stories. Articles or stories without a time are not penalised.
//!
//! A near-copy (wire copy: estimated Jaccard of word 5-shingles at or above
//! [`crate::COPY_THRESHOLD`], found with one-permutation MinHash signatures
//! ([`crate::minhash::OnePermutationHasher`]: one hash per shingle, kept only in memory) and an
//! LSH index) joins the story of the article it copies and is linked to that article's origin,
//! whatever the scores say.
//!
//! Memory is bounded by a live window: the clock is the latest article time seen, and a story
//! whose latest activity (its last article's day; the clock at the time for an undated
//! article) is more than [`Config::window_days`] older is closed, leaves the indexes and is
//! handed back by [`Clusterer::take_closed`] so a caller can store it. Term ids exist only for
//! the terms of live articles: when a story closes, a term no live article has leaves the
//! vocabulary and its id is reused. Document frequencies are of the whole stream (a rare name
//! stays rare after its story closes), kept in a fixed-size count-min sketch of hashed terms
//! (8 MiB; a collision in both rows can only raise a count). So everything held (stories,
//! postings, signatures, vocabulary) follows the live window, not the stream's length
//! (`parallax bench --stream N` prints these sizes). A stream with no dates at all has
//! no clock: nothing closes until [`Clusterer::finish`].
//!
//! Candidates: live stories sharing one of the article's query keys, ranked by the article's
//! weight of the keys they share; only the best [`Config::max_candidates`] are scored in full
//! (posting lists are read from the shortest up, and one longer than
//! [`Config::scan_postings`] only adds weight to stories already found).
//!
//! Merges: two live stories that turn out to be one are merged when an article scores at
//! least [`Config::merge_score`] (and its bar) with both and the two stories' centroids agree
//! by [`Config::merge_threshold`] (the same weights and time decay, story against story, the
//! gap taken between their spans). The younger story merges into the older; the
//! [`Assignment`] of the article reports each `(from, into)`, the [`ClosedStory`] lists the
//! stories merged into it, and [`resolve_merges`] gives a batch each article's final story.
//!
//! Deterministic: ids are given in arrival order, candidates are scored in story id order with
//! sums taken in term id order, and ties go to the older story, so the same input order gives
//! the same result.

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::fmt;

use crate::minhash::{LshIndex, OnePermutationHasher};
use crate::{COPY_THRESHOLD, IdMap, IdSet, shared_products, sparse_dot, text};

/// One article handed to the [`Clusterer`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StreamArticle {
    /// The caller's id for the article (an input name, a store row id); returned as origins.
    pub id: String,
    /// The headline.
    pub title: String,
    /// The lead (first two or three sentences); `None`: taken from the body
    /// ([`crate::text::lead`]).
    pub lead: Option<String>,
    /// The body text.
    pub body: String,
    /// Publication time in days since 1970-01-01 (fractions allowed); `None` when unknown.
    pub day: Option<f64>,
    /// Named entities or other keys the caller has (names of people, places, organisations);
    /// empty: capitalised names are taken from the lead and body.
    pub keys: Vec<String>,
    /// A sentence vector of the headline and lead, when the caller has one (any fixed
    /// dimension; compared by cosine).
    pub vector: Option<Vec<f32>>,
}

/// The knobs of the [`Clusterer`]. The defaults were set on the NeuS `train.source` stories
/// and on invented articles, never on a set reported as a test.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Lowest score (0–1) at which an article joins a story instead of opening one.
    pub threshold: f64,
    /// The threshold when the article or the story has no time: without the time decay to
    /// keep distant events apart, the words must agree more.
    pub undated_threshold: f64,
    /// Weight of the term cosine in the content score.
    pub term_weight: f64,
    /// Weight of the name cosine (counted only when the article has names).
    pub name_weight: f64,
    /// Weight of the sentence-vector cosine (counted only when both sides have vectors).
    pub vector_weight: f64,
    /// Gap in days (article to the story's first–last span) that costs nothing.
    pub grace_days: f64,
    /// Beyond the grace, the score is multiplied by `exp(-((gap - grace) / decay)²)`.
    pub decay_days: f64,
    /// A story idle longer than this (by article time) is closed and leaves memory.
    pub window_days: f64,
    /// Term frequency weight of a headline word.
    pub title_boost: f32,
    /// Term frequency weight of a lead word.
    pub lead_boost: f32,
    /// Body words read (from the start) for terms and names.
    pub body_words: usize,
    /// Strongest headline/lead terms an article looks stories up by, besides every headline
    /// term (its story is posted under all headline/lead terms).
    pub query_terms: usize,
    /// Posting lists longer than this (a term nearly every story has) find no candidates.
    pub max_postings: usize,
    /// Posting lists up to this long are read whole to find candidates; a longer one (a
    /// common word of a busy window) only adds its weight to stories found by rarer keys,
    /// unless none was found.
    pub scan_postings: usize,
    /// Stories scored in full per article: the ones sharing the most query weight (the
    /// article's TF-IDF weight of each shared headline/lead term, its name weight of each
    /// shared name).
    pub max_candidates: usize,
    /// An article that scores at least this (and its bar) with two live stories links them:
    /// they are merged when their centroids agree by [`Config::merge_threshold`].
    pub merge_score: f64,
    /// Lowest similarity of two linked stories' centroids (the article score's weights and
    /// time decay, story against story) at which they merge.
    pub merge_threshold: f64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            threshold: 0.2,
            undated_threshold: 0.35,
            term_weight: 1.0,
            name_weight: 0.25,
            vector_weight: 1.0,
            grace_days: 1.5,
            decay_days: 3.0,
            window_days: 14.0,
            title_boost: 4.0,
            lead_boost: 1.5,
            body_words: 250,
            query_terms: 10,
            max_postings: 20_000,
            scan_postings: 64,
            max_candidates: 16,
            merge_score: 0.5,
            merge_threshold: 0.6,
        }
    }
}

/// A story's id: given in the order stories open, printed `s1`, `s2`, …
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StoryId(pub u64);

impl fmt::Display for StoryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "s{}", self.0)
    }
}

/// Where one article went.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    /// The story it belongs to.
    pub story: StoryId,
    /// The id of the article it is a near-copy of (that article's own origin), if any.
    pub origin: Option<String>,
    /// True when the article opened the story.
    pub opened: bool,
    /// The score it joined with (1 for a near-copy, 0 for an article that opened a story).
    pub score: f64,
    /// Stories merged because of this article, `(from, into)` in the order they merged: `from`
    /// is no more, its articles are in `into` (a caller records this so a story id a user saw
    /// still leads somewhere). `story` above is already the final one.
    pub merged: Vec<(StoryId, StoryId)>,
}

/// One article of a story.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The caller's id.
    pub id: String,
    /// The article it is a near-copy of, if any.
    pub origin: Option<String>,
    /// Its publication day, if known.
    pub day: Option<f64>,
}

/// A story that left the live window (or the stream ended): what a caller stores.
#[derive(Debug, Clone, PartialEq)]
pub struct ClosedStory {
    /// Its id.
    pub id: StoryId,
    /// The headline of the article that opened it.
    pub title: String,
    /// Its articles in arrival order.
    pub members: Vec<Member>,
    /// The stories merged into it, in the order they merged.
    pub merged: Vec<StoryId>,
}

/// What a [`Clusterer`] holds now ([`Clusterer::stats`]): the sizes that bound its memory.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Live stories.
    pub live_stories: usize,
    /// Articles of the live stories.
    pub live_articles: usize,
    /// Terms and names with an id (the interned vocabulary).
    pub vocabulary: usize,
    /// Entries of the inverted index (story ids over all posting lists).
    pub postings: usize,
    /// Signatures in the near-copy index.
    pub signatures: usize,
    /// Closed stories not yet taken with [`Clusterer::take_closed`].
    pub closed_waiting: usize,
}

/// A live story: centroids, span, members and the index keys it is posted under.
#[derive(Debug)]
struct Story {
    title: String,
    /// Term centroid, sorted by id: scoring an article against it is a merge of two sorted
    /// lists read front to back, not a hash look-up per term at a random place in memory.
    terms: Sparse,
    /// Squared norm of `terms`, kept as weights are added (never re-summed over the centroid).
    term_sq: f64,
    /// Name centroid, sorted by id.
    names: Sparse,
    /// Squared norm of `names`.
    name_sq: f64,
    vector: Option<Vec<f32>>,
    first: Option<f64>,
    last: Option<f64>,
    members: Vec<Member>,
    merged: Vec<StoryId>,
    keys: IdSet<u32>,
    seqs: Vec<i64>,
    /// Each member's distinct term and name ids: the document frequencies it counts, given
    /// back when the story closes.
    doc_terms: Vec<u32>,
    /// Latest activity by the stream's clock (the article's day, or the clock for an undated
    /// article): when it idles out of the window.
    active: Option<f64>,
}

/// A sparse vector: (id, weight), sorted by id.
type Sparse = Vec<(u32, f32)>;

/// The streaming clusterer: feed articles with [`Clusterer::add`] in publication order.
#[derive(Debug)]
pub struct Clusterer {
    config: Config,
    /// A term's or name's stable hash → its id, for the terms of live stories only. Keyed by
    /// the 64-bit hash rather than the word, so a look-up reads the table alone, not a string
    /// elsewhere on the heap (at a hundred thousand live terms, two words share a hash with a
    /// probability of about one in a billion; the sketch already counts by the same hash).
    vocab: IdMap<u64, u32>,
    /// Id → the term's stable hash (its `vocab` key and its slots in `sketch`).
    hashes: Vec<u64>,
    /// Articles of live stories that have each id: when none is left, the id is freed.
    refs: Vec<u32>,
    /// Ids whose terms left with the last live article that had them, for reuse.
    free: Vec<u32>,
    /// Document frequencies of every term of the whole stream, hashed: [`SKETCH_ROWS`] rows of
    /// [`SKETCH_WIDTH`] counters, a term's frequency the least of its counters (a count-min
    /// sketch: fixed memory, never below the true count, above it only on a collision in
    /// every row).
    sketch: Vec<u32>,
    /// Articles seen.
    docs: u64,
    stories: IdMap<u64, Story>,
    idle: BTreeSet<(i64, u64)>,
    index: IdMap<u32, VecDeque<u64>>,
    lsh: LshIndex,
    hasher: OnePermutationHasher,
    by_seq: IdMap<i64, (u64, String, Option<String>)>,
    next_story: u64,
    next_seq: i64,
    clock: Option<f64>,
    closed: Vec<ClosedStory>,
}

impl Default for Clusterer {
    fn default() -> Self {
        Clusterer::new(Config::default())
    }
}

/// Take a story off a posting list (it is there at most once). Lists are in the order stories
/// were posted and the oldest close first, so the search from the front ends early and a
/// double-ended queue shifts only the few entries before it. A common term's list runs to
/// thousands of stories: reading and shifting all of it for each closing story (as `retain` on a
/// `Vec` did) was about a twentieth of the stream's time.
fn unpost(list: &mut VecDeque<u64>, story: u64) {
    if let Some(at) = list.iter().position(|s| *s == story) {
        list.remove(at);
    }
}

/// Rows of the document-frequency sketch.
pub const SKETCH_ROWS: usize = 2;
/// Counters per row of the document-frequency sketch (2 × 2²⁰ × 4 bytes = 8 MiB).
pub const SKETCH_WIDTH: usize = 1 << 20;

/// A term's fixed 64-bit hash (FNV-1a, then SplitMix64's finaliser): the same on every
/// machine and release.
fn stable_hash(key: &str) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325_u64;
    for b in key.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// A hash's counter in one row of the sketch: each row reads other bits of the hash.
fn sketch_slot(h: u64, row: usize) -> usize {
    ((h >> (row * 32)) as usize) & (SKETCH_WIDTH - 1)
}

/// Minutes, for ordering stories by their last day.
fn minutes(day: f64) -> i64 {
    (day * 1440.0).round() as i64
}

fn norm(v: impl Iterator<Item = f32>) -> f32 {
    v.map(|x| x * x).sum::<f32>().sqrt()
}

fn normalise(v: &mut Sparse) {
    let n = norm(v.iter().map(|x| x.1));
    if n > 0.0 {
        v.iter_mut().for_each(|x| x.1 /= n);
    }
}

fn cosine(a: &[f32], b: &[f32]) -> f64 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let n = norm(a.iter().copied()) * norm(b.iter().copied());
    if n > 0.0 { f64::from(dot / n) } else { 0.0 }
}

/// Cosine of a normalised sparse vector with a centroid of norm `n`.
fn sparse_cosine(a: &Sparse, centroid: &Sparse, n: f32) -> f64 {
    if n <= 0.0 || a.is_empty() {
        return 0.0;
    }
    f64::from(sparse_dot(a, centroid) / n)
}

/// Add `v` (sorted by id) into `centroid` (sorted by id), updating its squared norm `sq` by
/// the entries that changed: the norm's cost follows the article, not the story (a story of
/// thousands of terms is not re-summed at every member). Deterministic: `v` is visited in
/// its own order.
fn add_into(centroid: &mut Sparse, sq: &mut f64, v: &Sparse) {
    debug_assert!(v.windows(2).all(|w| w[0].0 < w[1].0), "unsorted features");
    let mut merged: Sparse = Vec::with_capacity(centroid.len() + v.len());
    let mut old = centroid.iter().copied().peekable();
    for &(t, w) in v {
        while let Some(&(k, c)) = old.peek() {
            if k >= t {
                break;
            }
            merged.push((k, c));
            old.next();
        }
        let before = match old.peek() {
            Some(&(k, c)) if k == t => {
                old.next();
                c
            }
            _ => 0.0,
        };
        let c = before + w;
        *sq += f64::from(c).powi(2) - f64::from(before).powi(2);
        merged.push((t, c));
    }
    merged.extend(old);
    *centroid = merged;
    *sq = sq.max(0.0);
}

/// An article's features.
struct Features {
    terms: Sparse,
    names: Sparse,
    /// The keys it looks stories up by, with the article's weight of each: its strongest
    /// headline/lead terms, its headline terms and its names.
    query: Vec<(u32, f32)>,
    /// The keys its story is posted under: every headline/lead term and name.
    post: Vec<u32>,
    /// Its distinct term and name ids (each counted once in the document frequencies).
    counted: Vec<u32>,
}

impl Clusterer {
    /// An empty clusterer.
    pub fn new(config: Config) -> Clusterer {
        Clusterer {
            config,
            vocab: IdMap::default(),
            hashes: Vec::new(),
            refs: Vec::new(),
            free: Vec::new(),
            sketch: vec![0; SKETCH_ROWS * SKETCH_WIDTH],
            docs: 0,
            stories: IdMap::default(),
            idle: BTreeSet::new(),
            index: IdMap::default(),
            lsh: LshIndex::new(),
            hasher: OnePermutationHasher,
            by_seq: IdMap::default(),
            next_story: 1,
            next_seq: 0,
            clock: None,
            closed: Vec::new(),
        }
    }

    /// Its configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Number of live stories.
    pub fn live(&self) -> usize {
        self.stories.len()
    }

    /// The sizes of what it holds now (live window, vocabulary, indexes).
    pub fn stats(&self) -> Stats {
        Stats {
            live_stories: self.stories.len(),
            live_articles: self.stories.values().map(|s| s.members.len()).sum(),
            vocabulary: self.vocab.len(),
            postings: self.index.values().map(VecDeque::len).sum(),
            signatures: self.lsh.len(),
            closed_waiting: self.closed.len(),
        }
    }

    /// Count one more article with term `id` in the sketch; its document frequency so far.
    fn count(&mut self, id: u32) -> u32 {
        let h = self.hashes[id as usize];
        let mut least = u32::MAX;
        for row in 0..SKETCH_ROWS {
            let slot = row * SKETCH_WIDTH + sketch_slot(h, row);
            let c = &mut self.sketch[slot];
            *c = c.saturating_add(1);
            least = least.min(*c);
        }
        least
    }

    fn intern(&mut self, key: &str) -> u32 {
        let hash = stable_hash(key);
        if let Some(id) = self.vocab.get(&hash) {
            return *id;
        }
        let id = match self.free.pop() {
            Some(id) => {
                self.hashes[id as usize] = hash;
                id
            }
            None => {
                self.hashes.push(hash);
                self.refs.push(0);
                (self.refs.len() - 1) as u32
            }
        };
        self.vocab.insert(hash, id);
        id
    }

    /// The articles of a closing story give back their ids: a term no live article has leaves
    /// the vocabulary and its id is reused (its document frequency stays in the sketch).
    fn forget(&mut self, doc_terms: &[u32]) {
        for id in doc_terms {
            let refs = &mut self.refs[*id as usize];
            *refs = refs.saturating_sub(1);
            if *refs == 0 {
                self.vocab.remove(&self.hashes[*id as usize]);
                self.free.push(*id);
            }
        }
    }

    /// Weighted terms and names of an article; counts its document frequencies.
    fn features(&mut self, a: &StreamArticle) -> Features {
        // The body up to the end of its first `body_words` words (terms and names read words,
        // not the spaces between them).
        let body: &str = {
            let mut end = a.body.len();
            let mut words = 0;
            let mut in_word = false;
            for (i, c) in a.body.char_indices() {
                if c.is_whitespace() {
                    if in_word && words == self.config.body_words {
                        end = i;
                        break;
                    }
                    in_word = false;
                } else if !in_word {
                    in_word = true;
                    words += 1;
                }
            }
            &a.body[..end]
        };
        let lead: &str = match &a.lead {
            Some(l) => l,
            None => text::lead(&a.body),
        };
        // Each term of the headline, the lead and the body with its weight. A lead taken from the
        // body is the body's first terms: the body is read once and its terms up to the lead's
        // end count for both.
        let mut parts: Vec<(u32, f32)> = Vec::with_capacity(512);
        let (title_boost, lead_boost) = (self.config.title_boost, self.config.lead_boost);
        text::for_each_term(&a.title, |t, _| parts.push((self.intern(t), title_boost)));
        if a.lead.is_none() && lead.len() <= body.len() {
            text::for_each_term(body, |t, end| {
                let id = self.intern(t);
                if end <= lead.len() {
                    parts.push((id, lead_boost));
                }
                parts.push((id, 1.0));
            });
        } else {
            text::for_each_term(lead, |t, _| parts.push((self.intern(t), lead_boost)));
            text::for_each_term(body, |t, _| parts.push((self.intern(t), 1.0)));
        }
        // The first 16 distinct headline terms, then every headline/lead term, as sorted ids.
        let mut title_terms: Vec<u32> = Vec::with_capacity(16);
        for &(id, boost) in &parts {
            if boost == title_boost && title_terms.len() < 16 && !title_terms.contains(&id) {
                title_terms.push(id);
            }
        }
        title_terms.sort_unstable();
        let mut headline: Vec<u32> = parts.iter().filter(|p| p.1 > 1.0).map(|p| p.0).collect();
        headline.sort_unstable();
        headline.dedup();
        // Term frequencies: a stable sort keeps each term's weights in text order, so the sums
        // are the same floats whatever the order of other terms.
        parts.sort_by_key(|p| p.0);
        let mut tf: Vec<(u32, f32)> = Vec::with_capacity(parts.len());
        for (id, boost) in parts {
            match tf.last_mut() {
                Some(last) if last.0 == id => last.1 += boost,
                _ => tf.push((id, boost)),
            }
        }
        let names: Vec<String> = if a.keys.is_empty() {
            text::names(&format!("{lead}\n{body}"))
        } else {
            a.keys.iter().map(|k| k.trim().to_lowercase()).collect()
        };
        let mut name_ids: Vec<u32> = names
            .iter()
            .filter(|n| !n.is_empty())
            .map(|n| self.intern(&format!("\u{1}{n}")))
            .collect();
        name_ids.sort_unstable();
        name_ids.dedup();
        self.docs += 1;
        let counted: Vec<u32> = tf
            .iter()
            .map(|t| t.0)
            .chain(name_ids.iter().copied())
            .collect();
        // Document frequencies in `counted`'s order (terms, then names).
        let dfs: Vec<u32> = counted
            .iter()
            .map(|&id| {
                self.refs[id as usize] += 1;
                self.count(id)
            })
            .collect();
        let docs = self.docs;
        let idf = |df: u32| ((docs as f64 + 1.0) / (f64::from(df) + 1.0)).ln() + 1.0;
        let mut terms: Sparse = tf
            .iter()
            .zip(&dfs)
            .map(|(&(id, f), &df)| {
                let w = (1.0 + f.ln()) as f64 * idf(df);
                (id, w as f32)
            })
            .collect();
        let mut ranked: Vec<(u32, f32)> = terms
            .iter()
            .filter(|(id, _)| headline.binary_search(id).is_ok())
            .copied()
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut query: Vec<u32> = ranked
            .iter()
            .take(self.config.query_terms)
            .map(|x| x.0)
            .collect();
        normalise(&mut terms);
        let mut names: Sparse = name_ids
            .iter()
            .zip(&dfs[tf.len()..])
            .map(|(&id, &df)| (id, idf(df) as f32))
            .collect();
        normalise(&mut names);
        query.extend(
            title_terms
                .iter()
                .filter(|t| !query.contains(t))
                .copied()
                .collect::<Vec<_>>(),
        );
        // Each key's weight: what sharing it adds to the score's dot products.
        let weight_of =
            |v: &Sparse, id: u32| v.binary_search_by_key(&id, |x| x.0).map_or(0.0, |i| v[i].1);
        let (tw, nw) = (
            self.config.term_weight as f32,
            self.config.name_weight as f32,
        );
        let mut query: Vec<(u32, f32)> = query
            .into_iter()
            .map(|id| (id, tw * weight_of(&terms, id)))
            .collect();
        query.extend(name_ids.iter().map(|id| (*id, nw * weight_of(&names, *id))));
        let post: Vec<u32> = headline.iter().chain(name_ids.iter()).copied().collect();
        Features {
            terms,
            names,
            query,
            post,
            counted,
        }
    }

    /// The live stories worth scoring for an article with these weighted query keys: those
    /// sharing the most weight, at most [`Config::max_candidates`], in id order. Keys are read
    /// from the shortest posting list up; a list longer than [`Config::scan_postings`] only
    /// adds weight to stories already found (unless none was), so a common word of a busy
    /// window costs the candidates found, not the stories that have it. Deterministic: the
    /// weights of a story are summed in key order and ties go to the older story.
    fn candidates(&self, query: &[(u32, f32)]) -> Vec<u64> {
        let mut keys: Vec<(usize, u32, f32)> = query
            .iter()
            .filter_map(|(k, w)| self.index.get(k).map(|p| (p.len(), *k, *w)))
            .filter(|(len, _, _)| *len <= self.config.max_postings)
            .collect();
        keys.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut found: IdMap<u64, f32> = IdMap::default();
        for (len, k, w) in keys {
            if len <= self.config.scan_postings || found.is_empty() {
                for id in &self.index[&k] {
                    *found.entry(*id).or_insert(0.0) += w;
                }
            } else {
                // Only stories already found gain: read the list itself when it is shorter
                // than a look-up of each found story would be.
                for id in &self.index[&k] {
                    if let Some(sum) = found.get_mut(id) {
                        *sum += w;
                    }
                }
            }
        }
        let mut ranked: Vec<(u64, f32)> = found.into_iter().collect();
        let by_weight = |a: &(u64, f32), b: &(u64, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if ranked.len() > self.config.max_candidates {
            ranked.select_nth_unstable_by(self.config.max_candidates, by_weight);
            ranked.truncate(self.config.max_candidates);
        }
        let mut ids: Vec<u64> = ranked.into_iter().map(|x| x.0).collect();
        ids.sort_unstable();
        ids
    }

    /// The time factor of an article at `day` against a story's span.
    fn decay(&self, day: Option<f64>, story: &Story) -> f64 {
        let (Some(d), Some(first), Some(last)) = (day, story.first, story.last) else {
            return 1.0;
        };
        let gap = if d < first {
            first - d
        } else if d > last {
            d - last
        } else {
            0.0
        };
        let over = (gap - self.config.grace_days).max(0.0) / self.config.decay_days.max(1e-9);
        (-over * over).exp()
    }

    fn score(&self, a: &StreamArticle, f: &Features, story: &Story) -> f64 {
        let c = &self.config;
        let mut sum =
            c.term_weight * sparse_cosine(&f.terms, &story.terms, story.term_sq.sqrt() as f32);
        let mut weight = c.term_weight;
        if !f.names.is_empty() {
            sum +=
                c.name_weight * sparse_cosine(&f.names, &story.names, story.name_sq.sqrt() as f32);
            weight += c.name_weight;
        }
        if let (Some(v), Some(s)) = (&a.vector, &story.vector) {
            sum += c.vector_weight * cosine(v, s);
            weight += c.vector_weight;
        }
        let content = if weight > 0.0 { sum / weight } else { 0.0 };
        content * self.decay(a.day, story)
    }

    /// Assign one article: the story of the article it copies, else the best-scoring live
    /// story at or above the threshold, else a new story.
    pub fn add(&mut self, a: &StreamArticle) -> Assignment {
        if let Some(d) = a.day {
            self.clock = Some(self.clock.map_or(d, |c| c.max(d)));
            self.close_idle();
        }
        let features = self.features(a);
        let copy_text = if a.body.trim().is_empty() {
            &a.title
        } else {
            &a.body
        };
        let sig = self.hasher.signature(copy_text);
        let copy = self
            .lsh
            .query(&sig, COPY_THRESHOLD)
            .into_iter()
            .find_map(|(seq, _)| self.by_seq.get(&seq).cloned());
        let seq = self.next_seq;
        self.next_seq += 1;
        self.lsh.insert(seq, sig);
        let mut links: Vec<u64> = Vec::new();
        let (story, origin, opened, score) = match copy {
            Some((story, id, origin)) => (story, Some(origin.unwrap_or(id)), false, 1.0),
            None => {
                let candidates = self.candidates(&features.query);
                let mut best: Option<(u64, f64, f64)> = None;
                // Stories the article scores high with: two of them may be one story.
                let mut linked: Vec<u64> = Vec::new();
                for id in candidates {
                    let Some(story) = self.stories.get(&id) else {
                        continue;
                    };
                    let s = self.score(a, &features, story);
                    let bar = if a.day.is_some() && story.last.is_some() {
                        self.config.threshold
                    } else {
                        self.config.undated_threshold
                    };
                    // The margin over its own bar ranks candidates, so a dated story is not
                    // beaten by an undated one that scores higher but clears less.
                    if best.is_none_or(|(_, m, _)| s - bar > m) {
                        best = Some((id, s - bar, s));
                    }
                    if s >= bar.max(self.config.merge_score) {
                        linked.push(id);
                    }
                }
                links = linked;
                match best {
                    Some((id, m, s)) if m >= 0.0 => (id, None, false, s),
                    _ => {
                        let id = self.next_story;
                        self.next_story += 1;
                        self.stories.insert(
                            id,
                            Story {
                                title: a.title.clone(),
                                terms: Vec::new(),
                                term_sq: 0.0,
                                names: Vec::new(),
                                name_sq: 0.0,
                                vector: None,
                                first: None,
                                last: None,
                                members: Vec::new(),
                                merged: Vec::new(),
                                keys: IdSet::default(),
                                seqs: Vec::new(),
                                doc_terms: Vec::new(),
                                active: None,
                            },
                        );
                        (id, None, true, 0.0)
                    }
                }
            }
        };
        self.join(story, seq, a, features, origin.clone());
        let mut story = story;
        let mut merged = Vec::new();
        if !opened && links.len() > 1 {
            // The article's story and each other linked story, in id order: merged when their
            // centroids agree, the younger into the older.
            for other in links {
                if other == story || !self.stories.contains_key(&other) {
                    continue;
                }
                let (Some(x), Some(y)) = (self.stories.get(&story), self.stories.get(&other))
                else {
                    continue;
                };
                if self.story_similarity(x, y) >= self.config.merge_threshold {
                    let (from, into) = (story.max(other), story.min(other));
                    self.merge(from, into);
                    merged.push((StoryId(from), StoryId(into)));
                    story = into;
                }
            }
        }
        Assignment {
            story: StoryId(story),
            origin,
            opened,
            score,
            merged,
        }
    }

    /// How alike two live stories are: the article score's weights over their centroids
    /// (terms, names, vectors), times the time decay of the gap between their spans.
    fn story_similarity(&self, x: &Story, y: &Story) -> f64 {
        let c = &self.config;
        let centroid_cosine = |a: &Sparse, an: f64, b: &Sparse, bn: f64| {
            let n = an.sqrt() * bn.sqrt();
            if n <= 0.0 {
                return 0.0;
            }
            // Summed in term id order, in f64.
            let dot = shared_products(a, b).fold(0.0f64, |s, p| s + f64::from(p));
            dot / n
        };
        let mut sum = c.term_weight * centroid_cosine(&x.terms, x.term_sq, &y.terms, y.term_sq);
        let mut weight = c.term_weight;
        if !x.names.is_empty() && !y.names.is_empty() {
            sum += c.name_weight * centroid_cosine(&x.names, x.name_sq, &y.names, y.name_sq);
            weight += c.name_weight;
        }
        if let (Some(v), Some(w)) = (&x.vector, &y.vector) {
            sum += c.vector_weight * cosine(v, w);
            weight += c.vector_weight;
        }
        let content = if weight > 0.0 { sum / weight } else { 0.0 };
        let decay = match (x.first, x.last, y.first, y.last) {
            (Some(xf), Some(xl), Some(yf), Some(yl)) => {
                // The gap between the two spans (none when they overlap).
                let gap = (yf - xl).max(xf - yl).max(0.0);
                let over = (gap - c.grace_days).max(0.0) / c.decay_days.max(1e-9);
                (-over * over).exp()
            }
            _ => 1.0,
        };
        content * decay
    }

    /// Merge live story `from` into live story `into`: members (in arrival order), centroids,
    /// span, index keys, near-copy links and document-frequency references move; `from`
    /// leaves the index and is recorded in `into`'s merges.
    fn merge(&mut self, from: u64, into: u64) {
        let Some(f) = self.stories.remove(&from) else {
            return;
        };
        if let Some(at) = f.active {
            self.idle.remove(&(minutes(at), from));
        }
        for k in &f.keys {
            if let Some(p) = self.index.get_mut(k) {
                unpost(p, from);
                if p.is_empty() {
                    self.index.remove(k);
                }
            }
        }
        for seq in &f.seqs {
            if let Some(entry) = self.by_seq.get_mut(seq) {
                entry.0 = into;
            }
        }
        let Some(t) = self.stories.get_mut(&into) else {
            return;
        };
        add_into(&mut t.terms, &mut t.term_sq, &f.terms);
        add_into(&mut t.names, &mut t.name_sq, &f.names);
        match (&mut t.vector, &f.vector) {
            (Some(a), Some(b)) if a.len() == b.len() => {
                a.iter_mut().zip(b).for_each(|(x, y)| *x += y)
            }
            (None, Some(b)) => t.vector = Some(b.clone()),
            _ => {}
        }
        t.first = match (t.first, f.first) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        t.last = match (t.last, f.last) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        if let Some(at) = f.active {
            if let Some(old) = t.active {
                self.idle.remove(&(minutes(old), into));
            }
            let at = t.active.map_or(at, |x| x.max(at));
            t.active = Some(at);
            self.idle.insert((minutes(at), into));
        }
        // Members in arrival order (sequence numbers are arrival order).
        let mut both: Vec<(i64, Member)> = t
            .seqs
            .drain(..)
            .zip(t.members.drain(..))
            .chain(f.seqs.into_iter().zip(f.members))
            .collect();
        both.sort_by_key(|x| x.0);
        for (seq, m) in both {
            t.seqs.push(seq);
            t.members.push(m);
        }
        t.doc_terms.extend(f.doc_terms);
        t.merged.push(StoryId(from));
        t.merged.extend(f.merged);
        let mut keys: Vec<u32> = f.keys.into_iter().collect();
        keys.sort_unstable();
        for k in keys {
            if t.keys.insert(k) {
                self.index.entry(k).or_default().push_back(into);
            }
        }
    }

    /// Add an article's features to a story and post the story under its keys.
    fn join(&mut self, id: u64, seq: i64, a: &StreamArticle, f: Features, origin: Option<String>) {
        let Some(story) = self.stories.get_mut(&id) else {
            return;
        };
        add_into(&mut story.terms, &mut story.term_sq, &f.terms);
        add_into(&mut story.names, &mut story.name_sq, &f.names);
        if let Some(v) = &a.vector {
            match &mut story.vector {
                Some(s) if s.len() == v.len() => s.iter_mut().zip(v).for_each(|(x, y)| *x += y),
                Some(_) => {}
                None => story.vector = Some(v.clone()),
            }
        }
        if let Some(d) = a.day {
            story.first = Some(story.first.map_or(d, |x| x.min(d)));
            story.last = Some(story.last.map_or(d, |x| x.max(d)));
        }
        // Idle time runs from the latest activity: the article's day, or the stream's clock
        // for an undated article (so undated stories leave a dated stream's window too).
        if let Some(at) = a.day.or(self.clock) {
            if let Some(old) = story.active {
                self.idle.remove(&(minutes(old), id));
            }
            let at = story.active.map_or(at, |x| x.max(at));
            story.active = Some(at);
            self.idle.insert((minutes(at), id));
        }
        story.doc_terms.extend_from_slice(&f.counted);
        story.members.push(Member {
            id: a.id.clone(),
            origin: origin.clone(),
            day: a.day,
        });
        story.seqs.push(seq);
        for k in f.post {
            if story.keys.insert(k) {
                self.index.entry(k).or_default().push_back(id);
            }
        }
        self.by_seq.insert(seq, (id, a.id.clone(), origin));
    }

    /// Close the stories idle for longer than the window.
    fn close_idle(&mut self) {
        let Some(clock) = self.clock else { return };
        let limit = minutes(clock - self.config.window_days);
        while let Some(&(last, id)) = self.idle.first() {
            if last >= limit {
                break;
            }
            self.idle.pop_first();
            self.close(id);
        }
    }

    fn close(&mut self, id: u64) {
        let Some(story) = self.stories.remove(&id) else {
            return;
        };
        for k in &story.keys {
            if let Some(p) = self.index.get_mut(k) {
                unpost(p, id);
                if p.is_empty() {
                    self.index.remove(k);
                }
            }
        }
        for seq in &story.seqs {
            self.lsh.remove(*seq);
            self.by_seq.remove(seq);
        }
        self.forget(&story.doc_terms);
        self.closed.push(ClosedStory {
            id: StoryId(id),
            title: story.title,
            members: story.members,
            merged: story.merged,
        });
    }

    /// The stories closed since the last call, in the order they closed.
    pub fn take_closed(&mut self) -> Vec<ClosedStory> {
        std::mem::take(&mut self.closed)
    }

    /// End the stream: every story still live is closed; all closed stories not yet taken
    /// are returned (the live ones in id order, after the others).
    pub fn finish(mut self) -> Vec<ClosedStory> {
        let mut ids: Vec<u64> = self.stories.keys().copied().collect();
        ids.sort_unstable();
        for id in ids {
            self.close(id);
        }
        self.closed
    }
}

/// Cluster a whole batch in order with `config`: one assignment per article, each `story`
/// the article's final story (after every merge of the batch).
pub fn cluster_all(articles: &[StreamArticle], config: &Config) -> Vec<Assignment> {
    let mut c = Clusterer::new(config.clone());
    let mut out: Vec<Assignment> = articles.iter().map(|a| c.add(a)).collect();
    resolve_merges(&mut out);
    out
}

/// Point every assignment at its final story: the end of the chain of merges recorded in the
/// assignments.
pub fn resolve_merges(assignments: &mut [Assignment]) {
    let mut into: HashMap<StoryId, StoryId> = HashMap::new();
    for a in assignments.iter() {
        for (from, to) in &a.merged {
            into.insert(*from, *to);
        }
    }
    if into.is_empty() {
        return;
    }
    for a in assignments.iter_mut() {
        while let Some(next) = into.get(&a.story) {
            a.story = *next;
        }
    }
}

/// Cluster a batch in publication order (undated articles first, ties in input order) and
/// return the assignments in input order, each `story` the article's final story after every
/// merge: what a one-shot command over files needs.
pub fn cluster_by_time(articles: &[StreamArticle], config: &Config) -> Vec<Assignment> {
    let mut order: Vec<usize> = (0..articles.len()).collect();
    order.sort_by(|a, b| {
        let key = |i: usize| articles[i].day.unwrap_or(f64::NEG_INFINITY);
        key(*a).total_cmp(&key(*b))
    });
    let mut c = Clusterer::new(config.clone());
    let mut out: Vec<Option<Assignment>> = vec![None; articles.len()];
    for i in order {
        out[i] = Some(c.add(&articles[i]));
    }
    let mut out: Vec<Assignment> = out.into_iter().flatten().collect();
    resolve_merges(&mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn art(id: &str, day: f64, title: &str, body: &str) -> StreamArticle {
        StreamArticle {
            id: id.into(),
            title: title.into(),
            body: body.into(),
            day: Some(day),
            ..Default::default()
        }
    }

    const FLOOD_A: &str = "The river Alder burst its banks in Elmford on Tuesday night, flooding the harbour and hundreds of homes along the quay. Emergency crews moved families to the school hall as the water kept rising. The Elmford council said the flood defences built in the nineties had been overtopped within an hour.";
    const FLOOD_B: &str = "Hundreds of residents of Elmford were evacuated overnight after the Alder overtopped the flood defences and poured into the harbour district. Rescue teams used boats to reach families trapped on upper floors near the quay. Council officials said the water had reached the town square by dawn.";
    const SPEECH_1: &str = "Mayor Ana Ruiz of Brockhaven told the city council on Monday that the tram line would be extended to the eastern districts by spring. Ruiz said the budget for the extension had been agreed with the regional transport authority. Council members applauded the announcement.";
    const SPEECH_2: &str = "Mayor Ana Ruiz of Brockhaven told the city council on Monday that a new library would open in the old market hall next year. Ruiz said the council had agreed the budget for the library with the regional culture office. Council members welcomed the plan.";
    const MATCH: &str = "Brockhaven Rovers beat Tillbury Town three goals to one in the cup final on Saturday, with their striker Omar Kessel scoring twice in the second half. The Rovers manager praised the defence after a tense first half.";

    #[test]
    fn a_centroid_stays_sorted_and_keeps_its_norm_as_articles_are_added() {
        let mut centroid: Sparse = Vec::new();
        let mut sq = 0.0;
        add_into(&mut centroid, &mut sq, &vec![(3, 1.0), (7, 2.0)]);
        add_into(&mut centroid, &mut sq, &vec![(1, 0.5), (7, 1.0), (9, 2.0)]);
        add_into(&mut centroid, &mut sq, &vec![(2, 1.0), (3, -1.0)]);
        assert_eq!(
            centroid,
            vec![(1, 0.5), (2, 1.0), (3, 0.0), (7, 3.0), (9, 2.0)]
        );
        let summed: f64 = centroid.iter().map(|x| f64::from(x.1).powi(2)).sum();
        assert!((sq - summed).abs() < 1e-9, "{sq} vs {summed}");
        // A normalised article against it: the dot product over shared ids, over the norm.
        let article: Sparse = vec![(2, 0.6), (7, 0.8), (8, 1.0)];
        let expected = f64::from(0.6f32 * 1.0 + 0.8 * 3.0) / summed.sqrt();
        let got = sparse_cosine(&article, &centroid, sq.sqrt() as f32);
        assert!((got - expected).abs() < 1e-6, "{got} vs {expected}");
        assert_eq!(sparse_cosine(&article, &Vec::new(), 0.0), 0.0);
    }

    #[test]
    fn paraphrased_headlines_of_one_event_land_together() {
        let arts = [
            art("a", 100.0, "Storm floods harbour town", FLOOD_A),
            art("m", 100.2, "Rovers lift the cup", MATCH),
            art(
                "b",
                100.4,
                "Hundreds evacuated as river bursts banks in Elmford",
                FLOOD_B,
            ),
        ];
        let out = cluster_all(&arts, &Config::default());
        assert_eq!(out[0].story, out[2].story, "{out:?}");
        assert_ne!(out[0].story, out[1].story, "{out:?}");
        assert!(out[0].opened && !out[2].opened);
    }

    #[test]
    fn two_speeches_a_week_apart_are_two_stories() {
        let arts = [
            art("s1", 200.0, "Mayor Ruiz promises tram extension", SPEECH_1),
            art("s2", 207.0, "Mayor Ruiz announces new library", SPEECH_2),
        ];
        let out = cluster_all(&arts, &Config::default());
        assert_ne!(out[0].story, out[1].story, "{out:?}");
        // The same two texts on the same day about the same mayor and council: the time, not
        // the words, keeps them apart above.
        let same_day = [
            arts[0].clone(),
            StreamArticle {
                day: Some(200.0),
                ..arts[1].clone()
            },
        ];
        let words_alone = cluster_all(
            &same_day,
            &Config {
                threshold: 0.0,
                ..Config::default()
            },
        );
        assert!(words_alone[1].score > out[1].score);
    }

    #[test]
    fn a_wire_copy_is_linked_to_its_origin() {
        let copy_body = format!("{FLOOD_A} More to follow.");
        let arts = [
            art("wire", 100.0, "River floods Elmford", FLOOD_A),
            art("m", 100.1, "Rovers lift the cup", MATCH),
            art("paper", 100.3, "Elmford under water", &copy_body),
            art("paper2", 100.5, "Floods in Elmford", &copy_body),
        ];
        let out = cluster_all(&arts, &Config::default());
        assert_eq!(out[2].story, out[0].story);
        assert_eq!(out[2].origin.as_deref(), Some("wire"));
        assert_eq!(out[3].origin.as_deref(), Some("wire"), "a copy of a copy");
        assert_eq!(out[0].origin, None);
        assert_eq!(out[1].origin, None);
    }

    #[test]
    fn same_input_order_same_result() {
        let arts = [
            art("a", 100.0, "Storm floods harbour town", FLOOD_A),
            art("m", 100.2, "Rovers lift the cup", MATCH),
            art("b", 100.4, "Hundreds evacuated in Elmford", FLOOD_B),
            art("s1", 101.0, "Mayor Ruiz promises tram extension", SPEECH_1),
            art("s2", 108.0, "Mayor Ruiz announces new library", SPEECH_2),
        ];
        let first = cluster_all(&arts, &Config::default());
        for _ in 0..5 {
            assert_eq!(cluster_all(&arts, &Config::default()), first);
        }
    }

    #[test]
    fn idle_stories_close_and_leave_memory() {
        let mut c = Clusterer::new(Config {
            window_days: 3.0,
            ..Config::default()
        });
        let a = c.add(&art("a", 100.0, "Storm floods harbour town", FLOOD_A));
        c.add(&art("m", 101.0, "Rovers lift the cup", MATCH));
        assert_eq!(c.live(), 2);
        assert!(c.take_closed().is_empty());
        c.add(&art(
            "s1",
            103.5,
            "Mayor Ruiz promises tram extension",
            SPEECH_1,
        ));
        let closed = c.take_closed();
        assert_eq!(closed.len(), 1);
        assert_eq!(closed[0].id, a.story);
        assert_eq!(closed[0].members[0].id, "a");
        assert_eq!(c.live(), 2);
        // A late report of the closed event opens a new story.
        let late = c.add(&art("b", 103.6, "Hundreds evacuated in Elmford", FLOOD_B));
        assert!(late.opened);
        let rest = c.finish();
        assert_eq!(rest.len(), 3);
        assert!(rest.windows(2).all(|w| w[0].id < w[1].id));
    }

    #[test]
    fn memory_follows_the_live_window_not_the_stream() {
        // 300 invented articles a day for 24 days through a two-day window: the vocabulary,
        // postings and signatures at the end are about what they were a third of the way in,
        // though the stream keeps coining words.
        let mut c = Clusterer::new(Config {
            window_days: 2.0,
            ..Config::default()
        });
        let mut at_third = Stats::default();
        let stream = crate::synth::Synthetic::new(crate::synth::SynthConfig {
            articles: 7_200,
            per_day: 300,
            ..Default::default()
        });
        for (i, a) in stream.enumerate() {
            c.add(&a.article);
            c.take_closed();
            if i == 2_400 {
                at_third = c.stats();
            }
        }
        let end = c.stats();
        for (what, third, last) in [
            ("vocabulary", at_third.vocabulary, end.vocabulary),
            ("postings", at_third.postings, end.postings),
            ("signatures", at_third.signatures, end.signatures),
            ("live articles", at_third.live_articles, end.live_articles),
        ] {
            assert!(
                (last as f64) < 1.3 * third as f64,
                "{what}: {third} at a third, {last} at the end"
            );
        }
        // What is held is what the live stories need: every id in use has a live article.
        assert_eq!(c.docs, 7_200);
        assert_eq!(c.vocab.len() + c.free.len(), c.hashes.len());
        assert!(c.refs.iter().filter(|d| **d > 0).count() == c.vocab.len());
        // Undated articles in a dated stream idle out by the clock too.
        let mut c = Clusterer::new(Config {
            window_days: 2.0,
            ..Config::default()
        });
        c.add(&art("d", 100.0, "Storm floods harbour town", FLOOD_A));
        let mut undated = art("u", 0.0, "Rovers lift the cup", MATCH);
        undated.day = None;
        c.add(&undated);
        c.add(&art(
            "s",
            103.0,
            "Mayor Ruiz promises tram extension",
            SPEECH_1,
        ));
        let closed: Vec<String> = c
            .take_closed()
            .into_iter()
            .map(|s| s.members[0].id.clone())
            .collect();
        assert_eq!(closed, ["d", "u"]);
        assert_eq!(c.stats().live_stories, 1);
    }

    #[test]
    fn an_article_that_links_two_stories_merges_them() {
        // A bar high enough that the two reports of the flood open two stories; a third report
        // telling both versions links them, and the younger story merges into the older.
        let config = Config {
            threshold: 0.6,
            merge_score: 0.6,
            ..Config::default()
        };
        let both = format!("{FLOOD_A} {FLOOD_B}");
        let arts = [
            art("a", 100.0, "Storm floods harbour town", FLOOD_A),
            art("m", 100.1, "Rovers lift the cup", MATCH),
            art(
                "b",
                100.3,
                "Hundreds evacuated as river bursts banks in Elmford",
                FLOOD_B,
            ),
            art(
                "c",
                100.5,
                "Storm floods harbour town: hundreds evacuated as river bursts banks in Elmford",
                &both,
            ),
        ];
        let mut c = Clusterer::new(config.clone());
        let got: Vec<Assignment> = arts.iter().map(|x| c.add(x)).collect();
        assert!(got[2].opened, "{got:?}");
        assert_ne!(got[0].story, got[2].story);
        assert_eq!(got[3].merged, [(got[2].story, got[0].story)], "{got:?}");
        assert_eq!(got[3].story, got[0].story);
        assert_eq!(c.live(), 2);
        let closed = c.finish();
        let flood = closed.iter().find(|s| s.id == got[0].story).unwrap();
        let ids: Vec<&str> = flood.members.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c"], "members in arrival order");
        assert_eq!(flood.merged, [got[2].story]);
        // A batch reports every article's final story; the same order gives the same merges.
        let batch = cluster_all(&arts, &config);
        assert_eq!(batch[2].story, batch[0].story);
        assert_ne!(batch[1].story, batch[0].story);
        assert_eq!(batch, cluster_all(&arts, &config));
        let by_time = cluster_by_time(&arts, &config);
        assert_eq!(by_time[2].story, by_time[0].story, "{by_time:?}");
        // The same three reports a week apart are not linked across the gap.
        let mut late = arts.clone();
        late[2].day = Some(107.0);
        late[3].day = Some(107.2);
        let apart = cluster_all(&late, &config);
        assert!(apart.iter().all(|x| x.merged.is_empty()), "{apart:?}");
        assert_ne!(apart[2].story, apart[0].story);
    }

    #[test]
    fn articles_without_dates_or_names_still_cluster() {
        let mut a = art(
            "a",
            0.0,
            "storm floods harbour town",
            &FLOOD_A.to_lowercase(),
        );
        let mut b = art("b", 0.0, "river bursts banks", &FLOOD_B.to_lowercase());
        a.day = None;
        b.day = None;
        let out = cluster_all(&[a, b], &Config::default());
        assert_eq!(out[0].story, out[1].story, "{out:?}");
    }

    #[test]
    fn sentence_vectors_count_when_given() {
        // Vectors rescore the stories an article shares a term or name with; they find none.
        let mut a = art(
            "a",
            1.0,
            "Harbour town hit",
            "Water everywhere in the harbour town.",
        );
        let mut b = art(
            "b",
            1.0,
            "Residents leave",
            "Families left the harbour quay at night.",
        );
        let config = Config::default();
        let plain = cluster_all(&[a.clone(), b.clone()], &config);
        assert_ne!(plain[0].story, plain[1].story, "{plain:?}");
        a.vector = Some(vec![0.9, 0.1, 0.0]);
        b.vector = Some(vec![0.88, 0.12, 0.01]);
        let with = cluster_all(&[a, b], &config);
        assert_eq!(with[0].story, with[1].story, "{with:?}");
    }

    /// Rough speed on one core: 20,000 invented articles of 4,000 stories (ten a day over 400
    /// days), each a title and 150 body words drawn from the story's 40 topic words and a
    /// 20,000-word vocabulary, by a fixed pseudo-random sequence.
    /// `cargo test --release -p parallax-cluster -- --ignored --nocapture measure_stream_speed`
    #[test]
    #[ignore = "timing, not a check"]
    fn measure_stream_speed() {
        let mut state = 7u64;
        let mut next = move || {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        };
        let mut arts = Vec::new();
        let mut gold = Vec::new();
        for i in 0..20_000usize {
            let story = (i / 50) * 10 + (next() % 10) as usize;
            let topic = |k: u64| format!("t{}x{}", story, k % 40);
            let title: Vec<String> = (0..6).map(|_| topic(next())).collect();
            let body: Vec<String> = (0..150)
                .map(|_| {
                    let r = next();
                    if r % 10 < 4 {
                        topic(r / 10)
                    } else {
                        format!("w{}", (r / 10) % 20_000)
                    }
                })
                .collect();
            arts.push(art(
                &i.to_string(),
                (story / 10) as f64,
                &title.join(" "),
                &body.join(" "),
            ));
            gold.push(story);
        }
        let start = std::time::Instant::now();
        let mut c = Clusterer::new(Config::default());
        let mut peak = 0;
        let mut got = Vec::new();
        for a in &arts {
            got.push(c.add(a).story.0);
            peak = peak.max(c.live());
        }
        let secs = start.elapsed().as_secs_f64();
        let mut pairs = std::collections::HashMap::new();
        for (g, p) in gold.iter().zip(&got) {
            *pairs.entry((g, p)).or_insert(0usize) += 1;
        }
        eprintln!(
            "{} articles in {secs:.2} s: {:.0} articles/s; at most {peak} stories live; {} gold stories, {} found, {} (gold, found) pairs",
            arts.len(),
            arts.len() as f64 / secs,
            gold.iter().collect::<HashSet<_>>().len(),
            got.iter().collect::<HashSet<_>>().len(),
            pairs.len(),
        );
    }
}
