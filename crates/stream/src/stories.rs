//! Stories kept current as articles arrive: the streaming clusterer
//! ([`parallax_cluster::Clusterer`]) in step with the store.
//!
//! - **Resume.** [`StoryStream::resume`] replays the stored memberships of the stories active
//!   within the clusterer's live window (by their latest publication date), in assignment
//!   order, so the clusterer's live stories are those of the store and each maps to its stored
//!   id. Same stored state, same clusterer state: a restart gives the same assignments as an
//!   uninterrupted run over the window. (Document frequencies are rebuilt from the window, not
//!   from every article ever stored.)
//! - **Assign.** [`StoryStream::assign_pending`] takes every stored article not yet in a story,
//!   in publication order, and records where the clusterer puts it: the story (new or stored),
//!   the member it copies (the clusterer's near-copy, else ingest's MinHash link when that
//!   origin is in the same story), the score. Each assignment is one transaction, so a stop or
//!   a crash between two leaves nothing half done; the next run assigns the rest.
//! - **Compare.** [`refresh_reports`] computes and caches the comparison of each touched story;
//!   [`story_report`] reads a story's cached comparison or computes and caches it.

use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::NaiveDate;
use parallax_analyze::bias::Vectors;
use parallax_cluster::{Clusterer, Config, StreamArticle};
use parallax_core::{Article, Diagnostic, Report, Severity};
use parallax_store::{Store, StoreError, StoryArticle, StoryRef, StorySummary};
use serde::Serialize;

/// What one assignment pass did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Assigned {
    /// Articles placed in a story.
    pub articles: usize,
    /// Stories opened.
    pub new_stories: usize,
    /// Articles that joined as a wire copy of a member.
    pub copies: usize,
    /// Stories merged into another because an article showed them to be one (recorded in
    /// the store's merges).
    pub merges: usize,
    /// Stories that gained a member, by id.
    pub touched: Vec<i64>,
    /// True when a stop request ended the pass before every article was placed.
    pub stopped: bool,
}

/// The clusterer and the map from its story ids to the store's.
pub struct StoryStream {
    clusterer: Clusterer,
    ids: HashMap<u64, i64>,
    /// Stored memberships replayed on start.
    replayed: usize,
    /// Memberships in the store as this stream last knew it (after resuming, after placing).
    known: i64,
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date.
fn day_of(date: NaiveDate) -> f64 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    (date - epoch).num_days() as f64
}

/// What the clusterer reads of a stored article (its id is the row id).
fn stream_article(id: i64, a: &Article) -> StreamArticle {
    StreamArticle {
        id: id.to_string(),
        title: a
            .title
            .as_ref()
            .map(|t| t.value.clone())
            .unwrap_or_default(),
        body: a.text.clone(),
        day: a.published.as_ref().map(|p| day_of(p.value)),
        ..Default::default()
    }
}

impl StoryStream {
    /// A clusterer with `config`, its live window rebuilt from the store.
    pub fn resume(store: &Store, config: Config) -> Result<StoryStream, StoreError> {
        let since = store
            .latest_story_date()?
            .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
            .map(|d| {
                let window = chrono::Duration::days(config.window_days.ceil() as i64);
                (d - window).to_string()
            });
        let mut stream = StoryStream {
            clusterer: Clusterer::new(config),
            ids: HashMap::new(),
            replayed: 0,
            known: store.membership_count()?,
        };
        for m in store.memberships_since(since.as_deref())? {
            let Some(article) = store.article(m.article_id)? else {
                continue;
            };
            let got = stream
                .clusterer
                .add(&stream_article(m.article_id, &article));
            // The store is the record: a replayed story is the stored story of its first
            // replayed member. A merge the clusterer makes again on replay was recorded when
            // it first happened: the merged-away id now points where its members went.
            for (from, into) in &got.merged {
                if let Some(stored) = stream.ids.remove(&from.0) {
                    stream.ids.entry(into.0).or_insert(stored);
                }
            }
            stream.ids.entry(got.story.0).or_insert(m.story_id);
            stream.replayed += 1;
            stream.forget_closed();
        }
        Ok(stream)
    }

    /// True when no other process placed articles since this stream last looked: its live
    /// stories are the store's. When false, [`StoryStream::resume`] again.
    pub fn is_current(&self, store: &Store) -> Result<bool, StoreError> {
        Ok(store.membership_count()? == self.known)
    }

    /// The clusterer's configuration.
    pub fn config(&self) -> &Config {
        self.clusterer.config()
    }

