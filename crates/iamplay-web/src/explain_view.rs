//! The explanation panel's view model: the core's `Explanation` (and a request's role-chain hops) turned into
//! owned lines of text with links into the editors. It words the data the core returns; it decides nothing.

use crate::matrix_view::StatementLink;
use crate::world::World;
use iamplay_core::condition::MissingKeyRule;
use iamplay_core::explain::{
    AccountRelation, Decision, EvaluationNote, Explanation, PolicyType, PrincipalMatchKind,
    StatementExplanation, TypeOutcome,
};
use iamplay_core::matrix::{explain_cell, WhatIfMove};
use iamplay_core::policy::Effect;
use iamplay_core::scenario::{check_request, CheckOptions};
use iamplay_core::sts::Hop;

/// One reason a statement did or did not apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    pub ok: bool,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementView {
    pub link: StatementLink,
    pub applies: bool,
    pub decisive: bool,
    pub reasons: Vec<Reason>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyView {
    pub policy_type: PolicyType,
    /// `identity policy user/alice:ReadOnly`, `trust policy role/app`, `SCP level 2 ...`.
    pub label: String,
    /// The editor holding it, when there is one.
    pub editor: Option<u32>,
    pub statements: Vec<StatementView>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeView {
    pub policy_type: PolicyType,
    pub outcome: TypeOutcome,
    pub counted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HopView {
    pub caller: String,
    pub role_arn: String,
    pub action: String,
    pub decision: Decision,
    pub relation: AccountRelation,
    pub summary: String,
    /// Session ARN, duration (seconds), whether chaining capped it.
    pub credentials: Option<(String, u32, bool)>,
}

/// One evaluation, worded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvaluationView {
    pub decision: Decision,
    pub relation: AccountRelation,
    pub summary: String,
    pub types: Vec<TypeView>,
    pub decisive: Vec<StatementLink>,
    pub policies: Vec<PolicyView>,
    pub notes: Vec<String>,
}

/// What the explanation panel shows for a cell or a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExplanationView {
    pub caller: String,
    pub action: String,
    pub resource: String,
    pub context: Vec<(String, String)>,
    pub main: EvaluationView,
    /// For a cell: the other side of the account boundary.
    pub what_if: Option<(String, EvaluationView)>,
    /// For a request with an `assume` chain.
    pub hops: Vec<HopView>,
    pub denied_hop: Option<usize>,
}

/// The explanation of matrix cell (`row`, `column`).
pub fn for_cell(world: &World, row: usize, column: usize) -> Option<ExplanationView> {
    let cell = explain_cell(&world.scenario, row, column)?;
    let action = cell.column.action.to_string();
    let resource = cell.column.resource.to_string();
    let what_if = cell.what_if.as_ref().map(|what_if| {
        let title = match what_if.moved {
            WhatIfMove::IntoCallerAccount => format!(
                "What if the resource were in the caller's account ({})?",
                what_if.resource_account
            ),
            WhatIfMove::IntoOtherAccount => format!(
                "What if the resource were in another account ({})?",
                what_if.resource_account
            ),
        };
        (
            title,
            evaluation(world, &what_if.explanation, &action, &resource),
        )
    });
    Some(ExplanationView {
        caller: cell.row.key.clone(),
        main: evaluation(world, &cell.explanation, &action, &resource),
        context: cell
            .column
            .context
            .iter()
            .flat_map(|context| context.iter())
            .map(|(key, value)| (key.to_string(), value.values().join(", ")))
            .collect(),
        action,
        resource,
        what_if,
        hops: Vec::new(),
        denied_hop: None,
    })
}

/// The explanation of request `index` (with its role chain).
pub fn for_request(world: &World, index: usize) -> Option<ExplanationView> {
    let request = world.scenario.requests.get(index)?;
    let result = check_request(&world.scenario, request, &CheckOptions::default());
    let action = request.action.value.clone();
    let resource = request.resource.value.clone();
    let hops = result.hops.iter().map(|hop| hop_view(world, hop)).collect();
    // A denied hop's explanation is about sts:AssumeRole on the role.
    let (main_action, main_resource) = match result.denied_hop.and_then(|i| result.hops.get(i)) {
        Some(hop) => (hop.action.clone(), hop.role_arn.clone()),
        None => (action.clone(), resource.clone()),
    };
    Some(ExplanationView {
        caller: request.principal.value.clone(),
        main: evaluation(world, &result.explanation, &main_action, &main_resource),
        context: request
            .context
            .iter()
            .map(|(key, value)| (key.to_string(), value.values().join(", ")))
            .collect(),
        action,
        resource,
        what_if: None,
        hops,
        denied_hop: result.denied_hop,
    })
}

