//! WARC files (ISO 28500; Common Crawl's CC-NEWS) as a bulk source of pages, read as a stream.
//!
//! Owns [`WarcReader`], an iterator of records over any reader, and [`open`], which reads a
//! plain or gzipped (one gzip member per record) file. Memory is bounded by the per-record
//! cap: a larger record is skipped with an error and the stream goes on. A broken stream
//! (truncated gzip, a record cut short, a malformed header) ends the iteration with one
//! error after every good record before it has been handed out. Also parses the HTTP message
//! inside a `response` record ([`WarcRecord::http`]): status, `Content-Type`, chunked
//! transfer coding and gzip content coding (capped).

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use crate::IngestError;
use crate::decompress::{gunzip_capped, gzip_error, is_gzip};

/// Longest header line accepted, in bytes.
const MAX_LINE: usize = 64 * 1024;
/// Most header lines in one record or HTTP message.
const MAX_HEADERS: usize = 512;

/// One WARC record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarcRecord {
    /// Position in the file, from 1.
    pub number: usize,
    /// `WARC-Type`: `warcinfo`, `request`, `response`, `resource`, `metadata`, ...
    pub warc_type: String,
    /// `WARC-Target-URI`.
    pub target_uri: Option<String>,
    /// `WARC-Date`.
    pub date: Option<String>,
    /// The record's `Content-Type` (`application/http; msgtype=response`, `text/html`, ...).
    pub content_type: Option<String>,
    /// The record block.
    pub block: Vec<u8>,
}

/// The HTTP response inside a `response` record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpPayload {
    /// Status code.
    pub status: u16,
    /// The response's `Content-Type`.
    pub content_type: Option<String>,
    /// The body, de-chunked and inflated.
    pub body: Vec<u8>,
}

impl WarcRecord {
    /// The page this record holds, for `response` records with an HTTP message (parsed) and
    /// `resource` records (the block as is); `None` for other record types.
    pub fn http(&self, max: usize) -> Option<Result<HttpPayload, IngestError>> {
        match self.warc_type.as_str() {
            "response"
                if self
                    .content_type
                    .as_deref()
                    .is_some_and(|c| c.to_ascii_lowercase().starts_with("application/http")) =>
            {
                Some(parse_http(&self.block, max))
            }
            "resource" => Some(Ok(HttpPayload {
                status: 200,
                content_type: self.content_type.clone(),
                body: self.block.clone(),
            })),
            _ => None,
        }
    }
}

/// Records of a WARC stream, in order. Item errors for one record (too large) leave the
/// stream usable; a stream error is the last item.
pub struct WarcReader<R> {
    reader: R,
    max: usize,
    number: usize,
    done: bool,
}

/// Open a WARC file, plain or gzipped, with `max` bytes the largest record block kept.
pub fn open(path: &Path, max: usize) -> Result<WarcReader<Box<dyn BufRead + Send>>, IngestError> {
    let file = std::fs::File::open(path).map_err(|e| IngestError::Io(e.to_string()))?;
    let mut buffered = BufReader::new(file);
    let gz = is_gzip(
        buffered
            .fill_buf()
            .map_err(|e| IngestError::Io(e.to_string()))?,
    );
    let reader: Box<dyn BufRead + Send> = if gz {
        Box::new(BufReader::new(flate2::bufread::MultiGzDecoder::new(
            buffered,
        )))
    } else {
        Box::new(buffered)
    };
    Ok(WarcReader::new(reader, max))
}

impl<R: BufRead> WarcReader<R> {
    /// Read records from `reader` (already inflated), keeping blocks up to `max` bytes.
    pub fn new(reader: R, max: usize) -> WarcReader<R> {
        WarcReader {
            reader,
            max,
            number: 0,
            done: false,
        }
    }

    fn fail(&mut self, e: IngestError) -> Option<Result<WarcRecord, IngestError>> {
        self.done = true;
        Some(Err(e))
    }
}

