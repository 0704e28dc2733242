// The packages as they leave the build: the store zips (no development key, one version
// everywhere), and the self-hosted enterprise package installed the way IT installs it:
// `advocate package` signs a CRX with a new company key, a real HTTP server on 127.0.0.1 serves
// it with its update manifest, and Debian's Chromium force-installs it through the generated
// ExtensionInstallForcelist policy, then syncs the feed that policy names.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import AdmZip from 'adm-zip';
import { chromium } from '@playwright/test';
import { test, expect } from './harness/test.mjs';
import {
  ROOT, CHROMIUM_ARGS, EXTENSION_ID, feedFile, SELFHOSTED_POLICY_FILE as POLICY_FILE,
} from './harness/extension.mjs';

const TARGET = process.env.CARGO_TARGET_DIR ?? path.join(ROOT, 'target');
const ADVOCATE = path.join(TARGET, 'release/advocate');

/** Cargo.toml's [workspace.package] version: the one version of everything. */
function workspaceVersion() {
  const toml = fs.readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8');
  const section = toml.split(/^\[workspace\.package\]$/m)[1] ?? '';
  const m = section.match(/^version\s*=\s*"([^"]+)"/m);
  if (!m) throw new Error('no [workspace.package] version in Cargo.toml');
  return m[1];
}

/** Every file under `dir`, relative, with `/`. */
function filesUnder(dir, prefix = '') {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory()
    ? filesUnder(path.join(dir, e.name), `${prefix}${e.name}/`)
    : [`${prefix}${e.name}`]));
}

