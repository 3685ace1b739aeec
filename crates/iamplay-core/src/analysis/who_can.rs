//! Who can do ACTION on RESOURCE: every principal the scenario knows, each with its decision and decisive
//! statements, the roles others reach through assume-role chains (with the chain), and the context keys the
//! question leaves open shown as conditions on the answer.
//!
//! **Principals**: users (with their groups' policies), role sessions, the root user of every account the
//! scenario mentions, principals of other accounts named in trust or resource policies, the services and
//! identity providers those policies name, `anonymous`, and "any principal of another account" as one row: a
//! user of an account no policy names whose own account allows everything (only the resource side can stop it;
//! access-analyzer-concepts.md: the state of external accounts is not considered). An account a policy names
//! as a principal (`"AWS": "333333333333"` or its root ARN) whose users and roles the scenario does not describe
//! gets such a row of its own, "any principal of 333333333333": naming the account delegates to whoever its
//! administrators allow (reference_policies_elements_principal.md, "AWS account principals"), and its root row
//! alone cannot show that, since the root user cannot assume roles.
//!
//! **Conditions**: a key neither given in the question's context nor filled by AWS from the caller is open. When
//! the policies a row's request applies read open keys, the request is evaluated across the keys' classes
//! (`conditional::vary`); a decision that changes makes the row `conditional`, `decision` is `Allow` if some
//! class is allowed, and `conditions` lists the clauses that decided.
//!
//! **Chains**: for every role row, who can assume the role (`sts:AssumeRole`, `...WithSAML`,
//! `...WithWebIdentity` for identity providers), searched backwards breadth-first to the nearest principal that
//! is not a role; `chain` lists the roles from the first assumed to this one (id_roles_terms-and-concepts.md,
//! "Role chaining"). Only callers whose identity side can allow an assume-role action, or that a trust policy
//! names, are evaluated.

use super::access::ANY_ACCOUNT;
use super::conditional::{vary, AnswerCondition};
use crate::context::{ContextValue, RequestContext};
use crate::eval::{AuthorizationRequest, NamedPolicy, Principal, PrincipalKind};
use crate::explain::{Decision, StatementRef};
use crate::policy::model::{Effect, Policy, PrincipalSet, PrincipalType};
use crate::scenario::{Scenario, ScenarioDirectory};
use crate::sts::{Caller, Directory};
use serde::Serialize;
use std::collections::BTreeMap;

/// The row name of "any principal of another account".
pub const ANY_OTHER_ACCOUNT: &str = "any principal of another account";

/// How the row of a named account's principals begins: `any principal of 333333333333`.
pub const ANY_PRINCIPAL_OF: &str = "any principal of ";

/// The id of the identity policy made up for the rows of other accounts' principals.
const ALLOWS_EVERYTHING: &str = "another account: allows everything";

/// Class combinations tried per row when open keys are read.
const CONDITION_CAP: usize = 256;
/// How many roles a chain may hold (AWS sets no limit; the search does).
const MAX_CHAIN: usize = 5;

/// What kind of principal a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum WhoKind {
    User,
    Role,
    Root,
    FederatedUser,
    Service,
    IdentityProvider,
    Anonymous,
    AnyOtherAccount,
    /// Any principal of an account a policy names whose principals the scenario does not describe.
    NamedAccount,
}

/// One principal's answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WhoCanRow<'s> {
    /// As a request's `principal` names it (for "any principal of another account", that phrase).
    pub principal: String,
    /// The caller as evaluated (a role's session ARN).
    pub arn: String,
    pub kind: WhoKind,
    pub account: Option<String>,
    pub decision: Decision,
    pub decisive: Vec<StatementRef<'s>>,
    /// The decision depends on open context keys (see the module doc).
    pub conditional: bool,
    pub conditions: Vec<AnswerCondition>,
    /// A context under which the request is allowed, when the decision is conditional.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_with: Option<BTreeMap<String, ContextValue>>,
    /// For a role: the roles assumed in order to get here, the first assumed first, this role last; empty when
    /// nobody outside the role itself reaches it.
    pub chain: Vec<String>,
    /// Who starts the chain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chain_from: Option<String>,
    /// For a user: its groups.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
}

/// The whole answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WhoCan<'s> {
    pub action: String,
    pub resource: String,
    /// Keys the policies read that the question left open.
    pub open_keys: Vec<String>,
    pub principals: Vec<WhoCanRow<'s>>,
}

