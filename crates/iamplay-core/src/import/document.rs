//! Policy documents as the AWS CLI and API hand them out: a JSON object (the CLI decodes IAM documents), a
//! JSON string inside JSON (`get-bucket-policy`'s `Policy`, `describe-policy`'s `Content`), or a URL-encoded
//! string (the IAM API returns documents "URL-encoded compliant with RFC 3986", IAM API Reference,
//! GetAccountAuthorizationDetails; some SDKs and tools pass that on). Each becomes a spanned JSON value, is
//! parsed as the kind of policy its place implies, and is written unchanged.

use super::tree::Json;
use crate::json::{Limits, SpannedValue, Value};
use crate::policy::{parse_policy_value, PolicyKind};
use std::borrow::Cow;

/// A document that could not be read, in words for a skip message (lowercase, bad input in backticks).
pub type Reason = String;

/// The size and nesting limits for a document inside a string. AWS's largest policy (a role trust policy may
/// be 131,072 characters after raising the quota; IAM API Reference, RoleDetail) is far below them.
const DOCUMENT_LIMITS: Limits = Limits {
    max_bytes: 1024 * 1024,
    max_depth: 64,
};

/// The document of `value`: the object itself, or the JSON inside a (possibly URL-encoded) string.
pub fn read_document(value: &SpannedValue) -> Result<Cow<'_, SpannedValue>, Reason> {
    match &value.value {
        Value::Object(_) => Ok(Cow::Borrowed(value)),
        Value::String(text) => parse_embedded(text).map(Cow::Owned),
        other => Err(format!(
            "the policy document is a {}, not a JSON object or a string",
            other.type_name()
        )),
    }
}

fn parse_embedded(text: &str) -> Result<SpannedValue, Reason> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') {
        return parse_object(text);
    }
    if trimmed.is_empty() {
        return Err("the policy document is an empty string".to_string());
    }
    // RFC 3986 percent-encoding keeps `+` as itself; form encoding (`application/x-www-form-urlencoded`)
    // turns spaces into `+`. Try the RFC first, as AWS documents it, then form decoding.
    let decoded = percent_decode(text, false)?;
    match parse_object(&decoded) {
        Ok(value) => Ok(value),
        Err(first) if text.contains('+') => {
            parse_object(&percent_decode(text, true)?).map_err(|_| first)
        }
        Err(first) => Err(first),
    }
}

fn parse_object(text: &str) -> Result<SpannedValue, Reason> {
    match crate::json::parse(text, &DOCUMENT_LIMITS) {
        Ok(value) if matches!(value.value, Value::Object(_)) => Ok(value),
        Ok(value) => Err(format!(
            "the policy document is a {}, not a JSON object",
            value.value.type_name()
        )),
        Err(errors) => Err(match errors.first() {
            Some(error) => format!(
                "the policy document is not JSON ({} at line {}, column {} of the document: {})",
                error.code,
                error.span.map_or(1, |span| span.start.line),
                error.span.map_or(1, |span| span.start.column),
                error.message
            ),
            None => "the policy document is not JSON".to_string(),
        }),
    }
}

/// Decodes `%XX` escapes (and `+` as a space when `plus_is_space`), then checks the bytes are UTF-8.
pub fn percent_decode(text: &str, plus_is_space: bool) -> Result<String, Reason> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut rest = bytes;
    while let Some((&first, tail)) = rest.split_first() {
        match first {
            b'%' => {
                let value = match tail {
                    [high, low, ..] => hex(*high).zip(hex(*low)).map(|(h, l)| h * 16 + l),
                    _ => None,
                };
                let Some(value) = value else {
                    return Err(
                        "the policy document is URL-encoded but has a `%` not followed by two hex digits"
                            .to_string(),
                    );
                };
                out.push(value);
                rest = tail.get(2..).unwrap_or_default();
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                rest = tail;
            }
            other => {
                out.push(other);
                rest = tail;
            }
        }
    }
    String::from_utf8(out)
        .map_err(|_| "the URL-decoded policy document is not UTF-8 text".to_string())
}

