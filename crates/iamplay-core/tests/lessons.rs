//! The course in examples/lessons/: every lesson file is listed once in its index (in course order), loads,
//! starts from a gallery scenario, and every step's check fails before its model edit and passes after it.

use iamplay_core::lesson::{load_lesson, validate_lesson};
use std::fs;
use std::path::PathBuf;

fn lessons_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/lessons")
}

#[test]
fn every_lesson_is_listed_loads_and_validates() {
    let index: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(lessons_dir().join("index.json")).expect("index.json"),
    )
    .expect("index.json is JSON");
    let entries = index.as_array().expect("an array");
    assert!(entries.len() >= 10, "a course of at least ten lessons");
    let mut listed = Vec::new();
    let mut ids = Vec::new();
    for entry in entries {
        let file = entry["file"].as_str().expect("file");
        let id = entry["id"].as_str().expect("id");
        assert!(!ids.contains(&id), "duplicate id {id}");
        ids.push(id);
        listed.push(file.to_string());
        let text = fs::read_to_string(lessons_dir().join(file)).expect("lesson file");
        let loaded = load_lesson(&text);
        assert_eq!(loaded.diagnostics, vec![], "{file}");
        let lesson = loaded.lesson.expect("loads");
        assert_eq!(
            Some(lesson.title.value.as_str()),
            entry["title"].as_str(),
            "{file}: title"
        );
        assert!(
            lesson.scenario.value.starts_with("../") && !lesson.scenario.value[3..].contains('/'),
            "{file}: starts from a gallery scenario"
        );
        let scenario =
            fs::read_to_string(lessons_dir().join(&lesson.scenario.value)).expect("scenario");
        assert_eq!(validate_lesson(&lesson, &scenario), vec![], "{file}");
        assert!(
            lesson.steps.iter().any(|step| step.check.is_some()),
            "{file}: a lesson asks the reader to do something"
        );
    }
    let mut on_disk: Vec<String> = fs::read_dir(lessons_dir())
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".json") && name != "index.json")
        .collect();
    on_disk.sort();
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(sorted, on_disk, "index.json lists exactly the lesson files");
    assert_eq!(
        listed, sorted,
        "the course order is the file order (NN- prefixes)"
    );
}
