//! Annotation layers over one article's text: sentences, entities, labels, quotes, times,
//! quantities, loaded terms and claims.
//!
//! Like a spaCy `Doc`, an [`Analysis`] is a set of named layers of spans over one frozen text.
//! Layers refer to each other by index (a mention's `entity` indexes `Analysis::entities`).

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Span;

/// All annotation layers of one article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Analysis {
    /// Id of the analysed article.
    pub article: String,
    /// Sentences in text order.
    pub sentences: Vec<Sentence>,
    /// Distinct people, organisations and places, with canonical names.
    pub entities: Vec<Entity>,
    /// Every place an entity is named or referred to, in text order.
    pub mentions: Vec<Mention>,
    /// Words the article attaches to an entity ("leftist", "President", "dictator").
    pub labels: Vec<Label>,
    /// Direct, partial, embedded and indirect quotations with their speakers.
    pub quotes: Vec<Quote>,
    /// Time expressions, normalised against the publication date where possible.
    pub times: Vec<TimeExpr>,
    /// Numbers with what they count.
    pub quantities: Vec<Quantity>,
    /// Loaded words and phrases from the lexicon.
    pub loaded: Vec<LoadedTerm>,
    /// Units of fact read from the sentences.
    pub claims: Vec<Claim>,
}

impl Analysis {
    /// True when `span` lies inside the quoted words of a direct, partial or embedded quote.
    pub fn in_quote(&self, span: Span) -> bool {
        self.quotes
            .iter()
            .any(|q| q.kind != QuoteKind::Indirect && q.outer.contains(span))
    }

    /// Index of the sentence containing byte `pos`.
    pub fn sentence_at(&self, pos: usize) -> Option<usize> {
        self.sentences
            .iter()
            .position(|s| s.span.start <= pos && pos < s.span.end.max(s.span.start + 1))
    }
}

/// What a sentence does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SentenceKind {
    /// States a fact in the outlet's own voice.
    Reported,
    /// Carries the outlet's opinion or evaluation (loaded words, rhetorical questions).
    Opinion,
    /// Mostly the words of someone quoted.
    Quote,
    /// Hedged or speculative ("may", "could", "suggests").
    Speculation,
    /// A section heading.
    Heading,
}

/// One sentence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Sentence {
    /// Where it lies in the text.
    pub span: Span,
    /// Index of the paragraph it belongs to.
    pub paragraph: usize,
    /// What it does.
    pub kind: SentenceKind,
}

/// Kind of named entity.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// A person.
    Person,
    /// A company, party, government body, newspaper, university.
    Organization,
    /// A country, city, region or site.
    Place,
    /// A named thing of another kind (a product, an event).
    Other,
}

/// One distinct entity of an article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Entity {
    /// Canonical key, equal across articles for the same entity ("maria elena ortega").
    pub key: String,
    /// Display name: the fullest form seen ("Maria Elena Ortega").
    pub name: String,
    /// Kind.
    pub kind: EntityKind,
    /// Other surface forms seen in this article ("Ortega", "Governor Ortega").
    pub aliases: Vec<String>,
}

/// How a mention refers to its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MentionForm {
    /// The full name.
    Name,
    /// Part of the name ("Ortega", "Varga").
    Partial,
    /// A pronoun resolved to the entity ("he").
    Pronoun,
    /// A descriptive noun phrase resolved to the entity ("the Chinese leader").
    Description,
}

/// One mention of an entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Mention {
    /// Index into `Analysis::entities`.
    pub entity: usize,
    /// Where it lies in the text.
    pub span: Span,
    /// How it refers.
    pub form: MentionForm,
}

/// How a label attaches to its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LabelKind {
    /// A title or office before the name ("President").
    Title,
    /// Another pre-name modifier ("leftist", "South Korean").
    Modifier,
    /// An appositive ("Ines Marr, professor of economics at Harwick University").
    Appositive,
    /// A descriptive noun phrase that stands for the entity ("the veteran socialist in charge").
    Description,
}

/// A word or phrase an article attaches to an entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Label {
    /// Index into `Analysis::entities`.
    pub entity: usize,
    /// Where it lies in the text.
    pub span: Span,
    /// How it attaches.
    pub kind: LabelKind,
    /// True when the label contains a loaded term.
    pub loaded: bool,
    /// True when the label lies inside a quotation: the speaker's words, not the outlet's.
    #[serde(default)]
    pub quoted: bool,
}

/// Kind of quotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuoteKind {
    /// A whole sentence or more in quotation marks.
    Direct,
    /// A few quoted words inside the outlet's own sentence.
    Partial,
    /// An embedded post (a tweet, a statement block).
    Embedded,
    /// Reported speech without quotation marks ("X told the BBC that …").
    Indirect,
}

/// Who is quoted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Speaker {
    /// The words naming the speaker ("Park", "one user").
    pub span: Span,
    /// Index into `Analysis::entities` when the speaker is a known entity.
    pub entity: Option<usize>,
    /// Role of the speaker: official, expert, social_media, anonymous, media, other.
    pub role: String,
}

