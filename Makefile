# The two commands of the README: `make demo` and `make test`. Both create .venv themselves.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
ARGS   ?=
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# The folders installed under the one namespace `signalmatch.*` (pyproject's package-dir).
COMPONENTS := cli node matcher keyholder audit console deploy synthetic
NAMESPACE  := build/namespace
space      := $(subst ,, )
SHELL      := /bin/bash

# Where `make lint` looks for security findings (bandit, semgrep): the installed code.
SOURCES    := signalmatch $(COMPONENTS)
SAST       := $(VENV)/sast

.PHONY: demo test lint typecheck namespace stubs check-stubs bench screenshots sbom clean wheel image test-container

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.runtime: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@ $(VENV)/.runtime

# Debian's Chromium for the consoles' browser tests: Playwright drives it, it downloads no browser.
$(VENV)/.browser: | $(BIN)/python
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	touch $@

# systemd-analyze for the units in deploy/systemd (tests/unit/test_deploy_files.py).
$(VENV)/.systemd: | $(BIN)/python
	@command -v systemd-analyze >/dev/null || { $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq systemd >/dev/null; }
	touch $@

# Debian's podman (runc, vfs storage) and debootstrap for the container test.
$(VENV)/.podman: | $(BIN)/python
	@command -v podman >/dev/null && command -v runc >/dev/null && command -v debootstrap >/dev/null || \
	  { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq podman runc debootstrap >/dev/null; }
	touch $@

# Debian's faketime (libfaketime) for the clock-skew rows of the fault matrix (docs/reliability.md).
$(VENV)/.faketime: | $(BIN)/python
	@ls /usr/lib/*/faketime/libfaketimeMT.so.1 >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime >/dev/null; }
	touch $@

# semgrep in a virtualenv of its own (it pins older versions of what the project uses), from the
# `sast` list in pyproject.toml; it runs offline with the project's rules (semgrep/).
$(SAST)/.installed: pyproject.toml | $(BIN)/python
	$(PYTHON) -m venv $(SAST)
	$(SAST)/bin/python -m pip install -q $$($(BIN)/python -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["project"]["optional-dependencies"]["sast"])')
	touch $@

## demo: set up and run a local federation (matcher + 5 nodes, mTLS, SQLite) end to end
demo: $(VENV)/.runtime
	$(BIN)/signalmatch demo $(ARGS)

## test: set up and run lint, the proto checks and the whole test suite
test: $(VENV)/.dev $(VENV)/.browser $(VENV)/.systemd $(VENV)/.faketime lint check-stubs
	$(BIN)/python -m pytest

## wheel: dist/ with the signalmatch wheel and the wheels of all its dependencies (for the image)
wheel: $(VENV)/.dev
	rm -rf dist && $(BIN)/python -m pip wheel -q -w dist .

## image: the container image localhost/signalmatch:VERSION with podman (deploy/container/Containerfile)
image: wheel
	podman build --format docker -f deploy/container/Containerfile -t localhost/signalmatch:$$($(BIN)/python -c \
	  'import importlib.metadata as m; print(m.version("signalmatch"))') .

## test-container: build the image with Debian's podman from a debootstrapped base, run the demo in it (minutes)
test-container: $(VENV)/.dev $(VENV)/.podman
	$(BIN)/python -m pytest -m container tests/container

lint: $(VENV)/.dev $(SAST)/.installed namespace typecheck
	$(BIN)/ruff check .
	$(BIN)/hadolint deploy/container/Containerfile
	$(BIN)/buf lint
	cd $(NAMESPACE) && PYTHONPATH=. $(CURDIR)/$(BIN)/lint-imports $(CURDIR)/pyproject.toml
	$(BIN)/bandit -q -c pyproject.toml -r $(SOURCES)
	$(SAST)/bin/semgrep scan --config semgrep/ --metrics=off --disable-version-check --error --quiet .

## typecheck: mypy over the installed layout, reported with the repository's paths
typecheck: $(VENV)/.dev namespace
	@cd $(NAMESPACE) && $(CURDIR)/$(BIN)/mypy --config-file $(CURDIR)/pyproject.toml -p signalmatch \
	  | sed -E 's#^signalmatch/($(subst $(space),|,$(COMPONENTS)))/#\1/#'; exit $${PIPESTATUS[0]}

## namespace: the installed layout as symlinks (signalmatch/node -> node/, ...) for static tools
namespace:
	@rm -rf $(NAMESPACE) && mkdir -p $(NAMESPACE)/signalmatch
	@ln -s $(CURDIR)/signalmatch/* $(NAMESPACE)/signalmatch/
	@for c in $(COMPONENTS); do ln -s $(CURDIR)/$$c $(NAMESPACE)/signalmatch/$$c; done

## stubs: regenerate the Python gRPC stubs from proto/ (they are committed)
stubs: $(VENV)/.dev
	$(BIN)/python -m grpc_tools.protoc -Iproto --python_out=. --pyi_out=. --grpc_python_out=. proto/signalmatch/v1/*.proto

## check-stubs: fail when the committed stubs differ from what proto/ generates
check-stubs: $(VENV)/.dev
	@tmp=$$(mktemp -d) && \
	$(BIN)/python -m grpc_tools.protoc -Iproto --python_out=$$tmp --pyi_out=$$tmp --grpc_python_out=$$tmp proto/signalmatch/v1/*.proto && \
	diff -r -x __init__.py -x __pycache__ $$tmp/signalmatch/v1 signalmatch/v1 && rm -rf $$tmp && echo "stubs match proto/"

## bench: run the benchmarks (minutes; numbers go to the README by hand)
bench: $(VENV)/.dev
	$(BIN)/python -m bench.run

## screenshots: run the browser tests and keep their screenshots in docs/screenshots/
screenshots: $(VENV)/.dev $(VENV)/.browser
	SIGNALMATCH_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest -m browser -q

## sbom: a CycloneDX SBOM (JSON) of the runtime dependencies, from a virtualenv with only those
sbom: $(VENV)/.dev
	rm -rf build/sbom-venv && $(PYTHON) -m venv build/sbom-venv
	build/sbom-venv/bin/python -m pip install -q .
	$(BIN)/cyclonedx-py environment build/sbom-venv/bin/python --of JSON --output-reproducible -o sbom.cdx.json
	@echo "sbom.cdx.json: $$($(BIN)/python -c 'import json; print(len(json.load(open("sbom.cdx.json"))["components"]))') components"

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build sbom.cdx.json
