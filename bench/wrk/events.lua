-- POST /api/v1/events with BENCH_PER_REQUEST events each: 5,000 fingerprints over 500 hosts,
-- mostly firing refreshes, 1 in 20 a resolve (so the next firing opens a new alert).
dofile(os.getenv("BENCH_DIR") .. "/wrk/common.lua")

request = function()
  local host = pick_host()
  local parts = {}
  for i = 1, per_request do
    local state = pick_resolved() and "resolved" or "firing"
    parts[i] = string.format('{"event_id":"%s","resource":"system","instance":"/","check":"%s","state":"%s",'
      .. '"severity":"warning","value":%d,"threshold":90,"summary":"bench %s on %s","observed_at":"2026-11-21T10:00:00Z"}',
      uuid(), pick_check(), state, math.random(1, 100), state, host)
  end
  local body = '{"host":"' .. host .. '","events":[' .. table.concat(parts, ",") .. ']}'
  return wrk.format("POST", "/api/v1/events",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end
