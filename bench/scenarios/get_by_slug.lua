-- GET <BENCH_PREFIX><slug> with slugs drawn from a sample file (one slug a line).
package.path = os.getenv("BENCH_SCENARIOS") .. "/?.lua;" .. package.path
local common = require("common")
local prefix, slugs, headers

setup = common.setup
done = common.done

function init()
  common.init()
  prefix = common.env("BENCH_PREFIX")
  slugs = common.lines(common.env("BENCH_SLUGS"))
  headers = common.headers()
end

function request()
  return wrk.format("GET", prefix .. slugs[math.random(#slugs)], headers)
end
