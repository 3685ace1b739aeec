//! `*` and `?` wildcard matching for actions, resources, principals and `StringLike`/`ArnLike` values, in time
//! linear in pattern × value (no backtracking explosion on patterns like `*a*a*a*b`).
//!
//! CONTRACT: a `Pattern` is a list of parts, so a policy variable like `${*}` can put a literal `*` into a
//! pattern (reference_policies_variables.md, "Special characters").
//!
//! How matching stays fast: the `*` parts cut a pattern into segments of literals and `?`s, each with a fixed
//! length in characters. The first segment must match at the start, the last at the end, and each middle
//! segment is taken at its leftmost match after the previous one. Leftmost is always safe: a fixed-length
//! segment that starts earliest also ends earliest, leaving the most text for the rest, and the `*` before the
//! next segment absorbs whatever lies between. So no choice is ever revisited, and the work is at most
//! (value length × pattern length), with no allocation.
//!
//! `?` matches exactly one Unicode character (not one byte), and `*` crosses every character including `/` and
//! `:` (reference_policies_elements_resource.md, "Including wildcard characters in the resource ARN").

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Part {
    Literal(String),
    /// `*`: any run of characters, including none and including `/` and `:`.
    AnyRun,
    /// `?`: exactly one character.
    AnyOne,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pattern {
    pub parts: Vec<Part>,
}

impl Pattern {
    /// Reads `*` and `?` as wildcards; every other character is literal.
    pub fn parse(text: &str) -> Self {
        let mut parts = Vec::new();
        let mut literal_start = 0;
        for (index, c) in text.char_indices() {
            let wildcard = match c {
                '*' => Part::AnyRun,
                '?' => Part::AnyOne,
                _ => continue,
            };
            if let Some(literal) = text.get(literal_start..index).filter(|l| !l.is_empty()) {
                parts.push(Part::Literal(literal.to_string()));
            }
            parts.push(wildcard);
            literal_start = index + 1;
        }
        if let Some(literal) = text.get(literal_start..).filter(|l| !l.is_empty()) {
            parts.push(Part::Literal(literal.to_string()));
        }
        Self { parts }
    }

    pub fn from_parts(parts: Vec<Part>) -> Self {
        Self { parts }
    }

    /// A pattern that matches exactly `text`, even if it holds `*` or `?`.
    pub fn literal(text: &str) -> Self {
        Self {
            parts: vec![Part::Literal(text.to_string())],
        }
    }

    /// A pattern that matches everything: `*`.
    pub fn any() -> Self {
        Self {
            parts: vec![Part::AnyRun],
        }
    }

    /// True when the pattern is a lone `*` (or only `*`s): it matches every value.
    pub fn is_any(&self) -> bool {
        !self.parts.is_empty() && self.parts.iter().all(|p| matches!(p, Part::AnyRun))
    }

    /// True when the pattern has a `*` or `?` part.
    pub fn has_wildcards(&self) -> bool {
        self.parts.iter().any(|p| !matches!(p, Part::Literal(_)))
    }

    /// The number of `*` and `?` parts (what a wildcard-count limit counts).
    pub fn wildcard_count(&self) -> usize {
        self.parts
            .iter()
            .filter(|p| !matches!(p, Part::Literal(_)))
            .count()
    }

    /// The literal text when the pattern has no wildcard parts.
    pub fn as_literal(&self) -> Option<String> {
        if self.has_wildcards() {
            return None;
        }
        Some(
            self.parts
                .iter()
                .filter_map(|p| match p {
                    Part::Literal(text) => Some(text.as_str()),
                    _ => None,
                })
                .collect(),
        )
    }

    /// Case-sensitive match of the whole value.
    pub fn matches(&self, value: &str) -> bool {
        matches_parts(&self.parts, value, false)
    }

    /// ASCII-case-insensitive match of the whole value (actions, `StringEqualsIgnoreCase`).
    pub fn matches_ignore_case(&self, value: &str) -> bool {
        matches_parts(&self.parts, value, true)
    }
}

/// Shows the pattern as policy text; a literal `*` or `?` (from `${*}`, `${?}`) and a `$` that starts `${` are
/// written back as those variables so the text reads the same way again under Version 2012-10-17.
impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for part in &self.parts {
            match part {
                Part::AnyRun => f.write_str("*")?,
                Part::AnyOne => f.write_str("?")?,
                Part::Literal(text) => {
                    let mut chars = text.chars().peekable();
                    while let Some(c) = chars.next() {
                        match c {
                            '*' => f.write_str("${*}")?,
                            '?' => f.write_str("${?}")?,
                            '$' if chars.peek() == Some(&'{') => f.write_str("${$}")?,
                            _ => write!(f, "{c}")?,
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

/// Case-sensitive wildcard match of `value` against `pattern` text.
pub fn matches(pattern: &str, value: &str) -> bool {
    if !pattern.contains('?') {
        return matches_stars(pattern, value);
    }
    Pattern::parse(pattern).matches(value)
}

/// ASCII-case-insensitive wildcard match.
pub fn matches_ignore_case(pattern: &str, value: &str) -> bool {
    if !pattern.contains('?') {
        return matches_stars_with(pattern, value, true);
    }
    Pattern::parse(pattern).matches_ignore_case(value)
}

/// [`matches`] for a pattern whose only wildcard is `*` (most `Resource`, `Action` and `Principal` patterns), on
/// the text itself: the same leftmost walk as [`matches_parts`] with every segment a literal, without building a
/// [`Pattern`] (its allocations were a twentieth of a prepared decision, and a third of what-can and access).
fn matches_stars(pattern: &str, value: &str) -> bool {
    matches_stars_with(pattern, value, false)
}

fn matches_stars_with(pattern: &str, value: &str, ignore_case: bool) -> bool {
    let mut segments = pattern.split('*');
    let first = segments.next().unwrap_or_default();
    let Some(mut rest) = strip_literal_prefix(value, first, ignore_case) else {
        return false;
    };
    let Some(last) = segments.next_back() else {
        return rest.is_empty();
    };
    for middle in segments {
        let Some(after) =
            find_literal(rest, middle, ignore_case).and_then(|at| rest.get(at + middle.len()..))
        else {
            return false;
        };
        rest = after;
    }
    rest.len()
        .checked_sub(last.len())
        .and_then(|start| rest.get(start..))
        .is_some_and(|tail| equal_literal(tail, last, ignore_case))
}

fn equal_literal(text: &str, literal: &str, ignore_case: bool) -> bool {
    if ignore_case {
        text.eq_ignore_ascii_case(literal)
    } else {
        text == literal
    }
}

fn strip_literal_prefix<'v>(value: &'v str, literal: &str, ignore_case: bool) -> Option<&'v str> {
    let head = value.get(..literal.len())?;
    equal_literal(head, literal, ignore_case).then(|| value.get(literal.len()..))?
}

/// The byte offset of the leftmost `literal` in `text`. Case-insensitively, a match can only start and end on
/// character boundaries: ASCII folding changes no byte of a multi-byte character, so those bytes match exactly.
fn find_literal(text: &str, literal: &str, ignore_case: bool) -> Option<usize> {
    if !ignore_case {
        return text.find(literal);
    }
    let (haystack, needle) = (text.as_bytes(), literal.as_bytes());
    (0..=haystack.len().checked_sub(needle.len())?).find(|&at| {
        haystack
            .get(at..at + needle.len())
            .is_some_and(|window| window.eq_ignore_ascii_case(needle))
    })
}

/// The whole-value match; see the module comment for why taking leftmost segment matches is exact.
fn matches_parts(parts: &[Part], value: &str, ignore_case: bool) -> bool {
    let mut segments = parts.split(|p| matches!(p, Part::AnyRun));
    let Some(first) = segments.next() else {
        return value.is_empty();
    };
    let Some(mut pos) = match_segment_at(first, value, 0, ignore_case) else {
        return false;
    };
    let Some(last) = segments.next_back() else {
        // No `*`: the one segment must cover the whole value.
        return pos == value.len();
    };
    for middle in segments {
        let Some(end) = find_segment(middle, value, pos, ignore_case) else {
            return false;
        };
        pos = end;
    }
    // The last segment has a fixed length in characters, so it can only start at one place.
    let Some(start) = start_of_suffix(value, segment_chars(last)) else {
        return false;
    };
    start >= pos && match_segment_at(last, value, start, ignore_case) == Some(value.len())
}

/// The length in characters of a segment (literals and `?`s).
fn segment_chars(segment: &[Part]) -> usize {
    segment
        .iter()
        .map(|p| match p {
            Part::Literal(text) => text.chars().count(),
            Part::AnyOne => 1,
            Part::AnyRun => 0,
        })
        .sum()
}

/// The byte offset where the last `chars` characters of `value` begin.
fn start_of_suffix(value: &str, chars: usize) -> Option<usize> {
    if chars == 0 {
        return Some(value.len());
    }
    value
        .char_indices()
        .rev()
        .nth(chars - 1)
        .map(|(index, _)| index)
}

/// Leftmost match of `segment` starting at or after byte `from`; returns where it ends.
fn find_segment(segment: &[Part], value: &str, from: usize, ignore_case: bool) -> Option<usize> {
    let rest = value.get(from..)?;
    if let ([Part::Literal(literal)], false) = (segment, ignore_case) {
        // The common case (`*Object*`): the standard library's substring search is linear.
        return rest
            .find(literal.as_str())
            .map(|index| from + index + literal.len());
    }
    rest.char_indices()
        .map(|(index, _)| from + index)
        .chain(std::iter::once(value.len()))
        .find_map(|start| match_segment_at(segment, value, start, ignore_case))
}

/// Matches a `*`-free segment at byte `start`; returns the byte offset where it ends.
fn match_segment_at(
    segment: &[Part],
    value: &str,
    start: usize,
    ignore_case: bool,
) -> Option<usize> {
    let bytes = value.as_bytes();
    let mut pos = start;
    for part in segment {
        match part {
            Part::Literal(text) => {
                let end = pos.checked_add(text.len())?;
                let written = bytes.get(pos..end)?;
                // ASCII case folding leaves every byte of a multi-byte character alone, so a byte-wise
                // comparison also ends on a character boundary.
                let equal = if ignore_case {
                    written.eq_ignore_ascii_case(text.as_bytes())
                } else {
                    written == text.as_bytes()
                };
                if !equal {
                    return None;
                }
                pos = end;
            }
            Part::AnyOne => {
                let c = value.get(pos..)?.chars().next()?;
                pos += c.len_utf8();
            }
            Part::AnyRun => return None,
        }
    }
    Some(pos)
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn parse_splits_wildcards_from_literals() {
        assert_eq!(
            Pattern::parse("s3:Get*Obj?ct").parts,
            vec![
                Part::Literal("s3:Get".into()),
                Part::AnyRun,
                Part::Literal("Obj".into()),
                Part::AnyOne,
                Part::Literal("ct".into()),
            ]
        );
        assert_eq!(Pattern::parse("").parts, vec![]);
        assert_eq!(Pattern::parse("**").parts, vec![Part::AnyRun, Part::AnyRun]);
        assert_eq!(Pattern::parse("é?中").parts.len(), 3);
    }

    #[test]
    fn literal_and_star_basics() {
        assert!(matches("s3:GetObject", "s3:GetObject"));
        assert!(!matches("s3:GetObject", "s3:GetObjectAcl"));
        assert!(!matches("s3:GetObjectAcl", "s3:GetObject"));
        assert!(matches("*", ""));
        assert!(matches("*", "anything/at:all"));
        assert!(matches("", ""));
        assert!(!matches("", "x"));
        assert!(matches("s3:*", "s3:PutObject"));
        assert!(!matches("s3:*", "ec2:RunInstances"));
        assert!(matches("*Object", "s3:GetObject"));
        assert!(matches("s3:*Object*", "s3:GetObjectAcl"));
        assert!(matches("a*b*c", "abc"));
        assert!(matches("a*b*c", "a-b-b-c-c"));
        assert!(!matches("a*b*c", "a-c-b"));
        assert!(matches("ab*ba", "aba*ba"));
        assert!(
            !matches("ab*ba", "aba"),
            "overlapping prefix and suffix must not share characters"
        );
    }

    #[test]
    fn star_crosses_slashes_and_colons() {
        // reference_policies_elements_resource.md, "Including wildcard characters in the resource ARN".
        assert!(matches(
            "arn:aws:s3:::bucket/*",
            "arn:aws:s3:::bucket/a/b/c.txt"
        ));
        assert!(matches("arn:aws:*", "arn:aws:iam::123456789012:role/x"));
    }

    #[test]
    fn question_mark_is_one_character_not_one_byte() {
        assert!(matches("a?c", "abc"));
        assert!(matches("a?c", "aéc"));
        assert!(matches("a?c", "a中c"));
        assert!(matches("a?c", "a😀c"));
        assert!(!matches("a?c", "ac"));
        assert!(!matches("a?c", "abbc"));
        assert!(matches("*?", "😀"));
        assert!(!matches("??", "😀"));
        assert!(matches("*中?", "x中é"));
    }

    #[test]
    fn case_rules() {
        assert!(!matches("s3:getobject", "s3:GetObject"));
        assert!(matches_ignore_case("s3:getobject", "S3:GetObject"));
        assert!(matches_ignore_case("IAM:*User", "iam:CreateUSER"));
        assert!(matches_ignore_case("é*", "é"));
        assert!(!matches_ignore_case("é", "É"), "case folding is ASCII only");
    }

    #[test]
    fn literal_parts_from_variables_do_not_act_as_wildcards() {
        // `${*}` puts a literal `*` in the pattern (reference_policies_variables.md, "Special characters").
        let pattern = Pattern::from_parts(vec![Part::Literal("a*".into()), Part::AnyRun]);
        assert!(pattern.matches("a*xyz"));
        assert!(!pattern.matches("abxyz"));
        assert_eq!(pattern.to_string(), "a${*}*");
        assert!(Pattern::literal("a?").matches("a?"));
        assert!(!Pattern::literal("a?").matches("ab"));
    }

    #[test]
    fn helpers() {
        assert!(Pattern::parse("*").is_any());
        assert!(Pattern::any().is_any());
        assert!(!Pattern::parse("*a").is_any());
        assert!(!Pattern::parse("").is_any());
        assert_eq!(Pattern::parse("a*b?c*").wildcard_count(), 3);
        assert_eq!(Pattern::parse("abc").as_literal().as_deref(), Some("abc"));
        assert_eq!(Pattern::parse("a*").as_literal(), None);
        assert_eq!(Pattern::parse("s3:Get*").to_string(), "s3:Get*");
        assert_eq!(Pattern::literal("a$b${x}").to_string(), "a$b${$}{x}");
    }

    #[test]
    fn many_stars_against_ten_kilobytes_do_not_blow_up() {
        // Exponential backtracking would take ~10^28 steps here; this matcher does a few thousand.
        let value = "a".repeat(10 * 1024);
        assert!(!matches("*a*a*a*a*a*a*a*b", &value));
        assert!(matches("*a*a*a*a*a*a*a*a", &value));
        assert!(matches("*a*a*a*a*a*a*a*", &value));
        let mut with_b = value.clone();
        with_b.push('b');
        assert!(matches("*a*a*a*a*a*a*a*b", &with_b));
        assert!(!matches("*?*?*?*?*?*?*?*?*b*?", &value));
        let pathological = "*".to_string() + &"a*".repeat(200) + "b";
        assert!(!matches(&pathological, &value));
        assert!(matches_ignore_case(&"*A".repeat(300), &value));
    }
}

#[cfg(test)]
mod proptests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use proptest::prelude::*;

    /// The textbook recursive matcher: obviously right, exponential in the worst case, fine on tiny inputs.
    fn reference(pattern: &[char], value: &[char]) -> bool {
        match pattern.split_first() {
            None => value.is_empty(),
            Some(('*', rest)) => (0..=value.len()).any(|skip| reference(rest, &value[skip..])),
            Some(('?', rest)) => !value.is_empty() && reference(rest, &value[1..]),
            Some((c, rest)) => value.first() == Some(c) && reference(rest, &value[1..]),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn agrees_with_the_reference_matcher(pattern in "[ab*?é]{0,8}", value in "[abé]{0,10}") {
            let pattern_chars: Vec<char> = pattern.chars().collect();
            let value_chars: Vec<char> = value.chars().collect();
            prop_assert_eq!(matches(&pattern, &value), reference(&pattern_chars, &value_chars));
        }

        #[test]
        fn star_only_patterns_agree_with_the_reference_and_the_parsed_pattern(
            pattern in "[ab*é]{0,8}",
            value in "[abé]{0,10}",
        ) {
            let pattern_chars: Vec<char> = pattern.chars().collect();
            let value_chars: Vec<char> = value.chars().collect();
            prop_assert_eq!(matches_stars(&pattern, &value), reference(&pattern_chars, &value_chars));
            prop_assert_eq!(matches_stars(&pattern, &value), Pattern::parse(&pattern).matches(&value));
        }

        #[test]
        fn star_only_patterns_ignoring_case_agree_with_the_parsed_pattern(
            pattern in "[aAbBé*]{0,8}",
            value in "[aAbBéÉ]{0,10}",
        ) {
            prop_assert_eq!(
                matches_stars_with(&pattern, &value, true),
                Pattern::parse(&pattern).matches_ignore_case(&value)
            );
        }

        #[test]
        fn ignore_case_agrees_with_lowercased_reference(pattern in "[aAbB*?]{0,8}", value in "[aAbB]{0,10}") {
            let pattern_chars: Vec<char> = pattern.to_ascii_lowercase().chars().collect();
            let value_chars: Vec<char> = value.to_ascii_lowercase().chars().collect();
            prop_assert_eq!(matches_ignore_case(&pattern, &value), reference(&pattern_chars, &value_chars));
        }

        #[test]
        fn a_text_matches_itself_as_a_literal(value in any::<String>()) {
            prop_assert!(Pattern::literal(&value).matches(&value));
            prop_assert!(Pattern::any().matches(&value));
        }

        #[test]
        fn never_panics(pattern in any::<String>(), value in any::<String>()) {
            let _ = matches(&pattern, &value);
            let _ = matches_ignore_case(&pattern, &value);
        }
    }
}
