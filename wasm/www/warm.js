// Warms the engine while the page's script loads, on another core. Browsers compile a
// WebAssembly function on its first call, and the compiled code belongs to the module,
// shared by its instances in every thread: this worker instantiates the module index.html
// compiles (posted to it) and lints the default preset once, so the page's first lint runs
// code that is compiled already. Then it says so and is ended.
import init, { lint } from '../pkg/gg_wasm.js';
import { PRESETS, DEFAULT_PRESET } from './presets.js';

self.onmessage = async ({ data: module }) => {
  try {
    await init({ module_or_path: module });
    lint(PRESETS[DEFAULT_PRESET].files);
  } finally {
    self.postMessage('warm');
  }
};
