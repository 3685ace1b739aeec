//! Policy variables: `${aws:username}`, `${aws:PrincipalTag/k}`, any context key, the special characters
//! `${*}`, `${?}`, `${$}`, and defaults `${key, 'default'}` (reference_policies_variables.md).
//!
//! Callers decide whether to substitute at all: only under `Version` 2012-10-17
//! (`PolicyVersion::substitutes_variables`), only in the resource part of `Resource` and in String/Arn condition
//! values (`BaseOperator::allows_variables`). Elsewhere `${...}` is literal text.

use crate::context::{ContextValue, RequestContext};
use crate::wildcard::{Part, Pattern};

/// The result of substituting variables into a plain string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Substituted {
    /// Every variable resolved (or there were none).
    Resolved(String),
    /// A variable had no value and no default: the value matches nothing.
    Unresolved { variable: String },
}

/// A variable that had no single value in the request and no default, naming the key as written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("policy variable `${{{variable}}}` has no value in the request")]
pub struct Unresolved {
    pub variable: String,
}

/// Substitutes policy variables in `text` for a plain comparison (`StringEquals`, ...). `${*}`, `${?}`, `${$}`
/// become the characters `*`, `?`, `$`, and variable values are inserted as they are.
pub fn substitute(text: &str, context: &RequestContext) -> Substituted {
    if !text.contains("${") {
        return Substituted::Resolved(text.to_string());
    }
    let mut out = String::with_capacity(text.len());
    for piece in Pieces::new(text) {
        match piece {
            Piece::Text(literal) | Piece::Wildcards(literal) => out.push_str(literal),
            Piece::Special(character) => out.push(character),
            Piece::Variable { key, default } => match resolve(key, default, context) {
                Some(value) => out.push_str(value),
                None => {
                    return Substituted::Unresolved {
                        variable: key.to_string(),
                    }
                }
            },
        }
    }
    Substituted::Resolved(out)
}

/// Substitutes policy variables in a wildcard pattern (`Resource`, `StringLike`, `ArnLike` values). `*` and `?`
/// written in the policy are wildcards; `${*}` and `${?}` are literal characters ("If these special characters
/// are part of the string you are trying to match and you inserted them literally they would be
/// misinterpreted", reference_policies_variables.md, "Special characters").
///
/// A variable's value is inserted as literal text: a tag value containing `*` matches only a `*`. The docs do
/// not say; treating request data as data keeps a caller-chosen tag from widening a policy.
pub fn substitute_pattern(text: &str, context: &RequestContext) -> Result<Pattern, Unresolved> {
    if !text.contains("${") {
        return Ok(Pattern::parse(text));
    }
    let mut parts: Vec<Part> = Vec::new();
    for piece in Pieces::new(text) {
        match piece {
            Piece::Text(literal) => push_literal(&mut parts, literal),
            Piece::Wildcards(written) => {
                for part in Pattern::parse(written).parts {
                    match part {
                        Part::Literal(literal) => push_literal(&mut parts, &literal),
                        wildcard => parts.push(wildcard),
                    }
                }
            }
            Piece::Special(character) => {
                push_literal(&mut parts, character.encode_utf8(&mut [0; 4]))
            }
            Piece::Variable { key, default } => match resolve(key, default, context) {
                Some(value) => push_literal(&mut parts, value),
                None => {
                    return Err(Unresolved {
                        variable: key.to_string(),
                    })
                }
            },
        }
    }
    Ok(Pattern::from_parts(parts))
}

/// Appends literal text, merging with a literal before it.
fn push_literal(parts: &mut Vec<Part>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(Part::Literal(last)) = parts.last_mut() {
        last.push_str(text);
    } else {
        parts.push(Part::Literal(text.to_string()));
    }
}

/// The value of `key`, or `default`. "You can use any single-valued condition key as a variable. You can't use
/// a multivalued condition key as a variable" (reference_policies_variables.md, "Using variables in
/// policies"): a multivalued key resolves like an absent one (to its default, or to nothing).
fn resolve<'a>(
    key: &str,
    default: Option<&'a str>,
    context: &'a RequestContext,
) -> Option<&'a str> {
    match context.get(key) {
        Some(ContextValue::Single(value)) => Some(value.as_str()),
        Some(ContextValue::Multi(_)) | None => default,
    }
}

