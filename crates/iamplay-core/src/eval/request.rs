//! The evaluator's input: who is calling (`Principal`), what they ask for, and which policies apply, grouped
//! by policy type. Policies are borrowed (`&Policy`), so building a request never clones a policy.

use crate::context::RequestContext;
use crate::diagnostic::Diagnostic;
use crate::policy::model::Policy;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// What kind of caller makes the request (reference_policies_elements_principal.md, "Specifying a principal").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum PrincipalKind {
    /// The AWS account root user (`arn:aws:iam::ID:root`).
    Root,
    /// An IAM user (`arn:aws:iam::ID:user/path/name`).
    IamUser,
    /// An assumed-role session (`arn:aws:sts::ID:assumed-role/name/session`) of the role `role_arn`
    /// (`arn:aws:iam::ID:role/path/name`; the session ARN drops the path).
    #[serde(rename_all = "camelCase")]
    RoleSession {
        role_arn: String,
        session_name: String,
    },
    /// An AWS STS federated user session from `GetFederationToken`
    /// (`arn:aws:sts::ID:federated-user/name`); `source_arn` is the IAM user or root user who federated.
    #[serde(rename_all = "camelCase")]
    FederatedUser { source_arn: Option<String> },
    /// An AWS service principal such as `lambda.amazonaws.com`; `Principal::arn` holds the service name.
    Service,
    /// A web identity or SAML identity provider calling `AssumeRoleWithWebIdentity` / `AssumeRoleWithSAML`:
    /// `provider` is a SAML or OIDC provider ARN or a name like `cognito-identity.amazonaws.com`. It matches
    /// `Federated` principals in a trust policy.
    Federated { provider: String },
    /// An unauthenticated caller.
    Anonymous,
}

/// The caller of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Principal {
    pub kind: PrincipalKind,
    /// The caller's ARN: user ARN, assumed-role session ARN, root ARN, federated-user ARN; the service name for
    /// a service; the provider for `Federated`; `*` for anonymous.
    pub arn: String,
    /// The 12-digit account the caller belongs to; `None` for services, identity providers and anonymous.
    pub account: Option<String>,
    /// The unique id (`aws:userid`), e.g. `AIDA...` for a user or `AROA...:session` for a role session.
    pub user_id: Option<String>,
    /// The S3 canonical user id of the caller's account, matched by `CanonicalUser` principals.
    pub canonical_user_id: Option<String>,
    /// Tags of the user or role (plus session tags); become `aws:PrincipalTag/<key>`.
    pub tags: BTreeMap<String, String>,
    /// The source identity set when the session (or an earlier one of its role chain) was created; becomes
    /// `aws:SourceIdentity` (id_credentials_temp_control-access_monitor.md, "Things to know about source
    /// identity").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_identity: Option<String>,
}

/// Codes this module reports (E04xx belongs to `eval`).
pub mod codes {
    /// A principal text that is neither a known ARN form, a service principal, nor `anonymous`.
    pub const E0401_UNKNOWN_PRINCIPAL: &str = "E0401";
}

impl Principal {
    fn with(kind: PrincipalKind, arn: String, account: Option<String>) -> Self {
        Self {
            kind,
            arn,
            account,
            user_id: None,
            canonical_user_id: None,
            tags: BTreeMap::new(),
            source_identity: None,
        }
    }

    /// The root user of `account`.
    pub fn root(account: &str) -> Self {
        Self::with(
            PrincipalKind::Root,
            format!("arn:aws:iam::{account}:root"),
            Some(account.to_string()),
        )
    }

    /// An IAM user from its ARN (`arn:aws:iam::ID:user/...`).
    pub fn iam_user(user_arn: &str) -> Self {
        // A CloudFront origin access identity is a user of no account (`policy::principal::cloudfront_oai_id`):
        // without one, only a resource policy can grant it anything.
        let account = account_of(user_arn)
            .filter(|_| crate::policy::principal::cloudfront_oai_id(user_arn).is_none());
        Self::with(PrincipalKind::IamUser, user_arn.to_string(), account)
    }

