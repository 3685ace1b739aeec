//! The explanation of a decision, as data: which policy types allowed or denied, the decisive statements, and
//! for every statement why it did or did not apply. Produced by `eval`; shells render it. The only prose is
//! `Explanation::summary`.
//!
//! Borrowed text (`&'p str`, `Cow<'p, str>`) points into the evaluated policies, so explaining costs few
//! allocations; every type is `Serialize` with camelCase names.

use crate::condition::ClauseOutcome;
use crate::diagnostic::Span;
use crate::eval::request::ResourcePolicyKind;
use crate::policy::model::{ConditionOperator, Effect, PrincipalType};
use serde::Serialize;
use std::borrow::Cow;

/// The final answer (reference_policies_evaluation-logic.md, "The difference between explicit and implicit
/// denies").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Decision {
    Allow,
    /// A `Deny` statement applied.
    ExplicitDeny,
    /// No `Deny` applied, but the allows that the rules require were missing.
    ImplicitDeny,
}

/// Whether the caller and the resource are in the same account
/// (reference_policies_evaluation-logic-cross-account.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum AccountRelation {
    SameAccount,
    CrossAccount,
    /// The caller has no account (anonymous, a service principal, an identity provider): only the resource
    /// side decides.
    NoCallerAccount,
}

/// The policy types of reference_policies_evaluation-logic.md, "Evaluating policies within a single account",
/// plus RCPs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum PolicyType {
    Scp,
    Rcp,
    Resource,
    Identity,
    PermissionsBoundary,
    Session,
    /// The policy of the VPC endpoint the request goes through: it must allow too, and grants nothing by
    /// itself (aws-vpc-user-guide/vpc-endpoints-access.md, "Use VPC endpoint policies").
    VpcEndpoint,
}

/// What one policy type contributed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum TypeOutcome {
    /// At least one `Allow` applied and no `Deny` (for SCPs: every level allowed).
    Allowed,
    /// A `Deny` applied.
    Denied,
    /// Present, but no statement allowed (for SCPs: some level had no applicable `Allow`).
    NoAllow,
    /// No policy of this type applies to this request.
    NotApplicable,
}

/// One policy type's result, and whether the final decision needed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyTypeResult {
    pub policy_type: PolicyType,
    pub outcome: TypeOutcome,
    /// Whether this type's result limited or decided the outcome (e.g. a boundary's `NoAllow` does not count
    /// against a resource-policy grant to the user ARN).
    pub counted: bool,
}

/// Points at one statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatementRef<'p> {
    pub policy_type: PolicyType,
    pub policy_id: Cow<'p, str>,
    /// Set when the policy is an AWS managed policy attached by ARN: `span` then points into that policy's
    /// document (`managed::ManagedPolicy::text`), not into the scenario. (Written before every span, so the
    /// JavaScript layer knows not to convert them against the scenario text.)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub managed_arn: Option<&'p str>,
    /// The SCP/RCP level (0 = organization root) for organization policies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<usize>,
    pub statement_index: usize,
    pub sid: Option<&'p str>,
    pub effect: Effect,
    pub span: Span,
}

/// How an `Action`/`NotAction` element treated the requested action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionMatch<'p> {
    /// `NotAction` when true.
    pub negated: bool,
    /// Whether the statement covers the action (for `NotAction`: no pattern matched).
    pub applies: bool,
    /// The first pattern that matched the action (for `NotAction`, the pattern that excluded it).
    pub matched_pattern: Option<PatternRef<'p>>,
}

/// A pattern as written, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PatternRef<'p> {
    pub index: usize,
    pub written: &'p str,
    pub span: Span,
}

/// How a `Resource`/`NotResource` element treated the requested resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceMatch<'p> {
    pub negated: bool,
    pub applies: bool,
    /// The first pattern that matched (for `NotResource`, the one that excluded the resource).
    pub matched_pattern: Option<PatternRef<'p>>,
    /// The matched pattern after substituting its policy variables, when it had any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub substituted: Option<String>,
    /// Patterns whose policy variable had no value: they match nothing
    /// (reference_policies_variables.md).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unresolved: Vec<UnresolvedPattern<'p>>,
    /// `Resource` was absent: a trust or resource policy's statement covers the resource it is attached to.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub implied: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UnresolvedPattern<'p> {
    pub index: usize,
    pub written: &'p str,
    pub variable: String,
    pub span: Span,
}

