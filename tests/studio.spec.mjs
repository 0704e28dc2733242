// The feed studio (studio.html, #20), driven as a comms admin drives it: the starter feed,
// editing with the final texts and the card preview following, findings at their field in the
// words of `advocate validate`, saving (a download), spreadsheet import in a Berlin browser,
// signing with a key from `advocate keygen`, the local autosave, axe-core and the keyboard, and
// the open/edit/save path in Firefox ESR. Whatever the studio writes is judged by the real CLI
// (target/release/advocate, built by ./build.sh), never by the page's own opinion of itself.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { test, expect } from './harness/test.mjs';
import { EXTENSION_ID, ROOT, DIST_FIREFOX, ARTIFACTS } from './harness/extension.mjs';
import { axeViolations } from './harness/shared.mjs';

const STUDIO = `chrome-extension://${EXTENSION_ID}/studio.html`;
const ADVOCATE = path.join(ROOT, 'target/release/advocate');
const SHEET = path.join(ROOT, 'tests/feeds/import/studio-berlin-dst.csv');
const GECKO_ID = 'advocate@advocate-extension.org';

/** Runs the admin CLI; its exit code and everything it printed. */
function advocate(args, { input } = {}) {
  const r = spawnSync(ADVOCATE, args, { encoding: 'utf8', input, env: { ...process.env, NO_COLOR: '1' } });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, out: `${r.stdout}${r.stderr}` };
}

