#!/usr/bin/env bash
# Runs Botasky on this host for a look around: builds if needed, then starts the collector
# (pihealthd) on the embedded database with a config in a temporary folder, and posts a sample
# alert. Ctrl-C stops everything. Nothing to install by hand besides Java 17 and Maven.
# Usage: scripts/demo.sh [PORT]   (default 8732)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PORT=${1:-${DEMO_PORT:-8732}}

if [ ! -f collector-api/target/classpath.txt ] || [ -n "$(find collector-api/src common/src -newer collector-api/target/classpath.txt -type f 2>/dev/null | head -1)" ]; then
  echo "demo: building (mvn -B -q -DskipTests package)…"
  mvn -B -q -DskipTests package
fi

DEMO=$(mktemp -d /tmp/botasky-demo.XXXXXX)
ADMIN=demo-admin-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
AGENT=demo-agent-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
HOST=$(hostname)
printf '%s=%s\n' "$HOST" "$AGENT" > "$DEMO/agent_tokens"
cat > "$DEMO/pihealthd.conf" <<CONF
master = demo
client_port = $PORT
bind = 127.0.0.1
hosts = $HOST
host_timeout = 30s
PIHealthLog = $DEMO/pihealthd.log
data_dir = $DEMO/data
agent_tokens = $DEMO/agent_tokens
admin_token = $ADMIN
CONF

PIDS=()
stop() {
  trap - INT TERM EXIT
  echo
  echo "demo: stopping…"
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  echo "demo: stopped; files kept in $DEMO"
}
trap stop INT TERM EXIT

bin/pihealthd -c "$DEMO/pihealthd.conf" >"$DEMO/pihealthd.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
  kill -0 "${PIDS[0]}" 2>/dev/null || { cat "$DEMO/pihealthd.out"; exit 1; }
  sleep 0.5
done

EVENT_ID=$(cat /proc/sys/kernel/random/uuid)
curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/events" \
  -H "Authorization: Bearer $AGENT" -H 'Content-Type: application/json' \
  -d "{\"host\": \"$HOST\", \"events\": [{\"event_id\": \"$EVENT_ID\", \"resource\": \"system\", \"instance\": \"/\",
       \"check\": \"disk_usage\", \"state\": \"firing\", \"severity\": \"warning\", \"value\": 91.5, \"threshold\": 90,
       \"summary\": \"demo: / is 91.5% full\"}]}" >/dev/null

cat <<MSG

Botasky demo is running (collector on the embedded database).
  status page / API   http://127.0.0.1:$PORT/   (e.g. curl http://127.0.0.1:$PORT/api/v1/alerts)
  collector log       $DEMO/pihealthd.log
  admin CLI           bin/botasky -c $DEMO/pihealthd.conf alerts
                      bin/botasky -c $DEMO/pihealthd.conf ack <ID> --by you
  a sample alert      system/disk_usage on $HOST was posted; in 30 s without a heartbeat from
                      $HOST you will also see host/host_down raised by the collector itself.
Ctrl-C stops it.
MSG
wait "${PIDS[0]}"
