//! Completion inside policy editors: action names and condition keys from the action catalog, ARNs and
//! principals from the scenario. A tolerant scan finds where in the JSON the cursor is (the document is
//! usually incomplete while typing), then the list is filtered by what is typed.

use crate::json_out::{arr, obj, Json};
use iamplay_core::catalog::Catalog;

/// One step of the path from the document root to the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathStep {
    Key(String),
    Index(usize),
}

/// Where the cursor is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    /// Keys and indices of the containers around the cursor, the innermost last (for a value, the last key
    /// is the key it belongs to).
    pub path: Vec<PathStep>,
    /// Inside a string.
    pub in_string: bool,
    /// The string is an object key.
    pub in_key: bool,
    /// The string's text before the cursor.
    pub prefix: String,
}

enum Frame {
    Object {
        key: Option<String>,
        expecting_key: bool,
    },
    Array {
        index: usize,
    },
}

/// Scans `text` up to byte `offset`.
pub fn locate(text: &str, offset: usize) -> Location {
    let mut stack: Vec<Frame> = Vec::new();
    let mut string: Option<String> = None;
    let mut escaped = false;
    let end = offset.min(text.len());
    for ch in text.get(..end).unwrap_or(text).chars() {
        if let Some(buffer) = string.as_mut() {
            if escaped {
                escaped = false;
                buffer.push(ch);
            } else if ch == '\\' {
                escaped = true;
            } else if ch == '"' {
                let done = string.take().unwrap_or_default();
                if let Some(Frame::Object { key, expecting_key }) = stack.last_mut() {
                    if *expecting_key {
                        *key = Some(done);
                        *expecting_key = false;
                    }
                }
            } else {
                buffer.push(ch);
            }
            continue;
        }
        match ch {
            '"' => string = Some(String::new()),
            '{' => stack.push(Frame::Object {
                key: None,
                expecting_key: true,
            }),
            '[' => stack.push(Frame::Array { index: 0 }),
            '}' | ']' => {
                stack.pop();
            }
            ',' => match stack.last_mut() {
                Some(Frame::Object { key, expecting_key }) => {
                    *key = None;
                    *expecting_key = true;
                }
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            _ => {}
        }
    }
    let in_key = string.is_some()
        && matches!(
            stack.last(),
            Some(Frame::Object {
                expecting_key: true,
                ..
            })
        );
    let mut path = Vec::new();
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(key), .. } => path.push(PathStep::Key(key.clone())),
            Frame::Object { key: None, .. } => {}
            Frame::Array { index } => path.push(PathStep::Index(*index)),
        }
    }
    Location {
        path,
        in_string: string.is_some(),
        in_key,
        prefix: string.unwrap_or_default(),
    }
}

/// The last key on the path.
fn last_key(path: &[PathStep]) -> Option<&str> {
    path.iter().rev().find_map(|step| match step {
        PathStep::Key(key) => Some(key.as_str()),
        PathStep::Index(_) => None,
    })
}

fn keys(path: &[PathStep]) -> Vec<&str> {
    path.iter()
        .filter_map(|step| match step {
            PathStep::Key(key) => Some(key.as_str()),
            PathStep::Index(_) => None,
        })
        .collect()
}

/// What completion knows about the scenario.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScenarioNames {
    pub resources: Vec<String>,
    pub entities: Vec<String>,
    pub accounts: Vec<String>,
    pub services: Vec<String>,
    pub providers: Vec<String>,
    /// The scenario's VPC endpoint ids (`aws:SourceVpce` values) and their VPCs (`aws:SourceVpc` values).
    pub vpc_endpoints: Vec<String>,
    pub vpcs: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub label: String,
    /// `action`, `service`, `arn`, `key`, `principal`.
    pub kind: &'static str,
    pub detail: String,
}

/// The completion list, and how many UTF-16 units before the cursor it replaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completions {
    pub items: Vec<Item>,
    pub replace_units: usize,
}

impl Completions {
    /// `{items: [{label, kind, detail}], replaceUnits}` for the Monaco shim.
    pub fn to_json(&self) -> Json {
        obj([
            (
                "items",
                arr(self.items.iter().map(|item| {
                    obj([
                        ("label", (&item.label).into()),
                        ("kind", item.kind.into()),
                        ("detail", (&item.detail).into()),
                    ])
                })),
            ),
            ("replaceUnits", self.replace_units.into()),
        ])
    }
}

const MAX_ITEMS: usize = 300;

