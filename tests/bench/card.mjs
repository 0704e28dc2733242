// What an employee feels (issue #18): a card's way from its anchor post to paint, step by step,
// with the worker warm and with it stopped; the first card after a fresh install; the worker's
// first answer after it was stopped; and Share → the caption verified in the composer's editor.
// Times are epoch milliseconds (performance.timeOrigin + now) taken in each context (page,
// card frame, worker), so they line up on one clock.
import { launch, setPolicy, clearPolicy, EXTENSION_ID } from '../harness/extension.mjs';
import { serveFixtures } from '../harness/fixtures.mjs';
import { q4Text } from '../harness/shared.mjs';
import { median, round, sleep, until } from './lib.mjs';

const IMAGE_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1200 628" width="1200" height="628"><rect width="1200" height="628" fill="#e8f0fa"/></svg>';
export const LINKEDIN_FEED = 'https://www.linkedin.com/feed/';
export const X_HOME = 'https://x.com/home';

/** Main-world probe: when the 3rd post is in the DOM, when the first card's frame starts
 * loading, and when it is visible (offsetHeight > 0, polled every animation frame). */
function cardProbe() {
  const b = { anchorAt: null, frameAt: null, visibleAt: null };
  window.__cardProbe = b;
  const posts = 'div[data-lazy-mount-id]:has([componentkey^="expanded"], [id^="expanded"]), div[data-finite-scroll-hotkey-item], [data-testid="cellInnerDiv"]:has(article[data-testid="tweet"])';
  const now = () => performance.timeOrigin + performance.now();
  const card = () => document.querySelector('[data-advocate-slot="0"] iframe');
  const mo = new MutationObserver(() => {
    if (b.anchorAt == null && document.querySelectorAll(posts).length >= 3) b.anchorAt = now();
    if (b.frameAt == null && card()?.getAttribute('src')) b.frameAt = now();
  });
  mo.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['src'] });
  const poll = () => {
    const f = card();
    if (f && f.offsetHeight > 0) {
      b.visibleAt = now();
      mo.disconnect();
      return;
    }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
}

/** The User Timing marks of a context, as epoch ms. */
const marksIn = (target) => target.evaluate(() => Object.fromEntries(
  performance.getEntriesByType('mark').map((m) => [m.name, performance.timeOrigin + m.startTime]),
)).catch(() => ({}));

/** The live service worker of the extension (Chrome restarts it after it was stopped). */
const workerOf = (ext) => ext.context.serviceWorkers().find((w) => w.url().includes(EXTENSION_ID));

/** Prepares a browser's context: fixtures and the feed's images. */
export async function prepare(context, fixture = {}) {
  await serveFixtures(context, fixture);
  await context.route('https://img.beispiel.de/**', (r) => r.fulfill({ contentType: 'image/svg+xml', body: IMAGE_SVG }));
}

/** One page load: the card's steps from anchor to paint (ms), and the raw times. */
export async function cardRun(ext, url = LINKEDIN_FEED) {
  const page = await ext.context.newPage();
  await page.addInitScript(cardProbe);
  const navigated = Date.now();
  await page.goto(url, { waitUntil: 'commit' });
  const p = await until(() => page.evaluate(() => (window.__cardProbe?.visibleAt ? { ...window.__cardProbe, timeOrigin: performance.timeOrigin } : null)),
    { what: 'the first card to be visible', timeout: 30_000, interval: 50 });
  const frame = page.frames().find((f) => /kind=card/.test(f.url()) && /slot=0/.test(f.url()));
  const fm = frame ? await marksIn(frame) : {};
  const worker = workerOf(ext);
  const wm = worker ? await marksIn(worker) : {};
  await page.close();
  const d = (a, b) => (a != null && b != null ? round(b - a, 1) : null);
  return {
    navigated,
    timeOrigin: p.timeOrigin,
    total: d(p.anchorAt, p.visibleAt),
    fromNavigation: d(p.timeOrigin, p.visibleAt),
    steps: {
      anchor_to_frame: d(p.anchorAt, p.frameAt),
      frame_to_script: d(p.frameAt, fm['advocate:frame-start']),
      wasm_compile_instantiate: d(fm['advocate:frame-start'], fm['advocate:wasm-ready']),
      script_to_request: d(fm['advocate:wasm-ready'], fm['advocate:card-request']),
      request_to_worker: d(fm['advocate:card-request'], wm['advocate:card-in']),
      worker_feed_and_settings: d(wm['advocate:card-in'], wm['advocate:card-loaded']),
      worker_card: d(wm['advocate:card-loaded'], wm['advocate:card-out']),
      worker_to_reply: d(wm['advocate:card-out'], fm['advocate:card-reply']),
      render: d(fm['advocate:card-reply'], fm['advocate:card-rendered']),
      rendered_to_visible: d(fm['advocate:card-rendered'], p.visibleAt),
    },
    frameBoot: d(fm['advocate:frame-start'], fm['advocate:wasm-ready']),
    answer: d(fm['advocate:card-request'], fm['advocate:card-reply']),
    workerBoot: d(wm['advocate:worker-start'], wm['advocate:worker-wasm-ready']),
  };
}

