//! Light or dark: decided from the host page's own background colour, because LinkedIn and X
//! each have a dark mode of their own, independent of the operating system's setting.

/// Parses `rgb(r, g, b)` / `rgba(r, g, b, a)`; `None` for transparent or unknown.
fn parse_rgb(css: &str) -> Option<(f64, f64, f64)> {
    let inner = css
        .trim()
        .strip_prefix("rgba(")
        .or_else(|| css.trim().strip_prefix("rgb("))?
        .strip_suffix(')')?;
    let parts: Vec<f64> = inner
        .split([',', ' ', '/'])
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    match parts.as_slice() {
        [_, _, _, a] if *a < 0.5 => None,
        [r, g, b, ..] => Some((*r, *g, *b)),
        _ => None,
    }
}

/// Relative luminance (WCAG) of an sRGB colour.
fn luminance((r, g, b): (f64, f64, f64)) -> f64 {
    let lin = |c: f64| {
        let c = c / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

/// Whether a page with this background colour is in dark mode.
pub fn is_dark_background(css: &str) -> Option<bool> {
    parse_rgb(css).map(|c| luminance(c) < 0.2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_page_colours() {
        assert_eq!(is_dark_background("rgb(0, 0, 0)"), Some(true));
        assert_eq!(is_dark_background("rgb(27, 31, 35)"), Some(true));
        assert_eq!(is_dark_background("rgb(244, 242, 238)"), Some(false));
        assert_eq!(is_dark_background("rgba(0, 0, 0, 0)"), None);
        assert_eq!(is_dark_background("transparent"), None);
    }
}
