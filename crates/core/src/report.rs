//! The comparison report: what one story looks like from every side.
//!
//! `compare` builds one [`Report`]; the renderers (terminal, Markdown, HTML, JSON) only read it.
//! Its JSON form is a stable contract whose schema `parallax schema` prints.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{
    Approx, Diagnostic, EntityKind, Evidence, Granularity, LabelKind, LoadedCategory, Paragraph,
    Provenance, QuoteKind,
};

/// The result of comparing the articles of one story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Report {
    /// Schema version of this JSON document (see `parallax schema`).
    pub schema_version: String,
    /// The articles compared, in input order.
    pub sources: Vec<SourceInfo>,
    /// Facts reported by two or more independent sources.
    pub agreed: Vec<ClaimGroup>,
    /// Facts only one source reports; `omitted_by` names the others.
    pub only_in: Vec<ClaimGroup>,
    /// The same fact with incompatible values.
    pub conflicts: Vec<Conflict>,
    /// Differences that look like conflicts but are compatible (different precision).
    pub reconciled: Vec<Conflict>,
    /// Labels and loaded words per entity and per source.
    pub framing: Framing,
    /// What each source leaves out that others report, most widely reported first.
    #[serde(default)]
    pub omissions: Vec<SourceOmissions>,
    /// Who each source lets speak.
    pub voices: Vec<SourceVoices>,
    /// Every normalised time expression, per source.
    pub timeline: Vec<TimeFinding>,
    /// A neutral synthesis, each sentence traceable to its sources.
    pub synthesis: Vec<SynthesisSentence>,
    /// Problems met on the way (inputs skipped, dates unknown).
    pub diagnostics: Vec<Diagnostic>,
}

/// One compared article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SourceInfo {
    /// Article id used throughout the report.
    pub article: String,
    /// The input it came from.
    pub input: String,
    /// Outlet name, or the article id when unknown.
    pub outlet: String,
    /// Where the outlet name came from; `None` when unknown.
    pub outlet_provenance: Option<Provenance>,
    /// Headline.
    pub title: Option<String>,
    /// Author line.
    pub byline: Option<String>,
    /// Publication date.
    pub published: Option<NaiveDate>,
    /// Where the date came from.
    pub published_provenance: Option<Provenance>,
    /// URL.
    pub url: Option<String>,
    /// Number of words in the body.
    pub words: usize,
    /// Id of the first source whose text is a near-copy of this one (syndicated copy).
    pub copy_of: Option<String>,
    /// The extracted body text: every `Evidence::span` of this article points into it.
    pub text: String,
    /// Blocks of `text` (body, heading, list item, quote).
    pub paragraphs: Vec<Paragraph>,
}

/// A fact and the sources that report it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ClaimGroup {
    /// Stable id within the report ("c1").
    pub id: String,
    /// What the fact is about, as a reader would title it: the first dozen words of its
    /// shortest sentence ("Governor Maria Alvarez opened the new Riverside rail line on Monday").
    pub topic: String,
    /// Ids of the articles that report it.
    pub sources: Vec<String>,
    /// Ids of the articles that do not.
    pub omitted_by: Vec<String>,
    /// The supporting sentence of each source (one or more per source).
    pub evidence: Vec<Evidence>,
    /// Mean pairwise similarity of the supporting sentences (0..1; 1 for a single source).
    pub similarity: f32,
    /// Ids of the conflicts two of whose sides are sentences of this group: the sources state
    /// the fact but give different values in it ("opened the line on Monday" / "on Tuesday").
    /// Such a group is a discrepancy, never a plain agreement; empty when every value agrees.
    #[serde(default)]
    pub disputed: Vec<String>,
}

/// What kind of value two sources disagree on.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    /// Calendar dates (after resolving relative expressions).
    Date,
    /// Days of the week.
    Weekday,
    /// Times of day ("7:40 a.m." vs "9:15 a.m.").
    TimeOfDay,
    /// Counts of things ("12 injured" vs "15 injured").
    Count,
    /// Amounts of money, in the same currency.
    Amount,
    /// Percentages.
    Percent,
    /// Ages in years.
    Age,
    /// Lengths of time.
    Duration,
    /// Places.
    Place,
    /// Ordinal facts with a starting point ("first visit since 2019" vs "since 2017").
    Ordinal,
    /// Rank in a series ("the second accident this year" vs "the third").
    Rank,
    /// Who said a quotation.
    Speaker,
    /// Who made a reported (indirect) statement.
    Attribution,
    /// How a name is spelled ("Stacy" vs "Stacey").
    Spelling,
}

