//! URLs: query values encoded with `form_urlencoded`, and redirect targets kept on this site.

/// Percent-encodes a value for a query string.
pub fn urlencode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// `target` when it is a path of this site (`/bodies/3?page=2`), else `fallback`. Refuses what a
/// browser would take to another site or could not send: `//host`, `/\host`, schemes, control
/// characters.
pub fn local_path<'a>(target: &'a str, fallback: &'a str) -> &'a str {
    let mut chars = target.chars();
    let local = chars.next() == Some('/')
        && !matches!(chars.next(), Some('/' | '\\'))
        && !target.chars().any(|c| c.is_control() || c == '\\');
    if local { target } else { fallback }
}

/// Reads a public base URL as given to `--public-url`: `http://` or `https://`, a host, maybe a
/// port and a path; no query, fragment, user, spaces, quotes or angle brackets. The trailing `/` is
/// dropped. `None` when it is not one.
pub fn public_url(value: &str) -> Option<String> {
    let value = value.trim().trim_end_matches('/');
    let rest = value.strip_prefix("https://").or_else(|| value.strip_prefix("http://"))?;
    let (host, path) = rest.split_once('/').map_or((rest, ""), |(h, p)| (h, p));
    let path_ok = path.chars().all(|c| c.is_ascii_alphanumeric() || "-._~/".contains(c));
    (valid_host(host) && path_ok).then(|| value.to_string())
}

/// Whether a `Host` is a plain host name or address with an optional port.
fn valid_host(host: &str) -> bool {
    !host.is_empty() && host.len() <= 255 && host.chars().all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c))
}

/// The base of absolute links to this site, and of the address printed on tickets and shown on
/// the live screen: the configured public URL, else the scheme (https when served behind TLS) and
/// the request's `Host` when it is a plain host name or address with a port, else
/// `http://localhost` (the address is only ever shown to whoever sent that request).
pub fn public_base(configured: Option<&str>, host: Option<&str>, tls: bool) -> String {
    if let Some(url) = configured {
        return url.trim_end_matches('/').to_string();
    }
    let scheme = if tls { "https" } else { "http" };
    format!("{scheme}://{}", host.filter(|h| valid_host(h)).unwrap_or("localhost"))
}

/// [`public_base`] with the `Host` of a request's headers.
pub fn public_base_of(configured: Option<&str>, headers: &axum::http::HeaderMap, tls: bool) -> String {
    public_base(configured, headers.get(axum::http::header::HOST).and_then(|h| h.to_str().ok()), tls)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_addresses_are_plain_http_urls() {
        assert_eq!(public_url("https://cabildo.example.org/").as_deref(), Some("https://cabildo.example.org"));
        assert_eq!(public_url("http://192.168.1.10:8080").as_deref(), Some("http://192.168.1.10:8080"));
        assert_eq!(public_url("https://example.org/cabildo").as_deref(), Some("https://example.org/cabildo"));
        for bad in ["", "cabildo.example.org", "ftp://x", "https://", "https://a b", "https://x/?q=1", "https://u@x"] {
            assert_eq!(public_url(bad), None, "{bad:?}");
        }
        let mut headers = axum::http::HeaderMap::new();
        assert_eq!(public_base_of(None, &headers, false), "http://localhost");
        headers.insert(axum::http::header::HOST, axum::http::HeaderValue::from_static("10.0.0.2:8080"));
        assert_eq!(public_base_of(None, &headers, true), "https://10.0.0.2:8080");
        headers.insert(axum::http::header::HOST, axum::http::HeaderValue::from_static("x\"><script>"));
        assert_eq!(public_base_of(None, &headers, false), "http://localhost");
        assert_eq!(public_base_of(Some("https://c.example/"), &headers, false), "https://c.example");
    }

    #[test]
    fn only_paths_of_this_site_are_redirect_targets() {
        for good in ["/", "/bodies/3", "/bodies/3/padron?q=mamani&page=2"] {
            assert_eq!(local_path(good, "/x"), good);
        }
        for bad in [
            "",
            "bodies",
            "//evil.example/",
            "/\\evil.example/",
            "https://evil.example/",
            "/a\r\nSet-Cookie: x",
            "/a\\b",
        ] {
            assert_eq!(local_path(bad, "/x"), "/x", "{bad:?}");
        }
    }

    #[test]
    fn public_urls_are_plain_http_addresses() {
        assert_eq!(public_url("https://cabildo.example/").as_deref(), Some("https://cabildo.example"));
        assert_eq!(public_url("http://10.0.0.5:8080/cabildo").as_deref(), Some("http://10.0.0.5:8080/cabildo"));
        for bad in [
            "",
            "cabildo.example",
            "ftp://x",
            "https://",
            "https://a b",
            "https://x/\"<y>",
            "https://x?q",
            "https://u@x",
        ] {
            assert_eq!(public_url(bad), None, "{bad:?}");
        }
        assert_eq!(public_base(Some("https://c.example"), Some("evil"), false), "https://c.example");
        assert_eq!(public_base(None, Some("c.example:8080"), true), "https://c.example:8080");
        assert_eq!(public_base(None, Some("x\"><script>"), false), "http://localhost");
    }

    #[test]
    fn query_values_are_encoded() {
        assert_eq!(urlencode("Juana Mamaní/2"), "Juana+Maman%C3%AD%2F2");
    }
}
