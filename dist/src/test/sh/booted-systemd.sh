#!/usr/bin/env bash
# The package on a booted Debian bookworm with systemd as PID 1 (scripts/services/nspawn.sh: a
# systemd-nspawn container with a throw-away overlay), driven as docs/operations.md tells a user:
# apt install, edit the three configs, systemctl enable --now; the three units active and ready;
# the hardened agent reads /proc (a [process:*] of root, a runaway process of another user caught);
# a real alert mail FIRING then RESOLVED in a local mailbox (Debian's exim4 inside the guest);
# restart and stop of each; a broken config fails the unit with 78 and no restart loop; kill -9
# restarts; a controlled action through the real polkitd (a unit in allowed-units restarted by the
# agent, another unit refused); systemctl reload of each daemon without a restart; per-user units
# (install-units.sh --suffix zq) beside the packaged ones; an upgrade keeps edited configs and
# restarts the daemons; remove and purge.
# Run by ScriptsIT. Usage: booted-systemd.sh REPO DEB WORKDIR
# Exits 0 printing "SKIP: reason" when this machine cannot boot a container.
set -euo pipefail
REPO=$(readlink -f "$1")
DEB=$(readlink -f "$2")
W=$3
NS=$REPO/scripts/services/nspawn.sh
NAME=botasky-it-$$
T0=$SECONDS

fail() { echo "FAIL: $*" >&2; diagnose; exit 1; }
step() { echo "--- [$((SECONDS - T0)) s] $*"; }
# A command inside the guest. Never one that could send a signal to pid 0 (nsenter keeps this
# shell's process group): every pid passed to kill is checked first.
guest() { bash "$NS" run "$NAME" "$@" </dev/null; }
guest_sh() { bash "$NS" run "$NAME" sh -c "$1" </dev/null; }
diagnose() {
  [ -n "${BOOTED:-}" ] || return 0
  echo "=== diagnostics"
  guest systemctl --no-pager status pihealthd boird boagent exim4 2>&1 | tail -60 || true
  guest journalctl --no-pager -n 60 2>&1 || true
  guest_sh 'ls -l /var/mail; tail -n 40 /var/mail/ops' 2>&1 || true
  guest_sh 'tail -n 30 /var/log/pihealthd.log /var/log/boird.log /var/log/pihealth/boagent.log' 2>&1 || true
}
# BOTASKY_KEEP_GUEST=1 leaves the guest running on failure, to look inside:
# scripts/services/nspawn.sh run NAME bash, then scripts/services/nspawn.sh poweroff NAME.
cleanup() {
  local rc=$?
  [ -n "${BOOTED:-}" ] || return 0
  if [ $rc -ne 0 ] && [ "${BOTASKY_KEEP_GUEST:-}" = 1 ]; then echo "guest $NAME left running"; return 0; fi
  bash "$NS" poweroff "$NAME" || true
}
trap cleanup EXIT
# Killed (ScriptsIT's timeout): still power the guest off, it is not one of this script's children.
trap 'exit 143' TERM INT

wait_until() { # seconds description command...
  local secs=$1 what=$2; shift 2
  local end=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $end ] || fail "timed out after ${secs} s waiting for $what"
    sleep 0.5
  done
}
# The guest shares the host's network: ports are the host's, so pick free ones.
free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 20000))
    ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && { printf '%s\n' "$p"; return; }
  done
}
active() { [ "$(guest systemctl is-active "$1")" = active ]; }
main_pid() { # unit: its MainPID, never empty or 0
  local p; p=$(guest systemctl show -P MainPID "$1")
  [[ $p =~ ^[1-9][0-9]*$ ]] || fail "$1 has no main pid ('$p')"
  printf '%s\n' "$p"
}
api() { curl -fsS --max-time 5 "http://127.0.0.1:$PORT$1"; }

reason=$(bash "$NS" can-boot) || { echo "SKIP: $reason"; exit 0; }
rm -rf "$W"; mkdir -p "$W/debs"
cp "$DEB" "$W/debs/"
DEBNAME=$(basename "$DEB")

step "root file system (cached: $(bash "$NS" rootfs))"
step "boot $NAME"
bash "$NS" boot "$NAME" --bind-ro="$W/debs:/mnt/botasky"
BOOTED=1
step "booted: $(guest systemctl is-system-running || true), systemd $(guest systemctl --version | head -1)"

