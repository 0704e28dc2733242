// Trust: every sync fault keeps the last good feed, says why in words and leaves the page
// working; signed feeds; hostile feed content stays inert text. Real HTTP servers on 127.0.0.1,
// the built extension in Debian's Chromium.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { launcher } from './harness/launcher.mjs';
import { test as base, expect } from './harness/test.mjs';
import { feedFile, artifact, ROOT, EXTENSION_ID } from './harness/extension.mjs';
import { serveFixtures } from './harness/fixtures.mjs';
import { card, panel, picker } from './harness/shared.mjs';

const GOOD = feedFile('e2e.json');
const hostile = (name) => fs.readFileSync(path.join(ROOT, 'tests/feeds/hostile', name), 'utf8');

const test = base.extend({
  /** A good feed synced first (`{ server, ext, good }`); the test then injects a fault and syncs. */
  // (The worker's errors are checked where a test asks: expectGoodFeedKept.)
  goodFeed: async ({ synced }, use) => {
    const { server, ext } = await synced({ body: GOOD, allowWorkerErrors: true });
    const good = (await ext.storage()).feed;
    await use({ server, ext, good });
  },
});

/** A LinkedIn tab showing the good feed's card, with the panel open; its status line. */
async function panelOnLinkedIn(ext) {
  await serveFixtures(ext.context, {});
  const page = await ext.context.newPage();
  await page.goto('https://www.linkedin.com/feed/');
  await expect(card(page).locator('.adv-title')).toHaveText('Our Q4 report');
  await launcher(page).click();
  return { page, line: panel(page).locator('.adv-panel-status') };
}

/** The last good feed is still stored and still shown on LinkedIn, and the status says why. */
async function expectGoodFeedKept(ext, good, status, key) {
  expect(status.failure?.key, JSON.stringify(status.failure)).toBe(key);
  expect((await ext.storage()).feed).toEqual(good);
  const { page, line } = await panelOnLinkedIn(ext);
  await expect(line).toContainText('You still see the suggestions from');
  const text = await line.textContent();
  await page.close();
  expect(ext.workerErrors, 'no uncaught error in the worker').toEqual([]);
  return text;
}

const faults = [
  ['HTTP 500', (s) => s.setMode('status', { status: 500 }), 'syncErrorHttp', 'HTTP 500'],
  ['HTTP 404', (s) => s.setMode('status', { status: 404 }), 'syncErrorHttp', 'HTTP 404'],
  ['HTML instead of JSON', (s) => s.setMode('garbage', { body: '<!doctype html><title>Sign in</title><form>…', contentType: 'text/html' }), 'syncErrorNotAFeed', 'a web page instead of the feed'],
  ['truncated JSON', (s) => s.setMode('garbage', { body: GOOD.slice(0, GOOD.length / 2) }), 'syncErrorInvalid', 'contains an error'],
  ['deeply nested JSON', (s) => s.setMode('garbage', { body: `${'['.repeat(100_000)}${']'.repeat(100_000)}` }), 'syncErrorInvalid', 'nested too deeply'],
  ['schema-invalid JSON', (s) => s.setMode('garbage', { body: GOOD.replace('"title"', '"titel"') }), 'syncErrorInvalid', 'unknown field "titel" (did you mean "title"?)'],
  ['a feed version from the future', (s) => s.setMode('garbage', { body: GOOD.replace('"version": 1', '"version": 7') }), 'syncErrorNewerVersion', 'needs a newer version of Advocate'],
  ['every item expired', (s) => s.setMode('garbage', {
    body: JSON.stringify({
      version: 1,
      organization: { name: 'B' },
      items: [{ id: 'old', url: 'https://b.de/', title: { en: 'Old' }, expires_at: '2020-01-01T00:00:00Z', captions: [{ lang: 'en', text: 'x' }] }],
    }),
  }), 'syncErrorAllExpired', 'already expired'],
  ['a body cut off mid-transfer', (s) => s.setMode('truncate'), null, null],
];

