//! `opsctl build`: every link resolves, output is deterministic, safe and overridable,
//! and the output directory is handled with care.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use scratch::repo;

mod scratch;

fn opsctl() -> Command {
    let mut cmd = Command::cargo_bin("opsctl").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("OPSCTL_TODAY", "2026-11-21");
    cmd
}

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
}

/// Builds without git history: the examples live in opsctl's own repository, whose
/// commits would otherwise show up in the snapshots (tests/history.rs covers history).
fn build(repo: &Path, out: &Path) {
    opsctl()
        .arg("build")
        .arg("--no-history")
        .arg(repo)
        .arg("--out")
        .arg(out)
        .assert()
        .success();
}

/// Every file below `dir`, by path relative to it.
fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Values of `name="…"` attributes in `html`, entity-decoded.
fn attributes(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest.find('"').map(|end| decode(&rest[..end]))
        })
        .collect()
}

fn decode(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The links of the site that lead nowhere.
fn broken_links(site: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let ids: BTreeMap<&str, HashSet<String>> = site
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| {
            (
                p.as_str(),
                attributes(std::str::from_utf8(b).unwrap(), "id")
                    .into_iter()
                    .collect(),
            )
        })
        .collect();
    let mut broken = Vec::new();
    for (path, bytes) in site.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = std::str::from_utf8(bytes).unwrap();
        for link in attributes(html, "href")
            .into_iter()
            .chain(attributes(html, "src"))
        {
            if link.contains("://") || link.starts_with("mailto:") || link.starts_with("tel:") {
                assert!(
                    !link.starts_with("http")
                        || link.contains("example")
                        || link.contains("github.com"),
                    "external request in {path}: {link}"
                );
                continue;
            }
            let (file, anchor) = link.split_once('#').unwrap_or((&link, ""));
            let target = if file.is_empty() {
                Some(path.clone())
            } else {
                opsctl::check::resolve_link(path, file)
            };
            let Some(target) = target else {
                broken.push(format!("{path}: {link} leaves the site"));
                continue;
            };
            if !site.contains_key(&target) {
                broken.push(format!("{path}: {link} -> {target} missing"));
            } else if !anchor.is_empty()
                && !ids
                    .get(target.as_str())
                    .is_some_and(|ids| ids.contains(anchor))
            {
                broken.push(format!("{path}: {link} -> no #{anchor} in {target}"));
            }
        }
    }
    broken
}

/// The ids that a page of the site uses more than once.
fn duplicate_ids(site: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut found = Vec::new();
    for (path, bytes) in site.iter().filter(|(p, _)| p.ends_with(".html")) {
        let mut seen = HashSet::new();
        for id in attributes(std::str::from_utf8(bytes).unwrap(), "id") {
            if !seen.insert(id.clone()) {
                found.push(format!("{path}: id {id} is used twice"));
            }
        }
    }
    found
}

#[test]
fn every_generated_link_and_anchor_resolves() {
    for name in ["acme", "every-rule"] {
        let out = tempfile::tempdir().unwrap();
        let site = out.path().join("site");
        build(&example(name), &site);
        let files = read_tree(&site);
        assert!(files.contains_key("index.html") && files.contains_key(".opsctl-site"));
        // every-rule has two KPIs with the same id; their pages' ids still differ.
        let duplicates = duplicate_ids(&files);
        assert!(duplicates.is_empty(), "{}", duplicates.join("\n"));
        let broken = broken_links(&files);
        if name == "acme" {
            assert!(broken.is_empty(), "{}", broken.join("\n"));
        } else {
            // Exactly the two links the every-rule example breaks on purpose (broken-link).
            assert_eq!(broken.len(), 2, "{}", broken.join("\n"));
            assert!(
                broken
                    .iter()
                    .all(|b| b.starts_with("sops/support/first-response.html")),
                "{broken:?}"
            );
        }
    }
}

/// Two KPIs with one id (an error) and a third whose id is what the second's anchor
/// would naively be: each has an element id of its own, and the person page and the
/// search index link each KPI to its own card, as does the finding about the second.
/// Headings named like the parts of the page frame (the main content, the sidebar, the
/// search box, the home page's score) keep their GitHub anchors, and no id is used
/// twice: the frame's own ids are `opsctl-…`.
#[test]
fn headings_named_like_the_page_frame_keep_their_anchors() {
    let sections = "## Main\n\n## Sidebar\n\n## Search results\n\n## Execution score\n";
    let dir = repo(&[
        ("index.md", &format!("# Home\n\n{sections}")),
        ("sops/frame.md", &format!("# Frame\n\n{sections}")),
    ]);
    let out = dir.path().join("site");
    build(dir.path(), &out);
    let files = read_tree(&out);
    let duplicates = duplicate_ids(&files);
    assert!(duplicates.is_empty(), "{}", duplicates.join("\n"));
    for page in ["index.html", "sops/frame.html"] {
        let ids = attributes(std::str::from_utf8(&files[page]).unwrap(), "id");
        for id in ["main", "sidebar", "search-results", "execution-score"] {
            assert!(ids.iter().any(|i| i == id), "{page}: {id} in {ids:?}");
        }
    }
}

