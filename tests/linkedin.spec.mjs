// The LinkedIn path end to end: the built extension in Debian's Chromium, the feed from a real
// HTTP server on 127.0.0.1, fixture pages on the real LinkedIn URLs with a real Quill 1.3.7.
import { test, expect } from './harness/test.mjs';
import { feedFile, artifact, EXTENSION_ID, CHART_SVG } from './harness/extension.mjs';
import { launcher } from './harness/launcher.mjs';
import { serveFixtures } from './harness/fixtures.mjs';
import { card, panel, cardPlacement, q4Text } from './harness/shared.mjs';

const FEED_PAGE = 'https://www.linkedin.com/feed/';

// The pinned item's English caption, placeholders filled, link tagged, hashtags appended.
const EXPECTED_Q4 = q4Text('linkedin');

// The React shell with its interop composer (Quill in #interop-outlet's shadow root): the
// composer opens in the page. Every layout has its own tests in linkedin-layouts.spec.mjs.
const LAYOUT = { layout: 'react', composer: 'interop' };
const setup = (launched, opts = {}) => launched({ ...opts, fixture: { ...LAYOUT, ...opts.fixture } });

const editorText = (page) => page.evaluate(() => window.__fixture.editorText());

/** Index of the post right before the card in `slot` among the feed's posts. */
const anchorIndex = async (page, slot) => (await cardPlacement(page, slot)).index;

test('the card appears after the 3rd post with the feed title and caption, and sizes itself', async ({ launched }) => {
  const t = await setup(launched);
  const { page } = t;
  const started = Date.now();
  await page.goto(FEED_PAGE);
  await expect(card(page).locator('.adv-title')).toHaveText('Our Q4 report');
  await page.waitForFunction(() => document.querySelector('[data-advocate-slot="0"] iframe').offsetHeight > 100);
  const visibleAfter = Date.now() - started;
  const navToCard = await page.evaluate(() => performance.now());
  console.log(`page load → visible card: ${visibleAfter} ms (wall), ${Math.round(navToCard)} ms since navigation start`);
  expect(await anchorIndex(page, 0)).toBe(2);
  await expect(card(page).locator('.adv-eyebrow')).toHaveText('Suggested by Beispiel GmbH');
  await expect(card(page).locator('.adv-summary')).toHaveText('Numbers, projects and a look ahead to 2027.');
  await expect(card(page).locator('.adv-caption-text')).toContainText('Proud of what we shipped this quarter!');
  await expect(card(page).locator('.adv-caption-text')).toContainText('Our Q4 report: numbers from every team at Beispiel GmbH.');
  await expect(card(page).locator('.adv-image')).toHaveAttribute('alt', 'Bar chart of revenue per quarter');
  for (const name of ['Share on LinkedIn', 'Copy', 'Hide']) {
    await expect(card(page).getByRole('button', { name })).toBeVisible();
  }
  // The iframe is exactly as tall as its content: no scrollbar, no blank space.
  const [frameHeight, contentHeight] = await Promise.all([
    page.evaluate(() => document.querySelector('[data-advocate-slot="0"] iframe').offsetHeight),
    card(page).locator('.adv-card').evaluate((el) => Math.ceil(el.getBoundingClientRect().height)),
  ]);
  expect(Math.abs(frameHeight - contentHeight)).toBeLessThanOrEqual(2);
  // Items for X only, expired or not yet published never show on LinkedIn.
  await t.ext.message({ type: 'panel', site: 'linkedin' }).then((r) => {
    expect(r.cards.map((c) => c.itemId)).toEqual(['q4-report-2026', 'hiring-2027', 'webinar']);
  });
  await artifact(page.locator('[data-advocate-slot="0"]'), 'card-linkedin-light.png');
});

