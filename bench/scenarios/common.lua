-- Shared by every scenario: per-thread random seeds, reading sample files, and a done() that
-- prints the run's numbers as one parseable line for bench/run.sh.
local common = {}

local thread_counter = 0

-- Gives each wrk thread its own number (as the global `thread_id`) so scenarios can make unique values.
function common.setup(thread)
  thread_counter = thread_counter + 1
  thread:set("thread_id", thread_counter)
end

function common.init()
  math.randomseed(os.time() * 1000 + (thread_id or 0) * 7919)
end

function common.env(name, default)
  local value = os.getenv(name)
  if value == nil or value == "" then
    if default == nil then
      error("environment variable " .. name .. " is not set")
    end
    return default
  end
  return value
end

function common.lines(path)
  local items = {}
  for line in io.lines(path) do
    if line ~= "" then
      items[#items + 1] = line
    end
  end
  if #items == 0 then
    error("no lines in " .. path)
  end
  return items
end

function common.urlencode(text)
  return (text:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function common.headers()
  local headers = { ["Accept"] = "application/json" }
  local key = os.getenv("BENCH_API_KEY")
  if key ~= nil and key ~= "" then
    headers["X-Api-Key"] = key
  end
  return headers
end

function common.done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "BENCH_RESULT requests=%d duration_us=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d " ..
    "errors_connect=%d errors_read=%d errors_write=%d errors_status=%d errors_timeout=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout))
end

return common
