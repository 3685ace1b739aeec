//! Reads a lesson file (docs/write-a-lesson.md) into a [`Lesson`], reporting every problem with a span.

use super::{codes, Check, Edit, Expectation, Expected, Lesson, RequestRef, Step, Target};
use crate::diagnostic::{Diagnostic, Span, Spanned};
use crate::json::{self, Limits, Member, SpannedValue, Value};
use crate::policy::suggest::did_you_mean;

/// The most steps, expectations, hints or edits one list may hold: a lesson is short by design, and the cap
/// keeps a hostile file from costing more than a few evaluations per keystroke.
pub const MAX_LESSON_ENTRIES: usize = 100;

/// The result of reading a lesson file: the lesson when it is usable, and every problem found.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LoadedLesson {
    pub lesson: Option<Lesson>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads lesson file `text`.
pub fn load_lesson(text: &str) -> LoadedLesson {
    let value = match json::parse(text, &Limits::default()) {
        Ok(value) => value,
        Err(diagnostics) => {
            return LoadedLesson {
                lesson: None,
                diagnostics,
            }
        }
    };
    let mut loader = Loader {
        text,
        diagnostics: Vec::new(),
    };
    let lesson = loader.lesson(&value);
    let lesson = if loader.diagnostics.is_empty() {
        lesson
    } else {
        None
    };
    LoadedLesson {
        lesson,
        diagnostics: loader.diagnostics,
    }
}

struct Loader<'t> {
    text: &'t str,
    diagnostics: Vec<Diagnostic>,
}

fn member<'v>(members: &'v [Member], key: &str) -> Option<&'v Member> {
    members.iter().find(|m| m.key == key)
}

