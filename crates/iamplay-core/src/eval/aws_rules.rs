//! What AWS decides itself, whatever the policies say: actions that need no permission, resources AWS protects
//! from every caller, resources AWS owns rather than an account, and the key policy a KMS key has when the
//! scenario does not describe one.
//!
//! Contract: [`fixed_decision`] returns `Some` only for requests whose answer no policy can change; the
//! evaluator still explains every policy, then reports the rule as [`AwsRule`] beside the decision.
//! [`is_aws_owned`] tells the evaluator that a resource belongs to no account, so it is not a cross-account
//! resource. [`default_key_policy`] is AWS's default key policy written so that one static policy serves
//! every account.

use crate::explain::Decision;
use crate::policy::model::{Policy, PolicyKind};
use serde::Serialize;
use std::sync::OnceLock;

/// Which protected role a request tried to change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ProtectedRoleKind {
    /// `role/aws-service-role/...`: the linked service owns it.
    ServiceLinked,
    /// `role/aws-reserved/sso.amazonaws.com/...`: IAM Identity Center owns it.
    IdentityCenter,
}

/// A rule of AWS that decided the request instead of the policies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "rule", rename_all = "camelCase")]
pub enum AwsRule {
    /// The action needs no permission and works even when a policy denies it (`sts:GetCallerIdentity`).
    NeedsNoPermission,
    /// The role is owned by an AWS service; IAM refuses to change it for anyone.
    #[serde(rename_all = "camelCase")]
    ProtectedRole { role_kind: ProtectedRoleKind },
    /// `alias/aws/...` names an AWS managed key; nobody can create, update or delete it.
    AwsManagedKmsAlias,
    /// A hop passed a session tag with the key of a transitive tag inherited from an earlier hop.
    TransitiveTagOverride { key: String },
    /// A hop gave a source identity different from the one an earlier hop set.
    SourceIdentityCannotChange,
}

impl AwsRule {
    /// One line for summaries.
    pub fn describe(&self) -> &'static str {
        match self {
            AwsRule::NeedsNoPermission => {
                "needs no permission and works even when a policy denies it"
            }
            AwsRule::ProtectedRole {
                role_kind: ProtectedRoleKind::ServiceLinked,
            } => "is refused: a service-linked role can be changed only by its service",
            AwsRule::ProtectedRole {
                role_kind: ProtectedRoleKind::IdentityCenter,
            } => {
                "is refused: an IAM Identity Center role can be changed only by IAM Identity Center"
            }
            AwsRule::AwsManagedKmsAlias => {
                "is refused: `alias/aws/...` aliases belong to AWS managed keys"
            }
            AwsRule::TransitiveTagOverride { .. } => {
                "is refused: a session tag cannot replace a transitive tag of an earlier hop"
            }
            AwsRule::SourceIdentityCannotChange => {
                "is refused: the source identity an earlier hop set cannot change"
            }
        }
    }
}

fn eq(text: &str, other: &str) -> bool {
    text.eq_ignore_ascii_case(other)
}

/// IAM actions that change a role's policies, trust, boundary or settings, or delete it: IAM refuses them on
/// service-linked roles ("An IAM administrator can view, but not edit the permissions for service-linked
/// roles", using-service-linked-roles.md, "Using service-linked roles"; "you cannot change the name of the
/// role", "Editing a service-linked role"; deletion goes through `iam:DeleteServiceLinkedRole`, "Deleting a
/// service-linked role") and on the roles IAM Identity Center provisions (`aws-reserved/sso.amazonaws.com/`,
/// which it alone manages). Changing the description stays allowed ("You can edit the description of any
/// role", "Editing a service-linked role").
const ROLE_CHANGING_ACTIONS: [&str; 9] = [
    "iam:PutRolePolicy",
    "iam:DeleteRolePolicy",
    "iam:AttachRolePolicy",
    "iam:DetachRolePolicy",
    "iam:UpdateAssumeRolePolicy",
    "iam:PutRolePermissionsBoundary",
    "iam:DeleteRolePermissionsBoundary",
    "iam:UpdateRole",
    "iam:DeleteRole",
];

