//! YAML front matter (Jekyll, Hugo, Docusaurus handbooks), read by rewriting it as an
//! equivalent TOML stand-in so one code path validates both, with a map from the
//! stand-in's offsets back to the YAML text.

use std::fmt::Write;
use std::ops::Range;

use serde_json::Value;

/// Where one top-level entry sits in the stand-in and in the real file.
#[derive(Debug, Clone)]
pub struct Remap {
    pub standin_key: Range<usize>,
    pub standin_value: Range<usize>,
    pub real_key: Range<usize>,
    pub real_value: Range<usize>,
    /// Keys of nested mappings (a retro's actions), in the order written.
    pub nested: Vec<(Range<usize>, String)>,
}

pub struct StandIn {
    /// A TOML document whose offsets all lie at or after `base`.
    pub text: String,
    pub remaps: Vec<Remap>,
}

/// A YAML syntax error with its position in the file, if the parser gave one.
#[derive(Debug, Clone)]
pub struct YamlError {
    pub message: String,
    pub offset: Option<usize>,
}

/// Rewrites the YAML in `file[range]` as TOML. Stand-in offsets start at `base`
/// (the file's length), so they never collide with real offsets.
pub fn stand_in(file: &str, range: Range<usize>, base: usize) -> Result<StandIn, YamlError> {
    let yaml = &file[range.clone()];
    let value: Value = if yaml.trim().is_empty() {
        Value::Object(Default::default())
    } else {
        serde_saphyr::from_str(yaml).map_err(|err| YamlError {
            message: first_line(&err.to_string()),
            offset: err.location().and_then(|loc| {
                offset_of(
                    file,
                    range.start,
                    loc.line() as usize,
                    loc.column() as usize,
                )
            }),
        })?
    };
    let Value::Object(map) = value else {
        return Err(YamlError {
            message: "front matter must be a mapping of keys to values".into(),
            offset: Some(range.start),
        });
    };
    let mut text = " ".repeat(base);
    let mut remaps = Vec::new();
    for (key, value) in &map {
        if value.is_null() {
            continue;
        }
        let Some((real_key, real_value)) = locate_key(file, range.clone(), key) else {
            continue;
        };
        let key_start = text.len();
        write_string(&mut text, key);
        let standin_key = key_start..text.len();
        text.push_str(" = ");
        let value_start = text.len();
        let mut nested = Vec::new();
        write_inline(&mut text, value, &mut nested);
        let standin_value = value_start..text.len();
        text.push('\n');
        remaps.push(Remap {
            standin_key,
            standin_value,
            real_key,
            real_value,
            nested,
        });
    }
    Ok(StandIn { text, remaps })
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or(message).to_string()
}

fn offset_of(file: &str, start: usize, line: usize, column: usize) -> Option<usize> {
    let mut offset = start;
    for _ in 1..line {
        offset += file[offset..].find('\n')? + 1;
    }
    let line_text = &file[offset..];
    let col = line_text
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    Some(offset + col)
}

/// The key and the value extent of a top-level YAML entry: from its key line to the
/// next line that starts another top-level key.
fn locate_key(file: &str, range: Range<usize>, key: &str) -> Option<(Range<usize>, Range<usize>)> {
    let mut line_start = range.start;
    let mut found: Option<(Range<usize>, usize)> = None;
    while line_start < range.end {
        let line_end = file[line_start..range.end]
            .find('\n')
            .map_or(range.end, |i| line_start + i + 1);
        let line = &file[line_start..line_end];
        let starts_entry = line.starts_with(|c: char| !c.is_whitespace() && c != '#' && c != '-');
        if let Some((key_range, _)) = &found {
            if starts_entry {
                let value_end = file[..line_start].trim_end().len();
                return Some((
                    key_range.clone(),
                    value_start(file, key_range.end, value_end)..value_end,
                ));
            }
        } else if starts_entry {
            let name = line
                .split(':')
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches(['"', '\'']);
            if name == key {
                found = Some((
                    line_start..line_start + line.find(':').unwrap_or(0),
                    line_end,
                ));
            }
        }
        line_start = line_end;
    }
    let (key_range, _) = found?;
    let value_end = file[..range.end].trim_end().len().max(key_range.end);
    Some((
        key_range.clone(),
        value_start(file, key_range.end, value_end)..value_end,
    ))
}

