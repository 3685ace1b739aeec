//! Lint: checks on policies and scenarios that flag what AWS rejects, what does not do what it seems to, and
//! what is dangerous, each with a stable code (`L0xxx`) that can be switched off.
//!
//! Parse errors stay the parser's (`E02xx`, `E03xx`): `lint_policy` returns them alongside the findings, so a
//! `Principal` in an identity policy or an unknown condition operator surfaces here too without a second code.
//! Every check is listed in `checks()`, which also generates `docs/lint.md` and `iamplay lint --list`.

mod catalog_checks;
mod document;
mod registry;
mod scenario;
mod statements;

use std::collections::BTreeSet;

use crate::catalog::Catalog;
use crate::diagnostic::{Diagnostic, Span};
use crate::managed::ManagedPolicies;
use crate::policy::{parse_policy, Policy, PolicyKind};

pub use registry::{check, checks, docs_markdown, severity_and_url, CheckInfo, ExampleKind};
pub use scenario::{lint_scenario, lint_scenario_text, lint_scenario_text_with};

/// Stable codes of every lint finding. Groups: `L00xx` the document, `L01xx` statements, principals and
/// conditions, `L02xx` the action catalog, `L03xx` AWS size limits, `L04xx` roles and trust, `L05xx` resources.
///
/// Some problems are parse errors of `crate::policy::parse::codes` instead (a `Principal` in an identity
/// policy, a missing one in a resource policy, an unknown condition operator, a malformed resource ARN, a group
/// or partial wildcard as principal, duplicate `Sid`s, empty value lists); `lint_policy` returns those too.
pub mod codes {
    /// The policy has no `Version`, so AWS reads it as 2008-10-17.
    pub const MISSING_VERSION: &str = "L0001";
    /// `"Version": "2008-10-17"`: the old policy language.
    pub const OLD_VERSION: &str = "L0002";
    /// A `${...}` policy variable in a policy whose Version does not substitute variables.
    pub const LITERAL_POLICY_VARIABLE: &str = "L0003";

    /// `Allow` of `Action: "*"` on `Resource: "*"`.
    pub const ALLOW_ALL_ACTIONS_ALL_RESOURCES: &str = "L0101";
    /// `Allow` with `NotAction` on `Resource: "*"`.
    pub const ALLOW_NOT_ACTION_ALL_RESOURCES: &str = "L0102";
    /// `Allow` with `NotPrincipal`.
    pub const ALLOW_NOT_PRINCIPAL: &str = "L0103";
    /// Anonymous users or any account get `Allow` (by the access analysis): public access.
    pub const PUBLIC_ACCESS: &str = "L0104";
    /// `Deny` with `NotPrincipal` naming a user or role but not its account.
    pub const NOT_PRINCIPAL_DENY_WITHOUT_ACCOUNT: &str = "L0105";
    /// `Allow` of `iam:PassRole` on `Resource: "*"`.
    pub const PASS_ROLE_ALL_RESOURCES: &str = "L0106";
    /// `NotPrincipal` in a role trust policy.
    pub const NOT_PRINCIPAL_IN_TRUST_POLICY: &str = "L0107";
    /// A trust policy lets a web identity (OIDC) provider's tokens assume the role with no condition on them.
    pub const WEB_IDENTITY_TRUST_WITHOUT_CONDITION: &str = "L0108";
    /// `Deny` on `Bool`/`Null` `aws:MultiFactorAuthPresent` that misses long-term credentials.
    pub const MFA_DENY_MISSES_LONG_TERM_CREDENTIALS: &str = "L0109";
    /// `ForAllValues` in an `Allow` that also matches when the key is missing.
    pub const FOR_ALL_VALUES_ALLOW_MATCHES_MISSING_KEY: &str = "L0110";
    /// `ForAllValues`/`ForAnyValue` on a single-valued key.
    pub const SET_OPERATOR_ON_SINGLE_VALUED_KEY: &str = "L0111";
    /// A multivalued key under an operator without `ForAllValues`/`ForAnyValue`.
    pub const MULTIVALUED_KEY_WITHOUT_SET_OPERATOR: &str = "L0112";

