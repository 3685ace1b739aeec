//! `iamplay explain --fixes`, `iamplay diff` and `iamplay tighten` on the examples: exit codes, JSON shapes,
//! and that a printed patch really does what it says (applied here with serde_json, independently of the core).

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_iamplay"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .expect("the iamplay binary runs")
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("an exit code")
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).expect("JSON on standard output")
}

/// RFC 6902 `add`, `remove` and `replace`, enough for the patches iamplay prints.
fn apply(document: &mut Value, patch: &Value) {
    for op in patch.as_array().expect("a patch is an array") {
        let path = op["path"].as_str().expect("path");
        let (parent, last) = path.rsplit_once('/').expect("a pointer");
        let last = last.replace("~1", "/").replace("~0", "~");
        let target = document.pointer_mut(parent).expect("the parent exists");
        match (op["op"].as_str().expect("op"), target) {
            ("remove", Value::Array(items)) => {
                items.remove(last.parse::<usize>().expect("index"));
            }
            ("remove", Value::Object(members)) => {
                members.remove(&last).expect("the member exists");
            }
            ("add", Value::Array(items)) if last == "-" => items.push(op["value"].clone()),
            ("add", Value::Array(items)) => {
                items.insert(last.parse::<usize>().expect("index"), op["value"].clone());
            }
            ("replace", Value::Array(items)) => {
                items[last.parse::<usize>().expect("index")] = op["value"].clone();
            }
            ("add" | "replace", Value::Object(members)) => {
                members.insert(last, op["value"].clone());
            }
            (other, _) => panic!("unexpected op {other} at {path}"),
        }
    }
}

