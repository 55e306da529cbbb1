//! The story stream end to end: a feed on 127.0.0.1 that grows in rounds, `parallax watch
//! --once` after each (a new process each time, so the clusterer's state is rebuilt from the
//! store), then `stories`, `story ID` and `search`.
//!
//! The articles are invented here: two events (a bridge closed for repairs, a valley wildfire)
//! each told by several invented outlets, one syndicated near-copy of one of them, and one
//! unrelated story. Bad input rides along in every round: a 404, a page that is not an
//! article (binary), an article with no date anywhere, and a second feed that is missing.
#![allow(clippy::unwrap_used)]

mod common;
mod local_server;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use common::{article_page, check_offsets, parallax};
use local_server::{Reply, Request};
use serde_json::Value;

/// One invented article: path, headline, outlet, date, paragraphs, and the round it appears in.
struct Item {
    path: &'static str,
    title: &'static str,
    outlet: &'static str,
    date: &'static str,
    paras: &'static [&'static str],
    round: usize,
}

const POST_BRIDGE: &[&str] = &[
    "Tarnby council voted on Tuesday to close the Glasswater Bridge to all traffic for six months so that engineers can replace its corroded steel cables, Mayor Elin Sorbek said.",
    "The vote passed by nine votes to four after a two-hour debate in which shop owners on the east bank warned that the closure would cut their trade in half.",
    "Engineers found last month that two of the bridge's main cables had lost almost a third of their strength, and the council's inspector called the bridge unsafe for lorries.",
    "A free shuttle bus will run between the two banks every fifteen minutes while the Glasswater Bridge is closed, Sorbek told reporters after the meeting.",
];

/// The Evening Lamp's syndicated copy of the Post's story: the same text, one line added.
const LAMP_COPY: &[&str] = &[
    "Tarnby council voted on Tuesday to close the Glasswater Bridge to all traffic for six months so that engineers can replace its corroded steel cables, Mayor Elin Sorbek said.",
    "The vote passed by nine votes to four after a two-hour debate in which shop owners on the east bank warned that the closure would cut their trade in half.",
    "Engineers found last month that two of the bridge's main cables had lost almost a third of their strength, and the council's inspector called the bridge unsafe for lorries.",
    "A free shuttle bus will run between the two banks every fifteen minutes while the Glasswater Bridge is closed, Sorbek told reporters after the meeting.",
    "This report first appeared in the Northcoast Post.",
];

const ITEMS: &[Item] = &[
    Item {
        path: "/news/herald-bridge",
        title: "Tarnby council shuts Glasswater Bridge for cable repairs",
        outlet: "Tarnby Herald",
        date: "2026-04-14",
        paras: &[
            "The Glasswater Bridge in Tarnby will close for six months from May after the city council approved emergency repairs to its cables on Tuesday evening.",
            "Mayor Elin Sorbek said the council had no choice once inspectors reported that the steel cables holding the deck were badly corroded.",
            "Traders on the east bank said the closure of the Glasswater Bridge could ruin them, and several spoke against the plan during the council meeting.",
            "The repairs are expected to cost 14 million crowns, to be shared by the city and the regional roads agency.",
        ],
        round: 1,
    },
    Item {
        path: "/news/ledger-fire",
        title: "Wildfire in Orrin Valley forces hundreds from their homes",
        outlet: "Valley Ledger",
        date: "2026-04-15",
        paras: &[
            "A wildfire spreading through the pine forest of the Orrin Valley forced about 400 residents to leave their homes on Wednesday, fire chief Tomas Reyl said.",
            "Strong winds from the south pushed the flames toward the villages of Hestad and Lunne, where police went door to door to order the evacuation.",
            "Reyl said more than 120 firefighters and two water-bombing planes were fighting the Orrin Valley fire, which had burned some 900 hectares by the evening.",
        ],
        round: 1,
    },
    Item {
        path: "/news/post-bridge",
        title: "Glasswater Bridge to close for six months, council decides",
        outlet: "Northcoast Post",
        date: "2026-04-14",
        paras: POST_BRIDGE,
        round: 2,
    },
    Item {
        path: "/news/lamp-bridge",
        title: "Glasswater Bridge to close for six months, council decides",
        outlet: "Evening Lamp",
        date: "2026-04-15",
        paras: LAMP_COPY,
        round: 2,
    },
    Item {
        path: "/news/herald-fire",
        title: "Orrin Valley villages evacuated as wildfire spreads",
        outlet: "Tarnby Herald",
        date: "2026-04-15",
        paras: &[
            "Police evacuated the villages of Hestad and Lunne in the Orrin Valley on Wednesday as a wildfire driven by strong winds moved through the pine forest.",
            "Fire chief Tomas Reyl said around 400 people had left their homes and were staying with relatives or in the sports hall in Tarnby.",
            "Firefighters from three districts and two planes were attacking the Orrin Valley wildfire, Reyl said, adding that no one had been hurt.",
        ],
        round: 2,
    },
    Item {
        path: "/news/herald-chess",
        title: "Kessel chess club wins regional title on final board",
        outlet: "Tarnby Herald",
        date: "2026-04-16",
        paras: &[
            "The Kessel chess club won the regional team championship on Saturday when its youngest player, twelve-year-old Mira Oddsen, won the deciding game on the last board.",
            "Kessel finished half a point ahead of the Brandholm club, which had led the table for most of the season.",
            "Club captain Jonas Feld said the team would now play in the national finals in the autumn.",
        ],
        round: 2,
    },
    Item {
        path: "/news/ledger-bridge",
        title: "Bridge closure splits Tarnby as repairs are approved",
        outlet: "Valley Ledger",
        date: "2026-04-16",
        paras: &[
            "The decision by Tarnby council to close the Glasswater Bridge for six months of cable repairs has divided the city, with east bank traders planning a protest.",
            "Mayor Elin Sorbek defended the vote, saying inspectors had found that the bridge's corroded cables could no longer safely carry heavy traffic.",
            "The council passed the closure by nine votes to four on Tuesday, and a shuttle bus will link the two banks while the Glasswater Bridge is shut.",
        ],
        round: 3,
    },
    Item {
        path: "/news/post-fire",
        title: "Firefighters battle Orrin Valley blaze after 400 evacuated",
        outlet: "Northcoast Post",
        date: "2026-04-16",
        paras: &[
            "Firefighters worked through the night to stop a wildfire in the Orrin Valley from reaching the villages of Hestad and Lunne, fire chief Tomas Reyl said on Thursday.",
            "About 400 residents were evacuated on Wednesday as strong winds drove the fire through the pine forest above the valley.",
            "Reyl said the Orrin Valley fire had burned roughly 1,000 hectares and that water-bombing planes would return at first light.",
        ],
        round: 3,
    },
];

