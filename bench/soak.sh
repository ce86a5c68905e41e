#!/usr/bin/env bash
# The long run (docs/developing.md, "Build and test"): one collector, one notifier and AGENTS real
# agents (default 10; hosts soak1…soakN, each with its own spool) on this machine for HOURS, faults on
# a schedule repeated every hour (or once over a shorter run): an agent killed (SIGKILL) and
# restarted, the collector restarted, the database restarted, the SMTP server frozen for a minute
# (SIGSTOP/SIGCONT), a runaway process (a busy loop for a minute); and a steady trickle of alerts
# (each agent's fixture process, watched by its [process:fixture], is killed and restarted).
# Every 30 s it records each daemon's RSS, heap used (jcmd GC.heap_info), open descriptors and
# threads, and the machine's zombie processes. After a quiet minute at the end it prints per daemon
# the start, max and slope per hour of each, and checks that every alert event an agent logged
# (`alert: firing|resolved …`) is in alert_events once, in order, and that every due notification
# (notify_plan) was sent once (notifications). Goal: flat memory, no growth in descriptors or
# threads, 0 zombies, 0 lost, 0 duplicated.
# The database is a private mariadbd on a free port (data under the run's folder), so restarting it
# does not touch the shared MariaDB; the SMTP catcher is GreenMail standalone (as scripts/demo.sh).
# Usage: bench/soak.sh HOURS [AGENTS]   e.g. bench/soak.sh 0.1 3 (a 6-minute check)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
. scripts/lib/services.sh
. bench/lib/collector.sh
. bench/lib/soak.sh
[ $# -ge 1 ] || { echo "usage: $0 HOURS [AGENTS]" >&2; exit 2; }
HOURS=$1
AGENTS=${2:-10}
DURATION=$(python3 -c "print(max(60, int(float('$HOURS') * 3600)))")
SAMPLE_EVERY=${SOAK_SAMPLE_SECONDS:-30}
GREENMAIL=com.icegreen:greenmail-standalone:2.1.13
command -v mariadbd >/dev/null || die "mariadbd is needed (a private instance is restarted)"
command -v jcmd >/dev/null || die "jcmd (the JDK's) is needed for heap used"
[ -f collector-api/target/classpath.txt ] && [ -f agent/target/classpath.txt ] && [ -f notifier/target/classpath.txt ] ||
  mvn -B -q -DskipTests package -pl collector-api,agent,notifier -am

WORK=$(mktemp -d /tmp/botasky-soak.XXXXXX)
mkdir -p "$WORK/pids"
export WORK
DB_PORT=$(free_port)
PORT=$(free_port)
SMTP_PORT=$(free_port)
MAIL_API=$(free_port)
MAILTO=oncall@soak.local
SAMPLER=
cleanup() {
  trap - EXIT INT TERM
  [ -n "$SAMPLER" ] && kill "$SAMPLER" 2>/dev/null || true
  [ -f "$WORK/pids/greenmail" ] && kill -CONT "$(cat "$WORK/pids/greenmail")" 2>/dev/null || true
  local f
  for f in "$WORK"/pids/*; do
    [ -e "$f" ] || continue
    case ${f##*/} in mariadbd) ;; *) stop_pid "${f##*/}" ;; esac
  done
  stop_soak_db
  wait 2>/dev/null || true
  if [ "${SOAK_KEEP:-}" = 1 ]; then log "files kept in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM

log "run folder $WORK; $AGENTS agents for ${DURATION}s; MariaDB :$DB_PORT, collector :$PORT, SMTP :$SMTP_PORT"
start_soak_db
soak_db_sql "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1'; GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
  CREATE DATABASE botasky_soak CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
dbq() { mariadb --no-defaults -uroot -h127.0.0.1 -P"$DB_PORT" -N -B botasky_soak -e "$1"; }

mvn -B -q -Dstyle.color=never dependency:copy -Dartifact="$GREENMAIL" -DoutputDirectory="$WORK" \
  >"$WORK/greenmail-fetch.out" 2>&1 || { cat "$WORK/greenmail-fetch.out" >&2; die "could not fetch $GREENMAIL"; }
java -Xmx96m -XX:+UseSerialGC -Dgreenmail.smtp.hostname=127.0.0.1 -Dgreenmail.smtp.port="$SMTP_PORT" \
  -Dgreenmail.api.hostname=127.0.0.1 -Dgreenmail.api.port="$MAIL_API" -Dgreenmail.auth.disabled \
  -jar "$WORK"/greenmail-standalone-*.jar >"$WORK/greenmail.out" 2>&1 &
echo $! >"$WORK/pids/greenmail"
wait_for 60 GreenMail curl -sf "http://127.0.0.1:$MAIL_API/api/service/readiness" || die "GreenMail did not start"

