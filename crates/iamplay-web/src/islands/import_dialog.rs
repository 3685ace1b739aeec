//! The Import dialog's body (an island: `crate::islands`; the app's dialog shell around it is
//! `components::dialogs`): what the AWS CLI prints (account exports, `get-role`, `get-policy-version`,
//! organization policies, resource-policy outputs, bare documents), pasted or read from files, turned into
//! scenario entities by the core's `import` module — the same code as `iamplay import`, run by the on-demand
//! analyses' worker (`crate::lazy`). Everything happens in this page: the files are read by the browser and
//! nothing is sent anywhere. The dialog then lists what each input gave and what it skipped, with the reason.
//!
//! Input (JSON, written by the host): `scenario` (the current scenario file's text, for "into the current
//! scenario"). Events: `{"event":"import","text","into":bool}` (the scenario written; the app opens it, keeping
//! the current work restorable) and `{"event":"close"}`.

use super::IslandProps;
use crate::json_out::{arr, obj, Json};
use crate::wire::field;
use iamplay_core::json::{self, Limits, SpannedValue};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// A file is read up to this size (an export of a large account is tens of MB; the core's limit is the same).
const MAX_FILE_BYTES: f64 = 64.0 * 1024.0 * 1024.0;

/// The current scenario's text from the island's input (empty when unreadable).
pub fn scenario_of(input: &str) -> String {
    let limits = Limits {
        max_bytes: usize::MAX,
        ..Limits::default()
    };
    json::parse(input, &limits)
        .ok()
        .and_then(|value| {
            field(&value, "scenario")
                .and_then(|v| v.value.as_str())
                .map(str::to_string)
        })
        .unwrap_or_default()
}

/// The event that hands the written scenario to the app.
pub fn import_event(scenario: &str, into: bool) -> String {
    obj([
        ("event", "import".into()),
        ("text", scenario.into()),
        ("into", into.into()),
    ])
    .text()
}

const CLOSE: &str = r#"{"event":"close"}"#;

/// The command whose output an input was read as (the core's `InputFormat`, as its JSON names it).
pub fn format_label(format: &str) -> &'static str {
    match format {
        "account-authorization-details" => "aws iam get-account-authorization-details",
        "get-role" => "aws iam get-role",
        "get-policy-version" => "aws iam get-policy-version",
        "describe-policy" => "aws organizations describe-policy",
        "s3-bucket-policy" => "aws s3api get-bucket-policy",
        "sqs-queue-attributes" => "aws sqs get-queue-attributes",
        "sns-topic-attributes" => "aws sns get-topic-attributes",
        "lambda-policy" => "aws lambda get-policy",
        "kms-key-policy" => "aws kms get-key-policy",
        "ecr-repository-policy" => "aws ecr get-repository-policy",
        "secrets-manager-resource-policy" => "aws secretsmanager get-resource-policy",
        "policy-document" => "a policy document",
        _ => "an AWS CLI output",
    }
}

/// What the dialog's form holds.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportForm {
    pub pasted: String,
    /// Files read so far: (name, text).
    pub files: Vec<(String, String)>,
    pub resource: String,
    /// `root`, `ou` or `account`.
    pub level: String,
    pub account: String,
    /// Into the current scenario (else a new one).
    pub into: bool,
}

impl ImportForm {
    /// The import's inputs (files, then the pasted text) and options, as the JSON texts `importAws` takes;
    /// `current` is the current scenario file's text.
    pub fn request(&self, current: &str) -> (String, String) {
        let pasted =
            (!self.pasted.trim().is_empty()).then_some(("pasted text", self.pasted.as_str()));
        let inputs = arr(self
            .files
            .iter()
            .map(|(name, text)| (name.as_str(), text.as_str()))
            .chain(pasted)
            .map(|(name, text)| obj([("name", name.into()), ("text", text.into())])));
        let mut options: Vec<(String, Json)> = Vec::new();
        if self.into {
            options.push(("into".into(), current.into()));
        }
        for (key, value) in [("resource", &self.resource), ("account", &self.account)] {
            if !value.trim().is_empty() {
                options.push((key.into(), value.trim().into()));
            }
        }
        if matches!(self.level.as_str(), "root" | "ou" | "account") {
            options.push(("level".into(), self.level.as_str().into()));
        }
        (inputs.text(), Json::Obj(options).text())
    }
}

