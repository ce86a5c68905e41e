#!/usr/bin/env bash
# Ingest benchmark: bin/pihealthd on the local MariaDB, driven by wrk over loopback with 32
# connections for DURATION (default 20s) each: (a) 1 event per request, (b) 100 events per request,
# (c) metric batches of 1,000 samples. Prints events/s, samples/s, p50/p99 latency and the
# collector's RSS (sampled every second; VmHWM is the peak).
# With ANCHOR=<git revision>, that revision is built too (a detached worktree under
# ~/.cache/botasky/anchors, kept for the next run) and measured in the same run, before this tree,
# so both tables come from the same machine in the same minutes.
# Alertmanager (Debian's prometheus-alertmanager, 0.25 on Debian 12; it keeps alerts in memory
# only) is measured after it with the same wrk, connections and duration on the same alert mix
# (bench/wrk/alertmanager.lua), and the ratio of events/s printed (ALERTMANAGER=0 leaves it out).
# Each server is warmed up first for BENCH_WARMUP (default 45s) at the 1-event load.
# Usage: [ANCHOR=REV] [ALERTMANAGER=0] bench/collector-ingest.sh [DURATION]    (MariaDB on 127.0.0.1:3306, root, no password)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
. scripts/lib/services.sh
. bench/lib/collector.sh
DURATION=${1:-20s}
CONNS=${BENCH_CONNECTIONS:-32}
WARMUP=${BENCH_WARMUP:-45s}
export BOTASKY_INSTALL=1
command -v wrk >/dev/null || apt_install wrk
[ "${ALERTMANAGER:-1}" = 0 ] || command -v prometheus-alertmanager >/dev/null ||
  apt_install_no_start prometheus-alertmanager || die "prometheus-alertmanager is needed for the anchor (ALERTMANAGER=0 leaves it out)"
ensure_mariadb
[ -f collector-api/target/classpath.txt ] || mvn -B -q -DskipTests package

DB=botasky_bench
TOKEN=bench-admin-token-0123456789
COLLECTOR_PID=
AM_PID=
SAMPLER=
WORK=
cleanup() {
  [ -n "$AM_PID" ] && { kill "$AM_PID" 2>/dev/null || true; wait "$AM_PID" 2>/dev/null || true; }
  [ -n "$COLLECTOR_PID" ] && { kill "$COLLECTOR_PID" 2>/dev/null || true; wait "$COLLECTOR_PID" 2>/dev/null || true; }
  [ -n "$SAMPLER" ] && kill "$SAMPLER" 2>/dev/null || true
  [ -n "$WORK" ] && rm -rf "$WORK"
  return 0
}
trap cleanup EXIT

# anchor_tree REV: a built checkout of REV (prints its path).
anchor_tree() {
  local sha dir
  sha=$(git rev-parse --verify "$1^{commit}")
  dir="${XDG_CACHE_HOME:-$HOME/.cache}/botasky/anchors/$sha"
  if [ ! -f "$dir/collector-api/target/classpath.txt" ]; then
    [ -d "$dir" ] || git worktree add --detach "$dir" "$sha" >&2
    (cd "$dir" && mvn -B -q -DskipTests package >&2)
  fi
  echo "$dir"
}

