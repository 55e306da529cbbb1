//! Comparison behaviour on small invented articles: origins, approximate numbers, weekdays.

use chrono::NaiveDate;
use parallax_core::{Article, ConflictKind, Provenance, Report, Sourced};

fn art(id: &str, outlet: &str, date: Option<&str>, text: &str) -> Article {
    let mut a = Article::from_text(id, text);
    a.source = Some(Sourced::new(outlet.to_string(), Provenance::Flag));
    a.published = date
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map(|d| Sourced::new(d, Provenance::Flag));
    a
}

fn kinds(r: &Report) -> Vec<ConflictKind> {
    r.conflicts.iter().map(|c| c.kind).collect()
}

const WIRE: &str = "The city council approved the new harbour budget on Thursday after a long debate.\n\
    About 3,400 residents signed a petition against the plan, organisers said.\n\
    The mayor said the vote was a turning point for the port district.";

#[test]
fn syndicated_copies_are_one_origin() {
    let copy = format!("{WIRE}\nThe council will meet again next month.");
    let other = "Residents of the port district reacted calmly to the harbour budget.";
    let r = parallax_compare::compare(
        &[
            art("a", "Wire", Some("2026-05-08"), WIRE),
            art("b", "Reprint", Some("2026-05-08"), &copy),
            art("c", "Local", Some("2026-05-08"), other),
        ],
        Vec::new(),
    );
    assert_eq!(r.sources[1].copy_of.as_deref(), Some("a"));
    // The copied sentences agree only with their own origin: that is one source, not two.
    assert!(
        r.agreed.iter().all(|g| g.sources.iter().any(|s| s == "c")),
        "{:#?}",
        r.agreed
    );
    assert!(
        r.only_in.iter().any(|g| g.sources == ["a", "b"]),
        "a fact told by an origin and its copy is single-origin"
    );
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.message.contains("near-copy of a"))
    );
}

#[test]
fn approximate_numbers() {
    let a = art(
        "a",
        "One",
        Some("2026-05-08"),
        "About 3,400 residents signed a petition against the harbour plan.",
    );
    let b = art(
        "b",
        "Two",
        Some("2026-05-08"),
        "Exactly 3,400 residents signed a petition against the harbour plan.",
    );
    let c = art(
        "c",
        "Three",
        Some("2026-05-08"),
        "More than 5,000 residents signed a petition against the harbour plan.",
    );
    let r = parallax_compare::compare(&[a.clone(), b.clone()], Vec::new());
    assert!(r.conflicts.is_empty(), "about 3,400 and 3,400 agree");
    assert_eq!(r.reconciled.len(), 1);
    let r = parallax_compare::compare(&[b, c], Vec::new());
    assert_eq!(kinds(&r), [ConflictKind::Count]);
    assert_eq!(r.conflicts[0].sides[1].value, "≥ 5,000 resident");
    assert_eq!(
        r.conflicts[0].sides[1].value_evidence.text,
        "More than 5,000"
    );
}

#[test]
fn weekdays_without_dates_compare_by_name_and_dates_by_day() {
    let text = |day: &str| {
        format!("The council approved the new harbour budget on {day} after a long debate.")
    };
    let r = parallax_compare::compare(
        &[
            art("a", "One", None, &text("Thursday")),
            art("b", "Two", None, &text("Friday")),
        ],
        Vec::new(),
    );
    assert_eq!(kinds(&r), [ConflictKind::Weekday]);
    // Published on different days, "Thursday" and "yesterday" can be the same day.
    let r = parallax_compare::compare(
        &[
            art("a", "One", Some("2026-05-08"), &text("Thursday")),
            art("b", "Two", Some("2026-05-08"), &text("Thursday")),
            art(
                "c",
                "Three",
                Some("2026-05-08"),
                "The council approved the new harbour budget yesterday after a long debate.",
            ),
        ],
        Vec::new(),
    );
    assert!(r.conflicts.is_empty(), "{:#?}", r.conflicts);
    assert_eq!(r.agreed[0].sources.len(), 3);
}

#[test]
fn two_facts_of_one_article_never_share_a_group() {
    let a = art(
        "a",
        "One",
        None,
        "The ceremony at the station drew 3,000 people.\nThe ceremony at the station lasted two hours.",
    );
    let b = art(
        "b",
        "Two",
        None,
        "The ceremony at the station drew 500 people.\nThe ceremony at the station lasted one hour.",
    );
    let r = parallax_compare::compare(&[a, b], Vec::new());
    for g in &r.agreed {
        let mut arts: Vec<&str> = g.evidence.iter().map(|e| e.article.as_str()).collect();
        arts.dedup();
        assert_eq!(
            arts.len(),
            g.evidence.len(),
            "one claim per article per group: {g:#?}"
        );
    }
    let mut k = kinds(&r);
    k.sort();
    assert_eq!(k, [ConflictKind::Count, ConflictKind::Duration]);
}

