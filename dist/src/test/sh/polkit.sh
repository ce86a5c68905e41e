#!/usr/bin/env bash
# The rule botasky-allow-units writes, judged by the real polkitd (Debian's, not a JS stand-in),
# without systemd as PID 1: a private system bus (dbus-daemon with a config of our own, reached
# through DBUS_SYSTEM_BUS_ADDRESS), polkitd on it, the rule in /etc/polkit-1/rules.d, and pkcheck
# asking about a process running as the user botasky: a listed unit with start/stop/restart is
# authorized (and not before the rule is installed), any other verb, unit or user is not
# (docs/operations.md, "Controlled actions").
# Needs root (polkitd's rules directory, a system user); prints "SKIP: reason" and exits 77 when
# it cannot run here. Everything it starts, the rule and a user it created are removed at exit.
# Run by ScriptsIT. Usage: polkit.sh REPO WORKDIR
set -euo pipefail
REPO=$(readlink -f "$1")
W=$2
GEN=$REPO/dist/src/deb/usr/sbin/botasky-allow-units
POLKITD=/usr/lib/polkit-1/polkitd
RULES=/etc/polkit-1/rules.d
RULE=$RULES/50-botasky-units.rules
MANAGE=org.freedesktop.systemd1.manage-units

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*"; exit 77; }
step() { echo "--- $*"; }

[ "$(id -u)" = 0 ] || skip "not root: the rule goes to $RULES and a system user may be created"
for t in dbus-daemon dbus-send pkcheck setpriv useradd userdel "$POLKITD"; do
  command -v "$t" >/dev/null 2>&1 || skip "$t not installed (scripts/test.sh installs polkitd, pkexec and dbus on CI)"
done
[ -d "$RULES" ] || skip "no $RULES (polkitd not installed)"
[ -e "$RULE" ] && skip "$RULE exists (a real installation): not replacing it"

rm -rf "$W"; mkdir -p "$W/root/etc/botasky"
# The bus socket must be reachable by polkitd, which drops to its own user: a directory of its own
# under /tmp, not the work tree.
BUS=$(mktemp -d /tmp/botasky-polkit.XXXXXX)
chmod 755 "$BUS"
PIDS=()
CREATED_USER=""
cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -f "$RULE"
  [ -n "$CREATED_USER" ] && userdel "$CREATED_USER" 2>/dev/null
  rm -rf "$BUS"
}
trap cleanup EXIT

if ! getent passwd botasky >/dev/null; then
  useradd --system --no-create-home --shell /usr/sbin/nologin botasky
  CREATED_USER=botasky
  echo "created the throwaway system user botasky"
fi

step "a private system bus and polkitd on it"
cat >"$BUS/bus.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <auth>EXTERNAL</auth>
  <listen>unix:path=$BUS/bus</listen>
  <policy context="default">
    <allow user="*"/>
    <deny own="*"/>
    <deny send_type="method_call"/>
    <allow send_type="signal"/>
    <allow send_requested_reply="true" send_type="method_return"/>
    <allow send_requested_reply="true" send_type="error"/>
    <allow receive_type="method_call"/>
    <allow receive_type="method_return"/>
    <allow receive_type="error"/>
    <allow receive_type="signal"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Introspectable"/>
  </policy>
  <!-- polkitd's own policy: it may own org.freedesktop.PolicyKit1, anyone may call it. -->
  <includedir>/usr/share/dbus-1/system.d</includedir>
</busconfig>
EOF
export DBUS_SYSTEM_BUS_ADDRESS=unix:path=$BUS/bus
dbus-daemon --config-file="$BUS/bus.conf" --nofork >"$W/dbus.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 50); do [ -S "$BUS/bus" ] && break; sleep 0.1; done
[ -S "$BUS/bus" ] || skip "dbus-daemon did not start: $(cat "$W/dbus.out")"
"$POLKITD" --no-debug >"$W/polkitd.out" 2>&1 &
PIDS+=($!)
owned() {
  dbus-send --system --print-reply --dest=org.freedesktop.DBus / \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.PolicyKit1 2>/dev/null | grep -q 'boolean true'
}
for _ in $(seq 100); do owned && break; sleep 0.1; done
owned || skip "polkitd did not take org.freedesktop.PolicyKit1 on the private bus: $(cat "$W/polkitd.out")"
echo "polkitd runs as $(ps -o user= -p "${PIDS[1]}")"

# The subjects: a process of botasky (the agent's user) and one of nobody.
setpriv --reuid botasky --regid "$(id -g botasky)" --clear-groups sleep 120 &
AGENT=$!
PIDS+=("$AGENT")
setpriv --reuid nobody --regid nogroup --clear-groups sleep 120 &
OTHER=$!
PIDS+=("$OTHER")
sleep 0.3

# pkcheck: 0 authorized, 1 not authorized, 2 authentication required (not authorized for a
# daemon: nobody answers); anything else is an error of the check itself.
ask() { # pid unit verb
  local rc=0
  pkcheck --action-id "$MANAGE" --process "$1" --detail unit "$2" --detail verb "$3" \
    >"$W/pkcheck.out" 2>&1 || rc=$?
  case $rc in
    0) echo yes ;;
    1 | 2) echo no ;;
    *) fail "pkcheck $1 $2 $3: exit $rc: $(cat "$W/pkcheck.out")" ;;
  esac
}
expect() { # want pid unit verb who
  local got
  got=$(ask "$2" "$3" "$4")
  [ "$got" = "$1" ] || fail "$5 $4 $3: polkitd says $got, want $1 ($(cat "$W/pkcheck.out"))"
  echo "$5 $4 $3: $got"
}

step "without the rule: polkit's default says no"
expect no "$AGENT" redis-server.service restart botasky

step "the rule for redis-server.service, written by botasky-allow-units and installed"
echo redis-server.service >"$W/root/etc/botasky/allowed-units"
"$GEN" --root "$W/root"
install -m 644 "$W/root/etc/polkit-1/rules.d/50-botasky-units.rules" "$RULE"
# polkitd re-reads its rules when the directory changes (inotify): no restart.
for _ in $(seq 50); do [ "$(ask "$AGENT" redis-server.service restart)" = yes ] && break; sleep 0.1; done

step "pkcheck against the real polkitd"
expect yes "$AGENT" redis-server.service restart botasky
expect yes "$AGENT" redis-server.service start botasky
expect yes "$AGENT" redis-server.service stop botasky
expect no "$AGENT" redis-server.service kill botasky
expect no "$AGENT" redis-server.service reload botasky
expect no "$AGENT" ssh.service restart botasky
expect no "$AGENT" redis.service restart botasky
expect no "$OTHER" redis-server.service restart nobody

shellcheck -V >/dev/null 2>&1 && { shellcheck "$0" || fail "shellcheck: $0"; }
echo "OK: the real polkitd (private system bus) authorizes botasky for start/stop/restart of the listed unit only"
