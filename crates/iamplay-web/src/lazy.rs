//! The on-demand analyses (`crates/iamplay-web-analyses`, a second wasm fetched the first time one is asked for
//! and run in a worker, through `web/analyses-lazy.js`): the fixes of a cell or request, the tightest policy for
//! picked cells, a JSON Patch applied to a scenario file, the account-scale questions (who can, what can,
//! access) and the import of what the AWS CLI prints. Their answers are the core's JSON; this module reads them
//! into the little the view shows. Nothing here decides anything about IAM.

use crate::engine::parse_decision;
use iamplay_core::explain::Decision;
use iamplay_core::json::{self, Limits, SpannedValue};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/analyses-lazy.js")]
extern "C" {
    #[wasm_bindgen(js_name = lazyCall, catch)]
    async fn lazy_call(
        name: &str,
        text: &str,
        arg: &str,
        request: i32,
        row: u32,
        column: u32,
    ) -> Result<JsValue, JsValue>;
}

/// What a cell is and how a change moves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flip {
    pub principal: String,
    pub assume: Vec<String>,
    pub action: String,
    pub resource: String,
    pub context: Vec<(String, String)>,
    pub before: Decision,
    pub after: Decision,
}

/// One verified fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub summary: String,
    /// The RFC 6902 patch, as JSON text (handed back to [`apply_patch`]).
    pub patch: String,
    pub flips: Vec<Flip>,
    /// An SCP or RCP edit: the organization's administrator must make it.
    pub organization: bool,
    /// A request context edit: the caller sends it.
    pub caller: bool,
    pub edits: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixes {
    /// The fixes allow the target (it is denied); else they deny it.
    pub allow: bool,
    pub fixes: Vec<Fix>,
}

/// One written policy, as the on-demand module words it (`view` of its `tighten` answer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TightPolicy {
    /// Whose or which policy, with `code` spans (`components::lesson::inline`).
    pub title: String,
    pub text: String,
    /// (code, message) of each lint finding.
    pub lint: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tightened {
    pub verified: bool,
    pub policies: Vec<TightPolicy>,
    pub extra_edits: Vec<String>,
    /// What the resource side could not do alone, one line each (with `code` spans).
    pub notes: Vec<String>,
    pub unsatisfied: usize,
    pub opened_outside: Vec<Flip>,
    pub closed: Vec<Flip>,
    pub patch: String,
}

async fn call(
    name: &str,
    text: &str,
    arg: &str,
    target: (i32, u32, u32),
) -> Result<String, String> {
    let answer = lazy_call(name, text, arg, target.0, target.1, target.2)
        .await
        .map_err(|error| {
            let message = js_sys::Reflect::get(&error, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
                .unwrap_or_else(|| "it could not be loaded".into());
            format!("the analyses did not answer ({message})")
        })?;
    answer
        .as_string()
        .ok_or_else(|| "the analyses answered nothing".to_string())
}

fn read(text: &str) -> Result<SpannedValue, String> {
    let limits = Limits {
        max_bytes: usize::MAX,
        max_depth: 64,
    };
    let value = json::parse(text, &limits).map_err(|_| "the answer is not JSON".to_string())?;
    if let Some(message) = string(&value, "error") {
        return Err(message);
    }
    Ok(value)
}

fn member<'v>(value: &'v SpannedValue, key: &str) -> Option<&'v SpannedValue> {
    value.get(key).map(|m| &m.value)
}

fn string(value: &SpannedValue, key: &str) -> Option<String> {
    member(value, key)
        .and_then(|v| v.value.as_str())
        .map(str::to_string)
}

fn list<'v>(value: &'v SpannedValue, key: &str) -> &'v [SpannedValue] {
    member(value, key)
        .and_then(|v| v.value.as_array())
        .unwrap_or_default()
}

fn flag(value: &SpannedValue, key: &str) -> bool {
    matches!(
        member(value, key).map(|v| &v.value),
        Some(json::Value::Bool(true))
    )
}

/// The JSON text of a value inside `source` (what was parsed).
fn raw(source: &str, value: Option<&SpannedValue>) -> String {
    value
        .and_then(|v| source.get(v.span.start.offset as usize..v.span.end.offset as usize))
        .unwrap_or("[]")
        .to_string()
}

