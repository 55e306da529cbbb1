//! An invented story stream of any length, for the scale benchmark (`parallax bench --stream N`)
//! and for tests: the true grouping is known, so a clusterer's B-cubed can be scored on it.
//!
//! Owns [`Synthetic`] (an iterator of [`SynthArticle`] in publication order), its
//! [`SynthConfig`], and [`bcubed`]. Nothing here is third-party text: the vocabulary is made of
//! invented syllable words (a few English function words, which the clusterer's stop list
//! removes, glue them), and every name and place is invented the same way.
//!
//! - **Stories** open at a steady rate ([`SynthConfig::per_day`] articles a day, so a longer
//!   stream covers more months, not a denser window). Each has a seed: one to three people
//!   (surnames drawn with a heavy tail, so some people recur in many stories), one or two
//!   places, an organisation, a dozen topic words from a 30,000-word vocabulary (again
//!   heavy-tailed), one or two words of its own (a coined name or term never seen before: the
//!   vocabulary grows with the stream, as real news does), a headline and six sentences.
//!   Topic words come mostly from the story's beat (one of 40 groups of 500 words), so stories
//!   of one beat share words. About one story in five is a follow-up of a recent one: the same
//!   people and place and half its topic words, four to twelve days later (two speeches of one
//!   mayor a week apart); about one in seven is a neighbour of a story of the last day: the
//!   same place and beat, other people, a quarter of its topic words.
//! - **Sizes and spread**: heavy-tailed (half the stories have one or two articles, a few have
//!   hundreds); most articles come on the first day, the rest over up to twelve days.
//! - **Articles** are perturbed paraphrases of the seed: sentences reordered and some dropped,
//!   words dropped or swapped for a synonym (invented words come in synonym pairs) or a
//!   common word, one or two sentences of the outlet's own, and a headline of other words
//!   (the seed's key words reshuffled, with synonyms and fillers). About one article in ten is
//!   a wire copy: the text of an earlier article of its story, with its own headline and
//!   sometimes a credit line.
//!
//! Deterministic: a fixed SplitMix64 sequence per story and per article, so the same
//! configuration gives the same stream on every machine. Memory follows the live stories
//! (a seed is dropped after its last article), not the stream's length.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};

use crate::stream::StreamArticle;

/// The shape of a [`Synthetic`] stream.
#[derive(Debug, Clone, PartialEq)]
pub struct SynthConfig {
    /// Articles in the stream.
    pub articles: usize,
    /// Articles a day, about (stories open at the rate that gives it).
    pub per_day: usize,
    /// Seed of the pseudo-random sequence.
    pub seed: u64,
    /// Day (since 1970-01-01) of the first article.
    pub start_day: f64,
}

impl Default for SynthConfig {
    fn default() -> Self {
        SynthConfig {
            articles: 10_000,
            per_day: 3_000,
            seed: 13,
            start_day: 20_000.0,
        }
    }
}

/// One generated article and its true story.
#[derive(Debug, Clone, PartialEq)]
pub struct SynthArticle {
    /// The article (id: its position in the stream).
    pub article: StreamArticle,
    /// The story it tells (numbered from 0 in the order stories open).
    pub story: u64,
    /// The stream position of the article it is a wire copy of, if it is one.
    pub copy_of: Option<u64>,
}

/// SplitMix64.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    /// A heavy-tailed index below `n`: small indices much more often (about Zipf-like).
    fn skewed(&mut self, n: usize) -> usize {
        let u = self.unit();
        ((n as f64).powf(u) - 1.0) as usize % n.max(1)
    }
}

fn mix(a: u64, b: u64) -> u64 {
    Rng::new(a ^ b.wrapping_mul(0xd6e8_feb8_6659_fd93)).next()
}

const ONSETS: &[&str] = &[
    "b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr", "kr", "pl",
    "st", "tr", "sh", "ch", "gl", "fr",
];
const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ai", "ou", "ei"];
const CODAS: &[&str] = &["", "", "", "n", "r", "l", "m", "k", "st", "nd"];

