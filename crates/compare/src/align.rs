//! Claim alignment across articles: which sentences state the same fact.
//!
//! Each claim becomes a sparse TF-IDF vector over its content-word stems and the canonical keys
//! of its entities (IDF over all claims of the story, entities weighted up). Two claims of
//! different articles align when their cosine passes a threshold and each is the other's best
//! match, or the cosine is high on its own. Aligned pairs build groups, strongest first, and a
//! claim joins a group only when it is related to every claim already in it (shares a content
//! word or the quotation with each): a chain A ~ B ~ C, where C has nothing of A, is two facts
//! told around one sentence, not one fact three outlets state.
//!
//! Two more kinds of evidence align claims that cosine undersells: the same quotation (one
//! inside the other, a partial quote of a fuller one, or most words shared), and at least two
//! shared names with two shared content words at a lower cosine ([`ALIGN_NAMED`]), for a fact
//! told once in a short sentence and once in a long one.
//!
//! With sentence vectors (a [`Vectors`] the caller owns, such as model2vec over potion-base-8M),
//! the score of a candidate pair blends the TF-IDF cosine with the vectors' cosine rescaled above
//! the level unrelated sentences of one story reach, so paraphrases ("the ferry sank" / "the
//! vessel went down") score closer to their meaning. Candidates are still only claims that share
//! a feature (a name or a content word): vectors re-score pairs, they never compare all pairs.

use std::collections::HashMap;

use parallax_analyze::bias::Vectors;
use parallax_cluster::sparse_dot;
use parallax_core::SentenceKind;

use crate::story::Story;
use crate::words::QuoteWords;

/// Cosine at or above which a claim aligns with its best match in another article.
pub const ALIGN: f32 = 0.24;
/// Cosine at or above which any pair aligns.
pub const ALIGN_STRONG: f32 = 0.45;
/// TF-IDF cosine at or above which a claim aligns with its best match in another article
/// when the two share at least two names and two content words: the same people doing the
/// same thing, told in sentences of very different length ("Ortega signed the bill with
/// Varga" / "The bill, after months of talks between the two parties, was signed by Ortega
/// with Varga at a ceremony in the capital on Friday, drawing crowds …").
pub const ALIGN_NAMED: f32 = 0.15;

/// A claim's place in the story.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClaimRef {
    /// Article index.
    pub article: usize,
    /// Claim index within the article's analysis.
    pub claim: usize,
}

/// The aligned structure of a story.
pub struct Alignment {
    /// Every claim considered.
    pub claims: Vec<ClaimRef>,
    /// Groups of aligned claims (indices into `claims`), each spanning ≥ 1 article.
    pub groups: Vec<Vec<usize>>,
    /// Aligned pairs with their cosine (indices into `claims`).
    pub pairs: Vec<(usize, usize, f32)>,
    vectors: Vec<Vec<(u32, f32)>>,
    /// The aligned pairs as claim pairs, smaller first, for constant-time look-up.
    paired: std::collections::HashSet<(ClaimRef, ClaimRef)>,
}

impl Alignment {
    /// Whether the alignment paired claims `x` and `y` (in either order).
    pub fn paired(&self, x: ClaimRef, y: ClaimRef) -> bool {
        self.paired.contains(&(x.min(y), x.max(y)))
    }

    /// Cosine of two claims (indices into `claims`).
    pub fn similarity(&self, a: usize, b: usize) -> f32 {
        // Unit vectors: their dot product is their cosine.
        sparse_dot(&self.vectors[a], &self.vectors[b])
    }
}

/// How sentence vectors weigh in the alignment score.
#[derive(Clone, Copy)]
pub struct VectorBlend<'v> {
    /// The embedder.
    pub vectors: &'v dyn Vectors,
    /// Weight of the rescaled vector cosine (0 = TF-IDF alone).
    pub weight: f32,
    /// Vector cosine that counts as no similarity at all (the floor of the rescaling).
    pub floor: f32,
}