/** The id Chrome gives a public key (SPKI DER): SHA-256, first 32 hex digits, 0-f as a-p. */
function idOf(spkiDer) {
  const hex = crypto.createHash('sha256').update(spkiDer).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

test('store zips carry no development key, and every version is the workspace version', () => {
  const version = workspaceVersion();
  expect(execFileSync(ADVOCATE, ['--version'], { encoding: 'utf8' }).trim()).toBe(`advocate ${version}`);
  for (const browser of ['chrome', 'firefox']) {
    const zipPath = path.join(ROOT, 'dist', `advocate-${browser}-${version}.zip`);
    expect(fs.existsSync(zipPath), `${zipPath} exists`).toBe(true);
    const zip = new AdmZip(zipPath);
    const manifest = JSON.parse(zip.readAsText('manifest.json'));
    expect(manifest.version, `${browser} store manifest`).toBe(version);
    expect(manifest, `${browser} store manifest has no key`).not.toHaveProperty('key');
    expect(manifest).not.toHaveProperty('update_url');
    // The same files as the unpacked folder, nothing added for development.
    const unpacked = path.join(ROOT, 'dist', browser);
    expect(zip.getEntries().map((e) => e.entryName).sort()).toEqual(filesUnder(unpacked).sort());
    const dev = JSON.parse(fs.readFileSync(path.join(unpacked, 'manifest.json'), 'utf8'));
    expect(dev.version).toBe(version);
  }
  // The unpacked Chrome build keeps the key, which gives the id development and policies use.
  const dev = JSON.parse(fs.readFileSync(path.join(ROOT, 'dist/chrome/manifest.json'), 'utf8'));
  expect(idOf(Buffer.from(dev.key, 'base64'))).toBe(EXTENSION_ID);
  // No other version's packages lying around to be uploaded by mistake.
  const zips = fs.readdirSync(path.join(ROOT, 'dist')).filter((f) => f.endsWith('.zip')).sort();
  expect(zips).toEqual([`advocate-chrome-${version}.zip`, `advocate-firefox-${version}.zip`]);
});

/** A static web server for `dir` under /advocate/ on 127.0.0.1, logging what was asked. */
async function startUpdateServer(dir) {
  const requests = [];
  const server = http.createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url, 'http://x').pathname.replace(/^\/advocate\//, ''));
    requests.push(name);
    const file = path.join(dir, path.basename(name));
    if (!name || name.includes('/') || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    const type = name.endsWith('.xml') ? 'text/xml' : 'application/x-chrome-extension';
    res.writeHead(200, { 'Content-Type': type });
    res.end(fs.readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${server.address().port}/advocate/`,
    requests,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

test('the self-hosted CRX installs by ExtensionInstallForcelist and syncs the policy feed', async ({ feedServer, teardown }) => {
  test.setTimeout(180_000);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'advocate-selfhosted-'));
  teardown(() => fs.rmSync(work, { recursive: true, force: true }));
  const out = path.join(work, 'out');
  const userDataDir = path.join(work, 'profile');
  // A new company key, as `openssl genpkey -algorithm RSA` makes it (PKCS#8 PEM).
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'der' },
  });
  const keyFile = path.join(work, 'company.pem');
  fs.writeFileSync(keyFile, privateKey, { mode: 0o600 });

  const feed = await feedServer({ '/feed.json': feedFile('e2e.json') });
  const updates = await startUpdateServer(out);
  teardown(() => updates.close());
  const printed = execFileSync(ADVOCATE, [
    'package', path.join(ROOT, 'dist/chrome'), '--key', keyFile,
    '--update-url', updates.base, '--feed-url', feed.url(), '--out', out,
  ], { encoding: 'utf8' });
  const id = printed.match(/extension id\s+([a-p]{32})/)?.[1];
  expect(id, `an id in:\n${printed}`).toBeTruthy();
  expect(id, 'the id printed is the one the key gives').toBe(idOf(publicKey));
  expect(id).not.toBe(EXTENSION_ID);
  console.log(`advocate package printed the extension id ${id}`);
  const version = workspaceVersion();
  expect(fs.existsSync(path.join(out, `advocate-${version}.crx`))).toBe(true);

  // The generated policy, where Chromium on Linux reads machine policy. One line is added for
  // the test only: by default Chromium refuses DevTools (and so Playwright) on extensions that
  // policy installed, and the test reads the extension's pages through DevTools.
  const policy = JSON.parse(fs.readFileSync(path.join(out, 'policy-linux.json'), 'utf8'));
  expect(policy.ExtensionInstallForcelist).toEqual([`${id};${updates.base}updates.xml`]);
  expect(policy['3rdparty'].extensions[id]).toEqual({ feedUrl: feed.url() });
  fs.mkdirSync(path.dirname(POLICY_FILE), { recursive: true });
  teardown(() => fs.rmSync(POLICY_FILE, { force: true }));
  fs.writeFileSync(POLICY_FILE, JSON.stringify({ ...policy, DeveloperToolsAvailability: 1 }, null, 2));

  // Measured on Chromium 156: `--disable-background-networking` (in our usual flags and in
  // Playwright's defaults) stops the policy's update check, so nothing is ever downloaded.
  // It is left out here, with Playwright's default `--disable-extensions`. Nothing else is
  // needed: no ExtensionInstallSources, no developer mode, http on 127.0.0.1 is accepted.
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS.filter((a) => a !== '--disable-background-networking'),
    ignoreDefaultArgs: ['--disable-extensions', '--disable-background-networking'],
  });
  teardown(() => context.close());
  // Installed once its page loads (before that, the extension's URLs do not exist).
  const page = await context.newPage();
  await expect
    .poll(async () => {
      try {
        await page.goto(`chrome-extension://${id}/popup.html`);
        return await page.evaluate(() => chrome.runtime.id);
      } catch {
        return null;
      }
    }, { timeout: 90_000, intervals: [1000] })
    .toBe(id);
  expect(updates.requests).toContain('updates.xml');
  expect(updates.requests).toContain(`advocate-${version}.crx`);
  const manifest = await page.evaluate(() => chrome.runtime.getManifest());
  expect(manifest.version).toBe(version);
  expect(manifest.update_url).toBe(`${updates.base}updates.xml`);
  // The extension's policy arrives a moment after the install (once Chromium has read the
  // extension's managed_schema.json).
  await expect
    .poll(() => page.evaluate(() => chrome.storage.managed.get('feedUrl')), { timeout: 30_000 })
    .toEqual({ feedUrl: feed.url() });
  // Synced from the feed the policy names, without anyone touching the options.
  await expect
    .poll(async () => (await page.evaluate(() => chrome.storage.local.get('feed'))).feed?.url ?? null, { timeout: 30_000 })
    .toBe(feed.url());
  expect(feed.gets().length).toBeGreaterThan(0);
});
