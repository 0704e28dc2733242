//! Files in and out: the starter feed, a feed.json (picker or drag and drop), the extension's
//! current feed, a spreadsheet (CSV, `advocate import`'s rules), and saving.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{DragEvent, Element, File, HtmlInputElement};

use advocate_core::feed::raw::RawFeed;
use advocate_core::studio::csv::{import_csv, CsvRefused};
use advocate_core::studio::save::parse_draft;
use advocate_core::studio::starter::starter_feed;
use advocate_web::background::store;
use advocate_web::host::{now_ms, t, tf, utc_offset_minutes};
use advocate_web::ui::dom::{clear, el, on, El};

use crate::{app, js};

/// Replaces the draft with the starter feed (`advocate init`'s), after asking.
pub fn new_feed() {
    let ok = web_sys::window()
        .and_then(|w| w.confirm_with_message(&t("studioNewConfirm")).ok())
        .unwrap_or(false);
    if ok {
        app::replace(
            &starter_feed(now_ms() as i64, utc_offset_minutes()),
            Some("feed.json"),
        );
        app::say(&t("studioNewDone"), false);
    }
}

/// A file input that looks like the toolbar's buttons (its label is the button).
fn file_control(id: &str, label: &str, accept: &str, f: impl Fn(File) + 'static) -> El {
    let input = el("input")
        .attr("type", "file")
        .attr("id", id)
        .attr("accept", accept)
        .class("st-file")
        .on("change", move |e| {
            if let Some(i) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            {
                if let Some(file) = i.files().and_then(|l| l.get(0)) {
                    f(file);
                }
                i.set_value("");
            }
        });
    el("span")
        .class("st-file-wrap")
        .child(input)
        .child(el("label").attr("for", id).class("st-button").text(label))
}

/// "Open feed.json…".
pub fn open_control() -> El {
    file_control(
        "st-open-file",
        &t("studioOpen"),
        ".json,application/json",
        open_file,
    )
    .attr("id", "st-open")
}

/// "Import spreadsheet (CSV)…".
pub fn import_control() -> El {
    file_control(
        "st-import-file",
        &t("studioImport"),
        ".csv,text/csv",
        import_file,
    )
}

/// The file's name and bytes, or None after saying in the status line that it cannot be read.
async fn read_or_say(file: &File) -> Option<(String, Vec<u8>)> {
    let name = file.name();
    match bytes_of(file).await {
        Some(bytes) => Some((name, bytes)),
        None => {
            app::say(
                &tf("studioOpenFailed", &[name, t("studioUnreadableFile")]),
                true,
            );
            None
        }
    }
}

async fn bytes_of(file: &File) -> Option<Vec<u8>> {
    let v = JsFuture::from(js::file_bytes(file)).await.ok()?;
    Some(js_sys::Uint8Array::new(&v).to_vec())
}

fn open_file(file: File) {
    spawn_local(async move {
        let Some((name, bytes)) = read_or_say(&file).await else {
            return;
        };
        let text = String::from_utf8_lossy(&bytes).to_string();
        match parse_draft(&text) {
            Ok(_) => {
                app::replace(&text, Some(&name));
                app::say(&tf("studioOpened", &[name]), false);
            }
            Err(d) => app::say(&tf("studioOpenFailed", &[name, d.message]), true),
        }
    });
}

/// Loads a copy of the feed the extension uses now.
pub fn load_current() {
    spawn_local(async move {
        let text = match store::feed_meta().await {
            Ok(Some(meta)) => store::feed_text(&meta).await.ok().flatten(),
            _ => None,
        };
        match text {
            Some(text) => {
                app::replace(&text, Some("feed.json"));
                app::say(&t("studioCurrentLoaded"), false);
            }
            None => app::say(&t("studioNoCurrent"), true),
        }
    });
}

