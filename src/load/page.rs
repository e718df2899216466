//! Reading one Markdown page: its front matter (TOML or YAML) and its outline.

use std::sync::Arc;

use toml::Spanned;
use toml::de::DeValue;

use super::frontmatter::{self, Format};
use super::keys::strip_unknown;
use super::markdown::{self, BodyRenderer};
use super::tomlfile::{FileCx, forgiving};
use super::yaml;
use crate::config::Config;
use crate::finding::Finding;
use crate::model::Page;
use crate::model::entities::PageMeta;

/// Front-matter keys other site generators use; accepted so adopted handbooks stay quiet.
pub const FOREIGN_KEYS: &[&str] = &[
    "layout",
    "permalink",
    "slug",
    "sidebar_position",
    "sidebar_label",
    "weight",
    "draft",
    "aliases",
    "toc",
    "hide_title",
    "id",
    "author",
    "authors",
    "categories",
    "keywords",
    "image",
    "summary",
    "template",
    "nav_order",
    "parent",
    "order",
];

/// A parsed page, and for YAML front matter the map from stand-in offsets to the file.
#[derive(Clone)]
pub struct ParsedPage {
    pub page: Page,
    pub remaps: Vec<yaml::Remap>,
}

/// Reads the page at `path`; with a `renderer`, its body is rendered from the same
/// parse that reads the outline.
pub fn parse_page(
    path: &str,
    text: &str,
    config: &Config,
    cx: &mut FileCx,
    renderer: Option<&dyn BodyRenderer>,
) -> ParsedPage {
    let mut remaps = Vec::new();
    let problems_before = cx.findings.len();
    let (meta, front_matter, body) = match frontmatter::split(text) {
        Ok(split) => {
            let meta = match &split.front_matter {
                Some((Format::Toml, range)) => read_toml(text, range.clone(), config, cx),
                Some((Format::Yaml, range)) => {
                    read_yaml(text, range.clone(), config, cx, &mut remaps)
                }
                None => PageMeta::default(),
            };
            let fences_included = split.front_matter.as_ref().map(|_| 0..split.body.start);
            (meta, fences_included, split.body)
        }
        Err(unterminated) => {
            let fence = if unterminated.format == Format::Toml {
                "+++"
            } else {
                "---"
            };
            cx.push(
                Finding::new(
                    "syntax",
                    cx.at(unterminated.fence.clone()),
                    format!("front matter opened with `{fence}` is never closed"),
                )
                .help(format!(
                    "end the front matter with a line holding only `{fence}`"
                )),
            );
            (
                PageMeta::default(),
                None,
                unterminated.fence.end.min(text.len())..text.len(),
            )
        }
    };
    let mut scan = markdown::Scan::new(&text[body.clone()], body.start);
    // A blank title (`title = ""`) is no title: the first heading or the file name
    // names the page instead of nothing.
    let front_title = (meta.title.as_ref())
        .map(|t| t.value.as_str())
        .filter(|t| !t.trim().is_empty());
    let rendered = renderer.map(|r| Arc::new(r.render(path, front_title, &mut scan)));
    let outline = scan.finish();
    let title = front_title
        .map(str::to_string)
        .or_else(|| outline.headings.first().map(|h| h.text.clone()))
        .unwrap_or_else(|| file_stem(path));
    ParsedPage {
        page: Page {
            file: cx.file,
            path: path.to_string(),
            meta,
            title,
            front_matter,
            front_matter_ok: cx
                .findings
                .iter()
                .skip(problems_before)
                .all(|f| f.rule != "syntax"),
            outline,
            rendered,
        },
        remaps,
    }
}

fn file_stem(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".md").unwrap_or(name).to_string()
}

fn allowed(config: &Config) -> impl Fn(&str) -> bool + '_ {
    move |key| {
        FOREIGN_KEYS.contains(&key) || config.check.allow_front_matter.iter().any(|k| k == key)
    }
}

fn read_table(source: &str, config: &Config, cx: &mut FileCx) -> PageMeta {
    let (mut table, trusted) = cx.parse(source, "the front matter");
    if !trusted {
        return PageMeta::default();
    }
    let span = 0..source.len();
    let schema = crate::schema::front_matter();
    let unknown = strip_unknown(&mut table, schema, schema, &allowed(config));
    cx.unknown_keys(unknown, "front matter");
    forgiving(
        Spanned::new(span, DeValue::Table(table)),
        cx,
        "front matter",
    )
    .unwrap_or_default()
}

fn read_toml(
    text: &str,
    range: std::ops::Range<usize>,
    config: &Config,
    cx: &mut FileCx,
) -> PageMeta {
    // Blank the fences so the parser reports offsets of the whole file.
    let source = frontmatter::blank_outside(text, range.clone());
    read_table(&source, config, cx)
}

fn read_yaml(
    text: &str,
    range: std::ops::Range<usize>,
    config: &Config,
    cx: &mut FileCx,
    remaps: &mut Vec<yaml::Remap>,
) -> PageMeta {
    match yaml::stand_in(text, range.clone(), text.len()) {
        Ok(standin) => {
            *remaps = standin.remaps;
            read_table(&standin.text, config, cx)
        }
        Err(error) => {
            let at = error.offset.unwrap_or(range.start);
            cx.push(
                Finding::new(
                    "syntax",
                    cx.at(at..at),
                    format!("the front matter is not valid YAML: {}", error.message),
                )
                .help("fix the YAML syntax here; the rest of the repository is still checked"),
            );
            PageMeta::default()
        }
    }
}
