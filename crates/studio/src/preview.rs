//! The preview: for one employee (language, team, region, first name, role) at one moment, the
//! card exactly as the extension renders it (its own renderer, in a frame with the card's
//! stylesheet, light or dark), every caption's final text with its count and LinkedIn's fold,
//! and the items this employee would not see, with the reason.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlIFrameElement};

use advocate_core::network::Network;
use advocate_core::profile::Profile;
use advocate_core::studio::preview::{preview, CaptionPreview, HiddenReason};
use advocate_core::sync::accept_body;
use advocate_web::host::{now_ms, t, tf};
use advocate_web::ui::card::{render as render_card, Placement};
use advocate_web::ui::dom::{clear, el, number, on, El};

use crate::app::{self, Selected};
use crate::field::{control_value, labelled};
use crate::time;

fn input(id: &str, label: &str, kind: &str) -> El {
    labelled(id, label, el("input").attr("type", kind))
}

fn select(id: &str, label: &str, choices: &[(&str, String)], current: &str) -> El {
    let mut s = el("select");
    for (v, text) in choices {
        let mut o = el("option").attr("value", v).text(text);
        if *v == current {
            o = o.attr("selected", "");
        }
        s = s.child(o);
    }
    labelled(id, label, s)
}

/// The column's fixed parts: who and when, the card frame, the captions, the hidden items.
pub fn skeleton() -> El {
    let lang = app::lang();
    let dark = advocate_web::ui::theme::prefers_dark();
    let who = el("fieldset")
        .class("st-group st-who")
        .child(el("legend").text(&t("studioPreviewFor")))
        .child(select(
            "st-pv-lang",
            &t("studioPvLang"),
            &[
                ("de", crate::field::lang_label("de")),
                ("en", crate::field::lang_label("en")),
            ],
            &lang,
        ))
        .child(input("st-pv-team", &t("studioTeam"), "text"))
        .child(input("st-pv-region", &t("studioRegion"), "text"))
        .child(input("st-pv-first", &t("studioFirstName"), "text"))
        .child(input("st-pv-role", &t("studioRole"), "text"))
        .child(input("st-pv-at", &t("studioPvAt"), "datetime-local"))
        .child(select(
            "st-pv-network",
            &t("studioPvNetwork"),
            &[("linkedin", "LinkedIn".into()), ("x", "X".into())],
            "linkedin",
        ))
        .child(select(
            "st-pv-theme",
            &t("studioPvTheme"),
            &[("light", t("studioLight")), ("dark", t("studioDark"))],
            if dark { "dark" } else { "light" },
        ));
    let frame = el("iframe")
        .attr("id", "st-card-frame")
        .attr("src", "preview.html")
        .attr("title", &t("studioCardFrame"))
        .class("st-card-frame");
    let section = el("section")
        .attr("id", "st-preview")
        .class("st-preview")
        .attr("aria-labelledby", "st-preview-title")
        .child(
            el("h2")
                .attr("id", "st-preview-title")
                .text(&t("studioPreview")),
        )
        .child(who)
        .child(el("p").attr("id", "st-card-note").class("st-help"))
        .child(frame)
        .child(el("h3").text(&t("studioCaptionTexts")))
        .child(el("ul").attr("id", "st-captions").class("st-caption-list"))
        .child(el("h3").text(&t("studioHiddenTitle")))
        .child(el("ul").attr("id", "st-hidden").class("st-hidden-list"));
    let built = section.build();
    for id in [
        "st-pv-lang",
        "st-pv-team",
        "st-pv-region",
        "st-pv-first",
        "st-pv-role",
        "st-pv-at",
        "st-pv-network",
        "st-pv-theme",
    ] {
        if let Ok(Some(e)) = built.query_selector(&format!("#{id}")) {
            on(&e, "input", |_| read_settings());
            on(&e, "change", |_| read_settings());
        }
    }
    if let Ok(Some(f)) = built.query_selector("#st-card-frame") {
        // The frame's document arrives after the first render: render into it once it is there.
        on(&f, "load", |_| render());
    }
    El(built)
}

