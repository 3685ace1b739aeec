// Every link and every code sample in the docs is checked here (`make docs-check`, part of `make test`):
//   - relative links resolve to a file, and `#anchors` to a heading or <a name> of the target page;
//   - AWS IAM User Guide links name a page (and anchor) of the local copy in ../shared/reference when it has it;
//   - "open in playground" links use PLAYGROUND_BASE and name a real gallery example or docs scenario;
//   - JSON samples run through the CLI: scenarios with `iamplay check` (every expectation must hold), policies with
//     `iamplay lint` (the findings must be exactly the ones the sample declares); lint.md's "Flagged"/"Fixed"
//     pairs must raise / not raise their section's code;
//   - shell samples name real make targets and iamplay subcommands and flags; `iamplay` commands on files in the
//     repository are run; JavaScript samples run against the npm package (node) or are syntax-checked (browser),
//     TypeScript samples are type-checked against the package's .d.ts; HTML samples' playground URLs are checked;
//   - the nginx caching sample is matched against the real file names of dist/.
// A sample states how to check it with a `<!-- check: ... -->` comment right before its fence (invisible on a code
// host); samples without one are inferred where that is unambiguous, and an unknown sample fails the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, PLAYGROUND_BASE, docFiles, parseMarkdown } from './markdown.mjs';
import { PLAYGROUND_PARAMS, docsScenario, scenarioDefinitions } from './playground-links.mjs';

const CLI = process.env.IAMPLAY_CLI || path.join(ROOT, 'target', 'debug', 'iamplay');
const NPM_NODE = path.join(ROOT, 'target', 'npm', 'iamplay-node');
const NPM_WEB = path.join(ROOT, 'target', 'npm', 'iamplay');
const DIST = path.join(ROOT, 'dist');
const AWS_REFERENCE = path.resolve(ROOT, '..', 'shared', 'reference', 'aws-iam-user-guide');
const TSC = path.join(ROOT, 'web', 'node_modules', 'typescript', 'bin', 'tsc');
const SCRATCH = fs.mkdtempSync(path.join(process.env.TMPDIR || os.tmpdir(), 'iamplay-docs-'));

const read = (rel) => fs.readFileSync(path.join(ROOT, rel), 'utf8');
const parsed = new Map(docFiles().map((f) => [f, parseMarkdown(read(f))]));
const examples = new Set(JSON.parse(read('examples/index.json')).map((e) => e.id));

// ---------------------------------------------------------------------------------------------------- the CLI

