//! Floors under the published figures: every figure `parallax eval` prints has a name, a value
//! and a direction ([`Better`]); a floors file (`crates/eval/floors.json`) holds, per `--limit`,
//! the lowest value each figure may take (`min`) or, for a figure where higher is worse, the
//! highest (`max`). [`check`] compares a run's figures with the floors of its limit, so a
//! regression fails CI instead of passing unseen.
//!
//! The file:
//!
//! ```json
//! {"runs": [{"limit": 10, "floors": {"meantime.calendar_values": {"min": 0.85},
//!                                    "neus.synthesis.loaded_model_per_1000": {"max": 4.0}}},
//!           {"limit": null, "floors": {…}}]}
//! ```
//!
//! `limit: null` is the full sets. A figure's set is the part of its name before the first dot;
//! only the floors of the sets that ran are checked, and a floored figure that such a run did
//! not print (a model missing, a row left out) fails as missing: a figure cannot drop out of CI
//! unseen.

use std::fmt;

use serde_json::Value;

/// The repository's floors, compiled in: what `parallax eval --floors` checks by default.
pub const REPOSITORY_FLOORS: &str = include_str!("../floors.json");

/// Which way a figure improves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    /// Higher is better: its bound is a floor (`min`).
    Higher,
    /// Lower is better (loaded words per 1,000): its bound is a ceiling (`max`).
    Lower,
}

/// One figure a run printed.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Dotted name, set first: `meantime.calendar_values`.
    pub name: String,
    /// The value.
    pub value: f64,
    /// Which way it improves.
    pub better: Better,
}

impl Figure {
    /// A figure where higher is better.
    pub fn higher(name: impl Into<String>, value: f64) -> Figure {
        Figure {
            name: name.into(),
            value,
            better: Better::Higher,
        }
    }
    /// A figure where lower is better.
    pub fn lower(name: impl Into<String>, value: f64) -> Figure {
        Figure {
            name: name.into(),
            value,
            better: Better::Lower,
        }
    }
    /// The set it belongs to: its name up to the first dot.
    pub fn set(&self) -> &str {
        set_of(&self.name)
    }
}

fn set_of(name: &str) -> &str {
    name.split('.').next().unwrap_or(name)
}

/// A bound from the floors file.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bound {
    /// The figure must be at least this.
    Min(f64),
    /// The figure must be at most this.
    Max(f64),
}

/// The floors of one `--limit`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Floors {
    /// The limit these floors are for (`None`: the full sets).
    pub limit: Option<usize>,
    /// Figure name → bound, in file order.
    pub bounds: Vec<(String, Bound)>,
}

/// The floors file could not be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("floors file: {0}")]
pub struct FloorsError(pub String);

/// Parse a floors file and return the floors for `limit` (empty when the file has none for it).
pub fn parse(json: &str, limit: Option<usize>) -> Result<Floors, FloorsError> {
    let v: Value = serde_json::from_str(json).map_err(|e| FloorsError(e.to_string()))?;
    let runs = v
        .get("runs")
        .and_then(Value::as_array)
        .ok_or_else(|| FloorsError("expected an object with a \"runs\" array".into()))?;
    let mut out = Floors {
        limit,
        bounds: Vec::new(),
    };
    for run in runs {
        let run_limit = match run.get("limit") {
            None | Some(Value::Null) => None,
            Some(l) => Some(
                l.as_u64()
                    .and_then(|n| usize::try_from(n).ok())
                    .ok_or_else(|| {
                        FloorsError(format!("\"limit\" must be a whole number or null, not {l}"))
                    })?,
            ),
        };
        if run_limit != limit {
            continue;
        }
        let floors = run
            .get("floors")
            .and_then(Value::as_object)
            .ok_or_else(|| FloorsError("each run needs a \"floors\" object".into()))?;
        for (name, b) in floors {
            let bound = match (
                b.get("min").and_then(Value::as_f64),
                b.get("max").and_then(Value::as_f64),
            ) {
                (Some(x), None) => Bound::Min(x),
                (None, Some(x)) => Bound::Max(x),
                _ => {
                    return Err(FloorsError(format!(
                        "{name}: give exactly one of {{\"min\": x}} or {{\"max\": x}}"
                    )));
                }
            };
            out.bounds.push((name.clone(), bound));
        }
    }
    Ok(out)
}

