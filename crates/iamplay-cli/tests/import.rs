//! `iamplay import` on the committed AWS CLI outputs in tests/import/: the scenario on standard output loads and
//! checks (`iamplay check`), the report on standard error names every skip with its position, exit codes.

use serde_json::Value;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_iamplay"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the iamplay binary runs");
    if let (Some(bytes), Some(mut pipe)) = (stdin, child.stdin.take()) {
        pipe.write_all(bytes).expect("stdin written");
    }
    child.wait_with_output().expect("iamplay finishes")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8")
}

const PROD: &str = "tests/import/auth-details-prod-111122223333.json";
const DEV: &str = "tests/import/auth-details-dev-444455556666.json";
const ROLE: &str = "tests/import/get-role-app-server.json";

/// Imports, then checks the scenario through standard input; returns (scenario, import stderr, check stdout).
fn import_and_check(args: &[&str]) -> (String, String, String) {
    let import = run(args, None);
    let stderr = text(&import.stderr);
    assert_eq!(import.status.code(), Some(0), "import failed: {stderr}");
    let scenario = text(&import.stdout);
    let check = run(&["check", "-"], Some(scenario.as_bytes()));
    assert_eq!(
        check.status.code(),
        Some(0),
        "check failed:\n{}{}",
        text(&check.stdout),
        text(&check.stderr)
    );
    (scenario, stderr, text(&check.stdout))
}

#[test]
fn exports_import_and_check() {
    let (scenario, stderr, _) = import_and_check(&["import", PROD, DEV, ROLE]);
    let value: Value = serde_json::from_str(&scenario).expect("the scenario is JSON");
    assert_eq!(value["users"].as_array().map(Vec::len), Some(6));
    assert_eq!(value["roles"].as_array().map(Vec::len), Some(5));
    // One summary line per file, then each skip as FILE:LINE:COLUMN: warning[CODE].
    assert!(stderr.contains(&format!("{PROD}: aws iam get-account-authorization-details (account 111122223333): took 4 users, 3 groups, 3 roles (1 service-linked)")), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "{ROLE}: aws iam get-role (account 111122223333): took 1 role; 1 replaced"
        )),
        "{stderr}"
    );
    for code in ["W1101", "W1103"] {
        assert!(
            stderr
                .lines()
                .any(|line| line.starts_with(PROD) && line.contains(&format!("warning[{code}]"))),
            "{code}: {stderr}"
        );
    }
    assert!(
        stderr.contains(&format!("{DEV}:")) && stderr.contains("CiBoundary"),
        "{stderr}"
    );
}

#[test]
fn imported_accounts_answer_the_questions_as_aws_would() {
    let (_, _, checked) = import_and_check(&[
        "import",
        PROD,
        DEV,
        ROLE,
        "--into",
        "tests/import/into/requests.json",
    ]);
    assert!(
        checked.contains("11 passed") || checked.contains("11/11"),
        "{checked}"
    );
}

#[test]
fn single_documents_attach_where_the_options_say() {
    let (scenario, _, _) = import_and_check(&[
        "import",
        PROD,
        "tests/import/s3api-get-bucket-policy.json",
        "--resource",
        "arn:aws:s3:::prod-reports",
        "--account",
        "111122223333",
    ]);
    assert!(
        scenario.contains("\"arn:aws:s3:::prod-reports\"")
            && scenario.contains("DenyInsecureTransport")
    );
    let (scenario, stderr, _) = import_and_check(&[
        "import",
        PROD,
        DEV,
        "tests/import/organizations-describe-policy-scp.json",
        "--level",
        "root",
    ]);
    let value: Value = serde_json::from_str(&scenario).expect("JSON");
    for account in ["111122223333", "444455556666"] {
        assert!(
            value["accounts"][account]["scps"][0]
                .to_string()
                .contains("DenyOutsideEU"),
            "{account}"
        );
    }
    assert!(stderr.contains("warning[W1108]"), "{stderr}");
}

#[test]
fn the_report_as_json() {
    let output = run(&["import", "--format", "json", PROD], None);
    assert_eq!(output.status.code(), Some(0));
    let report: Value = serde_json::from_str(&text(&output.stderr)).expect("the report is JSON");
    let skipped = report["inputs"][0]["skipped"].as_array().expect("skipped");
    let codes: Vec<&str> = skipped.iter().filter_map(|d| d["code"].as_str()).collect();
    assert_eq!(codes, vec!["W1103", "W1101"]);
    assert_eq!(
        report["inputs"][0]["format"],
        "account-authorization-details"
    );
    assert!(report["problems"].as_array().is_some_and(Vec::is_empty));
}

#[test]
fn bad_input_exits_2_and_writes_no_scenario() {
    let output = run(&["import", "-"], Some(b"{\"Items\": []}"));
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert!(
        text(&output.stderr).contains("error[E1101]"),
        "{}",
        text(&output.stderr)
    );
    let output = run(&["import", "tests/import/no-such-file.json"], None);
    assert_eq!(output.status.code(), Some(2));
    let output = run(&["import", PROD, "--account", "12"], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("error[E1103]"));
    let output = run(
        &[
            "import",
            PROD,
            "--into",
            "tests/import/policy-document.json",
        ],
        None,
    );
    // A policy document is an object, so the import runs, but the result is no scenario: the loader's errors.
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("error[E0502]"),
        "{}",
        text(&output.stderr)
    );
}
