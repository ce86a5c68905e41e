#!/usr/bin/env bash
# Network namespaces for the [ping:*] and [network] probe tests (distinct from keepalived's
# botasky-ka*):
# - botasky-net1: a ping peer. The veth pair bnet0 (root namespace, 10.98.0.1/24) <-> peer0
#   (botasky-net1, 10.98.0.2/24). `peerdown` / `peerup` set peer0's link down and up: with it down
#   the peer no longer answers (ping/NAME/unreachable).
# - botasky-net2: a host for `boagent` itself, run there with `ip netns exec botasky-net2`: the veth
#   pair nt0 (10.98.1.1/24) <-> nt1 (10.98.1.2/24), both inside it. The tests add and remove
#   addresses on nt0 (ip_change) and set it down and up (interface_down).
# No netem here: a kernel without sch_netem cannot inject loss; `netem` tells whether it can.
# Idempotent: `start` repairs whatever the tests changed (links down, extra addresses).
#   netns.sh start | stop | status | peerdown | peerup | ifdown | ifup | addaddr CIDR | deladdr CIDR
#            | netem
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"

PEER=botasky-net1
HOSTNS=botasky-net2
DIR=$(svc_dir netns)

has_ns() { ip netns list | grep -qw "$1"; }

start() {
  command -v ip >/dev/null 2>&1 || apt_install iproute2 || die "iproute2 (ip) is not installed"
  command -v ping >/dev/null 2>&1 || apt_install iputils-ping || die "iputils-ping is not installed"
  # The [network] E2E test forwards the namespace's loopback to the collector with socat.
  command -v socat >/dev/null 2>&1 || apt_install socat || die "socat is not installed"
  has_ns "$PEER" || ip netns add "$PEER"
  ip -n "$PEER" link set lo up
  if ! ip link show bnet0 >/dev/null 2>&1; then
    ip -n "$PEER" link del peer0 2>/dev/null || true
    ip link add bnet0 type veth peer name peer0 netns "$PEER"
  fi
  ip addr replace 10.98.0.1/24 dev bnet0
  ip -n "$PEER" addr replace 10.98.0.2/24 dev peer0
  ip link set bnet0 up
  ip -n "$PEER" link set peer0 up

  has_ns "$HOSTNS" || ip netns add "$HOSTNS"
  ip -n "$HOSTNS" link set lo up
  ip -n "$HOSTNS" link show nt0 >/dev/null 2>&1 || ip -n "$HOSTNS" link add nt0 type veth peer name nt1
  ip -n "$HOSTNS" addr flush dev nt0
  ip -n "$HOSTNS" addr add 10.98.1.1/24 dev nt0
  ip -n "$HOSTNS" addr replace 10.98.1.2/24 dev nt1
  ip -n "$HOSTNS" link set nt0 up
  ip -n "$HOSTNS" link set nt1 up
  wait_for 10 "the peer 10.98.0.2 to answer ping" ping -n -q -c 1 -W 1 10.98.0.2 \
    || die "the peer 10.98.0.2 does not answer ping"
  printf 'peer=10.98.0.2\npeer_ns=%s\nhost_ns=%s\niface=nt0\n' "$PEER" "$HOSTNS" >"$DIR/netns.env"
  log "netns: $PEER answers on 10.98.0.2 (via bnet0); $HOSTNS has nt0 10.98.1.1/24"
}

stop() {
  ip link del bnet0 2>/dev/null || true
  for ns in "$PEER" "$HOSTNS"; do ip netns del "$ns" 2>/dev/null || true; done
  rm -f "$DIR/netns.env"
}

status() {
  has_ns "$PEER" && has_ns "$HOSTNS" && ping -n -q -c 1 -W 1 10.98.0.2 >/dev/null 2>&1
}

# Whether this kernel can inject loss: a throw-away qdisc on a throw-away veth in the peer.
netem() {
  ip -n "$PEER" link add nmtest0 type veth peer name nmtest1 2>/dev/null || true
  local rc=0
  ip netns exec "$PEER" tc qdisc add dev nmtest0 root netem loss 50% 2>&1 || rc=$?
  ip -n "$PEER" link del nmtest0 2>/dev/null || true
  return $rc
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  peerdown) ip -n "$PEER" link set peer0 down ;;
  peerup) ip -n "$PEER" link set peer0 up ;;
  ifdown) ip -n "$HOSTNS" link set nt0 down ;;
  ifup) ip -n "$HOSTNS" link set nt0 up ;;
  addaddr) ip -n "$HOSTNS" addr add "$2" dev nt0 ;;
  deladdr) ip -n "$HOSTNS" addr del "$2" dev nt0 ;;
  netem) netem ;;
  *) echo "usage: $0 start|stop|status|peerdown|peerup|ifdown|ifup|addaddr CIDR|deladdr CIDR|netem" >&2; exit 2 ;;
esac