#[test]
fn every_evidence_slices_its_text() {
    let a = art(
        "a",
        "One",
        Some("2026-05-08"),
        "“We will rebuild,” said Mayor Ana Ruiz on Thursday. Émilie Roux’s café re-opened.",
    );
    let b = art(
        "b",
        "Two",
        Some("2026-05-08"),
        "Mayor Ana Ruiz promised on Thursday to rebuild the café district.",
    );
    let r = parallax_compare::compare(&[a.clone(), b.clone()], Vec::new());
    let json = serde_json::to_value(&r).unwrap();
    fn walk(v: &serde_json::Value, texts: &[(&str, &str)], n: &mut usize) {
        match v {
            serde_json::Value::Object(o) => {
                if let (Some(a), Some(s), Some(t)) = (
                    o.get("article").and_then(|x| x.as_str()),
                    o.get("span"),
                    o.get("text").and_then(|x| x.as_str()),
                ) {
                    let text = texts.iter().find(|(id, _)| *id == a).unwrap().1;
                    let (st, en) = (
                        s["start"].as_u64().unwrap() as usize,
                        s["end"].as_u64().unwrap() as usize,
                    );
                    assert_eq!(text.get(st..en), Some(t));
                    *n += 1;
                }
                o.values().for_each(|x| walk(x, texts, n));
            }
            serde_json::Value::Array(xs) => xs.iter().for_each(|x| walk(x, texts, n)),
            _ => {}
        }
    }
    let mut n = 0;
    walk(&json, &[("a", &a.text), ("b", &b.text)], &mut n);
    assert!(n > 5);
}

/// A partial quote inside a fuller one is the same statement; the same two names doing the
/// same thing align across a short and a long sentence (both pairs score under `ALIGN` on
/// words alone); sharing only names does not.
#[test]
fn partial_quotes_and_named_facts_in_long_sentences_align() {
    let a = art(
        "a",
        "One",
        None,
        "Mayor Ruth Okafor was delighted, and called the day “a promise kept.”\n\
         “The view from the deck is lovely, isn’t it?” Okafor posted on Mastodon with the photo.\n\
         Okafor thanked Governor Ivan Petrov for the funding.",
    );
    let b = art(
        "b",
        "Two",
        None,
        "Opening the crossing at dawn after a decade of delays and two failed tenders, Mayor Ruth \
         Okafor told the crowd that this was \"a promise kept for every family in the valley.\"\n\
         The photo, showing the mayor, her two deputies and the chief engineer beside the new span, \
         was posted by Okafor on the social network Mastodon before noon, drawing thousands of \
         replies from residents.\n\
         Governor Ivan Petrov visited the flooded farms south of the river.",
    );
    let r = parallax_compare::compare(&[a, b], Vec::new());
    let pairs: Vec<(String, String)> = r
        .agreed
        .iter()
        .map(|g| (g.evidence[0].text.clone(), g.evidence[1].text.clone()))
        .collect();
    let has = |x: &str, y: &str| pairs.iter().any(|(a, b)| a.contains(x) && b.contains(y));
    assert!(
        has("a promise kept", "a promise kept for every"),
        "{pairs:#?}"
    );
    assert!(
        has("posted on Mastodon", "was posted by Okafor"),
        "{pairs:#?}"
    );
    assert_eq!(pairs.len(), 2, "{pairs:#?}");
}

/// "Who said it" sets a person against a person: the same words given to one person under two
/// forms of her name, or to a body in one outlet, are no conflict; two different people are.
#[test]
fn speaker_conflicts_set_two_people_against_each_other() {
    let said = |who: &str| {
        format!(
            "The ferry line reopened on Friday.\n\u{201c}We will not close this crossing again while I hold this office,\u{201d} {who} said on Friday."
        )
    };
    let speakers =
        |a: &str, b: &str| conflicts_between(&said(a), &said(b), |k| k == ConflictKind::Speaker);
    assert_eq!(speakers("Mayor Timothy Okafor", "Mayor Ada Vance"), 1);
    assert_eq!(speakers("Mayor Timothy Okafor", "Tim Okafor"), 0);
    assert_eq!(speakers("Mayor William Hale", "Bill Hale"), 0);
    assert_eq!(speakers("Mayor Timothy Okafor", "the Harbor Authority"), 0);
}

