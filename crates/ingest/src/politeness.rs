//! Crawling manners per host: at most `per_host` requests in flight to one host, and at least
//! `delay` between the end of one request and the start of the next to the same host.
//!
//! Owns [`HostGate`]: worker threads call [`HostGate::acquire`] before a request and drop the
//! [`Permit`] after it. Hosts are independent, so many sites are crawled in parallel while each
//! one sees a slow, steady visitor. A host's delay can be raised (robots.txt `Crawl-delay`),
//! never lowered below the configured one. Does no I/O itself.

use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// The longest `Crawl-delay` honoured; a site asking for more gets this.
pub const MAX_CRAWL_DELAY: Duration = Duration::from_secs(30);

#[derive(Debug, Default)]
struct HostState {
    in_flight: usize,
    next_start: Option<Instant>,
    delay: Option<Duration>,
}

#[derive(Debug)]
struct Inner {
    hosts: Mutex<HashMap<String, HostState>>,
    wake: Condvar,
    delay: Duration,
    per_host: usize,
}

/// Per-host concurrency limit and delay, shared by every worker thread.
#[derive(Debug, Clone)]
pub struct HostGate(Arc<Inner>);

/// The right to send one request to a host; dropping it starts the host's delay.
#[derive(Debug)]
pub struct Permit {
    gate: HostGate,
    host: String,
}

impl HostGate {
    /// A gate with `delay` between requests to one host and at most `per_host` (at least 1)
    /// in flight to it.
    pub fn new(delay: Duration, per_host: usize) -> HostGate {
        HostGate(Arc::new(Inner {
            hosts: Mutex::new(HashMap::new()),
            wake: Condvar::new(),
            delay,
            per_host: per_host.max(1),
        }))
    }

    /// Raise one host's delay (a robots.txt `Crawl-delay`), capped at [`MAX_CRAWL_DELAY`].
    pub fn set_host_delay(&self, host: &str, delay: Duration) {
        let mut hosts = self.0.hosts.lock().unwrap_or_else(PoisonError::into_inner);
        let state = hosts.entry(host.to_string()).or_default();
        state.delay = Some(delay.min(MAX_CRAWL_DELAY).max(self.0.delay));
    }

    /// The delay in force for `host`.
    pub fn host_delay(&self, host: &str) -> Duration {
        let hosts = self.0.hosts.lock().unwrap_or_else(PoisonError::into_inner);
        hosts
            .get(host)
            .and_then(|s| s.delay)
            .unwrap_or(self.0.delay)
    }

    /// Wait until `host` has a free slot and its delay has passed, then take the slot.
    pub fn acquire(&self, host: &str) -> Permit {
        let mut hosts = self.0.hosts.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            let state = hosts.entry(host.to_string()).or_default();
            let now = Instant::now();
            let wait = state
                .next_start
                .map_or(Duration::ZERO, |t| t.saturating_duration_since(now));
            if state.in_flight < self.0.per_host && wait.is_zero() {
                state.in_flight += 1;
                // The next request may not start before this one's start + delay either, so
                // several slots on one host still keep the pace.
                let delay = state.delay.unwrap_or(self.0.delay);
                state.next_start = Some(now + delay);
                break;
            }
            hosts = if wait.is_zero() {
                self.0
                    .wake
                    .wait(hosts)
                    .unwrap_or_else(PoisonError::into_inner)
            } else {
                self.0
                    .wake
                    .wait_timeout(hosts, wait)
                    .unwrap_or_else(PoisonError::into_inner)
                    .0
            };
        }
        Permit {
            gate: self.clone(),
            host: host.to_string(),
        }
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        let inner = &self.gate.0;
        let mut hosts = inner.hosts.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(state) = hosts.get_mut(&self.host) {
            state.in_flight = state.in_flight.saturating_sub(1);
            let delay = state.delay.unwrap_or(inner.delay);
            let after_end = Instant::now() + delay;
            state.next_start = Some(state.next_start.map_or(after_end, |t| t.max(after_end)));
        }
        drop(hosts);
        inner.wake.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_host_is_paced_and_others_are_not() {
        let gate = HostGate::new(Duration::from_millis(100), 1);
        let t = Instant::now();
        let mut handles = Vec::new();
        for i in 0..3 {
            let g = gate.clone();
            handles.push(std::thread::spawn(move || {
                let _p = g.acquire("slow.example");
                let _q = g.acquire(&format!("other{i}.example"));
                Instant::now()
            }));
        }
        let mut starts: Vec<Duration> =
            handles.into_iter().map(|h| h.join().unwrap() - t).collect();
        starts.sort();
        // Three requests to one host: the last starts at least two delays after the first.
        assert!(starts[2] >= Duration::from_millis(190), "{starts:?}");
        assert!(starts[0] < Duration::from_millis(90), "{starts:?}");
    }

    #[test]
    fn crawl_delay_raises_but_never_lowers() {
        let gate = HostGate::new(Duration::from_millis(50), 2);
        gate.set_host_delay("a.example", Duration::from_millis(10));
        assert_eq!(gate.host_delay("a.example"), Duration::from_millis(50));
        gate.set_host_delay("a.example", Duration::from_secs(3600));
        assert_eq!(gate.host_delay("a.example"), MAX_CRAWL_DELAY);
        assert_eq!(gate.host_delay("b.example"), Duration::from_millis(50));
    }

    #[test]
    fn zero_delay_allows_per_host_parallelism() {
        let gate = HostGate::new(Duration::ZERO, 2);
        let a = gate.acquire("h");
        let b = gate.acquire("h");
        drop(a);
        let _c = gate.acquire("h");
        drop(b);
    }
}
