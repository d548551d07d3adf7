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
    fn query_values_are_encoded() {
        assert_eq!(urlencode("Juana Mamaní/2"), "Juana+Maman%C3%AD%2F2");
    }
}
