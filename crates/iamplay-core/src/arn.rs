//! ARN parsing: `arn:partition:service:region:account-id:resource` (reference_policies_elements_resource.md).

use serde::Serialize;

/// A parsed ARN borrowing from its text. `resource` is everything after the fifth colon (it may hold colons).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Arn<'a> {
    pub partition: &'a str,
    pub service: &'a str,
    pub region: &'a str,
    pub account: &'a str,
    pub resource: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ArnError {
    #[error("`{0}` does not start with `arn:`")]
    NoPrefix(String),
    #[error("`{0}` has fewer than six `:`-separated parts")]
    TooFewParts(String),
}

impl<'a> Arn<'a> {
    pub fn parse(text: &'a str) -> Result<Self, ArnError> {
        let mut parts = text.splitn(6, ':');
        let prefix = parts.next();
        if prefix != Some("arn") {
            return Err(ArnError::NoPrefix(text.to_string()));
        }
        match (parts.next(), parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some(partition), Some(service), Some(region), Some(account), Some(resource)) => Ok(Self {
                partition,
                service,
                region,
                account,
                resource,
            }),
            _ => Err(ArnError::TooFewParts(text.to_string())),
        }
    }
}
