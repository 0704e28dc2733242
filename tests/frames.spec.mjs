// What the page can do with what the extension puts into it (issue #19): it can read a frame's
// address and embed frame.html itself, dispatch clicks, and it shares its process with the
// content script. None of that may act for the employee.
import { test, expect } from './harness/test.mjs';
import { buildFixtures } from './harness/fixtures.mjs';
import { clearPolicy, EXTENSION_ID } from './harness/extension.mjs';
import { card, q4Text } from './harness/shared.mjs';

test.beforeAll(async () => {
  clearPolicy();
  await buildFixtures();
});

test('a page that embeds frame.html itself, with the address of a real card, gets an empty frame', async ({ launched }) => {
  const t = await launched({ fixture: { layout: 'ember' } });
  const { page } = t;
  await page.goto('https://www.linkedin.com/feed/');
  await expect(card(page).locator('.adv-title')).toHaveText('Our Q4 report');
  // The page copies the card frame's address (it can read it) into a frame of its own, nearly
  // invisible, to have the employee click Share in it.
  const copied = await page.evaluate(() => {
    const src = document.querySelector('[data-advocate-slot="0"] iframe').src;
    const forged = document.createElement('iframe');
    forged.id = 'forged';
    forged.src = src.replace('slot=0', 'slot=1');
    forged.style.cssText = 'position:fixed;top:0;left:0;width:600px;height:400px;opacity:0.01;border:0';
    document.body.append(forged);
    return src;
  });
  expect(copied).toMatch(/frame\.html#kind=card/);
  expect(copied).not.toMatch(/token=/);
  const forged = page.frameLocator('#forged');
  await page.waitForTimeout(2_500);
  await expect(forged.locator('body')).toBeEmpty();
  await expect(forged.locator('button')).toHaveCount(0);
  // The real card still works.
  await card(page).getByRole('button', { name: 'Share on LinkedIn' }).click();
  await expect.poll(() => page.evaluate(() => window.__fixture.editorText()), { timeout: 15_000 }).toBe(`${q4Text('linkedin')}\n`);
});

test('commands to the content script are taken only from the part of Advocate that sends them', async ({ launched }) => {
  const t = await launched({ fixture: { layout: 'ember' } });
  const { page } = t;
  await page.goto('https://www.linkedin.com/feed/');
  await expect(card(page).locator('.adv-title')).toHaveText('Our Q4 report');
  await page.locator('button.share-box-feed-entry__trigger').click();
  await page.waitForFunction(() => window.__fixture.editorElement);
  // An extension page (not the background) asks the content script to insert text.
  const helper = await t.ext.page();
  const answer = await helper.evaluate(async () => {
    const [tab] = await chrome.tabs.query({ url: 'https://www.linkedin.com/*' });
    return chrome.tabs.sendMessage(tab.id, {
      type: 'prefill', text: 'Not from the background', intoOpen: true, itemId: 'x', caretAtStart: false,
    }).then((r) => r ?? 'no answer', (e) => `refused: ${e.message}`);
  });
  // Refused, or never answered: either way not done.
  expect(answer?.ok).not.toBe(true);
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => window.__fixture.editorText())).toBe('\n');
  // The background takes "posted" only from a content script: a page cannot add to the statistics.
  const refused = await t.ext.message({ type: 'posted', site: 'linkedin', itemId: 'q4-report-2026', inserted: 'a', editorText: 'a' });
  expect(refused.error).toMatch(/not accepted/);
  expect((await t.ext.storage()).state?.shared ?? []).toEqual([]);
});

test('the launcher sits in a closed shadow root and ignores clicks the page dispatches', async ({ launched }) => {
  const t = await launched({ fixture: { layout: 'ember' } });
  const { page } = t;
  await page.goto('https://www.linkedin.com/feed/');
  await expect(card(page).locator('.adv-title')).toHaveText('Our Q4 report');
  const seen = await page.evaluate(() => {
    const host = document.querySelector('[data-advocate="launcher"]');
    host.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    return { shadowRoot: host.shadowRoot };
  });
  expect(seen.shadowRoot).toBeNull();
  await page.waitForTimeout(500);
  await expect(page.locator('iframe[data-advocate="panel"]')).toHaveCount(0);
  expect(EXTENSION_ID).toBeTruthy();
});