fn read_settings() {
    app::with(|s| {
        let p = &mut s.preview;
        p.lang = control_value("st-pv-lang");
        p.team = control_value("st-pv-team");
        p.region = control_value("st-pv-region");
        p.first_name = control_value("st-pv-first");
        p.role = control_value("st-pv-role");
        p.at_ms = time::ms_of_local_input(&control_value("st-pv-at"));
        p.network = if control_value("st-pv-network") == "x" {
            Network::X
        } else {
            Network::Linkedin
        };
        p.dark = control_value("st-pv-theme") == "dark";
    });
    render();
}

/// Shows the preview for the open item (or the first card) from the current draft.
pub fn render() {
    let Some((text, selected, item_id, p)) = app::with(|s| {
        let item_id = match s.selected {
            Selected::Item(i) => s
                .doc
                .pointer(&format!("/items/{i}/id"))
                .and_then(|v| v.as_str())
                .map(String::from),
            Selected::Organization => None,
        };
        let p = &s.preview;
        (
            s.text.clone(),
            s.selected,
            item_id,
            (
                p.lang.clone(),
                p.team.clone(),
                p.region.clone(),
                p.first_name.clone(),
                p.role.clone(),
                p.at_ms,
                p.network,
                p.dark,
            ),
        )
    }) else {
        return;
    };
    let (lang, team, region, first_name, role, at_ms, network, dark) = p;
    let at = at_ms.unwrap_or(now_ms() as i64);
    let ui = app::lang();
    let (Some(note), Some(captions), Some(hidden)) = (
        app::by_id("st-card-note"),
        app::by_id("st-captions"),
        app::by_id("st-hidden"),
    ) else {
        return;
    };
    clear(&captions);
    clear(&hidden);
    let Ok(checked) = accept_body(
        text.as_bytes(),
        chrono::DateTime::from_timestamp_millis(at).unwrap_or_default(),
    ) else {
        note.set_text_content(Some(&t("studioPreviewNeedsValid")));
        show_card(None, network, dark);
        return;
    };
    let employee = Profile {
        first_name,
        role,
        team,
        region,
        languages: vec![lang],
        ..Profile::default()
    };
    let both = preview(
        &checked.feed,
        &employee,
        at,
        &[Network::Linkedin, Network::X],
    );
    let card = both
        .cards
        .iter()
        .filter(|c| c.network == network)
        .find(|c| item_id.as_deref().is_none_or(|id| c.item_id == id))
        .cloned();
    let why_not = item_id.as_deref().and_then(|id| {
        both.hidden
            .iter()
            .find(|h| h.item_id == id && h.network == network)
    });
    note.set_text_content(Some(&match (&card, why_not, selected) {
        (Some(_), _, _) => tf(
            "studioPreviewCard",
            &[network.display_name().to_string(), time::show(at, &ui)],
        ),
        (None, Some(h), _) => tf(
            "studioPreviewHidden",
            &[network.display_name().to_string(), reason(&h.reason, &ui)],
        ),
        (None, None, _) => t("studioPreviewNone"),
    }));
    show_card(card, network, dark);
    for c in both
        .captions
        .iter()
        .filter(|c| item_id.as_deref().is_none_or(|id| c.item_id == id))
    {
        let _ = captions.append_child(&caption_entry(c, &ui));
    }
    if both
        .captions
        .iter()
        .all(|c| item_id.as_deref().is_some_and(|id| c.item_id != id))
    {
        let _ = captions.append_child(&el("li").text(&t("studioNoCaptionTexts")).build());
    }
    for h in both.hidden.iter().filter(|h| h.network == network) {
        let _ = hidden.append_child(
            &el("li")
                .child(el("strong").text(&h.item_id))
                .child(el("span").text(&format!(": {}", reason(&h.reason, &ui))))
                .build(),
        );
    }
    if hidden.child_element_count() == 0 {
        let _ = hidden.append_child(&el("li").text(&t("studioHiddenNone")).build());
    }
}

