// The one `test` every spec imports: Playwright's, with fixtures that always tear down. Whatever
// a test starts through them is closed after it, also when an assertion fails half-way or the
// test times out: browsers (and their profile folders), feed servers, Firefox, the policy files.
// Tests never close these by hand.
//
//   test('…', async ({ launched }) => {
//     const { page, ext, server } = await launched({ fixture: { layout: 'ember' } });
//     …
//   });
//
// Each browser fixture is a function, so a test may start several (in turn or side by side);
// all are closed at the end, the last started first.
import fs from 'node:fs';
import { test as base, expect } from '@playwright/test';
import {
  launch, setPolicy, clearPolicy, feedFile, CHART_SVG, FIREFOX_POLICY_DIR, FIREFOX_POLICY_FILE,
} from './extension.mjs';
import { startFeedServer } from './feed-server.mjs';
import { serveFixtures } from './fixtures.mjs';

/** Runs every function of `list`, last added first, and throws the first error after all ran. */
async function unwind(list) {
  let first = null;
  for (const fn of list.reverse()) {
    try {
      await fn();
    } catch (e) {
      first ??= e;
    }
  }
  if (first) throw first;
}

/** A fixture that hands out `start` and calls `close()` on everything it started, after the test. */
function closedAfterTest(start) {
  return async ({}, use) => {
    const open = [];
    await use(async (...args) => {
      const started = await start(...args);
      open.push(() => started.close());
      return started;
    });
    await unwind(open);
  };
}

export const test = base.extend({
  /**
   * The extension's managed storage through Chromium's policy file (read at browser start):
   * `policy.set(values)`, `policy.clear()`. The file is removed before and after every test,
   * whether it uses this or not: it is global to the machine, which is why the suite runs with
   * one worker (playwright.config.mjs).
   */
  policy: [async ({}, use) => {
    clearPolicy();
    await use({ set: setPolicy, clear: clearPolicy });
    clearPolicy();
  }, { auto: true }],

  /** `await feedServer(files)`: [startFeedServer], stopped after the test. */
  feedServer: closedAfterTest(startFeedServer),

  /** `await extension(options)`: a bare [launch] (Chromium with dist/chrome), closed after the test. */
  extension: closedAfterTest(launch),

  /**
   * `await synced({ body, useSetting, allowWorkerErrors, ...launchOptions })`: a feed server
   * serving `body` at /feed.json and the extension (started with [launch]'s options), with the
   * employee's own setting pointing at the server (unless `useSetting` is false) and the feed
   * synced. Returns `{ server, ext }`. After the test, fails it if the worker logged an error,
   * unless `allowWorkerErrors` says the test expects some or does not care.
   */
  synced: async ({ feedServer, extension }, use) => {
    const watched = [];
    await use(async ({ body, useSetting = true, allowWorkerErrors = false, ...launchOptions }) => {
      const server = await feedServer({ '/feed.json': body });
      const ext = await extension(launchOptions);
      if (!allowWorkerErrors) watched.push(ext);
      if (useSetting) {
        await ext.setStorage('sync', { settings: { feedUrl: server.url() } });
        await ext.waitForFeed(server.url());
      }
      return { server, ext };
    });
    for (const ext of watched) expect(ext.workerErrors, 'the worker logged no errors').toEqual([]);
  },

  /**
   * `await launched({ feed, fixture, ...syncedOptions })`: the usual in-page setup, [synced] with
   * `feed` (a file in tests/feeds/, default e2e.json), the fixture pages with `fixture` options,
   * feed images, and a page. Returns `{ server, ext, page }`.
   */
  launched: async ({ synced }, use) => {
    await use(async ({ feed = 'e2e.json', fixture = {}, ...options } = {}) => {
      const t = await synced({ body: feedFile(feed), ...options });
      await serveFixtures(t.ext.context, fixture);
      await t.ext.context.route('https://img.beispiel.de/**', (r) => r.fulfill({ contentType: 'image/svg+xml', body: CHART_SVG }));
      const page = await t.ext.context.newPage();
      return { ...t, page };
    });
  },

  /**
   * `await firefox({ policies, prefs, args })`: Debian's Firefox ESR through puppeteer-core
   * (headless), with `policies` (if given) written to its policies.json first, `prefs` (if
   * given) added to the profile's preferences and `args` to its command line. Closed, and
   * policies.json removed, after the test.
   */
  firefox: async ({}, use) => {
    const open = [];
    let wrotePolicy = false;
    await use(async ({ policies, prefs, args } = {}) => {
      if (policies) {
        fs.mkdirSync(FIREFOX_POLICY_DIR, { recursive: true });
        fs.writeFileSync(FIREFOX_POLICY_FILE, JSON.stringify({ policies }));
        wrotePolicy = true;
      }
      const { default: puppeteer } = await import('puppeteer-core');
      const browser = await puppeteer.launch({
        browser: 'firefox', executablePath: '/usr/bin/firefox-esr', headless: true, extraPrefsFirefox: prefs ?? {}, args: args ?? [],
      });
      open.push(() => browser.close());
      return browser;
    });
    try {
      await unwind(open);
    } finally {
      if (wrotePolicy) fs.rmSync(FIREFOX_POLICY_FILE, { force: true });
    }
  },

  /** `teardown(fn)`: runs `fn` after the test (last registered first), for what no fixture here starts. */
  teardown: async ({}, use) => {
    const list = [];
    await use((fn) => { list.push(fn); });
    await unwind(list);
  },
});

export { expect };
