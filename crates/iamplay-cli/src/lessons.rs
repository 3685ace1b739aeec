//! `iamplay check` on files that are not scenarios: lesson files (every step's check fails before its model
//! edit and passes after it, docs/write-a-lesson.md) and gallery indexes (`examples/index.json`: every listed
//! file exists and loads). The rules live in `iamplay_core::lesson`; this module reads files and prints.

use crate::diagnostics;
use crate::input::{Reader, Source};
use crate::style::Style;
use iamplay_core::json::{self, Limits, Value};
use iamplay_core::lesson::{load_lesson, validate_lesson};
use iamplay_core::scenario::load_scenario;
use serde::Serialize;
use std::fmt::Write as _;
use std::path::Path;

/// What a file given to `check` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Scenario,
    /// An object with `steps`.
    Lesson,
    /// A JSON array: a gallery or course index.
    Index,
}

/// Sniffs `text`; anything unreadable is a scenario, so the scenario loader reports it.
pub fn kind_of(text: &str) -> FileKind {
    match json::parse(text, &Limits::default()) {
        Ok(value) => match &value.value {
            Value::Array(_) => FileKind::Index,
            Value::Object(_) if value.get("steps").is_some() => FileKind::Lesson,
            _ => FileKind::Scenario,
        },
        Err(_) => FileKind::Scenario,
    }
}

/// The JSON report of one lesson or index file.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FileReport {
    pub file: String,
    /// `lesson` or `index`.
    pub kind: &'static str,
    pub title: Option<String>,
    /// Steps of a lesson, entries of an index.
    pub entries: usize,
    pub ok: bool,
    /// The problems, as `LINE:COLUMN: CODE: message`.
    pub problems: Vec<String>,
}

/// The outcome of checking one file: its report, and whether its input was invalid (exit 2) rather than a
/// step that does not hold (exit 1).
pub struct Checked {
    pub report: FileReport,
    pub invalid: bool,
}

fn resolve(base: &str, relative: &str) -> String {
    let dir = Path::new(base).parent().unwrap_or(Path::new(""));
    dir.join(relative).to_string_lossy().into_owned()
}

fn problem(source: &Source, diagnostic: &iamplay_core::diagnostic::Diagnostic) -> String {
    let at = diagnostic
        .span
        .map(|span| diagnostics::line_column(&source.text, span.start))
        .unwrap_or_else(|| "1:1".to_string());
    format!("{at}: {}: {}", diagnostic.code, diagnostic.message)
}

/// Checks a lesson file: it loads, its scenario loads, and [`validate_lesson`] finds nothing.
pub fn check_lesson(
    source: &Source,
    reader: &mut Reader,
    style: Style,
    stderr: &mut String,
) -> Checked {
    let loaded = load_lesson(&source.text);
    for diagnostic in &loaded.diagnostics {
        diagnostics::render(stderr, &source.name, &source.text, diagnostic, style);
    }
    let mut report = FileReport {
        file: source.name.clone(),
        kind: "lesson",
        title: None,
        entries: 0,
        ok: false,
        problems: loaded
            .diagnostics
            .iter()
            .map(|d| problem(source, d))
            .collect(),
    };
    let Some(lesson) = loaded.lesson else {
        return Checked {
            report,
            invalid: true,
        };
    };
    report.title = Some(lesson.title.value.clone());
    report.entries = lesson.steps.len();
    let path = resolve(&source.name, &lesson.scenario.value);
    let scenario_text = match reader.read(&path) {
        Ok(scenario) => scenario.text,
        Err(message) => {
            let _ = writeln!(stderr, "{message} (the `scenario` of {})", source.name);
            report.problems.push(message);
            return Checked {
                report,
                invalid: true,
            };
        }
    };
    let found = validate_lesson(&lesson, &scenario_text);
    for diagnostic in &found {
        diagnostics::render(stderr, &source.name, &source.text, diagnostic, style);
    }
    report.problems = found.iter().map(|d| problem(source, d)).collect();
    report.ok = found.is_empty();
    Checked {
        report,
        invalid: false,
    }
}

/// Checks an index: an array of `{"file": ...}` entries, each naming a scenario or lesson file next to it that
/// loads.
pub fn check_index(source: &Source, reader: &mut Reader, stderr: &mut String) -> Checked {
    let mut report = FileReport {
        file: source.name.clone(),
        kind: "index",
        title: None,
        entries: 0,
        ok: false,
        problems: Vec::new(),
    };
    let entries = json::parse(&source.text, &Limits::default())
        .ok()
        .and_then(|value| value.value.as_array().map(<[_]>::to_vec))
        .unwrap_or_default();
    report.entries = entries.len();
    for (index, entry) in entries.iter().enumerate() {
        let Some(file) = entry.get("file").and_then(|m| m.value.value.as_str()) else {
            report
                .problems
                .push(format!("entry {index}: no `file` string"));
            continue;
        };
        let path = resolve(&source.name, file);
        let loads = match reader.read(&path) {
            Ok(listed) => match kind_of(&listed.text) {
                FileKind::Lesson => load_lesson(&listed.text).lesson.is_some(),
                FileKind::Scenario => load_scenario(&listed.text).scenario.is_some(),
                FileKind::Index => false,
            },
            Err(_) => false,
        };
        if !loads {
            report.problems.push(format!(
                "entry {index}: `{file}` is missing or does not load"
            ));
        }
    }
    for message in &report.problems {
        let _ = writeln!(stderr, "{}: error: {message}", source.name);
    }
    report.ok = report.problems.is_empty();
    let invalid = !report.ok;
    Checked { report, invalid }
}

/// One line of the text output for a lesson or index file.
pub fn text_line(out: &mut String, report: &FileReport, style: Style) {
    let mark = if report.ok {
        style.green("✓")
    } else {
        style.red("✗")
    };
    let what = match (report.kind, &report.title) {
        ("lesson", Some(title)) if report.ok => format!(
            "lesson “{title}”: {} steps; every check fails before its model edit and passes after it",
            report.entries
        ),
        ("lesson", Some(title)) => format!("lesson “{title}”: {} steps", report.entries),
        ("lesson", None) => "lesson: does not load".to_string(),
        _ if report.ok => format!("index of {} files, each of which loads", report.entries),
        _ => format!("index of {} files", report.entries),
    };
    let _ = writeln!(out, "{mark} {}: {what}", style.bold(&report.file));
    for problem in &report.problems {
        let _ = writeln!(out, "    {}", style.dim(problem));
    }
}
