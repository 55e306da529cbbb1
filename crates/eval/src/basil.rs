//! BASIL (`basil-dev`): real events each told by Fox News, The New York Times and HuffPost.
//!
//! Every event's three articles go through the product's own path (a JSON article object
//! through `parallax-extract`, then `parallax-compare`, in the order Fox, NYT, HuffPost) and the
//! report is scored four ways:
//!
//! - **counts per event** on every event (conflicts, agreements, one-source claims, quotes): a
//!   false-alarm guard, since a real event rarely has more than a few true conflicts;
//! - **the editor's gold** (`editor-gold/`, some of the events): conflict precision/recall,
//!   agreement precision/recall and speaker accuracy, counted exactly as the set's reference
//!   scorer `score.py` counts them, over the report's JSON contract (so a renamed field would
//!   show here as it would there);
//! - **BASIL's quoted-span speakers**: every annotated span inside a quotation names its
//!   speaker; a span's speaker is right when the report's quote over it names the same person;
//! - **loaded words** of the outlet's own voice against BASIL's `lex` spans outside quotations,
//!   word by word (precision, recall, F1).
//!
//! It reads only the directory it is given and never writes.

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use parallax_analyze::bias::Vectors;
use parallax_core::Article;
use regex::Regex;
use serde_json::Value;

use crate::floors::Figure;
use crate::score::Counts;
use crate::score::ratio;

/// The outlets of an event, in the order the gold's scorer expects the sources.
pub const OUTLETS: [(&str, &str); 3] = [
    ("fox", "Fox News"),
    ("nyt", "The New York Times"),
    ("hpo", "HuffPost"),
];

/// Why the set could not be scored.
#[derive(Debug, thiserror::Error)]
pub enum BasilError {
    /// A file or directory could not be read.
    #[error("cannot read {0}: {1}")]
    Read(String, String),
    /// A file is not the JSON the set's README describes.
    #[error("{0}: {1}")]
    Format(String, String),
    /// No complete event (three outlets) was found.
    #[error("no event with all three outlets under {0}")]
    Empty(String),
}

/// One annotated span of BASIL, located in the extracted text.
#[derive(Debug, Clone)]
struct Annotation {
    lexical: bool,
    quoted: bool,
    speaker: String,
    /// Byte span in the article's text; `None` when the words were not found there.
    span: Option<(usize, usize)>,
}

/// One outlet's article of an event with its annotations.
type Outlet = (Article, Vec<Annotation>);

/// One event: the three articles and their annotations.
struct Event {
    uuid: String,
    articles: Vec<Article>,
    annotations: Vec<Vec<Annotation>>,
}

/// Counts of one event's report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventCounts {
    /// The event's triplet id.
    pub uuid: String,
    /// Whether the editor's gold covers it.
    pub gold: bool,
    /// Reported conflicts.
    pub conflicts: usize,
    /// Compatible differences (`reconciled`).
    pub reconciled: usize,
    /// Agreed claim groups.
    pub agreed: usize,
    /// Claims only one source reports.
    pub only_in: usize,
    /// Quotations with a speaker / all quotations.
    pub quotes_attributed: usize,
    /// All quotations.
    pub quotes: usize,
}

/// The reference scorer's counters, summed over the gold events (names as in `score.py`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoldCounts {
    /// Reported conflicts.
    pub c_rep: usize,
    /// Reported conflicts matching a gold discrepancy.
    pub c_true: usize,
    /// Gold contradictions and different figures.
    pub d_gold: usize,
    /// … of them found by a conflict or a reconciled difference.
    pub d_found: usize,
    /// Reported agreed groups.
    pub a_rep: usize,
    /// … every outlet of which states one gold fact (or quotes one gold quotation).
    pub a_true: usize,
    /// Gold shared facts.
    pub f_gold: usize,
    /// … found by an agreed group over two of their outlets.
    pub f_found: usize,
    /// Gold direct quotations.
    pub q_gold: usize,
    /// … found among the report's quotes.
    pub q_found: usize,
    /// … with the right speaker.
    pub q_right: usize,
}

