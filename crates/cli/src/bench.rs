//! `parallax bench`: time `compare` in-process and print it beside peers run in the same process
//! on the same articles, so the figures are ratios rather than absolute claims:
//! - extraction + analysis alone (the part of compare that reads one article at a time);
//! - a naive baseline comparer: every sentence pair's bag-of-words cosine (what a tool without
//!   claim alignment, conflicts or framing would still have to do).

use std::collections::HashMap;
use std::time::Instant;

use crate::{InputFlags, exit, inputs};

fn default_inputs() -> Vec<String> {
    let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seeds");
    let mut v: Vec<String> = std::fs::read_dir(seeds)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.path().display().to_string())
                .collect()
        })
        .unwrap_or_default();
    if v.is_empty() {
        let ex = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/summit");
        v = std::fs::read_dir(ex)
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .map(|e| e.path().display().to_string())
                    .collect()
            })
            .unwrap_or_default();
    }
    v.sort();
    v
}

fn time<F: FnMut()>(iterations: usize, mut f: F) -> f64 {
    f();
    let start = Instant::now();
    for _ in 0..iterations {
        f();
    }
    start.elapsed().as_secs_f64() / iterations as f64
}

fn naive(texts: &[&str]) -> usize {
    let bags: Vec<Vec<HashMap<String, f32>>> = texts
        .iter()
        .map(|t| {
            t.split(['.', '?', '!'])
                .map(|s| {
                    let mut m = HashMap::new();
                    for w in s
                        .split(|c: char| !c.is_alphanumeric())
                        .filter(|w| w.len() > 2)
                    {
                        *m.entry(w.to_lowercase()).or_insert(0.0) += 1.0;
                    }
                    m
                })
                .collect()
        })
        .collect();
    let mut hits = 0;
    for a in 0..bags.len() {
        for b in (a + 1)..bags.len() {
            for x in &bags[a] {
                for y in &bags[b] {
                    let dot: f32 = x.iter().filter_map(|(k, v)| y.get(k).map(|w| v * w)).sum();
                    let n = (x.values().map(|v| v * v).sum::<f32>()
                        * y.values().map(|v| v * v).sum::<f32>())
                    .sqrt();
                    if n > 0.0 && dot / n > 0.5 {
                        hits += 1;
                    }
                }
            }
        }
    }
    hits
}

/// Run the benchmark and print its table.
pub fn run(inputs: &[String], iterations: usize) -> u8 {
    let inputs = if inputs.is_empty() {
        default_inputs()
    } else {
        inputs.to_vec()
    };
    let loaded = match inputs::load_all(
        &inputs,
        &InputFlags {
            max_bytes: 20 << 20,
            ..Default::default()
        },
    ) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return exit::USAGE;
        }
    };
    if loaded.articles.len() < 2 {
        eprintln!(
            "error: bench needs at least two articles ({} loaded)",
            loaded.articles.len()
        );
        return exit::NO_INPUT;
    }
    let arts = &loaded.articles;
    let words: usize = arts.iter().map(|a| a.word_count()).sum();
    let iterations = iterations.max(1);
    let t_compare = time(iterations, || {
        std::hint::black_box(parallax_compare::compare(arts, Vec::new()));
    });
    let t_analyze = time(iterations, || {
        for a in arts {
            std::hint::black_box(parallax_analyze::analyze(a));
        }
    });
    let texts: Vec<&str> = arts.iter().map(|a| a.text.as_str()).collect();
    let t_naive = time(iterations, || {
        std::hint::black_box(naive(&texts));
    });
    println!(
        "parallax bench: {} articles, {} words, {} iterations, one thread",
        arts.len(),
        words,
        iterations
    );
    println!("{:<44} {:>12} {:>10}", "stage", "ms/run", "× compare");
    let row =
        |name: &str, t: f64| println!("{:<44} {:>12.3} {:>10.2}", name, t * 1e3, t / t_compare);
    row("compare (analysis + alignment + report)", t_compare);
    row("analysis only (all articles)", t_analyze);
    row("naive baseline: sentence-pair bag-of-words", t_naive);
    println!(
        "compare: {:.3} ms per story, {:.0} articles/s, {:.0} words/s",
        t_compare * 1e3,
        arts.len() as f64 / t_compare,
        words as f64 / t_compare
    );
    exit::OK
}

