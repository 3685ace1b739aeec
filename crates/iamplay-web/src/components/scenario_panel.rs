//! The scenario panel: accounts, groups, users (with their groups), roles and resources, each with its
//! policies; add, rename (edit the ARN) and delete. A click on a policy opens it in the editor.
//!
//! An imported account has hundreds of entities: a search (name or ARN, attached policy name, account id) and
//! filters (kind, account) narrow the lists, each list shows its first [`PAGE`] matches with a button for more,
//! and an entry's body (fields, group checkboxes, policies) is rendered only while it is open.

use crate::model::{short_arn, EntityRef, PolicyDraft, Workspace};
use crate::state::{Action, AppState, Dialog, Edit, NewPolicy};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use yew::prelude::*;

/// Entries each list shows before "Show more".
pub const PAGE: usize = 50;

/// The scenario panel's search and filters.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EntityFilter {
    /// Lowercased; matched against the name or ARN, attached policies' names and the account id.
    pub query: String,
    /// `""` (all) or `account`, `user`, `group`, `role`, `resource`.
    pub kind: String,
    /// `""` (all) or an account id.
    pub account: String,
}

impl EntityFilter {
    pub fn is_active(&self) -> bool {
        !self.query.is_empty() || !self.kind.is_empty() || !self.account.is_empty()
    }

    /// Whether an entity of `kind` in `account`, named `name`, with policies named `policies`, is shown.
    pub fn matches<'a>(
        &self,
        kind: &str,
        name: &str,
        account: &str,
        mut policies: impl Iterator<Item = &'a str>,
    ) -> bool {
        if !self.kind.is_empty() && self.kind != kind {
            return false;
        }
        if !self.account.is_empty() && self.account != account {
            return false;
        }
        self.query.is_empty()
            || name.to_ascii_lowercase().contains(&self.query)
            || account.contains(&self.query)
            || policies.any(|p| p.to_ascii_lowercase().contains(&self.query))
    }
}

/// The account of an ARN (`arn:aws:iam::111122223333:user/x` → `111122223333`), or `""`.
pub fn arn_account(arn: &str) -> &str {
    arn.split(':').nth(4).unwrap_or_default()
}

fn names(list: &[PolicyDraft]) -> impl Iterator<Item = &str> {
    list.iter()
        .map(|p| p.managed_name().unwrap_or(p.name.as_str()))
}

#[derive(Properties)]
pub struct ScenarioPanelProps {
    pub ws: Rc<Workspace>,
    /// `AppState::structure`: the panel shows no policy text, so only structural changes re-render it.
    pub structure: u64,
    pub active: Option<u32>,
    /// Error and finding counts per policy id.
    pub counts: Rc<HashMap<u32, (usize, usize)>>,
    /// Entities with scenario errors.
    pub entity_errors: Rc<Vec<EntityRef>>,
    pub read_only: bool,
    /// Open and scroll to this entity (a problem about it was clicked).
    #[prop_or_default]
    pub reveal: Option<(EntityRef, u64)>,
    /// The access of every resource and role with a policy (ARN, `public`/`external`/`private`), for the badges:
    /// `AppState::access`.
    #[prop_or_default]
    pub access: Option<Rc<Vec<(String, String)>>>,
    pub dispatch: UseReducerDispatcher<AppState>,
}

impl PartialEq for ScenarioPanelProps {
    fn eq(&self, other: &Self) -> bool {
        self.structure == other.structure
            && self.active == other.active
            && *self.counts == *other.counts
            && *self.entity_errors == *other.entity_errors
            && self.read_only == other.read_only
            && self.reveal == other.reveal
            && super::same_opt(&self.access, &other.access)
            && self.dispatch == other.dispatch
    }
}

/// A stable list key: the ARN (or account id), numbered when it repeats, so a deleted entry takes its open
/// state with it instead of handing it to its neighbour.
fn entity_key<'a>(name: &str, index: usize, all: impl Iterator<Item = &'a String>) -> String {
    let repeat = all
        .take(index)
        .filter(|other| other.as_str() == name)
        .count();
    format!("{name}#{repeat}")
}

fn input_value(event: &Event) -> String {
    event
        .target_dyn_into::<web_sys::HtmlInputElement>()
        .map(|input| input.value())
        .unwrap_or_default()
}

