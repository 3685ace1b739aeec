//! The access diagram: an SVG the app draws from `iamplay_core::diagram` — principals, roles ("hats") and
//! resources ("doors") as nodes in account boxes, "can assume" and "can access" edges coloured by decision. A
//! selected request with an assume chain lights its path hop by hop. Clicking (or Enter on) an edge selects
//! the matrix cell or request that explains it; a node opens its policies.
//!
//! Layout is a pure function of the node list (which never depends on decisions): one band per account, in
//! the scenario's order, with principals, roles and resources in three columns. So nodes stay put while policies
//! change. A band with many nodes in one column shows the first few and a "+N more" node that expands it.

use crate::matrix_view::MatrixView;
use crate::model::Workspace;
use crate::state::{Action, AppState, Selection};
use crate::world::World;
use iamplay_core::diagram::{build_diagram, Diagram, DiagramEdge, EdgeKind, NodeKind};
use iamplay_core::explain::Decision;
use iamplay_core::matrix::compute_matrix;
use std::collections::BTreeSet;
use std::rc::Rc;
use yew::prelude::*;

/// Nodes shown per column of a band before "+N more".
pub const COLLAPSE_AFTER: usize = 6;
const NODE_W: f64 = 190.0;
const NODE_H: f64 = 30.0;
const GAP: f64 = 10.0;
const BAND_HEAD: f64 = 26.0;
const BAND_PAD: f64 = 12.0;
const COLUMN_X: [f64; 3] = [16.0, 286.0, 556.0];
pub const WIDTH: f64 = 762.0;

/// The diagram of a loaded scenario (the matrix is recomputed here: the diagram needs the core's full cells).
pub fn diagram_of(world: &World) -> Diagram {
    let matrix = compute_matrix(&world.scenario);
    build_diagram(&world.scenario, &matrix)
}

fn column_of(kind: NodeKind) -> usize {
    match kind {
        NodeKind::Role => 1,
        NodeKind::Resource => 2,
        _ => 0,
    }
}

/// A placed node (or a "+N more" placeholder when `more > 0`).
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub index: Option<usize>,
    pub x: f64,
    pub y: f64,
    pub more: usize,
    pub band: usize,
}

/// A placed account band.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    pub label: String,
    pub y: f64,
    pub height: f64,
    pub account: Option<String>,
}

/// Lays out `diagram`: bands top to bottom, columns left to right.
pub fn layout(diagram: &Diagram, expanded: &BTreeSet<usize>) -> (Vec<Band>, Vec<Placed>, f64) {
    let mut accounts: Vec<Option<String>> = diagram
        .accounts
        .iter()
        .map(|a| Some(a.id.clone()))
        .collect();
    accounts.push(None);
    let mut bands = Vec::new();
    let mut placed = Vec::new();
    let mut y = 8.0;
    for account in accounts {
        let members: Vec<usize> = diagram
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, node)| node.account == account)
            .map(|(index, _)| index)
            .collect();
        if members.is_empty() {
            continue;
        }
        let band = bands.len();
        let mut tallest = 0usize;
        for (column, column_x) in COLUMN_X.iter().copied().enumerate() {
            let in_column: Vec<usize> = members
                .iter()
                .copied()
                .filter(|i| {
                    diagram
                        .nodes
                        .get(*i)
                        .is_some_and(|n| column_of(n.kind) == column)
                })
                .collect();
            let limit = if expanded.contains(&band) || in_column.len() <= COLLAPSE_AFTER + 1 {
                in_column.len()
            } else {
                COLLAPSE_AFTER
            };
            for (slot, index) in in_column.iter().take(limit).enumerate() {
                placed.push(Placed {
                    index: Some(*index),
                    x: column_x,
                    y: y + BAND_HEAD + slot as f64 * (NODE_H + GAP),
                    more: 0,
                    band,
                });
            }
            let mut rows = limit;
            if limit < in_column.len() {
                placed.push(Placed {
                    index: None,
                    x: column_x,
                    y: y + BAND_HEAD + limit as f64 * (NODE_H + GAP),
                    more: in_column.len() - limit,
                    band,
                });
                rows += 1;
            }
            tallest = tallest.max(rows);
        }
        let height = BAND_HEAD + tallest as f64 * (NODE_H + GAP) + BAND_PAD - GAP;
        let label = match &account {
            Some(id) => {
                let name = diagram
                    .accounts
                    .iter()
                    .find(|a| &a.id == id)
                    .and_then(|a| a.name.clone());
                match name {
                    Some(name) => format!("account {id} ({name})"),
                    None => format!("account {id}"),
                }
            }
            None => "outside any account".to_string(),
        };
        bands.push(Band {
            label,
            y,
            height,
            account,
        });
        y += height + 12.0;
    }
    (bands, placed, y)
}

