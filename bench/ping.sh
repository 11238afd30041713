#!/usr/bin/env bash
# bench/ping.sh — round-trip benchmark: hired `daemon.ping` vs redis `PING`.
#
# Shapes: 1 connection x 1 in flight, 50 x 1, 50 x 16 (pipelined).
#   hired : measured with bench/bin/loadgen (--proto jsonrpc)
#   redis : measured with redis-benchmark (-t ping_inline), and with loadgen
#           --proto redis as a calibration column (same client as for hired,
#           shows whether the client itself is the bottleneck).
#
# Usage (from the repo root):   bash bench/ping.sh
# Environment:
#   HIRED     hired binary                   (default .build/release/hired)
#   LOADGEN   load generator binary          (default bench/bin/loadgen; built if missing)
#   REQUESTS  requests per run, all shapes   (default 200000 for 1x1,
#                                             500000 for 50x1, 2000000 for 50x16)
#   REQUESTS_1X1, REQUESTS_50X1, REQUESTS_50X16   per-shape overrides
#   STRICT=1  exit 1 when a target is not met (default: report only)
# Output: a table on stdout, and the same as Markdown in bench/out/ping.md.
# Exit: 0 ok, 1 a run failed (or STRICT=1 and a target was missed), 2 setup error.
set -euo pipefail

ORIG_PWD=$PWD
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

# Relative paths given by the caller are relative to where they ran us;
# defaults are relative to the repo root.
abspath() { case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$2/$1" ;; esac; }
if [ -n "${HIRED:-}" ]; then HIRED=$(abspath "$HIRED" "$ORIG_PWD"); else HIRED=$ROOT/.build/release/hired; fi
LOADGEN_DEFAULT=$ROOT/bench/bin/loadgen
if [ -n "${LOADGEN:-}" ]; then LOADGEN=$(abspath "$LOADGEN" "$ORIG_PWD"); else LOADGEN=$LOADGEN_DEFAULT; fi
OUT_MD=$ROOT/bench/out/ping.md
STRICT=${STRICT:-0}

SHAPES=("1x1" "50x1" "50x16")
declare -A CONNS=([1x1]=1 [50x1]=50 [50x16]=50)
declare -A PIPE=([1x1]=1 [50x1]=1 [50x16]=16)
declare -A TARGET=([1x1]=0.5 [50x1]=0.5 [50x16]=0.25)
declare -A NREQ=(
    [1x1]=${REQUESTS_1X1:-${REQUESTS:-200000}}
    [50x1]=${REQUESTS_50X1:-${REQUESTS:-500000}}
    [50x16]=${REQUESTS_50X16:-${REQUESTS:-2000000}}
)
declare -A R=()      # results: R[<side>.<shape>.<key>]
FAILED=0

log() { printf '%s\n' "ping.sh: $*" >&2; }
fail() { log "$*"; exit 2; }

# ---- prerequisites --------------------------------------------------------

build_loadgen() {
    local src=$ROOT/bench/loadgen.c
    if [ -x "$LOADGEN" ] && { [ "$LOADGEN" != "$LOADGEN_DEFAULT" ] || [ ! "$src" -nt "$LOADGEN" ]; }; then
        return 0
    fi
    [ -f "$src" ] || fail "cannot build loadgen: $src not found"
    log "building $LOADGEN"
    mkdir -p "$(dirname "$LOADGEN")"
    cc -O2 -Wall -Wextra -std=c11 -D_GNU_SOURCE -o "$LOADGEN" "$src" || fail "building loadgen failed"
}

ensure_redis() {
    if command -v redis-server >/dev/null 2>&1 && command -v redis-benchmark >/dev/null 2>&1; then
        return 0
    fi
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    log "redis-server/redis-benchmark not found; installing redis-server redis-tools with apt-get"
    if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y redis-server redis-tools >&2; then
        log "apt-get install failed; retrying after apt-get update"
        "${sudo[@]}" apt-get update >&2 || true
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y redis-server redis-tools >&2 ||
            fail "could not install redis-server redis-tools"
    fi
    command -v redis-server >/dev/null 2>&1 && command -v redis-benchmark >/dev/null 2>&1 ||
        fail "redis-server/redis-benchmark still missing after install"
}

[ -x "$HIRED" ] || fail "hired binary not found or not executable: $HIRED
  build it with 'swift build -c release', or set HIRED=/path/to/hired"
build_loadgen
ensure_redis

# ---- temp dir, process bookkeeping ----------------------------------------

T=$(mktemp -d /tmp/hb.XXXXXX)
PIDS=()

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    local p
    for p in ${PIDS[@]+"${PIDS[@]}"}; do kill -TERM "$p" 2>/dev/null || true; done
    for p in ${PIDS[@]+"${PIDS[@]}"}; do
        local i
        for i in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$p" 2>/dev/null || true
        wait "$p" 2>/dev/null || true
    done
    rm -rf "$T"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

forget_pid() {
    local keep=() p
    for p in ${PIDS[@]+"${PIDS[@]}"}; do [ "$p" = "$1" ] || keep+=("$p"); done
    PIDS=(${keep[@]+"${keep[@]}"})
}

show_log() {  # file title
    if [ -s "$1" ]; then
        log "$2 (last 20 lines):"
        tail -n 20 "$1" | sed 's/^/    /' >&2
    fi
}

# wait_ready NAME PID SOCKET PROTO LOGFILE: poll (up to 10 s) until the socket
# exists and answers one request.
wait_ready() {
    local name=$1 pid=$2 sock=$3 proto=$4 logf=$5 i
    for i in $(seq 200); do
        if ! kill -0 "$pid" 2>/dev/null; then
            show_log "$logf" "$name log"
            fail "$name exited during startup"
        fi
        if [ -S "$sock" ] &&
            "$LOADGEN" --socket "$sock" --proto "$proto" --connections 1 --pipeline 1 \
                --requests 1 --warmup 0 --timeout 2 >/dev/null 2>&1; then
            return 0
        fi
        sleep 0.05
    done
    show_log "$logf" "$name log"
    fail "$name did not accept connections on $sock within 10 s"
}

# stop_proc NAME PID LOGFILE: SIGTERM, wait up to 10 s, then SIGKILL.
stop_proc() {
    local name=$1 pid=$2 logf=$3 i rc=0
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
        log "warning: $name did not exit within 10 s of SIGTERM; sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || rc=$?
    forget_pid "$pid"
    if [ "$rc" -ne 0 ]; then
        log "warning: $name exited with status $rc after SIGTERM"
        show_log "$logf" "$name log"
    fi
}

# ---- measurement helpers --------------------------------------------------

side_name() { case $1 in lgr) echo "redis (loadgen)" ;; *) echo "$1" ;; esac; }

