//! Single documents: `get-policy-version` and bare policies attached where the options say, the resource-policy
//! outputs of S3, SQS, SNS, Lambda, KMS, ECR and Secrets Manager, and SCPs/RCPs from `organizations
//! describe-policy` at the level the user picks.

use super::*;

impl<'v> Run<'v> {
    // -----------------------------------------------------------------------------------------------------
    // Single documents

    /// An identity policy for `attachTo` (a `get-policy-version` document or a bare one).
    pub(super) fn identity_document(
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

    pub(super) fn bare_document(
        &mut self,
        document: &'v SpannedValue,
        name: &str,
        report: &mut InputReport,
    ) {
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
    pub(super) fn trust_document(
        &mut self,
        document: &'v SpannedValue,
        arn: &str,
        report: &mut InputReport,
    ) {
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
    pub(super) fn resource_target(
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

    pub(super) fn resource_output(
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

    pub(super) fn resource_policy(
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

    pub(super) fn organization_policy(
        &mut self,
        value: &'v SpannedValue,
        report: &mut InputReport,
    ) {
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

    pub(super) fn attach_org(
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
