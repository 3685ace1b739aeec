//! A JSON Patch applied to a file's **text**: each operation splices only the span it touches, so everything else
//! keeps the author's layout (a fix adds one statement to a policy; the rest of the policy reads as typed). The
//! result is checked against `analysis::patch::apply` on the parsed tree; when the two differ (or a step cannot
//! be placed), `None` tells the caller to use the tree's text instead.

use iamplay_core::analysis::patch::{apply, Json, PatchOp, PatchOpKind};
use iamplay_core::json::{parse, Limits, SpannedValue, Value};

fn tokens(path: &str) -> Option<Vec<String>> {
    if path.is_empty() {
        return Some(Vec::new());
    }
    Some(
        path.strip_prefix('/')?
            .split('/')
            .map(|token| token.replace("~1", "/").replace("~0", "~"))
            .collect(),
    )
}

fn start(value: &SpannedValue) -> usize {
    value.span.start.offset as usize
}

fn end(value: &SpannedValue) -> usize {
    value.span.end.offset as usize
}

/// The indentation of the line `offset` is on.
fn indent_at(text: &str, offset: usize) -> String {
    let line_start = text
        .get(..offset)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    text.get(line_start..)
        .unwrap_or_default()
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect()
}

fn same_line(text: &str, a: usize, b: usize) -> bool {
    let (low, high) = (a.min(b), a.max(b));
    text.get(low..high)
        .is_some_and(|between| !between.contains('\n'))
}

/// `value` as indented text whose first line starts at a column indented by `indent`.
fn render(value: &Json, indent: &str) -> String {
    let text = value.to_text();
    let text = text.trim_end();
    let mut out = String::with_capacity(text.len());
    for (at, line) in text.split('\n').enumerate() {
        if at > 0 {
            out.push('\n');
            out.push_str(indent);
        }
        out.push_str(line);
    }
    out
}

fn splice(text: &str, from: usize, to: usize, with: &str) -> Option<String> {
    Some(format!("{}{with}{}", text.get(..from)?, text.get(to..)?))
}

/// The separator before an item placed like `like` inside a container starting at `open`.
fn separator(text: &str, open: usize, like: usize) -> String {
    if same_line(text, open, like) {
        " ".to_string()
    } else {
        format!("\n{}", indent_at(text, like))
    }
}