/// One side of a conflict: a source, its normalised value and its words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ConflictSide {
    /// Article id.
    pub article: String,
    /// The value, normalised ("2026-01-05", "≥ 5000 people", "5400 s", "Lisbon").
    pub value: String,
    /// The words stating the value.
    pub value_evidence: Evidence,
    /// The sentence around them.
    pub evidence: Evidence,
}

/// The same fact stated with different values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Conflict {
    /// Stable id within the report ("x1").
    pub id: String,
    /// What kind of value differs.
    pub kind: ConflictKind,
    /// What the fact is about: the first dozen words of the shorter sentence (or, for a spelling
    /// or a quotation, the two forms or the words).
    pub topic: String,
    /// Each side, at least two.
    pub sides: Vec<ConflictSide>,
    /// One line explaining the judgement.
    pub note: String,
    /// How an editor would weigh it: both cannot be true, different figures that may both
    /// hold, or one value more precise than the other.
    #[serde(default)]
    pub strength: Strength,
}

/// How far apart the two sides of a difference are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Strength {
    /// Both cannot be true ("1,200 stores" vs "2,100 stores", "Monday" vs "Wednesday").
    #[default]
    Contradiction,
    /// Different figures that may both hold: rounding, bounds, or counts reported at
    /// different times ("over 300" vs "more than 500 signatures", "22-month" vs "nearly
    /// two-year").
    DifferentFigure,
    /// One value a more precise form of the other ("last year" vs "November 2025").
    DifferentPrecision,
}

/// Labels and loaded language, by entity and by source.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Framing {
    /// Entity × source matrix of labels.
    pub entities: Vec<EntityFraming>,
    /// Loaded words per source.
    pub loaded: Vec<SourceLoaded>,
}

/// How the sources refer to one entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EntityFraming {
    /// Canonical key, shared across articles.
    pub key: String,
    /// Display name.
    pub name: String,
    /// Kind.
    pub kind: EntityKind,
    /// One entry per source that mentions the entity.
    pub by_source: Vec<EntitySourceFraming>,
}

/// How one source refers to one entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EntitySourceFraming {
    /// Article id.
    pub article: String,
    /// Number of mentions.
    pub mentions: usize,
    /// Labels attached.
    pub labels: Vec<LabelFinding>,
    /// Tone of the outlet's own words toward the entity, −1 (hostile) to +1 (warm).
    pub tone: f32,
}

/// A label attached to an entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LabelFinding {
    /// The label's words.
    pub evidence: Evidence,
    /// How it attaches.
    pub kind: LabelKind,
    /// True when it contains a loaded term.
    pub loaded: bool,
    /// True when it lies inside a quotation: the quoted speaker's label, not the outlet's.
    #[serde(default)]
    pub quoted: bool,
}

/// Loaded words of one source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SourceLoaded {
    /// Article id.
    pub article: String,
    /// Words in the article.
    pub words: usize,
    /// Loaded terms in the outlet's own voice.
    pub own_voice: usize,
    /// Loaded terms inside quotations.
    pub quoted: usize,
    /// Own-voice loaded terms per 1,000 words.
    pub per_1000_words: f64,
    /// Each term found.
    pub terms: Vec<LoadedFinding>,
    /// Loaded terms in the headline (`SourceInfo::title`), which readers see first.
    #[serde(default)]
    pub headline: Vec<HeadlineTerm>,
}

/// A loaded term in a source's headline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct HeadlineTerm {
    /// Lexicon entry.
    pub term: String,
    /// Category.
    pub category: LoadedCategory,
    /// A neutral alternative.
    pub neutral: String,
    /// Byte offsets into the headline.
    pub start: usize,
    /// End offset (exclusive).
    pub end: usize,
}

/// One loaded term in one source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LoadedFinding {
    /// Lexicon entry.
    pub term: String,
    /// Category.
    pub category: LoadedCategory,
    /// Neutral alternative; empty when best dropped.
    pub neutral: String,
    /// True when inside a quotation.
    pub quoted: bool,
    /// The words in the text.
    pub evidence: Evidence,
}

/// Who one source quotes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SourceVoices {
    /// Article id.
    pub article: String,
    /// Each quotation in text order.
    pub quotes: Vec<QuoteFinding>,
    /// Each speaker with how often and how they are quoted, most quoted first.
    #[serde(default)]
    pub speakers: Vec<SpeakerCount>,
    /// Quotations per speaker role (official, expert, social_media, anonymous, media, other,
    /// unattributed), most frequent first.
    #[serde(default)]
    pub by_role: Vec<RoleCount>,
}

