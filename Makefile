# vanban — set-up, demo and tests. Run as root on Debian: `make demo`, `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
APT_PACKAGES := libreoffice-writer-nogui fonts-liberation2 poppler-utils python3-uno python3-venv
SETUP_STAMP := $(VENV)/.setup-done
# LibreOffice's workers run under Debian's Python, the one with python3-uno (see pipeline/pdf/pool.py).
UNO_VENV := .venv-uno
UNO_STAMP := $(UNO_VENV)/.setup-done

.PHONY: setup demo test lint templates clean bench

setup: $(SETUP_STAMP) $(UNO_STAMP)

# Idempotent: apt installs only what is missing; the venv is made once and the package is
# (re)installed editable whenever pyproject.toml changes.
$(SETUP_STAMP): pyproject.toml
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Cài gói hệ thống:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	@touch $@

# Second venv on /usr/bin/python3 with the system site-packages (uno) and unoserver.
$(UNO_STAMP): $(SETUP_STAMP)
	@test -x $(UNO_VENV)/bin/python || /usr/bin/python3 -m venv --system-site-packages $(UNO_VENV)
	$(UNO_VENV)/bin/python -m pip install -q 'unoserver>=3.0'
	$(UNO_VENV)/bin/python -c 'import uno, unoserver.converter'
	@touch $@

bench: setup
	$(PY) bench/phase_close.py

demo: setup
	$(VENV)/bin/vanban plan data/haiphong-2024-antt --out output
	$(VENV)/bin/vanban build data/haiphong-2024-antt --phase 1 --out output

test: setup
	$(VENV)/bin/pytest -q

# The gates CI runs before the tests (.ci/run): ruff's rule set and mypy strict, both set in pyproject.toml.
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

templates: setup
	$(PY) -m pipeline.docx.frame

clean:
	rm -rf output .pytest_cache
