// Accessibility: axe-core (./axe.mjs) finds no violation on the real page, CSP on, at 1280×800 and 390×844 in light
// and dark — the first screen, a cell's explanation, the questions panels (access, who can, what can), the
// requests and the diagram tabs, the problems panel with a quick fix, the course and a running lesson, every
// dialog (the AWS managed policy picker and the import dialog with its report among them), a read-only AWS
// managed policy tab and the embed view. And the result tabs follow the ARIA
// tabs pattern from the keyboard (arrows, Home/End, aria-selected, aria-controls).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serveDist, launchBrowser, openPage, screenshot } from './harness.mjs';
import { axeViolations, formatViolations } from './axe.mjs';

let server, browser;
before(async () => { server = await serveDist('/'); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

async function ready(page) {
  await page.waitForFunction(() => window.iamplay?.settled?.() && document.querySelector('#matrix, #matrix-empty'), null, { timeout: 15000 });
}

async function loadExample(page, example) {
  await page.evaluate((e) => window.iamplay.loadExample(e), example);
  await page.waitForFunction((e) => window.iamplay.workspace().example === e && window.iamplay.settled(), example, { timeout: 10000 });
}

/** Opens every <details> under `selector`, so the audit sees what a reader can unfold. */
const unfold = (page, selector) => page.$$eval(`${selector} details`, (ds) => ds.forEach((d) => { d.open = true; }));

const VARIANTS = [];
for (const [width, height] of [[1280, 800], [390, 844]]) {
  for (const colorScheme of ['light', 'dark']) VARIANTS.push({ width, height, colorScheme });
}

for (const { width, height, colorScheme } of VARIANTS) {
  const variant = `${width} ${colorScheme}`;
  test(`axe finds no violation, ${width}x${height} ${colorScheme}`, async () => {
    const opened = await openPage(browser, { viewport: { width, height }, colorScheme });
    const { page } = opened;
    // Every screen is audited before the test fails, so one run lists everything.
    const failures = [];
    const audit = async (screen) => {
      const violations = await axeViolations(page);
      if (violations.length) failures.push(`### ${screen}, ${variant}\n${formatViolations(violations)}`);
    };
    const shot = (name) => (process.env.A11Y_SHOTS ? screenshot(page, `a11y-${name}-${width}-${colorScheme}`) : null);

    await page.goto(server.url);
    await ready(page);
    await audit('first screen');
    await shot('first');

    // A cell's explanation, everything unfolded.
    await loadExample(page, 'cross-account-role');
    await page.locator('#matrix .cell button').first().click();
    await page.locator('#explanation[data-decision]').waitFor();
    await unfold(page, '#explanation');
    await audit('explanation of a cell');
    await shot('explanation');

    // The scenario panel with an entity unfolded (its form fields).
    await page.locator('.scenario-panel details.entity').first().evaluate((d) => { d.open = true; });
    await audit('scenario panel with an entity open');

    // The account-scale questions (an island, loaded on demand): a role's access with the badges on, who can
    // (from a matrix column, the denied list unfolded), what can (from a matrix row, a service opened).
    await page.locator('.scenario-panel li.with-badge .access-badge').first().click();
    await page.locator('#question-panel[data-question="access"] .access-answer').waitFor({ timeout: 15000 });
    await page.locator('.scenario-panel .access-badge:not([data-access="unknown"])').first().waitFor({ timeout: 10000 });
    await audit('access panel and badges');
    await shot('access');
    await page.locator('#matrix button.col-ask').first().click();
    await page.locator('#question-panel[data-question="who-can"] #who-summary').waitFor({ timeout: 10000 });
    await unfold(page, '#question-panel');
    await audit('who-can panel');
    await shot('who-can');
    await page.locator('#matrix button.row-ask').first().click();
    await page.locator('#question-panel[data-question="what-can"] #what-summary').waitFor({ timeout: 15000 });
    await page.locator('#question-panel .what-service summary').first().click();
    await page.locator('#question-panel .what-actions').first().waitFor();
    await audit('what-can panel');
    await shot('what-can');
    await page.locator('#question-close').click();
    await page.locator('#question-panel').waitFor({ state: 'detached' });

    // Requests & flow, a request explained and one being edited.
    await loadExample(page, 'api-gateway-flow');
    await page.locator('#tab-requests').click();
    await page.locator('.requests-panel').waitFor();
    await page.locator('.request-name').last().click();
    await page.locator('#explanation[data-decision]').waitFor();
    await unfold(page, '#explanation');
    await audit('requests tab, a request explained');
    await shot('requests');
    await page.locator('.request').first().getByRole('button', { name: 'Edit' }).click();
    await page.locator('.request-form').waitFor();
    await audit('requests tab, a request being edited');

    // The diagram, with an assume chain lit.
    await page.locator('#tab-diagram').click();
    await page.locator('#diagram svg.diagram').waitFor();
    // Request 4 of the flow example goes Lambda → execution role → DynamoDB.
    const chain = await page.evaluate(() => window.iamplay.readRequests().findIndex((r) => r.name.startsWith('4. ')));
    await page.locator('#diagram-request').selectOption(String(chain));
    await page.waitForFunction(() => window.iamplay.diagram().edges.some((e) => e.lit));
    await audit('diagram');
    await shot('diagram');
    await page.locator('#tab-matrix').click();

    // The problems panel with a pasted fragment and its quick fix.
    const address = await page.evaluate(() => window.iamplay.listPolicies()[0].address);
    await page.evaluate((a) => window.iamplay.setPolicy(a, '{"Action": "s3:GetObject", "Resource": "*"}'), address);
    await page.locator('#problems .quick-fix button').first().waitFor({ timeout: 5000 });
    await audit('problems panel with a quick fix (matrix stale)');
    await shot('problems');

    // Each dialog.
    for (const [button, dialog] of [['#open-gallery', '#dialog-gallery'], ['#open-share', '#dialog-share'],
      ['#open-embed', '#dialog-embed'], ['#open-shortcuts', '#dialog-shortcuts']]) {
      await page.locator(button).click();
      await page.locator(dialog).waitFor();
      await audit(`dialog ${dialog}`);
      if (dialog === '#dialog-gallery') await shot('gallery');
      await page.keyboard.press('Escape');
      await page.locator(dialog).waitFor({ state: 'detached' });
    }

    // The AWS managed policy picker and the import dialog (their bodies are islands, loaded on demand), and a
    // managed policy's read-only tab.
    await loadExample(page, 'developer-group');
    const maria = page.locator('.tree-section[data-kind="user"] details.entity', { hasText: 'user/maria' });
    await maria.evaluate((d) => { d.open = true; });
    await maria.locator('button.attach-managed').click();
    await page.locator('#managed-results li').first().waitFor({ timeout: 15000 });
    await audit('dialog #dialog-managed (the AWS managed policy picker)');
    await shot('picker');
    await page.fill('#managed-search', 'dynamodb full');
    await page.locator('#managed-results button[data-arn="arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess"]').click();
    await page.locator('#dialog-managed').waitFor({ state: 'detached' });
    await maria.locator('.policy-row', { hasText: 'AmazonDynamoDBFullAccess' }).locator('button.policy-open').click();
    await page.locator('#managed-note').waitFor();
    await page.waitForFunction(() => document.querySelector('#editor .view-lines')?.innerText.includes('dynamodb:*'), null, { timeout: 15000 });
    await audit('a read-only AWS managed policy tab');
    await shot('managed-tab');
    await page.locator('#open-import').click();
    await page.locator('#import-text').waitFor({ timeout: 15000 });
    await audit('dialog #dialog-import');
    const exported = fs.readFileSync(path.join(import.meta.dirname, '..', 'import', 'auth-details-prod-111122223333.json'), 'utf8');
    await page.fill('#import-text', exported);
    await page.locator('#import-run').click();
    await page.locator('#import-report').waitFor({ timeout: 15000 });
    await audit('dialog #dialog-import with its report');
    await shot('import-report');
    await page.keyboard.press('Escape');
    await page.locator('#dialog-import').waitFor({ state: 'detached' });

    // The course list, then a running lesson after a wrong try (its hints showing), then the embed view: each
    // from a fresh page, as a link opens them.
    const again = async (link) => {
      await page.goto('about:blank');
      await page.goto(`${server.url}${link}`);
      await ready(page);
    };
    await again('#example=developer-group');
    await page.locator('#course-toggle').click();
    await page.locator('#course-list').waitFor();
    await audit('course list');
    await again('#lesson=implicit-vs-explicit-deny');
    await page.locator('.course.running').waitFor({ timeout: 15000 });
    await page.locator('#lesson-next').click();
    await page.locator('#lesson-check').click();
    await page.locator('.lesson-hints li').first().waitFor();
    await audit('a running lesson with hints');
    await shot('lesson');

    await again('?embed=1#example=cross-account-role');
    await page.locator('.app.embed').waitFor();
    await audit('embed view');
    await shot('embed');

    assert.deepEqual(opened.errors, []);
    assert.equal(failures.length, 0, `axe found violations:\n\n${failures.join('\n\n')}`);
    await opened.context.close();
  });
}

test('the result tabs follow the ARIA tabs pattern from the keyboard', async () => {
  const opened = await openPage(browser);
  const { page } = opened;
  await page.goto(server.url);
  await ready(page);
  const tabs = () => page.locator('.side-tabs [role="tab"]').evaluateAll((ts) => ts.map((t) => ({
    id: t.id, selected: t.getAttribute('aria-selected'), tabindex: t.getAttribute('tabindex'),
    controls: t.getAttribute('aria-controls'),
  })));
  const panel = async () => page.locator('[role="tabpanel"]#results-panel').evaluate((p) => p.getAttribute('aria-labelledby'));
  let state = await tabs();
  assert.deepEqual(state.map((t) => [t.id, t.selected, t.tabindex]),
    [['tab-matrix', 'true', '0'], ['tab-requests', 'false', '-1'], ['tab-diagram', 'false', '-1']]);
  assert.ok(state.every((t) => t.controls === 'results-panel'));
  assert.equal(await panel(), 'tab-matrix');

  await page.locator('#tab-matrix').focus();
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.activeElement?.id === 'tab-requests');
  await page.locator('.requests-panel').waitFor();
  assert.equal(await panel(), 'tab-requests');
  await page.keyboard.press('End');
  await page.waitForFunction(() => document.activeElement?.id === 'tab-diagram');
  await page.locator('#diagram svg.diagram').waitFor();
  await page.keyboard.press('ArrowRight'); // wraps around
  await page.waitForFunction(() => document.activeElement?.id === 'tab-matrix');
  await page.keyboard.press('ArrowLeft'); // and back
  await page.waitForFunction(() => document.activeElement?.id === 'tab-diagram');
  await page.keyboard.press('Home');
  await page.waitForFunction(() => document.activeElement?.id === 'tab-matrix');
  state = await tabs();
  assert.deepEqual(state.map((t) => t.selected), ['true', 'false', 'false']);
  assert.equal(await panel(), 'tab-matrix');
  // Focus is visible on the tab.
  assert.notEqual(await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle), 'none');
  // Tab leaves the tab list for the panel's content (one tab stop for the list).
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.closest('.side-tabs')), null);
  assert.deepEqual(opened.errors, []);
  await opened.context.close();
});

