//! The options page: where the feed comes from, what Advocate may use about the employee, where
//! and how often suggestions appear, and a pause. Policy-set values are shown read-only with the
//! reason and are never copied into the employee's own settings.
//!
//! Saving writes the whole [`UserSettings`] to `storage.sync` in one call. Everything else
//! follows from that storage change: the worker re-syncs when the feed address or keys changed,
//! content scripts re-read their config and card frames re-render, so open LinkedIn and X tabs
//! change without a reload.

mod fields;
mod languages;
mod pause;

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;
use web_sys::Element;

use advocate_core::link::check_feed_url;
use advocate_core::network::Network;
use advocate_core::settings::{merge, Frequency, Locks, UserSettings};
use advocate_core::signature::{DecodeError, Keys};
use advocate_core::view::{PopupView, StatusView};

use super::dom::{button, document, el, focus, on};
use super::{status, theme};
use crate::background::store;
use crate::host::{self, t, tf, HostError};
use crate::protocol::Request;
use fields::{Field, Group, Spec};
use languages::{label_of, Languages};
use pause::Pause;

/// The frequencies in the order shown, with their message-key stem.
const FREQUENCIES: [(Frequency, &str); 4] = [
    (Frequency::Never, "Never"),
    (Frequency::Rarely, "Rarely"),
    (Frequency::Normal, "Normal"),
    (Frequency::Often, "Often"),
];

/// Entry point of `options.html`.
// An entry point of the extension module; the studio module links this crate without them.
#[cfg_attr(feature = "entry", wasm_bindgen)]
pub async fn start_options() {
    theme::apply("options", None);
    theme::follow_system("options");
    document().set_title(&t("optionsTitle"));
    let Some(body) = document().body() else {
        return;
    };
    let user = store::user_settings().await;
    let managed = store::managed().await;
    let eff = merge(&managed, &user);
    let locks = eff.locks;

    let main = el("main").class("adv-options").build();
    let _ = main.append_child(&el("h1").text(&t("optionsTitle")).build());
    let _ = main.append_child(&el("p").class("adv-intro").text(&t("optionsIntro")).build());
    let form = el("form")
        .class("adv-settings")
        .attr("novalidate", "")
        .build();

    // Company feed.
    let feed_section = section(&form, "feed", "sectionFeed", &t("feedSectionHelp"));
    let status_area = StatusArea::new(&feed_section);
    let feed_value = match (locks.feed_url, eff.source.configured_url()) {
        (true, Some(url)) => url.to_string(),
        _ => user.feed_url.clone(),
    };
    let mut spec = Spec::text("feedUrl", t("feedUrlLabel"), &feed_value).locked(locks.feed_url);
    spec.input_type = "url";
    if !locks.feed_url {
        spec = spec.help(t("feedUrlHelp"));
    }
    let feed = Field::new(&feed_section, spec);
    // Locked, the keys are not optional any more: say what they do instead.
    let keys_help = if locks.public_keys {
        t("publicKeysLockedHelp")
    } else {
        t("publicKeysHelp")
    };
    let mut spec = Spec::text(
        "publicKeys",
        t("publicKeysLabel"),
        &eff.public_keys.join("\n"),
    )
    .help(keys_help)
    .locked(locks.public_keys);
    spec.rows = Some(3);
    let keys = Field::new(&feed_section, spec);

    // About you.
    let about = section(&form, "about", "sectionProfile", &t("profileHelp"));
    let p = &eff.profile;
    let mut spec = Spec::text("firstName", t("field_first_name"), &p.first_name);
    spec.autocomplete = "given-name";
    let first_name = Field::new(&about, spec);
    let mut spec = Spec::text("role", t("field_role"), &p.role);
    spec.autocomplete = "organization-title";
    let role = Field::new(&about, spec);
    let team = Field::new(
        &about,
        Spec::text("team", t("field_team"), &p.team).locked(locks.team),
    );
    let region = Field::new(
        &about,
        Spec::text("region", t("field_region"), &p.region).locked(locks.region),
    );

    // Languages.
    let langs = section(
        &form,
        "languages",
        "sectionLanguages",
        &t("languagesSectionHelp"),
    );
    let languages = if locks.languages {
        let shown: Vec<String> = p.languages.iter().map(|l| label_of(l)).collect();
        Field::new(
            &langs,
            Spec::text("languages", t("languagesLabel"), &shown.join(", ")).locked(true),
        );
        LanguageControl::Locked
    } else {
        LanguageControl::List(Languages::new(&langs, p.languages.clone()))
    };

    // Where and how often.
    let where_ = section(&form, "where", "sectionWhere", &t("whereHelp"));
    let mut networks = Group::new("checkbox", "networks", &t("networksLegend"));
    for n in Network::ALL {
        let on = user.networks.is_empty() || user.networks.contains(&n);
        let label = match n {
            Network::Linkedin => t("networkLinkedin"),
            Network::X => t("networkX"),
        };
        networks.add(n.as_str(), &label, None, on);
    }
    networks.finish();
    let _ = where_.append_child(&networks.element);
    let mut frequency = Group::new("radio", "frequency", &t("frequencyLegend"));
    for (f, stem) in FREQUENCIES {
        frequency.add(
            frequency_name(f),
            &t(&format!("frequency{stem}")),
            Some(&t(&format!("frequency{stem}Help"))),
            user.frequency == f,
        );
    }
    frequency.finish();
    let _ = where_.append_child(&frequency.element);

    // Save, with the outcome (or the summary of what to fix) right next to the button.
    let summary = el("p")
        .class("adv-summary")
        .attr("id", "save-summary")
        .attr("role", "status")
        .build();
    let _ = form.append_child(
        &el("div")
            .class("adv-actions adv-save")
            .child(button(&t("save"), "adv-primary").attr("type", "submit"))
            .child(summary.clone())
            .build(),
    );
    let _ = main.append_child(&form);

    // Pause: after Save, because it acts at once and is not part of the saved form.
    let pause_section = section(&main, "pause", "sectionPause", &t("pauseHelp"));
    Pause::new(&pause_section, user.paused_until);
    // For comms teams: the feed studio (#20), its own page and module.
    let studio = section(&main, "studio", "sectionStudio", &t("studioLinkHelp"));
    let _ = studio.append_child(
        &el("a")
            .attr("href", "studio.html")
            .attr("target", "_blank")
            .attr("id", "open-studio")
            .text(&t("studioLink"))
            .build(),
    );
    let _ = body.append_child(&main);

    let page = Rc::new(Page {
        feed,
        keys,
        first_name,
        role,
        team,
        region,
        languages,
        networks,
        frequency,
        locks,
        summary,
        status: status_area.clone(),
    });
    {
        let page = page.clone();
        on(&form, "submit", move |e| {
            e.prevent_default();
            page.submit();
        });
    }
    {
        // Fixing a marked field clears its mark on leaving it; any edit makes "Saved." stale.
        let page2 = page.clone();
        on(&form, "change", move |_| page2.recheck());
        on(&form, "input", move |_| page.clear_saved());
    }
    status_area.refresh().await;
}

