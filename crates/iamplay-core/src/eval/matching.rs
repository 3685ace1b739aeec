//! Matching one statement element against the request: `Action`/`NotAction`, `Resource`/`NotResource` (with
//! policy variables) and `Principal`/`NotPrincipal`. Cheap checks first, so most statements are rejected
//! without allocating.

use crate::condition::variables::substitute_pattern;
use crate::context::RequestContext;
use crate::diagnostic::Span;
use crate::eval::request::{Principal, PrincipalKind};
use crate::explain::{
    ActionMatch, NotPrincipalCheck, PatternRef, PrincipalEntryMatch, PrincipalMatch,
    PrincipalMatchKind, ResourceMatch, UnresolvedPattern,
};
use crate::policy::model::{
    ActionBlock, Effect, PolicyVersion, PrincipalBlock, PrincipalEntry, PrincipalSet,
    PrincipalType, ResourceBlock,
};
use crate::wildcard::{self, Part, Pattern};

fn is_wildcard(byte: u8) -> bool {
    byte == b'*' || byte == b'?'
}

fn has_wildcard(text: &str) -> bool {
    text.bytes().any(is_wildcard)
}

/// Whether `text` holds `${`, the start of a policy variable.
pub(crate) fn has_variable(text: &str) -> bool {
    let bytes = text.as_bytes();
    // `contains` on bytes is a fast memchr; most patterns have no `$` at all.
    bytes.contains(&b'$')
        && bytes
            .iter()
            .zip(bytes.iter().skip(1))
            .any(|(a, b)| *a == b'$' && *b == b'{')
}

/// A cheap necessary condition for a wildcard match: the literal text before the first wildcard must start the
/// value and the literal text after the last one must end it. Lets most non-matching patterns skip the matcher.
fn literal_ends_fit(pattern: &str, value: &str, ignore_case: bool) -> bool {
    let bytes = pattern.as_bytes();
    let first = bytes
        .iter()
        .position(|b| is_wildcard(*b))
        .unwrap_or(bytes.len());
    let last = bytes
        .iter()
        .rposition(|b| is_wildcard(*b))
        .map_or(0, |i| i + 1);
    let (Some(head), Some(tail)) = (bytes.get(..first), bytes.get(last..)) else {
        return true;
    };
    let value = value.as_bytes();
    let same = |a: &[u8], b: &[u8]| {
        if ignore_case {
            a.eq_ignore_ascii_case(b)
        } else {
            a == b
        }
    };
    value.len() >= head.len() + tail.len()
        && value
            .get(..head.len())
            .is_some_and(|start| same(start, head))
        && value
            .get(value.len() - tail.len()..)
            .is_some_and(|end| same(end, tail))
}

/// Whether an action pattern matches the action: case-insensitive, `*` and `?` anywhere
/// (reference_policies_elements_action.md).
///
/// One pass compares the service prefixes byte by byte, so a pattern for another service is rejected at its
/// first differing byte; the general matcher runs only for patterns that reach a wildcard.
pub(crate) fn action_matches(pattern: &str, action: &str) -> bool {
    let (pattern_bytes, action_bytes) = (pattern.as_bytes(), action.as_bytes());
    if pattern_bytes == b"*" {
        return true;
    }
    let mut colon = 0;
    loop {
        match (pattern_bytes.get(colon), action_bytes.get(colon)) {
            (Some(b':'), Some(b':')) => break,
            (Some(p), _) if is_wildcard(*p) => {
                return literal_ends_fit(pattern, action, true)
                    && wildcard::matches_ignore_case(pattern, action);
            }
            (Some(p), Some(a)) if p.eq_ignore_ascii_case(a) => colon += 1,
            (None, None) => return true,
            _ => return false,
        }
    }
    // Same service: compare the action names.
    let (Some(rest), Some(name)) = (pattern.get(colon + 1..), action.get(colon + 1..)) else {
        return false;
    };
    if rest == "*" {
        return true;
    }
    if !has_wildcard(rest) {
        return rest.eq_ignore_ascii_case(name);
    }
    literal_ends_fit(rest, name, true) && wildcard::matches_ignore_case(rest, name)
}

/// Whether `Action`/`NotAction` covers the action, without explaining.
pub(crate) fn action_applies(block: &ActionBlock, action: &str) -> bool {
    let hit = block
        .patterns
        .iter()
        .any(|pattern| action_matches(&pattern.value, action));
    hit != block.negated
}

