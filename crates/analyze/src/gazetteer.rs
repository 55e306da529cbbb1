//! Small built-in word lists: titles, demonyms, role nouns, places and well-known organisations.
//!
//! Written for Parallax (facts, not third-party text). The places are the built-in list of
//! `places.tsv` (continents, regions, countries and capitals, US states) plus, when the caller
//! installs it once at start ([`install_places`]), the larger list the setup step makes from a
//! registry gazetteer; the analyzer reads no file itself.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{LazyLock, OnceLock};

/// Titles and offices that precede a name ("President Ortega", "Premier Tan Wei").
pub static TITLES: Words = Words::new(&[
    "president",
    "premier",
    "prime",
    "minister",
    "chancellor",
    "chairman",
    "chairwoman",
    "chair",
    "secretary",
    "general",
    "gen.",
    "sen.",
    "senator",
    "senators",
    "sens.",
    "reps.",
    "rep.",
    "representative",
    "representatives",
    "governors",
    "mayors",
    "gov.",
    "governor",
    "mayor",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "mr.",
    "mrs.",
    "ms.",
    "dr.",
    "prof.",
    "professor",
    "judge",
    "justice",
    "chief",
    "ambassador",
    "envoy",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "leader",
    "lt.",
    "col.",
    "capt.",
    "sgt.",
    "adm.",
    "rev.",
    "supt.",
    "det.",
    "maj.",
    "cmdr.",
    "atty.",
    "amb.",
    "pres.",
    "hon.",
    "admiral",
    "colonel",
    "captain",
    "commander",
    "director",
    "ceo",
    "founder",
    "coach",
    "sir",
    "lord",
    "lady",
    "sheikh",
    "emir",
    "ayatollah",
    "vice",
    "deputy",
    "foreign",
    "defense",
    "defence",
    "finance",
    "first",
    "lady",
    "speaker",
    "lawmaker",
    "mp",
    "congressman",
    "congresswoman",
    "officer",
    "inspector",
    "detective",
    "sheriff",
    "attorney",
    "prosecutor",
    "economist",
    "analyst",
    "researcher",
    "author",
    "editor",
]);

/// Nouns that name a person by role; a determiner plus one of these can stand for a named person.
pub static ROLE_NOUNS: Words = Words::new(&[
    "leader",
    "president",
    "premier",
    "dictator",
    "strongman",
    "autocrat",
    "chairman",
    "minister",
    "counterpart",
    "official",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "professor",
    "analyst",
    "tyrant",
    "despot",
    "head",
    "chief",
    "boss",
    "king",
    "queen",
    "monarch",
    "ruler",
    "politician",
    "lawmaker",
    "senator",
    "governor",
    "mayor",
    "ambassador",
    "envoy",
    "diplomat",
    "expert",
    "researcher",
    "economist",
    "scholar",
    "journalist",
    "reporter",
    "activist",
    "user",
    "source",
    "resident",
    "witness",
    "director",
    "executive",
    "founder",
    "ceo",
    "host",
    "guest",
    "predecessor",
    "successor",
    "rival",
    "opponent",
    "ally",
    "incumbent",
    // People named by their politics ("the veteran socialist", "the lone communist").
    "communist",
    "socialist",
    "liberal",
    "conservative",
    "progressive",
    "libertarian",
    "nationalist",
    "populist",
    "democrat",
    "republican",
    "centrist",
    "moderate",
    "radical",
    "extremist",
    "militant",
    "hardliner",
    "reformer",
]);

/// Political and evaluative adjectives that commonly label a person before the name.
pub static LABEL_ADJECTIVES: Words = Words::new(&[
    "leftist",
    "left-wing",
    "far-left",
    "liberal",
    "progressive",
    "socialist",
    "marxist",
    "communist",
    "conservative",
    "right-wing",
    "far-right",
    "hardline",
    "hard-line",
    "nationalist",
    "populist",
    "moderate",
    "centrist",
    "reformist",
    "embattled",
    "controversial",
    "disgraced",
    "beleaguered",
    "former",
    "late",
    "outgoing",
    "incoming",
    "acting",
    "interim",
    "veteran",
    "longtime",
    "authoritarian",
    "autocratic",
    "pro-western",
    "anti-american",
    "radical",
    "extremist",
    "militant",
    "dovish",
    "hawkish",
    "popular",
    "unpopular",
    "respected",
    "renowned",
    "notorious",
    "infamous",
    "beloved",
    "elected",
    "unelected",
]);

