// Part of `make bench` (called by scripts/bench-node.mjs): the prepared API — `load(scenario)` once, then
// `decide(request)` — per decision, side by side in one node process with @cloud-copilot/iam-simulate's validated
// path (`runSimulation`) and unchecked path (`runUnsafeSimulation`), on the same request. iam-simulate is a
// benchmark-only dependency installed in scripts/bench (AGPL-3.0: run next to iamplay, never copied or shipped).
// Targets (issue 15): at least 50× the validated path and 10× the unchecked path per decision.
// Also times the account-scale questions through the package: whoCan on a 1,000-principal account, and
// analyzeAccess on a large bucket policy.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const ROOT = path.resolve(import.meta.dirname, '..');
const SIMULATE = path.join(ROOT, 'scripts', 'bench', 'node_modules', '@cloud-copilot', 'iam-simulate');

const POLICY = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Read', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::reports', 'arn:aws:s3:::reports/*'] },
    { Sid: 'NoDelete', Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' },
  ],
};
const USER = 'arn:aws:iam::111111111111:user/ana';
const REQUEST = { principal: USER, action: 's3:GetObject', resource: 'arn:aws:s3:::reports/q3.csv' };

/** A generated account: `users` users in one account, each with one of ten policies. */
export function account(users) {
  const policies = Array.from({ length: 10 }, (_, i) => ({
    name: `P${i}`,
    document: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: i % 2 ? 's3:GetObject' : ['s3:List*', 'ec2:Describe*'], Resource: i % 3 ? '*' : `arn:aws:s3:::bucket${i}/*` }],
    },
  }));
  return {
    accounts: { '111111111111': { name: 'big' } },
    users: Array.from({ length: users }, (_, i) => ({ arn: `arn:aws:iam::111111111111:user/u${i}`, policies: [policies[i % 10]] })),
    resources: [{ arn: 'arn:aws:s3:::bucket1', account: '111111111111' }],
  };
}

export async function benchPrepared(iamplay, measure) {
  const perDecision = (ms, n) => (ms * 1000) / n;
  const N = 2000;
  const scenario = { users: [{ arn: USER, policies: [{ name: 'Read', document: POLICY }] }] };
  const handle = iamplay.load(scenario);
  if (handle.loaded.type !== 'success') throw new Error(JSON.stringify(handle.loaded));
  const text = JSON.stringify(REQUEST);
  if (handle.decide(REQUEST) !== 'Allow') throw new Error(`decide: ${JSON.stringify(handle.decide(REQUEST))}`);
  const requestScenario = { ...scenario, requests: [REQUEST] };

  const runs = [
    ['iamplay load() + decide(object), strings seen before', () => { for (let i = 0; i < N; i++) handle.decide(REQUEST); }],
    ['iamplay load() + decideViaJson(object), JSON string', () => { for (let i = 0; i < N; i++) handle.decideViaJson(REQUEST); }],
    ['iamplay load() + decide(JSON text)', () => { for (let i = 0; i < N; i++) handle.decide(text); }],
    ['iamplay checkScenario(one-request scenario)', () => { for (let i = 0; i < N; i++) iamplay.checkScenario(requestScenario); }],
  ];
  let simulate = null;
  if (fs.existsSync(path.join(SIMULATE, 'package.json'))) {
    simulate = createRequire(path.join(ROOT, 'scripts', 'bench', 'package.json'))('@cloud-copilot/iam-simulate');
  } else {
    console.log('  iam-simulate: not installed (npm ci --prefix scripts/bench); comparison skipped');
  }
  let validated = null;
  if (simulate) {
    const simulation = {
      identityPolicies: [{ name: 'Read', policy: POLICY }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      request: { action: REQUEST.action, principal: USER, resource: { accountId: '111111111111', resource: REQUEST.resource }, contextVariables: {} },
    };
    const unsafe = simulate.runUnsafeSimulation(simulation, {});
    const safe = await simulate.runSimulation(simulation, {});
    // runUnsafeSimulation answers the result itself (`"Allowed"`); runSimulation wraps it.
    const unsafeDecision = typeof unsafe === 'string' ? unsafe : unsafe?.result;
    if (unsafeDecision !== 'Allowed') throw new Error(`iam-simulate unchecked answered ${JSON.stringify(unsafe)}`);
    console.log(`  iam-simulate answers: unchecked ${JSON.stringify(unsafeDecision)}, validated ${JSON.stringify(safe.result?.analysis?.result ?? safe.resultType)}`);
    runs.push(['iam-simulate runUnsafeSimulation (unchecked)', () => { for (let i = 0; i < N; i++) simulate.runUnsafeSimulation(simulation, {}); }]);
    // The validated path is async: timed separately below.
    const t = performance.now();
    for (let i = 0; i < N / 4; i++) await simulate.runSimulation(simulation, {});
    validated = perDecision(performance.now() - t, N / 4);
  }
  const results = measure(runs.map(([, run]) => run), { minRounds: 10, minMillis: 3000 });
  console.log(`bench-node: the prepared API, per decision (${N} decisions a run, median of runs)`);
  const micros = {};
  runs.forEach(([label], i) => {
    micros[label] = perDecision(results[i].median, N);
    console.log(`  ${label.padEnd(58)} ${micros[label].toFixed(2).padStart(8)} µs`);
  });
  if (validated !== null) console.log(`  ${'iam-simulate runSimulation (validated, async)'.padEnd(58)} ${validated.toFixed(2).padStart(8)} µs`);
  const decide = micros['iamplay load() + decide(object), strings seen before'];
  const viaJson = micros['iamplay load() + decideViaJson(object), JSON string'];
  console.log(`  request object: decide(object) ${decide.toFixed(2)} µs vs JSON string ${viaJson.toFixed(2)} µs`);
  if (simulate) {
    const unchecked = micros['iam-simulate runUnsafeSimulation (unchecked)'];
    const vsValidated = validated / decide;
    const vsUnchecked = unchecked / decide;
    console.log(`  decide vs iam-simulate validated: ${vsValidated.toFixed(0)}× (target 50×) — ${vsValidated >= 50 ? 'met' : 'NOT met'}`);
    console.log(`  decide vs iam-simulate unchecked: ${vsUnchecked.toFixed(1)}× (target 10×) — ${vsUnchecked >= 10 ? 'met' : 'NOT met'}`);
  }

  // who-can on a 1,000-principal account, through the package (target: 60 ms in the browser/JS).
  const big = iamplay.load(account(1000));
  const [who] = measure([() => big.whoCan('s3:GetObject', 'arn:aws:s3:::bucket1/x')], { minRounds: 5, minMillis: 1500 });
  const answer = big.whoCan('s3:GetObject', 'arn:aws:s3:::bucket1/x');
  const allowed = answer.principals.filter((p) => p.decision === 'Allow').length;
  console.log(`  whoCan, 1,000-principal account: ${who.median.toFixed(1)} ms (${allowed} of ${answer.principals.length} rows allowed; target 60 ms)`);
  big.free();
  handle.free();
}
