// Entry of options.html: load wasm once, then let Rust render the page.
import init, { start_options } from '../pkg/advocate_web.js';

await init({ module_or_path: new URL('../pkg/advocate_web_bg.wasm', import.meta.url) });
await start_options();
