// Fragments as tutorials print them: a bare statement or a {"Principal", "Action", "Resource"} snippet pasted
// where a policy goes gets one finding (E0229) with a quick fix, in the problems panel and as a Monaco code
// action; "Effect": "Allow" is added only by the separate fix the reader chooses.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launchBrowser, openPage, screenshot, ready } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist('/'); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

const problems = (page) => page.evaluate(() => window.iamplay.problems().filter((p) => p.severity === 'error'));

test('a pasted statement is one finding; the problems panel wraps it; Effect only on request', async () => {
  const opened = await openPage(browser);
  const { page } = opened;
  await page.goto(server.url);
  await ready(page, { monaco: true });
  const address = await page.evaluate(() => window.iamplay.listPolicies()[0].address);
  const snippet = '{\n  "Action": "dynamodb:PutItem",\n  "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/Orders"\n}';
  await page.evaluate(([a, t]) => window.iamplay.setPolicy(a, t), [address, snippet]);
  await page.waitForFunction(() => window.iamplay.problems().some((p) => p.code === 'E0229'), null, { timeout: 5000 });
  const errors = await problems(page);
  assert.deepEqual(errors.map((p) => p.code), ['E0229'], 'one finding, not one per element');
  await page.locator('#problems li.problem[data-code="E0229"] .fix-wrap').waitFor();
  await screenshot(page, 'fragment-fix-1280-light');
  // The plain wrap keeps the statement as written: without an Effect the policy is still invalid.
  await page.locator('#problems li.problem[data-code="E0229"] .fix-wrap').click();
  await page.waitForFunction(() => window.iamplay.problems().some((p) => p.code === 'E0208'), null, { timeout: 5000 });
  let text = await page.evaluate((a) => window.iamplay.getPolicy(a), address);
  assert.match(text, /"Statement": \[/);
  assert.doesNotMatch(text, /"Effect"/);
  // Paste again and choose the fix that adds "Effect": "Allow": the policy is valid.
  await page.evaluate(([a, t]) => window.iamplay.setPolicy(a, t), [address, snippet]);
  await page.locator('#problems li.problem[data-code="E0229"] .fix-wrap-allow').click();
  await page.waitForFunction(() => !window.iamplay.problems().some((p) => p.severity === 'error'), null, { timeout: 5000 });
  text = await page.evaluate((a) => window.iamplay.getPolicy(a), address);
  assert.match(text, /"Effect": "Allow"/);
  assert.deepEqual(opened.errors, []);
  await opened.context.close();
});

test('the Monaco code action offers the same fixes', async () => {
  const opened = await openPage(browser);
  const { page } = opened;
  await page.goto(server.url);
  await ready(page, { monaco: true });
  const address = await page.evaluate(() => window.iamplay.listPolicies()[0].address);
  const statement = '{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "*"}';
  await page.evaluate(([a, t]) => window.iamplay.setPolicy(a, t), [address, statement]);
  await page.waitForFunction((a) => window.iamplay.markers(a).some((m) => m.code === 'E0229'), address, { timeout: 5000 });
  // Put the cursor on the finding and ask for quick fixes (Ctrl+.).
  await page.locator('#editor .monaco-editor .view-lines').click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('Control+.');
  const action = page.locator('.action-widget .monaco-list-row', { hasText: 'Wrap in a policy document' }).first();
  await action.waitFor({ timeout: 5000 });
  // A statement with its Effect gets no "add Effect" action.
  assert.equal(await page.locator('.action-widget .monaco-list-row', { hasText: 'add "Effect"' }).count(), 0);
  await action.click();
  await page.waitForFunction(() => !window.iamplay.problems().some((p) => p.severity === 'error'), null, { timeout: 5000 });
  const text = await page.evaluate((a) => window.iamplay.getPolicy(a), address);
  assert.match(text, /"Version": "2012-10-17"/);
  assert.deepEqual(opened.errors, []);
  await opened.context.close();
});
