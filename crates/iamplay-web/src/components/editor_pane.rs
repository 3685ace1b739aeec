//! The policy editor: tabs of open policies, labelled by kind and owner, over one Monaco editor that shows
//! the active policy's model. Monaco loads after first paint; until then a read-only copy of the text shows.

use crate::monaco;
use crate::state::{Action, AppState, Jump};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The text Monaco holds for each policy, as far as Rust knows: edits typed in Monaco land here first, so
/// syncing never pushes an older text back into the editor.
#[derive(Clone, Default)]
pub struct EditorTexts(pub Rc<RefCell<HashMap<u32, String>>>);

impl PartialEq for EditorTexts {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// One tab.
#[derive(Debug, Clone, PartialEq)]
pub struct TabInfo {
    pub id: u32,
    /// `identity`, `trust`, ...
    pub kind: &'static str,
    pub title: String,
    pub owner: String,
    pub errors: usize,
    pub findings: usize,
    /// An AWS managed policy attached by ARN: its document is shown read-only.
    pub managed: bool,
}

/// The Monaco model key of a tab: the policy id, or `m<id>` for an AWS managed policy's document (the editor's
/// change callback ignores keys that are not ids, so a managed document can never be written back).
pub fn model_key(id: u32, managed: bool) -> String {
    if managed {
        format!("m{id}")
    } else {
        id.to_string()
    }
}

#[derive(Properties, PartialEq)]
pub struct EditorPaneProps {
    pub tabs: Vec<TabInfo>,
    pub active: Option<u32>,
    /// The active policy's text (Monaco's model is created from it).
    pub active_text: AttrValue,
    pub jump: Option<Jump>,
    pub dark: bool,
    pub read_only: bool,
    pub texts: EditorTexts,
    pub dispatch: UseReducerDispatcher<AppState>,
    /// Tells the app the editor exists (so it can sync models and markers).
    pub on_ready: Callback<()>,
}

/// What the kind means, in the words of the mental model.
pub fn kind_hint(kind: &str) -> &'static str {
    match kind {
        "identity" => "Identity policy — what can this identity do?",
        "resource" => "Resource policy — who can access this resource?",
        "trust" => "Trust policy — who may assume this role (the role is a temporary identity)?",
        "boundary" => "Permissions boundary — the most this identity may ever do; it grants nothing itself.",
        "scp" => "Service control policy — the most anyone in this account may do; it grants nothing itself.",
        "rcp" => "Resource control policy — the most anyone may do to this account's resources.",
        "session" => "Session policy — limits this request's session; it grants nothing itself.",
        "endpoint" => "VPC endpoint policy — what may pass through this endpoint; it grants nothing itself.",
        _ => "",
    }
}

type Slot = Rc<RefCell<Option<(monaco::Editor, Closure<dyn FnMut(String, String)>)>>>;