// ---------------------------------------------------------------------------------------------
// Scale: synthetic stories of many ~800-word articles, and analysis throughput.

/// Our own sentence templates about an invented flood (see `bench/templates.txt`); each
/// `{slot}` is filled per outlet, mostly with the same value so that claims align, sometimes
/// with another so that conflicts arise, as in real coverage.
const TEMPLATES: &str = include_str!("bench/templates.txt");

const SLOTS: &[(&str, &[&str])] = &[
    ("river", &["Morava", "Morava", "Morava"]),
    ("town", &["Velden", "Velden", "Velden"]),
    ("city", &["Oberburg", "Oberburg", "Neustadt"]),
    ("weekday", &["Tuesday", "Tuesday", "Wednesday"]),
    ("weekday2", &["Friday", "Friday", "Thursday"]),
    ("count", &["1,200", "1,200", "about 1,200", "1,500"]),
    ("count2", &["3,000", "3,000", "more than 3,000", "2,400"]),
    ("count3", &["80", "80", "eighty", "120"]),
    ("meters", &["four", "four", "five"]),
    ("minutes", &["ninety", "ninety", "forty"]),
    ("boats", &["30", "30", "45"]),
    ("days", &["three", "three", "five"]),
    ("soldiers", &["500", "500", "700"]),
    ("acres", &["12,000", "12,000", "9,000"]),
    ("homes", &["20,000", "20,000", "nearly 20,000"]),
    ("decades", &["two", "two", "three"]),
    ("patients", &["60", "60", "sixty", "75"]),
    ("missing", &["four", "four", "six"]),
    ("rain", &["180", "180", "210"]),
    ("calls", &["2,000", "2,000", "1,000"]),
    ("year", &["1997", "1997", "2002"]),
    ("mayor", &["Irena Kovac", "Irena Kovac", "Irena Kovač"]),
    (
        "governor",
        &["Tomas Berger", "Tomas Berger", "Governor Berger"],
    ),
    ("spokes", &["Lena Hart", "Lena Hart", "Lena Hart"]),
    ("resident", &["Ana Weiss", "Ana Weiss", "Marta Weiss"]),
    ("district", &["Lower Mill", "Lower Mill", "Old Harbour"]),
    ("bridge", &["Stone", "Stone", "Iron"]),
    ("dam", &["Kessel", "Kessel", "Kessel"]),
    ("street", &["Linden", "Linden", "Linden"]),
];

/// Outlet voices: a few sentences only some outlets write, some of them loaded.
const COLOUR: &[&str] = &[
    "The embattled mayor admitted that the town had been caught unprepared.",
    "Residents slammed the government for its shocking failure to act.",
    "The disaster exposed years of reckless neglect by local officials.",
    "Experts said the flood was likely to be repeated as rainfall patterns change.",
    "The governor, a former engineer, has made flood defences a priority of his term.",
];