for (const [name, inject, key, words] of faults) {
  test(`fault: ${name} keeps the last good feed and says why`, async ({ goodFeed }) => {
    const { server, ext, good } = goodFeed;
    if (name === 'a body cut off mid-transfer') server.setFile('/feed.json', GOOD.replace('Our Q4 report', 'Changed'));
    inject(server);
    const status = await ext.message({ type: 'syncNow' });
    // A connection dropped mid-body surfaces as a network error or as cut-off JSON.
    const expected = key ?? (status.failure?.key === 'syncErrorNetwork' ? 'syncErrorNetwork' : 'syncErrorInvalid');
    const line = await expectGoodFeedKept(ext, good, status, expected);
    if (words) expect(line).toContain(words);
    expect(status.retryAt).toBeGreaterThan(Date.now());
  });
}

test('fault: 429 with Retry-After is honoured, and "Sync now" still tries at once', async ({ goodFeed }) => {
  const { server, ext, good } = goodFeed;
  server.setMode('status', { status: 429, headers: { 'Retry-After': '3600' } });
  const before = server.gets().length;
  const status = await ext.message({ type: 'syncNow' });
  const line = await expectGoodFeedKept(ext, good, status, 'syncErrorRateLimited');
  expect(line).toContain('wait about 60 minutes');
  expect(status.retryAt - Date.now()).toBeGreaterThan(3_590_000);
  const p = await ext.page();
  const alarm = await p.evaluate(() => chrome.alarms.get('retry'));
  expect(alarm.scheduledTime).toBeGreaterThan(Date.now() + 3_590_000);
  // Manual sync ignores the back-off.
  await ext.message({ type: 'syncNow' });
  expect(server.gets().length).toBe(before + 2);
});

test('fault: failures back off exponentially with jitter', async ({ goodFeed }) => {
  const { server, ext } = goodFeed;
  server.setMode('status', { status: 503 });
  const delays = [];
  for (let i = 0; i < 4; i += 1) {
    const s = await ext.message({ type: 'syncNow' });
    delays.push(s.retryAt - s.failureAt);
  }
  // 1, 2, 4, 8 minutes, each ±20 %.
  delays.forEach((d, i) => {
    const base = 60_000 * 2 ** i;
    expect(d).toBeGreaterThanOrEqual(base * 0.8);
    expect(d).toBeLessThanOrEqual(base * 1.2);
  });
  const stored = await ext.storage();
  expect(stored.syncStatus.failures).toBe(4);
  server.setMode('ok');
  const ok = await ext.message({ type: 'syncNow' });
  expect(ok.failure).toBeNull();
  expect((await ext.storage()).syncStatus.failures).toBe(0);
});

test('fault: a redirect to another origin is refused', async ({ feedServer, goodFeed }) => {
  const other = await feedServer({ '/feed.json': GOOD.replace('Our Q4 report', 'Hijacked') });
  const { server, ext, good } = goodFeed;
  server.setMode('redirect', { location: other.url() });
  const status = await ext.message({ type: 'syncNow' });
  const line = await expectGoodFeedKept(ext, good, status, 'syncErrorRedirect');
  expect(line).toContain('forwards to another website');
});

test('fault: connection refused', async ({ goodFeed }) => {
  const { ext, good } = goodFeed;
  // The employee switches to an address where nothing listens.
  await ext.setStorage('sync', { settings: { feedUrl: 'http://127.0.0.1:9/feed.json' } });
  const status = await ext.message({ type: 'syncNow' });
  const line = await expectGoodFeedKept(ext, good, status, 'syncErrorNetwork');
  expect(line).toContain('could not be reached');
});

