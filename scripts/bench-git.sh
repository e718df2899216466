#!/usr/bin/env bash
# Benchmarks of opsctl's git features on generated repositories (median wall time):
#
#   staged   `opsctl check --staged` against a plain `opsctl check` on the large corpus,
#            everything staged by `git add -A` (20,000 loose objects). Target: <= 1.2x.
#   history  the history of every file (one revision walk, the cache removed before
#            each run) against `git log --name-only --format=%H`, on the medium corpus
#            with 10,000 commits made by scripts/gen_history.py. Target: <= 2x.
#            A second figure shows the cached run.
#
#   scripts/bench-git.sh [staged] [history]      (default: both)
#   RUNS=5 BENCH_DIR=/dev/shm/opsctl-bench-$USER scripts/bench-git.sh
#
# A report: exits 0 even when a target is missed (look for FAIL).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
project=$(dirname "$here")
RUNS=${RUNS:-5}
BENCH_DIR=${BENCH_DIR:-/dev/shm/opsctl-bench-${USER:-$(id -u)}}
GEN_CORPUS=${GEN_CORPUS:-$project/../shared/bench/gen_corpus.py}
TODAY=2026-11-21
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(staged history)

(cd "$project" && cargo build --release --locked -q && cargo build --release --locked -q --example history_walk)
bin=$project/target/release/opsctl
walk=$project/target/release/examples/history_walk
mkdir -p "$BENCH_DIR"

corpus() {
    local preset=$1 dir=$BENCH_DIR/$1
    if [ ! -f "$dir/CORPUS.json" ]; then
        echo "generating $preset corpus in $dir ..." >&2
        rm -rf "$dir" "$dir.tmp"
        python3 "$GEN_CORPUS" "$dir.tmp" --preset "$preset" --no-mirrors >/dev/null
        mv "$dir.tmp" "$dir"
    fi
}

# Median wall seconds of RUNS runs of a command (stdout discarded); $BEFORE is run
# untimed before each run.
median_of() {
    python3 - "$RUNS" "${BEFORE:-true}" "$@" <<'PY'
import statistics, subprocess, sys, time
runs, before, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
walls = []
for _ in range(runs):
    subprocess.run(before, shell=True, check=True)
    t0 = time.perf_counter()
    rc = subprocess.run(cmd, stdout=subprocess.DEVNULL).returncode
    walls.append(time.perf_counter() - t0)
    if rc > 1:
        sys.exit(f"{cmd}: exit {rc}")
print(f"{statistics.median(walls):.3f}")
PY
}

verdict() { awk -v r="$1" -v t="$2" 'BEGIN { print (r <= t) ? "PASS" : "FAIL" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

rows=()
for part in "${parts[@]}"; do
    case $part in
    staged)
        corpus large
        repo=$BENCH_DIR/staged-large
        if [ ! -d "$repo/.git" ]; then
            echo "staging a copy of the large corpus in $repo ..." >&2
            rm -rf "$repo" && cp -r "$BENCH_DIR/large" "$repo"
            git -C "$repo" init -q && git -C "$repo" add -A
        fi
        "$bin" check --today "$TODAY" "$repo" >/dev/null || true   # warm the page cache
        plain=$(median_of "$bin" check --today "$TODAY" "$repo")
        staged=$(median_of "$bin" check --staged --today "$TODAY" "$repo")
        r=$(ratio "$staged" "$plain")
        rows+=("| check --staged, large (20k staged files) | ${staged} s | plain check ${plain} s | ${r}x | <= 1.2x | $(verdict "$r" 1.2) |")
        ;;
    history)
        corpus medium
        repo=$BENCH_DIR/history-medium
        if [ ! -d "$repo/.git" ]; then
            rm -rf "$repo"
            python3 "$here/gen_history.py" "$BENCH_DIR/medium" "$repo" --commits 10000 >&2
        fi
        git -C "$repo" log --name-only --format=%H >/dev/null   # warm the page cache
        gitlog=$(median_of git -C "$repo" log --name-only --format=%H)
        walked=$(BEFORE="rm -rf '$repo/.git/opsctl'" median_of "$walk" "$repo")
        "$walk" "$repo" >/dev/null
        cached=$(median_of "$walk" "$repo")
        r=$(ratio "$walked" "$gitlog")
        rows+=("| history, medium + 10,000 commits (no cache) | ${walked} s | git log --name-only ${gitlog} s | ${r}x | <= 2x | $(verdict "$r" 2) |")
        rows+=("| history, same, cached | ${cached} s | | | | |")
        ;;
    *) echo "usage: $0 [staged] [history]" >&2; exit 2 ;;
    esac
done

echo
echo "median of $RUNS runs, $(nproc) cores, $("$bin" --version); corpora in $BENCH_DIR"
echo
echo "| what | opsctl | baseline | ratio | target | result |"
echo "| --- | ---: | ---: | ---: | --- | --- |"
printf '%s\n' "${rows[@]}"