/// The verdict on one figure.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// Within its bound.
    Ok,
    /// Below its floor, or above its ceiling.
    Failed,
    /// The figure has no bound for this limit.
    NoFloor,
    /// A bound names a figure of a set that ran, but the run did not print it.
    Missing,
    /// The bound's direction does not fit the figure (a `min` on a lower-is-better figure).
    WrongDirection,
}

/// One line of the check.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// Figure name.
    pub name: String,
    /// Its value (`None` when missing).
    pub value: Option<f64>,
    /// Its bound, if any.
    pub bound: Option<Bound>,
    /// The verdict.
    pub status: Status,
}

impl Verdict {
    /// True when this line fails the check.
    pub fn fails(&self) -> bool {
        matches!(
            self.status,
            Status::Failed | Status::Missing | Status::WrongDirection
        )
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.value.map_or("–".to_string(), |v| format!("{v:.4}"));
        let limit = |b: &Option<Bound>| match b {
            Some(Bound::Min(x)) => format!(">= {x:.4}"),
            Some(Bound::Max(x)) => format!("<= {x:.4}"),
            None => String::new(),
        };
        match self.status {
            Status::Ok => write!(f, "floor ok: {} {v} {}", self.name, limit(&self.bound)),
            Status::Failed => match self.bound {
                Some(Bound::Max(_)) => {
                    write!(f, "floor ABOVE: {} {v} {}", self.name, limit(&self.bound))
                }
                _ => write!(f, "floor BELOW: {} {v} {}", self.name, limit(&self.bound)),
            },
            Status::NoFloor => write!(f, "floor none: {} {v} (no floor for this limit)", self.name),
            Status::Missing => write!(
                f,
                "floor MISSING: {} (floored {}, but this run did not print it)",
                self.name,
                limit(&self.bound)
            ),
            Status::WrongDirection => write!(
                f,
                "floor WRONG: {} {v}: the file gives {} but {}",
                self.name,
                limit(&self.bound),
                match self.bound {
                    Some(Bound::Min(_)) => "lower is better here (use max)",
                    _ => "higher is better here (use min)",
                }
            ),
        }
    }
}

/// Compare `figures` with `floors`: one verdict per figure (in figure order), then one per
/// bound on a set that ran whose figure was not printed.
pub fn check(figures: &[Figure], floors: &Floors) -> Vec<Verdict> {
    let mut out: Vec<Verdict> = figures
        .iter()
        .map(|fig| {
            let bound = floors
                .bounds
                .iter()
                .find(|(n, _)| *n == fig.name)
                .map(|(_, b)| *b);
            let status = match (bound, fig.better) {
                (None, _) => Status::NoFloor,
                (Some(Bound::Min(_)), Better::Lower) | (Some(Bound::Max(_)), Better::Higher) => {
                    Status::WrongDirection
                }
                (Some(Bound::Min(x)), Better::Higher) if fig.value >= x => Status::Ok,
                (Some(Bound::Max(x)), Better::Lower) if fig.value <= x => Status::Ok,
                // NaN lands here too: a figure that cannot be computed does not pass.
                (Some(_), _) => Status::Failed,
            };
            Verdict {
                name: fig.name.clone(),
                value: Some(fig.value),
                bound,
                status,
            }
        })
        .collect();
    let ran: Vec<&str> = figures.iter().map(Figure::set).collect();
    for (name, bound) in &floors.bounds {
        if ran.contains(&set_of(name)) && !figures.iter().any(|f| f.name == *name) {
            out.push(Verdict {
                name: name.clone(),
                value: None,
                bound: Some(*bound),
                status: Status::Missing,
            });
        }
    }
    out
}

