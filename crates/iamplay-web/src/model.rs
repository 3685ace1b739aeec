//! The workspace the playground edits: a scenario whose policies are kept as the text the user typed (valid
//! or not), so nothing is lost while a document is broken. It converts from a scenario file (gallery, import)
//! and to one (evaluation, export); the core reads the result, this module decides nothing about IAM.

use crate::json_out::{arr, obj, Json};
use iamplay_core::diagnostic::Span;
use iamplay_core::json::{self, Limits, Member, SpannedValue, Value};
use iamplay_core::policy::PolicyKind;

/// One policy document as typed, with a stable id that names its editor model.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PolicyDraft {
    pub id: u32,
    /// The `name` of a `{"name", "document"}` entry; empty for a bare document.
    pub name: String,
    /// The document's text; for an AWS managed policy attached by ARN, that ARN as a JSON string
    /// (`"arn:aws:iam::aws:policy/ReadOnlyAccess"`), exactly as the scenario format writes it.
    pub text: String,
}

impl PolicyDraft {
    /// An entry attaching an AWS managed policy by ARN.
    pub fn managed(id: u32, arn: &str) -> Self {
        Self {
            id,
            name: String::new(),
            text: crate::json_out::quote(arn),
        }
    }

    /// The AWS managed policy ARN this entry attaches (its text is that ARN as a JSON string), else `None`.
    /// Cheap: it runs for every policy on every keystroke.
    pub fn managed_arn(&self) -> Option<&str> {
        let inner = self.text.trim().strip_prefix('"')?.strip_suffix('"')?;
        (!inner.contains(['"', '\\']) && iamplay_core::managed::is_managed_policy_arn(inner))
            .then_some(inner)
    }

    /// The managed policy's name (`ReadOnlyAccess`) for an ARN entry.
    pub fn managed_name(&self) -> Option<&str> {
        self.managed_arn()
            .map(|arn| arn.rsplit('/').next().unwrap_or(arn))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AccountDraft {
    pub id: String,
    pub name: String,
    /// Organization levels, root first; `None`: not in an organization.
    pub scps: Option<Vec<Vec<PolicyDraft>>>,
    pub rcps: Option<Vec<Vec<PolicyDraft>>>,
    /// The `s3BlockPublicAccess` object as JSON text; empty for none.
    pub block_public_access: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GroupDraft {
    pub arn: String,
    pub policies: Vec<PolicyDraft>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UserDraft {
    pub arn: String,
    pub groups: Vec<String>,
    pub policies: Vec<PolicyDraft>,
    pub boundary: Option<PolicyDraft>,
    pub tags: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RoleDraft {
    pub arn: String,
    pub trust: Option<PolicyDraft>,
    pub policies: Vec<PolicyDraft>,
    pub boundary: Option<PolicyDraft>,
    pub max_session_duration: Option<u32>,
    pub tags: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ResourceDraft {
    pub arn: String,
    /// The owning account when the ARN has none (S3); empty when not given.
    pub account: String,
    pub policy: Option<PolicyDraft>,
    pub tags: Vec<(String, String)>,
    /// The `blockPublicAccess` object as JSON text; empty for none.
    pub block_public_access: String,
}

/// An entry of `vpcEndpoints`: its policy gets an editor tab like any other.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VpcEndpointDraft {
    pub id: String,
    pub vpc: String,
    pub account: String,
    /// `None`: AWS's default policy (full access).
    pub policy: Option<PolicyDraft>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RequestDraft {
    /// Stable id (names the context editor and keeps list keys stable).
    pub id: u32,
    pub name: String,
    pub principal: String,
    /// Role ARNs; a hop written as an object (session name, tags, source identity) is kept as its JSON text.
    pub assume: Vec<String>,
    pub action: String,
    pub resource: String,
    /// The `context` object as JSON text; empty for none.
    pub context: String,
    pub session_policy: Option<PolicyDraft>,
    /// `Allow`, `ExplicitDeny` or `ImplicitDeny`; empty for no expectation.
    pub expect: String,
    /// The `vpcEndpoint` id; empty for none.
    pub vpc_endpoint: String,
}

/// Everything the user works on. Serialized as is for autosave and share links.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Workspace {
    pub name: String,
    /// Markdown: the lesson of a gallery scenario.
    pub description: String,
    /// The gallery example this came from, if any.
    pub example: String,
    pub accounts: Vec<AccountDraft>,
    pub groups: Vec<GroupDraft>,
    pub users: Vec<UserDraft>,
    pub roles: Vec<RoleDraft>,
    pub resources: Vec<ResourceDraft>,
    pub vpc_endpoints: Vec<VpcEndpointDraft>,
    pub requests: Vec<RequestDraft>,
    /// The next free id for a policy or request.
    pub next_id: u32,
}

/// Where a policy sits; it decides the policy's kind and how the page labels it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicyPlace {
    Scp { account: usize, level: usize },
    Rcp { account: usize, level: usize },
    Group { group: usize },
    User { user: usize },
    UserBoundary { user: usize },
    RoleTrust { role: usize },
    Role { role: usize },
    RoleBoundary { role: usize },
    Resource { resource: usize },
    VpcEndpoint { endpoint: usize },
    Session { request: usize },
}

/// A policy with where it sits, its kind and a human label of its owner.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyInfo<'w> {
    pub draft: &'w PolicyDraft,
    pub place: PolicyPlace,
    pub kind: PolicyKind,
    /// `user/alice`, `role/app`, `arn:aws:s3:::bucket`, `111111111111 (prod)`, `request 2`.
    pub owner: String,
}

impl PolicyInfo<'_> {
    /// The kind as the page names it (`identity`, `trust`, `boundary`, `resource`, `scp`, `rcp`, `session`).
    pub fn kind_name(&self) -> &'static str {
        kind_name(self.kind, &self.place)
    }

    /// The address tests and `window.iamplay` use: `kind:owner` or `kind:owner#name`.
    pub fn address(&self) -> String {
        if self.draft.name.is_empty() {
            format!("{}:{}", self.kind_name(), self.owner)
        } else {
            format!("{}:{}#{}", self.kind_name(), self.owner, self.draft.name)
        }
    }

    /// A short title for a tab: the policy name, or what it is.
    pub fn title(&self) -> String {
        if let Some(name) = self.draft.managed_name() {
            return name.to_string();
        }
        if !self.draft.name.is_empty() {
            return self.draft.name.clone();
        }
        match self.place {
            PolicyPlace::Scp { level, .. } => format!("SCP level {}", level + 1),
            PolicyPlace::Rcp { level, .. } => format!("RCP level {}", level + 1),
            PolicyPlace::UserBoundary { .. } | PolicyPlace::RoleBoundary { .. } => {
                "permissions boundary".into()
            }
            PolicyPlace::RoleTrust { .. } => "trust policy".into(),
            PolicyPlace::Resource { .. } => "resource policy".into(),
            PolicyPlace::VpcEndpoint { .. } => "endpoint policy".into(),
            PolicyPlace::Session { .. } => "session policy".into(),
            _ => "inline policy".into(),
        }
    }
}

/// The page's name for a policy kind (a permissions boundary is parsed with the identity grammar).
pub fn kind_name(kind: PolicyKind, place: &PolicyPlace) -> &'static str {
    match (kind, place) {
        (_, PolicyPlace::UserBoundary { .. } | PolicyPlace::RoleBoundary { .. }) => "boundary",
        (_, PolicyPlace::VpcEndpoint { .. }) => "endpoint",
        (PolicyKind::Identity, _) => "identity",
        (PolicyKind::Resource, _) => "resource",
        (PolicyKind::Trust, _) => "trust",
        (PolicyKind::Boundary, _) => "boundary",
        (PolicyKind::Session, _) => "session",
        (PolicyKind::Scp, _) => "scp",
        (PolicyKind::Rcp, _) => "rcp",
    }
}

