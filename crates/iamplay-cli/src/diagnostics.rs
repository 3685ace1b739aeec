//! Renders the core's diagnostics and lint findings as `FILE:LINE:COLUMN: SEVERITY[CODE]: message`, the source
//! line with a caret under the span, then `= help:`, `= note:` and `= see:` lines.
//!
//! The core counts columns in bytes; terminals and editors count characters, so columns are converted with the
//! source text.

use crate::style::Style;
use iamplay_core::diagnostic::{Diagnostic, Position, Severity, Span};
use std::fmt::Write as _;

/// The label a severity is printed with (one word, so `\w+\[CODE\]` finds it).
pub fn severity_label(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::SecurityWarning => "security-warning",
        Severity::Warning => "warning",
        Severity::Suggestion => "suggestion",
    }
}

/// A 1-based character column for a position of `source`.
pub fn char_column(source: &str, position: Position) -> usize {
    let byte_column = usize::try_from(position.column).unwrap_or(1).max(1);
    line_text(source, position.line)
        .and_then(|line| line.get(..byte_column - 1))
        .map_or(byte_column, |head| head.chars().count() + 1)
}

/// `LINE:COLUMN` of a position, the column in characters.
pub fn line_column(source: &str, position: Position) -> String {
    format!("{}:{}", position.line, char_column(source, position))
}

fn line_text(source: &str, line: u32) -> Option<&str> {
    let index = usize::try_from(line).ok()?.checked_sub(1)?;
    source
        .split('\n')
        .nth(index)
        .map(|line| line.strip_suffix('\r').unwrap_or(line))
}

/// Appends one diagnostic to `out`.
pub fn render(out: &mut String, file: &str, source: &str, diagnostic: &Diagnostic, style: Style) {
    let label = severity_label(diagnostic.severity);
    let painted = match diagnostic.severity {
        Severity::Error => style.red(&format!("{label}[{}]", diagnostic.code)),
        Severity::SecurityWarning | Severity::Warning => {
            style.yellow(&format!("{label}[{}]", diagnostic.code))
        }
        Severity::Suggestion => style.cyan(&format!("{label}[{}]", diagnostic.code)),
    };
    let location = match diagnostic.span {
        Some(span) => format!("{file}:{}", line_column(source, span.start)),
        None => file.to_string(),
    };
    let _ = writeln!(
        out,
        "{}: {painted}: {}",
        style.bold(&location),
        style.bold(&diagnostic.message)
    );
    if let Some(span) = diagnostic.span {
        snippet(out, source, span, style);
    }
    if let Some(help) = &diagnostic.help {
        let _ = writeln!(out, "  {} {help}", style.blue("= help:"));
    }
    for related in &diagnostic.related {
        let _ = writeln!(
            out,
            "  {} {} (at {file}:{})",
            style.blue("= note:"),
            related.message,
            line_column(source, related.span.start)
        );
    }
    if let Some(url) = diagnostic.url {
        let _ = writeln!(out, "  {} {url}", style.blue("= see:"));
    }
}

/// The span's first line with carets under it.
fn snippet(out: &mut String, source: &str, span: Span, style: Style) {
    let Some(line) = line_text(source, span.start.line) else {
        return;
    };
    let number = span.start.line.to_string();
    let gutter = " ".repeat(number.len());
    let start = char_column(source, span.start);
    let line_chars = line.chars().count();
    let end = if span.end.line == span.start.line {
        char_column(source, span.end)
    } else {
        line_chars + 1
    };
    let width = end.saturating_sub(start).max(1);
    // Tabs keep their width under the caret.
    let pad: String = line
        .chars()
        .take(start.saturating_sub(1))
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let _ = writeln!(out, "{gutter} {}", style.blue("|"));
    let _ = writeln!(out, "{} {} {line}", style.blue(&number), style.blue("|"));
    let _ = writeln!(
        out,
        "{gutter} {} {pad}{}",
        style.blue("|"),
        style.red(&"^".repeat(width))
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use iamplay_core::diagnostic::Diagnostic;

    fn at(line: u32, column: u32, offset: u32) -> Position {
        Position {
            line,
            column,
            offset,
        }
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let source = "{\n  \"Sid\": \"é😀\", \"x\": 1\n}";
        // `"x"` starts at byte column 20 of line 2 (é is 2 bytes, 😀 is 4), character column 16.
        assert_eq!(char_column(source, at(2, 20, 0)), 16);
        assert_eq!(char_column(source, at(1, 1, 0)), 1);
        // Out of range positions do not panic.
        assert_eq!(char_column(source, at(9, 4, 0)), 4);
        assert_eq!(char_column(source, at(2, 999, 0)), 999);
    }

    #[test]
    fn renders_location_code_snippet_and_help() {
        let source = "{\n  \"Effect\": \"allow\"\n}";
        let diagnostic = Diagnostic::error(
            "E0203",
            "`allow` is not an effect",
            Some(Span {
                start: at(2, 13, 14),
                end: at(2, 20, 21),
            }),
        )
        .with_help("write `Allow` or `Deny`");
        let mut out = String::new();
        render(
            &mut out,
            "p.json",
            source,
            &diagnostic,
            Style { enabled: false },
        );
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines,
            [
                "p.json:2:13: error[E0203]: `allow` is not an effect",
                "  |",
                "2 |   \"Effect\": \"allow\"",
                "  |             ^^^^^^^",
                "  = help: write `Allow` or `Deny`",
            ]
        );
    }
}
