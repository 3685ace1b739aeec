//! Checks on single statements: overly broad grants, public access, principals AWS rejects or warns about,
//! and condition constructs that do not test what they seem to.

use super::{codes, grants_access, Attachment, Findings};
use crate::arn::Arn;
use crate::policy::{
    ActionBlock, BaseOperator, ConditionClause, Effect, Policy, PolicyKind, PrincipalBlock,
    PrincipalEntry, PrincipalSet, PrincipalType, SetQualifier, Statement,
};
use crate::wildcard;

pub(super) fn check_statements(
    findings: &mut Findings<'_, '_>,
    policy: &Policy,
    attachment: Option<Attachment>,
) {
    // An endpoint policy grants nothing: "It is a separate policy for controlling access from the endpoint to
    // the specified service", and AWS's default one allows `*` on `*` to `Principal: "*"`
    // (aws-vpc-user-guide/vpc-endpoints-access.md, "Use VPC endpoint policies"). Like a boundary it only caps
    // access, so the checks for broad grants and public principals do not apply to it.
    if attachment == Some(Attachment::VpcEndpoint) {
        for statement in &policy.statements {
            check_conditions(findings, statement);
        }
        return;
    }
    if policy.kind == PolicyKind::Trust {
        check_trust_allows_assume_role(findings, policy);
    }
    let public = public_statements(findings, policy);
    for statement in &policy.statements {
        check_allow_all(findings, policy.kind, statement);
        check_allow_not_action(findings, policy.kind, statement);
        check_pass_role(findings, policy.kind, statement);
        check_principals(findings, policy.kind, statement, &public);
        check_conditions(findings, statement);
    }
}

/// The `Allow` statements of a resource or trust policy through which anonymous callers or any account get in,
/// each with its witness, by the access analysis (`analysis::access`): evaluated over every class of principal,
/// action and context the policy can tell apart, not guessed from `Principal: "*"` alone. So a fixed
/// `aws:SourceVpce` or `aws:PrincipalOrgID` clears a statement and a broad `aws:SourceIp`, a `StringLike` wildcard
/// on `aws:PrincipalArn` or a `ForAllValues` on a missing key does not. The lint is the one caller below
/// `analysis/`: the policy-level analysis reads only `eval`, so the layering has no cycle. The evaluation bound
/// is lower than the analysis's default, as lint runs on every keystroke.
fn public_statements(
    findings: &Findings<'_, '_>,
    policy: &Policy,
) -> Vec<(usize, crate::analysis::access::Witness)> {
    use crate::analysis::access::{analyze_policy, AccessOptions, AccessTarget};
    use crate::eval::ResourcePolicyKind;
    let kind = match policy.kind {
        PolicyKind::Resource => ResourcePolicyKind::Resource,
        PolicyKind::Trust => ResourcePolicyKind::RoleTrust,
        _ => return Vec::new(),
    };
    if !findings.enabled(codes::PUBLIC_ACCESS) {
        return Vec::new();
    }
    // Only statements whose principal can be outside any one account can be public.
    let open = policy.statements.iter().any(|statement| {
        is_allow(statement)
            && statement
                .principal
                .as_ref()
                .is_some_and(|block| block.negated || names_anyone(block))
    });
    if !open {
        return Vec::new();
    }
    let answer = analyze_policy(
        policy,
        &AccessTarget {
            resource: None,
            owner: None,
            kind,
        },
        &AccessOptions {
            max_evaluations: 20_000,
            max_witnesses: 100,
        },
    );
    answer
        .witnesses
        .into_iter()
        .filter(|witness| witness.public)
        .map(|witness| (witness.statement_index, witness))
        .collect()
}

/// A principal entry that is not one fixed principal: `*`, or a federation anyone can sign in to.
fn names_anyone(block: &PrincipalBlock) -> bool {
    names_everyone(block)
        || entries(block).iter().any(|entry| {
            entry.value.value.contains('*')
                || (entry.principal_type == PrincipalType::Federated
                    && !entry.value.value.contains(":saml-provider/"))
        })
}

/// How a finding names its statement: by `Sid`, else by 1-based position.
pub(super) fn statement_label(statement: &Statement) -> String {
    match &statement.sid {
        Some(sid) if !sid.value.is_empty() => format!("statement `{}`", sid.value),
        _ => format!("statement {}", statement.index.saturating_add(1)),
    }
}

