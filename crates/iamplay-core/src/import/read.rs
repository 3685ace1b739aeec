//! Reads each input as the AWS CLI output it is and writes its entities into the draft scenario. Output shapes:
//! the AWS CLI Command Reference for each command (`get-account-authorization-details`: UserDetailList,
//! GroupDetailList, RoleDetailList, Policies; `get-role`: Role; `get-policy-version`: PolicyVersion;
//! `organizations describe-policy`: Policy.PolicySummary and Policy.Content) and the IAM API Reference types
//! (UserDetail, GroupDetail, RoleDetail, ManagedPolicyDetail, PolicyVersion, AttachedPermissionsBoundary).

use super::document::{has_principal, policy_document, read_document, Reason};
use super::draft::{is_account_id, Draft, SectionKind, INTO_LIMITS};
use super::tree::Json;
use super::{
    codes, ImportInput, ImportOptions, ImportOutcome, InputFormat, InputReport, OrgLevel, Taken,
    TakenKind,
};
use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::json::{SpannedValue, Value};
use crate::policy::PolicyKind;
use std::collections::{BTreeSet, HashMap};

/// The prefix of every AWS managed policy ARN in the commercial partition (`arn:aws:iam::aws:policy/NAME`,
/// with a path for some: `job-function/`, `service-role/`, `aws-service-role/`).
fn is_aws_managed(arn: &str) -> bool {
    arn.split_once(":iam::aws:policy/")
        .is_some_and(|(partition, _)| partition.starts_with("arn:aws"))
}

/// The path IAM gives service-linked roles (IAM User Guide, "Using service-linked roles").
const SERVICE_LINKED_PATH: &str = "/aws-service-role/";

fn member<'v>(value: &'v SpannedValue, key: &str) -> Option<&'v SpannedValue> {
    value.get(key).map(|m| &m.value)
}

fn string<'v>(value: &'v SpannedValue, key: &str) -> Option<&'v str> {
    member(value, key).and_then(|v| v.value.as_str())
}

fn array<'v>(value: &'v SpannedValue, key: &str) -> &'v [SpannedValue] {
    member(value, key)
        .and_then(|v| v.value.as_array())
        .unwrap_or_default()
}

fn skip(code: &'static str, message: String, span: Span, help: &str) -> Diagnostic {
    Diagnostic::error(code, message, Some(span))
        .with_severity(Severity::Warning)
        .with_help(help)
}

/// `user/division/ana` → `user/division/ana` of `arn:aws:iam::ID:user/division/ana`; the ARN itself otherwise.
fn short(arn: &str) -> &str {
    crate::arn::Arn::parse(arn).map_or(arn, |parsed| parsed.resource)
}

/// A name for a document that has none (a bare policy, a policy version): the input's file name without its
/// directories and extension.
fn stem(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let base = base.strip_suffix(".json").unwrap_or(base);
    if base.is_empty() {
        "imported".to_string()
    } else {
        base.to_string()
    }
}

fn tags(value: &SpannedValue) -> Vec<(String, Json)> {
    array(value, "Tags")
        .iter()
        .filter_map(|tag| {
            Some((
                string(tag, "Key")?.to_string(),
                Json::string(string(tag, "Value").unwrap_or_default()),
            ))
        })
        .collect()
}

/// A customer managed policy of an export, at its default version.
struct CatalogPolicy<'v> {
    name: String,
    /// The default version's `Document`; `None` when the export lacks that version.
    document: Option<&'v SpannedValue>,
    default_version: String,
}

struct Parsed {
    report: InputReport,
    value: Option<SpannedValue>,
    name: String,
}

/// Everything an import run shares across inputs.
struct Run<'v> {
    draft: Draft,
    options: &'v ImportOptions,
    /// Customer managed policies of every export, by ARN.
    catalog: HashMap<&'v str, CatalogPolicy<'v>>,
    /// Parsed customer managed documents, by ARN and kind, so a policy attached to 500 users parses once.
    parsed: HashMap<(&'v str, PolicyKind), Result<Json, Reason>>,
    /// Options that are invalid: documents needing them are skipped, not imported against a bad value.
    bad_options: BTreeSet<&'static str>,
}

pub fn run(inputs: &[ImportInput], options: &ImportOptions) -> ImportOutcome {
    let (mut into_errors, bad_options) = option_errors(options);
    let draft = match options.into.as_deref() {
        Some(text) => match Draft::from_text(text) {
            Ok(draft) => draft,
            Err(errors) => {
                into_errors.extend(errors);
                return ImportOutcome {
                    scenario: None,
                    inputs: inputs
                        .iter()
                        .map(|input| InputReport {
                            name: input.name.clone(),
                            format: None,
                            accounts: Vec::new(),
                            taken: Vec::new(),
                            skipped: Vec::new(),
                            errors: Vec::new(),
                        })
                        .collect(),
                    into_errors,
                    problems: Vec::new(),
                };
            }
        },
        None => Draft::empty(),
    };
    let parsed: Vec<Parsed> = inputs.iter().map(parse_input).collect();
    let mut run = Run {
        draft,
        options,
        catalog: HashMap::new(),
        parsed: HashMap::new(),
        bad_options,
    };
    for input in &parsed {
        if input.report.format == Some(InputFormat::AccountAuthorizationDetails) {
            if let Some(value) = &input.value {
                run.collect_catalog(value);
            }
        }
    }
    let mut reports: Vec<InputReport> = Vec::with_capacity(parsed.len());
    let mut names = Vec::new();
    // Exports first, so single documents find the entities they attach to.
    let mut order: Vec<&Parsed> = parsed
        .iter()
        .filter(|p| p.report.format == Some(InputFormat::AccountAuthorizationDetails))
        .collect();
    order.extend(
        parsed
            .iter()
            .filter(|p| p.report.format != Some(InputFormat::AccountAuthorizationDetails)),
    );
    let mut by_position: Vec<Option<InputReport>> = vec![None; parsed.len()];
    for input in order {
        let mut report = input.report.clone();
        if let (Some(value), Some(format)) = (&input.value, input.report.format) {
            run.import(format, value, &input.name, &mut report);
            names.push(input.name.clone());
        }
        let position = parsed
            .iter()
            .position(|p| std::ptr::eq(p, input))
            .unwrap_or_default();
        if let Some(slot) = by_position.get_mut(position) {
            *slot = Some(report);
        }
    }
    reports.extend(by_position.into_iter().flatten());
    let mut draft = run.draft;
    if options.into.is_none() {
        let accounts: Vec<String> = reports
            .iter()
            .flat_map(|report| report.accounts.iter().cloned())
            .collect::<BTreeSet<String>>()
            .into_iter()
            .collect();
        let title = if accounts.is_empty() {
            "Imported from AWS".to_string()
        } else {
            format!("Imported from AWS account {}", accounts.join(", "))
        };
        draft.set_top("name", Json::string(title));
        if !names.is_empty() {
            draft.set_top(
                "description",
                Json::string(format!(
                    "Imported from the AWS CLI output {}.",
                    names.join(", ")
                )),
            );
        }
    }
    let scenario = draft.finish();
    let loaded = crate::scenario::load_scenario(&scenario);
    let problems = loaded
        .diagnostics
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    ImportOutcome {
        scenario: Some(scenario),
        inputs: reports,
        into_errors,
        problems,
    }
}