/// `kms:CreateAlias`, `UpdateAlias` and `DeleteAlias` fail on `alias/aws/...` for everyone: "The alias name
/// cannot begin with aws/. The aws/ prefix is reserved for AWS managed keys" (AWS KMS API Reference,
/// CreateAlias, "AliasName"; likewise UpdateAlias and DeleteAlias).
const ALIAS_CHANGING_ACTIONS: [&str; 3] = ["kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias"];

/// The kind of protected role `resource` names, if any.
pub fn protected_role(resource: &str) -> Option<ProtectedRoleKind> {
    let parsed = crate::arn::Arn::parse(resource).ok()?;
    if parsed.service != "iam" {
        return None;
    }
    let path = parsed.resource.strip_prefix("role/")?;
    if path.starts_with("aws-service-role/") {
        Some(ProtectedRoleKind::ServiceLinked)
    } else if path.starts_with("aws-reserved/sso.amazonaws.com/") {
        Some(ProtectedRoleKind::IdentityCenter)
    } else {
        None
    }
}

/// Whether `resource` is an `alias/aws/...` KMS alias.
fn is_aws_managed_alias(resource: &str) -> bool {
    crate::arn::Arn::parse(resource)
        .is_ok_and(|parsed| parsed.service == "kms" && parsed.resource.starts_with("alias/aws/"))
}

/// The decision AWS makes whatever the policies say, with its rule; `None` when the policies decide.
/// `signed` is whether the caller signs its requests (anonymous callers cannot call STS).
pub fn fixed_decision(action: &str, resource: &str, signed: bool) -> Option<(Decision, AwsRule)> {
    if signed && eq(action, "sts:GetCallerIdentity") {
        // "No permissions are required to perform this operation. If an administrator attaches a policy to
        // your identity that explicitly denies access to the sts:GetCallerIdentity action, you can still
        // perform this operation" (AWS STS API Reference, GetCallerIdentity).
        return Some((Decision::Allow, AwsRule::NeedsNoPermission));
    }
    if ROLE_CHANGING_ACTIONS.iter().any(|known| eq(action, known)) {
        if let Some(role_kind) = protected_role(resource) {
            return Some((Decision::ExplicitDeny, AwsRule::ProtectedRole { role_kind }));
        }
    }
    if ALIAS_CHANGING_ACTIONS.iter().any(|known| eq(action, known))
        && is_aws_managed_alias(resource)
    {
        return Some((Decision::ExplicitDeny, AwsRule::AwsManagedKmsAlias));
    }
    None
}

/// Whether a resource belongs to AWS rather than to an account: its account field reads `aws`
/// (`arn:aws:bedrock:...:aws:...`), or it is a public SSM parameter (`arn:aws:ssm:REGION::parameter/aws/...`,
/// which AWS publishes to every account). An identity-policy `Allow` suffices for these: they have no
/// resource policy and no owning account to cross (reference_policies_evaluation-logic-cross-account.md,
/// "Cross-account policy evaluation logic" applies to resources in another account only).
pub fn is_aws_owned(resource: &str, owner: Option<&str>) -> bool {
    if owner.is_some_and(|account| account == "aws") {
        return true;
    }
    crate::arn::Arn::parse(resource).is_ok_and(|parsed| {
        parsed.account == "aws"
            || (owner.is_none()
                && parsed.service == "ssm"
                && parsed.account.is_empty()
                && parsed.resource.starts_with("parameter/aws/"))
    })
}

/// AWS's default key policy, whose one statement "Allows access to the AWS account and enables IAM policies"
/// (AWS KMS Developer Guide, "Default key policy"). AWS names the key's account root
/// (`arn:aws:iam::ACCOUNT:root`); written once for every account, the statement names every principal of the
/// key's own account through `aws:PrincipalAccount`, and the evaluator counts its grant as a grant to the
/// account (see `is_default_key_policy`), so identity policies must still allow.
const DEFAULT_KEY_POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Id": "key-default-1",
  "Statement": [
    {
      "Sid": "Enable IAM User Permissions",
      "Effect": "Allow",
      "Principal": {"AWS": "*"},
      "Action": "kms:*",
      "Resource": "*",
      "Condition": {"StringEquals": {"aws:PrincipalAccount": "${aws:ResourceAccount}"}}
    }
  ]
}"#;

