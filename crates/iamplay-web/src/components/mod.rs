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
pub mod import_dialog;
pub mod lesson;
pub mod managed_picker;
pub mod matrix;
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
