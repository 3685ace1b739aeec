//! Runs the built `iamplay` binary on the examples, the golden corpus and broken input: exit codes 0/1/2, the
//! JSON shapes, standard input, the diagnostics line format, colors only on request, no panic; and keeps
//! docs/cli.md in step with `--help` (refresh with `IAMPLAY_BLESS=1 cargo test -p iamplay-cli`).

use serde_json::Value;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs `iamplay args...` from the repository root, with `stdin` as standard input.
fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_iamplay"))
        .args(args)
        .current_dir(root())
        .env_remove("NO_COLOR")
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

fn code(output: &Output) -> i32 {
    output
        .status
        .code()
        .expect("exit code (not killed by a signal)")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

fn no_panic(output: &Output) {
    let stderr = text(&output.stderr);
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    assert_ne!(code(output), 101, "exit code 101 is a panic");
}

/// `dir`'s scenario files (not `index.json`), relative to the repository root.
fn scenario_files(dir: &str) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(root().join(dir))
        .expect("directory")
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".json") && name != "index.json")
        .map(|name| format!("{dir}/{name}"))
        .collect();
    files.sort();
    files
}

/// A scenario file in the temp directory, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, contents: &str) -> Self {
        let path = std::env::temp_dir().join(format!("iamplay-cli-{}-{name}", std::process::id()));
        std::fs::write(&path, contents).expect("temp file written");
        Self(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().expect("UTF-8 temp path")
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

const FAILING: &str = r#"{
  "users": [{"arn": "arn:aws:iam::111122223333:user/ana"}],
  "requests": [
    {"name": "nothing allows it", "principal": "arn:aws:iam::111122223333:user/ana",
     "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "expect": "ImplicitDeny"},
    {"name": "wrongly expected", "principal": "arn:aws:iam::111122223333:user/ana",
     "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "expect": "Allow"}
  ]
}"#;

/// Line 5 has a lowercase `Effect` (E0209) after non-ASCII text (`é😀`, 6 bytes, 2 characters).
const INVALID: &str = "{\n  \"users\": [{\n    \"arn\": \"arn:aws:iam::111122223333:user/ana\",\n    \"policies\": [\n      {\"name\": \"é😀\", \"document\": {\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}]}}]\n  }]\n}\n";

/// The 1-based character column of `"allow"` on line 5 of [`INVALID`].
fn invalid_column() -> usize {
    let line = INVALID.lines().nth(4).expect("line 5");
    let byte = line.find("\"allow\"").expect("allow");
    line[..byte].chars().count() + 1
}

#[test]
fn check_passes_on_every_example_and_golden_file() {
    for dir in ["examples", "tests/golden"] {
        let files = scenario_files(dir);
        assert!(files.len() >= 10, "{dir}: too few files");
        let mut args = vec!["check"];
        args.extend(files.iter().map(String::as_str));
        let output = run(&args, None);
        no_panic(&output);
        let stdout = text(&output.stdout);
        assert_eq!(
            code(&output),
            0,
            "{dir}:\n{stdout}\n{}",
            text(&output.stderr)
        );
        let summary = stdout.lines().last().expect("a summary line");
        assert!(summary.contains(" passed, 0 failed, "), "{summary}");
        assert!(!stdout.contains('\x1b'), "colors on a pipe");
    }
}

#[test]
fn check_text_table_shows_decision_account_and_decisive_statement() {
    let output = run(&["check", "examples/cross-account-table.json"], None);
    assert_eq!(code(&output), 0);
    let stdout = text(&output.stdout);
    let header = stdout.lines().nth(1).expect("header");
    for column in ["decision", "expect", "account", "decisive statement"] {
        assert!(header.contains(column), "{header}");
    }
    // Request 1: allowed in the same account by the bucket policy's statement.
    let row = stdout
        .lines()
        .find(|line| {
            line.trim_start()
                .starts_with("1  resource-only (222222222222)")
        })
        .expect("row 1");
    assert!(row.contains("Allow"), "{row}");
    assert!(row.contains("same"), "{row}");
    assert!(row.contains("#0 \"GrantNamedReaders\""), "{row}");
    let row = stdout
        .lines()
        .find(|line| {
            line.trim_start()
                .starts_with("4  identity-only (111111111111)")
        })
        .expect("row 4");
    assert!(row.contains("cross"), "{row}");
    assert!(row.contains("no Allow in: resource"), "{row}");
}

#[test]
fn check_exits_1_when_an_expectation_fails() {
    let file = TempFile::new("failing.json", FAILING);
    let output = run(&["check", file.path()], None);
    no_panic(&output);
    assert_eq!(code(&output), 1);
    let stdout = text(&output.stdout);
    assert!(stdout.contains("1 passed, 1 failed, 2 total"), "{stdout}");
    assert!(stdout.contains('✗'), "{stdout}");
}

#[test]
fn check_json_has_the_documented_shape() {
    let output = run(
        &[
            "check",
            "--format",
            "json",
            "examples/cross-account-role.json",
        ],
        None,
    );
    assert_eq!(code(&output), 0);
    let json: Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    let results = json["results"].as_array().expect("results");
    assert_eq!(results.len(), 8);
    for key in [
        "index",
        "name",
        "decision",
        "expect",
        "ok",
        "sameAccount",
        "hops",
        "explain",
    ] {
        assert!(
            results[0].get(key).is_some(),
            "results[0] lacks {key}: {}",
            results[0]
        );
    }
    assert_eq!(results[0]["index"], 0);
    assert_eq!(results[0]["decision"], "Allow");
    assert_eq!(results[0]["sameAccount"], false);
    assert!(results[0]["explain"]["decisive"].is_array());
    assert!(results[0]["explain"]["policies"].is_array());
    // Request 3 assumes a role: its hop carries temporary credentials.
    let hop = &results[3]["hops"][0];
    assert_eq!(hop["decision"], "Allow");
    assert_eq!(hop["credentials"]["durationSeconds"], 3600);
    assert!(hop["credentials"]["sessionArn"]
        .as_str()
        .is_some_and(|arn| arn.contains(":assumed-role/ReportsReader/")));
    assert_eq!(json["summary"]["passed"], 8);
    assert_eq!(json["summary"]["failed"], 0);
    assert_eq!(json["summary"]["total"], 8);

    let file = TempFile::new("failing-json.json", FAILING);
    let output = run(&["check", "--format", "json", file.path()], None);
    assert_eq!(code(&output), 1);
    let json: Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    assert_eq!(json["results"][1]["ok"], false);
    assert_eq!(json["results"][1]["expect"], "Allow");
    assert_eq!(json["summary"]["failed"], 1);
}

#[test]
fn dash_reads_standard_input() {
    let contents = std::fs::read(root().join("examples/developer-group.json")).expect("example");
    let from_stdin = run(&["check", "--format", "json", "-"], Some(&contents));
    let from_file = run(
        &["check", "--format", "json", "examples/developer-group.json"],
        None,
    );
    assert_eq!(code(&from_stdin), 0);
    let mut stdin_json: Value = serde_json::from_slice(&from_stdin.stdout).expect("JSON");
    let mut file_json: Value = serde_json::from_slice(&from_file.stdout).expect("JSON");
    assert_eq!(stdin_json["results"][0]["file"], "<stdin>");
    for json in [&mut stdin_json, &mut file_json] {
        for result in json["results"].as_array_mut().expect("results") {
            result["file"] = Value::Null;
        }
    }
    assert_eq!(stdin_json, file_json);

    let output = run(
        &["lint", "--kind", "identity", "-"],
        Some(
            br#"{"Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#,
        ),
    );
    assert_eq!(code(&output), 1);
    assert!(text(&output.stdout).starts_with("<stdin>:2:53: security-warning[L0101]: "));
}

#[test]
fn invalid_input_exits_2_with_file_line_column_diagnostics() {
    let file = TempFile::new("invalid.json", INVALID);
    for command in ["check", "matrix", "explain"] {
        let mut args = vec![command, file.path()];
        if command == "explain" {
            args.extend(["--request", "0"]);
        }
        let output = run(&args, None);
        no_panic(&output);
        assert_eq!(code(&output), 2, "{command}");
        assert!(output.stdout.is_empty() || command == "check", "{command}");
        let stderr = text(&output.stderr);
        let first = stderr.lines().next().expect("a diagnostic");
        // `file:line:col: error[CODE]: message`, the column counting characters.
        let expected = format!("{}:5:{}: error[E0209]: ", file.path(), invalid_column());
        assert!(first.starts_with(&expected), "{command}: {first}");
        assert!(stderr.contains("= help: "), "{stderr}");
        assert!(stderr.contains("^^^^^^^"), "{stderr}");
    }

    // Non-ASCII text before the error on the same line: the column counts characters, not bytes.
    let output = run(
        &["check", "-"],
        Some("{\"name\": \"é😀\", \"bogus\": 1}".as_bytes()),
    );
    assert_eq!(code(&output), 2);
    let stderr = text(&output.stderr);
    assert!(
        stderr.starts_with("<stdin>:1:16: error[E0502]: "),
        "{stderr}"
    );
}

#[test]
fn every_diagnostic_line_has_the_documented_format() {
    let file = TempFile::new(
        "many-errors.json",
        r#"{"users": [{"arn": "arn:aws:iam::1:user/x", "groups": ["arn:aws:iam::111122223333:group/none"]}],
            "requests": [{"principal": "anonymous", "action": "s3:GetObject"}], "extra": true}"#,
    );
    let output = run(&["check", file.path()], None);
    assert_eq!(code(&output), 2);
    let stderr = text(&output.stderr);
    let heads: Vec<&str> = stderr
        .lines()
        .filter(|line| line.starts_with(file.path()))
        .collect();
    assert!(heads.len() >= 3, "{stderr}");
    for line in heads {
        let rest = line
            .strip_prefix(file.path())
            .and_then(|rest| rest.strip_prefix(':'))
            .expect("file:");
        let mut parts = rest.splitn(3, ':');
        let line_number = parts.next().expect("line");
        let column = parts.next().expect("column");
        let message = parts.next().expect("message");
        assert!(line_number.parse::<u32>().is_ok(), "{line}");
        assert!(column.parse::<u32>().is_ok(), "{line}");
        let message = message.strip_prefix(" error[E").expect("error[E");
        let (code, message) = message.split_once("]: ").expect("]: ");
        assert!(
            code.len() == 4 && code.bytes().all(|b| b.is_ascii_digit()),
            "{line}"
        );
        assert!(!message.is_empty(), "{line}");
    }
}

#[test]
fn unreadable_and_garbage_input_exit_2_without_panicking() {
    let output = run(&["check", "no/such/file.json"], None);
    assert_eq!(code(&output), 2);
    assert!(text(&output.stderr)
        .contains("no/such/file.json: error: cannot read the file: no such file"));

    let garbage: [&[u8]; 9] = [
        b"",
        b"null",
        b"{",
        b"[1, 2]",
        b"\xff\xfe\x00",
        b"{\"requests\": [{}]}",
        b"{\"users\": [{\"arn\": 5}]}",
        b"{\"roles\": [{\"arn\": \"arn:aws:iam::111122223333:role/r\", \"trustPolicy\": []}]}",
        &[b'['; 5000],
    ];
    for input in garbage {
        for args in [
            vec!["check", "-"],
            vec!["matrix", "-"],
            vec!["explain", "-", "-r", "0"],
            vec!["lint", "-"],
            vec!["lint", "--kind", "trust", "-"],
        ] {
            let output = run(&args, Some(input));
            no_panic(&output);
            assert_eq!(
                code(&output),
                2,
                "{args:?} on {:?}",
                String::from_utf8_lossy(input)
            );
        }
    }
    // Usage errors are invalid input too.
    let output = run(&["check"], None);
    assert_eq!(code(&output), 2);
    let output = run(
        &[
            "explain",
            "examples/developer-group.json",
            "--request",
            "99",
        ],
        None,
    );
    assert_eq!(code(&output), 2);
    assert!(text(&output.stderr).contains("no request `99`"));
}

#[test]
fn matrix_text_and_json() {
    let output = run(&["matrix", "examples/cross-account-table.json"], None);
    assert_eq!(code(&output), 0);
    let stdout = text(&output.stdout);
    // Same account: allowed by the identity policy alone, denied once the bucket is in another account; cross
    // account: denied with one side, allowed once the bucket is in the caller's account.
    let row = |name: &str| {
        stdout
            .lines()
            .find(|line| line.trim_start().starts_with(name))
            .unwrap_or_else(|| panic!("row {name} in\n{stdout}"))
            .to_string()
    };
    assert!(row("user/identity-only (222222222222").contains("ALLOW = →deny"));
    assert!(row("user/identity-only (111111111111").contains("deny x →ALLOW"));
    assert!(row("user/both-sides (111111111111").contains("ALLOW x"));
    assert!(row("anonymous").contains("deny"));
    assert!(stdout.contains("[1] s3:GetObject on arn:aws:s3:::example-shared-data/customers.csv"));

    let output = run(
        &[
            "matrix",
            "--format",
            "json",
            "examples/cross-account-table.json",
        ],
        None,
    );
    assert_eq!(code(&output), 0);
    let json: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let rows = json["rows"].as_array().expect("rows");
    let columns = json["columns"].as_array().expect("columns");
    let cells = json["cells"].as_array().expect("cells");
    assert_eq!(cells.len(), rows.len());
    assert!(cells
        .iter()
        .all(|row| row.as_array().map(Vec::len) == Some(columns.len())));
    let cell = &cells[0][0];
    assert_eq!(cell["decision"], "Allow");
    assert_eq!(cell["sameAccount"], true);
    assert_eq!(cell["whatIf"]["decision"], "ImplicitDeny");
    assert_eq!(cell["whatIf"]["moved"], "intoOtherAccount");
    assert_eq!(cell["decisive"][0]["sid"], "ReadSharedData");
    assert!(cell["decisive"][0]["span"]["start"]["line"].is_u64());
    assert_eq!(json["columnSource"], "requests");
}

#[test]
fn explain_shows_statements_conditions_and_hops() {
    let output = run(
        &["explain", "examples/saml-federation.json", "--request", "1"],
        None,
    );
    assert_eq!(code(&output), 0);
    let stdout = text(&output.stdout);
    assert!(stdout.contains("Decision: ImplicitDeny"), "{stdout}");
    assert!(
        stdout.contains("trust policy role/ExampleIdP-Analysts:trust"),
        "{stdout}"
    );
    assert!(
        stdout.contains("✗ Condition StringEquals SAML:aud"),
        "{stdout}"
    );
    assert!(
        stdout.contains("request [\"https://sso.example.com/saml/acs\"] → false"),
        "{stdout}"
    );

    let output = run(
        &["explain", "examples/cross-account-role.json", "-r", "3"],
        None,
    );
    assert_eq!(code(&output), 0);
    let stdout = text(&output.stdout);
    assert!(stdout.contains("Role assumption"), "{stdout}");
    assert!(stdout
        .contains("temporary credentials: arn:aws:sts::222222222222:assumed-role/ReportsReader/"));
    assert!(stdout.contains("Decisive statements"), "{stdout}");
    assert!(stdout.contains("\"GetReports\""), "{stdout}");

    // By name, and as JSON.
    let name =
        "alice reads a report as herself, without the role: neither side grants it (implicit deny)";
    let output = run(
        &[
            "explain",
            "--format",
            "json",
            "examples/cross-account-role.json",
            "--request",
            name,
        ],
        None,
    );
    assert_eq!(code(&output), 0);
    let json: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["index"], 6);
    assert_eq!(json["decision"], "ImplicitDeny");
    assert!(json["explain"]["policies"].is_array());
}

