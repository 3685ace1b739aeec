//! Who outside its account can reach a resource: `public` (anonymous callers or any account), `external`
//! (named accounts, organizations, services or networks) or `private`, decided for every possible request, with
//! a witness request for each access found.
//!
//! CONTRACT: the answer holds for every request, not sampled ones, because a policy can only tell requests apart
//! through its own principal patterns, action and resource patterns and condition constants. Those split every
//! principal, action, resource and context key into a few classes (`classes`); one representative request per
//! class combination is evaluated with the real evaluator, statement by statement: for each `Allow` statement,
//! the principals it could name × the actions and resources it and the `Deny` statements name × the values of
//! the condition keys it and the `Deny` statements read. A principal of another account gets an identity policy
//! allowing everything, since that account, not this policy, decides its identity side (access-analyzer-concepts.md:
//! IAM Access Analyzer "does not consider the state of any external accounts").
//!
//! Which witness is `public`: its caller is anonymous, a principal of an account no policy names, or a web identity
//! / OIDC federation not pinned by a `:sub`/`:aud` condition, and no condition key it needed is pinned to a fixed
//! value among the keys that S3 accepts as making a policy non-public (access-control-block-public-access.md,
//! "The meaning of \"public\""): `aws:PrincipalOrgID`, `aws:SourceIp` (no broader than /8 IPv4, /32 IPv6, RFC 1918
//! excepted), `aws:SourceArn`, `aws:SourceVpc`, `aws:SourceVpce`, `aws:SourceOwner`, `aws:SourceAccount`,
//! `aws:userid`, `s3:DataAccessPointArn`, `s3:DataAccessPointAccount`, `s3:x-amz-server-side-encryption-aws-kms-key-id`.
//! A witness that is not public but comes from outside the owner's account is `external`. Principals of the owning
//! account are not reported: they are inside the zone of trust.
//!
//! The classic traps, each found by evaluation rather than by syntax:
//! - `Principal: "*"` with `aws:SourceAccount`/`aws:SourceArn`: those keys are present only when a service calls
//!   on behalf of a resource (confused-deputy.md, reference_policies_condition-keys.md "aws:SourceArn"), so only
//!   service principals are tried with them; direct callers never carry them. Pinned: `external` (a service on
//!   behalf of that account); `StringLike` with a wildcard account: `public`.
//! - `aws:PrincipalOrgID`: a property of the caller's account, tried only for AWS principals; pinned: `external`.
//! - `aws:SourceVpce`/`aws:SourceIp`: any caller can come from anywhere, so both are free; a fixed endpoint or a
//!   narrow range makes the access `external` (network), `StringNotEquals`/`NotIpAddress` leave it `public`.
//! - `NotPrincipal` with `Allow` allows everyone not listed, anonymous included
//!   (reference_policies_elements_notprincipal.md): the anonymous and any-account classes find it.
//! - `StringLike`/`ArnLike` wildcards on principal ARNs (`arn:aws:iam::*:role/x`): the wildcard account is filled
//!   with an account no policy names, so the role of a stranger qualifies: `public`.
//! - `ForAnyValue` on a missing key is false, `ForAllValues` on a missing key is true
//!   (reference_policies_multi-value-conditions.md): the missing class of every key finds the latter.
//! - `Null` checks: the missing class and a present value are both tried.
//!
//! Speed: each caller's requests are evaluated against only the statements whose `Principal` covers it
//! (`Prepared::for_caller`).
//!
//! Organization policies (RCPs) of the owning account are not applied: like IAM Access Analyzer, the answer is
//! the resource policy's.

use super::classes::{fill_wildcards, key_classes, Combinations, KeyClasses, OTHER_VALUE};
use crate::context::{ContextValue, RequestContext};
use crate::diagnostic::Span;
use crate::diagnostic::Spanned;
use crate::eval::{
    principal_covers, AuthorizationRequest, NamedPolicy, Principal, PrincipalKind, ResourcePolicy,
    ResourcePolicyKind,
};
use crate::explain::Decision;
use crate::policy::model::{
    ActionBlock, Effect, Policy, PolicyKind, PolicyVersion, PrincipalSet, PrincipalType,
    ResourceBlock, Statement,
};
use crate::scenario::Scenario;
use serde::Serialize;
use std::collections::BTreeMap;

/// The owning account assumed when neither the resource ARN nor the caller names one (a bucket policy on its
/// own, as lint sees it).
pub const UNKNOWN_OWNER: &str = "000000000001";
/// An account no policy names: "any account".
pub const ANY_ACCOUNT: &str = "000000000002";
/// The service tried for statements that name every principal: any AWS service.
pub const ANY_SERVICE: &str = "any-service.amazonaws.com";