#[test]
fn entities_sharing_an_id_each_keep_an_anchor_of_their_own() {
    let kpi = |id: &str, name: &str, owner: &str| {
        format!("[[kpi]]\nid = \"{id}\"\nname = \"{name}\"\nowner = \"{owner}\"\n\n")
    };
    let kpis = [
        kpi("arr", "ARR", "ana"),
        kpi("arr", "Second ARR", "bo"),
        kpi("arr_2", "Odd id", "ana"),
    ]
    .concat();
    let dir = repo(&[
        (
            "people.toml",
            "[[person]]\nid = \"ana\"\nname = \"Ana\"\n\n[[person]]\nid = \"bo\"\nname = \"Bo\"\n",
        ),
        ("kpis.toml", &kpis),
    ]);
    let out = dir.path().join("site");
    build(dir.path(), &out);
    let files = read_tree(&out);
    let duplicates = duplicate_ids(&files);
    assert!(duplicates.is_empty(), "{}", duplicates.join("\n"));
    let page = |path: &str| String::from_utf8(files[path].clone()).unwrap();
    let ids = attributes(&page("kpis.html"), "id");
    for id in ["kpi-arr", "kpi-arr_2", "kpi-arr_3"] {
        assert!(ids.iter().any(|i| i == id), "{id} in {ids:?}");
    }
    assert!(
        page("person/bo.html").contains("kpis.html#kpi-arr_3\">Second ARR</a>"),
        "{}",
        page("person/bo.html")
    );
    // The check's finding about the second KPI's id links to the second KPI.
    let findings = page("findings.html");
    assert!(
        findings.contains("href=\"kpis.html#kpi-arr_3\""),
        "{findings}"
    );
    let index = page("assets/search-index.js");
    assert!(
        index.contains(r#""t":"Second ARR","u":"kpis.html#kpi-arr_3""#),
        "{index}"
    );
    assert!(
        index.contains(r#""t":"Odd id","u":"kpis.html#kpi-arr_2""#),
        "{index}"
    );
}

#[test]
fn two_builds_are_byte_for_byte_identical() {
    let out = tempfile::tempdir().unwrap();
    build(&example("acme"), &out.path().join("a"));
    build(&example("acme"), &out.path().join("b"));
    assert_eq!(
        read_tree(&out.path().join("a")),
        read_tree(&out.path().join("b"))
    );
}

#[test]
fn hostile_markdown_is_sanitised() {
    let dir = repo(&[(
        "evil.md",
        "+++\ntitle = \"Evil <script>alert('t')</script>\"\n+++\n# Evil\n\n<script>alert(1)</script>\n\n<img src=x onerror=\"alert(2)\">\n\n<iframe src=\"https://evil.example\"></iframe>\n\n[click](javascript:alert(3)) <a href=\"javascript:alert(4)\">a</a>\n\n<div onclick=\"alert(5)\" style=\"x\">text</div>\n\n```python\nprint(1)\n```\n\n## Heading {#kept-id}\n",
    )]);
    let out = dir.path().join("_site");
    build(dir.path(), &out);
    let html = std::fs::read_to_string(out.join("evil.html")).unwrap();
    let article = &html[html.find("<main").unwrap()..];
    for bad in [
        "<script",
        "onerror",
        "onclick",
        "<iframe",
        "javascript:",
        "alert('t')</script>",
    ] {
        assert!(!article.contains(bad), "{bad} survived:\n{article}");
    }
    assert!(
        article.contains("&lt;script&gt;"),
        "the title is escaped, not dropped"
    );
    assert!(article.contains("class=\"language-python\""));
    assert!(article.contains("id=\"kept-id\""));
}

#[test]
fn a_template_override_restyles_a_block_without_forking() {
    let dir = repo(&[
        ("index.md", "+++\nowner = \"x\"\n+++\n# Home\n"),
        ("a.md", "# A page\n"),
        (
            "templates/site.html",
            "{% extends \"base.html\" %}{% block footer %}<footer class=\"custom\">Confidential: internal use</footer>{% endblock %}",
        ),
        ("templates/extra.css", "body { --accent: rebeccapurple; }\n"),
    ]);
    let out = dir.path().join("_site");
    build(dir.path(), &out);
    let html = std::fs::read_to_string(out.join("a.html")).unwrap();
    assert!(html.contains("Confidential: internal use"));
    assert!(
        html.contains("<h1 id=\"a-page\">A page</h1>"),
        "the rest of the page is the default"
    );
    assert!(html.contains("assets/extra.css"));
    assert!(out.join("assets/extra.css").is_file());
}

#[test]
fn an_older_macros_override_still_styles_what_it_defines() {
    // A copy of macros.html from before the section links were macros, with its own
    // person link: that is used (once per owner and depth), the section links come
    // from the default macros.
    let default = include_str!("../templates/macros.html");
    // (Nor has it the waivers' list, which the findings page shows for the waiver.)
    let older = default[..default.find("{% macro top_nav").unwrap()].replacen(
        "{% macro person(p, root) %}",
        "{% macro person(p, root) %}<b class=\"owner\">{{ p.name }} at {{ root }}.</b>{% endmacro %}{% macro unused(p, root) %}",
        1,
    );
    let dir = repo(&[
        ("a.md", "+++\nowner = \"x\"\n+++\n# A page\n"),
        ("sops/b.md", "+++\nowner = \"x\"\n+++\n# B page\n"),
        ("templates/macros.html", &older),
        (
            "opsctl.toml",
            "[[waiver]]\nrule = \"page-unowned\"\nowner = \"x\"\nreason = \"r\"\nuntil = 2999-01-01\n",
        ),
    ]);
    let out = dir.path().join("_site");
    build(dir.path(), &out);
    let a = std::fs::read_to_string(out.join("a.html")).unwrap();
    let b = std::fs::read_to_string(out.join("sops/b.html")).unwrap();
    assert!(a.contains("<b class=\"owner\">x at .</b>"), "{a}");
    assert!(b.contains("<b class=\"owner\">x at ../.</b>"), "{b}");
    assert!(b.contains("<li><a href=\"../goals.html\">Goals</a></li>"));
    let findings = std::fs::read_to_string(out.join("findings.html")).unwrap();
    assert!(findings.contains("<code class=\"rule\">page-unowned</code> everywhere: r"));
}

#[test]
fn refuses_output_directories_it_does_not_own() {
    let dir = repo(&[("a.md", "# A\n"), ("other/notes.txt", "keep me\n")]);
    let root = dir.path();
    // The root itself, a directory of other files, and a directory holding the root.
    for out in [
        root.to_path_buf(),
        root.join("other"),
        root.parent().unwrap().to_path_buf(),
    ] {
        opsctl()
            .arg("build")
            .arg(root)
            .arg("--out")
            .arg(out)
            .assert()
            .code(2);
    }
    assert_eq!(
        std::fs::read_to_string(root.join("other/notes.txt")).unwrap(),
        "keep me\n"
    );
    // Its own output is replaced; nothing else beside it is touched.
    let out = root.join("_site");
    build(root, &out);
    std::fs::write(root.join("b.md"), "# B\n").unwrap();
    std::fs::remove_file(root.join("a.md")).unwrap();
    build(root, &out);
    assert!(out.join("b.html").is_file() && !out.join("a.html").exists());
    let leftovers: Vec<_> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 3, "{leftovers:?}");
}

/// A rebuild replaces the files opsctl wrote and keeps everything else found in the
/// site (a pages branch's `.git`, a `CNAME`, notes in one of its folders); a file of
/// the reader's where the new site has one stops the build with nothing touched.
#[test]
fn a_rebuild_keeps_the_files_opsctl_did_not_write() {
    let dir = repo(&[("a.md", "# A\n"), ("sops/b.md", "# B\n")]);
    let root = dir.path();
    let out = root.join("_site");
    build(root, &out);
    let theirs = [
        ("CNAME", "handbook.example.com\n"),
        (".git/HEAD", "ref: refs/heads/gh-pages\n"),
        ("mydata/notes.txt", "keep me\n"),
        ("sops/notes.txt", "mine too\n"),
    ];
    for (path, text) in theirs {
        let path = out.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    std::fs::remove_file(root.join("a.md")).unwrap();
    std::fs::write(root.join("c.md"), "# C\n").unwrap();
    build(root, &out);
    for (path, text) in theirs {
        assert_eq!(
            std::fs::read_to_string(out.join(path)).unwrap(),
            text,
            "{path}"
        );
    }
    assert!(out.join("c.html").is_file() && out.join("sops/b.html").is_file());
    assert!(
        !out.join("a.html").exists(),
        "a page that is gone stays in the site"
    );
    // Nothing is left beside the site.
    let beside: Vec<_> = (std::fs::read_dir(root).unwrap())
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.starts_with('.'))
        .collect();
    assert!(beside.is_empty(), "{beside:?}");

    // A file of the reader's at a path the new site writes: the build stops.
    std::fs::write(out.join("a.html"), "my own page\n").unwrap();
    std::fs::write(root.join("a.md"), "# A again\n").unwrap();
    let before = read_tree(&out);
    let assert = opsctl()
        .args(["build", "--no-history"])
        .arg(root)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        stderr.contains(
            "holds a file that opsctl did not write where the new site has files (`a.html`)"
        ),
        "{stderr}"
    );
    assert_eq!(read_tree(&out), before, "the site was touched");
}

