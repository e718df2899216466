#!/usr/bin/env bash
# Benchmark of `opsctl build` on generated repositories (see scripts/bench.sh for the
# check): median wall time and peak RSS, with the output on tmpfs (/dev/shm) and on
# disk, next to the floor: pulldown-cmark alone rendering and writing every page on
# two threads (scripts/render_floor.rs), and the build's ratio to the floor from
# alternating runs.
#
#   scripts/bench-build.sh [--preset medium|large]...   (default: medium and large)
#   RUNS=3 BENCH_DIR=/dev/shm/opsctl-bench-$USER scripts/bench-build.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
project=$(dirname "$here")
RUNS=${RUNS:-3}
TODAY=2026-11-21
# shellcheck source=scripts/bench-common.sh
. "$here/bench-common.sh"
parse_presets "$@"

(cd "$project" && cargo build --release --locked -q && cargo build --release --locked -q --example render_floor)
bin=$project/target/release/opsctl
floor=$project/target/release/examples/render_floor
disk_out=$(mktemp -d "$project/target/bench-build.XXXXXX")
trap 'rm -rf "$disk_out"' EXIT

# The build's ratio to the floor from alternating runs: each of $RUNS rounds times the
# floor and then the build (each into an emptied folder), and the median of the
# rounds' ratios is shown. The host's speed changes less within a round than between
# the floor's runs and the build's, so this ratio is the steadier one, and the one
# the target is judged by.
alternating_ratio() {
    local dir=$1 out=$2 ratios=() floor_wall build_wall
    for _ in $(seq "$RUNS"); do
        rm -rf "$out"
        read -r floor_wall _ < <(measure "$floor" "$dir" "$out")
        rm -rf "$out"
        read -r build_wall _ < <(measure "$bin" --today "$TODAY" build "$dir" --out "$out")
        ratios+=("$(awk -v b="$build_wall" -v f="$floor_wall" 'BEGIN { printf "%.4f", b / f }')")
    done
    rm -rf "$out"
    printf '%s\n' "${ratios[@]}" | sort -g | awk '{ v[NR] = $1 } END { printf "%.2f", v[int((NR + 1) / 2)] }'
}

echo "| corpus | pages | floor (tmpfs) | build (tmpfs) | build / floor | build / floor, alternating | build replacing a site (tmpfs) | floor (disk) | build (disk) | peak RSS | targets |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
for preset in "${presets[@]}"; do
    dir=$(corpus "$preset")
    pages=$(find "$dir" -name '*.md' | wc -l)
    shm=/dev/shm/opsctl-bench-out-$$
    # Every run writes into an empty folder (emptied untimed), as the floor does; the
    # "replacing" column is the everyday case of a build over the previous one, which
    # also removes the old site.
    read -r floor_shm _ < <(runs --fresh "$shm/floor" "$floor" "$dir" "$shm/floor")
    read -r build_shm rss < <(runs --fresh "$shm/site" "$bin" --today "$TODAY" build "$dir" --out "$shm/site")
    read -r replace_shm _ < <(runs "$bin" --today "$TODAY" build "$dir" --out "$shm/site")
    alternating=$(alternating_ratio "$dir" "$shm/alternating")
    read -r floor_disk _ < <(runs --fresh "$disk_out/floor" "$floor" "$dir" "$disk_out/floor")
    read -r build_disk _ < <(runs --fresh "$disk_out/site" "$bin" --today "$TODAY" build "$dir" --out "$disk_out/site")
    rm -rf "$shm" "$disk_out/floor" "$disk_out/site"
    ratio=$(awk -v b="$build_shm" -v f="$floor_shm" 'BEGIN { printf "%.2f", b / f }')
    verdict=$(awk -v r="$alternating" -v m="$rss" 'BEGIN { print ((r <= 2 && m < 1000) ? "PASS" : "FAIL") " (≤ 2× floor alternating, < 1 GB)" }')
    echo "| $preset | $pages | ${floor_shm} s | ${build_shm} s | ${ratio}× | ${alternating}× | ${replace_shm} s | ${floor_disk} s | ${build_disk} s | ${rss} MB | $verdict |"
done
echo
echo "median of $RUNS runs, $(nproc) cores; corpora in $BENCH_DIR"
