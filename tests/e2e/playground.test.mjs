// The playground end to end in Chromium: gallery expectations, live edits, markers and the stale matrix,
// share links, autosave, embed mode, screenshots. One browser; each test opens its own context (fresh
// localStorage) unless it checks persistence.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launchBrowser, openPage, screenshot, ready, settled, clean } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist('/play/'); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

test('every gallery example meets its expectations, in the requests and in the matrix', async () => {
  const opened = await openPage(browser);
  const { page } = opened;
  await page.goto(server.url);
  await ready(page);
  const ids = await page.evaluate(() => window.iamplay.examples());
  assert.ok(ids.length >= 14);
  let cellsChecked = 0;
  for (const id of ids) {
    assert.equal(await page.evaluate((i) => window.iamplay.loadExample(i), id), true);
    await settled(page);
    const scenario = JSON.parse(await page.evaluate(() => window.iamplay.exportScenario()));
    const requests = await page.evaluate(() => window.iamplay.readRequests());
    assert.equal(requests.length, scenario.requests.length, id);
    for (const r of requests) assert.ok(r.ok, `${id} request ${r.index} "${r.name}": got ${r.decision}, expected ${r.expect}`);
    const matrix = await page.evaluate(() => window.iamplay.readMatrix());
    assert.equal(matrix.stale, false, id);
    // A request without a role chain or session policy is exactly one cell of the matrix.
    scenario.requests.forEach((request, index) => {
      if (request.assume?.length || request.sessionPolicy || !request.expect) return;
      const cell = matrix.cells.find((c) => c.principal === request.principal && c.requests.includes(index));
      assert.ok(cell, `${id}: a cell for request ${index}`);
      assert.equal(cell.decision, request.expect, `${id}: cell for request ${index} (${request.name})`);
      cellsChecked += 1;
    });
    // The DOM shows the same number of cells, each with a word.
    const domCells = await page.locator('#matrix td button').count();
    assert.equal(domCells, matrix.cells.length, id);
  }
  assert.ok(cellsChecked > 40, `checked ${cellsChecked} cells`);
  await page.evaluate(() => window.iamplay.loadExample('cross-account-table'));
  await settled(page);
  await screenshot(page, 'gallery-cross-account-table');
  clean(opened);
  await opened.context.close();
});

test('typing in the editor flips a cell; clicking it explains and highlights the decisive statement', async () => {
  const opened = await openPage(browser);
  const { page } = opened;
  await page.goto(server.url);
  await ready(page, { monaco: true });
  const john = () => page.evaluate(() => window.iamplay.readMatrix().cells.find((c) => c.principal.endsWith('user/john') && c.action === 'dynamodb:Query'));
  assert.equal((await john()).decision, 'Allow');
  // A real edit through Monaco: double-click the word Allow and type Deny over it.
  await page.locator('#editor .view-lines span', { hasText: /^"Allow"$/ }).first().dblclick();
  await page.keyboard.type('Deny');
  await page.waitForFunction(() => window.iamplay.readMatrix().cells.some((c) => c.principal.endsWith('user/john') && c.decision === 'ExplicitDeny'), null, { timeout: 5000 });
  assert.equal((await john()).decision, 'ExplicitDeny');
  assert.match(await page.evaluate(() => window.iamplay.getPolicy('identity')), /"Effect": "Deny"/);
  // Undo brings the Allow back.
  await page.keyboard.press('Control+Z');
  await page.waitForFunction(() => window.iamplay.readMatrix().cells.some((c) => c.principal.endsWith('user/john') && c.action === 'dynamodb:Query' && c.decision === 'Allow'), null, { timeout: 5000 });

  const cell = page.locator('#matrix td button[data-decision="Allow"]').first();
  await cell.click();
  await page.locator('#explanation[data-decision="Allow"]').waitFor();
  assert.match(await page.locator('#explanation .decisive').innerText(), /ReadOrders/);
  await page.locator('#editor .iamplay-decisive').first().waitFor({ timeout: 5000 });
  await screenshot(page, 'explanation-light-1280');
  clean(opened);
  await opened.context.close();
});