/// A title in quotation marks is nobody's words: a book named in two sentences about two
/// people is no "who said it".
#[test]
fn a_quoted_title_is_no_speech() {
    let both = |x: &str, y: &str| conflicts_between(x, y, |k| k == ConflictKind::Speaker);
    assert_eq!(
        both(
            "Tomas Brandt called the reporting in \u{201c}Harbour of Lies and Silence\u{201d} false on Friday.",
            "The claim appears in \u{201c}Harbour of Lies and Silence,\u{201d} a book on the port, Ada Vance said on Friday.",
        ),
        0
    );
}

/// "Who said it" needs each outlet to say who said it: words set beside a subject without a
/// verb of saying (a slogan on the banners behind her) are not that subject's statement, so
/// they dispute no speaker.
#[test]
fn speaker_conflicts_need_a_verb_of_saying_on_both_sides() {
    let said =
        "\u{201c}Keep the crossing open for every family,\u{201d} Mayor Ada Vance said on Friday.";
    let worn = "Mayor Ada Vance waved to the crowd from a stage hung with \u{201c}Keep the crossing open for every family\u{201d} banners.";
    let both = |x: &str, y: &str| conflicts_between(x, y, |k| k == ConflictKind::Speaker);
    let other = "\u{201c}Keep the crossing open for every family,\u{201d} Councillor Timo Berg said on Friday.";
    assert_eq!(both(worn, other), 0);
    assert_eq!(
        both(said, other),
        1,
        "a verb on both sides: two people, one quotation"
    );
}

/// A group whose sentences give different values for one fact is a discrepancy: it names the
/// conflict in `disputed` and is never a plain agreement; the same sentences with one value
/// agree.
#[test]
fn a_group_with_a_conflict_inside_is_marked_disputed() {
    let told = |pages: &str| {
        pair(
            "The ministry released a 36-page report on the harbour dredging on Monday.",
            &format!(
                "On Monday the ministry published its {pages}-page report about dredging the harbour."
            ),
        )
    };
    let r = told("35");
    assert_eq!(kinds(&r), [ConflictKind::Count], "{:#?}", r.conflicts);
    assert_eq!(r.agreed.len(), 1, "{:#?}", r.agreed);
    assert_eq!(r.agreed[0].disputed, [r.conflicts[0].id.clone()]);
    let r = told("36");
    assert!(r.conflicts.is_empty(), "{:#?}", r.conflicts);
    assert_eq!(r.agreed.len(), 1, "{:#?}", r.agreed);
    assert!(r.agreed[0].disputed.is_empty());
}

/// Date and weekday conflicts between two one-article sources telling `x` and `y`.
fn date_conflicts(x: &str, y: &str) -> usize {
    conflicts_between(x, y, |k| {
        matches!(k, ConflictKind::Date | ConflictKind::Weekday)
    })
}

/// Conflicts of the kinds `wanted` keeps between two one-article sources telling `x` and `y`.
fn conflicts_between(x: &str, y: &str, wanted: impl Fn(ConflictKind) -> bool) -> usize {
    let r = parallax_compare::compare(
        &[
            art("a", "One", Some("2026-05-08"), x),
            art("b", "Two", Some("2026-05-08"), y),
        ],
        Vec::new(),
    );
    kinds(&r).into_iter().filter(|k| wanted(*k)).count()
}

/// Two dates conflict only when they date one event: the day a bill reached the governor is
/// not the day she vetoed it, and "the 2030 election" dates the election, not the vote.
#[test]
fn dates_of_different_events_do_not_conflict() {
    // One event, two days: a conflict.
    assert_eq!(
        date_conflicts(
            "Governor Ada Vance vetoed the harbour tax bill on Monday.",
            "Governor Ada Vance vetoed the harbour tax bill on Wednesday.",
        ),
        1
    );
    // Two events of one story on two days.
    assert_eq!(
        date_conflicts(
            "The legislature sent the harbour tax bill to Governor Ada Vance on Monday.",
            "Governor Ada Vance vetoed the harbour tax bill on Wednesday.",
        ),
        0
    );
    // The date belongs to the clause after "after".
    assert_eq!(
        date_conflicts(
            "Ada Vance criticised the harbour tax bill after the audit was published on Sunday.",
            "Ada Vance criticised the harbour tax bill on Tuesday.",
        ),
        0
    );
    // A year that modifies a noun dates that thing.
    assert_eq!(
        date_conflicts(
            "Ada Vance said the harbour tax bill would hurt her 2027 campaign.",
            "Ada Vance said last week that the harbour tax bill would hurt her campaign.",
        ),
        0
    );
}

