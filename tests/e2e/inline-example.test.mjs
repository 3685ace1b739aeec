// web/examples/inline.html (the docs authors' example) checks its scenarios with the npm package's web flavour in
// Chromium: the inline block's table shows the expected decisions, and an edit with an error shows the error at
// the line and UTF-16 column the browser itself computes. Needs `make npm` (run by `make test` before test-e2e).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser, openPage, screenshot } from './harness.mjs';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const PACKAGE = path.join(ROOT, 'target', 'npm', 'iamplay');
const SERVED = ['/web/examples/', '/target/npm/iamplay/'];
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm' };
const built = fs.existsSync(path.join(PACKAGE, 'package.json'));

let server, browser, base;
before(async () => {
  if (!built) return;
  server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    const file = path.join(ROOT, pathname);
    if (!SERVED.some((prefix) => pathname.startsWith(prefix)) || !file.startsWith(ROOT)) {
      res.writeHead(404).end();
      return;
    }
    fs.readFile(file, (err, data) => {
      if (err) { res.writeHead(404).end(); return; }
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(data);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); server?.close(); });

test('the inline example evaluates its scenarios and shows errors at UTF-16 columns', { skip: !built && 'run `make npm` first' }, async () => {
  const { page, errors, outside } = await openPage(browser);
  await page.goto(`${base}/web/examples/inline.html`);
  await page.locator('html[data-iamplay-ready="true"]').waitFor({ timeout: 15000 });

  const rows = page.locator('[data-for="cross-account"] tbody tr');
  assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => [tr.dataset.decision, tr.dataset.ok])),
    [['Allow', 'true'], ['ImplicitDeny', 'true']]);
  assert.match(await page.locator('[data-for="cross-account"] caption').innerText(), /2 of 2 expectations hold/);
  const editable = page.locator('[data-for="editable"] tbody tr');
  assert.deepEqual(await editable.evaluateAll((trs) => trs.map((tr) => tr.dataset.decision)), ['Allow', 'ExplicitDeny']);

  // A lowercase Effect after `zoë` and `😀` on the same line: the error's column is the browser's string index + 1.
  const broken = await page.locator('#editable').evaluate((area) => {
    area.value = area.value.replace('"Effect": "Deny"', '"Effect": "deny"');
    area.dispatchEvent(new Event('input'));
    const before = area.value.slice(0, area.value.indexOf('"deny"'));
    return { line: before.split('\n').length, column: before.length - before.lastIndexOf('\n') };
  });
  const error = page.locator('[data-for="editable"] .iamplay-errors li').first();
  await error.waitFor({ timeout: 5000 });
  assert.equal(await error.getAttribute('data-line'), String(broken.line));
  assert.equal(await error.getAttribute('data-column'), String(broken.column));
  assert.match(await error.innerText(), new RegExp(`line ${broken.line}, column ${broken.column}: .*\\[E0209\\]`));
  await screenshot(page, 'inline-example');
  assert.deepEqual(errors, []);
  assert.deepEqual(outside, []);
});