/// Everything `parallax eval basil` prints.
#[derive(Debug, Clone)]
pub struct BasilScores {
    /// Which sentence vectors aligned the claims ("words alone" without).
    pub alignment: String,
    /// Per event, in event id order.
    pub events: Vec<EventCounts>,
    /// The editor's gold, summed.
    pub gold: GoldCounts,
    /// BASIL's quoted spans with a named speaker: found under a report quote / right.
    pub basil_speakers: (usize, usize, usize),
    /// Loaded words in the outlets' own voice against `lex` spans outside quotes.
    pub loaded: Counts,
    /// Annotated spans whose words were not found in the extracted text.
    pub unlocated: usize,
    /// Each event's report as its JSON contract (`parallax compare FOX NYT HPO --format json`),
    /// by event id: what the reference scorer reads.
    pub reports: Vec<(String, Value)>,
}

impl BasilScores {
    /// Conflict precision (score.py's `conflict_p`).
    pub fn conflict_precision(&self) -> f64 {
        ratio(self.gold.c_true, self.gold.c_rep)
    }
    /// Conflict recall over contradictions and different figures.
    pub fn conflict_recall(&self) -> f64 {
        ratio(self.gold.d_found, self.gold.d_gold)
    }
    /// Agreement precision.
    pub fn agreement_precision(&self) -> f64 {
        ratio(self.gold.a_true, self.gold.a_rep)
    }
    /// Agreement recall.
    pub fn agreement_recall(&self) -> f64 {
        ratio(self.gold.f_found, self.gold.f_gold)
    }
    /// Speaker accuracy over all gold direct quotes (a quote not found is wrong).
    pub fn speaker_accuracy(&self) -> f64 {
        ratio(self.gold.q_right, self.gold.q_gold)
    }
    /// Speaker accuracy on BASIL's named quoted-span speakers (a span without a quote is wrong).
    pub fn basil_speaker_accuracy(&self) -> f64 {
        ratio(self.basil_speakers.2, self.basil_speakers.0)
    }

    /// The figures, for the floors check.
    pub fn figures(&self) -> Vec<Figure> {
        let per_event = |f: fn(&EventCounts) -> usize| {
            ratio(self.events.iter().map(f).sum(), self.events.len())
        };
        vec![
            Figure::higher("basil.conflict_precision", self.conflict_precision()),
            Figure::higher("basil.conflict_recall", self.conflict_recall()),
            Figure::higher("basil.agreement_precision", self.agreement_precision()),
            Figure::higher("basil.agreement_recall", self.agreement_recall()),
            Figure::higher("basil.speaker_accuracy", self.speaker_accuracy()),
            Figure::higher(
                "basil.basil_speaker_accuracy",
                self.basil_speaker_accuracy(),
            ),
            Figure::higher("basil.loaded_f1", self.loaded.f1()),
            Figure::lower("basil.conflicts_per_event", per_event(|e| e.conflicts)),
        ]
    }
}

impl fmt::Display for BasilScores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let g = &self.gold;
        let gold_events = self.events.iter().filter(|e| e.gold).count();
        writeln!(
            f,
            "BASIL basil-dev: {} events × Fox News, The New York Times, HuffPost ({} with the editor's gold); alignment: {}",
            self.events.len(),
            gold_events,
            self.alignment
        )?;
        writeln!(
            f,
            "  {:<10} {:>4} {:>9} {:>10} {:>6} {:>7} {:>14}",
            "event", "gold", "conflicts", "reconciled", "agreed", "only_in", "quotes (named)"
        )?;
        for e in &self.events {
            writeln!(
                f,
                "  {:<10} {:>4} {:>9} {:>10} {:>6} {:>7} {:>8} ({:>3})",
                &e.uuid[..e.uuid.len().min(8)],
                if e.gold { "yes" } else { "" },
                e.conflicts,
                e.reconciled,
                e.agreed,
                e.only_in,
                e.quotes,
                e.quotes_attributed
            )?;
        }
        let total = |k: fn(&EventCounts) -> usize| self.events.iter().map(k).sum::<usize>();
        writeln!(
            f,
            "  all events: {} conflicts ({:.2} per event), {} agreed, {} quotes",
            total(|e| e.conflicts),
            ratio(total(|e| e.conflicts), self.events.len()),
            total(|e| e.agreed),
            total(|e| e.quotes)
        )?;
        writeln!(
            f,
            "  editor's gold ({gold_events} events, counted as score.py counts):"
        )?;
        writeln!(
            f,
            "    conflicts  P {:.3} ({}/{})  R {:.3} ({}/{} contradictions and different figures)",
            self.conflict_precision(),
            g.c_true,
            g.c_rep,
            self.conflict_recall(),
            g.d_found,
            g.d_gold
        )?;
        writeln!(
            f,
            "    agreements P {:.3} ({}/{})  R {:.3} ({}/{} shared facts)",
            self.agreement_precision(),
            g.a_true,
            g.a_rep,
            self.agreement_recall(),
            g.f_found,
            g.f_gold
        )?;
        writeln!(
            f,
            "    speakers   {:.3} ({}/{} direct quotes; {} of them found)",
            self.speaker_accuracy(),
            g.q_right,
            g.q_gold,
            g.q_found
        )?;
        let (n, found, right) = self.basil_speakers;
        writeln!(
            f,
            "  BASIL's quoted spans with a named speaker: {:.3} right ({right}/{n}; {found} under a reported quote)",
            self.basil_speaker_accuracy()
        )?;
        let l = &self.loaded;
        writeln!(
            f,
            "  loaded words, own voice vs BASIL lex spans outside quotes: P {:.3} ({}/{})  R {:.3} ({}/{})  F1 {:.3}",
            l.precision(),
            l.pred_found,
            l.pred,
            l.recall(),
            l.gold_found,
            l.gold,
            l.f1()
        )?;
        if self.unlocated > 0 {
            writeln!(
                f,
                "  ({} annotated spans not found in the extracted text are left out)",
                self.unlocated
            )?;
        }
        Ok(())
    }
}

