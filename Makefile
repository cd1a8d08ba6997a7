# SocialFlow developer entry points. Services (PostgreSQL, Redis) are project-local, per profile:
#   run  -> 127.0.0.1:15432 / 16379, data in .data/run; live ingest (nginx RTMP) on 127.0.0.1:1935
#   test -> 127.0.0.1:25432 / 26379, data in .data/test   (never shares databases with `run`)
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

API_URLS ?= http://127.0.0.1:8080

.PHONY: help run stop status test test-down clean-data admin search-rebuild analytics-rebuild backup restore health

help:
	@echo "make run         start PostgreSQL+Redis+nginx RTMP (profile run) and the API host (co-hosted silo) on $(API_URLS)"
	@echo "make admin USER=name [ROLE=admin|moderator|user]  set an account's role on the running backend (the first admin)"
	@echo "make search-rebuild [RESTART=1]  re-index every post and video from their tables (resumes where it stopped)"
	@echo "make analytics-rebuild [FROM=YYYY-MM-DD]  recompute the analytics rollups from the raw events still kept"
	@echo "make backup DIR=path   back up the database and stored files of the running backend (scripts/backup.sh)"
	@echo "make restore DIR=path  restore a backup into an empty database and data directory (scripts/restore.sh)"
	@echo "make health      check the running backend, PostgreSQL, the event path, Redis and disk (scripts/health-check.sh)"
	@echo "make stop        stop the run profile's PostgreSQL, Redis, nginx and the Stripe stand-in"
	@echo "make status      show what runs for both profiles"
	@echo "make test        start the test profile's services, build, run every test project, print a summary"
	@echo "make test-down   stop the test profile's PostgreSQL and Redis"
	@echo "make clean-data  stop everything and delete .data/"

run:
	SF_API_URL="$(firstword $(subst ;, ,$(API_URLS)))" scripts/services.sh up run
	scripts/require-dotnet.sh
	scripts/stripe-standin.sh up run "$(firstword $(subst ;, ,$(API_URLS)))"
	. .data/run/env && . .data/run/stripe.env && SocialFlow__PublicBaseUrl="$(firstword $(subst ;, ,$(API_URLS)))" exec dotnet run --project src/ApiHost -c Release --urls "$(API_URLS)"

# USER must come from the command line: the shell's own USER (your login name) is never taken for an account.
admin:
	@if [ "$(origin USER)" != "command line" ]; then echo "usage: make admin USER=<username> [ROLE=admin|moderator|user]"; exit 2; fi
	. .data/run/env && exec dotnet run --project src/ApiHost -c Release --no-launch-profile -- grant-role "$(USER)" "$(or $(ROLE),admin)"

search-rebuild:
	. .data/run/env && exec dotnet run --project src/ApiHost -c Release --no-launch-profile -- rebuild-search $(if $(RESTART),--restart)

analytics-rebuild:
	. .data/run/env && exec dotnet run --project src/ApiHost -c Release --no-launch-profile -- rebuild-analytics $(if $(FROM),--from $(FROM))

backup restore:
	@if [ -z "$(DIR)" ]; then echo "usage: make $@ DIR=<directory>"; exit 2; fi
	. .data/run/env && exec scripts/$@.sh "$(DIR)"

health:
	. .data/run/env && exec scripts/health-check.sh "$(firstword $(subst ;, ,$(API_URLS)))"

stop:
	scripts/stripe-standin.sh down run
	scripts/services.sh down run

status:
	scripts/services.sh status run || true
	scripts/services.sh status test || true

test:
	@scripts/test.sh

test-down:
	scripts/services.sh down test
	scripts/s3rver.sh down test

clean-data:
	scripts/services.sh clean run
	scripts/services.sh clean test
	rm -rf .data
