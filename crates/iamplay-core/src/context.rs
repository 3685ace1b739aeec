//! The request context: condition keys and their values, looked up case-insensitively by key name.
//!
//! Condition key names are case-insensitive (reference_policies_elements_condition.md, "The condition block");
//! values keep their case.

use serde::Serialize;
use std::collections::BTreeMap;

/// A context value: single-valued keys hold one string, multivalued keys (e.g. `aws:TagKeys`) a set.
/// Numbers, booleans, dates and IPs are carried as the strings a request would carry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum ContextValue {
    Single(String),
    Multi(Vec<String>),
}

impl ContextValue {
    /// All values, one for a single-valued key.
    pub fn values(&self) -> &[String] {
        match self {
            ContextValue::Single(one) => std::slice::from_ref(one),
            ContextValue::Multi(many) => many,
        }
    }
}

/// Condition keys present in a request. Keys are stored lowercased; the original spelling is kept for display.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RequestContext {
    entries: BTreeMap<String, (String, ContextValue)>,
}

impl RequestContext {
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `key` (any case) to `value`, replacing an earlier value of the same key in any case.
    pub fn insert(&mut self, key: &str, value: ContextValue) {
        self.entries
            .insert(key.to_ascii_lowercase(), (key.to_string(), value));
    }

    /// Sets `key` only when the caller did not give it (the evaluator's defaults never override the caller).
    pub fn insert_default(&mut self, key: &str, value: ContextValue) {
        self.entries
            .entry(key.to_ascii_lowercase())
            .or_insert_with(|| (key.to_string(), value));
    }

    pub fn get(&self, key: &str) -> Option<&ContextValue> {
        self.entries.get(&key.to_ascii_lowercase()).map(|(_, v)| v)
    }

    /// Keys with their original spelling, in lowercase-key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &ContextValue)> {
        self.entries.values().map(|(k, v)| (k.as_str(), v))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}
