//! The playground's on-demand analyses: what would change a decision (`analysis::fixes`), the tightest policy for
//! picked matrix cells (`analysis::tighten`), applying a JSON Patch to a scenario file (`analysis::patch`), the
//! account-scale questions of the playground's questions island (who can, what can, access: `question`) and the
//! Import dialog's import of what the AWS CLI prints (`import`, the same code as `iamplay import`).
//! They are a second wasm (web/analyses-lazy.js loads it the first time one is asked for), so the playground's
//! first screen does not carry them. Text in, JSON text out; every answer is the core's, serialized as the CLI's
//! `--format json` and the npm package serialize it, or `{"error": message}`.
//!
//! The same module carries the islands (`iamplay_web::islands`: UI shown on demand), mounted in the page by
//! [`mount_island`]; the worker never calls it.

use iamplay_core::analysis::fixes::{suggest, Target};
use iamplay_core::analysis::patch::{apply, Json, PatchOp};
use iamplay_core::analysis::tighten::{
    tighten_targets_with, TightenNote, TightenOptions, TightenSide, Tightened, POLICY_NAME,
};
use iamplay_core::diagnostic::Diagnostic;
use iamplay_core::json::{parse, Limits, SpannedValue};
use iamplay_core::scenario::LoadOptions;
use wasm_bindgen::prelude::*;

mod text_patch;

fn error(message: &str) -> String {
    serde_json::json!({ "error": message }).to_string()
}

fn first_error(errors: &[Diagnostic]) -> String {
    error(
        errors
            .first()
            .map_or("the scenario has errors", |e| e.message.as_str()),
    )
}

fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| error(&e.to_string()))
}

thread_local! {
    /// The AWS managed policy snapshot, once the worker has brought it (`setManaged`): scenarios that attach
    /// AWS managed policies by ARN (every imported account) load with it.
    static MANAGED: std::cell::RefCell<Option<std::rc::Rc<iamplay_core::managed::ManagedPolicies>>> =
        const { std::cell::RefCell::new(None) };
}

/// Keeps the AWS managed policy snapshot (`managed-policies.txt`'s text) for the analyses and the questions;
/// `false` when it does not parse.
#[wasm_bindgen(js_name = setManaged)]
pub fn set_managed(text: &str) -> bool {
    let parsed = iamplay_core::managed::ManagedPolicies::parse(text)
        .ok()
        .map(std::rc::Rc::new);
    let ok = parsed.is_some();
    MANAGED.with(|managed| *managed.borrow_mut() = parsed);
    ok
}

/// Runs `f` with the load options of the snapshot set so far.
fn with_options<R>(f: impl FnOnce(&LoadOptions) -> R) -> R {
    MANAGED.with(|managed| {
        let managed = managed.borrow();
        f(&LoadOptions {
            managed_policies: managed
                .as_deref()
                .map(|set| set as &dyn iamplay_core::managed::ManagedPolicySource),
        })
    })
}

/// The fixes of request `request` of the scenario `text`, or (`request` < 0) of matrix cell (`row`, `column`).
#[wasm_bindgen]
pub fn fixes(text: &str, request: i32, row: u32, column: u32) -> String {
    let target = match usize::try_from(request) {
        Ok(index) => Target::Request(index),
        Err(_) => Target::Cell {
            row: row as usize,
            column: column as usize,
        },
    };
    match with_options(|options| suggest(text, target, options)) {
        Ok(report) => to_json(&report),
        Err(errors) => first_error(&errors),
    }
}

/// The cells `row,column;row,column` of a `cells` list.
fn cells(list: &str) -> Vec<Target> {
    list.split(';')
        .filter_map(|pair| {
            let (row, column) = pair.split_once(',')?;
            Some(Target::Cell {
                row: row.trim().parse().ok()?,
                column: column.trim().parse().ok()?,
            })
        })
        .collect()
}

