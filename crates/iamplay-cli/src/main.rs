//! The `iamplay` command: reads scenario and policy files, prints decisions, explanations, the allow/deny
//! matrix and lint findings. Every IAM rule lives in `iamplay-core`; this crate only reads files and renders the
//! core's data as text or JSON.

mod analysis;
mod check;
mod describe;
mod diagnostics;
mod explain;
mod fixes;
mod import;
mod input;
mod lessons;
mod lint;
mod matrix;
mod style;
mod terminal;

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::Write as _;
use std::process::ExitCode;

/// Exit status: every expectation held, nothing to report.
pub const EXIT_OK: u8 = 0;
/// Exit status: a request did not get its `expect` (check), or lint found problems.
pub const EXIT_FAILED: u8 = 1;
/// Exit status: invalid input (unreadable file, bad JSON, invalid scenario or policy, bad arguments).
pub const EXIT_INVALID: u8 = 2;

const MAIN_AFTER_HELP: &str = "\
Examples:
  iamplay check examples/*.json             Check every request's `expect` (and the gallery index)
  iamplay check --format json scenario.json Results as JSON, for CI
  iamplay matrix examples/cross-account-table.json
  iamplay explain examples/developer-group.json --request 2
  iamplay explain examples/developer-group.json --request 2 --fixes
  iamplay diff before.json after.json       What a change opened and closed
  iamplay tighten scenario.json --allow 0,1 Least-privilege policies for requests 0 and 1
  iamplay lint scenario.json                Lint every policy of a scenario
  iamplay lint --kind identity policy.json  Lint one bare policy document
  iamplay import prod.json > scenario.json  Import an account export (aws iam get-account-authorization-details)
  iamplay who-can account.json --action s3:GetObject --resource arn:aws:s3:::data/x
  iamplay what-can account.json --principal arn:aws:iam::111111111111:user/ana
  iamplay access account.json               Public, external or private, per resource
  cat scenario.json | iamplay check -       `-` reads standard input

Exit status:
  0  every expectation held (check), no finding (lint)
  1  some request did not get its `expect` (check), findings (lint)
  2  invalid input: unreadable file, bad JSON, invalid scenario or policy, bad arguments

Errors are printed as `FILE:LINE:COLUMN: error[CODE]: message` (columns count characters), followed by the
line, a caret and a help line. Colors are used only on a terminal; set NO_COLOR or pass --color never to
turn them off.";

/// Evaluate AWS IAM scenarios: decisions, explanations, the allow/deny matrix and lint.
#[derive(Debug, Parser)]
#[command(name = "iamplay", version, after_help = MAIN_AFTER_HELP)]
pub struct Cli {
    /// When to use colors.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colors when the output is a terminal and NO_COLOR is not set.
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Readable tables.
    Text,
    /// One JSON document on standard output.
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Evaluate every request of scenario files and compare each decision with its `expect`.
    #[command(after_help = CHECK_AFTER_HELP)]
    Check(CheckArgs),
    /// Print the allow/deny matrix: every principal against every (action, resource) of a scenario.
    #[command(after_help = MATRIX_AFTER_HELP)]
    Matrix(MatrixArgs),
    /// Explain one request in full: decisive statements, why every statement did or did not apply,
    /// conditions with the request's values, and role-assumption hops with their temporary credentials.
    #[command(after_help = EXPLAIN_AFTER_HELP)]
    Explain(ExplainArgs),
    /// Lint every policy of scenario files, or bare policy documents with --kind.
    #[command(after_help = LINT_AFTER_HELP)]
    Lint(LintArgs),
    /// Turn AWS CLI outputs (account exports, roles, policy versions, SCPs/RCPs, resource policies) into a
    /// scenario on standard output; what was taken and skipped goes to standard error.
    #[command(after_help = IMPORT_AFTER_HELP)]
    Import(ImportArgs),
    /// Who can do an action on a resource: every principal, with decisions, assume-role chains and conditions.
    #[command(after_help = analysis::WHO_CAN_AFTER_HELP)]
    WhoCan(analysis::WhoCanArgs),
    /// What a principal can do over the whole action catalog, summarized per service by access level.
    #[command(after_help = analysis::WHAT_CAN_AFTER_HELP)]
    WhatCan(analysis::WhatCanArgs),
    /// Whether each resource and role is public, shared outside its account, or private, with witnesses.
    #[command(after_help = analysis::ACCESS_AFTER_HELP)]
    Access(analysis::AccessArgs),
    /// Every cell whose decision changed between two versions of a scenario, opened first.
    #[command(after_help = DIFF_AFTER_HELP)]
    Diff(DiffArgs),
    /// Least-privilege policies that allow exactly the wanted requests, verified by evaluation.
    #[command(after_help = TIGHTEN_AFTER_HELP)]
    Tighten(TightenArgs),
}

const DIFF_AFTER_HELP: &str = "\
Examples:
  iamplay diff before.json after.json
  iamplay diff --format json main.json branch.json

Cells: every principal x (action, resource, context) of either scenario's matrix, plus requests with an
`assume` chain or a session policy. Opened: denied before, allowed after. Closed: the reverse. Changed:
explicit <-> implicit deny.

who-can: for each (action, resource, context) the cells ask of a resource with a resource, trust or key
policy, who-can in both versions over the principals of both ([who-can] in the text): principals of other
accounts the policies name, any principal of another account, and answers that hold only for some values of
context keys the question leaves open (\"Allow if conditions hold\"). From conditional to unconditional Allow is
opened. A cell the first part reports is not reported again. Questions nothing changed for are not asked
(whoCanUnchanged); the rest is bounded: questions past the bound are counted (whoCanSkipped) and noted.

JSON output: {\"opened\": [...], \"closed\": [...], \"changed\": [...], \"whoCanAsked\": N, \"whoCanUnchanged\": N,
\"whoCanSkipped\": N},
each cell with principal, action, resource, (assume, context), before, after and source (\"cell\" or
\"who-can\"; who-can cells also beforeConditional/afterConditional, conditions, chain, chainFrom).

Exit status: 0 when nothing opened, 1 when any access opened, 2 on invalid input.";

const TIGHTEN_AFTER_HELP: &str = "\
Examples:
  iamplay tighten examples/developer-group.json --allow 0,1
  iamplay tighten scenario.json --allow 2 --deny 3 --format json
  iamplay tighten examples/cross-account-table.json --allow 0 --side resource

--side identity (the default): each user or role the wanted requests call as gets one policy (replacing its
own policies) naming exactly the actions and ARNs needed, plus the trust or resource policy edits
cross-account calls need.

--side resource: each resource gets one resource policy (replacing its policy; its Deny statements stay)
granting the exact principal ARNs the exact actions, in as few statements as that allows; a resource the
scenario does not describe gets an entry (W0906). A cross-account call needs the caller's identity side too:
an identity statement is added beside the caller's policies unless they already allow it (W0905). Calls no
resource policy can allow (actions on *, services without resource-based policies, assume-role hops, whose
trust policies are not replaced) are granted on the identity side (W0904). Anonymous callers need
Principal \"*\" (W0907).

The result is verified by evaluation and linted.

Exit status: 0 when verified, 1 when some wanted request stays denied, a --deny request is allowed, or a
cell outside the wanted calls opens, 2 on invalid input.";

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The scenario before the change; `-` reads standard input.
    #[arg(value_name = "BEFORE")]
    pub before: String,
    /// The scenario after the change.
    #[arg(value_name = "AFTER")]
    pub after: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// `tighten --side`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Side {
    /// Each caller gets one policy replacing its own policies
    Identity,
    /// Each resource gets one resource policy replacing its own (its Deny statements kept); cross-account calls
    /// and calls no resource policy can allow also get identity statements
    Resource,
}

#[derive(Debug, Args)]
pub struct TightenArgs {
    /// A scenario file; `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub file: String,
    /// 0-based indexes of the requests that should be allowed.
    #[arg(long, required = true, value_delimiter = ',', value_name = "N,...")]
    pub allow: Vec<usize>,
    /// 0-based indexes of requests that must stay denied.
    #[arg(long, value_delimiter = ',', value_name = "N,...")]
    pub deny: Vec<usize>,
    /// Where the grants go: one identity policy per principal, or one resource policy per resource.
    #[arg(long, value_enum, default_value_t = Side::Identity)]
    pub side: Side,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

const CHECK_AFTER_HELP: &str = "\
Examples:
  iamplay check examples/developer-group.json
  iamplay check examples/*.json tests/golden/*.json
  iamplay check examples/lessons/*.json     Every lesson step: fails before its model edit, passes after
  iamplay check --format json scenario.json | jq '.summary'

Text output: one table per file with each request's decision, its `expect`, whether the caller is in the
resource's account (same/cross), and the decisive statement (policy id, statement index, Sid, line:column).

JSON output:
  {\"results\": [{\"file\", \"index\", \"name\", \"decision\", \"expect\", \"ok\", \"sameAccount\", \"hops\": [...],
                \"explain\": {...}}],
   \"summary\": {\"passed\", \"failed\", \"total\"}}

Lesson files (an object with `steps`, docs/write-a-lesson.md) are validated: each step's check must fail on
the scenario the step starts from and pass once its model edit is applied. An index (a JSON array such as
examples/index.json) is checked for files that are missing or do not load.

Exit status: 0 when every `expect` holds, 1 when one does not, 2 on invalid input.";

const MATRIX_AFTER_HELP: &str = "\
Examples:
  iamplay matrix examples/cross-account-table.json
  iamplay matrix --format json scenario.json

Rows: every user, every role (as its session), the root user of every described account, the services and
identity providers named in trust and resource policies, request principals, and anonymous. Columns: the
distinct (action, resource, context) of the requests, or, without requests, the Action x Resource pairs the
policies name. Each cell: the decision, same (=) or cross (x) account, and what the caller would get on the
other side of the account boundary (the resource moved into or out of the caller's account).

Exit status: 0, or 2 on invalid input.";

const EXPLAIN_AFTER_HELP: &str = "\
Examples:
  iamplay explain examples/cross-account-role.json --request 3
  iamplay explain examples/saml-federation.json --request \"analyst reads the sales data\"
  iamplay explain --format json scenario.json --request 0
  iamplay explain scenario.json --request 2 --fixes --format json

--fixes prints the smallest edits that would flip the decision (denied: allow it; allowed: deny it), each
verified by re-evaluating the edited scenario, with every other cell it flips, fewest flips first.
JSON: {\"target\", \"decision\", \"goal\", \"fixes\": [{\"summary\", \"patch\", \"flips\", \"decision\", \"edits\"}]}.

Exit status: 0, or 2 on invalid input or an unknown request.";

const LINT_AFTER_HELP: &str = "\
Examples:
  iamplay lint examples/mistakes-star-star.json
  iamplay lint --kind identity policy.json
  iamplay lint --kind trust --disable L0108 trust.json
  iamplay lint --list

Findings are printed as `FILE:LINE:COLUMN: SEVERITY[CODE]: message` with a help line and the AWS page.
Severities: error (AWS rejects it), security-warning, warning, suggestion.

Exit status: 0 when there is no finding (suggestions do not count), 1 when there are findings, 2 on invalid
input (a file that does not parse, an unknown code in --disable).";

const IMPORT_AFTER_HELP: &str = "\
Examples:
  aws iam get-account-authorization-details > prod.json
  iamplay import prod.json > scenario.json && iamplay check scenario.json
  iamplay import prod.json dev.json --into scenario.json > merged.json
  iamplay import bucket-policy.json --resource arn:aws:s3:::my-bucket --account 111122223333
  iamplay import scp.json --level root              An SCP or RCP from `describe-policy`
  iamplay import version.json --attach-to arn:aws:iam::111122223333:role/app

Reads the JSON printed by: aws iam get-account-authorization-details, aws iam get-role, aws iam
get-policy-version, aws organizations describe-policy, aws s3api get-bucket-policy, aws sqs
get-queue-attributes, aws sns get-topic-attributes, aws lambda get-policy, aws kms get-key-policy, aws ecr
get-repository-policy, aws secretsmanager get-resource-policy, and bare policy documents. Nothing is sent
anywhere: the files are read and the scenario is written, that is all.

Every skip is reported as `FILE:LINE:COLUMN: warning[W11xx]: ...` with its reason (a customer managed policy
missing from the export, a group the export does not describe, a document that does not parse).

Exit status: 0 when the scenario was written (skips are warnings), 2 on invalid input (an unreadable or
unrecognized file, bad options, a scenario to import into that is not one).";

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// AWS CLI outputs (JSON); `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,
    /// A scenario to import into: it keeps everything, and imported entities replace those with their ARN.
    #[arg(long, value_name = "SCENARIO")]
    pub into: Option<String>,
    /// The resource a resource policy is attached to (a role ARN takes a bare trust policy).
    #[arg(long, value_name = "ARN")]
    pub resource: Option<String>,
    /// The user, group or role a policy version or a bare identity policy is attached to.
    #[arg(long, value_name = "ARN")]
    pub attach_to: Option<String>,
    /// Where an SCP or RCP is attached: `root` (every account), `ou` or `account`.
    #[arg(long, value_enum)]
    pub level: Option<LevelArg>,
    /// The account of an OU- or account-level SCP/RCP, or the owner of an S3 bucket.
    #[arg(long, value_name = "ID")]
    pub account: Option<String>,
    /// Format of the report on standard error (the scenario is always JSON on standard output).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LevelArg {
    /// The organization root: every account of the scenario.
    Root,
    /// The OU directly above the account.
    Ou,
    /// The account itself.
    Account,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Scenario files; `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct MatrixArgs {
    /// A scenario file; `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub file: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A scenario file; `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub file: String,
    /// The request: its 0-based index in `requests`, or its `name`.
    #[arg(long, short = 'r', value_name = "N")]
    pub request: String,
    /// Instead of the explanation, the smallest verified edits that would flip the decision, each with the
    /// other cells it changes and an RFC 6902 JSON Patch against FILE.
    #[arg(long)]
    pub fixes: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Scenario files, or policy documents with --kind; `-` reads standard input.
    #[arg(value_name = "FILE", required_unless_present = "list")]
    pub files: Vec<String>,
    /// Read each file as a bare policy document of this kind instead of a scenario.
    #[arg(long, value_enum)]
    pub kind: Option<PolicyKindArg>,
    /// Codes of checks to skip, comma-separated (e.g. L0101,L0104).
    #[arg(long, value_delimiter = ',', value_name = "CODE,...")]
    pub disable: Vec<String>,
    /// List every check with its code, severity and summary, then exit.
    #[arg(long)]
    pub list: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PolicyKindArg {
    /// Attached to a user, group or role.
    Identity,
    /// Attached to a resource (bucket, queue, key, ...).
    Resource,
    /// A role's trust policy.
    Trust,
    /// A permissions boundary.
    Boundary,
    /// A session policy.
    Session,
    /// A service control policy.
    Scp,
    /// A resource control policy.
    Rcp,
}

/// What a command produced: text for standard output and standard error, and the exit status.
#[derive(Debug, Default)]
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    pub code: u8,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // clap prints usage errors and help itself; usage errors are invalid input.
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() {
                EXIT_INVALID
            } else {
                EXIT_OK
            });
        }
    };
    let mut reader = input::Reader::new();
    let styles = style::Styles::choose(cli.color);
    let outcome = match &cli.command {
        Command::Check(args) => check::run(args, &mut reader, &styles),
        Command::Matrix(args) => matrix::run(args, &mut reader, &styles),
        Command::Explain(args) => explain::run(args, &mut reader, &styles),
        Command::Lint(args) => lint::run(args, &mut reader, &styles),
        Command::Import(args) => import::run(args, &mut reader, &styles),
        Command::WhoCan(args) => analysis::run_who_can(args, &mut reader, &styles),
        Command::WhatCan(args) => analysis::run_what_can(args, &mut reader, &styles),
        Command::Access(args) => analysis::run_access(args, &mut reader, &styles),
        Command::Diff(args) => fixes::run_diff(args, &mut reader, &styles),
        Command::Tighten(args) => fixes::run_tighten(args, &mut reader, &styles),
    };
    // A closed pipe (`iamplay check ... | head`) is not an error worth a panic or a message. Scenario text
    // reaches the terminal only through `terminal::safe` (no escape sequences from a hostile file).
    let _ = std::io::stdout()
        .lock()
        .write_all(terminal::safe(&outcome.stdout, styles.out.enabled).as_bytes());
    let _ = std::io::stderr()
        .lock()
        .write_all(terminal::safe(&outcome.stderr, styles.err.enabled).as_bytes());
    ExitCode::from(outcome.code)
}
