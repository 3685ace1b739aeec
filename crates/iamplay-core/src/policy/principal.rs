//! What a `Principal` value names: reading `"AWS"` values (account ids, root, user, role, session and federated
//! user ARNs) and checking `Service`, `Federated` and `CanonicalUser` values
//! (reference_policies_elements_principal.md).

use crate::arn::Arn;
use serde::Serialize;

/// What an `"AWS"` principal value names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum AwsPrincipal<'a> {
    /// `*`: every principal, including anonymous (reference_policies_elements_principal.md, "All principals").
    Everyone,
    /// `123456789012` or `arn:aws:iam::123456789012:root`: both delegate to the whole account, not only its
    /// root user (reference_policies_elements_principal.md, "AWS account principals").
    Account { account: &'a str },
    /// `arn:aws:iam::ID:user/path/name`; `name` keeps the path.
    User { account: &'a str, name: &'a str },
    /// `arn:aws:iam::ID:role/path/name`; `name` keeps the path.
    Role { account: &'a str, name: &'a str },
    /// `arn:aws:sts::ID:assumed-role/ROLE/SESSION`.
    AssumedRole {
        account: &'a str,
        role: &'a str,
        session: &'a str,
    },
    /// `arn:aws:sts::ID:federated-user/NAME` (or the `iam` spelling).
    FederatedUser { account: &'a str, name: &'a str },
    /// A unique id such as `AIDA...` or `AROA...`: what IAM shows once the named user or role was deleted.
    UniqueId { id: &'a str },
    /// A CloudFront origin access identity, `arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity ID`.
    CloudFrontOai { id: &'a str },
}

/// Why an `"AWS"` principal value is not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrincipalProblem {
    /// `*` or `?` inside a name or ARN ("You cannot use a wildcard to match part of a principal name or ARN").
    PartialWildcard,
    /// `arn:aws:iam::ID:group/...` ("You cannot identify a user group as a principal").
    Group,
    /// An ARN that does not name a principal (a policy, a bucket, ...); the text says what it is.
    NotAPrincipalArn(String),
    /// Not `*`, a 12-digit account id or an ARN.
    Malformed,
    /// The account part of the ARN is not 12 digits.
    BadAccount(String),
}

/// True for a 12-digit AWS account id.
pub fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

/// Reads an `"AWS"` principal value.
pub fn classify_aws_principal(text: &str) -> Result<AwsPrincipal<'_>, PrincipalProblem> {
    if text == "*" {
        return Ok(AwsPrincipal::Everyone);
    }
    // reference_policies_elements_principal.md, "Specifying a principal": "You cannot use a wildcard to match
    // part of a principal name or ARN."
    if text.contains(['*', '?']) {
        return Err(PrincipalProblem::PartialWildcard);
    }
    if is_account_id(text) {
        return Ok(AwsPrincipal::Account { account: text });
    }
    if is_unique_id(text) {
        return Ok(AwsPrincipal::UniqueId { id: text });
    }
    if let Some(id) = cloudfront_oai_id(text) {
        return Ok(AwsPrincipal::CloudFrontOai { id });
    }
    let Ok(arn) = Arn::parse(text) else {
        return Err(PrincipalProblem::Malformed);
    };
    if arn.partition.is_empty() || !arn.region.is_empty() {
        return Err(PrincipalProblem::Malformed);
    }
    if !matches!(arn.service, "iam" | "sts") {
        return Err(PrincipalProblem::NotAPrincipalArn(format!(
            "`{}` ARNs name resources, not principals",
            arn.service
        )));
    }
    if !is_account_id(arn.account) {
        return Err(PrincipalProblem::BadAccount(arn.account.to_string()));
    }
    let account = arn.account;
    let (kind, rest) = arn.resource.split_once('/').unwrap_or((arn.resource, ""));
    match (arn.service, kind) {
        ("iam", "root") if rest.is_empty() => Ok(AwsPrincipal::Account { account }),
        ("iam", "user") if has_name(rest) => Ok(AwsPrincipal::User { account, name: rest }),
        ("iam", "role") if has_name(rest) => Ok(AwsPrincipal::Role { account, name: rest }),
        ("iam" | "sts", "federated-user") if has_name(rest) && !rest.contains('/') => {
            Ok(AwsPrincipal::FederatedUser { account, name: rest })
        }
        ("iam", "group") => Err(PrincipalProblem::Group),
        ("sts", "assumed-role") => match rest.split_once('/') {
            Some((role, session)) if !role.is_empty() && has_name(session) && !session.contains('/') => {
                Ok(AwsPrincipal::AssumedRole { account, role, session })
            }
            _ => Err(PrincipalProblem::NotAPrincipalArn(
                "an assumed-role ARN needs a role name and a session name: `assumed-role/ROLE/SESSION`"
                    .to_string(),
            )),
        },
        _ => Err(PrincipalProblem::NotAPrincipalArn(format!(
            "`{}` is not a principal; principals are `root`, `user/...`, `role/...`, `assumed-role/...` and `federated-user/...`",
            arn.resource
        ))),
    }
}

