//! The preview as text for people.

use std::fmt::Write as _;

use super::{ItemPreview, NetworkPreview, Preview, VariantPreview};
use crate::render::count;

/// How far the final text is indented, so it stands apart from the notes around it.
const INDENT: &str = "        ";

/// Renders the whole preview.
pub fn render(file: &str, p: &Preview) -> String {
    let mut out = String::new();
    let dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    let _ = writeln!(out, "Preview of {file} at {}", p.at);
    let _ = writeln!(
        out,
        "Employee: language {}, team {}, region {}, first name {}, role {}",
        p.profile
            .lang
            .clone()
            .unwrap_or_else(|| "- (English captions, else the first)".into()),
        dash(&p.profile.team),
        dash(&p.profile.region),
        dash(&p.profile.first_name),
        dash(&p.profile.role),
    );
    for section in &p.networks {
        network(&mut out, section);
    }
    out
}

fn network(out: &mut String, s: &NetworkPreview) {
    let name = s.network.display_name();
    let _ = writeln!(
        out,
        "\n== {name}: {} ==",
        count(s.items.len(), "suggestion", "suggestions")
    );
    for item in &s.items {
        item_text(out, item);
    }
    if !s.hidden.is_empty() {
        let _ = writeln!(out, "\nNot shown on {name}:");
        for h in &s.hidden {
            let _ = writeln!(out, "  {} ({}): {}", h.id, h.pointer, h.detail);
        }
    }
}

fn item_text(out: &mut String, item: &ItemPreview) {
    let mut notes = Vec::new();
    if item.pinned {
        notes.push("pinned".to_string());
    }
    notes.push(format!("priority {}", item.priority));
    let _ = writeln!(
        out,
        "\n{}. {}: {}  ({})",
        item.rank,
        item.id,
        item.title,
        notes.join(", ")
    );
    let total = item.variants.len();
    for (k, v) in item.variants.iter().enumerate() {
        variant_text(out, v, k + 1, total);
    }
}

fn variant_text(out: &mut String, v: &VariantPreview, k: usize, total: usize) {
    let head = format!("   variant {k} of {total} ({}, {})", v.caption, v.lang);
    let (Some(text), Some(length), Some(max)) = (&v.text, v.length, v.max) else {
        let field = v.needs.as_deref().unwrap_or("first_name");
        let _ = writeln!(
            out,
            "{head}: uses {{{field}}}; pass --{} to see it",
            field.replace('_', "-")
        );
        return;
    };
    let mut facts = vec![format!("{length}/{max}")];
    match v.overflow {
        Some(over) if over > 0 => facts.push(format!("{over} over")),
        _ if v.fits == Some(false) => facts.push("not accepted by the network".into()),
        _ => facts.push("fits".into()),
    }
    if let Some(fold) = v.fold {
        let visible: String = text.chars().take(fold).collect();
        let tail: Vec<char> = visible.chars().rev().take(24).collect();
        let tail: String = tail.into_iter().rev().collect();
        let tail = tail.split_whitespace().collect::<Vec<_>>().join(" ");
        facts.push(format!(
            "\"…see more\" after {fold} characters (after \"…{}\")",
            tail.trim()
        ));
    }
    let _ = writeln!(out, "{head}: {}", facts.join(", "));
    for line in text.split('\n') {
        if line.is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "{INDENT}{line}");
        }
    }
}
