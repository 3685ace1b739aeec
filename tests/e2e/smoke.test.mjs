// The page loads, shows a real decision computed by the core through wasm, renders Monaco from our own bundle,
// and re-decides when the policy changes through the test hook.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launchBrowser, openPage, screenshot } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist('/'); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

const DENY_ALL = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: 's3:*', Resource: '*' },
    { Sid: 'NoReports', Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::example-bucket/reports/*' },
  ],
}, null, 2);

test('the page shows a decision, renders Monaco and follows policy edits', async () => {
  const { page, errors, outside } = await openPage(browser);
  await page.goto(server.url);
  await page.locator('#decision[data-decision="Allow"]').waitFor({ timeout: 15000 });
  await page.locator('#editor-identity .monaco-editor .view-lines').waitFor({ timeout: 15000 });
  assert.match(await page.locator('#editor-identity .view-lines').innerText(), /ReadReports/);

  await page.evaluate((text) => window.iamplay.setPolicy('identity', text), DENY_ALL);
  await page.locator('#decision[data-decision="ExplicitDeny"]').waitFor({ timeout: 5000 });
  assert.match(await page.locator('#editor-identity .view-lines').innerText(), /NoReports/);
  assert.equal(await page.evaluate(() => window.iamplay.getPolicy('identity')), DENY_ALL);

  await page.evaluate(() => window.iamplay.setPolicy('identity', '{"Version": "2012-10-17", "Statement": ['));
  await page.locator('#decision[data-decision="Invalid"]').waitFor({ timeout: 5000 });
  await screenshot(page, 'smoke');
  assert.deepEqual(errors, []);
  assert.deepEqual(outside, []);
});