impl Loader<'_> {
    fn error(&mut self, code: &'static str, message: String, span: Span, help: String) {
        self.diagnostics
            .push(Diagnostic::error(code, message, Some(span)).with_help(help));
    }

    fn wrong_type(&mut self, value: &SpannedValue, what: &str, expected: &str) {
        self.error(
            codes::E0701_WRONG_TYPE,
            format!("{what} must be {expected}, not {}", value.value.type_name()),
            value.span,
            format!("write {what} as {expected}"),
        );
    }

    fn object<'v>(
        &mut self,
        value: &'v SpannedValue,
        what: &str,
        allowed: &[&str],
    ) -> Option<&'v [Member]> {
        let Value::Object(members) = &value.value else {
            self.wrong_type(value, what, "an object");
            return None;
        };
        for m in members {
            if !allowed.contains(&m.key.as_str()) {
                let help = match did_you_mean(&m.key, allowed.iter().copied()) {
                    Some(suggestion) => format!("did you mean `{suggestion}`?"),
                    None => format!(
                        "the keys of {what} are {}",
                        allowed
                            .iter()
                            .map(|key| format!("`{key}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                self.error(
                    codes::E0702_UNKNOWN_KEY,
                    format!("{what} has an unknown key `{}`", m.key),
                    m.key_span,
                    help,
                );
            }
        }
        Some(members)
    }

    fn array<'v>(&mut self, value: &'v SpannedValue, what: &str) -> Option<&'v [SpannedValue]> {
        let Value::Array(items) = &value.value else {
            self.wrong_type(value, what, "an array");
            return None;
        };
        if items.len() > MAX_LESSON_ENTRIES {
            self.error(
                codes::E0704_BAD_VALUE,
                format!(
                    "{what} has {} entries, over the limit of {MAX_LESSON_ENTRIES}",
                    items.len()
                ),
                value.span,
                "split the lesson into shorter ones".to_string(),
            );
            return None;
        }
        Some(items)
    }

    fn string(&mut self, value: &SpannedValue, what: &str) -> Option<Spanned<String>> {
        match &value.value {
            Value::String(text) => Some(Spanned::new(text.clone(), value.span)),
            _ => {
                self.wrong_type(value, what, "a string");
                None
            }
        }
    }

    fn required<'v>(
        &mut self,
        members: &'v [Member],
        key: &str,
        what: &str,
        owner: Span,
    ) -> Option<&'v SpannedValue> {
        let found = member(members, key).map(|m| &m.value);
        if found.is_none() {
            self.error(
                codes::E0703_MISSING_KEY,
                format!("{what} is missing"),
                owner,
                format!("add `\"{key}\": ...`"),
            );
        }
        found
    }

    fn lesson(&mut self, value: &SpannedValue) -> Option<Lesson> {
        let members = self.object(
            value,
            "the lesson",
            &["$schema", "title", "summary", "scenario", "steps"],
        )?;
        let title = self
            .required(members, "title", "the lesson's `title`", value.span)
            .and_then(|v| self.string(v, "the lesson's `title`"));
        let summary = member(members, "summary").and_then(|m| self.string(&m.value, "`summary`"));
        let scenario = self
            .required(members, "scenario", "the lesson's `scenario`", value.span)
            .and_then(|v| self.string(v, "the lesson's `scenario`"));
        let steps_value = self.required(members, "steps", "the lesson's `steps`", value.span);
        let mut steps = Vec::new();
        if let Some(steps_value) = steps_value {
            if let Some(items) = self.array(steps_value, "`steps`") {
                if items.is_empty() {
                    self.error(
                        codes::E0704_BAD_VALUE,
                        "`steps` is empty".to_string(),
                        steps_value.span,
                        "a lesson needs at least one step".to_string(),
                    );
                }
                steps = items
                    .iter()
                    .enumerate()
                    .filter_map(|(index, item)| self.step(item, index))
                    .collect();
            }
        }
        Some(Lesson {
            title: title?,
            summary,
            scenario: scenario?,
            steps,
            span: value.span,
        })
    }

    fn step(&mut self, value: &SpannedValue, index: usize) -> Option<Step> {
        let what = format!("step {index}");
        let members = self.object(value, &what, &["title", "text", "check", "hints", "show"])?;
        let title =
            member(members, "title").and_then(|m| self.string(&m.value, "a step's `title`"));
        let text = self
            .required(members, "text", &format!("{what}'s `text`"), value.span)
            .and_then(|v| self.string(v, "a step's `text`"));
        let check = member(members, "check").and_then(|m| self.check(&m.value, &what));
        let hints = member(members, "hints")
            .and_then(|m| self.array(&m.value, "`hints`"))
            .map(|items| {
                items
                    .iter()
                    .filter_map(|item| self.string(item, "a hint"))
                    .collect()
            })
            .unwrap_or_default();
        let show = member(members, "show")
            .and_then(|m| self.array(&m.value, "`show`"))
            .map(|items| items.iter().filter_map(|item| self.edit(item)).collect())
            .unwrap_or_default();
        Some(Step {
            index,
            title,
            text: text?,
            check,
            hints,
            show,
            span: value.span,
        })
    }

    fn check(&mut self, value: &SpannedValue, step: &str) -> Option<Check> {
        let members = self.object(
            value,
            &format!("{step}'s `check`"),
            &["expect", "withoutWidening"],
        )?;
        let expect_value = self.required(
            members,
            "expect",
            &format!("{step}'s `check.expect`"),
            value.span,
        )?;
        let items = self.array(expect_value, "`expect`")?;
        if items.is_empty() {
            self.error(
                codes::E0704_BAD_VALUE,
                "`expect` is empty".to_string(),
                expect_value.span,
                "name at least one request or cell and the decision it must get".to_string(),
            );
        }
        let expect = items
            .iter()
            .filter_map(|item| self.expectation(item))
            .collect();
        let without_widening = match member(members, "withoutWidening").map(|m| &m.value) {
            None => false,
            Some(SpannedValue {
                value: Value::Bool(flag),
                ..
            }) => *flag,
            Some(other) => {
                self.wrong_type(other, "`withoutWidening`", "true or false");
                false
            }
        };
        Some(Check {
            expect,
            without_widening,
            span: value.span,
        })
    }

    fn expectation(&mut self, value: &SpannedValue) -> Option<Expectation> {
        let members = self.object(
            value,
            "an expectation",
            &[
                "request",
                "principal",
                "assume",
                "action",
                "resource",
                "decision",
            ],
        )?;
        let decision_value = self.required(
            members,
            "decision",
            "an expectation's `decision`",
            value.span,
        );
        let decision = decision_value
            .and_then(|v| self.string(v, "`decision`"))
            .and_then(|text| match Expected::parse(&text.value) {
                Some(expected) => Some(Spanned::new(expected, text.span)),
                None => {
                    self.error(
                        codes::E0704_BAD_VALUE,
                        format!("`{}` is not a decision", text.value),
                        text.span,
                        "write `Allow`, `ExplicitDeny`, `ImplicitDeny` or `Deny` (either deny)"
                            .to_string(),
                    );
                    None
                }
            });
        let target = if let Some(request) = member(members, "request") {
            match &request.value.value {
                Value::String(name) => Some(Target::Request(Spanned::new(
                    RequestRef::Name(name.clone()),
                    request.value.span,
                ))),
                Value::Number(number) => match number.parse::<usize>() {
                    Ok(index) => Some(Target::Request(Spanned::new(
                        RequestRef::Index(index),
                        request.value.span,
                    ))),
                    Err(_) => {
                        self.error(
                            codes::E0704_BAD_VALUE,
                            format!("`{number}` is not a request index"),
                            request.value.span,
                            "write a request's `name` or its 0-based index".to_string(),
                        );
                        None
                    }
                },
                _ => {
                    self.wrong_type(&request.value, "`request`", "a name or an index");
                    None
                }
            }
        } else {
            let mut field = |key: &str| {
                self.required(
                    members,
                    key,
                    &format!("an expectation's `{key}` (or `request`)"),
                    value.span,
                )
                .and_then(|v| self.string(v, &format!("`{key}`")))
            };
            let principal = field("principal");
            let action = field("action");
            let resource = field("resource");
            let assume = member(members, "assume")
                .and_then(|m| self.array(&m.value, "`assume`"))
                .map(|items| {
                    items
                        .iter()
                        .filter_map(|item| self.string(item, "a role in `assume`"))
                        .collect()
                })
                .unwrap_or_default();
            Some(Target::Cell {
                principal: principal?,
                assume,
                action: action?,
                resource: resource?,
            })
        };
        Some(Expectation {
            target: target?,
            decision: decision?,
            span: value.span,
        })
    }

    fn edit(&mut self, value: &SpannedValue) -> Option<Edit> {
        let members = self.object(value, "an edit", &["at", "set"])?;
        let at = self
            .required(members, "at", "an edit's `at`", value.span)
            .and_then(|v| self.string(v, "`at`"));
        if let Some(at) = &at {
            if !at.value.is_empty() && !at.value.starts_with('/') {
                self.error(
                    codes::E0704_BAD_VALUE,
                    format!("`{}` is not a JSON Pointer", at.value),
                    at.span,
                    "start it with `/`, e.g. `/users/0/policies/0/document`".to_string(),
                );
            }
        }
        let set = self
            .required(members, "set", "an edit's `set`", value.span)
            .map(|v| {
                let start = v.span.start.offset as usize;
                let end = v.span.end.offset as usize;
                let written = self.text.get(start..end).unwrap_or_default();
                // Kept relative to the line it starts on, so `apply_edits` can indent it for its new place.
                let line_start = self
                    .text
                    .get(..start)
                    .and_then(|before| before.rfind('\n'))
                    .map_or(0, |newline| newline + 1);
                let indent = self
                    .text
                    .get(line_start..start)
                    .map_or(0, |prefix| prefix.len() - prefix.trim_start().len());
                Spanned::new(dedent(written, indent), v.span)
            });
        Some(Edit {
            at: at?,
            set: set?,
            span: value.span,
        })
    }
}

/// Removes up to `indent` leading spaces from every line but the first.
fn dedent(text: &str, indent: usize) -> String {
    let mut lines = text.split('\n');
    let mut out = lines.next().unwrap_or_default().to_string();
    for line in lines {
        out.push('\n');
        let spaces = line.len() - line.trim_start_matches(' ').len();
        out.push_str(line.get(spaces.min(indent)..).unwrap_or_default());
    }
    out
}
