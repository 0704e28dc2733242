//! The organisation's and an item's forms: every field of the feed contract, and each finding
//! of the check shown at its field.

use std::collections::BTreeSet;

use serde_json::{json, Value};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlSelectElement, HtmlTextAreaElement};

use advocate_core::feed::diagnostic::Severity;
use advocate_core::studio::edit::FieldKind;
use advocate_core::studio::fields::field_for;
use advocate_core::studio::ids::propose_id;
use advocate_core::template::Placeholder;
use advocate_web::host::{t, tf};
use advocate_web::ui::dom::{button, clear, document, el};

use crate::app::{self, Selected};
use crate::field::{self, control_id, group, lang_label};

/// Builds the open form again (after selection, undo, or a change of shape).
pub fn render() {
    let Some(root) = app::by_id("st-form") else {
        return;
    };
    clear(&root);
    let Some((selected, doc)) = app::with(|s| (s.selected, s.doc.clone())) else {
        return;
    };
    let form = match selected {
        Selected::Organization => organization(),
        Selected::Item(i) => match doc.pointer(&format!("/items/{i}")) {
            Some(item) => item_form(i, item),
            None => organization(),
        },
    };
    let _ = root.append_child(&form);
}

fn organization() -> Element {
    let feed_wide = group(&t("studioLinks"))
        .child(field::text(
            "/links/utm/source",
            &t("studioUtmSource"),
            FieldKind::Optional,
            Some(&t("studioUtmSourceHelp")),
        ))
        .child(field::text(
            "/links/utm/medium",
            &t("studioUtmMedium"),
            FieldKind::Optional,
            Some(&t("studioUtmMediumHelp")),
        ))
        .child(field::text(
            "/links/utm/campaign",
            &t("studioUtmCampaign"),
            FieldKind::Optional,
            Some(&t("studioUtmCampaignHelp")),
        ))
        .child(field::checkbox(
            "/links/utm/enabled",
            &t("studioUtmOff"),
            json!(false),
            None,
        ))
        .child(field::checkbox(
            "/links/utm/personal",
            &t("studioUtmPersonal"),
            json!(true),
            None,
        ));
    el("div")
        .child(
            el("h2")
                .attr("id", "st-form-title")
                .text(&t("studioOrganization")),
        )
        .child(field::text(
            "/organization/name",
            &t("studioOrgName"),
            FieldKind::Required,
            Some(&t("studioOrgNameHelp")),
        ))
        .child(field::text(
            "/organization/hashtags",
            &t("studioHashtags"),
            FieldKind::List,
            Some(&t("studioHashtagsHelp")),
        ))
        .child(feed_wide)
        .build()
}

/// Languages the item's texts are offered in: German and English, and any other it has.
fn languages(item: &Value) -> Vec<String> {
    let mut set: BTreeSet<String> = ["de", "en"].into_iter().map(String::from).collect();
    for key in [
        "title",
        "summary",
        "image_alt",
        "personal_prompt",
        "retraction_note",
    ] {
        if let Some(map) = item.get(key).and_then(Value::as_object) {
            set.extend(map.keys().cloned());
        }
    }
    if let Some(captions) = item.get("captions").and_then(Value::as_array) {
        set.extend(
            captions
                .iter()
                .filter_map(|c| c.get("lang")?.as_str().map(String::from)),
        );
    }
    set.into_iter().filter(|l| !l.is_empty()).collect()
}

fn per_language(base: &str, key: &str, label: &str, langs: &[String], area: bool) -> Element {
    let mut g = group(label);
    for l in langs {
        let pointer = format!("{base}/{key}/{l}");
        let name = lang_label(l);
        g = g.child(if area {
            field::textarea(&pointer, &name, 2, FieldKind::Optional, None)
        } else {
            field::text(&pointer, &name, FieldKind::Optional, None)
        });
    }
    g.build()
}

