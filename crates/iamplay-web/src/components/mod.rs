//! The playground's view components. Each renders state it is given; none decides anything about IAM.

pub mod decision_badge;
pub mod policy_editor;