/// A pattern that matches every action: `*` (or `**`...), or `*:*`.
fn matches_every_action(pattern: &str) -> bool {
    let all_stars = |text: &str| !text.is_empty() && text.chars().all(|c| c == '*');
    all_stars(pattern)
        || pattern
            .split_once(':')
            .is_some_and(|(prefix, name)| all_stars(prefix) && all_stars(name))
}

/// The statement's `Action` (not `NotAction`) block.
fn positive_actions(statement: &Statement) -> Option<&ActionBlock> {
    statement.action.as_ref().filter(|block| !block.negated)
}

/// The `"*"` entry of the statement's `Resource` (not `NotResource`), if it has one.
fn all_resources_entry(statement: &Statement) -> Option<&crate::diagnostic::Spanned<String>> {
    statement
        .resource
        .as_ref()
        .filter(|block| !block.negated)
        .and_then(|block| block.patterns.iter().find(|pattern| pattern.value == "*"))
}

fn is_allow(statement: &Statement) -> bool {
    statement.effect.value == Effect::Allow
}

/// `Allow` of `*` on `*` grants everything: reference_policies_elements_resource.md and access_policies.md
/// ("grant least privilege"). Boundaries, session policies, SCPs and RCPs only cap access, so `*`/`*` is
/// their normal "allow everything" and not flagged.
fn check_allow_all(findings: &mut Findings<'_, '_>, kind: PolicyKind, statement: &Statement) {
    if !grants_access(kind) || !is_allow(statement) || all_resources_entry(statement).is_none() {
        return;
    }
    let Some(actions) = positive_actions(statement) else {
        return;
    };
    if let Some(pattern) = actions
        .patterns
        .iter()
        .find(|pattern| matches_every_action(&pattern.value))
    {
        findings.push(
            codes::ALLOW_ALL_ACTIONS_ALL_RESOURCES,
            format!(
                "{} allows every action (`{}`) on every resource (`*`): full administrator access",
                statement_label(statement),
                pattern.value
            ),
            "list only the actions and resource ARNs the principal needs (least privilege)"
                .to_string(),
            Some(pattern.span),
        );
    }
}

/// reference_policies_elements_notaction.md, "NotAction with Allow": with `"Resource": "*"` it allows every
/// action of every service except the listed ones, "more permissions than you intended".
fn check_allow_not_action(
    findings: &mut Findings<'_, '_>,
    kind: PolicyKind,
    statement: &Statement,
) {
    if !grants_access(kind) || !is_allow(statement) || all_resources_entry(statement).is_none() {
        return;
    }
    let Some(actions) = statement.action.as_ref().filter(|block| block.negated) else {
        return;
    };
    findings.push(
        codes::ALLOW_NOT_ACTION_ALL_RESOURCES,
        format!(
            "{} allows every action except its `NotAction` list on every resource (`*`), including actions \
             of services added later",
            statement_label(statement)
        ),
        "list the allowed actions in `Action`, or scope `Resource` to specific ARNs; use `NotAction` with \
         `Deny` to carve out exceptions"
            .to_string(),
        Some(actions.span),
    );
}

/// `iam:PassRole` on `*` lets the holder hand any role, including admin roles, to a service it controls: the
/// classic privilege escalation (IAM user guide, "Granting a user permissions to pass a role to an AWS
/// service"). A pattern that matches every action is `ALLOW_ALL_ACTIONS_ALL_RESOURCES`'s finding.
fn check_pass_role(findings: &mut Findings<'_, '_>, kind: PolicyKind, statement: &Statement) {
    if kind != PolicyKind::Identity
        || !is_allow(statement)
        || all_resources_entry(statement).is_none()
    {
        return;
    }
    let Some(actions) = positive_actions(statement) else {
        return;
    };
    for pattern in &actions.patterns {
        if !matches_every_action(&pattern.value)
            && wildcard::matches_ignore_case(&pattern.value, "iam:PassRole")
        {
            findings.push(
                codes::PASS_ROLE_ALL_RESOURCES,
                format!(
                    "`{}` allows `iam:PassRole` on every role (`\"Resource\": \"*\"`)",
                    pattern.value
                ),
                "limit `Resource` to the ARNs of the roles to pass (e.g. \
                 `arn:aws:iam::123456789012:role/app-*`) and add an `iam:PassedToService` condition"
                    .to_string(),
                Some(pattern.span),
            );
        }
    }
}

