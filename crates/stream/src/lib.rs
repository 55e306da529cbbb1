//! The story stream: ingest → extract → cluster → compare → store, as a library that `parallax
//! ingest` and `parallax watch` share (and later workers), so the binary only parses flags and
//! prints.
//!
//! - [`crawl`]: discover → fetch (worker threads, politely) → extract → deduplicate → save,
//!   with per-URL fetch state for conditional GET and resumption.
//! - [`stories`]: the streaming clusterer kept in step with the store: its live window rebuilt
//!   from the stored memberships on start, each stored article not yet in a story assigned
//!   (memberships, wire-copy origins), and each touched story's comparison computed and cached.
//! - [`watch`]: one polling round over the inputs (backoff for failing inputs), then the
//!   assignment and the comparisons.
//! - [`worker`]: the same stages as jobs in the store's queue (`ingest` one input, `cluster`
//!   under the one `cluster` lease, `compare` one story), for workers on many machines.
//!
//! This crate is I/O (through ingest and the store) and reads the clock; the analysis it runs
//! (extract, cluster, compare) stays pure. It does no printing of its own beyond the progress
//! line and one-line warnings on stderr that the crawl has always printed.
#![deny(missing_docs)]

pub mod crawl;
pub mod stories;
pub mod watch;
pub mod worker;
