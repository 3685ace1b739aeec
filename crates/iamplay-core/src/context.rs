//! The request context: condition keys and their values, looked up case-insensitively by key name.
//!
//! Condition key names are case-insensitive (reference_policies_elements_condition.md, "The condition block");
//! values keep their case.

use serde::Serialize;

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

/// Condition keys present in a request. Entries are kept sorted by lowercased key, so lookups are a binary
/// search that compares case-insensitively without allocating (this runs once per condition clause).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RequestContext {
    /// (lowercased key, key as written, value), sorted by the lowercased key.
    entries: Vec<(String, String, ContextValue)>,
}

/// Orders a stored lowercased key against a key of any case.
fn compare_lowercased(stored: &str, key: &str) -> std::cmp::Ordering {
    stored
        .bytes()
        .cmp(key.bytes().map(|b| b.to_ascii_lowercase()))
}

impl RequestContext {
    pub fn new() -> Self {
        Self::default()
    }

    fn find(&self, key: &str) -> Result<usize, usize> {
        self.entries
            .binary_search_by(|(lower, _, _)| compare_lowercased(lower, key))
    }

    /// Sets `key` (any case) to `value`, replacing an earlier value of the same key in any case.
    pub fn insert(&mut self, key: &str, value: ContextValue) {
        let entry = (key.to_ascii_lowercase(), key.to_string(), value);
        match self.find(key) {
            Ok(at) => {
                if let Some(slot) = self.entries.get_mut(at) {
                    *slot = entry;
                }
            }
            Err(at) => self.entries.insert(at, entry),
        }
    }

    /// Sets `key` only when the caller did not give it (the evaluator's defaults never override the caller).
    pub fn insert_default(&mut self, key: &str, value: ContextValue) {
        if let Err(at) = self.find(key) {
            self.entries
                .insert(at, (key.to_ascii_lowercase(), key.to_string(), value));
        }
    }

    /// Removes `key` (any case), returning its value.
    pub fn remove(&mut self, key: &str) -> Option<ContextValue> {
        let at = self.find(key).ok()?;
        (at < self.entries.len()).then(|| self.entries.remove(at).2)
    }

    pub fn get(&self, key: &str) -> Option<&ContextValue> {
        let at = self.find(key).ok()?;
        self.entries.get(at).map(|(_, _, value)| value)
    }

    /// Keys with their original spelling, in lowercase-key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &ContextValue)> {
        self.entries
            .iter()
            .map(|(_, key, value)| (key.as_str(), value))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn single(value: &str) -> ContextValue {
        ContextValue::Single(value.to_string())
    }

    #[test]
    fn keys_are_case_insensitive_and_keep_their_spelling() {
        let mut context = RequestContext::new();
        context.insert("aws:SourceIp", single("203.0.113.9"));
        context.insert("AWS:username", single("alice"));
        assert_eq!(context.get("AWS:SOURCEIP"), Some(&single("203.0.113.9")));
        assert_eq!(context.get("aws:userName"), Some(&single("alice")));
        assert_eq!(context.get("aws:SourceVpc"), None);
        let keys: Vec<&str> = context.iter().map(|(key, _)| key).collect();
        assert_eq!(keys, ["aws:SourceIp", "AWS:username"]);
    }

    #[test]
    fn insert_replaces_and_defaults_never_override() {
        let mut context = RequestContext::new();
        context.insert("aws:username", single("alice"));
        context.insert_default("AWS:Username", single("bob"));
        assert_eq!(context.get("aws:username"), Some(&single("alice")));
        context.insert("AWS:USERNAME", single("carol"));
        assert_eq!(context.get("aws:username"), Some(&single("carol")));
        assert_eq!(context.len(), 1);
    }
}