function cli(args, input) {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`cargo build -p iamplay-cli\` (make docs-check does)`);
  const r = spawnSync(CLI, args, { cwd: ROOT, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (r.error) throw r.error;
  return r;
}

let cliHelp;
/** `{ subcommand: Set(long flags) }` from `iamplay --help` and `iamplay SUB --help`. */
function cliCommands() {
  if (cliHelp) return cliHelp;
  const top = cli(['--help']).stdout;
  const section = top.split(/^Commands:\s*$/m)[1]?.split(/^\S/m)[0] ?? '';
  const subs = [...section.matchAll(/^\s{2}([a-z][a-z-]*)\s/gm)].map((m) => m[1]).filter((s) => s !== 'help');
  cliHelp = Object.fromEntries(subs.map((s) => [s, new Set([...cli([s, '--help']).stdout.matchAll(/--([a-z][a-z-]*)/g)].map((m) => m[1]))]));
  return cliHelp;
}

function writeScratch(name, text) {
  const file = path.join(SCRATCH, name);
  fs.writeFileSync(file, text);
  return file;
}

/** Runs `iamplay check` on a scenario sample; returns problems. */
function checkScenario(code, where) {
  const r = cli(['check', '--format', 'json', writeScratch('scenario.json', code)]);
  if (r.status === 2) return [`${where}: the scenario does not load:\n${r.stderr}`];
  let out;
  try { out = JSON.parse(r.stdout); } catch { return [`${where}: \`iamplay check --format json\` printed no JSON:\n${r.stdout}${r.stderr}`]; }
  const failed = out.results.filter((x) => !x.ok).map((x) => `#${x.index} ${x.name ?? ''}: ${x.decision}, expected ${x.expect}`);
  if (out.results.length === 0) return [`${where}: the scenario has no requests to check`];
  if (out.results.some((x) => x.expect == null)) return [`${where}: every request of a docs scenario needs an \`expect\``];
  return failed.length ? [`${where}: expectations fail:\n  ${failed.join('\n  ')}`] : [];
}

/** The finding codes `iamplay lint` reports for a policy (`kind`) or a scenario (`kind` = null). */
function lintCodes(code, kind) {
  const file = writeScratch('lint.json', code);
  const r = cli(['lint', '--format', 'json', ...(kind ? ['--kind', kind] : []), file]);
  if (r.status === 2 && !r.stdout.trim()) throw new Error(`iamplay lint failed:\n${r.stderr}`);
  const out = JSON.parse(r.stdout);
  const findings = out.files ? out.files.flatMap((f) => f.findings) : out.findings;
  return findings.map((f) => f.code);
}

// -------------------------------------------------------------------------------------------------- the links

const awsAnchors = new Map();
function awsPageAnchors(page) {
  if (!awsAnchors.has(page)) {
    const file = path.join(AWS_REFERENCE, `${page}.md`);
    awsAnchors.set(page, fs.existsSync(file) ? parseMarkdown(fs.readFileSync(file, 'utf8')).anchors : null);
  }
  return awsAnchors.get(page);
}

function checkLink(file, { target, line }) {
  const where = `${file}:${line}`;
  if (target.startsWith(PLAYGROUND_BASE)) return checkPlaygroundUrl(target, where);
  if (/^http:\/\/(127\.0\.0\.1|localhost)/.test(target)) return [`${where}: a local URL that is not PLAYGROUND_BASE (${PLAYGROUND_BASE}): ${target}`];
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
    let url;
    try { url = new URL(target); } catch { return [`${where}: malformed URL ${target}`]; }
    if (url.protocol !== 'https:' && url.protocol !== 'mailto:') return [`${where}: use https: ${target}`];
    const aws = url.hostname === 'docs.aws.amazon.com' && url.pathname.match(/^\/IAM\/latest\/UserGuide\/([^/]+)\.html$/);
    if (aws) {
      const anchors = awsPageAnchors(aws[1]);
      if (anchors && url.hash && !anchors.has(decodeURIComponent(url.hash.slice(1)))) return [`${where}: the AWS page ${aws[1]} has no anchor ${url.hash}`];
    }
    return [];
  }
  const [rel, hash] = target.split('#');
  const resolved = rel ? path.resolve(path.dirname(path.join(ROOT, file)), decodeURIComponent(rel)) : path.join(ROOT, file);
  if (!resolved.startsWith(ROOT)) return [`${where}: ${target} points outside the repository`];
  if (!fs.existsSync(resolved)) return [`${where}: ${target} does not exist`];
  if (hash !== undefined && resolved.endsWith('.md')) {
    const targetDoc = parsed.get(path.relative(ROOT, resolved)) ?? parseMarkdown(fs.readFileSync(resolved, 'utf8'));
    if (!targetDoc.anchors.has(hash)) return [`${where}: ${path.relative(ROOT, resolved)} has no heading for #${hash}`];
  }
  return [];
}

/** A playground URL: the base, then only parameters the playground reads, each with a valid value. */
function checkPlaygroundUrl(target, where) {
  const url = new URL(target);
  const problems = [];
  if (url.origin + url.pathname !== PLAYGROUND_BASE) problems.push(`${where}: playground links start with ${PLAYGROUND_BASE}: ${target}`);
  const params = [...new URLSearchParams(url.search), ...new URLSearchParams(url.hash.slice(1))];
  if (params.length === 0) problems.push(`${where}: a playground link without a scenario: ${target}`);
  for (const [key, value] of params) {
    const check = PLAYGROUND_PARAMS[key];
    if (!check) { problems.push(`${where}: the playground reads no \`${key}\` parameter: ${target}`); continue; }
    const problem = check(value, { examples });
    if (problem) problems.push(`${where}: ${problem}`);
  }
  return problems;
}

