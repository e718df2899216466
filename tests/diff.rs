//! `opsctl diff` and `opsctl check --new-since` on real git repositories the tests
//! create: every kind of change, revision ranges, the working tree as the default
//! head, bad revisions, and snapshots of the Markdown and JSON output.

mod gitrepo;

use gitrepo::{Repo, code, git_ok, opsctl, stderr, stdout};
use serde_json::Value;

/// The base fixture (`tests/fixtures/diff-base`, clean but for one unowned page) and,
/// committed on top of it, a change that touches every kind of thing the diff reports.
fn changed() -> Repo {
    let r = Repo::from_fixture("diff-base");
    // Goals: owner moved, deadline slipped, metric, priority and a milestone done; a
    // deadline pulled in and a status change; one goal removed, one (ownerless) added.
    r.edit("goals.toml", "owner = \"tomasz\"", "owner = \"ines\"");
    r.edit(
        "goals.toml",
        "deadline = 2026-12-10",
        "deadline = 2026-12-31",
    );
    r.edit("goals.toml", "3x quota", "4x quota");
    r.edit("goals.toml", "priority = 1", "priority = 4");
    r.edit("goals.toml", "done = false", "done = true");
    r.edit(
        "goals.toml",
        "deadline = 2026-12-31\nmetric = \"ARR",
        "deadline = 2026-12-26\nmetric = \"ARR",
    );
    r.edit(
        "goals.toml",
        "status = \"active\"\npriority = 2",
        "status = \"done\"\npriority = 2",
    );
    let goals = r.read("goals.toml");
    let old_goal = goals.find("[[goal]]\nid = \"old-goal\"").unwrap();
    r.write(
        "goals.toml",
        &format!(
            "{}[[goal]]\nid = \"new-goal\"\ntitle = \"Open a Berlin office\"\nhorizon = \"annual\"\ndeadline = 2026-12-30\nmetric = \"Office open\"\npriority = 3\n",
            &goals[..old_goal]
        ),
    );
    // Capabilities: support loses its owner, its only SOP and its only KPI; billing
    // disappears, with its SOP and KPI, while the invoicing offering still requires it.
    r.edit("capabilities.toml", "owner = \"dev\"\n", "");
    let capabilities = r.read("capabilities.toml");
    let billing = capabilities
        .find("[[capability]]\nid = \"billing\"")
        .unwrap();
    let offerings = capabilities.find("[[offering]]").unwrap();
    r.write(
        "capabilities.toml",
        &format!("{}{}", &capabilities[..billing], &capabilities[offerings..]),
    );
    let kpis = r.read("kpis.toml");
    r.write(
        "kpis.toml",
        &kpis[..kpis.find("\n[[kpi]]\nid = \"first-response\"").unwrap()],
    );
    r.remove("sops/support/escalate.md");
    r.remove("sops/sales/billing.md");
    // Pages: one section edited and one added, a page renamed, one removed, one added,
    // and the unowned page gets an owner (its finding is resolved).
    r.edit(
        "sops/sales/qualify.md",
        "Ask Maya.",
        "Ask Ines, then Maya.\n\n## Follow-up\n\nWrite to the lead within a week.",
    );
    git_ok(
        &r.work,
        &[
            "mv",
            "ops/handbook/macros.md",
            "ops/handbook/canned-replies.md",
        ],
    );
    r.remove("handbook/old.md");
    r.write(
        "handbook/new.md",
        "+++\nowner = \"ines\"\n+++\n\n# Onboarding a new hire\n\nStart here.\n",
    );
    r.write(
        "notes.md",
        "+++\nowner = \"maya\"\n+++\n\n# Notes\n\nMeeting notes without an owner.\n",
    );
    r.commit("change");
    r
}

fn json_of(r: &Repo, args: &[&str]) -> Value {
    let out = opsctl(&r.ops, args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap()
}

/// The entity change of `kind` `id` in a JSON diff.
fn entity<'a>(doc: &'a Value, kind: &str, id: &str) -> &'a Value {
    doc["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == kind && e["id"] == id)
        .unwrap_or_else(|| panic!("no change of {kind} {id}"))
}

/// The text of each field change of an entity.
fn texts(change: &Value) -> Vec<&str> {
    change["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["text"].as_str().unwrap())
        .collect()
}

fn page<'a>(doc: &'a Value, path: &str) -> &'a Value {
    doc["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["path"] == path)
        .unwrap_or_else(|| panic!("no change of page {path}"))
}