/// A symbolic link is never followed: a file a page links to through one (which could
/// be any file of the machine) is not published, and the check says why.
#[cfg(unix)]
#[test]
fn a_file_behind_a_symbolic_link_is_never_published() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "top secret\n").unwrap();
    let dir = repo(&[
        (
            "a.md",
            "# A\n\n[notes](notes.txt) [secret](secret.txt) [b](b.md) [real](real.txt)\n",
        ),
        ("real.txt", "published\n"),
        ("elsewhere/b.md", "# B\n"),
    ]);
    let root = dir.path();
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), root.join("secret.txt")).unwrap();
    std::os::unix::fs::symlink(root.join("real.txt"), root.join("notes.txt")).unwrap();
    std::os::unix::fs::symlink(root.join("elsewhere/b.md"), root.join("b.md")).unwrap();
    let out = root.join("_site");
    build(root, &out);
    let checked = opsctl().arg("check").arg(root).output().unwrap();
    let stdout = String::from_utf8_lossy(&checked.stdout).to_string();
    for link in ["secret.txt", "notes.txt", "b.md"] {
        let said = format!("`{link}` is a symbolic link, which opsctl does not follow");
        assert!(stdout.contains(&said), "{link}: {stdout}");
    }
    let site = read_tree(&out);
    assert!(
        !site
            .values()
            .any(|bytes| bytes.windows(10).any(|w| w == b"top secret"))
    );
    assert!(!out.join("secret.txt").exists() && !out.join("notes.txt").exists());
    assert!(!out.join("b.html").exists());
    assert_eq!(
        std::fs::read_to_string(out.join("real.txt")).unwrap(),
        "published\n"
    );
}

/// A file pages link to is published at its own path unless something else is
/// there: a generated page or asset, a page, a folder of pages, another linked file;
/// then it is left out and the check says so, and the build still succeeds. So does a
/// page or a file whose name is too long for a file system.
#[test]
fn a_linked_file_never_takes_the_place_of_a_page_or_asset() {
    let long = format!("{}.md", "l".repeat(252));
    let index = format!(
        "# Home\n\n[g](goals.html) [n](assets/nav.js) [m](person/maya.html) [b](b.html) \
         [one](My%20File.png) [two](My-File.png) [xy](x-y) [long]({long}) [t](people.toml)\n"
    );
    let dir = repo(&[
        (
            "people.toml",
            "[[person]]\nid = \"maya\"\nname = \"Maya\"\n",
        ),
        ("index.md", &index),
        ("goals.html", "my goals\n"),
        ("assets/nav.js", "mine\n"),
        ("person/maya.html", "my maya\n"),
        ("b.md", "# B\n"),
        ("b.html", "my b\n"),
        ("My File.png", "first\n"),
        ("My-File.png", "second\n"),
        ("x-y", "a file\n"),
        ("x y/p.md", "# P\n"),
        (&long, "# Long\n"),
    ]);
    let root = dir.path();
    let checked = (opsctl().args(["check", "--format", "json"]).arg(root))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&checked.stdout).to_string();
    for said in [
        "`goals.html`, which this page links to, would be published as goals.html, which the site generates",
        "`assets/nav.js`, which this page links to, would be published as assets/nav.js, which the site generates",
        "`person/maya.html`, which this page links to, would be published as person/maya.html, which the site generates",
        "`b.html`, which this page links to, would be published as b.html, where the page `b.md` is",
        "`My-File.png`, which this page links to, would be published as My-File.png, where `My File.png`, which a page also links to, is",
        "`x-y`, which this page links to, would be published as x-y, a folder of the site's pages",
        "would be published as llll",
    ] {
        assert!(stdout.contains(said), "{said}\n{stdout}");
    }
    assert_eq!(stdout.matches("page-url-conflict").count(), 7, "{stdout}");
    let out = root.join("_site");
    build(root, &out);
    for (path, theirs) in [
        ("goals.html", "my goals\n"),
        ("assets/nav.js", "mine\n"),
        ("person/maya.html", "my maya\n"),
        ("b.html", "my b\n"),
    ] {
        let written = std::fs::read_to_string(out.join(path)).unwrap();
        assert_ne!(written, theirs, "{path} was overwritten by the linked file");
    }
    assert_eq!(
        std::fs::read_to_string(out.join("My-File.png")).unwrap(),
        "first\n"
    );
    assert!(out.join("x-y/p.html").is_file());
    assert!(
        out.join("people.toml").is_file(),
        "a linked TOML file is published"
    );
}

