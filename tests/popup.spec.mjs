// The toolbar popup, opened as a page (popup.html at the popup's width): status in words and
// Sync now, search and filters, sharing into a new LinkedIn tab, hidden/snoozed with undo,
// personal stats, German, accessibility (axe-core) and screenshots in light and dark.
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from './harness/test.mjs';
import { artifact, feedFile, EXTENSION_ID, ARTIFACTS } from './harness/extension.mjs';
import { serveFixtures } from './harness/fixtures.mjs';
import { q4Text, axeViolations } from './harness/shared.mjs';

const POPUP = `chrome-extension://${EXTENSION_ID}/popup.html`;
const DAY = 86_400_000;

// The pinned item's English caption as the LinkedIn post box must end up holding it.
const EXPECTED_Q4 = q4Text('linkedin');

// What e2e.json offers now: the expired and the future item are not listed.
// Ranked across networks: pinned first, then by priority.
const ALL_TITLES = ['Our Q4 report', 'Only for X', "We're hiring", 'The new platform is live', 'Webinar: AI for mid-sized companies'];

/** Extension + feed server; the employee's own setting points at the test feed. */
const setup = (synced, { lang, colorScheme, feed = feedFile('e2e.json') } = {}) => synced({ body: feed, lang, colorScheme });

/** Opens the popup in a tab at the popup's size and waits until it has rendered. */
async function openPopup(ext) {
  const page = await ext.context.newPage();
  await page.setViewportSize({ width: 360, height: 600 });
  await page.goto(POPUP);
  await expect(page.locator('.adv-popup-status')).not.toHaveText(/Loading|Wird geladen/);
  return page;
}

const items = (popup) => popup.locator('.adv-pop-item:visible');
const titles = (popup) => items(popup).locator('.adv-pop-title');
const item = (popup, title) => popup.locator('.adv-pop-item', { hasText: title });

test('the status says when the feed was updated and how many suggestions there are', async ({ synced }) => {
  const t = await setup(synced);
  const popup = await openPopup(t.ext);
  await expect(popup.locator('h1')).toHaveText('Advocate');
  await expect(popup.locator('.adv-popup-status')).toHaveText(/^Updated (just now|\d+ minutes? ago) · 5 suggestions$/);
  await expect(popup.locator('.adv-popup-status')).not.toHaveClass(/adv-error/);
  await expect(titles(popup)).toHaveText(ALL_TITLES);
  await expect(popup.locator('.adv-pop-count')).toHaveText('5 suggestions');

  // Each suggestion: campaign chip, a preview of its caption, one button per network.
  const q4 = item(popup, 'Our Q4 report');
  await expect(q4.locator('.adv-pop-title')).toHaveAttribute('lang', 'en');
  await expect(q4.locator('.adv-chip')).toHaveText('q4-2026Campaign: q4-2026');
  await expect(q4.locator('.adv-pop-excerpt')).toContainText('Proud of what we shipped this quarter!');
  await expect(q4.getByRole('button')).toHaveText(['Share on LinkedIn', 'Share on X']);
  await expect(item(popup, 'Only for X').getByRole('button')).toHaveText(['Share on X']);
  // An item whose captions need profile fields says so and offers the options instead.
  const platform = item(popup, 'The new platform is live');
  await expect(platform.locator('.adv-pop-needs')).toContainText('These captions use your Role. Add it in the options to use them.');
  await expect(platform.getByRole('button')).toHaveText(['Options']);

  // The popup keeps to its size: the list scrolls, the header and the footer stay.
  const box = await popup.locator('.adv-popup').boundingBox();
  expect(box.width).toBe(360);
  expect(box.height).toBeLessThanOrEqual(560);
});

