//! Resolution: who a request's caller is (groups → users, sessions → roles), which resource entry and account
//! own the resource, and which policies apply — the evaluator's input for one request.

use super::model::{Resource, Role, Scenario, ScenarioPolicy, User};
use super::principal::{parse_principal, CallerSpec, SESSION_NAME};
use crate::context::{ContextValue, RequestContext};
use crate::diagnostic::{Position, Span};
use crate::eval::{
    AuthorizationRequest, NamedPolicy, OrganizationPolicies, Principal, ResourcePolicy,
    ResourcePolicyKind,
};
use crate::policy::model::{Policy, PolicyKind, PolicyVersion};
use crate::sts::{is_trust_action, Caller, Directory, RoleSession};

/// The trust policy of a role that has none: no statement, so nobody can assume the role (a trust policy must
/// allow explicitly, reference_policies_evaluation-logic.md, "Determining whether a request is allowed or
/// denied within an account", step 3).
static NO_TRUST_POLICY: Policy = Policy {
    kind: PolicyKind::Trust,
    version: PolicyVersion::V2012_10_17,
    id: None,
    statements: Vec::new(),
    span: Span {
        start: Position {
            line: 0,
            column: 0,
            offset: 0,
        },
        end: Position {
            line: 0,
            column: 0,
            offset: 0,
        },
    },
};

/// The scenario as STS and the evaluator see it.
#[derive(Debug, Clone, Copy)]
pub struct ScenarioDirectory<'s> {
    pub scenario: &'s Scenario,
}

fn named(policy: &ScenarioPolicy) -> NamedPolicy<'_> {
    policy.named()
}

fn organization(levels: Option<&Vec<Vec<ScenarioPolicy>>>) -> OrganizationPolicies<'_> {
    match levels {
        Some(levels) => OrganizationPolicies::member(
            levels
                .iter()
                .map(|level| level.iter().map(named).collect())
                .collect(),
        ),
        None => OrganizationPolicies::default(),
    }
}

/// Whether `arn` names a KMS key (`arn:aws:kms:REGION:ID:key/...`): its policy is a key policy.
fn is_kms_key(arn: &str) -> bool {
    crate::arn::Arn::parse(arn)
        .is_ok_and(|parsed| parsed.service == "kms" && parsed.resource.starts_with("key/"))
}

impl<'s> ScenarioDirectory<'s> {
    pub fn new(scenario: &'s Scenario) -> Self {
        Self { scenario }
    }

