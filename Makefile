# `make run` and `make test` are the two commands in the README; everything else here serves them.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
ARGS ?=

.PHONY: run test setup setup-test

run: setup
	$(BIN)/facilitator serve --demo $(ARGS)

test: setup-test
	$(BIN)/pytest $(ARGS)

setup: $(VENV)/.installed static/vendor/socket.io.min.js
setup-test: setup $(VENV)/.installed-test

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

static/vendor/socket.io.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@