/// A figure written with a scale word is rounded as written: "2.1 million" is "2.123 million"
/// at a coarser precision (reconciled), "$4 billion" is not "$4.6 billion" (a conflict).
#[test]
fn a_rounded_figure_is_the_precise_one_as_written() {
    let r = pair(
        "Dockers filed 2.1 million claims for harbour unemployment benefits last week, the ministry said.",
        "Dockers filed 2.123 million claims for harbour unemployment benefits last week, ministry data showed.",
    );
    assert!(r.conflicts.is_empty(), "{:#?}", r.conflicts);
    assert_eq!(r.reconciled.len(), 1, "{:#?}", r.reconciled);
    let r = pair(
        "The council approved $4 billion for the harbour tunnel on Monday.",
        "The council approved $4.6 billion for the harbour tunnel on Monday night.",
    );
    assert_eq!(kinds(&r), [ConflictKind::Amount], "{:#?}", r.conflicts);
}

/// A forecast is not a result: the figure economists expected and the figure reported are
/// two figures, wherever the sentences sit; two results of one count still conflict.
#[test]
fn a_forecast_figure_is_not_the_reported_one() {
    let counts = |x: &str, y: &str| {
        conflicts_between(x, y, |k| k == ConflictKind::Count) + pair(x, y).reconciled.len()
    };
    let result = "Harbour employers added 850,000 dock jobs in June, the ministry said on Friday.";
    assert_eq!(
        counts(
            result,
            "Economists had expected that 700,000 dock jobs would be added in June."
        ),
        0
    );
    assert_eq!(
        counts(
            result,
            "Harbour employers added 720,000 dock jobs in June, according to the ministry."
        ),
        1
    );
    // A goal is no result either.
    assert_eq!(
        counts(
            "The port's first full week saw 1.3 million containers unloaded, according to the ministry.",
            "Governor Ada Vance raised her goal, saying the port could soon be unloading 1.5 million containers a week.",
        ),
        0
    );
}

/// How much a count moved is not its level: "rose by 61,000 claims" against "rose to 719,000
/// claims".
#[test]
fn a_change_by_is_not_a_level() {
    let counts = |x: &str, y: &str| {
        conflicts_between(x, y, |k| k == ConflictKind::Count) + pair(x, y).reconciled.len()
    };
    assert_eq!(
        counts(
            "Weekly harbour benefit claims rose to 719,000 claims last week, the ministry reported Thursday.",
            "Weekly harbour benefit claims rose by 61,000 claims last week, the ministry said on Thursday.",
        ),
        0
    );
}

/// An increment is not a total: "about 90 additional students" against "250 students".
#[test]
fn an_increment_is_not_a_total() {
    let counts = |x: &str, y: &str| {
        conflicts_between(x, y, |k| k == ConflictKind::Count) + pair(x, y).reconciled.len()
    };
    assert_eq!(
        counts(
            "About 90 additional foreign students at the harbour college have been arrested in recent months.",
            "The harbour college sting led to the arrest of 250 foreign students this year, officials said.",
        ),
        0
    );
}

/// A share of something and a change of something are two figures: "60 percent of the
/// complaints" is not "surged nearly 20 percent".
#[test]
fn a_share_is_not_a_change() {
    let percents = |x: &str, y: &str| conflicts_between(x, y, |k| k == ConflictKind::Percent);
    assert_eq!(
        percents(
            "Ferry passengers filed more than 60 percent of the harbour complaints in 2025, the port authority reported Monday.",
            "Harbour complaints surged nearly 20 percent in 2025, according to the port authority report.",
        ),
        0
    );
    assert_eq!(
        percents(
            "Harbour complaints surged 31 percent in 2025, the port authority reported Monday.",
            "Harbour complaints surged nearly 20 percent in 2025, according to the port authority report.",
        ),
        1
    );
}

