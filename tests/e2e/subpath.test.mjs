// The static site from a sub-path (/tools/iamplay/, as on a docs site): the main flow works there (load an
// example from the gallery, the matrix, a share link, embed mode), every request stays under the sub-path and
// succeeds, and every "open in playground" link of the docs, moved onto this server, opens what it promises.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serveDist, launchBrowser, openPage, ready, settled } from './harness.mjs';
import { PLAYGROUND_BASE, ROOT, playgroundLinks } from '../docs/markdown.mjs';
import { decodeScenarioParam } from '../docs/playground-links.mjs';

const PREFIX = '/tools/iamplay/';
let server, browser;
before(async () => { server = await serveDist(PREFIX); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

/** A page that also records every request outside the sub-path and every failed response. */
async function open(options) {
  const opened = await openPage(browser, options);
  opened.misplaced = [];
  opened.page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.protocol === 'http:' && !url.pathname.startsWith(PREFIX)) opened.misplaced.push(r.url());
  });
  opened.page.on('response', (r) => { if (r.status() >= 400) opened.misplaced.push(`${r.status()} ${r.url()}`); });
  return opened;
}

async function finish(opened) {
  assert.deepEqual(opened.errors, [], 'no page errors');
  assert.deepEqual(opened.outside, [], 'no request leaves 127.0.0.1');
  assert.deepEqual(opened.misplaced, [], `every request stays under ${PREFIX} and succeeds`);
  await opened.context.close();
}

/** Every request of the loaded scenario meets its `expect`; returns the requests. */
async function expectationsHold(page, label) {
  const requests = await page.evaluate(() => window.iamplay.readRequests());
  assert.ok(requests.length > 0, `${label}: requests`);
  for (const r of requests) assert.ok(r.ok, `${label}: request ${r.index} "${r.name}" got ${r.decision}, expected ${r.expect}`);
  return requests;
}

test(`main flow under ${PREFIX}: gallery, matrix, share link, embed`, async () => {
  const opened = await open();
  const { page } = opened;
  await page.goto(server.url);
  await ready(page);
  await page.locator('#editor .monaco-editor .view-lines').waitFor({ timeout: 15000 });

  // Load an example the way a reader does: through the gallery.
  await page.locator('#open-gallery').click();
  await page.locator('#gallery [data-example="cross-account-table"]').click();
  await settled(page);
  assert.equal((await page.evaluate(() => window.iamplay.workspace())).example, 'cross-account-table');
  await expectationsHold(page, 'cross-account-table');

  // The matrix: the lesson's cells, in the data and on screen.
  const matrix = await page.evaluate(() => window.iamplay.readMatrix());
  assert.equal(matrix.stale, false);
  const cell = (user) => matrix.cells.find((c) => c.principal === user && c.action === 's3:GetObject');
  assert.equal(cell('arn:aws:iam::222222222222:user/identity-only').decision, 'Allow');
  assert.equal(cell('arn:aws:iam::222222222222:user/identity-only').sameAccount, true);
  assert.equal(cell('arn:aws:iam::111111111111:user/identity-only').decision, 'ImplicitDeny');
  assert.equal(cell('arn:aws:iam::111111111111:user/identity-only').whatIf, 'Allow');
  assert.equal(cell('arn:aws:iam::111111111111:user/both-sides').decision, 'Allow');
  assert.equal(await page.locator('#matrix td button').count(), matrix.cells.length);
  assert.ok(await page.locator('#matrix td button[data-decision="ImplicitDeny"]').count() > 0);

  // A share link points at the sub-path and restores the scenario in a fresh browser profile.
  const shared = await page.evaluate(() => window.iamplay.shareUrl());
  assert.ok(shared.startsWith(`${server.url}#s=`), shared);
  const workspace = await page.evaluate(() => window.iamplay.workspace());
  const second = await open();
  await second.page.goto(shared);
  await ready(second.page);
  await settled(second.page);
  assert.deepEqual(await second.page.evaluate(() => window.iamplay.workspace()), workspace);
  await expectationsHold(second.page, 'share link');
  await finish(second);

  // Embed mode from the sub-path, read-only, with an "Open in playground" link back to the full page.
  const embed = await page.evaluate(() => window.iamplay.embedUrl());
  assert.ok(embed.startsWith(`${server.url}?embed=1#s=`), embed);
  const framed = await open({ viewport: { width: 600, height: 560 } });
  await framed.page.goto(embed.replace('?embed=1', '?embed=1&readonly=1'));
  await ready(framed.page);
  await framed.page.locator('.app.embed').waitFor();
  const back = await framed.page.locator('#open-in-playground').getAttribute('href');
  assert.ok(back.startsWith(`${server.url}#s=`), back);
  assert.ok(await framed.page.locator('#matrix td button').count() > 0);
  await finish(framed);
  await finish(opened);
});

test('the docs site pattern: the playground in an iframe of another page', async () => {
  const opened = await open({ viewport: { width: 900, height: 700 } });
  const { page } = opened;
  // A docs page embedding the playground as docs/embedding.md shows (the page itself is about:blank).
  await page.setContent(`<h1>Docs</h1><iframe id="play" src="${server.url}?embed=1&readonly=1#example=explicit-deny-wins" width="100%" height="560"></iframe>`);
  const frame = page.frameLocator('#play');
  await frame.locator('.app.embed #matrix td button').first().waitFor({ timeout: 15000 });
  const handle = await page.locator('#play').elementHandle();
  const inner = await handle.contentFrame();
  await inner.waitForFunction(() => window.iamplay && window.iamplay.settled());
  const ws = await inner.evaluate(() => window.iamplay.workspace());
  assert.equal(ws.example, 'explicit-deny-wins');
  await expectationsHold(inner, 'iframe');
  await finish(opened);
});

test('every "open in playground" link of the docs opens its example or scenario under the sub-path', async () => {
  const links = playgroundLinks();
  assert.ok(links.length >= 15, `found ${links.length} links`);
  const opened = await open();
  const { page } = opened;
  for (const { file, line, url } of links) {
    const where = `${file}:${line}`;
    const moved = url.replace(PLAYGROUND_BASE, server.url);
    await page.goto('about:blank');
    await page.goto(moved);
    await ready(page);
    await settled(page);
    const ws = await page.evaluate(() => window.iamplay.workspace());
    const params = new Map([...new URLSearchParams(new URL(url).search), ...new URLSearchParams(new URL(url).hash.slice(1))]);
    if (params.has('lesson')) {
      // A lesson link starts that lesson (its scenario is fetched from under the sub-path too).
      const id = params.get('lesson');
      await page.waitForFunction((i) => window.iamplay.lessons().some((l) => l.id === i && l.active), id, { timeout: 15000 });
      await settled(page);
    } else if (params.has('example')) {
      assert.equal(ws.example, params.get('example'), where);
    } else {
      const scenario = JSON.parse(decodeScenarioParam(url).text);
      assert.equal(ws.name, scenario.name, where);
      assert.equal((await page.evaluate(() => window.iamplay.readRequests())).length, scenario.requests.length, where);
    }
    await expectationsHold(page, where);
    if (params.has('embed')) await page.locator('.app.embed').waitFor();
  }
  await finish(opened);
});

test('dist/ carries the licenses, and they are served under the sub-path', async () => {
  for (const f of ['LICENSE', 'THIRD_PARTY_NOTICES.md']) {
    const res = await fetch(`${server.url}${f}`);
    assert.equal(res.status, 200, f);
    assert.equal(await res.text(), fs.readFileSync(path.join(ROOT, f), 'utf8'), f);
  }
});
