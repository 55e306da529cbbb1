//! Labels: what an article attaches to an entity.
//!
//! - pre-name titles and modifiers ("leftist Norwegian Premier Sigrid Vael");
//! - appositives ("Ines Marr, professor of economics at Harwick University,");
//! - descriptive noun phrases that stand for a named person ("the country's most ruthless
//!   strongman", "the veteran socialist in charge"), resolved to the entity they
//!   refer to (this is the only coreference beyond names and pronouns).

use parallax_core::{Entity, EntityKind, Label, LabelKind, LoadedTerm, Mention, MentionForm, Span};

use crate::doc::Doc;
use crate::gazetteer::{self, DEMONYMS, LABEL_ADJECTIVES, ROLE_NOUNS, TITLES};
use crate::tokens::is_stopword;

/// Find labels of every kind; adds description mentions to `mentions`.
pub fn find(
    doc: &Doc<'_>,
    entities: &[Entity],
    mentions: &mut Vec<Mention>,
    loaded: &[LoadedTerm],
) -> Vec<Label> {
    let mut labels = Vec::new();
    let names: Vec<Mention> = mentions
        .iter()
        .filter(|m| matches!(m.form, MentionForm::Name | MentionForm::Partial))
        .cloned()
        .collect();
    for m in &names {
        if entities
            .get(m.entity)
            .is_none_or(|e| e.kind != EntityKind::Person)
        {
            continue;
        }
        prename(doc, m, &mut labels);
        appositive(doc, m, &mut labels);
    }
    descriptions(doc, entities, mentions, &mut labels);
    for l in &mut labels {
        l.loaded = loaded.iter().any(|t| l.span.overlaps(t.span));
    }
    labels.sort_by_key(|l| (l.span, l.entity));
    labels.dedup_by_key(|l| (l.span, l.entity));
    labels
}

fn is_label_word(lower: &str, capitalized: bool) -> bool {
    let w = lower.trim_end_matches("'s");
    gazetteer::has(&TITLES, w)
        || gazetteer::has(&ROLE_NOUNS, w)
        || gazetteer::has(&LABEL_ADJECTIVES, w)
        || gazetteer::has(&DEMONYMS, w)
        || w.ends_with("ist")
        || w.ends_with("-led")
        || (capitalized && !is_stopword(w))
}

/// Titles and modifiers right before a name, walking back over label words.
fn prename(doc: &Doc<'_>, m: &Mention, labels: &mut Vec<Label>) {
    let first = doc.token_at_or_after(m.span.start);
    let Some(&si) = doc.sent_of.get(first) else {
        return;
    };
    let start = doc.sentence_tokens(si).start;
    let mut k = first;
    while k > start {
        let gap = doc.gap(k - 1, k);
        if !gap.chars().all(char::is_whitespace) || gap.is_empty() {
            break;
        }
        let tok = &doc.tokens[k - 1];
        let w = &doc.lower[k - 1];
        if tok.is_numeric() || !is_label_word(w, tok.is_capitalized()) {
            break;
        }
        // A name of another entity in front is not a label ("Tomas Arleco" before "Vael").
        k -= 1;
    }
    if k == first {
        return;
    }
    // Split: leading label adjectives one by one, the rest as one title/modifier phrase.
    let mut i = k;
    while i < first {
        let w = &*doc.lower[i];
        if gazetteer::has(&LABEL_ADJECTIVES, w)
            || (w.ends_with("ist") && !doc.tokens[i].is_capitalized())
        {
            labels.push(Label {
                quoted: false,
                entity: m.entity,
                span: doc.tokens[i].span,
                kind: LabelKind::Modifier,
                loaded: false,
            });
            i += 1;
        } else {
            break;
        }
    }
    if i < first {
        let span = Span::new(doc.tokens[i].span.start, doc.tokens[first - 1].span.end);
        let has_title =
            (i..first).any(|t| gazetteer::has(&TITLES, doc.lower[t].trim_end_matches("'s")));
        labels.push(Label {
            quoted: false,
            entity: m.entity,
            span,
            kind: if has_title {
                LabelKind::Title
            } else {
                LabelKind::Modifier
            },
            loaded: false,
        });
    }
}

