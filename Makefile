# Vårdportalen. The two commands that matter:
#
#   make demo            the whole portal with demo data and simulated SITHS cards on http://127.0.0.1:8000
#   make test            the test suite; pytest arguments with ARGS="-k login -x"
#   make test-moved-clock   the suite with every clock moved (libfaketime), at AT="2028-02-29 12:00" (UTC)
#                        or, without AT, at the four moments in devtools/movedclock.py one after another
#   make test-authz-full    the whole authorization walk (every URL pattern × actor × object; docs/behorighet.md)
#   make test-a11y-full     the whole accessibility walk (every page × every role that may see it, in Chromium)
#   make screenshots        the main pages with the demo data at 1366×768 into docs/skarmbilder/ (README there)
#
# Both create .venv if it is missing, install the project into it, and check the Debian/Ubuntu packages
# they need (installing them with apt-get when run as root). DATABASE_URL / REDIS_URL are used when set;
# otherwise a private PostgreSQL and Redis run under var/ (see devtools/embedded.py).

PYTHON ?= python3
VENV   ?= .venv
VPY    := $(VENV)/bin/python
ARGS   ?=

.DEFAULT_GOAL := help
.PHONY: help demo screenshots test test-fuzz test-moved-clock test-authz-full test-a11y-full venv install install-test system-demo system-test clean-embedded

help:
	@echo "make demo    run Vårdportalen with demo data on http://127.0.0.1:8000 (Ctrl-C stops it)"
	@echo "make test    run the tests (pytest arguments: make test ARGS='-k login -x')"
	@echo "make test-moved-clock [AT='2028-02-29 12:00']   the tests with every clock moved (UTC)"
	@echo "make test-authz-full   the whole authorization walk (CI walks a seeded sample)"
	@echo "make test-a11y-full   the whole accessibility walk: axe-core and Chromium's accessibility tree on every page as every role"
	@echo "make test-fuzz  the full fuzz runs: Schemathesis on the app API, Hypothesis on the staff forms"

demo: system-demo install
	$(VPY) -m devtools.demo

screenshots: system-demo system-test install-test
	@$(PYTHON) devtools/system_check.py screenshots
	$(VPY) -m devtools.skarmbilder $(ARGS)

test: system-test install-test
	$(VPY) -m devtools.testrun $(ARGS)

# The fuzz tests run seeded and bounded in `make test`; this runs them long (VP_FUZZ_EXEMPEL cases per
# operation/parameter and mode; docs/api.md).
test-fuzz: system-test install-test
	VP_FUZZ_EXEMPEL=$${VP_FUZZ_EXEMPEL:-200} $(VPY) -m devtools.testrun -s -k "schemathesis or fuzz" $(ARGS)

test-authz-full: system-test install-test
	VP_AUTHZ_WALK=full $(VPY) -m devtools.testrun tests/test_authorization_walk.py -s $(ARGS)

test-a11y-full: system-test install-test
	VP_A11Y_WALK=full $(VPY) -m devtools.testrun tests/test_a11y_walk.py -s $(ARGS)

# Installs first, under the real clock: package downloads fail TLS checks in a moved clock.
test-moved-clock: system-test install-test
	@$(PYTHON) devtools/system_check.py moved-clock
	$(VPY) -m devtools.movedclock $(if $(AT),"$(AT)",--all) $(ARGS)

system-demo:
	@$(PYTHON) devtools/system_check.py demo

system-test:
	@$(PYTHON) devtools/system_check.py test

venv: $(VPY)

$(VPY):
	@$(PYTHON) -c 'import sys; v = sys.version_info[:2]; sys.exit(0 if v == (3, 11) else "Python 3.11 is needed, $(PYTHON) is %d.%d: run make PYTHON=/path/to/python3.11 ..." % v)'
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --upgrade pip

# Reinstall only when pyproject.toml changes. The stamps live inside the venv, so a new venv reinstalls.
install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

$(VENV)/.installed: pyproject.toml | $(VPY)
	$(VPY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(VPY)
	$(VPY) -m pip install --quiet -e ".[test]"
	@touch $@ $(VENV)/.installed

# Throw away the embedded test servers' data (the demo's var/ is left alone).
clean-embedded:
	rm -rf var/test