/// Saying is an act of its own: the day someone said a thing and the day the thing was done
/// are two days, not a disputed one; two outlets dating the same saying differently conflict.
#[test]
fn the_day_of_a_saying_is_not_the_day_of_what_was_said() {
    assert_eq!(
        date_conflicts(
            "The Harbour Gazette said Saturday that it had dismissed the reporter who covered the ferry strike.",
            "The Harbour Gazette first published the reporter's article on the ferry strike Thursday morning.",
        ),
        0
    );
    assert_eq!(
        date_conflicts(
            "Mayor Ada Vance phoned Councillor Timo Berg on Friday to revive the ferry deal.",
            "Mayor Ada Vance said on Saturday that she had spoken with Councillor Timo Berg about the ferry deal.",
        ),
        0
    );
    assert_eq!(
        date_conflicts(
            "The Harbour Gazette said Saturday that it had dismissed the reporter who covered the ferry strike.",
            "The Harbour Gazette said on Thursday that it had dismissed the reporter who covered the ferry strike.",
        ),
        1
    );
    // A date alone in its clause does not say which event it dates; a date before a noun
    // names that thing ("a Friday deadline").
    assert_eq!(
        date_conflicts(
            "The Harbour Front claimed responsibility for the blast that hurt 22 people at a concert in Elmford, Monday night.",
            "The Harbour Front claimed Tuesday that one of its fighters set off the blast at the Elmford concert.",
        ),
        0
    );
    assert_eq!(
        date_conflicts(
            "Word on Thursday that Mayor Ada Vance is preparing a run for governor upset the race.",
            "Mayor Ada Vance is preparing to file papers for the governor's race ahead of a Friday deadline.",
        ),
        0
    );
    // Two people's sayings on two days are two events.
    assert_eq!(
        date_conflicts(
            "Former mayor Tomas Brandt said Sunday that Mayor Ada Vance will resign soon over the ferry scandal.",
            "Mayor Ada Vance said on Saturday that she would stay in office over the ferry scandal.",
        ),
        0
    );
    // A bound is not the day of the event: "before Friday" is a deadline.
    assert_eq!(
        date_conflicts(
            "A harbour judge ruled Monday that the port board must recount the ferry ballots.",
            "A harbour judge ordered the port board to recount the ferry ballots and barred it from certifying the vote before Friday.",
        ),
        0
    );
}

/// Where something happened: two cities conflict, a city and the state around it do not.
#[test]
fn places_that_may_contain_each_other_do_not_conflict() {
    let place_conflicts = |x: &str, y: &str| conflicts_between(x, y, |k| k == ConflictKind::Place);
    let said = |place: &str| {
        format!("Senator Ada Vance outlined her foreign policy in a speech in {place} on Monday.")
    };
    assert_eq!(place_conflicts(&said("Chicago"), &said("Boston")), 1);
    assert_eq!(place_conflicts(&said("Chicago"), &said("Illinois")), 0);
    assert_eq!(
        place_conflicts(&said("New York"), &said("New York City")),
        0
    );
    // Two events, two places: where someone died and where someone else met the king.
    assert_eq!(
        place_conflicts(
            "Minister Ada Vance held talks with harbour leaders on Tuesday as sources said the reporter Ivo Kral died at the consulate in Lisbon.",
            "Pressure is growing on the harbour board to explain what happened to the reporter Ivo Kral, as Minister Ada Vance met the king in Madrid.",
        ),
        0
    );
    // One of several places the other sentence names is no different place.
    assert_eq!(
        place_conflicts(
            "Governor Ada Vance swept the three primaries on Tuesday, winning in Ohio, Nevada and Oregon by wide margins.",
            "Governor Ada Vance won the primary in Nevada on Tuesday by a wide margin over Timo Berg."
        ),
        0
    );
}

/// The same counted thing in sentences the alignment does not pair is still one figure: "more
/// than 5,000 harbour pilots" and "5,200 harbour pilots" can both hold (reconciled), "3,000"
/// would not; a bare "people" names too little to compare.
#[test]
fn counts_of_one_thing_are_compared_across_unpaired_sentences() {
    let story = |x: &str, y: &str| {
        parallax_compare::compare(
            &[
                art("a", "One", Some("2026-05-08"), x),
                art("b", "Two", Some("2026-05-08"), y),
            ],
            Vec::new(),
        )
    };
    let a = "The strike began after the port authority announced it was replacing more than 5,000 harbour pilots over the winter.";
    let b = "Officials said 5,200 harbour pilots walked out on Monday in what the union called a last resort.";
    let r = story(a, b);
    assert_eq!(kinds(&r), []);
    assert_eq!(r.reconciled.len(), 1, "{:#?}", r.reconciled);
    assert_eq!(r.reconciled[0].kind, ConflictKind::Count);
    let c = "Officials said 3,000 harbour pilots walked out on Monday in what the union called a last resort.";
    assert_eq!(kinds(&story(a, c)), [ConflictKind::Count]);
    let d =
        "Officials said 3,000 people walked out on Monday in what the union called a last resort.";
    let e = "The strike began after the port authority announced it was replacing more than 5,000 people over the winter.";
    assert_eq!(kinds(&story(e, d)), []);
}

/// Articles `x` and `y`, one outlet each, compared.
fn pair(x: &str, y: &str) -> Report {
    parallax_compare::compare(
        &[
            art("a", "One", Some("2026-05-08"), x),
            art("b", "Two", Some("2026-05-08"), y),
        ],
        Vec::new(),
    )
}

