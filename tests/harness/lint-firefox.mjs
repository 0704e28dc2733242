// Runs `web-ext lint` (Mozilla's addons-linter, offline) on dist/firefox and fails on any error
// or warning: addons.mozilla.org reviews warnings, and the package has none to keep it that way.
// Usage: node harness/lint-firefox.mjs DIR
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: lint-firefox.mjs DIR');
  process.exit(2);
}
const bin = path.join(path.dirname(fileURLToPath(import.meta.url)), '../node_modules/.bin/web-ext');
let out;
try {
  out = execFileSync(bin, ['lint', '--source-dir', dir, '--output', 'json', '--no-input'], { encoding: 'utf8' });
} catch (e) {
  out = e.stdout; // web-ext exits non-zero when there are errors; the JSON is still on stdout
}
const report = JSON.parse(out);
for (const kind of ['errors', 'warnings', 'notices']) {
  for (const m of report[kind]) console.log(`${kind.slice(0, -1)}: ${m.code} ${m.file ?? ''} ${m.message}`);
}
console.log(`web-ext lint: ${report.count} messages, ${report.summary.errors} errors, ${report.summary.warnings} warnings`);
process.exit(report.summary.errors === 0 && report.summary.warnings === 0 ? 0 : 1);
