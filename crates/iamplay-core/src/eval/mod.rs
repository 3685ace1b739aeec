//! The AWS decision procedure: one evaluation per request over identity, resource, boundary, session, SCP and
//! RCP policies, combined as reference_policies_evaluation-logic.md and
//! reference_policies_evaluation-logic-cross-account.md describe, with an `Explanation` as data.
//!
//! Entry point: [`evaluate`]. Inputs: [`request::AuthorizationRequest`]. Statement matching lives in
//! `matching`, the context keys AWS fills in `defaults`.

pub mod aws_rules;
mod defaults;
mod matching;
pub mod request;

pub use aws_rules::{AwsRule, ProtectedRoleKind};

pub use request::{
    ApplicablePolicies, AuthorizationRequest, NamedPolicy, OrganizationPolicies, Principal,
    PrincipalKind, ResourcePolicy, ResourcePolicyKind,
};

use crate::condition::{clause_matches, evaluate_clause};
use crate::context::RequestContext;
use crate::explain::{
    AccountRelation, ConditionExplanation, Decision, EvaluationNote, Explanation,
    PolicyExplanation, PolicyType, PolicyTypeResult, PrincipalMatch, PrincipalMatchKind,
    StatementExplanation, StatementRef, TypeOutcome,
};
use crate::policy::model::{ConditionClause, Effect, Policy, Statement};
use serde::Serialize;
use std::cell::{OnceCell, RefCell};

/// How much explanation to build. The matrix only needs the decisive statements; the explanation panel wants
/// every statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EvaluationOptions {
    /// Record why every statement did or did not apply (`Explanation::policies`).
    pub explain_statements: bool,
}

impl Default for EvaluationOptions {
    fn default() -> Self {
        Self {
            explain_statements: true,
        }
    }
}

/// The decision and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Evaluation<'p> {
    pub decision: Decision,
    pub explanation: Explanation<'p>,
}

/// Evaluates one request with a full explanation.
pub fn evaluate<'p>(request: &AuthorizationRequest<'p>) -> Evaluation<'p> {
    evaluate_with(request, EvaluationOptions::default())
}

/// Evaluates one request, building as much explanation as `options` asks for.
pub fn evaluate_with<'p>(
    request: &AuthorizationRequest<'p>,
    options: EvaluationOptions,
) -> Evaluation<'p> {
    evaluate_inner(request, options, true)
}

/// Only the decision of one request: no statement explanations and no summary line (the prepared API's
/// `decide`, which a test suite calls thousands of times; writing the summary was a tenth of its time).
pub fn decide(request: &AuthorizationRequest<'_>) -> Decision {
    let options = EvaluationOptions {
        explain_statements: false,
    };
    evaluate_inner(request, options, false).decision
}

fn evaluate_inner<'p>(
    request: &AuthorizationRequest<'p>,
    options: EvaluationOptions,
    summary: bool,
) -> Evaluation<'p> {
    let policies = &request.policies;
    let policy_count = if options.explain_statements {
        policies.identity.len()
            + policies.session.len()
            + usize::from(policies.resource.is_some())
            + usize::from(policies.permissions_boundary.is_some())
            + usize::from(policies.vpc_endpoint.is_some())
            + policies.scps.levels.iter().map(Vec::len).sum::<usize>()
            + policies.rcps.levels.iter().map(Vec::len).sum::<usize>()
    } else {
        0
    };
    let mut evaluator = Evaluator {
        request,
        options,
        summary,
        context: OnceCell::new(),
        filled: RefCell::new(RequestContext::new()),
        policies: Vec::with_capacity(policy_count),
    };
    evaluator.run()
}

/// `Principal` / `NotPrincipal` of a statement in a policy that has one (resource, RCP, endpoint) against the
/// caller; `has_boundary`: the caller has a permissions boundary.
fn principal_match<'p>(
    statement: &'p Statement,
    caller: &Principal,
    has_boundary: bool,
) -> PrincipalMatch<'p> {
    match &statement.principal {
        Some(block) => {
            matching::match_principal(block, caller, statement.effect.value, has_boundary)
        }
        None => matching::missing_principal(),
    }
}

/// Whether a resource-policy statement's `Principal` / `NotPrincipal` covers a caller without a permissions
/// boundary, as [`decide`] matches it. A statement that does not cover the caller applies to none of its
/// requests, whatever their action, resource or context: the access analysis sets such statements aside once per
/// caller instead of matching them in every request it evaluates.
pub(crate) fn principal_covers(statement: &Statement, caller: &Principal) -> bool {
    principal_match(statement, caller, false).applies
}

