//! Scenarios: the file format (`model`, `load`), who calls and which policies apply (`resolve`, `principal`),
//! and checking every request against its expectation (`check`).
//!
//! Format: docs/scenario-format.md; JSON Schema: docs/scenario.schema.json.

pub mod check;
pub mod load;
pub mod model;
pub mod principal;
pub mod resolve;
pub mod work;

pub use check::{
    check_facts, check_request, check_scenario, check_scenario_with, denied_by, CheckOptions,
    FactMismatch, RequestResult,
};
pub use load::{
    load_scenario, load_scenario_value, load_scenario_value_with, load_scenario_with, LoadOptions,
    LoadedScenario, MAX_WORK,
};
pub use model::*;
pub use principal::{parse_principal, CallerSpec, SESSION_NAME};
pub use resolve::ScenarioDirectory;

/// Codes the scenario loader reports (E05xx). JSON syntax errors keep their E01xx codes and policy errors their
/// E02xx codes.
pub mod codes {
    /// The file is JSON but not an object.
    pub const E0501_NOT_AN_OBJECT: &str = "E0501";
    /// A key the format does not know (with a did-you-mean).
    pub const E0502_UNKNOWN_KEY: &str = "E0502";
    /// A value of the wrong JSON type.
    pub const E0503_WRONG_TYPE: &str = "E0503";
    /// A required key is missing (an entity's `arn`; a request's `principal`, `action`, `resource`).
    pub const E0504_MISSING_KEY: &str = "E0504";
    /// Two users, groups, roles or resources with the same ARN.
    pub const E0505_DUPLICATE_ARN: &str = "E0505";
    /// A user in a group the scenario does not describe.
    pub const E0506_UNKNOWN_GROUP: &str = "E0506";
    /// A request's `assume` names a role the scenario does not describe.
    pub const E0507_UNKNOWN_ROLE: &str = "E0507";
    /// A resource whose ARN has no account (S3) and no `account`.
    pub const E0508_RESOURCE_WITHOUT_ACCOUNT: &str = "E0508";
    /// An ARN of the wrong form for its place (a user ARN that is not `...:user/...`).
    pub const E0509_BAD_ARN: &str = "E0509";
    /// A request principal that names no caller.
    pub const E0510_BAD_PRINCIPAL: &str = "E0510";
    /// A value out of range or not one of the allowed ones (`expect`, account ids, `maxSessionDuration`, ...).
    pub const E0511_BAD_VALUE: &str = "E0511";
    /// The same key twice in one object.
    pub const E0512_DUPLICATE_KEY: &str = "E0512";
    /// A session policy on a request whose caller is not a session.
    pub const E0513_SESSION_POLICY_WITHOUT_SESSION: &str = "E0513";
    /// A scenario whose checks would cost more than [`load::MAX_WORK`] (`max_work`). (Until issue 11 it was a
    /// list longer than 1,000 entries; lists have no length limit now.)
    pub const E0514_LIMIT_EXCEEDED: &str = "E0514";
    /// An AWS managed policy ARN the loader cannot resolve: not in the snapshot (with a did-you-mean), or no
    /// snapshot was supplied.
    pub const E0515_UNKNOWN_MANAGED_POLICY: &str = "E0515";
    /// A string where a policy goes that is not an AWS managed policy ARN (e.g. a customer managed policy ARN).
    pub const E0516_NOT_A_MANAGED_POLICY_ARN: &str = "E0516";
    /// A request's `vpcEndpoint` names no entry of `vpcEndpoints`, or two entries share an id.
    pub const E0517_UNKNOWN_VPC_ENDPOINT: &str = "E0517";
}

#[cfg(test)]
mod managed_tests;
#[cfg(test)]
mod tests;