/// A row before evaluation.
struct Candidate<'s> {
    key: String,
    kind: WhoKind,
    caller: Caller<'s>,
    groups: Vec<String>,
}

/// Identity grammar's `Allow *` on `*` for the other account's principal, built once.
fn allow_everything() -> &'static Policy {
    static POLICY: std::sync::OnceLock<Policy> = std::sync::OnceLock::new();
    POLICY.get_or_init(build_allow_everything)
}

fn build_allow_everything() -> Policy {
    let mut parsed = crate::policy::parse_policy(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
        crate::policy::model::PolicyKind::Identity,
    );
    parsed.policy.take().unwrap_or(Policy {
        kind: crate::policy::model::PolicyKind::Identity,
        version: crate::policy::model::PolicyVersion::V2012_10_17,
        id: None,
        statements: Vec::new(),
        span: crate::diagnostic::Span::default(),
    })
}

/// A principal of another account whose own account allows everything: only the resource side and the
/// account's SCPs can stop it.
fn outside_principal<'s>(directory: &ScenarioDirectory<'s>, account: &str) -> Option<Caller<'s>> {
    let mut caller = directory
        .caller(&format!("arn:aws:iam::{account}:user/any-principal"))
        .ok()?;
    caller.identity = vec![NamedPolicy::new(ALLOWS_EVERYTHING, allow_everything())];
    Some(caller)
}

/// The account of an `any principal of ACCOUNT` row key.
fn named_account_of(key: &str) -> Option<&str> {
    key.strip_prefix(ANY_PRINCIPAL_OF)
        .filter(|account| crate::policy::principal::is_account_id(account))
}

fn kind_of(principal: &Principal) -> WhoKind {
    match principal.kind {
        PrincipalKind::Root => WhoKind::Root,
        PrincipalKind::IamUser => WhoKind::User,
        PrincipalKind::RoleSession { .. } => WhoKind::Role,
        PrincipalKind::FederatedUser { .. } => WhoKind::FederatedUser,
        PrincipalKind::Service => WhoKind::Service,
        PrincipalKind::Federated { .. } => WhoKind::IdentityProvider,
        PrincipalKind::Anonymous => WhoKind::Anonymous,
    }
}

/// Every principal the scenario knows, in the order of the module doc, each once, then `extra` (principal keys
/// another version of the scenario knows, see [`WhoCanAsker::with_extra`]).
fn candidates<'s>(
    scenario: &'s Scenario,
    directory: &ScenarioDirectory<'s>,
    extra: &[String],
) -> Vec<Candidate<'s>> {
    let mut rows: Vec<Candidate<'s>> = Vec::new();
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut add = |rows: &mut Vec<Candidate<'s>>, key: &str, groups: Vec<String>| {
        if !seen.insert(key.to_string()) {
            return;
        }
        let (caller, kind) = match named_account_of(key) {
            Some(account) => match outside_principal(directory, account) {
                Some(caller) => (caller, WhoKind::NamedAccount),
                None => return,
            },
            None => match directory.caller(key) {
                Ok(caller) => {
                    let kind = kind_of(&caller.principal);
                    (caller, kind)
                }
                Err(_) => return,
            },
        };
        rows.push(Candidate {
            key: key.to_string(),
            kind,
            caller,
            groups,
        });
    };
    for user in &scenario.users {
        let groups = user.groups.iter().map(|g| g.value.clone()).collect();
        add(&mut rows, &user.arn.value, groups);
    }
    for role in &scenario.roles {
        add(&mut rows, &role.arn.value, Vec::new());
    }
    let mut accounts: Vec<String> = scenario
        .accounts
        .iter()
        .map(|a| a.id.value.clone())
        .collect();
    let entity_accounts = scenario
        .users
        .iter()
        .map(|u| &u.arn.value)
        .chain(scenario.roles.iter().map(|r| &r.arn.value))
        .filter_map(|arn| crate::eval::request::account_of(arn));
    let mut described: Vec<String> = Vec::new();
    for account in entity_accounts {
        if !described.contains(&account) {
            described.push(account.clone());
        }
        if !accounts.contains(&account) {
            accounts.push(account);
        }
    }
    let mut named_accounts: Vec<String> = Vec::new();
    for account in &accounts {
        add(
            &mut rows,
            &format!("arn:aws:iam::{account}:root"),
            Vec::new(),
        );
    }
    let policies = scenario
        .roles
        .iter()
        .filter_map(|role| role.trust_policy.as_ref())
        .chain(scenario.resources.iter().filter_map(|r| r.policy.as_ref()));
    for policy in policies {
        for statement in &policy.policy.statements {
            let Some(block) = statement.principal.as_ref().filter(|b| !b.negated) else {
                continue;
            };
            let PrincipalSet::Entries(entries) = &block.principals else {
                continue;
            };
            for entry in entries {
                let value = entry.value.value.as_str();
                if value.contains('*') || entry.principal_type == PrincipalType::CanonicalUser {
                    continue;
                }
                let account = match crate::policy::principal::classify_aws_principal(value) {
                    Ok(crate::policy::principal::AwsPrincipal::Account { account })
                        if entry.principal_type == PrincipalType::Aws =>
                    {
                        Some(account)
                    }
                    _ => None,
                };
                let key = match account {
                    Some(account) => {
                        if !named_accounts.iter().any(|known| known == account) {
                            named_accounts.push(account.to_string());
                        }
                        format!("arn:aws:iam::{account}:root")
                    }
                    None => value.to_string(),
                };
                add(&mut rows, &key, Vec::new());
            }
        }
    }
    for account in named_accounts
        .iter()
        .filter(|account| !described.contains(account))
    {
        add(
            &mut rows,
            &format!("{ANY_PRINCIPAL_OF}{account}"),
            Vec::new(),
        );
    }
    add(&mut rows, "anonymous", Vec::new());
    for key in extra {
        add(&mut rows, key, Vec::new());
    }
    rows
}

