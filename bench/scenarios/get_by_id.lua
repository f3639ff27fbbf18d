-- GET <BENCH_PREFIX><id> with ids drawn uniformly from BENCH_ID_MIN..BENCH_ID_MAX
-- (the service's /v1/people/ and /v1/missions/, and the baseline's /people/).
package.path = os.getenv("BENCH_SCENARIOS") .. "/?.lua;" .. package.path
local common = require("common")
local prefix, low, high, headers

setup = common.setup
done = common.done

function init()
  common.init()
  prefix = common.env("BENCH_PREFIX")
  low = tonumber(common.env("BENCH_ID_MIN"))
  high = tonumber(common.env("BENCH_ID_MAX"))
  headers = common.headers()
end

function request()
  return wrk.format("GET", prefix .. math.random(low, high), headers)
end