/** A fresh folder in this test's output directory (Playwright clears it before each run). */
function folder(name) {
  const dir = test.info().outputPath(name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Opens the studio in a new tab. The native file dialogs of the File System Access API cannot
 * be driven by a test, so they are removed before the page's scripts run: the studio then saves
 * by download (its path for browsers without the API), which Playwright captures.
 */
async function openStudio(ext) {
  const page = await ext.context.newPage();
  await page.addInitScript(() => {
    for (const name of ['showSaveFilePicker', 'showOpenFilePicker']) {
      delete window[name];
      delete Window.prototype[name];
    }
  });
  await page.goto(STUDIO);
  expect(await page.evaluate(() => typeof window.showSaveFilePicker)).toBe('undefined');
  await expect(page.locator('#st-items .st-item').first()).toBeVisible();
  return page;
}

/** "New feed" (it asks first: the open feed is replaced). */
async function newStarterFeed(page) {
  page.once('dialog', (d) => d.accept());
  await page.locator('#st-new').click();
  await expect(page.locator('#st-status')).toHaveText('Started from the starter feed.');
}

/** Clicks `button` and saves the `count` downloads it starts into `dir`; their paths by name. */
async function downloads(page, button, dir, count = 1) {
  const got = [];
  const all = new Promise((resolve) => {
    const on = (d) => {
      got.push(d);
      if (got.length === count) {
        page.off('download', on);
        resolve();
      }
    };
    page.on('download', on);
  });
  await page.locator(button).click();
  await all;
  const files = {};
  for (const d of got) {
    const file = path.join(dir, d.suggestedFilename());
    await d.saveAs(file);
    files[d.suggestedFilename()] = file;
  }
  return files;
}

/** Saves the draft with "Save feed.json"; the path of the downloaded file. */
async function save(page, dir) {
  const files = await downloads(page, '#st-save', folder(dir));
  expect(Object.keys(files)).toEqual(['feed.json']);
  return files['feed.json'];
}

/** The wrapper of the form control for a JSON Pointer. */
const field = (page, pointer) => page.locator(`.st-field[data-pointer="${pointer}"]`);
/** The control for a JSON Pointer: `f` and the pointer, '/' (any character but letters, digits and _) as '-'. */
const control = (page, pointer) => page.locator(`#f${pointer.replace(/[^A-Za-z0-9_]/g, '-')}`);

/** The longest literal piece of a caption (without its placeholders): found in its final text. */
function literalPiece(caption) {
  return caption.split(/\{[a-z_]+\}/).map((s) => s.trim()).sort((a, b) => b.length - a.length)[0];
}

test('editing a caption changes its final text, its count and the card preview', async ({ extension }) => {
  const ext = await extension();
  const page = await openStudio(ext);
  await newStarterFeed(page);
  // The first item's form is open, and the preview shows its card to an English-speaking
  // employee on LinkedIn, drawn by the extension's own card code in the preview frame.
  await expect(control(page, '/items/0/id')).toHaveValue('nachhaltigkeitsbericht');
  await expect(page.locator('#st-pv-lang')).toHaveValue('en');
  await expect(page.locator('#st-pv-network')).toHaveValue('linkedin');
  const card = page.frameLocator('#st-card-frame').locator('article.adv-card');
  await expect(card.locator('.adv-title')).toHaveText('Our sustainability report');
  const cardCaption = card.locator('.adv-caption-text');
  const shownBefore = await cardCaption.textContent();

  // The English caption the card shows (which of the item's variants an install sees first
  // is a hash of its id; the preview's is fixed).
  let index = null;
  for (let n = 0; n < 4; n += 1) {
    if (await control(page, `/items/0/captions/${n}/lang`).inputValue() !== 'en') continue;
    const raw = await control(page, `/items/0/captions/${n}/text`).inputValue();
    if (shownBefore.includes(literalPiece(raw))) index = n;
  }
  expect(index, 'the card shows one of the English captions').not.toBeNull();
  const pointer = `/items/0/captions/${index}/text`;
  const oldRaw = await control(page, pointer).inputValue();
  const linkedin = page.locator('#st-captions .st-caption[data-network="linkedin"]');
  const oldEntry = linkedin.filter({ hasText: literalPiece(oldRaw) });
  await expect(oldEntry).toHaveCount(1);
  const oldCount = await oldEntry.locator('.st-caption-count').textContent();

  const edited = 'Our new solar roof in Augsburg makes more power than the hall uses. Read how we did it:';
  await control(page, pointer).fill(edited);

  // The final text (placeholders filled, tagged link and hashtags added) and its count.
  const entry = linkedin.filter({ hasText: edited });
  await expect(entry).toHaveCount(1);
  await expect(oldEntry).toHaveCount(0);
  const finalText = await entry.locator('.st-caption-text').textContent();
  expect(finalText.startsWith(edited)).toBe(true);
  expect(finalText).toContain('https://www.beispiel.de/nachhaltigkeit/bericht');
  // The count is LinkedIn's, as `advocate count` measures the same text.
  const measured = JSON.parse(advocate(['count', '--network', 'linkedin'], { input: finalText }).stdout);
  await expect(entry.locator('.st-caption-count'))
    .toHaveText(new RegExp(`^${measured.weighted_length.toLocaleString('en-US')} / 3,000`));
  expect(await entry.locator('.st-caption-count').textContent()).not.toBe(oldCount);
  // The card in the preview frame shows the new text.
  await expect(cardCaption).toContainText(edited);
  expect(await cardCaption.textContent()).not.toBe(shownBefore);

  // Undo brings the old text back everywhere; redo the new one.
  await page.locator('#st-undo').click();
  await expect(control(page, pointer)).toHaveValue(oldRaw);
  await expect(oldEntry.locator('.st-caption-count')).toHaveText(oldCount);
  await expect(cardCaption).toHaveText(shownBefore);
  await page.locator('#st-redo').click();
  await expect(control(page, pointer)).toHaveValue(edited);
  await expect(cardCaption).toContainText(edited);
  // Ctrl+Z while in the field: the same step back, and the caret stays in that field.
  await control(page, pointer).focus();
  await page.keyboard.press('Control+z');
  await expect(control(page, pointer)).toHaveValue(oldRaw);
  await expect(control(page, pointer)).toBeFocused();
});

test('an error is shown at its field in advocate validate\'s words; the saved draft fails validate until fixed', async ({ extension }) => {
  const ext = await extension();
  const page = await openStudio(ext);
  await expect(page.locator('#st-summary')).toHaveText('No errors, no warnings.');
  await expect(page.locator('#st-refused')).toBeHidden();

  await control(page, '/items/0/url').fill('http://www.beispiel.de/nachhaltigkeit/bericht');
  // An expiry before the item's publication (publish_at is today, 00:00, in this browser's zone).
  const publish = await control(page, '/items/0/publish_at').inputValue();
  expect(publish).toMatch(/^\d{4}-\d{2}-\d{2}T00:00$/);
  const dayBefore = new Date(Date.parse(`${publish.slice(0, 10)}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  await control(page, '/items/0/expires_at').fill(`${dayBefore}T12:00`);

  const urlDiag = field(page, '/items/0/url').locator('.st-diag');
  const expiryDiag = field(page, '/items/0/expires_at').locator('.st-diag-error');
  await expect(urlDiag).toHaveText('Error: the link must start with https:// (found "http:")');
  await expect(expiryDiag).toHaveText('Error: must be later than publish_at');
  await expect(control(page, '/items/0/url')).toHaveAttribute('aria-invalid', 'true');
  await expect(control(page, '/items/0/expires_at')).toHaveAttribute('aria-invalid', 'true');
  // The message is tied to the control for screen readers.
  const described = await control(page, '/items/0/url').getAttribute('aria-describedby');
  expect(described.split(' ')).toContain(await urlDiag.getAttribute('id'));
  await expect(page.locator('#st-summary')).toContainText('2 error(s)');
  await expect(page.locator('#st-refused')).toBeVisible();
  await expect(page.locator('#st-refused')).toContainText('The extension would refuse this feed');
  await expect(page.locator('#st-item-0 .st-entry-findings')).toBeVisible();

  // Saved as a draft anyway; advocate validate refuses it with the very messages shown above.
  const broken = await save(page, 'broken');
  await expect(page.locator('#st-status')).toContainText('as a draft with 2 error(s)');
  const refused = advocate(['validate', broken]);
  expect(refused.code, refused.out).toBe(1);
  for (const [pointer, diag] of [['/items/0/url', urlDiag], ['/items/0/expires_at', expiryDiag]]) {
    const message = (await diag.textContent()).replace(/^Error: /, '');
    expect(refused.out).toContain(`error: ${pointer}: ${message}`);
  }

  // Fixed: the marks go, and the saved file validates.
  await control(page, '/items/0/url').fill('https://www.beispiel.de/nachhaltigkeit/bericht');
  await control(page, '/items/0/expires_at').fill('');
  await expect(page.locator('#st-form .st-diag-error')).toHaveCount(0);
  await expect(page.locator('#st-form [aria-invalid="true"]')).toHaveCount(0);
  await expect(page.locator('#st-refused')).toBeHidden();
  await expect(page.locator('#st-summary')).toHaveText('No errors, no warnings.');
  const fixed = await save(page, 'fixed');
  await expect(page.locator('#st-status')).toHaveText('Saved feed.json. Upload it to your web server to publish it.');
  const ok = advocate(['validate', fixed]);
  expect(ok.code, ok.out).toBe(0);
});

test('a German Excel sheet imported in a Berlin browser saves the same bytes as advocate import --time-zone Europe/Berlin', async ({ extension }) => {
  // The whole browser runs in Europe/Berlin, as on a computer set to it.
  const ext = await extension({ env: { TZ: 'Europe/Berlin' } });
  const page = await openStudio(ext);
  expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('Europe/Berlin');

  // The import keeps the open feed's organisation, links and $schema and replaces its items,
  // as `advocate import -o FEED` does with an existing FEED: the CLI gets the same base file.
  const base = await save(page, 'base');
  const cliOut = path.join(folder('cli'), 'feed.json');
  fs.copyFileSync(base, cliOut);

  await page.locator('#st-import-file').setInputFiles(SHEET);
  await expect(page.locator('#st-status'))
    .toHaveText('Imported studio-berlin-dst.csv: 3 items from 7 rows. Dates without an offset were read in the time zone Europe/Berlin.');
  await expect(page.locator('#st-items .st-item')).toHaveCount(3);
  const studioFile = await save(page, 'studio');

  const cli = advocate(['import', SHEET, '--time-zone', 'Europe/Berlin', '-o', cliOut]);
  expect(cli.code, cli.out).toBe(0);
  const studioText = fs.readFileSync(studioFile, 'utf8');
  expect(studioText).toBe(fs.readFileSync(cliOut, 'utf8'));

  // And both are right about the clock changes (not merely equal): 01:30 is still winter time
  // on 29 March 2026, 03:30 already summer time; 25 October goes back; a date-only expiry
  // lasts to the end of its day.
  const feed = JSON.parse(studioText);
  expect(feed.organization.name).toBe('Beispiel Maschinenbau GmbH');
  const dates = Object.fromEntries(feed.items.map((i) => [i.id, [i.publish_at, i.expires_at]]));
  expect(dates).toEqual({
    sommerzeit: ['2026-03-29T01:30:00+01:00', '2026-03-29T03:30:00+02:00'],
    winterzeit: ['2026-10-25T01:30:00+02:00', '2026-10-26T00:00:00+01:00'],
    'messe-2027': ['2026-10-25T03:30:00+01:00', '2027-04-01T00:00:00+02:00'],
  });
  expect(feed.items[2].captions[0].text).toBe('Wir sind auf der Messe!\nHalle 17, Stand B12 – kommen Sie vorbei: {url}');
  // The import's warnings (two items already expired) are the CLI's too.
  const warnings = cli.stderr.split('\n').filter((l) => l.includes(': warning: '));
  expect(warnings).toHaveLength(2);
  for (const w of warnings) {
    await expect(page.locator('#st-import-problems')).toContainText(w.slice(w.indexOf(': warning: ') + ': warning: '.length));
  }
});

test('signing with a key file from advocate keygen: advocate verify accepts the saved feed and signature', async ({ extension }) => {
  const keys = folder('keys');
  const keyFile = path.join(keys, 'studio.key');
  const keygen = advocate(['keygen', keyFile]);
  expect(keygen.code, keygen.out).toBe(0);
  const publicKey = keygen.stdout.trim();
  expect(publicKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);

  const ext = await extension();
  const page = await openStudio(ext);
  await expect(page.locator('#st-sign')).toBeDisabled();
  await page.locator('#st-sign-key').setInputFiles(keyFile);
  await expect(page.locator('#st-status')).toHaveText('Key studio.key loaded.');
  await expect(page.locator('#st-sign')).toBeEnabled();
  // Sign a feed that is not the starter's as it came: an edited one.
  await control(page, '/items/0/captions/2/text').fill('Signed in the studio: {title}');

  const files = await downloads(page, '#st-sign', folder('signed'), 2);
  expect(Object.keys(files).sort()).toEqual(['feed.json', 'feed.json.sig']);
  await expect(page.locator('#st-status')).toHaveText('Saved feed.json and its signature feed.json.sig. Upload both.');
  expect(fs.readFileSync(files['feed.json'], 'utf8')).toContain('Signed in the studio: {title}');
  expect(fs.readFileSync(files['feed.json.sig'], 'utf8')).toMatch(/^advocate-signature v2\nsigned-at: /);

  const verified = advocate(['verify', files['feed.json'], '--pubkey', publicKey]);
  expect(verified.code, verified.out).toBe(0);
  // The check is real: one changed byte in the feed and the same signature no longer matches.
  const tampered = path.join(folder('tampered'), 'feed.json');
  fs.writeFileSync(tampered, fs.readFileSync(files['feed.json'], 'utf8').replace('Signed in', 'Signed on'));
  fs.copyFileSync(files['feed.json.sig'], `${tampered}.sig`);
  expect(advocate(['verify', tampered, '--pubkey', publicKey]).code).toBe(1);
});

test('"Check my host" says in words that a host sends no CORS header, and that another sends no ETag', async ({ extension }) => {
  // Two real HTTP servers on 127.0.0.1 with the e2e feed: one without any CORS header (the
  // extension cannot read its answer), one with CORS but without an ETag.
  const feed = fs.readFileSync(path.join(ROOT, 'tests/feeds/e2e.json'));
  const serve = (headers) => new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', ...headers });
      res.end(feed);
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
  const noCors = await serve({ ETag: '"v1"' });
  const noEtag = await serve({ 'Access-Control-Allow-Origin': '*' });
  try {
    const ext = await extension();
    const page = await openStudio(ext);
    const results = page.locator('#st-host-results li');
    const check = async (server) => {
      await page.locator('#st-host-url').fill(`http://127.0.0.1:${server.address().port}/feed.json`);
      await page.locator('#st-host-check').click();
      await expect(page.locator('#st-host-check')).toBeEnabled();
      await expect(results.filter({ hasText: 'the extension would accept the feed' })).toHaveCount(1);
    };
    await check(noCors);
    await expect(results.filter({ hasText: 'the extension may read the feed (CORS)' })).toHaveText(
      /Problem: the extension may read the feed \(CORS\) — The server answers, but does not send Access-Control-Allow-Origin/,
    );
    await expect(results.filter({ hasText: 'the extension would accept the feed' })).toContainText('Problem');
    await check(noEtag);
    await expect(results.filter({ hasText: 'ETag' })).toHaveText(
      /Warning: ETag, so that unchanged feeds cost almost nothing — The server sends no ETag the extension can read/,
    );
    await expect(results.filter({ hasText: 'the extension may read the feed (CORS)' })).toContainText('OK');
    await expect(results.filter({ hasText: 'the extension would accept the feed' })).toContainText('OK: the extension would accept the feed — Yes, with 7 items.');
  } finally {
    noCors.close();
    noEtag.close();
  }
});

test('a card frame never loads the studio: its entry imports only the extension\'s module, which carries none of the studio\'s code', () => {
  // Chromium gives no resource timing for chrome-extension:// loads inside a page, so this
  // follows what the card frame loads in the shipped files: frame.html's scripts and their
  // imports, then looks into the extension's wasm for the studio's own code.
  const dist = path.join(ROOT, 'dist/chrome');
  const html = fs.readFileSync(path.join(dist, 'frame.html'), 'utf8');
  const scripts = [...html.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]);
  const loaded = new Set();
  const follow = (rel, from = '') => {
    const file = path.normalize(path.join(path.dirname(from), rel));
    if (loaded.has(file)) return;
    loaded.add(file);
    if (!file.endsWith('.js')) return;
    const text = fs.readFileSync(path.join(dist, file), 'utf8');
    for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|new URL\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) follow(m[1], file);
  };
  scripts.forEach((s) => follow(s));
  expect([...loaded]).toContain('pkg/advocate_web_bg.wasm');
  expect([...loaded].filter((f) => /studio/.test(f))).toEqual([]);
  const wasm = fs.readFileSync(path.join(dist, 'pkg/advocate_web_bg.wasm'));
  // The studio's entry point, and the IANA time zone tables its spreadsheet import reads with.
  for (const marker of ['start_studio', 'Europe/Berlin']) expect(wasm.includes(marker), marker).toBe(false);
  expect(fs.readFileSync(path.join(dist, 'pkg/advocate_studio_bg.wasm')).includes('Europe/Berlin')).toBe(true);
});