/// The tightest policies allowing the matrix cells `allow` (`row,column;...`) of the scenario `text`, written as
/// identity policies, or as resource policies when the list has the word `resource` among its items (the core's
/// `side: "resource"`; in the list, the page's loader passes it unchanged to this module). Beside the core's
/// answer, `view` is what the playground shows (`iamplay_web::lazy` reads it), written here so the first screen
/// carries none of its wording: `policies` (resource policies first, each `{title, text, lint}`: a heading with
/// `code` spans and the indented text an editor shows) and `notes`, one plain line per note of the core.
#[wasm_bindgen]
pub fn tighten(text: &str, allow: &str) -> String {
    let side = if allow.split(';').any(|item| item.trim() == "resource") {
        TightenSide::Resource
    } else {
        TightenSide::Identity
    };
    match with_options(|options| {
        tighten_targets_with(text, &cells(allow), &[], options, &TightenOptions { side })
    }) {
        Ok(result) => {
            let Ok(mut value) = serde_json::to_value(&result) else {
                return error("the result could not be written");
            };
            if let Some(object) = value.as_object_mut() {
                object.insert("view".into(), view(&result));
            }
            value.to_string()
        }
        Err(errors) => first_error(&errors),
    }
}

/// The playground's reading of a tightest-policy answer (see [`tighten`]).
fn view(result: &Tightened) -> serde_json::Value {
    use iamplay_web::model::short_arn;
    let lint = |findings: &[Diagnostic]| -> Vec<serde_json::Value> {
        findings
            .iter()
            .map(|d| serde_json::json!({ "code": d.code, "message": d.message }))
            .collect()
    };
    let mut policies: Vec<serde_json::Value> = result
        .resource_policies
        .iter()
        .map(|policy| {
            let what = if policy.created {
                "a new resource entry with this resource policy"
            } else {
                "resource policy, replacing its `policy` (its `Deny` statements are kept)"
            };
            serde_json::json!({
                "title": format!("`{}` · {what}", short_arn(&policy.resource)),
                "text": policy.document.to_text(),
                "lint": lint(&policy.lint),
            })
        })
        .collect();
    policies.extend(result.policies.iter().map(|policy| {
        let what = if policy.replaces {
            format!("`{POLICY_NAME}` replaces its own policies")
        } else {
            "identity policy added beside its own".to_string()
        };
        serde_json::json!({
            "title": format!("`{}` · {what}", short_arn(&policy.principal)),
            "text": policy.document.to_text(),
            "lint": lint(&policy.lint),
        })
    }));
    let notes: Vec<String> = result.notes.iter().map(note_line).collect();
    serde_json::json!({ "policies": policies, "notes": notes })
}

/// One note of the resource side in plain words: what it means, the call, then the core's message.
fn note_line(note: &TightenNote) -> String {
    use iamplay_core::analysis::tighten::codes;
    use iamplay_web::model::short_arn;
    let lead = match note.code {
        codes::W0904_IDENTITY_SIDE => "Granted on the identity side",
        codes::W0905_CROSS_ACCOUNT => "Cross-account: the caller's account must allow it too",
        codes::W0906_RESOURCE_CREATED => "New resource entry",
        codes::W0907_PUBLIC => "Public access",
        _ => "Note",
    };
    if note.principal.is_empty() {
        return format!("**{lead}**: {}.", note.message);
    }
    // The lead says the rule the core's message starts with; what follows its citation is what was done.
    let message = match note.code {
        codes::W0905_CROSS_ACCOUNT => note
            .message
            .rsplit_once("): ")
            .map_or(note.message.as_str(), |(_, outcome)| outcome),
        _ => note.message.as_str(),
    };
    format!(
        "**{lead}** · `{}` → `{}` on `{}`: {message}.",
        short_arn(&note.principal),
        note.action,
        short_arn(&note.resource),
    )
}

fn patch_ops(value: &SpannedValue) -> Result<Vec<PatchOp>, String> {
    let items = value
        .value
        .as_array()
        .ok_or_else(|| "a patch is a list of operations".to_string())?;
    items
        .iter()
        .map(|item| {
            let text = |key: &str| item.get(key).and_then(|m| m.value.value.as_str());
            let path = text("path").ok_or_else(|| "an operation without `path`".to_string())?;
            let value = item.get("value").map(|m| Json::from_spanned(&m.value));
            match (text("op"), value) {
                (Some("add"), Some(value)) => Ok(PatchOp::add(path, value)),
                (Some("replace"), Some(value)) => Ok(PatchOp::replace(path, value)),
                (Some("remove"), _) => Ok(PatchOp::remove(path)),
                (op, _) => Err(format!(
                    "an operation this page does not make (`{}`)",
                    op.unwrap_or("?")
                )),
            }
        })
        .collect()
}

