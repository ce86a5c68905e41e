#!/usr/bin/env bash
# The agent's class data sharing (bin/cds.sh) as installed from the tarball, with systemd's
# STATE_DIRECTORY: `boagent check` leaves nothing; the daemon's first run writes the class list;
# the second start dumps the archive and maps it; a changed jar starts over.
# Run by ScriptsIT after `package`. Usage: agent-cds.sh TARBALL WORKDIR
set -euo pipefail
TGZ=$(readlink -f "$1")
W=$2
rm -rf "$W"; mkdir -p "$W"
fail() { echo "FAIL: $*" >&2; exit 1; }
tar -xzf "$TGZ" -C "$W"
TOP=$(find "$W" -mindepth 1 -maxdepth 1 -type d -name 'botasky-*')
export STATE_DIRECTORY=$W/state
mkdir -p "$STATE_DIRECTORY"
CDS=$STATE_DIRECTORY/cds
cat >"$W/colConfig.ini" <<CONF
[agent]
host = cds-test
master = 127.0.0.1
port = 9
token = cds-test-token-0123456789
data_dir = $W/spool
log = $W/agent.log
[system]
CONF

# run_agent SECONDS: the daemon for a while (its collector is unreachable: it keeps retrying).
run_agent() {
  "$TOP/bin/boagent" -f "$W/colConfig.ini" >"$W/agent.out" 2>&1 &
  local pid=$!
  for _ in $(seq $(($1 * 5))); do
    grep -q 'ready: boagent' "$W/agent.log" 2>/dev/null && break
    sleep 0.2
  done
  grep -q 'ready: boagent' "$W/agent.log" || { cat "$W/agent.out"; fail "boagent not ready"; }
  MAPS=$(cat "/proc/$pid/maps")
  kill "$pid"
  wait "$pid" || true
  rm -f "$W/agent.log"
}

"$TOP/bin/boagent" check -f "$W/colConfig.ini" >/dev/null || true
[ ! -e "$CDS" ] || [ -z "$(ls -A "$CDS")" ] || fail "boagent check left CDS files: $(ls "$CDS")"
echo "ok: boagent check makes no CDS files"

run_agent 60
LIST=$(find "$CDS" -name 'boagent-*.classlist')
[ -n "$LIST" ] || fail "the first run wrote no class list"
[ "$(grep -c 'io/botasky/agent' "$LIST")" -gt 50 ] || fail "the class list holds too few agent classes"
echo "ok: the first run wrote $(basename "$LIST") ($(wc -l <"$LIST") classes)"

run_agent 60
JSA=$(find "$CDS" -name 'boagent-*.jsa')
[ -n "$JSA" ] || { cat "$CDS"/*dump.log; fail "the second start made no archive"; }
grep -q "$JSA" <<<"$MAPS" || fail "the second run did not map $JSA"
echo "ok: the second start dumped and mapped $(basename "$JSA")"

touch "$TOP"/lib/agent-*.jar
run_agent 60
[ ! -e "$JSA" ] || fail "a changed jar kept the old archive"
[ -n "$(find "$CDS" -name 'boagent-*.classlist' ! -path "$LIST")" ] || fail "a changed jar wrote no new class list"
echo "ok: a changed jar starts over"
echo "OK: the agent makes its class data sharing archive at its second start and starts over after an upgrade"
