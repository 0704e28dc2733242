//! The suggestion card: in the feed, and (repeated) in the launcher panel.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::Element;

use advocate_core::network::Network;
use advocate_core::view::{CardView, VariantView};

use super::clipboard;
use super::dom::{button, clear, el, focus, number, El};
use crate::host::{self, t, tf};
use crate::protocol::{PrefillResult, Request};

/// Where a card is shown.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// In the site's feed, one card per frame.
    Feed,
    /// In the launcher panel's list.
    Panel,
}

struct Card {
    view: CardView,
    site: String,
    selected: usize,
    placement: Placement,
    root: Element,
    caption_text: Element,
    counter: Element,
    variant_label: Element,
    status: Element,
}

fn share_label(network: Network) -> String {
    match network {
        Network::Linkedin => t("shareOnLinkedin"),
        Network::X => t("shareOnX"),
    }
}

/// Whether the keyboard shortcut to mention is ⌘ rather than Ctrl.
pub fn is_mac() -> bool {
    web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .is_some_and(|ua| ua.contains("Mac"))
}

/// The organisation's initial for the card's badge. ASCII letters are capitalised; others are
/// shown as written (Unicode case tables would cost 12 KB of wasm for one letter).
fn initial(name: &str) -> String {
    name.chars()
        .find(|c| c.is_alphanumeric())
        .map(|c| c.to_ascii_uppercase().to_string())
        .unwrap_or_default()
}

/// Builds a card element for `view`; `site` is `linkedin` or `x`.
pub fn render(view: CardView, site: &str, placement: Placement) -> Element {
    let root = el("article")
        .class("adv-card")
        .attr("lang", &view.lang)
        .build();
    let card = Rc::new(RefCell::new(Card {
        selected: view.selected,
        view,
        site: site.to_string(),
        placement,
        root: root.clone(),
        caption_text: el("p").build(),
        counter: el("p").build(),
        variant_label: el("span").build(),
        status: el("p").build(),
    }));
    fill(&card);
    root
}

fn fill(card: &Rc<RefCell<Card>>) {
    let (root, view, placement) = {
        let c = card.borrow();
        (c.root.clone(), c.view.clone(), c.placement)
    };
    clear(&root);
    let title_id = format!("adv-title-{}", view.item_id);
    let _ = root.set_attribute("aria-labelledby", &title_id);

    let mut sub = t("cardSubtitle");
    if view.demo {
        sub = format!("{sub} · {}", t("demoBadge"));
    }
    let head = el("header")
        .class("adv-head")
        .child(
            el("span")
                .class("adv-logo")
                .attr("aria-hidden", "true")
                .text(&initial(&view.organization)),
        )
        .child(
            el("div")
                .class("adv-head-text")
                .child(
                    el("p")
                        .class("adv-eyebrow")
                        .text(&tf("cardFrom", std::slice::from_ref(&view.organization))),
                )
                .child(el("p").class("adv-sub").text(&sub)),
        );
    let head = if view.demo {
        head.child(el("span").class("adv-demo").text(&t("demoBadge")))
    } else {
        head
    };
    let title = el("h2").class("adv-title").attr("id", &title_id).child(
        el("a")
            .attr("href", &view.url)
            .attr("target", "_blank")
            .attr("rel", "noopener noreferrer")
            .text(&view.title),
    );
    let summary =
        (!view.summary.is_empty()).then(|| el("p").class("adv-summary").text(&view.summary));
    let image = view
        .image
        .as_ref()
        .filter(|_| placement == Placement::Feed)
        .map(|src| {
            el("img")
                .class("adv-image")
                .attr("src", src)
                .attr("alt", &view.image_alt)
                // Not `loading=lazy`: Chromium does not run an off-screen cross-site frame's
                // rendering steps, so a lazy picture was only requested once the card was on
                // screen, and arrived while the employee looked at it (issue #18: the card is
                // ready before it scrolls into view, picture included). One picture per card.
                .attr("decoding", "async")
                .attr("referrerpolicy", "no-referrer")
                .on("error", |e| {
                    // A broken image link should not leave a broken-image icon in LinkedIn's feed.
                    if let Some(img) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) {
                        img.remove();
                    }
                })
        });

    let built = el("div")
        .class("adv-body")
        .child(head)
        .child(title)
        .child_opt(summary)
        .child_opt(image);
    let _ = root.append_child(&built.build());

    if view.variants.is_empty() {
        let _ = root.append_child(&needs_section(&view).build());
        return;
    }
    let _ = root.append_child(&caption_section(card).build());
    let _ = root.append_child(&actions(card).build());
    let status = el("p")
        .class("adv-status")
        .attr("role", "status")
        .attr("aria-live", "polite")
        .build();
    card.borrow_mut().status = status.clone();
    let _ = root.append_child(&status);
    update_variant(card);
}

