//! One story: the articles, their analyses, and entity identities shared across articles.
//!
//! "Ortega" in one article and "Maria Elena Ortega" in another become one canonical key, so agreement,
//! framing and speaker checks compare people rather than spellings.

use std::collections::{BTreeMap, HashMap};

use parallax_core::{Analysis, Article, Entity, EntityKind, Evidence, Span};

use crate::words::QuoteWords;

/// The articles of one story with their analyses.
pub struct Story<'a> {
    /// Articles, in input order.
    pub articles: &'a [Article],
    /// One analysis per article.
    pub analyses: &'a [Analysis],
    /// Canonical key of each (article, entity index).
    canon: Vec<Vec<String>>,
    /// Display name per canonical key (the fullest form seen).
    pub names: BTreeMap<String, (String, EntityKind)>,
    /// Origin of each article: the index of the article it is a near-copy of, or itself.
    pub origin: Vec<usize>,
    /// The words of each quotation, per article (as `Analysis::quotes`), read once for the
    /// alignment and the voices.
    pub quote_words: Vec<Vec<QuoteWords>>,
}

impl<'a> Story<'a> {
    /// Build a story and unify entity keys across its articles.
    pub fn new(
        articles: &'a [Article],
        analyses: &'a [Analysis],
        copies: &[Option<usize>],
    ) -> Story<'a> {
        let mut full: HashMap<String, (String, EntityKind, usize)> = HashMap::new();
        for an in analyses {
            for e in &an.entities {
                let words = e.key.split(' ').count();
                let entry = full
                    .entry(e.key.clone())
                    .or_insert((e.name.clone(), e.kind, words));
                if e.name.len() > entry.0.len() {
                    entry.0 = e.name.clone();
                }
            }
        }
        // A shorter person key inside exactly one longer person key maps to it ("lee").
        let persons: Vec<&String> = full
            .iter()
            .filter(|(_, v)| v.1 == EntityKind::Person)
            .map(|(k, _)| k)
            .collect();
        let resolve = |key: &str, kind: EntityKind| -> String {
            if kind == EntityKind::Place {
                return key.to_string();
            }
            let kw: Vec<&str> = key.split(' ').collect();
            let mut hits: Vec<&String> = persons
                .iter()
                .copied()
                .filter(|p| {
                    let pw: Vec<&str> = p.split(' ').collect();
                    pw.len() > kw.len() && (pw.starts_with(&kw) || pw.ends_with(&kw))
                })
                .collect();
            hits.sort();
            hits.dedup();
            if hits.len() == 1 {
                hits[0].clone()
            } else {
                key.to_string()
            }
        };
        let canon: Vec<Vec<String>> = analyses
            .iter()
            .map(|an| {
                an.entities
                    .iter()
                    .map(|e| resolve(&e.key, e.kind))
                    .collect()
            })
            .collect();
        let mut names = BTreeMap::new();
        for (ai, an) in analyses.iter().enumerate() {
            for (ei, e) in an.entities.iter().enumerate() {
                let key = canon[ai][ei].clone();
                let (name, kind) = full
                    .get(&key)
                    .map_or((e.name.clone(), e.kind), |v| (v.0.clone(), v.1));
                names.entry(key).or_insert((name, kind));
            }
        }
        let origin = copies
            .iter()
            .enumerate()
            .map(|(i, c)| c.unwrap_or(i))
            .collect();
        let quote_words = analyses
            .iter()
            .zip(articles)
            .map(|(an, a)| {
                an.quotes
                    .iter()
                    .map(|q| QuoteWords::new(q.span.slice(&a.text).unwrap_or("")))
                    .collect()
            })
            .collect();
        Story {
            articles,
            analyses,
            canon,
            names,
            origin,
            quote_words,
        }
    }

    /// Canonical key of entity `e` of article `a`.
    pub fn key(&self, a: usize, e: usize) -> &str {
        self.canon
            .get(a)
            .and_then(|v| v.get(e))
            .map_or("", String::as_str)
    }

    /// The entity record of entity `e` of article `a`.
    pub fn entity(&self, a: usize, e: usize) -> Option<&Entity> {
        self.analyses.get(a)?.entities.get(e)
    }

    /// Display name of a canonical key.
    pub fn name<'k>(&'k self, key: &'k str) -> &'k str {
        self.names.get(key).map_or(key, |v| v.0.as_str())
    }

    /// Evidence for `span` of article `a`.
    pub fn evidence(&self, a: usize, span: Span) -> Evidence {
        Evidence::new(&self.articles[a].id, &self.articles[a].text, span)
    }

    /// Text of `span` in article `a`.
    pub fn text(&self, a: usize, span: Span) -> &str {
        span.slice(&self.articles[a].text).unwrap_or("")
    }

    /// The outlet name of article `a`.
    pub fn outlet(&self, a: usize) -> &str {
        self.articles[a].source_name()
    }

    /// The word as written for a content term of claim `c` of article `a` ("attended" for the
    /// term "attend"), falling back to the term itself.
    pub fn surface(&self, a: usize, c: usize, term: &str) -> String {
        let Some(claim) = self.analyses.get(a).and_then(|an| an.claims.get(c)) else {
            return term.to_string();
        };
        let text = self.text(a, claim.span);
        parallax_analyze::tokens::tokenize(text)
            .iter()
            .find(|t| {
                parallax_analyze::tokens::concept(&parallax_analyze::tokens::stem(t.text)) == term
            })
            .map_or_else(|| term.to_string(), |t| t.lower())
    }

    /// Number of distinct origins among a set of articles.
    pub fn origins(&self, articles: &[usize]) -> usize {
        let mut o: Vec<usize> = articles.iter().map(|&a| self.origin[a]).collect();
        o.sort_unstable();
        o.dedup();
        o.len()
    }
}