/// "NAME, <noun phrase with a role noun>," right after a name.
fn appositive(doc: &Doc<'_>, m: &Mention, labels: &mut Vec<Label>) {
    let rest = doc.text.get(m.span.end..).unwrap_or("");
    let Some(after) = rest.strip_prefix(", ") else {
        return;
    };
    let end = after
        .find([',', '.', ';', '(', '“', '"', ':'])
        .unwrap_or(after.len());
    let phrase = &after[..end];
    let words: Vec<&str> = phrase.split_whitespace().collect();
    if words.is_empty() || words.len() > 12 || !after[end..].starts_with(',') {
        return;
    }
    let first = words[0].to_lowercase();
    if matches!(
        first.as_str(),
        "who"
            | "which"
            | "whose"
            | "where"
            | "when"
            | "and"
            | "but"
            | "said"
            | "told"
            // "an inquiry by the counsel, Ann Lee, of the president, …": the phrase goes on
            // with the sentence, it does not describe her.
            | "of"
            | "into"
            | "against"
    ) {
        return;
    }
    let has_role = words.iter().any(|w| {
        let w = w.to_lowercase();
        gazetteer::has(&ROLE_NOUNS, &w) || gazetteer::has(&TITLES, &w)
    });
    if !has_role {
        return;
    }
    let start = m.span.end + 2;
    labels.push(Label {
        quoted: false,
        entity: m.entity,
        span: Span::new(start, start + phrase.len()),
        kind: LabelKind::Appositive,
        loaded: false,
    });
}

/// "the [modifiers] ROLE [in charge|of …]" and "his/her [modifiers] ROLE" standing for a person.
fn descriptions(
    doc: &Doc<'_>,
    entities: &[Entity],
    mentions: &mut Vec<Mention>,
    labels: &mut Vec<Label>,
) {
    let mut found: Vec<(Span, usize)> = Vec::new();
    for si in 0..doc.sentences.len() {
        if doc.is_heading(si) {
            continue;
        }
        let r = doc.sentence_tokens(si);
        for i in r.clone() {
            let det = &*doc.lower[i];
            if !matches!(det, "the" | "his" | "her" | "their") {
                continue;
            }
            // Walk modifiers to a role noun (singular), within 7 tokens, spaces/apostrophes only.
            let mut j = i + 1;
            let mut head = None;
            while j < r.end && j <= i + 7 {
                let gap = doc.gap(j - 1, j);
                if !gap.chars().all(|c| c.is_whitespace()) {
                    break;
                }
                let w = doc.lower[j].trim_end_matches("'s");
                if gazetteer::has(&ROLE_NOUNS, w) {
                    head = Some(j);
                    // "head official": keep walking while role nouns continue.
                    if j + 1 < r.end && gazetteer::has(&ROLE_NOUNS, &doc.lower[j + 1]) {
                        j += 1;
                        continue;
                    }
                    break;
                }
                if is_stopword(w) && w != "most" || doc.tokens[j].is_numeric() {
                    break;
                }
                j += 1;
            }
            let Some(h) = head else { continue };
            // "official visit": a role noun followed by another noun is a modifier, not a head.
            let next_noun = doc.lower.get(h + 1).is_some_and(|w| {
                !is_stopword(w)
                    && !w.ends_with("ly")
                    && w != "in"
                    && doc.gap(h, h + 1) == " "
                    && !doc.tokens[h + 1].is_capitalized()
            });
            if next_noun {
                continue;
            }
            // A name right after is a title, not a description ("the Chilean President Arleco").
            if doc.tokens.get(h + 1).is_some_and(|t| t.is_capitalized()) && doc.gap(h, h + 1) == " "
            {
                continue;
            }
            // "the world's": skip a possessive noun right after the determiner.
            let start_tok = i + 1;
            let mut end_tok = h;
            if doc.lower.get(h + 1).is_some_and(|w| w == "in")
                && doc.lower.get(h + 2).is_some_and(|w| w == "charge")
            {
                end_tok = h + 2;
            }
            let span = Span::new(
                doc.tokens[start_tok].span.start,
                doc.tokens[end_tok].span.end,
            );
            // "the chairman of parliament, Ivo Brandt" and "the chairman of the Harbor and
            // Rail Committee, Senator Ivo Brandt,": the name that follows is the referent.
            let mut k = end_tok + 1;
            if doc.lower.get(k).is_some_and(|w| w == "of") {
                k += 2;
                // The rest of a body's name: capitalised words and the small words inside.
                let limit = k + 10;
                while k < r.end
                    && k < limit
                    && (doc.tokens[k].is_capitalized()
                        || matches!(&*doc.lower[k], "the" | "and" | "of" | "for" | "on"))
                    && doc.gap(k - 1, k) == " "
                {
                    k += 1;
                }
            }
            let phrase_end = k - 1;
            // A title before the name ("…, Senator Ivo Brandt").
            if k < r.end && doc.gap(k - 1, k) == ", " {
                while k + 1 < r.end
                    && gazetteer::has(&TITLES, &doc.lower[k])
                    && doc.gap(k, k + 1) == " "
                {
                    k += 1;
                }
            }
            let named = doc
                .tokens
                .get(k)
                .filter(|_| doc.gap(k - 1, k) == ", " || k - 1 > phrase_end)
                .and_then(|t| {
                    mentions.iter().find(|m| {
                        m.span.start == t.span.start
                            && entities
                                .get(m.entity)
                                .is_some_and(|e| e.kind == EntityKind::Person)
                    })
                });
            if let Some(m) = named {
                labels.push(Label {
                    quoted: false,
                    entity: m.entity,
                    span: Span::new(span.start, doc.tokens[phrase_end].span.end),
                    kind: LabelKind::Appositive,
                    loaded: false,
                });
                continue;
            }
            // "James Comey, the F.B.I. director" and "Kevin Roe of Ohio, the Republican leader,":
            // the name the description stands in apposition to is its referent, whoever else
            // the neighbouring sentences name more often.
            let before = named_before(doc, i, entities, mentions);
            if let Some(e) = before.or_else(|| referent(doc, si, span, entities, mentions, labels))
            {
                found.push((span, e));
            }
        }
    }
    for (span, e) in found {
        mentions.push(Mention {
            entity: e,
            span,
            form: MentionForm::Description,
        });
        labels.push(Label {
            quoted: false,
            entity: e,
            span,
            kind: LabelKind::Description,
            loaded: false,
        });
    }
    mentions.sort_by_key(|m| m.span);
}

