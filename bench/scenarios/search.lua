-- Fuzzy search: GET /v1/people?q=<term> with what people type: fragments, misspellings,
-- accents left out, Cyrillic. The 50 terms are in search-terms.txt (one a line), which the
-- fixed-rate runs of bench/run.sh read too.
package.path = os.getenv("BENCH_SCENARIOS") .. "/?.lua;" .. package.path
local common = require("common")
local paths = {}
local headers

setup = common.setup
done = common.done

function init()
  common.init()
  for i, term in ipairs(common.lines(os.getenv("BENCH_SCENARIOS") .. "/search-terms.txt")) do
    paths[i] = "/v1/people?q=" .. common.urlencode(term)
  end
  headers = common.headers()
end

function request()
  return wrk.format("GET", paths[math.random(#paths)], headers)
end