# Helpers shared by both servers' runs.
# wrk_run NAME SCRIPT PER_REQUEST URL [DURATION]: one wrk run of bench/wrk/SCRIPT.lua, its RESULT
# line renamed NAME ("NAME requests=… rps=… p50_ms=… p99_ms=… errors=…").
wrk_run() {
  BENCH_DIR="$ROOT/bench" BENCH_TOKEN=$TOKEN BENCH_PER_REQUEST=$3 \
    wrk -t2 -c"$CONNS" -d"${5:-$DURATION}" --timeout 10s -s "bench/wrk/$2.lua" "$4" | grep '^RESULT' | sed "s/^RESULT/$1/"
}
# field LINE KEY: the value of KEY= in a RESULT line.
field() { echo "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1==k{print $2}'; }
# cpu_ticks PID: its utime + stime, counted after the ") " that ends the name.
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
# per_item TICKS N: clock ticks per item, in microseconds.
per_item() { echo "$1 * 1000000 / $(getconf CLK_TCK) / $2" | bc; }
# seconds TICKS: clock ticks as seconds.
seconds() { echo "scale=2; $1 / $(getconf CLK_TCK)" | bc; }
# print_runs "LINE:PER_REQUEST"…: the table of wrk runs.
print_runs() {
  printf '%-16s %12s %14s %9s %9s %7s\n' run "requests/s" "items/s" "p50 ms" "p99 ms" errors
  local r line per
  for r in "$@"; do
    line=${r%:*} per=${r##*:}
    printf '%-16s %12.0f %14.0f %9s %9s %7s\n' "$(echo "$line" | cut -d' ' -f1)" "$(field "$line" rps)" \
      "$(echo "$(field "$line" rps) * $per" | bc)" "$(field "$line" p50_ms)" "$(field "$line" p99_ms)" "$(field "$line" errors)"
  done
}

# measure TREE LABEL: runs the three workloads against TREE's bin/pihealthd; prints the table.
measure() {
  local tree=$1 label=$2
  WORK=$(mktemp -d /tmp/botasky-bench.XXXXXX)
  # wrk opens all its connections from one address, where real agents each have their own: room
  # above max_connections_per_peer's default of 32 for the runs and the one before still closing.
  # max_inflight at 16 x max_body, as the collector asks (its requests are far smaller anyway).
  (cd "$tree" && start_bench_collector "$WORK" "$DB" "admin_token = $TOKEN" "data_dir = $WORK/data" "max_body = 4M" \
    "max_inflight = 64M" "max_connections_per_peer = $((CONNS * 2 + 8))" && echo "$PORT $COLLECTOR_PID" >"$WORK/started")
  read -r PORT COLLECTOR_PID <"$WORK/started"
  local pid=$COLLECTOR_PID url="http://127.0.0.1:$PORT"
  # RSS every second, to show it stays flat.
  ( while kill -0 "$pid" 2>/dev/null; do awk '/VmRSS/{print $2}' "/proc/$pid/status" 2>/dev/null; sleep 1; done ) >"$WORK/rss.txt" &
  SAMPLER=$!
  # A warm-up at the first run's load, so the JIT and the pool are hot before anything is measured:
  # after 5 s the C2 compiler still took 40 % of the collector's CPU in the run after it (6.6 of
  # 15.2 s) and halved its rate; after 45 s, 1.8 s (docs/collector.md, "Sizing and measured
  # throughput").
  wrk_run warm-up events 1 "$url" "$WARMUP" >/dev/null
  local a b c dbpid cpu0 cpu1 cpu2 db0 db1 db2
  dbpid=$(ss -Hltnp 'sport = :3306' | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
  cpu0=$(cpu_ticks "$pid"); db0=$(cpu_ticks "$dbpid")
  a=$(wrk_run a-1-event events 1 "$url")
  cpu1=$(cpu_ticks "$pid"); db1=$(cpu_ticks "$dbpid")
  ONE_EVENT_RPS=$(field "$a" rps)
  b=$(wrk_run b-100-events events 100 "$url")
  cpu2=$(cpu_ticks "$pid"); db2=$(cpu_ticks "$dbpid")
  c=$(wrk_run c-1000-samples metrics 1000 "$url")
  kill "$SAMPLER" 2>/dev/null || true
  SAMPLER=
  local hwm events samples
  hwm=$(awk '/VmHWM/{print $2}' "/proc/$pid/status")
  events=$(mariadb -N -uroot -h127.0.0.1 $DB -e "SELECT COUNT(*) FROM alert_events")
  samples=$(mariadb -N -uroot -h127.0.0.1 $DB -e "SELECT COUNT(*) FROM samples")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  COLLECTOR_PID=
  echo
  echo "== $label ($(cd "$tree" && git rev-parse --short HEAD)$(cd "$tree" && git diff --quiet HEAD -- . || echo ', with uncommitted changes'))"
  print_runs "$a:1" "$b:100" "$c:1000"
  echo "rows stored: $events alert events, $samples samples"
  echo "CPU in the 1-event run: collector $(seconds $((cpu1 - cpu0))) s, MariaDB $(seconds $((db1 - db0))) s;" \
    "per event: collector $(per_item $((cpu1 - cpu0)) "$(field "$a" requests)") µs, MariaDB $(per_item $((db1 - db0)) "$(field "$a" requests)") µs"
  # With 100 events a request, what a request and a transaction cost is spread thin: this is about
  # the least each stored event costs.
  echo "CPU per event in the 100-event run: collector $(per_item $((cpu2 - cpu1)) $(($(field "$b" requests) * 100))) µs," \
    "MariaDB $(per_item $((db2 - db1)) $(($(field "$b" requests) * 100))) µs"
  echo "collector RSS: peak (VmHWM) $((hwm / 1024)) MB; sampled every 1 s: min $(sort -n "$WORK/rss.txt" | head -1 | awk '{print int($1/1024)}') MB, max $(sort -n "$WORK/rss.txt" | tail -1 | awk '{print int($1/1024)}') MB"
  mariadb -uroot -h127.0.0.1 -e "DROP DATABASE IF EXISTS $DB"
  rm -rf "$WORK"
  WORK=
}

# measure_alertmanager: the same wrk runs against Alertmanager, and the ratio of the 1-event runs.
measure_alertmanager() {
  WORK=$(mktemp -d /tmp/botasky-bench.XXXXXX)
  local port url cpu0 cpu1 a b hwm
  port=$(free_port)
  url="http://127.0.0.1:$port"
  printf 'route:\n  receiver: "null"\nreceivers:\n  - name: "null"\n' >"$WORK/alertmanager.yml"
  # No cluster (gossip off), its own storage folder: one Alertmanager as one collector.
  prometheus-alertmanager --config.file="$WORK/alertmanager.yml" --storage.path="$WORK/am" \
    --web.listen-address="127.0.0.1:$port" --cluster.listen-address= >"$WORK/alertmanager.out" 2>&1 &
  AM_PID=$!
  wait_for 20 Alertmanager curl -sf -o /dev/null "$url/-/ready" || { cat "$WORK/alertmanager.out" >&2; die "Alertmanager did not start"; }
  wrk_run warm-up alertmanager 1 "$url" "$WARMUP" >/dev/null
  cpu0=$(cpu_ticks "$AM_PID")
  a=$(wrk_run a-1-alert alertmanager 1 "$url")
  cpu1=$(cpu_ticks "$AM_PID")
  b=$(wrk_run b-100-alerts alertmanager 100 "$url")
  hwm=$(awk '/VmHWM/{print $2}' "/proc/$AM_PID/status")
  kill "$AM_PID"; wait "$AM_PID" 2>/dev/null || true
  AM_PID=
  echo
  echo "== anchor: $(prometheus-alertmanager --version 2>&1 | head -1) (alerts in memory only, nothing committed)"
  print_runs "$a:1" "$b:100"
  echo "Alertmanager CPU in the 1-alert run: $(seconds $((cpu1 - cpu0))) s, $(per_item $((cpu1 - cpu0)) "$(field "$a" requests)") µs per alert; RSS: peak (VmHWM) $((hwm / 1024)) MB"
  rm -rf "$WORK"
  WORK=
  echo
  printf 'ratio, 1 event per request, this tree / Alertmanager: %.2f (goal >= 1.0)\n' \
    "$(echo "scale=4; $ONE_EVENT_RPS / $(field "$a" rps)" | bc)"
}

echo "collector ingest benchmark: $CONNS connections, $DURATION per run, $(nproc) cores, MariaDB $(mariadb -N -uroot -h127.0.0.1 -e 'SELECT VERSION()')"
if [ -n "${ANCHOR:-}" ]; then
  measure "$(anchor_tree "$ANCHOR")" "anchor $ANCHOR"
fi
measure "$ROOT" "this tree"
[ "${ALERTMANAGER:-1}" = 0 ] || measure_alertmanager
