//! Byte offsets to 1-based line and column numbers, with or without the text at hand.

/// The start offset of every line of a text, for offset → line/column lookups.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    /// u32 keeps the index small for large repositories; files over 4 GiB are not read.
    starts: Vec<u32>,
}

/// A 1-based line and column; the column counts characters, as editors do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| (i + 1) as u32));
        LineIndex { starts }
    }

    /// The line and column of `offset`, clamped into the text and onto a character boundary.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let (line, start) = self.line_of(offset);
        let column = text[start..offset].chars().count() + 1;
        LineCol { line, column }
    }

    /// The 1-based line holding `offset` and the offset where that line starts.
    fn line_of(&self, offset: usize) -> (usize, usize) {
        let line = self
            .starts
            .partition_point(|&s| s as usize <= offset)
            .max(1);
        (line, (self.starts[line - 1] as usize).min(offset))
    }
}

/// Where the first line of `text` ends (before its `\r` or `\n`).
pub fn first_line_end(text: &str) -> usize {
    text.find(['\r', '\n']).unwrap_or(text.len())
}

/// What locating an offset needs once a text itself is let go: its length, where its
/// multi-byte characters are, and where its first line ends. A load that lets page
/// texts go keeps this instead (see `SourceFile::release_text`).
#[derive(Debug, Clone)]
pub struct TextShape {
    len: usize,
    first_line_end: usize,
    /// Each multi-byte character's start, and the continuation bytes of all
    /// multi-byte characters up to and including it.
    wide: Vec<(u32, u32)>,
}

impl TextShape {
    /// The shape of `text`, or nothing when its table of multi-byte characters would
    /// not be much smaller than the text (mostly non-Latin text is simply kept).
    pub fn of(text: &str) -> Option<Self> {
        let bytes = text.as_bytes();
        let mut wide = Vec::new();
        let mut extra = 0u32;
        // Most pages are nearly all ASCII: skip ASCII runs a chunk at a time.
        for (chunk_index, chunk) in bytes.chunks(32).enumerate() {
            if chunk.is_ascii() {
                continue;
            }
            for (i, &byte) in chunk.iter().enumerate() {
                // A UTF-8 lead byte; its value says how many bytes follow it.
                if byte >= 0xC0 {
                    extra += match byte {
                        0xF0.. => 3,
                        0xE0.. => 2,
                        _ => 1,
                    };
                    wide.push(((chunk_index * 32 + i) as u32, extra));
                }
            }
            // A quarter of the text, with room for a few characters in a short one.
            if wide.len() > 16 && wide.len() * std::mem::size_of::<(u32, u32)>() > text.len() / 4 {
                return None;
            }
        }
        Some(TextShape {
            len: text.len(),
            first_line_end: first_line_end(text),
            wide,
        })
    }

    pub fn text_len(&self) -> usize {
        self.len
    }

    /// Where the text's first line ends (before its `\r` or `\n`).
    pub fn first_line_end(&self) -> usize {
        self.first_line_end
    }

    /// The same as [`LineIndex::line_col`] on the text this is the shape of.
    pub fn line_col(&self, lines: &LineIndex, offset: usize) -> LineCol {
        let mut offset = offset.min(self.len);
        // The continuation bytes of the first `count` multi-byte characters.
        let continuation = |count: usize| count.checked_sub(1).map_or(0, |i| self.wide[i].1);
        let starting_before =
            |offset: usize| self.wide.partition_point(|&(at, _)| (at as usize) < offset);
        // When `offset` falls inside the last character that starts before it, it
        // moves back to that character's start.
        let mut before = starting_before(offset);
        if let Some(last) = before.checked_sub(1) {
            let at = self.wide[last].0 as usize;
            let width = (continuation(before) - continuation(last)) as usize + 1;
            if offset < at + width {
                offset = at;
                before = last;
            }
        }
        let (line, start) = lines.line_of(offset);
        let inside_line = continuation(before) - continuation(starting_before(start));
        LineCol {
            line,
            column: offset - start - inside_line as usize + 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_are_one_based() {
        let text = "ab\r\ncé\nx";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 0), LineCol { line: 1, column: 1 });
        assert_eq!(index.line_col(text, 5), LineCol { line: 2, column: 2 });
        // Inside the two-byte é: clamped back to its start.
        assert_eq!(index.line_col(text, 6), LineCol { line: 2, column: 2 });
        assert_eq!(index.line_col(text, 99), LineCol { line: 3, column: 2 });
    }

    #[test]
    fn the_shape_locates_every_offset_as_the_text_does() {
        let long_ascii = "x".repeat(70);
        let texts = [
            String::new(),
            "ab\r\ncé\nx".to_string(),
            format!("{long_ascii}é\n{long_ascii}→ 🦀 ok\nÉmile — “quoted” ·\n"),
            format!("title\r\n{long_ascii}\n\n€€ and ✓\n"),
        ];
        for text in &texts {
            let index = LineIndex::new(text);
            let shape = TextShape::of(text).expect("mostly ASCII texts have a shape");
            assert_eq!(shape.text_len(), text.len());
            assert_eq!(
                shape.first_line_end(),
                text.find(['\r', '\n']).unwrap_or(text.len())
            );
            for offset in 0..text.len() + 3 {
                assert_eq!(
                    shape.line_col(&index, offset),
                    index.line_col(text, offset),
                    "offset {offset} of {text:?}"
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn any_shape_locates_as_its_text_does(text in "[a-z \r\n]{0,80}[é€🦀→a-z\r\n ]{0,40}") {
            let index = LineIndex::new(&text);
            if let Some(shape) = TextShape::of(&text) {
                for offset in 0..=text.len() + 1 {
                    proptest::prop_assert_eq!(shape.line_col(&index, offset), index.line_col(&text, offset));
                }
            }
        }
    }

    #[test]
    fn mostly_non_latin_text_has_no_shape() {
        assert!(TextShape::of(&"運用手順書".repeat(20)).is_none());
        assert!(TextShape::of(&format!("{}·", "a".repeat(100))).is_some());
    }
}
