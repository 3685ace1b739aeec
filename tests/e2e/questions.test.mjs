// The account-scale questions in the playground (issue 15): the access badge of each resource and role with its
// details, "Who can…" opened from a matrix column and from a resource, "What can…" opened from a matrix row, each
// row linked to its explanation, and answers that follow edits. The panels are an island (islands/questions.rs,
// in the on-demand wasm, answered by the analyses worker): they appear once that module has loaded. The contents
// come from gallery examples and are checked against the page's own matrix where both answer the same request.
// Screenshots at 1280×800 and 390×844, light and dark.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launchBrowser, openPage, screenshot } from './harness.mjs';
import { expectNoAxeViolations } from './axe.mjs';

let server, browser;
before(async () => { server = await serveDist('/'); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });


async function load(page, example) {
  await page.waitForFunction(() => window.iamplay && document.querySelector('#matrix, #matrix-empty'), null, { timeout: 15000 });
  await page.evaluate((e) => window.iamplay.loadExample(e), example);
  await page.waitForFunction((e) => window.iamplay.workspace().example === e && window.iamplay.settled(), example, { timeout: 10000 });
}

const whoRows = (page) => page.locator('#question-panel .who-row').evaluateAll((rows) => rows.map((r) => ({
  principal: r.dataset.principal, decision: r.dataset.decision, path: r.dataset.path, text: r.textContent,
})));