// -------------------------------------------------------------------------------------------- the code blocks

const MAKE_TARGETS = new Set(['Makefile', ...fs.readdirSync(path.join(ROOT, 'scripts')).filter((f) => f.endsWith('.mk')).map((f) => `scripts/${f}`)]
  .flatMap((f) => [...read(f).matchAll(/^([a-z][a-z0-9-]*)\s*:(?!=)/gm)].map((m) => m[1])));

/** Splits a shell sample into commands: one per line (with `\` continuations), split at `&&`, `||`, `;`, `|`. */
function shellCommands(code) {
  return code.replace(/\\\n/g, ' ').split('\n')
    .map((l) => l.replace(/^\s*\$\s+/, '').replace(/(^|\s)#.*$/, '').trim()).filter(Boolean)
    .flatMap((l) => l.split(/\s*(?:&&|\|\||;|\|)\s*/)).filter(Boolean)
    .map((l) => l.split(/\s+/));
}

const SHELL_TOOLS = {
  make: (args) => args.filter((a) => !a.startsWith('-') && !a.includes('=')).flatMap((t) => (MAKE_TARGETS.has(t) ? [] : [`make has no target \`${t}\``])),
  iamplay: (args, where) => checkIamplayCommand(args, where),
  cargo: (args) => {
    const problems = [];
    if (!['build', 'install', 'run', 'test', 'bench'].includes(args[0])) problems.push(`unexpected cargo command \`cargo ${args[0]}\``);
    for (let i = 0; i < args.length; i++) {
      if (args[i] === '--path' && !fs.existsSync(path.join(ROOT, args[i + 1]))) problems.push(`cargo --path ${args[i + 1]} does not exist`);
      if (args[i] === '-p' && !fs.existsSync(path.join(ROOT, 'crates', args[i + 1]))) problems.push(`cargo -p ${args[i + 1]}: no such crate`);
    }
    return problems;
  },
  npm: (args) => (['install', 'i', 'test', 'pack'].includes(args[0]) ? [] : [`unexpected npm command \`npm ${args[0]}\``]),
  node: (args) => args.filter((a) => /\.m?js$/.test(a)).flatMap((a) => (fs.existsSync(path.join(ROOT, a)) ? [] : [`node ${a}: no such file`])),
  sha256sum: () => [], unzip: () => [], cd: () => [], ls: () => [], git: () => [], cp: () => [], mkdir: () => [], tar: () => [],
};

function checkIamplayCommand(args, where) {
  const commands = cliCommands();
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '--version') return [];
  if (!commands[sub]) return [`iamplay has no subcommand \`${sub}\` (it has ${Object.keys(commands).join(', ')})`];
  const problems = rest.filter((a) => a.startsWith('--')).map((a) => a.slice(2).split('=')[0])
    .filter((flag) => !commands[sub].has(flag)).map((flag) => `\`iamplay ${sub}\` has no flag --${flag}`);
  // Run it when every path it names exists in the repository (samples about the reader's own files are not run).
  const files = rest.filter((a) => /\.json$/.test(a));
  if (problems.length === 0 && files.length > 0 && files.every((f) => fs.existsSync(path.join(ROOT, f)))) {
    const r = cli(args);
    if (r.status !== 0) problems.push(`\`iamplay ${args.join(' ')}\` exited with ${r.status}:\n${r.stderr}`);
  }
  return problems.map((p) => `${where}: ${p}`);
}

function checkShell(code, where) {
  return shellCommands(code).flatMap(([tool, ...args]) => {
    const check = SHELL_TOOLS[tool];
    if (!check) return [`${where}: the sample runs \`${tool}\`, which the docs check does not know; add it to SHELL_TOOLS`];
    return check(args, where).map((p) => (p.startsWith(where) ? p : `${where}: ${p}`));
  });
}

function npmPackage(dir) {
  if (!fs.existsSync(path.join(dir, 'package.json'))) throw new Error(`${dir} is missing: run \`make npm\``);
  return dir;
}

/** Runs a node sample with `iamplay` resolving to the nodejs package. */
function runNodeSample(code, where) {
  const dir = fs.mkdtempSync(path.join(SCRATCH, 'node-'));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(npmPackage(NPM_NODE), path.join(dir, 'node_modules', 'iamplay'));
  for (const f of ['examples', 'docs']) fs.symlinkSync(path.join(ROOT, f), path.join(dir, f));
  const file = path.join(dir, 'sample.mjs');
  fs.writeFileSync(file, code);
  const r = spawnSync(process.execPath, [file], { cwd: dir, encoding: 'utf8' });
  return r.status === 0 ? [] : [`${where}: the sample fails in node (exit ${r.status}):\n${r.stderr}`];
}

/** Syntax-checks a browser module and checks that it imports only names the package exports. */
function checkBrowserModule(code, where) {
  const file = writeScratch('browser.mjs', code);
  const r = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8' });
  if (r.status !== 0) return [`${where}: not valid JavaScript:\n${r.stderr}`];
  const dts = packageTypes(NPM_WEB);
  const problems = [];
  for (const m of code.matchAll(/import\s+(?:(\w+)\s*,?\s*)?(?:\{([^}]*)\})?\s*from\s*['"]([^'"]+)['"]/g)) {
    if (!/iamplay/.test(m[3])) continue;
    for (const name of (m[2] ?? '').split(',').map((s) => s.trim().split(/\s+as\s+/)[0]).filter(Boolean)) {
      if (!new RegExp(`export (?:function|const|class|type|interface) ${name}\\b`).test(dts)) problems.push(`${where}: the package exports no \`${name}\``);
    }
  }
  return problems;
}