/// The explanation of `principal` doing `action` on `resource` with `context` (a who-can row): the core's
/// evaluation of the request the scenario's directory builds for that principal.
pub fn for_question(
    world: &World,
    principal: &str,
    action: &str,
    resource: &str,
    context: &[(String, String)],
) -> Option<ExplanationView> {
    use iamplay_core::sts::Directory;
    let directory = iamplay_core::scenario::ScenarioDirectory::new(&world.scenario);
    let caller = directory.caller(principal).ok()?;
    let request = directory.request(
        &caller,
        action,
        resource,
        &crate::questions::context_of(context),
    );
    let evaluated = iamplay_core::eval::evaluate(&request);
    Some(ExplanationView {
        caller: principal.to_string(),
        main: evaluation(world, &evaluated.explanation, action, resource),
        context: context.to_vec(),
        action: action.to_string(),
        resource: resource.to_string(),
        what_if: None,
        hops: Vec::new(),
        denied_hop: None,
    })
}

fn hop_view(world: &World, hop: &Hop<'_>) -> HopView {
    let _ = world;
    HopView {
        caller: hop.caller.clone(),
        role_arn: hop.role_arn.clone(),
        action: hop.action.clone(),
        decision: hop.decision,
        relation: hop.account_relation,
        summary: hop.explanation.summary.clone(),
        credentials: hop
            .credentials
            .as_ref()
            .map(|c| (c.session_arn.clone(), c.duration_seconds, c.chained)),
    }
}

/// What each policy type means, in one line: the mental model.
pub fn type_meaning(policy_type: PolicyType) -> &'static str {
    match policy_type {
        PolicyType::Identity => "what this identity can do",
        PolicyType::Resource => "who can access this resource",
        PolicyType::PermissionsBoundary => {
            "the most this identity may ever do; grants nothing itself"
        }
        PolicyType::Session => "limits this session further; grants nothing itself",
        PolicyType::Scp => "the most anyone in the account may do; grants nothing itself",
        PolicyType::Rcp => {
            "the most anyone may do to the account's resources; grants nothing itself"
        }
        PolicyType::VpcEndpoint => "what may pass through this VPC endpoint; grants nothing itself",
    }
}

pub fn type_name(policy_type: PolicyType) -> &'static str {
    match policy_type {
        PolicyType::Identity => "Identity policies",
        PolicyType::Resource => "Resource policy",
        PolicyType::PermissionsBoundary => "Permissions boundary",
        PolicyType::Session => "Session policy",
        PolicyType::Scp => "Service control policies",
        PolicyType::Rcp => "Resource control policies",
        PolicyType::VpcEndpoint => "VPC endpoint policy",
    }
}

pub fn outcome_text(outcome: TypeOutcome) -> &'static str {
    match outcome {
        TypeOutcome::Allowed => "allows",
        TypeOutcome::Denied => "denies",
        TypeOutcome::NoAllow => "no Allow",
        TypeOutcome::NotApplicable => "none",
    }
}

pub fn relation_text(relation: AccountRelation) -> &'static str {
    match relation {
        AccountRelation::SameAccount => "same account",
        AccountRelation::CrossAccount => "cross-account",
        AccountRelation::NoCallerAccount => "caller has no account",
    }
}

