// The built page served by `gitops-guard preview`, and headless Chromium to load it.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { REPO, DIST } from './engine.mjs';

/** The gitops-guard binary that serves the page (GG_BIN, else the debug build). */
export const BIN = process.env.GG_BIN || join(process.env.CARGO_TARGET_DIR || join(REPO, 'target'), 'debug', 'gitops-guard');

/** Starts `gitops-guard preview --port 0` on the built page (GG_PREVIEW_DIR, else wasm/dist)
 * and resolves with the child and its URL. */
export function startPreview() {
  const child = spawn(BIN, ['preview', '--port', '0', '--dir', process.env.GG_PREVIEW_DIR || DIST], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /at (http:\/\/\S+\/)/.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.on('exit', (code) => reject(new Error(`preview exited ${code}: ${out}`)));
    setTimeout(() => reject(new Error(`preview did not start: ${out}`)), 10000);
  });
}

/** Headless Chromium (CHROMIUM, else /usr/bin/chromium). */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}