/// The feed of round `round`: every article of that round and before, plus the bad items.
fn feed(base: &str, round: usize) -> String {
    let mut items = String::new();
    for it in ITEMS.iter().filter(|it| it.round <= round) {
        items.push_str(&format!(
            "<item><title>{}</title><link>{base}{}</link><pubDate>{}</pubDate></item>",
            it.title,
            it.path,
            rss_date(it.date)
        ));
    }
    // Bad input: a page that is gone, a page that is no article, an article with no date.
    items.push_str(&format!(
        "<item><title>Gone</title><link>{base}/news/gone</link><pubDate>Tue, 14 Apr 2026 09:00:00 +0000</pubDate></item>\
         <item><title>Picture</title><link>{base}/news/picture</link><pubDate>Tue, 14 Apr 2026 09:00:00 +0000</pubDate></item>\
         <item><title>Harbour notice</title><link>{base}/news/undated</link></item>"
    ));
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Coast news</title>\
         <link>{base}/</link><description>Invented</description>{items}</channel></rss>"
    )
}

fn rss_date(date: &str) -> String {
    let d = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
    d.format("%a, %d %b %Y 09:00:00 +0000").to_string()
}

fn routes(r: &Request, port: u16, round: usize) -> Reply {
    let base = format!("http://127.0.0.1:{port}");
    let path = r.path.split('?').next().unwrap_or("");
    if path == "/robots.txt" {
        return Reply::ok("text/plain", "User-agent: *\nAllow: /\n");
    }
    if path == "/feeds/coast.xml" {
        return Reply::ok("application/rss+xml", feed(&base, round));
    }
    if path == "/news/picture" {
        // Not an article: binary bytes.
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend((0u8..=255).cycle().take(2048));
        return Reply::ok("image/png", png);
    }
    if path == "/news/undated" {
        return Reply::ok(
            "text/html",
            article_page(
                "Harbour notice",
                "Tarnby Herald",
                "",
                &[
                    "The harbour office will be closed for a staff training day, the harbour master said in a notice posted at the quay.",
                ],
            ),
        );
    }
    match ITEMS.iter().find(|it| it.path == path && it.round <= round) {
        Some(it) => Reply::ok(
            "text/html",
            article_page(it.title, it.outlet, it.date, it.paras),
        ),
        None => Reply::status("404 Not Found"),
    }
}

