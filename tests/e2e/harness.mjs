// Shared harness for the page tests: serves the built dist/ on 127.0.0.1 (optionally under a sub-path),
// launches the system Chromium through playwright-core (never a downloaded browser), and records page errors
// and every request that would leave 127.0.0.1.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const DIST = path.resolve(process.env.DIST || path.join(ROOT, 'dist'));
export const SCREENSHOTS = path.join(ROOT, 'target', 'screenshots');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.ttf': 'font/ttf', '.json': 'application/json',
  '.txt': 'text/plain', '.svg': 'image/svg+xml', '.png': 'image/png',
};

/** Serves DIST under `prefix` (e.g. '/' or '/tools/iamplay/'). Resolves to { url, close }. */
export async function serveDist(prefix = '/') {
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    if (!pathname.startsWith(prefix)) { res.writeHead(404).end(); return; }
    let file = path.join(DIST, pathname.slice(prefix.length));
    if (!file.startsWith(DIST)) { res.writeHead(403).end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    fs.readFile(file, (err, data) => {
      if (err) { res.writeHead(404).end(); return; }
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' }).end(data);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}${prefix}`;
  return { url, close: () => new Promise((resolve) => server.close(resolve)) };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** A new page that records `errors` (uncaught exceptions, console errors, Content-Security-Policy violations) and
 *  `outside` (requests that are not to 127.0.0.1 or a data:/blob: URL). */
export async function openPage(browser, { viewport = { width: 1280, height: 800 }, colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ viewport, colorScheme });
  const errors = [];
  const outside = [];
  // Every Content-Security-Policy violation report is a page error, so each test fails on one (docs/security.md).
  await context.exposeBinding('__iamplayCspViolation', (_source, report) => errors.push(`csp: ${report}`));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => window.__iamplayCspViolation(
      `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile || 'the page'}:${e.lineNumber}`));
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('request', (r) => {
    const u = r.url();
    if (!/^(http:\/\/127\.0\.0\.1[:/]|data:|blob:)/.test(u)) outside.push(u);
  });
  return { page, context, errors, outside };
}

export async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/** The page has drawn its first matrix (and, with `monaco`, its editor). */
export async function ready(page, { monaco = false } = {}) {
  await page.waitForFunction(() => window.iamplay && document.querySelector('#matrix, #matrix-empty'), null, { timeout: 15000 });
  if (monaco) await page.locator('#editor .monaco-editor .view-lines').waitFor({ timeout: 15000 });
}

/** The analysis has caught up with the last edit (and with the catalog and managed policies it needs). */
export async function settled(page, timeout = 30000) {
  await page.waitForFunction(() => window.iamplay.settled(), null, { timeout });
}

/** No page error (`errors` says what counts as one) and no request that left 127.0.0.1. */
export function clean({ errors, outside }, errorsMessage = 'no page errors') {
  assert.deepEqual(errors, [], errorsMessage);
  assert.deepEqual(outside, [], 'no request leaves 127.0.0.1');
}
