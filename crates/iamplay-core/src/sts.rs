//! Role chains: each hop an `sts:AssumeRole*` evaluated like any request (the caller's identity side against
//! the role's trust policy, same- or cross-account), then the temporary credentials the hop issues.
//!
//! `sts` knows nothing of scenario files: a [`Directory`] tells it who a role's session is and builds each
//! hop's request, so the chain logic sits between `eval` and `scenario`.

use crate::context::RequestContext;
use crate::eval::{
    evaluate_with, AuthorizationRequest, EvaluationOptions, NamedPolicy, OrganizationPolicies,
    Principal, PrincipalKind,
};
use crate::explain::{AccountRelation, Decision, Explanation};
use serde::Serialize;

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
    /// Issued when the hop was allowed.
    pub credentials: Option<TemporaryCredentials>,
    pub explanation: Explanation<'p>,
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

/// Whether `action` is one of the `sts:AssumeRole*` actions a trust policy governs.
pub fn is_assume_role_action(action: &str) -> bool {
    action
        .get(.."sts:AssumeRole".len())
        .is_some_and(|head| head.eq_ignore_ascii_case("sts:AssumeRole"))
}

/// Runs `first` through `roles` in order. A denied hop ends the chain.
pub fn assume_chain<'p, D: Directory<'p>>(
    directory: &D,
    first: Caller<'p>,
    roles: &[&str],
    context: &RequestContext,
    options: &ChainOptions<'p>,
) -> ChainOutcome<'p> {
    let session_name = options
        .session_name
        .as_deref()
        .unwrap_or(crate::scenario::SESSION_NAME);
    let mut caller = first;
    let mut hops = Vec::with_capacity(roles.len());
    for (index, role_arn) in roles.iter().enumerate() {
        let action = assume_action(&caller.principal);
        let request = directory.request(&caller, action, role_arn, context);
        let evaluation = evaluate_with(&request, options.evaluation);
        let decision = evaluation.decision;
        let session = if decision == Decision::Allow {
            directory.session(role_arn, session_name)
        } else {
            None
        };
        let Some(session) = session else {
            hops.push(Hop {
                index,
                caller: caller.principal.arn.clone(),
                role_arn: (*role_arn).to_string(),
                action: action.to_string(),
                // An allowed hop to a role the directory cannot produce is still a failed hop.
                decision: if decision == Decision::Allow {
                    Decision::ImplicitDeny
                } else {
                    decision
                },
                account_relation: evaluation.explanation.account_relation,
                credentials: None,
                explanation: evaluation.explanation,
            });
            return ChainOutcome {
                hops,
                denied_hop: Some(index),
                session: None,
            };
        };

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
            role_arn: (*role_arn).to_string(),
            session_name: session_name.to_string(),
            duration_seconds,
            chained: chained && allowed > CHAINED_SESSION_LIMIT_SECONDS,
            issued_at,
            expires_at: issued_at.map(|at| at.saturating_add(i64::from(duration_seconds))),
        };
        hops.push(Hop {
            index,
            caller: caller.principal.arn.clone(),
            role_arn: (*role_arn).to_string(),
            action: action.to_string(),
            decision,
            account_relation: evaluation.explanation.account_relation,
            credentials: Some(credentials),
            explanation: evaluation.explanation,
        });
        caller = session.caller;
    }
    if !roles.is_empty() {
        caller.session = options.session_policies.clone();
    }
    ChainOutcome {
        hops,
        denied_hop: None,
        session: Some(caller),
    }
}