/// The default bound on evaluations for one policy; a policy needing more is answered from the first ones with
/// `complete: false`.
pub const DEFAULT_MAX_EVALUATIONS: usize = 200_000;

/// The three answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Access {
    /// Anonymous callers or any account can get `Allow`.
    Public,
    /// Only named accounts, organizations, services, identity providers or networks outside the account can.
    External,
    /// Nobody outside the owning account can.
    Private,
}

/// Who a witness's caller is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum CallerClass {
    Anonymous,
    /// A principal of an account no policy names.
    AnyAccount,
    /// A principal of an account a policy names (in `Principal` or a condition).
    NamedAccount,
    Service,
    IdentityProvider,
}

/// What a pinned condition key limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum LimitKind {
    Organization,
    Network,
    /// The account or resource a service acts for (`aws:SourceAccount`, `aws:SourceArn`, `aws:SourceOwner`).
    Source,
    /// The caller's identity (`aws:userid`), or the subject or audience of a web identity.
    Identity,
    /// S3's access-point and encryption keys.
    S3,
}

/// A condition key a witness needed set to one of the policy's constants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Limit {
    pub key: String,
    pub value: String,
    /// `None`: the key limits nothing about who the caller is (a tag, a time, a custom key).
    pub kind: Option<LimitKind>,
    /// The constant has no wildcard or variable (and is a narrow network): it restricts who qualifies.
    pub fixed: bool,
}

/// One request the policy allows, from outside the owning account.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Witness {
    /// The caller as a request's `principal` names it: an ARN, a service, a provider or `anonymous`.
    pub principal: String,
    pub caller: CallerClass,
    /// The caller's account, for AWS principals.
    pub account: Option<String>,
    pub action: String,
    pub resource: String,
    /// The condition keys the request sets (every other key is missing).
    pub context: BTreeMap<String, ContextValue>,
    /// The `Allow` statement the witness stems from.
    pub statement_index: usize,
    pub sid: Option<String>,
    pub span: Span,
    /// Keys pinned to policy constants that the request needed.
    pub limits: Vec<Limit>,
    /// Whether this witness alone makes the resource public.
    pub public: bool,
}

/// The answer for one policy.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyAccess {
    pub access: Access,
    /// Public witnesses first.
    pub witnesses: Vec<Witness>,
    /// Why, in one sentence, for `private` answers.
    pub reason: Option<String>,
    /// Every class combination was evaluated (none was left out by the evaluation bound).
    pub complete: bool,
    /// How many requests were evaluated.
    pub evaluated: usize,
}

/// What the policy is attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccessTarget<'a> {
    /// The resource ARN (a role ARN for a trust policy); `None`: read it from the statements.
    pub resource: Option<&'a str>,
    /// The owning account; `None`: the resource ARN's, else [`UNKNOWN_OWNER`].
    pub owner: Option<&'a str>,
    pub kind: ResourcePolicyKind,
}

/// Options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccessOptions {
    pub max_evaluations: usize,
    /// At most this many witnesses are kept (public ones first).
    pub max_witnesses: usize,
}

impl Default for AccessOptions {
    fn default() -> Self {
        Self {
            max_evaluations: DEFAULT_MAX_EVALUATIONS,
            max_witnesses: 50,
        }
    }
}

/// Whether a resource policy is public in S3's sense (access-control-block-public-access.md, "The meaning of
/// \"public\""): some `Allow` reaches anonymous callers or any account without a condition that pins a fixed
/// value of the keys S3 lists. What `BlockPublicPolicy` and `RestrictPublicBuckets` test.
pub fn is_public(policy: &Policy) -> bool {
    analyze_policy(
        policy,
        &AccessTarget {
            resource: None,
            owner: None,
            kind: ResourcePolicyKind::Resource,
        },
        &AccessOptions {
            max_witnesses: 1,
            ..AccessOptions::default()
        },
    )
    .access
        == Access::Public
}

/// Keys AWS fills from the caller: they are varied through the principal classes, never set in the context.
const CALLER_KEYS: [&str; 7] = [
    "aws:PrincipalArn",
    "aws:PrincipalAccount",
    "aws:PrincipalType",
    "aws:username",
    "aws:PrincipalIsAWSService",
    "aws:PrincipalServiceName",
    "aws:ResourceAccount",
];