fn option_error(message: String, help: &str) -> Diagnostic {
    Diagnostic::error(codes::E1103_BAD_OPTION, message, None).with_help(help)
}

/// The options' errors, and the names of the bad options (documents needing them are left out).
fn option_errors(options: &ImportOptions) -> (Vec<Diagnostic>, BTreeSet<&'static str>) {
    let mut errors = Vec::new();
    let mut bad = BTreeSet::new();
    if let Some(resource) = &options.resource {
        if crate::arn::Arn::parse(resource).is_err() {
            bad.insert("resource");
            errors.push(option_error(
                format!("`resource` is `{resource}`, not an ARN"),
                "give the ARN of the resource the policy is attached to, e.g. `arn:aws:s3:::my-bucket`",
            ));
        }
    }
    if let Some(target) = &options.attach_to {
        let ok = crate::arn::Arn::parse(target).is_ok_and(|parsed| {
            parsed.service == "iam"
                && is_account_id(parsed.account)
                && ["user/", "group/", "role/"]
                    .iter()
                    .any(|prefix| parsed.resource.starts_with(prefix))
        });
        if !ok {
            bad.insert("attachTo");
            errors.push(option_error(
                format!("`attachTo` is `{target}`, not a user, group or role ARN"),
                "give e.g. `arn:aws:iam::123456789012:role/app`",
            ));
        }
    }
    if let Some(account) = &options.account {
        if !is_account_id(account) {
            bad.insert("account");
            errors.push(option_error(
                format!("`account` is `{account}`, not a 12-digit account id"),
                "give the account id, e.g. `123456789012`",
            ));
        }
    }
    (errors, bad)
}

fn parse_input(input: &ImportInput) -> Parsed {
    let mut report = InputReport {
        name: input.name.clone(),
        format: None,
        accounts: Vec::new(),
        taken: Vec::new(),
        skipped: Vec::new(),
        errors: Vec::new(),
    };
    let value = match crate::json::parse(&input.text, &INTO_LIMITS) {
        Ok(value) => value,
        Err(errors) => {
            report.errors = errors;
            return Parsed {
                report,
                value: None,
                name: input.name.clone(),
            };
        }
    };
    match detect(&value) {
        Some(format) => report.format = Some(format),
        None => report.errors.push(
            Diagnostic::error(
                codes::E1101_UNRECOGNIZED,
                format!(
                    "`{}` is not an AWS CLI output iamplay can import",
                    input.name
                ),
                Some(Span {
                    start: value.span.start,
                    end: value.span.start,
                }),
            )
            .with_help(
                "import the JSON printed by `aws iam get-account-authorization-details`, `aws iam get-role`, \
                 `aws iam get-policy-version`, `aws organizations describe-policy`, `aws s3api \
                 get-bucket-policy`, `aws sqs get-queue-attributes`, `aws sns get-topic-attributes`, `aws \
                 lambda get-policy`, `aws kms get-key-policy`, `aws ecr get-repository-policy`, `aws \
                 secretsmanager get-resource-policy`, or a policy document",
            ),
        ),
    }
    Parsed {
        report,
        value: Some(value),
        name: input.name.clone(),
    }
}

/// Which output `value` is, by the keys each command prints.
fn detect(value: &SpannedValue) -> Option<InputFormat> {
    if !matches!(value.value, Value::Object(_)) {
        return None;
    }
    let has = |key: &str| value.get(key).is_some();
    let is_object = |key: &str| member(value, key).is_some_and(|v| v.value.as_object().is_some());
    let is_string = |key: &str| member(value, key).is_some_and(|v| v.value.as_str().is_some());
    let format = if ["UserDetailList", "GroupDetailList", "RoleDetailList"]
        .iter()
        .any(|key| has(key))
        || member(value, "Policies").is_some_and(|v| v.value.as_array().is_some())
    {
        InputFormat::AccountAuthorizationDetails
    } else if is_object("Role") {
        InputFormat::GetRole
    } else if is_object("PolicyVersion") {
        InputFormat::GetPolicyVersion
    } else if member(value, "Policy").is_some_and(|p| p.get("Content").is_some()) {
        InputFormat::DescribePolicy
    } else if is_string("Policy") && has("RevisionId") {
        InputFormat::LambdaPolicy
    } else if is_string("Policy") && has("PolicyName") {
        InputFormat::KmsKeyPolicy
    } else if is_string("Policy") {
        InputFormat::S3BucketPolicy
    } else if is_object("Attributes") {
        let attributes = member(value, "Attributes")?;
        let sns = [
            "TopicArn",
            "SubscriptionsConfirmed",
            "EffectiveDeliveryPolicy",
        ]
        .iter()
        .any(|key| attributes.get(key).is_some());
        if sns {
            InputFormat::SnsTopicAttributes
        } else {
            InputFormat::SqsQueueAttributes
        }
    } else if has("policyText") {
        InputFormat::EcrRepositoryPolicy
    } else if has("ResourcePolicy") {
        InputFormat::SecretsManagerResourcePolicy
    } else if has("Statement") {
        InputFormat::PolicyDocument
    } else {
        return None;
    };
    Some(format)
}

