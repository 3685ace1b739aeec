//! Hostile input through the `iamplay` binary (issue 7, "Limits with clear errors"; docs/security.md): a 5 MB
//! policy, a scenario over 64 MiB, 10,000-deep nesting, a scenario over the work limit and a matrix over the cell
//! limit each give exit 2 and a `file: error[CODE]` line naming the limit on stderr, never a panic or a hang.
//! Limits count bytes, depth and work, never elements (issue 11): a scenario with thousands of users loads.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// A scratch file under the target directory, removed on drop.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, contents: &str) -> Self {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("limits");
        std::fs::create_dir_all(&dir).expect("scratch dir");
        let path = dir.join(name);
        std::fs::write(&path, contents).expect("scratch file written");
        Self(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().expect("UTF-8 path")
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_iamplay"))
        .args(args)
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

/// Exit 2, no panic, and stderr has `error[code]` with a message naming `limit`.
#[track_caller]
fn assert_refused(output: &Output, code: &str, limit: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    assert_eq!(output.status.code(), Some(2), "stderr: {stderr}");
    assert!(
        stderr.contains(&format!("error[{code}]")) && stderr.contains(&format!("(`{limit}`)")),
        "want error[{code}] naming `{limit}`, got: {stderr}"
    );
}

fn five_megabytes() -> String {
    let policy = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}"#;
    format!("{policy}{}", " ".repeat(5 * 1024 * 1024))
}

fn deep() -> String {
    format!("{}{}", "[".repeat(10_000), "]".repeat(10_000))
}

/// A scenario one byte over the 64 MiB scenario limit.
fn over_64_mib() -> String {
    let limit = 64 * 1024 * 1024;
    let scenario = r#"{"description": ""}"#;
    format!(
        r#"{{"description": "{}"}}"#,
        "a".repeat(limit + 1 - scenario.len())
    )
}

#[test]
fn a_five_megabyte_policy_and_a_scenario_over_64_mib_are_refused_by_every_command() {
    let file = TempFile::new("five-mb.json", &five_megabytes());
    assert_refused(
        &run(&["lint", "--kind", "identity", file.path()], None),
        "E0101",
        "max_bytes",
    );
    let big = over_64_mib();
    let file = TempFile::new("over-64-mib.json", &big);
    for args in [
        vec!["check", file.path()],
        vec!["matrix", file.path()],
        vec!["explain", file.path(), "--request", "1"],
        vec!["lint", file.path()],
    ] {
        assert_refused(&run(&args, None), "E0101", "max_bytes");
    }
    // Standard input too.
    assert_refused(
        &run(&["check", "-"], Some(big.as_bytes())),
        "E0101",
        "max_bytes",
    );
}

#[test]
fn ten_thousand_deep_nesting_is_refused() {
    let file = TempFile::new("deep.json", &deep());
    assert_refused(&run(&["check", file.path()], None), "E0102", "max_depth");
    assert_refused(
        &run(&["lint", "--kind", "resource", file.path()], None),
        "E0102",
        "max_depth",
    );
}

#[test]
fn many_users_load_but_a_scenario_over_the_work_limit_is_refused() {
    // 5,000 users: over the old entry limit of 1,000, far under any real limit.
    let users: Vec<String> = (0..5000)
        .map(|i| format!(r#"{{"arn": "arn:aws:iam::111122223333:user/u{i}"}}"#))
        .collect();
    let file = TempFile::new(
        "users.json",
        &format!(
            r#"{{"users": [{}], "requests": [{{"principal": "arn:aws:iam::111122223333:user/u1",
                "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "expect": "ImplicitDeny"}}]}}"#,
            users.join(",")
        ),
    );
    let output = run(&["check", file.path()], None);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    // One 40,000-action policy × 20,000 requests: about 8 × 10⁸ steps, over `max_work`.
    let user = "arn:aws:iam::111122223333:user/u";
    let actions: Vec<String> = (0..40_000).map(|i| format!("\"s3:Action{i}\"")).collect();
    let request = format!(
        r#"{{"principal": "{user}", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}}"#
    );
    let file = TempFile::new(
        "heavy.json",
        &format!(
            r#"{{"users": [{{"arn": "{user}", "policies": [{{"Statement": {{"Effect": "Allow",
                "Action": [{}], "Resource": "*"}}}}]}}],
                "resources": [{{"arn": "arn:aws:s3:::b", "account": "111122223333"}}], "requests": [{}]}}"#,
            actions.join(","),
            vec![request; 20_000].join(",")
        ),
    );
    assert_refused(&run(&["check", file.path()], None), "E0514", "max_work");
}

#[test]
fn a_matrix_over_the_cell_limit_prints_the_rows_that_fit_and_the_error() {
    let users: Vec<String> = (0..400)
        .map(|i| format!(r#"{{"arn": "arn:aws:iam::111122223333:user/u{i}"}}"#))
        .collect();
    let requests: Vec<String> = (0..200)
        .map(|i| {
            format!(
                r#"{{"principal": "arn:aws:iam::111122223333:user/u0", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k{i}"}}"#
            )
        })
        .collect();
    let file = TempFile::new(
        "wide.json",
        &format!(
            r#"{{"users": [{}], "resources": [{{"arn": "arn:aws:s3:::b", "account": "111122223333"}}], "requests": [{}]}}"#,
            users.join(","),
            requests.join(",")
        ),
    );
    let output = run(&["matrix", file.path(), "--format", "json"], None);
    assert_refused(&output, "E0601", "max_cells");
    let json: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("the rows that fit, as JSON");
    assert_eq!(json["rows"].as_array().map(Vec::len), Some(250));
    assert!(json["rowsDropped"].as_u64().is_some_and(|n| n > 0));
}
