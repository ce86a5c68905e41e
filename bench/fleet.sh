#!/usr/bin/env bash
# Fleet benchmark (issue #16): N simulated agents (bench/fleet/FleetSim.java, run with the JDK's
# source launcher) speak the real agent protocol — a heartbeat with sysinfo and the service inventory
# every 10 s, a batch of 30 samples every 5 s, an alert event now and then, and a storm in which every
# tenth agent fires five alerts at once — to
#   single: one bin/pihealthd on a fresh database of the local MariaDB;
#   pair:   two bin/pihealthd on one fresh database behind a private nginx (Debian's nginx-light, its
#           own process and generated config, as scripts/services/nginx.sh runs one), round robin;
#   duo:    the same two collectors without nginx, each agent sending to one of them.
# Hosts fleet0001…, each with its own token in the collectors' agent_tokens file. The agents start
# spread over a 10 s ramp that is not measured; DURATION (default 30s) is the measured window.
# Prints per endpoint requests/s, p50/p99/max latency and errors; the collectors' CPU (cores used in
# the window, and CPU seconds over their life) and peak RSS (VmHWM); the database's writes per second
# in the window from the collectors' ingest counters (hosts rows upserted = heartbeats committed,
# samples and alert events committed) and the rows in the tables at the end; where the CPU went.
#
# Usage: bench/fleet.sh N [DURATION]          e.g. bench/fleet.sh 200 15s
#        bench/fleet.sh search [DURATION]     largest N (1000, 2000, 3000, … or FLEET_STEPS) that
#                                             holds p99 < 100 ms and no error, and what limits it
# FLEET_TARGETS="single pair" (the default) picks the targets; FLEET_CLIENT=socket|jdk and
# FLEET_THREADS (default N/8, at least 128) the simulator's sender; FLEET_KEEP=1 keeps each run's configs and logs. MariaDB
# on 127.0.0.1:3306, root, no password. See docs/developing.md, "Benchmarks".
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
. scripts/lib/services.sh
. bench/lib/collector.sh
[ $# -ge 1 ] || { echo "usage: $0 N|search [DURATION]" >&2; exit 2; }
MODE=$1
DURATION=${2:-30s}
SECS=${DURATION%s}
TARGETS=${FLEET_TARGETS:-single pair}
STEPS=${FLEET_STEPS:-1000 2000 3000 4000 5000 6000 8000}
P99_LIMIT_MS=100
for t in $TARGETS; do
  case $t in single | pair | duo) ;; *) echo "FLEET_TARGETS: unknown target $t (single, pair, duo)" >&2; exit 2 ;; esac
done
[[ "$SECS" =~ ^[0-9]+$ ]] || { echo "DURATION: whole seconds, e.g. 30s" >&2; exit 2; }
export BOTASKY_INSTALL=1
ensure_mariadb
command -v nginx >/dev/null || apt_install_no_start nginx-light || die "nginx-light is needed for the pair target"
[ -f collector-api/target/classpath.txt ] || nice mvn -B -q -DskipTests package -pl collector-api -am

DB=botasky_fleet
ADMIN=fleet-admin-token-0123456789
WORK=$(mktemp -d /tmp/botasky-fleet.XXXXXX)
COLLECTORS=()
NGINX_PID=
cleanup() {
  local p
  for p in "${COLLECTORS[@]}" $NGINX_PID; do kill "$p" 2>/dev/null || true; done
  for p in "${COLLECTORS[@]}" $NGINX_PID; do wait "$p" 2>/dev/null || true; done
  COLLECTORS=()
  NGINX_PID=
  return 0
}
finish() {
  cleanup
  mariadb -uroot -h127.0.0.1 -e "DROP DATABASE IF EXISTS $DB" || true
  if [ "${FLEET_KEEP:-}" = 1 ]; then log "files kept in $WORK"; else rm -rf "$WORK"; fi
}
trap finish EXIT

# Every simulated agent its own token (16+ characters), as a real fleet has.
if [ "$MODE" = search ]; then MAXN=$(printf '%s\n' $STEPS | sort -n | tail -1); else MAXN=$MODE; fi
awk -v n="$MAXN" -v s="$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')" \
  'BEGIN { for (i = 1; i <= n; i++) printf "fleet%04d=fleet-%d-%s\n", i, i, s }' >"$WORK/agent_tokens"

# The collector's settings for a fleet on loopback: every agent comes from 127.0.0.1 (or from nginx),
# where a real fleet has one address per host, so the per-address limit goes up to the total.
collector_conf() { # dir
  printf '%s\n' "agent_tokens = $WORK/agent_tokens" "admin_token = $ADMIN" "data_dir = $1/data" \
    "max_connections = 8192" "max_connections_per_peer = 8192"
}

