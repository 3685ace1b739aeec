//! Global keyboard shortcuts, listened for in the capture phase so they work inside Monaco too.

use gloo_events::{EventListener, EventListenerOptions, EventListenerPhase};
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// A shortcut the app handles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortcut {
    /// Ctrl/Cmd+Enter.
    RunAndFocusMatrix,
    /// F8 (forward) / Shift+F8 (backward).
    NextProblem { backward: bool },
    /// Ctrl/Cmd+S.
    SaveNow,
    /// `?` outside text fields.
    ShowShortcuts,
    /// Escape.
    Escape,
}

fn in_text_field(event: &web_sys::KeyboardEvent) -> bool {
    event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|element| {
            let tag = element.tag_name().to_ascii_lowercase();
            tag == "input"
                || tag == "textarea"
                || tag == "select"
                || element.closest(".monaco-editor").ok().flatten().is_some()
        })
}

/// Calls `on_shortcut` for every shortcut pressed anywhere on the page.
#[hook]
pub fn use_shortcuts(on_shortcut: Callback<Shortcut>) {
    let current = use_mut_ref(|| on_shortcut.clone());
    *current.borrow_mut() = on_shortcut;
    use_effect_with((), move |_| {
        let options = EventListenerOptions {
            phase: EventListenerPhase::Capture,
            passive: false,
        };
        let listener = EventListener::new_with_options(
            &gloo_utils::window(),
            "keydown",
            options,
            move |event| {
                let Some(event) = event.dyn_ref::<web_sys::KeyboardEvent>() else {
                    return;
                };
                let command = event.ctrl_key() || event.meta_key();
                let shortcut = match event.key().as_str() {
                    "Enter" if command => Some(Shortcut::RunAndFocusMatrix),
                    "F8" => Some(Shortcut::NextProblem {
                        backward: event.shift_key(),
                    }),
                    "s" | "S" if command && !event.alt_key() => Some(Shortcut::SaveNow),
                    "?" if !command && !in_text_field(event) => Some(Shortcut::ShowShortcuts),
                    "Escape" => Some(Shortcut::Escape),
                    _ => None,
                };
                if let Some(shortcut) = shortcut {
                    if shortcut != Shortcut::Escape {
                        event.prevent_default();
                        event.stop_propagation();
                    }
                    current.borrow().emit(shortcut);
                }
            },
        );
        move || drop(listener)
    });
}
