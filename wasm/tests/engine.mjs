// Loads the built module (wasm/dist) in Node, and reads the fixture corpus.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const WASM_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO = join(WASM_DIR, '..');
export const DIST = join(WASM_DIR, 'dist');

/** The wasm-bindgen module, initialized from wasm/dist. */
export async function loadEngine() {
  const engine = await import(join(WASM_DIR, 'pkg', 'gg_wasm.js'));
  await engine.default({ module_or_path: readFileSync(join(DIST, 'gg_wasm_bg.wasm')) });
  return engine;
}

/** Every file below `dir`, as repository-relative path → text. */
export function readTree(dir, prefix = '') {
  const files = {};
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[join(prefix, relative(dir, path)).split('\\').join('/')] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return files;
}

/** The rule cases: each fixtures/rules/<rule>/<case>.yaml on top of the shared platform
 * (unless it says `platform: false`), with its `.gitops-guard.yaml` text as `config`. */
export function ruleCases() {
  const root = join(REPO, 'fixtures', 'rules');
  const platform = readTree(join(root, '_platform'));
  const cases = [];
  for (const rule of readdirSync(root).sort()) {
    const dir = join(root, rule);
    if (rule === '_platform' || !statSync(dir).isDirectory()) continue;
    for (const name of readdirSync(dir).sort()) {
      if (!name.endsWith('.yaml')) continue;
      const doc = parse(readFileSync(join(dir, name), 'utf8'));
      const shared = doc.platform === false ? {} : platform;
      cases.push({ name: `${rule}/${name}`, files: { ...shared, ...doc.files }, config: doc.config });
    }
  }
  return cases;
}
