//! The site's templates: embedded defaults, each overridable by a file of the same
//! name in the repository's `templates/` directory.

use minijinja::{AutoEscape, Environment, Output, State, Value};

use super::fragments;
use crate::source::Source;

/// Every template the site uses, with its default text.
pub const DEFAULTS: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("site.html", include_str!("../../templates/site.html")),
    ("macros.html", DEFAULT_MACROS),
    ("page.html", include_str!("../../templates/page.html")),
    ("home.html", include_str!("../../templates/home.html")),
    ("goals.html", include_str!("../../templates/goals.html")),
    (
        "capabilities.html",
        include_str!("../../templates/capabilities.html"),
    ),
    (
        "capability.html",
        include_str!("../../templates/capability.html"),
    ),
    (
        "offerings.html",
        include_str!("../../templates/offerings.html"),
    ),
    ("people.html", include_str!("../../templates/people.html")),
    ("person.html", include_str!("../../templates/person.html")),
    ("kpis.html", include_str!("../../templates/kpis.html")),
    (
        "cadences.html",
        include_str!("../../templates/cadences.html"),
    ),
    (
        "findings.html",
        include_str!("../../templates/findings.html"),
    ),
    ("tags.html", include_str!("../../templates/tags.html")),
    (
        "page_list.html",
        include_str!("../../templates/page_list.html"),
    ),
];

const DEFAULT_MACROS: &str = include_str!("../../templates/macros.html");

/// Static files copied into `assets/`, overridable the same way (`templates/assets/…`).
pub const ASSETS: &[(&str, &str)] = &[
    (
        "style.css",
        include_str!("../../templates/assets/style.css"),
    ),
    ("site.js", include_str!("../../templates/assets/site.js")),
    ("icon.svg", include_str!("../../templates/assets/icon.svg")),
];

/// HTML escaping that leaves `/` alone, so URLs in attributes stay readable.
fn escape_html(out: &mut Output, state: &mut State, value: &Value) -> Result<(), minijinja::Error> {
    match value.as_str() {
        Some(text) if matches!(state.auto_escape(), AutoEscape::Html) && !value.is_safe() => {
            write_escaped(out, text).map_err(|_| {
                minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "cannot write")
            })
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

/// Writes `text` HTML-escaped, `/` left alone. The runs between special characters are
/// written whole, found with memchr: a site writes hundreds of thousands of values,
/// most with nothing to escape.
fn write_escaped(out: &mut impl std::fmt::Write, text: &str) -> std::fmt::Result {
    let mut start = 0;
    while let Some(at) = next_special(&text.as_bytes()[start..]) {
        let i = start + at;
        let entity = match text.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        };
        out.write_str(&text[start..i])?;
        out.write_str(entity)?;
        start = i + 1;
    }
    out.write_str(&text[start..])
}

/// `{{ message | code_spans }}`: text such as a finding's message, escaped, with the
/// parts it quotes in backticks (`` `deadline = YYYY-MM-DD` ``) shown as code, as they
/// are in a terminal's Markdown. A backtick with no partner stays as it is.
fn code_spans(text: &str) -> Value {
    if !text.contains('`') {
        // Most messages: escaped on output, like any value.
        return Value::from(text);
    }
    let parts: Vec<&str> = text.split('`').collect();
    let mut html = String::with_capacity(text.len() + 32);
    for (i, part) in parts.iter().enumerate() {
        // Text between a backtick and the next; the last part is code only if a
        // backtick closes it, which none does.
        let code = i % 2 == 1 && i + 1 < parts.len();
        if code {
            html.push_str("<code>");
        } else if i % 2 == 1 {
            html.push('`');
        }
        // Writing to a String cannot fail.
        let _ = write_escaped(&mut html, part);
        if code {
            html.push_str("</code>");
        }
    }
    Value::from_safe_string(html)
}

/// Where the first byte HTML escapes is in `bytes`: memchr looks for three bytes at
/// a time, so the quotes are looked for only before the first of the others.
fn next_special(bytes: &[u8]) -> Option<usize> {
    let markup = memchr::memchr3(b'&', b'<', b'>', bytes);
    let before = markup.unwrap_or(bytes.len());
    memchr::memchr2(b'"', b'\'', &bytes[..before]).or(markup)
}

/// The repository's version of a template or asset, if it has one; one that cannot
/// be read, or is not UTF-8, is an error rather than silently ignored.
pub fn override_of(source: &dyn Source, name: &str) -> Result<Option<String>, String> {
    let path = format!("templates/{name}");
    match source.read(&path) {
        Ok(bytes) => String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| format!("{path} is not valid UTF-8")),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(format!("cannot read {path}: {err}")),
    }
}

