//! `parallax ingest` end to end against a server on 127.0.0.1: feeds (RSS, Atom, JSON Feed),
//! an OPML list, a sitemap index with a news sitemap and a text sitemap, robots.txt,
//! ETag/304, a redirect chain, and redirects to private addresses that must be refused even
//! though loopback is allowed for the test server. All fixtures are invented here.
#![allow(clippy::unwrap_used)]

mod common;
mod local_server;

use common::parallax;
use local_server::{Reply, Request};
use serde_json::Value;

/// An invented article page.
fn page(title: &str, outlet: &str, date: &str, paras: &[&str]) -> String {
    let body: String = paras.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><title>{title} | {outlet}</title>\
         <meta property=\"og:site_name\" content=\"{outlet}\">\
         <meta property=\"article:published_time\" content=\"{date}T08:00:00Z\"></head>\
         <body><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>\
         <article><h1>{title}</h1>{body}</article><footer>Copyright {outlet}</footer></body></html>"
    )
}

const FERRY: &[&str] = &[
    "The harbour ferry between Kelmport and the island of Arden resumed service on Monday after a three-week pause caused by a damaged loading ramp, the port authority said.",
    "Crews replaced the hydraulic arm of the ramp over the weekend and inspectors approved the repair on Sunday evening, according to harbour master Ilse Varga.",
    "About 1,200 passengers use the crossing on a normal weekday, most of them commuters and pupils travelling to the secondary school on the mainland.",
    "During the closure a replacement bus ran over the causeway, adding nearly an hour to each trip, and local shops on Arden reported fewer deliveries.",
];

