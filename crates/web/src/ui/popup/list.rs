//! The popup's search, filters, list of suggestions and the hidden/snoozed section. The list is
//! built once per reply and filtered by showing and hiding rows, so typing in the search box
//! never rebuilds elements (focus, scroll position and screen-reader context stay put).

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Intl, Object};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlInputElement, HtmlSelectElement};

use advocate_core::network::Network;

use crate::host::{self, t, tf};
use crate::ui::dom::{button, clear, el, focus, number, on};
use crate::ui::status;
use advocate_core::view::{
    offered_networks, CardView, DismissedView, Filter, PopupItem, PopupView,
};

/// What the rows' buttons do; the popup decides (it owns the status line and the refresh).
pub struct Handlers {
    /// Share `item` on `network` with caption index `caption`.
    pub share: Box<dyn Fn(Network, String, usize)>,
    /// Undo hiding or snoozing `item`.
    pub undo: Box<dyn Fn(String)>,
    /// Open the options page.
    pub options: Box<dyn Fn()>,
}

/// One suggestion in the list, with what filtering needs.
struct Row {
    item: PopupItem,
    haystack: String,
    li: Element,
    excerpt: Option<Element>,
    /// Share buttons by network; with a network filter only that network's button shows.
    buttons: Vec<(Network, Element)>,
}

/// The search box, the filters, the list and the hidden section.
pub struct List {
    /// The search and filter controls (placed above the scrolling area).
    pub controls: Element,
    /// The list, its empty state and the hidden section (placed in the scrolling area).
    pub body: Element,
    search: HtmlInputElement,
    filter_row: Element,
    networks: Element,
    radios: Vec<(Option<Network>, HtmlInputElement)>,
    campaign_field: Element,
    campaign: HtmlSelectElement,
    count: Element,
    ul: Element,
    note: Element,
    note_text: Element,
    clear_filters: Element,
    hidden: Element,
    hidden_summary: Element,
    hidden_list: Element,
    rows: RefCell<Vec<Row>>,
    handlers: Rc<Handlers>,
}

fn set_hidden(e: &Element, hidden: bool) {
    let _ = if hidden {
        e.set_attribute("hidden", "")
    } else {
        e.remove_attribute("hidden")
    };
}

/// A message with singular/plural forms chosen by `n` (`{key}One` / `{key}Other`), with
/// several substitutions (`status::plural` takes only the number).
fn plural_with(key: &str, n: usize, args: &[String]) -> String {
    let langs = Array::of1(&JsValue::from_str(&host::ui_language()));
    let rules = Intl::PluralRules::new(&langs, &Object::new());
    let one = rules.select(n as f64).as_string().as_deref() == Some("one");
    tf(&format!("{key}{}", if one { "One" } else { "Other" }), args)
}

fn share_label(network: Network) -> String {
    t(match network {
        Network::Linkedin => "shareOnLinkedin",
        Network::X => "shareOnX",
    })
}

