//! The app state and its reducer (in the style of yew's function_todomvc): the workspace being edited, which
//! editors are open, what is selected, dialogs and banners. Every change goes through `Action`.

use crate::model::{
    entity_name, AccountDraft, EntityRef, GroupDraft, PolicyDraft, RequestDraft, ResourceDraft,
    RoleDraft, UserDraft, Workspace,
};
use crate::positions::Range16;
use std::rc::Rc;
use yew::Reducible;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selection {
    None,
    Cell { row: usize, column: usize },
    Request(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeChoice {
    System,
    Light,
    Dark,
}

impl ThemeChoice {
    pub fn name(self) -> &'static str {
        match self {
            ThemeChoice::System => "system",
            ThemeChoice::Light => "light",
            ThemeChoice::Dark => "dark",
        }
    }

    pub fn parse(text: &str) -> Self {
        match text {
            "light" => ThemeChoice::Light,
            "dark" => ThemeChoice::Dark,
            _ => ThemeChoice::System,
        }
    }

    pub fn next(self) -> Self {
        match self {
            ThemeChoice::System => ThemeChoice::Light,
            ThemeChoice::Light => ThemeChoice::Dark,
            ThemeChoice::Dark => ThemeChoice::System,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialog {
    Gallery,
    Share,
    Embed,
    Shortcuts,
    /// The "Attach AWS managed policy" picker, for this place (components/managed_picker.rs).
    AttachManaged(NewPolicy),
    /// The import dialog (components/import_dialog.rs).
    Import,
}

/// A message across the top of the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Banner {
    /// Work was replaced (share link, example); it is parked and can be restored.
    PreviousWorkKept(String),
    /// A share link could not be opened; the saved work is untouched.
    ShareLinkBroken(String),
    /// Autosave failed; the previous save is intact.
    SaveFailed(String),
    Info(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SideTab {
    Matrix,
    Requests,
    /// The access diagram (components/diagram.rs).
    Diagram,
}

/// A request to move an editor to a range (problem click, decisive statement).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Jump {
    pub policy: u32,
    pub range: Range16,
    /// Highlight as the decisive statement.
    pub mark: bool,
    /// Move keyboard focus into the editor.
    pub focus: bool,
    /// Increases with every jump, so the same jump twice still moves the editor.
    pub seq: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    pub ws: Rc<Workspace>,
    /// Increases with every change to `ws`.
    pub revision: u64,
    /// Increases with every change other than a policy's text: views of the structure (the scenario panel,
    /// the requests) compare this instead of the workspace, so typing does not re-render them.
    pub structure: u64,
    /// Open editor tabs (policy ids) and the one shown.
    pub tabs: Vec<u32>,
    pub active: Option<u32>,
    pub selection: Selection,
    pub jump: Option<Jump>,
    pub theme: ThemeChoice,
    pub dialog: Option<Dialog>,
    pub banners: Vec<Banner>,
    pub side: SideTab,
    /// The request whose form is open.
    pub editing_request: Option<usize>,
    pub embed: bool,
    pub read_only: bool,
    /// A gallery example being fetched.
    pub pending_example: Option<String>,
    /// The workspace is a gallery example as loaded (replacing it loses nothing).
    pub pristine: bool,
    /// An entity the scenario panel should open and scroll to (a problem was clicked), with a counter.
    pub reveal_entity: Option<(EntityRef, u64)>,
    /// The guided lesson being taken (`course`).
    pub lesson: Option<Rc<crate::course::LessonRun>>,
    /// The account-scale question whose panel is open: its JSON text (`questions::Question::to_text`), the
    /// questions island's input with the workspace (islands/questions.rs).
    pub question: Option<Rc<str>>,
    /// The access of each resource and role (ARN, `public`/`external`/`private`) for the scenario panel's
    /// badges, reported by the questions island; `Some` (empty until the first answer) once access was asked.
    pub access: Option<Rc<Vec<(String, String)>>>,
}

impl AppState {
    pub fn new(ws: Workspace) -> Self {
        let mut state = Self {
            ws: Rc::new(ws),
            revision: 0,
            structure: 0,
            tabs: Vec::new(),
            active: None,
            selection: Selection::None,
            jump: None,
            theme: ThemeChoice::System,
            dialog: None,
            banners: Vec::new(),
            side: SideTab::Matrix,
            editing_request: None,
            embed: false,
            read_only: false,
            pending_example: None,
            pristine: false,
            reveal_entity: None,
            lesson: None,
            question: None,
            access: None,
        };
        state.open_default_tabs();
        state
    }

    /// Opens the first few policies, the first one shown.
    fn open_default_tabs(&mut self) {
        // AWS managed policies attached by ARN open (read-only) from the scenario panel or an explanation.
        self.tabs = self
            .ws
            .policies()
            .iter()
            .filter(|p| p.draft.managed_arn().is_none())
            .take(4)
            .map(|p| p.draft.id)
            .collect();
        self.active = self.tabs.first().copied();
    }

    fn drop_missing_tabs(&mut self) {
        let ids: Vec<u32> = self.ws.policies().iter().map(|p| p.draft.id).collect();
        self.tabs.retain(|id| ids.contains(id));
        if self.active.is_some_and(|id| !ids.contains(&id)) {
            self.active = self.tabs.first().copied();
        }
        if self.active.is_none() {
            self.active = self.tabs.first().copied();
        }
    }

    fn open(&mut self, id: u32) {
        if !self.tabs.contains(&id) {
            self.tabs.push(id);
        }
        self.active = Some(id);
    }
}

/// Edits of the scenario's structure.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    SetName(String),
    AddAccount,
    SetAccount {
        index: usize,
        id: String,
        name: String,
    },
    AddUser,
    AddGroup,
    AddRole,
    AddResource,
    AddRequest,
    /// New ARN (or account id) for an entity; references by ARN follow.
    Rename {
        entity: EntityRef,
        arn: String,
    },
    Delete(EntityRef),
    ToggleGroup {
        user: usize,
        group: String,
    },
    SetResourceAccount {
        index: usize,
        account: String,
    },
    AddPolicy(NewPolicy),
    /// Attach an AWS managed policy by ARN: appended to the `policies` of a user, group or role
    /// (`UserInline`, `GroupInline`, `RoleInline`), or set as a permissions boundary (`UserBoundary`,
    /// `RoleBoundary`).
    AttachManaged {
        place: NewPolicy,
        arn: String,
    },
    DeletePolicy(u32),
    RenamePolicy {
        id: u32,
        name: String,
    },
    SetRequest {
        index: usize,
        /// Boxed: a request draft is the largest edit by far.
        request: Box<RequestDraft>,
    },
    MoveRequest {
        index: usize,
        up: bool,
    },
}

/// Where a new policy goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewPolicy {
    UserInline(usize),
    UserBoundary(usize),
    GroupInline(usize),
    RoleInline(usize),
    RoleTrust(usize),
    RoleBoundary(usize),
    ResourcePolicy(usize),
    /// A new SCP at a new lowest level of the account (joins the organization if needed).
    Scp(usize),
    RequestSession(usize),
}

pub enum Action {
    /// Start (or resume) a guided lesson; the workspace is replaced separately.
    LessonStart(Box<crate::course::LessonRun>),
    /// Go to a step of the lesson.
    LessonGo(usize),
    /// Mark a step of the lesson done.
    LessonDone(usize),
    /// A wrong try at the current step: one more hint.
    LessonTried,
    LessonClose,
    /// An editor's text changed.
    SetText(u32, String),
    /// Replace the whole workspace (example, share link, restore); opens its first policies.
    Replace(Workspace),
    /// A change the core proposed (a fix, the tightest policy; `change.rs`) was applied, or undone: the
    /// workspace with it, and the policies it touched, which open (the first one shown).
    ApplyChange {
        ws: Box<Workspace>,
        open: Vec<u32>,
    },
    Edit(Edit),
    OpenPolicy(u32),
    ClosePolicy(u32),
    Jump {
        policy: u32,
        range: Range16,
        mark: bool,
        focus: bool,
    },
    Select(Selection),
    Theme(ThemeChoice),
    Dialog(Option<Dialog>),
    AddBanner(Banner),
    /// Removes banners equal to this one.
    DismissBanner(Banner),
    /// Removes a save-failure banner after a successful save.
    ClearSaveFailed,
    Side(SideTab),
    EditRequest(Option<usize>),
    Embed {
        embed: bool,
        read_only: bool,
    },
    /// An example is being fetched (`None`: done or failed).
    ExamplePending(Option<String>),
    /// Open an entity in the scenario panel.
    RevealEntity(EntityRef),
    /// Open the panel of a question (who can, what can, access: its JSON text), or close it.
    Ask(Option<Rc<str>>),
    /// The access of each resource and role, for the badges (an empty list turns them on).
    Access(Rc<Vec<(String, String)>>),
}

const IDENTITY_TEMPLATE: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadObjects",
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "*"
    }
  ]
}"#;

