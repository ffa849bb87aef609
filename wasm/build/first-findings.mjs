// The first findings of every preset, linted when the page is built by the very
// module the page ships: `{ [preset]: { report, services } }` on standard output,
// the JSON that `gg.lint` and `gg.services` return for the preset's files.
// The page paints them before the engine has compiled, and the engine lints
// again as soon as it has (same module, same files: the same answer).
//
// scripts/build-wasm.sh bundles this for Node (the presets import YAML as text)
// and runs it:  node first-findings.mjs wasm/dist/gg_wasm_bg.wasm
import { readFileSync } from 'node:fs';
import { initSync, lint, services } from '../pkg/gg_wasm.js';
import { PRESETS } from '../www/presets.js';

const module = process.argv[2];
if (!module) {
  console.error('usage: node first-findings.mjs MODULE.wasm');
  process.exit(2);
}
initSync({ module: readFileSync(module) });
const findings = {};
for (const [id, preset] of Object.entries(PRESETS)) {
  findings[id] = { report: lint(preset.files), services: services(preset.files) };
}
process.stdout.write(`${JSON.stringify(findings)}\n`);
