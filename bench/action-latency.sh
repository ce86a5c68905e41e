#!/usr/bin/env bash
# Controlled actions: how long from a request to its start, and to its outcome, for a trivial
# action (docs/operations.md, "Controlled actions"; goal: start <= 2 s at p99).
# A real bin/pihealthd on MariaDB and a real bin/boagent whose [tcp:collector] section offers
# `action_noop = /bin/true`. N requests (default 100) are posted one after the other through
# POST /api/v1/actions with the admin token, each followed until its outcome; the figures come from
# the action records (requested_at, started_at, finished_at: the collector's clock, the agent's
# report of its start clamped to it) and, as a cross-check, from this script's own clock around the
# whole request → outcome.
# Usage: bench/action-latency.sh [N]   (MariaDB on 127.0.0.1:3306, root, no password)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
. scripts/lib/services.sh
. bench/lib/collector.sh
N=${1:-100}
ensure_mariadb
[ -f collector-api/target/classpath.txt ] && [ -f agent/target/classpath.txt ] || mvn -B -q -DskipTests package

WORK=$(mktemp -d /tmp/botasky-action-bench.XXXXXX)
DB=botasky_action_bench
TOKEN=bench-action-agent-0123456789
ADMIN=bench-action-admin-0123456789
echo "benchhost=$TOKEN" > "$WORK/tokens"
COLLECTOR_PID=
APID=
cleanup() {
  for p in "$APID" "$COLLECTOR_PID"; do
    [ -n "$p" ] && kill "$p" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  mariadb -uroot -h127.0.0.1 -e "DROP DATABASE IF EXISTS $DB" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
start_bench_collector "$WORK" "$DB" "agent_tokens = $WORK/tokens" "admin_token = $ADMIN" \
  "data_dir = $WORK/collector"
cat > "$WORK/colConfig.ini" <<CONF
[agent]
host = benchhost
master = 127.0.0.1
port = $PORT
token = $TOKEN
data_dir = $WORK/spool
log = $WORK/agent.log
[tcp:collector]
host = 127.0.0.1
port = $PORT
action_noop = /bin/true
CONF
bin/boagent -f "$WORK/colConfig.ini" >"$WORK/agent.out" 2>&1 &
APID=$!
API="http://127.0.0.1:$PORT/api/v1"
# The agent has reported its services (the collector refuses actions on services it does not know).
wait_for 60 "the agent's inventory" sh -c "curl -sf '$API/services?host=benchhost' | grep -q collector"

ms() { date +%s%3N; }
: > "$WORK/wall"
for i in $(seq 1 "$N"); do
  t0=$(ms)
  id=$(curl -sf -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    -d '{"host":"benchhost","resource":"tcp","instance":"collector","action":"noop","by":"bench"}' \
    "$API/actions" | jq -r .action.id)
  while :; do
    state=$(curl -sf "$API/actions/$id" | jq -r .action.state)
    case $state in pending|running) sleep 0.02 ;; *) break ;; esac
  done
  [ "$state" = succeeded ] || { echo "action $id ended $state" >&2; exit 1; }
  echo "$(( $(ms) - t0 ))" >> "$WORK/wall"
  [ $((i % 25)) -eq 0 ] && echo "  $i/$N" >&2
done
curl -sf "$API/actions?host=benchhost&limit=$N" > "$WORK/actions.json"
python3 - "$WORK/actions.json" "$WORK/wall" <<'PY'
import json, sys
from datetime import datetime
def t(s): return datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp() * 1000
acts = [a for a in json.load(open(sys.argv[1]))["actions"] if a["state"] == "succeeded"]
start = sorted(t(a["started_at"]) - t(a["requested_at"]) for a in acts)
done = sorted(t(a["finished_at"]) - t(a["requested_at"]) for a in acts)
wall = sorted(int(l) for l in open(sys.argv[2]))
def pct(xs, p): return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]
print(f"{len(acts)} trivial actions (/bin/true), one after the other, agent long-polling")
print(f"{'':24} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
for name, xs in (("request -> start", start), ("request -> outcome", done), ("client: post -> outcome", wall)):
    print(f"{name:24} {pct(xs, 50):8.0f} {pct(xs, 99):8.0f} {max(xs):8.0f}")
PY
