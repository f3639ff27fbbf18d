-- Fuzzy search: GET /v1/people?q=<term> with what people type: fragments, misspellings,
-- accents left out, Cyrillic.
package.path = os.getenv("BENCH_SCENARIOS") .. "/?.lua;" .. package.path
local common = require("common")
local paths = {}
local headers

local terms = {
  "smith", "smi", "johnson", "garcia", "garc", "ivanov", "ivanova", "kuznetsov", "peresil", "peresild",
  "yulia", "shkaplerov", "novitsk", "muller", "müller", "schmidt", "gonzalez", "gonzález", "rodriguez",
  "tanaka", "wakata", "wang", "zhang li", "cristoforetti", "pesquet", "patel", "sharma", "al neyadi",
  "james w", "mary s", "john glenn", "wally funk", "shatner", "dwight", "elena kondak", "Юлия",
  "Пересильд", "Иванов", "Шкапл", "Сергей Кр", "Gagarin", "tereshkova", "nguyen", "jähn", "chretien",
  "haignere", "kim", "lee", "alexander", "sofia",
}

setup = common.setup
done = common.done

function init()
  common.init()
  for i, term in ipairs(terms) do
    paths[i] = "/v1/people?q=" .. common.urlencode(term)
  end
  headers = common.headers()
end

function request()
  return wrk.format("GET", paths[math.random(#paths)], headers)
end