fn item_form(i: usize, item: &Value) -> Element {
    let base = format!("/items/{i}");
    let p = |k: &str| format!("{base}/{k}");
    let langs = languages(item);
    let title = item
        .get("id")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(|id| tf("studioItemTitle", &[id.to_string()]))
        .unwrap_or_else(|| t("studioItemUntitled"));

    let propose = button(&t("studioProposeId"), "st-small")
        .attr("id", "st-propose-id")
        .on("click", move |_| propose(i));
    let id_field = field::text(
        &format!("/items/{i}/id"),
        &t("studioId"),
        FieldKind::Required,
        Some(&t("studioIdHelp")),
    );
    let _ = id_field.append_child(&propose.build());

    let networks = el("fieldset")
        .class("st-group st-inline")
        .attr("data-pointer", &p("networks"))
        .child(el("legend").text(&t("studioNetworks")))
        .child(network_box(i, "linkedin", "LinkedIn"))
        .child(network_box(i, "x", "X"))
        .child(el("p").class("st-help").text(&t("studioNetworksHelp")));

    let audience = group(&t("studioAudience"))
        .child(el("p").class("st-help").text(&t("studioAudienceHelp")))
        .child(field::text(
            &p("audience/teams"),
            &t("studioTeams"),
            FieldKind::List,
            None,
        ))
        .child(field::text(
            &p("audience/regions"),
            &t("studioRegions"),
            FieldKind::List,
            None,
        ))
        .child(field::text(
            &p("audience/languages"),
            &t("studioLanguages"),
            FieldKind::List,
            None,
        ));

    let timing = group(&t("studioTiming"))
        .child(field::datetime(&p("publish_at"), &t("studioPublishAt")))
        .child(field::datetime(&p("expires_at"), &t("studioExpiresAt")))
        .child(field::integer(
            &p("priority"),
            &t("studioPriority"),
            Some(&t("studioPriorityHelp")),
        ))
        .child(field::checkbox(
            &p("pinned"),
            &t("studioPinned"),
            json!(true),
            None,
        ));

    let retraction = group(&t("studioRetraction"))
        .child(field::select(
            &p("status"),
            &t("studioStatus"),
            &[
                ("", t("studioStatusActive")),
                ("retracted", t("studioStatusRetracted")),
            ],
        ))
        .child(per_language(
            &base,
            "retraction_note",
            &t("studioRetractionNote"),
            &langs,
            true,
        ));

    let remove = button(&t("studioRemoveItem"), "st-danger")
        .attr("id", "st-remove-item")
        .on("click", move |_| {
            let ok = web_sys::window()
                .and_then(|w| w.confirm_with_message(&t("studioRemoveItemConfirm")).ok())
                .unwrap_or(false);
            if ok {
                app::change_structure(|doc| {
                    if let Some(items) = doc.get_mut("items").and_then(Value::as_array_mut) {
                        if i < items.len() {
                            items.remove(i);
                        }
                    }
                });
                app::select(Selected::Item(i.saturating_sub(1)));
            }
        });

    el("div")
        .child(el("h2").attr("id", "st-form-title").text(&title))
        .child(id_field)
        .child(field::text(
            &p("url"),
            &t("studioUrl"),
            FieldKind::Required,
            Some(&t("studioUrlHelp")),
        ))
        .child(per_language(
            &base,
            "title",
            &t("studioItemTitles"),
            &langs,
            false,
        ))
        .child(per_language(
            &base,
            "summary",
            &t("studioSummaries"),
            &langs,
            true,
        ))
        .child(
            group(&t("studioImage"))
                .child(field::text(
                    &p("image"),
                    &t("studioImageUrl"),
                    FieldKind::Optional,
                    Some(&t("studioImageHelp")),
                ))
                .child(per_language(
                    &base,
                    "image_alt",
                    &t("studioImageAlt"),
                    &langs,
                    false,
                )),
        )
        .child(captions(i, item, &langs))
        .child(networks)
        .child(field::text(
            &p("campaign"),
            &t("studioCampaign"),
            FieldKind::Optional,
            None,
        ))
        .child(field::text(
            &p("hashtags"),
            &t("studioItemHashtags"),
            FieldKind::List,
            Some(&t("studioHashtagsHelp")),
        ))
        .child(per_language(
            &base,
            "personal_prompt",
            &t("studioPrompt"),
            &langs,
            false,
        ))
        .child(audience)
        .child(timing)
        .child(retraction)
        .child(remove)
        .build()
}

fn network_box(i: usize, network: &'static str, name: &str) -> Element {
    let pointer = format!("/items/{i}/networks");
    let id = format!("{}-{network}", control_id(&pointer));
    let listed = field::value_at(&pointer);
    let checked = match &listed {
        Some(Value::Array(list)) => list.iter().any(|v| v.as_str() == Some(network)),
        _ => true,
    };
    let input = el("input")
        .attr("type", "checkbox")
        .attr("id", &id)
        .on("change", move |_| {
            let on = |n: &str| {
                document()
                    .get_element_by_id(&format!(
                        "{}-{n}",
                        control_id(&format!("/items/{i}/networks"))
                    ))
                    .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
                    .is_some_and(|e| e.checked())
            };
            let chosen: Vec<Value> = ["linkedin", "x"]
                .into_iter()
                .filter(|n| on(n))
                .map(|n| json!(n))
                .collect();
            // Both: the default (every network), so the field is left out.
            let value = (chosen.len() != 2).then_some(Value::Array(chosen));
            app::change(&format!("/items/{i}/networks"), value);
        })
        .build();
    if checked {
        let _ = input.set_attribute("checked", "");
    }
    el("span")
        .class("st-check")
        .child(input)
        .child(el("label").attr("for", &id).text(name))
        .build()
}

