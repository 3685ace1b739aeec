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
//! capture phase and brands the elements it renders with its root's number (yew's `dom_bundle/subtree_root.rs`);
//! walking up from an event's target, the first brand met says which app handles the event. So an event inside an
//! island is the island's alone: the app's handlers on the host's ancestors never see it (a click in the picker
//! does not reach the dialog's backdrop). The numbers count from 1 in each wasm instance, so the on-demand
//! instance skips 1, the app's ([`skip_the_apps_root_number`]). tests/e2e/diagram.test.mjs and
//! tests/e2e/managed-import.test.mjs click inside islands.

use yew::prelude::*;
use yew::AppHandle;

pub mod diagram;
pub mod fixes;
pub mod import_dialog;
pub mod managed_picker;
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

/// Yew numbers the roots of its apps from 1 in each wasm instance and brands every element it renders with its
/// root's number (yew's `dom_bundle/subtree_root.rs`, `next_root_id`). The app's root is 1; the on-demand
/// instance's first root would be 1 as well, and then each app takes the other's elements for its own and runs
/// its own handler of the same listener number (a click in an island closed the dialog around it). So this
/// instance spends its number 1 on a throwaway root before its first island.
fn skip_the_apps_root_number() {
    #[function_component]
    fn Nothing() -> Html {
        Html::default()
    }
    thread_local! {
        static SKIPPED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if SKIPPED.with(|skipped| skipped.replace(true)) {
        return;
    }
    if let Ok(element) = gloo_utils::document().create_element("div") {
        yew::Renderer::<Nothing>::with_root(element)
            .render()
            .destroy();
    }
}

fn app<C: BaseComponent<Properties = IslandProps>>(
    host: web_sys::Element,
    props: IslandProps,
) -> Box<dyn IslandApp> {
    skip_the_apps_root_number();
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
        "import_dialog" => app::<import_dialog::ImportDialogIsland>(host, props),
        "managed_picker" => app::<managed_picker::ManagedPickerIsland>(host, props),
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
