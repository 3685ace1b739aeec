//! Deep links: which workspace the URL fragment asks for. Besides the playground's own share links (`#s=`, see
//! `share`), docs link to a gallery example by id (`#example=developer-group`) or carry a scenario in the public
//! scenario format (`#scenario=1.<base64url(deflate-raw(scenario JSON text))>`), which anyone can build with
//! standard library calls (docs/embedding.md) because it does not depend on the playground's internal model.

use crate::gallery;
use crate::model::{self, Workspace};
use crate::share::{self, ShareError};

/// The version written into `scenario=` links.
pub const SCENARIO_LINK_VERSION: u32 = 1;

/// The value of `key=` in a fragment such as `#embed=1&example=developer-group`.
pub fn fragment_value<'f>(fragment: &'f str, key: &str) -> Option<&'f str> {
    fragment
        .trim_start_matches('#')
        .split('&')
        .find_map(|part| part.strip_prefix(key)?.strip_prefix('='))
}

/// The workspace a fragment links to, if it links to one: a share link (`s=`), a gallery example
/// (`example=`) or a scenario (`scenario=`), in that order of precedence.
pub fn linked_workspace(fragment: &str) -> Option<Result<Workspace, ShareError>> {
    if let Some(payload) = share::payload_of_fragment(fragment) {
        return Some(share::decode(payload));
    }
    if let Some(id) = fragment_value(fragment, "example") {
        return Some(example(id));
    }
    fragment_value(fragment, "scenario").map(scenario)
}

/// The gallery example a fragment names, when it carries no workspace of its own (`s=` or `scenario=`): the
/// page fetches it (only the first-visit example is built in).
pub fn linked_example(fragment: &str) -> Option<&str> {
    if share::payload_of_fragment(fragment).is_some()
        || fragment_value(fragment, "scenario").is_some()
    {
        return None;
    }
    fragment_value(fragment, "example")
}

fn example(id: &str) -> Result<Workspace, ShareError> {
    let text = gallery::example(id).ok_or_else(|| {
        ShareError(format!(
            "this link names an example the gallery does not have (`{id}`)"
        ))
    })?;
    let mut ws = model::import_scenario(text)
        .map_err(|error| ShareError(format!("the example `{id}` could not be opened ({error})")))?;
    ws.example = id.into();
    Ok(ws)
}

/// Decodes a `scenario=` payload and imports the scenario it carries.
pub fn scenario(payload: &str) -> Result<Workspace, ShareError> {
    let text = scenario_text(payload)?;
    model::import_scenario(&text).map_err(|error| {
        ShareError(format!(
            "this link's scenario could not be opened ({error})"
        ))
    })
}

/// The scenario text of a `scenario=` payload.
pub fn scenario_text(payload: &str) -> Result<String, ShareError> {
    let (version, data) = payload
        .split_once('.')
        .ok_or_else(|| ShareError("this scenario link has no format version".into()))?;
    if version.parse::<u32>().ok() != Some(SCENARIO_LINK_VERSION) {
        return Err(ShareError(format!(
            "this scenario link has format `{version}`; this page reads format {SCENARIO_LINK_VERSION}"
        )));
    }
    let bytes = share::base64url_decode(data).ok_or_else(|| {
        ShareError("this scenario link is damaged (not base64url); was it cut off?".into())
    })?;
    let inflated =
        crate::deflate::decompress(&bytes, share::MAX_DECOMPRESSED_BYTES).map_err(|_| {
            ShareError("this scenario link is damaged or truncated (it does not decompress)".into())
        })?;
    String::from_utf8(inflated)
        .map_err(|_| ShareError("this scenario link is damaged (not UTF-8 text)".into()))
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    fn payload_of(text: &str) -> String {
        let compressed = miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 9);
        format!(
            "{SCENARIO_LINK_VERSION}.{}",
            share::base64url_encode(&compressed)
        )
    }

    #[test]
    fn an_example_link_opens_that_example() {
        let ws = linked_workspace("#example=cross-account-table")
            .expect("a link")
            .expect("opens");
        assert_eq!(ws.example, "cross-account-table");
        assert!(!ws.users.is_empty());
        let ws = linked_workspace("#embed=1&readonly=1&example=scp-deny-region")
            .expect("a link")
            .expect("opens");
        assert_eq!(ws.example, "scp-deny-region");
    }

    #[test]
    fn an_unknown_example_is_a_clear_error() {
        let error = linked_workspace("#example=nope")
            .expect("a link")
            .expect_err("no such example");
        assert!(error.0.contains("`nope`"), "{}", error.0);
    }

    #[test]
    fn a_scenario_link_round_trips_the_text() {
        let text = gallery::example("developer-group").expect("example");
        let payload = payload_of(text);
        assert_eq!(scenario_text(&payload).expect("decodes"), text);
        let ws = linked_workspace(&format!("#scenario={payload}"))
            .expect("a link")
            .expect("opens");
        assert_eq!(ws, model::import_scenario(text).expect("imports"));
    }

    #[test]
    fn damaged_scenario_links_are_errors_not_panics() {
        for payload in ["", "1", "2.abc", "1.!!!", "1.AAAA", "x.abc"] {
            assert!(scenario(payload).is_err(), "{payload}");
        }
        let not_a_scenario = payload_of("{\"users\": 3}");
        assert!(scenario(&not_a_scenario).is_err());
    }

    #[test]
    fn no_link_and_share_links_take_precedence() {
        assert!(linked_workspace("").is_none());
        assert!(linked_workspace("#embed=1").is_none());
        // `s=` wins over `example=`: a damaged share link is reported rather than silently replaced.
        assert!(linked_workspace("#s=9.abc&example=developer-group")
            .expect("a link")
            .is_err());
    }
}
