//! Framing (labels per entity and source, loaded words per source, tone), voices (who is
//! quoted) and the timeline of resolved dates: read from the layers, nothing recomputed.

use std::collections::BTreeMap;

use parallax_core::{
    EntityFraming, EntityKind, EntitySourceFraming, Framing, HeadlineTerm, LabelFinding,
    LoadedFinding, QuoteEcho, QuoteFinding, QuoteKind, RoleCount, SourceLoaded, SourceVoices,
    SpeakerCount, TimeFinding,
};

use crate::story::Story;

/// Labels per entity × source, and loaded words per source.
pub fn framing(story: &Story<'_>) -> Framing {
    let lex = parallax_analyze::loaded::lexicon();
    let mut by_key: BTreeMap<String, Vec<EntitySourceFraming>> = BTreeMap::new();
    let mut order: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (ai, an) in story.analyses.iter().enumerate() {
        let article = &story.articles[ai];
        let mut per: BTreeMap<String, EntitySourceFraming> = BTreeMap::new();
        for (ei, e) in an.entities.iter().enumerate() {
            if !matches!(e.kind, EntityKind::Person | EntityKind::Organization) {
                continue;
            }
            let key = story.key(ai, ei).to_string();
            let entry = per
                .entry(key.clone())
                .or_insert_with(|| EntitySourceFraming {
                    article: article.id.clone(),
                    mentions: 0,
                    labels: Vec::new(),
                    tone: 0.0,
                });
            let mentions: Vec<_> = an.mentions.iter().filter(|m| m.entity == ei).collect();
            entry.mentions += mentions.len();
            for l in an.labels.iter().filter(|l| l.entity == ei) {
                entry.labels.push(LabelFinding {
                    evidence: story.evidence(ai, l.span),
                    kind: l.kind,
                    loaded: l.loaded,
                    quoted: l.quoted,
                });
            }
            // Tone: loaded words in the entity's own labels count fully; other own-voice loaded
            // words in sentences that mention it count half, unless they belong to a label of
            // another entity ("the region's most reckless demagogue" says nothing about the mayor).
            let mut sum = 0.0f32;
            let mut n = 0.0f32;
            let own_label = |t: &parallax_core::LoadedTerm| {
                an.labels
                    .iter()
                    .any(|l| l.entity == ei && l.span.contains(t.span))
            };
            let other_label = |t: &parallax_core::LoadedTerm| {
                an.labels
                    .iter()
                    .any(|l| l.entity != ei && l.span.contains(t.span))
            };
            for t in an.loaded.iter().filter(|t| !t.quoted && own_label(t)) {
                sum += f32::from(lex.valence(&t.term));
                n += 1.0;
            }
            for s in &an.sentences {
                if !mentions.iter().any(|m| s.span.contains(m.span)) {
                    continue;
                }
                n += 1.0;
                for t in an.loaded.iter().filter(|t| {
                    !t.quoted && s.span.contains(t.span) && !own_label(t) && !other_label(t)
                }) {
                    sum += 0.5 * f32::from(lex.valence(&t.term));
                }
            }
            entry.tone += if n == 0.0 {
                0.0
            } else {
                (sum / (2.0 * n)).clamp(-1.0, 1.0)
            };
            let o = order.entry(key).or_insert((usize::MAX, 0));
            o.0 = o.0.min(
                ai * 1_000_000
                    + mentions
                        .first()
                        .map_or(usize::MAX / 2, |m| m.span.start)
                        .min(999_999),
            );
            o.1 += mentions.len();
        }
        for (k, mut v) in per {
            v.labels.sort_by_key(|l| l.evidence.span);
            v.tone = (v.tone * 100.0).round() / 100.0;
            by_key.entry(k).or_default().push(v);
        }
    }
    let mut entities: Vec<EntityFraming> = by_key
        .into_iter()
        .filter(|(_, v)| {
            v.iter().any(|s| !s.labels.is_empty())
                || v.iter().map(|s| s.mentions).sum::<usize>() >= 2
        })
        .map(|(key, by_source)| {
            let (name, kind) = story
                .names
                .get(&key)
                .cloned()
                .unwrap_or((key.clone(), EntityKind::Other));
            EntityFraming {
                key,
                name,
                kind,
                by_source,
            }
        })
        .collect();
    entities.sort_by_key(|e| {
        let (first, count) = order.get(&e.key).copied().unwrap_or((usize::MAX, 0));
        (std::cmp::Reverse(count), first)
    });
    let loaded = story
        .analyses
        .iter()
        .enumerate()
        .map(|(ai, an)| {
            let words = story.articles[ai].word_count();
            let own = an.loaded.iter().filter(|t| !t.quoted).count();
            SourceLoaded {
                article: story.articles[ai].id.clone(),
                words,
                own_voice: own,
                quoted: an.loaded.len() - own,
                per_1000_words: if words == 0 {
                    0.0
                } else {
                    (own as f64 * 1000.0 / words as f64 * 10.0).round() / 10.0
                },
                terms: an
                    .loaded
                    .iter()
                    .map(|t| LoadedFinding {
                        term: t.term.clone(),
                        category: t.category,
                        neutral: t.neutral.clone(),
                        quoted: t.quoted,
                        evidence: story.evidence(ai, t.span),
                    })
                    .collect(),
                headline: headline_terms(
                    story.articles[ai].title.as_ref().map(|t| t.value.as_str()),
                ),
            }
        })
        .collect();
    Framing { entities, loaded }
}

