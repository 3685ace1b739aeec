//! Fragments as tutorials print them: a bare statement (`{"Effect", "Action", "Resource"}`), a
//! `{"Principal", "Action", "Resource"}` snippet without `Effect`, or a list of statements, pasted where a
//! policy document goes. The parser reports one `E0229` for them instead of an unknown-key error per element
//! and a missing `Statement`; [`wrap_fragment`] is the quick fix, as data: the text that replaces the document.
//!
//! Contract: a fix never invents an `Effect` silently. When the fragment has none, [`FragmentFix::wrapped`]
//! keeps it without one (the result still reports the missing `Effect`), and only
//! [`FragmentFix::wrapped_with_allow`], which a shell offers as a separate, explicitly labelled choice the user
//! confirms, adds `"Effect": "Allow"`.

use super::parse::STATEMENT_KEYS;
use crate::diagnostic::Span;
use crate::json::{self, Limits, SpannedValue, Value};

/// The quick fix for a pasted fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FragmentFix {
    /// The whole document: what the fix replaces.
    pub span: Span,
    /// The fragment wrapped as `{"Version": "2012-10-17", "Statement": [...]}`, nothing else changed.
    pub wrapped: String,
    /// Some statement has no `Effect`.
    pub missing_effect: bool,
    /// `wrapped` with `"Effect": "Allow"` added to every statement without one; `None` when none lacks it.
    pub wrapped_with_allow: Option<String>,
}

/// Whether `value` is an object whose keys are all statement elements and without `Statement` (one
/// statement, not a policy).
pub fn is_statement_like(value: &SpannedValue) -> bool {
    match value.value.as_object() {
        Some(members) => {
            !members.is_empty()
                && members
                    .iter()
                    .all(|m| STATEMENT_KEYS.contains(&m.key.as_str()))
                && members.iter().any(|m| {
                    matches!(
                        m.key.as_str(),
                        "Action" | "NotAction" | "Effect" | "Principal" | "NotPrincipal"
                    )
                })
        }
        None => false,
    }
}

/// Whether `value` is a fragment: a statement-like object, or a non-empty list of them.
pub fn is_fragment(value: &SpannedValue) -> bool {
    match &value.value {
        Value::Object(_) => is_statement_like(value),
        Value::Array(items) => !items.is_empty() && items.iter().all(is_statement_like),
        _ => false,
    }
}

/// Indents every line after the first by `by` spaces.
fn indent(text: &str, by: usize) -> String {
    text.replace('\n', &format!("\n{}", " ".repeat(by)))
}

/// The statements' source texts, and whether each has an `Effect`.
fn statements<'t>(text: &'t str, value: &SpannedValue) -> Vec<(&'t str, &'t str, bool, Span)> {
    let items: Vec<&SpannedValue> = match &value.value {
        Value::Array(items) => items.iter().collect(),
        _ => vec![value],
    };
    items
        .into_iter()
        .map(|item| {
            let start = item.span.start.offset as usize;
            let end = item.span.end.offset as usize;
            let source = text.get(start..end).unwrap_or_default();
            // The indentation of the line the statement starts on, so its later lines can be re-indented.
            let line_start = text
                .get(..start)
                .and_then(|before| before.rfind('\n'))
                .map_or(0, |newline| newline + 1);
            let lead = text.get(line_start..start).unwrap_or_default();
            let has_effect = item.get("Effect").is_some();
            (source, lead, has_effect, item.span)
        })
        .collect()
}

/// Removes `lead`'s width of leading spaces from every line but the first.
fn dedent(source: &str, width: usize) -> String {
    let mut lines = source.split('\n');
    let mut out = lines.next().unwrap_or_default().to_string();
    for line in lines {
        out.push('\n');
        let spaces = line.len() - line.trim_start_matches(' ').len();
        out.push_str(line.get(spaces.min(width)..).unwrap_or_default());
    }
    out
}

fn wrap(parts: &[String]) -> String {
    let body: Vec<String> = parts
        .iter()
        .map(|part| format!("    {}", indent(part, 4)))
        .collect();
    format!(
        "{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n{}\n  ]\n}}",
        body.join(",\n")
    )
}