step "apt install ./$DEBNAME"
guest_sh "cd /mnt/botasky && DEBIAN_FRONTEND=noninteractive apt-get install -y -q ./$DEBNAME" >"$W/apt-install.out" 2>&1 \
  || { cat "$W/apt-install.out"; fail "apt install failed"; }
guest id botasky >/dev/null || fail "postinst did not create the user botasky"
for u in pihealthd boird boagent; do
  st=$(guest systemctl is-enabled "$u" || true)
  [ "$st" = disabled ] || fail "$u.service is '$st' after install; the package leaves the units disabled"
  active "$u" && fail "$u is running before it was configured"
done

step "configure as docs/operations.md says"
PORT=$(free_port); SMTP=$(free_port)
H=$(guest hostname)
TOKEN=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
ADMIN=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
guest_sh "echo '$H = $TOKEN' >>/etc/botasky/agent_tokens"
guest sed -i -e "s/^token = .*/token = $TOKEN/" -e "s/^port = .*/port = $PORT/" \
  -e '/^\[system\]/a proc_interval = 5s' /etc/botasky/colConfig.ini
# The load of this shared build machine is not under test: CPU alerts would share the mails
# (grouping) with the runaway process the test raises.
guest sed -i -e '/^\[system\]/a cpu_usage_warning = off\ncpu_load_warning = off\ncpu_load_critical = off' /etc/botasky/colConfig.ini
# A process of another user (root): readable by the unprivileged, capability-less agent.
guest_sh 'printf "\n[process:journald]\nmatch = systemd-journald\ninterval = 2s\n" >>/etc/botasky/colConfig.ini'
guest sed -i -e "s/^client_port = .*/client_port = $PORT/" -e 's/^bind = .*/bind = 127.0.0.1/' \
  -e "s/^admin_token =.*/admin_token = $ADMIN/" -e 's/^smtp_host = .*/smtp_host = 127.0.0.1/' \
  -e "s/^smtp_port = .*/smtp_port = $SMTP/" /etc/pihealthd.conf
guest_sh 'grep -q "^mail_from" /etc/pihealthd.conf || echo "mail_from = botasky@localhost" >>/etc/pihealthd.conf'
guest sed -i -e 's/^mail = root@localhost/mail = ops@localhost/' -e 's/^group_wait = 30s/group_wait = 2s/' \
  /etc/botasky/escalation.conf
guest pihealthd --check-config >/dev/null || fail "pihealthd --check-config rejects the edited config"
guest boird --check-config >/dev/null || fail "boird --check-config rejects the edited config"

step "a real mailbox: exim4 on 127.0.0.1:$SMTP delivering to /var/mail/ops"
guest useradd -m ops
guest sed -i "s/^dc_local_interfaces=.*/dc_local_interfaces='127.0.0.1.$SMTP'/" /etc/exim4/update-exim4.conf.conf
guest update-exim4.conf
guest systemctl start exim4
wait_until 20 "exim4 on port $SMTP" bash -c "exec 3<>/dev/tcp/127.0.0.1/$SMTP"

step "systemctl enable --now pihealthd boird boagent"
t=$SECONDS
guest systemctl enable --now pihealthd boird boagent >/dev/null 2>&1 || fail "systemctl enable --now failed"
for u in pihealthd boird boagent; do wait_until 30 "$u active" active "$u"; done
wait_until 60 "the ready line in /var/log/pihealthd.log" guest grep -q 'ready:' /var/log/pihealthd.log
wait_until 60 "the ready line in /var/log/boird.log" guest grep -q 'ready:' /var/log/boird.log
host_seen() { api /api/v1/hosts | jq -e --arg h "$H" '.hosts[] | select(.host == $h and .alive)'; }
wait_until 60 "a heartbeat of $H" host_seen
step "all three active and ready in $((SECONDS - t)) s: $(guest grep -m1 'ready:' /var/log/pihealthd.log)"

