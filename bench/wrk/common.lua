-- Shared by the ingest benchmarks: random UUIDs, and a done() that prints parseable figures.
local hex = "0123456789abcdef"
function uuid()
  local t = {}
  for i = 1, 36 do
    if i == 9 or i == 14 or i == 19 or i == 24 then
      t[i] = "-"
    else
      local r = math.random(1, 16)
      t[i] = hex:sub(r, r)
    end
  end
  return table.concat(t)
end

-- The alert mix of events.lua and alertmanager.lua: 5,000 fingerprints over 500 hosts, mostly
-- firing refreshes, 1 in 20 a resolve.
local checks = {"cpu_usage", "mem_usage", "disk_usage", "process_down", "replication_lag",
                "master_link_down", "cpu_temp", "root_user", "unreachable", "vip_lost"}
function pick_host() return "pi" .. math.random(1, 500) end
function pick_check() return checks[math.random(1, 10)] end
function pick_resolved() return math.random(1, 20) == 1 end

-- Each thread's seed from the kernel: wrk's main Lua state is never seeded, so math.random there
-- gives the same seeds in every run, and the measured run would resend the warm-up's event ids
-- (every batch then a duplicate, retried carefully: docs/collector.md, "Sizing and measured
-- throughput").
local function kernel_seed()
  local f = assert(io.open("/dev/urandom", "rb"))
  local b1, b2, b3 = f:read(3):byte(1, 3)
  f:close()
  return b1 * 65536 + b2 * 256 + b3
end

function setup(thread)
  thread:set("seed", kernel_seed())
end

function init(args)
  math.randomseed(seed or os.time())
  token = os.getenv("BENCH_TOKEN")
  per_request = tonumber(os.getenv("BENCH_PER_REQUEST") or "1")
end

function done(summary, latency, requests)
  local secs = summary.duration / 1e6
  local bad = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p99_ms=%.2f errors=%d\n",
    summary.requests, secs, summary.requests / secs, latency:percentile(50) / 1000, latency:percentile(99) / 1000, bad))
end