test('public-read-bucket: the public badge, its witnesses, who can read, and answers that follow an edit', async () => {
  const opened = await openPage(browser);
  const { page } = opened;
  await page.goto(server.url);
  await load(page, 'public-read-bucket');

  // Before anyone asks, the first screen has not loaded the analysis: the badge offers to check.
  const badge = page.locator('.scenario-panel li.with-badge .access-badge');
  assert.equal(await badge.getAttribute('data-access'), 'unknown');
  assert.equal(await page.locator('.island').count(), 0, 'no island before a question');
  await badge.click();
  // The bucket's badge: `Principal: "*"` makes it public.
  await page.waitForFunction(() => document.querySelector('.scenario-panel li.with-badge .access-badge')?.dataset.access === 'public', null, { timeout: 15000 });
  const access = page.locator('#question-panel[data-question="access"] .access-answer');
  await access.waitFor({ timeout: 10000 });
  assert.equal(await access.getAttribute('data-access'), 'public');
  const witnesses = await access.locator('.access-witness').evaluateAll((ws) => ws.map((w) => ({
    caller: w.dataset.caller, isPublic: w.dataset.public, text: w.textContent,
  })));
  const anonymous = witnesses.find((w) => w.caller === 'anonymous');
  assert.ok(anonymous, JSON.stringify(witnesses));
  assert.equal(anonymous.isPublic, 'true');
  assert.match(anonymous.text, /s3:GetObject/);
  assert.match(anonymous.text, /PublicReadGetObject/);
  assert.ok(!witnesses.some((w) => /s3:PutObject|s3:ListBucket/.test(w.text)), 'only the granted action is a witness');
  // The witness's statement opens the bucket policy in the editor.
  await access.locator('.access-witness .statement-link').first().click();
  await page.locator('.tab.active .tab-owner', { hasText: 'example-public-site' }).waitFor({ timeout: 5000 });
  for (const [width, height, scheme] of [[1280, 800, 'light'], [1280, 800, 'dark'], [390, 844, 'light'], [390, 844, 'dark']]) {
    await page.setViewportSize({ width, height });
    await page.emulateMedia({ colorScheme: scheme });
    await page.locator('#question-panel').scrollIntoViewIfNeeded();
    await screenshot(page, `questions-access-${width}-${scheme}`);
  }
  await expectNoAxeViolations(page, 'access panel');
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: 'light' });

  // Who can read an object: opened from the matrix column, the rows agree with the matrix.
  const matrix = await page.evaluate(() => window.iamplay.readMatrix());
  const column = matrix.columns.findIndex((c) => c.action === 's3:GetObject');
  assert.ok(column >= 0);
  await page.locator(`#matrix thead th.col-head[data-column="${column}"] button.col-ask`).click();
  const who = page.locator('#question-panel[data-question="who-can"]');
  await who.locator('#who-summary').waitFor({ timeout: 10000 });
  assert.equal(await page.locator('#who-action').inputValue(), 's3:GetObject');
  await who.locator('.who-denied > summary').click();
  const rows = await whoRows(page);
  const cells = matrix.cells.filter((c) => c.column === column);
  assert.ok(cells.length >= 4);
  for (const cell of cells) {
    const row = rows.find((r) => r.principal === cell.principal);
    assert.ok(row, `${cell.principal} is listed`);
    assert.equal(row.decision, cell.decision, cell.principal);
  }
  const byName = (suffix) => rows.find((r) => r.principal.endsWith(suffix));
  assert.equal(byName('anonymous').decision, 'Allow');
  assert.equal(byName('anonymous').path, 'anonymous (public)');
  assert.equal(byName('user/alice').path, 'cross-account');
  assert.equal(byName('user/carol').path, 'direct');
  assert.equal(byName('user/bob').decision, 'ImplicitDeny');
  const summary = await who.locator('#who-summary').textContent();
  const allowed = rows.filter((r) => r.decision === 'Allow').length;
  assert.match(summary, new RegExp(`^${allowed} of ${rows.length} principals`));
  // The allowed row's statement is the bucket policy's grant.
  assert.match(byName('anonymous').text, /PublicReadGetObject/);
  // "Why?" on a principal the matrix has selects its cell: the explanation panel explains it.
  await who.locator('.who-row[data-principal$="user/carol"] .who-explain').click();
  await page.locator('#explanation[data-decision="Allow"]').waitFor({ timeout: 5000 });
  assert.match(await page.locator('#explanation .request-line').textContent(), /user\/carol/);
  for (const [width, height, scheme] of [[1280, 800, 'light'], [1280, 800, 'dark'], [390, 844, 'light'], [390, 844, 'dark']]) {
    await page.setViewportSize({ width, height });
    await page.emulateMedia({ colorScheme: scheme });
    await who.scrollIntoViewIfNeeded();
    await screenshot(page, `questions-who-${width}-${scheme}`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: 'light' });
  await expectNoAxeViolations(page, 'who-can panel');

  // The bucket policy grants the owner's account instead of everyone: the badge and the open answer follow.
  const address = await page.evaluate(() => window.iamplay.listPolicies().find((p) => p.kind === 'resource').address);
  const text = await page.evaluate((a) => window.iamplay.getPolicy(a), address);
  const edited = text.replace(/"Principal":\s*"\*"/, '"Principal": {"AWS": "arn:aws:iam::111111111111:root"}');
  assert.notEqual(edited, text);
  await page.evaluate(([a, t]) => window.iamplay.setPolicy(a, t), [address, edited]);
  await page.waitForFunction(() => document.querySelector('.scenario-panel .access-badge')?.dataset.access === 'private', null, { timeout: 8000 });
  await page.waitForFunction(() => document.querySelector('#question-panel .who-row[data-principal="anonymous"]')?.dataset.decision === 'ImplicitDeny', null, { timeout: 8000 });
  // A broken policy keeps the last answer, marked stale.
  await page.evaluate(([a]) => window.iamplay.setPolicy(a, '{'), [address]);
  await page.locator('#question-panel.is-stale').waitFor({ timeout: 8000 });
  assert.ok(await page.locator('#question-panel .who-row').count() > 0);
  await page.locator('#question-close').click();
  assert.equal(await page.locator('#question-panel').count(), 0);
  assert.deepEqual(opened.errors, []);
  assert.deepEqual(opened.outside, []);
  await opened.context.close();
});

