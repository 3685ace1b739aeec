//! DOM tests of the playground's components, run in headless Chromium by wasm-bindgen-test.
#![cfg(target_arch = "wasm32")]

use iamplay_web::components::decision_badge::{DecisionBadge, DecisionBadgeProps};
use iamplay_web::engine::Outcome;
use std::time::Duration;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn render_badge(outcome: Outcome) -> web_sys::Element {
    let document = gloo_utils::document();
    let root = document.create_element("div").expect("a div");
    document
        .body()
        .expect("a body")
        .append_child(&root)
        .expect("appended");
    yew::Renderer::<DecisionBadge>::with_root_and_props(
        root.clone(),
        DecisionBadgeProps { outcome },
    )
    .render();
    yew::platform::time::sleep(Duration::from_millis(20)).await;
    root
}

#[wasm_bindgen_test]
async fn decision_badge_shows_text_not_only_colour() {
    let root = render_badge(Outcome::Decided {
        decision: "ExplicitDeny".into(),
        summary: "denied".into(),
    })
    .await;
    let badge = root
        .query_selector("#decision")
        .expect("query")
        .expect("the badge");
    assert_eq!(
        badge.get_attribute("data-decision").as_deref(),
        Some("ExplicitDeny")
    );
    assert!(badge
        .get_attribute("class")
        .unwrap_or_default()
        .contains("explicit-deny"));
    assert!(badge
        .text_content()
        .unwrap_or_default()
        .contains("Explicit deny"));
}

#[wasm_bindgen_test]
async fn the_starter_policy_allows_the_starter_request_in_the_browser() {
    let outcome = iamplay_web::engine::decide_starter_request(iamplay_web::STARTER_POLICY);
    let root = render_badge(outcome).await;
    let badge = root
        .query_selector("#decision")
        .expect("query")
        .expect("the badge");
    assert_eq!(
        badge.get_attribute("data-decision").as_deref(),
        Some("Allow")
    );
}
