#!/usr/bin/env bash
# A private 3-node MariaDB Galera cluster (Debian's mariadb-server 10.11 + galera-4) on loopback,
# for the clustered-database tests (issue #16). Each node has its own data dir, config, MariaDB
# port, group-communication port (wsrep base_port), IST port and rsync SST port, all under the svc
# dir; the ports are chosen free at the first start and kept in $DIR/nodeN.port (MariaDB),
# nodeN.gcomm.port, nodeN.ist.port and nodeN.sst.port (chosen anew only when every node is down and
# another program took one meanwhile). Clients log in as root@127.0.0.1 without a
# password (created at bootstrap, like the CI MariaDB on 3306).
#   galera.sh start        starts whatever is not running (node 1 bootstraps the cluster with
#                          --wsrep-new-cluster when no node runs), waits until all 3 are Synced
#   galera.sh stop         stops 3, 2, then 1 (so node 1 may bootstrap the next start)
#   galera.sh status       exit 0 when all 3 nodes run and are Synced
#   galera.sh url          jdbc:mysql://127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3
#   galera.sh pid N | kill N | start-node N | sql N "SQL"
# `kill N` is kill -9 of node N; `start-node N` recovers its position (--wsrep-recover) and joins
# it to the running cluster, which sends it the missed write sets (IST) from a donor's gcache.
# The initialised data dirs of a freshly formed cluster (mariadb-install-db, then two rsync SSTs)
# are cached under ~/.cache/botasky/galera-HASH, HASH of this recipe and the package versions;
# a start with no data dirs copies them from there.
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"

DIR=$(svc_dir galera)
NODES=(1 2 3)
PROVIDER=/usr/lib/galera/libgalera_smm.so

port_of() { # name: a port kept in $DIR/name.port, chosen free when there is none
  local f="$DIR/$1.port"
  if [ ! -s "$f" ]; then
    free_port_in "$DIR" >"$f.new" && mv "$f.new" "$f"
  fi
  cat "$f"
}

node_dir() { echo "$DIR/node$1"; }

sql() { # node statement (as root over the node's socket)
  mariadb --no-defaults -uroot --socket="$(node_dir "$1")/mysqld.sock" -N -B -e "$2"
}

status_var() { # node variable
  sql "$1" "SHOW GLOBAL STATUS LIKE '$2'" 2>/dev/null | awk '{print $2}'
}

alive() { pid_alive "$(node_dir "$1")/mysqld.pid"; }

ready() { alive "$1" && [ "$(status_var "$1" wsrep_ready)" = ON ]; }

synced() { # node: running, Synced, in a primary component
  alive "$1" && [ "$(status_var "$1" wsrep_local_state_comment)" = Synced ] \
    && [ "$(status_var "$1" wsrep_cluster_status)" = Primary ]
}

all_synced() {
  local n
  for n in "${NODES[@]}"; do synced "$n" || return 1; done
  [ "$(status_var 1 wsrep_cluster_size)" = 3 ]
}

gcomm_address() {
  local a="" n
  for n in "${NODES[@]}"; do a="$a${a:+,}127.0.0.1:$(port_of "node$n.gcomm")"; done
  echo "gcomm://$a"
}

# The recipe of a node's config. Everything but the paths and ports is part of the cache key.
cnf() { # node
  local n=$1 d; d=$(node_dir "$1")
  local g; g=$(port_of "node$n.gcomm")
  cat <<CNF
[mariadbd]
user=root
datadir=$d/data
socket=$d/mysqld.sock
pid-file=$d/mysqld.pid
port=$(port_of "node$n")
bind-address=127.0.0.1
skip-name-resolve
log-error=$d/error.log
innodb-buffer-pool-size=64M
performance-schema=OFF
# Galera's requirements (https://mariadb.com/kb/en/configuring-mariadb-galera-cluster/)
binlog_format=ROW
default_storage_engine=InnoDB
innodb_autoinc_lock_mode=2
# Durability comes from the other nodes holding the write set; a test machine has 2 cores.
innodb_flush_log_at_trx_commit=2
wsrep_on=ON
wsrep_provider=$PROVIDER
wsrep_cluster_name=botasky_test
wsrep_cluster_address=$(gcomm_address)
wsrep_node_name=node$n
wsrep_node_address=127.0.0.1:$g
wsrep_node_incoming_address=127.0.0.1:$(port_of "node$n")
wsrep_provider_options="base_host=127.0.0.1;base_port=$g;gmcast.listen_addr=tcp://127.0.0.1:$g;ist.recv_addr=127.0.0.1:$(port_of "node$n.ist");gcache.size=128M"
wsrep_sst_method=rsync
wsrep_sst_receive_address=127.0.0.1:$(port_of "node$n.sst")
wsrep_slave_threads=2
CNF
}

