//! The app's side of the two dialogs whose bodies are islands (`crate::islands::managed_picker`,
//! `crate::islands::import_dialog`, compiled into the on-demand wasm only): the dialog's title, the island's
//! input (JSON text) and the reading of its events (JSON text) into the app's actions. The shell (backdrop,
//! title, close button, Escape) is `components::dialogs`, so the dialog opens at once and says "Loading…"
//! until the on-demand wasm is there. Nothing here names `crate::islands`: that would put them on the first
//! screen again.

use crate::components::island::Island;
use crate::json_out::{arr, obj, Json};
use crate::model::{self, Workspace};
use crate::state::{Action, AppState, Dialog, Edit, NewPolicy};
use crate::wire::field;
use iamplay_core::json::{self, Limits, SpannedValue, Value};
use yew::prelude::*;

/// The picker's input: the ARNs `place`'s entity already has, and whether a boundary can be set (`null`: no, a
/// group) and the picker starts in boundary mode.
pub fn picker_input(ws: &Workspace, place: NewPolicy) -> String {
    let (policies, boundary, as_boundary) = match place {
        NewPolicy::UserInline(i) | NewPolicy::UserBoundary(i) => {
            ws.users.get(i).map_or((&[][..], None, false), |u| {
                (
                    &u.policies[..],
                    Some(&u.boundary),
                    matches!(place, NewPolicy::UserBoundary(_)),
                )
            })
        }
        NewPolicy::RoleInline(i) | NewPolicy::RoleBoundary(i) => {
            ws.roles.get(i).map_or((&[][..], None, false), |r| {
                (
                    &r.policies[..],
                    Some(&r.boundary),
                    matches!(place, NewPolicy::RoleBoundary(_)),
                )
            })
        }
        NewPolicy::GroupInline(i) => ws
            .groups
            .get(i)
            .map_or((&[][..], None, false), |g| (&g.policies[..], None, false)),
        _ => (&[][..], None, false),
    };
    let attached = policies
        .iter()
        .chain(boundary.into_iter().flatten())
        .filter_map(|p| p.managed_arn())
        .map(Json::from);
    obj([
        ("attached", arr(attached)),
        (
            "boundary",
            boundary.map_or(Json::Null, |_| as_boundary.into()),
        ),
    ])
    .text()
}

/// The entity `place` belongs to, as the picker's title names it (`user/ana`).
fn target(ws: &Workspace, place: NewPolicy) -> String {
    let arn = match place {
        NewPolicy::UserInline(i) | NewPolicy::UserBoundary(i) => ws.users.get(i).map(|u| &u.arn),
        NewPolicy::GroupInline(i) => ws.groups.get(i).map(|g| &g.arn),
        NewPolicy::RoleInline(i) | NewPolicy::RoleBoundary(i) => ws.roles.get(i).map(|r| &r.arn),
        _ => None,
    };
    arn.map_or_else(String::new, |arn| model::short_arn(arn).to_string())
}

/// Where an attached policy goes: `place`'s entity's boundary, or its `policies`.
pub fn attach_place(place: NewPolicy, boundary: bool) -> NewPolicy {
    match (place, boundary) {
        (NewPolicy::UserInline(i) | NewPolicy::UserBoundary(i), true) => NewPolicy::UserBoundary(i),
        (NewPolicy::UserInline(i) | NewPolicy::UserBoundary(i), false) => NewPolicy::UserInline(i),
        (NewPolicy::RoleInline(i) | NewPolicy::RoleBoundary(i), true) => NewPolicy::RoleBoundary(i),
        (NewPolicy::RoleInline(i) | NewPolicy::RoleBoundary(i), false) => NewPolicy::RoleInline(i),
        (other, _) => other,
    }
}

/// The import dialog's input: the current scenario file's text (for "into the current scenario").
pub fn import_input(ws: &Workspace) -> String {
    obj([("scenario", ws.to_scenario(true).text.into())]).text()
}

/// An island's event, read.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Close,
    Attach { arn: String, boundary: bool },
    Import { text: String, into: bool },
}

