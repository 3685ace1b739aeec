//! Role chains: each hop an `sts:AssumeRole*` evaluated like any request (the caller's identity side against
//! the role's trust policy, same- or cross-account), then the temporary credentials the hop issues.
//!
//! `sts` knows nothing of scenario files: a [`Directory`] tells it who a role's session is and builds each
//! hop's request, so the chain logic sits between `eval` and `scenario`.

use crate::context::{ContextValue, RequestContext};
use crate::eval::AwsRule;
use crate::eval::{
    evaluate_with, AuthorizationRequest, EvaluationOptions, NamedPolicy, OrganizationPolicies,
    Principal, PrincipalKind,
};
use crate::explain::{AccountRelation, Decision, Explanation};
use serde::Serialize;
use std::collections::BTreeMap;

/// A role session lasts an hour unless the role allows longer (IAM API Reference, `CreateRole`,
/// `MaxSessionDuration`).
pub const DEFAULT_SESSION_DURATION_SECONDS: u32 = 3600;

/// Role chaining limits a session to one hour whatever the role allows (id_roles_terms-and-concepts.md,
/// "Role chaining").
pub const CHAINED_SESSION_LIMIT_SECONDS: u32 = 3600;

/// A caller and the policies that go with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Caller<'p> {
    pub principal: Principal,
    /// Identity-based policies: a user's own and its groups', or a role session's role policies.
    pub identity: Vec<NamedPolicy<'p>>,
    pub permissions_boundary: Option<NamedPolicy<'p>>,
    /// Session policies passed when the session was created.
    pub session: Vec<NamedPolicy<'p>>,
    /// The SCPs of the caller's account.
    pub scps: OrganizationPolicies<'p>,
}

impl Caller<'_> {
    /// A caller without policies (anonymous, a service, an identity provider, an undescribed principal).
    pub fn bare(principal: Principal) -> Self {
        Self {
            principal,
            identity: Vec::new(),
            permissions_boundary: None,
            session: Vec::new(),
            scps: OrganizationPolicies::default(),
        }
    }
}

/// A new session of a role.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleSession<'p> {
    /// The session as a caller: principal (session ARN, role tags) and the role's policies and boundary.
    pub caller: Caller<'p>,
    /// The role's `MaxSessionDuration`, if set.
    pub max_session_duration: Option<u32>,
}

/// What the chain needs to know about the world.
pub trait Directory<'p> {
    /// The request `caller` makes for `action` on `resource`, with the resource side filled in: for a role ARN
    /// and `sts:AssumeRole*` the role's trust policy (an empty one when the role has none), else the policy,
    /// owner, tags and RCPs of the resource.
    fn request(
        &self,
        caller: &Caller<'p>,
        action: &str,
        resource: &str,
        context: &RequestContext,
    ) -> AuthorizationRequest<'p>;

    /// A session of `role_arn` named `session_name`, or `None` if the role is unknown.
    fn session(&self, role_arn: &str, session_name: &str) -> Option<RoleSession<'p>>;
}

/// The temporary credentials a hop issued. The core has no clock: durations are offsets, and absolute times
/// appear only when the caller passed a start time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TemporaryCredentials {
    /// `arn:aws:sts::ID:assumed-role/ROLE/SESSION`.
    pub session_arn: String,
    pub role_arn: String,
    pub session_name: String,
    /// How long the credentials last: the role's `MaxSessionDuration` (default one hour), at most one hour
    /// when the caller was itself a role session.
    pub duration_seconds: u32,
    /// Whether role chaining capped the duration.
    pub chained: bool,
    /// The session's principal tags: the role's tags, overridden by inherited transitive tags and the
    /// hop's session tags (id_session-tags.md, "Things to know about session tags").
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub principal_tags: BTreeMap<String, String>,
    /// The session tags that carry on to later hops.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub transitive_tags: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_identity: Option<String>,
    /// Seconds since the epoch, when a start time was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issued_at: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
}

/// One hop of a chain: `caller` asks to assume `role_arn`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Hop<'p> {
    pub index: usize,
    /// The ARN of who assumes (a user, a previous hop's session, an identity provider, a service).
    pub caller: String,
    pub role_arn: String,
    /// `sts:AssumeRole`, `sts:AssumeRoleWithSAML` or `sts:AssumeRoleWithWebIdentity`.
    pub action: String,
    pub decision: Decision,
    pub account_relation: AccountRelation,
    /// Every STS permission the hop needed, in the order checked: the assume action, then `sts:TagSession`
    /// when it passes session tags, then `sts:SetSourceIdentity` when it carries a source identity.
    pub permissions: Vec<HopPermission>,
    /// The permission that was denied (`sts:TagSession`, ...), when the hop was denied; the explanation is
    /// that permission's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub denied_action: Option<String>,
    /// Issued when the hop was allowed.
    pub credentials: Option<TemporaryCredentials>,
    pub explanation: Explanation<'p>,
}