function packageTypes(dir) {
  const pkg = JSON.parse(fs.readFileSync(path.join(npmPackage(dir), 'package.json'), 'utf8'));
  return fs.readFileSync(path.join(dir, pkg.types ?? pkg.typings ?? 'iamplay.d.ts'), 'utf8');
}

function checkTypeScript(code, where) {
  const dir = fs.mkdtempSync(path.join(SCRATCH, 'ts-'));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(npmPackage(NPM_NODE), path.join(dir, 'node_modules', 'iamplay'));
  fs.writeFileSync(path.join(dir, 'sample.ts'), code);
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'es2022', moduleResolution: 'bundler', lib: ['es2022', 'dom'], types: [] },
    files: ['sample.ts'],
  }));
  const r = spawnSync(process.execPath, [TSC, '-p', dir], { encoding: 'utf8' });
  return r.status === 0 ? [] : [`${where}: the TypeScript sample does not type-check:\n${r.stdout}${r.stderr}`];
}

function checkHtml(code, where) {
  const problems = [];
  for (const m of code.matchAll(/\s(?:src|href)="([^"]+)"/g)) {
    if (m[1].startsWith(PLAYGROUND_BASE)) problems.push(...checkPlaygroundUrl(m[1].replace(/&amp;/g, '&'), where));
  }
  for (const m of code.matchAll(/<script type="module">([\s\S]*?)<\/script>/g)) problems.push(...checkBrowserModule(m[1], where));
  return problems;
}

