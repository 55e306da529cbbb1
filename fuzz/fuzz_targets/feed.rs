//! Any bytes through every list reader: kind detection, feeds (RSS, Atom, JSON Feed), OPML,
//! sitemaps, URL lists and capped gzip. Errors are fine; panics and unbounded growth are not.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = parallax_ingest::detect_kind(data, None);
    if let Ok(feed) = parallax_ingest::parse_feed(data, Some("https://feed.example/rss.xml")) {
        for item in &feed.items {
            assert!(item.url.starts_with("http"));
            let _ = parallax_ingest::canon::canonical_url(&item.url);
        }
    }
    let _ = parallax_ingest::parse_opml(data);
    let _ = parallax_ingest::parse_sitemap(data);
    let _ = parallax_ingest::parse_url_list(data);
    if let Ok(out) = parallax_ingest::decompress::gunzip_capped(data, 1 << 20) {
        assert!(out.len() <= 1 << 20);
    }
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = parallax_ingest::canon::canonical_url(s);
    }
});
