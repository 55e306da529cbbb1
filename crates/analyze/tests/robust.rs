//! Hostile and odd text never panics the analyzer and never takes unbounded time, and every
//! span it reports lies inside the text on character boundaries.

use std::time::{Duration, Instant};

use parallax_analyze::analyze;
use parallax_core::{Analysis, Article, Span};
use proptest::prelude::*;

fn spans(an: &Analysis) -> Vec<Span> {
    let mut v: Vec<Span> = Vec::new();
    v.extend(an.sentences.iter().map(|s| s.span));
    v.extend(an.mentions.iter().map(|m| m.span));
    v.extend(an.quotes.iter().map(|q| q.span));
    v.extend(an.times.iter().map(|t| t.span));
    v.extend(an.quantities.iter().map(|q| q.span));
    v.extend(an.loaded.iter().map(|l| l.span));
    v.extend(an.labels.iter().map(|l| l.span));
    v
}

fn check(text: &str) -> Analysis {
    let article = Article::from_text("a1", text);
    let an = analyze(&article);
    let text = &article.text;
    for s in spans(&an) {
        assert!(
            s.start <= s.end && s.end <= text.len(),
            "span {s:?} outside a text of {} bytes",
            text.len()
        );
        assert!(
            text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
            "span {s:?} splits a character"
        );
    }
    an
}

/// Generous wall-clock bound for the hostile cases below: they must not be quadratic in a
/// way that turns a megabyte into minutes (debug builds of the test included). This guards
/// against hangs; speed itself is measured by `parallax bench --scale`.
fn bounded(name: &str, text: &str, limit: Duration) {
    let start = Instant::now();
    check(text);
    let took = start.elapsed();
    assert!(took < limit, "{name}: {took:?} (bound {limit:?})");
}

#[test]
fn no_sentences() {
    for t in [
        "",
        " ",
        "\n\n\n",
        "...",
        "“”",
        "— — —",
        "12 34 56",
        "!!!???",
    ] {
        let an = check(t);
        assert!(an.quotes.is_empty(), "{t:?}");
    }
}

#[test]
fn one_megabyte_of_one_word() {
    let text = "buffalo ".repeat(128 * 1024);
    bounded("1 MB of one word", &text, Duration::from_secs(30));
}

#[test]
fn one_megabyte_without_spaces() {
    let text = "x".repeat(1 << 20);
    bounded("1 MB without spaces", &text, Duration::from_secs(30));
}

#[test]
fn many_capitalised_words_and_open_quotes() {
    let text = "“Alpha Beta said ".repeat(20_000);
    bounded("open quotes and names", &text, Duration::from_secs(60));
}

#[test]
fn unbalanced_quotes() {
    for t in [
        "“He said it was over.",
        "She said it was over.” Then she left.",
        "\"One \"two \"three",
        "'''''' Mr. Lee said ''",
        "« ouvert » „geschlossen“ 「開いた」",
    ] {
        check(t);
    }
}

#[test]
fn mixed_scripts_and_odd_characters() {
    for t in [
        "President Lee (이재명) met Xi Jinping (习近平) in Beijing on Monday.",
        "Путин сказал, что встреча состоялась во вторник. Then Mr. Smith left.",
        "مرحبا بالعالم. The talks lasted 90 minutes.",
        "Emoji 👩‍👩‍👧‍👦 family met on 3 March 2026. 🇰🇷🇨🇳",
        "Zero\u{200b}width\u{200d}joiners and \u{feff}BOMs said \u{202e}reversed\u{202c}.",
        "Combining e\u{301}\u{301}\u{301} marks, said Dr. É. Noël on 1.2.2026.",
    ] {
        check(t);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any string at all: no panic, spans in bounds.
    #[test]
    fn any_text(t in "\\PC{0,400}") {
        check(&t);
    }

    /// Sentence-like text built from the pieces the rules react to.
    #[test]
    fn news_like_text(parts in proptest::collection::vec(prop_oneof![
        Just("President".to_string()),
        Just("Lee".to_string()),
        Just("said".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("\"".to_string()),
        Just("on Monday".to_string()),
        Just("last year".to_string()),
        Just("3,400".to_string()),
        Just("more than".to_string()),
        Just("ninety-minute".to_string()),
        Just("Mr.".to_string()),
        Just("U.S.".to_string()),
        Just(".".to_string()),
        Just(",".to_string()),
        Just("\n\n".to_string()),
        Just("brutal".to_string()),
        Just("since 2019".to_string()),
        Just("—".to_string()),
        "[A-Za-z]{1,8}",
        "[0-9]{1,6}",
    ], 0..120)) {
        check(&parts.join(" "));
    }
}
