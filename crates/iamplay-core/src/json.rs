//! A strict JSON parser that keeps the source span of every value and key, with hard limits on size and depth.
//!
//! serde_json does not expose value spans, and IAM diagnostics must point at the exact bad value, so the
//! policy and scenario parsers read this tree instead.
//!
//! CONTRACT (owned by the parsing layer; other modules rely on these names):
//! - `parse(text, &Limits) -> Result<SpannedValue, Vec<Diagnostic>>`: never panics, never recurses past
//!   `limits.max_depth`, rejects texts longer than `limits.max_bytes` at once.
//! - duplicate object keys are kept in order (IAM policy parsers report them).
//!
//! The grammar is RFC 8259 exactly: no comments, no trailing commas, no single quotes, no `NaN`. The one
//! leniency is a leading UTF-8 byte order mark, which RFC 8259 section 8.1 lets parsers ignore (editors on
//! Windows add one). Parsing stops at the first syntax error: after one, JSON gives no reliable place to
//! resume, so further errors would mostly be noise.
//!
//! The parser is iterative (an explicit stack of open containers), so nesting depth costs heap, not call
//! stack; the depth limit is checked before a container is opened.

use crate::diagnostic::{Diagnostic, Position, Span};

/// Stable codes of every JSON error.
pub mod codes {
    /// The text is longer than `Limits::max_bytes`.
    pub const TOO_LARGE: &str = "E0101";
    /// Arrays and objects nest deeper than `Limits::max_depth`.
    pub const TOO_DEEP: &str = "E0102";
    /// A character that cannot start or continue the JSON at this point.
    pub const UNEXPECTED_CHARACTER: &str = "E0103";
    /// The text ends before the document is complete.
    pub const UNEXPECTED_END: &str = "E0104";
    /// A string has no closing `"`.
    pub const UNTERMINATED_STRING: &str = "E0105";
    /// A `\` escape other than `\" \\ \/ \b \f \n \r \t` and `\u` with four hex digits.
    pub const INVALID_ESCAPE: &str = "E0106";
    /// A `\u` escape that is not four hex digits, or a surrogate without its pair.
    pub const INVALID_UNICODE_ESCAPE: &str = "E0107";
    /// A raw control character (U+0000..U+001F) inside a string.
    pub const CONTROL_CHARACTER: &str = "E0108";
    /// A number that does not follow the JSON number grammar (`01`, `1.`, `-`, `1e`).
    pub const INVALID_NUMBER: &str = "E0109";
    /// A `,` directly before `]` or `}`.
    pub const TRAILING_COMMA: &str = "E0110";
    /// More text after the complete document.
    pub const TRAILING_CONTENT: &str = "E0111";
    /// An object key that is not a string (JSON keys need double quotes).
    pub const KEY_NOT_STRING: &str = "E0112";
    /// A word that is not `true`, `false` or `null` (often an unquoted string).
    pub const INVALID_LITERAL: &str = "E0113";
}

/// Hard limits that keep hostile input from hanging or crashing a shell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_bytes: usize,
    pub max_depth: usize,
}

impl Default for Limits {
    /// For one policy document: 1 MiB, ten times AWS's largest managed policy (`ReadOnlyAccess`, about 90 KB)
    /// and a hundred times AWS's largest policy quota.
    fn default() -> Self {
        Self {
            max_bytes: 1024 * 1024,
            max_depth: 64,
        }
    }
}

impl Limits {
    /// For a scenario file: 64 MiB, room for a whole account export (a large account's authorization details
    /// run to tens of MB), with the same nesting depth. What the scenario costs to check is bounded separately
    /// (`scenario::MAX_WORK`).
    pub fn scenario() -> Self {
        Self {
            max_bytes: SCENARIO_MAX_BYTES,
            ..Self::default()
        }
    }
}

/// The largest scenario file, in bytes ([`Limits::scenario`]).
pub const SCENARIO_MAX_BYTES: usize = 64 * 1024 * 1024;

/// A JSON value with its span. Numbers keep their source text so `"1.50"` style values survive.
#[derive(Debug, Clone, PartialEq)]
pub struct SpannedValue {
    pub value: Value,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<SpannedValue>),
    Object(Vec<Member>),
}

/// One `"key": value` pair of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub key: String,
    pub key_span: Span,
    pub value: SpannedValue,
}

impl Value {
    /// The JSON type name used in messages: `string`, `array`, `object`, `number`, `boolean`, `null`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[SpannedValue]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[Member]> {
        match self {
            Value::Object(members) => Some(members),
            _ => None,
        }
    }
}

impl SpannedValue {
    /// The first member named `key` (exact, case-sensitive), when this is an object.
    pub fn get(&self, key: &str) -> Option<&Member> {
        self.value.as_object()?.iter().find(|m| m.key == key)
    }
}

impl Member {
    /// From the start of the key to the end of the value: the whole `"key": value` pair.
    pub fn span(&self) -> Span {
        Span {
            start: self.key_span.start,
            end: self.value.span.end,
        }
    }
}