fn trust_template(service: &str) -> String {
    format!(
        r#"{{
  "Version": "2012-10-17",
  "Statement": [
    {{
      "Sid": "TrustService",
      "Effect": "Allow",
      "Principal": {{ "Service": "{service}" }},
      "Action": "sts:AssumeRole"
    }}
  ]
}}"#
    )
}

fn resource_template(account: &str, arn: &str) -> String {
    let arn = crate::json_out::quote(arn);
    format!(
        r#"{{
  "Version": "2012-10-17",
  "Statement": [
    {{
      "Sid": "AccountReads",
      "Effect": "Allow",
      "Principal": {{ "AWS": "arn:aws:iam::{account}:root" }},
      "Action": "s3:GetObject",
      "Resource": {arn}
    }}
  ]
}}"#
    )
}

const BOUNDARY_TEMPLATE: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AtMostS3",
      "Effect": "Allow",
      "Action": "s3:*",
      "Resource": "*"
    }
  ]
}"#;

const SCP_TEMPLATE: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "FullAWSAccess",
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*"
    }
  ]
}"#;

fn default_account(ws: &Workspace) -> String {
    ws.known_accounts()
        .into_iter()
        .next()
        .unwrap_or_else(|| "123456789012".into())
}

/// `base`, or `base-2`, `base-3`, ... whichever `taken` does not hold.
fn unique(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|candidate| !taken(candidate))
        .unwrap_or_else(|| base.to_string())
}