impl List {
    /// Builds the controls and the (empty) list, and wires the filters.
    pub fn new(handlers: Handlers) -> Rc<List> {
        let search: HtmlInputElement = el("input")
            .attr("type", "search")
            .attr("id", "adv-pop-search")
            .class("adv-pop-search")
            .attr("aria-label", &t("popupSearchLabel"))
            .attr("placeholder", &t("popupSearchPlaceholder"))
            .attr("autocomplete", "off")
            .attr("spellcheck", "false")
            .build()
            .unchecked_into();

        // A segmented control: native radios (arrow keys move between them), styled as one bar.
        let networks = el("fieldset")
            .class("adv-pop-seg")
            .child(el("legend").class("adv-sr").text(&t("popupNetworkLegend")))
            .build();
        let mut radios = Vec::new();
        for (value, label) in [
            (None, t("popupNetworkAll")),
            (Some(Network::Linkedin), "LinkedIn".to_string()),
            (Some(Network::X), "X".to_string()),
        ] {
            let id = format!("adv-pop-net-{}", value.map_or("all", Network::as_str));
            let input: HtmlInputElement = el("input")
                .attr("type", "radio")
                .attr("name", "adv-pop-network")
                .attr("id", &id)
                .attr("value", value.map_or("", Network::as_str))
                .build()
                .unchecked_into();
            input.set_checked(value.is_none());
            // The invisible radio lies over its label, so a click anywhere on the segment hits
            // the radio itself.
            let option = el("span")
                .class("adv-pop-seg-opt")
                .child(Element::from(input.clone()))
                .child(el("label").attr("for", &id).text(&label))
                .build();
            let _ = networks.append_child(&option);
            radios.push((value, input));
        }

        let campaign: HtmlSelectElement = el("select")
            .attr("id", "adv-pop-campaign")
            .attr("aria-label", &t("popupCampaignLabel"))
            .build()
            .unchecked_into();
        let campaign_field = el("div")
            .class("adv-pop-campaign")
            .child(Element::from(campaign.clone()))
            .build();
        let filter_row = el("div")
            .class("adv-pop-filter-row")
            .child(networks.clone())
            .child(campaign_field.clone())
            .build();
        let count = el("p")
            .class("adv-pop-count")
            .attr("role", "status")
            .build();
        let controls = el("div")
            .class("adv-pop-controls")
            .attr("role", "search")
            .attr("aria-label", &t("popupFiltersLabel"))
            .child(Element::from(search.clone()))
            .child(filter_row.clone())
            .child(count.clone())
            .build();

        let ul = el("ul")
            .class("adv-pop-list")
            .attr("aria-label", &t("popupListLabel"))
            .build();
        let note_text = el("p").build();
        let clear_filters = button(&t("popupClearFilters"), "adv-secondary adv-small").build();
        let note = el("div")
            .class("adv-pop-note")
            .child(note_text.clone())
            .child(clear_filters.clone())
            .build();
        let hidden_summary = el("summary").build();
        let hidden_list = el("ul").class("adv-pop-dismissed").build();
        let hidden = el("details")
            .class("adv-pop-hidden")
            .attr("hidden", "")
            .child(hidden_summary.clone())
            .child(hidden_list.clone())
            .build();
        let body = el("div")
            .class("adv-pop-body")
            .child(note.clone())
            .child(ul.clone())
            .child(hidden.clone())
            .build();

        let list = Rc::new(List {
            controls,
            body,
            search,
            filter_row,
            networks,
            radios,
            campaign_field,
            campaign,
            count,
            ul,
            note,
            note_text,
            clear_filters,
            hidden,
            hidden_summary,
            hidden_list,
            rows: RefCell::new(Vec::new()),
            handlers: Rc::new(handlers),
        });
        {
            let l = list.clone();
            on(&list.search, "input", move |_| l.apply());
        }
        for (_, radio) in &list.radios {
            let l = list.clone();
            on(radio, "change", move |_| l.apply());
        }
        {
            let l = list.clone();
            on(&list.campaign, "change", move |_| l.apply());
        }
        {
            let l = list.clone();
            on(&list.clear_filters, "click", move |_| {
                l.reset();
                l.apply();
                focus(&l.search);
            });
        }
        {
            // Opening the section at the end of the list would show nothing new until the
            // employee scrolls: bring it up to just under the filters.
            let (details, summary) = (list.hidden.clone(), list.hidden_summary.clone());
            on(&list.hidden, "toggle", move |_| {
                if details.has_attribute("open") {
                    summary.scroll_into_view_with_bool(true);
                }
            });
        }
        list.show_note(&t("loading"));
        list
    }

    /// Replaces the list with a message (loading, error) and nothing else.
    pub fn show_note(&self, text: &str) {
        clear(&self.ul);
        self.rows.borrow_mut().clear();
        self.note_text.set_text_content(Some(text));
        set_hidden(&self.note, false);
        set_hidden(&self.clear_filters, true);
        set_hidden(&self.controls, true);
    }

    fn reset(&self) {
        self.search.set_value("");
        for (value, radio) in &self.radios {
            radio.set_checked(value.is_none());
        }
        self.campaign.set_value("");
    }

    fn filter(&self) -> Filter {
        let network = self
            .radios
            .iter()
            .find(|(_, r)| r.checked())
            .and_then(|(n, _)| *n);
        let campaign = Some(self.campaign.value()).filter(|c| !c.is_empty());
        Filter {
            query: self.search.value(),
            network,
            campaign,
        }
    }

    /// Shows the rows that pass the filters, and says how many.
    fn apply(&self) {
        let filter = self.filter();
        let rows = self.rows.borrow();
        let mut shown = 0;
        for row in rows.iter() {
            let visible = row.item.matches(&row.haystack, &filter);
            set_hidden(&row.li, !visible);
            if !visible {
                continue;
            }
            shown += 1;
            for (network, b) in &row.buttons {
                set_hidden(b, filter.network.is_some_and(|n| n != *network));
            }
            // The preview follows the network filter: the caption that would be shared.
            if let (Some(e), Some(text)) = (
                &row.excerpt,
                row.item
                    .preview_card(filter.network)
                    .and_then(CardView::excerpt),
            ) {
                e.set_text_content(Some(&text));
            }
        }
        let total = rows.len();
        let lang = host::ui_language();
        let count = if filter.is_empty() {
            status::plural("items", total)
        } else {
            plural_with(
                "popupCount",
                total,
                &[number(shown, &lang), number(total, &lang)],
            )
        };
        self.count.set_text_content(Some(&count));
        set_hidden(&self.count, total == 0);
        if total == 0 {
            self.note_text.set_text_content(Some(&t("panelEmpty")));
        } else if shown == 0 {
            self.note_text.set_text_content(Some(&t("popupNoMatch")));
        }
        set_hidden(&self.note, shown > 0);
        set_hidden(&self.clear_filters, total == 0);
    }