test('autosave: after a reload the studio offers the draft, and accepting brings the edit back', async ({ extension }) => {
  const ext = await extension();
  const page = await openStudio(ext);
  const edited = 'Kept on this computer while I typed: {url}';
  await control(page, '/items/0/captions/0/text').fill(edited);
  // Kept locally as it changed (waited for, not assumed: the reload must not race the save).
  await expect.poll(() => page.evaluate((t) => Object.values(localStorage).some((v) => v.includes(JSON.stringify(t).slice(1, -1))), edited))
    .toBe(true);

  await page.reload();
  const offer = page.locator('#st-restore');
  await expect(offer).toBeVisible();
  await expect(offer).toContainText('Your draft of feed.json from');
  // Until accepted, the page shows the starter feed.
  await expect(control(page, '/items/0/captions/0/text')).not.toHaveValue(edited);
  await page.locator('#st-restore-yes').click();
  await expect(offer).toBeHidden();
  await expect(page.locator('#st-status')).toHaveText('The draft is back.');
  await expect(control(page, '/items/0/captions/0/text')).toHaveValue(edited);
  // The restored draft is the one saved: it saves with the edit.
  const saved = await save(page, 'restored');
  expect(JSON.parse(fs.readFileSync(saved, 'utf8')).items[0].captions[0].text).toBe(edited);
});

