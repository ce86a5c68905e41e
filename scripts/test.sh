#!/usr/bin/env bash
# Runs every test: makes sure the services the tests talk to are installed and running, then
# `mvn -B verify`. On CI (CI=true) missing Debian packages are installed.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/services.sh

ensure_mariadb
ensure_redis
ensure_browser

scripts/services/start-all.sh || { log "FAILED: scripts/services/start-all.sh (probe test services)"; exit 1; }

log "mvn -B verify"
exec mvn -B verify "$@"
