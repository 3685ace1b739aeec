//! The account-scale questions of the playground (issue 15): who can do an action on a resource, what a
//! principal can do, and who outside its account can reach each resource or role. The core answers them
//! (`iamplay_core::analysis::{who_can, what_can, access}`); this module only asks, places each statement in its
//! editor, and carries the answer from the analysis worker to the page (`encode`/`decode`, compact JSON like
//! `wire`). Nothing here decides; the path words ("via role assumption", "cross-account") restate the core's
//! chain and accounts.

use crate::engine::World;
use crate::json_out::{arr, obj, Json};
use crate::matrix_view::StatementLink;
use crate::model::Slot;
use iamplay_core::analysis::access::{analyze_scenario, Access, AccessOptions, CallerClass};
use iamplay_core::analysis::conditional::{vary, AnswerCondition};
use iamplay_core::analysis::who_can::{who_can, WhoKind};
use iamplay_core::catalog::Catalog;
use iamplay_core::context::{ContextValue, RequestContext};
use iamplay_core::diagnostic::Span;
use iamplay_core::eval::{evaluate_with, EvaluationOptions};
use iamplay_core::explain::{Decision, StatementRef};
use iamplay_core::json::{self, Limits, SpannedValue, Value};
use iamplay_core::policy::Effect;
use iamplay_core::scenario::ScenarioDirectory;
use iamplay_core::sts::Directory;

/// A question the playground asks; context values are written as the request form shows them (`a, b` for a
/// multivalued key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Question {
    WhoCan {
        action: String,
        resource: String,
        context: Vec<(String, String)>,
    },
    WhatCan {
        principal: String,
    },
    /// Every resource policy and trust policy of the scenario (the badges); the panel shows `resource`'s.
    Access {
        resource: String,
    },
}

impl Question {
    /// The question as the worker asks it: the access answer covers every resource, so one answer serves
    /// the badges and every resource's panel.
    pub fn asked(&self) -> Question {
        match self {
            Question::Access { .. } => Question::Access {
                resource: String::new(),
            },
            other => other.clone(),
        }
    }

    /// The question as JSON: `{"question": "who-can", "action", "resource", "context": [[key, value]]}`,
    /// `{"question": "what-can", "principal"}` or `{"question": "access", "resource"}`. The app opens the
    /// questions island with it (`with_workspace`), and the island asks the analyses worker with it.
    pub fn to_text(&self) -> String {
        self.to_json().text()
    }

    pub fn to_json(&self) -> Json {
        match self {
            Question::WhoCan {
                action,
                resource,
                context,
            } => obj([
                ("question", "who-can".into()),
                ("action", action.into()),
                ("resource", resource.into()),
                (
                    "context",
                    arr(context.iter().map(|(k, v)| arr([k.into(), v.into()]))),
                ),
            ]),
            Question::WhatCan { principal } => obj([
                ("question", "what-can".into()),
                ("principal", principal.into()),
            ]),
            Question::Access { resource } => {
                obj([("question", "access".into()), ("resource", resource.into())])
            }
        }
    }

    pub fn from_text(text: &str) -> Option<Question> {
        Question::from_value(&parse(text)?)
    }

    /// Reads a question from an object with the members [`Question::to_text`] writes (others are ignored).
    pub fn from_value(value: &SpannedValue) -> Option<Question> {
        let get = |key: &str| field(value, key).and_then(|v| v.value.as_str().map(str::to_string));
        Some(match get("question")?.as_str() {
            "who-can" => Question::WhoCan {
                action: get("action")?,
                resource: get("resource")?,
                context: pairs(field(value, "context")),
            },
            "what-can" => Question::WhatCan {
                principal: get("principal")?,
            },
            "access" => Question::Access {
                resource: get("resource").unwrap_or_default(),
            },
            _ => return None,
        })
    }
}

/// The questions island's input: `question` (an object, [`Question::to_text`]'s or `{"question": "badges"}`)
/// with the workspace in its own format (`Workspace::to_json`) added as its `workspace` member.
pub fn with_workspace(question: &str, workspace: &str) -> String {
    let members = question
        .trim()
        .strip_prefix('{')
        .unwrap_or("}")
        .trim_start();
    if members.starts_with('}') {
        format!("{{\"workspace\":{workspace}}}")
    } else {
        format!("{{\"workspace\":{workspace},{members}")
    }
}

