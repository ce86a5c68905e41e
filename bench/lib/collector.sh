# shellcheck shell=bash
# Sourced by bench/*.sh (after scripts/lib/services.sh): a real bin/pihealthd on a fresh database of
# the local MariaDB (127.0.0.1:3306, root, no password), on a free loopback port.

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# start_bench_collector WORK DB [config lines...]: (re)creates database DB, writes WORK/pihealthd.conf
# with the lines given after the common ones, starts bin/pihealthd and waits until it is ready.
# Sets PORT and COLLECTOR_PID; the caller's EXIT trap stops it.
start_bench_collector() {
  mariadb -uroot -h127.0.0.1 -e "DROP DATABASE IF EXISTS $2; CREATE DATABASE $2 CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
  start_bench_collector_on "$@"
}

# start_bench_collector_on WORK DB [config lines...]: as start_bench_collector, on database DB as it
# is (a second collector sharing the first one's database).
start_bench_collector_on() {
  local work=$1 db=$2; shift 2
  PORT=$(free_port)
  printf '%s\n' "master = bench" "client_port = $PORT" "bind = 127.0.0.1" \
    "db_url = jdbc:mysql://127.0.0.1:3306/$db" "db_user = root" "db_password =" \
    "PIHealthLog = $work/pihealthd.log" "$@" > "$work/pihealthd.conf"
  bin/pihealthd -c "$work/pihealthd.conf" >"$work/collector.out" 2>&1 &
  # shellcheck disable=SC2034 # read by the sourcing bench script
  COLLECTOR_PID=$!
  wait_for 90 "pihealthd" curl -sf "http://127.0.0.1:$PORT/readyz"
}
