# shellcheck shell=bash
# Shared by the benchmark scripts (sourced, not run): where corpora live, the
# --preset flags, the release build, the generated corpora and timing a command
# (`measure` once, `runs` for the median of $RUNS with the peak RSS).
# Expects `project` to be the project's root.

# Corpora go to tmpfs when there is one ($BENCH_NAME names the folder, so scripts
# that change their repositories keep them apart), else to a fresh temporary folder.
if [ -z "${BENCH_DIR:-}" ]; then
    if [ -d /dev/shm ] && [ -w /dev/shm ]; then
        BENCH_DIR=/dev/shm/${BENCH_NAME:-opsctl-bench}-${USER:-$(id -u)}
    else
        BENCH_DIR=$(mktemp -d "${TMPDIR:-/tmp}/${BENCH_NAME:-opsctl-bench}.XXXXXX")
    fi
fi
GEN_CORPUS=${GEN_CORPUS:-$project/../shared/bench/gen_corpus.py}

# Sets `presets` from `--preset NAME` / `--preset=NAME` arguments (small, medium or
# large; repeatable), else from $DEFAULT_PRESETS (default "medium large"). `-h` and
# `--help` print the script's `usage` when it defines one.
parse_presets() {
    presets=()
    while [ $# -gt 0 ]; do
        case $1 in
            --preset) [ $# -ge 2 ] || bad_usage; presets+=("$2"); shift 2 ;;
            --preset=*) presets+=("${1#--preset=}"); shift ;;
            -h|--help) show_usage; exit 0 ;;
            *) echo "$(basename "$0"): unknown argument: $1" >&2; bad_usage ;;
        esac
    done
    # shellcheck disable=SC2206
    [ ${#presets[@]} -gt 0 ] || presets=(${DEFAULT_PRESETS:-medium large})
    for p in "${presets[@]}"; do
        case $p in
            small|medium|large) ;;
            *) echo "$(basename "$0"): unknown preset: $p (small|medium|large)" >&2; exit 2 ;;
        esac
    done
}

show_usage() {
    if declare -F usage >/dev/null; then usage; else echo "usage: $0 [--preset small|medium|large]..."; fi
}

bad_usage() {
    show_usage >&2
    exit 2
}

# Builds the release binary (with --locked when there is a lock file) and sets `bin`.
build_opsctl() {
    local locked=()
    [ -f "$project/Cargo.lock" ] && locked=(--locked)
    echo "building: cargo build --release ${locked[*]}" >&2
    (cd "$project" && cargo build --release "${locked[@]}" --quiet)
    bin=${CARGO_TARGET_DIR:-$project/target}/release/opsctl
    case $bin in /*) ;; *) bin=$project/$bin ;; esac
    [ -x "$bin" ] || { echo "$(basename "$0"): no binary at $bin" >&2; exit 1; }
}

# Prints the directory of the generated repository for a preset, generating it once.
corpus() {
    local dir=$BENCH_DIR/$1
    if [ ! -f "$dir/opsctl.toml" ]; then
        mkdir -p "$BENCH_DIR"
        python3 "$GEN_CORPUS" "$dir" --preset "$1" --no-mirrors --force >/dev/null
    fi
    echo "$dir"
}

# Prints "seconds peak_kib" for one run of the command, its output discarded. With
# $MEASURE_TIMEOUT (seconds) set, a run still going then is killed and the line is
# "timeout peak_kib". A failing command prints the end of its stderr and fails.
measure() {
    python3 - "$@" <<'PY'
import os, resource, subprocess, sys, tempfile, time
limit = float(os.environ.get("MEASURE_TIMEOUT") or 0) or None
with tempfile.TemporaryFile() as err:
    t0 = time.perf_counter()
    child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=err)
    try:
        rc = child.wait(timeout=limit)
        wall = f"{time.perf_counter() - t0:.4f}"
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
        rc, wall = 0, "timeout"
    print(wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    if rc != 0:
        err.seek(0)
        tail = err.read().decode(errors="replace").splitlines()[-20:]
        print(f"failed ({rc}): {' '.join(sys.argv[1:])}", *tail, sep="\n", file=sys.stderr)
    sys.exit(rc)
PY
}

# Prints "median_seconds peak_MB" over RUNS runs of the command (the peak is the
# largest of the runs). `runs --fresh DIR CMD...` deletes DIR before each run,
# untimed. After a run that hits $MEASURE_TIMEOUT the rest are skipped and the
# median is ">SECONDS" (the peak is then that of the runs so far).
runs() {
    local fresh='' walls=() peak=0 line wall kb
    if [ "${1:-}" = --fresh ]; then fresh=$2; shift 2; fi
    for _ in $(seq "${RUNS:-3}"); do
        [ -z "$fresh" ] || rm -rf "$fresh"
        line=$(measure "$@")
        read -r wall kb <<<"$line"
        [ "$kb" -gt "$peak" ] && peak=$kb
        if [ "$wall" = timeout ]; then
            awk -v t="$MEASURE_TIMEOUT" -v p="$peak" 'BEGIN { printf ">%g %.0f\n", t, p * 1024 / 1e6 }'
            return
        fi
        walls+=("$wall")
    done
    printf '%s\n' "${walls[@]}" | sort -g | awk -v p="$peak" '{ v[NR] = $1 } END { printf "%.3f %.0f\n", v[int((NR + 1) / 2)], p * 1024 / 1e6 }'
}
