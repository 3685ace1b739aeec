//! The hard limits that protect the playground and the CLI (issue 7, "Limits with clear errors"; table in
//! docs/security.md): each oversized input gets an error that names its limit, through the public entry points
//! (`parse_policy`, `lint_policy`, `load_scenario`, `lint_scenario_text`, `compute_matrix`), never a hang or a
//! crash. Also the regression tests for the hangs the limits work found: duplicate-key checks that were
//! quadratic in the number of keys of one object.
//!
//! Issue 11, "Nothing AWS accepts is rejected": limits count bytes, depth and total work, never elements. Many
//! statements, many values and long scenario lists load (AWS's own policies and account exports have them); a
//! hostile pairing of a huge policy with many requests is refused by `max_work`.
//!
//! How long these take is measured by `benches/limits.rs`, not here (the house rule: no timed tests).
#![cfg(not(target_arch = "wasm32"))]

use iamplay_core::diagnostic::Diagnostic;
use iamplay_core::json::{self, Limits, SCENARIO_MAX_BYTES};
use iamplay_core::lint::{lint_policy, lint_scenario_text, LintOptions};
use iamplay_core::matrix::{compute_matrix, compute_matrix_with, MatrixOptions, DEFAULT_MAX_CELLS};
use iamplay_core::policy::{parse_policy, PolicyKind, PolicyLimits};
use iamplay_core::scenario::{load_scenario, MAX_WORK};

const FIVE_MB: usize = 5 * 1024 * 1024;
const DEEP: usize = 10_000;

fn errors(diagnostics: &[Diagnostic]) -> Vec<(&str, &str)> {
    diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| (d.code, d.message.as_str()))
        .collect()
}

/// Asserts exactly one error, with `code`, whose message names `limit`.
#[track_caller]
fn assert_limit_error(diagnostics: &[Diagnostic], code: &str, limit: &str) {
    let found = errors(diagnostics);
    assert!(
        found
            .iter()
            .any(|(c, message)| *c == code && message.contains(&format!("(`{limit}`)"))),
        "want {code} naming `{limit}`, got {found:?}"
    );
    for diagnostic in diagnostics.iter().filter(|d| d.code == code) {
        assert!(diagnostic.help.is_some(), "{diagnostic:?} has no help");
        assert!(diagnostic.span.is_some(), "{diagnostic:?} has no span");
    }
}

/// A valid identity policy padded with spaces to `size` bytes.
fn padded_policy(size: usize) -> String {
    let policy = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}"#;
    format!("{policy}{}", " ".repeat(size.saturating_sub(policy.len())))
}

