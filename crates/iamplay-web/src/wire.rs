//! The analysis as it crosses from the analysis worker to the page: `encode` writes an [`Analysis`] (problems,
//! request results, the matrix) as compact JSON text, `decode` reads it back. The loaded scenario itself does
//! not cross (the page loads it again only to explain a selected cell); matrix cells are packed into one string
//! per row and decisive statements into a shared table, so a 500 × 100 matrix decodes in a few milliseconds.
//!
//! Contract: `decode(&encode(a))` equals `a` in everything the page shows (`world` becomes `None`, `loaded`
//! says whether the worker had a scenario); anything malformed decodes to `None`, never a panic.

use crate::engine::{Analysis, Problem, RequestRow, Target};
use crate::json_out::{arr, obj, Json};
use crate::matrix_view::{CellView, ColumnView, MatrixView, RowView, StatementLink};
use crate::model::EntityRef;
use crate::positions::Range16;
use iamplay_core::diagnostic::Severity;
use iamplay_core::explain::{AccountRelation, Decision};
use iamplay_core::json::{self, Limits, SpannedValue, Value};
use iamplay_core::matrix::RowKind;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

fn decision_char(decision: Decision) -> char {
    match decision {
        Decision::Allow => 'A',
        Decision::ExplicitDeny => 'E',
        Decision::ImplicitDeny => 'I',
    }
}

fn char_decision(ch: char) -> Option<Decision> {
    match ch {
        'A' => Some(Decision::Allow),
        'E' => Some(Decision::ExplicitDeny),
        'I' => Some(Decision::ImplicitDeny),
        _ => None,
    }
}

fn decision_json(decision: Option<Decision>) -> Json {
    decision.map_or(Json::Null, |d| decision_char(d).to_string().into())
}

const SEVERITIES: [Severity; 4] = [
    Severity::Error,
    Severity::SecurityWarning,
    Severity::Warning,
    Severity::Suggestion,
];

const RELATIONS: [AccountRelation; 3] = [
    AccountRelation::SameAccount,
    AccountRelation::CrossAccount,
    AccountRelation::NoCallerAccount,
];

const ROW_KINDS: [RowKind; 7] = [
    RowKind::User,
    RowKind::Role,
    RowKind::Root,
    RowKind::FederatedUser,
    RowKind::Service,
    RowKind::IdentityProvider,
    RowKind::Anonymous,
];

fn index_of<T: PartialEq>(all: &[T], value: &T) -> usize {
    all.iter().position(|v| v == value).unwrap_or(0)
}

fn range_json(range: &Range16) -> [Json; 4] {
    [
        range.line.into(),
        range.column.into(),
        range.end_line.into(),
        range.end_column.into(),
    ]
}

fn target_json(target: &Target) -> Json {
    match target {
        Target::Policy { id, range } => {
            let mut items = vec![Json::from("p"), (*id).into()];
            items.extend(range_json(range));
            Json::Arr(items)
        }
        Target::Context { request, range } => {
            let mut items = vec![Json::from("c"), (*request).into()];
            items.extend(range_json(range));
            Json::Arr(items)
        }
        Target::Entity(entity) => {
            let (tag, index) = match entity {
                EntityRef::Scenario => ("s", 0),
                EntityRef::Account(i) => ("a", *i),
                EntityRef::Group(i) => ("g", *i),
                EntityRef::User(i) => ("u", *i),
                EntityRef::Role(i) => ("r", *i),
                EntityRef::Resource(i) => ("x", *i),
                EntityRef::Request(i) => ("q", *i),
            };
            arr([Json::from("e"), tag.into(), index.into()])
        }
        Target::Nowhere => Json::Null,
    }
}