/// `Action` / `NotAction` against the requested action (reference_policies_elements_notaction.md: `NotAction`
/// matches every action except those listed).
pub(crate) fn match_action<'p>(block: &'p ActionBlock, action: &str) -> ActionMatch<'p> {
    let matched = block
        .patterns
        .iter()
        .enumerate()
        .find(|(_, pattern)| action_matches(&pattern.value, action))
        .map(|(index, pattern)| PatternRef {
            index,
            written: pattern.value.as_str(),
            span: pattern.span,
        });
    ActionMatch {
        negated: block.negated,
        applies: matched.is_some() != block.negated,
        matched_pattern: matched,
    }
}

/// A resource pattern without policy variables against the resource: case-sensitive, `*` and `?` match across
/// `/` and `:` (reference_policies_elements_resource.md).
pub(crate) fn resource_matches(pattern: &str, resource: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    if !has_wildcard(pattern) {
        return pattern == resource;
    }
    literal_ends_fit(pattern, resource, false) && wildcard::matches(pattern, resource)
}

/// Where the resource part of an ARN pattern starts: after the fifth colon.
fn resource_part_start(pattern: &str) -> Option<usize> {
    pattern
        .char_indices()
        .filter(|(_, c)| *c == ':')
        .nth(4)
        .map(|(index, _)| index + 1)
}

/// The pattern with its variables substituted, or the variable that did not resolve. Variables are replaced
/// only in the resource part of the ARN, after the fifth colon (reference_policies_variables.md, "Resource
/// element"); before it `${...}` stays literal text.
fn substituted_resource_pattern(
    pattern: &str,
    context: &RequestContext,
) -> Result<Pattern, String> {
    let Some(start) = resource_part_start(pattern) else {
        return Ok(Pattern::parse(pattern));
    };
    let (head, tail) = pattern.split_at(start);
    let tail = substitute_pattern(tail, context).map_err(|unresolved| unresolved.variable)?;
    let mut parts = Pattern::parse(head).parts;
    for part in tail.parts {
        match (parts.last_mut(), part) {
            (Some(Part::Literal(last)), Part::Literal(next)) => last.push_str(&next),
            (_, part) => parts.push(part),
        }
    }
    Ok(Pattern::from_parts(parts))
}

/// One resource pattern against the resource; an unresolved variable matches nothing.
fn pattern_matches<'c>(
    written: &str,
    resource: &str,
    version: PolicyVersion,
    context: &impl Fn() -> &'c RequestContext,
) -> Result<bool, String> {
    if version.substitutes_variables() && has_variable(written) {
        substituted_resource_pattern(written, context()).map(|pattern| pattern.matches(resource))
    } else {
        Ok(resource_matches(written, resource))
    }
}

/// Whether `Resource`/`NotResource` covers the resource, without explaining.
pub(crate) fn resource_applies<'c>(
    block: &ResourceBlock,
    resource: &str,
    version: PolicyVersion,
    context: impl Fn() -> &'c RequestContext,
) -> bool {
    let hit = block.patterns.iter().any(|pattern| {
        pattern_matches(&pattern.value, resource, version, &context).unwrap_or(false)
    });
    hit != block.negated
}

/// `Resource` / `NotResource` against the resource. `context` is asked for only when a pattern has a variable
/// and the policy's `Version` substitutes them (reference_policies_elements_version.md).
pub(crate) fn match_resource<'p, 'c>(
    block: &'p ResourceBlock,
    resource: &str,
    version: PolicyVersion,
    context: impl Fn() -> &'c RequestContext,
) -> ResourceMatch<'p> {
    let mut matched = None;
    let mut substituted_text = None;
    let mut unresolved = Vec::new();
    for (index, pattern) in block.patterns.iter().enumerate() {
        let written = pattern.value.as_str();
        if version.substitutes_variables() && has_variable(written) {
            match substituted_resource_pattern(written, context()) {
                Ok(substituted) => {
                    if substituted.matches(resource) {
                        matched = Some(PatternRef {
                            index,
                            written,
                            span: pattern.span,
                        });
                        substituted_text = Some(substituted.to_string());
                        break;
                    }
                }
                // An unresolved variable makes the pattern match nothing (reference_policies_variables.md).
                Err(variable) => unresolved.push(UnresolvedPattern {
                    index,
                    written,
                    variable,
                    span: pattern.span,
                }),
            }
        } else if resource_matches(written, resource) {
            matched = Some(PatternRef {
                index,
                written,
                span: pattern.span,
            });
            break;
        }
    }
    ResourceMatch {
        negated: block.negated,
        applies: matched.is_some() != block.negated,
        matched_pattern: matched,
        substituted: substituted_text,
        unresolved,
        implied: false,
    }
}

