#!/usr/bin/env bash
# clients/test/with-daemon.sh — run a client's tests against a real hired on a temporary socket.
#
# Usage:  BIN=.build/debug bash clients/test/with-daemon.sh COMMAND [ARGS…]
#
# Starts `hired` in a fresh temp dir (a short path: sun_path is 108 bytes), then with `hire`:
# registers a recruiter and a candidate, logs the recruiter in (the CLI's session file, for the
# clients' "attach with the CLI's token"), imports examples/mtb-sample.csv, attaches the
# descriptions in examples/jobs/, processes the board, adds two resumes, publishes a posting
# and has the candidate apply to it. Then runs COMMAND with:
#   HIRED_SOCKET        the socket
#   HIRE_SESSION_FILE   the CLI's session file (the recruiter's token, saved by `hire login`)
#   HIRE_TEST_ROOT      the repository root
#   HIRE_TEST_RECRUITER / HIRE_TEST_CANDIDATE / HIRE_TEST_PASSWORD   the two accounts
#   HIRE_TEST_JOB       a job with a description (J-000131)
#   HIRE_TEST_POSTING   the posting the candidate applied to
#   HIRE_TEST_TMP       a scratch dir removed afterwards
# and stops the daemon (SIGTERM). Exit: COMMAND's status; 2 when the set-up failed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=${BIN:-$ROOT/.build/debug}
case $BIN in /*) ;; *) BIN=$ROOT/$BIN ;; esac
[ $# -ge 1 ] || { echo "with-daemon: usage: with-daemon.sh COMMAND [ARGS…]" >&2; exit 2; }
for exe in hired hire; do
    [ -x "$BIN/$exe" ] || { echo "with-daemon: $BIN/$exe not found; run 'make build' first" >&2; exit 2; }
done

T=$(mktemp -d /tmp/hire-cl.XXXXXX)
SOCK=$T/s
LOG=$T/hired.log
HIRED_PID=
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [ -n "$HIRED_PID" ] && kill -0 "$HIRED_PID" 2>/dev/null; then
        kill -TERM "$HIRED_PID" 2>/dev/null || true
        for _ in $(seq 100); do kill -0 "$HIRED_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$HIRED_PID" 2>/dev/null || true
        wait "$HIRED_PID" 2>/dev/null || true
    fi
    if [ "$rc" -ne 0 ] && [ -s "$LOG" ]; then
        echo "with-daemon: the end of hired's log:" >&2
        tail -n 40 "$LOG" | sed 's/^/    /' >&2
    fi
    rm -rf "$T"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

die() { echo "with-daemon: $*" >&2; exit 2; }
hire() { "$BIN/hire" --socket "$SOCK" "$@"; }

"$BIN/hired" --socket "$SOCK" --data-dir "$T/data" --kdf-memory-mib 8 >"$LOG" 2>&1 &
HIRED_PID=$!
for _ in $(seq 200); do
    kill -0 "$HIRED_PID" 2>/dev/null || die "hired exited during startup"
    hire daemon ping >/dev/null 2>&1 && break
    sleep 0.1
done
hire daemon ping >/dev/null 2>&1 || die "hired did not answer daemon.ping within 20 s"

PASSWORD='correct horse battery staple'
RECRUITER=dana
CANDIDATE=cara
mkdir -p "$T/tmp"

# The candidate's part first, with its own session file.
HIRE_SESSION_FILE=$T/candidate-session
export HIRE_SESSION_FILE
printf '%s\n' "$PASSWORD" | hire register "$CANDIDATE" cara@example.com --role candidate --password-stdin >/dev/null \
    || die "registering the candidate failed"
printf '%s\n' "$PASSWORD" | hire login "$CANDIDATE" --password-stdin >/dev/null || die "the candidate's login failed"
CANDIDATE_RESUME=$(hire --json resumes add "$ROOT/examples/resumes/sofia-marin.md" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["resumes"][0]["id"])') || die "the candidate's resume failed"

# The recruiter: the session file the clients attach with.
HIRE_SESSION_FILE=$T/session
export HIRE_SESSION_FILE
printf '%s\n' "$PASSWORD" | hire register "$RECRUITER" dana@example.com --role recruiter --password-stdin >/dev/null \
    || die "registering the recruiter failed"
printf '%s\n' "$PASSWORD" | hire login "$RECRUITER" --password-stdin >/dev/null || die "the recruiter's login failed"
hire --json mtb import "$ROOT/examples/mtb-sample.csv" >/dev/null || die "importing the sample board failed"
for jd in "$ROOT"/examples/jobs/*.md; do
    id=$(basename "${jd%.*}")
    hire --json jobs describe "$id" "$jd" >/dev/null || die "attaching $jd failed"
done
hire --json jobs process >/dev/null || die "processing the board failed"
hire --json resumes add "$ROOT/examples/resumes/daniel-okafor.txt" "$ROOT/examples/resumes/sofia-marin.md" >/dev/null \
    || die "adding resumes failed"
POSTING=$(hire --json postings publish J-000131 | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])') \
    || die "publishing a posting failed"

HIRE_SESSION_FILE=$T/candidate-session hire --json apply "$POSTING" --resume "$CANDIDATE_RESUME" >/dev/null \
    || die "the candidate's application failed"

export HIRED_SOCKET=$SOCK HIRE_TEST_ROOT=$ROOT HIRE_TEST_RECRUITER=$RECRUITER HIRE_TEST_CANDIDATE=$CANDIDATE
export HIRE_TEST_PASSWORD=$PASSWORD HIRE_TEST_JOB=J-000131 HIRE_TEST_POSTING=$POSTING HIRE_TEST_TMP=$T/tmp
set +e
"$@"
status=$?
set -e
kill -0 "$HIRED_PID" 2>/dev/null || { echo "with-daemon: hired died during the tests" >&2; [ "$status" -ne 0 ] || status=1; }
exit "$status"
