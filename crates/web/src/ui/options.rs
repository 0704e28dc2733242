//! The options page: where the feed comes from and what Advocate may use about the employee.
//! Policy-set values are shown locked with the reason.

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;
use web_sys::{Element, HtmlInputElement};

use advocate_core::lang::normalize_tag;
use advocate_core::link::check_feed_url;
use advocate_core::settings::{merge, UserSettings};
use advocate_core::view::StatusView;

use super::dom::{button, document, el};
use super::{status, theme};
use crate::background::store;
use crate::host::{self, t, tf};
use crate::protocol::Request;

/// One labelled text field with an inline error.
struct Field {
    input: HtmlInputElement,
    error: Element,
}

impl Field {
    fn new(
        form: &Element,
        id: &str,
        label: &str,
        value: &str,
        help: Option<String>,
        locked: bool,
    ) -> Field {
        let error_id = format!("{id}-error");
        let help_id = format!("{id}-help");
        let input = el("input")
            .attr("id", id)
            .attr("name", id)
            .attr("type", "text")
            .attr("autocomplete", "off")
            .attr("spellcheck", "false")
            .attr("aria-describedby", &format!("{help_id} {error_id}"))
            .build();
        let input: HtmlInputElement = input.unchecked_into();
        input.set_value(value);
        if locked {
            input.set_read_only(true);
            let _ = input.set_attribute("aria-readonly", "true");
        }
        let help_text = match (locked, help) {
            (true, _) => Some(t("lockedByPolicy")),
            (false, h) => h,
        };
        let error = el("p")
            .class("adv-field-error")
            .attr("id", &error_id)
            .attr("aria-live", "polite")
            .build();
        let row = el("div")
            .class(if locked {
                "adv-field adv-locked"
            } else {
                "adv-field"
            })
            .child(el("label").attr("for", id).text(label))
            .child(Element::from(input.clone()))
            .child_opt(help_text.map(|h| el("p").class("adv-help").attr("id", &help_id).text(&h)))
            .child(error.clone());
        let _ = form.append_child(&row.build());
        Field { input, error }
    }

    fn value(&self) -> String {
        self.input.value().trim().to_string()
    }

    fn set_error(&self, msg: Option<&str>) {
        self.error.set_text_content(msg);
        let _ = self
            .input
            .set_attribute("aria-invalid", if msg.is_some() { "true" } else { "false" });
    }
}

