// X end to end, plus the composer picker on both sites and LinkedIn's other editors: the built
// extension in Debian's Chromium, fixtures on the real x.com / twitter.com / linkedin.com URLs
// with real Draft.js 0.11.7 (React 18), Tiptap and Quill editors.
import { test, expect } from './harness/test.mjs';
import { launcher } from './harness/launcher.mjs';
import { artifact } from './harness/extension.mjs';
import { card, caretAtStart, panel, picker, q4Text, LABELS, settled } from './harness/shared.mjs';

const X_TEXT = q4Text('x');
const LINKEDIN_TEXT = q4Text('linkedin');

async function setup(launched, fixture = {}) {
  const t = await launched({ fixture });
  // Every input event the editors see, from the main world: execCommand produces
  // beforeinput/input with inputType insertText/insertParagraph; a handled paste does not.
  await t.page.addInitScript(() => {
    window.__inputTypes = [];
    document.addEventListener('beforeinput', (e) => window.__inputTypes.push(e.inputType), true);
  });
  return t;
}

for (const host of ['x.com', 'twitter.com']) {
  test(`${host}: the card sits inside the 3rd post's cell and Share pastes into Draft.js`, async ({ launched }) => {
    const t = await setup(launched);
    const { page } = t;
    await page.goto(`https://${host}/home`);
    await expect(card(page).locator('.adv-title')).toHaveText('Our Q4 report');
    await expect(card(page).getByRole('button', { name: 'Share on X' })).toBeVisible();
    // Inside the cell that holds the 3rd post, after its article; the next cell moved down.
    const placement = await page.evaluate(() => {
      const wrapper = document.querySelector('[data-advocate-slot="0"]');
      const cell = wrapper.parentElement;
      const cells = [...document.querySelectorAll('[data-testid="cellInnerDiv"]')]
        .filter((c) => c.querySelector('article[data-testid="tweet"]'))
        .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
      return {
        inCell: cell.matches('[data-testid="cellInnerDiv"]'),
        afterArticle: wrapper.previousElementSibling?.matches('article[data-testid="tweet"]')
          || Boolean(wrapper.previousElementSibling?.querySelector('article')),
        index: cells.indexOf(cell),
      };
    });
    expect(placement.inCell).toBe(true);
    expect(placement.afterArticle).toBe(true);
    expect(placement.index).toBe(2);
    // The next cell moved down. (The timeline mounts cells up to a screen beyond the viewport;
    // with its picture's box the card can reach past that, so the card comes into view first.)
    await page.evaluate(() => document.querySelector('[data-advocate-slot="0"]').scrollIntoView({ block: 'end' }));
    const overlap = () => page.evaluate(() => {
      const wrapper = document.querySelector('[data-advocate-slot="0"]');
      const cell = wrapper.parentElement;
      const next = [...document.querySelectorAll('[data-testid="cellInnerDiv"]')]
        .map((c) => c.getBoundingClientRect().top)
        .filter((top) => top > cell.getBoundingClientRect().top)
        .sort((a, b) => a - b)[0];
      return next === undefined ? null : wrapper.getBoundingClientRect().bottom - next;
    });
    await expect.poll(overlap).not.toBeNull();
    expect(await overlap()).toBeLessThanOrEqual(0);
    // The X count: the link counts 23, whatever its length.
    await expect(card(page).locator('.adv-count')).toHaveText('140 / 280 characters');

    await page.evaluate(() => { window.__inputTypes.length = 0; });
    await card(page).getByRole('button', { name: 'Share on X' }).click();
    await expect.poll(() => page.evaluate(() => window.__fixture.editorText('modal')), { timeout: 15_000 }).toBe(X_TEXT);
    await expect(card(page).locator('.adv-status')).toContainText('The text is in the post box');
    expect(page.url()).toBe(`https://${host}/compose/post`);
    // Paste only: no execCommand input ever reached Draft.js, and React did not fall over.
    expect(await page.evaluate(() => window.__inputTypes)).toEqual([]);
    expect(await page.evaluate(() => window.__fixture.errors)).toEqual([]);
    expect(await page.evaluate(() => window.__fixture.editorAlive('modal'))).toBe(true);
    // Typing works, and starts where the employee's own sentence goes: at the start.
    await page.keyboard.type('Yes! ');
    await expect.poll(() => page.evaluate(() => window.__fixture.editorText('modal'))).toBe(`Yes! ${X_TEXT}`);
    await expect(page.locator('[data-testid="tweetButton"]')).toBeEnabled();
    expect(await page.evaluate(() => window.__fixture.posted.length)).toBe(0);
    if (host === 'x.com') await artifact(page, 'composer-x-prefilled.png');
  });
}