fn watch(db: &str, server: &local_server::Server) -> Value {
    let feed = server.url("/feeds/coast.xml");
    let missing = server.url("/feeds/missing.xml");
    let r = parallax(&[
        "watch",
        &feed,
        &missing,
        "--db",
        db,
        "--once",
        "--allow-loopback",
        "--delay-ms",
        "0",
        "--no-embeddings",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 1, "failures make exit 1: {}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "one round, one line: {}", r.stdout);
    serde_json::from_str(lines[0]).unwrap()
}

fn stories(db: &str) -> Value {
    let r = parallax(&["stories", "--db", db, "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

/// The stories as sets of article headlines' outlets, keyed by the story title.
fn outlets_of(stories: &Value, title_word: &str) -> Vec<String> {
    let s = stories["stories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["title"].as_str().unwrap().contains(title_word))
        .unwrap_or_else(|| panic!("no story about {title_word}: {stories}"));
    s["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["outlet"].as_str().unwrap().to_string())
        .collect()
}

fn story<'a>(stories: &'a Value, title_word: &str) -> &'a Value {
    stories["stories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["title"].as_str().unwrap().contains(title_word))
        .unwrap()
}

fn failure_count(round: &Value, kind: &str) -> u64 {
    round["failure_counts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p[0] == kind)
        .map_or(0, |p| p[1].as_u64().unwrap())
}

#[test]
fn watch_groups_a_growing_feed_into_stories() {
    let round = Arc::new(AtomicUsize::new(1));
    let r2 = Arc::clone(&round);
    let server = local_server::start(move |req, port| routes(req, port, r2.load(Ordering::SeqCst)));
    let dir = std::env::temp_dir().join(format!("parallax-watch-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("stream.db").display().to_string();

    // Round 1: one article of each event; bad input counted with its reasons.
    let first = watch(&db, &server);
    assert_eq!(first["ingest"]["saved"], 2, "{first}");
    assert_eq!(first["assigned"]["articles"], 2);
    assert_eq!(first["assigned"]["new_stories"], 2);
    assert_eq!(first["reports_refreshed"], 2);
    assert_eq!(
        failure_count(&first, "HTTP 404"),
        2,
        "the gone page and the missing feed: {first}"
    );
    assert_eq!(failure_count(&first, "extraction failed"), 1, "{first}");
    assert_eq!(failure_count(&first, "no publication date"), 1, "{first}");
    let s1 = stories(&db);
    assert_eq!(s1["stories"].as_array().unwrap().len(), 2);

    // Round 2: more outlets, a syndicated copy, an unrelated story. The missing feed is
    // backing off now.
    round.store(2, Ordering::SeqCst);
    let second = watch(&db, &server);
    assert_eq!(second["ingest"]["saved"], 4, "{second}");
    assert_eq!(second["ingest"]["already_ingested"], 2);
    assert_eq!(second["assigned"]["articles"], 4);
    assert_eq!(second["assigned"]["copies"], 1, "{second}");
    assert_eq!(second["backing_off"][0]["failures"], 1, "{second}");
    assert_eq!(
        failure_count(&second, "HTTP 404"),
        1,
        "only the page now: {second}"
    );

    // Round 3 (again a fresh process: the live stories come back from the store).
    round.store(3, Ordering::SeqCst);
    let third = watch(&db, &server);
    assert_eq!(third["ingest"]["saved"], 2, "{third}");
    assert_eq!(
        third["assigned"]["new_stories"], 0,
        "both join their stories: {third}"
    );

    let all = stories(&db);
    let list = all["stories"].as_array().unwrap();
    assert_eq!(list.len(), 3, "bridge, fire, chess: {all}");
    assert_eq!(
        outlets_of(&all, "Glasswater"),
        [
            "Tarnby Herald",
            "Northcoast Post",
            "Evening Lamp",
            "Valley Ledger"
        ]
    );
    assert_eq!(
        outlets_of(&all, "Wildfire"),
        ["Valley Ledger", "Tarnby Herald", "Northcoast Post"]
    );
    assert_eq!(outlets_of(&all, "chess"), ["Tarnby Herald"]);
    let bridge = story(&all, "Glasswater");
    assert_eq!(bridge["origins"], 3, "the wire copy counts once");
    assert_eq!(bridge["outlets"].as_array().unwrap().len(), 4);
    assert_eq!(bridge["first_published"], "2026-04-14");
    assert_eq!(bridge["last_published"], "2026-04-16");
    assert_eq!(story(&all, "Wildfire")["origins"], 3);
    // Exactly the documented keys.
    let keys: Vec<&str> = bridge
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "articles",
            "first_published",
            "id",
            "last_published",
            "origins",
            "outlets",
            "title"
        ]
    );
    let art_keys: Vec<&str> = bridge["articles"][0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(art_keys, ["id", "outlet", "published", "title", "url"]);
    // Newest activity first: the chess story and the two events all end on 2026-04-16.
    assert!(list.iter().all(|s| s["last_published"] == "2026-04-16"));

    // A round with nothing new changes nothing.
    let fourth = watch(&db, &server);
    assert_eq!(fourth["ingest"]["saved"], 0, "{fourth}");
    assert_eq!(fourth["assigned"]["articles"], 0);
    assert_eq!(fourth["reports_refreshed"], 0);
    assert_eq!(stories(&db), all);

    // One story with its comparison.
    let id = bridge["id"].as_i64().unwrap().to_string();
    let r = parallax(&[
        "story",
        &id,
        "--db",
        &db,
        "--format",
        "json",
        "--no-embeddings",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let shown: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(shown["story"], *bridge);
    let report = &shown["report"];
    assert_eq!(report["sources"].as_array().unwrap().len(), 4);
    assert!(
        !report["agreed"].as_array().unwrap().is_empty(),
        "the bridge reports agree on something"
    );
    check_offsets(report);
    let text = parallax(&["story", &id, "--db", &db, "--no-embeddings"]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(
        text.stdout.contains("4 articles, 3 origins, 4 outlets"),
        "{}",
        text.stdout
    );
    let html = parallax(&[
        "story",
        &id,
        "--db",
        &db,
        "--format",
        "html",
        "--no-embeddings",
    ]);
    assert!(
        html.stdout.contains("<header class=\"story\">"),
        "{}",
        html.stdout
    );
    let bad = parallax(&["story", "99999", "--db", &db]);
    assert_eq!(bad.code, 3);
    assert_eq!(bad.stderr.lines().count(), 1, "{}", bad.stderr);

    // Search finds articles with their stories.
    let r = parallax(&[
        "search",
        "wildfire evacuated",
        "--db",
        &db,
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let found: Value = serde_json::from_str(&r.stdout).unwrap();
    let hits = found["articles"].as_array().unwrap();
    assert!(!hits.is_empty(), "{found}");
    let fire_id = story(&all, "Wildfire")["id"].clone();
    assert!(hits.iter().all(|h| h["story"] == fire_id), "{found}");

    // The shapes are documented.
    for name in ["stories", "story", "search"] {
        let r = parallax(&["schema", name]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let schema: Value = serde_json::from_str(&r.stdout).unwrap();
        assert!(schema["properties"].is_object(), "{name}: {schema}");
    }
    if std::env::var_os("KEEPDB").is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// A feed that asks to be read hourly (`<ttl>60</ttl>`) is polled once and then waits, even
/// with rounds every second; a feed that asks nothing is polled every round.
#[test]
fn a_feed_is_read_at_the_interval_it_asks_for() {
    let server = local_server::start(|req, port| {
        let base = format!("http://127.0.0.1:{port}");
        let path = req.path.split('?').next().unwrap_or("");
        let item = format!(
            "<item><title>Ferry back</title><link>{base}/news/ferry</link><pubDate>Tue, 14 Apr 2026 09:00:00 +0000</pubDate></item>"
        );
        match path {
            "/robots.txt" => Reply::ok("text/plain", "User-agent: *\nAllow: /\n"),
            "/hourly.xml" => Reply::ok(
                "application/rss+xml",
                format!(
                    "<rss version=\"2.0\"><channel><title>Hourly</title><ttl>60</ttl>{item}</channel></rss>"
                ),
            ),
            "/eager.xml" => Reply::ok(
                "application/rss+xml",
                format!("<rss version=\"2.0\"><channel><title>Eager</title>{item}</channel></rss>"),
            ),
            "/news/ferry" => Reply::ok(
                "text/html",
                article_page(
                    "Ferry back",
                    "Coast Courier",
                    "2026-04-14",
                    &[
                        "The ferry to Port Mira resumed service on Tuesday after a week of storms kept it in harbour, the operator said.",
                    ],
                ),
            ),
            _ => Reply::status("404 Not Found"),
        }
    });
    let dir = std::env::temp_dir().join(format!("parallax-watch-ttl-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("stream.db").display().to_string();
    let (hourly, eager) = (server.url("/hourly.xml"), server.url("/eager.xml"));
    let round = || {
        let r = parallax(&[
            "watch",
            &hourly,
            &eager,
            "--db",
            &db,
            "--once",
            "--every",
            "1",
            "--allow-loopback",
            "--delay-ms",
            "0",
            "--no-embeddings",
            "--format",
            "json",
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        serde_json::from_str::<Value>(r.stdout.lines().next().unwrap()).unwrap()
    };
    let first = round();
    assert_eq!(first["waiting"], serde_json::json!([]), "{first}");
    assert_eq!(server.hits("/hourly.xml"), 1);
    let second = round();
    let waiting = second["waiting"].as_array().unwrap();
    assert_eq!(waiting.len(), 1, "{second}");
    assert_eq!(waiting[0]["input"], hourly);
    assert_eq!(server.hits("/hourly.xml"), 1, "the hourly feed waits");
    assert_eq!(
        server.hits("/eager.xml"),
        2,
        "a feed that asks nothing is read every round"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
