// The playground's link parameters, as the docs use them, and the links that open the docs' own scenarios.
//   #example=<id>                 a gallery example (examples/index.json)
//   #scenario=1.<base64url(deflate-raw(scenario JSON text))>   a scenario in the public scenario format
//   embed=1, readonly=1           compact chrome for iframes, editors locked (query string or fragment)
//   s=1.<...>                     the playground's own share links (Share → Copy link)
//
// Run `node tests/docs/playground-links.mjs` to rewrite every reference-style link definition whose label names a
// docs scenario (`[session-policy]: http://127.0.0.1:8080/#scenario=1....` for docs/scenarios/session-policy.json)
// after editing that scenario; tests/docs/check-docs.test.mjs fails while one is stale.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { ROOT, PLAYGROUND_BASE, docFiles } from './markdown.mjs';

export const SCENARIO_LINK_VERSION = 1;
const SCENARIOS = path.join(ROOT, 'docs', 'scenarios');

const flag = (v) => (['1', 'true', ''].includes(v) ? null : `use \`=1\` for a flag, not \`=${v}\``);

/** Parameter → validator returning a problem or null. */
export const PLAYGROUND_PARAMS = {
  example: (v, { examples }) => (examples.has(v) ? null : `no gallery example \`${v}\` in examples/index.json`),
  scenario: (v) => {
    try { JSON.parse(decodeScenarioPayload(v)); return null; } catch (e) { return `the scenario= payload does not decode: ${e.message}`; }
  },
  s: (v) => (/^\d+\.[A-Za-z0-9_-]+$/.test(v) ? null : 'a malformed share payload'),
  embed: flag,
  readonly: flag,
  lesson: (v) => (lessonIds().has(v) ? null : `no lesson \`${v}\` in examples/lessons/index.json`),
};

/** The ids of the guided lessons (examples/lessons/index.json). */
function lessonIds() {
  lessonIds.ids ??= new Set(JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'lessons', 'index.json'), 'utf8')).map((l) => l.id));
  return lessonIds.ids;
}

/** The `scenario=` payload for a scenario's text. */
export function encodeScenarioPayload(text) {
  return `${SCENARIO_LINK_VERSION}.${zlib.deflateRawSync(Buffer.from(text, 'utf8'), { level: 9 }).toString('base64url')}`;
}

export function decodeScenarioPayload(payload) {
  const [version, data] = payload.split('.');
  if (version !== String(SCENARIO_LINK_VERSION) || !data) throw new Error(`unknown version \`${version}\``);
  return zlib.inflateRawSync(Buffer.from(data, 'base64url')).toString('utf8');
}

export function scenarioLink(id) {
  const text = fs.readFileSync(path.join(SCENARIOS, `${id}.json`), 'utf8');
  return `${PLAYGROUND_BASE}#scenario=${encodeScenarioPayload(text)}`;
}

function params(url) {
  const u = new URL(url);
  return new Map([...new URLSearchParams(u.search), ...new URLSearchParams(u.hash.slice(1))]);
}

/** For a playground URL carrying a scenario: `{ text }` decoded, else null. */
export function decodeScenarioParam(url) {
  const payload = params(url).get('scenario');
  return payload ? { text: decodeScenarioPayload(payload) } : null;
}

/** The id of the docs scenario a playground URL opens (by content), or null. */
export function docsScenario(url) {
  const decoded = decodeScenarioParam(url);
  if (!decoded) return null;
  for (const f of fs.readdirSync(SCENARIOS).filter((n) => n.endsWith('.json'))) {
    if (fs.readFileSync(path.join(SCENARIOS, f), 'utf8') === decoded.text) return f.replace(/\.json$/, '');
  }
  return null;
}

/** `[{ file, line, id, url, fresh }]` for every reference definition labelled with a docs scenario id. */
export function scenarioDefinitions() {
  const ids = new Set(fs.readdirSync(SCENARIOS).filter((n) => n.endsWith('.json')).map((n) => n.replace(/\.json$/, '')));
  const out = [];
  for (const file of docFiles()) {
    fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n').forEach((line, i) => {
      const m = line.match(/^\[([a-z0-9-]+)\]:\s+(\S+)\s*$/);
      if (m && ids.has(m[1]) && m[2].startsWith(PLAYGROUND_BASE)) {
        out.push({ file, line: i + 1, id: m[1], url: m[2], fresh: m[2] === scenarioLink(m[1]) });
      }
    });
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const def of scenarioDefinitions().filter((d) => !d.fresh)) {
    const file = path.join(ROOT, def.file);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines[def.line - 1] = `[${def.id}]: ${scenarioLink(def.id)}`;
    fs.writeFileSync(file, lines.join('\n'));
    console.log(`${def.file}:${def.line}: updated the link to docs/scenarios/${def.id}.json`);
  }
}