/// The role ARN of an `assume` hop: the hop itself, or the `role` of a hop kept as JSON object text.
pub fn hop_role(hop: &str) -> String {
    if !hop.trim_start().starts_with('{') {
        return hop.to_string();
    }
    json::parse(hop, &Limits::default())
        .ok()
        .and_then(|value| member(&value, "role").map(|role| string_of(Some(role))))
        .unwrap_or_else(|| hop.to_string())
}

/// The text after the account in an ARN (`user/alice`), or the ARN itself.
pub fn short_arn(arn: &str) -> &str {
    match iamplay_core::arn::Arn::parse(arn) {
        Ok(parsed) if !parsed.resource.is_empty() && arn.starts_with("arn:aws:iam::") => {
            parsed.resource
        }
        _ => arn,
    }
}

/// The last path segment of an entity ARN (`alice` for `arn:aws:iam::1:user/dev/alice`).
pub fn entity_name(arn: &str) -> &str {
    short_arn(arn).rsplit('/').next().unwrap_or(arn)
}

impl Workspace {
    /// Every policy in a stable order: accounts, groups, users, roles, resources, requests.
    pub fn policies(&self) -> Vec<PolicyInfo<'_>> {
        let mut out = Vec::new();
        for (a, account) in self.accounts.iter().enumerate() {
            let label = if account.name.is_empty() {
                account.id.clone()
            } else {
                format!("{} ({})", account.id, account.name)
            };
            for (levels, scp) in [(&account.scps, true), (&account.rcps, false)] {
                for (level, policies) in levels.iter().flatten().enumerate() {
                    for draft in policies {
                        let (place, kind) = if scp {
                            (PolicyPlace::Scp { account: a, level }, PolicyKind::Scp)
                        } else {
                            (PolicyPlace::Rcp { account: a, level }, PolicyKind::Rcp)
                        };
                        out.push(PolicyInfo {
                            draft,
                            place,
                            kind,
                            owner: label.clone(),
                        });
                    }
                }
            }
        }
        for (g, group) in self.groups.iter().enumerate() {
            for draft in &group.policies {
                out.push(PolicyInfo {
                    draft,
                    place: PolicyPlace::Group { group: g },
                    kind: PolicyKind::Identity,
                    owner: short_arn(&group.arn).to_string(),
                });
            }
        }
        for (u, user) in self.users.iter().enumerate() {
            let owner = short_arn(&user.arn).to_string();
            for draft in &user.policies {
                out.push(PolicyInfo {
                    draft,
                    place: PolicyPlace::User { user: u },
                    kind: PolicyKind::Identity,
                    owner: owner.clone(),
                });
            }
            if let Some(draft) = &user.boundary {
                out.push(PolicyInfo {
                    draft,
                    place: PolicyPlace::UserBoundary { user: u },
                    kind: PolicyKind::Boundary,
                    owner,
                });
            }
        }
        for (r, role) in self.roles.iter().enumerate() {
            let owner = short_arn(&role.arn).to_string();
            if let Some(draft) = &role.trust {
                out.push(PolicyInfo {
                    draft,
                    place: PolicyPlace::RoleTrust { role: r },
                    kind: PolicyKind::Trust,
                    owner: owner.clone(),
                });
            }
            for draft in &role.policies {
                out.push(PolicyInfo {
                    draft,
                    place: PolicyPlace::Role { role: r },
                    kind: PolicyKind::Identity,
                    owner: owner.clone(),
                });
            }
            if let Some(draft) = &role.boundary {
                out.push(PolicyInfo {
                    draft,
                    place: PolicyPlace::RoleBoundary { role: r },
                    kind: PolicyKind::Boundary,
                    owner,
                });
            }
        }
        for (r, resource) in self.resources.iter().enumerate() {
            if let Some(draft) = &resource.policy {
                out.push(PolicyInfo {
                    draft,
                    place: PolicyPlace::Resource { resource: r },
                    kind: PolicyKind::Resource,
                    owner: resource.arn.clone(),
                });
            }
        }
        for (e, endpoint) in self.vpc_endpoints.iter().enumerate() {
            if let Some(draft) = &endpoint.policy {
                out.push(PolicyInfo {
                    draft,
                    place: PolicyPlace::VpcEndpoint { endpoint: e },
                    kind: PolicyKind::Resource,
                    owner: endpoint.id.clone(),
                });
            }
        }
        for (q, request) in self.requests.iter().enumerate() {
            if let Some(draft) = &request.session_policy {
                out.push(PolicyInfo {
                    draft,
                    place: PolicyPlace::Session { request: q },
                    kind: PolicyKind::Session,
                    owner: format!("request {}", q + 1),
                });
            }
        }
        out
    }

    pub fn policy(&self, id: u32) -> Option<PolicyInfo<'_>> {
        self.policies().into_iter().find(|info| info.draft.id == id)
    }

    /// Finds a policy by id (`"12"`), address (`identity:user/alice#Name`), `kind:owner` (the first such),
    /// or bare kind (`identity`: the first policy of that kind).
    pub fn find_policy(&self, address: &str) -> Option<u32> {
        let policies = self.policies();
        if let Ok(id) = address.parse::<u32>() {
            return policies
                .iter()
                .find(|p| p.draft.id == id)
                .map(|p| p.draft.id);
        }
        let exact = policies.iter().find(|p| p.address() == address);
        let by_owner = || {
            policies.iter().find(|p| {
                format!("{}:{}", p.kind_name(), p.owner) == address
                    || (p.kind_name() == address.split(':').next().unwrap_or_default()
                        && address.split_once(':').is_some_and(|(_, rest)| {
                            p.owner == rest || entity_name(&p.owner) == rest
                        }))
            })
        };
        let by_kind = || policies.iter().find(|p| p.kind_name() == address);
        exact.or_else(by_owner).or_else(by_kind).map(|p| p.draft.id)
    }

    /// Every policy's draft, in the order of [`Workspace::policies`], without building owners' labels: what
    /// a keystroke's hot paths use on a workspace of a thousand policies.
    pub fn drafts(&self) -> impl Iterator<Item = &PolicyDraft> {
        let accounts = self
            .accounts
            .iter()
            .flat_map(|a| a.scps.iter().chain(a.rcps.iter()).flatten().flatten());
        let groups = self.groups.iter().flat_map(|g| g.policies.iter());
        let users = self
            .users
            .iter()
            .flat_map(|u| u.policies.iter().chain(u.boundary.iter()));
        let roles = self.roles.iter().flat_map(|r| {
            r.trust
                .iter()
                .chain(r.policies.iter())
                .chain(r.boundary.iter())
        });
        let resources = self
            .resources
            .iter()
            .flat_map(|r| r.policy.iter())
            .chain(self.vpc_endpoints.iter().flat_map(|e| e.policy.iter()));
        let sessions = self.requests.iter().flat_map(|r| r.session_policy.iter());
        accounts
            .chain(groups)
            .chain(users)
            .chain(roles)
            .chain(resources)
            .chain(sessions)
    }

    /// The draft of policy `id`.
    pub fn draft(&self, id: u32) -> Option<&PolicyDraft> {
        self.drafts().find(|draft| draft.id == id)
    }

    /// Mutable access to a policy by id.
    pub fn policy_mut(&mut self, id: u32) -> Option<&mut PolicyDraft> {
        let accounts = self.accounts.iter_mut().flat_map(|a| {
            a.scps
                .iter_mut()
                .chain(a.rcps.iter_mut())
                .flatten()
                .flatten()
        });
        let groups = self.groups.iter_mut().flat_map(|g| g.policies.iter_mut());
        let users = self
            .users
            .iter_mut()
            .flat_map(|u| u.policies.iter_mut().chain(u.boundary.iter_mut()));
        let roles = self.roles.iter_mut().flat_map(|r| {
            r.trust
                .iter_mut()
                .chain(r.policies.iter_mut())
                .chain(r.boundary.iter_mut())
        });
        let resources = self
            .resources
            .iter_mut()
            .flat_map(|r| r.policy.iter_mut())
            .chain(
                self.vpc_endpoints
                    .iter_mut()
                    .flat_map(|e| e.policy.iter_mut()),
            );
        let sessions = self
            .requests
            .iter_mut()
            .flat_map(|r| r.session_policy.iter_mut());
        accounts
            .chain(groups)
            .chain(users)
            .chain(roles)
            .chain(resources)
            .chain(sessions)
            .find(|draft| draft.id == id)
    }

    /// A fresh id for a new policy or request.
    pub fn fresh_id(&mut self) -> u32 {
        let used = self
            .policies()
            .iter()
            .map(|p| p.draft.id)
            .chain(self.requests.iter().map(|r| r.id))
            .max()
            .map_or(1, |max| max + 1);
        let id = self.next_id.max(used);
        self.next_id = id + 1;
        id
    }

    /// The accounts the workspace knows: described ones and those named by entity ARNs, in first-seen order.
    pub fn known_accounts(&self) -> Vec<String> {
        let mut out: Vec<String> = self.accounts.iter().map(|a| a.id.clone()).collect();
        let arns = self
            .users
            .iter()
            .map(|u| &u.arn)
            .chain(self.roles.iter().map(|r| &r.arn))
            .chain(self.groups.iter().map(|g| &g.arn));
        for arn in arns {
            if let Ok(parsed) = iamplay_core::arn::Arn::parse(arn) {
                if !parsed.account.is_empty() && !out.iter().any(|a| a == parsed.account) {
                    out.push(parsed.account.to_string());
                }
            }
        }
        out
    }

    /// Renames an entity ARN everywhere the workspace refers to it by ARN (group memberships, request
    /// principals and assume chains). Policy texts are the user's and stay as written.
    pub fn rename_references(&mut self, old: &str, new: &str) {
        if old == new || old.is_empty() {
            return;
        }
        for user in &mut self.users {
            for group in &mut user.groups {
                if group == old {
                    *group = new.to_string();
                }
            }
        }
        for request in &mut self.requests {
            if request.principal == old {
                request.principal = new.to_string();
            }
            for role in &mut request.assume {
                // A hop kept as JSON text names its role in `role`; only plain ARNs are renamed.
                if role == old {
                    *role = new.to_string();
                }
            }
            if request.resource == old {
                request.resource = new.to_string();
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// To a scenario file

/// What a span of the generated scenario text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// The text of policy `id`.
    Policy(u32),
    /// The `context` text of request `id`.
    Context(u32),
    /// An entity or a request field generated from the workspace (no editor behind it).
    Entity(EntityRef),
}

/// An entity of the workspace by position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntityRef {
    Scenario,
    Account(usize),
    Group(usize),
    User(usize),
    Role(usize),
    Resource(usize),
    Request(usize),
}

/// The scenario text generated from a workspace, and which byte ranges came from which editor or entity.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScenarioText {
    pub text: String,
    /// `(start, end, slot)`, sorted by start; text slots (policies, contexts) are nested inside entity slots.
    pub slots: Vec<(usize, usize, Slot)>,
}

