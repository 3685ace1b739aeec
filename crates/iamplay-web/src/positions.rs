//! Byte offsets (what the core reports) to Monaco ranges: 1-based lines and 1-based UTF-16 columns. The
//! conversion itself is the core's `utf16::Utf16Index`; this module only shapes it as Monaco wants it.

use iamplay_core::utf16::Utf16Index;

/// Converts byte offsets of one text to Monaco positions.
#[derive(Debug, Clone)]
pub struct LineIndex<'t> {
    index: Utf16Index<'t>,
}

/// A Monaco range: 1-based lines, 1-based UTF-16 columns, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Range16 {
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

impl<'t> LineIndex<'t> {
    pub fn new(text: &'t str) -> Self {
        Self {
            index: Utf16Index::new(text),
        }
    }

    /// The Monaco position of byte `offset` (clamped to the text; an offset inside a character counts as
    /// that character's start).
    pub fn position(&self, offset: usize) -> (u32, u32) {
        let position = self.index.position(offset);
        (position.line, position.column)
    }

    /// The Monaco range of bytes `[start, end)`; an empty range is widened to one character so a marker shows.
    pub fn range(&self, start: usize, end: usize) -> Range16 {
        let (line, column) = self.position(start);
        let (end_line, mut end_column) = self.position(end.max(start));
        if end_line == line && end_column <= column {
            end_column = column + 1;
        }
        Range16 {
            line,
            column,
            end_line,
            end_column,
        }
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn ascii_positions() {
        let index = LineIndex::new("ab\ncd\n");
        assert_eq!(index.position(0), (1, 1));
        assert_eq!(index.position(2), (1, 3));
        assert_eq!(index.position(3), (2, 1));
        assert_eq!(index.position(4), (2, 2));
        assert_eq!(index.position(6), (3, 1));
        assert_eq!(index.position(99), (3, 1));
    }

    #[test]
    fn non_ascii_columns_count_utf16_units() {
        // "é" is 2 bytes / 1 unit, "🎉" 4 bytes / 2 units, "日" 3 bytes / 1 unit.
        let text = "{\"Sid\": \"é🎉日\", \"Effect\": \"allow\"}";
        let index = LineIndex::new(text);
        let byte = text.find("\"allow\"").expect("present");
        assert_eq!(byte, 31);
        // Monaco column: 1 + UTF-16 units before it. Units before: 31 bytes - (1 + 2 + 2) extra bytes = 26.
        assert_eq!(index.position(byte), (1, 27));
        let range = index.range(byte, byte + "\"allow\"".len());
        assert_eq!(
            range,
            Range16 {
                line: 1,
                column: 27,
                end_line: 1,
                end_column: 34
            }
        );
    }

    #[test]
    fn offsets_inside_a_character_snap_to_its_start() {
        let index = LineIndex::new("a🎉b");
        assert_eq!(index.position(2), (1, 2));
        assert_eq!(index.position(5), (1, 4));
    }

    #[test]
    fn empty_ranges_are_widened() {
        let index = LineIndex::new("abc");
        assert_eq!(
            index.range(1, 1),
            Range16 {
                line: 1,
                column: 2,
                end_line: 1,
                end_column: 3
            }
        );
    }
}