/// Adds `"Effect": "Allow"` as the first member of a statement's source text.
fn with_allow(statement: &str) -> String {
    let rest = statement
        .trim_start()
        .strip_prefix('{')
        .unwrap_or(statement);
    if rest.trim().starts_with('}') {
        return "{ \"Effect\": \"Allow\" }".to_string();
    }
    // Keep the statement's own layout: a multi-line statement gets the new member on its own line.
    match rest.find('\n') {
        Some(_) => {
            let indent: String = rest
                .trim_start_matches(['\r', '\n'])
                .chars()
                .take_while(|c| *c == ' ')
                .collect();
            format!("{{\n{indent}\"Effect\": \"Allow\",{rest}")
        }
        None => format!("{{ \"Effect\": \"Allow\",{rest}"),
    }
}

/// The quick fix for policy `text`, when it is a fragment.
pub fn wrap_fragment(text: &str) -> Option<FragmentFix> {
    let value = json::parse(text, &Limits::default()).ok()?;
    if !is_fragment(&value) {
        return None;
    }
    let parts = statements(text, &value);
    let plain: Vec<String> = parts
        .iter()
        .map(|(source, lead, _, _)| dedent(source, lead.len()))
        .collect();
    let missing_effect = parts.iter().any(|(_, _, has_effect, _)| !has_effect);
    let wrapped_with_allow = missing_effect.then(|| {
        let fixed: Vec<String> = parts
            .iter()
            .zip(&plain)
            .map(|((_, _, has_effect, _), source)| {
                if *has_effect {
                    source.clone()
                } else {
                    with_allow(source)
                }
            })
            .collect();
        wrap(&fixed)
    });
    Some(FragmentFix {
        span: value.span,
        wrapped: wrap(&plain),
        missing_effect,
        wrapped_with_allow,
    })
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use crate::policy::{parse_policy, PolicyKind};

    #[test]
    fn a_bare_statement_is_one_finding_and_wraps_into_a_valid_policy() {
        let text = "{\n  \"Effect\": \"Allow\",\n  \"Action\": \"s3:GetObject\",\n  \"Resource\": \"arn:aws:s3:::b/*\"\n}";
        let parsed = parse_policy(text, PolicyKind::Identity);
        let codes: Vec<&str> = parsed.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, vec!["E0229"]);
        let fix = wrap_fragment(text).expect("a fragment");
        assert!(!fix.missing_effect);
        assert_eq!(fix.wrapped_with_allow, None);
        let wrapped = parse_policy(&fix.wrapped, PolicyKind::Identity);
        assert!(
            wrapped.policy.is_some(),
            "{}\n{:?}",
            fix.wrapped,
            wrapped.diagnostics
        );
    }

    #[test]
    fn principal_action_resource_gets_effect_only_by_the_confirmed_fix() {
        let text = r#"{"Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#;
        let parsed = parse_policy(text, PolicyKind::Resource);
        assert_eq!(parsed.diagnostics.len(), 1);
        assert_eq!(parsed.diagnostics[0].code, "E0229");
        let fix = wrap_fragment(text).expect("a fragment");
        assert!(fix.missing_effect);
        // The plain wrap keeps the statement as written: the Effect is still missing.
        let plain = parse_policy(&fix.wrapped, PolicyKind::Resource);
        assert!(plain.diagnostics.iter().any(|d| d.code == "E0208"));
        let confirmed = fix.wrapped_with_allow.expect("offered");
        let parsed = parse_policy(&confirmed, PolicyKind::Resource);
        assert!(
            parsed.policy.is_some(),
            "{confirmed}\n{:?}",
            parsed.diagnostics
        );
    }

    #[test]
    fn a_list_of_statements_wraps_as_is() {
        let text = "[\n  {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"},\n  {\"Effect\": \"Deny\", \"Action\": \"s3:DeleteBucket\", \"Resource\": \"*\"}\n]";
        assert_eq!(
            parse_policy(text, PolicyKind::Identity).diagnostics.len(),
            1
        );
        let fix = wrap_fragment(text).expect("a fragment");
        let parsed = parse_policy(&fix.wrapped, PolicyKind::Identity);
        assert_eq!(parsed.policy.map(|p| p.statements.len()), Some(2));
    }

    #[test]
    fn policies_and_other_mistakes_are_not_fragments() {
        for text in [
            r#"{"Version": "2012-10-17", "Statement": []}"#,
            r#"{"Version": "2012-10-17"}"#,
            r#"{"Statment": [], "Version": "2012-10-17"}"#,
            r#"{"Sid": "x"}"#,
            "[]",
            "42",
        ] {
            assert_eq!(wrap_fragment(text), None, "{text}");
        }
    }
}