#[test]
fn lint_findings_kinds_disable_and_list() {
    let output = run(&["lint", "examples/mistakes-star-star.json"], None);
    assert_eq!(code(&output), 1);
    let stdout = text(&output.stdout);
    assert!(stdout.contains(": security-warning[L0101]: "), "{stdout}");
    assert!(
        stdout.contains("= see: https://docs.aws.amazon.com/"),
        "{stdout}"
    );

    let output = run(
        &[
            "lint",
            "--disable",
            "L0101",
            "examples/mistakes-star-star.json",
        ],
        None,
    );
    assert_eq!(code(&output), 0, "{}", text(&output.stdout));
    assert!(!text(&output.stdout).contains("L0101"));

    let output = run(
        &[
            "lint",
            "--disable",
            "L9999",
            "examples/mistakes-star-star.json",
        ],
        None,
    );
    assert_eq!(code(&output), 2);

    // A trust policy as a bare file: no sts:AssumeRole allowed.
    let trust = TempFile::new(
        "trust.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "s3:GetObject"}]}"#,
    );
    let output = run(&["lint", "--kind", "trust", trust.path()], None);
    assert_eq!(code(&output), 1);
    assert!(
        text(&output.stdout).contains("[L0402]"),
        "{}",
        text(&output.stdout)
    );

    let output = run(
        &[
            "lint",
            "--format",
            "json",
            "examples/mistakes-no-trust-policy.json",
        ],
        None,
    );
    assert_eq!(code(&output), 1);
    let json: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let codes: Vec<&str> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|finding| finding["code"].as_str())
        .collect();
    assert!(codes.contains(&"L0401"), "{codes:?}");
    assert_eq!(
        json["findings"][0]["file"],
        "examples/mistakes-no-trust-policy.json"
    );

    let output = run(&["lint", "--list"], None);
    assert_eq!(code(&output), 0);
    let stdout = text(&output.stdout);
    assert!(stdout
        .lines()
        .any(|line| line.starts_with("L0101  security-warning")));
}