    /// Fills the list, the filter choices and the hidden section from `reply`. The search text
    /// and the filters stay as the employee set them (a choice that no longer exists resets).
    pub fn fill(self: &Rc<Self>, reply: &PopupView) {
        clear(&self.ul);
        let mut rows = Vec::with_capacity(reply.items.len());
        for (i, item) in reply.items.iter().enumerate() {
            let row = self.row(i, item);
            let _ = self.ul.append_child(&row.li);
            rows.push(row);
        }
        *self.rows.borrow_mut() = rows;

        // Offer a network filter only when there is a choice to make.
        let present = offered_networks(&reply.items);
        for (value, radio) in &self.radios {
            if let Some(n) = value {
                let there = present.contains(n);
                if !there && radio.checked() {
                    self.radios
                        .iter()
                        .filter(|(v, _)| v.is_none())
                        .for_each(|(_, r)| r.set_checked(true));
                }
                if let Some(option) = radio.parent_element() {
                    set_hidden(&option, !there);
                }
            }
        }
        set_hidden(&self.networks, present.len() < 2);

        let chosen = self.campaign.value();
        clear(&self.campaign);
        let all = el("option")
            .attr("value", "")
            .text(&t("popupCampaignAll"))
            .build();
        let _ = self.campaign.append_child(&all);
        for c in &reply.campaigns {
            let _ = self
                .campaign
                .append_child(&el("option").attr("value", c).text(c).build());
        }
        let keep = reply.campaigns.contains(&chosen);
        self.campaign.set_value(if keep { &chosen } else { "" });
        set_hidden(&self.campaign_field, reply.campaigns.is_empty());
        set_hidden(
            &self.filter_row,
            present.len() < 2 && reply.campaigns.is_empty(),
        );
        set_hidden(&self.controls, reply.items.is_empty());

        self.fill_dismissed(&reply.dismissed);
        self.apply();
    }

    fn row(&self, index: usize, item: &PopupItem) -> Row {
        let title_id = format!("adv-pop-item-{index}");
        let url = item.shares.first().map(|s| s.url.clone());
        let title = el("h2")
            .class("adv-pop-title")
            .attr("id", &title_id)
            .attr("lang", &item.lang);
        let title = match url {
            Some(url) => title.child(
                el("a")
                    .attr("href", &url)
                    .attr("target", "_blank")
                    .attr("rel", "noopener noreferrer")
                    .text(&item.title),
            ),
            None => title.text(&item.title),
        };

        let mut meta = Vec::new();
        if let Some(c) = &item.campaign {
            // Screen readers hear "Campaign: q4-2026"; sighted people see the chip.
            meta.push(
                el("span")
                    .class("adv-chip")
                    .child(el("span").attr("aria-hidden", "true").text(c))
                    .child(
                        el("span")
                            .class("adv-sr")
                            .text(&tf("popupCampaignChip", std::slice::from_ref(c))),
                    )
                    .build(),
            );
        }
        if let Some(until) = item.expires_at {
            meta.push(
                el("span")
                    .class("adv-pop-until")
                    .text(&tf("popupUntil", &[status::date(until)]))
                    .build(),
            );
        }
        if item.demo {
            meta.push(
                el("span")
                    .class("adv-chip adv-chip-demo")
                    .text(&t("demoBadge"))
                    .build(),
            );
        }
        let meta = (!meta.is_empty()).then(|| {
            let p = el("p").class("adv-pop-meta").build();
            for m in meta {
                let _ = p.append_child(&m);
            }
            p
        });

        let preview = item.preview_card(None);
        let excerpt = match preview.and_then(CardView::excerpt) {
            Some(text) => Some(
                el("p")
                    .class("adv-pop-excerpt")
                    .attr("lang", preview.map_or("", |c| c.lang.as_str()))
                    .text(&text)
                    .build(),
            ),
            None if !item.summary.is_empty() => Some(
                el("p")
                    .class("adv-pop-excerpt")
                    .attr("lang", &item.lang)
                    .text(&item.summary)
                    .build(),
            ),
            None => None,
        };

        let mut buttons = Vec::new();
        let actions = el("div").class("adv-pop-shares").build();
        for share in &item.shares {
            let Some(caption) = share.selected_caption() else {
                continue;
            };
            let network = share.network;
            let (h, item_id) = (self.handlers.clone(), item.item_id.clone());
            let b = button(&share_label(network), "adv-primary adv-small")
                .attr("aria-describedby", &title_id)
                .on("click", move |_| {
                    (h.share)(network, item_id.clone(), caption)
                })
                .build();
            let _ = actions.append_child(&b);
            buttons.push((network, b));
        }
        let needs = item.needs();
        let needs_el = (!needs.is_empty()).then(|| {
            let fields: Vec<String> = needs.iter().map(|n| t(&format!("field_{n}"))).collect();
            let h = self.handlers.clone();
            el("div")
                .class("adv-pop-needs")
                .child(el("p").text(&tf("needsProfile", &[fields.join(", ")])))
                .child(
                    button(&t("openOptions"), "adv-secondary adv-small")
                        .on("click", move |_| (h.options)()),
                )
                .build()
        });

        let li = el("li")
            .class("adv-pop-item")
            .child(title)
            .child_opt(meta)
            .child_opt(excerpt.clone())
            .build();
        if !buttons.is_empty() {
            let _ = li.append_child(&actions);
        }
        if let Some(n) = needs_el {
            let _ = li.append_child(&n);
        }
        Row {
            haystack: item.haystack(),
            item: item.clone(),
            li,
            excerpt,
            buttons,
        }
    }

