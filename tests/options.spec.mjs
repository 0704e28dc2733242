// The options page: every setting round-trips through storage.sync, mistakes are marked inline
// and nothing is saved, policy values are shown locked and never copied, changes reach an open
// LinkedIn tab without a reload, the pause, German, axe-core in light and dark, screenshots.
import fs from 'node:fs';
import { test, expect } from './harness/test.mjs';
import { feedFile, EXTENSION_ID, ARTIFACTS } from './harness/extension.mjs';
import { launcher } from './harness/launcher.mjs';
import { serveFixtures } from './harness/fixtures.mjs';
import { card, panel, axeViolations } from './harness/shared.mjs';

const OPTIONS = `chrome-extension://${EXTENSION_ID}/options.html`;
const FEED_PAGE = 'https://www.linkedin.com/feed/';
// A real ed25519 public key (README's example) and a second one for rotations.
const KEY = '3ZSZ5xXOpq9zb+K0fuLyhgm2kURrcQqBR8D1ISp6Yu8=';

/** A feed whose only caption needs the employee's first name. */
const NAME_FEED = JSON.stringify({
  version: 1,
  organization: { name: 'Beispiel GmbH' },
  items: [{
    id: 'hello',
    url: 'https://www.beispiel.de/hello',
    title: { en: 'Say hello' },
    networks: ['linkedin', 'x'],
    captions: [{ lang: 'en', text: "Hi, I'm {first_name} from {company}." }],
  }],
});

async function openOptions(ext) {
  const page = await ext.context.newPage();
  await page.goto(OPTIONS);
  await expect(page.locator('#feedUrl')).toBeVisible();
  // The status line is filled once the worker answered: the page is complete.
  await expect(page.locator('.adv-options-status')).not.toBeEmpty();
  return page;
}

async function syncSettings(ext) {
  return (await ext.storage('sync')).settings;
}

