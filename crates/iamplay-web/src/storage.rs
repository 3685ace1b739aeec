//! Autosave to localStorage, atomically: each save goes to the slot the pointer does not name, is read back,
//! and only then does the pointer switch. A failed write (quota, storage disabled) leaves the previous save
//! whole and is reported, never swallowed. Work replaced by a share link or a gallery example is parked in
//! a "previous work" key so it can be restored.

use crate::model::Workspace;
const POINTER: &str = "iamplay.v1.current";
const SLOTS: [&str; 2] = ["iamplay.v1.slot.a", "iamplay.v1.slot.b"];
const PREVIOUS: &str = "iamplay.v1.previous";
const THEME: &str = "iamplay.theme";

/// A saved copy is at most this large (localStorage rarely allows more than 5 MB in all).
const MAX_SAVED_BYTES: usize = 4 * 1024 * 1024;

fn storage() -> Result<web_sys::Storage, String> {
    gloo_utils::window()
        .local_storage()
        .ok()
        .flatten()
        .ok_or_else(|| "local storage is not available in this browser".to_string())
}

fn describe(error: &wasm_bindgen::JsValue) -> String {
    let name = js_sys::Reflect::get(error, &"name".into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    if name.contains("Quota") {
        "the browser's storage for this page is full".into()
    } else {
        let message = js_sys::Reflect::get(error, &"message".into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_else(|| "unknown error".into());
        format!("the browser refused to store it ({message})")
    }
}

fn set(store: &web_sys::Storage, key: &str, value: &str) -> Result<(), String> {
    store.set_item(key, value).map_err(|e| describe(&e))
}

fn get(store: &web_sys::Storage, key: &str) -> Option<String> {
    store.get_item(key).ok().flatten()
}

/// Saves `ws` atomically. `Err` says why; the previous save is then untouched.
pub fn save(ws: &Workspace) -> Result<(), String> {
    let store = storage()?;
    let text = ws.to_json().text();
    let current = get(&store, POINTER);
    let target = if current.as_deref() == Some(SLOTS[0]) {
        SLOTS[1]
    } else {
        SLOTS[0]
    };
    set(&store, target, &text)?;
    if get(&store, target).as_deref() != Some(text.as_str()) {
        return Err("the saved copy did not read back the same".into());
    }
    set(&store, POINTER, target)
}

fn read_slot(store: &web_sys::Storage, key: &str) -> Option<Workspace> {
    let text = get(store, key)?;
    Workspace::from_json(&text, MAX_SAVED_BYTES).ok()
}

/// The last saved workspace: the slot the pointer names, else the other one (a save interrupted before the
/// pointer moved leaves the older, complete copy).
pub fn load() -> Option<Workspace> {
    let store = storage().ok()?;
    let current = get(&store, POINTER);
    let order: Vec<&str> = match current.as_deref() {
        Some(key) if key == SLOTS[1] => vec![SLOTS[1], SLOTS[0]],
        _ => vec![SLOTS[0], SLOTS[1]],
    };
    order.into_iter().find_map(|key| read_slot(&store, key))
}

/// Parks `ws` as the previous work (before a share link or example replaces it).
pub fn park_previous(ws: &Workspace) -> Result<(), String> {
    let store = storage()?;
    let text = ws.to_json().text();
    match set(&store, PREVIOUS, &text) {
        Ok(()) => Ok(()),
        Err(error) => {
            // No room for a second copy (a large account fills most of the browser's quota): when the autosave
            // slot already holds exactly this work, move it instead of copying it. The parked copy is then the
            // only one, complete, and the replacing workspace's autosave goes to the other slot.
            let slot = get(&store, POINTER).filter(|slot| SLOTS.contains(&slot.as_str()));
            match slot {
                Some(slot) if get(&store, &slot).as_deref() == Some(text.as_str()) => {
                    let _ = store.remove_item(PREVIOUS);
                    let _ = store.remove_item(&slot);
                    set(&store, PREVIOUS, &text).or_else(|_| {
                        // Put the autosave back as it was; the work stays open and saved.
                        set(&store, &slot, &text)?;
                        Err(error)
                    })
                }
                _ => Err(error),
            }
        }
    }
}

pub fn previous() -> Option<Workspace> {
    let store = storage().ok()?;
    read_slot(&store, PREVIOUS)
}

pub fn forget_previous() {
    if let Ok(store) = storage() {
        let _ = store.remove_item(PREVIOUS);
    }
}

pub fn theme() -> Option<String> {
    storage().ok().and_then(|store| get(&store, THEME))
}

pub fn set_theme(theme: &str) {
    if let Ok(store) = storage() {
        let _ = set(&store, THEME, theme);
    }
}

/// Removes every key this module writes (tests).
pub fn clear_all() {
    if let Ok(store) = storage() {
        for key in SLOTS.iter().chain([POINTER, PREVIOUS, THEME].iter()) {
            let _ = store.remove_item(key);
        }
    }
}
