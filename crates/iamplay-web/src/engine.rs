//! Translates between the page and the core: text in, a small view model out. Decides nothing itself.

use iamplay_core::eval::{evaluate, AuthorizationRequest, NamedPolicy, Principal};
use iamplay_core::policy::{parse_policy, PolicyKind};

/// The one request the starter page asks about.
pub const STARTER_REQUEST_TEXT: &str =
    "May IAM user alice (account 111122223333) call s3:GetObject on arn:aws:s3:::example-bucket/reports/q3.csv?";
const STARTER_USER: &str = "arn:aws:iam::111122223333:user/alice";
const STARTER_ACTION: &str = "s3:GetObject";
const STARTER_RESOURCE: &str = "arn:aws:s3:::example-bucket/reports/q3.csv";
const STARTER_ACCOUNT: &str = "111122223333";

/// What the page shows for one request.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// `decision` is the core's decision name (`Allow`, `ExplicitDeny`, `ImplicitDeny`).
    Decided { decision: String, summary: String },
    /// The policy did not parse; the messages say why.
    Invalid { errors: Vec<String> },
}

/// Evaluates the starter request against an identity policy text.
pub fn decide_starter_request(identity_policy: &str) -> Outcome {
    let parsed = parse_policy(identity_policy, PolicyKind::Identity);
    let Some(policy) = parsed.policy else {
        return Outcome::Invalid {
            errors: parsed
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| match d.span {
                    Some(span) => format!("{}:{}: {}", span.start.line, span.start.column, d.message),
                    None => d.message.clone(),
                })
                .collect(),
        };
    };
    let mut request = AuthorizationRequest::new(Principal::iam_user(STARTER_USER), STARTER_ACTION, STARTER_RESOURCE);
    request.resource_account = Some(STARTER_ACCOUNT.to_string());
    request.policies.identity.push(NamedPolicy::new("user/alice:inline:Starter", &policy));
    let evaluation = evaluate(&request);
    Outcome::Decided {
        decision: format!("{:?}", evaluation.decision),
        summary: evaluation.explanation.summary,
    }
}
