//! Word tokens with byte offsets: the unit every rule in this crate walks over.
//!
//! A token is a run of letters/digits with inner apostrophes, hyphens, periods of
//! abbreviations ("U.S.") and digit separators ("3,400", "2.5"). Punctuation is not a token;
//! rules that care about punctuation look at the text between tokens.

use parallax_core::Span;

/// One word of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'t> {
    /// Where it lies in the text.
    pub span: Span,
    /// Its words.
    pub text: &'t str,
}

impl<'t> Token<'t> {
    /// True when the first character is upper case.
    pub fn is_capitalized(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// True when the token is a number written in digits.
    pub fn is_numeric(&self) -> bool {
        self.text.chars().next().is_some_and(|c| c.is_ascii_digit())
    }

    /// Lower-case form with typographic apostrophes made plain.
    pub fn lower(&self) -> String {
        lower(self.text)
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Split `text` into tokens. Offsets are relative to `text`.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut iter = text.char_indices().peekable();
    while let Some((start, c)) = iter.next() {
        if !is_word_char(c) {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, c)) = iter.peek() {
            if is_word_char(c) {
                end = i + c.len_utf8();
                iter.next();
                continue;
            }
            // Joiners kept inside a word when a word character follows: ' ’ - . , (digits only)
            let next = text[i + c.len_utf8()..].chars().next();
            let joins = match c {
                '\'' | '’' | '-' | '‑' => next.is_some_and(is_word_char),
                '.' => {
                    // "U.S." / "a.m." / "2.5": single letters or digits around the dot
                    let prev_alpha_run = text[start..i]
                        .chars()
                        .rev()
                        .take_while(|c| c.is_alphabetic())
                        .count();
                    let digit_before = bytes.get(i.wrapping_sub(1)).is_some_and(u8::is_ascii_digit);
                    let digit_after = next.is_some_and(|n| n.is_ascii_digit());
                    (digit_before && digit_after)
                        || (prev_alpha_run == 1 && next.is_some_and(char::is_alphabetic) && {
                            // followed by one letter and another dot: U.S. style
                            let rest = &text[i + 1..];
                            let mut cs = rest.chars();
                            cs.next();
                            matches!(cs.next(), Some('.'))
                        })
                }
                ',' => {
                    let digit_before = bytes.get(i.wrapping_sub(1)).is_some_and(u8::is_ascii_digit);
                    let rest = &text[i + 1..];
                    digit_before
                        && rest.len() >= 3
                        && rest.as_bytes()[..3].iter().all(u8::is_ascii_digit)
                        && !rest.as_bytes().get(3).is_some_and(u8::is_ascii_digit)
                }
                _ => false,
            };
            if !joins {
                break;
            }
            iter.next();
        }
        // Abbreviations with a final dot: "U.S." keeps its last dot.
        if text[start..end].contains('.') && text[end..].starts_with('.') {
            end += 1;
            iter.next();
        }
        out.push(Token {
            span: Span::new(start, end),
            text: &text[start..end],
        });
    }
    out
}

/// Lower-case form of `word` with typographic apostrophes made plain: one allocation, none of
/// the Unicode machinery for the ASCII words that make up almost all of an English text.
pub fn lower(word: &str) -> String {
    if word.is_ascii() {
        word.to_ascii_lowercase()
    } else {
        word.to_lowercase().replace('’', "'")
    }
}

/// [`lower`] without an allocation when the word is already in lower case (most words are).
pub fn lower_cow(word: &str) -> std::borrow::Cow<'_, str> {
    if word.is_ascii() && !word.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Borrowed(word)
    } else {
        std::borrow::Cow::Owned(lower(word))
    }
}

/// Very small English stemmer for matching content words across articles
/// ("demands" = "demand", "gifted" = "gift", "meeting" = "meet").
pub fn stem(word: &str) -> String {
    let mut out = String::new();
    stem_into(word, &mut out);
    out
}