fn entries(block: &PrincipalBlock) -> &[PrincipalEntry] {
    match &block.principals {
        PrincipalSet::Wildcard => &[],
        PrincipalSet::Entries(entries) => entries,
    }
}

/// `"Principal": "*"` or `{"AWS": "*"}`: both mean everyone, anonymous users included
/// (reference_policies_elements_principal.md, "All principals").
fn names_everyone(block: &PrincipalBlock) -> bool {
    match &block.principals {
        PrincipalSet::Wildcard => true,
        PrincipalSet::Entries(entries) => entries
            .iter()
            .any(|entry| entry.principal_type == PrincipalType::Aws && entry.value.value == "*"),
    }
}

fn check_principals(
    findings: &mut Findings<'_, '_>,
    kind: PolicyKind,
    statement: &Statement,
    public: &[(usize, crate::analysis::access::Witness)],
) {
    let Some(block) = &statement.principal else {
        return;
    };
    check_public_access(findings, kind, statement, block, public);
    check_not_principal(findings, kind, statement, block);
    check_web_identity_trust(findings, kind, statement, block);
}

/// reference_policies_elements_principal.md, "All principals": "We strongly recommend that you do not use a
/// wildcard (*) in the Principal element of a resource-based policy with an Allow effect unless you intend to
/// grant public or anonymous access" — "especially true for IAM role trust policies". Whether a statement does is
/// decided by the access analysis (`public_statements`); `NotPrincipal` has its own check (L0105). An RCP's
/// `Principal` is always `*` and it only caps access, so it is not analyzed.
fn check_public_access(
    findings: &mut Findings<'_, '_>,
    kind: PolicyKind,
    statement: &Statement,
    block: &PrincipalBlock,
    public: &[(usize, crate::analysis::access::Witness)],
) {
    if block.negated {
        return;
    }
    let Some((_, witness)) = public.iter().find(|(index, _)| *index == statement.index) else {
        return;
    };
    let context: Vec<String> = witness
        .context
        .iter()
        .map(|(key, value)| format!("{key}={}", value.values().join(",")))
        .collect();
    let with = if context.is_empty() {
        String::new()
    } else {
        format!(" with {}", context.join(", "))
    };
    let message = if kind == PolicyKind::Trust {
        format!(
            "{} lets anyone, in any AWS account, assume this role: `{}` can call `{}`{with}",
            statement_label(statement),
            witness.principal,
            witness.action
        )
    } else {
        format!(
            "{} allows anyone, including anonymous users: public access (`{}` can call `{}`{with})",
            statement_label(statement),
            witness.principal,
            witness.action
        )
    };
    findings.push(
        codes::PUBLIC_ACCESS,
        message,
        "name the intended principals (account, role or service), or add a `Condition` that pins a fixed value \
         of a key that restricts who qualifies, such as `aws:PrincipalOrgID`, `aws:SourceVpce` or `aws:SourceArn`"
            .to_string(),
        Some(block.span),
    );
}

/// reference_policies_elements_notprincipal.md: "We strongly recommend that you do not use NotPrincipal in
/// the same policy statement as "Effect": "Allow"" ("NotPrincipal With Allow"); "You cannot use the
/// NotPrincipal element in ... an IAM role trust policy"; and with Deny "you must also specify the account
/// ARN of the not-denied principal" ("NotPrincipal With Deny").
fn check_not_principal(
    findings: &mut Findings<'_, '_>,
    kind: PolicyKind,
    statement: &Statement,
    block: &PrincipalBlock,
) {
    if !block.negated {
        return;
    }
    if kind == PolicyKind::Trust {
        findings.push(
            codes::NOT_PRINCIPAL_IN_TRUST_POLICY,
            format!(
                "{} uses `NotPrincipal`, which a role trust policy cannot hold",
                statement_label(statement)
            ),
            "name the principals that may assume the role in `Principal`".to_string(),
            Some(block.span),
        );
    }
    if is_allow(statement) {
        findings.push(
            codes::ALLOW_NOT_PRINCIPAL,
            format!(
                "{} allows everyone except its `NotPrincipal` list, including anonymous users",
                statement_label(statement)
            ),
            "name the allowed principals in `Principal` instead of excluding some with `NotPrincipal`"
                .to_string(),
            Some(block.span),
        );
        return;
    }
    let named_accounts: Vec<&str> = entries(block)
        .iter()
        .filter(|entry| entry.principal_type == PrincipalType::Aws)
        .filter_map(|entry| account_named(&entry.value.value))
        .collect();
    for entry in entries(block) {
        if entry.principal_type != PrincipalType::Aws {
            continue;
        }
        let Ok(arn) = Arn::parse(&entry.value.value) else {
            continue;
        };
        if arn.account.is_empty() || arn.resource == "root" || named_accounts.contains(&arn.account)
        {
            continue;
        }
        findings.push(
            codes::NOT_PRINCIPAL_DENY_WITHOUT_ACCOUNT,
            format!(
                "`NotPrincipal` exempts `{}` from the `Deny` but not its account `{}`, so the deny may still \
                 reach it through the account",
                entry.value.value, arn.account
            ),
            format!(
                "add `arn:{}:iam::{}:root` to `NotPrincipal`, or better, use `\"Principal\": \"*\"` with an \
                 `ArnNotEquals` condition on `aws:PrincipalArn`",
                arn.partition, arn.account
            ),
            Some(entry.value.span),
        );
    }
}