fn value_start(file: &str, key_end: usize, value_end: usize) -> usize {
    let after_colon = (key_end + 1).min(value_end);
    let skipped =
        file[after_colon..value_end].len() - file[after_colon..value_end].trim_start().len();
    after_colon + skipped
}

fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn write_inline(out: &mut String, value: &Value, nested: &mut Vec<(Range<usize>, String)>) {
    match value {
        Value::Null => out.push_str("\"\""),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            let text = n.to_string();
            let is_float = n.is_f64() && !text.contains(['.', 'e', 'E']);
            out.push_str(&text);
            if is_float {
                out.push_str(".0");
            }
        }
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().filter(|v| !v.is_null()).enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_inline(out, item, nested);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in map.iter().filter(|(_, v)| !v.is_null()).enumerate() {
                out.push_str(if i > 0 { ", " } else { " " });
                write_string(out, key);
                out.push_str(" = ");
                let start = out.len();
                write_inline(out, item, nested);
                nested.push((start..out.len(), key.clone()));
            }
            out.push_str(" }");
        }
    }
}

/// Maps a span of the stand-in back to the YAML text it came from.
pub fn real_span(file: &str, remaps: &[Remap], span: &Range<usize>) -> Option<Range<usize>> {
    remaps.iter().find_map(|r| {
        if r.standin_key.contains(&span.start) {
            Some(r.real_key.clone())
        } else if r.standin_value.start <= span.start && span.start <= r.standin_value.end {
            Some(nested_span(file, r, span).unwrap_or_else(|| r.real_value.clone()))
        } else {
            None
        }
    })
}

/// The value of the innermost nested key holding `span`: its n-th `key:` line in the YAML.
fn nested_span(file: &str, remap: &Remap, span: &Range<usize>) -> Option<Range<usize>> {
    let (index, (_, key)) = remap
        .nested
        .iter()
        .enumerate()
        .filter(|(_, (range, _))| range.start <= span.start && span.start <= range.end)
        .min_by_key(|(_, (range, _))| range.len())?;
    let occurrence = remap.nested[..index]
        .iter()
        .filter(|(_, k)| k == key)
        .count();
    let mut offset = remap.real_value.start;
    let mut seen = 0;
    for line in file[remap.real_value.clone()].split_inclusive('\n') {
        let content = line.trim_start().trim_start_matches("- ").trim_start();
        if let Some(rest) = content
            .strip_prefix(key.as_str())
            .and_then(|r| r.trim_start().strip_prefix(':'))
        {
            if seen == occurrence {
                let value = rest.trim();
                let start =
                    offset + line.len() - rest.len() + (rest.len() - rest.trim_start().len());
                return Some(start..start + value.len());
            }
            seen += 1;
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stand_in_maps_back_to_yaml() {
        let file = "---\ntitle: Hello\ntags:\n- a\n- b\nowner: dev\n---\nbody\n";
        let range = 4..file.find("---\nbody").unwrap();
        let standin = stand_in(file, range, file.len()).unwrap();
        let toml_part = &standin.text[file.len()..];
        assert_eq!(
            toml_part,
            "\"title\" = \"Hello\"\n\"tags\" = [\"a\", \"b\"]\n\"owner\" = \"dev\"\n"
        );
        let owner = &standin.remaps[2];
        assert_eq!(&file[owner.real_key.clone()], "owner");
        assert_eq!(&file[owner.real_value.clone()], "dev");
        let tags = &standin.remaps[1];
        assert_eq!(&file[tags.real_value.clone()], "- a\n- b");
    }

    #[test]
    fn yaml_errors_have_positions() {
        let file = "---\ntitle: [unclosed\n---\n";
        let err = stand_in(file, 4..20, file.len()).err().unwrap();
        assert!(err.offset.is_some());
    }
}