test('Sync now: "Syncing…" while it runs, then the failure in words with the good feed kept', async ({ synced }) => {
  const t = await setup(synced);
  const popup = await openPopup(t.ext);
  const line = popup.locator('.adv-popup-status');
  const sync = popup.getByRole('button', { name: 'Sync now' });

  // A changed feed served slowly: the button is unavailable and the line says so meanwhile.
  t.server.setFile('/feed.json', `${feedFile('e2e.json')}\n`);
  t.server.setMode('slow', { ms: 1500 });
  await sync.click();
  await expect(line).toHaveText('Syncing…');
  await expect(sync).toHaveAttribute('aria-disabled', 'true');
  await expect(sync).toBeFocused();
  await expect(line).toHaveText(/^Updated just now · 5 suggestions$/, { timeout: 15_000 });
  await expect(sync).not.toHaveAttribute('aria-disabled');

  t.server.setMode('status', { status: 500, body: 'Internal Server Error' });
  await sync.click();
  await expect(line).toHaveText(
    /^The feed server answered with an error \(HTTP 500\)\. You still see the suggestions from (just now|\d+ minutes? ago)\.$/,
    { timeout: 15_000 },
  );
  await expect(line).toHaveClass(/adv-error/);
  await expect(line).toHaveAttribute('aria-live', 'polite');
  await expect(titles(popup)).toHaveText(ALL_TITLES);
  await artifact(popup, 'popup-sync-failed.png');
});

test('search and the network and campaign filters narrow the list, with a live count', async ({ synced }) => {
  const t = await setup(synced);
  const popup = await openPopup(t.ext);
  const search = popup.getByRole('searchbox', { name: 'Search suggestions' });
  const count = popup.locator('.adv-pop-count');
  await expect(search).toHaveAttribute('placeholder', 'Search titles and texts');
  await expect(count).toHaveAttribute('role', 'status');

  await search.fill('hiring');
  await expect(titles(popup)).toHaveText(["We're hiring"]);
  await expect(count).toHaveText('1 of 5 suggestions');
  // Caption texts count too, whatever the case: "40 openings" is only in a hiring caption.
  await search.fill('40 OPENINGS');
  await expect(titles(popup)).toHaveText(["We're hiring"]);
  await search.fill('proud quarter');
  await expect(titles(popup)).toHaveText(['Our Q4 report']);
  await search.fill('numbers from every team');
  await expect(titles(popup)).toHaveText(['Our Q4 report']);
  await search.fill('');
  await expect(titles(popup)).toHaveText(ALL_TITLES);
  await expect(count).toHaveText('5 suggestions');

  // Network: only items that may go there, and only that network's button.
  await popup.getByRole('radio', { name: 'LinkedIn' }).check();
  await expect(titles(popup)).toHaveText(['Our Q4 report', "We're hiring", 'Webinar: AI for mid-sized companies']);
  await expect(count).toHaveText('3 of 5 suggestions');
  await expect(popup.getByRole('button', { name: 'Share on X' })).toHaveCount(0);
  await expect(popup.getByRole('button', { name: 'Share on LinkedIn' })).toHaveCount(3);
  // The radios are one group for the keyboard: arrows move the choice.
  await popup.getByRole('radio', { name: 'LinkedIn' }).focus();
  await popup.keyboard.press('ArrowRight');
  await expect(popup.getByRole('radio', { name: 'X', exact: true })).toBeChecked();
  await expect(titles(popup)).toHaveText(ALL_TITLES);
  await expect(popup.getByRole('button', { name: 'Share on LinkedIn' })).toHaveCount(0);
  await popup.getByRole('radio', { name: 'All' }).check();

  // Campaign.
  const campaign = popup.getByRole('combobox', { name: 'Campaign' });
  await expect(campaign.locator('option')).toHaveText(['All campaigns', 'q4-2026']);
  await campaign.selectOption('q4-2026');
  await expect(titles(popup)).toHaveText(['Our Q4 report']);
  await expect(count).toHaveText('1 of 5 suggestions');

  // Nothing left: said in words, with a way back.
  await search.fill('webinar');
  await expect(items(popup)).toHaveCount(0);
  await expect(popup.locator('.adv-pop-note')).toContainText('No suggestion matches your search and filters.');
  await expect(count).toHaveText('0 of 5 suggestions');
  await popup.getByRole('button', { name: 'Show all' }).click();
  await expect(titles(popup)).toHaveText(ALL_TITLES);
  await expect(search).toBeFocused();
  await expect(search).toHaveValue('');
  await expect(campaign).toHaveValue('');
});

