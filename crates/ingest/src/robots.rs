//! robots.txt: fetched once per site, cached for the run, consulted before every fetch.
//!
//! Owns [`Robots`]. Parsing and matching are the `texting_robots` crate's (Google's reading of
//! the standard: groups, `*` and `$` wildcards, longest match wins, `Crawl-delay`). This module
//! decides what an answer means, after RFC 9309: a 4xx (no robots.txt) allows everything, a
//! 5xx or an unreachable server disallows everything for the run, an unparsable file allows
//! everything. Only the first 500 KiB of a robots.txt are read.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::Duration;

use crate::politeness::HostGate;
use crate::{Conditional, Fetcher, IngestError};

/// The most of a robots.txt that is read (RFC 9309 asks crawlers to read at least 500 KiB).
pub const MAX_ROBOTS_BYTES: usize = 500 * 1024;

/// What one site's robots.txt says for this crawler.
#[derive(Debug)]
pub enum Rules {
    /// No robots.txt (4xx), or one that could not be parsed: everything may be fetched.
    AllowAll,
    /// The site could not say (5xx, unreachable): nothing is fetched. Holds the reason.
    Unavailable(String),
    /// The parsed file.
    Parsed(Box<texting_robots::Robot>),
}

impl Rules {
    /// Read a robots.txt body for the crawler named `agent` (its product token, `parallax`).
    pub fn parse(agent: &str, body: &[u8]) -> Rules {
        let body = &body[..body.len().min(MAX_ROBOTS_BYTES)];
        match texting_robots::Robot::new(agent, body) {
            Ok(r) => Rules::Parsed(Box::new(r)),
            Err(_) => Rules::AllowAll,
        }
    }

    /// May `url` be fetched?
    pub fn allowed(&self, url: &str) -> bool {
        match self {
            Rules::AllowAll => true,
            Rules::Unavailable(_) => false,
            Rules::Parsed(r) => r.allowed(url),
        }
    }

    /// The `Crawl-delay` the site asks of this crawler, if any.
    pub fn crawl_delay(&self) -> Option<Duration> {
        match self {
            Rules::Parsed(r) => r
                .delay
                .filter(|d| d.is_finite() && *d > 0.0)
                .map(|d| Duration::from_secs_f32(d.min(3600.0))),
            _ => None,
        }
    }

    /// Sitemaps the file lists.
    pub fn sitemaps(&self) -> &[String] {
        match self {
            Rules::Parsed(r) => &r.sitemaps,
            _ => &[],
        }
    }
}

/// The robots.txt cache of one run, safe to share between worker threads.
#[derive(Debug)]
pub struct Robots {
    fetcher: Fetcher,
    agent: String,
    gate: Option<HostGate>,
    sites: Mutex<HashMap<String, Arc<OnceLock<Arc<Rules>>>>>,
}

impl Robots {
    /// A cache that fetches with `fetcher`, pacing robots.txt requests through `gate` (and
    /// raising a site's delay there when it asks for a `Crawl-delay`).
    pub fn new(fetcher: Fetcher, gate: Option<HostGate>) -> Robots {
        let agent = product_token(&fetcher.options().user_agent);
        Robots {
            fetcher,
            agent,
            gate,
            sites: Mutex::new(HashMap::new()),
        }
    }

    /// The rules for `url`'s site, fetching its robots.txt the first time.
    pub fn rules(&self, url: &str) -> Arc<Rules> {
        let Some(origin) = crate::canon::origin(url) else {
            return Arc::new(Rules::AllowAll);
        };
        let cell = {
            let mut sites = self.sites.lock().unwrap_or_else(PoisonError::into_inner);
            Arc::clone(sites.entry(origin.clone()).or_default())
        };
        Arc::clone(cell.get_or_init(|| Arc::new(self.fetch_rules(&origin))))
    }

    /// Refuse `url` when its site's robots.txt disallows it (or could not be read).
    pub fn check(&self, url: &str) -> Result<(), IngestError> {
        let rules = self.rules(url);
        match &*rules {
            Rules::Unavailable(reason) => Err(IngestError::Fetch(format!(
                "robots.txt unavailable ({reason}); not fetching the site"
            ))),
            r if !r.allowed(url) => Err(IngestError::Disallowed(format!(
                "{}/robots.txt",
                crate::canon::origin(url).unwrap_or_default()
            ))),
            _ => Ok(()),
        }
    }

    fn fetch_rules(&self, origin: &str) -> Rules {
        let host = url::Url::parse(origin)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_default();
        let permit = self.gate.as_ref().map(|g| g.acquire(&host));
        let answer = self
            .fetcher
            .request(&format!("{origin}/robots.txt"), &Conditional::default());
        drop(permit);
        let rules = match answer {
            Ok(r) if r.is_success() => Rules::parse(&self.agent, &r.raw.bytes),
            Ok(r) if (400..500).contains(&r.status) => Rules::AllowAll,
            Ok(r) => Rules::Unavailable(format!("HTTP {}", r.status)),
            // A robots.txt over the size cap is read as far as the cap would allow: treat a
            // huge one as no rules rather than guess.
            Err(IngestError::TooLarge { .. }) => Rules::AllowAll,
            Err(e) => Rules::Unavailable(e.to_string()),
        };
        if let (Some(gate), Some(delay)) = (&self.gate, rules.crawl_delay()) {
            gate.set_host_delay(&host, delay);
        }
        rules
    }
}

/// `parallax/0.1 (+news comparison)` → `parallax`: the name robots.txt groups match.
pub fn product_token(user_agent: &str) -> String {
    user_agent
        .split(['/', ' '])
        .next()
        .unwrap_or(user_agent)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_wildcards_and_delay() {
        let txt = b"User-agent: *\nDisallow: /private/\n\nUser-agent: parallax\nDisallow: /drafts/\nAllow: /drafts/public$\nCrawl-delay: 2\nSitemap: https://news.example/sitemap.xml\n";
        let r = Rules::parse("parallax", txt);
        assert!(!r.allowed("https://news.example/drafts/x"));
        assert!(r.allowed("https://news.example/drafts/public"));
        // The specific group replaces `*`: /private/ is not ours to avoid.
        assert!(r.allowed("https://news.example/private/x"));
        assert_eq!(r.crawl_delay(), Some(Duration::from_secs(2)));
        assert_eq!(r.sitemaps(), ["https://news.example/sitemap.xml"]);
        let other = Rules::parse("otherbot", txt);
        assert!(!other.allowed("https://news.example/private/x"));
    }

    #[test]
    fn garbage_and_unavailable() {
        assert!(Rules::parse("parallax", b"\xff\xfe\x00garbage").allowed("https://a.example/x"));
        assert!(!Rules::Unavailable("HTTP 503".into()).allowed("https://a.example/x"));
        assert_eq!(product_token("parallax/0.1 (+news comparison)"), "parallax");
    }
}
