//! Splits a Markdown file into front matter (TOML `+++` or YAML `---`) and body.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Yaml,
}

/// Where the front matter and the body of a page lie, as byte ranges of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// The front matter's format and the text between its fences.
    pub front_matter: Option<(Format, Range<usize>)>,
    /// Everything after the closing fence (or the whole file after a BOM).
    pub body: Range<usize>,
}

/// The opening fence has no closing partner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unterminated {
    pub format: Format,
    /// The opening fence.
    pub fence: Range<usize>,
}

const BOM: &str = "\u{feff}";

/// Splits `text`. Fences must stand alone on their line (trailing blanks allowed);
/// CRLF line endings and a leading byte-order mark are accepted.
pub fn split(text: &str) -> Result<Split, Unterminated> {
    let start = if text.starts_with(BOM) { BOM.len() } else { 0 };
    let first_line_end = text[start..]
        .find('\n')
        .map_or(text.len(), |i| start + i + 1);
    let first_line = text[start..first_line_end].trim_end();
    let format = match first_line {
        "+++" => Format::Toml,
        "---" => Format::Yaml,
        _ => {
            return Ok(Split {
                front_matter: None,
                body: start..text.len(),
            });
        }
    };
    let fence = if format == Format::Toml { "+++" } else { "---" };
    let mut line_start = first_line_end;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i + 1);
        let line = text[line_start..line_end].trim_end();
        if line == fence || (format == Format::Yaml && line == "...") {
            return Ok(Split {
                front_matter: Some((format, first_line_end..line_start)),
                body: line_end..text.len(),
            });
        }
        line_start = line_end;
    }
    Err(Unterminated {
        format,
        fence: start..start + 3,
    })
}

/// A copy of `text` in which everything outside `keep` is blanked (newlines kept),
/// so that a parser of the kept part reports offsets of the whole file.
pub fn blank_outside(text: &str, keep: Range<usize>) -> String {
    let mut out = String::with_capacity(keep.end);
    for ch in text[..keep.start].chars() {
        if ch == '\n' {
            out.push('\n');
        } else {
            out.extend(std::iter::repeat_n(' ', ch.len_utf8()));
        }
    }
    out.push_str(&text[keep]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_front_matter_with_bom_and_crlf() {
        let text = "\u{feff}+++\r\ntitle = \"x\"\r\n+++\r\n# Body\r\n";
        let split = split(text).unwrap();
        let (format, range) = split.front_matter.unwrap();
        assert_eq!(format, Format::Toml);
        assert_eq!(&text[range], "title = \"x\"\r\n");
        assert_eq!(&text[split.body], "# Body\r\n");
    }

    #[test]
    fn no_front_matter() {
        let split = split("# Title\n---\n").unwrap();
        assert!(split.front_matter.is_none());
    }

    #[test]
    fn unterminated_is_reported() {
        assert!(split("---\ntitle: x\n").is_err());
    }

    #[test]
    fn blanking_keeps_offsets() {
        let text = "\u{feff}+++\nx = 1\n";
        let blanked = blank_outside(text, 7..text.len());
        assert_eq!(blanked.len(), text.len());
        assert_eq!(&blanked[7..], "x = 1\n");
    }
}