fn new_policy(ws: &mut Workspace, name: &str, text: String) -> PolicyDraft {
    PolicyDraft {
        id: ws.fresh_id(),
        name: name.to_string(),
        text,
    }
}

/// Applies a structural edit; returns the id of a policy to open, if one was created.
pub fn apply_edit(ws: &mut Workspace, edit: Edit) -> Option<u32> {
    let account = default_account(ws);
    match edit {
        Edit::SetName(name) => ws.name = name,
        Edit::AddAccount => {
            let id = (1..=9)
                .map(|d| d.to_string().repeat(12))
                .find(|id| !ws.accounts.iter().any(|a| &a.id == id))
                .unwrap_or_else(|| "123456789012".into());
            ws.accounts.push(AccountDraft {
                id,
                ..AccountDraft::default()
            });
        }
        Edit::SetAccount { index, id, name } => {
            if let Some(entry) = ws.accounts.get_mut(index) {
                entry.id = id;
                entry.name = name;
            }
        }
        Edit::AddUser => {
            let name = unique("new-user", |n| {
                ws.users.iter().any(|u| entity_name(&u.arn) == n)
            });
            ws.users.push(UserDraft {
                arn: format!("arn:aws:iam::{account}:user/{name}"),
                ..UserDraft::default()
            });
        }
        Edit::AddGroup => {
            let name = unique("NewGroup", |n| {
                ws.groups.iter().any(|g| entity_name(&g.arn) == n)
            });
            ws.groups.push(GroupDraft {
                arn: format!("arn:aws:iam::{account}:group/{name}"),
                policies: Vec::new(),
            });
        }
        Edit::AddRole => {
            let name = unique("NewRole", |n| {
                ws.roles.iter().any(|r| entity_name(&r.arn) == n)
            });
            let trust = new_policy(ws, "", trust_template("lambda.amazonaws.com"));
            let id = trust.id;
            ws.roles.push(RoleDraft {
                arn: format!("arn:aws:iam::{account}:role/{name}"),
                trust: Some(trust),
                ..RoleDraft::default()
            });
            return Some(id);
        }
        Edit::AddResource => {
            let name = unique("arn:aws:s3:::new-bucket", |n| {
                ws.resources.iter().any(|r| r.arn == n)
            });
            ws.resources.push(ResourceDraft {
                arn: name,
                account,
                ..ResourceDraft::default()
            });
        }
        Edit::AddRequest => {
            let principal = ws
                .users
                .first()
                .map(|u| u.arn.clone())
                .unwrap_or_else(|| "anonymous".into());
            let resource = ws
                .resources
                .first()
                .map(|r| {
                    if r.arn.starts_with("arn:aws:s3:::") {
                        format!("{}/example.txt", r.arn)
                    } else {
                        r.arn.clone()
                    }
                })
                .unwrap_or_else(|| "arn:aws:s3:::example-bucket/example.txt".into());
            let id = ws.fresh_id();
            ws.requests.push(RequestDraft {
                id,
                name: format!("request {}", ws.requests.len() + 1),
                principal,
                action: "s3:GetObject".into(),
                resource,
                ..RequestDraft::default()
            });
        }
        Edit::Rename { entity, arn } => {
            let old = match entity {
                EntityRef::Account(i) => ws
                    .accounts
                    .get_mut(i)
                    .map(|a| std::mem::replace(&mut a.id, arn.clone())),
                EntityRef::Group(i) => ws
                    .groups
                    .get_mut(i)
                    .map(|g| std::mem::replace(&mut g.arn, arn.clone())),
                EntityRef::User(i) => ws
                    .users
                    .get_mut(i)
                    .map(|u| std::mem::replace(&mut u.arn, arn.clone())),
                EntityRef::Role(i) => ws
                    .roles
                    .get_mut(i)
                    .map(|r| std::mem::replace(&mut r.arn, arn.clone())),
                EntityRef::Resource(i) => ws
                    .resources
                    .get_mut(i)
                    .map(|r| std::mem::replace(&mut r.arn, arn.clone())),
                EntityRef::Request(i) => ws
                    .requests
                    .get_mut(i)
                    .map(|r| std::mem::replace(&mut r.name, arn.clone())),
                EntityRef::Scenario => Some(std::mem::replace(&mut ws.name, arn.clone())),
            };
            if let (
                Some(old),
                EntityRef::Group(_)
                | EntityRef::User(_)
                | EntityRef::Role(_)
                | EntityRef::Resource(_),
            ) = (old, entity)
            {
                // Only when nothing else still has the old ARN: renaming one of two duplicates must not
                // move the references that belong to the other.
                let still_used = ws
                    .users
                    .iter()
                    .map(|u| &u.arn)
                    .chain(ws.roles.iter().map(|r| &r.arn))
                    .chain(ws.groups.iter().map(|g| &g.arn))
                    .chain(ws.resources.iter().map(|r| &r.arn))
                    .any(|a| *a == old);
                if !still_used {
                    ws.rename_references(&old, &arn);
                }
            }
        }
        Edit::Delete(entity) => match entity {
            EntityRef::Account(i) if i < ws.accounts.len() => {
                ws.accounts.remove(i);
            }
            EntityRef::Group(i) if i < ws.groups.len() => {
                let arn = ws.groups.remove(i).arn;
                for user in &mut ws.users {
                    user.groups.retain(|g| g != &arn);
                }
            }
            EntityRef::User(i) if i < ws.users.len() => {
                ws.users.remove(i);
            }
            EntityRef::Role(i) if i < ws.roles.len() => {
                let arn = ws.roles.remove(i).arn;
                for request in &mut ws.requests {
                    request.assume.retain(|r| r != &arn);
                }
            }
            EntityRef::Resource(i) if i < ws.resources.len() => {
                ws.resources.remove(i);
            }
            EntityRef::Request(i) if i < ws.requests.len() => {
                ws.requests.remove(i);
            }
            _ => {}
        },
        Edit::ToggleGroup { user, group } => {
            if let Some(user) = ws.users.get_mut(user) {
                if let Some(position) = user.groups.iter().position(|g| g == &group) {
                    user.groups.remove(position);
                } else {
                    user.groups.push(group);
                }
            }
        }
        Edit::SetResourceAccount { index, account } => {
            if let Some(resource) = ws.resources.get_mut(index) {
                resource.account = account;
            }
        }
        Edit::AddPolicy(place) => return add_policy(ws, place),
        Edit::DeletePolicy(id) => delete_policy(ws, id),
        Edit::RenamePolicy { id, name } => {
            if let Some(draft) = ws.policy_mut(id) {
                draft.name = name;
            }
        }
        Edit::SetRequest { index, request } => {
            if let Some(slot) = ws.requests.get_mut(index) {
                *slot = *request;
            }
        }
        Edit::AttachManaged { place, arn } => attach_managed(ws, place, &arn),
        Edit::MoveRequest { index, up } => {
            let other = if up {
                index.checked_sub(1)
            } else {
                Some(index + 1)
            };
            if let Some(other) = other.filter(|o| *o < ws.requests.len()) {
                if index < ws.requests.len() {
                    ws.requests.swap(index, other);
                }
            }
        }
    }
    None
}

