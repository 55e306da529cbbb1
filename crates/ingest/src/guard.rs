//! The private-network guard: which addresses a fetch may connect to.
//!
//! Owns the classification of IP addresses ([`non_public`]), host checks ([`check_host`]) and
//! the DNS resolver that the HTTP client uses, which checks every address it hands out so the
//! connection goes to an address that was checked (no DNS-rebinding window). It does not open
//! connections itself; resolution uses the system resolver (`ToSocketAddrs`).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs};

use crate::IngestError;

/// What kind of non-public address `ip` is, or `None` for an ordinary public address.
///
/// Refused: loopback, private (10/8, 172.16/12, 192.168/16), link-local (169.254/16,
/// fe80::/10), unique-local (fc00::/7), unspecified ("this network", 0/8), broadcast, shared
/// CGNAT space (100.64/10), multicast, reserved (240/4), and IPv6 forms that embed one of the
/// IPv4 ranges (IPv4-mapped, IPv4-compatible, NAT64 64:ff9b::/96, 6to4 2002::/16).
pub fn non_public(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => non_public_v4(v4),
        IpAddr::V6(v6) => non_public_v6(v6),
    }
}

fn non_public_v4(v4: Ipv4Addr) -> Option<&'static str> {
    let o = v4.octets();
    if v4.is_loopback() {
        Some("loopback")
    } else if v4.is_private() {
        Some("private")
    } else if v4.is_link_local() {
        Some("link-local")
    } else if v4.is_broadcast() {
        Some("broadcast")
    } else if o[0] == 0 {
        Some("unspecified")
    } else if o[0] == 100 && (64..128).contains(&o[1]) {
        Some("shared (CGNAT)")
    } else if v4.is_multicast() {
        Some("multicast")
    } else if o[0] >= 240 {
        Some("reserved")
    } else {
        None
    }
}

fn non_public_v6(v6: Ipv6Addr) -> Option<&'static str> {
    let s = v6.segments();
    if v6.is_loopback() {
        return Some("loopback");
    }
    if v6.is_unspecified() {
        return Some("unspecified");
    }
    if let Some(v4) = v6.to_ipv4_mapped() {
        return non_public_v4(v4);
    }
    let low_v4 = Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
    // IPv4-compatible (::a.b.c.d, deprecated) and NAT64 (64:ff9b::a.b.c.d).
    if s[..6] == [0; 6] || s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return non_public_v4(low_v4);
    }
    if s[0] == 0x2002 {
        // 6to4: the IPv4 address sits in segments 1 and 2.
        let v4 = Ipv4Addr::new((s[1] >> 8) as u8, s[1] as u8, (s[2] >> 8) as u8, s[2] as u8);
        return non_public_v4(v4);
    }
    if (s[0] & 0xffc0) == 0xfe80 {
        Some("link-local")
    } else if (s[0] & 0xffc0) == 0xfec0 {
        Some("private (site-local)")
    } else if (s[0] & 0xfe00) == 0xfc00 {
        Some("private (unique-local)")
    } else if (s[0] & 0xff00) == 0xff00 {
        Some("multicast")
    } else {
        None
    }
}

/// Loopback in any spelling: 127/8, ::1, and IPv4-mapped 127/8.
fn is_loopback(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_loopback(),
        IpAddr::V6(v6) => {
            v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
    }
}

/// Refuse a host that is, or resolves to, a non-public address, unless `allow_private`.
///
/// `host` is a name or an IP literal (IPv6 with or without brackets). IP literals are checked
/// without touching the network; names are resolved and every address must be public.
pub fn check_host(host: &str, allow_private: bool) -> Result<(), IngestError> {
    if allow_private {
        // Nothing would be refused: skip the lookup.
        return Ok(());
    }
    Guard::new(false).check(host, 0).map(|_| ())
}

/// The guard's settings, shared by the first request, the redirect policy and the resolver.
#[derive(Debug, Clone)]
pub(crate) struct Guard {
    allow_private: bool,
    /// Let loopback addresses (127/8, ::1) through, and nothing else non-public: for a
    /// server on this machine (tests, a local mirror) without opening the private network.
    allow_loopback: bool,
    /// Addresses let through although non-public: only tests set it, to check redirect hops
    /// end to end with two loopback addresses.
    exempt: Vec<IpAddr>,
}

