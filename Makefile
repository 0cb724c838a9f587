# Jobly: `make run` sets everything up and starts the whole system; `make test` runs the suite.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/jobly
TEST_REDIS_URL ?= redis://127.0.0.1:6379/1
PYTEST_ARGS ?=
# The suite mostly waits on real servers, workers and browsers, so it runs on more processes than cores.
TEST_WORKERS ?= 4

.PHONY: run test test-fast venv migrate demo bench lint clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

venv: $(VENV)/.installed

run: venv
	scripts/run.sh

# The whole suite against PostgreSQL and Redis (browser, worker and WebSocket tests included).
# The preflight installs (root on Debian) or names the missing system packages first.
test: venv
	scripts/test_preflight.sh
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) JOBLY_TESTING=1 \
		$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS)

# Skip the slowest chaos and browser cases locally: `make test-fast`.
test-fast: PYTEST_ARGS += -m "not slow"
test-fast: test

migrate: venv
	$(PY) manage.py migrate --noinput

demo: venv
	$(PY) manage.py load_demo

bench: venv
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(PY) -m bench

clean:
	rm -rf var/static
