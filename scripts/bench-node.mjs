#!/usr/bin/env node
// `make bench`: 1,000 decisions through the node package (target/npm/iamplay-node), next to the same 1,000 made
// natively by crates/iamplay-core/benches/ffi.rs (read from criterion's results, so run that bench first).
// The scenario: examples/cross-account-role.json with its 8 requests repeated to 1,000 (role chains, same- and
// cross-account, allows and denies). The target: node within 3× of native.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const ROOT = path.resolve(import.meta.dirname, '..');
const PACKAGE = path.join(ROOT, 'target', 'npm', 'iamplay-node');
const CRITERION = path.join(ROOT, 'target', 'criterion', 'thousand_decisions');
const DECISIONS = 1000;
const TARGET_RATIO = 3;

if (!fs.existsSync(path.join(PACKAGE, 'package.json'))) {
  console.error(`${PACKAGE} is missing: run \`make npm\``);
  process.exit(2);
}
const iamplay = createRequire(import.meta.url)(PACKAGE);

// The same construction as benches/ffi.rs `thousand_decisions` (which writes the keys in sorted order).
const scenario = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'cross-account-role.json'), 'utf8'));
const requests = scenario.requests;
scenario.requests = Array.from({ length: DECISIONS }, (_, i) => requests[i % requests.length]);
const text = JSON.stringify(scenario);

const check = iamplay.checkScenario(text);
if (check.type !== 'success' || check.summary.passed !== DECISIONS) {
  console.error('bench-node: the scenario does not check cleanly', JSON.stringify(check).slice(0, 500));
  process.exit(1);
}

/** Median milliseconds of each of `runs`, measured alternately (so load changes on a shared machine hit them
 *  alike) for at least `minRounds` rounds and `minMillis` in all, after a warm-up. */
function measure(runs, { minRounds = 20, minMillis = 4000 } = {}) {
  for (let i = 0; i < 5; i++) runs.forEach((run) => run());
  const times = runs.map(() => []);
  const started = performance.now();
  while (times[0].length < minRounds || performance.now() - started < minMillis) {
    runs.forEach((run, i) => {
      const t = performance.now();
      run();
      times[i].push(performance.now() - t);
    });
  }
  return times.map((list) => {
    list.sort((a, b) => a - b);
    return { median: list[Math.floor(list.length / 2)], min: list[0], runs: list.length };
  });
}

/** Criterion's median for one native bench, in milliseconds, or null when the bench has not run. */
function native(name) {
  const file = path.join(CRITERION, name, 'new', 'estimates.json');
  if (!fs.existsSync(file)) return null;
  const estimates = JSON.parse(fs.readFileSync(file, 'utf8'));
  return estimates.median.point_estimate / 1e6;
}

const perSecond = (ms) => Math.round((DECISIONS / ms) * 1000).toLocaleString('en-US');
const row = (label, ms, extra = '') =>
  console.log(`  ${label.padEnd(52)} ${ms.toFixed(2).padStart(8)} ms  ${perSecond(ms).padStart(10)} decisions/s${extra}`);

console.log(`bench-node: ${DECISIONS.toLocaleString('en-US')} decisions (examples/cross-account-role.json, ${requests.length} requests × ${DECISIONS / requests.length}), node ${process.version}`);
const [fromText, fromObject] = measure([() => iamplay.checkScenario(text), () => iamplay.checkScenario(scenario)]);
await (await import('./bench-prepared.mjs')).benchPrepared(iamplay, measure);
const nativeFfi = native('check_scenario_json_str');
const nativeCore = native('load_and_check');
const nativeCheck = native('check_only');

row('node    checkScenario(JSON text)', fromText.median, `  (min ${fromText.min.toFixed(2)} ms, ${fromText.runs} runs)`);
row('node    checkScenario(object)', fromObject.median);
if (nativeFfi === null) {
  console.log('  native: no criterion results; run `cargo bench -p iamplay-core --features ffi --bench ffi` first');
  process.exit(0);
}
row('native  check_scenario_json_str (same answer, as JSON)', nativeFfi);
if (nativeCore !== null) row('native  load_scenario + check_scenario (no JSON out)', nativeCore);
if (nativeCheck !== null) row('native  check_scenario only (scenario preloaded)', nativeCheck);

const ratio = fromText.median / nativeFfi;
const verdict = ratio <= TARGET_RATIO ? 'within' : 'NOT within';
console.log(`  node / native (same answer): ${ratio.toFixed(2)}× — ${verdict} the ${TARGET_RATIO}× target`);
if (nativeCore !== null) console.log(`  node / native core without JSON: ${(fromText.median / nativeCore).toFixed(2)}×`);