/// A blank front-matter title names nothing: the first heading is the title, shown
/// once, with its anchor; a heading with nothing to slug still has an id.
#[test]
fn a_blank_title_gives_way_to_the_first_heading() {
    let dir = repo(&[(
        "a.md",
        "+++\ntitle = \"  \"\n+++\n\n# Setup\n\n## !!!\n\nText.\n\n## Opsctl main\n",
    )]);
    let out = dir.path().join("_site");
    build(dir.path(), &out);
    let html = std::fs::read_to_string(out.join("a.html")).unwrap();
    assert!(html.contains("<title>Setup · "), "{html}");
    assert_eq!(html.matches("<h1").count(), 1, "{html}");
    assert!(html.contains("<h1 id=\"setup\">Setup</h1>"), "{html}");
    assert!(html.contains("<h2 id=\"section\">"), "{html}");
    assert!(html.contains("<h2 id=\"opsctl-main-1\">"), "{html}");
    assert_eq!(html.matches("id=\"opsctl-main\"").count(), 1, "{html}");
}

/// An edit link is written only from an http(s) `edit_url` (the check reports others).
#[test]
fn an_edit_link_is_never_a_script() {
    for (url, shown) in [
        ("javascript:alert(1)//{path}", None),
        (
            "https://git.example/edit/{path}",
            Some("https://git.example/edit/a%20b.md"),
        ),
    ] {
        let config = format!("[site]\nedit_url = \"{url}\"\n");
        let dir = repo(&[("opsctl.toml", &config), ("a b.md", "# A\n")]);
        let out = dir.path().join("_site");
        build(dir.path(), &out);
        let html = std::fs::read_to_string(out.join("a-b.html")).unwrap();
        assert!(!html.contains("javascript:"), "{html}");
        match shown {
            Some(link) => assert!(
                html.contains(&format!("class=\"edit-link\" href=\"{link}\"")),
                "{html}"
            ),
            None => assert!(!html.contains("edit-link"), "{html}"),
        }
    }
}

/// An override of `macros.html` that restyles one macro keeps opsctl's others, which
/// the generated pages import by name.
#[test]
fn restyling_one_macro_keeps_the_others() {
    let dir = repo(&[
        (
            "people.toml",
            "[[person]]\nid = \"maya\"\nname = \"Maya\"\n",
        ),
        (
            "goals.toml",
            "[[goal]]\nid = \"g\"\ntitle = \"G\"\nowner = \"maya\"\nhorizon = \"annual\"\n\
             deadline = 2026-12-31\nmetric = \"m\"\n",
        ),
        (
            "templates/macros.html",
            "{% macro person(p, root) %}<b class=\"who\">{{ p.name }}</b>{% endmacro %}\n",
        ),
    ]);
    let out = dir.path().join("_site");
    build(dir.path(), &out);
    let goals = std::fs::read_to_string(out.join("goals.html")).unwrap();
    assert!(goals.contains("<b class=\"who\">Maya</b>"), "{goals}");
    assert!(
        goals.contains("class=\"goal"),
        "the goal cards are opsctl's own"
    );
}

/// On Linux, where opsctl can tell whether the build that made a folder still runs.
#[cfg(target_os = "linux")]
#[test]
fn folders_left_by_stopped_builds_are_removed_and_look_alikes_are_kept() {
    let dir = repo(&[("a.md", "# A\n")]);
    let root = dir.path();
    let out = root.join("_site");
    // Process ids above Linux's limit (2^22) belong to no process.
    let gone = 9_999_991;
    let folder = |name: String, marked: bool| {
        let path = root.join(name);
        std::fs::create_dir_all(path.join("sops")).unwrap();
        std::fs::write(path.join("sops/x.html"), "<p>x</p>").unwrap();
        if marked {
            std::fs::write(path.join(opsctl::site::MARKER), "written by opsctl\n").unwrap();
        }
        path
    };
    // A site a killed build was writing, and an old one it was removing.
    let left = [
        folder(format!("._site.new-{gone}"), true),
        folder(format!("._site.old-{}", gone + 1), true),
    ];
    // Look-alikes: no marker; a build still running (this test); another output's.
    let kept = [
        folder(format!("._site.new-{}", gone + 2), false),
        folder(format!("._site.new-{}", std::process::id()), true),
        folder(format!("._docs.old-{gone}"), true),
        folder(format!("._site.backup-{gone}"), true),
    ];
    let assert = opsctl()
        .arg("build")
        .arg("--no-history")
        .arg(root)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    for path in &left {
        assert!(!path.exists(), "{} is still there", path.display());
        let noted = format!("note: removed {}, left by a build", path.display());
        assert!(stderr.contains(&noted), "{stderr}");
    }
    for path in &kept {
        assert!(
            path.join("sops/x.html").is_file(),
            "{} was touched",
            path.display()
        );
    }
    assert!(out.join("a.html").is_file());
}