impl<'v> VectorBlend<'v> {
    /// Weight 0.5, floor 0.5: on 400 NeuS training stories (not the val split that is reported)
    /// every weight in 0.3..0.7 with floor 0.3..0.5 raised the synthesis' ROUGE-1 by about 0.01
    /// over TF-IDF alone; the middle of that plateau.
    pub fn new(vectors: &'v dyn Vectors) -> VectorBlend<'v> {
        VectorBlend {
            vectors,
            weight: 0.5,
            floor: 0.5,
        }
    }

    fn score(&self, tfidf: f32, a: &[f32], b: &[f32]) -> f32 {
        let e = a.iter().zip(b).map(|(x, y)| x * y).sum::<f32>();
        let g = ((e - self.floor) / (1.0 - self.floor)).clamp(0.0, 1.0);
        (1.0 - self.weight) * tfidf + self.weight * g
    }
}

/// Align the claims of a story.
pub fn align(story: &Story<'_>) -> Alignment {
    align_with(story, None)
}

/// Align the claims of a story, blending in sentence vectors when given.
pub fn align_with(story: &Story<'_>, blend: Option<VectorBlend<'_>>) -> Alignment {
    let mut claims = Vec::new();
    let mut feats: Vec<Vec<String>> = Vec::new();
    for (ai, an) in story.analyses.iter().enumerate() {
        for (ci, c) in an.claims.iter().enumerate() {
            if an
                .sentences
                .get(c.sentence)
                .is_some_and(|s| s.kind == SentenceKind::Heading)
            {
                continue;
            }
            let mut f: Vec<String> = c.terms.clone();
            for &e in &c.entities {
                f.push(format!("@{}", story.key(ai, e)));
            }
            if f.is_empty() {
                continue;
            }
            claims.push(ClaimRef {
                article: ai,
                claim: ci,
            });
            feats.push(f);
        }
    }
    let embedded: Vec<Vec<f32>> = match &blend {
        Some(b) => {
            let texts: Vec<&str> = claims
                .iter()
                .map(|c| story.text(c.article, story.analyses[c.article].claims[c.claim].span))
                .collect();
            b.vectors.embed(&texts)
        }
        None => Vec::new(),
    };
    let n = feats.len().max(1) as f32;
    let mut df: HashMap<&str, usize> = HashMap::new();
    for f in &feats {
        let mut seen: Vec<&str> = f.iter().map(String::as_str).collect();
        seen.sort_unstable();
        seen.dedup();
        for w in seen {
            *df.entry(w).or_default() += 1;
        }
    }
    // Features interned to ids; each vector sorted by id (merge-join cosine), and an inverted
    // index so that only claims sharing a feature are ever compared (a 50-article story has
    // millions of claim pairs, almost all with nothing in common).
    let mut ids: HashMap<&str, u32> = HashMap::new();
    let vectors: Vec<Vec<(u32, f32)>> = feats
        .iter()
        .map(|f| {
            let mut v: Vec<(u32, f32)> = Vec::with_capacity(f.len());
            for w in f {
                let idf = (1.0 + n / *df.get(w.as_str()).unwrap_or(&1) as f32).ln();
                let weight = if w.starts_with('@') { 1.5 } else { 1.0 };
                let next = ids.len() as u32;
                let id = *ids.entry(w.as_str()).or_insert(next);
                v.push((id, idf * weight));
            }
            v.sort_by_key(|x| x.0);
            v.dedup_by(|b, a| {
                if a.0 == b.0 {
                    a.1 += b.1;
                    true
                } else {
                    false
                }
            });
            let norm = v.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt().max(1e-9);
            v.iter_mut().for_each(|x| x.1 /= norm);
            v
        })
        .collect();
    let mut is_entity: Vec<bool> = vec![false; ids.len()];
    for (w, &id) in &ids {
        is_entity[id as usize] = w.starts_with('@');
    }
    let mut postings: Vec<Vec<(usize, f32)>> = vec![Vec::new(); ids.len()];
    for (i, v) in vectors.iter().enumerate() {
        for &(id, w) in v {
            postings[id as usize].push((i, w));
        }
    }
    // Best match of each claim in each other article.
    let mut best: HashMap<(usize, usize), (usize, f32)> = HashMap::new();
    let mut all_pairs: Vec<(usize, usize, f32)> = Vec::new();
    let mut acc: Vec<f32> = vec![0.0; claims.len()];
    // Content words shared with claim j: a shared name alone ("Varga said …" and another
    // thing Varga said) is not the same fact.
    let mut shared_terms: Vec<u32> = vec![0; claims.len()];
    let mut shared_names: Vec<u32> = vec![0; claims.len()];
    let mut touched: Vec<usize> = Vec::new();
    // Every pair of claims that share a content word (or, below, the same quotation), however
    // weakly: the relation a group's members must all have with each other.
    let mut related: std::collections::HashSet<(usize, usize)> = std::collections::HashSet::new();
    for i in 0..claims.len() {
        for &(id, wi) in &vectors[i] {
            let list = &postings[id as usize];
            // Postings are in claim order: only the claims after `i`.
            let from = list.partition_point(|&(j, _)| j <= i);
            for &(j, wj) in &list[from..] {
                if claims[j].article == claims[i].article {
                    continue;
                }
                if acc[j] == 0.0 && shared_terms[j] == 0 {
                    touched.push(j);
                }
                acc[j] += wi * wj;
                if is_entity[id as usize] {
                    shared_names[j] += 1;
                } else {
                    shared_terms[j] += 1;
                }
            }
        }
        touched.sort_unstable();
        for &j in &touched {
            let mut s = acc[j];
            let (terms, names) = (shared_terms[j], shared_names[j]);
            acc[j] = 0.0;
            shared_terms[j] = 0;
            shared_names[j] = 0;
            if terms == 0 {
                continue;
            }
            related.insert((i, j));
            let named = names >= 2 && terms >= 2 && s >= ALIGN_NAMED;
            if let (Some(b), Some(ei), Some(ej)) = (&blend, embedded.get(i), embedded.get(j)) {
                s = b.score(s, ei, ej);
            }
            if named {
                s = s.max(ALIGN);
            }
            if s < ALIGN {
                continue;
            }
            all_pairs.push((i, j, s));
            for (x, y) in [(i, j), (j, i)] {
                let k = (x, claims[y].article);
                if best.get(&k).is_none_or(|b| s > b.1) {
                    best.insert(k, (y, s));
                }
            }
        }
        touched.clear();
    }
    // Two claims quoting the same words (one quote inside the other, or most words shared)
    // report the same statement, however differently the sentences around run; whether they
    // give it to the same speaker is for the conflicts to say.
    let mut quoted: Vec<(usize, &QuoteWords)> = Vec::new();
    for (i, c) in claims.iter().enumerate() {
        let words = &story.quote_words[c.article];
        for &k in &story.analyses[c.article].claims[c.claim].quotes {
            quoted.extend(words.get(k).map(|w| (i, w)));
        }
    }
    for (x, (i, wi)) in quoted.iter().enumerate() {
        for (j, wj) in &quoted[x + 1..] {
            if claims[*i].article == claims[*j].article || !wi.same(wj) {
                continue;
            }
            let (i, j) = (*i.min(j), *i.max(j));
            related.insert((i, j));
            let s = sparse_dot(&vectors[i], &vectors[j]).max(ALIGN_STRONG);
            all_pairs.push((i, j, s));
        }
    }
    all_pairs.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)).then(b.2.total_cmp(&a.2)));
    all_pairs.dedup_by_key(|p| (p.0, p.1));
    let pairs: Vec<(usize, usize, f32)> = all_pairs
        .into_iter()
        .filter(|&(i, j, s)| {
            let best_either = best.get(&(i, claims[j].article)).is_some_and(|b| b.0 == j)
                || best.get(&(j, claims[i].article)).is_some_and(|b| b.0 == i);
            best_either || s >= ALIGN_STRONG
        })
        .collect();
    // Groups: merge the most similar pairs first, never two claims of one article into one
    // group, and never a claim with one it is not related to (a story's sentences about
    // different facts must not chain together).
    let mut parent: Vec<usize> = (0..claims.len()).collect();
    let mut members: Vec<Vec<usize>> = (0..claims.len()).map(|i| vec![i]).collect();
    fn find(p: &mut [usize], x: usize) -> usize {
        let mut r = x;
        while p[r] != r {
            r = p[r];
        }
        let mut y = x;
        while p[y] != r {
            let next = p[y];
            p[y] = r;
            y = next;
        }
        r
    }
    let mut sorted = pairs.clone();
    sorted.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
    let mut kept = Vec::new();
    for (i, j, s) in sorted {
        let (a, b) = (find(&mut parent, i), find(&mut parent, j));
        if a == b {
            kept.push((i, j, s));
            continue;
        }
        let joinable = members[a].iter().all(|&x| {
            members[b].iter().all(|&y| {
                claims[x].article != claims[y].article && related.contains(&(x.min(y), x.max(y)))
            })
        });
        if !joinable {
            continue;
        }
        let (root, child) = (a.min(b), a.max(b));
        parent[child] = root;
        let moved = std::mem::take(&mut members[child]);
        members[root].extend(moved);
        kept.push((i, j, s));
    }
    let mut pairs = kept;
    pairs.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut comps: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..claims.len() {
        let r = find(&mut parent, i);
        comps.entry(r).or_default().push(i);
    }
    let mut groups: Vec<Vec<usize>> = comps.into_values().collect();
    groups
        .iter_mut()
        .for_each(|g| g.sort_by_key(|&i| claims[i]));
    groups.sort_by_key(|g| g.first().map(|&i| claims[i]));
    let paired = pairs
        .iter()
        .map(|&(i, j, _)| (claims[i].min(claims[j]), claims[i].max(claims[j])))
        .collect();
    Alignment {
        claims,
        groups,
        pairs,
        vectors,
        paired,
    }
}
