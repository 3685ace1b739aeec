// Hostile input and lost work (issue 7; docs/security.md), in Chromium against the built dist/:
//   - a scenario and a share link whose every string holds an HTML/script payload render as text: nothing runs
//     (no `window.__pwned`), the DOM gains no element or handler, no Content-Security-Policy violation;
//   - corrupt, truncated, future-version and oversized share links show a clear message and leave the saved
//     work untouched; a scenario over the entry or matrix-cell limit gets an error naming the limit;
//   - the last edit survives a reload mid-typing, a renderer crash and a page closed without unload; a failing
//     or corrupted storage write keeps the previous save and says so on the page.
// The harness turns console errors and CSP violation reports into test failures (`clean`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { serveDist, launchBrowser, openPage, screenshot, ready, settled, clean } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist('/'); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.close(); });

/** A CSP violation is a page error here (`openPage` records both). */
const NO_CSP_VIOLATION = 'no page errors and no CSP violation';

// ------------------------------------------------------------------------------------------- hostile strings

/** A payload that sets `window.__pwned` if it is ever parsed as HTML, a template, or followed as a link. */
const X = (tag) => `<img src=x onerror="window.__pwned='${tag}'"><script>window.__pwned='${tag}-script'</script>`
  + `"><svg onload="window.__pwned='${tag}-svg'"></svg>{{constructor.constructor('window.__pwned=1')()}}`;

/** A valid scenario with a payload in every string it carries: names, Sids, ARNs, tags, descriptions, policy
 *  ids and names, condition keys and values, request names, resources and context. */
function hostileScenario() {
  const A = '111122223333';
  const user = `arn:aws:iam::${A}:user/${X('user')}`;
  const group = `arn:aws:iam::${A}:group/${X('group')}`;
  const role = `arn:aws:iam::${A}:role/${X('role')}`;
  const bucket = `arn:aws:s3:::${X('bucket')}`;
  const policy = (sid) => ({
    Version: '2012-10-17',
    Id: X('policy-id'),
    Statement: [{
      Sid: sid, Effect: 'Allow', Action: ['s3:GetObject'],
      Resource: [`${bucket}/*`, `arn:aws:s3:::b/${X('resource')}`],
      Condition: { StringEquals: { [`aws:PrincipalTag/${X('tag-key')}`]: X('condition-value') } },
    }],
  });
  return {
    name: X('name'),
    description: `**${X('description')}** [click](javascript:window.__pwned='link') `
      + `[ok](https://example.invalid/"><img src=x onerror="window.__pwned='href'">) \`${X('code')}\``,
    accounts: { [A]: { name: X('account') } },
    groups: [{ arn: group, policies: [{ name: X('group-policy'), document: policy(X('group-sid')) }] }],
    users: [{
      arn: user, groups: [group], tags: { [X('tag-key')]: X('condition-value'), other: X('tag-value') },
      policies: [{ name: X('user-policy'), document: policy(X('user-sid')) }],
    }],
    roles: [{
      arn: role, tags: { team: X('role-tag') }, policies: [policy(X('role-sid'))],
      trustPolicy: { Version: '2012-10-17', Statement: [{ Sid: X('trust-sid'), Effect: 'Allow', Principal: { AWS: user }, Action: 'sts:AssumeRole' }] },
    }],
    resources: [{
      arn: bucket, account: A, tags: { [X('resource-tag')]: X('resource-tag-value') },
      policy: { Version: '2012-10-17', Statement: [{ Sid: X('bucket-sid'), Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: `${bucket}/*` }] },
    }],
    requests: [
      { name: X('request'), principal: user, action: 's3:GetObject', resource: `${bucket}/${X('key')}`, context: { [`aws:${X('context-key')}`]: X('context-value') } },
      { name: X('assume'), principal: user, assume: [role], action: 's3:GetObject', resource: `${bucket}/k` },
    ],
  };
}

