//! The "Attach AWS managed policy" picker (an island: `crate::islands`; the app's dialog shell around it is
//! `components::dialogs`): a search over every policy of the snapshot (`managed-policies.txt`, which the island
//! fetches itself — the same URL as the app's, so the browser's cache answers the second fetch), by name and path
//! (the snapshot carries no descriptions).
//!
//! Input (JSON, written by the host): `attached` (the ARNs the entity already has) and `boundary` (`null`: the
//! entity has no boundary, a group; else whether the picker starts in "permissions boundary" mode).
//! Events: `{"event":"attach","arn","boundary":bool}` (the app writes the ARN into the entity's `policies`, or as
//! its boundary, in one edit and closes the dialog).

use super::IslandProps;
use crate::json_out::obj;
use crate::wire::field;
use iamplay_core::json::{self, Limits, Value};
use iamplay_core::managed::{ManagedPolicies, ManagedPolicy};
use std::rc::Rc;
use yew::prelude::*;

/// Matches listed at once; the search narrows the rest.
pub const SHOWN: usize = 60;

/// The island's input (see the module doc).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PickerInput {
    pub attached: Vec<String>,
    /// `None`: no boundary to set (a group); else whether the picker starts in boundary mode.
    pub boundary: Option<bool>,
}

impl PickerInput {
    /// Reads the host's JSON (anything unreadable is an empty input).
    pub fn parse(text: &str) -> Self {
        let Ok(value) = json::parse(text, &Limits::default()) else {
            return Self::default();
        };
        Self {
            attached: field(&value, "attached")
                .and_then(|v| v.value.as_array())
                .unwrap_or_default()
                .iter()
                .filter_map(|v| v.value.as_str().map(str::to_string))
                .collect(),
            boundary: match field(&value, "boundary").map(|v| &v.value) {
                Some(Value::Bool(b)) => Some(*b),
                _ => None,
            },
        }
    }
}

/// The event of attaching `arn` (as the boundary or not).
pub fn attach_event(arn: &str, boundary: bool) -> String {
    obj([
        ("event", "attach".into()),
        ("arn", arn.into()),
        ("boundary", boundary.into()),
    ])
    .text()
}

/// The policies whose name or path holds every word of `query` (case-insensitive), names that start with
/// the query first.
pub fn search<'p>(set: &'p ManagedPolicies, query: &str) -> Vec<&'p ManagedPolicy> {
    let query = query.trim().to_ascii_lowercase();
    let words: Vec<&str> = query.split_whitespace().collect();
    let mut found: Vec<(bool, &ManagedPolicy)> = set
        .iter()
        .filter_map(|policy| {
            let name = policy.name().to_ascii_lowercase();
            let path = policy.path().to_ascii_lowercase();
            words
                .iter()
                .all(|word| name.contains(word) || path.contains(word))
                .then(|| (words.first().is_some_and(|w| name.starts_with(w)), policy))
        })
        .collect();
    // Stable: within each group the snapshot's order (by ARN) stays.
    found.sort_by_key(|(prefix, _)| !*prefix);
    found.into_iter().map(|(_, policy)| policy).collect()
}

#[derive(Clone)]
enum Snapshot {
    Loading,
    Loaded(Rc<ManagedPolicies>),
    Failed,
}