start_collector() { # name (fresh|shared)
  local dir=$WORK/$1
  mkdir -p "$dir"
  local conf
  mapfile -t conf < <(collector_conf "$dir")
  if [ "$2" = fresh ]; then start_bench_collector "$dir" "$DB" "${conf[@]}"; else start_bench_collector_on "$dir" "$DB" "${conf[@]}"; fi
  COLLECTORS+=("$COLLECTOR_PID")
  echo "$PORT" >"$dir/port"
}

# A private nginx in front of the collectors: round robin (its default), keep-alive to them.
start_nginx() { # port...
  local dir=$WORK/nginx user=""
  mkdir -p "$dir/logs" "$dir/tmp"
  [ "$(id -u)" = 0 ] && user="user nobody nogroup;"
  NGINX_PORT=$(free_port)
  cat >"$dir/nginx.conf" <<CFG
$user
worker_processes 1;
worker_rlimit_nofile 65536;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 16384; }
http {
  access_log off;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  client_max_body_size 1m;
  upstream collectors {
$(for p in "$@"; do echo "    server 127.0.0.1:$p;"; done)
    keepalive 1024;
    keepalive_requests 100000;
  }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://collectors;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_next_upstream off;
    }
  }
}
CFG
  nginx -t -p "$dir" -c "$dir/nginx.conf" -g "daemon off;" >"$dir/logs/configtest.log" 2>&1 ||
    die "nginx config test failed: $(cat "$dir/logs/configtest.log")"
  nginx -p "$dir" -c "$dir/nginx.conf" -g "daemon off;" >"$dir/logs/nginx.out" 2>&1 &
  NGINX_PID=$!
  wait_for 15 "nginx" curl -sf "http://127.0.0.1:$NGINX_PORT/healthz" || die "nginx did not start: $(cat "$dir/logs/error.log")"
}

cpu_pressure() { awk '/^some/ { sub(/avg60=/, "", $3); print $3 }' /proc/pressure/cpu 2>/dev/null || echo n/a; }
mariadb_pid() { ss -Htlnp 'sport = :3306' | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2; }
descendants() { { echo "$1"; pgrep -P "$1" || true; } | paste -sd+; } # pid and its children, a+b+c
field() { tr ' ' '\n' | awk -F= -v k="$1" '$1==k{print $2}'; }