#[test]
fn goals_are_changed_field_by_field_not_removed_and_added() {
    let r = changed();
    let doc = json_of(&r, &["diff", "HEAD~1", "HEAD", "--format", "json"]);
    let pipeline = entity(&doc, "goal", "q4-pipeline");
    assert_eq!(pipeline["change"], "changed");
    assert_eq!(
        texts(pipeline),
        [
            "owner tomasz → ines",
            "deadline slipped 21 days (2026-12-10 → 2026-12-31)",
            "metric \"Pipeline at 3x quota\" → \"Pipeline at 4x quota\"",
            "priority 1 → 4",
            "milestone \"Pricing page live\" done",
        ]
    );
    let risky: Vec<bool> = pipeline["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["risky"].as_bool().unwrap())
        .collect();
    assert_eq!(risky, [true, true, false, false, false]);
    assert_eq!(pipeline["fields"][1]["days"], 21);
    assert_eq!(
        texts(entity(&doc, "goal", "arr")),
        [
            "deadline pulled in 5 days (2026-12-31 → 2026-12-26)",
            "status active → done"
        ]
    );
    assert_eq!(entity(&doc, "goal", "old-goal")["change"], "removed");
    assert_eq!(entity(&doc, "goal", "new-goal")["change"], "added");
    assert_eq!(
        entity(&doc, "goal", "new-goal")["name"],
        "Open a Berlin office"
    );
    assert_eq!(
        texts(entity(&doc, "capability", "support")),
        ["owner dev removed"]
    );
    assert_eq!(entity(&doc, "capability", "billing")["change"], "removed");
    assert_eq!(entity(&doc, "kpi", "first-response")["change"], "removed");
    assert_eq!(entity(&doc, "kpi", "dso")["change"], "removed");
    // Nothing else: unchanged entities are not listed, and no entity appears twice.
    assert_eq!(doc["entities"].as_array().unwrap().len(), 8);
}

#[test]
fn pages_are_added_removed_renamed_and_edited_by_section() {
    let r = changed();
    let doc = json_of(&r, &["diff", "HEAD~1", "HEAD", "--format", "json"]);
    let qualify = page(&doc, "sops/sales/qualify.md");
    assert_eq!(qualify["change"], "changed");
    assert_eq!(qualify["capability"], "sales");
    assert_eq!(
        qualify["sections"],
        serde_json::json!([
            {"heading": "Escalation", "from": null, "change": "edited"},
            {"heading": "Follow-up", "from": null, "change": "added"},
        ])
    );
    let renamed = page(&doc, "handbook/canned-replies.md");
    assert_eq!(renamed["change"], "renamed");
    assert_eq!(renamed["from"], "handbook/macros.md");
    assert_eq!(page(&doc, "handbook/old.md")["change"], "removed");
    assert_eq!(page(&doc, "handbook/new.md")["change"], "added");
    assert_eq!(page(&doc, "sops/support/escalate.md")["change"], "removed");
    assert_eq!(texts(page(&doc, "notes.md")), ["owner set to maya"]);
    let summary = &doc["summary"]["counts"]["pages"];
    assert_eq!(
        (
            &summary["added"],
            &summary["removed"],
            &summary["renamed"],
            &summary["changed"]
        ),
        (&1.into(), &3.into(), &1.into(), &2.into())
    );
}

#[test]
fn a_renamed_and_edited_page_is_still_one_page() {
    let r = Repo::from_fixture("diff-base");
    git_ok(
        &r.work,
        &["mv", "ops/handbook/macros.md", "ops/handbook/replies.md"],
    );
    r.edit("handbook/replies.md", "friendly", "friendly and precise");
    r.commit("rename and edit");
    let doc = json_of(&r, &["diff", "HEAD~1", "HEAD", "--format", "json"]);
    let pages = doc["pages"].as_array().unwrap();
    assert_eq!(pages.len(), 1, "{pages:?}");
    assert_eq!(pages[0]["change"], "renamed");
    assert_eq!(pages[0]["sections"][0]["heading"], "Writing a macro");
    assert_eq!(pages[0]["sections"][0]["change"], "edited");
    // Also when the rename is not committed yet (git's rename detection on the working tree).
    git_ok(
        &r.work,
        &["mv", "ops/handbook/replies.md", "ops/handbook/answers.md"],
    );
    let doc = json_of(&r, &["diff", "--format", "json"]);
    assert_eq!(
        page(&doc, "handbook/answers.md")["from"],
        "handbook/replies.md"
    );
}

#[test]
fn a_renamed_heading_reads_as_a_renamed_section() {
    let r = Repo::from_fixture("diff-base");
    r.edit("sops/sales/qualify.md", "## Steps", "## How to qualify");
    let doc = json_of(&r, &["diff", "--format", "json"]);
    assert_eq!(
        page(&doc, "sops/sales/qualify.md")["sections"],
        serde_json::json!([{"heading": "How to qualify", "from": "Steps", "change": "renamed"}])
    );
}

#[test]
fn capability_coverage_losses_are_reported() {
    let r = changed();
    let doc = json_of(&r, &["diff", "HEAD~1", "HEAD", "--format", "json"]);
    let coverage: Vec<&str> = doc["coverage"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        coverage,
        [
            "capability support now has no SOP (it had one)",
            "capability support now has no KPI (it had one)",
            "capability support now has no owner",
            "offering invoicing requires capability billing, which no longer exists",
        ]
    );
    assert!(
        doc["coverage"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["risky"] == true)
    );
}

#[test]
fn findings_introduced_and_resolved_are_listed() {
    let r = changed();
    let doc = json_of(&r, &["diff", "HEAD~1", "HEAD", "--format", "json"]);
    let rules = |which: &str| -> Vec<String> {
        doc["findings"][which]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                format!(
                    "{} {}",
                    f["rule"].as_str().unwrap(),
                    f["file"].as_str().unwrap()
                )
            })
            .collect()
    };
    assert_eq!(
        rules("introduced"),
        [
            "capability-without-kpi capabilities.toml",
            "capability-without-sop capabilities.toml",
            "missing-owner capabilities.toml",
            "missing-capability capabilities.toml",
            "missing-owner goals.toml",
        ]
    );
    assert_eq!(rules("resolved"), ["page-unowned notes.md"]);
}