#[test]
fn colors_only_when_asked_or_on_a_terminal() {
    let plain = run(&["check", "examples/developer-group.json"], None);
    assert!(!text(&plain.stdout).contains('\x1b'));
    let colored = run(
        &[
            "check",
            "--color",
            "always",
            "examples/developer-group.json",
        ],
        None,
    );
    assert!(text(&colored.stdout).contains("\x1b[32m"));
    let never = run(
        &["check", "--color", "never", "examples/developer-group.json"],
        None,
    );
    assert_eq!(never.stdout, plain.stdout);
}

/// Marks the generated part of docs/cli.md.
const BEGIN: &str = "<!-- BEGIN GENERATED: `iamplay --help` output; refresh with IAMPLAY_BLESS=1 cargo test -p iamplay-cli -->";
const END: &str = "<!-- END GENERATED -->";

fn help_reference() -> String {
    let mut reference = String::new();
    for (title, args) in [
        ("iamplay", vec!["--help"]),
        ("iamplay check", vec!["check", "--help"]),
        ("iamplay matrix", vec!["matrix", "--help"]),
        ("iamplay explain", vec!["explain", "--help"]),
        ("iamplay lint", vec!["lint", "--help"]),
        ("iamplay import", vec!["import", "--help"]),
    ] {
        let output = run(&args, None);
        assert_eq!(code(&output), 0, "{args:?}");
        let help: Vec<String> = text(&output.stdout)
            .lines()
            .map(|line| line.trim_end().to_string())
            .collect();
        reference.push_str(&format!(
            "\n### `{title}`\n\n```text\n{}\n```\n",
            help.join("\n").trim_end()
        ));
    }
    reference
}

