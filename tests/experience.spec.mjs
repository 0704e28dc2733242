// The employee's experience on the page: shared detection, retraction notices, snooze, the
// caret waiting for their own sentence, German UI, accessibility of the in-page frames.
import { launcher } from './harness/launcher.mjs';
import { test, expect } from './harness/test.mjs';
import { artifact, feedFile } from './harness/extension.mjs';
import { card, panel, picker, axeViolations, LABELS } from './harness/shared.mjs';

const FEED = feedFile('e2e.json');

// The Ember shell's composer (Quill in the light DOM, `.share-actions__primary-action`); the React
// shell's composers have their own spec (linkedin-layouts.spec.mjs).
const setup = (launched, opts = {}) => launched({ ...opts, feed: 'e2e.json', fixture: { layout: 'ember', ...opts.fixture } });

test('clicking the site\'s Post button records the share; a retraction then shows a notice until dismissed', async ({ launched }) => {
  const t = await setup(launched);
  const { page, ext, server } = t;
  await page.goto('https://www.linkedin.com/feed/');
  await card(page).getByRole('button', { name: 'Share on LinkedIn' }).click();
  await expect.poll(() => page.evaluate(() => window.__fixture.editorText()), { timeout: 15_000 }).toContain('Proud of what we shipped');
  // The caret waits at the start for the employee's own sentence, once the card says the text
  // is in (the caption shows a moment before Advocate has checked it and placed the caret).
  await expect(card(page).locator('.adv-status')).toContainText(LABELS.en.inserted);
  await page.keyboard.type('Two years of work. ');
  await expect.poll(() => page.evaluate(() => window.__fixture.editorText())).toMatch(/^Two years of work\. Proud of what we shipped/);
  await page.click('button.share-actions__primary-action');
  await expect.poll(() => page.evaluate(() => window.__fixture.posted.length)).toBe(1);
  await expect.poll(async () => (await ext.storage()).state?.shared ?? []).toEqual([
    expect.objectContaining({ item: 'q4-report-2026', network: 'linkedin' }),
  ]);
  // A shared item is not suggested again.
  await page.reload();
  await expect(card(page).locator('.adv-title')).toHaveText("We're hiring");

  // The admins withdraw the item.
  const retracted = JSON.parse(FEED);
  Object.assign(retracted.items[0], {
    status: 'retracted',
    retraction_note: { en: 'The figures in the report were wrong; a corrected version follows.', de: 'Die Zahlen waren falsch.' },
  });
  server.setFile('/feed.json', JSON.stringify(retracted));
  const status = await ext.message({ type: 'syncNow' });
  expect(status.failure).toBeNull();
  await page.reload();
  const notice = page.frameLocator('iframe[data-advocate="notice"]');
  await expect(notice.locator('h2')).toContainText('Your company withdrew "Our Q4 report", which you shared');
  await expect(notice.locator('.adv-notice p')).toHaveText('The figures in the report were wrong; a corrected version follows.');
  await expect(notice.getByRole('link', { name: 'Open your recent posts' }))
    .toHaveAttribute('href', 'https://www.linkedin.com/in/me/recent-activity/all/');
  await artifact(page, 'notice-linkedin.png');
  // It stays across visits until dismissed.
  await page.reload();
  await expect(notice.locator('h2')).toBeVisible();
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.locator('iframe[data-advocate="notice"]')).toHaveCount(0);
  await page.reload();
  await expect(card(page).locator('.adv-title')).toHaveText("We're hiring");
  await expect(page.locator('iframe[data-advocate="notice"]')).toHaveCount(0);
});

test('Later snoozes an item for a week, with Undo', async ({ launched }) => {
  const t = await setup(launched);
  const { page, ext } = t;
  await page.goto('https://www.linkedin.com/feed/');
  await card(page).getByRole('button', { name: 'Later' }).click();
  await expect(card(page).locator('.adv-hidden')).toContainText('Snoozed for a week.');
  await expect.poll(async () => (await ext.storage()).state?.snoozed?.['q4-report-2026'] ?? 0)
    .toBeGreaterThan(Date.now() + 6.9 * 86_400_000);
  await page.reload();
  await expect(card(page).locator('.adv-title')).toHaveText("We're hiring");
  await ext.message({ type: 'unhide', itemId: 'q4-report-2026' });
  await page.reload();
  await expect(card(page).locator('.adv-title')).toHaveText('Our Q4 report');
});

