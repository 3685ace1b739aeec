// The page loads, shows a matrix computed by the core through wasm, renders Monaco from our own bundle, and
// re-decides when a policy changes through the test hook.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launchBrowser, openPage, screenshot } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist('/'); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

test('the page shows the matrix, renders Monaco and follows policy edits', async () => {
  const { page, context, errors, outside } = await openPage(browser);
  await page.goto(server.url);
  await page.locator('#matrix td button[data-decision="Allow"]').first().waitFor({ timeout: 15000 });
  await page.locator('#editor .monaco-editor .view-lines').waitFor({ timeout: 15000 });
  assert.match(await page.locator('#editor .view-lines').innerText(), /ReadOrders/);

  const denyAll = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'NoDynamo', Effect: 'Deny', Action: 'dynamodb:*', Resource: '*' }] }, null, 2);
  assert.equal(await page.evaluate((t) => window.iamplay.setPolicy('identity', t), denyAll), true);
  await page.locator('#matrix td button[data-decision="ExplicitDeny"]').first().waitFor({ timeout: 5000 });
  assert.match(await page.locator('#editor .view-lines').innerText(), /NoDynamo/);
  assert.equal(await page.evaluate(() => window.iamplay.getPolicy('identity')), denyAll);
  await screenshot(page, 'smoke');
  assert.deepEqual(errors, []);
  assert.deepEqual(outside, []);
  await context.close();
});
