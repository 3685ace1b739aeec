//! An owned JSON tree for building the imported scenario, and its writer: objects keep insertion order, and
//! the text is indented two spaces like every scenario in `examples/`.
//!
//! The spanned tree of `crate::json` is what inputs are read as; this one is what the import writes. Policy
//! documents go from one to the other unchanged (keys, order and number text are kept), so an imported policy
//! reads exactly as AWS printed it.

use crate::json::{SpannedValue, Value};

/// A JSON value the import builds. Numbers keep their source text.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    pub fn string(text: impl Into<String>) -> Self {
        Self::String(text.into())
    }

    /// An object from `(key, value)` pairs, in order.
    pub fn object<K: Into<String>>(members: impl IntoIterator<Item = (K, Json)>) -> Self {
        Self::Object(
            members
                .into_iter()
                .map(|(key, value)| (key.into(), value))
                .collect(),
        )
    }

    /// The value of the first member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Self::Object(members) => members
                .iter()
                .find(|(name, _)| name == key)
                .map(|(_, value)| value),
            _ => None,
        }
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Json> {
        match self {
            Self::Object(members) => members
                .iter_mut()
                .find(|(name, _)| name == key)
                .map(|(_, value)| value),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(text) => Some(text),
            _ => None,
        }
    }

    /// Sets `key` of an object (replacing the first member of that name, else appending). No effect on other
    /// values.
    pub fn set(&mut self, key: &str, value: Json) {
        if let Self::Object(members) = self {
            match members.iter_mut().find(|(name, _)| name == key) {
                Some((_, old)) => *old = value,
                None => members.push((key.to_string(), value)),
            }
        }
    }

    /// Removes every member `key` of an object.
    pub fn remove(&mut self, key: &str) {
        if let Self::Object(members) = self {
            members.retain(|(name, _)| name != key);
        }
    }

    /// The same value from the spanned tree of `crate::json`.
    pub fn from_spanned(value: &SpannedValue) -> Self {
        match &value.value {
            Value::Null => Self::Null,
            Value::Bool(flag) => Self::Bool(*flag),
            Value::Number(text) => Self::Number(text.clone()),
            Value::String(text) => Self::String(text.clone()),
            Value::Array(items) => Self::Array(items.iter().map(Self::from_spanned).collect()),
            Value::Object(members) => Self::Object(
                members
                    .iter()
                    .map(|member| (member.key.clone(), Self::from_spanned(&member.value)))
                    .collect(),
            ),
        }
    }

    /// The JSON text, indented two spaces, with a final newline.
    pub fn to_pretty_string(&self) -> String {
        let mut out = String::new();
        write(&mut out, self, 0);
        out.push('\n');
        out
    }
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

/// Short arrays of scalars stay on one line (`"Action": ["s3:GetObject", "s3:PutObject"]`), the way people
/// write policies; everything else gets a line per element.
fn inline(items: &[Json]) -> bool {
    let scalars = items
        .iter()
        .all(|item| !matches!(item, Json::Array(_) | Json::Object(_)));
    let width: usize = items.iter().map(scalar_width).sum();
    scalars && width + 2 * items.len() <= 80
}

fn scalar_width(value: &Json) -> usize {
    match value {
        Json::Null => 4,
        Json::Bool(_) => 5,
        Json::Number(text) | Json::String(text) => text.len() + 2,
        Json::Array(_) | Json::Object(_) => usize::MAX / 1024,
    }
}

fn write(out: &mut String, value: &Json, depth: usize) {
    match value {
        Json::Null => out.push_str("null"),
        Json::Bool(flag) => out.push_str(if *flag { "true" } else { "false" }),
        Json::Number(text) => out.push_str(text),
        Json::String(text) => write_string(out, text),
        Json::Array(items) if items.is_empty() => out.push_str("[]"),
        Json::Array(items) if inline(items) => {
            out.push('[');
            for (position, item) in items.iter().enumerate() {
                if position > 0 {
                    out.push_str(", ");
                }
                write(out, item, depth);
            }
            out.push(']');
        }
        Json::Array(items) => {
            out.push_str("[\n");
            for (position, item) in items.iter().enumerate() {
                if position > 0 {
                    out.push_str(",\n");
                }
                indent(out, depth + 1);
                write(out, item, depth + 1);
            }
            out.push('\n');
            indent(out, depth);
            out.push(']');
        }
        Json::Object(members) if members.is_empty() => out.push_str("{}"),
        Json::Object(members) => {
            out.push_str("{\n");
            for (position, (key, item)) in members.iter().enumerate() {
                if position > 0 {
                    out.push_str(",\n");
                }
                indent(out, depth + 1);
                write_string(out, key);
                out.push_str(": ");
                write(out, item, depth + 1);
            }
            out.push('\n');
            indent(out, depth);
            out.push('}');
        }
    }
}

/// A JSON string literal: `"` and `\` escaped, control characters as `\n`-style or `\u00XX` escapes.
fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for character in text.chars() {
        match character {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            control if u32::from(control) < 0x20 => {
                out.push_str(&format!("\\u{:04x}", u32::from(control)));
            }
            other => out.push(other),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{parse, Limits};

    #[test]
    fn round_trips_through_the_spanned_parser() {
        let text = r#"{"a": [1, 2.50, -3e2], "b": {"c": "q\"\\\n\u0001é"}, "d": [], "e": {}, "f": [true, false, null]}"#;
        let value = parse(text, &Limits::default()).unwrap();
        let tree = Json::from_spanned(&value);
        let written = tree.to_pretty_string();
        let again = Json::from_spanned(&parse(&written, &Limits::default()).unwrap());
        assert_eq!(tree, again);
        assert!(written.contains("2.50"), "{written}");
        assert!(written.contains("\\u0001"), "{written}");
    }

    #[test]
    fn short_scalar_arrays_stay_on_one_line() {
        let tree = Json::object([(
            "Action",
            Json::Array(vec![
                Json::string("s3:GetObject"),
                Json::string("s3:PutObject"),
            ]),
        )]);
        assert_eq!(
            tree.to_pretty_string(),
            "{\n  \"Action\": [\"s3:GetObject\", \"s3:PutObject\"]\n}\n"
        );
    }

    #[test]
    fn set_replaces_or_appends() {
        let mut tree = Json::object([("a", Json::Null)]);
        tree.set("a", Json::Bool(true));
        tree.set("b", Json::Bool(false));
        assert_eq!(tree.get("a"), Some(&Json::Bool(true)));
        assert_eq!(tree.get("b"), Some(&Json::Bool(false)));
        tree.remove("a");
        assert_eq!(tree.get("a"), None);
    }
}
