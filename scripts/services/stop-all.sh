#!/usr/bin/env bash
# Stops every private service instance started by start-all.sh and removes their namespaces.
set -uo pipefail
here=$(dirname "$0")
for s in galera netns nginx keepalived moosefs redis-repl mariadb-repl; do "$here/$s.sh" stop || true; done