/// A template error as a diagnostic: where it is (`templates/NAME:LINE:COLUMN` in the
/// repository for an override, else opsctl's built-in template), what is wrong, the
/// page being rendered (`page`, if one was) and how to get going again. `text` is the
/// erring template's text, where known; `overrides` names the templates the
/// repository overrides.
pub fn describe(
    error: &minijinja::Error,
    text: Option<&str>,
    page: Option<&str>,
    overrides: &[&str],
) -> String {
    let name = error.name();
    let overridden = name.filter(|name| overrides.contains(name));
    let line = error.line().map(|l| format!(":{l}")).unwrap_or_default();
    let column = match (text, error.range()) {
        (Some(text), Some(range)) if range.start <= text.len() => {
            let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
            text.get(line_start..range.start)
                .map(|before| format!(":{}", before.chars().count() + 1))
        }
        _ => None,
    };
    let place = match (overridden, name) {
        (Some(name), _) => format!("templates/{name}{line}{}: ", column.unwrap_or_default()),
        // opsctl's own macros are kept under a name of their own beside an override's.
        (None, Some(name)) => format!(
            "{}{line} (opsctl's built-in template): ",
            name.strip_prefix("opsctl/").unwrap_or(name)
        ),
        (None, None) => String::new(),
    };
    let what = match error.detail() {
        Some(detail) => format!("{}: {detail}", error.kind()),
        None => error.kind().to_string(),
    };
    let page = page
        .map(|url| format!(", rendering {url}"))
        .unwrap_or_default();
    let help = match overridden {
        Some(name) => {
            format!("\n  help: fix it there, or delete templates/{name} to use opsctl's own")
        }
        // An override can break a built-in template by what it passes on to it.
        None if !overrides.is_empty() => format!(
            "\n  help: the repository overrides {}; {} may give opsctl's own templates a \
             value they do not expect",
            overrides
                .iter()
                .map(|name| format!("templates/{name}"))
                .collect::<Vec<_>>()
                .join(", "),
            if overrides.len() == 1 {
                "it"
            } else {
                "one of them"
            }
        ),
        None => String::new(),
    };
    format!("{place}{what}{page}{help}")
}

/// An override of `macros.html` with opsctl's macros that it does not define added
/// after it: the generated pages import macros by name (`m.goal_card`), so a
/// repository that restyles one macro keeps the others. Its own lines keep their
/// numbers, for its errors.
fn with_default_macros(text: &str) -> String {
    let defined: Vec<&str> = macro_definitions(text).map(|(name, _)| name).collect();
    let mut out = text.to_string();
    for (name, definition) in macro_definitions(DEFAULT_MACROS) {
        if !defined.contains(&name) {
            out.push('\n');
            out.push_str(definition);
        }
    }
    out
}

/// The top-level `{% macro NAME(…) %}…{% endmacro %}` definitions in `text`, by name.
fn macro_definitions(text: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut rest = 0;
    std::iter::from_fn(move || {
        loop {
            let open = rest + text[rest..].find("{%")?;
            let tag = text[open + 2..].trim_start_matches('-').trim_start();
            let Some(after) = tag.strip_prefix("macro") else {
                rest = open + 2;
                continue;
            };
            let name_len = after
                .trim_start()
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))?;
            let name = &after.trim_start()[..name_len];
            let end_tag = open + text[open..].find("endmacro")?;
            let end = end_tag + text[end_tag..].find("%}")? + 2;
            rest = end;
            return Some((name, &text[open..end]));
        }
    })
}

