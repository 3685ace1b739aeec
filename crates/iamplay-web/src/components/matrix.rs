//! The matrix: principals (rows) × (action, resource) columns, a real `<table>` with row and column headers.
//! Each cell shows the decision with an icon and a word, the account relation, and the what-if across the
//! account boundary when it differs. Kept visible (and marked stale) while the policies have errors.

use crate::engine::{decision_look, decision_name};
use crate::matrix_view::{ColumnView, MatrixView};
use crate::state::{Action, AppState, Selection};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties)]
pub struct MatrixProps {
    pub matrix: Option<Rc<MatrixView>>,
    pub stale: bool,
    pub error_count: usize,
    pub selection: Selection,
    pub dispatch: UseReducerDispatcher<AppState>,
    /// Shows the problems panel.
    pub on_show_problems: Callback<()>,
}

impl PartialEq for MatrixProps {
    fn eq(&self, other: &Self) -> bool {
        super::same_opt(&self.matrix, &other.matrix)
            && self.stale == other.stale
            && self.error_count == other.error_count
            && self.selection == other.selection
            && self.dispatch == other.dispatch
            && self.on_show_problems == other.on_show_problems
    }
}

/// The tail of a resource ARN that tells resources apart (`bucket/key.txt`, `table/Orders`).
pub fn short_resource(arn: &str) -> String {
    if let Some(rest) = arn.strip_prefix("arn:aws:s3:::") {
        return rest.to_string();
    }
    let mut parts = arn.splitn(6, ':');
    let tail = parts.nth(5).unwrap_or(arn);
    tail.to_string()
}

fn column_title(column: &ColumnView) -> String {
    let mut title = format!("{} on {}", column.action, column.resource);
    if !column.context.is_empty() {
        let context: Vec<String> = column
            .context
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        title.push_str(&format!(" with {}", context.join(", ")));
    }
    if let Some(endpoint) = &column.vpc_endpoint {
        title.push_str(&format!(" through the VPC endpoint {endpoint}"));
    }
    if let Some(name) = &column.name {
        title.push_str(&format!("\n{name}"));
    }
    title
}

fn relation_word(same: Option<bool>) -> &'static str {
    match same {
        Some(true) => "same acct",
        Some(false) => "cross acct",
        None => "no acct",
    }
}

