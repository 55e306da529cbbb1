//! Any bytes, as any kind of input, through main-text extraction: no panic, no hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parallax_ingest::RawInput;

fuzz_target!(|data: &[u8]| {
    // The first byte picks how the input presents itself; the rest is the document.
    let (kind, bytes) = data.split_first().unwrap_or((&0, data));
    let (input, content_type) = match kind % 4 {
        0 => ("page.html", Some("text/html; charset=utf-8")),
        1 => ("story.md", None),
        2 => ("article.json", Some("application/json")),
        _ => ("notes.txt", None),
    };
    let raw = RawInput {
        input: input.to_string(),
        bytes: bytes.to_vec(),
        content_type: content_type.map(str::to_string),
        ..RawInput::default()
    };
    if let Ok(ex) = parallax_extract::extract(&raw, "a1") {
        // Paragraph spans must slice the text on character boundaries.
        for p in &ex.article.paragraphs {
            assert!(ex.article.text.get(p.span.start..p.span.end).is_some());
        }
    }
});
