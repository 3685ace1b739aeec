//! JSON Patch (RFC 6902) over scenario files: an owned JSON tree ([`Json`]), the `add`/`remove`/`replace`
//! operations every suggested edit is made of, applying them, and writing the result back as text.
//!
//! CONTRACT:
//! - [`Json::from_spanned`] reads the parser's tree ([`crate::json::SpannedValue`]) without losing anything a
//!   scenario means: numbers keep their source text, duplicate keys stay in order.
//! - [`apply`] follows RFC 6902 section 4 for the three operations it knows: `add` into an object sets the member
//!   (replacing one of the same name), into an array inserts before the index or appends at `-`; `remove` and
//!   `replace` need the target to exist. It never panics and leaves the document unchanged on error.
//! - Paths are JSON Pointers (RFC 6901): `/users/0/policies/1/document/Statement/-`, `~1` for `/` and `~0`
//!   for `~` inside a token ([`pointer`] escapes).
//! - [`Json::to_text`] writes two-space indented JSON that [`crate::json::parse`] reads back to the same tree.
//!
//! serde_json is only available behind the `ffi` feature, so the core carries this small tree of its own; it
//! serializes with serde, so shells emit patches as ordinary JSON.

use crate::diagnostic::Span;
use crate::json::{SpannedValue, Value};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use std::fmt::Write as _;

/// An owned JSON value; objects keep their members in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    /// The number's text as written (`10`, `1.50`).
    Number(String),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    /// A string value.
    pub fn str(text: impl Into<String>) -> Self {
        Json::String(text.into())
    }

    /// An object from `(key, value)` pairs, in order.
    pub fn object<const N: usize>(members: [(&str, Json); N]) -> Self {
        Json::Object(
            members
                .into_iter()
                .map(|(key, value)| (key.to_string(), value))
                .collect(),
        )
    }

    /// Reads the parser's spanned tree.
    pub fn from_spanned(value: &SpannedValue) -> Self {
        match &value.value {
            Value::Null => Json::Null,
            Value::Bool(flag) => Json::Bool(*flag),
            Value::Number(text) => Json::Number(text.clone()),
            Value::String(text) => Json::String(text.clone()),
            Value::Array(items) => Json::Array(items.iter().map(Json::from_spanned).collect()),
            Value::Object(members) => Json::Object(
                members
                    .iter()
                    .map(|member| (member.key.clone(), Json::from_spanned(&member.value)))
                    .collect(),
            ),
        }
    }

    /// The member `key` of an object (the last one when a key repeats, as the loader reads it).
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members
                .iter()
                .rev()
                .find(|(name, _)| name == key)
                .map(|(_, value)| value),
            _ => None,
        }
    }

    /// The value at a JSON Pointer.
    pub fn at(&self, path: &str) -> Option<&Json> {
        let mut current = self;
        for token in tokens(path).ok()? {
            current = match current {
                Json::Object(_) => current.get(&token)?,
                Json::Array(items) => items.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(current)
    }

    /// Two-space indented JSON text, with a final newline.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, 0);
        out.push('\n');
        out
    }

    fn write(&self, out: &mut String, depth: usize) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(flag) => out.push_str(if *flag { "true" } else { "false" }),
            Json::Number(text) => out.push_str(text),
            Json::String(text) => write_string(out, text),
            Json::Array(items) if items.is_empty() => out.push_str("[]"),
            Json::Object(members) if members.is_empty() => out.push_str("{}"),
            Json::Array(items) => {
                out.push('[');
                for (at, item) in items.iter().enumerate() {
                    out.push_str(if at == 0 { "\n" } else { ",\n" });
                    indent(out, depth + 1);
                    item.write(out, depth + 1);
                }
                out.push('\n');
                indent(out, depth);
                out.push(']');
            }
            Json::Object(members) => {
                out.push('{');
                for (at, (key, value)) in members.iter().enumerate() {
                    out.push_str(if at == 0 { "\n" } else { ",\n" });
                    indent(out, depth + 1);
                    write_string(out, key);
                    out.push_str(": ");
                    value.write(out, depth + 1);
                }
                out.push('\n');
                indent(out, depth);
                out.push('}');
            }
        }
    }
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for character in text.chars() {
        match character {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            control if u32::from(control) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(control));
            }
            other => out.push(other),
        }
    }
    out.push('"');
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => serializer.serialize_unit(),
            Json::Bool(flag) => serializer.serialize_bool(*flag),
            Json::Number(text) => {
                if let Ok(whole) = text.parse::<i64>() {
                    serializer.serialize_i64(whole)
                } else if let Ok(whole) = text.parse::<u64>() {
                    serializer.serialize_u64(whole)
                } else if let Ok(real) = text.parse::<f64>() {
                    serializer.serialize_f64(real)
                } else {
                    serializer.serialize_str(text)
                }
            }
            Json::String(text) => serializer.serialize_str(text),
            Json::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (key, value) in members {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

/// The operations suggested edits use (RFC 6902 section 4.1 to 4.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum PatchOpKind {
    Add,
    Remove,
    Replace,
}