fn needs_section(view: &CardView) -> El {
    let fields: Vec<String> = view
        .needs
        .iter()
        .map(|n| t(&format!("field_{n}")))
        .collect();
    el("div")
        .class("adv-needs")
        .child(el("p").text(&tf("needsProfile", &[fields.join(", ")])))
        .child(button(&t("openOptions"), "adv-secondary").on("click", |_| {
            spawn_local(async {
                let _ = host::send_message::<_, serde_json::Value>(&Request::OpenOptions).await;
            })
        }))
}

fn caption_section(card: &Rc<RefCell<Card>>) -> El {
    let text = el("p").class("adv-caption-text").build();
    let counter = el("p").class("adv-count").build();
    let variant_label = el("span").class("adv-variant").build();
    {
        let mut c = card.borrow_mut();
        c.caption_text = text.clone();
        c.counter = counter.clone();
        c.variant_label = variant_label.clone();
    }
    let view = card.borrow().view.clone();
    let prompt = if view.personal_prompt.is_empty() {
        t("promptDefault")
    } else {
        view.personal_prompt.clone()
    };
    el("section")
        .class("adv-caption")
        .attr("aria-label", &t("captionLabel"))
        .child(
            el("div")
                .class("adv-caption-head")
                .child(
                    el("span")
                        .class("adv-caption-label")
                        .text(&t("captionLabel")),
                )
                .child(variant_label),
        )
        .child(text)
        .child(counter)
        .child(
            el("p")
                .class("adv-prompt")
                .text(&tf("promptLead", &[prompt])),
        )
}

fn current(card: &Card) -> Option<&VariantView> {
    card.view.variants.get(card.selected)
}

/// Shows the selected variant's text, length and position.
fn update_variant(card: &Rc<RefCell<Card>>) {
    let c = card.borrow();
    let Some(v) = current(&c) else { return };
    let lang = c.view.lang.clone();
    clear(&c.caption_text);
    match v.fold {
        // Show where LinkedIn's "…see more" will cut the post off for readers.
        Some(fold) => {
            let split = v
                .text
                .char_indices()
                .nth(fold)
                .map_or(v.text.len(), |(i, _)| i);
            let (seen, rest) = v.text.split_at(split);
            let _ = c.caption_text.append_child(&el("span").text(seen).build());
            let _ = c.caption_text.append_child(
                &el("span")
                    .class("adv-fold")
                    .attr("title", &t("foldHint"))
                    .text(&t("foldMarker"))
                    .build(),
            );
            let _ = c
                .caption_text
                .append_child(&el("span").class("adv-after-fold").text(rest).build());
        }
        None => c.caption_text.set_text_content(Some(&v.text)),
    }
    let count = tf(
        "countLabel",
        &[number(v.length, &lang), number(v.max, &lang)],
    );
    if v.fits {
        c.counter.set_text_content(Some(&count));
        let _ = c.counter.class_list().remove_1("adv-over");
    } else {
        c.counter.set_text_content(Some(&format!(
            "{count} · {}",
            tf("countOver", &[number(v.overflow, &lang)])
        )));
        let _ = c.counter.class_list().add_1("adv-over");
    }
    let n = c.view.variants.len();
    c.variant_label.set_text_content(Some(&if n > 1 {
        tf("variantOf", &[(c.selected + 1).to_string(), n.to_string()])
    } else {
        String::new()
    }));
}

fn set_status(card: &Rc<RefCell<Card>>, text: &str, error: bool) {
    let status = card.borrow().status.clone();
    status.set_text_content(Some(text));
    if error {
        let _ = status.class_list().add_1("adv-error");
    } else {
        let _ = status.class_list().remove_1("adv-error");
    }
}

