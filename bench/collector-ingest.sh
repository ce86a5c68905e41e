#!/usr/bin/env bash
# Ingest benchmark: bin/pihealthd on the local MariaDB, driven by wrk over loopback with 32
# connections for DURATION (default 20s) each: (a) 1 event per request, (b) 100 events per request,
# (c) metric batches of 1,000 samples. Prints events/s, samples/s, p50/p99 latency and the
# collector's RSS (sampled every second; VmHWM is the peak).
# Usage: bench/collector-ingest.sh [DURATION]    (MariaDB on 127.0.0.1:3306, root, no password)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
. scripts/lib/services.sh
. bench/lib/collector.sh
DURATION=${1:-20s}
CONNS=${BENCH_CONNECTIONS:-32}
export BOTASKY_INSTALL=1
command -v wrk >/dev/null || apt_install wrk
ensure_mariadb
[ -f collector-api/target/classpath.txt ] || mvn -B -q -DskipTests package

WORK=$(mktemp -d /tmp/botasky-bench.XXXXXX)
DB=botasky_bench
TOKEN=bench-admin-token-0123456789
COLLECTOR_PID=
cleanup() {
  [ -n "$COLLECTOR_PID" ] && { kill "$COLLECTOR_PID" 2>/dev/null || true; wait "$COLLECTOR_PID" 2>/dev/null || true; }
  kill "${SAMPLER:-}" 2>/dev/null || true
}
trap cleanup EXIT
# wrk opens all its connections from one address, where real agents each have their own: room
# above max_connections_per_peer's default of 32 for the runs and the one before still closing.
# max_inflight at 16 x max_body, as the collector asks (its requests are far smaller anyway).
start_bench_collector "$WORK" "$DB" "admin_token = $TOKEN" "data_dir = $WORK/data" "max_body = 4M" "max_inflight = 64M" \
  "max_connections_per_peer = $((CONNS * 2 + 8))"
PID=$COLLECTOR_PID

# RSS every second, to show it stays flat.
( while kill -0 "$PID" 2>/dev/null; do awk '/VmRSS/{print $2}' "/proc/$PID/status" 2>/dev/null; sleep 1; done ) >"$WORK/rss.txt" &
SAMPLER=$!

run() { # name script per_request
  BENCH_DIR="$ROOT/bench" BENCH_TOKEN=$TOKEN BENCH_PER_REQUEST=$3 \
    wrk -t2 -c"$CONNS" -d"$DURATION" --timeout 10s -s "bench/wrk/$2.lua" "http://127.0.0.1:$PORT" | grep '^RESULT' | sed "s/^RESULT/$1/"
}
# A short warm-up so the JIT and the pool are hot before anything is measured.
BENCH_DIR="$ROOT/bench" BENCH_TOKEN=$TOKEN BENCH_PER_REQUEST=10 wrk -t2 -c8 -d5s -s bench/wrk/events.lua "http://127.0.0.1:$PORT" >/dev/null

A=$(run a-1-event events 1)
B=$(run b-100-events events 100)
C=$(run c-1000-samples metrics 1000)

kill "$SAMPLER" 2>/dev/null || true
HWM=$(awk '/VmHWM/{print $2}' "/proc/$PID/status")
field() { echo "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1==k{print $2}'; }
STORED_EVENTS=$(mariadb -N -uroot -h127.0.0.1 $DB -e "SELECT COUNT(*) FROM alert_events")
STORED_SAMPLES=$(mariadb -N -uroot -h127.0.0.1 $DB -e "SELECT COUNT(*) FROM samples")

echo
echo "collector ingest benchmark: $CONNS connections, $DURATION per run, $(nproc) cores, MariaDB $(mariadb -N -uroot -h127.0.0.1 -e 'SELECT VERSION()')"
printf '%-16s %12s %14s %9s %9s %7s\n' run "requests/s" "items/s" "p50 ms" "p99 ms" errors
for r in "$A:1" "$B:100" "$C:1000"; do
  line=${r%:*}; per=${r##*:}
  printf '%-16s %12.0f %14.0f %9s %9s %7s\n' "$(echo "$line" | cut -d' ' -f1)" "$(field "$line" rps)" \
    "$(echo "$(field "$line" rps) * $per" | bc)" "$(field "$line" p50_ms)" "$(field "$line" p99_ms)" "$(field "$line" errors)"
done
echo "rows stored: $STORED_EVENTS alert events, $STORED_SAMPLES samples"
echo "collector RSS: peak (VmHWM) $((HWM / 1024)) MB; sampled every 1 s: min $(sort -n "$WORK/rss.txt" | head -1 | awk '{print int($1/1024)}') MB, max $(sort -n "$WORK/rss.txt" | tail -1 | awk '{print int($1/1024)}') MB"
mariadb -uroot -h127.0.0.1 -e "DROP DATABASE IF EXISTS $DB"
rm -rf "$WORK"
