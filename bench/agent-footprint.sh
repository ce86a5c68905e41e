#!/usr/bin/env bash
# Agent footprint, with node_exporter side by side in the same window.
# bin/boagent delivers to a real bin/pihealthd on the local MariaDB for DURATION seconds (default
# 120): the [system] probes at their default intervals (CPU and memory 5 s, disk, sysinfo and users
# 1 min, processes 30 s; flush every 10 rounds, heartbeat 10 s) and, with CHECKS=open (the default),
# one section of each open-check type at 1-minute intervals: [command:load] (check_load of
# monitoring-plugins), [http:collector] and [tcp:collector] (the collector's own port),
# [ping:localhost], [network], [logfile:agent] (the collector's log). Meanwhile Debian's
# prometheus-node-exporter (default collectors) is scraped every 5 s by curl.
# Prints, for both, peak RSS (VmHWM, MB rounded down and kB) and CPU seconds per minute
# (utime+stime from /proc/PID/stat) over the whole run after start-up (the first WARMUP seconds,
# default 20: class loading and JIT), and the agent's private dirty and file-backed pages at the
# end. Goal (docs/agent.md, "Footprint"): agent peak RSS <= 48 MB (49152 kB) and CPU s/min <=
# node_exporter's.
# The agent runs as from its second start on, with the class data sharing archive of bin/cds.sh (a
# first run of 20 s writes the class list); BOTASKY_CDS_DIR= (empty) measures the JDK's default.
# Usage: [CHECKS=open|system] [AGENT_JAVA_OPTS=...] bench/agent-footprint.sh [SECONDS]
# (MariaDB on 127.0.0.1:3306, root, no password; CI=true or BOTASKY_INSTALL=1 installs the
# Debian packages it needs). AGENT_JAVA_OPTS: extra JVM flags for the agent only (to try tunings).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
. scripts/lib/services.sh
. bench/lib/collector.sh
DURATION=${1:-120}
WARMUP=${WARMUP:-20}
CHECKS=${CHECKS:-open}
ensure_mariadb
apt_install_no_start prometheus-node-exporter || die "node_exporter is needed for the side-by-side figures"
if [ "$CHECKS" = open ]; then
  apt_install_no_start monitoring-plugins-basic iputils-ping || die "the open checks need monitoring-plugins-basic and iputils-ping"
fi
[ -f collector-api/target/classpath.txt ] && [ -f agent/target/classpath.txt ] || mvn -B -q -DskipTests package

WORK=$(mktemp -d /tmp/botasky-agent-bench.XXXXXX)
DB=botasky_agent_bench
TOKEN=bench-agent-token-0123456789
echo "benchhost=$TOKEN" > "$WORK/tokens"
COLLECTOR_PID=
APID=
NPID=
SCRAPER=
cleanup() {
  for p in "$SCRAPER" "$APID" "$NPID" "$COLLECTOR_PID"; do
    [ -n "$p" ] && kill "$p" 2>/dev/null || true
  done
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
if [ "$CHECKS" = open ]; then
  cat >> "$WORK/colConfig.ini" <<CONF
[command:load]
command = /usr/lib/nagios/plugins/check_load -w 50,50,50 -c 99,99,99
[http:collector]
url = http://127.0.0.1:$PORT/healthz
[tcp:collector]
host = 127.0.0.1
port = $PORT
[ping:localhost]
host = 127.0.0.1
count = 3
[network]
[logfile:collector]
path = $WORK/pihealthd.log
match = ERROR
CONF
fi

# The agent as it runs from its second start on: with the class data sharing archive its first run
# leaves (bin/cds.sh). A first run of 20 s writes the class list; the measured run dumps and uses it.
export BOTASKY_CDS_DIR=${BOTASKY_CDS_DIR-$WORK/cds}
if [ -n "$BOTASKY_CDS_DIR" ]; then
  BOTASKY_JAVA_OPTS="${AGENT_JAVA_OPTS:-}" bin/boagent -f "$WORK/colConfig.ini" >"$WORK/agent-first.out" 2>&1 &
  APID=$!
  sleep 20
  kill "$APID"; wait "$APID" 2>/dev/null || true
  APID=
  rm -f "$WORK/agent.log"
fi

NPORT=$(free_port)
prometheus-node-exporter --web.listen-address="127.0.0.1:$NPORT" >"$WORK/node_exporter.out" 2>&1 &
NPID=$!
BOTASKY_JAVA_OPTS="${AGENT_JAVA_OPTS:-}" bin/boagent -f "$WORK/colConfig.ini" >"$WORK/agent.out" 2>&1 &
APID=$!
# Ready, or gone (a JVM flag it refuses, a section this build lacks): then say why at once.
wait_for 60 "boagent ready" sh -c "grep -q 'ready: boagent' '$WORK/agent.log' 2>/dev/null || ! kill -0 $APID 2>/dev/null"
kill -0 "$APID" 2>/dev/null || { echo "boagent exited at start:" >&2; cat "$WORK/agent.out" >&2; APID=; exit 1; }
wait_for 10 "node_exporter" curl -sf -o /dev/null "http://127.0.0.1:$NPORT/metrics"
( while sleep 5; do curl -sf -o /dev/null "http://127.0.0.1:$NPORT/metrics" || true; done ) &
SCRAPER=$!

CLK=$(getconf CLK_TCK)
ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
# utime+stime of each thread of PID: tid, ticks, kernel ticks, name (sorted by tid for join).
thread_ticks() {
  for t in /proc/"$1"/task/*; do
    # utime and stime, counted after the ") " that ends the name (a thread name may hold spaces).
    printf '%s\t%s\t%s\n' "${t##*/}" "$(sed 's/.*) //' "$t/stat" | awk '{print $12 + $13 "\t" $13}')" "$(cat "$t/comm")"
  done | sort -t "$(printf '\t')" -k1,1
}
sleep "$WARMUP"
T1=$(date +%s.%N); A1=$(ticks "$APID"); N1=$(ticks "$NPID"); thread_ticks "$APID" > "$WORK/threads1"
sleep "$((DURATION - WARMUP))"
T2=$(date +%s.%N); A2=$(ticks "$APID"); N2=$(ticks "$NPID")
# proc_field PID FILE KEY: the value after "KEY:" in /proc/PID/FILE (status, smaps_rollup).
proc_field() { awk -v k="$3:" '$1 == k {print $2}' "/proc/$1/$2"; }
status() { proc_field "$1" status "$2"; }
AHWM=$(status "$APID" VmHWM); ARSS=$(status "$APID" VmRSS); ATHREADS=$(status "$APID" Threads)
# The agent's own memory at the end: dirty private pages (what it alone costs the host) apart from
# the clean file pages RSS counts too (libjvm, the CDS archive: shared or dropped under pressure).
ADIRTY=$(proc_field "$APID" smaps_rollup Private_Dirty); AFILE=$(status "$APID" RssFile)
NHWM=$(status "$NPID" VmHWM); NRSS=$(status "$NPID" VmRSS)
# Where the agent's CPU went after start-up: utime+stime per thread name between the two marks,
# the top ten (for tuning). Threads are keyed by tid, so one that ended meanwhile drops out.
TOP_THREADS=$(join -t "$(printf '\t')" -a 2 -e 0 -o '0,1.2,2.2,2.3,2.4' "$WORK/threads1" <(thread_ticks "$APID") |
  awk -F'\t' '{u[$5] += $3 - $2} END {for (n in u) printf "%d\t%s\n", u[n], n}' |
  sort -rn | head -10 | awk -F'\t' -v hz="$CLK" '{printf "%s %.2fs, ", $2, $1 / hz}')