/// Keys present only when a service calls on behalf of a resource (confused-deputy.md).
const SOURCE_KEYS: [&str; 5] = [
    "aws:SourceArn",
    "aws:SourceAccount",
    "aws:SourceOwner",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
];

/// Keys describing the caller's organization: AWS principals only.
const ORGANIZATION_KEYS: [&str; 2] = ["aws:PrincipalOrgID", "aws:PrincipalOrgPaths"];

fn is_one_of(key: &str, keys: &[&str]) -> bool {
    keys.iter().any(|k| k.eq_ignore_ascii_case(key))
}

/// What pinning `key` to `value` limits, when S3 (or web identity federation) counts it as limiting who
/// qualifies. An OIDC audience of `sts.amazonaws.com` is what every GitHub Actions token carries: no limit
/// (id_roles_create_for-idp_oidc.md).
fn limit_kind(key: &str, value: &str) -> Option<LimitKind> {
    let lower = key.to_ascii_lowercase();
    if lower.ends_with(":aud") && value == "sts.amazonaws.com" {
        return None;
    }
    match lower.as_str() {
        "aws:principalorgid"
        | "aws:principalorgpaths"
        | "aws:sourceorgid"
        | "aws:sourceorgpaths" => Some(LimitKind::Organization),
        "aws:sourceip" | "aws:sourcevpc" | "aws:sourcevpce" | "aws:vpcsourceip" => {
            Some(LimitKind::Network)
        }
        "aws:sourcearn" | "aws:sourceaccount" | "aws:sourceowner" => Some(LimitKind::Source),
        "aws:userid" => Some(LimitKind::Identity),
        "s3:dataaccesspointarn"
        | "s3:dataaccesspointaccount"
        | "s3:x-amz-server-side-encryption-aws-kms-key-id" => Some(LimitKind::S3),
        _ if lower.ends_with(":sub")
            || lower.ends_with(":aud")
            || lower.ends_with(":app_id")
            || lower.ends_with(":user_id") =>
        {
            Some(LimitKind::Identity)
        }
        _ => None,
    }
}

/// One caller to try.
#[derive(Debug, Clone)]
struct CallerSpec {
    principal: Principal,
    /// As a request names it.
    name: String,
    class: CallerClass,
    /// Web identity or OIDC: public unless a subject/audience key is pinned.
    open_federation: bool,
}

/// Identity-policy grammar's `Allow *` on `*`: what another account's identity side may hold.
fn allow_everything() -> Policy {
    let star = || vec![Spanned::new("*".to_string(), Span::default())];
    Policy {
        kind: PolicyKind::Identity,
        version: PolicyVersion::V2012_10_17,
        id: None,
        statements: vec![Statement {
            index: 0,
            sid: None,
            effect: Spanned::new(Effect::Allow, Span::default()),
            action: Some(ActionBlock {
                negated: false,
                patterns: star(),
                span: Span::default(),
            }),
            resource: Some(ResourceBlock {
                negated: false,
                patterns: star(),
                span: Span::default(),
            }),
            principal: None,
            conditions: Vec::new(),
            span: Span::default(),
        }],
        span: Span::default(),
    }
}

fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

/// Accounts and principal ARNs the policy names: in `Principal`/`NotPrincipal` and in the constants of the caller
/// keys.
fn named_principals<'a>(
    statements: impl Iterator<Item = &'a Statement>,
) -> (Vec<String>, Vec<String>, Vec<String>, Vec<String>) {
    let mut accounts: Vec<String> = Vec::new();
    let mut arn_patterns: Vec<String> = Vec::new();
    let mut services: Vec<String> = Vec::new();
    let mut providers: Vec<String> = Vec::new();
    let add = |list: &mut Vec<String>, value: String| {
        if !list.contains(&value) {
            list.push(value);
        }
    };
    for statement in statements {
        if let Some(block) = &statement.principal {
            if let PrincipalSet::Entries(entries) = &block.principals {
                for entry in entries {
                    let value = entry.value.value.as_str();
                    match entry.principal_type {
                        PrincipalType::Aws if value == "*" => {}
                        PrincipalType::Aws if is_account_id(value) => {
                            add(&mut accounts, value.to_string());
                        }
                        PrincipalType::Aws => add(&mut arn_patterns, value.to_string()),
                        PrincipalType::Service => add(&mut services, value.to_string()),
                        PrincipalType::Federated => add(&mut providers, value.to_string()),
                        PrincipalType::CanonicalUser => {}
                    }
                }
            }
        }
        for clause in &statement.conditions {
            let key = clause.key.value.as_str();
            for constant in &clause.values {
                let value = constant.value.as_str();
                if key.eq_ignore_ascii_case("aws:PrincipalAccount") {
                    add(&mut accounts, fill_wildcards(value, "", ANY_ACCOUNT));
                } else if key.eq_ignore_ascii_case("aws:PrincipalArn") {
                    add(&mut arn_patterns, value.to_string());
                } else if key.eq_ignore_ascii_case("aws:PrincipalServiceName") {
                    add(&mut services, fill_wildcards(value, "x", ANY_ACCOUNT));
                }
            }
        }
    }
    for pattern in &arn_patterns {
        if let Some(account) =
            crate::eval::request::account_of(pattern).filter(|a| is_account_id(a))
        {
            add(&mut accounts, account);
        }
    }
    // A pattern with a wildcard account stands for that principal in every account: an account no policy names
    // and each named one.
    let mut arns: Vec<String> = Vec::new();
    for pattern in &arn_patterns {
        add(&mut arns, fill_wildcards(pattern, "x", ANY_ACCOUNT));
        let wildcard_account = crate::eval::request::account_of(pattern)
            .is_some_and(|account| account.contains(['*', '?']));
        if wildcard_account {
            for account in &accounts {
                add(&mut arns, fill_wildcards(pattern, "x", account));
            }
        }
    }
    (accounts, arns, services, providers)
}

