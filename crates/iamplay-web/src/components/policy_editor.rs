//! A Monaco JSON editor for one policy document. Monaco loads after first paint; until then a plain
//! read-only preview of the text keeps the page useful.

use crate::monaco;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PolicyEditorProps {
    /// A stable id used by tests and labels, e.g. `identity`.
    pub id: AttrValue,
    pub value: AttrValue,
    pub on_change: Callback<String>,
    #[prop_or_default]
    pub read_only: bool,
    #[prop_or_default]
    pub dark: bool,
}

/// The editor instance and the closure Monaco calls on every edit (kept alive as long as the editor).
type EditorSlot = Rc<RefCell<Option<(monaco::Editor, Closure<dyn FnMut(String)>)>>>;

#[function_component]
pub fn PolicyEditor(props: &PolicyEditorProps) -> Html {
    let host = use_node_ref();
    let slot: EditorSlot = use_mut_ref(|| None);
    let loaded = use_state(|| false);

    {
        let host = host.clone();
        let slot = slot.clone();
        let loaded = loaded.clone();
        let initial = props.value.to_string();
        let on_change = props.on_change.clone();
        let read_only = props.read_only;
        let dark = props.dark;
        use_effect_with((), move |_| {
            if let Some(element) = host.cast::<web_sys::HtmlElement>() {
                let slot = slot.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let closure = Closure::<dyn FnMut(String)>::new(move |text: String| on_change.emit(text));
                    if let Ok(editor) =
                        monaco::create_editor(&element, &initial, read_only, dark, &closure).await
                    {
                        let editor: monaco::Editor = editor.unchecked_into();
                        *slot.borrow_mut() = Some((editor, closure));
                        loaded.set(true);
                    }
                });
            }
            move || {
                if let Some((editor, _closure)) = slot.borrow_mut().take() {
                    monaco::dispose(&editor);
                }
            }
        });
    }

    // Text changed from outside (a test hook, the gallery, undo in the state): push it into Monaco.
    {
        let slot = slot.clone();
        use_effect_with(props.value.clone(), move |value| {
            if let Some((editor, _)) = slot.borrow().as_ref() {
                if monaco::get_value(editor) != value.as_str() {
                    monaco::set_value(editor, value);
                }
            }
        });
    }

    html! {
        <div class="editor-wrap" id={format!("editor-{}", props.id)} data-loaded={loaded.to_string()}>
            // Monaco owns this element's children; Yew never renders into it.
            <div class="editor" ref={host}></div>
            if !*loaded {
                <pre class="editor-fallback">{ props.value.to_string() }</pre>
            }
        </div>
    }
}
