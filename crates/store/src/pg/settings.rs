//! What a `postgres://` URL asks of Cabildo beyond what the driver reads itself: TLS as libpq
//! understands `sslmode` and `sslrootcert`, and the size of the connection pool.
//!
//! The driver (`tokio-postgres`) knows `sslmode=disable|prefer|require` only and refuses any
//! parameter it does not know, so these are taken out of the query before it parses the rest.

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use postgres::Config;
use postgres::config::SslMode;

use crate::{Result, StoreError};

/// How the connection is protected, with libpq's names and meanings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TlsMode {
    /// Plain TCP.
    Disable,
    /// TLS when the server offers it, plain otherwise; the certificate is not checked
    /// (libpq's default).
    Prefer,
    /// TLS or no connection; the certificate is not checked (it encrypts, it does not
    /// authenticate the server), unless `sslrootcert` names the roots to check it against.
    Require,
    /// TLS with a certificate signed by a trusted root, whatever name it carries.
    VerifyCa,
    /// TLS with a certificate signed by a trusted root, for the host connected to.
    VerifyFull,
}

/// Which certificates a verifying mode trusts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Roots {
    /// The operating system's store (`sslrootcert=system`, or no `sslrootcert` at all).
    System,
    /// The PEM certificates of a file (`sslrootcert=/path/root.crt`).
    File(PathBuf),
}

/// The connections a pool opens at most unless the URL says `pool_size=N`: the web server's six
/// use-cases at once (`cabildo_web::WORKERS`) plus headroom for the command line, cache loads
/// and the odd slow request.
pub const DEFAULT_POOL_SIZE: usize = 10;

/// The largest `pool_size` accepted (PostgreSQL's own default `max_connections` is 100).
const MAX_POOL_SIZE: usize = 500;

/// Everything needed to open connections.
#[derive(Debug, Clone)]
pub struct Settings {
    pub config: Config,
    pub url_redacted: String,
    pub tls: TlsMode,
    /// The roots verifying modes check against; `None` when the mode checks nothing.
    pub roots: Option<Roots>,
    pub pool_size: usize,
}

impl Settings {
    pub fn parse(url: &str) -> Result<Settings> {
        let url_redacted = redact_url(url);
        let bad = |reason: String| StoreError::Unavailable(format!("{url_redacted}: {reason}"));
        let (base, query) = match url.split_once('?') {
            Some((base, query)) => (base, query),
            None => (url, ""),
        };
        let mut sslmode = None;
        let mut sslrootcert = None;
        let mut pool_size = None;
        let mut rest = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match percent_decode(key).as_str() {
                "sslmode" => sslmode = Some(percent_decode(value)),
                "sslrootcert" => sslrootcert = Some(percent_decode(value)),
                "pool_size" => pool_size = Some(percent_decode(value)),
                _ => rest.push(pair),
            }
        }
        let tls = match sslmode.as_deref() {
            None | Some("prefer") => TlsMode::Prefer,
            Some("disable") => TlsMode::Disable,
            Some("require") => TlsMode::Require,
            Some("verify-ca") => TlsMode::VerifyCa,
            Some("verify-full") => TlsMode::VerifyFull,
            Some(other) => {
                return Err(bad(format!(
                    "sslmode={other} is not one of disable, prefer, require, verify-ca, verify-full"
                )));
            }
        };
        let named_roots = sslrootcert.filter(|s| !s.is_empty()).map(|s| match s.as_str() {
            "system" => Roots::System,
            _ => Roots::File(PathBuf::from(s)),
        });
        let roots = match tls {
            TlsMode::VerifyCa | TlsMode::VerifyFull => Some(named_roots.unwrap_or(Roots::System)),
            // As libpq: `require` with a root certificate named checks the chain (verify-ca).
            TlsMode::Require => named_roots,
            TlsMode::Disable | TlsMode::Prefer => None,
        };
        let tls = if tls == TlsMode::Require && roots.is_some() { TlsMode::VerifyCa } else { tls };
        let pool_size = match pool_size {
            None => DEFAULT_POOL_SIZE,
            Some(n) => match n.parse::<usize>() {
                Ok(n) if (1..=MAX_POOL_SIZE).contains(&n) => n,
                _ => return Err(bad(format!("pool_size={n} is not a number from 1 to {MAX_POOL_SIZE}"))),
            },
        };
        let driver_url = if rest.is_empty() { base.to_string() } else { format!("{base}?{}", rest.join("&")) };
        let mut config = Config::from_str(&driver_url).map_err(|e| bad(e.to_string()))?;
        config.ssl_mode(match tls {
            TlsMode::Disable => SslMode::Disable,
            TlsMode::Prefer => SslMode::Prefer,
            TlsMode::Require | TlsMode::VerifyCa | TlsMode::VerifyFull => SslMode::Require,
        });
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(5));
        }
        if config.get_application_name().is_none() {
            config.application_name("cabildo");
        }
        Ok(Settings { config, url_redacted, tls, roots, pool_size })
    }
}