test('the card asks for its picture before it is on screen and keeps its size when the picture arrives', async ({ launched }) => {
  const t = await setup(launched);
  const { page } = t;
  // The picture arrives only when the test says so (routes registered later are asked first).
  let release;
  const held = new Promise((r) => { release = r; });
  let requested;
  const asked = new Promise((r) => { requested = r; });
  await t.ext.context.route('https://img.beispiel.de/**', async (r) => {
    requested();
    await held;
    await r.fulfill({ contentType: 'image/svg+xml', body: CHART_SVG });
  });
  await page.goto(FEED_PAGE);
  await expect(card(page).locator('.adv-title')).toHaveText('Our Q4 report');
  await expect(card(page).getByRole('button', { name: 'Share on LinkedIn' })).toBeAttached();
  // The card sits below the fold (after the 3rd post), and its picture is already on its way.
  expect(await page.evaluate(() => document.querySelector('[data-advocate-slot="0"] iframe').getBoundingClientRect().top > innerHeight)).toBe(true);
  await asked;
  // Measured inside the card's frame, whose height follows its content.
  const layout = () => card(page).locator('.adv-card').evaluate((el) => ({
    card: el.getBoundingClientRect().height,
    share: el.querySelector('.adv-actions button').getBoundingClientRect().top,
  }));
  const before = await layout();
  expect(await card(page).locator('.adv-image').evaluate((img) => img.complete)).toBe(false);
  release();
  await expect.poll(() => card(page).locator('.adv-image').evaluate((img) => img.complete && img.naturalWidth > 0)).toBe(true);
  // (Reading a box lays the frame out at once; an off-screen frame gets no animation frames.)
  expect(await layout()).toEqual(before);
});

test('the card looks at home in dark mode too', async ({ launched }) => {
  const t = await setup(launched, { fixture: { theme: 'dark' } });
  await t.page.goto(FEED_PAGE);
  await expect(card(t.page).locator('.adv-title')).toHaveText('Our Q4 report');
  await expect(card(t.page).locator('html')).toHaveAttribute('data-theme', 'dark');
  const bg = await card(t.page).locator('.adv-card').evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(bg).toBe('rgb(27, 31, 35)'); // LinkedIn's dark card colour
  await t.page.waitForTimeout(300);
  await artifact(t.page.locator('[data-advocate-slot="0"]'), 'card-linkedin-dark.png');
  await artifact(t.page, 'feed-linkedin-dark.png');
});

async function shareAndCheck(page) {
  await card(page).getByRole('button', { name: 'Share on LinkedIn' }).click();
  await expect.poll(() => editorText(page), { timeout: 15_000 }).toBe(`${EXPECTED_Q4}\n`);
  await expect(card(page).locator('.adv-status')).toContainText('The text is in the post box');
  // The editor is alive, and the caret waits at the start for the employee's own sentence.
  await page.keyboard.type('Great work, team! ');
  await expect.poll(() => editorText(page)).toBe(`Great work, team! ${EXPECTED_Q4}\n`);
  // The site's Post button follows the content; Advocate never clicks it.
  await expect(page.locator('button.share-actions__primary-action')).toBeEnabled();
  expect(await page.evaluate(() => window.__fixture.posted.length)).toBe(0);
}

test('Share puts exactly the final text into Quill 1.3.7, multi-line, and typing still works', async ({ launched }) => {
  const t = await setup(launched);
  await t.page.goto(FEED_PAGE);
  await shareAndCheck(t.page);
  await artifact(t.page, 'composer-linkedin-prefilled.png');
});

test('the same works on a page with a strict CSP', async ({ launched }) => {
  const t = await setup(launched, { fixture: { csp: 'strict' } });
  const violations = [];
  t.page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });
  const response = await t.page.goto(FEED_PAGE);
  expect(response.headers()['content-security-policy']).toBe("default-src 'self'; script-src 'self'");
  await expect(card(t.page).locator('.adv-title')).toHaveText('Our Q4 report');
  await shareAndCheck(t.page);
  expect(violations).toEqual([]);
});

