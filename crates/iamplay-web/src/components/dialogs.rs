//! Dialogs: the gallery of examples, share, embed (the iframe snippet) and keyboard shortcuts; and the shell of
//! the two whose bodies are islands, the AWS managed policy picker and the import dialog
//! (`components::on_demand_dialogs`).

use crate::gallery::ExampleCard;
use crate::state::{Action, AppState, Dialog};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DialogProps {
    pub dialog: Option<Dialog>,
    pub dispatch: UseReducerDispatcher<AppState>,
    pub cards: Vec<ExampleCard>,
    pub on_example: Callback<String>,
    /// The share URL of the current scenario.
    pub share_url: AttrValue,
    /// The embed URL of the current scenario.
    pub embed_url: AttrValue,
    pub on_copy: Callback<String>,
    /// The title and body of the picker or the import dialog when one is open.
    #[prop_or_default]
    pub island: Option<(String, Html)>,
}

#[function_component]
pub fn Dialogs(props: &DialogProps) -> Html {
    let Some(dialog) = props.dialog else {
        return html! {};
    };
    let close = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::Dialog(None)))
    };
    let on_backdrop = {
        let close = close.clone();
        Callback::from(move |event: MouseEvent| {
            let on_backdrop = event
                .target_dyn_into::<web_sys::Element>()
                .is_some_and(|e| e.class_list().contains("backdrop"));
            if on_backdrop {
                close.emit(());
            }
        })
    };
    let on_keydown = {
        let close = close.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" {
                close.emit(());
            }
        })
    };
    let copy = |text: String| {
        let on_copy = props.on_copy.clone();
        Callback::from(move |_| on_copy.emit(text.clone()))
    };
    let (title, body) = match dialog {
        Dialog::AttachManaged(_) | Dialog::Import => match &props.island {
            Some((title, body)) => (title.as_str(), body.clone()),
            None => return html! {},
        },
        Dialog::Gallery => (
            "Examples",
            html! {
                <>
                    <p class="muted">{ "Classic IAM lessons as live scenarios. Loading one keeps your current work recoverable." }</p>
                    <ul class="gallery" id="gallery">
                        { for props.cards.iter().map(|card| {
                            let pick = { let on_example = props.on_example.clone(); let id = card.id.clone(); Callback::from(move |_| on_example.emit(id.clone())) };
                            html! {
                                <li><button type="button" class="card" data-example={card.id.clone()} onclick={pick}>
                                    <span class="card-title">{ card.title.clone() }</span>
                                    <span class="card-summary">{ card.summary.clone() }</span>
                                </button></li>
                            }
                        }) }
                    </ul>
                </>
            },
        ),
        Dialog::Share => (
            "Share this scenario",
            html! {
                <>
                    <p>{ "The link holds the whole scenario, compressed in the part after " }<code>{ "#" }</code>{ ", which browsers never send to a server. Anyone opening it gets exactly this scenario." }</p>
                    <textarea class="snippet" id="share-url" aria-label="Share link" readonly=true rows="4" value={props.share_url.clone()} />
                    <div class="dialog-actions"><button type="button" class="primary" onclick={copy(props.share_url.to_string())}>{ "Copy link" }</button></div>
                </>
            },
        ),
        Dialog::Embed => {
            let snippet = format!(
                "<iframe src=\"{}\" title=\"iamplay: AWS IAM policy playground\" width=\"100%\" height=\"560\" style=\"border:1px solid #d0d7de;border-radius:8px\" loading=\"lazy\"></iframe>",
                props.embed_url.replace('"', "&quot;")
            );
            let read_only = props.embed_url.replacen("embed=1", "embed=1&readonly=1", 1);
            let read_only_snippet = snippet.replace(props.embed_url.as_str(), &read_only);
            (
                "Embed in your docs",
                html! {
                    <>
                        <p>{ "Paste this into a page to show this scenario with compact chrome: the matrix, the editors and the explanation. Readers can edit their copy; an \"Open in playground\" link takes them here." }</p>
                        <textarea class="snippet" id="embed-snippet" aria-label="Embed snippet" readonly=true rows="5" value={snippet.clone()} />
                        <div class="dialog-actions"><button type="button" class="primary" onclick={copy(snippet)}>{ "Copy snippet" }</button></div>
                        <p id="embed-read-only-label">{ "Read-only (readers cannot edit):" }</p>
                        <textarea class="snippet" id="embed-read-only-snippet" aria-labelledby="embed-read-only-label" readonly=true rows="5" value={read_only_snippet.clone()} />
                        <div class="dialog-actions"><button type="button" onclick={copy(read_only_snippet)}>{ "Copy read-only snippet" }</button></div>
                        <p class="muted">{ "Flags: " }<code>{ "?embed=1" }</code>{ " (compact), " }<code>{ "&readonly=1" }</code>{ " (no editing); the scenario travels in " }<code>{ "#s=" }</code>{ "." }</p>
                    </>
                },
            )
        }
        Dialog::Shortcuts => (
            "Keyboard shortcuts",
            html! {
                <table class="shortcuts">
                    <tbody>
                        <tr><th><kbd>{ "Ctrl" }</kbd>{ " + " }<kbd>{ "Enter" }</kbd></th><td>{ "re-run now and move focus to the matrix" }</td></tr>
                        <tr><th><kbd>{ "F8" }</kbd></th><td>{ "next problem (Shift+F8: previous)" }</td></tr>
                        <tr><th><kbd>{ "Ctrl" }</kbd>{ " + " }<kbd>{ "S" }</kbd></th><td>{ "save now (everything is saved as you type anyway)" }</td></tr>
                        <tr><th><kbd>{ "Ctrl" }</kbd>{ " + " }<kbd>{ "Z" }</kbd></th><td>{ "undo in the editor (each policy keeps its own history)" }</td></tr>
                        <tr><th>{ "Arrow keys" }</th><td>{ "move between matrix cells (Enter opens the explanation), between tabs, between lesson steps" }</td></tr>
                        <tr><th><kbd>{ "Delete" }</kbd></th><td>{ "close the focused policy tab" }</td></tr>
                        <tr><th><kbd>{ "Esc" }</kbd></th><td>{ "close a dialog" }</td></tr>
                        <tr><th><kbd>{ "?" }</kbd></th><td>{ "this list" }</td></tr>
                    </tbody>
                </table>
            },
        ),
    };
    html! {
        <div class="backdrop" onclick={on_backdrop} onkeydown={on_keydown}>
            <div class={classes!("dialog", match dialog { Dialog::AttachManaged(_) => "picker", Dialog::Import => "import", _ => "" })} role="dialog" aria-modal="true" aria-labelledby="dialog-title"
                 id={match dialog { Dialog::Gallery => "dialog-gallery", Dialog::Share => "dialog-share", Dialog::Embed => "dialog-embed", Dialog::Shortcuts => "dialog-shortcuts", Dialog::AttachManaged(_) => "dialog-managed", Dialog::Import => "dialog-import" }}>
                <div class="dialog-head">
                    <h2 id="dialog-title">{ title }</h2>
                    <button type="button" class="icon-button" aria-label="Close" onclick={close.reform(|_| ())} autofocus=true>{ "×" }</button>
                </div>
                { body }
            </div>
        </div>
    }
}