/// Writes an analysis for the page (see the module doc).
pub fn encode(analysis: &Analysis, with_catalog: bool) -> String {
    let problems = arr(analysis.problems.iter().map(|p| {
        arr([
            p.code.into(),
            index_of(&SEVERITIES, &p.severity).into(),
            (&p.message).into(),
            p.help.clone().into(),
            p.url.into(),
            target_json(&p.target),
        ])
    }));
    let requests = arr(analysis.requests.iter().map(|r| {
        arr([
            r.index.into(),
            r.id.into(),
            (&r.name).into(),
            (&r.principal).into(),
            r.assume.clone().into(),
            (&r.action).into(),
            (&r.resource).into(),
            decision_json(Some(r.decision)),
            decision_json(r.expect),
            r.ok.into(),
            index_of(&RELATIONS, &r.relation).into(),
            r.denied_hop.into(),
            arr(r
                .hops
                .iter()
                .map(|(arn, d)| arr([arn.into(), decision_json(Some(*d))]))),
            (&r.summary).into(),
        ])
    }));
    let matrix = analysis
        .matrix
        .as_ref()
        .map_or(Json::Null, |m| matrix_json(m));
    obj([
        ("v", 1u32.into()),
        ("loaded", analysis.world.is_some().into()),
        ("catalog", with_catalog.into()),
        ("wantsManaged", analysis.wants_managed.into()),
        ("waitingManaged", analysis.waiting_managed.into()),
        ("errors", analysis.error_count.into()),
        ("problems", problems),
        ("requests", requests),
        ("matrix", matrix),
    ])
    .text()
}

fn matrix_json(matrix: &MatrixView) -> Json {
    // Statements are shared by many cells: a table, cells point into it.
    let mut table: Vec<&StatementLink> = Vec::new();
    let mut index: HashMap<*const StatementLink, usize> = HashMap::new();
    let mut cells = Vec::with_capacity(matrix.cells.len());
    let mut decisive = Vec::with_capacity(matrix.cells.len());
    for row in &matrix.cells {
        let mut packed = String::with_capacity(row.len() * 4);
        let mut links = String::new();
        for (c, cell) in row.iter().enumerate() {
            packed.push(decision_char(cell.decision));
            packed.push(match cell.same_account {
                Some(true) => '1',
                Some(false) => '0',
                None => '-',
            });
            match cell.what_if {
                Some((d, changes)) => {
                    packed.push(decision_char(d));
                    packed.push(if changes { '1' } else { '0' });
                }
                None => packed.push_str("--"),
            }
            if c > 0 {
                links.push(';');
            }
            for (k, link) in cell.decisive.iter().enumerate() {
                let key = Rc::as_ptr(link);
                let at = *index.entry(key).or_insert_with(|| {
                    table.push(link);
                    table.len() - 1
                });
                if k > 0 {
                    links.push(',');
                }
                links.push_str(&at.to_string());
            }
        }
        cells.push(Json::Str(packed));
        decisive.push(Json::Str(links));
    }
    let statements = arr(table.iter().map(|s| {
        let mut items = vec![(&s.label).into(), (&s.policy_id).into(), s.allow.into()];
        match &s.target {
            Some((id, range)) => {
                items.push((*id).into());
                items.extend(range_json(range));
            }
            None => items.push(Json::Null),
        }
        Json::Arr(items)
    }));
    obj([
        (
            "rows",
            arr(matrix.rows.iter().map(|r| {
                arr([
                    (&r.key).into(),
                    (&r.name).into(),
                    index_of(&ROW_KINDS, &r.kind).into(),
                    r.account.clone().into(),
                    r.account_name.clone().into(),
                ])
            })),
        ),
        (
            "columns",
            arr(matrix.columns.iter().map(|c| {
                arr([
                    (&c.action).into(),
                    (&c.resource).into(),
                    c.resource_account.clone().into(),
                    c.name.clone().into(),
                    c.requests.clone().into(),
                    arr(c.context.iter().map(|(k, v)| arr([k.into(), v.into()]))),
                    c.vpc_endpoint.clone().into(),
                ])
            })),
        ),
        ("statements", statements),
        ("cells", Json::Arr(cells)),
        ("decisive", Json::Arr(decisive)),
        ("derived", matrix.derived.into()),
        ("dropped", matrix.columns_dropped.into()),
    ])
}