test('fault: a server that hangs is cut off after a bounded time', async ({ goodFeed }) => {
  test.setTimeout(90_000);
  const { server, ext, good } = goodFeed;
  server.setMode('hang');
  const started = Date.now();
  const status = await ext.message({ type: 'syncNow' });
  const took = Date.now() - started;
  expect(took).toBeGreaterThanOrEqual(19_000);
  expect(took).toBeLessThan(40_000);
  const line = await expectGoodFeedKept(ext, good, status, 'syncErrorTimeout');
  expect(line).toContain('did not answer within 20 seconds');
});

test('fault: a body over the size limit is not read to the end', async ({ goodFeed }) => {
  const { server, ext, good } = goodFeed;
  server.setMode('huge', { bytes: 200 * 1024 * 1024 });
  const status = await ext.message({ type: 'syncNow' });
  await expectGoodFeedKept(ext, good, status, 'syncErrorTooLarge');
  const get = server.gets().at(-1);
  await expect.poll(() => get.bodyBytesSent ?? 0).toBeGreaterThan(0);
  // The client stopped at the 8 MiB limit; the server got to send little more than that.
  expect(get.bodyBytesSent).toBeLessThan(40 * 1024 * 1024);
});

test('a large feed (10,000 items, 7.7 MB) is accepted and stored whole', async ({ goodFeed }) => {
  test.setTimeout(120_000);
  const big = execFileSync('node', [path.join(ROOT, 'tests/bench/generate-feed.mjs'), '10000'], { maxBuffer: 64 << 20 }).toString();
  const { server, ext } = goodFeed;
  server.setFile('/feed.json', big);
  const status = await ext.message({ type: 'syncNow' });
  expect(status.failure).toBeNull();
  expect(status.items).toBeGreaterThan(9_000);
  // The text went to IndexedDB in full (the worker's memory grew while it parsed).
  expect((await ext.feedText()).length).toBe(big.length);
  expect(ext.workerErrors).toEqual([]);
});

test('a UTF-8 byte order mark is accepted (Windows editors add one)', async ({ goodFeed }) => {
  const { server, ext } = goodFeed;
  server.setFile('/feed.json', `\uFEFF${GOOD.replace('Our Q4 report', 'Our Q4 report (BOM)')}`);
  const status = await ext.message({ type: 'syncNow' });
  expect(status.failure).toBeNull();
  await serveFixtures(ext.context, {});
  const page = await ext.context.newPage();
  await page.goto('https://www.linkedin.com/feed/');
  await expect(card(page).locator('.adv-title')).toHaveText('Our Q4 report (BOM)');
});

test('a worker killed mid-sync leaves the old feed or the new one, never a mix', async ({ synced }) => {
  test.setTimeout(120_000);
  const { server, ext } = await synced({ body: GOOD, debugPort: 9000 + Math.floor(Math.random() * 900), allowWorkerErrors: true });
  const versions = [GOOD];
  const outcomes = { old: 0, new: 0 };
  for (let i = 0; i < 8; i += 1) {
    const next = GOOD.replace('Our Q4 report', `Our Q4 report, version ${i + 2}`);
    versions.push(next);
    server.setFile('/feed.json', next);
    server.setMode('slow', { ms: 800 });
    const before = await ext.feedText();
    const page = await ext.page();
    await page.evaluate(() => { chrome.runtime.sendMessage({ type: 'syncNow' }).catch(() => {}); });
    // Kill at a different moment each round: before, during and after the body arrives.
    await page.waitForTimeout(150 * i);
    expect(await ext.killWorker()).toBe(true);
    server.setMode('ok');
    // Any message starts a fresh worker, which reads what storage holds.
    await expect.poll(async () => (await ext.message({ type: 'status' }).catch(() => null)) !== null).toBe(true);
    const stored = await ext.storage();
    const text = await ext.feedText();
    expect([before, next]).toContain(text);
    expect(JSON.parse(text)).toBeTruthy();
    if (text === next) {
      outcomes.new += 1;
      expect(stored.syncStatus.lastSuccess).toBeGreaterThanOrEqual(stored.feed.fetchedAt);
    } else {
      outcomes.old += 1;
    }
  }
  console.log(`killed mid-sync 8 times: old feed kept ${outcomes.old}×, new feed complete ${outcomes.new}×`);
});

