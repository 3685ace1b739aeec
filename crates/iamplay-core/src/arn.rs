//! ARN parsing: `arn:partition:service:region:account-id:resource` (reference_policies_elements_resource.md),
//! and the two ways policies match ARNs: `Resource` patterns (whole-text wildcards) and the `Arn*` condition
//! operators (segment by segment).

use crate::wildcard::{Part, Pattern};
use serde::Serialize;

/// A parsed ARN borrowing from its text. `resource` is everything after the fifth colon (it may hold colons).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Arn<'a> {
    pub partition: &'a str,
    pub service: &'a str,
    pub region: &'a str,
    pub account: &'a str,
    pub resource: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ArnError {
    #[error("`{0}` does not start with `arn:`")]
    NoPrefix(String),
    #[error("`{0}` has fewer than six `:`-separated parts")]
    TooFewParts(String),
}

impl<'a> Arn<'a> {
    pub fn parse(text: &'a str) -> Result<Self, ArnError> {
        // Split on bytes: `str::splitn(':')` goes through the generic char searcher, which made parsing an ARN a
        // third of a prepared decision's time (several ARNs are parsed per request).
        let Some(("arn", rest)) = split_colon(text) else {
            return Err(ArnError::NoPrefix(text.to_string()));
        };
        let too_few = || ArnError::TooFewParts(text.to_string());
        let (partition, rest) = split_colon(rest).ok_or_else(too_few)?;
        let (service, rest) = split_colon(rest).ok_or_else(too_few)?;
        let (region, rest) = split_colon(rest).ok_or_else(too_few)?;
        let (account, resource) = split_colon(rest).ok_or_else(too_few)?;
        Ok(Self {
            partition,
            service,
            region,
            account,
            resource,
        })
    }

    /// The resource part's type: the text before the first `/` or `:` (`user` in `user/path/Bob`), or the
    /// whole resource part when it has neither (`my-bucket`).
    pub fn resource_type(&self) -> &'a str {
        self.resource
            .split(['/', ':'])
            .next()
            .unwrap_or(self.resource)
    }
}

/// `text` before and after its first `:`.
fn split_colon(text: &str) -> Option<(&str, &str)> {
    let at = text.bytes().position(|b| b == b':')?;
    // `:` is ASCII, so both sides are on character boundaries.
    Some((text.get(..at)?, text.get(at + 1..)?))
}

impl std::fmt::Display for Arn<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "arn:{}:{}:{}:{}:{}",
            self.partition, self.service, self.region, self.account, self.resource
        )
    }
}

/// Whether a `Resource`/`NotResource` pattern covers `resource`. Case-sensitive; `*` matches any run of
/// characters across `/` and `:`, `?` one character (reference_policies_elements_resource.md, "Using wildcards
/// in resource ARNs": "The asterisk (*) character can expand to replace everything within a segment, including
/// characters like a forward slash"). A lone `*` matches every resource, ARN or not.
pub fn resource_matches(pattern: &Pattern, resource: &str) -> bool {
    pattern.matches(resource)
}

/// `ArnEquals`/`ArnLike` on text: each of the six colon-delimited components is matched separately, with
/// wildcards inside each (reference_policies_elements_condition_operators.md, "Amazon Resource Name (ARN)
/// condition operators"). A value that is not an ARN never matches.
pub fn arn_matches(pattern: &str, arn: &str) -> bool {
    arn_pattern_matches(&Pattern::parse(pattern), arn)
}

/// `arn_matches` for a pattern already split into parts (e.g. after policy-variable substitution, where `${*}`
/// is a literal `*`). The first five components match within their segment, so a `*` there never crosses a
/// `:`; the sixth (the resource part, which may itself hold `:`) matches as a whole, with `*` crossing `/` and
/// `:`. A pattern that is only `*` matches every ARN.
pub fn arn_pattern_matches(pattern: &Pattern, arn: &str) -> bool {
    let Ok(value) = Arn::parse(arn) else {
        return false;
    };
    if pattern.is_any() {
        return true;
    }
    let Some(segments) = split_pattern_segments(pattern) else {
        return false;
    };
    let values = [
        "arn",
        value.partition,
        value.service,
        value.region,
        value.account,
        value.resource,
    ];
    segments
        .iter()
        .zip(values)
        .all(|(segment, text)| segment.matches(text))
}

