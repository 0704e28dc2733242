// Background entry (Chrome: module service worker; Firefox: module event page). Listeners are
// registered synchronously at top level, as MV3 requires, and wait for wasm before forwarding.
import './js/host.js';
import init, { bg_alarm, bg_event, bg_message, bg_storage_changed } from './pkg/advocate_web.js';

const api = globalThis.browser ?? globalThis.chrome;
performance.mark('advocate:worker-start'); // with the marks below: a cold worker's boot, for the benchmarks
// No top-level await in a service worker: keep the promise and chain on it.
const ready = init({ module_or_path: new URL('./pkg/advocate_web_bg.wasm', import.meta.url) })
  .then((r) => { performance.mark('advocate:worker-wasm-ready'); return r; });
globalThis.advocateHost.feedStoreOpen();

api.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  if (sender.id !== api.runtime.id) return false;
  ready
    .then(() => bg_message(msg, sender))
    .then(sendResponse, (err) => sendResponse({ error: String(err && err.message ? err.message : err) }));
  return true; // the answer comes asynchronously
});
api.runtime.onInstalled.addListener(() => { ready.then(() => bg_event('installed')); });
api.runtime.onStartup.addListener(() => { ready.then(() => bg_event('startup')); });
api.alarms.onAlarm.addListener((alarm) => { ready.then(() => bg_alarm(alarm.name)); });
api.storage.onChanged.addListener((changes, area) => {
  ready.then(() => bg_storage_changed(area, Object.keys(changes)));
});