    /// Focuses the first visible share button of `item_id`; false if it is not shown.
    pub fn focus_item(&self, item_id: &str) -> bool {
        let rows = self.rows.borrow();
        let button = rows
            .iter()
            .filter(|r| r.item.item_id == item_id && !r.li.has_attribute("hidden"))
            .flat_map(|r| r.buttons.iter())
            .find(|(_, b)| !b.has_attribute("hidden"));
        match button {
            Some((_, b)) => {
                focus(b);
                true
            }
            None => false,
        }
    }

    /// Focuses the Undo button at `index` (or the last one); false when none is left.
    pub fn focus_undo(&self, index: usize) -> bool {
        let Ok(buttons) = self.hidden_list.query_selector_all("button") else {
            return false;
        };
        let n = buttons.length();
        if n == 0 {
            return false;
        }
        match buttons.item((index as u32).min(n - 1)) {
            Some(b) => {
                if let Some(b) = b.dyn_ref::<Element>() {
                    focus(b);
                }
                true
            }
            None => false,
        }
    }

    /// The position of `item_id` in the hidden section.
    pub fn undo_index(&self, item_id: &str) -> Option<usize> {
        let buttons = self.hidden_list.query_selector_all("button").ok()?;
        (0..buttons.length()).position(|i| {
            buttons
                .item(i)
                .and_then(|b| b.dyn_into::<Element>().ok())
                .and_then(|b| b.get_attribute("data-item"))
                .as_deref()
                == Some(item_id)
        })
    }

    /// Focuses the search box (when it is shown).
    pub fn focus_search(&self) {
        focus(&self.search);
    }

    fn fill_dismissed(&self, dismissed: &[DismissedView]) {
        clear(&self.hidden_list);
        self.hidden_summary.set_text_content(Some(&tf(
            "popupHidden",
            &[number(dismissed.len(), &host::ui_language())],
        )));
        set_hidden(&self.hidden, dismissed.is_empty());
        for (i, d) in dismissed.iter().enumerate() {
            let id = format!("adv-pop-dismissed-{i}");
            let state = match d.until {
                Some(until) => tf("popupSnoozedUntil", &[status::date(until)]),
                None => t("popupHiddenForGood"),
            };
            let (h, item_id) = (self.handlers.clone(), d.item_id.clone());
            let undo = button(&t("undo"), "adv-secondary adv-small")
                .attr("aria-describedby", &id)
                .attr("data-item", &d.item_id)
                .on("click", move |_| (h.undo)(item_id.clone()))
                .build();
            let li = el("li")
                .child(
                    el("div")
                        .class("adv-pop-dismissed-text")
                        .child(
                            el("span")
                                .class("adv-pop-dismissed-title")
                                .attr("id", &id)
                                .text(&d.title),
                        )
                        .child(el("span").class("adv-pop-dismissed-state").text(&state)),
                )
                .child(undo)
                .build();
            let _ = self.hidden_list.append_child(&li);
        }
    }
}