    /// A session of `role_arn` named `session_name`; the session ARN is derived as AWS does
    /// (`arn:<partition>:sts::ID:assumed-role/<role name without path>/<session>`).
    pub fn role_session(role_arn: &str, session_name: &str) -> Self {
        let (partition, account, role_name) = split_iam_arn(role_arn, "role/")
            .map(|(p, a, rest)| (p, a, rest.rsplit('/').next().unwrap_or(rest)))
            .unwrap_or(("aws", "", role_arn));
        let arn = format!("arn:{partition}:sts::{account}:assumed-role/{role_name}/{session_name}");
        let mut principal = Self::with(
            PrincipalKind::RoleSession {
                role_arn: role_arn.to_string(),
                session_name: session_name.to_string(),
            },
            arn,
            (!account.is_empty()).then(|| account.to_string()),
        );
        // `aws:userid` of a role session is `role-id:caller-specified-role-name` (reference_policies_variables.md,
        // "Principal key values").
        principal.user_id = Some(format!("{}:{session_name}", role_unique_id(role_arn)));
        principal
    }

    /// A `GetFederationToken` session named `name` in `account`, federated by `source_arn` when known.
    pub fn federated_user(account: &str, name: &str, source_arn: Option<&str>) -> Self {
        Self::with(
            PrincipalKind::FederatedUser {
                source_arn: source_arn.map(str::to_string),
            },
            format!("arn:aws:sts::{account}:federated-user/{name}"),
            Some(account.to_string()),
        )
    }

    /// An AWS service principal such as `lambda.amazonaws.com`.
    pub fn service(name: &str) -> Self {
        Self::with(PrincipalKind::Service, name.to_string(), None)
    }

    /// A web identity or SAML provider (matches `Federated` principals).
    pub fn federated(provider: &str) -> Self {
        Self::with(
            PrincipalKind::Federated {
                provider: provider.to_string(),
            },
            provider.to_string(),
            None,
        )
    }

    /// An unauthenticated caller.
    pub fn anonymous() -> Self {
        Self::with(PrincipalKind::Anonymous, "*".to_string(), None)
    }

    /// Reads a principal as a scenario writes it: a user, root, role (a session named after the role),
    /// assumed-role session or federated-user ARN, a service principal (`*.amazonaws.com`), or `anonymous`.
    /// A role ARN parsed this way becomes a session named `session`; an assumed-role ARN keeps no role path.
    pub fn from_arn(text: &str) -> Result<Self, Box<Diagnostic>> {
        if text == "anonymous" || text == "*" {
            return Ok(Self::anonymous());
        }
        if !text.starts_with("arn:") {
            if text.ends_with(".amazonaws.com") || text.ends_with(".amazonaws.com.cn") {
                return Ok(Self::service(text));
            }
            if text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit()) {
                return Ok(Self::root(text));
            }
            return Err(unknown_principal(text));
        }
        if let Some((_, account, rest)) = split_iam_arn(text, "") {
            if rest == "root" {
                return Ok(Self::root(account));
            }
            if rest.starts_with("user/") {
                return Ok(Self::iam_user(text));
            }
            if rest.starts_with("role/") {
                return Ok(Self::role_session(text, "session"));
            }
            if rest.starts_with("saml-provider/") || rest.starts_with("oidc-provider/") {
                return Ok(Self::federated(text));
            }
        }
        if let Some((partition, account, rest)) = split_sts_arn(text) {
            if let Some(session) = rest.strip_prefix("assumed-role/") {
                if let Some((role_name, session_name)) = session.split_once('/') {
                    let role_arn = format!("arn:{partition}:iam::{account}:role/{role_name}");
                    let mut principal = Self::role_session(&role_arn, session_name);
                    principal.arn = text.to_string();
                    return Ok(principal);
                }
            }
            if let Some(name) = rest.strip_prefix("federated-user/") {
                let mut principal = Self::federated_user(account, name, None);
                principal.arn = text.to_string();
                return Ok(principal);
            }
        }
        Err(unknown_principal(text))
    }

    /// The ARN `aws:PrincipalArn` carries: the role ARN for a role session, else the caller's ARN
    /// (reference_policies_condition-keys.md, "aws:PrincipalArn").
    pub fn principal_arn(&self) -> Option<&str> {
        match &self.kind {
            PrincipalKind::RoleSession { role_arn, .. } => Some(role_arn),
            PrincipalKind::Root | PrincipalKind::IamUser | PrincipalKind::FederatedUser { .. } => {
                Some(&self.arn)
            }
            PrincipalKind::Service | PrincipalKind::Federated { .. } | PrincipalKind::Anonymous => {
                None
            }
        }
    }

    /// A service-linked role's session (role path `aws-service-role/`); SCPs and RCPs do not restrict
    /// service-linked roles (AWS Organizations User Guide, "SCP effects on permissions").
    pub fn is_service_linked_role(&self) -> bool {
        match &self.kind {
            PrincipalKind::RoleSession { role_arn, .. } => split_iam_arn(role_arn, "role/")
                .is_some_and(|(_, _, rest)| rest.starts_with("role/aws-service-role/")),
            _ => false,
        }
    }

    /// Role sessions and federated user sessions: the principals session policies apply to.
    pub fn is_session(&self) -> bool {
        matches!(
            self.kind,
            PrincipalKind::RoleSession { .. } | PrincipalKind::FederatedUser { .. }
        )
    }
}

