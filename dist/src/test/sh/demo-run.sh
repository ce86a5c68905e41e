#!/usr/bin/env bash
# scripts/demo.sh for real: the three daemons start, the busy loop trips system/runaway_process
# (alert log, and mail when the SMTP catcher could be fetched), SIGTERM (what Ctrl-C leads to)
# stops all three with exit 0. Run by ScriptsIT after `package`. Usage: demo-run.sh REPO_ROOT WORKDIR
set -euo pipefail
ROOT=$(readlink -f "$1")
W=$2
rm -rf "$W"; mkdir -p "$W"
fail() { echo "FAIL: $*" >&2; echo "--- demo output:" >&2; cat "$W/demo.out" >&2; exit 1; }
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for _ in $(seq 50); do
  PORT=$((20000 + RANDOM % 20000))
  port_free "$PORT" && port_free $((PORT + 2)) && port_free $((PORT + 3)) && break
done
DEMO_SKIP_BUILD=1 DEMO_BUSY_SECONDS=90 "$ROOT/scripts/demo.sh" "$PORT" >"$W/demo.out" 2>&1 &
DEMO=$!
wait_for() { # seconds description pattern
  local end=$((SECONDS + $1))
  until grep -qE "$3" "$W/demo.out"; do
    kill -0 "$DEMO" 2>/dev/null || fail "demo exited while waiting for $2"
    [ $SECONDS -lt $end ] || fail "no $2 within $1 s"
    sleep 0.5
  done
  echo "seen: $2"
}
wait_for 180 "start" "Ctrl-C stops it"
grep -q "status page         http://127.0.0.1:$PORT/" "$W/demo.out" || fail "no status page URL"
curl -sf "http://127.0.0.1:$PORT/" >/dev/null || fail "status page not served"
wait_for 120 "runaway_process in the alert log" "^alert log: .* FIRING .* runaway_process "
if grep -q "could not fetch" "$W/demo.out"; then
  echo "note: the SMTP catcher could not be fetched; log channel only"
else
  wait_for 60 "a mail" "^mail to oncall@demo.local: \[botasky\] "
fi
CONF=$(grep -o '/tmp/botasky-demo\.[A-Za-z0-9]*/pihealthd.conf' "$W/demo.out" | head -1)
"$ROOT/bin/botasky" -c "$CONF" alerts | tee "$W/alerts.out"
grep -q runaway_process "$W/alerts.out" || fail "botasky alerts does not list runaway_process"
kill -TERM "$DEMO"
rc=0; wait "$DEMO" || rc=$?
cat "$W/demo.out" | tail -8
[ $rc -eq 0 ] || fail "demo exited $rc after SIGTERM"
for d in boagent boird pihealthd; do
  grep -q "demo: $d stopped (exit 0)" "$W/demo.out" || fail "$d did not stop cleanly"
done
rm -rf "$(dirname "$CONF")"
echo "OK: demo"
