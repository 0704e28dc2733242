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
        .filter_map(|s| css_number(s.trim()))
        .collect();
    match parts.as_slice() {
        [_, _, _, a] if *a < 0.5 => None,
        [r, g, b, ..] => Some((*r, *g, *b)),
        _ => None,
    }
}

/// A plain CSS number (`27`, `27.5`, `.5`, `50%` as 0.5), as computed colours write them.
/// Hand-written rather than `str::parse::<f64>`, whose exact algorithm and table of powers of
/// five would be in the wasm module for this one caller; a colour needs a few decimals.
fn css_number(s: &str) -> Option<f64> {
    let (s, scale) = match s.strip_suffix('%') {
        Some(p) => (p, 0.01),
        None => (s, 1.0),
    };
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let mut value = 0.0;
    for b in int.bytes() {
        value = value * 10.0 + f64::from(digit(b)?);
    }
    let mut unit = 1.0;
    for b in frac.bytes() {
        unit /= 10.0;
        value += f64::from(digit(b)?) * unit;
    }
    Some(value * scale)
}

fn digit(b: u8) -> Option<u8> {
    b.is_ascii_digit().then(|| b - b'0')
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
        // Modern serialisations: fractions, space-separated with a slash before alpha.
        assert_eq!(is_dark_background("rgb(27.5, 31.25, 35)"), Some(true));
        assert_eq!(is_dark_background("rgb(244 242 238 / 0.9)"), Some(false));
        assert_eq!(is_dark_background("rgba(0, 0, 0, .4)"), None);
        assert_eq!(is_dark_background("rgb(0 0 0 / 40%)"), None);
        assert_eq!(is_dark_background("rgb(0 0 0 / 60%)"), Some(true));
    }

    #[test]
    fn reads_css_numbers() {
        assert_eq!(css_number("0"), Some(0.0));
        assert_eq!(css_number("255"), Some(255.0));
        assert_eq!(css_number("0.5"), Some(0.5));
        assert_eq!(css_number(".25"), Some(0.25));
        assert_eq!(css_number("12."), Some(12.0));
        assert_eq!(css_number("50%"), Some(0.5));
        for bad in ["", ".", "-1", "1e3", "1.2.3", "x", "none"] {
            assert_eq!(css_number(bad), None, "{bad}");
        }
    }
}