impl ScenarioText {
    /// The innermost slot containing byte `offset`, and the offset relative to the slot's start.
    pub fn locate(&self, offset: usize) -> Option<(Slot, usize)> {
        self.slots
            .iter()
            .filter(|(start, end, _)| *start <= offset && offset <= *end)
            .min_by_key(|(start, end, _)| end - start)
            .map(|(start, _, slot)| (*slot, offset - start))
    }
}

struct Writer {
    out: String,
    slots: Vec<(usize, usize, Slot)>,
}

impl Writer {
    fn raw(&mut self, text: &str) {
        self.out.push_str(text);
    }

    fn string(&mut self, text: &str) {
        crate::json_out::quote_into(&mut self.out, text);
    }

    fn key(&mut self, key: &str) {
        self.string(key);
        self.out.push_str(": ");
    }

    fn slot(&mut self, text: &str, slot: Slot) {
        let start = self.out.len();
        self.out.push_str(text);
        self.slots.push((start, self.out.len(), slot));
    }

    fn policy(&mut self, draft: &PolicyDraft) {
        if draft.name.is_empty() {
            self.slot(&draft.text, Slot::Policy(draft.id));
        } else {
            self.raw("{");
            self.key("name");
            self.string(&draft.name);
            self.raw(", ");
            self.key("document");
            self.slot(&draft.text, Slot::Policy(draft.id));
            self.raw("}");
        }
    }

    fn policy_list(&mut self, policies: &[PolicyDraft]) {
        self.raw("[");
        for (i, draft) in policies.iter().enumerate() {
            if i > 0 {
                self.raw(",\n");
            }
            self.policy(draft);
        }
        self.raw("]");
    }

    fn tags(&mut self, tags: &[(String, String)]) {
        if tags.is_empty() {
            return;
        }
        self.raw(", ");
        self.key("tags");
        self.raw("{");
        for (i, (key, value)) in tags.iter().enumerate() {
            if i > 0 {
                self.raw(", ");
            }
            self.key(key);
            self.string(value);
        }
        self.raw("}");
    }

    fn entity_start(&mut self) -> usize {
        self.out.len()
    }

    fn entity_end(&mut self, start: usize, entity: EntityRef) {
        self.slots
            .push((start, self.out.len(), Slot::Entity(entity)));
    }
}

