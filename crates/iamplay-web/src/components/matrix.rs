//! The matrix: principals (rows) × (action, resource) columns, a real `<table>` with row and column headers.
//! Each cell shows the decision with an icon and a word, the account relation, and the what-if across the
//! account boundary when it differs. Kept visible (and marked stale) while the policies have errors.
//!
//! A large matrix (an imported account) is virtualized: only the rows and columns inside the scrolled box are
//! in the DOM, with spacers standing in for the rest, so 500 principals cost what 20 do. Two search fields
//! narrow the rows (principal name, kind, account) and the columns (action, resource); cells keep their
//! matrix indices (`data-row`, `data-column`), so selections and explanations are unaffected by either.

use crate::engine::{decision_look, decision_name};
use crate::matrix_view::{ColumnView, MatrixView};
use crate::state::{Action, AppState, Selection};
use iamplay_core::explain::Decision;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties)]
pub struct MatrixProps {
    pub matrix: Option<Rc<MatrixView>>,
    pub stale: bool,
    /// No analysis has arrived yet (a large workspace, analysed by the worker).
    #[prop_or_default]
    pub computing: bool,
    pub error_count: usize,
    pub selection: Selection,
    pub dispatch: UseReducerDispatcher<AppState>,
    /// Shows the problems panel.
    pub on_show_problems: Callback<()>,
    /// Cells whose decision differs from the pinned baseline (`baseline.rs`).
    #[prop_or_default]
    pub changes: Option<Rc<crate::baseline::Marks>>,
    /// Picking cells for the tightest policy (`tighten.rs`): the cells picked so far. A click then picks.
    #[prop_or_default]
    pub picked: Option<Rc<std::collections::BTreeSet<(usize, usize)>>>,
    #[prop_or_default]
    pub on_pick: Callback<(usize, usize)>,
    /// Picks (or unpicks) the allowed cells of a row.
    #[prop_or_default]
    pub on_pick_row: Callback<usize>,
}

impl PartialEq for MatrixProps {
    fn eq(&self, other: &Self) -> bool {
        super::same_opt(&self.matrix, &other.matrix)
            && self.stale == other.stale
            && self.computing == other.computing
            && self.error_count == other.error_count
            && self.selection == other.selection
            && self.dispatch == other.dispatch
            && self.on_show_problems == other.on_show_problems
            && super::same_opt(&self.changes, &other.changes)
            && super::same_opt(&self.picked, &other.picked)
            && self.on_pick == other.on_pick
            && self.on_pick_row == other.on_pick_row
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

/// The decision word a cell shows (the legend spells each out).
fn short_word(decision: Decision) -> &'static str {
    match decision {
        Decision::Allow => "Allow",
        Decision::ExplicitDeny => "Deny",
        Decision::ImplicitDeny => "Implicit",
    }
}

/// Matrices with more cells than this are virtualized; smaller ones render whole, as they always did.
pub const VIRTUAL_CELLS: usize = 1500;
/// The fixed sizes a virtualized matrix lays out with (CSS `.matrix.virtual` uses the same).
pub const ROW_HEIGHT: f64 = 48.0;
pub const COLUMN_WIDTH: f64 = 112.0;
pub const HEAD_HEIGHT: f64 = 58.0;
pub const ROW_HEAD_WIDTH: f64 = 200.0;
/// Rows and columns rendered beyond each edge of the box, so a small scroll shows no gap.
const OVERSCAN: usize = 4;

/// The range of `count` items of `size` pixels that a box `extent` pixels long, scrolled by `offset`, shows.
pub fn visible_range(count: usize, size: f64, offset: f64, extent: f64) -> std::ops::Range<usize> {
    if count == 0 || size <= 0.0 {
        return 0..0;
    }
    let first = (offset.max(0.0) / size).floor() as usize;
    let shown = (extent.max(0.0) / size).ceil() as usize + 1;
    let start = first.saturating_sub(OVERSCAN).min(count);
    let end = (first + shown + OVERSCAN).min(count);
    start..end
}

fn contains_folded(haystack: &str, needle: &str) -> bool {
    haystack.to_ascii_lowercase().contains(needle)
}

/// The row indices whose principal matches `query` (name, key, kind or account; case-insensitive).
pub fn matching_rows(matrix: &MatrixView, query: &str) -> Vec<usize> {
    let query = query.trim().to_ascii_lowercase();
    (0..matrix.rows.len())
        .filter(|r| {
            query.is_empty()
                || matrix.rows.get(*r).is_some_and(|row| {
                    contains_folded(&row.key, &query)
                        || contains_folded(&row.name, &query)
                        || row.kind_label().contains(query.as_str())
                        || row
                            .account
                            .as_deref()
                            .is_some_and(|a| contains_folded(a, &query))
                        || row
                            .account_name
                            .as_deref()
                            .is_some_and(|a| contains_folded(a, &query))
                })
        })
        .collect()
}

/// The column indices whose action or resource matches `query` (case-insensitive).
pub fn matching_columns(matrix: &MatrixView, query: &str) -> Vec<usize> {
    let query = query.trim().to_ascii_lowercase();
    (0..matrix.columns.len())
        .filter(|c| {
            query.is_empty()
                || matrix.columns.get(*c).is_some_and(|column| {
                    contains_folded(&column.action, &query)
                        || contains_folded(&column.resource, &query)
                        || column
                            .name
                            .as_deref()
                            .is_some_and(|n| contains_folded(n, &query))
                })
        })
        .collect()
}

/// Where the scrolled box is: scroll offsets and its size.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Viewport {
    top: f64,
    left: f64,
    height: f64,
    width: f64,
}