fn decision_class(decision: Decision) -> &'static str {
    match decision {
        Decision::Allow => "allow",
        Decision::ExplicitDeny => "deny",
        Decision::ImplicitDeny => "implicit",
    }
}

fn kind_word(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::User => "user",
        NodeKind::Role => "role",
        NodeKind::Root => "root user",
        NodeKind::Service => "service",
        NodeKind::IdentityProvider => "identity provider",
        NodeKind::Anonymous => "anonymous",
        NodeKind::Resource => "resource",
    }
}

fn icon(kind: NodeKind) -> &'static str {
    // Geometric shapes every system font has (emoji are missing on many Linux desktops).
    match kind {
        NodeKind::Role => "◆",
        NodeKind::Resource => "■",
        NodeKind::Service | NodeKind::IdentityProvider => "○",
        NodeKind::Anonymous => "?",
        _ => "●",
    }
}

/// The edges a request's path uses, in hop order: principal → role → ... → resource node.
pub fn request_path(diagram: &Diagram, ws: &Workspace, index: usize) -> Vec<usize> {
    let Some(request) = ws.requests.get(index) else {
        return Vec::new();
    };
    let mut hops: Vec<(String, String, EdgeKind)> = Vec::new();
    let mut caller = request.principal.clone();
    for role in &request.assume {
        hops.push((caller.clone(), role.clone(), EdgeKind::Assume));
        caller = role.clone();
    }
    let target = diagram
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Resource)
        .filter(|n| {
            request.resource == n.id
                || request
                    .resource
                    .strip_prefix(n.id.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
        })
        .max_by_key(|n| n.id.len())
        .map(|n| n.id.clone())
        .unwrap_or_else(|| request.resource.clone());
    hops.push((caller, target, EdgeKind::Access));
    hops.iter()
        .filter_map(|(from, to, kind)| {
            diagram
                .edges
                .iter()
                .position(|e| &e.from == from && &e.to == to && e.kind == *kind)
        })
        .collect()
}

#[derive(Properties)]
pub struct DiagramProps {
    pub world: Option<Rc<World>>,
    pub matrix: Option<Rc<MatrixView>>,
    pub ws: Rc<Workspace>,
    pub selection: Selection,
    pub dispatch: UseReducerDispatcher<AppState>,
}

impl PartialEq for DiagramProps {
    fn eq(&self, other: &Self) -> bool {
        super::same_opt(&self.world, &other.world)
            && super::same_opt(&self.matrix, &other.matrix)
            && self.selection == other.selection
            && Rc::ptr_eq(&self.ws, &other.ws)
    }
}

/// The cell or request that explains an edge.
fn selection_for(
    edge: &DiagramEdge,
    matrix: Option<&MatrixView>,
    ws: &Workspace,
) -> Option<Selection> {
    if let Some(matrix) = matrix {
        let row = matrix.rows.iter().position(|r| r.key == edge.from);
        let column = matrix
            .columns
            .iter()
            .position(|c| c.action == edge.action && c.resource == edge.resource);
        if let (Some(row), Some(column)) = (row, column) {
            return Some(Selection::Cell { row, column });
        }
    }
    ws.requests
        .iter()
        .position(|r| {
            r.principal == edge.from
                && match edge.kind {
                    EdgeKind::Assume => r.assume.first() == Some(&edge.to),
                    EdgeKind::Access => {
                        r.assume.is_empty()
                            && r.action == edge.action
                            && r.resource == edge.resource
                    }
                }
        })
        .map(Selection::Request)
}

fn activate(callback: Callback<()>) -> (Callback<MouseEvent>, Callback<KeyboardEvent>) {
    let click = callback.reform(|_: MouseEvent| ());
    let key = Callback::from(move |event: KeyboardEvent| {
        if event.key() == "Enter" || event.key() == " " {
            event.prevent_default();
            callback.emit(());
        }
    });
    (click, key)
}

