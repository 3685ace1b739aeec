//! The playground's view components. Each renders state it is given; none decides anything about IAM.
//! Every string from a scenario is rendered as text (Yew escapes it); nothing uses `inner_html`.

pub mod banners;
pub mod decision_badge;
pub mod dialogs;
pub mod editor_pane;
pub mod explanation;
pub mod header;
pub mod lesson;
pub mod matrix;
pub mod problems;
pub mod requests;
pub mod scenario_panel;
