#!/usr/bin/env bash
# Starts every private service instance the probe tests use (scripts/services/*.sh start), each
# idempotent. With CI=true (or BOTASKY_INSTALL=1) missing Debian packages are installed first.
# Exits non-zero, naming the service, when any of them cannot be started.
set -uo pipefail
here=$(dirname "$0")
. "$here/../lib/services.sh"

failed=()
for s in mariadb-repl redis-repl moosefs keepalived nginx netns galera; do
  if ! "$here/$s.sh" start; then
    failed+=("$s")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  log "FAILED to start: ${failed[*]} (see the lines above; logs under ${BOTASKY_SVC_DIR:-/var/tmp/botasky-svc})"
  exit 1
fi
log "all probe test services are up"
