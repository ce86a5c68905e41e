#!/usr/bin/env bash
# Renders Botasky's systemd units and installs them, optionally under per-user names as in the
# original deployment: with --suffix zq the collector is pihealthd_zq.service, the
# agent client_zq.service and the notifier boird_zq.service, each with its own config, data and
# log paths, so several people can run their own Botasky on one machine.
#
# Usage: install-units.sh [--suffix NAME] [--port N] [--user USER] [--prefix DIR] [--dest DIR] [--root DIR] [--no-reload]
#        install-units.sh --agent-caps [--suffix NAME] [--dest DIR] [--root DIR] [--no-reload]
#   --suffix NAME  per-user names and paths (letters, digits, _ and -)
#   --port N       with --suffix: client_port of the created pihealthd_NAME.conf and port of colConfig_NAME.ini
#   --user USER    run the daemons as USER instead of botasky
#   --prefix DIR   where Botasky is installed (default /opt/botasky)
#   --dest DIR     where the units go (default ROOT/etc/systemd/system)
#   --root DIR     treat DIR as / for configs and directories (default /; tests use a temp dir)
#   --no-reload    do not run `systemctl daemon-reload`
#   --agent-caps   render no unit; only install or remove the agent's capabilities drop-in
# The agent unit grants no capabilities. Only when the agent's config (colConfig.ini, or
# colConfig_NAME.ini) has a [keepalived] section is DEST/boagent.service.d/botasky-keepalived.conf
# installed (CAP_KILL CAP_SYS_PTRACE CAP_DAC_READ_SEARCH; client_NAME.service.d/ with --suffix);
# without one it is removed. Likewise botasky-ping.conf for a [ping:NAME] section (CAP_NET_RAW in
# the bounding set only: the kernel starts /usr/bin/ping, which carries that file capability, only
# then; see docs/operations.md, "ping"). Every run decides again; the package's postinst runs
# --agent-caps on each configure. See docs/agent.md, "Capabilities".
# With a suffix, missing configs are created from the unsuffixed ones with the paths renamed:
#   /etc/pihealthd_NAME.conf (give it a client_port of its own: --port),
#   /etc/botasky/colConfig_NAME.ini, /etc/botasky/escalation_NAME.conf.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
SUFFIX="" PORT="" RUN_USER=botasky PREFIX=/opt/botasky DEST="" ROOT="" RELOAD=1 CAPS_ONLY=0
while [ $# -gt 0 ]; do
  case $1 in
    --suffix) SUFFIX=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    --user) RUN_USER=$2; shift 2 ;;
    --prefix) PREFIX=$2; shift 2 ;;
    --dest) DEST=$2; shift 2 ;;
    --root) ROOT=${2%/}; shift 2 ;;
    --no-reload) RELOAD=0; shift ;;
    --agent-caps) CAPS_ONLY=1; shift ;;
    -h|--help) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install-units.sh: unknown option $1 (see --help)" >&2; exit 64 ;;
  esac
done
if [ -n "$SUFFIX" ] && ! [[ $SUFFIX =~ ^[A-Za-z0-9_-]+$ ]]; then
  echo "install-units.sh: --suffix: letters, digits, _ and - only, got \"$SUFFIX\"" >&2; exit 64
fi
if [ -n "$PORT" ] && { [ -z "$SUFFIX" ] || ! [[ $PORT =~ ^[0-9]+$ ]] || [ "$PORT" -lt 1 ] || [ "$PORT" -gt 65535 ]; }; then
  echo "install-units.sh: --port needs --suffix and a port from 1 to 65535, got \"$PORT\"" >&2; exit 64
fi
DEST=${DEST:-$ROOT/etc/systemd/system}
if [ -z "$ROOT" ] && ! id "$RUN_USER" >/dev/null 2>&1; then
  echo "install-units.sh: warning: user $RUN_USER does not exist; the units will not start until it does" >&2
fi

# One rename list for units and configs. Longest names first: /var/lib/botasky must not catch
# /var/lib/boagent and the like.
SED=(-e "s|/opt/botasky/|$PREFIX/|g" -e "s|^User=botasky$|User=$RUN_USER|" -e "s|^Group=botasky$|Group=$RUN_USER|")
if [ -n "$SUFFIX" ]; then
  S=_$SUFFIX
  SED+=(
    -e "s|/etc/pihealthd\.conf|/etc/pihealthd$S.conf|g"
    -e "s|/etc/botasky/colConfig\.ini|/etc/botasky/colConfig$S.ini|g"
    -e "s|/etc/botasky/escalation\.conf|/etc/botasky/escalation$S.conf|g"
    -e "s|/var/lib/botasky\b|/var/lib/botasky$S|g"
    -e "s|/var/lib/boagent\b|/var/lib/boagent$S|g"
    -e "s|/var/log/pihealthd\.log|/var/log/pihealthd$S.log|g"
    -e "s|/var/log/boird\.log|/var/log/boird$S.log|g"
    -e "s|/var/log/pihealth\b|/var/log/pihealth$S|g"
    -e "s|^StateDirectory=\(.*\)$|StateDirectory=\1$S|"
    -e "s|pihealthd\.service|pihealthd$S.service|g"
    -e "s|systemctl edit boagent|systemctl edit client$S|g"
    -e "s|\(systemctl edit [a-z]*\)|\1$S|g"
  )
