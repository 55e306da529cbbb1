//! Story clustering: articles of many stories mixed into one stream, grouped again by
//! [`parallax_cluster::Clusterer`] and scored by B-cubed precision, recall and F1 against the
//! sets' own grouping, beside a TF-IDF cosine average-linkage baseline computed in the same run.
//!
//! Sets (each read from the data directory given):
//!
//! - `neus-allsides/headline_11_…_crawled_all.jsonl`: one AllSides story per line, its left,
//!   centre and right reports (`newsTitle`, `newBody` sentences); the line's `date` (its day
//!   only) is every report's publication day. **Test set.**
//! - `basil-dev/articles/*/*.json`: 28 events told by three outlets, `triplet-uuid` the event,
//!   `date` the publication day. **Test set.**
//! - `neus-allsides/train.source` + `val.source`: one story per line, no dates. **Development**:
//!   Parallax's defaults were set on `train.source`.
//!
//! The stream is the articles in publication order (ties, and the undated set, in a fixed
//! pseudo-random order, so one story's reports do not arrive together). The baseline's
//! threshold is the best of a sweep on the very set it is scored on: an optimistic baseline.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use chrono::NaiveDate;
use parallax_cluster::{Config, StreamArticle, cluster_all, text};

use crate::floors::Figure;

/// One article of a labelled set.
#[derive(Debug, Clone)]
pub struct Item {
    /// Its gold story (index within the set).
    pub story: usize,
    /// Headline.
    pub title: String,
    /// Body text.
    pub body: String,
    /// Publication day (days since 1970-01-01), when the set gives one.
    pub day: Option<f64>,
}

/// B-cubed precision, recall and F1 (averaged over articles).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct BCubed {
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1 of the two.
    pub f1: f64,
}

/// B-cubed of a predicted grouping against the gold one (`gold[i]`, `pred[i]`: the groups of
/// article `i`).
pub fn bcubed(gold: &[usize], pred: &[usize]) -> BCubed {
    let n = gold.len().min(pred.len());
    if n == 0 {
        return BCubed::default();
    }
    let mut both: HashMap<(usize, usize), usize> = HashMap::new();
    let mut g: HashMap<usize, usize> = HashMap::new();
    let mut p: HashMap<usize, usize> = HashMap::new();
    for i in 0..n {
        *both.entry((gold[i], pred[i])).or_default() += 1;
        *g.entry(gold[i]).or_default() += 1;
        *p.entry(pred[i]).or_default() += 1;
    }
    let (mut prec, mut rec) = (0.0, 0.0);
    for i in 0..n {
        let c = both[&(gold[i], pred[i])] as f64;
        prec += c / p[&pred[i]] as f64;
        rec += c / g[&gold[i]] as f64;
    }
    let (precision, recall) = (prec / n as f64, rec / n as f64);
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    BCubed {
        precision,
        recall,
        f1,
    }
}

/// Pairs of dated articles by whether their days differ: where a set's stories span days and
/// where Parallax's mixed stories do. The time decay cannot serve a set whose stories never span
/// two days (every cross-day link is wrong) and one whose stories do (some must be made) by the
/// same rule; these counts show which kind a set is and where precision goes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PairDays {
    /// Pairs of one gold story published on different days.
    pub gold_across_days: usize,
    /// Pairs of one gold story published on the same day.
    pub gold_same_day: usize,
    /// The longest gap in days between two articles of one gold story.
    pub gold_longest_days: usize,
    /// Pairs Parallax put in one story that belong to different gold stories, same day.
    pub mixed_same_day: usize,
    /// The same, published on different days.
    pub mixed_across_days: usize,
}

/// Count [`PairDays`] over the dated articles (`gold[i]`, `pred[i]`: the groups of `items[i]`).
pub fn pair_days(items: &[Item], gold: &[usize], pred: &[usize]) -> PairDays {
    let mut out = PairDays::default();
    let mut by_gold: HashMap<usize, Vec<(f64, usize)>> = HashMap::new();
    let mut by_pred: HashMap<usize, Vec<(f64, usize)>> = HashMap::new();
    for ((it, &g), &p) in items.iter().zip(gold).zip(pred) {
        if let Some(d) = it.day {
            by_gold.entry(g).or_default().push((d, g));
            by_pred.entry(p).or_default().push((d, g));
        }
    }
    for members in by_gold.values() {
        for (i, a) in members.iter().enumerate() {
            for b in &members[i + 1..] {
                let gap = (a.0 - b.0).abs();
                if gap > 0.0 {
                    out.gold_across_days += 1;
                    out.gold_longest_days = out.gold_longest_days.max(gap.round() as usize);
                } else {
                    out.gold_same_day += 1;
                }
            }
        }
    }
    for members in by_pred.values() {
        for (i, a) in members.iter().enumerate() {
            for b in &members[i + 1..] {
                if a.1 == b.1 {
                    continue;
                }
                if a.0 == b.0 {
                    out.mixed_same_day += 1;
                } else {
                    out.mixed_across_days += 1;
                }
            }
        }
    }
    out
}

