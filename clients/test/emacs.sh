#!/usr/bin/env bash
# clients/test/emacs.sh — the Emacs package's ERT tests in `emacs --batch` against a real hired.
# Byte-compiles clients/emacs/*.el first (warnings are errors), then runs the tests through
# with-daemon.sh. Needs emacs (Debian's emacs-nox: `make test-emacs` installs it when missing).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
command -v emacs >/dev/null 2>&1 || { echo "emacs.sh: emacs not found (apt-get install emacs-nox)" >&2; exit 2; }
echo "emacs.sh: $(emacs --version | head -n 1)"
cd "$ROOT"
OUT=$(mktemp -d /tmp/hire-elc.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
cp clients/emacs/hire.el clients/emacs/hire-catalogue.el "$OUT"/
emacs --batch -L "$OUT" --eval '(setq byte-compile-error-on-warn t)' -f batch-byte-compile "$OUT"/hire-catalogue.el "$OUT"/hire.el
bash "$HERE/with-daemon.sh" emacs --batch -L "$OUT" -l clients/emacs/test/hire-test.el -f ert-run-tests-batch-and-exit