fn add_policy(ws: &mut Workspace, place: NewPolicy) -> Option<u32> {
    let account = default_account(ws);
    let draft = match place {
        NewPolicy::UserInline(_) | NewPolicy::GroupInline(_) | NewPolicy::RoleInline(_) => {
            let count = match place {
                NewPolicy::UserInline(i) => ws.users.get(i).map_or(0, |u| u.policies.len()),
                NewPolicy::GroupInline(i) => ws.groups.get(i).map_or(0, |g| g.policies.len()),
                NewPolicy::RoleInline(i) => ws.roles.get(i).map_or(0, |r| r.policies.len()),
                _ => 0,
            };
            new_policy(
                ws,
                &format!("Policy{}", count + 1),
                IDENTITY_TEMPLATE.into(),
            )
        }
        NewPolicy::UserBoundary(_) | NewPolicy::RoleBoundary(_) => {
            new_policy(ws, "", BOUNDARY_TEMPLATE.into())
        }
        NewPolicy::RoleTrust(_) => new_policy(ws, "", trust_template("lambda.amazonaws.com")),
        NewPolicy::ResourcePolicy(i) => {
            let (owner, arn) =
                ws.resources
                    .get(i)
                    .map_or((account.clone(), "*".to_string()), |r| {
                        let owner = if r.account.is_empty() {
                            iamplay_core::arn::Arn::parse(&r.arn)
                                .ok()
                                .map(|p| p.account.to_string())
                                .filter(|a| !a.is_empty())
                                .unwrap_or_else(|| account.clone())
                        } else {
                            r.account.clone()
                        };
                        let arn = if r.arn.starts_with("arn:aws:s3:::") && !r.arn.contains('/') {
                            format!("{}/*", r.arn)
                        } else {
                            r.arn.clone()
                        };
                        (owner, arn)
                    });
            new_policy(ws, "", resource_template(&owner, &arn))
        }
        NewPolicy::Scp(_) => new_policy(ws, "FullAWSAccess", SCP_TEMPLATE.into()),
        NewPolicy::RequestSession(_) => new_policy(ws, "", BOUNDARY_TEMPLATE.into()),
    };
    let id = draft.id;
    let placed = match place {
        NewPolicy::UserInline(i) => ws
            .users
            .get_mut(i)
            .map(|u| u.policies.push(draft))
            .is_some(),
        NewPolicy::UserBoundary(i) => ws
            .users
            .get_mut(i)
            .map(|u| u.boundary = Some(draft))
            .is_some(),
        NewPolicy::GroupInline(i) => ws
            .groups
            .get_mut(i)
            .map(|g| g.policies.push(draft))
            .is_some(),
        NewPolicy::RoleInline(i) => ws
            .roles
            .get_mut(i)
            .map(|r| r.policies.push(draft))
            .is_some(),
        NewPolicy::RoleTrust(i) => ws.roles.get_mut(i).map(|r| r.trust = Some(draft)).is_some(),
        NewPolicy::RoleBoundary(i) => ws
            .roles
            .get_mut(i)
            .map(|r| r.boundary = Some(draft))
            .is_some(),
        NewPolicy::ResourcePolicy(i) => ws
            .resources
            .get_mut(i)
            .map(|r| r.policy = Some(draft))
            .is_some(),
        NewPolicy::Scp(i) => ws
            .accounts
            .get_mut(i)
            .map(|a| a.scps.get_or_insert_with(Vec::new).push(vec![draft]))
            .is_some(),
        NewPolicy::RequestSession(i) => ws
            .requests
            .get_mut(i)
            .map(|r| r.session_policy = Some(draft))
            .is_some(),
    };
    placed.then_some(id)
}