/// One JSON Patch operation; `value` is absent for `remove`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PatchOp {
    pub op: PatchOpKind,
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Json>,
}

impl PatchOp {
    pub fn add(path: impl Into<String>, value: Json) -> Self {
        Self {
            op: PatchOpKind::Add,
            path: path.into(),
            value: Some(value),
        }
    }

    pub fn remove(path: impl Into<String>) -> Self {
        Self {
            op: PatchOpKind::Remove,
            path: path.into(),
            value: None,
        }
    }

    pub fn replace(path: impl Into<String>, value: Json) -> Self {
        Self {
            op: PatchOpKind::Replace,
            path: path.into(),
            value: Some(value),
        }
    }
}

/// Why a patch does not apply.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatchError {
    #[error("`{0}` is not a JSON Pointer (it must be empty or start with `/`)")]
    BadPointer(String),
    #[error("nothing at `{0}`")]
    Missing(String),
    #[error("`{0}` names an array index that is not a number in range")]
    BadIndex(String),
    #[error("`{0}` needs a value")]
    NoValue(String),
}

/// Escapes one reference token (RFC 6901 section 3): `~` → `~0`, `/` → `~1`.
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// A JSON Pointer from unescaped tokens.
pub fn pointer<S: AsRef<str>>(tokens: &[S]) -> String {
    tokens
        .iter()
        .map(|token| format!("/{}", escape(token.as_ref())))
        .collect()
}

/// The unescaped tokens of a JSON Pointer.
fn tokens(path: &str) -> Result<Vec<String>, PatchError> {
    if path.is_empty() {
        return Ok(Vec::new());
    }
    let Some(rest) = path.strip_prefix('/') else {
        return Err(PatchError::BadPointer(path.to_string()));
    };
    Ok(rest
        .split('/')
        .map(|token| token.replace("~1", "/").replace("~0", "~"))
        .collect())
}

/// Applies `ops` in order to a copy of `document`; the patched copy, or the first error.
pub fn apply(document: &Json, ops: &[PatchOp]) -> Result<Json, PatchError> {
    let mut patched = document.clone();
    for op in ops {
        apply_one(&mut patched, op)?;
    }
    Ok(patched)
}

fn apply_one(document: &mut Json, op: &PatchOp) -> Result<(), PatchError> {
    let mut path = tokens(&op.path)?;
    let Some(last) = path.pop() else {
        // The whole document.
        return match (op.op, &op.value) {
            (PatchOpKind::Remove, _) => Err(PatchError::BadPointer(op.path.clone())),
            (_, Some(value)) => {
                *document = value.clone();
                Ok(())
            }
            (_, None) => Err(PatchError::NoValue(op.path.clone())),
        };
    };
    let missing = || PatchError::Missing(op.path.clone());
    let mut parent = &mut *document;
    for token in &path {
        parent = match parent {
            Json::Object(members) => members
                .iter_mut()
                .rev()
                .find(|(name, _)| name == token)
                .map(|(_, value)| value)
                .ok_or_else(missing)?,
            Json::Array(items) => {
                let at = token
                    .parse::<usize>()
                    .map_err(|_| PatchError::BadIndex(op.path.clone()))?;
                items.get_mut(at).ok_or_else(missing)?
            }
            _ => return Err(missing()),
        };
    }
    let value = || {
        op.value
            .clone()
            .ok_or_else(|| PatchError::NoValue(op.path.clone()))
    };
    match parent {
        Json::Object(members) => {
            let existing = members.iter().rposition(|(name, _)| *name == last);
            match (op.op, existing) {
                (PatchOpKind::Add | PatchOpKind::Replace, Some(at)) => {
                    let value = value()?;
                    if let Some(slot) = members.get_mut(at) {
                        slot.1 = value;
                    }
                }
                (PatchOpKind::Add, None) => members.push((last, value()?)),
                (PatchOpKind::Remove, Some(at)) => {
                    members.remove(at);
                }
                (PatchOpKind::Replace | PatchOpKind::Remove, None) => return Err(missing()),
            }
        }
        Json::Array(items) => {
            if op.op == PatchOpKind::Add && last == "-" {
                items.push(value()?);
                return Ok(());
            }
            let at = last
                .parse::<usize>()
                .map_err(|_| PatchError::BadIndex(op.path.clone()))?;
            match op.op {
                PatchOpKind::Add if at <= items.len() => items.insert(at, value()?),
                PatchOpKind::Remove if at < items.len() => {
                    items.remove(at);
                }
                PatchOpKind::Replace if at < items.len() => {
                    let value = value()?;
                    if let Some(slot) = items.get_mut(at) {
                        *slot = value;
                    }
                }
                _ => return Err(PatchError::BadIndex(op.path.clone())),
            }
        }
        _ => return Err(missing()),
    }
    Ok(())
}

