//! The committed JSON Schemas match the Rust types they are generated from.

use std::path::Path;

#[test]
fn committed_schemas_match_the_types() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema");
    for file in opsctl::schema::all() {
        let committed = std::fs::read_to_string(dir.join(file.name)).unwrap_or_default();
        assert!(
            committed == opsctl::schema::render(file.value),
            "schema/{} is out of date: run `cargo run -- schema` and commit the result",
            file.name
        );
    }
}

#[test]
fn schemas_are_draft_07_and_strict() {
    let entities = opsctl::schema::entities();
    assert_eq!(
        entities["$schema"],
        "http://json-schema.org/draft-07/schema#"
    );
    assert_eq!(entities["additionalProperties"], false);
    let goal = &entities["definitions"]["Goal"];
    assert_eq!(goal["additionalProperties"], false);
    assert!(goal["properties"]["owner"].is_object());
}

#[test]
fn example_toml_files_point_editors_at_the_schemas() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/acme");
    for entry in walk(&root) {
        if entry.extension().is_some_and(|e| e == "toml") {
            let text = std::fs::read_to_string(&entry).unwrap();
            let first = text.lines().next().unwrap_or("");
            let target = first
                .strip_prefix("#:schema ")
                .unwrap_or_else(|| panic!("{} has no #:schema line", entry.display()));
            assert!(
                entry.parent().unwrap().join(target).is_file(),
                "{}: {target} does not exist",
                entry.display()
            );
        }
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
