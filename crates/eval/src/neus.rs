//! NeuS (AllSides roundups): Parallax's neutral synthesis scored with ROUGE against the editors'
//! neutral summary, beside a lead-sentence baseline computed in the same run, and the
//! loaded-word rate of the synthesis against that of its inputs.
//!
//! Loaded words are counted two ways, applied alike to the synthesis, the lead baseline, the
//! inputs and the editors' roundups. The lexicon count uses the same lexicon the synthesis filters
//! with, so the synthesis scores 0 by construction: it is printed, labelled so, but it measures
//! nothing. The independent count is the BABE-trained word model (the lexical pipeline of
//! `models/bias.json`): each sentence is read by [`Pipeline::assess`] and its biased words are
//! counted. The word model reads lexicon membership as one feature among its hashed word, suffix
//! and neighbour features, so it is not blind to the lexicon; but it was fitted to annotators'
//! word marks on BABE, and the synthesis does not consult it. Without a model the independent
//! count is not available (and the output says so); it never falls back to the lexicon.
//!
//! ROUGE here is computed on lower-cased alphanumeric tokens without stemming (ROUGE-1 and -2:
//! n-gram overlap F1; ROUGE-L: longest-common-subsequence F1), averaged over stories. It does
//! not reproduce the official Perl script's stemming or stop-word options.

use std::fmt;
use std::path::Path;

use parallax_analyze::bias::Pipeline;
use parallax_core::{Article, BlockKind, Paragraph, Provenance, Sourced, Span};

use crate::floors::{Figure, slug};

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
    /// Short key of the system in figure names (`synthesis`, `lead_cut`, …).
    pub key: String,
    /// Mean ROUGE.
    pub rouge: Rouge,
    /// Mean words per summary.
    pub words: f64,
    /// Loaded lexicon terms per 1,000 words of all its summaries (the synthesis filters with
    /// the same lexicon: 0 there by construction).
    pub loaded_per_1000: f64,
    /// Words the BABE word model marks as biased, per 1,000 words (`None` without the model).
    pub loaded_model_per_1000: Option<f64>,
}

/// The NeuS table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NeusScores {
    /// The split scored: `val` (the figures of the README) or `train` (where the rules were
    /// developed; a robustness check).
    pub split: String,
    /// Stories scored.
    pub stories: usize,
    /// Mean words of the editors' summaries.
    pub target_words: f64,
    /// Loaded terms per 1,000 words of the input articles.
    pub input_loaded_per_1000: f64,
    /// Loaded terms per 1,000 words of the editors' summaries.
    pub target_loaded_per_1000: f64,
    /// The word model's biased words per 1,000 words of the input articles.
    pub input_model_per_1000: Option<f64>,
    /// The word model's biased words per 1,000 words of the editors' summaries.
    pub target_model_per_1000: Option<f64>,
    /// One row per system.
    pub systems: Vec<SystemScores>,
    /// Conflicts the comparison reports per story (sentence vectors in alignment when given,
    /// as `compare` runs): a false-alarm guard, since three outlets telling one event rarely
    /// disagree on a fact. No gold says which of them are real.
    pub conflicts_per_story: f64,
    /// Stories with at least one conflict.
    pub stories_with_conflicts: usize,
}

