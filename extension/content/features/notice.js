// Feature: a banner frame while the employee has retraction notices for this site (a post
// they shared was withdrawn by the company).
'use strict';

advocate.feature('notice', (ctx) => {
  const { MARK, frames, api } = ctx;
  let banner = null;

  function sync() {
    const existing = banner?.isConnected ? banner : null;
    if (ctx.state.notices === 0) {
      if (existing) {
        frames.forget(frames.tokenOf(existing));
        existing.remove();
      }
      banner = null;
      return;
    }
    if (existing) return;
    // X: the profile link the site shows (`/handle`), for "your posts"; the frame checks it.
    const profile = ctx.find.first(ctx.config.profileLink, { visible: false })?.el;
    const iframe = frames.create('notice', { p: profile?.getAttribute('href') ?? '' }, api.i18n.getMessage('frameTitleNotice'));
    iframe.setAttribute(MARK, 'notice');
    iframe.style.cssText =
      'position:fixed;top:64px;left:50%;transform:translateX(-50%);width:min(560px,calc(100vw - 32px));height:0;' +
      'border:0;z-index:2147483646;background:transparent;color-scheme:normal;';
    document.body.append(iframe);
    banner = iframe;
    frames.load(iframe);
  }

  ctx.on('tick', sync);
  ctx.on('config', sync);
  ctx.cleanup(() => {
    if (banner) frames.forget(frames.tokenOf(banner));
    banner?.remove();
    banner = null;
  });
});
