//! Words for the core's data: decisions, account relations, policy types, statement references and evaluation
//! notes. Rendering only; the facts come from the core's explanation.

use crate::diagnostics::line_column;
use crate::style::Style;
use iamplay_core::eval::ResourcePolicyKind;
use iamplay_core::explain::{Decision, EvaluationNote, PolicyType, StatementRef, TypeOutcome};

pub fn decision(decision: Decision) -> &'static str {
    match decision {
        Decision::Allow => "Allow",
        Decision::ExplicitDeny => "ExplicitDeny",
        Decision::ImplicitDeny => "ImplicitDeny",
    }
}

/// `text` (already padded) in the decision's color.
pub fn paint_decision(style: Style, decision: Decision, text: &str) -> String {
    match decision {
        Decision::Allow => style.green(text),
        Decision::ExplicitDeny => style.red(text),
        Decision::ImplicitDeny => style.yellow(text),
    }
}

/// `same`, `cross` or `-` (the caller has no account).
pub fn account(same_account: Option<bool>) -> &'static str {
    match same_account {
        Some(true) => "same",
        Some(false) => "cross",
        None => "-",
    }
}

pub fn account_long(same_account: Option<bool>) -> &'static str {
    match same_account {
        Some(true) => "same account",
        Some(false) => "cross-account",
        None => "caller without an account",
    }
}

pub fn policy_type(policy_type: PolicyType) -> &'static str {
    match policy_type {
        PolicyType::Scp => "SCP",
        PolicyType::Rcp => "RCP",
        PolicyType::Resource => "resource policy",
        PolicyType::Identity => "identity policy",
        PolicyType::PermissionsBoundary => "permissions boundary",
        PolicyType::Session => "session policy",
        PolicyType::VpcEndpoint => "VPC endpoint policy",
    }
}

/// The policy type, naming trust and key policies for what they are.
pub fn policy_label(policy_type: PolicyType, kind: Option<ResourcePolicyKind>) -> &'static str {
    match (policy_type, kind) {
        (PolicyType::Resource, Some(ResourcePolicyKind::RoleTrust)) => "trust policy",
        (PolicyType::Resource, Some(ResourcePolicyKind::KmsKey)) => "key policy",
        (policy_type, _) => self::policy_type(policy_type),
    }
}

pub fn outcome(outcome: TypeOutcome) -> &'static str {
    match outcome {
        TypeOutcome::Allowed => "allows",
        TypeOutcome::Denied => "denies",
        TypeOutcome::NoAllow => "no applicable Allow",
        TypeOutcome::NotApplicable => "not applicable",
    }
}

/// `user/john:ReadOnly #0 "ReadTables" (12:9)`; SCP and RCP levels are named.
pub fn statement(source: &str, statement: &StatementRef<'_>) -> String {
    let mut text = statement.policy_id.to_string();
    if let Some(level) = statement.level {
        text.push_str(&format!(" (level {level})"));
    }
    text.push_str(&format!(" #{}", statement.statement_index));
    if let Some(sid) = statement.sid {
        text.push_str(&format!(" \"{sid}\""));
    }
    if let Some(arn) = statement.managed_arn {
        // The span is a position in the AWS managed policy's own document (`iamplay managed ARN` prints it).
        text.push_str(&format!(" ({arn} line {})", statement.span.start.line));
    } else if statement.span.start.line > 0 {
        text.push_str(&format!(" ({})", line_column(source, statement.span.start)));
    }
    text
}

/// Pads `text` with spaces to `width` characters.
pub fn pad(text: &str, width: usize) -> String {
    let count = text.chars().count();
    let mut padded = text.to_string();
    padded.extend(std::iter::repeat_n(' ', width.saturating_sub(count)));
    padded
}

fn resource_kind(kind: ResourcePolicyKind) -> &'static str {
    match kind {
        ResourcePolicyKind::Resource => "resource policies",
        ResourcePolicyKind::RoleTrust => "role trust policies",
        ResourcePolicyKind::KmsKey => "KMS key policies",
    }
}

/// One sentence per evaluation note: the rule that shaped the decision.
pub fn note(note: &EvaluationNote) -> String {
    match note {
        EvaluationNote::RootUserHasFullAccess => {
            "the root user needs no identity-based policy in its own account".to_string()
        }
        EvaluationNote::RootUserCannotAssumeRoles => {
            "the root user cannot call sts:AssumeRole".to_string()
        }
        EvaluationNote::ResourceGrantNotLimitedByImplicitDenies => "the resource policy names the caller \
             itself (or everyone): missing allows in identity, boundary and session policies do not limit it"
            .to_string(),
        EvaluationNote::ResourceGrantToEntityLimitedByBoundaryAndSession => "the resource policy names the \
             caller's role or federating user: the permissions boundary and session policies still limit it"
            .to_string(),
        EvaluationNote::ResourceGrantToAccountNeedsIdentityAllow => "the resource policy names the account: \
             within the account that delegates to identity policies, which must allow"
            .to_string(),
        EvaluationNote::CrossAccountNeedsBothSides => "cross-account: both the caller's identity side and \
             the resource policy must allow"
            .to_string(),
        EvaluationNote::ResourcePolicyMustAllowExplicitly { kind } => format!(
            "{} must allow explicitly, even in the same account",
            resource_kind(*kind)
        ),
        EvaluationNote::KmsKeyPolicyDoesNotEnableIamPolicies => "the KMS key policy does not allow the \
             account, so identity policies cannot grant access to the key"
            .to_string(),
        EvaluationNote::TrustPolicyGrantLimitedByBoundary => "a principal named in a trust policy still \
             needs its permissions boundary to allow the assume action"
            .to_string(),
        EvaluationNote::FederatedUserWithoutSessionPolicy => "a federated user session without a session \
             policy has no identity-side permissions"
            .to_string(),
        EvaluationNote::ServiceLinkedRoleExemptFromOrganizationPolicies => {
            "SCPs and RCPs do not restrict service-linked roles".to_string()
        }
        EvaluationNote::ScpLevelWithoutAllow { level } => {
            format!("SCP level {level} (0 = organization root) has no applicable Allow")
        }
        EvaluationNote::RcpFullAccessImplied => {
            "RCP levels without policies count as RCPFullAWSAccess, which allows everything".to_string()
        }
        EvaluationNote::ResourceAccountAssumedSame => "the resource ARN names no account: it is taken to \
             be the caller's"
            .to_string(),        EvaluationNote::AwsOwnedResource => "the resource belongs to AWS, not to another account: an \
             identity-policy Allow suffices"
            .to_string(),
        EvaluationNote::DefaultKmsKeyPolicy => "the scenario gives no key policy: AWS's default key policy \
             applies, which allows the key's account and so enables IAM policies"
            .to_string(),
        EvaluationNote::S3RestrictPublicBuckets => "S3 Block Public Access restrictPublicBuckets: the bucket \
             policy is public, so its grants count only for AWS services and the bucket owner's account"
            .to_string(),
    }
}
