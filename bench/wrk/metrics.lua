-- POST /api/v1/metrics: batches of BENCH_PER_REQUEST samples, each with a fresh batch_id.
dofile(os.getenv("BENCH_DIR") .. "/wrk/common.lua")
local samples

request = function()
  if samples == nil then
    local parts = {}
    local names = {"cpu.usage", "mem.used_pct", "disk.used_pct", "cpu.load1", "cpu.temp"}
    for i = 1, per_request do
      parts[i] = string.format('{"metric":"%s","ts":%d,"value":%d.5,"labels":{"core":"all"}}',
        names[(i % 5) + 1], 1763700000000 + i, i % 100)
    end
    samples = table.concat(parts, ",")
  end
  local body = '{"host":"pi' .. math.random(1, 500) .. '","batch_id":"' .. uuid() .. '","samples":[' .. samples .. ']}'
  return wrk.format("POST", "/api/v1/metrics",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end
