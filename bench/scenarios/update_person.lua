-- Authenticated replaces: PUT /v1/people/<id> with If-Match: * on the people the create
-- scenario made (their ids in the file BENCH_IDS), so the generated data set is not altered.
-- If-Match: * is a real precondition (the person must exist) and skips a GET per PUT, so wrk
-- counts exactly one write per request.
package.path = os.getenv("BENCH_SCENARIOS") .. "/?.lua;" .. package.path
local common = require("common")
local run_id, ids, counter, headers = nil, nil, 0, nil

setup = common.setup
done = common.done

function init()
  common.init()
  run_id = common.env("BENCH_RUN_ID")
  ids = common.lines(common.env("BENCH_IDS"))
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
  return wrk.format("PUT", "/v1/people/" .. ids[math.random(#ids)], headers, body)
end
