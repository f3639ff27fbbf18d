-- Authenticated replaces: PUT /v1/people/<id> with If-Match: * on the people the create
-- scenario made (ids BENCH_ID_MIN..BENCH_ID_MAX), so the generated data set is not altered.
-- If-Match: * is a real precondition (the person must exist) and skips a GET per PUT, so wrk
-- counts exactly one write per request.
package.path = os.getenv("BENCH_SCENARIOS") .. "/?.lua;" .. package.path
local common = require("common")
local run_id, low, high, counter, headers = nil, nil, nil, 0, nil

setup = common.setup
done = common.done

function init()
  common.init()
  run_id = common.env("BENCH_RUN_ID")
  low = tonumber(common.env("BENCH_ID_MIN"))
  high = tonumber(common.env("BENCH_ID_MAX"))
  headers = common.headers()
  headers["Content-Type"] = "application/json"
  headers["If-Match"] = "*"
end

function request()
  counter = counter + 1
  local tag = run_id .. "-" .. thread_id .. "-" .. counter
  local body = string.format(
    '{"name":"Bench Person updated %s","birthDate":"1975-04-12","nationality":"US",' ..
    '"occupations":["engineer","pilot"],"sources":["https://example.org/bench/%s"]}', tag, tag)
  return wrk.format("PUT", "/v1/people/" .. math.random(low, high), headers, body)
end
