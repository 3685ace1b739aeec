//! A small JSON writer for what the page hands to JavaScript and to storage (share links, autosave, the test
//! hook, Monaco schemas and markers). Reading uses the core's spanned JSON parser. Kept instead of serde_json
//! because the app's wasm size budget is tight and this is all it needs.

/// A JSON value to write. Objects keep their key order.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

/// An object from `(key, value)` pairs.
pub fn obj<const N: usize>(pairs: [(&str, Json); N]) -> Json {
    Json::Obj(
        pairs
            .into_iter()
            .map(|(key, value)| (key.to_string(), value))
            .collect(),
    )
}

pub fn arr(items: impl IntoIterator<Item = Json>) -> Json {
    Json::Arr(items.into_iter().collect())
}

impl From<&str> for Json {
    fn from(text: &str) -> Self {
        Json::Str(text.to_string())
    }
}

impl From<String> for Json {
    fn from(text: String) -> Self {
        Json::Str(text)
    }
}

impl From<&String> for Json {
    fn from(text: &String) -> Self {
        Json::Str(text.clone())
    }
}

impl From<bool> for Json {
    fn from(value: bool) -> Self {
        Json::Bool(value)
    }
}

impl From<u32> for Json {
    fn from(value: u32) -> Self {
        Json::Num(f64::from(value))
    }
}

impl From<usize> for Json {
    fn from(value: usize) -> Self {
        Json::Num(value as f64)
    }
}

impl From<f64> for Json {
    fn from(value: f64) -> Self {
        Json::Num(value)
    }
}

impl<T: Into<Json>> From<Option<T>> for Json {
    fn from(value: Option<T>) -> Self {
        value.map_or(Json::Null, Into::into)
    }
}

impl<T: Into<Json>> From<Vec<T>> for Json {
    fn from(items: Vec<T>) -> Self {
        Json::Arr(items.into_iter().map(Into::into).collect())
    }
}

/// Writes `text` as a JSON string literal.
pub fn quote_into(out: &mut String, text: &str) {
    out.push('"');
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // `<` too, so JSON placed in HTML can never close a tag.
            c if (c as u32) < 0x20 || c == '<' || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    quote_into(&mut out, text);
    out
}

impl Json {
    pub fn write(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(true) => out.push_str("true"),
            Json::Bool(false) => out.push_str("false"),
            // Integers exactly; other numbers (timings) with three decimals. Written by hand: `f64`'s
            // `Display` would pull float formatting into the wasm for this one use.
            Json::Num(n) if n.is_finite() && n.abs() < 9.0e15 => {
                let thousandths = (n * 1000.0).round() as i64;
                if thousandths < 0 {
                    out.push('-');
                }
                let magnitude = thousandths.unsigned_abs();
                out.push_str(&(magnitude / 1000).to_string());
                let fraction = magnitude % 1000;
                if fraction != 0 {
                    let digits = format!("{:03}", fraction);
                    out.push('.');
                    out.push_str(digits.trim_end_matches('0'));
                }
            }
            Json::Num(_) => out.push_str("null"),
            Json::Str(text) => quote_into(out, text),
            Json::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Json::Obj(pairs) => {
                out.push('{');
                for (i, (key, value)) in pairs.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    quote_into(out, key);
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }

    pub fn text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    /// Adds a pair to an object (no-op on other values).
    pub fn with(mut self, key: &str, value: impl Into<Json>) -> Self {
        if let Json::Obj(pairs) = &mut self {
            pairs.push((key.to_string(), value.into()));
        }
        self
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn writes_valid_json_the_core_reads_back() {
        let value = obj([
            ("a", "x\"y\\z\n</script>\u{1}".into()),
            ("n", Json::Num(3.0)),
            ("f", Json::Num(1.5)),
            (
                "list",
                arr([
                    Json::Null,
                    true.into(),
                    Json::Num(-2.0),
                    Json::Num(0.125),
                    Json::Num(-1.05),
                ]),
            ),
            ("none", Option::<String>::None.into()),
        ]);
        let text = value.text();
        assert!(!text.contains("</script>"));
        let parsed = iamplay_core::json::parse(&text, &iamplay_core::json::Limits::default())
            .expect("valid");
        let a = parsed
            .get("a")
            .and_then(|m| m.value.value.as_str().map(str::to_string));
        assert_eq!(a.as_deref(), Some("x\"y\\z\n</script>\u{1}"));
        assert!(text.contains("\"n\":3,") && text.contains("\"f\":1.5"));
        assert!(text.contains("[null,true,-2,0.125,-1.05]"), "{text}");
    }
}