/// Whether `text` holds a well-formed policy variable (`${...}` that this module reads as one).
pub fn has_variables(text: &str) -> bool {
    text.contains("${")
        && Pieces::new(text)
            .any(|piece| matches!(piece, Piece::Variable { .. } | Piece::Special(_)))
}

/// One piece of a value: plain text, text that may hold wildcards, a special character, or a variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece<'a> {
    /// Text whose `*`/`?` the caller reads as wildcards (for patterns) or as characters (for plain strings).
    Wildcards(&'a str),
    /// Text that is never a wildcard (a malformed `${` kept as written).
    Text(&'a str),
    Special(char),
    Variable {
        key: &'a str,
        default: Option<&'a str>,
    },
}

/// Splits a value into pieces. A `${` that does not open a well-formed variable is kept as literal text.
struct Pieces<'a> {
    rest: &'a str,
}

impl<'a> Pieces<'a> {
    fn new(text: &'a str) -> Self {
        Self { rest: text }
    }
}

impl<'a> Iterator for Pieces<'a> {
    type Item = Piece<'a>;

    fn next(&mut self) -> Option<Piece<'a>> {
        if self.rest.is_empty() {
            return None;
        }
        match self.rest.find("${") {
            Some(0) => match read_variable(self.rest) {
                Some((piece, consumed)) => {
                    self.rest = self.rest.get(consumed..).unwrap_or("");
                    Some(piece)
                }
                None => {
                    // Not a variable: `$` is an ordinary character; go on after it.
                    let (dollar, rest) = self.rest.split_at(1);
                    self.rest = rest;
                    Some(Piece::Text(dollar))
                }
            },
            Some(start) => {
                let (text, rest) = self.rest.split_at(start);
                self.rest = rest;
                Some(Piece::Wildcards(text))
            }
            None => {
                let text = self.rest;
                self.rest = "";
                Some(Piece::Wildcards(text))
            }
        }
    }
}