/// The findings page opens with how many findings each rule has, errors first; the
/// counts agree with the findings listed below them, and add up to the summary's.
#[test]
fn the_findings_page_counts_the_findings_of_each_rule() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build(&example("every-rule"), &site);
    let html = std::fs::read_to_string(site.join("findings.html")).unwrap();
    let counts = &html[html.find("class=\"rule-counts\"").expect("the counts")..];
    let (head, listed) = counts.split_once("</ul>").unwrap();
    // The findings, not the waivers after them.
    let listed = listed.split("id=\"opsctl-waivers\"").next().unwrap();
    let chips: Vec<(bool, String, usize)> = head
        .split("<li class=\"badge ")
        .skip(1)
        .map(|chip| {
            let error = chip.starts_with("badge-bad");
            let text = &chip[chip.find('>').unwrap() + 1..chip.find("</li>").unwrap()];
            let (rule, count) = text.split_once(" <strong>").unwrap();
            let count = count.trim_end_matches("</strong>").parse().unwrap();
            (error, rule.to_string(), count)
        })
        .collect();
    assert!(chips.len() > 20, "{head}");
    for (_, rule, count) in &chips {
        let shown = listed
            .matches(&format!("<code class=\"rule\">{rule}</code>"))
            .count();
        assert_eq!(shown, *count, "{rule}");
    }
    // Errors first, then warnings; the most found first within each.
    let order: Vec<(bool, usize)> = chips.iter().map(|(e, _, n)| (*e, *n)).collect();
    let mut sorted = order.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(order, sorted);
    let errors: usize = chips.iter().filter(|c| c.0).map(|c| c.2).sum();
    let warnings: usize = chips.iter().filter(|c| !c.0).map(|c| c.2).sum();
    assert!(
        html.contains(&format!("{errors} errors, {warnings} warnings")),
        "{errors} errors, {warnings} warnings"
    );
    // No findings, no counts.
    let clean = out.path().join("acme");
    build(&example("acme"), &clean);
    let acme = std::fs::read_to_string(clean.join("findings.html")).unwrap();
    assert!(!acme.contains("rule-counts"));
}

/// A page's header folds away the check's findings in its file (the same ones the
/// findings page lists under it), names the cadences it is the SOP of, and shows the
/// KPIs that measure its capability with their latest reading against target.
#[test]
fn a_page_shows_its_own_findings_its_kpis_and_the_cadences_it_runs() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build(&example("every-rule"), &site);
    let rules = |html: &str| -> Vec<String> {
        html.split("<code class=\"rule\">")
            .skip(1)
            .map(|rest| rest[..rest.find('<').unwrap()].to_string())
            .collect()
    };
    let findings = std::fs::read_to_string(site.join("findings.html")).unwrap();
    let page = std::fs::read_to_string(site.join("sops/support/first-response.html")).unwrap();
    let group = &findings[findings
        .find("<code>sops/support/first-response.md</code>")
        .expect("the page's group")..];
    let group = &group[..group.find("</section>").unwrap()];
    let header = &page[page.find("<header class=\"page-header\">").unwrap()..];
    let header = &header[..header.find("</header>").unwrap()];
    assert_eq!(rules(header), rules(group));
    assert!(!rules(header).is_empty());
    assert!(
        header.contains("<details class=\"page-findings\">")
            && header.contains(&format!(
                "<span class=\"badge badge-bad\">{} open findings</span>",
                rules(group).len()
            )),
        "{header}"
    );
    assert!(
        header.contains("<span class=\"file\">line 22</span>"),
        "{header}"
    );
    assert!(
        header.contains("<dt>Cadence</dt><dd><a href=\"../../cadences.html#cadence-weekly-sync\">Weekly ops sync</a> (weekly)</dd>"),
        "{header}"
    );
    // A page with many findings lists the first twenty, in the order of the file
    // (its missing owner, at line 1, first), and says how many more there are.
    let links: String = (1..=25)
        .map(|n| format!("[{n}](missing-{n}.md)\n\n"))
        .collect();
    let many = repo(&[
        ("opsctl.toml", "[org]\nname = \"X\"\n"),
        ("notes/links.md", &format!("# Links\n\n{links}")),
    ]);
    build(many.path(), &out.path().join("many"));
    let page = std::fs::read_to_string(out.path().join("many/notes/links.html")).unwrap();
    let listed: Vec<String> = page
        .split("<li class=\"finding ")
        .skip(1)
        .map(|rest| {
            let rule = rest.split("<code class=\"rule\">").nth(1).unwrap();
            let rule = &rule[..rule.find('<').unwrap()];
            // The message's quoted parts are shown as code.
            match rest.split("</code> link <code>").nth(1) {
                Some(link) => format!("{rule} {}", &link[..link.find('<').unwrap()]),
                None => rule.to_string(),
            }
        })
        .collect();
    let mut first = vec!["page-unowned".to_string()];
    first.extend((1..=19).map(|n| format!("broken-link missing-{n}.md")));
    assert_eq!(listed, first);
    assert!(page.contains("26 open findings"), "{page}");
    // The link goes to the page's group there.
    assert!(
        page.contains("… and 6 more on the <a href=\"../findings.html#file-notes-links-md\">findings page</a>."),
        "{page}"
    );
    let all = std::fs::read_to_string(out.path().join("many/findings.html")).unwrap();
    assert!(
        all.contains("<section class=\"panel file-findings\" id=\"file-notes-links-md\">\n  <h2><code>notes/links.md</code></h2>"),
        "{all}"
    );
    // Its capability's KPIs, each linked to its own card (the second of two with one
    // id to its own anchor).
    assert!(
        header.contains("<dt>Measured by</dt><dd><a href=\"../../kpis.html#kpi-first-response-time\">First response time</a> 1.1 hours <span class=\"badge badge-bad\">off target</span>, <a href=\"../../kpis.html#kpi-first-response-time_2\">"),
        "{header}"
    );
    // A clean page has no findings and runs no cadence.
    let clean = out.path().join("acme");
    build(&example("acme"), &clean);
    let escalation =
        std::fs::read_to_string(clean.join("sops/customer-support/escalation.html")).unwrap();
    assert!(!escalation.contains("page-findings") && !escalation.contains("<dt>Cadence</dt>"));
    assert!(escalation.contains("<dt>Measured by</dt><dd><a href=\"../../kpis.html#kpi-first-response-time\">First response time</a> 3.5 hours <span class=\"badge badge-ok\">on target</span>, <a href=\"../../kpis.html#kpi-csat\">Customer satisfaction (CSAT)</a> 95.3% <span class=\"badge badge-ok\">on target</span></dd>"));
    // A capability nothing measures: no line for it.
    let renewal =
        std::fs::read_to_string(clean.join("sops/renewals/renewal-playbook.html")).unwrap();
    assert!(!renewal.contains("Measured by"));
    let review =
        std::fs::read_to_string(clean.join("sops/planning/weekly-execution-review.html")).unwrap();
    assert!(review.contains(
        "<a href=\"../../cadences.html#cadence-weekly-execution-review\">Weekly execution review</a> (weekly)"
    ));
}

