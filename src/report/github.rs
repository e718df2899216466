//! `--format github`: workflow commands that annotate the changed lines of a pull request.

use std::io::{self, Write};

use super::Context;
use crate::finding::Level;

/// Escapes a message (data) of a workflow command.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value, which additionally cannot hold `:` or `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn write(cx: &Context, out: &mut dyn Write) -> io::Result<()> {
    for finding in cx.findings() {
        let place = cx.place(&finding.location);
        let command = match finding.level {
            Level::Error => "error",
            _ => "warning",
        };
        let mut message = finding.message.clone();
        if let Some(help) = &finding.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        writeln!(
            out,
            "::{command} file={},line={},endLine={},col={},endColumn={},title={}::{}",
            escape_property(&place.path),
            place.line,
            place.end_line,
            place.column,
            place.end_column,
            escape_property(finding.rule),
            escape_data(&message)
        )?;
    }
    writeln!(out, "{}", super::summary(cx.outcome))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_the_actions_toolkit() {
        assert_eq!(escape_data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