/// A compound duration measures the noun after it: "a 22-month inquiry" and "a nearly
/// two-year probe" measure one investigation (different figures that may both hold), even
/// when the sentences around them differ; "the first meeting in 20 days" and "the two-week
/// mark" of a strike measure two things.
#[test]
fn durations_of_one_thing_are_compared_and_of_two_things_not() {
    let a =
        "The harbour commission closed its 22-month inquiry into the ferry contracts on Tuesday.";
    let b = "Pilots welcomed the end of the nearly two-year probe, which cost the port dearly.";
    let r = pair(a, b);
    assert_eq!(kinds(&r), []);
    assert_eq!(r.reconciled.len(), 1, "{:#?}", r.reconciled);
    assert_eq!(r.reconciled[0].kind, ConflictKind::Duration);
    // Shown in the units the outlets use, not in hours.
    let values: Vec<&str> = r.reconciled[0]
        .sides
        .iter()
        .map(|s| s.value.as_str())
        .collect();
    assert_eq!(values, ["22 months", "≈ 2 years"]);
    let c = "The harbour strike dragged on as union leaders met the mayor on Tuesday, the first meeting in 20 days.";
    let d = "The harbour strike dragged on past the two-week mark on Tuesday as union leaders met the mayor.";
    let r = pair(c, d);
    assert!(
        r.conflicts
            .iter()
            .chain(&r.reconciled)
            .all(|k| k.kind != ConflictKind::Duration),
        "{:#?}",
        r.conflicts
    );
}

/// One period of one holder given with other years is a contradiction; two periods of one
/// life (a council term, then a mayoral term) are not.
#[test]
fn periods_of_one_holder_conflict_when_they_mostly_overlap() {
    let date = |x: &str, y: &str| conflicts_between(x, y, |k| k == ConflictKind::Date);
    assert_eq!(
        date(
            "Ada Vance will be the first woman to lead the port since Mira Olsen, who held the post from 1971 to 1983.",
            "Vance follows Mira Olsen, who ran the port authority from 1972 to 1984, as its second woman chief.",
        ),
        1
    );
    assert_eq!(
        date(
            "Mira Olsen sat on the city council from 1962 to 1970 before her career at the port.",
            "Mira Olsen ran the port authority from 1972 to 1984, a record tenure.",
        ),
        0
    );
}

/// One name spelled two ways by two outlets is worth an editor's look; a name and its plural
/// or adjective ("Herrick" / "Herricks", "Norway" / "Norwegian") is not, and neither is a typo an
/// article makes beside the right spelling.
#[test]
fn one_name_spelled_two_ways_is_reported() {
    let spelling = |x: &str, y: &str| conflicts_between(x, y, |k| k == ConflictKind::Spelling);
    assert_eq!(
        spelling(
            "Mayor Tomas Herrick and his wife Katharine attended the launch on Friday.",
            "Mayor Tomas Herrick attended the launch on Friday with his wife, Katherine.",
        ),
        1
    );
    assert_eq!(
        spelling(
            "Mayor Tomas Herrick attended the launch on Friday.",
            "The Herricks attended the launch on Friday.",
        ),
        0
    );
    assert_eq!(
        spelling(
            "Mayor Tomas Herrick and his wife Katharine attended the launch. Katherine Herrick cut the ribbon.",
            "Mayor Tomas Herrick attended the launch on Friday with his wife, Katherine.",
        ),
        0
    );
    // A national spelling convention is no difference of name, and a name with an accent is one
    // word ("Beiló", not a "Beil" one letter away from "Bell").
    assert_eq!(
        spelling(
            "The Herrick Organisation, the Harbour Defence League and the Harbour Labour Party joined the lawsuit on Friday.",
            "The Herrick Organization, the Harbour Defense League and the Harbour Labor Party joined the lawsuit on Friday.",
        ),
        0
    );
    assert_eq!(
        spelling(
            "Opposition leader Ana Beiló spoke at the harbour gate on Tuesday.",
            "Opposition leader Ana Beilo spoke beside Mayor Tom Bell at the harbour gate on Tuesday.",
        ),
        0
    );
}

/// Dates of one event in sentences the alignment does not pair: the clause around each says
/// the same (in fewer words on one side); a date that names a thing ("the June 3 vote") or two
/// different people's acts are not compared; two outlets naming the same weekday agree even
/// when their publication dates put it in different weeks.
#[test]
fn dates_of_one_event_are_compared_across_unpaired_sentences() {
    assert_eq!(
        date_conflicts(
            "Both harbour unions will hold leadership ballots in mid-June, officials said.",
            "Residents crowded the pier to hear the mayor. The ballots would be held on May 20.",
        ),
        1
    );
    assert_eq!(
        date_conflicts(
            "On Sunday, Ms. Okafor issued a statement about the harbour audit.",
            "In a statement issued Thursday, Mr. Lindqvist defended the harbour audit.",
        ),
        0
    );
    let r = parallax_compare::compare(
        &[
            art(
                "a",
                "One",
                Some("2026-05-06"),
                "The council voted to approve the harbour budget on Wednesday.",
            ),
            art(
                "b",
                "Two",
                Some("2026-05-13"),
                "The council voted on Wednesday to approve the harbour budget.",
            ),
        ],
        Vec::new(),
    );
    assert_eq!(kinds(&r), []);
}