fn caption_entry(c: &CaptionPreview, ui: &str) -> Element {
    let head = tf(
        "studioCaptionHead",
        &[
            c.network.display_name().to_string(),
            crate::field::lang_label(&c.lang),
            (c.variant + 1).to_string(),
        ],
    );
    let mut li = el("li")
        .class("st-caption")
        .attr("data-network", c.network.as_str())
        .child(el("p").class("st-caption-head").text(&head));
    match (&c.text, &c.count) {
        (Some(text), Some(count)) => {
            let fold = c
                .linkedin_fold
                .map(|n| tf("studioFold", &[number(n, ui)]))
                .unwrap_or_default();
            let over = if c.overflow > 0 {
                tf("studioOver", &[number(c.overflow, ui)])
            } else {
                String::new()
            };
            li = li.child(el("p").class("st-caption-text").text(text)).child(
                el("p")
                    .class(if count.valid {
                        "st-caption-count"
                    } else {
                        "st-caption-count st-bad"
                    })
                    .text(&format!(
                        "{} / {}{}{}",
                        number(count.length, ui),
                        number(count.max, ui),
                        over,
                        fold
                    )),
            );
        }
        _ => {
            li = li.child(el("p").class("st-caption-text st-help").text(&tf(
                "studioCaptionNeeds",
                &[c.needs.clone().unwrap_or_default()],
            )));
        }
    }
    li.build()
}

fn reason(r: &HiddenReason, ui: &str) -> String {
    match r {
        HiddenReason::Retracted => t("studioWhyRetracted"),
        HiddenReason::NotOnNetwork => t("studioWhyNetwork"),
        HiddenReason::NotYetPublished { publish_at_ms } => {
            tf("studioWhyScheduled", &[time::show(*publish_at_ms, ui)])
        }
        HiddenReason::Expired { expires_at_ms } => {
            tf("studioWhyExpired", &[time::show(*expires_at_ms, ui)])
        }
        HiddenReason::OtherTeams { teams } => tf("studioWhyTeams", &[teams.join(", ")]),
        HiddenReason::OtherRegions { regions } => tf("studioWhyRegions", &[regions.join(", ")]),
        HiddenReason::OtherLanguages { languages } => {
            tf("studioWhyLanguages", &[languages.join(", ")])
        }
        HiddenReason::Dismissed | HiddenReason::AlreadyShared => t("studioWhyOther"),
    }
}

/// Puts the card into the preview frame (its document has the card's stylesheet).
fn show_card(card: Option<advocate_core::view::CardView>, network: Network, dark: bool) {
    let Some(frame) =
        app::by_id("st-card-frame").and_then(|f| f.dyn_into::<HtmlIFrameElement>().ok())
    else {
        return;
    };
    let Some(doc) = frame.content_document() else {
        return;
    };
    let (Some(root), Some(body)) = (doc.document_element(), doc.body()) else {
        return;
    };
    let _ = root.set_attribute("data-theme", if dark { "dark" } else { "light" });
    let _ = root.set_attribute("data-site", network.as_str());
    clear(&body);
    let Some(view) = card else {
        let _ = frame.style().set_property("height", "0");
        return;
    };
    let _ = root.set_attribute("lang", &view.lang);
    let element = render_card(view, network.as_str(), Placement::Feed);
    // A picture of the card: its buttons would act for an employee, which a preview has none of.
    let _ = element.set_attribute("inert", "");
    let _ = body.append_child(&element);
    let height = body.scroll_height().max(element.scroll_height());
    let _ = frame
        .style()
        .set_property("height", &format!("{}px", height + 8));
}