fn flip(value: &SpannedValue) -> Flip {
    let decision = |key: &str| {
        string(value, key)
            .and_then(|d| parse_decision(&d))
            .unwrap_or(Decision::ImplicitDeny)
    };
    Flip {
        principal: string(value, "principal").unwrap_or_default(),
        assume: list(value, "assume")
            .iter()
            .filter_map(|v| v.value.as_str().map(str::to_string))
            .collect(),
        action: string(value, "action").unwrap_or_default(),
        resource: string(value, "resource").unwrap_or_default(),
        context: member(value, "context")
            .and_then(|v| v.value.as_object())
            .unwrap_or_default()
            .iter()
            .map(|m| {
                let values: Vec<&str> = m
                    .value
                    .value
                    .as_array()
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|v| v.value.as_str())
                    .collect();
                (m.key.clone(), values.join(","))
            })
            .collect(),
        before: decision("before"),
        after: decision("after"),
    }
}

fn fixes_of(text: &str) -> Result<Fixes, String> {
    let value = read(text)?;
    Ok(Fixes {
        allow: string(&value, "goal").as_deref() != Some("deny"),
        fixes: list(&value, "fixes")
            .iter()
            .map(|fix| {
                let edits = list(fix, "edits");
                let by = |who: &str| {
                    edits
                        .iter()
                        .any(|e| string(e, "changedBy").as_deref() == Some(who))
                };
                Fix {
                    summary: string(fix, "summary").unwrap_or_default(),
                    patch: raw(text, member(fix, "patch")),
                    flips: list(fix, "flips").iter().map(flip).collect(),
                    organization: flag(fix, "needsOrganization") || by("organization"),
                    caller: by("caller"),
                    edits: edits.iter().filter_map(|e| string(e, "summary")).collect(),
                }
            })
            .collect(),
    })
}

fn strings(value: &SpannedValue, key: &str) -> Vec<String> {
    list(value, key)
        .iter()
        .filter_map(|v| v.value.as_str().map(str::to_string))
        .collect()
}

/// A `tighten` answer of the on-demand module: the core's, with its `view`.
pub fn tightened_of(text: &str) -> Result<Tightened, String> {
    let value = read(text)?;
    let view = member(&value, "view").ok_or_else(|| "the answer has no view".to_string())?;
    Ok(Tightened {
        verified: flag(&value, "verified"),
        policies: list(view, "policies")
            .iter()
            .map(|policy| TightPolicy {
                title: string(policy, "title").unwrap_or_default(),
                text: string(policy, "text").unwrap_or_default(),
                lint: list(policy, "lint")
                    .iter()
                    .map(|d| {
                        (
                            string(d, "code").unwrap_or_default(),
                            string(d, "message").unwrap_or_default(),
                        )
                    })
                    .collect(),
            })
            .collect(),
        extra_edits: strings(&value, "extraEdits"),
        notes: strings(view, "notes"),
        unsatisfied: list(&value, "unsatisfied").len(),
        opened_outside: list(&value, "openedOutside").iter().map(flip).collect(),
        closed: list(&value, "closed").iter().map(flip).collect(),
        patch: raw(text, member(&value, "patch")),
    })
}

/// The fixes of request `request`, or of matrix cell `cell`, in the scenario file `text`.
pub async fn fixes(
    text: &str,
    request: Option<usize>,
    cell: (usize, usize),
) -> Result<Fixes, String> {
    let request = request.map_or(-1, |r| i32::try_from(r).unwrap_or(i32::MAX));
    let answer = call("fixes", text, "", (request, cell.0 as u32, cell.1 as u32)).await?;
    fixes_of(&answer)
}

/// The tightest policies allowing the matrix `cells` of the scenario file `text`: identity policies, or resource
/// policies when `resource`.
pub async fn tighten(
    text: &str,
    cells: &[(usize, usize)],
    resource: bool,
) -> Result<Tightened, String> {
    let mut list: Vec<String> = cells.iter().map(|(r, c)| format!("{r},{c}")).collect();
    if resource {
        list.push("resource".into());
    }
    let answer = call("tighten", text, &list.join(";"), (-1, 0, 0)).await?;
    tightened_of(&answer)
}

/// The answer to `question` (`questions::Question::to_text`) about `workspace` (its own format), as
/// `questions::encode` writes it. The worker fetches the action catalog first when `catalog` (what-can needs it).
/// Only the questions island asks (islands/questions.rs): the app's wasm does not carry the questions.
pub async fn question(workspace: &str, question: &str, catalog: bool) -> Result<String, String> {
    call("question", workspace, question, (i32::from(catalog), 0, 0)).await
}

/// The scenario file `text` with `patch` (a fix's or a tightest policy's) applied.
pub async fn apply_patch(text: &str, patch: &str) -> Result<String, String> {
    let answer = call("applyPatch", text, patch, (-1, 0, 0)).await?;
    let value = read(&answer)?;
    string(&value, "text").ok_or_else(|| "the patch gave no scenario".to_string())
}

