//! The scenario an import is building: an existing scenario's JSON (kept as written, key order included) or an
//! empty one, with its entity sections indexed by ARN so imported entities replace or update the ones already
//! there, and organization policies added at the level the user picked.

use super::tree::Json;
use super::{codes, OrgLevel};
use crate::diagnostic::Diagnostic;
use crate::json::{Limits, Value};
use std::collections::{BTreeSet, HashMap};

/// The scenario's top-level keys in the order docs/scenario-format.md lists them; new sections go in this
/// order among the keys a scenario already has.
const ORDER: &[&str] = &[
    "name",
    "description",
    "accounts",
    "groups",
    "users",
    "roles",
    "resources",
    "requests",
];

/// The entity sections, keyed by `arn`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SectionKind {
    Groups,
    Users,
    Roles,
    Resources,
}

impl SectionKind {
    const ALL: [SectionKind; 4] = [Self::Groups, Self::Users, Self::Roles, Self::Resources];

    fn key(self) -> &'static str {
        match self {
            Self::Groups => "groups",
            Self::Users => "users",
            Self::Roles => "roles",
            Self::Resources => "resources",
        }
    }

    fn index(self) -> usize {
        match self {
            Self::Groups => 0,
            Self::Users => 1,
            Self::Roles => 2,
            Self::Resources => 3,
        }
    }
}

#[derive(Debug, Default)]
struct Section {
    items: Vec<Json>,
    by_arn: HashMap<String, usize>,
}

impl Section {
    fn push(&mut self, item: Json) {
        if let Some(arn) = item.get("arn").and_then(Json::as_str) {
            // The first entry of an ARN wins, as it does for the loader's E0505 message.
            self.by_arn
                .entry(arn.to_string())
                .or_insert(self.items.len());
        }
        self.items.push(item);
    }
}

/// The scenario under construction.
#[derive(Debug, Default)]
pub struct Draft {
    /// Top-level members in order; the sections and `accounts` are placeholders filled in by `finish`.
    top: Vec<(String, Json)>,
    accounts: Vec<(String, Json)>,
    sections: [Section; 4],
}

/// Scenario texts up to this size can be imported into (the loader's own limit decides whether they load).
pub const INTO_LIMITS: Limits = Limits {
    max_bytes: 64 * 1024 * 1024,
    max_depth: 64,
};

impl Draft {
    pub fn empty() -> Self {
        Self::default()
    }

    /// The scenario `text` to import into.
    pub fn from_text(text: &str) -> Result<Self, Vec<Diagnostic>> {
        let value = crate::json::parse(text, &INTO_LIMITS)?;
        let Value::Object(members) = &value.value else {
            return Err(vec![Diagnostic::error(
                codes::E1102_BAD_INTO,
                format!(
                    "the scenario to import into is a {}, not a JSON object",
                    value.value.type_name()
                ),
                Some(value.span),
            )
            .with_help(
                "import into a scenario file (docs/scenario-format.md), or start a new one",
            )]);
        };
        let mut draft = Self::default();
        let mut errors = Vec::new();
        for member in members {
            let key = member.key.as_str();
            if let Some(kind) = SectionKind::ALL.into_iter().find(|kind| kind.key() == key) {
                match &member.value.value {
                    Value::Array(items) => {
                        if let Some(section) = draft.sections.get_mut(kind.index()) {
                            for item in items {
                                section.push(Json::from_spanned(item));
                            }
                        }
                    }
                    other => errors.push(wrong_type(
                        key,
                        other.type_name(),
                        "an array",
                        member.value.span,
                    )),
                }
                draft.top.push((key.to_string(), Json::Null));
            } else if key == "accounts" {
                match &member.value.value {
                    Value::Object(accounts) => {
                        for account in accounts {
                            draft
                                .accounts
                                .push((account.key.clone(), Json::from_spanned(&account.value)));
                        }
                    }
                    other => {
                        errors.push(wrong_type(
                            key,
                            other.type_name(),
                            "an object",
                            member.value.span,
                        ));
                    }
                }
                draft.top.push((key.to_string(), Json::Null));
            } else {
                draft
                    .top
                    .push((key.to_string(), Json::from_spanned(&member.value)));
            }
        }
        if errors.is_empty() {
            Ok(draft)
        } else {
            Err(errors)
        }
    }

