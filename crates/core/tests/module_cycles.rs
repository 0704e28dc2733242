//! No module of `advocate-core` depends on itself through others: a newcomer can read the
//! modules bottom up, and a change to one cannot loop back into it.
//!
//! `cargo test -p advocate-core --test module_cycles` reads `crates/core/src/` and takes every
//! path that names another module of the crate (`use crate::…`, `use super::…`, `crate::x::f()`
//! in code, unit tests included; comments and strings do not count). An edge between two modules
//! counts among the children of their closest common ancestor: `feed::validate` using
//! `compose` is `feed` → `compose` at the top, and `feed::raw` using `feed::schema` is `raw` →
//! `schema` inside `feed`. A module and its own submodules are one unit (submodules see their
//! parent's private items by design), so their uses of each other do not count.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module's path inside the crate (`["feed", "validate"]`); the crate root is `[]`.
type Module = Vec<String>;

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every module file under `src/`, by module path.
fn module_files() -> BTreeMap<Module, PathBuf> {
    let mut out = BTreeMap::new();
    let mut dirs = vec![src_dir()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(src_dir()).expect("under src");
            let mut module: Module = rel
                .parent()
                .into_iter()
                .flat_map(|p| p.components())
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if stem != "mod" && stem != "lib" {
                module.push(stem.to_string());
            }
            out.insert(module, path);
        }
    }
    out
}

/// The code of a Rust file without comments, string and character literals.
fn code_of(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < b.len() {
        let rest = &src[i..];
        if rest.starts_with("//") {
            i += rest.find('\n').unwrap_or(rest.len());
        } else if rest.starts_with("/*") {
            i += rest.find("*/").map_or(rest.len(), |e| e + 2);
        } else if let Some(hashes) = raw_string_start(rest) {
            let close = format!("\"{}", "#".repeat(hashes));
            let body = hashes + 2;
            i += body
                + rest[body..]
                    .find(&close)
                    .map_or(rest.len() - body, |e| e + close.len());
            out.push_str("\"\"");
        } else if b[i] == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if b[i] == b'\'' && char_literal_len(rest).is_some() {
            i += char_literal_len(rest).unwrap_or(1);
            out.push_str("' '");
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// `r"`, `r#"`, `br##"` …: the number of `#`s, when a raw string starts here.
fn raw_string_start(s: &str) -> Option<usize> {
    let s = s.strip_prefix('b').unwrap_or(s).strip_prefix('r')?;
    let hashes = s.len() - s.trim_start_matches('#').len();
    s[hashes..].starts_with('"').then_some(hashes)
}

/// The length of a character literal at the start of `s` (`'a'`, `'\n'`, `'\u{200B}'`); `None`
/// for a lifetime (`'a`).
fn char_literal_len(s: &str) -> Option<usize> {
    let rest = &s[1..];
    if let Some(esc) = rest.strip_prefix('\\') {
        return esc.find('\'').map(|e| e + 3);
    }
    let c = rest.chars().next()?;
    rest[c.len_utf8()..]
        .starts_with('\'')
        .then_some(c.len_utf8() + 2)
}

/// The paths in `code` that start at `crate`, `super` or `self`, with `use` groups
/// (`use crate::{a, b::c}`) spelled out: each as its segments, `crate`/`super`/`self` kept.
fn paths_in(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let words: Vec<(usize, &str)> = tokens(code);
    let mut k = 0;
    while k < words.len() {
        let (at, w) = words[k];
        if matches!(w, "crate" | "super" | "self") && !is_preceded_by_path_sep(code, at) {
            let (paths, next) = read_path(&words, k);
            out.extend(paths);
            k = next.max(k + 1);
        } else {
            k += 1;
        }
    }
    out
}

fn is_preceded_by_path_sep(code: &str, at: usize) -> bool {
    code[..at].trim_end().ends_with("::")
}

/// Identifiers and the punctuation `::`, `{`, `}`, `,` with their offsets.
fn tokens(code: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let b = code.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            out.push((start, &code[start..i]));
        } else if code[i..].starts_with("::") {
            out.push((i, "::"));
            i += 2;
        } else if matches!(c, b'{' | b'}' | b',') {
            out.push((i, &code[i..i + 1]));
            i += 1;
        } else if c.is_ascii_whitespace() {
            i += 1;
        } else {
            out.push((i, &code[i..i + 1]));
            i += 1;
        }
    }
    out
}

/// Reads the path that starts at `words[k]`, expanding one level of braces recursively.
fn read_path(words: &[(usize, &str)], mut k: usize) -> (Vec<Vec<String>>, usize) {
    let mut prefix = vec![words[k].1.to_string()];
    k += 1;
    while k + 1 < words.len() && words[k].1 == "::" {
        let next = words[k + 1].1;
        if next == "{" {
            let mut out = Vec::new();
            k += 2;
            while k < words.len() && words[k].1 != "}" {
                if words[k].1 == "," {
                    k += 1;
                    continue;
                }
                let (inner, next) = read_path(words, k);
                for p in inner {
                    let mut full = prefix.clone();
                    full.extend(p);
                    out.push(full);
                }
                k = next;
            }
            return (out, k + 1);
        }
        if !next.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
            break;
        }
        prefix.push(next.to_string());
        k += 2;
    }
    (vec![prefix], k)
}