/// One permission a hop needed and its decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HopPermission {
    pub action: String,
    pub decision: Decision,
}

/// What one hop asks for: the role, and optionally the session name, session tags and source identity.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssumeStep {
    pub role_arn: String,
    /// `None` uses [`ChainOptions::session_name`].
    pub session_name: Option<String>,
    pub tags: BTreeMap<String, String>,
    pub transitive_tag_keys: Vec<String>,
    pub source_identity: Option<String>,
}

impl AssumeStep {
    /// A hop that only names the role.
    pub fn role(role_arn: &str) -> Self {
        Self {
            role_arn: role_arn.to_string(),
            ..Self::default()
        }
    }
}

/// How to run a chain.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChainOptions<'p> {
    /// Names every session; `None` uses [`crate::scenario::SESSION_NAME`].
    pub session_name: Option<String>,
    /// Seconds since the epoch at which the first hop happens, to give credentials absolute times.
    pub start_time: Option<i64>,
    /// Session policies passed with the last hop; they limit the final session.
    pub session_policies: Vec<NamedPolicy<'p>>,
    pub evaluation: EvaluationOptions,
}

/// What a chain produced.
#[derive(Debug, Clone, PartialEq)]
pub struct ChainOutcome<'p> {
    /// Every hop tried, in order; the last one is the denied hop when the chain failed.
    pub hops: Vec<Hop<'p>>,
    /// The 0-based index of the hop that was denied.
    pub denied_hop: Option<usize>,
    /// The last role's session, when every hop was allowed.
    pub session: Option<Caller<'p>>,
}

/// The STS action a caller uses to assume a role: identity providers use `AssumeRoleWithSAML` (SAML provider
/// ARNs) or `AssumeRoleWithWebIdentity` (OIDC providers, Cognito, Google, ...); everyone else `AssumeRole`
/// (reference_policies_elements_principal.md, "SAML session principals", "Web identity session principals").
pub fn assume_action(principal: &Principal) -> &'static str {
    match &principal.kind {
        PrincipalKind::Federated { provider } if provider.contains(":saml-provider/") => {
            "sts:AssumeRoleWithSAML"
        }
        PrincipalKind::Federated { .. } => "sts:AssumeRoleWithWebIdentity",
        _ => "sts:AssumeRole",
    }
}

/// Whether a trust policy governs `action` on a role: the `sts:AssumeRole*` actions and the permissions-only
/// actions checked with them, `sts:TagSession` and `sts:SetSourceIdentity` (id_session-tags.md, "Permissions
/// required to add session tags"; id_credentials_temp_control-access_monitor.md, "Permissions required to set
/// source identity").
pub fn is_trust_action(action: &str) -> bool {
    is_assume_role_action(action)
        || action.eq_ignore_ascii_case("sts:TagSession")
        || action.eq_ignore_ascii_case("sts:SetSourceIdentity")
}

/// Whether `action` is one of the `sts:AssumeRole*` actions a trust policy governs.
pub fn is_assume_role_action(action: &str) -> bool {
    action
        .get(.."sts:AssumeRole".len())
        .is_some_and(|head| head.eq_ignore_ascii_case("sts:AssumeRole"))
}

/// What a chain carries from hop to hop: the transitive session tags and the source identity.
#[derive(Debug, Clone, Default)]
struct Carried {
    transitive: BTreeMap<String, String>,
    source_identity: Option<String>,
}

fn find_ignore_case<'m>(
    map: &'m BTreeMap<String, String>,
    key: &str,
) -> Option<(&'m String, &'m String)> {
    map.iter().find(|(name, _)| name.eq_ignore_ascii_case(key))
}

/// `base` with `over` laid on top, keys compared case-insensitively: "New session tags override existing
/// assumed role or federated user tags with the same tag key, regardless of case" (id_session-tags.md,
/// "Things to know about session tags").
fn overlay(
    base: &BTreeMap<String, String>,
    over: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let mut merged: BTreeMap<String, String> = base
        .iter()
        .filter(|(name, _)| find_ignore_case(over, name).is_none())
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect();
    merged.extend(
        over.iter()
            .map(|(name, value)| (name.clone(), value.clone())),
    );
    merged
}

