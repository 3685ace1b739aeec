//! The JS API contract in headless Chromium (`make test-wasm-browser`): the same checks as tests/npm's node
//! test, through the exported functions themselves — examples decide as expected, positions count UTF-16 code
//! units, bad input fails with the documented codes and nothing throws.
#![cfg(target_arch = "wasm32")]

use iamplay_wasm::{
    check_scenario, explain, lint_policy, lint_scenario, matrix, parse_policy, version,
};
use js_sys::{Array, JsString, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const EXAMPLES: &[(&str, &str)] = &[
    (
        "developer-group",
        include_str!("../../../examples/developer-group.json"),
    ),
    (
        "cross-account-role",
        include_str!("../../../examples/cross-account-role.json"),
    ),
    (
        "explicit-deny-wins",
        include_str!("../../../examples/explicit-deny-wins.json"),
    ),
    (
        "saml-federation",
        include_str!("../../../examples/saml-federation.json"),
    ),
    (
        "scp-deny-region",
        include_str!("../../../examples/scp-deny-region.json"),
    ),
];

/// `value.a.b[0]...`: each step a property name or an array index.
fn get(value: &JsValue, path: &[&str]) -> JsValue {
    path.iter().fold(value.clone(), |current, key| {
        Reflect::get(&current, &JsValue::from_str(key)).expect("an object")
    })
}

fn string(value: &JsValue, path: &[&str]) -> String {
    get(value, path)
        .as_string()
        .unwrap_or_else(|| panic!("{path:?} is not a string"))
}

fn number(value: &JsValue, path: &[&str]) -> f64 {
    get(value, path)
        .as_f64()
        .unwrap_or_else(|| panic!("{path:?} is not a number"))
}

fn array(value: &JsValue, path: &[&str]) -> Vec<JsValue> {
    get(value, path)
        .dyn_into::<Array>()
        .expect("an array")
        .to_vec()
}

fn first_error_code(answer: &JsValue) -> String {
    assert_eq!(string(answer, &["type"]), "failure");
    string(answer, &["errors", "0", "code"])
}

#[wasm_bindgen_test]
fn examples_decide_as_expected_from_text_and_from_objects() {
    for (name, text) in EXAMPLES {
        let object = JSON::parse(text).expect("JSON");
        let expected: Vec<String> = array(&object, &["requests"])
            .iter()
            .map(|request| string(request, &["expect"]))
            .collect();
        for input in [JsValue::from_str(text), object.clone()] {
            let answer = check_scenario(input);
            assert_eq!(string(&answer, &["type"]), "success", "{name}");
            let decisions: Vec<String> = array(&answer, &["results"])
                .iter()
                .map(|result| string(result, &["decision"]))
                .collect();
            assert_eq!(decisions, expected, "{name}");
            assert_eq!(number(&answer, &["summary", "failed"]), 0.0);
        }
    }
}

#[wasm_bindgen_test]
fn columns_and_offsets_count_utf16_code_units() {
    let text = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "été😀", "Effect": "allow", "Action": "s3:*", "Resource": "*"}]}"#;
    let answer = parse_policy(JsValue::from_str(text), JsValue::from_str("identity"));
    assert_eq!(
        first_error_code(&answer),
        iamplay_core::policy::parse::codes::INVALID_EFFECT
    );
    // JS string indexes are UTF-16 code units: the browser itself says where `"allow"` is.
    let index = JsString::from(text).index_of("\"allow\"", 0);
    assert!(index > 0);
    let start = get(&answer, &["errors", "0", "span", "start"]);
    assert_eq!(number(&start, &["line"]), 1.0);
    assert_eq!(number(&start, &["column"]), f64::from(index + 1));
    assert_eq!(number(&start, &["offset"]), f64::from(index));
    let byte_index = text.find("\"allow\"").expect("allow");
    assert_eq!(
        byte_index as i32 - index,
        4,
        "é twice and 😀: 4 more bytes than UTF-16 units"
    );
}

#[wasm_bindgen_test]
fn explain_matrix_and_lint_answer() {
    let (_, text) = EXAMPLES[1];
    let answer = explain(JsValue::from_str(text), 2.0);
    assert_eq!(string(&answer, &["type"]), "success");
    assert_eq!(number(&answer, &["result", "index"]), 2.0);
    assert!(!array(&answer, &["result", "explanation", "policyTypes"]).is_empty());

    let grid = matrix(JsValue::from_str(text));
    assert_eq!(string(&grid, &["type"]), "success");
    let columns = array(&grid, &["columns"]).len();
    let cells = array(&grid, &["cells"]);
    assert_eq!(cells.len(), array(&grid, &["rows"]).len());
    assert!(cells.iter().all(|row| row
        .dyn_ref::<Array>()
        .is_some_and(|row| row.length() as usize == columns)));

    let lint = lint_policy(
        JsValue::from_str(
            r#"{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#,
        ),
        JsValue::from_str("identity"),
    );
    let codes: Vec<String> = array(&lint, &["findings"])
        .iter()
        .map(|f| string(f, &["code"]))
        .collect();
    assert!(
        codes.contains(&"L0001".to_string()) && codes.contains(&"L0101".to_string()),
        "{codes:?}"
    );
    assert_eq!(
        string(&lint_scenario(JsValue::from_str(text)), &["type"]),
        "success"
    );
}

#[wasm_bindgen_test]
fn bad_input_fails_with_the_documented_codes() {
    assert_eq!(
        first_error_code(&check_scenario(JsValue::UNDEFINED)),
        "E0801"
    );
    assert_eq!(
        first_error_code(&check_scenario(js_sys::BigInt::from(10).into())),
        "E0801"
    );
    let cyclic = js_sys::Object::new();
    Reflect::set(&cyclic, &"self".into(), &cyclic).expect("set");
    assert_eq!(first_error_code(&matrix(cyclic.into())), "E0801");
    assert!(first_error_code(&check_scenario(JsValue::from_str("{,"))).starts_with("E01"));
    assert_eq!(
        first_error_code(&lint_policy("{}".into(), "bucket".into())),
        "E0802"
    );
    assert_eq!(
        first_error_code(&parse_policy("{}".into(), JsValue::NULL)),
        "E0802"
    );
    let (_, text) = EXAMPLES[0];
    for index in [-1.0, 0.5, 1e9, f64::NAN] {
        assert_eq!(
            first_error_code(&explain(JsValue::from_str(text), index)),
            "E0803"
        );
    }
}

#[wasm_bindgen_test]
fn version_names_the_engine() {
    let answer = version();
    assert_eq!(string(&answer, &["type"]), "success");
    assert_eq!(string(&answer, &["engine"]), env!("CARGO_PKG_VERSION"));
    assert!(get(&answer, &["catalog"]).is_null());
}
