//! `iamplay who-can`, `what-can` and `access` on the examples: JSON shapes the issue names, text output, exit
//! codes, and bad arguments.

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_iamplay"))
        .args(args)
        .current_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.."))
        .env("NO_COLOR", "1")
        .output()
        .expect("iamplay runs")
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).expect("JSON on standard output")
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("exit code")
}

#[test]
fn who_can_lists_principals_with_the_issue_s_json_names() {
    let output = run(&[
        "who-can",
        "examples/public-read-bucket.json",
        "--action",
        "s3:GetObject",
        "--resource",
        "arn:aws:s3:::example-public-site/index.html",
        "--format",
        "json",
    ]);
    assert_eq!(
        code(&output),
        0,
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let answer = json(&output);
    let principals = answer["principals"].as_array().expect("principals");
    let row = |name: &str| {
        principals
            .iter()
            .find(|row| row["principal"] == name)
            .unwrap_or_else(|| panic!("no row {name}"))
    };
    assert_eq!(row("anonymous")["decision"], "Allow");
    assert_eq!(
        row("arn:aws:iam::222222222222:user/bob")["decision"],
        "ImplicitDeny"
    );
    assert_eq!(
        row("arn:aws:iam::222222222222:user/alice")["decision"],
        "Allow"
    );
    for row in principals {
        assert!(
            row["chain"].is_array() && row["conditional"].is_boolean(),
            "{row}"
        );
    }
    let text = run(&[
        "who-can",
        "examples/public-read-bucket.json",
        "-a",
        "s3:PutObject",
        "-r",
        "arn:aws:s3:::example-public-site/index.html",
    ]);
    assert_eq!(code(&text), 0);
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(stdout.contains("who can s3:PutObject"), "{stdout}");
    assert!(stdout.contains("anonymous"));
    let bad = run(&[
        "who-can",
        "examples/public-read-bucket.json",
        "-a",
        "s3:GetObject",
        "-r",
        "x",
        "-c",
        "novalue",
    ]);
    assert_eq!(code(&bad), 2);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("`novalue`"));
}

#[test]
fn what_can_summarizes_services() {
    let output = run(&[
        "what-can",
        "examples/public-read-bucket.json",
        "--principal",
        "arn:aws:iam::222222222222:user/alice",
        "--format",
        "json",
    ]);
    assert_eq!(
        code(&output),
        0,
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let answer = json(&output);
    let services = answer["services"].as_array().expect("services");
    let s3 = services.iter().find(|s| s["service"] == "s3").expect("s3");
    assert_eq!(s3["summary"], "Limited: Read");
    let action = &s3["actions"][0];
    assert_eq!(action["action"], "s3:GetObject");
    assert_eq!(action["decision"], "Allow");
    assert_eq!(action["conditional"], false);
    assert!(action["resources"]
        .as_array()
        .is_some_and(|r| !r.is_empty()));
    let only = run(&[
        "what-can",
        "examples/public-read-bucket.json",
        "-p",
        "arn:aws:iam::222222222222:user/bob",
        "--service",
        "ec2",
    ]);
    assert_eq!(code(&only), 0);
    assert!(String::from_utf8_lossy(&only.stdout).contains("ec2 (Amazon EC2): None"));
    let unknown = run(&[
        "what-can",
        "examples/public-read-bucket.json",
        "-p",
        "nobody",
    ]);
    assert_eq!(code(&unknown), 2);
    let service = run(&[
        "what-can",
        "examples/public-read-bucket.json",
        "-p",
        "anonymous",
        "-s",
        "nosuch",
    ]);
    assert_eq!(code(&service), 2);
}

#[test]
fn access_reports_public_external_private() {
    let output = run(&[
        "access",
        "examples/public-read-bucket.json",
        "--format",
        "json",
    ]);
    assert_eq!(code(&output), 1, "a public resource exits 1");
    let answer = json(&output);
    let bucket = &answer["resources"][0];
    assert_eq!(bucket["resource"], "arn:aws:s3:::example-public-site");
    assert_eq!(bucket["access"], "public");
    let witness = &bucket["witnesses"][0];
    assert_eq!(witness["principal"], "anonymous");
    assert_eq!(witness["action"], "s3:GetObject");
    assert_eq!(witness["public"], true);

    let roles = run(&[
        "access",
        "examples/cross-account-role.json",
        "--format",
        "json",
    ]);
    let answer = json(&roles);
    for resource in answer["resources"].as_array().expect("resources") {
        let access = resource["access"].as_str().expect("access");
        assert!(["public", "external", "private"].contains(&access));
        if access == "private" {
            assert!(resource["reason"].is_string());
        } else {
            assert!(!resource["witnesses"]
                .as_array()
                .expect("witnesses")
                .is_empty());
        }
    }
    let text = run(&["access", "examples/public-read-bucket.json"]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("PUBLIC"));
    let missing = run(&[
        "access",
        "examples/public-read-bucket.json",
        "--resource",
        "arn:aws:s3:::nope",
    ]);
    assert_eq!(code(&missing), 2);
}