/// Parses `text` as one JSON document.
pub fn parse(text: &str, limits: &Limits) -> Result<SpannedValue, Vec<Diagnostic>> {
    // Checked before reading a single character, so a huge paste costs nothing.
    if text.len() > limits.max_bytes {
        let origin = Position {
            line: 1,
            column: 1,
            offset: 0,
        };
        return Err(vec![Diagnostic::error(
            codes::TOO_LARGE,
            format!(
                "the document is {} bytes, over the limit of {} bytes (`max_bytes`)",
                text.len(),
                limits.max_bytes
            ),
            Some(Span { start: origin, end: origin }),
        )
        .with_help("split the document or remove unused parts; the limit protects the playground and the CLI")]);
    }
    let mut parser = Parser::new(text);
    parser.skip_byte_order_mark();
    parser
        .document(limits.max_depth)
        .map_err(|diagnostic| vec![*diagnostic])
}

/// An array or object that has been opened and not yet closed.
enum Frame {
    Array {
        start: Position,
        items: Vec<SpannedValue>,
    },
    Object {
        start: Position,
        members: Vec<Member>,
        key: String,
        key_span: Span,
    },
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    line: u32,
    line_start: usize,
}

/// What may follow a value inside a container, for messages.
const AFTER_ARRAY_ITEM: &str = "`,` or `]`";
const AFTER_OBJECT_VALUE: &str = "`,` or `}`";

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            line: 1,
            line_start: 0,
        }
    }

    fn skip_byte_order_mark(&mut self) {
        if self.text.starts_with('\u{feff}') {
            self.pos = '\u{feff}'.len_utf8();
            // The mark is invisible in editors, so columns count from after it.
            self.line_start = self.pos;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn position(&self) -> Position {
        Position {
            line: self.line,
            column: to_u32(self.pos.saturating_sub(self.line_start) + 1),
            offset: to_u32(self.pos),
        }
    }

    /// The position of byte `offset` on the current line (no newline lies between `self.pos` and it:
    /// newlines only occur in whitespace, which is consumed by `skip_whitespace`).
    fn position_at(&self, offset: usize) -> Position {
        Position {
            line: self.line,
            column: to_u32(offset.saturating_sub(self.line_start) + 1),
            offset: to_u32(offset),
        }
    }

    fn span_from(&self, start: Position) -> Span {
        Span {
            start,
            end: self.position(),
        }
    }

    fn span_between(&self, start: usize, end: usize) -> Span {
        Span {
            start: self.position_at(start),
            end: self.position_at(end),
        }
    }

    fn skip_whitespace(&mut self) {
        while let Some(byte) = self.peek() {
            match byte {
                b' ' | b'\t' => self.pos += 1,
                b'\n' => {
                    self.pos += 1;
                    self.line += 1;
                    self.line_start = self.pos;
                }
                b'\r' => {
                    self.pos += 1;
                    // `\r\n` is one line break; a lone `\r` is one too (old Mac files, and what editors show).
                    if self.peek() == Some(b'\n') {
                        self.pos += 1;
                    }
                    self.line += 1;
                    self.line_start = self.pos;
                }
                _ => break,
            }
        }
    }

    /// The character at the current position (always at a char boundary when called).
    fn current_char(&self) -> Option<char> {
        self.text
            .get(self.pos..)
            .and_then(|rest| rest.chars().next())
    }

    fn unexpected_end(&self, expected: &str) -> Box<Diagnostic> {
        let here = self.position();
        Box::new(
            Diagnostic::error(
                codes::UNEXPECTED_END,
                format!("the document ends where {expected} was expected"),
                Some(Span {
                    start: here,
                    end: here,
                }),
            )
            .with_help("the JSON is cut short: close every open `[`, `{` and `\"`"),
        )
    }

    /// An error for the character at the current position, which is not `expected`.
    fn unexpected_here(&self, expected: &str) -> Box<Diagnostic> {
        let Some(found) = self.current_char() else {
            return self.unexpected_end(expected);
        };
        let start = self.pos;
        let span = self.span_between(start, start + found.len_utf8());
        let shown = if found.is_control() {
            format!("U+{:04X}", u32::from(found))
        } else {
            found.to_string()
        };
        let help = match found {
            '\'' => "JSON strings use double quotes `\"`, not single quotes".to_string(),
            '/' | '#' => "JSON does not allow comments".to_string(),
            _ => format!("expected {expected} here"),
        };
        Box::new(
            Diagnostic::error(
                codes::UNEXPECTED_CHARACTER,
                format!("unexpected character `{shown}`, expected {expected}"),
                Some(span),
            )
            .with_help(help),
        )
    }

    fn document(&mut self, max_depth: usize) -> Result<SpannedValue, Box<Diagnostic>> {
        let mut stack: Vec<Frame> = Vec::new();
        'value: loop {
            self.skip_whitespace();
            let start = self.position();
            let mut done = match self.peek() {
                None => return Err(self.unexpected_end("a value")),
                Some(open @ (b'[' | b'{')) => {
                    // Checked before opening, so no input can grow the stack past the limit.
                    if stack.len() >= max_depth {
                        return Err(Box::new(Diagnostic::error(
                            codes::TOO_DEEP,
                            format!(
                                "arrays and objects nest deeper than the limit of {max_depth} levels (`max_depth`)"
                            ),
                            Some(self.span_between(self.pos, self.pos + 1)),
                        )
                        .with_help("IAM documents need only a few levels; flatten the structure")));
                    }
                    self.pos += 1;
                    self.skip_whitespace();
                    if open == b'[' {
                        if self.peek() == Some(b']') {
                            self.pos += 1;
                            SpannedValue {
                                value: Value::Array(Vec::new()),
                                span: self.span_from(start),
                            }
                        } else {
                            stack.push(Frame::Array {
                                start,
                                items: Vec::new(),
                            });
                            continue 'value;
                        }
                    } else if self.peek() == Some(b'}') {
                        self.pos += 1;
                        SpannedValue {
                            value: Value::Object(Vec::new()),
                            span: self.span_from(start),
                        }
                    } else {
                        let (key, key_span) = self.key()?;
                        stack.push(Frame::Object {
                            start,
                            members: Vec::new(),
                            key,
                            key_span,
                        });
                        continue 'value;
                    }
                }
                Some(b'"') => {
                    let text = self.string()?;
                    SpannedValue {
                        value: Value::String(text),
                        span: self.span_from(start),
                    }
                }
                Some(b'-' | b'0'..=b'9') => {
                    let text = self.number()?;
                    SpannedValue {
                        value: Value::Number(text),
                        span: self.span_from(start),
                    }
                }
                Some(byte) if byte.is_ascii_alphabetic() => {
                    let value = self.literal()?;
                    SpannedValue {
                        value,
                        span: self.span_from(start),
                    }
                }
                Some(_) => return Err(self.unexpected_here("a value")),
            };
            // Hand the finished value to its container; close containers that end here.
            loop {
                self.skip_whitespace();
                match stack.last_mut() {
                    None => {
                        if self.pos < self.bytes.len() {
                            let rest = self.span_between(self.pos, self.bytes.len());
                            return Err(Box::new(Diagnostic::error(
                                codes::TRAILING_CONTENT,
                                "unexpected text after the end of the document".to_string(),
                                Some(Span { start: self.position(), end: rest.end }),
                            )
                            .with_help(
                                "a JSON document is one value; remove the extra text or wrap the values in an array",
                            )));
                        }
                        return Ok(done);
                    }
                    Some(Frame::Array { items, .. }) => {
                        items.push(done);
                        match self.peek() {
                            Some(b',') => {
                                self.after_comma(b']')?;
                                continue 'value;
                            }
                            Some(b']') => {
                                self.pos += 1;
                                let Some(Frame::Array { start, items }) = stack.pop() else {
                                    return Err(self.internal());
                                };
                                done = SpannedValue {
                                    value: Value::Array(items),
                                    span: self.span_from(start),
                                };
                            }
                            _ => return Err(self.unexpected_here(AFTER_ARRAY_ITEM)),
                        }
                    }
                    Some(Frame::Object {
                        members,
                        key,
                        key_span,
                        ..
                    }) => {
                        members.push(Member {
                            key: std::mem::take(key),
                            key_span: *key_span,
                            value: done,
                        });
                        match self.peek() {
                            Some(b',') => {
                                self.after_comma(b'}')?;
                                let (next_key, next_key_span) = self.key()?;
                                *key = next_key;
                                *key_span = next_key_span;
                                continue 'value;
                            }
                            Some(b'}') => {
                                self.pos += 1;
                                let Some(Frame::Object { start, members, .. }) = stack.pop() else {
                                    return Err(self.internal());
                                };
                                done = SpannedValue {
                                    value: Value::Object(members),
                                    span: self.span_from(start),
                                };
                            }
                            _ => return Err(self.unexpected_here(AFTER_OBJECT_VALUE)),
                        }
                    }
                }
            }
        }
    }

    /// Never produced: the frame just matched is the one popped. Kept as an error rather than a panic.
    fn internal(&self) -> Box<Diagnostic> {
        Box::new(Diagnostic::error(
            codes::UNEXPECTED_CHARACTER,
            "internal parser error",
            Some(self.span_from(self.position())),
        ))
    }

    /// Consumes a `,` and the whitespace after it; a `close` right after is a trailing comma.
    fn after_comma(&mut self, close: u8) -> Result<(), Box<Diagnostic>> {
        let comma = self.pos;
        self.pos += 1;
        let comma_span = self.span_between(comma, comma + 1);
        self.skip_whitespace();
        if self.peek() == Some(close) {
            return Err(Box::new(
                Diagnostic::error(
                    codes::TRAILING_COMMA,
                    format!("trailing comma before `{}`", char::from(close)),
                    Some(comma_span),
                )
                .with_help("remove the last `,`: JSON does not allow a comma after the last item"),
            ));
        }
        Ok(())
    }

    /// Reads `"key"` and the `:` after it.
    fn key(&mut self) -> Result<(String, Span), Box<Diagnostic>> {
        self.skip_whitespace();
        let start = self.position();
        match self.peek() {
            Some(b'"') => {}
            None => return Err(self.unexpected_end("a `\"` starting an object key")),
            Some(_) => {
                let mut diagnostic = self.unexpected_here("a `\"` starting an object key");
                diagnostic.code = codes::KEY_NOT_STRING;
                if self
                    .peek()
                    .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
                {
                    diagnostic.help =
                        Some("object keys must be strings in double quotes".to_string());
                }
                return Err(diagnostic);
            }
        }
        let key = self.string()?;
        let key_span = self.span_from(start);
        self.skip_whitespace();
        match self.peek() {
            Some(b':') => {
                self.pos += 1;
                Ok((key, key_span))
            }
            _ => Err(self.unexpected_here("`:` after the object key")),
        }
    }

    /// Reads a string starting at the opening `"`; returns its decoded text.
    fn string(&mut self) -> Result<String, Box<Diagnostic>> {
        let open = self.pos;
        self.pos += 1;
        let mut out = String::new();
        let mut run_start = self.pos;
        loop {
            let Some(byte) = self.peek() else {
                return Err(Box::new(
                    Diagnostic::error(
                        codes::UNTERMINATED_STRING,
                        "unterminated string: no closing `\"`".to_string(),
                        Some(self.span_between(open, self.pos)),
                    )
                    .with_help("add the closing `\"`"),
                ));
            };
            match byte {
                b'"' => {
                    out.push_str(self.text.get(run_start..self.pos).unwrap_or_default());
                    self.pos += 1;
                    return Ok(out);
                }
                b'\\' => {
                    out.push_str(self.text.get(run_start..self.pos).unwrap_or_default());
                    self.escape(&mut out)?;
                    run_start = self.pos;
                }
                0x00..=0x1f => {
                    let mut diagnostic = self.unexpected_here("a character allowed in a string");
                    diagnostic.code = codes::CONTROL_CHARACTER;
                    diagnostic.message = if byte == b'\n' || byte == b'\r' {
                        "unterminated string: a line break inside a string".to_string()
                    } else {
                        format!("control character `U+{byte:04X}` inside a string")
                    };
                    diagnostic.help = Some(if byte == b'\n' || byte == b'\r' {
                        "close the string before the line ends, or write the line break as `\\n`"
                            .to_string()
                    } else {
                        "write control characters as escapes, e.g. `\\t` or `\\u0001`".to_string()
                    });
                    return Err(diagnostic);
                }
                _ => {
                    // Skip the plain run in one scan: only `"`, `\` and control bytes need a decision.
                    let rest = self.bytes.get(self.pos..).unwrap_or_default();
                    let plain = rest
                        .iter()
                        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                        .unwrap_or(rest.len());
                    self.pos += plain;
                }
            }
        }
    }

    /// Reads one escape starting at `\` and appends what it stands for.
    fn escape(&mut self, out: &mut String) -> Result<(), Box<Diagnostic>> {
        let backslash = self.pos;
        self.pos += 1;
        let Some(kind) = self.peek() else {
            return Err(Box::new(
                Diagnostic::error(
                    codes::UNTERMINATED_STRING,
                    "unterminated string: the text ends inside an escape".to_string(),
                    Some(self.span_between(backslash, self.pos)),
                )
                .with_help("add the escaped character and the closing `\"`"),
            ));
        };
        let simple = match kind {
            b'"' => Some('"'),
            b'\\' => Some('\\'),
            b'/' => Some('/'),
            b'b' => Some('\u{8}'),
            b'f' => Some('\u{c}'),
            b'n' => Some('\n'),
            b'r' => Some('\r'),
            b't' => Some('\t'),
            _ => None,
        };
        if let Some(c) = simple {
            self.pos += 1;
            out.push(c);
            return Ok(());
        }
        if kind != b'u' {
            let shown = self.current_char().unwrap_or('?');
            let end = self.pos + shown.len_utf8();
            return Err(Box::new(Diagnostic::error(
                codes::INVALID_ESCAPE,
                format!("invalid escape `\\{shown}` in a string"),
                Some(self.span_between(backslash, end)),
            )
            .with_help("JSON escapes are `\\\"`, `\\\\`, `\\/`, `\\b`, `\\f`, `\\n`, `\\r`, `\\t` and `\\u` with four hex digits (`\\u00e9`); write a literal backslash as `\\\\`")));
        }
        self.pos += 1;
        let first = self.hex4(backslash)?;
        let code = match first {
            0xD800..=0xDBFF => {
                // A high surrogate must be followed by `\u` and a low surrogate (RFC 8259 section 7).
                let second_start = self.pos;
                if self.bytes.get(self.pos) != Some(&b'\\')
                    || self.bytes.get(self.pos + 1) != Some(&b'u')
                {
                    return Err(self.lone_surrogate(backslash, self.pos, first));
                }
                self.pos += 2;
                let second = self.hex4(second_start)?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.lone_surrogate(backslash, second_start, first));
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(self.lone_surrogate(backslash, self.pos, first)),
            other => other,
        };
        match char::from_u32(code) {
            Some(c) => {
                out.push(c);
                Ok(())
            }
            None => Err(self.lone_surrogate(backslash, self.pos, first)),
        }
    }

    fn lone_surrogate(&self, start: usize, end: usize, unit: u32) -> Box<Diagnostic> {
        Box::new(
            Diagnostic::error(
                codes::INVALID_UNICODE_ESCAPE,
                format!("unpaired surrogate `\\u{unit:04X}` in a string"),
                Some(self.span_between(start, end)),
            )
            .with_help("a `\\uD800`-`\\uDBFF` escape must be followed by a `\\uDC00`-`\\uDFFF` escape, forming one character"),
        )
    }

    /// Reads the four hex digits of a `\u` escape; `escape_start` is the `\` for the error span.
    fn hex4(&mut self, escape_start: usize) -> Result<u32, Box<Diagnostic>> {
        let mut value = 0u32;
        for _ in 0..4 {
            let digit = self.peek().and_then(|b| char::from(b).to_digit(16));
            let Some(digit) = digit else {
                let end = match self.current_char() {
                    Some(c) if c != '"' => self.pos + c.len_utf8(),
                    _ => self.pos,
                };
                let written = self.text.get(escape_start..end).unwrap_or("\\u");
                return Err(Box::new(
                    Diagnostic::error(
                        codes::INVALID_UNICODE_ESCAPE,
                        format!("invalid unicode escape `{written}`: `\\u` needs four hex digits"),
                        Some(self.span_between(escape_start, end)),
                    )
                    .with_help("write `\\u` followed by exactly four hex digits, e.g. `\\u00e9`"),
                ));
            };
            value = value * 16 + digit;
            self.pos += 1;
        }
        Ok(value)
    }

    /// Reads a number and returns its source text (`-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?`).
    fn number(&mut self) -> Result<String, Box<Diagnostic>> {
        let start = self.pos;
        let valid = self.number_grammar();
        // The span of an invalid number covers everything number-like, so `1.2.3` is shown whole.
        if !valid
            || self
                .peek()
                .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-'))
        {
            while self
                .peek()
                .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-'))
            {
                self.pos += 1;
            }
            let written = self.text.get(start..self.pos).unwrap_or_default();
            return Err(Box::new(Diagnostic::error(
                codes::INVALID_NUMBER,
                format!("invalid number `{written}`"),
                Some(self.span_between(start, self.pos)),
            )
            .with_help("JSON numbers have no leading zeros, `+` sign or bare `.`; e.g. `0`, `-12`, `1.5`, `2e10`")));
        }
        Ok(self
            .text
            .get(start..self.pos)
            .unwrap_or_default()
            .to_string())
    }

    /// Advances over the longest valid number prefix; false when the grammar fails partway.
    fn number_grammar(&mut self) -> bool {
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.skip_digits(),
            _ => return false,
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
                return false;
            }
            self.skip_digits();
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
                return false;
            }
            self.skip_digits();
        }
        true
    }

    fn skip_digits(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
    }

    /// Reads `true`, `false` or `null`; any other word is an error naming it.
    fn literal(&mut self) -> Result<Value, Box<Diagnostic>> {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            self.pos += 1;
        }
        let word = self.text.get(start..self.pos).unwrap_or_default();
        match word {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            "null" => Ok(Value::Null),
            _ => {
                let help = match word.to_ascii_lowercase().as_str() {
                    "true" | "false" | "null" => format!(
                        "JSON literals are lowercase: `{}`",
                        word.to_ascii_lowercase()
                    ),
                    _ => format!("strings need double quotes: `\"{word}\"`"),
                };
                Err(Box::new(
                    Diagnostic::error(
                        codes::INVALID_LITERAL,
                        format!("unexpected word `{word}`, expected a value"),
                        Some(self.span_between(start, self.pos)),
                    )
                    .with_help(help),
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    fn ok(text: &str) -> SpannedValue {
        match parse(text, &Limits::default()) {
            Ok(value) => value,
            Err(errors) => panic!("{text:?} failed: {errors:?}"),
        }
    }

    fn err(text: &str) -> Diagnostic {
        err_with(text, &Limits::default())
    }

    fn err_with(text: &str, limits: &Limits) -> Diagnostic {
        match parse(text, limits) {
            Ok(value) => panic!("{text:?} parsed: {value:?}"),
            Err(mut errors) => {
                assert_eq!(errors.len(), 1, "{errors:?}");
                errors.remove(0)
            }
        }
    }

    fn pos(line: u32, column: u32, offset: u32) -> Position {
        Position {
            line,
            column,
            offset,
        }
    }

    fn span(start: (u32, u32, u32), end: (u32, u32, u32)) -> Span {
        Span {
            start: pos(start.0, start.1, start.2),
            end: pos(end.0, end.1, end.2),
        }
    }

    fn drop_iteratively(value: SpannedValue) {
        let mut pending = vec![value];
        while let Some(mut next) = pending.pop() {
            match &mut next.value {
                Value::Array(items) => pending.append(items),
                Value::Object(members) => pending.extend(members.drain(..).map(|m| m.value)),
                _ => {}
            }
        }
    }

    #[test]
    fn scalars_and_their_spans() {
        assert_eq!(ok("null").value, Value::Null);
        assert_eq!(ok(" true ").value, Value::Bool(true));
        assert_eq!(ok("false").value, Value::Bool(false));
        let number = ok("  -1.50e+3");
        assert_eq!(number.value, Value::Number("-1.50e+3".into()));
        assert_eq!(number.span, span((1, 3, 2), (1, 11, 10)));
        assert_eq!(ok("\"hi\"").value, Value::String("hi".into()));
        assert_eq!(ok("0").value, Value::Number("0".into()));
    }

    #[test]
    fn objects_keep_keys_values_and_spans_in_order() {
        let text =
            "{\n  \"Version\": \"2012-10-17\",\n  \"A\": [1, {\"b\": null}],\n  \"A\": {}\n}";
        let doc = ok(text);
        assert_eq!(doc.span, span((1, 1, 0), (5, 2, 65)));
        let Value::Object(members) = &doc.value else {
            panic!("not an object")
        };
        assert_eq!(members.len(), 3, "duplicate keys are kept");
        assert_eq!(members[0].key, "Version");
        assert_eq!(members[0].key_span, span((2, 3, 4), (2, 12, 13)));
        assert_eq!(members[0].value.span, span((2, 14, 15), (2, 26, 27)));
        assert_eq!(members[1].key, "A");
        assert_eq!(members[2].key, "A");
        let Value::Array(items) = &members[1].value.value else {
            panic!("not an array")
        };
        assert_eq!(items[0].span, span((3, 9, 37), (3, 10, 38)));
        assert_eq!(items[1].span, span((3, 12, 40), (3, 23, 51)));
        assert_eq!(members[2].value.value, Value::Object(vec![]));
        assert_eq!(
            doc.get("Version").map(|m| m.value.value.clone()),
            Some(Value::String("2012-10-17".into()))
        );
    }

    #[test]
    fn crlf_and_lone_cr_are_line_breaks() {
        let doc = ok("[\r\n1,\r2]");
        let Value::Array(items) = &doc.value else {
            panic!()
        };
        assert_eq!(items[0].span.start, pos(2, 1, 3));
        assert_eq!(items[1].span.start, pos(3, 1, 6));
    }

    #[test]
    fn escapes_decode() {
        let doc = ok(r#""a\"b\\c\/d\b\f\n\r\t\u00e9\u4e2d""#);
        assert_eq!(
            doc.value,
            Value::String("a\"b\\c/d\u{8}\u{c}\n\r\té中".into())
        );
    }

    #[test]
    fn surrogate_pairs_decode_to_one_character() {
        assert_eq!(ok(r#""\ud83d\ude00""#).value, Value::String("😀".into()));
        assert_eq!(ok(r#""\uD834\uDD1E""#).value, Value::String("𝄞".into()));
    }

    #[test]
    fn lone_surrogates_are_errors() {
        let high = err(r#""\ud83d x""#);
        assert_eq!(high.code, codes::INVALID_UNICODE_ESCAPE);
        assert_eq!(high.span, Some(span((1, 2, 1), (1, 8, 7))));
        assert_eq!(err(r#""\ude00""#).code, codes::INVALID_UNICODE_ESCAPE);
        assert_eq!(err(r#""\ud83d\u0041""#).code, codes::INVALID_UNICODE_ESCAPE);
    }

    #[test]
    fn bad_unicode_escape_digits() {
        let e = err(r#""\u12g4""#);
        assert_eq!(e.code, codes::INVALID_UNICODE_ESCAPE);
        assert!(e.message.contains("`\\u12g`"), "{}", e.message);
        assert_eq!(e.span, Some(span((1, 2, 1), (1, 7, 6))));
    }

    #[test]
    fn bad_escape_points_at_the_escape() {
        let e = err(r#"["ok", "C:\path"]"#);
        assert_eq!(e.code, codes::INVALID_ESCAPE);
        assert_eq!(e.message, "invalid escape `\\p` in a string");
        assert_eq!(e.span, Some(span((1, 11, 10), (1, 13, 12))));
        assert!(e.help.is_some());
    }

    #[test]
    fn non_ascii_text_columns_count_bytes() {
        // `é` is two bytes and `中` three, so the value after them starts at byte column 1 + 1 + 5 + 2.
        let doc = ok("[\"é中\", 7]");
        let Value::Array(items) = &doc.value else {
            panic!()
        };
        assert_eq!(items[0].value, Value::String("é中".into()));
        assert_eq!(items[0].span, span((1, 2, 1), (1, 9, 8)));
        assert_eq!(items[1].span, span((1, 11, 10), (1, 12, 11)));
        let e = err("[\"é\", ü]");
        assert_eq!(e.code, codes::UNEXPECTED_CHARACTER);
        assert_eq!(e.message, "unexpected character `ü`, expected a value");
        assert_eq!(e.span, Some(span((1, 8, 7), (1, 10, 9))));
    }

    #[test]
    fn unterminated_string() {
        let e = err("{\"a\": \"abc");
        assert_eq!(e.code, codes::UNTERMINATED_STRING);
        assert_eq!(e.span, Some(span((1, 7, 6), (1, 11, 10))));
        let newline = err("[\"abc\n\"]");
        assert_eq!(newline.code, codes::CONTROL_CHARACTER);
        assert!(newline.message.contains("line break"));
        assert_eq!(err("\"a\\").code, codes::UNTERMINATED_STRING);
        assert_eq!(err("\"tab\there\"").code, codes::CONTROL_CHARACTER);
    }

    #[test]
    fn trailing_commas() {
        let e = err("[1, 2, ]");
        assert_eq!(e.code, codes::TRAILING_COMMA);
        assert_eq!(e.span, Some(span((1, 6, 5), (1, 7, 6))));
        let o = err("{\"a\": 1,\n}");
        assert_eq!(o.code, codes::TRAILING_COMMA);
        assert_eq!(o.span, Some(span((1, 8, 7), (1, 9, 8))));
        assert_eq!(err("[,]").code, codes::UNEXPECTED_CHARACTER);
    }

    #[test]
    fn trailing_content() {
        let e = err("{} {}");
        assert_eq!(e.code, codes::TRAILING_CONTENT);
        assert_eq!(e.span, Some(span((1, 4, 3), (1, 6, 5))));
        assert_eq!(err("1 2").code, codes::TRAILING_CONTENT);
        assert!(parse("{}  \n\t", &Limits::default()).is_ok());
    }

    #[test]
    fn invalid_numbers() {
        for bad in ["01", "1.", "-", "1e", "1e+", "-01", "1.2.3", "2x"] {
            let e = err(bad);
            assert_eq!(e.code, codes::INVALID_NUMBER, "{bad}");
            assert_eq!(e.message, format!("invalid number `{bad}`"));
        }
        let e = err("[1.2.3]");
        assert_eq!(e.code, codes::INVALID_NUMBER);
        assert_eq!(e.message, "invalid number `1.2.3`");
        assert_eq!(e.span, Some(span((1, 2, 1), (1, 7, 6))));
        assert_eq!(err("+1").code, codes::UNEXPECTED_CHARACTER);
        assert_eq!(err(".5").code, codes::UNEXPECTED_CHARACTER);
        assert_eq!(err("[01]").code, codes::INVALID_NUMBER);
    }

    #[test]
    fn words_and_quotes() {
        let e = err("{\"Effect\": Allow}");
        assert_eq!(e.code, codes::INVALID_LITERAL);
        assert_eq!(e.message, "unexpected word `Allow`, expected a value");
        assert_eq!(
            e.help.as_deref(),
            Some("strings need double quotes: `\"Allow\"`")
        );
        assert_eq!(e.span, Some(span((1, 12, 11), (1, 17, 16))));
        assert!(err("True").help.unwrap_or_default().contains("`true`"));
        let single = err("['a']");
        assert_eq!(single.code, codes::UNEXPECTED_CHARACTER);
        assert!(single.help.unwrap_or_default().contains("double quotes"));
        assert!(err("// hi\n{}")
            .help
            .unwrap_or_default()
            .contains("comments"));
    }

    #[test]
    fn object_syntax_errors() {
        let unquoted = err("{Version: 1}");
        assert_eq!(unquoted.code, codes::KEY_NOT_STRING);
        assert_eq!(unquoted.span, Some(span((1, 2, 1), (1, 3, 2))));
        let colon = err("{\"a\" 1}");
        assert_eq!(colon.code, codes::UNEXPECTED_CHARACTER);
        assert!(colon.message.contains("`:`"));
        let missing_comma = err("{\"a\": 1 \"b\": 2}");
        assert_eq!(
            missing_comma.message,
            "unexpected character `\"`, expected `,` or `}`"
        );
        assert_eq!(
            err("[1 2]").message,
            "unexpected character `2`, expected `,` or `]`"
        );
    }

    #[test]
    fn unexpected_end() {
        for cut in [
            "",
            "   ",
            "[",
            "[1",
            "[1,",
            "{",
            "{\"a\"",
            "{\"a\":",
            "{\"a\": 1",
        ] {
            assert_eq!(err(cut).code, codes::UNEXPECTED_END, "{cut:?}");
        }
        let e = err("{\n\"a\": [1");
        assert_eq!(e.span, Some(span((2, 8, 9), (2, 8, 9))));
    }

    #[test]
    fn byte_order_mark_is_skipped() {
        let doc = ok("\u{feff}[1]");
        assert_eq!(doc.span, span((1, 1, 3), (1, 4, 6)));
    }

    #[test]
    fn five_megabytes_are_rejected_before_parsing() {
        let big = format!("[{}1]", "1, ".repeat(5 * 1024 * 1024 / 3));
        let e = err(&big);
        assert_eq!(e.code, codes::TOO_LARGE);
        assert!(e.message.contains("`max_bytes`"), "{}", e.message);
        assert!(e.message.contains("1048576"), "{}", e.message);
    }

    #[test]
    fn ten_thousand_deep_nesting_is_rejected() {
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        let e = err(&deep);
        assert_eq!(e.code, codes::TOO_DEEP);
        // The 65th `[` (offset 64) is the first over the default limit of 64.
        assert_eq!(e.span, Some(span((1, 65, 64), (1, 66, 65))));
        let objects = "{\"a\":".repeat(10_000);
        assert_eq!(err(&objects).code, codes::TOO_DEEP);
    }

    #[test]
    fn depth_limit_is_exact_and_large_limits_do_not_recurse() {
        let limits = Limits {
            max_bytes: usize::MAX,
            max_depth: 3,
        };
        assert!(parse("[[[]]]", &limits).is_ok());
        assert_eq!(err_with("[[[[]]]]", &limits).code, codes::TOO_DEEP);
        // With no effective depth limit the parser is iterative, so deep input still cannot overflow the stack.
        let unlimited = Limits {
            max_bytes: usize::MAX,
            max_depth: usize::MAX,
        };
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        let value = parse(&deep, &unlimited).map_err(|e| e.len());
        assert!(
            matches!(&value, Ok(SpannedValue { value: Value::Array(items), .. }) if items.len() == 1)
        );
        // Dropping a 100,000-deep value would recurse in `Drop`, so the test takes it apart iteratively.
        if let Ok(value) = value {
            drop_iteratively(value);
        }
    }
}

#[cfg(test)]
mod proptests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use proptest::prelude::*;

    fn to_serde(value: &SpannedValue) -> serde_json::Value {
        match &value.value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(text) => serde_json::from_str(text).unwrap_or(serde_json::Value::Null),
            Value::String(text) => serde_json::Value::String(text.clone()),
            Value::Array(items) => serde_json::Value::Array(items.iter().map(to_serde).collect()),
            Value::Object(members) => serde_json::Value::Object(
                members
                    .iter()
                    .map(|m| (m.key.clone(), to_serde(&m.value)))
                    .collect(),
            ),
        }
    }

    fn json_value() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::Bool),
            any::<i64>().prop_map(serde_json::Value::from),
            // Quarters are exact in binary, so the comparison does not hinge on float parsing precision.
            (-1_000_000i32..1_000_000).prop_map(|n| serde_json::Value::from(f64::from(n) / 4.0)),
            any::<String>().prop_map(serde_json::Value::String),
        ];
        leaf.prop_recursive(6, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
                prop::collection::btree_map(any::<String>(), inner, 0..6)
                    .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn reads_what_serde_json_writes(value in json_value(), pretty in any::<bool>()) {
            let text = if pretty {
                serde_json::to_string_pretty(&value)
            } else {
                serde_json::to_string(&value)
            };
            let text = text.map_err(|e| TestCaseError::fail(e.to_string()))?;
            let parsed = parse(&text, &Limits::default()).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
            prop_assert_eq!(to_serde(&parsed), value);
            prop_assert_eq!(parsed.span.end.offset as usize, text.len());
        }

        /// Accepts exactly what serde_json accepts (both are RFC 8259 parsers), on short noisy texts.
        #[test]
        fn agrees_with_serde_json_on_noise(text in "[\\[\\]{}\",: 0-9.eE+\\-tfrulnsa\\\\\n]{0,16}") {
            let ours = parse(&text, &Limits::default());
            let theirs = serde_json::from_str::<serde_json::Value>(&text);
            prop_assert_eq!(ours.is_ok(), theirs.is_ok(), "{:?}", ours);
            if let (Ok(ours), Ok(theirs)) = (ours, theirs) {
                prop_assert_eq!(to_serde(&ours), theirs);
            }
        }

        #[test]
        fn never_panics_and_errors_have_spans_inside_the_text(text in any::<String>()) {
            if let Err(errors) = parse(&text, &Limits::default()) {
                prop_assert_eq!(errors.len(), 1);
                for error in errors {
                    let span = error.span.ok_or_else(|| TestCaseError::fail("no span"))?;
                    prop_assert!(span.start.offset <= span.end.offset);
                    prop_assert!(span.end.offset as usize <= text.len());
                    prop_assert!(text.is_char_boundary(span.start.offset as usize));
                    prop_assert!(text.is_char_boundary(span.end.offset as usize));
                }
            }
        }
    }
}
