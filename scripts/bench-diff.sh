#!/usr/bin/env bash
# Benchmarks `opsctl diff` between two commits of a generated ops repository against
# two plain checks of the same commits (`opsctl check --rev`), the target being a diff
# within 2x of the two checks together. Reports medians and PASS/FAIL.
#
#   scripts/bench-diff.sh                    # large
#   scripts/bench-diff.sh --preset medium    # small | medium | large (repeatable)
#
# The corpus is generated once, committed ("base"), then a few hundred files are
# changed the way a busy quarter changes them (goals re-owned, deadlines slipped,
# milestones done, SOP sections rewritten, pages renamed, removed and added) and
# committed ("change"); the objects are then packed, as in a CI clone.
#
# Environment:
#   RUNS=5              timed runs of each command (the median is reported)
#   BENCH_DIR=DIR       where repositories are generated and reused
#                       (default /dev/shm/opsctl-bench-diff-$USER, else a fresh mktemp -d)
#   GEN_CORPUS=FILE     the generator (default ../shared/bench/gen_corpus.py beside the project)
#
# The script is a report: it exits 0 even when the target is missed (look for FAIL),
# and non-zero only when it cannot measure.
set -euo pipefail

TODAY=2026-11-21
RUNS=${RUNS:-5}

here=$(cd "$(dirname "$0")" && pwd)
project=$(cd "$here/.." && pwd)
BENCH_NAME=opsctl-bench-diff
DEFAULT_PRESETS="large"
# shellcheck source=scripts/bench-common.sh
. "$here/bench-common.sh"
gen=$GEN_CORPUS

