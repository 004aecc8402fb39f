-- GET /api/suggest with the first three letters of a random one of the words run.sh made its
-- 100,000 keys from (each prefix matches about 6,250 keys; the answer is the first 10).
local words = {"beach", "forest", "mountain", "city", "river", "sunset", "garden", "winter",
  "desert", "harbor", "canyon", "meadow", "island", "bridge", "temple", "market"}
math.randomseed(os.time() + (tonumber(tostring({}):sub(8), 16) or 0))

request = function()
  return wrk.format("GET", "/api/suggest?prefix=" .. words[math.random(1, #words)]:sub(1, 3))
end

dofile("bench/report.lua")