# run_loadgen SIDE SHAPE SOCKET PROTO: stores R[SIDE.SHAPE.{cps,p50,p99,...}]
run_loadgen() {
    local side=$1 shape=$2 sock=$3 proto=$4 out rc=0 kv
    local c=${CONNS[$shape]} p=${PIPE[$shape]} n=${NREQ[$shape]}
    log "$(side_name "$side") $shape: loadgen --proto $proto --connections $c --pipeline $p --requests $n"
    out=$("$LOADGEN" --socket "$sock" --proto "$proto" --connections "$c" --pipeline "$p" \
        --requests "$n" 2>"$T/loadgen.err") || rc=$?
    if [ "$rc" -ne 0 ] || [ -z "$out" ]; then
        log "$(side_name "$side") $shape: loadgen failed (exit $rc): ${out:-no output}"
        sed 's/^/    /' "$T/loadgen.err" >&2
        FAILED=1
        return 0
    fi
    log "$(side_name "$side") $shape: $out"
    for kv in $out; do
        case ${kv%%=*} in
            calls_per_sec) R[$side.$shape.cps]=${kv#*=} ;;
            p50_us) R[$side.$shape.p50]=${kv#*=} ;;
            p99_us) R[$side.$shape.p99]=${kv#*=} ;;
            errors) R[$side.$shape.errors]=${kv#*=} ;;
        esac
    done
}

