// Shipped sizes, and the core's criterion benchmarks (`cargo bench -p advocate-core`).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawn } from 'node:child_process';
import { ROOT } from '../harness/extension.mjs';

const TARGET = process.env.CARGO_TARGET_DIR ?? path.join(ROOT, 'target');
export const WASM = path.join(TARGET, 'wasm-pkg/advocate_web_bg.wasm');
/** The feed studio's own module (#20): loaded by studio.html only, never by a card frame. */
export const STUDIO_WASM = path.join(TARGET, 'wasm-pkg/advocate_studio_bg.wasm');
/** The Chrome store package (its name carries the version: dist/advocate-chrome-VERSION.zip). */
export function storeZip() {
  const dist = path.join(ROOT, 'dist');
  const name = fs.readdirSync(dist).find((f) => /^advocate-chrome-.+\.zip$/.test(f));
  if (!name) throw new Error('no dist/advocate-chrome-*.zip: run ./build.sh first');
  return path.join(dist, name);
}

export function sizes() {
  const wasm = fs.readFileSync(WASM);
  const studio = fs.readFileSync(STUDIO_WASM);
  return {
    wasm_bytes: wasm.length,
    wasm_gzip_bytes: zlib.gzipSync(wasm, { level: 9 }).length,
    studio_wasm_bytes: studio.length,
    studio_wasm_gzip_bytes: zlib.gzipSync(studio, { level: 9 }).length,
    zip_bytes: fs.statSync(storeZip()).size,
  };
}

/** The benchmarks of crates/core/benches/core.rs, in the order they run. */
export const CORE_BENCHES = [
  'validate/extension_10k_items',
  'validate/cli_10k_items',
  'rank/linkedin_10k_items',
  'rank/x_10k_items',
  'count/x_1000_captions',
  'count/linkedin_1000_captions',
  'count/linkedin_fold_1000_captions',
  'compose/x_1000_captions',
];

/**
 * Runs `cargo bench -p advocate-core` (output to `logFile`) and returns each benchmark's
 * median in milliseconds, read from criterion's `target/criterion/<id>/new/estimates.json`
 * (only files written by this run).
 */
export async function cargoBench({ logFile }) {
  const started = Date.now();
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.openSync(logFile, 'w');
  const code = await new Promise((resolve, reject) => {
    const child = spawn('cargo', ['bench', '--quiet', '-p', 'advocate-core', '--bench', 'core'], {
      cwd: ROOT,
      stdio: ['ignore', log, log],
    });
    child.on('error', reject);
    child.on('exit', resolve);
  });
  fs.closeSync(log);
  if (code !== 0) throw new Error(`cargo bench failed (exit ${code}); see ${logFile}`);
  const out = {};
  for (const id of CORE_BENCHES) {
    const file = path.join(TARGET, 'criterion', id, 'new/estimates.json');
    if (!fs.existsSync(file) || fs.statSync(file).mtimeMs < started) {
      out[id] = null;
      continue;
    }
    const est = JSON.parse(fs.readFileSync(file, 'utf8'));
    out[id] = Math.round(est.median.point_estimate / 1e3) / 1e3; // ns -> ms, 3 decimals
  }
  return out;
}
