#!/usr/bin/env bash
# A private MariaDB primary (127.0.0.1:13306) and replica (127.0.0.1:13307) with GTID replication,
# for the mysql probe tests. Idempotent: `start` starts whatever is not running and repairs the
# replication settings a test may have changed.
#   mariadb-repl.sh start | stop | status | pid primary|replica | sql primary|replica "SQL"
# Monitoring user: monitor / monitorpw (SLAVE MONITOR, PROCESS, REPLICATION CLIENT).
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"

DIR=$(svc_dir mariadb)
PRIMARY_PORT=${BOTASKY_MYSQL_PRIMARY_PORT:-13306}
REPLICA_PORT=${BOTASKY_MYSQL_REPLICA_PORT:-13307}

port_of() { case $1 in primary) echo "$PRIMARY_PORT" ;; replica) echo "$REPLICA_PORT" ;; *) die "unknown instance $1" ;; esac; }

sql() { # instance statement
  mariadb --no-defaults -uroot --socket="$DIR/$1/mysqld.sock" -N -B -e "$2"
}

replica_field() { # field of SHOW REPLICA STATUS on the replica
  mariadb --no-defaults -uroot --socket="$DIR/replica/mysqld.sock" -e 'SHOW REPLICA STATUS\G' \
    | awk -v f="$1:" '$1 == f {print $2}'
}

start_one() { # instance server-id
  local name=$1 id=$2 port; port=$(port_of "$1")
  local d="$DIR/$name"
  mkdir -p "$d"
  if pid_alive "$d/mysqld.pid" && sql "$name" 'SELECT 1' >/dev/null 2>&1; then return 0; fi
  if [ ! -d "$d/data/mysql" ]; then
    mariadb-install-db --no-defaults --datadir="$d/data" --auth-root-authentication-method=socket \
      --user=root >"$d/install.log" 2>&1 || { cat "$d/install.log" >&2; die "mariadb-install-db failed for $name"; }
  fi
  cat >"$d/my.cnf" <<CNF
[mariadbd]
user=root
datadir=$d/data
socket=$d/mysqld.sock
pid-file=$d/mysqld.pid
port=$port
bind-address=127.0.0.1
server-id=$id
log-bin=$d/data/binlog
binlog-format=ROW
skip-name-resolve
innodb-buffer-pool-size=32M
performance-schema=OFF
log-error=$d/error.log
CNF
  # mariadbd writes its own pid file; setsid detaches it from the test's process group.
  BOTASKY_SVC=1 setsid mariadbd --defaults-file="$d/my.cnf" </dev/null >>"$d/stdout.log" 2>&1 &
  wait_for 60 "MariaDB $name" sql "$name" 'SELECT 1' || { tail -20 "$d/error.log" >&2; die "MariaDB $name did not start"; }
}

users() { # instance: idempotent users for replication and monitoring
  sql "$1" "CREATE USER IF NOT EXISTS 'repl'@'127.0.0.1' IDENTIFIED BY 'replpw';
    GRANT REPLICATION SLAVE ON *.* TO 'repl'@'127.0.0.1';
    CREATE USER IF NOT EXISTS 'monitor'@'127.0.0.1' IDENTIFIED BY 'monitorpw';
    GRANT SLAVE MONITOR, PROCESS, REPLICATION CLIENT ON *.* TO 'monitor'@'127.0.0.1';
    CREATE DATABASE IF NOT EXISTS botasky_probe;
    CREATE TABLE IF NOT EXISTS botasky_probe.t (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(64));"
}

start() {
  command -v mariadbd >/dev/null 2>&1 || apt_install mariadb-server mariadb-client || die "MariaDB is not installed"
  start_one primary 1
  start_one replica 2
  # Users and the test table are created on the primary and reach the replica through the binlog.
  users primary
  local io sqlr
  io=$(replica_field Slave_IO_Running)
  sqlr=$(replica_field Slave_SQL_Running)
  local delay
  delay=$(replica_field SQL_Delay)
  if [ "$io" != "Yes" ] || [ "$sqlr" != "Yes" ] || [ "${delay:-0}" != "0" ]; then
    # Repair whatever a test left behind: stopped threads, a delay, a broken SQL thread.
    sql replica "STOP REPLICA" >/dev/null 2>&1 || true
    sql replica "SET GLOBAL sql_slave_skip_counter=0" >/dev/null 2>&1 || true
    sql replica "CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=$PRIMARY_PORT, MASTER_USER='repl',
      MASTER_PASSWORD='replpw', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1, MASTER_DELAY=0; START REPLICA"
  fi
  wait_for 60 "replication to run" replica_running || { replica_field Last_IO_Error >&2; replica_field Last_SQL_Error >&2; die "replication did not start"; }
  log "MariaDB primary 127.0.0.1:$PRIMARY_PORT, replica 127.0.0.1:$REPLICA_PORT (monitor/monitorpw)"
}

replica_running() {
  [ "$(replica_field Slave_IO_Running)" = Yes ] && [ "$(replica_field Slave_SQL_Running)" = Yes ] \
    && sql replica "SELECT COUNT(*) FROM mysql.user WHERE user='monitor'" | grep -q 1
}

stop() {
  for n in replica primary; do stop_pidfile "$DIR/$n/mysqld.pid" TERM; done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) replica_running ;;
  pid) cat "$DIR/$2/mysqld.pid" ;;
  sql) sql "$2" "$3" ;;
  *) echo "usage: $0 start|stop|status|pid NAME|sql NAME SQL" >&2; exit 2 ;;
esac
