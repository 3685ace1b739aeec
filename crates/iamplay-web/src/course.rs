//! The guided lessons of `examples/lessons/` in the playground: the course list (embedded index), a running
//! lesson (its steps, the scenario text each step starts from, done marks and wrong tries), and progress kept
//! in localStorage. Every IAM decision, and whether a step is done, comes from `iamplay_core::lesson`.

use crate::json_out::{arr, Json};
use crate::model::Workspace;
use iamplay_core::lesson::{check_step, lesson_states, load_lesson, Lesson, StepCheck};
use iamplay_core::scenario::{load_scenario, Scenario};
use std::rc::Rc;

const INDEX: &str = include_str!("../../../examples/lessons/index.json");
const PROGRESS: &str = "iamplay.lessons.v1";

/// One lesson of the course list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourseEntry {
    pub id: String,
    pub file: String,
    pub title: String,
    pub summary: String,
}

/// The course in order (empty if the index does not parse, which a test rules out).
pub fn course() -> Vec<CourseEntry> {
    let Ok(value) = iamplay_core::json::parse(INDEX, &iamplay_core::json::Limits::default()) else {
        return Vec::new();
    };
    let text = |item: &iamplay_core::json::SpannedValue, key: &str| {
        item.get(key)
            .and_then(|m| m.value.value.as_str())
            .unwrap_or_default()
            .to_string()
    };
    value
        .value
        .as_array()
        .unwrap_or_default()
        .iter()
        .map(|item| CourseEntry {
            id: text(item, "id"),
            file: text(item, "file"),
            title: text(item, "title"),
            summary: text(item, "summary"),
        })
        .collect()
}

/// The URL (relative to the page) of lesson `id`'s file.
pub fn lesson_url(id: &str) -> Option<String> {
    course()
        .into_iter()
        .find(|entry| entry.id == id)
        .map(|entry| format!("examples/lessons/{}", entry.file))
}

/// The URL of a lesson's scenario: `scenario` is relative to the lesson file (`../developer-group.json`).
pub fn scenario_url(scenario: &str) -> String {
    match scenario.strip_prefix("../") {
        Some(file) => format!("examples/{file}"),
        None => format!("examples/lessons/{scenario}"),
    }
}

/// The gallery example a lesson's scenario is, when it is one (`../developer-group.json`).
pub fn scenario_example(scenario: &str) -> String {
    scenario
        .strip_prefix("../")
        .and_then(|file| file.strip_suffix(".json"))
        .filter(|file| !file.contains('/'))
        .unwrap_or_default()
        .to_string()
}

/// A lesson being taken.
#[derive(Clone)]
pub struct LessonRun {
    pub id: String,
    pub lesson: Rc<Lesson>,
    /// The scenario text each step starts from, then the text after the last step's model edit.
    pub states: Rc<Vec<String>>,
    /// The scenario each step starts from (the baseline of "without widening"), loaded once.
    pub baselines: Rc<Vec<Option<Scenario>>>,
    pub step: usize,
    pub done: Vec<bool>,
    /// Wrong tries per step: each one shows one more hint.
    pub tries: Vec<usize>,
}

// By hand: a derived `Debug` would pull the `Debug` code of the whole scenario and policy model into the wasm.
impl std::fmt::Debug for LessonRun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LessonRun")
            .field("id", &self.id)
            .field("step", &self.step)
            .field("done", &self.done)
            .field("tries", &self.tries)
            .finish()
    }
}

impl PartialEq for LessonRun {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
            && Rc::ptr_eq(&self.lesson, &other.lesson)
            && self.step == other.step
            && self.done == other.done
            && self.tries == other.tries
    }
}

