-- Authenticated creates: POST /v1/people, a unique person per request, each with its own
-- Idempotency-Key so the idempotency rows are part of what is measured. BENCH_RUN_ID keeps
-- names unique across runs.
package.path = os.getenv("BENCH_SCENARIOS") .. "/?.lua;" .. package.path
local common = require("common")
local run_id, counter, headers = nil, 0, nil

setup = common.setup
done = common.done

function init()
  common.init()
  run_id = common.env("BENCH_RUN_ID")
  headers = common.headers()
  headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local tag = run_id .. "-" .. thread_id .. "-" .. counter
  headers["Idempotency-Key"] = "bench-create-" .. tag
  local body = string.format(
    '{"name":"Bench Person %s","nativeName":"Тест %s","birthDate":"1975-04-12","nationality":"US",' ..
    '"occupations":["engineer"],"sources":["https://example.org/bench/%s"]}', tag, tag, tag)
  return wrk.format("POST", "/v1/people", headers, body)
end
