//! Checks on the document as a whole: `Version`, policy variables it cannot substitute, and AWS's size
//! limits.

use super::{codes, Attachment, Findings};
use crate::diagnostic::{Position, Span};
use crate::policy::{Policy, PolicyKind, PolicyVersion};

pub(super) fn check_document(findings: &mut Findings<'_, '_>, policy: &Policy) {
    check_version(findings, policy);
    check_literal_variables(findings, policy);
}

/// The opening `{` of the document: where a finding about a missing element points.
fn opening_brace(policy: &Policy) -> Span {
    let start = policy.span.start;
    Span {
        start,
        end: Position {
            line: start.line,
            column: start.column.saturating_add(1),
            offset: start.offset.saturating_add(1),
        },
    }
}

/// reference_policies_elements_version.md: "you should always include a `Version` element and set it to
/// `2012-10-17`"; `2008-10-17` is for older policies only.
fn check_version(findings: &mut Findings<'_, '_>, policy: &Policy) {
    match policy.version {
        PolicyVersion::V2012_10_17 => {}
        PolicyVersion::Missing => {
            findings.push(
                codes::MISSING_VERSION,
                "the policy has no `Version`, so AWS reads it as `2008-10-17`".to_string(),
                "add `\"Version\": \"2012-10-17\"` at the top level of the policy".to_string(),
                Some(opening_brace(policy)),
            );
        }
        PolicyVersion::V2008_10_17 => {
            findings.push(
            codes::OLD_VERSION,
            "`\"Version\": \"2008-10-17\"` is the old policy language".to_string(),
            "use `\"Version\": \"2012-10-17\"`; the old version lacks newer features such as policy variables"
                .to_string(),
            Some(opening_brace(policy)),
            );
        }
    }
}

/// reference_policies_elements_version.md: under 2008-10-17 "variables such as `${aws:username}` aren't
/// recognized as variables and are instead treated as literal strings"; a missing Version means 2008-10-17.
fn check_literal_variables(findings: &mut Findings<'_, '_>, policy: &Policy) {
    if policy.version.substitutes_variables() || !findings.enabled(codes::LITERAL_POLICY_VARIABLE) {
        return;
    }
    let version = match policy.version {
        PolicyVersion::Missing => "no `Version`",
        _ => "`\"Version\": \"2008-10-17\"`",
    };
    for statement in &policy.statements {
        let resources = statement
            .resource
            .iter()
            .flat_map(|block| block.patterns.iter());
        let condition_values = statement
            .conditions
            .iter()
            .flat_map(|clause| clause.values.iter());
        for value in resources.chain(condition_values) {
            if value.value.contains("${") {
                findings.push(
                    codes::LITERAL_POLICY_VARIABLE,
                    format!(
                        "`{}` holds a policy variable, but with {version} AWS matches it as literal text",
                        value.value
                    ),
                    "set `\"Version\": \"2012-10-17\"` so the variable is replaced by its value".to_string(),
                    Some(value.span),
                );
            }
        }
    }
}

/// One of AWS's size limits: how many characters (not counting whitespace) a policy of some kind may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct SizeLimit {
    pub limit: usize,
    /// What the limit is for, e.g. "a managed policy".
    pub what: &'static str,
    pub url: &'static str,
    /// `POLICY_TOO_LARGE`, or `TRUST_POLICY_OVER_DEFAULT_QUOTA` for a limit that can be raised.
    pub code: &'static str,
}

const IAM_QUOTAS_URL: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entity-length";