/// Completion for the cursor at byte `offset` of `text`.
pub fn complete(
    text: &str,
    offset: usize,
    catalog: Option<&Catalog>,
    names: &ScenarioNames,
) -> Completions {
    let location = locate(text, offset);
    let mut items = Vec::new();
    let empty = Completions {
        items: Vec::new(),
        replace_units: 0,
    };
    if !location.in_string {
        return empty;
    }
    let prefix = location.prefix.as_str();
    let lower = prefix.to_ascii_lowercase();
    let keys = keys(&location.path);
    let push = |items: &mut Vec<Item>, label: &str, kind: &'static str, detail: &str| {
        if items.len() < MAX_ITEMS && label.to_ascii_lowercase().starts_with(&lower) {
            items.push(Item {
                label: label.to_string(),
                kind,
                detail: detail.to_string(),
            });
        }
    };
    let in_condition_keys =
        location.in_key && keys.len() >= 2 && keys.get(keys.len() - 2) == Some(&"Condition");
    if in_condition_keys {
        if let Some(catalog) = catalog {
            for key in catalog.global_condition_keys() {
                push(&mut items, key.name(), "key", "global condition key");
            }
            for prefix in service_prefixes_in(text) {
                if let Some(service) = catalog.service(&prefix) {
                    for key in service.condition_keys() {
                        push(&mut items, key.name(), "key", service.name());
                    }
                }
            }
        }
    } else if !location.in_key {
        match last_key(&location.path) {
            Some("Action" | "NotAction") => match (catalog, prefix.split_once(':')) {
                (Some(catalog), Some((service, action))) => {
                    if let Some(service) = catalog.service(service) {
                        let action_lower = action.to_ascii_lowercase();
                        for entry in service.actions() {
                            if items.len() >= MAX_ITEMS {
                                break;
                            }
                            if entry.name().to_ascii_lowercase().starts_with(&action_lower) {
                                items.push(Item {
                                    label: format!("{}:{}", service.prefix(), entry.name()),
                                    kind: "action",
                                    detail: service.name().to_string(),
                                });
                            }
                        }
                    }
                }
                (Some(catalog), None) => {
                    for service in catalog.services() {
                        push(
                            &mut items,
                            &format!("{}:", service.prefix()),
                            "service",
                            service.name(),
                        );
                    }
                }
                (None, _) => {}
            },
            Some("Resource" | "NotResource") => {
                push(&mut items, "*", "arn", "every resource");
                for arn in names.resources.iter().chain(&names.entities) {
                    push(&mut items, arn, "arn", "in this scenario");
                    push(
                        &mut items,
                        &format!("{arn}/*"),
                        "arn",
                        "everything under it",
                    );
                }
            }
            Some("AWS") => {
                push(&mut items, "*", "principal", "every AWS principal");
                for account in &names.accounts {
                    push(
                        &mut items,
                        &format!("arn:aws:iam::{account}:root"),
                        "principal",
                        "the whole account",
                    );
                    push(&mut items, account, "principal", "the whole account");
                }
                for arn in &names.entities {
                    push(&mut items, arn, "principal", "in this scenario");
                }
            }
            Some("Service") => {
                for service in &names.services {
                    push(&mut items, service, "principal", "service principal");
                }
            }
            Some("Federated") => {
                for provider in &names.providers {
                    push(&mut items, provider, "principal", "identity provider");
                }
            }
            Some(key) if key.eq_ignore_ascii_case("aws:SourceVpce") => {
                for id in &names.vpc_endpoints {
                    push(&mut items, id, "arn", "VPC endpoint in this scenario");
                }
            }
            Some(key) if key.eq_ignore_ascii_case("aws:SourceVpc") => {
                for vpc in &names.vpcs {
                    push(&mut items, vpc, "arn", "VPC in this scenario");
                }
            }
            _ => {}
        }
    }
    Completions {
        replace_units: prefix.encode_utf16().count(),
        items,
    }
}

/// The service prefixes (`s3` of `"s3:GetObject"`) a document names, for condition-key completion.
fn service_prefixes_in(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for piece in text.split('"') {
        if let Some((prefix, rest)) = piece.split_once(':') {
            let plausible = !prefix.is_empty()
                && prefix.len() <= 40
                && prefix
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !rest.is_empty()
                && !rest.contains(':')
                && prefix != "arn";
            if plausible && !out.iter().any(|p| p == prefix) {
                out.push(prefix.to_string());
            }
        }
    }
    out
}