#[function_component]
pub fn EditorPane(props: &EditorPaneProps) -> Html {
    let host = use_node_ref();
    let slot: Slot = use_mut_ref(|| None);
    let ready = use_state(|| false);

    {
        let host = host.clone();
        let slot = slot.clone();
        let ready = ready.clone();
        let dispatch = props.dispatch.clone();
        let texts = props.texts.clone();
        let read_only = props.read_only;
        let dark = props.dark;
        let on_ready = props.on_ready.clone();
        use_effect_with((), move |_| {
            if let Some(element) = host.cast::<web_sys::HtmlElement>() {
                let slot = slot.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let closure = Closure::<dyn FnMut(String, String)>::new(
                        move |key: String, text: String| {
                            if let Ok(id) = key.parse::<u32>() {
                                if let Ok(mut known) = texts.0.try_borrow_mut() {
                                    known.insert(id, text.clone());
                                }
                                dispatch.dispatch(Action::SetText(id, text));
                            }
                        },
                    );
                    if let Ok(editor) =
                        monaco::create_editor(&element, read_only, dark, &closure).await
                    {
                        let editor: monaco::Editor = editor.unchecked_into();
                        *slot.borrow_mut() = Some((editor, closure));
                        ready.set(true);
                        on_ready.emit(());
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

    let active_kind = props
        .active
        .and_then(|id| props.tabs.iter().find(|t| t.id == id))
        .map_or("identity", |t| t.kind);
    let active_managed = props
        .active
        .and_then(|id| props.tabs.iter().find(|t| t.id == id))
        .is_some_and(|t| t.managed);

    // Show the active policy.
    {
        let slot = slot.clone();
        let text = props.active_text.clone();
        let texts = props.texts.clone();
        // A managed document arrives after its tab opens (the snapshot is fetched on demand): show it then.
        let managed_len = active_managed.then(|| text.len());
        use_effect_with(
            (*ready, props.active, active_managed, managed_len),
            move |(ready, active, managed, _)| {
                if let (true, Some(id), Some((editor, _))) =
                    (*ready, *active, slot.borrow().as_ref())
                {
                    if !*managed {
                        if let Ok(mut known) = texts.0.try_borrow_mut() {
                            known.insert(id, text.to_string());
                        }
                    }
                    monaco::show_model(editor, &model_key(id, *managed), active_kind, &text);
                }
            },
        );
    }

    // Jumps: a problem or a decisive statement.
    {
        let slot = slot.clone();
        let text = props.active_text.clone();
        let jump = props.jump;
        let tab = props
            .jump
            .and_then(|j| props.tabs.iter().find(|t| t.id == j.policy));
        let kind = tab.map_or("identity", |t| t.kind);
        let managed = tab.is_some_and(|t| t.managed);
        use_effect_with((*ready, jump.map(|j| j.seq)), move |(ready, _)| {
            if let (true, Some(jump), Some((editor, _))) = (*ready, jump, slot.borrow().as_ref()) {
                let r = jump.range;
                monaco::reveal(
                    editor,
                    &model_key(jump.policy, managed),
                    kind,
                    &text,
                    r.line.max(1),
                    r.column.max(1),
                    r.end_line.max(1),
                    r.end_column.max(1),
                    jump.mark,
                    jump.focus,
                );
            }
        });
    }

    {
        let slot = slot.clone();
        use_effect_with(
            (*ready, props.read_only || active_managed),
            move |(ready, read_only)| {
                if let (true, Some((editor, _))) = (*ready, slot.borrow().as_ref()) {
                    monaco::set_read_only(editor, *read_only);
                }
            },
        );
    }

    // The active tab (opened from a statement link, say) scrolls into the strip's view; only the strip moves.
    use_effect_with(props.active, |active| {
        let tab = active
            .and_then(|id| gloo_utils::document().get_element_by_id(&format!("policy-tab-{id}")))
            .and_then(|button| button.parent_element())
            .and_then(|tab| tab.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some((tab, strip)) =
            tab.and_then(|tab| tab.parent_element().map(|strip| (tab, strip)))
        {
            let (left, right) = (tab.offset_left(), tab.offset_left() + tab.offset_width());
            if left < strip.scroll_left() {
                strip.set_scroll_left(left);
            } else if right > strip.scroll_left() + strip.client_width() {
                strip.set_scroll_left(right - strip.client_width());
            }
        }
    });

    let first = props.tabs.first().map(|t| t.id);
    let tab_keys = {
        let dispatch = props.dispatch.clone();
        let ids: Vec<u32> = props.tabs.iter().map(|t| t.id).collect();
        let active = props.active;
        Callback::from(move |event: KeyboardEvent| {
            let index = active
                .and_then(|a| ids.iter().position(|id| *id == a))
                .unwrap_or(0);
            let key = event.key();
            let next = match key.as_str() {
                "Delete" => {
                    event.prevent_default();
                    if let Some(id) = ids.get(index).copied() {
                        dispatch.dispatch(Action::ClosePolicy(id));
                        // Focus stays in the list, on the tab that is opened instead.
                        focus_selected_tab();
                    }
                    return;
                }
                key => match super::tab_key_target(key, index, ids.len()) {
                    Some(next) => next,
                    None => return,
                },
            };
            event.prevent_default();
            if let Some(id) = ids.get(next).copied() {
                dispatch.dispatch(Action::OpenPolicy(id));
                focus_tab(id);
            }
        })
    };
    let hint = kind_hint(active_kind);
    let active_tab = props
        .active
        .and_then(|id| props.tabs.iter().find(|t| t.id == id));
    html! {
        <section class="editor-pane" aria-label="Policy editor">
            // The ARIA tabs pattern: one tab stop, arrows and Home/End move and open, Delete closes (the visible ×
            // is for the mouse; a tab list may only hold tabs), every tab controls the one editor below.
            <div class="tabs" role="tablist" aria-label="Open policies" onkeydown={tab_keys}>
                { for props.tabs.iter().map(|tab| {
                    let id = tab.id;
                    let selected = props.active == Some(id);
                    let open = { let d = props.dispatch.clone(); Callback::from(move |_| d.dispatch(Action::OpenPolicy(id))) };
                    let close = { let d = props.dispatch.clone(); Callback::from(move |e: MouseEvent| { e.stop_propagation(); d.dispatch(Action::ClosePolicy(id)) }) };
                    html! {
                        <div key={id} class={classes!("tab", selected.then_some("active"))} role="presentation">
                            <button type="button" role="tab" id={format!("policy-tab-{id}")} aria-selected={selected.to_string()} aria-controls="editor"
                                    tabindex={if selected || (props.active.is_none() && Some(id) == first) { "0" } else { "-1" }}
                                    aria-keyshortcuts="Delete" class="tab-open" onclick={open}
                                    data-policy={id.to_string()} title={format!("{} policy of {}", tab.kind, tab.owner)}>
                                <span class={classes!("kind-tag", format!("kind-{}", tab.kind))}>{ tab.kind }</span>
                                <span class="tab-owner">{ tab.owner.clone() }</span>
                                <span class="tab-title">{ tab.title.clone() }</span>
                                if tab.managed { <span class="aws-tag" title="AWS managed policy (read-only)">{ "AWS" }</span> }
                                if tab.errors > 0 { <span class="badge error">{ tab.errors }<span class="sr-only">{ if tab.errors == 1 { " error" } else { " errors" } }</span></span> }
                                else if tab.findings > 0 { <span class="badge warning">{ tab.findings }<span class="sr-only">{ if tab.findings == 1 { " finding" } else { " findings" } }</span></span> }
                            </button>
                            <button type="button" class="tab-close" aria-hidden="true" tabindex="-1" title="Close (Delete)" onclick={close}>{ "×" }</button>
                        </div>
                    }
                }) }
            </div>
            if let Some(tab) = active_tab {
                <p class="kind-hint"><span class={classes!("kind-tag", format!("kind-{}", tab.kind))}>{ tab.kind }</span>{ " " }{ hint }<span class="owner">{ format!(" · {}", tab.owner) }</span></p>
                if tab.managed {
                    <p class="managed-note" id="managed-note">{ "AWS managed policy, attached by ARN: AWS writes it, so it is read-only here. Detach it in the scenario panel." }</p>
                }
            }
            <div class="editor-wrap" id="editor" role="tabpanel" aria-labelledby={props.active.map(|id| format!("policy-tab-{id}"))} data-loaded={ready.to_string()} data-policy={props.active.map(|id| id.to_string())}>
                // Monaco owns this element's children; Yew never renders into it.
                <div class="editor" ref={host}></div>
                if !*ready {
                    // Scrollable, so it takes focus: keyboard users can scroll it (WCAG 2.1.1).
                    <pre class="editor-fallback" tabindex="0" role="region" aria-label="Policy text (the editor is loading)">{ props.active_text.to_string() }</pre>
                }
                if props.active.is_none() {
                    <p class="editor-empty">{ "Open a policy from the scenario panel." }</p>
                }
            </div>
        </section>
    }
}

/// Focuses the tab of policy `id` (every open tab is rendered, so it exists now).
fn focus_tab(id: u32) {
    if let Some(element) = gloo_utils::document().get_element_by_id(&format!("policy-tab-{id}")) {
        if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
            let _ = element.focus();
        }
    }
}

/// After a close has re-rendered the tabs, focuses the selected one (if any is left).
fn focus_selected_tab() {
    gloo_timers::callback::Timeout::new(0, || {
        let selected = gloo_utils::document()
            .query_selector(".tabs [role=\"tab\"][aria-selected=\"true\"]")
            .ok()
            .flatten();
        if let Some(element) = selected.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = element.focus();
        }
    })
    .forget();
}