/// A stand-in for the unique id IAM gives a role (`AROA` and 17 characters): scenarios do not know it, so it is
/// derived from the role ARN (FNV-1a), the same on every run. Policies that name a real role id will not
/// match it; `aws:userid` patterns such as `*:alice` do.
pub fn role_unique_id(role_arn: &str) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut hash: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    for byte in role_arn.bytes() {
        hash ^= u128::from(byte);
        hash = hash.wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013b);
    }
    let mut id = String::with_capacity(21);
    id.push_str("AROA");
    for _ in 0..17 {
        let digit = usize::try_from(hash % 32).unwrap_or(0);
        id.push(char::from(*ALPHABET.get(digit).unwrap_or(&b'A')));
        hash /= 32;
    }
    id
}

fn unknown_principal(text: &str) -> Box<Diagnostic> {
    Box::new(Diagnostic::error(
        codes::E0401_UNKNOWN_PRINCIPAL,
        format!("`{text}` is not a principal iamplay understands"),
        None,
    )
    .with_help(
        "use a user, role, assumed-role, federated-user or root ARN, a 12-digit account id, a service \
         principal such as `lambda.amazonaws.com`, or `anonymous`",
    ))
}

/// `arn:<partition>:iam::<account>:<prefix>...` → (partition, account, text after the fifth colon).
fn split_iam_arn<'a>(arn: &'a str, prefix: &str) -> Option<(&'a str, &'a str, &'a str)> {
    let parsed = crate::arn::Arn::parse(arn).ok()?;
    (parsed.service == "iam" && parsed.resource.starts_with(prefix)).then_some((
        parsed.partition,
        parsed.account,
        parsed.resource,
    ))
}

fn split_sts_arn(arn: &str) -> Option<(&str, &str, &str)> {
    let parsed = crate::arn::Arn::parse(arn).ok()?;
    (parsed.service == "sts").then_some((parsed.partition, parsed.account, parsed.resource))
}

/// The account segment of an ARN, when it has one.
pub fn account_of(arn: &str) -> Option<String> {
    crate::arn::Arn::parse(arn)
        .ok()
        .map(|parsed| parsed.account)
        .filter(|account| !account.is_empty())
        .map(str::to_string)
}

/// A policy with a stable id for explanations, e.g. `user/john:inline:AllowS3` or
/// `group/Developers:managed:ReadOnly`. The id is borrowed when the caller keeps it, owned otherwise; borrow it on
/// hot paths, since explanations copy it once per policy and per decisive statement.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedPolicy<'p> {
    pub id: Cow<'p, str>,
    pub policy: &'p Policy,
    /// The ARN of the AWS managed policy this is (`arn:aws:iam::aws:policy/ReadOnlyAccess`): the policy's
    /// spans then point into that document's text (`managed::ManagedPolicy::text`), not the scenario's.
    pub managed_arn: Option<&'p str>,
    /// Only these statements (positions in `policy.statements`, ascending) are evaluated; the others are skipped
    /// as if their `Principal` did not cover the caller. For callers that know so already (the access analysis
    /// matches each caller against a policy's principals once, not in each of its thousands of evaluations).
    pub only_statements: Option<&'p [usize]>,
}

impl<'p> NamedPolicy<'p> {
    pub fn new(id: impl Into<Cow<'p, str>>, policy: &'p Policy) -> Self {
        Self {
            id: id.into(),
            policy,
            managed_arn: None,
            only_statements: None,
        }
    }

    /// The same policy, of which only the statements at `positions` (ascending) can apply.
    pub fn with_only_statements(mut self, positions: Option<&'p [usize]>) -> Self {
        self.only_statements = positions;
        self
    }

    /// The same policy, marked as the AWS managed policy `arn`.
    pub fn with_managed_arn(mut self, arn: Option<&'p str>) -> Self {
        self.managed_arn = arn;
        self
    }
}