/// The request context of one hop: the request's keys plus what the hop passes (id_session-tags.md,
/// "Permissions required to add session tags": `aws:RequestTag`, `aws:TagKeys`, `sts:TransitiveTagKeys`;
/// id_credentials_temp_control-access_monitor.md, "Permissions required to set source identity":
/// `sts:SourceIdentity`; `sts:RoleSessionName` from the condition keys of AWS STS).
fn hop_context(
    context: &RequestContext,
    step: &AssumeStep,
    session_name: &str,
    source_identity: Option<&str>,
) -> RequestContext {
    let mut context = context.clone();
    context.insert(
        "sts:RoleSessionName",
        ContextValue::Single(session_name.to_string()),
    );
    for (key, value) in &step.tags {
        context.insert(
            &format!("aws:RequestTag/{key}"),
            ContextValue::Single(value.clone()),
        );
    }
    if !step.tags.is_empty() {
        context.insert(
            "aws:TagKeys",
            ContextValue::Multi(step.tags.keys().cloned().collect()),
        );
    }
    if !step.transitive_tag_keys.is_empty() {
        context.insert(
            "sts:TransitiveTagKeys",
            ContextValue::Multi(step.transitive_tag_keys.clone()),
        );
    }
    if let Some(identity) = source_identity {
        context.insert(
            "sts:SourceIdentity",
            ContextValue::Single(identity.to_string()),
        );
    }
    context
}

/// Why STS refuses a hop before any policy is read.
fn refusal(step: &AssumeStep, carried: &Carried) -> Option<AwsRule> {
    if let Some((key, _)) = step
        .tags
        .iter()
        .find(|(key, _)| find_ignore_case(&carried.transitive, key).is_some())
    {
        // Transitive tags "persist during role chaining"; passing a session tag with the key of an inherited
        // one fails (id_session-tags.md, "Chaining roles with session tags").
        return Some(AwsRule::TransitiveTagOverride { key: key.clone() });
    }
    match (&carried.source_identity, &step.source_identity) {
        // "The value that is set cannot be changed during the role session"
        // (id_credentials_temp_control-access_monitor.md, "Monitor and control actions taken with assumed roles").
        (Some(inherited), Some(given)) if inherited != given => {
            Some(AwsRule::SourceIdentityCannotChange)
        }
        _ => None,
    }
}

