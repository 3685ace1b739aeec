//! Turns what the AWS CLI prints into scenario entities: account exports (`aws iam
//! get-account-authorization-details`), one role (`aws iam get-role`), one policy version (`aws iam
//! get-policy-version`), an organization policy (`aws organizations describe-policy`), the resource-policy
//! outputs of S3, SQS, SNS, Lambda, KMS, ECR and Secrets Manager, and bare policy documents. Text in, scenario
//! text out, with a report of what was taken and what was skipped and why; no files, no network.
//!
//! CONTRACT:
//! - [`import_aws`] never panics and never fails as a whole: an input that cannot be read gets errors in its
//!   [`InputReport`], the others are still imported.
//! - The scenario written follows docs/scenario-format.md and loads with `scenario::load_scenario`: every
//!   policy is parsed as the kind its place implies before it is written, and one that does not parse is
//!   skipped with the parser's reason instead of breaking the scenario. What still does not load (a limit of
//!   the loader) is returned in [`ImportOutcome::problems`], never hidden.
//! - AWS managed policies are written as their ARNs (`"policies": ["arn:aws:iam::aws:policy/ReadOnlyAccess"]`);
//!   customer managed policies as `{"name", "document"}` at their default version; inline policies likewise.
//! - Importing into an existing scenario (`ImportOptions::into`) keeps everything it has; an entity with the
//!   ARN of one it has replaces it (reported as `replaced`), keeping what the import cannot know (a role's
//!   `maxSessionDuration`, which the export does not carry).
//! - Several inputs make one scenario: exports first (in the order given), then the single documents that
//!   attach to their entities. A later export of the same entity replaces the earlier one.
//! - Every skip is a warning [`Diagnostic`] with a stable `W11xx` code and the span of what was skipped in
//!   that input's text; unreadable inputs and bad options are `E11xx` errors (JSON errors keep `E01xx`).

mod document;
mod draft;
mod read;
pub mod tree;

#[cfg(test)]
mod tests;

use crate::diagnostic::{Diagnostic, Span};
use crate::managed::ManagedPolicySource;
use serde::{Deserialize, Serialize};

/// Stable codes: `E11xx` for input that cannot be imported at all, `W11xx` for what an import skipped or
/// assumed.
pub mod codes {
    /// The input is JSON but none of the AWS CLI outputs the import reads, nor a policy document.
    pub const E1101_UNRECOGNIZED: &str = "E1101";
    /// The scenario to import into (`into`) is not a JSON object.
    pub const E1102_BAD_INTO: &str = "E1102";
    /// An option is malformed: `resource` not an ARN, `attachTo` not a user, group or role ARN, `account`
    /// not 12 digits.
    pub const E1103_BAD_OPTION: &str = "E1103";
    /// An attached customer managed policy or boundary that the export does not contain.
    pub const W1101_MISSING_POLICY: &str = "W1101";
    /// A policy document that cannot be decoded or does not parse as the kind its place implies.
    pub const W1102_INVALID_POLICY: &str = "W1102";
    /// A user's group that the export does not describe.
    pub const W1103_MISSING_GROUP: &str = "W1103";
    /// A document that needs a target the options do not give (`resource`, `attachTo`, `account`, `level`).
    pub const W1104_NEEDS_TARGET: &str = "W1104";
    /// An organization policy that is not an authorization policy (tag, backup, AI opt-out, chat policies).
    pub const W1105_NOT_AUTHORIZATION: &str = "W1105";
    /// The export says it is truncated (`IsTruncated: true`): pages are missing.
    pub const W1106_TRUNCATED: &str = "W1106";
    /// An entry without what identifies it (an `Arn`, a `PolicyName`, a document).
    pub const W1107_MALFORMED_ENTRY: &str = "W1107";
    /// Something the import added that the input does not say: AWS's default `FullAWSAccess` /
    /// `RCPFullAWSAccess` at organization levels it created.
    pub const W1108_ASSUMED: &str = "W1108";
    /// A resource ARN given in the options that does not match the service whose output was imported.
    pub const W1109_RESOURCE_MISMATCH: &str = "W1109";
    /// An AWS managed policy ARN the managed-policy snapshot does not have (newer than the snapshot, or another
    /// partition's): the export's copy of the document is used, or the attachment is left out.
    pub const W1110_UNKNOWN_MANAGED_POLICY: &str = "W1110";
    /// `importAws`'s inputs are not an array of strings or `{name, text}` objects (reported by the ffi).
    pub const E1104_BAD_INPUTS: &str = "E1104";
    /// `importAws`'s options are not an object of the documented keys (reported by the ffi).
    pub const E1105_BAD_OPTIONS: &str = "E1105";
}

/// One text to import, with the name reports use (a file name in the CLI, a label in the playground).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportInput {
    pub name: String,
    pub text: String,
}

/// Where an organization policy (SCP or RCP) is attached. The scenario lists an account's policies level by
/// level, root first, then each OU, then the account (docs/scenario-format.md, `accounts`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum OrgLevel {
    /// The organization root: every account of the scenario.
    Root,
    /// The OU directly above the account.
    Ou,
    /// The account itself.
    Account,
}