    /// The SCPs of an account (none when it is not described or has no `scps`).
    pub fn scps(&self, account: Option<&str>) -> OrganizationPolicies<'s> {
        organization(
            account
                .and_then(|id| self.scenario.account(id))
                .and_then(|account| account.scps.as_ref()),
        )
    }

    fn rcps(&self, account: Option<&str>) -> OrganizationPolicies<'s> {
        organization(
            account
                .and_then(|id| self.scenario.account(id))
                .and_then(|account| account.rcps.as_ref()),
        )
    }

    /// An IAM user with its own and its groups' policies, boundary and tags.
    fn user_caller(&self, arn: &str) -> Caller<'s> {
        let mut principal = Principal::iam_user(arn);
        let scps = self.scps(principal.account.as_deref());
        let Some(user) = self.scenario.user(arn) else {
            let mut caller = Caller::bare(principal);
            caller.scps = scps;
            return caller;
        };
        principal.tags = user.tags.clone();
        Caller {
            principal,
            identity: self.user_policies(user),
            permissions_boundary: user.permissions_boundary.as_ref().map(named),
            session: Vec::new(),
            scps,
        }
    }

    /// A user's identity policies: its own, then each group's in the order it lists the groups.
    pub fn user_policies(&self, user: &'s User) -> Vec<NamedPolicy<'s>> {
        let mut policies: Vec<NamedPolicy<'s>> = user.policies.iter().map(named).collect();
        for group_arn in &user.groups {
            if let Some(group) = self.scenario.group(&group_arn.value) {
                policies.extend(group.policies.iter().map(named));
            }
        }
        policies
    }

    /// A session of a role (described or not) named `session_name`; `session_arn` overrides the derived ARN.
    fn role_caller(
        &self,
        role: Option<&'s Role>,
        role_arn: &str,
        session_name: &str,
        session_arn: Option<&str>,
    ) -> Caller<'s> {
        let mut principal = Principal::role_session(role_arn, session_name);
        if let Some(arn) = session_arn {
            principal.arn = arn.to_string();
        }
        let scps = self.scps(principal.account.as_deref());
        let Some(role) = role else {
            let mut caller = Caller::bare(principal);
            caller.scps = scps;
            return caller;
        };
        principal.tags = role.tags.clone();
        Caller {
            principal,
            identity: role.policies.iter().map(named).collect(),
            permissions_boundary: role.permissions_boundary.as_ref().map(named),
            session: Vec::new(),
            scps,
        }
    }

    /// The caller a request's `principal` names; an error message when the text names no principal.
    pub fn caller(&self, principal: &str) -> Result<Caller<'s>, String> {
        let spec = parse_principal(principal)?;
        Ok(match spec {
            CallerSpec::Anonymous => Caller::bare(Principal::anonymous()),
            CallerSpec::Root { account } => {
                let mut caller = Caller::bare(Principal::root(&account));
                caller.scps = self.scps(Some(&account));
                caller
            }
            CallerSpec::User { arn } => self.user_caller(&arn),
            CallerSpec::Role {
                account,
                role_name,
                role_arn,
                session_arn,
            } => {
                let role = match &role_arn {
                    Some(arn) => self.scenario.role(arn),
                    None => self.scenario.role_by_name(&account, &role_name),
                };
                let role_arn = match (role, role_arn) {
                    (Some(role), _) => role.arn.value.clone(),
                    (None, Some(arn)) => arn,
                    (None, None) => format!("arn:aws:iam::{account}:role/{role_name}"),
                };
                let session_name = session_arn
                    .as_deref()
                    .and_then(|arn| arn.split_once(":assumed-role/"))
                    .and_then(|(_, rest)| rest.split_once('/'))
                    .map_or(SESSION_NAME, |(_, name)| name);
                self.role_caller(role, &role_arn, session_name, session_arn.as_deref())
            }
            CallerSpec::FederatedUser { account, arn } => {
                let name = arn.rsplit('/').next().unwrap_or_default();
                let mut principal = Principal::federated_user(&account, name, None);
                principal.arn = arn;
                let mut caller = Caller::bare(principal);
                caller.scps = self.scps(Some(&account));
                caller
            }
            CallerSpec::Service { name } => Caller::bare(Principal::service(&name)),
            CallerSpec::Provider { provider } => Caller::bare(Principal::federated(&provider)),
        })
    }

    /// Sends `request` through the VPC endpoint `id` (unknown ids change nothing; the loader rejects them):
    /// its policy applies too (aws-vpc-user-guide/vpc-endpoints-access.md, "Use VPC endpoint policies"; without
    /// one, "we attach a default policy for you that allows full access"), and the context gains
    /// `aws:SourceVpce` and `aws:SourceVpc` and loses `aws:SourceIp`, which becomes `aws:VpcSourceIp`
    /// (reference_policies_condition-keys.md, "aws:SourceIp": "If the request comes from a host that uses an
    /// Amazon VPC endpoint, then the aws:SourceIp key is not available"; "aws:SourceVpce", "aws:SourceVpc",
    /// "aws:VpcSourceIp").
    pub fn through_vpc_endpoint(&self, request: &mut AuthorizationRequest<'s>, id: &str) {
        let Some(endpoint) = self.scenario.vpc_endpoint(id) else {
            return;
        };
        request.policies.vpc_endpoint = match &endpoint.policy {
            Some(policy) => Some(named(policy)),
            None => crate::eval::aws_rules::default_endpoint_policy()
                .map(|policy| NamedPolicy::new(format!("vpce/{id}:default policy"), policy)),
        };
        let context = &mut request.context;
        context.insert("aws:SourceVpce", ContextValue::Single(id.to_string()));
        if let Some(vpc) = &endpoint.vpc {
            context.insert("aws:SourceVpc", ContextValue::Single(vpc.value.clone()));
        }
        if let Some(ip) = context.remove("aws:SourceIp") {
            context.insert_default("aws:VpcSourceIp", ip);
        }
    }

    /// The resource entry whose policy applies to `resource`.
    pub fn resource_entry(&self, resource: &str) -> Option<&'s Resource> {
        self.scenario.resource_for(resource)
    }
}