fn nested_arrays(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

fn nested_objects(depth: usize) -> String {
    format!("{}1{}", r#"{"a":"#.repeat(depth), "}".repeat(depth))
}

fn statement(index: usize) -> String {
    format!(
        r#"{{"Sid": "S{index}", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b{index}/*"}}"#
    )
}

fn policy_with_statements(count: usize) -> String {
    let statements: Vec<String> = (0..count).map(statement).collect();
    format!(
        r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
        statements.join(",")
    )
}

fn quoted_list(count: usize, item: impl Fn(usize) -> String) -> String {
    let items: Vec<String> = (0..count).map(|i| format!("\"{}\"", item(i))).collect();
    format!("[{}]", items.join(","))
}

const USER: &str = "arn:aws:iam::111122223333:user/u";

// ---- document size and nesting depth (json::Limits)

#[test]
fn a_five_megabyte_policy_and_an_oversized_scenario_are_refused_by_every_entry_point() {
    let policy = padded_policy(FIVE_MB);
    assert_limit_error(
        &parse_policy(&policy, PolicyKind::Identity).diagnostics,
        json::codes::TOO_LARGE,
        "max_bytes",
    );
    assert_limit_error(
        &lint_policy(&policy, PolicyKind::Identity, &LintOptions::default()),
        json::codes::TOO_LARGE,
        "max_bytes",
    );
    let scenario = format!(r#"{{"description": "{}"}}"#, "a".repeat(SCENARIO_MAX_BYTES));
    let loaded = load_scenario(&scenario);
    assert!(loaded.scenario.is_none());
    assert_limit_error(&loaded.diagnostics, json::codes::TOO_LARGE, "max_bytes");
    assert_limit_error(
        &lint_scenario_text(&scenario, &LintOptions::default()),
        json::codes::TOO_LARGE,
        "max_bytes",
    );
}

#[test]
fn a_scenario_of_several_megabytes_loads() {
    // An account export runs to megabytes: 5 MB is far under the scenario limit (it was over the old 1 MiB).
    let scenario = format!(r#"{{"description": "{}"}}"#, "a".repeat(FIVE_MB));
    let loaded = load_scenario(&scenario);
    assert!(
        loaded.scenario.is_some(),
        "{:?}",
        errors(&loaded.diagnostics)
    );
    assert_eq!(Limits::scenario().max_bytes, SCENARIO_MAX_BYTES);
    assert_eq!(Limits::scenario().max_depth, Limits::default().max_depth);
}

#[test]
fn the_size_limit_is_exact() {
    let limit = Limits::default().max_bytes;
    assert!(parse_policy(&padded_policy(limit), PolicyKind::Identity)
        .policy
        .is_some());
    assert_limit_error(
        &parse_policy(&padded_policy(limit + 1), PolicyKind::Identity).diagnostics,
        json::codes::TOO_LARGE,
        "max_bytes",
    );
}

#[test]
fn ten_thousand_deep_nesting_is_refused_without_recursion() {
    for text in [nested_arrays(DEEP), nested_objects(DEEP)] {
        assert_limit_error(
            &parse_policy(&text, PolicyKind::Identity).diagnostics,
            json::codes::TOO_DEEP,
            "max_depth",
        );
        assert_limit_error(
            &load_scenario(&text).diagnostics,
            json::codes::TOO_DEEP,
            "max_depth",
        );
        // Unclosed: the limit fires before the end of the text is ever reached.
        let unclosed = "[".repeat(DEEP);
        assert_limit_error(
            &parse_policy(&unclosed, PolicyKind::Identity).diagnostics,
            json::codes::TOO_DEEP,
            "max_depth",
        );
    }
    // Deep inside a scenario: the depth counts from the file's root.
    let deep_policy = format!(
        r#"{{"users": [{{"arn": "{USER}", "policies": [{{"Statement": {}}}]}}]}}"#,
        nested_arrays(DEEP)
    );
    assert_limit_error(
        &load_scenario(&deep_policy).diagnostics,
        json::codes::TOO_DEEP,
        "max_depth",
    );
}

#[test]
fn nesting_up_to_the_limit_parses() {
    let limit = Limits::default().max_depth;
    assert!(json::parse(&nested_arrays(limit), &Limits::default()).is_ok());
    assert_limit_error(
        &json::parse(&nested_arrays(limit + 1), &Limits::default()).unwrap_err(),
        json::codes::TOO_DEEP,
        "max_depth",
    );
}

// ---- policy shape (PolicyLimits): no count limits, only wildcards per pattern

#[test]
fn many_statements_parse_and_repeated_sids_are_found_in_linear_time() {
    // The old limit was 1,000 statements; AWS's own documents and exports must never hit a count.
    let parsed = parse_policy(&policy_with_statements(8_000), PolicyKind::Identity);
    assert!(parsed.policy.is_some(), "{:?}", errors(&parsed.diagnostics));
    assert_eq!(parsed.policy.unwrap().statements.len(), 8_000);
    // Every Sid twice: one warning per repeat (the repeat check uses a map, not a scan per statement).
    let statements: Vec<String> = (0..8_000).map(|i| statement(i / 2)).collect();
    let twice = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
        statements.join(",")
    );
    let parsed = parse_policy(&twice, PolicyKind::Identity);
    assert_eq!(
        parsed
            .diagnostics
            .iter()
            .filter(|d| d.code == "E0226")
            .count(),
        4_000
    );
}

#[test]
fn many_values_per_element_and_per_condition_key_parse() {
    // AWS's ReadOnlyAccess lists over 1,500 actions in one statement; the old limit was 1,000.
    let actions = quoted_list(20_000, |i| format!("s3:Action{i}"));
    let policy = format!(
        r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "Allow", "Action": {actions}, "Resource": "*"}}}}"#
    );
    let parsed = parse_policy(&policy, PolicyKind::Identity);
    assert!(parsed.policy.is_some(), "{:?}", errors(&parsed.diagnostics));
    let values = quoted_list(20_000, |i| format!("user{i}"));
    let policy = format!(
        r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "Allow", "Action": "s3:*", "Resource": "*",
            "Condition": {{"StringEquals": {{"aws:username": {values}}}}}}}}}"#
    );
    let parsed = parse_policy(&policy, PolicyKind::Identity);
    assert!(parsed.policy.is_some(), "{:?}", errors(&parsed.diagnostics));
}

