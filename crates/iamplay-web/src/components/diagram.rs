//! The Diagram tab's host: hands the diagram island (`crate::islands::diagram`, in the on-demand wasm) the
//! analysed scenario, the matrix's rows and columns, the requests and the policy tabs, and turns its events back
//! into the app's actions (select a cell or request, open a node's policies).

use super::island::Island;
use crate::engine::Analysis;
use crate::islands::diagram::{DiagramInput, RequestRef};
use crate::model::Workspace;
use crate::state::{Action, AppState, Selection};
use crate::wire::{field, number};
use iamplay_core::json::{self, Limits};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties)]
pub struct DiagramProps {
    /// The analysis shown, `None` before the first.
    pub analysis: Option<Rc<Analysis>>,
    pub ws: Rc<Workspace>,
    pub selection: Selection,
    pub dispatch: UseReducerDispatcher<AppState>,
}

impl PartialEq for DiagramProps {
    fn eq(&self, other: &Self) -> bool {
        super::same_opt(&self.analysis, &other.analysis)
            && self.selection == other.selection
            && Rc::ptr_eq(&self.ws, &other.ws)
    }
}

/// The island's input for what the app shows now.
pub fn diagram_input(
    analysis: Option<&Analysis>,
    ws: &Workspace,
    selection: Selection,
) -> DiagramInput {
    // A page-thread analysis carries its loaded world; the worker's carries the workspace it analysed.
    let scenario = analysis.and_then(|a| match (&a.world, &a.source) {
        (Some(world), _) => Some(world.source.text.clone()),
        (None, Some(source)) => Some(source.to_scenario(false).text),
        (None, None) => None,
    });
    let matrix = analysis.and_then(|a| a.matrix.as_deref());
    DiagramInput {
        scenario: scenario.unwrap_or_default(),
        rows: matrix
            .map(|m| m.rows.iter().map(|r| r.key.clone()).collect())
            .unwrap_or_default(),
        columns: matrix
            .map(|m| {
                m.columns
                    .iter()
                    .map(|c| (c.action.clone(), c.resource.clone()))
                    .collect()
            })
            .unwrap_or_default(),
        requests: ws
            .requests
            .iter()
            .map(|r| RequestRef {
                principal: r.principal.clone(),
                assume: r.assume.clone(),
                action: r.action.clone(),
                resource: r.resource.clone(),
                name: r.name.clone(),
            })
            .collect(),
        policies: ws
            .policies()
            .iter()
            .map(|p| (p.owner.clone(), p.draft.id))
            .collect(),
        request: match selection {
            Selection::Request(index) => Some(index),
            _ => None,
        },
    }
}

/// The action an island event asks for.
pub fn action_of(event: &str) -> Vec<Action> {
    let Ok(value) = json::parse(event, &Limits::scenario()) else {
        return Vec::new();
    };
    let index = |key: &str| number(field(&value, key));
    match field(&value, "event").and_then(|v| v.value.as_str()) {
        Some("select") => vec![Action::Select(
            match (index("row"), index("column"), index("request")) {
                (Some(row), Some(column), _) => Selection::Cell { row, column },
                (_, _, Some(index)) => Selection::Request(index),
                _ => Selection::None,
            },
        )],
        Some("open") => field(&value, "policies")
            .and_then(|v| v.value.as_array())
            .map(|ids| {
                ids.iter()
                    .filter_map(|id| u32::try_from(number(Some(id))?).ok())
                    .map(Action::OpenPolicy)
                    .collect()
            })
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

#[function_component]
pub fn Diagram(props: &DiagramProps) -> Html {
    let input = {
        let (analysis, ws, selection) = (props.analysis.clone(), props.ws.clone(), props.selection);
        let key = (
            props.analysis.as_ref().map(|a| Rc::as_ptr(a) as usize),
            Rc::as_ptr(&props.ws) as usize,
            props.selection,
        );
        use_memo(key, move |_| {
            AttrValue::from(diagram_input(analysis.as_deref(), &ws, selection).to_json())
        })
    };
    let on_event = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |event: String| {
            for action in action_of(&event) {
                dispatch.dispatch(action);
            }
        })
    };
    html! {
        <section class="diagram-panel" id="diagram" aria-label="Access diagram">
            <Island kind="diagram" input={(*input).clone()} {on_event} />
        </section>
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn the_island_reads_back_what_the_host_writes() {
        let input = DiagramInput {
            scenario: "{\"users\": []}".into(),
            rows: vec!["arn:aws:iam::111111111111:user/ana".into()],
            columns: vec![("s3:GetObject".into(), "arn:aws:s3:::b/k \"quoted\"".into())],
            requests: vec![RequestRef {
                principal: "arn:aws:iam::111111111111:user/ana".into(),
                assume: vec!["arn:aws:iam::222222222222:role/R".into()],
                action: "s3:GetObject".into(),
                resource: "arn:aws:s3:::b/k".into(),
                name: "ana reads".into(),
            }],
            policies: vec![("user/ana".into(), 7)],
            request: Some(0),
        };
        assert_eq!(DiagramInput::parse(&input.to_json()), input);
        let none = DiagramInput {
            request: None,
            ..input
        };
        assert_eq!(DiagramInput::parse(&none.to_json()).request, None);
    }

    #[test]
    fn island_events_become_the_apps_actions() {
        let selected = |event: &str| match action_of(event).as_slice() {
            [Action::Select(selection)] => Some(*selection),
            _ => None,
        };
        assert_eq!(
            selected(r#"{"event":"select","row":2,"column":3}"#),
            Some(Selection::Cell { row: 2, column: 3 })
        );
        assert_eq!(
            selected(r#"{"event":"select","request":1}"#),
            Some(Selection::Request(1))
        );
        assert_eq!(selected(r#"{"event":"select"}"#), Some(Selection::None));
        let opened: Vec<u32> = action_of(r#"{"event":"open","policies":[4,9]}"#)
            .iter()
            .filter_map(|action| match action {
                Action::OpenPolicy(id) => Some(*id),
                _ => None,
            })
            .collect();
        assert_eq!(opened, [4, 9]);
        assert!(action_of(r#"{"event":"unknown"}"#).is_empty());
        assert!(action_of("not json").is_empty());
    }
}
