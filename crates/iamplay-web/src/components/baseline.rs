//! The baseline bar over the matrix: "Pin as baseline", then how many cells changed since (opened, closed),
//! with a way to pin again or unpin. The cells themselves are marked by the matrix (`baseline.rs` compares).

use crate::baseline::Marks;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties)]
pub struct BaselineBarProps {
    pub pinned: bool,
    pub marks: Option<Rc<Marks>>,
    /// The scenario loads now (a baseline with errors would compare nothing).
    pub can_pin: bool,
    pub on_pin: Callback<()>,
    pub on_unpin: Callback<()>,
    #[prop_or_default]
    pub error: Option<AttrValue>,
}

impl PartialEq for BaselineBarProps {
    fn eq(&self, other: &Self) -> bool {
        self.pinned == other.pinned
            && super::same_opt(&self.marks, &other.marks)
            && self.can_pin == other.can_pin
            && self.on_pin == other.on_pin
            && self.on_unpin == other.on_unpin
            && self.error == other.error
    }
}

#[function_component]
pub fn BaselineBar(props: &BaselineBarProps) -> Html {
    let pin = props.on_pin.reform(|_: MouseEvent| ());
    let unpin = props.on_unpin.reform(|_: MouseEvent| ());
    html! {
        <div class="tools-row baseline" id="baseline">
            if props.pinned {
                <span class="tools-status" id="baseline-summary" role="status"
                      data-changed={props.marks.as_ref().map_or(0, |m| m.total()).to_string()}>
                    { props.marks.as_ref().map_or_else(|| "Baseline pinned.".to_string(), |m| m.summary()) }
                </span>
                <button type="button" id="baseline-repin" disabled={!props.can_pin} onclick={pin}
                        title="Make the decisions shown now the baseline">{ "Pin again" }</button>
                <button type="button" id="baseline-unpin" onclick={unpin}>{ "Unpin" }</button>
            } else {
                <button type="button" id="baseline-pin" disabled={!props.can_pin} onclick={pin}
                        title="Remember these decisions: from now on the matrix marks every cell that changes">{ "Pin as baseline" }</button>
            }
            if let Some(error) = &props.error {
                <span class="error-note" role="alert">{ error.clone() }</span>
            }
        </div>
    }
}
