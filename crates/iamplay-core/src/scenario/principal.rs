//! Reads the `principal` text of a scenario request: which kind of caller it names
//! (reference_policies_elements_principal.md, "Specifying a principal").

/// The session name iamplay gives sessions it creates (a role ARN used as a principal, each `assume` hop),
/// so session ARNs are deterministic.
pub const SESSION_NAME: &str = "iamplay";

/// The web identity providers a `Federated` trust-policy principal may name
/// (reference_policies_elements_principal.md, "Web identity session principals").
pub const WEB_IDENTITY_PROVIDERS: &[&str] = &[
    "cognito-identity.amazonaws.com",
    "www.amazon.com",
    "graph.facebook.com",
    "accounts.google.com",
];

/// A principal as a request names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallerSpec {
    Anonymous,
    /// `arn:aws:iam::ID:root` or a bare 12-digit account id.
    Root {
        account: String,
    },
    User {
        arn: String,
    },
    /// A role ARN (a session named [`SESSION_NAME`]) or an assumed-role session ARN.
    Role {
        account: String,
        /// The role's name (the session ARN drops the role's path).
        role_name: String,
        /// The role ARN when the principal was one.
        role_arn: Option<String>,
        /// The session ARN when the principal was one.
        session_arn: Option<String>,
    },
    /// `arn:aws:sts::ID:federated-user/name` (GetFederationToken).
    FederatedUser {
        account: String,
        arn: String,
    },
    /// `lambda.amazonaws.com` and the like.
    Service {
        name: String,
    },
    /// A SAML or OIDC provider ARN, or a web identity provider name.
    Provider {
        provider: String,
    },
}

fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

/// Classifies `text`; the error is a lowercase message naming the text.
pub fn parse_principal(text: &str) -> Result<CallerSpec, String> {
    let unknown = || format!("`{text}` is not a principal iamplay understands");
    if text == "anonymous" || text == "*" {
        return Ok(CallerSpec::Anonymous);
    }
    if WEB_IDENTITY_PROVIDERS.contains(&text) {
        return Ok(CallerSpec::Provider {
            provider: text.to_string(),
        });
    }
    if !text.starts_with("arn:") {
        if is_account_id(text) {
            return Ok(CallerSpec::Root {
                account: text.to_string(),
            });
        }
        let is_service = text
            .strip_suffix(".amazonaws.com")
            .or_else(|| text.strip_suffix(".amazonaws.com.cn"))
            .is_some_and(|name| {
                !name.is_empty()
                    && name
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
            });
        return if is_service {
            Ok(CallerSpec::Service {
                name: text.to_string(),
            })
        } else {
            Err(unknown())
        };
    }
    if crate::policy::principal::cloudfront_oai_id(text).is_some() {
        return Ok(CallerSpec::User {
            arn: text.to_string(),
        });
    }
    let parsed = crate::arn::Arn::parse(text).map_err(|_| unknown())?;
    if !is_account_id(parsed.account) {
        return Err(format!(
            "`{text}` has no 12-digit account id, so it cannot name a principal"
        ));
    }
    let account = parsed.account.to_string();
    match parsed.service {
        "iam" => {
            let resource = parsed.resource;
            if resource == "root" {
                Ok(CallerSpec::Root { account })
            } else if resource.starts_with("user/") {
                Ok(CallerSpec::User {
                    arn: text.to_string(),
                })
            } else if let Some(path) = resource.strip_prefix("role/") {
                let role_name = path.rsplit('/').next().unwrap_or(path).to_string();
                if role_name.is_empty() {
                    return Err(unknown());
                }
                Ok(CallerSpec::Role {
                    account,
                    role_name,
                    role_arn: Some(text.to_string()),
                    session_arn: None,
                })
            } else if resource.starts_with("saml-provider/")
                || resource.starts_with("oidc-provider/")
            {
                Ok(CallerSpec::Provider {
                    provider: text.to_string(),
                })
            } else if resource.starts_with("group/") {
                // reference_policies_elements_principal.md, "Specifying a principal": groups are not
                // principals.
                Err(format!(
                    "`{text}` is a group, and a group cannot make requests"
                ))
            } else {
                Err(unknown())
            }
        }
        "sts" => {
            if let Some(rest) = parsed.resource.strip_prefix("assumed-role/") {
                match rest.split_once('/') {
                    Some((role_name, session)) if !role_name.is_empty() && !session.is_empty() => {
                        Ok(CallerSpec::Role {
                            account,
                            role_name: role_name.to_string(),
                            role_arn: None,
                            session_arn: Some(text.to_string()),
                        })
                    }
                    _ => Err(format!(
                        "`{text}` is not an assumed-role session ARN (`assumed-role/ROLE/SESSION`)"
                    )),
                }
            } else if parsed
                .resource
                .strip_prefix("federated-user/")
                .is_some_and(|name| !name.is_empty())
            {
                Ok(CallerSpec::FederatedUser {
                    account,
                    arn: text.to_string(),
                })
            } else {
                Err(unknown())
            }
        }
        _ => Err(unknown()),
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn reads_every_principal_form() {
        assert_eq!(parse_principal("anonymous"), Ok(CallerSpec::Anonymous));
        assert_eq!(
            parse_principal("arn:aws:iam::111122223333:root"),
            Ok(CallerSpec::Root {
                account: "111122223333".into()
            })
        );
        assert_eq!(
            parse_principal("111122223333"),
            Ok(CallerSpec::Root {
                account: "111122223333".into()
            })
        );
        assert!(matches!(
            parse_principal("arn:aws:iam::111122223333:user/a/b"),
            Ok(CallerSpec::User { .. })
        ));
        assert_eq!(
            parse_principal("arn:aws:iam::111122223333:role/path/app"),
            Ok(CallerSpec::Role {
                account: "111122223333".into(),
                role_name: "app".into(),
                role_arn: Some("arn:aws:iam::111122223333:role/path/app".into()),
                session_arn: None,
            })
        );
        assert_eq!(
            parse_principal("arn:aws:sts::111122223333:assumed-role/app/s1"),
            Ok(CallerSpec::Role {
                account: "111122223333".into(),
                role_name: "app".into(),
                role_arn: None,
                session_arn: Some("arn:aws:sts::111122223333:assumed-role/app/s1".into()),
            })
        );
        assert!(matches!(
            parse_principal("lambda.amazonaws.com"),
            Ok(CallerSpec::Service { .. })
        ));
        assert!(matches!(
            parse_principal("cognito-identity.amazonaws.com"),
            Ok(CallerSpec::Provider { .. })
        ));
        assert!(matches!(
            parse_principal("accounts.google.com"),
            Ok(CallerSpec::Provider { .. })
        ));
        assert!(matches!(
            parse_principal("arn:aws:iam::111122223333:saml-provider/Okta"),
            Ok(CallerSpec::Provider { .. })
        ));
        assert!(matches!(
            parse_principal("arn:aws:sts::111122223333:federated-user/bob"),
            Ok(CallerSpec::FederatedUser { .. })
        ));
    }

    #[test]
    fn rejects_what_cannot_call() {
        for text in [
            "",
            "bob",
            "example.com",
            "arn:aws:iam::111122223333:group/Devs",
            "arn:aws:iam:::user/nobody",
            "arn:aws:sts::111122223333:assumed-role/app",
            "arn:aws:s3:::bucket",
            ".amazonaws.com",
        ] {
            let error = parse_principal(text).expect_err(text);
            assert!(error.contains('`'), "{error}");
        }
    }
}
