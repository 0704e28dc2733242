// Content script shared by the site adapters (isolated world, no wasm). It is deliberately thin:
// the background worker decides what to show, which selectors to use and what text to insert;
// this file finds anchors with the selector lists it is given, mounts extension frames into the
// page, and types into the site's own composer.
'use strict';

// eslint-disable-next-line no-unused-vars
var advocate = (() => {
  const api = globalThis.browser ?? globalThis.chrome;
  const MARK = 'data-advocate';
  const MARK_SELECTOR = `[${MARK}]`;

  let site = '';
  let config = null;
  let state = { enabled: true, paused: false, placement: null, notices: 0 };
  let cardCount = 0;
  let lastInserted = null; // { itemId, text }: for "shared" detection when Post is clicked
  let pageBackground = '';
  const frames = new Map(); // token -> iframe
  const cards = new Map(); // slot -> card wrapper
  let launcher = null; // { host, button }
  let panelFrame = null;
  let noticeFrame = null; // the retraction notice banner, while shown
  let mountObserver = null;
  let releaseObserver = null;
  const farCards = new Set(); // card wrappers beyond RELEASE_MARGIN
  let picker = null; // { iframe, editor }
  // A composer may have opened since the last look (set by page changes that touch one, focus
  // and navigation): the next tick searches the document for its editor.
  let composerPending = true;
  const seenPosts = []; // post keys in timeline order, for virtualised timelines
  const seenSet = new Set();

  const send = (msg) => api.runtime.sendMessage(msg);
  const randomToken = () => crypto.randomUUID();

  // ---- Finding things ----------------------------------------------------------------------

  /** All matches of `selector` under `root`, including inside open shadow roots. */
  function queryAllDeep(selector, root = document) {
    const out = [...root.querySelectorAll(selector)];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
    for (let node = walker.currentNode; node; node = walker.nextNode()) {
      if (node.shadowRoot) out.push(...queryAllDeep(selector, node.shadowRoot));
    }
    return out;
  }

  function isVisible(el) {
    if (!el.isConnected) return false;
    if (typeof el.checkVisibility === 'function' && !el.checkVisibility()) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  }

  /** The first visible element matching a selector list (tried in order, best first). */
  function findFirst(selectors, { visible = true } = {}) {
    for (const selector of selectors) {
      let found;
      try {
        found = [...document.querySelectorAll(selector)];
      } catch {
        continue; // a selector this browser cannot parse
      }
      const hit = found.find((el) => !el.closest(MARK_SELECTOR) && (!visible || isVisible(el)));
      if (hit) return hit;
    }
    return null;
  }

  // ---- Frames ------------------------------------------------------------------------------

  /** The page's effective background colour, for the frames' light/dark decision. */
  function backgroundOf(el) {
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const bg = getComputedStyle(node).backgroundColor;
      if (bg && !/rgba\(.*,\s*0\)$/.test(bg) && bg !== 'transparent') return bg;
    }
    return getComputedStyle(document.documentElement).backgroundColor;
  }

  function frameUrl(params) {
    return `${api.runtime.getURL('frame.html')}#${new URLSearchParams(params)}`;
  }

  function createFrame(kind, params, title) {
    const token = randomToken();
    const iframe = document.createElement('iframe');
    iframe.setAttribute(`${MARK}-frame`, kind);
    iframe.title = title;
    // The frame copies captions to the clipboard inside the employee's click.
    iframe.allow = 'clipboard-write';
    iframe.style.cssText =
      'display:block;width:100%;height:0;border:0;margin:0;padding:0;background:transparent;color-scheme:normal;overflow:hidden;';
    iframe.dataset.src = frameUrl({ kind, site, token, bg: pageBackground, ...params });
    frames.set(token, iframe);
    return iframe;
  }

  function loadFrame(iframe) {
    if (!iframe.src && iframe.dataset.src) iframe.src = iframe.dataset.src;
  }

  /** The token a frame of ours was created with (its messages name it). */
  function tokenOf(iframe) {
    for (const [token, f] of frames) if (f === iframe) return token;
    return undefined;
  }

  function forgetFrame(token) {
    const iframe = frames.get(token);
    frames.delete(token);
    return iframe;
  }

  // Card frames are mounted only near the viewport and released again far from it. A card is
  // a frame from another process, and while one is mounted anywhere in the page, Chromium
  // repaints the page's content on every scrolled frame (measured with Chromium 156 on the
  // 500-post fixture: paint 2.1 s instead of 0.46 s with three cards mounted, page busy +50 %;
  // released far away: 0.46 s, #7). A released card keeps its height, so nothing moves, and
  // the employee's chosen caption is kept by the background, so it comes back the same.
  const MOUNT_MARGIN = '1200px 0px';
  const RELEASE_MARGIN = '3000px 0px'; // wider than MOUNT_MARGIN: no churn at the edge

  function cardFrameOf(wrapper) {
    return wrapper.querySelector(`[${MARK}-frame="card"]`);
  }

  function mountNear(entries) {
    for (const e of entries) {
      const iframe = cardFrameOf(e.target);
      if (e.isIntersecting && iframe) loadFrame(iframe);
    }
  }

  function releaseFar(entries) {
    for (const e of entries) {
      if (e.isIntersecting) {
        farCards.delete(e.target);
      } else {
        farCards.add(e.target);
        release(e.target);
      }
    }
  }

  /** Swaps a far card's frame for an unloaded one of the same height. A card with focus stays
   * (the employee may be using it by keyboard) until focus leaves it. */
  function release(wrapper) {
    const old = cardFrameOf(wrapper);
    if (!old?.src || document.activeElement === old) return;
    forgetFrame(tokenOf(old));
    const fresh = createFrame('card', { slot: wrapper.getAttribute(`${MARK}-slot`) }, old.title);
    fresh.style.height = old.style.height;
    old.replaceWith(fresh);
  }

  /** Far cards kept for their focus, once focus has moved on. */
  function releaseIdle() {
    for (const wrapper of farCards) release(wrapper);
  }

  function dropCard(wrapper) {
    mountObserver?.unobserve(wrapper);
    releaseObserver?.unobserve(wrapper);
    farCards.delete(wrapper);
    forgetFrame(tokenOf(cardFrameOf(wrapper)));
    const slot = Number(wrapper.getAttribute(`${MARK}-slot`));
    if (cards.get(slot) === wrapper) cards.delete(slot);
    wrapper.remove();
  }

  function watchCard(wrapper) {
    if (!('IntersectionObserver' in window)) return loadFrame(cardFrameOf(wrapper));
    mountObserver ??= new IntersectionObserver(mountNear, { rootMargin: MOUNT_MARGIN });
    releaseObserver ??= new IntersectionObserver(releaseFar, { rootMargin: RELEASE_MARGIN });
    mountObserver.observe(wrapper);
    releaseObserver.observe(wrapper);
  }

  // ---- In-feed cards -----------------------------------------------------------------------

  function onFeedPage() {
    return config.feedPaths.some((p) => location.pathname.startsWith(p));
  }

  function topLevelPosts(list) {
    const selector = config.post.join(',');
    const posts = [...list.querySelectorAll(selector)].filter(
      (p) => !p.parentElement.closest(selector) && !p.closest(MARK_SELECTOR),
    );
    // Virtualised timelines position cells with transforms; order them as the reader sees them.
    if (config.postKey) posts.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
    return posts;
  }

  function postKeyOf(post) {
    const el = post.querySelector(config.postKey.selector);
    return el ? el.getAttribute(config.postKey.attribute) : null;
  }

  /** Records posts in the order they first appear. On a virtualised timeline (X) cells above
   * the viewport unmount while scrolling, so a post's position cannot be counted in the DOM; it
   * is remembered instead, from every mutation batch (a fast scroll can mount and unmount a
   * cell between two debounced ticks, but never between two mutation callbacks). */
  function recordPosts(nodes) {
    const selector = config.post.join(',');
    for (const node of nodes) {
      if (node.nodeType !== 1 || node.closest(MARK_SELECTOR)) continue;
      const posts = node.matches(selector) ? [node] : node.querySelectorAll(selector);
      for (const p of posts) {
        const key = postKeyOf(p);
        if (key && !seenSet.has(key)) {
          seenSet.add(key);
          seenPosts.push(key);
        }
      }
    }
  }

  /** The post each card slot goes after: by position in the DOM, or on a virtualised timeline
   * by the order in which posts were first seen. */
  function anchors(posts) {
    if (!config.postKey) {
      return (slot) => posts[state.placement.firstSlot + slot * state.placement.every - 1] ?? null;
    }
    recordPosts(posts);
    const byKey = new Map(posts.map((p) => [postKeyOf(p), p]));
    return (slot) => byKey.get(seenPosts[state.placement.firstSlot + slot * state.placement.every - 1]) ?? null;
  }

  function makeCard(slot) {
    const wrapper = document.createElement('div');
    wrapper.setAttribute(MARK, 'card');
    wrapper.setAttribute(`${MARK}-slot`, String(slot));
    wrapper.style.cssText = config.cardStyle;
    const iframe = createFrame('card', { slot: String(slot) }, api.i18n.getMessage('frameTitleCard'));
    wrapper.append(iframe);
    return wrapper;
  }

  /** The card in `slot` if it is still in the page (the site may have re-rendered the list). */
  function placedCard(slot) {
    const wrapper = cards.get(slot);
    return wrapper?.isConnected ? wrapper : null;
  }

  function placeCards() {
    // Fewer cards than before (frequency lowered, paused, items hidden): drop the extra ones.
    for (const [slot, wrapper] of cards) if (slot >= cardCount) dropCard(wrapper);
    if (!onFeedPage()) return;
    // Every card placed after its post: nothing to do. This runs after every batch of page
    // changes, and looking at all posts of a long feed costs milliseconds each time (#7).
    // (Cards inside recycled cells, on X, must be checked against their post every time.)
    let complete = !config.cardInsidePost;
    for (let slot = 0; complete && slot < cardCount; slot += 1) complete = placedCard(slot) !== null;
    if (complete) return;
    const list = findFirst(config.feedList, { visible: false });
    if (!list) return;
    const anchorFor = anchors(topLevelPosts(list));
    for (let slot = 0; slot < cardCount; slot += 1) {
      const anchor = anchorFor(slot);
      const existing = placedCard(slot);
      if (existing) {
        // A recycled cell now shows another post: the card does not belong there any more.
        if (config.cardInsidePost && anchor !== existing.parentElement) dropCard(existing);
        else continue;
      }
      if (!anchor) continue;
      const wrapper = makeCard(slot);
      cards.set(slot, wrapper);
      if (config.cardInsidePost) anchor.append(wrapper);
      else anchor.after(wrapper);
      watchCard(wrapper);
    }
  }

  // ---- Launcher and panel ------------------------------------------------------------------

  // Static styles for the launcher button (no feed data). Kept here so they can go into the
  // button's closed shadow root without a web-accessible stylesheet.
  const LAUNCHER_CSS = `
    :host { all: initial; }
    button {
      position: fixed; right: 16px; bottom: 72px; z-index: 2147483645;
      display: inline-flex; align-items: center; gap: 8px; min-height: 44px; padding: 0 16px 0 12px;
      border: 1px solid rgba(0,0,0,.15); border-radius: 22px; cursor: pointer;
      font: 600 14px/1.2 -apple-system, system-ui, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
      color: #fff; background: #0b5cad; box-shadow: 0 2px 10px rgba(0,0,0,.25);
    }
    button:hover { background: #094a8c; }
    button:focus-visible { outline: 3px solid #f5b400; outline-offset: 2px; }
    button[aria-expanded="true"] { background: #0a3f78; }
    svg { width: 20px; height: 20px; flex: none; }
    @media (prefers-reduced-motion: no-preference) { button { transition: background .15s; } }
  `;

  function launcherIcon() {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('fill', 'currentColor');
    // A speech bubble with a spark: "something to say".
    path.setAttribute('d', 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm8 3l-1.2 2.8L8 11l2.8 1.2L12 15l1.2-2.8L16 11l-2.8-1.2z');
    svg.append(path);
    return svg;
  }

  function ensureLauncher() {
    if (launcher?.host.isConnected) return;
    const host = document.createElement('div');
    host.setAttribute(MARK, 'launcher');
    // A shadow root: the page's styles cannot reach the button.
    const root = host.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = LAUNCHER_CSS;
    const button = document.createElement('button');
    button.type = 'button';
    button.setAttribute('aria-expanded', 'false');
    button.setAttribute('aria-haspopup', 'dialog');
    button.title = api.i18n.getMessage('launcherLabel');
    const label = document.createElement('span');
    label.textContent = api.i18n.getMessage('launcherShort');
    button.append(launcherIcon(), label);
    button.addEventListener('click', () => (panelFrame ? closePanel() : openPanel()));
    root.append(style, button);
    document.body.append(host);
    launcher = { host, button };
  }

  function openPanel() {
    if (panelFrame) return;
    const iframe = createFrame('panel', {}, api.i18n.getMessage('frameTitlePanel'));
    iframe.setAttribute(MARK, 'panel');
    iframe.style.cssText =
      'position:fixed;right:16px;bottom:128px;width:min(420px,calc(100vw - 32px));height:min(680px,calc(100vh - 160px));' +
      'border:0;border-radius:12px;box-shadow:0 8px 32px rgba(0,0,0,.28);z-index:2147483646;background:transparent;color-scheme:normal;';
    document.body.append(iframe);
    loadFrame(iframe);
    iframe.focus();
    panelFrame = iframe;
    launcher?.button.setAttribute('aria-expanded', 'true');
  }

  function closePanel() {
    if (!panelFrame) return;
    forgetFrame(tokenOf(panelFrame));
    panelFrame.remove();
    panelFrame = null;
    launcher?.button.setAttribute('aria-expanded', 'false');
    launcher?.button.focus();
  }

  function showToast(message) {
    for (const old of document.querySelectorAll(`[${MARK}="toast"]`)) old.remove();
    const iframe = createFrame('toast', { m: message }, api.i18n.getMessage('frameTitleToast'));
    iframe.setAttribute(MARK, 'toast');
    iframe.style.cssText =
      'position:fixed;top:72px;left:50%;transform:translateX(-50%);width:min(480px,calc(100vw - 32px));height:0;' +
      'border:0;z-index:2147483647;background:transparent;color-scheme:normal;';
    document.body.append(iframe);
    loadFrame(iframe);
  }

  // ---- Composer ----------------------------------------------------------------------------

  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const nextFrame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));

  /** The visible editor inside an open composer dialog (X also has an always-present inline
   * editor on its home page; Share uses the composer it opens, not that one). Only the open
   * dialogs are searched (through their shadow roots): this runs after every batch of page
   * changes, and a whole-document search costs milliseconds on a long feed. */
  function findEditor() {
    const dialogs = openComposers();
    for (const selector of config.editor) {
      for (const dialog of dialogs) {
        let found;
        try {
          found = queryAllDeep(selector, dialog);
        } catch {
          continue;
        }
        const hit = found.find((el) => isVisible(el));
        if (hit) return hit;
      }
    }
    return null;
  }

  /** The site's composer dialogs that are open (visible). */
  function openComposers() {
    return [...document.querySelectorAll(config.composer.join(','))].filter(
      (d) => !d.closest(MARK_SELECTOR) && isVisible(d),
    );
  }

  /** Whether added `node` may be (part of) a composer: it is one, holds one, or sits in one. */
  function touchesComposer(node) {
    if (node.nodeType !== 1) return false;
    const selector = config.composer.join(',');
    // closest() starts at the node itself.
    return node.closest(selector) !== null || node.querySelector(selector) !== null;
  }

  /** Any visible editor the employee is using: in a composer, or focused (X's inline box). */
  function activeEditor() {
    return findEditor() ?? focusedEditor();
  }

  /** The visible editor that has focus (X's inline box has no dialog), if any. */
  function focusedEditor() {
    const focused = document.activeElement;
    if (!focused) return null;
    for (const selector of config.editor) {
      const el = focused.closest?.(selector);
      if (el && isVisible(el)) return el;
    }
    return null;
  }

  /** Waits until a visible editor exists and has stayed the same element for a moment (sites
   * mount the dialog first and the editor later, and may replace it once). */
  async function waitForEditor() {
    const deadline = performance.now() + config.editorTimeoutMs;
    let candidate = null;
    let since = 0;
    while (performance.now() < deadline) {
      const el = findEditor();
      if (el !== candidate) {
        candidate = el;
        since = performance.now();
      } else if (el && performance.now() - since >= config.editorStableMs) {
        return el;
      }
      await sleep(50);
    }
    return candidate && candidate.isConnected ? candidate : null;
  }

  /** Reads the editor's text one block per line (Quill <p>, Draft.js blocks, ProseMirror <p>),
   * so that line structure can be compared with what we inserted. */
  function readEditor(root) {
    const BLOCK = /^(P|DIV|LI|H[1-6]|BLOCKQUOTE|PRE)$/;
    const hasBlockChild = (el) => [...el.children].some((c) => BLOCK.test(c.tagName));
    if (!hasBlockChild(root)) return root.innerText ?? root.textContent ?? '';
    const lines = [];
    const walk = (el) => {
      for (const child of el.children) {
        if (!BLOCK.test(child.tagName)) continue;
        if (hasBlockChild(child)) walk(child);
        else lines.push(child.textContent);
      }
    };
    walk(root);
    return lines.join('\n');
  }

  function selectionOf(el) {
    const root = el.getRootNode();
    return (typeof root.getSelection === 'function' ? root.getSelection() : null) ?? document.getSelection();
  }

  /** Focuses the editor; keeps the employee's caret if it is already inside, else goes to the end. */
  function focusEditor(el) {
    const sel = selectionOf(el);
    const inside = sel && sel.rangeCount > 0 && el.contains(sel.getRangeAt(0).startContainer);
    el.focus();
    if (!inside && sel) {
      const range = document.createRange();
      range.selectNodeContents(el);
      range.collapse(false);
      sel.removeAllRanges();
      sel.addRange(range);
    }
  }

  /** Puts the caret before the first character, where the employee's own sentence goes. */
  function caretToStart(el) {
    const sel = selectionOf(el);
    if (!sel) return;
    const range = document.createRange();
    range.selectNodeContents(el);
    range.collapse(true);
    sel.removeAllRanges();
    sel.addRange(range);
  }

  /** Strategy "paste": a synthetic paste event. Returns true if an editor handled it. */
  function pasteText(el, text, html) {
    const data = new DataTransfer();
    data.setData('text/plain', text);
    // Built and escaped by advocate-core (`site::paste_html`): structure only, never markup.
    if (html) data.setData('text/html', html);
    // Firefox ignores `clipboardData` in the init dict; its non-standard dataType/data work.
    const event = new ClipboardEvent('paste', {
      clipboardData: data,
      dataType: 'text/plain',
      data: text,
      bubbles: true,
      cancelable: true,
      composed: true,
    });
    return !el.dispatchEvent(event); // cancelled = handled
  }

  /** Strategy "insertText": execCommand line by line (Firefox drops "\n" in insertText).
   * Never used on Draft.js (X), where it breaks React's view of the DOM. */
  function typeText(el, text) {
    text.split('\n').forEach((line, i) => {
      if (i > 0) document.execCommand('insertParagraph');
      if (line) document.execCommand('insertText', false, line);
    });
    return true;
  }

  const STRATEGIES = { paste: pasteText, insertText: typeText };

  async function verify(expected, el) {
    return Boolean(await send({ type: 'verify', expected, actual: readEditor(el) }));
  }

  async function copyToClipboard(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Fall back to a selection copy; the page briefly sees a textarea with the text the
      // employee is about to post publicly anyway.
      const area = document.createElement('textarea');
      area.setAttribute(MARK, 'clipboard');
      area.value = text;
      area.style.cssText = 'position:fixed;top:-1000px;left:0;opacity:0;';
      document.body.append(area);
      area.select();
      let ok = false;
      try {
        ok = document.execCommand('copy');
      } catch {
        ok = false;
      }
      area.remove();
      return ok;
    }
  }

  async function openComposer() {
    const trigger = findFirst(config.startPost);
    if (trigger) {
      trigger.click();
      return true;
    }
    if (config.composePath) {
      const link = document.querySelector(`a[href="${config.composePath}"]`);
      if (link) {
        link.click();
        return true;
      }
    }
    return false;
  }

  /** Opens the composer (or uses the open one) and inserts `text`, verified by reading the
   * editor back. Falls back to the clipboard (with a visible hint), and last to the site's
   * share URL. Never posts. */
  async function prefill({ text, html, shareUrl, intoOpen, itemId, caretAtStart }) {
    let editor = intoOpen && picker?.editor?.isConnected ? picker.editor : findEditor();
    if (!editor && !intoOpen) {
      await openComposer();
      editor = await waitForEditor();
    }
    let detail = 'no editor';
    if (editor) {
      for (const name of config.strategies) {
        if (!intoOpen) editor = findEditor() ?? editor;
        focusEditor(editor);
        const before = readEditor(editor);
        const handled = STRATEGIES[name](editor, text, html);
        // Let the editor finish its own handling first: Quill 1.3.7 moves focus into its hidden
        // clipboard container for a moment even after a paste it ignores, and re-focusing during
        // that moment leaves the caret at the start of the text.
        await nextFrame();
        await sleep(30);
        if (!handled) continue;
        const current = editor.isConnected ? editor : findEditor() ?? editor;
        if (await verify(text, current)) {
          current.focus();
          if (caretAtStart) caretToStart(current);
          lastInserted = { itemId, text };
          return { ok: true, method: name };
        }
        detail = `${name} did not verify`;
        // Something changed but not into our text: stacking another attempt would double it.
        if (readEditor(current) !== before) break;
      }
    }
    if (await copyToClipboard(text)) {
      editor?.focus();
      lastInserted = { itemId, text };
      showToast('copied');
      return { ok: false, copied: true, detail };
    }
    if (intoOpen) return { ok: false, detail };
    setTimeout(() => location.assign(shareUrl), 50);
    return { ok: false, openedShareUrl: true, detail };
  }

  // ---- Composer picker ---------------------------------------------------------------------

  /** Keeps a small "Company suggestions" frame beside the composer the employee is using. It
   * is only ever created, never focused: typing in the composer goes on undisturbed. */
  function syncPicker() {
    if (picker && (!picker.editor.isConnected || !isVisible(picker.editor))) removePicker();
    let editor;
    if (composerPending) {
      editor = activeEditor();
      // A composer dialog is open but its editor is not there yet (sites mount the dialog
      // first): keep looking on the next ticks.
      composerPending = !editor && openComposers().length > 0;
    } else {
      editor = picker?.editor ?? focusedEditor();
    }
    if (!editor) return;
    if (picker && picker.editor === editor) return positionPicker();
    removePicker();
    const iframe = createFrame('picker', {}, api.i18n.getMessage('frameTitlePicker'));
    iframe.setAttribute(MARK, 'picker');
    iframe.style.cssText =
      'position:fixed;z-index:2147483645;width:240px;height:0;border:0;background:transparent;color-scheme:normal;';
    const token = tokenOf(iframe);
    picker = { iframe, editor, token };
    // Only while a picker is shown: a scroll listener runs on every scrolled frame.
    addEventListener('scroll', positionPicker, { passive: true, capture: true });
    document.body.append(iframe);
    positionPicker();
    loadFrame(iframe);
  }

  /** Beside a composer dialog on the right when there is room, else just below it. An editor
   * that sits in the page (X's inline box) gets it right-aligned just under its text, where
   * the row below ("Everyone can reply") leaves room: never over the text being typed. */
  function positionPicker() {
    if (!picker) return;
    const dialog = picker.editor.closest(config.composer.join(','));
    const width = picker.iframe.offsetWidth;
    const height = picker.iframe.offsetHeight;
    let left;
    let top;
    if (dialog) {
      const box = dialog.getBoundingClientRect();
      const roomRight = innerWidth - box.right >= width + 16;
      left = roomRight ? box.right + 8 : box.left;
      top = roomRight ? box.top : box.bottom + 8;
    } else {
      const box = picker.editor.getBoundingClientRect();
      left = box.right - width;
      top = box.bottom + 4;
    }
    left = Math.max(8, Math.min(left, innerWidth - width - 8));
    top = Math.max(8, Math.min(top, innerHeight - height - 8));
    picker.iframe.style.left = `${Math.round(left)}px`;
    picker.iframe.style.top = `${Math.round(top)}px`;
  }

  // ---- Messages from the extension ---------------------------------------------------------

  api.runtime.onMessage.addListener((msg, sender, sendResponse) => {
    if (sender.id !== api.runtime.id || !msg || typeof msg.type !== 'string') return false;
    switch (msg.type) {
      case 'frameSize': {
        const iframe = frames.get(msg.token);
        if (iframe && iframe !== panelFrame) iframe.style.height = `${Math.max(0, Math.ceil(msg.height))}px`;
        if (iframe && iframe === picker?.iframe) {
          iframe.style.width = `${Math.ceil(msg.width)}px`;
          positionPicker();
        }
        return false;
      }
      case 'frameEmpty': {
        const iframe = forgetFrame(msg.token);
        const wrapper = iframe?.closest(`[${MARK}="card"]`);
        if (wrapper) dropCard(wrapper);
        else iframe?.remove();
        return false;
      }
      case 'closePanel': {
        const iframe = frames.get(msg.token);
        if (iframe && iframe === panelFrame) closePanel();
        else forgetFrame(msg.token)?.remove();
        return false;
      }
      case 'prefill':
        prefill(msg).then(sendResponse, (e) => sendResponse({ ok: false, detail: String(e) }));
        return true;
      default:
        return false;
    }
  });

  // ---- Watching the page -------------------------------------------------------------------

  function watchTheme() {
    const check = () => {
      const anchor = findFirst(config.feedList, { visible: false }) ?? document.body;
      const bg = backgroundOf(anchor);
      if (bg !== pageBackground) {
        const first = pageBackground === '';
        pageBackground = bg;
        if (!first) send({ type: 'theme', bg }).catch(() => {});
      }
    };
    check();
    const mo = new MutationObserver(check);
    mo.observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'style', 'data-theme'] });
    if (document.body) mo.observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });
    matchMedia('(prefers-color-scheme: dark)').addEventListener('change', check);
  }

  async function refreshConfig() {
    try {
      const reply = await send({ type: 'config', site });
      if (!reply || reply.error) return false;
      config = reply.config;
      cardCount = reply.cards;
      state = { enabled: reply.enabled, paused: reply.paused, placement: reply.placement, notices: reply.notices };
      if (reply.pending) {
        // A share started from the toolbar popup, for this tab.
        prefill(reply.pending).catch(() => {});
      }
      return true;
    } catch {
      return false; // extension reloaded or worker unavailable: stay out of the page's way
    }
  }

  function tick() {
    if (!state.enabled) {
      // The employee switched this network off: leave the page exactly as the site made it.
      removeAll();
      return;
    }
    // Cards live inside the feed's list, so they leave with it when the site navigates away;
    // on X the compose modal opens over the timeline (/compose/post) and they stay.
    ensureLauncher();
    placeCards();
    releaseIdle();
    if (state.paused) removePicker();
    else syncPicker();
    syncNotice();
  }

  function removePicker() {
    if (!picker) return;
    removeEventListener('scroll', positionPicker, { capture: true });
    forgetFrame(picker.token)?.remove();
    picker = null;
  }

  function removeAll() {
    cardCount = 0;
    placeCards();
    removePicker();
    if (panelFrame) closePanel();
    launcher?.host.remove();
    launcher = null;
    noticeFrame?.remove();
    noticeFrame = null;
  }

  /** A banner frame while the employee has retraction notices for this site. */
  function syncNotice() {
    const existing = noticeFrame?.isConnected ? noticeFrame : null;
    if (state.notices === 0) {
      existing?.remove();
      return;
    }
    if (existing) return;
    const profile = findFirst(config.profileLink ?? [], { visible: false });
    const iframe = createFrame('notice', { p: profile?.getAttribute('href') ?? '' }, api.i18n.getMessage('frameTitleNotice'));
    iframe.setAttribute(MARK, 'notice');
    iframe.style.cssText =
      'position:fixed;top:64px;left:50%;transform:translateX(-50%);width:min(560px,calc(100vw - 32px));height:0;' +
      'border:0;z-index:2147483646;background:transparent;color-scheme:normal;';
    document.body.append(iframe);
    noticeFrame = iframe;
    loadFrame(iframe);
  }

  /** One debounced observer for the whole page; mutations inside our own elements are ignored. */
  function observe() {
    let scheduled = false;
    const schedule = () => {
      if (scheduled) return;
      scheduled = true;
      setTimeout(() => {
        scheduled = false;
        tick();
      }, 120);
    };
    new MutationObserver((mutations) => {
      if (config.postKey && onFeedPage()) {
        for (const m of mutations) if (m.addedNodes.length) recordPosts(m.addedNodes);
      }
      let ours = true;
      for (const m of mutations) {
        const target = m.target.nodeType === 1 ? m.target : m.target.parentElement;
        if (target?.closest(MARK_SELECTOR)) continue;
        ours = false;
        // Only then is the whole document searched for an open composer on the next tick:
        // on a long feed that search costs milliseconds after every batch of posts (#7).
        if (!composerPending) composerPending = [...m.addedNodes].some(touchesComposer);
      }
      if (!ours) schedule();
    }).observe(document.body, { childList: true, subtree: true });
    const lookAgain = () => {
      composerPending = true;
      schedule();
    };
    addEventListener('popstate', lookAgain);
    // The site's own Post button: if the composer still holds our text, the employee shared
    // the suggestion (recorded locally, for their own statistics). Advocate never clicks it.
    document.addEventListener('click', (e) => {
      if (!lastInserted || !config.postButton.some((s) => e.target.closest?.(s))) return;
      const editor = activeEditor() ?? picker?.editor ?? findEditor();
      if (!editor) return;
      send({ type: 'posted', site, itemId: lastInserted.itemId, inserted: lastInserted.text, editorText: readEditor(editor) }).catch(() => {});
      lastInserted = null;
    }, true);
    // Focus moving into an editor (X's inline box) opens no dialog, so watch focus too.
    document.addEventListener('focusin', lookAgain, true);
    // Focus back in the page from a card's frame (fires on the window, not as focusin).
    addEventListener('focus', schedule);
    addEventListener('resize', () => positionPicker());
  }

  async function start(siteName) {
    site = siteName;
    if (!(await refreshConfig())) return;
    watchTheme();
    tick();
    observe();
    // A new feed, a hidden item or new settings: re-count the cards and fill any new slots.
    // New settings, a new feed, a hidden item: apply them to this open tab at once.
    api.storage.onChanged.addListener(async (changes, area) => {
      if ((area === 'local' && ('feed' in changes || 'state' in changes)) || area === 'sync' || area === 'managed') {
        if (await refreshConfig()) tick();
      }
    });
  }

  return { start };
})();