/// The policies written for one entity, with the names used so far (an inline and a managed policy may share
/// a name in AWS; the scenario's explanation ids must not).
#[derive(Default)]
struct PolicyList {
    entries: Vec<Json>,
    names: BTreeSet<String>,
    managed_arns: usize,
}

impl PolicyList {
    fn named(&mut self, name: &str, document: Json) {
        let mut unique = name.to_string();
        let mut counter = 2;
        while self.names.contains(&unique) {
            unique = format!("{name}-{counter}");
            counter += 1;
        }
        self.names.insert(unique.clone());
        self.entries.push(Json::object([
            ("name", Json::string(unique)),
            ("document", document),
        ]));
    }
}

impl<'v> Run<'v> {
    fn collect_catalog(&mut self, export: &'v SpannedValue) {
        for policy in array(export, "Policies") {
            let (Some(arn), Some(name)) = (string(policy, "Arn"), string(policy, "PolicyName"))
            else {
                continue;
            };
            let default_version = string(policy, "DefaultVersionId").unwrap_or_default();
            let versions = array(policy, "PolicyVersionList");
            let version = versions
                .iter()
                .find(|version| {
                    matches!(
                        member(version, "IsDefaultVersion").map(|v| &v.value),
                        Some(Value::Bool(true))
                    )
                })
                .or_else(|| {
                    versions
                        .iter()
                        .find(|version| string(version, "VersionId") == Some(default_version))
                });
            self.catalog.insert(
                arn,
                CatalogPolicy {
                    name: name.to_string(),
                    document: version.and_then(|version| member(version, "Document")),
                    default_version: default_version.to_string(),
                },
            );
        }
    }

    fn import(
        &mut self,
        format: InputFormat,
        value: &'v SpannedValue,
        name: &str,
        report: &mut InputReport,
    ) {
        match format {
            InputFormat::AccountAuthorizationDetails => self.export(value, report),
            InputFormat::GetRole => {
                if let Some(role) = member(value, "Role") {
                    self.role(role, true, report);
                }
            }
            InputFormat::GetPolicyVersion => {
                let version = member(value, "PolicyVersion");
                match version.and_then(|version| member(version, "Document")) {
                    Some(document) => self.identity_document(document, &stem(name), report),
                    None => report.skipped.push(skip(
                        codes::W1107_MALFORMED_ENTRY,
                        "the policy version has no `Document`".to_string(),
                        value.span,
                        "import the output of `aws iam get-policy-version --policy-arn ARN --version-id ID`",
                    )),
                }
            }
            InputFormat::DescribePolicy => self.organization_policy(value, report),
            InputFormat::PolicyDocument => self.bare_document(value, &stem(name), report),
            _ => self.resource_output(format, value, report),
        }
        report.accounts = accounts_of(report);
    }

    // -----------------------------------------------------------------------------------------------------
    // get-account-authorization-details

    fn export(&mut self, export: &'v SpannedValue, report: &mut InputReport) {
        if let Some(truncated) = export.get("IsTruncated") {
            if truncated.value.value == Value::Bool(true) {
                report.skipped.push(skip(
                    codes::W1106_TRUNCATED,
                    "the export is truncated (`IsTruncated: true`): the entities of the missing pages are not \
                     in it"
                        .to_string(),
                    truncated.span(),
                    "run `aws iam get-account-authorization-details` without `--max-items` or `--no-paginate`, \
                     so the CLI fetches every page",
                ));
            }
        }
        for group in array(export, "GroupDetailList") {
            self.group(group, report);
        }
        for user in array(export, "UserDetailList") {
            self.user(user, export, report);
        }
        for role in array(export, "RoleDetailList") {
            self.role(role, false, report);
        }
    }

