#!/usr/bin/env bash
# Benchmark of `opsctl serve`: the time from a saved edit of one SOP to the new page
# being served, on generated repositories. Each run appends a unique line to a SOP,
# then polls the page over HTTP (every 5 ms) until the line appears. The figure
# reported is that wall time minus the debounce delay (the quiet period serve waits
# so that one save, or a branch switch, is one rebuild), next to serve's own account
# of the rebuild ("rebuilt: … in N ms").
#
#   scripts/bench-serve.sh [--preset medium|large]...   (default: medium and large)
#   RUNS=7 BENCH_DIR=/dev/shm/opsctl-bench-$USER scripts/bench-serve.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
project=$(dirname "$here")
RUNS=${RUNS:-7}
# Must match serve's debounce::QUIET.
DEBOUNCE_MS=100
# shellcheck source=scripts/bench-common.sh
. "$here/bench-common.sh"
parse_presets "$@"

(cd "$project" && cargo build --release --locked -q)
bin=$project/target/release/opsctl
work=$(mktemp -d "${TMPDIR:-/tmp}/bench-serve.XXXXXX")
serve_pid=
cleanup() {
    [ -n "$serve_pid" ] && kill -INT "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null
    rm -rf "$work"
    [ -n "${copy:-}" ] && rm -rf "$copy"
    return 0
}
trap cleanup EXIT

echo "| corpus | pages | save → served, minus ${DEBOUNCE_MS} ms debounce (median, max) | serve's rebuild (median) | target |"
echo "| --- | ---: | ---: | ---: | --- |"
for preset in "${presets[@]}"; do
    dir=$(corpus "$preset")
    # Edits go to a copy, so the shared corpus stays as generated.
    copy=$BENCH_DIR/serve-$preset-$$
    rm -rf "$copy"
    cp -r "$dir" "$copy"
    pages=$(find "$copy" -name '*.md' | wc -l)
    log=$work/$preset.log
    "$bin" --today 2026-11-21 --color never serve "$copy" --port 0 2>"$log" &
    serve_pid=$!
    read -r median worst rebuild < <(python3 - "$copy" "$log" "$RUNS" "$DEBOUNCE_MS" <<'PY'
import http.client, pathlib, re, statistics, sys, time
root, log, runs, debounce = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
deadline = time.time() + 600
while "serving http://" not in log.read_text():
    if time.time() > deadline:
        sys.exit("serve did not start: " + log.read_text())
    time.sleep(0.1)
host, port = re.search(r"serving http://([^:/]+):(\d+)/", log.read_text()).groups()
sop = sorted(root.glob("sops/*/*.md"))[len(list(root.glob("sops/*/*.md"))) // 2]
url = "/" + str(sop.relative_to(root))[:-3] + ".html"
def page():
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    conn.request("GET", url)
    body = conn.getresponse().read()
    conn.close()
    return body
waits = []
for run in range(runs):
    marker = f"bench-marker-{run}-{time.time_ns()}"
    with open(sop, "a") as f:
        f.write(f"\nEdited for the benchmark: {marker}\n")
    start = time.perf_counter()
    while marker.encode() not in page():
        if time.perf_counter() - start > 60:
            sys.exit("the edit never appeared: " + log.read_text()[-2000:])
        time.sleep(0.005)
    waits.append((time.perf_counter() - start) * 1000 - debounce)
    time.sleep(1.0)
rebuilds = [int(m) for m in re.findall(r"^rebuilt: .* in (\d+) ms", log.read_text(), re.M)]
print(f"{statistics.median(waits):.0f} {max(waits):.0f} {statistics.median(rebuilds) if rebuilds else 0:.0f}")
PY
)
    kill -INT "$serve_pid"
    wait "$serve_pid" || true
    serve_pid=
    rm -rf "$copy"
    copy=
    target=$([ "$preset" = large ] && echo 1000 || echo 300)
    verdict=$(awk -v m="$median" -v t="$target" 'BEGIN { print (m < t ? "PASS" : "FAIL") " (< " t " ms)" }')
    echo "| $preset | $pages | ${median} ms (max ${worst} ms) | ${rebuild} ms | $verdict |"
done
echo
echo "median of $RUNS edits, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); corpora in $BENCH_DIR"
