#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;
use proptest::prelude::*;
use serde_json::{json, Value};

fn parse(answer: &str) -> Value {
    serde_json::from_str(answer).expect("every answer is JSON")
}

/// The 1-based UTF-16 column and 0-based UTF-16 offset of the first `needle` in `text` (one-line texts).
fn utf16_column_of(text: &str, needle: &str) -> (u64, u64) {
    let byte = text.find(needle).expect("needle in text");
    let prefix = text.get(..byte).expect("char boundary");
    let units = prefix.encode_utf16().count() as u64;
    (units + 1, units)
}

const DEVELOPER_GROUP: &str = include_str!("../../../../examples/developer-group.json");
const CROSS_ACCOUNT_ROLE: &str = include_str!("../../../../examples/cross-account-role.json");

/// A Sid with `é` (2 bytes, 1 UTF-16 unit) and `😀` (4 bytes, 2 units) before a lowercase `Effect`.
const POLICY_WITH_EMOJI_SID: &str = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "Caf\u00e9", "Effect": "Allow", "Action": "s3:*", "Resource": "*"}, {"Sid": "été😀", "Effect": "allow", "Action": "s3:GetObject", "Resource": "*"}]}"#;

#[test]
fn check_scenario_decisions_equal_their_expectations() {
    for text in [DEVELOPER_GROUP, CROSS_ACCOUNT_ROLE] {
        let answer = parse(&check_scenario_json_str(text));
        assert_eq!(answer["type"], "success", "{answer}");
        let results = answer["results"].as_array().expect("results");
        assert!(!results.is_empty());
        for result in results {
            assert_eq!(result["decision"], result["expect"], "{result}");
            assert_eq!(result["ok"], true);
        }
        assert_eq!(answer["summary"]["failed"], 0);
        assert_eq!(answer["summary"]["total"], results.len());
        assert_eq!(answer["summary"]["passed"], results.len());
        assert!(answer["warnings"].is_array());
    }
}

#[test]
fn check_scenario_results_are_explain_answers_without_the_explanations() {
    let checked = parse(&check_scenario_json_str(CROSS_ACCOUNT_ROLE));
    let results = checked["results"].as_array().expect("results");
    assert!(results
        .iter()
        .any(|result| !result["hops"].as_array().expect("hops").is_empty()));
    for (index, result) in results.iter().enumerate() {
        let explained = parse(&explain_json_str(CROSS_ACCOUNT_ROLE, index as f64));
        let full = &explained["result"];
        assert_eq!(result["index"], index);
        for key in [
            "index",
            "name",
            "decision",
            "expect",
            "ok",
            "sameAccount",
            "deniedHop",
        ] {
            assert_eq!(result[key], full[key], "{key} of request {index}");
        }
        assert_eq!(result["reason"], full["explanation"]["summary"]);
        assert_eq!(result["decisive"], full["explanation"]["decisive"]);
        assert_eq!(result["notes"], full["explanation"]["notes"]);
        assert!(result.get("explanation").is_none());
        let hops = result["hops"].as_array().expect("hops");
        assert_eq!(hops.len(), full["hops"].as_array().expect("hops").len());
        for (hop, full_hop) in hops.iter().zip(full["hops"].as_array().expect("hops")) {
            assert_eq!(hop["decision"], full_hop["decision"]);
            assert_eq!(hop["credentials"], full_hop["credentials"]);
            assert_eq!(hop["reason"], full_hop["explanation"]["summary"]);
        }
    }
}

#[test]
fn the_error_column_after_an_accent_and_an_emoji_counts_utf16_units() {
    let text = POLICY_WITH_EMOJI_SID;
    let answer = parse(&parse_policy_json_str(text, "identity"));
    assert_eq!(answer["type"], "failure", "{answer}");
    let error = &answer["errors"][0];
    let (column, offset) = utf16_column_of(text, "\"allow\"");
    let start = &error["span"]["start"];
    assert_eq!(start["line"], 1);
    assert_eq!(start["column"], column, "{error}");
    assert_eq!(start["offset"], offset);
    // The byte column would be 4 more: `é` twice (1 extra byte each) and `😀` (2 extra bytes).
    let byte_column = text.find("\"allow\"").expect("allow") as u64 + 1;
    assert_eq!(byte_column - column, 4);
    let end = &error["span"]["end"];
    assert_eq!(end["column"], column + "\"allow\"".len() as u64);
}

