// The page check: the popup says in words what Advocate finds on the LinkedIn or X tab, and
// "Copy diagnostics" copies a report with selectors and counts, never text from the page. Also
// the case the page check exists for: a feed whose markup Advocate no longer recognises.
import { launcher } from './harness/launcher.mjs';
import { test, expect } from './harness/test.mjs';
import { EXTENSION_ID } from './harness/extension.mjs';
import { card, panel } from './harness/shared.mjs';

const POPUP = `chrome-extension://${EXTENSION_ID}/popup.html`;

/** The popup as a page of its own: it looks at the LinkedIn or X tab used last. */
async function openPopup(t) {
  const popup = await t.ext.context.newPage();
  await popup.setViewportSize({ width: 360, height: 600 });
  await popup.goto(POPUP);
  await expect(popup.locator('.adv-pop-page')).toBeVisible();
  return popup;
}

/** Clicks "Copy diagnostics" and reads the clipboard back (from the site's page: the browser
 * grants clipboard reading to web origins only). */
async function copyDiagnostics(popup, sitePage) {
  const origin = new URL(sitePage.url()).origin;
  await popup.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  await popup.bringToFront();
  await popup.getByRole('button', { name: /Copy diagnostics|Diagnose kopieren/ }).click();
  await expect(popup.locator('.adv-pop-page-said')).toHaveText(/^(Copied|Kopiert)/);
  await sitePage.bringToFront();
  return sitePage.evaluate(() => navigator.clipboard.readText());
}

// Every line of a diagnostics report: fixed words, versions, this extension's own selectors
// and counts. Anything else would be something taken from the page.
const REPORT_LINE = [
  /^Advocate page check$/,
  /^extension [\d.]+ · Chrome( \(headless\))? [\d.]+$/,
  /^site (linkedin|x) · layout (react|ember|desktop|mobile|unknown) · (feed page|not a feed page)$/,
  /^(feedList|post|startPost|composer|editor|postButton) +(\d+\/\d+ .+?( · \d+)?|none of \d+ matched|not open yet|found by shape \(no selector matched\))$/,
  /^cards +\d+$/,
];

function expectOnlyOurWords(report) {
  for (const line of report.trimEnd().split('\n')) {
    expect(REPORT_LINE.some((re) => re.test(line)), `report line ${JSON.stringify(line)}`).toBe(true);
  }
}

test('LinkedIn: the popup says suggestions in the feed and the post box are found, and copies a report', async ({ launched }) => {
  const t = await launched({ fixture: { layout: 'react' } });
  await t.page.goto('https://www.linkedin.com/feed/');
  await expect(card(t.page).locator('.adv-title')).toHaveText('Our Q4 report');
  const popup = await openPopup(t);
  await expect(popup.locator('.adv-pop-page-line')).toHaveText('LinkedIn: suggestions in the feed ✓, post box ✓');
  await expect(popup.locator('.adv-pop-page-problem')).toHaveCount(0);
  const report = await copyDiagnostics(popup, t.page);
  expectOnlyOurWords(report);
  expect(report).toContain('site linkedin · layout react · feed page');
  expect(report).toContain("feedList   1/3 [data-testid='mainFeed']");
  expect(report).toMatch(/^post +1\/2 div\[data-lazy-mount-id\].* · \d+$/m);
  expect(report).toContain("startPost  1/3 [role='button']:has(#draft-text-replaceable-component)");
  expect(report).toContain('cards      1');
});

test('LinkedIn, German: after the employee opened the post box, the page check names the composer it found', async ({ launched }) => {
  const t = await launched({ lang: 'de', fixture: { layout: 'ember', lang: 'de' } });
  await t.page.goto('https://www.linkedin.com/feed/');
  await expect(card(t.page).locator('.adv-title')).toHaveText('Unser Q4-Bericht');
  await t.page.locator('button.share-box-feed-entry__trigger').click();
  await t.page.waitForFunction(() => window.__fixture.editorElement);
  const popup = await openPopup(t);
  await expect(popup.locator('.adv-pop-page-line')).toHaveText('LinkedIn: Vorschläge im Feed ✓, Beitragsfeld ✓');
  const report = await copyDiagnostics(popup, t.page);
  expectOnlyOurWords(report);
  expect(report).toContain('layout ember');
  expect(report).toMatch(/^composer +\d\/\d \S/m);
  expect(report).toContain("editor     2/3 .ql-editor[contenteditable='true']");
  expect(report).toContain("postButton 1/1 .share-actions__primary-action");
});