fn evaluation(
    world: &World,
    explanation: &Explanation<'_>,
    action: &str,
    resource: &str,
) -> EvaluationView {
    let decisive: Vec<StatementLink> = explanation
        .decisive
        .iter()
        .map(|statement| StatementLink::new(world, statement))
        .collect();
    let is_decisive = |policy_id: &str, index: usize| {
        explanation
            .decisive
            .iter()
            .any(|d| d.policy_id == policy_id && d.statement_index == index)
    };
    let policies = explanation
        .policies
        .iter()
        .map(|policy| {
            let editor = policy
                .statements
                .first()
                .and_then(|s| world.locate_statement(&policy.policy_id, policy.managed_arn, s.span))
                .map(|(id, _)| id);
            let trust = policy.resource_policy_kind
                == Some(iamplay_core::eval::ResourcePolicyKind::RoleTrust);
            let kind = match (policy.policy_type, trust) {
                (PolicyType::Resource, true) => "trust policy".to_string(),
                (PolicyType::Scp, _) => format!("SCP level {}", policy.level.unwrap_or(0) + 1),
                (PolicyType::Rcp, _) => format!("RCP level {}", policy.level.unwrap_or(0) + 1),
                (PolicyType::Identity, _) => "identity policy".to_string(),
                (PolicyType::Resource, _) => "resource policy".to_string(),
                (PolicyType::PermissionsBoundary, _) => "permissions boundary".to_string(),
                (PolicyType::Session, _) => "session policy".to_string(),
                (PolicyType::VpcEndpoint, _) => "VPC endpoint policy".to_string(),
            };
            PolicyView {
                policy_type: policy.policy_type,
                label: format!("{kind} · {}", policy.policy_id),
                editor,
                statements: policy
                    .statements
                    .iter()
                    .map(|statement| StatementView {
                        link: link_of(world, &policy.policy_id, policy.managed_arn, statement),
                        applies: statement.applies,
                        decisive: is_decisive(&policy.policy_id, statement.index),
                        reasons: reasons(statement, action, resource),
                    })
                    .collect(),
            }
        })
        .collect();
    EvaluationView {
        decision: explanation.decision,
        relation: explanation.account_relation,
        summary: explanation.summary.clone(),
        types: explanation
            .policy_types
            .iter()
            .map(|t| TypeView {
                policy_type: t.policy_type,
                outcome: t.outcome,
                counted: t.counted,
            })
            .collect(),
        decisive,
        policies,
        notes: explanation.notes.iter().map(note_text).collect(),
    }
}

fn link_of(
    world: &World,
    policy_id: &str,
    managed_arn: Option<&str>,
    statement: &StatementExplanation<'_>,
) -> StatementLink {
    let target = world.locate_statement(policy_id, managed_arn, statement.span);
    StatementLink {
        label: statement.sid.map_or_else(
            || format!("statement {}", statement.index + 1),
            str::to_string,
        ),
        policy_id: policy_id.to_string(),
        allow: statement.effect == Effect::Allow,
        target,
    }
}

fn code(text: &str) -> String {
    format!("`{text}`")
}

