//! Messages across the top: previous work kept, broken share links, failed saves.

use crate::state::{Action, AppState, Banner};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct BannersProps {
    pub banners: Vec<Banner>,
    pub dispatch: UseReducerDispatcher<AppState>,
    /// Brings the parked previous work back.
    pub on_restore: Callback<()>,
}

#[function_component]
pub fn Banners(props: &BannersProps) -> Html {
    html! {
        <div class="banners" role="status" aria-live="polite">
            { for props.banners.iter().map(|banner| {
                let dismiss = {
                    let dispatch = props.dispatch.clone();
                    let banner = banner.clone();
                    Callback::from(move |_| dispatch.dispatch(Action::DismissBanner(banner.clone())))
                };
                let (class, body) = match banner {
                    Banner::PreviousWorkKept(reason) => ("info", html! {
                        <>
                            <span>{ format!("{reason} Your previous work is kept.") }</span>
                            <button class="link" id="restore-previous" onclick={props.on_restore.reform(|_| ())}>
                                { "Restore your previous work" }
                            </button>
                        </>
                    }),
                    Banner::ShareLinkBroken(message) => ("warning", html! {
                        <span>{ format!("The share link could not be opened: {message}. Your saved work was not changed.") }</span>
                    }),
                    Banner::SaveFailed(message) => ("error", html! {
                        <span>{ format!("Autosave failed: {message}. Your last saved copy is intact; copy a share link to keep this work.") }</span>
                    }),
                    Banner::Info(message) => ("info", html! { <span>{ message.clone() }</span> }),
                };
                html! {
                    <div class={classes!("banner", class)}>
                        { body }
                        <button class="icon-button" aria-label="Dismiss" title="Dismiss" onclick={dismiss}>{ "×" }</button>
                    </div>
                }
            }) }
        </div>
    }
}