test('a fresh install shows the bundled demo feed, marked as demo', async ({ launched }) => {
  const t = await setup(launched, { useSetting: false });
  await t.ext.waitForFeed();
  const stored = await t.ext.storage();
  expect(stored.feed.demo).toBe(true);
  expect(stored.feed.url).toBe(`chrome-extension://${EXTENSION_ID}/demo-feed.json`);
  await t.page.goto(FEED_PAGE);
  await expect(card(t.page).locator('.adv-title')).toHaveText('How Advocate works');
  await expect(card(t.page).locator('.adv-demo')).toHaveText('Demo');
  expect(t.server.requests).toEqual([]); // the demo needs no network
});

test.describe('with a Chromium policy', () => {
  test('feedUrl from policy switches to the test feed; an unchanged feed gets a 304 and changes nothing', async ({ feedServer, extension, policy }) => {
    const server = await feedServer({ '/feed.json': feedFile('e2e.json') });
    policy.set({ feedUrl: server.url() });
    const ext = await extension();
    await ext.waitForFeed(server.url());
    expect((await ext.storage()).feed.demo).toBe(false);
    await serveFixtures(ext.context, LAYOUT);
    const page = await ext.context.newPage();
    await page.goto(FEED_PAGE);
    await expect(card(page).locator('.adv-title')).toHaveText('Our Q4 report');

    const before = await ext.storage('local');
    const status = await ext.message({ type: 'syncNow' });
    expect(status.failure).toBeNull();
    const last = server.gets().at(-1);
    expect(last.headers['if-none-match']).toMatch(/^".+"$/);
    expect(last.status).toBe(304);
    expect(await ext.storage('local')).toEqual(before);
    expect(ext.workerErrors).toEqual([]);
  });
});

test('a server answering 500 or garbage after a good sync leaves the good feed in place', async ({ launched }) => {
  const t = await setup(launched);
  const good = (await t.ext.storage()).feed;

  t.server.setMode('status', { status: 500, body: 'Internal Server Error' });
  let status = await t.ext.message({ type: 'syncNow' });
  expect(status.failure.key).toBe('syncErrorHttp');
  expect(status.failure.args).toEqual(['500']);
  expect((await t.ext.storage()).feed).toEqual(good);

  t.server.setMode('garbage', { body: '{"version": 1, "organization": {"name": "X"}, "items": [tru' });
  status = await t.ext.message({ type: 'syncNow' });
  expect(status.failure.key).toBe('syncErrorInvalid');
  expect((await t.ext.storage()).feed).toEqual(good);

  // The page keeps showing the good feed, and the panel says why nothing new arrived.
  await t.page.goto(FEED_PAGE);
  await expect(card(t.page).locator('.adv-title')).toHaveText('Our Q4 report');
  await launcher(t.page).click();
  await expect(panel(t.page).locator('.adv-panel-status')).toContainText("Your company's feed contains an error");
  await expect(panel(t.page).locator('.adv-panel-status')).toContainText('You still see the suggestions from');

  // Recovery: a good answer clears the failure.
  t.server.setMode('ok');
  status = await t.ext.message({ type: 'syncNow' });
  expect(status.failure).toBeNull();
});

test('cards survive SPA re-renders and navigation without duplicates', async ({ launched }) => {
  const t = await setup(launched);
  const { page } = t;
  await page.goto(FEED_PAGE);
  await expect(card(page).locator('.adv-title')).toHaveText('Our Q4 report');
  const slots = () => page.evaluate(() =>
    [...document.querySelectorAll('[data-advocate="card"]')].map((w) => w.getAttribute('data-advocate-slot')));

  await page.evaluate(() => window.__fixture.rerenderFeed());
  await expect.poll(slots).toEqual(['0']);
  expect(await anchorIndex(page, 0)).toBe(2);
  await expect(card(page).locator('.adv-title')).toHaveText('Our Q4 report');

  // Scrolling loads more posts; the second card goes after the 18th.
  for (let i = 0; i < 6 && (await page.evaluate(() => window.__fixture.postCount())) < 20; i += 1) {
    await page.mouse.wheel(0, 4000);
    await page.waitForTimeout(300);
  }
  await expect.poll(slots).toEqual(['0', '1']);
  expect(await anchorIndex(page, 1)).toBe(17);
  // Card frames load only near the viewport.
  expect(await page.locator('[data-advocate-slot="1"] iframe').getAttribute('src')).toBeNull();
  await page.locator('[data-advocate-slot="1"]').scrollIntoViewIfNeeded();
  await expect(card(page, 1).locator('.adv-title')).toHaveText("We're hiring");

  await page.evaluate(() => window.__fixture.navigate('/mynetwork/'));
  await expect.poll(slots).toEqual([]);
  await page.evaluate(() => window.__fixture.navigate('/feed/'));
  await expect.poll(slots).toEqual(['0']);
  await page.goBack();
  await page.goForward();
  await expect.poll(slots).toEqual(['0']);
  await expect(card(page).locator('.adv-title')).toHaveText('Our Q4 report');
});

