// Small helpers shared by the benchmark phases (tests/bench/run.mjs).
import { EXTENSION_ID } from '../harness/extension.mjs';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function median(xs) {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

export const round = (x, digits = 2) => (x == null ? null : Math.round(x * 10 ** digits) / 10 ** digits);

/** Polls `fn` until it returns a truthy value; throws with `what` after `timeout` ms. */
export async function until(fn, { timeout = 30_000, interval = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await sleep(interval);
  }
}

/** `promise`, or an error naming `what` after `ms`: for waits that cannot time out by
 * themselves, such as a page evaluation driven by animation frames. */
export function within(promise, ms, what) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer after ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/**
 * An extension page with the extension APIs but no UI of its own (the manifest, shown as
 * text), to send messages and set storage from. popup.html would render every suggestion of a
 * 10,000-item feed and re-render on storage changes, competing with what is being measured.
 */
export async function quietExtensionPage(context) {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${EXTENSION_ID}/manifest.json`);
  return page;
}

/**
 * Runs `count` A/B pairs, alternating which side goes first (ABBA…), so a slow drift of the
 * machine (other processes, thermal, a growing heap) weighs on both sides alike.
 */
export async function pairs(count, a, b, { log } = {}) {
  const out = { a: [], b: [] };
  for (let i = 0; i < count; i += 1) {
    const order = i % 2 === 0 ? [['a', a], ['b', b]] : [['b', b], ['a', a]];
    for (const [side, fn] of order) out[side].push(await fn(i));
    if (log) log(i, out.a[out.a.length - 1], out.b[out.b.length - 1]);
  }
  return out;
}

/** Extra flags of the ingest phase's browser: `gc()`, which it calls in the worker before each
 * sample. The page phases run in browsers without it: with `--js-flags` on both sides the
 * scroll A/B moved from 0.97-1.02 to 1.04-1.11 for an unchanged content script. */
export const INGEST_BROWSER_ARGS = ['--js-flags=--expose-gc'];