/** A full-page screenshot into tests/artifacts/ (git-ignored). */
async function shot(page, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}/${name}`, fullPage: true });
}

const cardWrappers = (page) => page.locator('[data-advocate="card"]');

test('every field round-trips through storage.sync and shows again after a reload', async ({ feedServer, extension }) => {
  const server = await feedServer({ '/feed.json': feedFile('e2e.json') });
  const ext = await extension();
  const page = await openOptions(ext);

  await page.getByLabel('Feed address').fill(server.url());
  await page.getByLabel('Signing keys').fill(`${KEY}\n`);
  await page.getByLabel('First name').fill('Anna');
  await page.getByLabel('Role').fill('Engineer');
  await page.getByLabel('Team', { exact: true }).fill('Sales');
  await page.getByLabel('Region').fill('DACH');

  // Languages: two from the list, one typed as a code, then reordered.
  await expect(page.locator('.adv-lang-empty')).toContainText("your browser's language (English)");
  const add = page.getByRole('button', { name: 'Add', exact: true });
  await page.getByLabel('Add a language').selectOption('de');
  await add.click();
  await page.getByLabel('Add a language').selectOption('fr');
  await add.click();
  await page.getByLabel('Add a language').selectOption({ label: 'Other (enter a code)…' });
  await page.getByLabel('Language code').fill('en-gb');
  await add.click();
  await expect(page.locator('.adv-lang-tag')).toHaveText(['de', 'fr', 'en-GB']);
  await page.getByRole('button', { name: 'Move British English up' }).click();
  await expect(page.locator('.adv-lang-tag')).toHaveText(['de', 'en-GB', 'fr']);
  // Focus stays on the moved language, and a screen reader hears where it went.
  await expect(page.getByRole('button', { name: 'Move British English up' })).toBeFocused();
  await expect(page.locator('.adv-langs .adv-sr-only')).toHaveText('British English is now number 2.');
  // German is no longer offered in the select once it is in the list.
  await expect(page.locator('#languageAdd option[value="de"]')).toHaveCount(0);

  await page.getByRole('checkbox', { name: 'X (formerly Twitter)' }).uncheck();
  await page.getByRole('radio', { name: 'Often' }).check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('#save-summary')).toHaveText('Saved.');

  expect(await syncSettings(ext)).toEqual({
    feedUrl: server.url(),
    publicKeys: [KEY],
    firstName: 'Anna',
    role: 'Engineer',
    team: 'Sales',
    region: 'DACH',
    languages: ['de', 'en-GB', 'fr'],
    networks: ['linkedin'],
    frequency: 'often',
    pausedUntil: null,
  });

  await page.reload();
  await expect(page.locator('#feedUrl')).toHaveValue(server.url());
  await expect(page.locator('#publicKeys')).toHaveValue(KEY);
  await expect(page.locator('#firstName')).toHaveValue('Anna');
  await expect(page.locator('#role')).toHaveValue('Engineer');
  await expect(page.locator('#team')).toHaveValue('Sales');
  await expect(page.locator('#region')).toHaveValue('DACH');
  await expect(page.locator('.adv-lang-tag')).toHaveText(['de', 'en-GB', 'fr']);
  await expect(page.getByRole('checkbox', { name: 'LinkedIn' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'X (formerly Twitter)' })).not.toBeChecked();
  await expect(page.getByRole('radio', { name: 'Often' })).toBeChecked();
  // With a key set, the unsigned test feed is refused, and the page says why.
  await expect(page.locator('.adv-options-status')).toContainText("signature is not valid");

  expect(ext.workerErrors).toEqual([]);
});

test('the whole page works with the keyboard alone', async ({ extension }) => {
  const ext = await extension();
  const page = await openOptions(ext);
  await page.locator('#firstName').focus();
  await page.keyboard.type('Kai');
  // Tab through to the language select, pick Italian by typing, Tab to Add, Enter.
  await page.locator('#languageAdd').focus();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Add', exact: true })).toBeFocused();
  await page.locator('#languageAdd').focus();
  await page.keyboard.type('Ital');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.locator('.adv-lang-tag')).toHaveText(['it']);
  await expect(page.locator('#languageAdd')).toBeFocused();
  // "Other": type a code and press Enter in the code field (adds, does not submit).
  await page.locator('#languageAdd').selectOption({ label: 'Other (enter a code)…' });
  await page.locator('#languageCode').focus();
  await page.keyboard.type('sv');
  await page.keyboard.press('Enter');
  await expect(page.locator('.adv-lang-tag')).toHaveText(['it', 'sv']);
  expect(await syncSettings(ext)).toBeUndefined();
  // Move Swedish up, then remove Italian, from the keyboard.
  await page.getByRole('button', { name: 'Move Swedish up' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('.adv-lang-tag')).toHaveText(['sv', 'it']);
  await expect(page.getByRole('button', { name: 'Move Swedish down' })).toBeFocused();
  await page.getByRole('button', { name: 'Remove Italian' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('.adv-lang-tag')).toHaveText(['sv']);
  await expect(page.getByRole('button', { name: 'Remove Swedish' })).toBeFocused();
  // Radios move with the arrow keys; Space toggles a checkbox.
  await page.getByRole('radio', { name: 'Normal' }).focus();
  await page.keyboard.press('ArrowUp');
  await expect(page.getByRole('radio', { name: 'Rarely' })).toBeChecked();
  await page.getByRole('checkbox', { name: 'X (formerly Twitter)' }).focus();
  await page.keyboard.press('Space');
  await expect(page.getByRole('checkbox', { name: 'X (formerly Twitter)' })).not.toBeChecked();
  // Every control shows a visible focus ring.
  for (const sel of ['#feedUrl', '#publicKeys', '#languageAdd', '#networks-linkedin', '#frequency-often', '#pauseDays']) {
    await page.locator(sel).focus();
    const outline = await page.locator(sel).evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline, sel).not.toBe('none');
  }
  // Enter in a text field saves.
  await page.locator('#role').focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#save-summary')).toHaveText('Saved.');
  const s = await syncSettings(ext);
  expect([s.firstName, s.languages, s.networks, s.frequency]).toEqual(['Kai', ['sv'], ['linkedin'], 'rarely']);
});

test('mistakes are marked inline, summarised next to Save, and nothing is saved', async ({ extension }) => {
  const ext = await extension();
  const page = await openOptions(ext);

  await page.getByLabel('Feed address').fill('http://feeds.example.com/feed.json');
  await page.getByLabel('Signing keys').fill(`${KEY}\nnot a key!\nAAAA`);
  await page.getByLabel('Add a language').selectOption({ label: 'Other (enter a code)…' });
  await page.getByLabel('Language code').fill('klingonisch');
  await page.getByRole('checkbox', { name: 'LinkedIn' }).uncheck();
  await page.getByRole('checkbox', { name: 'X (formerly Twitter)' }).uncheck();
  await page.getByRole('button', { name: 'Save' }).click();

  await expect(page.locator('#save-summary')).toHaveText('Please correct the marked fields.');
  // Each problem: aria-invalid on the control, the message tied to it with aria-describedby.
  const expectError = async (control, errorId, text) => {
    await expect(control).toHaveAttribute('aria-invalid', 'true');
    await expect(control).toHaveAttribute('aria-describedby', new RegExp(`\\b${errorId}\\b`));
    await expect(page.locator(`#${errorId}`)).toContainText(text);
  };
  await expectError(page.locator('#feedUrl'), 'feedUrl-error', 'The address must start with https://');
  await expectError(page.locator('#publicKeys'), 'publicKeys-error', 'Line 2 (not a key!) is not a valid key: it is not base64.');
  await expect(page.locator('#publicKeys-error')).toContainText('Line 3 (AAAA) is not a valid key: it has 3 bytes instead of 32.');
  await expect(page.locator('#publicKeys-error p')).toHaveCount(2);
  await expectError(page.locator('#languageCode'), 'languages-error', '"klingonisch" is not a language code.');
  for (const id of ['#networks-linkedin', '#networks-x']) {
    await expectError(page.locator(id), 'networks-error', 'Choose at least one network.');
  }
  // Focus goes to the first problem.
  await expect(page.locator('#feedUrl')).toBeFocused();
  expect(await syncSettings(ext)).toBeUndefined();

  // Add refuses the unknown code too, with the same message.
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.locator('#languages-error')).toContainText('"klingonisch" is not a language code.');
  await expect(page.locator('.adv-lang')).toHaveCount(0);

  // A fixed field loses its mark on leaving it.
  await page.getByLabel('Feed address').fill('http://127.0.0.1:9/feed.json');
  await page.getByLabel('Signing keys').focus();
  await expect(page.locator('#feedUrl')).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#feedUrl-error')).toBeEmpty();
  await page.getByRole('checkbox', { name: 'LinkedIn' }).check();
  await expect(page.locator('#networks-linkedin')).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#networks-error')).toBeEmpty();
  await shot(page, 'options-errors.png');
  expect(await axeViolations(page)).toEqual([]);
  expect(await syncSettings(ext)).toBeUndefined();
});