impl Default for Viewport {
    fn default() -> Self {
        Self {
            top: 0.0,
            left: 0.0,
            height: 600.0,
            width: 900.0,
        }
    }
}

fn read_viewport(element: &web_sys::Element) -> Viewport {
    Viewport {
        top: f64::from(element.scroll_top()),
        left: f64::from(element.scroll_left()),
        height: f64::from(element.client_height()),
        width: f64::from(element.client_width()),
    }
}

fn search_value(event: &InputEvent) -> String {
    event
        .target_dyn_into::<web_sys::HtmlInputElement>()
        .map(|input| input.value())
        .unwrap_or_default()
}

#[function_component]
pub fn Matrix(props: &MatrixProps) -> Html {
    let row_query = use_state(String::new);
    let column_query = use_state(String::new);
    let viewport = use_state(Viewport::default);
    let scroller = use_node_ref();
    // The box's size once it is on screen, and again when the window is resized.
    let virtual_mode = props
        .matrix
        .as_ref()
        .is_some_and(|m| m.rows.len() * m.columns.len() > VIRTUAL_CELLS);
    {
        let scroller = scroller.clone();
        let viewport = viewport.clone();
        use_effect_with(virtual_mode, move |virtual_mode| {
            let listener = virtual_mode.then(|| {
                let measure = {
                    let scroller = scroller.clone();
                    let viewport = viewport.clone();
                    move || {
                        if let Some(element) = scroller.cast::<web_sys::Element>() {
                            viewport.set(read_viewport(&element));
                        }
                    }
                };
                measure();
                gloo_events::EventListener::new(&gloo_utils::window(), "resize", move |_| measure())
            });
            move || drop(listener)
        });
    }
    let Some(matrix) = props.matrix.clone() else {
        let message = if props.computing {
            "Computing the matrix…".to_string()
        } else {
            format!(
                "The scenario has {} error{} — fix them to see the matrix.",
                props.error_count,
                if props.error_count == 1 { "" } else { "s" }
            )
        };
        return html! {
            <section class="matrix-panel" aria-labelledby="matrix-title">
                <div class="panel-head"><h2 id="matrix-title">{ "Matrix" }</h2></div>
                <p class="empty" id="matrix-empty" role="status">{ message }</p>
            </section>
        };
    };
    let virtual_mode = matrix.rows.len() * matrix.columns.len() > VIRTUAL_CELLS;
    let rows = Rc::new(matching_rows(&matrix, &row_query));
    let columns = Rc::new(matching_columns(&matrix, &column_query));
    let on_scroll = {
        let viewport = viewport.clone();
        Callback::from(move |event: Event| {
            if let Some(element) = event.target_dyn_into::<web_sys::Element>() {
                let next = read_viewport(&element);
                // Re-render only when another row or column comes into view.
                let moved = |a: f64, b: f64, size: f64| (a / size).floor() != (b / size).floor();
                if moved(next.top, viewport.top, ROW_HEIGHT)
                    || moved(next.left, viewport.left, COLUMN_WIDTH)
                    || next.height != viewport.height
                    || next.width != viewport.width
                {
                    viewport.set(next);
                }
            }
        })
    };
    let (row_window, column_window) = if virtual_mode {
        (
            visible_range(
                rows.len(),
                ROW_HEIGHT,
                viewport.top,
                viewport.height - HEAD_HEIGHT,
            ),
            visible_range(
                columns.len(),
                COLUMN_WIDTH,
                viewport.left,
                viewport.width - ROW_HEAD_WIDTH,
            ),
        )
    } else {
        (0..rows.len(), 0..columns.len())
    };
    // Arrow keys move between the cells on screen (in display order); at an edge of a virtualized box they
    // scroll it by one row or column first.
    let on_keydown = {
        let rows = rows.clone();
        let columns = columns.clone();
        let scroller = scroller.clone();
        Callback::from(move |event: KeyboardEvent| {
            let delta = match event.key().as_str() {
                "ArrowRight" => (0i64, 1i64),
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
                    .and_then(|v| v.parse::<usize>().ok())
            };
            let (Some(row), Some(column)) = (read("data-row"), read("data-column")) else {
                return;
            };
            let (Some(at_row), Some(at_column)) = (
                rows.iter().position(|r| *r == row),
                columns.iter().position(|c| *c == column),
            ) else {
                return;
            };
            let next_row = usize::try_from(at_row as i64 + delta.0)
                .ok()
                .and_then(|i| rows.get(i));
            let next_column = usize::try_from(at_column as i64 + delta.1)
                .ok()
                .and_then(|i| columns.get(i));
            let (Some(next_row), Some(next_column)) = (next_row, next_column) else {
                return;
            };
            event.prevent_default();
            let selector =
                format!("#matrix button[data-row=\"{next_row}\"][data-column=\"{next_column}\"]");
            let focus = move || -> bool {
                let Ok(Some(next)) = gloo_utils::document().query_selector(&selector) else {
                    return false;
                };
                if let Ok(next) = next.dyn_into::<web_sys::HtmlElement>() {
                    let _ = next.focus();
                }
                true
            };
            if focus() {
                return;
            }
            // Outside the rendered window: scroll it into the window, then focus it once it is drawn.
            if let Some(element) = scroller.cast::<web_sys::Element>() {
                if delta.0 != 0 {
                    element.set_scroll_top(
                        element.scroll_top() + (delta.0 * ROW_HEIGHT as i64) as i32,
                    );
                } else {
                    element.set_scroll_left(
                        element.scroll_left() + (delta.1 * COLUMN_WIDTH as i64) as i32,
                    );
                }
            }
            gloo_timers::callback::Timeout::new(30, move || {
                focus();
            })
            .forget();
        })
    };
    let stale = props.stale;
    let column_cells = |r: usize| -> Html {
        let row = matrix.rows.get(r);
        html! {
            { for columns[column_window.clone()].iter().map(|&c| {
                let Some(cell) = matrix.cell(r, c) else { return html! { <td class="cell" /> } };
                let (word, icon, class) = decision_look(cell.decision);
                let column = matrix.columns.get(c);
                let picked = props.picked.as_ref().map(|p| p.contains(&(r, c)));
                let selected = picked.unwrap_or(props.selection == Selection::Cell { row: r, column: c });
                let was = props.changes.as_ref().and_then(|m| m.cells.get(&(r, c)).copied());
                let change = was.map(|before| match (before == iamplay_core::explain::Decision::Allow, cell.decision == iamplay_core::explain::Decision::Allow) {
                    (false, true) => "opened",
                    (true, false) => "closed",
                    _ => "changed",
                });
                let what_if = cell.what_if.filter(|(_, changes)| *changes);
                let other_side = match cell.same_account { Some(true) => "cross-account", _ => "same account" };
                let place = format!(
                    "{} ({}), {} on {}",
                    row.map(|r| r.name.as_str()).unwrap_or_default(), row.map(|r| r.kind_label()).unwrap_or_default(),
                    column.map(|c| c.action.as_str()).unwrap_or_default(),
                    column.map(|c| c.resource.as_str()).unwrap_or_default(),
                );
                let if_other = what_if.map(|(d, _)| format!("; if {other_side}: {}", decision_look(d).0)).unwrap_or_default();
                let since = was.map(|before| format!("; {} since the baseline (was {})", change.unwrap_or_default(), decision_look(before).0)).unwrap_or_default();
                let picked_word = if picked == Some(true) { "; picked" } else { "" };
                let label = format!("{place}: {word}, {}{if_other}{since}{picked_word}", relation_word(cell.same_account).replace("acct", "account"));
                // The accessible name starts with the words the cell shows, in order (WCAG 2.5.3, so a speech
                // user can say them); each parenthesis completes a short word without breaking that.
                let short = short_word(cell.decision);
                let name = format!("{short}{}, {}{}: {place}{if_other}{picked_word}",
                    match cell.decision { Decision::Allow => "", Decision::ExplicitDeny => " (explicit)", Decision::ImplicitDeny => " (deny)" },
                    relation_word(cell.same_account),
                    was.map(|before| format!(", was ({} since the baseline (was {}))", change.unwrap_or_default(), decision_look(before).0)).unwrap_or_default());
                let onclick = if props.picked.is_some() {
                    props.on_pick.reform(move |_: MouseEvent| (r, c))
                } else {
                    let dispatch = props.dispatch.clone();
                    Callback::from(move |_| dispatch.dispatch(Action::Select(Selection::Cell { row: r, column: c })))
                };
                html! {
                    <td key={c} class={classes!("cell", class, selected.then_some("selected"), change.map(|c| format!("since-{c}")), (picked == Some(true)).then_some("picked"))}>
                        <button type="button" data-row={r.to_string()} data-column={c.to_string()}
                                data-decision={decision_name(cell.decision)} data-changed={change}
                                aria-label={name} title={label} aria-pressed={selected.to_string()} {onclick}>
                            <span class="cell-main"><span class="icon" aria-hidden="true">{ icon }</span>{ short }</span>
                            { " " }
                            <span class="cell-sub" aria-hidden="true">
                                <span class="acct">{ relation_word(cell.same_account) }</span>
                                // Spaces between the parts, so their words stay apart in the text (the name
                                // check of WCAG 2.5.3 reads "same acct was", not "same acctwas").
                                if let Some((decision, _)) = what_if {
                                    { " " }<span class={classes!("whatif", decision_look(decision).2)}>{ format!("⇄ {}", decision_look(decision).1) }</span>
                                }
                                if let Some(before) = was {
                                    { " " }<span class={classes!("since", decision_look(before).2)} title="the baseline's decision">{ format!("was {}", decision_look(before).1) }</span>
                                }
                            </span>
                        </button>
                    </td>
                }
            }) }
        }
    };
    // Spacers stand in for the rows and columns outside the window.
    // Whole pixels, written as integers (formatting an `f64` would add float printing to the wasm).
    let px = |count: usize, size: f64| (count as f64 * size) as u64;
    let left_pad = px(column_window.start, COLUMN_WIDTH);
    let right_pad = px(columns.len() - column_window.end, COLUMN_WIDTH);
    let top_pad = px(row_window.start, ROW_HEIGHT);
    let bottom_pad = px(rows.len() - row_window.end, ROW_HEIGHT);
    let spacer_column = |width: u64, head: bool| -> Html {
        if width == 0 {
            return html! {};
        }
        let style =
            format!("width: {width}px; min-width: {width}px; max-width: {width}px; padding: 0");
        if head {
            html! { <th class="spacer" aria-hidden="true" style={style} /> }
        } else {
            html! { <td class="spacer" aria-hidden="true" style={style} /> }
        }
    };
    let spacer_row = |height: u64| -> Html {
        if height == 0 {
            return html! {};
        }
        html! { <tr class="spacer" aria-hidden="true" style={format!("height: {height}px")}><td colspan="2" style="padding: 0; border: 0" /></tr> }
    };
    let on_row_query = {
        let row_query = row_query.clone();
        Callback::from(move |event: InputEvent| row_query.set(search_value(&event)))
    };
    let on_column_query = {
        let column_query = column_query.clone();
        Callback::from(move |event: InputEvent| column_query.set(search_value(&event)))
    };
    let filtered = rows.len() != matrix.rows.len() || columns.len() != matrix.columns.len();
    let searchable =
        virtual_mode || !row_query.is_empty() || !column_query.is_empty() || matrix.rows.len() > 12;
    html! {
        <section class={classes!("matrix-panel", stale.then_some("is-stale"))} aria-labelledby="matrix-title">
            <div class="panel-head">
                <h2 id="matrix-title">{ "Who can do what" }</h2>
                <span class="hint">{ if matrix.derived { "columns from the policies (no requests)" } else { "rows: principals · columns: the requests' action and resource" } }{ " · click a column: who can…, a principal: what can…" }</span>
            </div>
            if searchable {
                <div class="matrix-search" role="search" aria-label="Matrix">
                    <input type="search" id="matrix-row-search" placeholder="Find principals" aria-label="Find principals by name, kind or account"
                           value={(*row_query).clone()} oninput={on_row_query} spellcheck="false" />
                    <input type="search" id="matrix-column-search" placeholder="Find actions, resources" aria-label="Find columns by action or resource"
                           value={(*column_query).clone()} oninput={on_column_query} spellcheck="false" />
                    <span class="matrix-count" id="matrix-count" role="status">
                        { format!("{} of {} principals · {} of {} columns", rows.len(), matrix.rows.len(), columns.len(), matrix.columns.len()) }
                    </span>
                </div>
            }
            if stale {
                <div class="stale-note" id="matrix-stale" role="status">
                    <span aria-hidden="true">{ "⚠" }</span>
                    <span>{ format!("Stale: showing the last valid result. {} error{} to fix.", props.error_count,
                        if props.error_count == 1 { "" } else { "s" }) }</span>
                    <button class="link" onclick={props.on_show_problems.reform(|_| ())}>{ "Show problems" }</button>
                </div>
            }
            if filtered && (rows.is_empty() || columns.is_empty()) {
                <p class="empty" id="matrix-no-match">{ "Nothing matches the search." }</p>
            }
            <div class={classes!("matrix-scroll", virtual_mode.then_some("virtual"))} ref={scroller} onscroll={on_scroll}>
                <table class={classes!("matrix", virtual_mode.then_some("virtual"))} id="matrix" data-stale={stale.to_string()} data-virtual={virtual_mode.to_string()}
                       aria-rowcount={(rows.len() + 1).to_string()} aria-colcount={(columns.len() + 1).to_string()} onkeydown={on_keydown}>
                    <caption class="sr-only">{ "Decisions for each principal (rows) and each action on a resource (columns)" }</caption>
                    <thead>
                        <tr>
                            <th scope="col" class="corner">{ "Principal" }</th>
                            { spacer_column(left_pad, true) }
                            { for columns[column_window.clone()].iter().map(|&c| {
                                let column = &matrix.columns[c];
                                // A column asks "who can do this?": its header opens the who-can panel (an island).
                                let ask = {
                                    let dispatch = props.dispatch.clone();
                                    let (action, resource, context) = (column.action.clone(), column.resource.clone(), column.context.clone());
                                    Callback::from(move |_| {
                                        let question = crate::questions::Question::WhoCan { action: action.clone(), resource: resource.clone(), context: context.clone() };
                                        dispatch.dispatch(Action::Ask(Some(question.to_text().into())));
                                    })
                                };
                                let head = html! { <>
                                        <span class="col-action">{ column.action.clone() }</span>
                                        <span class="col-resource">{ short_resource(&column.resource) }</span>
                                        if !column.context.is_empty() {
                                            <span class="col-context">{ column.context.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(" ") }</span>
                                        }
                                        if let Some(endpoint) = &column.vpc_endpoint {
                                            <span class="col-context">{ format!("via {endpoint}") }</span>
                                        }
                                </> };
                                html! {
                                    <th key={c} scope="col" class="col-head" title={column_title(column)} data-column={c.to_string()}>
                                        <button type="button" class="col-ask" onclick={ask}>
                                            { head }<span class="sr-only">{ ": who can do this?" }</span>
                                        </button>
                                    </th>
                                }
                            }) }
                            { spacer_column(right_pad, true) }
                        </tr>
                    </thead>
                    <tbody>
                        { spacer_row(top_pad) }
                        { for rows[row_window.clone()].iter().map(|&r| {
                            let row = &matrix.rows[r];
                            // A row asks "what can this principal do?" (the what-can panel, an island).
                            let ask = {
                                let dispatch = props.dispatch.clone();
                                let principal = row.key.clone();
                                Callback::from(move |_| {
                                    let question = crate::questions::Question::WhatCan { principal: principal.clone() };
                                    dispatch.dispatch(Action::Ask(Some(question.to_text().into())));
                                })
                            };
                            let head = html! { <>
                                        if virtual_mode {
                                            // Two lines, to fit the fixed row height: the name, then kind and account.
                                            <span class="row-name">{ row.name.clone() }</span>
                                            <span class="row-meta">
                                                <span class={classes!("row-kind", format!("kind-{}", row.kind_label().replace(' ', "-")))}>{ row.kind_label() }</span>
                                                if let Some(account) = &row.account {
                                                    <span class="row-account">{ match &row.account_name { Some(name) => format!("{name} · {account}"), None => account.clone() } }</span>
                                                }
                                            </span>
                                        } else {
                                            <span class={classes!("row-kind", format!("kind-{}", row.kind_label().replace(' ', "-")))}>{ row.kind_label() }</span>
                                            <span class="row-name">{ row.name.clone() }</span>
                                            if let Some(account) = &row.account {
                                                <span class="row-account">{ match &row.account_name { Some(name) => format!("{name} · {account}"), None => account.clone() } }</span>
                                            }
                                        }
                            </> };
                            html! {
                                <tr key={r} aria-rowindex={(r + 2).to_string()}>
                                    <th scope="row" class="row-head" title={row.key.clone()}>
                                        if props.picked.is_some() {
                                            <button type="button" class="pick-row" data-row={r.to_string()}
                                                    aria-label={format!("Pick the allowed cells of {}", row.name)} title="Pick this row's allowed cells"
                                                    onclick={props.on_pick_row.reform(move |_: MouseEvent| r)}>{ "+" }</button>
                                        }
                                        <button type="button" class="row-ask" onclick={ask}>
                                            { head }<span class="sr-only">{ ": what can it do?" }</span>
                                        </button>
                                    </th>
                                    { spacer_column(left_pad, false) }
                                    { column_cells(r) }
                                    { spacer_column(right_pad, false) }
                                </tr>
                            }
                        }) }
                        { spacer_row(bottom_pad) }
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

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn the_window_covers_the_box_plus_overscan_and_stays_in_bounds() {
        assert_eq!(visible_range(0, 48.0, 0.0, 600.0), 0..0);
        assert_eq!(visible_range(500, 48.0, 0.0, 480.0), 0..(11 + OVERSCAN));
        let middle = visible_range(500, 48.0, 4800.0, 480.0);
        assert_eq!(middle.start, 100 - OVERSCAN);
        assert!(
            middle.end >= 110 && middle.end <= 111 + OVERSCAN,
            "{middle:?}"
        );
        assert_eq!(visible_range(500, 48.0, 1.0e9, 480.0), 500..500);
        assert_eq!(visible_range(5, 48.0, 0.0, 4800.0), 0..5);
    }
}