fn routes(r: &Request, port: u16) -> Reply {
    let base = format!("http://127.0.0.1:{port}");
    let xml = "application/xml";
    let path = r.path.split('?').next().unwrap_or("");
    match path {
        "/robots.txt" => Reply::ok("text/plain", "User-agent: *\nDisallow: /private/\n"),
        "/feeds/rss.xml" => {
            if r.if_none_match.as_deref() == Some("\"rss-1\"") {
                return Reply::status("304 Not Modified");
            }
            Reply::ok(
                "application/rss+xml",
                format!(
                    "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Kelmport Courier</title><link>{base}/</link><description>Local news</description>\
                     <item><title>Ferry resumes</title><link>{base}/news/ferry?utm_source=rss&amp;utm_medium=feed</link><pubDate>Mon, 05 Jan 2026 09:00:00 +0000</pubDate></item>\
                     <item><title>Members only</title><link>{base}/private/members</link></item>\
                     <item><title>Ferry resumes (again)</title><link>{base}/news/ferry#comments</link></item>\
                     </channel></rss>"
                ),
            )
            .header("ETag", "\"rss-1\"")
        }
        "/feeds/atom.xml" => Reply::ok(
            "application/atom+xml",
            format!(
                "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Arden Weekly</title><id>urn:arden</id><updated>2026-01-06T10:00:00Z</updated>\
                 <entry><title>Crossing reopens</title><id>urn:arden:1</id><link rel=\"alternate\" href=\"{base}/news/ferry-syndicated\"/><updated>2026-01-05T12:00:00Z</updated><author><name>Wire Desk</name></author></entry>\
                 <entry><title>Library hours</title><id>urn:arden:2</id><link href=\"/news/library\"/><updated>2026-01-06T10:00:00Z</updated></entry></feed>"
            ),
        ),
        "/feeds/feed.json" => Reply::ok(
            "application/feed+json",
            format!(
                "{{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"Coast Bulletin\",\"items\":[\
                 {{\"id\":\"1\",\"url\":\"{base}/redirect/one\",\"title\":\"Harbour budget\"}},\
                 {{\"id\":\"2\",\"url\":\"{base}/redirect/private\",\"title\":\"Internal\"}},\
                 {{\"id\":\"3\",\"url\":\"{base}/redirect/metadata\",\"title\":\"Cloud\"}}]}}"
            ),
        ),
        "/lists/feeds.opml" => Reply::ok(
            "text/x-opml",
            format!(
                "<?xml version=\"1.0\"?><opml version=\"2.0\"><head><title>Coast</title></head><body>\
                 <outline text=\"Local\"><outline type=\"rss\" text=\"Courier\" xmlUrl=\"{base}/feeds/rss.xml\"/>\
                 <outline type=\"rss\" text=\"Arden\" xmlUrl=\"{base}/feeds/atom.xml\"/></outline>\
                 <outline type=\"rss\" text=\"Bulletin\" xmlUrl=\"{base}/feeds/feed.json\"/></body></opml>"
            ),
        ),
        "/sitemaps/index.xml" => Reply::ok(
            xml,
            format!(
                "<?xml version=\"1.0\"?><sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\
                 <sitemap><loc>{base}/sitemaps/news.xml</loc></sitemap><sitemap><loc>{base}/sitemaps/urls.txt</loc></sitemap></sitemapindex>"
            ),
        ),
        "/sitemaps/news.xml" => Reply::ok(
            xml,
            format!(
                "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\
                 <url><loc>{base}/news/market</loc><news:news><news:publication><news:name>Kelmport Courier</news:name><news:language>en</news:language></news:publication>\
                 <news:publication_date>2026-01-07T07:30:00+01:00</news:publication_date><news:title>Fish market moves</news:title></news:news></url>\
                 <url><loc>{base}/news/ferry</loc></url></urlset>"
            ),
        ),
        "/sitemaps/urls.txt" => Reply::ok(
            "text/plain",
            format!("{base}/news/school\n{base}/news/library\n"),
        ),
        "/redirect/one" => Reply::redirect("/redirect/two"),
        "/redirect/two" => Reply::redirect(&format!("{base}/news/budget")),
        // Loopback is allowed for this test; these must still be refused at the hop.
        "/redirect/private" => Reply::redirect("http://10.0.0.1/internal"),
        "/redirect/metadata" => Reply::redirect("http://169.254.169.254/latest/meta-data/"),
        "/private/members" => Reply::ok(
            "text/html",
            page(
                "Secret",
                "Courier",
                "2026-01-05",
                &["This page must never be fetched by a polite crawler."],
            ),
        ),
        p if p.starts_with("/news/") => {
            let etag = format!("\"{}-v1\"", &p[6..]);
            if r.if_none_match.as_deref() == Some(etag.as_str()) {
                return Reply::status("304 Not Modified");
            }
            let html = match p {
                "/news/ferry" => page(
                    "Ferry resumes after ramp repair",
                    "Kelmport Courier",
                    "2026-01-05",
                    FERRY,
                ),
                "/news/ferry-syndicated" => {
                    let mut paras = FERRY.to_vec();
                    paras.push("This report was distributed by the Coastal Wire service.");
                    page(
                        "Crossing to Arden reopens",
                        "Arden Weekly",
                        "2026-01-05",
                        &paras,
                    )
                }
                "/news/library" => page(
                    "Library extends winter hours",
                    "Arden Weekly",
                    "2026-01-06",
                    &[
                        "The Arden public library will stay open until eight in the evening on weekdays from February, the island council decided on Tuesday.",
                        "Librarian Tomas Reyes said the longer hours were requested by students preparing for spring examinations and by workers who arrive on the late ferry.",
                        "The change costs about 14,000 euros a year and will be reviewed in the autumn.",
                    ],
                ),
                "/news/budget" => page(
                    "Harbour budget approved",
                    "Coast Bulletin",
                    "2026-01-07",
                    &[
                        "Kelmport's council approved a harbour budget of 3.4 million euros on Wednesday, with most of the money set aside for dredging the western basin.",
                        "Councillor Mara Olsen, who chairs the finance committee, said the dredging would let larger cargo vessels dock without waiting for the tide.",
                        "Two council members voted against the plan, arguing that the ferry terminal should have been repaired first.",
                    ],
                ),
                "/news/market" => page(
                    "Fish market moves to the old customs hall",
                    "Kelmport Courier",
                    "2026-01-07",
                    &[
                        "The Kelmport fish market will move into the restored customs hall next month, ending four decades in a warehouse by the north pier.",
                        "Traders welcomed the heated building but worried that rents would rise once the city's two-year discount ends.",
                        "The warehouse will be torn down to make room for a cycle path along the water.",
                    ],
                ),
                "/news/school" => page(
                    "School adds a sailing course",
                    "Kelmport Courier",
                    "2026-01-08",
                    &[
                        "The secondary school on the mainland will offer a sailing course for pupils from the autumn term, head teacher Ruth Abara announced on Thursday.",
                        "The harbour club lent the school four dinghies, and two teachers are training for instructor certificates over the winter.",
                        "Pupils from Arden, who already cross the water every day on the ferry, were the first to sign up.",
                    ],
                ),
                _ => return Reply::status("404 Not Found"),
            };
            Reply::ok("text/html; charset=utf-8", html).header("ETag", &etag)
        }
        _ => Reply::status("404 Not Found"),
    }
}

fn scratch(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("parallax-ingest-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn ingest(args: &[&str]) -> (i32, Value, String) {
    let mut all = vec![
        "ingest",
        "--allow-loopback",
        "--delay-ms",
        "0",
        "--format",
        "json",
    ];
    all.extend_from_slice(args);
    let r = parallax(&all);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\nstderr: {}", r.stdout, r.stderr));
    (r.code, v, r.stderr)
}

fn item<'a>(v: &'a Value, url_end: &str) -> &'a Value {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["url"].as_str().unwrap().ends_with(url_end))
        .unwrap_or_else(|| panic!("no item for {url_end}: {:#}", v["items"]))
}

