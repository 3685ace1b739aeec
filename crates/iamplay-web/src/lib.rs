//! The iamplay playground (Yew). Renders what the core decides; decides nothing itself.

pub mod components;
pub mod engine;
pub mod hooks;
pub mod monaco;

use components::decision_badge::DecisionBadge;
use components::policy_editor::PolicyEditor;
use hooks::use_test_hook::{use_test_hook, TestHook};
use yew::prelude::*;

/// The identity policy the page starts with.
pub const STARTER_POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadReports",
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::example-bucket/reports/*"
    }
  ]
}
"#;

#[function_component]
pub fn App() -> Html {
    let identity = use_state(|| STARTER_POLICY.to_string());
    let outcome = use_memo((*identity).clone(), |text| engine::decide_starter_request(text));

    let on_change = {
        let identity = identity.clone();
        Callback::from(move |text: String| identity.set(text))
    };
    use_test_hook(TestHook {
        set_policy: {
            let identity = identity.clone();
            Callback::from(move |(kind, text): (String, String)| {
                if kind == "identity" {
                    identity.set(text);
                }
            })
        },
        get_policy: {
            let identity = identity.clone();
            Callback::from(move |kind: String| (kind == "identity").then(|| (*identity).clone()))
        },
    });

    html! {
        <>
            <header class="app-header"><h1>{ "iamplay" }</h1><span class="tagline">{ "AWS IAM policy playground" }</span></header>
            <main id="app">
                <section aria-labelledby="identity-title">
                    <h2 id="identity-title">{ "Identity policy — what can this identity do?" }</h2>
                    <PolicyEditor id="identity" value={(*identity).clone()} {on_change} />
                </section>
                <section aria-labelledby="request-title">
                    <h2 id="request-title">{ "Request" }</h2>
                    <p class="request">{ engine::STARTER_REQUEST_TEXT }</p>
                    <DecisionBadge outcome={(*outcome).clone()} />
                </section>
            </main>
        </>
    }
}

/// Mounts the app on `<body>`.
pub fn start() {
    yew::Renderer::<App>::new().render();
}
