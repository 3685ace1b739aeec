//! The Import dialog: what the AWS CLI prints (account exports, `get-role`, `get-policy-version`, organization
//! policies, resource-policy outputs, bare documents), pasted or read from files, turned into scenario entities
//! by the core's `import` module — the same code as `iamplay import`. Everything happens in this page: the
//! files are read by the browser and nothing is sent anywhere. The dialog then lists what each input gave and
//! what it skipped, with the reason.

use crate::model::Workspace;
use crate::state::{Action, AppState};
use iamplay_core::diagnostic::Diagnostic;
use iamplay_core::import::{
    import_aws_with, ImportInput, ImportOptions, ImportOutcome, InputFormat, OrgLevel, TakenKind,
};
use iamplay_core::managed::{ManagedPolicies, ManagedPolicySource};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// A file is read up to this size (an export of a large account is tens of MB; the core's limit is the same).
const MAX_FILE_BYTES: f64 = 64.0 * 1024.0 * 1024.0;

#[derive(Properties)]
pub struct ImportDialogProps {
    /// The scenario being edited ("into the current scenario").
    pub ws: Rc<Workspace>,
    /// The AWS managed policy snapshot, when the page has it: ARNs it lacks are handled by the import.
    pub managed: Option<Rc<ManagedPolicies>>,
    pub dispatch: UseReducerDispatcher<AppState>,
    /// Opens the imported workspace (the current work is kept, restorable, as for an example).
    pub on_import: Callback<(Workspace, String)>,
}

impl PartialEq for ImportDialogProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.ws, &other.ws)
            && crate::components::same_opt(&self.managed, &other.managed)
            && self.dispatch == other.dispatch
            && self.on_import == other.on_import
    }
}

/// The command whose output an input was read as.
pub fn format_label(format: InputFormat) -> &'static str {
    match format {
        InputFormat::AccountAuthorizationDetails => "aws iam get-account-authorization-details",
        InputFormat::GetRole => "aws iam get-role",
        InputFormat::GetPolicyVersion => "aws iam get-policy-version",
        InputFormat::DescribePolicy => "aws organizations describe-policy",
        InputFormat::S3BucketPolicy => "aws s3api get-bucket-policy",
        InputFormat::SqsQueueAttributes => "aws sqs get-queue-attributes",
        InputFormat::SnsTopicAttributes => "aws sns get-topic-attributes",
        InputFormat::LambdaPolicy => "aws lambda get-policy",
        InputFormat::KmsKeyPolicy => "aws kms get-key-policy",
        InputFormat::EcrRepositoryPolicy => "aws ecr get-repository-policy",
        InputFormat::SecretsManagerResourcePolicy => "aws secretsmanager get-resource-policy",
        InputFormat::PolicyDocument => "a policy document",
    }
}