#[function_component]
pub fn ManagedPickerIsland(props: &IslandProps) -> Html {
    let input = use_memo(props.input.clone(), |text| PickerInput::parse(text));
    let query = use_state(String::new);
    let as_boundary = use_state(|| input.boundary == Some(true));
    let snapshot = use_state(|| Snapshot::Loading);
    let search_box = use_node_ref();
    {
        let snapshot = snapshot.clone();
        let search_box = search_box.clone();
        use_effect_with((), move |_| {
            // The dialog opened on a click: the search is where typing goes.
            if let Some(input) = search_box.cast::<web_sys::HtmlElement>() {
                let _ = input.focus();
            }
            wasm_bindgen_futures::spawn_local(async move {
                let parsed = crate::fetch_text("managed-policies.txt")
                    .await
                    .ok()
                    .and_then(|text| ManagedPolicies::parse(&text).ok());
                snapshot.set(match parsed {
                    Some(set) => Snapshot::Loaded(Rc::new(set)),
                    None => Snapshot::Failed,
                });
            });
        });
    }
    let on_query = {
        let query = query.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(input) = event.target_dyn_into::<web_sys::HtmlInputElement>() {
                query.set(input.value());
            }
        })
    };
    let mode = input.boundary.map(|_| {
        let set = |value: bool| {
            let as_boundary = as_boundary.clone();
            Callback::from(move |_| as_boundary.set(value))
        };
        html! {
            <fieldset class="picker-mode">
                <legend class="sr-only">{ "Attach as" }</legend>
                <label class="check"><input type="radio" name="managed-as" id="managed-as-policy" checked={!*as_boundary} onchange={set(false)} />{ "identity policy (grants)" }</label>
                <label class="check"><input type="radio" name="managed-as" id="managed-as-boundary" checked={*as_boundary} onchange={set(true)} />{ "permissions boundary (limits)" }</label>
            </fieldset>
        }
    });
    let boundary = input.boundary.is_some() && *as_boundary;
    let body = match &*snapshot {
        Snapshot::Loaded(set) => {
            let found = search(set, &query);
            let total = found.len();
            html! {
                <>
                    <p class="picker-count" id="managed-count" role="status">
                        { if query.trim().is_empty() { format!("{} AWS managed policies", set.len()) } else { format!("{total} of {} match", set.len()) } }
                        if total > SHOWN { { format!(" · showing the first {SHOWN}; type more to narrow") } }
                    </p>
                    <ul class="picker-list" id="managed-results" aria-label="AWS managed policies">
                        { for found.iter().take(SHOWN).map(|policy| {
                            let arn = policy.arn().to_string();
                            let attached = input.attached.contains(&arn);
                            let attach = {
                                let emit = props.emit.clone();
                                let arn = arn.clone();
                                Callback::from(move |_| emit.emit(attach_event(&arn, boundary)))
                            };
                            let path = policy.path();
                            html! {
                                <li key={arn.clone()}>
                                    <button type="button" class="picker-item" data-arn={arn.clone()} onclick={attach} disabled={attached}>
                                        <span class="picker-name">{ policy.name().to_string() }</span>
                                        <span class="picker-meta">
                                            if path != "/" { <span class="picker-path">{ path.to_string() }</span> }
                                            <span>{ format!("{} · {}", policy.version_id(), policy.updated()) }</span>
                                            if attached { <span class="chip">{ "attached" }</span> }
                                        </span>
                                    </button>
                                </li>
                            }
                        }) }
                    </ul>
                    if total == 0 { <p class="empty">{ "No AWS managed policy matches." }</p> }
                    <p class="muted small-print">{ format!("Snapshot: {} (default versions). Names and paths are searched; the snapshot has no descriptions.", set.source()) }</p>
                </>
            }
        }
        Snapshot::Failed => {
            html! { <p class="empty" role="status">{ "The AWS managed policies could not be loaded (managed-policies.txt). Reload the page to try again." }</p> }
        }
        Snapshot::Loading => {
            html! { <p class="empty" id="managed-loading-picker" role="status">{ "Loading AWS managed policies…" }</p> }
        }
    };
    html! {
        <div class="picker-body">
            <input type="search" id="managed-search" class="picker-search" placeholder="Search by name or path, e.g. ReadOnly, job-function"
                   aria-label="Search AWS managed policies" oninput={on_query} value={(*query).clone()} spellcheck="false" ref={search_box} />
            { for mode }
            { body }
        </div>
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    fn set() -> ManagedPolicies {
        let doc = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}]}"#;
        ManagedPolicies::from_policies(
            "test",
            [
                "arn:aws:iam::aws:policy/ReadOnlyAccess",
                "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
                "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
                "arn:aws:iam::aws:policy/PowerUserAccess",
            ]
            .iter()
            .map(|arn| ManagedPolicy::new(arn, "v1", "2024-01-01", doc))
            .collect(),
        )
    }

    #[test]
    fn search_matches_every_word_in_name_or_path_prefix_first() {
        let set = set();
        let names = |query: &str| -> Vec<String> {
            search(&set, query)
                .iter()
                .map(|p| p.name().to_string())
                .collect()
        };
        assert_eq!(
            names("readonly"),
            ["ReadOnlyAccess", "AmazonS3ReadOnlyAccess"]
        );
        assert_eq!(names("JOB-FUNCTION"), ["ViewOnlyAccess"]);
        assert_eq!(names("s3 read"), ["AmazonS3ReadOnlyAccess"]);
        assert!(names("nothing-like-this").is_empty());
        assert_eq!(names("").len(), 4);
    }

    #[test]
    fn the_app_and_the_picker_understand_each_others_json() {
        use crate::components::on_demand_dialogs::{picker_input, read_event, Event};
        use crate::state::{Action, AppState, Edit, NewPolicy};
        let s = Rc::new(AppState::new(
            crate::model::import_scenario(
                crate::gallery::example("developer-group").expect("example"),
            )
            .expect("ws"),
        ));
        let arn = "arn:aws:iam::aws:policy/ReadOnlyAccess";
        let s = s.reduce(Action::Edit(Edit::AttachManaged {
            place: NewPolicy::UserBoundary(0),
            arn: arn.into(),
        }));
        let user = PickerInput::parse(&picker_input(&s.ws, NewPolicy::UserBoundary(0)));
        assert_eq!(user.attached, [arn]);
        assert_eq!(user.boundary, Some(true));
        let inline = PickerInput::parse(&picker_input(&s.ws, NewPolicy::UserInline(0)));
        assert_eq!(inline.boundary, Some(false));
        let group = PickerInput::parse(&picker_input(&s.ws, NewPolicy::GroupInline(0)));
        assert_eq!(group, PickerInput::default(), "a group has no boundary");
        assert_eq!(PickerInput::parse("nonsense"), PickerInput::default());
        for boundary in [true, false] {
            assert_eq!(
                read_event(&attach_event("arn:aws:iam::aws:policy/a\"b", boundary)),
                Some(Event::Attach {
                    arn: "arn:aws:iam::aws:policy/a\"b".into(),
                    boundary
                })
            );
        }
    }
}