/// Suffixes the stemmer strips, longest first: (suffix, shortest stem left, replacement).
const SUFFIXES: [(&str, usize, &str); 9] = [
    ("ations", 3, "ate"),
    ("ation", 3, "ate"),
    ("ings", 3, ""),
    ("ing", 3, ""),
    ("ied", 2, "y"),
    ("ies", 2, "y"),
    ("ed", 3, ""),
    ("es", 3, ""),
    ("s", 3, ""),
];

/// [`stem`] written into `out` (cleared first), so a caller stemming every word of a text
/// reuses one buffer instead of allocating several strings per word.
pub fn stem_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
    } else {
        out.push_str(&word.to_lowercase().replace('’', "'"));
    }
    if out.ends_with("'s") {
        out.truncate(out.len() - 2);
    }
    // ASCII from here on, so bytes are characters.
    if !out.is_ascii() || out.len() <= 3 {
        return;
    }
    let ends_ss = out.ends_with("ss");
    for &(suffix, min_stem, repl) in &SUFFIXES {
        if ends_ss && suffix == "s" {
            break;
        }
        if out.ends_with(suffix) && out.len() - suffix.len() >= min_stem {
            out.truncate(out.len() - suffix.len());
            out.push_str(repl);
            undouble(out);
            break;
        }
    }
    if out.len() > 3 && out.ends_with('e') {
        out.pop();
    }
}

/// Drop the last letter of a doubled final consonant ("stopp" → "stop"), in place.
fn undouble(s: &mut String) {
    let b = s.as_bytes();
    let n = b.len();
    if n >= 4 && b[n - 1] == b[n - 2] && !matches!(b[n - 1], b'l' | b's' | b'z' | b'e' | b'o') {
        s.pop();
    }
}

/// Singular form of an English noun ("demands" → "demand", "countries" → "country").
pub fn singular(word: &str) -> String {
    let w = word.to_lowercase().replace('’', "'");
    if w.len() <= 3 || w.ends_with("ss") || w.ends_with("us") || w.ends_with("is") {
        return w;
    }
    if let Some(s) = w.strip_suffix("ies") {
        return format!("{s}y");
    }
    for suf in ["ches", "shes", "xes", "sses"] {
        if w.ends_with(suf) {
            return w[..w.len() - 2].to_string();
        }
    }
    w.strip_suffix('s').map_or(w.clone(), str::to_string)
}

/// Map a stem to a shared concept for general paraphrases of news reporting ("telephone" =
/// "phone", "gave" = "given", "pact" = "treaty"), so claims that say the same thing in other
/// words still align without embeddings. Unlisted stems map to themselves.
///
/// The groups are written from general knowledge of English synonyms and kept to words with one
/// dominant sense in news. No general synonym resource could come through the setup step: the
/// WordNet packages on PyPI ship no data (`wn` downloads it from the web at run time,
/// `oewn-core` is code only) or only hashed look-up tables. With the sentence vectors,
/// paraphrases beyond these groups align through the embeddings.
pub fn concept(stem: &str) -> &str {
    match stem {
        "phon" | "telephon" | "smartphon" | "cellphon" => "phon",
        "giv" | "gav" | "given" | "donat" => "giv",
        "meet" | "met" | "meetting" | "talk" | "summit" => "meet",
        "photo" | "photograph" | "pictur" | "imag" | "snapshot" => "photo",
        "kill" | "dead" | "death" | "die" | "fatalit" => "death",
        "injur" | "wound" | "hurt" => "injur",
        "arrest" | "detain" | "detent" => "arrest",
        "announc" | "unveil" => "announc",
        "elect" | "vot" | "ballot" => "vote",
        "protest" | "demonstrat" | "rally" => "protest",
        "attack" | "assault" | "raid" => "attack",
        "blaz" | "fir" | "flam" => "fire",
        "lead" | "leader" | "head" => "leader",
        "start" | "began" | "begin" | "launch" => "start",
        "end" | "finish" | "conclud" => "end",
        "sai" | "stat" | "not" | "remark" | "told" | "wrot" => "say",
        "buy" | "bought" | "purchas" => "buy",
        "sell" | "sold" => "sell",
        "resign" | "quit" => "resign",
        "ban" | "prohibit" | "outlaw" => "ban",
        "warn" | "caution" => "warn",
        "agreement" | "accord" | "pact" | "treaty" | "deal" => "deal",
        "lawmaker" | "legislator" => "lawmaker",
        "doctor" | "physician" => "doctor",
        "child" | "children" | "kid" => "child",
        "car" | "vehicl" | "automobil" => "car",
        "ship" | "vessel" | "boat" => "ship",
        "investigat" | "inquiry" | "prob" => "investigat",
        "sue" | "sued" | "suing" | "lawsuit" => "sue",
        // Irregular past forms of common reporting verbs.
        "hold" | "held" => "hold",
        "win" | "won" => "win",
        "run" | "ran" => "run",
        "fight" | "fought" => "fight",
        "seek" | "sought" => "seek",
        _ => stem,
    }
}