test('a card far from the viewport gives its frame back and returns the same when scrolled near', async ({ launched }) => {
  // A mounted card frame costs the page paint time on every scrolled frame (#7).
  const t = await setup(launched);
  const { page } = t;
  await page.goto(FEED_PAGE);
  await expect(card(page).locator('.adv-title')).toHaveText('Our Q4 report');
  for (let i = 0; i < 6 && (await page.evaluate(() => window.__fixture.postCount())) < 20; i += 1) {
    await page.mouse.wheel(0, 4000);
    await page.waitForTimeout(300);
  }
  const slot1 = page.locator('[data-advocate-slot="1"]');
  await slot1.scrollIntoViewIfNeeded();
  await expect(card(page, 1).locator('.adv-title')).toHaveText("We're hiring");
  // The employee picks another caption: it must survive the card being released.
  const before = await card(page, 1).locator('.adv-variant').textContent();
  await card(page, 1).getByRole('button', { name: 'Another caption' }).click();
  await expect(card(page, 1).locator('.adv-variant')).not.toHaveText(before);
  const variant = await card(page, 1).locator('.adv-variant').textContent();
  const caption = await card(page, 1).locator('.adv-caption-text').textContent();
  const height = await slot1.evaluate((w) => w.offsetHeight);
  expect(height).toBeGreaterThan(100);

  const cardFrames = () => page.frames().filter((f) => /kind=card/.test(f.url()) && /slot=1/.test(f.url())).length;
  // Far below it (the feed loads all its posts), the card's frame is gone, its place kept.
  for (let i = 0; i < 12; i += 1) {
    await page.mouse.wheel(0, 4000);
    await page.waitForTimeout(200);
  }
  const distance = await slot1.evaluate((w) => -w.getBoundingClientRect().bottom);
  expect(distance).toBeGreaterThan(3000);
  // Focus is still in the card (the click): it stays, for a keyboard user, until focus leaves.
  expect(cardFrames()).toBe(1);
  await page.evaluate(() => document.activeElement.blur());
  await expect.poll(cardFrames).toBe(0);
  expect(await slot1.locator('iframe').getAttribute('src')).toBeNull();
  expect(await slot1.evaluate((w) => w.offsetHeight)).toBe(height);

  // Back near it: the same card, with the caption the employee chose.
  await slot1.scrollIntoViewIfNeeded();
  await expect(card(page, 1).locator('.adv-title')).toHaveText("We're hiring");
  await expect(card(page, 1).locator('.adv-caption-text')).toHaveText(caption);
  await expect(card(page, 1).locator('.adv-variant')).toHaveText(variant);
  await expect.poll(cardFrames).toBe(1);
});

