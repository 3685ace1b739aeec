// A small program against the npm package's generated types (`make test-npm` runs `tsc --noEmit` on it). It
// must compile, and every `@ts-expect-error` line must NOT compile: the types are precise, not `any`.
import {
  checkScenario, explain, importAws, lintPolicy, lintScenario, matrix, parsePolicy, version,
  suggestFixes, diffScenarios, tightestPolicy,
  type Answer, type CheckScenarioSuccess, type Decision, type Diagnostic, type PolicyKind, type Utf16Span,
} from 'iamplay';
import init, { checkScenario as checkInBrowser } from 'iamplay-web';

const scenario = {
  users: [{
    arn: 'arn:aws:iam::111122223333:user/ana',
    policies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }],
  }],
  requests: [{ principal: 'arn:aws:iam::111122223333:user/ana', action: 's3:GetObject',
    resource: 'arn:aws:s3:::reports/q3.csv', expect: 'Allow' }],
};

function where(span: Utf16Span | null): string {
  return span ? `${span.start.line}:${span.start.column} (offset ${span.start.offset})` : '-';
}

function report(answer: Answer<CheckScenarioSuccess>): string[] {
  if (answer.type === 'failure') return answer.errors.map((e: Diagnostic) => `${where(e.span)} ${e.code} ${e.message}`);
  const lines = answer.results.map((r) => {
    const decision: Decision = r.decision;
    const expected: Decision | null = r.expect;
    const by = r.decisive.map((s) => `${s.policyId}#${s.statementIndex} ${s.sid ?? ''} at ${where(s.span)}`);
    const hops = r.hops.map((h) => `${h.roleArn}: ${h.decision}, expires in ${h.credentials?.durationSeconds ?? 0}s`);
    return [r.index, r.name, decision, expected, r.ok, r.sameAccount, r.reason, ...by, ...hops].join(' ');
  });
  return [...lines, `${answer.summary.passed}/${answer.summary.total}`];
}

report(checkScenario(scenario));
report(checkScenario(JSON.stringify(scenario)));

const explained = explain(scenario, 0);
if (explained.type === 'success') {
  const { explanation } = explained.result;
  for (const policy of explanation.policies) {
    for (const statement of policy.statements) {
      const matched: boolean | undefined = statement.conditions[0]?.outcome?.matched;
      const pattern: string | undefined = statement.action.matchedPattern?.written;
      void [matched, pattern, statement.resource?.applies, statement.principal?.matched?.how];
    }
  }
  for (const note of explanation.notes) if (note.note === 'scpLevelWithoutAllow') void (note.level + 1);
}

const grid = matrix(scenario);
if (grid.type === 'success') {
  const cell = grid.cells[0]?.[0];
  const whatIf: Decision | undefined = cell?.whatIf?.decision;
  void [grid.rows[0]?.kind, grid.columns[0]?.action, grid.columns[0]?.context['aws:SourceIp'], whatIf];
}

const kind: PolicyKind = 'trust';
for (const answer of [lintPolicy('{}', kind), lintScenario(scenario)]) {
  if (answer.type === 'success') for (const f of answer.findings) void [f.severity === 'securityWarning', f.url, where(f.span)];
}
const parsed = parsePolicy('{"Version": "2012-10-17", "Statement": []}', 'identity');
if (parsed.type === 'success') void parsed.policy.statements.map((s) => s.effect.value === 'Allow');
const v = version();
if (v.type === 'success') void [v.engine.toUpperCase(), v.api + v.scenarioFormat, v.catalog?.length];

async function inBrowser(): Promise<Decision | undefined> {
  await init();
  const answer = checkInBrowser(scenario);
  return answer.type === 'success' ? answer.results[0]?.decision : undefined;
}
void inBrowser;