/// Score `dir` (a `basil-dev` folder): at most `limit` events (in event id order), claims
/// aligned with `vectors` when given.
pub fn basil(
    dir: &Path,
    limit: Option<usize>,
    vectors: Option<&dyn Vectors>,
) -> Result<BasilScores, BasilError> {
    let mut events = read_events(dir)?;
    if events.is_empty() {
        return Err(BasilError::Empty(dir.display().to_string()));
    }
    events.truncate(limit.unwrap_or(usize::MAX));
    let gold_dir = dir.join("editor-gold");
    let mut scores = BasilScores {
        alignment: vectors.map_or("words alone".to_string(), |v| v.name().to_string()),
        events: Vec::new(),
        gold: GoldCounts::default(),
        basil_speakers: (0, 0, 0),
        loaded: Counts::default(),
        unlocated: 0,
        reports: Vec::new(),
    };
    for event in &events {
        let report = parallax_compare::compare_with(&event.articles, Vec::new(), vectors);
        let json = serde_json::to_value(&report)
            .map_err(|e| BasilError::Format(event.uuid.clone(), e.to_string()))?;
        let gold_path = gold_dir.join(format!("{}.json", event.uuid));
        let gold = if gold_path.is_file() {
            let g = read_json(&gold_path)?;
            score_gold(&g, &json, &mut scores.gold);
            true
        } else {
            false
        };
        scores.events.push(counts(&event.uuid, gold, &json));
        score_annotations(event, &json, &mut scores);
        scores.reports.push((event.uuid.clone(), json));
    }
    Ok(scores)
}

fn read_json(path: &Path) -> Result<Value, BasilError> {
    let s = std::fs::read_to_string(path)
        .map_err(|e| BasilError::Read(path.display().to_string(), e.to_string()))?;
    serde_json::from_str(&s)
        .map_err(|e| BasilError::Format(path.display().to_string(), e.to_string()))
}