test('Share on LinkedIn opens the LinkedIn feed in a new tab and fills the post box there', async ({ synced }) => {
  const t = await setup(synced);
  // LinkedIn's newest composer: its launcher ignores a script's click, so the share continues
  // through LinkedIn's share page in that tab.
  await serveFixtures(t.ext.context, { layout: 'react', composer: 'sdui' });
  const popup = await openPopup(t.ext);
  const [tab] = await Promise.all([
    t.ext.context.waitForEvent('page', { predicate: (p) => p !== popup }),
    item(popup, 'Our Q4 report').getByRole('button', { name: 'Share on LinkedIn' }).click(),
  ]);
  await expect
    .poll(() => tab.evaluate(() => window.__fixture?.editorText() ?? '').catch(() => ''), { timeout: 20_000 })
    .toBe(EXPECTED_Q4);
  expect(new URL(tab.url()).pathname).toBe('/sharing/compose');
  // The popup closes itself: the share goes on in the new tab (opened as a tab here, the
  // popup page closes its tab).
  await expect.poll(() => popup.isClosed()).toBe(true);
  // Advocate never posts.
  expect(await tab.evaluate(() => window.__fixture.posted.length)).toBe(0);
});

test('a share that cannot start says so in words and leaves the popup open', async ({ synced }) => {
  const t = await setup(synced);
  const popup = await openPopup(t.ext);
  // The item is withdrawn from the feed while the popup is open.
  const feed = JSON.parse(feedFile('e2e.json'));
  feed.items = feed.items.filter((i) => i.id !== 'q4-report-2026');
  t.server.setFile('/feed.json', JSON.stringify(feed));
  expect((await t.ext.message({ type: 'syncNow' })).failure).toBeNull();
  await item(popup, 'Our Q4 report').getByRole('button', { name: 'Share on LinkedIn' }).click();
  const message = popup.locator('.adv-pop-message');
  await expect(message).toHaveText("The post box couldn't be opened. Please sync and try again.");
  await expect(message).toHaveAttribute('role', 'status');
  expect(popup.isClosed()).toBe(false);
  expect(t.ext.context.pages().map((p) => p.url())).not.toContain('https://www.linkedin.com/feed/');
  await popup.getByRole('button', { name: 'Sync now' }).click();
  await expect(titles(popup)).toHaveText(ALL_TITLES.filter((x) => x !== 'Our Q4 report'));
});

test('hidden and snoozed suggestions are listed with Undo, and Undo brings them back', async ({ synced }) => {
  const t = await setup(synced);
  await t.ext.message({ type: 'hide', itemId: 'hiring-2027' });
  await t.ext.message({ type: 'snooze', itemId: 'webinar' });
  const popup = await openPopup(t.ext);
  await expect(titles(popup)).toHaveText(['Our Q4 report', 'Only for X', 'The new platform is live']);
  await expect(popup.locator('.adv-popup-status')).toContainText('3 suggestions');
  const section = popup.locator('details.adv-pop-hidden');
  const summary = section.locator('summary');
  await expect(summary).toHaveText('Hidden (2)');
  await expect(section).not.toHaveAttribute('open');
  await summary.focus();
  await popup.keyboard.press('Enter');
  await expect(section).toHaveAttribute('open', '');
  const rows = section.locator('li');
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: "We're hiring" })).toContainText('Hidden for good');
  const snoozed = await t.ext.storage().then((s) => s.state.snoozed.webinar);
  const until = await popup.evaluate((ms) => new Date(ms).toLocaleDateString('en-US', { weekday: 'short', day: 'numeric', month: 'short' }), snoozed);
  await expect(rows.filter({ hasText: 'Webinar' })).toContainText(`Snoozed until ${until}`);
  await artifact(popup, 'popup-hidden-en-light.png');

  await rows.filter({ hasText: "We're hiring" }).getByRole('button', { name: 'Undo' }).click();
  await expect(titles(popup)).toHaveText(['Our Q4 report', 'Only for X', "We're hiring", 'The new platform is live']);
  await expect(summary).toHaveText('Hidden (1)');
  // Focus stays in the section, on the remaining Undo.
  await expect(section.getByRole('button', { name: 'Undo' })).toBeFocused();
  await expect.poll(async () => Object.keys((await t.ext.storage()).state.hidden)).toEqual([]);

  await section.getByRole('button', { name: 'Undo' }).click();
  await expect(titles(popup)).toHaveText(ALL_TITLES);
  await expect(section).toBeHidden();
  // With the section gone, focus goes to the suggestion that came back.
  await expect(item(popup, 'Webinar').getByRole('button', { name: 'Share on LinkedIn' })).toBeFocused();
});

