//! The typed model of a scenario file: accounts, groups, users, roles, resources and requests, each with the
//! span it was written at, and every policy already parsed.
//!
//! Format: docs/scenario-format.md (issue 4, "Scenario file").

use crate::context::RequestContext;
use crate::diagnostic::{Span, Spanned};
use crate::explain::Decision;
use crate::policy::model::Policy;
use std::collections::BTreeMap;

/// A scenario: a small AWS world plus the requests to ask about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub name: Option<Spanned<String>>,
    /// Markdown; the lesson a gallery scenario teaches.
    pub description: Option<Spanned<String>>,
    /// Described accounts in source order.
    pub accounts: Vec<Account>,
    pub groups: Vec<Group>,
    pub users: Vec<User>,
    pub roles: Vec<Role>,
    pub resources: Vec<Resource>,
    /// VPC endpoints requests may go through (`vpcEndpoints`).
    pub vpc_endpoints: Vec<VpcEndpoint>,
    pub requests: Vec<Request>,
    /// The whole document.
    pub span: Span,
}

/// A policy of the scenario with a stable id for explanations (e.g. `user/john:ReadOnly`,
/// `role/app:trust`, `scp/1:FullAWSAccess`).
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioPolicy {
    pub id: String,
    /// The `name` of a `{"name": ..., "document": ...}` entry.
    pub name: Option<Spanned<String>>,
    pub policy: Policy,
    /// The entry as written (the `{"name", "document"}` object, the bare document, or the ARN string).
    pub span: Span,
    /// Set when the entry is an AWS managed policy ARN (`"arn:aws:iam::aws:policy/ReadOnlyAccess"`): `policy`
    /// is that policy's document, and its spans point into the managed policy's own text
    /// (`managed::ManagedPolicy::text`), not into the scenario file.
    pub managed_arn: Option<String>,
}

impl ScenarioPolicy {
    /// The policy as the evaluator takes it, with its id and, for an AWS managed policy, its ARN.
    pub fn named(&self) -> crate::eval::NamedPolicy<'_> {
        crate::eval::NamedPolicy::new(self.id.as_str(), &self.policy)
            .with_managed_arn(self.managed_arn.as_deref())
    }
}

/// An entry of `accounts`. `scps`/`rcps` list policies level by level, root first; an account without `scps`
/// is not in an organization.
#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    pub id: Spanned<String>,
    pub name: Option<Spanned<String>>,
    pub scps: Option<Vec<Vec<ScenarioPolicy>>>,
    pub rcps: Option<Vec<Vec<ScenarioPolicy>>>,
    /// The account's S3 Block Public Access settings (`s3BlockPublicAccess`).
    pub s3_block_public_access: Option<BlockPublicAccess>,
    pub span: Span,
}

/// The four S3 Block Public Access settings (aws-s3-user-guide/access-control-block-public-access.md, "Block
/// public access settings"); unset ones are `false`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BlockPublicAccess {
    pub block_public_acls: bool,
    pub ignore_public_acls: bool,
    pub block_public_policy: bool,
    pub restrict_public_buckets: bool,
    pub span: Span,
}

