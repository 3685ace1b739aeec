//! The built-in examples (`examples/` at the repository root, the playground's gallery) load without a
//! diagnostic and every request gets the decision its `expect` states. Native only: it reads the files.
#![cfg(not(target_arch = "wasm32"))]

use iamplay_core::explain::Decision;
use iamplay_core::lint::{codes, lint_scenario_text, LintOptions};
use iamplay_core::scenario::{check_scenario, load_scenario, Scenario};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

/// One gallery entry of `examples/index.json`.
struct IndexEntry {
    id: String,
    file: String,
    title: String,
    summary: String,
}

fn read_index() -> Vec<IndexEntry> {
    let path = examples_dir().join("index.json");
    let text = fs::read_to_string(&path).expect("examples/index.json is readable");
    let value: serde_json::Value = serde_json::from_str(&text).expect("index.json is JSON");
    let entries = value.as_array().expect("index.json is an array");
    entries
        .iter()
        .map(|entry| {
            let field = |key: &str| {
                entry
                    .get(key)
                    .and_then(serde_json::Value::as_str)
                    .unwrap_or_else(|| panic!("index.json entry {entry} lacks the string `{key}`"))
                    .to_string()
            };
            let keys: BTreeSet<&str> = entry
                .as_object()
                .expect("index.json entries are objects")
                .keys()
                .map(String::as_str)
                .collect();
            assert_eq!(
                keys,
                BTreeSet::from(["file", "id", "summary", "title"]),
                "index.json entry {entry} has exactly id, file, title, summary"
            );
            IndexEntry {
                id: field("id"),
                file: field("file"),
                title: field("title"),
                summary: field("summary"),
            }
        })
        .collect()
}

/// Every `*.json` in `examples/` except the index.
fn scenario_files() -> BTreeSet<String> {
    fs::read_dir(examples_dir())
        .expect("examples/ is readable")
        .map(|entry| {
            entry
                .expect("a directory entry")
                .file_name()
                .into_string()
                .expect("a UTF-8 file name")
        })
        .filter(|name| name.ends_with(".json") && name != "index.json")
        .collect()
}

fn load(file: &str) -> Scenario {
    let text = fs::read_to_string(examples_dir().join(file))
        .unwrap_or_else(|error| panic!("examples/{file}: {error}"));
    let loaded = load_scenario(&text);
    let problems: Vec<String> = loaded
        .diagnostics
        .iter()
        .map(|diagnostic| {
            format!(
                "examples/{file}: {:?} {} {} at {:?}",
                diagnostic.severity, diagnostic.code, diagnostic.message, diagnostic.span
            )
        })
        .collect();
    assert!(
        problems.is_empty(),
        "an example must load cleanly:\n{}",
        problems.join("\n")
    );
    loaded
        .scenario
        .unwrap_or_else(|| panic!("examples/{file} did not load"))
}

#[test]
fn the_index_lists_every_example_once_in_gallery_order() {
    let index = read_index();
    let listed: Vec<&str> = index.iter().map(|entry| entry.file.as_str()).collect();
    let unique: BTreeSet<String> = listed.iter().map(|file| file.to_string()).collect();
    assert_eq!(unique.len(), listed.len(), "index.json lists a file twice");
    assert_eq!(
        unique,
        scenario_files(),
        "index.json and the files in examples/ differ"
    );
    for entry in &index {
        assert_eq!(
            format!("{}.json", entry.id),
            entry.file,
            "an example's id is its file name"
        );
        assert!(
            !entry.summary.trim().is_empty() && !entry.summary.contains('\n'),
            "{}: the summary is one non-empty line",
            entry.id
        );
        let scenario = load(&entry.file);
        let name = scenario.name.as_ref().map(|name| name.value.as_str());
        assert_eq!(
            name,
            Some(entry.title.as_str()),
            "{}: the gallery title is the scenario's name",
            entry.id
        );
    }
    // The gallery opens on the simplest lesson; the docs link to these ids.
    assert_eq!(
        index.first().map(|entry| entry.id.as_str()),
        Some("developer-group")
    );
}