// ---- Signatures ---------------------------------------------------------------------------

function keypair() {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const sign = (data) => crypto.sign(null, Buffer.from(data), privateKey).toString('base64');
  /** A format-2 `.sig` (docs/signed-feeds.md), as `advocate sign [--url]` writes it. */
  const envelope = (feed, at, url) => {
    const header = `advocate-signature v2\nsigned-at: ${at.toISOString()}\n${url ? `url: ${url}\n` : ''}`;
    const signature = sign(Buffer.concat([Buffer.from(`${header}\n`), Buffer.from(feed)]));
    return `${header}signature: ${signature}\n`;
  };
  return { pub: raw.toString('base64'), sign, envelope };
}

test('a feed text stored by an earlier version (an ArrayBuffer) is still read after an update', async ({ synced }) => {
  const { server, ext } = await synced({ body: GOOD, debugPort: 9000 + Math.floor(Math.random() * 900), allowWorkerErrors: true });
  const titles = (popup) => popup.items.map((i) => [i.itemId, i.title]);
  const before = titles(await ext.message({ type: 'popup' }));
  expect(before.length).toBeGreaterThan(0);
  // Builds before #7 stored the bytes themselves; put them back that way, under the same key.
  const page = await ext.page();
  const stored = await page.evaluate(async () => {
    const { feed } = await chrome.storage.local.get('feed');
    const db = await new Promise((resolve, reject) => {
      const req = indexedDB.open('advocate', 1);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const inTx = (mode, fn) => new Promise((resolve, reject) => {
      const t = db.transaction('feeds', mode);
      const req = fn(t.objectStore('feeds'));
      t.oncomplete = () => resolve(req.result);
      t.onerror = () => reject(t.error);
    });
    const blob = await inTx('readonly', (s) => s.get(feed.hash));
    const bytes = await blob.arrayBuffer();
    await inTx('readwrite', (s) => s.put(bytes, feed.hash));
    const kind = Object.prototype.toString.call(await inTx('readonly', (s) => s.get(feed.hash)));
    db.close();
    return { blob: blob instanceof Blob, kind };
  });
  expect(stored).toEqual({ blob: true, kind: '[object ArrayBuffer]' });
  // No server any more: what the fresh worker shows can only come from the stored text (the
  // feedServer fixture's own close afterwards does nothing more).
  await server.close();
  expect(await ext.killWorker()).toBe(true);
  await expect.poll(async () => {
    const popup = await ext.message({ type: 'popup' }).catch(() => null);
    return popup ? titles(popup) : null;
  }).toEqual(before);
});

test('signed feeds: with a key from policy, unsigned and badly signed feeds are refused', async ({ feedServer, extension, policy }) => {
  const oldKey = keypair();
  const newKey = keypair();
  const server = await feedServer({ '/feed.json': GOOD, '/feed.json.sig': oldKey.sign(GOOD) });
  policy.set({ feedUrl: server.url(), publicKeys: [oldKey.pub] });
  const ext = await extension();
  await ext.waitForFeed(server.url());
  const good = (await ext.storage()).feed;

  // A changed feed with the old signature: refused.
  const forged = GOOD.replace('Our Q4 report', 'Forged');
  server.setFile('/feed.json', forged);
  let status = await ext.message({ type: 'syncNow' });
  expect(status.failure.key).toBe('syncErrorSignature');
  expect(status.failure.detail).toContain('does not match the feed');
  expect((await ext.storage()).feed).toEqual(good);

  // No signature at all: refused.
  server.setFile('/feed.json.sig', '');
  server.setMode('ok');
  status = await ext.message({ type: 'syncNow' });
  expect(status.failure.key).toBe('syncErrorSignature');

  // Garbage signature: refused.
  server.setFile('/feed.json.sig', 'not base64 at all!');
  status = await ext.message({ type: 'syncNow' });
  expect(status.failure.key).toBe('syncErrorSignature');
  expect(status.failure.detail).toContain('not a valid signature');
  expect((await ext.storage()).feed).toEqual(good);

  // Signed with another key: refused.
  server.setFile('/feed.json.sig', newKey.sign(forged));
  status = await ext.message({ type: 'syncNow' });
  expect(status.failure.key).toBe('syncErrorSignature');
  expect((await ext.storage()).feed).toEqual(good);

  // The page says why in words and keeps the good feed.
  const { line } = await panelOnLinkedIn(ext);
  await expect(line).toContainText("The feed's signature is not valid");
  expect(ext.workerErrors).toEqual([]);

  // Rotation: policy lists old and new key; a feed signed with the new key is accepted.
  const rotated = GOOD.replace('Our Q4 report', 'Signed with the new key');
  const server2 = await feedServer({ '/feed.json': rotated, '/feed.json.sig': newKey.sign(rotated) });
  policy.set({ feedUrl: server2.url(), publicKeys: [oldKey.pub, newKey.pub] });
  const ext2 = await extension();
  await ext2.waitForFeed(server2.url());
  expect(await ext2.feedText()).toBe(rotated);
  // A typo'd key never switches verification off.
  policy.set({ feedUrl: server2.url(), publicKeys: ['not-a-key'] });
  const server3 = await feedServer({ '/feed.json': rotated, '/feed.json.sig': newKey.sign(rotated) });
  policy.set({ feedUrl: server3.url(), publicKeys: ['not-a-key'] });
  const ext3 = await extension();
  const page = await ext3.page();
  await expect.poll(() => page.evaluate(() => chrome.runtime.sendMessage({ type: 'status' }).then((s) => s.failure?.key)))
    .toBe('syncErrorSignature');
  expect((await ext3.storage()).feed?.url).not.toBe(server3.url());
});

/** `YYYY-MM-DD hh:mm:ss UTC`, as the status line shows signing times. */
const utc = (d) => `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;

for (const lang of ['en-US', 'de']) {
  test(`signed feeds: an older signed feed served again is refused, the newer one stays (${lang})`, async ({ feedServer, extension, policy }) => {
    test.setTimeout(90_000);
    const key = keypair();
    const v1 = GOOD;
    const v2 = GOOD.replace('Our Q4 report', 'Our corrected Q4 report');
    const t1 = new Date(Date.now() - 2 * 3600_000);
    const t2 = new Date(Date.now() - 3600_000);
    const server = await feedServer({ '/feed.json': v1, '/feed.json.sig': key.envelope(v1, t1) });
    policy.set({ feedUrl: server.url(), publicKeys: [key.pub] });
    const ext = await extension({ lang, debugPort: 9000 + Math.floor(Math.random() * 900) });
    // v1, then v2: both accepted.
    await ext.waitForFeed(server.url());
    expect(await ext.feedText()).toBe(v1);
    server.setFile('/feed.json', v2);
    server.setFile('/feed.json.sig', key.envelope(v2, t2));
    let status = await ext.message({ type: 'syncNow' });
    expect(status.failure).toBeNull();
    expect(await ext.feedText()).toBe(v2);
    const accepted = await ext.storage();
    expect(accepted.signedFeeds.feeds).toEqual([{ url: server.url(), signedAt: t2.getTime(), key: key.pub }]);

    // v1 again, with its own valid signature: refused; v2 stays.
    server.setFile('/feed.json', v1);
    server.setFile('/feed.json.sig', key.envelope(v1, t1));
    status = await ext.message({ type: 'syncNow' });
    expect(status.failure.key).toBe('syncErrorOutdated');
    expect(status.failure.args).toEqual([utc(t1), utc(t2)]);
    expect(await ext.feedText()).toBe(v2);
    expect((await ext.storage()).feed).toEqual(accepted.feed);

    // The record survives the worker: a fresh one refuses the replay too, and v1's
    // old-format signature (no time) as well.
    expect(await ext.killWorker()).toBe(true);
    await expect.poll(async () => (await ext.message({ type: 'status' }).catch(() => null)) !== null).toBe(true);
    server.setFile('/feed.json.sig', key.sign(v1));
    status = await ext.message({ type: 'syncNow' });
    expect(status.failure.key).toBe('syncErrorOutdatedNoTime');
    server.setFile('/feed.json.sig', key.envelope(v1, t1));
    status = await ext.message({ type: 'syncNow' });
    expect(status.failure.key).toBe('syncErrorOutdated');
    expect(await ext.feedText()).toBe(v2);

    // The popup says why, in words.
    const popup = await ext.context.newPage();
    await popup.goto(`chrome-extension://${EXTENSION_ID}/popup.html`);
    const line = popup.locator('.adv-popup-status');
    if (lang === 'de') {
      await expect(line).toContainText(
        `Der Server hat einen älteren Feed geschickt als den bereits verwendeten (signiert ${utc(t1)} statt ${utc(t2)}); er wurde daher nicht übernommen.`,
      );
      await expect(line).toContainText('Sie sehen weiterhin die Vorschläge von');
    } else {
      await expect(line).toContainText(
        `The server sent an older feed than the one already in use (signed ${utc(t1)} instead of ${utc(t2)}), so it was not used.`,
      );
      await expect(line).toContainText('You still see the suggestions from');
    }
    if (lang !== 'de') await expect(popup.locator('.adv-pop-title', { hasText: 'Our corrected Q4 report' })).toHaveCount(1);
    await artifact(popup, `popup-rollback-refused-${lang}.png`);

    // A newer signature of the same feed is taken at once.
    server.setFile('/feed.json', v2);
    server.setFile('/feed.json.sig', key.envelope(v2, new Date()));
    status = await ext.message({ type: 'syncNow' });
    expect(status.failure).toBeNull();
    expect(ext.workerErrors).toEqual([]);
  });
}