impl LessonRun {
    /// Reads a lesson and its scenario's text; the done marks come from the saved progress.
    pub fn new(id: &str, lesson_text: &str, scenario_text: &str) -> Result<Self, String> {
        let loaded = load_lesson(lesson_text);
        let lesson = loaded.lesson.ok_or_else(|| {
            loaded
                .diagnostics
                .first()
                .map_or("the lesson does not load".to_string(), |d| {
                    d.message.clone()
                })
        })?;
        let states = lesson_states(scenario_text, &lesson).map_err(|d| d.message.clone())?;
        let baselines = states
            .iter()
            .map(|text| load_scenario(text).scenario)
            .collect();
        let steps = lesson.steps.len();
        let saved = saved_progress(id);
        let done: Vec<bool> = (0..steps).map(|step| saved.contains(&step)).collect();
        let step = done.iter().position(|done| !done).unwrap_or(0);
        Ok(Self {
            id: id.to_string(),
            lesson: Rc::new(lesson),
            states: Rc::new(states),
            baselines: Rc::new(baselines),
            step,
            done,
            tries: vec![0; steps],
        })
    }

    /// The scenario text step `step` starts from (`steps` = the finished lesson).
    pub fn state(&self, step: usize) -> Option<&str> {
        self.states.get(step).map(String::as_str)
    }

    /// Decides the current step on the reader's workspace; `None` for a reading step or a broken scenario.
    pub fn check(&self, ws: &Workspace) -> Option<StepCheck> {
        let step = self.lesson.steps.get(self.step)?;
        let check = step.check.as_ref()?;
        let text = ws.to_scenario(false).text;
        let scenario = load_scenario(&text).scenario?;
        let baseline = self.baselines.get(self.step).and_then(Option::as_ref);
        Some(check_step(&scenario, baseline, check))
    }

    pub fn finished(&self) -> bool {
        self.done.iter().all(|done| *done)
    }
}

fn storage() -> Option<web_sys::Storage> {
    gloo_utils::window().local_storage().ok().flatten()
}

/// Saved progress: `{"lesson-id": [done step indices]}`.
fn all_progress() -> Vec<(String, Vec<usize>)> {
    let Some(text) = storage().and_then(|store| store.get_item(PROGRESS).ok().flatten()) else {
        return Vec::new();
    };
    let Ok(value) = iamplay_core::json::parse(&text, &iamplay_core::json::Limits::default()) else {
        return Vec::new();
    };
    value
        .value
        .as_object()
        .unwrap_or_default()
        .iter()
        .map(|member| {
            let steps = member
                .value
                .value
                .as_array()
                .unwrap_or_default()
                .iter()
                .filter_map(|item| match &item.value {
                    iamplay_core::json::Value::Number(n) => n.parse().ok(),
                    _ => None,
                })
                .collect();
            (member.key.clone(), steps)
        })
        .collect()
}

/// The steps of lesson `id` the reader has done, as saved.
pub fn saved_progress(id: &str) -> Vec<usize> {
    all_progress()
        .into_iter()
        .find(|(lesson, _)| lesson == id)
        .map(|(_, steps)| steps)
        .unwrap_or_default()
}

/// Saves the done marks of `run` (best effort: progress is a convenience, a full storage loses only it).
pub fn save_progress(run: &LessonRun) {
    let mut all = all_progress();
    let done: Vec<usize> = run
        .done
        .iter()
        .enumerate()
        .filter(|(_, done)| **done)
        .map(|(step, _)| step)
        .collect();
    all.retain(|(id, _)| id != &run.id);
    all.push((run.id.clone(), done));
    let json = Json::Obj(
        all.into_iter()
            .map(|(id, steps)| (id, arr(steps.into_iter().map(Json::from))))
            .collect(),
    );
    if let Some(store) = storage() {
        let _ = store.set_item(PROGRESS, &json.text());
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn the_course_lists_at_least_ten_lessons_with_urls() {
        let course = course();
        assert!(course.len() >= 10);
        for entry in &course {
            assert!(lesson_url(&entry.id).is_some_and(|url| url.ends_with(".json")));
        }
        assert_eq!(
            scenario_url("../developer-group.json"),
            "examples/developer-group.json"
        );
        assert_eq!(
            scenario_example("../developer-group.json"),
            "developer-group"
        );
    }
}