/// The byte offset of UTF-16 offset `units` in `text`.
pub fn byte_offset(text: &str, units: usize) -> usize {
    let mut seen = 0;
    for (byte, ch) in text.char_indices() {
        if seen >= units {
            return byte;
        }
        seen += ch.len_utf16();
    }
    text.len()
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    const CATALOG: &str = "# test\nG aws:SourceIp\nS s3 Amazon S3\nK s3:prefix\nA GetObject R - -\nA GetObjectAcl R - -\nA PutObject W - -\nS sqs Amazon SQS\nA SendMessage W - -\n";

    fn at_cursor(text_with_cursor: &str) -> (String, usize) {
        let offset = text_with_cursor.find('|').expect("cursor");
        (text_with_cursor.replacen('|', "", 1), offset)
    }

    #[test]
    fn locate_finds_the_key_of_an_array_value() {
        let (text, offset) = at_cursor(r#"{"Statement": [{"Effect": "Allow", "Action": ["s3:Get|"#);
        let location = locate(&text, offset);
        assert!(location.in_string && !location.in_key);
        assert_eq!(location.prefix, "s3:Get");
        assert_eq!(last_key(&location.path), Some("Action"));
    }

    #[test]
    fn actions_come_from_the_catalog() {
        let catalog = Catalog::parse(CATALOG).expect("catalog");
        let (text, offset) = at_cursor(r#"{"Statement": [{"Action": "s3:get|"}]}"#);
        let found = complete(&text, offset, Some(&catalog), &ScenarioNames::default());
        let labels: Vec<&str> = found.items.iter().map(|i| i.label.as_str()).collect();
        assert_eq!(labels, ["s3:GetObject", "s3:GetObjectAcl"]);
        assert_eq!(found.replace_units, 6);
        let (text, offset) = at_cursor(r#"{"Statement": [{"Action": "s|"}]}"#);
        let found = complete(&text, offset, Some(&catalog), &ScenarioNames::default());
        let labels: Vec<&str> = found.items.iter().map(|i| i.label.as_str()).collect();
        assert_eq!(labels, ["s3:", "sqs:"]);
    }

    #[test]
    fn endpoint_and_vpc_values_in_conditions() {
        let names = ScenarioNames {
            vpc_endpoints: vec!["vpce-1a2b3c4d".into()],
            vpcs: vec!["vpc-0abc".into()],
            ..ScenarioNames::default()
        };
        let text = r#"{"Statement": [{"Condition": {"StringEquals": {"aws:SourceVpce": "vp"#;
        let labels: Vec<String> = complete(text, text.len(), None, &names)
            .items
            .into_iter()
            .map(|item| item.label)
            .collect();
        assert_eq!(labels, ["vpce-1a2b3c4d"]);
        let text = r#"{"Statement": [{"Condition": {"StringEquals": {"aws:SourceVpc": ["v"#;
        let labels: Vec<String> = complete(text, text.len(), None, &names)
            .items
            .into_iter()
            .map(|item| item.label)
            .collect();
        assert_eq!(labels, ["vpc-0abc"]);
    }

    #[test]
    fn condition_keys_and_resources() {
        let catalog = Catalog::parse(CATALOG).expect("catalog");
        let (text, offset) = at_cursor(
            r#"{"Statement": [{"Action": "s3:GetObject", "Condition": {"StringEquals": {"|"#,
        );
        let found = complete(&text, offset, Some(&catalog), &ScenarioNames::default());
        let labels: Vec<&str> = found.items.iter().map(|i| i.label.as_str()).collect();
        assert_eq!(labels, ["aws:SourceIp", "s3:prefix"]);
        let names = ScenarioNames {
            resources: vec!["arn:aws:s3:::bucket".into()],
            ..ScenarioNames::default()
        };
        let (text, offset) = at_cursor(r#"{"Statement": [{"Resource": "arn:aws:s3|"#);
        let found = complete(&text, offset, None, &names);
        let labels: Vec<&str> = found.items.iter().map(|i| i.label.as_str()).collect();
        assert_eq!(labels, ["arn:aws:s3:::bucket", "arn:aws:s3:::bucket/*"]);
    }

    #[test]
    fn keys_outside_condition_get_nothing_from_us() {
        let (text, offset) = at_cursor(r#"{"Statement": [{"Eff|"#);
        assert!(complete(&text, offset, None, &ScenarioNames::default())
            .items
            .is_empty());
    }

    #[test]
    fn utf16_offsets_convert_to_bytes() {
        assert_eq!(byte_offset("a🎉b", 0), 0);
        assert_eq!(byte_offset("a🎉b", 1), 1);
        assert_eq!(byte_offset("a🎉b", 3), 5);
        assert_eq!(byte_offset("a🎉b", 9), 6);
    }
}