impl<R: BufRead> Iterator for WarcReader<R> {
    type Item = Result<WarcRecord, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        // Skip blank lines between records (the block's trailing CRLF CRLF).
        let version = loop {
            match read_line(&mut self.reader) {
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Ok(Some(l)) if l.trim().is_empty() => continue,
                Ok(Some(l)) => break l,
                Err(e) => return self.fail(e),
            }
        };
        self.number += 1;
        let n = self.number;
        if !version.starts_with("WARC/") {
            return self.fail(IngestError::Format(format!(
                "invalid WARC: record {n} does not start with a WARC/ version line"
            )));
        }
        let headers = match read_headers(&mut self.reader) {
            Ok(h) => h,
            Err(e) => return self.fail(e),
        };
        let get = |name: &str| {
            headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.clone())
        };
        let Some(len) = get("Content-Length").and_then(|v| v.parse::<u64>().ok()) else {
            return self.fail(IngestError::Format(format!(
                "invalid WARC: record {n} has no valid Content-Length"
            )));
        };
        if len > self.max as u64 {
            // Skip the block without keeping it; the stream goes on.
            let skipped = std::io::copy(&mut (&mut self.reader).take(len), &mut std::io::sink());
            return match skipped {
                Ok(k) if k == len => Some(Err(IngestError::TooLarge {
                    size: Some(len),
                    limit: self.max,
                })),
                Ok(_) => self.fail(truncated(n)),
                Err(e) => self.fail(stream_error(&e, n)),
            };
        }
        let mut block = Vec::with_capacity(usize::try_from(len).unwrap_or(0).min(1 << 20));
        match (&mut self.reader).take(len).read_to_end(&mut block) {
            Ok(k) if k as u64 == len => {}
            Ok(_) => return self.fail(truncated(n)),
            Err(e) => return self.fail(stream_error(&e, n)),
        }
        Some(Ok(WarcRecord {
            number: n,
            warc_type: get("WARC-Type").unwrap_or_default(),
            target_uri: get("WARC-Target-URI").map(|u| u.trim_matches(['<', '>']).to_string()),
            date: get("WARC-Date"),
            content_type: get("Content-Type"),
            block,
        }))
    }
}

fn truncated(n: usize) -> IngestError {
    IngestError::Format(format!("truncated WARC: record {n} ends early"))
}

fn stream_error(e: &std::io::Error, n: usize) -> IngestError {
    match gzip_error(e) {
        IngestError::Gzip(m) => IngestError::Gzip(format!("{m}, in WARC record {n}")),
        other => other,
    }
}

/// One line without its line ending; `None` at a clean end of stream.
fn read_line(r: &mut impl BufRead) -> Result<Option<String>, IngestError> {
    let mut line = Vec::new();
    let k = r
        .take(MAX_LINE as u64 + 1)
        .read_until(b'\n', &mut line)
        .map_err(|e| stream_error(&e, 0))?;
    if k == 0 {
        return Ok(None);
    }
    if line.len() > MAX_LINE {
        return Err(IngestError::Format(format!(
            "invalid WARC: a header line is over {MAX_LINE} bytes"
        )));
    }
    while line.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
        line.pop();
    }
    Ok(Some(String::from_utf8_lossy(&line).into_owned()))
}

/// `Name: value` lines up to a blank line.
fn read_headers(r: &mut impl BufRead) -> Result<Vec<(String, String)>, IngestError> {
    let mut out = Vec::new();
    loop {
        let Some(line) = read_line(r)? else {
            return Err(IngestError::Format(
                "truncated WARC: headers end early".into(),
            ));
        };
        if line.is_empty() {
            return Ok(out);
        }
        if out.len() >= MAX_HEADERS {
            return Err(IngestError::Format(format!(
                "invalid WARC: more than {MAX_HEADERS} header lines"
            )));
        }
        if let Some((k, v)) = line.split_once(':') {
            out.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
}

/// Parse an HTTP response message: status line, headers, body (de-chunked, inflated).
fn parse_http(block: &[u8], max: usize) -> Result<HttpPayload, IngestError> {
    let mut r = block;
    let status_line = read_line(&mut r)?.unwrap_or_default();
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok())
        .filter(|_| status_line.starts_with("HTTP/"))
        .ok_or_else(|| IngestError::Format("invalid HTTP response in WARC record".into()))?;
    let headers = read_headers(&mut r)
        .map_err(|_| IngestError::Format("invalid HTTP headers in WARC record".into()))?;
    let get = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.to_ascii_lowercase())
    };
    let mut body = r.to_vec();
    if get("Transfer-Encoding").is_some_and(|v| v.contains("chunked")) {
        body = dechunk(&body).unwrap_or(body);
    }
    if get("Content-Encoding").is_some_and(|v| v.contains("gzip")) && is_gzip(&body) {
        body = gunzip_capped(&body, max)?;
    }
    Ok(HttpPayload {
        status,
        content_type: headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("Content-Type"))
            .map(|(_, v)| v.clone()),
        body,
    })
}

