# Hisho: one target per habit. `make run` and `make test` set everything up first.
PY := .venv/bin/python
export HF_HUB_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: setup run test lint format bench screenshot package icons translations clean

setup:
	@bash scripts/setup.sh

run: setup
	$(PY) -m desktop

test: setup
	@bash scripts/test.sh

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy

format: setup
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

bench: setup
	$(PY) bench/decode.py
	$(PY) bench/ui_latency.py
	$(PY) bench/cold_start.py
	$(PY) bench/quick_prompt.py
	$(PY) bench/ingest.py
	$(PY) bench/sheets.py
	$(PY) bench/local_api.py
	$(PY) bench/retrieval.py
	$(PY) bench/answers.py
	$(PY) bench/summarize.py
	$(PY) bench/tools.py
	$(PY) bench/soak.py

screenshot: setup
	@bash scripts/screenshot.sh assets/screenshots/main-window.png

# The installable app for this platform (Linux: dist/hisho/ and a tarball with install.sh).
package: setup
	@bash packaging/build_linux.sh

# Re-render the icon set (PNG sizes, .ico, .icns) from assets/icons/hisho.svg.
icons: setup
	QT_QPA_PLATFORM=offscreen $(PY) packaging/make_icons.py

# Collect new and changed strings into assets/i18n/*.ts (then translate them there).
translations: setup
	$(PY) scripts/translations.py update
	$(PY) scripts/translations.py build

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache
