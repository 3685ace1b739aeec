//! Reads a scenario file from spanned JSON into the model, reporting every problem at once (E05xx codes, plus
//! the JSON parser's E01xx and the policy parser's E02xx diagnostics, all with file-relative spans).

use super::codes;
use super::model::{
    Account, AssumeHop, BlockPublicAccess, ExpectFacts, Group, Request, Resource, Role, Scenario,
    ScenarioPolicy, User, VpcEndpoint,
};
use super::principal::{parse_principal, CallerSpec};
use crate::context::{ContextValue, RequestContext};
use crate::diagnostic::{Diagnostic, Related, Span, Spanned};
use crate::explain::Decision;
use crate::json::{Limits, Member, SpannedValue, Value};
use crate::managed::{is_managed_policy_arn, ManagedPolicySource};
use crate::policy::model::PolicyKind;
use crate::policy::parse_policy_value;
use crate::policy::suggest::did_you_mean;
use std::collections::{BTreeMap, HashMap, HashSet};

/// AWS's range for a role's maximum session duration, in seconds (IAM API Reference, `CreateRole`).
const SESSION_DURATION_RANGE: std::ops::RangeInclusive<u32> = 3600..=43200;

/// The most work checking a scenario's requests may take (`max_work`), in steps as `work::estimate` counts
/// them: about one policy value matched, or one entity looked up, per step; 5 × 10⁷ steps take about two
/// seconds (`check` explains every statement; benches/limits.rs). Lists themselves have no length limit — a real account export has thousands of principals and
/// policies, and loading is linear — but a hostile file could otherwise pair a huge policy with a huge number of
/// requests (docs/security.md, "Limits"). Real scenarios stay orders of magnitude below: 600 requests by
/// principals holding `ReadOnlyAccess` are about 2 × 10⁶ steps.
pub const MAX_WORK: u64 = 50_000_000;

/// The result of loading: the scenario when there is no error, and every diagnostic found.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedScenario {
    pub scenario: Option<Scenario>,
    pub diagnostics: Vec<Diagnostic>,
}

/// What a load may draw on besides the text.
#[derive(Clone, Copy, Default)]
pub struct LoadOptions<'m> {
    /// Where AWS managed policy ARNs (`"policies": ["arn:aws:iam::aws:policy/ReadOnlyAccess"]`) are looked
    /// up: the embedded snapshot in the CLI, a registered copy in JavaScript. Without one, every such ARN is
    /// an error ([`codes::E0515_UNKNOWN_MANAGED_POLICY`]) saying the policies are not loaded.
    pub managed_policies: Option<&'m dyn ManagedPolicySource>,
}

impl std::fmt::Debug for LoadOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoadOptions")
            .field(
                "managed_policies",
                &self
                    .managed_policies
                    .map(ManagedPolicySource::managed_policy_source),
            )
            .finish()
    }
}

impl<'m> LoadOptions<'m> {
    /// Options that look AWS managed policy ARNs up in `source`.
    pub fn with_managed_policies(source: &'m dyn ManagedPolicySource) -> Self {
        Self {
            managed_policies: Some(source),
        }
    }
}

/// Loads a scenario file. Never panics; `scenario` is `Some` exactly when no diagnostic is an error. AWS managed
/// policy ARNs are errors here: use [`load_scenario_with`] to supply their documents.
pub fn load_scenario(text: &str) -> LoadedScenario {
    load_scenario_with(text, &LoadOptions::default())
}

/// Loads a scenario file, looking AWS managed policy ARNs up where `options` says.
pub fn load_scenario_with(text: &str, options: &LoadOptions<'_>) -> LoadedScenario {
    match crate::json::parse(text, &Limits::scenario()) {
        Ok(value) => load_scenario_value_with(&value, options),
        Err(diagnostics) => LoadedScenario {
            scenario: None,
            diagnostics,
        },
    }
}

/// Loads a scenario already read as spanned JSON.
pub fn load_scenario_value(value: &SpannedValue) -> LoadedScenario {
    load_scenario_value_with(value, &LoadOptions::default())
}

/// Loads a scenario already read as spanned JSON, looking AWS managed policy ARNs up where `options` says.
pub fn load_scenario_value_with(value: &SpannedValue, options: &LoadOptions<'_>) -> LoadedScenario {
    let mut loader = Loader {
        diagnostics: Vec::new(),
        managed: options.managed_policies,
    };
    let scenario = loader.scenario(value);
    loader.cross_checks(scenario.as_ref());
    let failed = loader.diagnostics.iter().any(Diagnostic::is_error);
    LoadedScenario {
        scenario: if failed { None } else { scenario },
        diagnostics: loader.diagnostics,
    }
}

/// The keys each object of the format accepts (docs/scenario.schema.json lists the same).
pub mod keys {
    pub const TOP: &[&str] = &[
        "name",
        "description",
        "accounts",
        "groups",
        "users",
        "roles",
        "resources",
        "vpcEndpoints",
        "requests",
    ];
    pub const ACCOUNT: &[&str] = &["name", "scps", "rcps", "s3BlockPublicAccess"];
    /// `s3BlockPublicAccess` of an account, `blockPublicAccess` of a bucket.
    pub const BLOCK_PUBLIC_ACCESS: &[&str] = &[
        "blockPublicAcls",
        "ignorePublicAcls",
        "blockPublicPolicy",
        "restrictPublicBuckets",
    ];
    pub const GROUP: &[&str] = &["arn", "policies"];
    pub const USER: &[&str] = &["arn", "groups", "policies", "permissionsBoundary", "tags"];
    pub const ROLE: &[&str] = &[
        "arn",
        "trustPolicy",
        "policies",
        "permissionsBoundary",
        "maxSessionDuration",
        "tags",
    ];
    pub const RESOURCE: &[&str] = &["arn", "account", "policy", "tags", "blockPublicAccess"];
    pub const REQUEST: &[&str] = &[
        "name",
        "principal",
        "assume",
        "action",
        "resource",
        "context",
        "sessionPolicy",
        "vpcEndpoint",
        "expect",
        "source",
        "expectFacts",
    ];
    /// An `assume` hop written as an object.
    pub const ASSUME_HOP: &[&str] = &[
        "role",
        "sessionName",
        "tags",
        "transitiveTagKeys",
        "sourceIdentity",
    ];
    pub const NAMED_POLICY: &[&str] = &["name", "document"];
    pub const VPC_ENDPOINT: &[&str] = &["id", "vpc", "account", "policy"];
    pub const FACTS: &[&str] = &["sameAccount", "decisiveSid", "deniedBy", "deniedHop"];
    /// The `deniedBy` values (tests/golden/README.md).
    pub const DENIED_BY: &[&str] = &[
        "identity", "resource", "trust", "boundary", "session", "scp", "rcp", "endpoint", "aws",
    ];
    pub const DECISIONS: &[&str] = &["Allow", "ExplicitDeny", "ImplicitDeny"];
}

