// Entry of frame.html: load wasm once, then let Rust render the page. The User Timing marks
// let the benchmarks see a frame's boot (script start → wasm ready) next to its card's marks.
import init, { start_frame } from '../pkg/advocate_web.js';

performance.mark('advocate:frame-start');

// The content script hands this frame its token by postMessage once it has loaded (never in
// the address: the page can read a frame's address and embed a copy of it). The page can post
// here too, so the frame only takes a token the content script then confirms (frame.rs). Kept
// from the first moment, before wasm is ready.
const tokens = [];
let wake = () => {};
addEventListener('message', (e) => {
  if (e.source !== parent || typeof e.data?.advocateToken !== 'string') return;
  tokens.push(e.data.advocateToken);
  wake();
});
// The next token, or null if none comes within 10 s.
globalThis.advocateHost.nextFrameToken = async () => {
  const deadline = performance.now() + 10_000;
  while (!tokens.length) {
    const left = deadline - performance.now();
    if (left <= 0) return null;
    await new Promise((r) => { wake = r; setTimeout(r, left); });
  }
  return tokens.shift();
};

await init({ module_or_path: new URL('../pkg/advocate_web_bg.wasm', import.meta.url) });
performance.mark('advocate:wasm-ready');
await start_frame();
