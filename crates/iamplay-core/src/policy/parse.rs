//! Parses spanned JSON into a `Policy`, reporting every syntax and semantic error at once.
//!
//! CONTRACT: `parse_policy` never panics; `ParsedPolicy::policy` is `Some` exactly when no diagnostic has
//! severity `Error` (warnings do not block evaluation).

use crate::diagnostic::Diagnostic;
use crate::json::SpannedValue;
use crate::policy::model::{Policy, PolicyKind};

#[derive(Debug, Clone, PartialEq)]
pub struct ParsedPolicy {
    pub policy: Option<Policy>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses policy text of the given kind.
pub fn parse_policy(text: &str, kind: PolicyKind) -> ParsedPolicy {
    match crate::json::parse(text, &crate::json::Limits::default()) {
        Ok(value) => parse_policy_value(&value, kind),
        Err(diagnostics) => ParsedPolicy { policy: None, diagnostics },
    }
}

/// Parses a policy already read as spanned JSON (e.g. embedded in a scenario file; spans stay file-relative).
pub fn parse_policy_value(value: &SpannedValue, kind: PolicyKind) -> ParsedPolicy {
    let _ = (value, kind);
    ParsedPolicy { policy: None, diagnostics: Vec::new() }
}
