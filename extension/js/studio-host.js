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
  };
})();
