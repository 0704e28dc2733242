// Serves the fixture pages on the REAL site URLs (https://www.linkedin.com/…, https://x.com/…,
// https://twitter.com/…) by request interception, for Playwright (serveFixtures) and for
// puppeteer-core / Firefox (serveFixturesPuppeteer). No network is used.
//
//   import { serveFixtures } from './harness/fixtures.mjs';
//   await serveFixtures(context, { layout: 'react', composer: 'sdui', lang: 'de', theme: 'dark', csp: 'strict' });
//   await page.goto('https://www.linkedin.com/feed/');
//
// Every navigation to a page path of a site (any path without a file extension) gets that site's
// SPA shell (LinkedIn: the React or Ember shell by `layout`; post pages always Ember), which renders
// by location.pathname. Static assets live under /__fixture/ on each
// origin (same-origin, so the strict-CSP variant works). Any other request to those hosts gets a
// 404. Requests to other hosts are left alone (Playwright: route.fallback(); Puppeteer: continue
// with the lowest cooperative priority), so other handlers can serve them.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFixtures as build, BUILD_DIR, FIXTURES_DIR } from '../fixtures/build.mjs';

export const STATIC_DIR = path.join(FIXTURES_DIR, 'static');
export const SHELL_DIR = path.join(FIXTURES_DIR, 'shell');
export const STRICT_CSP = "default-src 'self'; script-src 'self'";
export const SITE_PATTERNS = ['https://www.linkedin.com/**', 'https://x.com/**', 'https://twitter.com/**'];
/**
 * Every option and its allowed values (the first is the default). LinkedIn: layout, composer (React
 * layout only), editor, shareText, comments. Both sites: theme, lang, csp, posts. X picks its desktop
 * or mobile layout from the viewport width (< 500 px: mobile), not from an option.
 */
export const OPTION_VALUES = Object.freeze({
  theme: ['light', 'dark'],
  lang: ['en', 'de'],
  csp: [null, 'strict'],
  layout: ['react', 'ember'],
  composer: ['sdui', 'interop'],
  editor: ['real', 'inert'],
  shareText: ['ignore', 'prefill'],
  comments: ['open', 'closed'],
});
export const DEFAULTS = Object.freeze({
  ...Object.fromEntries(Object.entries(OPTION_VALUES).map(([k, v]) => [k, v[0]])),
  posts: 60,
});

const HOST_SITE = { 'www.linkedin.com': 'linkedin', 'x.com': 'x', 'twitter.com': 'x' };
const MIME = {
  '.js': 'application/javascript; charset=utf-8', '.mjs': 'application/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.html': 'text/html; charset=utf-8',
};

let buildPromise = null;
/** Bundles the fixture apps with esbuild if out of date (idempotent; ~1 s when building, ~5 ms when up to date). */
export function buildFixtures(options) {
  if (options && options.force) return build(options);
  if (!buildPromise) buildPromise = build(options).catch((e) => { buildPromise = null; throw e; });
  return buildPromise;
}

/**
 * Options from the environment: FIXTURE_THEME, FIXTURE_LANG, FIXTURE_CSP ('none' = null), FIXTURE_LAYOUT,
 * FIXTURE_COMPOSER, FIXTURE_EDITOR, FIXTURE_SHARE_TEXT, FIXTURE_COMMENTS, FIXTURE_POSTS.
 */
export function fixtureOptionsFromEnv(env = process.env) {
  const o = {};
  const vars = { theme: 'FIXTURE_THEME', lang: 'FIXTURE_LANG', layout: 'FIXTURE_LAYOUT', composer: 'FIXTURE_COMPOSER', editor: 'FIXTURE_EDITOR', shareText: 'FIXTURE_SHARE_TEXT', comments: 'FIXTURE_COMMENTS' };
  for (const [k, v] of Object.entries(vars)) if (env[v]) o[k] = env[v];
  if (env.FIXTURE_CSP) o.csp = env.FIXTURE_CSP === 'none' ? null : env.FIXTURE_CSP;
  if (env.FIXTURE_POSTS) o.posts = Number(env.FIXTURE_POSTS);
  return o;
}

/** Fills in the defaults and throws on an unknown option or value. */
export function normalizeOptions(opts = {}) {
  const given = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined));
  for (const k of Object.keys(given)) {
    if (k === 'linkedinEditor') throw new Error("fixtures: option linkedinEditor is gone: use layout ('react'|'ember'), composer ('sdui'|'interop') and editor ('real'|'inert')");
    if (!(k in DEFAULTS)) throw new Error(`fixtures: unknown option ${k} (known: ${Object.keys(DEFAULTS).join(', ')})`);
  }
  const o = { ...DEFAULTS, ...given };
  for (const [k, allowed] of Object.entries(OPTION_VALUES)) {
    if (!allowed.includes(o[k])) throw new Error(`fixtures: ${k} must be one of ${allowed.map(String).join('|')}, got ${o[k]}`);
  }
  if (!Number.isInteger(o.posts) || o.posts < 1) throw new Error(`fixtures: posts must be a positive integer, got ${o.posts}`);
  return o;
}

