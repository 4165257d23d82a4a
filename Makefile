# Two commands do everything on a fresh machine: `make run` and `make test`.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STORE ?= data/events.gpkg
PORT ?= 8501
# This machine only by default. `make run ADDRESS=0.0.0.0` (or SAHELMAP_ADDRESS) serves the
# network: then Add report and Import need a login (SAHELMAP_USERS_FILE; README, "Serving a
# team") and are read-only without users.
ADDRESS ?= $(or $(SAHELMAP_ADDRESS),127.0.0.1)
# Largest upload, in MB, per file: the pages' limit and the server's cap.
MAX_UPLOAD_MB ?= $(or $(SAHELMAP_MAX_UPLOAD_MB),50)
# Keep pip's progress, drop its one line per already-installed package; fail if pip fails.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
PIP_INSTALL := $(BIN)/pip install --progress-bar on --disable-pip-version-check
PIP_FILTER := sed -u '/^Requirement already satisfied/d'

.PHONY: run test install install-test store bench lint format data clean

$(BIN)/python:
	$(PY) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	@echo "Installing Sahel Event Map and its dependencies into $(VENV) (first time: a few minutes)..."
	$(PIP_INSTALL) -e . | $(PIP_FILTER)
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	@echo "Installing Sahel Event Map with the test tools into $(VENV) (first time: a few minutes)..."
	$(PIP_INSTALL) -e ".[test]" | $(PIP_FILTER)
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

store: install
	$(BIN)/sahelmap build-store --store $(STORE)

run: install
	$(BIN)/sahelmap build-store --store $(STORE) --if-missing
	SAHELMAP_STORE=$(STORE) SAHELMAP_MAX_UPLOAD_MB=$(MAX_UPLOAD_MB) $(BIN)/streamlit run app.py \
	    --server.address $(ADDRESS) --server.port $(PORT) --server.maxUploadSize $(MAX_UPLOAD_MB) \
	    --server.headless true

test: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

bench: install-test
	$(BIN)/python -m bench

lint: install-test
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy

format: install-test
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) data .pytest_cache .ruff_cache .mypy_cache