#[test]
fn docs_cli_md_matches_help_output() {
    let path: &Path = &root().join("docs/cli.md");
    let generated = help_reference();
    let current = std::fs::read_to_string(path).unwrap_or_default();
    let (head, tail) = match (current.find(BEGIN), current.find(END)) {
        (Some(begin), Some(end)) if begin < end => (
            current[..begin].to_string(),
            current[end + END.len()..].to_string(),
        ),
        _ => (
            "# iamplay command-line reference\n\n".to_string(),
            "\n".to_string(),
        ),
    };
    let expected = format!("{head}{BEGIN}\n{generated}\n{END}{tail}");
    if std::env::var_os("IAMPLAY_BLESS").is_some() {
        std::fs::write(path, &expected).expect("docs/cli.md written");
        return;
    }
    assert!(
        current == expected,
        "docs/cli.md is out of date with `iamplay --help`; refresh it with:\n  IAMPLAY_BLESS=1 cargo test -p iamplay-cli --test cli docs_cli_md_matches_help_output"
    );
}

/// The files of `dir` matching the shell glob `*.json`, sorted (what `iamplay check dir/*.json` receives).
fn glob_json(dir: &str) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(root().join(dir))
        .expect("directory")
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".json"))
        .map(|name| format!("{dir}/{name}"))
        .collect();
    files.sort();
    files
}