/// The titles and links of a page's "Linked from" list; empty when it has none.
fn linked_from(html: &str) -> Vec<(String, String)> {
    let Some(start) = html.find("<nav class=\"linked-from\"") else {
        return Vec::new();
    };
    let list = &html[start..];
    let list = &list[..list.find("</nav>").unwrap()];
    list.split("<li><a href=\"")
        .skip(1)
        .map(|item| {
            let (href, rest) = item.split_once("\">").unwrap();
            (
                rest[..rest.find("</a>").unwrap()].to_string(),
                href.to_string(),
            )
        })
        .collect()
}

#[test]
fn a_page_lists_the_pages_that_link_to_it_once_each_by_title() {
    let repo = repo(&[
        ("opsctl.toml", "[org]\nname = \"X\"\n"),
        (
            "sops/target.md",
            "# Target\n\n## Steps\n\nSee [myself](target.md) and [a step](#steps).\n",
        ),
        (
            "sops/zeta.md",
            "# Zeta\n\n[one](target.md), [two](./target.md#steps) and [three](target.md?x=1).\n",
        ),
        (
            "notes/alpha.md",
            "# Alpha\n\n[the target](../sops/target.md) and [a folder](../sops/)\n",
        ),
        ("sops/README.md", "# SOPs\n"),
        (
            "notes/zeta.md",
            "# zeta\n\n[the target](../sops/target.md)\n",
        ),
        // Not in the site: the goals page has its URL.
        ("goals.md", "# Our goals\n\n[target](sops/target.md)\n"),
        (
            "notes/quiet.md",
            "# Quiet\n\n[web](https://example.com/sops/target.md), [mail](mailto:a@b.c), [up](../../x.md)\n",
        ),
    ]);
    let out = tempfile::tempdir().unwrap();
    build(repo.path(), out.path());
    let read = |path: &str| std::fs::read_to_string(out.path().join(path)).unwrap();
    // Each linking page once, by title regardless of case (then as written), wherever
    // in it the links are; the page's links to itself and its own sections are not
    // listed.
    assert_eq!(
        linked_from(&read("sops/target.html")),
        [
            ("Alpha".to_string(), "../notes/alpha.html".to_string()),
            ("Zeta".to_string(), "../sops/zeta.html".to_string()),
            ("zeta".to_string(), "../notes/zeta.html".to_string()),
        ]
    );
    let target = read("sops/target.html");
    assert!(target.contains("Linked from 3 pages"));
    // Pages of the same title are told apart by their files.
    assert!(target.contains("zeta</a> <span class=\"muted\">notes/zeta.md</span>"));
    assert!(target.contains("Zeta</a> <span class=\"muted\">sops/zeta.md</span>"));
    assert!(target.contains("Alpha</a></li>"));
    // A link to a folder leads to its index page.
    assert_eq!(
        linked_from(&read("sops/index.html")),
        [("Alpha".to_string(), "../notes/alpha.html".to_string())]
    );
    // Links that leave the handbook, or climb out of it, link no page.
    for quiet in ["notes/quiet.html", "notes/alpha.html", "sops/zeta.html"] {
        let html = read(quiet);
        assert_eq!(linked_from(&html), [], "{quiet}");
        assert!(!html.contains("Linked from"), "{quiet}");
    }
}

#[test]
fn a_page_left_out_of_the_site_is_named_but_never_linked() {
    // `goals.md` would be published as goals.html, which the site generates: it is
    // left out, so every list that names it must not link the goals page in its stead.
    let repo = repo(&[
        ("opsctl.toml", "[org]\nname = \"X\"\n"),
        ("people.toml", "[[person]]\nid = \"ana\"\nname = \"Ana\"\n"),
        (
            "capabilities.toml",
            "[[capability]]\nid = \"sales\"\nname = \"Sales\"\nowner = \"ana\"\n",
        ),
        (
            "cadences.toml",
            "[[cadence]]\nid = \"weekly\"\nname = \"Weekly\"\nevery = \"1w\"\nowner = \"ana\"\nsop = \"goals.md\"\n",
        ),
        (
            "goals.md",
            "+++\ntitle = \"Handwritten goals\"\nowner = \"ana\"\ncapability = \"sales\"\ntags = [\"plans\"]\n\n[[action]]\ntitle = \"Tidy the list\"\nowner = \"ana\"\ndue = 2026-11-25\n+++\n# Handwritten goals\n",
        ),
        (
            "sops/sales/demo.md",
            "+++\nowner = \"ana\"\ncapability = \"sales\"\ntags = [\"plans\"]\n+++\n# Demo\n",
        ),
    ]);
    let out = tempfile::tempdir().unwrap();
    build(repo.path(), out.path());
    let read = |path: &str| std::fs::read_to_string(out.path().join(path)).unwrap();
    for (path, root) in [
        ("capability/sales.html", "../"),
        ("person/ana.html", "../"),
        ("cadences.html", ""),
        ("index.html", ""),
        ("findings.html", ""),
    ] {
        let html = read(path);
        assert!(
            !html.contains(&format!("href=\"{root}goals.html\">Handwritten goals")),
            "{path} links the left-out page to the goals page"
        );
        assert!(!html.contains(">goals.md:1</a>"), "{path}");
    }
    // The lists still name it, as not in the site; the page that is in it is linked.
    let unlinked = "<span class=\"unknown\" title=\"not in the site: another page has its URL\">Handwritten goals</span>";
    for path in ["capability/sales.html", "person/ana.html", "cadences.html"] {
        assert!(read(path).contains(unlinked), "{path}");
    }
    assert!(read("capability/sales.html").contains("<a href=\"../sops/sales/demo.html\">Demo</a>"));
    assert!(read("index.html").contains("Tidy the list"));
    assert!(!read("tags.html").contains("Handwritten goals"));
    assert_eq!(broken_in(out.path()), Vec::<String>::new());
}

