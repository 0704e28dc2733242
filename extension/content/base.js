// The content scripts' small base (isolated world, no wasm): finding things with the selector
// lists the background gives (advocate-core's `site`), extension frames, messages, and the
// lifecycle the features run in. Each feature (content/features/*.js) registers itself with
// `advocate.feature(name, start)`; `start(ctx)` gets a context whose `signal` is aborted when
// the features stop (the network switched off, or the extension updated or removed), and
// everything a feature adds to the page (listeners, observers, frames) goes with it.
// The site adapter (linkedin.js, x.js) calls `advocate.start(site)` last.
'use strict';

// eslint-disable-next-line no-unused-vars
var advocate = (() => {
  const api = globalThis.browser ?? globalThis.chrome;
  const MARK = 'data-advocate';
  const MARK_SELECTOR = `[${MARK}]`;

  const features = [];
  const S = {
    site: '',
    config: null,
    state: { enabled: true, paused: false, placement: null, notices: 0, cards: 0 },
    controller: null, // AbortController of the running features
    listeners: new Map(), // event -> Set of callbacks (of the running features)
    handlers: new Map(), // message type -> callback (of the running features)
    services: new Map(), // name -> what a feature provides to the others
    frames: new Map(), // token -> iframe
    claimed: new Set(), // tokens a frame has confirmed (each once)
    route: '',
    dead: false, // the extension was updated or removed: this script is an orphan
  };

  const send = (msg) => api.runtime.sendMessage(msg);

  // ---- Finding things ----------------------------------------------------------------------

  function isVisible(el) {
    if (!el?.isConnected) return false;
    if (typeof el.checkVisibility === 'function' && !el.checkVisibility()) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  }

  /** Ours: an element Advocate put into the page (never a match for the site's selectors). */
  function ours(el) {
    return Boolean(el.closest?.(MARK_SELECTOR));
  }

  /** The open shadow roots the site renders into (LinkedIn's `#interop-outlet`), and any open
   * shadow roots nested in them. */
  function shadowRoots() {
    const roots = [];
    const visit = (root) => {
      roots.push(root);
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n.shadowRoot) visit(n.shadowRoot);
    };
    for (const css of S.config?.shadowHosts ?? []) {
      for (const host of safeAll(document, css)) if (host.shadowRoot) visit(host.shadowRoot);
    }
    return roots;
  }

  function safeAll(root, css) {
    try {
      return [...root.querySelectorAll(css)];
    } catch {
      return []; // a selector this browser cannot parse
    }
  }

  /** All matches of `css` in the document and the site's open shadow roots. */
  function queryDeep(css, root = null) {
    if (root) return safeAll(root, css);
    return [document, ...shadowRoots()].flatMap((r) => safeAll(r, css));
  }

  /** The first element matching a list (tried in order, best first), with the index of the
   * entry that matched: `{ el, index }` or null. */
  function first(list, { visible = true, within = null, deep = false, accept = () => true } = {}) {
    for (let index = 0; index < list.length; index += 1) {
      const found = deep ? queryDeep(list[index], within) : safeAll(within ?? document, list[index]);
      const el = found.find((e) => !ours(e) && (!visible || isVisible(e)) && accept(e));
      if (el) return { el, index };
    }
    return null;
  }

  /** The layout in use: `{ layout, index }` (the first whose marker matches) or null. */
  function layout() {
    const layouts = S.config?.layouts ?? [];
    for (let index = 0; index < layouts.length; index += 1) {
      if (layouts[index].marker.some((css) => safeAll(document, css).length > 0)) return { layout: layouts[index], index };
    }
    return null;
  }

  /** The site's open composers (dialogs or compose pages, also inside its shadow roots), each
   * with the index of the selector that found it, best first. */
  function composers() {
    const out = [];
    const seen = new Set();
    S.config.composer.forEach((css, index) => {
      for (const el of queryDeep(css)) {
        if (seen.has(el) || ours(el) || !isVisible(el)) continue;
        seen.add(el);
        out.push({ el, index });
      }
    });
    return out;
  }

  /** The visible editor inside `composer`: `{ el, index }` or null. Never outside a composer:
   * posts hold comment editors of the same kind, and LinkedIn keeps a hidden copy outside. */
  function editorIn(composer) {
    return first(S.config.editor, { within: composer, deep: true });
  }

  /** The editor of the first open composer that has one: `{ el, index, composer }`. */
  function editor() {
    for (const c of composers()) {
      const e = editorIn(c.el);
      if (e) return { ...e, composer: c };
    }
    return null;
  }

  /** The site's inline composer (X's box above the timeline) when it has focus. */
  function focusedEditor() {
    let focused = document.activeElement;
    while (focused?.shadowRoot?.activeElement) focused = focused.shadowRoot.activeElement;
    if (!focused || ours(focused)) return null;
    for (const css of S.config.inlineEditor) {
      let el = null;
      try {
        el = focused.closest(css);
      } catch {
        el = null;
      }
      if (el && isVisible(el)) return el;
    }
    return null;
  }

  /** A button that shows text only (no icon): the shape of a Post button without a stable
   * attribute. */
  function textOnly(button) {
    return button.textContent.trim() !== '' && !button.querySelector('svg, img, li-icon');
  }

  /** The composer's Post button: `{ el, index }` by selector, else `{ el, heuristic: true }`
   * for the composer's last enabled text-only button (LinkedIn's new composer gives Post no
   * stable attribute, and every other button in its footer is an icon). */
  function postButton(composer) {
    const hit = first(S.config.postButton, { within: composer, deep: true, visible: false });
    if (hit) return hit;
    const buttons = queryDeep('button', composer).filter(
      (b) => !b.disabled && b.getAttribute('aria-disabled') !== 'true' && !b.hasAttribute('aria-haspopup') && textOnly(b),
    );
    const last = buttons.at(-1);
    return last ? { el: last, heuristic: true } : null;
  }

  /** Whether `el` is, sits in, or holds a link that does not go to the composer itself.
   * Such elements are never clicked: LinkedIn's share box puts a link to the member's own
   * profile right beside the control that opens the composer. */
  function leadsAway(el) {
    const links = [el.closest('a[href]'), ...el.querySelectorAll('a[href]')].filter(Boolean);
    return links.some((a) => {
      const path = new URL(a.href, location.href).pathname;
      return !S.config.composePath || path !== S.config.composePath;
    });
  }

  /** The site's "start a post" control: `{ el, index }` or null. */
  function shareTrigger() {
    return first(S.config.startPost, { accept: (el) => !leadsAway(el) });
  }

  /** Whether this is a page with a feed (cards go there). */
  function onFeedPage() {
    const path = location.pathname;
    const c = S.config;
    return c.feedPaths.some((p) => path.startsWith(p)) && !c.notFeedPaths.some((p) => path.startsWith(p));
  }

  const find = { isVisible, ours, first, queryDeep, layout, composers, editorIn, editor, focusedEditor, postButton, shareTrigger, onFeedPage, shadowRoots };

  // ---- Frames ------------------------------------------------------------------------------

  function frameUrl(params) {
    return `${api.runtime.getURL('frame.html')}#${new URLSearchParams(params)}`;
  }

  /** An extension frame of `kind`, not loaded yet (`frames.load`). Its token names it in the
   * messages its page sends. */
  function createFrame(kind, params, title) {
    const token = crypto.randomUUID();
    const iframe = document.createElement('iframe');
    iframe.setAttribute(`${MARK}-frame`, kind);
    iframe.title = title;
    // The frame copies captions to the clipboard inside the employee's click.
    iframe.allow = 'clipboard-write';
    iframe.style.cssText =
      'display:block;width:100%;height:0;border:0;margin:0;padding:0;background:transparent;color-scheme:normal;overflow:hidden;';
    // No token in the address: the page can read it. The frame gets it by postMessage once it
    // has loaded (`handToken`), and this script confirms it once (`frameHello`).
    iframe.dataset.src = frameUrl({ kind, site: S.site, bg: S.pageBackground ?? '', ...params });
    S.frames.set(token, iframe);
    return iframe;
  }

  /** Hands a frame its token once it has loaded, by postMessage to exactly that frame's
   * window at the extension's origin: the page never sees it (frames' addresses carry none). */
  function handToken(iframe) {
    const token = tokenOf(iframe);
    if (!token || !iframe.contentWindow) return;
    // To the extension's own origin only (a frame loaded from Chrome's per-session address
    // still has it): if the page navigated the frame elsewhere, nothing arrives there.
    iframe.contentWindow.postMessage({ advocateToken: token }, api.runtime.getURL('').replace(/\/$/, ''));
  }

  function loadFrame(iframe) {
    if (!iframe || iframe.src || !iframe.dataset.src) return;
    iframe.addEventListener('load', () => handToken(iframe));
    iframe.src = iframe.dataset.src;
  }

  /** A frame asks whether the token it was handed is one of ours, not yet claimed. */
  function frameHello({ token }) {
    const iframe = S.frames.get(token);
    if (!iframe || S.claimed.has(token)) return false;
    S.claimed.add(token);
    return true;
  }

  function tokenOf(iframe) {
    for (const [token, f] of S.frames) if (f === iframe) return token;
    return undefined;
  }

  function forgetFrame(token) {
    const iframe = S.frames.get(token);
    S.frames.delete(token);
    return iframe;
  }

  /** Where a floating frame goes: into the open modal dialog, if any (the page outside a modal
   * `<dialog>` is inert, so a frame there could not be used), else the body. */
  function floatingParent() {
    for (const c of composers()) {
      if (c.el.matches?.('dialog:modal')) return c.el;
    }
    return document.body;
  }

  const frames = { create: createFrame, load: loadFrame, tokenOf, forget: forgetFrame, get: (t) => S.frames.get(t), floatingParent };

  // ---- Lifecycle ---------------------------------------------------------------------------

  function on(event, fn) {
    if (!S.listeners.has(event)) S.listeners.set(event, new Set());
    S.listeners.get(event).add(fn);
  }

  function emit(event, data) {
    for (const fn of [...(S.listeners.get(event) ?? [])]) {
      try {
        fn(data);
      } catch (e) {
        console.debug('Advocate:', event, e);
      }
    }
  }

  function makeContext(signal) {
    const ctx = {
      api,
      MARK,
      MARK_SELECTOR,
      get site() {
        return S.site;
      },
      get config() {
        return S.config;
      },
      get state() {
        return S.state;
      },
      get pageBackground() {
        return S.pageBackground ?? '';
      },
      set pageBackground(bg) {
        S.pageBackground = bg;
      },
      signal,
      send,
      find,
      frames,
      /** Calls `fn` on `event` while the features run: `tick` (after page changes), `mutations`
       * (every batch, synchronously), `navigate` (the page's address changed), `config` (new
       * settings or feed), `frameSize`, `frameEmpty`. */
      on(event, fn) {
        on(event, fn);
        signal.addEventListener('abort', () => S.listeners.get(event)?.delete(fn), { once: true });
      },
      emit,
      /** Answers messages of `type` from the extension while the features run. */
      handle(type, fn) {
        S.handlers.set(type, fn);
        signal.addEventListener('abort', () => S.handlers.get(type) === fn && S.handlers.delete(type), { once: true });
      },
      /** Runs `fn` when the features stop. */
      cleanup(fn) {
        signal.addEventListener('abort', fn, { once: true });
      },
      provide(name, service) {
        S.services.set(name, service);
        signal.addEventListener('abort', () => S.services.get(name) === service && S.services.delete(name), { once: true });
      },
      use(name) {
        return S.services.get(name);
      },
      /** Asks for a tick soon (debounced). */
      schedule,
    };
    return ctx;
  }

  function startFeatures() {
    if (S.controller || S.dead) return;
    S.controller = new AbortController();
    const ctx = makeContext(S.controller.signal);
    for (const f of features) {
      try {
        f.start(ctx);
      } catch (e) {
        console.debug('Advocate: feature', f.name, 'did not start', e);
      }
    }
    schedule();
  }

  function stopFeatures() {
    S.controller?.abort();
    S.controller = null;
  }

  /** The extension was updated, reloaded or removed: this copy of the script can no longer
   * reach it, and a new copy may run beside it. Leave the page as the site made it. */
  function orphaned() {
    try {
      return !api.runtime?.id;
    } catch {
      return true;
    }
  }

  function die() {
    S.dead = true;
    stopFeatures();
    S.lifetime.abort();
  }

  // At most one tick per TICK_MS while the page keeps changing (a long feed mounts posts in
  // batches while the employee scrolls, and each tick looks at them), but the first change
  // after a quiet moment is answered at once: the anchor post of the first card appearing is
  // such a change, and every millisecond before its card shows is felt.
  const TICK_MS = 120;
  let scheduled = false;
  let lastTick = -Infinity;
  function schedule() {
    if (scheduled || S.dead) return;
    scheduled = true;
    setTimeout(tick, Math.max(0, lastTick + TICK_MS - performance.now()));
  }

  function tick() {
    scheduled = false;
    lastTick = performance.now();
    if (orphaned()) return die();
    const route = location.pathname + location.search;
    if (route !== S.route) {
      S.route = route;
      emit('navigate', route);
    }
    watchShadowRoots();
    emit('tick');
  }

  async function refreshConfig() {
    try {
      const reply = await send({ type: 'config', site: S.site });
      if (!reply || reply.error) return false;
      S.config = reply.config;
      S.senders = reply.senders ?? [];
      S.state = {
        enabled: reply.enabled,
        paused: reply.paused,
        placement: reply.placement,
        notices: reply.notices,
        cards: reply.cards,
        clickOpensNothing: reply.clickOpensNothing ?? [],
      };
      return true;
    } catch {
      if (orphaned()) die();
      return false; // worker unavailable: stay out of the page's way
    }
  }

  /** Starts or stops the features for the current settings, and tells them. */
  function apply() {
    if (!S.state.enabled) {
      // The employee switched this network off: leave the page exactly as the site made it.
      stopFeatures();
      return;
    }
    const starting = !S.controller;
    startFeatures();
    emit('config');
    // Listening now: a share waiting for this tab (started from the toolbar popup, or one that
    // went through the share URL) may come.
    if (starting) send({ type: 'ready', site: S.site }).catch(() => {});
    schedule();
  }

  // One observer for the document and one per shadow root the site renders into; changes
  // inside Advocate's own elements are ignored.
  const watchedRoots = new WeakSet();
  let observer = null;

  function onMutations(records) {
    if (S.dead) return;
    emit('mutations', records);
    const theirs = records.some((m) => {
      const target = m.target.nodeType === 1 ? m.target : m.target.parentElement;
      return !target || !ours(target);
    });
    if (theirs) schedule();
  }

  function watchShadowRoots() {
    if (!observer || !S.config) return;
    for (const root of shadowRoots()) {
      if (watchedRoots.has(root)) continue;
      watchedRoots.add(root);
      observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['open', 'hidden', 'style', 'class'] });
    }
  }

  function observe() {
    observer = new MutationObserver(onMutations);
    // `open`: a <dialog> the site keeps in the page and opens with showModal().
    observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['open'] });
    watchShadowRoots();
    const signal = S.lifetime.signal;
    // The site navigates without reloading (history.pushState is invisible from here; the DOM
    // changes that follow it are not).
    addEventListener('popstate', schedule, { signal });
    // Focus moving into an editor opens no dialog (X's inline box), and focus back in the
    // page from a frame fires on the window.
    document.addEventListener('focusin', schedule, { capture: true, signal });
    addEventListener('focus', schedule, { signal });
    S.lifetime.signal.addEventListener('abort', () => observer.disconnect(), { once: true });
  }

  /** Whether a command comes from the part of Advocate that sends it (advocate-core's
   * `sender::CONTENT_SCRIPT_COMMANDS`: text to insert only from the background, the page check
   * only from the popup, frame notices only from frames). */
  function trusted(msg, sender) {
    // `sender.id` is this extension's (checked by the caller); the path says which part of it
    // (frames' notices arrive forwarded by the background).
    if (!/^(chrome|moz)-extension:\/\//.test(sender.url ?? '')) return false;
    const path = new URL(sender.url).pathname;
    return (S.senders ?? []).some(([type, paths]) => type === msg.type && paths.includes(path));
  }

  function onMessage(msg, sender, sendResponse) {
    if (S.dead || sender.id !== api.runtime.id || !msg || typeof msg.type !== 'string') return false;
    if (!trusted(msg, sender)) return false;
    switch (msg.type) {
      case 'frameSize': {
        // A frame says how big its content is; floating frames with a size of their own (the
        // panel) keep it, frames that follow their content's width (the picker) take that.
        const iframe = S.frames.get(msg.token);
        if (!iframe) return false;
        if (iframe.dataset.advocateSize !== 'fixed') iframe.style.height = `${Math.max(0, Math.ceil(msg.height))}px`;
        if (iframe.dataset.advocateSize === 'content') iframe.style.width = `${Math.ceil(msg.width)}px`;
        emit('frameSize', { ...msg, iframe });
        return false;
      }
      case 'frameHello':
        sendResponse(frameHello(msg));
        return false;
      case 'frameEmpty': {
        // Nothing to show: the feature that placed it may remove more than the frame.
        emit('frameEmpty', { ...msg, iframe: S.frames.get(msg.token) });
        forgetFrame(msg.token)?.remove();
        return false;
      }
      default: {
        const handler = S.handlers.get(msg.type);
        if (!handler && msg.type === 'pageCheck' && !S.state.enabled) {
          // Switched off for this network: the features do not run, so nothing was looked for.
          sendResponse({ site: S.site, switchedOff: true });
          return false;
        }
        if (!handler) return false;
        Promise.resolve()
          .then(() => handler(msg))
          .then(sendResponse, (e) => sendResponse({ ok: false, detail: String(e) }));
        return true;
      }
    }
  }

  function onStorageChanged(changes, area) {
    if ((area === 'local' && ('feed' in changes || 'state' in changes)) || area === 'sync' || area === 'managed') {
      refreshConfig().then((ok) => ok && apply());
    }
  }

  /** Resolves once the page's HTML is parsed (`DOMContentLoaded`). */
  function parsed() {
    if (document.readyState !== 'loading') return Promise.resolve();
    return new Promise((resolve) => document.addEventListener('DOMContentLoaded', () => resolve(), { once: true }));
  }

  async function start(site) {
    S.site = site;
    S.lifetime = new AbortController();
    // The scripts run at document_start and ask for the settings at once, while the page is
    // still loading: a stopped worker wakes meanwhile (~300-400 ms measured), and at
    // document_idle the scripts started only 100-150 ms after DOMContentLoaded, when the
    // first posts had long been there (issue #18). The features themselves start with the
    // parsed document, as before: they add to <body> and read the page's styles.
    const configured = refreshConfig();
    await parsed();
    if (!(await configured)) return;
    api.runtime.onMessage.addListener(onMessage);
    // New settings, a new feed, a hidden item: apply them to this open tab at once.
    api.storage.onChanged.addListener(onStorageChanged);
    S.lifetime.signal.addEventListener('abort', () => {
      try {
        api.runtime.onMessage.removeListener(onMessage);
        api.storage.onChanged.removeListener(onStorageChanged);
      } catch {
        // The extension is gone; so are its listeners.
      }
    }, { once: true });
    S.route = location.pathname + location.search;
    observe();
    apply();
  }

  /** Registers a feature; `start(ctx)` runs whenever the features start. */
  function feature(name, startFeature) {
    features.push({ name, start: startFeature });
  }

  return { feature, start };
})();