/// Whether `hay` ends with `needle`, ASCII case ignored, without copying `hay` (a prefix of the
/// whole article is as cheap as a word).
pub fn ends_with_ignore_case(hay: &str, needle: &str) -> bool {
    hay.len() >= needle.len()
        && hay.as_bytes()[hay.len() - needle.len()..].eq_ignore_ascii_case(needle.as_bytes())
}

/// Function words and very common verbs that carry no content for matching claims.
pub fn is_stopword(lower: &str) -> bool {
    // Every stopword is 1 to 10 ASCII bytes; look only among those sharing the first byte.
    let b = lower.as_bytes();
    if b.is_empty() || b.len() > 10 {
        return false;
    }
    let (from, to) = STOPWORD_BUCKETS[b[0] as usize];
    STOPWORDS[from as usize..to as usize]
        .iter()
        .any(|w| w.as_bytes() == b)
}

/// For each first byte, the range of `STOPWORDS` starting with it.
static STOPWORD_BUCKETS: [(u8, u8); 256] = first_byte_buckets(STOPWORDS);

/// For each first byte, the range (`from..to`) of the words of a sorted list (at most 255,
/// none empty) that start with it, so a look-up compares a word only with its own letter's
/// few (made at compile time: `static B: [(u8, u8); 256] = first_byte_buckets(WORDS);`).
pub const fn first_byte_buckets(words: &[&str]) -> [(u8, u8); 256] {
    assert!(
        words.len() < 256,
        "a bucketed word list holds at most 255 words"
    );
    let mut t = [(0u8, 0u8); 256];
    let mut i = 0;
    while i < words.len() {
        let first = words[i].as_bytes()[0] as usize;
        if t[first].1 == 0 {
            t[first].0 = i as u8;
        }
        t[first].1 = i as u8 + 1;
        i += 1;
    }
    t
}

