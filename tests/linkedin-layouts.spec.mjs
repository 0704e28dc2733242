// LinkedIn as employees really get it (docs/sites/): the React shell with its new composer
// (native <dialog>, Tiptap) and with the interop composer (Quill in #interop-outlet's open shadow
// root, a hidden copy of the editor outside), and the Ember shell (Quill in the light DOM), each
// with an English and a German UI. The built extension in Debian's Chromium, the feed from a
// real HTTP server, fixture pages on the real URLs with real editors.
import { launcher } from './harness/launcher.mjs';
import { test, expect } from './harness/test.mjs';
import { card, caretAtStart, panel, cardPlacement, q4Text, LABELS, settled } from './harness/shared.mjs';

// One retry, reported by Playwright as "flaky" rather than hidden: in two of seven full runs on a
// busy 2-core machine (2026-12-07), one Share here (Ember or the interop composer, a different
// variant each time) ended on LinkedIn's share page instead of in the composer the click had
// opened. Cause not found yet; the composer wait went from 1.5 to 3 s meanwhile. (The other
// intermittent seen here, a Share click that reached nothing, was the card's picture: it loaded
// as the click scrolled the card into view and pushed Share down by ~230 px; fixed in the card.)
test.describe.configure({ retries: 1 });

const VARIANTS = [
  // The new composer's launcher ignores a script's click (docs/sites/linkedin-react.md §4), so
  // Share goes through LinkedIn's share page: one page load, then the text goes in there.
  { name: 'React shell, new composer (Tiptap)', fixture: { layout: 'react', composer: 'sdui' }, trailing: '', viaShareUrl: true },
  { name: 'React shell, interop composer (Quill in a shadow root)', fixture: { layout: 'react', composer: 'interop' }, trailing: '\n', viaShareUrl: false },
  { name: 'Ember shell (Quill)', fixture: { layout: 'ember' }, trailing: '\n', viaShareUrl: false },
];

/** Calls the fixture's test API; null while a page is loading (after the share page). */
const fixtureCall = (page, fn, ...args) => page
  .evaluate(([f, a]) => window.__fixture?.[f]?.(...a) ?? null, [fn, args])
  .catch(() => null);

for (const variant of VARIANTS) {
  for (const lang of ['en', 'de']) {
    test(`${variant.name}, ${lang.toUpperCase()} UI: card after the 3rd post, Share puts the exact caption into the editor`, async ({ launched }) => {
      const L = LABELS[lang];
      const t = await launched({ lang: lang === 'de' ? 'de' : 'en-US', fixture: { ...variant.fixture, lang } });
      const { page } = t;
      await page.goto('https://www.linkedin.com/feed/');
      await expect(card(page).locator('.adv-title')).toHaveText(L.title);
      await page.waitForFunction(() => document.querySelector('[data-advocate-slot="0"] iframe')?.offsetHeight > 100);
      // Between the 3rd and the 4th post: in the DOM, and on screen (nothing overlaps).
      const at = await cardPlacement(page);
      expect(at.index).toBe(2);
      expect(at.top).toBeGreaterThanOrEqual(at.before - 1);
      expect(at.after).toBeGreaterThanOrEqual(at.bottom - 1);
      expect(at.height).toBeGreaterThan(100);
      expect(await fixtureCall(page, 'loads')).toBe(1);

      // The card shows while the page still lays itself out (#18: it no longer waits for the
      // page to be idle); Playwright checks that the button holds still inside its frame, not
      // that the frame holds still in the page, and a click during a shift lands beside it.
      await settled(page, '[data-advocate-slot="0"] iframe');
      await card(page).getByRole('button', { name: L.shareLinkedin }).click();
      const expected = q4Text('linkedin', lang);
      await expect.poll(() => fixtureCall(page, 'editorText'), { timeout: 20_000 }).toBe(expected + variant.trailing);
      if (variant.viaShareUrl) {
        // One page load, through LinkedIn's share page only.
        expect(await fixtureCall(page, 'loads')).toBe(2);
        expect(new URL(page.url()).pathname).toBe('/sharing/compose');
        // No card here to say "inserted": the caret at the start says Advocate is done.
        await expect.poll(() => caretAtStart(page)).toBe(true);
      } else {
        await expect(card(page).locator('.adv-status')).toContainText(L.inserted);
        expect(await fixtureCall(page, 'loads')).toBe(1);
      }
      // The open comment box in the 2nd post got nothing.
      const comments = await fixtureCall(page, 'commentTexts');
      expect(comments.length).toBeGreaterThan(0);
      expect(comments.every((c) => c.trim() === '')).toBe(true);
      // The editor is alive and the caret waits at the start for the employee's own sentence.
      await page.keyboard.type('Great work! ');
      await expect.poll(() => fixtureCall(page, 'editorText')).toBe(`Great work! ${expected}${variant.trailing}`);
      // Post follows the content; Advocate never clicks it.
      expect(await page.evaluate(() => {
        const b = window.__fixture.postButton();
        return Boolean(b) && !b.disabled && b.getAttribute('aria-disabled') !== 'true';
      })).toBe(true);
      expect(await page.evaluate(() => window.__fixture.posted.length)).toBe(0);
      expect(await page.evaluate(() => window.__fixture.errors)).toEqual([]);
      expect(t.ext.workerErrors).toEqual([]);
    });
  }
}