usage() { sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; }
parse_presets "$@"
case $RUNS in ''|*[!0-9]*|0) echo "bench-diff.sh: RUNS must be a positive integer" >&2; exit 2 ;; esac
[ -f "$gen" ] || { echo "bench-diff.sh: generator not found: $gen (set GEN_CORPUS)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "bench-diff.sh: python3 is required" >&2; exit 2; }
command -v git >/dev/null || { echo "bench-diff.sh: git is required (to build the repository)" >&2; exit 2; }

build_opsctl

mkdir -p "$BENCH_DIR"

gitq() {
    git -c user.name=bench -c user.email=bench@example.com -c core.hooksPath=/dev/null \
        -c gc.auto=0 "$@"
}

# ---- the change -------------------------------------------------------------
# Deterministic edits to a generated corpus; prints how many files it touched.
read -r -d '' PY_CHANGE <<'PY' || true
import os, random, re, subprocess, sys

repo = sys.argv[1]
rng = random.Random(4)
os.chdir(repo)
touched = set()

people = re.findall(r'^id = "([^"]+)"', open("people.toml").read(), re.M)

def edit_goals(path):
    text = open(path).read()
    blocks = text.split("[[goal]]")
    for i in range(1, len(blocks)):
        b = blocks[i]
        if i % 25 == 0:
            b = re.sub(r'^owner = "[^"]+"', 'owner = "%s"' % rng.choice(people), b, 1, re.M)
        if i % 30 == 0:
            b = re.sub(r'^deadline = (\d{4})-(\d{2})-(\d{2})',
                       lambda m: "deadline = %s-%s-%02d" % (m[1], m[2], min(28, int(m[3]) + 14)), b, 1, re.M)
        if i % 40 == 0:
            b = b.replace("done = false", "done = true", 1)
        if i % 45 == 0:
            b = re.sub(r'^status = "active"', 'status = "done"', b, 1, re.M)
        blocks[i] = b
    new = "[[goal]]".join(blocks)
    if new != text:
        open(path, "w").write(new)
        touched.add(path)

for name in sorted(os.listdir("goals")):
    edit_goals(os.path.join("goals", name))

model = open("model.toml").read()
count = [0]
def retarget(m):
    count[0] += 1
    return "target = %s" % (float(m[1]) * 1.1 if count[0] % 3 == 0 else m[1])
new = re.sub(r'^target = ([0-9.]+)', retarget, model, flags=re.M)
if new != model:
    open("model.toml", "w").write(new)
    touched.add("model.toml")

sops = sorted(os.path.join(d, f) for d, _, fs in os.walk("sops") for f in fs if f.endswith(".md"))
rng.shuffle(sops)
edited, renamed, removed, added = sops[:300], sops[300:320], sops[320:330], sops[330:340]
for path in edited:
    text = open(path).read()
    # Rewrite the first paragraph of one section (the section after the second heading).
    parts = text.split("\n## ")
    k = 1 + rng.randrange(max(1, len(parts) - 1)) if len(parts) > 1 else 0
    parts[k] = parts[k].replace("\n\n", "\n\nUpdated after the quarterly review: check this step twice.\n\n", 1)
    open(path, "w").write("\n## ".join(parts))
    touched.add(path)
for path in renamed:
    target = path[:-3] + "-v2.md"
    subprocess.run(["git", "mv", path, target], check=True)
    touched.update([path, target])
for path in removed:
    os.remove(path)
    touched.add(path)
for i, path in enumerate(added):
    target = os.path.join(os.path.dirname(path), "new-procedure-%03d.md" % i)
    text = open(path).read()
    text = re.sub(r'^title = "[^"]*"', 'title = "New procedure %d"' % i, text, 1, re.M)
    open(target, "w").write(text)
    touched.add(target)
print(len(touched))
PY

# Builds $BENCH_DIR/PRESET-git: a git repository with the commits "base" and "change".
repository() {
    local preset=$1 dir=$BENCH_DIR/$1-git
    if [ -f "$dir/.bench-ready" ]; then
        echo "reusing $dir" >&2
        return
    fi
    echo "generating the $preset corpus and its two commits in $dir ..." >&2
    rm -rf "$dir" "$dir.tmp"
    python3 "$gen" "$dir.tmp" --preset "$preset" --no-mirrors >/dev/null
    (
        cd "$dir.tmp"
        gitq init -q -b main
        gitq add -A
        gitq commit -q -m base
        python3 -c "$PY_CHANGE" "$dir.tmp" >.bench-touched
        gitq add -A
        gitq commit -q -m change
        # Packed, as a clone in CI has it (loose objects are what a local commit leaves).
        gitq repack -adq
    )
    mv "$dir.tmp" "$dir"
    touch "$dir/.bench-ready"
}

# ---- measuring --------------------------------------------------------------
# Runs each argument (a shell command) once and prints its wall seconds; stdout discarded.
read -r -d '' PY_MEASURE <<'PY' || true
import subprocess, sys, time
for command in sys.argv[1:]:
    t0 = time.perf_counter()
    rc = subprocess.run(command, shell=True, stdout=subprocess.DEVNULL).returncode
    if rc > 1:
        sys.exit(f"failed (exit {rc}): {command}")
    print(f"{time.perf_counter() - t0:.4f}")
PY

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

rows=()
failed=0
for preset in "${presets[@]}"; do
    repository "$preset"
    dir=$BENCH_DIR/$preset-git
    touched=$(cat "$dir/.bench-touched")
    diff_cmd="'$bin' diff HEAD~1 HEAD --format json --today $TODAY --root '$dir'"
    check_base="'$bin' check --rev HEAD~1 --format json --today $TODAY '$dir'"
    check_head="'$bin' check --rev HEAD --format json --today $TODAY '$dir'"
    worktree_cmd="'$bin' diff HEAD~1 --format json --today $TODAY --root '$dir'"

    # One untimed run: warms the page cache and checks that every command works.
    python3 -c "$PY_MEASURE" "$diff_cmd" "$check_base" "$check_head" "$worktree_cmd" >/dev/null
    summary=$("$bin" diff HEAD~1 HEAD --format json --today "$TODAY" --root "$dir" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["summary"]["text"])')

    diffs=() checks=() worktrees=()
    for i in $(seq "$RUNS"); do
        mapfile -t t < <(python3 -c "$PY_MEASURE" "$diff_cmd" "$check_base" "$check_head" "$worktree_cmd")
        diffs+=("${t[0]}")
        checks+=("$(awk -v a="${t[1]}" -v b="${t[2]}" 'BEGIN { print a + b }')")
        worktrees+=("${t[3]}")
        printf '  %s run %d/%d: diff %.3f s, two checks %.3f s, diff to working tree %.3f s\n' \
            "$preset" "$i" "$RUNS" "${t[0]}" "${checks[-1]}" "${t[3]}" >&2
    done
    d=$(printf '%s\n' "${diffs[@]}" | median)
    c=$(printf '%s\n' "${checks[@]}" | median)
    w=$(printf '%s\n' "${worktrees[@]}" | median)
    ratio=$(awk -v d="$d" -v c="$c" 'BEGIN { printf "%.2f", d / c }')
    verdict=PASS
    if awk -v r="$ratio" 'BEGIN { exit !(r > 2) }'; then verdict="**FAIL**"; failed=1; fi
    ms() { awk -v s="$1" 'BEGIN { printf "%.0f ms", s * 1000 }'; }
    rows+=("| $preset | $touched | $(ms "$c") | $(ms "$d") | ${ratio}× | $(ms "$w") | ≤ 2× | $verdict |")
    echo "$preset: $summary" >&2
done

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
echo
echo "opsctl diff HEAD~1 HEAD vs opsctl check --rev HEAD~1 + check --rev HEAD (--format json --today $TODAY): median of $RUNS runs, $(nproc) cores${cpu:+ ($cpu)}, $("$bin" --version)"
echo "repositories in $BENCH_DIR (delete it to regenerate or free the space)"
echo
echo "| corpus | files changed | two checks | diff | diff / two checks | diff HEAD~1 (working tree) | target | result |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |"
printf '%s\n' "${rows[@]}"
if [ "$failed" = 1 ]; then
    echo
    echo "FAIL: the target was missed (this script still exits 0: it is a report)."
fi
exit 0
