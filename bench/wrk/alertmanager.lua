-- The anchor of bench/collector-ingest.sh: POST /api/v2/alerts to Alertmanager with
-- BENCH_PER_REQUEST alerts each, drawn like events.lua's (5,000 fingerprints over 500 hosts, mostly
-- firing refreshes, 1 in 20 a resolve, which Alertmanager takes as an alert whose endsAt has passed).
dofile(os.getenv("BENCH_DIR") .. "/wrk/common.lua")

request = function()
  local host = pick_host()
  local parts = {}
  for i = 1, per_request do
    local resolved = pick_resolved()
    local state = resolved and "resolved" or "firing"
    local ends = resolved and ',"endsAt":"2026-11-21T10:00:01Z"' or ""
    parts[i] = string.format('{"labels":{"alertname":"%s","host":"%s","resource":"system","instance":"/",'
      .. '"severity":"warning"},"annotations":{"summary":"bench %s on %s","value":"%d","threshold":"90"},'
      .. '"startsAt":"2026-11-21T10:00:00Z"%s}',
      pick_check(), host, state, host, math.random(1, 100), ends)
  end
  return wrk.format("POST", "/api/v2/alerts", {["Content-Type"] = "application/json"},
    "[" .. table.concat(parts, ",") .. "]")
end
