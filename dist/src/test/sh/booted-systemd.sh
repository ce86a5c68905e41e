#!/usr/bin/env bash
# The package on a booted Debian bookworm with systemd as PID 1 (scripts/services/nspawn.sh: a
# systemd-nspawn container with a throw-away overlay), driven as docs/operations.md tells a user:
# apt install, edit the three configs, systemctl enable --now; the three units active and ready;
# the hardened agent reads /proc (a [process:*] of root, a runaway process of another user caught);
# a real alert mail FIRING then RESOLVED in a local mailbox (Debian's exim4 inside the guest);
# restart and stop of each; a broken config fails the unit with 78 and no restart loop; kill -9
# restarts; an upgrade keeps edited configs and restarts the daemons; remove and purge.
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
in() { bash "$NS" run "$NAME" "$@" </dev/null; }
in_sh() { bash "$NS" run "$NAME" sh -c "$1" </dev/null; }
diagnose() {
  [ -n "${BOOTED:-}" ] || return 0
  echo "=== diagnostics"
  in systemctl --no-pager status pihealthd boird boagent exim4 2>&1 | tail -60 || true
  in journalctl --no-pager -n 60 2>&1 || true
  in_sh 'tail -n 30 /var/log/pihealthd.log /var/log/boird.log /var/log/pihealth/boagent.log' 2>&1 || true
}
cleanup() { [ -z "${BOOTED:-}" ] || bash "$NS" poweroff "$NAME" || true; }
trap cleanup EXIT

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
active() { [ "$(in systemctl is-active "$1")" = active ]; }
main_pid() { # unit: its MainPID, never empty or 0
  local p; p=$(in systemctl show -P MainPID "$1")
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
step "booted: $(in systemctl is-system-running || true), systemd $(in systemctl --version | head -1)"

step "apt install ./$DEBNAME"
in_sh "cd /mnt/botasky && DEBIAN_FRONTEND=noninteractive apt-get install -y -q ./$DEBNAME" >"$W/apt-install.out" 2>&1 \
  || { cat "$W/apt-install.out"; fail "apt install failed"; }
in id botasky >/dev/null || fail "postinst did not create the user botasky"
for u in pihealthd boird boagent; do
  st=$(in systemctl is-enabled "$u" || true)
  [ "$st" = disabled ] || fail "$u.service is '$st' after install; the package leaves the units disabled"
  active "$u" && fail "$u is running before it was configured"
done

step "configure as docs/operations.md says"
PORT=$(free_port); SMTP=$(free_port)
H=$(in hostname)
TOKEN=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
ADMIN=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
in_sh "echo '$H = $TOKEN' >>/etc/botasky/agent_tokens"
in sed -i -e "s/^token = .*/token = $TOKEN/" -e "s/^port = .*/port = $PORT/" \
  -e '/^\[system\]/a proc_interval = 5s' /etc/botasky/colConfig.ini
# A process of another user (root): readable by the unprivileged, capability-less agent.
in_sh 'printf "\n[process:journald]\nmatch = systemd-journald\ninterval = 2s\n" >>/etc/botasky/colConfig.ini'
in sed -i -e "s/^client_port = .*/client_port = $PORT/" -e 's/^bind = .*/bind = 127.0.0.1/' \
  -e "s/^admin_token =.*/admin_token = $ADMIN/" -e 's/^smtp_host = .*/smtp_host = 127.0.0.1/' \
  -e "s/^smtp_port = .*/smtp_port = $SMTP/" /etc/pihealthd.conf
in_sh 'grep -q "^mail_from" /etc/pihealthd.conf || echo "mail_from = botasky@localhost" >>/etc/pihealthd.conf'
in sed -i -e 's/^mail = root@localhost/mail = ops@localhost/' -e 's/^group_wait = 30s/group_wait = 2s/' \
  /etc/botasky/escalation.conf
in pihealthd --check-config >/dev/null || fail "pihealthd --check-config rejects the edited config"
in boird --check-config >/dev/null || fail "boird --check-config rejects the edited config"

step "a real mailbox: exim4 on 127.0.0.1:$SMTP delivering to /var/mail/ops"
in useradd -m ops
in sed -i "s/^dc_local_interfaces=.*/dc_local_interfaces='127.0.0.1.$SMTP'/" /etc/exim4/update-exim4.conf.conf
in update-exim4.conf
in systemctl start exim4
wait_until 20 "exim4 on port $SMTP" bash -c "exec 3<>/dev/tcp/127.0.0.1/$SMTP"

step "systemctl enable --now pihealthd boird boagent"
t=$SECONDS
in systemctl enable --now pihealthd boird boagent >/dev/null 2>&1 || fail "systemctl enable --now failed"
for u in pihealthd boird boagent; do wait_until 30 "$u active" active "$u"; done
wait_until 60 "the ready line in /var/log/pihealthd.log" in grep -q 'ready:' /var/log/pihealthd.log
wait_until 60 "the ready line in /var/log/boird.log" in grep -q 'ready:' /var/log/boird.log
host_seen() { api /api/v1/hosts | jq -e --arg h "$H" '.hosts[] | select(.host == $h and .alive)'; }
wait_until 60 "a heartbeat of $H" host_seen
step "all three active and ready in $((SECONDS - t)) s: $(in grep -m1 'ready:' /var/log/pihealthd.log)"

step "the hardened agent reads what it must"
in runuser -u botasky -- boagent show sysinfo >"$W/show-sysinfo.out" 2>&1 || { cat "$W/show-sysinfo.out"; fail "boagent show sysinfo as botasky"; }
in runuser -u botasky -- boagent show users >"$W/show-users.out" 2>&1 || { cat "$W/show-users.out"; fail "boagent show users as botasky"; }
[ "$(in systemctl show -P CapabilityBoundingSet boagent)" = "" ] || fail "boagent.service has capabilities: $(in systemctl show -P CapabilityBoundingSet boagent)"
[ "$(in systemctl show -P User boagent)" = botasky ] || fail "boagent does not run as botasky"
journald() { api "/api/v1/services?host=$H" | jq -c '.services[] | select(.resource == "process" and .instance == "journald")'; }
journald_ok() { journald | jq -e 'select(.state == "ok")'; }
wait_until 60 "process:journald ok (a root process seen by the agent)" journald_ok
echo "process:journald: $(journald)"

step "a runaway process of user ops: FIRING then RESOLVED mail in /var/mail/ops"
t=$SECONDS
in systemd-run --quiet --unit=botasky-spin -p User=ops timeout 40 sh -c 'while :; do :; done'
wait_until 90 "runaway_process FIRING mail" in grep -q '^Subject: \[botasky\] WARNING FIRING .*runaway_process' /var/mail/ops
step "FIRING mail after $((SECONDS - t)) s: $(in grep -m1 '^Subject: .*FIRING' /var/mail/ops)"
wait_until 120 "runaway_process RESOLVED mail" in grep -q '^Subject: \[botasky\] WARNING RESOLVED .*runaway_process' /var/mail/ops
step "RESOLVED mail after $((SECONDS - t)) s: $(in grep -m1 '^Subject: .*RESOLVED' /var/mail/ops)"

echo "OK: booted Debian: apt install, enable --now, three units ready, hardened agent reads /proc, FIRING and RESOLVED mail delivered locally (in $((SECONDS - T0)) s)"