kill "$SCRAPER"; SCRAPER=
kill "$APID"
wait "$APID" 2>/dev/null && AEXIT=0 || AEXIT=$?
APID=
SAMPLES=$(mariadb -N -uroot -h127.0.0.1 $DB -e "SELECT COUNT(*) FROM samples WHERE host='benchhost'")
BEATS=$(mariadb -N -uroot -h127.0.0.1 $DB -e "SELECT COUNT(*) FROM hosts WHERE host='benchhost'")
FAILED=$(mariadb -N -uroot -h127.0.0.1 $DB -e "SELECT COUNT(*) FROM alerts WHERE host='benchhost' AND open_key IS NOT NULL AND \`check\` = 'probe_failed'")

JSA=$( [ -z "$BOTASKY_CDS_DIR" ] || find "$BOTASKY_CDS_DIR" -name '*.jsa' -printf '%f %s bytes' 2>/dev/null || true)
per_min() { echo "scale=3; ($2 - $1) / $CLK / (($4 - $3) / 60)" | bc; }
echo
echo "agent footprint: CHECKS=$CHECKS for ${DURATION}s (figures after the first ${WARMUP}s) against pihealthd on MariaDB; $(nproc) cores; $(java -version 2>&1 | head -1)"
echo "JVM flags: $(grep -o '"-X[^"]*"' bin/boagent | head -1) + AGENT_JAVA_OPTS=\"${AGENT_JAVA_OPTS:-}\"; CDS archive: ${JSA:-none, the JDK default}"
printf '%-14s %10s %10s %12s %10s\n' process "peak MB" "peak kB" "CPU s/min" "RSS end MB"
printf '%-14s %10s %10s %12s %10s\n' boagent "$((AHWM / 1024))" "$AHWM" "$(per_min "$A1" "$A2" "$T1" "$T2")" "$((ARSS / 1024))"
printf '%-14s %10s %10s %12s %10s\n' node_exporter "$((NHWM / 1024))" "$NHWM" "$(per_min "$N1" "$N2" "$T1" "$T2")" "$((NRSS / 1024))"
echo "agent at the end: ${ADIRTY} kB private dirty (anonymous and written file pages), ${AFILE} kB file-backed resident"
echo "agent: $ATHREADS threads; delivered $SAMPLES samples; host row: $BEATS; probes failing at the end: $FAILED; exit on SIGTERM: $AEXIT"
echo "agent CPU by thread, user+kernel (after the first ${WARMUP}s): ${TOP_THREADS%, }"
echo "node_exporter: $(prometheus-node-exporter --version 2>&1 | head -1), scraped every 5 s"
mariadb -uroot -h127.0.0.1 -e "DROP DATABASE IF EXISTS $DB"
rm -rf "$WORK"
