//! Wildcard matching against a reference matcher. The input is `pattern NUL value`; on small inputs the fast
//! segment matcher (`wildcard::matches`, `Pattern::matches_ignore_case`) must agree with a plain dynamic
//! program over characters. Long inputs only check for panics and hangs (libFuzzer's timeout).
#![no_main]

use iamplay_core::wildcard::{self, Pattern};
use libfuzzer_sys::fuzz_target;

/// The obvious O(n·m) matcher: `*` any run (including none), `?` exactly one character.
fn reference(pattern: &[char], value: &[char]) -> bool {
    // matched[j]: the pattern prefix read so far matches value[..j].
    let mut matched = vec![false; value.len() + 1];
    matched[0] = true;
    for &p in pattern {
        let mut next = vec![false; value.len() + 1];
        match p {
            '*' => {
                let mut any = false;
                for j in 0..=value.len() {
                    any |= matched[j];
                    next[j] = any;
                }
            }
            _ => {
                for j in 1..=value.len() {
                    next[j] = matched[j - 1] && (p == '?' || p == value[j - 1]);
                }
            }
        }
        matched = next;
    }
    matched[value.len()]
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (pattern, value) = text.split_once('\0').unwrap_or((text, ""));
    let fast = wildcard::matches(pattern, value);
    let parsed = Pattern::parse(pattern);
    assert_eq!(parsed.matches(value), fast);
    let ignoring_case = parsed.matches_ignore_case(value);
    if pattern.chars().count() <= 64 && value.chars().count() <= 256 {
        let p: Vec<char> = pattern.chars().collect();
        let v: Vec<char> = value.chars().collect();
        assert_eq!(
            fast,
            reference(&p, &v),
            "pattern {pattern:?} value {value:?}"
        );
        let lower = |c: &char| c.to_ascii_lowercase();
        let p_lower: Vec<char> = p.iter().map(lower).collect();
        let v_lower: Vec<char> = v.iter().map(lower).collect();
        assert_eq!(
            ignoring_case,
            reference(&p_lower, &v_lower),
            "ignore case: pattern {pattern:?} value {value:?}"
        );
    }
});