cache_dir() {
  local key
  key=$({ declare -f cnf build; dpkg-query -W -f='${Version}\n' mariadb-server galera-4; } \
    | sha256sum | cut -c1-16)
  echo "${XDG_CACHE_HOME:-$HOME/.cache}/botasky/galera-$key"
}

# Starts node N's mariadbd in the background; extra arguments go to mariadbd.
launch() { # node args...
  local n=$1 d; shift
  d=$(node_dir "$n")
  mkdir -p "$d/data"
  cnf "$n" >"$d/my.cnf"
  # The pid is known at once (mariadbd writes the same pid file later, when it is up).
  start_bg "$d/mysqld.pid" "$d/stdout.log" mariadbd --defaults-file="$d/my.cnf" "$@"
}

synced_or_dead() { synced "$1" || ! alive "$1"; }

wait_synced() { # node
  if ! wait_for 180 "Galera node $1 to be Synced" synced_or_dead "$1" || ! alive "$1"; then
    tail -30 "$(node_dir "$1")/error.log" >&2
    die "Galera node $1 did not join"
  fi
}

# The position a node killed mid-write reached: its grastate.dat says seqno -1 then, and without
# the position the cluster would send it a full SST instead of an IST (mysqld_safe and Debian's
# galera_recovery do the same).
recovered_position() { # node
  local d; d=$(node_dir "$1")
  if grep -q '^seqno:[[:space:]]*-1' "$d/data/grastate.dat" 2>/dev/null; then
    cnf "$1" >"$d/my.cnf"
    mariadbd --defaults-file="$d/my.cnf" --wsrep-recover --log-error="$d/recover.log" \
      </dev/null >/dev/null 2>&1 || true
    sed -n 's/.*WSREP: Recovered position: *\([0-9a-f-]*:-\?[0-9]*\).*/\1/p' "$d/recover.log" | tail -1
    rm -f "$d/recover.log"
  fi
}

start_node() { # node: joins a running cluster
  local n=$1 pos
  alive "$n" && { wait_synced "$n"; return 0; }
  pos=$(recovered_position "$n")
  log "Galera node $n joining on 127.0.0.1:$(port_of "node$n")${pos:+ from $pos}"
  # Should it need a full state transfer, the joiner's rsync daemon (wsrep_sst_rsync), started by
  # root, writes as nobody: the data dir must be theirs (mariadbd itself runs as root).
  mkdir -p "$(node_dir "$n")/data"
  chown -R nobody:nogroup "$(node_dir "$n")/data"
  if [ -n "$pos" ]; then launch "$n" --wsrep_start_position="$pos"; else launch "$n"; fi
  wait_synced "$n"
}

bootstrap() { # node: forms a new cluster from this node's state
  log "Galera node $1 bootstraps the cluster on 127.0.0.1:$(port_of "node$1")"
  launch "$1" --wsrep-new-cluster
  wait_for 120 "Galera node $1 (bootstrap)" ready "$1" \
    || { tail -30 "$(node_dir "$1")/error.log" >&2; die "Galera node $1 did not bootstrap"; }
}

