# Two commands matter: `make run` (embedded demo, no servers) and `make test` (full suite).
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run test install

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

install: $(PY)
	$(PY) -m pip install --quiet -e .

run: install
	bash scripts/run_embedded.sh

test:
	bash scripts/test.sh