    fn entity_arn(
        &self,
        entry: &'v SpannedValue,
        prefix: &str,
        what: &str,
        report: &mut InputReport,
    ) -> Option<&'v str> {
        let arn = string(entry, "Arn").filter(|arn| {
            crate::arn::Arn::parse(arn).is_ok_and(|parsed| {
                parsed.service == "iam"
                    && is_account_id(parsed.account)
                    && parsed.resource.starts_with(prefix)
            })
        });
        if arn.is_none() {
            report.skipped.push(skip(
                codes::W1107_MALFORMED_ENTRY,
                format!("{what} without an `Arn` of the form `arn:aws:iam::ID:{prefix}NAME`"),
                entry.span,
                "import the export as the AWS CLI printed it",
            ));
        }
        arn
    }

    fn group(&mut self, group: &'v SpannedValue, report: &mut InputReport) {
        let Some(arn) = self.entity_arn(group, "group/", "a group", report) else {
            return;
        };
        let mut policies = PolicyList::default();
        self.inline_policies(group, "GroupPolicyList", arn, &mut policies, report);
        self.attached_policies(group, arn, &mut policies, report);
        let taken = Taken {
            kind: TakenKind::Group,
            arn: arn.to_string(),
            name: None,
            policies: policies.entries.len(),
            managed_arns: policies.managed_arns,
            permissions_boundary: false,
            trust_policy: false,
            tags: 0,
            groups: 0,
            service_linked: false,
            replaced: false,
            span: group.span,
        };
        let entry = Json::object([
            ("arn", Json::string(arn)),
            ("policies", Json::Array(policies.entries)),
        ]);
        let replaced = self.draft.upsert(SectionKind::Groups, entry, &[]);
        report.taken.push(Taken { replaced, ..taken });
    }

    fn user(&mut self, user: &'v SpannedValue, export: &'v SpannedValue, report: &mut InputReport) {
        let Some(arn) = self.entity_arn(user, "user/", "a user", report) else {
            return;
        };
        let account = crate::arn::Arn::parse(arn)
            .map(|parsed| parsed.account.to_string())
            .unwrap_or_default();
        let mut groups = Vec::new();
        for group in array(user, "GroupList") {
            let Some(group_name) = group.value.as_str() else {
                continue;
            };
            match self.group_arn(export, &account, group_name) {
                Some(group_arn) => groups.push(Json::string(group_arn)),
                None => report.skipped.push(skip(
                    codes::W1103_MISSING_GROUP,
                    format!(
                        "`{}` is in group `{group_name}`, which the export does not describe: the group's \
                         policies do not apply to the user in the scenario",
                        short(arn)
                    ),
                    group.span,
                    "export the whole account (`aws iam get-account-authorization-details` without \
                     `--filter`, or with `--filter User Group`)",
                )),
            }
        }
        let mut policies = PolicyList::default();
        self.inline_policies(user, "UserPolicyList", arn, &mut policies, report);
        self.attached_policies(user, arn, &mut policies, report);
        let boundary = self.boundary(user, arn, report);
        let tags = tags(user);
        let taken = Taken {
            kind: TakenKind::User,
            arn: arn.to_string(),
            name: None,
            policies: policies.entries.len(),
            managed_arns: policies.managed_arns,
            permissions_boundary: boundary.is_some(),
            trust_policy: false,
            tags: tags.len(),
            groups: groups.len(),
            service_linked: false,
            replaced: false,
            span: user.span,
        };
        let mut entry = Json::object([("arn", Json::string(arn))]);
        if !groups.is_empty() {
            entry.set("groups", Json::Array(groups));
        }
        entry.set("policies", Json::Array(policies.entries));
        if let Some(boundary) = boundary {
            entry.set("permissionsBoundary", boundary);
        }
        if !tags.is_empty() {
            entry.set("tags", Json::Object(tags));
        }
        let replaced = self.draft.upsert(SectionKind::Users, entry, &[]);
        report.taken.push(Taken { replaced, ..taken });
    }

    /// A user's group by name: in this export, else among the scenario's groups of the same account.
    fn group_arn(&self, export: &'v SpannedValue, account: &str, name: &str) -> Option<String> {
        array(export, "GroupDetailList")
            .iter()
            .filter(|group| string(group, "GroupName") == Some(name))
            .find_map(|group| string(group, "Arn"))
            .filter(|arn| self.draft.get(SectionKind::Groups, arn).is_some())
            .map(str::to_string)
            .or_else(|| self.draft.group_by_name(account, name))
    }

    /// A role from an export (`RoleDetailList`) or from `get-role` (`update_only_known`: the output lists no
    /// policies, so an existing role keeps its own and only what `get-role` shows is updated).
    fn role(&mut self, role: &'v SpannedValue, from_get_role: bool, report: &mut InputReport) {
        let Some(arn) = self.entity_arn(role, "role/", "a role", report) else {
            return;
        };
        let service_linked = string(role, "Path")
            .is_some_and(|path| path.starts_with(SERVICE_LINKED_PATH))
            || short(arn).starts_with("role/aws-service-role/");
        let trust = match member(role, "AssumeRolePolicyDocument") {
            Some(document) => match policy_document(document, PolicyKind::Trust) {
                Ok(json) => Some(json),
                Err(reason) => {
                    report.skipped.push(skip(
                        codes::W1102_INVALID_POLICY,
                        format!(
                            "the trust policy of `{}` is left out: {reason}; nobody can assume the role in the \
                             scenario",
                            short(arn)
                        ),
                        document.span,
                        "check the document with `iamplay lint --kind trust`",
                    ));
                    None
                }
            },
            None => None,
        };
        let mut policies = PolicyList::default();
        if !from_get_role {
            self.inline_policies(role, "RolePolicyList", arn, &mut policies, report);
            self.attached_policies(role, arn, &mut policies, report);
        }
        let boundary = self.boundary(role, arn, report);
        let tags = tags(role);
        let max_session = member(role, "MaxSessionDuration").and_then(|value| match &value.value {
            Value::Number(text) => Some(Json::Number(text.clone())),
            _ => None,
        });
        let taken = Taken {
            kind: TakenKind::Role,
            arn: arn.to_string(),
            name: None,
            policies: policies.entries.len(),
            managed_arns: policies.managed_arns,
            permissions_boundary: boundary.is_some(),
            trust_policy: trust.is_some(),
            tags: tags.len(),
            groups: 0,
            service_linked,
            replaced: false,
            span: role.span,
        };
        if from_get_role {
            if let Some(existing) = self.draft.get_mut(SectionKind::Roles, arn) {
                if let Some(trust) = trust {
                    existing.set("trustPolicy", trust);
                }
                if let Some(max_session) = max_session {
                    existing.set("maxSessionDuration", max_session);
                }
                if let Some(boundary) = boundary {
                    existing.set("permissionsBoundary", boundary);
                }
                if !tags.is_empty() {
                    existing.set("tags", Json::Object(tags));
                }
                let policies = match existing.get("policies") {
                    Some(Json::Array(items)) => items.len(),
                    _ => 0,
                };
                report.taken.push(Taken {
                    replaced: true,
                    policies,
                    ..taken
                });
                return;
            }
        }
        let mut entry = Json::object([("arn", Json::string(arn))]);
        if let Some(trust) = trust {
            entry.set("trustPolicy", trust);
        }
        entry.set("policies", Json::Array(policies.entries));
        if let Some(boundary) = boundary {
            entry.set("permissionsBoundary", boundary);
        }
        if let Some(max_session) = max_session {
            entry.set("maxSessionDuration", max_session);
        }
        if !tags.is_empty() {
            entry.set("tags", Json::Object(tags));
        }
        // The export has no MaxSessionDuration (IAM API Reference, RoleDetail): keep a value `get-role` or the
        // scenario gave.
        let replaced = self
            .draft
            .upsert(SectionKind::Roles, entry, &["maxSessionDuration"]);
        report.taken.push(Taken { replaced, ..taken });
    }

    fn inline_policies(
        &mut self,
        entity: &'v SpannedValue,
        key: &str,
        arn: &str,
        policies: &mut PolicyList,
        report: &mut InputReport,
    ) {
        for inline in array(entity, key) {
            let Some(name) = string(inline, "PolicyName") else {
                report.skipped.push(skip(
                    codes::W1107_MALFORMED_ENTRY,
                    format!(
                        "an inline policy of `{}` without a `PolicyName`",
                        short(arn)
                    ),
                    inline.span,
                    "import the export as the AWS CLI printed it",
                ));
                continue;
            };
            let Some(document) = member(inline, "PolicyDocument") else {
                report.skipped.push(skip(
                    codes::W1107_MALFORMED_ENTRY,
                    format!(
                        "inline policy `{name}` of `{}` has no `PolicyDocument`",
                        short(arn)
                    ),
                    inline.span,
                    "import the export as the AWS CLI printed it",
                ));
                continue;
            };
            match policy_document(document, PolicyKind::Identity) {
                Ok(json) => policies.named(name, json),
                Err(reason) => report.skipped.push(skip(
                    codes::W1102_INVALID_POLICY,
                    format!(
                        "inline policy `{name}` of `{}` is left out: {reason}",
                        short(arn)
                    ),
                    document.span,
                    "check the document with `iamplay lint --kind identity`",
                )),
            }
        }
    }

    fn attached_policies(
        &mut self,
        entity: &'v SpannedValue,
        arn: &str,
        policies: &mut PolicyList,
        report: &mut InputReport,
    ) {
        for attached in array(entity, "AttachedManagedPolicies") {
            let Some(policy_arn) = string(attached, "PolicyArn") else {
                report.skipped.push(skip(
                    codes::W1107_MALFORMED_ENTRY,
                    format!(
                        "an attached policy of `{}` without a `PolicyArn`",
                        short(arn)
                    ),
                    attached.span,
                    "import the export as the AWS CLI printed it",
                ));
                continue;
            };
            if is_aws_managed(policy_arn) {
                policies.entries.push(Json::string(policy_arn));
                policies.managed_arns += 1;
                continue;
            }
            match self.customer_policy(policy_arn, PolicyKind::Identity) {
                Ok((name, json)) => policies.named(&name, json),
                Err(reason) => report.skipped.push(skip(
                    missing_or_invalid(&reason),
                    format!(
                        "customer managed policy `{policy_arn}` attached to `{}` is left out: {}",
                        short(arn),
                        reason.text
                    ),
                    attached.span,
                    reason.help,
                )),
            }
        }
    }

    /// The permissions boundary of a user or role: an AWS managed ARN as it is, a customer managed policy's
    /// default version as a named document.
    fn boundary(
        &mut self,
        entity: &'v SpannedValue,
        arn: &str,
        report: &mut InputReport,
    ) -> Option<Json> {
        let boundary = member(entity, "PermissionsBoundary")?;
        let Some(policy_arn) = string(boundary, "PermissionsBoundaryArn") else {
            report.skipped.push(skip(
                codes::W1107_MALFORMED_ENTRY,
                format!(
                    "the permissions boundary of `{}` has no `PermissionsBoundaryArn`",
                    short(arn)
                ),
                boundary.span,
                "import the output as the AWS CLI printed it",
            ));
            return None;
        };
        if is_aws_managed(policy_arn) {
            return Some(Json::string(policy_arn));
        }
        match self.customer_policy(policy_arn, PolicyKind::Boundary) {
            Ok((name, json)) => Some(Json::object([
                ("name", Json::string(name)),
                ("document", json),
            ])),
            Err(reason) => {
                report.skipped.push(skip(
                    missing_or_invalid(&reason),
                    format!(
                        "the permissions boundary `{policy_arn}` of `{}` is left out: {}; without it the \
                         scenario allows the principal more than AWS does",
                        short(arn),
                        reason.text
                    ),
                    boundary.span,
                    reason.help,
                ));
                None
            }
        }
    }

    /// A customer managed policy of the exports at its default version, parsed as `kind` (once per policy).
    fn customer_policy(
        &mut self,
        arn: &str,
        kind: PolicyKind,
    ) -> Result<(String, Json), CustomerPolicyError> {
        let Some((&key, policy)) = self.catalog.get_key_value(arn) else {
            return Err(CustomerPolicyError {
                missing: true,
                text: "the export does not contain it".to_string(),
                help: "export with `aws iam get-account-authorization-details` without `--filter` (or with \
                       `LocalManagedPolicy`), and import that file together with this one",
            });
        };
        let Some(document) = policy.document else {
            return Err(CustomerPolicyError {
                missing: true,
                text: format!(
                    "the export has the policy but not its default version `{}`",
                    policy.default_version
                ),
                help: "export again without a `--query` that drops `PolicyVersionList`",
            });
        };
        let name = policy.name.clone();
        let parsed = self
            .parsed
            .entry((key, kind))
            .or_insert_with(|| policy_document(document, kind));
        match parsed {
            Ok(json) => Ok((name, json.clone())),
            Err(reason) => Err(CustomerPolicyError {
                missing: false,
                text: reason.clone(),
                help: "check the document with `iamplay lint`",
            }),
        }
    }

    // -----------------------------------------------------------------------------------------------------
    // Single documents

    /// An identity policy for `attachTo` (a `get-policy-version` document or a bare one).
    fn identity_document(
        &mut self,
        document: &'v SpannedValue,
        name: &str,
        report: &mut InputReport,
    ) {
        let Some(target) = self.options.attach_to.clone() else {
            report.skipped.push(skip(
                codes::W1104_NEEDS_TARGET,
                "an identity policy needs a user, group or role to attach it to".to_string(),
                document.span,
                "give one: `--attach-to arn:aws:iam::123456789012:role/NAME` (CLI), `attachTo` (JS)",
            ));
            return;
        };
        if self.bad_options.contains("attachTo") {
            return;
        }
        let json = match policy_document(document, PolicyKind::Identity) {
            Ok(json) => json,
            Err(reason) => {
                report.skipped.push(skip(
                    codes::W1102_INVALID_POLICY,
                    format!("the policy is left out: {reason}"),
                    document.span,
                    "check the document with `iamplay lint --kind identity`",
                ));
                return;
            }
        };
        let resource = short(&target).to_string();
        let kind = if resource.starts_with("user/") {
            SectionKind::Users
        } else if resource.starts_with("group/") {
            SectionKind::Groups
        } else {
            SectionKind::Roles
        };
        let existed = self.draft.get(kind, &target).is_some();
        if !existed {
            self.draft.upsert(
                kind,
                Json::object([("arn", Json::string(target.clone()))]),
                &[],
            );
        }
        let mut count = 0;
        if let Some(entity) = self.draft.get_mut(kind, &target) {
            if entity.get("policies").is_none() {
                entity.set("policies", Json::Array(Vec::new()));
            }
            if let Some(Json::Array(items)) = entity.get_mut("policies") {
                let mut list = PolicyList::default();
                for item in items.iter() {
                    if let Some(existing) = item.get("name").and_then(Json::as_str) {
                        list.names.insert(existing.to_string());
                    }
                }
                // A policy of the same name is replaced: importing a newer version updates it.
                items.retain(|item| item.get("name").and_then(Json::as_str) != Some(name));
                list.names.remove(name);
                list.named(name, json);
                items.extend(list.entries);
                count = items.len();
            }
        }
        report.taken.push(Taken {
            kind: TakenKind::Policy,
            arn: target,
            name: Some(name.to_string()),
            policies: count,
            managed_arns: 0,
            permissions_boundary: false,
            trust_policy: false,
            tags: 0,
            groups: 0,
            service_linked: false,
            replaced: existed,
            span: document.span,
        });
    }

    fn bare_document(&mut self, document: &'v SpannedValue, name: &str, report: &mut InputReport) {
        let with_principal = has_principal(document);
        if let Some(level) = self.options.level {
            let kind = if with_principal {
                PolicyKind::Rcp
            } else {
                PolicyKind::Scp
            };
            self.attach_org(document, kind, name, level, report);
            return;
        }
        if !with_principal {
            if self.options.attach_to.is_none() {
                report.skipped.push(skip(
                    codes::W1104_NEEDS_TARGET,
                    "a policy without `Principal` is an identity policy or an SCP: iamplay needs to know \
                     where it is attached"
                        .to_string(),
                    document.span,
                    "give `--attach-to USER/GROUP/ROLE-ARN` for an identity policy or `--level root|ou|account` \
                     for an SCP (JS: `attachTo`, `level`)",
                ));
                return;
            }
            self.identity_document(document, name, report);
            return;
        }
        let Some(resource) = self.resource_target(None, document.span, report) else {
            return;
        };
        let is_role = crate::arn::Arn::parse(&resource)
            .is_ok_and(|parsed| parsed.service == "iam" && parsed.resource.starts_with("role/"));
        if is_role {
            self.trust_document(document, &resource, report);
        } else {
            self.resource_policy(document, &resource, report);
        }
    }

    /// A bare trust policy for the role `arn` (`--resource ROLE-ARN`).
    fn trust_document(&mut self, document: &'v SpannedValue, arn: &str, report: &mut InputReport) {
        let json = match policy_document(document, PolicyKind::Trust) {
            Ok(json) => json,
            Err(reason) => {
                report.skipped.push(skip(
                    codes::W1102_INVALID_POLICY,
                    format!("the trust policy is left out: {reason}"),
                    document.span,
                    "check the document with `iamplay lint --kind trust`",
                ));
                return;
            }
        };
        let replaced = match self.draft.get_mut(SectionKind::Roles, arn) {
            Some(role) => {
                role.set("trustPolicy", json);
                true
            }
            None => {
                self.draft.upsert(
                    SectionKind::Roles,
                    Json::object([("arn", Json::string(arn)), ("trustPolicy", json)]),
                    &[],
                );
                false
            }
        };
        report.taken.push(Taken {
            kind: TakenKind::Role,
            arn: arn.to_string(),
            name: None,
            policies: 0,
            managed_arns: 0,
            permissions_boundary: false,
            trust_policy: true,
            tags: 0,
            groups: 0,
            service_linked: false,
            replaced,
            span: document.span,
        });
    }

    /// The resource a resource policy attaches to: the option, else what the output names itself.
    fn resource_target(
        &self,
        named: Option<&str>,
        span: Span,
        report: &mut InputReport,
    ) -> Option<String> {
        if self.bad_options.contains("resource") {
            return None;
        }
        match (&self.options.resource, named) {
            (Some(resource), _) => Some(resource.clone()),
            (None, Some(named)) => Some(named.to_string()),
            (None, None) => {
                report.skipped.push(skip(
                    codes::W1104_NEEDS_TARGET,
                    "a resource policy needs the ARN of the resource it is attached to".to_string(),
                    span,
                    "give it: `--resource arn:aws:s3:::my-bucket` (CLI), `resource` (JS)",
                ));
                None
            }
        }
    }

    fn resource_output(
        &mut self,
        format: InputFormat,
        value: &'v SpannedValue,
        report: &mut InputReport,
    ) {
        let (document, named, service) = match format {
            InputFormat::S3BucketPolicy => (member(value, "Policy"), None, "s3"),
            InputFormat::LambdaPolicy => (member(value, "Policy"), None, "lambda"),
            InputFormat::KmsKeyPolicy => (member(value, "Policy"), None, "kms"),
            InputFormat::EcrRepositoryPolicy => (member(value, "policyText"), None, "ecr"),
            InputFormat::SecretsManagerResourcePolicy => (
                member(value, "ResourcePolicy"),
                string(value, "ARN"),
                "secretsmanager",
            ),
            InputFormat::SqsQueueAttributes | InputFormat::SnsTopicAttributes => {
                let attributes = member(value, "Attributes");
                let (arn_key, service) = if format == InputFormat::SnsTopicAttributes {
                    ("TopicArn", "sns")
                } else {
                    ("QueueArn", "sqs")
                };
                (
                    attributes.and_then(|a| member(a, "Policy")),
                    attributes.and_then(|a| string(a, arn_key)),
                    service,
                )
            }
            _ => (None, None, ""),
        };
        let Some(document) = document else {
            report.skipped.push(skip(
                codes::W1107_MALFORMED_ENTRY,
                "the output holds no policy (the resource has none, or `--attribute-names Policy` was not \
                 asked for)"
                    .to_string(),
                value.span,
                "a resource without a policy needs no import",
            ));
            return;
        };
        let Some(resource) = self.resource_target(named, value.span, report) else {
            return;
        };
        let resource_service = crate::arn::Arn::parse(&resource)
            .map(|parsed| parsed.service.to_string())
            .unwrap_or_default();
        if !service.is_empty() && resource_service != service {
            report.skipped.push(skip(
                codes::W1109_RESOURCE_MISMATCH,
                format!(
                    "the output is a `{service}` policy but the resource `{resource}` is a `{resource_service}` \
                     ARN; it is attached as given"
                ),
                value.span,
                "check `--resource`",
            ));
        }
        self.resource_policy(document, &resource, report);
    }

    fn resource_policy(
        &mut self,
        document: &'v SpannedValue,
        resource: &str,
        report: &mut InputReport,
    ) {
        let json = match policy_document(document, PolicyKind::Resource) {
            Ok(json) => json,
            Err(reason) => {
                report.skipped.push(skip(
                    codes::W1102_INVALID_POLICY,
                    format!("the resource policy of `{resource}` is left out: {reason}"),
                    document.span,
                    "check the document with `iamplay lint --kind resource`",
                ));
                return;
            }
        };
        let arn_account = crate::arn::Arn::parse(resource)
            .map(|parsed| parsed.account.to_string())
            .unwrap_or_default();
        let existing_account = self
            .draft
            .get(SectionKind::Resources, resource)
            .and_then(|entry| entry.get("account"))
            .cloned();
        let mut entry = Json::object([("arn", Json::string(resource))]);
        if arn_account.is_empty() {
            // An S3 ARN names no account; the scenario needs the owner (docs/scenario-format.md, `resources`).
            match (&self.options.account, existing_account) {
                (Some(account), _) if !self.bad_options.contains("account") => {
                    entry.set("account", Json::string(account.clone()));
                }
                (_, Some(account)) => entry.set("account", account),
                _ => {
                    report.skipped.push(skip(
                        codes::W1104_NEEDS_TARGET,
                        format!(
                            "`{resource}` names no account, and the scenario needs the account that owns it"
                        ),
                        document.span,
                        "give the owner: `--account 123456789012` (CLI), `account` (JS)",
                    ));
                    return;
                }
            }
        }
        entry.set("policy", json);
        let replaced = self
            .draft
            .upsert(SectionKind::Resources, entry, &["account", "tags"]);
        report.taken.push(Taken {
            kind: TakenKind::Resource,
            arn: resource.to_string(),
            name: None,
            policies: 1,
            managed_arns: 0,
            permissions_boundary: false,
            trust_policy: false,
            tags: 0,
            groups: 0,
            service_linked: false,
            replaced,
            span: document.span,
        });
    }

    // -----------------------------------------------------------------------------------------------------
    // Organization policies

    fn organization_policy(&mut self, value: &'v SpannedValue, report: &mut InputReport) {
        let Some(policy) = member(value, "Policy") else {
            return;
        };
        let summary = member(policy, "PolicySummary");
        let policy_type = summary.and_then(|s| string(s, "Type")).unwrap_or_default();
        let name = summary
            .and_then(|s| string(s, "Name"))
            .or_else(|| summary.and_then(|s| string(s, "Id")))
            .unwrap_or("policy");
        let kind = match policy_type {
            "SERVICE_CONTROL_POLICY" => PolicyKind::Scp,
            "RESOURCE_CONTROL_POLICY" => PolicyKind::Rcp,
            "" => {
                // Without a type, the document decides: RCPs must name `"Principal": "*"`.
                let is_rcp = member(policy, "Content")
                    .and_then(|content| read_document(content).ok())
                    .is_some_and(|document| has_principal(&document));
                if is_rcp {
                    PolicyKind::Rcp
                } else {
                    PolicyKind::Scp
                }
            }
            other => {
                report.skipped.push(skip(
                    codes::W1105_NOT_AUTHORIZATION,
                    format!(
                        "`{name}` is a `{other}`, not an SCP or RCP: it does not decide whether a request is \
                         allowed"
                    ),
                    policy.span,
                    "import service control policies and resource control policies",
                ));
                return;
            }
        };
        let Some(content) = member(policy, "Content") else {
            report.skipped.push(skip(
                codes::W1107_MALFORMED_ENTRY,
                format!("`{name}` has no `Content`"),
                policy.span,
                "import the output of `aws organizations describe-policy --policy-id ID`",
            ));
            return;
        };
        let Some(level) = self.options.level else {
            report.skipped.push(skip(
                codes::W1104_NEEDS_TARGET,
                format!("where is `{name}` attached? iamplay needs the organization level"),
                policy.span,
                "give `--level root`, `--level ou` or `--level account` (JS: `level`), and `--account ID` for \
                 an OU or account",
            ));
            return;
        };
        self.attach_org(content, kind, name, level, report);
    }

    fn attach_org(
        &mut self,
        document: &'v SpannedValue,
        kind: PolicyKind,
        name: &str,
        level: OrgLevel,
        report: &mut InputReport,
    ) {
        let json = match policy_document(document, kind) {
            Ok(json) => json,
            Err(reason) => {
                report.skipped.push(skip(
                    codes::W1102_INVALID_POLICY,
                    format!("`{name}` is left out: {reason}"),
                    document.span,
                    "check the document with `iamplay lint --kind scp` (or `rcp`)",
                ));
                return;
            }
        };
        let accounts: Vec<String> = match &self.options.account {
            Some(_) if self.bad_options.contains("account") => return,
            Some(account) => vec![account.clone()],
            None => {
                let known: Vec<String> = self.draft.known_accounts().into_iter().collect();
                if level == OrgLevel::Root || known.len() == 1 {
                    known
                } else {
                    Vec::new()
                }
            }
        };
        if accounts.is_empty() {
            report.skipped.push(skip(
                codes::W1104_NEEDS_TARGET,
                format!("which account is `{name}` attached above? iamplay needs the account"),
                document.span,
                "give `--account 123456789012` (JS: `account`), or import the account's export first",
            ));
            return;
        }
        let (key, default, taken_kind) = if kind == PolicyKind::Rcp {
            ("rcps", default_rcp(), TakenKind::Rcp)
        } else {
            ("scps", default_scp(), TakenKind::Scp)
        };
        let entry = Json::object([("name", Json::string(name)), ("document", json)]);
        for account in accounts {
            match self
                .draft
                .attach_org_policy(&account, key, level, entry.clone(), &default)
            {
                Ok(created) => {
                    if created > 0 {
                        let default_name = default
                            .get("name")
                            .and_then(Json::as_str)
                            .unwrap_or_default();
                        report.skipped.push(skip(
                            codes::W1108_ASSUMED,
                            format!(
                                "account `{account}` had no {key}: iamplay created {created} level(s) with \
                                 AWS's default `{default_name}`, as AWS attaches it to the root, every OU and \
                                 every account"
                            ),
                            document.span,
                            &format!(
                                "if your organization replaced `{default_name}` somewhere, import those \
                                 policies too and remove it from that level"
                            ),
                        ));
                    }
                    report.taken.push(Taken {
                        kind: taken_kind,
                        arn: account,
                        name: Some(name.to_string()),
                        policies: 1,
                        managed_arns: 0,
                        permissions_boundary: false,
                        trust_policy: false,
                        tags: 0,
                        groups: 0,
                        service_linked: false,
                        replaced: false,
                        span: document.span,
                    });
                }
                Err(reason) => report.skipped.push(skip(
                    codes::W1104_NEEDS_TARGET,
                    format!("`{name}` is left out: {reason}"),
                    document.span,
                    "fix the scenario to import into",
                )),
            }
        }
    }
}

