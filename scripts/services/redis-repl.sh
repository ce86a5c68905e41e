#!/usr/bin/env bash
# A private Redis master (127.0.0.1:16379) and replica (127.0.0.1:16380), for the redis probe
# tests. Idempotent: `start` starts whatever is not running (a stopped, i.e. SIGSTOPped, one is
# continued) and waits until the replica's link is up.
#   redis-repl.sh start | stop | status | pid master|replica
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"

DIR=$(svc_dir redis)
MASTER_PORT=${BOTASKY_REDIS_MASTER_PORT:-16379}
REPLICA_PORT=${BOTASKY_REDIS_REPLICA_PORT:-16380}

cli() { redis-cli -h 127.0.0.1 -p "$1" "${@:2}"; }

start_one() { # name port [replicaof args]
  local name=$1 port=$2; shift 2
  [ -s "$DIR/$name.pid" ] && kill -CONT "$(cat "$DIR/$name.pid")" 2>/dev/null || true
  if pid_alive "$DIR/$name.pid" && cli "$port" ping >/dev/null 2>&1; then return 0; fi
  # No persistence, no diskless-sync delay (the default holds the first sync 5 s); the process title
  # stays as is, since rewriting it clobbers the environment that pid_alive reads.
  start_bg "$DIR/$name.pid" "$DIR/$name.log" redis-server --port "$port" --bind 127.0.0.1 --save "" \
    --appendonly no --repl-diskless-sync-delay 0 --set-proc-title no --dir "$DIR" --dbfilename "$name.rdb" "$@"
  wait_for 30 "Redis $name" cli "$port" ping || die "Redis $name did not start (see $DIR/$name.log)"
}

link_up() { cli "$REPLICA_PORT" info replication | grep -q 'master_link_status:up'; }

start() {
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server || die "Redis is not installed"
  start_one master "$MASTER_PORT"
  start_one replica "$REPLICA_PORT" --replicaof 127.0.0.1 "$MASTER_PORT"
  wait_for 30 "Redis replication" link_up || die "Redis replica link did not come up"
  log "Redis master 127.0.0.1:$MASTER_PORT, replica 127.0.0.1:$REPLICA_PORT"
}

stop() {
  for n in replica master; do stop_pidfile "$DIR/$n.pid" TERM; done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) link_up ;;
  pid) cat "$DIR/$2.pid" ;;
  *) echo "usage: $0 start|stop|status|pid NAME" >&2; exit 2 ;;
esac
