//! The condition keys AWS puts in every request context from the caller and the resource; values the caller
//! gave win (`RequestContext::insert_default`). Each key's value is computed on its own (`default_for`), so the
//! evaluator can fill only the keys a policy reads.

use crate::context::{ContextValue, RequestContext};
use crate::eval::request::{AuthorizationRequest, PrincipalKind};
use crate::policy::model::ConditionClause;

/// The keys with a fixed name this module fills (tags come on top: `aws:PrincipalTag/*`, `aws:ResourceTag/*`).
const FIXED_KEYS: [&str; 9] = [
    "aws:PrincipalArn",
    "aws:PrincipalAccount",
    "aws:PrincipalType",
    "aws:userid",
    "aws:username",
    "aws:PrincipalIsAWSService",
    "aws:PrincipalServiceName",
    "aws:ResourceAccount",
    "aws:SourceIdentity",
];

const PRINCIPAL_TAG: &str = "aws:PrincipalTag/";
const RESOURCE_TAG: &str = "aws:ResourceTag/";

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| text.get(prefix.len()..))
        .flatten()
}

/// Whether a clause can only read its own key: no policy variable in its values (a variable may name any key).
pub(crate) fn reads_only_its_key(clause: &ConditionClause) -> bool {
    !clause
        .values
        .iter()
        .any(|value| super::matching::has_variable(&value.value))
}

/// Whether this module may fill `key`.
pub(crate) fn is_filled_key(key: &str) -> bool {
    FIXED_KEYS
        .iter()
        .any(|fixed| fixed.eq_ignore_ascii_case(key))
        || strip_prefix_ignore_case(key, PRINCIPAL_TAG).is_some()
        || strip_prefix_ignore_case(key, RESOURCE_TAG).is_some()
}

fn single(value: &str) -> ContextValue {
    ContextValue::Single(value.to_string())
}

/// The value AWS puts in the request context for `key` (any case), if it fills that key for this request
/// (reference_policies_condition-keys.md; reference_policies_variables.md, "Principal key values").
pub(crate) fn default_for(request: &AuthorizationRequest<'_>, key: &str) -> Option<ContextValue> {
    let principal = &request.principal;
    let is = |name: &str| key.eq_ignore_ascii_case(name);
    if is("aws:PrincipalArn") {
        // The role ARN for a role session; absent for anonymous requests ("aws:PrincipalArn").
        return principal.principal_arn().map(single);
    }
    if is("aws:PrincipalAccount") {
        // "For anonymous requests, the request context returns `anonymous`" ("aws:PrincipalAccount").
        return match (&principal.kind, &principal.account) {
            (PrincipalKind::Anonymous, _) => Some(single("anonymous")),
            (PrincipalKind::Service | PrincipalKind::Federated { .. }, _) => None,
            (_, account) => account.as_deref().map(single),
        };
    }
    if is("aws:PrincipalType") {
        // "Principal key values" (reference_policies_variables.md).
        return match principal.kind {
            PrincipalKind::Root => Some(single("Account")),
            PrincipalKind::IamUser => Some(single("User")),
            PrincipalKind::RoleSession { .. } => Some(single("AssumedRole")),
            PrincipalKind::FederatedUser { .. } => Some(single("FederatedUser")),
            PrincipalKind::Anonymous => Some(single("Anonymous")),
            PrincipalKind::Service | PrincipalKind::Federated { .. } => None,
        };
    }
    if is("aws:userid") {
        return match (&principal.kind, &principal.user_id) {
            (_, Some(id)) => Some(single(id)),
            // The root user's id is the account id; an anonymous caller's is `anonymous`.
            (PrincipalKind::Root, None) => principal.account.as_deref().map(single),
            (PrincipalKind::Anonymous, None) => Some(single("anonymous")),
            // A federated user's id is `account:caller-specified-name`.
            (PrincipalKind::FederatedUser { .. }, None) => {
                match (&principal.account, principal.arn.rsplit('/').next()) {
                    (Some(account), Some(name)) => {
                        Some(ContextValue::Single(format!("{account}:{name}")))
                    }
                    _ => None,
                }
            }
            _ => None,
        };
    }
    if is("aws:username") {
        // Only for IAM users ("aws:username"): the last path segment of the user ARN.
        return match principal.kind {
            PrincipalKind::IamUser => principal.arn.rsplit('/').next().map(single),
            _ => None,
        };
    }
    if is("aws:PrincipalIsAWSService") {
        // Present for signed requests ("aws:PrincipalIsAWSService").
        return match principal.kind {
            PrincipalKind::Anonymous | PrincipalKind::Federated { .. } => None,
            PrincipalKind::Service => Some(single("true")),
            _ => Some(single("false")),
        };
    }
    if is("aws:PrincipalServiceName") {
        return matches!(principal.kind, PrincipalKind::Service).then(|| single(&principal.arn));
    }
    if is("aws:ResourceAccount") {
        return request
            .effective_resource_account()
            .map(|account| single(&account));
    }
    if is("aws:SourceIdentity") {
        // Present in every request of a session whose chain set a source identity
        // (id_credentials_temp_control-access_monitor.md, "Things to know about source identity").
        return principal.source_identity.as_deref().map(single);
    }
    if let Some(tag) = strip_prefix_ignore_case(key, PRINCIPAL_TAG) {
        // Tag keys compare case-insensitively, like the context keys that carry them.
        return principal
            .tags
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(tag))
            .map(|(_, value)| single(value));
    }
    if let Some(tag) = strip_prefix_ignore_case(key, RESOURCE_TAG) {
        // "Tag keys and values are not case-sensitive" (reference_policies_condition-keys.md, "aws:ResourceTag").
        return request
            .resource_tags
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(tag))
            .map(|(_, value)| single(value));
    }
    None
}

/// The request's context with every default AWS fills; the caller's values win.
pub(crate) fn effective_context(request: &AuthorizationRequest<'_>) -> RequestContext {
    let mut context = request.context.clone();
    for key in FIXED_KEYS {
        if let Some(value) = default_for(request, key) {
            context.insert_default(key, value);
        }
    }
    for (key, value) in &request.principal.tags {
        context.insert_default(&format!("{PRINCIPAL_TAG}{key}"), single(value));
    }
    for (key, value) in &request.resource_tags {
        context.insert_default(&format!("{RESOURCE_TAG}{key}"), single(value));
    }
    context
}