/// The account an `AWS` principal names as a whole: a bare 12-digit id or `arn:...:iam::ID:root`.
fn account_named(value: &str) -> Option<&str> {
    if value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(value);
    }
    let arn = Arn::parse(value).ok()?;
    (arn.service == "iam" && arn.resource == "root").then_some(arn.account)
}

/// Web identity providers whose tokens anyone can get: a trust policy that takes them with no condition on
/// the token's claims lets every user of the provider assume the role (reference_policies_elements_principal.md,
/// "Web identity session principals"; the provider's keys are `<provider>:aud`, `<provider>:sub`, ...).
const WEB_IDENTITY_PROVIDERS: [&str; 4] = [
    "cognito-identity.amazonaws.com",
    "accounts.google.com",
    "graph.facebook.com",
    "www.amazon.com",
];

/// The condition-key prefix of a `Federated` web identity principal: the provider's host (and path) for an
/// OIDC provider ARN, or the provider name; `None` for SAML providers and anything else.
fn web_identity_provider(value: &str) -> Option<&str> {
    if let Ok(arn) = Arn::parse(value) {
        return arn
            .resource
            .strip_prefix("oidc-provider/")
            .filter(|provider| !provider.is_empty());
    }
    WEB_IDENTITY_PROVIDERS
        .iter()
        .any(|known| known.eq_ignore_ascii_case(value))
        .then_some(value)
}

/// GitHub Actions tokens all carry `aud` `sts.amazonaws.com`, so only a condition on another claim (`sub`,
/// ...) narrows who can assume the role.
const GITHUB_ACTIONS_PROVIDER: &str = "token.actions.githubusercontent.com";

fn check_web_identity_trust(
    findings: &mut Findings<'_, '_>,
    kind: PolicyKind,
    statement: &Statement,
    block: &PrincipalBlock,
) {
    if kind != PolicyKind::Trust || !is_allow(statement) || block.negated {
        return;
    }
    for entry in entries(block) {
        if entry.principal_type != PrincipalType::Federated {
            continue;
        }
        let Some(provider) = web_identity_provider(&entry.value.value) else {
            continue;
        };
        let restricted = statement.conditions.iter().any(|clause| {
            let Some((key_provider, claim)) = clause.key.value.rsplit_once(':') else {
                return false;
            };
            key_provider.eq_ignore_ascii_case(provider)
                && !(provider.eq_ignore_ascii_case(GITHUB_ACTIONS_PROVIDER)
                    && claim.eq_ignore_ascii_case("aud"))
        });
        if restricted {
            continue;
        }
        let claim = if provider.eq_ignore_ascii_case(GITHUB_ACTIONS_PROVIDER) {
            "sub"
        } else {
            "aud"
        };
        findings.push(
            codes::WEB_IDENTITY_TRUST_WITHOUT_CONDITION,
            format!(
                "any identity with a token from `{provider}` can assume this role: {} has no condition on \
                 the token",
                statement_label(statement)
            ),
            format!(
                "add a condition on the token's claims, e.g. `\"StringEquals\": {{\"{provider}:{claim}\": \
                 \"...\"}}` naming your app, repository or identity pool"
            ),
            Some(entry.value.span),
        );
    }
}

/// Global keys that are multivalued in the request context (reference_policies_condition-keys.md, each key's
/// "Value type – Multivalued"). Every other documented `aws:` key is single-valued.
const MULTIVALUED_GLOBAL_KEYS: [&str; 5] = [
    "aws:CalledVia",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalServiceNamesList",
    "aws:ResourceOrgPaths",
    "aws:TagKeys",
];

