// Entry of frame.html: load wasm once, then let Rust render the page. The User Timing marks
// let the benchmarks see a frame's boot (script start → wasm ready) next to its card's marks.
import init, { start_frame } from '../pkg/advocate_web.js';

performance.mark('advocate:frame-start');
await init({ module_or_path: new URL('../pkg/advocate_web_bg.wasm', import.meta.url) });
performance.mark('advocate:wasm-ready');
await start_frame();
