//! The access diagram (an island: `crate::islands`, mounted from the Diagram tab by
//! `components::diagram::Diagram`): an SVG drawn from `iamplay_core::diagram` — principals, roles ("hats") and
//! resources ("doors") as nodes in account boxes, "can assume" and "can access" edges coloured by decision. A
//! selected request with an assume chain lights its path hop by hop. Clicking (or Enter on) an edge selects
//! the matrix cell or request that explains it; a node opens its policies.
//!
//! Layout is a pure function of the node list (which never depends on decisions): one band per account, in
//! the scenario's order, with principals, roles and resources in three columns. So nodes stay put while policies
//! change. A band with many nodes in one column shows the first few and a "+N more" node that expands it.
//!
//! Input (JSON, written by the host): `scenario` (the analysed scenario file's text), `rows` (the matrix's row
//! keys), `columns` (`[action, resource]` pairs), `requests` (`{principal, assume, action, resource, name}`),
//! `policies` (`{owner, id}`: which editor tabs a node opens) and `request` (the selected request or `null`).
//! Events: `{"event":"select","row","column"}`, `{"event":"select","request"}`, `{"event":"select"}` (none),
//! `{"event":"open","policies":[id...]}`.

use super::IslandProps;
use crate::json_out::{arr, obj, Json};
use crate::wire::{field, number};
use iamplay_core::diagram::{build_diagram, Diagram, DiagramEdge, EdgeKind, NodeKind};
use iamplay_core::explain::Decision;
use iamplay_core::json::{self, Limits, SpannedValue};
use iamplay_core::matrix::compute_matrix;
use iamplay_core::scenario::load_scenario;
use std::collections::BTreeSet;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
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

/// The diagram of a scenario file (the matrix is computed here: the diagram needs the core's full cells); empty
/// when the scenario does not load.
pub fn diagram_of(scenario_text: &str) -> Diagram {
    match load_scenario(scenario_text).scenario {
        Some(scenario) => build_diagram(&scenario, &compute_matrix(&scenario)),
        None => Diagram::default(),
    }
}

/// A request as the diagram reads it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RequestRef {
    pub principal: String,
    pub assume: Vec<String>,
    pub action: String,
    pub resource: String,
    pub name: String,
}

/// The island's input (see the module doc).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DiagramInput {
    pub scenario: String,
    pub rows: Vec<String>,
    pub columns: Vec<(String, String)>,
    pub requests: Vec<RequestRef>,
    pub policies: Vec<(String, u32)>,
    pub request: Option<usize>,
}

fn text_of(value: &SpannedValue, key: &str) -> String {
    field(value, key)
        .and_then(|v| v.value.as_str())
        .unwrap_or_default()
        .to_string()
}

fn list_of<'v>(value: &'v SpannedValue, key: &str) -> &'v [SpannedValue] {
    field(value, key)
        .and_then(|v| v.value.as_array())
        .unwrap_or_default()
}

fn texts(list: &[SpannedValue]) -> Vec<String> {
    list.iter()
        .filter_map(|v| v.value.as_str().map(str::to_string))
        .collect()
}

impl DiagramInput {
    pub fn to_json(&self) -> String {
        obj([
            ("scenario", self.scenario.as_str().into()),
            ("rows", arr(self.rows.iter().map(Json::from))),
            (
                "columns",
                arr(self
                    .columns
                    .iter()
                    .map(|(action, resource)| arr([action.into(), resource.into()]))),
            ),
            (
                "requests",
                arr(self.requests.iter().map(|r| {
                    obj([
                        ("principal", (&r.principal).into()),
                        ("assume", arr(r.assume.iter().map(Json::from))),
                        ("action", (&r.action).into()),
                        ("resource", (&r.resource).into()),
                        ("name", (&r.name).into()),
                    ])
                })),
            ),
            (
                "policies",
                arr(self
                    .policies
                    .iter()
                    .map(|(owner, id)| obj([("owner", owner.into()), ("id", (*id).into())]))),
            ),
            ("request", self.request.map_or(Json::Null, Json::from)),
        ])
        .text()
    }