/// What a resource-policy `Allow` granted, which decides what still limits it in the same account
/// (reference_policies_evaluation-logic.md, "Determining whether a request is allowed or denied within an
/// account", step 3). Ordered from weakest to strongest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Grant {
    /// The account (id, root ARN, canonical user): in the same account it delegates to identity policies.
    Account,
    /// The role ARN of the caller's session, or the IAM user who created the federated user session: limited
    /// by an implicit deny in the boundary or session policy.
    Entity,
    /// The caller itself (user ARN, session ARN, federated-user ARN), everyone (`*`), a service or identity
    /// provider: not limited by implicit denies in identity, boundary or session policies.
    Direct,
}

impl Grant {
    fn of(principal: &PrincipalMatch<'_>) -> Grant {
        if principal.negated {
            // `NotPrincipal` + `Allow` grants everyone not listed, like `*`.
            return Grant::Direct;
        }
        match principal.matched.as_ref().map(|entry| entry.how) {
            Some(PrincipalMatchKind::Account | PrincipalMatchKind::CanonicalUser) => Grant::Account,
            Some(
                PrincipalMatchKind::RoleCoversSession
                | PrincipalMatchKind::SourceUserCoversFederatedUser,
            ) => Grant::Entity,
            _ => Grant::Direct,
        }
    }
}

/// The applicable statements of one policy type (or one SCP/RCP level).
#[derive(Debug, Default)]
struct Scan<'p> {
    present: bool,
    denies: Vec<StatementRef<'p>>,
    allows: Vec<(StatementRef<'p>, Grant)>,
}

impl<'p> Scan<'p> {
    fn allows(&self) -> bool {
        !self.allows.is_empty()
    }

    fn first_allow(&self) -> Option<&StatementRef<'p>> {
        self.allows.first().map(|(statement, _)| statement)
    }

    /// The strongest grant among the allows, with its statement.
    fn best_grant(&self) -> Option<(Grant, &StatementRef<'p>)> {
        self.allows
            .iter()
            .map(|(statement, grant)| (*grant, statement))
            .fold(None, |best, (grant, statement)| match best {
                Some((best_grant, _)) if best_grant >= grant => best,
                _ => Some((grant, statement)),
            })
    }

    fn outcome(&self) -> TypeOutcome {
        if !self.present {
            TypeOutcome::NotApplicable
        } else if !self.denies.is_empty() {
            TypeOutcome::Denied
        } else if self.allows() {
            TypeOutcome::Allowed
        } else {
            TypeOutcome::NoAllow
        }
    }
}

struct Evaluator<'r, 'p> {
    request: &'r AuthorizationRequest<'p>,
    options: EvaluationOptions,
    /// Write the one-line summary (`Explanation::summary`); empty when not.
    summary: bool,
    /// The request context with AWS's defaults, built the first time a condition or variable needs it.
    context: OnceCell<RequestContext>,
    /// Only the defaults read so far by clauses that read nothing but their own key.
    filled: RefCell<RequestContext>,
    policies: Vec<PolicyExplanation<'p>>,
}

/// Where a policy sits, for statement references and explanations.
#[derive(Clone, Copy)]
struct Place<'a, 'p> {
    policy_type: PolicyType,
    named: &'a NamedPolicy<'p>,
    level: Option<usize>,
    resource_kind: Option<ResourcePolicyKind>,
}

impl<'r, 'p> Evaluator<'r, 'p> {
    fn context(&self) -> &RequestContext {
        self.context
            .get_or_init(|| defaults::effective_context(self.request))
    }

    /// The context a clause reads. A clause without policy variables reads only its key: when the caller gave
    /// that key, or AWS does not fill it, the caller's context answers as the merged one would; when AWS fills it,
    /// a context holding just the filled keys read so far does. Only clauses with variables need the merged
    /// context, so most requests never copy the caller's context.
    fn with_context_for<T>(
        &self,
        clause: &ConditionClause,
        read: impl FnOnce(&RequestContext) -> T,
    ) -> T {
        let key = clause.key.value.as_str();
        if !defaults::reads_only_its_key(clause) {
            return read(self.context());
        }
        if !defaults::is_filled_key(key) || self.request.context.get(key).is_some() {
            return read(&self.request.context);
        }
        if let Ok(mut filled) = self.filled.try_borrow_mut() {
            if filled.get(key).is_none() {
                if let Some(value) = defaults::default_for(self.request, key) {
                    filled.insert(key, value);
                }
            }
        }
        match self.filled.try_borrow() {
            Ok(filled) => read(&filled),
            Err(_) => read(self.context()),
        }
    }

    fn with_principal(place: Place<'_, 'p>) -> bool {
        matches!(
            place.policy_type,
            PolicyType::Resource | PolicyType::Rcp | PolicyType::VpcEndpoint
        )
    }

