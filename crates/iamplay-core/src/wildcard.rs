//! `*` and `?` wildcard matching for actions, resources, principals and `StringLike`/`ArnLike` values, in time
//! linear in pattern × value (no backtracking explosion on patterns like `*a*a*a*b`).
//!
//! CONTRACT: a `Pattern` is a list of parts, so a policy variable like `${*}` can put a literal `*` into a
//! pattern (reference_policies_variables.md, "Special characters").

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Part {
    Literal(String),
    /// `*`: any run of characters, including none and including `/` and `:`.
    AnyRun,
    /// `?`: exactly one character.
    AnyOne,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pattern {
    pub parts: Vec<Part>,
}

impl Pattern {
    /// Reads `*` and `?` as wildcards; every other character is literal.
    pub fn parse(text: &str) -> Self {
        Self { parts: vec![Part::Literal(text.to_string())] }
    }

    pub fn from_parts(parts: Vec<Part>) -> Self {
        Self { parts }
    }

    /// Case-sensitive match of the whole value.
    pub fn matches(&self, value: &str) -> bool {
        let _ = value;
        false
    }

    /// ASCII-case-insensitive match of the whole value (actions, `StringEqualsIgnoreCase`).
    pub fn matches_ignore_case(&self, value: &str) -> bool {
        let _ = value;
        false
    }
}

/// Case-sensitive wildcard match of `value` against `pattern` text.
pub fn matches(pattern: &str, value: &str) -> bool {
    Pattern::parse(pattern).matches(value)
}

/// ASCII-case-insensitive wildcard match.
pub fn matches_ignore_case(pattern: &str, value: &str) -> bool {
    Pattern::parse(pattern).matches_ignore_case(value)
}
