//! The client's address, through the reverse proxies this server is told to trust.
//!
//! Behind a proxy, every connection comes from the proxy: the client's own address is only in
//! the `X-Forwarded-For` header the proxy adds. That header is the client's to write too, so it is
//! read only when the connection comes from a trusted proxy (`cabildo serve --trusted-proxy`), and
//! then from the right: each trusted proxy appends the address it saw, so the right-most address
//! that is *not* a trusted proxy is the client, and whatever a client wrote to its left is ignored.
//! From anyone else the header is ignored.

use std::net::{IpAddr, SocketAddr};

use axum::http::HeaderMap;
use ipnet::IpNet;

/// The addresses and networks of the trusted reverse proxies. Empty: none (the default).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Reads addresses (`127.0.0.1`, `::1`) and networks (`10.0.0.0/8`); each item may itself be a
    /// comma-separated list. The error names the item that is neither.
    pub fn parse<S: AsRef<str>>(items: &[S]) -> Result<TrustedProxies, String> {
        let mut nets = Vec::new();
        for item in items.iter().flat_map(|i| i.as_ref().split(',')).map(str::trim).filter(|i| !i.is_empty()) {
            let net = match item.parse::<IpNet>() {
                Ok(net) => net,
                Err(_) => item.parse::<IpAddr>().map(IpNet::from).map_err(|_| item.to_string())?,
            };
            nets.push(net);
        }
        Ok(TrustedProxies(nets))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn contains(&self, address: IpAddr) -> bool {
        let address = canonical(address);
        self.0.iter().any(|net| net.contains(&address))
    }

    /// The client's address: the peer itself, unless the peer is a trusted proxy; then the
    /// right-most address of `X-Forwarded-For` that is not a trusted proxy (or the left-most, if all
    /// are). A hop that is not an address stops the walk at the proxy that wrote it.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = canonical(peer);
        if !self.contains(peer) {
            return peer;
        }
        let hops: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect();
        let mut client = peer;
        for hop in hops.iter().rev() {
            let Some(address) = parse_hop(hop) else { break };
            client = address;
            if !self.contains(address) {
                break;
            }
        }
        client
    }
}

/// An IPv4 address mapped into IPv6 (`::ffff:10.0.0.1`, as a dual-stack socket reports it) as
/// the IPv4 address it is.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        v4 => v4,
    }
}

/// One hop of `X-Forwarded-For`: an address, perhaps with a port (`10.0.0.1:5000`, `[::1]:80`).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    hop.parse::<IpAddr>().or_else(|_| hop.parse::<SocketAddr>().map(|s| s.ip())).ok().map(canonical)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for v in values {
            headers.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        headers
    }

    #[test]
    fn the_header_is_ignored_unless_the_peer_is_a_trusted_proxy() {
        let none = TrustedProxies::default();
        assert_eq!(none.client(ip("203.0.113.9"), &forwarded(&["1.2.3.4"])), ip("203.0.113.9"));
        let proxies = TrustedProxies::parse(&["127.0.0.1", "10.0.0.0/8"]).unwrap();
        assert_eq!(proxies.client(ip("203.0.113.9"), &forwarded(&["1.2.3.4"])), ip("203.0.113.9"));
        assert_eq!(proxies.client(ip("127.0.0.1"), &forwarded(&["198.51.100.7"])), ip("198.51.100.7"));
    }

    #[test]
    fn the_right_most_untrusted_hop_is_the_client_and_what_the_client_wrote_is_ignored() {
        let proxies = TrustedProxies::parse(&["127.0.0.1, 10.0.0.0/8"]).unwrap();
        // The client wrote "1.1.1.1" itself; the edge proxy appended the address it saw.
        let headers = forwarded(&["1.1.1.1, 198.51.100.7, 10.0.0.5"]);
        assert_eq!(proxies.client(ip("127.0.0.1"), &headers), ip("198.51.100.7"));
        // Several headers are one list, in order.
        let headers = forwarded(&["1.1.1.1", "198.51.100.7:4433, 10.0.0.5"]);
        assert_eq!(proxies.client(ip("::ffff:127.0.0.1"), &headers), ip("198.51.100.7"));
        // Garbage stops at the proxy that passed it on.
        assert_eq!(proxies.client(ip("127.0.0.1"), &forwarded(&["1.1.1.1, nonsense"])), ip("127.0.0.1"));
        // No header: the proxy itself.
        assert_eq!(proxies.client(ip("127.0.0.1"), &HeaderMap::new()), ip("127.0.0.1"));
    }

    #[test]
    fn a_bad_item_is_named() {
        assert_eq!(TrustedProxies::parse(&["127.0.0.1", "proxy.local"]), Err("proxy.local".to_string()));
        assert!(TrustedProxies::parse(&["::1", "fd00::/8", ""]).is_ok_and(|p| p.contains(ip("fd00::1"))));
    }
}
