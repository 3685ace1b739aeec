// The account-scale questions and the prepared API through the node package (target/npm/iamplay-node):
// whoCan, whatCan, analyzeAccess and load() → decide / whoCan / whatCan / matrix / analyzeAccess / free, with the
// shapes of types.d.ts, failures instead of throws, and decisions equal to checkScenario's.
// Run: `make test-npm` (or `node --test tests/npm/` after `make npm`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const iamplay = createRequire(import.meta.url)(path.join(ROOT, 'target', 'npm', 'iamplay-node'));
const read = (file) => fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8');
const PUBLIC = read('public-read-bucket.json');
const CATALOG = 'S s3 Amazon S3\nA GetObject R - -\nA PutObject W - -\nA ListBucket L - -\n';

test('whoCan lists every principal with decision, chain and conditional', () => {
  const answer = iamplay.whoCan(PUBLIC, 's3:GetObject', 'arn:aws:s3:::example-public-site/index.html');
  assert.equal(answer.type, 'success', JSON.stringify(answer.errors));
  const row = (p) => answer.principals.find((r) => r.principal === p);
  assert.equal(row('anonymous').decision, 'Allow');
  assert.equal(row('arn:aws:iam::222222222222:user/bob').decision, 'ImplicitDeny');
  assert.ok(row('any principal of another account'));
  for (const r of answer.principals) {
    assert.ok(Array.isArray(r.chain) && typeof r.conditional === 'boolean', JSON.stringify(r));
  }
  const bad = iamplay.whoCan(PUBLIC, 's3:GetObject', 'x', [1, 2]);
  assert.equal(bad.type, 'failure');
  assert.equal(bad.errors[0].code, 'E0804');
});

test('whatCan summarizes by access level with a catalog passed in', () => {
  const answer = iamplay.whatCan(PUBLIC, 'arn:aws:iam::222222222222:user/alice', { catalog: CATALOG });
  assert.equal(answer.type, 'success', JSON.stringify(answer.errors));
  assert.deepEqual(answer.services.map((s) => [s.service, s.summary]), [['s3', 'Full: Read']]);
  assert.equal(answer.services[0].actions[0].action, 's3:GetObject');
  const none = iamplay.whatCan(PUBLIC, 'anonymous');
  assert.equal(none.type, 'failure');
  assert.equal(none.errors[0].code, 'E0805', 'the evaluator-only package has no catalog built in');
});

test('analyzeAccess: public with an anonymous witness', () => {
  const answer = iamplay.analyzeAccess(PUBLIC);
  assert.equal(answer.type, 'success');
  const bucket = answer.resources[0];
  assert.equal(bucket.access, 'public');
  assert.equal(bucket.witnesses[0].principal, 'anonymous');
  assert.equal(iamplay.analyzeAccess(PUBLIC, { resource: 'arn:aws:s3:::nope' }).resources.length, 0);
});

test('load() answers like checkScenario, request by request, until free()', () => {
  for (const file of ['public-read-bucket.json', 'cross-account-role.json', 'developer-group.json']) {
    const scenario = JSON.parse(read(file));
    const handle = iamplay.load(scenario);
    assert.equal(handle.loaded.type, 'success', file);
    const checked = iamplay.checkScenario(scenario).results;
    scenario.requests.forEach((request, i) => {
      const { expect, expectFacts, source, sessionPolicy, ...plain } = request;
      if (sessionPolicy) return;
      assert.equal(handle.decide(plain), checked[i].decision, `${file} #${i}`);
      assert.equal(handle.decide(JSON.stringify(plain)), checked[i].decision, `${file} #${i} as text`);
      assert.equal(handle.decideViaJson(plain), checked[i].decision);
      const explained = handle.decideExplained(plain);
      assert.equal(explained.type, 'success');
      assert.equal(explained.decision, checked[i].decision);
    });
    assert.equal(handle.matrix().type, 'success');
    assert.equal(handle.analyzeAccess().type, 'success');
    handle.free();
  }
});

test('decide answers the same for a request it has seen, and reads what differs', () => {
  const scenario = JSON.parse(read('public-read-bucket.json'));
  const handle = iamplay.load(scenario);
  const checked = iamplay.checkScenario(scenario).results;
  const plain = scenario.requests.map(({ expect, expectFacts, source, sessionPolicy, ...request }) => request);
  // Twice over: the second round finds every string already known.
  for (const round of [1, 2]) {
    plain.forEach((request, i) => assert.equal(handle.decide(request), checked[i].decision, `round ${round} #${i}`));
  }
  const [first] = plain;
  // The same strings in other fields are not the same request.
  const swapped = { principal: first.resource, action: first.action, resource: first.principal };
  assert.deepEqual(handle.decide(swapped), handle.decideViaJson(swapped));
  // A field that is not a string is still an error, even when its text was seen as a string.
  assert.equal(handle.decide({ ...first, principal: new String(first.principal) }).type, 'failure');
  assert.equal(handle.decide({ ...first, action: 7 }).type, 'failure');
  // A newline cannot be mistaken for the boundary between fields.
  const newline = { ...first, principal: `${first.principal}\n${first.action}` };
  assert.deepEqual(handle.decide(newline), handle.decideViaJson(newline));
  handle.free();

  // A request with a context is read whole, even when its strings were seen without one.
  const user = 'arn:aws:iam::111111111111:user/ana';
  const fromOffice = iamplay.load({
    users: [{ arn: user, policies: [{ name: 'Office', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }] } }] }],
  });
  const request = { principal: user, action: 's3:GetObject', resource: 'arn:aws:s3:::reports/a' };
  assert.equal(fromOffice.decide(request), 'ImplicitDeny');
  assert.equal(fromOffice.decide({ ...request, context: { 'aws:SourceIp': '203.0.113.9' } }), 'Allow');
  assert.equal(fromOffice.decide({ ...request, assume: [] }), 'ImplicitDeny');
  fromOffice.free();
});

test('a prepared scenario fails without throwing', () => {
  const broken = iamplay.load('{"users": 1}');
  assert.equal(broken.loaded.type, 'failure');
  assert.equal(broken.decide({ principal: 'anonymous', action: 's3:GetObject', resource: 'x' }).type, 'failure');
  broken.free();
  const handle = iamplay.load(PUBLIC);
  const bad = handle.decide({ principal: 'anonymous', action: 's3:GetObject' });
  assert.equal(bad.type, 'failure');
  assert.equal(bad.errors[0].code, 'E0804');
  assert.equal(handle.decide('{not json').type, 'failure');
  const what = handle.whatCan('arn:aws:iam::222222222222:user/alice', { catalog: CATALOG });
  assert.equal(what.type, 'success');
  // The catalog passed once is kept.
  assert.equal(handle.whatCan('arn:aws:iam::222222222222:user/alice').type, 'success');
  assert.equal(handle.whoCan('s3:GetObject', 'arn:aws:s3:::example-public-site/a', { 'aws:SourceIp': '203.0.113.9' }).type, 'success');
  handle.free();
});
