//! QR codes drawn by the server as inline SVG: one path of dark runs on a white square with the
//! standard quiet zone, no script and no image file, so a ticket sheet prints as it shows.

use std::fmt::Write;

use qrcode::{Color, EcLevel, QrCode};

/// Light modules around the code (the standard asks for four).
const QUIET: usize = 4;

/// The QR code of `text` (error correction M: a crumpled ticket still scans), with `label` as its
/// accessible name; empty when the text is too long for a QR code.
pub(super) fn svg(text: &str, label: &str) -> String {
    let Ok(code) = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M) else {
        return String::new();
    };
    let width = code.width();
    let colors = code.to_colors();
    let dark = |x: usize, y: usize| colors.get(y * width + x) == Some(&Color::Dark);
    let mut path = String::new();
    for y in 0..width {
        let mut x = 0;
        while x < width {
            if dark(x, y) {
                let start = x;
                while x < width && dark(x, y) {
                    x += 1;
                }
                let run = x - start;
                // Writing to a String cannot fail.
                let _ = write!(path, "M{} {}h{run}v1h-{run}z", start + QUIET, y + QUIET);
            } else {
                x += 1;
            }
        }
    }
    let size = width + 2 * QUIET;
    format!(
        "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" role=\"img\" \
         aria-label=\"{}\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/>\
         <path fill=\"#000\" d=\"{path}\"/></svg>",
        escape(label)
    )
}

/// Text safe inside a double-quoted attribute.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_qr_code_is_one_path_inside_its_quiet_zone() {
        let svg = svg("https://cabildo.example/assemblies/4/vote?t=K7QX3M9APT", "a \"label\"");
        assert!(svg.starts_with("<svg class=\"qr\""), "{svg}");
        assert!(svg.contains("aria-label=\"a &quot;label&quot;\""), "{svg}");
        assert_eq!(svg.matches("<path").count(), 1);
        // Version 4 at level M: 33 modules, 41 with the quiet zone; the finder pattern's top row.
        assert!(svg.contains("viewBox=\"0 0 41 41\""), "{svg}");
        assert!(svg.contains("M4 4h7v1h-7z"), "{svg}");
        assert_eq!(super::svg(&"x".repeat(5000), "too long"), "");
    }
}