    /// An action whose service prefix the catalog does not know.
    pub const UNKNOWN_SERVICE: &str = "L0201";
    /// An action the catalog does not know (with a did-you-mean).
    pub const UNKNOWN_ACTION: &str = "L0202";
    /// An action pattern with wildcards that matches no action.
    pub const ACTION_PATTERN_MATCHES_NOTHING: &str = "L0203";
    /// An action none of whose resource types fits any `Resource` of its statement.
    pub const RESOURCE_TYPE_MISMATCH: &str = "L0204";
    /// A service condition key that no action of the statement supports.
    pub const UNSUPPORTED_CONDITION_KEY: &str = "L0205";
    /// An `aws:` condition key that is not a known global or service key.
    pub const UNKNOWN_GLOBAL_CONDITION_KEY: &str = "L0206";

    /// The policy exceeds AWS's size limit for its kind.
    pub const POLICY_TOO_LARGE: &str = "L0301";
    /// A trust policy over the default 2,048-character quota.
    pub const TRUST_POLICY_OVER_DEFAULT_QUOTA: &str = "L0302";

    /// A scenario role without a trust policy: nobody can assume it.
    pub const ROLE_WITHOUT_TRUST_POLICY: &str = "L0401";
    /// A trust policy with no `Allow` of any `sts:AssumeRole*` action.
    pub const TRUST_POLICY_ALLOWS_NO_ASSUME_ROLE: &str = "L0402";

    /// A request on a KMS key the scenario gives no key policy: AWS's default key policy is assumed.
    pub const KMS_KEY_DEFAULT_POLICY: &str = "L0501";
    /// A public bucket policy on a bucket whose S3 Block Public Access `blockPublicPolicy` is on.
    pub const PUBLIC_POLICY_BLOCKED: &str = "L0502";
}

/// Where an identity policy is attached: it decides the size limit (reference_iam-quotas.md, "IAM and AWS
/// STS character limits"). Without a hint an identity policy is measured as a managed policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Attachment {
    /// A customer managed policy (also every permissions boundary).
    Managed,
    /// An inline policy of a user.
    InlineUser,
    /// An inline policy of a group.
    InlineGroup,
    /// An inline policy of a role.
    InlineRole,
    /// An Amazon S3 bucket policy (a resource policy).
    S3Bucket,
    /// A VPC endpoint policy (resource-policy grammar): it only caps what passes through the endpoint.
    VpcEndpoint,
}

/// What to check. `Default` runs every check, without the catalog.
#[derive(Debug, Clone, Default)]
pub struct LintOptions<'c> {
    /// Codes (`L0101`, ...) of checks to skip.
    pub disabled: BTreeSet<String>,
    /// The action catalog; the checks in `L03xx` run only with it.
    pub catalog: Option<&'c Catalog>,
    /// Where the policy is attached, for the size limit.
    pub attachment: Option<Attachment>,
    /// AWS managed policies: a document that is exactly one of them (pasted from the console) is not measured
    /// against the size quotas (`L0301`), which AWS applies to customer managed and inline policies only.
    pub managed_policies: Option<&'c ManagedPolicies>,
}

impl<'c> LintOptions<'c> {
    /// Options with the catalog.
    pub fn with_catalog(catalog: &'c Catalog) -> Self {
        Self {
            catalog: Some(catalog),
            ..Self::default()
        }
    }

    /// Whether the check `code` runs.
    pub fn is_enabled(&self, code: &str) -> bool {
        !self.disabled.contains(code)
    }

    /// The entries of `disabled` that are no lint code, so a shell can report a typo in `--disable`.
    pub fn unknown_disabled_codes(&self) -> Vec<&str> {
        self.disabled
            .iter()
            .map(String::as_str)
            .filter(|code| check(code).is_none())
            .collect()
    }
}

/// Parses `text` as a policy of `kind` and lints it: the parser's diagnostics (which lint cannot disable),
/// then the findings, sorted by position. A policy with parse errors still gets the checks that need only
/// its text (the size limits).
pub fn lint_policy(text: &str, kind: PolicyKind, options: &LintOptions<'_>) -> Vec<Diagnostic> {
    let parsed = parse_policy(text, kind);
    let mut diagnostics = parsed.diagnostics;
    let size = aws_policy_size(text);
    let findings = match &parsed.policy {
        Some(policy) => lint_parsed(policy, size, options),
        None => {
            let mut findings = Findings::new(options);
            let attachment = options.attachment;
            document::check_size(
                &mut findings,
                kind,
                attachment,
                None,
                size,
                whole_text_span(text),
            );
            findings.finish()
        }
    };
    diagnostics.extend(findings);
    sort_diagnostics(&mut diagnostics);
    diagnostics
}

