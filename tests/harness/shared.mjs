// What several specs look at: the card frames, the final caption texts of the e2e feed
// (tests/feeds/e2e.json), where a card sits between the fixture's posts, and axe-core's verdict.
import fs from 'node:fs';
import { createRequire } from 'node:module';

const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The card frame in `slot` (a FrameLocator). */
export const card = (page, slot = 0) => page.frameLocator(`[data-advocate-slot="${slot}"] iframe`);

/** The launcher's panel frame (a FrameLocator). */
export const panel = (page) => page.frameLocator('iframe[data-advocate="panel"]');

/** The composer picker's frame (a FrameLocator). */
export const picker = (page) => page.frameLocator('iframe[data-advocate="picker"]');

/**
 * Runs axe-core in a page or frame and returns its serious and critical violations as readable
 * lines. Evaluated rather than added as a <script>: extension pages' CSP allows only their own
 * scripts, while DevTools-protocol evaluation is not subject to it.
 */
export async function axeViolations(target) {
  await target.evaluate(AXE);
  const result = await target.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The pinned item's caption, placeholders filled, link tagged, hashtags appended. */
export function q4Text(network, lang = 'en') {
  const link = `https://www.beispiel.de/news/q4?utm_source=${network}&utm_medium=employee_advocacy&utm_campaign=q4-2026`;
  const body = lang === 'de'
    ? 'Stolz auf dieses Quartal!\n\nUnser Q4-Bericht: Zahlen aus jedem Team der Beispiel GmbH.'
    : 'Proud of what we shipped this quarter!\n\nOur Q4 report: numbers from every team at Beispiel GmbH.';
  return `${body}\n\n${link}\n\n#BeispielGmbH #Q4`;
}

/** The card's labels in the browser's UI language. */
export const LABELS = {
  en: { shareLinkedin: 'Share on LinkedIn', shareX: 'Share on X', title: 'Our Q4 report', inserted: 'The text is in the post box', suggestions: 'Suggestions' },
  de: { shareLinkedin: 'Auf LinkedIn teilen', shareX: 'Auf X teilen', title: 'Unser Q4-Bericht', inserted: 'Der Text steht im Beitragsfeld', suggestions: 'Vorschläge' },
};

/**
 * Where the card in `slot` sits among the fixture's posts: its index after them in the DOM, and
 * the boxes of the posts before and after it and of the card on screen. A LinkedIn post wrapper
 * has `display: contents` (no box of its own), so a post's box is that of its children.
 */
export function cardPlacement(page, slot = 0) {
  return page.evaluate((s) => {
    const wrapper = document.querySelector(`[data-advocate-slot="${s}"]`);
    if (!wrapper) return null;
    const list = wrapper.parentElement;
    const isPost = (el) => (el.matches('div[data-lazy-mount-id]')
      ? Boolean(el.querySelector('[id^="expanded"], [componentkey^="expanded"]'))
      : el.matches('[data-finite-scroll-hotkey-item]'));
    const posts = [...list.children].filter((el) => el !== wrapper && isPost(el));
    const box = (el) => {
      if (getComputedStyle(el).display !== 'contents') return el.getBoundingClientRect();
      const rects = [...el.children].map(box).filter((r) => r.height > 0);
      return { top: Math.min(...rects.map((r) => r.top)), bottom: Math.max(...rects.map((r) => r.bottom)) };
    };
    const index = posts.indexOf(wrapper.previousElementSibling);
    const own = wrapper.getBoundingClientRect();
    return {
      index,
      before: box(posts[index]).bottom,
      top: own.top,
      bottom: own.bottom,
      after: posts[index + 1] ? box(posts[index + 1]).top : null,
      height: own.height,
    };
  }, slot);
}

/**
 * Waits until the element at `selector` has stopped moving in the page. X's virtualised
 * timeline re-measures its cells after a scroll and moves them; Playwright checks that a
 * button is still inside its frame, not that the frame itself stayed put.
 */
export async function settled(page, selector) {
  let last = '';
  for (let i = 0; i < 40; i += 1) {
    const now = JSON.stringify(await page.locator(selector).boundingBox());
    if (now === last) return;
    last = now;
    await page.waitForTimeout(150);
  }
}

/**
 * Whether the caret waits, collapsed, at the very start of the focused editor (a textarea, or
 * a contenteditable in the page's light DOM). Advocate places it there after it verified the
 * caption, a moment after the text appears: a test types only once it is there, as an employee
 * who sees the composer does.
 */
export const caretAtStart = (page) => page.evaluate(() => {
  const a = document.activeElement;
  if (a instanceof HTMLTextAreaElement) return a.selectionStart === 0 && a.selectionEnd === 0;
  const s = getSelection();
  if (!a?.isContentEditable || !s?.rangeCount || !s.isCollapsed || !a.contains(s.anchorNode)) return false;
  const before = document.createRange();
  before.setStart(a, 0);
  before.setEnd(s.anchorNode, s.anchorOffset);
  return before.toString() === '';
});