test('signed feeds: a signature bound to another address is refused', async ({ feedServer, extension, policy }) => {
  const key = keypair();
  const server = await feedServer({ '/feed.json': GOOD });
  const elsewhere = 'https://feeds.beispiel.de/sales/feed.json';
  server.setFile('/feed.json.sig', key.envelope(GOOD, new Date(), elsewhere));
  policy.set({ feedUrl: server.url(), publicKeys: [key.pub] });
  const ext = await extension();
  const page = await ext.page();
  await expect.poll(() => page.evaluate(() => chrome.runtime.sendMessage({ type: 'status' }).then((s) => s.failure?.key)))
    .toBe('syncErrorSignature');
  const status = await ext.message({ type: 'status' });
  expect(status.failure.detail).toContain(`made for another feed address (${elsewhere})`);
  // Bound to this address: accepted.
  server.setFile('/feed.json.sig', key.envelope(GOOD, new Date(), server.url()));
  expect((await ext.message({ type: 'syncNow' })).failure).toBeNull();
  expect(await ext.feedText()).toBe(GOOD);
});

// ---- Hostile content ----------------------------------------------------------------------

const PAYLOAD_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="200" onload="window.__pwned='svg'">
<script>window.__pwned='svg-script'</script><rect width="600" height="200" fill="#ccc"/></svg>`;

test('hostile markup in every text field is shown as inert text and never runs', async ({ synced }) => {
  const { ext } = await synced({ body: hostile('markup.json') });
  // Show the first caption (the default variant is chosen per install).
  await ext.setStorage('local', { state: { chosen: { payload: 0 } } });
  // The Ember shell: its composer opens in the page, so the card and the picker are both there.
  await serveFixtures(ext.context, { layout: 'ember' });
  await ext.context.route('https://img.beispiel.de/**', (r) => r.fulfill({ contentType: 'image/svg+xml', body: PAYLOAD_SVG }));
  const page = await ext.context.newPage();
  await page.addInitScript(() => { window.__pwned = 0; });
  await page.goto('https://www.linkedin.com/feed/');
  await expect(card(page).locator('.adv-title')).toHaveText(`"><script>window.__pwned='title'</script>`);
  await expect(card(page).locator('.adv-eyebrow')).toHaveText(`Suggested by <img src=x onerror="window.__pwned='org'">Evil & Co`);
  await expect(card(page).locator('.adv-summary')).toHaveText(`<svg onload="window.__pwned='summary'"></svg><b>bold?</b>`);
  await expect(card(page).locator('.adv-caption-text')).toContainText(`<img src=x onerror="window.__pwned='caption'">`);
  await expect(card(page).locator('.adv-caption-text')).toContainText('{not a placeholder} & &amp;');
  // Open the panel and the picker too, then share (the text goes into Quill as text).
  await launcher(page).click();
  await expect(panel(page).locator('.adv-title').first()).toHaveText(`"><script>window.__pwned='title'</script>`);
  await page.keyboard.press('Escape');
  await card(page).getByRole('button', { name: 'Share on LinkedIn' }).click();
  await expect.poll(() => page.evaluate(() => window.__fixture.editorText()), { timeout: 15_000 })
    .toContain(`<img src=x onerror="window.__pwned='caption'">`);
  await picker(page).getByRole('button', { name: 'Company suggestions' }).click();
  await expect(picker(page).locator('.adv-picker-option').first()).toContainText('<script>');
  await page.waitForTimeout(500);

  // The canary: nothing ran, in the page or in any extension frame.
  expect(await page.evaluate(() => window.__pwned)).toBe(0);
  // The card and the picker are open now (the panel was checked above and closed).
  const extFrames = page.frames().filter((f) => f.url().startsWith('chrome-extension://'));
  expect(extFrames.map((f) => new URL(f.url()).hash.match(/kind=(\w+)/)[1]).sort()).toEqual(['card', 'picker']);
  for (const f of extFrames) {
    const report = await f.evaluate(() => ({
      pwned: window.__pwned,
      // frame.html's own two scripts are the only ones allowed, and both are files of ours.
      active: [...document.querySelectorAll('script:not([src$="js/host.js"]):not([src$="js/frame.js"]), iframe, svg, object, embed, form, b')].length,
      handlers: [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((a) => a.name)).filter((n) => n.startsWith('on')),
      links: [...document.querySelectorAll('body [href], body [src]')].map((el) => el.getAttribute('href') ?? el.getAttribute('src')),
    }));
    // addInitScript planted the canary (0) in the extension frames as well.
    expect(report.pwned).toBe(0);
    expect(report.active).toBe(0);
    expect(report.handlers).toEqual([]);
    for (const link of report.links) expect(link).toMatch(/^https:\/\//);
  }
  // The editor holds text, not elements made from the feed's markup.
  expect(await page.evaluate(() => window.__fixture.editorElement.querySelectorAll('img, script, svg, iframe, a').length)).toBe(0);
  expect(ext.workerErrors).toEqual([]);
});

for (const [file, words] of [
  ['javascript-url.json', 'must start with https://'],
  ['data-image.json', 'must start with https://'],
  ['http-image.json', 'must start with https://'],
  ['bidi-override.json', 'invisible direction control U+202E'],
  ['zero-width-flood.json', 'invisible zero-width characters'],
  ['huge-caption', 'the limit is 3000'],
]) {
  test(`hostile feed refused: ${file}`, async ({ goodFeed }) => {
    const { server, ext, good } = goodFeed;
    const body = file === 'huge-caption'
      ? GOOD.replace('Proud of what we shipped this quarter!', 'A'.repeat(100_000))
      : hostile(file);
    server.setMode('garbage', { body });
    const status = await ext.message({ type: 'syncNow' });
    expect(status.failure.detail).toContain(words);
    await expectGoodFeedKept(ext, good, status, 'syncErrorInvalid');
  });
}