/// Country names and demonyms (lower case). Demonyms are adjectives, not entities.
pub static DEMONYMS: Words = Words::new(&[
    "afghan",
    "african",
    "albanian",
    "algerian",
    "american",
    "argentine",
    "argentinian",
    "armenian",
    "asian",
    "australian",
    "austrian",
    "bangladeshi",
    "belgian",
    "bolivian",
    "brazilian",
    "british",
    "bulgarian",
    "burmese",
    "cambodian",
    "canadian",
    "chilean",
    "chinese",
    "colombian",
    "croatian",
    "cuban",
    "czech",
    "danish",
    "dutch",
    "egyptian",
    "english",
    "ethiopian",
    "european",
    "filipino",
    "finnish",
    "french",
    "georgian",
    "german",
    "ghanaian",
    "greek",
    "haitian",
    "hungarian",
    "indian",
    "indonesian",
    "iranian",
    "iraqi",
    "irish",
    "israeli",
    "italian",
    "japanese",
    "jordanian",
    "kenyan",
    "korean",
    "kurdish",
    "lebanese",
    "libyan",
    "malaysian",
    "mexican",
    "mongolian",
    "moroccan",
    "nigerian",
    "north",
    "norwegian",
    "pakistani",
    "palestinian",
    "peruvian",
    "polish",
    "portuguese",
    "romanian",
    "russian",
    "saudi",
    "scottish",
    "serbian",
    "singaporean",
    "somali",
    "south",
    "spanish",
    "sudanese",
    "swedish",
    "swiss",
    "syrian",
    "taiwanese",
    "thai",
    "turkish",
    "ukrainian",
    "venezuelan",
    "vietnamese",
    "welsh",
    "yemeni",
    "western",
    "eastern",
    "northern",
    "southern",
    "u.s.",
    "us",
    "u.k.",
    "uk",
    "eu",
    "un",
]);

/// Organisations known by a single name (lower case).
pub static ORGANIZATIONS: Words = Words::new(&[
    "afp",
    "al jazeera",
    "amazon",
    "ap",
    "apec",
    "apple",
    "asean",
    "bbc",
    "bloomberg",
    "cnn",
    "congress",
    "eu",
    "facebook",
    "fbi",
    "cia",
    "google",
    "hamas",
    "hezbollah",
    "imf",
    "instagram",
    "kremlin",
    "meta",
    "microsoft",
    "nasa",
    "nato",
    "netflix",
    "nhk",
    "opec",
    "parliament",
    "pentagon",
    "reuters",
    "samsung",
    "senate",
    "tiktok",
    "twitter",
    "un",
    "unesco",
    "unicef",
    "white house",
    "who",
    "wto",
    "x",
    "xinhua",
    "youtube",
    "huawei",
    "tesla",
    "openai",
    "interpol",
]);

/// Last words that make a name an organisation ("Harwick University", "Research Center").
pub static ORG_SUFFIXES: Words = Words::new(&[
    "agency",
    "association",
    "bank",
    "board",
    "center",
    "centre",
    "college",
    "commission",
    "committee",
    "company",
    "corp",
    "corp.",
    "corporation",
    "council",
    "court",
    "department",
    "foundation",
    "fund",
    "group",
    "inc",
    "inc.",
    "institute",
    "league",
    "ltd",
    "ltd.",
    "ministry",
    "news",
    "office",
    "organization",
    "organisation",
    "parliament",
    "party",
    "police",
    "post",
    "press",
    "school",
    "service",
    "society",
    "times",
    "tribune",
    "union",
    "university",
    "journal",
    "herald",
    "gazette",
    "network",
    "channel",
    "army",
    "navy",
    "forces",
    "government",
    "administration",
    "senate",
    "assembly",
    "federation",
    "authority",
    "bureau",
    "coalition",
    "alliance",
    "club",
    "airlines",
    "motors",
    "media",
    "telegraph",
    "guardian",
    "daily",
    "airways",
    "air lines",
    "corps",
    "computer",
    "computers",
    "brothers",
    "research",
    "services",
    "airplanes",
    "aerospace",
    "force",
    "industries",
    "systems",
    "technologies",
    "electronics",
    "workers",
    "holdings",
    "partners",
    "capital",
    "networks",
    "software",
    "laboratories",
    "labs",
    "pharmaceuticals",
    "automotive",
    "exchange",
    "llc",
    "plc",
    "ag",
    "gmbh",
    "sa",
    "spa",
    "n.v.",
    "nv",
    "co.",
]);

