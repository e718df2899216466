# Shared by the benchmark scripts (sourced, not run): the corpora and the --preset flags.
# Expects `project` to be the project's root.
BENCH_DIR=${BENCH_DIR:-/dev/shm/opsctl-bench-${USER:-$(id -u)}}
GEN_CORPUS=${GEN_CORPUS:-$project/../shared/bench/gen_corpus.py}

# Sets `presets` from `--preset NAME` arguments (medium and large without any).
parse_presets() {
    presets=()
    while [ $# -gt 0 ]; do
        case $1 in
            --preset) presets+=("$2"); shift 2 ;;
            *) echo "usage: $0 [--preset medium|large]..." >&2; exit 2 ;;
        esac
    done
    [ ${#presets[@]} -gt 0 ] || presets=(medium large)
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
