#!/usr/bin/env bash
# Installs target/botasky_*.deb into a throwaway root (dpkg --root, maintainer scripts run
# chrootless with DPKG_ROOT set), then checks: the files and conffiles are where the issue says,
# the installed launchers print --version and validate the installed configs, the units pass
# `systemd-analyze verify` (also rendered with a per-user suffix), an upgrade over edited
# configs keeps them (same and changed package defaults), the configs stay readable by group
# botasky through upgrades (an administrator's own mode kept), and the agent's capabilities drop-in
# follows [keepalived] in colConfig.ini. Run by ScriptsIT; needs dpkg and
# systemd-analyze (scripts/test.sh installs them on CI). Usage: deb-install.sh DEB WORKDIR
set -euo pipefail
DEB=$(readlink -f "$1")
W=$2
R=$W/root
rm -rf "$W"; mkdir -p "$R/var/lib/dpkg/updates" "$R/var/lib/dpkg/info" "$W/units"
: >"$R/var/lib/dpkg/status"
# The throwaway root's own botasky group: the postinst gives it the configs, by number.
G=4242
mkdir -p "$R/etc"; echo "botasky:x:$G:" >"$R/etc/group"

fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "--- $*"; }
dpkg_root() { # args...
  dpkg --root="$R" --force-script-chrootless --force-depends --force-not-root --log=/dev/null "$@" </dev/null
}

step "install $(basename "$DEB")"
dpkg_root -i "$DEB"

step "layout"
for f in opt/botasky/bin/pihealthd opt/botasky/bin/boagent opt/botasky/bin/boird opt/botasky/bin/botasky \
  opt/botasky/bin/launch.sh opt/botasky/systemd/install-units.sh opt/botasky/scripts/botasky.sh \
  opt/botasky/docs/operations.md opt/botasky/docs/config-reference.md \
  usr/bin/pihealthd usr/bin/boagent usr/bin/boird usr/bin/botasky \
  etc/pihealthd.conf etc/botasky/colConfig.ini etc/botasky/escalation.conf etc/logrotate.d/botasky \
  usr/sbin/botasky-allow-units etc/botasky/allowed-units etc/polkit-1/rules.d/50-botasky-units.rules \
  lib/systemd/system/pihealthd.service lib/systemd/system/boagent.service lib/systemd/system/boird.service; do
  [ -e "$R/$f" ] || fail "/$f not installed"
done
ls "$R"/opt/botasky/lib/collector-api-*.jar "$R"/opt/botasky/lib/agent-*.jar "$R"/opt/botasky/lib/notifier-*.jar \
  "$R"/opt/botasky/lib/common-db-*.jar >/dev/null
# Each launcher runs its module's jars only (lib/MODULE.classpath): the agent's list has no database jar.
for m in agent collector-api notifier; do
  [ -s "$R/opt/botasky/lib/$m.classpath" ] || fail "/opt/botasky/lib/$m.classpath missing or empty"
done
grep -q 'lib/common-db-' "$R/opt/botasky/lib/collector-api.classpath" || fail "collector-api.classpath lacks common-db"
grep -q 'lib/common-db-' "$R/opt/botasky/lib/notifier.classpath" || fail "notifier.classpath lacks common-db"
! grep -qE 'lib/(common-db|h2|HikariCP|flyway-core|flyway-mysql)-' "$R/opt/botasky/lib/agent.classpath" \
  || fail "agent.classpath carries the database stack: $(cat "$R/opt/botasky/lib/agent.classpath")"
for d in var/lib/botasky var/lib/boagent var/log/pihealth var/log/pihealthd.log var/log/boird.log etc/botasky/agent_tokens; do
  [ -e "$R/$d" ] || fail "postinst did not create /$d"
done
conffiles=$(cat "$R/var/lib/dpkg/info/botasky.conffiles")
for c in /etc/pihealthd.conf /etc/botasky/colConfig.ini /etc/botasky/escalation.conf /etc/logrotate.d/botasky; do
  grep -qx "$c" <<<"$conffiles" || fail "$c is not a conffile"
done
[ "$(stat -c %a "$R/etc/pihealthd.conf")" = 640 ] || fail "/etc/pihealthd.conf should be 640 (tokens, passwords)"
perms() { stat -c %u:%g:%a "$R$1"; }
for c in /etc/pihealthd.conf /etc/botasky/colConfig.ini /etc/botasky/escalation.conf /etc/botasky/agent_tokens; do
  [ "$(perms "$c")" = "0:$G:640" ] || fail "$c should be root:botasky 0640, is $(perms "$c")"
done
[ "$(perms /etc/botasky)" = "0:$G:750" ] || fail "/etc/botasky should be root:botasky 0750, is $(perms /etc/botasky)"
DROPIN=/etc/systemd/system/boagent.service.d/botasky-keepalived.conf
[ ! -e "$R$DROPIN" ] || fail "capabilities drop-in installed though colConfig.ini has no [keepalived]"

