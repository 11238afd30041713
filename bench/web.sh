#!/usr/bin/env bash
# bench/web.sh — the web desk's board page on a 1M-row board, against the same queries over the socket:
#   page      GET /board filtered on two columns (50 rows and the 20 drop-downs): time to first
#             byte and to the last byte, median over the loopback HTTP connection of hire-web
#   socket    what the page asks hired (jobs.list with the filter, and mtb.values for the 20
#             columns, all in flight at once) sent straight over the socket, median
#   parts     the filtered jobs.list alone and the 20 drop-downs alone, over the socket
#
# Usage (from the repo root): bash bench/web.sh   (needs a release build: make release)
# Environment:
#   HIRED     hired binary     (default .build/release/hired); HIRE_WEB likewise (hire-web beside it)
#   ROWS      board rows       (default 1000000)
#   SEED      generator seed   (default 7)
#   FILTER    the page's filter (default state=NY,cat=Hot)
#   CALLS     timed requests of each kind (default 30, after 3 warm-up requests)
#   GEN       the generator    (default /work/shared/bench/gen_mtb.py)
# Output: a table on stdout, and Markdown in bench/out/web.md.
set -euo pipefail

ORIG_PWD=$PWD
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
. "$ROOT/bench/lib.sh"
bench_hired
HIRE_WEB=${HIRE_WEB:-$(dirname "$HIRED")/hire-web}
HIRE_WEB=$(abspath "$HIRE_WEB" "$ORIG_PWD")
[ -x "$HIRE_WEB" ] || { echo "web.sh: $HIRE_WEB not found (make release)" >&2; exit 2; }
ROWS=${ROWS:-1000000}
SEED=${SEED:-7}
FILTER=${FILTER:-state=NY,cat=Hot}
CALLS=${CALLS:-30}
GEN=${GEN:-/work/shared/bench/gen_mtb.py}
OUT_MD=$ROOT/bench/out/web.md
[ -f "$GEN" ] || { echo "web.sh: generator $GEN not found" >&2; exit 2; }

bench_tmp hw
WEB=
stop_web() { [ -z "$WEB" ] || { kill -TERM "$WEB" 2>/dev/null || true; wait "$WEB" 2>/dev/null || true; }; bench_cleanup; }
trap stop_web EXIT

echo "web.sh: generating $ROWS rows (seed $SEED) ..." >&2
python3 "$GEN" --rows "$ROWS" --seed "$SEED" >"$T/mtb.csv"
start_hired
"$HIRE_WEB" --socket "$T/s" --port 0 >"$T/web.out" 2>"$T/web.log" &
WEB=$!
for _ in $(seq 100); do grep -q serving "$T/web.out" 2>/dev/null && break; sleep 0.1; done
URL=$(sed -n 's/.*serving \(http[^ ]*\) .*/\1/p' "$T/web.out")
[ -n "$URL" ] || { echo "web.sh: hire-web did not start" >&2; cat "$T/web.log" >&2; exit 2; }

mkdir -p "$ROOT/bench/out"
python3 "$ROOT/bench/web_client.py" --socket "$T/s" --url "$URL" --csv "$T/mtb.csv" --rows "$ROWS" \
    --filter "$FILTER" --calls "$CALLS" --out "$OUT_MD" &
CLIENT=$!
wait_client "$OUT_MD"
