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
];

const DEFAULT_MACROS: &str = include_str!("../../templates/macros.html");

/// Static files copied into `assets/`, overridable the same way (`templates/assets/…`).
pub const ASSETS: &[(&str, &str)] = &[
    (
        "style.css",
        include_str!("../../templates/assets/style.css"),
    ),
    ("site.js", include_str!("../../templates/assets/site.js")),
];

/// HTML escaping that leaves `/` alone, so URLs in attributes stay readable.
fn escape_html(out: &mut Output, state: &mut State, value: &Value) -> Result<(), minijinja::Error> {
    match value.as_str() {
        Some(text) if matches!(state.auto_escape(), AutoEscape::Html) && !value.is_safe() => {
            let failed =
                |_| minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "cannot write");
            // Write the runs between special characters whole, not char by char.
            let mut start = 0;
            for (i, byte) in text.bytes().enumerate() {
                let entity = match byte {
                    b'&' => "&amp;",
                    b'<' => "&lt;",
                    b'>' => "&gt;",
                    b'"' => "&quot;",
                    b'\'' => "&#39;",
                    _ => continue,
                };
                out.write_str(&text[start..i]).map_err(failed)?;
                out.write_str(entity).map_err(failed)?;
                start = i + 1;
            }
            out.write_str(&text[start..]).map_err(failed)
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
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
        let text = override_of(source, name)?.unwrap_or_else(|| default.to_string());
        env.add_template_owned(*name, text)
            .map_err(|e| format!("template {name}: {e}"))?;
    }
    env.add_template(fragments::DEFAULT_MACROS, DEFAULT_MACROS)
        .map_err(|e| format!("template macros.html: {e}"))?;
    fragments::register(&mut env);
    Ok(env)
}