: >"$WORK/agent_tokens"
for i in $(seq 1 "$AGENTS"); do echo "soak$i=soak-agent-$i-0123456789abcdef" >>"$WORK/agent_tokens"; done
cat >"$WORK/pihealthd.conf" <<CONF
master = soak
client_port = $PORT
bind = 127.0.0.1
db_url = jdbc:mysql://127.0.0.1:$DB_PORT/botasky_soak
db_user = root
db_password =
PIHealthLog = $WORK/pihealthd.log
data_dir = $WORK/collector
agent_tokens = $WORK/agent_tokens
admin_token = soak-admin-0123456789abcdef
escalation_file = $WORK/escalation.conf
smtp_host = 127.0.0.1
smtp_port = $SMTP_PORT
mail_from = botasky@soak.local
notifier_log = $WORK/boird.log
alert_log = $WORK/alerts.log
poll_interval = 1s
CONF
printf '[contacts oncall]\nmail = %s\n\n[policy default]\nstep1 = 0s mail oncall\nresolved = mail oncall\ngroup_wait = 2s\n' \
  "$MAILTO" >"$WORK/escalation.conf"
start_collector || die "pihealthd did not start"
start_notifier || die "boird did not start"
for i in $(seq 1 "$AGENTS"); do
  mkdir -p "$WORK/agent$i"
  cat >"$WORK/agent$i/colConfig.ini" <<INI
[agent]
host = soak$i
master = 127.0.0.1
port = $PORT
token = soak-agent-$i-0123456789abcdef
data_dir = $WORK/agent$i/spool
log = $WORK/agent$i/agent.log
heartbeat = 10s
[system]
proc_interval = 10s
[process:fixture]
interval = 5s
match = ^soakfix-soak$i( |\$)
[tcp:collector]
host = 127.0.0.1
port = $PORT
interval = 30s
INI
  start_fixture "$i"
  start_agent "$i" || die "agent $i did not start"
done
log "all up"

# The sampler waits on its sleep, so stopping it leaves no orphan (PID 1 of a container may not reap).
# It runs without errexit/pipefail: a jcmd that times out under load left its pipeline empty, and
# the inherited `set -e` ended the sampler for good after a few minutes.
( set +e +o pipefail
  trap 'kill "$nap" 2>/dev/null; exit 0' TERM
  while :; do sample_once; sleep "$SAMPLE_EVERY" & nap=$!; wait "$nap"; done ) >>"$WORK/samples.txt" 2>/dev/null &
SAMPLER=$!