/** Nothing ran, nothing was injected, and the payloads are on the page as text. */
async function assertInert(page, baselineScripts, { shown = [] } = {}) {
  const report = await page.evaluate(() => {
    const all = [...document.querySelectorAll('*')];
    const urls = all.flatMap((el) => ['href', 'src', 'action', 'formaction', 'xlink:href']
      .map((name) => el.getAttribute(name)).filter((u) => u !== null));
    return {
      pwned: window.__pwned ?? null,
      handlers: all.flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `<${el.localName} ${a.name}>`)),
      injected: [...document.querySelectorAll('img[src="x"], iframe, object, embed, frame, base, meta[http-equiv="refresh"], script:not([src]):not([type="module"])')]
        .map((el) => el.outerHTML.slice(0, 120)),
      scripts: [...document.scripts].map((s) => s.src || `inline:${s.textContent.length}`),
      scriptUrls: urls.filter((u) => /^\s*(javascript|data|vbscript):/i.test(u) && !u.startsWith('data:,')),
      text: `${document.body.innerText}\n${[...document.querySelectorAll('[title], [aria-label]')].map((el) => `${el.title} ${el.getAttribute('aria-label') ?? ''}`).join('\n')}`,
    };
  });
  assert.equal(report.pwned, null, 'a payload ran');
  assert.deepEqual(report.handlers, [], 'an inline event handler attribute reached the DOM');
  assert.deepEqual(report.injected, [], 'an injected element reached the DOM');
  assert.deepEqual(report.scriptUrls, [], 'a script URL reached the DOM');
  assert.deepEqual(report.scripts, baselineScripts, 'the page runs only its own scripts');
  for (const tag of shown) {
    assert.ok(report.text.includes(`onerror="window.__pwned='${tag}'"`), `the \`${tag}\` payload is shown as text`);
  }
  return report;
}

async function baseline(page) {
  return page.evaluate(() => [...document.scripts].map((s) => s.src || `inline:${s.textContent.length}`));
}

test('a scenario with an HTML/script payload in every string renders it as text, through import and a share link', async () => {
  const first = await openPage(browser);
  const { page } = first;
  await page.goto(server.url);
  await ready(page, { monaco: true });
  const scripts = await baseline(page);
  assert.equal(await page.evaluate((t) => window.iamplay.importScenario(t), JSON.stringify(hostileScenario())), true);
  await settled(page);
  const requests = await page.evaluate(() => window.iamplay.readRequests());
  assert.equal(requests.length, 2, 'the scenario loaded (no error hid the payloads)');
  await assertInert(page, scripts, { shown: ['name', 'user', 'request'] });

  // Every place the strings show: the explanation of each cell (Sids, ARNs), the problems, the share dialog.
  const cells = page.locator('#matrix td button');
  const count = await cells.count();
  assert.ok(count > 0);
  let explained = '';
  for (let i = 0; i < count; i += 1) {
    await cells.nth(i).click();
    await page.locator('#explanation').waitFor();
    explained += await page.locator('#explanation').innerText();
    await assertInert(page, scripts);
  }
  for (const tag of ['user-sid', 'group-sid', 'bucket', 'key']) {
    assert.ok(explained.includes(`onerror="window.__pwned='${tag}'"`), `the explanation shows the \`${tag}\` payload as text`);
  }
  await screenshot(page, 'hardening-hostile-scenario');

  // Hostile text in a broken policy reaches the problems panel and Monaco's markers through diagnostics.
  const policies = await page.evaluate(() => window.iamplay.listPolicies());
  const address = policies.find((p) => p.kind === 'identity').address;
  await page.evaluate(([a, t]) => window.iamplay.setPolicy(a, t), [address,
    JSON.stringify({ Version: '2012-10-17', Statement: [{ [X('unknown-key')]: 1, Effect: X('effect'), Action: `s3:${X('action')}`, Resource: '*' }] })]);
  await page.locator('#problems li.problem').first().waitFor({ timeout: 5000 });
  await page.locator('#problems li.problem button').first().click();
  await page.waitForTimeout(300);
  await assertInert(page, scripts, { shown: ['unknown-key'] });

  // The same world through a share link, in a fresh profile.
  await page.evaluate((t) => window.iamplay.importScenario(t), JSON.stringify(hostileScenario()));
  await settled(page);
  const url = await page.evaluate(() => window.iamplay.shareUrl());
  const second = await openPage(browser);
  await second.page.goto(url);
  await ready(second.page, { monaco: true });
  await settled(second.page);
  await assertInert(second.page, scripts, { shown: ['name', 'user', 'request'] });
  assert.deepEqual(await second.page.evaluate(() => window.iamplay.workspace()), await page.evaluate(() => window.iamplay.workspace()));
  clean(first, NO_CSP_VIOLATION);
  clean(second, NO_CSP_VIOLATION);
  await first.context.close();
  await second.context.close();
});

// ------------------------------------------------------------------------------------------- share links

/** A share link as the page writes it: `#s=<version>.<base64url(raw deflate(json))>`. */
function link(json, version = 1) {
  return `${server.url}#s=${version}.${zlib.deflateRawSync(Buffer.from(json)).toString('base64url')}`;
}