impl Workspace {
    /// The scenario file for this workspace: policy and context texts verbatim (so the core's spans map back
    /// into each editor), everything else generated. `for_export` adds the name and lesson.
    pub fn to_scenario(&self, for_export: bool) -> ScenarioText {
        let mut w = Writer {
            out: String::with_capacity(4096),
            slots: Vec::new(),
        };
        w.raw("{");
        let mut first = true;
        let mut sep = |w: &mut Writer| {
            if !first {
                w.raw(",\n");
            }
            first = false;
        };
        if for_export && !self.name.is_empty() {
            sep(&mut w);
            w.key("name");
            w.string(&self.name);
        }
        if for_export && !self.description.is_empty() {
            sep(&mut w);
            w.key("description");
            w.string(&self.description);
        }
        if !self.accounts.is_empty() {
            sep(&mut w);
            w.key("accounts");
            w.raw("{");
            for (i, account) in self.accounts.iter().enumerate() {
                if i > 0 {
                    w.raw(",\n");
                }
                let start = w.entity_start();
                w.key(&account.id);
                w.raw("{");
                let mut wrote = false;
                if !account.name.is_empty() {
                    w.key("name");
                    w.string(&account.name);
                    wrote = true;
                }
                for (key, levels) in [("scps", &account.scps), ("rcps", &account.rcps)] {
                    if let Some(levels) = levels {
                        if wrote {
                            w.raw(", ");
                        }
                        w.key(key);
                        w.raw("[");
                        for (l, level) in levels.iter().enumerate() {
                            if l > 0 {
                                w.raw(", ");
                            }
                            w.policy_list(level);
                        }
                        w.raw("]");
                        wrote = true;
                    }
                }
                if !account.block_public_access.trim().is_empty() {
                    if wrote {
                        w.raw(", ");
                    }
                    w.key("s3BlockPublicAccess");
                    w.raw(&account.block_public_access);
                }
                w.raw("}");
                w.entity_end(start, EntityRef::Account(i));
            }
            w.raw("}");
        }
        if !self.groups.is_empty() {
            sep(&mut w);
            w.key("groups");
            w.raw("[");
            for (i, group) in self.groups.iter().enumerate() {
                if i > 0 {
                    w.raw(",\n");
                }
                let start = w.entity_start();
                w.raw("{");
                w.key("arn");
                w.string(&group.arn);
                if !group.policies.is_empty() {
                    w.raw(", ");
                    w.key("policies");
                    w.policy_list(&group.policies);
                }
                w.raw("}");
                w.entity_end(start, EntityRef::Group(i));
            }
            w.raw("]");
        }
        if !self.users.is_empty() {
            sep(&mut w);
            w.key("users");
            w.raw("[");
            for (i, user) in self.users.iter().enumerate() {
                if i > 0 {
                    w.raw(",\n");
                }
                let start = w.entity_start();
                w.raw("{");
                w.key("arn");
                w.string(&user.arn);
                if !user.groups.is_empty() {
                    w.raw(", ");
                    w.key("groups");
                    w.raw("[");
                    for (g, group) in user.groups.iter().enumerate() {
                        if g > 0 {
                            w.raw(", ");
                        }
                        w.string(group);
                    }
                    w.raw("]");
                }
                if !user.policies.is_empty() {
                    w.raw(", ");
                    w.key("policies");
                    w.policy_list(&user.policies);
                }
                if let Some(boundary) = &user.boundary {
                    w.raw(", ");
                    w.key("permissionsBoundary");
                    w.policy(boundary);
                }
                w.tags(&user.tags);
                w.raw("}");
                w.entity_end(start, EntityRef::User(i));
            }
            w.raw("]");
        }
        if !self.roles.is_empty() {
            sep(&mut w);
            w.key("roles");
            w.raw("[");
            for (i, role) in self.roles.iter().enumerate() {
                if i > 0 {
                    w.raw(",\n");
                }
                let start = w.entity_start();
                w.raw("{");
                w.key("arn");
                w.string(&role.arn);
                if let Some(trust) = &role.trust {
                    w.raw(", ");
                    w.key("trustPolicy");
                    w.policy(trust);
                }
                if !role.policies.is_empty() {
                    w.raw(", ");
                    w.key("policies");
                    w.policy_list(&role.policies);
                }
                if let Some(boundary) = &role.boundary {
                    w.raw(", ");
                    w.key("permissionsBoundary");
                    w.policy(boundary);
                }
                if let Some(seconds) = role.max_session_duration {
                    w.raw(", ");
                    w.key("maxSessionDuration");
                    w.raw(&seconds.to_string());
                }
                w.tags(&role.tags);
                w.raw("}");
                w.entity_end(start, EntityRef::Role(i));
            }
            w.raw("]");
        }
        if !self.resources.is_empty() {
            sep(&mut w);
            w.key("resources");
            w.raw("[");
            for (i, resource) in self.resources.iter().enumerate() {
                if i > 0 {
                    w.raw(",\n");
                }
                let start = w.entity_start();
                w.raw("{");
                w.key("arn");
                w.string(&resource.arn);
                if !resource.account.is_empty() {
                    w.raw(", ");
                    w.key("account");
                    w.string(&resource.account);
                }
                if let Some(policy) = &resource.policy {
                    w.raw(", ");
                    w.key("policy");
                    w.policy(policy);
                }
                w.tags(&resource.tags);
                if !resource.block_public_access.trim().is_empty() {
                    w.raw(", ");
                    w.key("blockPublicAccess");
                    w.raw(&resource.block_public_access);
                }
                w.raw("}");
                w.entity_end(start, EntityRef::Resource(i));
            }
            w.raw("]");
        }
        if !self.vpc_endpoints.is_empty() {
            sep(&mut w);
            w.key("vpcEndpoints");
            w.raw("[");
            for (i, endpoint) in self.vpc_endpoints.iter().enumerate() {
                if i > 0 {
                    w.raw(",\n");
                }
                w.raw("{");
                w.key("id");
                w.string(&endpoint.id);
                for (key, value) in [("vpc", &endpoint.vpc), ("account", &endpoint.account)] {
                    if !value.is_empty() {
                        w.raw(", ");
                        w.key(key);
                        w.string(value);
                    }
                }
                if let Some(policy) = &endpoint.policy {
                    w.raw(", ");
                    w.key("policy");
                    w.policy(policy);
                }
                w.raw("}");
            }
            w.raw("]");
        }
        if !self.requests.is_empty() {
            sep(&mut w);
            w.key("requests");
            w.raw("[");
            for (i, request) in self.requests.iter().enumerate() {
                if i > 0 {
                    w.raw(",\n");
                }
                let start = w.entity_start();
                w.raw("{");
                if !request.name.is_empty() {
                    w.key("name");
                    w.string(&request.name);
                    w.raw(", ");
                }
                w.key("principal");
                w.string(&request.principal);
                if !request.assume.is_empty() {
                    w.raw(", ");
                    w.key("assume");
                    w.raw("[");
                    for (a, role) in request.assume.iter().enumerate() {
                        if a > 0 {
                            w.raw(", ");
                        }
                        if role.trim_start().starts_with('{') {
                            w.raw(role);
                        } else {
                            w.string(role);
                        }
                    }
                    w.raw("]");
                }
                w.raw(", ");
                w.key("action");
                w.string(&request.action);
                w.raw(", ");
                w.key("resource");
                w.string(&request.resource);
                if !request.context.trim().is_empty() {
                    w.raw(", ");
                    w.key("context");
                    w.slot(&request.context, Slot::Context(request.id));
                }
                if let Some(policy) = &request.session_policy {
                    w.raw(", ");
                    w.key("sessionPolicy");
                    w.policy(policy);
                }
                if !request.vpc_endpoint.is_empty() {
                    w.raw(", ");
                    w.key("vpcEndpoint");
                    w.string(&request.vpc_endpoint);
                }
                if !request.expect.is_empty() {
                    w.raw(", ");
                    w.key("expect");
                    w.string(&request.expect);
                }
                w.raw("}");
                w.entity_end(start, EntityRef::Request(i));
            }
            w.raw("]");
        }
        w.raw("}\n");
        let mut slots = w.slots;
        slots.sort_by_key(|(start, end, _)| (*start, std::cmp::Reverse(*end)));
        ScenarioText { text: w.out, slots }
    }
}