/// Splits a pattern at the first five literal `:` into the six ARN components; `None` if it has fewer.
fn split_pattern_segments(pattern: &Pattern) -> Option<[Pattern; 6]> {
    let mut segments: Vec<Vec<Part>> = vec![Vec::new()];
    for part in &pattern.parts {
        match part {
            Part::Literal(text) => {
                let mut rest = text.as_str();
                // Colons after the fifth belong to the resource component, so splitting stops there.
                while segments.len() < 6 {
                    let Some((head, tail)) = rest.split_once(':') else {
                        break;
                    };
                    push_literal(segments.last_mut()?, head);
                    segments.push(Vec::new());
                    rest = tail;
                }
                push_literal(segments.last_mut()?, rest);
            }
            wildcard => segments.last_mut()?.push(wildcard.clone()),
        }
    }
    let segments: Vec<Pattern> = segments.into_iter().map(Pattern::from_parts).collect();
    segments.try_into().ok()
}

fn push_literal(segment: &mut Vec<Part>, text: &str) {
    if !text.is_empty() {
        segment.push(Part::Literal(text.to_string()));
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn parses_the_six_parts() {
        let arn = Arn::parse("arn:aws:iam::123456789012:user/division/Bob").unwrap();
        assert_eq!(arn.partition, "aws");
        assert_eq!(arn.service, "iam");
        assert_eq!(arn.region, "");
        assert_eq!(arn.account, "123456789012");
        assert_eq!(arn.resource, "user/division/Bob");
        assert_eq!(arn.resource_type(), "user");
        let with_colons = Arn::parse("arn:aws:logs:us-east-1:1:log-group:g:log-stream:s").unwrap();
        assert_eq!(with_colons.resource, "log-group:g:log-stream:s");
        assert_eq!(with_colons.resource_type(), "log-group");
        assert_eq!(
            Arn::parse("arn:aws:s3:::bucket").unwrap().resource_type(),
            "bucket"
        );
        assert_eq!(
            with_colons.to_string(),
            "arn:aws:logs:us-east-1:1:log-group:g:log-stream:s"
        );
    }

    #[test]
    fn rejects_non_arns() {
        assert_eq!(Arn::parse("*"), Err(ArnError::NoPrefix("*".into())));
        assert_eq!(
            Arn::parse("ARN:aws:s3:::b"),
            Err(ArnError::NoPrefix("ARN:aws:s3:::b".into()))
        );
        assert_eq!(
            Arn::parse("arn:aws:s3::b"),
            Err(ArnError::TooFewParts("arn:aws:s3::b".into()))
        );
        assert!(
            Arn::parse("arn:::::").is_ok(),
            "six empty-ish parts are still an ARN shape"
        );
    }

    #[test]
    fn resource_patterns_cross_slashes_and_colons() {
        // reference_policies_elements_resource.md, "Using wildcards in resource ARNs".
        let pattern = Pattern::parse("arn:aws:s3:::DOC-EXAMPLE-BUCKET/*/test/*");
        for key in [
            "1/test/object.jpg",
            "1/2/test/object.jpg",
            "1/2/test/3/object.jpg",
            "1/2/3/test/4/object.jpg",
            "1///test///object.jpg",
            "1/test/.jpg",
            "/test/object.jpg",
            "1/test/",
        ] {
            let arn = format!("arn:aws:s3:::DOC-EXAMPLE-BUCKET/{key}");
            assert!(resource_matches(&pattern, &arn), "{arn}");
        }
        for key in ["1-test/object.jpg", "test/object.jpg", "1/2/test.jpg"] {
            let arn = format!("arn:aws:s3:::DOC-EXAMPLE-BUCKET/{key}");
            assert!(!resource_matches(&pattern, &arn), "{arn}");
        }
        assert!(resource_matches(&Pattern::parse("*"), "not even an arn"));
        assert!(resource_matches(
            &Pattern::parse("arn:aws:*"),
            "arn:aws:iam::1:role/x"
        ));
        assert!(!resource_matches(
            &Pattern::parse("arn:aws:s3:::Bucket"),
            "arn:aws:s3:::bucket"
        ));
    }

    #[test]
    fn arn_like_is_segment_wise() {
        assert!(arn_matches(
            "arn:aws:sns:*:123456789012:*",
            "arn:aws:sns:us-east-1:123456789012:topic"
        ));
        assert!(!arn_matches(
            "arn:aws:sns:*:123456789012:*",
            "arn:aws:sns:us-east-1:999999999999:topic"
        ));
        // A `*` in one component cannot swallow the `:` that ends it.
        assert!(!arn_matches(
            "arn:aws:*:123456789012:*",
            "arn:aws:sns:us-east-1:123456789012:topic"
        ));
        assert!(resource_matches(
            &Pattern::parse("arn:aws:*:123456789012:*"),
            "arn:aws:sns:us-east-1:123456789012:topic"
        ));
        // The resource component keeps its own colons and `*` crosses them.
        assert!(arn_matches(
            "arn:aws:logs:*:*:log-group:*",
            "arn:aws:logs:us-east-1:1:log-group:g:log-stream:s"
        ));
        assert!(arn_matches(
            "arn:aws:iam::*:role/*",
            "arn:aws:iam::123456789012:role/path/admin"
        ));
        assert!(arn_matches(
            "arn:aws:iam::123456789012:root",
            "arn:aws:iam::123456789012:root"
        ));
        assert!(!arn_matches(
            "arn:aws:iam::123456789012:root",
            "arn:aws:iam::123456789012:Root"
        ));
        assert!(arn_matches("arn:aws:s3:::b?cket", "arn:aws:s3:::bucket"));
        assert!(arn_matches("*", "arn:aws:s3:::bucket"));
        assert!(
            !arn_matches("*", "bucket"),
            "a value that is not an ARN never matches"
        );
        assert!(
            !arn_matches("arn:aws:s3:*", "arn:aws:s3:::bucket"),
            "a pattern needs six components"
        );
        assert!(arn_matches("arn:*:*:*:*:*", "arn:aws:s3:::bucket"));
    }

    #[test]
    fn literal_stars_from_variables_stay_literal_in_arn_patterns() {
        let pattern = Pattern::from_parts(vec![
            Part::Literal("arn:aws:s3:::bucket/".into()),
            Part::Literal("*".into()),
            Part::AnyRun,
        ]);
        assert!(arn_pattern_matches(&pattern, "arn:aws:s3:::bucket/*/x"));
        assert!(!arn_pattern_matches(&pattern, "arn:aws:s3:::bucket/a/x"));
        // Segments may be split across parts.
        let split = Pattern::from_parts(vec![
            Part::Literal("arn:aws:".into()),
            Part::AnyRun,
            Part::Literal(":us-east-1:1:q:".into()),
            Part::AnyOne,
        ]);
        assert!(arn_pattern_matches(&split, "arn:aws:sqs:us-east-1:1:q:x"));
        assert!(!arn_pattern_matches(&split, "arn:aws:sqs:us-east-1:1:q:xy"));
    }
}

#[cfg(test)]
mod proptests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn parse_never_panics(text in any::<String>()) {
            let _ = Arn::parse(&text);
        }

        #[test]
        fn parse_returns_the_parts_it_was_built_from(
            partition in "[a-z-]{0,10}",
            service in "[a-z0-9-]{0,10}",
            region in "[a-z0-9-]{0,12}",
            account in "[0-9]{0,12}",
            resource in "[^\\x00]{0,30}",
        ) {
            let text = format!("arn:{partition}:{service}:{region}:{account}:{resource}");
            let arn = Arn::parse(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(arn.partition, partition.as_str());
            prop_assert_eq!(arn.service, service.as_str());
            prop_assert_eq!(arn.region, region.as_str());
            prop_assert_eq!(arn.account, account.as_str());
            prop_assert_eq!(arn.resource, resource.as_str());
            prop_assert_eq!(arn.to_string(), text.clone());
            // Every ARN matches itself both ways, and `*`.
            prop_assert!(arn_pattern_matches(&Pattern::literal(&text), &text));
            prop_assert!(resource_matches(&Pattern::literal(&text), &text));
            prop_assert!(arn_matches("*", &text));
        }

        #[test]
        fn segment_wise_match_implies_whole_text_match(
            pattern in "arn:[a*]{0,2}:[s*?]{0,2}:[r*]{0,2}:[1*]{0,2}:[x:/*]{0,4}",
            value in "arn:a{0,1}:s{0,2}:r{0,1}:1{0,2}:[x:/]{0,4}",
        ) {
            // Segment-wise matching is the stricter of the two: anything it accepts, whole-text accepts.
            if arn_matches(&pattern, &value) {
                prop_assert!(resource_matches(&Pattern::parse(&pattern), &value));
            }
        }
    }
}
