//! `window.iamplay`: a test hook so page tests set policy text and read results without depending on
//! Monaco's DOM. Each function is a JS function taking and returning plain values (objects as JSON-parsed
//! values). The list lives in `TestApi`; tests/e2e use it.

use js_sys::{Function, Object, Reflect};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// One callable: JSON-encoded arguments in (an array), a JSON-encoded result out.
pub type TestFn = Rc<dyn Fn(Vec<String>) -> String>;

/// The functions `window.iamplay` exposes, by name.
#[derive(Clone)]
pub struct TestApi(pub Vec<(&'static str, TestFn)>);

impl PartialEq for TestApi {
    fn eq(&self, _: &Self) -> bool {
        // The latest set always replaces the previous one; comparing closures is meaningless.
        false
    }
}

fn parse(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap_or(JsValue::NULL)
}

/// Installs `window.iamplay` once; every call goes to the latest `api`.
#[hook]
pub fn use_test_hook(api: TestApi) {
    let current = use_mut_ref(|| api.clone());
    *current.borrow_mut() = api;
    use_effect_with((), move |_| {
        let object = Object::new();
        let mut closures = Vec::new();
        let names: Vec<&'static str> = current.borrow().0.iter().map(|(name, _)| *name).collect();
        for name in names {
            let current = current.clone();
            let closure = Closure::<dyn Fn(JsValue, JsValue, JsValue) -> JsValue>::new(
                move |a: JsValue, b: JsValue, c: JsValue| {
                    let args: Vec<String> = [a, b, c]
                        .iter()
                        .filter(|v| !v.is_undefined())
                        .map(|v| {
                            v.as_string().unwrap_or_else(|| {
                                js_sys::JSON::stringify(v)
                                    .ok()
                                    .and_then(|s| s.as_string())
                                    .unwrap_or_default()
                            })
                        })
                        .collect();
                    let function = current
                        .borrow()
                        .0
                        .iter()
                        .find(|(n, _)| *n == name)
                        .map(|(_, f)| f.clone());
                    match function {
                        Some(function) => parse(&function(args)),
                        None => JsValue::UNDEFINED,
                    }
                },
            );
            let _ = Reflect::set(
                &object,
                &name.into(),
                closure.as_ref().unchecked_ref::<Function>(),
            );
            closures.push(closure);
        }
        if Reflect::set(&js_sys::global(), &"iamplay".into(), &object).is_err() {
            web_sys::console::warn_1(&"iamplay: could not install window.iamplay".into());
        }
        move || drop(closures)
    });
}