/// The core's import (`importAws` of the npm package) of `inputs` (JSON text of `[{name, text}]`) with
/// `options` (JSON text): its answer's JSON text, read by the Import dialog.
pub async fn import_aws(inputs: &str, options: &str) -> Result<String, String> {
    call("importAws", inputs, options, (-1, 0, 0)).await
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use iamplay_core::analysis::fixes::{suggest, Target};
    use iamplay_core::scenario::LoadOptions;

    const CROSS: &str = include_str!("../../../examples/cross-account-role.json");

    #[test]
    fn the_core_fix_report_reads_back_with_every_field_the_view_shows() {
        let report = suggest(CROSS, Target::Request(2), &LoadOptions::default()).expect("fixes");
        let text = serde_json_free(&report);
        let read = fixes_of(&text).expect("reads");
        assert!(read.allow);
        assert_eq!(read.fixes.len(), report.fixes.len());
        for (view, fix) in read.fixes.iter().zip(&report.fixes) {
            assert_eq!(view.summary, fix.summary);
            assert_eq!(view.flips.len(), fix.flips.len());
            assert_eq!(view.organization, fix.needs_organization);
            assert!(view.patch.starts_with('['), "{}", view.patch);
        }
        assert_eq!(
            fixes_of(r#"{"error": "no such cell"}"#),
            Err("no such cell".into())
        );
        assert!(fixes_of("nonsense").is_err());
    }

    #[test]
    fn a_tighten_answer_reads_its_view_and_the_proof() {
        // The shape crates/iamplay-web-analyses writes (its tests read real answers through this function).
        let answer = r#"{"side": "resource", "verified": true, "unsatisfied": [], "extraEdits": ["a trust edit"],
            "openedOutside": [], "closed": [{"principal": "p", "action": "s3:GetObject", "resource": "r",
            "before": "Allow", "after": "ImplicitDeny"}], "patch": [{"op": "add", "path": "/resources/0/policy"}],
            "view": {"policies": [{"title": "`b` · resource policy", "text": "{}",
            "lint": [{"code": "W0201", "message": "m"}]}], "notes": ["**Cross-account** · one."]}}"#;
        let read = tightened_of(answer).expect("reads");
        assert!(read.verified);
        assert_eq!(read.policies.len(), 1);
        assert_eq!(read.policies[0].title, "`b` · resource policy");
        assert_eq!(read.policies[0].lint, vec![("W0201".into(), "m".into())]);
        assert_eq!(read.notes, vec!["**Cross-account** · one.".to_string()]);
        assert_eq!(read.extra_edits, vec!["a trust edit".to_string()]);
        assert_eq!(read.closed.len(), 1);
        assert_eq!(read.closed[0].after, Decision::ImplicitDeny);
        assert_eq!(
            read.patch,
            r#"[{"op": "add", "path": "/resources/0/policy"}]"#
        );
        // An answer without its view (an older module) and an error are errors, not an empty result.
        assert!(tightened_of(r#"{"verified": true}"#).is_err());
        assert_eq!(
            tightened_of(r#"{"error": "no such cell"}"#),
            Err("no such cell".into())
        );
    }

    /// The report as JSON, written by hand from the core's data (the web crate has no serde_json).
    fn serde_json_free(report: &iamplay_core::analysis::fixes::FixReport) -> String {
        use crate::json_out::{arr, obj, Json};
        let decision = |d: Decision| Json::from(crate::engine::decision_name(d));
        obj([
            (
                "goal",
                match report.goal {
                    iamplay_core::analysis::fixes::FixGoal::Allow => "allow",
                    iamplay_core::analysis::fixes::FixGoal::Deny => "deny",
                }
                .into(),
            ),
            (
                "fixes",
                arr(report.fixes.iter().map(|fix| {
                    obj([
                        ("summary", (&fix.summary).into()),
                        (
                            "patch",
                            arr(fix
                                .patch
                                .iter()
                                .map(|op| obj([("path", (&op.path).into())]))),
                        ),
                        (
                            "flips",
                            arr(fix.flips.iter().map(|f| {
                                obj([
                                    ("principal", (&f.cell.principal).into()),
                                    ("action", (&f.cell.action).into()),
                                    ("resource", (&f.cell.resource).into()),
                                    ("before", decision(f.before)),
                                    ("after", decision(f.after)),
                                ])
                            })),
                        ),
                        ("needsOrganization", fix.needs_organization.into()),
                    ])
                })),
            ),
        ])
        .text()
    }
}