fn day_of(date: &str) -> Option<f64> {
    let d = NaiveDate::parse_from_str(date.get(..10)?, "%Y-%m-%d").ok()?;
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)?;
    Some((d - epoch).num_days() as f64)
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// The articles of `headline_11_…_crawled_all.jsonl` (the first `limit` stories).
pub fn headline11(file: &Path, limit: Option<usize>) -> Result<Vec<Item>, String> {
    let mut out = Vec::new();
    let text = read(file)?;
    for (n, line) in text.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        if limit.is_some_and(|l| n >= l) {
            break;
        }
        let v: serde_json::Value = serde_json::from_str(line)
            .map_err(|e| format!("{}: line {}: {e}", file.display(), n + 1))?;
        let day = v["date"].as_str().and_then(day_of);
        for side in ["left", "center", "right"] {
            let a = &v["news"][side];
            let Some(title) = a["newsTitle"].as_str() else {
                continue;
            };
            let body = match &a["newBody"] {
                serde_json::Value::Array(s) => s
                    .iter()
                    .filter_map(|x| x.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
                serde_json::Value::String(s) => s.clone(),
                _ => String::new(),
            };
            out.push(Item {
                story: n,
                title: title.to_string(),
                body,
                day,
            });
        }
    }
    Ok(out)
}