/// Sums are compared when they pay for, or come from, the same thing: "$1.2 million for new
/// buoys" and "$3 million from the dredging fund" are two sums; a sum with its match among the
/// other sentence's sums is that one.
#[test]
fn sums_of_two_things_do_not_conflict() {
    let amount = |x: &str, y: &str| conflicts_between(x, y, |k| k == ConflictKind::Amount);
    assert_eq!(
        amount(
            "The mayor signed a harbour budget that includes $1.2 million for new buoys.",
            "The harbour budget signed by the mayor moves $3 million from the dredging fund.",
        ),
        0
    );
    assert_eq!(
        amount(
            "The harbour budget signed by the mayor includes $1.2 million for new buoys.",
            "The harbour budget signed by the mayor includes $1.8 million for new buoys.",
        ),
        1
    );
    assert_eq!(
        amount(
            "The harbour budget signed by the mayor adds $1.2 million for buoys and $3 million for dredging.",
            "The harbour budget signed by the mayor adds $3 million for dredging.",
        ),
        0
    );
}

/// "Who said it" never sets one name against a shorter form of it ("Vance" / "Ada Vance Jr."),
/// nor two readings of one sentence that names both people.
#[test]
fn speaker_conflicts_need_two_unrelated_names() {
    let said = |who: &str| {
        format!(
            "The ferry line reopened on Friday.\n\u{201c}We will not close this crossing again while I hold this office,\u{201d} {who} said on Friday."
        )
    };
    let speakers =
        |a: &str, b: &str| conflicts_between(&said(a), &said(b), |k| k == ConflictKind::Speaker);
    assert_eq!(speakers("Mayor Ada Vance Jr.", "Mr. Vance"), 0);
    let a = "Ada Vance's remarks came as Tomas Herrick declined a meeting, saying it could \u{201c}deepen the rift over the harbour\u{201d} this week.";
    let b = "In a letter, Tomas Herrick said a meeting \u{201c}could deepen the rift over the harbour\u{201d} this week.";
    assert_eq!(conflicts_between(a, b, |k| k == ConflictKind::Speaker), 0);
    // Two people saying alike are two quotations.
    let a = "\u{201c}I do not like that kind of talk about the harbour at all,\u{201d} Mayor Ada Vance said on Friday.";
    let b = "\u{201c}I do not like that talk. I would never use it about the harbour,\u{201d} Governor Tomas Herrick said on Friday.";
    assert_eq!(conflicts_between(a, b, |k| k == ConflictKind::Speaker), 0);
    // A group opened by a quantifier is nobody's name.
    assert_eq!(speakers("Mayor Timothy Okafor", "Every Councillor"), 0);
}

/// How an editor weighs a difference: two exact counts of one thing on one day cannot both
/// hold; the same counts in reports a day apart may each be right as of its report; a bound
/// and a figure inside it may both hold.
#[test]
fn differences_carry_their_strength() {
    use parallax_core::Strength;
    let a = "Officials said 3,000 harbour pilots walked out on Monday in what the union called a last resort.";
    let b = "The strike began after the port authority announced it was replacing 5,200 harbour pilots over the winter.";
    let same_day = pair(a, b);
    assert_eq!(same_day.conflicts.len(), 1, "{:#?}", same_day.conflicts);
    assert_eq!(same_day.conflicts[0].strength, Strength::Contradiction);
    let later = parallax_compare::compare(
        &[
            art("a", "One", Some("2026-05-08"), a),
            art("b", "Two", Some("2026-05-10"), b),
        ],
        Vec::new(),
    );
    assert_eq!(later.conflicts[0].strength, Strength::DifferentFigure);
    let c = "The strike began after the port authority announced it was replacing more than 5,000 harbour pilots over the winter.";
    let bound = pair(c, b);
    assert_eq!(bound.reconciled.len(), 1, "{:#?}", bound.reconciled);
    assert_eq!(bound.reconciled[0].strength, Strength::DifferentFigure);
}