/// One diagnostic of the report.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    pub code: String,
    pub message: String,
    pub help: Option<String>,
}

/// One entry the import wrote.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TakenView {
    pub kind: String,
    pub arn: String,
    pub name: Option<String>,
    /// `3 policies, 1 AWS managed, boundary, ...`.
    pub facts: Vec<String>,
}

/// What happened to one input.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct InputView {
    pub name: String,
    pub format: Option<String>,
    pub accounts: Vec<String>,
    pub taken: Vec<TakenView>,
    pub skipped: Vec<Line>,
    pub errors: Vec<Line>,
}

/// The import's answer (`Answer<ImportAwsSuccess>`), read for the dialog.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportReport {
    /// The scenario written; `None` when the import failed as a whole (`errors`).
    pub scenario: Option<String>,
    pub inputs: Vec<InputView>,
    pub errors: Vec<Line>,
    /// Load errors of the written scenario.
    pub problems: Vec<Line>,
}

impl ImportReport {
    pub fn took(&self) -> usize {
        self.inputs.iter().map(|i| i.taken.len()).sum()
    }

    pub fn skipped(&self) -> usize {
        self.inputs.iter().map(|i| i.skipped.len()).sum()
    }

    /// Reads the import's JSON answer; `None` when it is not one.
    pub fn parse(answer: &str) -> Option<Self> {
        let limits = Limits {
            max_bytes: usize::MAX,
            ..Limits::default()
        };
        let value = json::parse(answer, &limits).ok()?;
        let field = |v: &'_ SpannedValue, key: &str| v.get(key).map(|m| m.value.clone());
        let text = |v: &SpannedValue, key: &str| {
            v.get(key)
                .and_then(|m| m.value.value.as_str().map(str::to_string))
        };
        let number = |v: &SpannedValue, key: &str| {
            v.get(key).and_then(|m| match &m.value.value {
                json::Value::Number(n) => n.parse::<usize>().ok(),
                _ => None,
            })
        };
        let flag = |v: &SpannedValue, key: &str| {
            v.get(key)
                .is_some_and(|m| matches!(m.value.value, json::Value::Bool(true)))
        };
        let list = |v: &SpannedValue, key: &str| -> Vec<SpannedValue> {
            field(v, key)
                .and_then(|items| items.value.as_array().map(<[SpannedValue]>::to_vec))
                .unwrap_or_default()
        };
        let lines = |v: &SpannedValue, key: &str| -> Vec<Line> {
            list(v, key)
                .iter()
                .map(|d| Line {
                    code: text(d, "code").unwrap_or_default(),
                    message: text(d, "message").unwrap_or_default(),
                    help: text(d, "help"),
                })
                .collect()
        };
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let inputs = list(&value, "inputs")
            .iter()
            .map(|input| InputView {
                name: text(input, "name").unwrap_or_default(),
                format: text(input, "format"),
                accounts: list(input, "accounts")
                    .iter()
                    .filter_map(|a| a.value.as_str().map(str::to_string))
                    .collect(),
                taken: list(input, "taken")
                    .iter()
                    .map(|t| {
                        let mut facts = Vec::new();
                        let policies = number(t, "policies").unwrap_or(0);
                        if policies > 0 {
                            facts.push(plural(policies, "policy", "policies"));
                        }
                        let managed = number(t, "managedArns").unwrap_or(0);
                        if managed > 0 {
                            facts.push(format!("{managed} AWS managed"));
                        }
                        if flag(t, "permissionsBoundary") {
                            facts.push("boundary".into());
                        }
                        if flag(t, "trustPolicy") {
                            facts.push("trust policy".into());
                        }
                        let groups = number(t, "groups").unwrap_or(0);
                        if groups > 0 {
                            facts.push(plural(groups, "group", "groups"));
                        }
                        let tags = number(t, "tags").unwrap_or(0);
                        if tags > 0 {
                            facts.push(plural(tags, "tag", "tags"));
                        }
                        if flag(t, "serviceLinked") {
                            facts.push("service-linked".into());
                        }
                        if flag(t, "replaced") {
                            facts.push("replaced the existing one".into());
                        }
                        TakenView {
                            kind: text(t, "kind").unwrap_or_default(),
                            arn: text(t, "arn").unwrap_or_default(),
                            name: text(t, "name"),
                            facts,
                        }
                    })
                    .collect(),
                skipped: lines(input, "skipped"),
                errors: lines(input, "errors"),
            })
            .collect();
        let success = text(&value, "type").as_deref() == Some("success");
        Some(Self {
            scenario: text(&value, "scenario").filter(|_| success),
            inputs,
            errors: lines(&value, "errors"),
            problems: lines(&value, "problems"),
        })
    }
}

