//! Parses spanned JSON into a `Policy`, reporting every syntax and semantic error at once.
//!
//! CONTRACT: `parse_policy` never panics; `ParsedPolicy::policy` is `Some` exactly when no diagnostic has
//! severity `Error` (warnings do not block evaluation).
//!
//! The grammar is reference_policies_grammar.md as the element pages (reference_policies_elements_*.md)
//! describe it. Every element is checked even after an error, so one pass reports every problem, each with
//! the span of the offending key or value.

use crate::diagnostic::{Diagnostic, Related, Severity, Span, Spanned};
use crate::json::{Member, SpannedValue, Value};
use crate::policy::model::{
    ActionBlock, ConditionClause, ConditionOperator, Effect, Policy, PolicyKind, PolicyVersion,
    PrincipalBlock, PrincipalEntry, PrincipalSet, PrincipalType, ResourceBlock, Statement,
};
use crate::policy::operator::OperatorNameError;
use crate::policy::principal::{
    check_canonical_user, check_federated_principal, check_service_principal,
    classify_aws_principal, AwsPrincipal, PrincipalProblem,
};
use crate::policy::suggest::did_you_mean;
use std::collections::HashMap;

/// Stable codes of every policy grammar error and warning.
pub mod codes {
    /// The document is not a JSON object.
    pub const NOT_AN_OBJECT: &str = "E0201";
    /// A key that is not an element of the policy or statement (often a typo or wrong case).
    pub const UNKNOWN_KEY: &str = "E0202";
    /// The same key twice in one object.
    pub const DUPLICATE_KEY: &str = "E0203";
    /// An element of the wrong JSON type (e.g. `Action` as a number).
    pub const WRONG_TYPE: &str = "E0204";
    /// `Version` other than `2012-10-17` or `2008-10-17`.
    pub const UNKNOWN_VERSION: &str = "E0205";
    /// No `Statement` element.
    pub const MISSING_STATEMENT: &str = "E0206";
    /// An empty array where AWS needs at least one value (`Statement`, `Action`, condition values, ...).
    pub const EMPTY_ARRAY: &str = "E0207";
    /// A statement without `Effect`.
    pub const MISSING_EFFECT: &str = "E0208";
    /// `Effect` other than `Allow` or `Deny` (they are case-sensitive).
    pub const INVALID_EFFECT: &str = "E0209";
    /// A statement with neither `Action` nor `NotAction`.
    pub const MISSING_ACTION: &str = "E0210";
    /// Both halves of a pair: `Action` and `NotAction`, `Resource` and `NotResource`, `Principal` and
    /// `NotPrincipal`.
    pub const CONFLICTING_ELEMENTS: &str = "E0211";
    /// A statement without `Resource` or `NotResource` (an error, a warning in resource-based policies).
    pub const MISSING_RESOURCE: &str = "E0212";
    /// `Principal`/`NotPrincipal` in an identity-based policy, boundary, session policy or SCP.
    pub const PRINCIPAL_NOT_ALLOWED: &str = "E0213";
    /// No `Principal`/`NotPrincipal` in a resource-based policy, trust policy or RCP.
    pub const MISSING_PRINCIPAL: &str = "E0214";
    /// An action that is not `*` or `service:action`.
    pub const INVALID_ACTION: &str = "E0215";
    /// A resource that is not `*` or a well-formed ARN.
    pub const INVALID_RESOURCE: &str = "E0216";
    /// A principal value that names no principal.
    pub const INVALID_PRINCIPAL: &str = "E0217";
    /// A wildcard inside a principal name or ARN.
    pub const PARTIAL_WILDCARD_PRINCIPAL: &str = "E0218";
    /// A group ARN as a principal.
    pub const GROUP_PRINCIPAL: &str = "E0219";
    /// An RCP statement whose principal is not `"*"`.
    pub const RCP_PRINCIPAL: &str = "E0220";
    /// A condition operator name AWS does not know.
    pub const UNKNOWN_OPERATOR: &str = "E0221";
    /// `NullIfExists`.
    pub const NULL_IF_EXISTS: &str = "E0222";
    /// A condition value that is not a string, number or boolean.
    pub const INVALID_CONDITION_VALUE: &str = "E0223";
    /// A hard limit of the playground (wildcards in one pattern) was exceeded.
    pub const LIMIT_EXCEEDED: &str = "E0224";
    /// Warning: a unique principal id (`AROA...`), which names a deleted or renamed principal.
    pub const UNIQUE_ID_PRINCIPAL: &str = "E0225";
    /// Warning: two statements with the same `Sid`.
    pub const DUPLICATE_SID: &str = "E0226";
    /// Warning: `Resource`/`NotResource` in a role trust policy, which IAM does not accept.
    pub const RESOURCE_IN_TRUST_POLICY: &str = "E0227";
    /// A condition key that is empty.
    pub const EMPTY_CONDITION_KEY: &str = "E0228";
    /// A statement (or a list of them) where a policy document goes; `policy::fragment` has the quick fix.
    pub const FRAGMENT: &str = "E0229";
}

/// Links to the AWS IAM User Guide page of each element.
pub mod urls {
    pub const GRAMMAR: &str =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html";
    pub const VERSION: &str =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html";
    pub const ID: &str =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_id.html";
    pub const STATEMENT: &str =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_statement.html";
    pub const SID: &str =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html";
    pub const EFFECT: &str =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_effect.html";
    pub const ACTION: &str =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html";
    pub const NOT_ACTION: &str =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html";
    pub const RESOURCE: &str =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html";
    pub const NOT_RESOURCE: &str =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html";
    pub const PRINCIPAL: &str =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html";
    pub const NOT_PRINCIPAL: &str =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html";
    pub const CONDITION: &str =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html";
    pub const CONDITION_OPERATORS: &str =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html";
    pub const MULTI_VALUE: &str =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html";
    pub const RCP: &str =
        "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html";
}

#[derive(Debug, Clone, PartialEq)]
pub struct ParsedPolicy {
    pub policy: Option<Policy>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Hard limits on a policy's shape that keep hostile input cheap; each error names the limit.
///
/// There is no limit on the number of statements or of values in one element: AWS's own managed policies
/// exceed any small one (`ReadOnlyAccess` lists over 1,500 actions in one statement), parsing and matching are
/// linear in the document, and the document's size is bounded by `json::Limits::max_bytes`
/// (docs/security.md, "Limits").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PolicyLimits {
    /// `*` and `?` in one action, resource or condition pattern.
    pub max_wildcards: usize,
}

impl Default for PolicyLimits {
    fn default() -> Self {
        Self { max_wildcards: 64 }
    }
}

/// Parses policy text of the given kind.
pub fn parse_policy(text: &str, kind: PolicyKind) -> ParsedPolicy {
    match crate::json::parse(text, &crate::json::Limits::default()) {
        Ok(value) => parse_policy_value(&value, kind),
        Err(diagnostics) => ParsedPolicy {
            policy: None,
            diagnostics,
        },
    }
}

/// Parses a policy already read as spanned JSON (e.g. embedded in a scenario file; spans stay file-relative).
pub fn parse_policy_value(value: &SpannedValue, kind: PolicyKind) -> ParsedPolicy {
    parse_policy_value_with_limits(value, kind, &PolicyLimits::default())
}

/// `parse_policy_value` with explicit shape limits.
pub fn parse_policy_value_with_limits(
    value: &SpannedValue,
    kind: PolicyKind,
    limits: &PolicyLimits,
) -> ParsedPolicy {
    let mut reader = Reader {
        kind,
        limits,
        diagnostics: Vec::new(),
        sids: std::collections::HashMap::new(),
    };
    let policy = reader.policy(value);
    let has_errors = reader.diagnostics.iter().any(Diagnostic::is_error);
    ParsedPolicy {
        policy: if has_errors { None } else { policy },
        diagnostics: reader.diagnostics,
    }
}

const POLICY_KEYS: [&str; 3] = ["Version", "Id", "Statement"];
pub(crate) const STATEMENT_KEYS: [&str; 9] = [
    "Sid",
    "Effect",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Principal",
    "NotPrincipal",
    "Condition",
];
const PRINCIPAL_KEYS: [&str; 4] = ["AWS", "Service", "Federated", "CanonicalUser"];

/// Where a set of keys lives, for messages and hints.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Policy,
    Statement,
    Principal,
}

impl Place {
    fn describe(self) -> &'static str {
        match self {
            Place::Policy => "at the top level of a policy",
            Place::Statement => "in a statement",
            Place::Principal => "in a principal",
        }
    }

    fn url(self) -> &'static str {
        match self {
            Place::Policy => urls::GRAMMAR,
            Place::Statement => urls::STATEMENT,
            Place::Principal => urls::PRINCIPAL,
        }
    }
}

fn kind_name(kind: PolicyKind) -> &'static str {
    match kind {
        PolicyKind::Identity => "an identity-based policy",
        PolicyKind::Resource => "a resource-based policy",
        PolicyKind::Trust => "a role trust policy",
        PolicyKind::Boundary => "a permissions boundary",
        PolicyKind::Session => "a session policy",
        PolicyKind::Scp => "a service control policy",
        PolicyKind::Rcp => "a resource control policy",
    }
}

/// The first member named `key`; duplicates are reported by `check_keys`.
fn member<'v>(members: &'v [Member], key: &str) -> Option<&'v Member> {
    members.iter().find(|m| m.key == key)
}

struct Reader<'l> {
    kind: PolicyKind,
    limits: &'l PolicyLimits,
    diagnostics: Vec<Diagnostic>,
    /// Sids seen so far with where each was first written, to warn about repeats (a map, so a policy of many
    /// statements stays linear).
    sids: std::collections::HashMap<String, Span>,
}