/// The invented word number `i` of a word family (`salt` keeps families apart): two to four
/// syllables, lower-case ASCII.
fn word(salt: u64, i: u64) -> String {
    let mut r = Rng::new(mix(salt, i));
    let syllables = 2 + r.below(3);
    let mut s = String::with_capacity(12);
    for _ in 0..syllables {
        s.push_str(ONSETS[r.below(ONSETS.len())]);
        s.push_str(VOWELS[r.below(VOWELS.len())]);
    }
    s.push_str(CODAS[r.below(CODAS.len())]);
    // The family index keeps two words apart even when their syllables collide.
    if i >= 1_000 && r.chance(0.5) {
        s.push_str(["o", "an", "ek", "is"][r.below(4)]);
    }
    s
}

fn capital(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// English function words that glue the invented words into sentences (the clusterer's stop
/// list removes them, as it does in real text).
const GLUE: &[&str] = &[
    "the", "a", "of", "to", "in", "and", "on", "for", "with", "by", "at", "from", "that", "was",
    "were", "has", "had", "is", "are", "after", "before", "said", "as", "it", "its", "their",
    "this", "will", "would", "over", "about", "but",
];

const COMMON: u64 = 30_000;
const SURNAMES: usize = 20_000;
const FIRST_NAMES: usize = 400;
const PLACES: usize = 3_000;
const ORGS: usize = 2_000;
/// Beats (politics, courts, weather, … in spirit): groups of topic words stories share.
const BEATS: usize = 40;
const BEAT_WORDS: u64 = 500;
const SALT_WORD: u64 = 1;
const SALT_FIRST: u64 = 2;
const SALT_SUR: u64 = 3;
const SALT_PLACE: u64 = 4;
const SALT_ORG: u64 = 5;
const SALT_OWN: u64 = 6;

/// A common word by number; words `2k` and `2k + 1` are synonyms.
fn common(i: u64) -> String {
    word(SALT_WORD, i % COMMON)
}

/// What every article of one story is written from.
#[derive(Debug, Clone)]
struct Seed {
    people: Vec<String>,
    /// Surname of each person (what a later mention uses).
    surnames: Vec<String>,
    places: Vec<String>,
    org: String,
    beat: u64,
    topic: Vec<u64>,
    headline: Vec<Token>,
    sentences: Vec<Vec<Token>>,
    /// Articles still to come.
    left: usize,
    /// Its articles so far, for wire copies: (stream position of the origin, the sequence
    /// number whose text it carries).
    emitted: Vec<(u64, u32)>,
    /// True while a follow-up may still be written from it.
    recent: bool,
}

/// One word slot of a seed sentence.
#[derive(Debug, Clone)]
enum Token {
    Glue(&'static str),
    Common(u64),
    Topic(u64),
    Name(String),
}

/// The invented story stream: an iterator of articles in publication order.
#[derive(Debug)]
pub struct Synthetic {
    config: SynthConfig,
    seeds: HashMap<u64, Seed>,
    /// Pending articles: (minute, story, sequence within the story).
    pending: BinaryHeap<Reverse<(u64, u64, u32)>>,
    /// Recent stories that a follow-up may continue (story, day it opened).
    recent: VecDeque<(u64, f64)>,
    next_story: u64,
    /// The day whose stories have been opened (stories open a day at a time).
    opened_until: u64,
    emitted: u64,
    /// Articles scheduled so far (stops opening stories at the stream's length).
    scheduled: usize,
}

impl Synthetic {
    /// The stream of `config`.
    pub fn new(config: SynthConfig) -> Synthetic {
        Synthetic {
            config,
            seeds: HashMap::new(),
            pending: BinaryHeap::new(),
            recent: VecDeque::new(),
            next_story: 0,
            opened_until: 0,
            emitted: 0,
            scheduled: 0,
        }
    }

    /// Stories whose articles are still to come (the generator's own live window).
    pub fn open_seeds(&self) -> usize {
        self.seeds.len()
    }

    fn person(r: &mut Rng) -> (String, String) {
        let first = capital(&word(SALT_FIRST, r.below(FIRST_NAMES) as u64));
        let sur = capital(&word(SALT_SUR, r.skewed(SURNAMES) as u64));
        (format!("{first} {sur}"), sur)
    }

    /// Open the stories of day `d` (minutes from the stream's start) and schedule their
    /// articles.
    fn open_day(&mut self, d: u64) {
        let mut budget = self.config.per_day.max(1);
        while budget > 0 && self.scheduled < self.config.articles {
            let id = self.next_story;
            self.next_story += 1;
            let mut r = Rng::new(mix(self.config.seed, id.wrapping_add(1 << 40)));
            let start = d as f64 + r.unit();
            // Size: heavy-tailed, mean about 6.
            let size = ((1.3 * r.unit().max(1e-9).powf(-0.75)) as usize).clamp(1, 400);
            let size = size.min(self.config.articles - self.scheduled);
            let seed = self.seed(id, start, &mut r);
            let span = (0.5 + size as f64 / 6.0).min(12.0);
            for k in 0..size {
                let offset = if k == 0 { 0.0 } else { span * r.unit().powi(2) };
                let minute = ((start + offset) * 1440.0) as u64;
                self.pending.push(Reverse((minute, id, k as u32)));
            }
            self.seeds.insert(id, Seed { left: size, ..seed });
            self.recent.push_back((id, start));
            while self.recent.len() > 4_000
                || self.recent.front().is_some_and(|(_, s)| start - s > 12.0)
            {
                if let Some((old, _)) = self.recent.pop_front()
                    && let Some(seed) = self.seeds.get_mut(&old)
                {
                    seed.recent = false;
                    if seed.left == 0 {
                        self.seeds.remove(&old);
                    }
                }
            }
            budget = budget.saturating_sub(size);
            self.scheduled += size;
        }
    }

    /// A story's seed: a follow-up of a recent story (same people, place, half the topic) or a
    /// fresh one.
    fn seed(&mut self, id: u64, start: f64, r: &mut Rng) -> Seed {
        // One story in five follows up a story four to twelve days old (same people, place
        // and half its topic); about one in seven is a neighbour of a story of the last day
        // (same place and beat, other people, a quarter of its topic).
        let kind = r.unit();
        let parent = if kind < 0.35 {
            let follow = kind < 0.2;
            let old: Vec<u64> = self
                .recent
                .iter()
                .filter(|(_, s)| {
                    if follow {
                        start - s >= 4.0
                    } else {
                        start - s <= 1.0
                    }
                })
                .map(|(p, _)| *p)
                .filter(|p| self.seeds.contains_key(p))
                .collect();
            (!old.is_empty()).then(|| (old[r.below(old.len())], follow))
        } else {
            None
        };
        let fresh_people = |r: &mut Rng| -> (Vec<String>, Vec<String>) {
            let n = 1 + r.below(3);
            (0..n).map(|_| Self::person(r)).unzip()
        };
        let (people, surnames, places, org, beat, mut topic) =
            match parent.and_then(|(p, f)| self.seeds.get(&p).map(|s| (s, f))) {
                Some((p, true)) => (
                    p.people.clone(),
                    p.surnames.clone(),
                    p.places.clone(),
                    p.org.clone(),
                    p.beat,
                    p.topic[..p.topic.len() / 2].to_vec(),
                ),
                Some((p, false)) => {
                    let (people, surnames) = fresh_people(r);
                    (
                        people,
                        surnames,
                        p.places.clone(),
                        p.org.clone(),
                        p.beat,
                        p.topic[..p.topic.len() / 4].to_vec(),
                    )
                }
                None => {
                    let (people, surnames) = fresh_people(r);
                    let places: Vec<String> = (0..1 + r.below(2))
                        .map(|_| capital(&word(SALT_PLACE, r.skewed(PLACES) as u64)))
                        .collect();
                    let org = format!(
                        "{} {}",
                        capital(&word(SALT_ORG, r.skewed(ORGS) as u64)),
                        ["Council", "Ministry", "Party", "Union", "Bank"][r.below(5)]
                    );
                    (
                        people,
                        surnames,
                        places,
                        org,
                        r.below(BEATS) as u64,
                        Vec::new(),
                    )
                }
            };
        while topic.len() < 12 {
            // Topic words: most from the story's beat (a few hundred words that every story of
            // the beat draws on, heavy-tailed), the rest from the whole vocabulary, past its
            // most common few hundred words.
            let t = if r.chance(0.7) {
                200 + beat * BEAT_WORDS + r.skewed(BEAT_WORDS as usize) as u64
            } else {
                200 + r.skewed(COMMON as usize - 200) as u64
            };
            if !topic.contains(&t) {
                topic.push(t);
            }
        }
        let own: Vec<String> = (0..1 + r.below(2))
            .map(|k| capital(&word(SALT_OWN, id * 2 + k as u64)))
            .collect();
        let name = |r: &mut Rng| -> Token {
            match r.below(6) {
                0 | 1 => Token::Name(people[r.below(people.len())].clone()),
                2 => Token::Name(surnames[r.below(surnames.len())].clone()),
                3 => Token::Name(places[r.below(places.len())].clone()),
                4 => Token::Name(org.clone()),
                _ => Token::Name(own[r.below(own.len())].clone()),
            }
        };
        let sentence = |r: &mut Rng, len: usize| -> Vec<Token> {
            (0..len)
                .map(|_| match r.below(20) {
                    0..=6 => Token::Glue(GLUE[r.below(GLUE.len())]),
                    7..=11 => Token::Topic(topic[r.below(topic.len())]),
                    12..=16 => Token::Common(r.skewed(COMMON as usize) as u64),
                    _ => name(r),
                })
                .collect()
        };
        let mut headline = vec![
            Token::Topic(topic[0]),
            Token::Name(surnames[0].clone()),
            Token::Topic(topic[1]),
            Token::Name(places[0].clone()),
            Token::Topic(topic[2]),
        ];
        headline.push(Token::Name(own[0].clone()));
        let sentences = (0..6)
            .map(|_| {
                let len = 12 + r.below(8);
                sentence(r, len)
            })
            .collect();
        Seed {
            people,
            surnames,
            places,
            org,
            beat,
            topic,
            headline,
            sentences,
            left: 0,
            emitted: Vec::new(),
            recent: true,
        }
    }

    /// The text of article `k` of a story: a perturbed paraphrase of its seed.
    fn write(seed: &Seed, story: u64, k: u32) -> (String, String) {
        let mut r = Rng::new(mix(story.wrapping_mul(0x1_0000_0001), u64::from(k) + 7));
        let render = |t: &Token, r: &mut Rng, out: &mut Vec<String>| match t {
            Token::Glue(g) => {
                if !r.chance(0.15) {
                    out.push((*g).to_string());
                }
            }
            Token::Common(c) | Token::Topic(c) => {
                let x = r.unit();
                if x < 0.12 {
                } else if x < 0.27 {
                    out.push(common(c ^ 1));
                } else if x < 0.32 {
                    out.push(common(r.skewed(COMMON as usize) as u64));
                } else {
                    out.push(common(*c));
                }
            }
            Token::Name(n) => {
                if !r.chance(0.1) {
                    out.push(n.clone());
                }
            }
        };
        // Headline: the seed's key words reshuffled, some swapped for synonyms, with a filler.
        let mut head: Vec<String> = Vec::new();
        let mut slots: Vec<&Token> = seed.headline.iter().collect();
        for j in (1..slots.len()).rev() {
            slots.swap(j, r.below(j + 1));
        }
        let keep = 3 + r.below(slots.len() - 2);
        for t in &slots[..keep] {
            render(t, &mut r, &mut head);
        }
        if r.chance(0.5) {
            head.insert(r.below(head.len() + 1), common(r.skewed(2_000) as u64));
        }
        if let Some(f) = head.first_mut() {
            *f = capital(f);
        }
        // Body: sentences reordered, some dropped, each word perturbed; an outlet sentence.
        let mut order: Vec<usize> = (0..seed.sentences.len()).collect();
        for j in (1..order.len()).rev() {
            if r.chance(0.5) {
                order.swap(j, r.below(j + 1));
            }
        }
        let keep = order.len() - r.below(3);
        let mut body = String::with_capacity(1_000);
        let mut extra = r.below(3);
        for (n, s) in order[..keep].iter().enumerate() {
            let mut words: Vec<String> = Vec::with_capacity(24);
            for t in &seed.sentences[*s] {
                render(t, &mut r, &mut words);
            }
            if extra > 0 && (n == 1 || n == 3) {
                extra -= 1;
                let outlet: Vec<String> = (0..10 + r.below(8))
                    .map(|_| {
                        if r.chance(0.4) {
                            GLUE[r.below(GLUE.len())].to_string()
                        } else {
                            common(r.skewed(COMMON as usize) as u64)
                        }
                    })
                    .collect();
                push_sentence(&mut body, &outlet);
            }
            push_sentence(&mut body, &words);
        }
        (head.join(" "), body)
    }
}

fn push_sentence(body: &mut String, words: &[String]) {
    if words.is_empty() {
        return;
    }
    if !body.is_empty() {
        body.push(' ');
    }
    body.push_str(&capital(&words[0]));
    for w in &words[1..] {
        body.push(' ');
        body.push_str(w);
    }
    body.push('.');
}

impl Iterator for Synthetic {
    type Item = SynthArticle;

    fn next(&mut self) -> Option<SynthArticle> {
        if self.emitted as usize >= self.config.articles {
            return None;
        }
        // Open days until the earliest pending article is before the next day to open.
        loop {
            let next_day_minute = self.opened_until * 1440;
            let ready = self
                .pending
                .peek()
                .is_some_and(|Reverse((m, _, _))| *m < next_day_minute);
            if ready || self.scheduled >= self.config.articles {
                break;
            }
            self.open_day(self.opened_until);
            self.opened_until += 1;
        }
        let Reverse((minute, story, k)) = self.pending.pop()?;
        let pos = self.emitted;
        self.emitted += 1;
        let seed = self.seeds.get_mut(&story)?;
        let mut r = Rng::new(mix(story ^ 0xc0_c0, u64::from(k)));
        let copied = (!seed.emitted.is_empty() && r.chance(0.1))
            .then(|| seed.emitted[r.below(seed.emitted.len())]);
        let (title, body) = match copied {
            Some((_, text_of)) => {
                let (_, body) = Self::write(seed, story, text_of);
                let (title, _) = Self::write(seed, story, k);
                let body = if r.chance(0.5) {
                    format!("{body} {} said.", capital(&common(r.below(500) as u64)))
                } else {
                    body
                };
                (title, body)
            }
            None => Self::write(seed, story, k),
        };
        let copy_of = copied.map(|(origin, _)| origin);
        seed.emitted.push(copied.unwrap_or((pos, k)));
        seed.left = seed.left.saturating_sub(1);
        if seed.left == 0 && !seed.recent {
            self.seeds.remove(&story);
        }
        Some(SynthArticle {
            article: StreamArticle {
                id: pos.to_string(),
                title,
                body,
                day: Some(self.config.start_day + minute as f64 / 1440.0),
                ..Default::default()
            },
            story,
            copy_of,
        })
    }
}

/// B-cubed precision, recall and F1 (averaged over items) of a predicted grouping against the
/// true one (`truth[i]`, `pred[i]`: the groups of item `i`).
pub fn bcubed(truth: &[u64], pred: &[u64]) -> (f64, f64, f64) {
    let n = truth.len().min(pred.len());
    if n == 0 {
        return (0.0, 0.0, 0.0);
    }
    let mut both: HashMap<(u64, u64), u32> = HashMap::new();
    let mut t: HashMap<u64, u32> = HashMap::new();
    let mut p: HashMap<u64, u32> = HashMap::new();
    for i in 0..n {
        *both.entry((truth[i], pred[i])).or_default() += 1;
        *t.entry(truth[i]).or_default() += 1;
        *p.entry(pred[i]).or_default() += 1;
    }
    // Summed per (truth, pred) cell: each of its c items scores c / |group|.
    let (mut prec, mut rec) = (0.0, 0.0);
    for ((g, q), c) in &both {
        let c = f64::from(*c);
        prec += c * c / f64::from(p[q]);
        rec += c * c / f64::from(t[g]);
    }
    let (precision, recall) = (prec / n as f64, rec / n as f64);
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    (precision, recall, f1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream(n: usize) -> Vec<SynthArticle> {
        Synthetic::new(SynthConfig {
            articles: n,
            per_day: 400,
            ..SynthConfig::default()
        })
        .collect()
    }

    #[test]
    fn the_stream_is_deterministic_ordered_and_complete() {
        let a = stream(3_000);
        assert_eq!(a.len(), 3_000);
        assert_eq!(a, stream(3_000), "same configuration, same stream");
        assert!(
            a.windows(2).all(|w| w[0].article.day <= w[1].article.day),
            "publication order"
        );
        let stories: std::collections::HashSet<u64> = a.iter().map(|x| x.story).collect();
        assert!(
            stories.len() > 200 && stories.len() < 1_500,
            "{}",
            stories.len()
        );
        let days = a[a.len() - 1].article.day.unwrap_or(0.0) - a[0].article.day.unwrap_or(0.0);
        assert!(days > 5.0, "spread over days: {days}");
        // Wire copies carry their origin's body; paraphrases do not.
        let copies: Vec<&SynthArticle> = a.iter().filter(|x| x.copy_of.is_some()).collect();
        assert!(copies.len() > 50, "{}", copies.len());
        for c in copies.iter().take(20) {
            let origin = &a[c.copy_of.unwrap_or(0) as usize];
            assert_eq!(origin.story, c.story);
            assert!(c.article.body.starts_with(&origin.article.body));
        }
        let x = &a[10].article;
        let same_story: Vec<&SynthArticle> = a
            .iter()
            .filter(|y| y.story == a[10].story && y.copy_of.is_none())
            .collect();
        if same_story.len() > 1 {
            assert_ne!(same_story[0].article.body, same_story[1].article.body);
        }
        assert!(
            x.title.split(' ').count() >= 2 && x.body.split(' ').count() > 40,
            "{x:?}"
        );
    }

    /// The clusterer recovers the invented stories: a sanity check of both (5,000 articles, a
    /// little over a day at 3,000 a day; `parallax bench --stream N` is the scale run).
    #[test]
    fn the_clusterer_recovers_the_invented_stories() {
        let mut c = crate::Clusterer::default();
        let mut truth = Vec::new();
        let mut pred = Vec::new();
        for a in Synthetic::new(SynthConfig {
            articles: 5_000,
            ..SynthConfig::default()
        }) {
            pred.push(c.add(&a.article).story.0);
            truth.push(a.story);
        }
        let (p, r, f1) = bcubed(&truth, &pred);
        eprintln!("B-cubed P {p:.3} R {r:.3} F1 {f1:.3}");
        assert!(f1 > 0.9, "P {p:.3} R {r:.3} F1 {f1:.3}");
    }

    #[test]
    fn bcubed_by_hand() {
        assert_eq!(bcubed(&[1, 1, 2], &[5, 5, 6]), (1.0, 1.0, 1.0));
        let (p, r, _) = bcubed(&[1, 1, 2], &[5, 5, 5]);
        assert!((p - 5.0 / 9.0).abs() < 1e-9 && (r - 1.0).abs() < 1e-9);
    }
}