#[test]
fn the_site_says_what_the_model_knows_done_goals_stale_readings_and_waivers() {
    let out = tempfile::tempdir().unwrap();
    let acme = out.path().join("acme");
    build(&example("acme"), &acme);
    let read = |path: &Path| std::fs::read_to_string(path).unwrap();
    let goals = read(&acme.join("goals.html"));
    // A done goal's deadline is its date, not "21 days overdue".
    let card = &goals[goals.find("id=\"goal-q4-status-page\"").unwrap()..];
    let card = &card[..card.find("</article>").unwrap()];
    assert!(
        card.contains("<time datetime=\"2026-10-31\" class=\"due due-closed\" title=\"2026-10-31\">2026-10-31</time>"),
        "{card}"
    );
    assert!(!card.contains("overdue"), "{card}");
    // Goals are grouped by horizon and period, in time order.
    let headings: Vec<&str> = goals
        .split("<h2>")
        .skip(1)
        .map(|h| &h[..h.find('<').unwrap()])
        .collect();
    assert_eq!(
        headings,
        [
            "Annual goals, 2026",
            "Annual goals, 2027",
            "90-day goals, Q4 2026",
            "90-day goals, Q1 2027"
        ]
    );
    // The waiver of Renewals' missing KPI, with its reason and end, on the findings
    // page and the capability's own.
    for page in ["findings.html", "capability/renewals.html"] {
        let html = read(&acme.join(page));
        assert!(
            html.contains("<code class=\"rule\">capability-without-kpi</code> for <code>renewals</code>: NRR needs 12 months"),
            "{page}"
        );
        assert!(
            html.contains("until 2027-06-30 (<time datetime=\"2027-06-30\""),
            "{page}"
        );
    }
    assert!(!read(&acme.join("capability/sales.html")).contains("Waived"));
    // Cadences say how often in words; people's teams are named as the teams are.
    assert!(read(&acme.join("cadences.html")).contains("<td>weekly</td>"));
    assert!(
        read(&acme.join("people.html"))
            .contains("<a href=\"#team-sales\">Sales &amp; Account Management</a>")
    );
    assert!(
        read(&acme.join("person/maya.html"))
            .contains("<a href=\"../people.html#team-leadership\">Leadership</a>")
    );
    // A KPI whose newest reading is older than its cadence allows says so.
    let bad = out.path().join("every-rule");
    build(&example("every-rule"), &bad);
    let kpis = read(&bad.join("kpis.html"));
    let csat = &kpis[kpis.find("id=\"kpi-csat\"").unwrap()..];
    let csat = &csat[..csat.find("</section>").unwrap()];
    assert!(
        csat.contains("<span class=\"badge badge-warn\">reading overdue (weekly)</span>"),
        "{csat}"
    );
    let fresh = &kpis[kpis.find("id=\"kpi-first-response").unwrap()..];
    let fresh = &fresh[..fresh.find("</section>").unwrap()];
    assert!(!fresh.contains("reading overdue"), "{fresh}");
}

/// The ids of the tag groups on a tags page, each with the titles of its pages.
fn tag_groups(html: &str) -> Vec<(String, Vec<String>)> {
    html.split("<section class=\"tag-group\" id=\"")
        .skip(1)
        .map(|group| {
            let id = group[..group.find('"').unwrap()].to_string();
            let group = &group[..group.find("</section>").unwrap()];
            let titles = group
                .split("<li><a href=\"")
                .skip(1)
                .map(|li| {
                    let title = &li[li.find("\">").unwrap() + 2..];
                    title[..title.find("</a>").unwrap()].to_string()
                })
                .collect();
            (id, titles)
        })
        .collect()
}

#[test]
fn tags_link_to_their_group_on_the_tags_page_which_lists_their_pages() {
    let tagged = repo(&[
        ("opsctl.toml", "[org]\nname = \"X\"\n"),
        (
            "sops/pager.md",
            "+++\ntitle = \"Pager\"\ntags = [\"On call\", \"incident\", \"on-call\"]\n+++\n\nText.\n",
        ),
        (
            "notes/rota.md",
            "---\ntitle: Rota\ntags: [on-call, \"C++\"]\n---\n\nText.\n",
        ),
        ("notes/plain.md", "# Plain\n\nNo tags.\n"),
    ]);
    let out = tempfile::tempdir().unwrap();
    build(tagged.path(), out.path());
    let read = |path: &str| std::fs::read_to_string(out.path().join(path)).unwrap();
    let pager = read("sops/pager.html");
    assert!(
        pager.contains(
            "<ul class=\"tags\"><li><a class=\"tag\" href=\"../tags.html#tag-on-call\">On call</a></li><li><a class=\"tag\" href=\"../tags.html#tag-incident\">incident</a></li>"
        ),
        "{pager}"
    );
    let tags = read("tags.html");
    // "On call" and "on-call" are one tag, a page once under it; named as most write it.
    assert_eq!(
        tag_groups(&tags),
        [
            ("tag-c_2b__2b_".to_string(), vec!["Rota".to_string()]),
            ("tag-incident".to_string(), vec!["Pager".to_string()]),
            (
                "tag-on-call".to_string(),
                vec!["Pager".to_string(), "Rota".to_string()]
            ),
        ]
    );
    assert!(
        tags.contains("#on-call <span class=\"muted\">2 pages</span>"),
        "{tags}"
    );
    // A page shows each of its tags once, as it first spells it.
    assert_eq!(pager.matches("tags.html#tag-on-call").count(), 1, "{pager}");
    // The home page shows the most used tags first.
    let home = read("index.html");
    let panel = &home[home.find("<h2>Tags</h2>").expect("the home page's tags")..];
    let chips: Vec<&str> = panel
        .split("<a class=\"tag\" href=\"tags.html#")
        .skip(1)
        .map(|chip| &chip[..chip.find('"').unwrap()])
        .collect();
    assert_eq!(chips, ["tag-on-call", "tag-c_2b__2b_", "tag-incident"]);
    assert!(panel.contains("<a href=\"tags.html\">Every tag with its pages</a>"));
    assert!(tags.contains("3 tags on 2 pages."), "{tags}");
    assert!(!read("notes/plain.html").contains("class=\"tags\""));

    // Without tags, the page says how to add them.
    let untagged = repo(&[("opsctl.toml", ""), ("a.md", "# A\n")]);
    let site = out.path().join("untagged");
    build(untagged.path(), &site);
    let tags = std::fs::read_to_string(site.join("tags.html")).unwrap();
    assert_eq!(tag_groups(&tags), []);
    assert!(tags.contains("No page has tags yet."), "{tags}");
    let home = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(!home.contains("<h2>Tags</h2>"));
}

