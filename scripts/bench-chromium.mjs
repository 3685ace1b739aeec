#!/usr/bin/env node
// Part of `make bench`: the account-scale questions (issue 15) in headless Chromium, through the web npm package
// (target/npm/iamplay, built by `make npm`; the same core the playground's on-demand module runs): who-can on a
// 1,000-principal account (target 60 ms in the browser), what-can over the whole action catalog for a principal
// with AWS's ReadOnlyAccess (by ARN, from the managed-policy snapshot) and ten more policies, and the access
// analysis of a bucket policy as large as S3 allows (20 KB). Medians of several runs, measured inside the page.
// A measurement, not a test: it prints numbers and exits 0 unless the page cannot be measured.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { launchBrowser } from '../tests/e2e/harness.mjs';
import { account } from './bench-prepared.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const FILES = {
  '/iamplay.js': [path.join(ROOT, 'target/npm/iamplay/iamplay.js'), 'text/javascript'],
  '/iamplay_bg.wasm': [path.join(ROOT, 'target/npm/iamplay/iamplay_bg.wasm'), 'application/wasm'],
  '/managed-policies.txt': [path.join(ROOT, 'target/npm/iamplay/managed-policies.txt'), 'text/plain'],
  '/catalog.txt': [path.join(ROOT, 'crates/iamplay-core/data/catalog.txt'), 'text/plain'],
  '/': [null, 'text/html'],
};
for (const [name, [file]] of Object.entries(FILES)) {
  if (file && !fs.existsSync(file)) {
    console.error(`bench-chromium: ${path.relative(ROOT, file)} is missing (${name}): run \`make npm\``);
    process.exit(2);
  }
}

/** A bucket policy of about 20 KB (S3's limit): many statements naming accounts, org conditions and prefixes. */
function largeBucketPolicy() {
  const statements = [];
  for (let i = 0; statements.length < 50; i++) {
    statements.push({
      Sid: `Share${i}`, Effect: 'Allow',
      Principal: { AWS: Array.from({ length: 4 }, (_, k) => `arn:aws:iam::${String(100000000000 + i * 10 + k)}:root`) },
      Action: ['s3:GetObject', 's3:ListBucket', `s3:Put${i % 2 ? 'Object' : 'ObjectTagging'}`],
      Resource: [`arn:aws:s3:::big-bucket/team${i}/*`, 'arn:aws:s3:::big-bucket'],
      Condition: i % 3 ? { StringEquals: { 'aws:PrincipalOrgID': `o-${i}abcdefgh` } } : { IpAddress: { 'aws:SourceIp': `203.0.${i}.0/24` } },
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}

function whatCanScenario() {
  const more = Array.from({ length: 10 }, (_, i) => ({
    name: `Extra${i}`,
    document: { Version: '2012-10-17', Statement: [{ Effect: i % 4 ? 'Allow' : 'Deny', Action: [`s3:Put*`, `ec2:${i % 2 ? 'Start' : 'Stop'}Instances`, `iam:Pass*`], Resource: '*' }] },
  }));
  return {
    users: [{ arn: 'arn:aws:iam::111111111111:user/reader', policies: ['arn:aws:iam::aws:policy/ReadOnlyAccess', ...more] }],
  };
}

/** The package's inline JS, which iamplay.js imports from `snippets/`. */
function snippet(pathname) {
  const file = path.join(ROOT, 'target/npm/iamplay', pathname);
  return pathname.startsWith('/snippets/') && !pathname.includes('..') && fs.existsSync(file) ? [file, 'text/javascript'] : undefined;
}

const server = http.createServer((req, res) => {
  const pathname = new URL(req.url, 'http://x').pathname;
  const [file, type] = FILES[pathname] || snippet(pathname) || [];
  if (!type) { res.writeHead(404).end(); return; }
  res.writeHead(200, { 'content-type': type }).end(file ? fs.readFileSync(file) : '<!doctype html><title>bench</title>');
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const browser = await launchBrowser();
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  const results = await page.evaluate(async ({ big, reader, bucket }) => {
    const m = await import('/iamplay.js');
    await m.default({ module_or_path: '/iamplay_bg.wasm' });
    const registered = m.registerManagedPolicies(await (await fetch('/managed-policies.txt')).text());
    if (registered.type !== 'success') throw new Error(JSON.stringify(registered).slice(0, 300));
    const catalog = await (await fetch('/catalog.txt')).text();
    const median = (run, rounds) => {
      run();
      const times = [];
      for (let i = 0; i < rounds; i++) {
        const t = performance.now();
        run();
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      return times[Math.floor(times.length / 2)];
    };
    const ok = (answer, what) => { if (answer.type !== 'success') throw new Error(`${what}: ${JSON.stringify(answer).slice(0, 300)}`); return answer; };

    const account = m.load(big);
    ok(account.loaded, 'load the 1,000-principal account');
    const who = ok(account.whoCan('s3:GetObject', 'arn:aws:s3:::bucket1/x'), 'whoCan');
    const whoMs = median(() => account.whoCan('s3:GetObject', 'arn:aws:s3:::bucket1/x'), 9);
    account.free();

    const loaded = m.load(reader);
    ok(loaded.loaded, 'load the ReadOnlyAccess reader');
    const what = ok(loaded.whatCan('arn:aws:iam::111111111111:user/reader', { catalog }), 'whatCan');
    const whatMs = median(() => loaded.whatCan('arn:aws:iam::111111111111:user/reader'), 7);
    loaded.free();

    const bucketScenario = { resources: [{ arn: 'arn:aws:s3:::big-bucket', account: '111111111111', policy: bucket }] };
    const access = ok(m.analyzeAccess(bucketScenario), 'analyzeAccess');
    const accessMs = median(() => m.analyzeAccess(bucketScenario), 9);
    return {
      whoMs, whoRows: who.principals.length,
      whatMs, services: what.services.length,
      accessMs, access: access.resources.map((r) => r.access).join(','), bucketBytes: JSON.stringify(bucket).length,
    };
  }, { big: account(1000), reader: whatCanScenario(), bucket: largeBucketPolicy() });
  console.log('bench-chromium: the account-scale questions in Chromium (web npm package, median)');
  console.log(`  whoCan, 1,000-principal account (${results.whoRows} rows): ${results.whoMs.toFixed(1)} ms (target 60 ms)`);
  console.log(`  whatCan, ReadOnlyAccess + 10 policies over the catalog (${results.services} services): ${results.whatMs.toFixed(1)} ms`);
  console.log(`  analyzeAccess, ${results.bucketBytes}-byte bucket policy (${results.access}): ${results.accessMs.toFixed(1)} ms`);
} finally {
  await browser.close();
  server.close();
}