for (const colorScheme of ['light', 'dark']) {
  test(`accessibility (${colorScheme}): no serious axe-core violations with an item form open and with an error shown`, async ({ extension }) => {
    const ext = await extension({ colorScheme });
    const page = await openStudio(ext);
    await expect(page.locator('#st-form #f-items-0-url')).toBeVisible();
    await expect(page.locator('#st-pv-theme')).toHaveValue(colorScheme);
    const frame = page.frame({ url: /\/preview\.html$/ });
    await expect(page.frameLocator('#st-card-frame').locator('article.adv-card')).toBeVisible();
    // The card frame first (which also loads axe-core there, so the page's run includes it).
    expect(await axeViolations(frame)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, `studio-${colorScheme}.png`), fullPage: true });

    await control(page, '/items/0/url').fill('http://www.beispiel.de/nachhaltigkeit/bericht');
    await expect(field(page, '/items/0/url').locator('.st-diag')).toBeVisible();
    await expect(page.locator('#st-refused')).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, `studio-error-${colorScheme}.png`), fullPage: true });
  });
}

test('keyboard: Tab reaches the toolbar, the item list and the form, always with a visible focus', async ({ extension }) => {
  const ext = await extension();
  const page = await openStudio(ext);
  // Tabbing starts where the pointer last was: at the top.
  await page.locator('h1').click();
  const seen = [];
  const wanted = ['st-new', 'st-open-file', 'st-current', 'st-import-file', 'st-save', 'st-org-button', 'st-item-0', 'st-item-1',
    'st-add-item', 'f-items-0-id', 'f-items-0-url', 'f-items-0-captions-0-text'];
  for (let i = 0; i < 120 && !wanted.every((id) => seen.some((s) => s.id === id)); i += 1) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const e = document.activeElement;
      if (!e || e === document.body) return null;
      // A file input is drawn by its label (styled as a button): the ring is on the label.
      const drawn = e.matches('input[type=file]') ? e.nextElementSibling : e;
      const s = getComputedStyle(drawn);
      return { id: e.id, tag: e.tagName, outline: s.outlineStyle, width: s.outlineWidth };
    });
    if (info) seen.push(info);
  }
  const ids = seen.map((s) => s.id);
  for (const id of wanted) expect(ids, id).toContain(id);
  for (const s of seen) {
    expect(`${s.tag}#${s.id}: ${s.outline} ${s.width}`).toMatch(/: (solid|auto|dashed|dotted|double) [1-9][0-9.]*px$/);
  }
  // Enter on an item opens its form.
  await page.locator('#st-item-1').focus();
  await page.keyboard.press('Enter');
  await expect(control(page, '/items/1/id')).toHaveValue('jobs-vertrieb');
});

