// Entry of popup.html: load wasm once, then let Rust render the page.
import init, { start_popup } from '../pkg/advocate_web.js';

await init({ module_or_path: new URL('../pkg/advocate_web_bg.wasm', import.meta.url) });
await start_popup();
