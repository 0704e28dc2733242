//! Caption text → template parse → render with arbitrary values, and the paste HTML and share
//! URLs built from the result. Nothing may panic; rendered output never contains a raw `<`.
#![no_main]

use advocate_core::site::{paste_html, share_url};
use advocate_core::network::Network;
use advocate_core::template::{Template, Values};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // The first line is the caption; the rest are values for the placeholders.
    let mut parts = text.split('\u{1f}');
    let caption = parts.next().unwrap_or("");
    let v: Vec<&str> = parts.collect();
    let get = |i: usize| v.get(i).copied();
    if let Ok(t) = Template::parse(caption) {
        let values = Values {
            url: get(0),
            title: get(1),
            company: get(2),
            hashtags: get(3),
            first_name: get(4),
            role: get(5),
            team: get(6),
        };
        if let Ok(out) = t.render(&values) {
            let html = paste_html(&out);
            assert!(!html.replace("<p>", "").replace("</p>", "").replace("<br>", "").contains('<'));
            let _ = share_url(Network::X, &out);
            let _ = share_url(Network::Linkedin, &out);
        }
        assert_eq!(Template::parse(t.source()).ok(), Some(t));
    }
});