/// Words right before a name that say it is an organisation ("automaker Chrysler", "rival
/// Boeing").
pub static ORG_CUES_BEFORE: Words = Words::new(&[
    "company",
    "firm",
    "maker",
    "manufacturer",
    "automaker",
    "carmaker",
    "airline",
    "carrier",
    "rival",
    "rivals",
    "retailer",
    "giant",
    "supplier",
    "planemaker",
    "airframer",
    "subsidiary",
    "competitor",
    "competitors",
    "conglomerate",
    "brokerage",
    "startup",
    "insurer",
    "lender",
    "operator",
    "publisher",
    "broadcaster",
    "automakers",
    "companies",
]);

/// Words right after a name (or after its possessive) that say it is an organisation ("Ford
/// spokesman", "Boeing's shares").
pub static ORG_CUES_AFTER: Words = Words::new(&[
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "ceo",
    "chairman",
    "executives",
    "shares",
    "stock",
    "shareholders",
    "stockholders",
    "employees",
    "plant",
    "plants",
    "factory",
    "factories",
    "dealers",
    "dealerships",
    "headquarters",
    "subsidiary",
    "workforce",
    "board",
    "profits",
    "revenue",
    "revenues",
    "earnings",
]);

/// Last words that make a name a place ("Kerrin Province", "Union Square").
pub static PLACE_SUFFIXES: Words = Words::new(&[
    "city",
    "province",
    "county",
    "state",
    "island",
    "islands",
    "river",
    "mountain",
    "mountains",
    "square",
    "street",
    "avenue",
    "district",
    "region",
    "valley",
    "bay",
    "sea",
    "ocean",
    "lake",
    "peninsula",
    "strait",
    "airport",
    "harbor",
    "harbour",
    "port",
    "garden",
    "gardens",
]);

/// What kind of place a name is: countries and regions are never read as a person's name;
/// states, capitals and cities can be ("Andrew Jackson", "President Lincoln").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceClass {
    /// Continents, oceans, world regions.
    Region,
    /// Countries and territories.
    Country,
    /// States and provinces.
    State,
    /// Capitals.
    Capital,
    /// Other cities.
    City,
}

impl PlaceClass {
    fn parse(s: &str) -> Option<PlaceClass> {
        Some(match s {
            "region" => PlaceClass::Region,
            "country" => PlaceClass::Country,
            "state" => PlaceClass::State,
            "capital" => PlaceClass::Capital,
            "city" => PlaceClass::City,
            _ => return None,
        })
    }

    /// True for places whose names are also surnames ("Jackson", "Washington", "Lincoln").
    pub fn can_be_surname(self) -> bool {
        !matches!(self, PlaceClass::Region | PlaceClass::Country)
    }
}

type Places = HashMap<String, PlaceClass, BuildHasherDefault<WordHasher>>;

static BUILTIN_PLACES: LazyLock<Places> =
    LazyLock::new(|| parse_places(include_str!("places.tsv")).0);
static INSTALLED_PLACES: OnceLock<Places> = OnceLock::new();

/// Everyday words that are also the names of cities ("Mobile", "Reading", "Nice"): an installed
/// gazetteer never makes them places.
const COMMON_WORD_PLACES: &[&str] = &[
    "mobile",
    "reading",
    "nice",
    "split",
    "male",
    "surprise",
    "independence",
    "orange",
    "temple",
    "bath",
    "hope",
    "union",
    "march",
    "may",
    "liberty",
    "victory",
    "sale",
    "deal",
    "wells",
    "batman",
    "man",
    "of",
    "university",
    "university park",
    "sandy",
    "lawrence",
    "early",
    "most",
    "best",
    "eagle",
    "spring",
    "bend",
    "enterprise",
    "commerce",
    "industry",
    "mission",
    "pride",
    "marathon",
    "opportunity",
    "protection",
    "truth or consequences",
];

/// Given names that are also the names of cities ("Mary Barra", "Tyler Reese"): a place read there
/// would split a person's name, so an installed gazetteer never makes them places. (Surnames
/// that are places are handled where names are read: "Andrew Jackson".)
const GIVEN_NAME_PLACES: &[&str] = &[
    "mary",
    "elizabeth",
    "victoria",
    "charlotte",
    "florence",
    "eugene",
    "tyler",
    "irving",
    "chandler",
    "gilbert",
    "allen",
    "norman",
    "warren",
    "troy",
    "carson",
    "lawrence",
    "kent",
    "aurora",
    "savannah",
    "adelaide",
    "regina",
    "alexandria",
    "marion",
    "david",
    "beatrice",
    "orlando",
    "hamilton",
    "murray",
    "douglas",
    "darwin",
    "isabela",
    "cecilia",
    "jose",
    "mariana",
    "victor",
    "rosario",
    "leon",
];

