//! One story: the articles, their analyses, and entity identities shared across articles.
//!
//! "Ortega" in one article and "Maria Elena Ortega" in another become one canonical key, so agreement,
//! framing and speaker checks compare people rather than spellings.

use std::collections::{BTreeMap, HashMap};

use parallax_core::{Analysis, Article, Entity, EntityKind, Evidence, Span};

use parallax_analyze::entities::{is_family_of, is_family_suffix};

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
        // Two forms of one person's name ("tim murray" / "timothy murray", "maria ortega" /
        // "maria elena ortega") share the fullest form.
        let variants = person_variants(&persons);
        let fullest = |key: &String| variants.get(key).unwrap_or(key).clone();
        let resolve = |key: &str, kind: EntityKind| -> String {
            if kind == EntityKind::Place {
                return key.to_string();
            }
            let kw: Vec<&str> = key.split(' ').collect();
            let mut hits: Vec<String> = persons
                .iter()
                .copied()
                .filter(|p| {
                    let pw: Vec<&str> = p.split(' ').collect();
                    // "Ivan Petrov" and "Ivan Petrov Jr." are father and son.
                    !is_family_of(&kw, &pw)
                        && pw.len() > kw.len()
                        && (pw.starts_with(&kw) || pw.ends_with(&kw))
                })
                .map(fullest)
                .collect();
            hits.sort();
            hits.dedup();
            // "Trump" beside "Donald Trump" and "Donald Trump Jr.": the bare name is the one
            // without the family suffix (a son is "Trump Jr."), when there is such a one.
            let suffixed = |k: &str| k.rsplit(' ').next().is_some_and(is_family_suffix);
            if !suffixed(key) && hits.iter().any(|h| !suffixed(h)) {
                hits.retain(|h| !suffixed(h));
            }
            match hits.as_slice() {
                [one] => one.clone(),
                _ => fullest(&key.to_string()),
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

    /// The kind of the entity a canonical key names.
    pub fn kind(&self, key: &str) -> Option<EntityKind> {
        self.names.get(key).map(|v| v.1)
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

    /// What the claim at `span` of article `a` is about, as a reader would title it: its first
    /// dozen words ("Governor Maria Alvarez opened the new Riverside rail line on Monday"),
    /// cut at a word with "…" when longer, without closing punctuation.
    pub fn gist(&self, a: usize, span: Span) -> String {
        const WORDS: usize = 12;
        let words: Vec<&str> = self.text(a, span).split_whitespace().collect();
        let mut out = words[..words.len().min(WORDS)].join(" ");
        let cut = words.len() > WORDS;
        while out.ends_with(['.', ',', ';', ':', '!', '?', '-', '\u{2014}']) {
            out.pop();
        }
        if cut {
            out.push('\u{2026}');
        }
        out
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

/// Common English short forms of first names that are not a prefix of the full name (a prefix,
/// "Tim" for "Timothy", is recognised without a table).
const SHORT_FORMS: [(&str, &str); 28] = [
    ("andy", "andrew"),
    ("bill", "william"),
    ("billy", "william"),
    ("bob", "robert"),
    ("bobby", "robert"),
    ("chuck", "charles"),
    ("dave", "david"),
    ("dick", "richard"),
    ("rick", "richard"),
    ("jim", "james"),
    ("jimmy", "james"),
    ("joe", "joseph"),
    ("mike", "michael"),
    ("nick", "nicholas"),
    ("tom", "thomas"),
    ("tommy", "thomas"),
    ("ted", "edward"),
    ("ned", "edward"),
    ("jack", "john"),
    ("hank", "henry"),
    ("harry", "henry"),
    ("liz", "elizabeth"),
    ("beth", "elizabeth"),
    ("betsy", "elizabeth"),
    ("peggy", "margaret"),
    ("kate", "katherine"),
    ("jerry", "gerald"),
    ("tony", "anthony"),
];

/// Whether two first names can name one person: equal, one the short form of the other
/// ("tim" / "timothy", "bill" / "william"), or one a lone initial of the other.
fn same_first_name(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let initial = short.trim_end_matches('.');
    short == long
        || (short.len() >= 3 && long.starts_with(short))
        || (initial.chars().count() == 1 && long.starts_with(initial))
        || SHORT_FORMS.contains(&(short, long))
}

/// Person keys that are other forms of one name, mapped to the fullest of them: the same last
/// word, compatible first names, and the shorter's middle words all in the longer
/// ("maria ortega" = "maria elena ortega", "tim murray" = "timothy murray"). A name whose forms
/// would join two different fuller names ("j smith" next to "jane smith" and "john smith") is
/// left alone. Suffixes make a different person ("donald trump" is not "donald trump jr").
fn person_variants(persons: &[&String]) -> HashMap<String, String> {
    let split = |k: &str| k.split(' ').map(str::to_string).collect::<Vec<_>>();
    let compatible = |a: &[String], b: &[String]| {
        let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
        short.len() >= 2
            && short.last() == long.last()
            && same_first_name(&short[0], &long[0])
            && short[1..short.len() - 1]
                .iter()
                .all(|w| long[1..long.len() - 1].contains(w))
    };
    let mut sorted: Vec<&String> = persons.to_vec();
    sorted.sort();
    sorted.dedup();
    let fullness = |k: &str| (k.split(' ').count(), k.len());
    let mut out = HashMap::new();
    for &k in &sorted {
        let kw = split(k);
        let mut fuller: Vec<&String> = sorted
            .iter()
            .copied()
            .filter(|&o| o != k && fullness(o) > fullness(k) && compatible(&kw, &split(o)))
            .collect();
        // The fullest form every candidate is a form of; else ambiguous.
        fuller.sort_by_key(|o| std::cmp::Reverse(fullness(o)));
        let Some(&top) = fuller.first() else {
            continue;
        };
        let tw = split(top);
        if fuller
            .iter()
            .all(|o| *o == top || compatible(&split(o), &tw))
        {
            out.insert(k.clone(), top.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_of_one_name_share_the_fullest() {
        let keys: Vec<String> = [
            "tim okafor",
            "timothy okafor",
            "maria ortega",
            "maria elena ortega",
            "bill hale",
            "william hale",
            "dana hale",
            "ron vask",
            "ron vask jr",
            "j smith",
            "jane smith",
            "john smith",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let refs: Vec<&String> = keys.iter().collect();
        let v = person_variants(&refs);
        assert_eq!(
            v.get("tim okafor").map(String::as_str),
            Some("timothy okafor")
        );
        assert_eq!(
            v.get("maria ortega").map(String::as_str),
            Some("maria elena ortega")
        );
        assert_eq!(v.get("bill hale").map(String::as_str), Some("william hale"));
        assert_eq!(v.get("dana hale"), None, "a relative is another person");
        assert_eq!(v.get("ron vask"), None, "a son is not his father");
        assert_eq!(v.get("j smith"), None, "ambiguous: Jane or John");
        assert_eq!(v.get("timothy okafor"), None);
    }
}