fi
unit_name() { # base
  case $1 in
    boagent) [ -n "$SUFFIX" ] && echo "client_$SUFFIX.service" || echo boagent.service ;;
    *) echo "$1${SUFFIX:+_$SUFFIX}.service" ;;
  esac
}

# The agent's capabilities drop-ins, each present exactly when its config has the section that
# needs it (also [TYPE:NAME]): botasky-keepalived.conf for [keepalived], botasky-ping.conf for
# [ping:NAME]. Sets CHANGED=1 when it installed or removed a file.
CHANGED=0
agent_dropin() { # section-type drop-in-name what-it-grants
  local type=$1 name=$2 what=$3 conf dir dropin
  conf=$ROOT/etc/botasky/colConfig${SUFFIX:+_$SUFFIX}.ini
  dir=$DEST/$(unit_name boagent).d
  dropin=$dir/botasky-$name.conf
  if [ -e "$conf" ] && [ ! -r "$conf" ]; then
    echo "install-units.sh: cannot read $conf: the agent's capabilities left as they are" >&2
    return 1
  fi
  if [ -f "$conf" ] && grep -Eq "^[[:space:]]*\[$type(:[^]]*)?\]" "$conf"; then
    if ! cmp -s "$HERE/boagent-$name.conf" "$dropin"; then
      mkdir -p "$dir"
      cp "$HERE/boagent-$name.conf" "$dropin.tmp"
      chmod 644 "$dropin.tmp"
      mv "$dropin.tmp" "$dropin"
      echo "installed $dropin ([$type] in $conf: $what)"
      CHANGED=1
    fi
  elif [ -e "$dropin" ]; then
    rm -f "$dropin"
    rmdir "$dir" 2>/dev/null || true # kept when it holds the administrator's own drop-ins
    echo "removed $dropin (no [$type] in $conf: the agent runs without $what)"
    CHANGED=1
  fi
}
agent_caps() {
  agent_dropin keepalived keepalived "CAP_KILL CAP_SYS_PTRACE CAP_DAC_READ_SEARCH"
  agent_dropin ping ping "CAP_NET_RAW in its bounding set, for /usr/bin/ping"
}
reload() {
  if [ "$RELOAD" = 1 ] && [ -z "$ROOT" ] && [ -d /run/systemd/system ]; then
    systemctl daemon-reload
  fi
}

if [ "$CAPS_ONLY" = 1 ]; then
  agent_caps
  if [ "$CHANGED" = 1 ]; then
    reload
    echo "next: systemctl try-restart $(unit_name boagent) (capabilities change at its next start)"
  fi
  exit 0
fi

mkdir -p "$DEST"
for base in pihealthd boagent boird; do
  out="$DEST/$(unit_name $base)"
  sed "${SED[@]}" "$HERE/$base.service" > "$out.tmp"
  chmod 644 "$out.tmp"
  mv "$out.tmp" "$out"
  echo "installed $out"
done

if [ -n "$SUFFIX" ]; then
  for f in /etc/pihealthd.conf /etc/botasky/colConfig.ini /etc/botasky/escalation.conf; do
    to=$(printf '%s\n' "$f" | sed "${SED[@]}")
    if [ -f "$ROOT$f" ] && [ ! -e "$ROOT$to" ]; then
      if [ -n "$PORT" ]; then
        # client_port of pihealthd.conf, port of colConfig.ini's [agent] (not of [mysql:…] and the like).
        sed "${SED[@]}" -e "s#^\(client_port[[:space:]]*=[[:space:]]*\).*#\1$PORT#" \
          -e "/^\[agent\]/,/^\[/ s#^\(port[[:space:]]*=[[:space:]]*\).*#\1$PORT#" "$ROOT$f" > "$ROOT$to"
      else
        sed "${SED[@]}" "$ROOT$f" > "$ROOT$to"
      fi
      # Same owner and mode as the original (root:botasky 640: tokens inside).
      chmod --reference="$ROOT$f" "$ROOT$to" 2>/dev/null || true
      chown --reference="$ROOT$f" "$ROOT$to" 2>/dev/null || true
      echo "created $ROOT$to from $ROOT$f (paths renamed)"
    fi
  done
  for d in /var/lib/botasky$S /var/lib/boagent$S /var/log/pihealth$S; do
    mkdir -p "$ROOT$d"
  done
  for f in /var/log/pihealthd$S.log /var/log/boird$S.log; do
    [ -e "$ROOT$f" ] || : > "$ROOT$f"
  done
  # Another user reads the configs (root:botasky, /etc/botasky 750) through the botasky group.
  if [ -z "$ROOT" ] && [ "$RUN_USER" != botasky ] && getent group botasky >/dev/null && id "$RUN_USER" >/dev/null 2>&1; then
    usermod -a -G botasky "$RUN_USER"
    echo "added $RUN_USER to group botasky (to read /etc/botasky)"
  fi
  if [ -z "$ROOT" ] && id "$RUN_USER" >/dev/null 2>&1; then
    chown "$RUN_USER:" /var/lib/botasky$S /var/lib/boagent$S /var/log/pihealth$S /var/log/pihealthd$S.log /var/log/boird$S.log
  fi
fi

agent_caps
reload
echo "next: systemctl enable --now $(unit_name pihealthd) $(unit_name boird) $(unit_name boagent)"