/// Web identity providers anyone can sign in to, and OIDC providers (GitHub Actions, ...) whose tokens any of
/// their users can get: open unless a subject or audience is pinned.
fn is_open_federation(provider: &str) -> bool {
    provider.contains(":oidc-provider/")
        || matches!(
            provider,
            "accounts.google.com"
                | "graph.facebook.com"
                | "www.amazon.com"
                | "cognito-identity.amazonaws.com"
        )
}

/// Every caller class the statements can tell apart, except principals of the owning account.
fn caller_specs<'a>(
    statements: impl Iterator<Item = &'a Statement>,
    owner: &str,
) -> Vec<CallerSpec> {
    let (accounts, arns, services, providers) = named_principals(statements);
    let mut specs = vec![CallerSpec {
        principal: Principal::anonymous(),
        name: "anonymous".to_string(),
        class: CallerClass::Anonymous,
        open_federation: false,
    }];
    let account_callers = |account: &str, class: CallerClass, specs: &mut Vec<CallerSpec>| {
        let user = format!("arn:aws:iam::{account}:user/any-user");
        let role = format!("arn:aws:iam::{account}:role/any-role");
        for principal in [
            Principal::root(account),
            Principal::iam_user(&user),
            Principal::role_session(&role, "any-session"),
        ] {
            let name = match &principal.kind {
                PrincipalKind::RoleSession { role_arn, .. } => role_arn.clone(),
                _ => principal.arn.clone(),
            };
            specs.push(CallerSpec {
                principal,
                name,
                class,
                open_federation: false,
            });
        }
    };
    account_callers(ANY_ACCOUNT, CallerClass::AnyAccount, &mut specs);
    for account in accounts
        .iter()
        .filter(|a| a.as_str() != owner && a.as_str() != ANY_ACCOUNT)
    {
        account_callers(account, CallerClass::NamedAccount, &mut specs);
    }
    for arn in &arns {
        let Ok(principal) = Principal::from_arn(arn) else {
            continue;
        };
        if principal.account.as_deref() == Some(owner) {
            continue;
        }
        let class = match principal.account.as_deref() {
            Some(ANY_ACCOUNT) => CallerClass::AnyAccount,
            Some(_) => CallerClass::NamedAccount,
            // A CloudFront origin access identity, CloudFront's own principal (`cloudfront_oai_id`).
            None => CallerClass::Service,
        };
        specs.push(CallerSpec {
            principal,
            name: arn.clone(),
            class,
            open_federation: false,
        });
    }
    let mut all_services = services;
    all_services.push(ANY_SERVICE.to_string());
    for service in all_services {
        specs.push(CallerSpec {
            principal: Principal::service(&service),
            name: service,
            class: CallerClass::Service,
            open_federation: false,
        });
    }
    for provider in providers {
        specs.push(CallerSpec {
            principal: Principal::federated(&provider),
            open_federation: is_open_federation(&provider),
            name: provider,
            class: CallerClass::IdentityProvider,
        });
    }
    specs
}

