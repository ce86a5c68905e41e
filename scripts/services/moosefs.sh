#!/usr/bin/env bash
# A private MooseFS 3.0 cluster for the mfs probe tests: master, chunkserver, metalogger and
# cgiserv in the network namespace botasky-mfs (MooseFS refuses loopback between chunkserver and
# master, so they talk over 10.99.1.1 on a veth inside the namespace). The host reaches the master's
# client port at 127.0.0.1:19421 and the CGI at 127.0.0.1:19425 through socat forwarders.
# Idempotent: `start` starts every component that is not running and waits until the master sees
# the chunkserver with its space and the metalogger.
#   moosefs.sh start | stop | status | pid master|chunkserver|metalogger|cgiserv
set -euo pipefail
. "$(dirname "$0")/../lib/services.sh"

DIR=$(svc_dir moosefs)
NS=botasky-mfs
ADDR=10.99.1.1
CLI_PORT=${BOTASKY_MFS_CLI_PORT:-19421}
CGI_PORT=${BOTASKY_MFS_CGI_PORT:-19425}

in_ns() { ip netns exec "$NS" "$@"; }

netns() {
  ip netns list | grep -qw "$NS" || ip netns add "$NS"
  in_ns ip link set lo up
  if ! in_ns ip link show bmfs0 >/dev/null 2>&1; then
    ip link add bmfs0 type veth peer name bmfs1
    ip link set bmfs0 netns "$NS"
    ip link set bmfs1 netns "$NS"
    in_ns ip addr add "$ADDR/24" dev bmfs0
    in_ns ip addr add 10.99.1.2/24 dev bmfs1
    in_ns ip link set bmfs0 up
    in_ns ip link set bmfs1 up
  fi
}

configs() {
  mkdir -p "$DIR/master" "$DIR/chunkserver" "$DIR/hdd" "$DIR/metalogger" /var/lib/mfs
  [ -f "$DIR/master/metadata.mfs" ] || [ -f "$DIR/master/metadata.mfs.back" ] \
    || cp /var/lib/mfs/metadata.mfs.empty "$DIR/master/metadata.mfs"
  echo "* / rw,alldirs,maproot=0" >"$DIR/mfsexports.cfg"
  cat >"$DIR/mfsmaster.cfg" <<CFG
WORKING_USER = root
WORKING_GROUP = root
DATA_PATH = $DIR/master
EXPORTS_FILENAME = $DIR/mfsexports.cfg
TOPOLOGY_FILENAME = $DIR/mfstopology.cfg
CFG
  : >"$DIR/mfstopology.cfg"
  cat >"$DIR/mfschunkserver.cfg" <<CFG
WORKING_USER = root
WORKING_GROUP = root
DATA_PATH = $DIR/chunkserver
HDD_CONF_FILENAME = $DIR/mfshdd.cfg
MASTER_HOST = $ADDR
HDD_LEAVE_SPACE_DEFAULT = 4MiB
CFG
  echo "$DIR/hdd" >"$DIR/mfshdd.cfg"
  cat >"$DIR/mfsmetalogger.cfg" <<CFG
WORKING_USER = root
WORKING_GROUP = root
DATA_PATH = $DIR/metalogger
MASTER_HOST = $ADDR
META_DOWNLOAD_FREQ = 1
CFG
}

start_master() {
  pid_alive "$DIR/master.pid" && return 0
  # -a: a master that was killed must recover its metadata from the changelogs.
  start_bg "$DIR/master.pid" "$DIR/master.log" ip netns exec "$NS" mfsmaster -a -f -c "$DIR/mfsmaster.cfg" start
  wait_for 30 "mfsmaster" in_ns sh -c "ss -ltn | grep -q ':9421 '" || die "mfsmaster did not start (see $DIR/master.log)"
}