/// Undo chunked transfer coding; `None` if the data is not validly chunked.
fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line = read_line(&mut data).ok()??;
        let size = usize::from_str_radix(line.split(';').next()?.trim(), 16).ok()?;
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size..)?;
        data = data
            .strip_prefix(b"\r\n")
            .or_else(|| data.strip_prefix(b"\n"))?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::{Compression, write::GzEncoder};
    use std::io::Write;

    fn record(kind: &str, uri: &str, ct: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2026-01-05T09:00:00Z\r\nContent-Type: {ct}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = GzEncoder::new(Vec::new(), Compression::fast());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn sample() -> Vec<Vec<u8>> {
        vec![
            record("warcinfo", "", "application/warc-fields", b"software: test\r\n"),
            record(
                "response",
                "https://ledger.example/ferry",
                "application/http; msgtype=response",
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>The ferry resumed service.</p>",
            ),
            record(
                "response",
                "https://ledger.example/chunked",
                "application/http; msgtype=response",
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nHello\r\n6\r\n world\r\n0\r\n\r\n",
            ),
        ]
    }

    #[test]
    fn plain_and_gzipped_per_record() {
        let plain: Vec<u8> = sample().concat();
        let recs: Vec<_> = WarcReader::new(&plain[..], 1 << 20).collect();
        assert_eq!(recs.len(), 3);
        let r1 = recs[1].as_ref().unwrap();
        assert_eq!(
            r1.target_uri.as_deref(),
            Some("https://ledger.example/ferry")
        );
        let p = r1.http(1 << 20).unwrap().unwrap();
        assert_eq!(p.status, 200);
        assert_eq!(p.body, b"<p>The ferry resumed service.</p>");
        assert_eq!(p.content_type.as_deref(), Some("text/html"));
        let p2 = recs[2].as_ref().unwrap().http(1 << 20).unwrap().unwrap();
        assert_eq!(p2.body, b"Hello world");
        assert!(recs[0].as_ref().unwrap().http(100).is_none());

        let dir = std::env::temp_dir().join(format!("parallax-warc-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("a.warc.gz");
        let zipped: Vec<u8> = sample().iter().flat_map(|r| gz(r)).collect();
        std::fs::write(&path, &zipped).unwrap();
        let recs: Vec<_> = open(&path, 1 << 20).unwrap().collect();
        assert_eq!(recs.len(), 3);
        assert!(recs.iter().all(Result::is_ok));

        // Truncated in the third member: two good records, then one error.
        let cut = &zipped[..zipped.len() - 20];
        std::fs::write(&path, cut).unwrap();
        let recs: Vec<_> = open(&path, 1 << 20).unwrap().collect();
        assert_eq!(recs.len(), 3);
        assert!(recs[0].is_ok() && recs[1].is_ok());
        let e = recs[2].as_ref().unwrap_err().to_string();
        assert!(e.starts_with("truncated gzip stream"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn oversize_record_is_skipped_and_garbage_stops() {
        let mut data = record(
            "response",
            "https://a.example/big",
            "application/http",
            &vec![b'x'; 5000],
        );
        data.extend(sample()[1].clone());
        let recs: Vec<_> = WarcReader::new(&data[..], 1000).collect();
        assert_eq!(recs.len(), 2);
        assert!(matches!(
            recs[0],
            Err(IngestError::TooLarge {
                size: Some(5000),
                ..
            })
        ));
        assert!(recs[1].is_ok());

        let recs: Vec<_> = WarcReader::new(&b"GET / HTTP/1.1\r\n\r\n"[..], 1000).collect();
        assert_eq!(recs.len(), 1);
        assert!(recs[0].as_ref().unwrap_err().to_string().contains("WARC/"));

        let mut cut = sample()[1].clone();
        cut.truncate(cut.len() - 30);
        let recs: Vec<_> = WarcReader::new(&cut[..], 1000).collect();
        assert_eq!(
            recs[0].as_ref().unwrap_err().to_string(),
            "truncated WARC: record 1 ends early"
        );
        assert!(WarcReader::new(&b""[..], 10).next().is_none());
    }
}