/// Errors reading the data.
#[derive(Debug, thiserror::Error)]
pub enum NeusError {
    /// A file could not be read.
    #[error("cannot read {0}: {1}")]
    Read(String, String),
    /// The source and target files have different numbers of stories.
    #[error("{0}.source has {1} stories but {0}.target has {2}")]
    Mismatch(String, usize, usize),
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

/// Words the word model marks as biased in `text`, sentence by sentence.
fn model_count(model: &Pipeline, text: &str) -> usize {
    sentencex::segment("en", text)
        .iter()
        .map(|s| model.assess(s.trim(), None).words.len())
        .sum()
}

fn loaded_count(text: &str) -> usize {
    let toks = parallax_analyze::tokens::tokenize(text);
    let lower: Vec<String> = toks.iter().map(|t| t.lower()).collect();
    parallax_analyze::loaded::find(text, &toks, &lower, &[]).len()
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

/// Score the synthesis on `{split}.source`/`{split}.target` in `dir` (at most `limit` stories), with
/// `vectors` in alignment for the embedded rows when given, and the independent loaded-word
/// count by `word_model` (the lexical pipeline of the trained bias model) when given.
pub fn neus(
    dir: &Path,
    split: &str,
    limit: Option<usize>,
    vectors: Option<&dyn parallax_analyze::bias::Vectors>,
    word_model: Option<&Pipeline>,
) -> Result<NeusScores, NeusError> {
    let read = |name: &str| {
        let p = dir.join(name);
        std::fs::read_to_string(&p)
            .map_err(|e| NeusError::Read(p.display().to_string(), e.to_string()))
    };
    let src = read(&format!("{split}.source"))?;
    let tgt = read(&format!("{split}.target"))?;
    let (src, tgt): (Vec<&str>, Vec<&str>) = (src.lines().collect(), tgt.lines().collect());
    if src.len() != tgt.len() {
        return Err(NeusError::Mismatch(split.to_string(), src.len(), tgt.len()));
    }
    let n = limit.unwrap_or(src.len()).min(src.len());
    let mut names = vec![
        ("Parallax synthesis".to_string(), "synthesis".to_string()),
        (
            "Parallax synthesis, cut to the target's length".to_string(),
            "synthesis_cut".to_string(),
        ),
        (
            "Lead baseline (first sentence of each article)".to_string(),
            "lead".to_string(),
        ),
        (
            "Lead baseline, cut to the target's length".to_string(),
            "lead_cut".to_string(),
        ),
    ];
    if let Some(v) = vectors {
        let key = format!("synthesis_{}", slug(v.name()));
        names.push((
            format!("Parallax synthesis, {} in alignment", v.name()),
            key.clone(),
        ));
        names.push((
            format!("Parallax synthesis, {} in alignment, cut", v.name()),
            format!("{key}_cut"),
        ));
    }
    let model = |text: &str| word_model.map_or(0, |m| model_count(m, text));
    let mut sums = vec![(Rouge::default(), 0usize, 0usize, 0usize); names.len()];
    let (mut in_words, mut in_loaded, mut t_words, mut t_loaded, mut stories) = (0, 0, 0, 0, 0);
    let (mut in_model, mut t_model) = (0, 0);
    let (mut conflicts, mut with_conflicts) = (0, 0);
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
            in_model += model(&a.text);
        }
        let gw = gold.split_whitespace().count();
        t_words += gw;
        t_loaded += loaded_count(&gold);
        t_model += model(&gold);
        let analyses: Vec<parallax_core::Analysis> =
            arts.iter().map(parallax_analyze::analyze).collect();
        let report = |vectors| {
            parallax_compare::compare_analyzed_with(&arts, &analyses, Vec::new(), vectors)
        };
        let synthesis = |r: &parallax_core::Report| {
            r.synthesis
                .iter()
                .map(|s| s.text.as_str().to_string())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let plain = report(None);
        let synth = synthesis(&plain);
        let lead = lead(&arts);
        let mut outputs = vec![
            synth.clone(),
            first_words(&synth, gw),
            lead.clone(),
            first_words(&lead, gw),
        ];
        let mut found = plain.conflicts.len();
        if vectors.is_some() {
            let embedded = report(vectors);
            found = embedded.conflicts.len();
            let with = synthesis(&embedded);
            outputs.push(first_words(&with, gw));
            outputs.insert(outputs.len() - 1, with);
        }
        conflicts += found;
        with_conflicts += usize::from(found > 0);
        for (k, out) in outputs.iter().enumerate() {
            let r = rouge(out, &gold);
            sums[k].0.r1 += r.r1;
            sums[k].0.r2 += r.r2;
            sums[k].0.rl += r.rl;
            sums[k].1 += out.split_whitespace().count();
            sums[k].2 += loaded_count(out);
            sums[k].3 += model(out);
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
    let with_model = |x: usize, w: usize| word_model.map(|_| per(x, w));
    Ok(NeusScores {
        split: split.to_string(),
        stories,
        target_words: t_words as f64 / d,
        input_loaded_per_1000: per(in_loaded, in_words),
        target_loaded_per_1000: per(t_loaded, t_words),
        input_model_per_1000: with_model(in_model, in_words),
        target_model_per_1000: with_model(t_model, t_words),
        systems: names
            .iter()
            .zip(sums)
            .map(|((name, key), (r, w, l, m))| SystemScores {
                name: name.clone(),
                key: key.clone(),
                rouge: Rouge {
                    r1: r.r1 / d,
                    r2: r.r2 / d,
                    rl: r.rl / d,
                },
                words: w as f64 / d,
                loaded_per_1000: per(l, w),
                loaded_model_per_1000: with_model(m, w),
            })
            .collect(),
        conflicts_per_story: conflicts as f64 / d,
        stories_with_conflicts: with_conflicts,
    })
}

impl NeusScores {
    /// The figures `parallax eval neus` prints, named for the floors check
    /// (`neus.synthesis.rouge1`, `neus.synthesis.loaded_model_per_1000`, …). Loaded-word rates
    /// are lower-is-better.
    pub fn figures(&self) -> Vec<Figure> {
        let mut out = Vec::new();
        for s in &self.systems {
            let p = format!("neus.{}", s.key);
            out.push(Figure::higher(format!("{p}.rouge1"), s.rouge.r1));
            out.push(Figure::higher(format!("{p}.rouge2"), s.rouge.r2));
            out.push(Figure::higher(format!("{p}.rougeL"), s.rouge.rl));
            out.push(Figure::lower(
                format!("{p}.loaded_lexicon_per_1000"),
                s.loaded_per_1000,
            ));
            if let Some(m) = s.loaded_model_per_1000 {
                out.push(Figure::lower(format!("{p}.loaded_model_per_1000"), m));
            }
        }
        out.push(Figure::lower(
            "neus.conflicts_per_story",
            self.conflicts_per_story,
        ));
        if let Some(m) = self.input_model_per_1000 {
            out.push(Figure::lower("neus.inputs.loaded_model_per_1000", m));
        }
        if let Some(m) = self.target_model_per_1000 {
            out.push(Figure::lower("neus.roundups.loaded_model_per_1000", m));
        }
        out
    }
}

impl fmt::Display for NeusScores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "NeuS {}: {} stories; editors' roundup {:.0} words on average",
            self.split, self.stories, self.target_words
        )?;
        writeln!(
            f,
            "{:<56} {:>8} {:>8} {:>8} {:>7} {:>15} {:>13}",
            "system", "ROUGE-1", "ROUGE-2", "ROUGE-L", "words", "word model/1k", "lexicon/1k"
        )?;
        let rate = |m: Option<f64>| m.map_or("n/a".to_string(), |m| format!("{m:.1}"));
        for s in &self.systems {
            writeln!(
                f,
                "{:<56} {:>8.3} {:>8.3} {:>8.3} {:>7.0} {:>15} {:>13.1}",
                s.name,
                s.rouge.r1,
                s.rouge.r2,
                s.rouge.rl,
                s.words,
                rate(s.loaded_model_per_1000),
                s.loaded_per_1000
            )?;
        }
        writeln!(
            f,
            "loaded words per 1,000, independent count (BABE word model, lexical pipeline of models/bias.json): inputs {}, editors' roundups {}",
            rate(self.input_model_per_1000),
            rate(self.target_model_per_1000)
        )?;
        if self.input_model_per_1000.is_none() {
            writeln!(
                f,
                "  (independent count unavailable: no trained bias model; run scripts/setup.sh)"
            )?;
        }
        writeln!(
            f,
            "loaded terms per 1,000 words, lexicon count (the synthesis filters with this lexicon: 0 there by construction): inputs {:.1}, editors' roundups {:.1}",
            self.input_loaded_per_1000, self.target_loaded_per_1000
        )?;
        writeln!(
            f,
            "conflicts reported (a false-alarm guard: three outlets, one event): {:.2} per story, {} of {} stories with any",
            self.conflicts_per_story, self.stories_with_conflicts, self.stories
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
        let Some(dir) = parallax_testkit::shared("data/neus-allsides") else {
            return;
        };
        let s = neus(&dir, "val", Some(15), None, None).expect("scores");
        assert!(s.stories > 5);
        for sys in &s.systems {
            assert!(
                (0.0..=1.0).contains(&sys.rouge.r1) && sys.rouge.r1 > 0.0,
                "{sys:?}"
            );
        }
    }
}
