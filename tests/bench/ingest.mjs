// Feed ingest (extension worker vs JSON.parse in the same worker) and the cost of an
// unchanged (304) sync. Both run in one browser session with the built extension.
import { launch, EXTENSION_ID } from '../harness/extension.mjs';
import { median, pairs, quietExtensionPage, round, sleep, until } from './lib.mjs';

/** The feed's bytes with `n` extra trailing spaces: same JSON, different content hash. */
const variant = (feed, n) => Buffer.concat([feed, Buffer.alloc(n, 0x20)]);

/**
 * @param {{feed: Buffer, server: object, pairCount: number, log: Function, args?: string[]}} o
 *   `args`: extra Chromium flags (`INGEST_BROWSER_ARGS` for the measured phase)
 * @returns {Promise<{results: object, samples: object, ext: object}>} the browser stays open
 *   (the page phase reuses it, with the benchmark feed already stored).
 */
export async function ingestPhase(o) {
  // BENCH_EXTENSION=DIR measures another unpacked build (e.g. a baseline) instead of dist/chrome.
  const args = o.args ?? [];
  const ext = await launch(process.env.BENCH_EXTENSION ? { extension: process.env.BENCH_EXTENSION, args } : { args });
  try {
    return await measure(ext, o);
  } catch (e) {
    await ext.close().catch(() => {});
    throw e;
  }
}

async function measure(ext, { feed, server, pairCount, log }) {
  const helper = await quietExtensionPage(ext.context);
  // The live service worker (Chrome may have restarted it since launch).
  const worker = () => ext.context.serviceWorkers().find((w) => w.url().includes(EXTENSION_ID)) ?? ext.worker;
  // The install sync (bundled demo feed) must be over before the first round.
  await until(() => worker().evaluate(async () => Boolean((await chrome.storage.local.get('feed')).feed)), {
    what: 'the demo feed to be stored', timeout: 30_000,
  });
  await sleep(500);

  // Before every sample, of either side: a full GC in the worker, then a moment for the
  // sweeper. Otherwise a sample pays for collecting the garbage of the one before (60 MB of
  // objects after a JSON.parse), on a second core that the measured thread shares with the
  // browser: ingest samples right after a JSON.parse sample were up to 20 ms slower.
  const collect = async () => {
    await worker().evaluate(() => globalThis.gc?.());
    await sleep(200);
  };

  let n = 0;
  const ingestOnce = async () => {
    await collect();
    n += 1;
    const url = server.url(`/feed.json?n=${n}`);
    server.setFile('/feed.json', variant(feed, n));
    await worker().evaluate(() => { performance.clearMeasures(); performance.clearMarks(); });
    await helper.evaluate((u) => chrome.storage.sync.set({ settings: { feedUrl: u } }), url);
    const since = Date.now();
    const m = await until(() => worker().evaluate(async (t) => {
      const get = (n) => performance.getEntriesByName(n, 'measure')[0]?.duration;
      const ingest = get('advocate:ingest');
      if (ingest != null) return { ingest, validate: get('advocate:validate'), rank: get('advocate:rank'), store: get('advocate:store') };
      // A sync that failed will never measure: say why instead of waiting for the timeout.
      const { syncStatus: s } = await chrome.storage.local.get('syncStatus');
      if (s?.failure && s.failureAt >= t) return { failure: s.failure };
      return null;
    }, since - 1000), { what: `advocate:ingest for ${url}`, timeout: 60_000, interval: 50 });
    if (m.failure) throw new Error(`the extension's sync of ${url} failed: ${JSON.stringify(m.failure)}`);
    const stored = await worker().evaluate(async () => (await chrome.storage.local.get('feed')).feed?.url);
    if (stored !== url) throw new Error(`ingest measured, but the stored feed is ${stored}, not ${url}`);
    // Let what follows the measure (dropping the old text, storage.onChanged listeners in the
    // worker and in extension pages) finish before the other side runs in the same worker.
    await sleep(700);
    return m;
  };

  const parseOnce = async () => {
    await collect();
    const url = server.url('/feed.json?plain');
    const r = await worker().evaluate(async (u) => {
      const bytes = await (await fetch(u, { cache: 'no-store' })).arrayBuffer();
      const t0 = performance.now();
      const v = JSON.parse(new TextDecoder().decode(bytes));
      const ms = performance.now() - t0;
      return { ms, items: v.items.length, bytes: bytes.byteLength };
    }, url);
    if (!(r.items > 0)) throw new Error('JSON.parse found no items');
    await sleep(700);
    return r.ms;
  };

  // One warm-up round, reported alone (as the page phases do with their first load): the
  // first sync in a fresh worker runs code V8 compiles on first call and optimises in the
  // background; it took 3-4 times as long as the later ones, and the second one was still
  // in between. A real sync is often a worker's first, hence `feed_ingest_first_ms`.
  const first = await ingestOnce();
  const firstParse = await parseOnce();
  log(`  warm-up: ingest ${first.ingest.toFixed(1)} ms (validate ${first.validate?.toFixed(1)}), JSON.parse ${firstParse.toFixed(1)} ms`);

  const { a, b } = await pairs(pairCount, ingestOnce, parseOnce, {
    log: (i, x, y) => log(`  pair ${i + 1}: ingest ${x.ingest.toFixed(1)} ms (validate ${x.validate?.toFixed(1)}, rank ${x.rank?.toFixed(1)}, store ${x.store?.toFixed(1)}), JSON.parse ${y.toFixed(1)} ms`),
  });
  const ingest = a.map((x) => x.ingest);
  const feedIngestMs = median(ingest);
  const jsonParseMs = median(b);

  // ---- unchanged feed: a 304 must cost no parse and no disk write ----
  const sync = await unchangedSync({ worker: worker(), helper, server, log });

  await helper.close();
  return {
    ext,
    results: {
      feed_ingest_ms: round(feedIngestMs),
      feed_ingest_first_ms: round(first.ingest),
      json_parse_ms: round(jsonParseMs),
      feed_ingest_ratio: round(feedIngestMs / jsonParseMs, 3),
      feed_validate_ms: round(median(a.map((x) => x.validate))),
      feed_rank_ms: round(median(a.map((x) => x.rank))),
      feed_store_ms: round(median(a.map((x) => x.store))),
      ...sync.results,
    },
    samples: {
      feed_ingest_ms: ingest.map((x) => round(x)),
      feed_ingest_warmup: { ingest: round(first.ingest), validate: round(first.validate), json_parse: round(firstParse) },
      feed_validate_ms: a.map((x) => round(x.validate)),
      feed_rank_ms: a.map((x) => round(x.rank)),
      feed_store_ms: a.map((x) => round(x.store)),
      json_parse_ms: b.map((x) => round(x)),
      sync_unchanged: sync.detail,
    },
  };
}

