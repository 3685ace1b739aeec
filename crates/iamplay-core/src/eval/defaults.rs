//! The condition keys AWS puts in every request context from the caller and the resource; values the caller
//! gave win (`RequestContext::insert_default`).

use crate::context::{ContextValue, RequestContext};
use crate::eval::request::{AuthorizationRequest, PrincipalKind};
use crate::policy::model::ConditionClause;

/// Whether a clause may read a key this module fills: its key is one of them, or a value holds a policy variable
/// (which may name any key). Other clauses read the caller's context as given, with the same result.
pub(crate) fn may_read_defaults(clause: &ConditionClause) -> bool {
    let key = clause.key.value.as_bytes();
    let filled_prefixes: [&[u8]; 3] = [b"aws:principal", b"aws:resource", b"aws:user"];
    filled_prefixes.iter().any(|prefix| {
        key.get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    }) || clause
        .values
        .iter()
        .any(|value| super::matching::has_variable(&value.value))
}

fn single(value: &str) -> ContextValue {
    ContextValue::Single(value.to_string())
}

/// The request's context with AWS's defaults filled in (reference_policies_condition-keys.md and
/// reference_policies_variables.md, "Principal key values").
pub(crate) fn effective_context(request: &AuthorizationRequest<'_>) -> RequestContext {
    let mut context = request.context.clone();
    let principal = &request.principal;

    // aws:PrincipalArn: the role ARN for a role session; absent for anonymous requests
    // (reference_policies_condition-keys.md, "aws:PrincipalArn").
    if let Some(arn) = principal.principal_arn() {
        context.insert_default("aws:PrincipalArn", single(arn));
    }

    // aws:PrincipalAccount: "For anonymous requests, the request context returns `anonymous`"
    // (reference_policies_condition-keys.md, "aws:PrincipalAccount").
    match (&principal.kind, &principal.account) {
        (PrincipalKind::Anonymous, _) => {
            context.insert_default("aws:PrincipalAccount", single("anonymous"));
        }
        (_, Some(account)) => context.insert_default("aws:PrincipalAccount", single(account)),
        (_, None) => {}
    }

    // aws:PrincipalType and aws:userid, per "Principal key values" (reference_policies_variables.md).
    let principal_type = match principal.kind {
        PrincipalKind::Root => Some("Account"),
        PrincipalKind::IamUser => Some("User"),
        PrincipalKind::RoleSession { .. } => Some("AssumedRole"),
        PrincipalKind::FederatedUser { .. } => Some("FederatedUser"),
        PrincipalKind::Anonymous => Some("Anonymous"),
        PrincipalKind::Service | PrincipalKind::Federated { .. } => None,
    };
    if let Some(principal_type) = principal_type {
        context.insert_default("aws:PrincipalType", single(principal_type));
    }
    let user_id = match (&principal.kind, &principal.user_id) {
        (_, Some(id)) => Some(id.clone()),
        // The root user's id is the account id; an anonymous caller's is `anonymous`.
        (PrincipalKind::Root, None) => principal.account.clone(),
        (PrincipalKind::Anonymous, None) => Some("anonymous".to_string()),
        // A federated user's id is `account:caller-specified-name`.
        (PrincipalKind::FederatedUser { .. }, None) => {
            match (&principal.account, principal.arn.rsplit('/').next()) {
                (Some(account), Some(name)) => Some(format!("{account}:{name}")),
                _ => None,
            }
        }
        _ => None,
    };
    if let Some(user_id) = user_id {
        context.insert_default("aws:userid", ContextValue::Single(user_id));
    }

    // aws:username: only for IAM users (reference_policies_condition-keys.md, "aws:username"): the last path
    // segment of the user ARN.
    if matches!(principal.kind, PrincipalKind::IamUser) {
        if let Some(name) = principal.arn.rsplit('/').next() {
            context.insert_default("aws:username", single(name));
        }
    }

    // aws:PrincipalIsAWSService is present for signed requests (reference_policies_condition-keys.md,
    // "aws:PrincipalIsAWSService"); aws:PrincipalServiceName for service principals.
    match principal.kind {
        PrincipalKind::Anonymous | PrincipalKind::Federated { .. } => {}
        PrincipalKind::Service => {
            context.insert_default("aws:PrincipalIsAWSService", single("true"));
            context.insert_default("aws:PrincipalServiceName", single(&principal.arn));
        }
        _ => context.insert_default("aws:PrincipalIsAWSService", single("false")),
    }

    for (key, value) in &principal.tags {
        context.insert_default(&format!("aws:PrincipalTag/{key}"), single(value));
    }

    if let Some(account) = request.effective_resource_account() {
        context.insert_default("aws:ResourceAccount", single(&account));
    }
    for (key, value) in &request.resource_tags {
        context.insert_default(&format!("aws:ResourceTag/{key}"), single(value));
    }
    context
}
