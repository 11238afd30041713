#!/usr/bin/env bash
# scripts/demo.sh — start hired on a temporary socket, walk through a first session, stop it.
#
# Usage (from anywhere):  bash scripts/demo.sh        (`make demo` builds first, then runs this)
# Environment:
#   BIN   directory holding the hired and hire binaries (default: .build/debug of this checkout)
# Exit: 0 every step worked, 1 a step failed, 2 setup error (binaries or python3 missing).
#
# Each part of the demo is a `step "title"` followed by the commands it shows; add new steps
# between "start hired" and "stop hired".
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${BIN:-$ROOT/.build/debug}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac

for exe in hired hire; do
    if [ ! -x "$BIN/$exe" ]; then
        echo "demo: $BIN/$exe not found; run 'make build' first (or set BIN=DIR)" >&2
        exit 2
    fi
done
command -v python3 >/dev/null 2>&1 || { echo "demo: python3 is needed to format JSON ('make deps')" >&2; exit 2; }

# A short path: a Unix socket path must fit in 108 bytes.
T=$(mktemp -d /tmp/hired-demo.XXXXXX)
SOCK=$T/rpc.sock
LOG=$T/hired.log
HIRED_PID=

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [ -n "$HIRED_PID" ] && kill -0 "$HIRED_PID" 2>/dev/null; then
        kill -TERM "$HIRED_PID" 2>/dev/null || true
        local i
        for i in $(seq 100); do kill -0 "$HIRED_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$HIRED_PID" 2>/dev/null || true
        wait "$HIRED_PID" 2>/dev/null || true
    fi
    if [ "$rc" -ne 0 ] && [ -s "$LOG" ]; then
        echo "demo: hired's log:" >&2
        sed 's/^/    /' "$LOG" >&2
    fi
    rm -rf "$T"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ -t 1 ]; then BOLD=$'\033[1m' DIM=$'\033[2m' RESET=$'\033[0m'; else BOLD='' DIM='' RESET=''; fi