/** Counts, in the worker, every storage write and IndexedDB change and every feed parse
 * around one `syncNow` that the server answers with 304. */
async function unchangedSync({ worker, helper, server, log }) {
  // "Sync now" as the employee sends it, from the options page: the background takes it only
  // from Advocate's own pages (#19), not from the quiet helper page. Opened before anything is
  // counted, so its start-up reads are not.
  const options = await helper.context().newPage();
  await options.goto(`chrome-extension://${EXTENSION_ID}/options.html`);
  await sleep(500);
  const before = await worker.evaluate(() => {
    const g = globalThis;
    g.__benchWrites = { local: 0, sync: 0, session: 0, idb: 0, cache: 0, calls: [] };
    const w = g.__benchWrites;
    // Chrome has both `chrome` and (since 2025) `browser`; the extension uses `browser` when it
    // exists. Patch every storage area object reachable from either.
    const areas = new Set();
    for (const ns of [g.browser, g.chrome]) {
      for (const area of ['local', 'sync', 'session']) {
        const obj = ns?.storage?.[area];
        if (obj && !areas.has(obj)) {
          areas.add(obj);
          for (const m of ['set', 'remove', 'clear']) {
            const orig = obj[m];
            obj[m] = function patched(...args) {
              w[area] += 1;
              w.calls.push(`${area}.${m}(${Object.keys(typeof args[0] === 'object' && args[0] ? args[0] : { [args[0]]: 1 }).join(',')})`);
              return orig.apply(this, args);
            };
          }
        }
      }
    }
    const countCalls = (proto, methods, kind) => {
      for (const m of methods) {
        const orig = proto[m];
        proto[m] = function patched(...args) {
          w[kind] += 1;
          w.calls.push(`${kind}.${m}`);
          return orig.apply(this, args);
        };
      }
    };
    countCalls(IDBObjectStore.prototype, ['put', 'add', 'delete', 'clear'], 'idb');
    if (g.Cache) countCalls(Cache.prototype, ['put', 'add', 'addAll', 'delete'], 'cache');
    return performance.getEntriesByName('advocate:parse').length;
  });
  const firstRequest = server.requests.length;
  const status = await options.evaluate(() => chrome.runtime.sendMessage({ type: 'syncNow' }));
  await sleep(500); // anything the sync started but did not await
  await options.close();
  const after = await worker.evaluate(() => ({
    parses: performance.getEntriesByName('advocate:parse').length,
    writes: globalThis.__benchWrites,
  }));
  // A restarted worker would have lost the wrappers (and count nothing): not a measurement.
  if (!after.writes) throw new Error('the service worker restarted during the 304 sync; nothing was counted');
  const gets = server.requests.slice(firstRequest).filter((r) => r.method === 'GET' && r.path === '/feed.json');
  const statuses = gets.map((r) => r.status);
  const w = after.writes;
  const detail = {
    http_statuses: statuses,
    if_none_match_sent: gets.map((r) => Boolean(r.headers['if-none-match'])),
    writes: { local: w.local, sync: w.sync, session: w.session, idb: w.idb, cache: w.cache },
    calls: w.calls,
    sync_status_failure: status?.failure ?? null,
  };
  log(`  304 sync: HTTP ${statuses.join(',') || 'none'}, parses ${after.parses - before}, writes ${JSON.stringify(detail.writes)} ${w.calls.join(' ')}`);
  const was304 = statuses.length > 0 && statuses.every((s) => s === 304);
  return {
    detail,
    results: {
      // Not a 304 (the condition could not be created): unmeasured rather than a false 0.
      sync_unchanged_parse_count: was304 ? after.parses - before : null,
      sync_unchanged_storage_writes: was304 ? w.local + w.sync + w.idb + w.cache : null,
      sync_unchanged_session_writes: was304 ? w.session : null,
    },
  };
}