#[test]
fn wildcards_per_pattern_over_the_limit() {
    let limit = PolicyLimits::default().max_wildcards;
    let resource = |count: usize| format!("arn:aws:s3:::{}", "a*".repeat(count));
    let policy = |count: usize| {
        format!(
            r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "Allow", "Action": "s3:*", "Resource": "{}"}}}}"#,
            resource(count)
        )
    };
    assert!(parse_policy(&policy(limit), PolicyKind::Identity)
        .policy
        .is_some());
    assert_limit_error(
        &parse_policy(&policy(limit + 1), PolicyKind::Identity).diagnostics,
        "E0224",
        "max_wildcards",
    );
    // The same limit for an action and for a `...Like` condition value.
    let action = format!("s3:{}", "?".repeat(limit + 1));
    let policy = format!(
        r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "Allow", "Action": "{action}", "Resource": "*"}}}}"#
    );
    assert_limit_error(
        &parse_policy(&policy, PolicyKind::Identity).diagnostics,
        "E0224",
        "max_wildcards",
    );
    let policy = format!(
        r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "Allow", "Action": "s3:*", "Resource": "*",
            "Condition": {{"StringLike": {{"s3:prefix": "{}"}}}}}}}}"#,
        "*x".repeat(limit + 1)
    );
    assert_limit_error(
        &parse_policy(&policy, PolicyKind::Identity).diagnostics,
        "E0224",
        "max_wildcards",
    );
}

// ---- scenario lists: no entry limit; the total work (scenario::MAX_WORK) bounds hostile files