/// The events of `dir/articles`, each with its three outlets in [`OUTLETS`] order, sorted by
/// event id; events missing an outlet are left out.
fn read_events(dir: &Path) -> Result<Vec<Event>, BasilError> {
    let mut by_event: BTreeMap<String, [Option<Outlet>; 3]> = BTreeMap::new();
    let files = crate::files_with_extension(&dir.join("articles"), "json")
        .map_err(|(d, e)| BasilError::Read(d.display().to_string(), e.to_string()))?;
    for path in files {
        let name = path.display().to_string();
        let v = read_json(&path)?;
        let field = |k: &str| v[k].as_str().map(str::to_string);
        let (Some(uuid), Some(source)) = (field("triplet-uuid"), field("source")) else {
            return Err(BasilError::Format(name, "no triplet-uuid or source".into()));
        };
        let Some(slot) = OUTLETS
            .iter()
            .position(|(key, _)| source.eq_ignore_ascii_case(key))
        else {
            return Err(BasilError::Format(
                name,
                format!("unknown source {source:?}"),
            ));
        };
        let Some(paragraphs) = v["body-paragraphs"].as_array() else {
            return Err(BasilError::Format(name, "no body-paragraphs".into()));
        };
        // The body as the set's README defines it, and where each paragraph string starts.
        let mut body = String::new();
        let mut strings: Vec<(usize, String)> = Vec::new();
        for (i, p) in paragraphs.iter().enumerate() {
            if i > 0 {
                body.push_str("\n\n");
            }
            for (j, s) in p.as_array().into_iter().flatten().enumerate() {
                if j > 0 {
                    body.push(' ');
                }
                let s = s.as_str().unwrap_or_default();
                strings.push((body.len(), s.to_string()));
                body.push_str(s);
            }
        }
        let object = serde_json::json!({
            "title": field("title").unwrap_or_default(),
            "text": body,
            "source": OUTLETS[slot].1,
            "published": field("date").unwrap_or_default(),
        });
        let raw = parallax_ingest::RawInput {
            input: name.clone(),
            bytes: object.to_string().into_bytes(),
            content_type: Some("application/json".into()),
            url: None,
            sidecar: None,
        };
        let article = parallax_extract::extract(&raw, &format!("a{}", slot + 1))
            .map_err(|e| BasilError::Format(name.clone(), e.to_string()))?
            .article;
        let ann_path = annotation_path(dir, &path);
        let annotations = match ann_path {
            Some(p) if p.is_file() => locate(&read_json(&p)?, &strings, &article.text),
            _ => Vec::new(),
        };
        by_event.entry(uuid).or_default()[slot] = Some((article, annotations));
    }
    Ok(by_event
        .into_iter()
        .filter_map(|(uuid, slots)| {
            let [Some(a), Some(b), Some(c)] = slots else {
                return None;
            };
            let (articles, annotations) = [a, b, c].into_iter().unzip();
            Some(Event {
                uuid,
                articles,
                annotations,
            })
        })
        .collect())
}

/// `annotations/<year>/<id>_ann.json` for `articles/<year>/<id>.json`.
fn annotation_path(dir: &Path, article: &Path) -> Option<PathBuf> {
    let year = article.parent()?.file_name()?;
    let stem = article.file_stem()?.to_str()?;
    Some(
        dir.join("annotations")
            .join(year)
            .join(format!("{stem}_ann.json")),
    )
}

/// BASIL's phrase annotations located in `text`: character offsets inside one paragraph string
/// (the string whose `[start:end]` is the annotation's words), mapped to bytes of the body and
/// then to the extracted text (the same place when extraction kept the body as given, else the
/// nearest occurrence of the words).
fn locate(ann: &Value, strings: &[(usize, String)], text: &str) -> Vec<Annotation> {
    let mut out = Vec::new();
    for p in ann["phrase-level-annotations"]
        .as_array()
        .into_iter()
        .flatten()
    {
        let words = p["txt"].as_str().unwrap_or_default();
        let (Some(start), Some(end)) = (p["start"].as_u64(), p["end"].as_u64()) else {
            continue;
        };
        let expected = strings.iter().find_map(|(at, s)| {
            let chars: Vec<(usize, char)> = s.char_indices().collect();
            let byte = |c: u64| {
                let c = c as usize;
                if c == chars.len() {
                    Some(s.len())
                } else {
                    chars.get(c).map(|(b, _)| *b)
                }
            };
            let (b0, b1) = (byte(start)?, byte(end)?);
            (s.get(b0..b1) == Some(words)).then_some(at + b0)
        });
        let span = if words.is_empty() {
            None
        } else {
            find_near(text, words, expected.unwrap_or(0)).map(|s| (s, s + words.len()))
        };
        out.push(Annotation {
            lexical: p["bias"] == "lex",
            quoted: p["quote"] == "yes",
            speaker: p["speaker"].as_str().unwrap_or_default().to_string(),
            span,
        });
    }
    out
}

/// The occurrence of `needle` in `text` nearest to byte `near`.
fn find_near(text: &str, needle: &str, near: usize) -> Option<usize> {
    text.match_indices(needle)
        .map(|(i, _)| i)
        .min_by_key(|i| i.abs_diff(near))
}

