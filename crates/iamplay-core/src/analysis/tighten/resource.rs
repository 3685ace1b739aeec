//! The resource side of the tightest policy (`side: "resource"`): one resource policy per resource, granting
//! the exact principal ARNs the exact actions on the exact resources, written into the resource entry's
//! `policy` (replacing it, its `Deny` statements kept) or into a new entry.
//!
//! AWS rules it rests on:
//! - In one account, a resource policy that names the caller's user or role ARN suffices: "If an action is
//!   allowed by an identity-based policy, a resource-based policy, or both, then AWS allows the action"
//!   (reference_policies_evaluation-logic.md, "Evaluating identity-based policies with resource-based
//!   policies"); a grant to a role ARN is still limited by the role's permissions boundary and session policy
//!   ("Determining whether a request is allowed or denied within an account"), which the fixes step extends
//!   when needed.
//! - Across accounts both sides must allow (reference_policies_evaluation-logic-cross-account.md,
//!   "Determining whether a cross-account request is allowed"): a cross-account call also gets an identity
//!   statement in the caller's account unless its policies already allow it, and a `W0905` note says so.
//! - A role's trust policy is its resource policy (id_roles_terms-and-concepts.md, "Trust policy"), but trust
//!   policies carry conditions (`sts:ExternalId`, MFA) and service principals that a replacement would drop:
//!   the assume-role hops of a chain keep the identity side's handling (an identity statement where needed,
//!   the caller added to the trust policy's `Principal` by the fixes step), with a `W0904` note.
//! - Anonymous access can only be granted with `Principal: "*"`, which grants every principal
//!   (reference_policies_elements_principal.md, "All principals"): written, with a `W0907` note.
//! - Calls no resource policy can allow — actions on `*`, resources of services without resource-based
//!   policies (EC2, IAM, ...) — fall back to the identity side with a `W0904` note, rather than failing the
//!   whole answer: the user asked for the resource side where there is one, and an AWS administrator would
//!   grant the rest in the caller's identity policy.
//! - A KMS key policy must allow explicitly even in its own account (reference_policies_evaluation-logic.md,
//!   "Determining whether a request is allowed or denied within an account"); a key policy that drops the
//!   statement letting the account's IAM policies work can make the key unmanageable, so its statements naming
//!   the owning account are kept too, and a new key entry starts with that statement (AWS KMS Developer Guide,
//!   "Default key policy").

use super::{
    codes, entity, least_privilege_statements, lint_findings, one_or_many, Call, TightPolicy,
    TightResourcePolicy, TightenNote, POLICY_NAME,
};
use crate::analysis::cells::{decide, matrix_request};
use crate::analysis::patch::{apply, path_of_span, Json, PatchOp};
use crate::context::RequestContext;
use crate::diagnostic::Diagnostic;
use crate::explain::Decision;
use crate::json::SpannedValue;
use crate::policy::model::PolicyKind;
use crate::scenario::{parse_principal, CallerSpec, LoadOptions, Scenario};
use std::collections::{BTreeMap, BTreeSet};

/// Services whose resources take a resource-based policy (AWS services that work with IAM, the
/// "Resource-based policies" column; the ones `iamplay import` reads such policies from, and a few more).
const RESOURCE_POLICY_SERVICES: [&str; 19] = [
    "s3",
    "sqs",
    "sns",
    "kms",
    "lambda",
    "secretsmanager",
    "ecr",
    "glacier",
    "events",
    "logs",
    "es",
    "elasticfilesystem",
    "backup",
    "codeartifact",
    "glue",
    "kinesis",
    "dynamodb",
    "execute-api",
    "serverlessrepo",
];

/// What the resource side writes.
pub(super) struct ResourcePlan {
    pub patch: Vec<PatchOp>,
    pub policies: Vec<TightPolicy>,
    pub resource_policies: Vec<TightResourcePolicy>,
    pub notes: Vec<TightenNote>,
}