impl Guard {
    pub(crate) fn new(allow_private: bool) -> Guard {
        Guard {
            allow_private,
            allow_loopback: false,
            exempt: Vec::new(),
        }
    }

    pub(crate) fn from_options(opts: &crate::FetchOptions) -> Guard {
        Guard {
            allow_private: opts.allow_private,
            allow_loopback: opts.allow_loopback,
            exempt: Vec::new(),
        }
    }

    #[cfg(test)]
    pub(crate) fn exempting(ips: &[IpAddr]) -> Guard {
        Guard {
            allow_private: false,
            allow_loopback: false,
            exempt: ips.to_vec(),
        }
    }

    fn check_ip(&self, host: &str, ip: IpAddr) -> Result<(), IngestError> {
        if self.allow_private || self.exempt.contains(&ip) {
            return Ok(());
        }
        if self.allow_loopback && is_loopback(ip) {
            return Ok(());
        }
        match non_public(ip) {
            Some(reason) => Err(IngestError::Refused {
                host: host.to_string(),
                reason,
            }),
            None => Ok(()),
        }
    }

    /// Check a host (name or literal) and return the addresses a connection may use.
    pub(crate) fn check(&self, host: &str, port: u16) -> Result<Vec<SocketAddr>, IngestError> {
        let bare = host.trim_start_matches('[').trim_end_matches(']');
        if let Ok(ip) = bare.parse::<IpAddr>() {
            self.check_ip(host, ip)?;
            return Ok(vec![SocketAddr::new(ip, port)]);
        }
        if bare.is_empty() {
            return Err(IngestError::BadUrl("no host".into()));
        }
        let addrs: Vec<SocketAddr> = (bare, port)
            .to_socket_addrs()
            .map_err(|e| IngestError::Resolve {
                host: host.to_string(),
                reason: resolve_reason(&e),
            })?
            .collect();
        if addrs.is_empty() {
            return Err(IngestError::Resolve {
                host: host.to_string(),
                reason: "no addresses".into(),
            });
        }
        // Refuse the name if any of its addresses is non-public: a name that mixes public and
        // private addresses is not one to trust.
        for a in &addrs {
            self.check_ip(host, a.ip())?;
        }
        Ok(addrs)
    }
}

/// The HTTP client's resolver: resolves with the system resolver, checks every address, and
/// hands only checked addresses to the connector, so the connection cannot be re-pointed
/// between check and connect (DNS rebinding).
///
/// The lookup runs on the client runtime's blocking pool, so one slow name does not hold up
/// the other requests of a shared client; the caller's timeout still applies.
pub(crate) struct GuardResolver(pub(crate) Guard);

impl reqwest::dns::Resolve for GuardResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let guard = self.0.clone();
        let host = name.as_str().to_string();
        Box::pin(async move {
            // Port 0: reqwest puts the URL's port in.
            let lookup = host.clone();
            let checked = tokio::task::spawn_blocking(move || guard.check(&lookup, 0))
                .await
                .map_err(|e| IngestError::Resolve {
                    host,
                    reason: e.to_string(),
                });
            match checked.and_then(|r| r) {
                Ok(addrs) => Ok(Box::new(addrs.into_iter()) as reqwest::dns::Addrs),
                Err(e) => Err(Box::new(e) as Box<dyn std::error::Error + Send + Sync>),
            }
        })
    }
}

