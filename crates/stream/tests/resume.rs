//! A restart changes nothing: articles placed by one `StoryStream` over the whole run land in
//! the same stories as when the stream is dropped halfway and resumed from the store (what a
//! new `parallax watch` process does). Articles are invented here.
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use parallax_cluster::Config;
use parallax_core::{Article, Provenance, Sourced};
use parallax_store::Store;
use parallax_stream::stories::{StoryStream, story_report};

/// (outlet, date, headline, text): two events over several days, a copy, an unrelated story.
const ARTICLES: &[(&str, &str, &str, &str)] = &[
    (
        "Lantern",
        "2026-05-02",
        "Harbour crane collapses in Velmar port",
        "A container crane collapsed at the port of Velmar on Saturday, injuring two dock workers, harbour master Ana Brisk said. The crane fell onto an empty cargo ship during high winds.",
    ),
    (
        "Sentinel",
        "2026-05-02",
        "Velmar port crane falls in storm, two hurt",
        "Two dock workers were hurt when a crane at Velmar port fell in a storm on Saturday. Harbour master Ana Brisk said the port would stay closed until the other cranes were checked.",
    ),
    (
        "Courier",
        "2026-05-03",
        "Teachers in Dunholt vote to strike over pay",
        "Teachers in Dunholt voted on Sunday to strike for three days next week after pay talks with the regional council broke down, union leader Piet Varo said.",
    ),
    (
        "Lantern",
        "2026-05-03",
        "Velmar port stays shut after crane collapse",
        "The port of Velmar stayed shut on Sunday after Saturday's crane collapse, as inspectors checked the remaining cranes. Harbour master Ana Brisk said two injured dock workers were recovering.",
    ),
    (
        "Wire",
        "2026-05-03",
        "Teachers in Dunholt vote to strike over pay",
        "Teachers in Dunholt voted on Sunday to strike for three days next week after pay talks with the regional council broke down, union leader Piet Varo said, the agency reported.",
    ),
    (
        "Sentinel",
        "2026-05-04",
        "Dunholt schools to close as teachers strike",
        "Schools in Dunholt will close for three days as teachers strike over pay, union leader Piet Varo said on Monday after talks with the regional council failed.",
    ),
    (
        "Courier",
        "2026-05-04",
        "Orchard festival draws record crowd",
        "The annual orchard festival in Lidby drew a record 12,000 visitors on Monday, organisers said, with cider tastings and a parade of decorated tractors.",
    ),
];

fn article(i: usize) -> Article {
    let (outlet, date, title, text) = ARTICLES[i];
    let mut a = Article::from_text(&format!("a{i}"), text);
    a.source = Some(Sourced::new(outlet.into(), Provenance::Flag));
    a.title = Some(Sourced::new(title.into(), Provenance::JsonField));
    a.published = Some(Sourced::new(
        NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
        Provenance::Dateline,
    ));
    a.url = Some(format!("https://example.invalid/{i}"));
    a
}

/// Story of each article (as the index of the story's first article), after placing them in
/// two batches, with or without a restart between.
fn run(path: &std::path::Path, restart: bool) -> Vec<usize> {
    let _ = std::fs::remove_file(path);
    let mut store = Store::open(path).unwrap();
    let mut ids = Vec::new();
    let mut stream = StoryStream::resume(&store, Config::default()).unwrap();
    for i in 0..4 {
        ids.push(store.save_article(&article(i)).unwrap());
    }
    stream.assign_pending(&store, None, |_, _| {}).unwrap();
    if restart {
        drop(stream);
        drop(store);
        store = Store::open(path).unwrap();
        stream = StoryStream::resume(&store, Config::default()).unwrap();
        assert_eq!(stream.replayed(), 4);
    }
    for i in 4..ARTICLES.len() {
        ids.push(store.save_article(&article(i)).unwrap());
    }
    let placed = stream.assign_pending(&store, None, |_, _| {}).unwrap();
    assert_eq!(placed.articles, 3);
    let stories: Vec<i64> = ids
        .iter()
        .map(|id| store.story_of(*id).unwrap().unwrap())
        .collect();
    stories
        .iter()
        .map(|s| stories.iter().position(|t| t == s).unwrap())
        .collect()
}

#[test]
fn a_restart_gives_the_same_stories() {
    let dir = std::env::temp_dir().join(format!("parallax-stream-resume-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let straight = run(&dir.join("straight.db"), false);
    let resumed = run(&dir.join("resumed.db"), true);
    assert_eq!(straight, [0, 0, 2, 0, 2, 2, 6], "crane, strike, festival");
    assert_eq!(resumed, straight);

    // The copy is linked to its origin and counted once; the comparison is cached.
    let store = Store::open(dir.join("resumed.db")).unwrap();
    let strike = store.story_of(3).unwrap().unwrap();
    let s = store.story(strike).unwrap().unwrap();
    assert_eq!((s.articles.len(), s.origins), (3, 2), "{s:?}");
    let cached = store.story_report(strike).unwrap().is_some();
    assert!(!cached, "assign_pending alone computes no comparison");
    let (story, report, from_cache) = story_report(&store, strike, None).unwrap().unwrap();
    assert!(!from_cache);
    assert_eq!(report.sources.len(), story.articles.len());
    let (_, again, from_cache) = story_report(&store, strike, None).unwrap().unwrap();
    assert!(from_cache);
    assert_eq!(again, report);
    let _ = std::fs::remove_dir_all(&dir);
}