/// The resource patterns under which a caller's identity side allows an assume-role action (`*` for
/// `NotResource`, and for `NotAction` statements): a role whose ARN none matches cannot be assumed through the
/// identity side, so the chain search evaluates only the callers whose patterns match the role, plus those the
/// role's trust policy names.
fn assume_patterns<'p>(caller: &Caller<'p>) -> Vec<&'p str> {
    let assume_actions = [
        "sts:AssumeRole",
        "sts:AssumeRoleWithSAML",
        "sts:AssumeRoleWithWebIdentity",
    ];
    let mut patterns = Vec::new();
    for named in &caller.identity {
        let policy: &'p Policy = named.policy;
        for statement in &policy.statements {
            if statement.effect.value != Effect::Allow {
                continue;
            }
            let covers = statement.action.as_ref().is_some_and(|block| {
                block.negated
                    || block.patterns.iter().any(|p| {
                        assume_actions
                            .iter()
                            .any(|action| crate::wildcard::matches_ignore_case(&p.value, action))
                    })
            });
            if !covers {
                continue;
            }
            match &statement.resource {
                Some(block) if !block.negated => {
                    patterns.extend(block.patterns.iter().map(|p| p.value.as_str()));
                }
                _ => patterns.push("*"),
            }
        }
    }
    patterns
}

/// The assume action a caller uses.
fn assume_action(principal: &Principal) -> &'static str {
    match &principal.kind {
        PrincipalKind::Federated { provider } if provider.contains(":saml-provider/") => {
            "sts:AssumeRoleWithSAML"
        }
        PrincipalKind::Federated { .. } => "sts:AssumeRoleWithWebIdentity",
        _ => "sts:AssumeRole",
    }
}

/// Answers who can do `action` on `resource` with `context`.
pub fn who_can<'s>(
    scenario: &'s Scenario,
    action: &str,
    resource: &str,
    context: &RequestContext,
) -> WhoCan<'s> {
    WhoCanAsker::new(scenario).ask(action, resource, context)
}

/// Every principal key a who-can answer of `scenario` has a row for, "any principal of another account" aside.
pub fn principal_keys(scenario: &Scenario) -> Vec<String> {
    let directory = ScenarioDirectory::new(scenario);
    candidates(scenario, &directory, &[])
        .into_iter()
        .map(|candidate| candidate.key)
        .collect()
}

/// who-can for many questions about one scenario: the principals are resolved once, and who can assume each
/// role (which does not depend on the question) is searched once and kept.
pub struct WhoCanAsker<'s> {
    directory: ScenarioDirectory<'s>,
    candidates: Vec<Candidate<'s>>,
    /// Per candidate: the resources its identity side may assume roles on ([`assume_patterns`]).
    patterns: Vec<Vec<&'s str>>,
    /// Per role candidate: the candidates that can assume it directly.
    assumers: BTreeMap<usize, Vec<usize>>,
}