#[test]
fn every_example_has_a_lesson_and_expectations() {
    for file in scenario_files() {
        let scenario = load(&file);
        let description = scenario
            .description
            .as_ref()
            .map(|description| description.value.as_str())
            .unwrap_or_default();
        assert!(
            description.len() > 200,
            "examples/{file}: the description is the lesson and must say something"
        );
        assert!(
            !scenario.requests.is_empty(),
            "examples/{file} has no requests"
        );
        for request in &scenario.requests {
            assert!(
                request.name.is_some() && request.expect.is_some(),
                "examples/{file}: request {} needs a name and an expect",
                request.index
            );
        }
    }
}

#[test]
fn every_example_request_gets_its_expected_decision() {
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut seen = BTreeSet::new();
    for file in scenario_files() {
        let scenario = load(&file);
        for result in check_scenario(&scenario) {
            checked += 1;
            seen.insert(format!("{:?}", result.decision));
            if !result.ok {
                failures.push(format!(
                    "examples/{file} request {} \"{}\": expected {:?}, got {:?}{} — {}",
                    result.index,
                    result.name.unwrap_or_default(),
                    result.expect,
                    result.decision,
                    result
                        .denied_hop
                        .map(|hop| format!(" (denied at hop {hop})"))
                        .unwrap_or_default(),
                    result.explanation.summary,
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} example requests disagree with their expect:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // The gallery shows all three outcomes.
    for decision in [
        Decision::Allow,
        Decision::ExplicitDeny,
        Decision::ImplicitDeny,
    ] {
        assert!(
            seen.contains(&format!("{decision:?}")),
            "no example request ends in {decision:?}"
        );
    }
}

/// The lint codes an example raises, by file, without the action catalog.
fn lint_codes(file: &str, options: &LintOptions<'_>) -> BTreeSet<&'static str> {
    let text = fs::read_to_string(examples_dir().join(file))
        .unwrap_or_else(|error| panic!("examples/{file}: {error}"));
    lint_scenario_text(&text, options)
        .iter()
        .map(|diagnostic| diagnostic.code)
        .collect()
}

#[test]
fn lint_flags_the_mistakes_the_lessons_name_and_nothing_else() {
    let options = LintOptions::default();
    // The lessons say the lint flags these.
    for (file, code) in [
        (
            "mistakes-star-star.json",
            codes::ALLOW_ALL_ACTIONS_ALL_RESOURCES,
        ),
        (
            "mistakes-no-trust-policy.json",
            codes::ROLE_WITHOUT_TRUST_POLICY,
        ),
        ("public-read-bucket.json", codes::PUBLIC_ACCESS),
    ] {
        assert!(
            lint_codes(file, &options).contains(code),
            "examples/{file}: lint should report {code}"
        );
    }
    // Anything else an example triggers is a deliberate AdministratorAccess-like identity policy, a public
    // bucket or the role without a trust policy; a new finding means an example has a real flaw.
    let deliberate = BTreeSet::from([
        codes::ALLOW_ALL_ACTIONS_ALL_RESOURCES,
        codes::PUBLIC_ACCESS,
        codes::ROLE_WITHOUT_TRUST_POLICY,
    ]);
    for file in scenario_files() {
        let unexpected: Vec<&str> = lint_codes(&file, &options)
            .difference(&deliberate)
            .copied()
            .collect();
        assert!(
            unexpected.is_empty(),
            "examples/{file}: unexpected lint findings {unexpected:?}"
        );
    }
}

/// With the action catalog, every action, resource type and condition key the examples use is a real one.
#[cfg(feature = "catalog")]
#[test]
fn examples_use_only_actions_resources_and_keys_aws_knows() {
    let catalog = iamplay_core::catalog::Catalog::embedded().expect("the embedded catalog parses");
    let options = LintOptions::with_catalog(catalog);
    for file in scenario_files() {
        let catalog_findings: Vec<&str> = lint_codes(&file, &options)
            .into_iter()
            .filter(|code| code.starts_with("L02"))
            .collect();
        assert!(
            catalog_findings.is_empty(),
            "examples/{file}: catalog findings {catalog_findings:?}"
        );
    }
}