/// The request context a question fixes: `a, b` becomes a multivalued key.
pub fn context_of(pairs: &[(String, String)]) -> RequestContext {
    let mut context = RequestContext::new();
    for (key, value) in pairs {
        let key = key.trim();
        if key.is_empty() {
            continue;
        }
        let values: Vec<String> = value
            .split(',')
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect();
        let value = match <[String; 1]>::try_from(values) {
            Ok([one]) => ContextValue::Single(one),
            Err(many) if many.is_empty() => ContextValue::Single(String::new()),
            Err(many) => ContextValue::Multi(many),
        };
        context.insert(key, value);
    }
    context
}

/// How a principal reaches the resource, in the panel's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Path {
    Direct,
    ViaRole,
    CrossAccount,
    Public,
}

impl Path {
    pub fn name(self) -> &'static str {
        match self {
            Path::Direct => "direct",
            Path::ViaRole => "via role assumption",
            Path::CrossAccount => "cross-account",
            Path::Public => "anonymous (public)",
        }
    }

    fn code(self) -> u32 {
        self as u32
    }

    fn from_code(code: usize) -> Path {
        [
            Path::Direct,
            Path::ViaRole,
            Path::CrossAccount,
            Path::Public,
        ]
        .get(code)
        .copied()
        .unwrap_or(Path::Direct)
    }
}