fn hex(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

/// The kind's name in skip messages.
pub fn kind_name(kind: PolicyKind) -> &'static str {
    match kind {
        PolicyKind::Identity => "an identity policy",
        PolicyKind::Resource => "a resource policy",
        PolicyKind::Trust => "a trust policy",
        PolicyKind::Boundary => "a permissions boundary",
        PolicyKind::Session => "a session policy",
        PolicyKind::Scp => "a service control policy",
        PolicyKind::Rcp => "a resource control policy",
    }
}

/// The document of `value`, read and parsed as `kind`, ready to write; or why it cannot be used.
pub fn policy_document(value: &SpannedValue, kind: PolicyKind) -> Result<Json, Reason> {
    let document = read_document(value)?;
    let parsed = parse_policy_value(&document, kind);
    match parsed.diagnostics.iter().find(|d| d.is_error()) {
        Some(error) => Err(format!(
            "it does not parse as {} ({}: {})",
            kind_name(kind),
            error.code,
            error.message
        )),
        None if parsed.policy.is_none() => Err(format!("it does not parse as {}", kind_name(kind))),
        None => Ok(Json::from_spanned(&document)),
    }
}

/// Whether a document has a `Principal` or `NotPrincipal` in any statement: a resource, trust policy or RCP
/// rather than an identity policy, SCP or boundary.
pub fn has_principal(document: &SpannedValue) -> bool {
    let statements: Vec<&SpannedValue> = match document.get("Statement").map(|m| &m.value) {
        Some(SpannedValue {
            value: Value::Array(items),
            ..
        }) => items.iter().collect(),
        Some(single) => vec![single],
        None => Vec::new(),
    };
    statements.iter().any(|statement| {
        statement.get("Principal").is_some() || statement.get("NotPrincipal").is_some()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    fn string_value(text: &str) -> SpannedValue {
        let quoted = Json::string(text).to_pretty_string();
        parse(&quoted, &Limits::default()).unwrap()
    }

    #[test]
    fn url_encoded_documents_are_decoded() {
        let encoded = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3AGetObject%22%2C%22Resource%22%3A%22arn%3Aaws%3As3%3A%3A%3Ab%2Fa+b%22%7D%5D%7D";
        let json = policy_document(&string_value(encoded), PolicyKind::Identity).unwrap();
        let text = json.to_pretty_string();
        // RFC 3986 decoding keeps `+` as itself.
        assert!(text.contains("arn:aws:s3:::b/a+b"), "{text}");
    }

    #[test]
    fn form_encoded_spaces_are_decoded_when_the_rfc_reading_fails() {
        let encoded = "%7B+%22Version%22%3A+%222012-10-17%22%2C+%22Statement%22%3A+%7B%22Effect%22%3A%22Deny%22%2C%22Action%22%3A%22*%22%2C%22Resource%22%3A%22*%22%7D%7D";
        assert!(policy_document(&string_value(encoded), PolicyKind::Identity).is_ok());
    }

    #[test]
    fn a_json_string_is_parsed() {
        let inner = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"*"}]}"#;
        let value = string_value(inner);
        assert!(policy_document(&value, PolicyKind::Resource).is_ok());
        let reason = policy_document(&value, PolicyKind::Identity).unwrap_err();
        assert!(reason.contains("identity policy"), "{reason}");
        assert!(has_principal(&read_document(&value).unwrap()));
    }

    #[test]
    fn bad_documents_say_why() {
        let reason = policy_document(&string_value("%7B%2"), PolicyKind::Identity).unwrap_err();
        assert!(reason.contains("two hex digits"), "{reason}");
        let reason = policy_document(&string_value("%FF%FE"), PolicyKind::Identity).unwrap_err();
        assert!(reason.contains("UTF-8"), "{reason}");
        let reason =
            policy_document(&string_value("{\"Version\": "), PolicyKind::Identity).unwrap_err();
        assert!(reason.contains("not JSON"), "{reason}");
        let number = parse("42", &Limits::default()).unwrap();
        assert!(policy_document(&number, PolicyKind::Identity).is_err());
    }
}
