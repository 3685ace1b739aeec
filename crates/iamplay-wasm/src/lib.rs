//! The iamplay evaluator for JavaScript: translates JS values to and from the core's types. Decides nothing.

use wasm_bindgen::prelude::*;

/// The engine version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
