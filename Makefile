# Two commands matter: `make run` (embedded demo, no servers) and `make test` (full suite).
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run test install console

# The web console: npm ci when the lockfile changed, a production build when its sources changed.
CONSOLE_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) web/angular.json web/tsconfig.json web/tsconfig.app.json web/.postcssrc.json
export NG_CLI_ANALYTICS := false
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund

web/dist/siete-console/browser/index.html: web/node_modules/.package-lock.json $(CONSOLE_SOURCES)
	@echo "==> building the web console"
	cd web && npm run build

console: web/dist/siete-console/browser/index.html

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

install: $(PY)
	@echo "==> installing the project (with local speech-to-text)"
	$(PY) -m pip install --quiet -e ".[local-asr]"
	@echo "==> local Whisper model (first time: downloads about 150 MB)"
	VENV=$(VENV) bash scripts/setup_local_asr.sh

run: install console
	bash scripts/run_embedded.sh

test:
	bash scripts/test.sh