/// Loaded terms of a headline, found by the same analysis as body text (the headline is its
/// own small text: offsets point into it).
fn headline_terms(title: Option<&str>) -> Vec<HeadlineTerm> {
    let Some(title) = title.filter(|t| !t.trim().is_empty()) else {
        return Vec::new();
    };
    let an = parallax_analyze::analyze(&parallax_core::Article::from_text("headline", title));
    an.loaded
        .iter()
        .filter(|t| !t.quoted)
        .map(|t| HeadlineTerm {
            term: t.term.clone(),
            category: t.category,
            neutral: t.neutral.clone(),
            start: t.span.start,
            end: t.span.end,
        })
        .collect()
}

/// Who each source quotes, how often and in what role, and where the same words appear in
/// another source (quoted too, paraphrased as indirect speech, or given to someone else).
pub fn voices(story: &Story<'_>) -> Vec<SourceVoices> {
    let mut out: Vec<SourceVoices> = quotes(story);
    // Echoes: compare every quotation with every quotation of the other sources.
    let words = &story.quote_words;
    for a in 0..out.len() {
        for qi in 0..out[a].quotes.len() {
            let mut echoes = Vec::new();
            for b in (0..out.len()).filter(|&b| b != a) {
                for (qj, other) in out[b].quotes.iter().enumerate() {
                    if !words[a][qi].same(&words[b][qj]) {
                        continue;
                    }
                    let me = &out[a].quotes[qi];
                    let relation = if me.speaker_key.is_some()
                        && other.speaker_key.is_some()
                        && me.speaker_key != other.speaker_key
                    {
                        "reattributed"
                    } else if other.kind == QuoteKind::Indirect && me.kind != QuoteKind::Indirect {
                        "paraphrased"
                    } else {
                        "quoted"
                    };
                    echoes.push(QuoteEcho {
                        article: out[b].article.clone(),
                        relation: relation.to_string(),
                        speaker: other.speaker.clone(),
                        evidence: other.evidence.clone(),
                    });
                }
            }
            out[a].quotes[qi].echoes = echoes;
        }
    }
    for v in &mut out {
        let mut speakers: Vec<SpeakerCount> = Vec::new();
        let mut roles: BTreeMap<String, usize> = BTreeMap::new();
        for q in &v.quotes {
            let role = q.role.clone().unwrap_or_else(|| "unattributed".to_string());
            *roles.entry(role.clone()).or_default() += 1;
            let Some(name) = &q.speaker else { continue };
            let direct = q.kind != QuoteKind::Indirect;
            match speakers.iter_mut().find(|s| {
                s.speaker_key.is_some() && s.speaker_key == q.speaker_key || s.speaker == *name
            }) {
                Some(s) => {
                    s.direct += usize::from(direct);
                    s.indirect += usize::from(!direct);
                }
                None => speakers.push(SpeakerCount {
                    speaker: name.clone(),
                    speaker_key: q.speaker_key.clone(),
                    role,
                    direct: usize::from(direct),
                    indirect: usize::from(!direct),
                }),
            }
        }
        speakers.sort_by_key(|s| std::cmp::Reverse(s.direct + s.indirect));
        let mut by_role: Vec<RoleCount> = roles
            .into_iter()
            .map(|(role, count)| RoleCount { role, count })
            .collect();
        by_role.sort_by_key(|r| std::cmp::Reverse(r.count));
        v.speakers = speakers;
        v.by_role = by_role;
    }
    out
}

fn quotes(story: &Story<'_>) -> Vec<SourceVoices> {
    story
        .analyses
        .iter()
        .enumerate()
        .map(|(ai, an)| SourceVoices {
            article: story.articles[ai].id.clone(),
            speakers: Vec::new(),
            by_role: Vec::new(),
            quotes: an
                .quotes
                .iter()
                .map(|q| {
                    let (speaker, key) = match &q.speaker {
                        Some(s) => match s.entity {
                            Some(e) => {
                                let k = story.key(ai, e).to_string();
                                (Some(story.name(&k).to_string()), Some(k))
                            }
                            None => (Some(story.text(ai, s.span).to_string()), None),
                        },
                        None => (None, None),
                    };
                    QuoteFinding {
                        speaker,
                        speaker_key: key,
                        role: q.speaker.as_ref().map(|s| s.role.clone()),
                        kind: q.kind,
                        verb: q.verb.map(|v| story.text(ai, v).to_string()),
                        evidence: story.evidence(ai, q.span),
                        echoes: Vec::new(),
                    }
                })
                .collect(),
        })
        .collect()
}

/// Every time expression, per source, with its resolved value.
pub fn timeline(story: &Story<'_>) -> Vec<TimeFinding> {
    let mut out = Vec::new();
    for (ai, an) in story.analyses.iter().enumerate() {
        for t in &an.times {
            out.push(TimeFinding {
                article: story.articles[ai].id.clone(),
                value: t.value.as_ref().map(|v| v.iso.clone()),
                granularity: t.value.as_ref().map(|v| v.granularity),
                relative: t.value.as_ref().is_some_and(|v| v.relative),
                evidence: story.evidence(ai, t.span),
            });
        }
    }
    out
}