test('a feed Advocate cannot recognise: no card, the launcher works, the popup says so, the report holds no page text', async ({ launched }) => {
  const t = await launched({ fixture: { layout: 'react' } });
  const { page } = t;
  // As if LinkedIn renamed the feed list's hooks overnight.
  await page.addInitScript(() => {
    const rename = (el) => {
      if (el.getAttribute('data-testid') === 'mainFeed') el.setAttribute('data-testid', 'mainFeedV3');
      if (el.getAttribute('componentkey')?.startsWith('container-update-list_')) el.setAttribute('componentkey', 'feed-stream');
    };
    new MutationObserver((records) => {
      for (const r of records) {
        for (const n of r.addedNodes) {
          if (n.nodeType !== 1) continue;
          rename(n);
          n.querySelectorAll('[data-testid="mainFeed"], [componentkey^="container-update-list_"]').forEach(rename);
        }
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto('https://www.linkedin.com/feed/');
  await expect(page.locator('[data-testid="mainFeedV3"]')).toHaveCount(1);
  await expect.poll(() => launcher(page).text()).toBe('Suggestions');
  await page.waitForTimeout(1_000);
  await expect(page.locator('[data-advocate="card"]')).toHaveCount(0);
  // The launcher and its panel still work.
  await launcher(page).click();
  await expect(panel(page).locator('.adv-card').first().locator('.adv-title')).toHaveText('Our Q4 report');

  const popup = await openPopup(t);
  await expect(popup.locator('.adv-pop-page-line')).toHaveText('LinkedIn: post box ✓');
  await expect(popup.locator('.adv-pop-page-problem')).toHaveText(
    'Advocate cannot find the LinkedIn feed on this page, so no suggestions appear in it. The Suggestions button still works.',
  );
  const report = await copyDiagnostics(popup, t.page);
  expectOnlyOurWords(report);
  expect(report).toContain('feedList   none of 3 matched');
  // Nothing of the page: no word of its posts, names or addresses.
  const pageText = await page.evaluate(() => document.body.innerText);
  const words = new Set(pageText.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 5));
  const ours = new Set(report.split(/[^\p{L}\p{N}]+/u));
  const leaked = [...words].filter((w) => ours.has(w) && !['LinkedIn', 'Suggestions', 'linkedin'].includes(w));
  expect(leaked).toEqual([]);
  expect(report).not.toMatch(/https?:|\/in\/|urn:li/);
});

test('X: the page check on the desktop home timeline and at mobile width', async ({ launched }) => {
  const t = await launched({ fixture: {} });
  await t.page.goto('https://x.com/home');
  await expect(card(t.page).locator('.adv-title')).toHaveText('Our Q4 report');
  let popup = await openPopup(t);
  await expect(popup.locator('.adv-pop-page-line')).toHaveText('X: suggestions in the feed ✓, post box ✓');
  let report = await copyDiagnostics(popup, t.page);
  expectOnlyOurWords(report);
  expect(report).toContain('site x · layout desktop · feed page');
  await popup.close();

  await t.page.setViewportSize({ width: 390, height: 844 });
  await t.page.reload();
  await expect(card(t.page).locator('.adv-title')).toHaveText('Our Q4 report');
  popup = await openPopup(t);
  await expect(popup.locator('.adv-pop-page-line')).toHaveText('X: suggestions in the feed ✓, post box ✓');
  report = await copyDiagnostics(popup, t.page);
  expect(report).toContain('site x · layout mobile · feed page');
  expect(report).toContain("startPost  2/3 a[data-testid='FloatingActionButtons_Tweet_Button'][href='/compose/post']");
});