/// Hides the password of a connection URL: `postgres://user:***@host/db`, `?password=***`.
pub fn redact_url(url: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let base = match base.split_once("://") {
        Some((scheme, rest)) => match rest.split_once('@') {
            Some((userinfo, host)) => match userinfo.split_once(':') {
                Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
                None => base.to_string(),
            },
            None => base.to_string(),
        },
        None => base.to_string(),
    };
    match query {
        None => base,
        Some(query) => {
            let pairs: Vec<&str> = query
                .split('&')
                .map(|pair| if pair.starts_with("password=") { "password=***" } else { pair })
                .collect();
            format!("{base}?{}", pairs.join("&"))
        }
    }
}

/// `%2F` → `/`; a `%` not followed by two hex digits stays as it is.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_show_in_urls() {
        assert_eq!(redact_url("postgres://cabildo:s3cret@db:5432/x"), "postgres://cabildo:***@db:5432/x");
        assert_eq!(redact_url("postgres://cabildo@db/x"), "postgres://cabildo@db/x");
        assert_eq!(
            redact_url("postgres://c@db/x?sslmode=require&password=s3cret"),
            "postgres://c@db/x?sslmode=require&password=***"
        );
    }

    fn parse(url: &str) -> Settings {
        match Settings::parse(url) {
            Ok(settings) => settings,
            Err(e) => unreachable!("{url} should parse: {e}"),
        }
    }

    #[test]
    fn sslmode_reads_as_libpq_reads_it() {
        let s = parse("postgres://u@h/db");
        assert_eq!((s.tls, s.roots, s.config.get_ssl_mode()), (TlsMode::Prefer, None, SslMode::Prefer));
        let s = parse("postgres://u@h/db?sslmode=disable");
        assert_eq!((s.tls, s.config.get_ssl_mode()), (TlsMode::Disable, SslMode::Disable));
        let s = parse("postgres://u@h/db?sslmode=require");
        assert_eq!((s.tls, s.roots, s.config.get_ssl_mode()), (TlsMode::Require, None, SslMode::Require));
        let s = parse("postgres://u@h/db?sslmode=verify-full");
        assert_eq!(
            (s.tls, s.roots, s.config.get_ssl_mode()),
            (TlsMode::VerifyFull, Some(Roots::System), SslMode::Require)
        );
        let s = parse("postgres://u@h/db?sslmode=verify-ca&sslrootcert=%2Fetc%2Froot.crt");
        assert_eq!((s.tls, s.roots), (TlsMode::VerifyCa, Some(Roots::File("/etc/root.crt".into()))));
        // As libpq: a root certificate turns `require` into `verify-ca`.
        let s = parse("postgres://u@h/db?sslrootcert=/r.pem&sslmode=require");
        assert_eq!((s.tls, s.roots), (TlsMode::VerifyCa, Some(Roots::File("/r.pem".into()))));
        let s = parse("postgres://u@h/db?sslmode=verify-full&sslrootcert=system");
        assert_eq!(s.roots, Some(Roots::System));
    }

    #[test]
    fn other_parameters_still_reach_the_driver() {
        let s = parse("postgres://u:pw@h:6543/db?sslmode=require&options=-c%20search_path%3Dx&pool_size=3");
        assert_eq!(s.pool_size, 3);
        assert_eq!(s.config.get_options(), Some("-c search_path=x"));
        assert_eq!(s.config.get_ports(), &[6543]);
        assert_eq!(s.config.get_dbname(), Some("db"));
        assert_eq!(parse("postgres://u@h/db").pool_size, DEFAULT_POOL_SIZE);
        assert_eq!(
            s.url_redacted,
            "postgres://u:***@h:6543/db?sslmode=require&options=-c%20search_path%3Dx&pool_size=3"
        );
    }

    #[test]
    fn nonsense_is_refused_with_the_reason() {
        for (url, reason) in [
            ("postgres://u@h/db?sslmode=always", "sslmode=always"),
            ("postgres://u@h/db?pool_size=0", "pool_size=0"),
            ("postgres://u@h/db?pool_size=many", "pool_size=many"),
            ("postgres://u:secret@h/db?frobnicate=1", "frobnicate"),
        ] {
            match Settings::parse(url) {
                Err(StoreError::Unavailable(message)) => {
                    assert!(message.contains(reason), "{message}");
                    assert!(!message.contains("secret"), "{message}");
                }
                other => unreachable!("{url}: {other:?}"),
            }
        }
    }
}