fn counts(uuid: &str, gold: bool, r: &Value) -> EventCounts {
    let len = |k: &str| r[k].as_array().map_or(0, Vec::len);
    let quotes: Vec<&Value> = r["voices"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|v| v["quotes"].as_array().into_iter().flatten())
        .collect();
    EventCounts {
        uuid: uuid.to_string(),
        gold,
        conflicts: len("conflicts"),
        reconciled: len("reconciled"),
        agreed: len("agreed"),
        only_in: len("only_in"),
        quotes: quotes.len(),
        quotes_attributed: quotes.iter().filter(|q| q["speaker"].is_string()).count(),
    }
}

// ---- The reference scorer (editor-gold/score.py), line for line over the report's JSON ----

/// Fold accents, quote marks and white space, lower case (score.py's `norm`).
fn norm(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    let folded: String = s
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            c => c,
        })
        .collect();
    folded
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn word_re() -> &'static Regex {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| Regex::new(r"\w+").expect("a valid pattern"))
}

/// score.py's `words`.
fn words(s: &str) -> Vec<String> {
    word_re()
        .find_iter(&norm(s))
        .map(|m| m.as_str().to_string())
        .collect()
}

/// score.py's `match`: one contains the other (12+ characters), or they share `frac` of the
/// shorter one's distinct words (4+ words).
fn matches(e: &str, g: &str, frac: f64) -> bool {
    let (a, b) = (norm(e), norm(g));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a.contains(&b) || b.contains(&a) {
        return a.chars().count().min(b.chars().count()) >= 12;
    }
    let (wa, wb) = (words(e), words(g));
    if wa.len().min(wb.len()) < 4 {
        return false;
    }
    let (sa, sb): (HashSet<&String>, HashSet<&String>) = (wa.iter().collect(), wb.iter().collect());
    let shared = sa.intersection(&sb).count();
    let smaller = if sa.len() <= sb.len() {
        sa.len()
    } else {
        sb.len()
    };
    shared as f64 / smaller as f64 >= frac
}

