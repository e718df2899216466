#!/usr/bin/env bash
# `opsctl build` against Hugo and mdBook rendering the same Markdown pages: median
# wall time and peak RSS of each, all output on tmpfs when there is one.
#
#   scripts/bench-ssg.sh [--preset medium|large]...   (default: medium and large)
#   RUNS=3 BENCH_DIR=/dev/shm/opsctl-bench-$USER MDBOOK_TIMEOUT=600 scripts/bench-ssg.sh
#
# The corpus's .md files (sops/..., TOML front matter between +++ fences) are copied
# into a temporary Hugo site (content/, verbatim: Hugo reads +++ TOML natively; a
# one-template layout and a link hook turning `x.md` links into Hugo's pretty URLs;
# taxonomies, RSS, sitemap, robots.txt and 404 off) and a temporary mdBook book (src/,
# front matter stripped, SUMMARY.md listing every page nested by folder, each folder
# a page of its own; mdBook's defaults otherwise: search index and print page on).
# opsctl builds the corpus itself (check, entity pages and search index included).
# Each tool's output folder is deleted before each run, untimed. An mdBook run still
# going after MDBOOK_TIMEOUT seconds is stopped and reported as "> N s" (the other
# runs are then skipped). Needs `hugo` and `mdbook` on PATH (or $HUGO, $MDBOOK):
# `apt-get install hugo`, `cargo install mdbook --locked`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
project=$(dirname "$here")
RUNS=${RUNS:-3}
TODAY=2026-11-21
MDBOOK_TIMEOUT=${MDBOOK_TIMEOUT:-600}
HUGO=${HUGO:-hugo}
MDBOOK=${MDBOOK:-mdbook}
usage() { sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; }
# shellcheck source=scripts/bench-common.sh
. "$here/bench-common.sh"
parse_presets "$@"

for tool in "$HUGO" "$MDBOOK"; do
    command -v "$tool" >/dev/null || { echo "$(basename "$0"): $tool not found (see --help)" >&2; exit 1; }
done
build_opsctl

if [ -d /dev/shm ] && [ -w /dev/shm ]; then scratch_parent=/dev/shm; else scratch_parent=$project/target; fi
work=
cleanup() { [ -z "$work" ] || rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# Writes the Hugo site to $1 and the mdBook book to $2 from the .md files of the
# repository $3; prints how many pages were copied.
prepare() {
    mkdir -p "$1/layouts/_default/_markup" "$2"
    cat >"$1/hugo.toml" <<'EOF'
baseURL = "http://handbook.example.invalid/"
title = "Synthetic Ops Handbook"
languageCode = "en"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
EOF
    cat >"$1/layouts/_default/single.html" <<'EOF'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title></head>
<body><main>{{ .Content }}</main></body></html>
EOF
    cat >"$1/layouts/_default/list.html" <<'EOF'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title></head>
<body><main><h1>{{ .Title }}</h1>{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></main></body></html>
EOF
    # `../cap/page.md` is `../../cap/page/` from a page at `/sops/here/page/`.
    cat >"$1/layouts/_default/_markup/render-link.html" <<'EOF'
<a href="{{ replaceRE `^([^:#]*)\.md(#.*)?$` `../$1/$2` .Destination | safeURL }}"{{ with .Title }} title="{{ . }}"{{ end }}>{{ .Text | safeHTML }}</a>
{{- /* no newline after the link */ -}}
EOF
    cat >"$2/book.toml" <<'EOF'
[book]
title = "Synthetic Ops Handbook"
src = "src"

[build]
create-missing = false
EOF
    python3 - "$3" "$1/content" "$2/src" <<'PY'
import os, re, sys, tomllib
from pathlib import Path

repo, content, src = (Path(a) for a in sys.argv[1:])
pages = sorted(p.relative_to(repo) for p in repo.rglob("*.md")
               if not any(part.startswith(".") for part in p.relative_to(repo).parts))

def split(text):
    """(front matter as a dict, body) for +++ TOML front matter; else ({}, text)."""
    if text.startswith("+++\n"):
        end = text.find("\n+++\n", 3)
        if end >= 0:
            return tomllib.loads(text[4:end + 1]), text[end + 5:]
    return {}, text

def link(title, path):
    return "[" + re.sub(r"([\[\]\\])", r"\\\1", title) + "](" + path.as_posix().replace(" ", "%20") + ")"

summary = ["# Summary", ""]
made = set()
for rel in pages:
    text = (repo / rel).read_text(encoding="utf-8")
    (content / rel).parent.mkdir(parents=True, exist_ok=True)
    (content / rel).write_text(text, encoding="utf-8")
    meta, body = split(text)
    (src / rel).parent.mkdir(parents=True, exist_ok=True)
    (src / rel).write_text(body, encoding="utf-8")
    # Each folder (once, before its pages) is a chapter with a page of its own.
    for depth, folder in enumerate(reversed(rel.parents[:-1])):
        if folder not in made:
            made.add(folder)
            index = folder / "README.md"
            if not (repo / index).exists():
                (src / index).write_text(f"# {folder.name}\n", encoding="utf-8")
            summary.append("  " * depth + "- " + link(folder.name, index))
    if rel.name != "README.md" or rel.parent == Path("."):
        summary.append("  " * (len(rel.parts) - 1) + "- " + link(str(meta.get("title", rel.stem)), rel))
(src / "SUMMARY.md").write_text("\n".join(summary) + "\n", encoding="utf-8")
print(len(pages))
PY
}

# "12.3 s" for a median from `runs`, "> 600 s" for a capped one.
secs() { case $1 in '>'*) echo "> ${1#>} s" ;; *) echo "$1 s" ;; esac; }
# opsctl's time over the other tool's, as "0.12×" (or "< 0.01×" against a capped run).
ratio() {
    case $2 in
        '>'*) awk -v a="$1" -v b="${2#>}" 'BEGIN { printf "< %.3f×", a / b }' ;;
        *) awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f×", a / b }' ;;
    esac
}
faster() { awk -v a="$1" -v b="${2#>}" 'BEGIN { exit !(a < b) }'; }
html_files() { find "$1" -name '*.html' | wc -l; }

