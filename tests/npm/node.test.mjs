// The node package (target/npm/iamplay-node, built by `make npm`) keeps the JS contract: the built-in examples'
// decisions equal their `expect`s, positions count UTF-16 code units, bad input fails with the documented
// shapes, and nothing throws. Also loads the web flavour in node through its `init(bytes)` path.
// Run: `make test-npm` (or `node --test tests/npm/` after `make npm`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const NODE_PACKAGE = path.join(ROOT, 'target', 'npm', 'iamplay-node');
const WEB_PACKAGE = path.join(ROOT, 'target', 'npm', 'iamplay');
if (!fs.existsSync(path.join(NODE_PACKAGE, 'package.json'))) {
  throw new Error(`${NODE_PACKAGE} is missing: run \`make npm\``);
}
const iamplay = createRequire(import.meta.url)(NODE_PACKAGE);

const EXAMPLES = path.join(ROOT, 'examples');
const exampleFiles = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.json') && f !== 'index.json').sort();
const readExample = (file) => fs.readFileSync(path.join(EXAMPLES, file), 'utf8');

/** A Sid with `é` (1 UTF-16 unit, 2 UTF-8 bytes) and `😀` (2 units, 4 bytes) before a lowercase Effect. */
const EMOJI_POLICY = '{"Version": "2012-10-17", "Statement": [{"Sid": "été😀", "Effect": "allow", "Action": "s3:GetObject", "Resource": "*"}]}';

test('package.json names the package, its types and its license', () => {
  for (const dir of [NODE_PACKAGE, WEB_PACKAGE]) {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    assert.equal(pkg.name, 'iamplay');
    assert.equal(pkg.license, 'Apache-2.0');
    assert.ok(fs.existsSync(path.join(dir, pkg.types)), pkg.types);
    assert.ok(fs.existsSync(path.join(dir, pkg.main)), pkg.main);
    for (const file of pkg.files) assert.ok(fs.existsSync(path.join(dir, file)), `${dir}/${file}`);
  }
});

test('version() names the engine and the formats', () => {
  const answer = iamplay.version();
  assert.equal(answer.type, 'success');
  const pkg = JSON.parse(fs.readFileSync(path.join(NODE_PACKAGE, 'package.json'), 'utf8'));
  assert.equal(answer.engine, pkg.version);
  assert.equal(answer.api, 1);
  assert.equal(answer.scenarioFormat, 1);
  assert.deepEqual(answer.policyVersions, ['2012-10-17', '2008-10-17']);
  assert.equal(answer.catalog, null, 'the evaluator-only package embeds no catalog');
});

test('every built-in example: each decision equals its expect, as text and as an object', () => {
  assert.ok(exampleFiles.length >= 10, 'examples/ found');
  let requests = 0;
  for (const file of exampleFiles) {
    const text = readExample(file);
    for (const input of [text, JSON.parse(text)]) {
      const answer = iamplay.checkScenario(input);
      assert.equal(answer.type, 'success', `${file}: ${JSON.stringify(answer.errors)}`);
      const expected = JSON.parse(text).requests.map((r) => r.expect);
      assert.deepEqual(answer.results.map((r) => r.decision), expected, file);
      assert.ok(answer.results.every((r) => r.ok), file);
      assert.deepEqual(answer.summary, { passed: expected.length, failed: 0, total: expected.length });
    }
    requests += JSON.parse(text).requests.length;
  }
  assert.ok(requests > 50);
});

test('a failed expectation is reported, not thrown', () => {
  const scenario = JSON.parse(readExample('developer-group.json'));
  const flipped = { Allow: 'ImplicitDeny', ImplicitDeny: 'Allow', ExplicitDeny: 'Allow' };
  scenario.requests[0].expect = flipped[scenario.requests[0].expect];
  const answer = iamplay.checkScenario(scenario);
  assert.equal(answer.type, 'success');
  assert.equal(answer.results[0].ok, false);
  assert.notEqual(answer.results[0].decision, answer.results[0].expect);
  assert.equal(answer.summary.failed, 1);
});

test('explain gives the full explanation behind each checkScenario result', () => {
  const text = readExample('cross-account-role.json');
  const checked = iamplay.checkScenario(text);
  checked.results.forEach((result, index) => {
    const answer = iamplay.explain(text, index);
    assert.equal(answer.type, 'success');
    assert.equal(answer.result.decision, result.decision);
    assert.equal(answer.result.explanation.summary, result.reason);
    assert.deepEqual(answer.result.explanation.decisive, result.decisive);
    assert.ok(answer.result.explanation.policies.length > 0 || result.hops.length > 0);
  });
});