#[test]
fn explain_fixes_prints_verified_patches_that_flip_the_request() {
    let output = run(&[
        "explain",
        "examples/cross-account-role.json",
        "--request",
        "2",
        "--fixes",
        "--format",
        "json",
    ]);
    assert_eq!(
        code(&output),
        0,
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = json(&output);
    assert_eq!(report["decision"], "ImplicitDeny");
    let fixes = report["fixes"].as_array().expect("fixes");
    assert!(!fixes.is_empty());
    let text =
        std::fs::read_to_string(root().join("examples/cross-account-role.json")).expect("file");
    for fix in fixes {
        assert!(fix["summary"]
            .as_str()
            .is_some_and(|summary| !summary.is_empty()));
        assert!(fix["flips"].is_array());
        let mut document: Value = serde_json::from_str(&text).expect("JSON");
        apply(&mut document, &fix["patch"]);
        let dir = std::env::temp_dir().join(format!("iamplay-fixes-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch dir");
        let patched = dir.join("patched.json");
        std::fs::write(
            &patched,
            serde_json::to_string_pretty(&document).expect("JSON"),
        )
        .expect("write");
        let explained = run(&[
            "explain",
            patched.to_str().expect("path"),
            "--request",
            "2",
            "--format",
            "json",
        ]);
        assert_eq!(json(&explained)["decision"], "Allow", "{}", fix["summary"]);
    }
    let text_output = run(&[
        "explain",
        "examples/cross-account-role.json",
        "--request",
        "2",
        "--fixes",
    ]);
    let printed = String::from_utf8_lossy(&text_output.stdout);
    assert!(printed.contains("what would allow it"), "{printed}");
    assert!(printed.contains("patch: [{\"op\""), "{printed}");
}

#[test]
fn explain_fixes_rejects_an_unknown_request() {
    let output = run(&[
        "explain",
        "examples/cross-account-role.json",
        "--request",
        "99",
        "--fixes",
    ]);
    assert_eq!(code(&output), 2);
}

#[test]
fn diff_exits_1_only_when_access_opened() {
    let same = run(&[
        "diff",
        "examples/developer-group.json",
        "examples/developer-group.json",
        "--format",
        "json",
    ]);
    assert_eq!(code(&same), 0);
    let empty = json(&same);
    for key in ["opened", "closed", "changed"] {
        assert_eq!(empty[key].as_array().map(Vec::len), Some(0), "{key}");
    }
    // Two different worlds: the second's cells open relative to the first's (its principals are unknown there).
    let opened = run(&[
        "diff",
        "examples/mistakes-no-trust-policy.json",
        "examples/developer-group.json",
        "--format",
        "json",
    ]);
    let change = json(&opened);
    let count = change["opened"].as_array().map_or(0, Vec::len);
    assert_eq!(code(&opened), if count > 0 { 1 } else { 0 });
    for cell in change["opened"].as_array().into_iter().flatten() {
        assert_eq!(cell["after"], "Allow");
        // A who-can answer allowed under conditions before and always after opened too.
        assert!(cell["before"] != "Allow" || cell["beforeConditional"] == true);
        assert!(
            cell["principal"].is_string()
                && cell["action"].is_string()
                && cell["resource"].is_string()
        );
    }
    let text = run(&[
        "diff",
        "examples/developer-group.json",
        "examples/developer-group.json",
    ]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("0 opened, 0 closed"));
    let invalid = run(&["diff", "examples/developer-group.json", "Cargo.toml"]);
    assert_eq!(code(&invalid), 2);
}

#[test]
fn diff_reports_who_can_rows_over_the_resources() {
    // The site bucket also lets account 333333333333 write: no matrix row or request names that account, so
    // only who-can over the bucket sees it.
    let before = root().join("examples/public-read-bucket.json");
    let mut scenario: Value =
        serde_json::from_str(&std::fs::read_to_string(&before).expect("file")).expect("JSON");
    scenario["resources"][0]["policy"]["Statement"]
        .as_array_mut()
        .expect("statements")
        .push(
            serde_json::json!({"Effect": "Allow", "Principal": {"AWS": "333333333333"},
            "Action": "s3:PutObject", "Resource": "arn:aws:s3:::example-public-site/*"}),
        );
    let after =
        std::env::temp_dir().join(format!("iamplay-diff-who-can-{}.json", std::process::id()));
    std::fs::write(&after, scenario.to_string()).expect("writable");
    let output = run(&[
        "diff",
        before.to_str().expect("path"),
        after.to_str().expect("path"),
        "--format",
        "json",
    ]);
    let text = run(&[
        "diff",
        before.to_str().expect("path"),
        after.to_str().expect("path"),
    ]);
    let _ = std::fs::remove_file(&after);
    assert_eq!(
        code(&output),
        1,
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let change = json(&output);
    let opened = change["opened"].as_array().expect("opened");
    assert!(
        opened.iter().any(|cell| cell["source"] == "who-can"
            && cell["principal"] == "arn:aws:iam::333333333333:root"
            && cell["action"] == "s3:PutObject"
            && cell["resource"] == "arn:aws:s3:::example-public-site/index.html"),
        "{change:#}"
    );
    assert!(change["whoCanAsked"].as_u64().is_some_and(|n| n > 0));
    assert_eq!(change["whoCanSkipped"], 0);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("[who-can]"), "{text}");
}

#[test]
fn tighten_writes_a_verified_least_privilege_policy() {
    let output = run(&[
        "tighten",
        "examples/developer-group.json",
        "--allow",
        "0",
        "--format",
        "json",
    ]);
    let result = json(&output);
    assert_eq!(
        code(&output),
        if result["verified"] == true { 0 } else { 1 }
    );
    assert!(result["patch"]
        .as_array()
        .is_some_and(|patch| !patch.is_empty()));
    for policy in result["policies"].as_array().expect("policies") {
        let text = policy["document"].to_string();
        assert!(!text.contains("\"*\""), "no wildcard: {text}");
    }
    let bad = run(&["tighten", "examples/developer-group.json", "--allow", "99"]);
    assert_eq!(code(&bad), 2);
}

#[test]
fn tighten_on_the_resource_side_writes_the_bucket_policy_and_the_cross_account_identity_statements()
{
    let file = "examples/cross-account-table.json";
    let output = run(&[
        "tighten", file, "--allow", "6,7", "--side", "resource", "--format", "json",
    ]);
    assert_eq!(
        code(&output),
        0,
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let result = json(&output);
    assert_eq!(result["side"], "resource");
    assert_eq!(result["verified"], true);
    let policies = result["resourcePolicies"]
        .as_array()
        .expect("resource policies");
    assert_eq!(policies.len(), 1);
    assert_eq!(policies[0]["path"], "/resources/0");
    let statements = policies[0]["document"]["Statement"].to_string();
    assert!(
        statements.contains("user/both-sides") && statements.contains("user/neither"),
        "{statements}"
    );
    assert!(!statements.contains("\"*\""), "no wildcard: {statements}");
    assert!(result["notes"]
        .as_array()
        .expect("notes")
        .iter()
        .any(|note| note["code"] == "W0905"));
    // The patch, applied independently, puts the policy on the bucket and keeps the callers' own policies.
    let mut scenario: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join(file)).expect("file"))
            .expect("JSON");
    apply(&mut scenario, &result["patch"]);
    assert_eq!(scenario["resources"][0]["policy"], policies[0]["document"]);
    let text = run(&["tighten", file, "--allow", "6,7", "--side", "resource"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("least-privilege resource policy for arn:aws:s3:::example-shared-data"),
        "{text}"
    );
    assert!(text.contains("note W0905"), "{text}");
    let bad = run(&["tighten", file, "--allow", "0", "--side", "both"]);
    assert_eq!(code(&bad), 2);
}