/// The id of a CloudFront origin access identity ARN, `arn:aws:iam::cloudfront:user/CloudFront Origin Access
/// Identity EH1HDMB1FH2TC`: the one IAM principal whose account field is not an account id. A bucket policy grants
/// an OAI read access so that CloudFront can fetch objects that are not public (aws-s3-user-guide/
/// example-bucket-policies.md, "Grant permission to an Amazon CloudFront OAI"). It belongs to CloudFront, not to
/// an account: no identity policy of any account applies to it.
pub fn cloudfront_oai_id(text: &str) -> Option<&str> {
    let arn = Arn::parse(text).ok()?;
    let id = arn
        .resource
        .strip_prefix("user/CloudFront Origin Access Identity ")?;
    (arn.service == "iam"
        && arn.account == "cloudfront"
        && arn.region.is_empty()
        && !id.is_empty()
        && id.bytes().all(|b| b.is_ascii_alphanumeric()))
    .then_some(id)
}

/// A path-and-name that ends in a non-empty name (`division/Bob`, `Bob`; not `` or `division/`).
fn has_name(rest: &str) -> bool {
    !rest.is_empty() && !rest.ends_with('/')
}

/// Unique ids of users (`AIDA`), roles (`AROA`) and other IAM entities: four capital letters and at least
/// sixteen capital letters or digits (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html).
fn is_unique_id(text: &str) -> bool {
    const PREFIXES: [&str; 6] = ["AIDA", "AROA", "AIPA", "ANPA", "ANVA", "AGPA"];
    text.len() >= 20
        && text.len() <= 128
        && PREFIXES.iter().any(|p| text.starts_with(p))
        && text
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// Checks a `Service` value such as `ecs.amazonaws.com`; the error text says what is wrong.
pub fn check_service_principal(text: &str) -> Result<(), String> {
    if text.contains(['*', '?']) {
        return Err("service principals cannot hold wildcards".to_string());
    }
    if text.is_empty()
        || !text.contains('.')
        || !text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
    {
        return Err("a service principal looks like `ecs.amazonaws.com`".to_string());
    }
    Ok(())
}

/// Checks a `Federated` value: a SAML or OIDC provider ARN, or a web identity provider such as
/// `accounts.google.com` (reference_policies_elements_principal.md, "Web identity session principals",
/// "SAML session principals").
pub fn check_federated_principal(text: &str) -> Result<(), String> {
    if text.contains(['*', '?']) {
        return Err("federated principals cannot hold wildcards".to_string());
    }
    if let Ok(arn) = Arn::parse(text) {
        return match arn.resource.split_once('/') {
            Some(("saml-provider" | "oidc-provider", name))
                if arn.service == "iam" && is_account_id(arn.account) && !name.is_empty() =>
            {
                Ok(())
            }
            _ => Err(
                "a federated ARN names an identity provider: `arn:aws:iam::ACCOUNT:saml-provider/NAME` or `oidc-provider/URL`"
                    .to_string(),
            ),
        };
    }
    if text.contains('.')
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'/' | b':' | b'_'))
    {
        return Ok(());
    }
    Err("a federated principal is a provider ARN or a web identity provider such as `accounts.google.com`".to_string())
}

