use super::*;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use crate::scenario::load_scenario;

const SCENARIO: &str = r#"{
  "users": [
    { "arn": "arn:aws:iam::111111111111:user/ana", "policies": [] },
    { "arn": "arn:aws:iam::111111111111:user/bo" }
  ],
  "resources": [{ "arn": "arn:aws:s3:::photos", "account": "111111111111" }],
  "requests": [
    { "name": "ana lists photos", "principal": "arn:aws:iam::111111111111:user/ana",
      "action": "s3:ListBucket", "resource": "arn:aws:s3:::photos" }
  ]
}"#;

const LESSON: &str = r#"{
  "title": "Give ana her photos",
  "scenario": "scenario.json",
  "steps": [
    { "text": "Look around." },
    {
      "text": "Let ana list the bucket.",
      "check": {
        "expect": [
          { "request": "ana lists photos", "decision": "Allow" },
          { "principal": "arn:aws:iam::111111111111:user/bo", "action": "s3:ListBucket",
            "resource": "arn:aws:s3:::photos", "decision": "Deny" }
        ],
        "withoutWidening": true
      },
      "hints": ["ana has no policy yet."],
      "show": [
        {
          "at": "/users/0/policies/-",
          "set": {
            "name": "Photos",
            "document": {
              "Version": "2012-10-17",
              "Statement": [{ "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::photos" }]
            }
          }
        }
      ]
    }
  ]
}"#;

fn lesson() -> Lesson {
    let loaded = load_lesson(LESSON);
    assert_eq!(loaded.diagnostics, vec![]);
    loaded.lesson.expect("loads")
}

#[test]
fn loads_steps_checks_hints_and_edits() {
    let lesson = lesson();
    assert_eq!(lesson.title.value, "Give ana her photos");
    assert_eq!(lesson.steps.len(), 2);
    assert!(lesson.steps[0].check.is_none());
    let check = lesson.steps[1].check.as_ref().expect("check");
    assert!(check.without_widening);
    assert_eq!(check.expect.len(), 2);
    assert_eq!(lesson.steps[1].hints.len(), 1);
    // The edit keeps its text relative to its own line.
    assert!(lesson.steps[1].show[0]
        .set
        .value
        .starts_with("{\n  \"name\""));
}

#[test]
fn a_sound_lesson_validates() {
    assert_eq!(validate_lesson(&lesson(), SCENARIO), vec![]);
}

#[test]
fn edits_splice_into_the_text_and_keep_the_rest() {
    let states = lesson_states(SCENARIO, &lesson()).expect("edits apply");
    let last = states.last().expect("state");
    assert!(last.starts_with("{\n  \"users\": [\n    { \"arn\": \"arn:aws:iam::111111111111:user/ana\", \"policies\": [{\n"));
    let scenario = load_scenario(last).scenario.expect("still a scenario");
    assert_eq!(scenario.users[0].policies.len(), 1);
    assert!(scenario.users[1].policies.is_empty());
}

#[test]
fn members_are_added_and_values_replaced() {
    let edits = |at: &str, set: &str| {
        vec![Edit {
            at: Spanned::new(at.to_string(), Span::default()),
            set: Spanned::new(set.to_string(), Span::default()),
            span: Span::default(),
        }]
    };
    let text = "{\n  \"a\": 1,\n  \"b\": [1, 2]\n}";
    assert_eq!(
        apply_edits(text, &edits("/a", "true")).expect("ok"),
        "{\n  \"a\": true,\n  \"b\": [1, 2]\n}"
    );
    assert_eq!(
        apply_edits(text, &edits("/b/-", "3")).expect("ok"),
        "{\n  \"a\": 1,\n  \"b\": [1, 2, 3]\n}"
    );
    assert_eq!(
        apply_edits(text, &edits("/c~1d", "null")).expect("ok"),
        "{\n  \"a\": 1,\n  \"b\": [1, 2],\n  \"c/d\": null\n}"
    );
    assert_eq!(apply_edits("[]", &edits("/-", "1")).expect("ok"), "[1]");
    let error = apply_edits(text, &edits("/x/y", "1")).expect_err("no x");
    assert_eq!(error.code, codes::E0705_EDIT_TARGET_NOT_FOUND);
}

#[test]
fn a_step_that_already_passes_or_never_passes_is_reported() {
    // Expecting an implicit deny that the scenario already gives, with an edit that changes nothing it checks.
    let broken = LESSON.replace(
        r#"{ "request": "ana lists photos", "decision": "Allow" },"#,
        r#"{ "request": "ana lists photos", "decision": "ImplicitDeny" },"#,
    );
    let lesson = load_lesson(&broken).lesson.expect("loads");
    let codes: Vec<&str> = validate_lesson(&lesson, SCENARIO)
        .iter()
        .map(|d| d.code)
        .collect();
    assert_eq!(
        codes,
        vec![
            codes::E0707_PASSES_BEFORE_EDIT,
            codes::E0708_FAILS_AFTER_EDIT
        ]
    );
}

#[test]
fn widening_beyond_the_check_fails_the_step() {
    // A reader who allows s3:ListBucket on * to both users: bo's cell becomes Allow too.
    let lesson = lesson();
    let before = load_scenario(SCENARIO).scenario.expect("loads");
    let widened_text = SCENARIO.replace(
        r#"{ "arn": "arn:aws:iam::111111111111:user/bo" }"#,
        r#"{ "arn": "arn:aws:iam::111111111111:user/bo", "policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]}] }"#,
    ).replace(r#""policies": [] }"#, r#""policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]}] }"#);
    let after = load_scenario(&widened_text).scenario.expect("loads");
    let check = lesson.steps[1].check.clone().expect("check");
    let mut only_ana = check.clone();
    only_ana.expect.truncate(1);
    let outcome = check_step(&after, Some(&before), &only_ana);
    assert!(!outcome.done);
    assert!(outcome.expectations[0].ok);
    assert_eq!(outcome.widened.len(), 1);
    assert!(outcome.widened[0].principal.ends_with("user/bo"));
    // Without the baseline the widening cannot be seen, and the expectations alone pass.
    assert!(check_step(&after, None, &only_ana).done);
}

#[test]
fn bad_files_get_located_errors() {
    let cases = [
        ("[]", codes::E0701_WRONG_TYPE),
        (
            r#"{"title": "t", "scenario": "s", "steps": [], "stpes": 1}"#,
            codes::E0702_UNKNOWN_KEY,
        ),
        (
            r#"{"title": "t", "steps": [{"text": "x"}]}"#,
            codes::E0703_MISSING_KEY,
        ),
        (
            r#"{"title": "t", "scenario": "s", "steps": [{"text": "x", "check": {"expect": [{"request": 0, "decision": "Maybe"}]}}]}"#,
            codes::E0704_BAD_VALUE,
        ),
        (
            r#"{"title": "t", "scenario": "s", "steps": [{"text": "x", "show": [{"at": "users", "set": 1}]}]}"#,
            codes::E0704_BAD_VALUE,
        ),
    ];
    for (text, code) in cases {
        let loaded = load_lesson(text);
        assert!(loaded.lesson.is_none(), "{text}");
        assert!(
            loaded
                .diagnostics
                .iter()
                .any(|d| d.code == code && d.span.is_some()),
            "{text}: {:?}",
            loaded.diagnostics
        );
    }
    assert_eq!(load_lesson("{").diagnostics.len(), 1);
}
