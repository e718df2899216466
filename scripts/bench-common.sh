# Shared by the benchmark scripts (sourced, not run): where corpora live, the
# --preset flags, the release build and the generated corpora.
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
