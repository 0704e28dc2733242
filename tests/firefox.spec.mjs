// dist/firefox in Debian's Firefox ESR, driven by puppeteer-core (Playwright cannot drive
// Debian's Firefox): installed as an add-on, configured by a real policies.json, syncing from a
// test server, showing the card on the LinkedIn fixture and prefilling the real Quill editor.
import fs from 'node:fs';
import crypto from 'node:crypto';
import { test, expect } from '@playwright/test';
import { DIST_FIREFOX, feedFile } from './harness/extension.mjs';
import { startFeedServer } from './harness/feed-server.mjs';
import { serveFixturesPuppeteer, buildFixtures } from './harness/fixtures.mjs';

const GECKO_ID = 'advocate@advocate-extension.org';
// Firefox on Linux reads enterprise policies from here (as well as distribution/ in its
// installation directory).
const POLICY_DIR = '/etc/firefox/policies';
const POLICY_FILE = `${POLICY_DIR}/policies.json`;

const EXPECTED =
  'Proud of what we shipped this quarter!\n\n' +
  'Our Q4 report: numbers from every team at Beispiel GmbH.\n\n' +
  'https://www.beispiel.de/news/q4?utm_source=linkedin&utm_medium=employee_advocacy&utm_campaign=q4-2026\n\n' +
  '#BeispielGmbH #Q4';

test.skip(!fs.existsSync('/usr/bin/firefox-esr'), 'firefox-esr is installed by ./build.sh test');
test.beforeAll(async () => { await buildFixtures(); });
test.afterEach(() => fs.rmSync(POLICY_FILE, { force: true }));