# measure TARGET N: one run; prints its table and leaves the FleetSim output in $WORK/TARGET-N.out.
measure() {
  local target=$1 n=$2 urls metrics pids p out=$WORK/$1-$2.out
  rm -rf "${WORK:?}"/c1 "${WORK:?}"/c2 "${WORK:?}"/nginx
  [ "${FLEET_KEEP:-}" = 1 ] && { rm -rf "$WORK/$target-$n"; mkdir -p "$WORK/$target-$n"; }
  start_collector c1 fresh
  if [ "$target" = duo ]; then
    start_collector c2 shared
    urls="http://127.0.0.1:$(cat "$WORK/c1/port"),http://127.0.0.1:$(cat "$WORK/c2/port")"
    metrics=$urls
    pids="collectors=${COLLECTORS[0]}+${COLLECTORS[1]},mariadb=$(mariadb_pid)"
  elif [ "$target" = pair ]; then
    start_collector c2 shared
    start_nginx "$(cat "$WORK/c1/port")" "$(cat "$WORK/c2/port")"
    urls=http://127.0.0.1:$NGINX_PORT
    metrics="http://127.0.0.1:$(cat "$WORK/c1/port"),http://127.0.0.1:$(cat "$WORK/c2/port")"
    pids="collectors=${COLLECTORS[0]}+${COLLECTORS[1]},mariadb=$(mariadb_pid),nginx=$(descendants "$NGINX_PID")"
  else
    urls=http://127.0.0.1:$(cat "$WORK/c1/port")
    metrics=$urls
    pids="collectors=${COLLECTORS[0]},mariadb=$(mariadb_pid)"
  fi
  local load; load=$(cut -d' ' -f1-3 /proc/loadavg)
  # Sender threads: one for every 8 agents (at least 128), so the storm's burst of N/10 requests
  # finds a thread each and what waits is the collector, not the simulator.
  # On 2 cores the common pool has parallelism 1, and CompletableFuture then starts a new thread for
  # every async step HttpClient takes there (its /metrics reads, or all with FLEET_CLIENT=jdk).
  java -Xmx512m -XX:+UseSerialGC -Djava.util.concurrent.ForkJoinPool.common.parallelism=4 bench/fleet/FleetSim.java --url "$urls" --tokens "$WORK/agent_tokens" \
    --agents "$n" --duration "$SECS" --metrics "$metrics" --pids "$pids" --clock-ticks "$(getconf CLK_TCK)" \
    --client "${FLEET_CLIENT:-socket}" --threads "${FLEET_THREADS:-$((n / 8 > 128 ? n / 8 : 128))}" >"$out" 2>"$out.err" || { cat "$out.err" >&2; die "FleetSim failed"; }
  [ -s "$out.err" ] && sed 's/^/fleetsim stderr: /' "$out.err" >&2
  # Right after the run (hosts go quiet only now): every agent beat every 10 s, so a host_down
  # here is a false alarm (host_timeout is 30 s).
  local down; down=$(mariadb -N -uroot -h127.0.0.1 "$DB" -e "SELECT COUNT(DISTINCT host) FROM alerts WHERE \`check\` = 'host_down'")
  echo
  echo "== $target: $n agents, ${SECS}s measured after a 10 s ramp ($(git rev-parse --short HEAD); load average before: $load)"
  grep -v '^FLEET' "$out"
  local hwm=() cpu=()
  for p in "${COLLECTORS[@]}"; do
    hwm+=("$(($(awk '/VmHWM/{print $2}' "/proc/$p/status") / 1024)) MB")
    cpu+=("$(awk -v t="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); split($0, f, " "); printf "%.1f s", (f[12] + f[13]) / t }' "/proc/$p/stat")")
  done
  local db; db=$(grep '^FLEET db' "$out")
  printf 'database writes/s (window): %s hosts rows upserted (heartbeats), %s samples, %s alert events\n' \
    "$(echo "$db" | field heartbeats_per_s)" "$(echo "$db" | field samples_per_s)" "$(echo "$db" | field events_per_s)"
  echo "rows at the end: $(mariadb -N -uroot -h127.0.0.1 "$DB" -e "SELECT CONCAT((SELECT COUNT(*) FROM hosts), ' hosts, ',
    (SELECT COUNT(*) FROM services), ' services (4 an agent), ', (SELECT COUNT(*) FROM samples), ' samples, ',
    (SELECT COUNT(*) FROM alert_events), ' alert events')")"
  echo "hosts the collectors marked down during the run (host/host_down; each agent beat every 10 s): $down"
  echo "collector(s): peak RSS (VmHWM) ${hwm[*]}; CPU over their life ${cpu[*]}"
  echo "CPU in the window, cores of $(nproc) (of which in the kernel): $(grep '^FLEET cpu' "$out" |
    sed 's/^FLEET cpu name=//; s/ cores=/ /; s/ sys=\(.*\)/ (\1)/' | tr '\n' ',' | sed 's/,$//; s/,/, /g')"
  echo "database commits (ingest writers, worst collector, recent): $(grep '^FLEET commit' "$out" |
    sed 's/^FLEET commit writer=//; s/ p50_ms=/ p50 /; s/ p99_ms=\(.*\)/ ms, p99 \1 ms/' | tr '\n' ';' | sed 's/;$//; s/;/; /g')"
  local gc; gc=$(grep '^FLEET gc' "$out" || true)
  [ -n "$gc" ] && echo "collector GC in the window: $(echo "$gc" | field pauses) pauses, $(echo "$gc" | field paused_ms) ms paused in all, the longest (recent) $(echo "$gc" | field max_ms) ms"
  echo "CPU pressure (/proc/pressure/cpu, some avg60): $(cpu_pressure)% of the time a task waited for a CPU"
  local client; client=$(grep '^FLEET client' "$out")
  echo "fleetsim: scheduler lag p99 $(echo "$client" | field lag_p99_ms) ms, max $(echo "$client" | field lag_max_ms) ms; wait for a sender thread p99 $(echo "$client" | field wait_p99_ms) ms"
  echo "heartbeats sent: $(grep '^FLEET inventory' "$out" | sed 's/^FLEET inventory //; s/full=/inventory in full /; s/ short=/, short form /; s/ resend=/, "resend" answers /')"
  grep '^FLEET error' "$out" | sed 's/^FLEET error /errors: /' || true
  cleanup
  mariadb -uroot -h127.0.0.1 -e "DROP DATABASE IF EXISTS $DB"
  # FLEET_KEEP=1: each run's collector and nginx folders (configs, logs) stay for a look.
  [ "${FLEET_KEEP:-}" = 1 ] && mv "$WORK"/c1 "$WORK"/c2 "$WORK"/nginx "$WORK/$target-$n/" 2>/dev/null
  return 0
}