/// A `<section>` with its heading and a one-line explanation.
fn section(parent: &Element, id: &str, title_key: &str, help: &str) -> Element {
    let title_id = format!("section-{id}-title");
    let s = el("section")
        .class("adv-section")
        .attr("id", &format!("section-{id}"))
        .attr("aria-labelledby", &title_id)
        .child(el("h2").attr("id", &title_id).text(&t(title_key)))
        .child(el("p").class("adv-section-help").text(help))
        .build();
    let _ = parent.append_child(&s);
    s
}

fn frequency_name(f: Frequency) -> &'static str {
    match f {
        Frequency::Never => "never",
        Frequency::Rarely => "rarely",
        Frequency::Normal => "normal",
        Frequency::Often => "often",
    }
}

/// The languages: the editable list, or the policy's (shown read-only, nothing to collect).
enum LanguageControl {
    List(Rc<Languages>),
    Locked,
}

/// What the form holds once it is valid.
struct Values {
    feed_url: String,
    public_keys: Vec<String>,
    first_name: String,
    role: String,
    team: String,
    region: String,
    languages: Vec<String>,
    networks: Vec<Network>,
    frequency: Frequency,
}

struct Page {
    feed: Field,
    keys: Field,
    first_name: Field,
    role: Field,
    team: Field,
    region: Field,
    languages: LanguageControl,
    networks: Group,
    frequency: Group,
    locks: Locks,
    summary: Element,
    status: Rc<StatusArea>,
}

/// A key shortened for an error message: enough to find the line, not a wall of base64.
fn short(key: &str) -> String {
    let mut s: String = key.chars().take(12).collect();
    if key.chars().count() > 12 {
        s.push('…');
    }
    s
}

impl Page {
    /// The feed address, or the message for it. Empty is fine: the demo.
    fn check_feed(&self) -> Result<String, String> {
        let url = self.feed.value();
        if self.locks.feed_url || url.is_empty() {
            return Ok(url);
        }
        check_feed_url(&url)
            .map(|_| url.clone())
            .map_err(|e| t(e.message_key()))
    }