/// Entry point of `options.html`.
#[wasm_bindgen]
pub async fn start_options() {
    theme::apply("options", None);
    let Some(body) = document().body() else {
        return;
    };
    let user = store::user_settings().await;
    let managed = store::managed().await;
    let eff = merge(&managed, &user);

    let main = el("main").class("adv-options").build();
    let _ = main.append_child(&el("h1").text(&t("optionsTitle")).build());
    let status_line = el("p")
        .class("adv-options-status")
        .attr("role", "status")
        .build();
    let _ = main.append_child(&status_line);
    let form = el("form").attr("novalidate", "").build();

    let _ = form.append_child(&el("h2").text(&t("sectionFeed")).build());
    let feed_value = match (&eff.locks.feed_url, eff.source.configured_url()) {
        (true, Some(url)) => url.to_string(),
        _ => user.feed_url.clone(),
    };
    let feed = Field::new(
        &form,
        "feedUrl",
        &t("feedUrlLabel"),
        &feed_value,
        Some(t("feedUrlHelp")),
        eff.locks.feed_url,
    );
    let _ = form.append_child(&el("h2").text(&t("sectionProfile")).build());
    let _ = form.append_child(&el("p").class("adv-help").text(&t("profileHelp")).build());
    let p = &eff.profile;
    let first_name = Field::new(
        &form,
        "firstName",
        &t("field_first_name"),
        &p.first_name,
        None,
        false,
    );
    let role = Field::new(&form, "role", &t("field_role"), &p.role, None, false);
    let team = Field::new(
        &form,
        "team",
        &t("field_team"),
        &p.team,
        None,
        eff.locks.team,
    );
    let region = Field::new(
        &form,
        "region",
        &t("field_region"),
        &p.region,
        None,
        eff.locks.region,
    );
    let languages = Field::new(
        &form,
        "languages",
        &t("languagesLabel"),
        &p.languages.join(", "),
        Some(t("languagesHelp")),
        eff.locks.languages,
    );
    // Offered when the feed host cannot be read (see `refresh_status`).
    let access = el("div").class("adv-access").attr("hidden", "").build();
    let _ = form.append_child(&access);
    let saved = el("p")
        .class("adv-saved")
        .attr("role", "status")
        .attr("aria-live", "polite")
        .build();
    let save = button(&t("save"), "adv-primary")
        .attr("type", "submit")
        .build();
    let _ = form.append_child(
        &el("div")
            .class("adv-actions")
            .child(save)
            .child(saved.clone())
            .build(),
    );
    let _ = main.append_child(&form);
    let _ = body.append_child(&main);

    let fields = Rc::new((feed, first_name, role, team, region, languages));
    let locks = eff.locks;
    let on_submit = {
        let fields = fields.clone();
        let saved = saved.clone();
        let status_line = status_line.clone();
        let access = access.clone();
        move |e: web_sys::Event| {
            e.prevent_default();
            let (feed, first_name, role, team, region, languages) = &*fields;
            let mut ok = true;
            let url = feed.value();
            feed.set_error(None);
            if !locks.feed_url && !url.is_empty() {
                if let Err(err) = check_feed_url(&url) {
                    feed.set_error(Some(&t(err.message_key())));
                    ok = false;
                }
            }
            let langs: Vec<String> = languages
                .value()
                .split([',', ' '])
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            languages.set_error(None);
            let bad: Vec<&String> = langs
                .iter()
                .filter(|l| normalize_tag(l).is_none())
                .collect();
            if !locks.languages && !bad.is_empty() {
                languages.set_error(Some(&tf("languagesInvalid", &[bad[0].clone()])));
                ok = false;
            }
            if !ok {
                saved.set_text_content(Some(&t("fixErrors")));
                return;
            }
            let mut settings = UserSettings {
                feed_url: if locks.feed_url { String::new() } else { url },
                ..UserSettings::default()
            };
            settings.profile.first_name = first_name.value();
            settings.profile.role = role.value();
            // Policy-set values are not copied into the employee's own settings.
            settings.profile.team = if locks.team {
                String::new()
            } else {
                team.value()
            };
            settings.profile.region = if locks.region {
                String::new()
            } else {
                region.value()
            };
            settings.profile.languages = if locks.languages {
                Vec::new()
            } else {
                langs.iter().filter_map(|l| normalize_tag(l)).collect()
            };
            let saved = saved.clone();
            let status_line = status_line.clone();
            let access = access.clone();
            spawn_local(async move {
                let mut m = serde_json::Map::new();
                m.insert(
                    store::SETTINGS.into(),
                    serde_json::to_value(&settings).unwrap_or_default(),
                );
                match host::storage_set("sync", &m).await {
                    Ok(()) => saved.set_text_content(Some(&t("savedNotice"))),
                    Err(e) => saved.set_text_content(Some(&tf("saveFailed", &[e.0]))),
                }
                // The worker syncs from the new address on its own (storage.onChanged); show the
                // outcome here once it has.
                gloo_timers::future::TimeoutFuture::new(300).await;
                refresh_status(&status_line, &access).await;
            });
        }
    };
    super::dom::on(&form, "submit", on_submit);
    refresh_status(&status_line, &access).await;
}

/// Shows the sync status, and when the feed host could not be reached, the offer to grant
/// access to exactly that host (for hosts that cannot send CORS headers).
async fn refresh_status(line: &Element, access: &Element) {
    let Ok(s) = host::send_message::<_, StatusView>(&Request::Status).await else {
        return;
    };
    let (text, error) = status::line(&s, None);
    line.set_text_content(Some(&text));
    let _ = if error {
        line.class_list().add_1("adv-error")
    } else {
        line.class_list().remove_1("adv-error")
    };
    super::dom::clear(access);
    let _ = access.set_attribute("hidden", "");
    let unreachable = s
        .failure
        .as_ref()
        .is_some_and(|f| f.key == "syncErrorNetwork");
    let Some(url) = s.url.as_deref().filter(|_| unreachable) else {
        return;
    };
    let Ok(parsed) = check_feed_url(url) else {
        return;
    };
    let pattern = vec![parsed.permission_pattern()];
    if parsed.scheme != "https" || host::permissions_contains(&pattern).await {
        return;
    }
    let origin = parsed.origin();
    let note = el("p")
        .class("adv-help")
        .text(&tf("accessExplain", std::slice::from_ref(&origin)))
        .build();
    let result = el("p").class("adv-saved").attr("role", "status").build();
    let button = {
        let result = result.clone();
        let line = line.clone();
        let access = access.clone();
        button(&tf("accessGrant", &[origin]), "adv-secondary").on("click", move |_| {
            // The request starts here, inside the click, as browsers require.
            let granted = host::permissions_request(&pattern);
            let result = result.clone();
            let line = line.clone();
            let access = access.clone();
            spawn_local(async move {
                if granted.await {
                    result.set_text_content(Some(&t("syncing")));
                    let _ = host::send_message::<_, StatusView>(&Request::SyncNow).await;
                    Box::pin(refresh_status(&line, &access)).await;
                } else {
                    result.set_text_content(Some(&t("accessDenied")));
                }
            });
        })
    };
    let _ = access.append_child(&note);
    let _ = access.append_child(&button.build());
    let _ = access.append_child(&result);
    let _ = access.remove_attribute("hidden");
}