if command -v logrotate >/dev/null 2>&1; then
  step "logrotate accepts /etc/logrotate.d/botasky"
  # The botasky group exists only on a real install: check a copy naming root's.
  sed 's/^\(\s*su root\) botasky$/\1 root/' "$R/etc/logrotate.d/botasky" >"$W/logrotate.conf"
  logrotate -d -s "$W/logrotate.state" "$W/logrotate.conf" >"$W/logrotate.out" 2>&1 ||
    { cat "$W/logrotate.out"; fail "logrotate rejects /etc/logrotate.d/botasky"; }
  ! grep -qi "^error" "$W/logrotate.out" || { cat "$W/logrotate.out"; fail "logrotate reports an error"; }
  grep -q copytruncate "$R/etc/logrotate.d/botasky" || fail "logrotate must copytruncate (the daemons keep their logs open)"
fi

step "installed launchers: --version"
for c in pihealthd boagent boird botasky; do
  out=$("$R/opt/botasky/bin/$c" --version) || fail "$c --version exited $?"
  echo "$c --version: $out"
  grep -q '[0-9]\.[0-9]' <<<"$out" || fail "$c --version printed no version"
done

step "installed launchers: check the installed configs"
# The installed configs name absolute paths (/etc/botasky/escalation.conf, /var/log/...): check
# copies pointing into the throwaway root.
sed -e "s|/etc/botasky/|$R/etc/botasky/|; s|/var/|$R/var/|" "$R/etc/pihealthd.conf" >"$W/pihealthd.conf"
"$R/opt/botasky/bin/pihealthd" --check-config -c "$W/pihealthd.conf"
"$R/opt/botasky/bin/boird" --check-config -c "$W/pihealthd.conf"
sed -e "s|/var/|$R/var/|" "$R/etc/botasky/colConfig.ini" >"$W/colConfig.ini"
rc=0; "$R/opt/botasky/bin/boagent" check -f "$W/colConfig.ini" >"$W/check.out" 2>&1 || rc=$?
[ $rc -eq 0 ] || [ $rc -eq 1 ] || { cat "$W/check.out"; fail "boagent check exited $rc (0 or 1 expected)"; }
echo 'client_port = not-a-port' >>"$W/pihealthd.conf"
rc=0; "$R/opt/botasky/bin/pihealthd" --check-config -c "$W/pihealthd.conf" 2>"$W/bad.err" || rc=$?
[ $rc -eq 78 ] || fail "a bad config should exit 78, got $rc"
grep -q "client_port" "$W/bad.err" || fail "the error does not name the key: $(cat "$W/bad.err")"