#[test]
fn the_first_help_example_checks_the_gallery_and_its_index() {
    // `iamplay check examples/*.json` (the first example of `iamplay --help`) includes examples/index.json.
    let files = glob_json("examples");
    assert!(files.iter().any(|file| file.ends_with("/index.json")));
    let mut args = vec!["check"];
    args.extend(files.iter().map(String::as_str));
    let output = run(&args, None);
    no_panic(&output);
    let stdout = text(&output.stdout);
    assert_eq!(code(&output), 0, "{stdout}\n{}", text(&output.stderr));
    assert!(stdout.contains("examples/index.json: index of"), "{stdout}");
}

#[test]
fn every_lesson_step_fails_before_its_model_edit_and_passes_after_it() {
    let files = glob_json("examples/lessons");
    assert!(
        files.len() >= 11,
        "a course of at least ten lessons and its index"
    );
    let mut args = vec!["check", "--format", "json"];
    args.extend(files.iter().map(String::as_str));
    let output = run(&args, None);
    no_panic(&output);
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    let json: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let reports = json["files"].as_array().expect("files");
    assert_eq!(reports.len(), files.len());
    for report in reports {
        assert_eq!(report["ok"], true, "{report}");
    }
    let lessons = reports.iter().filter(|r| r["kind"] == "lesson").count();
    assert!(lessons >= 10, "{lessons} lessons");
}

#[test]
fn a_lesson_whose_model_edit_does_not_solve_its_step_exits_1() {
    let lesson = std::fs::read_to_string(root().join("examples/lessons/01-identity-policies.json"))
        .expect("lesson")
        // The model edit grants the wrong action: the step's check still fails after it.
        .replacen("\"dynamodb:PutItem\"\n", "\"dynamodb:Scan\"\n", 1)
        .replace(
            "../developer-group.json",
            &root()
                .join("examples/developer-group.json")
                .to_string_lossy(),
        );
    let file = TempFile::new("lesson.json", &lesson);
    let output = run(&["check", file.path()], None);
    no_panic(&output);
    assert_eq!(code(&output), 1, "{}", text(&output.stdout));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("error[E0708]"), "{stderr}");
    // A lesson that is not even valid is invalid input.
    let broken = TempFile::new(
        "broken-lesson.json",
        r#"{"title": "t", "steps": [{"text": "x"}]}"#,
    );
    let output = run(&["check", broken.path()], None);
    assert_eq!(code(&output), 2);
    assert!(text(&output.stderr).contains("error[E0703]"));
}
