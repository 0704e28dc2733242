// Launching Debian's Chromium with the built extension, plus helpers to talk to it the way its
// own pages do. Never downloads a browser.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, expect } from '@playwright/test';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '../..');
export const DIST_CHROME = path.join(ROOT, 'dist/chrome');
export const DIST_FIREFOX = path.join(ROOT, 'dist/firefox');
export const ARTIFACTS = path.join(ROOT, 'tests/artifacts');
/** Fixed by the manifest's `key`, so policies can target it. */
export const EXTENSION_ID = 'kalnpaafhdbpkljnnehiapepacfojkhl';

const POLICY_DIR = '/etc/chromium/policies/managed';
const POLICY_FILE = path.join(POLICY_DIR, 'advocate-test.json');
/** packages.spec.mjs's own (ExtensionInstallForcelist), beside the one the other specs write. */
export const SELFHOSTED_POLICY_FILE = path.join(POLICY_DIR, 'advocate-selfhosted-test.json');
// Firefox on Linux reads enterprise policies from here (as well as distribution/ in its
// installation directory).
export const FIREFOX_POLICY_DIR = '/etc/firefox/policies';
export const FIREFOX_POLICY_FILE = path.join(FIREFOX_POLICY_DIR, 'policies.json');

/** Sets the extension's managed storage through a real Chromium policy file (read at start). */
export function setPolicy(values) {
  fs.mkdirSync(POLICY_DIR, { recursive: true });
  const policy = { '3rdparty': { extensions: { [EXTENSION_ID]: values } } };
  fs.writeFileSync(POLICY_FILE, JSON.stringify(policy, null, 2));
}

