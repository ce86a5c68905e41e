#!/usr/bin/env bash
# scripts/botasky.sh, boird.sh, boagent.sh against the real daemons of this checkout (bin/):
# LSB status codes, PID files, start when running, stop waiting for the exit, a stale PID file,
# a broken config (status 6, nothing left running), restart, selectors' own PID files.
# Run by ScriptsIT after `package`. Usage: daemon-scripts.sh REPO_ROOT WORKDIR
set -euo pipefail
ROOT=$(readlink -f "$1")
W=$2
rm -rf "$W"; mkdir -p "$W"
export BOTASKY_RUN_DIR=$W/run BOTASKY_START_TIMEOUT=120
S=$ROOT/scripts

fail() { echo "FAIL: $*" >&2; exit 1; }
expect() { # code description command...
  local want=$1 what=$2; shift 2
  local rc=0; "$@" >"$W/last.out" 2>&1 || rc=$?
  cat "$W/last.out"
  [ "$rc" -eq "$want" ] || fail "$what: exit $rc, expected $want"
}
free_port() {
  local p
  for _ in $(seq 50); do
    p=$((20000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
  fail "no free port"
}
PORT=$(free_port)
cat >"$W/pihealthd.conf" <<CONF
master = scripts-test
client_port = $PORT
bind = 127.0.0.1
PIHealthLog = $W/pihealthd.log
data_dir = $W/data
escalation_file = $W/escalation.conf
notifier_log = $W/boird.log
alert_log = $W/alerts.log
smtp_port = 1
CONF
printf '[policy default]\nstep1 = 0s log\n' >"$W/escalation.conf"
cat >"$W/colConfig.ini" <<INI
[agent]
master = 127.0.0.1
port = $PORT
token = scripts-test-token-0123456789
data_dir = $W/agent
log = $W/boagent.log
[system]
INI
# A second agent runs with its own spool (data_dir is locked by the agent that owns it).
sed "s|$W/agent|$W/agent2|; s|$W/boagent.log|$W/boagent2.log|" "$W/colConfig.ini" >"$W/colConfig2.ini"

echo "--- nothing running"
expect 3 "status before start" "$S/botasky.sh" --status -c "$W/pihealthd.conf"
expect 0 "stop when stopped" "$S/botasky.sh" --stop -c "$W/pihealthd.conf"
expect 2 "no action" "$S/botasky.sh" -c "$W/pihealthd.conf"

echo "--- start the three"
expect 0 "start pihealthd" "$S/botasky.sh" --start -c "$W/pihealthd.conf"
PID=$(cat "$W/run/pihealthd.pid")
tr '\0' ' ' <"/proc/$PID/cmdline" | grep -q io.botasky.collector.Pihealthd || fail "PID file does not name the collector"
curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null || fail "collector not answering after --start returned"
expect 0 "status running" "$S/botasky.sh" --status -c "$W/pihealthd.conf"
expect 0 "start when running" "$S/botasky.sh" --start -c "$W/pihealthd.conf"
grep -q "already running (pid $PID)" "$W/last.out" || fail "second start did not say already running"
expect 0 "start boird" "$S/boird.sh" --start -c "$W/pihealthd.conf"
expect 0 "start boagent" "$S/boagent.sh" --start -f "$W/colConfig.ini"
expect 0 "start a second agent with a selector" "$S/boagent.sh" --start -f "$W/colConfig2.ini" --system
[ -s "$W/run/boagent-system.pid" ] || fail "the --system agent has no PID file of its own"
[ "$(cat "$W/run/boagent-system.pid")" != "$(cat "$W/run/boagent.pid")" ] || fail "selector agent shares the PID file"

echo "--- restart"
expect 0 "restart boird" "$S/boird.sh" --restart -c "$W/pihealthd.conf"
expect 0 "boird status" "$S/boird.sh" --status

echo "--- stop waits for the exit"
for x in "boagent.sh --system" boagent.sh boird.sh botasky.sh; do
  f=$(cut -d' ' -f1 <<<"$x"); sel=$(cut -s -d' ' -f2 <<<"$x")
  pidfile=$W/run/$(case $f in botasky.sh) echo pihealthd ;; *) echo "${f%.sh}" ;; esac)${sel:+-${sel#--}}.pid
  pid=$(cat "$pidfile")
  expect 0 "stop $x" "$S/$f" --stop $sel
  if kill -0 "$pid" 2>/dev/null && [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z ]; then
    fail "$x --stop returned while pid $pid still runs"
  fi
  [ ! -e "$pidfile" ] || fail "$x --stop left $pidfile"
done
grep -q "ready: " "$W/boagent.log" || fail "agent never logged ready"
grep -q "stop" "$W/pihealthd.log" || fail "collector log has no stop line"

echo "--- stale PID file (a live process that is not ours, then a dead one)"
sleep 300 & OTHER=$!
echo "$OTHER" >"$W/run/pihealthd.pid"
expect 1 "status with a PID file of another program" "$S/botasky.sh" --status
kill "$OTHER"; wait "$OTHER" 2>/dev/null || true
expect 1 "status with a dead PID" "$S/botasky.sh" --status
expect 0 "start over a stale PID file" "$S/botasky.sh" --start -c "$W/pihealthd.conf"
NEW=$(cat "$W/run/pihealthd.pid")
[ "$NEW" != "$OTHER" ] || fail "stale PID kept"

echo "--- kill -9: dead with a PID file"
kill -9 "$NEW"
while kill -0 "$NEW" 2>/dev/null && [ "$(awk '{print $3}' "/proc/$NEW/stat" 2>/dev/null)" != Z ]; do sleep 0.1; done
expect 1 "status after kill -9" "$S/botasky.sh" --status
expect 0 "stop after kill -9" "$S/botasky.sh" --stop

echo "--- broken configs: status 6, nothing left running"
echo 'client_port = eighty' >>"$W/pihealthd.conf"
expect 6 "start with a bad pihealthd.conf" "$S/botasky.sh" --start -c "$W/pihealthd.conf"
grep -q "client_port" "$W/last.out" || fail "the error does not name the key"
[ ! -e "$W/run/pihealthd.pid" ] || fail "a PID file was left after a failed start"
expect 6 "start with a missing config" "$S/boird.sh" --start -c "$W/nope.conf"
printf '[agent]\nmaster = 127.0.0.1\n[mysqll:3306]\n' >"$W/bad.ini"
expect 6 "agent with an unknown section type" "$S/boagent.sh" --start -f "$W/bad.ini"
[ ! -e "$W/run/boagent.pid" ] || fail "a PID file was left after the agent's failed start"
expect 3 "status after failed start" "$S/boagent.sh" --status
echo "OK: start/stop scripts"