struct Ctx<'a> {
    props: &'a ScenarioPanelProps,
    /// The name an entity was just renamed to: its (re-keyed) entry opens again.
    renamed: UseStateHandle<Option<String>>,
    /// Entries the user opened (by id): only their bodies are rendered.
    opened: UseStateHandle<Rc<HashSet<String>>>,
}

impl Ctx<'_> {
    fn edit(&self, edit: Edit) -> Callback<MouseEvent> {
        let dispatch = self.props.dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::Edit(edit.clone())))
    }

    fn add_policy(&self, label: &str, place: NewPolicy) -> Html {
        if self.props.read_only {
            return html! {};
        }
        html! { <button type="button" class="add small" onclick={self.edit(Edit::AddPolicy(place))}>{ format!("+ {label}") }</button> }
    }

    /// Opens the "Attach AWS managed policy" picker (components/managed_picker.rs) for `place`.
    fn attach_managed(&self, place: NewPolicy) -> Html {
        if self.props.read_only {
            return html! {};
        }
        let dispatch = self.props.dispatch.clone();
        let onclick = Callback::from(move |_| {
            dispatch.dispatch(Action::Dialog(Some(Dialog::AttachManaged(place))))
        });
        html! { <button type="button" class="add small attach-managed" {onclick}>{ "+ AWS managed policy" }</button> }
    }

    fn policy(&self, kind: &'static str, draft: &PolicyDraft, fallback: &str) -> Html {
        let id = draft.id;
        let open = {
            let dispatch = self.props.dispatch.clone();
            Callback::from(move |_| dispatch.dispatch(Action::OpenPolicy(id)))
        };
        let (errors, findings) = self.props.counts.get(&id).copied().unwrap_or((0, 0));
        let managed = draft.managed_name();
        let title = match managed {
            Some(name) => name.to_string(),
            None if draft.name.is_empty() => fallback.to_string(),
            None => draft.name.clone(),
        };
        // An AWS managed policy: its long name (`AmazonDynamoDBFullAccess`) wraps beside a short tag, its ARN shows
        // on hover, and its × detaches it.
        let (tag, tag_title, arn, remove) = match managed {
            Some(_) => (
                if kind == "boundary" {
                    "AWS boundary"
                } else {
                    "AWS"
                },
                Some(format!(
                    "{kind} policy: AWS managed, attached by ARN (read-only)"
                )),
                draft.managed_arn().map(str::to_string),
                format!("Detach the AWS managed policy {title}"),
            ),
            None => (kind, None, None, format!("Delete the {kind} policy")),
        };
        html! {
            <li key={id} class={classes!("policy-row", (self.props.active == Some(id)).then_some("active"))}>
                <button type="button" class="policy-open" onclick={open} data-policy={id.to_string()}
                        aria-current={(self.props.active == Some(id)).then_some("true")}>
                    <span class={classes!("kind-tag", format!("kind-{kind}"))} title={tag_title}>{ tag }</span>
                    <span class={classes!("policy-title", managed.map(|_| "managed"))} title={arn}>{ title }</span>
                    if errors > 0 { <span class="badge error" title="errors">{ errors }</span> }
                    else if findings > 0 { <span class="badge warning" title="findings">{ findings }</span> }
                </button>
                if !self.props.read_only {
                    <button type="button" class="icon-button remove" aria-label={remove.clone()} title={remove}
                            onclick={self.edit(Edit::DeletePolicy(id))}>{ "×" }</button>
                }
            </li>
        }
    }

    /// The access badge of the resource or role `arn` (`has_policy`: it has a resource or trust policy): its
    /// access once the questions island has analysed it (`AppState::access`), before that a button that asks. A
    /// click opens the access details and turns the badges on: the analysis lives in the on-demand module
    /// (islands/questions.rs), so the first screen does not carry it.
    fn badge(&self, arn: &str, has_policy: bool) -> Html {
        if !has_policy {
            return html! {};
        }
        let analysed = self.props.access.as_deref();
        let found = analysed
            .and_then(|list| list.iter().find(|(a, _)| a == arn))
            .map(|(_, name)| name.as_str());
        let onclick = {
            let dispatch = self.props.dispatch.clone();
            let arn = arn.to_string();
            let on = analysed.is_some();
            Callback::from(move |_| {
                if !on {
                    dispatch.dispatch(Action::Access(Rc::default()));
                }
                let question = crate::questions::Question::Access {
                    resource: arn.clone(),
                };
                dispatch.dispatch(Action::Ask(Some(question.to_text().into())));
            })
        };
        // The island reports `public`, `external` or `private`: the badge says it as it is.
        let (text, look) = match found {
            Some(name) => (name, name),
            None => ("access?", "unknown"),
        };
        let label = format!(
            "{text} {}: who outside its account can reach it?",
            short_arn(arn)
        );
        html! {
            <button type="button" class={format!("access-badge access-{look}")} data-access={look.to_string()}
                    aria-label={label.clone()} title={label} {onclick}>{ text.to_string() }</button>
        }
    }

    /// A button that opens a question's panel (an island): `question` is its text (`Question::to_text`).
    fn ask(&self, label: &str, id: &str, question: String) -> Html {
        let question: Rc<str> = question.into();
        let dispatch = self.props.dispatch.clone();
        let onclick =
            Callback::from(move |_| dispatch.dispatch(Action::Ask(Some(question.clone()))));
        html! { <button type="button" class="ask small" data-ask={id.to_string()} {onclick}>{ label.to_string() }</button> }
    }

    fn arn_input(&self, entity: EntityRef, value: &str, label: &str) -> Html {
        let dispatch = self.props.dispatch.clone();
        let renamed = self.renamed.clone();
        let onchange = Callback::from(move |event: Event| {
            let arn = input_value(&event);
            renamed.set(Some(arn.clone()));
            dispatch.dispatch(Action::Edit(Edit::Rename { entity, arn }));
        });
        html! {
            <label class="field">
                <span>{ label }</span>
                <input type="text" value={value.to_string()} {onchange} spellcheck="false" readonly={self.props.read_only} />
            </label>
        }
    }

    fn entity(
        &self,
        entity: EntityRef,
        kind: &str,
        id: &str,
        name: String,
        body: impl FnOnce() -> Html,
    ) -> Html {
        let has_error = self.props.entity_errors.contains(&entity);
        let revealed = self.props.reveal.is_some_and(|(e, _)| e == entity);
        let open = self.renamed.as_deref() == Some(id) || revealed;
        let shown = open || self.opened.contains(id);
        let ontoggle = {
            let opened = self.opened.clone();
            let id = id.to_string();
            Callback::from(move |event: Event| {
                let Some(details) = event.target_dyn_into::<web_sys::HtmlDetailsElement>() else {
                    return;
                };
                let mut next = (**opened).clone();
                let changed = if details.open() {
                    next.insert(id.clone())
                } else {
                    next.remove(&id)
                };
                if changed {
                    opened.set(Rc::new(next));
                }
            })
        };
        let body = if shown {
            body()
        } else {
            html! {}
        };
        html! {
            <details class={classes!("entity", has_error.then_some("has-error"), revealed.then_some("revealed"))} {open} {ontoggle}>
                <summary>
                    <span class="entity-name">{ name }</span>
                    if has_error { <span class="badge error" title="this entry has errors">{ "!" }</span> }
                </summary>
                <div class="entity-body">
                    { body }
                    if !self.props.read_only {
                        <button type="button" class="danger small" onclick={self.edit(Edit::Delete(entity))}>{ format!("Delete {kind}") }</button>
                    }
                </div>
            </details>
        }
    }
}

