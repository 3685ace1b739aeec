//! The top bar: brand, scenario name, gallery, share, embed, theme and shortcuts.

use crate::state::{Action, AppState, Dialog, ThemeChoice};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub name: AttrValue,
    pub theme: ThemeChoice,
    pub dispatch: UseReducerDispatcher<AppState>,
    pub on_copy_link: Callback<()>,
    /// Text after a copy ("Link copied").
    #[prop_or_default]
    pub copied: Option<AttrValue>,
}

#[function_component]
pub fn Header(props: &HeaderProps) -> Html {
    let open = |dialog: Dialog| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::Dialog(Some(dialog))))
    };
    let theme = {
        let dispatch = props.dispatch.clone();
        let next = props.theme.next();
        Callback::from(move |_| dispatch.dispatch(Action::Theme(next)))
    };
    let theme_icon = match props.theme {
        ThemeChoice::System => "◐",
        ThemeChoice::Light => "☀",
        ThemeChoice::Dark => "☾",
    };
    html! {
        <header class="app-header">
            // The page's one level-one heading: the product and what it is.
            <h1 class="app-title">
                <a class="brand" href="./" title="iamplay home">
                    <span class="logo" aria-hidden="true">{ "⟨iam⟩" }</span>
                    <span class="brand-name">{ "iamplay" }</span>
                </a>
                <span class="tagline">{ "AWS IAM policy playground" }</span>
            </h1>
            <span class="scenario-title" title={props.name.clone()}>{ props.name.to_string() }</span>
            <div class="header-actions">
                <button type="button" class="primary" id="open-gallery" onclick={open(Dialog::Gallery)}>{ "Examples" }</button>
                <button type="button" id="open-import" onclick={open(Dialog::Import)} title="Import what the AWS CLI prints (nothing leaves your browser)">{ "Import" }</button>
                <button type="button" id="copy-link" onclick={props.on_copy_link.reform(|_| ())} title="Copy a link holding the whole scenario (nothing is uploaded)">
                    { props.copied.as_ref().map_or("Copy link".to_string(), |c| c.to_string()) }
                </button>
                <button type="button" id="open-share" onclick={open(Dialog::Share)}>{ "Share" }</button>
                <button type="button" id="open-embed" onclick={open(Dialog::Embed)}>{ "Embed" }</button>
                <button type="button" class="icon-button" id="theme-toggle" onclick={theme}
                        aria-label={format!("Theme: {} (click to change)", props.theme.name())} title={format!("Theme: {}", props.theme.name())}>
                    { theme_icon }
                </button>
                <button type="button" class="icon-button" id="open-shortcuts" onclick={open(Dialog::Shortcuts)} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">{ "?" }</button>
            </div>
        </header>
    }
}