/// The limit for a policy of `kind`. Sources (the local reference copy has no quota page, so the AWS pages are
/// cited by URL):
/// - reference_iam-quotas.md, "IAM and AWS STS character limits": managed policy 6,144 characters; inline
///   policies of a user 2,048, of a group 5,120, of a role 10,240 (aggregate per identity); role trust policy
///   2,048 by default (a Service Quotas value that can be raised); IAM does not count whitespace.
/// - A permissions boundary is a managed policy (access_policies_boundaries.md, first paragraph).
/// - Session policies: STS API reference, AssumeRole `Policy`: "The plaintext that you use for both inline
///   and managed session policies can't exceed 2,048 characters."
/// - SCPs and RCPs: AWS Organizations quotas, "Maximum size of a policy document": 5,120 characters.
/// - S3 bucket policies: Amazon S3 user guide, "Bucket policies for Amazon S3": "limited to 20 KB in size".
///   Other services' resource policies have their own limits, so they get no size check.
pub(super) fn size_limit(
    kind: PolicyKind,
    attachment: Option<Attachment>,
    policy: Option<&Policy>,
) -> Option<SizeLimit> {
    let iam = |limit, what| SizeLimit {
        limit,
        what,
        url: IAM_QUOTAS_URL,
        code: codes::POLICY_TOO_LARGE,
    };
    match kind {
        PolicyKind::Identity => Some(match attachment {
            Some(Attachment::InlineUser) => iam(2_048, "the inline policies of a user"),
            Some(Attachment::InlineGroup) => iam(5_120, "the inline policies of a group"),
            Some(Attachment::InlineRole) => iam(10_240, "the inline policies of a role"),
            Some(Attachment::Managed | Attachment::S3Bucket | Attachment::VpcEndpoint) | None => iam(6_144, "a managed policy"),
        }),
        PolicyKind::Boundary => Some(iam(6_144, "a managed policy (a permissions boundary is one)")),
        PolicyKind::Session => Some(SizeLimit {
            limit: 2_048,
            what: "a session policy",
            url: "https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html",
            code: codes::POLICY_TOO_LARGE,
        }),
        PolicyKind::Trust => Some(SizeLimit {
            limit: 2_048,
            what: "a role trust policy (the default quota)",
            url: IAM_QUOTAS_URL,
            code: codes::TRUST_POLICY_OVER_DEFAULT_QUOTA,
        }),
        PolicyKind::Scp | PolicyKind::Rcp => Some(SizeLimit {
            limit: 5_120,
            what: if kind == PolicyKind::Scp {
                "a service control policy"
            } else {
                "a resource control policy"
            },
            url: "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html",
            code: codes::POLICY_TOO_LARGE,
        }),
        // "The size of an endpoint policy cannot exceed 20,480 characters (including white space)"
        // (aws-vpc-user-guide/vpc-endpoints-access.md, "Use VPC endpoint policies"). `size` leaves whitespace
        // out, so a finding against it is still certain.
        PolicyKind::Resource if attachment == Some(Attachment::VpcEndpoint) => Some(SizeLimit {
            limit: 20_480,
            what: "a VPC endpoint policy (which counts whitespace too)",
            url: "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html",
            code: codes::POLICY_TOO_LARGE,
        }),
        PolicyKind::Resource => {
            let is_s3 = attachment == Some(Attachment::S3Bucket)
                || policy.is_some_and(is_s3_bucket_policy);
            is_s3.then_some(SizeLimit {
                limit: 20 * 1024,
                what: "an S3 bucket policy (20 KB)",
                url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html",
                code: codes::POLICY_TOO_LARGE,
            })
        }
    }
}

/// A resource policy every one of whose `Resource` values is an S3 bucket or object ARN.
fn is_s3_bucket_policy(policy: &Policy) -> bool {
    let mut resources = policy
        .statements
        .iter()
        .flat_map(|statement| statement.resource.iter())
        .flat_map(|block| block.patterns.iter())
        .peekable();
    resources.peek().is_some()
        && resources.all(|pattern| pattern.value.starts_with("arn:aws:s3:::"))
}

/// Compares `size` (characters without whitespace) with the limit for the policy's kind.
pub(super) fn check_size(
    findings: &mut Findings<'_, '_>,
    kind: PolicyKind,
    attachment: Option<Attachment>,
    policy: Option<&Policy>,
    size: usize,
    span: Span,
) {
    let Some(limit) = size_limit(kind, attachment, policy) else {
        return;
    };
    if size <= limit.limit {
        return;
    }
    let help = if limit.code == codes::TRUST_POLICY_OVER_DEFAULT_QUOTA {
        "shorten the trust policy (merge statements, list principals in one array), or ask AWS Service \
         Quotas to raise the role trust policy length"
            .to_string()
    } else {
        "split the permissions over several policies, or shorten it: merge statements with the same effect, \
         and use wildcards such as `s3:Get*` where they grant exactly what you mean"
            .to_string()
    };
    if let Some(finding) = findings.push(
        limit.code,
        format!(
            "the policy has {} characters without whitespace, over the {} allowed for {}",
            thousands(size),
            thousands(limit.limit),
            limit.what
        ),
        help,
        Some(span),
    ) {
        finding.url = Some(limit.url);
    }
}

/// `6144` as `6,144`, the way AWS writes its limits.
fn thousands(number: usize) -> String {
    let digits = number.to_string();
    let mut out = String::with_capacity(digits.len().saturating_add(digits.len() / 3));
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len().saturating_sub(index)) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}