test('positions are UTF-16: the column after é and 😀 is what JS string indexes say', () => {
  const answer = iamplay.parsePolicy(EMOJI_POLICY, 'identity');
  assert.equal(answer.type, 'failure');
  const error = answer.errors.find((e) => e.span && EMOJI_POLICY.slice(e.span.start.offset, e.span.end.offset) === '"allow"');
  assert.ok(error, JSON.stringify(answer.errors));
  const index = EMOJI_POLICY.indexOf('"allow"'); // JS string indexes are UTF-16 code units
  assert.deepEqual(error.span.start, { line: 1, column: index + 1, offset: index });
  const bytes = Buffer.byteLength(EMOJI_POLICY.slice(0, index));
  assert.equal(bytes - index, 4, 'the byte column would be 4 further right');

  // A later line: offsets count the UTF-16 units of earlier lines, columns restart.
  const twoLines = '{"Statement": {"Sid": "😀😀",\n"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Bogus": 1}}';
  const bogus = iamplay.parsePolicy(twoLines, 'identity').errors[0];
  assert.equal(twoLines.slice(bogus.span.start.offset, bogus.span.end.offset), '"Bogus"');
  assert.equal(bogus.span.start.line, 2);
  assert.equal(bogus.span.start.column, twoLines.indexOf('"Bogus"') - twoLines.indexOf('\n'));
});

test('statement spans in checkScenario, explain, matrix and lint slice the input text', () => {
  const text = readExample('explicit-deny-wins.json').replace('"name": "', '"name": "😀 é ');
  const checked = iamplay.checkScenario(text);
  assert.equal(checked.type, 'success');
  const decisive = checked.results.flatMap((r) => r.decisive);
  assert.ok(decisive.length > 0);
  for (const statement of decisive) {
    const source = text.slice(statement.span.start.offset, statement.span.end.offset);
    assert.match(source, /^\{[\s\S]*"Effect"[\s\S]*\}$/);
    if (statement.sid) assert.ok(source.includes(statement.sid), statement.sid);
  }
  const grid = iamplay.matrix(text);
  assert.equal(grid.type, 'success');
  for (const cell of grid.cells.flat()) {
    for (const statement of cell.decisive) assert.equal(text[statement.span.start.offset], '{');
  }
  const lint = iamplay.lintScenario(readExample('mistakes-star-star.json'));
  assert.equal(lint.type, 'success');
  assert.ok(lint.findings.some((f) => f.code === 'L0101'), JSON.stringify(lint.findings.map((f) => f.code)));
});

test('matrix: a cell per row and column, with a what-if for callers with an account', () => {
  const answer = iamplay.matrix(readExample('cross-account-table.json'));
  assert.equal(answer.type, 'success');
  assert.equal(answer.cells.length, answer.rows.length);
  for (const row of answer.cells) assert.equal(row.length, answer.columns.length);
  answer.rows.forEach((row, r) => {
    for (const cell of answer.cells[r]) {
      assert.ok(['Allow', 'ExplicitDeny', 'ImplicitDeny'].includes(cell.decision));
      if (row.account) assert.equal(cell.whatIf?.sameAccount, !cell.sameAccount);
    }
  });
});

