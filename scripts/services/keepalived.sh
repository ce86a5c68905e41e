#!/usr/bin/env bash
# Two keepalived nodes sharing the VIP 10.99.0.100 for the keepalived probe tests. Each node runs in
# its own network namespace (botasky-ka1 = 10.99.0.1, priority 150; botasky-ka2 = 10.99.0.2,
# priority 100) on interface vrrp0, joined by the bridge br0 in a third namespace (botasky-kabr).
# Each keepalived gets a private /tmp (its own mount namespace), or their dump files collide; a
# probe reads it as /proc/PID/root/tmp/keepalived.data. Idempotent: `start` repairs what the fault
# commands broke (links down, bridge ports detached, stopped daemons) and waits for ka1 to be MASTER.
#   keepalived.sh start | stop | status | pid 1|2 | crash 1|2 | detach | attach | linkdown 1|2 | linkup 1|2
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"

DIR=$(svc_dir keepalived)
BR=botasky-kabr
VIP=10.99.0.100

node_ns() { echo "botasky-ka$1"; }

netns() {
  ip netns list | grep -qw "$BR" || ip netns add "$BR"
  ip -n "$BR" link show br0 >/dev/null 2>&1 || ip -n "$BR" link add br0 type bridge
  ip -n "$BR" link set br0 up
  for n in 1 2; do
    local ns; ns=$(node_ns $n)
    ip netns list | grep -qw "$ns" || ip netns add "$ns"
    ip -n "$ns" link set lo up
    if ! ip -n "$ns" link show vrrp0 >/dev/null 2>&1; then
      ip link add "bka$n" type veth peer name vrrp0 netns "$ns"
      ip link set "bka$n" netns "$BR"
      ip -n "$ns" addr add "10.99.0.$n/24" dev vrrp0
    fi
    ip -n "$ns" link set vrrp0 up
    ip -n "$BR" link set "bka$n" master br0
    ip -n "$BR" link set "bka$n" up
  done
}

config() { # node priority
  cat >"$DIR/ka$1.conf" <<CFG
global_defs {
  router_id botasky-ka$1
  enable_script_security
}
vrrp_instance VI_1 {
  state BACKUP
  interface vrrp0
  virtual_router_id 51
  priority $2
  advert_int 1
  virtual_ipaddress {
    $VIP/24 dev vrrp0
  }
}
CFG
}

start_node() { # node
  local n=$1 ns; ns=$(node_ns "$1")
  [ -s "$DIR/ka$n.pid" ] && kill -CONT "$(cat "$DIR/ka$n.pid")" 2>/dev/null || true
  pid_alive "$DIR/ka$n.pid" && return 0
  # The previous keepalived and its VRRP child may still be exiting; a new one would find their pid
  # files and refuse to start ("daemon is already running"). Wait for them (they are keepalived
  # processes still, not a reused pid) and clear the files.
  local f p end=$((SECONDS + 10))
  for f in "$DIR/ka$n.kpid" "$DIR/ka$n.vpid"; do
    [ -s "$f" ] || continue
    p=$(cat "$f")
    while grep -qx keepalived "/proc/$p/comm" 2>/dev/null && [ "$(awk '{print $3}' "/proc/$p/stat" 2>/dev/null)" != "Z" ]; do
      if [ $SECONDS -ge $end ]; then kill -KILL "$p" 2>/dev/null || true; fi
      sleep 0.1
    done
    rm -f "$f"
  done
  # A keepalived killed with SIGKILL leaves its VIP behind; the restarted one must not inherit it.
  ip -n "$ns" addr del "$VIP/24" dev vrrp0 2>/dev/null || true
  start_bg "$DIR/ka$n.pid" "$DIR/ka$n.log" ip netns exec "$ns" sh -c \
    "mount -t tmpfs botasky-ka$n-tmp /tmp && exec keepalived -n -l -D -f '$DIR/ka$n.conf' -p '$DIR/ka$n.kpid' -r '$DIR/ka$n.vpid'"
}

holds_vip() { ip -n "$(node_ns "$1")" -o -4 addr show dev vrrp0 | grep -q " $VIP/"; }

healthy() { holds_vip 1 && ! holds_vip 2 && pid_alive "$DIR/ka1.pid" && pid_alive "$DIR/ka2.pid"; }

# What a test's failure message needs when the nodes do not settle: the log files are gone with
# the machine by the time anyone reads it.
report() {
  local n
  for n in 1 2; do
    echo "ka$n: pid $(cat "$DIR/ka$n.pid" 2>/dev/null || echo none)$(pid_alive "$DIR/ka$n.pid" || echo ' (not running)')," \
      "holds VIP: $(holds_vip "$n" && echo yes || echo no)"
    grep -v -e 'Printing VRRP' -e 'gratuitous ARP' "$DIR/ka$n.log" 2>/dev/null | tail -n 12 | sed "s/^/  ka$n| /"
  done
}

start() {
  command -v keepalived >/dev/null 2>&1 || apt_install_no_start keepalived || die "keepalived is not installed"
  command -v ip >/dev/null 2>&1 || apt_install iproute2 || die "iproute2 (ip) is not installed"
  netns
  config 1 150
  config 2 100
  start_node 1
  start_node 2
  wait_for 30 "keepalived ka1 to hold $VIP" healthy || { report >&2; die "keepalived did not settle (see $DIR/ka*.log)"; }
  log "keepalived: ka1 (10.99.0.1) MASTER, ka2 (10.99.0.2) BACKUP, VIP $VIP"
}

stop() {
  for n in 1 2; do stop_pidfile "$DIR/ka$n.pid" TERM; done
  for n in 1 2; do ip netns del "$(node_ns $n)" 2>/dev/null || true; done
  ip netns del "$BR" 2>/dev/null || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) healthy ;;
  pid) cat "$DIR/ka$2.pid" ;;
  detach) for n in 1 2; do ip -n "$BR" link set "bka$n" nomaster; done ;;
  attach) for n in 1 2; do ip -n "$BR" link set "bka$n" master br0; done ;;
  # SIGKILL to the parent and its VRRP/checker children, as a crash of the whole group would: no
  # process is left to remove the VIP. They are stopped first, or the child, told of its parent's
  # death, removes the VIP before its own SIGKILL lands.
  crash) p=$(cat "$DIR/ka$2.pid"); c=$(pgrep -P "$p" | tr '\n' ' '); kill -STOP "$p" $c; kill -KILL "$p" $c ;;
  linkdown) ip -n "$(node_ns "$2")" link set vrrp0 down ;;
  linkup) ip -n "$(node_ns "$2")" link set vrrp0 up ;;
  *) echo "usage: $0 start|stop|status|pid N|crash N|detach|attach|linkdown N|linkup N" >&2; exit 2 ;;
esac