test('X: cards follow the virtualised timeline without duplicates, light and dark', async ({ launched }) => {
  for (const theme of ['light', 'dark']) {
    const t = await setup(launched, { theme });
    const { page } = t;
    await page.goto('https://x.com/home');
    await expect(card(page).locator('.adv-title')).toHaveText('Our Q4 report');
    await expect(card(page).locator('html')).toHaveAttribute('data-theme', theme);
    await artifact(page.locator('[data-advocate-slot="0"]'), `card-x-${theme}.png`, { margin: 24 });
    const count = () => page.locator('[data-advocate="card"]').count();
    // Scrolling down (fast, as people do): the second card appears in the 18th post's cell…
    let sawSecond = false;
    for (let i = 0; i < 40 && !sawSecond; i += 1) {
      await page.mouse.wheel(0, 700);
      await page.waitForTimeout(120);
      sawSecond = (await page.locator('[data-advocate-slot="1"]').count()) === 1;
    }
    expect(sawSecond).toBe(true);
    await expect(card(page, 1).locator('.adv-title')).toHaveText('Only for X');
    // …and by then the 3rd post's cell, with the first card in it, has been unmounted.
    await expect.poll(() => page.locator('[data-advocate-slot="0"]').count()).toBe(0);
    // Back to the top: the card returns to the same post, once.
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect.poll(() => page.locator('[data-advocate-slot="0"]').count()).toBe(1);
    expect(await count()).toBeLessThanOrEqual(2);
    await expect(card(page).locator('.adv-title')).toHaveText('Our Q4 report');
    const inThirdPost = await page.evaluate(() => {
      const cell = document.querySelector('[data-advocate-slot="0"]').parentElement;
      const cells = [...document.querySelectorAll('[data-testid="cellInnerDiv"]')]
        .filter((c) => c.querySelector('article[data-testid="tweet"]'))
        .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
      return cells.indexOf(cell);
    });
    expect(inThirdPost).toBe(2);
  }
});

test('X: a caption that cannot fit shows its count and overflow, and is prefilled anyway', async ({ launched }) => {
  // The caption fits with a short role and team (so the feed is valid), but not with these.
  const t = await setup(launched);
  await t.ext.setStorage('sync', {
    settings: {
      feedUrl: t.server.url(),
      role: 'Senior Vice President, Global Customer Success Operations',
      team: 'Enterprise Platform Engineering',
    },
  });
  const { page } = t;
  await page.goto('https://x.com/home');
  await launcher(page).click();
  const long = panel(page).locator('.adv-card', { hasText: 'The new platform is live' });
  await expect(long.locator('.adv-count')).toHaveText(/^3\d\d \/ 280 characters · \d+ too many – please shorten it in the post box$/);
  await expect(long.locator('.adv-count')).toHaveClass(/adv-over/);
  await long.getByRole('button', { name: 'Share on X' }).click();
  await expect
    .poll(() => page.evaluate(() => window.__fixture.editorText('modal')), { timeout: 15_000 })
    .toMatch(/^Our engineers spent the whole year.*as Senior Vice President, Global Customer Success Operations in Enterprise Platform Engineering: https:\/\/www\.beispiel\.de\/news\/platform\?utm_source=x/s);
});

