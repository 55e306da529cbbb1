//! NeuS (AllSides roundups): Parallax's neutral synthesis scored with ROUGE against the editors'
//! neutral summary, beside a lead-sentence baseline computed in the same run, and the
//! loaded-word rate of the synthesis against that of its inputs.
//!
//! ROUGE here is computed on lower-cased alphanumeric tokens without stemming (ROUGE-1 and -2:
//! n-gram overlap F1; ROUGE-L: longest-common-subsequence F1), averaged over stories. It does
//! not reproduce the official Perl script's stemming or stop-word options.

use std::fmt;
use std::path::Path;

use parallax_core::{Article, BlockKind, Paragraph, Provenance, Sourced, Span};

/// ROUGE F1 triple.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Rouge {
    /// ROUGE-1 F1.
    pub r1: f64,
    /// ROUGE-2 F1.
    pub r2: f64,
    /// ROUGE-L F1.
    pub rl: f64,
}

/// Scores of one system over the stories.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SystemScores {
    /// Name of the system.
    pub name: String,
    /// Mean ROUGE.
    pub rouge: Rouge,
    /// Mean words per summary.
    pub words: f64,
    /// Loaded lexicon terms per 1,000 words of all its summaries.
    pub loaded_per_1000: f64,
}

/// The NeuS table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NeusScores {
    /// Stories scored.
    pub stories: usize,
    /// Mean words of the editors' summaries.
    pub target_words: f64,
    /// Loaded terms per 1,000 words of the input articles.
    pub input_loaded_per_1000: f64,
    /// Loaded terms per 1,000 words of the editors' summaries.
    pub target_loaded_per_1000: f64,
    /// One row per system.
    pub systems: Vec<SystemScores>,
}

/// Errors reading the data.
#[derive(Debug, thiserror::Error)]
pub enum NeusError {
    /// A file could not be read.
    #[error("cannot read {0}: {1}")]
    Read(String, String),
    /// The source and target files have different numbers of stories.
    #[error("val.source has {0} stories but val.target has {1}")]
    Mismatch(usize, usize),
}

