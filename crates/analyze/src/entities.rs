//! Named entities by rule and gazetteer: capitalised runs, stripped of titles and demonyms,
//! typed by word lists, suffixes and neighbouring words ("automaker Chrysler", "Ford
//! spokesman"), and linked within the article ("Vael" = "Sigrid Vael"). Untyped lone words
//! default to organisations, names with digits to other (models, products).
//!
//! Pronouns and descriptive noun phrases are resolved later, in `coref`, once labels exist.

use parallax_core::{Entity, EntityKind, Mention, MentionForm, Span};

use crate::doc::Doc;
use crate::gazetteer::{
    self, DEMONYMS, LABEL_ADJECTIVES, ORG_CUES_AFTER, ORG_CUES_BEFORE, ORG_SUFFIXES, ORGANIZATIONS,
    PLACE_SUFFIXES, PlaceClass, TITLES,
};
use crate::tokens::is_stopword;

/// Canonical key of a name: lower case without diacritics ("Tomás" = "Tomas"), hyphens and
/// dots as spaces, single spaces.
pub fn key_of(name: &str) -> String {
    if name.is_ascii() {
        return key_of_ascii(name);
    }
    use unicode_normalization::char::{decompose_canonical, is_combining_mark};
    // Only Latin letters with marks are folded; other scripts (Hangul syllables decompose
    // into jamo) keep their letters.
    let mut folded = String::with_capacity(name.len());
    for ch in name.chars() {
        if ('\u{C0}'..='\u{24F}').contains(&ch) || ('\u{1E00}'..='\u{1EFF}').contains(&ch) {
            decompose_canonical(ch, |d| {
                if !is_combining_mark(d) {
                    folded.push(d);
                }
            });
        } else {
            folded.push(ch);
        }
    }
    folded
        .to_lowercase()
        .replace(['-', '‑', '.', '’', '\''], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// [`key_of`] for ASCII names, in one pass: nothing to fold, and ASCII case and whitespace
/// rules are Unicode's restricted to ASCII.
fn key_of_ascii(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut gap = false;
    for b in name.bytes() {
        let c = char::from(b);
        if c.is_whitespace() || matches!(c, '-' | '.' | '\'') {
            gap = true;
        } else {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// A sub-token: a token or one capitalised part of a hyphenated compound ("Chile-Peru").
#[derive(Debug, Clone, Copy)]
struct Piece {
    span: Span,
    token: usize,
}

/// A candidate name found in one sentence.
#[derive(Debug, Clone)]
struct Candidate {
    span: Span,
    /// Lower-case words of the name.
    words: Vec<String>,
    kind: Option<EntityKind>,
    sentence: usize,
    /// True when a neighbouring word says the name is an organisation.
    org_cue: bool,
    /// A preposition of place right before it ("near Harwick", "in Port Elm").
    place_cue: bool,
    /// A one-word place name that can also be a surname ("Jackson"): a person of the article
    /// whose name ends with it takes it.
    surname_ok: bool,
}

/// Find entities and their name mentions.
pub fn find(doc: &Doc<'_>) -> (Vec<Entity>, Vec<Mention>) {
    let mut cands = Vec::new();
    let mid_caps = mid_sentence_capitals(doc);
    for si in 0..doc.sentences.len() {
        if doc.is_heading(si) {
            continue;
        }
        for run in capital_runs(doc, si) {
            cands.extend(split_run(doc, &run, si, &mid_caps));
        }
    }
    join_place_first_names(doc, &mut cands);
    link(doc, cands)
}

/// A one-word place that begins a person's name the article writes elsewhere as one name
/// ("Moro" + "Tal-vesen" where "President Moro Tal-Vesen" is written too): one candidate, the
/// person's, not a place followed by a name.
fn join_place_first_names(doc: &Doc<'_>, cands: &mut Vec<Candidate>) {
    let names: std::collections::HashSet<String> = cands
        .iter()
        .filter(|c| c.words.len() >= 2 && c.kind != Some(EntityKind::Place))
        .map(|c| key_of(&c.words.join(" ")))
        .collect();
    let mut out = Vec::with_capacity(cands.len());
    let mut it = std::mem::take(cands).into_iter().peekable();
    while let Some(c) = it.next() {
        let joined = it.peek().filter(|n| {
            c.surname_ok
                && n.sentence == c.sentence
                && n.kind != Some(EntityKind::Place)
                && doc.text.get(c.span.end..n.span.start) == Some(" ")
                && names.contains(&key_of(&format!(
                    "{} {}",
                    c.words.join(" "),
                    n.words.join(" ")
                )))
        });
        if joined.is_some()
            && let Some(n) = it.next()
        {
            out.push(Candidate {
                span: Span::new(c.span.start, n.span.end),
                words: [c.words, n.words].concat(),
                kind: n.kind,
                sentence: c.sentence,
                org_cue: n.org_cue,
                place_cue: c.place_cue,
                surname_ok: false,
            });
        } else {
            out.push(c);
        }
    }
    *cands = out;
}

/// Lower-case words seen capitalised somewhere other than at the start of a sentence.
fn mid_sentence_capitals(doc: &Doc<'_>) -> std::collections::HashSet<String> {
    let mut out = std::collections::HashSet::new();
    for si in 0..doc.sentences.len() {
        if doc.is_heading(si) {
            continue;
        }
        let r = doc.sentence_tokens(si);
        for i in r.clone().skip(1) {
            if doc.tokens[i].is_capitalized() && !sentence_initial(doc, i, r.start) {
                out.insert(strip_possessive(&doc.lower[i]).to_string());
            }
        }
    }
    out
}

/// True when token `i` opens its sentence or a quotation inside it.
fn sentence_initial(doc: &Doc<'_>, i: usize, sent_start: usize) -> bool {
    if i == sent_start || (sent_start..i).all(|k| doc.tokens[k].is_numeric()) {
        return true;
    }
    let gap = doc.gap(i - 1, i);
    let after_stop = gap
        .trim_start_matches(['”', '"', '’'])
        .starts_with(['.', '?', '!']);
    // A straight quotation mark right after the word before closes a quotation ("Mo" Cowan);
    // one after a space opens one.
    let opening_straight = [" \"", "\n\"", "(\""].iter().any(|q| gap.contains(q));
    after_stop
        || (gap.contains(['“', '‘', ':', '—', '(', ')', '\n']) && !gap.contains(['”']))
        || opening_straight
}

/// Whether token `i` is a nickname in quotation marks between a first name and a surname
/// (William "Mo" Cowan, Robert “Bobby” Lindqvist): the gap before it opens a quotation, the
/// gap after it closes one, and a capitalised word follows.
fn nickname_at(doc: &Doc<'_>, i: usize, end: usize) -> bool {
    i + 1 < end
        && doc.tokens[i].is_capitalized()
        && doc.tokens[i + 1].is_capitalized()
        && matches!(doc.gap(i - 1, i), " \"" | " “")
        && matches!(doc.gap(i, i + 1), "\" " | "” ")
}

fn strip_possessive(w: &str) -> &str {
    w.strip_suffix("'s")
        .or_else(|| w.strip_suffix("’s"))
        .unwrap_or(w)
}

fn is_possessive(w: &str) -> bool {
    w.ends_with("'s") || w.ends_with("’s")
}

/// Runs of capitalised pieces joined only by spaces, split at possessives.
fn capital_runs(doc: &Doc<'_>, si: usize) -> Vec<Vec<Piece>> {
    let mut runs: Vec<Vec<Piece>> = Vec::new();
    let mut cur: Vec<Piece> = Vec::new();
    let r = doc.sentence_tokens(si);
    let end = r.end;
    for i in r {
        let tok = doc.tokens[i];
        if !cur.is_empty() && nickname_at(doc, i, end) {
            // The nickname is no part of the name's words; the surname after it joins the run.
            continue;
        }
        let handle = doc.text[..tok.span.start].ends_with('@');
        let joined = cur.last().is_some_and(|p: &Piece| {
            let gap = doc.gap(p.token, i);
            if p.token + 2 == i && nickname_at(doc, p.token + 1, end) {
                return true;
            }
            // "Gov. Ada Vance": the period of a title's abbreviation belongs to its piece.
            // "Ada B. Vance", "K. Tomas Brandt": a middle or first initial is part of
            // the name.
            let initial = p
                .span
                .slice(doc.text)
                .is_some_and(|t| t.len() == 1 && t.chars().all(|c| c.is_ascii_uppercase()));
            let gap = match gap.strip_prefix('.') {
                Some(rest) if title_abbreviation(doc, p) || initial => rest,
                _ => gap,
            };
            gap.chars().all(|c| c == ' ' || c == '\u{a0}') && !gap.is_empty()
        });
        if !joined && !cur.is_empty() {
            runs.push(std::mem::take(&mut cur));
        }
        if tok.is_capitalized() && !handle && !is_party_tag(tok.text) && !is_contraction(tok.text) {
            cur.extend(pieces(doc, i));
            if is_possessive(&doc.lower[i]) {
                runs.push(std::mem::take(&mut cur));
            }
        } else if !cur.is_empty() {
            runs.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        runs.push(cur);
    }
    runs
}

/// A hyphenated modifier before a name ("Chicago-based Boeing", "Kremlin-owned Aeroflot",
/// "Party-backed"): an adjective about the name, never part of it.
fn is_compound_modifier(w: &str) -> bool {
    w.rsplit_once('-').is_some_and(|(head, tail)| {
        !head.is_empty()
            && matches!(
                tail,
                "based"
                    | "born"
                    | "owned"
                    | "backed"
                    | "led"
                    | "run"
                    | "funded"
                    | "controlled"
                    | "linked"
                    | "allied"
                    | "aligned"
                    | "affiliated"
                    | "made"
                    | "built"
                    | "bred"
                    | "raised"
                    | "educated"
                    | "trained"
                    | "appointed"
                    | "nominated"
                    | "sponsored"
                    | "supported"
                    | "friendly"
                    | "leaning"
                    | "dominated"
                    | "held"
            )
    })
}

/// A pronoun or function word with a contraction ("I'm", "It's", "That's", "We're"): never a
/// name.
fn is_contraction(word: &str) -> bool {
    let w = word.replace('’', "'").to_lowercase();
    let Some((head, tail)) = w.split_once('\'') else {
        return false;
    };
    matches!(tail, "m" | "re" | "ve" | "ll" | "d" | "s")
        && matches!(
            head,
            "i" | "you"
                | "we"
                | "they"
                | "he"
                | "she"
                | "it"
                | "that"
                | "there"
                | "here"
                | "what"
                | "who"
                | "where"
                | "let"
                | "how"
        )
}

/// Family words right before a lone name make it a person's ("his wife Stacy", "her son
/// Ahmed"): a one-word name after one is no organisation.
const FAMILY_WORDS: [&str; 16] = [
    "wife", "husband", "son", "daughter", "brother", "sister", "mother", "father", "mom", "dad",
    "uncle", "aunt", "cousin", "nephew", "niece", "grandson",
];

/// A party-and-state tag after a lawmaker's name ("D-Va.", "R-Iowa", "I-Vt."): no name.
fn is_party_tag(word: &str) -> bool {
    let b = word.as_bytes();
    b.len() >= 3 && matches!(b[0], b'D' | b'R' | b'I') && b[1] == b'-' && b[2].is_ascii_uppercase()
}

/// Whether piece `p` is a title written as an abbreviation with its period ("Gov.", "Sen.").
fn title_abbreviation(doc: &Doc<'_>, p: &Piece) -> bool {
    p.span
        .slice(doc.text)
        .is_some_and(|t| t.ends_with('.') && gazetteer::has(&TITLES, &crate::tokens::lower(t)))
}

/// Split "Chile-Peru" into two pieces when its parts are places; otherwise one piece. A title's
/// abbreviation keeps its period ("Gov."), so that it reads as the title.
fn pieces(doc: &Doc<'_>, i: usize) -> Vec<Piece> {
    let tok = doc.tokens[i];
    let end = tok.span.end;
    if doc.text[end..].starts_with('.')
        && !tok.text.contains('.')
        && gazetteer::has(&TITLES, &format!("{}.", doc.lower[i]))
    {
        return vec![Piece {
            span: Span::new(tok.span.start, end + 1),
            token: i,
        }];
    }
    let word = strip_possessive(tok.text);
    let parts: Vec<&str> = word.split('-').collect();
    if parts.len() > 1
        && parts
            .iter()
            .all(|p| p.chars().next().is_some_and(char::is_uppercase))
    {
        let any_place = parts.iter().any(|p| gazetteer::is_place(&p.to_lowercase()));
        if any_place {
            let mut out = Vec::new();
            let mut off = tok.span.start;
            for p in parts {
                out.push(Piece {
                    span: Span::new(off, off + p.len()),
                    token: i,
                });
                off += p.len() + 1;
            }
            return out;
        }
    }
    vec![Piece {
        span: Span::new(tok.span.start, tok.span.start + word.len()),
        token: i,
    }]
}

fn piece_lower(doc: &Doc<'_>, p: &Piece) -> String {
    crate::tokens::lower(p.span.slice(doc.text).unwrap_or(""))
}

/// Longest place name starting at piece `i`: number of pieces it covers.
fn place_at(words: &[String], i: usize) -> usize {
    let mut name = String::new();
    for n in (1..=3.min(words.len() - i)).rev() {
        let found = if n == 1 {
            gazetteer::is_place(&words[i])
        } else {
            name.clear();
            for (k, w) in words[i..i + n].iter().enumerate() {
                if k > 0 {
                    name.push(' ');
                }
                name.push_str(w);
            }
            gazetteer::is_place(&name)
        };
        if found {
            return n;
        }
    }
    0
}

/// True when the one-word place at `j` is read as part of a person's name: a city or state
/// after a first name ("Andrew Jackson", "George Washington"), or any country after a title and
/// a first name ("Rep. Dana Jordan").
fn surname_place(words: &[String], j: usize, titled: bool) -> bool {
    place_at(words, j) == 1
        && gazetteer::place_class(&words[j])
            .is_some_and(|c| c.can_be_surname() || (titled && c != PlaceClass::Region))
}

fn is_time_word(w: &str) -> bool {
    gazetteer::has(&gazetteer::MONTHS, w) || gazetteer::has(&gazetteer::WEEKDAYS, w)
}

/// Turn one capitalised run into zero or more candidates.
fn split_run(
    doc: &Doc<'_>,
    run: &[Piece],
    si: usize,
    mid_caps: &std::collections::HashSet<String>,
) -> Vec<Candidate> {
    let words: Vec<String> = run
        .iter()
        .map(|p| {
            let w = piece_lower(doc, p);
            let period = doc
                .text
                .get(p.span.end..)
                .is_some_and(|t| t.starts_with('.'));
            if !period {
                return w;
            }
            let dotted = format!("{w}.");
            if gazetteer::has(&gazetteer::MONTHS, &dotted) {
                // "Sept. 11", "Feb. 8": a month's abbreviation with its period is a time word.
                dotted
            } else if let Some(state) = gazetteer::state_abbreviation(&dotted) {
                // "Ariz. Gov. Ann Lee", "Phoenix, Ariz.": the state, under its name's key.
                state.to_string()
            } else {
                w
            }
        })
        .collect();
    let sent_start = doc.sentence_tokens(si).start;
    let mut out = Vec::new();
    let mut i = 0;
    let mut titled = false;
    // A run ending in an organisation word is one organisation ("Chinese Communist Party").
    let lead = words
        .iter()
        .take_while(|w| is_stopword(w) || is_time_word(w))
        .count();
    let last = words.last().map(String::as_str).unwrap_or("");
    let whole = words[lead.min(words.len())..].join(" ");
    if run.len() - lead >= 2 && gazetteer::has(&ORG_SUFFIXES, last) && !gazetteer::is_place(&whole)
    {
        let initial_ok = lead < run.len();
        if initial_ok {
            out.push(make(
                doc,
                &run[lead..],
                &words[lead..],
                Some(EntityKind::Organization),
                si,
            ));
        }
        return out;
    }
    // "Secretary of State Ada Vance": the department completes the title before the run.
    let before = &doc.text[..run[0].span.start];
    if [
        "secretary of ",
        "secretary of the ",
        "minister of ",
        "minister of the ",
        "chief of ",
    ]
    .iter()
    .any(|t| crate::tokens::ends_with_ignore_case(before, t))
    {
        let office = words
            .iter()
            .take_while(|w| gazetteer::has(&OFFICE_WORDS, w))
            .count();
        if office > 0 && office < run.len() {
            i = office;
            titled = true;
        }
    }
    // "his wife Stacy": the family word before the run says the name is a person's.
    if doc
        .token_at_or_after(run[0].span.start)
        .checked_sub(1)
        .and_then(|k| doc.lower.get(k))
        .is_some_and(|w| FAMILY_WORDS.contains(&w.as_ref()))
        && doc
            .gap(
                doc.token_at_or_after(run[0].span.start).saturating_sub(1),
                doc.token_at_or_after(run[0].span.start),
            )
            .trim()
            .is_empty()
    {
        titled = true;
    }
    while i < run.len() {
        let w = words[i].as_str();
        let n_place = place_at(&words, i);
        // Right after a title a one-word place is a surname ("President Lincoln", "Justice
        // Jackson"), never the place.
        let after_title = i > 0
            && gazetteer::has(&TITLES, &words[i - 1])
            && n_place == 1
            && gazetteer::place_class(w).is_some_and(|c| c != PlaceClass::Region);
        if n_place > 0 && !after_title {
            // A place, unless it is only the front of a longer name ("Harwick University").
            let rest_is_org = i + n_place < run.len()
                && words[i + n_place..]
                    .iter()
                    .any(|w| gazetteer::has(&ORG_SUFFIXES, w));
            if !rest_is_org {
                // "South Korean" is a demonym: "south" + "korean" is not a place; handled below.
                out.push(make(
                    doc,
                    &run[i..i + n_place],
                    &words[i..i + n_place],
                    Some(EntityKind::Place),
                    si,
                ));
                i += n_place;
                titled = false;
                continue;
            }
        }
        let acronym = run[i]
            .span
            .slice(doc.text)
            .is_some_and(|t| t.len() >= 2 && t.chars().all(|c| c.is_uppercase() || c == '.'));
        let opener = i == 0
            && run.len() > 1
            && OPENERS.contains(&w)
            && sentence_initial(doc, run[0].token, sent_start);
        let strip = (is_stopword(w) && !acronym)
            || opener
            || QUANTIFIERS.contains(&w)
            || is_time_word(w)
            || gazetteer::has(&DEMONYMS, w)
            // "Americans", "Russians": the people of a country, no organisation.
            || w.strip_suffix('s').is_some_and(|one| gazetteer::has(&DEMONYMS, one))
            // "Islamic law", "Christian pastors": a faith's adjective alone names nothing.
            || (run.len() == 1 && gazetteer::has(&gazetteer::FAITH_ADJECTIVES, w))
            // "Democrat Elizabeth Warren": the party before a name is a label.
            || (matches!(w, "democrat" | "republican") && i + 1 < run.len())
            || gazetteer::has(&LABEL_ADJECTIVES, w)
            || is_compound_modifier(w)
            // "Socialist Mayor …": an -ist word before a name; a lone one is a surname
            // ("Tornquist said").
            || ((w.ends_with("ist") || w.ends_with("ists")) && i + 1 < run.len())
            || gazetteer::has(&TITLES, w);
        if strip {
            if gazetteer::has(&TITLES, w) {
                titled = true;
            }
            i += 1;
            continue;
        }
        // A title inside the run starts the name after it ("Transport Minister Daniel Cho").
        if let Some(t) = (i..run.len().saturating_sub(1))
            .rev()
            .find(|&t| gazetteer::has(&TITLES, &words[t]))
            && (i..t).all(|k| place_at(&words, k) == 0)
        {
            i = t + 1;
            titled = true;
        }
        // The name: the rest of the run, up to a place that follows it (unless that place is
        // the surname: "Andrew Jackson").
        let mut j = i + 1;
        while j < run.len()
            && (place_at(&words, j) == 0 || surname_place(&words, j, titled))
            && !is_time_word(&words[j])
            && !is_stopword(&words[j])
        {
            j += 1;
        }
        let name_words = &words[i..j];
        let initial = run[i].token == sent_start || sentence_initial(doc, run[i].token, sent_start);
        let known = gazetteer::has(&ORGANIZATIONS, &name_words.join(" "));
        if name_words.len() == 1
            && initial
            && !known
            && !titled
            && !mid_caps.contains(&name_words[0])
        {
            i = j;
            continue;
        }
        let kind = if titled {
            Some(EntityKind::Person)
        } else {
            None
        };
        out.push(make(doc, &run[i..j], name_words, kind, si));
        titled = false;
        i = j;
    }
    out
}

fn make(
    doc: &Doc<'_>,
    pieces: &[Piece],
    words: &[String],
    kind: Option<EntityKind>,
    si: usize,
) -> Candidate {
    let span = Span::new(
        pieces.first().map_or(0, |p| p.span.start),
        pieces.last().map_or(0, |p| p.span.end),
    );
    let cue = place_cue(doc, span);
    let surname_ok = kind == Some(EntityKind::Place)
        && !cue
        && words.len() == 1
        && gazetteer::place_class(&words[0]).is_some_and(|c| c != PlaceClass::Region);
    Candidate {
        span,
        words: words.to_vec(),
        kind,
        sentence: si,
        org_cue: org_cue(doc, span),
        place_cue: cue,
        surname_ok,
    }
}

/// True when the word right before `span` is a preposition of place ("near", "in", "outside").
fn place_cue(doc: &Doc<'_>, span: Span) -> bool {
    const BEFORE: &[&str] = &[
        "in", "near", "outside", "off", "across", "around", "toward", "towards",
    ];
    doc.token_at_or_after(span.start)
        .checked_sub(1)
        .and_then(|i| doc.lower.get(i))
        .is_some_and(|w| BEFORE.contains(&&**w))
}

/// True when every candidate with this key has a place cue, and there is at least one.
/// `keys[i]` is the key of `cands[i]`.
fn cued_place(cands: &[Candidate], keys: &[String], key: &str) -> bool {
    let mut with_key = cands
        .iter()
        .zip(keys)
        .filter(|(_, k)| *k == key)
        .map(|(o, _)| o)
        .peekable();
    with_key.peek().is_some() && with_key.all(|o| o.place_cue && !o.org_cue)
}

/// True when the word right before `span` ("automaker Chrysler") or right after it or its
/// possessive ("Ford spokesman", "Boeing's shares") marks an organisation.
fn org_cue(doc: &Doc<'_>, span: Span) -> bool {
    let first = doc.token_at_or_after(span.start);
    let after = doc.token_at_or_after(span.end);
    let before = first
        .checked_sub(1)
        .and_then(|i| doc.lower.get(i))
        .is_some_and(|w| gazetteer::has(&ORG_CUES_BEFORE, w));
    let mut next = after;
    // Skip a separate possessive token and the rest of a token the span ends inside ("Ford's").
    while doc
        .tokens
        .get(next)
        .is_some_and(|t| t.span.start < span.end)
        || doc
            .lower
            .get(next)
            .is_some_and(|w| w == "'s" || w == "’s" || w == "'")
    {
        next += 1;
    }
    let glued_possessive = doc
        .text
        .get(span.end..)
        .is_some_and(|r| r.starts_with("'s") || r.starts_with("’s"));
    let after_ok = doc
        .lower
        .get(next)
        .is_some_and(|w| gazetteer::has(&ORG_CUES_AFTER, strip_possessive(w)))
        && (glued_possessive || doc.gap(next.saturating_sub(1), next).trim().is_empty());
    before || after_ok
}

/// True when some candidate with this key has an organisation cue next to it.
/// `keys[i]` is the key of `cands[i]`.
fn cued_org(cands: &[Candidate], keys: &[String], key: &str) -> bool {
    cands.iter().zip(keys).any(|(o, k)| o.org_cue && k == key)
}

/// Words that open a sentence before a name without being part of it ("Despite Vance's
/// objections", "Meanwhile Ada Vance left"): stripped from a run that starts the sentence. Not
/// stop words, since elsewhere they are content ("the following day").
const OPENERS: [&str; 30] = [
    "according",
    "additionally",
    "although",
    "amid",
    "amidst",
    "despite",
    "earlier",
    "following",
    "furthermore",
    "however",
    "including",
    "indeed",
    "initially",
    "instead",
    "later",
    "meanwhile",
    "moreover",
    "nevertheless",
    "nonetheless",
    "perhaps",
    "previously",
    "recently",
    "regarding",
    "separately",
    "similarly",
    "thus",
    "ultimately",
    "unless",
    "unlike",
    "whereas",
];

/// Words that open a group rather than a name ("Every Republican", "Several Senators",
/// "Another Democrat"): stripped from the start of a run like function words.
const QUANTIFIERS: [&str; 10] = [
    "every", "each", "all", "another", "several", "many", "some", "most", "both", "other",
];

/// Plurals of party and office that end a group's name, never a person's.
const GROUP_PLURALS: [&str; 14] = [
    "democrats",
    "republicans",
    "conservatives",
    "liberals",
    "progressives",
    "independents",
    "libertarians",
    "socialists",
    "tories",
    "senators",
    "lawmakers",
    "legislators",
    "officials",
    "leaders",
];

/// Institutions that, as the first word of a capitalised run, make it no person's name.
const INSTITUTION_FIRST: [&str; 14] = [
    "senate",
    "house",
    "congress",
    "parliament",
    "pentagon",
    "kremlin",
    "ministry",
    "cabinet",
    "police",
    "army",
    "navy",
    "government",
    "administration",
    "court",
];

/// Type a name from its words when no title said it is a person.
fn type_of(words: &[String]) -> EntityKind {
    let joined = words.join(" ");
    let last = words.last().map(String::as_str).unwrap_or("");
    if gazetteer::is_place(&joined) || (words.len() > 1 && gazetteer::has(&PLACE_SUFFIXES, last)) {
        EntityKind::Place
    } else if gazetteer::has(&ORGANIZATIONS, &joined)
        || gazetteer::has(&ORG_SUFFIXES, last)
        || (joined.len() >= 2 && words.len() == 1 && is_acronym(&joined))
    {
        EntityKind::Organization
    } else if is_roman(last)
        && words.len() >= 3
        && !words.iter().any(|w| gazetteer::has(&EVENT_WORDS, w))
    {
        // A generational suffix after a full name: "Robert S. Lindqvist III".
        EntityKind::Person
    } else if words.iter().any(|w| gazetteer::has(&EVENT_WORDS, w))
        || (words.len() > 1 && gazetteer::has(&THING_WORDS, last))
        || is_roman(last)
        || words.iter().any(|w| w.chars().any(|c| c.is_ascii_digit()))
    {
        // Events, and models or products with numbers ("Boeing 737"): people have no digits.
        EntityKind::Other
    } else if words.len() == 1 {
        // A lone capitalised word that is no known place and no part of a person's name is most
        // often an organisation in news ("Chrysler said").
        EntityKind::Organization
    } else if words.len() == 2 && INSTITUTION_FIRST.contains(&words[0].as_str()) {
        // Two words opened by an institution are no one's name: "Senate Democrats", "House
        // Republicans", a headline's "Senate Smackdown" (longer runs may hold a title and a
        // name: "House Majority Leader Kevin McCarthy").
        EntityKind::Organization
    } else if words.len() >= 2 && GROUP_PLURALS.contains(&last) {
        // A run that ends in a plural of party or office is a group, never one person's
        // name: "Top Democrats", "Congressional Republicans", "Intelligence Committee
        // Republicans".
        EntityKind::Organization
    } else if words.len() >= 2 && words.len() <= 4 {
        EntityKind::Person
    } else {
        EntityKind::Other
    }
}

/// Departments that complete "Secretary of …" or "Minister of …" before a name.
static OFFICE_WORDS: gazetteer::Words = gazetteer::Words::new(&[
    "state",
    "defense",
    "defence",
    "labor",
    "labour",
    "energy",
    "commerce",
    "treasury",
    "interior",
    "education",
    "agriculture",
    "transportation",
    "transport",
    "homeland",
    "security",
    "health",
    "justice",
    "finance",
    "foreign",
    "affairs",
    "veterans",
    "staff",
]);

/// Last words that make a name a document, a law or a building, which no one is
/// ("Fourteenth Amendment", "Senate Bill", "Affordable Care Act", "Harbor Tower").
static THING_WORDS: gazetteer::Words = gazetteer::Words::new(&[
    "amendment",
    "constitution",
    "bill",
    "act",
    "law",
    "resolution",
    "memo",
    "order",
    "policy",
    "citizenship",
    "tower",
    "building",
]);

static EVENT_WORDS: gazetteer::Words = gazetteer::Words::new(&[
    "war",
    "summit",
    "olympics",
    "games",
    "cup",
    "conference",
    "festival",
    "bowl",
    "election",
    "forum",
    "expo",
    "treaty",
]);

/// A generational suffix that ends a person's key ("jr", "sr", "ii", "iii", "iv"): the name
/// with it and the name without it are two people of one family when both are written in full.
pub fn is_family_suffix(word: &str) -> bool {
    matches!(word, "jr" | "sr" | "ii" | "iii" | "iv")
}

/// Whether `long` is `short` with a generational suffix after it ("ivan petrov" / "ivan petrov
/// jr"): father and son, two people.
pub fn is_family_of(short: &[&str], long: &[&str]) -> bool {
    long.split_last()
        .is_some_and(|(last, rest)| is_family_suffix(last) && rest == short)
}

fn is_roman(w: &str) -> bool {
    !w.is_empty() && w.len() <= 4 && w.chars().all(|c| "ivx".contains(c)) && w != "i"
}

fn is_acronym(lower: &str) -> bool {
    // Decided on lower-case words, so look for the typical shape: short, no vowels, or dotted.
    let letters: Vec<char> = lower.chars().filter(|c| c.is_alphabetic()).collect();
    (2..=5).contains(&letters.len())
        && (lower.contains('.') || !letters.iter().any(|c| "aeiou".contains(*c)))
}

/// Link candidates into entities: full names first, then partial names to a full name that
/// contains them.
fn link(doc: &Doc<'_>, cands: Vec<Candidate>) -> (Vec<Entity>, Vec<Mention>) {
    let mut entities: Vec<Entity> = Vec::new();
    let mut key_index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    // Pass 1: multi-word names and typed single words make entities.
    let mut order: Vec<usize> = (0..cands.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(cands[i].words.len()));
    let mut ent_of = vec![usize::MAX; cands.len()];
    // Each candidate's key, computed once (the cue checks compare every candidate's key).
    let keys: Vec<String> = cands.iter().map(|c| key_of(&c.words.join(" "))).collect();
    for &ci in &order {
        let c = &cands[ci];
        let key = keys[ci].clone();
        if key.is_empty() {
            continue;
        }
        if let Some(&e) = key_index.get(&key) {
            ent_of[ci] = e;
            continue;
        }
        // A shorter name inside a longer person's name: "Ortega" in "Maria Ortega"; not a name
        // the article marks as an organisation elsewhere ("GM" in "New GM", "automaker GM"). A
        // one-word place with no preposition of place before it is a person's when it begins or
        // ends the name of a person of the article ("Jackson" after "Andrew Jackson"; a family
        // name written first).
        let key_words: Vec<&str> = key.split(' ').collect();
        // A person's title anywhere in the article outweighs an organisation cue ("Ms. Lee"
        // and "Lee's spokesman": both have spokesmen).
        let titled = cands
            .iter()
            .zip(&keys)
            .any(|(o, k)| *k == key && o.kind == Some(EntityKind::Person));
        let cued = c.kind.is_none() && !titled && cued_org(&cands, &keys, &key);
        let place = c.kind == Some(EntityKind::Place);
        // A generational suffix is read past ("Lindqvist" in "Robert S. Lindqvist III"), but
        // the full name without it is another person of the family ("Ivan Petrov" beside
        // "Ivan Petrov Jr."), and a bare part goes to the name without a suffix when there
        // is one.
        let unsuffixed = |ew: &[&'_ str]| -> usize {
            match ew.split_last() {
                Some((last, rest)) if is_family_suffix(last) && !rest.is_empty() => rest.len(),
                _ => ew.len(),
            }
        };
        let containers: Vec<(usize, bool)> = entities
            .iter()
            .enumerate()
            .filter(|_| !cued)
            .filter(|(_, e)| e.kind == EntityKind::Person && (!place || c.surname_ok))
            .filter_map(|(i, e)| {
                let ew: Vec<&str> = e.key.split(' ').collect();
                let core = &ew[..unsuffixed(&ew)];
                let suffixed = core.len() < ew.len();
                let inside = key_words.len() < ew.len()
                    && (ew.ends_with(&key_words) || ew.starts_with(&key_words))
                    || key_words.len() < core.len() && core.ends_with(&key_words);
                (inside && !is_family_of(&key_words, &ew)).then_some((i, suffixed))
            })
            .collect();
        let container = containers
            .iter()
            .find(|c| !c.1)
            .or(containers.first())
            .map(|c| c.0);
        if let Some(e) = container {
            ent_of[ci] = e;
            key_index.insert(key, e);
            continue;
        }
        // A name the article writes with a person's title anywhere ("Mr. Okafor") is a person
        // wherever it stands alone.
        let mut kind = c.kind.unwrap_or_else(|| {
            if titled {
                EntityKind::Person
            } else {
                type_of(&c.words)
            }
        });
        // Untitled names with an organisation cue anywhere in the article are organisations.
        if cued && matches!(kind, EntityKind::Person | EntityKind::Other) {
            kind = EntityKind::Organization;
        }
        // Unknown names only ever written after a preposition of place are places ("near
        // Harwick", "a hospital in Port Elm"), unless their words say organisation.
        let joined = c.words.join(" ");
        if c.kind.is_none()
            && !cued
            && matches!(kind, EntityKind::Person | EntityKind::Organization)
            && !gazetteer::has(&ORGANIZATIONS, &joined)
            && !c
                .words
                .last()
                .is_some_and(|w| gazetteer::has(&ORG_SUFFIXES, w))
            && !is_acronym(&joined)
            && cued_place(&cands, &keys, &key)
        {
            kind = EntityKind::Place;
        }
        let name = c.span.slice(doc.text).unwrap_or("").to_string();
        entities.push(Entity {
            key: key.clone(),
            name,
            kind,
            aliases: Vec::new(),
        });
        key_index.insert(key, entities.len() - 1);
        ent_of[ci] = entities.len() - 1;
    }
    let mut mentions = Vec::new();
    for (ci, c) in cands.iter().enumerate() {
        let e = ent_of[ci];
        let Some(ent) = entities.get_mut(e) else {
            continue;
        };
        let surface = c.span.slice(doc.text).unwrap_or("");
        let form = if key_of(surface) == ent.key {
            MentionForm::Name
        } else {
            if !ent.aliases.iter().any(|a| a == surface) && surface != ent.name {
                ent.aliases.push(surface.to_string());
            }
            MentionForm::Partial
        };
        if form == MentionForm::Name && ent.name.is_empty() && key_of(&ent.name) == ent.key {
            ent.name = c.span.slice(doc.text).unwrap_or("").to_string();
        }
        let _ = c.sentence;
        mentions.push(Mention {
            entity: e,
            span: c.span,
            form,
        });
    }
    mentions.sort_by_key(|m| m.span);
    // Number entities in order of first mention, so output reads like the article.
    let mut first = vec![usize::MAX; entities.len()];
    for m in &mentions {
        first[m.entity] = first[m.entity].min(m.span.start);
    }
    let mut order: Vec<usize> = (0..entities.len()).collect();
    order.sort_by_key(|&e| first[e]);
    let mut new_index = vec![0; entities.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    for m in &mut mentions {
        m.entity = new_index[m.entity];
    }
    let mut slots: Vec<Option<Entity>> = entities.into_iter().map(Some).collect();
    let entities = order.iter().filter_map(|&old| slots[old].take()).collect();
    (entities, mentions)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sentences;
    use parallax_core::Article;

    fn ents(t: &str) -> Vec<(String, EntityKind, Vec<String>)> {
        let a = Article::from_text("a", t);
        let doc = Doc::new(&a.text, sentences::split(&a));
        let (es, ms) = find(&doc);
        es.iter()
            .enumerate()
            .map(|(i, e)| {
                let forms = ms
                    .iter()
                    .filter(|m| m.entity == i)
                    .map(|m| m.span.slice(t).unwrap_or("").to_string())
                    .collect();
                (e.key.clone(), e.kind, forms)
            })
            .collect()
    }

    #[test]
    fn titles_and_demonyms_are_stripped_and_partials_linked() {
        let e = ents(
            "Reformist Norwegian Premier Sigrid Vael-Hansen met Chilean President Tomas Arleco in \
             Brussels. Vael-Hansen thanked Arleco. Later, Premier Vael-Hansen flew home to Oslo.",
        );
        let find = |k: &str| e.iter().find(|x| x.0 == k).cloned();
        let vael = find("sigrid vael hansen").expect("Vael-Hansen");
        assert_eq!(vael.1, EntityKind::Person);
        assert_eq!(vael.2, ["Sigrid Vael-Hansen", "Vael-Hansen", "Vael-Hansen"]);
        let arleco = find("tomas arleco").expect("Arleco");
        assert_eq!(arleco.2, ["Tomas Arleco", "Arleco"]);
        assert_eq!(find("brussels").map(|x| x.1), Some(EntityKind::Place));
        assert_eq!(find("oslo").map(|x| x.1), Some(EntityKind::Place));
        assert!(
            find("later").is_none(),
            "sentence-initial common word is no entity"
        );
    }

    #[test]
    fn a_sentence_opener_is_not_part_of_the_name_after_it() {
        let e = ents(
            "Despite Halvorsen's objections, the council voted. Meanwhile Ada Vance left early. \
             Unlike Brandt, Vance stayed calm.",
        );
        let keys: Vec<&str> = e.iter().map(|x| x.0.as_str()).collect();
        assert!(keys.contains(&"halvorsen"), "{keys:?}");
        assert!(keys.contains(&"ada vance"), "{keys:?}");
        assert!(keys.contains(&"brandt"), "{keys:?}");
        assert!(
            !keys.iter().any(|k| k.starts_with("despite")
                || k.starts_with("meanwhile")
                || k.starts_with("unlike")),
            "{keys:?}"
        );
    }

    /// Abbreviated titles ("Gov.", "Sen.", "Mr.") are titles, not names, and join the name after
    /// them across their period.
    #[test]
    fn abbreviated_titles_introduce_the_name() {
        let e = ents(
            "\"We will win,\" said Gov. Vance. Sen. Ann Lodge (D-N.Y.) met Mr. Okoro and Rev. Ivo \
             Kral. Lt. Gov. Ron Bell spoke last.",
        );
        let keys: Vec<(&str, EntityKind)> = e.iter().map(|x| (x.0.as_str(), x.1)).collect();
        for (key, kind) in [
            ("vance", EntityKind::Person),
            ("ann lodge", EntityKind::Person),
            ("okoro", EntityKind::Person),
            ("ivo kral", EntityKind::Person),
            ("ron bell", EntityKind::Person),
        ] {
            assert!(keys.contains(&(key, kind)), "{key}: {keys:?}");
        }
        for title in ["gov", "sen", "mr", "rev", "lt"] {
            assert!(keys.iter().all(|(k, _)| *k != title), "{title}: {keys:?}");
        }
        // British style writes them without the point: "Mr Okoro" is Okoro, one person with
        // "Ade Okoro".
        let e = ents("Ade Okoro entered the race on Friday. Mr Okoro, 68, spoke at the port.");
        let keys: Vec<&str> = e.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(keys, ["ade okoro"], "{e:?}");
    }

    /// Two words opened by an institution are no one's name: a caucus, or a headline's
    /// "Senate Showdown".
    #[test]
    fn an_institution_opens_no_name() {
        let e = ents("Senate Showdown: Senate Democrats met House Republicans on Monday.");
        for key in ["senate democrats", "house republicans"] {
            let kind = e.iter().find(|x| x.0 == key).map(|x| x.1);
            assert_eq!(kind, Some(EntityKind::Organization), "{key}: {e:?}");
        }
        assert!(e.iter().all(|x| x.1 != EntityKind::Person), "{e:?}");
    }

    /// A father and his son "Jr." are two people: the full name without the suffix is not a
    /// part of the name with it, and a bare surname goes to the name without a suffix.
    #[test]
    fn a_nickname_in_quotes_stays_inside_the_name() {
        for t in [
            "The governor picked former Chief of Staff Oskar \"Bo\" Lindqvist, a lawyer. \
             Lindqvist joined the administration in 2009. \"I am honored,\" Lindqvist said.",
            "The governor picked former Chief of Staff Oskar “Bo” Lindqvist, a lawyer. \
             Lindqvist joined the administration in 2009. “I am honored,” Lindqvist said.",
        ] {
            let e = ents(t);
            let person = e
                .iter()
                .find(|x| x.0 == "oskar lindqvist")
                .unwrap_or_else(|| panic!("{e:?}"));
            assert_eq!(person.1, EntityKind::Person, "{e:?}");
            assert!(person.2.len() >= 3, "every mention linked: {e:?}");
            assert!(
                !e.iter().any(|x| x.0.contains("staff") || x.0 == "bo"),
                "no 'Staff Oskar', no 'Bo' alone: {e:?}"
            );
        }
    }

    #[test]
    fn a_hyphenated_modifier_is_no_part_of_the_name() {
        let e = ents(
            "The contract went to Harwick-based Tollund Aero on Monday. Later, Tollund Aero said \
             it would hire. The state-owned Ferrovia Norte objected.",
        );
        assert!(
            e.iter().any(|x| x.0 == "tollund aero" && x.2.len() == 2),
            "{e:?}"
        );
        assert!(!e.iter().any(|x| x.0.contains("based")), "{e:?}");
        let e = ents("Chicago-based Velmar said on Monday it would appeal.");
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(
            (e[0].0.as_str(), e[0].1),
            ("velmar", EntityKind::Organization)
        );
    }

    #[test]
    fn contractions_are_no_names_and_a_family_word_makes_a_person() {
        let e = ents(
            "“I’m not here because I’m a famous name,” the mayor said. “It's a local matter, \
             and It's not over,” he added. He and his wife Katrin have two sons.",
        );
        assert!(
            !e.iter()
                .any(|x| x.0.contains("i m") || x.0.contains("it s") || x.0 == "im"),
            "{e:?}"
        );
        let katrin = e
            .iter()
            .find(|x| x.0 == "katrin")
            .unwrap_or_else(|| panic!("{e:?}"));
        assert_eq!(katrin.1, EntityKind::Person, "{e:?}");
    }

    #[test]
    fn a_son_with_a_suffix_is_not_his_father() {
        let e = ents(
            "Governor Ivan Petrov opened the bridge on Monday. His son, Ivan Petrov Jr., cut \
             the ribbon. Mr. Petrov thanked the engineers.",
        );
        let forms = |key: &str| e.iter().find(|x| x.0 == key).map(|x| x.2.clone());
        assert!(forms("ivan petrov jr").is_some(), "{e:?}");
        let father = forms("ivan petrov").unwrap_or_default();
        assert!(father.iter().any(|f| f == "Petrov"), "{e:?}");
        // A bare part of a suffixed name alone still reads past the suffix.
        let e = ents("Robert S. Lindqvist III testified on Monday. Lindqvist said little.");
        let keys: Vec<&str> = e.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(keys, ["robert s lindqvist iii"], "{e:?}");
    }

    /// A run that ends in a plural of party or office is a group that speaks, not a person:
    /// "Leading Conservatives", "Harbour Committee Republicans", "Valley Officials".
    #[test]
    fn a_plural_of_party_or_office_is_a_group() {
        let e = ents(
            "Mayor Lena Voss met Harbour Committee Republicans on Monday. Later that day, \
             Leading Conservatives and Valley Officials said the plan was too costly.",
        );
        for key in [
            "harbour committee republicans",
            "leading conservatives",
            "valley officials",
        ] {
            let kind = e.iter().find(|x| x.0 == key).map(|x| x.1);
            assert_eq!(kind, Some(EntityKind::Organization), "{key}: {e:?}");
        }
        let persons: Vec<&str> = e
            .iter()
            .filter(|x| x.1 == EntityKind::Person)
            .map(|x| x.0.as_str())
            .collect();
        assert_eq!(persons, ["lena voss"], "{e:?}");
    }

    /// Party-and-state tags, departments of a title and documents are no people.
    #[test]
    fn tags_departments_and_documents_are_not_people() {
        let e = ents(
            "Sen. Ann Lodge (D-Va.) and Rep. Ivo Kral, R-Iowa, met Secretary of State Dana Pruitt. \
             They discussed the Fourteenth Amendment and Senate Bill with Senators Amy Roe and Tom Vask.",
        );
        let keys: Vec<(&str, EntityKind)> = e.iter().map(|x| (x.0.as_str(), x.1)).collect();
        for (key, kind) in [
            ("ann lodge", EntityKind::Person),
            ("ivo kral", EntityKind::Person),
            ("dana pruitt", EntityKind::Person),
            ("amy roe", EntityKind::Person),
            ("fourteenth amendment", EntityKind::Other),
            ("senate bill", EntityKind::Other),
        ] {
            assert!(keys.contains(&(key, kind)), "{key}: {keys:?}");
        }
        for not in ["d va", "va", "r iowa", "d", "r", "state dana pruitt"] {
            assert!(keys.iter().all(|(k, _)| *k != not), "{not}: {keys:?}");
        }
    }

    #[test]
    fn organisations_places_and_compounds() {
        let e = ents(
            "A professor at Harwick University told the KTN about Chile-Peru relations on Monday.",
        );
        let keys: Vec<(&str, EntityKind)> = e.iter().map(|x| (x.0.as_str(), x.1)).collect();
        assert_eq!(
            keys,
            [
                ("harwick university", EntityKind::Organization),
                ("ktn", EntityKind::Organization),
                ("chile", EntityKind::Place),
                ("peru", EntityKind::Place)
            ]
        );
    }

    /// Projects, stations, magazines, caucuses and the like are organisations, never people
    /// who could be given a quotation ("Civic Rights Project", "KXRT Radio").
    #[test]
    fn more_organisation_heads() {
        let e = ents(
            "Mira Olsen of the Civic Rights Project spoke on KXRT Radio and to Harbor Magazine, \
             then met the Prairie Caucus and the Lindgren Trust at Saint Ives Hospital.",
        );
        let keys: Vec<(&str, EntityKind)> = e.iter().map(|x| (x.0.as_str(), x.1)).collect();
        for (key, kind) in [
            ("mira olsen", EntityKind::Person),
            ("civic rights project", EntityKind::Organization),
            ("kxrt radio", EntityKind::Organization),
            ("harbor magazine", EntityKind::Organization),
            ("prairie caucus", EntityKind::Organization),
            ("lindgren trust", EntityKind::Organization),
            ("saint ives hospital", EntityKind::Organization),
        ] {
            assert!(keys.contains(&(key, kind)), "{key}: {keys:?}");
        }
    }

    #[test]
    fn place_names_after_a_first_name_or_a_title_are_people() {
        let e = ents(
            "Andrew Jackson spoke first. Later, Jackson left for Boston. President Lincoln and \
             Senator Dana Jordan met in Richmond. Jordan said the talks went well.",
        );
        let kind = |k: &str| e.iter().find(|x| x.0 == k).map(|x| (x.1, x.2.clone()));
        assert_eq!(
            kind("andrew jackson"),
            Some((
                EntityKind::Person,
                vec!["Andrew Jackson".into(), "Jackson".into()]
            )),
            "the lone surname after the full name is the person: {e:?}"
        );
        assert_eq!(kind("boston").map(|k| k.0), Some(EntityKind::Place));
        assert_eq!(
            kind("dana jordan"),
            Some((
                EntityKind::Person,
                vec!["Dana Jordan".into(), "Jordan".into()]
            )),
            "a country after a title and a first name is a surname: {e:?}"
        );
        assert_eq!(kind("lincoln").map(|k| k.0), Some(EntityKind::Person));
        assert_eq!(kind("richmond").map(|k| k.0), Some(EntityKind::Place));
    }

    #[test]
    fn a_lone_surname_ending_in_ist_is_a_name() {
        let e = ents("Minister Anna Tornquist spoke. “We will look,” Tornquist said.");
        let forms = e
            .iter()
            .find(|x| x.0 == "anna tornquist")
            .map(|x| x.2.clone());
        assert_eq!(
            forms,
            Some(vec!["Anna Tornquist".into(), "Tornquist".into()]),
            "{e:?}"
        );
    }

    #[test]
    fn a_place_that_begins_a_known_name_is_part_of_it() {
        let e = ents(
            "Senator Boston Tal-Vane spoke. Aides of Boston Tal-vane met in Boston on Friday.",
        );
        let kind = |k: &str| e.iter().find(|x| x.0 == k).map(|x| (x.1, x.2.clone()));
        assert_eq!(
            kind("boston tal vane"),
            Some((
                EntityKind::Person,
                vec!["Boston Tal-Vane".into(), "Boston Tal-vane".into()]
            )),
            "{e:?}"
        );
        assert_eq!(
            kind("boston").map(|k| k.0),
            Some(EntityKind::Place),
            "{e:?}"
        );
    }

    proptest::proptest! {
        #[test]
        fn ascii_keys_match_the_general_rule(name in "[a-zA-Z .'’-]{0,16}|[ -~\t\n\x0b\x0c\r]{0,16}") {
            let general = name
                .to_lowercase()
                .replace(['-', '‑', '.', '’', '\''], " ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            proptest::prop_assert_eq!(key_of(&name), general);
        }
    }

    #[test]
    fn a_title_anywhere_makes_a_lone_name_a_person_and_initials_join_it() {
        let es = ents(
            "The vote went ahead. On Monday the board met Brandt, and Brandt's spokesman spoke. Later Mr. Brandt left. Representative Ada K. Vance stayed.",
        );
        let kind = |k: &str| es.iter().find(|e| e.0 == k).map(|e| e.1);
        assert_eq!(kind("brandt"), Some(EntityKind::Person));
        assert_eq!(kind("ada k vance"), Some(EntityKind::Person));
    }

    #[test]
    fn spelling_variants_share_a_key() {
        assert_eq!(key_of("Sigrid Vael-Hansen"), key_of("Sigrid Vael Hansen"));
        assert_eq!(key_of("Sigrid Vael-hansen"), "sigrid vael hansen");
    }

    /// A generational suffix ends a person's name, a plural title is no part of the names
    /// after it, and a garden is a place; an event's numeral stays an event's.
    #[test]
    fn suffixes_plural_titles_and_gardens() {
        let e = ents(
            "Robert S. Lindqvist III said the audit was done. Representatives Ada Vance and Tom Hale \
             filed a motion. The mayor spoke in the Harbour Garden on Monday before Super Bowl XLIX.",
        );
        let kind = |k: &str| e.iter().find(|x| x.0 == k).map(|x| x.1);
        assert_eq!(kind("robert s lindqvist iii"), Some(EntityKind::Person));
        assert_eq!(kind("ada vance"), Some(EntityKind::Person));
        assert_eq!(kind("harbour garden"), Some(EntityKind::Place));
        assert_eq!(kind("super bowl xlix"), Some(EntityKind::Other));
    }

    /// A month's abbreviation with its period is a date, not a name; without one, "Jan" is a
    /// first name.
    #[test]
    fn abbreviated_months_are_no_names() {
        let e = ents(
            "The attacks of Sept. 11 changed the city. On Feb. 8 the vote came. Gov. Jan Vesely signed it.",
        );
        assert!(e.iter().all(|x| x.0 != "sept" && x.0 != "feb"), "{e:?}");
        assert!(e.iter().any(|x| x.0 == "jan vesely"), "{e:?}");
    }

    /// The people of a country are no organisation: "Americans" and "Canadians" are no entity,
    /// while a party named in the plural still is one.
    #[test]
    fn plural_demonyms_are_no_entities() {
        let e = ents(
            "Americans and Canadians watched the vote. Pollsters said Democrats gained seats.",
        );
        assert!(
            e.iter().all(|x| x.0 != "americans" && x.0 != "canadians"),
            "{e:?}"
        );
        assert!(e.iter().any(|x| x.0 == "democrats"), "{e:?}");
    }

    /// A state's newsroom abbreviation with its period is that state.
    #[test]
    fn abbreviated_states_are_the_states() {
        let e = ents(
            "Ariz. Gov. Ada Vance spoke in Tucson, Ariz., on Monday. Arizona voters listened.",
        );
        let kind = |k: &str| e.iter().find(|x| x.0 == k).map(|x| x.1);
        assert_eq!(kind("arizona"), Some(EntityKind::Place), "{e:?}");
        assert_eq!(kind("ada vance"), Some(EntityKind::Person), "{e:?}");
        assert!(e.iter().all(|x| x.0 != "ariz"), "{e:?}");
    }

    /// "Special Counsel Ada Vance": the office is her title, not part of her name.
    #[test]
    fn counsel_is_a_title() {
        let e = ents(
            "Special Counsel Ada Vance filed the report. White House Counsel Ivo Kral read it.",
        );
        assert!(e.iter().any(|x| x.0 == "ada vance"), "{e:?}");
        assert!(e.iter().any(|x| x.0 == "ivo kral"), "{e:?}");
    }

    /// A faith's adjective alone ("Islamic law") is no organisation; a church named with it is.
    #[test]
    fn a_faiths_adjective_alone_is_no_name() {
        let e = ents(
            "Leaders of Islamic groups and Christian pastors met at the Harwick Catholic Church.",
        );
        assert!(
            e.iter().all(|x| x.0 != "islamic" && x.0 != "christian"),
            "{e:?}"
        );
        assert!(
            e.iter()
                .any(|x| x.0 == "harwick catholic church" && x.1 == EntityKind::Organization),
            "{e:?}"
        );
    }

    /// "Democrat Ada Vance": the party before a name is her label, not part of her name.
    #[test]
    fn a_party_word_before_a_name_is_no_part_of_it() {
        let e = ents(
            "Democrat Ada Vance and Republican Ivo Kral met the Republican National Committee.",
        );
        assert!(e.iter().any(|x| x.0 == "ada vance"), "{e:?}");
        assert!(e.iter().any(|x| x.0 == "ivo kral"), "{e:?}");
        assert!(
            e.iter().any(|x| x.0 == "republican national committee"),
            "{e:?}"
        );
    }

    /// A quantifier opens a group, not a name: "Every Councillor" is nobody.
    #[test]
    fn quantifiers_are_no_part_of_a_name() {
        let e = ents("Every Councillor on the panel signed. Another Liberal, Tom Hale, disagreed.");
        assert!(
            e.iter()
                .all(|x| !x.0.starts_with("every") && !x.0.starts_with("another")),
            "{e:?}"
        );
        assert!(e.iter().any(|x| x.0 == "tom hale"));
    }

    #[test]
    fn neighbouring_words_type_organisations() {
        let e = ents(
            "Shares of automaker Velton fell after Velton spokesman Tom Reyes spoke. \
             The Velton A300 is made by Corvane Koss. Corvane Koss's shares rose in the US.",
        );
        let kind = |k: &str| e.iter().find(|x| x.0 == k).map(|x| x.1);
        assert_eq!(kind("velton"), Some(EntityKind::Organization));
        assert_eq!(kind("velton a300"), Some(EntityKind::Other));
        assert_eq!(kind("corvane koss"), Some(EntityKind::Organization));
        assert_eq!(kind("tom reyes"), Some(EntityKind::Person));
        assert_eq!(
            kind("us"),
            Some(EntityKind::Place),
            "US the country, not the pronoun"
        );
    }
}
