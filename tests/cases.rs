//! The fixture harness: every `tests/cases/*.case` file is a small ops repository
//! with the findings it must produce.
//!
//! A case starts with header lines, then its files:
//! - `# today: YYYY-MM-DD` (default 2026-11-21);
//! - `# rules: a, b` compares only findings of these rules (without it, all findings);
//! - `# expect: RULE LEVEL FILE:LINE`, one per finding: the compared findings must be
//!   exactly these (a quiet case has `# rules:` and no `# expect:`);
//! - `# help: TEXT` / `# message: TEXT`: some finding's help / message contains TEXT;
//! - `--- PATH` starts a file, written verbatim; `--- PATH crlf bom` writes it with
//!   CRLF line endings and a byte-order mark.
//!
//! Rule semantics and where each finding points are in docs/rules-spec.md.

use std::collections::BTreeSet;
use std::path::Path;

use opsctl::finding::Finding;

/// One expected or actual finding: rule, level, file and line.
type Key = (String, String, String, usize);

struct Case {
    today: String,
    rules: Option<BTreeSet<String>>,
    expect: BTreeSet<Key>,
    helps: Vec<String>,
    messages: Vec<String>,
    files: Vec<(String, Vec<u8>)>,
}

fn parse(text: &str) -> Case {
    let mut case = Case {
        today: "2026-11-21".into(),
        rules: None,
        expect: BTreeSet::new(),
        helps: Vec::new(),
        messages: Vec::new(),
        files: Vec::new(),
    };
    let mut current: Option<(String, bool, String)> = None;
    let finish = |current: Option<(String, bool, String)>, files: &mut Vec<(String, Vec<u8>)>| {
        if let Some((path, crlf_bom, body)) = current {
            let bytes = if crlf_bom {
                let mut b = "\u{feff}".as_bytes().to_vec();
                b.extend(body.replace('\n', "\r\n").into_bytes());
                b
            } else {
                body.into_bytes()
            };
            files.push((path, bytes));
        }
    };
    for line in text.split_inclusive('\n') {
        if let Some(header) = line.strip_prefix("--- ").filter(|h| !h.trim().is_empty()) {
            finish(current.take(), &mut case.files);
            let mut words = header.split_whitespace();
            let path = words.next().unwrap().to_string();
            let flags: Vec<&str> = words.collect();
            current = Some((path, flags.contains(&"crlf"), String::new()));
            continue;
        }
        if let Some((_, _, body)) = current.as_mut() {
            body.push_str(line);
            continue;
        }
        let line = line.trim();
        if let Some(v) = line.strip_prefix("# today:") {
            case.today = v.trim().to_string();
        } else if let Some(v) = line.strip_prefix("# rules:") {
            case.rules = Some(
                v.split(',')
                    .map(|r| r.trim().to_string())
                    .filter(|r| !r.is_empty())
                    .collect(),
            );
        } else if let Some(v) = line.strip_prefix("# expect:") {
            let parts: Vec<&str> = v.split_whitespace().collect();
            let (file, line_no) = parts[2].rsplit_once(':').unwrap();
            case.expect.insert((
                parts[0].into(),
                parts[1].into(),
                file.into(),
                line_no.parse().unwrap(),
            ));
        } else if let Some(v) = line.strip_prefix("# help:") {
            case.helps.push(v.trim().to_string());
        } else if let Some(v) = line.strip_prefix("# message:") {
            case.messages.push(v.trim().to_string());
        }
    }
    finish(current.take(), &mut case.files);
    case
}

fn key(repo: &opsctl::Repository, finding: &Finding) -> Key {
    let file = repo.file(finding.location.file);
    let (start, _) = file.locate(&finding.location.span);
    (
        finding.rule.to_string(),
        finding.level.as_str().to_string(),
        file.path.clone(),
        start.line,
    )
}

fn run(path: &Path) -> Result<(), String> {
    let case = parse(&std::fs::read_to_string(path).unwrap());
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in &case.files {
        let target = dir.path().join(name);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, bytes).unwrap();
    }
    let repo = opsctl::open(dir.path()).map_err(|e| e.to_string())?;
    let today = opsctl::today(Some(&case.today)).unwrap();
    let outcome = opsctl::check(&repo, today);
    let relevant: Vec<&Finding> = outcome
        .findings
        .iter()
        .filter(|f| case.rules.as_ref().is_none_or(|r| r.contains(f.rule)))
        .collect();
    let actual: BTreeSet<Key> = relevant.iter().map(|f| key(&repo, f)).collect();
    let mut problems = Vec::new();
    for missing in case.expect.difference(&actual) {
        problems.push(format!(
            "  missing:    {} {} {}:{}",
            missing.0, missing.1, missing.2, missing.3
        ));
    }
    for extra in actual.difference(&case.expect) {
        let finding = relevant.iter().find(|f| key(&repo, f) == *extra).unwrap();
        problems.push(format!(
            "  unexpected: {} {} {}:{}  ({})",
            extra.0, extra.1, extra.2, extra.3, finding.message
        ));
    }
    for help in &case.helps {
        if !outcome
            .findings
            .iter()
            .any(|f| f.help.as_deref().is_some_and(|h| h.contains(help.as_str())))
        {
            problems.push(format!("  no finding has help containing {help:?}"));
        }
    }
    for message in &case.messages {
        if !outcome
            .findings
            .iter()
            .any(|f| f.message.contains(message.as_str()))
        {
            problems.push(format!("  no finding has a message containing {message:?}"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

#[test]
fn every_case_produces_exactly_its_expected_findings() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "case"))
        .collect();
    paths.sort();
    assert!(paths.len() > 50, "the case directory looks incomplete");
    let failures: Vec<String> = paths
        .iter()
        .filter_map(|p| {
            run(p)
                .err()
                .map(|e| format!("{}:\n{e}", p.file_name().unwrap().to_string_lossy()))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        paths.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_has_a_firing_and_a_quiet_case() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for rule in opsctl::check::rules::RULES {
        if rule.id == "unreadable" {
            continue; // needs file permissions; covered in tests/bad_input.rs
        }
        let fires = names.iter().any(|n| {
            let text = std::fs::read_to_string(dir.join(n)).unwrap();
            text.lines()
                .any(|l| l.starts_with("# expect:") && l.split_whitespace().nth(2) == Some(rule.id))
        });
        let quiet = names
            .iter()
            .any(|n| n.starts_with(&format!("{}--quiet", rule.id)));
        assert!(fires, "no case makes `{}` fire", rule.id);
        assert!(quiet, "no quiet case for `{}`", rule.id);
    }
}