test('cross-account-role: what a role can do, who can read a report (through the role), and an explanation made for a row', async () => {
  const opened = await openPage(browser);
  const { page } = opened;
  await page.goto(server.url);
  await load(page, 'cross-account-role');

  // Both roles trust another account: external (the badges appear once one was asked for).
  await page.locator('.scenario-panel li.with-badge .access-badge[data-access="unknown"]').first().click();
  await page.locator('#question-panel[data-question="access"] .access-answer').waitFor({ timeout: 15000 });
  await page.locator('#question-close').click();
  await page.locator('.scenario-panel li.with-badge .access-badge:not([data-access="unknown"])').first().waitFor({ timeout: 10000 });
  const badges = await page.locator('.scenario-panel li.with-badge .access-badge').evaluateAll((bs) => bs.map((b) => [b.getAttribute('aria-label'), b.dataset.access]));
  const reader = badges.find(([label]) => label.includes('role/ReportsReader'));
  assert.deepEqual(reader?.[1], 'external', JSON.stringify(badges));

  // What can ReportsReader do? Opened from its matrix row.
  const matrix = await page.evaluate(() => window.iamplay.readMatrix());
  const row = matrix.rows.findIndex((r) => r.key.endsWith('role/ReportsReader'));
  assert.ok(row >= 0, JSON.stringify(matrix.rows));
  await page.locator(`#matrix tbody tr[aria-rowindex="${row + 2}"] button.row-ask`).click();
  const what = page.locator('#question-panel[data-question="what-can"]');
  await what.locator('#what-summary').waitFor({ timeout: 15000 });
  const services = await what.locator('.what-service').evaluateAll((ss) => ss.map((s) => s.dataset.service));
  assert.deepEqual(services, ['s3']);
  await what.locator('.what-service[data-service="s3"] summary').click();
  const actions = await what.locator('.what-actions li[data-action]').evaluateAll((rs) => rs.map((r) => r.dataset.action));
  assert.ok(actions.includes('s3:GetObject') && actions.includes('s3:ListBucket'), actions.join());
  assert.ok(!actions.includes('s3:PutObject'));
  const granted = await what.locator('.what-granted').textContent();
  assert.match(granted, /GetReports/);
  assert.match(granted, /ListReports/);
  // The matrix agrees: the role's allowed columns are among the listed actions.
  for (const cell of matrix.cells.filter((c) => c.row === row && c.decision === 'Allow')) {
    assert.ok(actions.includes(cell.action), cell.action);
  }
  for (const [width, height, scheme] of [[1280, 800, 'light'], [1280, 800, 'dark'], [390, 844, 'light'], [390, 844, 'dark']]) {
    await page.setViewportSize({ width, height });
    await page.emulateMedia({ colorScheme: scheme });
    await what.scrollIntoViewIfNeeded();
    await screenshot(page, `questions-what-${width}-${scheme}`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: 'light' });
  await expectNoAxeViolations(page, 'what-can panel');

  // Who can read a report? Opened from the bucket in the scenario panel: the role, reached from alice.
  await page.locator('.scenario-panel section[data-kind="resource"] details.entity summary', { hasText: 'example-prod-reports' }).click();
  await page.locator('.scenario-panel section[data-kind="resource"] details[open] button[data-ask="who-can"]').click();
  const who = page.locator('#question-panel[data-question="who-can"]');
  await who.locator('#who-summary').waitFor({ timeout: 10000 });
  assert.equal(await page.locator('#who-action').inputValue(), 's3:GetObject');
  assert.match(await page.locator('#who-resource').inputValue(), /^arn:aws:s3:::example-prod-reports\//);
  let rows = await whoRows(page);
  const role = rows.find((r) => r.principal.endsWith('role/ReportsReader'));
  assert.equal(role?.decision, 'Allow', JSON.stringify(rows));
  assert.equal(role.path, 'via role assumption');
  assert.match(await who.locator('.who-row[data-principal$="role/ReportsReader"] .who-chain').textContent(), /alice.*ReportsReader/);
  assert.ok(!rows.some((r) => r.principal.endsWith('role/BillingAdmin') && r.decision === 'Allow'));

  // A question the matrix has no column for: the row's explanation is made on demand, in the panel.
  await page.locator('#who-action').fill('s3:DeleteObject');
  await page.locator('#who-ask').click();
  await page.waitForFunction(() => document.querySelector('#who-summary')?.textContent.includes('s3:DeleteObject'), null, { timeout: 10000 });
  rows = await whoRows(page);
  // The role only reads: deleting is denied to it (and to alice, who has no S3 grant of her own).
  assert.equal(rows.find((r) => r.principal.endsWith('role/ReportsReader'))?.decision, 'ImplicitDeny', JSON.stringify(rows));
  assert.equal(rows.find((r) => r.principal.endsWith('user/alice'))?.decision, 'ImplicitDeny');
  await who.locator('.who-denied > summary').click();
  await who.locator('.who-row[data-principal$="role/ReportsReader"] .who-explain').click();
  const explanation = who.locator('.who-row[data-principal$="role/ReportsReader"] .who-explanation');
  await explanation.waitFor({ timeout: 5000 });
  assert.match(await explanation.locator('.summary').textContent(), /\S/);
  assert.equal(await page.locator('#explanation[data-decision]').count(), 0, 'the explanation panel is not used');
  await screenshot(page, 'questions-who-inline-1280-light');

  // A bucket no request names: the panel asks for an action instead of answering who can do "".
  await page.locator('#question-close').click();
  const bucket = page.locator('.scenario-panel section[data-kind="resource"] details.entity', { hasText: 'example-billing-exports' });
  await bucket.locator('summary').click();
  await bucket.locator('button[data-ask="who-can"]').click();
  await page.locator('#question-panel[data-question="who-can"] #question-pending', { hasText: 'Type an action' }).waitFor({ timeout: 10000 });
  assert.equal(await page.locator('#question-panel .who-row').count(), 0);
  // BillingAdmin's trust policy names the finance account, which the scenario does not describe: any of its
  // principals its administrators allow can assume the role (its root user cannot), and reach the bucket.
  await page.locator('#who-action').fill('s3:GetObject');
  await page.locator('#who-resource').fill('arn:aws:s3:::example-billing-exports/2026/invoice.csv');
  await page.locator('#who-ask').click();
  await page.waitForFunction(() => document.querySelector('#who-summary')?.textContent.includes('invoice.csv'), null, { timeout: 10000 });
  await who.locator('.who-denied > summary').click();
  rows = await whoRows(page);
  const billing = rows.find((r) => r.principal.endsWith('role/BillingAdmin'));
  assert.equal(billing?.decision, 'Allow', JSON.stringify(rows));
  assert.equal(billing.path, 'via role assumption');
  assert.match(await who.locator('.who-row[data-principal$="role/BillingAdmin"] .who-chain').textContent(), /any principal of 123456789012.*BillingAdmin/);
  const finance = rows.find((r) => r.principal === 'any principal of 123456789012');
  assert.ok(finance, JSON.stringify(rows));
  assert.match(finance.text, /principals of a named account/);
  for (const [width, height, scheme] of [[1280, 800, 'light'], [1280, 800, 'dark'], [390, 844, 'light'], [390, 844, 'dark']]) {
    await page.setViewportSize({ width, height });
    await page.emulateMedia({ colorScheme: scheme });
    await page.locator('.who-row[data-principal$="role/BillingAdmin"]').scrollIntoViewIfNeeded();
    await screenshot(page, `questions-who-named-account-${width}-${scheme}`);
  }
  assert.deepEqual(opened.errors, []);
  await opened.context.close();
});
