//! `importAws(inputs, options)`: the import module's JSON contract. Each input's report carries positions in
//! UTF-16 units of that input's text, and `problems` in units of the written scenario, so a shell can point
//! into whichever text a message is about.

use super::utf16_json::Utf16;
use super::{respond, Answer, Failure, INTERNAL_ERROR_JSON};
use crate::diagnostic::Diagnostic;
use crate::import::{codes, import_aws, ImportInput, ImportOptions, InputReport};
use crate::utf16::Utf16Index;
use serde::{Deserialize, Serialize};

/// `importAws`: the scenario and what happened to every input.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportAwsSuccess {
    /// The scenario as JSON text (docs/scenario-format.md), ready for `checkScenario` or an editor.
    pub scenario: String,
    /// One report per input, in the order given: its format, what was taken, what was skipped and why.
    pub inputs: Vec<InputReport>,
    /// Load errors of the written scenario (positions in `scenario`); empty when it loads.
    pub problems: Vec<Diagnostic>,
}

/// One input as JS may pass it: the text alone, or with a name for the report.
#[derive(Deserialize)]
#[serde(untagged)]
enum InputArg {
    Text(String),
    Named(ImportInput),
}

/// `importAws(inputs, options)`: `inputs` is a JSON array of strings or `{name, text}` objects, `options` a
/// JSON object of [`ImportOptions`] (`null` or `{}` for none).
pub fn import_aws_json_str(inputs: &str, options: &str) -> String {
    let inputs: Vec<ImportInput> = match serde_json::from_str::<Vec<InputArg>>(inputs) {
        Ok(inputs) => inputs
            .into_iter()
            .enumerate()
            .map(|(position, input)| match input {
                InputArg::Text(text) => ImportInput {
                    name: format!("input {}", position + 1),
                    text,
                },
                InputArg::Named(input) => input,
            })
            .collect(),
        Err(error) => {
            return fail(
                codes::E1104_BAD_INPUTS,
                format!(
                    "the inputs are not an array of strings or `{{name, text}}` objects: {error}"
                ),
                "pass e.g. `[{name: \"prod.json\", text: exportText}]`",
            )
        }
    };
    let options: ImportOptions = match options.trim() {
        "" | "null" | "undefined" => ImportOptions::default(),
        text => match serde_json::from_str::<ImportOptions>(text) {
            Ok(options) => options,
            Err(error) => {
                return fail(
                    codes::E1105_BAD_OPTIONS,
                    format!("the options are not valid: {error}"),
                    "pass an object with any of `into`, `resource`, `attachTo`, `level` (`root`, `ou`, \
                     `account`) and `account`",
                )
            }
        },
    };
    let outcome = import_aws(&inputs, &options);
    let Some(scenario) = outcome
        .scenario
        .clone()
        .filter(|_| outcome.into_errors.is_empty())
    else {
        let into = options.into.as_deref().unwrap_or_default();
        return respond(
            into,
            &Answer::<()>::Failure(Failure {
                errors: outcome.into_errors,
                warnings: Vec::new(),
            }),
        );
    };
    // Each report is written with its own input's positions; the shape is `ImportAwsSuccess`'s.
    let reports: Result<Vec<serde_json::Value>, _> = outcome
        .inputs
        .iter()
        .zip(&inputs)
        .map(|(report, input)| {
            serde_json::to_value(Utf16 {
                value: report,
                index: &Utf16Index::new(&input.text),
            })
        })
        .collect();
    let problems = serde_json::to_value(Utf16 {
        value: &outcome.problems,
        index: &Utf16Index::new(&scenario),
    });
    match (reports, problems) {
        (Ok(reports), Ok(problems)) => serde_json::json!({
            "type": "success",
            "scenario": scenario,
            "inputs": reports,
            "problems": problems,
        })
        .to_string(),
        _ => INTERNAL_ERROR_JSON.to_string(),
    }
}

fn fail(code: &'static str, message: String, help: &str) -> String {
    respond(
        "",
        &Answer::<()>::Failure(Failure {
            errors: vec![Diagnostic::error(code, message, None).with_help(help)],
            warnings: Vec::new(),
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn answer(inputs: &str, options: &str) -> Value {
        serde_json::from_str(&import_aws_json_str(inputs, options)).expect("an answer is JSON")
    }

    /// An export whose one skip comes after non-ASCII text, so byte and UTF-16 positions differ.
    const EXPORT: &str = r#"{"UserDetailList": [{"UserName": "zoë", "Arn": "arn:aws:iam::111122223333:user/zoë-😀",
  "GroupList": ["Missing"]}]}"#;

    #[test]
    fn reports_carry_utf16_positions_of_their_own_input() {
        let inputs = serde_json::json!([{"name": "a.json", "text": EXPORT}, "{\"Statement\": []}"])
            .to_string();
        let value = answer(&inputs, "{}");
        assert_eq!(value["type"], "success", "{value}");
        assert_eq!(value["inputs"][0]["name"], "a.json");
        assert_eq!(value["inputs"][1]["name"], "input 2");
        assert_eq!(
            value["inputs"][0]["format"],
            "account-authorization-details"
        );
        let skip = &value["inputs"][0]["skipped"][0];
        assert_eq!(skip["code"], "W1103");
        let offset = skip["span"]["start"]["offset"].as_u64().unwrap() as usize;
        let utf16: Vec<u16> = EXPORT.encode_utf16().collect();
        let at = String::from_utf16(&utf16[offset..offset + 9]).unwrap();
        assert_eq!(at, "\"Missing\"");
        assert_eq!(skip["span"]["start"]["line"], 2);
        let scenario = value["scenario"].as_str().unwrap();
        assert!(scenario.contains("user/zoë-😀"));
        assert!(value["problems"].as_array().unwrap().is_empty());
    }

    #[test]
    fn bad_inputs_options_and_into_are_failures() {
        for (inputs, options, code) in [
            ("{}", "{}", codes::E1104_BAD_INPUTS),
            ("[1]", "{}", codes::E1104_BAD_INPUTS),
            ("[]", "{\"attach_to\": \"x\"}", codes::E1105_BAD_OPTIONS),
            ("[]", "{\"level\": \"org\"}", codes::E1105_BAD_OPTIONS),
            (
                "[]",
                "{\"into\": \"[]\"}",
                crate::import::codes::E1102_BAD_INTO,
            ),
            (
                "[]",
                "{\"account\": \"1\"}",
                crate::import::codes::E1103_BAD_OPTION,
            ),
        ] {
            let value = answer(inputs, options);
            assert_eq!(value["type"], "failure", "{inputs} {options}: {value}");
            assert_eq!(value["errors"][0]["code"], code, "{inputs} {options}");
        }
        assert_eq!(answer("[]", "null")["type"], "success");
        assert_eq!(answer("[]", "")["type"], "success");
    }
}
