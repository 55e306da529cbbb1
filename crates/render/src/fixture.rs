//! Test fixture: a small hand-written Report about an invented event, with at least one item
//! in every section and evidence spans that slice their source text exactly. It exercises
//! omissions (ranked, from agreed and one-source claims), speaker and role counts, a quote
//! echo of every relation (quoted, paraphrased, reattributed) and loaded headline terms.
//!
//! It is test-only data; it does not try to be what `compare` would really produce.

use chrono::NaiveDate;
use parallax_core::{
    BlockKind, ClaimGroup, Conflict, ConflictKind, ConflictSide, Diagnostic, EntityFraming,
    EntityKind, EntitySourceFraming, Evidence, Framing, Granularity, HeadlineTerm, LabelFinding,
    LabelKind, LoadedCategory, LoadedFinding, Omission, Provenance, QuoteEcho, QuoteFinding,
    QuoteKind, Report, RoleCount, SourceInfo, SourceLoaded, SourceOmissions, SourceVoices, Span,
    SpeakerCount, Strength, SynthesisKind, SynthesisSentence, TimeFinding, split_paragraphs,
};

/// Text of the first source (Harbor Ledger). Its first line is a heading.
pub const A1: &str = "Footbridge back in use\n\nThe Marrowick footbridge reopened on Tuesday after eight weeks of repairs, the city council said. About 3,000 residents crossed it on the first day. Mayor Ines Varga called the work \"a job done right\". Critics slammed the council's radical spending plan.\n";
/// Text of the second source (Valley Courier): multibyte characters and a `|`; it quotes the
/// mayor's words as Harbor Ledger does.
pub const A2: &str = "The Marrowick footbridge reopened on Tuesday following nearly two months of repairs. More than 5,000 people crossed it on opening day, organisers said.\nEngineer Tomás Reyes said the deck “should last forty years”. The repairs cost €2 million | a figure the council disputes.\nMayor Ines Varga called it “a job done right”.\n";
/// Text of the third source (Northline Post): markup-like and quote characters; it paraphrases
/// the mayor and gives the engineer's words to a councillor.
pub const A3: &str = "Residents cheered as the footbridge reopened on Tuesday.\nOne resident wrote <script>alert(1)</script> & said \"it's about time\" on a forum.\nMayor Varga said the work was done right. Councillor Pia Holm said the bridge \"should last forty years\".\n";
/// Headline of the third source, with two loaded terms (`HEADLINE_A3[7..13]` is "fiasco").
pub const HEADLINE_A3: &str = "Bridge fiasco finally over";

fn text_of(article: &str) -> &'static str {
    match article {
        "a1" => A1,
        "a2" => A2,
        _ => A3,
    }
}