#[test]
fn feeds_sitemaps_robots_redirects_and_resume() {
    let server = local_server::start(routes);
    let dir = scratch("server");
    let db = dir.join("p.db");
    let db = db.to_str().unwrap();
    let opml = server.url("/lists/feeds.opml");
    let index = server.url("/sitemaps/index.xml");

    let (code, v, stderr) = ingest(&[&opml, &index, "--db", db]);
    assert_eq!(
        code, 1,
        "two refused redirects make the run partial\n{stderr}"
    );
    let s = &v["summary"];
    assert_eq!(s["inputs"], 2);
    assert_eq!(s["inputs_failed"], 0);
    // ferry (once, though listed three ways), private, syndicated copy, library, budget,
    // two refused redirects, market, school.
    assert_eq!(s["discovered"], 9, "{:#}", v["items"]);
    assert_eq!(s["saved"], 6, "{:#}", v["items"]);
    assert_eq!(s["near_copies"], 1);
    assert_eq!(s["disallowed"], 1);
    assert_eq!(s["failed"], 2);

    let ferry = item(&v, "/news/ferry?utm_source=rss&utm_medium=feed");
    assert_eq!(ferry["outcome"], "saved");
    assert_eq!(ferry["canonical_url"], server.url("/news/ferry"));
    assert!(
        server.requests().iter().all(|r| !r.path.contains("utm_")),
        "the canonical URL is what gets fetched"
    );
    let copy = item(&v, "/news/ferry-syndicated");
    assert_eq!(copy["outcome"], "near_copy");
    assert_eq!(copy["origin_id"], ferry["article_id"]);
    assert!(copy["similarity"].as_f64().unwrap() >= 0.6);
    assert_eq!(item(&v, "/private/members")["outcome"], "disallowed");
    assert_eq!(server.hits("/private/members"), 0, "robots.txt was obeyed");
    assert_eq!(
        server.hits("/robots.txt"),
        1,
        "robots.txt is fetched once per site"
    );
    assert_eq!(item(&v, "/redirect/one")["outcome"], "saved");
    assert_eq!(
        item(&v, "/redirect/one")["title"],
        "Harbour budget approved"
    );
    let private = item(&v, "/redirect/private");
    assert_eq!(private["outcome"], "failed");
    assert_eq!(
        private["error"],
        "refused to fetch 10.0.0.1: private address (use --allow-private to allow)"
    );
    assert_eq!(
        item(&v, "/redirect/metadata")["error"],
        "refused to fetch 169.254.169.254: link-local address (use --allow-private to allow)"
    );
    assert!(stderr.lines().any(|l| {
        l.ends_with("refused to fetch 10.0.0.1: private address (use --allow-private to allow)")
    }));
    assert_eq!(
        item(&v, "/news/market")["title"],
        "Fish market moves to the old customs hall"
    );
    for r in server.requests() {
        assert!(
            r.user_agent
                .as_deref()
                .unwrap_or("")
                .starts_with("parallax/"),
            "{r:?}"
        );
    }

    // Second run: nothing is fetched again; the unchanged RSS feed answers 304.
    server.clear();
    let (code, v, stderr) = ingest(&[&opml, &index, "--db", db]);
    assert_eq!(code, 1, "{stderr}");
    let s = &v["summary"];
    assert_eq!(s["saved"], 0);
    assert_eq!(s["already_ingested"], 6, "{:#}", v["items"]);
    assert!(
        server
            .requests()
            .iter()
            .any(|r| r.path == "/feeds/rss.xml" && r.if_none_match.as_deref() == Some("\"rss-1\"")),
        "conditional GET for the feed"
    );
    assert_eq!(server.hits("/news/ferry"), 0);
    let opml_input = &v["inputs"][0];
    assert_eq!(opml_input["kind"], "opml");
    assert_eq!(opml_input["not_modified"][0], server.url("/feeds/rss.xml"));
    assert!(
        !stderr.contains("not modified"),
        "a 304 is not a warning: {stderr}"
    );
    assert_eq!(server.hits("/news/school"), 0);

    // --refresh: articles are asked for conditionally and answer 304.
    server.clear();
    let (_, v, _) = ingest(&[&server.url("/sitemaps/news.xml"), "--db", db, "--refresh"]);
    assert_eq!(v["summary"]["not_modified"], 2, "{:#}", v["items"]);
    assert!(
        server.requests().iter().any(
            |r| r.path == "/news/market" && r.if_none_match.as_deref() == Some("\"market-v1\"")
        )
    );

    // Without the loopback allowance, the guard refuses the test server itself.
    let r = parallax(&["ingest", &opml, "--db", db, "--delay-ms", "0"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr.lines().any(|l| l.ends_with(
            "lists/feeds.opml: refused to fetch 127.0.0.1: loopback address (use --allow-loopback to allow this machine, or --allow-private)"
        )),
        "{}",
        r.stderr
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn limit_and_text_summary() {
    let server = local_server::start(routes);
    let dir = scratch("limit");
    let db = dir.join("p.db");
    let r = parallax(&[
        "ingest",
        &server.url("/sitemaps/urls.txt"),
        "--db",
        db.to_str().unwrap(),
        "--allow-loopback",
        "--delay-ms",
        "0",
        "--limit",
        "1",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("1 new article,"), "{}", r.stdout);
    assert!(
        r.stdout.contains("1 left for a later run (--limit)"),
        "{}",
        r.stdout
    );
    assert_eq!(server.hits("/news/library"), 0);
    let _ = std::fs::remove_dir_all(&dir);
}