fn kind_label(kind: TakenKind) -> &'static str {
    match kind {
        TakenKind::User => "user",
        TakenKind::Group => "group",
        TakenKind::Role => "role",
        TakenKind::Resource => "resource",
        TakenKind::Scp => "SCP",
        TakenKind::Rcp => "RCP",
        TakenKind::Policy => "policy",
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

/// Runs the core's import on the form: the inputs (files, then the pasted text) and the options.
pub fn run_import(
    form: &ImportForm,
    current: &Workspace,
    managed: Option<&ManagedPolicies>,
) -> ImportOutcome {
    let mut inputs: Vec<ImportInput> = form
        .files
        .iter()
        .map(|(name, text)| ImportInput {
            name: name.clone(),
            text: text.clone(),
        })
        .collect();
    if !form.pasted.trim().is_empty() {
        inputs.push(ImportInput {
            name: "pasted text".into(),
            text: form.pasted.clone(),
        });
    }
    let some = |text: &str| {
        let text = text.trim();
        (!text.is_empty()).then(|| text.to_string())
    };
    let options = ImportOptions {
        into: form.into.then(|| current.to_scenario(true).text),
        resource: some(&form.resource),
        attach_to: None,
        level: match form.level.as_str() {
            "ou" => Some(OrgLevel::Ou),
            "account" => Some(OrgLevel::Account),
            "root" => Some(OrgLevel::Root),
            _ => None,
        },
        account: some(&form.account),
    };
    import_aws_with(
        &inputs,
        &options,
        managed.map(|set| set as &dyn ManagedPolicySource),
    )
}

fn diagnostic_line(d: &Diagnostic) -> Html {
    html! {
        <li class="import-skip" data-code={d.code}>
            <code>{ d.code }</code>{ " " }{ d.message.clone() }
            if let Some(help) = &d.help { <span class="help">{ format!(" — {help}") }</span> }
        </li>
    }
}

/// The report of an import: per input, what it was read as, what it gave and what it skipped.
fn report_view(outcome: &ImportOutcome) -> Html {
    let took: usize = outcome.inputs.iter().map(|i| i.taken.len()).sum();
    let skipped: usize = outcome.inputs.iter().map(|i| i.skipped.len()).sum();
    html! {
        <section class="import-report" id="import-report" aria-label="Import report">
            <p class="import-summary" role="status">{ format!("Took {took} entr{}, skipped {skipped}.", if took == 1 { "y" } else { "ies" }) }</p>
            if !outcome.into_errors.is_empty() {
                <ul class="import-errors">{ for outcome.into_errors.iter().map(diagnostic_line) }</ul>
            }
            { for outcome.inputs.iter().map(|input| html! {
                <div class="import-input">
                    <h3>{ input.name.clone() }
                        <span class="muted">{ input.format.map_or(" · not imported".to_string(), |f| format!(" · {}", format_label(f))) }</span>
                        if !input.accounts.is_empty() { <span class="muted">{ format!(" · account {}", input.accounts.join(", ")) }</span> }
                    </h3>
                    if !input.errors.is_empty() {
                        <ul class="import-errors">{ for input.errors.iter().map(diagnostic_line) }</ul>
                    }
                    if !input.taken.is_empty() {
                        <ul class="import-taken">
                            { for input.taken.iter().map(|t| {
                                let mut facts = Vec::new();
                                if t.policies > 0 { facts.push(format!("{} polic{}", t.policies, if t.policies == 1 { "y" } else { "ies" })); }
                                if t.managed_arns > 0 { facts.push(format!("{} AWS managed", t.managed_arns)); }
                                if t.permissions_boundary { facts.push("boundary".into()); }
                                if t.trust_policy { facts.push("trust policy".into()); }
                                if t.groups > 0 { facts.push(format!("{} group{}", t.groups, if t.groups == 1 { "" } else { "s" })); }
                                if t.tags > 0 { facts.push(format!("{} tag{}", t.tags, if t.tags == 1 { "" } else { "s" })); }
                                if t.service_linked { facts.push("service-linked".into()); }
                                if t.replaced { facts.push("replaced the existing one".into()); }
                                html! {
                                    <li class="import-took" data-kind={kind_label(t.kind)}>
                                        <span class="kind-tag">{ kind_label(t.kind) }</span>{ " " }
                                        <code>{ crate::model::short_arn(&t.arn).to_string() }</code>
                                        if let Some(name) = &t.name { { format!(" {name}") } }
                                        if !facts.is_empty() { <span class="muted">{ format!(" · {}", facts.join(", ")) }</span> }
                                    </li>
                                }
                            }) }
                        </ul>
                    }
                    if !input.skipped.is_empty() {
                        <p class="import-skipped-title">{ format!("Skipped {}:", input.skipped.len()) }</p>
                        <ul class="import-skipped">{ for input.skipped.iter().map(diagnostic_line) }</ul>
                    }
                </div>
            }) }
            if !outcome.problems.is_empty() {
                <p class="warn-line">{ "The scenario written does not load as it is:" }</p>
                <ul class="import-errors">{ for outcome.problems.iter().map(diagnostic_line) }</ul>
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
pub fn ImportDialog(props: &ImportDialogProps) -> Html {
    let form = use_state(|| ImportForm {
        level: "root".into(),
        ..ImportForm::default()
    });
    let outcome = use_state(|| None::<Rc<ImportOutcome>>);
    let dragging = use_state(|| false);
    let close = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::Dialog(None)))
    };
    let on_backdrop = {
        let close = close.clone();
        Callback::from(move |event: MouseEvent| {
            let on_backdrop = event
                .target_dyn_into::<web_sys::Element>()
                .is_some_and(|e| e.class_list().contains("backdrop"));
            if on_backdrop {
                close.emit(());
            }
        })
    };
    let on_keydown = {
        let close = close.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" {
                close.emit(());
            }
        })
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
                    target
                        .as_ref()
                        .and_then(|t| t.dyn_ref::<web_sys::HtmlTextAreaElement>().map(|i| i.value()))
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
    let on_import = {
        let form = form.clone();
        let outcome = outcome.clone();
        let ws = props.ws.clone();
        let managed = props.managed.clone();
        let on_import = props.on_import.clone();
        Callback::from(move |_| {
            let result = run_import(&form, &ws, managed.as_deref());
            let took = result.inputs.iter().any(|i| !i.taken.is_empty());
            if let (true, Some(text)) = (took, &result.scenario) {
                match crate::model::import_scenario(text) {
                    Ok(mut imported) => {
                        if form.into {
                            imported.name = ws.name.clone();
                            imported.description = ws.description.clone();
                        } else if imported.name.is_empty() {
                            imported.name = "Imported from AWS".into();
                        }
                        let reason = if form.into {
                            "You imported into this scenario."
                        } else {
                            "You imported a new scenario."
                        };
                        on_import.emit((imported, reason.into()));
                    }
                    Err(error) => web_sys::console::warn_1(&format!("iamplay import: {error}").into()),
                }
            }
            outcome.set(Some(Rc::new(result)));
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
        let took = result.inputs.iter().any(|i| !i.taken.is_empty());
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
                    <button type="button" class="primary" id="import-run" disabled={nothing} onclick={on_import}>{ "Import" }</button>
                </div>
                <p class="muted small-print">{ "Your current work is kept: the banner after an import can bring it back." }</p>
            </>
        }
    };
    html! {
        <div class="backdrop" onclick={on_backdrop} onkeydown={on_keydown}>
            <div class="dialog import" role="dialog" aria-modal="true" aria-labelledby="import-title" id="dialog-import">
                <div class="dialog-head">
                    <h2 id="import-title">{ "Import from AWS" }</h2>
                    <button type="button" class="icon-button" aria-label="Close" onclick={close.reform(|_| ())}>{ "×" }</button>
                </div>
                { body }
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    const EXPORT: &str = include_str!("../../../../tests/import/auth-details-dev-444455556666.json");
    const BUCKET: &str = include_str!("../../../../tests/import/s3api-get-bucket-policy.json");

    #[test]
    fn the_dialog_imports_files_and_pasted_text_through_the_core() {
        let form = ImportForm {
            files: vec![("dev.json".into(), EXPORT.into())],
            pasted: BUCKET.into(),
            resource: "arn:aws:s3:::prod-reports".into(),
            account: "111122223333".into(),
            level: "root".into(),
            ..ImportForm::default()
        };
        let outcome = run_import(&form, &Workspace::default(), None);
        assert_eq!(outcome.inputs.len(), 2);
        assert_eq!(
            outcome.inputs[0].format,
            Some(InputFormat::AccountAuthorizationDetails)
        );
        assert!(!outcome.inputs[0].taken.is_empty());
        let ws = crate::model::import_scenario(outcome.scenario.as_deref().expect("a scenario"))
            .expect("imports");
        assert!(!ws.users.is_empty());
        assert!(
            ws.resources
                .iter()
                .any(|r| r.arn == "arn:aws:s3:::prod-reports"),
            "{:?}",
            outcome.inputs[1]
        );
    }

    #[test]
    fn into_keeps_the_current_scenario() {
        let current = crate::model::import_scenario(
            crate::gallery::example("developer-group").expect("example"),
        )
        .expect("ws");
        let form = ImportForm {
            files: vec![("dev.json".into(), EXPORT.into())],
            into: true,
            ..ImportForm::default()
        };
        let outcome = run_import(&form, &current, None);
        let ws = crate::model::import_scenario(outcome.scenario.as_deref().expect("a scenario"))
            .expect("imports");
        for user in &current.users {
            assert!(ws.users.iter().any(|u| u.arn == user.arn), "{}", user.arn);
        }
        assert!(ws.users.len() > current.users.len());
    }
}