async function until(fn, { timeout = 20_000, what = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what} (last: ${last})`);
}

test('Firefox ESR: policy feedUrl, card on LinkedIn and prefill into Quill', async () => {
  test.setTimeout(120_000);
  const server = await startFeedServer({ '/feed.json': feedFile('e2e.json') });
  fs.mkdirSync(POLICY_DIR, { recursive: true });
  fs.writeFileSync(POLICY_FILE, JSON.stringify({
    policies: { '3rdparty': { Extensions: { [GECKO_ID]: { feedUrl: server.url() } } } },
  }));
  const { default: puppeteer } = await import('puppeteer-core');
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: '/usr/bin/firefox-esr', headless: true });
  try {
    const id = await browser.installExtension(DIST_FIREFOX);
    expect(id).toBe(GECKO_ID);
    // The worker syncs from the policy's address.
    await until(() => server.gets().some((r) => r.status === 200), { what: 'the feed request' });

    const page = await browser.newPage();
    // LinkedIn's React shell with Quill in #interop-outlet's open shadow root.
    await serveFixturesPuppeteer(page, { layout: 'react', composer: 'interop' });
    await page.goto('https://www.linkedin.com/feed/');
    await page.bringToFront();
    const cardFrame = await until(async () => {
      const handle = await page.$('[data-advocate-slot="0"] iframe');
      const frame = handle && (await handle.contentFrame());
      if (!frame) return null;
      const title = await frame.$eval('.adv-title', (el) => el.textContent).catch(() => null);
      return title === 'Our Q4 report' ? frame : null;
    }, { what: 'the card with the feed title' });
    expect(await cardFrame.$eval('.adv-caption-text', (el) => el.textContent)).toContain('Proud of what we shipped this quarter!');
    // The frame is as tall as its card: its size reaches the content script through the
    // background (Firefox gives frames in web pages no `tabs` API; they stayed 0 px tall).
    await until(() => page.$eval('[data-advocate-slot="0"] iframe', (el) => el.getBoundingClientRect().height > 100), {
      what: 'the card frame sized to its card',
    });
    expect(await page.evaluate(() => {
      const w = document.querySelector('[data-advocate-slot="0"]');
      const posts = [...w.parentElement.querySelectorAll(':scope > div[data-lazy-mount-id]')]
        .filter((p) => p.querySelector('[id^="expanded"], [componentkey^="expanded"]'));
      return posts.indexOf(w.previousElementSibling);
    })).toBe(2);
    fs.mkdirSync('artifacts', { recursive: true });
    await page.screenshot({ path: 'artifacts/firefox-linkedin-card.png' });

    // Puppeteer cannot click into a cross-origin frame in Firefox; a DOM click runs the same
    // handler.
    await cardFrame.$eval('.adv-primary', (el) => el.click());
    await until(async () => (await page.evaluate(() => window.__fixture.editorText())) === `${EXPECTED}\n`, {
      what: 'the caption in Quill',
    });
    await until(async () => (await cardFrame.$eval('.adv-status', (el) => el.textContent)).includes('The text is in the post box'), {
      what: 'the status line',
    });
    await page.screenshot({ path: 'artifacts/firefox-linkedin-prefilled.png' });
  } finally {
    await browser.close();
    await server.close();
  }
});

test('Firefox ESR: publicKeys from policies.json make signatures mandatory', async () => {
  test.setTimeout(120_000);
  const feed = feedFile('e2e.json');
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  const pub = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64');
  // Served without a signature first: refused.
  const server = await startFeedServer({ '/feed.json': feed });
  fs.mkdirSync(POLICY_DIR, { recursive: true });
  fs.writeFileSync(POLICY_FILE, JSON.stringify({
    policies: { '3rdparty': { Extensions: { [GECKO_ID]: { feedUrl: server.url(), publicKeys: [pub] } } } },
  }));
  const { default: puppeteer } = await import('puppeteer-core');
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: '/usr/bin/firefox-esr', headless: true });
  try {
    await browser.installExtension(DIST_FIREFOX);
    await until(() => server.requests.some((r) => r.path === '/feed.json.sig'), { what: 'the signature request' });
    const page = await browser.newPage();
    await serveFixturesPuppeteer(page, {});
    await page.goto('https://www.linkedin.com/feed/');
    await page.bringToFront();
    // The unsigned feed was refused: no suggestions, and the panel says why.
    // The launcher's shadow root is closed: click where it sits (16 px from the right and 72 px
    // from the bottom of the viewport without its scroll bar), once, as the employee would.
    await until(() => page.$('[data-advocate="launcher"]'), { what: 'the launcher' });
    const { w, h } = await page.evaluate(() => ({ w: document.documentElement.clientWidth, h: document.documentElement.clientHeight }));
    await page.mouse.click(w - 16 - 30, h - 72 - 20);
    const panel = await until(async () => {
      const handle = await page.$('iframe[data-advocate="panel"]');
      return handle && handle.contentFrame();
    }, { what: 'the panel' });
    const line = await until(() => panel.$eval('.adv-panel-status', (el) => el.textContent).catch(() => null), { what: 'the status line' });
    expect(line).toContain("The feed's signature is not valid");
    expect(await page.$('[data-advocate-slot="0"]')).toBeNull();
    // Signed correctly: "Sync now" accepts it, and the card appears.
    server.setFile('/feed.json.sig', crypto.sign(null, Buffer.from(feed), privateKey).toString('base64'));
    const status = await panel.evaluate(() => browser.runtime.sendMessage({ type: 'syncNow' }));
    expect(status.failure).toBeNull();
    // Unchanged on the next sync: the stored text (a Blob in IndexedDB since #7) is read back
    // and its signature checked again; an unreadable text would fail that check.
    const again = await panel.evaluate(() => browser.runtime.sendMessage({ type: 'syncNow' }));
    expect(again.failure).toBeNull();
    expect(again.feedAt).toBe(status.feedAt);
    await page.reload();
    const after = await until(async () => {
      const handle = await page.$('[data-advocate-slot="0"] iframe');
      const frame = handle && (await handle.contentFrame());
      const t = frame ? await frame.$eval('.adv-title', (el) => el.textContent).catch(() => null) : null;
      return t === 'Our Q4 report' ? t : null;
    }, { what: 'the signed feed\'s card' });
    expect(after).toBe('Our Q4 report');
  } finally {
    await browser.close();
    await server.close();
  }
});