/// Whether the statement's `Principal` could name the caller (`NotPrincipal`, `*`, a missing `Principal` and
/// canonical users are taken as yes: the evaluator decides). Principals with partial wildcards name nobody
/// (reference_policies_elements_principal.md, "Specifying a principal").
fn may_name(statement: &Statement, caller: &CallerSpec) -> bool {
    let Some(block) = &statement.principal else {
        return true;
    };
    if block.negated {
        return true;
    }
    let PrincipalSet::Entries(entries) = &block.principals else {
        return true;
    };
    let principal = &caller.principal;
    let role_arn = match &principal.kind {
        PrincipalKind::RoleSession { role_arn, .. } => Some(role_arn.as_str()),
        _ => None,
    };
    entries.iter().any(|entry| {
        let value = entry.value.value.as_str();
        match entry.principal_type {
            PrincipalType::Aws if value == "*" => true,
            PrincipalType::Aws => {
                let account = if is_account_id(value) {
                    Some(value.to_string())
                } else if value.ends_with(":root") {
                    crate::eval::request::account_of(value)
                } else {
                    None
                };
                match account {
                    Some(account) => principal.account.as_deref() == Some(account.as_str()),
                    None => {
                        value == principal.arn || Some(value) == role_arn || value == caller.name
                    }
                }
            }
            PrincipalType::Service => {
                matches!(principal.kind, PrincipalKind::Service) && principal.arn == value
            }
            PrincipalType::Federated => matches!(
                &principal.kind,
                PrincipalKind::Federated { provider } if provider == value
            ),
            PrincipalType::CanonicalUser => true,
        }
    })
}

/// Whether the caller can carry `key` at all.
fn caller_carries(caller: &CallerSpec, key: &str) -> bool {
    if is_one_of(key, &CALLER_KEYS) {
        return false;
    }
    let aws_principal = caller.principal.account.is_some();
    if is_one_of(key, &SOURCE_KEYS) {
        return matches!(caller.principal.kind, PrincipalKind::Service);
    }
    if is_one_of(key, &ORGANIZATION_KEYS) {
        return aws_principal;
    }
    true
}

/// Fills an action pattern: `*` alone is any action of any service.
fn action_representative(pattern: &str) -> String {
    if pattern == "*" {
        "any-service:AnyAction".to_string()
    } else {
        fill_wildcards(pattern, "Any", ANY_ACCOUNT)
    }
}

/// The actions to try for an `Allow` statement: its own patterns filled in (or an unlisted action for
/// `NotAction`), and the `Deny` statements' patterns, so a request that slips past a `Deny` is found.
fn action_classes(statement: &Statement, denies: &[&Statement]) -> Vec<String> {
    let mut actions: Vec<String> = Vec::new();
    let mut add = |action: String| {
        if !actions.contains(&action) {
            actions.push(action);
        }
    };
    match &statement.action {
        Some(block) if !block.negated => {
            block
                .patterns
                .iter()
                .for_each(|p| add(action_representative(&p.value)));
        }
        _ => add("unlisted-service:UnlistedAction".to_string()),
    }
    // A deny's actions matter only where this statement reaches them.
    let covers = |action: &str| match &statement.action {
        Some(block) => {
            block.negated
                != block
                    .patterns
                    .iter()
                    .any(|p| crate::wildcard::matches_ignore_case(&p.value, action))
        }
        None => false,
    };
    for deny in denies {
        for pattern in deny.action.iter().flat_map(|block| &block.patterns) {
            let action = action_representative(&pattern.value);
            if covers(&action) {
                add(action);
            }
        }
    }
    actions
}

/// The resources to try: the target itself and what the statement's patterns name under it (S3 objects of a
/// bucket), or, without a target, the patterns filled in.
fn resource_classes(
    statement: &Statement,
    target: Option<&str>,
    kind: ResourcePolicyKind,
) -> Vec<String> {
    let mut resources: Vec<String> = Vec::new();
    let add = |resources: &mut Vec<String>, resource: String| {
        if !resources.contains(&resource) {
            resources.push(resource);
        }
    };
    if let Some(target) = target {
        let covered = match &statement.resource {
            Some(block) if !block.negated => block
                .patterns
                .iter()
                .any(|p| crate::wildcard::matches(&p.value, target)),
            _ => true,
        };
        if covered {
            add(&mut resources, target.to_string());
        }
    }
    let patterns = statement
        .resource
        .iter()
        .filter(|block| !block.negated)
        .flat_map(|block| &block.patterns);
    for pattern in patterns {
        let filled = fill_wildcards(&pattern.value, "x", ANY_ACCOUNT);
        match target {
            Some(target) => {
                let under = filled
                    .strip_prefix(target)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
                if under {
                    add(&mut resources, filled);
                }
            }
            None if pattern.value == "*" => {}
            None => add(&mut resources, filled),
        }
    }
    if resources.is_empty() {
        add(
            &mut resources,
            match kind {
                ResourcePolicyKind::RoleTrust => {
                    format!("arn:aws:iam::{UNKNOWN_OWNER}:role/any-role")
                }
                _ => "arn:aws:s3:::any-resource".to_string(),
            },
        );
    }
    resources
}

