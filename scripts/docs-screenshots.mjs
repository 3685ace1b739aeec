#!/usr/bin/env node
// Takes the screenshots of docs/getting-started.md from the built dist/ (run `make dist` first) with the system
// Chromium, and writes them to docs/images/ as PNGs. Each must stay under 200 KB (tests/docs checks it); the
// viewport is chosen so they do. Run by hand when the page changes: node scripts/docs-screenshots.mjs
import fs from 'node:fs';
import path from 'node:path';
import { serveDist, launchBrowser, openPage } from '../tests/e2e/harness.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'docs', 'images');
const LIMIT = 200 * 1024;
const VIEWPORT = { width: Number(process.env.W || 1024), height: Number(process.env.H || 640) };

const server = await serveDist('/');
const browser = await launchBrowser();
fs.mkdirSync(OUT, { recursive: true });

async function ready(page) {
  await page.waitForFunction(() => window.iamplay && document.querySelector('#matrix, #matrix-empty'), null, { timeout: 15000 });
  await page.locator('#editor .monaco-editor .view-lines').waitFor({ timeout: 15000 });
}
const settled = (page) => page.waitForFunction(() => window.iamplay.settled(), null, { timeout: 5000 });

async function shot(page, name) {
  await page.waitForTimeout(300); // let Monaco and CSS transitions finish painting
  const file = path.join(OUT, `${name}.png`);
  await page.screenshot({ path: file });
  const size = fs.statSync(file).size;
  console.log(`${path.relative(ROOT, file)}: ${(size / 1024).toFixed(0)} KB`);
  if (size >= LIMIT) throw new Error(`${name}.png is ${size} bytes, over the 200 KB limit: use a smaller viewport`);
}

try {
  const { page, errors, context } = await openPage(browser, { viewport: VIEWPORT, colorScheme: 'light' });
  await page.goto(server.url);
  await ready(page);

  // 1. The gallery.
  await page.locator('#open-gallery').click();
  await page.locator('#gallery').waitFor();
  await shot(page, 'tour-gallery');
  await page.locator('#gallery [data-example="cross-account-table"]').click();
  await settled(page);
  // The "previous work is kept" banner is about this browser profile, not the tour.
  for (const dismiss of await page.locator('.banner button[aria-label="Dismiss"]').all()) await dismiss.click();

  // 2. The matrix of the same-/cross-account lesson.
  await page.locator('#matrix td button').first().waitFor();
  await page.locator('#matrix').scrollIntoViewIfNeeded();
  await shot(page, 'tour-matrix');

  // 3. The explanation of a cross-account implicit deny (identity-only in 111111111111).
  const cells = await page.evaluate(() => window.iamplay.readMatrix().cells);
  const target = cells.findIndex((c) => c.principal === 'arn:aws:iam::111111111111:user/identity-only');
  await page.locator('#matrix td button').nth(target).click();
  await page.locator('#explanation .explain-head').waitFor();
  await shot(page, 'tour-explain');

  // 4. A policy error: the marker, the problems panel and the stale matrix.
  const [policy] = await page.evaluate(() => window.iamplay.listPolicies().filter((p) => p.kind === 'resource policy' || p.kind.startsWith('resource')));
  const address = policy?.address ?? (await page.evaluate(() => window.iamplay.listPolicies()))[0].address;
  const text = await page.evaluate((a) => window.iamplay.getPolicy(a), address);
  await page.evaluate(([a, t]) => window.iamplay.setPolicy(a, t), [address, text.replace('"Allow"', '"allow"')]);
  await page.locator('#matrix-stale').waitFor({ timeout: 5000 });
  await page.locator('#problems li.problem').first().click().catch(() => {});
  await shot(page, 'tour-error');

  if (errors.length) throw new Error(`page errors: ${errors.join('\n')}`);
  await context.close();
} finally {
  await browser.close();
  await server.close();
}
