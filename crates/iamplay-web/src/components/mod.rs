//! The playground's view components. Each renders state it is given; none decides anything about IAM.
//! Every string from a scenario is rendered as text (Yew escapes it); nothing uses `inner_html`.

pub mod banners;
pub mod baseline;
pub mod change;
pub mod course;
pub mod decision_badge;
pub mod diagram;
pub mod dialogs;
pub mod editor_pane;
pub mod explanation;
pub mod header;
pub mod island;
pub mod lesson;
pub mod matrix;
pub mod on_demand_dialogs;
pub mod problems;
pub mod requests;
pub mod scenario_panel;
pub mod tighten;

use std::rc::Rc;

/// Props holding shared data compare it by identity: a new `Rc` means new data, so Yew re-renders without
/// walking every cell or problem (and without the code a deep comparison costs).
pub fn same<T>(a: &Rc<T>, b: &Rc<T>) -> bool {
    Rc::ptr_eq(a, b)
}

pub fn same_opt<T>(a: &Option<Rc<T>>, b: &Option<Rc<T>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => Rc::ptr_eq(a, b),
        (None, None) => true,
        _ => false,
    }
}

/// The tab a key moves to in an ARIA tab list of `count` tabs with `index` selected (arrows wrap, Home and End
/// jump); `None` for any other key.
pub fn tab_key_target(key: &str, index: usize, count: usize) -> Option<usize> {
    let last = count.checked_sub(1)?;
    match key {
        "ArrowRight" if index >= last => Some(0),
        "ArrowRight" => Some(index + 1),
        "ArrowLeft" if index == 0 => Some(last),
        "ArrowLeft" => Some(index - 1),
        "Home" => Some(0),
        "End" => Some(last),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::tab_key_target;

    #[test]
    fn tab_keys_wrap_and_jump() {
        assert_eq!(tab_key_target("ArrowRight", 0, 3), Some(1));
        assert_eq!(tab_key_target("ArrowRight", 2, 3), Some(0));
        assert_eq!(tab_key_target("ArrowLeft", 0, 3), Some(2));
        assert_eq!(tab_key_target("ArrowLeft", 2, 3), Some(1));
        assert_eq!(tab_key_target("Home", 2, 3), Some(0));
        assert_eq!(tab_key_target("End", 0, 3), Some(2));
        assert_eq!(tab_key_target("Enter", 0, 3), None);
        assert_eq!(tab_key_target("ArrowRight", 0, 0), None);
    }
}