/// Which kind of resource-based policy applies; trust and KMS key policies must allow explicitly even in
/// the same account (reference_policies_evaluation-logic.md, "Determining whether a request is allowed or
/// denied within an account", step 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ResourcePolicyKind {
    /// A bucket, queue, topic, secret, ... policy.
    Resource,
    /// A role's trust policy (the resource is the role, the action `sts:AssumeRole*`).
    RoleTrust,
    /// A KMS key policy.
    KmsKey,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResourcePolicy<'p> {
    pub kind: ResourcePolicyKind,
    pub policy: NamedPolicy<'p>,
}

/// Organization policies (SCPs or RCPs) level by level, root first, then each OU, then the account.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OrganizationPolicies<'p> {
    /// Whether the account (the principal's for SCPs, the resource's for RCPs) is an organization member.
    /// When `false` the levels are ignored.
    pub in_organization: bool,
    /// The organization's management account: SCPs and RCPs do not apply to it (AWS Organizations User
    /// Guide, "SCP effects on permissions").
    pub management_account: bool,
    pub levels: Vec<Vec<NamedPolicy<'p>>>,
}

impl<'p> OrganizationPolicies<'p> {
    /// A member account with these levels (root first).
    pub fn member(levels: Vec<Vec<NamedPolicy<'p>>>) -> Self {
        Self {
            in_organization: true,
            management_account: false,
            levels,
        }
    }

    pub(crate) fn applies(&self) -> bool {
        self.in_organization && !self.management_account
    }
}

/// Every policy that applies to a request, grouped by type.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ApplicablePolicies<'p> {
    /// The caller's identity-based policies: a user's inline and managed policies plus its groups'; a role
    /// session's role policies; a federated user's source user policies.
    pub identity: Vec<NamedPolicy<'p>>,
    /// The resource's policy (bucket policy, trust policy, key policy), if any.
    pub resource: Option<ResourcePolicy<'p>>,
    /// The permissions boundary of the user or role, if any.
    pub permissions_boundary: Option<NamedPolicy<'p>>,
    /// Session policies passed when the session was created (role sessions, federated users).
    pub session: Vec<NamedPolicy<'p>>,
    /// SCPs of the principal's account.
    pub scps: OrganizationPolicies<'p>,
    /// RCPs of the resource's account.
    pub rcps: OrganizationPolicies<'p>,
    /// The policy of the VPC endpoint the request goes through, if it goes through one.
    pub vpc_endpoint: Option<NamedPolicy<'p>>,
}

/// One question: may `principal` perform `action` on `resource`?
#[derive(Debug, Clone, PartialEq)]
pub struct AuthorizationRequest<'p> {
    pub principal: Principal,
    /// `service:Action`, e.g. `s3:GetObject`.
    pub action: String,
    /// The resource ARN (or `*` for actions without a resource).
    pub resource: String,
    /// The account that owns the resource; when `None` it is read from the resource ARN, and a resource
    /// without an account (an S3 ARN, `*`) counts as the caller's own account.
    pub resource_account: Option<String>,
    /// Tags on the resource; become `aws:ResourceTag/<key>`.
    pub resource_tags: BTreeMap<String, String>,
    /// Condition keys given by the caller; they override the defaults the evaluator fills.
    pub context: RequestContext,
    pub policies: ApplicablePolicies<'p>,
    /// S3 Block Public Access `restrictPublicBuckets` is on and the bucket policy is public: the policy's
    /// grants count only for AWS service principals and principals of the bucket owner's account
    /// (aws-s3-user-guide/access-control-block-public-access.md, "Block public access settings").
    pub restrict_public_buckets: bool,
}

impl<'p> AuthorizationRequest<'p> {
    /// A request with no policies, no tags and an empty context.
    pub fn new(principal: Principal, action: &str, resource: &str) -> Self {
        Self {
            principal,
            action: action.to_string(),
            resource: resource.to_string(),
            resource_account: None,
            resource_tags: BTreeMap::new(),
            context: RequestContext::new(),
            policies: ApplicablePolicies::default(),
            restrict_public_buckets: false,
        }
    }

    /// The account owning the resource: given, else from the ARN.
    pub fn effective_resource_account(&self) -> Option<Cow<'_, str>> {
        match &self.resource_account {
            Some(account) => Some(Cow::Borrowed(account.as_str())),
            None => account_of(&self.resource).map(Cow::Owned),
        }
    }
}
