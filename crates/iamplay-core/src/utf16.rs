//! Byte positions → UTF-16 positions. The core's spans count bytes (what the parser sees); JavaScript
//! strings and Monaco count UTF-16 code units, so every shell that hands positions to JS converts here.

use crate::diagnostic::{Position, Span};
use serde::Serialize;

/// A position in UTF-16 code units: `line` and `column` 1-based, `offset` 0-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
pub struct Utf16Position {
    pub line: u32,
    pub column: u32,
    pub offset: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
pub struct Utf16Span {
    pub start: Utf16Position,
    pub end: Utf16Position,
}

/// Converts byte offsets of one text to UTF-16 positions. Built once per text (O(n)); each lookup is two
/// binary searches (line starts, checkpoints) plus a scan of at most `CHECKPOINT_BYTES` bytes, so a
/// one-line minified document (what `JSON.stringify` writes) costs no more than a pretty-printed one.
#[derive(Debug, Clone)]
pub struct Utf16Index<'t> {
    text: &'t str,
    /// Byte offset where each line starts, and the UTF-16 offset of that same point.
    line_starts: Vec<(usize, u32)>,
    /// Every `CHECKPOINT_BYTES` bytes (at the next character boundary): the byte offset and its UTF-16 offset.
    checkpoints: Vec<(usize, u32)>,
}

/// Spacing of `Utf16Index::checkpoints`: the most a lookup scans.
const CHECKPOINT_BYTES: usize = 64;

impl<'t> Utf16Index<'t> {
    pub fn new(text: &'t str) -> Self {
        let mut line_starts = vec![(0, 0)];
        let mut checkpoints = vec![(0, 0)];
        let mut next_checkpoint = CHECKPOINT_BYTES;
        let mut utf16_offset: u32 = 0;
        for (byte, ch) in text.char_indices() {
            if byte >= next_checkpoint {
                checkpoints.push((byte, utf16_offset));
                next_checkpoint = byte + CHECKPOINT_BYTES;
            }
            utf16_offset = utf16_offset.saturating_add(ch.len_utf16() as u32);
            if ch == '\n' {
                line_starts.push((byte + 1, utf16_offset));
            }
        }
        Self {
            text,
            line_starts,
            checkpoints,
        }
    }

    /// The UTF-16 offset of a byte offset that is a character boundary within the text.
    fn utf16_offset(&self, byte_offset: usize) -> u32 {
        let checkpoint = match self
            .checkpoints
            .binary_search_by(|(start, _)| start.cmp(&byte_offset))
        {
            Ok(exact) => exact,
            Err(insert_at) => insert_at.saturating_sub(1),
        };
        let (start, units) = self.checkpoints.get(checkpoint).copied().unwrap_or((0, 0));
        let scanned: u32 = self.text.get(start..byte_offset).map_or(0, |between| {
            between.chars().map(|c| c.len_utf16() as u32).sum()
        });
        units.saturating_add(scanned)
    }

    /// The UTF-16 position of a byte offset. Offsets past the end clamp to the end; offsets inside a
    /// multi-byte character snap back to its start.
    pub fn position(&self, byte_offset: usize) -> Utf16Position {
        let mut byte_offset = byte_offset.min(self.text.len());
        while byte_offset > 0 && !self.text.is_char_boundary(byte_offset) {
            byte_offset -= 1;
        }
        let line_index = match self
            .line_starts
            .binary_search_by(|(start, _)| start.cmp(&byte_offset))
        {
            Ok(exact) => exact,
            Err(insert_at) => insert_at.saturating_sub(1),
        };
        let (_, line_utf16) = self.line_starts.get(line_index).copied().unwrap_or((0, 0));
        let within = self.utf16_offset(byte_offset).saturating_sub(line_utf16);
        Utf16Position {
            line: u32::try_from(line_index)
                .unwrap_or(u32::MAX)
                .saturating_add(1),
            column: within.saturating_add(1),
            offset: line_utf16.saturating_add(within),
        }
    }

    pub fn convert_position(&self, position: Position) -> Utf16Position {
        self.position(position.offset as usize)
    }

    pub fn convert_span(&self, span: Span) -> Utf16Span {
        Utf16Span {
            start: self.convert_position(span.start),
            end: self.convert_position(span.end),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn ascii_positions_equal_byte_positions() {
        let index = Utf16Index::new("ab\ncd");
        assert_eq!(
            index.position(0),
            Utf16Position {
                line: 1,
                column: 1,
                offset: 0
            }
        );
        assert_eq!(
            index.position(4),
            Utf16Position {
                line: 2,
                column: 2,
                offset: 4
            }
        );
    }

    #[test]
    fn accents_and_emoji_count_utf16_units() {
        // `é` is 2 bytes / 1 unit; `😀` is 4 bytes / 2 units.
        let text = "{\"Sid\": \"é😀\", x}";
        let byte_of_x = text.find('x').expect("x is there");
        let index = Utf16Index::new(text);
        let position = index.position(byte_of_x);
        assert_eq!(
            position.column as usize,
            "{\"Sid\": \"é😀\", ".encode_utf16().count() + 1
        );
        assert_eq!(position.offset as usize, position.column as usize - 1);
        assert_ne!(position.column as usize, byte_of_x + 1);
    }

    #[test]
    fn later_lines_carry_the_utf16_offset_of_earlier_lines() {
        let text = "é\n😀x";
        let index = Utf16Index::new(text);
        let position = index.position(text.find('x').expect("x"));
        assert_eq!(
            position,
            Utf16Position {
                line: 2,
                column: 3,
                offset: 4
            }
        );
    }

    /// The naive position: count from the start of the text.
    fn naive(text: &str, byte_offset: usize) -> Utf16Position {
        let prefix = text.get(..byte_offset).expect("boundary");
        let line_start = prefix.rfind('\n').map_or(0, |newline| newline + 1);
        let units = |s: &str| s.encode_utf16().count() as u32;
        Utf16Position {
            line: prefix.matches('\n').count() as u32 + 1,
            column: units(prefix.get(line_start..).expect("boundary")) + 1,
            offset: units(prefix),
        }
    }

    #[test]
    fn long_lines_with_non_ascii_text_agree_with_counting_from_the_start() {
        // One long line (as JSON.stringify writes) mixing 1-, 2-, 3- and 4-byte characters, then more lines.
        let text = "é😀a€".repeat(100) + "\n" + &"xé".repeat(70) + "\n😀\n";
        let index = Utf16Index::new(&text);
        for (byte, _) in text.char_indices().chain([(text.len(), ' ')]) {
            assert_eq!(index.position(byte), naive(&text, byte), "byte {byte}");
        }
    }

    #[test]
    fn out_of_range_and_mid_character_offsets_do_not_panic() {
        let index = Utf16Index::new("é");
        assert_eq!(
            index.position(1),
            Utf16Position {
                line: 1,
                column: 1,
                offset: 0
            }
        );
        assert_eq!(
            index.position(99),
            Utf16Position {
                line: 1,
                column: 2,
                offset: 1
            }
        );
    }
}
