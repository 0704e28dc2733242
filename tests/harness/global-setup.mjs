// Runs once before the browser tests (playwright.config.mjs): builds the fixture pages and
// removes policy files a killed earlier run may have left behind, which every Chromium or
// Firefox started afterwards would read.
import fs from 'node:fs';
import { clearPolicy, SELFHOSTED_POLICY_FILE, FIREFOX_POLICY_FILE } from './extension.mjs';
import { buildFixtures } from './fixtures.mjs';

export default async function globalSetup() {
  clearPolicy();
  for (const file of [SELFHOSTED_POLICY_FILE, FIREFOX_POLICY_FILE]) fs.rmSync(file, { force: true });
  await buildFixtures();
}