#[test]
fn moving_lines_does_not_introduce_or_resolve_findings() {
    let r = Repo::from_fixture("diff-base");
    // The unowned page's finding moves down three lines; goals move to another file.
    r.write(
        "notes.md",
        "\n\n\n# Notes\n\nMeeting notes without an owner.\n",
    );
    let goals = r.read("goals.toml");
    r.remove("goals.toml");
    r.write("goals/2026.toml", &format!("# Moved here\n\n{goals}"));
    let doc = json_of(&r, &["diff", "--format", "json"]);
    assert_eq!(doc["findings"]["introduced"], serde_json::json!([]));
    assert_eq!(doc["findings"]["resolved"], serde_json::json!([]));
    assert_eq!(
        doc["entities"],
        serde_json::json!([]),
        "moving a goal changes nothing"
    );
}

#[test]
fn the_head_defaults_to_the_working_tree_and_the_base_to_head() {
    let r = Repo::from_fixture("diff-base");
    let clean = opsctl(&r.ops, &["diff"]);
    assert_eq!(code(&clean), 0);
    assert!(
        stdout(&clean).contains("no changes to the model"),
        "{}",
        stdout(&clean)
    );
    assert!(stdout(&clean).contains("HEAD ("), "{}", stdout(&clean));
    assert!(
        stdout(&clean).contains("→ working tree"),
        "{}",
        stdout(&clean)
    );
    r.edit("goals.toml", "owner = \"tomasz\"", "owner = \"ines\"");
    let dirty = stdout(&opsctl(&r.ops, &["diff"]));
    assert!(
        dirty.contains("goal q4-pipeline (\"Build the Q4 pipeline\"): owner tomasz → ines"),
        "{dirty}"
    );
    assert_eq!(dirty, stdout(&opsctl(&r.ops, &["diff", "HEAD"])));
    // Committed, the working tree matches HEAD again; the commit differs from its parent.
    r.commit("owner");
    assert!(stdout(&opsctl(&r.ops, &["diff"])).contains("no changes to the model"));
    assert!(stdout(&opsctl(&r.ops, &["diff", "HEAD~1"])).contains("owner tomasz → ines"));
}