/// The person named right before a description's determiner `det`, across a comma: "NAME, the
/// …" or "NAME of PLACE, the …" (one to three capitalised words after "of").
fn named_before(
    doc: &Doc<'_>,
    det: usize,
    entities: &[Entity],
    mentions: &[Mention],
) -> Option<usize> {
    if det == 0 || doc.gap(det - 1, det) != ", " {
        return None;
    }
    let person_ending_at = |k: usize| {
        let end = doc.tokens[k].span.end;
        mentions
            .iter()
            .filter(|m| matches!(m.form, MentionForm::Name | MentionForm::Partial))
            .find(|m| {
                m.span.end == end
                    && entities
                        .get(m.entity)
                        .is_some_and(|e| e.kind == EntityKind::Person)
            })
            .map(|m| m.entity)
    };
    if let Some(e) = person_ending_at(det - 1) {
        return Some(e);
    }
    // "… of New York, the …": walk back over the place to "of".
    let mut k = det - 1;
    for _ in 0..3 {
        if !doc.tokens[k].is_capitalized() || k < 2 {
            return None;
        }
        k -= 1;
        if doc.lower[k] == "of" {
            return (doc.gap(k - 1, k) == " ")
                .then(|| person_ending_at(k - 1))
                .flatten();
        }
        if doc.gap(k, k + 1) != " " {
            return None;
        }
    }
    None
}