test('X: the picker appears beside the inline box, keeps focus there, and inserts at the caret', async ({ launched }) => {
  const t = await setup(launched);
  const { page } = t;
  await page.goto('https://x.com/home');
  await expect(card(page).locator('.adv-title')).toHaveText('Our Q4 report');
  const inline = page.locator('[data-testid="tweetTextarea_0"]').first();
  await inline.click();
  await page.keyboard.type('My take: ');
  await expect(page.locator('iframe[data-advocate="picker"]')).toBeVisible();
  // The picker never takes focus by itself: the editor keeps it and typing goes on.
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('tweetTextarea_0');
  await page.keyboard.type('great quarter. ');
  await expect.poll(() => page.evaluate(() => window.__fixture.editorText('inline'))).toBe('My take: great quarter. ');
  await picker(page).getByRole('button', { name: 'Company suggestions' }).click();
  const option = picker(page).locator('.adv-picker-option').first();
  await expect(option).toContainText('Proud of what we shipped');
  // The frame grows to show the whole list (no clipping), and never covers the text.
  await expect.poll(async () => {
    const frameHeight = await page.locator('iframe[data-advocate="picker"]').evaluate((f) => f.offsetHeight);
    const listHeight = await picker(page).locator('.adv-picker').evaluate((el) => el.getBoundingClientRect().height);
    return frameHeight >= listHeight && listHeight > 200;
  }).toBe(true);
  const [frameBox, editorBox] = await Promise.all([
    page.locator('iframe[data-advocate="picker"]').boundingBox(),
    inline.boundingBox(),
  ]);
  expect(frameBox.y).toBeGreaterThanOrEqual(editorBox.y + editorBox.height);
  await artifact(page, 'picker-x-open.png');
  await option.click();
  await expect
    .poll(() => page.evaluate(() => window.__fixture.editorText('inline')), { timeout: 15_000 })
    .toBe(`My take: great quarter. ${X_TEXT}`);
  await expect(picker(page).locator('.adv-picker-status')).toContainText('Inserted at the cursor');
  expect(await page.evaluate(() => window.__fixture.errors)).toEqual([]);
});

const LINKEDIN_PICKER = [
  // The employee's own (trusted) click opens each of LinkedIn's composers.
  { name: 'new composer (Tiptap)', fixture: { layout: 'react', composer: 'sdui' }, open: '[role="button"]:has(#draft-text-replaceable-component)', trailing: '' },
  { name: 'interop composer (Quill in a shadow root)', fixture: { layout: 'react', composer: 'interop' }, open: '[role="button"]:has(#draft-text-replaceable-component)', trailing: '\n' },
  { name: 'Ember composer (Quill)', fixture: { layout: 'ember' }, open: 'button.share-box-feed-entry__trigger', trailing: '\n' },
];

for (const v of LINKEDIN_PICKER) {
  test(`LinkedIn (${v.name}): the picker appears beside the composer the employee opened and inserts at the caret`, async ({ launched }) => {
    const t = await setup(launched, v.fixture);
    const { page } = t;
    await page.goto('https://www.linkedin.com/feed/');
    await expect(card(page).locator('.adv-title')).toHaveText('Our Q4 report');
    await page.click(v.open);
    await page.waitForFunction(() => window.__fixture.editorElement);
    await expect(page.locator('iframe[data-advocate="picker"]')).toBeVisible();
    await page.keyboard.type('Hello network. ');
    await expect.poll(() => page.evaluate(() => window.__fixture.editorText())).toBe(`Hello network. ${v.trailing}`);
    await picker(page).getByRole('button', { name: 'Company suggestions' }).click();
    await picker(page).locator('.adv-picker-option', { hasText: 'Proud of what we shipped' }).click();
    await expect
      .poll(() => page.evaluate(() => window.__fixture.editorText()), { timeout: 15_000 })
      .toBe(`Hello network. ${LINKEDIN_TEXT}${v.trailing}`);
    expect((await page.evaluate(() => window.__fixture.commentTexts())).every((c) => c.trim() === '')).toBe(true);
    await artifact(page, `picker-linkedin-${v.fixture.composer ?? v.fixture.layout}.png`);
    // Closing the composer removes the picker.
    await page.evaluate(() => window.__fixture.closeComposer());
    await expect(page.locator('iframe[data-advocate="picker"]')).toHaveCount(0);
  });
}