/// Lints a parsed policy. `text_len` is its size as AWS counts it — characters other than whitespace
/// (`aws_policy_size` of its text); it only feeds the size limits.
pub fn lint_parsed(policy: &Policy, text_len: usize, options: &LintOptions<'_>) -> Vec<Diagnostic> {
    let mut findings = Findings::new(options);
    let aws_managed = options
        .managed_policies
        .and_then(|set| set.find_document(policy, text_len))
        .is_some();
    let size = (!aws_managed).then_some(text_len);
    lint_into(&mut findings, policy, size, options.attachment);
    findings.finish()
}

/// Runs every policy check into `findings`; `size` is `None` when the size is unknown.
fn lint_into(
    findings: &mut Findings<'_, '_>,
    policy: &Policy,
    size: Option<usize>,
    attachment: Option<Attachment>,
) {
    document::check_document(findings, policy);
    if let Some(size) = size {
        document::check_size(
            findings,
            policy.kind,
            attachment,
            Some(policy),
            size,
            policy.span,
        );
    }
    statements::check_statements(findings, policy, attachment);
    if let Some(catalog) = findings.options.catalog {
        catalog_checks::check_catalog(findings, policy, catalog);
    }
}

/// A policy's size as AWS measures it against its limits: characters, not counting whitespace
/// (reference_iam-quotas.md, "IAM and AWS STS character limits": "IAM doesn't count white space when
/// calculating the size of a policy against these limits"). Whitespace inside strings is not counted either,
/// so the figure is a lower bound and a finding on it is certain.
pub fn aws_policy_size(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

/// Sorts by position (findings without a span last), then code, so output is stable.
fn sort_diagnostics(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| d.span.map(|span| (span.start.offset, span.end.offset));
        match (key(a), key(b)) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then_with(|| a.code.cmp(b.code))
    });
}

/// A span over all of `text`, for findings about the whole document when it did not parse.
fn whole_text_span(text: &str) -> Span {
    let mut end = crate::diagnostic::Position {
        line: 1,
        column: 1,
        offset: 0,
    };
    for c in text.chars() {
        if c == '\n' {
            end.line = end.line.saturating_add(1);
            end.column = 1;
        } else {
            end.column = end
                .column
                .saturating_add(u32::try_from(c.len_utf8()).unwrap_or(1));
        }
    }
    end.offset = u32::try_from(text.len()).unwrap_or(u32::MAX);
    Span {
        start: crate::diagnostic::Position {
            line: 1,
            column: 1,
            offset: 0,
        },
        end,
    }
}

/// Collects findings, skipping disabled checks and taking severity and doc link from the registry.
pub(crate) struct Findings<'o, 'c> {
    options: &'o LintOptions<'c>,
    out: Vec<Diagnostic>,
}

impl<'o, 'c> Findings<'o, 'c> {
    fn new(options: &'o LintOptions<'c>) -> Self {
        Self {
            options,
            out: Vec::new(),
        }
    }

    /// Whether `code` runs; checks that cost something ask first.
    fn enabled(&self, code: &str) -> bool {
        self.options.is_enabled(code)
    }

    /// Records a finding of check `code` and returns it for additions (related spans, another doc link);
    /// `None` when the check is disabled.
    fn push(
        &mut self,
        code: &'static str,
        message: String,
        help: String,
        span: Option<Span>,
    ) -> Option<&mut Diagnostic> {
        if !self.enabled(code) {
            return None;
        }
        // `severity_and_url`, not `check`: linting must not pull the registry's docs into small builds.
        let known = registry::severity_and_url(code);
        let severity = known.map_or(crate::diagnostic::Severity::Warning, |(severity, _)| {
            severity
        });
        let mut diagnostic = Diagnostic::error(code, message, span)
            .with_severity(severity)
            .with_help(help);
        diagnostic.url = known.map(|(_, url)| url);
        self.out.push(diagnostic);
        self.out.last_mut()
    }

    fn finish(mut self) -> Vec<Diagnostic> {
        sort_diagnostics(&mut self.out);
        self.out
    }
}

/// `PolicyKind`s whose `Allow` grants access; the others (boundary, session, SCP, RCP) only cap it, so a broad
/// `Allow` there is how they are meant to be written (access_policies.md, "Policy types").
fn grants_access(kind: PolicyKind) -> bool {
    matches!(
        kind,
        PolicyKind::Identity | PolicyKind::Resource | PolicyKind::Trust
    )
}

#[cfg(test)]
mod tests;