/// Why a customer managed policy could not be used.
struct CustomerPolicyError {
    /// Not in the exports (as opposed to present but not parsing).
    missing: bool,
    text: String,
    help: &'static str,
}

fn missing_or_invalid(error: &CustomerPolicyError) -> &'static str {
    if error.missing {
        codes::W1101_MISSING_POLICY
    } else {
        codes::W1102_INVALID_POLICY
    }
}

/// AWS's `FullAWSAccess` SCP (policy `p-FullAWSAccess`), attached by default (AWS Organizations User Guide,
/// "SCP evaluation").
fn default_scp() -> Json {
    Json::object([
        ("name", Json::string("FullAWSAccess")),
        (
            "document",
            Json::object([
                ("Version", Json::string("2012-10-17")),
                (
                    "Statement",
                    Json::Array(vec![Json::object([
                        ("Effect", Json::string("Allow")),
                        ("Action", Json::string("*")),
                        ("Resource", Json::string("*")),
                    ])]),
                ),
            ]),
        ),
    ])
}

/// AWS's `RCPFullAWSAccess` RCP, attached by default and not detachable (AWS Organizations User Guide,
/// "Resource control policies (RCPs)").
fn default_rcp() -> Json {
    Json::object([
        ("name", Json::string("RCPFullAWSAccess")),
        (
            "document",
            Json::object([
                ("Version", Json::string("2012-10-17")),
                (
                    "Statement",
                    Json::Array(vec![Json::object([
                        ("Effect", Json::string("Allow")),
                        ("Principal", Json::string("*")),
                        ("Action", Json::string("*")),
                        ("Resource", Json::string("*")),
                    ])]),
                ),
            ]),
        ),
    ])
}

/// The accounts of what an input wrote (entity ARNs; the account of an SCP or RCP).
fn accounts_of(report: &InputReport) -> Vec<String> {
    report
        .taken
        .iter()
        .filter_map(|taken| match taken.kind {
            TakenKind::Scp | TakenKind::Rcp => Some(taken.arn.clone()),
            _ => crate::arn::Arn::parse(&taken.arn)
                .ok()
                .map(|parsed| parsed.account.to_string())
                .filter(|account| is_account_id(account)),
        })
        .collect::<BTreeSet<String>>()
        .into_iter()
        .collect()
}