test.describe('with a Chromium policy', () => {
  test('policy values are shown read-only, marked and explained, and never copied into storage.sync', async ({ feedServer, extension, policy }) => {
    const server = await feedServer({ '/feed.json': feedFile('e2e.json') });
    policy.set({ feedUrl: server.url(), publicKeys: [KEY], team: 'Sales', region: 'DACH', languages: ['de', 'en'] });
    const ext = await extension();
    await expect.poll(async () => (await ext.storage('managed')).feedUrl, { timeout: 20_000 }).toBe(server.url());
    const page = await openOptions(ext);

    const locked = {
      feedUrl: server.url(),
      publicKeys: KEY,
      team: 'Sales',
      region: 'DACH',
      languages: 'German (de), English (en)',
    };
    for (const [id, value] of Object.entries(locked)) {
      const control = page.locator(`#${id}`);
      await expect(control, id).toHaveValue(value);
      await expect(control, id).toHaveJSProperty('readOnly', true);
      await expect(control, id).toBeEnabled(); // read-only, not disabled: focusable and readable
      await expect(page.locator(`#${id}-lock`)).toHaveText('Set by your organisation.');
      await expect(control).toHaveAttribute('aria-describedby', new RegExp(`\\b${id}-lock\\b`));
      await control.focus();
      await expect(control).toBeFocused();
    }
    // Not locked: the employee's own fields.
    await expect(page.locator('#firstName')).toHaveJSProperty('readOnly', false);
    await expect(page.locator('.adv-lock')).toHaveCount(5);
    await shot(page, 'options-policy.png');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('First name').fill('Ben');
    await page.getByRole('radio', { name: 'Rarely' }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.locator('#save-summary')).toHaveText('Saved.');
    expect(await syncSettings(ext)).toEqual({
      feedUrl: '',
      publicKeys: [],
      firstName: 'Ben',
      role: '',
      team: '',
      region: '',
      languages: [],
      networks: ['linkedin', 'x'],
      frequency: 'rarely',
      pausedUntil: null,
    });
    expect(ext.workerErrors).toEqual([]);
  });
});

