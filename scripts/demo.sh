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

for exe in hired hire hire-web; do
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
say "hire help | head -12        # every method is a command; 'hire help NOUN' for one noun"
hire help | head -12
echo "  …"

step "hire call rpc.discover"
say "hire call rpc.discover | python3 -c '…print each method…'"
list_methods=$(cat <<'PY'
import json, sys
doc = json.load(sys.stdin)
info = doc["info"]
print("%s %s: OpenRPC %s, %d methods" % (info["title"], info["version"], doc["openrpc"], len(doc["methods"])))
nouns = {}
for m in doc["methods"]:
    nouns.setdefault(m["name"].split(".")[0], []).append(m["name"].split(".", 1)[1])
for noun, verbs in nouns.items():
    print("  %-13s %s" % (noun, " ".join(verbs)))
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
    if m["rank"] > 1:
        continue
    print("         matched: %s" % (", ".join(e["matchedSkills"][:8]) or "-"))
    print("         missing: %s" % (", ".join(e["missingSkills"][:8]) or "-"))
    for c in e["checks"]:
        mark = {True: "ok ", False: "NO ", None: " ? "}[c.get("passed")]
        print("         [%s] %-9s %s" % (mark, c["name"], c["detail"]))
PY
)
say "hire match --top 3                          # best jobs for every resume, with the reasons (shown for the best)"
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