test('German browser: German UI, German captions, German number format', async ({ launched }) => {
  for (const theme of ['light', 'dark']) {
    const t = await setup(launched, { lang: 'de', fixture: { lang: 'de', theme } });
    const { page } = t;
    await page.goto('https://www.linkedin.com/feed/');
    const c = card(page);
    await expect(c.locator('.adv-title')).toHaveText('Unser Q4-Bericht');
    await expect(c.locator('.adv-eyebrow')).toHaveText('Vorschlag von Beispiel GmbH');
    await expect(c.locator('.adv-caption-text')).toContainText('Stolz auf dieses Quartal!');
    await expect(c.locator('.adv-count')).toHaveText(/^\d+ \/ 3\.000 Zeichen$/);
    for (const name of ['Auf LinkedIn teilen', 'Kopieren', 'Später', 'Ausblenden']) {
      await expect(c.getByRole('button', { name })).toBeVisible();
    }
    await expect(c.locator('html')).toHaveAttribute('lang', /^de/);
    await expect.poll(() => launcher(page).text()).toBe('Vorschläge');
    await artifact(page.locator('[data-advocate-slot="0"]'), `card-linkedin-${theme}-de.png`);
    await c.getByRole('button', { name: 'Auf LinkedIn teilen' }).click();
    await expect(c.locator('.adv-status')).toContainText('Der Text steht im Beitragsfeld', { timeout: 15_000 });
  }
});

// One retry, reported by Playwright as "flaky" rather than hidden: in one clean-clone CI run
// (2026-12-07, commit fded04a) the light variant stopped for 50 s at the Escape that closes the
// panel, after the panel's axe check had passed; the same build passed it 6 of 6 times right
// after, in 6-8 s each. Cause not found.
test.describe('keyboard and axe', () => {
  test.describe.configure({ retries: 1 });
  for (const colorScheme of ['light', 'dark']) {
    test(`accessibility (${colorScheme}): card, panel, picker and notice have no serious axe violations and work by keyboard`, async ({ launched }) => {
      const theme = colorScheme;
      const t = await setup(launched, { colorScheme, fixture: { theme } });
      const { page } = t;
      await page.goto('https://www.linkedin.com/feed/');
      await expect(card(page).locator('.adv-title')).toHaveText('Our Q4 report');
      const frameOf = (kind) => page.frames().find((f) => f.url().includes(`kind=${kind}`));
      expect(await axeViolations(frameOf('card'))).toEqual([]);

      // Keyboard: Tab reaches the card's buttons with a visible focus ring.
      const share = card(page).getByRole('button', { name: 'Share on LinkedIn' });
      await share.focus();
      const outline = await share.evaluate((el) => getComputedStyle(el).outlineStyle);
      expect(outline).not.toBe('none');
      await page.keyboard.press('Tab');
      await expect(card(page).getByRole('button', { name: 'Copy' })).toBeFocused();

      // The launcher and its panel, by keyboard.
      await launcher(page).focus();
      await page.keyboard.press('Enter');
      await expect(panel(page).locator('.adv-close')).toBeFocused();
      await expect(panel(page).locator('.adv-card')).toHaveCount(3);
      expect(await axeViolations(frameOf('panel'))).toEqual([]);
      await page.keyboard.press('Escape');
      await expect.poll(() => launcher(page).focused()).toBe(true);

      // The picker beside a composer the employee opened.
      await page.click('button.share-box-feed-entry__trigger');
      await expect(page.locator('iframe[data-advocate="picker"]')).toBeVisible();
      await picker(page).getByRole('button', { name: 'Company suggestions' }).click();
      await expect(picker(page).locator('.adv-picker-option').first()).toBeVisible();
      expect(await axeViolations(frameOf('picker'))).toEqual([]);
      await page.keyboard.press('Escape');
      await expect(picker(page).getByRole('button', { name: 'Company suggestions' })).toHaveAttribute('aria-expanded', 'false');
    });
  }
});

test('reduced motion: no transitions when the system asks for none', async ({ launched }) => {
  const t = await setup(launched);
  await t.page.emulateMedia({ reducedMotion: 'reduce' });
  await t.page.goto('https://www.linkedin.com/feed/');
  await expect(card(t.page).locator('.adv-title')).toHaveText('Our Q4 report');
  // Chromium does not run animation frames in an off-screen cross-origin frame: bring the
  // card into view (where the employee would see any transition) before waiting for one.
  await t.page.locator('[data-advocate-slot="0"]').scrollIntoViewIfNeeded();
  const frame = t.page.frames().find((f) => f.url().includes('kind=card'));
  await frame.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
  const durations = await card(t.page).locator('button').evaluateAll((els) => els.map((el) => getComputedStyle(el).transitionDuration));
  expect(durations.every((d) => d === '0s')).toBe(true);
});
