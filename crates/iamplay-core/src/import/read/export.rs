//! `aws iam get-account-authorization-details`: users, groups and roles with their inline, customer managed
//! (at the default version) and AWS managed policies, boundaries, tags, trust policies; `get-role` updates a
//! role. Shapes: IAM API Reference, UserDetail, GroupDetail, RoleDetail, ManagedPolicyDetail,
//! AttachedPermissionsBoundary.

use super::*;

impl<'v> Run<'v> {
    // -----------------------------------------------------------------------------------------------------
    // get-account-authorization-details

    pub(super) fn export(&mut self, export: &'v SpannedValue, report: &mut InputReport) {
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

    pub(super) fn entity_arn(
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

    pub(super) fn group(&mut self, group: &'v SpannedValue, report: &mut InputReport) {
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

    pub(super) fn user(
        &mut self,
        user: &'v SpannedValue,
        export: &'v SpannedValue,
        report: &mut InputReport,
    ) {
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
    pub(super) fn group_arn(
        &self,
        export: &'v SpannedValue,
        account: &str,
        name: &str,
    ) -> Option<String> {
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
    pub(super) fn role(
        &mut self,
        role: &'v SpannedValue,
        from_get_role: bool,
        report: &mut InputReport,
    ) {
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

    pub(super) fn inline_policies(
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

    pub(super) fn attached_policies(
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
                match self.aws_managed(policy_arn, PolicyKind::Identity, attached.span, arn, report)
                {
                    Some(AwsManaged::Arn(json)) => {
                        policies.entries.push(json);
                        policies.managed_arns += 1;
                    }
                    Some(AwsManaged::Copy(name, json)) => policies.named(&name, json),
                    None => {}
                }
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
    pub(super) fn boundary(
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
            return match self.aws_managed(
                policy_arn,
                PolicyKind::Boundary,
                boundary.span,
                arn,
                report,
            )? {
                AwsManaged::Arn(json) => Some(json),
                AwsManaged::Copy(name, json) => Some(Json::object([
                    ("name", Json::string(name)),
                    ("document", json),
                ])),
            };
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

    /// An attached AWS managed policy: its ARN when the snapshot has it (or there is no snapshot to ask), else
    /// the export's own copy of its default version, else nothing; both fallbacks are reported.
    pub(super) fn aws_managed(
        &mut self,
        policy_arn: &str,
        kind: PolicyKind,
        span: Span,
        owner: &str,
        report: &mut InputReport,
    ) -> Option<AwsManaged> {
        let Some(managed) = self.managed else {
            return Some(AwsManaged::Arn(Json::string(policy_arn)));
        };
        if managed.managed_policy(policy_arn).is_some() {
            return Some(AwsManaged::Arn(Json::string(policy_arn)));
        }
        let source = managed.managed_policy_source().to_string();
        let suggestion = managed
            .suggest_managed_policy(policy_arn)
            .map(|arn| format!(" (did you mean `{arn}`?)"))
            .unwrap_or_default();
        match self.customer_policy(policy_arn, kind) {
            Ok((name, json)) => {
                report.skipped.push(skip(
                    codes::W1110_UNKNOWN_MANAGED_POLICY,
                    format!(
                        "AWS managed policy `{policy_arn}` of `{}` is not in iamplay's snapshot `{source}`; the \
                         export's copy of its default version is used instead",
                        short(owner)
                    ),
                    span,
                    "regenerate the snapshot (`make managed-policies`) to attach it by ARN",
                ));
                Some(AwsManaged::Copy(name, json))
            }
            Err(_) => {
                report.skipped.push(skip(
                    codes::W1110_UNKNOWN_MANAGED_POLICY,
                    format!(
                        "AWS managed policy `{policy_arn}` of `{}` is left out: it is not in iamplay's snapshot \
                         `{source}`{suggestion}, and the export has no copy of it",
                        short(owner)
                    ),
                    span,
                    "export without `--filter` (the export then holds the AWS managed policies it uses), or \
                     regenerate the snapshot (`make managed-policies`)",
                ));
                None
            }
        }
    }

    /// A customer managed policy of the exports at its default version, parsed as `kind` (once per policy).
    pub(super) fn customer_policy(
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
}

/// How an AWS managed policy is written: by ARN, or as the export's copy (name, document).
pub(super) enum AwsManaged {
    Arn(Json),
    Copy(String, Json),
}

/// Why a customer managed policy could not be used.
pub(super) struct CustomerPolicyError {
    /// Not in the exports (as opposed to present but not parsing).
    pub(super) missing: bool,
    pub(super) text: String,
    pub(super) help: &'static str,
}

pub(super) fn missing_or_invalid(error: &CustomerPolicyError) -> &'static str {
    if error.missing {
        codes::W1101_MISSING_POLICY
    } else {
        codes::W1102_INVALID_POLICY
    }
}