impl<'s> WhoCanAsker<'s> {
    pub fn new(scenario: &'s Scenario) -> Self {
        Self::with_extra(scenario, &[])
    }

    /// Also answers for the principal keys `extra` the scenario itself does not name (each once), so two
    /// versions of a scenario can be asked about the same principals (`diff`).
    pub fn with_extra(scenario: &'s Scenario, extra: &[String]) -> Self {
        let directory = ScenarioDirectory::new(scenario);
        let candidates = candidates(scenario, &directory, extra);
        let patterns = candidates
            .iter()
            .map(|candidate| assume_patterns(&candidate.caller))
            .collect();
        Self {
            directory,
            candidates,
            patterns,
            assumers: BTreeMap::new(),
        }
    }

    /// How many rows an answer has.
    pub fn rows(&self) -> usize {
        self.candidates.len() + 1
    }

    /// Answers who can do `action` on `resource` with `context`.
    pub fn ask(&mut self, action: &str, resource: &str, context: &RequestContext) -> WhoCan<'s> {
        let directory = &self.directory;
        let mut open_keys: Vec<String> = Vec::new();
        let mut rows: Vec<WhoCanRow<'s>> = Vec::with_capacity(self.candidates.len() + 1);
        for candidate in &self.candidates {
            let mut request = directory.request(&candidate.caller, action, resource, context);
            if candidate.kind == WhoKind::NamedAccount {
                keep_outside(&mut request, resource);
            }
            let mut row = answer(
                candidate.key.clone(),
                candidate.kind,
                candidate.groups.clone(),
                &mut request,
                &mut open_keys,
            );
            if candidate.kind == WhoKind::NamedAccount {
                only_the_scenarios_statements(&mut row);
            }
            rows.push(row);
        }
        // The other account's principal: its account allows everything; the resource side decides.
        let other = Caller::bare(Principal::iam_user(&format!(
            "arn:aws:iam::{ANY_ACCOUNT}:user/any-principal"
        )));
        let mut request = directory.request(&other, action, resource, context);
        keep_outside(&mut request, resource);
        request.policies.identity = vec![NamedPolicy::new(ALLOWS_EVERYTHING, allow_everything())];
        let mut row = answer(
            ANY_OTHER_ACCOUNT.to_string(),
            WhoKind::AnyOtherAccount,
            Vec::new(),
            &mut request,
            &mut open_keys,
        );
        only_the_scenarios_statements(&mut row);
        rows.push(row);

        self.add_chains(&mut rows);
        WhoCan {
            action: action.to_string(),
            resource: resource.to_string(),
            open_keys,
            principals: rows,
        }
    }
}

/// A resource without a known owner would be taken for the caller's own: keep it outside another account's
/// principal.
fn keep_outside(request: &mut AuthorizationRequest<'_>, resource: &str) {
    if request.resource_account.is_none() && crate::eval::request::account_of(resource).is_none() {
        request.resource_account = Some(super::access::UNKNOWN_OWNER.to_string());
    }
}

/// The identity policy made up for another account's principal is not the scenario's: a row shows only the
/// scenario's statements.
fn only_the_scenarios_statements(row: &mut WhoCanRow<'_>) {
    row.decisive
        .retain(|reference| reference.policy_id != ALLOWS_EVERYTHING);
    row.conditions
        .retain(|condition| condition.policy_id != ALLOWS_EVERYTHING);
}

fn answer<'s>(
    key: String,
    kind: WhoKind,
    groups: Vec<String>,
    request: &mut AuthorizationRequest<'s>,
    open_keys: &mut Vec<String>,
) -> WhoCanRow<'s> {
    let variation = vary(request, CONDITION_CAP);
    for clause in super::conditional::open_clauses(request) {
        if !open_keys
            .iter()
            .any(|k| k.eq_ignore_ascii_case(&clause.key.value))
        {
            open_keys.push(clause.key.value.clone());
        }
    }
    let decision = if variation.varies && variation.can_allow {
        Decision::Allow
    } else {
        variation.baseline
    };
    WhoCanRow {
        principal: key,
        arn: request.principal.arn.clone(),
        kind,
        account: request.principal.account.clone(),
        decision,
        decisive: variation.baseline_decisive,
        conditional: variation.varies,
        conditions: variation.conditions,
        allowed_with: variation.allowed_context.map(|context| {
            context
                .iter()
                .map(|(key, value)| (key.to_string(), value.clone()))
                .collect()
        }),
        chain: Vec::new(),
        chain_from: None,
        groups,
    }
}