/// Parse the places format: `name <TAB> class [<TAB> anything]` per line, `#` comments. Names
/// are lower case with single spaces. Returns the places and the number of lines skipped.
fn parse_places(src: &str) -> (Places, usize) {
    let mut out = Places::default();
    let mut skipped = 0;
    for line in src.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut cols = line.split('\t');
        let (Some(name), Some(class)) = (cols.next(), cols.next().and_then(PlaceClass::parse))
        else {
            skipped += 1;
            continue;
        };
        let name = name.trim();
        if name.is_empty() || name != crate::tokens::lower(name) {
            skipped += 1;
            continue;
        }
        // The first class given wins: a name listed as a country stays one.
        out.entry(name.to_string()).or_insert(class);
    }
    (out, skipped)
}

/// True when a name from an installed gazetteer must not become a place: everyday words,
/// function words and the words the analyzer reads as titles, roles, labels or name parts.
fn reserved_word(name: &str) -> bool {
    COMMON_WORD_PLACES.contains(&name)
        || GIVEN_NAME_PLACES.contains(&name)
        || name.chars().any(|c| c.is_ascii_digit())
        || name.chars().count() < 3
        || (!name.contains(' ')
            && (crate::tokens::is_stopword(name)
                || TITLES.has(name)
                || ROLE_NOUNS.has(name)
                || DEMONYMS.has(name)
                || LABEL_ADJECTIVES.has(name)
                || ORG_SUFFIXES.has(name)
                || PLACE_SUFFIXES.has(name)
                || SPEECH_VERBS.has(name)
                || ORGANIZATIONS.has(name)
                || crate::loaded::lexicon().valence(name) != 0))
}

/// Install a larger place list for this process (the format of `places.tsv`; the setup step
/// writes `models/places.tsv` from a registry gazetteer and the binary passes its text here at
/// start). Added to the built-in list; everyday words and the analyzer's own vocabulary are
/// left out. The first installation wins. Returns the number of names installed, or `None`
/// when a list was already installed.
pub fn install_places(src: &str) -> Option<usize> {
    if INSTALLED_PLACES.get().is_some() {
        return None;
    }
    let (mut places, _) = parse_places(src);
    places.retain(|name, _| !reserved_word(name) && !BUILTIN_PLACES.contains_key(name));
    let n = places.len();
    INSTALLED_PLACES.set(places).ok().map(|()| n)
}

/// The class of a place name (lower case, single spaces), from the built-in list first.
pub fn place_class(name: &str) -> Option<PlaceClass> {
    BUILTIN_PLACES
        .get(name)
        .or_else(|| INSTALLED_PLACES.get()?.get(name))
        .copied()
}

/// True when `name` (lower case, single spaces) is a known place.
pub fn is_place(name: &str) -> bool {
    place_class(name).is_some()
}

/// Verbs of saying and writing, in the forms that introduce or follow a quotation.
pub static SPEECH_VERBS: Words = Words::new(&[
    "said",
    "says",
    "say",
    "saying",
    "told",
    "tells",
    "telling",
    "wrote",
    "writes",
    "writing",
    "posted",
    "posts",
    "posting",
    "tweeted",
    "tweeting",
    "joked",
    "jokes",
    "joking",
    "quipped",
    "quipping",
    "quips",
    "added",
    "adding",
    "adds",
    "stated",
    "stating",
    "states",
    "noted",
    "noting",
    "notes",
    "described",
    "describing",
    "describes",
    "called",
    "calling",
    "calls",
    "urged",
    "urging",
    "urges",
    "dubbed",
    "dubbing",
    "declared",
    "declaring",
    "insisted",
    "insisting",
    "insists",
    "claimed",
    "claiming",
    "claims",
    "admitted",
    "admitting",
    "argued",
    "arguing",
    "argues",
    "asked",
    "asking",
    "asks",
    "replied",
    "replying",
    "explained",
    "explaining",
    "warned",
    "warning",
    "warns",
    "announced",
    "announcing",
    "stressed",
    "stressing",
    "expressed",
    "commented",
    "remarked",
    "recalled",
    "begged",
    "pleaded",
    "boasted",
    "acknowledged",
    "conceded",
    "suggested",
    "vowed",
    "promised",
    "predicted",
    "responded",
    "answered",
    "cautioned",
    "emphasized",
    "emphasised",
    "observed",
    "mused",
    "shouted",
    "whispered",
    "tweets",
    "wrote:",
    "inquired",
    "reported",
    "reports",
    "confirmed",
    "denied",
    "told:",
    "accused",
    "accuses",
    "accusing",
    "criticized",
    "criticised",
    "criticizes",
    "countered",
    "demanded",
    "complained",
    "testified",
    "lamented",
    "continued",
    "promise",
    "promises",
    "promising",
    "demand",
    "demands",
    "demanding",
    "charged",
    "vowing",
    "vows",
    "concluded",
    "retorted",
    "scoffed",
    "wondered",
    "blasted",
    "slammed",
    "decried",
    "praised",
    "touted",
]);

