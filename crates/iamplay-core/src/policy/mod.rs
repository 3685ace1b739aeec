//! IAM policy documents: the typed model (`model`) and the parser from spanned JSON (`parse`).

pub mod model;
pub mod parse;

pub use model::*;
pub use parse::{parse_policy, parse_policy_value, ParsedPolicy};