    fn principal_match(&self, statement: &'p Statement) -> PrincipalMatch<'p> {
        let request = self.request;
        principal_match(
            statement,
            &request.principal,
            request.policies.permissions_boundary.is_some(),
        )
    }

    /// Whether one statement applies, without explaining why: the matrix's hot path.
    fn statement_grant(
        &self,
        place: Place<'_, 'p>,
        policy: &'p Policy,
        statement: &'p Statement,
    ) -> Option<Grant> {
        let request = self.request;
        let action = statement.action.as_ref()?;
        if !matching::action_applies(action, &request.action) {
            return None;
        }
        let with_principal = Self::with_principal(place);
        match &statement.resource {
            Some(block) => {
                if !matching::resource_applies(block, &request.resource, policy.version, || {
                    self.context()
                }) {
                    return None;
                }
            }
            // A trust policy has no `Resource`: its statements cover the role it is attached to.
            None if with_principal => {}
            None => return None,
        }
        let grant = if with_principal {
            let principal = self.principal_match(statement);
            if !principal.applies {
                return None;
            }
            Grant::of(&principal)
        } else {
            Grant::Direct
        };
        // Every operator/key pair must hold (reference_policies_elements_condition.md).
        statement
            .conditions
            .iter()
            .all(|clause| {
                self.with_context_for(clause, |context| {
                    clause_matches(clause, context, policy.version)
                })
            })
            .then_some(grant)
    }

    /// Whether one statement applies to the request, and why, written into `explanation`.
    fn explain_statement(
        &self,
        place: Place<'_, 'p>,
        policy: &'p Policy,
        statement: &'p Statement,
        explanation: &mut StatementExplanation<'p>,
    ) -> Option<Grant> {
        let request = self.request;
        let action_block = statement.action.as_ref()?;
        explanation.action = matching::match_action(action_block, &request.action);
        if !explanation.action.applies {
            return None;
        }

        let with_principal = Self::with_principal(place);
        let resource = match &statement.resource {
            Some(block) => {
                matching::match_resource(block, &request.resource, policy.version, || {
                    self.context()
                })
            }
            None if with_principal => matching::implied_resource(),
            None => matching::no_resource(),
        };
        let resource_applies = resource.applies;
        explanation.resource = Some(Box::new(resource));
        if !resource_applies {
            return None;
        }

        let mut grant = Grant::Direct;
        if with_principal {
            let principal = self.principal_match(statement);
            let principal_applies = principal.applies;
            grant = Grant::of(&principal);
            explanation.principal = Some(Box::new(principal));
            if !principal_applies {
                return None;
            }
        }

        // Every operator/key pair must hold (reference_policies_elements_condition.md); each is explained.
        let mut conditions_hold = true;
        explanation
            .conditions
            .reserve_exact(statement.conditions.len());
        for clause in &statement.conditions {
            let outcome = self.with_context_for(clause, |context| {
                evaluate_clause(clause, context, policy.version)
            });
            conditions_hold &= outcome.matched;
            explanation.conditions.push(ConditionExplanation {
                operator: clause.operator.value,
                key: clause.key.value.as_str(),
                span: clause_span(clause),
                outcome: Some(outcome),
            });
        }
        explanation.applies = conditions_hold;
        conditions_hold.then_some(grant)
    }

    /// Evaluates every statement of one policy into `scan`.
    fn scan_policy(&mut self, place: Place<'_, 'p>, scan: &mut Scan<'p>) {
        scan.present = true;
        let policy: &'p Policy = place.named.policy;
        let explain = self.options.explain_statements;
        // Explanations are written in place: each record is built once in the vector, then filled.
        let mut statements: Vec<StatementExplanation<'p>> = if explain {
            policy
                .statements
                .iter()
                .map(StatementExplanation::unmatched)
                .collect()
        } else {
            Vec::new()
        };
        let mut slots = statements.iter_mut();
        let default_key = place.resource_kind == Some(ResourcePolicyKind::KmsKey)
            && aws_rules::is_default_key_policy(policy);
        for (at, statement) in policy.statements.iter().enumerate() {
            let slot = slots.next();
            if place
                .named
                .only_statements
                .is_some_and(|only| only.binary_search(&at).is_err())
            {
                continue;
            }
            let grant = match slot {
                Some(slot) if explain => self.explain_statement(place, policy, statement, slot),
                _ => self.statement_grant(place, policy, statement),
            };
            // AWS's default key policy names the key's account root: a grant to the account (see
            // `aws_rules::default_key_policy`).
            let grant = grant.map(|grant| if default_key { Grant::Account } else { grant });
            if let Some(grant) = grant {
                let reference = StatementRef {
                    policy_type: place.policy_type,
                    policy_id: place.named.id.clone(),
                    managed_arn: place.named.managed_arn,
                    level: place.level,
                    statement_index: statement.index,
                    sid: statement.sid.as_ref().map(|sid| sid.value.as_str()),
                    effect: statement.effect.value,
                    span: statement.span,
                };
                match statement.effect.value {
                    Effect::Deny => scan.denies.push(reference),
                    Effect::Allow => scan.allows.push((reference, grant)),
                }
            }
        }
        if explain {
            self.policies.push(PolicyExplanation {
                policy_type: place.policy_type,
                policy_id: place.named.id.clone(),
                managed_arn: place.named.managed_arn,
                level: place.level,
                resource_policy_kind: place.resource_kind,
                statements,
            });
        }
    }

