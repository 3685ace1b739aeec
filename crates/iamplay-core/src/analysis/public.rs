//! Whether a resource policy is public in Amazon S3's sense (aws-s3-user-guide/access-control-block-public-access.md,
//! "The meaning of "public"", "Bucket policies"): S3 starts from "public" and calls a policy non-public only when
//! every `Allow` grants to fixed principals, or is narrowed by a fixed value of one of the keys that page lists.
//!
//! Contract: [`is_public_policy`] is the one decision of "public" in iamplay: S3 Block Public Access
//! (`restrictPublicBuckets`, `blockPublicPolicy`) and the account-scale access analysis both read it.
//! [`public_statements`] names the statements that make a policy public, for explanations and lint.
//! Pure: it reads the policy only, never a request.

use crate::policy::model::{
    BaseOperator, ConditionClause, Effect, Policy, PrincipalSet, PrincipalType, Statement,
};

/// The keys whose fixed values make a grant non-public ("The meaning of "public"", "Bucket policies").
/// `aws:SourceIp` and `aws:userid` have extra rules (see `narrows`).
const NARROWING_KEYS: [&str; 13] = [
    "aws:PrincipalOrgID",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:SourceArn",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:SourceOwner",
    "aws:SourceAccount",
    "s3:x-amz-server-side-encryption-aws-kms-key-id",
    "aws:userid",
    "s3:DataAccessPointArn",
    "s3:DataAccessPointAccount",
    "aws:SourceIp",
];

/// Whether `policy` (a bucket policy or another resource policy) is public: some `Allow` statement is.
pub fn is_public_policy(policy: &Policy) -> bool {
    policy.statements.iter().any(is_public_statement)
}

/// The indices of the statements that make `policy` public.
pub fn public_statements(policy: &Policy) -> Vec<usize> {
    policy
        .statements
        .iter()
        .filter(|statement| is_public_statement(statement))
        .map(|statement| statement.index)
        .collect()
}

/// An `Allow` is public unless its principals are all fixed, or a condition narrows it to a fixed value of a
/// listed key.
pub fn is_public_statement(statement: &Statement) -> bool {
    if statement.effect.value != Effect::Allow {
        return false;
    }
    let fixed_principals = statement.principal.as_ref().is_some_and(|block| {
        !block.negated
            && match &block.principals {
                PrincipalSet::Wildcard => false,
                PrincipalSet::Entries(entries) => entries.iter().all(|entry| {
                    // A web identity or SAML provider stands for anyone it vouches for: the page's first
                    // public example grants `{"Federated": "graph.facebook.com"}`.
                    entry.principal_type != PrincipalType::Federated && is_fixed(&entry.value.value)
                }),
            }
    });
    if fixed_principals {
        return false;
    }
    !statement.conditions.iter().any(narrows)
}

/// No wildcard and no policy variable.
fn is_fixed(value: &str) -> bool {
    !value.contains(['*', '?']) && !value.contains("${")
}

/// Whether a condition clause limits the grant to fixed values of a listed key. Only operators that require
/// a match do: negated operators, `...IfExists` (true when the key is missing) and `ForAllValues` (true for an
/// empty set) do not.
fn narrows(clause: &ConditionClause) -> bool {
    let operator = clause.operator.value;
    if operator.if_exists
        || operator.base.is_negated()
        || operator.qualifier == Some(crate::policy::model::SetQualifier::ForAllValues)
    {
        return false;
    }
    let key = clause.key.value.as_str();
    let Some(listed) = NARROWING_KEYS
        .iter()
        .find(|listed| listed.eq_ignore_ascii_case(key))
    else {
        return false;
    };
    if clause.values.is_empty() {
        return false;
    }
    let values = clause.values.iter().map(|value| value.value.as_str());
    match *listed {
        "aws:SourceIp" => {
            operator.base == BaseOperator::IpAddress && values.into_iter().all(narrow_cidr)
        }
        // "this value can contain a wildcard for the access point name without rendering the policy public,
        // as long as the account id is fixed".
        "s3:DataAccessPointArn" => {
            string_match(operator.base)
                && values.into_iter().all(|value| {
                    crate::arn::Arn::parse(value).is_ok_and(|arn| {
                        is_fixed(arn.account)
                            && !arn.account.is_empty()
                            && arn
                                .resource
                                .strip_prefix("accesspoint/")
                                .is_some_and(|name| !name.contains("${"))
                    })
                })
        }
        // Every other key, `aws:userid` included: "aws:userid, outside the pattern AROLEID:*" — a role id with
        // a wildcard session stands for every session of the role, which counts as public.
        _ => string_match(operator.base) && values.into_iter().all(is_fixed),
    }
}

