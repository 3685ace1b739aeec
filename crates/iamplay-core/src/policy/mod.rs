//! IAM policy documents: the typed model (`model`) and the parser from spanned JSON (`parse`).

pub mod fragment;
pub mod model;
pub mod operator;
pub mod parse;
pub mod principal;
pub mod print;
pub mod suggest;

pub use model::*;
pub use parse::{
    parse_policy, parse_policy_value, parse_policy_value_with_limits, ParsedPolicy, PolicyLimits,
};
pub use print::print_policy;
