// Feature: a small "Company suggestions" frame beside the composer the employee is using. It is
// only ever created, never focused: typing in the composer goes on undisturbed.
'use strict';

advocate.feature('picker', (ctx) => {
  const { MARK, frames, find, api } = ctx;
  let picker = null; // { iframe, editor, token }
  // A composer may have opened since the last look (page changes that touch one, focus and
  // navigation): the next tick searches for its editor. Searching every open composer after
  // every batch of page changes would cost milliseconds on a long feed.
  let pending = true;

  const composerSelector = () => ctx.config.composer.join(',');

  /** Whether added `node` may be (part of) a composer: it is one, holds one, or sits in one. */
  function touchesComposer(node) {
    if (node.nodeType !== 1) return false;
    try {
      return node.closest(composerSelector()) !== null || node.querySelector(composerSelector()) !== null;
    } catch {
      return true;
    }
  }

  function remove() {
    if (!picker) return;
    removeEventListener('scroll', position, { capture: true });
    frames.forget(picker.token)?.remove();
    picker = null;
  }

  /** Beside a composer dialog on the right when there is room, else just below it. An editor
   * that sits in the page (X's inline box) gets it right-aligned just under its text, where
   * the row below ("Everyone can reply") leaves room: never over the text being typed. */
  function position() {
    if (!picker) return;
    const composer = find.composers().find((c) => c.el.contains(picker.editor) || c.el === picker.editor.getRootNode().host);
    const dialog = composer && !composer.el.matches('main') ? composer.el : null;
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

  function sync() {
    if (ctx.state.paused) return remove();
    if (picker && (!picker.editor.isConnected || !find.isVisible(picker.editor))) remove();
    let editor;
    if (pending) {
      const hit = find.editor();
      editor = hit?.el ?? find.focusedEditor();
      if (hit) ctx.emit('composer', hit);
      // A composer is open but its editor is not there yet (sites mount the dialog first):
      // keep looking on the next ticks.
      pending = !editor && find.composers().length > 0;
    } else {
      editor = picker?.editor ?? find.focusedEditor();
    }
    if (!editor) return;
    if (picker && picker.editor === editor) return position();
    remove();
    const iframe = frames.create('picker', {}, api.i18n.getMessage('frameTitlePicker'));
    iframe.setAttribute(MARK, 'picker');
    iframe.dataset.advocateSize = 'content';
    iframe.style.cssText =
      'position:fixed;z-index:2147483645;width:240px;height:0;border:0;background:transparent;color-scheme:normal;';
    picker = { iframe, editor, token: frames.tokenOf(iframe) };
    // Only while a picker is shown: a scroll listener runs on every scrolled frame.
    addEventListener('scroll', position, { passive: true, capture: true });
    // Inside a modal composer (the page outside a modal <dialog> is inert), else the body.
    frames.floatingParent().append(iframe);
    position();
    frames.load(iframe);
  }

  ctx.provide('picker', { editor: () => (picker?.editor?.isConnected ? picker.editor : null) });
  ctx.on('mutations', (records) => {
    if (pending) return;
    for (const m of records) {
      // Inside a shadow root the site renders into, or a dialog opening: look again.
      if (m.type === 'attributes' || m.target.getRootNode() !== document || [...m.addedNodes].some(touchesComposer)) {
        pending = true;
        return;
      }
    }
  });
  const lookAgain = () => {
    pending = true;
  };
  ctx.on('navigate', lookAgain);
  document.addEventListener('focusin', lookAgain, { capture: true, signal: ctx.signal });
  addEventListener('resize', position, { signal: ctx.signal });
  ctx.on('frameSize', ({ iframe }) => {
    if (iframe === picker?.iframe) position();
  });
  ctx.on('tick', sync);
  ctx.cleanup(remove);
});
