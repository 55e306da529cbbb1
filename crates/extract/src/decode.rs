//! Bytes to text: binary detection, byte-order marks, declared charsets, and invalid UTF-8.
//!
//! Owns the decision whether input is text at all, and which encoding to read it in: a BOM,
//! then the HTTP `Content-Type` charset, then (HTML only) a `<meta charset>` in the first
//! 1024 bytes, else UTF-8. Invalid UTF-8 is not fatal: it is read as Windows-1252 when no
//! valid multi-byte sequence appears (legacy Latin text), otherwise replaced, and a warning
//! says where. It does not detect encodings statistically.

use std::sync::LazyLock;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// Why bytes are not text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BinaryKind {
    /// A known file signature: what it looks like ("a PNG image").
    Magic(&'static str),
    /// NUL bytes in text that is not UTF-16.
    Nul,
    /// A high share of control bytes, in percent.
    Control(usize),
}

impl std::fmt::Display for BinaryKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BinaryKind::Magic(what) => write!(f, "binary file (looks like {what})"),
            BinaryKind::Nul => write!(f, "binary data: contains NUL bytes"),
            BinaryKind::Control(pct) => write!(f, "binary data: {pct}% control bytes"),
        }
    }
}

const MAGIC: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or Office document"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "an executable"),
    (b"\x00asm", "WebAssembly"),
    (b"SQLite format 3\x00", "an SQLite database"),
];

/// How much of the input the byte statistics look at.
const SAMPLE: usize = 8192;

/// Why `bytes` are binary, if they are. Call only on input without a UTF-16 BOM.
pub fn binary_kind(bytes: &[u8]) -> Option<BinaryKind> {
    if let Some((_, what)) = MAGIC.iter().find(|(m, _)| bytes.starts_with(m)) {
        return Some(BinaryKind::Magic(what));
    }
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Some(BinaryKind::Magic("a WebP image"));
    }
    let sample = &bytes[..bytes.len().min(SAMPLE)];
    if sample.contains(&0) {
        return Some(BinaryKind::Nul);
    }
    let control = sample
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)) || b == 0x7f)
        .count();
    if control >= 4 && control * 20 > sample.len() {
        return Some(BinaryKind::Control(control * 100 / sample.len()));
    }
    None
}

/// UTF-16 without a BOM: mostly-ASCII text shows as every other byte being NUL.
pub fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(SAMPLE) & !1];
    if sample.len() < 8 {
        return None;
    }
    let half = sample.len() / 2;
    let zero_even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let zero_odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    if zero_odd * 10 >= half * 9 && zero_even * 10 <= half {
        Some(UTF_16LE)
    } else if zero_even * 10 >= half * 9 && zero_odd * 10 <= half {
        Some(UTF_16BE)
    } else {
        None
    }
}

static META_CHARSET: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
    regex::bytes::Regex::new(r#"(?i)<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)"#)
        .unwrap_or_else(|e| panic!("bad built-in pattern: {e}"))
});

/// The charset a `Content-Type` header declares.
fn content_type_charset(ct: &str) -> Option<&'static Encoding> {
    ct.split(';').skip(1).find_map(|param| {
        let (k, v) = param.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| Encoding::for_label(v.trim().trim_matches('"').as_bytes()))
            .flatten()
    })
}

/// The charset a `<meta>` in the first 1024 bytes declares. UTF-16 labels mean UTF-8 here, as
/// in browsers (a real UTF-16 page has a BOM).
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(1024)];
    let label = META_CHARSET.captures(head)?.get(1)?.as_bytes();
    let enc = Encoding::for_label(label)?;
    Some(if enc == UTF_16LE || enc == UTF_16BE {
        UTF_8
    } else {
        enc
    })
}

/// Decoded text and what was noticed on the way (warnings, one line each).
pub struct Decoded {
    /// The text.
    pub text: String,
    /// Warnings.
    pub warnings: Vec<String>,
    /// Notes.
    pub notes: Vec<String>,
}

/// Decode input bytes. `html` enables the `<meta charset>` prescan.
pub fn decode(bytes: &[u8], content_type: Option<&str>, html: bool) -> Decoded {
    let mut out = Decoded {
        text: String::new(),
        warnings: Vec::new(),
        notes: Vec::new(),
    };
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let rest = bytes.get(bom_len..).unwrap_or_default();
        if enc == UTF_8 {
            out.text = utf8(rest, &mut out.warnings, bom_len);
        } else {
            out.text = with_encoding(enc, rest, &mut out.warnings);
        }
        return out;
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        out.notes
            .push(format!("no byte-order mark: read as {}", enc.name()));
        out.text = with_encoding(enc, bytes, &mut out.warnings);
        return out;
    }
    let declared = content_type
        .and_then(content_type_charset)
        .or_else(|| html.then(|| meta_charset(bytes)).flatten());
    match declared {
        Some(enc) if enc != UTF_8 && enc != UTF_16LE && enc != UTF_16BE => {
            out.text = with_encoding(enc, bytes, &mut out.warnings);
        }
        _ => out.text = utf8(bytes, &mut out.warnings, 0),
    }
    out
}