/// A small deterministic generator (SplitMix64), so every run times the same articles.
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// `n` synthetic articles of the flood story, about 800 words each, as plain text with a
/// dateline so each has its own outlet and publication date.
pub fn synthetic_story(n: usize) -> Vec<parallax_core::Article> {
    let templates: Vec<&str> = TEMPLATES.lines().filter(|l| !l.trim().is_empty()).collect();
    (0..n)
        .map(|i| {
            let mut rng = Mix(0x5eed ^ (i as u64).wrapping_mul(0x1000_0001));
            let values: Vec<(&str, &str)> = SLOTS
                .iter()
                .map(|(k, vs)| {
                    // Two in three outlets use the first value; the rest pick any.
                    let v = if rng.below(3) < 2 {
                        vs[0]
                    } else {
                        vs[rng.below(vs.len())]
                    };
                    (*k, v)
                })
                .collect();
            let mut order: Vec<usize> = (0..templates.len()).collect();
            for j in (1..order.len()).rev() {
                order.swap(j, rng.below(j + 1));
            }
            let keep = templates.len() - rng.below(5);
            let mut sentences: Vec<String> = order[..keep]
                .iter()
                .map(|&t| {
                    let mut s = templates[t].to_string();
                    for (k, v) in &values {
                        s = s.replace(&format!("{{{k}}}"), v);
                    }
                    s
                })
                .collect();
            for _ in 0..2 {
                let c = COLOUR[rng.below(COLOUR.len())];
                sentences.insert(rng.below(sentences.len()), c.to_string());
            }
            let mut body = String::new();
            for (k, chunk) in sentences.chunks(4).enumerate() {
                if k > 0 {
                    body.push_str("\n\n");
                }
                body.push_str(&chunk.join(" "));
            }
            // Second half of the story again in other words would be unrealistic; instead the
            // outlet adds a background section that repeats key facts, as long reports do.
            let background: Vec<String> = order[..6]
                .iter()
                .map(|&t| {
                    let mut s = templates[t].to_string();
                    for (k, v) in &values {
                        s = s.replace(&format!("{{{k}}}"), v);
                    }
                    s
                })
                .collect();
            body.push_str("\n\nBackground\n\n");
            body.push_str(&background.join(" "));
            let day = 10 + i % 2;
            let text = format!(
                "date 2026-03-{day:02} by Outlet{i} Staff\n\nFlood forces families from Velden\n\n{body}\n"
            );
            let raw = parallax_ingest::RawInput {
                input: format!("outlet{i}.txt"),
                bytes: text.into_bytes(),
                ..Default::default()
            };
            parallax_extract::extract(&raw, &format!("a{}", i + 1))
                .map(|e| e.article)
                .unwrap_or_else(|_| parallax_core::Article::from_text(&format!("a{}", i + 1), ""))
        })
        .collect()
}

fn sentencex_only(text: &str) -> usize {
    sentencex::segment("en", text).len()
}

/// `parallax bench --scale`: analysis throughput on ~800-word articles (beside sentence
/// splitting alone, the cheapest stage every analyzer needs), then compare on 2, 10 and 50
/// articles of one synthetic story (goals: 10 articles < 100 ms, 50 < 1 s on one core).
pub fn scale(iterations: usize) -> u8 {
    let story = synthetic_story(50);
    if story.iter().any(|a| a.text.is_empty()) {
        eprintln!("error: a synthetic article failed to extract");
        return exit::NO_INPUT;
    }
    let words: f64 = story.iter().map(|a| a.word_count() as f64).sum::<f64>() / story.len() as f64;
    let iterations = iterations.max(1);
    let per_article = |f: &dyn Fn(&parallax_core::Article)| {
        let rounds = iterations.div_ceil(10).max(1);
        time(rounds, || {
            for a in &story {
                f(a);
            }
        }) / story.len() as f64
    };
    let t_analyze = per_article(&|a| {
        std::hint::black_box(parallax_analyze::analyze(a));
    });
    let t_split = per_article(&|a| {
        std::hint::black_box(sentencex_only(&a.text));
    });
    println!(
        "parallax bench --scale: synthetic flood story, {} articles of {:.0} words on average, one thread",
        story.len(),
        words
    );
    println!(
        "{:<48} {:>12} {:>14}",
        "analysis of one article", "ms/article", "articles/s"
    );
    println!(
        "{:<48} {:>12.3} {:>14.0}",
        "full analysis (all layers)",
        t_analyze * 1e3,
        1.0 / t_analyze
    );
    println!(
        "{:<48} {:>12.3} {:>14.0}",
        "peer: sentence splitting alone (sentencex)",
        t_split * 1e3,
        1.0 / t_split
    );
    println!(
        "analysis costs {:.1}× sentence splitting",
        t_analyze / t_split
    );
    println!();
    println!("{:<48} {:>12} {:>14}", "compare", "ms/story", "goal ms");
    let embedder = parallax_embed::Embedder::for_alignment().ok();
    for (n, goal) in [(2usize, None), (10, Some(100.0)), (50, Some(1000.0))] {
        let arts = &story[..n];
        let rounds = (iterations / n).max(1);
        let t = time(rounds, || {
            std::hint::black_box(parallax_compare::compare(arts, Vec::new()));
        });
        println!(
            "{:<48} {:>12.1} {:>14}",
            format!("{n} articles"),
            t * 1e3,
            goal.map_or("-".to_string(), |g: f64| format!("< {g:.0}"))
        );
        if let Some(e) = &embedder {
            let t = time(rounds, || {
                std::hint::black_box(parallax_compare::compare_with(
                    arts,
                    Vec::new(),
                    Some(e as &dyn parallax_analyze::bias::Vectors),
                ));
            });
            println!(
                "{:<48} {:>12.1} {:>14}",
                format!("{n} articles, {} in alignment", e.name()),
                t * 1e3,
                goal.map_or("-".to_string(), |g: f64| format!("< {g:.0}"))
            );
        }
    }
    if embedder.is_none() {
        println!(
            "(no models/potion-base-8M: compare with embeddings not timed; run scripts/setup.sh)"
        );
    }
    exit::OK
}

