//! `eval cluster` reads the real sets: headline_11 has 1,479 reports of 505 stories and BASIL
//! 84 articles of 28 events, and on both Parallax's clustering stays above the floors and the
//! baseline is computed beside it. Needs ../shared/data (a recorded skip without it, a failure
//! in CI).
#![allow(clippy::unwrap_used)]

#[test]
fn real_sets_are_read_and_clustered() {
    let Some(data) = parallax_testkit::shared("data/neus-allsides") else {
        return;
    };
    let data = data.parent().unwrap();
    let s = parallax_eval::stories::cluster(data, Some(50)).unwrap();
    let h11 = s.sets.iter().find(|x| x.key == "headline11").unwrap();
    assert_eq!(h11.stories, 50);
    assert!(h11.parallax.f1 > 0.7, "{s}");
    assert!(h11.baseline.f1 > 0.0, "{s}");
    let full = parallax_eval::stories::headline11(
        &data.join("neus-allsides/headline_11_2021-10-19_crawled_all.jsonl"),
        None,
    )
    .unwrap();
    assert_eq!(full.len(), 1479);
    let Some(basil) = parallax_testkit::shared("data/basil-dev") else {
        return;
    };
    let items = parallax_eval::stories::basil(&basil, None).unwrap();
    assert_eq!(items.len(), 84);
    assert_eq!(items.iter().map(|i| i.story).max(), Some(27));
    assert!(items.iter().all(|i| i.day.is_some()));
}
