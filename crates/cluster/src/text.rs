//! The words and names the story clusterer compares: content terms (lower-case, stop words out,
//! analyze's stemmer so "floods"/"flooded"/"flooding" meet) and capitalised names (a cheap
//! stand-in for named entities when the caller has none).

/// Newsroom filler and calendar words that say nothing about which event a text is on, beyond
/// the function words of [`parallax_analyze::tokens::is_stopword`]. Sorted (a test checks), so
/// [`FILLER_BUCKETS`] can hold each first letter's range.
const FILLER: &[&str] = &[
    "according",
    "day",
    "first",
    "friday",
    "get",
    "last",
    "like",
    "make",
    "many",
    "monday",
    "mr",
    "mrs",
    "ms",
    "new",
    "news",
    "people",
    "per",
    "report",
    "reported",
    "s",
    "saturday",
    "since",
    "still",
    "sunday",
    "t",
    "three",
    "thursday",
    "time",
    "today",
    "told",
    "tuesday",
    "two",
    "us",
    "via",
    "way",
    "wednesday",
    "week",
    "well",
    "year",
    "years",
    "yesterday",
];

/// For each first byte, the range of [`FILLER`] starting with it: a word is compared only with
/// the few filler words of its own first letter (every word of every article is looked up).
static FILLER_BUCKETS: [(u8, u8); 256] = parallax_analyze::tokens::first_byte_buckets(FILLER);

/// True for a stop word (lower-case): a function word or newsroom filler.
pub fn is_stop(word: &str) -> bool {
    let Some(first) = word.as_bytes().first() else {
        return false;
    };
    let (from, to) = FILLER_BUCKETS[*first as usize];
    parallax_analyze::tokens::is_stopword(word)
        || FILLER[from as usize..to as usize].contains(&word)
}

/// The stem of a lower-case word: analyze's stemmer, so "floods"/"flooded"/"flooding" meet as
/// they do in claim alignment.
pub fn stem(word: &str) -> String {
    parallax_analyze::tokens::stem(word.strip_suffix("'s").unwrap_or(word))
}

/// Content terms of a text: lower-cased, stemmed words of two letters or more that are not stop
/// words (numbers of two digits or more are kept: a death toll or a year names an event).
pub fn terms(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map(|w| w.trim_matches('\''))
        .filter(|w| w.chars().count() >= 2)
        .filter_map(|w| {
            let lower = w.to_lowercase();
            (!is_stop(&lower)).then(|| stem(&lower))
        })
        .filter(|w| !is_stop(w))
}

/// [`terms`] without a string per word: each term is handed to `f` from one reused buffer,
/// with the byte offset where its word ends in `text` (what the streaming clusterer reads every
/// article with; the offset tells it which of the body's terms are the lead's).
pub fn for_each_term(text: &str, mut f: impl FnMut(&str, usize)) {
    let mut lower = String::new();
    let mut stemmed = String::new();
    for (w, end) in word_runs(text) {
        let w = w.trim_matches('\'');
        if w.chars().nth(1).is_none() {
            continue;
        }
        lower_into(&mut lower, w);
        if is_stop(&lower) {
            continue;
        }
        parallax_analyze::tokens::stem_into(
            lower.strip_suffix("'s").unwrap_or(&lower),
            &mut stemmed,
        );
        if !is_stop(&stemmed) {
            f(&stemmed, end);
        }
    }
}

/// `word` lower-cased into `out` (cleared first): ASCII in place, other text by Unicode rules.
fn lower_into(out: &mut String, word: &str) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
    } else {
        out.push_str(&word.to_lowercase());
    }
}

/// The runs of letters, digits and apostrophes of `text` (the pieces `split` on every other
/// character gives, less the empty ones), each with the byte offset where it ends. ASCII is
/// classified byte by byte; only other characters are decoded.
fn word_runs(text: &str) -> impl Iterator<Item = (&str, usize)> {
    let bytes = text.as_bytes();
    // Whether the character at byte `i` belongs to a word, and its length in bytes.
    let class = move |i: usize| -> (bool, usize) {
        let b = bytes[i];
        if b < 0x80 {
            (b.is_ascii_alphanumeric() || b == b'\'', 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c.is_alphanumeric(), c.len_utf8())
        }
    };
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            let (word, len) = class(i);
            if word {
                break;
            }
            i += len;
        }
        if i >= bytes.len() {
            return None;
        }
        let start = i;
        while i < bytes.len() {
            let (word, len) = class(i);
            if !word {
                break;
            }
            i += len;
        }
        Some((&text[start..i], i))
    })
}

