// Privacy: over a full session (sync, cards, panel, picker, prefill on LinkedIn and X) the
// extension requests the feed, its signature and the images the feed names, and nothing else.
import crypto from 'node:crypto';
import { test, expect } from './harness/test.mjs';
import { launcher } from './harness/launcher.mjs';
import { feedFile, EXTENSION_ID } from './harness/extension.mjs';
import { serveFixtures } from './harness/fixtures.mjs';
import { card, panel, picker } from './harness/shared.mjs';

const SITE_ORIGINS = ['https://www.linkedin.com', 'https://x.com', 'https://twitter.com'];

test('the extension requests only the feed, its .sig and the images the feed names', async ({ feedServer, extension, policy }) => {
  const feed = feedFile('e2e.json');
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  const pub = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64');
  const sig = crypto.sign(null, Buffer.from(feed), privateKey).toString('base64');
  const server = await feedServer({ '/feed.json': feed, '/feed.json.sig': sig });
  policy.set({ feedUrl: server.url(), publicKeys: [pub] });

  const ext = await extension();
  const requests = [];
  ext.context.on('request', (r) => {
    const frame = (() => { try { return r.frame().url(); } catch { return ''; } })();
    requests.push({ url: r.url(), by: r.serviceWorker() ? 'worker' : frame });
  });
  await ext.waitForFeed(server.url());
  const images = JSON.parse(feed).items.map((i) => i.image).filter(Boolean);
  await serveFixtures(ext.context, {});
  await ext.context.route('https://img.beispiel.de/**', (r) => r.fulfill({ contentType: 'image/svg+xml', body: '<svg xmlns="http://www.w3.org/2000/svg"/>' }));

  // A full session on both sites.
  const page = await ext.context.newPage();
  await page.goto('https://www.linkedin.com/feed/');
  await expect(card(page).locator('.adv-title')).toHaveText('Our Q4 report');
  await launcher(page).click();
  await expect(panel(page).locator('.adv-card')).toHaveCount(3);
  await page.keyboard.press('Escape');
  await card(page).getByRole('button', { name: 'Share on LinkedIn' }).click();
  // (Through LinkedIn's share page: the newest composer ignores a script's click.)
  await expect.poll(() => page.evaluate(() => window.__fixture?.editorText() ?? '').catch(() => ''), { timeout: 20_000 }).toContain('Proud of');
  await picker(page).getByRole('button', { name: 'Company suggestions' }).click();
  await expect(picker(page).locator('.adv-picker-option').first()).toBeVisible();
  await ext.message({ type: 'syncNow' });
  await page.goto('https://x.com/home');
  await expect(card(page).locator('.adv-title')).toHaveText('Our Q4 report');
  await card(page).getByRole('button', { name: 'Share on X' }).click();
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
});
