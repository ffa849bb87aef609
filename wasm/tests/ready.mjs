// Page-ready figures: loads the built page RUNS times (default 9), each in a
// fresh browser context (empty cache, no service worker), and prints when the
// first lint result was on screen (`window.gg.timings.ready`, milliseconds
// after navigation) with the start's phases, then the medians.
//
//   node wasm/tests/ready.mjs [RUNS] [--trace FILE]
// `--trace` saves a Chromium performance trace of the first run (open it in
// chrome://tracing or the DevTools Performance panel).
import { startPreview, launchChromium } from './page.mjs';

const args = process.argv.slice(2);
const traceAt = args.indexOf('--trace');
const trace = traceAt >= 0 ? args.splice(traceAt, 2)[1] : null;
const runs = Number(args[0] || 9);

const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

const { child, url } = await startPreview();
const browser = await launchChromium();
try {
  const figures = [];
  const phaseFigures = {};
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext({ viewport: { width: 1500, height: 900 }, serviceWorkers: 'block' });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (err) => errors.push(String(err)));
    if (trace && run === 0) await browser.startTracing(page, { path: trace, screenshots: true });
    await page.goto(url);
    await page.waitForSelector('body[data-ready="1"]', { timeout: 15000 });
    if (trace && run === 0) await browser.stopTracing();
    const { ready, phases, loaded } = await page.evaluate(() => {
      const loaded = {};
      for (const entry of performance.getEntriesByType('resource')) {
        loaded[entry.name.split('/').pop()] = Math.round(entry.responseEnd);
      }
      return { ready: window.gg.timings.ready, phases: window.gg.timings.phases, loaded };
    });
    await context.close();
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    figures.push(ready);
    for (const [phase, at] of Object.entries(phases)) (phaseFigures[phase] ??= []).push(at);
    const steps = Object.entries(phases).map(([k, v]) => `${k} ${v}`).join(', ');
    const files = Object.entries(loaded).map(([k, v]) => `${k} ${v}`).join(', ');
    console.log(`run ${run + 1}: ready ${Math.round(ready)} ms (${steps}; loaded: ${files})`);
  }
  const sorted = [...figures].sort((a, b) => a - b);
  console.log(`median phases: ${Object.entries(phaseFigures).map(([k, v]) => `${k} ${median(v)}`).join(', ')}`);
  console.log(`page ready: median ${Math.round(median(figures))} ms of ${runs} runs (${Math.round(sorted[0])}–${Math.round(sorted[sorted.length - 1])} ms)${trace ? `; trace of run 1 in ${trace}` : ''}`);
} finally {
  await browser.close();
  child.kill();
}