/// main: start, then a deadline moved; topic (from start): two commits.
fn branched() -> Repo {
    let r = Repo::from_fixture("diff-base");
    git_ok(&r.work, &["checkout", "-q", "-b", "topic"]);
    r.edit("goals.toml", "owner = \"tomasz\"", "owner = \"ines\"");
    r.commit("topic: owner");
    r.edit("goals.toml", "priority = 1", "priority = 4");
    r.commit("topic: priority");
    git_ok(&r.work, &["checkout", "-q", "main"]);
    r.edit(
        "goals.toml",
        "deadline = 2026-12-20",
        "deadline = 2027-01-20",
    );
    r.commit("main: slip old-goal");
    r
}

#[test]
fn two_dots_compare_the_tips_and_three_dots_the_merge_base() {
    let r = branched();
    let fields = |args: &[&str]| -> Vec<String> {
        let doc = json_of(&r, args);
        doc["entities"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|e| {
                let id = e["id"].as_str().unwrap().to_string();
                texts(e)
                    .into_iter()
                    .map(move |t| format!("{id}: {t}"))
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let two_dots = fields(&["diff", "main..topic", "--format", "json"]);
    assert_eq!(
        two_dots,
        [
            "old-goal: deadline pulled in 31 days (2027-01-20 → 2026-12-20)",
            "q4-pipeline: owner tomasz → ines",
            "q4-pipeline: priority 1 → 4",
        ]
    );
    assert_eq!(
        two_dots,
        fields(&["diff", "main", "topic", "--format", "json"])
    );
    // The merge base is `start`, not topic's parent: both topic commits, not main's.
    let three_dots = fields(&["diff", "main...topic", "--format", "json"]);
    assert_eq!(
        three_dots,
        [
            "q4-pipeline: owner tomasz → ines",
            "q4-pipeline: priority 1 → 4"
        ]
    );
    let doc = json_of(&r, &["diff", "main...topic", "--format", "json"]);
    assert_eq!(doc["base"]["commit"], r.rev("main~1"));
    assert_ne!(doc["base"]["commit"], r.rev("topic~1"));
    assert_eq!(doc["head"]["commit"], r.rev("topic"));
}

#[test]
fn bad_revisions_and_no_git_repository_exit_2_with_a_clear_message() {
    let r = Repo::from_fixture("diff-base");
    let unknown = opsctl(&r.ops, &["diff", "no-such-branch"]);
    assert_eq!(code(&unknown), 2);
    assert!(
        stderr(&unknown).contains("unknown revision `no-such-branch`"),
        "{}",
        stderr(&unknown)
    );
    let unknown = opsctl(&r.ops, &["diff", "main...nope"]);
    assert_eq!(code(&unknown), 2);
    assert!(stderr(&unknown).contains("`nope`"));
    let both = opsctl(&r.ops, &["diff", "HEAD..HEAD", "main"]);
    assert_eq!(code(&both), 2);
    assert!(stderr(&both).contains("not both"));
    let plain = tempfile::tempdir().unwrap();
    std::fs::write(plain.path().join("opsctl.toml"), "").unwrap();
    let outside = opsctl(plain.path(), &["diff"]);
    assert_eq!(code(&outside), 2);
    assert!(
        stderr(&outside).contains("not in a git repository"),
        "{}",
        stderr(&outside)
    );
}

#[test]
fn new_errors_fail_only_with_fail_on_new_errors() {
    let r = changed();
    assert_eq!(code(&opsctl(&r.ops, &["diff", "HEAD~1", "HEAD"])), 0);
    let failed = opsctl(&r.ops, &["diff", "HEAD~1", "HEAD", "--fail-on-new-errors"]);
    assert_eq!(code(&failed), 1);
    // Only resolved findings, or new warnings: no failure.
    let back = opsctl(&r.ops, &["diff", "HEAD", "HEAD~1", "--fail-on-new-errors"]);
    assert_eq!(code(&back), 0);
}

/// Commit ids vary with nothing the test controls except content; keep them out of snapshots.
fn scrubbed(r: &Repo, text: &str) -> String {
    let mut text = text.to_string();
    for rev in ["HEAD", "HEAD~1"] {
        let id = r.rev(rev);
        text = text.replace(&id, "[commit]").replace(&id[..7], "[short]");
    }
    text
}

#[test]
fn markdown_is_a_pull_request_comment_with_risky_changes_first() {
    let r = changed();
    let out = opsctl(&r.ops, &["diff", "HEAD~1", "HEAD", "--format", "markdown"]);
    assert_eq!(code(&out), 0);
    let markdown = scrubbed(&r, &stdout(&out));
    let attention = markdown.find("Needs attention").unwrap();
    assert!(attention < markdown.find("#### Entities").unwrap());
    insta::assert_snapshot!("diff_markdown", markdown);
}

#[test]
fn json_is_a_versioned_document() {
    let r = changed();
    let out = opsctl(&r.ops, &["diff", "HEAD~1", "HEAD", "--format", "json"]);
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(doc["version"], 1);
    // The change takes an owner, an SOP and a KPI from capabilities: the score drops,
    // and each moved category names the checks that moved it.
    assert_eq!(doc["score"]["before"], 19);
    assert_eq!(doc["score"]["after"], 15);
    let systems = &doc["score"]["categories"][1];
    assert_eq!(systems["name"], "Systems");
    assert_eq!(
        systems["why"][0],
        "capabilities with one known owner: 3/3 → 1/2"
    );
    insta::assert_snapshot!("diff_json", scrubbed(&r, &stdout(&out)));
}

#[test]
fn human_output_is_plain_without_colour() {
    let r = changed();
    let out = opsctl(&r.ops, &["diff", "HEAD~1", "HEAD"]);
    let text = stdout(&out);
    assert!(!text.contains('\u{1b}'));
    assert!(
        text.contains("! goal q4-pipeline (\"Build the Q4 pipeline\"): deadline slipped 21 days")
    );
    let coloured = opsctl(&r.ops, &["diff", "HEAD~1", "HEAD", "--color", "always"]);
    assert!(stdout(&coloured).contains('\u{1b}'));
}

#[test]
fn new_since_reports_only_findings_the_revision_did_not_have() {
    let r = Repo::from_fixture("diff-base");
    // The old finding (an unowned page) moves down; nothing new: clean, exit 0.
    r.write(
        "notes.md",
        "\n\n# Notes\n\nMeeting notes without an owner.\n",
    );
    let quiet = opsctl(
        &r.ops,
        &["check", "--new-since", "HEAD", "--format", "json"],
    );
    assert_eq!(code(&quiet), 0, "{}", stderr(&quiet));
    let doc: Value = serde_json::from_str(&stdout(&quiet)).unwrap();
    assert_eq!(doc["findings"], serde_json::json!([]));
    // The plain check still sees the old warning.
    assert!(stdout(&opsctl(&r.ops, &["check"])).contains("page-unowned"));
    // A new error is reported, alone, and fails the check.
    r.edit("goals.toml", "owner = \"tomasz\"\n", "");
    let new = opsctl(
        &r.ops,
        &["check", "--new-since", "HEAD", "--format", "json"],
    );
    assert_eq!(code(&new), 1);
    let doc: Value = serde_json::from_str(&stdout(&new)).unwrap();
    let rules: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["missing-owner"]);
    // The staged version is what counts with --staged: nothing staged yet.
    assert_eq!(
        code(&opsctl(
            &r.ops,
            &["check", "--staged", "--new-since", "HEAD"]
        )),
        0
    );
    git_ok(&r.work, &["add", "-A"]);
    assert_eq!(
        code(&opsctl(
            &r.ops,
            &["check", "--staged", "--new-since", "HEAD"]
        )),
        1
    );
    // Two revisions: the commit of the new error against its parent.
    r.commit("drop an owner");
    let revs = opsctl(
        &r.ops,
        &[
            "check",
            "--rev",
            "HEAD",
            "--new-since",
            "HEAD~1",
            "--format",
            "json",
        ],
    );
    assert_eq!(code(&revs), 1, "{}", stderr(&revs));
    assert_eq!(stdout(&revs).matches("\"rule\"").count(), 1);
    let unknown = opsctl(&r.ops, &["check", "--new-since", "nope"]);
    assert_eq!(code(&unknown), 2);
    assert!(stderr(&unknown).contains("unknown revision `nope`"));
}

#[test]
fn new_since_follows_renamed_pages() {
    let r = Repo::from_fixture("diff-base");
    git_ok(&r.work, &["mv", "ops/notes.md", "ops/meeting-notes.md"]);
    let out = opsctl(
        &r.ops,
        &["check", "--new-since", "HEAD", "--format", "json"],
    );
    assert_eq!(code(&out), 0);
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        doc["findings"],
        serde_json::json!([]),
        "the unowned page was only renamed"
    );
}