/// An identity-policy statement without `Resource` (invalid; the parser reports it) covers nothing.
pub(crate) fn no_resource<'p>() -> ResourceMatch<'p> {
    ResourceMatch {
        negated: false,
        applies: false,
        matched_pattern: None,
        substituted: None,
        unresolved: Vec::new(),
        implied: false,
    }
}

/// A statement without `Resource` in a resource-based policy (a trust policy) covers the resource the policy is
/// attached to.
pub(crate) fn implied_resource<'p>() -> ResourceMatch<'p> {
    ResourceMatch {
        negated: false,
        applies: true,
        matched_pattern: None,
        substituted: None,
        unresolved: Vec::new(),
        implied: true,
    }
}

fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

/// The account an account principal names: `123456789012` or `arn:<partition>:iam::123456789012:root`
/// (reference_policies_elements_principal.md, "AWS account principals").
fn account_principal(value: &str) -> Option<&str> {
    if is_account_id(value) {
        return Some(value);
    }
    // Only `arn:PARTITION:iam::ACCOUNT:root` names an account; anything else is turned away before parsing (the
    // access analysis asks this of every entry in every evaluation).
    if !value.ends_with(":root") {
        return None;
    }
    let arn = crate::arn::Arn::parse(value).ok()?;
    (arn.service == "iam" && arn.resource == "root" && is_account_id(arn.account))
        .then_some(arn.account)
}

/// How one `Principal` entry covers the caller, if it does.
fn entry_covers(entry: &PrincipalEntry, caller: &Principal) -> Option<PrincipalMatchKind> {
    let value = entry.value.value.as_str();
    match entry.principal_type {
        PrincipalType::Aws => {
            if value == "*" {
                // `{"AWS": "*"}` equals `"*"` for anonymous callers (reference_policies_elements_principal.md,
                // "All principals"). Services and identity providers are not AWS principals: only `"*"` names
                // them.
                return match caller.kind {
                    PrincipalKind::Service | PrincipalKind::Federated { .. } => None,
                    _ => Some(PrincipalMatchKind::AwsWildcard),
                };
            }
            if has_wildcard(value) {
                // "You cannot use a wildcard to match part of a principal name or ARN."
                return None;
            }
            if let Some(account) = account_principal(value) {
                // The account ARN and the bare id both delegate to the whole account, not only its root user.
                return (caller.account.as_deref() == Some(account)
                    && !matches!(caller.kind, PrincipalKind::Anonymous))
                .then_some(PrincipalMatchKind::Account);
            }
            match &caller.kind {
                PrincipalKind::Service
                | PrincipalKind::Federated { .. }
                | PrincipalKind::Anonymous => None,
                PrincipalKind::RoleSession { role_arn, .. } => {
                    if value == caller.arn {
                        Some(PrincipalMatchKind::ExactArn)
                    } else if value == role_arn {
                        // A role principal covers its sessions, limited by what limits the role
                        // (reference_policies_elements_principal.md, "IAM role principals").
                        Some(PrincipalMatchKind::RoleCoversSession)
                    } else {
                        unique_id_covers(value, caller)
                    }
                }
                PrincipalKind::FederatedUser { source_arn } => {
                    if value == caller.arn {
                        Some(PrincipalMatchKind::ExactArn)
                    } else if source_arn.as_deref() == Some(value) {
                        Some(PrincipalMatchKind::SourceUserCoversFederatedUser)
                    } else {
                        None
                    }
                }
                PrincipalKind::Root | PrincipalKind::IamUser => {
                    if value == caller.arn {
                        Some(PrincipalMatchKind::ExactArn)
                    } else {
                        unique_id_covers(value, caller)
                    }
                }
            }
        }
        PrincipalType::Service => (matches!(caller.kind, PrincipalKind::Service)
            && value == caller.arn)
            .then_some(PrincipalMatchKind::Service),
        PrincipalType::Federated => match &caller.kind {
            PrincipalKind::Federated { provider } if provider == value => {
                Some(PrincipalMatchKind::Federated)
            }
            _ => None,
        },
        PrincipalType::CanonicalUser => (caller.canonical_user_id.as_deref() == Some(value))
            .then_some(PrincipalMatchKind::CanonicalUser),
    }
}

/// IAM stores a trusted user or role as its unique id (`AIDA...`, `AROA...`) and shows that id once the entity
/// is deleted (reference_policies_elements_principal.md, "IAM role principals").
fn unique_id_covers(value: &str, caller: &Principal) -> Option<PrincipalMatchKind> {
    let user_id = caller.user_id.as_deref()?;
    match caller.kind {
        PrincipalKind::IamUser if user_id == value => Some(PrincipalMatchKind::UniqueId),
        PrincipalKind::RoleSession { .. }
            if user_id.split(':').next() == Some(value) && !value.is_empty() =>
        {
            Some(PrincipalMatchKind::RoleCoversSession)
        }
        _ => None,
    }
}