/// One principal of a who-can answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhoRow {
    /// As a request names it (or "any principal of another account").
    pub principal: String,
    /// `user`, `role session`, `root user`, ...
    pub kind: String,
    pub account: Option<String>,
    pub decision: Decision,
    pub path: Path,
    pub conditional: bool,
    /// `aws:SourceIp IpAddress 203.0.113.0/24` (a `Deny`'s prefixed with `unless`).
    pub conditions: Vec<String>,
    /// A context the request is allowed with, when conditional.
    pub allowed_with: Vec<(String, String)>,
    /// Who starts the chain, then the roles assumed (this one last).
    pub chain_from: Option<String>,
    pub chain: Vec<String>,
    pub groups: Vec<String>,
    pub decisive: Vec<StatementLink>,
    /// The row can be explained by evaluating its principal (not the made-up other account).
    pub explainable: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhoView {
    pub action: String,
    pub resource: String,
    pub open_keys: Vec<String>,
    pub rows: Vec<WhoRow>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionView {
    pub action: String,
    pub resources: Vec<String>,
    pub levels: Vec<String>,
    pub conditional: bool,
    pub conditions: Vec<String>,
    /// Indices into `WhatView::statements`: the statements that allow it.
    pub statements: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceView {
    pub service: String,
    pub name: String,
    pub summary: String,
    pub allowed: usize,
    pub total: usize,
    pub actions: Vec<ActionView>,
}

impl ServiceView {
    /// The statements that allow any of its actions, in first-use order.
    pub fn statements(&self) -> Vec<usize> {
        let mut all: Vec<usize> = Vec::new();
        for index in self.actions.iter().flat_map(|a| &a.statements) {
            if !all.contains(index) {
                all.push(*index);
            }
        }
        all
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhatView {
    pub principal: String,
    pub services: Vec<ServiceView>,
    pub statements: Vec<StatementLink>,
    pub evaluated: usize,
    pub catalog_actions: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WitnessView {
    pub principal: String,
    /// `anonymous`, `any account`, `named account`, `service`, `identity provider`.
    pub caller: String,
    pub account: Option<String>,
    pub action: String,
    pub context: Vec<(String, String)>,
    pub statement: StatementLink,
    /// `aws:PrincipalOrgID = o-123` keys the request needed.
    pub limits: Vec<String>,
    pub public: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessRow {
    pub resource: String,
    /// `resource`, `role` or `key`.
    pub kind: String,
    pub owner: Option<String>,
    pub policy_id: String,
    pub access: Access,
    pub reason: Option<String>,
    pub complete: bool,
    pub evaluated: usize,
    pub witnesses: Vec<WitnessView>,
}

/// `public`, `external`, `private`.
pub fn access_name(access: Access) -> &'static str {
    match access {
        Access::Public => "public",
        Access::External => "external",
        Access::Private => "private",
    }
}

fn access_of(name: &str) -> Access {
    match name {
        "public" => Access::Public,
        "external" => Access::External,
        _ => Access::Private,
    }
}

/// An answer, or why there is none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswerView {
    Who(WhoView),
    What(WhatView),
    Access(Vec<AccessRow>),
    /// The scenario has errors, the principal is unknown, the catalog is not loaded yet, ...
    Error(String),
}

fn link_at(
    world: &World,
    label: String,
    policy_id: &str,
    allow: bool,
    span: Span,
) -> StatementLink {
    let target = match world.locate(span) {
        Some((Slot::Policy(id), range)) => Some((id, range)),
        _ => None,
    };
    StatementLink {
        label,
        policy_id: policy_id.to_string(),
        allow,
        target,
    }
}

fn links(world: &World, statements: &[StatementRef<'_>]) -> Vec<StatementLink> {
    statements
        .iter()
        .map(|s| StatementLink::new(world, s))
        .collect()
}

/// `aws:SourceIp IpAddress 203.0.113.0/24`, as the CLI words it.
pub fn condition_text(condition: &AnswerCondition) -> String {
    let operator = &condition.operator;
    let qualifier = operator
        .qualifier
        .map_or(String::new(), |q| format!("{}:", q.name()));
    let if_exists = if operator.if_exists { "IfExists" } else { "" };
    let prefix = if condition.effect == Effect::Deny {
        "unless "
    } else {
        ""
    };
    format!(
        "{prefix}{} {qualifier}{}{if_exists} {}",
        condition.key,
        operator.base.name(),
        condition.values.join(", ")
    )
}

fn context_pairs(
    context: impl IntoIterator<Item = (String, ContextValue)>,
) -> Vec<(String, String)> {
    context
        .into_iter()
        .map(|(key, value)| (key, value.values().join(", ")))
        .collect()
}

fn kind_word(kind: WhoKind) -> &'static str {
    match kind {
        WhoKind::User => "user",
        WhoKind::Role => "role session",
        WhoKind::Root => "root user",
        WhoKind::FederatedUser => "federated user",
        WhoKind::Service => "service",
        WhoKind::IdentityProvider => "identity provider",
        WhoKind::Anonymous => "anonymous",
        WhoKind::AnyOtherAccount => "any other account",
        WhoKind::NamedAccount => "principals of a named account",
    }
}

fn caller_word(caller: CallerClass) -> &'static str {
    match caller {
        CallerClass::Anonymous => "anonymous",
        CallerClass::AnyAccount => "any account",
        CallerClass::NamedAccount => "named account",
        CallerClass::Service => "service",
        CallerClass::IdentityProvider => "identity provider",
    }
}

/// The owning account of `resource`: the scenario entry's that covers it (a bucket's for its objects), else
/// its ARN's.
fn owner_of(world: &World, resource: &str) -> Option<String> {
    world
        .scenario
        .resources
        .iter()
        .find(|r| r.covers(resource))
        .and_then(|r| r.owner().map(str::to_string))
        .or_else(|| iamplay_core::eval::request::account_of(resource))
}

/// Answers `question` about the loaded scenario. What-can needs the action catalog.
pub fn answer(world: &World, question: &Question, catalog: Option<&Catalog>) -> AnswerView {
    match question {
        Question::WhoCan {
            action,
            resource,
            context,
        } => AnswerView::Who(who(world, action, resource, &context_of(context))),
        Question::WhatCan { principal } => match catalog {
            Some(catalog) => what(world, principal, catalog),
            None => AnswerView::Error("the action catalog is still loading".into()),
        },
        Question::Access { .. } => AnswerView::Access(access(world)),
    }
}

fn who(world: &World, action: &str, resource: &str, context: &RequestContext) -> WhoView {
    let answer = who_can(&world.scenario, action, resource, context);
    let owner = owner_of(world, resource);
    let rows = answer
        .principals
        .iter()
        .map(|row| {
            let path = match row.kind {
                WhoKind::Anonymous => Path::Public,
                WhoKind::AnyOtherAccount | WhoKind::NamedAccount => Path::CrossAccount,
                _ if row.chain_from.is_some() && !row.chain.is_empty() => Path::ViaRole,
                _ if row.account.is_some() && owner.is_some() && row.account != owner => {
                    Path::CrossAccount
                }
                _ => Path::Direct,
            };
            WhoRow {
                principal: row.principal.clone(),
                kind: kind_word(row.kind).to_string(),
                account: row.account.clone(),
                decision: row.decision,
                path,
                conditional: row.conditional,
                conditions: row.conditions.iter().map(condition_text).collect(),
                allowed_with: row
                    .allowed_with
                    .clone()
                    .map(context_pairs)
                    .unwrap_or_default(),
                chain_from: row.chain_from.clone(),
                chain: row.chain.clone(),
                groups: row.groups.clone(),
                decisive: links(world, &row.decisive),
                // Rows made up for other accounts' principals have no request a scenario could hold.
                explainable: !matches!(row.kind, WhoKind::AnyOtherAccount | WhoKind::NamedAccount),
            }
        })
        .collect();
    WhoView {
        action: answer.action,
        resource: answer.resource,
        open_keys: answer.open_keys,
        rows,
    }
}

/// Class combinations tried per action when finding the statements that allow a conditional action.
const STATEMENT_CAP: usize = 64;

fn what(world: &World, principal: &str, catalog: &Catalog) -> AnswerView {
    let answer =
        match iamplay_core::analysis::what_can::what_can(&world.scenario, principal, catalog, None)
        {
            Ok(answer) => answer,
            Err(error) => return AnswerView::Error(error),
        };
    // The statements that allow each action: the core's decisive statements of one allowed request (with a
    // context that allows it, for a conditional action).
    let directory = ScenarioDirectory::new(&world.scenario);
    let caller = directory.caller(principal).ok();
    let mut statements: Vec<StatementLink> = Vec::new();
    let mut index_of = |link: StatementLink| -> usize {
        match statements.iter().position(|s| *s == link) {
            Some(at) => at,
            None => {
                statements.push(link);
                statements.len() - 1
            }
        }
    };
    let empty = RequestContext::new();
    let services = answer
        .services
        .iter()
        .map(|service| ServiceView {
            service: service.service.clone(),
            name: service.name.clone(),
            summary: service.summary.clone(),
            allowed: service.allowed,
            total: service.total,
            actions: service
                .actions
                .iter()
                .map(|action| {
                    let mut found = Vec::new();
                    if let (Some(caller), Some(resource)) = (&caller, action.resources.first()) {
                        let mut request =
                            directory.request(caller, &action.action, resource, &empty);
                        if action.conditional {
                            let variation = vary(&mut request, STATEMENT_CAP);
                            if let Some(context) = variation.allowed_context {
                                request.context = context;
                            }
                        }
                        let evaluation = evaluate_with(
                            &request,
                            EvaluationOptions {
                                explain_statements: false,
                            },
                        );
                        if evaluation.decision == Decision::Allow {
                            for statement in &evaluation.explanation.decisive {
                                found.push(index_of(StatementLink::new(world, statement)));
                            }
                        }
                    }
                    ActionView {
                        action: action.action.clone(),
                        resources: action.resources.clone(),
                        levels: action.access_levels.iter().map(|l| l.to_string()).collect(),
                        conditional: action.conditional,
                        conditions: action.conditions.iter().map(condition_text).collect(),
                        statements: found,
                    }
                })
                .collect(),
        })
        .collect();
    AnswerView::What(WhatView {
        principal: answer.principal,
        services,
        statements,
        evaluated: answer.evaluated,
        catalog_actions: answer.catalog_actions,
    })
}

fn access(world: &World) -> Vec<AccessRow> {
    analyze_scenario(&world.scenario, None, &AccessOptions::default())
        .into_iter()
        .map(|entry| {
            let analysis = entry.analysis;
            AccessRow {
                witnesses: analysis
                    .witnesses
                    .iter()
                    .map(|w| WitnessView {
                        principal: w.principal.clone(),
                        caller: caller_word(w.caller).to_string(),
                        account: w.account.clone(),
                        action: w.action.clone(),
                        context: context_pairs(w.context.clone()),
                        statement: link_at(
                            world,
                            w.sid
                                .clone()
                                .unwrap_or_else(|| format!("statement {}", w.statement_index + 1)),
                            &entry.policy_id,
                            true,
                            w.span,
                        ),
                        limits: w
                            .limits
                            .iter()
                            .map(|l| format!("{} = {}", l.key, l.value))
                            .collect(),
                        public: w.public,
                    })
                    .collect(),
                resource: entry.resource,
                kind: entry.kind.to_string(),
                owner: entry.owner,
                policy_id: entry.policy_id,
                access: analysis.access,
                reason: analysis.reason,
                complete: analysis.complete,
                evaluated: analysis.evaluated,
            }
        })
        .collect()
}

// ---- the wire between the worker and the page ----

fn decision_code(decision: Decision) -> &'static str {
    match decision {
        Decision::Allow => "A",
        Decision::ExplicitDeny => "E",
        Decision::ImplicitDeny => "I",
    }
}

fn decision_of(text: &str) -> Decision {
    match text {
        "A" => Decision::Allow,
        "E" => Decision::ExplicitDeny,
        _ => Decision::ImplicitDeny,
    }
}

fn strings_json(list: &[String]) -> Json {
    arr(list.iter().map(Json::from))
}

fn pairs_json(list: &[(String, String)]) -> Json {
    arr(list.iter().map(|(k, v)| arr([k.into(), v.into()])))
}

fn link_json(link: &StatementLink) -> Json {
    let mut items = vec![
        (&link.label).into(),
        (&link.policy_id).into(),
        link.allow.into(),
    ];
    if let Some((id, range)) = &link.target {
        items.extend([
            (*id).into(),
            range.line.into(),
            range.column.into(),
            range.end_line.into(),
            range.end_column.into(),
        ]);
    }
    Json::Arr(items)
}

/// Writes an answer for the page.
pub fn encode(answer: &AnswerView) -> String {
    match answer {
        AnswerView::Error(message) => obj([("error", message.into())]),
        AnswerView::Who(view) => obj([(
            "who",
            obj([
                ("action", (&view.action).into()),
                ("resource", (&view.resource).into()),
                ("open", strings_json(&view.open_keys)),
                (
                    "rows",
                    arr(view.rows.iter().map(|row| {
                        arr([
                            (&row.principal).into(),
                            (&row.kind).into(),
                            row.account.clone().into(),
                            decision_code(row.decision).into(),
                            row.path.code().into(),
                            row.conditional.into(),
                            strings_json(&row.conditions),
                            pairs_json(&row.allowed_with),
                            row.chain_from.clone().into(),
                            strings_json(&row.chain),
                            strings_json(&row.groups),
                            arr(row.decisive.iter().map(link_json)),
                            row.explainable.into(),
                        ])
                    })),
                ),
            ]),
        )]),
        AnswerView::What(view) => obj([(
            "what",
            obj([
                ("principal", (&view.principal).into()),
                ("evaluated", view.evaluated.into()),
                ("catalog", view.catalog_actions.into()),
                ("statements", arr(view.statements.iter().map(link_json))),
                (
                    "services",
                    arr(view.services.iter().map(|s| {
                        arr([
                            (&s.service).into(),
                            (&s.name).into(),
                            (&s.summary).into(),
                            s.allowed.into(),
                            s.total.into(),
                            arr(s.actions.iter().map(|a| {
                                arr([
                                    (&a.action).into(),
                                    strings_json(&a.resources),
                                    strings_json(&a.levels),
                                    a.conditional.into(),
                                    strings_json(&a.conditions),
                                    arr(a.statements.iter().map(|i| Json::from(*i))),
                                ])
                            })),
                        ])
                    })),
                ),
            ]),
        )]),
        AnswerView::Access(rows) => obj([(
            "access",
            arr(rows.iter().map(|row| {
                arr([
                    (&row.resource).into(),
                    (&row.kind).into(),
                    row.owner.clone().into(),
                    (&row.policy_id).into(),
                    access_name(row.access).into(),
                    row.reason.clone().into(),
                    row.complete.into(),
                    row.evaluated.into(),
                    arr(row.witnesses.iter().map(|w| {
                        arr([
                            (&w.principal).into(),
                            (&w.caller).into(),
                            w.account.clone().into(),
                            (&w.action).into(),
                            pairs_json(&w.context),
                            link_json(&w.statement),
                            strings_json(&w.limits),
                            w.public.into(),
                        ])
                    })),
                ])
            })),
        )]),
    }
    .text()
}

fn parse(text: &str) -> Option<SpannedValue> {
    let limits = Limits {
        max_bytes: usize::MAX,
        max_depth: 16,
    };
    json::parse(text, &limits).ok()
}

use crate::wire::field;

fn items(value: Option<&SpannedValue>) -> &[SpannedValue] {
    value.and_then(|v| v.value.as_array()).unwrap_or_default()
}

fn text(value: Option<&SpannedValue>) -> String {
    opt_text(value).unwrap_or_default()
}

fn opt_text(value: Option<&SpannedValue>) -> Option<String> {
    value.and_then(|v| v.value.as_str()).map(str::to_string)
}

fn number(value: Option<&SpannedValue>) -> usize {
    match value.map(|v| &v.value) {
        Some(Value::Number(text)) => text.parse().unwrap_or(0),
        _ => 0,
    }
}

fn flag(value: Option<&SpannedValue>) -> bool {
    matches!(value.map(|v| &v.value), Some(Value::Bool(true)))
}

fn strings(value: Option<&SpannedValue>) -> Vec<String> {
    items(value)
        .iter()
        .filter_map(|v| v.value.as_str().map(str::to_string))
        .collect()
}

fn pairs(value: Option<&SpannedValue>) -> Vec<(String, String)> {
    items(value)
        .iter()
        .map(|pair| {
            let pair = items(Some(pair));
            (text(pair.first()), text(pair.get(1)))
        })
        .collect()
}

fn link_of(value: &SpannedValue) -> StatementLink {
    let list = items(Some(value));
    let n = |i: usize| number(list.get(i)) as u32;
    let target = list.get(3).map(|_| {
        (
            n(3),
            crate::positions::Range16 {
                line: n(4),
                column: n(5),
                end_line: n(6),
                end_column: n(7),
            },
        )
    });
    StatementLink {
        label: text(list.first()),
        policy_id: text(list.get(1)),
        allow: flag(list.get(2)),
        target,
    }
}

/// Reads what [`encode`] wrote; `None` when it is not that.
pub fn decode(text_in: &str) -> Option<AnswerView> {
    let value = parse(text_in)?;
    if let Some(error) = field(&value, "error") {
        return Some(AnswerView::Error(text(Some(error))));
    }
    if let Some(who) = field(&value, "who") {
        let rows = items(field(who, "rows"))
            .iter()
            .map(|row| {
                let l = items(Some(row));
                WhoRow {
                    principal: text(l.first()),
                    kind: text(l.get(1)),
                    account: opt_text(l.get(2)),
                    decision: decision_of(&text(l.get(3))),
                    path: Path::from_code(number(l.get(4))),
                    conditional: flag(l.get(5)),
                    conditions: strings(l.get(6)),
                    allowed_with: pairs(l.get(7)),
                    chain_from: opt_text(l.get(8)),
                    chain: strings(l.get(9)),
                    groups: strings(l.get(10)),
                    decisive: items(l.get(11)).iter().map(link_of).collect(),
                    explainable: flag(l.get(12)),
                }
            })
            .collect();
        return Some(AnswerView::Who(WhoView {
            action: text(field(who, "action")),
            resource: text(field(who, "resource")),
            open_keys: strings(field(who, "open")),
            rows,
        }));
    }
    if let Some(what) = field(&value, "what") {
        let services = items(field(what, "services"))
            .iter()
            .map(|s| {
                let l = items(Some(s));
                ServiceView {
                    service: text(l.first()),
                    name: text(l.get(1)),
                    summary: text(l.get(2)),
                    allowed: number(l.get(3)),
                    total: number(l.get(4)),
                    actions: items(l.get(5))
                        .iter()
                        .map(|a| {
                            let a = items(Some(a));
                            ActionView {
                                action: text(a.first()),
                                resources: strings(a.get(1)),
                                levels: strings(a.get(2)),
                                conditional: flag(a.get(3)),
                                conditions: strings(a.get(4)),
                                statements: items(a.get(5))
                                    .iter()
                                    .map(|i| number(Some(i)))
                                    .collect(),
                            }
                        })
                        .collect(),
                }
            })
            .collect();
        return Some(AnswerView::What(WhatView {
            principal: text(field(what, "principal")),
            services,
            statements: items(field(what, "statements"))
                .iter()
                .map(link_of)
                .collect(),
            evaluated: number(field(what, "evaluated")),
            catalog_actions: number(field(what, "catalog")),
        }));
    }
    let rows = field(&value, "access")?;
    Some(AnswerView::Access(
        items(Some(rows))
            .iter()
            .map(|row| {
                let l = items(Some(row));
                AccessRow {
                    resource: text(l.first()),
                    kind: text(l.get(1)),
                    owner: opt_text(l.get(2)),
                    policy_id: text(l.get(3)),
                    access: access_of(&text(l.get(4))),
                    reason: opt_text(l.get(5)),
                    complete: flag(l.get(6)),
                    evaluated: number(l.get(7)),
                    witnesses: items(l.get(8))
                        .iter()
                        .map(|w| {
                            let w = items(Some(w));
                            WitnessView {
                                principal: text(w.first()),
                                caller: text(w.get(1)),
                                account: opt_text(w.get(2)),
                                action: text(w.get(3)),
                                context: pairs(w.get(4)),
                                statement: w.get(5).map_or_else(
                                    || StatementLink {
                                        label: String::new(),
                                        policy_id: String::new(),
                                        allow: true,
                                        target: None,
                                    },
                                    link_of,
                                ),
                                limits: strings(w.get(6)),
                                public: flag(w.get(7)),
                            }
                        })
                        .collect(),
                }
            })
            .collect(),
    ))
}

/// The largest workspace a question is asked about (the analysis worker's bound).
const MAX_WORKSPACE_BYTES: usize = 64 * 1024 * 1024;

/// Answers `question` ([`Question::to_text`]) about `workspace` (its own format, `Workspace::to_json`): what the
/// on-demand analyses worker runs for the questions island (crates/iamplay-web-analyses). What-can needs
/// `catalog`. The answer is [`encode`]'s text, an error included.
pub fn answer_workspace(
    workspace: &str,
    question: &str,
    catalog: Option<&Catalog>,
    managed: Option<std::rc::Rc<iamplay_core::managed::ManagedPolicies>>,
) -> String {
    let Some(question) = Question::from_text(question) else {
        return encode(&AnswerView::Error("the question is unreadable".into()));
    };
    let world = crate::model::Workspace::from_json(workspace, MAX_WORKSPACE_BYTES)
        .ok()
        .and_then(|ws| World::load_with(&ws, managed));
    encode(&match world {
        Some(world) => answer(&world, &question, catalog),
        None => AnswerView::Error("the scenario has errors: fix them to get an answer".into()),
    })
}

/// The app's action for an event of the questions island (islands/questions.rs says what each one means);
/// `None` for anything else.
pub fn host_action(event: &str) -> Option<crate::state::Action> {
    use crate::state::{Action, Selection};
    let value = parse(event)?;
    // `jump` and `select` carry their numbers in `at`.
    let at: Vec<u32> = items(field(&value, "at"))
        .iter()
        .filter_map(|v| match &v.value {
            Value::Number(n) => n.parse().ok(),
            _ => None,
        })
        .collect();
    Some(
        match (field(&value, "event")?.value.as_str()?, at.as_slice()) {
            ("close", _) => Action::Ask(None),
            // The island wrote it with `Question::to_text`: the app keeps the text as it is.
            ("ask", _) => {
                let ask = field(&value, "ask")?;
                Action::Ask(Some(
                    event
                        .get(ask.span.start.offset as usize..ask.span.end.offset as usize)?
                        .into(),
                ))
            }
            ("jump", &[policy, line, column, end_line, end_column]) => Action::Jump {
                policy,
                range: crate::positions::Range16 {
                    line,
                    column,
                    end_line,
                    end_column,
                },
                mark: true,
                focus: true,
            },
            ("select", &[row, column]) => Action::Select(Selection::Cell {
                row: row as usize,
                column: column as usize,
            }),
            ("badges", _) => Action::Access(std::rc::Rc::new(
                items(field(&value, "access"))
                    .iter()
                    .filter_map(|pair| {
                        let pair = items(Some(pair));
                        Some((opt_text(pair.first())?, opt_text(pair.get(1))?))
                    })
                    .collect(),
            )),
            _ => return None,
        },
    )
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use crate::model::import_scenario;

    fn world(id: &str) -> World {
        let ws = import_scenario(crate::gallery::example(id).expect("example")).expect("ws");
        World::load(&ws).expect("loads")
    }

    #[test]
    fn questions_cross_as_text() {
        for question in [
            Question::WhoCan {
                action: "s3:GetObject".into(),
                resource: "arn:aws:s3:::b/k".into(),
                context: vec![("aws:SourceIp".into(), "203.0.113.9".into())],
            },
            Question::WhatCan {
                principal: "arn:aws:iam::111122223333:user/ana".into(),
            },
            Question::Access {
                resource: "arn:aws:s3:::b".into(),
            },
        ] {
            assert_eq!(Question::from_text(&question.to_text()), Some(question));
        }
        assert_eq!(Question::from_text("{}"), None);
        assert_eq!(Question::from_text("nonsense"), None);
    }

    #[test]
    fn the_island_input_is_the_question_with_the_workspace() {
        let question = Question::WhatCan {
            principal: "arn:aws:iam::111122223333:user/ana".into(),
        };
        let input = with_workspace(&question.to_text(), r#"{"format":1}"#);
        let value = parse(&input).expect("JSON");
        assert_eq!(Question::from_value(&value), Some(question));
        assert!(field(&value, "workspace").is_some_and(|w| field(w, "format").is_some()));
        let badges = with_workspace(r#"{"question":"badges"}"#, "{}");
        assert!(parse(&badges).is_some(), "{badges}");
        assert!(parse(&with_workspace("{}", "{}")).is_some());
    }

    #[test]
    fn a_workspace_brought_as_json_is_answered_or_refused() {
        let ws = import_scenario(crate::gallery::example("public-read-bucket").expect("example"))
            .expect("ws");
        let text = ws.to_json().text();
        let asked = Question::Access {
            resource: String::new(),
        }
        .to_text();
        let Some(AnswerView::Access(rows)) = decode(&answer_workspace(&text, &asked, None, None))
        else {
            panic!("an access answer");
        };
        assert!(rows.iter().any(|r| r.access == Access::Public), "{rows:?}");
        let broken = answer_workspace("{", &asked, None, None);
        assert!(matches!(decode(&broken), Some(AnswerView::Error(_))));
        let unreadable = answer_workspace(&text, "{}", None, None);
        assert!(matches!(decode(&unreadable), Some(AnswerView::Error(_))));
        let what = Question::WhatCan {
            principal: "anyone".into(),
        }
        .to_text();
        // What-can without the catalog says so.
        assert!(
            matches!(decode(&answer_workspace(&text, &what, None, None)), Some(AnswerView::Error(e)) if e.contains("catalog"))
        );
    }

    #[test]
    fn a_context_value_with_commas_is_multivalued() {
        let context = context_of(&[
            ("aws:TagKeys".into(), "a, b".into()),
            ("aws:SourceIp".into(), "203.0.113.9".into()),
            (" ".into(), "ignored".into()),
        ]);
        assert_eq!(
            context.get("aws:tagkeys"),
            Some(&ContextValue::Multi(vec!["a".into(), "b".into()]))
        );
        assert_eq!(
            context.get("aws:SourceIp"),
            Some(&ContextValue::Single("203.0.113.9".into()))
        );
    }

    #[test]
    fn every_answer_crosses_the_wire_unchanged() {
        for (id, _) in crate::gallery::EXAMPLES {
            let world = world(id);
            let Some(request) = world.scenario.requests.first() else {
                continue;
            };
            let who = answer(
                &world,
                &Question::WhoCan {
                    action: request.action.value.clone(),
                    resource: request.resource.value.clone(),
                    context: Vec::new(),
                },
                None,
            );
            assert!(matches!(who, AnswerView::Who(_)), "{id}");
            assert_eq!(decode(&encode(&who)), Some(who), "{id}");
            let access = answer(
                &world,
                &Question::Access {
                    resource: String::new(),
                },
                None,
            );
            assert_eq!(decode(&encode(&access)), Some(access), "{id}");
        }
        let error = AnswerView::Error("no".into());
        assert_eq!(decode(&encode(&error)), Some(error));
        assert_eq!(decode("[]"), None);
    }

    #[test]
    fn who_can_rows_agree_with_the_matrix() {
        // Every matrix cell of a principal the answer lists has the answer's decision (or the answer is
        // conditional on a key the column fixes).
        for (id, _) in crate::gallery::EXAMPLES {
            let world = world(id);
            let matrix = crate::matrix_view::build(&world);
            for (c, column) in matrix.columns.iter().enumerate() {
                let AnswerView::Who(view) = answer(
                    &world,
                    &Question::WhoCan {
                        action: column.action.clone(),
                        resource: column.resource.clone(),
                        context: column.context.clone(),
                    },
                    None,
                ) else {
                    panic!("{id}: a who-can answer");
                };
                for (r, row) in matrix.rows.iter().enumerate() {
                    let Some(found) = view.rows.iter().find(|w| w.principal == row.key) else {
                        continue;
                    };
                    if found.conditional || column.vpc_endpoint.is_some() {
                        continue;
                    }
                    let cell = matrix.cell(r, c).expect("cell");
                    assert_eq!(found.decision, cell.decision, "{id}: {} {c}", row.key);
                }
            }
        }
    }

    #[test]
    fn what_can_lists_the_statements_that_allow() {
        let catalog =
            Catalog::parse(include_str!("../../iamplay-core/data/catalog.txt")).expect("catalog");
        let world = world("developer-group");
        let principal = world
            .scenario
            .users
            .first()
            .expect("a user")
            .arn
            .value
            .clone();
        let AnswerView::What(view) = answer(
            &world,
            &Question::WhatCan {
                principal: principal.clone(),
            },
            Some(&catalog),
        ) else {
            panic!("a what-can answer");
        };
        assert!(!view.services.is_empty());
        for service in &view.services {
            for action in &service.actions {
                assert!(!action.statements.is_empty(), "{}", action.action);
                for index in &action.statements {
                    assert!(view.statements.get(*index).is_some_and(|s| s.allow));
                }
            }
        }
        let decoded = decode(&encode(&AnswerView::What(view.clone())));
        assert_eq!(decoded, Some(AnswerView::What(view)));
        let unknown = answer(
            &world,
            &Question::WhatCan {
                principal: "not a principal".into(),
            },
            Some(&catalog),
        );
        assert!(matches!(unknown, AnswerView::Error(_)));
    }
}
