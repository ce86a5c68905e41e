# shellcheck shell=bash
# Sourced by bench/soak.sh (after scripts/lib/services.sh and bench/lib/collector.sh): the pieces of
# the long run that are started, stopped and restarted on the fault schedule. Every function keeps
# the current pid of what it starts in $WORK/pids/NAME, which the sampler reads every 30 s.

# A private mariadbd on DB_PORT with its data under $WORK/db: the run restarts it, which the shared
# MariaDB on 3306 must never be (other work uses it). Root over TCP from 127.0.0.1, no password.
start_soak_db() {
  local d=$WORK/db
  if [ ! -d "$d/data/mysql" ]; then
    mkdir -p "$d"
    mariadb-install-db --no-defaults --datadir="$d/data" --auth-root-authentication-method=socket \
      --user="$(id -un)" >"$d/install.log" 2>&1 || { cat "$d/install.log" >&2; die "mariadb-install-db failed"; }
    cat >"$d/my.cnf" <<CNF
[mariadbd]
user=$(id -un)
datadir=$d/data
socket=$d/mysqld.sock
pid-file=$d/mysqld.pid
port=$DB_PORT
bind-address=127.0.0.1
skip-name-resolve
skip-log-bin
innodb-buffer-pool-size=64M
performance-schema=OFF
log-error=$d/error.log
CNF
  fi
  setsid mariadbd --defaults-file="$d/my.cnf" </dev/null >>"$d/stdout.log" 2>&1 &
  wait_for 60 "soak MariaDB" mariadb --no-defaults -uroot --socket="$d/mysqld.sock" -e 'SELECT 1' ||
    { tail -20 "$d/error.log" >&2; die "the soak MariaDB did not start"; }
  cat "$d/mysqld.pid" >"$WORK/pids/mariadbd"
}

soak_db_sql() { mariadb --no-defaults -uroot --socket="$WORK/db/mysqld.sock" -N -B -e "$1"; }

stop_soak_db() {
  local pid; pid=$(cat "$WORK/pids/mariadbd" 2>/dev/null) || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  local end=$((SECONDS + 60))
  while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $end ]; do sleep 0.5; done
  kill -KILL "$pid" 2>/dev/null || true
}

# wait_ready_log NAME LOG PATTERN BEFORE: until the daemon's log holds PATTERN (its ready line) more
# than BEFORE times (a restart appends to the same log), or fail if it exits.
wait_ready_log() {
  local name=$1 log=$2 pat=$3 before=$4 end=$((SECONDS + 120)) pid
  pid=$(cat "$WORK/pids/$name")
  until [ "$(ready_count "$log" "$pat")" -gt "$before" ]; do
    if ! kill -0 "$pid" 2>/dev/null || [ $SECONDS -ge $end ]; then
      log "$name did not become ready; see $WORK/$name.out and $log"; return 1
    fi
    sleep 0.2
  done
}

ready_count() { # log pattern
  local n; n=$(grep -c -- "$2" "$1" 2>/dev/null) || true
  echo "${n:-0}"
}

start_collector() {
  local n; n=$(ready_count "$WORK/pihealthd.log" 'ready: pihealthd')
  bin/pihealthd -c "$WORK/pihealthd.conf" >>"$WORK/pihealthd.out" 2>&1 &
  echo $! >"$WORK/pids/pihealthd"
  wait_ready_log pihealthd "$WORK/pihealthd.log" 'ready: pihealthd' "$n"
}

start_notifier() {
  local n; n=$(ready_count "$WORK/boird.log" 'ready: .* polling every')
  bin/boird -c "$WORK/pihealthd.conf" >>"$WORK/boird.out" 2>&1 &
  echo $! >"$WORK/pids/boird"
  wait_ready_log boird "$WORK/boird.log" 'ready: .* polling every' "$n"
}

start_agent() { # index
  local n; n=$(ready_count "$WORK/agent$1/agent.log" 'ready: boagent')
  bin/boagent -f "$WORK/agent$1/colConfig.ini" >>"$WORK/agent$1/agent.out" 2>&1 &
  echo $! >"$WORK/pids/agent$1"
  wait_ready_log "agent$1" "$WORK/agent$1/agent.log" 'ready: boagent' "$n"
}

# The fixture an agent's [process:fixture] watches: a sleep renamed soakfix-soakN (argv[0]), so each
# agent sees its own and the trickle of alerts is per host.
start_fixture() { # index
  (exec -a "soakfix-soak$1" sleep 1000000) &
  echo $! >"$WORK/pids/fixture$1"
}

stop_pid() { # name [signal]
  local pid; pid=$(cat "$WORK/pids/$1" 2>/dev/null) || return 0
  kill "-${2:-TERM}" "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -f "$WORK/pids/$1"
}

# One sample line per process: epoch name pid rss_kB heap_used_kB fds threads. Heap used is what
# `jcmd PID GC.heap_info` reports for the generations (Metaspace left out); -1 when jcmd fails.
sample_once() {
  local now f name pid rss thr fds heap
  now=$(date +%s)
  for f in "$WORK"/pids/*; do
    name=${f##*/}
    case $name in pihealthd | boird | agent*) ;; *) continue ;; esac
    pid=$(cat "$f" 2>/dev/null) || continue
    [ -r "/proc/$pid/status" ] || continue
    # Each may fail (the process just died, jcmd timed out under load): a gap, never an exit.
    rss=$(awk '$1 == "VmRSS:" {print $2}' "/proc/$pid/status" 2>/dev/null) || rss=0
    thr=$(awk '$1 == "Threads:" {print $2}' "/proc/$pid/status" 2>/dev/null) || thr=0
    fds=$(find "/proc/$pid/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l) || fds=0
    heap=$(timeout 20 nice jcmd "$pid" GC.heap_info 2>/dev/null |
      grep -v -e Metaspace -e 'class space' | grep -o 'used [0-9]*K' | awk '{s += $2} END {print NR ? s : -1}') || heap=-1
    printf '%s %s %s %s %s %s %s\n' "$now" "$name" "$pid" "${rss:-0}" "${heap:--1}" "$fds" "${thr:-0}"
  done
  # Which they are and whose children, kept aside for a FAIL to be looked into.
  ps -eo stat=,pid=,ppid=,comm= | awk -v t="$now" '$1 ~ /^Z/ {print t, $0}' >>"$WORK/zombies.txt"
  printf '%s zombies 0 %s -1 0 0\n' "$now" "$(ps -eo stat= | grep -c '^Z' || true)"
}
