# The two commands a user needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8050
HOST   ?= 127.0.0.1

.PHONY: run test venv dev browser nginx data bench clean vendor-axe vendor-plotly

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

venv: $(VENV)/.installed
dev: $(VENV)/.dev-installed

## Serve the bundled data on http://$(HOST):$(PORT)
run: venv
	$(VENV)/bin/graph-explorer serve --host $(HOST) --port $(PORT)

## Debian's Chromium for browser tests and image export (root only; skipped otherwise)
browser:
	@bash scripts/ensure-chromium.sh

## Debian's nginx for the production front's test (root only; skipped otherwise)
nginx:
	@bash scripts/ensure-nginx.sh

## Run the whole test suite
test: dev browser nginx
	$(PY) -m pytest -q $(PYTEST_ARGS)

## Rebuild data/*.csv from data/sources and data/curated
data: venv
	$(PY) scripts/build_data.py

## Scale benchmark (S/M/L; writes benchmarks/results/benchmark.{json,md}), clicks in the app against plotly's own
## redraw at S and L (app.json, app-L.json) and loading of 10/100 MB Erasmus+ exports (import.{json,md})
bench: dev
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	$(PY) benchmarks/run.py
	$(PY) benchmarks/bench_app.py --rounds 9
	$(PY) benchmarks/bench_app.py --size L --rounds 5
	$(PY) benchmarks/bench_import.py

## Fetch the pinned axe-core again from npm (it is committed in tests/vendor/axe-core) and check its integrity
AXE_VERSION   := 4.14.1
AXE_INTEGRITY := sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==
vendor-axe:
	@bash scripts/vendor-axe.sh $(AXE_VERSION) '$(AXE_INTEGRITY)' tests/vendor/axe-core

## Build the partial plotly.js bundle the page loads (committed in assets/vendor) from npm: the version
## plotly.py bundles, only the trace types the app draws
PLOTLY_VERSION   := 4.1.1
PLOTLY_INTEGRITY := sha512-fYLAOj091/+M4h1rmtVIkRIpdkz5/P9IdNUeB9wKmCUyvewuUdlCYR5ryqDWP7Cb36Dn4EvSrs6YKvRJ9ukNdQ==
PLOTLY_TRACES    := scatter,scattergl,scattergeo,heatmap
vendor-plotly:
	@bash scripts/vendor-plotly.sh $(PLOTLY_VERSION) '$(PLOTLY_INTEGRITY)' $(PLOTLY_TRACES) assets/vendor

clean:
	rm -rf $(VENV) .pytest_cache