/// A message of the core, its `backticked` names shown as code.
fn words(text: &str) -> Html {
    html! {
        { for text.split('`').enumerate().map(|(index, part)| if index % 2 == 1 {
            html! { <code>{ part.to_string() }</code> }
        } else {
            html! { { part.to_string() } }
        }) }
    }
}

fn diagnostic_line(d: &Line) -> Html {
    html! {
        <li class="import-skip" data-code={d.code.clone()}>
            <code>{ d.code.clone() }</code>{ " " }{ words(&d.message) }
            if let Some(help) = &d.help { <span class="help">{ " — " }{ words(help) }</span> }
        </li>
    }
}

/// The report of an import: per input, what it was read as, what it gave and what it skipped.
fn report_view(report: &ImportReport) -> Html {
    let took = report.took();
    let skipped = report.skipped();
    html! {
        // Focusable: it scrolls on a small screen, and the keyboard must reach what it hides.
        <section class="import-report" id="import-report" aria-label="Import report" tabindex="0">
            <p class="import-summary" role="status">{ format!("Took {took} entr{}, skipped {skipped}.", if took == 1 { "y" } else { "ies" }) }</p>
            if !report.errors.is_empty() {
                <ul class="import-errors">{ for report.errors.iter().map(diagnostic_line) }</ul>
            }
            { for report.inputs.iter().map(|input| html! {
                <div class="import-input">
                    <h3>{ input.name.clone() }
                        <span class="muted">{ input.format.as_deref().map_or(" · not imported".to_string(), |f| format!(" · {}", format_label(f))) }</span>
                        if !input.accounts.is_empty() { <span class="muted">{ format!(" · account {}", input.accounts.join(", ")) }</span> }
                    </h3>
                    if !input.errors.is_empty() {
                        <ul class="import-errors">{ for input.errors.iter().map(diagnostic_line) }</ul>
                    }
                    if !input.taken.is_empty() {
                        <ul class="import-taken">
                            { for input.taken.iter().map(|t| html! {
                                <li class="import-took" data-kind={t.kind.clone()}>
                                    <span class="kind-tag">{ t.kind.clone() }</span>{ " " }
                                    <code>{ crate::model::short_arn(&t.arn).to_string() }</code>
                                    if let Some(name) = &t.name { { format!(" {name}") } }
                                    if !t.facts.is_empty() { <span class="muted">{ format!(" · {}", t.facts.join(", ")) }</span> }
                                </li>
                            }) }
                        </ul>
                    }
                    if !input.skipped.is_empty() {
                        <p class="import-skipped-title">{ format!("Skipped {}:", input.skipped.len()) }</p>
                        <ul class="import-skipped">{ for input.skipped.iter().map(diagnostic_line) }</ul>
                    }
                </div>
            }) }
            if !report.problems.is_empty() {
                <p class="warn-line">{ "The scenario written does not load as it is:" }</p>
                <ul class="import-errors">{ for report.problems.iter().map(diagnostic_line) }</ul>
            }
        </section>
    }
}

/// Reads the chosen or dropped files as text and hands them to `done` (name, text), in their order.
fn read_files(files: web_sys::FileList, done: Callback<Vec<(String, String)>>) {
    let files: Vec<web_sys::File> = (0..files.length()).filter_map(|i| files.get(i)).collect();
    wasm_bindgen_futures::spawn_local(async move {
        let mut read = Vec::new();
        for file in files {
            let name = file.name();
            if file.size() > MAX_FILE_BYTES {
                read.push((name, String::new()));
                continue;
            }
            let text = wasm_bindgen_futures::JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|t| t.as_string())
                .unwrap_or_default();
            read.push((name, text));
        }
        done.emit(read);
    });
}

