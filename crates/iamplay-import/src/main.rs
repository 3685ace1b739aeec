//! The playground's import worker (`web/import-worker.js` runs it in a Web Worker). The import — what the AWS CLI
//! prints turned into scenario entities — is the core's, the same code as `iamplay import`; it lives in its own
//! small wasm so the playground's first screen does not download it (scripts/size-budget.sh): the worker starts
//! the first time the Import dialog imports something. Nothing here touches the network or the DOM.

use wasm_bindgen::prelude::*;

/// `importAws(inputs, options)` of the npm package: `inputs` a JSON array of `{name, text}`, `options` a JSON
/// object (`into`, `resource`, `level`, `account`). Answers the JSON of `Answer<ImportAwsSuccess>`
/// (docs/javascript-api.md). AWS managed policy ARNs are written as they are; the playground resolves them when
/// it loads the scenario.
#[wasm_bindgen(js_name = importAws)]
pub fn import_aws(inputs: &str, options: &str) -> String {
    iamplay_core::ffi::import_aws_json_str(inputs, options)
}

// A worker has no `main` work to do: the page calls the exports.
fn main() {}