# holds OUT: p99 under the limit on the steady endpoints (heartbeat, metrics, events: their
# requests during the storm count there too) and no error anywhere. The storm's own p99 is that of
# one burst of N/10 requests sent at once, printed but not held to the limit.
holds() {
  grep '^FLEET endpoint=' "$1" | awk -v lim=$P99_LIMIT_MS '
    { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      if (v["errors"] + 0 > 0) bad = 1
      if (v["endpoint"] != "storm" && v["requests"] > 0 && v["p99_ms"] + 0 >= lim) bad = 1 }
    END { exit bad }'
}

# limiter OUT: the largest CPU user in the window, and whether the machine was saturated.
limiter() {
  local out=$1 machine
  machine=$(grep '^FLEET cpu name=machine' "$out" | field cores)
  grep '^FLEET cpu' "$out" | grep -v 'name=machine' | sed 's/^FLEET cpu name=//; s/ cores=/ /; s/ sys=/ /' | sort -k2 -nr | head -1 |
    awk -v m="$machine" -v c="$(nproc)" '{ printf "largest CPU user %s (%s cores, %s in the kernel); machine busy %.2f of %d cores%s", $1, $2, $3, m, c, (m >= 0.9 * c ? " (saturated)" : "") }'
  local commit; commit=$(grep '^FLEET commit' "$out" | field p99_ms | sort -nr | head -1)
  awk -v c="$commit" 'BEGIN { if (c + 0 > 50) printf "; database commits slow (p99 %s ms)", c }'
  awk -v p="$(cpu_pressure)" 'BEGIN { if (p + 0 > 50) printf "; CPU pressure %s%%", p }'
  local gcmax; gcmax=$(grep '^FLEET gc' "$out" | field max_ms)
  awk -v g="$gcmax" 'BEGIN { if (g + 0 > 50) printf "; collector GC pauses up to %s ms", g }'
  # A late scheduler sends late, which the latencies do not see but the offered rate does (250 ms
  # is 5 % of the metrics period); a wait for a sender thread is in the latencies themselves.
  local lag wait; lag=$(grep '^FLEET client' "$out" | field lag_p99_ms); wait=$(grep '^FLEET client' "$out" | field wait_p99_ms)
  awk -v l="$lag" -v w="$wait" 'BEGIN { if (l + 0 > 250 || w + 0 > 50) printf "; the client lags (scheduler %s ms, sender wait %s ms p99): it limits too", l, w }'
  grep -q '^FLEET error' "$out" && printf '; errors: %s' "$(grep '^FLEET error' "$out" | sed 's/^FLEET error //' | tr '\n' ' ')"
  echo
}

echo "fleet benchmark: $(nproc) cores, MariaDB $(mariadb -N -uroot -h127.0.0.1 -e 'SELECT VERSION()'), $(nginx -v 2>&1), $(java -version 2>&1 | head -1); uptime:$(uptime)"
if [ "$MODE" = search ]; then
  for target in $TARGETS; do
    best=0
    failed=0
    for n in $STEPS; do
      measure "$target" "$n"
      if holds "$WORK/$target-$n.out"; then
        best=$n
      else
        echo
        echo ">> $target: $n agents do not hold p99 < $P99_LIMIT_MS ms with 0 errors: $(limiter "$WORK/$target-$n.out")"
        failed=$n
        break
      fi
    done
    # Not even the first step held (a busy machine): halve down to 50 agents for a figure at all.
    while [ "$best" = 0 ] && [ "$((failed / 2))" -ge 50 ]; do
      n=$((failed / 2))
      measure "$target" "$n"
      if holds "$WORK/$target-$n.out"; then best=$n; else
        echo
        echo ">> $target: $n agents do not hold p99 < $P99_LIMIT_MS ms with 0 errors: $(limiter "$WORK/$target-$n.out")"
        failed=$n
      fi
    done
    echo ">> $target: largest N that holds: $best (steps: $STEPS, halved below the first when it failed)"
  done
else
  [[ "$MODE" =~ ^[0-9]+$ ]] || { echo "usage: $0 N|search [DURATION]" >&2; exit 2; }
  for target in $TARGETS; do
    measure "$target" "$MODE"
    echo ">> $target: $(holds "$WORK/$target-$MODE.out" && echo holds || echo "does not hold") p99 < $P99_LIMIT_MS ms with 0 errors; $(limiter "$WORK/$target-$MODE.out")"
  done
fi