/// A name part from a system or embedder name: lower-case ASCII letters and digits, other runs
/// as one `-` ("potion-base-8M" → "potion-base-8m").
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const FILE: &str = r#"{"runs": [
        {"limit": 10, "floors": {"a.x": {"min": 0.5}, "a.loaded": {"max": 2.0},
                                 "a.gone": {"min": 0.1}, "b.y": {"min": 0.9}}},
        {"limit": null, "floors": {"a.x": {"min": 0.8}}}
    ]}"#;

    fn status(v: &[Verdict], name: &str) -> Status {
        v.iter().find(|x| x.name == name).unwrap().status.clone()
    }

    #[test]
    fn floors_and_ceilings_pass_at_the_bound_and_fail_past_it() {
        let floors = parse(FILE, Some(10)).unwrap();
        assert_eq!(floors.bounds.len(), 4);
        let at = check(
            &[
                Figure::higher("a.x", 0.5),
                Figure::lower("a.loaded", 2.0),
                Figure::higher("a.gone", 0.2),
            ],
            &floors,
        );
        assert!(at.iter().all(|v| v.status == Status::Ok), "{at:?}");
        let past = check(
            &[
                Figure::higher("a.x", 0.4999),
                Figure::lower("a.loaded", 2.01),
                Figure::higher("a.gone", f64::NAN),
            ],
            &floors,
        );
        assert!(past.iter().all(|v| v.status == Status::Failed), "{past:?}");
        assert!(past.iter().all(Verdict::fails));
        assert!(
            past[0]
                .to_string()
                .starts_with("floor BELOW: a.x 0.4999 >= 0.5000")
        );
        assert!(
            past[1]
                .to_string()
                .starts_with("floor ABOVE: a.loaded 2.0100 <= 2.0000")
        );
    }

    #[test]
    fn unfloored_missing_and_misdirected_figures() {
        let floors = parse(FILE, Some(10)).unwrap();
        let v = check(
            &[
                Figure::higher("a.x", 0.9),
                Figure::higher("a.new", 0.3),
                Figure::higher("a.loaded", 1.0),
            ],
            &floors,
        );
        assert_eq!(status(&v, "a.new"), Status::NoFloor);
        assert!(!v[1].fails());
        assert!(v[1].to_string().starts_with("floor none: a.new"));
        assert_eq!(status(&v, "a.loaded"), Status::WrongDirection);
        // Set a ran without printing a.gone: missing. Set b did not run: not checked.
        assert_eq!(status(&v, "a.gone"), Status::Missing);
        assert!(!v.iter().any(|x| x.name == "b.y"));
        // Other limits have their own floors; an unknown limit has none.
        let full = parse(FILE, None).unwrap();
        assert_eq!(full.bounds, [("a.x".to_string(), Bound::Min(0.8))]);
        let v = check(&[Figure::higher("a.x", 0.7)], &full);
        assert_eq!(v[0].status, Status::Failed);
        assert!(parse(FILE, Some(3)).unwrap().bounds.is_empty());
    }

    #[test]
    fn bad_files_are_one_line_errors() {
        for bad in [
            "",
            "[]",
            r#"{"runs": [{"limit": "ten", "floors": {}}]}"#,
            r#"{"runs": [{"limit": 10}]}"#,
            r#"{"runs": [{"limit": 10, "floors": {"a.x": {"min": 1, "max": 2}}}]}"#,
            r#"{"runs": [{"limit": 10, "floors": {"a.x": 0.5}}]}"#,
        ] {
            let e = parse(bad, Some(10)).unwrap_err().to_string();
            assert!(e.starts_with("floors file: ") && !e.contains('\n'), "{e}");
        }
    }

    #[test]
    fn the_repository_file_parses_for_ci_and_the_full_sets() {
        let ci = parse(REPOSITORY_FLOORS, Some(10)).unwrap();
        assert!(ci.bounds.len() > 20, "{}", ci.bounds.len());
        let full = parse(REPOSITORY_FLOORS, None).unwrap();
        assert!(!full.bounds.is_empty());
        for (name, b) in ci.bounds.iter().chain(&full.bounds) {
            let x = match b {
                Bound::Min(x) | Bound::Max(x) => *x,
            };
            assert!(x.is_finite() && x >= 0.0, "{name}");
            assert!(
                ["meantime", "neus", "extraction", "babe", "basil", "cluster"]
                    .contains(&set_of(name)),
                "{name}"
            );
        }
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("potion-base-8M"), "potion-base-8m");
        assert_eq!(
            slug("all-mpnet-base-v2 (layer 6)"),
            "all-mpnet-base-v2-layer-6"
        );
    }
}
