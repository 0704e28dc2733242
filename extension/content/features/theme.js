// Feature: tells the extension's frames the page's background colour, so they can match
// LinkedIn's or X's light and dark themes (the colour decision is made in Rust, in the frames).
'use strict';

advocate.feature('theme', (ctx) => {
  /** The page's effective background colour. */
  function backgroundOf(el) {
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const bg = getComputedStyle(node).backgroundColor;
      if (bg && !/rgba\(.*,\s*0\)$/.test(bg) && bg !== 'transparent') return bg;
    }
    return getComputedStyle(document.documentElement).backgroundColor;
  }

  const check = () => {
    const anchor = ctx.find.first(ctx.config.feedList, { visible: false })?.el ?? document.body;
    const bg = backgroundOf(anchor);
    if (bg === ctx.pageBackground) return;
    const first = ctx.pageBackground === '';
    ctx.pageBackground = bg;
    // Frames created from now on get it in their address; open ones are told.
    if (!first) ctx.send({ type: 'theme', bg }).catch(() => {});
  };
  check();
  const mo = new MutationObserver(check);
  mo.observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'style', 'data-theme'] });
  mo.observe(document.body, { attributes: true, attributeFilter: ['class', 'style', 'data-color-scheme'] });
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', check, { signal: ctx.signal });
  // The features start at DOMContentLoaded (issue #18), when a stylesheet may still be on its
  // way: look again when one arrives (`load` does not bubble, but is seen while capturing).
  document.addEventListener('load', (e) => {
    if (e.target instanceof HTMLLinkElement) check();
  }, { capture: true, signal: ctx.signal });
  addEventListener('load', check, { once: true, signal: ctx.signal });
  ctx.cleanup(() => mo.disconnect());
});