/// How often one source quotes one speaker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SpeakerCount {
    /// Speaker's name as shown.
    pub speaker: String,
    /// Canonical entity key, when known.
    pub speaker_key: Option<String>,
    /// Role.
    pub role: String,
    /// Direct and partial quotations.
    pub direct: usize,
    /// Reported (indirect) statements.
    pub indirect: usize,
}

/// Quotations of one role in one source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RoleCount {
    /// Role.
    pub role: String,
    /// Quotations.
    pub count: usize,
}

/// The same words in another source, quoted or paraphrased.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct QuoteEcho {
    /// Article id of the other source.
    pub article: String,
    /// `quoted` (also a direct quotation), `paraphrased` (reported as indirect speech), or
    /// `reattributed` (the words given to another speaker: see the conflicts).
    pub relation: String,
    /// Speaker in the other source, when known.
    pub speaker: Option<String>,
    /// The other source's words.
    pub evidence: Evidence,
}

/// What one source leaves out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SourceOmissions {
    /// Article id.
    pub article: String,
    /// Agreed claims it does not report, most widely reported first.
    pub missing: Vec<Omission>,
}

/// One agreed claim a source does not report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Omission {
    /// Id of the agreed claim group (`c3`).
    pub group: String,
    /// Its topic.
    pub topic: String,
    /// How many sources report it.
    pub reported_by: usize,
    /// One source's wording of it.
    pub example: Evidence,
}

/// One quotation with its speaker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct QuoteFinding {
    /// Speaker's canonical name, or the words naming them ("one user"); `None` if unattributed.
    pub speaker: Option<String>,
    /// Canonical entity key of the speaker, when known.
    pub speaker_key: Option<String>,
    /// Role: official, expert, social_media, anonymous, media, other.
    pub role: Option<String>,
    /// Kind.
    pub kind: QuoteKind,
    /// Verb of saying.
    pub verb: Option<String>,
    /// The quoted words.
    pub evidence: Evidence,
    /// The same words in other sources: quoted too, paraphrased, or given to someone else.
    #[serde(default)]
    pub echoes: Vec<QuoteEcho>,
}

/// A normalised time expression of one source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TimeFinding {
    /// Article id.
    pub article: String,
    /// ISO value ("2026-01-05"); `None` when unresolved.
    pub value: Option<String>,
    /// Precision.
    pub granularity: Option<Granularity>,
    /// True when resolved against the publication date.
    pub relative: bool,
    /// The words.
    pub evidence: Evidence,
}

/// What a synthesis sentence stands on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SynthesisKind {
    /// Reported by several independent sources.
    Consensus,
    /// Reported by one source, attributed to it.
    Attributed,
    /// Sources disagree; the versions are set side by side.
    Disputed,
}

/// One sentence of the neutral synthesis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SynthesisSentence {
    /// The sentence.
    pub text: String,
    /// What it stands on.
    pub kind: SynthesisKind,
    /// Ids of the sources it comes from.
    pub sources: Vec<String>,
    /// The source sentences it was made from.
    pub evidence: Vec<Evidence>,
}

/// Compare two approximate numbers: true when "a" and "b" can describe the same amount.
///
/// "about 3,400" and "3,400" agree; "more than 5,000" and "3,400" do not.
pub fn quantities_compatible(a: f64, a_approx: Approx, b: f64, b_approx: Approx) -> bool {
    let (lo_a, hi_a) = bounds(a, a_approx);
    let (lo_b, hi_b) = bounds(b, b_approx);
    lo_a <= hi_b && lo_b <= hi_a
}

fn bounds(v: f64, approx: Approx) -> (f64, f64) {
    match approx {
        Approx::Exact => (v, v),
        Approx::About => (v * 0.9, v * 1.1),
        Approx::AtLeast => (v, f64::INFINITY),
        Approx::AtMost => (f64::NEG_INFINITY, v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn approximate_numbers() {
        assert!(quantities_compatible(
            3400.0,
            Approx::About,
            3400.0,
            Approx::Exact
        ));
        assert!(!quantities_compatible(
            5000.0,
            Approx::AtLeast,
            3400.0,
            Approx::Exact
        ));
        assert!(quantities_compatible(
            3000.0,
            Approx::AtLeast,
            3400.0,
            Approx::Exact
        ));
        assert!(!quantities_compatible(
            12.0,
            Approx::Exact,
            15.0,
            Approx::Exact
        ));
        assert!(quantities_compatible(
            100.0,
            Approx::AtMost,
            15.0,
            Approx::About
        ));
    }
}
