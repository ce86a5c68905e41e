#!/usr/bin/env bash
# install-units.sh --agent-caps: the agent's capabilities drop-in is installed exactly when the
# agent's config has a [keepalived] section, removed when the section goes, left alone when nothing
# changed, also for per-user units (--suffix); the agent unit itself grants no capability; with
# systemd-analyze, the unit plus its drop-in verify. Run by ScriptsIT. Usage: agent-caps.sh REPO WORKDIR
set -euo pipefail
REPO=$(readlink -f "$1")
W=$2
R=$W/root
rm -rf "$W"; mkdir -p "$R/etc/botasky"
INSTALL=$REPO/deploy/systemd/install-units.sh
D=$R/etc/systemd/system/boagent.service.d
DROPIN=$D/botasky-keepalived.conf

fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "--- $*"; }
caps() { "$INSTALL" --agent-caps --root "$R" "$@"; }

step "the agent unit grants nothing by itself"
grep -qx 'AmbientCapabilities=' "$REPO/deploy/systemd/boagent.service" || fail "boagent.service must reset AmbientCapabilities="
grep -qx 'CapabilityBoundingSet=' "$REPO/deploy/systemd/boagent.service" || fail "boagent.service must reset CapabilityBoundingSet="
! grep -q '^[A-Za-z]*Capabilit[a-zA-Z]*=CAP_' "$REPO/deploy/systemd/boagent.service" || fail "boagent.service grants a capability"
for c in CAP_KILL CAP_SYS_PTRACE CAP_DAC_READ_SEARCH; do
  grep -q "^AmbientCapabilities=.*\b$c\b" "$REPO/deploy/systemd/boagent-keepalived.conf" || fail "the drop-in lacks $c"
done

step "no config, no [keepalived]: no drop-in"
caps
[ ! -e "$DROPIN" ] || fail "drop-in installed without a config"
printf '[agent]\nmaster = 127.0.0.1\n\n[system]\n; [keepalived] in a comment does not count\n' >"$R/etc/botasky/colConfig.ini"
caps
[ ! -e "$DROPIN" ] || fail "drop-in installed without a [keepalived] section"

step "[keepalived] added: drop-in installed, 0644, same as shipped"
printf '\n[keepalived]\nvip = 10.0.0.100\n' >>"$R/etc/botasky/colConfig.ini"
out=$(caps)
echo "$out"
cmp -s "$DROPIN" "$REPO/deploy/systemd/boagent-keepalived.conf" || fail "drop-in not installed as shipped"
[ "$(stat -c %a "$DROPIN")" = 644 ] || fail "drop-in should be 0644"
grep -q '^installed ' <<<"$out" || fail "no 'installed' line"
out=$(caps)
[ -z "$out" ] || fail "a second run with nothing to change printed: $out"

step "an administrator's own drop-in beside it survives, and keeps the directory"
echo '[Service]' >"$D/override.conf"
sed -i '/^\[keepalived\]/,$d' "$R/etc/botasky/colConfig.ini"
out=$(caps)
echo "$out"
[ ! -e "$DROPIN" ] || fail "drop-in left after [keepalived] went away"
grep -q '^removed ' <<<"$out" || fail "no 'removed' line"
[ -f "$D/override.conf" ] || fail "removed the administrator's override.conf"
rm "$D/override.conf"
printf '[keepalived:vip1]\nvip = 10.0.0.100\n' >>"$R/etc/botasky/colConfig.ini"
caps >/dev/null
[ -f "$DROPIN" ] || fail "[keepalived:NAME] should count as [keepalived]"
sed -i '/^\[keepalived/,$d' "$R/etc/botasky/colConfig.ini"
caps >/dev/null
[ ! -e "$D" ] || fail "the emptied boagent.service.d should be removed"

step "per-user units: client_zq.service.d follows colConfig_zq.ini"
printf '[agent]\nmaster = 127.0.0.1\n[keepalived]\nvip = 10.0.0.100\n' >"$R/etc/botasky/colConfig_zq.ini"
caps --suffix zq >/dev/null
[ -f "$R/etc/systemd/system/client_zq.service.d/botasky-keepalived.conf" ] || fail "no drop-in for client_zq"
[ ! -e "$DROPIN" ] || fail "--suffix zq touched boagent.service.d"

step "rendering all units decides the drop-in too"
"$INSTALL" --suffix zq --root "$R" --dest "$W/units" --no-reload >/dev/null
[ -f "$W/units/client_zq.service.d/botasky-keepalived.conf" ] || fail "rendering units did not install the drop-in"
grep -qx 'CapabilityBoundingSet=' "$W/units/client_zq.service" || fail "rendered client_zq.service grants capabilities"

step "[ping:NAME]: its own drop-in, CAP_NET_RAW in the bounding set only, beside keepalived's"
PINGDROP=$D/botasky-ping.conf
grep -qx 'CapabilityBoundingSet=CAP_NET_RAW' "$REPO/deploy/systemd/boagent-ping.conf" || fail "the ping drop-in must bound CAP_NET_RAW"
! grep -q '^AmbientCapabilities=' "$REPO/deploy/systemd/boagent-ping.conf" || fail "the ping drop-in must grant nothing"
printf '[agent]\nmaster = 127.0.0.1\n[ping:gw]\nhost = 10.0.0.1\n' >"$R/etc/botasky/colConfig.ini"
out=$(caps)
echo "$out"
cmp -s "$PINGDROP" "$REPO/deploy/systemd/boagent-ping.conf" || fail "ping drop-in not installed as shipped"
[ ! -e "$DROPIN" ] || fail "[ping:gw] installed the keepalived drop-in"
printf '[keepalived]\nvip = 10.0.0.100\n' >>"$R/etc/botasky/colConfig.ini"
caps >/dev/null
[ -f "$DROPIN" ] && [ -f "$PINGDROP" ] || fail "both sections, but not both drop-ins"
sed -i '/^\[ping/,/^host/d' "$R/etc/botasky/colConfig.ini"
out=$(caps)
grep -q "^removed $PINGDROP" <<<"$out" || fail "no 'removed' line for the ping drop-in: $out"
[ -f "$DROPIN" ] || fail "removing [ping] removed the keepalived drop-in"
sed -i '/^\[keepalived/,$d' "$R/etc/botasky/colConfig.ini"
caps >/dev/null
[ ! -e "$D" ] || fail "the emptied boagent.service.d should be removed"

if command -v systemd-analyze >/dev/null 2>&1; then
  step "systemd-analyze verify: the unit with its drop-in appended"
  mkdir -p "$W/verify"
  { sed "s|/opt/botasky/bin/|/bin/|; s|^ExecStartPre=.*|ExecStartPre=-/bin/true|; s|^ExecStart=.*|ExecStart=/bin/true|" \
      "$REPO/deploy/systemd/boagent.service"; cat "$REPO/deploy/systemd/boagent-keepalived.conf" "$REPO/deploy/systemd/boagent-ping.conf"; } >"$W/verify/boagent.service"
  out=$(cd "$W/verify" && systemd-analyze verify ./boagent.service 2>&1) || fail "systemd-analyze verify failed: $out"
  [ -z "$out" ] || fail "systemd-analyze verify warned: $out"
fi
echo "OK: the agent's capabilities drop-in follows the [keepalived] section"
