// Thin adapter between the wasm module and the browser's extension APIs. The wasm side calls
// these through `globalThis.advocateHost`; nothing here decides anything.
'use strict';
(() => {
  // Firefox has `browser` (promise-based); Chrome's `chrome` is promise-based in MV3 too.
  const api = globalThis.browser ?? globalThis.chrome;

  // IndexedDB holds the feed text (content-addressed by hash): for a large feed it is ten
  // times faster than chrome.storage.local (measured: 25 ms vs 265 ms for 7.7 MB) and free of
  // storage.local's 10 MB quota. The small metadata saying which text is current stays in
  // chrome.storage.local.
  let db = null;
  // The open database once `db` resolved. A transaction on it starts synchronously: the sync
  // starts writing a new feed and then parses it in the same task, and a write queued behind
  // a promise would only begin after the parse (measured: +30 ms per 7.7 MB feed, #7).
  let open = null;
  const openDb = () => {
    db ??= new Promise((resolve, reject) => {
      const req = indexedDB.open('advocate', 1);
      req.onupgradeneeded = () => req.result.createObjectStore('feeds');
      req.onsuccess = () => {
        open = req.result;
        // Another version elsewhere wants the database: let go, reopen on next use.
        open.onversionchange = () => { open.close(); open = null; db = null; };
        resolve(open);
      };
      req.onerror = () => { db = null; reject(req.error); };
    });
    return db;
  };
  const run = (d, mode, fn, commit) => new Promise((resolve, reject) => {
    const t = d.transaction('feeds', mode);
    const result = fn(t.objectStore('feeds'));
    if (commit) t.commit();
    t.oncomplete = () => resolve(result.result);
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error);
  });
  const tx = (mode, fn, commit = false) => (open ? run(open, mode, fn, commit) : openDb().then((d) => run(d, mode, fn, commit)));

  globalThis.advocateHost = {
    // The background opens the feed store while wasm compiles, so that the first write of a
    // feed need not wait for it.
    feedStoreOpen: () => { openDb().catch(() => {}); },
    // `text` is a Blob (the fetch assembles one while the body arrives) or bytes: a view
    // into wasm memory, which moves when it grows, so copied now, before anything
    // asynchronous happens. Stored as a Blob: put() of a 7.7 MB ArrayBuffer held the
    // worker's thread for 25 ms in Chromium, a Blob 7 ms, its bytes written off-thread (#7).
    // commit() right away lets the browser write it while wasm validates the same text
    // (auto-commit would wait for the task to end: +10–20 ms per 7.7 MB feed, #7); the
    // metadata only points at it after validation, and a refused text is removed again.
    feedPut: (key, text) => {
      const blob = text instanceof Blob ? text : new Blob([text]);
      return tx('readwrite', (s) => s.put(blob, key), true).then(() => undefined);
    },
    // Versions before #7 stored an ArrayBuffer; an updated extension still reads it.
    feedGet: (key) => tx('readonly', (s) => s.get(key))
      .then(async (b) => (b instanceof Blob ? new Uint8Array(await b.arrayBuffer()) : b ? new Uint8Array(b) : undefined)),
    // Removes every stored text but the current one (older feeds, or one that was refused).
    feedKeep: (key) => tx('readwrite', (s) => {
      const req = s.openCursor();
      req.onsuccess = () => {
        const c = req.result;
        if (!c) return;
        if (c.key !== key) c.delete();
        c.continue();
      };
      return req;
    }).then(() => undefined),
    storageGet: (area, keys) => api.storage[area].get(keys),
    storageSet: (area, items) => api.storage[area].set(items),
    storageRemove: (area, keys) => api.storage[area].remove(keys),
    // Without a policy, Chrome resolves to {} but Firefox rejects: both mean "no policy".
    managedGet: () => api.storage.managed.get().catch(() => ({})),
    sendMessage: (msg) => api.runtime.sendMessage(msg),
    tabsSendMessage: (tabId, msg, frameId) => api.tabs.sendMessage(tabId, msg, { frameId }),
    getURL: (path) => api.runtime.getURL(path),
    message: (key, subs) => api.i18n.getMessage(key, subs) || key,
    uiLanguage: () => api.i18n.getUILanguage(),
    alarmCreate: (name, info) => api.alarms.create(name, info),
    openOptions: () => api.runtime.openOptionsPage(),
    openTab: (url) => api.tabs.create({ url }),
    tabNavigate: (tabId, url) => api.tabs.update(tabId, { url }),
    activeTab: () => api.tabs.query({ active: true, currentWindow: true })
      .then(([t]) => (t ? { id: t.id, url: t.url ?? '', lastAccessed: t.lastAccessed ?? 0 } : null)),
    siteTabs: () => api.tabs.query({ url: ['https://www.linkedin.com/*', 'https://x.com/*', 'https://twitter.com/*'] })
      .then((tabs) => tabs.map((t) => ({ id: t.id, url: t.url ?? '', lastAccessed: t.lastAccessed ?? 0 }))),
    extensionVersion: () => api.runtime.getManifest().version,
    onMessage: (cb) => api.runtime.onMessage.addListener((msg, sender) => {
      if (sender.id === api.runtime.id) cb(msg);
    }),
    onStorageChanged: (cb) => api.storage.onChanged.addListener((changes, area) => cb(area, Object.keys(changes))),
    randomId: () => crypto.randomUUID(),
    // Ed25519 in WebCrypto (Chrome 137+, Firefox 129+): the wasm module stays free of crypto code.
    verifyEd25519: async (key, signature, data) => {
      const k = await crypto.subtle.importKey('raw', key, { name: 'Ed25519' }, false, ['verify']);
      return crypto.subtle.verify({ name: 'Ed25519' }, k, signature, data);
    },
    // Must be called inside the click that asks for it (browsers require a user gesture).
    permissionsRequest: (origins) => api.permissions.request({ origins }),
    permissionsContains: (origins) => api.permissions.contains({ origins }),
  };
})();