start_chunkserver() {
  pid_alive "$DIR/chunkserver.pid" && return 0
  # A private tmpfs as the hdd folder gives clean space numbers (a mount namespace of its own).
  start_bg "$DIR/chunkserver.pid" "$DIR/chunkserver.log" ip netns exec "$NS" unshare -m --propagation private \
    sh -c "mount -t tmpfs -o size=1g botasky-mfs-hdd '$DIR/hdd' && exec mfschunkserver -f -c '$DIR/mfschunkserver.cfg' start"
}

start_metalogger() {
  pid_alive "$DIR/metalogger.pid" && return 0
  start_bg "$DIR/metalogger.pid" "$DIR/metalogger.log" ip netns exec "$NS" mfsmetalogger -f -c "$DIR/mfsmetalogger.cfg" start
}

start_cgiserv() {
  pid_alive "$DIR/cgiserv.pid" && return 0
  start_bg "$DIR/cgiserv.pid" "$DIR/cgiserv.log" ip netns exec "$NS" mfscgiserv -H 0.0.0.0 -P 9425 -R /usr/share/moosefs-cgi -f start
}

start_forwarders() {
  pid_alive "$DIR/fwd-cli.pid" || start_bg "$DIR/fwd-cli.pid" "$DIR/fwd-cli.log" socat \
    "TCP-LISTEN:$CLI_PORT,bind=127.0.0.1,fork,reuseaddr" "EXEC:ip netns exec $NS socat STDIO TCP\:$ADDR\:9421"
  pid_alive "$DIR/fwd-cgi.pid" || start_bg "$DIR/fwd-cgi.pid" "$DIR/fwd-cgi.log" socat \
    "TCP-LISTEN:$CGI_PORT,bind=127.0.0.1,fork,reuseaddr" "EXEC:ip netns exec $NS socat STDIO TCP\:$ADDR\:9425"
}

# The master sees one chunkserver with non-zero space and one metalogger.
healthy() {
  local cs mb
  cs=$(in_ns mfscli -H "$ADDR" -P 9421 -SCS 2>/dev/null) || return 1
  mb=$(in_ns mfscli -H "$ADDR" -P 9421 -SMB 2>/dev/null) || return 1
  grep -q "^chunk servers:" <<<"$cs" && ! grep -q "Disconnected" <<<"$cs" \
    && awk -F'\t' '/^chunk servers:/ && $11 > 0 {ok=1} END {exit !ok}' <<<"$cs" \
    && grep -q "^metadata backup loggers:" <<<"$mb" \
    && in_ns sh -c "ss -ltn | grep -q ':9425 '" && in_ns sh -c "ss -ltn | grep -q ':9422 '"
}

start() {
  local b
  for b in mfsmaster mfschunkserver mfsmetalogger mfscgiserv mfscli; do
    command -v "$b" >/dev/null 2>&1 && continue
    apt_install_no_start moosefs-master moosefs-chunkserver moosefs-metalogger moosefs-cgiserv moosefs-cgi \
      moosefs-cli || die "MooseFS is not installed"
    break
  done
  command -v socat >/dev/null 2>&1 || apt_install socat || die "socat is not installed"
  command -v ip >/dev/null 2>&1 || apt_install iproute2 || die "iproute2 (ip) is not installed"
  netns
  configs
  start_master
  start_chunkserver
  start_metalogger
  start_cgiserv
  start_forwarders
  wait_for 90 "MooseFS cluster" healthy || { in_ns mfscli -H "$ADDR" -P 9421 -SCS -SMB >&2 || true; die "MooseFS did not become healthy"; }
  log "MooseFS master $ADDR in netns $NS; mfscli via 127.0.0.1:$CLI_PORT, CGI via 127.0.0.1:$CGI_PORT"
}

stop() {
  for n in fwd-cgi fwd-cli cgiserv metalogger chunkserver master; do stop_pidfile "$DIR/$n.pid" TERM; done
  ip netns del "$NS" 2>/dev/null || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) healthy ;;
  pid) cat "$DIR/$2.pid" ;;
  *) echo "usage: $0 start|stop|status|pid NAME" >&2; exit 2 ;;
esac