/** The nginx sample: its `immutable` location pattern, applied to the URL paths of the real dist/. */
function checkNginxCache(code, prefix, where) {
  if (!fs.existsSync(path.join(DIST, 'index.html'))) return [`${where}: dist/ is missing: run \`make dist\``];
  const immutable = [...code.matchAll(/location\s+~\s+"([^"]+)"\s*\{[^}]*immutable/g)].map((m) => new RegExp(m[1]));
  if (immutable.length !== 1) return [`${where}: expected one \`location ~ "..."\` block with an immutable Cache-Control`];
  const problems = [];
  if (!code.includes(`location ${prefix} {`)) problems.push(`${where}: no \`location ${prefix}\` block`);
  const files = fs.readdirSync(DIST, { recursive: true }).filter((f) => fs.statSync(path.join(DIST, f)).isFile());
  // Trunk's hash is a u64 in hex without leading zeros: usually 16 digits, sometimes fewer.
  const hashed = /(^|\/)[^/]*-([0-9a-f]{14,16}(_bg)?|[0-9A-Z]{8})\.[a-z0-9]+$/;
  for (const f of files) {
    const url = prefix + f.split(path.sep).join('/');
    const cachedForever = immutable[0].test(url);
    const contentHashed = hashed.test(f) && !f.startsWith('snippets');
    if (cachedForever !== contentHashed) problems.push(`${where}: ${url} ${cachedForever ? 'would be cached forever but its name has no content hash' : 'has a content-hashed name but the pattern misses it'}`);
  }
  for (const f of ['index.html', 'monaco/monaco-entry.js', 'monaco/editor.worker.js', 'monaco/json.worker.js']) {
    if (immutable[0].test(prefix + f)) problems.push(`${where}: ${f} must not be cached forever`);
  }
  if (!files.some((f) => f.endsWith('_bg.wasm') && immutable[0].test(prefix + f))) problems.push(`${where}: the app's .wasm is not cached forever`);
  return problems;
}

/** lint.md is generated (no directives): its "Flagged (<kind>):" sample must raise the section's code, and the
 *  "Fixed:" sample after it must not. */
function lintPageKind(before) {
  const m = before.match(/^Flagged \((identity|resource|trust|boundary|session|scp|rcp) policy\):$/);
  if (m) return { role: 'flagged', kind: m[1] };
  if (before === 'Flagged (scenario):') return { role: 'flagged', kind: null };
  if (before === 'Fixed:') return { role: 'fixed' };
  return null;
}

/** `output-of iamplay ARGS`: stdout equals the sample; `lines-in-output-of iamplay ARGS`: every sample line is
 *  an output line; `stderr-of DIR: iamplay ARGS`: run in DIR, standard error equals the sample. */
