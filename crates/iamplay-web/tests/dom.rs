//! DOM tests of the playground's components, run in headless Chromium by wasm-bindgen-test.
#![cfg(target_arch = "wasm32")]

use iamplay_core::explain::Decision;
use iamplay_web::components::decision_badge::{DecisionBadge, DecisionBadgeProps};
use iamplay_web::components::lesson::{Lesson, LessonProps};
use iamplay_web::components::matrix::Matrix;
use iamplay_web::engine::{analyze, LintCache};
use iamplay_web::model::import_scenario;
use iamplay_web::state::{AppState, Selection};
use std::time::Duration;
use wasm_bindgen_test::*;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

fn root() -> web_sys::Element {
    let document = gloo_utils::document();
    let root = document.create_element("div").expect("a div");
    document
        .body()
        .expect("a body")
        .append_child(&root)
        .expect("appended");
    root
}

async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(30)).await;
}

#[wasm_bindgen_test]
async fn decision_badge_shows_text_not_only_colour() {
    let root = root();
    yew::Renderer::<DecisionBadge>::with_root_and_props(
        root.clone(),
        DecisionBadgeProps {
            decision: Decision::ExplicitDeny,
            label: true,
            id: Some("badge".into()),
        },
    )
    .render();
    settle().await;
    let badge = root
        .query_selector("#badge")
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
async fn lesson_markdown_renders_markup_but_never_html_from_the_text() {
    let root = root();
    let text = "**bold** and `code` and [docs](https://docs.aws.amazon.com/x) and [bad](javascript:alert(1)) <img src=x onerror=alert(1)><script>window.pwned=1</script>";
    yew::Renderer::<Lesson>::with_root_and_props(
        root.clone(),
        LessonProps {
            title: "<b>t</b>".into(),
            text: text.into(),
        },
    )
    .render();
    settle().await;
    assert!(root.query_selector("strong").expect("q").is_some());
    assert!(root.query_selector("code").expect("q").is_some());
    let links = root.query_selector_all("a").expect("q");
    assert_eq!(links.length(), 1, "only the https link becomes a link");
    assert!(
        root.query_selector("img, script, b").expect("q").is_none(),
        "{}",
        root.inner_html()
    );
    assert!(root
        .text_content()
        .unwrap_or_default()
        .contains("<img src=x onerror=alert(1)>"));
}

#[function_component]
fn MatrixHost() -> Html {
    let state = use_reducer(|| AppState::new(Default::default()));
    let ws = import_scenario(include_str!("../../../examples/explicit-deny-wins.json"))
        .expect("imports");
    let analysis = analyze(&ws, None, &mut LintCache::default());
    html! {
        <Matrix matrix={analysis.matrix} stale={true} error_count={2} selection={Selection::Cell { row: 0, column: 0 }}
                dispatch={state.dispatcher()} on_show_problems={Callback::noop()} />
    }
}

#[wasm_bindgen_test]
async fn matrix_is_a_table_with_headers_words_and_a_stale_note() {
    let root = root();
    yew::Renderer::<MatrixHost>::with_root(root.clone()).render();
    settle().await;
    let table = root
        .query_selector("table#matrix")
        .expect("q")
        .expect("a table");
    assert_eq!(table.get_attribute("data-stale").as_deref(), Some("true"));
    assert!(root
        .query_selector("thead th[scope=col]")
        .expect("q")
        .is_some());
    assert!(root
        .query_selector("tbody th[scope=row]")
        .expect("q")
        .is_some());
    let deny = root
        .query_selector("td button[data-decision=ExplicitDeny]")
        .expect("q")
        .expect("an explicit deny cell");
    assert!(deny.text_content().unwrap_or_default().contains("Deny"));
    // The name starts with the words the cell shows (WCAG 2.5.3) and says which deny it is.
    assert!(deny
        .get_attribute("aria-label")
        .unwrap_or_default()
        .starts_with("Deny (explicit), "));
    let stale = root
        .query_selector("#matrix-stale")
        .expect("q")
        .expect("the stale note");
    assert!(stale
        .text_content()
        .unwrap_or_default()
        .contains("2 errors"));
    assert!(root.query_selector("td.selected").expect("q").is_some());
}

#[wasm_bindgen_test]
fn autosave_is_atomic_and_restores() {
    iamplay_web::storage::clear_all();
    let mut ws =
        import_scenario(iamplay_web::gallery::example("developer-group").expect("example"))
            .expect("imports");
    iamplay_web::storage::save(&ws).expect("saved");
    assert_eq!(iamplay_web::storage::load().as_ref(), Some(&ws));
    ws.name = "second".into();
    iamplay_web::storage::save(&ws).expect("saved again");
    assert_eq!(
        iamplay_web::storage::load().map(|w| w.name),
        Some("second".to_string())
    );
    // A corrupt current slot falls back to the other, complete copy.
    let store = gloo_utils::window()
        .local_storage()
        .expect("ls")
        .expect("ls");
    let current = store
        .get_item("iamplay.v1.current")
        .expect("get")
        .expect("pointer");
    store.set_item(&current, "{truncated").expect("set");
    assert!(iamplay_web::storage::load().is_some());
    iamplay_web::storage::clear_all();
}

#[function_component]
fn ExplanationHost() -> Html {
    let state = use_reducer(|| AppState::new(Default::default()));
    let ws = import_scenario(include_str!("../../../examples/cross-account-role.json"))
        .expect("imports");
    let analysis = analyze(&ws, None, &mut LintCache::default());
    let world = analysis.world.expect("loads");
    // The first request with a role chain: its explanation lists the hop and the credentials.
    let index = ws
        .requests
        .iter()
        .position(|r| !r.assume.is_empty())
        .expect("a chained request");
    let view = iamplay_web::explain_view::for_request(&world, index).map(std::rc::Rc::new);
    html! {
        <iamplay_web::components::explanation::Explanation view={view} dispatch={state.dispatcher()} />
    }
}

#[wasm_bindgen_test]
async fn explanation_shows_decisive_statements_reasons_and_the_role_chain() {
    let root = root();
    yew::Renderer::<ExplanationHost>::with_root(root.clone()).render();
    settle().await;
    let panel = root
        .query_selector("#explanation")
        .expect("q")
        .expect("the panel");
    assert_eq!(
        panel.get_attribute("data-decision").as_deref(),
        Some("Allow")
    );
    let text = panel.text_content().unwrap_or_default();
    assert!(text.contains("Role chain"), "{text}");
    assert!(text.contains("temporary credentials"), "{text}");
    assert!(text.contains(":assumed-role/"), "{text}");
    assert!(root
        .query_selector(".decisive .statement-link")
        .expect("q")
        .is_some());
    assert!(root.query_selector(".reasons li.ok").expect("q").is_some());
    assert!(
        text.contains("what this identity can do"),
        "the mental model is shown: {text}"
    );
}

#[function_component]
fn RequestsHost() -> Html {
    let state = use_reducer(|| AppState::new(Default::default()));
    let ws =
        import_scenario(include_str!("../../../examples/api-gateway-flow.json")).expect("imports");
    let analysis = analyze(&ws, None, &mut LintCache::default());
    html! {
        <iamplay_web::components::requests::Requests ws={std::rc::Rc::new(ws)} structure={0} rows={analysis.requests} stale={false}
            editing={Some(0)} selection={Selection::None} read_only={false} dispatch={state.dispatcher()} />
    }
}

#[wasm_bindgen_test]
async fn requests_render_as_flows_with_their_expectations_and_a_form_with_pickers() {
    let root = root();
    yew::Renderer::<RequestsHost>::with_root(root.clone()).render();
    settle().await;
    let items = root.query_selector_all("#requests > li").expect("q");
    assert_eq!(items.length(), 8);
    assert!(
        root.query_selector_all(".expect.ok").expect("q").length() == 8,
        "every expectation holds"
    );
    // The chained request shows the AssumeRole hop with its decision.
    assert!(root
        .text_content()
        .unwrap_or_default()
        .contains("AssumeRole"));
    // The open form has pickers (datalists) for principal, action and resource.
    assert_eq!(
        root.query_selector_all(".request-form datalist")
            .expect("q")
            .length(),
        3
    );
    let principals = root
        .query_selector("datalist[id^=principals] option[value=\"lambda.amazonaws.com\"]")
        .expect("q");
    assert!(
        principals.is_some(),
        "service principals named in trust policies are offered"
    );
}
