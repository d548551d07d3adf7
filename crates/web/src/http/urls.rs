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
/// port and a path; no query, fragment, spaces, quotes or angle brackets. The trailing `/` is
/// dropped. `None` when it is not one.
pub fn public_url(value: &str) -> Option<String> {
    let value = value.trim().trim_end_matches('/');
    let rest = value.strip_prefix("https://").or_else(|| value.strip_prefix("http://"))?;
    let host = rest.split('/').next().unwrap_or("");
    let bad =
        |c: char| c.is_whitespace() || c.is_control() || matches!(c, '?' | '#' | '"' | '\'' | '<' | '>' | '\\' | '@');
    (!host.is_empty() && !value.chars().any(bad)).then(|| value.to_string())
}

/// The base of absolute links to this site: the configured public URL, else the scheme (https
/// when served behind TLS) and the request's `Host` when it is a plain host name or address
/// with a port, else `http://localhost`.
pub fn public_base(configured: Option<&str>, host: Option<&str>, tls: bool) -> String {
    if let Some(url) = configured {
        return url.to_string();
    }
    let plain = |h: &&str| {
        !h.is_empty()
            && h.len() <= 255
            && h.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
    };
    let scheme = if tls { "https" } else { "http" };
    format!("{scheme}://{}", host.filter(plain).unwrap_or("localhost"))
}

#[cfg(test)]
mod tests {
    use super::*;

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