/// The deepest module of the crate that `path`, used in `from`, names.
fn resolve(path: &[String], from: &Module, modules: &BTreeMap<Module, PathBuf>) -> Option<Module> {
    let mut base: Module = Vec::new();
    let mut rest = path;
    match path.first().map(String::as_str) {
        Some("crate") => rest = &path[1..],
        Some("self" | "super") => {
            base = from.clone();
            while let Some(seg) = rest.first() {
                match seg.as_str() {
                    "self" => {}
                    "super" => {
                        base.pop()?;
                    }
                    _ => break,
                }
                rest = &rest[1..];
            }
        }
        _ => return None,
    }
    let mut found = base.clone();
    for seg in rest {
        let mut next = found.clone();
        next.push(seg.clone());
        if !modules.contains_key(&next) {
            break;
        }
        found = next;
    }
    Some(found)
}

/// Where the edge `from` → `to` counts: the children of their closest common ancestor that hold
/// each. `None` when one contains the other.
fn projected(from: &Module, to: &Module) -> Option<(Module, Module)> {
    let common = from.iter().zip(to).take_while(|(a, b)| a == b).count();
    if common == from.len() || common == to.len() {
        return None;
    }
    Some((from[..=common].to_vec(), to[..=common].to_vec()))
}

fn name(m: &Module) -> String {
    if m.is_empty() {
        "crate".into()
    } else {
        m.join("::")
    }
}

/// Every edge between sibling modules, with the uses behind it.
fn edges() -> BTreeMap<(Module, Module), BTreeSet<String>> {
    let modules = module_files();
    let mut out: BTreeMap<(Module, Module), BTreeSet<String>> = BTreeMap::new();
    for (module, path) in &modules {
        let src =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for used in paths_in(&code_of(&src)) {
            let Some(target) = resolve(&used, module, &modules) else {
                continue;
            };
            if let Some(edge) = projected(module, &target) {
                out.entry(edge).or_default().insert(format!(
                    "{} uses {}",
                    name(module),
                    used.join("::")
                ));
            }
        }
    }
    out
}

/// The cycles among the edges: every strongly connected group of two or more modules.
fn cycles(edges: &BTreeMap<(Module, Module), BTreeSet<String>>) -> Vec<BTreeSet<Module>> {
    let mut next: BTreeMap<&Module, Vec<&Module>> = BTreeMap::new();
    for (a, b) in edges.keys() {
        next.entry(a).or_default().push(b);
        next.entry(b).or_default();
    }
    let reach = |from: &Module| {
        let mut seen: BTreeSet<&Module> = BTreeSet::new();
        let mut todo = vec![from];
        while let Some(m) = todo.pop() {
            for &n in next.get(m).into_iter().flatten() {
                if seen.insert(n) {
                    todo.push(n);
                }
            }
        }
        seen
    };
    let mut groups: Vec<BTreeSet<Module>> = Vec::new();
    for &m in next.keys() {
        if groups.iter().any(|g| g.contains(m)) {
            continue;
        }
        let group: BTreeSet<Module> = reach(m)
            .into_iter()
            .filter(|n| reach(n).contains(m))
            .cloned()
            .collect();
        if group.len() > 1 {
            groups.push(group);
        }
    }
    groups
}

#[test]
fn modules_of_the_core_form_no_cycle() {
    let edges = edges();
    let found = cycles(&edges);
    let mut report = String::new();
    for group in &found {
        report.push_str("cycle:\n");
        for ((a, b), uses) in &edges {
            if group.contains(a) && group.contains(b) {
                let why: Vec<&str> = uses.iter().map(String::as_str).collect();
                report.push_str(&format!(
                    "  {} -> {}: {}\n",
                    name(a),
                    name(b),
                    why.join("; ")
                ));
            }
        }
    }
    assert!(found.is_empty(), "{report}");
}

#[test]
fn the_checker_sees_uses_and_cycles() {
    let code = code_of(
        "use crate::{a::b, c};\n// use crate::d;\nfn f() { super::e::g(); let s = \"crate::h\"; let c = '\"'; }\n",
    );
    let paths: Vec<String> = paths_in(&code).iter().map(|p| p.join("::")).collect();
    assert_eq!(paths, ["crate::a::b", "crate::c", "super::e::g"]);
    let m = |s: &str| -> Module { s.split("::").map(String::from).collect() };
    assert_eq!(
        projected(&m("feed::raw"), &m("feed::schema")),
        Some((m("feed::raw"), m("feed::schema")))
    );
    assert_eq!(
        projected(&m("feed::validate"), &m("compose")),
        Some((m("feed"), m("compose")))
    );
    assert_eq!(
        projected(&m("feed::validate::structure"), &m("feed::validate")),
        None
    );
    let mut e = BTreeMap::new();
    e.insert((m("a"), m("b")), BTreeSet::new());
    e.insert((m("b"), m("a")), BTreeSet::new());
    e.insert((m("b"), m("c")), BTreeSet::new());
    assert_eq!(cycles(&e), vec![BTreeSet::from([m("a"), m("b")])]);
}
