//! Output that is safe for a terminal or a CI log: scenarios come from anywhere, and a name holding `ESC [ 2 J`,
//! an OSC title sequence, a carriage return or a right-to-left override could clear the screen, rewrite a line
//! (turn a `✗` into a `✓`) or reorder what is shown. Every control character other than newline and tab, every
//! C1 control and every bidirectional override is written as a visible `\u` escape with four hex digits instead (the same
//! escape JSON uses, so JSON output stays valid and means the same). Only the color sequences `style` itself
//! writes survive, and only when colors are on.

use std::borrow::Cow;

/// The SGR codes `style::Style` emits (`ESC [ code m`); nothing else passes through.
const OUR_COLORS: [&str; 8] = ["0", "1", "2", "1;31", "32", "33", "1;34", "36"];

/// Bidirectional formatting characters (Unicode TR9): embeddings, overrides and isolates.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c)
}

/// `text` with unsafe characters escaped; our own color sequences are kept when `colors` is on.
pub fn safe(text: &str, colors: bool) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '\x1b' && colors {
            if let Some(sequence) = our_color_sequence(rest) {
                out.push_str(sequence);
                rest = &rest[sequence.len()..];
                continue;
            }
        }
        if is_unsafe(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

/// The `ESC [ code m` sequence at the start of `text`, when `code` is one `style` writes.
fn our_color_sequence(text: &str) -> Option<&str> {
    let body = text.strip_prefix("\x1b[")?;
    let end = body.find('m')?;
    let code = &body[..end];
    OUR_COLORS.contains(&code).then(|| &text[..2 + end + 1])
}

#[cfg(test)]
mod tests {
    use super::safe;

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        let text = "user/john  Allow ✓\n\tnext line — ünïcødé";
        assert!(matches!(safe(text, false), std::borrow::Cow::Borrowed(t) if t == text));
    }

    #[test]
    fn control_characters_and_escape_sequences_become_visible() {
        assert_eq!(
            safe("evil\x1b[2J\x1b]0;title\x07\rok\x08", false),
            "evil\\u001b[2J\\u001b]0;title\\u0007\\u000dok\\u0008"
        );
        // C1 CSI and a right-to-left override.
        assert_eq!(safe("a\u{9b}2Jb\u{202e}c", false), "a\\u009b2Jb\\u202ec");
    }

    #[test]
    fn only_our_own_colors_survive_and_only_with_colors_on() {
        let ours = "\x1b[1;31mdeny\x1b[0m";
        assert_eq!(safe(ours, true), ours);
        assert_eq!(safe(ours, false), "\\u001b[1;31mdeny\\u001b[0m");
        // A color sequence `style` never writes (8: concealed text) is escaped even with colors on.
        assert_eq!(safe("\x1b[8mhidden", true), "\\u001b[8mhidden");
        assert_eq!(safe("\x1b[2J", true), "\\u001b[2J");
    }

    #[test]
    fn json_stays_valid_and_means_the_same() {
        let json =
            serde_json::to_string(&serde_json::json!({"name": "a\u{202e}b\u{85}c"})).unwrap();
        let escaped = safe(&json, false);
        assert!(!escaped.contains('\u{202e}'));
        let back: serde_json::Value = serde_json::from_str(&escaped).unwrap();
        assert_eq!(back["name"], "a\u{202e}b\u{85}c");
    }
}