/// The articles of `basil-dev/articles` (the first `limit` events in event id order).
pub fn basil(dir: &Path, limit: Option<usize>) -> Result<Vec<Item>, String> {
    let files = crate::files_with_extension(&dir.join("articles"), "json")
        .map_err(|(d, e)| format!("{}: {e}", d.display()))?;
    let mut by_event: std::collections::BTreeMap<String, Vec<(String, String, Option<f64>)>> =
        Default::default();
    for path in files {
        let v: serde_json::Value =
            serde_json::from_str(&read(&path)?).map_err(|e| format!("{}: {e}", path.display()))?;
        let Some(uuid) = v["triplet-uuid"].as_str() else {
            return Err(format!("{}: no triplet-uuid", path.display()));
        };
        let body = v["body-paragraphs"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| {
                p.as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect::<Vec<_>>()
            .join("\n\n");
        let title = v["title"].as_str().unwrap_or_default().to_string();
        let day = v["date"].as_str().and_then(day_of);
        by_event
            .entry(uuid.to_string())
            .or_default()
            .push((title, body, day));
    }
    Ok(by_event
        .into_values()
        .take(limit.unwrap_or(usize::MAX))
        .enumerate()
        .flat_map(|(story, arts)| {
            arts.into_iter().map(move |(title, body, day)| Item {
                story,
                title,
                body,
                day,
            })
        })
        .collect())
}

/// The articles of NeuS `.source` files (one story per line), the first `limit` stories of
/// each file; story numbers run on across files.
pub fn neus_source(dir: &Path, files: &[&str], limit: Option<usize>) -> Result<Vec<Item>, String> {
    let mut out = Vec::new();
    let mut story = 0;
    for f in files {
        let text = read(&dir.join(f))?;
        for line in text.lines().take(limit.unwrap_or(usize::MAX)) {
            for (title, body) in crate::neus::parse_story(line) {
                out.push(Item {
                    story,
                    title,
                    body,
                    day: None,
                });
            }
            story += 1;
        }
    }
    Ok(out)
}

/// SplitMix64's finaliser: the fixed pseudo-random order of ties.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The stream order: by day, ties (and undated articles) in a fixed pseudo-random order.
pub fn stream_order(items: &[Item]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|a, b| {
        let (da, db) = (items[*a].day.unwrap_or(0.0), items[*b].day.unwrap_or(0.0));
        da.total_cmp(&db).then(mix(*a as u64).cmp(&mix(*b as u64)))
    });
    order
}

/// Parallax's grouping of `items` (streamed in [`stream_order`]), one story number per item.
pub fn parallax(items: &[Item], config: &Config) -> Vec<usize> {
    parallax_with(items, config, None)
}

/// [`parallax`] with sentence vectors of each headline and lead from `vectors`.
pub fn parallax_with(
    items: &[Item],
    config: &Config,
    vectors: Option<&dyn parallax_analyze::bias::Vectors>,
) -> Vec<usize> {
    let order = stream_order(items);
    let embedded: Vec<Option<Vec<f32>>> = match vectors {
        Some(v) => {
            let texts: Vec<String> = order
                .iter()
                .map(|i| format!("{}. {}", items[*i].title, text::lead(&items[*i].body)))
                .collect();
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            v.embed(&refs).into_iter().map(Some).collect()
        }
        None => vec![None; order.len()],
    };
    let stream: Vec<StreamArticle> = order
        .iter()
        .zip(embedded)
        .map(|(i, vector)| StreamArticle {
            id: i.to_string(),
            title: items[*i].title.clone(),
            body: items[*i].body.clone(),
            day: items[*i].day,
            vector,
            ..Default::default()
        })
        .collect();
    let got = cluster_all(&stream, config);
    let mut pred = vec![0; items.len()];
    for (i, a) in order.iter().zip(got) {
        pred[*i] = a.story.0 as usize;
    }
    pred
}

/// TF-IDF vectors (sublinear term frequency, IDF over `items`, unit length) of headline + body.
fn tfidf(items: &[Item]) -> Vec<Vec<(u32, f32)>> {
    let mut vocab: HashMap<String, u32> = HashMap::new();
    let docs: Vec<Vec<(u32, f32)>> = items
        .iter()
        .map(|it| {
            let mut tf: std::collections::BTreeMap<u32, f32> = Default::default();
            for t in text::terms(&format!("{}\n{}", it.title, it.body)) {
                let n = vocab.len() as u32;
                let id = *vocab.entry(t).or_insert(n);
                *tf.entry(id).or_default() += 1.0;
            }
            tf.into_iter().collect()
        })
        .collect();
    let mut df = vec![0u32; vocab.len()];
    for d in &docs {
        for (t, _) in d {
            df[*t as usize] += 1;
        }
    }
    let n = items.len() as f32;
    docs.into_iter()
        .map(|d| {
            let mut v: Vec<(u32, f32)> = d
                .into_iter()
                .map(|(t, f)| {
                    (
                        t,
                        (1.0 + f.ln()) * ((n + 1.0) / (df[t as usize] as f32 + 1.0)).ln().max(0.0)
                            + 1.0,
                    )
                })
                .collect();
            let norm = v.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt();
            if norm > 0.0 {
                v.iter_mut().for_each(|x| x.1 /= norm);
            }
            v
        })
        .collect()
}

/// Average-linkage merges of `items` by TF-IDF cosine (nearest-neighbour chain, exact):
/// (cluster, cluster, similarity), each cluster named by one of its articles.
fn average_linkage(items: &[Item]) -> Vec<(usize, usize, f32)> {
    let v = tfidf(items);
    let n = v.len();
    let mut sim = vec![0f32; n * n];
    for i in 0..n {
        for j in i + 1..n {
            let s = parallax_cluster::sparse_dot(&v[i], &v[j]);
            sim[i * n + j] = s;
            sim[j * n + i] = s;
        }
    }
    let mut active: Vec<usize> = (0..n).collect();
    let mut alive = vec![true; n];
    let mut size = vec![1f32; n];
    let mut chain: Vec<usize> = Vec::new();
    let mut merges = Vec::new();
    while active.len() > 1 {
        if chain.is_empty() {
            chain.push(active[0]);
        }
        let (a, b) = loop {
            let a = chain[chain.len() - 1];
            let prev = (chain.len() >= 2).then(|| chain[chain.len() - 2]);
            let mut best = prev.unwrap_or(usize::MAX);
            let mut best_s = prev.map_or(f32::NEG_INFINITY, |p| sim[a * n + p]);
            for &c in &active {
                if c != a && sim[a * n + c] > best_s {
                    best = c;
                    best_s = sim[a * n + c];
                }
            }
            if Some(best) == prev {
                chain.pop();
                chain.pop();
                break (a, best);
            }
            chain.push(best);
        };
        let s = sim[a * n + b];
        let (sa, sb) = (size[a], size[b]);
        for &c in &active {
            if c != a && c != b {
                let m = (sa * sim[a * n + c] + sb * sim[b * n + c]) / (sa + sb);
                sim[a * n + c] = m;
                sim[c * n + a] = m;
            }
        }
        size[a] = sa + sb;
        alive[b] = false;
        active.retain(|c| alive[*c]);
        merges.push((a, b, s));
    }
    merges
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

/// The baseline: average linkage cut at the best threshold of a sweep (0.01 to 0.99) scored on
/// the same gold: (its B-cubed, the threshold).
pub fn baseline(items: &[Item]) -> (BCubed, f64) {
    let gold: Vec<usize> = items.iter().map(|i| i.story).collect();
    let merges = average_linkage(items);
    let mut best = (BCubed::default(), 0.0);
    for step in 1..100 {
        let t = f64::from(step) / 100.0;
        let mut parent: Vec<usize> = (0..items.len()).collect();
        for (a, b, s) in &merges {
            if f64::from(*s) >= t {
                let (ra, rb) = (find(&mut parent, *a), find(&mut parent, *b));
                parent[rb] = ra;
            }
        }
        let pred: Vec<usize> = (0..items.len()).map(|i| find(&mut parent, i)).collect();
        let b = bcubed(&gold, &pred);
        if b.f1 > best.0.f1 {
            best = (b, t);
        }
    }
    best
}

/// One set's scores.
#[derive(Debug, Clone)]
pub struct SetScores {
    /// Figure key (`headline11`, `basil`, `neus_train_val`).
    pub key: &'static str,
    /// Printed name.
    pub name: &'static str,
    /// True when Parallax was tuned on (part of) this set.
    pub development: bool,
    /// Articles.
    pub articles: usize,
    /// Gold stories.
    pub stories: usize,
    /// Stories Parallax found.
    pub found: usize,
    /// Parallax's B-cubed.
    pub parallax: BCubed,
    /// Same-day and cross-day pairs of the gold stories and of Parallax's mixed stories.
    pub days: PairDays,
    /// The baseline's B-cubed at its best threshold.
    pub baseline: BCubed,
    /// That threshold.
    pub baseline_threshold: f64,
}

/// The scores of every set that ran.
#[derive(Debug, Clone, Default)]
pub struct ClusterScores {
    /// One per set.
    pub sets: Vec<SetScores>,
}

/// Score one set.
pub fn score_set(
    key: &'static str,
    name: &'static str,
    development: bool,
    items: &[Item],
    config: &Config,
) -> SetScores {
    let gold: Vec<usize> = items.iter().map(|i| i.story).collect();
    let pred = parallax(items, config);
    let mut found = pred.clone();
    found.sort_unstable();
    found.dedup();
    let mut stories = gold.clone();
    stories.sort_unstable();
    stories.dedup();
    let (baseline, baseline_threshold) = baseline(items);
    SetScores {
        key,
        name,
        development,
        articles: items.len(),
        stories: stories.len(),
        found: found.len(),
        parallax: bcubed(&gold, &pred),
        days: pair_days(items, &gold, &pred),
        baseline,
        baseline_threshold,
    }
}

/// Score every set found under `data` (the `../shared/data` folder): at most `limit` stories
/// of each. Errors when none of the sets is there.
pub fn cluster(data: &Path, limit: Option<usize>) -> Result<ClusterScores, String> {
    let config = Config::default();
    let mut out = ClusterScores::default();
    let neus = data.join("neus-allsides");
    let h11 = neus.join("headline_11_2021-10-19_crawled_all.jsonl");
    let mut missing = Vec::new();
    if h11.is_file() {
        let items = headline11(&h11, limit)?;
        out.sets.push(score_set(
            "headline11",
            "NeuS headline_11 (all reports mixed)",
            false,
            &items,
            &config,
        ));
    } else {
        missing.push(h11.display().to_string());
    }
    let basil_dir = data.join("basil-dev");
    if basil_dir.is_dir() {
        let items = basil(&basil_dir, limit)?;
        out.sets.push(score_set(
            "basil",
            "BASIL basil-dev (84 articles, 28 events)",
            false,
            &items,
            &config,
        ));
    } else {
        missing.push(basil_dir.display().to_string());
    }
    if neus.join("train.source").is_file() && neus.join("val.source").is_file() {
        let items = neus_source(&neus, &["train.source", "val.source"], limit)?;
        out.sets.push(score_set(
            "neus_train_val",
            "NeuS train.source + val.source (no dates)",
            true,
            &items,
            &config,
        ));
    } else {
        missing.push(neus.join("train.source").display().to_string());
    }
    if out.sets.is_empty() {
        return Err(format!("no clustering set found ({})", missing.join(", ")));
    }
    Ok(out)
}

impl ClusterScores {
    /// The figures `--floors` checks: Parallax's B-cubed on each set (the baseline prints as
    /// having no floor).
    pub fn figures(&self) -> Vec<Figure> {
        let mut out = Vec::new();
        for s in &self.sets {
            for (who, b) in [("parallax", s.parallax), ("baseline", s.baseline)] {
                out.push(Figure::higher(
                    format!("cluster.{}.{who}.precision", s.key),
                    b.precision,
                ));
                out.push(Figure::higher(
                    format!("cluster.{}.{who}.recall", s.key),
                    b.recall,
                ));
                out.push(Figure::higher(format!("cluster.{}.{who}.f1", s.key), b.f1));
            }
        }
        out
    }
}

impl fmt::Display for ClusterScores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Story clustering (B-cubed over articles; all of a set's articles mixed in one stream)"
        )?;
        writeln!(
            f,
            "  {:<44} {:>8} {:>7} {:>6}   {:>9} {:>6} {:>6}",
            "set / system", "articles", "stories", "found", "precision", "recall", "F1"
        )?;
        for s in &self.sets {
            let tag = if s.development { "  [development]" } else { "" };
            writeln!(f, "  {}{tag}", s.name)?;
            writeln!(
                f,
                "    {:<42} {:>8} {:>7} {:>6}   {:>9.3} {:>6.3} {:>6.3}",
                "Parallax (parallax-cluster)",
                s.articles,
                s.stories,
                s.found,
                s.parallax.precision,
                s.parallax.recall,
                s.parallax.f1
            )?;
            let d = &s.days;
            if d.gold_same_day + d.gold_across_days > 0 {
                writeln!(
                    f,
                    "      article pairs of one gold story: {} same day, {} across days (longest {} days); Parallax's pairs of two gold stories: {} same day, {} across days",
                    d.gold_same_day,
                    d.gold_across_days,
                    d.gold_longest_days,
                    d.mixed_same_day,
                    d.mixed_across_days
                )?;
            }
            writeln!(
                f,
                "    {:<42} {:>8} {:>7} {:>6}   {:>9.3} {:>6.3} {:>6.3}",
                format!(
                    "TF-IDF avg-linkage, t={:.2} tuned here",
                    s.baseline_threshold
                ),
                s.articles,
                s.stories,
                "",
                s.baseline.precision,
                s.baseline.recall,
                s.baseline.f1
            )?;
        }
        write!(
            f,
            "  Parallax's defaults were set on NeuS train.source (development); the baseline's threshold is the best on each set itself (optimistic)."
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bcubed_by_hand() {
        let b = bcubed(&[0, 0, 1, 1], &[0, 0, 1, 1]);
        assert_eq!((b.precision, b.recall, b.f1), (1.0, 1.0, 1.0));
        // All in one cluster: recall 1, precision 1/2.
        let b = bcubed(&[0, 0, 1, 1], &[7, 7, 7, 7]);
        assert_eq!((b.precision, b.recall), (0.5, 1.0));
        // All apart: precision 1, recall 1/2.
        let b = bcubed(&[0, 0, 1, 1], &[0, 1, 2, 3]);
        assert_eq!((b.precision, b.recall), (1.0, 0.5));
    }

    #[test]
    fn pair_days_by_hand() {
        let at = |story, day| Item {
            story,
            title: String::new(),
            body: String::new(),
            day,
        };
        // Story 0 on days 10 and 13, story 1 on day 13, one undated article of story 1.
        let items = [
            at(0, Some(10.0)),
            at(0, Some(13.0)),
            at(1, Some(13.0)),
            at(1, None),
        ];
        let gold = [0, 0, 1, 1];
        // Parallax puts everything in one story.
        let d = pair_days(&items, &gold, &[5, 5, 5, 5]);
        assert_eq!(
            d,
            PairDays {
                gold_across_days: 1,
                gold_same_day: 0,
                gold_longest_days: 3,
                mixed_same_day: 1,
                mixed_across_days: 1,
            }
        );
        assert_eq!(pair_days(&items, &gold, &gold).mixed_across_days, 0);
    }

    fn item(story: usize, title: &str, body: &str) -> Item {
        Item {
            story,
            title: title.into(),
            body: body.into(),
            day: None,
        }
    }

    #[test]
    fn baseline_separates_invented_stories() {
        let items = [
            item(
                0,
                "Ferry strike",
                "The ferry crews of Portlow began a strike over pay on the island route.",
            ),
            item(
                1,
                "Orchard frost",
                "A late frost destroyed the apple blossom in the valley orchards this spring.",
            ),
            item(
                0,
                "Island ferries stop",
                "Ferry crews on the Portlow island route stopped work in a pay strike.",
            ),
            item(
                1,
                "Apple harvest lost",
                "Valley orchards lost their apple blossom to a late spring frost.",
            ),
        ];
        let (b, t) = baseline(&items);
        assert_eq!(b.f1, 1.0, "threshold {t}");
        let p = parallax(&items, &Config::default());
        assert_eq!(bcubed(&[0, 1, 0, 1], &p).f1, 1.0, "{p:?}");
    }
}