test.describe('Firefox ESR', () => {
  test.skip(!fs.existsSync('/usr/bin/firefox-esr'), 'firefox-esr is installed by ./build.sh test');

  test('open the starter feed, edit a caption, save: the downloaded file validates', async ({ firefox }) => {
    test.setTimeout(120_000);
    // A fixed internal UUID makes the studio's moz-extension:// address known; downloads go to
    // a folder of this test without asking (Firefox saves an <a download> there itself).
    // WebDriver BiDi refuses to navigate to an extension's page ("not allowed in this context")
    // unless the browser was started with --remote-allow-system-access.
    const uuid = crypto.randomUUID();
    const dir = folder('firefox-downloads');
    const browser = await firefox({
      args: ['--remote-allow-system-access'],
      prefs: {
        'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: uuid }),
        'browser.download.folderList': 2,
        'browser.download.dir': dir,
        'browser.download.useDownloadDir': true,
        'browser.download.always_ask_before_handling_new_types': false,
      },
    });
    expect(await browser.installExtension(DIST_FIREFOX)).toBe(GECKO_ID);
    const page = await browser.newPage();
    // The tab moves into the extension's process, and puppeteer never sees that navigation
    // finish (it waits out its timeout): the test waits for the studio itself instead.
    page.goto(`moz-extension://${uuid}/studio.html`).catch(() => {});
    await page.waitForSelector('#st-items .st-item');
    expect(await page.evaluate(() => location.href)).toBe(`moz-extension://${uuid}/studio.html`);
    page.once('dialog', (d) => d.accept());
    await page.click('#st-new');
    await page.waitForFunction(() => document.querySelector('#st-status')?.textContent === 'Started from the starter feed.');

    const edited = 'Edited in Firefox: 40% less CO₂ per machine since 2020. {url}';
    await page.locator('#f-items-0-captions-2-text').fill(edited);
    // The final text in the preview follows.
    await page.waitForFunction((t) => [...document.querySelectorAll('#st-captions .st-caption-text')]
      .some((e) => e.textContent.startsWith(t)), {}, 'Edited in Firefox: 40% less CO₂ per machine since 2020. https://');

    await page.click('#st-save');
    const saved = path.join(dir, 'feed.json');
    await expect.poll(() => fs.existsSync(saved) && !fs.readdirSync(dir).some((f) => f.endsWith('.part')), { timeout: 20_000 })
      .toBe(true);
    await page.waitForFunction(() => document.querySelector('#st-status')?.textContent.startsWith('Saved feed.json.'));
    const text = fs.readFileSync(saved, 'utf8');
    expect(JSON.parse(text).items[0].captions[2].text).toBe(edited);
    const ok = advocate(['validate', saved]);
    expect(ok.code, ok.out).toBe(0);
  });
});
