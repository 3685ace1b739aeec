//! Islands: the parts of the playground's UI that are not on the first screen (panels and dialogs opened on
//! demand). They are compiled into the on-demand wasm only (`crates/iamplay-web-analyses` exports `mountIsland`,
//! which calls [`mount`]); nothing on the app's code path names this module, so the app's wasm, which the first
//! screen downloads, does not carry them (scripts/size-budget.sh). The app renders a host,
//! [`crate::components::island::Island`], which loads the on-demand wasm the first time one is shown and mounts
//! the island as a Yew app of its own inside the host element.
//!
//! The contract: an island gets everything it needs as JSON text (`input`, re-sent when the host's changes) and
//! does everything through JSON events (`emit`) the host turns into the app's actions. It never sees the app's
//! reducer: it runs in another wasm instance.
//!
//! Two Yew apps in one page: an island's root lies inside the app's tree. Yew listens at each app's root in the
//! capture phase (yew's `dom_bundle/subtree_root.rs`), so the app sees an island's events first; walking up from
//! the target, the first root brand it meets is the island's, so it either ignores the event or bubbles it from
//! the island's host up through its own elements, which is what the DOM would do. Then the island handles the
//! event inside. tests/e2e/diagram.test.mjs clicks inside an island.

use yew::prelude::*;
use yew::AppHandle;

pub mod diagram;
pub mod fixes;
pub mod questions;

/// What every island takes.
#[derive(Properties, PartialEq, Clone)]
pub struct IslandProps {
    /// JSON text from the host; the island parses what it needs.
    pub input: AttrValue,
    /// Sends a JSON event to the host, e.g. `{"event":"select","request":0}`.
    pub emit: Callback<String>,
}

/// A mounted island, updated with new input or destroyed by its host.
pub struct Mounted {
    app: Box<dyn IslandApp>,
    emit: Callback<String>,
}

trait IslandApp {
    fn update(&mut self, props: IslandProps);
    fn destroy(self: Box<Self>);
}

impl<C: BaseComponent<Properties = IslandProps>> IslandApp for AppHandle<C> {
    fn update(&mut self, props: IslandProps) {
        AppHandle::update(self, props);
    }

    fn destroy(self: Box<Self>) {
        AppHandle::destroy(*self);
    }
}

fn app<C: BaseComponent<Properties = IslandProps>>(
    host: web_sys::Element,
    props: IslandProps,
) -> Box<dyn IslandApp> {
    Box::new(yew::Renderer::<C>::with_root_and_props(host, props).render())
}

/// Mounts island `kind` in `host` with `input`; `emit` is called with each event's JSON text.
pub fn mount(
    kind: &str,
    host: web_sys::Element,
    input: String,
    emit: js_sys::Function,
) -> Result<Mounted, String> {
    let emit = Callback::from(move |event: String| {
        // The host's callback cannot fail in a way the island could act on.
        let _ = emit.call1(
            &wasm_bindgen::JsValue::NULL,
            &wasm_bindgen::JsValue::from_str(&event),
        );
    });
    let props = IslandProps {
        input: input.into(),
        emit: emit.clone(),
    };
    let app = match kind {
        "diagram" => app::<diagram::DiagramIsland>(host, props),
        "fixes" => app::<fixes::FixesIsland>(host, props),
        "questions" => app::<questions::QuestionsIsland>(host, props),
        other => return Err(format!("there is no island `{other}`")),
    };
    Ok(Mounted { app, emit })
}

impl Mounted {
    pub fn update(&mut self, input: String) {
        self.app.update(IslandProps {
            input: input.into(),
            emit: self.emit.clone(),
        });
    }

    pub fn destroy(self) {
        self.app.destroy();
    }
}
