#!/usr/bin/env bash
# Runs Botasky on this host for a look around: builds if needed, then starts the collector
# (pihealthd) on the embedded database, the notifier (boird) and an agent (boagent) for this
# host, all with a config in a temporary folder; mail goes to a local SMTP catcher (GreenMail,
# fetched from Maven Central into the local repository on first use) and to the alert log. A
# short busy loop then trips system/runaway_process. Ctrl-C stops everything.
# Nothing to install by hand besides Java 17 and Maven.
#
# Usage: scripts/demo.sh [PORT]   (default 8732; SMTP catcher on PORT+2, its API on PORT+3)
# Environment: DEMO_BUSY_SECONDS (busy loop length, default 60; 0 = none), DEMO_NO_MAIL=1 (log
# channel only, no GreenMail), DEMO_SKIP_BUILD=1 (use what is built, even if sources are newer).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PORT=${1:-${DEMO_PORT:-8732}}
SMTP_PORT=$((PORT + 2))
MAIL_API=$((PORT + 3))
BUSY=${DEMO_BUSY_SECONDS:-60}
GREENMAIL=com.icegreen:greenmail-standalone:2.1.13

say() { printf 'demo: %s\n' "$*"; }

stale() { # module: not built, or sources newer than the build
  [ ! -f "$1/target/classpath.txt" ] ||
    [ -n "$(find "$1/src" common/src common-db/src -newer "$1/target/classpath.txt" -type f 2>/dev/null | head -1)" ]
}
if [ "${DEMO_SKIP_BUILD:-}" != 1 ] && { stale collector-api || stale agent || stale notifier; }; then
  say "building (mvn -B -q -DskipTests package -pl collector-api,agent,notifier -am)…"
  mvn -B -q -Dstyle.color=never -DskipTests package -pl collector-api,agent,notifier -am
fi
for p in "$PORT" "$SMTP_PORT" "$MAIL_API"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
    say "port $p is in use; pick another base port: scripts/demo.sh 18732"; exit 1
  fi
done

DEMO=$(mktemp -d /tmp/botasky-demo.XXXXXX)
token() { printf '%s-%s' "$1" "$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"; }
ADMIN=$(token demo-admin)
AGENT=$(token demo-agent)
HOST=$(hostname)
MAILTO=oncall@demo.local

MAIL=""
if [ "${DEMO_NO_MAIL:-}" != 1 ]; then
  if mvn -B -q -Dstyle.color=never dependency:copy -Dartifact="$GREENMAIL" -DoutputDirectory="$DEMO" >"$DEMO/greenmail-fetch.out" 2>&1; then
    MAIL=$(ls "$DEMO"/greenmail-standalone-*.jar)
  else
    say "could not fetch $GREENMAIL (offline?): alerts go to the log channel only; see $DEMO/greenmail-fetch.out"
  fi
fi

printf '%s=%s\n' "$HOST" "$AGENT" >"$DEMO/agent_tokens"
cat >"$DEMO/pihealthd.conf" <<CONF
# The demo's config: everything under $DEMO. The keys: docs/config-reference.md.
master = demo
client_port = $PORT
bind = 127.0.0.1
hosts = $HOST
host_timeout = 30s
PIHealthLog = $DEMO/pihealthd.log
data_dir = $DEMO/data
agent_tokens = $DEMO/agent_tokens
admin_token = $ADMIN
escalation_file = $DEMO/escalation.conf
smtp_host = 127.0.0.1
smtp_port = $SMTP_PORT
mail_from = botasky@demo.local
notifier_log = $DEMO/boird.log
alert_log = $DEMO/alerts.log
poll_interval = 1s
CONF
{
  if [ -n "$MAIL" ]; then
    printf '[contacts oncall]\nmail = %s\n\n' "$MAILTO"
  fi
  printf '[policy default]\nstep1 = 0s log\n'
  if [ -n "$MAIL" ]; then
    printf 'step2 = 0s mail oncall\nresolved = mail oncall\n'
  fi
  printf 'group_wait = 2s\n'
} >"$DEMO/escalation.conf"
cat >"$DEMO/colConfig.ini" <<INI
; The demo agent: this host's system probes, reporting to the demo collector.
[agent]
host = $HOST
master = 127.0.0.1
port = $PORT
token = $AGENT
data_dir = $DEMO/agent
log = $DEMO/boagent.log
heartbeat = 5s

[system]
; The runaway-process scan every 10 s instead of 30 s, so the busy loop shows up sooner.
proc_interval = 10s
INI

NAMES=() PIDS=()
stop() {
  trap - INT TERM EXIT
  echo
  say "stopping…"
  [ -n "${BUSY_PID:-}" ] && kill "$BUSY_PID" 2>/dev/null || true
  [ -n "${TAIL_PID:-}" ] && kill "$TAIL_PID" 2>/dev/null || true
  [ -n "${MAILWATCH_PID:-}" ] && kill "$MAILWATCH_PID" 2>/dev/null || true
  # Agent first, so its last events reach the collector; the collector last.
  local i rc
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    kill -TERM "${PIDS[i]}" 2>/dev/null || true
    rc=0; wait "${PIDS[i]}" 2>/dev/null || rc=$?
    # GreenMail has no SIGTERM handler: 143 is its normal end.
    [ "${NAMES[i]}" = greenmail ] && [ $rc -eq 143 ] && rc=0
    say "${NAMES[i]} stopped (exit $rc)"
  done
  say "files kept in $DEMO"
}
trap 'stop; exit 0' INT TERM
trap stop EXIT

