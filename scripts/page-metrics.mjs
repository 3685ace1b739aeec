#!/usr/bin/env node
// Measures the playground's page budgets in headless Chromium against the built dist/ (run `make build`
// first): the first matrix on screen after navigation, and keystroke → updated matrix for the largest
// gallery example, both measured inside the page (window.iamplay.metrics()); then the same with a generated
// 500-principal account (scripts/large-scenario.mjs): first matrix after its import, the main thread's work
// per keystroke (keydown to the next frame) and keystroke → matrix. Prints the numbers; it is a measurement
// for `make bench`, not a test, and always exits 0 unless the page cannot be measured.
import { serveDist, launchBrowser, openPage } from '../tests/e2e/harness.mjs';
import { largeScenario } from './large-scenario.mjs';

const EDITS = Number(process.env.EDITS || 10);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const fmt = (n) => n.toFixed(1);

const server = await serveDist('/');
const browser = await launchBrowser();
try {
  // 1. First matrix on screen, cold (fresh profile: no saved work, nothing cached).
  const firsts = [];
  for (let i = 0; i < 3; i++) {
    const { page, context } = await openPage(browser);
    await page.goto(server.url);
    await page.waitForFunction(() => window.iamplay && window.iamplay.metrics().firstMatrixMs > 0, null, { timeout: 15000 });
    firsts.push(await page.evaluate(() => window.iamplay.metrics().firstMatrixMs));
    await context.close();
  }

  // 2. Keystroke → matrix, with the catalog loaded, on every gallery example; the slowest is reported (the
  // largest by text is also named).
  const { page, context } = await openPage(browser);
  await page.goto(server.url);
  await page.waitForFunction(() => window.iamplay && window.iamplay.metrics().catalogMs > 0, null, { timeout: 15000 });
  let largest = null;
  let worst = null;
  for (const id of await page.evaluate(() => window.iamplay.examples())) {
    await page.evaluate((x) => window.iamplay.loadExample(x), id);
    await page.waitForFunction(() => window.iamplay.settled(), null, { timeout: 10000 });
    const size = await page.evaluate(() => {
      const m = window.iamplay.readMatrix();
      return { bytes: window.iamplay.exportScenario().length, cells: m.cells.length, rows: m.rows.length,
        columns: m.columns.length, policies: window.iamplay.listPolicies().length };
    });
    if (!largest || size.bytes > largest.bytes) largest = { id, ...size };
    // Real keystrokes in the editor: at the end of the first line of the policy shown, type a space, then
    // delete it, and so on. The clock starts at the keydown (captured before Monaco sees it) and stops
    // when the new matrix is on screen.
    await page.locator('#editor .monaco-editor .view-lines').waitFor({ timeout: 15000 });
    await page.locator('#editor .view-line').first().click();
    await page.keyboard.press('End');
    await page.evaluate(() => {
      if (!window.__keydownAt) window.addEventListener('keydown', () => { window.__keydownAt = performance.now(); }, true);
      window.__keydownAt = 0;
    });
    const analysis = [];
    const update = [];
    for (let i = 0; i < EDITS; i++) {
      const before = await page.evaluate(() => window.iamplay.metrics().analyses);
      await page.keyboard.press(i % 2 ? 'Backspace' : 'Space');
      await page.waitForFunction((n) => window.iamplay.metrics().analyses > n && window.iamplay.settled(), before, { timeout: 10000 });
      const [m, start] = await page.evaluate(() => [window.iamplay.metrics(), window.__keydownAt]);
      analysis.push(m.analysisMs);
      update.push(m.renderedAt - start);
    }
    const row = { id, ...size, analysis: median(analysis), update: median(update), max: Math.max(...update) };
    if (!worst || row.update > worst.update) worst = row;
  }
  const debounce = await page.evaluate(() => window.iamplay.metrics().debounceMs);
  const catalogMs = await page.evaluate(() => window.iamplay.metrics().catalogMs);
  await context.close();

  // 3. A 500-principal account: import → first matrix, then typing in one of its policies.
  const large = JSON.stringify(largeScenario(500));
  const big = await openPage(browser);
  await big.page.goto(server.url);
  await big.page.waitForFunction(() => window.iamplay && window.iamplay.metrics().catalogMs > 0 && window.iamplay.settled(), null, { timeout: 15000 });
  const importRuns = [];
  for (let i = 0; i < 3; i++) {
    const before = await big.page.evaluate(() => window.iamplay.metrics().analyses);
    const start = await big.page.evaluate(([text, again]) => {
      const at = performance.now();
      // A different name each time, so each import is a new workspace.
      const ok = window.iamplay.importScenario(text.replace('large account', `large account ${again}`));
      if (ok !== true) throw new Error(`import failed: ${ok}`);
      return at;
    }, [large, i]);
    await big.page.waitForFunction((n) => window.iamplay.metrics().analyses > n && window.iamplay.settled(), before, { timeout: 60000 });
    importRuns.push(await big.page.evaluate((at) => window.iamplay.metrics().renderedAt - at, start));
  }
  const bigSize = await big.page.evaluate(() => {
    const p = window.iamplay.listPolicies();
    const m = window.iamplay.matrixSize();
    return { policies: p.length, rows: m.rows, columns: m.columns, cells: m.rows * m.columns, domCells: document.querySelectorAll('#matrix td.cell').length };
  });
  await big.page.locator('#editor .monaco-editor .view-lines').waitFor({ timeout: 15000 });
  await big.page.locator('#editor .view-line').first().click();
  await big.page.keyboard.press('End');
  await big.page.evaluate(() => {
    window.__frames = [];
    window.addEventListener('keydown', () => {
      const at = performance.now();
      window.__keydownAt = at;
      // The main thread's share of a keystroke: until the frame after it has been drawn.
      requestAnimationFrame(() => setTimeout(() => window.__frames.push(performance.now() - at), 0));
    }, true);
  });
  const bigUpdate = [];
  const bigAnalysis = [];
  // The main thread's CPU time per task while typing (trace `tdur`: thread time, so a busy shared machine
  // does not inflate it the way it inflates wall-clock times).
  const cdp = await big.context.newCDPSession(big.page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const traced = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { categories: '__metadata,toplevel,devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  for (let i = 0; i < EDITS; i++) {
    const before = await big.page.evaluate(() => window.iamplay.metrics().analyses);
    await big.page.keyboard.press(i % 2 ? 'Backspace' : 'Space');
    await big.page.waitForFunction((n) => window.iamplay.metrics().analyses > n && window.iamplay.settled(), before, { timeout: 20000 });
    const [m, start] = await big.page.evaluate(() => [window.iamplay.metrics(), window.__keydownAt]);
    bigAnalysis.push(m.analysisMs);
    bigUpdate.push(m.renderedAt - start);
  }
  const frames = await big.page.evaluate(() => window.__frames);
  await cdp.send('Tracing.end');
  await traced;
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const tasks = events.filter((e) => e.ph === 'X' && e.name === 'RunTask' && main && e.tid === main.tid && e.pid === main.pid)
    .map((e) => (e.tdur ?? e.dur) / 1000);
  const mainCpu = tasks.reduce((a, b) => a + b, 0);
  await big.context.close();

  const result = {
    firstMatrixMs: median(firsts),
    largestExample: largest,
    slowestExample: worst.id,
    keystrokeAnalysisMedianMs: worst.analysis,
    keystrokeUpdateMedianMs: worst.update,
    keystrokeUpdateMaxMs: worst.max,
    debounceMs: debounce,
    catalogParseMs: catalogMs,
    large: {
      ...bigSize,
      firstMatrixAfterImportMs: median(importRuns),
      mainThreadCpuPerKeystrokeMs: mainCpu / EDITS,
      longestMainThreadTaskMs: Math.max(0, ...tasks),
      keystrokeFrameMedianMs: median(frames),
      keystrokeFrameMaxMs: Math.max(...frames),
      keystrokeUpdateMedianMs: median(bigUpdate),
      workerAnalysisMedianMs: median(bigAnalysis),
    },
  };
  console.log(`page-metrics: first matrix on screen ${fmt(result.firstMatrixMs)} ms after navigation (median of 3 cold loads; budget 1500 ms)`);
  console.log(`page-metrics: largest example ${largest.id}: ${largest.bytes} bytes, ${largest.rows} rows × ${largest.columns} columns, ${largest.policies} policies`);
  console.log(`page-metrics: keystroke → updated matrix, slowest example (${worst.id}): ${fmt(result.keystrokeUpdateMedianMs)} ms median, ${fmt(result.keystrokeUpdateMaxMs)} ms max over ${EDITS} edits (analysis alone ${fmt(result.keystrokeAnalysisMedianMs)} ms; budget 16 ms); analyses slower than 8 ms would wait for a ${debounce} ms pause in typing`);
  console.log(`page-metrics: action catalog parsed in ${fmt(catalogMs)} ms, after first paint`);
  const L = result.large;
  console.log(`page-metrics: 500-principal account (${L.policies} policies, ${L.rows} rows × ${L.columns} columns, ${L.domCells} cells in the DOM): first matrix ${fmt(L.firstMatrixAfterImportMs)} ms after import (median of 3; budget 1500 ms)`);
  console.log(`page-metrics: 500-principal account, typing: the main thread's CPU ${fmt(L.mainThreadCpuPerKeystrokeMs)} ms per keystroke (editor, page and showing the new matrix), longest task ${fmt(L.longestMainThreadTaskMs)} ms (budget 16 ms); wall clock keydown → next frame ${fmt(L.keystrokeFrameMedianMs)} ms median, ${fmt(L.keystrokeFrameMaxMs)} ms max`);
  console.log(`page-metrics: 500-principal account: keystroke → matrix ${fmt(L.keystrokeUpdateMedianMs)} ms median, of which the worker's analysis ${fmt(L.workerAnalysisMedianMs)} ms (off the main thread)`);
  const load = (await import('node:os')).loadavg()[0];
  console.log(`page-metrics: load average ${load.toFixed(1)} on ${(await import('node:os')).cpus().length} cores while measuring: wall-clock times include waiting for a core`);
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
  await server.close();
}