/// How a policy `Principal`/`NotPrincipal` entry relates to the caller
/// (reference_policies_elements_principal.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum PrincipalMatchKind {
    /// `"Principal": "*"`: everyone, including anonymous callers.
    Wildcard,
    /// `{"AWS": "*"}`: every AWS principal, including anonymous callers.
    AwsWildcard,
    /// The caller's own ARN (user, session, federated user, root).
    ExactArn,
    /// An account id or `arn:aws:iam::ID:root`: the whole account, its users and role sessions.
    Account,
    /// A role ARN naming the role of the caller's session.
    RoleCoversSession,
    /// The ARN of the IAM user who created the caller's federated user session.
    SourceUserCoversFederatedUser,
    /// The caller's unique id (`AIDA...`), as IAM stores principals whose entity was deleted.
    UniqueId,
    Service,
    Federated,
    CanonicalUser,
}

/// Why a principal element did or did not cover the caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PrincipalMatch<'p> {
    /// `NotPrincipal` when true.
    pub negated: bool,
    /// Whether the statement applies to the caller.
    pub applies: bool,
    /// For `Principal`: the entry that matched and how.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched: Option<PrincipalEntryMatch<'p>>,
    /// For `NotPrincipal`: the caller's identities AWS checks (account, role, session or user) and whether
    /// each is listed (reference_policies_elements_notprincipal.md, "NotPrincipal With Deny").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_principal_checks: Vec<NotPrincipalCheck<'p>>,
    /// `NotPrincipal` + `Deny` always denies a caller with a permissions boundary
    /// (access_policies_boundaries.md, "Important").
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub boundary_caveat: bool,
    /// Entries written with a partial wildcard (`arn:aws:iam::1:user/*`): principals cannot use them
    /// (reference_policies_elements_principal.md, "Specifying a principal").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub partial_wildcards: Vec<Span>,
    /// The statement had no `Principal`/`NotPrincipal` (an identity-policy statement in a resource policy).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub missing: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PrincipalEntryMatch<'p> {
    pub how: PrincipalMatchKind,
    pub principal_type: PrincipalType,
    pub value: &'p str,
    pub span: Span,
}

/// One identity of the caller that `NotPrincipal` must list for the caller to escape a `Deny`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NotPrincipalCheck<'p> {
    /// The caller's identity: the account root ARN, the role ARN, the session or user ARN, ...
    pub identity: String,
    /// The `NotPrincipal` entry listing it, if any.
    pub listed_by: Option<PrincipalEntryMatch<'p>>,
}

/// One `Condition` operator/key pair.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConditionExplanation<'p> {
    pub operator: ConditionOperator,
    pub key: &'p str,
    pub span: Span,
    /// Always `Some` today: clauses are listed only for statements whose action, resource and principal
    /// matched, and then every clause is evaluated.
    pub outcome: Option<ClauseOutcome>,
}

/// Why one statement did or did not apply.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatementExplanation<'p> {
    pub index: usize,
    pub sid: Option<&'p str>,
    pub effect: Effect,
    pub span: Span,
    /// Action, resource, principal and every condition matched.
    pub applies: bool,
    pub action: ActionMatch<'p>,
    /// Not evaluated (`None`) when the action already did not match. (Boxed, like `principal`, to keep the
    /// per-statement record small: most statements stop at the action.)
    pub resource: Option<Box<ResourceMatch<'p>>>,
    /// `None` for policy types without principals (identity, boundary, session, SCP) and when an earlier
    /// element already did not match.
    pub principal: Option<Box<PrincipalMatch<'p>>>,
    /// Every clause, evaluated; empty when the action, resource or principal already did not match (the
    /// clauses were not evaluated) or the statement has no `Condition`.
    pub conditions: Vec<ConditionExplanation<'p>>,
}

impl<'p> StatementExplanation<'p> {
    /// A statement before matching: nothing applies yet.
    pub fn unmatched(statement: &'p crate::policy::model::Statement) -> Self {
        Self {
            index: statement.index,
            sid: statement.sid.as_ref().map(|sid| sid.value.as_str()),
            effect: statement.effect.value,
            span: statement.span,
            applies: false,
            action: ActionMatch {
                negated: statement.action.as_ref().is_some_and(|block| block.negated),
                applies: false,
                matched_pattern: None,
            },
            resource: None,
            principal: None,
            conditions: Vec::new(),
        }
    }
}

