//! How a Parallax test that cannot run its real check says so.
//!
//! A test that needs something outside the repository (the evaluation data and seeds in
//! `../shared`, model files from `scripts/setup.sh`, a PostgreSQL server, a second loopback
//! address) asks for it here instead of returning early on its own. When the thing is missing,
//! [`skip`] makes the skip visible and, where a skip would hide a failure, fatal:
//!
//! - it prints `skipped: TEST: REASON` on stderr and appends the same line to the skip log
//!   (`PARALLAX_SKIP_LOG`, else `target/test-skips.log` in the workspace), which
//!   `scripts/test.sh` counts and prints after `cargo test`, where CI's log shows it (cargo hides
//!   the output of passing tests);
//! - it panics, failing the test with the reason, when `CI` is set (CI has `../shared`, runs the
//!   setup step and starts PostgreSQL, so nothing may be missing there), and for the quality
//!   encoder also when `PARALLAX_QUALITY=1` asked the setup step for it.
//!
//! Tests then read as `let Some(dir) = testkit::shared("seeds") else { return };`: the early
//! return is reached only where a skip is allowed, and it is never silent.

use std::fmt::Display;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What a test needs from outside the repository.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// `../shared`: the seed articles or an evaluation data set.
    Shared,
    /// A model file the setup step makes by default (potion-base-8M, `models/bias.json`).
    Model,
    /// The quality encoder, fetched only with `PARALLAX_QUALITY=1 scripts/setup.sh`.
    QualityModel,
    /// A PostgreSQL server (`PARALLAX_TEST_PG`, set by `scripts/with-postgres.sh`).
    Postgres,
    /// Something of the machine, such as a second loopback address to bind.
    Host,
}

/// Why a skip of `need` is not allowed under this environment, if it is not.
///
/// `var` reads an environment variable (a parameter, so the rule is testable without changing
/// the process's environment).
pub fn refusal(need: Need, var: impl Fn(&str) -> Option<String>) -> Option<String> {
    let set = |name: &str| {
        var(name).is_some_and(|v| {
            let v = v.trim();
            !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false")
        })
    };
    if set("CI") {
        return Some("CI is set, and CI must run every check".into());
    }
    if need == Need::QualityModel && set("PARALLAX_QUALITY") {
        return Some("PARALLAX_QUALITY=1 asked the setup step for the quality encoder".into());
    }
    None
}

/// Record that the running test cannot run its real check, and fail it where that is not
/// allowed (see the crate documentation). Returns only when the skip is allowed.
#[track_caller]
pub fn skip(need: Need, reason: impl Display) {
    let test = std::thread::current()
        .name()
        .unwrap_or("a test off the main test thread")
        .to_string();
    let line = format!("skipped: {test}: {reason}");
    eprintln!("{line}");
    record(&line);
    if let Some(why) = refusal(need, |k| std::env::var(k).ok()) {
        panic!("{test} cannot run its check: {reason}; a skip is not allowed here: {why}");
    }
}

/// Append one line to the skip log. A log that cannot be written is said on stderr; the skip
/// itself stays visible there.
fn record(line: &str) {
    let path = skip_log();
    let written = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)
        })
        .and_then(|mut f| writeln!(f, "{line}"));
    if let Err(e) = written {
        eprintln!("note: cannot write the skip log {}: {e}", path.display());
    }
}

/// Where skips are logged: `PARALLAX_SKIP_LOG`, else `target/test-skips.log` in the workspace.
pub fn skip_log() -> PathBuf {
    match std::env::var_os("PARALLAX_SKIP_LOG") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => workspace().join("target/test-skips.log"),
    }
}

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `../shared/SUB` beside the workspace, or a recorded skip.
pub fn shared(sub: &str) -> Option<PathBuf> {
    let p = workspace().join("../shared").join(sub);
    if p.exists() {
        Some(p)
    } else {
        skip(
            Need::Shared,
            format_args!("{} not found beside the repository", p.display()),
        );
        None
    }
}

/// `path` if it exists, or a recorded skip of `need` saying what makes it (`hint`).
pub fn file(need: Need, path: &Path, hint: &str) -> Option<PathBuf> {
    if path.exists() {
        Some(path.to_path_buf())
    } else {
        skip(need, format_args!("{} not found ({hint})", path.display()));
        None
    }
}

/// The test PostgreSQL server's URL (`PARALLAX_TEST_PG`), or a recorded skip.
pub fn pg_url() -> Option<String> {
    match std::env::var("PARALLAX_TEST_PG") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            skip(
                Need::Postgres,
                "PARALLAX_TEST_PG not set (scripts/with-postgres.sh starts a server and sets it)",
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            pairs
                .iter()
                .find(|(name, _)| *name == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn ci_refuses_every_skip() {
        for need in [
            Need::Shared,
            Need::Model,
            Need::QualityModel,
            Need::Postgres,
            Need::Host,
        ] {
            for ci in ["true", "1", "yes"] {
                assert!(refusal(need, env(&[("CI", ci)])).is_some(), "{need:?} {ci}");
            }
        }
    }

    #[test]
    fn outside_ci_skips_are_allowed_but_the_quality_model_asked_for() {
        assert_eq!(refusal(Need::Shared, env(&[])), None);
        assert_eq!(refusal(Need::Model, env(&[("CI", "false")])), None);
        assert_eq!(refusal(Need::Postgres, env(&[("CI", "")])), None);
        assert_eq!(refusal(Need::QualityModel, env(&[("CI", "0")])), None);
        let quality = env(&[("PARALLAX_QUALITY", "1")]);
        assert!(refusal(Need::QualityModel, &quality).is_some());
        assert_eq!(refusal(Need::Model, &quality), None);
    }
}
