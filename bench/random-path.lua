-- wrk: each request takes a random line of the file named by the PATHS environment variable.
local paths = {}
for line in io.lines(os.getenv("PATHS")) do
  paths[#paths + 1] = line
end
math.randomseed(42)
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