struct Loader<'m> {
    diagnostics: Vec<Diagnostic>,
    managed: Option<&'m dyn ManagedPolicySource>,
}

fn member<'v>(members: &'v [Member], key: &str) -> Option<&'v Member> {
    members.iter().find(|m| m.key == key)
}

fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

/// The part of an entity ARN after the fifth colon (`user/john`), for policy ids.
fn short_name(arn: &str) -> &str {
    crate::arn::Arn::parse(arn).map_or(arn, |parsed| parsed.resource)
}

impl Loader<'_> {
    fn error(&mut self, code: &'static str, message: String, span: Span, help: &str) {
        self.diagnostics
            .push(Diagnostic::error(code, message, Some(span)).with_help(help));
    }

    fn wrong_type(&mut self, value: &SpannedValue, what: &str, expected: &str) {
        self.error(
            codes::E0503_WRONG_TYPE,
            format!("{what} must be {expected}, not {}", value.value.type_name()),
            value.span,
            &format!("write {what} as {expected}"),
        );
    }

    /// The members of an object, checking for unknown and repeated keys.
    fn object<'v>(
        &mut self,
        value: &'v SpannedValue,
        what: &str,
        allowed: &[&str],
    ) -> Option<&'v [Member]> {
        let Value::Object(members) = &value.value else {
            self.wrong_type(value, what, "an object");
            return None;
        };
        // First occurrences by key keep this linear: a hostile `tags` object can hold 100,000 keys.
        let mut first_seen: HashMap<&str, &Member> = HashMap::with_capacity(members.len());
        for m in members {
            if let Some(first) = first_seen.get(m.key.as_str()).copied() {
                self.diagnostics.push(
                    Diagnostic::error(
                        codes::E0512_DUPLICATE_KEY,
                        format!("{what} has the key `{}` twice", m.key),
                        Some(m.key_span),
                    )
                    .with_help("remove one of them; only one can count")
                    .with_related(first.key_span, "first written here"),
                );
            } else {
                first_seen.insert(m.key.as_str(), m);
            }
            if !allowed.is_empty() && !allowed.contains(&m.key.as_str()) {
                let help = match did_you_mean(&m.key, allowed.iter().copied()) {
                    Some(suggestion) => format!("did you mean `{suggestion}`?"),
                    None => format!(
                        "the keys of {what} are {}",
                        allowed
                            .iter()
                            .map(|key| format!("`{key}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                self.error(
                    codes::E0502_UNKNOWN_KEY,
                    format!("{what} has an unknown key `{}`", m.key),
                    m.key_span,
                    &help,
                );
            }
        }
        Some(members)
    }

    fn array<'v>(&mut self, value: &'v SpannedValue, what: &str) -> Option<&'v [SpannedValue]> {
        match &value.value {
            Value::Array(items) => Some(items),
            _ => {
                self.wrong_type(value, what, "an array");
                None
            }
        }
    }

    fn string(&mut self, value: &SpannedValue, what: &str) -> Option<Spanned<String>> {
        match &value.value {
            Value::String(text) => Some(Spanned::new(text.clone(), value.span)),
            _ => {
                self.wrong_type(value, what, "a string");
                None
            }
        }
    }

    fn optional_string(
        &mut self,
        members: &[Member],
        key: &str,
        what: &str,
    ) -> Option<Spanned<String>> {
        member(members, key).and_then(|m| self.string(&m.value, what))
    }

    /// A required string member; reports its absence at `owner`.
    fn required_string(
        &mut self,
        members: &[Member],
        key: &str,
        what: &str,
        owner: Span,
    ) -> Option<Spanned<String>> {
        match member(members, key) {
            Some(m) => self.string(&m.value, what),
            None => {
                self.error(
                    codes::E0504_MISSING_KEY,
                    format!("{what} is missing"),
                    owner,
                    &format!("add `\"{key}\": ...`"),
                );
                None
            }
        }
    }

    fn tags(&mut self, members: &[Member], what: &str) -> BTreeMap<String, String> {
        let mut tags = BTreeMap::new();
        let Some(m) = member(members, "tags") else {
            return tags;
        };
        let Some(entries) = self.object(&m.value, &format!("the `tags` of {what}"), &[]) else {
            return tags;
        };
        for entry in entries {
            let label = format!("the tag `{}`", entry.key);
            match &entry.value.value {
                Value::String(text) => {
                    tags.insert(entry.key.clone(), text.clone());
                }
                _ => self.wrong_type(&entry.value, &label, "a string"),
            }
        }
        tags
    }

    /// One policy document or `{"name": ..., "document": ...}` entry.
    fn policy_entry(
        &mut self,
        value: &SpannedValue,
        kind: PolicyKind,
        id: String,
        what: &str,
    ) -> Option<ScenarioPolicy> {
        let (document, name) = match &value.value {
            Value::Object(members) if member(members, "document").is_some() => {
                let members = self.object(value, what, keys::NAMED_POLICY)?;
                let name = self.optional_string(members, "name", &format!("the `name` of {what}"));
                let document = member(members, "document").map(|m| &m.value)?;
                (document, name)
            }
            Value::Object(_) => (value, None),
            Value::String(arn) if matches!(kind, PolicyKind::Identity | PolicyKind::Boundary) => {
                return self.managed_policy(arn, value.span, kind, id, what);
            }
            _ => {
                let expected = if matches!(kind, PolicyKind::Identity | PolicyKind::Boundary) {
                    "a policy document object or an AWS managed policy ARN"
                } else {
                    "a policy document object"
                };
                self.wrong_type(value, what, expected);
                return None;
            }
        };
        let parsed = parse_policy_value(document, kind);
        self.diagnostics.extend(parsed.diagnostics);
        let policy = parsed.policy?;
        let id = match &name {
            Some(name) => format!("{id}:{}", name.value),
            None => id,
        };
        Some(ScenarioPolicy {
            id,
            name,
            policy,
            span: value.span,
            managed_arn: None,
        })
    }

    /// An AWS managed policy attached by ARN, looked up in the caller's source. Its id is `owner:Name`
    /// (`user/ana:ReadOnlyAccess`) in a `policies` list and `owner:boundary:Name` as a boundary; its spans stay
    /// relative to the managed policy's own text.
    fn managed_policy(
        &mut self,
        arn: &str,
        span: Span,
        kind: PolicyKind,
        id: String,
        what: &str,
    ) -> Option<ScenarioPolicy> {
        if !is_managed_policy_arn(arn) {
            let help = if arn.contains(":policy/") {
                "only AWS managed policies (`arn:aws:iam::aws:policy/...`) can be attached by ARN; write a \
                 customer managed policy's document in place, as `{\"name\": ..., \"document\": {...}}`"
            } else {
                "write an AWS managed policy ARN such as `arn:aws:iam::aws:policy/ReadOnlyAccess`, or the \
                 policy document itself"
            };
            self.error(
                codes::E0516_NOT_A_MANAGED_POLICY_ARN,
                format!("{what} is `{arn}`, which is not an AWS managed policy ARN"),
                span,
                help,
            );
            return None;
        }
        let Some(source) = self.managed else {
            self.error(
                codes::E0515_UNKNOWN_MANAGED_POLICY,
                format!("{what} is the AWS managed policy `{arn}`, but no AWS managed policies are loaded"),
                span,
                "the `iamplay` CLI has them built in; in JavaScript, call `registerManagedPolicies(text)` \
                 with the snapshot file first",
            );
            return None;
        };
        let Some(managed) = source.managed_policy(arn) else {
            let help = match source.suggest_managed_policy(arn) {
                Some(suggestion) => format!("did you mean `{suggestion}`?"),
                None => format!(
                    "the snapshot ({}) has no policy of that name; check the ARN and its path, e.g. \
                     `arn:aws:iam::aws:policy/job-function/ViewOnlyAccess`",
                    source.managed_policy_source()
                ),
            };
            self.error(
                codes::E0515_UNKNOWN_MANAGED_POLICY,
                format!("{what} is `{arn}`, which is not an AWS managed policy"),
                span,
                &help,
            );
            return None;
        };
        let policy = match managed.policy(kind) {
            Ok(policy) => policy.clone(),
            Err(errors) => {
                let first = errors.first().map_or("", |error| error.message.as_str());
                self.error(
                    codes::E0515_UNKNOWN_MANAGED_POLICY,
                    format!("the AWS managed policy `{arn}` does not parse: {first}"),
                    span,
                    "the snapshot of AWS managed policies is damaged; regenerate it with `make managed-policies`",
                );
                return None;
            }
        };
        // Named like a `{"name", "document"}` entry of that name: `policy_list` makes it `owner:Name`.
        let name = managed.name();
        let id = format!("{id}:{name}");
        Some(ScenarioPolicy {
            id,
            name: Some(Spanned::new(name.to_string(), span)),
            policy,
            span,
            managed_arn: Some(managed.arn().to_string()),
        })
    }

    /// A `policies` array of identity policies; ids are `owner:name` or `owner:policy<n>` (1-based).
    fn policy_list(&mut self, members: &[Member], owner: &str, what: &str) -> Vec<ScenarioPolicy> {
        let Some(m) = member(members, "policies") else {
            return Vec::new();
        };
        let Some(items) = self.array(&m.value, &format!("the `policies` of {what}")) else {
            return Vec::new();
        };
        items
            .iter()
            .enumerate()
            .filter_map(|(position, item)| {
                self.policy_entry(
                    item,
                    PolicyKind::Identity,
                    format!("{owner}:policy{}", position + 1),
                    &format!("policy {} of {what}", position + 1),
                )
                .map(|mut policy| {
                    if policy.name.is_some() {
                        // Named policies read `owner:Name`, not `owner:policy1:Name`.
                        policy.id = format!(
                            "{owner}:{}",
                            policy.name.as_ref().map_or("", |n| n.value.as_str())
                        );
                    }
                    policy
                })
            })
            .collect()
    }

    fn single_policy(
        &mut self,
        members: &[Member],
        key: &str,
        kind: PolicyKind,
        id: String,
        what: &str,
    ) -> Option<ScenarioPolicy> {
        let m = member(members, key)?;
        self.policy_entry(&m.value, kind, id, what)
    }

    /// An entity ARN of the given IAM type (`user/`, `group/`, `role/`).
    fn entity_arn(&mut self, arn: &Spanned<String>, prefix: &str, what: &str) -> bool {
        let ok = crate::arn::Arn::parse(&arn.value).is_ok_and(|parsed| {
            parsed.service == "iam"
                && is_account_id(parsed.account)
                && parsed
                    .resource
                    .strip_prefix(prefix)
                    .is_some_and(|name| !name.is_empty())
        });
        if !ok {
            self.error(
                codes::E0509_BAD_ARN,
                format!("`{}` is not {what} ARN", arn.value),
                arn.span,
                &format!("write it as `arn:aws:iam::123456789012:{prefix}name`"),
            );
        }
        ok
    }

    fn scenario(&mut self, value: &SpannedValue) -> Option<Scenario> {
        let Value::Object(_) = &value.value else {
            self.error(
                codes::E0501_NOT_AN_OBJECT,
                format!(
                    "a scenario must be a JSON object, not {}",
                    value.value.type_name()
                ),
                value.span,
                "start the file with `{` and give it `requests`, `users`, `roles`, ...",
            );
            return None;
        };
        let members = self.object(value, "the scenario", keys::TOP)?;
        let name = self.optional_string(members, "name", "the scenario's `name`");
        let description =
            self.optional_string(members, "description", "the scenario's `description`");

        let accounts = match member(members, "accounts") {
            Some(m) => self.accounts(&m.value),
            None => Vec::new(),
        };
        let groups = self.section(members, "groups", Self::group);
        let users = self.section(members, "users", Self::user);
        let roles = self.section(members, "roles", Self::role);
        let resources = self.section(members, "resources", Self::resource);
        let vpc_endpoints = self.section(members, "vpcEndpoints", Self::vpc_endpoint);
        let requests = self.section(members, "requests", Self::request);
        Some(Scenario {
            name,
            description,
            accounts,
            groups,
            users,
            roles,
            resources,
            vpc_endpoints,
            requests,
            span: value.span,
        })
    }

    fn section<T>(
        &mut self,
        members: &[Member],
        key: &str,
        read: fn(&mut Self, &SpannedValue, usize) -> Option<T>,
    ) -> Vec<T> {
        let Some(m) = member(members, key) else {
            return Vec::new();
        };
        let Some(items) = self.array(&m.value, &format!("`{key}`")) else {
            return Vec::new();
        };
        items
            .iter()
            .enumerate()
            .filter_map(|(index, item)| read(self, item, index))
            .collect()
    }

    fn accounts(&mut self, value: &SpannedValue) -> Vec<Account> {
        let Some(entries) = self.object(value, "`accounts`", &[]) else {
            return Vec::new();
        };
        let mut accounts = Vec::new();
        for entry in entries {
            let id = Spanned::new(entry.key.clone(), entry.key_span);
            if !is_account_id(&id.value) {
                self.error(
                    codes::E0511_BAD_VALUE,
                    format!("`{}` is not a 12-digit AWS account id", id.value),
                    id.span,
                    "key each account by its 12-digit id, e.g. `\"123456789012\": {...}`",
                );
            }
            let what = format!("account `{}`", id.value);
            let Some(members) = self.object(&entry.value, &what, keys::ACCOUNT) else {
                continue;
            };
            let name = self.optional_string(members, "name", &format!("the `name` of {what}"));
            let scps = self.levels(members, "scps", PolicyKind::Scp, &id.value);
            let rcps = self.levels(members, "rcps", PolicyKind::Rcp, &id.value);
            let s3_block_public_access = member(members, "s3BlockPublicAccess").and_then(|m| {
                self.block_public_access(&m.value, &format!("the `s3BlockPublicAccess` of {what}"))
            });
            accounts.push(Account {
                id,
                name,
                scps,
                rcps,
                s3_block_public_access,
                span: entry.value.span,
            });
        }
        accounts
    }

    /// The four S3 Block Public Access settings, each `true` or `false`.
    fn block_public_access(
        &mut self,
        value: &SpannedValue,
        what: &str,
    ) -> Option<BlockPublicAccess> {
        let members = self.object(value, what, keys::BLOCK_PUBLIC_ACCESS)?;
        let mut settings = BlockPublicAccess {
            span: value.span,
            ..BlockPublicAccess::default()
        };
        for m in members {
            let Value::Bool(flag) = m.value.value else {
                self.wrong_type(&m.value, &format!("`{}`", m.key), "true or false");
                continue;
            };
            match m.key.as_str() {
                "blockPublicAcls" => settings.block_public_acls = flag,
                "ignorePublicAcls" => settings.ignore_public_acls = flag,
                "blockPublicPolicy" => settings.block_public_policy = flag,
                "restrictPublicBuckets" => settings.restrict_public_buckets = flag,
                _ => {}
            }
        }
        Some(settings)
    }

    /// `scps`/`rcps`: an array of levels, each an array of policies.
    fn levels(
        &mut self,
        members: &[Member],
        key: &str,
        kind: PolicyKind,
        account: &str,
    ) -> Option<Vec<Vec<ScenarioPolicy>>> {
        let m = member(members, key)?;
        let what = format!("the `{key}` of account `{account}`");
        let levels = self.array(&m.value, &what)?;
        let mut result = Vec::with_capacity(levels.len());
        for (level, item) in levels.iter().enumerate() {
            let level_what = format!("level {level} of {what}");
            let Some(policies) = self.array(item, &level_what) else {
                continue;
            };
            let mut list = Vec::with_capacity(policies.len());
            for (position, policy) in policies.iter().enumerate() {
                let id = format!("{key}:{account}/{level}:policy{}", position + 1);
                if let Some(mut parsed) = self.policy_entry(
                    policy,
                    kind,
                    id,
                    &format!("policy {} of {level_what}", position + 1),
                ) {
                    if let Some(name) = &parsed.name {
                        parsed.id = format!("{key}:{account}/{level}:{}", name.value);
                    }
                    list.push(parsed);
                }
            }
            result.push(list);
        }
        Some(result)
    }

    fn group(&mut self, value: &SpannedValue, index: usize) -> Option<Group> {
        let what = format!("group {}", index + 1);
        let members = self.object(value, &what, keys::GROUP)?;
        let arn =
            self.required_string(members, "arn", &format!("the `arn` of {what}"), value.span)?;
        self.entity_arn(&arn, "group/", "a group");
        let owner = short_name(&arn.value).to_string();
        let policies = self.policy_list(members, &owner, &format!("group `{}`", arn.value));
        Some(Group {
            arn,
            policies,
            span: value.span,
        })
    }

    fn user(&mut self, value: &SpannedValue, index: usize) -> Option<User> {
        let what = format!("user {}", index + 1);
        let members = self.object(value, &what, keys::USER)?;
        let arn =
            self.required_string(members, "arn", &format!("the `arn` of {what}"), value.span)?;
        self.entity_arn(&arn, "user/", "an IAM user");
        let owner = short_name(&arn.value).to_string();
        let label = format!("user `{}`", arn.value);
        let mut groups = Vec::new();
        if let Some(m) = member(members, "groups") {
            if let Some(items) = self.array(&m.value, &format!("the `groups` of {label}")) {
                for item in items {
                    if let Some(group) = self.string(item, &format!("a group of {label}")) {
                        groups.push(group);
                    }
                }
            }
        }
        let policies = self.policy_list(members, &owner, &label);
        let permissions_boundary = self.single_policy(
            members,
            "permissionsBoundary",
            PolicyKind::Boundary,
            format!("{owner}:boundary"),
            &format!("the permissions boundary of {label}"),
        );
        let tags = self.tags(members, &label);
        Some(User {
            arn,
            groups,
            policies,
            permissions_boundary,
            tags,
            span: value.span,
        })
    }

    fn role(&mut self, value: &SpannedValue, index: usize) -> Option<Role> {
        let what = format!("role {}", index + 1);
        let members = self.object(value, &what, keys::ROLE)?;
        let arn =
            self.required_string(members, "arn", &format!("the `arn` of {what}"), value.span)?;
        self.entity_arn(&arn, "role/", "an IAM role");
        let owner = short_name(&arn.value).to_string();
        let label = format!("role `{}`", arn.value);
        let trust_policy = self.single_policy(
            members,
            "trustPolicy",
            PolicyKind::Trust,
            format!("{owner}:trust"),
            &format!("the trust policy of {label}"),
        );
        let policies = self.policy_list(members, &owner, &label);
        let permissions_boundary = self.single_policy(
            members,
            "permissionsBoundary",
            PolicyKind::Boundary,
            format!("{owner}:boundary"),
            &format!("the permissions boundary of {label}"),
        );
        let max_session_duration = member(members, "maxSessionDuration")
            .and_then(|m| self.session_duration(&m.value, &label));
        let tags = self.tags(members, &label);
        Some(Role {
            arn,
            trust_policy,
            policies,
            permissions_boundary,
            max_session_duration,
            tags,
            span: value.span,
        })
    }

    fn session_duration(&mut self, value: &SpannedValue, label: &str) -> Option<Spanned<u32>> {
        let what = format!("the `maxSessionDuration` of {label}");
        let Value::Number(text) = &value.value else {
            self.wrong_type(value, &what, "a number of seconds");
            return None;
        };
        match text.parse::<u32>() {
            Ok(seconds) if SESSION_DURATION_RANGE.contains(&seconds) => {
                Some(Spanned::new(seconds, value.span))
            }
            _ => {
                self.error(
                    codes::E0511_BAD_VALUE,
                    format!("{what} is `{text}`, outside AWS's range of 3600 to 43200 seconds"),
                    value.span,
                    "use a whole number of seconds from 3600 (one hour) to 43200 (12 hours)",
                );
                None
            }
        }
    }

    fn resource(&mut self, value: &SpannedValue, index: usize) -> Option<Resource> {
        let what = format!("resource {}", index + 1);
        let members = self.object(value, &what, keys::RESOURCE)?;
        let arn =
            self.required_string(members, "arn", &format!("the `arn` of {what}"), value.span)?;
        let label = format!("resource `{}`", arn.value);
        let account =
            self.optional_string(members, "account", &format!("the `account` of {label}"));
        match crate::arn::Arn::parse(&arn.value) {
            Err(_) => self.error(
                codes::E0509_BAD_ARN,
                format!("`{}` is not an ARN", arn.value),
                arn.span,
                "write the resource as an ARN, e.g. `arn:aws:s3:::my-bucket`",
            ),
            Ok(parsed) => match (&account, parsed.account.is_empty()) {
                (None, true) => self.error(
                    codes::E0508_RESOURCE_WITHOUT_ACCOUNT,
                    format!("{label} has no owning account"),
                    arn.span,
                    "its ARN has no account (as for S3): add `\"account\": \"123456789012\"`",
                ),
                (Some(given), false) if given.value != parsed.account => self.error(
                    codes::E0511_BAD_VALUE,
                    format!(
                        "`account` `{}` contradicts the account `{}` in the ARN of {label}",
                        given.value, parsed.account
                    ),
                    given.span,
                    "remove `account`: the ARN already names the owner",
                ),
                _ => {}
            },
        }
        if let Some(given) = &account {
            if !is_account_id(&given.value) {
                self.error(
                    codes::E0511_BAD_VALUE,
                    format!("`{}` is not a 12-digit AWS account id", given.value),
                    given.span,
                    "write the owning account's 12-digit id",
                );
            }
        }
        let policy = self.single_policy(
            members,
            "policy",
            PolicyKind::Resource,
            arn.value.clone(),
            &format!("the policy of {label}"),
        );
        let tags = self.tags(members, &label);
        let block_public_access = member(members, "blockPublicAccess").and_then(|m| {
            self.block_public_access(&m.value, &format!("the `blockPublicAccess` of {label}"))
        });
        Some(Resource {
            arn,
            account,
            policy,
            tags,
            block_public_access,
            span: value.span,
        })
    }

    /// One `assume` hop: a role ARN, or `{"role", "sessionName", "tags", "transitiveTagKeys",
    /// "sourceIdentity"}`.
    fn assume_hop(&mut self, value: &SpannedValue, what: &str) -> Option<AssumeHop> {
        if let Value::String(_) = &value.value {
            return self.string(value, what).map(AssumeHop::role);
        }
        let Value::Object(_) = &value.value else {
            self.wrong_type(value, what, "a role ARN or an object with `role`");
            return None;
        };
        let members = self.object(value, what, keys::ASSUME_HOP)?;
        let role = self.required_string(
            members,
            "role",
            &format!("the `role` of {what}"),
            value.span,
        )?;
        let session_name = self.optional_string(
            members,
            "sessionName",
            &format!("the `sessionName` of {what}"),
        );
        if let Some(name) = &session_name {
            // AssumeRole's `RoleSessionName`: 2 to 64 characters of `[\w+=,.@-]` (AWS STS API Reference,
            // AssumeRole).
            let valid = (2..=64).contains(&name.value.chars().count())
                && name
                    .value
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c));
            if !valid {
                self.error(
                    codes::E0511_BAD_VALUE,
                    format!("the session name `{}` is not one STS accepts", name.value),
                    name.span,
                    "use 2 to 64 letters, digits or `_+=,.@-`",
                );
            }
        }
        let tags = self.tags(members, what);
        let mut transitive_tag_keys = Vec::new();
        if let Some(m) = member(members, "transitiveTagKeys") {
            let label = format!("the `transitiveTagKeys` of {what}");
            for item in self.array(&m.value, &label).unwrap_or_default() {
                let Some(key) = self.string(item, &label) else {
                    continue;
                };
                // "You cannot set role tags as transitive" (id_session-tags.md, "Chaining roles with session
                // tags"): a transitive key must be one of the hop's session tags.
                if !tags.keys().any(|tag| tag.eq_ignore_ascii_case(&key.value)) {
                    self.error(
                        codes::E0511_BAD_VALUE,
                        format!(
                            "`{}` is made transitive but is not a tag of {what}",
                            key.value
                        ),
                        key.span,
                        "list only keys of this hop's `tags`; role tags cannot be transitive",
                    );
                }
                transitive_tag_keys.push(key.value);
            }
        }
        let source_identity = self.optional_string(
            members,
            "sourceIdentity",
            &format!("the `sourceIdentity` of {what}"),
        );
        if let Some(identity) = &source_identity {
            // "between 2 and 64 characters long, ... alphanumeric characters, underscores, and ., + = @ -",
            // "You cannot use a value that begins with the text aws:" (id_credentials_temp_control-
            // access_monitor.md, "Things to know about source identity").
            let text = identity.value.as_str();
            let valid = (2..=64).contains(&text.chars().count())
                && text
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_.,+=@-".contains(c))
                && !text
                    .get(..4)
                    .is_some_and(|head| head.eq_ignore_ascii_case("aws:"));
            if !valid {
                self.error(
                    codes::E0511_BAD_VALUE,
                    format!("the source identity `{text}` is not one STS accepts"),
                    identity.span,
                    "use 2 to 64 letters, digits or `_.,+=@-`, not starting with `aws:`",
                );
            }
        }
        Some(AssumeHop {
            role,
            session_name,
            tags,
            transitive_tag_keys,
            source_identity,
            span: value.span,
        })
    }

    /// An entry of `vpcEndpoints`: `{"id", "vpc", "account", "policy"}`.
    fn vpc_endpoint(&mut self, value: &SpannedValue, index: usize) -> Option<VpcEndpoint> {
        let what = format!("VPC endpoint {}", index + 1);
        let members = self.object(value, &what, keys::VPC_ENDPOINT)?;
        let id = self.required_string(members, "id", &format!("the `id` of {what}"), value.span)?;
        if !id.value.starts_with("vpce-") {
            self.error(
                codes::E0511_BAD_VALUE,
                format!("`{}` is not a VPC endpoint id", id.value),
                id.span,
                "write the endpoint id as AWS shows it, e.g. `vpce-1a2b3c4d`",
            );
        }
        let label = format!("VPC endpoint `{}`", id.value);
        let vpc = self.optional_string(members, "vpc", &format!("the `vpc` of {label}"));
        if let Some(vpc) = &vpc {
            if !vpc.value.starts_with("vpc-") {
                self.error(
                    codes::E0511_BAD_VALUE,
                    format!("`{}` is not a VPC id", vpc.value),
                    vpc.span,
                    "write the VPC id as AWS shows it, e.g. `vpc-0abc`",
                );
            }
        }
        let account =
            self.optional_string(members, "account", &format!("the `account` of {label}"));
        if let Some(given) = &account {
            if !is_account_id(&given.value) {
                self.error(
                    codes::E0511_BAD_VALUE,
                    format!("`{}` is not a 12-digit AWS account id", given.value),
                    given.span,
                    "write the endpoint owner's 12-digit account id",
                );
            }
        }
        let policy = self.single_policy(
            members,
            "policy",
            PolicyKind::Resource,
            format!("vpce/{}", id.value),
            &format!("the policy of {label}"),
        );
        Some(VpcEndpoint {
            id,
            vpc,
            account,
            policy,
            span: value.span,
        })
    }

    fn request(&mut self, value: &SpannedValue, index: usize) -> Option<Request> {
        let what = format!("request {}", index + 1);
        let members = self.object(value, &what, keys::REQUEST)?;
        let name = self.optional_string(members, "name", &format!("the `name` of {what}"));
        let principal = self.required_string(
            members,
            "principal",
            &format!("the `principal` of {what}"),
            value.span,
        );
        let action = self.required_string(
            members,
            "action",
            &format!("the `action` of {what}"),
            value.span,
        );
        let resource = self.required_string(
            members,
            "resource",
            &format!("the `resource` of {what}"),
            value.span,
        );
        let mut assume = Vec::new();
        if let Some(m) = member(members, "assume") {
            if let Some(items) = self.array(&m.value, &format!("the `assume` of {what}")) {
                for (position, item) in items.iter().enumerate() {
                    if let Some(hop) =
                        self.assume_hop(item, &format!("hop {} of {what}", position + 1))
                    {
                        assume.push(hop);
                    }
                }
            }
        }
        if let Some(action) = &action {
            if !action.value.contains(':') {
                self.error(
                    codes::E0511_BAD_VALUE,
                    format!("the action `{}` has no service prefix", action.value),
                    action.span,
                    "write actions as `service:Action`, e.g. `s3:GetObject`",
                );
            }
        }
        let context = member(members, "context")
            .map(|m| self.context(&m.value, &what))
            .unwrap_or_default();
        let session_policy = self.single_policy(
            members,
            "sessionPolicy",
            PolicyKind::Session,
            format!("request{}:session", index + 1),
            &format!("the session policy of {what}"),
        );
        let vpc_endpoint = self.optional_string(
            members,
            "vpcEndpoint",
            &format!("the `vpcEndpoint` of {what}"),
        );
        let expect = member(members, "expect").and_then(|m| self.decision(&m.value, &what));
        let source = self.optional_string(members, "source", &format!("the `source` of {what}"));
        let expect_facts = member(members, "expectFacts").and_then(|m| self.facts(&m.value, &what));

        if let Some(principal) = &principal {
            match parse_principal(&principal.value) {
                Err(message) => self.error(
                    codes::E0510_BAD_PRINCIPAL,
                    message,
                    principal.span,
                    "use a user, role, assumed-role or root ARN, a service principal such as \
                     `lambda.amazonaws.com`, an identity provider (a SAML or OIDC provider ARN, \
                     `cognito-identity.amazonaws.com`, `accounts.google.com`, `graph.facebook.com`, \
                     `www.amazon.com`), or `anonymous`",
                ),
                Ok(spec) => {
                    let is_session = matches!(
                        spec,
                        CallerSpec::Role { .. } | CallerSpec::FederatedUser { .. }
                    );
                    if let (Some(policy), false) = (&session_policy, is_session || !assume.is_empty()) {
                        self.error(
                            codes::E0513_SESSION_POLICY_WITHOUT_SESSION,
                            format!(
                                "{what} passes a session policy, but `{}` is not a session",
                                principal.value
                            ),
                            policy.span,
                            "session policies apply to role sessions: assume a role with `assume`, or use a \
                             role or assumed-role ARN as the principal",
                        );
                    }
                }
            }
        }
        Some(Request {
            index,
            name,
            principal: principal?,
            assume,
            action: action?,
            resource: resource?,
            context,
            session_policy,
            vpc_endpoint,
            expect,
            source,
            expect_facts,
            span: value.span,
        })
    }

    /// `context`: condition keys to values; a value is a string, number or boolean, or an array of them for a
    /// multivalued key.
    fn context(&mut self, value: &SpannedValue, what: &str) -> RequestContext {
        let mut context = RequestContext::new();
        let Some(entries) = self.object(value, &format!("the `context` of {what}"), &[]) else {
            return context;
        };
        for entry in entries {
            let label = format!("the context key `{}`", entry.key);
            match &entry.value.value {
                Value::Array(items) => {
                    let values = items
                        .iter()
                        .filter_map(|item| self.scalar(item, &label))
                        .collect();
                    context.insert(&entry.key, ContextValue::Multi(values));
                }
                _ => {
                    if let Some(single) = self.scalar(&entry.value, &label) {
                        context.insert(&entry.key, ContextValue::Single(single));
                    }
                }
            }
        }
        context
    }

    fn scalar(&mut self, value: &SpannedValue, what: &str) -> Option<String> {
        match &value.value {
            Value::String(text) | Value::Number(text) => Some(text.clone()),
            Value::Bool(flag) => Some(flag.to_string()),
            _ => {
                self.wrong_type(
                    value,
                    what,
                    "a string, number or boolean (or an array of them)",
                );
                None
            }
        }
    }

    fn decision(&mut self, value: &SpannedValue, what: &str) -> Option<Spanned<Decision>> {
        let text = self.string(value, &format!("the `expect` of {what}"))?;
        let decision = match text.value.as_str() {
            "Allow" => Decision::Allow,
            "ExplicitDeny" => Decision::ExplicitDeny,
            "ImplicitDeny" => Decision::ImplicitDeny,
            other => {
                let help = match did_you_mean(other, keys::DECISIONS.iter().copied()) {
                    Some(suggestion) => format!("did you mean `{suggestion}`?"),
                    None => "expect one of `Allow`, `ExplicitDeny`, `ImplicitDeny`".to_string(),
                };
                self.error(
                    codes::E0511_BAD_VALUE,
                    format!("`{other}` is not a decision"),
                    text.span,
                    &help,
                );
                return None;
            }
        };
        Some(Spanned::new(decision, text.span))
    }

    fn facts(&mut self, value: &SpannedValue, what: &str) -> Option<ExpectFacts> {
        let label = format!("the `expectFacts` of {what}");
        let members = self.object(value, &label, keys::FACTS)?;
        let mut facts = ExpectFacts {
            span: value.span,
            ..ExpectFacts::default()
        };
        if let Some(m) = member(members, "sameAccount") {
            match m.value.value {
                Value::Bool(flag) => facts.same_account = Some(flag),
                _ => self.wrong_type(&m.value, "`sameAccount`", "true or false"),
            }
        }
        facts.decisive_sid = self
            .optional_string(members, "decisiveSid", "`decisiveSid`")
            .map(|sid| sid.value);
        if let Some(denied_by) = self.optional_string(members, "deniedBy", "`deniedBy`") {
            if keys::DENIED_BY.contains(&denied_by.value.as_str()) {
                facts.denied_by = Some(denied_by.value);
            } else {
                self.error(
                    codes::E0511_BAD_VALUE,
                    format!("`{}` is not a policy type", denied_by.value),
                    denied_by.span,
                    "use one of `identity`, `resource`, `trust`, `boundary`, `session`, `scp`, `rcp`, \
                     `endpoint`, `aws`",
                );
            }
        }
        if let Some(m) = member(members, "deniedHop") {
            match &m.value.value {
                Value::Number(text) => match text.parse::<usize>() {
                    Ok(hop) => facts.denied_hop = Some(hop),
                    Err(_) => self.wrong_type(&m.value, "`deniedHop`", "a hop index (0, 1, ...)"),
                },
                _ => self.wrong_type(&m.value, "`deniedHop`", "a hop index (0, 1, ...)"),
            }
        }
        Some(facts)
    }

    /// Checks across sections: duplicate ARNs, groups and roles that do not exist.
    fn cross_checks(&mut self, scenario: Option<&Scenario>) {
        let Some(scenario) = scenario else {
            return;
        };
        let arns = scenario
            .groups
            .iter()
            .map(|group| &group.arn)
            .chain(scenario.users.iter().map(|user| &user.arn))
            .chain(scenario.roles.iter().map(|role| &role.arn))
            .chain(scenario.resources.iter().map(|resource| &resource.arn));
        // Maps and sets keep these checks linear: an account export can describe thousands of entities.
        let mut seen: HashMap<&str, &Spanned<String>> = HashMap::new();
        for arn in arns {
            if let Some(first) = seen.get(arn.value.as_str()) {
                self.diagnostics.push(
                    Diagnostic::error(
                        codes::E0505_DUPLICATE_ARN,
                        format!("`{}` is described twice", arn.value),
                        Some(arn.span),
                    )
                    .with_help("describe each user, group, role and resource once")
                    .with_related(first.span, "first described here"),
                );
            } else {
                seen.insert(arn.value.as_str(), arn);
            }
        }
        let mut endpoints: HashMap<&str, &Spanned<String>> = HashMap::new();
        for endpoint in &scenario.vpc_endpoints {
            if let Some(first) = endpoints.get(endpoint.id.value.as_str()) {
                self.diagnostics.push(
                    Diagnostic::error(
                        codes::E0517_UNKNOWN_VPC_ENDPOINT,
                        format!(
                            "the VPC endpoint `{}` is described twice",
                            endpoint.id.value
                        ),
                        Some(endpoint.id.span),
                    )
                    .with_help("describe each endpoint once")
                    .with_related(first.span, "first described here"),
                );
            } else {
                endpoints.insert(endpoint.id.value.as_str(), &endpoint.id);
            }
        }
        for request in &scenario.requests {
            let Some(id) = &request.vpc_endpoint else {
                continue;
            };
            if !endpoints.contains_key(id.value.as_str()) {
                let names = scenario.vpc_endpoints.iter().map(|e| e.id.value.as_str());
                let help = match did_you_mean(&id.value, names) {
                    Some(suggestion) => format!("did you mean `{suggestion}`?"),
                    None => "add the endpoint to `vpcEndpoints`, with its policy".to_string(),
                };
                self.error(
                    codes::E0517_UNKNOWN_VPC_ENDPOINT,
                    format!(
                        "request {} goes through `{}`, which the scenario does not describe",
                        request.index + 1,
                        id.value
                    ),
                    id.span,
                    &help,
                );
            }
        }
        let groups: HashSet<&str> = scenario
            .groups
            .iter()
            .map(|group| group.arn.value.as_str())
            .collect();
        let roles: HashSet<&str> = scenario
            .roles
            .iter()
            .map(|role| role.arn.value.as_str())
            .collect();
        for user in &scenario.users {
            for group in &user.groups {
                if !groups.contains(group.value.as_str()) {
                    let names = scenario.groups.iter().map(|g| g.arn.value.as_str());
                    let help = match did_you_mean(&group.value, names) {
                        Some(suggestion) => format!("did you mean `{suggestion}`?"),
                        None => "add it to `groups`".to_string(),
                    };
                    self.error(
                        codes::E0506_UNKNOWN_GROUP,
                        format!(
                            "user `{}` is in the group `{}`, which the scenario does not describe",
                            user.arn.value, group.value
                        ),
                        group.span,
                        &help,
                    );
                }
            }
        }
        for request in &scenario.requests {
            for role in request.assume.iter().map(|hop| &hop.role) {
                if !roles.contains(role.value.as_str()) {
                    let names = scenario.roles.iter().map(|r| r.arn.value.as_str());
                    let help = match did_you_mean(&role.value, names) {
                        Some(suggestion) => format!("did you mean `{suggestion}`?"),
                        None => "add the role to `roles`, with its trust policy".to_string(),
                    };
                    self.error(
                        codes::E0507_UNKNOWN_ROLE,
                        format!(
                            "request {} assumes `{}`, which the scenario does not describe",
                            request.index + 1,
                            role.value
                        ),
                        role.span,
                        &help,
                    );
                }
            }
        }
        self.work_bound(scenario);
    }

    /// Refuses a scenario whose checks would cost more than [`MAX_WORK`] (see there and `work.rs`).
    fn work_bound(&mut self, scenario: &Scenario) {
        let estimate = super::work::estimate(scenario);
        if estimate.steps > MAX_WORK {
            self.error(
                codes::E0514_LIMIT_EXCEEDED,
                format!(
                    "checking the scenario would take about {} steps ({} evaluations of up to {} policy values \
                     and entities each), over the limit of {MAX_WORK} (`max_work`)",
                    estimate.steps, estimate.evaluations, estimate.heaviest_evaluation
                ),
                scenario.span,
                "split the scenario into smaller files (fewer requests, or fewer principals and policies per \
                 file); the limit keeps the playground and the CLI responsive",
            );
        }
    }
}

trait WithRelated {
    fn with_related(self, span: Span, message: &str) -> Self;
}

impl WithRelated for Diagnostic {
    fn with_related(mut self, span: Span, message: &str) -> Self {
        self.related.push(Related {
            message: message.to_string(),
            span,
        });
        self
    }
}