/// Score one event's report against its gold, adding to `t` (score.py's loop body).
fn score_gold(g: &Value, r: &Value, t: &mut GoldCounts) {
    let arr = |v: &Value| v.as_array().cloned().unwrap_or_default();
    let outlet: BTreeMap<String, &str> = arr(&r["sources"])
        .iter()
        .take(3)
        .enumerate()
        .filter_map(|(i, s)| Some((s["article"].as_str()?.to_string(), OUTLETS[i].0)))
        .collect();
    let outlet_of = |v: &Value| v.as_str().and_then(|a| outlet.get(a).copied());
    let discrepancies = arr(&g["discrepancies"]);
    let sides_of = |c: &Value| -> Vec<(Option<&str>, String)> {
        arr(&c["sides"])
            .iter()
            .map(|s| {
                let ev = &s["evidence"];
                let article = if s["article"].is_string() {
                    &s["article"]
                } else {
                    &ev["article"]
                };
                (
                    outlet_of(article),
                    ev["text"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect()
    };
    let hits = |c: &Value, d: &Value| {
        sides_of(c)
            .iter()
            .filter(|(o, txt)| {
                o.and_then(|o| d["sides"][o].as_str())
                    .is_some_and(|gold| matches(txt, gold, 0.7))
            })
            .count()
            >= 2
    };
    let conflicts = arr(&r["conflicts"]);
    for c in &conflicts {
        t.c_rep += 1;
        t.c_true += usize::from(discrepancies.iter().any(|d| hits(c, d)));
    }
    let found_in: Vec<Value> = conflicts
        .iter()
        .chain(arr(&r["reconciled"]).iter())
        .cloned()
        .collect();
    for d in discrepancies.iter().filter(|d| {
        matches!(
            d["strength"].as_str(),
            Some("contradiction" | "different-figure")
        )
    }) {
        t.d_gold += 1;
        t.d_found += usize::from(found_in.iter().any(|c| hits(c, d)));
    }
    let facts = arr(&g["shared_facts"]);
    let covers = |grp: &Value, f: &Value, strict: bool| {
        let (mut n, mut bad) = (0, 0);
        for ev in arr(&grp["evidence"]) {
            let ok = outlet_of(&ev["article"])
                .and_then(|o| f["evidence"][o].as_str())
                .is_some_and(|gold| matches(ev["text"].as_str().unwrap_or_default(), gold, 0.7));
            if ok {
                n += 1;
            } else {
                bad += 1;
            }
        }
        n >= 2 && (bad == 0 || !strict)
    };
    let gold_quotes = arr(&g["quotes"]);
    let same_quote = |grp: &Value| {
        let evidence = arr(&grp["evidence"]);
        let mut hit: Vec<(&str, String)> = Vec::new();
        for ev in &evidence {
            let o = outlet_of(&ev["article"]);
            for q in &gold_quotes {
                let quote = q["quote"].as_str().unwrap_or_default();
                if o.is_some()
                    && q["outlet"].as_str() == o
                    && matches(ev["text"].as_str().unwrap_or_default(), quote, 0.6)
                {
                    hit.push((o.unwrap_or_default(), quote.to_string()));
                }
            }
        }
        let outs: HashSet<&str> = hit.iter().map(|(o, _)| *o).collect();
        let n_out: HashSet<Option<&str>> = evidence
            .iter()
            .map(|ev| outlet_of(&ev["article"]))
            .collect();
        outs.len() == n_out.len()
            && hit
                .iter()
                .any(|(o1, q1)| hit.iter().any(|(o2, q2)| o1 != o2 && matches(q1, q2, 0.6)))
    };
    let agreed = arr(&r["agreed"]);
    for grp in &agreed {
        t.a_rep += 1;
        t.a_true += usize::from(facts.iter().any(|f| covers(grp, f, true)) || same_quote(grp));
    }
    for f in &facts {
        t.f_gold += 1;
        t.f_found += usize::from(agreed.iter().any(|grp| covers(grp, f, false)));
    }
    let mut quotes: Vec<(Option<&str>, String, Option<String>)> = Vec::new();
    for v in arr(&r["voices"]) {
        for q in arr(&v["quotes"]) {
            let ev = &q["evidence"];
            let article = if ev["article"].is_string() {
                &ev["article"]
            } else {
                &v["article"]
            };
            quotes.push((
                outlet_of(article),
                ev["text"].as_str().unwrap_or_default().to_string(),
                q["speaker"].as_str().map(str::to_string),
            ));
        }
    }
    for q in &gold_quotes {
        if q["direct"] == Value::Bool(false) {
            continue;
        }
        t.q_gold += 1;
        let quote = q["quote"].as_str().unwrap_or_default();
        let Some((_, _, speaker)) = quotes
            .iter()
            .find(|(o, txt, _)| *o == q["outlet"].as_str() && matches(txt, quote, 0.6))
        else {
            continue;
        };
        t.q_found += 1;
        let said = speaker.as_deref().map(words).unwrap_or_default();
        let right = match q["speaker"].as_str() {
            None => {
                let desc: HashSet<String> = words(q["speaker_desc"].as_str().unwrap_or_default())
                    .into_iter()
                    .collect();
                speaker.as_deref().is_none_or(str::is_empty)
                    || (!desc.is_empty() && said.iter().all(|w| desc.contains(w)))
            }
            Some(name) => {
                let lasts: Vec<String> = split_joint(name)
                    .iter()
                    .filter_map(|n| words(n).pop())
                    .collect();
                speaker.as_deref().is_some_and(|s| !s.is_empty())
                    && lasts.iter().any(|l| said.contains(l))
            }
        };
        t.q_right += usize::from(right);
    }
}

/// The names of a joint statement: split at ",", " and ", " & " (score.py's `re.split`).
fn split_joint(name: &str) -> Vec<&str> {
    let mut parts = vec![name];
    for sep in [",", " and ", " & "] {
        parts = parts.into_iter().flat_map(|p| p.split(sep)).collect();
    }
    parts
}

// ---- BASIL's own annotations ----

/// Suffixes that are not a last name ("Donald_Trump_Jr." is a Trump, but not Donald Trump).
const SUFFIXES: [&str; 4] = ["jr", "sr", "ii", "iii"];

/// Whether a report's speaker names BASIL's speaker (`Donald_Trump`, `House_Democrats`): the
/// last word of the name other than a suffix is one of the speaker's words, and a suffix, when
/// BASIL gives one, is too.
fn same_speaker(basil: &str, reported: &str) -> bool {
    let gold = words(&basil.replace('_', " "));
    let said = words(reported);
    let suffix: Vec<&String> = gold
        .iter()
        .filter(|w| SUFFIXES.contains(&w.as_str()))
        .collect();
    let Some(last) = gold.iter().rev().find(|w| !SUFFIXES.contains(&w.as_str())) else {
        return false;
    };
    said.contains(last) && suffix.iter().all(|s| said.contains(s))
}

/// Byte offsets of the words (`\w+`) of `text` inside `span`.
fn word_starts(text: &str, span: (usize, usize)) -> impl Iterator<Item = usize> + '_ {
    let slice = text.get(span.0..span.1).unwrap_or_default();
    word_re().find_iter(slice).map(move |m| span.0 + m.start())
}

fn score_annotations(event: &Event, r: &Value, scores: &mut BasilScores) {
    let arr = |v: &Value| v.as_array().cloned().unwrap_or_default();
    for (i, (article, annotations)) in event.articles.iter().zip(&event.annotations).enumerate() {
        let id = format!("a{}", i + 1);
        let span_of = |ev: &Value| {
            (ev["article"].as_str() == Some(id.as_str())).then(|| {
                (
                    ev["span"]["start"].as_u64().unwrap_or(0) as usize,
                    ev["span"]["end"].as_u64().unwrap_or(0) as usize,
                )
            })
        };
        // Quotes of this source with their speakers.
        let quotes: Vec<((usize, usize), Option<String>)> = arr(&r["voices"])
            .iter()
            .flat_map(|v| arr(&v["quotes"]))
            .filter_map(|q| {
                Some((
                    span_of(&q["evidence"])?,
                    q["speaker"].as_str().map(str::to_string),
                ))
            })
            .collect();
        // Loaded words of the outlet's own voice.
        let predicted: HashSet<usize> = arr(&r["framing"]["loaded"])
            .iter()
            .filter(|s| s["article"].as_str() == Some(id.as_str()))
            .flat_map(|s| arr(&s["terms"]))
            .filter(|t| t["quoted"] == Value::Bool(false))
            .filter_map(|t| span_of(&t["evidence"]))
            .flat_map(|span| word_starts(&article.text, span).collect::<Vec<_>>())
            .collect();
        let mut gold: HashSet<usize> = HashSet::new();
        for a in annotations {
            let Some(span) = a.span else {
                scores.unlocated += 1;
                continue;
            };
            if a.lexical && !a.quoted {
                gold.extend(word_starts(&article.text, span));
            }
            let named = !a.speaker.is_empty() && !a.speaker.starts_with("other_");
            if a.quoted && named {
                scores.basil_speakers.0 += 1;
                let over = quotes.iter().find(|((s, e), _)| *s < span.1 && span.0 < *e);
                if let Some((_, speaker)) = over {
                    scores.basil_speakers.1 += 1;
                    if speaker
                        .as_deref()
                        .is_some_and(|s| same_speaker(&a.speaker, s))
                    {
                        scores.basil_speakers.2 += 1;
                    }
                }
            }
        }
        let hit = predicted.intersection(&gold).count();
        scores.loaded.gold_found += hit;
        scores.loaded.pred_found += hit;
        scores.loaded.pred += predicted.len();
        scores.loaded.gold += gold.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sentences_match_as_the_reference_scorer_matches_them() {
        // Containment needs 12 characters of the shorter one.
        assert!(matches(
            "The council voted on Tuesday.",
            "“The council voted on Tuesday.”",
            0.7
        ));
        assert!(!matches("Tuesday", "The council voted on Tuesday.", 0.7));
        // Word overlap: 70 % of the shorter one's distinct words, at least 4 words.
        assert!(matches(
            "The harbour board approved the new ferry schedule",
            "Late on Monday the harbour board approved a new ferry schedule",
            0.7
        ));
        assert!(!matches(
            "The harbour board rejected the plan outright",
            "Late on Monday the harbour board approved a new ferry schedule",
            0.7
        ));
        // Accents and curly quotes fold.
        assert_eq!(norm("  Café\u{2019}s  “menu” "), "cafe's \"menu\"");
    }

    #[test]
    fn gold_counts_follow_the_reference_scorer() {
        let gold = json!({
            "shared_facts": [{"evidence": {
                "fox": "The mayor of Lakeside opened the new bridge on Friday morning.",
                "nyt": "Lakeside's mayor opened the new bridge on Friday morning."}}],
            "discrepancies": [{"strength": "different-figure", "sides": {
                "fox": "The bridge cost 40 million dollars to build over three years.",
                "hpo": "The bridge cost 46 million dollars to build over three years."}}],
            "quotes": [
                {"outlet": "fox", "quote": "This bridge joins two halves of our town", "speaker": "Ada Vance"},
                {"outlet": "nyt", "quote": "We waited far too long for this crossing", "speaker": null,
                 "speaker_desc": "one resident"}]
        });
        let ev = |a: &str, text: &str| json!({"article": a, "span": {"start": 0, "end": 1}, "text": text});
        let report = json!({
            "sources": [{"article": "a1"}, {"article": "a2"}, {"article": "a3"}],
            "conflicts": [
                {"sides": [{"evidence": ev("a1", "The bridge cost 40 million dollars to build over three years.")},
                           {"evidence": ev("a3", "The bridge cost 46 million dollars to build over three years.")}]},
                {"sides": [{"evidence": ev("a1", "The mayor of Lakeside opened the new bridge on Friday morning.")},
                           {"evidence": ev("a2", "Traffic was light on the bridge by the evening rush.")}]}],
            "reconciled": [],
            "agreed": [
                {"evidence": [ev("a1", "The mayor of Lakeside opened the new bridge on Friday morning."),
                              ev("a2", "Lakeside's mayor opened the new bridge on Friday morning.")]},
                {"evidence": [ev("a1", "The mayor of Lakeside opened the new bridge on Friday morning."),
                              ev("a2", "Lakeside's mayor opened the new bridge on Friday morning."),
                              ev("a3", "A fireworks show followed after dark.")]}],
            "voices": [
                {"article": "a1", "quotes": [{"speaker": "Mayor Ada Vance", "evidence": ev("a1", "This bridge joins two halves of our town")}]},
                {"article": "a2", "quotes": [{"speaker": "Ada Vance", "evidence": ev("a2", "We waited far too long for this crossing")}]}]
        });
        let mut t = GoldCounts::default();
        score_gold(&gold, &report, &mut t);
        assert_eq!((t.c_rep, t.c_true, t.d_gold, t.d_found), (2, 1, 1, 1));
        // The second group adds a third outlet's unrelated sentence: not strictly the fact.
        assert_eq!((t.a_rep, t.a_true, t.f_gold, t.f_found), (2, 1, 1, 1));
        // The anonymous resident's words given to the mayor are wrong.
        assert_eq!((t.q_gold, t.q_found, t.q_right), (2, 2, 1));
    }

    #[test]
    fn basil_speakers_are_matched_by_last_name_and_suffix() {
        assert!(same_speaker("Ada_Vance", "Mayor Ada Vance"));
        assert!(same_speaker("Vance", "Ada Vance"));
        assert!(!same_speaker("Ada_Vance", "Ben Okoro"));
        assert!(same_speaker("Tom_Reyes_Jr.", "Tom Reyes Jr."));
        assert!(
            !same_speaker("Tom_Reyes_Jr.", "Tom Reyes"),
            "a son is not his father"
        );
        assert!(same_speaker("House_Democrats", "the House Democrats"));
        assert_eq!(
            split_joint("Ada Vance and Ben Okoro"),
            ["Ada Vance", "Ben Okoro"]
        );
    }

    #[test]
    fn annotations_are_found_at_their_place() {
        let strings = vec![
            (0, "The plan is a reckless gamble.".to_string()),
            (31, "Critics called it a reckless gamble.".to_string()),
        ];
        let text = "The plan is a reckless gamble. Critics called it a reckless gamble.";
        let ann = json!({"phrase-level-annotations": [
            {"bias": "lex", "quote": "no", "speaker": "", "txt": "reckless gamble", "start": 20, "end": 35},
            {"bias": "lex", "quote": "no", "speaker": "", "txt": "missing words", "start": 0, "end": 13}]});
        let found = locate(&ann, &strings, text);
        assert_eq!(found[0].span, Some((51, 66)));
        assert_eq!(&text[51..66], "reckless gamble");
        assert_eq!(found[1].span, None);
        assert_eq!(word_starts(text, (51, 66)).collect::<Vec<_>>(), [51, 60]);
    }
}
