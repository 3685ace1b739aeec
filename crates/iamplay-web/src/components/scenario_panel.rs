//! The scenario panel: accounts, groups, users (with their groups), roles and resources, each with its
//! policies; add, rename (edit the ARN) and delete. A click on a policy opens it in the editor.

use crate::model::{short_arn, EntityRef, PolicyDraft, Workspace};
use crate::state::{Action, AppState, Edit, NewPolicy};
use std::collections::HashMap;
use std::rc::Rc;
use yew::prelude::*;

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

    fn policy(&self, kind: &'static str, draft: &PolicyDraft, fallback: &str) -> Html {
        let id = draft.id;
        let open = {
            let dispatch = self.props.dispatch.clone();
            Callback::from(move |_| dispatch.dispatch(Action::OpenPolicy(id)))
        };
        let (errors, findings) = self.props.counts.get(&id).copied().unwrap_or((0, 0));
        let title = if draft.name.is_empty() {
            fallback.to_string()
        } else {
            draft.name.clone()
        };
        html! {
            <li key={id} class={classes!("policy-row", (self.props.active == Some(id)).then_some("active"))}>
                <button type="button" class="policy-open" onclick={open} data-policy={id.to_string()}
                        aria-current={(self.props.active == Some(id)).then_some("true")}>
                    <span class={classes!("kind-tag", format!("kind-{kind}"))}>{ kind }</span>
                    <span class="policy-title">{ title }</span>
                    if errors > 0 { <span class="badge error" title="errors">{ errors }</span> }
                    else if findings > 0 { <span class="badge warning" title="findings">{ findings }</span> }
                </button>
                if !self.props.read_only {
                    <button type="button" class="icon-button remove" aria-label={format!("Delete the {kind} policy")}
                            title="Delete this policy" onclick={self.edit(Edit::DeletePolicy(id))}>{ "×" }</button>
                }
            </li>
        }
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

    fn entity(&self, entity: EntityRef, kind: &str, id: &str, name: String, body: Html) -> Html {
        let has_error = self.props.entity_errors.contains(&entity);
        let revealed = self.props.reveal.is_some_and(|(e, _)| e == entity);
        let open = self.renamed.as_deref() == Some(id) || revealed;
        html! {
            <details class={classes!("entity", has_error.then_some("has-error"), revealed.then_some("revealed"))} {open}>
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
    let ctx = Ctx { props, renamed };
    let ws = &props.ws;
    let section = |title: &str, hint: &str, add: Option<Edit>, items: Html| {
        html! {
            <section class="tree-section">
                <header>
                    <h3>{ title.to_string() }</h3>
                    if let (Some(add), false) = (add, props.read_only) {
                        <button type="button" class="add" onclick={ctx.edit(add)} aria-label={format!("Add to {title}")}>{ "+ Add" }</button>
                    }
                </header>
                <p class="mental">{ hint.to_string() }</p>
                { items }
            </section>
        }
    };
    let rename_scenario = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |event: Event| {
            dispatch.dispatch(Action::Edit(Edit::SetName(input_value(&event))))
        })
    };
    html! {
        <nav class="scenario-panel" aria-label="Scenario">
            <label class="field scenario-name">
                <span>{ "Scenario" }</span>
                <input type="text" value={ws.name.clone()} onchange={rename_scenario} readonly={props.read_only} />
            </label>
            { section("Accounts", "Organizations' SCPs cap what everyone in an account may do.", Some(Edit::AddAccount), html! {
                <ul class="entities">
                { for ws.accounts.iter().enumerate().map(|(i, account)| {
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
                    html! { <li key={entity_key(&account.id, i, ws.accounts.iter().map(|a| &a.id))}>{ ctx.entity(EntityRef::Account(i), "account", &account.id, label, html! {
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
            { section("Users", "People or apps with long-term credentials. Identity policies: what this identity can do.", Some(Edit::AddUser), html! {
                <ul class="entities">
                { for ws.users.iter().enumerate().map(|(i, user)| html! { <li key={entity_key(&user.arn, i, ws.users.iter().map(|u| &u.arn))}>{ ctx.entity(EntityRef::User(i), "user", &user.arn, short_arn(&user.arn).to_string(), html! {
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
                        if user.boundary.is_none() { { ctx.add_policy("boundary", NewPolicy::UserBoundary(i)) } }
                    </>
                }) }</li> }) }
                </ul>
            }) }
            { section("Groups", "Policies for many users at once; a group is never a principal.", Some(Edit::AddGroup), html! {
                <ul class="entities">
                { for ws.groups.iter().enumerate().map(|(i, group)| html! { <li key={entity_key(&group.arn, i, ws.groups.iter().map(|g| &g.arn))}>{ ctx.entity(EntityRef::Group(i), "group", &group.arn, short_arn(&group.arn).to_string(), html! {
                    <>
                        { ctx.arn_input(EntityRef::Group(i), &group.arn, "ARN") }
                        <ul class="policies">{ for group.policies.iter().map(|p| ctx.policy("identity", p, "inline policy")) }</ul>
                        { ctx.add_policy("policy", NewPolicy::GroupInline(i)) }
                    </>
                }) }</li> }) }
                </ul>
            }) }
            { section("Roles", "A role is a temporary identity. Its trust policy says who may assume it.", Some(Edit::AddRole), html! {
                <ul class="entities">
                { for ws.roles.iter().enumerate().map(|(i, role)| html! { <li key={entity_key(&role.arn, i, ws.roles.iter().map(|r| &r.arn))}>{ ctx.entity(EntityRef::Role(i), "role", &role.arn, short_arn(&role.arn).to_string(), html! {
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
                        if role.boundary.is_none() { { ctx.add_policy("boundary", NewPolicy::RoleBoundary(i)) } }
                    </>
                }) }</li> }) }
                </ul>
            }) }
            { section("Resources", "A resource policy says who can access this resource.", Some(Edit::AddResource), html! {
                <ul class="entities">
                { for ws.resources.iter().enumerate().map(|(i, resource)| {
                    let dispatch = props.dispatch.clone();
                    let set_account = Callback::from(move |event: Event| dispatch.dispatch(Action::Edit(Edit::SetResourceAccount { index: i, account: input_value(&event) })));
                    html! { <li key={entity_key(&resource.arn, i, ws.resources.iter().map(|r| &r.arn))}>{ ctx.entity(EntityRef::Resource(i), "resource", &resource.arn, crate::components::matrix::short_resource(&resource.arn), html! {
                        <>
                            { ctx.arn_input(EntityRef::Resource(i), &resource.arn, "ARN") }
                            <label class="field"><span>{ "Owner account (when the ARN has none)" }</span>
                                <input type="text" value={resource.account.clone()} onchange={set_account} readonly={props.read_only} placeholder="123456789012" /></label>
                            <ul class="policies">{ for resource.policy.iter().map(|p| ctx.policy("resource", p, "resource policy")) }</ul>
                            if resource.policy.is_none() { { ctx.add_policy("resource policy", NewPolicy::ResourcePolicy(i)) } }
                        </>
                    }) }</li> }
                }) }
                </ul>
            }) }
        </nav>
    }
}