// ---------------------------------------------------------------------------------------------
// Stream: story clustering at scale on an invented stream whose true grouping is known.

/// Peak and current resident memory of this process in bytes (`VmHWM`, `VmRSS` of
/// `/proc/self/status`); `None` where the file does not exist.
fn memory() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map(|kb| kb * 1024)
    };
    Some((field("VmHWM:")?, field("VmRSS:")?))
}

/// One line of the stream benchmark's progress table.
#[derive(serde::Serialize)]
struct Checkpoint {
    articles: usize,
    day: f64,
    live_stories: usize,
    live_articles: usize,
    vocabulary: usize,
    postings: usize,
    signatures: usize,
    rss_mb: Option<f64>,
    articles_per_s: f64,
}

/// `parallax bench --stream N`: `n` invented articles ([`parallax_cluster::synth`]) streamed
/// through one [`parallax_cluster::Clusterer`] with the default configuration in publication
/// order, on this thread. Generation is timed apart and not counted in the rate. Prints the
/// rate, peak memory, the live window's size at ten checkpoints, and B-cubed against the
/// generated stories (each article's final story, after merges).
pub fn stream(n: usize, format: &str) -> u8 {
    use parallax_cluster::synth::{SynthConfig, Synthetic, bcubed};
    if !matches!(format, "text" | "json") {
        eprintln!("error: bench --stream supports --format text or json (not {format:?})");
        return exit::USAGE;
    }
    if n == 0 {
        eprintln!("error: bench --stream needs at least one article");
        return exit::USAGE;
    }
    let config = SynthConfig {
        articles: n,
        ..SynthConfig::default()
    };
    let per_day = config.per_day;
    let mut synth = Synthetic::new(config);
    let mut clusterer = parallax_cluster::Clusterer::default();
    let mut truth: Vec<u32> = Vec::with_capacity(n);
    let mut pred: Vec<u32> = Vec::with_capacity(n);
    let mut closed = 0usize;
    // Where each merged story went, for each article's final story.
    let mut merged_into: HashMap<u64, u64> = HashMap::new();
    let mut merges = 0usize;
    let (mut t_gen, mut t_cluster) = (0.0f64, 0.0f64);
    let mut checkpoints: Vec<Checkpoint> = Vec::new();
    let mut max_live = (0usize, 0usize);
    let (mut first_day, mut last_day) = (None, 0.0f64);
    let step = n.div_ceil(10);
    let mut next_checkpoint = step;
    let mut chunk = Vec::with_capacity(4096);
    let mut done = 0usize;
    while done < n {
        let start = Instant::now();
        chunk.clear();
        chunk.extend(synth.by_ref().take(4096.min(next_checkpoint - done)));
        t_gen += start.elapsed().as_secs_f64();
        if chunk.is_empty() {
            break;
        }
        let start = Instant::now();
        for a in &chunk {
            let got = clusterer.add(&a.article);
            for (from, into) in &got.merged {
                merged_into.insert(from.0, into.0);
                merges += 1;
            }
            pred.push(got.story.0 as u32);
        }
        closed += clusterer.take_closed().len();
        t_cluster += start.elapsed().as_secs_f64();
        for a in &chunk {
            truth.push(a.story as u32);
            let d = a.article.day.unwrap_or(0.0);
            first_day.get_or_insert(d);
            last_day = d;
        }
        done += chunk.len();
        let s = clusterer.stats();
        max_live = (
            max_live.0.max(s.live_stories),
            max_live.1.max(s.live_articles),
        );
        if done >= next_checkpoint || done >= n {
            checkpoints.push(Checkpoint {
                articles: done,
                day: last_day - first_day.unwrap_or(0.0),
                live_stories: s.live_stories,
                live_articles: s.live_articles,
                vocabulary: s.vocabulary,
                postings: s.postings,
                signatures: s.signatures,
                rss_mb: memory().map(|m| m.1 as f64 / 1e6),
                articles_per_s: done as f64 / t_cluster.max(1e-9),
            });
            next_checkpoint = (next_checkpoint + step).min(n);
        }
    }
    let start = Instant::now();
    closed += clusterer.finish().len();
    t_cluster += start.elapsed().as_secs_f64();
    let resolve = |mut s: u64| {
        while let Some(&t) = merged_into.get(&s) {
            s = t;
        }
        s
    };
    let pred: Vec<u32> = pred.iter().map(|s| resolve(u64::from(*s)) as u32).collect();
    let wide = |v: &[u32]| v.iter().map(|x| u64::from(*x)).collect::<Vec<u64>>();
    let (p, r, f1) = bcubed(&wide(&truth), &wide(&pred));
    let true_stories = truth.iter().collect::<std::collections::HashSet<_>>().len();
    let found = pred.iter().collect::<std::collections::HashSet<_>>().len();
    let rate = done as f64 / t_cluster.max(1e-9);
    let peak = memory().map(|m| m.0 as f64 / 1e6);
    let days = last_day - first_day.unwrap_or(0.0);
    if format == "json" {
        let v = serde_json::json!({
            "articles": done,
            "true_stories": true_stories,
            "found_stories": found,
            "days": days,
            "articles_per_day": per_day,
            "cluster_seconds": t_cluster,
            "articles_per_s": rate,
            "generate_seconds": t_gen,
            "peak_memory_mb": peak,
            "max_live_stories": max_live.0,
            "max_live_articles": max_live.1,
            "closed_stories": closed,
            "merges": merges,
            "bcubed": {"precision": p, "recall": r, "f1": f1},
            "checkpoints": checkpoints,
        });
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        return exit::OK;
    }
    println!(
        "parallax bench --stream {n}: {done} invented articles of {true_stories} stories over {days:.0} days (about {per_day} a day), one thread, default clustering"
    );
    println!(
        "clustering: {t_cluster:.2} s, {rate:.0} articles/s (generating them: {t_gen:.2} s, not counted)"
    );
    println!(
        "peak memory (VmHWM, generator and scores included): {}; live window at most {} stories, {} articles",
        peak.map_or("unknown".to_string(), |m| format!("{m:.0} MB")),
        max_live.0,
        max_live.1
    );
    println!(
        "B-cubed against the generated stories: P {p:.3} / R {r:.3} / F1 {f1:.3} ({found} stories found, {merges} merges)"
    );
    println!();
    println!(
        "{:>10} {:>6} {:>8} {:>9} {:>10} {:>9} {:>10} {:>8} {:>11}",
        "articles",
        "day",
        "stories",
        "articles",
        "vocabulary",
        "postings",
        "signatures",
        "RSS MB",
        "articles/s"
    );
    for c in &checkpoints {
        println!(
            "{:>10} {:>6.0} {:>8} {:>9} {:>10} {:>9} {:>10} {:>8} {:>11.0}",
            c.articles,
            c.day,
            c.live_stories,
            c.live_articles,
            c.vocabulary,
            c.postings,
            c.signatures,
            c.rss_mb.map_or("-".to_string(), |m| format!("{m:.0}")),
            c.articles_per_s
        );
    }
    println!(
        "(live stories, live articles, vocabulary, postings and signatures: what the clusterer holds at each checkpoint)"
    );
    exit::OK
}