test('broken JSON: a marker at the exact UTF-16 column, a problems entry, and a stale matrix', async () => {
  const opened = await openPage(browser);
  const { page } = opened;
  await page.goto(server.url);
  await ready(page, { monaco: true });
  const before = await page.evaluate(() => window.iamplay.readMatrix());
  const broken = '{\n  "Version": "2012-10-17",\n  "Statement": [{"Sid": "Ünïcødé🎉", "Effect": "Allow" "Action": "s3:*", "Resource": "*"}]\n}';
  await page.evaluate((t) => window.iamplay.setPolicy('identity', t), broken);
  await page.locator('#matrix-stale').waitFor({ timeout: 5000 });
  const matrix = await page.evaluate(() => window.iamplay.readMatrix());
  assert.equal(matrix.stale, true);
  assert.ok(matrix.errorCount >= 1);
  assert.equal(matrix.cells.length, before.cells.length, 'the last valid result stays on screen');
  assert.equal(await page.locator('#matrix').getAttribute('data-stale'), 'true');
  await page.locator('#problems li.problem').first().waitFor();
  const code = await page.locator('#problems li.problem').first().getAttribute('data-code');
  assert.match(code, /^E01/);
  // The marker sits on `"Action"`, line 3, at the UTF-16 column JS counts.
  const line = broken.split('\n')[2];
  const column = line.indexOf('"Action"') + 1;
  await page.waitForFunction(() => window.iamplay.markers('identity').length > 0, null, { timeout: 5000 });
  const markers = await page.evaluate(() => window.iamplay.markers('identity'));
  const json = markers.find((m) => m.owner === 'iamplay-json');
  assert.ok(json, JSON.stringify(markers));
  assert.equal(json.line, 3);
  assert.equal(json.column, column, `UTF-16 column (the line has ${Buffer.byteLength(line.slice(0, column - 1)) - (column - 1)} extra bytes)`);
  await screenshot(page, 'stale-light-1280');
  // Clicking the problem puts the cursor in the editor.
  await page.locator('#problems li.problem button').first().click();
  await page.waitForFunction(() => document.activeElement?.closest('.monaco-editor'));
  clean(opened);
  await opened.context.close();
});

