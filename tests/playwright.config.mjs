import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.mjs',
  // Builds the fixture pages once and clears stale policy files (harness/global-setup.mjs).
  globalSetup: './harness/global-setup.mjs',
  // One worker, on purpose: the tests configure Chromium through a policy file that is global to
  // the machine (/etc/chromium/policies/managed/advocate-test.json, read by every Chromium at
  // start), so two tests at once would see each other's policies. The machines also have only 2
  // cores, which one headless Chromium with the extension already keeps busy.
  workers: 1,
  timeout: 60_000,
  reporter: 'list',
  outputDir: 'test-results',
});