/// The evaluation bound and the count so far.
struct Budget {
    left: usize,
    used: usize,
    exhausted: bool,
}

impl Budget {
    fn take(&mut self) -> bool {
        if self.left == 0 {
            self.exhausted = true;
            return false;
        }
        self.left -= 1;
        self.used += 1;
        true
    }
}

/// One policy, ready to evaluate requests against.
struct Prepared<'p> {
    policy: &'p Policy,
    allow_all: &'p Policy,
    kind: ResourcePolicyKind,
    owner: String,
}

impl<'p> Prepared<'p> {
    fn new(
        policy: &'p Policy,
        allow_all: &'p Policy,
        kind: ResourcePolicyKind,
        owner: String,
    ) -> Self {
        Self {
            policy,
            allow_all,
            kind,
            owner,
        }
    }

    /// The policy as `caller` meets it: only the statements whose `Principal` / `NotPrincipal` covers the caller,
    /// matched once here rather than in each of the caller's evaluations. The others cannot apply to any of its
    /// requests, so every decision is the same. Why: a bucket policy sharing folders with 200 accounts, 4 in each
    /// of its 50 statements, leaves one statement per caller; matching all 50 in each of the thousands of
    /// requests was most of the analysis's time.
    fn for_caller<'a>(&'a self, caller: &'a CallerSpec) -> CallerView<'a> {
        let policy = self.policy;
        let kept: Vec<usize> = (0..policy.statements.len())
            .filter(|at| {
                policy
                    .statements
                    .get(*at)
                    .is_some_and(|statement| principal_covers(statement, &caller.principal))
            })
            .collect();
        // Evaluations skip the other statements (`NamedPolicy::only_statements`) rather than meet a copy of the
        // policy: the policy stays the one AWS's default key policy is recognized by, and the first screen's wasm
        // (which lints with this analysis) carries no code to copy statements.
        let only = (kept.len() < policy.statements.len()).then_some(kept);
        CallerView {
            prepared: self,
            caller,
            only,
        }
    }
}

/// One caller's requests against a prepared policy.
struct CallerView<'a> {
    prepared: &'a Prepared<'a>,
    caller: &'a CallerSpec,
    /// The positions of the statements that cover the caller, ascending; `None` when all do.
    only: Option<Vec<usize>>,
}

impl CallerView<'_> {
    fn allows(&self, action: &str, resource: &str, context: RequestContext) -> bool {
        let prepared = self.prepared;
        let principal = &self.caller.principal;
        let mut request = AuthorizationRequest::new(principal.clone(), action, resource);
        request.resource_account = Some(prepared.owner.clone());
        request.context = context;
        request.policies.resource = Some(ResourcePolicy {
            kind: prepared.kind,
            policy: NamedPolicy::new("resource policy", prepared.policy)
                .with_only_statements(self.only.as_deref()),
        });
        if principal.account.is_some() {
            request.policies.identity =
                vec![NamedPolicy::new("another account", prepared.allow_all)];
        }
        crate::eval::decide(&request) == Decision::Allow
    }
}

fn context_of(classes: &[KeyClasses], chosen: &[usize]) -> RequestContext {
    let mut context = RequestContext::new();
    for (class, index) in classes.iter().zip(chosen) {
        if let Some(Some(value)) = class.values.get(*index) {
            context.insert(&class.key, value.clone());
        }
    }
    context
}