impl BlockPublicAccess {
    /// The settings in force when both the account and the bucket give some: "the most restrictive
    /// combination" — each setting is on if either turns it on ("If you apply a setting to an account, it
    /// applies to all buckets ... that are owned by that account").
    pub fn combine(account: Option<&Self>, bucket: Option<&Self>) -> Self {
        let on = |read: fn(&Self) -> bool| account.is_some_and(read) || bucket.is_some_and(read);
        Self {
            block_public_acls: on(|s| s.block_public_acls),
            ignore_public_acls: on(|s| s.ignore_public_acls),
            block_public_policy: on(|s| s.block_public_policy),
            restrict_public_buckets: on(|s| s.restrict_public_buckets),
            span: bucket.or(account).map(|s| s.span).unwrap_or_default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub arn: Spanned<String>,
    pub policies: Vec<ScenarioPolicy>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub arn: Spanned<String>,
    /// Group ARNs; every one names a group of the scenario (the loader checks).
    pub groups: Vec<Spanned<String>>,
    pub policies: Vec<ScenarioPolicy>,
    pub permissions_boundary: Option<ScenarioPolicy>,
    pub tags: BTreeMap<String, String>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Role {
    pub arn: Spanned<String>,
    /// `None`: nobody can assume the role.
    pub trust_policy: Option<ScenarioPolicy>,
    pub policies: Vec<ScenarioPolicy>,
    pub permissions_boundary: Option<ScenarioPolicy>,
    /// Seconds, 3600..=43200 (AWS's range); `None` means the default of one hour.
    pub max_session_duration: Option<Spanned<u32>>,
    pub tags: BTreeMap<String, String>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    pub arn: Spanned<String>,
    /// The owning account as written; required when the ARN has none (S3).
    pub account: Option<Spanned<String>>,
    pub policy: Option<ScenarioPolicy>,
    pub tags: BTreeMap<String, String>,
    /// The bucket's S3 Block Public Access settings (`blockPublicAccess`).
    pub block_public_access: Option<BlockPublicAccess>,
    pub span: Span,
}

impl Resource {
    /// The owning account: from the ARN, else from `account`.
    pub fn owner(&self) -> Option<&str> {
        match crate::arn::Arn::parse(&self.arn.value) {
            Ok(parsed) if !parsed.account.is_empty() => Some(parsed.account),
            _ => self.account.as_ref().map(|account| account.value.as_str()),
        }
    }

    /// Whether this entry's policy applies to `resource`: the same ARN, or an ARN under it at a `/`
    /// (`arn:aws:s3:::bucket` covers `arn:aws:s3:::bucket/key.txt`).
    pub fn covers(&self, resource: &str) -> bool {
        let own = self.arn.value.as_str();
        match resource.strip_prefix(own) {
            Some("") => true,
            Some(rest) => rest.starts_with('/') || own.ends_with('/'),
            None => false,
        }
    }
}

/// A VPC endpoint (aws-vpc-user-guide/vpc-endpoints-access.md): requests naming it in `vpcEndpoint` must also
/// be allowed by its policy.
#[derive(Debug, Clone, PartialEq)]
pub struct VpcEndpoint {
    /// `vpce-...`; becomes `aws:SourceVpce`.
    pub id: Spanned<String>,
    /// `vpc-...`; becomes `aws:SourceVpc`.
    pub vpc: Option<Spanned<String>>,
    /// The account that owns the endpoint.
    pub account: Option<Spanned<String>>,
    /// `None`: AWS's default policy, which allows full access.
    pub policy: Option<ScenarioPolicy>,
    pub span: Span,
}

/// One question about the world.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// 0-based position in `requests`.
    pub index: usize,
    pub name: Option<Spanned<String>>,
    /// A user, role, assumed-role session or root ARN, a service principal, an identity provider, or
    /// `anonymous`.
    pub principal: Spanned<String>,
    /// Roles to assume in order before acting; every one names a role of the scenario.
    pub assume: Vec<AssumeHop>,
    pub action: Spanned<String>,
    pub resource: Spanned<String>,
    pub context: RequestContext,
    pub session_policy: Option<ScenarioPolicy>,
    /// The id of the VPC endpoint the request goes through; it names an entry of `vpcEndpoints`.
    pub vpc_endpoint: Option<Spanned<String>>,
    pub expect: Option<Spanned<Decision>>,
    /// Corpus only: the AWS doc page and heading the case comes from.
    pub source: Option<Spanned<String>>,
    /// Corpus only: facts the explanation must show.
    pub expect_facts: Option<ExpectFacts>,
    pub span: Span,
}

/// One hop of a request's `assume`: a role ARN, or an object that also names the session, passes session tags
/// and sets a source identity (id_session-tags.md; id_credentials_temp_control-access_monitor.md).
#[derive(Debug, Clone, PartialEq)]
pub struct AssumeHop {
    pub role: Spanned<String>,
    /// `RoleSessionName`; `None` uses [`crate::scenario::SESSION_NAME`].
    pub session_name: Option<Spanned<String>>,
    /// Session tags passed with the hop (for SAML and web identity hops: the tags of the assertion or token).
    pub tags: BTreeMap<String, String>,
    /// Keys of `tags` that carry on to later hops of the chain.
    pub transitive_tag_keys: Vec<String>,
    pub source_identity: Option<Spanned<String>>,
    pub span: Span,
}

impl AssumeHop {
    /// A hop written as a plain role ARN.
    pub fn role(role: Spanned<String>) -> Self {
        let span = role.span;
        Self {
            role,
            session_name: None,
            tags: BTreeMap::new(),
            transitive_tag_keys: Vec::new(),
            source_identity: None,
            span,
        }
    }
}

/// The explanation facts a golden case may pin (tests/golden/README.md).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExpectFacts {
    pub same_account: Option<bool>,
    pub decisive_sid: Option<String>,
    pub denied_by: Option<String>,
    pub denied_hop: Option<usize>,
    pub span: Span,
}

impl Scenario {
    pub fn account(&self, id: &str) -> Option<&Account> {
        self.accounts.iter().find(|account| account.id.value == id)
    }

    pub fn group(&self, arn: &str) -> Option<&Group> {
        self.groups.iter().find(|group| group.arn.value == arn)
    }

    pub fn user(&self, arn: &str) -> Option<&User> {
        self.users.iter().find(|user| user.arn.value == arn)
    }

    pub fn vpc_endpoint(&self, id: &str) -> Option<&VpcEndpoint> {
        self.vpc_endpoints
            .iter()
            .find(|endpoint| endpoint.id.value == id)
    }

    pub fn role(&self, arn: &str) -> Option<&Role> {
        self.roles.iter().find(|role| role.arn.value == arn)
    }

    /// The role of an account by its name: what an assumed-role session ARN names (the session ARN drops the
    /// role's path).
    pub fn role_by_name(&self, account: &str, name: &str) -> Option<&Role> {
        self.roles.iter().find(|role| {
            crate::arn::Arn::parse(&role.arn.value).is_ok_and(|parsed| {
                parsed.account == account
                    && parsed
                        .resource
                        .strip_prefix("role/")
                        .and_then(|path| path.rsplit('/').next())
                        == Some(name)
            })
        })
    }

    /// The S3 Block Public Access settings in force for a resource entry: its own combined with its owning
    /// account's. `None` for entries that are not S3 buckets or objects.
    pub fn block_public_access(&self, entry: &Resource) -> Option<BlockPublicAccess> {
        let is_s3 = crate::arn::Arn::parse(&entry.arn.value).is_ok_and(|arn| arn.service == "s3");
        if !is_s3 {
            return None;
        }
        let account = entry
            .owner()
            .and_then(|owner| self.account(owner))
            .and_then(|account| account.s3_block_public_access.as_ref());
        let bucket = entry.block_public_access.as_ref();
        (account.is_some() || bucket.is_some()).then(|| BlockPublicAccess::combine(account, bucket))
    }

    /// The resource entry whose policy applies to `resource`: the longest ARN that equals it or contains it.
    pub fn resource_for(&self, resource: &str) -> Option<&Resource> {
        self.resources
            .iter()
            .filter(|entry| entry.covers(resource))
            .max_by_key(|entry| entry.arn.value.len())
    }
}