test('with everything hidden, the popup says so in words instead of showing empty filters', async ({ synced }) => {
  const t = await setup(synced);
  for (const itemId of ['q4-report-2026', 'hiring-2027', 'x-only', 'platform-launch', 'webinar']) {
    await t.ext.message({ type: 'hide', itemId });
  }
  const popup = await openPopup(t.ext);
  await expect(popup.locator('.adv-popup-status')).toContainText('0 suggestions');
  await expect(popup.locator('.adv-pop-note')).toContainText('Nothing to share right now.');
  await expect(popup.getByRole('searchbox')).toBeHidden();
  await expect(popup.getByRole('button', { name: 'Show all' })).toBeHidden();
  await expect(popup.locator('summary')).toHaveText('Hidden (5)');
});

test('personal stats: shared this month, by network, counted locally', async ({ synced }) => {
  const t = await setup(synced);
  const popup = await openPopup(t.ext);
  const stats = popup.locator('.adv-pop-stats');
  await expect(stats).toHaveText("You haven't shared anything this month yet");

  const now = Date.now();
  await t.ext.setStorage('local', { state: { shared: [{ item: 'q4-report-2026', network: 'linkedin', at: now }] } });
  await popup.reload();
  await expect(stats).toHaveText('This month you shared 1 post · LinkedIn 1 · X 0');

  await t.ext.setStorage('local', {
    state: {
      shared: [
        { item: 'q4-report-2026', network: 'linkedin', at: now },
        { item: 'q4-report-2026', network: 'x', at: now - 1000 },
        { item: 'hiring-2027', network: 'linkedin', at: now - 2000 },
        { item: 'webinar', network: 'linkedin', at: now - 400 * DAY },
      ],
    },
  });
  await popup.reload();
  await expect(stats).toHaveText('This month you shared 3 posts · LinkedIn 2 · X 1 · 4 in total');
});

test('paused suggestions say until when, with Resume', async ({ synced }) => {
  const t = await setup(synced);
  await t.ext.message({ type: 'pause', days: 3 });
  const popup = await openPopup(t.ext);
  const until = (await t.ext.storage('sync')).settings.pausedUntil;
  const date = await popup.evaluate((ms) => new Date(ms).toLocaleDateString('en-US', { weekday: 'short', day: 'numeric', month: 'short' }), until);
  await expect(popup.locator('.adv-pop-paused')).toContainText(`Suggestions are paused until ${date}.`);
  // Sharing from the popup stays possible: it is a deliberate choice.
  await expect(titles(popup)).toHaveText(ALL_TITLES);
  await popup.getByRole('button', { name: 'Resume suggestions' }).click();
  await expect(popup.locator('.adv-pop-paused')).toBeHidden();
  await expect(popup.getByRole('button', { name: 'Sync now' })).toBeFocused();
  await expect.poll(async () => (await t.ext.storage('sync')).settings.pausedUntil ?? null).toBeNull();
});

