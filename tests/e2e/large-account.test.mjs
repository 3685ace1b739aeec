// A real account's size in the page: a generated 500-principal, 1,000-policy scenario (scripts/large-scenario.mjs)
// is imported; the scenario panel searches and filters its entities, the matrix is virtualized (only the cells
// in view are in the DOM) and searchable, Monaco holds models for open tabs only, the analysis runs in the
// worker, and edits still reach the matrix. Screenshots at 1280×800 and 390×844, light and dark.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launchBrowser, openPage, screenshot } from './harness.mjs';
import { largeScenario } from '../../scripts/large-scenario.mjs';

let server, browser;
before(async () => { server = await serveDist('/'); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

const SCENARIO = largeScenario(500);

async function importLarge(page) {
  await page.waitForFunction(() => window.iamplay && window.iamplay.settled(), null, { timeout: 15000 });
  assert.equal(await page.evaluate((text) => window.iamplay.importScenario(text), JSON.stringify(SCENARIO)), true);
  await page.waitForFunction(() => window.iamplay.settled() && window.iamplay.matrixSize().rows > 0, null, { timeout: 60000 });
}

test('a 500-principal account: virtualized matrix, search, filters, open-tab models, edits reach the matrix', async () => {
  const opened = await openPage(browser);
  const { page, errors } = opened;
  const leaks = [];
  page.on('console', (m) => { if (/LEAK/i.test(m.text())) leaks.push(m.text()); });
  await page.goto(server.url);
  await page.waitForFunction(() => window.iamplay && window.iamplay.settled(), null, { timeout: 15000 });
  // A small scenario is analysed on the main thread (no round trip); the large one in the worker.
  assert.equal(await page.evaluate(() => window.iamplay.metrics().inWorker), false);
  await importLarge(page);
  assert.equal(await page.evaluate(() => window.iamplay.metrics().inWorker), true);

  // The matrix has every principal, but only a window of cells is in the DOM.
  const size = await page.evaluate(() => window.iamplay.matrixSize());
  assert.ok(size.rows >= 500, `rows ${size.rows}`);
  assert.equal(size.columns, SCENARIO.requests.length);
  assert.equal(await page.locator('#matrix').getAttribute('data-virtual'), 'true');
  const domCells = await page.locator('#matrix td.cell').count();
  assert.ok(domCells > 0 && domCells < size.rows * size.columns / 20, `${domCells} cells in the DOM of ${size.rows * size.columns}`);

  // Scrolling brings later rows into the DOM.
  const firstRow = await page.locator('#matrix tbody th.row-head').first().getAttribute('title');
  await page.locator('.matrix-scroll').evaluate((el) => { el.scrollTop = el.scrollHeight / 2; });
  await page.waitForFunction((first) => document.querySelector('#matrix tbody th.row-head')?.title !== first, firstRow);

  // The matrix search narrows rows and columns; cells keep their matrix indices.
  const target = SCENARIO.users[123].arn;
  await page.fill('#matrix-row-search', 'user-123');
  await page.waitForFunction(() => document.querySelectorAll('#matrix tbody th.row-head').length === 1);
  assert.equal(await page.locator('#matrix tbody th.row-head').getAttribute('title'), target);
  await page.fill('#matrix-column-search', 'dynamodb:');
  const columnHeads = await page.locator('#matrix thead th.col-head').count();
  const dynamo = SCENARIO.requests.filter((r) => r.action.startsWith('dynamodb:')).length;
  assert.equal(columnHeads, Math.min(dynamo, columnHeads));
  assert.ok(columnHeads > 0 && columnHeads <= dynamo);
  const cell = page.locator('#matrix td.cell button').first();
  const row = Number(await cell.getAttribute('data-row'));
  assert.ok(row >= 100, `the cell keeps its matrix row (${row})`);
  await cell.click();
  await page.locator('#explanation').waitFor();
  assert.match(await page.locator('#explanation').innerText(), /user-123/);
  await page.fill('#matrix-row-search', '');
  await page.fill('#matrix-column-search', '');

  // The scenario panel: search by an attached policy's name, filter by kind and account.
  const panel = page.locator('.scenario-panel');
  await page.fill('#entity-search', 'UserPolicy42');
  await page.waitForFunction(() => document.querySelectorAll('.scenario-panel .tree-section[data-kind="user"] .entity').length === 1);
  assert.match(await panel.locator('.tree-section[data-kind="user"] .entity summary').innerText(), /user-042/);
  await page.fill('#entity-search', '');
  await page.selectOption('#entity-kind', 'role');
  assert.equal(await panel.locator('.tree-section[data-kind="user"]').count(), 0);
  const roleCount = await panel.locator('.tree-section[data-kind="role"] h3 .count').innerText();
  assert.match(roleCount, new RegExp(`${SCENARIO.roles.length} of ${SCENARIO.roles.length}`));
  await page.selectOption('#entity-account', '444455556666');
  const staging = SCENARIO.roles.filter((r) => r.arn.includes('::444455556666:')).length;
  assert.match(await panel.locator('.tree-section[data-kind="role"] h3 .count').innerText(), new RegExp(`${staging} of ${SCENARIO.roles.length}`));
  // Lists show a page at a time.
  const shownRoles = await panel.locator('.tree-section[data-kind="role"] .entity').count();
  assert.equal(shownRoles, Math.min(staging, 50));
  await page.selectOption('#entity-kind', '');
  await page.selectOption('#entity-account', '');

  // Monaco: models for the open tabs only, however many policies there are.
  await page.locator('#editor .monaco-editor .view-lines').waitFor({ timeout: 15000 });
  const policies = await page.evaluate(() => window.iamplay.listPolicies().length);
  assert.ok(policies >= 1000, `${policies} policies`);
  const models = await page.evaluate(() => window.iamplay.modelCount());
  assert.ok(models >= 1 && models <= 4, `${models} models`);

  // An edit reaches the matrix: deny everything to the first user.
  const first = (await page.evaluate(() => window.iamplay.listPolicies())).find((p) => p.kind === 'identity' && p.owner.includes('user-000'));
  const deny = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'DenyAll', Effect: 'Deny', Action: '*', Resource: '*' }] });
  await page.evaluate(([address, text]) => window.iamplay.setPolicy(address, text), [String(first.id), deny]);
  await page.waitForFunction(() => window.iamplay.settled(), null, { timeout: 30000 });
  assert.equal(await page.evaluate(() => window.iamplay.metrics().inWorker), true);
  await page.fill('#matrix-row-search', 'user-000');
  const decisions = await page.locator('#matrix td.cell button').evaluateAll((cells) => cells.map((c) => c.dataset.decision));
  assert.ok(decisions.length > 0 && decisions.every((d) => d === 'ExplicitDeny'), decisions.join());
  await page.fill('#matrix-row-search', '');

  for (const colorScheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme });
    for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
      await page.setViewportSize(viewport);
      await page.waitForTimeout(150);
      await screenshot(page, `large-account-${colorScheme}-${viewport.width}`);
    }
  }
  assert.deepEqual(leaks, [], 'no Monaco listener leak warnings');
  assert.deepEqual(errors, [], 'no page errors');
  assert.deepEqual(opened.outside, []);
});
