#!/usr/bin/env bash
# A booted Debian bookworm with systemd as PID 1 (systemd-nspawn --boot), for the tests that drive
# the packaged product as a user would (dist/src/test/sh/booted-systemd.sh). The build machine's
# own PID 1 is not systemd; a container booted by systemd-nspawn runs systemd, journald, apt and dpkg
# as a real host does.
# - rootfs: prints the cached root file system, building it first when missing. The recipe
#   (suite, packages, this script's RECIPE_VERSION) is hashed into the folder's name, so a changed
#   recipe builds a new one: ~/.cache/botasky/nspawn-HASH (BOTASKY_CACHE overrides ~/.cache/botasky).
#   About 2 min (debootstrap, then the JRE and the rest inside) and ~470 MB the first time.
# - can-boot: exits 0 when this machine can boot a container; otherwise prints the reason.
# - boot NAME [--bind SRC:DST]...: boots the root fs with a throw-away overlay (--volatile=overlay:
#   every change is gone at power-off); waits until systemd inside reports running or degraded.
#   State (nspawn pid, leader) in $(svc_dir nspawn)/NAME.env.
# - run NAME CMD...: runs CMD inside (nsenter into every namespace of the container's systemd).
#   machinectl and systemctl -M need the host's machined and D-Bus, absent here.
# - poweroff NAME: systemctl poweroff inside, waits for nspawn to exit, removes the empty cgroups
#   nspawn leaves behind.
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"

# Bump when rootfs() below changes what it builds: the folder name changes with it.
RECIPE_VERSION=1
SUITE=bookworm
BASE_PKGS=systemd,systemd-sysv,dbus,ca-certificates,procps
# The product's dependencies (so `apt install ./botasky_*.deb` needs no network: Depends and
# Recommends are all here), and a Debian SMTP server delivering to local mailboxes (/var/mail).
EXTRA_PKGS="openjdk-17-jre-headless adduser logrotate polkitd exim4-daemon-light curl"
CACHE=${BOTASKY_CACHE:-$HOME/.cache/botasky}
# State of the booted guests; made only when one boots (can-boot must answer as any user).
DIR=${BOTASKY_SVC_DIR:-/var/tmp/botasky-svc}/nspawn