#[function_component]
pub fn Matrix(props: &MatrixProps) -> Html {
    let Some(matrix) = props.matrix.clone() else {
        return html! {
            <section class="matrix-panel" aria-labelledby="matrix-title">
                <div class="panel-head"><h2 id="matrix-title">{ "Matrix" }</h2></div>
                <p class="empty" id="matrix-empty">
                    { format!("The scenario has {} error{} — fix them to see the matrix.", props.error_count,
                        if props.error_count == 1 { "" } else { "s" }) }
                </p>
            </section>
        };
    };
    // Arrow keys move between cells.
    let on_keydown = Callback::from(|event: KeyboardEvent| {
        let delta = match event.key().as_str() {
            "ArrowRight" => (0i32, 1i32),
            "ArrowLeft" => (0, -1),
            "ArrowDown" => (1, 0),
            "ArrowUp" => (-1, 0),
            _ => return,
        };
        let Some(target) = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let read = |name: &str| {
            target
                .get_attribute(name)
                .and_then(|v| v.parse::<i32>().ok())
        };
        let (Some(row), Some(column)) = (read("data-row"), read("data-column")) else {
            return;
        };
        let selector = format!(
            "#matrix button[data-row=\"{}\"][data-column=\"{}\"]",
            row + delta.0,
            column + delta.1
        );
        if let Ok(Some(next)) = gloo_utils::document().query_selector(&selector) {
            if let Ok(next) = next.dyn_into::<web_sys::HtmlElement>() {
                event.prevent_default();
                let _ = next.focus();
            }
        }
    });
    let stale = props.stale;
    html! {
        <section class={classes!("matrix-panel", stale.then_some("is-stale"))} aria-labelledby="matrix-title">
            <div class="panel-head">
                <h2 id="matrix-title">{ "Who can do what" }</h2>
                <span class="hint">{ if matrix.derived { "columns from the policies (no requests)" } else { "rows: principals · columns: the requests' action and resource" } }</span>
            </div>
            if stale {
                <div class="stale-note" id="matrix-stale" role="status">
                    <span aria-hidden="true">{ "⚠" }</span>
                    <span>{ format!("Stale: showing the last valid result. {} error{} to fix.", props.error_count,
                        if props.error_count == 1 { "" } else { "s" }) }</span>
                    <button class="link" onclick={props.on_show_problems.reform(|_| ())}>{ "Show problems" }</button>
                </div>
            }
            <div class="matrix-scroll">
                <table class="matrix" id="matrix" data-stale={stale.to_string()} onkeydown={on_keydown}>
                    <caption class="sr-only">{ "Decisions for each principal (rows) and each action on a resource (columns)" }</caption>
                    <thead>
                        <tr>
                            <th scope="col" class="corner">{ "Principal" }</th>
                            { for matrix.columns.iter().enumerate().map(|(c, column)| html! {
                                <th scope="col" class="col-head" title={column_title(column)} data-column={c.to_string()}>
                                    <span class="col-action">{ column.action.clone() }</span>
                                    <span class="col-resource">{ short_resource(&column.resource) }</span>
                                    if !column.context.is_empty() {
                                        <span class="col-context">{ column.context.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(" ") }</span>
                                    }
                                    if let Some(endpoint) = &column.vpc_endpoint {
                                        <span class="col-context">{ format!("via {endpoint}") }</span>
                                    }
                                </th>
                            }) }
                        </tr>
                    </thead>
                    <tbody>
                        { for matrix.rows.iter().enumerate().map(|(r, row)| html! {
                            <tr>
                                <th scope="row" class="row-head" title={row.key.clone()}>
                                    <span class={classes!("row-kind", format!("kind-{}", row.kind_label().replace(' ', "-")))}>{ row.kind_label() }</span>
                                    <span class="row-name">{ row.name.clone() }</span>
                                    if let Some(account) = &row.account {
                                        <span class="row-account">{ match &row.account_name { Some(name) => format!("{name} · {account}"), None => account.clone() } }</span>
                                    }
                                </th>
                                { for matrix.cells.get(r).into_iter().flatten().enumerate().map(|(c, cell)| {
                                    let (word, icon, class) = decision_look(cell.decision);
                                    let column = matrix.columns.get(c);
                                    let selected = props.selection == Selection::Cell { row: r, column: c };
                                    let what_if = cell.what_if.filter(|(_, changes)| *changes);
                                    let other_side = match cell.same_account { Some(true) => "cross-account", _ => "same account" };
                                    let label = format!(
                                        "{} ({}), {} on {}: {}, {}{}",
                                        row.name, row.kind_label(),
                                        column.map(|c| c.action.as_str()).unwrap_or_default(),
                                        column.map(|c| c.resource.as_str()).unwrap_or_default(),
                                        word, relation_word(cell.same_account).replace("acct", "account"),
                                        what_if.map(|(d, _)| format!("; if {other_side}: {}", decision_look(d).0)).unwrap_or_default(),
                                    );
                                    let onclick = {
                                        let dispatch = props.dispatch.clone();
                                        Callback::from(move |_| dispatch.dispatch(Action::Select(Selection::Cell { row: r, column: c })))
                                    };
                                    html! {
                                        <td class={classes!("cell", class, selected.then_some("selected"))}>
                                            <button type="button" data-row={r.to_string()} data-column={c.to_string()}
                                                    data-decision={decision_name(cell.decision)}
                                                    aria-label={label.clone()} title={label} aria-pressed={selected.to_string()} {onclick}>
                                                <span class="cell-main"><span class="icon" aria-hidden="true">{ icon }</span>{ word.replace("Explicit deny", "Deny").replace("Implicit deny", "Implicit") }</span>
                                                <span class="cell-sub" aria-hidden="true">
                                                    <span class="acct">{ relation_word(cell.same_account) }</span>
                                                    if let Some((decision, _)) = what_if {
                                                        <span class={classes!("whatif", decision_look(decision).2)}>{ format!("⇄ {}", decision_look(decision).1) }</span>
                                                    }
                                                </span>
                                            </button>
                                        </td>
                                    }
                                }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            <p class="legend" aria-hidden="true">
                <span class="decision allow"><span class="icon">{ "✓" }</span>{ "Allow" }</span>
                <span class="decision explicit-deny"><span class="icon">{ "✕" }</span>{ "Explicit deny" }</span>
                <span class="decision implicit-deny"><span class="icon">{ "∅" }</span>{ "Implicit deny (nothing allowed it)" }</span>
                <span class="legend-whatif">{ "⇄ the decision across the account boundary, when it differs" }</span>
            </p>
        </section>
    }
}
