//! The built-in example scenarios (the gallery): the index and the first-visit example are embedded; the
//! others are fetched from the `examples/` folder Trunk copies next to the app, which keeps them out of the
//! wasm (about 11 KB gzipped).

/// Every example's text, for tests (the app fetches them from `examples/` when asked).
#[cfg(test)]
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "developer-group",
        include_str!("../../../examples/developer-group.json"),
    ),
    (
        "public-read-bucket",
        include_str!("../../../examples/public-read-bucket.json"),
    ),
    (
        "lambda-orders-writer",
        include_str!("../../../examples/lambda-orders-writer.json"),
    ),
    (
        "ec2-instance-role",
        include_str!("../../../examples/ec2-instance-role.json"),
    ),
    (
        "cross-account-role",
        include_str!("../../../examples/cross-account-role.json"),
    ),
    (
        "cross-account-table",
        include_str!("../../../examples/cross-account-table.json"),
    ),
    (
        "saml-federation",
        include_str!("../../../examples/saml-federation.json"),
    ),
    (
        "api-gateway-flow",
        include_str!("../../../examples/api-gateway-flow.json"),
    ),
    (
        "mistakes-no-trust-policy",
        include_str!("../../../examples/mistakes-no-trust-policy.json"),
    ),
    (
        "mistakes-star-star",
        include_str!("../../../examples/mistakes-star-star.json"),
    ),
    (
        "explicit-deny-wins",
        include_str!("../../../examples/explicit-deny-wins.json"),
    ),
    (
        "kms-key-without-iam-statement",
        include_str!("../../../examples/kms-key-without-iam-statement.json"),
    ),
    (
        "boundary-caps-user",
        include_str!("../../../examples/boundary-caps-user.json"),
    ),
    (
        "scp-deny-region",
        include_str!("../../../examples/scp-deny-region.json"),
    ),
    (
        "vpc-endpoint-policy",
        include_str!("../../../examples/vpc-endpoint-policy.json"),
    ),
    (
        "abac-session-tags",
        include_str!("../../../examples/abac-session-tags.json"),
    ),
];

/// The example shown on a first visit, embedded so the first matrix needs no fetch.
const DEFAULT_TEXT: &str = include_str!("../../../examples/developer-group.json");

const INDEX: &str = include_str!("../../../examples/index.json");

/// The example the page starts with when nothing is saved.
pub const DEFAULT_EXAMPLE: &str = "developer-group";

/// One gallery card, from `examples/index.json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleCard {
    pub id: String,
    /// The file under `examples/`.
    pub file: String,
    pub title: String,
    pub summary: String,
}

/// The gallery cards in index order (empty if the index does not parse, which a test rules out).
pub fn cards() -> Vec<ExampleCard> {
    let Ok(value) = iamplay_core::json::parse(INDEX, &iamplay_core::json::Limits::default()) else {
        return Vec::new();
    };
    let text = |item: &iamplay_core::json::SpannedValue, key: &str| {
        item.get(key)
            .and_then(|m| m.value.value.as_str())
            .unwrap_or_default()
            .to_string()
    };
    value
        .value
        .as_array()
        .unwrap_or_default()
        .iter()
        .map(|item| ExampleCard {
            id: text(item, "id"),
            file: text(item, "file"),
            title: text(item, "title"),
            summary: text(item, "summary"),
        })
        .collect()
}

/// The scenario text of example `id`, when it is embedded (the default one; every one in tests).
pub fn example(id: &str) -> Option<&'static str> {
    #[cfg(test)]
    if let Some((_, text)) = EXAMPLES.iter().find(|(name, _)| *name == id) {
        return Some(text);
    }
    (id == DEFAULT_EXAMPLE).then_some(DEFAULT_TEXT)
}

/// Whether `id` names a gallery example.
pub fn is_example(id: &str) -> bool {
    cards().iter().any(|card| card.id == id)
}

/// The URL (relative to the page) of example `id`'s file.
pub fn example_url(id: &str) -> Option<String> {
    cards()
        .into_iter()
        .find(|card| card.id == id)
        .map(|card| format!("examples/{}", card.file))
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn every_card_has_an_example_and_the_default_exists() {
        let cards = cards();
        assert_eq!(cards.len(), EXAMPLES.len());
        for card in &cards {
            assert!(example(&card.id).is_some(), "{}", card.id);
            assert!(example_url(&card.id).is_some_and(|u| u.ends_with(".json")));
        }
        assert!(example(DEFAULT_EXAMPLE).is_some());
        assert!(!is_example("nope"));
    }
}
