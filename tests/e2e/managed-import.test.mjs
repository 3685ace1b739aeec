// AWS managed policies and the import dialog in the playground (issue 11): a pasted ReadOnlyAccess is no error
// once the snapshot (fetched on demand) says it is AWS's; the picker attaches a managed policy by ARN and the
// matrix follows; an explanation opens the managed document read-only with its decisive statement marked; the
// import dialog turns AWS CLI output (pasted and chosen as files) into entities and reports what it skipped.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serveDist, launchBrowser, openPage, screenshot, ready, settled, clean } from './harness.mjs';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const IMPORT = path.join(ROOT, 'tests', 'import');

let server, browser;
before(async () => { server = await serveDist('/'); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

/** The document of an AWS managed policy from the snapshot the page serves, pretty-printed as the console shows it. */
function managedDocument(name) {
  const lines = fs.readFileSync(path.join(ROOT, 'crates', 'iamplay-core', 'data', 'managed-policies.txt'), 'utf8').split('\n');
  const at = lines.findIndex((line) => line.startsWith(`P arn:aws:iam::aws:policy/${name} `));
  assert.ok(at >= 0, `${name} is in the snapshot`);
  return JSON.stringify(JSON.parse(lines[at + 1]), null, 2);
}

const cell = (matrix, user, action) => matrix.cells.find((c) => c.principal.endsWith(`user/${user}`) && c.action === action);

test('ReadOnlyAccess pasted into an identity policy: no error, a current matrix, the snapshot fetched once', async () => {
  const opened = await openPage(browser);
  const { page } = opened;
  const fetched = [];
  page.on('request', (r) => { if (r.url().endsWith('managed-policies.txt')) fetched.push(r.url()); });
  await page.goto(server.url);
  await ready(page, { monaco: true });
  await settled(page);
  assert.equal(await page.evaluate(() => window.iamplay.managedPolicies()), 'pending');
  assert.equal(fetched.length, 0, 'the snapshot is not fetched for a scenario that does not need it');
  const readOnly = managedDocument('ReadOnlyAccess');
  assert.ok(readOnly.replace(/\s/g, '').length > 6144, 'over the managed-policy quota');
  const before = await page.evaluate(() => window.iamplay.readMatrix());
  const customers = (m) => m.cells.find((c) => c.principal.endsWith('user/john') && c.action === 'dynamodb:GetItem' && c.resource.endsWith('table/Customers'));
  assert.equal(customers(before).decision, 'ImplicitDeny');
  await page.evaluate((t) => window.iamplay.setPolicy('identity:group/Developers', t), readOnly);
  await page.waitForFunction(() => window.iamplay.managedPolicies() === 'loaded', null, { timeout: 15000 });
  await settled(page);
  const problems = await page.evaluate(() => window.iamplay.problems());
  assert.deepEqual(problems.filter((p) => p.severity === 'error'), [], JSON.stringify(problems.slice(0, 3)));
  assert.ok(!problems.some((p) => p.code === 'L0301'), 'no size finding for an AWS managed policy');
  const matrix = await page.evaluate(() => window.iamplay.readMatrix());
  assert.equal(matrix.stale, false);
  assert.equal(matrix.errorCount, 0);
  // ReadOnlyAccess has dynamodb:Get* on every table: the matrix shows it (a current matrix, not the last good one).
  assert.equal(customers(matrix).decision, 'Allow');
  assert.notEqual(cell(matrix, 'john', 'dynamodb:PutItem').decision, 'Allow');
  assert.equal(fetched.length, 1, 'fetched once');
  // A custom policy as large still gets the size finding: only AWS's own documents are exempt.
  const custom = readOnly.replace('"Version"', '"Id": "not-aws",\n  "Version"');
  await page.evaluate((t) => window.iamplay.setPolicy('identity:group/Developers', t), custom);
  await settled(page);
  await page.waitForFunction(() => window.iamplay.problems().some((p) => p.code === 'L0301'), null, { timeout: 5000 });
  clean(opened);
  await opened.context.close();
});

test('the picker attaches an AWS managed policy by ARN; the matrix changes; the explanation opens it read-only', async () => {
  for (const [width, height, scheme] of [[1280, 800, 'light'], [1280, 800, 'dark'], [390, 844, 'light'], [390, 844, 'dark']]) {
    const opened = await openPage(browser, { viewport: { width, height }, colorScheme: scheme });
    const { page } = opened;
    await page.goto(server.url);
    await ready(page, { monaco: true });
    await settled(page);
    const before = await page.evaluate(() => window.iamplay.readMatrix());
    assert.notEqual(cell(before, 'maria', 'dynamodb:PutItem').decision, 'Allow');
    const maria = page.locator('.tree-section[data-kind="user"] details.entity', { hasText: 'user/maria' });
    await maria.locator('summary').click();
    await maria.locator('button.attach-managed').click();
    await page.locator('#dialog-managed').waitFor();
    await page.locator('#managed-results li').first().waitFor({ timeout: 15000 });
    const total = await page.locator('#managed-count').innerText();
    assert.match(total, /^1,?\d{3} AWS managed policies/);
    await page.fill('#managed-search', 'dynamodb full');
    await page.locator('#managed-results button[data-arn="arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess"]').waitFor();
    assert.ok(await page.locator('#managed-results li').count() < 10, 'the search narrows the list');
    await screenshot(page, `managed-picker-${width}-${scheme}`);
    await page.locator('#managed-results button[data-arn="arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess"]').click();
    await page.locator('#dialog-managed').waitFor({ state: 'detached' });
    await page.waitForFunction(() => window.iamplay.readMatrix().cells.some((c) => c.principal.endsWith('user/maria') && c.action === 'dynamodb:PutItem' && c.decision === 'Allow'), null, { timeout: 10000 });
    const attached = (await page.evaluate(() => window.iamplay.listPolicies())).filter((p) => p.managedArn);
    assert.deepEqual(attached.map((p) => [p.owner, p.managedArn]), [['user/maria', 'arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess']]);
    assert.match(JSON.parse(await page.evaluate(() => window.iamplay.exportScenario())).users[1].policies.at(-1), /AmazonDynamoDBFullAccess$/);
    await maria.locator('.policy-row', { hasText: 'AmazonDynamoDBFullAccess' }).waitFor();
    if (width === 1280 && scheme === 'light') {
      // The explanation of maria's PutItem names the managed policy and opens its document, read-only, at the
      // decisive statement.
      await page.locator(`#matrix td button[data-decision="Allow"]`).nth(0).waitFor();
      const target = await page.evaluate(() => {
        const m = window.iamplay.readMatrix();
        return m.cells.find((c) => c.principal.endsWith('user/maria') && c.action === 'dynamodb:PutItem');
      });
      await page.locator(`#matrix tbody tr:nth-child(${target.row + 1}) td:nth-of-type(${target.column + 1}) button`).click();
      await page.locator('#explanation[data-decision="Allow"]').waitFor();
      assert.match(await page.locator('#explanation .decisive').innerText(), /user\/maria:AmazonDynamoDBFullAccess/);
      await page.locator('#managed-note').waitFor({ timeout: 5000 });
      await page.locator('#editor .iamplay-decisive').first().waitFor({ timeout: 5000 });
      const shown = await page.locator('#editor .view-lines').innerText();
      assert.match(shown, /dynamodb:\*/);
      assert.equal(await page.locator('#editor').getAttribute('data-policy'), String(attached[0].id));
      // Read-only: typing changes nothing.
      await page.locator('#editor .view-lines').click();
      await page.keyboard.type('xyz');
      assert.equal(await page.evaluate((id) => window.iamplay.getPolicy(id), String(attached[0].id)), '"arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess"');
      assert.ok(!(await page.locator('#editor .view-lines').innerText()).includes('xyz'));
      await screenshot(page, 'managed-tab-1280-light');
      // Detaching (the × of the entry) takes the grant away again.
      await maria.locator('.policy-row', { hasText: 'AmazonDynamoDBFullAccess' }).locator('button.remove').click();
      await page.waitForFunction(() => !window.iamplay.readMatrix().cells.some((c) => c.principal.endsWith('user/maria') && c.action === 'dynamodb:PutItem' && c.decision === 'Allow'), null, { timeout: 10000 });
    }
    clean(opened);
    await opened.context.close();
  }
});

test('a scenario attaching AWS managed policies by ARN loads them, with no E0515 while they arrive', async () => {
  const opened = await openPage(browser);
  const { page } = opened;
  await page.goto(server.url);
  await ready(page);
  const scenario = {
    name: 'managed by ARN',
    users: [{ arn: 'arn:aws:iam::111122223333:user/ana', policies: ['arn:aws:iam::aws:policy/job-function/ViewOnlyAccess'] }],
    requests: [
      { principal: 'arn:aws:iam::111122223333:user/ana', action: 's3:ListAllMyBuckets', resource: '*', expect: 'Allow' },
      { principal: 'arn:aws:iam::111122223333:user/ana', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', expect: 'ImplicitDeny' },
    ],
  };
  await page.evaluate((s) => window.iamplay.importScenario(JSON.stringify(s)), scenario);
  await page.waitForFunction(() => window.iamplay.managedPolicies() === 'loaded', null, { timeout: 15000 });
  await settled(page);
  const requests = await page.evaluate(() => window.iamplay.readRequests());
  assert.deepEqual(requests.map((r) => r.ok), [true, true], JSON.stringify(requests));
  assert.deepEqual((await page.evaluate(() => window.iamplay.problems())).filter((p) => p.severity === 'error'), []);
  // "How to change this" runs in the on-demand module's worker, which loads the snapshot for the ARN too.
  const denied = (await page.evaluate(() => window.iamplay.readMatrix())).cells.find((c) => c.action === 's3:GetObject');
  await page.locator(`#matrix tbody tr:nth-child(${denied.row + 1}) td:nth-of-type(${denied.column + 1}) button`).click();
  await page.locator('#explanation[data-decision="ImplicitDeny"]').waitFor();
  await page.locator('#how-to-change-toggle').click();
  await page.locator('#fixes li.fix').first().waitFor({ timeout: 30000 });
  // An unknown ARN is an error at the entity, with a did-you-mean.
  scenario.users[0].policies = ['arn:aws:iam::aws:policy/ViewOnlyAccess'];
  await page.evaluate((s) => window.iamplay.importScenario(JSON.stringify(s)), scenario);
  await page.waitForFunction(() => window.iamplay.problems().some((p) => p.code === 'E0515'), null, { timeout: 10000 });
  const unknown = (await page.evaluate(() => window.iamplay.problems())).find((p) => p.code === 'E0515');
  assert.match(unknown.help, /did you mean `arn:aws:iam::aws:policy\/job-function\/ViewOnlyAccess`/);
  // It points at the user in the scenario panel (an ARN entry has no editor).
  assert.equal(unknown.policy, null);
  clean(opened);
  await opened.context.close();
});

test('the import dialog: a pasted export and chosen files become entities; the report lists what it skipped', async () => {
  const prod = fs.readFileSync(path.join(IMPORT, 'auth-details-prod-111122223333.json'), 'utf8');
  const prodUsers = JSON.parse(prod).UserDetailList.map((u) => u.Arn);
  const devUsers = JSON.parse(fs.readFileSync(path.join(IMPORT, 'auth-details-dev-444455556666.json'), 'utf8')).UserDetailList.map((u) => u.Arn);
  for (const [width, height, scheme] of [[1280, 800, 'light'], [1280, 800, 'dark'], [390, 844, 'light'], [390, 844, 'dark']]) {
    const opened = await openPage(browser, { viewport: { width, height }, colorScheme: scheme });
    const { page } = opened;
    const outsideBefore = opened.outside.length;
    await page.goto(server.url);
    await ready(page);
    await page.locator('#open-import').click();
    await page.locator('#dialog-import').waitFor();
    assert.match(await page.locator('#import-private').innerText(), /Nothing leaves your browser/);
    await page.fill('#import-text', prod);
    await screenshot(page, `import-dialog-${width}-${scheme}`);
    await page.locator('#import-run').click();
    await page.locator('#import-report').waitFor();
    const report = await page.locator('#import-report').innerText();
    assert.match(report, /get-account-authorization-details/);
    assert.ok(await page.locator('#import-report .import-skip[data-code="W1101"]').count() >= 1, report);
    assert.ok(await page.locator('#import-report .import-skip[data-code="W1103"]').count() >= 1, report);
    await screenshot(page, `import-report-${width}-${scheme}`);
    const ws = JSON.parse(await page.evaluate(() => window.iamplay.exportScenario()));
    assert.deepEqual(ws.users.map((u) => u.arn).sort(), [...prodUsers].sort());
    if (width === 1280 && scheme === 'light') {
      // More: two files at once through the file input, into the current scenario.
      await page.locator('#import-again').click();
      await page.locator('#import-files').setInputFiles([
        path.join(IMPORT, 'auth-details-dev-444455556666.json'),
        path.join(IMPORT, 's3api-get-bucket-policy.json'),
      ]);
      await page.locator('#import-file-list li').nth(1).waitFor();
      await page.fill('#import-resource', 'arn:aws:s3:::prod-reports');
      await page.fill('#import-account', '111122223333');
      await page.locator('#import-into').check();
      await page.locator('#import-run').click();
      await page.locator('#import-report').waitFor();
      const second = await page.locator('#import-report').innerText();
      assert.match(second, /s3api get-bucket-policy/);
      const merged = JSON.parse(await page.evaluate(() => window.iamplay.exportScenario()));
      for (const arn of [...prodUsers, ...devUsers]) assert.ok(merged.users.some((u) => u.arn === arn), arn);
      assert.ok(merged.resources.some((r) => r.arn === 'arn:aws:s3:::prod-reports'));
      await page.locator('#import-done').click();
      await page.locator('#dialog-import').waitFor({ state: 'detached' });
      // The imported accounts attach AWS managed policies by ARN: the matrix comes once they are loaded.
      await page.waitForFunction(() => window.iamplay.managedPolicies() === 'loaded', null, { timeout: 15000 });
      await settled(page);
      const matrix = await page.evaluate(() => window.iamplay.readMatrix());
      assert.ok(matrix.rows.some((r) => r.key.endsWith(prodUsers[0].split(':').pop())), 'imported users are rows');
      assert.ok(!(await page.evaluate(() => window.iamplay.problems())).some((p) => p.code === 'E0515'));
      await screenshot(page, 'import-done-1280-light');
    }
    assert.equal(opened.outside.length, outsideBefore);
    clean(opened);
    await opened.context.close();
  }
});