fn captions(i: usize, item: &Value, langs: &[String]) -> Element {
    let list = item
        .get("captions")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut g = el("fieldset")
        .class("st-group st-captions")
        .attr("data-pointer", &format!("/items/{i}/captions"))
        .child(el("legend").text(&t("studioCaptions")))
        .child(el("p").class("st-help").text(&t("studioCaptionsHelp")));
    let lang_choices: Vec<(&str, String)> =
        langs.iter().map(|l| (l.as_str(), lang_label(l))).collect();
    for (c, _) in list.iter().enumerate() {
        let base = format!("/items/{i}/captions/{c}");
        let text_ptr = format!("{base}/text");
        let text_id = control_id(&text_ptr);
        let insert = el("select")
            .attr("aria-label", &t("studioInsertPlaceholder"))
            .attr("id", &format!("{text_id}-placeholder"))
            .child(
                el("option")
                    .attr("value", "")
                    .text(&t("studioInsertPlaceholder")),
            )
            .on("change", move |e| {
                if let Some(s) = e
                    .target()
                    .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
                {
                    let name = s.value();
                    s.set_value("");
                    if !name.is_empty() {
                        insert_placeholder(&text_id, &format!("{{{name}}}"));
                    }
                }
            });
        let insert = Placeholder::ALL.iter().fold(insert, |s, p| {
            s.child(
                el("option")
                    .attr("value", p.name())
                    .text(&format!("{{{}}}", p.name())),
            )
        });
        let remove = button(&t("studioRemoveCaption"), "st-small st-danger")
            .attr(
                "aria-label",
                &tf("studioRemoveCaptionN", &[(c + 1).to_string()]),
            )
            .on("click", move |_| {
                app::change_structure(|doc| {
                    if let Some(list) = doc
                        .pointer_mut(&format!("/items/{i}/captions"))
                        .and_then(Value::as_array_mut)
                    {
                        if c < list.len() {
                            list.remove(c);
                        }
                    }
                });
            });
        let one = el("div")
            .class("st-caption-form")
            .child(el("h3").text(&tf("studioCaptionN", &[(c + 1).to_string()])))
            .child(
                el("div")
                    .class("st-row")
                    .child(field::select(
                        &format!("{base}/lang"),
                        &t("studioCaptionLang"),
                        &lang_choices,
                    ))
                    .child(field::select(
                        &format!("{base}/network"),
                        &t("studioCaptionNetwork"),
                        &[
                            ("", t("studioAnyNetwork")),
                            ("linkedin", "LinkedIn".into()),
                            ("x", "X".into()),
                        ],
                    )),
            )
            .child(field::textarea(
                &text_ptr,
                &t("studioCaptionText"),
                5,
                FieldKind::Required,
                None,
            ))
            .child(el("div").class("st-row").child(insert).child(remove));
        g = g.child(one);
    }
    let lang = app::lang();
    let add = button(&t("studioAddCaption"), "")
        .attr("id", "st-add-caption")
        .on("click", move |_| {
            let lang = lang.clone();
            app::change_structure(|doc| {
                if let Some(item) = doc
                    .pointer_mut(&format!("/items/{i}"))
                    .and_then(Value::as_object_mut)
                {
                    let list = item.entry("captions").or_insert_with(|| json!([]));
                    if let Some(list) = list.as_array_mut() {
                        list.push(json!({"lang": lang, "text": "{url}"}));
                    }
                }
            });
        });
    g.child(add).build()
}

