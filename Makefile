# The README's commands. Each installs what it needs first (scripts/setup.sh).
.PHONY: setup demo test test-fast test-thorough lint bench bench-stores bench-maps bench-formats visualizations

setup:
	@scripts/setup.sh

demo: setup
	.venv/bin/strategygraph demo

# The suite runs in PYTEST_WORKERS processes (pytest-xdist; 0 for one, auto for one a core).
# The tests that need the Bolt server, and those that drive Chromium, are one group each
# (tests/conftest.py): one worker runs each group, so one Bolt server and one Chromium start.
# Two workers on an idle 2-core machine: pytest 4 min 12 s against 7 min 4 s in one process
# (2,199 tests). On a machine other work keeps busy they gain little; pass 0 there.
PYTEST_WORKERS ?= 2
PYTEST_PARALLEL = -n $(PYTEST_WORKERS) --dist loadgroup

test:
	@scripts/setup.sh --test
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy
	.venv/bin/pytest $(PYTEST_PARALLEL)

# The quick loop: everything but the tests that start the Bolt server or drive Chromium.
test-fast:
	@scripts/setup.sh --test
	.venv/bin/pytest $(PYTEST_PARALLEL) -m "not neo4j and not e2e" -q

# The randomised tests at full strength (tests/thorough.py: the fuzz run sends 2,000
# operations instead of 500); the rest of the suite as make test runs it.
test-thorough:
	@scripts/setup.sh --test
	STRATEGYGRAPH_THOROUGH=1 .venv/bin/pytest $(PYTEST_PARALLEL)

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy

# Every benchmark, at full scale (120,000 nodes; several minutes each). They print figures,
# then one summary table in the shape of issue 17's (benchmarks/summary.py).
BENCH_ROWS = $(CURDIR)/.bench-rows.jsonl
bench:
	@rm -f "$(BENCH_ROWS)"
	@BENCH_SUMMARY="$(BENCH_ROWS)" $(MAKE) --no-print-directory bench-stores bench-maps bench-formats
	@echo; echo "summary: figure, the previous one (measured in this run where it can be), target"
	@.venv/bin/python -m benchmarks.summary "$(BENCH_ROWS)"

# The embedded store, the GraphQL API over HTTP (on the same store file) and Neo4j.
bench-stores:
	@scripts/setup.sh --test
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	.venv/bin/python -m benchmarks.bench_embedded --keep "$$tmp/national.db"; \
	.venv/bin/python -m benchmarks.bench_history --reuse "$$tmp/national.db"; \
	.venv/bin/python -m benchmarks.bench_http --reuse "$$tmp/national.db"; \
	.venv/bin/python -m benchmarks.bench_shared --reuse "$$tmp/national.db"; \
	.venv/bin/python -m benchmarks.bench_neo4j --nodes 120000 --heap 6g

bench-maps: setup
	.venv/bin/python -m benchmarks.bench_maps

bench-formats: setup
	.venv/bin/python -m benchmarks.bench_formats

# The demo's maps in visualizations/, drawn from a fresh demo store by `strategygraph render`:
# the layered, trace and coverage maps, and each region's strategy on a page (SVG, PNG, A3
# PDF) and board view (A4 PDF).
VIS_RENDER = .venv/bin/strategygraph --store "sqlite:///$$tmp/demo.db" render
visualizations: setup
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	.venv/bin/strategygraph --store "sqlite:///$$tmp/demo.db" demo --no-serve >/dev/null; \
	$(VIS_RENDER) --region kymenlaakso -o visualizations/kymenlaakso.svg; \
	$(VIS_RENDER) --region kymenlaakso -o visualizations/kymenlaakso.png; \
	$(VIS_RENDER) --focus kym-proj-digital-roadmap -o visualizations/trace-kym-proj-digital-roadmap.svg; \
	$(VIS_RENDER) --focus kym-proj-digital-roadmap -o visualizations/trace-kym-proj-digital-roadmap.png; \
	$(VIS_RENDER) --coverage -o visualizations/coverage.svg; \
	$(VIS_RENDER) --coverage -o visualizations/coverage.png; \
	$(VIS_RENDER) --risks kymenlaakso -o visualizations/risks-kymenlaakso.svg; \
	$(VIS_RENDER) --risks kymenlaakso -o visualizations/risks-kymenlaakso.png; \
	for region in kymenlaakso uusimaa; do \
	  $(VIS_RENDER) --region $$region --view page -o visualizations/$$region-page.svg; \
	  $(VIS_RENDER) --region $$region --view page -o visualizations/$$region-page.png; \
	  $(VIS_RENDER) --region $$region --view page --paper a3 -o visualizations/$$region-page-a3.pdf; \
	  $(VIS_RENDER) --region $$region --view board --paper a4 -o visualizations/$$region-board-a4.pdf; \
	done