test('React shell: the Network tab gets its card too, and /feed/ lands on /feed/foryou/', async ({ launched }) => {
  const t = await launched({ fixture: { layout: 'react' } });
  const { page } = t;
  await page.goto('https://www.linkedin.com/feed/');
  await expect(card(page).locator('.adv-title')).toHaveText('Our Q4 report');
  expect(new URL(page.url()).pathname).toBe('/feed/foryou/');
  await page.evaluate(() => window.__fixture.navigate('/feed/network/'));
  await expect(page.locator('[componentkey="container-update-list_NetworkFeedListCollection"]')).toHaveCount(1);
  await expect(card(page).locator('.adv-title')).toHaveText('Our Q4 report');
  expect((await cardPlacement(page)).index).toBe(2);
  await expect(page.locator('[data-advocate="card"]')).toHaveCount(1);
});

test('a single post page (Ember) gets no card, and the launcher works there', async ({ launched }) => {
  const t = await launched({ fixture: { layout: 'react' } });
  const { page } = t;
  await page.goto('https://www.linkedin.com/feed/update/urn:li:activity:7366738224129470464/');
  await expect.poll(() => launcher(page).text()).toBe('Suggestions');
  await launcher(page).click();
  await expect(panel(page).locator('.adv-card').first().locator('.adv-title')).toHaveText('Our Q4 report');
  await page.waitForTimeout(500);
  await expect(page.locator('[data-advocate="card"]')).toHaveCount(0);
  // Its open comment box is no composer: Share from the panel opens LinkedIn's post box.
  await panel(page).locator('.adv-card').first().getByRole('button', { name: 'Share on LinkedIn' }).click();
  await expect.poll(() => fixtureCall(page, 'editorText'), { timeout: 20_000 }).toMatch(/^Proud of what we shipped/);
  expect((await fixtureCall(page, 'commentTexts')).every((c) => c.trim() === '')).toBe(true);
});

test('share page fallback on its own: an editor that takes nothing sends the text through the share page, then the clipboard', async ({ launched }) => {
  const t = await launched({ fixture: { layout: 'ember', editor: 'inert' } });
  await t.ext.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: 'https://www.linkedin.com' });
  const { page } = t;
  await page.goto('https://www.linkedin.com/feed/');
  await card(page).getByRole('button', { name: 'Share on LinkedIn' }).click();
  // The in-page composer took nothing: LinkedIn's share page is the next try (one load)…
  await expect.poll(() => page.url(), { timeout: 20_000 }).toContain('shareActive=true');
  await expect.poll(() => fixtureCall(page, 'loads')).toBe(2);
  // …and where that cannot be filled either, the clipboard with a visible hint, no third load.
  const toast = page.frameLocator('iframe[data-advocate="toast"]');
  await expect(toast.locator('[role="alert"]')).toContainText('press Ctrl+V', { timeout: 20_000 });
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(q4Text('linkedin'));
  expect(await fixtureCall(page, 'loads')).toBe(2);
  expect(await fixtureCall(page, 'editorText')).toBe('');
});

test('when LinkedIn fills the post box from the share page itself, the text is not put in twice', async ({ launched }) => {
  const t = await launched({ fixture: { layout: 'react', composer: 'sdui', shareText: 'prefill' } });
  const { page } = t;
  await page.goto('https://www.linkedin.com/feed/');
  await card(page).getByRole('button', { name: 'Share on LinkedIn' }).click();
  await expect.poll(() => fixtureCall(page, 'loads'), { timeout: 20_000 }).toBe(2);
  await expect.poll(() => fixtureCall(page, 'editorText'), { timeout: 20_000 }).toBe(q4Text('linkedin'));
  await page.waitForTimeout(1_000);
  expect(await fixtureCall(page, 'editorText')).toBe(q4Text('linkedin'));
});

test('the new composer\'s Post button, which has no stable attribute, still counts the share; a click the page dispatches does not', async ({ launched }) => {
  const t = await launched({ fixture: { layout: 'react', composer: 'sdui' } });
  const { page } = t;
  await page.goto('https://www.linkedin.com/feed/');
  await card(page).getByRole('button', { name: 'Share on LinkedIn' }).click();
  await expect.poll(() => fixtureCall(page, 'editorText'), { timeout: 20_000 }).toBe(q4Text('linkedin'));
  const shared = async () => (await t.ext.storage()).state?.shared ?? [];
  // The page itself clicks Post (a script, not the employee): nothing is recorded.
  await page.evaluate(() => {
    window.__fixture.postButton().dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
  });
  await page.waitForTimeout(500);
  expect(await shared()).toEqual([]);
  // A fresh share, posted by the employee's own click.
  await page.goto('https://www.linkedin.com/feed/');
  await card(page).getByRole('button', { name: 'Share on LinkedIn' }).click();
  await expect.poll(() => fixtureCall(page, 'editorText'), { timeout: 20_000 }).toBe(q4Text('linkedin'));
  const box = await page.evaluate(() => window.__fixture.postButton().getBoundingClientRect().toJSON());
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await expect.poll(() => page.evaluate(() => window.__fixture.posted.length)).toBe(1);
  await expect.poll(shared).toEqual([expect.objectContaining({ item: 'q4-report-2026', network: 'linkedin' })]);
});