    /// Stored memberships replayed by [`StoryStream::resume`].
    pub fn replayed(&self) -> usize {
        self.replayed
    }

    /// Stories the clusterer holds in memory.
    pub fn live(&self) -> usize {
        self.clusterer.live()
    }

    /// Drop the id map entries of stories that left the window (the store keeps them).
    fn forget_closed(&mut self) {
        for closed in self.clusterer.take_closed() {
            self.ids.remove(&closed.id.0);
        }
    }

    /// Place every stored article not yet in a story, in publication order; stop between two
    /// articles when `stop` is set. `progress` is told each article placed.
    pub fn assign_pending(
        &mut self,
        store: &Store,
        stop: Option<&AtomicBool>,
        mut progress: impl FnMut(usize, usize),
    ) -> Result<Assigned, StoreError> {
        let pending = store.unassigned_articles()?;
        let mut out = Assigned::default();
        let mut touched = BTreeSet::new();
        for (n, id) in pending.iter().enumerate() {
            if stop.is_some_and(|s| s.load(Ordering::SeqCst)) {
                out.stopped = true;
                break;
            }
            let Some(article) = store.article(*id)? else {
                continue;
            };
            let got = self.clusterer.add(&stream_article(*id, &article));
            // Two stories the article showed to be one: record the merge, so the merged-away
            // story's id still leads to its articles.
            for (from, into) in &got.merged {
                let Some(old) = self.ids.remove(&from.0) else {
                    continue;
                };
                match self.ids.get(&into.0).copied() {
                    Some(new) if new != old => {
                        let kept = store.merge_stories(old, new)?;
                        self.ids.insert(into.0, kept);
                        touched.remove(&old);
                        touched.insert(kept);
                        out.merges += 1;
                    }
                    Some(_) => {}
                    None => {
                        self.ids.insert(into.0, old);
                    }
                }
            }
            let target = match self.ids.get(&got.story.0) {
                Some(story) => StoryRef::Existing(*story),
                None => StoryRef::New {
                    title: article.headline_or_opening(),
                },
            };
            let mut origin = got.origin.as_deref().and_then(|o| o.parse::<i64>().ok());
            if origin.is_none()
                && let StoryRef::Existing(story) = target
                && let Some(link) = store.near_copy_of(*id)?
                && store.story_of(link.origin_id)? == Some(story)
            {
                origin = Some(link.origin_id);
            }
            let story = store.assign_article(*id, &target, origin, got.score)?;
            self.ids.insert(got.story.0, story);
            if matches!(target, StoryRef::New { .. }) {
                out.new_stories += 1;
            }
            if origin.is_some() {
                out.copies += 1;
            }
            out.articles += 1;
            touched.insert(story);
            self.forget_closed();
            progress(n + 1, pending.len());
        }
        out.touched = touched.into_iter().collect();
        self.known = store.membership_count()?;
        Ok(out)
    }
}

/// Most articles one story's comparison reads. A story that runs for weeks can gather
/// hundreds of reports (and their wire copies); comparing them all costs minutes and gigabytes
/// and gives a reader more than a page can show.
pub const MAX_COMPARED: usize = 40;

/// The members a story's comparison reads, in the order they joined: all of them up to
/// [`MAX_COMPARED`]; beyond that, independent reports before wire copies, and among them one
/// outlet at a time in turn (each outlet's in the order they joined), so every outlet is heard
/// before any is heard twice.
fn chosen(story: &StorySummary) -> Vec<&StoryArticle> {
    if story.articles.len() <= MAX_COMPARED {
        return story.articles.iter().collect();
    }
    let mut picked = Vec::with_capacity(MAX_COMPARED);
    for copies in [false, true] {
        // Each outlet's articles of this kind, outlets in order of first appearance.
        let mut queues: Vec<(&str, Vec<usize>)> = Vec::new();
        for (i, a) in story.articles.iter().enumerate() {
            if a.origin.is_some() != copies {
                continue;
            }
            let outlet = a.outlet.as_deref().unwrap_or("");
            match queues.iter_mut().find(|(o, _)| *o == outlet) {
                Some((_, q)) => q.push(i),
                None => queues.push((outlet, vec![i])),
            }
        }
        let mut round = 0;
        while picked.len() < MAX_COMPARED {
            let before = picked.len();
            for (_, q) in &queues {
                if let Some(&i) = q.get(round)
                    && picked.len() < MAX_COMPARED
                {
                    picked.push(i);
                }
            }
            if picked.len() == before {
                break;
            }
            round += 1;
        }
    }
    picked.sort_unstable();
    picked.into_iter().map(|i| &story.articles[i]).collect()
}