thread_local! {
    /// Codes and documentation URLs are a small fixed set in the core (`&'static str`); each distinct one
    /// read back is kept once for the life of the page.
    static INTERNED: RefCell<HashMap<String, &'static str>> = RefCell::new(HashMap::new());
}

fn intern(text: &str) -> &'static str {
    INTERNED.with(|all| {
        let mut all = all.borrow_mut();
        if let Some(found) = all.get(text) {
            return *found;
        }
        let leaked: &'static str = Box::leak(text.to_string().into_boxed_str());
        all.insert(text.to_string(), leaked);
        leaked
    })
}

fn items(value: &SpannedValue) -> &[SpannedValue] {
    value.value.as_array().unwrap_or_default()
}

/// The member `key` of an object (also read by `questions.rs`, which shares this wire format's JSON).
pub(crate) fn field<'v>(value: &'v SpannedValue, key: &str) -> Option<&'v SpannedValue> {
    value
        .value
        .as_object()?
        .iter()
        .find(|m| m.key == key)
        .map(|m| &m.value)
}

fn text_at(list: &[SpannedValue], index: usize) -> Option<String> {
    list.get(index)
        .and_then(|v| v.value.as_str())
        .map(str::to_string)
}

/// A non-negative integer member (also read by the islands' inputs and events).
pub(crate) fn number(value: Option<&SpannedValue>) -> Option<usize> {
    match &value?.value {
        Value::Number(text) => text.parse().ok(),
        _ => None,
    }
}

fn flag(value: Option<&SpannedValue>) -> bool {
    matches!(value.map(|v| &v.value), Some(Value::Bool(true)))
}

fn decision_at(list: &[SpannedValue], index: usize) -> Option<Decision> {
    text_at(list, index).and_then(|t| t.chars().next().and_then(char_decision))
}

fn range_at(list: &[SpannedValue], from: usize) -> Range16 {
    let n = |i: usize| number(list.get(from + i)).unwrap_or(0) as u32;
    Range16 {
        line: n(0),
        column: n(1),
        end_line: n(2),
        end_column: n(3),
    }
}

fn decode_target(value: &SpannedValue) -> Target {
    let list = items(value);
    match text_at(list, 0).as_deref() {
        Some("p") => Target::Policy {
            id: number(list.get(1)).unwrap_or(0) as u32,
            range: range_at(list, 2),
        },
        Some("c") => Target::Context {
            request: number(list.get(1)).unwrap_or(0) as u32,
            range: range_at(list, 2),
        },
        Some("e") => {
            let i = number(list.get(2)).unwrap_or(0);
            Target::Entity(match text_at(list, 1).as_deref() {
                Some("a") => EntityRef::Account(i),
                Some("g") => EntityRef::Group(i),
                Some("u") => EntityRef::User(i),
                Some("r") => EntityRef::Role(i),
                Some("x") => EntityRef::Resource(i),
                Some("q") => EntityRef::Request(i),
                _ => EntityRef::Scenario,
            })
        }
        _ => Target::Nowhere,
    }
}

/// What the worker sent: the analysis, and whether the action catalog was loaded for it.
pub struct Decoded {
    pub analysis: Analysis,
    pub with_catalog: bool,
}