# step TITLE: starts a section of the demo.
step() { printf '\n%s== %s ==%s\n' "$BOLD" "$*" "$RESET"; }
# say TEXT: the command line being shown, as a user would type it.
say() { printf '%s$ %s%s\n' "$DIM" "$*" "$RESET"; }
# hire ARGS…: the client, talking to this demo's daemon.
hire() { "$BIN/hire" --socket "$SOCK" "$@"; }
die() { echo "demo: $*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------

step "start hired"
say "hired --socket $SOCK --data-dir $T/data &"
"$BIN/hired" --socket "$SOCK" --data-dir "$T/data" >"$LOG" 2>&1 &
HIRED_PID=$!
ready=0
for _ in $(seq 100); do
    kill -0 "$HIRED_PID" 2>/dev/null || die "hired exited during startup"
    if hire daemon ping >/dev/null 2>&1; then ready=1; break; fi
    sleep 0.1
done
[ "$ready" = 1 ] || die "hired did not answer daemon.ping within 10 s"
echo "hired is up (pid $HIRED_PID); it answered daemon.ping"

step "hire daemon status"
say "hire --json daemon status | python3 -m json.tool"
hire --json daemon status | python3 -m json.tool
say "hire daemon status"
hire daemon status

step "hire help"
say "hire help"
hire help

step "hire call rpc.discover"
say "hire call rpc.discover | python3 -c '…print each method…'"
list_methods=$(cat <<'PY'
import json, sys
doc = json.load(sys.stdin)
info = doc["info"]
print("%s %s: OpenRPC %s, %d methods" % (info["title"], info["version"], doc["openrpc"], len(doc["methods"])))
for m in doc["methods"]:
    print("  %-20s %-9s %s" % (m["name"], m["x-access"], m["summary"]))
PY
)
hire --json call rpc.discover | python3 -c "$list_methods"

step "the wire: JSON-RPC 2.0, one JSON value per line or Content-Length framing"
say "python3 (connect to the socket, send a line, then an LSP-style message)"
python3 - "$SOCK" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
f = s.makefile("rb")
line = b'{"jsonrpc":"2.0","id":1,"method":"daemon.ping"}'
print(">>", line.decode())
s.sendall(line + b"\n")
print("<<", f.readline().decode().rstrip())
s.close()

s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
f = s.makefile("rb")
body = b'[{"jsonrpc":"2.0","id":"a","method":"daemon.ping"},{"jsonrpc":"2.0","id":"b","method":"no.such"}]'
print(">> Content-Length: %d + %s" % (len(body), body.decode()))
s.sendall(b"Content-Length: %d\r\n\r\n" % len(body) + body)
length = 0
while True:
    header = f.readline().rstrip(b"\r\n")
    if not header:
        break
    name, _, value = header.partition(b":")
    if name.strip().lower() == b"content-length":
        length = int(value)
print("<< Content-Length: %d + %s" % (length, f.read(length).decode()))
s.close()
PY

step "an account: register, log in, and nothing readable on disk"
export HIRE_SESSION_FILE=$T/session
say "hire register dana dana@example.com --role recruiter --password-stdin"
printf 'correct horse battery staple\n' | hire register dana dana@example.com --role recruiter --password-stdin \
    | sed 's/^recovery key: .*/recovery key: (shown once; hidden in this demo)/'
say "hire login dana --password-stdin"
printf 'correct horse battery staple\n' | hire login dana --password-stdin
say "hire whoami"
hire whoami
say "hire sessions"
hire sessions
say "grep -r -a -c dana $T/data   # the data dir holds no plaintext"
if grep -r -a -l -e dana -e correct "$T/data" >/dev/null 2>&1; then die "plaintext found in the data dir"; fi
echo "no file under $T/data contains 'dana' or the password: pages, logs and blobs are encrypted"
ls -l "$T/data" "$T/data/vault" | sed 's/^/    /'
step "the Master Tracking Board: import, exact filter, drop-down, history"
say "hire mtb import examples/mtb-sample.csv      # 2,000 jobs generated by shared/bench/gen_mtb.py"
hire --json mtb import "$ROOT/examples/mtb-sample.csv" \
    | python3 -c 'import json,sys; r=json.load(sys.stdin); print("imported %(rows)d rows: %(inserted)d new, %(updated)d updated, %(skipped)d skipped (run %(runId)s)" % r)'
say "hire mtb values state --limit 5               # the drop-down: most frequent first"
hire --json mtb values state --limit 5 | python3 -c 'import json,sys; [print("  %-4s %d" % (v["value"], v["count"])) for v in json.load(sys.stdin)["values"]]'
say "hire mtb filter --state TX --cat A --visa Yes  # exact match on any columns, saved as a run"
hire --json mtb filter --state TX --cat A --visa Yes \
    | python3 -c 'import json,sys; r=json.load(sys.stdin); print("  %d jobs: %s ..." % (r["total"], ", ".join(r["jobIds"][:8])))'
say "hire jobs search \"data engineer\" --limit 3"
hire --json jobs search "data engineer" --limit 3 | python3 -c 'import json,sys; [print("  %-9s %-40s %s, %s" % (h["jobId"], h["position"], h["city"], h["state"])) for h in json.load(sys.stdin)["hits"]]'
say "hire history list"
hire --json history list | python3 -c 'import json,sys; [print("  %-10s %-10s %s  %s" % (r["kind"], r["status"], r["createdAt"], json.dumps(r["summary"]))) for r in json.load(sys.stdin)["runs"]]'
say "hire stats"
hire stats
if grep -r -a -l -e "$(sed -n 2p "$ROOT/examples/mtb-sample.csv" | cut -d, -f2)" "$T/data" >/dev/null 2>&1; then
    die "plaintext board data found in the data dir"
fi
echo "the imported board, its archived CSV and the run history are encrypted on disk"

step "the main job: job descriptions, resumes, processing, ranked matches with reasons"
say "hire jobs describe JOBID FILE               # for each description in examples/jobs/"
for jd in "$ROOT"/examples/jobs/*; do
    case $jd in *.md|*.txt|*.docx|*.pdf) ;; *) continue ;; esac
    id=$(basename "${jd%.*}")
    hire --json jobs describe "$id" "$jd" \
        | python3 -c 'import json,sys; j=json.load(sys.stdin); p=j.get("profile") or {}; s=p.get("skills") or {}; print("  %-9s %-34s required: %s" % (j["jobId"], j["position"][:34], ", ".join((s.get("required") or [])[:6])))'
done
say "hire resumes add examples/resumes/*          # DOCX, PDF and text, several at once"
hire --json resumes add "$ROOT"/examples/resumes/*.docx "$ROOT"/examples/resumes/*.pdf "$ROOT"/examples/resumes/*.txt "$ROOT"/examples/resumes/*.md \
    | python3 -c '
import json, sys
r = json.load(sys.stdin)
for x in r["resumes"]:
    print("  %-12s %-18s %-5s %4s yrs  %s" % (x["id"], (x.get("name") or "?")[:18], x.get("format") or "", x.get("yearsExperience") if x.get("yearsExperience") is not None else "?", ", ".join(x["skills"][:6])))
for e in r["errors"]:
    print("  error: %s" % e["message"])'
say "hire jobs process                           # profiles for every job without one (a run, with progress)"
hire --json jobs process | python3 -c 'import json,sys; r=json.load(sys.stdin); print("  processed %(processed)d jobs, %(failed)d failed (run %(runId)s)" % r)'
explain=$(cat <<'PY'
import json, sys
r = json.load(sys.stdin)
last = None
for m in r["matches"]:
    job = "%s %s — %s" % (m["jobId"], m.get("position") or "?", m.get("company") or "?")
    person = "%s %s" % (m["resumeId"], m.get("candidate") or "?")
    key = person if per == "resume" else job
    if key != last:
        print("  %s %s" % ("resume" if per == "resume" else "job", key))
        last = key
    e = m["explanation"]
    other = job if per == "resume" else person
    print("    #%d  %s  score %5.1f  text %.2f  skills %.2f" % (m["rank"], other, m["score"], e["textSimilarity"], e["skillCoverage"]))
    print("         matched: %s" % (", ".join(e["matchedSkills"][:8]) or "-"))
    print("         missing: %s" % (", ".join(e["missingSkills"][:8]) or "-"))
    for c in e["checks"]:
        mark = {True: "ok ", False: "NO ", None: " ? "}[c.get("passed")]
        print("         [%s] %-9s %s" % (mark, c["name"], c["detail"]))
PY
)
say "hire match --top 3                          # best jobs for every resume, with the reasons"
hire --json match --top 3 | python3 -c "per='resume'
$explain"
first_job=$(ls "$ROOT"/examples/jobs | head -1)
first_job=${first_job%.*}
say "hire match --job $first_job --top 3              # best resumes for one job"
hire --json match --job "$first_job" --top 3 | python3 -c "per='job'
$explain"
say "hire match export RUN                        # the last run as CSV"
run=$(hire --json history list --kind match.run --limit 1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["runs"][0]["id"])')
hire match export "$run" --path "$T/matches.csv" >/dev/null
head -3 "$T/matches.csv" | cut -c1-160 | sed 's/^/    /'
if grep -r -a -l -e "example.com" "$T/data" >/dev/null 2>&1; then die "plaintext resume data found in the data dir"; fi
echo "resumes, their originals, descriptions and match runs are encrypted on disk"

say "hire logout"
hire logout

step "stop hired (SIGTERM)"
say "kill -TERM $HIRED_PID"
kill -TERM "$HIRED_PID"
stopped=0
for _ in $(seq 150); do
    if ! kill -0 "$HIRED_PID" 2>/dev/null; then stopped=1; break; fi
    sleep 0.1
done
[ "$stopped" = 1 ] || die "hired still running 15 s after SIGTERM"
status=0
wait "$HIRED_PID" || status=$?
HIRED_PID=
[ "$status" = 0 ] || die "hired exited with status $status after SIGTERM"
[ ! -e "$SOCK" ] || die "hired left its socket behind: $SOCK"
echo "hired exited with status 0 and removed $SOCK"
echo "its log:"
sed 's/^/    /' "$LOG"

echo
echo "demo: done"