test('a feed that adds personal codes to links says so', async ({ synced, policy }) => {
  const feed = JSON.parse(feedFile('e2e.json'));
  feed.items[0].utm = { personal: true };
  // The feed asks, but only a policy may allow it (#19): without one, no code and no notice.
  const unallowed = await setup(synced, { feed: JSON.stringify(feed) });
  const p0 = await openPopup(unallowed.ext);
  await expect(p0.locator('.adv-pop-title').first()).toBeVisible();
  await expect(p0.locator('.adv-pop-tracking')).toBeHidden();

  policy.set({ allowPersonalLinks: true });
  const t = await setup(synced, { feed: JSON.stringify(feed) });
  const popup = await openPopup(t.ext);
  await expect(popup.locator('.adv-pop-tracking')).toHaveText(
    "Your company's feed adds a personal code to the links you share, so shares can be counted per person.",
  );
  await artifact(popup, 'popup-tracking-light.png');
  policy.clear();

  // Without it, no notice.
  const plain = await setup(synced);
  const p2 = await openPopup(plain.ext);
  await expect(p2.locator('.adv-pop-tracking')).toBeHidden();
});

test('a fresh install lists the bundled demo, marked as such', async ({ extension }) => {
  const ext = await extension();
  await ext.waitForFeed();
  const popup = await openPopup(ext);
  await expect(popup.locator('.adv-popup-status')).toContainText("demo content until your company's feed is set up");
  await expect(items(popup).first().locator('.adv-chip-demo')).toHaveText('Demo');
  await artifact(popup, 'popup-demo-light.png');
  expect(ext.workerErrors).toEqual([]);
});

test('the popup speaks German to a German browser', async ({ synced }) => {
  const t = await setup(synced, { lang: 'de' });
  const popup = await openPopup(t.ext);
  await expect(popup.locator('html')).toHaveAttribute('lang', /^de/);
  await expect(popup.getByRole('button', { name: 'Jetzt synchronisieren' })).toBeVisible();
  await expect(popup.locator('.adv-popup-status')).toHaveText(/^Aktualisiert (gerade eben|vor \d+ Minuten?) · 5 Vorschläge$/);
  await expect(popup.locator('.adv-pop-stats')).toHaveText('Diesen Monat haben Sie noch nichts geteilt');
  const search = popup.getByRole('searchbox', { name: 'Vorschläge durchsuchen' });
  await expect(search).toHaveAttribute('placeholder', 'Titel und Texte durchsuchen');
  await expect(popup.getByRole('radio', { name: 'Alle' })).toBeChecked();
  await expect(popup.getByRole('combobox', { name: 'Kampagne' }).locator('option').first()).toHaveText('Alle Kampagnen');
  // Titles in the employee's language, marked as such.
  const q4 = item(popup, 'Unser Q4-Bericht');
  await expect(q4.locator('.adv-pop-title')).toHaveAttribute('lang', 'de');
  await expect(q4.getByRole('button')).toHaveText(['Auf LinkedIn teilen', 'Auf X teilen']);
  await popup.getByRole('radio', { name: 'LinkedIn' }).check();
  await expect(popup.locator('.adv-pop-count')).toHaveText('3 von 5 Vorschlägen');
  await search.fill('Bericht');
  await expect(popup.locator('.adv-pop-count')).toHaveText('1 von 5 Vorschlägen');
  await expect(popup.getByRole('button', { name: 'Einstellungen' }).last()).toBeVisible();

  const now = Date.now();
  await t.ext.setStorage('local', {
    state: {
      shared: [
        { item: 'q4-report-2026', network: 'linkedin', at: now },
        { item: 'hiring-2027', network: 'x', at: now - 1000 },
      ],
      hidden: { webinar: now },
    },
  });
  await popup.reload();
  await expect(popup.locator('.adv-pop-stats')).toHaveText('Diesen Monat haben Sie 2 Beiträge geteilt · LinkedIn 1 · X 1');
  await expect(popup.locator('summary')).toHaveText('Ausgeblendet (1)');
  await popup.locator('summary').click();
  await expect(popup.locator('.adv-pop-dismissed li')).toContainText('Dauerhaft ausgeblendet');
  await expect(popup.locator('.adv-pop-dismissed').getByRole('button')).toHaveText('Rückgängig');
});