impl<'s> Directory<'s> for ScenarioDirectory<'s> {
    fn request(
        &self,
        caller: &Caller<'s>,
        action: &str,
        resource: &str,
        context: &RequestContext,
    ) -> AuthorizationRequest<'s> {
        let mut request = AuthorizationRequest::new(caller.principal.clone(), action, resource);
        request.context = context.clone();
        request.policies.identity = caller.identity.clone();
        request.policies.permissions_boundary = caller.permissions_boundary.clone();
        request.policies.session = caller.session.clone();
        request.policies.scps = caller.scps.clone();

        let assumed_role = is_trust_action(action)
            .then(|| crate::arn::Arn::parse(resource).ok())
            .flatten()
            .filter(|parsed| parsed.service == "iam" && parsed.resource.starts_with("role/"));
        if assumed_role.is_some() {
            // A request whose resource is a role ARN uses that role's trust policy as its resource policy.
            let role = self.scenario.role(resource);
            let policy = match role.and_then(|role| role.trust_policy.as_ref()) {
                Some(trust) => named(trust),
                None => NamedPolicy::new(
                    format!("{}:trust (none)", short_name(resource)),
                    &NO_TRUST_POLICY,
                ),
            };
            request.policies.resource = Some(ResourcePolicy {
                kind: ResourcePolicyKind::RoleTrust,
                policy,
            });
            if let Some(role) = role {
                request.resource_tags = role.tags.clone();
            }
        } else if let Some(entry) = self.resource_entry(resource) {
            request.resource_account = entry.owner().map(str::to_string);
            request.resource_tags = entry.tags.clone();
            if let Some(policy) = &entry.policy {
                // S3 decides "public" with the one shared rule (`analysis::access::is_public`).
                request.restrict_public_buckets = self
                    .scenario
                    .block_public_access(entry)
                    .is_some_and(|settings| settings.restrict_public_buckets)
                    && crate::analysis::access::is_public(&policy.policy);
                let kind = if is_kms_key(&entry.arn.value) {
                    ResourcePolicyKind::KmsKey
                } else {
                    ResourcePolicyKind::Resource
                };
                request.policies.resource = Some(ResourcePolicy {
                    kind,
                    policy: named(policy),
                });
            }
        } else if let Some(role) = self.scenario.role(resource) {
            request.resource_tags = role.tags.clone();
        }
        if request.policies.resource.is_none() && is_kms_key(resource) {
            // Every KMS key has a key policy; one the scenario does not give is AWS's default key policy
            // (AWS KMS Developer Guide, "Default key policy").
            request.policies.resource = default_key_policy(resource);
        }

        // RCPs of the account that owns the resource; a resource without an account is the caller's own.
        let owner = request
            .effective_resource_account()
            .map(|account| account.into_owned())
            .or_else(|| caller.principal.account.clone());
        request.policies.rcps = self.rcps(owner.as_deref());
        request
    }

    fn session(&self, role_arn: &str, session_name: &str) -> Option<RoleSession<'s>> {
        let role = self.scenario.role(role_arn)?;
        Some(RoleSession {
            caller: self.role_caller(Some(role), &role.arn.value, session_name, None),
            max_session_duration: role.max_session_duration.as_ref().map(|d| d.value),
        })
    }
}

/// AWS's default key policy for the key `resource`, named after the key.
pub fn default_key_policy(resource: &str) -> Option<ResourcePolicy<'static>> {
    crate::eval::aws_rules::default_key_policy().map(|policy| ResourcePolicy {
        kind: ResourcePolicyKind::KmsKey,
        policy: NamedPolicy::new(
            format!("{}:default key policy", short_name(resource)),
            policy,
        ),
    })
}

/// The part of an ARN after the fifth colon.
fn short_name(arn: &str) -> &str {
    crate::arn::Arn::parse(arn).map_or(arn, |parsed| parsed.resource)
}
