//! URL canonicalisation: one spelling per article, so the same story reached through a feed,
//! a sitemap, a share link and its AMP page is fetched and stored once.
//!
//! Owns [`canonical_url`]: lower-case scheme and host (the `url` crate's parse), no default
//! port, no fragment, no tracking parameters, the remaining parameters sorted, AMP spellings
//! folded to the ordinary page, and the AMP cache (`*.cdn.ampproject.org/c/s/…`) unwrapped.
//! It keeps `www.` and the trailing slash: sites differ on whether those name the same page,
//! and a wrong merge loses an article while a missed one only costs a fetch (content hashes
//! and near-duplicate detection catch the copy later).

use url::Url;

use crate::IngestError;

/// Query parameters that only track the reader (matched case-insensitively; a trailing `*`
/// is a prefix).
const TRACKING: &[&str] = &[
    "utm_*",
    "fbclid",
    "gclid",
    "dclid",
    "gclsrc",
    "msclkid",
    "yclid",
    "igshid",
    "mc_cid",
    "mc_eid",
    "_ga",
    "_gl",
    "_hsenc",
    "_hsmi",
    "mkt_tok",
    "oly_anon_id",
    "oly_enc_id",
    "vero_id",
    "wt.mc_id",
    "cmpid",
    "ocid",
    "ito",
    "at_medium",
    "at_campaign",
    "smid",
    "share",
    "ref_src",
    "ref_url",
    "s_cid",
    "taid",
    "ns_mchannel",
    "ns_source",
    "ns_campaign",
    "ns_linkname",
    "ns_fee",
    "sr_share",
    "spm",
    "amp",
    "outputtype",
];

fn is_tracking(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    TRACKING.iter().any(|t| match t.strip_suffix('*') {
        Some(prefix) => name.starts_with(prefix),
        None => name == *t,
    })
}

/// The canonical spelling of an HTTP(S) URL.
///
/// ```
/// use parallax_ingest::canon::canonical_url;
/// assert_eq!(
///     canonical_url("HTTPS://News.Example:443/2026/ferry/amp?utm_source=x&b=2&a=1#top").unwrap(),
///     "https://news.example/2026/ferry?a=1&b=2"
/// );
/// ```
pub fn canonical_url(spec: &str) -> Result<String, IngestError> {
    let mut url =
        Url::parse(spec.trim()).map_err(|e| IngestError::BadUrl(format!("{spec}: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(IngestError::BadUrl(format!(
            "{spec}: {} is not an HTTP(S) URL",
            url.scheme()
        )));
    }
    if let Some(inner) = unwrap_amp_cache(&url) {
        url = inner;
    }
    url.set_fragment(None);
    // Default ports are already dropped by the parser; user:password is never part of identity.
    let _ = url.set_username("");
    let _ = url.set_password(None);
    let mut pairs: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| !is_tracking(k))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    pairs.sort();
    if pairs.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(pairs);
    }
    let path = url.path().to_string();
    let folded = fold_amp_path(&path);
    if folded != path {
        url.set_path(&folded);
    }
    Ok(url.to_string())
}

/// `/story/amp`, `/story/amp/`, `/amp/story`, `/story.amp`, `/story.amp.html` → the plain page.
fn fold_amp_path(path: &str) -> String {
    let mut segs: Vec<&str> = path.split('/').collect();
    let trailing_slash = path.len() > 1 && path.ends_with('/');
    if trailing_slash {
        segs.pop();
    }
    let before = segs.len();
    // A lone `amp` segment at the start (after the leading empty one) or the end.
    if segs.len() > 2 && segs[1].eq_ignore_ascii_case("amp") {
        segs.remove(1);
    } else if segs.len() > 2 && segs.last().is_some_and(|s| s.eq_ignore_ascii_case("amp")) {
        segs.pop();
    }
    let mut out = segs.join("/");
    for (amp, plain) in [(".amp.html", ".html"), (".amp", "")] {
        if out.len() > amp.len() && out.to_ascii_lowercase().ends_with(amp) {
            out.truncate(out.len() - amp.len());
            out.push_str(plain);
            break;
        }
    }
    if trailing_slash && segs.len() == before {
        out.push('/');
    }
    if out.is_empty() { "/".into() } else { out }
}

/// `https://www-example-com.cdn.ampproject.org/c/s/www.example.com/story` →
/// `https://www.example.com/story` (`/c/` without `s/` is plain HTTP; `/v/` is the viewer).
fn unwrap_amp_cache(url: &Url) -> Option<Url> {
    let host = url.host_str()?;
    if !host.ends_with(".cdn.ampproject.org") {
        return None;
    }
    let path = url.path();
    let rest = path
        .strip_prefix("/c/")
        .or_else(|| path.strip_prefix("/v/"))?;
    let (scheme, rest) = match rest.strip_prefix("s/") {
        Some(r) => ("https", r),
        None => ("http", rest),
    };
    let mut inner = Url::parse(&format!("{scheme}://{rest}")).ok()?;
    inner.set_query(url.query());
    Some(inner)
}

/// The `scheme://host[:port]` of a URL, the unit robots.txt and politeness apply to.
pub fn origin(spec: &str) -> Option<String> {
    let url = Url::parse(spec).ok()?;
    let host = url.host_str()?;
    Some(match url.port() {
        Some(p) => format!("{}://{host}:{p}", url.scheme()),
        None => format!("{}://{host}", url.scheme()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> String {
        canonical_url(s).unwrap()
    }

    #[test]
    fn tracking_fragments_and_order() {
        assert_eq!(
            c("https://news.example/a?utm_source=rss&utm_medium=feed&id=7&fbclid=X#comments"),
            "https://news.example/a?id=7"
        );
        assert_eq!(
            c("https://news.example/a?b=2&a=1"),
            c("https://news.example/a?a=1&b=2")
        );
        assert_eq!(c("http://News.EXAMPLE:80/a"), "http://news.example/a");
        assert_eq!(
            c("https://user:pw@news.example/a"),
            "https://news.example/a"
        );
        assert_eq!(c("https://news.example"), "https://news.example/");
    }

    #[test]
    fn amp_spellings_fold_to_the_page() {
        let plain = "https://news.example/2026/01/ferry-resumes";
        for amp in [
            "https://news.example/2026/01/ferry-resumes/amp",
            "https://news.example/2026/01/ferry-resumes/amp/",
            "https://news.example/amp/2026/01/ferry-resumes",
            "https://news.example/2026/01/ferry-resumes.amp",
            "https://news.example/2026/01/ferry-resumes?amp=1",
            "https://news.example/2026/01/ferry-resumes?outputType=amp",
            "https://news-example.cdn.ampproject.org/c/s/news.example/2026/01/ferry-resumes/amp",
        ] {
            assert_eq!(c(amp), plain, "{amp}");
        }
        assert_eq!(
            c("https://news.example/story.amp.html"),
            "https://news.example/story.html"
        );
        // A page that is merely called "amp", or ends in a slash, keeps its shape.
        assert_eq!(c("https://news.example/amp"), "https://news.example/amp");
        assert_eq!(c("https://news.example/a/b/"), "https://news.example/a/b/");
    }

    #[test]
    fn non_http_is_an_error() {
        assert!(canonical_url("ftp://news.example/a").is_err());
        assert!(canonical_url("not a url").is_err());
        assert_eq!(
            origin("http://127.0.0.1:8080/x/y").as_deref(),
            Some("http://127.0.0.1:8080")
        );
    }
}