hugo_version=$("$HUGO" version)
mdbook_version=$("$MDBOOK" --version)
opsctl_version="$("$bin" --version) ($(git -C "$project" rev-parse --short HEAD 2>/dev/null || echo '?'))"
echo "opsctl: $opsctl_version"
echo "Hugo:   $hugo_version"
echo "mdBook: $mdbook_version (defaults: search index on, print page on)"
echo "median of $RUNS runs, $(nproc) cores, output in $scratch_parent; corpora in $BENCH_DIR"

for preset in "${presets[@]}"; do
    dir=$(corpus "$preset")
    work=$(mktemp -d "$scratch_parent/opsctl-bench-ssg.XXXXXX")
    pages=$(prepare "$work/hugo" "$work/mdbook" "$dir")
    out=$work/out

    read -r o_wall o_rss < <(runs --fresh "$out" "$bin" --today "$TODAY" build "$dir" --out "$out")
    o_html=$(html_files "$out")
    read -r h_wall h_rss < <(runs --fresh "$out" "$HUGO" --quiet -s "$work/hugo" -d "$out")
    h_html=$(html_files "$out")
    read -r m_wall m_rss < <(MEASURE_TIMEOUT=$MDBOOK_TIMEOUT runs --fresh "$out" "$MDBOOK" build "$work/mdbook" -d "$out")
    case $m_wall in '>'*) m_html="(stopped)"; m_rss="≥ $m_rss" ;; *) m_html=$(html_files "$out") ;; esac

    if faster "$o_wall" "$h_wall" && faster "$o_wall" "$m_wall"; then verdict=PASS; else verdict=FAIL; fi
    echo
    echo "### $preset ($pages pages)"
    echo
    echo "| tool | median wall | peak RSS | HTML files written | opsctl / tool |"
    echo "| --- | ---: | ---: | ---: | ---: |"
    echo "| opsctl build | $(secs "$o_wall") | $o_rss MB | $o_html | |"
    echo "| Hugo | $(secs "$h_wall") | $h_rss MB | $h_html | $(ratio "$o_wall" "$h_wall") |"
    echo "| mdBook | $(secs "$m_wall") | $m_rss MB | $m_html | $(ratio "$o_wall" "$m_wall") |"
    echo
    echo "opsctl faster than both Hugo and mdBook: $verdict"
    cleanup
    work=
done