mirror() {
  local m
  m=$(awk '/^URIs:/ && $2 ~ /debian\/?$/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  printf '%s\n' "${m:-http://deb.debian.org/debian}"
}

recipe_hash() {
  printf '%s\n' "$RECIPE_VERSION" "$SUITE" "$BASE_PKGS" "$EXTRA_PKGS" | sha256sum | cut -c1-12
}

rootfs_path() { printf '%s/nspawn-%s\n' "$CACHE" "$(recipe_hash)"; }

ensure_tools() {
  command -v systemd-nspawn >/dev/null 2>&1 || apt_install systemd-container || die "systemd-nspawn is not installed (package systemd-container)"
  command -v debootstrap >/dev/null 2>&1 || apt_install debootstrap || die "debootstrap is not installed"
}

# Built into a temporary folder and renamed at the end: an interrupted build is never taken for a
# cached one. A finished debootstrap stage is kept there (marker .debootstrap-done), so a failure
# in the second stage does not download the base system again.
rootfs() {
  local r; r=$(rootfs_path)
  if [ -f "$r/.botasky-complete" ]; then printf '%s\n' "$r"; return 0; fi
  ensure_tools
  local t=$r.building
  mkdir -p "$CACHE"
  local start=$SECONDS
  if [ ! -f "$t/.debootstrap-done" ]; then
    rm -rf "$t"
    log "nspawn: building the root file system $r (debootstrap $SUITE, ~3 min)"
    debootstrap --variant=minbase --include="$BASE_PKGS" "$SUITE" "$t" "$(mirror)" >"$CACHE/debootstrap.log" 2>&1 \
      || { tail -20 "$CACHE/debootstrap.log" >&2; rm -rf "$t"; die "debootstrap failed (log: $CACHE/debootstrap.log)"; }
    cp /etc/apt/sources.list.d/debian.sources "$t/etc/apt/sources.list.d/" 2>/dev/null || true
    touch "$t/.debootstrap-done"
  fi
  # Inside a (not booted) container rather than a chroot: the JRE's postinst needs /proc. The
  # daemons are not started at install (policy-rc.d) nor at boot: a test starts what it needs, on
  # ports it chose (the host's network is shared).
  printf '#!/bin/sh\nexit 101\n' >"$t/usr/sbin/policy-rc.d"; chmod +x "$t/usr/sbin/policy-rc.d"
  systemd-nspawn -q -D "$t" --register=no --keep-unit --console=pipe /bin/sh -c \
    "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $EXTRA_PKGS \
     && systemctl disable exim4.service && apt-get clean" </dev/null >"$CACHE/extra.log" 2>&1 \
    || { tail -20 "$CACHE/extra.log" >&2; die "installing $EXTRA_PKGS failed (log: $CACHE/extra.log)"; }
  rm -f "$t/usr/sbin/policy-rc.d" "$t/.debootstrap-done"
  echo botasky-guest >"$t/etc/hostname"
  touch "$t/.botasky-complete"
  rm -rf "$r"; mv "$t" "$r"
  log "nspawn: root file system ready in $((SECONDS - start)) s: $r ($(du -sh "$r" | cut -f1))"
  printf '%s\n' "$r"
}

can_boot() {
  [ "$(id -u)" = 0 ] || { echo "not root: systemd-nspawn needs root"; return 1; }
  command -v systemd-nspawn >/dev/null 2>&1 || { echo "systemd-nspawn not installed (package systemd-container)"; return 1; }
  command -v nsenter >/dev/null 2>&1 || { echo "nsenter not installed (util-linux)"; return 1; }
  [ -d /sys/fs/cgroup ] || { echo "no /sys/fs/cgroup: cannot boot a container"; return 1; }
  return 0
}

state() { # name
  [ -f "$DIR/$1.env" ] || die "nspawn: $1 is not booted"
  # shellcheck disable=SC1090
  . "$DIR/$1.env"
}

leader_of() { pgrep -P "$1" | head -1; }

boot() { # name [--bind SRC:DST]...
  local name=$1; shift
  local r; r=$(rootfs)
  local reason; reason=$(can_boot) || die "cannot boot a container: $reason"
  mkdir -p "$DIR"
  [ ! -f "$DIR/$name.env" ] || poweroff "$name" || true
  setsid systemd-nspawn -D "$r" --boot --machine="$name" --register=no --keep-unit \
    --volatile=overlay --console=passive "$@" </dev/null >"$DIR/$name.log" 2>&1 &
  local npid=$! leader=""
  local end=$((SECONDS + 30))
  until [ -n "$leader" ]; do
    kill -0 "$npid" 2>/dev/null || { cat "$DIR/$name.log" >&2; die "systemd-nspawn exited"; }
    [ $SECONDS -lt $end ] || die "no systemd inside $name after 30 s"
    sleep 0.2; leader=$(leader_of "$npid" || true)
  done
  printf 'NSPAWN_PID=%s\nLEADER=%s\n' "$npid" "$leader" >"$DIR/$name.env"
  local st=""
  end=$((SECONDS + 60))
  until [ "$st" = running ] || [ "$st" = degraded ]; do
    [ $SECONDS -lt $end ] || die "$name: systemd is '$st' after 60 s"
    sleep 0.3
    st=$(nsenter -t "$leader" -a systemctl is-system-running 2>/dev/null || true)
  done
  log "nspawn: $name booted ($st), nspawn pid $npid, leader $leader"
}

run() { # name cmd...
  local name=$1; shift
  state "$name"
  nsenter -t "$LEADER" -a "$@"
}

poweroff() { # name
  local name=$1
  [ -f "$DIR/$name.env" ] || return 0
  state "$name"
  nsenter -t "$LEADER" -a systemctl poweroff >/dev/null 2>&1 || true
  local end=$((SECONDS + 20))
  while kill -0 "$NSPAWN_PID" 2>/dev/null; do
    if [ $SECONDS -ge $end ]; then kill -KILL "$NSPAWN_PID" 2>/dev/null || true; fi
    sleep 0.2
  done
  local c
  for c in /sys/fs/cgroup/unified/payload /sys/fs/cgroup/unified/supervisor \
    /sys/fs/cgroup/systemd/payload /sys/fs/cgroup/systemd/supervisor \
    /sys/fs/cgroup/payload /sys/fs/cgroup/supervisor; do
    # Deepest first (payload/init.scope…); rmdir refuses a cgroup that still has processes.
    if [ -d "$c" ]; then find "$c" -depth -type d -exec rmdir {} + 2>/dev/null || true; fi
  done
  rm -f "$DIR/$name.env" "$DIR/$name.log"
  log "nspawn: $name powered off"
}

case "${1:-}" in
  rootfs) rootfs ;;
  can-boot) can_boot ;;
  boot) shift; boot "$@" ;;
  run) shift; run "$@" ;;
  poweroff) poweroff "$2" ;;
  *) echo "usage: $0 rootfs | can-boot | boot NAME [nspawn options] | run NAME CMD... | poweroff NAME" >&2; exit 2 ;;
esac
