#!/usr/bin/env bash
# Status page benchmark (docs/status-page.md): bin/pihealthd on the local MariaDB, seeded through
# its API with HOSTS hosts (default 2000) x 20 services each, full-form heartbeats, a few warning
# and critical services with their firing alerts; then the page is loaded RUNS times (default 5) in
# headless Chromium (driven by chromedriver over plain WebDriver) for #/, #/tree and #/host/h0000,
# and the medians are printed: navigation start -> DOMContentLoaded, -> load, -> the view's data
# (its last API answer, sparklines aside) and -> its first full render (window.__botasky.rendered,
# set by app.js once the view is drawn and painted). Last, with #/tree open, one service of every
# host turns critical: the time until the page has counted them all from the live stream.
# With PAGE_SHOTS=DIR, a screenshot of each view at that scale is saved as DIR/<view>.png.
# Usage: [PAGE_SHOTS=DIR] bench/page-inventory.sh [HOSTS] [RUNS]
#        (MariaDB on 127.0.0.1:3306, root, no password)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
. scripts/lib/services.sh
. bench/lib/collector.sh
HOSTS=${1:-2000}
RUNS=${2:-5}
export BOTASKY_INSTALL=1
ensure_mariadb
ensure_browser
[ -f collector-api/target/classpath.txt ] || mvn -B -q -pl collector-api -am -DskipTests package

DB=botasky_bench_page
TOKEN=bench-admin-token-0123456789
COLLECTOR_PID=
DRIVER_PID=
WORK=$(mktemp -d /tmp/botasky-page.XXXXXX)
cleanup() {
  [ -n "$DRIVER_PID" ] && { kill "$DRIVER_PID" 2>/dev/null || true; wait "$DRIVER_PID" 2>/dev/null || true; }
  [ -n "$COLLECTOR_PID" ] && { kill "$COLLECTOR_PID" 2>/dev/null || true; wait "$COLLECTOR_PID" 2>/dev/null || true; }
  mariadb -uroot -h127.0.0.1 -e "DROP DATABASE IF EXISTS $DB" 2>/dev/null || true
  rm -rf "$WORK"
  return 0
}
trap cleanup EXIT

# The seeder posts from 8 threads; room for its connections and the browser's.
start_bench_collector "$WORK" "$DB" "admin_token = $TOKEN" "data_dir = $WORK/data" \
  "max_connections_per_peer = 64"
URL="http://127.0.0.1:$PORT"
python3 bench/lib/page_inventory.py seed "$URL" "$TOKEN" "$HOSTS" 20
services=$(curl -sf -H "Authorization: Bearer $TOKEN" "$URL/api/v1/services" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["services"]))')
bytes=$(curl -sf -H "Authorization: Bearer $TOKEN" -H 'Accept-Encoding: gzip' -o /dev/null -w '%{size_download}' "$URL/api/v1/services")
echo "collector holds $services services; GET /api/v1/services is $bytes bytes on the wire"

DRIVER_PORT=$(free_port)
chromedriver --port="$DRIVER_PORT" >"$WORK/chromedriver.log" 2>&1 &
DRIVER_PID=$!
wait_for 30 "chromedriver" curl -sf "http://127.0.0.1:$DRIVER_PORT/status"

echo
echo "page load, median of $RUNS loads, ms from navigation start ($(nproc) cores, $(chromium --version 2>/dev/null | head -1))"
printf '%-14s %8s %8s %8s %10s\n' view DOMready load data rendered
# The page asks for a token when the collector has a read_token; this one has none.
python3 bench/lib/page_inventory.py time "$URL" "$DRIVER_PORT" overview "#/" "$RUNS"
python3 bench/lib/page_inventory.py time "$URL" "$DRIVER_PORT" tree "#/tree" "$RUNS"
python3 bench/lib/page_inventory.py time "$URL" "$DRIVER_PORT" host "#/host/h0000" "$RUNS"
python3 bench/lib/page_inventory.py live "$URL" "$DRIVER_PORT" "$TOKEN" "$HOSTS" 20
echo "collector RSS after the runs: $(awk '/VmRSS/{print int($2/1024)}' "/proc/$COLLECTOR_PID/status") MB"