#[test]
fn positions_on_later_lines_count_the_utf16_units_of_earlier_lines() {
    let text = "{\"Version\": \"2012-10-17\", \"Statement\": {\"Sid\": \"😀😀\",\n \"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\", \"Bogus\": 1}}";
    let answer = parse(&parse_policy_json_str(text, "identity"));
    assert_eq!(answer["type"], "failure", "{answer}");
    let start = &answer["errors"][0]["span"]["start"];
    let byte = text.find("\"Bogus\"").expect("Bogus");
    let line_start = text.find('\n').expect("newline") + 1;
    assert_eq!(start["line"], 2);
    assert_eq!(
        start["column"],
        (byte - line_start + 1) as u64,
        "line 2 is ASCII"
    );
    let utf16_offset = text.get(..byte).expect("boundary").encode_utf16().count();
    assert_eq!(start["offset"], utf16_offset as u64);
    assert_eq!(utf16_offset, byte - 4, "two emoji: 8 bytes, 4 units");
}

#[test]
fn explanation_statement_spans_are_utf16_too() {
    // The description puts non-ASCII text before every policy of the scenario.
    let text = r#"{"name": "Ünïcödé 😀😀", "users": [{"arn": "arn:aws:iam::111122223333:user/zoë", "policies": [{"Version": "2012-10-17", "Statement": [{"Sid": "ÀllowRead", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}]}], "requests": [{"principal": "arn:aws:iam::111122223333:user/zoë", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "expect": "Allow"}]}"#;
    let answer = parse(&check_scenario_json_str(text));
    assert_eq!(answer["type"], "success", "{answer}");
    let decisive = &answer["results"][0]["decisive"][0];
    assert_eq!(decisive["sid"], "ÀllowRead");
    let (column, offset) = utf16_column_of(text, "{\"Sid\": \"ÀllowRead\"");
    assert_eq!(decisive["span"]["start"]["column"], column, "{decisive}");
    assert_eq!(decisive["span"]["start"]["offset"], offset);
    let answer = parse(&explain_json_str(text, 0.0));
    assert_eq!(answer["result"]["explanation"]["decisive"][0], *decisive);
    let statement = &answer["result"]["explanation"]["policies"][0]["statements"][0];
    assert_eq!(statement["span"], decisive["span"]);
    let pattern = &statement["action"]["matchedPattern"];
    let (column, _) = utf16_column_of(text, "\"s3:GetObject\"");
    assert_eq!(pattern["span"]["start"]["column"], column, "{pattern}");
}

#[test]
fn lint_findings_and_scenario_errors_use_utf16_columns() {
    let policy =
        r#"{"Statement": [{"Sid": "😀", "Effect": "Allow", "Action": "*", "Resource": "*"}]}"#;
    let answer = parse(&lint_policy_json_str(policy, "identity"));
    assert_eq!(answer["type"], "success", "{answer}");
    let findings = answer["findings"].as_array().expect("findings");
    let star = findings
        .iter()
        .find(|finding| finding["code"] == crate::lint::codes::ALLOW_ALL_ACTIONS_ALL_RESOURCES)
        .expect("the *,* finding");
    let statement_column = utf16_column_of(policy, "{\"Sid\"").0;
    let start_column = star["span"]["start"]["column"].as_u64().expect("column");
    assert!(start_column >= statement_column, "{star}");
    assert!(findings
        .iter()
        .any(|f| f["code"] == crate::lint::codes::MISSING_VERSION));

    let scenario =
        r#"{"name": "é😀", "users": [{"arn": "arn:aws:iam::111122223333:user/a", "grups": []}]}"#;
    let answer = parse(&lint_scenario_json_str(scenario));
    let finding = &answer["findings"][0];
    assert_eq!(finding["code"], crate::scenario::codes::E0502_UNKNOWN_KEY);
    assert_eq!(
        finding["span"]["start"]["column"],
        utf16_column_of(scenario, "\"grups\"").0
    );
}

#[test]
fn a_scenario_with_errors_fails_with_all_of_them() {
    let text = r#"{"users": [{"arn": "arn:aws:iam::111122223333:user/a", "groups": ["arn:aws:iam::111122223333:group/missing"]}], "requests": [{"principal": "anonymous", "action": "s3:GetObject"}], "bogus": 1}"#;
    for answer in [
        check_scenario_json_str(text),
        matrix_json_str(text),
        explain_json_str(text, 0.0),
    ] {
        let answer = parse(&answer);
        assert_eq!(answer["type"], "failure");
        let codes: Vec<&str> = answer["errors"]
            .as_array()
            .expect("errors")
            .iter()
            .filter_map(|error| error["code"].as_str())
            .collect();
        assert!(codes.contains(&"E0502"), "{codes:?}");
        assert!(codes.contains(&"E0504"), "{codes:?}");
        assert!(codes.contains(&"E0506"), "{codes:?}");
        assert!(answer["warnings"].is_array());
        assert!(answer.get("results").is_none());
    }
}

