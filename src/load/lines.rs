//! Byte offsets to 1-based line and column numbers.

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
        let line = self
            .starts
            .partition_point(|&s| s as usize <= offset)
            .max(1);
        let start = (self.starts[line - 1] as usize).min(offset);
        let column = text[start..offset].chars().count() + 1;
        LineCol { line, column }
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
}