#[test]
fn strict_does_not_build_when_the_check_fails() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    opsctl()
        .arg("build")
        .arg(example("every-rule"))
        .arg("--out")
        .arg(&site)
        .arg("--strict")
        .assert()
        .code(1);
    assert!(!site.exists());
    build(&example("every-rule"), &site);
    let findings = std::fs::read_to_string(site.join("findings.html")).unwrap();
    assert!(findings.contains("goal-overdue") && findings.contains("broken-link"));
}

#[test]
fn key_pages_match_their_snapshots() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build(&example("acme"), &site);
    for page in [
        "sops/customer-support/escalation.html",
        "goals.html",
        "capabilities.html",
    ] {
        let html = std::fs::read_to_string(site.join(page)).unwrap();
        insta::assert_snapshot!(page.replace('/', "__"), html);
    }
}

/// Every relative link of a built site, as in `every_generated_link_and_anchor_resolves`.
fn broken_in(repo: &Path) -> Vec<String> {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build(repo, &site);
    broken_links(&read_tree(&site))
}

#[test]
fn entity_ids_cannot_write_outside_the_site_regression_issue_3() {
    let outside = tempfile::tempdir().unwrap();
    let escape = outside.path().join("escaped");
    let people = format!(
        "[[person]]\nid = \"../../../../../../../../../..{}\"\nname = \"X\"\n[[capability]]\nid = \"../../x\"\nowner = \"x\"\n",
        escape.display()
    );
    let dir = repo(&[("people.toml", &people), ("a.md", "# A\n")]);
    build(dir.path(), &dir.path().join("_site"));
    assert!(
        !escape.with_extension("html").exists(),
        "a page was written outside the site"
    );
    assert!(!dir.path().join("x.html").exists());
}

#[test]
fn an_output_path_that_is_a_file_is_refused_and_kept() {
    let dir = repo(&[("p.md", "# P\n"), ("notes.txt", "precious\n")]);
    for target in ["notes.txt", "p.md"] {
        opsctl()
            .arg("build")
            .arg(dir.path())
            .arg("--out")
            .arg(dir.path().join(target))
            .assert()
            .code(2);
    }
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "precious\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("p.md")).unwrap(),
        "# P\n"
    );
}

#[test]
fn linked_files_unusual_names_queries_and_rooted_links_all_work_in_the_site() {
    let dir = repo(&[
        ("img/diagram.png", "\u{89}PNG"),
        ("sops/form.pdf", "%PDF"),
        ("notes/what#is?this.md", "# Odd name\n\n## Section\n"),
        ("a/index.md", "# A\n"),
        (
            "sops/deep/p.md",
            "# P\n![diagram](../../img/diagram.png)\n[form](../form.pdf)\n[odd](../../notes/what%23is%3Fthis.md#section)\n[q](../../a/index.md?plain=1)\n[root](/a/index.md)\n",
        ),
    ]);
    let broken = broken_in(dir.path());
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn a_bad_template_override_is_a_clear_error() {
    let dir = repo(&[("a.md", "# A\n"), ("templates/base.html", "\u{fffd}")]);
    std::fs::write(
        dir.path().join("templates/base.html"),
        b"\xff\xfe not utf-8",
    )
    .unwrap();
    opsctl()
        .arg("build")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "templates/base.html is not valid UTF-8",
        ));
    // A template that does not parse, or fails while rendering a page: the error says
    // where in the template (and on which page), the build writes nothing.
    for (template, text, error) in [
        (
            "templates/site.html",
            "{% extends \"base.html\" %}{% block footer %}{{ oops(}}{% endblock %}",
            "error: templates/site.html:1:52: syntax error: unexpected `}`\n  \
             help: fix it there, or delete templates/site.html to use opsctl's own",
        ),
        (
            "templates/page.html",
            "{% extends \"site.html\" %}\n{% block content %}\n<p>{{ 1 | nosuch }}</p>\n{% endblock %}\n",
            "error: templates/page.html:3:11: unknown filter: filter nosuch is unknown, rendering a.html\n",
        ),
        // An override that breaks one of opsctl's own templates through what it sets.
        (
            "templates/page.html",
            "{% extends \"site.html\" %}{% set sections = 5 %}",
            "error: macros.html:50 (opsctl's built-in template): invalid operation: number is not \
             iterable, rendering a.html\n  help: the repository overrides templates/page.html; it \
             may give opsctl's own templates a value they do not expect",
        ),
    ] {
        let dir = repo(&[("a.md", "# A\n"), (template, text)]);
        opsctl()
            .arg("build")
            .arg(dir.path())
            .assert()
            .code(2)
            .stderr(predicates::str::contains(error));
        assert!(!dir.path().join("_site").exists());
    }
}