# run_redis_benchmark SHAPE SOCKET: stores R[rb.SHAPE.{cps,p50,p99}]
# redis-benchmark 7 --csv prints a header and one row per test, e.g.
#   "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
#   "PING_INLINE","57208.24","0.015","0.008","0.015","0.031","0.039","7.455"
# Columns are looked up by name in the header.
run_redis_benchmark() {
    local shape=$1 sock=$2 out rc=0 parsed
    local c=${CONNS[$shape]} p=${PIPE[$shape]} n=${NREQ[$shape]}
    log "redis $shape: redis-benchmark -t ping_inline -n $n -c $c -P $p"
    out=$(redis-benchmark -s "$sock" -t ping_inline -n "$n" -c "$c" -P "$p" -q --csv 2>"$T/rb.err") || rc=$?
    parsed=$(printf '%s\n' "$out" | awk -F, '
        { gsub(/"/, "") }
        $1 == "test" { for (i = 1; i <= NF; i++) col[$i] = i; next }
        $1 == "PING_INLINE" && ("rps" in col) {
            rps = $col["rps"]
            p50 = ("p50_latency_ms" in col) ? sprintf("%.1f", $col["p50_latency_ms"] * 1000) : "-"
            p99 = ("p99_latency_ms" in col) ? sprintf("%.1f", $col["p99_latency_ms"] * 1000) : "-"
            print rps, p50, p99; exit
        }')
    if [ "$rc" -ne 0 ] || [ -z "$parsed" ]; then
        log "redis $shape: redis-benchmark failed (exit $rc); output:"
        printf '%s\n' "$out" | sed 's/^/    /' >&2
        sed 's/^/    /' "$T/rb.err" >&2
        FAILED=1
        return 0
    fi
    read -r R[rb.$shape.cps] R[rb.$shape.p50] R[rb.$shape.p99] <<<"$parsed"
    log "redis $shape: redis-benchmark rps=${R[rb.$shape.cps]} p50_us=${R[rb.$shape.p50]} p99_us=${R[rb.$shape.p99]}"
}

# ---- hired ----------------------------------------------------------------

log "temp dir $T"
mkdir -p "$T/data"
"$HIRED" --socket "$T/h.sock" --data-dir "$T/data" --log-level warning >"$T/hired.log" 2>&1 &
HPID=$!
PIDS+=("$HPID")
wait_ready hired "$HPID" "$T/h.sock" jsonrpc "$T/hired.log"
for s in "${SHAPES[@]}"; do run_loadgen hired "$s" "$T/h.sock" jsonrpc; done
stop_proc hired "$HPID" "$T/hired.log"
show_log "$T/hired.log" "hired wrote to its log during the run"

# ---- redis ----------------------------------------------------------------

REDIS_VERSION=$(redis-server --version | sed -n 's/.*v=\([^ ]*\).*/\1/p')
redis-server --port 0 --unixsocket "$T/r.sock" --unixsocketperm 700 --save '' --appendonly no \
    --daemonize no >"$T/redis.log" 2>&1 &
RPID=$!
PIDS+=("$RPID")
wait_ready redis-server "$RPID" "$T/r.sock" redis "$T/redis.log"
for s in "${SHAPES[@]}"; do
    run_redis_benchmark "$s" "$T/r.sock"
    run_loadgen lgr "$s" "$T/r.sock" redis
done
stop_proc redis-server "$RPID" "$T/redis.log"

# ---- report ---------------------------------------------------------------

get() { printf '%s' "${R[$1]:-}"; }
fmt_int() { [ -n "$1" ] && printf '%.0f' "$1" || printf 'n/a'; }
fmt_lat() { [ -n "$1" ] && [ -n "$2" ] && printf '%s / %s' "$1" "$2" || printf 'n/a'; }
ratio() { [ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "n/a" }' || printf 'n/a'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 >= b + 0) }'; }

HEAD=("shape" "hired calls/s" "hired p50/p99 µs" "redis-benchmark calls/s" "redis p50/p99 µs"
    "loadgen-on-redis calls/s" "hired/redis" "hired/loadgen-on-redis")
ROWS=()
TARGET_LINES=()
MISSED=0
for s in "${SHAPES[@]}"; do
    label="${CONNS[$s]}x${PIPE[$s]}"
    r1=$(ratio "$(get hired.$s.cps)" "$(get rb.$s.cps)")
    r2=$(ratio "$(get hired.$s.cps)" "$(get lgr.$s.cps)")
    ROWS+=("$label|$(fmt_int "$(get hired.$s.cps)")|$(fmt_lat "$(get hired.$s.p50)" "$(get hired.$s.p99)")|$(fmt_int "$(get rb.$s.cps)")|$(fmt_lat "$(get rb.$s.p50)" "$(get rb.$s.p99)")|$(fmt_int "$(get lgr.$s.cps)")|$r1|$r2")
    if [ "$r1" = "n/a" ]; then
        verdict="UNKNOWN (run failed)"; MISSED=1
    elif ge "$r1" "${TARGET[$s]}"; then
        verdict="MET"
    else
        verdict="NOT MET"; MISSED=1
    fi
    TARGET_LINES+=("target $label: hired/redis calls/s >= ${TARGET[$s]}: got $r1 -> $verdict (same-client ratio hired/loadgen-on-redis: $r2)")
done

# plain-text table
widths=()
for i in "${!HEAD[@]}"; do widths[i]=${#HEAD[i]}; done
for row in "${ROWS[@]}"; do
    IFS='|' read -r -a cells <<<"$row"
    for i in "${!cells[@]}"; do
        len=$(printf '%s' "${cells[i]}" | wc -m)
        [ "$len" -gt "${widths[i]}" ] && widths[i]=$len
    done
done
print_row() {
    local i cell pad len line=""
    for i in "${!widths[@]}"; do
        cell=${1:-}; shift || true
        len=$(printf '%s' "$cell" | wc -m)
        pad=$((widths[i] - len))
        line+="$cell$(printf '%*s' "$pad" '')"
        [ "$i" -lt $((${#widths[@]} - 1)) ] && line+=" | "
    done
    printf '%s\n' "$line"
}
echo
print_row "${HEAD[@]}"
sep=()
for i in "${!widths[@]}"; do sep+=("$(printf '%*s' "${widths[i]}" '' | tr ' ' '-')"); done
print_row "${sep[@]}"
for row in "${ROWS[@]}"; do
    IFS='|' read -r -a cells <<<"$row"
    print_row "${cells[@]}"
done
echo
printf '%s\n' "${TARGET_LINES[@]}"

# markdown
mkdir -p "$(dirname "$OUT_MD")"
{
    echo "# hired daemon.ping vs redis PING"
    echo
    echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "- host: $(uname -srm), $(nproc) CPU(s)"
    echo "- hired: \`$HIRED\` (repo $(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo 'no commit'))"
    echo "- redis: ${REDIS_VERSION:-unknown} (unix socket, no persistence)"
    echo "- requests per run: 1x1=${NREQ[1x1]}, 50x1=${NREQ[50x1]}, 50x16=${NREQ[50x16]}"
    echo
    line="|"; for h in "${HEAD[@]}"; do line+=" $h |"; done; echo "$line"
    line="|"; for h in "${HEAD[@]}"; do line+="---|"; done; echo "$line"
    for row in "${ROWS[@]}"; do echo "| ${row//|/ | } |"; done
    echo
    for l in "${TARGET_LINES[@]}"; do echo "- $l"; done
    echo
    echo "Notes:"
    echo
    echo "- shape = connections x requests in flight per connection."
    echo "- hired and loadgen-on-redis use \`bench/bin/loadgen\` (sliding window: exactly P requests"
    echo "  outstanding per connection, first min(1000, 10%) replies excluded as warm-up)."
    echo "- redis-benchmark \`-P 16\` sends batches of 16 and waits for the whole batch, so its"
    echo "  pipelined latencies are not directly comparable with loadgen's sliding-window latencies."
    echo "- hired/redis uses redis-benchmark's calls/s (the target); hired/loadgen-on-redis compares"
    echo "  both servers through the same client."
    echo "- 1x1 is dominated by the cross-CPU wake-up cost of each round trip; on small VMs it"
    echo "  varies run to run with background load (idle vCPUs wake slowly), so compare 1x1"
    echo "  numbers only within one run."
} >"$OUT_MD"
echo
log "wrote ${OUT_MD#"$ROOT"/}"

if [ "$FAILED" -ne 0 ]; then
    log "some runs failed (see above)"
    exit 1
fi
if [ "$STRICT" = 1 ] && [ "$MISSED" -ne 0 ]; then
    log "STRICT=1 and a target was not met"
    exit 1
fi
exit 0