/// Why a statement did or did not apply, element by element, from the core's match data.
fn reasons(statement: &StatementExplanation<'_>, action: &str, resource: &str) -> Vec<Reason> {
    let mut out = Vec::new();
    let a = &statement.action;
    let element = if a.negated { "NotAction" } else { "Action" };
    let text = match (&a.matched_pattern, a.negated, a.applies) {
        (Some(p), false, _) => format!("{element} {} matches {}", code(p.written), code(action)),
        (None, false, _) => format!("{element} does not match {}", code(action)),
        (Some(p), true, _) => format!("{element} {} excludes {}", code(p.written), code(action)),
        (None, true, _) => format!("{element} does not list {}, so it applies", code(action)),
    };
    out.push(Reason {
        ok: a.applies,
        text,
    });
    if !a.applies {
        return out;
    }
    if let Some(r) = &statement.resource {
        let element = if r.negated { "NotResource" } else { "Resource" };
        let pattern = |p: &iamplay_core::explain::PatternRef<'_>| match &r.substituted {
            Some(sub) => format!("{} (= {})", code(p.written), code(sub)),
            None => code(p.written),
        };
        let text = if r.implied {
            "no Resource: the statement covers the resource it is attached to".to_string()
        } else {
            match (&r.matched_pattern, r.negated) {
                (Some(p), false) => format!("{element} {} matches {}", pattern(p), code(resource)),
                (None, false) => format!("{element} does not match {}", code(resource)),
                (Some(p), true) => format!("{element} {} excludes {}", pattern(p), code(resource)),
                (None, true) => {
                    format!("{element} does not list {}, so it applies", code(resource))
                }
            }
        };
        out.push(Reason {
            ok: r.applies,
            text,
        });
        for unresolved in &r.unresolved {
            out.push(Reason {
                ok: false,
                text: format!(
                    "{} has the variable {} with no value in this request: it matches nothing",
                    code(unresolved.written),
                    code(&unresolved.variable)
                ),
            });
        }
        if !r.applies {
            return out;
        }
    }
    if let Some(p) = &statement.principal {
        let text = if p.missing {
            "the statement has no Principal, so in a resource policy it applies to no one"
                .to_string()
        } else if p.negated {
            let listed: Vec<String> = p
                .not_principal_checks
                .iter()
                .map(|check| {
                    format!(
                        "{} {}",
                        code(&check.identity),
                        if check.listed_by.is_some() {
                            "listed"
                        } else {
                            "not listed"
                        }
                    )
                })
                .collect();
            if p.applies {
                format!(
                    "NotPrincipal does not list the caller ({})",
                    listed.join(", ")
                )
            } else {
                format!("NotPrincipal lists the caller ({})", listed.join(", "))
            }
        } else {
            match &p.matched {
                Some(entry) => format!(
                    "Principal {} covers the caller ({})",
                    code(entry.value),
                    principal_how(entry.how)
                ),
                None => "Principal does not name the caller".to_string(),
            }
        };
        out.push(Reason {
            ok: p.applies,
            text,
        });
        if p.boundary_caveat {
            out.push(Reason {
                ok: false,
                text: "a NotPrincipal Deny always applies to a caller with a permissions boundary"
                    .into(),
            });
        }
        if !p.partial_wildcards.is_empty() {
            out.push(Reason {
                ok: false,
                text: "principal entries with a partial wildcard match no one".into(),
            });
        }
        if !p.applies {
            return out;
        }
    }
    for clause in &statement.conditions {
        let Some(outcome) = &clause.outcome else {
            continue;
        };
        let values = if outcome.key_present {
            format!(
                "the request has {}",
                outcome
                    .request_values
                    .iter()
                    .map(|v| code(v))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        } else {
            "the request has no such key".to_string()
        };
        let policy_values: Vec<String> = outcome
            .policy_values
            .iter()
            .map(|v| {
                v.as_deref()
                    .map_or("(unresolved variable)".to_string(), code)
            })
            .collect();
        let rule = outcome.missing_key_rule.map(|rule| match rule {
            MissingKeyRule::AbsentIsFalse => "; a missing key fails the condition",
            MissingKeyRule::NegatedAbsentIsTrue => "; a missing key passes a negated operator",
            MissingKeyRule::IfExistsAbsentIsTrue => "; IfExists passes when the key is missing",
            MissingKeyRule::ForAllValuesAbsentIsTrue => {
                "; ForAllValues passes when the key is missing or empty"
            }
            MissingKeyRule::ForAnyValueAbsentIsFalse => {
                "; ForAnyValue fails when the key is missing or empty"
            }
            MissingKeyRule::NullOperator => "",
        });
        out.push(Reason {
            ok: outcome.matched,
            text: format!(
                "Condition {} {} {}: {values}{}{}",
                clause.operator,
                code(clause.key),
                policy_values.join(", "),
                rule.unwrap_or_default(),
                if outcome.problems.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", outcome.problems.join("; "))
                }
            ),
        });
    }
    out
}

fn principal_how(how: PrincipalMatchKind) -> &'static str {
    match how {
        PrincipalMatchKind::Wildcard => "everyone, including anonymous callers",
        PrincipalMatchKind::AwsWildcard => "every AWS principal, including anonymous callers",
        PrincipalMatchKind::ExactArn => "its own ARN",
        PrincipalMatchKind::Account => "its whole account",
        PrincipalMatchKind::RoleCoversSession => "the role of its session",
        PrincipalMatchKind::SourceUserCoversFederatedUser => "the user who federated it",
        PrincipalMatchKind::UniqueId => "its unique id",
        PrincipalMatchKind::Service => "the service",
        PrincipalMatchKind::Federated => "the identity provider",
        PrincipalMatchKind::CanonicalUser => "the canonical user",
    }
}