    /// The keys, one per line, or one message per invalid key naming its line.
    fn check_keys(&self) -> Result<Vec<String>, Vec<String>> {
        let raw = self.keys.raw_value();
        let lines: Vec<&str> = raw.lines().map(str::trim).collect();
        let parsed = Keys::parse(&lines);
        if parsed.invalid.is_empty() {
            return Ok(lines
                .iter()
                .filter(|l| !l.is_empty())
                .map(|l| l.to_string())
                .collect());
        }
        // `invalid` keeps the order of the lines it came from: walk both to find line numbers.
        let mut invalid = parsed.invalid.iter().peekable();
        let mut messages = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let Some((key, err)) = invalid.next_if(|(k, _)| k == line) else {
                continue;
            };
            let (n, shown) = ((i + 1).to_string(), short(key));
            messages.push(match err {
                DecodeError::NotBase64 => tf("keyNotBase64", &[n, shown]),
                DecodeError::WrongLength { found, expected } => tf(
                    "keyWrongLength",
                    &[n, shown, found.to_string(), expected.to_string()],
                ),
            });
        }
        Err(messages)
    }

    fn check_networks(&self) -> Result<Vec<Network>, String> {
        let on: Vec<Network> = self
            .networks
            .checked()
            .iter()
            .filter_map(|n| Network::parse(n))
            .collect();
        if on.is_empty() {
            Err(t("networksNone"))
        } else {
            Ok(on)
        }
    }

    /// Validates everything, marking each problem inline; the values, or the first control to
    /// fix (in page order).
    fn collect(&self) -> Result<Values, Element> {
        let mut first_bad: Vec<Element> = Vec::new();
        let feed_url = match self.check_feed() {
            Ok(u) => {
                self.feed.set_errors(&[]);
                u
            }
            Err(m) => {
                self.feed.set_errors(&[m]);
                first_bad.push(self.feed.control.clone());
                String::new()
            }
        };
        let public_keys = if self.locks.public_keys {
            Vec::new()
        } else {
            match self.check_keys() {
                Ok(k) => {
                    self.keys.set_errors(&[]);
                    k
                }
                Err(m) => {
                    self.keys.set_errors(&m);
                    first_bad.push(self.keys.control.clone());
                    Vec::new()
                }
            }
        };
        let languages = match &self.languages {
            LanguageControl::List(l) => l.collect().unwrap_or_else(|e| {
                first_bad.push(e);
                Vec::new()
            }),
            LanguageControl::Locked => Vec::new(),
        };
        let networks = match self.check_networks() {
            Ok(n) => {
                self.networks.set_errors(&[]);
                n
            }
            Err(m) => {
                self.networks.set_errors(&[m]);
                first_bad.extend(self.networks.first());
                Vec::new()
            }
        };
        if let Some(first) = first_bad.into_iter().next() {
            return Err(first);
        }
        let frequency = self
            .frequency
            .checked()
            .first()
            .and_then(|name| FREQUENCIES.iter().find(|(f, _)| frequency_name(*f) == name))
            .map(|(f, _)| *f)
            .unwrap_or_default();
        Ok(Values {
            feed_url,
            public_keys,
            first_name: self.first_name.value(),
            role: self.role.value(),
            team: self.team.value(),
            region: self.region.value(),
            languages,
            networks,
            frequency,
        })
    }

    fn set_summary(&self, text: Option<&str>, class: &str) {
        self.summary.set_text_content(text);
        let list = self.summary.class_list();
        let _ = list.remove_2("adv-error", "adv-ok");
        if text.is_some() {
            let _ = list.add_1(class);
        }
    }

    fn clear_saved(&self) {
        if self.summary.class_list().contains("adv-ok") {
            self.set_summary(None, "");
        }
    }

    /// Re-checks the fields that are marked invalid, so a fix clears its message.
    fn recheck(&self) {
        if self.feed.is_invalid() && self.check_feed().is_ok() {
            self.feed.set_errors(&[]);
        }
        if self.keys.is_invalid() {
            match self.check_keys() {
                Ok(_) => self.keys.set_errors(&[]),
                Err(m) => self.keys.set_errors(&m),
            }
        }
        let networks_marked = self
            .networks
            .first()
            .and_then(|c| c.get_attribute("aria-invalid"))
            .is_some();
        if networks_marked && self.check_networks().is_ok() {
            self.networks.set_errors(&[]);
        }
    }

    fn submit(self: &Rc<Self>) {
        let values = match self.collect() {
            Ok(v) => v,
            Err(first) => {
                self.set_summary(Some(&t("fixErrors")), "adv-error");
                focus(&first);
                return;
            }
        };
        let page = self.clone();
        spawn_local(async move {
            match save(values, page.locks).await {
                Ok(saved) => {
                    page.set_summary(Some(&t("savedNotice")), "adv-ok");
                    if let LanguageControl::List(l) = &page.languages {
                        l.saved(&saved.profile.languages);
                    }
                }
                Err(e) => {
                    page.set_summary(Some(&tf("saveFailed", &[e.0])), "adv-error");
                    return;
                }
            }
            // The worker syncs from a new address on its own (storage.onChanged); show the
            // outcome here once it has, and again for a slow server.
            for wait_ms in [400, 2_000] {
                gloo_timers::future::TimeoutFuture::new(wait_ms).await;
                page.status.clone().refresh().await;
            }
        });
    }
}