test('X, German UI: the card and Share work on the German timeline', async ({ launched }) => {
  const t = await launched({ lang: 'de', fixture: { lang: 'de' } });
  const { page } = t;
  await page.goto('https://x.com/home');
  await expect(page.locator('[aria-label="Timeline: Deine Timeline der Startseite"]')).toHaveCount(1);
  await expect(card(page).locator('.adv-title')).toHaveText('Unser Q4-Bericht');
  await card(page).getByRole('button', { name: 'Auf X teilen' }).click();
  await expect.poll(() => page.evaluate(() => window.__fixture.editorText('modal')), { timeout: 15_000 }).toBe(q4Text('x', 'de'));
  expect(await page.evaluate(() => window.__fixture.editorAlive('modal'))).toBe(true);
  expect(await page.evaluate(() => window.__fixture.posted.length)).toBe(0);
  expect(await page.evaluate(() => window.__fixture.loads())).toBe(1);
});

for (const lang of ['en', 'de']) {
  test(`X at mobile width, ${lang.toUpperCase()} UI: the card in the timeline, Share fills the compose page's textarea`, async ({ launched }) => {
    const t = await launched({ lang: lang === 'de' ? 'de' : 'en-US', fixture: { lang } });
    const { page } = t;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('https://x.com/home');
    await expect(page.locator('[data-testid="TopNavBar"]')).toHaveCount(1);
    await expect(card(page).locator('.adv-title')).toHaveText(LABELS[lang].title);
    // Away from X's floating bars at the bottom (they cover whatever scrolls beneath them).
    await page.evaluate(() => scrollBy(0, document.querySelector('[data-advocate-slot="0"]').getBoundingClientRect().top - 60));
    await settled(page, '[data-advocate-slot="0"]');
    await card(page).getByRole('button', { name: LABELS[lang].shareX }).click();
    await expect.poll(() => page.evaluate(() => window.__fixture.editorText('page')), { timeout: 15_000 }).toBe(q4Text('x', lang));
    expect(new URL(page.url()).pathname).toBe('/compose/post');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await expect.poll(() => caretAtStart(page)).toBe(true);
    await page.keyboard.type('Ja! ');
    await expect.poll(() => page.evaluate(() => window.__fixture.editorText('page'))).toBe(`Ja! ${q4Text('x', lang)}`);
    expect(await page.evaluate(() => {
      const b = window.__fixture.postButton();
      return Boolean(b) && !b.disabled;
    })).toBe(true);
    expect(await page.evaluate(() => window.__fixture.posted.length)).toBe(0);
    expect(await page.evaluate(() => window.__fixture.loads())).toBe(1);
  });
}

test('X: without a Post button to click, Share goes through the intent page, which X fills itself', async ({ launched }) => {
  const t = await setup(launched);
  const { page } = t;
  // As if X moved its "Post" button where Advocate does not find it.
  await page.addInitScript(() => {
    new MutationObserver(() => {
      for (const a of document.querySelectorAll('a[href="/compose/post"]')) a.setAttribute('href', '/compose/new');
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto('https://x.com/home');
  await card(page).getByRole('button', { name: 'Share on X' }).click();
  await expect.poll(() => page.evaluate(() => window.__fixture?.loads() ?? 0).catch(() => 0), { timeout: 15_000 }).toBe(2);
  await expect.poll(() => page.evaluate(() => window.__fixture?.editorText('modal') ?? null).catch(() => null), { timeout: 15_000 }).toBe(X_TEXT);
  await page.waitForTimeout(800);
  expect(await page.evaluate(() => window.__fixture.editorText('modal'))).toBe(X_TEXT);
});