/// Runs `first` through `steps` in order. A denied hop ends the chain.
pub fn assume_chain<'p, D: Directory<'p>>(
    directory: &D,
    first: Caller<'p>,
    steps: &[AssumeStep],
    context: &RequestContext,
    options: &ChainOptions<'p>,
) -> ChainOutcome<'p> {
    let default_name = options
        .session_name
        .as_deref()
        .unwrap_or(crate::scenario::SESSION_NAME);
    let mut caller = first;
    let mut carried = Carried {
        source_identity: caller.principal.source_identity.clone(),
        ..Carried::default()
    };
    let mut hops = Vec::with_capacity(steps.len());
    for (index, step) in steps.iter().enumerate() {
        let role_arn = step.role_arn.as_str();
        let session_name = step.session_name.as_deref().unwrap_or(default_name);
        let source_identity = step
            .source_identity
            .clone()
            .or_else(|| carried.source_identity.clone());
        let hop_context = hop_context(context, step, session_name, source_identity.as_deref());
        let assume = assume_action(&caller.principal);

        // The assume action, then each permissions-only action the hop needs; the first denied one ends it.
        let mut actions = vec![assume];
        if !step.tags.is_empty() || !step.transitive_tag_keys.is_empty() {
            // "you must have the following permissions-only action in your policy: sts:TagSession"
            // (id_session-tags.md, "Permissions required to add session tags").
            actions.push("sts:TagSession");
        }
        if source_identity.is_some() {
            // Required on every hop that carries one, chained hops included
            // (id_credentials_temp_control-access_monitor.md, "Permissions required to set source identity").
            actions.push("sts:SetSourceIdentity");
        }
        let mut permissions = Vec::with_capacity(actions.len());
        let mut denied: Option<(&str, Explanation<'p>)> = None;
        let mut allowed_explanation: Option<Explanation<'p>> = None;
        for action in actions {
            let mut request = directory.request(&caller, action, role_arn, &hop_context);
            // "Transitive tags ... replace matching ResourceTag values during the evaluation of the role trust
            // policy" (id_session-tags.md, "Things to know about session tags").
            request.resource_tags = overlay(&request.resource_tags, &carried.transitive);
            let mut evaluation = evaluate_with(&request, options.evaluation);
            if let Some(rule) = refusal(step, &carried) {
                evaluation.decision = Decision::ExplicitDeny;
                evaluation.explanation.decision = Decision::ExplicitDeny;
                evaluation.explanation.decisive.clear();
                evaluation.explanation.summary =
                    format!("ExplicitDeny: {action} on {role_arn} {}", rule.describe());
                evaluation.explanation.aws_rule = Some(rule);
            }
            permissions.push(HopPermission {
                action: action.to_string(),
                decision: evaluation.decision,
            });
            if evaluation.decision != Decision::Allow {
                denied = Some((action, evaluation.explanation));
                break;
            }
            if allowed_explanation.is_none() {
                allowed_explanation = Some(evaluation.explanation);
            }
        }

        let session = if denied.is_none() {
            directory.session(role_arn, session_name)
        } else {
            None
        };
        let Some(mut session) = session else {
            let (denied_action, explanation) = match denied {
                Some((action, explanation)) => (Some(action.to_string()), explanation),
                // An allowed hop to a role the directory cannot produce is still a failed hop.
                None => {
                    let mut explanation = allowed_explanation.unwrap_or_else(|| {
                        evaluate_with(
                            &directory.request(&caller, assume, role_arn, &hop_context),
                            options.evaluation,
                        )
                        .explanation
                    });
                    explanation.decision = Decision::ImplicitDeny;
                    (None, explanation)
                }
            };
            hops.push(Hop {
                index,
                caller: caller.principal.arn.clone(),
                role_arn: role_arn.to_string(),
                action: assume.to_string(),
                decision: explanation.decision,
                account_relation: explanation.account_relation,
                permissions,
                denied_action,
                credentials: None,
                explanation,
            });
            return ChainOutcome {
                hops,
                denied_hop: Some(index),
                session: None,
            };
        };
        let Some(explanation) = allowed_explanation else {
            // Unreachable: an allowed hop evaluated its assume action.
            return ChainOutcome {
                hops,
                denied_hop: Some(index),
                session: None,
            };
        };

        // The session's tags: the role's, then inherited transitive tags, then this hop's session tags.
        let new_transitive: BTreeMap<String, String> = step
            .tags
            .iter()
            .filter(|(key, _)| {
                step.transitive_tag_keys
                    .iter()
                    .any(|transitive| transitive.eq_ignore_ascii_case(key))
            })
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect();
        let session_tags = overlay(&carried.transitive, &step.tags);
        session.caller.principal.tags = overlay(&session.caller.principal.tags, &session_tags);
        carried.transitive = overlay(&carried.transitive, &new_transitive);
        carried.source_identity = source_identity;
        session.caller.principal.source_identity = carried.source_identity.clone();

        let chained = matches!(caller.principal.kind, PrincipalKind::RoleSession { .. });
        let allowed = session
            .max_session_duration
            .unwrap_or(DEFAULT_SESSION_DURATION_SECONDS);
        let duration_seconds = if chained {
            allowed.min(CHAINED_SESSION_LIMIT_SECONDS)
        } else {
            allowed
        };
        // Hops are instantaneous: every session of the chain is issued at the start time.
        let issued_at = options.start_time;
        let credentials = TemporaryCredentials {
            session_arn: session.caller.principal.arn.clone(),
            role_arn: role_arn.to_string(),
            session_name: session_name.to_string(),
            duration_seconds,
            chained: chained && allowed > CHAINED_SESSION_LIMIT_SECONDS,
            principal_tags: session.caller.principal.tags.clone(),
            transitive_tags: carried.transitive.clone(),
            source_identity: carried.source_identity.clone(),
            issued_at,
            expires_at: issued_at.map(|at| at.saturating_add(i64::from(duration_seconds))),
        };
        hops.push(Hop {
            index,
            caller: caller.principal.arn.clone(),
            role_arn: role_arn.to_string(),
            action: assume.to_string(),
            decision: Decision::Allow,
            account_relation: explanation.account_relation,
            permissions,
            denied_action: None,
            credentials: Some(credentials),
            explanation,
        });
        caller = session.caller;
    }
    if !steps.is_empty() {
        caller.session = options.session_policies.clone();
    }
    ChainOutcome {
        hops,
        denied_hop: None,
        session: Some(caller),
    }
}