function checkOutput(verb, args, code, where) {
  let cwd = ROOT;
  if (verb === 'stderr-of') {
    cwd = path.join(ROOT, args[0].replace(/:$/, ''));
    args = args.slice(1);
  }
  if (args[0] !== 'iamplay') return [`${where}: ${verb} runs \`iamplay ...\` commands only`];
  const r = spawnSync(CLI, args.slice(1), { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const norm = (t) => t.replace(/[ \t]+$/gm, '').replace(/\n+$/, '');
  const out = norm(verb === 'stderr-of' ? r.stderr : r.stdout);
  if (verb === 'lines-in-output-of') {
    const lines = new Set(out.split('\n'));
    const missing = norm(code).split('\n').filter((l) => l.trim() && !lines.has(l));
    return missing.length ? [`${where}: \`${args.join(' ')}\` no longer prints:\n${missing.join('\n')}`] : [];
  }
  return out === norm(code) ? [] : [`${where}: \`${args.join(' ')}\` now prints:\n${out}`];
}

/** `json-subset-of iamplay ARGS`: the sample (with `[...]` elisions) is a subset of the real JSON output: same keys
 *  where present, same values except strings ending in `...` (a prefix) and elided arrays. */
function checkJsonSubset(args, code, where) {
  const r = cli(args.slice(1));
  let sample;
  try { sample = JSON.parse(code.replace(/\[\s*\.\.\.\s*\]/g, '"[...]"')); } catch (e) { return [`${where}: not JSON even with [...] elided: ${e.message}`]; }
  const actual = JSON.parse(r.stdout);
  const problems = [];
  const walk = (want, got, at) => {
    if (want === '[...]') { if (!Array.isArray(got)) problems.push(`${at} is not an array`); return; }
    if (typeof want === 'string' && want.endsWith('...')) {
      if (typeof got !== 'string' || !got.startsWith(want.slice(0, -3).trimEnd().replace(/:$/, ''))) problems.push(`${at}: ${JSON.stringify(got)} does not start like ${JSON.stringify(want)}`);
      return;
    }
    if (Array.isArray(want)) {
      if (!Array.isArray(got)) { problems.push(`${at} is not an array`); return; }
      want.forEach((w, i) => walk(w, got[i], `${at}[${i}]`));
      return;
    }
    if (want && typeof want === 'object') {
      if (!got || typeof got !== 'object') { problems.push(`${at} is not an object`); return; }
      for (const k of Object.keys(want)) {
        if (!(k in got)) problems.push(`${at}.${k} is not in the output`);
        else walk(want[k], got[k], `${at}.${k}`);
      }
      return;
    }
    if (want !== got) problems.push(`${at}: the output has ${JSON.stringify(got)}, the sample ${JSON.stringify(want)}`);
  };
  walk(sample, actual, '$');
  return problems.map((p) => `${where}: ${p}`);
}

function inferJson(code) {
  let value;
  try { value = JSON.parse(code); } catch (e) { return { error: `not valid JSON (${e.message})` }; }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    if ('requests' in value) return { kind: 'scenario' };
  }
  return { error: 'a JSON sample needs `<!-- check: scenario -->`, `<!-- check: policy KIND [expect=CODE,...] -->` or `<!-- check: json -->`' };
}

function checkBlocks(file) {
  const problems = [];
  let section = null;
  let lastFlagged = null;
  const text = read(file);
  const sectionOfLine = [];
  text.split('\n').forEach((l, i) => { const m = l.match(/^## (L\d{4})$/); if (m) section = m[1]; sectionOfLine[i + 1] = section; });
  for (const block of parsed.get(file).blocks) {
    const where = `${file}:${block.line}`;
    if (block.unclosed) { problems.push(`${where}: unclosed code fence`); continue; }
    const [verb, ...args] = (block.directive ?? '').split(/\s+/);
    const options = Object.fromEntries(args.filter((a) => a.includes('=')).map((a) => a.split('=')));
    try {
      if (verb === 'skip') {
        if (args.length === 0) problems.push(`${where}: \`check: skip\` needs a reason`);
      } else if (verb === 'json-subset-of') {
        problems.push(...checkJsonSubset(args, block.code, where));
      } else if (block.lang === 'json') {
        const lintRole = file === 'docs/lint.md' && !block.directive ? lintPageKind(block.before) : null;
        if (lintRole) {
          const code = sectionOfLine[block.line];
          if (lintRole.role === 'flagged') {
            lastFlagged = lintRole.kind;
            if (!lintCodes(block.code, lintRole.kind).includes(code)) problems.push(`${where}: the flagged sample does not raise ${code}`);
          } else if (lintCodes(block.code, lastFlagged).includes(code)) {
            problems.push(`${where}: the fixed sample still raises ${code}`);
          }
        } else if (verb === 'policy') {
          const expected = (options.expect ?? '').split(',').filter(Boolean).sort();
          const codes = [...new Set(lintCodes(block.code, args[0]))].sort();
          if (codes.join() !== expected.join()) problems.push(`${where}: \`iamplay lint --kind ${args[0]}\` reports [${codes}], the sample declares [${expected}]`);
        } else if (verb === 'json') {
          JSON.parse(block.code);
        } else {
          const inferred = verb === 'scenario' ? { kind: 'scenario' } : inferJson(block.code);
          if (inferred.error) problems.push(`${where}: ${inferred.error}`);
          else problems.push(...checkScenario(block.code, where));
        }
      } else if (['sh', 'shell', 'bash', 'console'].includes(block.lang)) {
        problems.push(...checkShell(block.code, where));
      } else if (['js', 'javascript', 'mjs'].includes(block.lang)) {
        if (verb === 'browser') problems.push(...checkBrowserModule(block.code, where));
        else if (verb === 'node' || /from ['"]iamplay['"]/.test(block.code)) problems.push(...runNodeSample(block.code, where));
        else problems.push(`${where}: a JavaScript sample needs \`<!-- check: node -->\` or \`<!-- check: browser -->\``);
      } else if (['ts', 'typescript'].includes(block.lang) && verb === 'in-dts') {
        const squash = (t) => t.replace(/\s+/g, ' ').trim();
        if (!squash(packageTypes(NPM_NODE)).includes(squash(block.code))) problems.push(`${where}: the declaration is not in the package's .d.ts (regenerate docs/javascript-api.md)`);
      } else if (['ts', 'typescript'].includes(block.lang)) {
        problems.push(...checkTypeScript(block.code, where));
      } else if (block.lang === 'html') {
        problems.push(...checkHtml(block.code, where));
      } else if (block.lang === 'nginx' && verb === 'nginx-cache') {
        problems.push(...checkNginxCache(block.code, args[0], where));
      } else if (verb === 'url') {
        problems.push(...block.code.trim().split('\n').flatMap((u) => checkPlaygroundUrl(u.trim(), where)));
      } else if (verb === 'arn') {
        if (!/^arn:aws:[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:\S+$/.test(block.code.trim())) problems.push(`${where}: not an ARN`);
      } else if (verb === 'output-of' || verb === 'lines-in-output-of' || verb === 'stderr-of') {
        problems.push(...checkOutput(verb, args, block.code, where));
      } else if (verb === 'ci-yaml') {
        const commands = [...block.code.matchAll(/^\s*-?\s*run:\s*(.+)$/gm)].map((m) => m[1]).join('\n');
        if (!commands) problems.push(`${where}: no \`run:\` steps`);
        problems.push(...checkShell(commands, where));
      } else if (file === 'docs/cli.md' && block.lang === 'text' && /^### `iamplay( [a-z]+)?`$/.test(block.before)) {
        // The generated --help reference: still what the binary prints.
        const args = [...block.before.slice(13, -1).split(' ').filter(Boolean), '--help'];
        problems.push(...checkOutput('output-of', ['iamplay', ...args], block.code, where));
      } else {
        problems.push(`${where}: a \`${block.lang || 'plain'}\` sample the docs check cannot check; add a \`<!-- check: ... -->\` comment`);
      }
    } catch (e) {
      problems.push(`${where}: ${e.message}`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------- the tests

for (const file of docFiles()) {
  test(`${file}: every link resolves`, () => {
    const { links, refUses, refDefs } = parsed.get(file);
    const problems = links.flatMap((l) => checkLink(file, l));
    for (const use of refUses) if (!refDefs.has(use.label)) problems.push(`${file}:${use.line}: no definition for the link [${use.label}]`);
    assert.deepEqual(problems, []);
  });
  if (parsed.get(file).blocks.length > 0) {
    test(`${file}: every code sample runs`, () => {
      assert.deepEqual(checkBlocks(file), []);
    });
  }
}

test('README links the docs index, and every docs page is linked from README or docs/README.md', () => {
  const fromReadme = new Set(parsed.get('README.md').links.map((l) => path.normalize(l.target.split('#')[0])));
  assert.ok(fromReadme.has('docs/README.md'), 'README.md links docs/README.md');
  const fromIndex = new Set(parsed.get('docs/README.md').links.map((l) => path.normalize(path.join('docs', l.target.split('#')[0]))));
  const unlinked = docFiles().filter((f) => f.startsWith('docs/') && f !== 'docs/README.md' && !fromReadme.has(f) && !fromIndex.has(f));
  assert.deepEqual(unlinked, []);
});

test('every docs scenario passes `iamplay check` and the playground links open them', () => {
  const dir = path.join(ROOT, 'docs', 'scenarios');
  const problems = [];
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    problems.push(...checkScenario(fs.readFileSync(path.join(dir, f), 'utf8'), `docs/scenarios/${f}`));
    const id = f.replace(/\.json$/, '');
    const linked = docFiles().some((doc) => parsed.get(doc).links.some((l) => l.target.startsWith(PLAYGROUND_BASE) && docsScenario(l.target) === id));
    if (!linked) problems.push(`docs/scenarios/${f}: no "open in playground" link opens it`);
  }
  assert.deepEqual(problems, []);
});

test('links to docs scenarios carry the current scenario text', () => {
  const stale = scenarioDefinitions().filter((d) => !d.fresh).map((d) => `${d.file}:${d.line}: [${d.id}] is stale; run \`node tests/docs/playground-links.mjs\``);
  assert.deepEqual(stale, []);
});

test('docs images are committed PNGs under 200 KB, each used by a page', () => {
  const dir = path.join(ROOT, 'docs', 'images');
  const images = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  const used = new Set(docFiles().flatMap((f) => parsed.get(f).links.map((l) => path.normalize(path.join(path.dirname(f), l.target)))));
  for (const name of images) {
    const size = fs.statSync(path.join(dir, name)).size;
    assert.ok(size < 200 * 1024, `docs/images/${name} is ${size} bytes`);
    assert.ok(used.has(path.join('docs', 'images', name)), `docs/images/${name} is not used by any page`);
  }
});

test('generated files are fresh: THIRD_PARTY_NOTICES.md and docs/javascript-api.md', () => {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'gen-notices.mjs'), '--check'], { stdio: 'inherit' });
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'gen-js-api-docs.mjs'), '--check'], { stdio: 'inherit' });
});

// The hosting guide's nginx sample, run for real when nginx is installed: the sub-path redirect, index.html
// revalidated, hashed files immutable, the wasm served as application/wasm.
test('the nginx sample serves dist/ under its sub-path with the documented headers', async (t) => {
  const nginx = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((f) => fs.existsSync(f));
  if (!nginx) { t.skip('nginx is not installed'); return; }
  const block = parsed.get('docs/hosting.md').blocks.find((b) => b.lang === 'nginx');
  const prefix = block.directive.split(/\s+/)[1];
  const dir = fs.mkdtempSync(path.join(SCRATCH, 'nginx-'));
  fs.mkdirSync(path.join(dir, 'www', path.dirname(prefix.replace(/\/$/, ''))), { recursive: true });
  fs.symlinkSync(DIST, path.join(dir, 'www', prefix.replace(/\/$/, '')));
  const port = await new Promise((resolve) => { const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); }); });
  const server = block.code.replace(/listen 80;/, `listen 127.0.0.1:${port};`).replace(/root \/srv\/www;/, `root ${dir}/www;`);
  assert.notEqual(server, block.code);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((k) => `${k}_temp_path ${dir}/${k};`).join(' ');
  fs.writeFileSync(path.join(dir, 'nginx.conf'), `worker_processes 1; pid ${dir}/nginx.pid; error_log ${dir}/error.log; daemon off; user root;
events {} http { include /etc/nginx/mime.types; access_log off; ${temp}\n${server}\n}`);
  const child = spawn(nginx, ['-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: 'inherit' });
  try {
    const base = `http://127.0.0.1:${port}`;
    let index;
    for (let i = 0; i < 50 && !index; i++) {
      index = await fetch(base + prefix).catch(() => null);
      if (!index) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(index, `nginx did not start:\n${fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8') : ''}`);
    assert.equal(index.status, 200);
    assert.equal(index.headers.get('cache-control'), 'no-cache');
    const redirect = await fetch(base + prefix.replace(/\/$/, ''), { redirect: 'manual' });
    assert.equal(redirect.status, 301);
    assert.match(redirect.headers.get('location'), new RegExp(`${prefix}$`));
    const wasm = fs.readdirSync(DIST).find((f) => f.endsWith('_bg.wasm'));
    const asset = await fetch(base + prefix + wasm);
    assert.equal(asset.status, 200);
    assert.equal(asset.headers.get('content-type'), 'application/wasm');
    assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    const entry = await fetch(`${base}${prefix}monaco/monaco-entry.js`);
    assert.equal(entry.status, 200);
    assert.equal(entry.headers.get('cache-control'), 'no-cache');
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
});

test('dist/ carries LICENSE and the third-party notices', () => {
  for (const f of ['LICENSE', 'THIRD_PARTY_NOTICES.md']) {
    assert.equal(fs.readFileSync(path.join(DIST, f), 'utf8'), read(f), `dist/${f} is a copy of ${f}`);
  }
});
