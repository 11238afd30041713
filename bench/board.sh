#!/usr/bin/env bash
# bench/board.sh — the Master Tracking Board benchmark, in one run on one generated board:
#   import    hired `mtb.import` (wall time of the RPC) into an empty board vs
#             `sqlite3 plain.db` `.import --csv` into a new database: three of each, every
#             hired one right after a sqlite3 one, the medians compared                      (target <= 1x)
#   re-import `mtb.import` mode replace of the same file (<= 1x) and of a copy with 1% of its
#             rows changed (<= 0.5x), each vs that sqlite3 import
#   memory    hired's peak RSS (VmHWM) after the import (<= 200 MiB) and served warm (<= 300 MiB)
#   filter    `mtb.filter` on three columns over the socket vs DuckDB on its loaded in-memory
#             table: median warm (<= 0.5x); the first after the import and after a daemon
#             restart (<= 1x; the median of three restarts)
#   values    `mtb.values` of all 20 columns, one pass, vs DuckDB GROUP BY per column: median
#             warm, the first after the import and after a restart (each <= 0.1x)
#
# The restarts stop the daemon with SIGTERM and start it again with the same command line and data.
# Usage (from the repo root): bash bench/board.sh        (needs a release build: make release)
# Environment:
#   HIRED         hired binary                      (default .build/release/hired)
#   ROWS          board rows                        (default 1000000; try 100000 first)
#   SEED          generator seed                    (default 7)
#   FILTER        the three-column filter           (default state=NY,cat=Hot,visa=No)
#   FILTER_CALLS  timed filter calls                (default 200, after 5 warm-up calls)
#   PASSES        timed passes of the 20 drop-downs (default 20, after one first pass)
#   GEN           the generator                     (default /work/shared/bench/gen_mtb.py)
#   PERF=FILE     record the daemon during the import with `perf record -g` into FILE
#                 (the timings of that run include perf's overhead)
#   TMPDIR        where the temp dir goes (the 1M run needs ~2 GiB)
# Needs sqlite3 (installed with apt-get when missing) and the duckdb Python package
# (installed with pip when missing).
# Output: a table on stdout, and Markdown in bench/out/board.md.
set -euo pipefail

ORIG_PWD=$PWD
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
. "$ROOT/bench/lib.sh"
bench_hired
ROWS=${ROWS:-1000000}
SEED=${SEED:-7}
FILTER=${FILTER:-state=NY,cat=Hot,visa=No}
FILTER_CALLS=${FILTER_CALLS:-200}
PASSES=${PASSES:-20}
GEN=${GEN:-/work/shared/bench/gen_mtb.py}
OUT_MD=$ROOT/bench/out/board.md

[ -f "$GEN" ] || { echo "board.sh: generator $GEN not found" >&2; exit 2; }

# ---- dependencies ---------------------------------------------------------------------------
apt_need sqlite3 sqlite3
pip_need duckdb duckdb

# ---- temp dir, daemon, cleanup --------------------------------------------------------------
bench_tmp hb

echo "board.sh: generating $ROWS rows (seed $SEED) ..." >&2
python3 "$GEN" --rows "$ROWS" --seed "$SEED" >"$T/mtb.csv" &
CLIENT=$!
wait "$CLIENT"
CLIENT=

start_hired

mkdir -p "$ROOT/bench/out"
# The generator and the client run in the background so that a signal reaches the trap at once.
python3 "$ROOT/bench/board_client.py" --socket "$T/s" --pid "$PID" --csv "$T/mtb.csv" --workdir "$T" \
    --rows "$ROWS" --filter "$FILTER" --filter-calls "$FILTER_CALLS" --passes "$PASSES" --out "$OUT_MD" \
    ${PERF:+--perf "$(abspath "$PERF" "$ORIG_PWD")"} &
CLIENT=$!
wait_client "$OUT_MD"
