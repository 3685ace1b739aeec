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
use crate::managed::ManagedPolicySource;
use crate::policy::PolicyKind;
use std::collections::{BTreeSet, HashMap};

mod export;
mod single;

/// An AWS managed policy ARN (`arn:aws:iam::aws:policy/NAME`, with a path for some: `job-function/`,
/// `service-role/`, `aws-service-role/`).
fn is_aws_managed(arn: &str) -> bool {
    crate::managed::is_managed_policy_arn(arn)
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
    /// Where AWS managed policy ARNs are checked; `None` writes them unchecked.
    managed: Option<&'v dyn ManagedPolicySource>,
}

pub fn run<'v>(
    inputs: &[ImportInput],
    options: &'v ImportOptions,
    managed: Option<&'v dyn ManagedPolicySource>,
) -> ImportOutcome {
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
        managed,
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
    let load_options = crate::scenario::LoadOptions {
        managed_policies: managed,
    };
    let loaded = crate::scenario::load_scenario_with(&scenario, &load_options);
    // Without a snapshot the ARNs are the loading shell's to resolve, not problems of the import.
    let problems = loaded
        .diagnostics
        .into_iter()
        .filter(|diagnostic| {
            diagnostic.is_error()
                && (managed.is_some()
                    || diagnostic.code != crate::scenario::codes::E0515_UNKNOWN_MANAGED_POLICY)
        })
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