/// Reads what [`encode`] wrote; `None` when it is not that.
pub fn decode(text: &str) -> Option<Decoded> {
    let limits = Limits {
        max_bytes: usize::MAX,
        max_depth: 16,
    };
    let value = json::parse(text, &limits).ok()?;
    if number(field(&value, "v")) != Some(1) {
        return None;
    }
    let problems: Vec<Problem> = items(field(&value, "problems")?)
        .iter()
        .map(|p| {
            let list = items(p);
            Problem {
                code: intern(&text_at(list, 0).unwrap_or_default()),
                severity: number(list.get(1))
                    .and_then(|i| SEVERITIES.get(i).copied())
                    .unwrap_or(Severity::Error),
                message: text_at(list, 2).unwrap_or_default(),
                help: text_at(list, 3),
                url: text_at(list, 4).map(|u| intern(&u)),
                target: list.get(5).map_or(Target::Nowhere, decode_target),
            }
        })
        .collect();
    let requests: Vec<RequestRow> = items(field(&value, "requests")?)
        .iter()
        .map(|r| {
            let list = items(r);
            let strings = |i: usize| -> Vec<String> {
                list.get(i)
                    .map(items)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|s| s.value.as_str().map(str::to_string))
                    .collect()
            };
            RequestRow {
                index: number(list.first()).unwrap_or(0),
                id: number(list.get(1)).unwrap_or(0) as u32,
                name: text_at(list, 2).unwrap_or_default(),
                principal: text_at(list, 3).unwrap_or_default(),
                assume: strings(4),
                action: text_at(list, 5).unwrap_or_default(),
                resource: text_at(list, 6).unwrap_or_default(),
                decision: decision_at(list, 7).unwrap_or(Decision::ImplicitDeny),
                expect: decision_at(list, 8),
                ok: flag(list.get(9)),
                relation: number(list.get(10))
                    .and_then(|i| RELATIONS.get(i).copied())
                    .unwrap_or(AccountRelation::NoCallerAccount),
                denied_hop: number(list.get(11)),
                hops: list
                    .get(12)
                    .map(items)
                    .unwrap_or_default()
                    .iter()
                    .map(|h| {
                        let hop = items(h);
                        (
                            text_at(hop, 0).unwrap_or_default(),
                            decision_at(hop, 1).unwrap_or(Decision::ImplicitDeny),
                        )
                    })
                    .collect(),
                summary: text_at(list, 13).unwrap_or_default(),
            }
        })
        .collect();
    let matrix = match field(&value, "matrix") {
        Some(m) if m.value.as_object().is_some() => Some(Rc::new(decode_matrix(m)?)),
        _ => None,
    };
    let error_count = number(field(&value, "errors")).unwrap_or(0);
    Some(Decoded {
        analysis: Analysis {
            problems: Rc::new(problems),
            error_count,
            world: None,
            loaded: flag(field(&value, "loaded")),
            source: None,
            wants_managed: flag(field(&value, "wantsManaged")),
            waiting_managed: flag(field(&value, "waitingManaged")),
            managed: None,
            requests: Rc::new(requests),
            matrix,
        },
        with_catalog: flag(field(&value, "catalog")),
    })
}