/// Analyzes one resource or trust policy.
pub fn analyze_policy(
    policy: &Policy,
    target: &AccessTarget<'_>,
    options: &AccessOptions,
) -> PolicyAccess {
    let owner = target
        .owner
        .map(str::to_string)
        .or_else(|| target.resource.and_then(crate::eval::request::account_of))
        .unwrap_or_else(|| UNKNOWN_OWNER.to_string());
    let allow_all = allow_everything();
    let prepared = Prepared::new(policy, &allow_all, target.kind, owner.clone());
    let denies: Vec<&Statement> = policy
        .statements
        .iter()
        .filter(|s| s.effect.value == Effect::Deny)
        .collect();
    let mut budget = Budget {
        left: options.max_evaluations,
        used: 0,
        exhausted: false,
    };
    let mut witnesses: Vec<Witness> = Vec::new();
    let allows = policy
        .statements
        .iter()
        .filter(|s| s.effect.value == Effect::Allow);
    for statement in allows {
        let clauses = statement
            .conditions
            .iter()
            .chain(denies.iter().flat_map(|deny| &deny.conditions));
        let classes = key_classes(clauses, ANY_ACCOUNT);
        let actions = action_classes(statement, &denies);
        let resources = resource_classes(statement, target.resource, target.kind);
        // The callers this statement and the denies can tell apart, and of those only the ones its `Principal`
        // can name (the others can never be allowed through it).
        let callers = caller_specs(
            std::iter::once(statement).chain(denies.iter().copied()),
            &owner,
        );
        for caller in callers.iter().filter(|caller| may_name(statement, caller)) {
            let view = prepared.for_caller(caller);
            let sizes: Vec<usize> = classes
                .iter()
                .map(|class| {
                    if caller_carries(caller, &class.key) {
                        class.values.len()
                    } else {
                        1
                    }
                })
                .collect();
            if let Some(witness) = find_witness(
                &view,
                statement,
                &actions,
                &resources,
                &classes,
                &sizes,
                &mut budget,
            ) {
                witnesses.push(witness);
            }
            if budget.exhausted {
                break;
            }
        }
        if budget.exhausted {
            break;
        }
    }
    witnesses.sort_by_key(|w| !w.public);
    // One witness per caller and statement is enough to show; keep the list short.
    witnesses.truncate(options.max_witnesses);
    let access = if witnesses.iter().any(|w| w.public) {
        Access::Public
    } else if witnesses.is_empty() {
        Access::Private
    } else {
        Access::External
    };
    let reason = (access == Access::Private).then(|| private_reason(policy, &owner, budget.used));
    PolicyAccess {
        access,
        witnesses,
        reason,
        complete: !budget.exhausted,
        evaluated: budget.used,
    }
}

/// Searches the class combinations for one caller and one `Allow` statement; the first allowed request,
/// with every key it does not need relaxed to missing or "other".
fn find_witness(
    view: &CallerView<'_>,
    statement: &Statement,
    actions: &[String],
    resources: &[String],
    classes: &[KeyClasses],
    sizes: &[usize],
    budget: &mut Budget,
) -> Option<Witness> {
    for action in actions {
        for resource in resources {
            let mut walk = Combinations::new(sizes.to_vec(), usize::MAX);
            while let Some(chosen) = walk.next_combination() {
                if !budget.take() {
                    return None;
                }
                if !view.allows(action, resource, context_of(classes, chosen)) {
                    continue;
                }
                let mut chosen = chosen.to_vec();
                relax(view, action, resource, classes, &mut chosen, budget);
                return Some(witness(
                    statement,
                    view.caller,
                    action,
                    resource,
                    classes,
                    &chosen,
                ));
            }
        }
    }
    None
}

/// Sets each key the allowed request does not need back to missing, else to the "other" value.
fn relax(
    view: &CallerView<'_>,
    action: &str,
    resource: &str,
    classes: &[KeyClasses],
    chosen: &mut [usize],
    budget: &mut Budget,
) {
    for at in 0..chosen.len() {
        let Some(current) = chosen.get(at).copied() else {
            continue;
        };
        for simpler in [0usize, 1] {
            if current <= simpler {
                break;
            }
            if let Some(slot) = chosen.get_mut(at) {
                *slot = simpler;
            }
            if budget.take() && view.allows(action, resource, context_of(classes, chosen)) {
                break;
            }
            if let Some(slot) = chosen.get_mut(at) {
                *slot = current;
            }
        }
    }
}