fn actions(card: &Rc<RefCell<Card>>) -> El {
    let network = card.borrow().view.network;
    let several = card.borrow().view.variants.len() > 1;

    let share = {
        let card = card.clone();
        button(&share_label(network), "adv-primary").on("click", move |_| share(&card))
    };
    let another = several.then(|| {
        let card = card.clone();
        button(&t("anotherCaption"), "adv-secondary").on("click", move |_| another(&card))
    });
    let copy = {
        let card = card.clone();
        button(&t("copy"), "adv-secondary").on("click", move |_| copy(&card))
    };
    let later = {
        let card = card.clone();
        button(&t("later"), "adv-tertiary")
            .attr("title", &t("laterHint"))
            .on("click", move |_| dismiss(&card, Dismissal::Snooze))
    };
    let hide = {
        let card = card.clone();
        button(&t("hide"), "adv-tertiary").on("click", move |_| dismiss(&card, Dismissal::Hide))
    };
    el("div")
        .class("adv-actions")
        .child(share)
        .child_opt(another)
        .child(copy)
        .child(later)
        .child(hide)
}

fn another(card: &Rc<RefCell<Card>>) {
    let (item_id, caption) = {
        let mut c = card.borrow_mut();
        let n = c.view.variants.len().max(1);
        c.selected = (c.selected + 1) % n;
        let Some(v) = current(&c) else { return };
        (c.view.item_id.clone(), v.caption)
    };
    update_variant(card);
    set_status(card, "", false);
    spawn_local(async move {
        let _ =
            host::send_message::<_, serde_json::Value>(&Request::Choose { item_id, caption }).await;
    });
}

fn share(card: &Rc<RefCell<Card>>) {
    let (site, item_id, caption, network) = {
        let c = card.borrow();
        let Some(v) = current(&c) else { return };
        (
            c.site.clone(),
            c.view.item_id.clone(),
            v.caption,
            c.view.network,
        )
    };
    set_status(
        card,
        &tf("statusOpening", &[network.display_name().to_string()]),
        false,
    );
    let card = card.clone();
    spawn_local(async move {
        let reply = host::send_message::<_, PrefillResult>(&Request::Share {
            site,
            item_id,
            caption,
        })
        .await;
        let (msg, error) = match reply {
            Ok(r) if r.ok => (t("statusInserted"), false),
            Ok(r) if r.copied => (
                tf(
                    "statusCopied",
                    &[if is_mac() {
                        "⌘+V".into()
                    } else {
                        "Ctrl+V".into()
                    }],
                ),
                false,
            ),
            Ok(r) if r.opened_share_url => (t("statusOpenedShare"), false),
            Ok(r) => (tf("statusFailed", &[r.detail.unwrap_or_default()]), true),
            Err(e) => (tf("statusFailed", &[e.0]), true),
        };
        set_status(&card, &msg, error);
    });
}

fn copy(card: &Rc<RefCell<Card>>) {
    let text = {
        let c = card.borrow();
        match current(&c) {
            Some(v) => v.text.clone(),
            None => return,
        }
    };
    let card = card.clone();
    spawn_local(async move {
        if clipboard::write(&text).await {
            set_status(&card, &t("copyDone"), false);
        } else {
            set_status(&card, &t("copyFailed"), true);
        }
    });
}

/// Hidden for good, or snoozed for a week.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dismissal {
    Hide,
    Snooze,
}

fn dismiss(card: &Rc<RefCell<Card>>, how: Dismissal) {
    let (root, item_id) = {
        let c = card.borrow();
        (c.root.clone(), c.view.item_id.clone())
    };
    clear(&root);
    let undo = {
        let card = card.clone();
        let item_id = item_id.clone();
        button(&t("undo"), "adv-secondary").on("click", move |_| {
            let item_id = item_id.clone();
            spawn_local(async move {
                let _ =
                    host::send_message::<_, serde_json::Value>(&Request::Unhide { item_id }).await;
            });
            fill(&card);
            let root = card.borrow().root.clone();
            if let Ok(Some(b)) = root.query_selector(".adv-primary") {
                focus(&b);
            }
        })
    };
    let undo_el = undo.build();
    let _ = root.append_child(
        &el("div")
            .class("adv-hidden")
            .child(el("p").attr("role", "status").text(&t(match how {
                Dismissal::Hide => "hiddenNotice",
                Dismissal::Snooze => "snoozedNotice",
            })))
            .child(undo_el.clone())
            .build(),
    );
    focus(&undo_el);
    spawn_local(async move {
        let request = match how {
            Dismissal::Hide => Request::Hide { item_id },
            Dismissal::Snooze => Request::Snooze { item_id },
        };
        let _ = host::send_message::<_, serde_json::Value>(&request).await;
    });
}
