-- A read mix like a public API's traffic: mostly single resources by id or slug, some lists,
-- searches and leaderboards. BENCH_MIX lists "weight path-kind" entries separated by commas;
-- run.sh leaves out what this build does not serve.
package.path = os.getenv("BENCH_SCENARIOS") .. "/?.lua;" .. package.path
local common = require("common")
local choices, total, headers = {}, 0, nil
local slugs, people_low, people_high, mission_low, mission_high, deep_cursor, boards

local search_terms = { "smith", "ivanov", "garc", "peresil", "muller", "tanaka", "wang", "Иванов", "patel", "john" }

setup = common.setup
done = common.done

local makers = {
  person_id = function() return "/v1/people/" .. math.random(people_low, people_high) end,
  person_slug = function() return "/v1/people/" .. slugs[math.random(#slugs)] end,
  first_page = function() return "/v1/people?limit=50" end,
  deep_page = function() return "/v1/people?limit=50&cursor=" .. deep_cursor end,
  search = function() return "/v1/people?q=" .. common.urlencode(search_terms[math.random(#search_terms)]) end,
  mission_id = function() return "/v1/missions/" .. math.random(mission_low, mission_high) end,
  leaderboard = function() return "/v1/leaderboards/" .. boards[math.random(#boards)] end,
}

function init()
  common.init()
  headers = common.headers()
  slugs = common.lines(common.env("BENCH_SLUGS"))
  people_low = tonumber(common.env("BENCH_PEOPLE_MIN"))
  people_high = tonumber(common.env("BENCH_PEOPLE_MAX"))
  mission_low = tonumber(common.env("BENCH_MISSIONS_MIN", "1"))
  mission_high = tonumber(common.env("BENCH_MISSIONS_MAX", "1"))
  deep_cursor = common.urlencode(common.env("BENCH_CURSOR", ""))
  boards = {}
  for board in string.gmatch(common.env("BENCH_BOARDS", ""), "[^,]+") do
    boards[#boards + 1] = board
  end
  for entry in string.gmatch(common.env("BENCH_MIX"), "[^,]+") do
    local weight, kind = entry:match("^(%d+) ([%w_]+)$")
    if makers[kind] == nil then
      error("unknown mix entry " .. entry)
    end
    total = total + tonumber(weight)
    choices[#choices + 1] = { limit = total, make = makers[kind] }
  end
end

function request()
  local roll = math.random() * total
  for _, choice in ipairs(choices) do
    if roll < choice.limit then
      return wrk.format("GET", choice.make(), headers)
    end
  end
  return wrk.format("GET", choices[#choices].make(), headers)
end