/// One quotation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Quote {
    /// The quoted words, without quotation marks.
    pub span: Span,
    /// The quoted words with their quotation marks (equal to `span` for indirect speech).
    pub outer: Span,
    /// Kind.
    pub kind: QuoteKind,
    /// Speaker, when attributed.
    pub speaker: Option<Speaker>,
    /// The verb of saying ("said", "joked", "posted"), when found.
    pub verb: Option<Span>,
}

/// How precise a time value is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    /// One day.
    Day,
    /// One week.
    Week,
    /// One month.
    Month,
    /// One year.
    Year,
    /// An open or multi-unit range ("since 2019", "the 1990s").
    Range,
}

/// What a time expression is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TimeKind {
    /// A point or period in the calendar ("on Monday", "last year", "January 5, 2026").
    Date,
    /// A starting point ("since 2019").
    Since,
    /// A time of day only ("at 9 a.m.").
    TimeOfDay,
}

/// A normalised time value: an inclusive range of days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TimeValue {
    /// ISO 8601 form at its precision ("2026-01-05", "2025-11", "2025", "2019/..";
    /// "2026-01-05T07:40" for a time of day, on the day named beside it or the publication day).
    pub iso: String,
    /// Precision.
    pub granularity: Granularity,
    /// First day covered.
    pub start: NaiveDate,
    /// Last day covered (inclusive).
    pub end: NaiveDate,
    /// True when resolved against the publication date (a relative expression).
    pub relative: bool,
}

/// A time expression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TimeExpr {
    /// Where it lies in the text.
    pub span: Span,
    /// What it is.
    pub kind: TimeKind,
    /// Weekday named in the expression, if any ("monday").
    pub weekday: Option<String>,
    /// The value; `None` when it is relative and the publication date is unknown.
    pub value: Option<TimeValue>,
    /// A time of day on the 24-hour clock ("07:40" for "7:40 a.m."), for `TimeOfDay`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock: Option<String>,
}

/// Approximation marker of a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Approx {
    /// As stated.
    Exact,
    /// "about", "around", "some", "roughly", "nearly", "almost".
    About,
    /// "more than", "over", "at least".
    AtLeast,
    /// "fewer than", "less than", "under", "up to".
    AtMost,
}

/// What kind of quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuantityKind {
    /// A count of things ("3,400 times", "four key demands").
    Count,
    /// A length of time ("forty-minute", "hour-long"); `value` in seconds.
    Duration,
    /// An amount of money; `unit` is the currency.
    Money,
    /// A percentage.
    Percent,
    /// An ordinal ("first", "second").
    Ordinal,
    /// An age in years ("54-year-old", "aged 54").
    Age,
}

/// A number with what it counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Quantity {
    /// The number words, with their approximation marker.
    pub span: Span,
    /// Kind.
    pub kind: QuantityKind,
    /// The value (seconds for durations).
    pub value: f64,
    /// Approximation marker.
    pub approx: Approx,
    /// Unit or currency when there is one ("minute", "USD", "%").
    pub unit: Option<String>,
    /// Lemma of the noun counted ("share", "demand", "summit").
    pub counted: Option<String>,
}

/// Category of a loaded term.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum LoadedCategory {
    /// Name-calling or a pejorative/partisan label ("dictator", "leftist", "regime").
    Label,
    /// A verb of saying that judges the speaker ("begged", "admitted", "claimed").
    SayingVerb,
    /// An intensifier or superlative ("absolutely", "most reckless").
    Intensifier,
    /// Sensational or emotive wording ("slammed", "chaos", "shocking").
    Sensational,
    /// Speculation or a hedge presented as insight ("apparently", "signals").
    Speculation,
}

/// A loaded word or phrase found in the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LoadedTerm {
    /// Where it lies in the text.
    pub span: Span,
    /// Lexicon entry it matched (lower case, base form).
    pub term: String,
    /// Category.
    pub category: LoadedCategory,
    /// A neutral alternative; empty when the word is best dropped.
    pub neutral: String,
    /// True when the word is inside a quotation (someone else's voice, not the outlet's).
    pub quoted: bool,
}

/// Whose voice a claim is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Voice {
    /// The outlet's own words.
    Own,
    /// Wholly a quotation.
    Quoted,
    /// The outlet's words around a quotation.
    Mixed,
}

/// A unit of fact: one sentence (or clause) with what it is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Claim {
    /// Index of the sentence it comes from.
    pub sentence: usize,
    /// Where it lies in the text.
    pub span: Span,
    /// Whose voice it is in.
    pub voice: Voice,
    /// Indices of entities mentioned.
    pub entities: Vec<usize>,
    /// Content-word stems, lower case, in order of first appearance.
    pub terms: Vec<String>,
    /// Indices into `Analysis::times`.
    pub times: Vec<usize>,
    /// Indices into `Analysis::quantities`.
    pub quantities: Vec<usize>,
    /// Indices into `Analysis::quotes`.
    pub quotes: Vec<usize>,
}