/// Capitalised names of a text in sentence case: runs of capitalised words ("Elmford",
/// "Mayor Ana Ruiz"), lower-cased, each run also giving its last word ("ruiz") so a later
/// surname-only mention meets the full name. A capitalised word that opens a sentence counts
/// only inside a run of two or more, or when it is no common word. Each name once, in order.
pub fn names(text: &str) -> Vec<String> {
    /// The current run of capitalised words, in one buffer: its words joined by spaces, how
    /// many, and where the last begins.
    #[derive(Default)]
    struct Run {
        text: String,
        words: usize,
        last: usize,
        opened: bool,
    }
    impl Run {
        fn push(&mut self, word: &str) {
            if self.words > 0 {
                self.text.push(' ');
            }
            self.last = self.text.len();
            self.text.push_str(word);
            self.words += 1;
        }
        fn flush(&mut self, out: &mut Vec<String>) {
            let single_opener = self.opened && self.words == 1;
            if self.words > 0 && !single_opener {
                if !out.contains(&self.text) {
                    out.push(self.text.clone());
                }
                let last = &self.text[self.last..];
                if self.words > 1 && !out.iter().any(|o| o == last) {
                    out.push(last.to_string());
                }
            }
            self.text.clear();
            self.words = 0;
        }
    }
    let mut out: Vec<String> = Vec::new();
    let mut run = Run::default();
    let mut sentence_start = true;
    // The lower-cased word, in one buffer reused for every capitalised word.
    let mut lower = String::new();
    for raw in text.split_whitespace() {
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
        let ends_sentence = raw.ends_with(['.', '!', '?', ':', '"', '”']);
        let breaks_run = raw.ends_with([',', ';', ')', '.', '!', '?', ':', '"', '”']);
        let upper = match word.as_bytes().first() {
            Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
            _ => word.chars().next().is_some_and(char::is_uppercase),
        };
        let capital = upper && word.chars().nth(1).is_some() && {
            lower_into(&mut lower, word);
            !is_stop(&lower)
        };
        if capital {
            if run.words == 0 {
                run.opened = sentence_start;
            }
            run.push(lower.trim_end_matches("'s"));
            if breaks_run {
                run.flush(&mut out);
            }
        } else if run.words > 0 {
            run.flush(&mut out);
        }
        sentence_start = ends_sentence || word.is_empty() && sentence_start;
    }
    run.flush(&mut out);
    out
}

/// The lead of a body: its first three sentences, at most about sixty words.
pub fn lead(body: &str) -> &str {
    let mut words = 0;
    let mut sentences = 0;
    let mut in_word = false;
    for (i, c) in body.char_indices() {
        if c.is_whitespace() {
            in_word = false;
        } else if !in_word {
            in_word = true;
            words += 1;
            if words > 60 {
                return &body[..i];
            }
        }
        if matches!(c, '.' | '!' | '?') {
            let next = body[i + c.len_utf8()..].chars().next();
            if next.is_none_or(char::is_whitespace) {
                sentences += 1;
                if sentences == 3 {
                    return &body[..i + c.len_utf8()];
                }
            }
        }
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_runs_are_the_pieces_between_other_characters() {
        let text = "Ruiz's  café—opened at 9am; «Été» l'année, x!";
        let split: Vec<(&str, usize)> = text
            .split(|c: char| !(c.is_alphanumeric() || c == '\''))
            .filter(|w| !w.is_empty())
            .map(|w| (w, w.as_ptr() as usize - text.as_ptr() as usize + w.len()))
            .collect();
        assert_eq!(word_runs(text).collect::<Vec<_>>(), split);
        assert_eq!(word_runs("").count(), 0);
        assert_eq!(word_runs(" — ").count(), 0);
    }

    #[test]
    fn filler_is_sorted_and_every_word_is_found() {
        assert!(
            FILLER.windows(2).all(|w| w[0] < w[1]),
            "FILLER must stay sorted"
        );
        for w in FILLER {
            assert!(is_stop(w), "{w}");
        }
        assert!(!is_stop("flood") && !is_stop("") && !is_stop("yesterdays"));
    }

    #[test]
    fn stems_join_inflections() {
        assert_eq!(stem("floods"), "flood");
        assert_eq!(stem("flooded"), "flood");
        assert_eq!(stem("flooding"), "flood");
        assert_eq!(stem("cities"), "city");
        assert_eq!(stem("bus"), "bus");
        assert_eq!(stem("press"), "press");
        let t: Vec<String> = terms("The Storm floods the harbour town's docks").collect();
        assert_eq!(t, ["storm", "flood", "harbour", "town", "dock"]);
    }

    #[test]
    fn for_each_term_gives_the_terms() {
        let text =
            "The Storm's floods ÉCLAIRS, the harbour town's docks; it 'quoted' Élan 42 x café.";
        let mut got: Vec<String> = Vec::new();
        for_each_term(text, |t, end| {
            got.push(t.to_string());
            assert!(end <= text.len() && text.is_char_boundary(end));
        });
        assert_eq!(got, terms(text).collect::<Vec<_>>());
        assert!(!got.is_empty());
    }

    #[test]
    fn names_are_capitalised_runs() {
        let n = names(
            "Residents of Elmford left their homes. Mayor Ana Ruiz said the river rose. Officials agreed.",
        );
        assert_eq!(n, ["elmford", "mayor ana ruiz", "ruiz"]);
    }

    #[test]
    fn lead_is_three_sentences() {
        assert_eq!(lead("One. Two. Three. Four."), "One. Two. Three.");
        assert_eq!(lead("No full stop"), "No full stop");
    }
}