/// The who-can question a resource opens: the first request on it (or under it), else an empty action to type.
pub fn who_can_question(ws: &Workspace, arn: &str) -> crate::questions::Question {
    let under = format!("{arn}/");
    let request = ws
        .requests
        .iter()
        .find(|r| r.resource == arn || r.resource.starts_with(&under));
    crate::questions::Question::WhoCan {
        action: request.map(|r| r.action.clone()).unwrap_or_default(),
        resource: request.map_or_else(|| arn.to_string(), |r| r.resource.clone()),
        context: Vec::new(),
    }
}

#[function_component]
pub fn ScenarioPanel(props: &ScenarioPanelProps) -> Html {
    let renamed = use_state(|| None::<String>);
    use_effect_with(props.reveal, |reveal| {
        if reveal.is_some() {
            if let Ok(Some(entry)) = gloo_utils::document().query_selector(".entity.revealed") {
                entry.scroll_into_view();
            }
        }
    });
    let opened = use_state(|| Rc::new(HashSet::<String>::new()));
    let filter = use_state(EntityFilter::default);
    // How many entries each list shows (by section title); "Show more" raises it.
    let limits = use_state(HashMap::<&'static str, usize>::new);
    let ctx = Ctx {
        props,
        renamed,
        opened,
    };
    let ws = &props.ws;
    let total =
        ws.accounts.len() + ws.users.len() + ws.groups.len() + ws.roles.len() + ws.resources.len();
    // The first `limit` entries of `all` that the filter keeps, and how many it keeps in all.
    // An entry a problem points at is always listed.
    let revealed = props.reveal.map(|(entity, _)| entity);
    let page = |title: &'static str,
                kept: Vec<usize>,
                pinned: fn(usize) -> EntityRef|
     -> (Vec<usize>, usize) {
        let limit = limits.get(title).copied().unwrap_or(PAGE);
        let count = kept.len();
        let mut shown: Vec<usize> = kept.iter().copied().take(limit).collect();
        if let Some(extra) = kept
            .iter()
            .skip(limit)
            .find(|i| revealed == Some(pinned(**i)))
        {
            shown.push(*extra);
        }
        (shown, count)
    };
    let section = |title: &'static str,
                   kind: &str,
                   hint: &str,
                   add: Option<Edit>,
                   shown: usize,
                   count: usize,
                   all: usize,
                   items: Html| {
        if !filter.kind.is_empty() && filter.kind != kind {
            return html! {};
        }
        let more = {
            let limits = limits.clone();
            Callback::from(move |_| {
                let mut next = (*limits).clone();
                let limit = next.get(title).copied().unwrap_or(PAGE);
                next.insert(title, limit + PAGE * 4);
                limits.set(next);
            })
        };
        html! {
            <section class="tree-section" data-kind={kind.to_string()}>
                <header>
                    <h3>{ title.to_string() }
                        if filter.is_active() && all > 0 { <span class="count">{ format!(" {count} of {all}") }</span> }
                        else if all > PAGE { <span class="count">{ format!(" {all}") }</span> }
                    </h3>
                    if let (Some(add), false) = (add, props.read_only) {
                        <button type="button" class="add" onclick={ctx.edit(add)} aria-label={format!("Add to {title}")}>{ "+ Add" }</button>
                    }
                </header>
                if all <= PAGE && !filter.is_active() { <p class="mental">{ hint.to_string() }</p> }
                { items }
                if count > shown {
                    <button type="button" class="link show-more" onclick={more}>{ format!("Show more ({} hidden)", count - shown) }</button>
                }
            </section>
        }
    };
    let search = {
        let set = |update: fn(&mut EntityFilter, String)| {
            let filter = filter.clone();
            move |value: String| {
                let mut next = (*filter).clone();
                update(&mut next, value);
                filter.set(next);
            }
        };
        let on_query = {
            let set = set(|f, v| f.query = v.trim().to_ascii_lowercase());
            Callback::from(move |event: InputEvent| {
                if let Some(input) = event.target_dyn_into::<web_sys::HtmlInputElement>() {
                    set(input.value());
                }
            })
        };
        let select = |update: fn(&mut EntityFilter, String)| {
            let set = set(update);
            Callback::from(move |event: Event| {
                if let Some(select) = event.target_dyn_into::<web_sys::HtmlSelectElement>() {
                    set(select.value());
                }
            })
        };
        let accounts: Vec<String> = ws.known_accounts();
        html! {
            <div class="entity-search" role="search" aria-label="Entities">
                <input type="search" id="entity-search" placeholder="Search entities and policies" aria-label="Search entities by name, ARN, attached policy or account"
                       oninput={on_query} spellcheck="false" />
                <div class="entity-filters">
                    <select id="entity-kind" aria-label="Show only this kind" onchange={select(|f, v| f.kind = v)}>
                        <option value="" selected={filter.kind.is_empty()}>{ "All kinds" }</option>
                        { for [("account", "Accounts"), ("user", "Users"), ("group", "Groups"), ("role", "Roles"), ("resource", "Resources")].iter().map(|(value, label)| html! {
                            <option value={*value} selected={filter.kind == *value}>{ *label }</option>
                        }) }
                    </select>
                    <select id="entity-account" aria-label="Show only this account" onchange={select(|f, v| f.account = v)}>
                        <option value="" selected={filter.account.is_empty()}>{ "All accounts" }</option>
                        { for accounts.iter().map(|a| html! { <option value={a.clone()} selected={filter.account == *a}>{ a.clone() }</option> }) }
                    </select>
                </div>
            </div>
        }
    };
    let f = &*filter;
    let (accounts_shown, accounts_count) = page(
        "Accounts",
        (0..ws.accounts.len())
            .filter(|i| {
                let a = &ws.accounts[*i];
                revealed == Some(EntityRef::Account(*i))
                    || f.matches(
                        "account",
                        &format!("{} {}", a.id, a.name),
                        &a.id,
                        a.scps
                            .iter()
                            .flatten()
                            .flatten()
                            .chain(a.rcps.iter().flatten().flatten())
                            .map(|p| p.name.as_str()),
                    )
            })
            .collect(),
        EntityRef::Account,
    );
    let (users_shown, users_count) = page(
        "Users",
        (0..ws.users.len())
            .filter(|i| {
                let u = &ws.users[*i];
                revealed == Some(EntityRef::User(*i))
                    || f.matches(
                        "user",
                        &u.arn,
                        arn_account(&u.arn),
                        names(&u.policies).chain(u.groups.iter().map(|g| short_arn(g))),
                    )
            })
            .collect(),
        EntityRef::User,
    );
    let (groups_shown, groups_count) = page(
        "Groups",
        (0..ws.groups.len())
            .filter(|i| {
                let g = &ws.groups[*i];
                revealed == Some(EntityRef::Group(*i))
                    || f.matches("group", &g.arn, arn_account(&g.arn), names(&g.policies))
            })
            .collect(),
        EntityRef::Group,
    );
    let (roles_shown, roles_count) = page(
        "Roles",
        (0..ws.roles.len())
            .filter(|i| {
                let r = &ws.roles[*i];
                revealed == Some(EntityRef::Role(*i))
                    || f.matches("role", &r.arn, arn_account(&r.arn), names(&r.policies))
            })
            .collect(),
        EntityRef::Role,
    );
    let (resources_shown, resources_count) = page(
        "Resources",
        (0..ws.resources.len())
            .filter(|i| {
                let r = &ws.resources[*i];
                let account = if r.account.is_empty() {
                    arn_account(&r.arn)
                } else {
                    r.account.as_str()
                };
                revealed == Some(EntityRef::Resource(*i))
                    || f.matches("resource", &r.arn, account, std::iter::empty())
            })
            .collect(),
        EntityRef::Resource,
    );
    let rename_scenario = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |event: Event| {
            dispatch.dispatch(Action::Edit(Edit::SetName(input_value(&event))))
        })
    };
    html! {
        <nav class="scenario-panel" aria-labelledby="scenario-panel-title">
            // The outline's level two, so the sections' h3 follow the page's h1 in order.
            <h2 class="sr-only" id="scenario-panel-title">{ "Scenario" }</h2>
            <label class="field scenario-name">
                <span>{ "Scenario" }</span>
                <input type="text" value={ws.name.clone()} onchange={rename_scenario} readonly={props.read_only} />
            </label>
            if total > 8 { { search } }
            { section("Accounts", "account", "Organizations' SCPs cap what everyone in an account may do.", Some(Edit::AddAccount), accounts_shown.len(), accounts_count, ws.accounts.len(), html! {
                <ul class="entities">
                { for accounts_shown.iter().map(|&i| (i, &ws.accounts[i])).map(|(i, account)| {
                    let dispatch = props.dispatch.clone();
                    let name = account.name.clone();
                    let renamed = ctx.renamed.clone();
                    let set_id = Callback::from(move |event: Event| {
                        let id = input_value(&event);
                        renamed.set(Some(id.clone()));
                        dispatch.dispatch(Action::Edit(Edit::SetAccount { index: i, id, name: name.clone() }));
                    });
                    let dispatch = props.dispatch.clone();
                    let id = account.id.clone();
                    let set_name = Callback::from(move |event: Event| dispatch.dispatch(Action::Edit(Edit::SetAccount { index: i, id: id.clone(), name: input_value(&event) })));
                    let label = if account.name.is_empty() { account.id.clone() } else { format!("{} · {}", account.name, account.id) };
                    html! { <li key={entity_key(&account.id, i, ws.accounts.iter().map(|a| &a.id))}>{ ctx.entity(EntityRef::Account(i), "account", &account.id, label, || html! {
                        <>
                            <label class="field"><span>{ "Account id" }</span><input type="text" value={account.id.clone()} onchange={set_id} readonly={props.read_only} /></label>
                            <label class="field"><span>{ "Name" }</span><input type="text" value={account.name.clone()} onchange={set_name} readonly={props.read_only} /></label>
                            <ul class="policies">
                                { for account.scps.iter().flatten().enumerate().flat_map(|(level, policies)| policies.iter().map(move |p| (level, p))).map(|(level, p)| ctx.policy("scp", p, &format!("SCP level {}", level + 1))) }
                                { for account.rcps.iter().flatten().flatten().map(|p| ctx.policy("rcp", p, "RCP")) }
                            </ul>
                            { ctx.add_policy("SCP level", NewPolicy::Scp(i)) }
                        </>
                    }) }</li> }
                }) }
                </ul>
            }) }
            { section("Users", "user", "People or apps with long-term credentials. Identity policies: what this identity can do.", Some(Edit::AddUser), users_shown.len(), users_count, ws.users.len(), html! {
                <ul class="entities">
                { for users_shown.iter().map(|&i| (i, &ws.users[i])).map(|(i, user)| html! { <li key={entity_key(&user.arn, i, ws.users.iter().map(|u| &u.arn))}>{ ctx.entity(EntityRef::User(i), "user", &user.arn, short_arn(&user.arn).to_string(), || html! {
                    <>
                        { ctx.arn_input(EntityRef::User(i), &user.arn, "ARN") }
                        if !ws.groups.is_empty() {
                            <fieldset class="groups-pick">
                                <legend>{ "Groups" }</legend>
                                { for ws.groups.iter().map(|group| {
                                    let member = user.groups.contains(&group.arn);
                                    let dispatch = props.dispatch.clone();
                                    let arn = group.arn.clone();
                                    let onchange = Callback::from(move |_| dispatch.dispatch(Action::Edit(Edit::ToggleGroup { user: i, group: arn.clone() })));
                                    html! { <label class="check"><input type="checkbox" checked={member} {onchange} disabled={props.read_only} />{ short_arn(&group.arn).to_string() }</label> }
                                }) }
                            </fieldset>
                        }
                        <ul class="policies">
                            { for user.policies.iter().map(|p| ctx.policy("identity", p, "inline policy")) }
                            { for user.boundary.iter().map(|p| ctx.policy("boundary", p, "permissions boundary")) }
                        </ul>
                        { ctx.add_policy("policy", NewPolicy::UserInline(i)) }
                        { ctx.attach_managed(NewPolicy::UserInline(i)) }
                        if user.boundary.is_none() { { ctx.add_policy("boundary", NewPolicy::UserBoundary(i)) } }
                        { ctx.ask("What can it do?", "what-can", crate::questions::Question::WhatCan { principal: user.arn.clone() }.to_text()) }
                    </>
                }) }</li> }) }
                </ul>
            }) }
            { section("Groups", "group", "Policies for many users at once; a group is never a principal.", Some(Edit::AddGroup), groups_shown.len(), groups_count, ws.groups.len(), html! {
                <ul class="entities">
                { for groups_shown.iter().map(|&i| (i, &ws.groups[i])).map(|(i, group)| html! { <li key={entity_key(&group.arn, i, ws.groups.iter().map(|g| &g.arn))}>{ ctx.entity(EntityRef::Group(i), "group", &group.arn, short_arn(&group.arn).to_string(), || html! {
                    <>
                        { ctx.arn_input(EntityRef::Group(i), &group.arn, "ARN") }
                        <ul class="policies">{ for group.policies.iter().map(|p| ctx.policy("identity", p, "inline policy")) }</ul>
                        { ctx.add_policy("policy", NewPolicy::GroupInline(i)) }
                        { ctx.attach_managed(NewPolicy::GroupInline(i)) }
                    </>
                }) }</li> }) }
                </ul>
            }) }
            { section("Roles", "role", "A role is a temporary identity. Its trust policy says who may assume it.", Some(Edit::AddRole), roles_shown.len(), roles_count, ws.roles.len(), html! {
                <ul class="entities">
                { for roles_shown.iter().map(|&i| (i, &ws.roles[i])).map(|(i, role)| html! { <li key={entity_key(&role.arn, i, ws.roles.iter().map(|r| &r.arn))} class="with-badge">{ ctx.badge(&role.arn, role.trust.is_some()) }{ ctx.entity(EntityRef::Role(i), "role", &role.arn, short_arn(&role.arn).to_string(), || html! {
                    <>
                        { ctx.arn_input(EntityRef::Role(i), &role.arn, "ARN") }
                        <ul class="policies">
                            { for role.trust.iter().map(|p| ctx.policy("trust", p, "trust policy")) }
                            { for role.policies.iter().map(|p| ctx.policy("identity", p, "inline policy")) }
                            { for role.boundary.iter().map(|p| ctx.policy("boundary", p, "permissions boundary")) }
                        </ul>
                        if role.trust.is_none() {
                            <p class="warn-line">{ "No trust policy: nobody can assume this role." }</p>
                            { ctx.add_policy("trust policy", NewPolicy::RoleTrust(i)) }
                        }
                        { ctx.add_policy("policy", NewPolicy::RoleInline(i)) }
                        { ctx.attach_managed(NewPolicy::RoleInline(i)) }
                        if role.boundary.is_none() { { ctx.add_policy("boundary", NewPolicy::RoleBoundary(i)) } }
                        { ctx.ask("What can it do?", "what-can", crate::questions::Question::WhatCan { principal: role.arn.clone() }.to_text()) }
                    </>
                }) }</li> }) }
                </ul>
            }) }
            { section("Resources", "resource", "A resource policy says who can access this resource.", Some(Edit::AddResource), resources_shown.len(), resources_count, ws.resources.len(), html! {
                <ul class="entities">
                { for resources_shown.iter().map(|&i| (i, &ws.resources[i])).map(|(i, resource)| {
                    let dispatch = props.dispatch.clone();
                    let set_account = Callback::from(move |event: Event| dispatch.dispatch(Action::Edit(Edit::SetResourceAccount { index: i, account: input_value(&event) })));
                    html! { <li key={entity_key(&resource.arn, i, ws.resources.iter().map(|r| &r.arn))} class="with-badge">{ ctx.badge(&resource.arn, resource.policy.is_some()) }{ ctx.entity(EntityRef::Resource(i), "resource", &resource.arn, crate::components::matrix::short_resource(&resource.arn), || html! {
                        <>
                            { ctx.arn_input(EntityRef::Resource(i), &resource.arn, "ARN") }
                            <label class="field"><span>{ "Owner account (when the ARN has none)" }</span>
                                <input type="text" value={resource.account.clone()} onchange={set_account} readonly={props.read_only} placeholder="123456789012" /></label>
                            <ul class="policies">{ for resource.policy.iter().map(|p| ctx.policy("resource", p, "resource policy")) }</ul>
                            if resource.policy.is_none() { { ctx.add_policy("resource policy", NewPolicy::ResourcePolicy(i)) } }
                            { ctx.ask("Who can…?", "who-can", who_can_question(ws, &resource.arn).to_text()) }
                        </>
                    }) }</li> }
                }) }
                </ul>
            }) }
        </nav>
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn the_filter_matches_name_policy_account_and_kind() {
        let filter = |query: &str, kind: &str, account: &str| EntityFilter {
            query: query.to_ascii_lowercase(),
            kind: kind.into(),
            account: account.into(),
        };
        let user = "arn:aws:iam::111122223333:user/ana";
        let check =
            |f: &EntityFilter| f.matches("user", user, arn_account(user), ["ReadLogs"].into_iter());
        assert!(check(&EntityFilter::default()));
        assert!(check(&filter("ANA", "", "")));
        assert!(check(&filter("readlogs", "", "")));
        assert!(check(&filter("1111", "", "")));
        assert!(!check(&filter("bob", "", "")));
        assert!(check(&filter("", "user", "111122223333")));
        assert!(!check(&filter("", "role", "")));
        assert!(!check(&filter("", "", "444455556666")));
        assert_eq!(arn_account("arn:aws:s3:::bucket"), "");
        assert_eq!(arn_account("not an arn"), "");
    }
}