/** Every key the page keeps in localStorage. */
async function savedKeys(page) {
  return page.evaluate(() => Object.fromEntries(Object.keys(localStorage).filter((k) => k.startsWith('iamplay.v1.')).sort().map((k) => [k, localStorage.getItem(k)])));
}

test('a share link the page wrote decodes with plain raw deflate (the format the other tests build)', async () => {
  const opened = await openPage(browser);
  const { page } = opened;
  await page.goto(server.url);
  await ready(page);
  await page.evaluate(() => window.iamplay.loadExample('developer-group'));
  await settled(page);
  const url = await page.evaluate(() => window.iamplay.shareUrl());
  const [, version, data] = url.match(/#s=(\d+)\.([A-Za-z0-9_-]+)$/);
  assert.equal(version, '1');
  const decoded = JSON.parse(zlib.inflateRawSync(Buffer.from(data, 'base64url')).toString('utf8'));
  assert.deepEqual(decoded, await page.evaluate(() => window.iamplay.workspace()));
  clean(opened, NO_CSP_VIOLATION);
  await opened.context.close();
});

test('corrupt, truncated, future-version and oversized share links say so and leave the saved work untouched', async () => {
  const opened = await openPage(browser);
  const { page } = opened;
  await page.goto(server.url);
  await ready(page);
  await page.evaluate(() => window.iamplay.loadExample('developer-group'));
  await settled(page);
  await page.evaluate(() => window.iamplay.setPolicy('identity', '{"Version": "2012-10-17", "Statement": [{"Sid": "MySavedEdit", "Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}'));
  await settled(page);
  const mine = await page.evaluate(() => window.iamplay.workspace());
  const saved = await savedKeys(page);
  assert.ok(Object.keys(saved).length > 0, 'the work is saved');
  const good = await page.evaluate(() => window.iamplay.shareUrl());
  const payload = good.split('#s=1.')[1];

  const bomb = zlib.deflateRawSync(Buffer.alloc(16 * 1024 * 1024, ' ')).toString('base64url');
  const cases = [
    ['truncated', `${server.url}#s=1.${payload.slice(0, Math.floor(payload.length / 2))}`, /damaged|truncated/i],
    ['corrupt bytes', `${server.url}#s=1.${payload.slice(0, 10)}${'A'.repeat(40)}${payload.slice(50)}`, /damaged|truncated|no scenario/i],
    ['not base64url', `${server.url}#s=1.%%%***`, /damaged|base64/i],
    ['future version', `${server.url}#s=9.${payload}`, /newer/i],
    ['no version', `${server.url}#s=${payload}`, /not one iamplay wrote|version/i],
    ['JSON that is no workspace', link('{"users": "everyone", "requests": 7}'), /no scenario/i],
    ['not JSON', link('<html><script>window.__pwned=1</script></html>'), /no scenario/i],
    ['a 16 MB deflate bomb', `${server.url}#s=1.${bomb}`, /damaged|truncated|large/i],
  ];
  const scripts = await baseline(page);
  for (const [what, url, message] of cases) {
    await page.goto('about:blank');
    await page.goto(url);
    await ready(page);
    const banner = page.locator('.banner.warning');
    await banner.waitFor({ timeout: 5000 }).catch((error) => assert.fail(`${what}: no warning banner (${error.message})`));
    assert.match(await banner.innerText(), message, what);
    assert.deepEqual(await page.evaluate(() => window.iamplay.workspace()), mine, `${what}: the saved work is shown`);
    assert.deepEqual(await savedKeys(page), saved, `${what}: the saved work is untouched`);
    await assertInert(page, scripts);
  }
  await screenshot(page, 'hardening-bad-link');
  clean(opened, NO_CSP_VIOLATION);
  await opened.context.close();
});

test('a scenario over the hard limits gets an error naming the limit, and the page stays usable', async () => {
  const opened = await openPage(browser);
  const { page } = opened;
  await page.goto(server.url);
  await ready(page);
  // A policy of 40,000 values asked 2,000 times: about 8 × 10⁷ steps, over `max_work` (lists themselves have no
  // length limit: an account export has thousands of principals).
  const user = 'arn:aws:iam::111122223333:user/u';
  const heavy = {
    name: 'too much work',
    // The values are user names in a condition, so lint has nothing to say about each (as it would about 40,000
    // unknown actions).
    users: [{ arn: user, policies: [{ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*',
      Condition: { StringEquals: { 'aws:username': Array.from({ length: 40000 }, (_, i) => `user${i}`) } } } }] }],
    resources: [{ arn: 'arn:aws:s3:::b', account: '111122223333' }],
    requests: Array.from({ length: 2000 }, () => ({ principal: user, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' })),
  };
  assert.equal(await page.evaluate((t) => window.iamplay.importScenario(t), JSON.stringify(heavy)), true);
  await page.waitForFunction(() => window.iamplay.problems().some((p) => p.code === 'E0514'), null, { timeout: 15000 })
    .catch(async (error) => assert.fail(`${error.message}: ${JSON.stringify(await page.evaluate(() => window.iamplay.problems().slice(0, 3)))}`));
  const problem = (await page.evaluate(() => window.iamplay.problems())).find((p) => p.code === 'E0514');
  assert.match(problem.message, /max_work/);
  await page.locator('#problems li.problem[data-code="E0514"]').waitFor();

  // 400 users × 200 distinct requests is 80,000 cells, over `max_cells`: the rows that fit, and the error.
  const wide = {
    users: Array.from({ length: 400 }, (_, i) => ({ arn: `arn:aws:iam::111122223333:user/u${i}` })),
    resources: [{ arn: 'arn:aws:s3:::b', account: '111122223333' }],
    requests: Array.from({ length: 200 }, (_, i) => ({ principal: 'arn:aws:iam::111122223333:user/u0', action: 's3:GetObject', resource: `arn:aws:s3:::b/k${i}` })),
  };
  assert.equal(await page.evaluate((t) => window.iamplay.importScenario(t), JSON.stringify(wide)), true);
  await page.waitForFunction(() => window.iamplay.problems().some((p) => p.code === 'E0601'), null, { timeout: 30000 });
  assert.match((await page.evaluate(() => window.iamplay.problems())).find((p) => p.code === 'E0601').message, /max_cells/);
  const matrix = await page.evaluate(() => window.iamplay.readMatrix());
  assert.ok(matrix.cells.length <= 50000 && matrix.cells.length > 0, `${matrix.cells.length} cells`);
  // Still responsive: loading an example replaces it at once.
  await page.evaluate(() => window.iamplay.loadExample('developer-group'));
  await settled(page);
  assert.equal((await page.evaluate(() => window.iamplay.readMatrix())).stale, false);
  clean(opened, NO_CSP_VIOLATION);
  await opened.context.close();
});

// ------------------------------------------------------------------------------------------- never lose work

/** Focuses the editor, puts the cursor at the end of the shown policy and types `text` (real keystrokes). */
async function typeAtEnd(page, text) {
  await page.locator('#editor .monaco-editor .view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

test('the last edit survives a reload mid-typing', async () => {
  const opened = await openPage(browser);
  const { page } = opened;
  await page.goto(server.url);
  await ready(page, { monaco: true });
  await typeAtEnd(page, ' mid-typing-1');
  // No wait for the analysis or a debounce: reload right after the last keystroke.
  await page.reload();
  await ready(page, { monaco: true });
  assert.match(await page.evaluate(() => window.iamplay.getPolicy('identity')), / mid-typing-1$/);
  clean(opened, NO_CSP_VIOLATION);
  await opened.context.close();
});

test('the last edit survives a renderer crash and a page closed without unload', async () => {
  const opened = await openPage(browser);
  let page = opened.page;
  await page.goto(server.url);
  await ready(page, { monaco: true });
  await typeAtEnd(page, ' before-crash');
  const cdp = await opened.context.newCDPSession(page);
  const crashed = page.waitForEvent('crash');
  cdp.send('Page.crash').catch(() => {});
  await crashed;

  page = await opened.context.newPage();
  await page.goto(server.url);
  await ready(page, { monaco: true });
  assert.match(await page.evaluate(() => window.iamplay.getPolicy('identity')), / before-crash$/);

  await typeAtEnd(page, ' before-close');
  await page.close({ runBeforeUnload: false });
  page = await opened.context.newPage();
  await page.goto(server.url);
  await ready(page, { monaco: true });
  assert.match(await page.evaluate(() => window.iamplay.getPolicy('identity')), / before-crash before-close$/);
  assert.deepEqual(opened.errors, [], NO_CSP_VIOLATION);
  await opened.context.close();
});

/** Makes localStorage fail for the page's save slots and/or pointer, the way a full or broken store does. */
async function breakStorage(page, mode) {
  await page.evaluate((m) => {
    const original = Storage.prototype.setItem;
    window.__restoreStorage = () => { Storage.prototype.setItem = original; };
    Storage.prototype.setItem = function setItem(key, value) {
      const slot = key.startsWith('iamplay.v1.slot.');
      const pointer = key === 'iamplay.v1.current';
      if (m === 'quota' && slot) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      if (m === 'pointer' && pointer) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      // A write that silently keeps only half of the value (a broken store or a torn write).
      if (m === 'torn' && slot) return original.call(this, key, value.slice(0, Math.floor(value.length / 2)));
      return original.call(this, key, value);
    };
  }, mode);
}

test('a failing or torn storage write keeps the previous save, and the page says so', async () => {
  for (const [mode, message] of [['quota', /full/i], ['pointer', /full/i], ['torn', /read back/i]]) {
    const opened = await openPage(browser);
    const { page } = opened;
    await page.goto(server.url);
    await ready(page, { monaco: true });
    await typeAtEnd(page, ' saved-edit');
    await settled(page);
    const previous = await page.evaluate(() => window.iamplay.getPolicy('identity'));
    assert.match(previous, / saved-edit$/);

    await breakStorage(page, mode);
    await typeAtEnd(page, ' unsaved-edit');
    const banner = page.locator('.banner.error');
    await banner.waitFor({ timeout: 5000 });
    assert.match(await banner.innerText(), message, mode);
    // The edit stays in the page: nothing is lost while the page is open.
    assert.match(await page.evaluate(() => window.iamplay.getPolicy('identity')), / unsaved-edit$/);
    if (mode === 'quota') await screenshot(page, 'hardening-save-failed');

    // Storage works again: the next edit saves and the banner goes.
    await page.evaluate(() => window.__restoreStorage());
    await typeAtEnd(page, ' recovered');
    await banner.waitFor({ state: 'detached', timeout: 5000 });
    await page.reload();
    await ready(page, { monaco: true });
    assert.match(await page.evaluate(() => window.iamplay.getPolicy('identity')), / unsaved-edit recovered$/, mode);

    // A failure and then a crash: the previous save is what comes back, whole.
    const before = await page.evaluate(() => window.iamplay.getPolicy('identity'));
    await breakStorage(page, mode);
    await typeAtEnd(page, ' lost-with-the-crash');
    await banner.waitFor({ timeout: 5000 });
    await page.reload();
    await ready(page, { monaco: true });
    assert.equal(await page.evaluate(() => window.iamplay.getPolicy('identity')), before, `${mode}: the previous save, whole`);
    clean(opened, NO_CSP_VIOLATION);
    await opened.context.close();
  }
});

// ------------------------------------------------------------------------------------------- the policy itself

test('the Content-Security-Policy allows no inline or remote script, and docs/security.md shows the one index.html has', async () => {
  const fs = await import('node:fs');
  const path = await import('node:path');
  const root = path.resolve(import.meta.dirname, '..', '..');
  const policyOf = (html) => html.match(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i)?.[1];
  const directives = (policy) => Object.fromEntries(policy.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...sources]) => [name, sources]));
  const source = policyOf(fs.readFileSync(path.join(root, 'index.html'), 'utf8'));
  assert.ok(source, 'index.html has a CSP <meta>');
  const documented = fs.readFileSync(path.join(root, 'docs', 'security.md'), 'utf8').match(/```text\n([\s\S]*?)\n```/)[1].replace(/\s+/g, ' ');
  assert.deepEqual(directives(documented), directives(source), 'docs/security.md shows the policy of index.html');

  const opened = await openPage(browser);
  const { page } = opened;
  const response = await page.goto(server.url);
  const built = directives(policyOf(await response.text()));
  const script = built['script-src'];
  assert.deepEqual(script.filter((s) => !s.startsWith("'sha256-")), ["'self'", "'wasm-unsafe-eval'"]);
  assert.ok(script.some((s) => s.startsWith("'sha256-")), 'the build pinned the loader');
  for (const [name, sources] of Object.entries(built)) {
    assert.ok(!sources.some((s) => /^(https?:|\*|ws:|wss:)/.test(s) || s.includes('.')), `${name} names a remote origin`);
    if (name !== 'style-src') assert.ok(!sources.includes("'unsafe-inline'"), `${name} allows inline`);
  }
  // And it is enforced: an inline script added now does not run, and the page reports it.
  await ready(page);
  await page.evaluate(() => { const s = document.createElement('script'); s.textContent = 'window.__pwned = "inline"'; document.body.append(s); });
  await page.waitForFunction(() => true);
  assert.equal(await page.evaluate(() => window.__pwned ?? null), null);
  await page.waitForTimeout(100);
  assert.ok(opened.errors.some((e) => e.startsWith('csp: script-src')), `the violation is reported: ${opened.errors}`);
  await opened.context.close();
});