/// One policy's statements.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyExplanation<'p> {
    pub policy_type: PolicyType,
    pub policy_id: Cow<'p, str>,
    /// Set for an AWS managed policy attached by ARN: every span of `statements` points into that policy's
    /// document (`managed::ManagedPolicy::text`), not into the scenario.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub managed_arn: Option<&'p str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_policy_kind: Option<ResourcePolicyKind>,
    pub statements: Vec<StatementExplanation<'p>>,
}

/// Facts about rules that shaped the decision, for shells to render as lessons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "note", rename_all = "camelCase")]
pub enum EvaluationNote {
    /// The root user needs no identity-based policy in its own account (reference_policies_evaluation-logic.md).
    RootUserHasFullAccess,
    /// The root user cannot call `sts:AssumeRole*` (AWS STS API reference, AssumeRole).
    RootUserCannotAssumeRoles,
    /// The resource policy granted the caller's own ARN (user, session, federated user) or everyone (`*`):
    /// implicit denies in identity policies, the boundary and session policies do not limit it.
    ResourceGrantNotLimitedByImplicitDenies,
    /// The resource policy granted the role ARN (or the federating user's ARN): boundary and session policies
    /// still limit it, identity policies do not have to allow.
    ResourceGrantToEntityLimitedByBoundaryAndSession,
    /// The resource policy granted the account: in the same account that delegates to identity policies.
    ResourceGrantToAccountNeedsIdentityAllow,
    /// Cross-account: both the identity side and the resource side must allow.
    CrossAccountNeedsBothSides,
    /// Role trust policies and KMS key policies must allow explicitly, even in the same account.
    ResourcePolicyMustAllowExplicitly { kind: ResourcePolicyKind },
    /// The KMS key policy has no applicable statement for the account, so identity policies cannot grant.
    KmsKeyPolicyDoesNotEnableIamPolicies,
    /// A principal named in a trust policy still needs its permissions boundary to allow the assume action
    /// (id_roles_update-role-trust-policy.md, "Notes").
    TrustPolicyGrantLimitedByBoundary,
    /// A federated user session (GetFederationToken) without session policies has no identity-side
    /// permissions (reference_policies_evaluation-logic.md, step 6).
    FederatedUserWithoutSessionPolicy,
    /// SCPs and RCPs do not restrict service-linked roles.
    ServiceLinkedRoleExemptFromOrganizationPolicies,
    /// SCP level `level` (0 = root) had no applicable `Allow`.
    ScpLevelWithoutAllow { level: usize },
    /// RCP levels without policies count as the AWS-managed `RCPFullAWSAccess`, which allows everything.
    RcpFullAccessImplied,
    /// The resource ARN names no account and none was given: it is taken to be the caller's.
    ResourceAccountAssumedSame,
    /// The resource belongs to AWS, not to an account (account `aws`, a public SSM parameter): it is not a
    /// cross-account resource, so an identity-policy `Allow` suffices.
    AwsOwnedResource,
    /// The scenario does not describe the KMS key's policy: AWS's default key policy applies, which allows
    /// the key's account and so enables IAM policies (AWS KMS Developer Guide, "Default key policy").
    DefaultKmsKeyPolicy,
    /// S3 Block Public Access `restrictPublicBuckets` is on and the bucket policy is public: its grants to
    /// callers outside the bucket owner's account (other than AWS services) were ignored.
    S3RestrictPublicBuckets,
}

/// Everything an evaluation found.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Explanation<'p> {
    pub decision: Decision,
    pub account_relation: AccountRelation,
    /// One line, e.g. `ExplicitDeny: statement "DenyS3Logs" of user/carlos:inline:Main denies s3:PutObject`.
    pub summary: String,
    /// One entry per policy type, in evaluation order.
    pub policy_types: Vec<PolicyTypeResult>,
    /// The statements that decided: the applicable `Deny`s for an explicit deny, the allows that were needed
    /// for an `Allow`, and none for an implicit deny.
    pub decisive: Vec<StatementRef<'p>>,
    pub notes: Vec<EvaluationNote>,
    pub policies: Vec<PolicyExplanation<'p>>,
    /// A rule of AWS that decided the request whatever the policies say (an action that needs no permission,
    /// a protected role or alias); the policies are still explained, but none counted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aws_rule: Option<crate::eval::AwsRule>,
}

impl Explanation<'_> {
    /// The result recorded for one policy type.
    pub fn outcome_of(&self, policy_type: PolicyType) -> TypeOutcome {
        self.policy_types
            .iter()
            .find(|result| result.policy_type == policy_type)
            .map_or(TypeOutcome::NotApplicable, |result| result.outcome)
    }
}