test('the launcher panel lists every active suggestion and shares from there', async ({ launched }) => {
  const t = await setup(launched);
  const { page } = t;
  await page.goto(FEED_PAGE);
  const button = launcher(page);
  await expect.poll(() => button.text()).toBe('Suggestions');
  await button.click();
  await expect.poll(() => button.expanded()).toBe('true');
  await expect(panel(page).locator('.adv-title')).toHaveText(['Our Q4 report', "We're hiring", 'Webinar: AI for mid-sized companies']);
  await expect(panel(page).locator('.adv-panel-status')).toContainText('Updated');
  await expect(panel(page).locator('.adv-panel-status')).toContainText('3 suggestions');
  await artifact(page.locator('iframe[data-advocate="panel"]'), 'panel-linkedin-light.png');

  // "Another caption" cycles through the item's variants in the employee's language.
  const hiring = panel(page).locator('.adv-card').nth(1);
  const first = await hiring.locator('.adv-caption-text').textContent();
  await expect(hiring.locator('.adv-variant')).toHaveText(/Variant [123] of 3/);
  const seen = new Set([first]);
  for (let i = 0; i < 3; i += 1) {
    await hiring.getByRole('button', { name: 'Another caption' }).click();
    seen.add(await hiring.locator('.adv-caption-text').textContent());
  }
  expect(seen.size).toBe(3);
  for (const text of seen) expect(text).not.toContain('Wir stellen ein');

  // Escape closes the panel and gives focus back to the launcher.
  await panel(page).locator('.adv-close').focus();
  await page.keyboard.press('Escape');
  await expect(page.locator('iframe[data-advocate="panel"]')).toHaveCount(0);
  await expect.poll(() => button.expanded()).toBe('false');
  await expect.poll(() => button.focused()).toBe(true);

  await button.click();
  await panel(page).locator('.adv-card').first().getByRole('button', { name: 'Share on LinkedIn' }).click();
  await expect.poll(() => editorText(page), { timeout: 15_000 }).toBe(`${EXPECTED_Q4}\n`);
});

test('Hide removes the suggestion for good, with Undo', async ({ launched }) => {
  const t = await setup(launched);
  const { page } = t;
  await page.goto(FEED_PAGE);
  await card(page).getByRole('button', { name: 'Hide' }).click();
  await expect(card(page).locator('.adv-hidden')).toContainText('Suggestion hidden');
  await expect(card(page).getByRole('button', { name: 'Undo' })).toBeFocused();
  await card(page).getByRole('button', { name: 'Undo' }).click();
  await expect(card(page).locator('.adv-title')).toHaveText('Our Q4 report');
  await expect.poll(async () => Object.keys((await t.ext.storage()).state?.hidden ?? {})).toEqual([]);

  await card(page).getByRole('button', { name: 'Hide' }).click();
  await expect.poll(async () => Object.keys((await t.ext.storage()).state?.hidden ?? {})).toEqual(['q4-report-2026']);
  await page.reload();
  await expect(card(page).locator('.adv-title')).toHaveText("We're hiring");
});

// When nothing verifies, the share page and then the clipboard: linkedin-layouts.spec.mjs.

test('Copy puts the final text on the clipboard', async ({ launched }) => {
  const t = await setup(launched);
  await t.ext.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await t.page.goto(FEED_PAGE);
  await card(t.page).getByRole('button', { name: 'Copy' }).click();
  await expect(card(t.page).locator('.adv-status')).toHaveText('Copied. Paste it wherever you like.');
  expect(await t.page.evaluate(() => navigator.clipboard.readText())).toBe(EXPECTED_Q4);
});

test('the worker starts without errors and dist/chrome declares only the reviewed permissions', async ({ extension }) => {
  const ext = await extension();
  await ext.waitForFeed();
  const manifest = await (await ext.page()).evaluate(() => chrome.runtime.getManifest());
  // The reviewed list. Growing it needs a reason in the issue note and a change here.
  expect(manifest.permissions).toEqual(['storage', 'alarms']);
  expect(manifest.host_permissions).toEqual(['https://www.linkedin.com/*', 'https://x.com/*', 'https://twitter.com/*']);
  expect(manifest.optional_host_permissions).toEqual(['https://*/*']);
  expect(manifest.web_accessible_resources).toEqual([
    { resources: ['frame.html'], matches: ['https://www.linkedin.com/*', 'https://x.com/*', 'https://twitter.com/*'], use_dynamic_url: true },
  ]);
  expect(ext.workerErrors).toEqual([]);
});
