import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.mjs',
  workers: 1,
  timeout: 60_000,
  reporter: 'list',
  outputDir: 'test-results',
});