test('share link round trip, copy link, and a link over unsaved work keeps it recoverable', async () => {
  const first = await openPage(browser);
  await first.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = first.page;
  await page.goto(server.url);
  await ready(page);
  await page.evaluate(() => window.iamplay.loadExample('cross-account-role'));
  await settled(page);
  await page.evaluate(() => window.iamplay.setPolicy('trust:role/ReportsReader', '{"Version": "2012-10-17", "Statement": [{"Sid": "ÉditedTrust", "Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sts:AssumeRole"}]}'));
  await settled(page);
  const url = await page.evaluate(() => window.iamplay.shareUrl());
  assert.match(url, /#s=1\./);
  assert.ok(url.startsWith(server.url));
  await page.locator('#copy-link').click();
  await page.locator('#copy-link', { hasText: 'copied' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), url);
  const workspace = await page.evaluate(() => window.iamplay.workspace());

  // A fresh browser profile opens the link: exactly the same scenario.
  const second = await openPage(browser);
  await second.page.goto(url);
  await ready(second.page);
  assert.deepEqual(await second.page.evaluate(() => window.iamplay.workspace()), workspace);
  assert.ok(!second.page.url().includes('#s='), 'the link is consumed so a reload shows the saved work');

  // The first profile has other saved work: opening a link parks it behind a restore banner.
  await page.evaluate(() => window.iamplay.loadExample('developer-group'));
  await settled(page);
  // Edited (no longer the pristine example), so replacing it must keep it.
  await page.evaluate(() => window.iamplay.setPolicy('identity', '{"Version": "2012-10-17", "Statement": []}'));
  await settled(page);
  const mine = await page.evaluate(() => window.iamplay.workspace());
  await page.goto(url);
  await ready(page);
  assert.deepEqual(await page.evaluate(() => window.iamplay.workspace()), workspace);
  await page.locator('#restore-previous').click();
  await page.waitForFunction((w) => JSON.stringify(window.iamplay.workspace()) === JSON.stringify(w), mine);

  // A damaged link says so and leaves the saved work alone.
  await page.goto(`${server.url}#s=1.AAAA-broken`);
  await ready(page);
  await page.locator('.banner.warning').waitFor();
  assert.deepEqual(await page.evaluate(() => window.iamplay.workspace()), mine);
  const future = url.replace('#s=1.', '#s=7.');
  await page.goto(future);
  await ready(page);
  assert.match(await page.locator('.banner.warning').innerText(), /newer/);
  clean(first);
  clean(second);
  await first.context.close();
  await second.context.close();
});

test('autosave: a reload restores the work, including broken JSON', async () => {
  const opened = await openPage(browser);
  const { page } = opened;
  await page.goto(server.url);
  await ready(page);
  const text = '{"Version": "2012-10-17", "Statement": [ {"Sid": "half typed"';
  await page.evaluate((t) => window.iamplay.setPolicy('identity', t), text);
  await settled(page);
  await page.reload();
  await ready(page);
  assert.equal(await page.evaluate(() => window.iamplay.getPolicy('identity')), text);
  assert.equal((await page.evaluate(() => window.iamplay.readMatrix())).errorCount > 0, true);
  clean(opened);
  await opened.context.close();
});

test('embed mode: compact chrome, read-only flag, open-in-playground link', async () => {
  const opened = await openPage(browser, { viewport: { width: 900, height: 560 } });
  const { page } = opened;
  await page.goto(server.url);
  await ready(page);
  await page.evaluate(() => window.iamplay.loadExample('public-read-bucket'));
  await settled(page);
  const embed = await page.evaluate(() => window.iamplay.embedUrl());
  assert.match(embed, /\?embed=1#s=/);
  await page.goto(embed.replace('?embed=1', '?embed=1&readonly=1'));
  await ready(page, { monaco: true });
  await page.locator('.app.embed').waitFor();
  assert.equal(await page.locator('.scenario-panel').count(), 0);
  assert.equal(await page.locator('.embed-header .chip', { hasText: 'read-only' }).count(), 1);
  const link = await page.locator('#open-in-playground').getAttribute('href');
  assert.match(link, /#s=1\./);
  assert.ok(!link.includes('embed'));
  await screenshot(page, 'embed');
  clean(opened);
  await opened.context.close();
});

test('scenario panel and requests editor: add, rename and delete entities; edit a request with its pickers', async () => {
  const opened = await openPage(browser);
  const { page } = opened;
  await page.goto(server.url);
  await ready(page, { monaco: true });
  const rows = () => page.evaluate(() => window.iamplay.readMatrix().rows.map((r) => r.key));
  // Add a user: a new row.
  await page.locator('.tree-section', { hasText: 'Users' }).getByRole('button', { name: 'Add to Users' }).click();
  await page.waitForFunction(() => window.iamplay.readMatrix().rows.some((r) => r.key.endsWith('user/new-user')));
  // Give it john's ARN: a duplicate is a scenario error, listed in the problems panel; a click on it opens
  // the entry in the scenario panel (the matrix stays, stale).
  const user = page.locator('.entity', { hasText: 'user/new-user' });
  await user.locator('summary').click();
  const duplicate = user.locator('input').first();
  await duplicate.fill('arn:aws:iam::123456789012:user/john');
  await duplicate.press('Enter');
  await page.locator('#problems li.problem[data-code="E0505"] button').click();
  await page.locator('.entity.revealed').first().waitFor();
  assert.equal((await page.evaluate(() => window.iamplay.readMatrix())).stale, true);
  // Rename it through its ARN field: the row follows.
  const arn = page.locator('.entity.revealed input').first();
  await arn.fill('arn:aws:iam::123456789012:user/carol');
  await arn.press('Enter');
  await page.waitForFunction(() => window.iamplay.readMatrix().rows.some((r) => r.key.endsWith('user/carol')));
  assert.ok(!(await rows()).some((k) => k.endsWith('user/new-user')));
  // Give her a policy: it opens in the editor as an identity policy of user/carol.
  const carol = page.locator('.entity', { hasText: 'user/carol' });
  await carol.getByRole('button', { name: '+ policy' }).click();
  await page.locator('.tab.active', { hasText: 'user/carol' }).waitFor();
  assert.match(await page.locator('.kind-hint').innerText(), /what can this identity do/);
  // Delete her: the row goes.
  await carol.getByRole('button', { name: 'Delete user' }).click();
  await page.waitForFunction(() => !window.iamplay.readMatrix().rows.some((r) => r.key.endsWith('user/carol')));

  // Requests: edit the first request's action through the form; its result follows.
  await page.locator('#tab-requests').click();
  const first = page.locator('#requests > li').first();
  await first.getByRole('button', { name: 'Edit' }).click();
  const action = first.locator('label', { hasText: 'Action' }).locator('input');
  assert.ok((await action.getAttribute('list')).startsWith('actions-'), 'the action field has a picker');
  const options = await page.locator(`datalist#${await action.getAttribute('list')} option`).count();
  assert.ok(options > 0);
  await action.fill('dynamodb:DeleteTable');
  await action.press('Enter');
  await page.waitForFunction(() => window.iamplay.readRequests()[0].decision === 'ImplicitDeny');
  assert.equal(await first.getAttribute('data-decision'), 'ImplicitDeny');
  await screenshot(page, 'requests-editor');
  clean(opened);
  await opened.context.close();
});

test('editor aids: lint markers with their own owner, the JSON schema per kind, catalog completion, shortcuts, theme', async () => {
  const opened = await openPage(browser);
  const { page } = opened;
  await page.goto(server.url);
  await ready(page, { monaco: true });
  // Lint findings: Action "*" on Resource "*" is flagged and marked under the lint owner.
  await page.evaluate(() => window.iamplay.loadExample('mistakes-star-star'));
  await settled(page);
  const problems = await page.evaluate(() => window.iamplay.problems());
  const starStar = problems.find((p) => p.code === 'L0101');
  assert.ok(starStar, JSON.stringify(problems.map((p) => p.code)));
  assert.equal(starStar.owner, 'iamplay-lint');
  const address = (await page.evaluate(() => window.iamplay.listPolicies())).find((p) => p.id === starStar.policy).address;
  // No errors, so the panel is closed: open it, then a click on the finding opens its policy.
  await page.locator('#problems > summary').click();
  await page.locator('#problems li.problem[data-code="L0101"] button').click();
  await page.waitForFunction((id) => document.querySelector('#editor').dataset.policy === String(id), starStar.policy);
  await page.waitForFunction((a) => window.iamplay.markers(a).some((m) => m.owner === 'iamplay-lint' && m.code === 'L0101'), address, { timeout: 10000 });

  // The schema of an identity policy forbids Principal: Monaco's JSON worker says so (owner `json`), and our
  // parser reports it too.
  await page.evaluate(() => window.iamplay.loadExample('developer-group'));
  await settled(page);
  await page.evaluate(() => window.iamplay.setPolicy('identity', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]}'));
  await page.waitForFunction(() => window.iamplay.markers('identity').some((m) => m.owner === 'json'), null, { timeout: 10000 });
  assert.ok((await page.evaluate(() => window.iamplay.problems())).some((p) => p.owner === 'iamplay-policy'));

  // Completion of action names from the catalog (fetched after first paint).
  await page.waitForFunction(() => window.iamplay.metrics().catalogMs > 0, null, { timeout: 15000 });
  await page.evaluate(() => window.iamplay.setPolicy('identity', '{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Effect": "Allow",\n    "Action": "s3:GetObjectTa'));
  await page.locator('#editor .view-lines', { hasText: 'GetObjectTa' }).waitFor();
  await page.locator('#editor .view-line', { hasText: 'GetObjectTa' }).click();
  await page.keyboard.press('End');
  await page.keyboard.press('Control+Space');
  await page.locator('.suggest-widget .monaco-list-row', { hasText: 's3:GetObjectTagging' }).first().waitFor({ timeout: 10000 });
  await screenshot(page, 'completion');
  await page.keyboard.press('Escape');

  // Shortcuts: F8 goes to the next problem, Ctrl+Enter to the matrix.
  await page.keyboard.press('F8');
  await page.waitForFunction(() => document.activeElement?.closest('.monaco-editor'));
  await page.keyboard.press('Control+Enter');
  await page.waitForFunction(() => document.activeElement?.closest('#matrix'));
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.column), '1');

  // Theme: system → light → dark, remembered.
  await page.locator('#theme-toggle').click();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
  await page.locator('#theme-toggle').click();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  await page.reload();
  await ready(page);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  clean(opened);
  await opened.context.close();
});

test('a policy opened from the scenario panel scrolls its tab into the strip\'s view, on a phone', async () => {
  const opened = await openPage(browser);
  const { page } = opened;
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(server.url);
  await page.waitForFunction(() => window.iamplay && document.querySelector('#matrix, #matrix-empty'), null, { timeout: 15000 });
  await page.evaluate(() => window.iamplay.loadExample('cross-account-role'));
  await page.waitForFunction(() => window.iamplay.workspace().example === 'cross-account-role' && window.iamplay.settled(), null, { timeout: 10000 });
  const last = await page.evaluate(() => window.iamplay.listPolicies().filter((p) => p.owner.endsWith('role/BillingAdmin') && p.kind !== 'trust').pop());
  assert.ok(last, 'BillingAdmin has a permissions policy');
  const role = page.locator('.scenario-panel details.entity', { hasText: 'role/BillingAdmin' });
  await role.locator('summary').click();
  const strip = page.locator('.tabs[role="tablist"]');
  await strip.evaluate((s) => { s.scrollLeft = 0; });
  await role.locator(`button.policy-open[data-policy="${last.id}"]`).click();
  const tab = page.locator(`.tab.active #policy-tab-${last.id}`);
  await tab.waitFor({ timeout: 5000 });
  const [tabBox, stripBox] = [await tab.boundingBox(), await strip.boundingBox()];
  assert.ok(await strip.evaluate((s) => s.scrollWidth > s.clientWidth), 'the strip overflows at 390 px');
  assert.ok(tabBox.x >= stripBox.x - 1 && tabBox.x + tabBox.width <= stripBox.x + stripBox.width + 1, JSON.stringify({ tabBox, stripBox }));
  for (const colorScheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme });
    await strip.scrollIntoViewIfNeeded();
    await screenshot(page, `tab-strip-scrolled-390-${colorScheme}`);
  }
  assert.deepEqual(opened.errors, []);
  await opened.context.close();
});

test('screenshots: light and dark at 1280×800 and 390×844', async () => {
  // One page: the color scheme and the viewport change in place (the theme follows the system by default).
  const opened = await openPage(browser);
  const { page } = opened;
  await page.goto(server.url);
  await ready(page, { monaco: true });
  await page.evaluate(() => window.iamplay.loadExample('cross-account-role'));
  await settled(page);
  await page.locator('#matrix td button[data-decision="Allow"]').first().click();
  await page.locator('#explanation .explain-head').waitFor();
  await page.locator('#open-gallery').click();
  await page.locator('#gallery').waitFor();
  await screenshot(page, 'gallery-dialog');
  await page.keyboard.press('Escape');
  for (const colorScheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme });
    for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
      await page.setViewportSize(viewport);
      await page.waitForTimeout(250);
      const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(dark === 'rgb(11, 14, 19)', colorScheme === 'dark', `${colorScheme} background ${dark}`);
      await screenshot(page, `main-${colorScheme}-${viewport.width}`);
    }
  }
  clean(opened);
  await opened.context.close();
});