fn entry_ref(entry: &PrincipalEntry, how: PrincipalMatchKind) -> PrincipalEntryMatch<'_> {
    PrincipalEntryMatch {
        how,
        principal_type: entry.principal_type,
        value: entry.value.value.as_str(),
        span: entry.value.span,
    }
}

/// The first entry of a principal set that covers the caller.
fn first_cover<'p>(set: &'p PrincipalSet, caller: &Principal) -> Option<PrincipalEntryMatch<'p>> {
    match set {
        PrincipalSet::Wildcard => Some(PrincipalEntryMatch {
            how: PrincipalMatchKind::Wildcard,
            principal_type: PrincipalType::Aws,
            value: "*",
            span: Span::default(),
        }),
        PrincipalSet::Entries(entries) => entries
            .iter()
            .find_map(|entry| entry_covers(entry, caller).map(|how| entry_ref(entry, how))),
    }
}

fn partial_wildcards(set: &PrincipalSet) -> Vec<Span> {
    match set {
        PrincipalSet::Wildcard => Vec::new(),
        PrincipalSet::Entries(entries) => entries
            .iter()
            .filter(|entry| entry.value.value != "*" && has_wildcard(&entry.value.value))
            .map(|entry| entry.value.span)
            .collect(),
    }
}

/// The identities AWS may check one after another for `NotPrincipal`: the account, then the role, then the
/// session; or the account, then the user (reference_policies_elements_notprincipal.md, "NotPrincipal With
/// Deny").
fn validation_chain(caller: &Principal) -> Vec<String> {
    let mut chain = Vec::with_capacity(3);
    if let Some(account) = &caller.account {
        chain.push(format!("arn:aws:iam::{account}:root"));
    }
    match &caller.kind {
        PrincipalKind::Root => {}
        PrincipalKind::RoleSession { role_arn, .. } => {
            chain.push(role_arn.clone());
            chain.push(caller.arn.clone());
        }
        PrincipalKind::IamUser
        | PrincipalKind::FederatedUser { .. }
        | PrincipalKind::Service
        | PrincipalKind::Federated { .. } => chain.push(caller.arn.clone()),
        PrincipalKind::Anonymous => chain.push("anonymous".to_string()),
    }
    chain
}

/// Whether a `NotPrincipal` entry lists one identity of the validation chain, exactly.
fn lists_identity(entry: &PrincipalEntry, identity: &str, caller: &Principal) -> bool {
    let value = entry.value.value.as_str();
    match entry.principal_type {
        PrincipalType::Aws => {
            if value == "*" {
                return !matches!(
                    caller.kind,
                    PrincipalKind::Service | PrincipalKind::Federated { .. }
                );
            }
            match (
                account_principal(value),
                account_principal_of_identity(identity),
            ) {
                (Some(listed), Some(checked)) => listed == checked,
                (None, None) => value == identity,
                _ => false,
            }
        }
        PrincipalType::Service => {
            matches!(caller.kind, PrincipalKind::Service) && value == identity
        }
        PrincipalType::Federated => {
            matches!(caller.kind, PrincipalKind::Federated { .. }) && value == identity
        }
        PrincipalType::CanonicalUser => {
            caller.canonical_user_id.as_deref() == Some(value)
                && account_principal_of_identity(identity).is_some()
        }
    }
}

fn account_principal_of_identity(identity: &str) -> Option<&str> {
    identity
        .strip_prefix("arn:aws:iam::")
        .and_then(|rest| rest.strip_suffix(":root"))
}