    fn scan_list(&mut self, policy_type: PolicyType, list: &'r [NamedPolicy<'p>]) -> Scan<'p> {
        let mut scan = Scan::default();
        for named in list {
            let place = Place {
                policy_type,
                named,
                level: None,
                resource_kind: None,
            };
            self.scan_policy(place, &mut scan);
        }
        scan
    }

    fn scan_levels(
        &mut self,
        policy_type: PolicyType,
        levels: &'r [Vec<NamedPolicy<'p>>],
    ) -> Vec<Scan<'p>> {
        let mut scans = Vec::with_capacity(levels.len());
        for (level, list) in levels.iter().enumerate() {
            let mut scan = Scan {
                present: true,
                ..Scan::default()
            };
            for named in list {
                let place = Place {
                    policy_type,
                    named,
                    level: Some(level),
                    resource_kind: None,
                };
                self.scan_policy(place, &mut scan);
            }
            scans.push(scan);
        }
        scans
    }

    fn run(&mut self) -> Evaluation<'p> {
        let request = self.request;
        let principal = &request.principal;
        let policies = &request.policies;
        let mut notes = Vec::new();

        let is_root = matches!(principal.kind, PrincipalKind::Root);
        let caller_account = match principal.kind {
            PrincipalKind::Service | PrincipalKind::Federated { .. } | PrincipalKind::Anonymous => {
                None
            }
            _ => principal.account.as_deref(),
        };
        let service_linked = principal.is_service_linked_role();
        if service_linked && (policies.scps.applies() || policies.rcps.applies()) {
            notes.push(EvaluationNote::ServiceLinkedRoleExemptFromOrganizationPolicies);
        }

        // SCPs restrict principals of member accounts, root user included, but not service-linked roles
        // (reference_policies_evaluation-logic.md, "Evaluating policies within a single account", item 4).
        let scp_levels = if policies.scps.applies() && caller_account.is_some() && !service_linked {
            self.scan_levels(PolicyType::Scp, &policies.scps.levels)
        } else {
            Vec::new()
        };
        // RCPs restrict access to the resources of member accounts. AWS attaches `RCPFullAWSAccess` to every
        // root, OU and account and it cannot be detached, and customer RCPs may only `Deny`; so an RCP can only
        // deny (AWS Organizations User Guide, "Resource control policies (RCPs)"; the local reference pages
        // predate RCPs).
        let rcp_levels = if policies.rcps.applies() && !service_linked {
            notes.push(EvaluationNote::RcpFullAccessImplied);
            self.scan_levels(PolicyType::Rcp, &policies.rcps.levels)
        } else {
            Vec::new()
        };

        let resource_kind = policies.resource.as_ref().map(|resource| resource.kind);
        let mut resource = Scan::default();
        if let Some(resource_policy) = &policies.resource {
            let place = Place {
                policy_type: PolicyType::Resource,
                named: &resource_policy.policy,
                level: None,
                resource_kind,
            };
            self.scan_policy(place, &mut resource);
            if resource_kind == Some(ResourcePolicyKind::KmsKey)
                && aws_rules::is_default_key_policy(resource_policy.policy.policy)
            {
                notes.push(EvaluationNote::DefaultKmsKeyPolicy);
            }
        }

        // A request through a VPC endpoint is also checked against the endpoint's policy, which has a
        // `Principal` like a resource policy (aws-vpc-user-guide/vpc-endpoints-access.md, "Use VPC endpoint
        // policies").
        let mut endpoint = Scan::default();
        if let Some(named) = &policies.vpc_endpoint {
            let place = Place {
                policy_type: PolicyType::VpcEndpoint,
                named,
                level: None,
                resource_kind: None,
            };
            self.scan_policy(place, &mut endpoint);
        }

        // Identity-side policies belong to IAM principals only.
        let identity = if caller_account.is_some() {
            self.scan_list(PolicyType::Identity, &policies.identity)
        } else {
            Scan::default()
        };
        let mut boundary = Scan::default();
        if let (Some(named), Some(_)) = (&policies.permissions_boundary, caller_account) {
            let place = Place {
                policy_type: PolicyType::PermissionsBoundary,
                named,
                level: None,
                resource_kind: None,
            };
            self.scan_policy(place, &mut boundary);
        }
        let session = if principal.is_session() {
            self.scan_list(PolicyType::Session, &policies.session)
        } else {
            Scan::default()
        };

        // The resource's account: given, from its ARN, or (S3, `*`) the caller's own.
        let resource_account = request.effective_resource_account();
        let aws_owned = aws_rules::is_aws_owned(&request.resource, resource_account.as_deref());
        let account_relation = match (caller_account, resource_account.as_deref()) {
            (None, _) => AccountRelation::NoCallerAccount,
            (Some(_), _) if aws_owned => {
                // Not another account's resource: the identity side decides alone.
                notes.push(EvaluationNote::AwsOwnedResource);
                AccountRelation::SameAccount
            }
            (Some(_), None) => {
                notes.push(EvaluationNote::ResourceAccountAssumedSame);
                AccountRelation::SameAccount
            }
            (Some(caller), Some(owner)) if caller == owner => AccountRelation::SameAccount,
            (Some(_), Some(_)) => AccountRelation::CrossAccount,
        };

        if request.restrict_public_buckets
            && !matches!(principal.kind, PrincipalKind::Service)
            && (caller_account.is_none() || account_relation != AccountRelation::SameAccount)
            && resource.allows()
        {
            // "RestrictPublicBuckets ... restricts access to an access point or bucket with a public policy to
            // only AWS service principals and authorized users within the bucket owner's account"; "Amazon S3
            // blocks public and cross-account access derived from any public ... bucket policy, including
            // non-public delegation to specific accounts" (aws-s3-user-guide/access-control-block-public-access.md,
            // "Block public access settings"). Its denies still count.
            resource.allows.clear();
            notes.push(EvaluationNote::S3RestrictPublicBuckets);
        }

        let mut combine = Combine {
            decisive: Vec::new(),
            counted: TypeSet::default(),
            notes,
        };

        // 1. Deny evaluation: an explicit deny in any applicable policy wins
        // (reference_policies_evaluation-logic.md, "Determining whether a request is allowed or denied within an
        // account", step 1).
        let all_scans = scp_levels
            .iter()
            .chain(rcp_levels.iter())
            .chain([&endpoint, &resource, &identity, &boundary, &session]);
        for scan in all_scans {
            combine.decisive.extend(scan.denies.iter().cloned());
        }
        let decision = if !combine.decisive.is_empty() {
            for reference in &combine.decisive {
                combine.counted.push(reference.policy_type);
            }
            Decision::ExplicitDeny
        } else {
            self.decide_allow(
                &mut combine,
                Sides {
                    is_root,
                    account_relation,
                    resource_kind,
                    scp_levels: &scp_levels,
                    endpoint: &endpoint,
                    resource: &resource,
                    identity: &identity,
                    boundary: &boundary,
                    session: &session,
                },
            )
        };

        let scp_outcome = if scp_levels.is_empty() {
            TypeOutcome::NotApplicable
        } else if scp_levels.iter().any(|level| !level.denies.is_empty()) {
            TypeOutcome::Denied
        } else if scp_levels.iter().all(Scan::allows) {
            TypeOutcome::Allowed
        } else {
            TypeOutcome::NoAllow
        };
        let rcp_outcome = if rcp_levels.is_empty() {
            TypeOutcome::NotApplicable
        } else if rcp_levels.iter().any(|level| !level.denies.is_empty()) {
            TypeOutcome::Denied
        } else {
            // The implied `RCPFullAWSAccess` allows at every level.
            TypeOutcome::Allowed
        };
        let session_outcome = match (&principal.kind, session.present) {
            // A federated user session with no session policy has no identity-side permissions.
            (PrincipalKind::FederatedUser { .. }, false) => TypeOutcome::NoAllow,
            _ => session.outcome(),
        };
        let outcomes = [
            (PolicyType::Scp, scp_outcome),
            (PolicyType::Rcp, rcp_outcome),
            (PolicyType::Resource, resource.outcome()),
            (PolicyType::Identity, identity.outcome()),
            (PolicyType::PermissionsBoundary, boundary.outcome()),
            (PolicyType::Session, session_outcome),
            (PolicyType::VpcEndpoint, endpoint.outcome()),
        ];
        let policy_types = outcomes
            .into_iter()
            .map(|(policy_type, outcome)| PolicyTypeResult {
                policy_type,
                outcome,
                counted: combine.counted.contains(policy_type),
            })
            .collect();

        let mut summary = if self.summary {
            summarize(request, decision, account_relation, &combine)
        } else {
            String::new()
        };
        let mut decision = decision;
        let mut policy_types: Vec<PolicyTypeResult> = policy_types;
        let fixed = aws_rules::fixed_decision(
            &request.action,
            &request.resource,
            !matches!(principal.kind, PrincipalKind::Anonymous),
        );
        let aws_rule = fixed.map(|(fixed_decision, rule)| {
            // AWS decides before any policy counts: the policies are still explained, none decided.
            decision = fixed_decision;
            combine.decisive.clear();
            for result in &mut policy_types {
                result.counted = false;
            }
            summary = format!(
                "{fixed_decision:?}: {} {} ({})",
                request.action,
                rule.describe(),
                relation_label(account_relation)
            );
            rule
        });
        Evaluation {
            decision,
            explanation: Explanation {
                decision,
                account_relation,
                summary,
                policy_types,
                decisive: combine.decisive,
                notes: combine.notes,
                policies: std::mem::take(&mut self.policies),
                aws_rule,
            },
        }
    }

    /// Steps 2–6 of the same-account flow, or the two-sided cross-account rule, once no `Deny` applied.
    fn decide_allow(&self, combine: &mut Combine<'p>, sides: Sides<'_, 'p>) -> Decision {
        let request = self.request;
        let principal = &request.principal;

        // 2. SCPs: every level from the root down must allow; "if the enforcement code does not find any
        // applicable Allow statements in the SCPs, the request is explicitly denied, even if the denial is
        // implicit". No `Deny` statement applied, so iamplay reports it as an implicit deny (AWS's error reads
        // "because no service control policy allows ...").
        let mut scp_ok = true;
        for (level, scan) in sides.scp_levels.iter().enumerate() {
            if !scan.allows() {
                scp_ok = false;
                combine
                    .notes
                    .push(EvaluationNote::ScpLevelWithoutAllow { level });
            }
        }
        if !scp_ok {
            combine.counted.push(PolicyType::Scp);
            return Decision::ImplicitDeny;
        }
        // The endpoint policy grants nothing, but without an applicable `Allow` the request stops at the
        // endpoint ("A VPC endpoint policy ... controls access from the endpoint to the specified service",
        // aws-vpc-user-guide/vpc-endpoints-access.md, "Use VPC endpoint policies").
        if sides.endpoint.present && !sides.endpoint.allows() {
            combine.counted.push(PolicyType::VpcEndpoint);
            return Decision::ImplicitDeny;
        }
        let scp_allows = || {
            sides
                .scp_levels
                .iter()
                .filter_map(Scan::first_allow)
                .chain(sides.endpoint.first_allow())
                .cloned()
                .collect::<Vec<_>>()
        };

        let best = sides.resource.best_grant();

        if sides.account_relation == AccountRelation::NoCallerAccount {
            // Anonymous callers, services and identity providers have no identity-based policies: only the
            // resource policy can allow (reference_policies_elements_principal.md, "All principals").
            return match best {
                Some((_, statement)) => {
                    combine.decisive.push(statement.clone());
                    combine.counted.push(PolicyType::Resource);
                    Decision::Allow
                }
                None => {
                    combine.counted.push(PolicyType::Resource);
                    Decision::ImplicitDeny
                }
            };
        }

        let is_trust = sides.resource_kind == Some(ResourcePolicyKind::RoleTrust);
        if sides.is_root && is_trust && starts_with_ignore_case(&request.action, "sts:AssumeRole") {
            // Root user credentials cannot call AssumeRole (AWS STS API Reference, "AssumeRole").
            combine
                .notes
                .push(EvaluationNote::RootUserCannotAssumeRoles);
            return Decision::ImplicitDeny;
        }

        // 4.–6. The identity side: identity policies (the root user has full access in its own account and
        // no identity policies), then the boundary, then the session policy.
        if sides.is_root {
            combine.notes.push(EvaluationNote::RootUserHasFullAccess);
        }
        let identity_allowed = sides.is_root || sides.identity.allows();
        let boundary_ok = !sides.boundary.present || sides.boundary.allows();
        let session_ok = if !principal.is_session() {
            true
        } else if sides.session.present {
            sides.session.allows()
        } else {
            // "If there is no session policy, the code checks whether the principal is a role session. If the
            // principal is a role session, then the request is Allowed. Otherwise, the request is implicitly
            // denied" (reference_policies_evaluation-logic.md, step 6).
            let role_session = matches!(principal.kind, PrincipalKind::RoleSession { .. });
            if !role_session {
                combine
                    .notes
                    .push(EvaluationNote::FederatedUserWithoutSessionPolicy);
            }
            role_session
        };
        let identity_side = identity_allowed && boundary_ok && session_ok;

        // Role trust policies and KMS key policies must allow explicitly, even in the same account
        // (reference_policies_evaluation-logic.md, step 3).
        let must_allow_explicitly = matches!(
            sides.resource_kind,
            Some(ResourcePolicyKind::RoleTrust | ResourcePolicyKind::KmsKey)
        );
        if must_allow_explicitly && best.is_none() {
            if let Some(kind) = sides.resource_kind {
                combine
                    .notes
                    .push(EvaluationNote::ResourcePolicyMustAllowExplicitly { kind });
            }
            if sides.resource_kind == Some(ResourcePolicyKind::KmsKey) && identity_allowed {
                // Identity policies count for a KMS key only if its key policy allows the account
                // (AWS KMS Developer Guide, "Default key policy": "Allows access to the AWS account and enables
                // IAM policies").
                combine
                    .notes
                    .push(EvaluationNote::KmsKeyPolicyDoesNotEnableIamPolicies);
            }
        }

        let identity_refs = |combine: &mut Combine<'p>| {
            if let Some(statement) = sides.identity.first_allow() {
                combine.decisive.push(statement.clone());
                combine.counted.push(PolicyType::Identity);
            }
            if let Some(statement) = sides.boundary.first_allow() {
                combine.decisive.push(statement.clone());
                combine.counted.push(PolicyType::PermissionsBoundary);
            }
            if let Some(statement) = sides.session.first_allow() {
                combine.decisive.push(statement.clone());
                combine.counted.push(PolicyType::Session);
            }
        };
        let identity_missing = |combine: &mut Combine<'p>| {
            if !identity_allowed {
                combine.counted.push(PolicyType::Identity);
            }
            if !boundary_ok {
                combine.counted.push(PolicyType::PermissionsBoundary);
            }
            if !session_ok {
                combine.counted.push(PolicyType::Session);
            }
        };

        if sides.account_relation == AccountRelation::CrossAccount {
            // "The request is allowed only if both evaluations return a decision of Allow"
            // (reference_policies_evaluation-logic-cross-account.md, "Determining whether a cross-account
            // request is allowed").
            combine
                .notes
                .push(EvaluationNote::CrossAccountNeedsBothSides);
            return match (identity_side, best) {
                (true, Some((_, statement))) => {
                    let statement = statement.clone();
                    combine.decisive.extend(scp_allows());
                    combine.counted.push(PolicyType::Resource);
                    combine.decisive.push(statement);
                    identity_refs(combine);
                    Decision::Allow
                }
                (_, best) => {
                    if best.is_none() {
                        combine.counted.push(PolicyType::Resource);
                    }
                    identity_missing(combine);
                    Decision::ImplicitDeny
                }
            };
        }

        // 3. Same account: the principal the resource policy names decides which implicit denies still limit its
        // grant (reference_policies_evaluation-logic.md, step 3; access_policies_boundaries.md, "Evaluating
        // effective permissions with boundaries"; access_policies.md, "Session policies").
        let resource_path = match best {
            Some((Grant::Direct, _)) => {
                combine
                    .notes
                    .push(EvaluationNote::ResourceGrantNotLimitedByImplicitDenies);
                if is_trust && sides.boundary.present {
                    // "If a user is listed as the principal in a role's trust policy but cannot assume the role,
                    // check the user's permissions boundary. If a permissions boundary is set for the user, then it
                    // must allow the sts:AssumeRole action" (id_roles_update-role-trust-policy.md, "Notes").
                    combine
                        .notes
                        .push(EvaluationNote::TrustPolicyGrantLimitedByBoundary);
                    boundary_ok
                } else {
                    true
                }
            }
            Some((Grant::Entity, _)) => {
                combine
                    .notes
                    .push(EvaluationNote::ResourceGrantToEntityLimitedByBoundaryAndSession);
                boundary_ok && session_ok
            }
            Some((Grant::Account, _)) => {
                combine
                    .notes
                    .push(EvaluationNote::ResourceGrantToAccountNeedsIdentityAllow);
                false
            }
            None => false,
        };
        let identity_path = identity_side && (!must_allow_explicitly || best.is_some());

        if resource_path || identity_path {
            combine.decisive.extend(scp_allows());
            if resource_path || must_allow_explicitly {
                if let Some((grant, statement)) = best {
                    combine.decisive.push(statement.clone());
                    combine.counted.push(PolicyType::Resource);
                    if resource_path && grant == Grant::Entity {
                        if let Some(statement) = sides.boundary.first_allow() {
                            combine.decisive.push(statement.clone());
                            combine.counted.push(PolicyType::PermissionsBoundary);
                        }
                        if let Some(statement) = sides.session.first_allow() {
                            combine.decisive.push(statement.clone());
                            combine.counted.push(PolicyType::Session);
                        }
                    } else if resource_path && is_trust {
                        if let Some(statement) = sides.boundary.first_allow() {
                            combine.decisive.push(statement.clone());
                            combine.counted.push(PolicyType::PermissionsBoundary);
                        }
                    }
                }
            }
            if identity_path && !resource_path {
                identity_refs(combine);
            }
            return Decision::Allow;
        }

        match best {
            // The resource policy named the caller or its role: only the boundary or session policy held it back.
            Some((Grant::Entity | Grant::Direct, _)) => {
                if !boundary_ok {
                    combine.counted.push(PolicyType::PermissionsBoundary);
                }
                if !session_ok {
                    combine.counted.push(PolicyType::Session);
                }
            }
            _ => {
                if best.is_none() && (sides.resource.present || must_allow_explicitly) {
                    combine.counted.push(PolicyType::Resource);
                }
                if !identity_side {
                    identity_missing(combine);
                }
            }
        }
        Decision::ImplicitDeny
    }
}