fn with_encoding(enc: &'static Encoding, bytes: &[u8], warnings: &mut Vec<String>) -> String {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        let n = text.matches('\u{fffd}').count();
        warnings.push(format!(
            "malformed {} text: {n} character(s) replaced",
            enc.name()
        ));
    }
    text.into_owned()
}

/// UTF-8, with invalid input read as Windows-1252 or replaced (see the module doc). `offset`
/// is added to byte positions in messages (a BOM before `bytes`).
fn utf8(bytes: &[u8], warnings: &mut Vec<String>, offset: usize) -> String {
    let e = match std::str::from_utf8(bytes) {
        Ok(s) => return s.to_owned(),
        Err(e) => e,
    };
    let at = e.valid_up_to() + offset;
    let mut invalid = 0;
    let mut multibyte = 0;
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += chunk.invalid().len();
    }
    if multibyte == 0 {
        let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
        warnings.push(format!(
            "invalid UTF-8 at byte {at}: read as Windows-1252 ({invalid} byte(s) were not UTF-8)"
        ));
        return text.into_owned();
    }
    warnings.push(format!(
        "invalid UTF-8 at byte {at}: {invalid} byte(s) replaced"
    ));
    String::from_utf8_lossy(bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_signatures_and_statistics() {
        assert_eq!(
            binary_kind(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some(BinaryKind::Magic("a PNG image"))
        );
        assert_eq!(
            binary_kind(b"%PDF-1.7\n"),
            Some(BinaryKind::Magic("a PDF document"))
        );
        assert_eq!(
            binary_kind(b"\x1f\x8b\x08\x00"),
            Some(BinaryKind::Magic("gzip data"))
        );
        assert_eq!(binary_kind(b"plain\0text"), Some(BinaryKind::Nul));
        let mut noisy = b"abcdefghij".repeat(3);
        noisy.extend_from_slice(b"\x01\x02\x03\x04\x05\x06");
        assert_eq!(binary_kind(&noisy), Some(BinaryKind::Control(16)));
        assert_eq!(
            BinaryKind::Control(37).to_string(),
            "binary data: 37% control bytes"
        );
        assert_eq!(
            binary_kind("Grüße aus Köln.\r\n\tNeue Zeile.\x0c".as_bytes()),
            None
        );
    }

    #[test]
    fn bom_and_declared_charsets() {
        let d = decode(b"\xef\xbb\xbfHello", None, false);
        assert_eq!(d.text, "Hello");
        let d = decode(b"\xff\xfeH\0i\0", None, false);
        assert_eq!(d.text, "Hi");
        let d = decode(b"H\0e\0l\0l\0o\0 \0t\0h\0e\0r\0e\0", None, false);
        assert_eq!(d.text, "Hello there");
        assert_eq!(d.notes, ["no byte-order mark: read as UTF-16LE"]);
        let d = decode(b"<meta charset=\"iso-8859-1\"><p>caf\xe9</p>", None, true);
        assert_eq!(d.text, "<meta charset=\"iso-8859-1\"><p>café</p>");
        assert!(d.warnings.is_empty());
        let d = decode(b"caf\xe9", Some("text/plain; charset=windows-1252"), false);
        assert_eq!(d.text, "café");
        // The HTTP header wins over the page's own declaration.
        let d = decode(
            "<meta charset=windows-1252>café".as_bytes(),
            Some("text/html; charset=utf-8"),
            true,
        );
        assert_eq!(d.text, "<meta charset=windows-1252>café");
    }

    #[test]
    fn invalid_utf8_is_read_and_reported() {
        let d = decode(b"Caf\xe9 society", None, false);
        assert_eq!(d.text, "Café society");
        assert_eq!(
            d.warnings,
            ["invalid UTF-8 at byte 3: read as Windows-1252 (1 byte(s) were not UTF-8)"]
        );
        let d = decode(
            "Grüße \u{2014} "
                .as_bytes()
                .iter()
                .chain(b"\xff\xfe ok")
                .copied()
                .collect::<Vec<u8>>()
                .as_slice(),
            None,
            false,
        );
        assert_eq!(d.text, "Grüße \u{2014} \u{fffd}\u{fffd} ok");
        assert_eq!(d.warnings, ["invalid UTF-8 at byte 12: 2 byte(s) replaced"]);
    }
}
