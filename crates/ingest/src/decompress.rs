//! Gzip with a size cap: a truncated stream and a "gzip bomb" (a small file that inflates to
//! gigabytes) are one-line errors, and memory never grows past the cap plus one buffer.
//!
//! Owns [`gunzip_capped`] and the gzip magic check. Multi-member streams (`cat a.gz b.gz`,
//! and WARC files, which gzip every record separately) are read as one.

use std::io::Read;

use flate2::read::MultiGzDecoder;

use crate::IngestError;

/// True when `bytes` start with the gzip magic number.
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// Inflate a gzip stream, refusing to produce more than `max` bytes.
pub fn gunzip_capped(bytes: &[u8], max: usize) -> Result<Vec<u8>, IngestError> {
    let mut out = Vec::new();
    let read = MultiGzDecoder::new(bytes)
        .take(max as u64 + 1)
        .read_to_end(&mut out);
    match read {
        Err(e) => Err(gzip_error(&e)),
        Ok(_) if out.len() > max => Err(IngestError::Inflated { limit: max }),
        Ok(_) => Ok(out),
    }
}

/// Inflate `bytes` if they are gzip, else hand them back as they are.
pub fn maybe_gunzip(bytes: Vec<u8>, max: usize) -> Result<Vec<u8>, IngestError> {
    if is_gzip(&bytes) {
        gunzip_capped(&bytes, max)
    } else {
        Ok(bytes)
    }
}

/// A read error from a gzip decoder as one of ours: an early end is "truncated".
pub(crate) fn gzip_error(e: &std::io::Error) -> IngestError {
    if e.kind() == std::io::ErrorKind::UnexpectedEof {
        IngestError::Gzip("truncated gzip stream (the data ends early)".into())
    } else {
        IngestError::Gzip(format!("corrupt gzip data: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::{Compression, write::GzEncoder};
    use std::io::Write;

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = GzEncoder::new(Vec::new(), Compression::best());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn round_trip_and_multi_member() {
        let mut two = gz(b"first ");
        two.extend(gz(b"second"));
        assert_eq!(gunzip_capped(&two, 100).unwrap(), b"first second");
        assert_eq!(maybe_gunzip(b"plain".to_vec(), 100).unwrap(), b"plain");
    }

    #[test]
    fn truncated_stream_is_a_clear_error() {
        let whole = gz(&b"The ferry resumed service on Monday. ".repeat(200));
        let cut = &whole[..whole.len() / 2];
        let e = gunzip_capped(cut, 1 << 20).unwrap_err();
        assert_eq!(e.to_string(), "truncated gzip stream (the data ends early)");
        let e = gunzip_capped(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff], 100).unwrap_err();
        assert!(e.to_string().contains("gzip"), "{e}");
    }

    #[test]
    fn gzip_bomb_stops_at_the_cap() {
        // 200 MiB of zeros compress to about 200 KB; inflating stops one byte past the cap.
        let mut e = GzEncoder::new(Vec::new(), Compression::best());
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..200 {
            e.write_all(&zeros).unwrap();
        }
        let bomb = e.finish().unwrap();
        assert!(bomb.len() < 400_000);
        let t = std::time::Instant::now();
        let err = gunzip_capped(&bomb, 1 << 20).unwrap_err();
        assert!(matches!(err, IngestError::Inflated { .. }));
        assert_eq!(
            err.to_string(),
            "decompresses to over the 1.0 MB limit (a gzip bomb?); raise it with --max-bytes"
        );
        assert!(t.elapsed() < std::time::Duration::from_secs(2));
    }
}