/// From the condition key to its last value.
fn clause_span(clause: &crate::policy::model::ConditionClause) -> crate::diagnostic::Span {
    crate::diagnostic::Span {
        start: clause.key.span.start,
        end: clause
            .values
            .last()
            .map_or(clause.key.span.end, |value| value.span.end),
    }
}

/// The results the combining rule reads.
struct Sides<'a, 'p> {
    is_root: bool,
    account_relation: AccountRelation,
    resource_kind: Option<ResourcePolicyKind>,
    scp_levels: &'a [Scan<'p>],
    endpoint: &'a Scan<'p>,
    resource: &'a Scan<'p>,
    identity: &'a Scan<'p>,
    boundary: &'a Scan<'p>,
    session: &'a Scan<'p>,
}

/// What the combining rule found: decisive statements, the policy types that decided, notes.
struct Combine<'p> {
    decisive: Vec<StatementRef<'p>>,
    counted: TypeSet,
    notes: Vec<EvaluationNote>,
}

/// A set of policy types, in `PolicyType` order (no allocation on the hot path).
#[derive(Debug, Default, Clone, Copy)]
struct TypeSet(u8);

impl TypeSet {
    const ALL: [PolicyType; 7] = [
        PolicyType::Scp,
        PolicyType::Rcp,
        PolicyType::VpcEndpoint,
        PolicyType::Resource,
        PolicyType::Identity,
        PolicyType::PermissionsBoundary,
        PolicyType::Session,
    ];