#[test]
fn invalid_json_fails_with_a_json_error_and_its_position() {
    let answer = parse(&check_scenario_json_str("{\"name\": \"😀\",, }"));
    assert_eq!(answer["type"], "failure");
    let error = &answer["errors"][0];
    assert!(error["code"].as_str().expect("code").starts_with("E01"));
    assert_eq!(error["severity"], "error");
    assert_eq!(error["span"]["start"]["column"], 15, "{error}");
}

#[test]
fn the_exact_shape_of_a_failure() {
    let answer = parse(&parse_policy_json_str(
        r#"{"Version": "2012-10-17", "Statement": []}"#,
        "identity",
    ));
    let error = &answer["errors"][0];
    let keys: Vec<&str> = error
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["code", "help", "message", "severity", "span", "url"],
        "{error}"
    );
    let span = &error["span"];
    assert_eq!(
        span["start"].as_object().expect("start").len(),
        3,
        "line, column, offset"
    );
    assert!(span["start"]["offset"].is_u64());
}

#[test]
fn explain_returns_one_request_and_rejects_indexes_that_name_none() {
    let answer = parse(&explain_json_str(CROSS_ACCOUNT_ROLE, 1.0));
    assert_eq!(answer["type"], "success", "{answer}");
    assert_eq!(answer["result"]["index"], 1);
    assert_eq!(answer["result"]["decision"], answer["result"]["expect"]);
    assert!(answer["result"]["explanation"]["policyTypes"].is_array());

    for bad in [-1.0, 1.5, f64::NAN, f64::INFINITY, 99.0] {
        let answer = parse(&explain_json_str(CROSS_ACCOUNT_ROLE, bad));
        assert_eq!(answer["type"], "failure", "{bad}");
        assert_eq!(answer["errors"][0]["code"], codes::E0803_BAD_REQUEST_INDEX);
        assert_eq!(answer["errors"][0]["span"], Value::Null);
    }
}

#[test]
fn an_unknown_policy_kind_fails_with_a_suggestion() {
    let answer = parse(&lint_policy_json_str("{}", "identty"));
    assert_eq!(answer["type"], "failure");
    assert_eq!(
        answer["errors"][0]["code"],
        codes::E0802_UNKNOWN_POLICY_KIND
    );
    assert_eq!(answer["errors"][0]["help"], "did you mean `identity`?");
    let answer = parse(&parse_policy_json_str("{}", "bucket"));
    assert_eq!(
        answer["errors"][0]["code"],
        codes::E0802_UNKNOWN_POLICY_KIND
    );
    for kind in POLICY_KINDS {
        let answer = parse(&parse_policy_json_str("{}", kind));
        assert_ne!(
            answer["errors"][0]["code"],
            codes::E0802_UNKNOWN_POLICY_KIND,
            "{kind}"
        );
    }
}

#[test]
fn parse_policy_returns_the_typed_policy_on_success() {
    let text = r#"{"Version": "2012-10-17", "Statement": {"Sid": "Ré", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}}"#;
    let answer = parse(&parse_policy_json_str(text, "resource"));
    assert_eq!(answer["type"], "success", "{answer}");
    let statement = &answer["policy"]["statements"][0];
    assert_eq!(statement["sid"]["value"], "Ré");
    assert_eq!(answer["policy"]["kind"], "resource");
    let resource = &statement["resource"]["patterns"][0];
    assert_eq!(
        resource["span"]["start"]["column"],
        utf16_column_of(text, "\"arn:aws:s3:::b/*\"").0
    );
}

#[test]
fn matrix_has_rows_columns_and_a_cell_for_each_pair() {
    let answer = parse(&matrix_json_str(CROSS_ACCOUNT_ROLE));
    assert_eq!(answer["type"], "success", "{answer}");
    let rows = answer["rows"].as_array().expect("rows").len();
    let columns = answer["columns"].as_array().expect("columns").len();
    assert!(rows > 0 && columns > 0);
    let cells = answer["cells"].as_array().expect("cells");
    assert_eq!(cells.len(), rows);
    assert!(cells
        .iter()
        .all(|row| row.as_array().is_some_and(|row| row.len() == columns)));
    assert!(answer["warnings"].is_array());
}