/// The scenario `text` with the RFC 6902 `patch` (as the answers above carry it) applied: `{"text"}`, or
/// `{"error"}`.
#[wasm_bindgen(js_name = applyPatch)]
pub fn apply_patch(text: &str, patch: &str) -> String {
    let limits = Limits::scenario();
    let document = match parse(text, &limits) {
        Ok(value) => Json::from_spanned(&value),
        Err(errors) => return first_error(&errors),
    };
    let ops = match parse(patch, &limits) {
        Ok(value) => match patch_ops(&value) {
            Ok(ops) => ops,
            Err(message) => return error(&message),
        },
        Err(errors) => return first_error(&errors),
    };
    // In place when it can be (the author's layout stays), else the patched tree's text.
    if let Some(patched) = text_patch::apply_in_text(text, &ops) {
        return serde_json::json!({ "text": patched }).to_string();
    }
    match apply(&document, &ops) {
        Ok(patched) => serde_json::json!({ "text": patched.to_text() }).to_string(),
        Err(e) => error(&e.to_string()),
    }
}

/// `importAws(inputs, options)` of the npm package: `inputs` a JSON array of `{name, text}`, `options` a JSON
/// object (`into`, `resource`, `level`, `account`). Answers the JSON of `Answer<ImportAwsSuccess>`
/// (docs/javascript-api.md). AWS managed policy ARNs are written as they are; the playground resolves them when
/// it loads the scenario.
#[wasm_bindgen(js_name = importAws)]
pub fn import_aws(inputs: &str, options: &str) -> String {
    iamplay_core::ffi::import_aws_json_str(inputs, options)
}

thread_local! {
    /// The action catalog, once the worker has brought it (`setCatalog`): what-can walks it.
    static CATALOG: std::cell::RefCell<Option<iamplay_core::catalog::Catalog>> =
        const { std::cell::RefCell::new(None) };
}

/// Keeps the action catalog (`catalog.txt`'s text) for the questions; `false` when it does not parse.
#[wasm_bindgen(js_name = setCatalog)]
pub fn set_catalog(text: &str) -> bool {
    let parsed = iamplay_core::catalog::Catalog::parse(text).ok();
    let ok = parsed.is_some();
    CATALOG.with(|catalog| *catalog.borrow_mut() = parsed);
    ok
}

/// The answer to an account-scale question (who can, what can, access: `question` as the questions island
/// writes it) about `workspace` (the playground's workspace in its own format), as the island reads it
/// (`iamplay_web::questions::encode`, an error included). What-can needs the catalog (`setCatalog`).
#[wasm_bindgen]
pub fn question(workspace: &str, question: &str) -> String {
    CATALOG.with(|catalog| {
        MANAGED.with(|managed| {
            iamplay_web::questions::answer_workspace(
                workspace,
                question,
                catalog.borrow().as_ref(),
                managed.borrow().clone(),
            )
        })
    })
}

/// A mounted island, for the page's host (`web/analyses-lazy.js`).
#[wasm_bindgen]
pub struct Island(iamplay_web::islands::Mounted);

#[wasm_bindgen]
impl Island {
    /// Hands the island new input (JSON text).
    pub fn update(&mut self, input: String) {
        self.0.update(input);
    }

    /// Takes the island out of the page.
    pub fn destroy(self) {
        self.0.destroy();
    }
}