/// Evidence for the first occurrence of `needle` in `article`'s text.
pub fn ev(article: &str, needle: &str) -> Evidence {
    let text = text_of(article);
    match text.find(needle) {
        Some(start) => {
            let e = Evidence::new(article, text, Span::new(start, start + needle.len()));
            assert_eq!(e.text, needle, "fixture span must slice");
            e
        }
        None => panic!("fixture needle {needle:?} not in {article}"),
    }
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn source(
    article: &str,
    outlet: &str,
    title: &str,
    published: Option<(NaiveDate, Provenance)>,
) -> SourceInfo {
    let text = text_of(article);
    let mut paragraphs = split_paragraphs(text);
    if article == "a1"
        && let Some(p) = paragraphs.first_mut()
    {
        p.kind = BlockKind::Heading;
    }
    SourceInfo {
        article: article.to_string(),
        input: format!("{article}.html"),
        outlet: outlet.to_string(),
        outlet_provenance: Some(Provenance::HtmlMeta),
        title: Some(title.to_string()),
        byline: None,
        published: published.map(|p| p.0),
        published_provenance: published.map(|p| p.1),
        url: Some(format!("https://example.invalid/{article}")),
        words: text.split_whitespace().count(),
        copy_of: None,
        text: text.to_string(),
        paragraphs,
    }
}

const AGREED_A1: &str = "The Marrowick footbridge reopened on Tuesday after eight weeks of repairs, the city council said.";
const AGREED_A2: &str =
    "The Marrowick footbridge reopened on Tuesday following nearly two months of repairs.";
const AGREED_A3: &str = "Residents cheered as the footbridge reopened on Tuesday.";
const COUNT_A1: &str = "About 3,000 residents crossed it on the first day.";
const COUNT_A2: &str = "More than 5,000 people crossed it on opening day, organisers said.";

const CRITICS_A1: &str = "Critics slammed the council's radical spending plan.";
const REPAIRS_A2: &str = "The repairs cost €2 million | a figure the council disputes.";
const FORUM_A3: &str =
    "One resident wrote <script>alert(1)</script> & said \"it's about time\" on a forum.";

fn ids(xs: &[&str]) -> Vec<String> {
    xs.iter().map(|s| s.to_string()).collect()
}

fn omission(group: &str, topic: &str, reported_by: usize, example: Evidence) -> Omission {
    Omission {
        group: group.into(),
        topic: topic.into(),
        reported_by,
        example,
    }
}

fn speaker(name: &str, role: &str, direct: usize, indirect: usize) -> SpeakerCount {
    SpeakerCount {
        speaker: name.into(),
        speaker_key: Some(name.to_lowercase()),
        role: role.into(),
        direct,
        indirect,
    }
}

fn roles(counts: &[(&str, usize)]) -> Vec<RoleCount> {
    counts
        .iter()
        .map(|&(role, count)| RoleCount {
            role: role.into(),
            count,
        })
        .collect()
}

/// An echo in `article` of the words `needle`, spoken there by `speaker`.
fn echo(article: &str, relation: &str, speaker: &str, needle: &str) -> QuoteEcho {
    QuoteEcho {
        article: article.into(),
        relation: relation.into(),
        speaker: Some(speaker.into()),
        evidence: ev(article, needle),
    }
}

/// The whole fixture report.
pub fn report() -> Report {
    let d = date(2026, 3, 11);
    Report {
        schema_version: parallax_core::SCHEMA_VERSION.to_string(),
        sources: vec![
            source(
                "a1",
                "Harbor Ledger",
                "Footbridge back in use",
                d.map(|d| (d, Provenance::HtmlMeta)),
            ),
            source(
                "a2",
                "Valley Courier",
                "Crowds return to the bridge",
                d.map(|d| (d, Provenance::Sidecar)),
            ),
            source("a3", "Northline Post", HEADLINE_A3, None),
        ],
        agreed: vec![
            ClaimGroup {
                id: "c1".into(),
                topic: "Marrowick footbridge reopened Tuesday".into(),
                sources: ids(&["a1", "a2", "a3"]),
                omitted_by: vec![],
                evidence: vec![
                    ev("a1", AGREED_A1),
                    ev("a2", AGREED_A2),
                    ev("a3", AGREED_A3),
                ],
                similarity: 0.71,
                disputed: Vec::new(),
            },
            ClaimGroup {
                id: "c5".into(),
                topic: "first-day crossings".into(),
                sources: ids(&["a1", "a2"]),
                omitted_by: ids(&["a3"]),
                evidence: vec![ev("a1", COUNT_A1), ev("a2", COUNT_A2)],
                similarity: 0.42,
                disputed: Vec::new(),
            },
        ],
        only_in: vec![
            ClaimGroup {
                id: "c2".into(),
                topic: "council spending plan criticised".into(),
                sources: ids(&["a1"]),
                omitted_by: ids(&["a2", "a3"]),
                evidence: vec![ev("a1", CRITICS_A1)],
                similarity: 1.0,
                disputed: Vec::new(),
            },
            ClaimGroup {
                id: "c3".into(),
                topic: "repair cost".into(),
                sources: ids(&["a2"]),
                omitted_by: ids(&["a1", "a3"]),
                evidence: vec![ev("a2", REPAIRS_A2)],
                similarity: 1.0,
                disputed: Vec::new(),
            },
            ClaimGroup {
                id: "c4".into(),
                topic: "resident forum post".into(),
                sources: ids(&["a3"]),
                omitted_by: ids(&["a1", "a2"]),
                evidence: vec![ev("a3", FORUM_A3)],
                similarity: 1.0,
                disputed: Vec::new(),
            },
        ],
        conflicts: vec![Conflict {
            strength: Strength::Contradiction,
            id: "x1".into(),
            kind: ConflictKind::Count,
            topic: "people crossing on the first day".into(),
            sides: vec![
                ConflictSide {
                    article: "a1".into(),
                    value: "≈ 3000 people".into(),
                    value_evidence: ev("a1", "About 3,000"),
                    evidence: ev("a1", COUNT_A1),
                },
                ConflictSide {
                    article: "a2".into(),
                    value: "≥ 5000 people".into(),
                    value_evidence: ev("a2", "More than 5,000"),
                    evidence: ev("a2", COUNT_A2),
                },
            ],
            note: "about 3,000 and more than 5,000 cannot describe the same crowd".into(),
        }],
        reconciled: vec![Conflict {
            strength: Strength::DifferentFigure,
            id: "x2".into(),
            kind: ConflictKind::Duration,
            topic: "length of the repairs".into(),
            sides: vec![
                ConflictSide {
                    article: "a1".into(),
                    value: "4838400 s".into(),
                    value_evidence: ev("a1", "eight weeks"),
                    evidence: ev("a1", AGREED_A1),
                },
                ConflictSide {
                    article: "a2".into(),
                    value: "≈ 5184000 s".into(),
                    value_evidence: ev("a2", "nearly two months"),
                    evidence: ev("a2", AGREED_A2),
                },
            ],
            note: "an approximate two months covers eight weeks".into(),
        }],
        framing: Framing {
            entities: vec![
                EntityFraming {
                    key: "ines varga".into(),
                    name: "Ines Varga".into(),
                    kind: EntityKind::Person,
                    by_source: vec![EntitySourceFraming {
                        article: "a1".into(),
                        mentions: 1,
                        labels: vec![LabelFinding {
                            evidence: ev("a1", "Mayor"),
                            kind: LabelKind::Title,
                            loaded: false,
                            quoted: false,
                        }],
                        tone: 0.2,
                    }],
                },
                EntityFraming {
                    key: "marrowick city council".into(),
                    name: "Marrowick City Council".into(),
                    kind: EntityKind::Organization,
                    by_source: vec![
                        EntitySourceFraming {
                            article: "a1".into(),
                            mentions: 2,
                            labels: vec![LabelFinding {
                                evidence: ev("a1", "radical"),
                                kind: LabelKind::Modifier,
                                loaded: true,
                                quoted: false,
                            }],
                            tone: -0.4,
                        },
                        EntitySourceFraming {
                            article: "a2".into(),
                            mentions: 1,
                            labels: vec![],
                            tone: 0.0,
                        },
                    ],
                },
            ],
            loaded: vec![
                SourceLoaded {
                    article: "a1".into(),
                    words: 45,
                    own_voice: 2,
                    quoted: 0,
                    per_1000_words: 44.4,
                    headline: Vec::new(),
                    terms: vec![
                        LoadedFinding {
                            term: "slam".into(),
                            category: LoadedCategory::Sensational,
                            neutral: "criticise".into(),
                            quoted: false,
                            evidence: ev("a1", "slammed"),
                        },
                        LoadedFinding {
                            term: "radical".into(),
                            category: LoadedCategory::Label,
                            neutral: String::new(),
                            quoted: false,
                            evidence: ev("a1", "radical"),
                        },
                    ],
                },
                SourceLoaded {
                    article: "a2".into(),
                    words: 40,
                    own_voice: 0,
                    quoted: 0,
                    per_1000_words: 0.0,
                    headline: Vec::new(),
                    terms: vec![],
                },
                SourceLoaded {
                    article: "a3".into(),
                    words: 23,
                    own_voice: 1,
                    quoted: 0,
                    per_1000_words: 43.5,
                    headline: vec![
                        HeadlineTerm {
                            term: "fiasco".into(),
                            category: LoadedCategory::Sensational,
                            neutral: "problems".into(),
                            start: 7,
                            end: 13,
                        },
                        HeadlineTerm {
                            term: "finally".into(),
                            category: LoadedCategory::Intensifier,
                            neutral: String::new(),
                            start: 14,
                            end: 21,
                        },
                    ],
                    terms: vec![LoadedFinding {
                        term: "cheer".into(),
                        category: LoadedCategory::Sensational,
                        neutral: "welcome".into(),
                        quoted: false,
                        evidence: ev("a3", "cheered"),
                    }],
                },
            ],
        },
        omissions: vec![
            SourceOmissions {
                article: "a1".into(),
                missing: vec![
                    omission("c3", "repair cost", 1, ev("a2", REPAIRS_A2)),
                    omission("c4", "resident forum post", 1, ev("a3", FORUM_A3)),
                ],
            },
            SourceOmissions {
                article: "a2".into(),
                missing: vec![
                    omission(
                        "c2",
                        "council spending plan criticised",
                        1,
                        ev("a1", CRITICS_A1),
                    ),
                    omission("c4", "resident forum post", 1, ev("a3", FORUM_A3)),
                ],
            },
            SourceOmissions {
                article: "a3".into(),
                missing: vec![
                    omission("c5", "first-day crossings", 2, ev("a1", COUNT_A1)),
                    omission(
                        "c2",
                        "council spending plan criticised",
                        1,
                        ev("a1", CRITICS_A1),
                    ),
                    omission("c3", "repair cost", 1, ev("a2", REPAIRS_A2)),
                ],
            },
        ],
        voices: vec![
            SourceVoices {
                article: "a1".into(),
                speakers: vec![speaker("Ines Varga", "official", 1, 0)],
                by_role: roles(&[("official", 1)]),
                quotes: vec![QuoteFinding {
                    speaker: Some("Ines Varga".into()),
                    speaker_key: Some("ines varga".into()),
                    role: Some("official".into()),
                    kind: QuoteKind::Partial,
                    verb: Some("called".into()),
                    evidence: ev("a1", "a job done right"),
                    echoes: vec![
                        echo("a2", "quoted", "Ines Varga", "a job done right"),
                        echo("a3", "paraphrased", "Ines Varga", "the work was done right"),
                    ],
                }],
            },
            SourceVoices {
                article: "a2".into(),
                speakers: vec![
                    speaker("Tomás Reyes", "expert", 1, 0),
                    speaker("Ines Varga", "official", 1, 0),
                ],
                by_role: roles(&[("expert", 1), ("official", 1)]),
                quotes: vec![
                    QuoteFinding {
                        speaker: Some("Tomás Reyes".into()),
                        speaker_key: Some("tomas reyes".into()),
                        role: Some("expert".into()),
                        kind: QuoteKind::Partial,
                        verb: Some("said".into()),
                        evidence: ev("a2", "should last forty years"),
                        echoes: vec![echo(
                            "a3",
                            "reattributed",
                            "Pia Holm",
                            "should last forty years",
                        )],
                    },
                    QuoteFinding {
                        speaker: Some("Ines Varga".into()),
                        speaker_key: Some("ines varga".into()),
                        role: Some("official".into()),
                        kind: QuoteKind::Partial,
                        verb: Some("called".into()),
                        evidence: ev("a2", "a job done right"),
                        echoes: vec![echo("a1", "quoted", "Ines Varga", "a job done right")],
                    },
                ],
            },
            SourceVoices {
                article: "a3".into(),
                speakers: vec![
                    speaker("one resident", "social_media", 1, 0),
                    speaker("Ines Varga", "official", 0, 1),
                    speaker("Pia Holm", "official", 1, 0),
                ],
                by_role: roles(&[("official", 2), ("social_media", 1)]),
                quotes: vec![
                    QuoteFinding {
                        speaker: Some("one resident".into()),
                        speaker_key: None,
                        role: Some("social_media".into()),
                        kind: QuoteKind::Direct,
                        verb: Some("said".into()),
                        evidence: ev("a3", "it's about time"),
                        echoes: Vec::new(),
                    },
                    QuoteFinding {
                        speaker: Some("Ines Varga".into()),
                        speaker_key: Some("ines varga".into()),
                        role: Some("official".into()),
                        kind: QuoteKind::Indirect,
                        verb: Some("said".into()),
                        evidence: ev("a3", "the work was done right"),
                        echoes: Vec::new(),
                    },
                    QuoteFinding {
                        speaker: Some("Pia Holm".into()),
                        speaker_key: Some("pia holm".into()),
                        role: Some("official".into()),
                        kind: QuoteKind::Direct,
                        verb: Some("said".into()),
                        evidence: ev("a3", "should last forty years"),
                        echoes: vec![echo(
                            "a2",
                            "reattributed",
                            "Tomás Reyes",
                            "should last forty years",
                        )],
                    },
                ],
            },
        ],
        timeline: vec![
            TimeFinding {
                article: "a1".into(),
                value: Some("2026-03-10".into()),
                granularity: Some(Granularity::Day),
                relative: true,
                evidence: ev("a1", "on Tuesday"),
            },
            TimeFinding {
                article: "a2".into(),
                value: Some("2026-03-10".into()),
                granularity: Some(Granularity::Day),
                relative: true,
                evidence: ev("a2", "on Tuesday"),
            },
            TimeFinding {
                article: "a3".into(),
                value: None,
                granularity: None,
                relative: true,
                evidence: ev("a3", "on Tuesday"),
            },
        ],
        synthesis: vec![
            SynthesisSentence {
                text: "The Marrowick footbridge reopened on Tuesday, 10 March 2026, after repairs."
                    .into(),
                kind: SynthesisKind::Consensus,
                sources: ids(&["a1", "a2", "a3"]),
                evidence: vec![
                    ev("a1", AGREED_A1),
                    ev("a2", AGREED_A2),
                    ev("a3", AGREED_A3),
                ],
            },
            SynthesisSentence {
                text: "Reports of first-day crossings range from about 3,000 to more than 5,000."
                    .into(),
                kind: SynthesisKind::Disputed,
                sources: ids(&["a1", "a2"]),
                evidence: vec![ev("a1", COUNT_A1), ev("a2", COUNT_A2)],
            },
        ],
        diagnostics: vec![Diagnostic::warning(
            "a3.html",
            "publication date unknown; relative dates left unresolved",
        )],
    }
}

/// The fixture report with its first source leaving out `n` claims ("topic 0" … ), reported by
/// n, n − 1, … sources, each with the same example.
pub fn many_omissions(n: usize) -> Report {
    let mut r = report();
    let example = r.omissions[0].missing[0].example.clone();
    r.omissions[0].missing = (0..n)
        .map(|i| {
            omission(
                &format!("g{i}"),
                &format!("topic {i}"),
                n - i,
                example.clone(),
            )
        })
        .collect();
    r
}

/// A report in which every list is empty (every section must still say it ran).
pub fn empty_report() -> Report {
    Report {
        schema_version: parallax_core::SCHEMA_VERSION.to_string(),
        sources: vec![],
        agreed: vec![],
        only_in: vec![],
        conflicts: vec![],
        reconciled: vec![],
        framing: Framing::default(),
        omissions: Vec::new(),
        voices: vec![],
        timeline: vec![],
        synthesis: vec![],
        diagnostics: vec![],
    }
}