function escapeAttr(s) {
  return String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** LinkedIn post pages are Ember whatever the layout (docs/sites/linkedin-ember.md §5); /preload/ is the interop iframe. */
export function shellFor(site, pathname, o) {
  if (site === 'x') return 'x';
  if (pathname.startsWith('/preload/')) return 'linkedin-preload';
  if (/^\/feed\/update\/[^/]+\/?$/.test(pathname) || pathname.startsWith('/posts/')) return 'linkedin-ember';
  return `linkedin-${o.layout}`;
}

const shellCache = new Map();
function shellHtml(site, o, pathname) {
  const name = shellFor(site, pathname, o);
  let tpl = shellCache.get(name);
  if (!tpl) { tpl = fs.readFileSync(path.join(SHELL_DIR, `${name}.html`), 'utf8'); shellCache.set(name, tpl); }
  const pageOptions = { ...o, shell: name.replace(/^linkedin-/, '') };
  return tpl.replaceAll('{{lang}}', o.lang).replaceAll('{{theme}}', o.theme).replaceAll('{{options}}', escapeAttr(JSON.stringify(pageOptions)));
}

function securityHeaders(o) {
  return o.csp === 'strict' ? { 'content-security-policy': STRICT_CSP } : {};
}

/**
 * Decides the response for a request. Returns null for hosts this module does not serve.
 * @param {string} url
 * @param {boolean} isNavigation  true for document (frame) requests
 * @returns {{status:number, headers:object, body:Buffer|string}|null}
 */
export function resolveFixtureRequest(url, isNavigation, opts) {
  const o = normalizeOptions(opts);
  let u;
  try { u = new URL(url); } catch { return null; }
  const site = u.protocol === 'https:' ? HOST_SITE[u.hostname] : undefined;
  if (!site) return null;
  const notFound = { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }, body: 'Not found (fixture)' };
  const p = u.pathname;
  if (p.startsWith('/__fixture/')) {
    let base;
    let rel;
    if (p.startsWith('/__fixture/static/')) { base = STATIC_DIR; rel = p.slice('/__fixture/static/'.length); }
    else if (p.startsWith('/__fixture/build/')) { base = BUILD_DIR; rel = p.slice('/__fixture/build/'.length); }
    else return notFound;
    const file = path.resolve(base, decodeURIComponent(rel));
    if (!file.startsWith(base + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return notFound;
    return {
      status: 200,
      headers: { 'content-type': MIME[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store', ...securityHeaders(o) },
      body: fs.readFileSync(file),
    };
  }
  const lastSegment = p.split('/').pop();
  if (isNavigation && !lastSegment.includes('.')) {
    return {
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...securityHeaders(o) },
      body: shellHtml(site, o, p),
    };
  }
  return notFound;
}

/**
 * Playwright: route the three sites of `context` (a BrowserContext, or a Page) to the fixtures.
 * Returns the normalised options and an `unroute()` function.
 */
export async function serveFixtures(context, opts = {}) {
  const o = normalizeOptions(opts);
  await buildFixtures();
  const handler = async (route) => {
    const req = route.request();
    const res = resolveFixtureRequest(req.url(), req.isNavigationRequest() || req.resourceType() === 'document', o);
    if (!res) return route.fallback();
    return route.fulfill({ status: res.status, headers: res.headers, body: res.body });
  };
  for (const pattern of SITE_PATTERNS) await context.route(pattern, handler);
  return {
    options: o,
    unroute: async () => { for (const pattern of SITE_PATTERNS) await context.unroute(pattern, handler); },
  };
}

/**
 * puppeteer-core (Chrome or Firefox/BiDi): serve the fixtures for one page by request interception.
 * Uses cooperative interception: fixture requests are answered with priority 1, every other
 * request is continued with priority 0 so that other handlers may still respond/abort it.
 * Returns the normalised options and a `stop()` function that removes the listener.
 */
export async function serveFixturesPuppeteer(page, opts = {}) {
  const o = normalizeOptions(opts);
  await buildFixtures();
  await page.setRequestInterception(true);
  const onRequest = (req) => {
    if (req.isInterceptResolutionHandled && req.isInterceptResolutionHandled()) return;
    const res = resolveFixtureRequest(req.url(), req.isNavigationRequest(), o);
    if (!res) {
      req.continue(req.continueRequestOverrides ? req.continueRequestOverrides() : {}, 0).catch(() => {});
      return;
    }
    const body = typeof res.body === 'string' ? Buffer.from(res.body) : res.body;
    req.respond({ status: res.status, headers: res.headers, contentType: res.headers['content-type'], body }, 1).catch(() => {});
  };
  page.on('request', onRequest);
  return { options: o, stop: () => page.off('request', onRequest) };
}

export const FIXTURE_PATHS = { FIXTURES_DIR, BUILD_DIR, STATIC_DIR, SHELL_DIR, HARNESS: path.dirname(fileURLToPath(import.meta.url)) };