fn witness(
    statement: &Statement,
    caller: &CallerSpec,
    action: &str,
    resource: &str,
    classes: &[KeyClasses],
    chosen: &[usize],
) -> Witness {
    let mut context = BTreeMap::new();
    let mut limits = Vec::new();
    for (class, index) in classes.iter().zip(chosen) {
        let Some(Some(value)) = class.values.get(*index) else {
            continue;
        };
        context.insert(class.key.clone(), value.clone());
        let is_other = value.values().iter().all(|v| v == OTHER_VALUE);
        if *index >= 2 && !is_other {
            limits.push(Limit {
                key: class.key.clone(),
                value: value.values().join(","),
                kind: limit_kind(&class.key, &value.values().join(",")),
                fixed: class.fixed.get(*index).copied().unwrap_or(false),
            });
        }
    }
    let restricted = limits
        .iter()
        .any(|limit| limit.kind.is_some() && limit.fixed);
    let open_caller = match caller.class {
        CallerClass::Anonymous | CallerClass::AnyAccount => true,
        CallerClass::IdentityProvider => caller.open_federation,
        // `any-service` stands for every service acting for anyone (`Principal: "*"`): without a pinned source
        // that is the confused deputy (confused-deputy.md). A named service is external.
        CallerClass::Service => caller.name == ANY_SERVICE,
        CallerClass::NamedAccount => false,
    };
    Witness {
        principal: caller.name.clone(),
        caller: caller.class,
        account: caller.principal.account.clone(),
        action: action.to_string(),
        resource: resource.to_string(),
        context,
        statement_index: statement.index,
        sid: statement.sid.as_ref().map(|sid| sid.value.clone()),
        span: statement.span,
        limits,
        public: open_caller && !restricted,
    }
}

/// Why nobody outside the account got in.
fn private_reason(policy: &Policy, owner: &str, evaluated: usize) -> String {
    let allows: Vec<&Statement> = policy
        .statements
        .iter()
        .filter(|s| s.effect.value == Effect::Allow)
        .collect();
    if allows.is_empty() {
        return "the policy has no `Allow` statement".to_string();
    }
    let pins = |statement: &Statement, keys: &[&str]| {
        statement.conditions.iter().any(|clause| {
            !clause.operator.value.base.is_negated() && is_one_of(&clause.key.value, keys)
        })
    };
    let account_pinned = allows.iter().all(|s| {
        pins(
            s,
            &[
                "aws:PrincipalAccount",
                "aws:PrincipalArn",
                "aws:ResourceAccount",
            ],
        )
    });
    if account_pinned {
        return format!(
            "every `Allow` pins the caller with `aws:PrincipalAccount`/`aws:PrincipalArn` to account {owner}"
        );
    }
    format!(
        "no principal outside account {owner} is allowed: every `Allow` names only principals of the account, or \
         its conditions or a `Deny` exclude the others ({evaluated} representative requests evaluated)"
    )
}

/// One resource or role of a scenario and its answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceAccess {
    pub resource: String,
    /// `resource` (a resource policy), `role` (a trust policy), or `key` (a KMS key policy).
    pub kind: &'static str,
    pub owner: Option<String>,
    pub policy_id: String,
    #[serde(flatten)]
    pub analysis: PolicyAccess,
}

/// Every resource policy and trust policy of a scenario, or only those of `resource` when given.
pub fn analyze_scenario(
    scenario: &Scenario,
    resource: Option<&str>,
    options: &AccessOptions,
) -> Vec<ResourceAccess> {
    let mut answers = Vec::new();
    let wanted = |arn: &str| resource.is_none_or(|wanted| wanted == arn);
    for entry in &scenario.resources {
        let Some(policy) = &entry.policy else {
            continue;
        };
        if !wanted(&entry.arn.value) {
            continue;
        }
        let is_key = crate::arn::Arn::parse(&entry.arn.value)
            .is_ok_and(|arn| arn.service == "kms" && arn.resource.starts_with("key/"));
        let kind = if is_key {
            ResourcePolicyKind::KmsKey
        } else {
            ResourcePolicyKind::Resource
        };
        let target = AccessTarget {
            resource: Some(&entry.arn.value),
            owner: entry.owner(),
            kind,
        };
        answers.push(ResourceAccess {
            resource: entry.arn.value.clone(),
            kind: if is_key { "key" } else { "resource" },
            owner: entry.owner().map(str::to_string),
            policy_id: policy.id.clone(),
            analysis: analyze_policy(&policy.policy, &target, options),
        });
    }
    for role in &scenario.roles {
        let Some(policy) = &role.trust_policy else {
            continue;
        };
        if !wanted(&role.arn.value) {
            continue;
        }
        let owner = crate::eval::request::account_of(&role.arn.value);
        let target = AccessTarget {
            resource: Some(&role.arn.value),
            owner: owner.as_deref(),
            kind: ResourcePolicyKind::RoleTrust,
        };
        let analysis = analyze_policy(&policy.policy, &target, options);
        answers.push(ResourceAccess {
            resource: role.arn.value.clone(),
            kind: "role",
            owner,
            policy_id: policy.id.clone(),
            analysis,
        });
    }
    answers
}

#[cfg(test)]
mod tests;
