// Parity: every rule case (fixtures/rules/**) and the example platform
// (fixtures/example, as it is and with mistakes) linted by the wasm module in
// Node and by the native binary must give the identical JSON report.
//
//   GG_BIN=target/debug/gitops-guard node wasm/tests/parity.mjs
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { loadEngine, readTree, ruleCases, REPO } from './engine.mjs';

const bin = process.env.GG_BIN || join(process.env.CARGO_TARGET_DIR || join(REPO, 'target'), 'debug', 'gitops-guard');

function nativeLint(files, config) {
  const scratch = mkdtempSync(join(tmpdir(), 'gg-parity-'));
  // The binary names a service repository after its directory, and the
  // browser (which has no directory) after its `appName`: check it out under
  // that name, as a service's repository usually is (mkdtemp's own suffix
  // has capitals, which no service name has).
  const appName = /^appName:\s*"?([a-z0-9-]+)/m.exec(files['.cicd/default.yaml'] ?? '');
  const dir = join(scratch, appName ? appName[1] : 'service');
  mkdirSync(dir);
  try {
    if (config !== undefined) writeFileSync(join(dir, '.gitops-guard.yaml'), config);
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const run = spawnSync(bin, ['lint', '--format', 'json'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    if (run.status !== 0 && run.status !== 1) throw new Error(`${bin} exited ${run.status}: ${run.stderr}`);
    return JSON.parse(run.stdout);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The example platform with mistakes a developer makes, so the example also compares findings. */
function brokenExample(example) {
  const files = { ...example };
  const staging = 'services/orders/.cicd/staging.yaml';
  files[staging] = files[staging].replace('/acme-shop/orders/staging/config', '/acme-shop/orders/prod/config');
  files['services/payments/.cicd/dev.yaml'] += '\nreplicaCount: 2\nimage:\n  tag: latest\n';
  files['services/catalog/.cicd/default.yaml'] += '\nconfigmap:\n  DB_URL: postgres://app:hunter2@db.shop-prod.svc:5432/catalog\n';
  return files;
}

const engine = await loadEngine();
const example = readTree(join(REPO, 'fixtures', 'example'));
const inputs = [
  ...ruleCases(),
  { name: 'fixtures/example', files: example },
  { name: 'fixtures/example (with mistakes)', files: brokenExample(example) },
];

let failed = 0;
let findings = 0;
for (const { name, files, config } of inputs) {
  const wasm = config === undefined ? engine.lint(files) : engine.lint(files, { config });
  const native = nativeLint(files, config);
  findings += native.diagnostics.length;
  if (!isDeepStrictEqual(wasm, native)) {
    failed += 1;
    console.error(`MISMATCH ${name}\n  native: ${JSON.stringify(native.diagnostics.map((d) => `${d.rule} ${d.file}:${d.line}:${d.column}`))}\n  wasm:   ${JSON.stringify(wasm.diagnostics.map((d) => `${d.rule} ${d.file}:${d.line}:${d.column}`))}`);
    if (isDeepStrictEqual(wasm.diagnostics, native.diagnostics)) console.error(`  summary: native ${JSON.stringify(native.summary)} wasm ${JSON.stringify(wasm.summary)}`);
  }
}
console.log(`parity: ${inputs.length - failed}/${inputs.length} inputs identical (${findings} findings compared; native ${bin})`);
if (failed) process.exit(1);
