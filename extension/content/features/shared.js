// Feature: shared detection. When the employee clicks the site's own Post button while the
// composer still holds text Advocate inserted, the share is recorded (locally, for their own
// statistics). Advocate never clicks Post.
'use strict';

advocate.feature('shared', (ctx) => {
  const { find } = ctx;
  let last = null; // { itemId, text }: what went into the composer last

  ctx.provide('shared', {
    inserted(itemId, text) {
      last = { itemId, text };
    },
  });

  /** The Post button `target` belongs to, with the editor whose text it would post. */
  function postOf(target) {
    for (const c of find.composers()) {
      const button = find.postButton(c.el);
      if (button?.el.contains(target)) return { editor: find.editorIn(c.el)?.el };
    }
    // X's inline box has its Post button outside any composer.
    for (const css of ctx.config.postButton) {
      if (target.closest?.(css)) return { editor: find.focusedEditor() ?? find.editor()?.el ?? ctx.use('picker')?.editor() };
    }
    return null;
  }

  document.addEventListener('click', (e) => {
    // Only the employee's own clicks count: a page can dispatch a click event itself.
    if (!last || !e.isTrusted) return;
    // Inside a shadow root the event is retargeted to its host; the path starts at the button.
    const target = e.composedPath()[0];
    if (!(target instanceof Element)) return;
    const post = postOf(target);
    if (!post?.editor) return;
    const readEditor = ctx.use('prefill')?.readEditor;
    if (!readEditor) return;
    ctx.send({ type: 'posted', site: ctx.site, itemId: last.itemId, inserted: last.text, editorText: readEditor(post.editor) }).catch(() => {});
    last = null;
  }, { capture: true, signal: ctx.signal });
});
