//! Aligned text tables for the planning commands (`list`, `owners`, `score`):
//! columns padded to their widest cell, one column shortened to fit a terminal,
//! colour only when asked for.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use unicode_width::UnicodeWidthStr;

/// Where a table is printed: whether to colour it, and the terminal's width (none
/// when the output is a pipe or a file, so nothing is cut).
#[derive(Debug, Clone, Copy, Default)]
pub struct Terminal {
    pub color: bool,
    pub width: Option<usize>,
}

impl Terminal {
    /// `text` in `style` when colour is on.
    pub fn paint(&self, style: Style, text: &str) -> String {
        if self.color {
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    }
}

/// How a row stands out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tone {
    #[default]
    Plain,
    /// Something is wrong (overdue, stale, overloaded).
    Bad,
    /// Something needs attention soon.
    Warn,
    /// Finished or inactive.
    Muted,
}

impl Tone {
    pub fn style(self) -> Style {
        match self {
            Tone::Plain => Style::new(),
            Tone::Bad => Style::new().fg_color(Some(AnsiColor::Red.into())),
            Tone::Warn => Style::new().fg_color(Some(AnsiColor::Yellow.into())),
            Tone::Muted => Style::new().dimmed(),
        }
    }
}

pub fn bold() -> Style {
    Style::new().bold()
}

#[derive(Debug, Clone)]
pub struct Table {
    headers: Vec<String>,
    rows: Vec<(Vec<String>, Tone)>,
    /// The column that gives way when the table is wider than the terminal.
    flexible: Option<usize>,
    indent: usize,
}

/// Narrowest a shortened column gets, so it stays readable.
const MIN_FLEX: usize = 12;

impl Table {
    pub fn new<S: Into<String>>(headers: impl IntoIterator<Item = S>) -> Table {
        Table {
            headers: headers.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
            flexible: None,
            indent: 0,
        }
    }

    /// Lets column `index` (a title, a name) be shortened with "…" to fit the terminal.
    pub fn flexible(mut self, index: usize) -> Table {
        self.flexible = Some(index);
        self
    }

    pub fn indent(mut self, spaces: usize) -> Table {
        self.indent = spaces;
        self
    }

    pub fn row(&mut self, cells: Vec<String>, tone: Tone) {
        self.rows.push((cells, tone));
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    fn widths(&self, terminal: &Terminal) -> Vec<usize> {
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.width()).collect();
        for (cells, _) in &self.rows {
            for (i, cell) in cells.iter().enumerate() {
                if let Some(w) = widths.get_mut(i) {
                    *w = (*w).max(cell.width());
                }
            }
        }
        if let (Some(limit), Some(flex)) = (terminal.width, self.flexible) {
            let total: usize =
                self.indent + widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1);
            if total > limit && flex < widths.len() {
                let over = total - limit;
                let floor = MIN_FLEX.min(widths[flex]);
                widths[flex] = widths[flex].saturating_sub(over).max(floor);
            }
        }
        widths
    }

    pub fn write(&self, out: &mut dyn Write, terminal: &Terminal) -> io::Result<()> {
        let widths = self.widths(terminal);
        let line = |cells: &[String]| -> String {
            let mut text = " ".repeat(self.indent);
            for (i, width) in widths.iter().enumerate() {
                let cell = cells.get(i).map_or("", String::as_str);
                let cell = fit(cell, *width);
                text.push_str(&cell);
                if i + 1 < widths.len() {
                    text.push_str(&" ".repeat(width - cell.width() + 2));
                }
            }
            text.trim_end().to_string()
        };
        writeln!(out, "{}", terminal.paint(bold(), &line(&self.headers)))?;
        for (cells, tone) in &self.rows {
            writeln!(out, "{}", terminal.paint(tone.style(), &line(cells)))?;
        }
        Ok(())
    }
}

/// `text` cut to `width` display columns, ending in "…" when cut.
fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for ch in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(ch);
        used += w;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(table: &Table, width: Option<usize>) -> String {
        let mut out = Vec::new();
        table
            .write(
                &mut out,
                &Terminal {
                    color: false,
                    width,
                },
            )
            .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn columns_align_and_the_flexible_one_gives_way() {
        let mut table = Table::new(["ID", "TITLE", "OWNER"]).flexible(1);
        table.row(
            vec![
                "a".into(),
                "A rather long title indeed".into(),
                "maya".into(),
            ],
            Tone::Plain,
        );
        table.row(vec!["bb".into(), "Short".into(), "dev".into()], Tone::Bad);
        assert_eq!(
            render(&table, None),
            "ID  TITLE                       OWNER\na   A rather long title indeed  maya\nbb  Short                       dev\n"
        );
        let narrow = render(&table, Some(28));
        assert!(narrow.lines().all(|l| l.width() <= 28), "{narrow}");
        assert!(narrow.contains("A rather long ti…"), "{narrow}");
    }

    #[test]
    fn wide_characters_are_measured_by_display_width() {
        assert_eq!(fit("日本語のタイトル", 7), "日本語…");
        assert_eq!(fit("Lucía", 5), "Lucía");
    }
}
