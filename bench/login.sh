#!/usr/bin/env bash
# bench/login.sh — how long auth.login takes with the shipped password hashing
# (Argon2id, 3 passes over 256 MiB, one at a time), measured over the socket.
#
# Usage (from the repo root): bash bench/login.sh     (make bench runs it)
# Environment: HIRED (default .build/release/hired), LOGINS (default 10).
# Output: a line on stdout and bench/out/login.md.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HIRED=${HIRED:-$ROOT/.build/release/hired}
LOGINS=${LOGINS:-10}
[ -x "$HIRED" ] || { echo "login.sh: $HIRED not found (make release)" >&2; exit 2; }
T=$(mktemp -d /tmp/hl.XXXXXX)
PID=
cleanup() { [ -n "$PID" ] && kill -TERM "$PID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$T"; }
trap cleanup EXIT

"$HIRED" --socket "$T/s" --data-dir "$T/data" --log-level warning 2>"$T/log" &
PID=$!
for _ in $(seq 100); do [ -S "$T/s" ] && break; sleep 0.1; done
[ -S "$T/s" ] || { cat "$T/log" >&2; exit 2; }

mkdir -p "$ROOT/bench/out"
python3 - "$T/s" "$LOGINS" <<'PY' | tee "$ROOT/bench/out/login.md"
import json, socket, statistics, sys, time
path, count = sys.argv[1], int(sys.argv[2])
s = socket.socket(socket.AF_UNIX); s.connect(path); f = s.makefile("rwb")
def call(method, params, i=[0]):
    i[0] += 1
    f.write(json.dumps({"jsonrpc": "2.0", "id": i[0], "method": method, "params": params}).encode() + b"\n"); f.flush()
    reply = json.loads(f.readline())
    if "error" in reply: raise SystemExit(f"{method}: {reply['error']}")
    return reply["result"]
start = time.perf_counter()
call("auth.register", {"username": "bench", "email": "bench@example.com", "password": "benchmark passphrase", "role": "recruiter"})
register = time.perf_counter() - start
times = []
for _ in range(count):
    start = time.perf_counter()
    call("auth.login", {"login": "bench", "password": "benchmark passphrase"})
    times.append(time.perf_counter() - start)
times.sort()
print(f"# auth.login latency (Argon2id ops 3, 256 MiB)\n")
print(f"- register: {register*1000:.0f} ms")
print(f"- login over {count} runs: median {statistics.median(times)*1000:.0f} ms, "
      f"min {times[0]*1000:.0f} ms, max {times[-1]*1000:.0f} ms")
PY