// The types reject what the API does not accept or return.
// @ts-expect-error — 'bucket' is not a PolicyKind
lintPolicy('{}', 'bucket');
// @ts-expect-error — results exist only on success
void checkScenario(scenario).results;
const narrowed = checkScenario(scenario);
if (narrowed.type === 'success') {
  // @ts-expect-error — a success has no errors
  void narrowed.errors;
  // @ts-expect-error — decisions are 'Allow' | 'ExplicitDeny' | 'ImplicitDeny'
  const wrong: typeof narrowed.results[0]['decision'] = 'Deny';
  void wrong;
}
// @ts-expect-error — the request index is a number
explain(scenario, '0');

// The account-scale questions and the prepared API.
import { load, whoCan, whatCan, analyzeAccess, type DecideRequest, type WhoCanRow } from 'iamplay';

const rows: WhoCanRow[] = [];
const who = whoCan(scenario, 's3:GetObject', 'arn:aws:s3:::reports/q3.csv', { 'aws:SourceIp': '203.0.113.9' });
if (who.type === 'success') rows.push(...who.principals.filter((r) => r.decision === 'Allow' && r.chain.length === 0));
const what = whatCan(scenario, 'arn:aws:iam::111122223333:user/ana', { service: 's3' });
if (what.type === 'success') what.services.map((s) => `${s.service}: ${s.summary} ${s.actions.map((a) => a.action)}`);
const access = analyzeAccess(scenario);
if (access.type === 'success') access.resources.map((r) => `${r.resource} ${r.access} ${r.witnesses.length} ${r.reason ?? ''}`);
const handle = load(scenario);
const request: DecideRequest = { principal: 'arn:aws:iam::111122223333:user/ana', action: 's3:GetObject', resource: 'arn:aws:s3:::r/x' };
const decided = handle.decide(request);
const asDecision: Decision | null = typeof decided === 'string' ? decided : null;
// @ts-expect-error a request needs an action
handle.decide({ principal: 'anonymous', resource: 'x' });
handle.free();
void asDecision;
// What would change a decision, what a change opened, the tightest policy.
const fixes = suggestFixes(scenario, 0);
if (fixes.type === 'success') {
  void [fixes.goal === 'allow', fixes.target.principal.length];
  for (const fix of fixes.fixes) {
    void [fix.summary.length, fix.needsOrganization, fix.decision === 'Allow'];
    for (const op of fix.patch) void [op.op === 'add' || op.op === 'remove' || op.op === 'replace', op.path.length];
    for (const flip of fix.flips) void [flip.before === 'Allow', flip.after, flip.action, flip.resource];
  }
}
const change = diffScenarios(scenario, scenario);
if (change.type === 'success') {
  void [change.opened.length + change.closed.length + change.changed.length, change.whoCanAsked, change.whoCanSkipped];
  for (const cell of change.opened) void [cell.source === 'who-can', cell.afterConditional, cell.chain?.length];
}
const tight = tightestPolicy(scenario, [0], [1]);
if (tight.type === 'success') void [tight.verified, tight.policies[0]?.principal, tight.unsatisfied.length];
// @ts-expect-error — wanted requests are a list of indexes
tightestPolicy(scenario, 0);
void tightestPolicy(scenario, [0]);
const onResources = tightestPolicy(scenario, [0], undefined, { side: 'resource' });
if (onResources.type === 'success') {
  void [onResources.side === 'resource', onResources.resourcePolicies[0]?.created, onResources.notes[0]?.code];
}
// @ts-expect-error — the side is identity or resource
tightestPolicy(scenario, [0], [], { side: 'both' });

// importAws: inputs as strings or {name, text}; options optional and typed.
const imported = importAws([{ name: 'prod.json', text: '{"UserDetailList": []}' }, '{"Statement": []}'],
  { level: 'root', account: '111122223333' });
if (imported.type === 'success') {
  const skipped: string[] = imported.inputs.flatMap((input) => input.skipped.map((d) => `${input.name}:${where(d.span)} ${d.code}`));
  void skipped;
  void JSON.parse(imported.scenario);
}
void importAws(['{}']);
// @ts-expect-error — a level is 'root' | 'ou' | 'account'
importAws([], { level: 'organization' });