/// The policy of an endpoint created without one: "The default endpoint policy allows full access through
/// the interface endpoint" (aws-vpc-user-guide/vpc-endpoints-access.md, "Use VPC endpoint policies").
const DEFAULT_ENDPOINT_POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}
  ]
}"#;

static DEFAULT_ENDPOINT_POLICY_PARSED: OnceLock<Option<Policy>> = OnceLock::new();

/// The default endpoint policy, parsed once.
pub fn default_endpoint_policy() -> Option<&'static Policy> {
    DEFAULT_ENDPOINT_POLICY_PARSED
        .get_or_init(|| {
            crate::policy::parse_policy(DEFAULT_ENDPOINT_POLICY, PolicyKind::Resource).policy
        })
        .as_ref()
}

static DEFAULT_KEY_POLICY_PARSED: OnceLock<Option<Policy>> = OnceLock::new();

/// The default key policy, parsed once.
pub fn default_key_policy() -> Option<&'static Policy> {
    DEFAULT_KEY_POLICY_PARSED
        .get_or_init(|| {
            crate::policy::parse_policy(DEFAULT_KEY_POLICY, PolicyKind::Resource).policy
        })
        .as_ref()
}

/// Whether `policy` is the default key policy (the very object, not a copy a user wrote).
pub fn is_default_key_policy(policy: &Policy) -> bool {
    default_key_policy().is_some_and(|default| std::ptr::eq(default, policy))
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn protected_roles_and_aliases() {
        let slr = "arn:aws:iam::111122223333:role/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk";
        let sso = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_1a2b";
        assert_eq!(
            fixed_decision("iam:PutRolePolicy", slr, true),
            Some((
                Decision::ExplicitDeny,
                AwsRule::ProtectedRole {
                    role_kind: ProtectedRoleKind::ServiceLinked
                }
            ))
        );
        assert_eq!(
            fixed_decision("IAM:attachrolepolicy", sso, true).map(|(_, rule)| rule),
            Some(AwsRule::ProtectedRole {
                role_kind: ProtectedRoleKind::IdentityCenter
            })
        );
        // The description stays editable, and ordinary roles are the policies' business.
        assert_eq!(fixed_decision("iam:UpdateRoleDescription", slr, true), None);
        assert_eq!(
            fixed_decision(
                "iam:PutRolePolicy",
                "arn:aws:iam::111122223333:role/app",
                true
            ),
            None
        );
        assert_eq!(
            fixed_decision(
                "kms:DeleteAlias",
                "arn:aws:kms:us-east-1:111122223333:alias/aws/s3",
                true
            )
            .map(|(decision, _)| decision),
            Some(Decision::ExplicitDeny)
        );
        assert_eq!(
            fixed_decision(
                "kms:DeleteAlias",
                "arn:aws:kms:us-east-1:111122223333:alias/app",
                true
            ),
            None
        );
        assert_eq!(
            fixed_decision("sts:GetCallerIdentity", "*", true).map(|(decision, _)| decision),
            Some(Decision::Allow)
        );
        assert_eq!(fixed_decision("sts:GetCallerIdentity", "*", false), None);
    }

    #[test]
    fn aws_owned_resources() {
        assert!(is_aws_owned(
            "arn:aws:bedrock-websearch:us-east-1:aws:tool/x",
            Some("aws")
        ));
        assert!(is_aws_owned(
            "arn:aws:ssm:us-east-1::parameter/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
            None
        ));
        assert!(!is_aws_owned(
            "arn:aws:ssm:us-east-1:111122223333:parameter/aws/mine",
            Some("111122223333")
        ));
        assert!(!is_aws_owned("arn:aws:s3:::bucket", None));
    }

    #[test]
    fn the_default_endpoint_policy_parses() {
        assert!(default_endpoint_policy().is_some_and(|policy| policy.statements.len() == 1));
    }

    #[test]
    fn the_default_key_policy_parses() {
        let policy = default_key_policy();
        assert!(policy.is_some_and(|policy| policy.statements.len() == 1));
        assert!(policy.is_some_and(is_default_key_policy));
    }
}
