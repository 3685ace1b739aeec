//! A scenario's lesson text: a small Markdown subset (`**bold**`, `*em*`, `` `code` ``, `[text](https://...)`)
//! turned into elements. Text is always text: no HTML from the scenario reaches the DOM.

use yew::prelude::*;

/// Inline Markdown to nodes. Unclosed markers stay literal; only `https://` links become links.
pub fn inline(text: &str) -> Html {
    let mut nodes: Vec<Html> = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    let flush = |plain: &mut String, nodes: &mut Vec<Html>| {
        if !plain.is_empty() {
            nodes.push(html! { { std::mem::take(plain) } });
        }
    };
    while let Some(ch) = rest.chars().next() {
        let after = &rest[ch.len_utf8()..];
        if ch == '`' {
            if let Some(end) = after.find('`') {
                flush(&mut plain, &mut nodes);
                nodes.push(html! { <code>{ after[..end].to_string() }</code> });
                rest = &after[end + 1..];
                continue;
            }
        } else if rest.starts_with("**") {
            if let Some(end) = rest[2..].find("**") {
                flush(&mut plain, &mut nodes);
                nodes.push(html! { <strong>{ inline(&rest[2..2 + end]) }</strong> });
                rest = &rest[2 + end + 2..];
                continue;
            }
        } else if ch == '*' {
            if let Some(end) = after.find('*') {
                if end > 0 {
                    flush(&mut plain, &mut nodes);
                    nodes.push(html! { <em>{ inline(&after[..end]) }</em> });
                    rest = &after[end + 1..];
                    continue;
                }
            }
        } else if ch == '[' {
            if let Some(close) = after.find("](") {
                let label = &after[..close];
                let target = &after[close + 2..];
                if let Some(end) = target.find(')') {
                    let url = &target[..end];
                    flush(&mut plain, &mut nodes);
                    if url.starts_with("https://") {
                        nodes.push(html! {
                            <a href={url.to_string()} target="_blank" rel="noopener noreferrer">{ inline(label) }</a>
                        });
                    } else {
                        nodes.push(inline(label));
                    }
                    rest = &target[end + 1..];
                    continue;
                }
            }
        }
        plain.push(ch);
        rest = after;
    }
    flush(&mut plain, &mut nodes);
    nodes.into_iter().collect::<Html>()
}

#[derive(Properties, PartialEq)]
pub struct LessonProps {
    pub title: AttrValue,
    pub text: AttrValue,
}

/// The lesson card: title and text, clamped to a few lines until expanded so the matrix stays in view.
#[function_component]
pub fn Lesson(props: &LessonProps) -> Html {
    let expanded = use_state(|| false);
    if props.text.is_empty() && props.title.is_empty() {
        return html! {};
    }
    let toggle = {
        let expanded = expanded.clone();
        Callback::from(move |_| expanded.set(!*expanded))
    };
    html! {
        <section class={classes!("lesson", (!*expanded).then_some("clamped"))} aria-label="Lesson">
            <div class="lesson-head">
                <span class="lesson-kicker">{ "Lesson" }</span>
                <span class="lesson-title">{ props.title.to_string() }</span>
            </div>
            <div class="lesson-text" id="lesson-text">
                { for props.text.split("\n\n").map(|paragraph| html! { <p>{ inline(paragraph) }</p> }) }
            </div>
            if !props.text.is_empty() {
                <button type="button" class="link lesson-toggle" aria-expanded={expanded.to_string()} aria-controls="lesson-text" onclick={toggle}>
                    { if *expanded { "Show less" } else { "Read the whole lesson" } }
                </button>
            }
        </section>
    }
}