    /// Sets a top-level key that is not a section (`name`, `description`).
    pub fn set_top(&mut self, key: &str, value: Json) {
        match self.top.iter_mut().find(|(name, _)| name == key) {
            Some((_, old)) => *old = value,
            None => self.top.push((key.to_string(), value)),
        }
    }

    pub fn get(&self, kind: SectionKind, arn: &str) -> Option<&Json> {
        let section = self.sections.get(kind.index())?;
        section
            .by_arn
            .get(arn)
            .and_then(|&at| section.items.get(at))
    }

    pub fn get_mut(&mut self, kind: SectionKind, arn: &str) -> Option<&mut Json> {
        let section = self.sections.get_mut(kind.index())?;
        let at = *section.by_arn.get(arn)?;
        section.items.get_mut(at)
    }

    /// Writes `entry` (an object with `arn`): replaces the entry with its ARN, carrying over the `keep` keys
    /// the new entry lacks, or appends it. Returns whether one was replaced.
    pub fn upsert(&mut self, kind: SectionKind, entry: Json, keep: &[&str]) -> bool {
        let Some(section) = self.sections.get_mut(kind.index()) else {
            return false;
        };
        let arn = entry
            .get("arn")
            .and_then(Json::as_str)
            .unwrap_or_default()
            .to_string();
        match section
            .by_arn
            .get(&arn)
            .and_then(|&at| section.items.get_mut(at))
        {
            Some(old) => {
                let mut entry = entry;
                for key in keep {
                    if entry.get(key).is_none() {
                        if let Some(value) = old.get(key) {
                            entry.set(key, value.clone());
                        }
                    }
                }
                *old = entry;
                true
            }
            None => {
                section.push(entry);
                false
            }
        }
    }

    /// The group ARN for a group name in an account, among the groups the scenario has.
    pub fn group_by_name(&self, account: &str, name: &str) -> Option<String> {
        self.sections
            .get(SectionKind::Groups.index())?
            .by_arn
            .keys()
            .find(|arn| {
                crate::arn::Arn::parse(arn).is_ok_and(|parsed| {
                    parsed.account == account
                        && parsed
                            .resource
                            .strip_prefix("group/")
                            .and_then(|path| path.rsplit('/').next())
                            == Some(name)
                })
            })
            .cloned()
    }

    /// Every account the scenario mentions: `accounts` keys, the accounts of entity ARNs and the `account` of
    /// resources.
    pub fn known_accounts(&self) -> BTreeSet<String> {
        let mut accounts: BTreeSet<String> =
            self.accounts.iter().map(|(id, _)| id.clone()).collect();
        for section in &self.sections {
            for item in &section.items {
                if let Some(arn) = item.get("arn").and_then(Json::as_str) {
                    if let Ok(parsed) = crate::arn::Arn::parse(arn) {
                        if is_account_id(parsed.account) {
                            accounts.insert(parsed.account.to_string());
                        }
                    }
                }
                if let Some(account) = item.get("account").and_then(Json::as_str) {
                    if is_account_id(account) {
                        accounts.insert(account.to_string());
                    }
                }
            }
        }
        accounts
    }