step "systemd-analyze verify: installed units and per-user units (suffix zq)"
verify() { # dir
  local out
  out=$(cd "$1" && systemd-analyze verify ./*.service 2>&1) || fail "systemd-analyze verify failed in $1: $out"
  [ -z "$out" ] || fail "systemd-analyze verify warned in $1: $out"
}
# ExecStart must exist to verify: point /opt/botasky at the throwaway root.
mkdir -p "$W/units/plain" "$W/units/zq"
for u in "$R"/lib/systemd/system/*.service; do sed "s|/opt/botasky/|$R/opt/botasky/|g" "$u" >"$W/units/plain/$(basename "$u")"; done
verify "$W/units/plain"
"$R/opt/botasky/systemd/install-units.sh" --suffix zq --port 8800 --prefix "$R/opt/botasky" --root "$R" --dest "$W/units/zq" --no-reload
ls "$W/units/zq"
for u in pihealthd_zq client_zq boird_zq; do [ -f "$W/units/zq/$u.service" ] || fail "$u.service not rendered"; done
grep -q '^ExecStart=.* -c /etc/pihealthd_zq.conf$' "$W/units/zq/pihealthd_zq.service" || fail "pihealthd_zq does not read /etc/pihealthd_zq.conf"
[ -f "$R/etc/pihealthd_zq.conf" ] || fail "install-units.sh --suffix did not create /etc/pihealthd_zq.conf"
grep -q '^data_dir = /var/lib/botasky_zq$' "$R/etc/pihealthd_zq.conf" || fail "pihealthd_zq.conf keeps the shared data_dir"
grep -q '^client_port = 8800$' "$R/etc/pihealthd_zq.conf" || fail "--port did not set client_port"
grep -q '^port = 8800$' "$R/etc/botasky/colConfig_zq.ini" || fail "--port did not set the agent's port"
verify "$W/units/zq"

step "upgrade over edited configs: same defaults"
echo 'admin_token = edited-by-the-admin-0123456789' >>"$R/etc/pihealthd.conf"
printf '; edited\n[keepalived]\nvip = 10.0.0.100\n' >>"$R/etc/botasky/colConfig.ini"
echo 'pi3 = a-token-of-the-admin-0123' >>"$R/etc/botasky/agent_tokens"
# An administrator's choice for escalation.conf; pihealthd.conf back to root:root 0640, as dpkg
# creates a conffile (or as a version that set the group on first install only left it).
chmod 0600 "$R/etc/botasky/escalation.conf"
chgrp 0 "$R/etc/pihealthd.conf"
dpkg_root -i "$DEB"
grep -q edited-by-the-admin "$R/etc/pihealthd.conf" || fail "reinstall overwrote the edited /etc/pihealthd.conf"
grep -q '; edited' "$R/etc/botasky/colConfig.ini" || fail "reinstall overwrote the edited colConfig.ini"
grep -q 'a-token-of-the-admin' "$R/etc/botasky/agent_tokens" || fail "reinstall overwrote agent_tokens"
[ "$(perms /etc/pihealthd.conf)" = "0:$G:640" ] || fail "reinstall left /etc/pihealthd.conf $(perms /etc/pihealthd.conf), unreadable to botasky"
[ "$(perms /etc/botasky/escalation.conf)" = "0:$G:600" ] || fail "reinstall overrode the administrator's 0600 on escalation.conf"
[ -f "$R$DROPIN" ] || fail "[keepalived] in colConfig.ini, but no capabilities drop-in"
grep -q '^AmbientCapabilities=CAP_KILL CAP_SYS_PTRACE CAP_DAC_READ_SEARCH$' "$R$DROPIN" || fail "drop-in: $(cat "$R$DROPIN")"
grep -qx 'AmbientCapabilities=' "$R/lib/systemd/system/boagent.service" || fail "boagent.service itself must grant no capability"

step "upgrade over edited configs: new package defaults"
X=$W/next; dpkg-deb -R "$DEB" "$X"
sed -i 's/^Version: .*/&.1/' "$X/DEBIAN/control"
echo '# a new default in the next version' >>"$X/etc/pihealthd.conf"
( cd "$X" && find . -path ./DEBIAN -prune -o -type f -printf '%P\n' | sort | xargs md5sum >DEBIAN/md5sums )
dpkg-deb -b -Zgzip "$X" "$W/next.deb" >/dev/null
# A config the administrator deleted, restored by dpkg: created root:root, as packaged.
rm "$R/etc/botasky/colConfig.ini"
dpkg_root --force-confdef --force-confold --force-confmiss -i "$W/next.deb"
grep -q edited-by-the-admin "$R/etc/pihealthd.conf" || fail "upgrade overwrote the edited /etc/pihealthd.conf"
[ -f "$R/etc/pihealthd.conf.dpkg-dist" ] || fail "the new default should be kept beside it as .dpkg-dist"
dpkg_root -s botasky | grep -q "^Version: .*\.1$" || fail "upgrade did not happen"
[ "$(perms /etc/botasky/colConfig.ini)" = "0:$G:640" ] || fail "restored colConfig.ini is $(perms /etc/botasky/colConfig.ini), unreadable to botasky"
[ "$(perms /etc/pihealthd.conf)" = "0:$G:640" ] || fail "upgrade left /etc/pihealthd.conf $(perms /etc/pihealthd.conf)"
[ "$(perms /etc/botasky/escalation.conf)" = "0:$G:600" ] || fail "upgrade overrode the administrator's 0600 on escalation.conf"
[ ! -e "$R$DROPIN" ] || fail "colConfig.ini has no [keepalived] any more, but the drop-in stayed"
printf '[keepalived]\nvip = 10.0.0.100\n' >>"$R/etc/botasky/colConfig.ini"
dpkg_root -i "$W/next.deb"
[ -f "$R$DROPIN" ] || fail "[keepalived] is back, but no drop-in after reinstall"

step "remove and purge"
dpkg_root -r botasky
[ -f "$R/etc/pihealthd.conf" ] || fail "remove (not purge) must keep the configs"
[ ! -e "$R/opt/botasky/bin/pihealthd" ] || fail "remove left /opt/botasky/bin/pihealthd"
[ -f "$R$DROPIN" ] || fail "remove (not purge) should keep the capabilities drop-in with the configs"
[ ! -e "$R/etc/polkit-1/rules.d/50-botasky-units.rules" ] || fail "remove left the polkit rule for the agent's units"
[ -f "$R/etc/botasky/allowed-units" ] || fail "remove (not purge) must keep allowed-units with the configs"
dpkg_root -P botasky
[ ! -e "$R$DROPIN" ] || fail "purge left $DROPIN"
[ ! -e "$R/etc/systemd/system/boagent.service.d" ] || fail "purge left the empty boagent.service.d"
[ ! -e "$R/etc/pihealthd.conf" ] || fail "purge left /etc/pihealthd.conf"
[ ! -e "$R/etc/botasky/agent_tokens" ] || fail "purge left /etc/botasky/agent_tokens"
echo "OK: package installs, runs, verifies, upgrades without touching edited configs (readable by botasky), grants the agent capabilities only with [keepalived], removes"