/// Global keys documented as "Value type – Single-valued" in reference_policies_condition-keys.md; the tag
/// keys stand for every `.../tag-key`.
const SINGLE_VALUED_GLOBAL_KEYS: [&str; 35] = [
    "aws:CalledViaFirst",
    "aws:CalledViaLast",
    "aws:CurrentTime",
    "aws:Ec2InstanceSourceVpc",
    "aws:Ec2InstanceSourcePrivateIPv4",
    "aws:EpochTime",
    "aws:FederatedProvider",
    "aws:MultiFactorAuthAge",
    "aws:MultiFactorAuthPresent",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:PrincipalIsAWSService",
    "aws:PrincipalOrgID",
    "aws:PrincipalServiceName",
    "aws:PrincipalTag/",
    "aws:PrincipalType",
    "aws:referer",
    "aws:RequestedRegion",
    "aws:RequestTag/",
    "aws:ResourceAccount",
    "aws:ResourceOrgID",
    "aws:ResourceTag/",
    "aws:SecureTransport",
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceIdentity",
    "aws:SourceIp",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:TokenIssueTime",
    "aws:UserAgent",
    "aws:userid",
    "aws:username",
    "aws:ViaAWSService",
    "aws:VpcSourceIp",
];

fn is_multivalued_global_key(key: &str) -> bool {
    MULTIVALUED_GLOBAL_KEYS
        .iter()
        .any(|known| known.eq_ignore_ascii_case(key))
}

fn is_single_valued_global_key(key: &str) -> bool {
    SINGLE_VALUED_GLOBAL_KEYS.iter().any(|known| {
        if known.ends_with('/') {
            key.len() > known.len()
                && key
                    .get(..known.len())
                    .is_some_and(|prefix| prefix.eq_ignore_ascii_case(known))
        } else {
            known.eq_ignore_ascii_case(key)
        }
    })
}

fn operator_text(clause: &ConditionClause) -> String {
    clause.operator.value.to_string()
}

fn check_conditions(findings: &mut Findings<'_, '_>, statement: &Statement) {
    for clause in &statement.conditions {
        check_mfa_deny(findings, statement, clause);
        check_for_all_values_allow(findings, statement, clause);
        check_value_type(findings, clause);
    }
}

/// reference_policies_condition-keys.md, "aws:MultiFactorAuthPresent": `Deny` with `Bool` `false` (and `Deny`
/// with `Null` `true`) is "not a reliable way to check whether a request is authenticated using MFA": the key
/// is absent for long-term credentials, so those requests are not denied. `BoolIfExists` is the fix.
fn check_mfa_deny(
    findings: &mut Findings<'_, '_>,
    statement: &Statement,
    clause: &ConditionClause,
) {
    if statement.effect.value != Effect::Deny
        || !clause
            .key
            .value
            .eq_ignore_ascii_case("aws:MultiFactorAuthPresent")
    {
        return;
    }
    let operator = clause.operator.value;
    let has_value = |wanted: &str| {
        clause
            .values
            .iter()
            .any(|v| v.value.eq_ignore_ascii_case(wanted))
    };
    let misses_long_term =
        (operator.base == BaseOperator::Bool && !operator.if_exists && has_value("false"))
            || (operator.base == BaseOperator::Null && has_value("true"));
    if !misses_long_term {
        return;
    }
    findings.push(
        codes::MFA_DENY_MISSES_LONG_TERM_CREDENTIALS,
        format!(
            "`{}` on `aws:MultiFactorAuthPresent` in a `Deny` does not deny requests made with long-term \
             access keys, which carry no such key",
            operator_text(clause)
        ),
        "use `\"BoolIfExists\": {\"aws:MultiFactorAuthPresent\": \"false\"}` to deny every request not \
         authenticated with MFA"
            .to_string(),
        Some(clause.operator.span),
    );
}

