//! Bindings to `web/monaco-shim.js` (linked from `js/` because wasm-bindgen snippets must live in the crate),
//! the only code that talks to Monaco.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/monaco-shim.js")]
extern "C" {
    /// A Monaco code editor instance.
    #[derive(Debug, Clone)]
    pub type Editor;

    #[wasm_bindgen(js_name = createEditor, catch)]
    pub async fn create_editor(
        element: &web_sys::HtmlElement,
        value: &str,
        read_only: bool,
        dark: bool,
        on_change: &Closure<dyn FnMut(String)>,
    ) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_name = getValue)]
    pub fn get_value(editor: &Editor) -> String;

    #[wasm_bindgen(js_name = setValue)]
    pub fn set_value(editor: &Editor, text: &str);

    #[wasm_bindgen(js_name = setMarkers)]
    pub fn set_markers(editor: &Editor, owner: &str, markers: JsValue);

    #[wasm_bindgen(js_name = revealRange)]
    pub fn reveal_range(editor: &Editor, line: u32, column: u32, end_line: u32, end_column: u32);

    #[wasm_bindgen(js_name = setTheme)]
    pub fn set_theme(dark: bool);

    #[wasm_bindgen(js_name = dispose)]
    pub fn dispose(editor: &Editor);
}
