//! `window.iamplay`: a small test hook so page tests can set policy text and read results without depending
//! on Monaco's DOM. `setPolicy(kind, text)` and `getPolicy(kind)`.

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// What the hook exposes. `set_policy(kind, text)` is called from JS; `get_policy(kind)` reads current text.
#[derive(Clone, PartialEq)]
pub struct TestHook {
    pub set_policy: Callback<(String, String)>,
    pub get_policy: Callback<String, Option<String>>,
}

/// Installs `window.iamplay` once and keeps it pointing at the latest callbacks.
#[hook]
pub fn use_test_hook(hook: TestHook) {
    let current = use_mut_ref(|| hook.clone());
    *current.borrow_mut() = hook;
    use_effect_with((), move |_| {
        let api = Object::new();
        let setter = {
            let current = current.clone();
            Closure::<dyn Fn(String, String)>::new(move |kind: String, text: String| {
                current.borrow().set_policy.emit((kind, text));
            })
        };
        let getter = {
            let current = current.clone();
            Closure::<dyn Fn(String) -> JsValue>::new(move |kind: String| {
                current.borrow().get_policy.emit(kind).map_or(JsValue::NULL, JsValue::from)
            })
        };
        let installed = Reflect::set(&api, &"setPolicy".into(), setter.as_ref().unchecked_ref::<Function>())
            .and_then(|_| Reflect::set(&api, &"getPolicy".into(), getter.as_ref().unchecked_ref::<Function>()))
            .and_then(|_| Reflect::set(&js_sys::global(), &"iamplay".into(), &api));
        if installed.is_err() {
            web_sys::console::warn_1(&"iamplay: could not install window.iamplay".into());
        }
        move || {
            drop(setter);
            drop(getter);
        }
    });
}
