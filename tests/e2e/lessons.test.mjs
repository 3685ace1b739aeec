// Guided lessons in the playground: a `#lesson=ID` link starts a lesson, reading steps move on with "Next step",
// a wrong try shows a hint, the reader's own edit passes a check (and a widening one does not), "Show me" applies
// the model edit, progress survives a reload, the keyboard alone walks a lesson, and embeds show it too.
// Screenshots at 1280×800 and 390×844, light and dark.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launchBrowser, openPage, screenshot, clean } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist('/'); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

const lesson = (page, id) => page.evaluate((i) => window.iamplay.lessons().find((l) => l.id === i), id);

async function start(page, id, query = '') {
  await page.goto(`${server.url}${query}#lesson=${id}`);
  await page.waitForFunction((i) => window.iamplay?.lessons().some((l) => l.id === i && l.active), id, { timeout: 15000 });
  await page.locator(`.course.running[data-lesson="${id}"]`).waitFor();
}

test('a lesson link starts the lesson; hints after a wrong try; own edits and "Show me" pass the checks; progress is kept', async () => {
  const opened = await openPage(browser);
  const { page } = opened;
  await start(page, 'identity-policies');
  assert.ok((await page.evaluate(() => window.iamplay.lessons())).length >= 10, 'the course has ten lessons or more');
  let state = await lesson(page, 'identity-policies');
  assert.deepEqual(state.steps.map((s) => [s.done, s.current]), [[false, true], [false, false], [false, false]]);

  // Step 1 is a reading step.
  await page.locator('#lesson-next').click();
  await page.waitForFunction(() => window.iamplay.lessons()[0].steps[1].current);
  // A wrong try: nothing changed yet, so the check fails and the first hint appears.
  assert.equal(await page.locator('.lesson-hints li').count(), 0);
  await page.locator('#lesson-check').click();
  await page.locator('.lesson-hints li').first().waitFor();
  assert.match(await page.locator('.lesson-status.failed').innerText(), /ImplicitDeny \(wanted Allow\)/);

  // A widening answer (s3-style wildcard on every table) does not pass "without widening anything else".
  const group = await page.evaluate(() => window.iamplay.listPolicies().find((p) => p.owner.includes('Developers')).address);
  const original = await page.evaluate((a) => window.iamplay.getPolicy(a), group);
  await page.evaluate(([a, t]) => window.iamplay.setPolicy(a, t), [group, original.replace('"dynamodb:GetItem"', '"dynamodb:GetItem", "dynamodb:PutItem"').replace(/"arn:aws:dynamodb:us-east-1:123456789012:table\/Orders"/, '"*"')]);
  await page.locator('#lesson-check').click();
  await page.locator('.lesson-status.failed li.bad', { hasText: 'also allowed now' }).first().waitFor({ timeout: 5000 });
  state = await lesson(page, 'identity-policies');
  assert.equal(state.steps[1].done, false);

  // The reader's own, exact answer passes: the step is marked done without pressing anything.
  await page.evaluate(([a, t]) => window.iamplay.setPolicy(a, t), [group, original.replace('"dynamodb:GetItem"', '"dynamodb:GetItem", "dynamodb:PutItem"')]);
  await page.waitForFunction(() => window.iamplay.lessons()[0].steps[1].done, null, { timeout: 5000 });
  await page.locator('.lesson-status.passed').waitFor();
  await screenshot(page, 'lesson-step-done-1280-light');
  await page.locator('#lesson-next').click();

  // "Show me" applies the model edit of step 3 (maria joins the group) and the check passes.
  await page.locator('#lesson-show-me').click();
  await page.waitForFunction(() => window.iamplay.lessons()[0].steps[2].done, null, { timeout: 5000 });
  const maria = await page.evaluate(() => window.iamplay.readRequests().find((r) => r.name.startsWith('maria')));
  assert.equal(maria.decision, 'Allow');
  await page.locator('.lesson-status.passed', { hasText: 'Lesson complete' }).waitFor();

  // Progress is kept locally: after a reload the course list shows the lesson's steps as done.
  await page.goto(server.url);
  await page.waitForFunction(() => window.iamplay?.lessons);
  state = await lesson(page, 'identity-policies');
  assert.deepEqual(state.savedDone, [0, 1, 2]);
  await page.locator('#course-toggle').click();
  await page.locator('.course-start[data-lesson="identity-policies"] .done-chip').waitFor();
  clean(opened);
  await opened.context.close();
});

test('keyboard only: Tab to the steps, arrows between them, Enter on "Show me", Escape leaves the lesson', async () => {
  const opened = await openPage(browser);
  const { page } = opened;
  await start(page, 'same-vs-cross-account');
  await page.locator('#lesson-step-0').focus();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'lesson-step-0');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.activeElement?.id === 'lesson-step-1');
  assert.ok((await lesson(page, 'same-vs-cross-account')).steps[1].current);
  // Focus is visible on the step button.
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none');
  // Tab forward to "Show me" and press Enter.
  for (let i = 0; i < 10 && (await page.evaluate(() => document.activeElement?.id)) !== 'lesson-show-me'; i++) {
    await page.keyboard.press('Tab');
  }
  assert.equal(await page.evaluate(() => document.activeElement.id), 'lesson-show-me');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.iamplay.lessons().find((l) => l.active).steps[1].done, null, { timeout: 5000 });
  await page.locator('#lesson-next').focus();
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !window.iamplay.lessons().some((l) => l.active));
  clean(opened);
  await opened.context.close();
});

test('an embedded lesson (?embed=1#lesson=ID) shows its steps beside the matrix', async () => {
  const opened = await openPage(browser, { viewport: { width: 390, height: 844 } });
  const { page } = opened;
  await start(page, 'roles-and-trust', '?embed=1');
  await page.locator('.app.embed .course.running').waitFor();
  await screenshot(page, 'lesson-embed-390-light');
  clean(opened);
  await opened.context.close();
});

for (const [width, height] of [[1280, 800], [390, 844]]) {
  for (const colorScheme of ['light', 'dark']) {
    test(`lesson screenshots ${width}x${height} ${colorScheme}`, async () => {
      const opened = await openPage(browser, { viewport: { width, height }, colorScheme });
      const { page } = opened;
      await start(page, 'implicit-vs-explicit-deny');
      await page.locator('#lesson-next').click();
      await page.locator('#lesson-check').click();
      await page.locator('.lesson-hints li').first().waitFor();
      await screenshot(page, `lesson-${width}-${colorScheme}`);
      clean(opened);
      await opened.context.close();
    });
  }
}