start() { # name command...: starts in the background (SIGINT ignored; Ctrl-C reaches the trap)
  local name=$1; shift
  "$@" >"$DEMO/$name.out" 2>&1 &
  NAMES+=("$name") PIDS+=($!)
}
wait_ready() { # name logfile: until the daemon logs "ready", or fail if it exits
  local name=$1 log=$2 pid=${PIDS[${#PIDS[@]} - 1]} end=$((SECONDS + 120))
  until grep -q ' ready: ' "$log" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null || [ $SECONDS -ge $end ]; then
      say "$name did not start; its output ($DEMO/$name.out):"; cat "$DEMO/$name.out" >&2; exit 1
    fi
    sleep 0.2
  done
  say "$name ready"
}

if [ -n "$MAIL" ]; then
  start greenmail java -Xmx96m -XX:+UseSerialGC -Dgreenmail.smtp.hostname=127.0.0.1 \
    -Dgreenmail.smtp.port="$SMTP_PORT" -Dgreenmail.api.hostname=127.0.0.1 -Dgreenmail.api.port="$MAIL_API" \
    -Dgreenmail.auth.disabled -jar "$MAIL"
  end=$((SECONDS + 60))
  until curl -sf "http://127.0.0.1:$MAIL_API/api/service/readiness" >/dev/null 2>&1; do
    kill -0 "${PIDS[0]}" 2>/dev/null && [ $SECONDS -lt $end ] || { cat "$DEMO/greenmail.out" >&2; exit 1; }
    sleep 0.2
  done
  say "SMTP catcher (GreenMail) ready on 127.0.0.1:$SMTP_PORT"
fi
start pihealthd bin/pihealthd -c "$DEMO/pihealthd.conf"
wait_ready pihealthd "$DEMO/pihealthd.log"
start boird bin/boird -c "$DEMO/pihealthd.conf"
wait_ready boird "$DEMO/boird.log"
start boagent bin/boagent -f "$DEMO/colConfig.ini"
wait_ready boagent "$DEMO/boagent.log"

touch "$DEMO/alerts.log"
tail -n 0 -F --pid=$$ "$DEMO/alerts.log" 2>/dev/null | sed -u 's/^/alert log: /' &
TAIL_PID=$!
if [ -n "$MAIL" ]; then
  # Prints the subject of each mail the catcher receives.
  (
    seen=0
    while kill -0 $$ 2>/dev/null; do
      subjects=$(curl -sf "http://127.0.0.1:$MAIL_API/api/user/$MAILTO/messages/INBOX" 2>/dev/null |
        grep -o '"subject":"[^"]*"' | sed 's/^"subject":"//; s/"$//') || true
      n=$(printf '%s' "$subjects" | grep -c . || true)
      [ "$n" -gt "$seen" ] && printf '%s\n' "$subjects" | tail -n +$((seen + 1)) | sed "s/^/mail to $MAILTO: /"
      seen=$n
      sleep 2
    done
  ) &
  MAILWATCH_PID=$!
fi
if [ "$BUSY" -gt 0 ]; then
  # One busy core for a minute: over runaway_cpu (50 %) at two samples 5 s apart.
  timeout "$BUSY" sh -c 'while :; do :; done' &
  BUSY_PID=$!
fi

BOTASKY="bin/botasky -c $DEMO/pihealthd.conf"
cat <<MSG

Botasky demo is running: collector, notifier and an agent for $HOST, on the embedded database.
  status page         http://127.0.0.1:$PORT/
  alert log           $DEMO/alerts.log (new lines are shown below as "alert log: …")
  daemon logs         $DEMO/pihealthd.log  $DEMO/boird.log  $DEMO/boagent.log
MSG
if [ -n "$MAIL" ]; then
  cat <<MSG
  mail (GreenMail)    curl -s http://127.0.0.1:$MAIL_API/api/user/$MAILTO/messages/INBOX
MSG
fi
cat <<MSG
  alerts              $BOTASKY alerts
  ack one             $BOTASKY ack <ID> --by you     (stops its escalation)
  silence this host   $BOTASKY silence --host $HOST --for 1h --comment demo
  the notifications   $BOTASKY notifications
MSG
if [ "$BUSY" -gt 0 ]; then
  echo "  an alert            a busy loop (pid $BUSY_PID) runs for ${BUSY}s: within ~30 s system/runaway_process fires,"
  echo "                      and resolves after the loop ends. Make more: sh -c 'while :; do :; done'"
fi
echo "Ctrl-C stops it."
echo

# Until Ctrl-C, or until one of the daemons exits by itself.
DAEMONS=()
for i in "${!NAMES[@]}"; do [ "${NAMES[i]}" = greenmail ] || DAEMONS+=("${PIDS[i]}"); done
rc=0
wait -n "${DAEMONS[@]}" || rc=$?
for i in "${!PIDS[@]}"; do
  kill -0 "${PIDS[i]}" 2>/dev/null || say "${NAMES[i]} exited by itself (exit $rc); see $DEMO/${NAMES[i]}.out and its log"
done
exit 1
