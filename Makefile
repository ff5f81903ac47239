# Two commands matter: `make run` (embedded demo, no servers) and `make test` (full suite).
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run test install

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

install: $(PY)
	@echo "==> installing the project (with local speech-to-text)"
	$(PY) -m pip install --quiet -e ".[local-asr]"
	@echo "==> local Whisper model (first time: downloads about 150 MB)"
	VENV=$(VENV) bash scripts/setup_local_asr.sh

run: install
	bash scripts/run_embedded.sh

test:
	bash scripts/test.sh