step "the hardened agent reads what it must"
# `boagent show` with the unit's own user and hardening (its lines, as transient properties).
mapfile -t HARDENING < <(guest grep -E '^(User|Group|NoNewPrivileges|Protect[A-Za-z]+|Private[A-Za-z]+|Restrict[A-Za-z]+|LockPersonality|SystemCallArchitectures|AmbientCapabilities|CapabilityBoundingSet|UMask|ReadWritePaths)=' /lib/systemd/system/boagent.service)
[ ${#HARDENING[@]} -ge 15 ] || fail "boagent.service: only ${#HARDENING[@]} hardening lines found"
props=(); for l in "${HARDENING[@]}"; do props+=(-p "$l"); done
show() { guest systemd-run --quiet --wait --pipe "${props[@]}" /opt/botasky/bin/boagent show "$1"; }
for r in sysinfo users; do
  show "$r" >"$W/show-$r.out" 2>&1 || { cat "$W/show-$r.out"; fail "boagent show $r, hardened as boagent.service"; }
  [ -s "$W/show-$r.out" ] || fail "boagent show $r printed nothing"
  echo "boagent show $r (as botasky, hardened): $(cat "$W/show-$r.out")"
done
[ "$(guest systemctl show -P CapabilityBoundingSet boagent)" = "" ] || fail "boagent.service has capabilities: $(guest systemctl show -P CapabilityBoundingSet boagent)"
[ "$(guest systemctl show -P User boagent)" = botasky ] || fail "boagent does not run as botasky"
journald() { api "/api/v1/services?host=$H" | jq -c '.services[] | select(.resource == "process" and .instance == "journald")'; }
journald_ok() { journald | jq -e 'select(.state == "ok")' | grep -q .; } # jq 1.6 -e: 0 on empty input
wait_until 60 "process:journald ok (a root process seen by the agent)" journald_ok
echo "process:journald: $(journald)"

step "a runaway process of user ops: FIRING then RESOLVED mail in /var/mail/ops"
t=$SECONDS
guest systemd-run --quiet --unit=botasky-spin -p User=ops timeout 40 sh -c 'while :; do :; done'
show procs >"$W/show-procs.out" 2>&1 || { cat "$W/show-procs.out"; fail "boagent show procs, hardened as boagent.service"; }
grep -E ' sh ops ' "$W/show-procs.out" || { cat "$W/show-procs.out"; fail "boagent show procs (hardened) does not list the runaway sh of ops"; }
# The subjects in the mailbox, unfolded (a long header is folded onto continuation lines).
subjects() {
  guest cat /var/mail/ops 2>/dev/null | awk '
    s != "" && /^[ \t]/ { sub(/^[ \t]+/, " "); s = s $0; next }
    s != "" { print s; s = "" }
    /^Subject: / { s = $0 }'
}
mail_with() { subjects | grep -E "$1"; }
# Alerts of one recipient within group_wait share a mail: its subject names the first and "(+N more)"
# (docs/notifier.md); the CPU alerts the spinner raises may come first.
FIRING="^Subject: \[botasky\] WARNING FIRING $H system:[0-9]+:sh runaway_process( \(\+[0-9]+ more\))?$"
RESOLVED="^Subject: \[botasky\] WARNING RESOLVED $H system:[0-9]+:sh runaway_process( \(\+[0-9]+ more\))?$"
wait_until 90 "runaway_process FIRING mail" mail_with "$FIRING"
step "FIRING mail after $((SECONDS - t)) s: $(mail_with "$FIRING")"
wait_until 120 "runaway_process RESOLVED mail" mail_with "$RESOLVED"
step "RESOLVED mail after $((SECONDS - t)) s: $(mail_with "$RESOLVED")"

step "restart and stop of each: clean exit"
declare -A LOG=([pihealthd]=/var/log/pihealthd.log [boird]=/var/log/boird.log [boagent]=/var/log/pihealth/boagent.log)
for u in pihealthd boird boagent; do
  old=$(main_pid "$u")
  ready=$(guest grep -c "ready: $u" "${LOG[$u]}" || true)
  guest systemctl restart "$u"
  wait_until 30 "$u active after restart" active "$u"
  # Stopped before it is ready, a JVM still starting ends without its own stop handling.
  ready_again() { [ "$(guest grep -c "ready: $u" "${LOG[$u]}" || true)" -gt "$ready" ]; }
  wait_until 60 "a new 'ready: $u' line in ${LOG[$u]}" ready_again
  [ "$(main_pid "$u")" != "$old" ] || fail "$u kept pid $old across restart"
  clean=$(guest grep -c "stop: $u stopped cleanly" "${LOG[$u]}" || true)
  guest systemctl stop "$u"
  r=$(guest systemctl show -P Result "$u"); st=$(guest systemctl show -P ExecMainStatus "$u")
  [ "$r" = success ] || fail "$u stop: Result=$r ExecMainStatus=$st"
  [ "$(guest grep -c "stop: $u stopped cleanly" "${LOG[$u]}" || true)" -gt "$clean" ] \
    || fail "$u stopped without 'stop: $u stopped cleanly' in ${LOG[$u]}"
  echo "$u: restart and stop clean (Result=$r, status $st, 'stopped cleanly' logged)"
  # Warnings while stopping are shown, not failed on.
  guest grep -E ' WARN .* stop: ' "${LOG[$u]}" | sed 's/^/  warning at stop: /' || true
  guest systemctl start "$u"
  wait_until 30 "$u active after start" active "$u"
done
wait_until 60 "a heartbeat of $H after the restarts" host_seen

step "the agent's spool survives a collector restart: an alert raised while pihealthd is down arrives"
guest_sh 'printf "\n[process:canary]\nmatch = botasky-canary\ninterval = 2s\n" >>/etc/botasky/colConfig.ini'
guest systemd-run --quiet --unit=botasky-canary -p User=ops sh -c 'sleep 100000; : botasky-canary'
guest systemctl restart boagent
canary() { api "/api/v1/services?host=$H" | jq -c '.services[] | select(.resource == "process" and .instance == "canary")'; }
canary_ok() { canary | jq -e 'select(.state == "ok")' | grep -q .; }
wait_until 60 "process:canary ok" canary_ok
guest systemctl stop pihealthd
down_at=$(date +%s)
guest systemctl stop botasky-canary
sleep 6 # three rounds of [process:canary] with the collector down: the alert goes to the spool
guest_sh 'ls -l /var/lib/boagent' || true
up_at=$(date +%s)
guest systemctl start pihealthd
canary_down() { api "/api/v1/alerts?host=$H&resource=process" | jq -e '.alerts[] | select(.instance == "canary" and .check == "process_down")'; }
wait_until 60 "process_down of canary, raised while the collector was down" canary_down
first=$(canary_down | jq -r '.first_seen | sub("\\.[0-9]+Z$"; "Z") | fromdate')
[ "$first" -ge "$down_at" ] && [ "$first" -le "$up_at" ] \
  || fail "process_down first seen at $first, not while the collector was down ($down_at..$up_at)"
echo "raised while the collector was down, delivered after its restart: $(canary_down | jq -c '{check, state, first_seen}')"

step "a broken /etc/pihealthd.conf: status 78, file:line: key: message, no restart loop"
guest cp -p /etc/pihealthd.conf /root/pihealthd.conf.good
guest sed -i 's/^client_port = .*/client_port = not-a-port/' /etc/pihealthd.conf
guest systemctl restart pihealthd || true
failed() { [ "$(guest systemctl is-active pihealthd)" = failed ]; }
wait_until 60 "pihealthd failed" failed
sleep 7 # longer than RestartSec=5s: a restart would have happened by now
st=$(guest systemctl show -P ExecMainStatus pihealthd); nr=$(guest systemctl show -P NRestarts pihealthd)
[ "$st" = 78 ] || fail "pihealthd exited $st with a broken config, 78 expected"
[ "$nr" = 0 ] || fail "pihealthd restarted $nr times with a broken config"
[ "$(guest systemctl is-active pihealthd)" = failed ] || fail "pihealthd restarted with a broken config"
guest systemctl --no-pager status pihealthd >"$W/status-broken.out" 2>&1 || true
guest journalctl --no-pager -u pihealthd >"$W/journal-broken.out" 2>&1 || true
grep -E 'pihealthd\.conf:[0-9]+: .*client_port' "$W/status-broken.out" || { cat "$W/status-broken.out"; fail "systemctl status does not show file:line: key: message"; }
grep -qE 'pihealthd\.conf:[0-9]+: .*client_port' "$W/journal-broken.out" || fail "journalctl -u pihealthd does not show file:line: key: message"
guest cp -p /root/pihealthd.conf.good /etc/pihealthd.conf
guest systemctl start pihealthd
wait_until 30 "pihealthd active with the config fixed" active pihealthd

step "kill -9 of each main pid: systemd restarts it"
for u in pihealthd boird boagent; do
  pid=$(main_pid "$u")
  guest kill -9 "$pid"
  # Right after the kill, systemd may still say active with no main pid: not an error yet.
  restarted() {
    local p; p=$(guest systemctl show -P MainPID "$1")
    [[ $p =~ ^[1-9][0-9]*$ ]] && [ "$p" != "$2" ] && active "$1"
  }
  wait_until 30 "$u restarted after kill -9" restarted "$u" "$pid"
  echo "$u: killed $pid, restarted as $(main_pid "$u"), NRestarts=$(guest systemctl show -P NRestarts "$u")"
done

step "a controlled action through polkit: a listed unit restarted by the agent, another refused"
# The agent runs as botasky with NoNewPrivileges=yes: systemd asks polkitd, whose rule
# botasky-allow-units writes from /etc/botasky/allowed-units (docs/operations.md, "Controlled actions").
guest_sh 'printf "[Service]\nExecStart=/bin/sleep infinity\n" >/etc/systemd/system/botasky-demo.service'
guest_sh 'printf "[Service]\nExecStart=/bin/sleep 86400\n" >/etc/systemd/system/botasky-other.service'
guest systemctl daemon-reload
guest systemctl start botasky-demo botasky-other
guest_sh 'echo botasky-demo.service >>/etc/botasky/allowed-units'
guest botasky-allow-units || fail "botasky-allow-units"
guest_sh 'printf "\n[process:demo]\nmatch = ^/bin/sleep infinity\ninterval = 2s\naction_restart = /bin/systemctl --no-ask-password restart botasky-demo.service\naction_stop_other = /bin/systemctl --no-ask-password stop botasky-other.service\n" >>/etc/botasky/colConfig.ini'
# A section added by `systemctl reload boagent` (issue #17): listed without a restart.
agent_pid=$(main_pid boagent)
guest systemctl reload boagent
demo() { api "/api/v1/services?host=$H" | jq -c '.services[] | select(.resource == "process" and .instance == "demo")'; }
# Offered actions listed: the inventory of the next heartbeat. (jq 1.6 -e: 0 on empty input.)
demo_listed() { demo | jq -e 'select(.actions == ["restart", "stop_other"])' | grep -q .; }
wait_until 60 "process:demo listed after systemctl reload boagent" demo_listed
[ "$(main_pid boagent)" = "$agent_pid" ] || fail "boagent restarted on systemctl reload"
guest grep -q 'reload: ok' /var/log/pihealth/boagent.log || fail "no 'reload: ok' in boagent.log"
echo "boagent reload: process:demo listed, MainPID $agent_pid unchanged: $(demo)"
old=$(main_pid botasky-demo)
guest botasky action "$H" process:demo restart --wait >"$W/action-restart.out" 2>&1 \
  || { cat "$W/action-restart.out"; fail "botasky action $H process:demo restart --wait"; }
new=$(main_pid botasky-demo)
[ "$new" != "$old" ] || fail "botasky-demo kept MainPID $old across the action restart"
echo "restart of the listed unit by the agent: MainPID $old -> $new: $(head -1 "$W/action-restart.out")"
if guest botasky action "$H" process:demo stop_other --wait >"$W/action-other.out" 2>&1; then
  cat "$W/action-other.out"; fail "the agent stopped botasky-other.service, which is not in allowed-units"
fi
grep -Eq 'Access denied|Interactive authentication required' "$W/action-other.out" \
  || { cat "$W/action-other.out"; fail "the refused stop does not say Access denied"; }
active botasky-other || fail "botasky-other.service not active after the refused stop"
echo "stop of an unlisted unit refused: $(grep -Em1 'Access denied|Interactive authentication required' "$W/action-other.out")"

step "systemctl reload pihealthd: a new host's token accepted, same main pid"
NEWTOK=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
hb_new() {
  curl -sS --max-time 5 -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $NEWTOK" \
    -H 'Content-Type: application/json' -d '{"host":"botasky-new","agent_version":"0.1.0","sysinfo":{}}' \
    "http://127.0.0.1:$PORT/api/v1/heartbeat"
}
code=$(hb_new || true)
[ "$code" = 401 ] || fail "a heartbeat with an unknown token got $code, 401 expected"
guest_sh "echo 'botasky-new = $NEWTOK' >>/etc/botasky/agent_tokens"
pid=$(main_pid pihealthd)
guest systemctl reload pihealthd
hb_ok() { [ "$(hb_new)" = 200 ]; }
wait_until 30 "a heartbeat of botasky-new accepted after the reload" hb_ok
[ "$(main_pid pihealthd)" = "$pid" ] || fail "pihealthd restarted on systemctl reload"
api /api/v1/hosts | jq -e '.hosts[] | select(.host == "botasky-new")' >/dev/null || fail "botasky-new not in /api/v1/hosts"
echo "pihealthd reload: heartbeat of botasky-new 401 before, 200 after, MainPID $pid unchanged"

step "systemctl reload boird with a broken escalation file: refused, still running, no restart"
pid=$(main_pid boird); nr=$(guest systemctl show -P NRestarts boird)
guest cp -p /etc/botasky/escalation.conf /root/escalation.conf.good
refused=$(guest grep -c 'reload: refused' /var/log/boird.log || true)
guest_sh 'printf "\n[policy broken]\nmatch = severity>=nonsense\nstep1 = 0s mail nobody\n" >>/etc/botasky/escalation.conf'
guest systemctl reload boird
refused_again() { [ "$(guest grep -c 'reload: refused' /var/log/boird.log || true)" -gt "$refused" ]; }
wait_until 30 "'reload: refused' in boird.log" refused_again
reload_failed() { api /api/v1/alerts | jq -e '.alerts[] | select(.resource == "boird" and .instance == "config" and .check == "reload_failed" and .state == "firing")' | grep -q .; }
wait_until 30 "the warning boird/config/reload_failed" reload_failed
active boird || fail "boird not active after a refused reload"
[ "$(main_pid boird)" = "$pid" ] || fail "boird restarted on a refused reload"
[ "$(guest systemctl show -P NRestarts boird)" = "$nr" ] || fail "boird's NRestarts changed on a refused reload"
echo "boird: $(guest grep 'reload: ' /var/log/boird.log | tail -3 | tr '\n' '|')"
ok=$(guest grep -c 'reload: ok' /var/log/boird.log || true)
guest cp -p /root/escalation.conf.good /etc/botasky/escalation.conf
guest systemctl reload boird
ok_again() { [ "$(guest grep -c 'reload: ok' /var/log/boird.log || true)" -gt "$ok" ]; }
wait_until 30 "'reload: ok' in boird.log with the file fixed" ok_again
reload_resolved() { ! reload_failed; }
wait_until 30 "boird/config/reload_failed resolved by the good reload" reload_resolved
[ "$(main_pid boird)" = "$pid" ] || fail "boird restarted on a good reload"

step "per-user units: install-units.sh --suffix zq beside the packaged ones"
P2=$(free_port)
guest useradd --system --no-create-home zq
guest /opt/botasky/systemd/install-units.sh --suffix zq --user zq --port "$P2" >"$W/install-units.out" 2>&1 \
  || { cat "$W/install-units.out"; fail "install-units.sh --suffix zq"; }
declare -A pkg
for u in pihealthd boird boagent; do pkg[$u]=$(main_pid "$u"); done
guest systemctl enable --now pihealthd_zq client_zq boird_zq >/dev/null 2>&1 || fail "systemctl enable --now of the _zq units"
for u in pihealthd_zq client_zq boird_zq; do
  wait_until 30 "$u active" active "$u"
  [ "$(guest systemctl show -P User "$u")" = zq ] || fail "$u does not run as zq"
done
wait_until 60 "the ready line in /var/log/pihealthd_zq.log" guest grep -q 'ready:' /var/log/pihealthd_zq.log
wait_until 60 "the ready line in /var/log/boird_zq.log" guest grep -q 'ready:' /var/log/boird_zq.log
zq_seen() { curl -fsS --max-time 5 "http://127.0.0.1:$P2/api/v1/hosts" | jq -e --arg h "$H" '.hosts[] | select(.host == $h and .alive)'; }
wait_until 60 "a heartbeat of $H at pihealthd_zq (port $P2)" zq_seen
guest service pihealthd_zq status >"$W/service-zq.out" 2>&1 || { cat "$W/service-zq.out"; fail "service pihealthd_zq status"; }
zq_status() { guest botasky -c /etc/pihealthd_zq.conf status >"$W/status-zq.out" 2>&1; }
wait_until 60 "botasky -c /etc/pihealthd_zq.conf status: all ok (boird_zq's heartbeat)" zq_status
grep -q "/var/lib/botasky_zq" "$W/status-zq.out" || { cat "$W/status-zq.out"; fail "pihealthd_zq is not on /var/lib/botasky_zq"; }
for u in pihealthd boird boagent; do
  active "$u" || fail "$u not active beside the _zq units"
  [ "$(main_pid "$u")" = "${pkg[$u]}" ] || fail "$u restarted while the _zq units started"
done
wait_until 30 "a heartbeat of $H at the packaged pihealthd" host_seen
echo "pihealthd_zq on $P2, client_zq, boird_zq active as zq beside the packaged units; $(head -1 "$W/service-zq.out")"
guest systemctl disable --now pihealthd_zq client_zq boird_zq >/dev/null 2>&1 || fail "systemctl disable --now of the _zq units"

step "upgrade to a newer build keeps edited configs and restarts the daemons"
X=$W/next; dpkg-deb -R "$DEB" "$X"
sed -i 's/^Version: .*/&.1/' "$X/DEBIAN/control"
echo '# a new default in the next version' >>"$X/etc/pihealthd.conf"
( cd "$X" && find . -path ./DEBIAN -prune -o -type f -printf '%P\n' | sort | xargs md5sum >DEBIAN/md5sums )
dpkg-deb -b -Zgzip "$X" "$W/debs/botasky_next_all.deb" >/dev/null
declare -A before
for u in pihealthd boird boagent; do before[$u]=$(main_pid "$u"); done
guest_sh "cd /mnt/botasky && DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o Dpkg::Options::=--force-confold ./botasky_next_all.deb" >"$W/apt-upgrade.out" 2>&1 \
  || { cat "$W/apt-upgrade.out"; fail "apt install of the newer build failed"; }
guest dpkg-query -W -f '${Version}\n' botasky | grep -q '\.1$' || fail "the upgrade did not happen"
guest grep -q "admin_token = $ADMIN" /etc/pihealthd.conf || fail "the upgrade overwrote the edited /etc/pihealthd.conf"
guest test -f /etc/pihealthd.conf.dpkg-dist || fail "the new default should be beside it as .dpkg-dist"
guest grep -q "token = $TOKEN" /etc/botasky/colConfig.ini || fail "the upgrade overwrote colConfig.ini"
guest grep -q 'ops@localhost' /etc/botasky/escalation.conf || fail "the upgrade overwrote escalation.conf"
for u in pihealthd boird boagent; do
  wait_until 30 "$u active after the upgrade" active "$u"
  [ "$(main_pid "$u")" != "${before[$u]}" ] || fail "$u was not restarted by the upgrade"
done
wait_until 60 "a heartbeat of $H after the upgrade" host_seen

step "apt remove stops the daemons and keeps the configs"
guest env DEBIAN_FRONTEND=noninteractive apt-get remove -y -q botasky >"$W/apt-remove.out" 2>&1 || { cat "$W/apt-remove.out"; fail "apt remove"; }
for u in pihealthd boird boagent; do
  st=$(guest systemctl is-active "$u" || true)
  [ "$st" != active ] || fail "$u still $st after apt remove"
done
guest test -f /etc/pihealthd.conf || fail "apt remove deleted /etc/pihealthd.conf"
guest test -d /var/lib/botasky || fail "apt remove deleted the database"

step "apt purge removes configs, logs and the spool; keeps the database and the user"
guest env DEBIAN_FRONTEND=noninteractive apt-get purge -y -q botasky >"$W/apt-purge.out" 2>&1 || { cat "$W/apt-purge.out"; fail "apt purge"; }
for f in /etc/pihealthd.conf /etc/botasky/colConfig.ini /etc/botasky/agent_tokens /var/log/pihealthd.log /var/lib/boagent; do
  guest test ! -e "$f" || fail "apt purge left $f"
done
guest test -d /var/lib/botasky || fail "apt purge deleted the database /var/lib/botasky"
guest id botasky >/dev/null || fail "apt purge deleted the user botasky"

echo "OK: booted Debian: apt install, enable --now, three units ready, hardened agent reads /proc, FIRING and RESOLVED mail delivered locally, restart/stop clean, spool kept over a collector restart, broken config 78 without restart loop, kill -9 restarted, a polkit-allowed action and a refused one, reload of each daemon, per-user _zq units beside the packaged ones, upgrade keeps configs and restarts, remove, purge (in $((SECONDS - T0)) s)"