fn attach_managed(ws: &mut Workspace, place: NewPolicy, arn: &str) {
    let draft = PolicyDraft::managed(ws.fresh_id(), arn);
    let attached = |list: &[PolicyDraft]| list.iter().any(|d| d.managed_arn() == Some(arn));
    match place {
        NewPolicy::UserInline(i) => {
            if let Some(user) = ws.users.get_mut(i).filter(|u| !attached(&u.policies)) {
                user.policies.push(draft);
            }
        }
        NewPolicy::GroupInline(i) => {
            if let Some(group) = ws.groups.get_mut(i).filter(|g| !attached(&g.policies)) {
                group.policies.push(draft);
            }
        }
        NewPolicy::RoleInline(i) => {
            if let Some(role) = ws.roles.get_mut(i).filter(|r| !attached(&r.policies)) {
                role.policies.push(draft);
            }
        }
        NewPolicy::UserBoundary(i) => {
            if let Some(user) = ws.users.get_mut(i) {
                user.boundary = Some(draft);
            }
        }
        NewPolicy::RoleBoundary(i) => {
            if let Some(role) = ws.roles.get_mut(i) {
                role.boundary = Some(draft);
            }
        }
        // Trust, resource, organization and session policies cannot be AWS managed policies.
        _ => {}
    }
}

