// Thin adapter for the feed studio: file dialogs, downloads, WebCrypto. Nothing here decides.
'use strict';
(() => {
  const download = (name, text, mime) => {
    const url = URL.createObjectURL(new Blob([text], { type: mime }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    return 'download';
  };

  globalThis.advocateStudio = {
    // The File System Access API where the browser has it (Chromium), a download otherwise.
    // null: the admin cancelled the dialog.
    async saveText(name, text, mime) {
      if (typeof globalThis.showSaveFilePicker !== 'function') return download(name, text, mime);
      try {
        const handle = await globalThis.showSaveFilePicker({ suggestedName: name });
        const w = await handle.createWritable();
        await w.write(new Blob([text], { type: mime }));
        await w.close();
        return 'picker';
      } catch (e) {
        if (e && e.name === 'AbortError') return null;
        throw String(e && e.message || e);
      }
    },
    async fileBytes(file) {
      return new Uint8Array(await file.arrayBuffer());
    },
    async signEd25519(pkcs8, message) {
      let key;
      try {
        key = await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, false, ['sign']);
      } catch (e) {
        throw e && e.name === 'NotSupportedError' ? 'unsupported' : String(e && e.message || e);
      }
      return new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, key, message));
    },
    timeZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
    // "Check my host": one GET as the extension makes it (CORS, no cookies, the browser's
    // cache bypassed so that a 304 comes through as it is). When it fails, a no-cors request
    // tells "answers, but without CORS headers" (an opaque answer) from "no answer".
    async probe(url, etag) {
      const ctl = new AbortController();
      const timer = setTimeout(() => ctl.abort(), 30_000);
      try {
        const r = await fetch(url, {
          credentials: 'omit', cache: 'no-store', signal: ctl.signal,
          headers: etag ? { 'If-None-Match': etag } : {},
        });
        const body = new Uint8Array(await r.arrayBuffer());
        return { status: r.status, url: r.url, headers: [...r.headers], body };
      } catch (e) {
        if (ctl.signal.aborted) return { failure: 'timeout' };
        try {
          await fetch(url, { mode: 'no-cors', credentials: 'omit', cache: 'no-store' });
          return { failure: 'cors' };
        } catch {
          return { failure: 'network', detail: String((e && e.message) || e) };
        }
      } finally {
        clearTimeout(timer);
      }
    },
  };
})();
