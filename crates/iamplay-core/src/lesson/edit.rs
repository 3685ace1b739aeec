//! Model edits: JSON Pointers (RFC 6901) into a scenario's text, applied by splicing the new value's text at
//! the span of the value the pointer names. Nothing else of the text changes, so a reader's own formatting
//! survives "show me".

use super::{codes, Edit};
use crate::diagnostic::{Diagnostic, Span};
use crate::json::{self, Limits, SpannedValue, Value};

/// Where a pointer leads in a parsed document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PointerTarget {
    /// An existing value: replace the bytes of this span.
    Existing(Span),
    /// A new member of an object, or a new last element of an array (`-`): insert before the closing
    /// bracket at `close` (the byte offset of `}` or `]`), after `last` (the end of the last entry), if any.
    Append { close: usize, last: Option<usize> },
}

/// Decodes one reference token (`~1` is `/`, `~0` is `~`).
fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Resolves `pointer` in `root`. `Err` carries the first token that names nothing.
pub fn resolve_pointer(root: &SpannedValue, pointer: &str) -> Result<PointerTarget, String> {
    if pointer.is_empty() {
        return Ok(PointerTarget::Existing(root.span));
    }
    let tokens: Vec<String> = pointer.split('/').skip(1).map(unescape).collect();
    let mut current = root;
    let last_index = tokens.len().saturating_sub(1);
    for (position, token) in tokens.iter().enumerate() {
        let is_last = position == last_index;
        let next = match &current.value {
            Value::Object(members) => match members.iter().find(|m| &m.key == token) {
                Some(found) => Some(&found.value),
                None if is_last => {
                    return Ok(PointerTarget::Append {
                        close: (current.span.end.offset as usize).saturating_sub(1),
                        last: members.last().map(|m| m.value.span.end.offset as usize),
                    })
                }
                None => None,
            },
            Value::Array(items) if token == "-" && is_last => {
                return Ok(PointerTarget::Append {
                    close: (current.span.end.offset as usize).saturating_sub(1),
                    last: items.last().map(|item| item.span.end.offset as usize),
                })
            }
            Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        match next {
            Some(value) => current = value,
            None => return Err(token.clone()),
        }
    }
    Ok(PointerTarget::Existing(current.span))
}

/// The leading spaces of the line holding byte `offset`.
fn indent_at(text: &str, offset: usize) -> String {
    let line_start = text
        .get(..offset)
        .and_then(|before| before.rfind('\n'))
        .map_or(0, |newline| newline + 1);
    let line = text.get(line_start..).unwrap_or_default();
    line.chars().take_while(|c| *c == ' ').collect()
}

/// Indents every line of `value` but the first by `indent`.
fn indent_lines(value: &str, indent: &str) -> String {
    value.replace('\n', &format!("\n{indent}"))
}

/// Applies `edits` in order to scenario `text`. Errors name the edit's `at` span in the lesson file.
pub fn apply_edits(text: &str, edits: &[Edit]) -> Result<String, Box<Diagnostic>> {
    let mut text = text.to_string();
    for edit in edits {
        let root = json::parse(&text, &Limits::default()).map_err(|mut diagnostics| {
            let first = diagnostics.drain(..).next();
            Box::new(
                Diagnostic::error(
                    codes::E0709_INVALID_SCENARIO,
                    format!(
                        "the scenario is not valid JSON before the edit at `{}`",
                        edit.at.value
                    ),
                    Some(edit.at.span),
                )
                .with_help(first.map_or_else(String::new, |d| d.message)),
            )
        })?;
        let target = resolve_pointer(&root, &edit.at.value).map_err(|token| {
            Box::new(Diagnostic::error(
                codes::E0705_EDIT_TARGET_NOT_FOUND,
                format!(
                    "`{}` names nothing in the scenario: no `{token}` there",
                    edit.at.value
                ),
                Some(edit.at.span),
            )
            .with_help("point at an existing value, a new key of an existing object, or `-` after an array"))
        })?;
        let key = edit
            .at
            .value
            .rsplit('/')
            .next()
            .map(unescape)
            .unwrap_or_default();
        let is_member = matches!(target, PointerTarget::Append { .. })
            && key != "-"
            && parent_is_object(&root, &edit.at.value);
        let (start, end, insert) = match target {
            PointerTarget::Existing(span) => {
                let start = span.start.offset as usize;
                let indent = indent_at(&text, start);
                (
                    start,
                    span.end.offset as usize,
                    indent_lines(&edit.set.value, &indent),
                )
            }
            PointerTarget::Append { close, last } => {
                let entry = if is_member {
                    format!("{}: {}", quote(&key), edit.set.value)
                } else {
                    edit.set.value.clone()
                };
                match last {
                    // A list written one entry per line (its closing bracket on a later line) gets the new
                    // entry on its own line, indented like the last one; a one-line list stays on one line.
                    Some(last) if text.get(last..close).is_some_and(|gap| gap.contains('\n')) => {
                        let indent = indent_at(&text, last);
                        (
                            last,
                            last,
                            format!(",\n{indent}{}", indent_lines(&entry, &indent)),
                        )
                    }
                    Some(last) => (last, last, format!(", {entry}")),
                    None => (close, close, entry),
                }
            }
        };
        if start > end
            || end > text.len()
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            return Err(Box::new(Diagnostic::error(
                codes::E0705_EDIT_TARGET_NOT_FOUND,
                format!("`{}` could not be applied", edit.at.value),
                Some(edit.at.span),
            )));
        }
        text.replace_range(start..end, &insert);
    }
    Ok(text)
}

fn parent_is_object(root: &SpannedValue, pointer: &str) -> bool {
    let parent = pointer.rsplit_once('/').map_or("", |(parent, _)| parent);
    match resolve_pointer(root, parent) {
        Ok(PointerTarget::Existing(span)) => {
            find_at(root, span).is_some_and(|value| matches!(value.value, Value::Object(_)))
        }
        _ => false,
    }
}

/// The value with exactly `span` in `root`.
fn find_at(root: &SpannedValue, span: Span) -> Option<&SpannedValue> {
    if root.span == span {
        return Some(root);
    }
    match &root.value {
        Value::Object(members) => members
            .iter()
            .find_map(|member| find_at(&member.value, span)),
        Value::Array(items) => items.iter().find_map(|item| find_at(item, span)),
        _ => None,
    }
}

/// A JSON string literal for a key.
fn quote(key: &str) -> String {
    let mut out = String::from("\"");
    for ch in key.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