/// The lesson behind each rule the core notes.
pub fn note_text(note: &EvaluationNote) -> String {
    match note {
        EvaluationNote::RootUserHasFullAccess => {
            "The root user needs no identity policy in its own account.".into()
        }
        EvaluationNote::RootUserCannotAssumeRoles => "The root user cannot assume roles.".into(),
        EvaluationNote::ResourceGrantNotLimitedByImplicitDenies => "The resource policy named the caller itself (or everyone): in the same account that is enough, whatever the identity policies, boundary or session policies leave out.".into(),
        EvaluationNote::ResourceGrantToEntityLimitedByBoundaryAndSession => "The resource policy named the role: boundaries and session policies still limit the grant, but identity policies need not allow.".into(),
        EvaluationNote::ResourceGrantToAccountNeedsIdentityAllow => "The resource policy named the whole account: that delegates to the account, so an identity policy must also allow.".into(),
        EvaluationNote::CrossAccountNeedsBothSides => "Cross-account: the caller's identity policy AND the resource policy must both allow.".into(),
        EvaluationNote::ResourcePolicyMustAllowExplicitly { kind } => match kind {
            iamplay_core::eval::ResourcePolicyKind::RoleTrust => "A role's trust policy must allow explicitly, even in the same account: it says who may assume the role.".into(),
            iamplay_core::eval::ResourcePolicyKind::KmsKey => "A KMS key policy must allow explicitly, even in the same account.".into(),
            iamplay_core::eval::ResourcePolicyKind::Resource => "This resource policy must allow explicitly.".into(),
        },
        EvaluationNote::KmsKeyPolicyDoesNotEnableIamPolicies => "The key policy has no statement for the account, so IAM policies cannot grant access to this key.".into(),
        EvaluationNote::TrustPolicyGrantLimitedByBoundary => "The trust policy names the caller, but its permissions boundary must still allow assuming the role.".into(),
        EvaluationNote::FederatedUserWithoutSessionPolicy => "A federated user session without a session policy has no permissions of its own.".into(),
        EvaluationNote::ServiceLinkedRoleExemptFromOrganizationPolicies => "SCPs and RCPs do not restrict service-linked roles.".into(),
        EvaluationNote::ScpLevelWithoutAllow { level } => format!("SCP level {} has no Allow for this action: every level from the root down must allow.", level + 1),
        EvaluationNote::RcpFullAccessImplied => "Levels without RCPs count as RCPFullAWSAccess, which allows everything.".into(),
        EvaluationNote::ResourceAccountAssumedSame => "The resource ARN names no account, so it is taken to be the caller's.".into(),
        EvaluationNote::AwsOwnedResource => "The resource belongs to AWS, not to another account: an identity-policy Allow is enough.".into(),
        EvaluationNote::DefaultKmsKeyPolicy => "The scenario gives no key policy, so AWS's default key policy applies: it allows the key's account, which lets IAM policies grant access.".into(),
        EvaluationNote::S3RestrictPublicBuckets => "S3 Block Public Access (restrictPublicBuckets): the bucket policy is public, so its grants count only for AWS services and the bucket owner's account.".into(),
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use crate::engine::{analyze, LintCache};
    use crate::model::import_scenario;

    fn world(id: &str) -> std::rc::Rc<World> {
        let ws = import_scenario(crate::gallery::example(id).expect("example")).expect("imports");
        analyze(&ws, None, &mut LintCache::default())
            .world
            .expect("loads")
    }

    #[test]
    fn a_cell_explanation_links_its_decisive_statement_to_an_editor() {
        let world = world("explicit-deny-wins");
        let matrix = crate::matrix_view::build(&world);
        let (row, column) = matrix
            .cells
            .iter()
            .enumerate()
            .find_map(|(r, cells)| {
                cells
                    .iter()
                    .position(|c| c.decision == Decision::ExplicitDeny)
                    .map(|c| (r, c))
            })
            .expect("an explicit deny cell");
        let view = for_cell(&world, row, column).expect("explained");
        assert_eq!(view.main.decision, Decision::ExplicitDeny);
        let decisive = view.main.decisive.first().expect("a decisive statement");
        assert!(!decisive.allow);
        assert!(decisive.target.is_some(), "{decisive:?}");
        let deny = view
            .main
            .policies
            .iter()
            .flat_map(|p| &p.statements)
            .find(|s| s.decisive)
            .expect("marked decisive");
        assert!(deny.applies);
        assert!(deny.reasons.iter().all(|r| r.ok), "{:?}", deny.reasons);
    }

    #[test]
    fn a_request_with_a_chain_lists_its_hops_and_credentials() {
        let world = world("cross-account-role");
        let index = world
            .scenario
            .requests
            .iter()
            .position(|r| {
                !r.assume.is_empty()
                    && r.expect
                        .as_ref()
                        .is_some_and(|e| e.value == Decision::Allow)
            })
            .expect("an allowed chained request");
        let view = for_request(&world, index).expect("explained");
        assert_eq!(view.hops.len(), 1);
        assert_eq!(view.hops[0].decision, Decision::Allow);
        let (session, seconds, _) = view.hops[0].credentials.clone().expect("credentials");
        assert!(session.contains(":assumed-role/"));
        assert_eq!(seconds, 3600);
    }
}