/// Reads an island's event (`None`: not one of these).
pub fn read_event(text: &str) -> Option<Event> {
    let limits = Limits {
        max_bytes: usize::MAX,
        ..Limits::default()
    };
    let value = json::parse(text, &limits).ok()?;
    let text_of = |v: &SpannedValue, key: &str| {
        field(v, key)
            .and_then(|m| m.value.as_str())
            .map(str::to_string)
    };
    let flag = |key: &str| {
        matches!(
            field(&value, key).map(|v| &v.value),
            Some(Value::Bool(true))
        )
    };
    match text_of(&value, "event")?.as_str() {
        "close" => Some(Event::Close),
        "attach" => Some(Event::Attach {
            arn: text_of(&value, "arn")?,
            boundary: flag("boundary"),
        }),
        "import" => Some(Event::Import {
            text: text_of(&value, "text")?,
            into: flag("into"),
        }),
        _ => None,
    }
}

/// The title and body of the open dialog when it is one of the two; `import_input` is [`import_input`]'s
/// text (kept by the app between renders: a large account's scenario is not rewritten per render).
pub fn view(
    state: &AppState,
    dispatch: &UseReducerDispatcher<AppState>,
    replace: &Callback<(Workspace, String)>,
    import_input: AttrValue,
) -> Option<(String, Html)> {
    let dialog = state.dialog?;
    let on_event = {
        let dispatch = dispatch.clone();
        let replace = replace.clone();
        let ws = state.ws.clone();
        Callback::from(move |event: String| match read_event(&event) {
            Some(Event::Close) => dispatch.dispatch(Action::Dialog(None)),
            Some(Event::Attach { arn, boundary }) => {
                if let Dialog::AttachManaged(place) = dialog {
                    let place = attach_place(place, boundary);
                    dispatch.dispatch(Action::Edit(Edit::AttachManaged { place, arn }));
                    dispatch.dispatch(Action::Dialog(None));
                }
            }
            Some(Event::Import { text, into }) => match model::import_scenario(&text) {
                Ok(mut imported) => {
                    if into {
                        imported.name = ws.name.clone();
                        imported.description = ws.description.clone();
                    } else if imported.name.is_empty() {
                        imported.name = "Imported from AWS".into();
                    }
                    let reason = if into {
                        "You imported into this scenario."
                    } else {
                        "You imported a new scenario."
                    };
                    replace.emit((imported, reason.into()));
                }
                Err(error) => web_sys::console::warn_1(&format!("iamplay import: {error}").into()),
            },
            None => {}
        })
    };
    match dialog {
        Dialog::AttachManaged(place) => Some((
            format!(
                "Attach an AWS managed policy to {}",
                target(&state.ws, place)
            ),
            html! { <Island kind="managed_picker" input={picker_input(&state.ws, place)} {on_event} /> },
        )),
        Dialog::Import => Some((
            "Import from AWS".into(),
            html! { <Island kind="import_dialog" input={import_input} {on_event} /> },
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn an_attach_goes_to_the_policies_or_the_boundary_of_the_same_entity() {
        assert_eq!(
            attach_place(NewPolicy::UserInline(2), true),
            NewPolicy::UserBoundary(2)
        );
        assert_eq!(
            attach_place(NewPolicy::UserBoundary(2), false),
            NewPolicy::UserInline(2)
        );
        assert_eq!(
            attach_place(NewPolicy::RoleInline(1), true),
            NewPolicy::RoleBoundary(1)
        );
        assert_eq!(
            attach_place(NewPolicy::RoleBoundary(1), false),
            NewPolicy::RoleInline(1)
        );
        // A group has no boundary.
        assert_eq!(
            attach_place(NewPolicy::GroupInline(0), true),
            NewPolicy::GroupInline(0)
        );
    }

    #[test]
    fn unknown_events_are_ignored() {
        assert_eq!(read_event(r#"{"event":"close"}"#), Some(Event::Close));
        assert_eq!(read_event(r#"{"event":"attach"}"#), None);
        assert_eq!(read_event(r#"{"event":"explode"}"#), None);
        assert_eq!(read_event("nonsense"), None);
    }
}
