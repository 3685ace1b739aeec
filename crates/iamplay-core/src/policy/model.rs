//! The typed model of an IAM policy document, as AWS accepts it, with the span of every element.
//!
//! Grammar: reference_policies_elements_*.md. Single strings and arrays are both accepted wherever AWS accepts
//! them; the model always holds a list.

use crate::diagnostic::{Span, Spanned};
use serde::Serialize;

/// Which kind of policy a document is; it decides which elements are required or forbidden
/// (`Principal` is forbidden in identity-based policies and required in resource-based ones,
/// reference_policies_elements_principal.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum PolicyKind {
    /// Attached to a user, group or role (managed or inline).
    Identity,
    /// Attached to a resource (S3 bucket, SQS queue, KMS key, ...).
    Resource,
    /// A role's trust policy: a resource policy whose resource is the role.
    Trust,
    /// A permissions boundary on a user or role (identity-policy grammar).
    Boundary,
    /// A session policy passed to AssumeRole (identity-policy grammar).
    Session,
    /// A service control policy (identity-policy grammar, no Principal).
    Scp,
    /// A resource control policy (resource-policy grammar, `Principal` must be `"*"`).
    Rcp,
}

impl PolicyKind {
    /// Whether statements of this kind must carry `Principal`/`NotPrincipal`.
    pub fn requires_principal(self) -> bool {
        matches!(
            self,
            PolicyKind::Resource | PolicyKind::Trust | PolicyKind::Rcp
        )
    }
}

/// `Version` (reference_policies_elements_version.md). Policy variables are only substituted under 2012-10-17.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum PolicyVersion {
    #[serde(rename = "2012-10-17")]
    V2012_10_17,
    #[serde(rename = "2008-10-17")]
    V2008_10_17,
    #[serde(rename = "missing")]
    Missing,
}

impl PolicyVersion {
    /// Policy variables are replaced only under Version 2012-10-17; otherwise `${...}` is literal text
    /// (reference_policies_variables.md, "Specifying the policy version").
    pub fn substitutes_variables(self) -> bool {
        self == PolicyVersion::V2012_10_17
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Policy {
    pub kind: PolicyKind,
    pub version: PolicyVersion,
    pub id: Option<Spanned<String>>,
    pub statements: Vec<Statement>,
    /// The whole document.
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Effect {
    Allow,
    Deny,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Statement {
    /// 0-based position in the policy's `Statement` list.
    pub index: usize,
    pub sid: Option<Spanned<String>>,
    pub effect: Spanned<Effect>,
    /// `Action` or `NotAction`; absent only in an invalid statement (which the parser reports).
    pub action: Option<ActionBlock>,
    /// `Resource` or `NotResource`; may be absent in trust policies.
    pub resource: Option<ResourceBlock>,
    /// `Principal` or `NotPrincipal`; absent in identity-policy kinds.
    pub principal: Option<PrincipalBlock>,
    /// Every operator/key pair of the `Condition` block, in source order. All must hold (AND).
    pub conditions: Vec<ConditionClause>,
    pub span: Span,
}

/// `Action` (`negated == false`) or `NotAction` (`negated == true`): patterns like `s3:Get*`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionBlock {
    pub negated: bool,
    pub patterns: Vec<Spanned<String>>,
    /// The element's key (`"Action"`) through its value.
    pub span: Span,
}

/// `Resource` or `NotResource`: ARN patterns or `*`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResourceBlock {
    pub negated: bool,
    pub patterns: Vec<Spanned<String>>,
    pub span: Span,
}

/// `Principal` or `NotPrincipal`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrincipalBlock {
    pub negated: bool,
    pub principals: PrincipalSet,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", content = "entries", rename_all = "camelCase")]
pub enum PrincipalSet {
    /// `"Principal": "*"`: everyone, including anonymous users.
    Wildcard,
    /// `{"AWS": [...], "Service": [...], ...}` flattened in source order.
    Entries(Vec<PrincipalEntry>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum PrincipalType {
    #[serde(rename = "AWS")]
    Aws,
    Service,
    Federated,
    CanonicalUser,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PrincipalEntry {
    pub principal_type: PrincipalType,
    /// As written: `*`, a 12-digit account id, an ARN, a service name or a canonical user id.
    pub value: Spanned<String>,
}

/// One `"Operator": { "key": values }` pair of a `Condition` block.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConditionClause {
    pub operator: Spanned<ConditionOperator>,
    /// As written; lookups are case-insensitive.
    pub key: Spanned<String>,
    /// Values as strings: JSON `true` and `"true"`, `10` and `"10"` are the same to IAM.
    pub values: Vec<Spanned<String>>,
}

/// A parsed condition operator name such as `ForAnyValue:StringLikeIfExists`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConditionOperator {
    pub qualifier: Option<SetQualifier>,
    pub base: BaseOperator,
    pub if_exists: bool,
}

/// `ForAllValues:` / `ForAnyValue:` (reference_policies_multi-value-conditions.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum SetQualifier {
    ForAllValues,
    ForAnyValue,
}

/// Every operator of reference_policies_elements_condition_operators.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum BaseOperator {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    Null,
}

impl BaseOperator {
    /// Negated operators (`StringNotEquals`, `NotIpAddress`, ...) match when no value matches (NOR), and match
    /// when the key is missing (reference_policies_elements_condition_operators.md).
    pub fn is_negated(self) -> bool {
        use BaseOperator::*;
        matches!(
            self,
            StringNotEquals
                | StringNotEqualsIgnoreCase
                | StringNotLike
                | NumericNotEquals
                | DateNotEquals
                | NotIpAddress
                | ArnNotEquals
                | ArnNotLike
        )
    }

    /// Policy variables may appear in the values of String and Arn operators only
    /// (reference_policies_variables.md, "Where you can use policy variables").
    pub fn allows_variables(self) -> bool {
        use BaseOperator::*;
        matches!(
            self,
            StringEquals
                | StringNotEquals
                | StringEqualsIgnoreCase
                | StringNotEqualsIgnoreCase
                | StringLike
                | StringNotLike
                | ArnEquals
                | ArnLike
                | ArnNotEquals
                | ArnNotLike
        )
    }
}