fn import_file(file: File) {
    spawn_local(async move {
        let Some((name, bytes)) = read_or_say(&file).await else {
            return;
        };
        // The open feed gives the organisation, links and `$schema`, as the CLI's output file
        // does; its items are replaced.
        let base = app::with(|s| serde_json::from_value::<RawFeed>(s.doc.clone()).ok())
            .flatten()
            .unwrap_or_default();
        let zone = js::time_zone();
        let problems = app::by_id("st-import-problems");
        if let Some(p) = &problems {
            clear(p);
            let _ = p.set_attribute("hidden", "");
        }
        match import_csv(&bytes, base, &zone, now_ms() as i64) {
            Ok(done) => {
                app::replace(&done.text, None);
                let mut line = tf(
                    "studioImported",
                    &[
                        name.clone(),
                        done.feed.items.len().to_string(),
                        done.rows.to_string(),
                        zone,
                    ],
                );
                if let Some(note) = &done.note {
                    line.push_str(&format!(" {note}"));
                }
                app::say(&line, false);
                if let (Some(p), false) = (&problems, done.warnings.is_empty()) {
                    list_findings(
                        p,
                        &name,
                        done.warnings
                            .iter()
                            .map(|f| (false, f.place.to_string(), f.message.clone())),
                    );
                }
            }
            Err(CsvRefused::Sheet { findings, .. }) => {
                app::say(
                    &tf("studioImportRefused", std::slice::from_ref(&name)),
                    true,
                );
                if let Some(p) = &problems {
                    list_findings(
                        p,
                        &name,
                        findings
                            .iter()
                            .map(|f| (f.is_error(), f.place.to_string(), f.message.clone())),
                    );
                }
            }
            Err(other) => app::say(&tf("studioImportFailed", &[name, other.to_string()]), true),
        }
    });
}

fn list_findings(
    root: &Element,
    sheet: &str,
    findings: impl Iterator<Item = (bool, String, String)>,
) {
    let list = el("ul").build();
    for (error, place, message) in findings {
        let word = t(if error {
            "studioError"
        } else {
            "studioWarning"
        });
        let _ = list.append_child(
            &el("li")
                .class(if error {
                    "st-diag st-diag-error"
                } else {
                    "st-diag st-diag-warning"
                })
                .text(&format!("{sheet}: {word}: {place}: {message}"))
                .build(),
        );
    }
    let _ = root.append_child(&el("h2").text(&t("studioImportProblems")).build());
    let _ = root.append_child(&list);
    let _ = root.remove_attribute("hidden");
}

/// Dropping a .json opens it, a .csv imports it.
pub fn accept_drops(target: &Element) {
    on(target, "dragover", |e| e.prevent_default());
    on(target, "drop", |e| {
        e.prevent_default();
        let Some(d) = e.dyn_ref::<DragEvent>() else {
            return;
        };
        let Some(file) = d
            .data_transfer()
            .and_then(|t| t.files())
            .and_then(|l| l.get(0))
        else {
            return;
        };
        if file.name().to_lowercase().ends_with(".csv") {
            import_file(file);
        } else {
            open_file(file);
        }
    });
}

/// Saves the draft (with errors too: the status says what the extension would do with it).
pub fn save() {
    let Some((text, name, errors)) =
        app::with(|s| (s.text.clone(), s.file_name.clone(), s.checked.errors))
    else {
        return;
    };
    spawn_local(async move {
        match JsFuture::from(js::save_text(&name, &text, "application/json")).await {
            Ok(v) if v.is_null() || v.is_undefined() => app::say(&t("studioSaveCancelled"), false),
            Ok(_) if errors > 0 => {
                app::say(&tf("studioSavedDraft", &[name, errors.to_string()]), true)
            }
            Ok(_) => app::say(&tf("studioSaved", &[name]), false),
            Err(e) => app::say(
                &tf("studioSaveFailed", &[e.as_string().unwrap_or_default()]),
                true,
            ),
        }
    });
}