fn tokens(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn ngrams(t: &[String], n: usize) -> std::collections::HashMap<&[String], usize> {
    let mut m = std::collections::HashMap::new();
    if t.len() >= n {
        for w in t.windows(n) {
            *m.entry(w).or_insert(0) += 1;
        }
    }
    m
}

fn f1(overlap: usize, pred: usize, gold: usize) -> f64 {
    if pred == 0 || gold == 0 || overlap == 0 {
        return 0.0;
    }
    let p = overlap as f64 / pred as f64;
    let r = overlap as f64 / gold as f64;
    2.0 * p * r / (p + r)
}

fn rouge_n(pred: &[String], gold: &[String], n: usize) -> f64 {
    let (a, b) = (ngrams(pred, n), ngrams(gold, n));
    let overlap: usize = a
        .iter()
        .map(|(k, v)| (*v).min(*b.get(k).unwrap_or(&0)))
        .sum();
    f1(
        overlap,
        pred.len().saturating_sub(n - 1),
        gold.len().saturating_sub(n - 1),
    )
}

fn lcs(a: &[String], b: &[String]) -> usize {
    let mut prev = vec![0usize; b.len() + 1];
    let mut cur = vec![0usize; b.len() + 1];
    for x in a {
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = if x == y {
                prev[j] + 1
            } else {
                prev[j + 1].max(cur[j])
            };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// ROUGE-1/2/L F1 of a prediction against a reference.
pub fn rouge(pred: &str, gold: &str) -> Rouge {
    let (p, g) = (tokens(pred), tokens(gold));
    Rouge {
        r1: rouge_n(&p, &g, 1),
        r2: rouge_n(&p, &g, 2),
        rl: f1(lcs(&p, &g), p.len(), g.len()),
    }
}

/// Split one NeuS line into (title, article text) pairs.
pub fn parse_story(line: &str) -> Vec<(String, String)> {
    line.split("[SEP]")
        .filter_map(|part| {
            let part = part.trim();
            let rest = part.strip_prefix("TITLE=>")?;
            let (title, body) = rest.split_once("ARTICLE=>").unwrap_or((rest, ""));
            Some((title.trim().to_string(), body.trim().to_string()))
        })
        .filter(|(_, b)| !b.is_empty())
        .collect()
}

fn article(id: &str, title: &str, body: &str) -> Article {
    let mut a = Article::from_text(id, body);
    a.paragraphs = vec![Paragraph {
        span: Span::new(0, body.len()),
        kind: BlockKind::Body,
    }];
    a.title = Some(Sourced::new(title.to_string(), Provenance::JsonField));
    a.source = Some(Sourced::new(
        format!("Source {}", &id[1..]),
        Provenance::InputName,
    ));
    a
}

fn loaded_count(text: &str) -> usize {
    let toks = parallax_analyze::tokens::tokenize(text);
    let lower: Vec<String> = toks.iter().map(|t| t.lower()).collect();
    parallax_analyze::loaded::find(&toks, &lower, &[]).len()
}

/// First sentence of each article: the lead baseline.
fn lead(arts: &[Article]) -> String {
    arts.iter()
        .filter_map(|a| {
            sentencex::segment("en", &a.text)
                .first()
                .map(|s| s.trim().to_string())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first `n` words of a text.
fn first_words(s: &str, n: usize) -> String {
    s.split_whitespace().take(n).collect::<Vec<_>>().join(" ")
}

/// Score the synthesis on `val.source`/`val.target` in `dir` (at most `limit` stories).
pub fn neus(
    dir: &Path,
    limit: Option<usize>,
    vectors: Option<&dyn parallax_analyze::bias::Vectors>,
) -> Result<NeusScores, NeusError> {
    let read = |name: &str| {
        let p = dir.join(name);
        std::fs::read_to_string(&p)
            .map_err(|e| NeusError::Read(p.display().to_string(), e.to_string()))
    };
    let src = read("val.source")?;
    let tgt = read("val.target")?;
    let (src, tgt): (Vec<&str>, Vec<&str>) = (src.lines().collect(), tgt.lines().collect());
    if src.len() != tgt.len() {
        return Err(NeusError::Mismatch(src.len(), tgt.len()));
    }
    let n = limit.unwrap_or(src.len()).min(src.len());
    let mut names = vec![
        "Parallax synthesis".to_string(),
        "Parallax synthesis, cut to the target's length".to_string(),
        "Lead baseline (first sentence of each article)".to_string(),
        "Lead baseline, cut to the target's length".to_string(),
    ];
    if let Some(v) = vectors {
        names.push(format!("Parallax synthesis, {} in alignment", v.name()));
        names.push(format!(
            "Parallax synthesis, {} in alignment, cut",
            v.name()
        ));
    }
    let mut sums = vec![(Rouge::default(), 0usize, 0usize); names.len()];
    let (mut in_words, mut in_loaded, mut t_words, mut t_loaded, mut stories) = (0, 0, 0, 0, 0);
    for (line, target) in src.iter().zip(&tgt).take(n) {
        let parts = parse_story(line);
        let gold = parse_story(target)
            .into_iter()
            .next()
            .map(|(_, b)| b)
            .unwrap_or_default();
        if parts.len() < 2 || gold.is_empty() {
            continue;
        }
        stories += 1;
        let arts: Vec<Article> = parts
            .iter()
            .enumerate()
            .map(|(i, (t, b))| article(&format!("a{}", i + 1), t, b))
            .collect();
        for a in &arts {
            in_words += a.text.split_whitespace().count();
            in_loaded += loaded_count(&a.text);
        }
        let gw = gold.split_whitespace().count();
        t_words += gw;
        t_loaded += loaded_count(&gold);
        let analyses: Vec<parallax_core::Analysis> =
            arts.iter().map(parallax_analyze::analyze).collect();
        let synthesis = |vectors| {
            parallax_compare::compare_analyzed_with(&arts, &analyses, Vec::new(), vectors)
                .synthesis
                .iter()
                .map(|s| s.text.as_str().to_string())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let synth = synthesis(None);
        let lead = lead(&arts);
        let mut outputs = vec![
            synth.clone(),
            first_words(&synth, gw),
            lead.clone(),
            first_words(&lead, gw),
        ];
        if vectors.is_some() {
            let with = synthesis(vectors);
            outputs.push(first_words(&with, gw));
            outputs.insert(outputs.len() - 1, with);
        }
        for (k, out) in outputs.iter().enumerate() {
            let r = rouge(out, &gold);
            sums[k].0.r1 += r.r1;
            sums[k].0.r2 += r.r2;
            sums[k].0.rl += r.rl;
            sums[k].1 += out.split_whitespace().count();
            sums[k].2 += loaded_count(out);
        }
    }
    let per = |x: usize, w: usize| {
        if w == 0 {
            0.0
        } else {
            x as f64 * 1000.0 / w as f64
        }
    };
    let d = stories.max(1) as f64;
    Ok(NeusScores {
        stories,
        target_words: t_words as f64 / d,
        input_loaded_per_1000: per(in_loaded, in_words),
        target_loaded_per_1000: per(t_loaded, t_words),
        systems: names
            .iter()
            .zip(sums)
            .map(|(name, (r, w, l))| SystemScores {
                name: name.clone(),
                rouge: Rouge {
                    r1: r.r1 / d,
                    r2: r.r2 / d,
                    rl: r.rl / d,
                },
                words: w as f64 / d,
                loaded_per_1000: per(l, w),
            })
            .collect(),
    })
}

impl fmt::Display for NeusScores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "NeuS val: {} stories; editors' roundup {:.0} words on average",
            self.stories, self.target_words
        )?;
        writeln!(
            f,
            "{:<50} {:>8} {:>8} {:>8} {:>7} {:>12}",
            "system", "ROUGE-1", "ROUGE-2", "ROUGE-L", "words", "loaded/1k"
        )?;
        for s in &self.systems {
            writeln!(
                f,
                "{:<50} {:>8.3} {:>8.3} {:>8.3} {:>7.0} {:>12.1}",
                s.name, s.rouge.r1, s.rouge.r2, s.rouge.rl, s.words, s.loaded_per_1000
            )?;
        }
        writeln!(
            f,
            "loaded terms per 1,000 words: inputs {:.1}, editors' roundups {:.1}",
            self.input_loaded_per_1000, self.target_loaded_per_1000
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rouge_by_hand() {
        // pred: "the cat sat", gold: "the cat sat down": 3 shared unigrams, P=1, R=.75.
        let r = rouge("The cat sat", "the cat sat down");
        assert!((r.r1 - 2.0 * 0.75 / 1.75).abs() < 1e-9);
        // bigrams: pred {the cat, cat sat}, gold {the cat, cat sat, sat down}: P=1, R=2/3.
        assert!((r.r2 - 2.0 * (2.0 / 3.0) / (5.0 / 3.0)).abs() < 1e-9);
        // LCS = 3.
        assert!((r.rl - r.r1).abs() < 1e-9);
        assert_eq!(rouge("", "x").r1, 0.0);
        let r = rouge("a b c d", "d c b a");
        assert!((r.rl - 0.25).abs() < 1e-9, "LCS of reversed text is 1");
    }

    #[test]
    fn parses_story_lines() {
        let p = parse_story(
            "TITLE=> One. ARTICLE=> First text. [SEP] TITLE=> Two. ARTICLE=> Second text.",
        );
        assert_eq!(
            p,
            [
                ("One.".to_string(), "First text.".to_string()),
                ("Two.".to_string(), "Second text.".to_string())
            ]
        );
    }

    #[test]
    fn real_val_split_when_present() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/neus-allsides");
        if !dir.is_dir() {
            eprintln!("skipping: {} not found", dir.display());
            return;
        }
        let s = neus(&dir, Some(15), None).expect("scores");
        assert!(s.stories > 5);
        for sys in &s.systems {
            assert!(
                (0.0..=1.0).contains(&sys.rouge.r1) && sys.rouge.r1 > 0.0,
                "{sys:?}"
            );
        }
    }
}