fn users(count: usize) -> String {
    let users: Vec<String> = (0..count)
        .map(|i| format!(r#"{{"arn": "arn:aws:iam::111122223333:user/u{i}"}}"#))
        .collect();
    format!("[{}]", users.join(","))
}

#[test]
fn long_scenario_lists_load() {
    // An account export has thousands of principals and policies: lists have no entry limit (it was 1,000).
    let many = load_scenario(&format!(r#"{{"users": {}}}"#, users(20_000)));
    assert!(many.scenario.is_some(), "{:?}", errors(&many.diagnostics));

    let request =
        format!(r#"{{"principal": "{USER}", "action": "s3:GetObject", "resource": "*"}}"#);
    let requests = format!("[{}]", vec![request; 5_000].join(","));
    let loaded = load_scenario(&format!(r#"{{"requests": {requests}}}"#));
    assert!(
        loaded.scenario.is_some(),
        "{:?}",
        errors(&loaded.diagnostics)
    );

    let policy = r#"{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}"#;
    let policies = format!("[{}]", vec![policy; 5_000].join(","));
    let loaded = load_scenario(&format!(
        r#"{{"users": [{{"arn": "{USER}", "policies": {policies}}}]}}"#
    ));
    assert!(
        loaded.scenario.is_some(),
        "{:?}",
        errors(&loaded.diagnostics)
    );

    let accounts: Vec<String> = (0..5_000)
        .map(|i| format!(r#""{:012}": {{}}"#, 100_000_000_000_u64 + i as u64))
        .collect();
    let loaded = load_scenario(&format!(r#"{{"accounts": {{{}}}}}"#, accounts.join(",")));
    assert!(
        loaded.scenario.is_some(),
        "{:?}",
        errors(&loaded.diagnostics)
    );
}

/// One user with a policy of `actions` actions, and `requests` requests by that user.
fn heavy_scenario(actions: usize, requests: usize) -> String {
    let actions = quoted_list(actions, |i| format!("s3:Action{i}"));
    let request = format!(
        r#"{{"principal": "{USER}", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}}"#
    );
    format!(
        r#"{{"users": [{{"arn": "{USER}", "policies": [{{"Version": "2012-10-17", "Statement": {{"Effect": "Allow",
            "Action": {actions}, "Resource": "*"}}}}]}}],
            "resources": [{{"arn": "arn:aws:s3:::b", "account": "111122223333"}}],
            "requests": [{}]}}"#,
        vec![request; requests].join(",")
    )
}

#[test]
fn a_huge_policy_times_many_requests_is_refused_by_the_work_limit() {
    // 20,000 requests × a 40,000-action policy: about 8 × 10⁸ steps, over the 5 × 10⁷ of `max_work`.
    let loaded = load_scenario(&heavy_scenario(40_000, 20_000));
    assert!(loaded.scenario.is_none());
    assert_limit_error(&loaded.diagnostics, "E0514", "max_work");
    assert!(errors(&loaded.diagnostics)[0]
        .1
        .contains(&MAX_WORK.to_string()));
    // Either alone is fine: the same policy with 1,000 requests, or 20,000 requests with a small policy.
    for (actions, requests) in [(40_000, 1_000), (10, 20_000)] {
        let loaded = load_scenario(&heavy_scenario(actions, requests));
        assert!(
            loaded.scenario.is_some(),
            "{actions} × {requests}: {:?}",
            errors(&loaded.diagnostics)
        );
    }
}

#[test]
fn duplicate_arns_and_unknown_groups_are_found_in_linear_time() {
    // The cross-checks used to scan every earlier ARN for each entity: quadratic in an account export.
    let mut users: Vec<String> = (0..30_000)
        .map(|i| {
            format!(
                r#"{{"arn": "arn:aws:iam::111122223333:user/u{i}", "groups": ["arn:aws:iam::111122223333:group/g{}"]}}"#,
                i % 100
            )
        })
        .collect();
    users.push(r#"{"arn": "arn:aws:iam::111122223333:user/u7"}"#.to_string());
    let groups: Vec<String> = (0..99)
        .map(|i| format!(r#"{{"arn": "arn:aws:iam::111122223333:group/g{i}"}}"#))
        .collect();
    let loaded = load_scenario(&format!(
        r#"{{"groups": [{}], "users": [{}]}}"#,
        groups.join(","),
        users.join(",")
    ));
    let found = errors(&loaded.diagnostics);
    assert_eq!(found.iter().filter(|(code, _)| *code == "E0505").count(), 1);
    // Users in group g99, which is not described: every 100th user.
    assert_eq!(
        found.iter().filter(|(code, _)| *code == "E0506").count(),
        300
    );
}

// ---- regressions: duplicate-key checks were quadratic in the keys of one object (a 1 MB object of ~80,000
// keys took 18 s in a policy `Condition` and 43 s in a scenario's `tags`); now they are linear.

fn many_keys(count: usize, last: &str) -> String {
    let mut members: Vec<String> = (0..count).map(|i| format!("\"k{i}\": \"v\"")).collect();
    members.push(format!("\"{last}\": \"v\""));
    members.join(",")
}

#[test]
fn a_condition_with_seventy_thousand_keys_is_read_and_its_repeat_found() {
    let policy = format!(
        r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "Allow", "Action": "*", "Resource": "*",
            "Condition": {{"StringEquals": {{{}}}}}}}}}"#,
        many_keys(70_000, "k7")
    );
    assert!(policy.len() <= Limits::default().max_bytes);
    let parsed = parse_policy(&policy, PolicyKind::Identity);
    let repeats: Vec<&Diagnostic> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.code == "E0203")
        .collect();
    assert_eq!(repeats.len(), 1, "{:?}", errors(&parsed.diagnostics));
    assert!(repeats[0].message.contains("`k7`"));
    assert_eq!(repeats[0].related.len(), 1, "points at the first `k7`");
}

#[test]
fn tags_with_seventy_thousand_keys_are_read_and_their_repeat_found() {
    let scenario = format!(
        r#"{{"users": [{{"arn": "{USER}", "tags": {{{}}}}}]}}"#,
        many_keys(70_000, "k42")
    );
    assert!(scenario.len() <= Limits::default().max_bytes);
    let loaded = load_scenario(&scenario);
    let found = errors(&loaded.diagnostics);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "E0512");
    assert!(found[0].1.contains("`k42`"));
}

// ---- matrix cells (matrix::MatrixOptions::max_cells)