fn one(text: &str, op: &PatchOp) -> Option<String> {
    let root = parse(text, &Limits::scenario()).ok()?;
    let mut path = tokens(&op.path)?;
    let last = path.pop()?;
    let mut parent = &root;
    for token in &path {
        parent = match &parent.value {
            Value::Object(members) => &members.iter().rev().find(|m| &m.key == token)?.value,
            Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    match &parent.value {
        Value::Object(members) => {
            let at = members.iter().rposition(|m| m.key == last);
            match (op.op, at, &op.value) {
                (PatchOpKind::Add | PatchOpKind::Replace, Some(at), Some(value)) => {
                    let member = members.get(at)?;
                    let indent = indent_at(text, member.key_span.start.offset as usize);
                    splice(
                        text,
                        start(&member.value),
                        end(&member.value),
                        &render(value, &indent),
                    )
                }
                (PatchOpKind::Add, None, Some(value)) => {
                    let key = Json::str(last.clone()).to_text();
                    let key = key.trim_end();
                    match members.last() {
                        Some(previous) => {
                            let sep = separator(
                                text,
                                start(parent),
                                previous.key_span.start.offset as usize,
                            );
                            let indent = indent_at(text, previous.key_span.start.offset as usize);
                            let item = format!(",{sep}{key}: {}", render(value, &indent));
                            splice(text, end(&previous.value), end(&previous.value), &item)
                        }
                        None => {
                            let indent = indent_at(text, start(parent));
                            splice(
                                text,
                                start(parent),
                                end(parent),
                                &format!("{{ {key}: {} }}", render(value, &indent)),
                            )
                        }
                    }
                }
                (PatchOpKind::Remove, Some(at), _) => {
                    let member = members.get(at)?;
                    let key_start = member.key_span.start.offset as usize;
                    match (
                        at.checked_sub(1).and_then(|p| members.get(p)),
                        members.get(at + 1),
                    ) {
                        (Some(previous), _) => {
                            splice(text, end(&previous.value), end(&member.value), "")
                        }
                        (None, Some(next)) => {
                            splice(text, key_start, next.key_span.start.offset as usize, "")
                        }
                        (None, None) => splice(text, key_start, end(&member.value), ""),
                    }
                }
                _ => None,
            }
        }
        Value::Array(items) => {
            let index = if last == "-" {
                items.len()
            } else {
                last.parse::<usize>().ok()?
            };
            match (op.op, &op.value) {
                (PatchOpKind::Add, Some(value)) if index == items.len() => match items.last() {
                    Some(previous) => {
                        let sep = separator(text, start(parent), start(previous));
                        let indent = indent_at(text, start(previous));
                        let item = format!(",{sep}{}", render(value, &indent));
                        splice(text, end(previous), end(previous), &item)
                    }
                    None => {
                        let outer = indent_at(text, start(parent));
                        let inner = format!("{outer}  ");
                        let body = format!("[\n{inner}{}\n{outer}]", render(value, &inner));
                        splice(text, start(parent), end(parent), &body)
                    }
                },
                (PatchOpKind::Add, Some(value)) => {
                    let next = items.get(index)?;
                    let sep = separator(text, start(parent), start(next));
                    let indent = indent_at(text, start(next));
                    let item = format!("{},{sep}", render(value, &indent));
                    splice(text, start(next), start(next), &item)
                }
                (PatchOpKind::Replace, Some(value)) => {
                    let item = items.get(index)?;
                    let indent = indent_at(text, start(item));
                    splice(text, start(item), end(item), &render(value, &indent))
                }
                (PatchOpKind::Remove, _) => {
                    let item = items.get(index)?;
                    match (
                        index.checked_sub(1).and_then(|p| items.get(p)),
                        items.get(index + 1),
                    ) {
                        (Some(previous), _) => splice(text, end(previous), end(item), ""),
                        (None, Some(next)) => splice(text, start(item), start(next), ""),
                        (None, None) => splice(text, start(item), end(item), ""),
                    }
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// `text` with `ops` applied in place, or `None` (use the tree's text) when that cannot be done faithfully.
pub fn apply_in_text(text: &str, ops: &[PatchOp]) -> Option<String> {
    let limits = Limits::scenario();
    let expected = apply(&Json::from_spanned(&parse(text, &limits).ok()?), ops).ok()?;
    let mut current = text.to_string();
    for op in ops {
        current = one(&current, op)?;
    }
    let got = Json::from_spanned(&parse(&current, &limits).ok()?);
    (got == expected).then_some(current)
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadOrders",
      "Effect": "Allow",
      "Action": ["dynamodb:Query", "dynamodb:GetItem"],
      "Resource": "*"
    }
  ]
}"#;

    fn statement() -> Json {
        Json::object([
            ("Effect", Json::str("Allow")),
            ("Action", Json::str("s3:GetObject")),
        ])
    }

    #[test]
    fn an_added_statement_leaves_the_rest_as_typed() {
        let ops = [PatchOp::add("/Statement/-", statement())];
        let text = apply_in_text(POLICY, &ops).expect("applies in place");
        assert!(
            text.contains(r#""Action": ["dynamodb:Query", "dynamodb:GetItem"],"#),
            "{text}"
        );
        assert!(text.contains("    },\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"s3:GetObject\"\n    }\n  ]"), "{text}");
    }

    #[test]
    fn every_kind_of_operation_matches_the_tree() {
        let cases = vec![
            vec![PatchOp::remove("/Statement/0")],
            vec![PatchOp::remove("/Statement/0/Action/1")],
            vec![PatchOp::remove("/Statement/0/Action/0")],
            vec![PatchOp::remove("/Statement/0/Sid")],
            vec![PatchOp::remove("/Statement/0/Resource")],
            vec![PatchOp::replace(
                "/Statement/0/Resource",
                Json::str("arn:aws:s3:::b"),
            )],
            vec![PatchOp::add(
                "/Statement/0/Condition",
                Json::object([("Bool", Json::object([]))]),
            )],
            vec![PatchOp::add("/Statement/0", statement())],
            vec![PatchOp::add(
                "/Statement/0/Action/1",
                Json::str("dynamodb:PutItem"),
            )],
            vec![
                PatchOp::add("/Statement/-", statement()),
                PatchOp::remove("/Statement/0"),
            ],
            vec![
                PatchOp::remove("/Statement/0"),
                PatchOp::add("/Statement/-", statement()),
            ],
        ];
        for ops in cases {
            let text = apply_in_text(POLICY, &ops).unwrap_or_else(|| panic!("{ops:?}"));
            assert!(text.contains("\"Version\": \"2012-10-17\""), "{text}");
        }
        // What cannot be placed falls back.
        assert!(apply_in_text(POLICY, &[PatchOp::remove("/Nothing/0")]).is_none());
        assert!(apply_in_text("{", &[]).is_none());
    }
}