# The fault schedule, per cycle of an hour (or the whole run if shorter), as fractions of the cycle.
CYCLE=$((DURATION < 3600 ? DURATION : 3600))
FAULTS=(agent collector database smtp runaway)
AT=(10 25 40 55 75)
FREEZE=60
BUSY=60
START=$SECONDS
next_fault=0 cycle_start=0 tick=0 victim=0
fault() { # name
  case $1 in
    agent)
      victim=$((victim % AGENTS + 1))
      log "fault: agent$victim killed (SIGKILL), restarted in 10 s"
      stop_pid "agent$victim" KILL; sleep 10; start_agent "$victim" || log "agent$victim did not come back" ;;
    collector)
      log "fault: collector restarted"
      stop_pid pihealthd; start_collector || log "the collector did not come back" ;;
    database)
      log "fault: database restarted (down 15 s)"
      stop_soak_db; sleep 15; start_soak_db ;;
    smtp)
      log "fault: SMTP frozen for ${FREEZE}s"
      kill -STOP "$(cat "$WORK/pids/greenmail")"
      ( sleep "$FREEZE"; kill -CONT "$(cat "$WORK/pids/greenmail")" ) & ;;
    runaway)
      log "fault: a runaway process (one busy core for ${BUSY}s)"
      timeout "$BUSY" sh -c 'while :; do :; done' & ;;
  esac
}
# The trickle: every 10 s each agent's fixture is up or down on a cycle of 80 s (down 30 s), the
# agents out of phase with one another.
while [ $((SECONDS - START)) -lt "$DURATION" ]; do
  el=$((SECONDS - START))
  if [ $next_fault -lt ${#FAULTS[@]} ] && [ $((el - cycle_start)) -ge $((CYCLE * AT[next_fault] / 100)) ]; then
    fault "${FAULTS[next_fault]}"
    next_fault=$((next_fault + 1))
  fi
  if [ $((el - cycle_start)) -ge "$CYCLE" ]; then cycle_start=$el next_fault=0; fi
  for i in $(seq 1 "$AGENTS"); do
    if [ $(((tick + i * 3) % 8)) -lt 3 ]; then
      stop_pid "fixture$i"
    elif [ ! -f "$WORK/pids/fixture$i" ]; then
      start_fixture "$i"
    fi
  done
  tick=$((tick + 1))
  sleep 10
done
log "faults and trickle over: fixtures back, a quiet minute for the last alerts and notifications"
for i in $(seq 1 "$AGENTS"); do [ -f "$WORK/pids/fixture$i" ] || start_fixture "$i"; done
kill -CONT "$(cat "$WORK/pids/greenmail")" 2>/dev/null || true
sleep 60
sample_once >>"$WORK/samples.txt"
kill "$SAMPLER" 2>/dev/null || true
wait "$SAMPLER" 2>/dev/null || true
SAMPLER=

dbq "SELECT host, resource, instance, \`check\`, state, observed_at, id FROM alert_events ORDER BY observed_at, id" >"$WORK/events.tsv"
# Per escalation event: rows sent, and recipients (channel + target) sent to; a channel the policy
# falls back to when mail fails (the alert log) is another recipient, not a duplicate. Last, its
# rows that a flap episode cancelled (docs/notifier.md, "Flapping": pending notices of the
# fingerprint give way to one FLAPPING notice) where that recipient did get the FLAPPING notice.
dbq "SELECT p.id, p.alert_id, p.kind, p.step, p.due_at,
       (SELECT COUNT(*) FROM notifications n WHERE n.plan_id = p.id AND n.status = 'sent'),
       (SELECT COUNT(DISTINCT n.channel, n.target) FROM notifications n WHERE n.plan_id = p.id AND n.status = 'sent'),
       (SELECT COALESCE(GROUP_CONCAT(DISTINCT n.status), '') FROM notifications n WHERE n.plan_id = p.id),
       (SELECT COUNT(*) FROM notifications n JOIN alerts pa ON pa.id = p.alert_id
         WHERE n.plan_id = p.id AND n.last_error LIKE 'cancelled: flapping%'
           AND EXISTS (SELECT 1 FROM notifications f JOIN notify_plan fp ON fp.id = f.plan_id
                       JOIN alerts fa ON fa.id = fp.alert_id
                       WHERE fp.kind = 'flapping' AND f.status = 'sent' AND f.channel = n.channel
                         AND f.target = n.target AND fa.host = pa.host AND fa.resource = pa.resource
                         AND fa.instance = pa.instance AND fa.\`check\` = pa.\`check\`))
     FROM notify_plan p ORDER BY p.id" >"$WORK/plan.tsv"
# Alerts that fired and were never planned (no step, no recovery notice): a step at 0 s was due.
dbq "SELECT a.id, a.host, a.resource, a.instance, a.\`check\`, a.severity, a.state, a.first_seen,
       COALESCE(a.resolved_at, -1), a.updated_at FROM alerts a
     WHERE NOT EXISTS (SELECT 1 FROM notify_plan p WHERE p.alert_id = a.id) ORDER BY a.id" >"$WORK/unplanned.tsv"
# Alerts held by a flap episode (docs/notifier.md, "Flapping"), by design not lost: of a fingerprint
# flapping now (notify_flapping) since this alert or before, or opened after an episode's FLAPPING
# notice (a plan of kind flapping) with no alert of the fingerprint planned as usual in between
# (which would mean the episode had ended).
dbq "SELECT a.id FROM alerts a WHERE NOT EXISTS (SELECT 1 FROM notify_plan p WHERE p.alert_id = a.id) AND (
       EXISTS (SELECT 1 FROM notify_flapping f WHERE f.host = a.host AND f.resource = a.resource
               AND f.instance = a.instance AND f.\`check\` = a.\`check\` AND f.alert_id <= a.id)
       OR EXISTS (SELECT 1 FROM notify_plan p JOIN alerts pa ON pa.id = p.alert_id
                  WHERE p.kind = 'flapping' AND pa.host = a.host AND pa.resource = a.resource
                    AND pa.instance = a.instance AND pa.\`check\` = a.\`check\` AND pa.id < a.id
                    AND NOT EXISTS (SELECT 1 FROM alerts b JOIN notify_plan q ON q.alert_id = b.id
                                    WHERE q.kind IN ('step', 'resolved') AND b.host = a.host
                                      AND b.resource = a.resource AND b.instance = a.instance
                                      AND b.\`check\` = a.\`check\` AND b.id > pa.id AND b.id < a.id)))" \
  >"$WORK/held.tsv"
curl -sf "http://127.0.0.1:$MAIL_API/api/user/$MAILTO/messages/INBOX" >"$WORK/mails.json" || true
MAILS=$(jq length "$WORK/mails.json" 2>/dev/null || echo -1)
python3 bench/lib/soak_report.py "$WORK" "$(($(date +%s%3N) - 60000))" "$MAILS" "$$" \
  "$AGENTS agents, ${DURATION}s, $(nproc) cores, heap by jcmd GC.heap_info, sampled every ${SAMPLE_EVERY}s"
