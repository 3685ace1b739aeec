//! The iamplay evaluator for JavaScript: wasm-bindgen exports over `iamplay_core::ffi`, which owns the JSON
//! contract and its native tests. This layer only turns JS values into JSON text and answers back into JS
//! objects; it decides nothing.
//!
//! Panics: wasm32-unknown-unknown aborts on panic (`catch_unwind` cannot catch there), so none may happen.
//! That holds by construction — the core never panics on input (clippy forbids `unwrap`, `expect`, `panic!`
//! and indexing in it, and property tests feed it arbitrary text) and nothing here can panic — and every
//! error path this layer can detect becomes a `{type: "failure"}` answer: an input `JSON.stringify` cannot
//! write is `E0801`, and an answer that would not parse is the internal error `E9999`.

mod prepared;

use iamplay_core::ffi;
use wasm_bindgen::prelude::*;

// The answer types, generated from the Rust types by tests/typescript.rs.
#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

/// Evaluates every request of a scenario: each decision, its expectation, the role chain and the explanation.
#[wasm_bindgen(js_name = checkScenario, unchecked_return_type = "Answer<CheckScenarioSuccess>")]
pub fn check_scenario(
    #[wasm_bindgen(unchecked_param_type = "JsonInput")] scenario: JsValue,
) -> JsValue {
    with_json(&scenario, ffi::check_scenario_json_str)
}

/// The allow/deny matrix of a scenario: principals × (action, resource), each cell with its decision, account
/// relation, decisive statements and the what-if across the account boundary.
#[wasm_bindgen(js_name = matrix, unchecked_return_type = "Answer<MatrixSuccess>")]
pub fn matrix(#[wasm_bindgen(unchecked_param_type = "JsonInput")] scenario: JsValue) -> JsValue {
    with_json(&scenario, ffi::matrix_json_str)
}

/// The full result of one request of a scenario (0-based `requestIndex`).
#[wasm_bindgen(js_name = explain, unchecked_return_type = "Answer<ExplainSuccess>")]
pub fn explain(
    #[wasm_bindgen(unchecked_param_type = "JsonInput")] scenario: JsValue,
    #[wasm_bindgen(js_name = requestIndex)] request_index: f64,
) -> JsValue {
    with_json(&scenario, |text| ffi::explain_json_str(text, request_index))
}

/// The smallest edits that would flip one request's decision, each verified by re-evaluating the edited
/// scenario, with an RFC 6902 JSON Patch and every other cell it flips (fewest first).
#[wasm_bindgen(js_name = suggestFixes, unchecked_return_type = "Answer<FixReport>")]
pub fn suggest_fixes(
    #[wasm_bindgen(unchecked_param_type = "JsonInput")] scenario: JsValue,
    #[wasm_bindgen(js_name = requestIndex)] request_index: f64,
) -> JsValue {
    with_json(&scenario, |text| {
        ffi::suggest_fixes_json_str(text, request_index)
    })
}

/// Every cell whose decision differs between two versions of a scenario: opened, closed, changed; matrix cells
/// and requests (`source: "cell"`), then who-can over the resources they ask about (`source: "who-can"`).
#[wasm_bindgen(js_name = diffScenarios, unchecked_return_type = "Answer<ScenarioDiff>")]
pub fn diff_scenarios(
    #[wasm_bindgen(unchecked_param_type = "JsonInput")] before: JsValue,
    #[wasm_bindgen(unchecked_param_type = "JsonInput")] after: JsValue,
) -> JsValue {
    with_json(&before, |before| {
        let Some(after) = json_text(&after) else {
            return bad_input();
        };
        ffi::diff_scenarios_json_str(before, &after)
    })
}

/// Least-privilege policies that allow exactly the requests `allow` (0-based indexes) and keep `deny` denied,
/// verified by evaluation, with a JSON Patch. `options.side`: `"identity"` (the default, one identity policy per
/// principal) or `"resource"` (one resource policy per resource, with the identity statements cross-account
/// calls need and `notes`).
#[wasm_bindgen(js_name = tightestPolicy, unchecked_return_type = "Answer<Tightened>")]
pub fn tightest_policy(
    #[wasm_bindgen(unchecked_param_type = "JsonInput")] scenario: JsValue,
    allow: Vec<f64>,
    // Optional as before `options` came after it: `tightestPolicy(scenario, [0])` still type-checks.
    #[wasm_bindgen(unchecked_optional_param_type = "Float64Array | number[] | null")] deny: Option<
        Vec<f64>,
    >,
    #[wasm_bindgen(unchecked_optional_param_type = "TightenOptions")] options: Option<JsValue>,
) -> JsValue {
    let deny = deny.unwrap_or_default();
    let options = match options.filter(|options| !options.is_undefined() && !options.is_null()) {
        None => String::new(),
        // Options `JSON.stringify` cannot write are reported as options that are not JSON.
        Some(options) => js_sys::JSON::stringify(&options)
            .ok()
            .and_then(|text| text.as_string())
            .unwrap_or_else(|| "!".to_string()),
    };
    with_json(&scenario, |text| {
        ffi::tightest_policy_json_str(text, &allow, &deny, &options)
    })
}

#[wasm_bindgen(typescript_custom_section)]
const TIGHTEN_OPTIONS: &str = r#"
/** `tightestPolicy`'s options: which side the grants are written on (`"identity"` when left out). */
export interface TightenOptions { side?: TightenSide }
"#;

