// Page-ready figures: loads the built page RUNS times (default 9) in each of two
// ways, each load in a fresh browser context (empty cache, no service worker),
// and prints when the first findings were on screen (`window.gg.timings.ready`,
// milliseconds after navigation) with the start's phases, then the medians:
//   - `preset`: the page as it opens, on a preset whose findings were linted
//     when the page was built (phase `findings`); the engine lints again once
//     compiled (`first lint`, on screen at `painted`);
//   - `edited link`: a shared link holding an edit of the preset (encoded by the
//     page's `state.js`), which only
//     the engine can lint: ready when its first lint is on screen.
//
// The harness stays out of the start it measures: it waits for the page by
// asking `document.body.dataset.ready` over the DevTools protocol every 20 ms.
// Playwright's `waitForSelector` would first inject its selector engine (a
// 330 KB script) into the starting page, and compiling it took 25–50 ms of the
// main thread the engine and the first lint need.
//
//   node wasm/tests/ready.mjs [RUNS] [--trace FILE]
// `--trace` saves a Chromium performance trace of the first run (open it in
// chrome://tracing or the DevTools Performance panel).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './engine.mjs';
import { startPreview, launchChromium } from './page.mjs';
import { encodeState } from '../www/state.js';

const args = process.argv.slice(2);
const traceAt = args.indexOf('--trace');
const trace = traceAt >= 0 ? args.splice(traceAt, 2)[1] : null;
const runs = Number(args[0] || 9);

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** Waits until the page says it is ready, with one tiny expression per poll. */
async function waitReady(cdp, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { result } = await cdp.send('Runtime.evaluate', {
      expression: "document.body?.dataset.ready === '1'",
      returnByValue: true,
    });
    if (result.value === true) return;
    if (Date.now() > deadline) throw new Error(`the page was not ready after ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** The fragment of a link to the orders preset with a comment appended to its dev overlay,
 * encoded by the page's own `state.js`. */
async function editedLinkFragment() {
  const path = 'services/orders/.cicd/dev.yaml';
  const text = readFileSync(join(REPO, 'fixtures/example', path), 'utf8');
  return `#s=${await encodeState({ p: 'orders', e: 'dev', v: 'findings', d: { [path]: `${text}# edited\n` } })}`;
}

const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

const { child, url } = await startPreview();
const browser = await launchChromium();
try {
  const ways = { preset: url, 'edited link': `${url}${await editedLinkFragment()}` };
  const figures = {};
  const phaseFigures = {};
  for (let run = 0; run < runs; run++) {
    for (const [way, address] of Object.entries(ways)) {
      const context = await browser.newContext({ viewport: { width: 1500, height: 900 }, serviceWorkers: 'block' });
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (err) => errors.push(String(err)));
      const tracing = trace && run === 0 && way === 'preset';
      if (tracing) await browser.startTracing(page, { path: trace, screenshots: true });
      const cdp = await context.newCDPSession(page);
      await page.goto(address, { waitUntil: 'commit' });
      await waitReady(cdp);
      if (tracing) await browser.stopTracing();
      const { ready, phases, loaded } = await page.evaluate(() => {
        const loaded = {};
        for (const entry of performance.getEntriesByType('resource')) {
          loaded[entry.name.split('/').pop()] = Math.round(entry.responseEnd);
        }
        return { ready: window.gg.timings.ready, phases: window.gg.timings.phases, loaded };
      });
      await context.close();
      if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
      if (way === 'edited link' && phases.findings !== undefined) throw new Error('an edited link showed findings linted at build');
      (figures[way] ??= []).push(ready);
      for (const [phase, at] of Object.entries(phases)) ((phaseFigures[way] ??= {})[phase] ??= []).push(at);
      const steps = Object.entries(phases).map(([k, v]) => `${k} ${v}`).join(', ');
      const files = Object.entries(loaded).map(([k, v]) => `${k} ${v}`).join(', ');
      console.log(`run ${run + 1}, ${way}: ready ${Math.round(ready)} ms (${steps}; loaded: ${files})`);
    }
  }
  for (const way of Object.keys(ways)) {
    const sorted = [...figures[way]].sort((a, b) => a - b);
    const phases = Object.entries(phaseFigures[way]).map(([k, v]) => `${k} ${median(v)}`).join(', ');
    console.log(`${way}: page ready median ${Math.round(median(sorted))} ms of ${runs} runs `
      + `(${Math.round(sorted[0])}–${Math.round(sorted[sorted.length - 1])} ms; median phases: ${phases})`);
  }
  if (trace) console.log(`trace of the first preset run in ${trace}`);
} finally {
  await browser.close();
  child.kill();
}