/// Checks a `CanonicalUser` value: 64 hex digits (an Amazon S3 canonical user id).
pub fn check_canonical_user(text: &str) -> Result<(), String> {
    if text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(())
    } else {
        Err("a canonical user id is 64 hex digits".to_string())
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn a_cloudfront_origin_access_identity_is_a_principal_of_no_account() {
        let oai = "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity EH1HDMB1FH2TC";
        assert_eq!(
            classify_aws_principal(oai),
            Ok(AwsPrincipal::CloudFrontOai {
                id: "EH1HDMB1FH2TC"
            })
        );
        // Only that shape: other users of the `cloudfront` account, a missing id, or another account's user of
        // the same name are not OAIs.
        for not_oai in [
            "arn:aws:iam::cloudfront:user/someone",
            "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity ",
            "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E1 E2",
            "arn:aws:iam::cloudfront:role/CloudFront Origin Access Identity E1",
            "arn:aws:iam:us-east-1:cloudfront:user/CloudFront Origin Access Identity E1",
        ] {
            assert_eq!(cloudfront_oai_id(not_oai), None, "{not_oai}");
            assert!(classify_aws_principal(not_oai).is_err(), "{not_oai}");
        }
        assert_eq!(
            cloudfront_oai_id(
                "arn:aws:iam::123456789012:user/CloudFront Origin Access Identity E1"
            ),
            None
        );
        let principal = crate::eval::Principal::from_arn(oai).expect("a caller");
        assert_eq!(principal.account, None);
        assert_eq!(principal.arn, oai);
    }

    #[test]
    fn accepted_aws_principals() {
        use AwsPrincipal::*;
        let account = "123456789012";
        assert_eq!(classify_aws_principal("*"), Ok(Everyone));
        assert_eq!(classify_aws_principal(account), Ok(Account { account }));
        assert_eq!(
            classify_aws_principal("arn:aws:iam::123456789012:root"),
            Ok(Account { account })
        );
        assert_eq!(
            classify_aws_principal("arn:aws:iam::123456789012:user/division/Bob"),
            Ok(User {
                account,
                name: "division/Bob"
            })
        );
        assert_eq!(
            classify_aws_principal("arn:aws:iam::123456789012:role/admin"),
            Ok(Role {
                account,
                name: "admin"
            })
        );
        assert_eq!(
            classify_aws_principal("arn:aws:sts::123456789012:assumed-role/admin/alice"),
            Ok(AssumedRole {
                account,
                role: "admin",
                session: "alice"
            })
        );
        assert_eq!(
            classify_aws_principal("arn:aws:sts::123456789012:federated-user/bob"),
            Ok(FederatedUser {
                account,
                name: "bob"
            })
        );
        assert_eq!(
            classify_aws_principal("arn:aws-cn:iam::123456789012:root"),
            Ok(Account { account })
        );
        assert_eq!(
            classify_aws_principal("AROAEXAMPLEID1234567"),
            Ok(UniqueId {
                id: "AROAEXAMPLEID1234567"
            })
        );
    }

    #[test]
    fn rejected_aws_principals() {
        use PrincipalProblem::*;
        assert_eq!(
            classify_aws_principal("arn:aws:iam::123456789012:user/*"),
            Err(PartialWildcard)
        );
        assert_eq!(
            classify_aws_principal("arn:aws:iam::*:root"),
            Err(PartialWildcard)
        );
        assert_eq!(classify_aws_principal("12345678901?"), Err(PartialWildcard));
        assert_eq!(
            classify_aws_principal("arn:aws:iam::123456789012:group/devs"),
            Err(Group)
        );
        assert!(matches!(
            classify_aws_principal("arn:aws:s3:::bucket"),
            Err(NotAPrincipalArn(_))
        ));
        assert!(matches!(
            classify_aws_principal("arn:aws:iam::123456789012:policy/p"),
            Err(NotAPrincipalArn(_))
        ));
        assert!(matches!(
            classify_aws_principal("arn:aws:sts::123456789012:assumed-role/admin"),
            Err(NotAPrincipalArn(_))
        ));
        assert_eq!(
            classify_aws_principal("arn:aws:iam::1234:root"),
            Err(BadAccount("1234".into()))
        );
        assert_eq!(classify_aws_principal("12345"), Err(Malformed));
        assert_eq!(classify_aws_principal("bob"), Err(Malformed));
        assert_eq!(classify_aws_principal(""), Err(Malformed));
        assert_eq!(
            classify_aws_principal("arn:aws:iam:us-east-1:123456789012:root"),
            Err(Malformed)
        );
        assert!(classify_aws_principal("arn:aws:iam::123456789012:user/").is_err());
    }

    #[test]
    fn other_principal_types() {
        assert!(check_service_principal("ecs-tasks.amazonaws.com").is_ok());
        assert!(check_service_principal("ec2.amazonaws.com.cn").is_ok());
        assert!(check_service_principal("*.amazonaws.com").is_err());
        assert!(check_service_principal("ec2").is_err());
        assert!(check_federated_principal("arn:aws:iam::123456789012:saml-provider/okta").is_ok());
        assert!(check_federated_principal(
            "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
        )
        .is_ok());
        assert!(check_federated_principal("accounts.google.com").is_ok());
        assert!(check_federated_principal("cognito-identity.amazonaws.com").is_ok());
        assert!(check_federated_principal("arn:aws:iam::123456789012:role/x").is_err());
        assert!(check_federated_principal("*").is_err());
        assert!(check_canonical_user(&"a1".repeat(32)).is_ok());
        assert!(check_canonical_user("abc").is_err());
    }
}
