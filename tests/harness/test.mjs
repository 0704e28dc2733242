// Playwright's `test` with fixtures that always tear down: every browser a test starts through
// `launched(...)` is closed (and its profile folder removed) and every feed server stopped, also
// when an assertion fails half-way. Use it instead of closing by hand.
import { test as base, expect } from '@playwright/test';
import { launchWithFeed } from './extension.mjs';

export const test = base.extend({
  /** `await launched(options)`: [launchWithFeed] with the same options, torn down after the test. */
  // eslint-disable-next-line no-empty-pattern
  launched: async ({}, use) => {
    const open = [];
    await use(async (options) => {
      const t = await launchWithFeed(options);
      open.push(t);
      return t;
    });
    for (const t of open.reverse()) {
      await t.ext.close().catch(() => {});
      await t.server.close().catch(() => {});
    }
  },
});

export { expect };
