//! Writes what `opsctl new` made: a table appended to a TOML file with toml_edit (so
//! the file's comments, order and layout stay as they were), or a new Markdown page.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::Path;

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table};

/// Appends `table` as a new `[[kind]]` to `rel` below `root`, creating the file (with a
/// `#:schema` line when the repository has `schema/entities.schema.json`) if needed.
/// Returns whether the file was created.
pub fn append_entity(root: &Path, rel: &str, kind: &str, mut table: Table) -> Result<bool, String> {
    let path = root.join(rel);
    table.decor_mut().set_prefix("\n");
    if !path.exists() {
        let mut doc = DocumentMut::new();
        let mut tables = ArrayOfTables::new();
        tables.push(table);
        doc.insert(kind, Item::ArrayOfTables(tables));
        let text = format!("{}{}", schema_line(root, rel), doc.to_string().trim_start());
        create(&path, &text).map_err(|e| format!("{rel}: {e}"))?;
        return Ok(true);
    }
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{rel}: {e}"))?;
    let mut doc: DocumentMut = text.parse().map_err(|e| {
        format!("{rel} is not valid TOML, so nothing was added; fix it first (`opsctl check` shows where):\n{e}")
    })?;
    match doc.get_mut(kind) {
        None => {
            let mut tables = ArrayOfTables::new();
            tables.push(table);
            doc.insert(kind, Item::ArrayOfTables(tables));
        }
        Some(Item::ArrayOfTables(tables)) => tables.push(table),
        Some(_) => {
            return Err(format!(
                "{rel} writes `{kind}` as an inline array rather than [[{kind}]] tables; \
                 add the new {kind} there by hand, or choose another file with --file"
            ));
        }
    }
    let mut out = doc.to_string();
    if text.contains("\r\n") {
        out = out.replace("\r\n", "\n").replace('\n', "\r\n");
    }
    std::fs::write(&path, out).map_err(|e| format!("{rel}: {e}"))?;
    Ok(false)
}

/// `#:schema ../schema/entities.schema.json` and a blank line, when the schema is there.
fn schema_line(root: &Path, rel: &str) -> String {
    if !root.join("schema/entities.schema.json").is_file() {
        return String::new();
    }
    let depth = rel.matches('/').count();
    let up = if depth == 0 {
        "./".to_string()
    } else {
        "../".repeat(depth)
    };
    format!("#:schema {up}schema/entities.schema.json\n\n")
}

/// Creates a new file (and its directories), never replacing one that exists.
pub fn create(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut file = OpenOptions::new().write(true).create_new(true).open(path)?;
    file.write_all(text.as_bytes())
}

/// A new SOP: TOML front matter from `meta`, then a skeleton to fill in.
pub fn sop_page(meta: Table, title: &str) -> String {
    let mut doc = DocumentMut::new();
    for (key, item) in meta {
        doc.insert(&key, item);
    }
    format!(
        "+++\n{doc}+++\n\n# {title}\n\n\
         ## Purpose\n\nWhy this procedure exists, and when to use it.\n\n\
         ## Steps\n\n1. …\n\n\
         ## Done when\n\nHow the person following it knows it is finished.\n"
    )
}