fn delete_policy(ws: &mut Workspace, id: u32) {
    let keep = |d: &PolicyDraft| d.id != id;
    for account in &mut ws.accounts {
        for levels in [&mut account.scps, &mut account.rcps].into_iter().flatten() {
            for level in levels.iter_mut() {
                level.retain(keep);
            }
            levels.retain(|level| !level.is_empty());
        }
    }
    for group in &mut ws.groups {
        group.policies.retain(keep);
    }
    for user in &mut ws.users {
        user.policies.retain(keep);
        if user.boundary.as_ref().is_some_and(|d| d.id == id) {
            user.boundary = None;
        }
    }
    for role in &mut ws.roles {
        role.policies.retain(keep);
        if role.trust.as_ref().is_some_and(|d| d.id == id) {
            role.trust = None;
        }
        if role.boundary.as_ref().is_some_and(|d| d.id == id) {
            role.boundary = None;
        }
    }
    for resource in &mut ws.resources {
        if resource.policy.as_ref().is_some_and(|d| d.id == id) {
            resource.policy = None;
        }
    }
    for request in &mut ws.requests {
        if request.session_policy.as_ref().is_some_and(|d| d.id == id) {
            request.session_policy = None;
        }
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::SetText(id, text) => {
                if next.ws.draft(id).is_none_or(|draft| draft.text == text) {
                    return self;
                }
                if let Some(draft) = Rc::make_mut(&mut next.ws).policy_mut(id) {
                    draft.text = text;
                }
                next.pristine = false;
                next.revision += 1;
            }
            Action::Replace(ws) => {
                next.pristine = !ws.example.is_empty();
                next.ws = Rc::new(ws);
                next.revision += 1;
                next.structure += 1;
                next.selection = Selection::None;
                next.jump = None;
                next.editing_request = None;
                next.question = None;
                next.open_default_tabs();
            }
            Action::ApplyChange { ws, open } => {
                if next.read_only {
                    return self;
                }
                next.pristine = false;
                next.ws = Rc::new(*ws);
                next.revision += 1;
                next.structure += 1;
                next.drop_missing_tabs();
                for id in open.iter().rev() {
                    next.open(*id);
                }
            }
            Action::Edit(edit) => {
                if next.read_only {
                    return self;
                }
                let deleted_request = matches!(edit, Edit::Delete(EntityRef::Request(_)));
                next.pristine = false;
                if let Some(id) = apply_edit(Rc::make_mut(&mut next.ws), edit) {
                    next.open(id);
                }
                next.revision += 1;
                next.structure += 1;
                next.drop_missing_tabs();
                if deleted_request {
                    next.editing_request = None;
                }
                // Rows and columns may have moved: a selection could point at another cell now.
                next.selection = Selection::None;
            }
            Action::OpenPolicy(id) => next.open(id),
            Action::ClosePolicy(id) => {
                next.tabs.retain(|t| *t != id);
                if next.active == Some(id) {
                    next.active = next.tabs.last().copied();
                }
            }
            Action::Jump {
                policy,
                range,
                mark,
                focus,
            } => {
                next.open(policy);
                let seq = next.jump.map_or(1, |j| j.seq + 1);
                next.jump = Some(Jump {
                    policy,
                    range,
                    mark,
                    focus,
                    seq,
                });
            }
            Action::Select(selection) => next.selection = selection,
            Action::Theme(theme) => next.theme = theme,
            Action::Dialog(dialog) => next.dialog = dialog,
            Action::AddBanner(banner) => {
                if next.banners.contains(&banner) {
                    return self;
                }
                {
                    // One banner of each kind: a newer save failure replaces the older.
                    next.banners
                        .retain(|b| std::mem::discriminant(b) != std::mem::discriminant(&banner));
                    next.banners.push(banner);
                }
            }
            Action::DismissBanner(banner) => {
                if !next.banners.contains(&banner) {
                    return self;
                }
                next.banners.retain(|b| b != &banner);
            }
            Action::LessonStart(run) => next.lesson = Some(Rc::new(*run)),
            Action::LessonGo(step) => {
                let Some(run) = next.lesson.as_mut() else {
                    return self;
                };
                if step >= run.lesson.steps.len() {
                    return self;
                }
                Rc::make_mut(run).step = step;
            }
            Action::LessonDone(step) => {
                let Some(run) = next.lesson.as_mut() else {
                    return self;
                };
                if run.done.get(step).is_none_or(|done| *done) {
                    return self;
                }
                if let Some(done) = Rc::make_mut(run).done.get_mut(step) {
                    *done = true;
                }
            }
            Action::LessonTried => {
                let Some(run) = next.lesson.as_mut() else {
                    return self;
                };
                let run = Rc::make_mut(run);
                if let Some(tries) = run.tries.get_mut(run.step) {
                    *tries += 1;
                }
            }
            Action::LessonClose => next.lesson = None,
            Action::ClearSaveFailed => {
                if !next
                    .banners
                    .iter()
                    .any(|b| matches!(b, Banner::SaveFailed(_)))
                {
                    return self;
                }
                next.banners.retain(|b| !matches!(b, Banner::SaveFailed(_)));
            }
            Action::Side(side) => next.side = side,
            Action::EditRequest(index) => {
                next.editing_request = index;
                if index.is_some() {
                    next.side = SideTab::Requests;
                }
            }
            Action::ExamplePending(id) => next.pending_example = id,
            Action::RevealEntity(entity) => {
                let seq = next.reveal_entity.map_or(1, |(_, seq)| seq + 1);
                next.reveal_entity = Some((entity, seq));
            }
            Action::Ask(question) => {
                if next.question == question {
                    return self;
                }
                next.question = question;
            }
            Action::Access(list) => {
                if next.access.as_deref() == Some(&*list) {
                    return self;
                }
                next.access = Some(list);
            }
            Action::Embed { embed, read_only } => {
                next.embed = embed;
                next.read_only = read_only;
            }
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use crate::model::import_scenario;

    fn state(id: &str) -> Rc<AppState> {
        Rc::new(AppState::new(
            import_scenario(crate::gallery::example(id).expect("example")).expect("imports"),
        ))
    }

    #[test]
    fn typing_bumps_the_revision_and_same_text_does_not() {
        let s = state("developer-group");
        let id = s.active.expect("a tab");
        let text = s.ws.policy(id).expect("p").draft.text.clone();
        let same = s.clone().reduce(Action::SetText(id, text));
        assert_eq!(same.revision, 0);
        let changed = same.reduce(Action::SetText(id, "{}".into()));
        assert_eq!(changed.revision, 1);
        assert_eq!(changed.ws.policy(id).expect("p").draft.text, "{}");
    }

    #[test]
    fn renaming_a_group_follows_memberships_and_deleting_closes_tabs() {
        let s = state("developer-group");
        let group = s.ws.groups[0].arn.clone();
        let renamed = format!("{group}2");
        let s = s.reduce(Action::Edit(Edit::Rename {
            entity: EntityRef::Group(0),
            arn: renamed.clone(),
        }));
        assert!(s.ws.users.iter().any(|u| u.groups.contains(&renamed)));
        assert!(!s.ws.users.iter().any(|u| u.groups.contains(&group)));
        let group_policy = s.ws.groups[0].policies[0].id;
        let s = s.reduce(Action::OpenPolicy(group_policy));
        let s = s.reduce(Action::Edit(Edit::Delete(EntityRef::Group(0))));
        assert!(!s.tabs.contains(&group_policy));
        assert!(!s.ws.users.iter().any(|u| u.groups.contains(&renamed)));
    }

    #[test]
    fn new_entities_and_policies_get_fresh_ids_and_still_load() {
        let mut s = state("developer-group");
        for edit in [
            Edit::AddUser,
            Edit::AddGroup,
            Edit::AddRole,
            Edit::AddResource,
            Edit::AddRequest,
            Edit::AddAccount,
        ] {
            s = s.reduce(Action::Edit(edit));
        }
        s = s.reduce(Action::Edit(Edit::AddPolicy(NewPolicy::UserInline(0))));
        s = s.reduce(Action::Edit(Edit::AddPolicy(NewPolicy::UserBoundary(0))));
        s = s.reduce(Action::Edit(Edit::AddPolicy(NewPolicy::ResourcePolicy(0))));
        s = s.reduce(Action::Edit(Edit::AddPolicy(NewPolicy::Scp(0))));
        let ids: Vec<u32> = s.ws.policies().iter().map(|p| p.draft.id).collect();
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(ids.len(), unique.len());
        let analysis =
            crate::engine::analyze(&s.ws, None, &mut crate::engine::LintCache::default());
        assert!(analysis.world.is_some(), "{:?}", analysis.problems);
        let s = s.reduce(Action::Edit(Edit::DeletePolicy(ids[ids.len() - 1])));
        assert_eq!(s.ws.policies().len(), ids.len() - 1);
    }

    #[test]
    fn renaming_one_of_two_duplicates_leaves_the_others_references() {
        let s = state("developer-group");
        let john = s.ws.users[0].arn.clone();
        let s = s.reduce(Action::Edit(Edit::AddUser));
        let last = s.ws.users.len() - 1;
        let s = s.reduce(Action::Edit(Edit::Rename {
            entity: EntityRef::User(last),
            arn: john.clone(),
        }));
        let s = s.reduce(Action::Edit(Edit::Rename {
            entity: EntityRef::User(last),
            arn: "arn:aws:iam::123456789012:user/carol".into(),
        }));
        assert!(s.ws.requests.iter().any(|r| r.principal == john));
        assert!(!s
            .ws
            .requests
            .iter()
            .any(|r| r.principal.ends_with("user/carol")));
    }

    #[test]
    fn attaching_an_aws_managed_policy_is_one_edit_and_detaching_removes_it() {
        let s = state("developer-group");
        let arn = "arn:aws:iam::aws:policy/ReadOnlyAccess";
        let attach = |s: Rc<AppState>, place| {
            s.reduce(Action::Edit(Edit::AttachManaged {
                place,
                arn: arn.into(),
            }))
        };
        let after = attach(s.clone(), NewPolicy::UserInline(1));
        assert_eq!(after.revision, s.revision + 1);
        assert_eq!(after.structure, s.structure + 1);
        let draft = after.ws.users[1].policies.last().expect("attached");
        assert_eq!(draft.managed_arn(), Some(arn));
        assert!(after
            .ws
            .to_scenario(false)
            .text
            .contains(&format!("\"policies\": [\"{arn}\"]")));
        assert!(
            !after.tabs.contains(&draft.id),
            "no editor tab opens by itself"
        );
        // Twice is once.
        let twice = attach(after.clone(), NewPolicy::UserInline(1));
        assert_eq!(twice.ws.users[1].policies.len(), 1);
        // As a boundary.
        let boundary = attach(after.clone(), NewPolicy::UserBoundary(0));
        assert_eq!(
            boundary.ws.users[0]
                .boundary
                .as_ref()
                .and_then(|b| b.managed_arn()),
            Some(arn)
        );
        let id = draft.id;
        let detached = after.reduce(Action::Edit(Edit::DeletePolicy(id)));
        assert!(detached.ws.users[1].policies.is_empty());
        // Survives the workspace's own format (autosave, share links) and a scenario round trip.
        let ws = boundary.ws.as_ref();
        let back = Workspace::from_json(&ws.to_json().text(), 1 << 20).expect("reads");
        assert_eq!(&back, ws);
        let reimported = import_scenario(&ws.to_scenario(true).text).expect("imports");
        assert_eq!(
            reimported.users[1]
                .policies
                .first()
                .and_then(|p| p.managed_arn()),
            Some(arn)
        );
    }

    #[test]
    fn an_applied_change_opens_what_it_touched_first_and_keeps_the_selection() {
        let s = state("developer-group");
        let s = s.reduce(Action::Select(Selection::Cell { row: 1, column: 0 }));
        let mut ws = (*s.ws).clone();
        let id = ws.groups[0].policies[0].id;
        ws.groups[0].policies[0].text = "{}".into();
        let extra = ws.fresh_id();
        ws.users[1].policies.push(PolicyDraft {
            id: extra,
            name: "New".into(),
            text: "{}".into(),
        });
        let next = s.clone().reduce(Action::ApplyChange {
            ws: Box::new(ws.clone()),
            open: vec![id, extra],
        });
        assert_eq!(*next.ws, ws);
        assert_eq!(next.active, Some(id));
        assert!(next.tabs.contains(&extra));
        assert_eq!(next.selection, Selection::Cell { row: 1, column: 0 });
        assert!(next.revision > s.revision && next.structure > s.structure);
        // Undone: the added policy's tab closes.
        let back = next.reduce(Action::ApplyChange {
            ws: Box::new((*s.ws).clone()),
            open: vec![id],
        });
        assert!(!back.tabs.contains(&extra));
        let read_only = s.clone().reduce(Action::Embed {
            embed: true,
            read_only: true,
        });
        let ignored = read_only.clone().reduce(Action::ApplyChange {
            ws: Box::new(ws),
            open: vec![],
        });
        assert_eq!(ignored.ws, read_only.ws);
    }

    #[test]
    fn read_only_ignores_edits() {
        let s = state("developer-group");
        let s = s.reduce(Action::Embed {
            embed: true,
            read_only: true,
        });
        let after = s.clone().reduce(Action::Edit(Edit::AddUser));
        assert_eq!(after.ws, s.ws);
    }
}