#[function_component]
pub fn ImportDialogIsland(props: &IslandProps) -> Html {
    let form = use_state(|| ImportForm {
        level: "root".into(),
        ..ImportForm::default()
    });
    let outcome = use_state(|| None::<Rc<ImportReport>>);
    let dragging = use_state(|| false);
    let current = use_memo(props.input.clone(), |input| scenario_of(input));
    let close = {
        let emit = props.emit.clone();
        Callback::from(move |_| emit.emit(CLOSE.into()))
    };
    let update = |apply: fn(&mut ImportForm, String)| {
        let form = form.clone();
        move |value: String| {
            let mut next = (*form).clone();
            apply(&mut next, value);
            form.set(next);
        }
    };
    let text_input = |apply: fn(&mut ImportForm, String)| {
        let set = update(apply);
        Callback::from(move |event: InputEvent| {
            let target = event.target();
            let value = target
                .as_ref()
                .and_then(|t| t.dyn_ref::<web_sys::HtmlInputElement>().map(|i| i.value()))
                .or_else(|| {
                    target.as_ref().and_then(|t| {
                        t.dyn_ref::<web_sys::HtmlTextAreaElement>()
                            .map(|i| i.value())
                    })
                })
                .unwrap_or_default();
            set(value);
        })
    };
    let add_files = {
        let form = form.clone();
        Callback::from(move |read: Vec<(String, String)>| {
            let mut next = (*form).clone();
            for (name, text) in read {
                // The same file chosen again replaces its earlier copy.
                next.files.retain(|(n, _)| *n != name);
                next.files.push((name, text));
            }
            form.set(next);
        })
    };
    let on_choose = {
        let add_files = add_files.clone();
        Callback::from(move |event: Event| {
            if let Some(input) = event.target_dyn_into::<web_sys::HtmlInputElement>() {
                if let Some(files) = input.files() {
                    read_files(files, add_files.clone());
                }
                // Choosing the same file again after removing it must fire `change` again.
                input.set_value("");
            }
        })
    };
    let on_drop = {
        let add_files = add_files.clone();
        let dragging = dragging.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            dragging.set(false);
            if let Some(files) = event.data_transfer().and_then(|d| d.files()) {
                read_files(files, add_files.clone());
            }
        })
    };
    let on_drag_over = {
        let dragging = dragging.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            dragging.set(true);
        })
    };
    let on_drag_leave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let set_into = |into: bool| {
        let form = form.clone();
        Callback::from(move |_| {
            let mut next = (*form).clone();
            next.into = into;
            form.set(next);
        })
    };
    let on_level = {
        let set = update(|f, v| f.level = v);
        Callback::from(move |event: Event| {
            if let Some(select) = event.target_dyn_into::<web_sys::HtmlSelectElement>() {
                set(select.value());
            }
        })
    };
    let remove_file = |name: String| {
        let form = form.clone();
        Callback::from(move |_| {
            let mut next = (*form).clone();
            next.files.retain(|(n, _)| *n != name);
            form.set(next);
        })
    };
    let nothing = form.files.is_empty() && form.pasted.trim().is_empty();
    let running = use_state(|| false);
    let on_import = {
        let form = form.clone();
        let outcome = outcome.clone();
        let running = running.clone();
        let current = current.clone();
        let emit = props.emit.clone();
        Callback::from(move |_| {
            let (inputs, options) = form.request(&current);
            running.set(true);
            let into = form.into;
            let outcome = outcome.clone();
            let running = running.clone();
            let emit = emit.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let (answer, error) = match crate::lazy::import_aws(&inputs, &options).await {
                    Ok(answer) => (answer, String::new()),
                    Err(error) => (String::new(), error),
                };
                running.set(false);
                let report = ImportReport::parse(&answer).unwrap_or_else(|| ImportReport {
                    errors: vec![Line {
                        code: String::new(),
                        message: if error.is_empty() {
                            "the import answered something unreadable".into()
                        } else {
                            error
                        },
                        help: None,
                    }],
                    ..ImportReport::default()
                });
                if let (true, Some(text)) = (report.took() > 0, &report.scenario) {
                    emit.emit(import_event(text, into));
                }
                outcome.set(Some(Rc::new(report)));
            });
        })
    };
    let again = {
        let outcome = outcome.clone();
        let form = form.clone();
        Callback::from(move |_| {
            outcome.set(None);
            form.set(ImportForm {
                level: form.level.clone(),
                into: true,
                ..ImportForm::default()
            });
        })
    };
    let body = if let Some(result) = outcome.as_ref() {
        let took = result.took() > 0;
        html! {
            <>
                { report_view(result) }
                <div class="dialog-actions">
                    <button type="button" id="import-again" onclick={again}>{ "Import more" }</button>
                    <button type="button" class="primary" id="import-done" onclick={close.reform(|_| ())}>{ if took { "Done" } else { "Close" } }</button>
                </div>
            </>
        }
    } else {
        html! {
            <>
                <p class="import-private" id="import-private"><strong>{ "Nothing leaves your browser." }</strong>{ " The files are read and converted on this page, by the same code as " }<code>{ "iamplay import" }</code>{ "; nothing is uploaded." }</p>
                <p class="muted">{ "Paste or choose what the AWS CLI printed: " }<code>{ "aws iam get-account-authorization-details" }</code>{ " (one or several accounts), " }<code>{ "get-role" }</code>{ ", " }<code>{ "get-policy-version" }</code>{ ", " }<code>{ "aws organizations describe-policy" }</code>{ ", a resource policy (S3, SQS, SNS, Lambda, KMS, ECR, Secrets Manager) or a policy document." }</p>
                <label class="field">
                    <span>{ "Paste" }</span>
                    <textarea id="import-text" rows="6" spellcheck="false" value={form.pasted.clone()} oninput={text_input(|f, v| f.pasted = v)}
                              placeholder="{ \"UserDetailList\": [ … ], \"GroupDetailList\": [ … ], … }" />
                </label>
                <div class={classes!("drop-zone", dragging.then_some("dragging"))} id="import-drop" ondrop={on_drop} ondragover={on_drag_over} ondragleave={on_drag_leave}>
                    <span>{ "Drop files here, or " }</span>
                    <label class="file-pick">
                        <input type="file" id="import-files" multiple=true accept=".json,application/json,text/plain" onchange={on_choose} />
                        <span class="button-like">{ "choose files" }</span>
                    </label>
                </div>
                if !form.files.is_empty() {
                    <ul class="import-files" id="import-file-list">
                        { for form.files.iter().map(|(name, text)| html! {
                            <li>
                                <code>{ name.clone() }</code><span class="muted">{ format!(" · {} KB", text.len().div_ceil(1024)) }</span>
                                <button type="button" class="icon-button remove" aria-label={format!("Remove {name}")} onclick={remove_file(name.clone())}>{ "×" }</button>
                            </li>
                        }) }
                    </ul>
                }
                <div class="import-options">
                    <label class="field">
                        <span>{ "Resource ARN (for a resource policy)" }</span>
                        <input type="text" id="import-resource" spellcheck="false" placeholder="arn:aws:s3:::my-bucket" value={form.resource.clone()} oninput={text_input(|f, v| f.resource = v)} />
                    </label>
                    <label class="field">
                        <span>{ "SCP / RCP level" }</span>
                        <select id="import-level" onchange={on_level}>
                            <option value="root" selected={form.level == "root"}>{ "organization root" }</option>
                            <option value="ou" selected={form.level == "ou"}>{ "OU above the account" }</option>
                            <option value="account" selected={form.level == "account"}>{ "the account itself" }</option>
                        </select>
                    </label>
                    <label class="field">
                        <span>{ "Account (OU/account-level SCPs, S3 bucket owner)" }</span>
                        <input type="text" id="import-account" inputmode="numeric" placeholder="123456789012" value={form.account.clone()} oninput={text_input(|f, v| f.account = v)} />
                    </label>
                </div>
                <fieldset class="import-target">
                    <legend>{ "Import" }</legend>
                    <label class="check"><input type="radio" name="import-into" id="import-new" checked={!form.into} onchange={set_into(false)} />{ "as a new scenario" }</label>
                    <label class="check"><input type="radio" name="import-into" id="import-into" checked={form.into} onchange={set_into(true)} />{ "into the current scenario" }</label>
                </fieldset>
                <div class="dialog-actions">
                    <button type="button" onclick={close.reform(|_| ())}>{ "Cancel" }</button>
                    <button type="button" class="primary" id="import-run" disabled={nothing || *running} onclick={on_import}>{ if *running { "Importing…" } else { "Import" } }</button>
                </div>
                <p class="muted small-print">{ "Your current work is kept: the banner after an import can bring it back." }</p>
            </>
        }
    };
    html! { <div class="import-body">{ body }</div> }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use crate::model::Workspace;

    const EXPORT: &str =
        include_str!("../../../../tests/import/auth-details-prod-111122223333.json");
    const BUCKET: &str = include_str!("../../../../tests/import/s3api-get-bucket-policy.json");

    /// What the on-demand analyses do with the dialog's request (`importAws` of crates/iamplay-web-analyses).
    fn import(form: &ImportForm, current: &Workspace) -> ImportReport {
        // The app's input, read as the island reads it.
        let current = scenario_of(&crate::components::on_demand_dialogs::import_input(current));
        let (inputs, options) = form.request(&current);
        ImportReport::parse(&iamplay_core::ffi::import_aws_json_str(&inputs, &options))
            .expect("an answer")
    }

    #[test]
    fn the_dialog_imports_files_and_pasted_text_through_the_core() {
        let form = ImportForm {
            files: vec![("prod.json".into(), EXPORT.into())],
            pasted: BUCKET.into(),
            resource: "arn:aws:s3:::prod-reports".into(),
            account: "111122223333".into(),
            level: "root".into(),
            ..ImportForm::default()
        };
        let report = import(&form, &Workspace::default());
        assert_eq!(report.inputs.len(), 2, "{report:?}");
        assert_eq!(report.inputs[0].name, "prod.json");
        assert_eq!(
            report.inputs[0].format.as_deref().map(format_label),
            Some("aws iam get-account-authorization-details")
        );
        assert_eq!(
            report.inputs[1].format.as_deref().map(format_label),
            Some("aws s3api get-bucket-policy")
        );
        let skipped: Vec<&str> = report.inputs[0]
            .skipped
            .iter()
            .map(|l| l.code.as_str())
            .collect();
        assert_eq!(skipped, ["W1103", "W1101"]);
        assert!(report.inputs[0]
            .taken
            .iter()
            .any(|t| t.kind == "role" && t.facts.iter().any(|f| f == "service-linked")));
        let ws = crate::model::import_scenario(report.scenario.as_deref().expect("a scenario"))
            .expect("imports");
        assert_eq!(ws.users.len(), 4);
        assert!(ws
            .resources
            .iter()
            .any(|r| r.arn == "arn:aws:s3:::prod-reports"));
        // AWS managed attachments arrive as ARN entries.
        assert!(ws.drafts().any(|d| d.managed_arn().is_some()));
    }

    #[test]
    fn into_keeps_the_current_scenario_and_bad_input_is_reported() {
        let current = crate::model::import_scenario(
            crate::gallery::example("developer-group").expect("example"),
        )
        .expect("ws");
        let form = ImportForm {
            files: vec![("prod.json".into(), EXPORT.into())],
            into: true,
            ..ImportForm::default()
        };
        let report = import(&form, &current);
        let ws = crate::model::import_scenario(report.scenario.as_deref().expect("a scenario"))
            .expect("imports");
        for user in &current.users {
            assert!(ws.users.iter().any(|u| u.arn == user.arn), "{}", user.arn);
        }
        assert!(ws.users.len() > current.users.len());
        let nonsense = import(
            &ImportForm {
                pasted: "{\"Hello\": 1}".into(),
                ..ImportForm::default()
            },
            &current,
        );
        assert_eq!(nonsense.took(), 0);
        assert_eq!(nonsense.inputs[0].errors[0].code, "E1101");
        assert!(ImportReport::parse("not json").is_none());
        // The event the app gets, read as the app reads it.
        use crate::components::on_demand_dialogs::{read_event, Event};
        let text = report.scenario.as_deref().expect("a scenario");
        assert_eq!(
            read_event(&import_event(text, true)),
            Some(Event::Import {
                text: text.into(),
                into: true
            })
        );
        assert_eq!(read_event(CLOSE), Some(Event::Close));
    }
}