// ---------------------------------------------------------------------------------------------------------
// From a scenario file

fn member<'v>(value: &'v SpannedValue, key: &str) -> Option<&'v SpannedValue> {
    value.get(key).map(|m| &m.value)
}

fn string_of(value: Option<&SpannedValue>) -> String {
    value
        .and_then(|v| v.value.as_str())
        .unwrap_or_default()
        .to_string()
}

fn strings_of(value: Option<&SpannedValue>) -> Vec<String> {
    value
        .and_then(|v| v.value.as_array())
        .map(|items| {
            items
                .iter()
                .filter_map(|item| item.value.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// An `assume` list: role ARNs, and hops written as objects kept as their JSON text.
fn hops_of(text: &str, value: Option<&SpannedValue>) -> Vec<String> {
    value
        .and_then(|v| v.value.as_array())
        .map(|items| {
            items
                .iter()
                .filter_map(|item| match &item.value {
                    Value::String(role) => Some(role.clone()),
                    Value::Object(_) => Some(source_of(text, item.span)),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

fn tags_of(value: Option<&SpannedValue>) -> Vec<(String, String)> {
    value
        .and_then(|v| v.value.as_object())
        .map(|members: &[Member]| {
            members
                .iter()
                .map(|m| {
                    let text = match &m.value.value {
                        Value::String(text) => text.clone(),
                        Value::Number(text) => text.clone(),
                        Value::Bool(b) => b.to_string(),
                        _ => String::new(),
                    };
                    (m.key.clone(), text)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The source text of a value, re-indented so its first line starts at column 0 and the rest keep their
/// indentation relative to the line the value started on.
pub fn source_of(text: &str, span: Span) -> String {
    let start = span.start.offset as usize;
    let end = span.end.offset as usize;
    let Some(slice) = text.get(start..end) else {
        return String::new();
    };
    // Later lines lose the indentation of the closing bracket's line (it lines up with the value's logical
    // start), else of the line the value starts on.
    let last = slice.rsplit('\n').next().unwrap_or_default();
    let indent = if slice.contains('\n') && last.trim_start().len() == 1 {
        last.len() - last.trim_start().len()
    } else {
        let line_start = text
            .get(..start)
            .and_then(|t| t.rfind('\n'))
            .map_or(0, |i| i + 1);
        text.get(line_start..start)
            .map_or(0, |prefix| prefix.len() - prefix.trim_start().len())
    };
    let mut out = String::with_capacity(slice.len());
    for (i, line) in slice.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            let leading = line.len() - line.trim_start_matches([' ', '\t']).len();
            out.push_str(line.get(leading.min(indent)..).unwrap_or(line));
        } else {
            out.push_str(line);
        }
    }
    out
}

struct Importer<'t> {
    text: &'t str,
    next_id: u32,
}

impl Importer<'_> {
    fn id(&mut self) -> u32 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// A `{"name", "document"}` entry or a bare document.
    fn policy(&mut self, value: &SpannedValue) -> PolicyDraft {
        let named = value
            .value
            .as_object()
            .is_some_and(|_| value.get("document").is_some());
        let (document, name) = if named {
            (
                member(value, "document").unwrap_or(value),
                string_of(member(value, "name")),
            )
        } else {
            (value, String::new())
        };
        PolicyDraft {
            id: self.id(),
            name,
            text: source_of(self.text, document.span),
        }
    }

    fn policies(&mut self, value: Option<&SpannedValue>) -> Vec<PolicyDraft> {
        value
            .and_then(|v| v.value.as_array())
            .map(|items| items.iter().map(|item| self.policy(item)).collect())
            .unwrap_or_default()
    }

    fn levels(&mut self, value: Option<&SpannedValue>) -> Option<Vec<Vec<PolicyDraft>>> {
        let items = value?.value.as_array()?;
        Some(
            items
                .iter()
                .map(|level| self.policies(Some(level)))
                .collect(),
        )
    }
}

/// Reads a scenario file into a workspace. Fails only when the text is not JSON or not an object; anything
/// else the format rejects is kept and reported by the core when evaluated.
pub fn import_scenario(text: &str) -> Result<Workspace, String> {
    // A scenario may be a whole account export: the scenario limit (64 MiB), not a single policy's.
    let value = json::parse(text, &Limits::scenario()).map_err(|diagnostics| {
        diagnostics
            .first()
            .map_or("the scenario is not JSON".to_string(), |d| {
                let at = d
                    .span
                    .map(|s| format!(" at line {}, column {}", s.start.line, s.start.column))
                    .unwrap_or_default();
                format!("{}{at}", d.message)
            })
    })?;
    if value.value.as_object().is_none() {
        return Err("a scenario must be a JSON object".into());
    }
    // The shape must be a scenario's: lists where lists belong (what is inside is the core's to check).
    for key in ["groups", "users", "roles", "resources", "requests"] {
        if member(&value, key).is_some_and(|v| v.value.as_array().is_none()) {
            return Err(format!("`{key}` must be a list"));
        }
    }
    if member(&value, "accounts").is_some_and(|v| v.value.as_object().is_none()) {
        return Err("`accounts` must be an object keyed by account id".into());
    }
    let mut im = Importer { text, next_id: 1 };
    let mut ws = Workspace {
        name: string_of(member(&value, "name")),
        description: string_of(member(&value, "description")),
        ..Workspace::default()
    };
    if let Some(accounts) = member(&value, "accounts").and_then(|v| v.value.as_object()) {
        for account in accounts {
            ws.accounts.push(AccountDraft {
                id: account.key.clone(),
                name: string_of(member(&account.value, "name")),
                scps: im.levels(member(&account.value, "scps")),
                rcps: im.levels(member(&account.value, "rcps")),
                block_public_access: member(&account.value, "s3BlockPublicAccess")
                    .map(|v| source_of(text, v.span))
                    .unwrap_or_default(),
            });
        }
    }
    let items = |key: &str| {
        member(&value, key)
            .and_then(|v| v.value.as_array())
            .unwrap_or_default()
    };
    for group in items("groups") {
        ws.groups.push(GroupDraft {
            arn: string_of(member(group, "arn")),
            policies: im.policies(member(group, "policies")),
        });
    }
    for user in items("users") {
        ws.users.push(UserDraft {
            arn: string_of(member(user, "arn")),
            groups: strings_of(member(user, "groups")),
            policies: im.policies(member(user, "policies")),
            boundary: member(user, "permissionsBoundary").map(|p| im.policy(p)),
            tags: tags_of(member(user, "tags")),
        });
    }
    for role in items("roles") {
        ws.roles.push(RoleDraft {
            arn: string_of(member(role, "arn")),
            trust: member(role, "trustPolicy").map(|p| im.policy(p)),
            policies: im.policies(member(role, "policies")),
            boundary: member(role, "permissionsBoundary").map(|p| im.policy(p)),
            max_session_duration: member(role, "maxSessionDuration").and_then(|v| match &v.value {
                Value::Number(n) => n.parse().ok(),
                _ => None,
            }),
            tags: tags_of(member(role, "tags")),
        });
    }
    for resource in items("resources") {
        ws.resources.push(ResourceDraft {
            arn: string_of(member(resource, "arn")),
            account: string_of(member(resource, "account")),
            policy: member(resource, "policy").map(|p| im.policy(p)),
            tags: tags_of(member(resource, "tags")),
            block_public_access: member(resource, "blockPublicAccess")
                .map(|v| source_of(text, v.span))
                .unwrap_or_default(),
        });
    }
    for endpoint in items("vpcEndpoints") {
        ws.vpc_endpoints.push(VpcEndpointDraft {
            id: string_of(member(endpoint, "id")),
            vpc: string_of(member(endpoint, "vpc")),
            account: string_of(member(endpoint, "account")),
            policy: member(endpoint, "policy").map(|p| im.policy(p)),
        });
    }
    for request in items("requests") {
        let id = im.id();
        ws.requests.push(RequestDraft {
            id,
            name: string_of(member(request, "name")),
            principal: string_of(member(request, "principal")),
            assume: hops_of(text, member(request, "assume")),
            action: string_of(member(request, "action")),
            resource: string_of(member(request, "resource")),
            context: member(request, "context")
                .map(|c| source_of(text, c.span))
                .unwrap_or_default(),
            session_policy: member(request, "sessionPolicy").map(|p| im.policy(p)),
            expect: string_of(member(request, "expect")),
            vpc_endpoint: string_of(member(request, "vpcEndpoint")),
        });
    }
    ws.next_id = im.next_id;
    Ok(ws)
}

// ---------------------------------------------------------------------------------------------------------
// The workspace's own format (autosave, share links): everything, broken policy texts included.

fn tags_json(tags: &[(String, String)]) -> Json {
    arr(tags.iter().map(|(k, v)| arr([k.into(), v.into()])))
}

impl PolicyDraft {
    fn to_json(&self) -> Json {
        obj([
            ("id", self.id.into()),
            ("name", (&self.name).into()),
            ("text", (&self.text).into()),
        ])
    }
}

fn policy_list_json(list: &[PolicyDraft]) -> Json {
    arr(list.iter().map(PolicyDraft::to_json))
}

fn levels_json(levels: &Option<Vec<Vec<PolicyDraft>>>) -> Json {
    levels.as_ref().map_or(Json::Null, |levels| {
        arr(levels.iter().map(|l| policy_list_json(l)))
    })
}

impl Workspace {
    /// The workspace as JSON in its own format (version 1).
    pub fn to_json(&self) -> Json {
        obj([
            ("format", 1u32.into()),
            ("name", (&self.name).into()),
            ("description", (&self.description).into()),
            ("example", (&self.example).into()),
            (
                "accounts",
                arr(self.accounts.iter().map(|a| {
                    obj([
                        ("id", (&a.id).into()),
                        ("name", (&a.name).into()),
                        ("scps", levels_json(&a.scps)),
                        ("rcps", levels_json(&a.rcps)),
                        ("block_public_access", (&a.block_public_access).into()),
                    ])
                })),
            ),
            (
                "groups",
                arr(self.groups.iter().map(|g| {
                    obj([
                        ("arn", (&g.arn).into()),
                        ("policies", policy_list_json(&g.policies)),
                    ])
                })),
            ),
            (
                "users",
                arr(self.users.iter().map(|u| {
                    obj([
                        ("arn", (&u.arn).into()),
                        ("groups", u.groups.clone().into()),
                        ("policies", policy_list_json(&u.policies)),
                        (
                            "boundary",
                            u.boundary.as_ref().map_or(Json::Null, PolicyDraft::to_json),
                        ),
                        ("tags", tags_json(&u.tags)),
                    ])
                })),
            ),
            (
                "roles",
                arr(self.roles.iter().map(|r| {
                    obj([
                        ("arn", (&r.arn).into()),
                        (
                            "trust",
                            r.trust.as_ref().map_or(Json::Null, PolicyDraft::to_json),
                        ),
                        ("policies", policy_list_json(&r.policies)),
                        (
                            "boundary",
                            r.boundary.as_ref().map_or(Json::Null, PolicyDraft::to_json),
                        ),
                        ("max_session_duration", r.max_session_duration.into()),
                        ("tags", tags_json(&r.tags)),
                    ])
                })),
            ),
            (
                "resources",
                arr(self.resources.iter().map(|r| {
                    obj([
                        ("arn", (&r.arn).into()),
                        ("account", (&r.account).into()),
                        (
                            "policy",
                            r.policy.as_ref().map_or(Json::Null, PolicyDraft::to_json),
                        ),
                        ("tags", tags_json(&r.tags)),
                        ("block_public_access", (&r.block_public_access).into()),
                    ])
                })),
            ),
            (
                "vpc_endpoints",
                arr(self.vpc_endpoints.iter().map(|e| {
                    obj([
                        ("id", (&e.id).into()),
                        ("vpc", (&e.vpc).into()),
                        ("account", (&e.account).into()),
                        (
                            "policy",
                            e.policy.as_ref().map_or(Json::Null, PolicyDraft::to_json),
                        ),
                    ])
                })),
            ),
            (
                "requests",
                arr(self.requests.iter().map(|q| {
                    obj([
                        ("id", q.id.into()),
                        ("name", (&q.name).into()),
                        ("principal", (&q.principal).into()),
                        ("assume", q.assume.clone().into()),
                        ("action", (&q.action).into()),
                        ("resource", (&q.resource).into()),
                        ("context", (&q.context).into()),
                        (
                            "session_policy",
                            q.session_policy
                                .as_ref()
                                .map_or(Json::Null, PolicyDraft::to_json),
                        ),
                        ("expect", (&q.expect).into()),
                        ("vpc_endpoint", (&q.vpc_endpoint).into()),
                    ])
                })),
            ),
            ("next_id", self.next_id.into()),
        ])
    }

    /// Reads the workspace's own format. Missing keys take their defaults; a wrong shape is an error.
    pub fn from_json(text: &str, max_bytes: usize) -> Result<Workspace, String> {
        let limits = Limits {
            max_bytes,
            ..Limits::default()
        };
        let value = json::parse(text, &limits).map_err(|d| {
            d.first()
                .map_or("not JSON".to_string(), |d| d.message.clone())
        })?;
        if value.value.as_object().is_none() {
            return Err("not a workspace (not an object)".into());
        }
        let Some(format) = member(&value, "format").and_then(number_of) else {
            return Err("not a workspace (no `format`)".into());
        };
        if format != 1 {
            return Err(format!(
                "a workspace in format {format}, which this page cannot read"
            ));
        }
        // Every list must be a list: anything else is not a workspace this page wrote.
        for key in [
            "accounts",
            "groups",
            "users",
            "roles",
            "resources",
            "vpc_endpoints",
            "requests",
        ] {
            if member(&value, key).is_some_and(|v| v.value.as_array().is_none()) {
                return Err(format!("not a workspace (`{key}` is not a list)"));
            }
        }
        let list = |v: &SpannedValue, key: &str| -> Vec<SpannedValue> {
            member(v, key)
                .and_then(|v| v.value.as_array())
                .map(<[SpannedValue]>::to_vec)
                .unwrap_or_default()
        };
        let policy = |v: Option<&SpannedValue>| -> Option<PolicyDraft> {
            let v = v?;
            v.value.as_object()?;
            Some(PolicyDraft {
                id: member(v, "id").and_then(number_of).unwrap_or(0),
                name: string_of(member(v, "name")),
                text: string_of(member(v, "text")),
            })
        };
        let policies = |v: &SpannedValue, key: &str| -> Vec<PolicyDraft> {
            list(v, key)
                .iter()
                .filter_map(|p| policy(Some(p)))
                .collect()
        };
        let levels = |v: &SpannedValue, key: &str| -> Option<Vec<Vec<PolicyDraft>>> {
            let items = member(v, key)?.value.as_array()?;
            Some(
                items
                    .iter()
                    .map(|level| {
                        level
                            .value
                            .as_array()
                            .unwrap_or_default()
                            .iter()
                            .filter_map(|p| policy(Some(p)))
                            .collect()
                    })
                    .collect(),
            )
        };
        let tags = |v: &SpannedValue| -> Vec<(String, String)> {
            list(v, "tags")
                .iter()
                .filter_map(|pair| {
                    let items = pair.value.as_array()?;
                    Some((
                        items.first()?.value.as_str()?.to_string(),
                        items.get(1)?.value.as_str()?.to_string(),
                    ))
                })
                .collect()
        };
        let ws = Workspace {
            name: string_of(member(&value, "name")),
            description: string_of(member(&value, "description")),
            example: string_of(member(&value, "example")),
            accounts: list(&value, "accounts")
                .iter()
                .map(|a| AccountDraft {
                    id: string_of(member(a, "id")),
                    name: string_of(member(a, "name")),
                    scps: levels(a, "scps"),
                    rcps: levels(a, "rcps"),
                    block_public_access: string_of(member(a, "block_public_access")),
                })
                .collect(),
            groups: list(&value, "groups")
                .iter()
                .map(|g| GroupDraft {
                    arn: string_of(member(g, "arn")),
                    policies: policies(g, "policies"),
                })
                .collect(),
            users: list(&value, "users")
                .iter()
                .map(|u| UserDraft {
                    arn: string_of(member(u, "arn")),
                    groups: strings_of(member(u, "groups")),
                    policies: policies(u, "policies"),
                    boundary: policy(member(u, "boundary")),
                    tags: tags(u),
                })
                .collect(),
            roles: list(&value, "roles")
                .iter()
                .map(|r| RoleDraft {
                    arn: string_of(member(r, "arn")),
                    trust: policy(member(r, "trust")),
                    policies: policies(r, "policies"),
                    boundary: policy(member(r, "boundary")),
                    max_session_duration: member(r, "max_session_duration").and_then(number_of),
                    tags: tags(r),
                })
                .collect(),
            resources: list(&value, "resources")
                .iter()
                .map(|r| ResourceDraft {
                    arn: string_of(member(r, "arn")),
                    account: string_of(member(r, "account")),
                    policy: policy(member(r, "policy")),
                    tags: tags(r),
                    block_public_access: string_of(member(r, "block_public_access")),
                })
                .collect(),
            vpc_endpoints: list(&value, "vpc_endpoints")
                .iter()
                .map(|e| VpcEndpointDraft {
                    id: string_of(member(e, "id")),
                    vpc: string_of(member(e, "vpc")),
                    account: string_of(member(e, "account")),
                    policy: policy(member(e, "policy")),
                })
                .collect(),
            requests: list(&value, "requests")
                .iter()
                .map(|q| RequestDraft {
                    id: member(q, "id").and_then(number_of).unwrap_or(0),
                    name: string_of(member(q, "name")),
                    principal: string_of(member(q, "principal")),
                    assume: strings_of(member(q, "assume")),
                    action: string_of(member(q, "action")),
                    resource: string_of(member(q, "resource")),
                    context: string_of(member(q, "context")),
                    session_policy: policy(member(q, "session_policy")),
                    expect: string_of(member(q, "expect")),
                    vpc_endpoint: string_of(member(q, "vpc_endpoint")),
                })
                .collect(),
            next_id: member(&value, "next_id").and_then(number_of).unwrap_or(0),
        };
        Ok(ws)
    }
}

fn number_of(value: &SpannedValue) -> Option<u32> {
    match &value.value {
        Value::Number(text) => text.parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn drafts_come_in_the_order_of_policies() {
        for (id, _) in crate::gallery::EXAMPLES {
            let ws = import_scenario(crate::gallery::example(id).expect("example")).expect("ws");
            let from_policies: Vec<u32> = ws.policies().iter().map(|p| p.draft.id).collect();
            let from_drafts: Vec<u32> = ws.drafts().map(|d| d.id).collect();
            assert_eq!(from_policies, from_drafts, "{id}");
        }
    }

    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    const SCENARIO: &str = r#"{
  "name": "demo",
  "accounts": { "111111111111": { "name": "dev", "scps": [[{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}]] } },
  "groups": [ { "arn": "arn:aws:iam::111111111111:group/Devs", "policies": [ { "name": "Read", "document": {
      "Version": "2012-10-17",
      "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" } ]
    } } ] } ],
  "users": [ { "arn": "arn:aws:iam::111111111111:user/alice", "groups": ["arn:aws:iam::111111111111:group/Devs"],
               "tags": { "team": "a" } } ],
  "roles": [ { "arn": "arn:aws:iam::111111111111:role/app", "maxSessionDuration": 7200,
               "trustPolicy": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow",
                 "Principal": { "Service": "lambda.amazonaws.com" }, "Action": "sts:AssumeRole" } ] } } ],
  "resources": [ { "arn": "arn:aws:s3:::bucket", "account": "111111111111" } ],
  "requests": [ { "name": "read", "principal": "arn:aws:iam::111111111111:user/alice",
                  "action": "s3:GetObject", "resource": "arn:aws:s3:::bucket/k", "context": { "aws:SourceIp": "1.2.3.4" },
                  "expect": "Allow" } ]
}"#;

    #[test]
    fn import_keeps_policy_text_and_every_entity() {
        let ws = import_scenario(SCENARIO).expect("imports");
        assert_eq!(ws.name, "demo");
        assert_eq!(ws.accounts.len(), 1);
        assert_eq!(ws.groups[0].policies[0].name, "Read");
        let text = &ws.groups[0].policies[0].text;
        assert!(text.starts_with("{\n  \"Version\""), "{text}");
        assert!(text.ends_with("\n}"), "{text}");
        assert_eq!(
            ws.users[0].tags,
            vec![("team".to_string(), "a".to_string())]
        );
        assert_eq!(ws.roles[0].max_session_duration, Some(7200));
        assert!(ws.roles[0].trust.is_some());
        assert_eq!(ws.requests[0].context, r#"{ "aws:SourceIp": "1.2.3.4" }"#);
        let ids: Vec<u32> = ws.policies().iter().map(|p| p.draft.id).collect();
        let mut unique = ids.clone();
        unique.dedup();
        assert_eq!(ids.len(), 3);
        assert_eq!(ids, unique);
    }

    #[test]
    fn export_loads_in_the_core_and_maps_spans_back_to_editors() {
        let ws = import_scenario(SCENARIO).expect("imports");
        let out = ws.to_scenario(true);
        let loaded = iamplay_core::scenario::load_scenario(&out.text);
        assert!(
            loaded.scenario.is_some(),
            "{:?}\n{}",
            loaded.diagnostics,
            out.text
        );
        let scenario = loaded.scenario.expect("loaded");
        let trust = scenario.roles[0].trust_policy.as_ref().expect("trust");
        let statement = &trust.policy.statements[0];
        let (slot, local) = out
            .locate(statement.span.start.offset as usize)
            .expect("located");
        let trust_id = ws.roles[0].trust.as_ref().expect("trust").id;
        assert_eq!(slot, Slot::Policy(trust_id));
        let trust_text = &ws.roles[0].trust.as_ref().expect("trust").text;
        assert!(trust_text[local..].starts_with("{ \"Effect\""));
        // Round trip: importing the export gives the same workspace.
        let again = import_scenario(&out.text).expect("reimports");
        assert_eq!(again.users, ws.users);
        assert_eq!(again.groups, ws.groups);
        assert_eq!(again.requests, ws.requests);
    }

    #[test]
    fn hostile_names_are_escaped_in_the_export() {
        let mut ws = import_scenario(SCENARIO).expect("imports");
        ws.requests[0].name = "\"}, \"x\": <script>\n".into();
        let out = ws.to_scenario(true);
        let loaded = iamplay_core::scenario::load_scenario(&out.text);
        let scenario = loaded.scenario.expect("still a valid scenario");
        assert_eq!(
            scenario.requests[0].name.as_ref().map(|n| n.value.as_str()),
            Some("\"}, \"x\": <script>\n")
        );
    }

    #[test]
    fn the_own_format_round_trips_every_field() {
        let mut ws = import_scenario(SCENARIO).expect("imports");
        ws.users[0].boundary = Some(PolicyDraft {
            id: 99,
            name: String::new(),
            text: "{ broken \"é🎉".into(),
        });
        ws.requests[0]
            .assume
            .push("arn:aws:iam::111111111111:role/app".into());
        ws.example = "demo".into();
        let text = ws.to_json().text();
        assert_eq!(Workspace::from_json(&text, 1 << 20), Ok(ws));
        assert!(Workspace::from_json("[1]", 1 << 20).is_err());
        assert!(
            Workspace::from_json("{\"users\": \"everyone\", \"requests\": 7}", 1 << 20).is_err()
        );
        assert!(Workspace::from_json("{\"format\": 1, \"users\": \"everyone\"}", 1 << 20).is_err());
        assert!(
            Workspace::from_json("{\"format\": 2}", 1 << 20).is_err_and(|e| e.contains("format 2"))
        );
    }

    #[test]
    fn endpoints_hop_objects_and_block_public_access_survive_the_workspace() {
        let text = r#"{
  "accounts": { "111111111111": { "s3BlockPublicAccess": { "restrictPublicBuckets": true } } },
  "roles": [ { "arn": "arn:aws:iam::111111111111:role/app" } ],
  "resources": [ { "arn": "arn:aws:s3:::b", "account": "111111111111",
                   "blockPublicAccess": { "blockPublicPolicy": true } } ],
  "vpcEndpoints": [ { "id": "vpce-1a2b3c4d", "vpc": "vpc-0abc", "policy": {
      "Version": "2012-10-17",
      "Statement": [ { "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*" } ] } } ],
  "requests": [ { "principal": "arn:aws:iam::111111111111:user/ann",
                  "assume": [ { "role": "arn:aws:iam::111111111111:role/app", "sessionName": "ann",
                                "tags": { "project": "blue" } } ],
                  "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "vpcEndpoint": "vpce-1a2b3c4d" } ]
}"#;
        let ws = import_scenario(text).expect("imports");
        let endpoint = ws
            .policies()
            .into_iter()
            .find(|p| p.kind_name() == "endpoint");
        assert_eq!(endpoint.map(|p| p.owner), Some("vpce-1a2b3c4d".to_string()));
        let out = ws.to_scenario(true);
        let loaded = iamplay_core::scenario::load_scenario(&out.text);
        let Some(scenario) = loaded.scenario else {
            panic!("{:?}\n{}", loaded.diagnostics, out.text);
        };
        assert_eq!(scenario.vpc_endpoints.len(), 1);
        let request = &scenario.requests[0];
        assert_eq!(
            request.vpc_endpoint.as_ref().map(|id| id.value.as_str()),
            Some("vpce-1a2b3c4d")
        );
        assert_eq!(
            request.assume[0]
                .session_name
                .as_ref()
                .map(|n| n.value.as_str()),
            Some("ann")
        );
        assert_eq!(
            request.assume[0].tags.get("project").map(String::as_str),
            Some("blue")
        );
        assert!(scenario.accounts[0]
            .s3_block_public_access
            .is_some_and(|s| s.restrict_public_buckets));
        assert!(scenario.resources[0]
            .block_public_access
            .is_some_and(|s| s.block_public_policy));
        // The workspace's own format keeps them too.
        assert_eq!(Workspace::from_json(&ws.to_json().text(), 1 << 20), Ok(ws));
    }

    #[test]
    fn addresses_find_policies() {
        let ws = import_scenario(SCENARIO).expect("imports");
        let trust = ws.roles[0].trust.as_ref().expect("trust").id;
        assert_eq!(ws.find_policy("trust:role/app"), Some(trust));
        assert_eq!(ws.find_policy("trust:app"), Some(trust));
        assert_eq!(ws.find_policy("trust"), Some(trust));
        let read = ws.groups[0].policies[0].id;
        assert_eq!(ws.find_policy("identity:group/Devs#Read"), Some(read));
        assert_eq!(ws.find_policy(&read.to_string()), Some(read));
        assert_eq!(ws.find_policy("resource"), None);
    }

    #[test]
    fn every_gallery_example_imports_and_loads() {
        for (id, text) in crate::gallery::EXAMPLES {
            let ws = import_scenario(text).unwrap_or_else(|e| panic!("{id}: {e}"));
            let out = ws.to_scenario(true);
            let loaded = iamplay_core::scenario::load_scenario(&out.text);
            assert!(loaded.scenario.is_some(), "{id}: {:?}", loaded.diagnostics);
            assert_eq!(
                loaded.scenario.map(|s| s.requests.len()),
                Some(ws.requests.len())
            );
        }
    }
}
