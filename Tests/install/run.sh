#!/usr/bin/env bash
# `make install`, checked (issue 13 item 0): every piece lands where PREFIX and DESTDIR say,
# the units start the installed binary, `make uninstall` removes it all, and the installed
# units pass `systemd-analyze verify` (with their man pages found) where systemd is installed.
# BUILT: the build to install (make test-install passes .build/debug).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILT=${BUILT:-$root/.build/debug}
work=$(mktemp -d /tmp/hinst.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "Tests/install: $*" >&2; exit 1; }
install_into() { make -C "$root" --no-print-directory -s install-files BUILT="$BUILT" "$@" >/dev/null; }

# 1. Staged for a package: DESTDIR + PREFIX=/usr.
stage=$work/stage
install_into DESTDIR="$stage" PREFIX=/usr
expected="usr/bin/hire usr/bin/hire-web usr/bin/hired
usr/lib/systemd/system/hired.service usr/lib/systemd/system/hired.socket
usr/lib/systemd/user/hired.service usr/lib/systemd/user/hired.socket
usr/share/bash-completion/completions/hire usr/share/fish/vendor_completions.d/hire.fish
usr/share/man/man1/hire.1 usr/share/man/man1/hire-web.1 usr/share/man/man7/hired-rpc.7 usr/share/man/man8/hired.8
usr/share/zsh/vendor-completions/_hire"
found=$(cd "$stage" && find . -type f | sed 's|^\./||' | sort | tr '\n' ' ')
[ "$found" = "$(echo $expected | tr ' ' '\n' | sort | tr '\n' ' ')" ] || fail "staged files: $found"
for f in usr/bin/hire usr/bin/hire-web usr/bin/hired; do [ "$(stat -c %a "$stage/$f")" = 755 ] || fail "$f is not 0755"; done
for f in usr/lib/systemd/system/hired.service usr/share/man/man1/hire.1 usr/share/man/man1/hire-web.1; do
    [ "$(stat -c %a "$stage/$f")" = 644 ] || fail "$f is not 0644"
done
grep -qx 'ExecStart=/usr/bin/hired --system' "$stage/usr/lib/systemd/system/hired.service" || fail "system unit ExecStart"
grep -qx 'ExecStart=/usr/bin/hired' "$stage/usr/lib/systemd/user/hired.service" || fail "user unit ExecStart"
! grep -rq "$work" "$stage/usr/lib" || fail "a unit names the staging directory"
cmp -s "$BUILT/hire" "$stage/usr/bin/hire" || fail "hire is not the built one"
"$stage/usr/bin/hire" --version >/dev/null || fail "the installed hire does not run"
cmp -s "$BUILT/hire-web" "$stage/usr/bin/hire-web" || fail "hire-web is not the built one"
url=$("$stage/usr/bin/hire-web" --print-url --port 8123) || fail "the installed hire-web does not run"
[ "$url" = "http://127.0.0.1:8123/" ] || fail "hire-web --print-url: $url"
# hire-web(1) documents every option hire-web takes.
for option in $("$stage/usr/bin/hire-web" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
    grep -qF -- "$(sed 's/-/\\-/g' <<<"$option")" "$stage/usr/share/man/man1/hire-web.1" || fail "hire-web(1) does not document $option"
done
make -C "$root" --no-print-directory -s uninstall DESTDIR="$stage" PREFIX=/usr >/dev/null
left=$(find "$stage" -type f)
[ -z "$left" ] || fail "uninstall left: $left"

# 2. Installed for real under a PREFIX, then verified as systemd would load the units.
prefix=$work/p
install_into PREFIX="$prefix"
grep -qx "ExecStart=$prefix/bin/hired --system" "$prefix/lib/systemd/system/hired.service" || fail "PREFIX ExecStart"
if ! command -v systemd-analyze >/dev/null 2>&1; then
    echo "Tests/install: files ok; systemd-analyze not installed, units not verified"
    exit 0
fi
# Documentation=man:… is checked with man(1) when it is there: against the pages just installed.
man_check=(--man=no)
if command -v man >/dev/null 2>&1; then man_check=(); export MANPATH="$prefix/share/man"; fi
out=$(systemd-analyze verify "${man_check[@]}" "$prefix/lib/systemd/system/hired.socket" \
    "$prefix/lib/systemd/system/hired.service" 2>&1) || fail "systemd-analyze verify (system units):
$out"
[ -z "$out" ] || fail "systemd-analyze verify warns (system units):
$out"
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$work/run}
mkdir -p "$XDG_RUNTIME_DIR"
out=$(systemd-analyze --user verify "${man_check[@]}" "$prefix/lib/systemd/user/hired.socket" \
    "$prefix/lib/systemd/user/hired.service" 2>&1) || fail "systemd-analyze verify (user units):
$out"
[ -z "$out" ] || fail "systemd-analyze verify warns (user units):
$out"
echo "Tests/install: files, modes, ExecStart, uninstall and systemd-analyze verify ok"