/// reference_policies_multi-value-conditions.md, "Warning": `ForAllValues` "returns true if there are no keys
/// in the request, or if the key values resolve to a null data set"; in an `Allow` that lets a request
/// without the key through unless another condition requires it.
fn check_for_all_values_allow(
    findings: &mut Findings<'_, '_>,
    statement: &Statement,
    clause: &ConditionClause,
) {
    let operator = clause.operator.value;
    if !is_allow(statement)
        || operator.qualifier != Some(SetQualifier::ForAllValues)
        || operator.base == BaseOperator::Null
    {
        return;
    }
    let key_required = statement.conditions.iter().any(|other| {
        other.operator.value.base == BaseOperator::Null
            && other.key.value.eq_ignore_ascii_case(&clause.key.value)
            && other
                .values
                .iter()
                .any(|v| v.value.eq_ignore_ascii_case("false"))
    });
    if key_required {
        return;
    }
    findings.push(
        codes::FOR_ALL_VALUES_ALLOW_MATCHES_MISSING_KEY,
        format!(
            "`{}` on `{}` also matches a request that has no `{}` at all, so this `Allow` applies to it",
            operator_text(clause),
            clause.key.value,
            clause.key.value
        ),
        format!(
            "add `\"Null\": {{\"{}\": \"false\"}}` to the same `Condition` block to require the key",
            clause.key.value
        ),
        Some(clause.operator.span),
    );
}

/// reference_policies_single-vs-multi-valued-condition-keys.md: "Multivalued condition keys require
/// condition set operators `ForAllValues` or `ForAnyValue`", and "Using condition set operators with
/// single-valued condition keys can lead to overly permissive policies". Only documented global keys are
/// judged; service keys' value types are not known here.
fn check_value_type(findings: &mut Findings<'_, '_>, clause: &ConditionClause) {
    let operator = clause.operator.value;
    let key = &clause.key.value;
    if operator.base == BaseOperator::Null {
        return;
    }
    match operator.qualifier {
        Some(_) if is_single_valued_global_key(key) => {
            findings.push(
                codes::SET_OPERATOR_ON_SINGLE_VALUED_KEY,
                format!(
                    "`{}` is a set operator, but `{key}` is single-valued",
                    operator_text(clause)
                ),
                format!(
                    "drop the `ForAllValues:`/`ForAnyValue:` prefix: `{}`",
                    crate::policy::ConditionOperator {
                        qualifier: None,
                        ..operator
                    }
                ),
                Some(clause.operator.span),
            );
        }
        None if is_multivalued_global_key(key) => {
            findings.push(
                codes::MULTIVALUED_KEY_WITHOUT_SET_OPERATOR,
                format!(
                    "`{key}` is multivalued, but `{}` compares it as a single value",
                    operator_text(clause)
                ),
                format!(
                    "use `ForAnyValue:{0}` (any value matches) or `ForAllValues:{0}` (every value matches)",
                    operator_text(clause)
                ),
                Some(clause.operator.span),
            );
        }
        _ => {}
    }
}

/// The actions that assume a role; a trust policy that allows none of them lets nobody in
/// (reference_policies_elements_principal.md, "IAM role principals": the trust policy names who can assume
/// the role).
const ASSUME_ROLE_ACTIONS: [&str; 3] = [
    "sts:AssumeRole",
    "sts:AssumeRoleWithSAML",
    "sts:AssumeRoleWithWebIdentity",
];

/// Whether some `Allow` statement of `policy` covers an `sts:AssumeRole*` action.
pub(super) fn allows_assume_role(policy: &Policy) -> bool {
    policy
        .statements
        .iter()
        .filter(|statement| is_allow(statement))
        .filter_map(|statement| statement.action.as_ref())
        .any(|block| {
            ASSUME_ROLE_ACTIONS.iter().any(|action| {
                let listed = block
                    .patterns
                    .iter()
                    .any(|pattern| wildcard::matches_ignore_case(&pattern.value, action));
                listed != block.negated
            })
        })
}

fn check_trust_allows_assume_role(findings: &mut Findings<'_, '_>, policy: &Policy) {
    if allows_assume_role(policy) {
        return;
    }
    let span = policy
        .statements
        .first()
        .and_then(|statement| statement.action.as_ref())
        .map_or(policy.span, |block| block.span);
    findings.push(
        codes::TRUST_POLICY_ALLOWS_NO_ASSUME_ROLE,
        "the trust policy allows none of `sts:AssumeRole`, `sts:AssumeRoleWithSAML` and \
         `sts:AssumeRoleWithWebIdentity`, so nobody can assume the role"
            .to_string(),
        "allow `sts:AssumeRole` (or `sts:AssumeRoleWithSAML`/`sts:AssumeRoleWithWebIdentity` for federated \
         principals) to the principals that should assume the role"
            .to_string(),
        Some(span),
    );
}
