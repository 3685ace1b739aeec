//! docs/scenario.schema.json and the loader accept the same keys, so editors and `iamplay check` agree.
#![cfg(not(target_arch = "wasm32"))]

use iamplay_core::scenario::load::keys;
use serde_json::Value;

fn schema() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/scenario.schema.json"
    );
    let text = std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{path}: {error}"));
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{path}: {error}"))
}

fn property_names(object: &Value) -> Vec<String> {
    let mut names: Vec<String> = object["properties"]
        .as_object()
        .unwrap_or_else(|| panic!("no properties in {object}"))
        .keys()
        .cloned()
        .collect();
    names.sort();
    names
}

fn sorted(keys: &[&str]) -> Vec<String> {
    let mut keys: Vec<String> = keys.iter().map(|key| key.to_string()).collect();
    keys.sort();
    keys
}

#[test]
fn schema_and_loader_accept_the_same_keys() {
    let schema = schema();
    let defs = &schema["$defs"];
    assert_eq!(property_names(&schema), sorted(keys::TOP));
    assert_eq!(property_names(&defs["account"]), sorted(keys::ACCOUNT));
    assert_eq!(property_names(&defs["group"]), sorted(keys::GROUP));
    assert_eq!(property_names(&defs["user"]), sorted(keys::USER));
    assert_eq!(property_names(&defs["role"]), sorted(keys::ROLE));
    assert_eq!(property_names(&defs["resource"]), sorted(keys::RESOURCE));
    assert_eq!(property_names(&defs["request"]), sorted(keys::REQUEST));
    assert_eq!(
        property_names(&defs["namedPolicy"]),
        sorted(keys::NAMED_POLICY)
    );
    assert_eq!(
        property_names(&defs["request"]["properties"]["expectFacts"]),
        sorted(keys::FACTS)
    );
    let denied_by: Vec<&str> = defs["request"]["properties"]["expectFacts"]["properties"]
        ["deniedBy"]["enum"]
        .as_array()
        .map(|values| values.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    assert_eq!(denied_by, keys::DENIED_BY);
    let decisions: Vec<&str> = defs["request"]["properties"]["expect"]["enum"]
        .as_array()
        .map(|values| values.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    assert_eq!(decisions, keys::DECISIONS);
}
