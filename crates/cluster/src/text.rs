//! The words and names the story clusterer compares: content terms (lower-case, stop words out,
//! analyze's stemmer so "floods"/"flooded"/"flooding" meet) and capitalised names (a cheap
//! stand-in for named entities when the caller has none).

/// Newsroom filler and calendar words that say nothing about which event a text is on, beyond
/// the function words of [`parallax_analyze::tokens::is_stopword`].
const FILLER: &[&str] = &[
    "new",
    "told",
    "year",
    "years",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "today",
    "yesterday",
    "week",
    "last",
    "first",
    "two",
    "three",
    "s",
    "t",
    "mr",
    "ms",
    "mrs",
    "according",
    "report",
    "reported",
    "news",
    "people",
    "time",
    "day",
    "get",
    "make",
    "like",
    "many",
    "per",
    "since",
    "still",
    "us",
    "via",
    "way",
    "well",
];

/// True for a stop word (lower-case): a function word or newsroom filler.
pub fn is_stop(word: &str) -> bool {
    parallax_analyze::tokens::is_stopword(word) || FILLER.contains(&word)
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

/// [`terms`] without a string per word: each term is handed to `f` from one reused buffer
/// (what the streaming clusterer reads every article with).
pub fn for_each_term(text: &str, mut f: impl FnMut(&str)) {
    let mut lower = String::new();
    let mut stemmed = String::new();
    for w in text.split(|c: char| !(c.is_alphanumeric() || c == '\'')) {
        let w = w.trim_matches('\'');
        if w.chars().nth(1).is_none() {
            continue;
        }
        lower.clear();
        if w.is_ascii() {
            lower.extend(w.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            lower.push_str(&w.to_lowercase());
        }
        if is_stop(&lower) {
            continue;
        }
        parallax_analyze::tokens::stem_into(
            lower.strip_suffix("'s").unwrap_or(&lower),
            &mut stemmed,
        );
        if !is_stop(&stemmed) {
            f(&stemmed);
        }
    }
}

/// Capitalised names of a text in sentence case: runs of capitalised words ("Elmford",
/// "Mayor Ana Ruiz"), lower-cased, each run also giving its last word ("ruiz") so a later
/// surname-only mention meets the full name. A capitalised word that opens a sentence counts
/// only inside a run of two or more, or when it is no common word. Each name once, in order.
pub fn names(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut run: Vec<String> = Vec::new();
    let mut sentence_start = true;
    let flush = |run: &mut Vec<String>, out: &mut Vec<String>, opened: bool| {
        let single_opener = opened && run.len() == 1;
        if !run.is_empty() && !single_opener {
            let full = run.join(" ");
            if !out.contains(&full) {
                out.push(full);
            }
            if run.len() > 1
                && let Some(last) = run.last()
                && !out.contains(last)
            {
                out.push(last.clone());
            }
        }
        run.clear();
    };
    let mut run_opened = false;
    for raw in text.split_whitespace() {
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
        let ends_sentence = raw.ends_with(['.', '!', '?', ':', '"', '”']) || raw.contains('\n');
        let breaks_run = raw.ends_with([',', ';', ')', '.', '!', '?', ':', '"', '”']);
        let capital = word.chars().next().is_some_and(char::is_uppercase)
            && word.chars().count() >= 2
            && !is_stop(&word.to_lowercase());
        if capital {
            if run.is_empty() {
                run_opened = sentence_start;
            }
            run.push(word.to_lowercase().trim_end_matches("'s").to_string());
            if breaks_run {
                flush(&mut run, &mut out, run_opened);
            }
        } else {
            flush(&mut run, &mut out, run_opened);
        }
        sentence_start = ends_sentence || word.is_empty() && sentence_start;
    }
    flush(&mut run, &mut out, run_opened);
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
        for_each_term(text, |t| got.push(t.to_string()));
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