/// The stored articles a story's comparison reads ([`chosen`]), in the order they joined.
fn members(store: &Store, story: &StorySummary) -> Result<Vec<Article>, StoreError> {
    let picked = chosen(story);
    let mut out = Vec::with_capacity(picked.len());
    for a in picked {
        if let Some(article) = store.article(a.id)? {
            out.push(article);
        }
    }
    Ok(out)
}

/// Compare a story's members and cache the report.
fn compute(
    store: &Store,
    story: &StorySummary,
    vectors: Option<&dyn Vectors>,
) -> Result<Report, StoreError> {
    let articles = members(store, story)?;
    let mut notes = Vec::new();
    if articles.len() < story.articles.len() {
        notes.push(Diagnostic {
            severity: Severity::Info,
            input: None,
            message: format!(
                "this story has {} articles; the comparison reads {} of them: independent reports before wire copies, one outlet at a time",
                story.articles.len(),
                articles.len()
            ),
        });
    }
    let report = parallax_compare::compare_with(&articles, notes, vectors);
    // Not kept when a member arrived meanwhile (another worker): the job that placed it
    // compares the story again. The count is the story's, so the cache stays valid for it.
    store.save_story_report(story.id, &report, story.articles.len())?;
    Ok(report)
}

/// Compute and cache the comparison of each story in `touched` (merges followed); stop between
/// two stories when `stop` is set. Returns how many were refreshed.
pub fn refresh_reports(
    store: &Store,
    touched: &[i64],
    vectors: Option<&dyn Vectors>,
    stop: Option<&AtomicBool>,
) -> Result<usize, StoreError> {
    let mut done = 0;
    for id in touched {
        if stop.is_some_and(|s| s.load(Ordering::SeqCst)) {
            break;
        }
        if let Some(story) = store.story(*id)? {
            compute(store, &story, vectors)?;
            done += 1;
        }
    }
    Ok(done)
}

/// A story (an id merged away resolves to its successor) and its comparison: the cached one
/// when it covers every member, else computed now and cached. The flag says whether it came
/// from the cache. `None` when no such story exists.
pub fn story_report(
    store: &Store,
    id: i64,
    vectors: Option<&dyn Vectors>,
) -> Result<Option<(StorySummary, Report, bool)>, StoreError> {
    let Some(story) = store.story(id)? else {
        return Ok(None);
    };
    if let Some(cached) = store.story_report(story.id)?
        && cached.members == story.articles.len()
    {
        return Ok(Some((story, cached.report, true)));
    }
    let report = compute(store, &story, vectors)?;
    Ok(Some((story, report, false)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn story(articles: Vec<(&str, Option<i64>)>) -> StorySummary {
        StorySummary {
            id: 1,
            title: "Ferry back".into(),
            articles: articles
                .into_iter()
                .enumerate()
                .map(|(i, (outlet, origin))| StoryArticle {
                    id: i as i64,
                    url: None,
                    outlet: Some(outlet.into()),
                    title: None,
                    published: None,
                    origin,
                })
                .collect(),
            outlets: Vec::new(),
            origins: 0,
            first_published: None,
            last_published: None,
        }
    }

    #[test]
    fn a_long_story_is_compared_on_every_outlet_first_and_copies_last() {
        let small = story(vec![("Lantern", None), ("Courier", Some(0))]);
        assert_eq!(chosen(&small).len(), 2);
        // One outlet with many reports, three others with one each, and wire copies.
        let mut members: Vec<(&str, Option<i64>)> = vec![("Lantern", None); MAX_COMPARED + 5];
        members.push(("Courier", None));
        members.extend(vec![("Wire", Some(0)); 10]);
        members.push(("Gazette", None));
        let s = story(members);
        let picked = chosen(&s);
        assert_eq!(picked.len(), MAX_COMPARED);
        let outlets: Vec<&str> = picked
            .iter()
            .map(|a| a.outlet.as_deref().unwrap())
            .collect();
        for o in ["Lantern", "Courier", "Gazette"] {
            assert!(outlets.contains(&o), "{o} is heard");
        }
        assert!(
            !outlets.contains(&"Wire"),
            "copies only after every independent report"
        );
        assert!(
            picked.windows(2).all(|w| w[0].id < w[1].id),
            "in the order they joined"
        );
    }
}
