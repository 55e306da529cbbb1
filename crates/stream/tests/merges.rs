//! Two stories the clusterer finds to be one are merged in the store too: a third report that
//! tells both versions of a flood links the two stories its first reports opened, the younger
//! merges into the older, its id resolves to the kept story, and every article of the flood
//! ends in one story. Articles are invented here.
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use parallax_cluster::Config;
use parallax_core::{Article, Provenance, Sourced};
use parallax_store::Store;
use parallax_stream::stories::StoryStream;

const FLOOD_A: &str = "The river Alder burst its banks in Elmford on Tuesday night, flooding the harbour and hundreds of homes along the quay. Emergency crews moved families to the school hall as the water kept rising. The Elmford council said the flood defences built in the nineties had been overtopped within an hour.";
const FLOOD_B: &str = "Hundreds of residents of Elmford were evacuated overnight after the Alder overtopped the flood defences and poured into the harbour district. Rescue teams used boats to reach families trapped on upper floors near the quay. Council officials said the water had reached the town square by dawn.";
const MATCH: &str = "Brockhaven Rovers beat Tillbury Town three goals to one in the cup final on Saturday, with their striker Omar Kessel scoring twice in the second half. The Rovers manager praised the defence after a tense first half.";

fn article(i: usize, outlet: &str, title: &str, text: &str) -> Article {
    let mut a = Article::from_text(&format!("a{i}"), text);
    a.source = Some(Sourced::new(outlet.into(), Provenance::Flag));
    a.title = Some(Sourced::new(title.into(), Provenance::JsonField));
    a.published = Some(Sourced::new(
        NaiveDate::from_ymd_opt(2026, 4, 7).unwrap(),
        Provenance::Dateline,
    ));
    a
}

#[test]
fn a_merge_the_clusterer_makes_is_recorded_in_the_store() {
    let mut store = Store::open_in_memory().unwrap();
    // A bar high enough that the two first reports open two stories.
    let config = Config {
        threshold: 0.6,
        merge_score: 0.6,
        ..Config::default()
    };
    let both = format!("{FLOOD_A} {FLOOD_B}");
    let ids = [
        store
            .save_article(&article(0, "Lantern", "Storm floods harbour town", FLOOD_A))
            .unwrap(),
        store
            .save_article(&article(1, "Courier", "Rovers lift the cup", MATCH))
            .unwrap(),
        store
            .save_article(&article(
                2,
                "Sentinel",
                "Hundreds evacuated as river bursts banks in Elmford",
                FLOOD_B,
            ))
            .unwrap(),
    ];
    let mut stream = StoryStream::resume(&store, config.clone()).unwrap();
    let first = stream.assign_pending(&store, None, |_, _| {}).unwrap();
    assert_eq!((first.new_stories, first.merges), (3, 0), "{first:?}");
    let before_a = store.story_of(ids[0]).unwrap().unwrap();
    let before_b = store.story_of(ids[2]).unwrap().unwrap();
    assert_ne!(before_a, before_b);
    let c = store
        .save_article(&article(
            3,
            "Wire",
            "Storm floods harbour town: hundreds evacuated as river bursts banks in Elmford",
            &both,
        ))
        .unwrap();
    let second = stream.assign_pending(&store, None, |_, _| {}).unwrap();
    assert_eq!(second.merges, 1, "{second:?}");
    let kept = store.story_of(c).unwrap().unwrap();
    for id in [ids[0], ids[2], c] {
        assert_eq!(store.story_of(id).unwrap(), Some(kept));
    }
    assert_ne!(
        store.story_of(ids[1]).unwrap(),
        Some(kept),
        "the match is its own story"
    );
    // The id a reader saw before the merge still leads to the story.
    for old in [before_a, before_b] {
        assert_eq!(store.resolve_story(old).unwrap(), Some(kept));
    }
    assert_eq!(store.story(before_b).unwrap().unwrap().articles.len(), 3);
    // A restart replays the merged memberships and places nothing again.
    let mut again = StoryStream::resume(&store, config).unwrap();
    assert_eq!(again.replayed(), 4);
    let none = again.assign_pending(&store, None, |_, _| {}).unwrap();
    assert_eq!((none.articles, none.merges), (0, 0));
}
