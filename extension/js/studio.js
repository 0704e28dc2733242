// Entry of studio.html: the studio's own wasm module (card frames never load it), then Rust
// renders the page.
import init, { start_studio } from '../pkg/advocate_studio.js';

await init({ module_or_path: new URL('../pkg/advocate_studio_bg.wasm', import.meta.url) });
await start_studio();
