// Issue 12 in the playground: "How to change this" (a verified fix applied as one undoable edit), "Pin as
// baseline" (changed cells marked, kept across reloads and in share links) and "Tighten" (least-privilege
// policies for picked cells). Each test opens its own context (fresh localStorage) unless it checks persistence.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serveDist, launchBrowser, openPage, screenshot, ready, settled, clean } from './harness.mjs';

let server, browser;
// Under a sub-path: the on-demand analyses must load from the page's own folder.
before(async () => { server = await serveDist('/tools/iamplay/'); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

// The accessibility audit helper, when another change has landed it (tests/e2e/axe.mjs or similar).
let expectNoAxeViolations = null;
for (const file of fs.readdirSync(import.meta.dirname)) {
  if (!file.endsWith('.mjs') || file.endsWith('.test.mjs') || file === 'harness.mjs') continue;
  const mod = await import(path.join(import.meta.dirname, file));
  if (typeof mod.expectNoAxeViolations === 'function') expectNoAxeViolations = mod.expectNoAxeViolations;
}
async function audit(page, label) {
  if (expectNoAxeViolations) await expectNoAxeViolations(page, label);
}

/** The cell of `who` (ARN suffix) on `action` (and resource suffix), as readMatrix reports it. */
async function cell(page, who, action, resource = 'table/Orders') {
  return page.evaluate(([w, a, r]) => window.iamplay.readMatrix().cells.find((c) =>
    c.principal.endsWith(w) && c.action === a && c.resource.endsWith(r)), [who, action, resource]);
}

function cellButton(page, c) {
  return page.locator(`#matrix button[data-row="${c.row}"][data-column="${c.column}"]`);
}

async function decisionIs(page, who, action, decision, resource = 'table/Orders') {
  await page.waitForFunction(([w, a, r, d]) => window.iamplay.readMatrix().cells.some((c) =>
    c.principal.endsWith(w) && c.action === a && c.resource.endsWith(r) && c.decision === d), [who, action, resource, decision], { timeout: 30000 });
}

const GROUP_POLICY = 'identity:group/Developers#OrdersTableRead';

test('a denied cell: How to change this → Apply allows it at once, and Ctrl+Z in its editor denies it again', async () => {
  const opened = await openPage(browser);
  const { page } = opened;
  await page.goto(server.url);
  await ready(page, { monaco: true });
  const putItem = await cell(page, 'user/john', 'dynamodb:PutItem');
  assert.equal(putItem.decision, 'ImplicitDeny');
  const others = (await page.evaluate(() => window.iamplay.readMatrix().cells))
    .filter((c) => !(c.row === putItem.row && c.column === putItem.column));
  await cellButton(page, putItem).click();
  await page.locator('#explanation[data-decision="ImplicitDeny"]').waitFor();
  // Nothing is computed until the section is opened.
  assert.equal(await page.locator('#fixes').count(), 0);
  await page.locator('#how-to-change-toggle').click();
  assert.equal(await page.locator('#how-to-change-toggle').getAttribute('aria-expanded'), 'true');
  await page.locator('#fixes li.fix').first().waitFor({ timeout: 30000 });
  // The fix that adds the statement to the group's own policy: it changes no other cell, and says so.
  const fix = page.locator('#fixes li.fix', { hasText: 'OrdersTableRead' }).first();
  await fix.waitFor();
  assert.match(await fix.locator('.fix-summary').innerText(), /dynamodb:PutItem/);
  // The search ran in the on-demand analyses' worker, not on the page's thread.
  assert.ok(page.workers().some((w) => w.url().endsWith('/analyses-worker.js')), page.workers().map((w) => w.url()).join(', '));
  assert.equal(await fix.getAttribute('data-flips'), '0');
  assert.match(await fix.innerText(), /Changes no other cell/);
  // Fewest collateral first: no fix before it flips more cells.
  const flips = await page.locator('#fixes li.fix').evaluateAll((items) => items.map((li) => Number(li.dataset.flips)));
  assert.deepEqual(flips, [...flips].sort((a, b) => a - b));
  await audit(page, 'how to change this');
  await page.locator('#how-to-change').scrollIntoViewIfNeeded();
  await screenshot(page, 'fixes-light-1280');

  const policyBefore = await page.evaluate((a) => window.iamplay.getPolicy(a), GROUP_POLICY);
  await fix.locator('button.apply-fix').click();
  await decisionIs(page, 'user/john', 'dynamodb:PutItem', 'Allow');
  await page.locator('#explanation[data-decision="Allow"]').waitFor();
  await page.locator('#fix-applied').waitFor();
  const policyAfter = await page.evaluate((a) => window.iamplay.getPolicy(a), GROUP_POLICY);
  assert.match(policyAfter, /dynamodb:PutItem/);
  assert.doesNotMatch(policyBefore, /dynamodb:PutItem/);
  // Only the new statement was written: the rest of the policy keeps its layout as typed.
  assert.ok(policyAfter.startsWith(policyBefore.slice(0, policyBefore.lastIndexOf('}', policyBefore.lastIndexOf(']')))), policyAfter);
  // Exactly that cell changed: every other one kept its decision.
  const now = await page.evaluate(() => window.iamplay.readMatrix().cells);
  for (const c of others) {
    assert.equal(now.find((n) => n.row === c.row && n.column === c.column).decision, c.decision, `${c.principal} ${c.action}`);
  }
  // The edited policy is the editor's tab now; one Ctrl+Z there takes the whole fix back.
  assert.equal(await page.locator('.tab.active .tab-title').innerText(), 'OrdersTableRead');
  await page.locator('#editor .view-lines').click();
  await page.keyboard.press('Control+Z');
  await decisionIs(page, 'user/john', 'dynamodb:PutItem', 'ImplicitDeny');
  assert.equal(await page.evaluate((a) => window.iamplay.getPolicy(a), GROUP_POLICY), policyBefore);
  clean(opened);
  await opened.context.close();
});

test('How to change this stays open when the action catalog arrives after it was opened', async () => {
  const opened = await openPage(browser);
  const { page } = opened;
  // Hold the catalog (fetched after the first paint) until the section is open: its arrival brings a new analysis
  // of the same scenario, which used to close the section under the user.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/catalog.txt', async (route) => { await held; await route.continue(); });
  await page.goto(server.url);
  await ready(page);
  const putItem = await cell(page, 'user/john', 'dynamodb:PutItem');
  await cellButton(page, putItem).click();
  await page.locator('#explanation[data-decision="ImplicitDeny"]').waitFor();
  await page.locator('#how-to-change-toggle').click();
  await page.locator('#fixes li.fix').first().waitFor({ timeout: 30000 });
  assert.equal(await page.evaluate(() => window.iamplay.metrics().catalogMs), 0, 'the catalog is held');
  const before = await page.evaluate(() => window.iamplay.metrics().analyses);
  release();
  await page.waitForFunction(() => window.iamplay.metrics().catalogMs > 0 && window.iamplay.settled(), null, { timeout: 30000 });
  // The catalog brought a new analysis of the same scenario.
  assert.ok(await page.evaluate(() => window.iamplay.metrics().analyses) > before);
  await page.waitForTimeout(300);
  assert.equal(await page.locator('#how-to-change-toggle').getAttribute('aria-expanded'), 'true');
  assert.ok(await page.locator('#fixes li.fix').count() > 0);
  // Another cell is another question: the section closes.
  const getItem = await cell(page, 'user/john', 'dynamodb:GetItem');
  await cellButton(page, getItem).click();
  await page.waitForFunction(() => document.querySelector('#how-to-change-toggle')?.getAttribute('aria-expanded') === 'false', null, { timeout: 5000 });
  clean(opened);
  await opened.context.close();
});

test('a fix that creates a policy is undone as a whole', async () => {
  const opened = await openPage(browser);
  const { page } = opened;
  await page.goto(server.url);
  await ready(page, { monaco: true });
  const maria = await cell(page, 'user/maria', 'dynamodb:GetItem');
  assert.equal(maria.decision, 'ImplicitDeny');
  const policies = await page.evaluate(() => window.iamplay.listPolicies().length);
  await cellButton(page, maria).click();
  await page.locator('#how-to-change-toggle').click();
  // maria has no policy: the fix gives her one.
  const fix = page.locator('#fixes li.fix', { hasText: /maria/ }).first();
  await fix.waitFor({ timeout: 30000 });
  await fix.locator('button.apply-fix').click();
  await decisionIs(page, 'user/maria', 'dynamodb:GetItem', 'Allow');
  assert.equal(await page.evaluate(() => window.iamplay.listPolicies().length), policies + 1);
  await page.locator('#fix-undo').click();
  await decisionIs(page, 'user/maria', 'dynamodb:GetItem', 'ImplicitDeny');
  assert.equal(await page.evaluate(() => window.iamplay.listPolicies().length), policies);
  await page.locator('#fix-applied').waitFor({ state: 'detached' });
  clean(opened);
  await opened.context.close();
});

test('pin as baseline: an edit marks the cells it changed, across a reload and in a share link; unpin clears', async () => {
  const opened = await openPage(browser);
  const { page, context } = opened;
  await page.goto(server.url);
  await ready(page);
  assert.equal(await page.locator('#baseline-summary').count(), 0);
  await page.locator('#baseline-pin').click();
  await page.locator('#baseline-summary').waitFor();
  assert.equal(await page.locator('#baseline-summary').getAttribute('data-changed'), '0');
  assert.equal(await page.locator('#matrix td[class*="since-"]').count(), 0);
  // Widen the group's policy (PutItem) and drop GetItem: john's PutItem opens, his GetItem cells close.
  const text = await page.evaluate((a) => window.iamplay.getPolicy(a), GROUP_POLICY);
  const edited = text.replace('"dynamodb:Query", "dynamodb:GetItem"', '"dynamodb:Query", "dynamodb:PutItem"');
  assert.notEqual(edited, text);
  await page.evaluate(([a, t]) => window.iamplay.setPolicy(a, t), [GROUP_POLICY, edited]);
  await settled(page);
  await page.waitForFunction(() => Number(document.querySelector('#baseline-summary')?.dataset.changed) > 0);
  const summary = await page.locator('#baseline-summary').innerText();
  const opened_ = await page.locator('#matrix td.since-opened').count();
  const closed = await page.locator('#matrix td.since-closed').count();
  assert.ok(opened_ >= 1 && closed >= 1, summary);
  assert.match(summary, new RegExp(`${opened_ + closed} cells changed since the baseline: ${opened_} opened, ${closed} closed`));
  const putItem = await cell(page, 'user/john', 'dynamodb:PutItem');
  assert.equal(await cellButton(page, putItem).getAttribute('data-changed'), 'opened');
  assert.match(await cellButton(page, putItem).getAttribute('aria-label'), /opened since the baseline \(was Implicit deny\)/);
  // maria's cells did not change and are not marked.
  const maria = await cell(page, 'user/maria', 'dynamodb:GetItem');
  assert.equal(await cellButton(page, maria).getAttribute('data-changed'), null);
  await audit(page, 'baseline marks');
  await page.locator('.matrix-panel').scrollIntoViewIfNeeded();
  await screenshot(page, 'baseline-light-1280');

  // A reload keeps the work and the baseline.
  await page.reload();
  await ready(page);
  await page.waitForFunction((s) => document.querySelector('#baseline-summary')?.innerText === s, summary, { timeout: 30000 });
  // A share link carries both.
  const url = await page.evaluate(() => window.iamplay.shareUrl());
  assert.match(url, /#s=1\.[^&]+&b=1\./);
  const second = await openPage(browser);
  await second.page.goto(url);
  await ready(second.page);
  await second.page.waitForFunction((s) => document.querySelector('#baseline-summary')?.innerText === s, summary, { timeout: 30000 });
  clean(second);
  await second.context.close();
  // Unpin: no marks, no summary, and links carry no baseline.
  await page.locator('#baseline-unpin').click();
  await page.locator('#baseline-pin').waitFor();
  assert.equal(await page.locator('#matrix td[class*="since-"]').count(), 0);
  assert.doesNotMatch(await page.evaluate(() => window.iamplay.shareUrl()), /&b=/);
  clean(opened);
  await context.close();
});

test('tighten: picked cells get a verified least-privilege policy, opened in the editor; undo puts the old policies back', async () => {
  const opened = await openPage(browser);
  const { page } = opened;
  await page.goto(server.url);
  await ready(page, { monaco: true });
  const maria = await cell(page, 'user/maria', 'dynamodb:GetItem');
  const john = await cell(page, 'user/john', 'dynamodb:Query');
  assert.equal(maria.decision, 'ImplicitDeny');
  await page.locator('#tighten-start').click();
  await cellButton(page, maria).click();
  await cellButton(page, john).click();
  // Picking does not select (no explanation), it marks.
  assert.equal(await cellButton(page, maria).getAttribute('aria-pressed'), 'true');
  assert.match(await page.locator('#tighten-status').innerText(), /2 picked/);
  // Unpick and pick again.
  await cellButton(page, john).click();
  assert.match(await page.locator('#tighten-status').innerText(), /1 picked/);
  await cellButton(page, john).click();
  await audit(page, 'tighten picking');
  await screenshot(page, 'tighten-picking-light-1280');
  await page.locator('#tighten-run').click();
  const result = page.locator('#tighten-result');
  await result.waitFor({ timeout: 30000 });
  assert.equal(await result.getAttribute('data-verified'), 'true');
  assert.match(await result.locator('.verdict').innerText(), /Verified: the 2 picked cells are allowed/);
  const documents = await result.locator('pre.policy-json').allInnerTexts();
  assert.equal(documents.length, 2, 'one policy per principal');
  const mariaPolicy = JSON.parse(documents.find((d) => d.includes('dynamodb:GetItem')));
  assert.deepEqual(mariaPolicy.Statement.map((s) => s.Effect), ['Allow']);
  assert.ok(!JSON.stringify(mariaPolicy).includes('*'), 'no wildcards');
  await result.scrollIntoViewIfNeeded();
  await screenshot(page, 'tighten-result-light-1280');
  await page.locator('#tighten-apply').click();
  await decisionIs(page, 'user/maria', 'dynamodb:GetItem', 'Allow');
  assert.equal(await page.locator('.tab.active .tab-title').innerText(), 'LeastPrivilege');
  assert.match(await page.evaluate(() => window.iamplay.getPolicy('identity:user/maria#LeastPrivilege')), /dynamodb:GetItem/);
  // Nothing else maria can do.
  const mariaCells = (await page.evaluate(() => window.iamplay.readMatrix().cells)).filter((c) => c.principal.endsWith('user/maria'));
  assert.deepEqual(mariaCells.filter((c) => c.decision === 'Allow').map((c) => c.action), ['dynamodb:GetItem']);
  await page.locator('#tighten-undo').click();
  await decisionIs(page, 'user/maria', 'dynamodb:GetItem', 'ImplicitDeny');
  assert.equal(await page.evaluate(() => window.iamplay.getPolicy('identity:user/maria#LeastPrivilege')), null);
  clean(opened);
  await opened.context.close();
});

/** Tighten on the resource side in the cross-account table example: picks the two `neither` users (one in the
 *  bucket's account, one in another), writes resource policies, and resolves to the picked cells. */
async function tightenResourceSide(page) {
  await page.evaluate(() => window.iamplay.loadExample('cross-account-table'));
  await page.waitForFunction(() => window.iamplay.readMatrix().cells.some((c) => c.principal.endsWith('111111111111:user/neither')));
  await settled(page);
  const picked = (await page.evaluate(() => window.iamplay.readMatrix().cells)).filter((c) => c.principal.endsWith(':user/neither'));
  assert.equal(picked.length, 2);
  assert.deepEqual(picked.map((c) => c.decision), ['ImplicitDeny', 'ImplicitDeny']);
  await page.locator('#tighten-start').click();
  for (const c of picked) await cellButton(page, c).click();
  const side = page.getByRole('group', { name: 'Write:' });
  // Identity policies unless the user picks the other side.
  assert.equal(await side.getByRole('radio', { name: 'identity policies' }).isChecked(), true);
  await side.getByRole('radio', { name: 'resource policies' }).check();
  return picked;
}

test('tighten, resource side: the bucket policy names exactly the picked principals, the matrix allows them, undo restores', async () => {
  const opened = await openPage(browser);
  const { page } = opened;
  await page.goto(server.url);
  await ready(page, { monaco: true });
  const picked = await tightenResourceSide(page);
  const before = await page.evaluate(() => window.iamplay.readMatrix().cells);
  const bucketAddress = (await page.evaluate(() => window.iamplay.listPolicies())).find((p) => p.kind === 'resource').address;
  const bucketBefore = await page.evaluate((a) => window.iamplay.getPolicy(a), bucketAddress);
  const policiesBefore = (await page.evaluate(() => window.iamplay.listPolicies())).map((p) => p.address);
  await audit(page, 'tighten picking, resource side chosen');
  await page.locator('#tighten-run').click();
  const result = page.locator('#tighten-result');
  await result.waitFor({ timeout: 30000 });
  assert.equal(await result.getAttribute('data-verified'), 'true');
  // The bucket's policy first: one statement naming both callers, no wildcard.
  const titles = await result.locator('.tight-policy h4').allInnerTexts();
  assert.match(titles[0], /example-shared-data · resource policy/);
  const documents = await result.locator('pre.policy-json').allInnerTexts();
  const bucket = JSON.parse(documents[0]);
  const principals = [bucket.Statement[0].Principal.AWS].flat().sort();
  assert.deepEqual(principals, picked.map((c) => c.principal).sort());
  assert.ok(!JSON.stringify(bucket).includes('*'), 'no wildcards');
  // The caller in the other account needs its own side too, and the result says so in words (the one in the
  // bucket's account needs nothing more).
  assert.equal(titles.length, 2, titles.join('\n'));
  assert.match(titles[1], /user\/neither · identity policy added beside its own/);
  const notes = await result.locator('.tighten-notes li').allInnerTexts();
  assert.equal(notes.length, 1, notes.join('\n'));
  assert.match(notes[0], /^Cross-account: the caller's account must allow it too · user\/neither → s3:GetObject on .*: a statement is added to arn:aws:iam::111111111111:user\/neither's identity policies\.$/);
  await audit(page, 'tighten result, resource side');
  await page.locator('#tighten-apply').click();
  await page.locator('#tighten-undo').waitFor();
  // Read the matrix after applying: every picked cell is allowed now.
  await page.waitForFunction((cells) => {
    const now = window.iamplay.readMatrix();
    return !now.stale && cells.every((p) => now.cells.some((c) => c.row === p.row && c.column === p.column && c.decision === 'Allow'));
  }, picked, { timeout: 30000 });
  const after = await page.evaluate(() => window.iamplay.readMatrix().cells);
  // Nothing else was opened (the bucket's old grant to resource-only is closed, as the result listed).
  const openedCells = after.filter((c) => c.decision === 'Allow' && before.find((b) => b.row === c.row && b.column === c.column)?.decision !== 'Allow');
  assert.deepEqual(openedCells.map((c) => c.principal).sort(), picked.map((c) => c.principal).sort());
  const bucketAfter = await page.evaluate((a) => window.iamplay.getPolicy(a), bucketAddress);
  assert.match(bucketAfter, /LeastPrivilege1/);
  // Opened in the editor: the new identity policy and the changed bucket policy have tabs.
  const tabs = await page.locator('.tab .tab-title').allInnerTexts();
  assert.ok(tabs.includes('LeastPrivilege'), tabs.join(', '));
  assert.equal(tabs.length >= 2, true, tabs.join(', '));
  await page.locator('#tighten-undo').click();
  await page.waitForFunction((cells) => {
    const now = window.iamplay.readMatrix();
    return !now.stale && cells.every((p) => now.cells.some((c) => c.row === p.row && c.column === p.column && c.decision === 'ImplicitDeny'));
  }, picked, { timeout: 30000 });
  assert.equal(await page.evaluate((a) => window.iamplay.getPolicy(a), bucketAddress), bucketBefore);
  assert.deepEqual((await page.evaluate(() => window.iamplay.listPolicies())).map((p) => p.address), policiesBefore);
  const restored = await page.evaluate(() => window.iamplay.readMatrix().cells);
  assert.deepEqual(restored.map((c) => c.decision), before.map((c) => c.decision));
  clean(opened);
  await opened.context.close();
});

test('tighten, resource side: a resource the scenario does not describe gets a new entry; undo removes it', async () => {
  const opened = await openPage(browser);
  const { page } = opened;
  await page.goto(server.url);
  await ready(page);
  await page.evaluate(() => window.iamplay.loadExample('lambda-orders-writer'));
  await page.waitForFunction(() => window.iamplay.readMatrix().cells.some((c) => c.principal.endsWith('user/marco')));
  await settled(page);
  const logs = (await page.evaluate(() => window.iamplay.readMatrix().cells))
    .find((c) => c.principal.endsWith('user/marco') && c.action === 'logs:PutLogEvents');
  assert.equal(logs.decision, 'ImplicitDeny');
  const resourcesBefore = (await page.evaluate(() => window.iamplay.listPolicies())).filter((p) => p.kind === 'resource');
  await page.locator('#tighten-start').click();
  await cellButton(page, logs).click();
  await page.getByRole('radio', { name: 'resource policies' }).check();
  await page.locator('#tighten-run').click();
  const result = page.locator('#tighten-result');
  await result.waitFor({ timeout: 30000 });
  assert.match((await result.locator('.tight-policy h4').allInnerTexts())[0], /log-stream.* · a new resource entry with this resource policy$/);
  assert.match((await result.locator('.tighten-notes li').allInnerTexts()).join('\n'), /^New resource entry: the scenario has no entry for /m);
  await page.locator('#tighten-apply').click();
  await page.waitForFunction((p) => window.iamplay.readMatrix().cells.some((c) => c.row === p.row && c.column === p.column && c.decision === 'Allow'), logs, { timeout: 30000 });
  const created = (await page.evaluate(() => window.iamplay.listPolicies())).filter((p) => p.kind === 'resource' && !resourcesBefore.some((b) => b.address === p.address));
  assert.equal(created.length, 1, JSON.stringify(created));
  assert.match(await page.evaluate((a) => window.iamplay.getPolicy(a), created[0].address), /user\/marco/);
  await page.locator('#tighten-undo').click();
  await page.waitForFunction((p) => window.iamplay.readMatrix().cells.some((c) => c.row === p.row && c.column === p.column && c.decision === 'ImplicitDeny'), logs, { timeout: 30000 });
  assert.deepEqual((await page.evaluate(() => window.iamplay.listPolicies())).filter((p) => p.kind === 'resource'), resourcesBefore);
  clean(opened);
  await opened.context.close();
});

for (const [width, height] of [[1280, 800], [390, 844]]) {
  for (const scheme of ['light', 'dark']) {
    test(`screenshot at ${width}x${height}, ${scheme}: tighten on the resource side`, async () => {
      const opened = await openPage(browser, { viewport: { width, height }, colorScheme: scheme });
      const { page } = opened;
      await page.goto(server.url);
      await ready(page);
      await tightenResourceSide(page);
      await page.locator('#tighten-side').scrollIntoViewIfNeeded();
      await screenshot(page, `tighten-side-picking-${scheme}-${width}`);
      await audit(page, `tighten side picker, ${width} ${scheme}`);
      await page.locator('#tighten-run').click();
      await page.locator('#tighten-result .tighten-notes').waitFor({ timeout: 30000 });
      await page.locator('#tighten-result').scrollIntoViewIfNeeded();
      await screenshot(page, `tighten-resource-${scheme}-${width}`);
      // The notes, at the end of the result (it scrolls inside on a wide screen).
      await page.locator('#tighten-result .tighten-notes').scrollIntoViewIfNeeded();
      await screenshot(page, `tighten-resource-notes-${scheme}-${width}`);
      await audit(page, `tighten resource result, ${width} ${scheme}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
      clean(opened);
      await opened.context.close();
    });
  }
}

for (const [width, height] of [[1280, 800], [390, 844]]) {
  for (const scheme of ['light', 'dark']) {
    test(`screenshots at ${width}x${height}, ${scheme}: baseline marks, fixes, tighten`, async () => {
      const opened = await openPage(browser, { viewport: { width, height }, colorScheme: scheme });
      const { page } = opened;
      await page.goto(server.url);
      await ready(page);
      await page.locator('#baseline-pin').click();
      const text = await page.evaluate((a) => window.iamplay.getPolicy(a), GROUP_POLICY);
      await page.evaluate(([a, t]) => window.iamplay.setPolicy(a, t.replace('"dynamodb:GetItem"]', '"dynamodb:GetItem", "dynamodb:PutItem"]')), [GROUP_POLICY, text]);
      await settled(page);
      await page.waitForFunction(() => Number(document.querySelector('#baseline-summary')?.dataset.changed) > 0);
      const maria = await cell(page, 'user/maria', 'dynamodb:GetItem');
      await cellButton(page, maria).click();
      await page.locator('#how-to-change-toggle').click();
      await page.locator('#fixes li.fix').first().waitFor({ timeout: 30000 });
      // The changed cell in view (the matrix scrolls sideways on a phone), then the bar above it.
      await page.locator('#matrix td.since-opened button').first().evaluate((b) => b.scrollIntoView({ block: 'center', inline: 'center' }));
      await page.locator('#baseline').scrollIntoViewIfNeeded();
      await screenshot(page, `change-matrix-${scheme}-${width}`);
      await page.locator('#how-to-change').scrollIntoViewIfNeeded();
      await screenshot(page, `change-fixes-${scheme}-${width}`);
      // Nothing spills sideways out of the page.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
      await page.locator('#tighten-start').click();
      await page.locator('.pick-row').first().click();
      await page.locator('#tighten-run').click();
      await page.locator('#tighten-result').waitFor({ timeout: 30000 });
      await page.locator('#tighten-result').scrollIntoViewIfNeeded();
      await screenshot(page, `change-tighten-${scheme}-${width}`);
      clean(opened);
      await opened.context.close();
    });
  }
}
