# The two commands a new machine needs: `make serve` and `make test`.
# Both create .venv when it is missing and install the project into it.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: serve test test-engines engine-deps build lint typecheck pytest browser-deps proxy-deps node-deps editor clean

# The query page's editor: CodeMirror 6 from the npm registry (versions pinned by the lock
# file), bundled by esbuild into a git-ignored folder that the server serves as /static/editor/.
EDITOR_DIR := server/editor
EDITOR_JS  := server/ikkan/static/editor/query-editor.js

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

build: $(STAMP)
	$(BIN)/ikkan build

serve: build editor
	$(BIN)/ikkan serve --choose-memory

# Node.js and npm install and bundle the editor; Debian's packages when the machine lacks them.
node-deps:
	@command -v npm >/dev/null 2>&1 || { \
	  echo "installing Debian's nodejs and npm to bundle the query editor"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q nodejs npm; }

$(EDITOR_JS): $(EDITOR_DIR)/package.json $(EDITOR_DIR)/package-lock.json $(wildcard $(EDITOR_DIR)/src/*.js) | node-deps
	cd $(EDITOR_DIR) && npm ci --no-audit --no-fund --loglevel=error
	cd $(EDITOR_DIR) && npm run --silent build

editor: $(EDITOR_JS)

# Debian's Chromium drives the browser tests; install it when the machine lacks it.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q chromium fonts-noto-cjk; }

# Debian's nginx runs the example reverse-proxy configuration (deploy/nginx.conf) in the tests.
proxy-deps:
	@command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || { \
	  echo "installing Debian's nginx for the reverse-proxy test"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q nginx; }

lint: $(STAMP)
	$(BIN)/ruff check server tests bench
	$(BIN)/ruff format --check server tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP) browser-deps proxy-deps editor
	$(BIN)/python -m pytest

test: lint typecheck pytest

# Debian's Virtuoso binaries (the server and isql of virtuoso-opensource, without its system
# service), for test-engines; installed only when this target is asked for.
engine-deps:
	@command -v virtuoso-t >/dev/null 2>&1 || { \
	  echo "installing Debian's virtuoso-opensource-7-bin for the engine tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q virtuoso-opensource-7-bin; }

# The endpoint and site suites through `ikkan serve --store-url` on Virtuoso Open Source 7,
# plus what only Virtuoso does (tests/engines); each Virtuoso runs on loopback with its own ini.
test-engines: $(STAMP) engine-deps
	IKKAN_TEST_ENGINES=virtuoso $(BIN)/python -m pytest -k virtuoso \
	  tests/engines tests/sparql tests/site

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache test-output
	rm -rf $(EDITOR_DIR)/node_modules server/ikkan/static/editor