impl<'s> WhoCanAsker<'s> {
    /// The candidates that can assume role candidate `role` directly, computed once per role.
    fn direct(&mut self, role: usize) -> Vec<usize> {
        if let Some(known) = self.assumers.get(&role) {
            return known.clone();
        }
        let empty = RequestContext::new();
        let Some(arn) = self.candidates.get(role).and_then(role_arn) else {
            return Vec::new();
        };
        let named = trust_names(&self.directory, &arn);
        let mut found = Vec::new();
        for (index, candidate) in self.candidates.iter().enumerate() {
            if index == role {
                continue;
            }
            let principal = &candidate.caller.principal;
            // The root user cannot assume roles; services and identity providers only when the trust policy
            // names them; everyone else when the trust policy names them or their identity side reaches the
            // role.
            let named_here = named.iter().any(|n| n == &candidate.key);
            let worth = match principal.kind {
                PrincipalKind::Root | PrincipalKind::Anonymous => false,
                PrincipalKind::Service | PrincipalKind::Federated { .. } => named_here,
                _ => {
                    named_here
                        || self.patterns.get(index).is_some_and(|list| {
                            list.iter()
                                .any(|p| crate::wildcard::matches_ignore_case(p, &arn))
                        })
                }
            };
            if !worth {
                continue;
            }
            let request =
                self.directory
                    .request(&candidate.caller, assume_action(principal), &arn, &empty);
            if crate::eval::decide(&request) == Decision::Allow {
                found.push(index);
            }
        }
        self.assumers.insert(role, found.clone());
        found
    }

    /// Fills `chain` and `chain_from` of every role row whose decision is `Allow`.
    fn add_chains(&mut self, rows: &mut [WhoCanRow<'s>]) {
        for index in 0..self.candidates.len() {
            let is_role = self
                .candidates
                .get(index)
                .is_some_and(|candidate| candidate.kind == WhoKind::Role);
            if !is_role
                || rows
                    .get(index)
                    .is_none_or(|row| row.decision != Decision::Allow)
            {
                continue;
            }
            // Breadth-first backwards: paths of role indices, this role first.
            let mut frontier: Vec<Vec<usize>> = vec![vec![index]];
            let mut visited = vec![index];
            let mut found: Option<(usize, Vec<usize>)> = None;
            'search: for _ in 0..MAX_CHAIN {
                let mut next = Vec::new();
                for path in &frontier {
                    let Some(&last) = path.last() else { continue };
                    for assumer in self.direct(last) {
                        let Some(caller) = self.candidates.get(assumer) else {
                            continue;
                        };
                        if caller.kind != WhoKind::Role {
                            found = Some((assumer, path.clone()));
                            break 'search;
                        }
                        if !visited.contains(&assumer) {
                            visited.push(assumer);
                            let mut longer = path.clone();
                            longer.push(assumer);
                            next.push(longer);
                        }
                    }
                }
                if next.is_empty() {
                    break;
                }
                frontier = next;
            }
            if let (Some((start, path)), Some(row)) = (found, rows.get_mut(index)) {
                row.chain_from = self.candidates.get(start).map(|c| c.key.clone());
                row.chain = path
                    .iter()
                    .rev()
                    .filter_map(|i| self.candidates.get(*i).and_then(role_arn))
                    .collect();
            }
        }
    }
}

/// The role ARN of a role candidate.
fn role_arn(candidate: &Candidate<'_>) -> Option<String> {
    match &candidate.caller.principal.kind {
        PrincipalKind::RoleSession { role_arn, .. } => Some(role_arn.clone()),
        _ => None,
    }
}

/// Principal keys a role's trust policy names (accounts as root ARNs).
fn trust_names(directory: &ScenarioDirectory<'_>, role_arn: &str) -> Vec<String> {
    let Some(trust) = directory
        .scenario
        .role(role_arn)
        .and_then(|r| r.trust_policy.as_ref())
    else {
        return Vec::new();
    };
    let mut names = Vec::new();
    for statement in &trust.policy.statements {
        let Some(block) = &statement.principal else {
            continue;
        };
        let PrincipalSet::Entries(entries) = &block.principals else {
            continue;
        };
        for entry in entries {
            let value = &entry.value.value;
            if crate::policy::principal::is_account_id(value) {
                names.push(format!("arn:aws:iam::{value}:root"));
            } else {
                names.push(value.clone());
            }
        }
    }
    names
}

#[cfg(test)]
mod tests;