/// Why a name did not resolve, in plain words (the resolver says "failed to lookup address
/// information: Name or service not known").
fn resolve_reason(e: &std::io::Error) -> String {
    let m = e.to_string();
    if m.contains("not known")
        || m.contains("No address associated")
        || m.contains("nodename nor servname")
    {
        "no such host (check the address)".to_string()
    } else if m.contains("Temporary failure") || m.contains("try again") {
        "the name server did not answer (no network?)".to_string()
    } else {
        m.split(" (os error")
            .next()
            .unwrap_or(&m)
            .trim()
            .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(host: &str) -> Option<&'static str> {
        match check_host(host, false) {
            Err(IngestError::Refused { reason, .. }) => Some(reason),
            Err(e) => panic!("{host}: unexpected error {e}"),
            Ok(()) => None,
        }
    }

    #[test]
    fn non_public_literals_are_refused_with_their_kind() {
        assert_eq!(reason("127.0.0.1"), Some("loopback"));
        assert_eq!(reason("127.8.9.10"), Some("loopback"));
        assert_eq!(reason("10.0.0.1"), Some("private"));
        assert_eq!(reason("172.16.0.1"), Some("private"));
        assert_eq!(reason("172.31.255.255"), Some("private"));
        assert_eq!(reason("192.168.1.1"), Some("private"));
        assert_eq!(reason("169.254.169.254"), Some("link-local"));
        assert_eq!(reason("100.64.0.1"), Some("shared (CGNAT)"));
        assert_eq!(reason("100.127.255.254"), Some("shared (CGNAT)"));
        assert_eq!(reason("0.0.0.0"), Some("unspecified"));
        assert_eq!(reason("255.255.255.255"), Some("broadcast"));
        assert_eq!(reason("224.0.0.1"), Some("multicast"));
        assert_eq!(reason("::1"), Some("loopback"));
        assert_eq!(reason("[::1]"), Some("loopback"));
        assert_eq!(reason("::"), Some("unspecified"));
        assert_eq!(reason("fe80::1"), Some("link-local"));
        assert_eq!(reason("fd12:3456::1"), Some("private (unique-local)"));
        assert_eq!(reason("fc00::1"), Some("private (unique-local)"));
        // IPv6 forms that embed a refused IPv4 address.
        assert_eq!(reason("::ffff:127.0.0.1"), Some("loopback"));
        assert_eq!(reason("[::ffff:10.1.2.3]"), Some("private"));
        assert_eq!(reason("::ffff:169.254.169.254"), Some("link-local"));
        assert_eq!(reason("64:ff9b::192.168.0.1"), Some("private"));
        assert_eq!(reason("2002:7f00:1::"), Some("loopback"));
    }

    #[test]
    fn public_literals_pass_without_network() {
        for host in [
            "8.8.8.8",
            "1.1.1.1",
            "172.32.0.1",
            "100.128.0.1",
            "2001:4860:4860::8888",
            "::ffff:8.8.8.8",
        ] {
            assert_eq!(reason(host), None, "{host}");
        }
    }

    #[test]
    fn allow_private_lets_everything_through() {
        for host in [
            "127.0.0.1",
            "10.0.0.1",
            "::1",
            "169.254.169.254",
            "localhost",
        ] {
            assert!(check_host(host, true).is_ok(), "{host}");
        }
    }

    #[test]
    fn names_are_resolved_and_checked() {
        // `localhost` resolves from the hosts file, without the network.
        let e = check_host("localhost", false).unwrap_err();
        assert!(
            matches!(
                e,
                IngestError::Refused {
                    reason: "loopback",
                    ..
                }
            ),
            "{e}"
        );
        assert_eq!(
            e.to_string(),
            "refused to fetch localhost: loopback address (use --allow-loopback to allow this machine, or --allow-private)"
        );
    }

    #[test]
    fn loopback_allowance_opens_loopback_only() {
        let g = Guard::from_options(&crate::FetchOptions {
            allow_loopback: true,
            ..crate::FetchOptions::default()
        });
        for ok in [
            "127.0.0.1",
            "127.0.0.2",
            "::1",
            "::ffff:127.0.0.1",
            "localhost",
        ] {
            assert!(g.check(ok, 80).is_ok(), "{ok}");
        }
        for refused in [
            "10.0.0.1",
            "169.254.169.254",
            "192.168.1.1",
            "fe80::1",
            "0.0.0.0",
        ] {
            assert!(
                matches!(g.check(refused, 80), Err(IngestError::Refused { .. })),
                "{refused}"
            );
        }
    }

    #[test]
    fn refusal_message_is_one_line() {
        let e = check_host("10.0.0.1", false).unwrap_err();
        assert_eq!(
            e.to_string(),
            "refused to fetch 10.0.0.1: private address (use --allow-private to allow)"
        );
    }
}