    fn bit(policy_type: PolicyType) -> u8 {
        1 << (policy_type as u8)
    }

    fn push(&mut self, policy_type: PolicyType) {
        self.0 |= Self::bit(policy_type);
    }

    fn contains(self, policy_type: PolicyType) -> bool {
        self.0 & Self::bit(policy_type) != 0
    }

    fn iter(self) -> impl Iterator<Item = PolicyType> {
        Self::ALL.into_iter().filter(move |t| self.contains(*t))
    }
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

fn type_label(policy_type: PolicyType) -> &'static str {
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

fn relation_label(relation: AccountRelation) -> &'static str {
    match relation {
        AccountRelation::SameAccount => "same account",
        AccountRelation::CrossAccount => "cross-account",
        AccountRelation::NoCallerAccount => "caller without account",
    }
}

/// The one line of prose the core writes.
fn summarize(
    request: &AuthorizationRequest<'_>,
    decision: Decision,
    relation: AccountRelation,
    combine: &Combine<'_>,
) -> String {
    use std::fmt::Write as _;
    let relation = relation_label(relation);
    let action = &request.action;
    let mut line = String::with_capacity(96);
    // Writing into a String cannot fail.
    let _ = match decision {
        Decision::ExplicitDeny => match combine.decisive.first() {
            Some(first) => {
                let _ = write!(
                    line,
                    "ExplicitDeny: {action} denied by {} {} statement {}",
                    type_label(first.policy_type),
                    first.policy_id,
                    first.statement_index
                );
                if let Some(sid) = first.sid {
                    let _ = write!(line, " \"{sid}\"");
                }
                write!(line, " ({relation})")
            }
            None => write!(line, "ExplicitDeny: {action} ({relation})"),
        },
        Decision::Allow => {
            let mut used = TypeSet::default();
            for reference in &combine.decisive {
                used.push(reference.policy_type);
            }
            let _ = write!(line, "Allow: {action}");
            for (position, policy_type) in used.iter().enumerate() {
                let joiner = if position == 0 { " allowed by " } else { " + " };
                let _ = write!(line, "{joiner}{}", type_label(policy_type));
            }
            write!(line, " ({relation})")
        }
        Decision::ImplicitDeny => {
            if combine.counted.0 == 0 {
                write!(line, "ImplicitDeny: nothing allows {action} ({relation})")
            } else {
                let _ = write!(line, "ImplicitDeny: {action} not allowed by");
                for (position, policy_type) in combine.counted.iter().enumerate() {
                    let joiner = if position == 0 { " " } else { ", " };
                    let _ = write!(line, "{joiner}{}", type_label(policy_type));
                }
                write!(line, " ({relation})")
            }
        }
    };
    line
}

#[cfg(test)]
mod tests;