    /// Reads what [`DiagramInput::to_json`] wrote; missing parts are empty.
    pub fn parse(text: &str) -> Self {
        let Ok(value) = json::parse(text, &Limits::scenario()) else {
            return Self::default();
        };
        Self {
            scenario: text_of(&value, "scenario"),
            rows: texts(list_of(&value, "rows")),
            columns: list_of(&value, "columns")
                .iter()
                .filter_map(|pair| match texts(pair.value.as_array()?).as_slice() {
                    [action, resource] => Some((action.clone(), resource.clone())),
                    _ => None,
                })
                .collect(),
            requests: list_of(&value, "requests")
                .iter()
                .map(|r| RequestRef {
                    principal: text_of(r, "principal"),
                    assume: texts(list_of(r, "assume")),
                    action: text_of(r, "action"),
                    resource: text_of(r, "resource"),
                    name: text_of(r, "name"),
                })
                .collect(),
            policies: list_of(&value, "policies")
                .iter()
                .filter_map(|p| {
                    let id = u32::try_from(number(field(p, "id"))?).ok()?;
                    Some((text_of(p, "owner"), id))
                })
                .collect(),
            request: number(field(&value, "request")),
        }
    }
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
pub fn request_path(diagram: &Diagram, requests: &[RequestRef], index: usize) -> Vec<usize> {
    let Some(request) = requests.get(index) else {
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

/// What clicking an edge selects: the matrix cell or request that explains it, as the event the host reads.
fn selection_for(edge: &DiagramEdge, input: &DiagramInput) -> Option<Json> {
    let row = input.rows.iter().position(|key| *key == edge.from);
    let column = input
        .columns
        .iter()
        .position(|(action, resource)| *action == edge.action && *resource == edge.resource);
    if let (Some(row), Some(column)) = (row, column) {
        return Some(obj([
            ("event", "select".into()),
            ("row", row.into()),
            ("column", column.into()),
        ]));
    }
    input
        .requests
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
        .map(|index| obj([("event", "select".into()), ("request", index.into())]))
}

/// The diagram as data for the page's test hook (`window.iamplay.diagram()` asks the island through
/// `window.iamplayDiagram` while it is shown): nodes, and edges with the lit path's hops. `null` before the first
/// analysis.
fn test_model(diagram: &Diagram, lit: &[usize]) -> String {
    let word = crate::engine::decision_name;
    obj([
        (
            "nodes",
            arr(diagram.nodes.iter().map(|n| {
                obj([
                    ("id", (&n.id).into()),
                    ("label", (&n.label).into()),
                    ("kind", format!("{:?}", n.kind).to_lowercase().into()),
                    ("account", n.account.clone().into()),
                ])
            })),
        ),
        (
            "edges",
            arr(diagram.edges.iter().enumerate().map(|(index, e)| {
                let hop = lit.iter().position(|l| *l == index);
                obj([
                    ("from", (&e.from).into()),
                    ("to", (&e.to).into()),
                    (
                        "kind",
                        match e.kind {
                            EdgeKind::Assume => "assume",
                            EdgeKind::Access => "access",
                        }
                        .into(),
                    ),
                    ("decision", word(e.decision).into()),
                    ("actions", e.actions.clone().into()),
                    ("lit", hop.is_some().into()),
                    ("hop", hop.into()),
                ])
            })),
        ),
    ])
    .text()
}

#[hook]
fn use_test_model(diagram: &Rc<Diagram>, lit: &[usize], empty: bool) {
    let shown = use_mut_ref(|| None::<(Rc<Diagram>, Vec<usize>)>);
    *shown.borrow_mut() = (!empty).then(|| (diagram.clone(), lit.to_vec()));
    use_effect_with((), move |_| {
        let answer = Closure::<dyn Fn() -> String>::new(move || match shown.borrow().as_ref() {
            Some((diagram, lit)) => test_model(diagram, lit),
            None => "null".into(),
        });
        let global = js_sys::global();
        let _ = js_sys::Reflect::set(&global, &"iamplayDiagram".into(), answer.as_ref());
        move || {
            let _ = js_sys::Reflect::delete_property(&global, &"iamplayDiagram".into());
            drop(answer);
        }
    });
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
pub fn DiagramIsland(props: &IslandProps) -> Html {
    let expanded = use_state(BTreeSet::<usize>::new);
    let input = use_memo(props.input.clone(), |text| DiagramInput::parse(text));
    // Loading and evaluating the scenario again only when it changed, not when the selection did.
    let diagram = use_memo(input.scenario.clone(), |scenario| diagram_of(scenario));
    let emit = props.emit.clone();
    let (bands, placed, height) = layout(&diagram, &expanded);
    let lit: Vec<usize> = match input.request {
        Some(index) => request_path(&diagram, &input.requests, index),
        None => Vec::new(),
    };
    use_test_model(&diagram, &lit, input.scenario.is_empty());
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
        let selection = selection_for(edge, &input);
        let emit = emit.clone();
        let (onclick, onkeydown) = activate(Callback::from(move |()| {
            if let Some(selection) = &selection {
                emit.emit(selection.text());
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
        let policies: Vec<u32> = input
            .policies
            .iter()
            .filter(|(policy_owner, _)| *policy_owner == owner || *policy_owner == node.id)
            .map(|(_, id)| *id)
            .collect();
        let emit = emit.clone();
        let count = policies.len();
        let (onclick, onkeydown) = activate(Callback::from(move |()| {
            let open = obj([("event", "open".into()), ("policies", arr(policies.iter().map(|id| Json::from(*id))))]);
            emit.emit(open.text());
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
    let selected_request = input.request;
    let on_pick = {
        let emit = emit.clone();
        Callback::from(move |event: Event| {
            let value = event
                .target_dyn_into::<web_sys::HtmlSelectElement>()
                .map(|select| select.value())
                .unwrap_or_default();
            let pick = match value.parse::<usize>() {
                Ok(index) => obj([("event", "select".into()), ("request", index.into())]),
                Err(_) => obj([("event", "select".into())]),
            };
            emit.emit(pick.text());
        })
    };
    html! {
        <>
            <label class="diagram-pick">
                { "Light up the path of " }
                <select id="diagram-request" onchange={on_pick}>
                    <option value="" selected={selected_request.is_none()}>{ "no request" }</option>
                    { for input.requests.iter().enumerate().map(|(index, request)| html! {
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
        </>
    }
}
