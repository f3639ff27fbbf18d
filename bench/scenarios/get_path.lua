-- GET one fixed path (BENCH_PATH): a list's first page, a deep page (the path carries the
-- cursor), a leaderboard.
package.path = os.getenv("BENCH_SCENARIOS") .. "/?.lua;" .. package.path
local common = require("common")
local path, headers

setup = common.setup
done = common.done

function init()
  common.init()
  path = common.env("BENCH_PATH")
  headers = common.headers()
end

function request()
  return wrk.format("GET", path, headers)
end
