//! Scenario loading: any text. The loader must never panic, must return a scenario exactly when no diagnostic
//! is an error, and every span must lie inside the text.
#![no_main]

use iamplay_core::scenario::load_scenario;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let loaded = load_scenario(text);
    let has_error = loaded.diagnostics.iter().any(|d| d.is_error());
    assert_eq!(
        loaded.scenario.is_some(),
        !has_error,
        "scenario iff no error"
    );
    for diagnostic in &loaded.diagnostics {
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
});