/// Where a call's grant goes.
struct Home {
    /// The entry's ARN.
    arn: String,
    owner: Option<String>,
    /// The entry's JSON Pointer; `None` for an entry to create.
    path: Option<String>,
}

/// A `Principal` element entry: its type and value.
type PrincipalName = (&'static str, String);

/// (action, resource) pairs.
type Pairs = BTreeSet<(String, String)>;

/// What each principal gets on one resource.
type Grants = Vec<(PrincipalName, Pairs)>;

fn caller_account(caller: &str) -> Option<String> {
    match parse_principal(caller).ok()? {
        CallerSpec::Root { account }
        | CallerSpec::Role { account, .. }
        | CallerSpec::FederatedUser { account, .. } => Some(account),
        CallerSpec::User { arn } => crate::eval::request::account_of(&arn),
        _ => None,
    }
}

/// How a resource policy names the caller (`("*", "*")` for an anonymous one): a role session by its role's ARN (the grant then holds for every
/// session, reference_policies_elements_principal.md, "IAM role principals").
fn principal_name(scenario: &Scenario, caller: &str) -> Result<PrincipalName, String> {
    match parse_principal(caller) {
        Ok(CallerSpec::Anonymous) => Ok(("*", "*".to_string())),
        Ok(CallerSpec::Service { name }) => Ok(("Service", name)),
        Ok(CallerSpec::Provider { provider }) => Ok(("Federated", provider)),
        Ok(CallerSpec::Root { account }) => Ok(("AWS", format!("arn:aws:iam::{account}:root"))),
        Ok(CallerSpec::Role { .. } | CallerSpec::User { .. }) => Ok((
            "AWS",
            entity(scenario, caller).map_or_else(|| caller.to_string(), |(arn, _)| arn),
        )),
        Ok(CallerSpec::FederatedUser { arn, .. }) => Ok(("AWS", arn)),
        Err(error) => Err(error),
    }
}

fn is_kms_key(arn: &str) -> bool {
    crate::arn::Arn::parse(arn)
        .is_ok_and(|parsed| parsed.service == "kms" && parsed.resource.starts_with("key/"))
}

/// The resource entry a call's grant goes into, or why there is none.
fn home(root: &SpannedValue, scenario: &Scenario, call: &Call) -> Result<Home, String> {
    let (caller, action, resource) = call;
    if crate::sts::is_trust_action(action) && scenario.role(resource).is_some() {
        return Err(
            "a role's trust policy is not replaced (its conditions and other principals stay): the identity side \
             grants the hop, and the caller is added to the trust policy when the chain needs it"
                .to_string(),
        );
    }
    if resource == "*" {
        return Err(format!(
            "`{action}` on `*` names no resource to attach a policy to: only an identity policy can allow it"
        ));
    }
    if let Some(entry) = scenario.resource_for(resource) {
        return Ok(Home {
            arn: entry.arn.value.clone(),
            owner: entry.owner().map(str::to_string),
            path: path_of_span(root, entry.span),
        });
    }
    let parsed = crate::arn::Arn::parse(resource).map_err(|_| {
        format!("`{resource}` is not a resource ARN: no resource policy can allow it")
    })?;
    if !RESOURCE_POLICY_SERVICES.contains(&parsed.service) {
        return Err(format!(
            "`{}` resources take no resource-based policy (AWS services that work with IAM)",
            parsed.service
        ));
    }
    // An S3 policy belongs to the bucket; every other service's to the resource itself.
    let arn = if parsed.service == "s3" {
        let bucket = parsed.resource.split('/').next().unwrap_or_default();
        format!("arn:aws:s3:::{bucket}")
    } else {
        resource.clone()
    };
    // A resource no entry covers and whose ARN has no account is the caller's own (docs/scenario-format.md).
    let owner = Some(parsed.account.to_string())
        .filter(|account| !account.is_empty())
        .or_else(|| caller_account(caller));
    if owner.is_none() {
        return Err(format!(
            "`{resource}` has no owning account to write a resource entry for"
        ));
    }
    if arn.contains(['*', '?']) {
        return Err(format!(
            "`{resource}` is a pattern, not one resource to attach a policy to"
        ));
    }
    Ok(Home {
        arn,
        owner,
        path: None,
    })
}

/// The statements of `policy` a replacement keeps: every `Deny` (a guardrail is not a privilege) and, for a
/// KMS key, those naming the owning account (see the module doc).
fn kept_statements(policy: Option<&Json>, key_owner: Option<&str>) -> Vec<Json> {
    let statements = match policy.and_then(|policy| policy.get("Statement")) {
        Some(Json::Array(statements)) => statements.clone(),
        Some(single @ Json::Object(_)) => vec![single.clone()],
        _ => Vec::new(),
    };
    statements
        .into_iter()
        .filter(|statement| {
            statement.get("Effect") == Some(&Json::str("Deny"))
                || key_owner.is_some_and(|owner| names_account(statement, owner))
        })
        .collect()
}

fn names_account(statement: &Json, owner: &str) -> bool {
    let root = format!("arn:aws:iam::{owner}:root");
    let names =
        |value: &Json| matches!(value, Json::String(text) if text == owner || *text == root);
    match statement
        .get("Principal")
        .and_then(|principal| principal.get("AWS"))
    {
        Some(Json::Array(items)) => items.iter().any(names),
        Some(value) => names(value),
        None => false,
    }
}

/// One statement per set of principals with the same wanted (action, resource) pairs, split further by
/// resources that need the same actions: every principal × action × resource a statement names is wanted.
fn resource_document(grants: &Grants) -> Vec<Json> {
    // Vectors rather than more map types: each map type instantiated adds to the npm package's wasm.
    let mut by_pairs: Vec<(&Pairs, Vec<&PrincipalName>)> = Vec::new();
    for (principal, pairs) in grants {
        match by_pairs.iter_mut().find(|(known, _)| *known == pairs) {
            Some((_, principals)) => principals.push(principal),
            None => by_pairs.push((pairs, vec![principal])),
        }
    }
    let mut statements = Vec::new();
    for (pairs, principals) in by_pairs {
        let mut by_type: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for (kind, value) in principals {
            by_type.entry(kind).or_default().push(value.clone());
        }
        // AWS first, as AWS's own examples write it.
        let mut members: Vec<(String, Json)> = Vec::new();
        for kind in ["AWS", "Service", "Federated"] {
            if let Some(values) = by_type.get(kind) {
                members.push((kind.to_string(), one_or_many(values)));
            }
        }
        // Anonymous access is `Principal: "*"`, which covers every other principal too.
        let principal = if by_type.contains_key("*") {
            Json::str("*")
        } else {
            Json::Object(members)
        };
        for statement in least_privilege_statements(pairs) {
            let Json::Object(mut members) = statement else {
                continue;
            };
            // Sid, Effect, then Principal.
            let at = members.len().min(2);
            members.insert(at, ("Principal".to_string(), principal.clone()));
            statements.push(Json::Object(members));
        }
    }
    for (index, statement) in statements.iter_mut().enumerate() {
        if let Json::Object(members) = statement {
            if let Some((_, sid)) = members.iter_mut().find(|(key, _)| key == "Sid") {
                *sid = Json::str(format!("LeastPrivilege{}", index + 1));
            }
        }
    }
    statements
}

fn note(code: &'static str, call: &Call, message: String) -> TightenNote {
    TightenNote {
        code,
        principal: call.0.clone(),
        action: call.1.clone(),
        resource: call.2.clone(),
        message,
    }
}

/// The resource side for the needed calls (each with the context of the first wanted request making it).
pub(super) fn plan(
    root: &SpannedValue,
    scenario: &Scenario,
    document: &Json,
    needed: &[(Call, RequestContext)],
    options: &LoadOptions<'_>,
) -> Result<ResourcePlan, Vec<Diagnostic>> {
    let mut notes = Vec::new();
    // Per resource entry: where it is, and what each principal gets.
    let mut homes: Vec<(Home, Grants)> = Vec::new();
    // Calls the identity side must also (cross-account) or instead (no home) allow.
    let mut identity_calls: Vec<(&Call, bool)> = Vec::new();
    for (call, _) in needed {
        let (caller, action, resource) = call;
        let placed = home(root, scenario, call)
            .and_then(|home| principal_name(scenario, caller).map(|principal| (home, principal)));
        match placed {
            Ok((home, principal)) => {
                let cross = match (caller_account(caller), &home.owner) {
                    (Some(caller), Some(owner)) => caller != *owner,
                    _ => false,
                };
                if cross {
                    identity_calls.push((call, true));
                }
                if principal.0 == "*" {
                    // reference_policies_elements_principal.md, "All principals".
                    notes.push(note(
                        codes::W0907_PUBLIC,
                        call,
                        "anonymous access needs `Principal: \"*\"`, which grants everyone, anonymous callers and \
                         every AWS principal, the same actions on the same resources (public access)"
                            .to_string(),
                    ));
                }
                let at = match homes.iter().position(|(known, _)| known.arn == home.arn) {
                    Some(at) => at,
                    None => {
                        homes.push((home, Vec::new()));
                        homes.len() - 1
                    }
                };
                if let Some((_, grants)) = homes.get_mut(at) {
                    let pair = (action.clone(), resource.clone());
                    match grants.iter_mut().find(|(known, _)| *known == principal) {
                        Some((_, pairs)) => {
                            pairs.insert(pair);
                        }
                        None => grants.push((principal, BTreeSet::from([pair]))),
                    }
                }
            }
            Err(reason) => {
                notes.push(note(codes::W0904_IDENTITY_SIDE, call, reason));
                identity_calls.push((call, false));
            }
        }
    }

    let mut patch = Vec::new();
    let mut resource_policies = Vec::new();
    let resources_exist = matches!(document.get("resources"), Some(Json::Array(_)));
    let mut created = 0usize;
    let existing = match document.get("resources") {
        Some(Json::Array(items)) => items.len(),
        _ => 0,
    };
    homes.sort_by(|a, b| a.0.arn.cmp(&b.0.arn));
    for (home, grants) in &mut homes {
        grants.sort_by(|a, b| a.0.cmp(&b.0));
        let arn = &home.arn;
        let key_owner = if is_kms_key(arn) {
            home.owner.as_deref()
        } else {
            None
        };
        let old = home
            .path
            .as_ref()
            .and_then(|path| document.at(&format!("{path}/policy")));
        let mut statements = resource_document(grants);
        let mut kept = kept_statements(old, key_owner);
        if old.is_none() {
            if let Some(owner) = key_owner {
                // A key without a policy in the scenario has AWS's default key policy: keep its first statement.
                kept.push(Json::object([
                    ("Sid", Json::str("EnableIAMUserPermissions")),
                    ("Effect", Json::str("Allow")),
                    (
                        "Principal",
                        Json::object([("AWS", Json::str(format!("arn:aws:iam::{owner}:root")))]),
                    ),
                    ("Action", Json::str("kms:*")),
                    ("Resource", Json::str("*")),
                ]));
            }
        }
        statements.extend(kept);
        let policy = Json::object([
            ("Version", Json::str("2012-10-17")),
            ("Statement", Json::Array(statements)),
        ]);
        let lint = lint_findings(&policy, PolicyKind::Resource);
        let path = match &home.path {
            Some(path) => {
                patch.push(PatchOp::add(format!("{path}/policy"), policy.clone()));
                path.clone()
            }
            None => {
                let mut members = vec![("arn".to_string(), Json::str(arn.clone()))];
                let arn_has_account =
                    crate::arn::Arn::parse(arn).is_ok_and(|parsed| !parsed.account.is_empty());
                if let (false, Some(owner)) = (arn_has_account, &home.owner) {
                    members.push(("account".to_string(), Json::str(owner.clone())));
                }
                members.push(("policy".to_string(), policy.clone()));
                let entry = Json::Object(members);
                if resources_exist || created > 0 {
                    patch.push(PatchOp::add("/resources/-", entry));
                } else {
                    patch.push(PatchOp::add("/resources", Json::Array(vec![entry])));
                }
                let path = format!("/resources/{}", existing + created);
                created += 1;
                notes.push(TightenNote {
                    code: codes::W0906_RESOURCE_CREATED,
                    principal: String::new(),
                    action: String::new(),
                    resource: arn.clone(),
                    message: format!(
                        "the scenario has no entry for `{arn}`: one is created at `{path}`{}, to hold its policy",
                        home.owner
                            .as_ref()
                            .map(|owner| format!(", owned by {owner}"))
                            .unwrap_or_default()
                    ),
                });
                path
            }
        };
        resource_policies.push(TightResourcePolicy {
            resource: arn.clone(),
            path,
            created: home.path.is_none(),
            principals: {
                let mut names: Vec<String> =
                    grants.iter().map(|((_, value), _)| value.clone()).collect();
                names.sort();
                names.dedup();
                names
            },
            document: policy,
            lint,
        });
    }

    // The identity side, only where the written resource policies leave a call denied.
    let patched = apply(document, &patch).unwrap_or_else(|_| document.clone());
    let (_, with_resources) = super::super::fixes::load(&patched.to_text(), options)?;
    let empty = RequestContext::new();
    let mut per_entity: BTreeMap<String, (String, BTreeSet<(String, String)>)> = BTreeMap::new();
    for (call, cross) in identity_calls {
        let (caller, action, resource) = call;
        let context = needed
            .iter()
            .find(|(known, _)| known == call)
            .map_or(&empty, |(_, context)| context);
        let request = matrix_request(caller, action, resource, context);
        let allowed = decide(&with_resources, &request) == Decision::Allow;
        let target = entity(scenario, caller)
            .and_then(|(arn, span)| path_of_span(root, span).map(|path| (arn, path)));
        let outcome = match (&target, allowed) {
            (_, true) => "its identity policies already allow it".to_string(),
            (Some((arn, path)), false) => {
                per_entity
                    .entry(path.clone())
                    .or_insert_with(|| (arn.clone(), BTreeSet::new()))
                    .1
                    .insert((action.clone(), resource.clone()));
                format!("a statement is added to `{arn}`'s identity policies")
            }
            (None, false) => {
                "the scenario describes no user or role to give an identity policy".to_string()
            }
        };
        if cross {
            notes.push(note(
                codes::W0905_CROSS_ACCOUNT,
                call,
                format!(
                    "a cross-account call needs both the resource policy and the caller's identity side \
                     (IAM User Guide, \"Cross-account policy evaluation logic\"): {outcome}"
                ),
            ));
        } else if let Some(last) = notes.iter_mut().rev().find(|n| {
            n.code == codes::W0904_IDENTITY_SIDE
                && n.principal == *caller
                && n.action == *action
                && n.resource == *resource
        }) {
            last.message = format!("{}; {outcome}", last.message);
        }
    }
    let mut policies = Vec::new();
    for (path, (principal, pairs)) in per_entity {
        let name = free_policy_name(document, &path);
        let policy = Json::object([
            ("Version", Json::str("2012-10-17")),
            ("Statement", Json::Array(least_privilege_statements(&pairs))),
        ]);
        let entry = Json::object([("name", Json::str(name)), ("document", policy.clone())]);
        match document.at(&format!("{path}/policies")) {
            Some(Json::Array(_)) => patch.push(PatchOp::add(format!("{path}/policies/-"), entry)),
            _ => patch.push(PatchOp::add(
                format!("{path}/policies"),
                Json::Array(vec![entry]),
            )),
        }
        policies.push(TightPolicy {
            principal,
            path,
            lint: lint_findings(&policy, PolicyKind::Identity),
            document: policy,
            replaces: false,
        });
    }
    Ok(ResourcePlan {
        patch,
        policies,
        resource_policies,
        notes,
    })
}

/// `LeastPrivilege`, or `LeastPrivilege2`, ... when the entity at `path` has a policy of that name.
fn free_policy_name(document: &Json, path: &str) -> String {
    let taken: Vec<&str> = match document.at(&format!("{path}/policies")) {
        Some(Json::Array(entries)) => entries
            .iter()
            .filter_map(|entry| match entry.get("name") {
                Some(Json::String(name)) => Some(name.as_str()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    (1..)
        .map(|n| {
            if n == 1 {
                POLICY_NAME.to_string()
            } else {
                format!("{POLICY_NAME}{n}")
            }
        })
        .find(|name| !taken.contains(&name.as_str()))
        .unwrap_or_else(|| POLICY_NAME.to_string())
}

#[cfg(test)]
mod tests {
    use super::super::{tighten_requests, TightenOptions, TightenSide, Tightened};
    use super::codes;
    use crate::analysis::cells::decide;
    use crate::analysis::patch::{apply, Json};
    use crate::explain::Decision;
    use crate::scenario::{load_scenario, LoadOptions, Scenario};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const RESOURCE: TightenOptions = TightenOptions {
        side: TightenSide::Resource,
    };

    /// ana and bo in account `users`, a bucket in account `bucket` whose policy lets carol read and denies
    /// deletes; requests: ana reads, bo reads, ana lists EC2 instances, carol reads, ana writes to a queue the
    /// scenario does not describe.
    fn world(users: &str, bucket: &str) -> String {
        format!(
            r#"{{
  "users": [
    {{"arn": "arn:aws:iam::{users}:user/ana"}},
    {{"arn": "arn:aws:iam::{users}:user/bo", "policies": [{{"name": "Own", "document": {{"Version": "2012-10-17",
      "Statement": [{{"Effect": "Allow", "Action": "sqs:ListQueues", "Resource": "*"}}]}}}}]}},
    {{"arn": "arn:aws:iam::{bucket}:user/carol"}}
  ],
  "resources": [{{"arn": "arn:aws:s3:::data", "account": "{bucket}", "policy": {{"Version": "2012-10-17",
    "Statement": [
      {{"Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::{bucket}:user/carol"}}, "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::data/*"}},
      {{"Effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::data/*"}}]}}}}],
  "requests": [
    {{"principal": "arn:aws:iam::{users}:user/ana", "action": "s3:GetObject", "resource": "arn:aws:s3:::data/a.csv"}},
    {{"principal": "arn:aws:iam::{users}:user/bo", "action": "s3:GetObject", "resource": "arn:aws:s3:::data/a.csv"}},
    {{"principal": "arn:aws:iam::{users}:user/ana", "action": "ec2:DescribeInstances", "resource": "*"}},
    {{"principal": "arn:aws:iam::{bucket}:user/carol", "action": "s3:GetObject", "resource": "arn:aws:s3:::data/a.csv"}},
    {{"principal": "arn:aws:iam::{users}:user/ana", "action": "sqs:SendMessage",
      "resource": "arn:aws:sqs:us-east-1:{bucket}:jobs"}}
  ]
}}"#
        )
    }

    fn run(text: &str, allow: &[usize]) -> Tightened {
        tighten_requests(text, allow, &[], &LoadOptions::default(), &RESOURCE)
            .unwrap_or_else(|errors| panic!("{errors:?}"))
    }

    fn patched(text: &str, result: &Tightened) -> Scenario {
        let document = crate::json::parse(text, &crate::json::Limits::scenario())
            .map(|value| Json::from_spanned(&value))
            .unwrap_or_else(|errors| panic!("{errors:?}"));
        let after = apply(&document, &result.patch).unwrap_or_else(|error| panic!("{error}"));
        let loaded = load_scenario(&after.to_text());
        loaded
            .scenario
            .unwrap_or_else(|| panic!("{:?}", loaded.diagnostics))
    }

    fn allowed(scenario: &Scenario, index: usize) -> bool {
        scenario
            .requests
            .get(index)
            .is_some_and(|request| decide(scenario, request) == Decision::Allow)
    }

    #[test]
    fn in_one_account_the_bucket_policy_alone_grants_both_readers_in_one_statement() {
        let text = world("111111111111", "111111111111");
        let result = run(&text, &[0, 1]);
        assert!(result.verified, "{result:#?}");
        assert_eq!(result.side, TightenSide::Resource);
        // Same account: no identity policy (reference_policies_evaluation-logic.md).
        assert!(result.policies.is_empty(), "{:?}", result.policies);
        assert!(result.notes.is_empty(), "{:?}", result.notes);
        let [policy] = result.resource_policies.as_slice() else {
            panic!("one resource policy: {:?}", result.resource_policies)
        };
        assert_eq!(policy.resource, "arn:aws:s3:::data");
        assert_eq!(policy.path, "/resources/0");
        assert!(!policy.created);
        let Some(Json::Array(statements)) = policy.document.get("Statement") else {
            panic!("statements")
        };
        // One Allow naming both, and the kept Deny.
        assert_eq!(statements.len(), 2, "{}", policy.document.to_text());
        let text_of = policy.document.to_text();
        assert!(text_of.contains("user/ana") && text_of.contains("user/bo"));
        assert!(text_of.contains("s3:DeleteObject"), "the Deny stays");
        assert!(!text_of.contains("user/carol"), "carol's grant is replaced");
        let after = patched(&text, &result);
        assert!(allowed(&after, 0) && allowed(&after, 1));
        // carol lost her read: reported as closed.
        assert!(result
            .closed
            .iter()
            .any(|cell| cell.cell.principal.ends_with("user/carol")));
    }

    #[test]
    fn across_accounts_the_identity_side_is_added_and_said() {
        let text = world("111111111111", "222222222222");
        let result = run(&text, &[0, 1]);
        assert!(result.verified, "{result:#?}");
        assert_eq!(result.resource_policies.len(), 1);
        // Both callers need an identity statement too; bo keeps his own policy beside it.
        assert_eq!(result.policies.len(), 2, "{:?}", result.policies);
        assert!(result.policies.iter().all(|policy| !policy.replaces));
        let cross: Vec<_> = result
            .notes
            .iter()
            .filter(|note| note.code == codes::W0905_CROSS_ACCOUNT)
            .collect();
        assert_eq!(cross.len(), 2, "{:?}", result.notes);
        let after = patched(&text, &result);
        assert!(allowed(&after, 0) && allowed(&after, 1));
        let bo = after
            .user("arn:aws:iam::111111111111:user/bo")
            .unwrap_or_else(|| panic!("bo"));
        assert_eq!(bo.policies.len(), 2, "bo's own policy stays");
    }

    #[test]
    fn calls_without_a_resource_policy_fall_back_to_the_identity_side_and_new_resources_get_an_entry(
    ) {
        let text = world("111111111111", "111111111111");
        let result = run(&text, &[2, 4]);
        assert!(result.verified, "{result:#?}");
        let fallback: Vec<_> = result
            .notes
            .iter()
            .filter(|note| note.code == codes::W0904_IDENTITY_SIDE)
            .collect();
        assert_eq!(fallback.len(), 1, "{:?}", result.notes);
        assert_eq!(fallback[0].action, "ec2:DescribeInstances");
        assert!(
            fallback[0].message.contains("`*`"),
            "{}",
            fallback[0].message
        );
        let [identity] = result.policies.as_slice() else {
            panic!("{:?}", result.policies)
        };
        assert!(identity
            .document
            .to_text()
            .contains("ec2:DescribeInstances"));
        assert!(!identity.document.to_text().contains("sqs:SendMessage"));
        // The queue had no entry: one is created for its policy.
        let queue = result
            .resource_policies
            .iter()
            .find(|policy| policy.resource.ends_with(":jobs"))
            .unwrap_or_else(|| panic!("{:?}", result.resource_policies));
        assert!(queue.created);
        assert_eq!(queue.path, "/resources/1");
        assert!(result
            .notes
            .iter()
            .any(|note| note.code == codes::W0906_RESOURCE_CREATED));
        let after = patched(&text, &result);
        assert!(allowed(&after, 2) && allowed(&after, 4));
        assert_eq!(after.resources.len(), 2);
    }

    #[test]
    fn a_role_chain_keeps_its_trust_policy_and_the_identity_side_grants_the_hop() {
        let text = r#"{
  "users": [{"arn": "arn:aws:iam::111111111111:user/ana"}],
  "roles": [{"arn": "arn:aws:iam::111111111111:role/reader",
    "trustPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
      "Principal": {"AWS": "111111111111"}, "Action": "sts:AssumeRole",
      "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]}}],
  "resources": [{"arn": "arn:aws:s3:::data", "account": "111111111111"}],
  "requests": [{"principal": "arn:aws:iam::111111111111:user/ana", "assume": ["arn:aws:iam::111111111111:role/reader"],
    "action": "s3:GetObject", "resource": "arn:aws:s3:::data/a.csv",
    "context": {"aws:MultiFactorAuthPresent": true}}]
}"#;
        let result = run(text, &[0]);
        assert!(result.verified, "{result:#?}");
        assert!(
            result
                .notes
                .iter()
                .any(|note| note.code == codes::W0904_IDENTITY_SIDE
                    && note.action == "sts:AssumeRole")
        );
        // The bucket's policy names the role; the trust policy and its MFA condition are untouched.
        let [bucket] = result.resource_policies.as_slice() else {
            panic!("{:?}", result.resource_policies)
        };
        assert!(bucket
            .document
            .to_text()
            .contains("arn:aws:iam::111111111111:role/reader"));
        assert!(result
            .patch
            .iter()
            .all(|op| !op.path.contains("trustPolicy")));
        let after = patched(text, &result);
        assert!(allowed(&after, 0));
    }

    #[test]
    fn a_key_policy_keeps_the_statement_that_lets_its_account_manage_the_key() {
        let key = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        let text = format!(
            r#"{{
  "users": [{{"arn": "arn:aws:iam::111111111111:user/ana"}}, {{"arn": "arn:aws:iam::111111111111:user/admin",
    "policies": [{{"name": "Keys", "document": {{"Version": "2012-10-17",
      "Statement": [{{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}}]}}}}]}}],
  "resources": [{{"arn": "{key}"}}],
  "requests": [
    {{"principal": "arn:aws:iam::111111111111:user/ana", "action": "kms:Decrypt", "resource": "{key}"}},
    {{"principal": "arn:aws:iam::111111111111:user/admin", "action": "kms:PutKeyPolicy", "resource": "{key}"}}
  ]
}}"#
        );
        let result = run(&text, &[0]);
        assert!(result.verified, "{result:#?}");
        let [policy] = result.resource_policies.as_slice() else {
            panic!("{:?}", result.resource_policies)
        };
        let document = policy.document.to_text();
        // The entry had AWS's default key policy: its account statement stays beside ana's grant.
        assert!(
            document.contains("arn:aws:iam::111111111111:root") && document.contains("kms:Decrypt"),
            "{document}"
        );
        let after = patched(&text, &result);
        assert!(allowed(&after, 0));
        assert!(allowed(&after, 1), "the admin still manages the key");
    }
}