#[function_component]
pub fn DiagramView(props: &DiagramProps) -> Html {
    let expanded = use_state(BTreeSet::<usize>::new);
    let diagram = {
        let world = props.world.clone();
        use_memo(
            props.world.as_ref().map(|w| Rc::as_ptr(w) as usize),
            move |_| world.as_deref().map(diagram_of).unwrap_or_default(),
        )
    };
    let (bands, placed, height) = layout(&diagram, &expanded);
    let lit: Vec<usize> = match props.selection {
        Selection::Request(index) => request_path(&diagram, &props.ws, index),
        _ => Vec::new(),
    };
    let position = |node: usize| placed.iter().find(|p| p.index == Some(node));
    let node_index = |id: &str| diagram.nodes.iter().position(|n| n.id == id);
    let edges = diagram.edges.iter().enumerate().filter_map(|(index, edge)| {
        let from = position(node_index(&edge.from)?)?;
        let to = position(node_index(&edge.to)?)?;
        let (x1, y1) = (from.x + NODE_W, from.y + NODE_H / 2.0);
        let (x2, y2) = if (to.x - from.x).abs() < 1.0 {
            // Same column (a role assuming a role): loop out to the right.
            (to.x + NODE_W, to.y + NODE_H / 2.0)
        } else {
            (to.x, to.y + NODE_H / 2.0)
        };
        let bend = if (to.x - from.x).abs() < 1.0 { 60.0 } else { ((x2 - x1) / 2.0).max(30.0) };
        let d = if (to.x - from.x).abs() < 1.0 {
            format!("M{x1},{y1} C{},{y1} {},{y2} {x2},{y2}", x1 + bend, x2 + bend)
        } else {
            format!("M{x1},{y1} C{},{y1} {},{y2} {x2},{y2}", x1 + bend, x2 - bend)
        };
        let hop = lit.iter().position(|l| *l == index);
        let from_label = diagram.nodes.iter().find(|n| n.id == edge.from).map_or("", |n| n.label.as_str());
        let to_label = diagram.nodes.iter().find(|n| n.id == edge.to).map_or("", |n| n.label.as_str());
        let verb = match edge.kind {
            EdgeKind::Assume => "can assume",
            EdgeKind::Access => "can access",
        };
        let label = format!(
            "{from_label} {} {to_label}: {} ({})",
            if edge.decision == Decision::Allow { verb } else { "is denied" },
            edge.actions.join(", "),
            decision_class(edge.decision)
        );
        let selection = selection_for(edge, props.matrix.as_deref(), &props.ws);
        let dispatch = props.dispatch.clone();
        let (onclick, onkeydown) = activate(Callback::from(move |()| {
            if let Some(selection) = selection {
                dispatch.dispatch(Action::Select(selection));
            }
        }));
        let style = hop.map(|hop| format!("animation-delay: {}ms", hop * 450));
        Some(html! {
            <g class={classes!("edge", decision_class(edge.decision), if edge.kind == EdgeKind::Assume { "assume" } else { "access" }, hop.is_some().then_some("lit"))}
               tabindex="0" role="button" aria-label={label.clone()} data-from={edge.from.clone()} data-to={edge.to.clone()}
               {onclick} {onkeydown}>
                <title>{ label }</title>
                <path class="edge-hit" d={d.clone()} />
                <path class="edge-line" d={d} marker-end={format!("url(#arrow-{})", decision_class(edge.decision))} style={style} />
            </g>
        })
    });
    let nodes = placed.iter().map(|place| {
        let Some(index) = place.index else {
            let band = place.band;
            let expanded = expanded.clone();
            let (onclick, onkeydown) = activate(Callback::from(move |()| {
                let mut next = (*expanded).clone();
                next.insert(band);
                expanded.set(next);
            }));
            return html! {
                <g class="node more" tabindex="0" role="button" aria-label={format!("show {} more", place.more)} {onclick} {onkeydown}
                   transform={format!("translate({},{})", place.x, place.y)}>
                    <rect width={NODE_W.to_string()} height={NODE_H.to_string()} rx="6" />
                    <text x="12" y="19">{ format!("+{} more", place.more) }</text>
                </g>
            };
        };
        let Some(node) = diagram.nodes.get(index) else { return html! {} };
        let owner = node.label.clone();
        let policies: Vec<u32> = props
            .ws
            .policies()
            .iter()
            .filter(|p| p.owner == owner || p.owner == node.id)
            .map(|p| p.draft.id)
            .collect();
        let dispatch = props.dispatch.clone();
        let count = policies.len();
        let (onclick, onkeydown) = activate(Callback::from(move |()| {
            for id in &policies {
                dispatch.dispatch(Action::OpenPolicy(*id));
            }
        }));
        let on_path = lit.iter().any(|edge| {
            diagram.edges.get(*edge).is_some_and(|e| e.from == node.id || e.to == node.id)
        });
        // A long label is clipped with an ellipsis drawn after it, not shortened: the text stays whole so the
        // node's accessible name contains all of what it shows (WCAG 2.5.3).
        let long = node.label.chars().count() > 20;
        html! {
            <g class={classes!("node", kind_word(node.kind).replace(' ', "-"), on_path.then_some("on-path"))} tabindex="0" role="button"
               aria-label={format!("{} {}: {count} {}", kind_word(node.kind), node.label, if count == 1 { "policy" } else { "policies" })}
               data-id={node.id.clone()} {onclick} {onkeydown}
               transform={format!("translate({},{})", place.x, place.y)}>
                <title>{ node.id.clone() }</title>
                <rect width={NODE_W.to_string()} height={NODE_H.to_string()} rx="6" />
                <text x="8" y="20" class="node-icon" aria-hidden="true">{ icon(node.kind) }</text>
                <text x="30" y="20" clip-path={long.then_some("url(#node-label-clip)")}>{ node.label.clone() }</text>
                if long { <text x={(NODE_W - 16.0).to_string()} y="20" aria-hidden="true">{ "…" }</text> }
            </g>
        }
    });
    let arrows = ["allow", "deny", "implicit"].map(|class| html! {
        <marker id={format!("arrow-{class}")} class={classes!("arrow", class)} viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" />
        </marker>
    });
    let selected_request = match props.selection {
        Selection::Request(index) => Some(index),
        _ => None,
    };
    let on_pick = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |event: Event| {
            let value = event
                .target_dyn_into::<web_sys::HtmlSelectElement>()
                .map(|select| select.value())
                .unwrap_or_default();
            dispatch.dispatch(Action::Select(match value.parse::<usize>() {
                Ok(index) => Selection::Request(index),
                Err(_) => Selection::None,
            }));
        })
    };
    html! {
        <section class="diagram-panel" id="diagram" aria-label="Access diagram">
            <label class="diagram-pick">
                { "Light up the path of " }
                <select id="diagram-request" onchange={on_pick}>
                    <option value="" selected={selected_request.is_none()}>{ "no request" }</option>
                    { for props.ws.requests.iter().enumerate().map(|(index, request)| html! {
                        <option value={index.to_string()} selected={selected_request == Some(index)}>
                            { format!("{}. {}", index + 1, if request.name.is_empty() { request.action.as_str() } else { request.name.as_str() }) }
                        </option>
                    }) }
                </select>
            </label>
            <p class="diagram-legend">
                <span class="legend allow">{ "── can access / assume" }</span>
                <span class="legend deny">{ "╌╌ explicitly denied" }</span>
                <span class="muted">{ "Click an edge to explain it, a node to open its policies." }</span>
            </p>
            <div class="diagram-scroll">
                <svg class="diagram" viewBox={format!("0 0 {WIDTH} {height}")} role="group" aria-label="Principals, roles and resources by account">
                    <defs>
                        { for arrows }
                        <clipPath id="node-label-clip"><rect x="30" y="0" width={(NODE_W - 48.0).to_string()} height={NODE_H.to_string()} /></clipPath>
                    </defs>
                    { for bands.iter().map(|band| html! {
                        <g class={classes!("band", band.account.is_none().then_some("outside"))}>
                            <rect x="4" y={band.y.to_string()} width={(WIDTH - 8.0).to_string()} height={band.height.to_string()} rx="10" />
                            <text x="16" y={(band.y + 17.0).to_string()} class="band-label">{ band.label.clone() }</text>
                        </g>
                    }) }
                    { for edges }
                    { for nodes }
                </svg>
            </div>
        </section>
    }
}