/// The JSON Pointer of the value written at exactly `span` in `root` (a policy entry, a statement), if any.
pub fn path_of_span(root: &SpannedValue, span: Span) -> Option<String> {
    let mut trail: Vec<String> = Vec::new();
    let mut current = root;
    loop {
        if current.span == span {
            return Some(pointer(&trail));
        }
        let contains = |value: &SpannedValue| {
            value.span.start.offset <= span.start.offset && span.end.offset <= value.span.end.offset
        };
        let next = match &current.value {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .find(|(_, item)| contains(item))
                .map(|(at, item)| (at.to_string(), item)),
            Value::Object(members) => members
                .iter()
                .find(|member| contains(&member.value))
                .map(|member| (member.key.clone(), &member.value)),
            _ => None,
        };
        let (token, child) = next?;
        trail.push(token);
        current = child;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{parse, Limits};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn doc(text: &str) -> Json {
        Json::from_spanned(&parse(text, &Limits::default()).unwrap())
    }

    #[test]
    fn add_appends_inserts_and_sets() {
        let before = doc(r#"{"a": [1, 2], "b": {"c": "x"}}"#);
        let after = apply(
            &before,
            &[
                PatchOp::add("/a/-", Json::Number("3".into())),
                PatchOp::add("/a/0", Json::Number("0".into())),
                PatchOp::add("/b/d~1e", Json::Bool(true)),
                PatchOp::replace("/b/c", Json::str("y")),
            ],
        )
        .unwrap();
        assert_eq!(
            after,
            doc(r#"{"a": [0, 1, 2, 3], "b": {"c": "y", "d/e": true}}"#)
        );
    }

    #[test]
    fn remove_and_errors_leave_the_document_alone() {
        let before = doc(r#"{"a": [1, 2], "b": {}}"#);
        let after = apply(&before, &[PatchOp::remove("/a/0"), PatchOp::remove("/b")]).unwrap();
        assert_eq!(after, doc(r#"{"a": [2]}"#));
        assert_eq!(
            apply(&before, &[PatchOp::remove("/a/5")]),
            Err(PatchError::BadIndex("/a/5".into()))
        );
        assert_eq!(
            apply(&before, &[PatchOp::replace("/nope/x", Json::Null)]),
            Err(PatchError::Missing("/nope/x".into()))
        );
        assert!(apply(&before, &[PatchOp::remove("a")]).is_err());
    }

    #[test]
    fn text_round_trips_through_the_parser() {
        let text = r#"{"s": "a\"b\\c\n\u0001é", "n": 1.50, "e": [], "o": {}, "l": [null, false]}"#;
        let value = doc(text);
        assert_eq!(doc(&value.to_text()), value);
    }

    #[test]
    fn path_of_span_finds_nested_values_and_escapes_keys() {
        let text = r#"{"accounts": {"1/2": {"scps": [[{"x": 1}]]}}}"#;
        let root = parse(text, &Limits::default()).unwrap();
        let Value::Object(members) = &root.value else {
            panic!("object")
        };
        let target = members[0]
            .value
            .get("1/2")
            .unwrap()
            .value
            .get("scps")
            .unwrap();
        let Value::Array(levels) = &target.value.value else {
            panic!("array")
        };
        let Value::Array(level) = &levels[0].value else {
            panic!("array")
        };
        assert_eq!(
            path_of_span(&root, level[0].span).as_deref(),
            Some("/accounts/1~12/scps/0/0")
        );
        assert_eq!(path_of_span(&root, root.span).as_deref(), Some(""));
    }
}
