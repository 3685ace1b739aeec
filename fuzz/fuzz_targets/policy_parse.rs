//! Policy parsing: any text, every policy kind. The parser must never panic, must keep its contract (a policy
//! exactly when no error; every diagnostic has a help line and a span inside the text), and a parsed policy
//! must print to text that parses back to the same printed policy. Lint runs on the same text (with the
//! embedded catalog) so its checks see hostile policies too.
#![no_main]

use iamplay_core::catalog::Catalog;
use iamplay_core::json::{self, Limits};
use iamplay_core::lint::{lint_parsed, LintOptions};
use iamplay_core::policy::{
    parse_policy, parse_policy_value, print_policy, ParsedPolicy, PolicyKind,
};
use libfuzzer_sys::fuzz_target;

const KINDS: [PolicyKind; 7] = [
    PolicyKind::Identity,
    PolicyKind::Resource,
    PolicyKind::Trust,
    PolicyKind::Boundary,
    PolicyKind::Session,
    PolicyKind::Scp,
    PolicyKind::Rcp,
];

fn check_contract(text: &str, parsed: &ParsedPolicy) {
    let has_error = parsed.diagnostics.iter().any(|d| d.is_error());
    assert_eq!(parsed.policy.is_some(), !has_error, "policy iff no error");
    for diagnostic in &parsed.diagnostics {
        assert!(
            diagnostic.help.is_some(),
            "diagnostic without help: {diagnostic:?}"
        );
        if let Some(span) = diagnostic.span {
            assert!(
                span.start.offset <= span.end.offset,
                "inverted span: {diagnostic:?}"
            );
            assert!(
                span.end.offset as usize <= text.len(),
                "span past the end: {diagnostic:?}"
            );
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The public text entry point once, then every kind from the same JSON tree (cheaper than 7 JSON parses).
    let first = parse_policy(text, PolicyKind::Identity);
    check_contract(text, &first);
    let Ok(value) = json::parse(text, &Limits::default()) else {
        assert!(first.policy.is_none());
        return;
    };
    let Ok(catalog) = Catalog::embedded() else {
        panic!("the embedded catalog does not parse");
    };
    let options = LintOptions::with_catalog(catalog);
    for kind in KINDS {
        let parsed = parse_policy_value(&value, kind);
        check_contract(text, &parsed);
        let Some(policy) = parsed.policy else {
            continue;
        };
        let _ = lint_parsed(&policy, text.len(), &options);
        let printed = print_policy(&policy);
        let reparsed = parse_policy(&printed, kind);
        let Some(again) = reparsed.policy else {
            panic!(
                "printed policy does not parse:\n{printed}\n{:#?}",
                reparsed.diagnostics
            );
        };
        assert_eq!(
            print_policy(&again),
            printed,
            "printing is not a fixed point"
        );
    }
});
