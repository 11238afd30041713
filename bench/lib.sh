# bench/lib.sh — what the benchmark drivers share; source it after `set -euo pipefail`.
#   abspath PATH BASE        PATH made absolute against BASE
#   apt_need COMMAND PACKAGE installs the Debian PACKAGE (apt-get, sudo when not root) when COMMAND is missing
#   pip_need MODULE PACKAGE  installs the PyPI PACKAGE when python3 cannot import MODULE
#   bench_tmp PREFIX         makes the temp dir $T and a trap that stops $CLIENT and $PID and removes $T
#   start_hired              starts $HIRED on $T/s with data in $T/data; its pid in $PID
#   wait_client OUT          waits for the client started last ($CLIENT); on failure shows hired's log and exits
#   bench_hired              $HIRED made absolute against $ORIG_PWD (default: this checkout's release build), and checked
BENCH_NAME=${0##*/}

abspath() { case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$2/$1" ;; esac; }

apt_need() {
    command -v "$1" >/dev/null 2>&1 && return 0
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    echo "$BENCH_NAME: installing $2" >&2
    $sudo apt-get update
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$2"
}

pip_need() {
    python3 -c "import $1" 2>/dev/null && return 0
    echo "$BENCH_NAME: installing $2 (pip)" >&2
    python3 -m pip install --quiet "$2" 2>/dev/null ||
        python3 -m pip install --quiet --user --break-system-packages "$2"
    python3 -c "import $1" || { echo "$BENCH_NAME: cannot import $1" >&2; exit 2; }
}

bench_cleanup() {
    local p
    for p in $CLIENT $PID; do
        kill -TERM "$p" 2>/dev/null || true
        wait "$p" 2>/dev/null || true
    done
    rm -rf "$T"
}

bench_tmp() {
    T=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
    PID=
    CLIENT=
    trap bench_cleanup EXIT
    trap 'exit 130' INT TERM
}

start_hired() {
    "$HIRED" --socket "$T/s" --data-dir "$T/data" --log-level warning --kdf-memory-mib 8 2>"$T/log" &
    PID=$!
    for _ in $(seq 100); do [ -S "$T/s" ] && break; sleep 0.1; done
    [ -S "$T/s" ] || { echo "$BENCH_NAME: hired did not start" >&2; cat "$T/log" >&2; exit 2; }
}

wait_client() {
    local status=0
    wait "$CLIENT" || status=$?
    CLIENT=
    if [ "$status" != 0 ]; then
        echo "$BENCH_NAME: the benchmark failed (exit $status); hired's log:" >&2
        tail -n 50 "$T/log" >&2
        exit "$status"
    fi
    echo "$BENCH_NAME: wrote $1" >&2
}

bench_hired() {
    if [ -n "${HIRED:-}" ]; then HIRED=$(abspath "$HIRED" "$ORIG_PWD"); else HIRED=$ROOT/.build/release/hired; fi
    [ -x "$HIRED" ] || { echo "$BENCH_NAME: $HIRED not found (make release)" >&2; exit 2; }
}
