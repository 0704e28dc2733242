// Feature: the "Suggestions" launcher button (bottom right, on every page of the site) and the
// panel frame it opens with every active suggestion. It needs nothing from the page, so it
// works even where the feed or the composer cannot be found.
'use strict';

advocate.feature('launcher', (ctx) => {
  const { MARK, frames, api } = ctx;
  let launcher = null; // { host, button }
  let panel = null; // the panel's iframe while open

  // Static styles for the launcher button (no feed data), in its shadow root so the page's
  // styles cannot reach it and no web-accessible stylesheet is needed.
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

  function icon() {
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

  function ensure() {
    if (launcher?.host.isConnected) return;
    const host = document.createElement('div');
    host.setAttribute(MARK, 'launcher');
    // Closed: the page can neither restyle the button nor reach into it.
    const root = host.attachShadow({ mode: 'closed' });
    const style = document.createElement('style');
    style.textContent = LAUNCHER_CSS;
    const button = document.createElement('button');
    button.type = 'button';
    button.setAttribute('aria-expanded', 'false');
    button.setAttribute('aria-haspopup', 'dialog');
    button.title = api.i18n.getMessage('launcherLabel');
    const label = document.createElement('span');
    label.textContent = api.i18n.getMessage('launcherShort');
    button.append(icon(), label);
    button.addEventListener('click', (e) => {
      // The employee's own click or key press only, never one the page dispatches.
      if (!e.isTrusted) return;
      if (panel) close();
      else open();
    });
    root.append(style, button);
    document.body.append(host);
    launcher = { host, button };
  }

  function open() {
    if (panel) return;
    const iframe = frames.create('panel', {}, api.i18n.getMessage('frameTitlePanel'));
    iframe.setAttribute(MARK, 'panel');
    iframe.dataset.advocateSize = 'fixed';
    iframe.style.cssText =
      'position:fixed;right:16px;bottom:128px;width:min(420px,calc(100vw - 32px));height:min(680px,calc(100vh - 160px));' +
      'border:0;border-radius:12px;box-shadow:0 8px 32px rgba(0,0,0,.28);z-index:2147483646;background:transparent;color-scheme:normal;';
    document.body.append(iframe);
    frames.load(iframe);
    iframe.focus();
    panel = iframe;
    launcher?.button.setAttribute('aria-expanded', 'true');
  }

  function close() {
    if (!panel) return;
    frames.forget(frames.tokenOf(panel));
    panel.remove();
    panel = null;
    launcher?.button.setAttribute('aria-expanded', 'false');
    launcher?.button.focus();
  }

  ctx.handle('closePanel', ({ token }) => {
    const iframe = frames.get(token);
    if (iframe && iframe === panel) close();
    else frames.forget(token)?.remove();
    return true;
  });
  ctx.on('tick', ensure);
  ctx.cleanup(() => {
    if (panel) {
      frames.forget(frames.tokenOf(panel));
      panel.remove();
      panel = null;
    }
    launcher?.host.remove();
    launcher = null;
  });
});