/// What the inputs alone cannot say.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct ImportOptions {
    /// A scenario (JSON text) to import into; without it the import starts from an empty scenario.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub into: Option<String>,
    /// The resource a resource policy is attached to (`arn:aws:s3:::my-bucket`, a queue, topic, function, key,
    /// repository or secret ARN). A role ARN takes a bare trust policy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// The user, group or role a `get-policy-version` output or a bare identity policy is attached to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attach_to: Option<String>,
    /// The organization level of an SCP or RCP (`describe-policy`, or a bare document when given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<OrgLevel>,
    /// The account an OU- or account-level SCP/RCP applies to (a root-level one applies to every account
    /// unless this names one), and the owner of an S3 bucket, whose ARN has no account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
}

/// Which output an input was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputFormat {
    /// `aws iam get-account-authorization-details`.
    AccountAuthorizationDetails,
    /// `aws iam get-role`.
    GetRole,
    /// `aws iam get-policy-version`.
    GetPolicyVersion,
    /// `aws organizations describe-policy`.
    DescribePolicy,
    /// `aws s3api get-bucket-policy`.
    S3BucketPolicy,
    /// `aws sqs get-queue-attributes`.
    SqsQueueAttributes,
    /// `aws sns get-topic-attributes`.
    SnsTopicAttributes,
    /// `aws lambda get-policy`.
    LambdaPolicy,
    /// `aws kms get-key-policy`.
    KmsKeyPolicy,
    /// `aws ecr get-repository-policy`.
    EcrRepositoryPolicy,
    /// `aws secretsmanager get-resource-policy`.
    SecretsManagerResourcePolicy,
    /// A policy document as written (`{"Version": ..., "Statement": ...}`).
    PolicyDocument,
}

/// The kind of scenario entry an import wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum TakenKind {
    User,
    Group,
    Role,
    Resource,
    /// A service control policy at an account's level.
    Scp,
    /// A resource control policy at an account's level.
    Rcp,
    /// An identity policy added to an existing user, group or role.
    Policy,
}

/// One entry the import wrote into the scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Taken {
    pub kind: TakenKind,
    /// The entity's ARN; for an SCP or RCP, the account it was added to.
    pub arn: String,
    /// The policy's name, for `scp`, `rcp` and `policy` entries.
    pub name: Option<String>,
    /// Identity policies written for the entity (inline, customer managed and AWS managed).
    pub policies: usize,
    /// Of `policies`, how many are AWS managed policies written as ARNs.
    pub managed_arns: usize,
    pub permissions_boundary: bool,
    pub trust_policy: bool,
    pub tags: usize,
    /// Group memberships written for a user.
    pub groups: usize,
    /// A role under `/aws-service-role/`: created and assumed only by its AWS service.
    pub service_linked: bool,
    /// An entry with this ARN was already there (in `into` or an earlier input) and was replaced or updated.
    pub replaced: bool,
    /// Where the entry is in the input's text.
    pub span: Span,
}

/// What happened to one input.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InputReport {
    pub name: String,
    /// `None` when the input could not be read (see `errors`).
    pub format: Option<InputFormat>,
    /// The accounts the input's entities belong to.
    pub accounts: Vec<String>,
    pub taken: Vec<Taken>,
    /// What was left out, each with its reason (warnings, `W11xx`), positions in this input's text.
    pub skipped: Vec<Diagnostic>,
    /// Why nothing of this input could be imported (JSON errors, `E1101`).
    pub errors: Vec<Diagnostic>,
}

/// The result of an import.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportOutcome {
    /// The scenario as JSON text; `None` only when `into` is not a scenario object (see `into_errors`).
    pub scenario: Option<String>,
    pub inputs: Vec<InputReport>,
    /// Errors in `ImportOptions::into` (positions in its text) or in the options themselves.
    pub into_errors: Vec<Diagnostic>,
    /// Load errors of the written scenario (positions in `scenario`): limits of the loader the import could
    /// not avoid. Empty when the scenario loads.
    pub problems: Vec<Diagnostic>,
}

impl ImportOutcome {
    /// Whether any input, the options or `into` had errors, or the written scenario does not load.
    pub fn has_errors(&self) -> bool {
        !self.into_errors.is_empty()
            || !self.problems.is_empty()
            || self.inputs.iter().any(|input| !input.errors.is_empty())
    }
}

/// The size and depth limits for each input and for the scenario imported into: room for a large account's
/// export (tens of MB); the loader's own limits decide whether the written scenario loads.
pub const INPUT_LIMITS: crate::json::Limits = draft::INTO_LIMITS;

/// Imports `inputs` (into `options.into` when given), writing AWS managed policy ARNs as they are; the shell
/// that loads the scenario resolves them. See the module contract.
pub fn import_aws(inputs: &[ImportInput], options: &ImportOptions) -> ImportOutcome {
    read::run(inputs, options, None)
}

/// [`import_aws`] checking AWS managed policy ARNs against `managed` (the CLI's embedded snapshot, the one the
/// npm package or playground registered): an ARN the snapshot lacks is written as the export's own copy of
/// the document when the export has one (`W1110`), and left out otherwise (`W1110`), so the scenario loads.
pub fn import_aws_with(
    inputs: &[ImportInput],
    options: &ImportOptions,
    managed: Option<&dyn ManagedPolicySource>,
) -> ImportOutcome {
    read::run(inputs, options, managed)
}