test('failures: bad JSON, a bad scenario, a bad kind, a bad index, unwritable input', () => {
  const badJson = iamplay.checkScenario('{"name": "é",, }');
  assert.equal(badJson.type, 'failure');
  assert.match(badJson.errors[0].code, /^E01/);
  assert.equal(badJson.errors[0].span.start.column, '{"name": "é",'.length + 1);
  assert.deepEqual(badJson.warnings, []);

  const badScenario = iamplay.checkScenario({ users: [{ arn: 'arn:aws:iam::111122223333:user/a', grups: [] }] });
  assert.equal(badScenario.type, 'failure');
  assert.deepEqual(badScenario.errors.map((e) => e.code), ['E0502']);
  assert.match(badScenario.errors[0].help, /groups/);

  const badKind = iamplay.lintPolicy('{}', 'identty');
  assert.deepEqual([badKind.type, badKind.errors[0].code, badKind.errors[0].help], ['failure', 'E0802', 'did you mean `identity`?']);
  assert.equal(iamplay.parsePolicy('{}', undefined).errors[0].code, 'E0802');

  for (const index of [-1, 0.5, 99, NaN, undefined, '1x']) {
    const answer = iamplay.explain(readExample('developer-group.json'), index);
    assert.equal(answer.type, 'failure', String(index));
    assert.equal(answer.errors[0].code, 'E0803');
  }

  const cyclic = {}; cyclic.self = cyclic;
  for (const input of [undefined, () => 1, 10n, cyclic, Symbol('s')]) {
    const answer = iamplay.checkScenario(input);
    assert.equal(answer.type, 'failure', String(typeof input));
    assert.equal(answer.errors[0].code, 'E0801');
    assert.deepEqual(Object.keys(answer.errors[0]).sort(), ['code', 'help', 'message', 'severity', 'span', 'url']);
  }
});

test('nothing throws, whatever the input', () => {
  const example = readExample('saml-federation.json');
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const inputs = ['', ' ', 'null', '[]', '{}', '"x"', '1e999', '{"requests": [{}]}', '\u0000', '😀'.repeat(50)];
  for (let i = 0; i < 60; i++) inputs.push(example.slice(0, Math.floor(random() * example.length)));
  for (let i = 0; i < 30; i++) {
    const chars = [...example];
    chars.splice(Math.floor(random() * chars.length), 1 + Math.floor(random() * 5), String.fromCodePoint(Math.floor(random() * 0x1f64f)));
    inputs.push(chars.join(''));
  }
  for (const input of inputs) {
    for (const answer of [
      iamplay.checkScenario(input), iamplay.matrix(input), iamplay.explain(input, 0),
      iamplay.lintScenario(input), iamplay.lintPolicy(input, 'resource'), iamplay.parsePolicy(input, 'trust'),
    ]) {
      assert.ok(answer.type === 'success' || answer.type === 'failure');
      if (answer.type === 'failure') assert.ok(answer.errors.length > 0 && answer.errors.every((e) => /^E\d{4}$/.test(e.code)));
    }
  }
});

test('the web flavour loads in node from bytes and answers the same', async () => {
  const web = await import(path.join(WEB_PACKAGE, 'iamplay.js'));
  await web.default({ module_or_path: fs.readFileSync(path.join(WEB_PACKAGE, 'iamplay_bg.wasm')) });
  const text = readExample('public-read-bucket.json');
  assert.deepEqual(web.checkScenario(text), iamplay.checkScenario(text));
  assert.deepEqual(web.version(), iamplay.version());
});

test('importAws: committed AWS CLI outputs become a scenario, with a report per input', () => {
  const dir = path.join(ROOT, 'tests', 'import');
  const read = (file) => ({ name: file, text: fs.readFileSync(path.join(dir, file), 'utf8') });
  const inputs = ['auth-details-prod-111122223333.json', 'auth-details-dev-444455556666.json', 'get-role-app-server.json'].map(read);
  const answer = iamplay.importAws(inputs, { into: fs.readFileSync(path.join(dir, 'into', 'requests.json'), 'utf8') });
  assert.equal(answer.type, 'success', JSON.stringify(answer).slice(0, 500));
  assert.deepEqual(answer.inputs.map((i) => i.format), ['account-authorization-details', 'account-authorization-details', 'get-role']);
  const scenario = JSON.parse(answer.scenario);
  assert.equal(scenario.users.length, 6);
  assert.equal(scenario.requests.length, 11, 'importing into a scenario keeps its requests');
  // Each skip points into its own input, in UTF-16 units.
  const [prod] = answer.inputs;
  const missing = prod.skipped.find((d) => d.code === 'W1101');
  assert.ok(missing, JSON.stringify(prod.skipped));
  const text = inputs[0].text;
  assert.match(text.slice(missing.span.start.offset, missing.span.end.offset), /LegacyS3Access/);
  // Plain strings work too, and bad options fail with the documented shape.
  assert.equal(iamplay.importAws([inputs[2].text]).inputs[0].name, 'input 1');
  const bad = iamplay.importAws([], { attach_to: 'x' });
  assert.equal(bad.type, 'failure');
  assert.equal(bad.errors[0].code, 'E1105');
  assert.equal(iamplay.importAws('not an array').type, 'failure');
});