/// Mounts island `kind` inside `host`; `emit` receives each event's JSON text.
#[wasm_bindgen(js_name = mountIsland)]
pub fn mount_island(
    kind: &str,
    host: web_sys::Element,
    input: String,
    emit: js_sys::Function,
) -> Result<Island, JsError> {
    iamplay_web::islands::mount(kind, host, input, emit)
        .map(Island)
        .map_err(|message| JsError::new(&message))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEVELOPER_GROUP: &str = include_str!("../../../examples/developer-group.json");

    fn field(answer: &str, key: &str) -> serde_json::Value {
        let value: serde_json::Value = serde_json::from_str(answer).unwrap_or_default();
        value.get(key).cloned().unwrap_or_default()
    }

    #[test]
    fn a_fix_round_trips_through_json_and_applies() {
        // Request 3: john's PutItem, denied.
        let answer = fixes(DEVELOPER_GROUP, 3, 0, 0);
        let fixes = field(&answer, "fixes");
        let first = fixes.get(0).cloned().unwrap_or_default();
        assert!(first.get("summary").is_some(), "{answer}");
        let patch = first
            .get("patch")
            .map(|p| p.to_string())
            .unwrap_or_default();
        let applied = apply_patch(DEVELOPER_GROUP, &patch);
        let text = field(&applied, "text");
        let text = text.as_str().unwrap_or_default();
        assert!(text.contains("dynamodb:PutItem"), "{applied}");
        assert_ne!(text, DEVELOPER_GROUP);
        // Applied in place: the rest of the file reads as written.
        assert!(
            text.contains(r#""Action": ["dynamodb:Query", "dynamodb:GetItem"],"#),
            "{text}"
        );
        assert!(text.starts_with(&DEVELOPER_GROUP[..200]));
    }

    #[test]
    fn the_fixes_of_every_example_apply_in_place() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
        let (mut in_place, mut all) = (0, 0);
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if !name.ends_with(".json") || name == "index.json" {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            for request in 0..8 {
                let Ok(report) = suggest(&text, Target::Request(request), &LoadOptions::default())
                else {
                    continue;
                };
                for fix in &report.fixes {
                    all += 1;
                    if text_patch::apply_in_text(&text, &fix.patch).is_some() {
                        in_place += 1;
                    }
                }
            }
        }
        assert!(all > 50, "{all} fixes");
        // Every one of them, in fact; a few may fall back to the tree without harm.
        assert!(in_place * 10 >= all * 9, "{in_place} of {all} in place");
    }

    #[test]
    fn a_matrix_cell_and_bad_input_answer_in_json() {
        let answer = fixes(DEVELOPER_GROUP, -1, 1, 0);
        assert!(field(&answer, "fixes").is_array(), "{answer}");
        assert!(field(&fixes("{", 0, 0, 0), "error").is_string());
        assert!(field(&fixes(DEVELOPER_GROUP, -1, 99, 99), "error").is_string());
        assert!(field(&apply_patch(DEVELOPER_GROUP, "{}"), "error").is_string());
        assert!(field(
            &apply_patch(DEVELOPER_GROUP, r#"[{"op":"move","path":"/a"}]"#),
            "error"
        )
        .is_string());
        assert!(field(
            &apply_patch(DEVELOPER_GROUP, r#"[{"op":"remove","path":"/nothing"}]"#),
            "error"
        )
        .is_string());
    }

    #[test]
    fn the_import_answers_the_npm_packages_json() {
        let export = include_str!("../../../tests/import/auth-details-prod-111122223333.json");
        let inputs = serde_json::json!([{ "name": "prod.json", "text": export }]).to_string();
        let answer = import_aws(&inputs, "{}");
        assert_eq!(field(&answer, "type"), "success", "{answer}");
        assert!(field(&answer, "scenario")
            .as_str()
            .is_some_and(|s| s.contains("arn:aws:iam::111122223333:")));
        assert_eq!(field(&import_aws("nonsense", "{}"), "type"), "failure");
    }

    #[test]
    fn questions_are_answered_about_a_workspace_with_the_catalog_once_set() {
        use iamplay_web::questions::{decode, AnswerView, Question};
        let ws = iamplay_web::model::import_scenario(DEVELOPER_GROUP).expect("workspace");
        let text = ws.to_json().text();
        let principal = ws.users.first().expect("a user").arn.clone();
        let what = Question::WhatCan { principal }.to_text();
        assert!(!set_catalog("not a catalog at all\n\u{0}"));
        let before = decode(&question(&text, &what));
        assert!(matches!(before, Some(AnswerView::Error(_))), "{before:?}");
        assert!(set_catalog(include_str!(
            "../../iamplay-core/data/catalog.txt"
        )));
        let after = decode(&question(&text, &what));
        assert!(
            matches!(&after, Some(AnswerView::What(view)) if !view.services.is_empty()),
            "{after:?}"
        );
        let access = Question::Access {
            resource: String::new(),
        }
        .to_text();
        assert!(matches!(
            decode(&question(&text, &access)),
            Some(AnswerView::Access(_))
        ));
    }

    #[test]
    fn scenarios_attaching_aws_managed_policies_are_analysed_once_the_snapshot_is_set() {
        use iamplay_web::questions::{decode, AnswerView, Question};
        // The thread's snapshot is shared by the tests of this thread: this one runs on its own thread.
        let scenario = r#"{
          "users": [{ "arn": "arn:aws:iam::111122223333:user/ana", "policies": ["arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"] }],
          "requests": [{ "principal": "arn:aws:iam::111122223333:user/ana", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k" }]
        }"#;
        let ws = iamplay_web::model::import_scenario(scenario).expect("workspace");
        let who = Question::Access {
            resource: String::new(),
        }
        .to_text();
        let without = fixes(scenario, 0, 0, 0);
        assert!(field(&without, "error").is_string(), "{without}");
        assert!(matches!(
            decode(&question(&ws.to_json().text(), &who)),
            Some(AnswerView::Error(_))
        ));
        assert!(!set_managed("not a snapshot"));
        assert!(set_managed(include_str!(
            "../../iamplay-core/data/managed-policies.txt"
        )));
        let with = fixes(scenario, 0, 0, 0);
        assert!(field(&with, "fixes").is_array(), "{with}");
        assert!(matches!(
            decode(&question(&ws.to_json().text(), &who)),
            Some(AnswerView::Access(_))
        ));
    }

    #[test]
    fn tighten_answers_policies_with_their_text() {
        let answer = tighten(DEVELOPER_GROUP, "1,1; 0,0");
        let read = iamplay_web::lazy::tightened_of(&answer).expect("reads");
        assert_eq!(read.policies.len(), 2, "{answer}");
        assert!(read.policies[0]
            .text
            .contains("\"Version\": \"2012-10-17\""));
        assert!(
            read.policies[0]
                .title
                .ends_with("`LeastPrivilege` replaces its own policies"),
            "{:?}",
            read.policies[0]
        );
        assert!(read.notes.is_empty());
        assert!(field(&answer, "verified").is_boolean());
        assert_eq!(
            cells("1,2;x;3,4"),
            vec![
                Target::Cell { row: 1, column: 2 },
                Target::Cell { row: 3, column: 4 }
            ]
        );
    }

    #[test]
    fn tighten_on_the_resource_side_words_its_policies_and_notes() {
        // neither (222...) and neither (111..., another account) may read the shared object.
        let text = include_str!("../../../examples/cross-account-table.json");
        let answer = tighten(text, "resource;3,0;7,0");
        assert_eq!(field(&answer, "side"), "resource", "{answer}");
        let read = iamplay_web::lazy::tightened_of(&answer).expect("reads");
        assert!(read.verified, "{answer}");
        // The bucket's policy first, then the identity statement the cross-account caller needs.
        let titles: Vec<&str> = read.policies.iter().map(|p| p.title.as_str()).collect();
        assert_eq!(titles.len(), 2, "{titles:?}");
        assert!(
            titles[0].starts_with("`arn:aws:s3:::example-shared-data` · resource policy"),
            "{titles:?}"
        );
        assert_eq!(
            titles[1],
            "`user/neither` · identity policy added beside its own"
        );
        assert!(read.policies[0].text.contains("\"Principal\""));
        assert_eq!(read.notes.len(), 1, "{:?}", read.notes);
        assert_eq!(
            read.notes[0],
            "**Cross-account: the caller's account must allow it too** · `user/neither` → `s3:GetObject` on \
             `arn:aws:s3:::example-shared-data/customers.csv`: a statement is added to \
             `arn:aws:iam::111111111111:user/neither`'s identity policies."
        );
        // The patch the page applies writes both.
        let applied = apply_patch(text, &field(&answer, "patch").to_string());
        let patched = field(&applied, "text");
        let patched = patched.as_str().unwrap_or_default();
        assert!(patched.contains("LeastPrivilege1"), "{applied}");
    }

    #[test]
    fn a_created_resource_entry_and_a_call_no_resource_policy_allows_are_said() {
        let text = r#"{
  "users": [{"arn": "arn:aws:iam::111111111111:user/ana"}],
  "requests": [
    {"principal": "arn:aws:iam::111111111111:user/ana", "action": "sqs:SendMessage",
     "resource": "arn:aws:sqs:us-east-1:111111111111:orders"},
    {"principal": "arn:aws:iam::111111111111:user/ana", "action": "ec2:DescribeInstances", "resource": "*"}
  ]
}"#;
        let answer = tighten(text, "0,0;0,1; resource");
        let read = iamplay_web::lazy::tightened_of(&answer).expect("reads");
        assert!(
            read.policies[0]
                .title
                .ends_with("a new resource entry with this resource policy"),
            "{answer}"
        );
        assert!(
            read.notes
                .iter()
                .any(|n| n.starts_with("**New resource entry**: ")),
            "{:?}",
            read.notes
        );
        assert!(
            read.notes.iter().any(|n| n.starts_with(
                "**Granted on the identity side** · `user/ana` → `ec2:DescribeInstances`"
            )),
            "{:?}",
            read.notes
        );
        assert!(read.notes.iter().all(|n| n.ends_with('.')));
    }
}