export function clearPolicy() {
  fs.rmSync(POLICY_FILE, { force: true });
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches Chromium with dist/chrome loaded. Returns the context, the extension's service
 * worker, the errors the worker logged, and helpers. `env` adds variables to the browser's
 * environment (e.g. `{ TZ: 'Europe/Berlin' }`: the whole browser then runs in that zone, as on
 * a computer set to it).
 */
export async function launch({ lang = 'en-US', colorScheme = 'light', extension = DIST_CHROME, debugPort, args: extra = [], env } = {}) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'advocate-profile-'));
  const args = [...CHROMIUM_ARGS, `--lang=${lang}`, ...extra];
  // A DevTools port, to terminate the service worker like the browser does when it is idle.
  if (debugPort) args.push(`--remote-debugging-port=${debugPort}`);
  if (extension) args.push(`--disable-extensions-except=${extension}`, `--load-extension=${extension}`);
  let context = null;
  // Closes the browser and removes its profile folder, once, however often it is called.
  let closing = null;
  const close = () => (closing ??= (async () => {
    try {
      await context?.close();
    } finally {
      fs.rmSync(userDataDir, { recursive: true, force: true });
    }
  })());
  const workerErrors = [];
  let worker = null;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      locale: lang,
      colorScheme,
      viewport: { width: 1280, height: 900 },
      args,
      ...(env ? { env: { ...process.env, ...env } } : {}),
    });
    if (extension) {
      worker = context.serviceWorkers().find((w) => w.url().includes(EXTENSION_ID))
        ?? (await context.waitForEvent('serviceworker', { predicate: (w) => w.url().includes(EXTENSION_ID) }));
      const watch = (w) => w.on('console', (m) => {
        if (m.type() === 'error') workerErrors.push(m.text());
      });
      watch(worker);
      context.on('serviceworker', watch);
    }
  } catch (e) {
    // A browser that started but never showed its worker is not handed out: close it here.
    await close().catch(() => {});
    throw e;
  }
  let helperPage = null;
  const ext = {
    context,
    worker,
    workerErrors,
    /** A page of the extension (popup.html) to call extension APIs from. */
    async page() {
      if (!helperPage || helperPage.isClosed()) {
        helperPage = await context.newPage();
        await helperPage.goto(`chrome-extension://${EXTENSION_ID}/popup.html`);
      }
      return helperPage;
    },
    /** Closes the extension page `page()` opened, if any. It shares its renderer process with
     * the card frames: while popup.html stays open with a feed's suggestions in it, a card
     * frame's step from `src` to its first script took 780–1,280 ms instead of 87–97
     * (measured 2026-12-07, issue #18), so measurements close it first. */
    async closePage() {
      if (helperPage && !helperPage.isClosed()) await helperPage.close();
      helperPage = null;
    },
    /** Sends a runtime message as the extension's own pages do. */
    async message(msg) {
      const p = await ext.page();
      return p.evaluate((m) => chrome.runtime.sendMessage(m), msg);
    },
    async storage(area = 'local') {
      const p = await ext.page();
      return p.evaluate((a) => chrome.storage[a].get(null), area);
    },
    /** The stored feed's text (IndexedDB, keyed by the hash in storage.local's `feed`). */
    async feedText() {
      const p = await ext.page();
      return p.evaluate(async () => {
        const { feed } = await chrome.storage.local.get('feed');
        if (!feed) return null;
        const db = await new Promise((resolve, reject) => {
          const req = indexedDB.open('advocate', 1);
          req.onupgradeneeded = () => req.result.createObjectStore('feeds');
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        const bytes = await new Promise((resolve) => {
          const q = db.transaction('feeds').objectStore('feeds').get(feed.hash);
          q.onsuccess = () => resolve(q.result);
        });
        db.close();
        return bytes ? bytes.text() : null; // a Blob (#7)
      });
    },
    async setStorage(area, items) {
      const p = await ext.page();
      return p.evaluate(([a, i]) => chrome.storage[a].set(i), [area, items]);
    },
    /** Waits until the worker has a good feed (from `url`, if given). */
    async waitForFeed(url) {
      await expect
        .poll(async () => {
          const s = await ext.storage();
          return Boolean(s.feed && (!url || s.feed.url === url));
        }, { timeout: 20_000 })
        .toBe(true);
    },
    /** Terminates the extension's service worker (needs `debugPort`). */
    async killWorker() {
      const list = await (await fetch(`http://127.0.0.1:${debugPort}/json/list`)).json();
      const target = list.find((t) => t.type === 'service_worker' && t.url.includes(EXTENSION_ID));
      if (target) await fetch(`http://127.0.0.1:${debugPort}/json/close/${target.id}`);
      return Boolean(target);
    },
    /** Closes the browser and removes its profile folder; safe to call more than once. */
    close,
  };
  return ext;
}

/**
 * Saves a screenshot under tests/artifacts/ (git-ignored). For an element, the page is
 * captured around it (with a margin), because element screenshots of out-of-process extension
 * frames can come out blank before the frame has painted.
 */
export async function artifact(target, name, { margin = 16 } = {}) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name);
  if (typeof target.goto === 'function') {
    await target.screenshot({ path: file });
    return;
  }
  const page = target.page();
  await target.scrollIntoViewIfNeeded();
  await page.waitForTimeout(500);
  const box = await target.boundingBox();
  const scroll = await page.evaluate(() => ({ x: scrollX, y: scrollY }));
  await page.screenshot({
    path: file,
    fullPage: true,
    clip: {
      x: Math.max(0, box.x + scroll.x - margin),
      y: Math.max(0, box.y + scroll.y - margin),
      width: box.width + 2 * margin,
      height: box.height + 2 * margin,
    },
  });
}

/** Reads a feed fixture from tests/feeds/. */
export function feedFile(name) {
  return fs.readFileSync(path.join(ROOT, 'tests/feeds', name), 'utf8');
}

/** A bar chart for feed images (served on https://img.beispiel.de/ by route interception). */
export const CHART_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1200 500" width="1200" height="500">
<rect width="1200" height="500" fill="#e8f0fa"/><g fill="#0a66c2">
<rect x="150" y="300" width="150" height="150"/><rect x="400" y="230" width="150" height="220"/>
<rect x="650" y="170" width="150" height="280"/><rect x="900" y="90" width="150" height="360"/></g>
<text x="600" y="70" font-family="sans-serif" font-size="44" text-anchor="middle" fill="#1d2226">Q1 – Q4 2026</text></svg>`;