/// True when `word` (lower case) is a verb of saying.
pub fn is_speech_verb(word: &str) -> bool {
    let w = word.trim_matches(|c: char| !c.is_alphanumeric());
    SPEECH_VERBS.has(w)
}

/// True when `list` holds `word` (lower case).
pub fn has(list: &Words, word: &str) -> bool {
    list.has(word)
}

/// A word list with a hashed index built on first use: membership is asked for several times
/// per token, and a linear scan of a hundred names per question was a tenth of the analysis.
/// Dereferences to the list itself, in its written order.
pub struct Words {
    list: &'static [&'static str],
    index: OnceLock<HashSet<&'static str, BuildHasherDefault<WordHasher>>>,
}

impl Words {
    /// Wrap a list (the index is built on the first look-up).
    pub const fn new(list: &'static [&'static str]) -> Words {
        Words {
            list,
            index: OnceLock::new(),
        }
    }

    /// True when the list holds `word` exactly.
    pub fn has(&self, word: &str) -> bool {
        self.index
            .get_or_init(|| self.list.iter().copied().collect())
            .contains(word)
    }
}

impl std::ops::Deref for Words {
    type Target = [&'static str];
    fn deref(&self) -> &Self::Target {
        self.list
    }
}

/// A small multiplicative hash (FxHash-style) for short words; no need for SipHash's
/// resistance to chosen keys on a fixed built-in list.
#[derive(Default)]
pub struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [&Words; 10] = [
        &TITLES,
        &ROLE_NOUNS,
        &LABEL_ADJECTIVES,
        &DEMONYMS,
        &ORGANIZATIONS,
        &ORG_SUFFIXES,
        &ORG_CUES_BEFORE,
        &ORG_CUES_AFTER,
        &PLACE_SUFFIXES,
        &SPEECH_VERBS,
    ];

    #[test]
    fn indexed_look_up_agrees_with_the_list() {
        for list in ALL {
            for w in list.iter() {
                assert!(list.has(w), "{w}");
                for other in [
                    format!("{w} "),
                    w.to_uppercase(),
                    w.chars().skip(1).collect(),
                ] {
                    assert_eq!(list.has(&other), list.contains(&other.as_str()), "{other}");
                }
            }
            assert!(!list.has("") && !list.has("zzzz"));
        }
    }

    #[test]
    fn built_in_places_parse_and_are_lower_case() {
        let (places, skipped) = parse_places(include_str!("places.tsv"));
        assert_eq!(skipped, 0, "a line of places.tsv failed to parse");
        assert!(places.len() > 500);
        assert_eq!(place_class("france"), Some(PlaceClass::Country));
        assert_eq!(place_class("new york"), Some(PlaceClass::State));
        assert_eq!(place_class("africa"), Some(PlaceClass::Region));
        assert!(place_class("jackson").is_some_and(PlaceClass::can_be_surname));
        assert!(!PlaceClass::Country.can_be_surname());
        assert!(!is_place("zzzz"));
    }

    #[test]
    fn installed_places_skip_everyday_words_and_analyzer_vocabulary() {
        let (p, skipped) = parse_places("reading\tcity\nBad Case\tcity\nx\tnowhere\n");
        assert_eq!((p.len(), skipped), (1, 2));
        for w in [
            "reading",
            "mobile",
            "president",
            "the",
            "general",
            "chinese",
            "slammed",
        ] {
            assert!(reserved_word(w), "{w}");
        }
        assert!(!reserved_word("harwick") && !reserved_word("port elm"));
    }
}