/// Parse errors and lint findings of one policy of the given kind.
#[wasm_bindgen(js_name = lintPolicy, unchecked_return_type = "Answer<LintSuccess>")]
pub fn lint_policy(
    #[wasm_bindgen(unchecked_param_type = "JsonInput")] text: JsValue,
    #[wasm_bindgen(unchecked_param_type = "PolicyKind")] kind: JsValue,
) -> JsValue {
    let kind = kind.as_string().unwrap_or_default();
    with_json(&text, |text| ffi::lint_policy_json_str(text, &kind))
}

/// Load errors and lint findings of every policy and role of a scenario.
#[wasm_bindgen(js_name = lintScenario, unchecked_return_type = "Answer<LintSuccess>")]
pub fn lint_scenario(#[wasm_bindgen(unchecked_param_type = "JsonInput")] text: JsValue) -> JsValue {
    with_json(&text, ffi::lint_scenario_json_str)
}

/// Parses one policy of the given kind: the typed policy, or every error with its position.
#[wasm_bindgen(js_name = parsePolicy, unchecked_return_type = "Answer<ParsePolicySuccess>")]
pub fn parse_policy(
    #[wasm_bindgen(unchecked_param_type = "JsonInput")] text: JsValue,
    #[wasm_bindgen(unchecked_param_type = "PolicyKind")] kind: JsValue,
) -> JsValue {
    let kind = kind.as_string().unwrap_or_default();
    with_json(&text, |text| ffi::parse_policy_json_str(text, &kind))
}

/// Turns AWS CLI outputs (account exports, `get-role`, `get-policy-version`, `describe-policy`, resource-policy
/// outputs, bare policies) into a scenario, with a report of what was taken and skipped per input. `inputs`:
/// an array of strings or `{name, text}` objects; `options`: `{into?, resource?, attachTo?, level?, account?}`.
#[wasm_bindgen(js_name = importAws, unchecked_return_type = "Answer<ImportAwsSuccess>")]
pub fn import_aws(
    #[wasm_bindgen(unchecked_param_type = "Array<string | ImportInput>")] inputs: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ImportOptions")] options: Option<JsValue>,
) -> JsValue {
    let options = match options.filter(|options| !options.is_undefined() && !options.is_null()) {
        None => "{}".to_string(),
        // Options `JSON.stringify` cannot write are reported as options that are not JSON.
        Some(options) => js_sys::JSON::stringify(&options)
            .ok()
            .and_then(|text| text.as_string())
            .unwrap_or_else(|| "!".to_string()),
    };
    with_json(&inputs, |inputs| ffi::import_aws_json_str(inputs, &options))
}

/// The engine version and the versions of the formats it reads.
#[wasm_bindgen(js_name = version, unchecked_return_type = "Answer<VersionSuccess>")]
pub fn version() -> JsValue {
    answer(&ffi::version_json_str())
}

/// Registers the AWS managed policy snapshot (the text of `managed-policies.txt`, shipped in this package and
/// served by the playground) so scenarios can attach AWS managed policies by ARN. Registering again replaces it.
#[wasm_bindgen(
    js_name = registerManagedPolicies,
    unchecked_return_type = "Answer<RegisterManagedPoliciesSuccess>"
)]
pub fn register_managed_policies(text: &str) -> JsValue {
    answer(&ffi::register_managed_policies_json_str(text))
}

/// Every AWS managed policy of the registered snapshot (ARN, name, path, default version), sorted by ARN.
#[wasm_bindgen(js_name = managedPolicies, unchecked_return_type = "Answer<ManagedPoliciesSuccess>")]
pub fn managed_policies() -> JsValue {
    answer(&ffi::managed_policies_json_str())
}

/// One AWS managed policy of the registered snapshot with its document text: the text that spans of statements
/// with this `managedArn` point into.
#[wasm_bindgen(js_name = managedPolicy, unchecked_return_type = "Answer<ManagedPolicySuccess>")]
pub fn managed_policy(arn: &str) -> JsValue {
    answer(&ffi::managed_policy_json_str(arn))
}

/// Calls `f` with the input as JSON text: a string as it is, anything else through `JSON.stringify`.
fn with_json(input: &JsValue, f: impl FnOnce(&str) -> String) -> JsValue {
    match json_text(input) {
        Some(text) => answer(&f(&text)),
        None => answer(&bad_input()),
    }
}

/// The input as JSON text: a string as it is, anything else through `JSON.stringify`.
fn json_text(input: &JsValue) -> Option<String> {
    if let Some(text) = input.as_string() {
        return Some(text);
    }
    js_sys::JSON::stringify(input)
        .ok()
        .and_then(|text| text.as_string())
}

fn bad_input() -> String {
    ffi::failure_json_str(
        ffi::codes::E0801_BAD_INPUT,
        "the input is neither a JSON string nor a value `JSON.stringify` can write",
        "pass the scenario or policy as a JSON string or a plain object (no BigInt, no cycles)",
    )
}

/// The answer as a JS object.
fn answer(json: &str) -> JsValue {
    js_sys::JSON::parse(json)
        .or_else(|_| js_sys::JSON::parse(ffi::INTERNAL_ERROR_JSON))
        .unwrap_or(JsValue::NULL)
}
