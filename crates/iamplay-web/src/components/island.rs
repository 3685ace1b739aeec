//! The host of an island (`crate::islands`): a `<div>` the on-demand wasm mounts the island into the first time
//! it is shown. The host hands the island its input (JSON text, again whenever it changes) and passes each event
//! the island emits (JSON text) to `on_event`. It costs the first screen only this component and three calls into
//! `js/analyses-lazy.js`, which loads the on-demand wasm into the page once, on first use.

use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[wasm_bindgen(module = "/js/analyses-lazy.js")]
extern "C" {
    #[wasm_bindgen(js_name = mountIsland, catch)]
    async fn mount_island(
        kind: &str,
        host: web_sys::Element,
        input: &str,
        emit: &js_sys::Function,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = updateIsland)]
    fn update_island(handle: &JsValue, input: &str);
    #[wasm_bindgen(js_name = destroyIsland)]
    fn destroy_island(handle: &JsValue);
}

#[derive(Properties, PartialEq)]
pub struct IslandHostProps {
    /// The island's name (`crate::islands::mount`'s match).
    pub kind: AttrValue,
    /// Its input, JSON text.
    pub input: AttrValue,
    /// Each event it emits, JSON text.
    pub on_event: Callback<String>,
}

#[derive(Clone, PartialEq)]
enum Status {
    Loading,
    Ready,
    Failed(String),
}

/// What the mount task, the effects and the island's events share.
#[derive(Default)]
struct Slot {
    handle: Option<JsValue>,
    /// The input of the last render (the island gets it once it is mounted).
    input: AttrValue,
    on_event: Callback<String>,
    mounted: bool,
    emit: Option<Closure<dyn Fn(String)>>,
}

fn emitter(slot: Weak<RefCell<Slot>>) -> Closure<dyn Fn(String)> {
    Closure::new(move |event: String| {
        let Some(slot) = slot.upgrade() else { return };
        // Release the borrow before the app's callback runs: it may re-render this host.
        let on_event = slot.borrow().on_event.clone();
        on_event.emit(event);
    })
}

#[function_component]
pub fn Island(props: &IslandHostProps) -> Html {
    let host = use_node_ref();
    let status = use_state(|| Status::Loading);
    let slot = use_mut_ref(Slot::default);
    {
        let mut shared = slot.borrow_mut();
        shared.input = props.input.clone();
        shared.on_event = props.on_event.clone();
    }
    {
        let (host, status, slot) = (host.clone(), status.clone(), slot.clone());
        use_effect_with(props.kind.clone(), move |kind| {
            let kind = kind.clone();
            if let Some(element) = host.cast::<web_sys::Element>() {
                let emit = emitter(Rc::downgrade(&slot));
                let function: js_sys::Function =
                    emit.as_ref().unchecked_ref::<js_sys::Function>().clone();
                {
                    let mut shared = slot.borrow_mut();
                    shared.mounted = true;
                    shared.emit = Some(emit);
                }
                let slot = slot.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let input = slot.borrow().input.clone();
                    let answer = mount_island(&kind, element, &input, &function).await;
                    let mut shared = slot.borrow_mut();
                    match answer {
                        // Taken down while it loaded.
                        Ok(handle) if !shared.mounted => destroy_island(&handle),
                        Ok(handle) => {
                            if shared.input != input {
                                update_island(&handle, &shared.input);
                            }
                            shared.handle = Some(handle);
                            drop(shared);
                            status.set(Status::Ready);
                        }
                        Err(error) => {
                            drop(shared);
                            let message = error.dyn_ref::<js_sys::Error>().map_or_else(
                                || format!("{error:?}"),
                                |e| String::from(e.message()),
                            );
                            status.set(Status::Failed(message));
                        }
                    }
                });
            }
            move || {
                let mut shared = slot.borrow_mut();
                shared.mounted = false;
                if let Some(handle) = shared.handle.take() {
                    destroy_island(&handle);
                }
                shared.emit = None;
            }
        });
    }
    {
        let slot = slot.clone();
        use_effect_with(props.input.clone(), move |input| {
            if let Some(handle) = slot.borrow().handle.as_ref() {
                update_island(handle, input);
            }
        });
    }
    html! {
        <>
            <div ref={host} class={classes!("island", format!("island-{}", props.kind))} />
            { match &*status {
                Status::Loading => html! { <p class="island-status muted" role="status">{ "Loading…" }</p> },
                Status::Ready => html! {},
                Status::Failed(message) => html! {
                    <p class="island-status error" role="alert">{ format!("This part of the page could not load: {message}") }</p>
                },
            } }
        </>
    }
}