#[test]
fn version_names_the_engine_and_the_formats() {
    let mut answer = parse(&version_json_str());
    // Which AWS managed policy snapshot is registered depends on other tests of this process (managed_tests.rs
    // checks it): only its shape here.
    let managed = answer
        .as_object_mut()
        .and_then(|object| object.remove("managedPolicies"));
    assert!(managed.is_some_and(|source| source.is_null() || source.is_string()));
    assert_eq!(
        answer,
        json!({
            "type": "success",
            "engine": env!("CARGO_PKG_VERSION"),
            "api": API_VERSION,
            "scenarioFormat": SCENARIO_FORMAT_VERSION,
            "policyVersions": ["2012-10-17", "2008-10-17"],
            "catalog": catalog_source(),
        })
    );
}

#[test]
fn shell_failures_and_the_internal_error_have_the_failure_shape() {
    let shell = parse(&failure_json_str(
        codes::E0801_BAD_INPUT,
        "bad input",
        "pass a string",
    ));
    let internal = parse(INTERNAL_ERROR_JSON);
    for answer in [&shell, &internal] {
        assert_eq!(answer["type"], "failure");
        assert_eq!(answer["warnings"], json!([]));
        let keys: Vec<&String> = answer["errors"][0]
            .as_object()
            .expect("object")
            .keys()
            .collect();
        assert_eq!(keys, ["code", "help", "message", "severity", "span", "url"]);
    }
    assert_eq!(shell["errors"][0]["code"], "E0801");
    assert_eq!(internal["errors"][0]["code"], codes::E9999_INTERNAL);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// Whatever the text, every function answers JSON with a `type`, and never panics.
    #[test]
    fn every_function_answers_any_text(text in "\\PC{0,200}", index in -2.0f64..12.0) {
        for answer in [
            check_scenario_json_str(&text),
            matrix_json_str(&text),
            explain_json_str(&text, index),
            lint_policy_json_str(&text, "resource"),
            lint_scenario_json_str(&text),
            parse_policy_json_str(&text, "identity"),
        ] {
            let value: Value = serde_json::from_str(&answer).expect("JSON");
            prop_assert!(value["type"] == "success" || value["type"] == "failure");
        }
    }

    /// Cutting an example anywhere still answers, and every position stays inside the text.
    #[test]
    fn truncated_examples_answer_with_positions_inside_the_text(cut in 0usize..4000) {
        let mut end = cut.min(CROSS_ACCOUNT_ROLE.len());
        while !CROSS_ACCOUNT_ROLE.is_char_boundary(end) {
            end -= 1;
        }
        let text = CROSS_ACCOUNT_ROLE.get(..end).expect("boundary");
        let answer: Value = serde_json::from_str(&check_scenario_json_str(text)).expect("JSON");
        let units = text.encode_utf16().count() as u64;
        for error in answer["errors"].as_array().into_iter().flatten() {
            if let Some(offset) = error["span"]["end"]["offset"].as_u64() {
                prop_assert!(offset <= units);
            }
        }
    }
}

/// The exact text JS receives, pinned: key order, `null`s, camelCase, UTF-16 positions (the emoji is 2 units).
#[test]
fn the_exact_json_of_a_failure() {
    let answer = parse_policy_json_str("{\"Sid\": \"😀\", \"Statement\": []}", "identity");
    let expected = concat!(
        r#"{"type":"failure","errors":[{"code":"E0202","severity":"error","#,
        r#""message":"unknown key `Sid` at the top level of a policy","#,
        r#""help":"`Sid` belongs inside a statement: put it in an object in the `Statement` array","#,
        r#""url":"https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html","#,
        r#""span":{"start":{"line":1,"column":2,"offset":1},"end":{"line":1,"column":7,"offset":6}}},"#,
        r#"{"code":"E0207","severity":"error","message":"`Statement` is an empty array","#,
        r#""help":"add at least one statement","#,
        r#""url":"https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_statement.html","#,
        r#""span":{"start":{"line":1,"column":28,"offset":27},"end":{"line":1,"column":30,"offset":29}}}],"#,
        r#""warnings":[]}"#
    );
    assert_eq!(answer, expected);
}