fn decode_matrix(value: &SpannedValue) -> Option<MatrixView> {
    let rows: Vec<RowView> = items(field(value, "rows")?)
        .iter()
        .map(|r| {
            let list = items(r);
            RowView {
                key: text_at(list, 0).unwrap_or_default(),
                name: text_at(list, 1).unwrap_or_default(),
                kind: number(list.get(2))
                    .and_then(|i| ROW_KINDS.get(i).copied())
                    .unwrap_or(RowKind::Anonymous),
                account: text_at(list, 3),
                account_name: text_at(list, 4),
            }
        })
        .collect();
    let columns: Vec<ColumnView> = items(field(value, "columns")?)
        .iter()
        .map(|c| {
            let list = items(c);
            ColumnView {
                action: text_at(list, 0).unwrap_or_default(),
                resource: text_at(list, 1).unwrap_or_default(),
                resource_account: text_at(list, 2),
                name: text_at(list, 3),
                requests: list
                    .get(4)
                    .map(items)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|n| number(Some(n)))
                    .collect(),
                context: list
                    .get(5)
                    .map(items)
                    .unwrap_or_default()
                    .iter()
                    .map(|pair| {
                        let pair = items(pair);
                        (
                            text_at(pair, 0).unwrap_or_default(),
                            text_at(pair, 1).unwrap_or_default(),
                        )
                    })
                    .collect(),
                vpc_endpoint: text_at(list, 6),
            }
        })
        .collect();
    let statements: Vec<Rc<StatementLink>> = items(field(value, "statements")?)
        .iter()
        .map(|s| {
            let list = items(s);
            let target = number(list.get(3)).map(|id| (id as u32, range_at(list, 4)));
            Rc::new(StatementLink {
                label: text_at(list, 0).unwrap_or_default(),
                policy_id: text_at(list, 1).unwrap_or_default(),
                allow: flag(list.get(2)),
                target,
            })
        })
        .collect();
    let packed = items(field(value, "cells")?);
    let links = items(field(value, "decisive")?);
    let mut cells = Vec::with_capacity(packed.len());
    for (r, row) in packed.iter().enumerate() {
        let text = row.value.as_str()?;
        let bytes = text.as_bytes();
        let row_links: Vec<&str> = links
            .get(r)
            .and_then(|l| l.value.as_str())
            .map(|l| l.split(';').collect())
            .unwrap_or_default();
        let mut out = Vec::with_capacity(bytes.len() / 4);
        for (c, chunk) in bytes.chunks(4).enumerate() {
            let [d, same, wd, changes] = chunk else {
                return None;
            };
            let decisive = row_links
                .get(c)
                .map(|l| {
                    l.split(',')
                        .filter_map(|i| i.parse::<usize>().ok())
                        .filter_map(|i| statements.get(i).cloned())
                        .collect()
                })
                .unwrap_or_default();
            out.push(CellView {
                decision: char_decision(char::from(*d))?,
                same_account: match same {
                    b'1' => Some(true),
                    b'0' => Some(false),
                    _ => None,
                },
                what_if: char_decision(char::from(*wd)).map(|w| (w, *changes == b'1')),
                decisive,
            });
        }
        cells.push(out);
    }
    Some(MatrixView {
        rows,
        columns,
        cells,
        derived: flag(field(value, "derived")),
        columns_dropped: number(field(value, "dropped")).unwrap_or(0),
        limit: None,
    })
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use crate::engine::{analyze, LintCache};
    use crate::model::import_scenario;

    #[test]
    fn every_gallery_example_crosses_the_wire_unchanged() {
        for (id, _) in crate::gallery::EXAMPLES {
            let ws = import_scenario(crate::gallery::example(id).expect("example")).expect("ws");
            let analysis = analyze(&ws, None, &mut LintCache::default());
            let decoded = decode(&encode(&analysis, false)).expect("decodes");
            assert!(!decoded.with_catalog);
            let back = decoded.analysis;
            assert_eq!(back.loaded, analysis.world.is_some(), "{id}");
            assert_eq!(back.error_count, analysis.error_count, "{id}");
            assert_eq!(*back.problems, *analysis.problems, "{id}");
            assert_eq!(*back.requests, *analysis.requests, "{id}");
            let (Some(a), Some(b)) = (&analysis.matrix, &back.matrix) else {
                panic!("{id}: a matrix on both sides");
            };
            assert_eq!(a.rows, b.rows, "{id}");
            assert_eq!(a.columns, b.columns, "{id}");
            assert_eq!(a.cells, b.cells, "{id}");
        }
    }

    #[test]
    fn a_broken_scenario_crosses_with_its_errors_and_no_matrix() {
        let mut ws = import_scenario(crate::gallery::example("developer-group").expect("example"))
            .expect("ws");
        let id = ws.find_policy("identity").expect("a policy");
        ws.policy_mut(id).expect("draft").text = "{".into();
        let analysis = analyze(&ws, None, &mut LintCache::default());
        let back = decode(&encode(&analysis, true)).expect("decodes");
        assert!(back.with_catalog);
        assert!(!back.analysis.loaded);
        assert!(back.analysis.matrix.is_none());
        assert!(back.analysis.error_count > 0);
        assert_eq!(*back.analysis.problems, *analysis.problems);
    }

    #[test]
    fn what_is_not_an_analysis_decodes_to_none() {
        for text in ["", "{}", "[1]", r#"{"v": 2}"#, r#"{"v": 1, "problems": 3}"#] {
            assert!(decode(text).is_none(), "{text}");
        }
    }
}