fn string_match(base: BaseOperator) -> bool {
    matches!(
        base,
        BaseOperator::StringEquals
            | BaseOperator::StringEqualsIgnoreCase
            | BaseOperator::StringLike
            | BaseOperator::ArnEquals
            | BaseOperator::ArnLike
    )
}

/// "values broader than /8 for IPv4 and /32 for IPv6 (excluding RFC1918 private ranges)" are public: a range
/// of prefix /8 or longer (IPv4), /32 or longer (IPv6), or inside an RFC 1918 range, narrows.
fn narrow_cidr(value: &str) -> bool {
    let Ok(network) = value
        .parse::<ipnet::IpNet>()
        .or_else(|_| value.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
    else {
        return false;
    };
    match network {
        ipnet::IpNet::V4(v4) => {
            let private = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]
                .iter()
                .filter_map(|range| range.parse::<ipnet::Ipv4Net>().ok())
                .any(|range| range.contains(&v4));
            v4.prefix_len() >= 8 || private
        }
        ipnet::IpNet::V6(v6) => v6.prefix_len() >= 32,
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use crate::policy::{parse_policy, PolicyKind};

    fn public(statement: &str) -> bool {
        let text = format!(r#"{{"Version": "2012-10-17", "Statement": [{statement}]}}"#);
        match parse_policy(&text, PolicyKind::Resource).policy {
            Some(policy) => is_public_policy(&policy),
            None => panic!("does not parse: {text}"),
        }
    }

    #[test]
    fn the_pages_examples() {
        // "Example : Public bucket policies" (access-control-block-public-access.md).
        assert!(public(
            r#"{"Principal": {"Federated": "graph.facebook.com"}, "Resource": "*", "Action": "s3:PutObject", "Effect": "Allow"}"#
        ));
        assert!(public(
            r#"{"Principal": "*", "Resource": "*", "Action": "s3:PutObject", "Effect": "Allow"}"#
        ));
        assert!(public(
            r#"{"Principal": "*", "Resource": "*", "Action": "s3:PutObject", "Effect": "Allow", "Condition": {"StringLike": {"aws:SourceVpc": "vpc-*"}}}"#
        ));
        assert!(!public(
            r#"{"Principal": "*", "Resource": "*", "Action": "s3:PutObject", "Effect": "Allow", "Condition": {"StringEquals": {"aws:SourceVpc": "vpc-91237329"}}}"#
        ));
    }

    #[test]
    fn fixed_principals_and_denies_are_not_public() {
        assert!(!public(
            r#"{"Principal": {"AWS": "arn:aws:iam::444455556666:root", "Service": "cloudtrail.amazonaws.com"}, "Resource": "*", "Action": "s3:GetObject", "Effect": "Allow"}"#
        ));
        assert!(!public(
            r#"{"Principal": "*", "Resource": "*", "Action": "s3:*", "Effect": "Deny"}"#
        ));
        assert!(public(
            r#"{"Principal": {"AWS": "*"}, "Resource": "*", "Action": "s3:GetObject", "Effect": "Allow", "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-1"}}}"#
        ));
        assert!(public(
            r#"{"Principal": "*", "Resource": "*", "Action": "s3:GetObject", "Effect": "Allow", "Condition": {"StringEqualsIfExists": {"aws:SourceAccount": "111122223333"}}}"#
        ));
        assert!(!public(
            r#"{"Principal": "*", "Resource": "*", "Action": "s3:GetObject", "Effect": "Allow", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}"#
        ));
    }

    #[test]
    fn source_ip_ranges_wider_than_slash_8_are_public() {
        let with_ip = |cidr: &str| {
            public(&format!(
                r#"{{"Principal": "*", "Resource": "*", "Action": "s3:GetObject", "Effect": "Allow", "Condition": {{"IpAddress": {{"aws:SourceIp": "{cidr}"}}}}}}"#
            ))
        };
        assert!(with_ip("0.0.0.0/1"));
        assert!(with_ip("8.0.0.0/7"));
        assert!(!with_ip("8.0.0.0/8"));
        assert!(!with_ip("203.0.113.0/24"));
        assert!(!with_ip("2001:db8::/32"));
        assert!(with_ip("2001:db8::/31"));
    }

    #[test]
    fn userid_role_wildcards_are_public() {
        let with_userid = |value: &str| {
            public(&format!(
                r#"{{"Principal": "*", "Resource": "*", "Action": "s3:GetObject", "Effect": "Allow", "Condition": {{"StringLike": {{"aws:userid": "{value}"}}}}}}"#
            ))
        };
        assert!(with_userid("AROAEXAMPLEID:*"));
        assert!(!with_userid("AIDAEXAMPLEID"));
    }
}