/** Median of each step over runs. */
export function medianSteps(runs) {
  const keys = Object.keys(runs[0]?.steps ?? {});
  return Object.fromEntries(keys.map((k) => [k, round(median(runs.map((r) => r.steps[k])), 1)]));
}

/** Stops the extension's service worker (as Chrome does after 30 s idle) and waits until it
 * is gone: CDP `ServiceWorker.stopAllWorkers` from a blank tab's session, so the browser needs
 * no remote debugging port. */
export async function stopWorker(ext) {
  const page = await ext.context.newPage();
  try {
    const cdp = await ext.context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
  } finally {
    await page.close();
  }
  await until(() => !workerOf(ext), { what: 'the worker to stop', timeout: 10_000, interval: 50 }).catch(() => {});
  await sleep(300);
}

/** A browser with `feedUrl` set by the employee's setting and the feed stored. */
export async function browserWithFeed(url) {
  const ext = await launch();
  await ext.setStorage('sync', { settings: { feedUrl: url } });
  await ext.waitForFeed(url);
  await ext.closePage(); // see closePage: an open popup.html slows every card frame
  await prepare(ext.context);
  return ext;
}

/** Fresh profile, the extension just installed, its feed set by policy: from the page's
 * navigation to the first card, on LinkedIn and on X. */
export async function installRun(feedUrl, pageUrl) {
  setPolicy({ feedUrl });
  const ext = await launch();
  try {
    await prepare(ext.context);
    return await cardRun(ext, pageUrl);
  } finally {
    await ext.close().catch(() => {});
    clearPolicy();
  }
}

/** Main-world probe for Share: when the composer's editor first holds `expected` (through the
 * fixture's model), also on the page the share URL opens. */
function shareProbe({ expected, which }) {
  const norm = (s) => (s ?? '').replace(/\u00a0/g, ' ').replace(/\s+$/, '');
  const b = { textAt: null };
  window.__shareProbe = b;
  const poll = () => {
    const text = window.__fixture?.editorText?.(which);
    if (text != null && norm(text) === norm(expected)) {
      b.textAt = Date.now();
      return;
    }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
}

/** One Share: click in the card → the caption in the editor's model. `fixtureMs` is the site's
 * own part (its composer's open and editor-mount delays, or on the share page: from the page's
 * start to its editor), `overheadMs` the rest. */
export async function shareRun(ext, { url, network, which, label }) {
  const page = await ext.context.newPage();
  await page.addInitScript(shareProbe, { expected: q4Text(network), which });
  await page.goto(url);
  const cardFrame = page.frameLocator('[data-advocate-slot="0"] iframe');
  const button = cardFrame.getByRole('button', { name: label });
  await button.waitFor({ timeout: 30_000 });
  await sleep(300);
  const loadsBefore = await page.evaluate(() => window.__fixture.loads());
  // The click's own time, taken in the card frame: Playwright's actionability checks before it
  // dispatches are not something an employee waits for.
  const frame = page.frames().find((f) => /kind=card/.test(f.url()) && /slot=0/.test(f.url()));
  const clicked = frame.evaluate(() => new Promise((resolve) => {
    addEventListener('click', () => resolve(Date.now()), { capture: true, once: true });
  }));
  await button.click();
  const t0 = await clicked;
  const r = await until(() => page.evaluate(() => (window.__shareProbe?.textAt
    ? { textAt: window.__shareProbe.textAt, t: { ...window.__fixtureTimings }, timeOrigin: performance.timeOrigin, loads: window.__fixture.loads() }
    : null)).catch(() => null), { what: 'the caption in the editor', timeout: 30_000, interval: 50 });
  await page.close();
  const viaShareUrl = r.loads > loadsBefore;
  const fixtureMs = viaShareUrl ? r.t.editorReadyAt - r.timeOrigin : r.t.editorReadyAt - r.t.composerRequestedAt;
  const total = r.textAt - t0;
  // Our part in two pieces: before the site is asked for its composer (card → worker → page,
  // or the share page's navigation), and after its editor is there (finding it settled,
  // inserting, reading back).
  const askedAt = viaShareUrl ? r.timeOrigin : r.t.composerRequestedAt;
  const steps = { click_to_composer_request: round(askedAt - t0, 1), editor_to_text: round(r.textAt - r.t.editorReadyAt, 1) };
  return { total, fixtureMs, overheadMs: total - fixtureMs, viaShareUrl, steps };
}
