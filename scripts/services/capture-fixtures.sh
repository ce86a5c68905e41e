#!/usr/bin/env bash
# Captures the probe parsers' fixtures from the private services of scripts/services/, healthy and
# under each fault, into OUT (default: a temporary directory) laid out like
# agent/src/test/resources/fixtures/. Run it for a new version of MariaDB, Redis, MooseFS or
# keepalived, review the files and copy them next to the existing versions. Injects faults and
# repairs them; do not run it while the probe tests run. Not captured here (destructive to the
# replica's data): mysql/*/replica-status-sql-error.txt, a row inserted on the replica with
# sql_log_bin=0 and then the same key on the primary (Last_SQL_Errno 1062).
#   capture-fixtures.sh [OUT]
set -euo pipefail
here=$(dirname "$0")
. "$here/../lib/services.sh"
OUT=${1:-$(mktemp -d)}
SVC=${BOTASKY_SVC_DIR:-/var/tmp/botasky-svc}

"$here/start-all.sh"

# MariaDB: SHOW REPLICA STATUS on the replica, healthy and per fault.
v=$(mariadbd --version | sed -E 's/.*Ver ([0-9]+\.[0-9]+).*/\1/')
d="$OUT/mysql/mariadb-$v"; mkdir -p "$d"
status() { mariadb --no-defaults -uroot --socket="$SVC/mariadb/replica/mysqld.sock" -e 'SHOW REPLICA STATUS\G' >"$d/$1"; }
sql() { "$here/mariadb-repl.sh" sql "$1" "$2"; }
status replica-status-healthy.txt
sql replica "STOP REPLICA SQL_THREAD"; status replica-status-sql-stopped.txt; "$here/mariadb-repl.sh" start
sql replica "STOP REPLICA IO_THREAD"; status replica-status-io-stopped.txt; "$here/mariadb-repl.sh" start
sql replica "STOP REPLICA; CHANGE MASTER TO MASTER_DELAY=30; START REPLICA"
for _ in $(seq 1 12); do sql primary "INSERT INTO botasky_probe.t(v) VALUES ('capture')"; sleep 0.5; done
status replica-status-lag.txt; "$here/mariadb-repl.sh" start
kill -KILL "$(cat "$SVC/mariadb/primary/mysqld.pid")"; sleep 4; status replica-status-primary-down.txt
"$here/mariadb-repl.sh" start

# Redis: INFO replication of master and replica, healthy and per fault.
v=$(redis-server --version | sed -E 's/.*v=([0-9]+\.[0-9]+).*/\1/')
d="$OUT/redis/$v"; mkdir -p "$d"
info() { redis-cli -p "$1" info replication | tr -d '\r' >"$d/$2"; }
info 16379 master-healthy.txt; info 16380 replica-healthy.txt
kill -KILL "$("$here/redis-repl.sh" pid replica)"; sleep 1.5; info 16379 master-replica-missing.txt; "$here/redis-repl.sh" start
kill -KILL "$("$here/redis-repl.sh" pid master)"; sleep 1.5; info 16380 replica-master-down.txt; "$here/redis-repl.sh" start

# MooseFS: mfscli -SIN, -SCS, -SMB through the forwarder, healthy and per fault.
v=$(mfsmaster -v 2>&1 | sed -nE 's/.*version: ([0-9.]+).*/\1/p' | head -1)
d="$OUT/mfs/${v:-unknown}"; mkdir -p "$d"
cli() { for o in SIN SCS SMB; do mfscli -H 127.0.0.1 -P 19421 "-$o" >"$d/$1-$o.txt"; done; }
mfscli -H 127.0.0.1 -P 19421 -SIN -SCS -SMB >"$d/healthy-SIN-SCS-SMB.txt"
cli healthy
kill -KILL "$("$here/moosefs.sh" pid chunkserver)"; sleep 3; cli chunkserver-killed; "$here/moosefs.sh" start
kill -KILL "$("$here/moosefs.sh" pid metalogger)"; sleep 2; cli metalogger-killed; "$here/moosefs.sh" start
kill -KILL "$("$here/moosefs.sh" pid master)"; sleep 1; cli master-killed-forwarded
for o in SIN SCS SMB; do ip netns exec botasky-mfs mfscli -H 10.99.1.1 -P 9421 "-$o" >"$d/master-killed-direct-$o.txt"; done
"$here/moosefs.sh" start

# keepalived: the JSON and text dumps of each node, read through /proc/PID/root (private /tmp).
v=$(keepalived --version 2>&1 | sed -nE 's/^Keepalived v([0-9.]+).*/\1/p')
d="$OUT/keepalived/$v"; mkdir -p "$d"
dump() { # node name
  local p; p=$("$here/keepalived.sh" pid "$1")
  kill -s "$(keepalived --signum=JSON)" "$p"; kill -USR1 "$p"; sleep 1.2
  cp "/proc/$p/root/tmp/keepalived.json" "$d/$2.json"; cp "/proc/$p/root/tmp/keepalived.data" "$d/$2.data"
}
dump 1 master; dump 2 backup
"$here/keepalived.sh" linkdown 1; sleep 2; dump 1 fault; dump 2 master-after-failover; "$here/keepalived.sh" start
"$here/keepalived.sh" detach; sleep 5; dump 1 split-brain-node1; dump 2 split-brain-node2; "$here/keepalived.sh" attach
"$here/keepalived.sh" start

log "fixtures captured under $OUT"