/// Inserts `token` at the caret of the caption's text field and records the change.
fn insert_placeholder(text_id: &str, token: &str) {
    let Some(area) = document()
        .get_element_by_id(text_id)
        .and_then(|e| e.dyn_into::<HtmlTextAreaElement>().ok())
    else {
        return;
    };
    let value = area.value();
    let chars: Vec<char> = value.chars().collect();
    // selectionStart counts UTF-16 units; map to chars for the split.
    let start16 = area
        .selection_start()
        .ok()
        .flatten()
        .unwrap_or(chars.len() as u32) as usize;
    let mut units = 0;
    let mut at = chars.len();
    for (n, ch) in chars.iter().enumerate() {
        if units >= start16 {
            at = n;
            break;
        }
        units += ch.len_utf16();
    }
    let before: String = chars[..at].iter().collect();
    let after: String = chars[at..].iter().collect();
    area.set_value(&format!("{before}{token}{after}"));
    let caret = (before.encode_utf16().count() + token.encode_utf16().count()) as u32;
    let _ = area.set_selection_range(caret, caret);
    let _ = area.focus();
    let _ = area.dispatch_event(&web_sys::Event::new("input").expect("a fixed event name"));
}

/// Sets the item's id from its title (German, else English, else any).
fn propose(i: usize) {
    let Some((title, taken)) = app::with(|s| {
        let title = s
            .doc
            .pointer(&format!("/items/{i}"))
            .and_then(crate::list::title_of)
            .unwrap_or_default();
        let taken: Vec<String> = s
            .doc
            .get("items")
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .enumerate()
                    .filter(|(n, _)| *n != i)
                    .filter_map(|(_, it)| it.get("id")?.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        (title, taken)
    }) else {
        return;
    };
    let taken: Vec<&str> = taken.iter().map(String::as_str).collect();
    let id = propose_id(&title, &taken);
    app::change(&format!("/items/{i}/id"), Some(Value::String(id)));
    render();
    show_findings();
}

/// Shows each finding at its field in the open form (and marks the control invalid).
pub fn show_findings() {
    let Some(root) = app::by_id("st-form") else {
        return;
    };
    let Ok(old) = root.query_selector_all(".st-diag") else {
        return;
    };
    for n in 0..old.length() {
        if let Some(node) = old.item(n) {
            if let Some(parent) = node.parent_node() {
                let _ = parent.remove_child(&node);
            }
        }
    }
    if let Ok(marked) = root.query_selector_all("[aria-invalid], [aria-describedby*='st-diag-']") {
        for n in 0..marked.length() {
            if let Some(e) = marked.item(n).and_then(|n| n.dyn_into::<Element>().ok()) {
                let _ = e.remove_attribute("aria-invalid");
                // Keep the help text's id, drop the findings' ids (shown again below).
                let kept: Vec<String> = e
                    .get_attribute("aria-describedby")
                    .unwrap_or_default()
                    .split_whitespace()
                    .filter(|id| !id.starts_with("st-diag-"))
                    .map(String::from)
                    .collect();
                let _ = if kept.is_empty() {
                    e.remove_attribute("aria-describedby")
                } else {
                    e.set_attribute("aria-describedby", &kept.join(" "))
                };
            }
        }
    }
    let Ok(fields) = root.query_selector_all("[data-pointer]") else {
        return;
    };
    let mut wrappers = Vec::new();
    for n in 0..fields.length() {
        if let Some(e) = fields.item(n).and_then(|n| n.dyn_into::<Element>().ok()) {
            if let Some(p) = e.get_attribute("data-pointer") {
                wrappers.push((p, e));
            }
        }
    }
    let pointers: Vec<&str> = wrappers.iter().map(|(p, _)| p.as_str()).collect();
    let Some(diags) = app::with(|s| s.checked.diagnostics.clone()) else {
        return;
    };
    for (n, d) in diags.iter().enumerate() {
        let Some(target) = field_for(&d.pointer, &pointers) else {
            continue;
        };
        let Some((_, wrapper)) = wrappers.iter().find(|(p, _)| p == target) else {
            continue;
        };
        let error = d.severity == Severity::Error;
        let id = format!("st-diag-{n}");
        let word = t(if error {
            "studioError"
        } else {
            "studioWarning"
        });
        let msg = el("p")
            .class(if error {
                "st-diag st-diag-error"
            } else {
                "st-diag st-diag-warning"
            })
            .attr("id", &id)
            .text(&format!("{word}: {}", d.message))
            .build();
        let _ = wrapper.append_child(&msg);
        let control = document().get_element_by_id(&control_id(target));
        if let Some(c) = control {
            if error {
                let _ = c.set_attribute("aria-invalid", "true");
            }
            let described = c.get_attribute("aria-describedby").unwrap_or_default();
            if !described.split_whitespace().any(|x| x == id) {
                let _ = c.set_attribute("aria-describedby", format!("{described} {id}").trim());
            }
        }
    }
}
