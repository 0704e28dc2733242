// Feature: a short message frame at the top of the page ("the text is on your clipboard,
// press Ctrl+V"), for the other features to show.
'use strict';

advocate.feature('toast', (ctx) => {
  const { MARK, frames, api } = ctx;
  let current = null;

  function remove() {
    if (!current) return;
    frames.forget(frames.tokenOf(current));
    current.remove();
    current = null;
  }

  ctx.provide('toast', {
    /** Shows the message with key `message` (the frame words it). */
    show(message) {
      remove();
      const iframe = frames.create('toast', { m: message }, api.i18n.getMessage('frameTitleToast'));
      iframe.setAttribute(MARK, 'toast');
      iframe.style.cssText =
        'position:fixed;top:72px;left:50%;transform:translateX(-50%);width:min(480px,calc(100vw - 32px));height:0;' +
        'border:0;z-index:2147483647;background:transparent;color-scheme:normal;';
      // Inside a modal composer when one is open: outside it the page is inert.
      frames.floatingParent().append(iframe);
      frames.load(iframe);
      current = iframe;
    },
  });
  ctx.cleanup(remove);
});