/// A count written as a compound names its thing with the noun after it ("a 36-page report"
/// / "the 35-page report"), and a large figure of a bare noun other than "people" is one
/// figure when two outlets give it at one size ("2.1 million workers" / "up to 2.3 million
/// workers"), wherever the sentences sit.
#[test]
fn compound_and_large_counts_are_compared_across_unpaired_sentences() {
    let r = pair(
        "The ministry released a 36-page report on the harbour on Monday.",
        "Critics said the 35-page report ignored the harbour pilots.",
    );
    assert_eq!(kinds(&r), [ConflictKind::Count], "{:#?}", r.conflicts);
    let r = pair(
        "The strike could idle 2.1 million workers across the region, officials said.",
        "Union leaders warned that up to 2.3 million workers could walk out.",
    );
    assert_eq!(r.reconciled.len(), 1, "{:#?}", r.reconciled);
    let r = pair(
        "The strike could idle 2.1 million workers across the region, officials said.",
        "Union leaders said 700,000 workers at the docks alone could walk out.",
    );
    assert!(r.conflicts.is_empty() && r.reconciled.is_empty(), "{r:#?}");
}

/// Each outlet's own single-source facts are told alike in the synthesis: one worded with loaded
/// words is attributed in its neutral form, not dropped while the plainer outlets' are kept.
#[test]
fn the_synthesis_is_even_handed_with_single_source_facts() {
    let r = parallax_compare::compare(
        &[
            art(
                "a",
                "Quay Times",
                Some("2026-04-02"),
                "The new ferry terminal in Dunmore opened on Wednesday after two years of work.\n\nThe terminal cost 80 million euros, the port authority said.",
            ),
            art(
                "b",
                "Harbour Voice",
                Some("2026-04-02"),
                "The new ferry terminal in Dunmore opened on Wednesday after two years of work.\n\nDockworkers slammed the disastrous terminal and blocked one gate for an hour.",
            ),
        ],
        Vec::new(),
    );
    let attributed: Vec<&str> = r
        .synthesis
        .iter()
        .filter(|s| s.kind == parallax_core::SynthesisKind::Attributed)
        .map(|s| s.text.as_str())
        .collect();
    assert!(
        attributed.iter().any(|t| t.starts_with(
            "According to Harbour Voice, dockworkers criticized the terminal and blocked one gate"
        )),
        "{attributed:#?}"
    );
    assert!(
        attributed
            .iter()
            .all(|t| !t.contains("slammed") && !t.contains("disastrous")),
        "{attributed:#?}"
    );
}

/// Agreement is the same claim, not a chain: a sentence that tells two facts aligns with one
/// outlet's sentence on the first and another's on the second, but those two share nothing and
/// state different facts, so they are never one agreed group.
#[test]
fn a_sentence_telling_two_facts_does_not_chain_them_into_one_agreement() {
    let a = art(
        "a",
        "Harbour Post",
        None,
        "The city council approved the harbour budget on Tuesday after a long debate.",
    );
    let b = art(
        "b",
        "Valley Times",
        None,
        "The council approved the harbour budget, and Mayor Lena Voss opened the museum wing.",
    );
    let c = art(
        "c",
        "Evening Ledger",
        None,
        "Mayor Lena Voss opened the museum wing with a ribbon.",
    );
    let r = parallax_compare::compare(&[a, b, c], Vec::new());
    // Each pair around b is one fact: b agrees with a or with c, never both in one group.
    assert!(!r.agreed.is_empty(), "{:#?}", r.only_in);
    assert!(
        r.agreed
            .iter()
            .all(|g| !(g.sources.iter().any(|s| s == "a") && g.sources.iter().any(|s| s == "c"))),
        "{:#?}",
        r.agreed
    );
}

/// A bare surname in one outlet is the person of that name another outlet names in full, not
/// his son "Jr." whom that outlet also names: one person across articles.
#[test]
fn a_bare_surname_is_not_the_son_with_the_suffix() {
    let a = art(
        "a",
        "Harbour Post",
        None,
        "Governor Ivan Petrov opened the new bridge on Monday. His son, Ivan Petrov Jr., cut the \
         ribbon beside him.",
    );
    let b = art(
        "b",
        "Valley Times",
        None,
        "Governor Petrov praised the engineers who built the bridge.",
    );
    let r = parallax_compare::compare(&[a, b], Vec::new());
    let keys: Vec<(&str, Vec<&str>)> = r
        .framing
        .entities
        .iter()
        .map(|e| {
            (
                e.key.as_str(),
                e.by_source.iter().map(|s| s.article.as_str()).collect(),
            )
        })
        .collect();
    assert!(keys.contains(&("ivan petrov", vec!["a", "b"])), "{keys:?}");
    assert!(
        keys.iter()
            .all(|(k, s)| !k.ends_with("jr") || !s.contains(&"b")),
        "{keys:?}"
    );
}