# Forms a fresh cluster in the svc dir (install node 1, two SSTs), stops it cleanly and keeps the
# data dirs in the cache.
build() {
  local cache=$1 d1 n; d1=$(node_dir 1)
  rm -rf "$DIR"/node*/data
  mkdir -p "$d1"
  mariadb-install-db --no-defaults --datadir="$d1/data" --auth-root-authentication-method=socket \
    --user=root >"$d1/install.log" 2>&1 || { cat "$d1/install.log" >&2; die "mariadb-install-db failed"; }
  bootstrap 1
  sql 1 "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1';
    GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION"
  start_node 2
  start_node 3
  stop
  # Caches of older recipes are of no use any more.
  rm -rf "$(dirname "$cache")"/galera-*
  mkdir -p "$(dirname "$cache")"
  mkdir -p "$cache.new"
  for n in "${NODES[@]}"; do cp -a "$(node_dir "$n")/data" "$cache.new/node$n"; done
  mv "$cache.new" "$cache"
  log "cached the initialised Galera data dirs in $cache"
}

restore() { # cache
  local n
  for n in "${NODES[@]}"; do
    rm -rf "$(node_dir "$n")/data"
    mkdir -p "$(node_dir "$n")"
    cp -a "$1/node$n" "$(node_dir "$n")/data"
  done
}

any_alive() { local n; for n in "${NODES[@]}"; do alive "$n" && return 0; done; return 1; }

start() {
  command -v mariadbd >/dev/null 2>&1 && [ -e "$PROVIDER" ] && command -v rsync >/dev/null 2>&1 \
    || apt_install mariadb-server mariadb-client galera-4 rsync || die "MariaDB Galera is not installed"
  local n
  all_synced && return 0
  if ! any_alive; then
    # With every node down their ports may change: one another program took since is chosen anew
    # (the configs are written at each launch).
    local f
    for f in "$DIR"/*.port; do
      if [ -s "$f" ] && listening "$(cat "$f")"; then rm -f "$f"; fi
    done
    local cache; cache=$(cache_dir)
    [ -d "$cache" ] || build "$cache"
    # Node 1 stopped last (stop) and may bootstrap; after a crash of all nodes nobody may, and the
    # test data is thrown away for the cached fresh cluster rather than guessing the newest node.
    if ! grep -q '^safe_to_bootstrap:[[:space:]]*1' "$(node_dir 1)/data/grastate.dat" 2>/dev/null; then
      [ -d "$(node_dir 1)/data" ] && log "no Galera node may bootstrap (all crashed?): starting from the cached fresh cluster"
      restore "$cache"
    fi
    rm -f "$DIR"/node*/data/gvwstate.dat
    bootstrap 1
  fi
  for n in "${NODES[@]}"; do start_node "$n"; done
  log "Galera cluster up: $(url) (root@127.0.0.1, no password)"
}

stop() {
  local n
  for n in 3 2 1; do stop_pidfile "$(node_dir "$n")/mysqld.pid" TERM; done
}

url() {
  local a="" n
  for n in "${NODES[@]}"; do a="$a${a:+,}127.0.0.1:$(port_of "node$n")"; done
  echo "jdbc:mysql://$a"
}

node_arg() { case "${1:-}" in 1 | 2 | 3) echo "$1" ;; *) die "node must be 1, 2 or 3, not '${1:-}'" ;; esac; }

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status)
    if all_synced; then echo "Galera cluster of 3 running and Synced: $(url)"; else echo "Galera cluster not running (or not Synced)"; exit 3; fi ;;
  url) url ;;
  pid) n=$(node_arg "${2:-}"); alive "$n" || die "Galera node $n is not running"; cat "$(node_dir "$n")/mysqld.pid" ;;
  kill) n=$(node_arg "${2:-}"); stop_pidfile "$(node_dir "$n")/mysqld.pid" KILL ;;
  start-node) n=$(node_arg "${2:-}"); any_alive || die "no Galera node runs: use start"; start_node "$n" ;;
  sql) n=$(node_arg "${2:-}"); sql "$n" "$3" ;;
  *) echo "usage: $0 start|stop|status|url|pid N|kill N|start-node N|sql N SQL" >&2; exit 2 ;;
esac
