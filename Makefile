# UnionHub: `make run` to try it, `make test` to check it. Every target is safe to re-run.
SHELL := /bin/bash
.DEFAULT_GOAL := run

VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
SYSTEM_PACKAGES := postgresql postgresql-contrib chromium fonts-wqy-zenhei fonts-noto-cjk gettext \
	libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils
# Without DATABASE_URL the project runs its own cluster under var/ (see scripts/db.sh).
ifeq ($(origin DATABASE_URL),undefined)
LOCAL_DB := 1
endif
export DJANGO_ALLOW_ASYNC_UNSAFE := true

.PHONY: install system-packages python-packages assets messages messages-update db db-stop migrate demo run serve test test-replica hostile lint bench loadtest clean

install: system-packages python-packages assets messages

system-packages:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done; \
		command -v npm >/dev/null || echo "nodejs npm"; \
		python3 -c 'import ensurepip' 2>/dev/null || echo python3-venv); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null; then \
		echo "UnionHub needs these system packages: $$missing"; \
		echo "This is not a Debian/Ubuntu system: install their equivalents by hand, then re-run make."; exit 1; fi; \
	if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	echo "Installing system packages: $$missing"; \
	$$SUDO apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null

python-packages: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	@touch $@

assets: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

messages: python-packages
	@$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0

db:
ifdef LOCAL_DB
	@scripts/db.sh start
else
	@echo "Using the PostgreSQL server of DATABASE_URL: no local cluster."
endif

db-stop:
	@scripts/db.sh stop

migrate: install db
	$(MANAGE) migrate --no-input -v 0

demo: migrate
	$(MANAGE) load_demo

run: migrate
	@$(MANAGE) load_demo --if-empty
	$(MANAGE) collectstatic --no-input -v 0
	@$(MANAGE) demo_logins
	$(MANAGE) runserver 127.0.0.1:8000

# The office's own server: gunicorn with production settings (DEBUG off, a SECRET_KEY generated on
# first use and kept in var/secret_key, static files collected and served by whitenoise) on SERVE_ADDR.
# Set ALLOWED_HOSTS (and CSRF_TRUSTED_ORIGINS) to the name the office types; nginx in front ends TLS
# (deploy/). See README "Its own server".
SERVE_ADDR ?= 127.0.0.1:8080
SERVE_WORKERS ?= 3
SECRET_KEY_FILE := $(CURDIR)/var/secret_key
# Without the test run's DJANGO_ALLOW_ASYNC_UNSAFE (exported above), which check --deploy refuses.
SERVE_ENV := env -u DJANGO_ALLOW_ASYNC_UNSAFE DEBUG=false SECRET_KEY_FILE=$(SECRET_KEY_FILE)

$(SECRET_KEY_FILE):
	@mkdir -p $(dir $@)
	@umask 077 && $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@
	@echo "Generated $@ (keep it: changing it logs everyone out)."

# Collected (and compressed: a minute or two) again only when a static file or a package changed.
staticfiles/staticfiles.json: $(shell find static -type f) package-lock.json requirements.txt | $(SECRET_KEY_FILE)
	$(SERVE_ENV) $(MANAGE) collectstatic --no-input -v 0

serve: migrate $(SECRET_KEY_FILE) staticfiles/staticfiles.json
	@$(SERVE_ENV) $(MANAGE) check --deploy --fail-level WARNING
	exec $(SERVE_ENV) $(VENV)/bin/gunicorn unionhub.wsgi --bind $(SERVE_ADDR) --workers $(SERVE_WORKERS) \
		--access-logfile - --forwarded-allow-ips 127.0.0.1

lint: python-packages
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/bandit -c pyproject.toml -r unionhub members activities finances rights reports -ll -q

test: install db lint
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run -v 1
	$(VENV)/bin/pytest

# The read replica against a real standby: scripts/db.sh replica copies the cluster (pg_basebackup, a
# replication slot; ~25 s the first time, then reused) and starts it on 127.0.0.1:54330; the report
# pages of tests/finances/test_replica.py read from it. Separate from `make test`: the first copy takes
# as long as the cluster is large. `scripts/db.sh replica-drop` removes it and its slot.
test-replica: install db
	@scripts/db.sh replica
	DATABASE_REPLICA_URL=$${DATABASE_REPLICA_URL:-$$(scripts/db.sh replica-url)} \
		$(VENV)/bin/pytest tests/finances/test_replica.py -v

# The property-based hostile-input tests (forms, query strings, imports) with ten times the examples
# of `make test`, from a random seed each run; what fails is kept in .hypothesis/ and replayed first
# next time. `make test` runs the same tests deterministically (tests/conftest.py, profile "ci").
hostile: install db
	HYPOTHESIS_PROFILE=wide $(VENV)/bin/pytest tests/trust/test_hostile_forms.py \
		tests/trust/test_hostile_queries.py tests/trust/test_hostile_import.py $(PYTEST_ARGS)

# A generated federation (200 unions, 100,000 members, 3 years) in its own database unionhub_bench,
# built on first use (a few minutes) and reused; pages timed in process and through gunicorn on
# 127.0.0.1:8106. Not part of `make test`. Figures in var/bench/latest.json.
bench: install db
	$(PY) -m bench.run $(BENCH_ARGS)

# 20 officers reading and posting vouchers for five minutes against gunicorn on 127.0.0.1 (locust),
# then every union's voucher numbers checked for gaps. Figures in var/bench/load.json.
loadtest: install db
	$(PY) -m bench.load $(LOAD_ARGS)

# The cluster's data goes with var/ and the passwords kept there (var/pgpass), wherever var/pgdata points.
clean: db-stop
	@if [ -L var/pgdata ]; then rm -rf "$$(readlink -f var/pgdata)"; fi
	rm -rf var/ staticfiles/

# Refresh the Chinese catalogue after adding text. Source strings are Simplified Chinese (STYLE.md),
# so the zh_Hans catalogue mirrors them, written afresh each time (no fuzzy matches carried over).
messages-update: python-packages
	rm -f locale/zh_Hans/LC_MESSAGES/django.po
	$(MANAGE) makemessages -l zh_Hans --ignore=.venv --ignore=node_modules --ignore=var -v 0
	msgen --no-wrap locale/zh_Hans/LC_MESSAGES/django.po -o locale/zh_Hans/LC_MESSAGES/django.po
	sed -i '0,/^#, fuzzy$$/{/^#, fuzzy$$/d}; s/^"Language: \\n"/"Language: zh_Hans\\n"/' locale/zh_Hans/LC_MESSAGES/django.po