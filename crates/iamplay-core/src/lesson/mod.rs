//! Guided lessons: a lesson file names a starting scenario and a short sequence of steps. A step says what to
//! look at or change, carries a check written as data (the decisions some requests or cells must get, and
//! optionally "without widening anything else"), hints for after a wrong try, and the model edit that "show
//! me" applies.
//!
//! Contract:
//! - [`load_lesson`] reads a lesson file with spans and stable `E07xx` codes; it never panics.
//! - [`apply_edits`] applies model edits to a scenario's *text* by splicing at the spans of the JSON values
//!   they name, so everything else the author or the reader wrote stays byte for byte.
//! - [`check_step`] decides a step on any scenario (the reader's current one), against the step's baseline
//!   (the scenario the step started from) for "without widening".
//! - [`validate_lesson`] is what `iamplay check` runs in CI: every step's check fails on the scenario it
//!   starts from and passes once its model edit is applied (the edits of earlier steps applied first).
//!
//! Format: docs/write-a-lesson.md.

mod check;
mod edit;
mod load;

pub use check::{
    check_step, lesson_states, validate_lesson, ExpectationResult, StepCheck, Widening,
};
pub use edit::{apply_edits, resolve_pointer};
pub use load::{load_lesson, LoadedLesson};

use crate::diagnostic::{Span, Spanned};
use crate::explain::Decision;
use serde::Serialize;

/// Codes of lesson files (`E07xx`). JSON syntax errors keep their `E01xx` codes.
pub mod codes {
    /// A value of the wrong JSON type (the file, a step, a check, an edit).
    pub const E0701_WRONG_TYPE: &str = "E0701";
    /// A key the format does not know (with a did-you-mean).
    pub const E0702_UNKNOWN_KEY: &str = "E0702";
    /// A required key is missing (`title`, `scenario`, `steps`, a step's `text`, ...).
    pub const E0703_MISSING_KEY: &str = "E0703";
    /// A value that is not one of the allowed ones (a decision, a JSON Pointer, an empty list).
    pub const E0704_BAD_VALUE: &str = "E0704";
    /// A model edit whose JSON Pointer names nothing in the scenario.
    pub const E0705_EDIT_TARGET_NOT_FOUND: &str = "E0705";
    /// A check names a request the scenario does not have.
    pub const E0706_UNKNOWN_REQUEST: &str = "E0706";
    /// A step's check already passes before its model edit: the step teaches nothing.
    pub const E0707_PASSES_BEFORE_EDIT: &str = "E0707";
    /// A step's check fails after its model edit: "show me" would not solve the step.
    pub const E0708_FAILS_AFTER_EDIT: &str = "E0708";
    /// The starting scenario, or the scenario after a model edit, does not load.
    pub const E0709_INVALID_SCENARIO: &str = "E0709";
    /// A step with a check has no model edit (`show`), so "show me" could not help.
    pub const E0710_CHECK_WITHOUT_EDIT: &str = "E0710";
}

/// A lesson file.
#[derive(Debug, Clone, PartialEq)]
pub struct Lesson {
    pub title: Spanned<String>,
    /// One sentence for the course list.
    pub summary: Option<Spanned<String>>,
    /// The starting scenario file, relative to the lesson file (`../developer-group.json`).
    pub scenario: Spanned<String>,
    pub steps: Vec<Step>,
    pub span: Span,
}

/// One step: read, then (when it has a check) change something until the check passes.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub index: usize,
    pub title: Option<Spanned<String>>,
    /// Markdown (the gallery's inline subset): what to look at or what to change.
    pub text: Spanned<String>,
    /// `None`: a reading step, done when the reader moves on.
    pub check: Option<Check>,
    /// Shown one more after each wrong try.
    pub hints: Vec<Spanned<String>>,
    /// The model edit "show me" applies, in order.
    pub show: Vec<Edit>,
    pub span: Span,
}

/// When a step is done.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    pub expect: Vec<Expectation>,
    /// No request or matrix cell other than the expected ones may become `Allow` compared with the step's
    /// starting scenario.
    pub without_widening: bool,
    pub span: Span,
}

/// What one request or cell must get.
#[derive(Debug, Clone, PartialEq)]
pub struct Expectation {
    pub target: Target,
    pub decision: Spanned<Expected>,
    pub span: Span,
}

/// The request or cell an expectation is about.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A request of the scenario, by `name` or 0-based index.
    Request(Spanned<RequestRef>),
    /// A matrix cell (no `assume`) or an ad-hoc request through role hops.
    Cell {
        principal: Spanned<String>,
        assume: Vec<Spanned<String>>,
        action: Spanned<String>,
        resource: Spanned<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestRef {
    Name(String),
    Index(usize),
}

/// An expected decision; `Deny` accepts either kind of deny.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Expected {
    Allow,
    ExplicitDeny,
    ImplicitDeny,
    Deny,
}

impl Expected {
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "Allow" => Self::Allow,
            "ExplicitDeny" => Self::ExplicitDeny,
            "ImplicitDeny" => Self::ImplicitDeny,
            "Deny" => Self::Deny,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Allow => "Allow",
            Self::ExplicitDeny => "ExplicitDeny",
            Self::ImplicitDeny => "ImplicitDeny",
            Self::Deny => "Deny",
        }
    }

    pub fn accepts(self, decision: Decision) -> bool {
        match self {
            Self::Allow => decision == Decision::Allow,
            Self::ExplicitDeny => decision == Decision::ExplicitDeny,
            Self::ImplicitDeny => decision == Decision::ImplicitDeny,
            Self::Deny => decision != Decision::Allow,
        }
    }
}

/// One model edit: at a JSON Pointer (RFC 6901) into the scenario, set a value. The pointer may name an
/// existing value (replaced), a missing member of an existing object (added), or `-` after an array (appended).
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    pub at: Spanned<String>,
    /// The new value exactly as the lesson file writes it (JSON text).
    pub set: Spanned<String>,
    pub span: Span,
}

#[cfg(test)]
mod tests;