    /// Adds the SCP or RCP `entry` at `level` of `account`'s `scps` or `rcps`, creating the levels an account
    /// needs. A level the import creates gets AWS's default policy (`default`), because AWS attaches
    /// `FullAWSAccess` (SCPs) and `RCPFullAWSAccess` (RCPs) to the root, every OU and every account when the
    /// policy type is enabled, and a level without an Allow denies everything (AWS Organizations User Guide,
    /// "SCP evaluation", "How SCPs work with Allow"). Returns how many levels it created, or why it could not.
    pub fn attach_org_policy(
        &mut self,
        account: &str,
        key: &str,
        level: OrgLevel,
        entry: Json,
        default: &Json,
    ) -> Result<usize, String> {
        let position = match self.accounts.iter().position(|(id, _)| id == account) {
            Some(position) => position,
            None => {
                self.accounts
                    .push((account.to_string(), Json::Object(Vec::new())));
                self.accounts.len().saturating_sub(1)
            }
        };
        let Some((_, account_entry)) = self.accounts.get_mut(position) else {
            return Err("internal: the account entry vanished".to_string());
        };
        if !matches!(account_entry, Json::Object(_)) {
            return Err(format!(
                "account `{account}` of the scenario is not an object"
            ));
        }
        if account_entry.get(key).is_none() {
            account_entry.set(key, Json::Array(Vec::new()));
        }
        let Some(Json::Array(levels)) = account_entry.get_mut(key) else {
            return Err(format!(
                "`{key}` of account `{account}` in the scenario is not an array of levels"
            ));
        };
        if levels.iter().any(|level| !matches!(level, Json::Array(_))) {
            return Err(format!(
                "`{key}` of account `{account}` in the scenario is not an array of levels"
            ));
        }
        let mut created = 0;
        // Root and account levels always exist once there are any: a root-level policy then stays apart from
        // the account's own.
        while levels.len() < 2 {
            levels.push(Json::Array(vec![default.clone()]));
            created += 1;
        }
        if level == OrgLevel::Ou && levels.len() == 2 {
            levels.insert(1, Json::Array(vec![default.clone()]));
            created += 1;
        }
        let target = match level {
            OrgLevel::Root => 0,
            OrgLevel::Ou => levels.len().saturating_sub(2),
            OrgLevel::Account => levels.len().saturating_sub(1),
        };
        let Some(Json::Array(policies)) = levels.get_mut(target) else {
            return Err("internal: the level vanished".to_string());
        };
        let name = entry.get("name").cloned();
        match policies
            .iter_mut()
            .find(|existing| name.is_some() && existing.get("name") == name.as_ref())
        {
            Some(existing) => *existing = entry,
            None => policies.push(entry),
        }
        Ok(created)
    }

    /// The scenario as JSON text.
    pub fn finish(self) -> String {
        let Draft {
            mut top,
            accounts,
            sections,
        } = self;
        let rank = |key: &str| ORDER.iter().position(|known| *known == key);
        let place = |key: &str, present: bool, top: &mut Vec<(String, Json)>| {
            if !present || top.iter().any(|(name, _)| name == key) {
                return;
            }
            let mine = rank(key).unwrap_or(ORDER.len());
            let at = top
                .iter()
                .position(|(name, _)| rank(name).is_some_and(|theirs| theirs > mine))
                .unwrap_or(top.len());
            top.insert(at, (key.to_string(), Json::Null));
        };
        place("accounts", !accounts.is_empty(), &mut top);
        for kind in SectionKind::ALL {
            let present = sections
                .get(kind.index())
                .is_some_and(|section| !section.items.is_empty());
            place(kind.key(), present, &mut top);
        }
        let mut sections = sections.map(|section| Some(section.items));
        let mut accounts = Some(accounts);
        let members: Vec<(String, Json)> = top
            .into_iter()
            .map(|(key, value)| {
                let filled = if key == "accounts" {
                    accounts.take().map(Json::Object)
                } else {
                    SectionKind::ALL
                        .into_iter()
                        .find(|kind| kind.key() == key)
                        .and_then(|kind| sections.get_mut(kind.index()))
                        .and_then(Option::take)
                        .map(Json::Array)
                };
                (key, filled.unwrap_or(value))
            })
            .collect();
        Json::Object(members).to_pretty_string()
    }
}

pub fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|byte| byte.is_ascii_digit())
}

fn wrong_type(key: &str, found: &str, expected: &str, span: crate::diagnostic::Span) -> Diagnostic {
    Diagnostic::error(
        codes::E1102_BAD_INTO,
        format!("`{key}` of the scenario to import into is a {found}, not {expected}"),
        Some(span),
    )
    .with_help("fix the scenario so that it loads (`iamplay check`), then import into it")
}
