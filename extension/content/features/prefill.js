// Feature: puts a caption into the site's own composer. The background sends `prefill` with
// the final text; this opens the composer (or uses the open one), inserts with the site's
// strategies, and reads the editor back to verify. It reports what happened; the background
// decides what comes next (the site's share URL, or the clipboard: `copyText`). It never posts.
'use strict';

advocate.feature('prefill', (ctx) => {
  const { find } = ctx;
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  // After the page's next rendering; in a tab that renders nothing (in the background), 100 ms.
  const nextFrame = () => new Promise((r) => {
    const late = setTimeout(r, 100);
    requestAnimationFrame(() => {
      clearTimeout(late);
      setTimeout(r, 0);
    });
  });
  // A click on the site's "start a post" control opened nothing on this page (LinkedIn's
  // newest launcher ignores script clicks): go to the share URL at once next time.
  let clickOpensNothing = false;

  // While a Share waits for the site's composer or editor: looks again after every batch of
  // page changes (the document's and the shadow roots' the base watches).
  let waiting = null;
  ctx.on('mutations', () => waiting?.());

  /** `fn()`'s first truthy value, looked for after every batch of page changes and every frame
   * (issue #18: once per frame alone found an editor one or two frames late, 17-60 ms, on a
   * page busy mounting it); `fn()`'s last value after `ms`. */
  function waitFor(fn, ms) {
    return new Promise((resolve) => {
      const deadline = performance.now() + ms;
      let finished = false;
      const look = () => {
        if (finished) return;
        const v = fn();
        if (!v && performance.now() < deadline && !ctx.signal.aborted) return;
        finished = true;
        if (waiting === look) waiting = null;
        resolve(v);
      };
      waiting = look;
      (async () => {
        while (!finished) {
          look();
          if (!finished) await nextFrame();
        }
      })();
    });
  }

  /** Waits until an editor exists in an open composer. Returns it and when it appeared. */
  async function waitForEditor() {
    const el = await waitFor(() => find.editor()?.el, ctx.config.editorTimeoutMs);
    return el ? { el, since: performance.now() } : null;
  }

  const isTextField = (el) => el instanceof HTMLTextAreaElement || el instanceof HTMLInputElement;

  /** Reads the editor's text one block per line (Quill <p>, Draft.js blocks, ProseMirror <p>),
   * so that line structure can be compared with what was inserted. */
  function readEditor(root) {
    if (isTextField(root)) return root.value;
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
    if (isTextField(el)) {
      el.focus();
      return;
    }
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
    if (isTextField(el)) {
      el.setSelectionRange(0, 0);
      return;
    }
    const sel = selectionOf(el);
    if (!sel) return;
    const range = document.createRange();
    range.selectNodeContents(el);
    range.collapse(true);
    sel.removeAllRanges();
    sel.addRange(range);
  }

  /** Strategy "paste": a synthetic paste event into a contenteditable. Returns whether an
   * editor handled it (cancelled the event). */
  function paste(el, text, html) {
    if (isTextField(el)) return false;
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
    return !el.dispatchEvent(event);
  }

  /** Strategy "insertText": execCommand line by line into a contenteditable (Firefox drops
   * "\n" in insertText). Never configured for Draft.js (X), where it breaks React's view of
   * the DOM. */
  function insertText(el, text) {
    if (isTextField(el)) return false;
    text.split('\n').forEach((line, i) => {
      if (i > 0) document.execCommand('insertParagraph');
      if (line) document.execCommand('insertText', false, line);
    });
    return true;
  }

  /** Strategy "setValue": a React-controlled textarea (X at mobile width) takes text through
   * the native value setter and an `input` event; the employee's text stays in front. */
  function setValue(el, text) {
    if (!isTextField(el)) return false;
    const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
    if (!setter) return false;
    const before = el.value;
    const start = el.selectionStart ?? before.length;
    const end = el.selectionEnd ?? before.length;
    setter.call(el, before.slice(0, start) + text + before.slice(end));
    el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste', data: text }));
    return true;
  }

  const STRATEGIES = { paste, insertText, setValue };

  async function verify(expected, el) {
    return Boolean(await ctx.send({ type: 'verify', expected, actual: readEditor(el) }));
  }

  /** Clicks the site's "start a post" control and waits for a composer. False when there is
   * none to click or nothing opened. */
  async function openComposer() {
    const layout = find.layout()?.layout;
    // Known from an earlier share in this browser session: the page's launcher ignores a
    // script's click here (LinkedIn's newest composer), so straight to the share URL.
    if (clickOpensNothing || ctx.state.clickOpensNothing?.includes(layout?.name)) return false;
    const open = layout?.open ?? 'click';
    if (open !== 'click') return false;
    const trigger = find.shareTrigger();
    if (!trigger) return false;
    trigger.el.click();
    const composer = await waitFor(() => find.composers()[0], ctx.config.composerOpenMs);
    if (!composer) clickOpensNothing = true;
    return Boolean(composer);
  }

  /** Opens the composer (or uses the open one) and inserts `text`, verified by reading the
   * editor back. After the share URL (`viaShareUrl`) the site opens its composer itself and may
   * already hold the text. */
  async function prefill({ text, html, intoOpen, itemId, caretAtStart, viaShareUrl }) {
    const picker = ctx.use('picker');
    let editor = intoOpen ? picker?.editor() ?? find.editor()?.el : find.editor()?.el;
    let since = null; // when the composer this share opened got its editor
    if (!editor && !intoOpen && (viaShareUrl || (await openComposer()))) {
      const found = await waitForEditor();
      editor = found?.el ?? null;
      since = found?.since ?? null;
    }
    if (!intoOpen) report();
    if (!editor) {
      const layout = find.layout()?.layout.name;
      return { ok: false, detail: intoOpen ? 'no editor' : 'no composer', clickOpensNothing: clickOpensNothing && Boolean(layout), layout };
    }
    const result = await insertInto(editor, { text, html, intoOpen });
    if (!result.ok) return result;
    done(result.editor, itemId, text, caretAtStart);
    if (since != null) {
      const kept = await keep(result.editor, since, { text, html, itemId, caretAtStart });
      if (kept) return kept;
    }
    return { ok: true, method: result.method };
  }

  /** Inserts `text` with the site's strategies, in order, until one verifies. Returns the editor
   * that holds it (the site may have replaced the one it started with). */
  async function insertInto(editor, { text, html, intoOpen }) {
    if (!intoOpen && readEditor(editor).trim() !== '' && (await verify(text, editor))) {
      // The site filled it in from the share URL (or it is there from a moment ago).
      return { ok: true, method: 'already', editor };
    }
    let detail = 'no strategy fits the editor';
    for (const name of ctx.config.strategies) {
      if (!intoOpen) editor = find.editor()?.el ?? editor;
      focusEditor(editor);
      const before = readEditor(editor);
      const handled = STRATEGIES[name](editor, text, html);
      // Let the editor finish its own handling first: Quill 1.3.7 moves focus into its hidden
      // clipboard container for a moment even after a paste it ignores, and re-focusing during
      // that moment leaves the caret at the start of the text.
      await nextFrame();
      await sleep(30);
      if (!handled) continue;
      const current = editor.isConnected ? editor : find.editor()?.el ?? editor;
      if (await verify(text, current)) return { ok: true, method: name, editor: current };
      detail = `${name} did not verify`;
      // Something changed but not into our text: stacking another attempt would double it.
      if (readEditor(current) !== before) break;
    }
    return { ok: false, detail };
  }

  /** Whether the caret is collapsed before the editor's first character. */
  function caretIsAtStart(el) {
    if (isTextField(el)) return el.selectionStart === 0 && el.selectionEnd === 0;
    const sel = selectionOf(el);
    if (!sel || sel.rangeCount === 0 || !sel.isCollapsed || !el.contains(sel.anchorNode)) return false;
    const before = document.createRange();
    before.selectNodeContents(el);
    before.setEnd(sel.anchorNode, sel.anchorOffset);
    return before.toString() === '';
  }

  /** The caption went in as soon as the site's editor appeared (issue #18: waiting for it to
   * stay the same element for `editorSettleMs` first was most of a Share's time). For the rest
   * of that time the site may still swap the editor for another (LinkedIn's share page did),
   * empty it, or move the caret (Tiptap focuses the end one frame after mounting; X's composer
   * focuses itself): the caption goes in again, and the caret back to the start. It stops as
   * soon as the employee types or clicks, so it never moves their caret. Returns a failure to
   * report, or null when all is well. */
  async function keep(editor, since, { text, html, itemId, caretAtStart }) {
    const acting = new AbortController();
    let employeeActed = false;
    for (const type of ['keydown', 'pointerdown', 'mousedown']) {
      document.addEventListener(type, (e) => {
        if (e.isTrusted) employeeActed = true;
      }, { capture: true, signal: acting.signal });
    }
    try {
      while (performance.now() - since < ctx.config.editorSettleMs && !ctx.signal.aborted) {
        await nextFrame();
        if (employeeActed) return null;
        const current = find.editor()?.el;
        // Replaced, or emptied by the site's own start-up (its initial content set after ours).
        const lost = current && (current !== editor || readEditor(current).trim() === '');
        if (lost) {
          const result = await insertInto(current, { text, html, intoOpen: false });
          if (!result.ok) return result;
          editor = result.editor;
          if (employeeActed) return null;
          done(editor, itemId, text, caretAtStart);
        } else if (caretAtStart && current === editor && !caretIsAtStart(editor)) {
          editor.focus();
          caretToStart(editor);
        }
      }
      return null;
    } finally {
      acting.abort();
    }
  }

  /** Tells the page check what the composer looked like. */
  function report() {
    const hit = find.editor();
    const composer = hit?.composer ?? find.composers()[0];
    if (composer) ctx.emit('composer', { ...hit, composer, index: hit?.index ?? null });
  }

  function done(editor, itemId, text, caretAtStart) {
    editor.focus();
    if (caretAtStart) caretToStart(editor);
    ctx.use('shared')?.inserted(itemId, text);
  }

  async function copyToClipboard(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Fall back to a selection copy; the page briefly sees a textarea with the text the
      // employee is about to post publicly anyway.
      const area = document.createElement('textarea');
      area.setAttribute(ctx.MARK, 'clipboard');
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

  /** The text could not be put into the composer: it goes to the clipboard, with a visible
   * "press Ctrl+V" hint, and the editor (if any) gets focus for the paste. */
  async function copyText({ text, itemId }) {
    if (!(await copyToClipboard(text))) return { copied: false };
    const editor = find.editor()?.el ?? ctx.use('picker')?.editor();
    editor?.focus();
    ctx.use('shared')?.inserted(itemId, text);
    ctx.use('toast')?.show('copied');
    return { copied: true };
  }

  ctx.provide('prefill', { readEditor });
  ctx.handle('prefill', prefill);
  ctx.handle('copyText', copyText);
  ctx.on('navigate', () => {
    clickOpensNothing = false;
  });
});