/** Extension with the name feed, a LinkedIn tab showing its card, and the options page. */
async function liveSetup(synced) {
  const { server, ext } = await synced({ body: NAME_FEED });
  await serveFixtures(ext.context, {});
  const linkedin = await ext.context.newPage();
  await linkedin.goto(FEED_PAGE);
  await expect(card(linkedin).locator('.adv-title')).toHaveText('Say hello');
  // Survives only if the tab is never reloaded.
  await linkedin.evaluate(() => { window.__notReloaded = true; });
  const options = await openOptions(ext);
  return {
    server,
    ext,
    linkedin,
    options,
    async save() {
      await options.getByRole('button', { name: 'Save' }).click();
      await expect(options.locator('#save-summary')).toHaveText('Saved.');
    },
    /** The LinkedIn tab was never reloaded (the worker's errors: the synced fixture checks). */
    async expectNotReloaded() {
      expect(await linkedin.evaluate(() => window.__notReloaded)).toBe(true);
    },
  };
}

test('saved changes apply to an open LinkedIn tab without a reload', async ({ synced }) => {
  const t = await liveSetup(synced);
  const { linkedin, options } = t;

  // The only caption needs a first name: until there is one, the card asks for it.
  await expect(card(linkedin).locator('.adv-needs')).toContainText('These captions use your First name');
  await options.getByLabel('First name').fill('Anna');
  await t.save();
  await expect(card(linkedin).locator('.adv-caption-text')).toContainText("Hi, I'm Anna from Beispiel GmbH.");

  // LinkedIn switched off: the card and the launcher leave the open tab; on again: back.
  await options.getByRole('checkbox', { name: 'LinkedIn' }).uncheck();
  await t.save();
  await expect(cardWrappers(linkedin)).toHaveCount(0);
  await expect(linkedin.locator('[data-advocate="launcher"]')).toHaveCount(0);
  await options.getByRole('checkbox', { name: 'LinkedIn' }).check();
  await t.save();
  await expect(card(linkedin).locator('.adv-caption-text')).toContainText("Hi, I'm Anna");

  // Frequency Never: no cards, the Suggestions button stays; Normal: the card returns.
  await options.getByRole('radio', { name: 'Never' }).check();
  await t.save();
  await expect(cardWrappers(linkedin)).toHaveCount(0);
  await expect(linkedin.locator('[data-advocate="launcher"]')).toHaveCount(1);
  await options.getByRole('radio', { name: 'Normal' }).check();
  await t.save();
  await expect(card(linkedin).locator('.adv-title')).toHaveText('Say hello');
  await t.expectNotReloaded();
});

test('Pause hides the cards in open tabs until Resume; the panel says until when', async ({ synced }) => {
  const t = await liveSetup(synced);
  const { linkedin, options, ext } = t;

  await options.getByLabel('Pause suggestions for how many days?').fill('3');
  const before = Date.now();
  await options.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(options.locator('.adv-paused-text')).toContainText('Suggestions are paused until');
  await expect(options.getByRole('button', { name: 'Resume suggestions' })).toBeFocused();
  const until = (await syncSettings(ext)).pausedUntil;
  expect(until).toBeGreaterThanOrEqual(before + 3 * 86_400_000);
  expect(until).toBeLessThan(Date.now() + 3 * 86_400_000 + 1000);
  const shownDate = await options.evaluate((ms) => new Date(ms).toLocaleDateString('en-US',
    { weekday: 'short', day: 'numeric', month: 'short' }), until);
  await expect(options.locator('.adv-paused-text')).toHaveText(`Suggestions are paused until ${shownDate}.`);
  await shot(options, 'options-paused.png');

  await expect(cardWrappers(linkedin)).toHaveCount(0);
  await launcher(linkedin).click();
  await expect(panel(linkedin).locator('.adv-paused')).toContainText(`Suggestions are paused until ${shownDate}.`);
  await linkedin.keyboard.press('Escape');

  // Saving other settings while paused keeps the pause.
  await options.getByLabel('Role').fill('Engineer');
  await t.save();
  expect((await syncSettings(ext)).pausedUntil).toBe(until);

  await options.getByRole('button', { name: 'Resume suggestions' }).click();
  await expect(options.getByLabel('Pause suggestions for how many days?')).toBeFocused();
  await expect(options.locator('.adv-paused')).toBeHidden();
  expect((await syncSettings(ext)).pausedUntil).toBeNull();
  await expect(card(linkedin).locator('.adv-title')).toHaveText('Say hello');

  // Out of range: an inline error, no pause.
  await options.getByLabel('Pause suggestions for how many days?').fill('120');
  await options.getByLabel('Pause suggestions for how many days?').press('Enter');
  await expect(options.locator('#pauseDays')).toHaveAttribute('aria-invalid', 'true');
  await expect(options.locator('#pauseDays-error')).toHaveText('Enter a number of days from 1 to 90.');
  expect((await syncSettings(ext)).pausedUntil).toBeNull();
  await t.expectNotReloaded();
});

