#!/usr/bin/env bash
# Agent footprint: bin/boagent with the [system] probes at the default intervals (CPU and memory 5 s,
# disk, sysinfo and users 1 min, processes 30 s; flush every 10 rounds, heartbeat 10 s) delivering to
# a real bin/pihealthd on the local MariaDB for DURATION seconds (default 120). Prints the agent's
# peak RSS (VmHWM, in MB rounded down and in kB) and its CPU seconds per minute (utime+stime from
# /proc/PID/stat), over the whole run and after the first 20 s (start-up: class loading and JIT).
# Goal: RSS <= 48 MB (49152 kB), CPU <= 0.14 s/min.
# Usage: [AGENT_JAVA_OPTS=...] bench/agent-footprint.sh [SECONDS]    (MariaDB on 127.0.0.1:3306, root, no password)
# AGENT_JAVA_OPTS: extra JVM flags for the agent only, after the launcher's (to try tunings).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
. scripts/lib/services.sh
. bench/lib/collector.sh
DURATION=${1:-120}
WARMUP=${WARMUP:-20}
ensure_mariadb
[ -f collector-api/target/classpath.txt ] && [ -f agent/target/classpath.txt ] || mvn -B -q -DskipTests package

WORK=$(mktemp -d /tmp/botasky-agent-bench.XXXXXX)
DB=botasky_agent_bench
TOKEN=bench-agent-token-0123456789
echo "benchhost=$TOKEN" > "$WORK/tokens"
COLLECTOR_PID=
APID=
cleanup() {
  [ -n "$APID" ] && kill "$APID" 2>/dev/null || true
  [ -n "$COLLECTOR_PID" ] && kill "$COLLECTOR_PID" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT
start_bench_collector "$WORK" "$DB" "agent_tokens = $WORK/tokens" "data_dir = $WORK/collector"
cat > "$WORK/colConfig.ini" <<CONF
[agent]
host = benchhost
master = 127.0.0.1
port = $PORT
token = $TOKEN
data_dir = $WORK/spool
log = $WORK/agent.log
[system]
CONF

BOTASKY_JAVA_OPTS="${AGENT_JAVA_OPTS:-}" bin/boagent -f "$WORK/colConfig.ini" >"$WORK/agent.out" 2>&1 &
APID=$!
# Ready, or gone (a JVM flag it refuses): then say why at once instead of waiting out the minute.
wait_for 60 "boagent ready" sh -c "grep -q 'ready: boagent' '$WORK/agent.log' 2>/dev/null || ! kill -0 $APID 2>/dev/null"
kill -0 "$APID" 2>/dev/null || { echo "boagent exited at start:" >&2; cat "$WORK/agent.out" >&2; APID=; exit 1; }
CLK=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' "/proc/$APID/stat"; }
T0=$(date +%s.%N); C0=$(ticks)
sleep "$WARMUP"
T1=$(date +%s.%N); C1=$(ticks)
sleep "$((DURATION - WARMUP))"
T2=$(date +%s.%N); C2=$(ticks)
HWM=$(awk '/VmHWM/{print $2}' "/proc/$APID/status")
RSS=$(awk '/VmRSS/{print $2}' "/proc/$APID/status")
THREADS=$(awk '/Threads/{print $2}' "/proc/$APID/status")
kill "$APID"
wait "$APID" 2>/dev/null && AEXIT=0 || AEXIT=$?
APID=
SAMPLES=$(mariadb -N -uroot -h127.0.0.1 $DB -e "SELECT COUNT(*) FROM samples WHERE host='benchhost'")
BEATS=$(mariadb -N -uroot -h127.0.0.1 $DB -e "SELECT COUNT(*) FROM hosts WHERE host='benchhost'")

per_min() { echo "scale=3; ($2 - $1) / $CLK / (($4 - $3) / 60)" | bc; }
echo
echo "agent footprint: [system] at the default intervals for ${DURATION}s against pihealthd on MariaDB; $(nproc) cores; $(java -version 2>&1 | head -1)"
echo "JVM flags: $(grep -o '"-X[^"]*"' bin/boagent | head -1) + AGENT_JAVA_OPTS=\"${AGENT_JAVA_OPTS:-}\""
echo "peak RSS (VmHWM): $((HWM / 1024)) MB = $HWM kB   (RSS at end $((RSS / 1024)) MB, $THREADS threads)"
echo "CPU: $(per_min "$C0" "$C2" "$T0" "$T2") s/min over the whole run, $(per_min "$C1" "$C2" "$T1" "$T2") s/min after the first ${WARMUP}s"
echo "delivered: $SAMPLES samples; host row: $BEATS; agent exit on SIGTERM: $AEXIT"
mariadb -uroot -h127.0.0.1 -e "DROP DATABASE IF EXISTS $DB"
rm -rf "$WORK"
