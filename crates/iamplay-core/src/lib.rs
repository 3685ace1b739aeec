//! iamplay-core: a pure AWS IAM policy evaluator. Text in; typed policies, decisions and explanations out.
//!
//! No I/O, no clock, no randomness, no browser types: every shell (CLI, wasm, web) only translates.
#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod analysis;
pub mod arn;
// The module is always built so the web app can `Catalog::parse` a fetched copy; only the embedded data
// (`Catalog::embedded`) needs the `catalog` feature.
pub mod catalog;
pub mod condition;
pub mod context;
pub mod diagnostic;
pub mod diagram;
pub mod eval;
pub mod explain;
#[cfg(feature = "ffi")]
pub mod ffi;
pub mod import;
pub mod json;
pub mod lesson;
pub mod lint;
// Always built so the web app and the npm package can `ManagedPolicies::parse` a copy fetched at run time; only
// the embedded snapshot (`ManagedPolicies::embedded`) needs the `managed-policies` feature.
pub mod managed;
pub mod matrix;
pub mod policy;
pub mod scenario;
pub mod sts;
pub mod utf16;
pub mod wildcard;
