// Privacy: over a full session (sync, cards, panel, picker, prefill on LinkedIn and X) the
// extension requests the feed, its signature and the images the feed names, and nothing else.
import crypto from 'node:crypto';
import { test, expect } from '@playwright/test';
import { launcher } from './harness/launcher.mjs';
import { launch, feedFile, clearPolicy, setPolicy, EXTENSION_ID } from './harness/extension.mjs';
import { startFeedServer } from './harness/feed-server.mjs';
import { serveFixtures, buildFixtures } from './harness/fixtures.mjs';

test.beforeAll(async () => {
  clearPolicy();
  await buildFixtures();
});
test.afterEach(() => clearPolicy());

const SITE_ORIGINS = ['https://www.linkedin.com', 'https://x.com', 'https://twitter.com'];

test('the extension requests only the feed, its .sig and the images the feed names', async () => {
  const feed = feedFile('e2e.json');
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  const pub = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64');
  const sig = crypto.sign(null, Buffer.from(feed), privateKey).toString('base64');
  const server = await startFeedServer({ '/feed.json': feed, '/feed.json.sig': sig });
  setPolicy({ feedUrl: server.url(), publicKeys: [pub] });

  const ext = await launch();
  const requests = [];
  ext.context.on('request', (r) => {
    const frame = (() => { try { return r.frame().url(); } catch { return ''; } })();
    requests.push({ url: r.url(), by: r.serviceWorker() ? 'worker' : frame });
  });
  try {
    await ext.waitForFeed(server.url());
    const images = JSON.parse(feed).items.map((i) => i.image).filter(Boolean);
    await serveFixtures(ext.context, {});
    await ext.context.route('https://img.beispiel.de/**', (r) => r.fulfill({ contentType: 'image/svg+xml', body: '<svg xmlns="http://www.w3.org/2000/svg"/>' }));

    // A full session on both sites.
    const page = await ext.context.newPage();
    await page.goto('https://www.linkedin.com/feed/');
    const card = page.frameLocator('[data-advocate-slot="0"] iframe');
    await expect(card.locator('.adv-title')).toHaveText('Our Q4 report');
    await launcher(page).click();
    await expect(page.frameLocator('iframe[data-advocate="panel"]').locator('.adv-card')).toHaveCount(3);
    await page.keyboard.press('Escape');
    await card.getByRole('button', { name: 'Share on LinkedIn' }).click();
    // (Through LinkedIn's share page: the newest composer ignores a script's click.)
    await expect.poll(() => page.evaluate(() => window.__fixture?.editorText() ?? '').catch(() => ''), { timeout: 20_000 }).toContain('Proud of');
    const picker = page.frameLocator('iframe[data-advocate="picker"]');
    await picker.getByRole('button', { name: 'Company suggestions' }).click();
    await expect(picker.locator('.adv-picker-option').first()).toBeVisible();
    await ext.message({ type: 'syncNow' });
    await page.goto('https://x.com/home');
    await expect(page.frameLocator('[data-advocate-slot="0"] iframe').locator('.adv-title')).toHaveText('Our Q4 report');
    await page.frameLocator('[data-advocate-slot="0"] iframe').getByRole('button', { name: 'Share on X' }).click();
    await expect.poll(() => page.evaluate(() => window.__fixture.editorText('modal')), { timeout: 15_000 }).toContain('Proud of');

    // Everything requested by the extension's own contexts (worker, extension frames and pages).
    const own = requests.filter((r) => r.by === 'worker' || r.by.startsWith('chrome-extension://'));
    const external = own.map((r) => r.url).filter((u) => !u.startsWith(`chrome-extension://`));
    const allowed = new Set([server.url(), `${server.url()}.sig`, ...images]);
    const unexpected = external.filter((u) => !allowed.has(u));
    console.log(`extension requests: ${own.length} in all, ${external.length} to the network: ${[...new Set(external)].join(', ')}`);
    expect(unexpected).toEqual([]);
    expect(external).toContain(server.url());
    expect(external).toContain(`${server.url()}.sig`);
    expect(external).toContain(images[0]);
    // And nothing the pages asked for went anywhere but the sites themselves (the content
    // scripts add no requests of their own to the page).
    const fromPages = requests.filter((r) => !own.includes(r)).map((r) => new URL(r.url).origin);
    const foreign = fromPages.filter((o) => !SITE_ORIGINS.includes(o) && o !== 'null' && !o.startsWith('chrome-extension://'));
    expect(foreign).toEqual([]);
    // Extension pages load only the extension's own files.
    for (const r of own.filter((x) => x.url.startsWith('chrome-extension://'))) {
      expect(new URL(r.url).host === EXTENSION_ID || /^[0-9a-f-]{36}$/.test(new URL(r.url).host)).toBe(true);
    }
    expect(ext.workerErrors).toEqual([]);
  } finally {
    await ext.close();
    await server.close();
  }
});