/// The templates of `env` that the repository overrides.
pub fn overrides(env: &Environment) -> Vec<&'static str> {
    DEFAULTS
        .iter()
        .filter(|(name, default)| env.get_template(name).is_ok_and(|t| t.source() != *default))
        .map(|(name, _)| *name)
        .collect()
}

/// The template environment, with the repository's overrides applied.
pub fn environment(source: &dyn Source) -> Result<Environment<'static>, String> {
    let mut env = Environment::new();
    let syntax = minijinja::syntax::SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .build()
        .map_err(|e| e.to_string())?;
    env.set_syntax(syntax);
    env.set_formatter(escape_html);
    for (name, default) in DEFAULTS {
        let (text, overridden) = match override_of(source, name)? {
            Some(text) if *name == "macros.html" => (with_default_macros(&text), &[*name][..]),
            Some(text) => (text, &[*name][..]),
            None => (default.to_string(), &[][..]),
        };
        if let Err(error) = env.add_template_owned(*name, text.clone()) {
            return Err(describe(&error, Some(&text), None, overridden));
        }
    }
    env.add_template(fragments::DEFAULT_MACROS, DEFAULT_MACROS)
        .map_err(|e| format!("template macros.html: {e}"))?;
    fragments::register(&mut env);
    // `{{ tag | tag_anchor }}`: the id of a tag's group on the tags page.
    env.add_filter("tag_anchor", |tag: &str| {
        super::tags::tag_anchor(tag).unwrap_or_default()
    });
    env.add_filter("code_spans", code_spans);
    Ok(env)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_override_of_the_macros_keeps_the_others() {
        let text = "{% macro person(p, root) %}<b>{{ p.name }}</b>{% endmacro %}\n";
        let merged = with_default_macros(text);
        assert!(merged.starts_with(text));
        let names: Vec<&str> = macro_definitions(&merged).map(|(name, _)| name).collect();
        assert_eq!(
            names.iter().filter(|n| **n == "person").count(),
            1,
            "{names:?}"
        );
        for name in ["due", "goal_card", "top_nav", "waiver_list"] {
            assert!(names.contains(&name), "{name}: {names:?}");
        }
        let defaults: Vec<&str> = macro_definitions(DEFAULT_MACROS).map(|(n, _)| n).collect();
        assert_eq!(names.len(), defaults.len(), "{names:?}");
    }

    #[test]
    fn quoted_parts_of_a_message_are_code_and_the_rest_escaped() {
        // As a template writes it: escaped on output unless the filter made it markup.
        let mut env = Environment::new();
        env.set_formatter(escape_html);
        env.add_filter("code_spans", code_spans);
        env.add_template("t.html", "{{ m | code_spans }}").unwrap();
        let html = |text: &str| {
            let template = env.get_template("t.html").unwrap();
            template.render(minijinja::context! { m => text }).unwrap()
        };
        assert_eq!(
            html("attendee `frank` is not a known person; add `deadline = <date>`"),
            "attendee <code>frank</code> is not a known person; add <code>deadline = &lt;date&gt;</code>"
        );
        assert_eq!(html("no quotes & no code"), "no quotes &amp; no code");
        assert_eq!(html("one ` alone"), "one ` alone");
        assert_eq!(html("`a` then ` b"), "<code>a</code> then ` b");
        assert_eq!(html("a/b.md"), "a/b.md");
    }

    #[test]
    fn values_are_escaped_except_slashes() {
        let mut env = Environment::new();
        env.set_formatter(escape_html);
        env.add_template("t.html", "{{ x }}|{{ y }}").unwrap();
        let render = |x: &str| {
            let context =
                minijinja::context! { x => x, y => Value::from_safe_string("<b>".into()) };
            env.get_template("t.html").unwrap().render(context).unwrap()
        };
        assert_eq!(
            render("'a&b<c>d\"e'f/g>"),
            "&#39;a&amp;b&lt;c&gt;d&quot;e&#39;f/g&gt;|<b>"
        );
        assert_eq!(render("plain text / path"), "plain text / path|<b>");
        assert_eq!(
            render("\"quoted\" & <b>"),
            "&quot;quoted&quot; &amp; &lt;b&gt;|<b>"
        );
        assert_eq!(render(""), "|<b>");
    }
}