/// Reads `${...}` at the start of `text`; returns the piece and the bytes consumed.
///
/// Forms: `${*}` `${?}` `${$}`; `${key}`; `${key, 'default'}` ("surround the default value with single quotes
/// and separate the variable text and the default value with a comma and space",
/// reference_policies_variables.md, "Specifying default values"; spaces around the comma are optional here).
fn read_variable(text: &str) -> Option<(Piece<'_>, usize)> {
    for (written, character) in [("${*}", '*'), ("${?}", '?'), ("${$}", '$')] {
        if text.starts_with(written) {
            return Some((Piece::Special(character), written.len()));
        }
    }
    let body = text.strip_prefix("${")?;
    let key_end = body.find([',', '}'])?;
    let (raw_key, after_key) = body.split_at(key_end);
    let key = raw_key.trim();
    if key.is_empty() || key.contains(['$', '{', '\'']) {
        return None;
    }
    if let Some(after_close) = after_key.strip_prefix('}') {
        let consumed = text.len() - after_close.len();
        return Some((Piece::Variable { key, default: None }, consumed));
    }
    let after_comma = after_key.strip_prefix(',')?.trim_start();
    let quoted = after_comma.strip_prefix('\'')?;
    let (default, after_default) = quoted.split_once('\'')?;
    let after_close = after_default.trim_start().strip_prefix('}')?;
    let consumed = text.len() - after_close.len();
    Some((
        Piece::Variable {
            key,
            default: Some(default),
        },
        consumed,
    ))
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    fn context() -> RequestContext {
        let mut context = RequestContext::new();
        context.insert("aws:username", ContextValue::Single("David".into()));
        context.insert(
            "aws:PrincipalTag/team",
            ContextValue::Single("yellow".into()),
        );
        context.insert(
            "aws:TagKeys",
            ContextValue::Multi(vec!["a".into(), "b".into()]),
        );
        context.insert("aws:PrincipalTag/star", ContextValue::Single("a*b".into()));
        context
    }

    fn resolved(text: &str) -> Substituted {
        Substituted::Resolved(text.to_string())
    }

    // reference_policies_variables.md, "Using variables in policies": `${aws:username}` is the user's name.
    #[test]
    fn username_is_substituted() {
        assert_eq!(
            substitute("arn:aws:s3:::mybucket/${aws:username}/*", &context()),
            resolved("arn:aws:s3:::mybucket/David/*")
        );
    }

    // reference_policies_variables.md, "Using variables in policies": key names are case-insensitive.
    #[test]
    fn variable_names_ignore_case() {
        assert_eq!(substitute("${AWS:UserName}", &context()), resolved("David"));
        assert_eq!(
            substitute("${aws:principaltag/TEAM}", &context()),
            resolved("yellow")
        );
    }

    // reference_policies_variables.md, "Tags as policy variables" / "Resource element".
    #[test]
    fn principal_tag_is_substituted() {
        assert_eq!(
            substitute("arn:aws:s3:::bucket/${aws:PrincipalTag/team}", &context()),
            resolved("arn:aws:s3:::bucket/yellow")
        );
    }

    // reference_policies_variables.md, "Policy variables with no value".
    #[test]
    fn absent_key_without_default_is_unresolved() {
        assert_eq!(
            substitute("home/${aws:PrincipalTag/department}/", &context()),
            Substituted::Unresolved {
                variable: "aws:PrincipalTag/department".into()
            }
        );
        assert_eq!(
            substitute_pattern("home/${aws:PrincipalTag/department}/*", &context()),
            Err(Unresolved {
                variable: "aws:PrincipalTag/department".into()
            })
        );
    }

    // reference_policies_variables.md, "Specifying default values": the doc's own example.
    #[test]
    fn defaults_apply_when_absent() {
        let text = "arn:aws:s3:::DOC-EXAMPLE-BUCKET-${aws:PrincipalTag/team, 'company-wide'}";
        assert_eq!(
            substitute(text, &context()),
            resolved("arn:aws:s3:::DOC-EXAMPLE-BUCKET-yellow")
        );
        assert_eq!(
            substitute(text, &RequestContext::new()),
            resolved("arn:aws:s3:::DOC-EXAMPLE-BUCKET-company-wide")
        );
        assert_eq!(
            substitute("${aws:x,'d'}", &RequestContext::new()),
            resolved("d")
        );
        assert_eq!(
            substitute("${aws:x , ''}", &RequestContext::new()),
            resolved("")
        );
        assert_eq!(
            substitute("${aws:x, 'a}b'}", &RequestContext::new()),
            resolved("a}b")
        );
    }

    // reference_policies_variables.md, "Using variables in policies": no multivalued key as a variable.
    #[test]
    fn multivalued_key_is_unresolved_or_default() {
        assert_eq!(
            substitute("${aws:TagKeys}", &context()),
            Substituted::Unresolved {
                variable: "aws:TagKeys".into()
            }
        );
        assert_eq!(
            substitute("${aws:TagKeys, 'none'}", &context()),
            resolved("none")
        );
    }

    // reference_policies_variables.md, "Special characters".
    #[test]
    fn special_characters_are_literal() {
        assert_eq!(
            substitute("a${*}b${?}c${$}d", &context()),
            resolved("a*b?c$d")
        );
        let pattern = substitute_pattern("a${*}b*", &context());
        assert_eq!(
            pattern,
            Ok(Pattern::from_parts(vec![
                Part::Literal("a*b".into()),
                Part::AnyRun
            ]))
        );
    }

    #[test]
    fn variable_values_are_literal_in_patterns() {
        assert_eq!(
            substitute_pattern("x/${aws:PrincipalTag/star}", &context()),
            Ok(Pattern::from_parts(vec![Part::Literal("x/a*b".into())]))
        );
    }

    #[test]
    fn malformed_variables_stay_literal() {
        for text in [
            "${aws:username",
            "${}",
            "${ }",
            "$",
            "${a, 'b}",
            "${a, b}",
            "${a, 'b' x}",
            "$${x",
        ] {
            assert_eq!(substitute(text, &context()), resolved(text), "{text}");
            assert!(!has_variables(text), "{text}");
        }
        assert_eq!(
            substitute("$${aws:username}", &context()),
            resolved("$David")
        );
        assert_eq!(
            substitute("${${aws:username}}", &context()),
            resolved("${David}")
        );
    }

    #[test]
    fn text_without_variables_is_unchanged() {
        assert_eq!(substitute("plain *?", &context()), resolved("plain *?"));
        assert!(has_variables("${aws:username}"));
        assert!(has_variables("${*}"));
        assert!(!has_variables("plain"));
    }
}
