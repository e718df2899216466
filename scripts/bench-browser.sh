#!/usr/bin/env bash
# Benchmark of the built handbook in the reader's browser: headless Chromium opens
# the pages that grow with the handbook (home, findings, goals, capability map, the
# largest capability page, an SOP) and searches, on the generated corpora. Prints,
# per corpus, the median of $RUNS (default 3) of each: milliseconds to the first
# frame painted, and from a search's keystroke to its results (debounce included).
#
#   scripts/bench-browser.sh [--preset small|medium|large]...   (default: medium and large)
#
# Needs Chromium (/usr/bin/chromium) and the npm tools of tests/web (installed with
# `npm ci --prefix tests/web` when missing).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
project=$(dirname "$here")
RUNS=${RUNS:-3}
TODAY=2026-11-21
# shellcheck source=scripts/bench-common.sh
. "$here/bench-common.sh"
parse_presets "$@"

browser=${CHROMIUM:-/usr/bin/chromium}
[ -x "$browser" ] || { echo "$(basename "$0"): no Chromium at $browser (apt-get install chromium, or set CHROMIUM)" >&2; exit 1; }
[ -d "$project/tests/web/node_modules/playwright-core" ] ||
    npm ci --prefix "$project/tests/web" --no-audit --no-fund --loglevel=error
build_opsctl
# The sites go to tmpfs when there is one, as the build benchmark's do.
out_base=${TMPDIR:-/tmp}
[ -d /dev/shm ] && [ -w /dev/shm ] && out_base=/dev/shm

for preset in "${presets[@]}"; do
    dir=$(corpus "$preset")
    site=$(mktemp -d "$out_base/opsctl-bench-browser.XXXXXX")
    "$bin" --today "$TODAY" build "$dir" --out "$site/site" >/dev/null 2>&1
    # The largest capability page, and the first SOP page in path order.
    capability=$(cd "$site/site" && ls -S capability/*.html | awk 'NR == 1')
    sop=$(cd "$site/site" && find sops -name '*.html' | sort | awk 'NR == 1')
    echo "## $preset ($(find "$dir" -name '*.md' | wc -l) pages)"
    node "$project/tests/web/timings.mjs" "$browser" "$site/site" "$RUNS" \
        index.html findings.html goals.html capabilities.html "$capability" "$sop" \
        -- backup restore "database failover" quarterly zzzz
    rm -rf "$site"
done