// Sorted for binary search (checked by a test).
const STOPWORDS: &[&str] = &[
    "'s",
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "even",
    "ever",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "it's",
    "its",
    "itself",
    "just",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "out",
    "over",
    "own",
    "said",
    "same",
    "say",
    "says",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "that's",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "within",
    "would",
    "you",
    "your",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn words(t: &str) -> Vec<&str> {
        tokenize(t).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn tokens_keep_names_numbers_and_abbreviations() {
        assert_eq!(
            words("Vael-Hansen’s U.S. trip: 3,400 shares, 2.5% (forty-minute)."),
            [
                "Vael-Hansen’s",
                "U.S.",
                "trip",
                "3,400",
                "shares",
                "2.5",
                "forty-minute"
            ]
        );
        assert_eq!(words("ends in 2019. Next"), ["ends", "in", "2019", "Next"]);
        assert_eq!(words("1,2,3"), ["1", "2", "3"]);
    }

    #[test]
    fn token_spans_slice_the_text() {
        let t = "« Arleco » — said: “4 key demands”…";
        for tok in tokenize(t) {
            assert_eq!(tok.span.slice(t), Some(tok.text));
        }
    }

    #[test]
    fn stems_match_inflections() {
        assert_eq!(stem("demands"), stem("demand"));
        assert_eq!(stem("gifted"), stem("gift"));
        assert_eq!(stem("meeting"), stem("meet"));
        assert_eq!(stem("shared"), stem("share"));
        assert_eq!(stem("countries"), stem("country"));
        assert_eq!(stem("Arleco’s"), "arleco");
    }

    #[test]
    fn general_paraphrases_share_a_concept() {
        let same = |a: &str, b: &str| {
            let (sa, sb) = (stem(a), stem(b));
            concept(&sa) == concept(&sb)
        };
        for (a, b) in [
            ("telephone", "phones"),
            ("gave", "given"),
            ("purchased", "bought"),
            ("treaty", "pact"),
            ("legislators", "lawmakers"),
            ("vessel", "ships"),
            ("probe", "investigation"),
            ("sued", "lawsuit"),
            ("photograph", "pictures"),
        ] {
            assert!(same(a, b), "{a} / {b}: {} {}", stem(a), stem(b));
        }
        assert!(!same("bought", "sold"));
        assert!(!same("phone", "photo"));
    }

    #[test]
    fn stopwords_are_sorted() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(
            STOPWORDS
                .iter()
                .all(|w| w.is_ascii() && (1..=10).contains(&w.len()))
        );
        for w in STOPWORDS {
            assert!(is_stopword(w), "{w}");
            assert!(!is_stopword(&format!("{w}x")), "{w}x");
        }
        assert!(!is_stopword("") && !is_stopword("zz") && !is_stopword("é"));
    }

    /// The stemmer as first written (several strings per word, over the same suffix table),
    /// kept as the reference that the one-buffer version must match exactly.
    fn stem_reference(word: &str) -> String {
        let w = word.to_lowercase().replace('’', "'");
        let w = w.strip_suffix("'s").unwrap_or(&w).to_string();
        if w.chars().count() <= 3 || !w.is_ascii() {
            return w;
        }
        let mut s = w.clone();
        for &(suffix, min_stem, repl) in &SUFFIXES {
            if w.ends_with("ss") && suffix == "s" {
                break;
            }
            if let Some(stem) = w.strip_suffix(suffix)
                && stem.len() >= min_stem
            {
                s = format!("{stem}{repl}");
                let b = s.as_bytes();
                let n = b.len();
                if n >= 4
                    && b[n - 1] == b[n - 2]
                    && !matches!(b[n - 1], b'l' | b's' | b'z' | b'e' | b'o')
                {
                    s.pop();
                }
                break;
            }
        }
        if s.len() > 3 && s.ends_with('e') {
            s.pop();
        }
        s
    }

    #[test]
    fn stems_match_the_reference_on_known_words() {
        for w in [
            "demands",
            "gifted",
            "meeting",
            "shared",
            "countries",
            "Ann’s",
            "stopped",
            "buzzed",
            "nations",
            "stations",
            "agreed",
            "dies",
            "tied",
            "pass",
            "passes",
            "the",
            "abc's",
            "Ĳssel",
            "WEEK",
            "İstanbul",
            "ΣΟΦΊΑ",
            "running",
            "fall",
            "flees",
            "e",
            "",
            "it’s",
            "'s",
            "ss",
            "s's",
            "Ann's",
        ] {
            assert_eq!(stem(w), stem_reference(w), "{w}");
        }
    }

    proptest::proptest! {
        #[test]
        fn stems_match_the_reference(w in "[a-zA-Z'’ſKİΣé]{0,12}") {
            proptest::prop_assert_eq!(stem(&w), stem_reference(&w));
        }

        #[test]
        fn lower_matches_the_reference(w in "[a-zA-Z'’ſKİΣé0-9.-]{0,12}") {
            proptest::prop_assert_eq!(lower(&w), w.to_lowercase().replace('’', "'"));
            proptest::prop_assert_eq!(lower_cow(&w), lower(&w));
        }

        #[test]
        fn stopwords_match_a_binary_search(w in "[a-z'’é]{0,11}") {
            proptest::prop_assert_eq!(is_stopword(&w), STOPWORDS.binary_search(&w.as_str()).is_ok());
        }
    }
}
