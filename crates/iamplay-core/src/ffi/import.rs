//! `importAws(inputs, options)`: the import module's JSON contract. Each input's report carries positions in
//! UTF-16 units of that input's text, and `problems` in units of the written scenario, so a shell can point
//! into whichever text a message is about.

use super::{respond, Answer, Failure, INTERNAL_ERROR_JSON};
use crate::diagnostic::{Diagnostic, Position, Span};
use crate::import::{codes, import_aws_with, ImportInput, ImportOptions, InputReport, OrgLevel};
use crate::json::{SpannedValue, Value};
use crate::managed::ManagedPolicySource;
use crate::policy::suggest::did_you_mean;
use crate::utf16::Utf16Index;
use serde::Serialize;

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

/// The option keys, as JS spells them.
const OPTION_KEYS: &[&str] = &["into", "resource", "attachTo", "level", "account"];

/// `importAws(inputs, options)`: `inputs` is a JSON array of strings or `{name, text}` objects, `options` a
/// JSON object of [`ImportOptions`] (`null` or `{}` for none). Both are read with the core's own JSON parser
/// (no serde deserializer: it would add tens of KB to the package's wasm).
pub fn import_aws_json_str(inputs: &str, options: &str) -> String {
    let inputs = match read_inputs(inputs) {
        Ok(inputs) => inputs,
        Err(message) => {
            return fail(
                codes::E1104_BAD_INPUTS,
                message,
                "pass an array of strings or `{name, text}` objects, e.g. `[{name: \"prod.json\", text}]`",
            )
        }
    };
    let options = match read_options(options) {
        Ok(options) => options,
        Err((message, help)) => return fail(codes::E1105_BAD_OPTIONS, message, &help),
    };
    // AWS managed ARNs are checked against the snapshot later calls will load with (registered or embedded).
    let managed = super::managed_policies();
    let outcome = import_aws_with(
        &inputs,
        &options,
        managed
            .as_deref()
            .map(|set| set as &dyn ManagedPolicySource),
    );
    let Some(scenario) = outcome.scenario.filter(|_| outcome.into_errors.is_empty()) else {
        let into = options.into.as_deref().unwrap_or_default();
        return respond(
            into,
            &Answer::<()>::Failure(Failure {
                errors: outcome.into_errors,
                warnings: Vec::new(),
            }),
        );
    };
    // Each report's positions are converted with its own input's text, the problems' with the scenario's.
    let mut reports = outcome.inputs;
    for (report, input) in reports.iter_mut().zip(&inputs) {
        let index = Utf16Index::new(&input.text);
        for diagnostic in report.skipped.iter_mut().chain(report.errors.iter_mut()) {
            convert_diagnostic(diagnostic, &index);
        }
        for taken in &mut report.taken {
            taken.span = convert(taken.span, &index);
        }
    }
    let mut problems = outcome.problems;
    let index = Utf16Index::new(&scenario);
    for problem in &mut problems {
        convert_diagnostic(problem, &index);
    }
    let answer = Answer::Success(ImportAwsSuccess {
        scenario,
        inputs: reports,
        problems,
    });
    serde_json::to_string(&answer).unwrap_or_else(|_| INTERNAL_ERROR_JSON.to_string())
}

fn convert(span: Span, index: &Utf16Index<'_>) -> Span {
    let position = |at: Position| {
        let utf16 = index.convert_position(at);
        Position {
            line: utf16.line,
            column: utf16.column,
            offset: utf16.offset,
        }
    };
    Span {
        start: position(span.start),
        end: position(span.end),
    }
}

fn convert_diagnostic(diagnostic: &mut Diagnostic, index: &Utf16Index<'_>) {
    diagnostic.span = diagnostic.span.map(|span| convert(span, index));
    for related in &mut diagnostic.related {
        related.span = convert(related.span, index);
    }
}

fn parse(text: &str) -> Result<SpannedValue, String> {
    crate::json::parse(text, &crate::import::INPUT_LIMITS).map_err(|errors| {
        errors
            .first()
            .map_or_else(|| "not JSON".to_string(), |error| error.message.clone())
    })
}

fn read_inputs(text: &str) -> Result<Vec<ImportInput>, String> {
    let value = parse(text)?;
    let Value::Array(items) = &value.value else {
        return Err(format!(
            "the inputs are a {}, not an array",
            value.value.type_name()
        ));
    };
    items
        .iter()
        .enumerate()
        .map(|(position, item)| {
            let what = format!("input {}", position + 1);
            match &item.value {
                Value::String(text) => Ok(ImportInput {
                    name: what,
                    text: text.clone(),
                }),
                Value::Object(members) => {
                    let mut name = None;
                    let mut text = None;
                    for member in members {
                        let slot = match member.key.as_str() {
                            "name" => &mut name,
                            "text" => &mut text,
                            other => {
                                return Err(format!(
                                    "{what} has the unknown key `{other}`: an input is `{{name, text}}`"
                                ))
                            }
                        };
                        *slot = member.value.value.as_str().map(str::to_string);
                    }
                    match (name, text) {
                        (name, Some(text)) => Ok(ImportInput {
                            name: name.unwrap_or(what),
                            text,
                        }),
                        (_, None) => Err(format!("{what} has no `text` string")),
                    }
                }
                other => Err(format!(
                    "{what} is a {}, not a string or a `{{name, text}}` object",
                    other.type_name()
                )),
            }
        })
        .collect()
}

fn read_options(text: &str) -> Result<ImportOptions, (String, String)> {
    let help = || {
        format!(
            "pass an object with any of {} (`level`: `root`, `ou` or `account`)",
            OPTION_KEYS
                .iter()
                .map(|key| format!("`{key}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let trimmed = text.trim();
    if matches!(trimmed, "" | "null" | "undefined") {
        return Ok(ImportOptions::default());
    }
    let value = parse(trimmed)
        .map_err(|message| (format!("the options are not JSON: {message}"), help()))?;
    let Value::Object(members) = &value.value else {
        return Err((
            format!(
                "the options are a {}, not an object",
                value.value.type_name()
            ),
            help(),
        ));
    };
    let mut options = ImportOptions::default();
    for member in members {
        let key = member.key.as_str();
        let text = match &member.value.value {
            Value::Null => continue,
            Value::String(text) => text.clone(),
            other => {
                return Err((
                    format!("option `{key}` is a {}, not a string", other.type_name()),
                    help(),
                ))
            }
        };
        match key {
            "into" => options.into = Some(text),
            "resource" => options.resource = Some(text),
            "attachTo" => options.attach_to = Some(text),
            "account" => options.account = Some(text),
            "level" => {
                options.level = Some(match text.as_str() {
                    "root" => OrgLevel::Root,
                    "ou" => OrgLevel::Ou,
                    "account" => OrgLevel::Account,
                    _ => {
                        return Err((
                            format!("option `level` is `{text}`"),
                            "use `root`, `ou` or `account`".to_string(),
                        ))
                    }
                });
            }
            other => {
                let help = match did_you_mean(other, OPTION_KEYS.iter().copied()) {
                    Some(suggestion) => format!("did you mean `{suggestion}`?"),
                    None => help(),
                };
                return Err((format!("unknown option `{other}`"), help));
            }
        }
    }
    Ok(options)
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