/// `users` users and `requests` requests on distinct resources: about users × requests cells.
fn wide_scenario(users: usize, requests: usize) -> String {
    let users: Vec<String> = (0..users)
        .map(|i| format!(r#"{{"arn": "arn:aws:iam::111122223333:user/u{i}"}}"#))
        .collect();
    let requests: Vec<String> = (0..requests)
        .map(|i| {
            format!(
                r#"{{"principal": "arn:aws:iam::111122223333:user/u0", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k{i}"}}"#
            )
        })
        .collect();
    format!(
        r#"{{"users": [{}], "resources": [{{"arn": "arn:aws:s3:::b", "account": "111122223333"}}], "requests": [{}]}}"#,
        users.join(","),
        requests.join(",")
    )
}

#[test]
fn matrix_cells_over_the_limit_keep_the_rows_that_fit_and_name_the_limit() {
    let loaded = load_scenario(&wide_scenario(400, 200));
    let Some(scenario) = loaded.scenario else {
        panic!("{:?}", errors(&loaded.diagnostics));
    };
    let matrix = compute_matrix(&scenario);
    assert_eq!(matrix.columns.len(), 200);
    assert!(matrix.rows.len() * matrix.columns.len() <= DEFAULT_MAX_CELLS);
    assert_eq!(matrix.rows.len(), DEFAULT_MAX_CELLS / 200);
    assert_eq!(matrix.cells.len(), matrix.rows.len());
    assert!(matrix.rows_dropped > 0);
    let Some(limit) = &matrix.limit else {
        panic!("no limit error");
    };
    // About the whole matrix, so no span.
    assert_eq!(limit.code, "E0601");
    assert!(limit.is_error() && limit.message.contains("(`max_cells`)"));
    assert!(limit.help.is_some());
    assert!(limit
        .message
        .contains(&format!("the last {} principals", matrix.rows_dropped)));

    // Under the limit: every row, no error.
    let small = compute_matrix_with(
        &scenario,
        &MatrixOptions {
            max_cells: usize::MAX,
            ..MatrixOptions::default()
        },
    );
    assert_eq!(small.rows_dropped, 0);
    assert!(small.limit.is_none());
    assert_eq!(small.rows.len(), matrix.rows.len() + matrix.rows_dropped);
    assert_eq!(&small.cells[..matrix.cells.len()], &matrix.cells[..]);
}

#[test]
fn a_matrix_wider_than_the_limit_has_no_rows_but_an_error() {
    let loaded = load_scenario(&wide_scenario(2, 20));
    let Some(scenario) = loaded.scenario else {
        panic!("{:?}", errors(&loaded.diagnostics));
    };
    let matrix = compute_matrix_with(
        &scenario,
        &MatrixOptions {
            max_cells: 10,
            ..MatrixOptions::default()
        },
    );
    assert!(matrix.rows.is_empty() && matrix.cells.is_empty());
    assert!(matrix.limit.is_some());
}

#[test]
fn a_matrix_over_its_work_limit_keeps_the_rows_that_fit_and_names_the_limit() {
    // Three users with a 1,000-action policy each, 400 columns: each row costs about 400,000 steps.
    let actions = quoted_list(1_000, |i| format!("s3:Action{i}"));
    let users: Vec<String> = (0..3)
        .map(|i| {
            format!(
                r#"{{"arn": "arn:aws:iam::111122223333:user/u{i}", "policies": [{{"Statement": {{"Effect": "Allow",
                    "Action": {actions}, "Resource": "*"}}}}]}}"#
            )
        })
        .collect();
    let requests: Vec<String> = (0..400)
        .map(|i| {
            format!(
                r#"{{"principal": "arn:aws:iam::111122223333:user/u0", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k{i}"}}"#
            )
        })
        .collect();
    let text = format!(
        r#"{{"users": [{}], "resources": [{{"arn": "arn:aws:s3:::b", "account": "111122223333"}}], "requests": [{}]}}"#,
        users.join(","),
        requests.join(",")
    );
    let loaded = load_scenario(&text);
    let Some(scenario) = loaded.scenario else {
        panic!("{:?}", errors(&loaded.diagnostics));
    };
    let options = MatrixOptions {
        max_work: 1_000_000,
        ..MatrixOptions::default()
    };
    // The default limit fits this matrix: the three users (and any rows without policies).
    let full = compute_matrix(&scenario);
    assert!(full.limit.is_none());
    assert!(full.rows.len() >= 3);
    // Two users fit in 1,000,000 steps; the rest are left out, with the limit named.
    let matrix = compute_matrix_with(&scenario, &options);
    assert_eq!(matrix.rows.len(), 2);
    assert_eq!(matrix.rows_dropped, full.rows.len() - 2);
    assert_eq!(&matrix.cells[..], &full.cells[..2]);
    let Some(limit) = &matrix.limit else {
        panic!("no limit error");
    };
    assert_eq!(limit.code, "E0601");
    assert!(limit.message.contains("(`max_work`)"), "{}", limit.message);
    assert!(
        limit
            .message
            .contains(&format!("the last {} principals", matrix.rows_dropped)),
        "{}",
        limit.message
    );
}