/** A popup with everything on: paused, stats, a hidden and a snoozed item, section open. */
async function busyPopup(synced, { lang, colorScheme }) {
  const t = await setup(synced, { lang, colorScheme });
  const now = Date.now();
  await t.ext.setStorage('local', {
    state: {
      // Items that are no longer listed: a shared item leaves the list for that network.
      shared: [
        { item: 'expired', network: 'linkedin', at: now },
        { item: 'expired', network: 'x', at: now - 1000 },
        { item: 'future', network: 'linkedin', at: now - 2000 },
      ],
    },
  });
  await t.ext.message({ type: 'hide', itemId: 'x-only' });
  await t.ext.message({ type: 'snooze', itemId: 'webinar' });
  await t.ext.message({ type: 'pause', days: 2 });
  const popup = await openPopup(t.ext);
  await popup.locator('summary').click();
  return { t, popup };
}

for (const colorScheme of ['light', 'dark']) {
  test(`no serious or critical axe-core violations (${colorScheme})`, async ({ synced }) => {
    const { t, popup } = await busyPopup(synced, { colorScheme });
    await expect(popup.locator('html')).toHaveAttribute('data-theme', colorScheme);
    expect(await axeViolations(popup)).toEqual([]);
    // Filtered down to nothing: the empty state is checked too.
    await popup.getByRole('searchbox').fill('nothing matches this');
    expect(await axeViolations(popup)).toEqual([]);
  });
}

test('keyboard: every control is reachable with Tab and shows where focus is', async ({ synced }) => {
  const { t, popup } = await busyPopup(synced, {});
  // Tabbing starts where the pointer last was: at the top.
  await popup.locator('h1').click();
  const seen = [];
  for (let i = 0; i < 40; i += 1) {
    await popup.keyboard.press('Tab');
    const info = await popup.evaluate((n) => {
      const e = document.activeElement;
      if (!e || e === document.body || e.dataset.tabSeen) return null;
      e.dataset.tabSeen = String(n);
      // The radios are drawn by their labels: the ring is on the label.
      const s = getComputedStyle(e.matches('input[type=radio]') ? e.nextElementSibling : e);
      const label = e.matches('input[type=radio]') ? e.nextElementSibling.textContent : '';
      return { name: e.getAttribute('aria-label') || label || e.textContent.trim(), outline: s.outlineStyle, width: s.outlineWidth };
    }, i);
    if (!info) break;
    seen.push(info);
  }
  const names = seen.map((s) => s.name);
  for (const name of ['Sync now', 'Resume suggestions', 'Search suggestions', 'All', 'Campaign', 'Our Q4 report', 'Share on LinkedIn', 'Share on X', 'Options', 'Hidden (2)', 'Undo']) {
    expect(names, name).toContain(name);
  }
  for (const s of seen) expect(`${s.name}: ${s.outline} ${s.width}`).toMatch(/: solid 2px$/);
});

function shot(name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}

for (const lang of ['en', 'de']) {
  for (const colorScheme of ['light', 'dark']) {
    test(`screenshot ${lang} ${colorScheme}`, async ({ synced }) => {
      const { t, popup } = await busyPopup(synced, { lang, colorScheme });
      await popup.locator('.adv-pop-scroll').evaluate((e) => { e.scrollTop = 0; });
      await popup.getByRole('searchbox').focus();
      await popup.waitForTimeout(200);
      await popup.screenshot({ path: shot(`popup-${lang}-${colorScheme}.png`), clip: { x: 0, y: 0, width: 360, height: 560 } });
      await popup.locator('.adv-pop-scroll').evaluate((e) => { e.scrollTop = e.scrollHeight; });
      await popup.waitForTimeout(200);
      await popup.screenshot({ path: shot(`popup-${lang}-${colorScheme}-end.png`), clip: { x: 0, y: 0, width: 360, height: 560 } });
    });
  }
}
