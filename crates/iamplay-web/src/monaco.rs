//! Bindings to `web/monaco-shim.js` (linked from `js/` because wasm-bindgen snippets must live in the crate),
//! the only code that talks to Monaco. Positions are Monaco's: 1-based lines, UTF-16 columns.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/monaco-shim.js")]
extern "C" {
    /// A Monaco code editor instance.
    #[derive(Debug, Clone)]
    pub type Editor;

    #[wasm_bindgen(js_name = loadMonaco)]
    pub fn load_monaco() -> js_sys::Promise;

    #[wasm_bindgen(js_name = createEditor, catch)]
    pub async fn create_editor(
        element: &web_sys::HtmlElement,
        read_only: bool,
        dark: bool,
        on_change: &Closure<dyn FnMut(String, String)>,
    ) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_name = showModel)]
    pub fn show_model(editor: &Editor, key: &str, kind: &str, text: &str);

    #[wasm_bindgen(js_name = syncModel)]
    pub fn sync_model(key: &str, kind: &str, text: &str);

    #[wasm_bindgen(js_name = disposeModel)]
    pub fn dispose_model(key: &str);

    #[wasm_bindgen(js_name = modelKeys)]
    pub fn model_keys() -> Vec<String>;

    #[wasm_bindgen(js_name = setMarkers)]
    pub fn set_markers(key: &str, owner: &str, markers_json: &str);

    #[wasm_bindgen(js_name = readMarkers)]
    pub fn read_markers(key: &str) -> String;

    #[wasm_bindgen(js_name = reveal)]
    #[allow(clippy::too_many_arguments)]
    pub fn reveal(
        editor: &Editor,
        key: &str,
        kind: &str,
        text: &str,
        line: u32,
        column: u32,
        end_line: u32,
        end_column: u32,
        mark: bool,
        focus: bool,
    );

    #[wasm_bindgen(js_name = setTheme)]
    pub fn set_theme(dark: bool);

    #[wasm_bindgen(js_name = setReadOnly)]
    pub fn set_read_only(editor: &Editor, read_only: bool);

    #[wasm_bindgen(js_name = focusEditor)]
    pub fn focus_editor(editor: &Editor);

    #[wasm_bindgen(js_name = configure)]
    pub fn configure(schemas_json: &str, complete: &Closure<dyn Fn(String, String, u32) -> String>);

    #[wasm_bindgen(js_name = dispose)]
    pub fn dispose(editor: &Editor);

    /// Registers the fragment quick fixes (`fragment_fix_json`).
    #[wasm_bindgen(js_name = setQuickFixes)]
    pub fn set_quick_fixes(fixer: &Closure<dyn Fn(String) -> String>);
}
