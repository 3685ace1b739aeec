//! The built-in example scenarios (the gallery), embedded in the app: `examples/*.json` and their index.
//! They are small (about 70 KB of text, a fraction of that gzipped), so one click loads one without a fetch.

use serde::Deserialize;

/// `(id, scenario text)` in the order of `examples/index.json`.
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
];

const INDEX: &str = include_str!("../../../examples/index.json");

/// One gallery card, from `examples/index.json`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ExampleCard {
    pub id: String,
    pub title: String,
    pub summary: String,
}

/// The gallery cards in index order (empty if the index does not parse, which a test rules out).
pub fn cards() -> Vec<ExampleCard> {
    serde_json::from_str(INDEX).unwrap_or_default()
}

/// The scenario text of example `id`.
pub fn example(id: &str) -> Option<&'static str> {
    EXAMPLES
        .iter()
        .find(|(name, _)| *name == id)
        .map(|(_, text)| *text)
}

/// The example the page starts with when nothing is saved.
pub const DEFAULT_EXAMPLE: &str = "developer-group";

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
        }
        assert!(example(DEFAULT_EXAMPLE).is_some());
    }
}