test('the policy tabs: arrows open the next policy, Delete closes one, the × stays out of the tab list', async () => {
  const opened = await openPage(browser);
  const { page } = opened;
  await page.goto(`${server.url}#example=api-gateway-flow`);
  await ready(page);
  const tabs = () => page.locator('.editor-pane [role="tablist"] [role="tab"]').evaluateAll((ts) => ts.map((t) => ({
    policy: t.dataset.policy, selected: t.getAttribute('aria-selected'), tabindex: t.getAttribute('tabindex'),
    controls: t.getAttribute('aria-controls'),
  })));
  let before = await tabs();
  assert.ok(before.length >= 2, `${before.length} tabs open`);
  assert.deepEqual(before.map((t) => t.selected === 'true'), before.map((t) => t.tabindex === '0'), 'one tab stop: the selected tab');
  assert.ok(before.every((t) => t.controls === 'editor'));
  assert.equal(await page.locator('#editor').getAttribute('role'), 'tabpanel');
  // The tab list holds only tabs: the close buttons are hidden from assistive technology and from Tab.
  assert.deepEqual(await page.locator('.tab-close').evaluateAll((bs) => [...new Set(bs.map((b) => `${b.getAttribute('aria-hidden')} ${b.tabIndex}`))]), ['true -1']);

  const first = before.findIndex((t) => t.selected === 'true');
  await page.locator(`.editor-pane [role="tab"][data-policy="${before[first].policy}"]`).focus();
  await page.keyboard.press('ArrowRight');
  const next = before[(first + 1) % before.length].policy;
  await page.waitForFunction((p) => document.activeElement?.dataset.policy === p
    && document.querySelector('#editor').dataset.policy === p, next);
  assert.notEqual(await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle), 'none');
  await page.keyboard.press('Delete');
  await page.waitForFunction((n) => document.querySelectorAll('.editor-pane [role="tab"]').length === n - 1, before.length);
  assert.ok(!(await tabs()).some((t) => t.policy === next), 'the focused tab closed');
  await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'tab'
    && document.activeElement.getAttribute('aria-selected') === 'true');
  assert.deepEqual(opened.errors, []);
  await opened.context.close();
});
