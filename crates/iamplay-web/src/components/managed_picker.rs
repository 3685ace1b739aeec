//! The "Attach AWS managed policy" picker: a search over every policy of the snapshot (`managed-policies.txt`,
//! fetched when the picker first opens), by name and path (the snapshot carries no descriptions). Attaching
//! writes the ARN into the entity's `policies` list (or as its permissions boundary) in one edit; the scenario
//! panel's × detaches it again.

use crate::state::{Action, AppState, Edit, NewPolicy};
use iamplay_core::managed::{ManagedPolicies, ManagedPolicy};
use std::rc::Rc;
use yew::prelude::*;

/// Matches listed at once; the search narrows the rest.
pub const SHOWN: usize = 60;

#[derive(Properties)]
pub struct ManagedPickerProps {
    /// `None` while the snapshot is on its way.
    pub policies: Option<Rc<ManagedPolicies>>,
    /// The snapshot could not be fetched.
    pub failed: bool,
    /// Where the policy goes (an entity's `policies`, or its boundary).
    pub place: NewPolicy,
    /// `user/ana`, for the title.
    pub target: AttrValue,
    /// ARNs the entity already has attached.
    pub attached: Rc<Vec<String>>,
    pub dispatch: UseReducerDispatcher<AppState>,
}

impl PartialEq for ManagedPickerProps {
    fn eq(&self, other: &Self) -> bool {
        crate::components::same_opt(&self.policies, &other.policies)
            && self.failed == other.failed
            && self.place == other.place
            && self.target == other.target
            && self.attached == other.attached
            && self.dispatch == other.dispatch
    }
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

/// The boundary place that goes with an inline place (users and roles have one; groups do not).
fn boundary_of(place: NewPolicy) -> Option<NewPolicy> {
    match place {
        NewPolicy::UserInline(i) | NewPolicy::UserBoundary(i) => Some(NewPolicy::UserBoundary(i)),
        NewPolicy::RoleInline(i) | NewPolicy::RoleBoundary(i) => Some(NewPolicy::RoleBoundary(i)),
        _ => None,
    }
}

fn inline_of(place: NewPolicy) -> NewPolicy {
    match place {
        NewPolicy::UserBoundary(i) => NewPolicy::UserInline(i),
        NewPolicy::RoleBoundary(i) => NewPolicy::RoleInline(i),
        other => other,
    }
}

#[function_component]
pub fn ManagedPicker(props: &ManagedPickerProps) -> Html {
    let query = use_state(String::new);
    let as_boundary = use_state(|| {
        matches!(
            props.place,
            NewPolicy::UserBoundary(_) | NewPolicy::RoleBoundary(_)
        )
    });
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
    let on_query = {
        let query = query.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(input) = event.target_dyn_into::<web_sys::HtmlInputElement>() {
                query.set(input.value());
            }
        })
    };
    let boundary_place = boundary_of(props.place);
    let place = if *as_boundary {
        boundary_place.unwrap_or(props.place)
    } else {
        inline_of(props.place)
    };
    let mode = boundary_place.map(|_| {
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
    let body = match (&props.policies, props.failed) {
        (Some(set), _) => {
            let found = search(set, &query);
            let total = found.len();
            html! {
                <>
                    <p class="picker-count" id="managed-count" role="status">
                        { if query.trim().is_empty() { format!("{} AWS managed policies", set.len()) } else { format!("{total} of {} match", set.len()) } }
                        if total > SHOWN { { format!(" · showing the first {SHOWN}; type more to narrow") } }
                    </p>
                    <ul class="picker-list" id="managed-results">
                        { for found.iter().take(SHOWN).map(|policy| {
                            let arn = policy.arn().to_string();
                            let attached = props.attached.contains(&arn);
                            let attach = {
                                let dispatch = props.dispatch.clone();
                                let arn = arn.clone();
                                Callback::from(move |_| {
                                    dispatch.dispatch(Action::Edit(Edit::AttachManaged { place, arn: arn.clone() }));
                                    dispatch.dispatch(Action::Dialog(None));
                                })
                            };
                            let path = policy.path();
                            html! {
                                <li key={arn.clone()}>
                                    <button type="button" class="picker-item" data-arn={arn.clone()} onclick={attach} disabled={attached}
                                            aria-label={format!("Attach {}", policy.name())}>
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
        (None, true) => {
            html! { <p class="empty" role="status">{ "The AWS managed policies could not be loaded (managed-policies.txt). Reload the page to try again." }</p> }
        }
        (None, false) => {
            html! { <p class="empty" id="managed-loading-picker" role="status">{ "Loading AWS managed policies…" }</p> }
        }
    };
    html! {
        <div class="backdrop" onclick={on_backdrop} onkeydown={on_keydown}>
            <div class="dialog picker" role="dialog" aria-modal="true" aria-labelledby="picker-title" id="dialog-managed">
                <div class="dialog-head">
                    <h2 id="picker-title">{ format!("Attach an AWS managed policy to {}", props.target) }</h2>
                    <button type="button" class="icon-button" aria-label="Close" onclick={close.reform(|_| ())}>{ "×" }</button>
                </div>
                <input type="search" id="managed-search" class="picker-search" placeholder="Search by name or path, e.g. ReadOnly, job-function"
                       aria-label="Search AWS managed policies" oninput={on_query} value={(*query).clone()} spellcheck="false" autofocus=true />
                { for mode }
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
}