/// Which person a description stands for: the one whose labels share a word with it, else the
/// most mentioned person of the neighbouring sentences who is not named in this one.
fn referent(
    doc: &Doc<'_>,
    si: usize,
    desc: Span,
    entities: &[Entity],
    mentions: &[Mention],
    labels: &[Label],
) -> Option<usize> {
    let lo = si.saturating_sub(2);
    let hi = (si + 1).min(doc.sentences.len().saturating_sub(1));
    let window = Span::new(doc.sentences[lo].span.start, doc.sentences[hi].span.end);
    let here = doc.sentences[si].span;
    let mut cands: Vec<usize> = mentions
        .iter()
        .filter(|m| window.contains(m.span) && m.form != MentionForm::Description)
        .map(|m| m.entity)
        .filter(|&e| {
            entities
                .get(e)
                .is_some_and(|x| x.kind == EntityKind::Person)
        })
        .collect();
    cands.sort_unstable();
    cands.dedup();
    if cands.is_empty() {
        return None;
    }
    let desc_words: Vec<String> = desc
        .slice(doc.text)
        .unwrap_or("")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 2)
        .map(|w| w.to_lowercase())
        .filter(|w| !matches!(w.as_str(), "the" | "his" | "her" | "their"))
        .collect();
    let overlap = |e: usize| {
        labels
            .iter()
            .filter(|l| l.entity == e)
            .filter_map(|l| l.span.slice(doc.text))
            .flat_map(|t| {
                t.split(|c: char| !c.is_alphanumeric())
                    .map(str::to_lowercase)
                    .collect::<Vec<_>>()
            })
            .filter(|w| desc_words.contains(w))
            .count()
    };
    // Lexical overlap with what the article already calls a person, anywhere in the article.
    let people = (0..entities.len()).filter(|&e| entities[e].kind == EntityKind::Person);
    if let Some((e, n)) = people
        .map(|e| (e, overlap(e)))
        .max_by_key(|&(e, n)| (n, std::cmp::Reverse(e)))
        && n > 0
    {
        return Some(e);
    }
    let named_here = |e: usize| {
        mentions
            .iter()
            .any(|m| m.entity == e && here.contains(m.span))
    };
    let count = |e: usize| mentions.iter().filter(|m| m.entity == e).count();
    cands
        .iter()
        .copied()
        .filter(|&e| !named_here(e))
        .max_by_key(|&e| (count(e), std::cmp::Reverse(e)))
}

#[cfg(test)]
mod tests {
    use parallax_core::Article;

    /// The entity a label of `words` is given to, by name.
    fn owner(text: &str, words: &str) -> String {
        let an = crate::analyze(&Article::from_text("a", text));
        let l = an
            .labels
            .iter()
            .find(|l| l.span.slice(text) == Some(words))
            .unwrap_or_else(|| panic!("no label {words:?} in {:#?}", an.labels));
        an.entities[l.entity].name.clone()
    }

    /// A description in apposition to a name ("Ivo Brandt, the port director.", "Rep. Ann
    /// Lodge of New Mexico, the Republican leader,") is that person's, not the article's most
    /// mentioned one's.
    #[test]
    fn a_description_after_a_name_and_comma_is_that_persons() {
        let text = "Mayor Tom Hale defended the harbor plan on Monday. Hale said the plan was sound. \
            Hale has backed the plan for a year. \"We need it,\" Hale said. \
            Critics asked why the council had not fired Ivo Brandt, the port director. \
            \"Is this the way we govern?\" Representative Ann Lodge of New Mexico, the Republican leader, asked at a news conference.";
        assert_eq!(owner(text, "port director"), "Ivo Brandt");
        assert_eq!(owner(text, "Republican leader"), "Ann Lodge");
        let text = "Mayor Tom Hale defended the plan. Hale said it was sound. \"We need it,\" Hale said. \
            The chairman of the Harbor and Rail Committee, Senator Ivo Brandt, said he would hold a hearing. \
            The chairman of parliament, Ada Vance, agreed.";
        assert_eq!(
            owner(text, "chairman of the Harbor and Rail Committee"),
            "Ivo Brandt"
        );
        assert_eq!(owner(text, "chairman of parliament"), "Ada Vance");
        let text = "The board waited for an inquiry by the special counsel, Ruth Amsel, of the president, his aides and the campaign.";
        let an = crate::analyze(&Article::from_text("a", text));
        assert!(
            an.labels
                .iter()
                .all(|l| l.span.slice(text) != Some("of the president")),
            "{:#?}",
            an.labels
        );
    }
}
