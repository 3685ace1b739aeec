// suggestFixes, diffScenarios and tightestPolicy through the node package (target/npm/iamplay-node, `make npm`):
// every fix's patch, applied here with a small RFC 6902 implementation independent of the engine, flips its
// request; diffing a scenario with itself finds nothing and with a patched copy finds the fix's flips; the
// tightest policy's patch allows the wanted requests. Bad input fails with the documented shapes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const NODE_PACKAGE = path.join(ROOT, 'target', 'npm', 'iamplay-node');
if (!fs.existsSync(path.join(NODE_PACKAGE, 'package.json'))) {
  throw new Error(`${NODE_PACKAGE} is missing: run \`make npm\``);
}
const iamplay = createRequire(import.meta.url)(NODE_PACKAGE);
const readExample = (file) => fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8');

/** RFC 6902 add / remove / replace on a JSON value (a copy is returned). */
function applyPatch(document, patch) {
  const copy = structuredClone(document);
  for (const { op, path: pointer, value } of patch) {
    const tokens = pointer.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = tokens.pop();
    const parent = tokens.reduce((node, token) => node[Array.isArray(node) ? Number(token) : token], copy);
    if (Array.isArray(parent)) {
      const at = last === '-' ? parent.length : Number(last);
      if (op === 'add') parent.splice(at, 0, value);
      else if (op === 'remove') parent.splice(at, 1);
      else parent[at] = value;
    } else if (op === 'remove') delete parent[last];
    else parent[last] = value;
  }
  return copy;
}

test('every fix of a gallery example flips its request, and diff finds exactly its flips', () => {
  for (const file of ['cross-account-role.json', 'explicit-deny-wins.json', 'scp-deny-region.json']) {
    const text = readExample(file);
    const scenario = JSON.parse(text);
    let fixed = 0;
    for (let index = 0; index < scenario.requests.length; index++) {
      const answer = iamplay.suggestFixes(text, index);
      assert.equal(answer.type, 'success', `${file} ${index}`);
      if (answer.fixes.length > 0) fixed++;
      for (const fix of answer.fixes) {
        const patched = applyPatch(scenario, fix.patch);
        const explained = iamplay.explain(patched, index);
        assert.equal(explained.type, 'success', fix.summary);
        const allowed = explained.result.decision === 'Allow';
        assert.equal(allowed, answer.goal === 'allow', `${file} ${index}: ${fix.summary}`);
        const change = iamplay.diffScenarios(text, patched);
        assert.equal(change.type, 'success');
        const key = (cell) => JSON.stringify([cell.principal, cell.assume ?? [], cell.action, cell.resource, cell.context ?? {}]);
        const changed = [...change.opened, ...change.closed, ...change.changed]
          .map(key).filter((k) => k !== key(answer.target)).sort();
        assert.deepEqual(changed, fix.flips.map(key).sort(), `${file} ${index}: ${fix.summary}`);
      }
    }
    assert.ok(fixed >= 2, `${file}: fixes for ${fixed} requests`);
  }
});

test('diffScenarios: nothing changes against itself; opened cells go from a deny to Allow', () => {
  const text = readExample('developer-group.json');
  const same = iamplay.diffScenarios(text, text);
  assert.equal(same.type, 'success');
  assert.deepEqual([same.opened.length, same.closed.length, same.changed.length], [0, 0, 0]);
  const scenario = JSON.parse(text);
  const wide = structuredClone(scenario);
  wide.users[0].policies = [{ name: 'All', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }];
  const change = iamplay.diffScenarios(scenario, wide);
  assert.equal(change.type, 'success');
  assert.ok(change.opened.length > 0);
  for (const cell of change.opened) {
    assert.equal(cell.after, 'Allow');
    // A who-can answer allowed under conditions before and always after opened too.
    assert.ok(cell.before !== 'Allow' || cell.beforeConditional, JSON.stringify(cell));
    assert.ok(cell.source === 'cell' || cell.source === 'who-can');
  }
  // who-can over the bucket: an account no matrix row names, opened by the bucket policy.
  const site = JSON.parse(readExample('public-read-bucket.json'));
  const shared = structuredClone(site);
  shared.resources[0].policy.Statement.push({ Effect: 'Allow', Principal: { AWS: '333333333333' },
    Action: 's3:PutObject', Resource: 'arn:aws:s3:::example-public-site/*' });
  const widened = iamplay.diffScenarios(site, shared);
  assert.equal(widened.type, 'success');
  assert.ok(widened.opened.some((cell) => cell.source === 'who-can' && cell.principal === 'arn:aws:iam::333333333333:root'
    && cell.action === 's3:PutObject'), JSON.stringify(widened.opened));
  assert.ok(widened.whoCanAsked > 0);
  assert.equal(widened.whoCanSkipped, 0);
  const bad = iamplay.diffScenarios('{', text);
  assert.equal(bad.type, 'failure');
  assert.equal(bad.errors[0].code, 'E0104');
});

test('tightestPolicy allows every wanted request and returns a patch', () => {
  const text = readExample('developer-group.json');
  const scenario = JSON.parse(text);
  const wanted = scenario.requests.map((r, i) => (r.expect === 'Allow' ? i : -1)).filter((i) => i >= 0);
  const answer = iamplay.tightestPolicy(text, wanted, []);
  assert.equal(answer.type, 'success');
  assert.ok(answer.policies.length > 0);
  const patched = applyPatch(scenario, answer.patch);
  for (const index of wanted) {
    const explained = iamplay.explain(patched, index);
    assert.equal(explained.result.decision === 'Allow', !answer.unsatisfied.includes(index));
  }
  assert.equal(answer.verified, answer.unsatisfied.length === 0 && answer.stillAllowed.length === 0 && answer.openedOutside.length === 0);
  assert.equal(answer.side, 'identity');
  assert.deepEqual(answer.resourcePolicies, []);
  const bad = iamplay.tightestPolicy(text, [99]);
  assert.equal(bad.type, 'failure');
  assert.equal(bad.errors[0].code, 'E0903');
  const fraction = iamplay.suggestFixes(text, 0.5);
  assert.equal(fraction.type, 'failure');
  assert.equal(fraction.errors[0].code, 'E0803');
});

test('tightestPolicy on the resource side: one bucket policy, the identity side added across accounts', () => {
  const text = readExample('cross-account-table.json');
  const scenario = JSON.parse(text);
  // Two callers in account 111111111111 reading the bucket of 222222222222: cross-account.
  const wanted = [6, 7];
  const answer = iamplay.tightestPolicy(text, wanted, [], { side: 'resource' });
  assert.equal(answer.type, 'success');
  assert.equal(answer.side, 'resource');
  assert.equal(answer.resourcePolicies.length, 1);
  const [policy] = answer.resourcePolicies;
  assert.equal(policy.resource, 'arn:aws:s3:::example-shared-data');
  assert.equal(policy.created, false);
  assert.ok(answer.notes.some((note) => note.code === 'W0905'), JSON.stringify(answer.notes));
  assert.ok(answer.policies.every((identity) => identity.replaces === false));
  const patched = applyPatch(scenario, answer.patch);
  for (const index of wanted) {
    const explained = iamplay.explain(patched, index);
    assert.equal(explained.result.decision === 'Allow', !answer.unsatisfied.includes(index));
  }
  assert.equal(answer.verified, answer.unsatisfied.length === 0 && answer.openedOutside.length === 0);
  const bad = iamplay.tightestPolicy(text, wanted, [], { side: 'both' });
  assert.equal(bad.type, 'failure');
  assert.equal(bad.errors[0].code, 'E0804');
});