/// Writes the form over the employee's stored settings. Read fresh rather than from page
/// load: a pause set meanwhile (panel, popup) must survive, and where policy locks a field the
/// employee's own earlier value stays as it was, so policy values never end up in it.
async fn save(v: Values, locks: Locks) -> Result<UserSettings, HostError> {
    let mut s = store::user_settings().await;
    if !locks.feed_url {
        s.feed_url = v.feed_url;
    }
    if !locks.public_keys {
        s.public_keys = v.public_keys;
    }
    s.profile.first_name = v.first_name;
    s.profile.role = v.role;
    if !locks.team {
        s.profile.team = v.team;
    }
    if !locks.region {
        s.profile.region = v.region;
    }
    if !locks.languages {
        s.profile.languages = v.languages;
    }
    s.networks = v.networks;
    s.frequency = v.frequency;
    store::save_user_settings(&s).await?;
    Ok(s)
}

/// The sync status with *Sync now*, the notice about personal link tracking, and the offer to
/// grant access to a feed host that cannot send CORS headers.
struct StatusArea {
    line: Element,
    access: Element,
    tracking: Element,
    busy: Cell<bool>,
}

impl StatusArea {
    fn new(parent: &Element) -> Rc<StatusArea> {
        let line = el("p")
            .class("adv-options-status")
            .attr("role", "status")
            .build();
        let sync = button(&t("syncNow"), "adv-secondary adv-small").build();
        let _ = parent.append_child(
            &el("div")
                .class("adv-sync")
                .child(line.clone())
                .child(sync.clone())
                .build(),
        );
        let access = el("div").class("adv-access").attr("hidden", "").build();
        let _ = parent.append_child(&access);
        let tracking = el("p")
            .class("adv-notice")
            .attr("hidden", "")
            .text(&t("personalTrackingNotice"))
            .build();
        let _ = parent.append_child(&tracking);
        let me = Rc::new(StatusArea {
            line,
            access,
            tracking,
            busy: Cell::new(false),
        });
        let me2 = me.clone();
        on(&sync, "click", move |e| {
            // Not `disabled` while busy: that would drop keyboard focus to the page.
            if me2.busy.replace(true) {
                return;
            }
            let target = e
                .current_target()
                .and_then(|t| t.dyn_into::<Element>().ok());
            if let Some(b) = &target {
                let _ = b.set_attribute("aria-disabled", "true");
            }
            me2.line.set_text_content(Some(&t("syncing")));
            let me3 = me2.clone();
            spawn_local(async move {
                let _ = host::send_message::<_, StatusView>(&Request::SyncNow).await;
                me3.clone().refresh().await;
                if let Some(b) = &target {
                    let _ = b.remove_attribute("aria-disabled");
                }
                me3.busy.set(false);
            });
        });
        me
    }

    async fn refresh(self: Rc<Self>) {
        let Ok(s) = host::send_message::<_, StatusView>(&Request::Status).await else {
            return;
        };
        let (text, error) = status::line(&s, None);
        self.line.set_text_content(Some(&text));
        let _ = if error {
            self.line.class_list().add_1("adv-error")
        } else {
            self.line.class_list().remove_1("adv-error")
        };
        // The popup's reply says whether shared links carry the personal code.
        let tracking = host::send_message::<_, PopupView>(&Request::Popup)
            .await
            .is_ok_and(|p| p.personal_tracking);
        let _ = if tracking {
            self.tracking.remove_attribute("hidden")
        } else {
            self.tracking.set_attribute("hidden", "")
        };
        self.offer_access(&s).await;
    }

    /// When the feed host could not be reached, offers access to exactly that host (for hosts
    /// that cannot send CORS headers).
    async fn offer_access(self: &Rc<Self>, s: &StatusView) {
        super::dom::clear(&self.access);
        let _ = self.access.set_attribute("hidden", "");
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
        let grant = {
            let result = result.clone();
            let me = self.clone();
            button(&tf("accessGrant", &[origin]), "adv-secondary").on("click", move |_| {
                // The request starts here, inside the click, as browsers require.
                let granted = host::permissions_request(&pattern);
                let result = result.clone();
                let me = me.clone();
                spawn_local(async move {
                    if granted.await {
                        result.set_text_content(Some(&t("syncing")));
                        let _ = host::send_message::<_, StatusView>(&Request::SyncNow).await;
                        me.refresh().await;
                    } else {
                        result.set_text_content(Some(&t("accessDenied")));
                    }
                });
            })
        };
        let _ = self.access.append_child(&note);
        let _ = self.access.append_child(&grant.build());
        let _ = self.access.append_child(&result);
        let _ = self.access.remove_attribute("hidden");
    }
}