/// `Principal` / `NotPrincipal` against the caller. `has_boundary` is whether the caller has a permissions
/// boundary (the `NotPrincipal` + `Deny` caveat).
pub(crate) fn match_principal<'p>(
    block: &'p PrincipalBlock,
    caller: &Principal,
    effect: Effect,
    has_boundary: bool,
) -> PrincipalMatch<'p> {
    let partial = partial_wildcards(&block.principals);
    if !block.negated {
        let matched = first_cover(&block.principals, caller);
        return PrincipalMatch {
            negated: false,
            applies: matched.is_some(),
            matched,
            not_principal_checks: Vec::new(),
            boundary_caveat: false,
            partial_wildcards: partial,
            missing: false,
        };
    }
    if effect == Effect::Allow {
        // `NotPrincipal` with `Allow` grants everyone except the principals listed, matched as `Principal`
        // matches (reference_policies_elements_notprincipal.md, "NotPrincipal With Allow").
        let excluded = first_cover(&block.principals, caller);
        return PrincipalMatch {
            negated: true,
            applies: excluded.is_none(),
            matched: excluded,
            not_principal_checks: Vec::new(),
            boundary_caveat: false,
            partial_wildcards: partial,
            missing: false,
        };
    }
    // `NotPrincipal` with `Deny`: AWS may validate the account, then the role, then the session (or the user);
    // the caller escapes the deny only when every identity it is validated as is listed. So an entry for a user
    // without its account ARN still denies the user (reference_policies_elements_notprincipal.md,
    // "NotPrincipal With Deny").
    let checks: Vec<NotPrincipalCheck<'p>> = validation_chain(caller)
        .into_iter()
        .map(|identity| {
            let listed_by = match &block.principals {
                PrincipalSet::Wildcard => Some(PrincipalEntryMatch {
                    how: PrincipalMatchKind::Wildcard,
                    principal_type: PrincipalType::Aws,
                    value: "*",
                    span: Span::default(),
                }),
                PrincipalSet::Entries(entries) => entries
                    .iter()
                    .find(|entry| lists_identity(entry, &identity, caller))
                    .map(|entry| {
                        let how =
                            entry_covers(entry, caller).unwrap_or(PrincipalMatchKind::ExactArn);
                        entry_ref(entry, how)
                    }),
            };
            NotPrincipalCheck {
                identity,
                listed_by,
            }
        })
        .collect();
    let all_listed = !checks.is_empty() && checks.iter().all(|check| check.listed_by.is_some());
    // A caller with a permissions boundary is always denied by `NotPrincipal` + `Deny`, whatever it lists
    // (access_policies_boundaries.md, "Important", current AWS IAM User Guide).
    let boundary_caveat = has_boundary
        && matches!(
            caller.kind,
            PrincipalKind::IamUser | PrincipalKind::RoleSession { .. }
        );
    PrincipalMatch {
        negated: true,
        applies: !all_listed || boundary_caveat,
        matched: None,
        not_principal_checks: checks,
        boundary_caveat,
        partial_wildcards: partial,
        missing: false,
    }
}

/// A resource-policy statement without `Principal` applies to nobody (the parser reports it).
pub(crate) fn missing_principal<'p>() -> PrincipalMatch<'p> {
    PrincipalMatch {
        negated: false,
        applies: false,
        matched: None,
        not_principal_checks: Vec::new(),
        boundary_caveat: false,
        partial_wildcards: Vec::new(),
        missing: true,
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    /// The shortcuts must agree with the general matcher.
    #[test]
    fn shortcuts_agree_with_the_wildcard_matcher() {
        let patterns = [
            "*",
            "s3:*",
            "s3:Get*",
            "S3:get*object",
            "*:Describe*",
            "s3:Get?bject",
            "iam:*Report",
            "s3:",
            "s3*",
            "ec2:*Instances",
            "?3:GetObject",
            "s3:GetObject",
            "s3:*Object*",
        ];
        let actions = [
            "s3:GetObject",
            "s3:getobject",
            "ec2:DescribeInstances",
            "iam:GenerateCredentialReport",
            "s3:",
            "s3express:CreateSession",
            "s3:PutObjectAcl",
            "ec2:RunInstances",
            "kms",
        ];
        for pattern in patterns {
            for action in actions {
                assert_eq!(
                    action_matches(pattern, action),
                    wildcard::matches_ignore_case(pattern, action),
                    "{pattern} vs {action}"
                );
            }
        }
        let resources = [
            "arn:aws:s3:::bucket/a/b",
            "arn:aws:s3:::bucket",
            "arn:aws:s3:::Bucket/x",
            "x",
        ];
        let resource_patterns = [
            "*",
            "arn:aws:s3:::bucket/*",
            "arn:aws:s3:::*/b",
            "arn:*:s3:::b?cket*",
            "x",
            "*x*x",
        ];
        for pattern in resource_patterns {
            for resource in resources {
                assert_eq!(
                    resource_matches(pattern, resource),
                    wildcard::matches(pattern, resource),
                    "{pattern} vs {resource}"
                );
            }
        }
    }

    #[test]
    fn literal_ends_reject_without_overlap() {
        assert!(literal_ends_fit("ab*ba", "aba*ba", false));
        assert!(
            !literal_ends_fit("ab*ba", "aba", false),
            "head and tail may not overlap"
        );
        assert!(literal_ends_fit("GET*", "getObject", true));
        assert!(!literal_ends_fit("GET*", "getObject", false));
    }
}