impl Reader<'_> {
    fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    fn wrong_type(&mut self, what: &str, expected: &str, found: &SpannedValue, url: &'static str) {
        self.push(
            Diagnostic::error(
                codes::WRONG_TYPE,
                format!(
                    "{what} must be {expected}, found {}",
                    found.value.type_name()
                ),
                Some(found.span),
            )
            .with_help(format!("write {what} as {expected}"))
            .with_url(url),
        );
    }

    /// Reports unknown and repeated keys.
    fn check_keys(&mut self, members: &[Member], allowed: &[&str], place: Place) {
        for (index, m) in members.iter().enumerate() {
            if allowed.contains(&m.key.as_str()) {
                if let Some(first) = members
                    .iter()
                    .take(index)
                    .find(|earlier| earlier.key == m.key)
                {
                    let mut diagnostic = Diagnostic::error(
                        codes::DUPLICATE_KEY,
                        format!("`{}` appears more than once {}", m.key, place.describe()),
                        Some(m.key_span),
                    )
                    .with_help(format!("merge the values into one `{}` element", m.key))
                    .with_url(place.url());
                    diagnostic.related.push(Related {
                        message: "first written here".into(),
                        span: first.key_span,
                    });
                    self.push(diagnostic);
                }
                continue;
            }
            let help = if place == Place::Policy && STATEMENT_KEYS.contains(&m.key.as_str()) {
                format!(
                    "`{}` belongs inside a statement: put it in an object in the `Statement` array",
                    m.key
                )
            } else if place == Place::Statement && POLICY_KEYS.contains(&m.key.as_str()) {
                format!(
                    "`{}` belongs at the top level of the policy, next to `Statement`",
                    m.key
                )
            } else {
                match did_you_mean(&m.key, allowed.iter().copied()) {
                    Some(fixed) if fixed.eq_ignore_ascii_case(&m.key) => {
                        format!("element names are case-sensitive: write `{fixed}`")
                    }
                    Some(fixed) => format!("did you mean `{fixed}`?"),
                    None => format!("the keys allowed here are {}", list(allowed)),
                }
            };
            self.push(
                Diagnostic::error(
                    codes::UNKNOWN_KEY,
                    format!("unknown key `{}` {}", m.key, place.describe()),
                    Some(m.key_span),
                )
                .with_help(help)
                .with_url(place.url()),
            );
        }
    }

    fn policy(&mut self, value: &SpannedValue) -> Option<Policy> {
        // A statement pasted from a tutorial: one finding with a quick fix, not an error per element.
        if super::fragment::is_fragment(value) {
            let list = matches!(value.value, Value::Array(_));
            let items: &[SpannedValue] = match &value.value {
                Value::Array(items) => items,
                _ => std::slice::from_ref(value),
            };
            // Said in the message, so a shell offers the "add `Effect`" fix only when it applies.
            let without_effect = if items.iter().any(|item| item.get("Effect").is_none()) {
                " without an `Effect`"
            } else {
                ""
            };
            self.push(
                Diagnostic::error(
                    codes::FRAGMENT,
                    if list {
                        format!("this is a list of policy statements{without_effect}, not a policy document")
                    } else {
                        format!("this is a policy statement{without_effect}, not a policy document")
                    },
                    Some(value.span),
                )
                .with_help("wrap it: `{\"Version\": \"2012-10-17\", \"Statement\": [ ... ]}` (the quick fix does it)")
                .with_url(urls::GRAMMAR),
            );
            return None;
        }
        let Some(members) = value.value.as_object() else {
            self.push(
                Diagnostic::error(
                    codes::NOT_AN_OBJECT,
                    format!(
                        "a policy must be a json object, found {}",
                        value.value.type_name()
                    ),
                    Some(value.span),
                )
                .with_help(
                    "a policy looks like `{\"Version\": \"2012-10-17\", \"Statement\": [...]}`",
                )
                .with_url(urls::GRAMMAR),
            );
            return None;
        };
        self.check_keys(members, &POLICY_KEYS, Place::Policy);
        let version = match member(members, "Version") {
            None => Some(PolicyVersion::Missing),
            Some(m) => self.version(&m.value),
        };
        let id = member(members, "Id").and_then(|m| self.string(&m.value, "`Id`", urls::ID));
        let statements = match member(members, "Statement") {
            None => {
                self.push(
                    Diagnostic::error(
                        codes::MISSING_STATEMENT,
                        "the policy has no `Statement` element".to_string(),
                        Some(value.span),
                    )
                    .with_help("add `\"Statement\": [{\"Effect\": ..., \"Action\": ..., \"Resource\": ...}]`")
                    .with_url(urls::STATEMENT),
                );
                None
            }
            Some(m) => self.statements(&m.value),
        };
        Some(Policy {
            kind: self.kind,
            version: version?,
            id,
            statements: statements?,
            span: value.span,
        })
    }

    fn version(&mut self, value: &SpannedValue) -> Option<PolicyVersion> {
        let text = self.string(value, "`Version`", urls::VERSION)?;
        // reference_policies_elements_version.md: "IAM supports the following `Version` element values".
        match text.value.as_str() {
            "2012-10-17" => Some(PolicyVersion::V2012_10_17),
            "2008-10-17" => Some(PolicyVersion::V2008_10_17),
            other => {
                self.push(
                    Diagnostic::error(
                        codes::UNKNOWN_VERSION,
                        format!("unknown policy language version `{other}`"),
                        Some(value.span),
                    )
                    .with_help("use `2012-10-17`, the current version (`2008-10-17` is the old one, without policy variables)")
                    .with_url(urls::VERSION),
                );
                None
            }
        }
    }

    fn string(
        &mut self,
        value: &SpannedValue,
        what: &str,
        url: &'static str,
    ) -> Option<Spanned<String>> {
        match &value.value {
            Value::String(text) => Some(Spanned::new(text.clone(), value.span)),
            _ => {
                self.wrong_type(what, "a string", value, url);
                None
            }
        }
    }

    fn statements(&mut self, value: &SpannedValue) -> Option<Vec<Statement>> {
        // reference_policies_elements_statement.md: one statement object, or an array of them.
        let items: Vec<&SpannedValue> = match &value.value {
            Value::Object(_) => vec![value],
            Value::Array(items) if items.is_empty() => {
                self.push(
                    Diagnostic::error(
                        codes::EMPTY_ARRAY,
                        "`Statement` is an empty array".to_string(),
                        Some(value.span),
                    )
                    .with_help("add at least one statement")
                    .with_url(urls::STATEMENT),
                );
                return None;
            }
            Value::Array(items) => items.iter().collect(),
            _ => {
                self.wrong_type(
                    "`Statement`",
                    "an object or an array of objects",
                    value,
                    urls::STATEMENT,
                );
                return None;
            }
        };
        let mut statements = Vec::with_capacity(items.len());
        let mut all_ok = true;
        for (index, item) in items.into_iter().enumerate() {
            match self.statement(index, item) {
                Some(statement) => statements.push(statement),
                None => all_ok = false,
            }
        }
        all_ok.then_some(statements)
    }

    fn statement(&mut self, index: usize, value: &SpannedValue) -> Option<Statement> {
        let errors_before = self.error_count();
        let Some(members) = value.value.as_object() else {
            self.wrong_type("each statement", "an object", value, urls::STATEMENT);
            return None;
        };
        self.check_keys(members, &STATEMENT_KEYS, Place::Statement);

        let sid = member(members, "Sid").and_then(|m| self.string(&m.value, "`Sid`", urls::SID));
        if let Some(sid) = &sid {
            self.note_sid(sid);
        }
        let effect = match member(members, "Effect") {
            Some(m) => self.effect(&m.value),
            None => {
                self.push(
                    Diagnostic::error(
                        codes::MISSING_EFFECT,
                        "the statement has no `Effect`".to_string(),
                        Some(value.span),
                    )
                    .with_help("add `\"Effect\": \"Allow\"` or `\"Effect\": \"Deny\"`")
                    .with_url(urls::EFFECT),
                );
                None
            }
        };

        let action = match self.pair(members, "Action", "NotAction", urls::ACTION) {
            Some((negated, m)) => self.actions(m, negated).map(Some),
            None => {
                self.push(
                    Diagnostic::error(
                        codes::MISSING_ACTION,
                        "the statement has neither `Action` nor `NotAction`".to_string(),
                        Some(value.span),
                    )
                    .with_help("add `\"Action\": \"service:ActionName\"` (or `NotAction`)")
                    .with_url(urls::ACTION),
                );
                None
            }
        };

        let resource = match self.pair(members, "Resource", "NotResource", urls::RESOURCE) {
            Some((negated, m)) => {
                if self.kind == PolicyKind::Trust {
                    self.push(
                        Diagnostic::error(
                            codes::RESOURCE_IN_TRUST_POLICY,
                            format!("`{}` in a role trust policy", m.key),
                            Some(m.key_span),
                        )
                        .with_severity(Severity::Warning)
                        .with_help("IAM rejects this (\"MalformedPolicyDocument: Has prohibited field Resource\"): a trust policy's resource is the role itself; remove it")
                        .with_url(urls::RESOURCE),
                    );
                }
                self.resources(m, negated).map(Some)
            }
            // reference_policies_elements_resource.md: "Statements must include either a `Resource` or a
            // `NotResource` element." Role trust policies are the exception: their resource is the role.
            None if self.kind == PolicyKind::Trust => Some(None),
            // The same page requires `Resource`, yet AWS's own SNS topic policy example omits it
            // (reference_policies_variables.md, "Condition element"); such a statement covers the resource the
            // policy is attached to. Warn, so documented examples still evaluate.
            None if self.kind == PolicyKind::Resource => {
                self.push(
                    Diagnostic::error(
                        codes::MISSING_RESOURCE,
                        "the statement has neither `Resource` nor `NotResource`".to_string(),
                        Some(value.span),
                    )
                    .with_severity(Severity::Warning)
                    .with_help("here it covers the resource the policy is attached to, but most services reject a statement without `Resource`: name the resource ARN")
                    .with_url(urls::RESOURCE),
                );
                Some(None)
            }
            None => {
                self.push(
                    Diagnostic::error(
                        codes::MISSING_RESOURCE,
                        "the statement has neither `Resource` nor `NotResource`".to_string(),
                        Some(value.span),
                    )
                    .with_help(format!(
                        "statements in {} need `\"Resource\": \"arn:...\"` (or `\"*\"`)",
                        kind_name(self.kind)
                    ))
                    .with_url(urls::RESOURCE),
                );
                None
            }
        };

        let principal = self.statement_principal(members, value.span);
        let conditions = match member(members, "Condition") {
            Some(m) => self.conditions(&m.value),
            None => Some(Vec::new()),
        };

        if self.error_count() > errors_before {
            return None;
        }
        Some(Statement {
            index,
            sid,
            effect: effect?,
            action: action?,
            resource: resource?,
            principal: principal?,
            conditions: conditions?,
            span: value.span,
        })
    }

    fn note_sid(&mut self, sid: &Spanned<String>) {
        if let Some(first) = self.sids.get(&sid.value).copied() {
            let mut diagnostic = Diagnostic::error(
                codes::DUPLICATE_SID,
                format!("two statements have the `Sid` `{}`", sid.value),
                Some(sid.span),
            )
            .with_severity(Severity::Warning)
            .with_help("give each statement its own `Sid`; IAM policies reject repeats")
            .with_url(urls::SID);
            diagnostic.related.push(Related {
                message: "first used here".into(),
                span: first,
            });
            self.push(diagnostic);
        } else {
            self.sids.insert(sid.value.clone(), sid.span);
        }
    }

    /// The one of `positive`/`negative` the statement has (`true` for the negative); reports both.
    fn pair<'v>(
        &mut self,
        members: &'v [Member],
        positive: &str,
        negative: &str,
        url: &'static str,
    ) -> Option<(bool, &'v Member)> {
        let plus = member(members, positive);
        let minus = member(members, negative);
        match (plus, minus) {
            (Some(p), Some(n)) => {
                let (first, second) = if p.key_span.start <= n.key_span.start {
                    (p, n)
                } else {
                    (n, p)
                };
                let mut diagnostic = Diagnostic::error(
                    codes::CONFLICTING_ELEMENTS,
                    format!("a statement cannot have both `{positive}` and `{negative}`"),
                    Some(second.key_span),
                )
                .with_help(format!("keep either `{positive}` or `{negative}`"))
                .with_url(url);
                diagnostic.related.push(Related {
                    message: format!("`{}` is here", first.key),
                    span: first.key_span,
                });
                self.push(diagnostic);
                Some((first.key == negative, first))
            }
            (Some(p), None) => Some((false, p)),
            (None, Some(n)) => Some((true, n)),
            (None, None) => None,
        }
    }

    fn effect(&mut self, value: &SpannedValue) -> Option<Spanned<Effect>> {
        let text = self.string(value, "`Effect`", urls::EFFECT)?;
        // reference_policies_elements_effect.md: "Valid values for `Effect` are `Allow` and `Deny`. The
        // `Effect` value is case sensitive."
        match text.value.as_str() {
            "Allow" => Some(Spanned::new(Effect::Allow, value.span)),
            "Deny" => Some(Spanned::new(Effect::Deny, value.span)),
            other => {
                let help = match other.to_ascii_lowercase().as_str() {
                    "allow" => "`Effect` is case-sensitive: write `Allow`".to_string(),
                    "deny" => "`Effect` is case-sensitive: write `Deny`".to_string(),
                    _ => "`Effect` is `Allow` or `Deny`".to_string(),
                };
                self.push(
                    Diagnostic::error(
                        codes::INVALID_EFFECT,
                        format!("invalid `Effect` `{other}`"),
                        Some(value.span),
                    )
                    .with_help(help)
                    .with_url(urls::EFFECT),
                );
                None
            }
        }
    }

    /// A string or a non-empty array of strings (the shape of `Action`, `Resource` and principal values).
    fn strings(
        &mut self,
        value: &SpannedValue,
        what: &str,
        url: &'static str,
    ) -> Option<Vec<Spanned<String>>> {
        match &value.value {
            Value::String(text) => Some(vec![Spanned::new(text.clone(), value.span)]),
            Value::Array(items) if items.is_empty() => {
                self.push(
                    Diagnostic::error(
                        codes::EMPTY_ARRAY,
                        format!("{what} is an empty array"),
                        Some(value.span),
                    )
                    .with_help(format!("give {what} at least one value, or remove it"))
                    .with_url(url),
                );
                None
            }
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                let mut ok = true;
                for item in items {
                    match &item.value {
                        Value::String(text) => out.push(Spanned::new(text.clone(), item.span)),
                        _ => {
                            self.wrong_type(
                                &format!("each value of {what}"),
                                "a string",
                                item,
                                url,
                            );
                            ok = false;
                        }
                    }
                }
                ok.then_some(out)
            }
            _ => {
                self.wrong_type(what, "a string or an array of strings", value, url);
                None
            }
        }
    }

    fn check_wildcards(
        &mut self,
        pattern: &Spanned<String>,
        what: &str,
        url: &'static str,
    ) -> bool {
        let count = pattern
            .value
            .chars()
            .filter(|c| matches!(c, '*' | '?'))
            .count();
        if count > self.limits.max_wildcards {
            self.push(
                Diagnostic::error(
                    codes::LIMIT_EXCEEDED,
                    format!(
                        "{what} `{}` has {count} wildcards, over the limit of {} (`max_wildcards`)",
                        shorten(&pattern.value),
                        self.limits.max_wildcards
                    ),
                    Some(pattern.span),
                )
                .with_help("simplify the pattern: consecutive `*` mean the same as one")
                .with_url(url),
            );
            return false;
        }
        true
    }

    fn actions(&mut self, m: &Member, negated: bool) -> Option<ActionBlock> {
        let url = if negated {
            urls::NOT_ACTION
        } else {
            urls::ACTION
        };
        let what = format!("`{}`", m.key);
        let patterns = self.strings(&m.value, &what, url)?;
        let mut ok = true;
        for pattern in &patterns {
            ok &=
                self.check_wildcards(pattern, "the action", url) && self.check_action(pattern, url);
        }
        ok.then(|| ActionBlock {
            negated,
            patterns,
            span: m.span(),
        })
    }

    fn check_action(&mut self, pattern: &Spanned<String>, url: &'static str) -> bool {
        let text = pattern.value.as_str();
        if text == "*" {
            return true;
        }
        let problem = match text.split_once(':') {
            None => Some(format!(
                "`{}` is not an action: it has no service prefix",
                shorten(text)
            )),
            // reference_policies_elements_action.md: "The prefix and the action name are case insensitive."
            Some((service, _)) if service.contains(['*', '?']) => Some(format!(
                "the service prefix of `{}` cannot hold wildcards",
                shorten(text)
            )),
            Some((service, _))
                if service.is_empty()
                    || !service
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-') =>
            {
                Some(format!(
                    "`{service}` in `{}` is not a service prefix",
                    shorten(text)
                ))
            }
            Some((_, "")) => Some(format!(
                "`{}` has no action name after the `:`",
                shorten(text)
            )),
            Some((_, name)) if name.contains(|c: char| c == ':' || c.is_whitespace()) => {
                Some(format!("`{}` is not an action name", shorten(name)))
            }
            Some(_) => None,
        };
        let Some(message) = problem else {
            return true;
        };
        self.push(
            Diagnostic::error(codes::INVALID_ACTION, message, Some(pattern.span))
                .with_help(
                    "write actions as `service:ActionName` (e.g. `s3:GetObject`, `s3:Get*`) or `*`",
                )
                .with_url(url),
        );
        false
    }

    fn resources(&mut self, m: &Member, negated: bool) -> Option<ResourceBlock> {
        let url = if negated {
            urls::NOT_RESOURCE
        } else {
            urls::RESOURCE
        };
        let what = format!("`{}`", m.key);
        let patterns = self.strings(&m.value, &what, url)?;
        let mut ok = true;
        for pattern in &patterns {
            ok &= self.check_wildcards(pattern, "the resource", url)
                && self.check_resource(pattern, url);
        }
        ok.then(|| ResourceBlock {
            negated,
            patterns,
            span: m.span(),
        })
    }

    fn check_resource(&mut self, pattern: &Spanned<String>, url: &'static str) -> bool {
        let text = pattern.value.as_str();
        if text == "*" {
            return true;
        }
        let parts: Vec<&str> = text.splitn(6, ':').collect();
        let (message, help) = if parts.first() != Some(&"arn") {
            (
                format!(
                    "malformed arn `{}`: a resource is an ARN or `*`",
                    shorten(text)
                ),
                "write the full ARN, e.g. `arn:aws:s3:::my-bucket/*`".to_string(),
            )
        } else if parts.len() < 6 {
            (
                format!(
                    "malformed arn `{}`: an ARN has six `:`-separated parts, this has {}",
                    shorten(text),
                    parts.len()
                ),
                "ARNs read `arn:partition:service:region:account-id:resource`; keep empty parts, e.g. `arn:aws:s3:::bucket`"
                    .to_string(),
            )
        } else if parts
            .get(2)
            .is_some_and(|service| service.contains(['*', '?']))
        {
            // reference_policies_elements_resource.md, "Using wildcards in resource ARNs": "You can't use a
            // wildcard in the service segment that identifies the AWS product."
            (
                format!("the service segment of `{}` cannot hold wildcards", shorten(text)),
                "name the service (e.g. `s3`, `iam`); use `\"Resource\": \"*\"` to cover every service".to_string(),
            )
        } else {
            return true;
        };
        self.push(
            Diagnostic::error(codes::INVALID_RESOURCE, message, Some(pattern.span))
                .with_help(help)
                .with_url(url),
        );
        false
    }

    /// `Principal`/`NotPrincipal` checked against what the policy kind allows; `Some(None)` when absent and
    /// allowed.
    fn statement_principal(
        &mut self,
        members: &[Member],
        statement_span: Span,
    ) -> Option<Option<PrincipalBlock>> {
        let found = self.pair(members, "Principal", "NotPrincipal", urls::PRINCIPAL);
        let requires = self.kind.requires_principal();
        let Some((negated, m)) = found else {
            if !requires {
                return Some(None);
            }
            self.push(
                Diagnostic::error(
                    codes::MISSING_PRINCIPAL,
                    format!("the statement has no `Principal`, which {} needs", kind_name(self.kind)),
                    Some(statement_span),
                )
                .with_help(if self.kind == PolicyKind::Rcp {
                    "add `\"Principal\": \"*\"` (RCP statements always name every principal)"
                } else {
                    "add `\"Principal\": {\"AWS\": \"arn:aws:iam::123456789012:root\"}` naming who gets access"
                })
                .with_url(urls::PRINCIPAL),
            );
            return None;
        };
        if !requires {
            // reference_policies_elements_principal.md: "You cannot use the `Principal` element in an
            // identity-based policy."
            self.push(
                Diagnostic::error(
                    codes::PRINCIPAL_NOT_ALLOWED,
                    format!("`{}` is not allowed in {}", m.key, kind_name(self.kind)),
                    Some(m.key_span),
                )
                .with_help("the principal of an identity-based policy is the identity it is attached to; remove the element")
                .with_url(urls::PRINCIPAL),
            );
            return None;
        }
        if self.kind == PolicyKind::Rcp && (negated || m.value.value.as_str() != Some("*")) {
            self.push(
                Diagnostic::error(
                    codes::RCP_PRINCIPAL,
                    format!("`{}` in a resource control policy must be `\"Principal\": \"*\"`", m.key),
                    Some(if negated { m.key_span } else { m.value.span }),
                )
                .with_help("RCPs apply to every principal; narrow them with `Condition` (e.g. `aws:PrincipalAccount`)")
                .with_url(urls::RCP),
            );
            return None;
        }
        let url = if negated {
            urls::NOT_PRINCIPAL
        } else {
            urls::PRINCIPAL
        };
        let principals = self.principal_set(&m.value, &m.key, url)?;
        Some(Some(PrincipalBlock {
            negated,
            principals,
            span: m.span(),
        }))
    }

    fn principal_set(
        &mut self,
        value: &SpannedValue,
        element: &str,
        url: &'static str,
    ) -> Option<PrincipalSet> {
        match &value.value {
            Value::String(text) if text == "*" => Some(PrincipalSet::Wildcard),
            Value::String(text) => {
                self.push(
                    Diagnostic::error(
                        codes::INVALID_PRINCIPAL,
                        format!(
                            "`{element}` must be `\"*\"` or an object, not the string `{}`",
                            shorten(text)
                        ),
                        Some(value.span),
                    )
                    .with_help(format!(
                        "name the principal type: `\"{element}\": {{\"AWS\": \"{}\"}}`",
                        shorten(text)
                    ))
                    .with_url(url),
                );
                None
            }
            Value::Object(members) => {
                self.check_keys(members, &PRINCIPAL_KEYS, Place::Principal);
                if members.is_empty() {
                    self.push(
                        Diagnostic::error(codes::EMPTY_ARRAY, format!("`{element}` names no principal"), Some(value.span))
                            .with_help("add e.g. `\"AWS\": \"123456789012\"` or `\"Service\": \"ec2.amazonaws.com\"`")
                            .with_url(url),
                    );
                    return None;
                }
                let mut entries = Vec::new();
                let mut ok = true;
                for m in members {
                    let principal_type = match m.key.as_str() {
                        "AWS" => PrincipalType::Aws,
                        "Service" => PrincipalType::Service,
                        "Federated" => PrincipalType::Federated,
                        "CanonicalUser" => PrincipalType::CanonicalUser,
                        _ => continue, // reported by check_keys
                    };
                    if member(members, &m.key).is_some_and(|first| !std::ptr::eq(first, m)) {
                        continue; // a repeat, reported by check_keys
                    }
                    let Some(values) = self.strings(&m.value, &format!("`{}`", m.key), url) else {
                        ok = false;
                        continue;
                    };
                    for value in values {
                        ok &= self.check_principal_value(principal_type, &value, url);
                        entries.push(PrincipalEntry {
                            principal_type,
                            value,
                        });
                    }
                }
                ok.then_some(PrincipalSet::Entries(entries))
            }
            _ => {
                self.wrong_type(&format!("`{element}`"), "`\"*\"` or an object", value, url);
                None
            }
        }
    }

    fn check_principal_value(
        &mut self,
        principal_type: PrincipalType,
        value: &Spanned<String>,
        url: &'static str,
    ) -> bool {
        let text = value.value.as_str();
        let problem: Option<(&'static str, String, String)> = match principal_type {
            PrincipalType::Aws => match classify_aws_principal(text) {
                Ok(AwsPrincipal::UniqueId { id }) => {
                    self.push(
                        Diagnostic::error(
                            codes::UNIQUE_ID_PRINCIPAL,
                            format!("`{id}` is a unique principal id, not a name"),
                            Some(value.span),
                        )
                        .with_severity(Severity::Warning)
                        .with_help("IAM shows an id like this when the user or role it named was deleted; it matches no principal here. Write the ARN of the principal you mean")
                        .with_url(url),
                    );
                    None
                }
                Ok(_) => None,
                Err(PrincipalProblem::PartialWildcard) => Some((
                    codes::PARTIAL_WILDCARD_PRINCIPAL,
                    format!("`{}` uses a wildcard inside a principal", shorten(text)),
                    "wildcards cannot match part of a principal name or ARN; use `\"*\"` with a condition on `aws:PrincipalArn` (e.g. `ArnLike`)".to_string(),
                )),
                Err(PrincipalProblem::Group) => Some((
                    codes::GROUP_PRINCIPAL,
                    format!("`{}` is a group, and groups are not principals", shorten(text)),
                    "groups relate to permissions, not authentication: name the users, or attach an identity policy to the group".to_string(),
                )),
                Err(PrincipalProblem::NotAPrincipalArn(reason)) => Some((
                    codes::INVALID_PRINCIPAL,
                    format!("`{}` does not name a principal", shorten(text)),
                    reason,
                )),
                Err(PrincipalProblem::BadAccount(account)) => Some((
                    codes::INVALID_PRINCIPAL,
                    format!("`{account}` in `{}` is not a 12-digit account id", shorten(text)),
                    "AWS account ids are exactly 12 digits".to_string(),
                )),
                Err(PrincipalProblem::Malformed) => Some((
                    codes::INVALID_PRINCIPAL,
                    format!("`{}` is not an AWS principal", shorten(text)),
                    "an `AWS` principal is `*`, a 12-digit account id, or an ARN such as `arn:aws:iam::123456789012:root`, `...:user/NAME`, `...:role/NAME`, `arn:aws:sts::123456789012:assumed-role/ROLE/SESSION`".to_string(),
                )),
            },
            PrincipalType::Service => check_service_principal(text).err().map(|help| {
                (codes::INVALID_PRINCIPAL, format!("`{}` is not a service principal", shorten(text)), help)
            }),
            PrincipalType::Federated => check_federated_principal(text).err().map(|help| {
                (codes::INVALID_PRINCIPAL, format!("`{}` is not a federated principal", shorten(text)), help)
            }),
            PrincipalType::CanonicalUser => check_canonical_user(text).err().map(|help| {
                (codes::INVALID_PRINCIPAL, format!("`{}` is not a canonical user id", shorten(text)), help)
            }),
        };
        let Some((code, message, help)) = problem else {
            return true;
        };
        self.push(
            Diagnostic::error(code, message, Some(value.span))
                .with_help(help)
                .with_url(url),
        );
        false
    }

    fn conditions(&mut self, value: &SpannedValue) -> Option<Vec<ConditionClause>> {
        let Some(operators) = value.value.as_object() else {
            self.wrong_type(
                "`Condition`",
                "an object of operators",
                value,
                urls::CONDITION,
            );
            return None;
        };
        let names: Vec<&str> = operators.iter().map(|m| m.key.as_str()).collect();
        self.check_repeats(operators, &names, "the `Condition` block");
        let mut clauses = Vec::new();
        let mut ok = true;
        for op in operators {
            let operator = self.operator(op);
            let Some(keys) = op.value.value.as_object() else {
                self.wrong_type(
                    &format!("the value of `{}`", shorten(&op.key)),
                    "an object of condition keys and values",
                    &op.value,
                    urls::CONDITION,
                );
                ok = false;
                continue;
            };
            let key_names: Vec<&str> = keys.iter().map(|m| m.key.as_str()).collect();
            self.check_repeats(keys, &key_names, &format!("`{}`", shorten(&op.key)));
            for key in keys {
                if key.key.is_empty() {
                    self.push(
                        Diagnostic::error(
                            codes::EMPTY_CONDITION_KEY,
                            "empty condition key `\"\"`".to_string(),
                            Some(key.key_span),
                        )
                        .with_help("name a condition key, e.g. `aws:SourceIp`")
                        .with_url(urls::CONDITION),
                    );
                    ok = false;
                }
                let values = self.condition_values(&key.value, &key.key);
                match (operator, values) {
                    (Some(operator), Some(values)) => clauses.push(ConditionClause {
                        operator: Spanned::new(operator, op.key_span),
                        key: Spanned::new(key.key.clone(), key.key_span),
                        values,
                    }),
                    _ => ok = false,
                }
            }
            if operator.is_none() {
                ok = false;
            }
        }
        ok.then_some(clauses)
    }

    /// Duplicate keys among operators or condition keys (exact spelling; `check_keys` handles fixed key sets).
    fn check_repeats(&mut self, members: &[Member], names: &[&str], place: &str) {
        // First occurrences by name keep this linear: a hostile block can hold 100,000 keys.
        let mut first_seen: HashMap<&str, &Member> = HashMap::with_capacity(members.len());
        for (m, name) in members.iter().zip(names) {
            let Some(first) = first_seen.get(name).copied() else {
                first_seen.insert(name, m);
                continue;
            };
            let mut diagnostic = Diagnostic::error(
                codes::DUPLICATE_KEY,
                format!("`{}` appears more than once in {place}", shorten(&m.key)),
                Some(m.key_span),
            )
            .with_help("JSON keeps only one of them; merge the values into one entry")
            .with_url(urls::CONDITION);
            diagnostic.related.push(Related {
                message: "first written here".into(),
                span: first.key_span,
            });
            self.push(diagnostic);
        }
    }

    fn operator(&mut self, op: &Member) -> Option<ConditionOperator> {
        match ConditionOperator::parse(&op.key) {
            Ok(operator) => Some(operator),
            Err(OperatorNameError::NullIfExists) => {
                self.push(
                    Diagnostic::error(
                        codes::NULL_IF_EXISTS,
                        format!(
                            "`{}` is not an operator: `Null` cannot take `IfExists`",
                            op.key
                        ),
                        Some(op.key_span),
                    )
                    .with_help("`Null` already tests whether the key exists; write `Null`")
                    .with_url(urls::CONDITION_OPERATORS),
                );
                None
            }
            Err(OperatorNameError::UnknownQualifier {
                qualifier,
                suggestion,
            }) => {
                let help = match suggestion {
                    Some(fixed) => format!("did you mean `{fixed}`? the set qualifiers are `ForAllValues:` and `ForAnyValue:`"),
                    None => "the set qualifiers are `ForAllValues:` and `ForAnyValue:`".to_string(),
                };
                self.push(
                    Diagnostic::error(
                        codes::UNKNOWN_OPERATOR,
                        format!(
                            "unknown set qualifier `{}` in `{}`",
                            shorten(&qualifier),
                            shorten(&op.key)
                        ),
                        Some(op.key_span),
                    )
                    .with_help(help)
                    .with_url(urls::MULTI_VALUE),
                );
                None
            }
            Err(OperatorNameError::UnknownOperator { suggestion }) => {
                let help = match suggestion {
                    Some(fixed) if fixed.eq_ignore_ascii_case(&op.key) => {
                        format!("operator names are case-sensitive: write `{fixed}`")
                    }
                    Some(fixed) => format!("did you mean `{fixed}`?"),
                    None => "see the list of condition operators, e.g. `StringEquals`, `ArnLike`, `IpAddress`, `Bool`".to_string(),
                };
                self.push(
                    Diagnostic::error(
                        codes::UNKNOWN_OPERATOR,
                        format!("unknown condition operator `{}`", shorten(&op.key)),
                        Some(op.key_span),
                    )
                    .with_help(help)
                    .with_url(urls::CONDITION_OPERATORS),
                );
                None
            }
        }
    }

    /// A condition key's values: a string, number or boolean, or a non-empty array of them. Numbers keep their
    /// source text and booleans become `true`/`false`: to IAM, `10` and `"10"` are the same value.
    fn condition_values(
        &mut self,
        value: &SpannedValue,
        key: &str,
    ) -> Option<Vec<Spanned<String>>> {
        if let Some(single) = scalar_text(&value.value) {
            let single = Spanned::new(single, value.span);
            // The same wildcard limit as for each value of an array.
            return self
                .check_wildcards(&single, "the condition value", urls::CONDITION)
                .then(|| vec![single]);
        }
        let Some(items) = value.value.as_array() else {
            self.push(
                Diagnostic::error(
                    codes::INVALID_CONDITION_VALUE,
                    format!("the value of `{}` must be a string, number, boolean or array of them, found {}", shorten(key), value.value.type_name()),
                    Some(value.span),
                )
                .with_help("write one value, or several in an array: `[\"a\", \"b\"]`")
                .with_url(urls::CONDITION),
            );
            return None;
        };
        if items.is_empty() {
            self.push(
                Diagnostic::error(
                    codes::EMPTY_ARRAY,
                    format!("the values of `{}` are an empty array", shorten(key)),
                    Some(value.span),
                )
                .with_help("give at least one value; to test that a key is absent use `\"Null\": {\"key\": \"true\"}`")
                .with_url(urls::CONDITION),
            );
            return None;
        }
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for item in items {
            match scalar_text(&item.value) {
                Some(text) => {
                    let spanned = Spanned::new(text, item.span);
                    ok &= self.check_wildcards(&spanned, "the condition value", urls::CONDITION);
                    out.push(spanned);
                }
                None => {
                    self.push(
                        Diagnostic::error(
                            codes::INVALID_CONDITION_VALUE,
                            format!(
                                "each value of `{}` must be a string, number or boolean, found {}",
                                shorten(key),
                                item.value.type_name()
                            ),
                            Some(item.span),
                        )
                        .with_help("condition values are flat: strings, numbers or booleans")
                        .with_url(urls::CONDITION),
                    );
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(text) => Some(text.clone()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Long inputs are cut in messages so one pasted megabyte does not end up in every diagnostic.
fn shorten(text: &str) -> String {
    const MAX: usize = 80;
    if text.chars().count() <= MAX {
        return text.to_string();
    }
    let cut: String = text.chars().take(MAX).collect();
    format!("{cut}...")
}

fn list(keys: &[&str]) -> String {
    keys.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use crate::policy::model::{BaseOperator, SetQualifier};

    fn parse(text: &str, kind: PolicyKind) -> ParsedPolicy {
        let parsed = parse_policy(text, kind);
        for diagnostic in &parsed.diagnostics {
            assert!(diagnostic.help.is_some(), "no help: {diagnostic:?}");
            assert!(diagnostic.span.is_some(), "no span: {diagnostic:?}");
            let first = diagnostic.message.chars().next().unwrap_or('x');
            assert!(
                !first.is_uppercase(),
                "message not lowercase: {}",
                diagnostic.message
            );
        }
        assert_eq!(
            parsed.policy.is_some(),
            !parsed.diagnostics.iter().any(Diagnostic::is_error)
        );
        parsed
    }

    fn ok(text: &str, kind: PolicyKind) -> Policy {
        let parsed = parse(text, kind);
        match parsed.policy {
            Some(policy) => policy,
            None => panic!("{text}: {:#?}", parsed.diagnostics),
        }
    }

    fn codes_of(text: &str, kind: PolicyKind) -> Vec<&'static str> {
        parse(text, kind)
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect()
    }

    fn only(text: &str, kind: PolicyKind) -> Diagnostic {
        let mut diagnostics = parse(text, kind).diagnostics;
        assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
        diagnostics.remove(0)
    }

    /// The source text a span covers.
    fn cut(text: &str, span: Option<Span>) -> &str {
        let span = span.unwrap_or_default();
        &text[span.start.offset as usize..span.end.offset as usize]
    }

    fn identity(statement: &str) -> String {
        format!(r#"{{"Version": "2012-10-17", "Statement": [{statement}]}}"#)
    }

    const ALLOW_S3: &str = r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}"#;

    #[test]
    fn a_full_identity_policy() {
        let text = r#"{
  "Version": "2012-10-17",
  "Id": "policy-1",
  "Statement": [
    {"Sid": "Read", "Effect": "Allow", "Action": ["s3:Get*", "s3:List*"], "Resource": "arn:aws:s3:::b/*"},
    {"Effect": "Deny", "NotAction": "iam:*", "NotResource": ["arn:aws:iam::123456789012:role/x"],
     "Condition": {"Bool": {"aws:MultiFactorAuthPresent": false}, "NumericLessThan": {"s3:max-keys": [10, "20"]}}}
  ]
}"#;
        let policy = ok(text, PolicyKind::Identity);
        assert_eq!(policy.version, PolicyVersion::V2012_10_17);
        assert_eq!(
            policy.id.as_ref().map(|id| id.value.as_str()),
            Some("policy-1")
        );
        assert_eq!(policy.span.start.offset, 0);
        assert_eq!(policy.span.end.offset as usize, text.len());
        assert_eq!(policy.statements.len(), 2);

        let read = &policy.statements[0];
        assert_eq!(read.index, 0);
        assert_eq!(read.sid.as_ref().map(|s| s.value.as_str()), Some("Read"));
        assert_eq!(read.effect.value, Effect::Allow);
        assert_eq!(cut(text, Some(read.effect.span)), "\"Allow\"");
        let action = read.action.as_ref().unwrap();
        assert!(!action.negated);
        assert_eq!(
            action
                .patterns
                .iter()
                .map(|p| p.value.as_str())
                .collect::<Vec<_>>(),
            ["s3:Get*", "s3:List*"]
        );
        assert_eq!(cut(text, Some(action.patterns[1].span)), "\"s3:List*\"");
        assert_eq!(
            cut(text, Some(action.span)),
            r#""Action": ["s3:Get*", "s3:List*"]"#
        );
        assert!(cut(text, Some(read.span)).starts_with("{\"Sid\": \"Read\""));
        assert!(read.principal.is_none());
        assert!(read.conditions.is_empty());

        let deny = &policy.statements[1];
        assert_eq!(deny.index, 1);
        assert_eq!(deny.effect.value, Effect::Deny);
        assert!(deny.action.as_ref().unwrap().negated);
        assert!(deny.resource.as_ref().unwrap().negated);
        assert_eq!(deny.conditions.len(), 2);
        let bool_clause = &deny.conditions[0];
        assert_eq!(bool_clause.operator.value.base, BaseOperator::Bool);
        assert_eq!(cut(text, Some(bool_clause.operator.span)), "\"Bool\"");
        assert_eq!(bool_clause.key.value, "aws:MultiFactorAuthPresent");
        assert_eq!(bool_clause.values[0].value, "false");
        let numeric = &deny.conditions[1];
        assert_eq!(
            numeric
                .values
                .iter()
                .map(|v| v.value.as_str())
                .collect::<Vec<_>>(),
            ["10", "20"]
        );
        assert_eq!(cut(text, Some(numeric.values[0].span)), "10");
    }

    #[test]
    fn statement_may_be_a_single_object_and_version_may_be_missing() {
        let policy = ok(
            &format!(r#"{{"Statement": {ALLOW_S3}}}"#),
            PolicyKind::Identity,
        );
        assert_eq!(policy.version, PolicyVersion::Missing);
        assert_eq!(policy.statements.len(), 1);
        let old = ok(
            &format!(r#"{{"Version": "2008-10-17", "Statement": {ALLOW_S3}}}"#),
            PolicyKind::Identity,
        );
        assert_eq!(old.version, PolicyVersion::V2008_10_17);
    }

    #[test]
    fn json_errors_come_through() {
        assert_eq!(codes_of("{\"Version\": ", PolicyKind::Identity), ["E0104"]);
    }

    #[test]
    fn top_level_errors() {
        assert_eq!(codes_of("[]", PolicyKind::Identity), [codes::NOT_AN_OBJECT]);
        let e = only(
            r#"{"Version": "2012-10-18", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#,
            PolicyKind::Identity,
        );
        assert_eq!(e.code, codes::UNKNOWN_VERSION);
        assert_eq!(e.message, "unknown policy language version `2012-10-18`");
        assert_eq!(e.url, Some(urls::VERSION));
        let number = only(
            &format!(r#"{{"Version": 2012, "Statement": {ALLOW_S3}}}"#),
            PolicyKind::Identity,
        );
        assert_eq!(number.code, codes::WRONG_TYPE);
        assert_eq!(number.message, "`Version` must be a string, found number");
        assert_eq!(
            codes_of(r#"{"Version": "2012-10-17"}"#, PolicyKind::Identity),
            [codes::MISSING_STATEMENT]
        );
        assert_eq!(
            codes_of(r#"{"Statement": []}"#, PolicyKind::Identity),
            [codes::EMPTY_ARRAY]
        );
        assert_eq!(
            codes_of(r#"{"Statement": "x"}"#, PolicyKind::Identity),
            [codes::WRONG_TYPE]
        );
        assert_eq!(
            codes_of(r#"{"Statement": [1]}"#, PolicyKind::Identity),
            [codes::WRONG_TYPE]
        );
        assert_eq!(
            codes_of(
                &format!(r#"{{"Id": 5, "Statement": {ALLOW_S3}}}"#),
                PolicyKind::Identity
            ),
            [codes::WRONG_TYPE]
        );
    }

    #[test]
    fn unknown_top_level_keys_name_the_key_and_suggest() {
        let text = format!(r#"{{"Version": "2012-10-17", "Statements": [{ALLOW_S3}]}}"#);
        let diagnostics = parse(&text, PolicyKind::Identity).diagnostics;
        let codes: Vec<_> = diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            [codes::UNKNOWN_KEY, codes::MISSING_STATEMENT],
            "both reported at once"
        );
        let unknown = &diagnostics[0];
        assert_eq!(
            unknown.message,
            "unknown key `Statements` at the top level of a policy"
        );
        assert_eq!(unknown.help.as_deref(), Some("did you mean `Statement`?"));
        assert_eq!(cut(&text, unknown.span), "\"Statements\"");
        let misplaced = only(
            &format!(r#"{{"Effect": "Allow", "Statement": {ALLOW_S3}}}"#),
            PolicyKind::Identity,
        );
        assert!(misplaced
            .help
            .unwrap_or_default()
            .contains("inside a statement"));
        let case = only(
            &format!(r#"{{"version": "2012-10-17", "Statement": {ALLOW_S3}}}"#),
            PolicyKind::Identity,
        );
        assert_eq!(
            case.help.as_deref(),
            Some("element names are case-sensitive: write `Version`")
        );
    }

    #[test]
    fn every_statement_error_is_reported_at_once() {
        let text = identity(
            r#"{"effect": "allow", "Action": 5, "Resource": "bucket/*"}, {"Effect": "Permit", "Action": "s3", "Resource": "*", "Principal": "*"}"#,
        );
        let codes = codes_of(&text, PolicyKind::Identity);
        assert_eq!(
            codes,
            [
                codes::UNKNOWN_KEY,
                codes::MISSING_EFFECT,
                codes::WRONG_TYPE,
                codes::INVALID_RESOURCE,
                codes::INVALID_EFFECT,
                codes::INVALID_ACTION,
                codes::PRINCIPAL_NOT_ALLOWED,
            ]
        );
    }

    #[test]
    fn effect_is_case_sensitive() {
        let text = identity(r#"{"Effect": "allow", "Action": "s3:GetObject", "Resource": "*"}"#);
        let e = only(&text, PolicyKind::Identity);
        assert_eq!(e.code, codes::INVALID_EFFECT);
        assert_eq!(e.message, "invalid `Effect` `allow`");
        assert_eq!(
            e.help.as_deref(),
            Some("`Effect` is case-sensitive: write `Allow`")
        );
        assert_eq!(cut(&text, e.span), "\"allow\"");
        assert_eq!(e.url, Some(urls::EFFECT));
        let missing = only(
            &identity(r#"{"Action": "s3:GetObject", "Resource": "*"}"#),
            PolicyKind::Identity,
        );
        assert_eq!(missing.code, codes::MISSING_EFFECT);
    }

    #[test]
    fn action_and_not_action() {
        let text = identity(
            r#"{"Effect": "Allow", "Action": "s3:*", "NotAction": "iam:*", "Resource": "*"}"#,
        );
        let e = only(&text, PolicyKind::Identity);
        assert_eq!(e.code, codes::CONFLICTING_ELEMENTS);
        assert_eq!(
            e.message,
            "a statement cannot have both `Action` and `NotAction`"
        );
        assert_eq!(cut(&text, e.span), "\"NotAction\"");
        assert_eq!(cut(&text, Some(e.related[0].span)), "\"Action\"");
        let neither = only(
            &identity(r#"{"Effect": "Allow", "Resource": "*"}"#),
            PolicyKind::Identity,
        );
        assert_eq!(neither.code, codes::MISSING_ACTION);
        let both = only(
            &identity(r#"{"Effect": "Allow", "Action": "*", "Resource": "*", "NotResource": "*"}"#),
            PolicyKind::Identity,
        );
        assert_eq!(both.code, codes::CONFLICTING_ELEMENTS);
    }

    #[test]
    fn action_patterns() {
        for good in [
            "*",
            "s3:GetObject",
            "s3:Get*",
            "S3:getobject",
            "iam:*",
            "ec2:Describe?nstances",
            "s3-object-lambda:*",
        ] {
            ok(
                &identity(&format!(
                    r#"{{"Effect": "Allow", "Action": "{good}", "Resource": "*"}}"#
                )),
                PolicyKind::Identity,
            );
        }
        for bad in [
            "s3",
            "s3:",
            ":GetObject",
            "*:GetObject",
            "s3 :GetObject",
            "s3:Get Object",
            "s3:a:b",
            "s_3:Get",
        ] {
            let e = only(
                &identity(&format!(
                    r#"{{"Effect": "Allow", "Action": "{bad}", "Resource": "*"}}"#
                )),
                PolicyKind::Identity,
            );
            assert_eq!(e.code, codes::INVALID_ACTION, "{bad}");
        }
        assert_eq!(
            codes_of(
                &identity(r#"{"Effect": "Allow", "Action": [], "Resource": "*"}"#),
                PolicyKind::Identity
            ),
            [codes::EMPTY_ARRAY]
        );
        let item = only(
            &identity(r#"{"Effect": "Allow", "Action": ["s3:Get*", 7], "Resource": "*"}"#),
            PolicyKind::Identity,
        );
        assert_eq!(item.code, codes::WRONG_TYPE);
        assert_eq!(
            item.message,
            "each value of `Action` must be a string, found number"
        );
        let object = only(
            &identity(r#"{"Effect": "Allow", "Action": {}, "Resource": "*"}"#),
            PolicyKind::Identity,
        );
        assert_eq!(
            object.message,
            "`Action` must be a string or an array of strings, found object"
        );
    }

    #[test]
    fn resource_patterns() {
        for good in [
            "*",
            "arn:aws:s3:::bucket",
            "arn:aws:s3:::bucket/*",
            "arn:aws:iam::123456789012:user/${aws:username}",
            "arn:*:ec2:*:*:instance/*",
            "arn:aws:logs:us-east-1:1:log-group:g:*",
        ] {
            ok(
                &identity(&format!(
                    r#"{{"Effect": "Allow", "Action": "*", "Resource": "{good}"}}"#
                )),
                PolicyKind::Identity,
            );
        }
        for bad in [
            "bucket",
            "arn:aws:s3::bucket",
            "arn:aws",
            "*bucket",
            "arn:aws:s3*:::bucket",
            "arn:aws:*:::x",
            "ARN:aws:s3:::b",
        ] {
            let e = only(
                &identity(&format!(
                    r#"{{"Effect": "Allow", "Action": "*", "Resource": "{bad}"}}"#
                )),
                PolicyKind::Identity,
            );
            assert_eq!(e.code, codes::INVALID_RESOURCE, "{bad}");
            assert!(e.message.contains(bad), "{}", e.message);
        }
        let e = only(
            &identity(r#"{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3::b"}"#),
            PolicyKind::Identity,
        );
        assert_eq!(
            e.message,
            "malformed arn `arn:aws:s3::b`: an ARN has six `:`-separated parts, this has 5"
        );
    }

    #[test]
    fn resource_requirements_by_kind() {
        let no_resource = r#"{"Effect": "Allow", "Action": "s3:*", "Principal": "*"}"#;
        let text = identity(no_resource);
        assert_eq!(
            codes_of(&text, PolicyKind::Resource),
            [codes::MISSING_RESOURCE]
        );
        assert_eq!(codes_of(&text, PolicyKind::Rcp), [codes::MISSING_RESOURCE]);
        let trust = ok(
            &identity(
                r#"{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "ec2.amazonaws.com"}}"#,
            ),
            PolicyKind::Trust,
        );
        assert!(trust.statements[0].resource.is_none());
        let with_resource = parse(
            &identity(
                r#"{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "123456789012"}, "Resource": "*"}"#,
            ),
            PolicyKind::Trust,
        );
        assert!(with_resource.policy.is_some(), "a warning does not block");
        assert_eq!(
            with_resource.diagnostics[0].code,
            codes::RESOURCE_IN_TRUST_POLICY
        );
        assert_eq!(with_resource.diagnostics[0].severity, Severity::Warning);
        for kind in [
            PolicyKind::Identity,
            PolicyKind::Boundary,
            PolicyKind::Session,
            PolicyKind::Scp,
        ] {
            assert_eq!(
                codes_of(&identity(r#"{"Effect": "Allow", "Action": "s3:*"}"#), kind),
                [codes::MISSING_RESOURCE]
            );
        }
    }

    #[test]
    fn principal_requirements_by_kind() {
        let with_principal = identity(
            r#"{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Principal": {"AWS": "123456789012"}}"#,
        );
        for kind in [
            PolicyKind::Identity,
            PolicyKind::Boundary,
            PolicyKind::Session,
            PolicyKind::Scp,
        ] {
            let e = only(&with_principal, kind);
            assert_eq!(e.code, codes::PRINCIPAL_NOT_ALLOWED, "{kind:?}");
            assert_eq!(cut(&with_principal, e.span), "\"Principal\"");
        }
        assert!(only(&with_principal, PolicyKind::Identity)
            .message
            .contains("identity-based policy"));
        let without = identity(r#"{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}"#);
        for kind in [PolicyKind::Resource, PolicyKind::Rcp] {
            assert_eq!(
                codes_of(&without, kind),
                [codes::MISSING_PRINCIPAL],
                "{kind:?}"
            );
        }
        let trust_without = identity(r#"{"Effect": "Allow", "Action": "sts:AssumeRole"}"#);
        assert_eq!(
            codes_of(&trust_without, PolicyKind::Trust),
            [codes::MISSING_PRINCIPAL]
        );
        let both = identity(
            r#"{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Principal": "*", "NotPrincipal": {"AWS": "123456789012"}}"#,
        );
        assert_eq!(
            codes_of(&both, PolicyKind::Resource),
            [codes::CONFLICTING_ELEMENTS]
        );
        let not_principal = ok(
            &identity(
                r#"{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "NotPrincipal": {"AWS": "123456789012"}}"#,
            ),
            PolicyKind::Resource,
        );
        assert!(
            not_principal.statements[0]
                .principal
                .as_ref()
                .unwrap()
                .negated
        );
    }

    #[test]
    fn rcp_principal_must_be_star() {
        let star =
            identity(r#"{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Principal": "*"}"#);
        assert_eq!(
            ok(&star, PolicyKind::Rcp).statements[0]
                .principal
                .as_ref()
                .unwrap()
                .principals,
            PrincipalSet::Wildcard
        );
        let named = identity(
            r#"{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Principal": {"AWS": "123456789012"}}"#,
        );
        let e = only(&named, PolicyKind::Rcp);
        assert_eq!(e.code, codes::RCP_PRINCIPAL);
        assert_eq!(cut(&named, e.span), r#"{"AWS": "123456789012"}"#);
        let not = identity(
            r#"{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "NotPrincipal": "*"}"#,
        );
        assert_eq!(codes_of(&not, PolicyKind::Rcp), [codes::RCP_PRINCIPAL]);
    }

    fn resource_policy(principal: &str) -> String {
        identity(&format!(
            r#"{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Principal": {principal}}}"#
        ))
    }

    #[test]
    fn principal_forms() {
        let policy = ok(&resource_policy(r#""*""#), PolicyKind::Resource);
        assert_eq!(
            policy.statements[0].principal.as_ref().unwrap().principals,
            PrincipalSet::Wildcard
        );
        let text = resource_policy(
            r#"{"AWS": ["*", "123456789012", "arn:aws:iam::123456789012:root", "arn:aws:iam::123456789012:user/path/Bob",
                "arn:aws:iam::123456789012:role/admin", "arn:aws:sts::123456789012:assumed-role/admin/alice",
                "arn:aws:sts::123456789012:federated-user/carol"],
               "Service": "ec2.amazonaws.com",
               "Federated": ["arn:aws:iam::123456789012:saml-provider/okta", "accounts.google.com"],
               "CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}"#,
        );
        let policy = ok(&text, PolicyKind::Resource);
        let block = policy.statements[0].principal.as_ref().unwrap();
        let PrincipalSet::Entries(entries) = &block.principals else {
            panic!("entries")
        };
        let types: Vec<_> = entries.iter().map(|e| e.principal_type).collect();
        assert_eq!(types.len(), 11);
        assert_eq!(types[..7], [PrincipalType::Aws; 7]);
        assert_eq!(
            types[7..],
            [
                PrincipalType::Service,
                PrincipalType::Federated,
                PrincipalType::Federated,
                PrincipalType::CanonicalUser
            ]
        );
        assert_eq!(
            entries[3].value.value,
            "arn:aws:iam::123456789012:user/path/Bob"
        );
        assert_eq!(cut(&text, Some(entries[1].value.span)), "\"123456789012\"");
        assert!(cut(&text, Some(block.span)).starts_with("\"Principal\": {"));
    }

    #[test]
    fn bad_principals() {
        let partial = only(
            &resource_policy(r#"{"AWS": "arn:aws:iam::123456789012:user/*"}"#),
            PolicyKind::Resource,
        );
        assert_eq!(partial.code, codes::PARTIAL_WILDCARD_PRINCIPAL);
        assert!(partial
            .help
            .unwrap_or_default()
            .contains("aws:PrincipalArn"));
        let group = only(
            &resource_policy(r#"{"AWS": "arn:aws:iam::123456789012:group/devs"}"#),
            PolicyKind::Resource,
        );
        assert_eq!(group.code, codes::GROUP_PRINCIPAL);
        assert!(group.message.contains("groups are not principals"));
        let bare = only(&resource_policy(r#""123456789012""#), PolicyKind::Resource);
        assert_eq!(bare.code, codes::INVALID_PRINCIPAL);
        assert_eq!(
            bare.help.as_deref(),
            Some(r#"name the principal type: `"Principal": {"AWS": "123456789012"}`"#)
        );
        let key = only(
            &resource_policy(r#"{"Aws": "123456789012"}"#),
            PolicyKind::Resource,
        );
        assert_eq!(key.code, codes::UNKNOWN_KEY);
        assert_eq!(
            key.help.as_deref(),
            Some("element names are case-sensitive: write `AWS`")
        );
        assert_eq!(
            codes_of(&resource_policy("{}"), PolicyKind::Resource),
            [codes::EMPTY_ARRAY]
        );
        assert_eq!(
            codes_of(&resource_policy("5"), PolicyKind::Resource),
            [codes::WRONG_TYPE]
        );
        assert_eq!(
            codes_of(&resource_policy(r#"{"AWS": []}"#), PolicyKind::Resource),
            [codes::EMPTY_ARRAY]
        );
        assert_eq!(
            codes_of(
                &resource_policy(
                    r#"{"AWS": ["bob", "arn:aws:s3:::b"], "Service": "*", "CanonicalUser": "x"}"#
                ),
                PolicyKind::Resource
            ),
            [
                codes::INVALID_PRINCIPAL,
                codes::INVALID_PRINCIPAL,
                codes::INVALID_PRINCIPAL,
                codes::INVALID_PRINCIPAL
            ]
        );
        assert_eq!(
            codes_of(
                &resource_policy(r#"{"AWS": "1", "AWS": "2"}"#),
                PolicyKind::Resource
            ),
            [codes::DUPLICATE_KEY, codes::INVALID_PRINCIPAL]
        );
        let unique = parse(
            &resource_policy(r#"{"AWS": "AROAEXAMPLEID1234567"}"#),
            PolicyKind::Resource,
        );
        assert!(unique.policy.is_some());
        assert_eq!(unique.diagnostics[0].code, codes::UNIQUE_ID_PRINCIPAL);
    }

    fn with_condition(condition: &str) -> String {
        identity(&format!(
            r#"{{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {condition}}}"#
        ))
    }

    #[test]
    fn condition_operators_are_parsed() {
        let policy = ok(
            &with_condition(
                r#"{"ForAnyValue:StringLikeIfExists": {"aws:TagKeys": ["a*", "b"]}, "Null": {"aws:TokenIssueTime": true}, "DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z", "aws:EpochTime": 1577836800}}"#,
            ),
            PolicyKind::Identity,
        );
        let clauses = &policy.statements[0].conditions;
        assert_eq!(clauses.len(), 4);
        assert_eq!(
            clauses[0].operator.value,
            ConditionOperator {
                qualifier: Some(SetQualifier::ForAnyValue),
                base: BaseOperator::StringLike,
                if_exists: true
            }
        );
        assert_eq!(clauses[1].operator.value.base, BaseOperator::Null);
        assert_eq!(clauses[1].values[0].value, "true");
        assert_eq!(clauses[2].key.value, "aws:CurrentTime");
        assert_eq!(clauses[3].key.value, "aws:EpochTime");
        assert_eq!(clauses[3].values[0].value, "1577836800");
        assert_eq!(
            clauses[2].operator.span, clauses[3].operator.span,
            "keys of one operator share its span"
        );
    }

    #[test]
    fn condition_errors() {
        let text = with_condition(r#"{"StringEqual": {"aws:username": "bob"}}"#);
        let e = only(&text, PolicyKind::Identity);
        assert_eq!(e.code, codes::UNKNOWN_OPERATOR);
        assert_eq!(e.message, "unknown condition operator `StringEqual`");
        assert_eq!(e.help.as_deref(), Some("did you mean `StringEquals`?"));
        assert_eq!(cut(&text, e.span), "\"StringEqual\"");
        let case = only(
            &with_condition(r#"{"stringequals": {"k": "v"}}"#),
            PolicyKind::Identity,
        );
        assert_eq!(
            case.help.as_deref(),
            Some("operator names are case-sensitive: write `StringEquals`")
        );
        let qualifier = only(
            &with_condition(r#"{"ForAllValue:StringEquals": {"k": "v"}}"#),
            PolicyKind::Identity,
        );
        assert_eq!(qualifier.code, codes::UNKNOWN_OPERATOR);
        assert!(qualifier
            .help
            .unwrap_or_default()
            .contains("`ForAllValues:StringEquals`"));
        assert_eq!(
            codes_of(
                &with_condition(r#"{"NullIfExists": {"k": "true"}}"#),
                PolicyKind::Identity
            ),
            [codes::NULL_IF_EXISTS]
        );
        assert_eq!(
            codes_of(
                &with_condition(r#"{"StringEquals": {"k": []}}"#),
                PolicyKind::Identity
            ),
            [codes::EMPTY_ARRAY]
        );
        assert_eq!(
            codes_of(
                &with_condition(r#"{"StringEquals": {"k": null}}"#),
                PolicyKind::Identity
            ),
            [codes::INVALID_CONDITION_VALUE]
        );
        assert_eq!(
            codes_of(
                &with_condition(r#"{"StringEquals": {"k": ["a", {}]}}"#),
                PolicyKind::Identity
            ),
            [codes::INVALID_CONDITION_VALUE]
        );
        assert_eq!(
            codes_of(
                &with_condition(r#"{"StringEquals": "k"}"#),
                PolicyKind::Identity
            ),
            [codes::WRONG_TYPE]
        );
        assert_eq!(
            codes_of(&with_condition(r#"["StringEquals"]"#), PolicyKind::Identity),
            [codes::WRONG_TYPE]
        );
        assert_eq!(
            codes_of(
                &with_condition(r#"{"StringEquals": {"": "v"}}"#),
                PolicyKind::Identity
            ),
            [codes::EMPTY_CONDITION_KEY]
        );
        assert_eq!(
            codes_of(
                &with_condition(
                    r#"{"StringEquals": {"k": "a", "k": "b"}, "Bool": {"x": "true"}, "Bool": {"y": "true"}}"#
                ),
                PolicyKind::Identity
            ),
            [codes::DUPLICATE_KEY, codes::DUPLICATE_KEY]
        );
        assert!(
            ok(&with_condition("{}"), PolicyKind::Identity).statements[0]
                .conditions
                .is_empty()
        );
        // Every bad operator in one block is reported.
        assert_eq!(
            codes_of(
                &with_condition(r#"{"Foo": {"k": "v"}, "Bar": {"k": "v"}}"#),
                PolicyKind::Identity
            ),
            [codes::UNKNOWN_OPERATOR, codes::UNKNOWN_OPERATOR]
        );
    }

    #[test]
    fn duplicate_keys_and_sids() {
        let text =
            identity(r#"{"Effect": "Allow", "Effect": "Deny", "Action": "*", "Resource": "*"}"#);
        let e = only(&text, PolicyKind::Identity);
        assert_eq!(e.code, codes::DUPLICATE_KEY);
        assert_eq!(
            e.span.unwrap().start.offset as usize,
            text.find("\"Effect\": \"Deny\"").unwrap()
        );
        assert_eq!(e.related.len(), 1);
        let sids = parse(
            &identity(
                r#"{"Sid": "A", "Effect": "Allow", "Action": "*", "Resource": "*"}, {"Sid": "A", "Effect": "Deny", "Action": "*", "Resource": "*"}"#,
            ),
            PolicyKind::Identity,
        );
        assert!(sids.policy.is_some());
        assert_eq!(sids.diagnostics.len(), 1);
        assert_eq!(sids.diagnostics[0].code, codes::DUPLICATE_SID);
        assert_eq!(sids.diagnostics[0].severity, Severity::Warning);
    }

    #[test]
    fn limits_name_themselves() {
        let limits = PolicyLimits { max_wildcards: 4 };
        let run = |text: &str| {
            let value = crate::json::parse(text, &crate::json::Limits::default()).unwrap();
            parse_policy_value_with_limits(&value, PolicyKind::Identity, &limits).diagnostics
        };
        let wild = run(&identity(
            r#"{"Effect": "Allow", "Action": "s3:*?*?*", "Resource": "*"}"#,
        ));
        assert_eq!(wild[0].code, codes::LIMIT_EXCEEDED);
        assert!(wild[0].message.contains("`max_wildcards`"));
        let condition = run(&with_condition(r#"{"StringLike": {"k": "a*b*c*d*e*"}}"#));
        assert!(condition[0].message.contains("`max_wildcards`"));
        // No count limits: many statements and many values are fine.
        assert!(run(&identity(&[ALLOW_S3; 3000].join(","))).is_empty());
        let actions: Vec<String> = (0..3000).map(|i| format!("\"s3:Action{i}\"")).collect();
        assert!(run(&identity(&format!(
            r#"{{"Effect": "Allow", "Action": [{}], "Resource": "*"}}"#,
            actions.join(",")
        )))
        .is_empty());
    }

    #[test]
    fn long_inputs_are_shortened_in_messages() {
        let long = "x".repeat(10_000);
        let e = only(
            &identity(&format!(
                r#"{{"Effect": "Allow", "Action": "{long}", "Resource": "*"}}"#
            )),
            PolicyKind::Identity,
        );
        assert!(e.message.len() < 200, "{}", e.message.len());
    }
}

#[cfg(test)]
mod proptests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use proptest::prelude::*;

    /// JSON text built from policy-shaped keys and values, so the generator reaches deep into the parser.
    fn policy_like() -> impl Strategy<Value = String> {
        let key = prop::sample::select(vec![
            "Version",
            "Id",
            "Statement",
            "Sid",
            "Effect",
            "Action",
            "NotAction",
            "Resource",
            "NotResource",
            "Principal",
            "NotPrincipal",
            "Condition",
            "AWS",
            "Service",
            "Federated",
            "CanonicalUser",
            "StringEquals",
            "ForAnyValue:StringLike",
            "NullIfExists",
            "aws:username",
            "x",
        ]);
        let leaf = prop_oneof![
            Just("null".to_string()),
            Just("true".to_string()),
            Just("12".to_string()),
            prop::sample::select(vec![
                "\"2012-10-17\"",
                "\"Allow\"",
                "\"Deny\"",
                "\"*\"",
                "\"s3:Get*\"",
                "\"arn:aws:s3:::b/*\"",
                "\"123456789012\"",
                "\"arn:aws:iam::123456789012:user/*\"",
                "\"ec2.amazonaws.com\"",
                "\"\"",
            ])
            .prop_map(String::from),
        ];
        leaf.prop_recursive(5, 40, 5, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4)
                    .prop_map(|items| format!("[{}]", items.join(","))),
                prop::collection::vec((key.clone(), inner), 0..5).prop_map(|members| {
                    let members: Vec<String> = members
                        .into_iter()
                        .map(|(k, v)| format!("\"{k}\":{v}"))
                        .collect();
                    format!("{{{}}}", members.join(","))
                }),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn never_panics_and_keeps_the_contract(text in policy_like()) {
            for kind in [PolicyKind::Identity, PolicyKind::Resource, PolicyKind::Trust, PolicyKind::Rcp] {
                let parsed = parse_policy(&text, kind);
                prop_assert_eq!(parsed.policy.is_some(), !parsed.diagnostics.iter().any(Diagnostic::is_error));
                for diagnostic in &parsed.diagnostics {
                    prop_assert!(diagnostic.help.is_some());
                    let span = diagnostic.span.ok_or_else(|| TestCaseError::fail("no span"))?;
                    prop_assert!(span.end.offset as usize <= text.len());
                }
            }
        }
    }
}
