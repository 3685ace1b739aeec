//! Hostile strings through the `iamplay` binary (docs/security.md): a scenario whose names, ARNs and request
//! fields hold terminal escape sequences, carriage returns, C1 controls and bidirectional overrides never
//! writes them raw to a terminal or a CI log, in text or JSON, with colors on or off.

use std::process::{Command, Output, Stdio};

const HOSTILE: &str = r#"{
  "name": "evil\u001b[2J\u001b]0;pwned\u0007",
  "users": [{"arn": "arn:aws:iam::111122223333:user/u\u001b[8m", "tags": {"t": "\u009b2J"}}],
  "requests": [
    {"name": "fails\r✓ passes\u202e", "principal": "arn:aws:iam::111122223333:user/u\u001b[8m",
     "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k\u001b[1A", "expect": "Allow"}
  ]
}"#;

fn run(args: &[&str]) -> Output {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("hostile");
    std::fs::create_dir_all(&dir).expect("scratch dir");
    // One file per call: the tests run in parallel and must not read each other's half-written file.
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let file = dir.join(format!("hostile-{n}.json"));
    std::fs::write(&file, HOSTILE).expect("scratch file");
    let mut all: Vec<&str> = args.to_vec();
    all.push(file.to_str().expect("UTF-8 path"));
    Command::new(env!("CARGO_BIN_EXE_iamplay"))
        .args(&all)
        .stdin(Stdio::null())
        .output()
        .expect("the iamplay binary runs")
}

/// No control character but newline and tab, no C1 control, no bidi override; with colors, only the SGR
/// sequences the CLI's own styles write.
#[track_caller]
fn assert_terminal_safe(bytes: &[u8], colors: bool) {
    let text = String::from_utf8_lossy(bytes);
    let mut rest: &str = &text;
    while let Some(c) = rest.chars().next() {
        if colors && c == '\x1b' {
            let end = rest.find('m').expect("an SGR sequence");
            let code = &rest[2..end];
            assert!(
                ["0", "1", "2", "1;31", "32", "33", "1;34", "36"].contains(&code),
                "escape sequence `{code}` in: {text}"
            );
            rest = &rest[end + 1..];
            continue;
        }
        assert!(
            !(c.is_control() && c != '\n' && c != '\t'),
            "raw control {:?} in: {text}",
            c
        );
        assert!(
            !matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'),
            "bidi control in: {text}"
        );
        rest = &rest[c.len_utf8()..];
    }
}

#[test]
fn escape_sequences_from_a_scenario_are_shown_not_obeyed() {
    for command in [
        vec!["check"],
        vec!["matrix"],
        vec!["explain", "--request", "1"],
        vec!["lint"],
    ] {
        for colors in [false, true] {
            let mut args = command.clone();
            args.extend(["--color", if colors { "always" } else { "never" }]);
            let output = run(&args);
            assert_ne!(output.status.code(), Some(101), "panic: {args:?}");
            assert_terminal_safe(&output.stdout, colors);
            assert_terminal_safe(&output.stderr, colors);
        }
    }
    let output = run(&["check", "--color", "never"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("evil\\u001b[2J\\u001b]0;pwned\\u0007"),
        "the name is shown, escaped: {stdout}"
    );
    assert!(stdout.contains("fails\\u000d✓ passes\\u202e"), "{stdout}");
}

#[test]
fn json_output_stays_valid_and_exact() {
    let output = run(&["check", "--format", "json"]);
    assert_terminal_safe(&output.stdout, false);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert_eq!(json["results"][0]["name"], "fails\r✓ passes\u{202e}");
}
