// The access diagram: nodes and edges as data (`diagram()`), an assume chain lit hop by hop, an edge click that
// explains, a node click that opens its policies, a layout that stays put while policies change, and a scenario of
// 100 principals that still draws legibly (collapsed per account). Screenshots at 1280×800 and 390×844, light and
// dark (copied to docs/images by hand when they change). `diagram()` is null until the first analysis arrives
// (the worker answers after the page), so every wait tolerates null.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launchBrowser, openPage, screenshot, ready } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist('/'); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

async function openDiagram(page, example) {
  await page.evaluate((e) => window.iamplay.loadExample(e), example);
  await page.waitForFunction((e) => window.iamplay.workspace().example === e, example, { timeout: 10000 });
  await page.locator('#tab-diagram').click();
  await page.locator('#diagram svg.diagram').waitFor();
}

const positions = (page) => page.locator('#diagram g.node[data-id]').evaluateAll(
  (gs) => Object.fromEntries(gs.map((g) => [g.dataset.id, g.getAttribute('transform')])));

test('the flow example: nodes, decisions, the chain lit hop by hop, clicks explain and open policies', async () => {
  const opened = await openPage(browser);
  const { page } = opened;
  await page.goto(server.url);
  await ready(page);
  await openDiagram(page, 'api-gateway-flow');
  const data = await (await page.waitForFunction(() => window.iamplay.diagram())).jsonValue();
  const ids = data.nodes.map((n) => n.id);
  for (const id of ['arn:aws:iam::123456789012:user/storefront', 'arn:aws:iam::123456789012:role/CreateOrderFunctionRole',
    'arn:aws:dynamodb:us-east-1:123456789012:table/Orders', 'lambda.amazonaws.com']) assert.ok(ids.includes(id), id);
  const assume = data.edges.find((e) => e.kind === 'assume' && e.from === 'lambda.amazonaws.com');
  assert.equal(assume?.decision, 'Allow');
  assert.ok(data.edges.every((e) => ['Allow', 'ExplicitDeny'].includes(e.decision)));
  assert.equal(data.edges.filter((e) => e.lit).length, 0);

  // Request 4 (Lambda → execution role → DynamoDB) lights two hops, in order.
  const index = await page.evaluate(() => window.iamplay.readRequests().findIndex((r) => r.name.startsWith('4. ')));
  await page.locator('#diagram-request').selectOption(String(index));
  await page.waitForFunction(() => window.iamplay.diagram()?.edges.some((e) => e.lit));
  const lit = (await page.evaluate(() => window.iamplay.diagram())).edges.filter((e) => e.lit).sort((a, b) => a.hop - b.hop);
  assert.deepEqual(lit.map((e) => [e.kind, e.from.split(':').pop(), e.to.split(':').pop()]), [
    ['assume', 'lambda.amazonaws.com', 'role/CreateOrderFunctionRole'],
    ['access', 'role/CreateOrderFunctionRole', 'table/Orders'],
  ]);
  await screenshot(page, 'diagram-flow-1280-light');

  // Clicking an access edge explains it; Enter on a node opens its policies.
  await page.locator('#diagram g.edge.access[data-from$="user/storefront"] path.edge-line').first().click({ force: true });
  await page.locator('#explanation[data-decision]').waitFor({ timeout: 5000 });
  await page.locator('#diagram g.node[data-id$="user/storefront"]').focus();
  await page.keyboard.press('Enter');
  await page.locator('.tab.active .tab-owner', { hasText: 'user/storefront' }).waitFor({ timeout: 5000 });
  assert.deepEqual(opened.errors, []);
  await opened.context.close();
});

test('nodes stay put when a policy changes a decision', async () => {
  const opened = await openPage(browser);
  const { page } = opened;
  await page.goto(server.url);
  await ready(page);
  await openDiagram(page, 'cross-account-role');
  const before = await positions(page);
  const edgesBefore = (await (await page.waitForFunction(() => window.iamplay.diagram())).jsonValue()).edges.length;
  // The trust policy of ReportsReader stops trusting the development account: edges change, nodes do not move.
  const address = await page.evaluate(() => window.iamplay.listPolicies().find((p) => p.kind === 'trust').address);
  const text = await page.evaluate((a) => window.iamplay.getPolicy(a), address);
  await page.evaluate(([a, t]) => window.iamplay.setPolicy(a, t), [address, text.replace('111111111111:root', '999999999999:root')]);
  await page.waitForFunction((n) => window.iamplay.settled() && (window.iamplay.diagram()?.edges.length ?? n) !== n, edgesBefore, { timeout: 20000 });
  assert.deepEqual(await positions(page), before);
  assert.deepEqual(opened.errors, []);
  await opened.context.close();
});

test('100 principals in two accounts draw collapsed per account and expand on demand', async () => {
  const opened = await openPage(browser);
  const { page } = opened;
  await page.goto(server.url);
  await ready(page);
  const users = [];
  for (let i = 0; i < 100; i++) {
    const account = i % 2 ? '111111111111' : '222222222222';
    users.push({ arn: `arn:aws:iam::${account}:user/u${i}`, policies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared/*' }] }] });
  }
  const scenario = { name: 'Many principals', accounts: { '111111111111': { name: 'a' }, '222222222222': { name: 'b' } }, users,
    resources: [{ arn: 'arn:aws:s3:::shared', account: '222222222222' }],
    requests: [{ principal: users[0].arn, action: 's3:GetObject', resource: 'arn:aws:s3:::shared/k' }] };
  await page.evaluate((s) => window.iamplay.importScenario(JSON.stringify(s)), scenario);
  await page.locator('#tab-diagram').click();
  await page.waitForFunction(() => window.iamplay.diagram()?.nodes.length > 100, null, { timeout: 30000 });
  const drawn = await page.locator('#diagram g.node[data-id]').count();
  assert.ok(drawn < 30, `${drawn} nodes drawn`);
  assert.equal(await page.locator('#diagram g.node.more').count(), 2);
  await screenshot(page, 'diagram-many-1280-light');
  await page.locator('#diagram g.node.more').first().click();
  await page.waitForFunction((n) => document.querySelectorAll('#diagram g.node[data-id]').length > n, drawn);
  assert.deepEqual(opened.errors, []);
  await opened.context.close();
});

for (const [width, height] of [[1280, 800], [390, 844]]) {
  for (const colorScheme of ['light', 'dark']) {
    test(`diagram screenshots ${width}x${height} ${colorScheme}`, async () => {
      const opened = await openPage(browser, { viewport: { width, height }, colorScheme });
      const { page } = opened;
      await page.goto(server.url);
      await ready(page);
      await openDiagram(page, 'cross-account-role');
      const index = await page.evaluate(() => window.iamplay.readRequests().findIndex((r) => r.name.includes('reads a report: the session')));
      await page.locator('#diagram-request').selectOption(String(index));
      await page.waitForFunction(() => window.iamplay.diagram()?.edges.some((e) => e.lit));
      await page.waitForTimeout(1200);
      await page.locator('#diagram').scrollIntoViewIfNeeded();
      await screenshot(page, `diagram-${width}-${colorScheme}`);
      assert.deepEqual(opened.errors, []);
      await opened.context.close();
    });
  }
}