step "the hiring flow: the recruiter publishes, candidates apply"
export HIRE_SESSION_FILE=$T/session
printf 'correct horse battery staple\n' | hire login dana --password-stdin >/dev/null
say "hire postings publish J-000182               # a board job becomes an ad every user can read"
ds=$(hire --json postings publish J-000182 | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
say "hire postings publish J-000311"
de=$(hire --json postings publish J-000311 | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
hire logout >/dev/null
echo "the recruiter logged out: applications will wait for her, sealed to her public key"
# candidate NAME FILE: a candidate account with one resume (logged in on HIRE_SESSION_FILE); prints the resume id.
candidate() {
    printf 'a candidate passphrase\n' | hire register "$1" "$1@example.org" --role candidate --password-stdin >/dev/null
    printf 'a candidate passphrase\n' | hire login "$1" --password-stdin >/dev/null
    hire --json resumes add "$2" | python3 -c 'import json,sys; print(json.load(sys.stdin)["resumes"][0]["id"])'
}
say "hire register sofia … --role candidate; hire login sofia; hire resumes add examples/resumes/sofia-marin.md"
export HIRE_SESSION_FILE=$T/session-sofia
sofia_cv=$(candidate sofia "$ROOT/examples/resumes/sofia-marin.md")
say "hire postings list"
hire --json postings list | python3 -c '
import json, sys
for p in json.load(sys.stdin)["postings"]:
    print("  %s %-26s %-24s %-8s %s" % (p["id"], p["title"][:26], p["company"][:24], p["remote"] or "", p["location"]))'
say "hire postings match $sofia_cv --top 2           # her best matches among the open postings"
hire --json postings match "$sofia_cv" --top 2 | python3 -c '
import json, sys
for m in json.load(sys.stdin)["matches"]:
    e = m["explanation"]
    print("  #%d %s %-28s score %5.1f  matched: %s" % (m["rank"], m["postingId"], (m.get("title") or "")[:28], m["score"], ", ".join(e["matchedSkills"][:5])))'
say "hire apply $ds --resume $sofia_cv"
sofia_app=$(hire --json apply "$ds" --resume "$sofia_cv" | python3 -c 'import json,sys; a=json.load(sys.stdin); print(a["id"])')
echo "  applied: $sofia_app (status submitted)"
say "hire register marcus …; hire apply $ds …; hire apply $de …"
export HIRE_SESSION_FILE=$T/session-marcus
marcus_cv=$(candidate marcus "$ROOT/examples/resumes/marcus-chen.pdf")
hire apply "$ds" --resume "$marcus_cv" >/dev/null
hire apply "$de" --resume "$marcus_cv" >/dev/null
echo "  marcus applied to both postings"

step "the recruiter's pipeline: ranked applications, an interview"
export HIRE_SESSION_FILE=$T/session
printf 'correct horse battery staple\n' | hire login dana --password-stdin >/dev/null
say "hire login dana; hire applications list $ds     # delivered at login, scored against the posting"
pipeline=$(cat <<'PY'
import json, sys
r = json.load(sys.stdin)
for a in r["applications"]:
    e = a.get("explanation") or {}
    print("  %s %-8s %-12s score %5.1f  matched: %s" % (a["id"], a["candidate"]["displayName"], a["status"], a.get("score") or 0, ", ".join((e.get("matchedSkills") or [])[:5])))
print("  pipeline: %s" % ", ".join("%s %d" % kv for kv in sorted(r["pipeline"].items())))
PY
)
hire --json applications list "$ds" | python3 -c "$pipeline"
say "hire applications status $sofia_app --status interviewing --note \"strong ML background\""
hire --json applications status "$sofia_app" --status interviewing --note "strong ML background" | python3 -c 'import json,sys; print("  moved: %d" % json.load(sys.stdin)["updated"])' 
say "hire interviews create $sofia_app --count 4 --topics statistics --topics \"time series forecasting\""
interview=$(hire --json interviews create "$sofia_app" --count 4 --topics statistics --topics "time series forecasting" | python3 -c '
import json, sys
i = json.load(sys.stdin)
for q in i["questions"]:
    print("  [%s] %-11s %s" % (q["id"], q["kind"], q["text"]), file=sys.stderr)
    print("        rubric: %s" % "; ".join(p["point"] for p in q["rubric"]), file=sys.stderr)
print(i["id"])')

step "the candidate takes the interview"
export HIRE_SESSION_FILE=$T/session-sofia
say "hire events list                                # she was told"
hire --json events list | python3 -c '
import json, sys
for e in json.load(sys.stdin)["events"]:
    print("  %s %-20s %s" % (e["at"], e["topic"], " ".join("%s=%s" % kv for kv in sorted(e["data"].items()))))' 
say "hire interviews answer $interview --from examples/interviews/sofia-answers.md"
hire --json interviews answer "$interview" --from "$ROOT/examples/interviews/sofia-answers.md" | python3 -c '
import json, sys
for q in json.load(sys.stdin)["answered"]:
    print("  %-5s saved" % q["id"])
    if q.get("followUp"):
        print("        follow-up %s: %s" % (q["followUp"]["id"], q["followUp"]["text"]))' 
say "hire interviews submit $interview --yes"
hire --json interviews submit "$interview" --yes | python3 -c '
import json, sys
i = json.load(sys.stdin)
print("  %s: %s" % (i["status"], i["assessment"]["summary"]))'

step "the recruiter reviews; the candidate sees the new status"
export HIRE_SESSION_FILE=$T/session
say "hire interviews get $interview                   # answers, scores, what each covered and missed"
hire --json interviews get "$interview" | python3 -c '
import json, sys
i = json.load(sys.stdin)
print("  %s" % i["assessment"]["summary"])
for q in i["questions"]:
    if q["kind"] == "followUp":
        continue
    print("  [%s] %s/5  covered: %s" % (q["id"], q.get("score", 0), "; ".join(q.get("covered") or []) or "-"))
    print("          missed: %s" % ("; ".join(q.get("missed") or []) or "-"))'
say "hire interviews review $interview --decision advance --rating 4 --notes \"clear answers\""
hire --json interviews review "$interview" --decision advance --rating 4 --notes "clear answers" \
    | python3 -c 'import json,sys; i=json.load(sys.stdin); print("  %s: %s, rating %s" % (i["status"], i["review"]["decision"], i["review"]["rating"]))'
say "hire applications list $ds                     # the pipeline: counts per status"
hire --json applications list "$ds" | python3 -c "$pipeline"
export HIRE_SESSION_FILE=$T/session-sofia
say "hire applications mine                          # as sofia: the new status, never the notes"
hire --json applications mine | python3 -c '
import json, sys
for a in json.load(sys.stdin)["applications"]:
    print("  %s %s — %s: %s" % (a["id"], a["posting"]["title"], a["posting"]["company"], a["status"]))
    for h in a["history"]:
        print("      %s %s → %s" % (h["at"], h.get("from") or "", h["to"]))'
if grep -r -a -l -e "sofia@example.org" -e "clear answers" -e "strong ML background" "$T/data" >/dev/null 2>&1; then
    die "plaintext of the hiring flow found in the data dir"
fi
echo "applications, interviews, answers and notes are sealed or encrypted on disk"

step "the same desk in a browser: hire-web (a client of this socket; it never opens the database)"
say "hire-web --socket $SOCK          # serves until Ctrl-C; --port to choose the port"
"$BIN/hire-web" --socket "$SOCK" --print-url || die "hire-web refused its configuration"
say "hire login dana; hire stats --chart   # the dashboard's charts in the terminal"
export HIRE_SESSION_FILE=$T/session
hire stats --chart | head -n 14

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