test('the personal-tracking notice appears only when the feed opts in', async ({ feedServer, extension, policy }) => {
  const personal = JSON.parse(NAME_FEED);
  personal.links = { utm: { personal: true } };
  const server = await feedServer({ '/feed.json': NAME_FEED, '/personal.json': JSON.stringify(personal) });
  // Personal codes need the policy's consent as well as the feed's request (#19).
  policy.set({ allowPersonalLinks: true });
  const ext = await extension();
  await ext.setStorage('sync', { settings: { feedUrl: server.url() } });
  await ext.waitForFeed(server.url());
  const page = await openOptions(ext);
  await expect(page.locator('.adv-notice')).toBeHidden();
  await page.getByLabel('Feed address').fill(server.url('/personal.json'));
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('.adv-notice')).toHaveText(
    "Your company's feed adds a personal code to the links you share (utm_content), so shares can be counted per person.",
    { timeout: 10_000 },
  );
  // Sync now is there for the impatient, and reports in the status line.
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.locator('.adv-options-status')).toContainText('Updated');
});

for (const lang of ['en', 'de']) {
  for (const colorScheme of ['light', 'dark']) {
    test(`looks right and has no serious axe violations (${lang}, ${colorScheme})`, async ({ extension }) => {
      const ext = await extension({ lang: lang === 'de' ? 'de' : 'en-US', colorScheme });
      const page = await openOptions(ext);
      await expect(page.locator('html')).toHaveAttribute('data-theme', colorScheme);
      if (lang === 'de') {
        await expect(page.locator('h1')).toHaveText('Advocate – Einstellungen');
        await expect(page).toHaveTitle('Advocate – Einstellungen');
        await expect(page.locator('html')).toHaveAttribute('lang', /^de/);
        for (const label of ['Feed-Adresse', 'Signaturschlüssel', 'Vorname', 'Rolle', 'Team', 'Region',
          'Sprache hinzufügen', 'LinkedIn', 'X (ehemals Twitter)', 'Nie', 'Selten', 'Normal', 'Häufig',
          'Wie viele Tage sollen die Vorschläge pausieren?']) {
          await expect(page.getByLabel(label, { exact: true }), label).toBeVisible();
        }
        await expect(page.getByRole('heading', { level: 2 })).toHaveText([
          'Feed Ihres Unternehmens', 'Über Sie', 'Sprachen', 'Wo und wie oft', 'Pause',
          'Für Kommunikationsteams: den Feed schreiben']);
        await expect(page.getByRole('link', { name: 'Feed-Studio öffnen' })).toHaveAttribute('href', 'studio.html');
        await expect(page.getByRole('button', { name: 'Speichern' })).toBeVisible();
        await expect(page.getByRole('button', { name: 'Pausieren' })).toBeVisible();
        await expect(page.getByRole('button', { name: 'Jetzt synchronisieren' })).toBeVisible();
      } else {
        await expect(page.getByRole('heading', { level: 2 })).toHaveText([
          'Company feed', 'About you', 'Languages', 'Where and how often', 'Pause',
          'For comms teams: write the feed']);
        await expect(page.getByRole('link', { name: 'Open the feed studio' })).toHaveAttribute('href', 'studio.html');
      }
      // Two languages in the list, so the screenshot shows the list with its buttons.
      await page.locator('#languageAdd').selectOption('de');
      await page.locator('.adv-lang-add button').click();
      await page.locator('#languageAdd').selectOption('en');
      await page.locator('.adv-lang-add button').click();
      expect(await axeViolations(page)).toEqual([]);
      await page.setViewportSize({ width: 900, height: 900 });
      await shot(page, `options-${lang}-${colorScheme}.png`);
    });
  }
}
