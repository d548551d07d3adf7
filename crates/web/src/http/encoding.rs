//! What a request's headers say it accepts.

use axum::http::HeaderValue;

/// Whether an `Accept-Encoding` accepts gzip (named, or `*`, without `q=0`).
pub fn accepts_gzip<'a>(values: impl Iterator<Item = &'a HeaderValue>) -> bool {
    values.filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(|coding| {
        let mut parts = coding.split(';').map(str::trim);
        let name = parts.next().unwrap_or_default();
        let refused =
            parts.any(|p| p.strip_prefix("q=").is_some_and(|q| q.trim().parse::<f32>().is_ok_and(|q| q <= 0.0)));
        (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
    })
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    fn accepts(value: &'static str) -> bool {
        super::accepts_gzip([HeaderValue::from_static(value)].iter())
    }

    #[test]
    fn accept_encoding_is_read_as_browsers_send_it() {
        assert!(accepts("gzip, deflate, br"));
        assert!(accepts("br;q=1.0, gzip;q=0.8"));
        assert!(accepts("*"));
        assert!(!accepts("br"));
        assert!(!accepts("gzip;q=0"));
        assert!(!accepts("identity"));
    }
}
