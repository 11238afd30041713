-- Headless tests of the Neovim client against a real hired (clients/test/with-daemon.sh sets
-- HIRED_SOCKET, HIRE_SESSION_FILE and the HIRE_TEST_* accounts).
--   nvim --headless --clean -l clients/nvim/tests/run.lua [NAME-SUBSTRING]
-- Prints one line per test and "N passed, N failed"; exits 1 when any failed.
local here = vim.fs.dirname(vim.fs.normalize(debug.getinfo(1, "S").source:sub(2)))
local plugin_root = vim.fs.dirname(here)
vim.opt.runtimepath:prepend(plugin_root)
vim.cmd.runtime("plugin/hire.lua")

local env = {
  socket = assert(vim.env.HIRED_SOCKET, "HIRED_SOCKET is not set: run through clients/test/with-daemon.sh"),
  root = assert(vim.env.HIRE_TEST_ROOT),
  recruiter = assert(vim.env.HIRE_TEST_RECRUITER),
  candidate = assert(vim.env.HIRE_TEST_CANDIDATE),
  password = assert(vim.env.HIRE_TEST_PASSWORD),
  job = assert(vim.env.HIRE_TEST_JOB),
  posting = assert(vim.env.HIRE_TEST_POSTING),
  tmp = assert(vim.env.HIRE_TEST_TMP),
}

local hire = require("hire")
-- notifications are checked where a test captures them, silent elsewhere
vim.notify = function() end
local rpc = require("hire.rpc")
local catalogue = require("hire.catalogue")

local TIMEOUT = 30000

-- Calls fn(..., done) and waits (running the event loop) until done is called; returns its args.
local function await(fn, ...)
  local n = select("#", ...)
  local args = { ... }
  local out
  args[n + 1] = function(...)
    out = { n = select("#", ...), ... }
  end
  fn(unpack(args, 1, n + 1))
  assert(vim.wait(TIMEOUT, function()
    return out ~= nil
  end, 10), "timed out waiting for the daemon")
  return unpack(out, 1, out.n)
end

local function ok(err, ...)
  if err then
    error("unexpected error: " .. hire.describe_error(err), 2)
  end
  return ...
end

local function eq(got, want, what)
  if not vim.deep_equal(got, want) then
    error(("%s: got %s, want %s"):format(what or "value", vim.inspect(got), vim.inspect(want)), 2)
  end
end

local function check(cond, what)
  if not cond then
    error(what, 2)
  end
end

local function lines_of(buf)
  return vim.api.nvim_buf_get_lines(buf, 0, -1, false)
end

local function read_file(path)
  local f = assert(io.open(path, "r"))
  local t = f:read("*a")
  f:close()
  return t
end

-- A fresh plugin state on the test socket, logged out.
local function fresh()
  if hire._state.client then
    hire._state.client:close()
  end
  hire._state.client, hire._state.token, hire._state.bound, hire._state.user, hire._state.topics = nil, nil, false, nil, nil
  hire.setup({ socket = env.socket, events = false })
  vim.cmd("silent! only")
end

local function login_recruiter()
  fresh()
  ok(await(hire.login, env.recruiter, env.password))
end

local tests = {}
local function test(name, fn)
  table.insert(tests, { name = name, fn = fn })
end

-- ---------------------------------------------------------------------------------------------

test("the generated catalogue is the daemon's rpc.discover", function()
  fresh()
  local doc = ok(await(hire.call, "rpc.discover", nil))
  local live = {}
  for _, m in ipairs(doc.methods) do
    local params = {}
    for _, p in ipairs(m.params or {}) do
      params[p.name] = p.required == true
    end
    live[m.name] = { access = m["x-access"], params = params }
  end
  local generated = {}
  for name, m in pairs(catalogue.methods) do
    local params = {}
    for _, p in ipairs(m.params) do
      params[p.name] = p.required
    end
    generated[name] = { access = m.access, params = params }
  end
  eq(generated, live, "catalogue")
end)

test("every method the plugin calls is in the catalogue, with known params", function()
  local used = {}
  for _, file in ipairs({ "lua/hire/init.lua", "lua/hire/rpc.lua" }) do
    local source = read_file(plugin_root .. "/" .. file)
    -- M.call("x.y", …), c:request("x.y", …) and the method of :Hire events off
    for method in source:gmatch('[%.:]call%("([a-z]+%.[a-zA-Z]+)"') do
      used[method] = true
    end
    for method in source:gmatch(':request%("([a-z]+%.[a-zA-Z]+)"') do
      used[method] = true
    end
  end
  check(vim.tbl_count(used) >= 15, "found too few method names: " .. vim.inspect(vim.tbl_keys(used)))
  for method in pairs(used) do
    check(catalogue.methods[method] ~= nil, "the plugin calls " .. method .. ", which the catalogue lacks")
  end
end)

test("a call the catalogue refuses is never sent", function()
  fresh()
  local err = await(hire.call, "jobs.nosuch", nil)
  check(err and err.message:find("no method jobs.nosuch"), "unknown method: " .. vim.inspect(err))
  err = await(hire.call, "jobs.get", { jobID = "J-1" })
  check(err and err.message:find("missing param jobId"), "missing param: " .. vim.inspect(err))
  err = await(hire.call, "jobs.get", { jobId = "J-1", nope = 1 })
  check(err and err.message:find("unknown param nope"), "unknown param: " .. vim.inspect(err))
  check(hire._state.client == nil or hire._state.client.state == "closed", "a refused call opened a connection")
end)

test("without a daemon on the socket the error says so", function()
  fresh()
  hire.setup({ socket = env.tmp .. "/nosuch.sock" })
  local err = await(hire.call, "daemon.ping", nil)
  check(err and err.message:find("cannot connect to hired at .*nosuch%.sock"), "error: " .. vim.inspect(err))
  fresh()
end)

test("a call returns at once and its reply arrives later", function()
  fresh()
  local got
  local id = hire.call("daemon.ping", nil, function(err, result)
    got = { err = err, result = result }
  end)
  check(type(id) == "number", "call returned no id")
  check(got == nil, "the reply was handled synchronously")
  check(vim.wait(TIMEOUT, function()
    return got ~= nil
  end, 10), "no reply")
  eq(got.err, nil, "error")
end)

test("login: a wrong password is refused, the prompt's password logs in", function()
  fresh()
  local err = await(hire.login, env.recruiter, "not the password")
  check(err and err.code and err.code ~= -1, "wrong password accepted: " .. vim.inspect(err))
  local prompted
  local saved = vim.fn.inputsecret
  vim.fn.inputsecret = function(prompt)
    prompted = prompt
    return env.password
  end
  local user = ok(await(hire.login, env.recruiter, nil))
  vim.fn.inputsecret = saved
  check(prompted and prompted:find(env.recruiter), "no password prompt")
  eq(user.username, env.recruiter, "username")
  eq(user.role, "recruiter", "role")
  eq(ok(await(hire.call, "auth.whoami", nil)).username, env.recruiter, "whoami")
end)

test("calls that need a session fail clearly before login", function()
  fresh()
  local err = await(hire.call, "auth.whoami", nil)
  eq(err and err.code, -32001, "code")
end)

test("attach with the token the CLI saved", function()
  fresh()
  eq(rpc.saved_token("/elsewhere/rpc.sock"), nil, "a token for another socket")
  local user = ok(await(hire.attach))
  eq(user.username, env.recruiter, "attached user")
  eq(ok(await(hire.call, "stats.get", nil)).jobs > 0, true, "stats after attach")
end)

test("a lost connection is re-attached with the session's token", function()
  login_recruiter()
  hire._state.client:close()
  eq(ok(await(hire.call, "auth.whoami", nil)).username, env.recruiter, "whoami after reconnect")
end)

test(":Hire jobs filters by column and query into a scratch buffer; <CR> opens a job", function()
  login_recruiter()
  local buf, result = ok(await(hire.jobs, { "state=TX" }))
  check(result.total > 0, "no job in TX")
  local lines = lines_of(buf)
  eq(vim.api.nvim_buf_get_name(buf), "hire://jobs", "buffer name")
  eq(#lines, #result.jobs + 1, "one line per job and a header")
  for i = 2, #lines do
    check(lines[i]:match(", TX$"), "a job not in TX: " .. lines[i])
  end
  local _, both = ok(await(hire.jobs, { "state=TX", "state=CA" }))
  check(both.total > result.total, "two values of a column are alternatives")
  local _, queried = ok(await(hire.jobs, { "state=TX", "engineer" }))
  check(queried.total < result.total, "the query narrowed nothing")
  vim.api.nvim_win_set_cursor(0, { 2, 0 })
  local jbuf, job = ok(await(hire.open_at_cursor))
  eq(vim.api.nvim_buf_get_name(jbuf), "hire://job/" .. job.jobId, "job buffer")
  eq(vim.b[jbuf].hire_job_id, job.jobId, "b:hire_job_id")
end)

test(":Hire search shows hits with snippets", function()
  login_recruiter()
  local buf, result = ok(await(hire.search, "data engineer"))
  check(#result.hits > 0, "no hit")
  check(lines_of(buf)[2]:match("^J%-"), "first hit line: " .. lines_of(buf)[2])
end)

test("a job's description opens as a buffer whose :w attaches it", function()
  login_recruiter()
  local buf = ok(await(hire.open_job, env.job))
  local stored = ok(await(hire.call, "jobs.get", { jobId = env.job }))
  check(#stored.description > 100, "no description")
  eq(table.concat(lines_of(buf), "\n"), stored.description, "buffer text")
  vim.api.nvim_buf_set_lines(buf, -1, -1, false, { "", "Nice to have: Terraform and Kubernetes." })
  check(vim.bo[buf].modified, "buffer not modified")
  vim.cmd("write")
  check(vim.wait(TIMEOUT, function()
    return not vim.bo[buf].modified
  end, 10), ":w did not save")
  local job = ok(await(hire.call, "jobs.get", { jobId = env.job }))
  check(job.description:find("Nice to have: Terraform and Kubernetes.", 1, true), "the daemon lacks the new text")
end)

test(":Hire describe attaches the current buffer, picking the job with vim.ui.select", function()
  login_recruiter()
  local target
  vim.cmd("enew")
  local buf = vim.api.nvim_get_current_buf()
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, { "# Platform engineer", "", "Required: Go, Kubernetes, PostgreSQL. 5+ years." })
  local saved = vim.ui.select
  local offered
  vim.ui.select = function(items, _, on_choice)
    offered = items
    target = items[#items].jobId
    on_choice(items[#items])
  end
  local job = ok(await(hire.describe, buf, nil))
  vim.ui.select = saved
  check(offered and #offered > 0, "vim.ui.select was not offered the jobs")
  eq(job.jobId, target, "described job")
  local got = ok(await(hire.call, "jobs.get", { jobId = target }))
  check(got.description:find("Required: Go, Kubernetes, PostgreSQL.", 1, true), "description not stored")
end)

test(":Hire pick opens the chosen job", function()
  login_recruiter()
  local saved = vim.ui.select
  vim.ui.select = function(items, opts, on_choice)
    check(opts.format_item(items[1]):match("^J%-"), "item format")
    on_choice(items[1])
  end
  local buf, job = ok(await(hire.pick, { "state=TX" }))
  vim.ui.select = saved
  eq(job.state, "TX", "picked job's state")
  eq(vim.api.nvim_buf_get_name(buf), "hire://job/" .. job.jobId, "buffer")
end)

test(":HireMatch a resume buffer: ranked jobs with explanations in a split, <CR> to the job", function()
  login_recruiter()
  vim.cmd("edit " .. vim.fn.fnameescape(env.root .. "/examples/resumes/daniel-okafor.txt"))
  local wins = #vim.api.nvim_tabpage_list_wins(0)
  local buf, result = ok(await(hire.match_buffer, 0, { top = 5 }))
  eq(#vim.api.nvim_tabpage_list_wins(0), wins + 1, "results in a split")
  eq(vim.api.nvim_buf_get_name(buf), "hire://matches", "buffer")
  check(#result.matches > 0 and #result.matches <= 5, "matches: " .. #result.matches)
  for i, m in ipairs(result.matches) do
    eq(m.rank, i, "rank")
    if i > 1 then
      check(m.score <= result.matches[i - 1].score, "not ranked by score")
    end
  end
  local lines = lines_of(buf)
  local text = table.concat(lines, "\n")
  check(text:find("matched: "), "no matched skills")
  check(text:find("missing: "), "no missing skills")
  check(text:find("#1 "), "no rank")
  -- the second line of the first match's explanation opens its job
  vim.api.nvim_win_set_cursor(0, { 3, 0 })
  local jbuf, job = ok(await(hire.open_at_cursor))
  eq(job.jobId, result.matches[1].jobId, "opened job")
  eq(vim.api.nvim_buf_get_name(jbuf), "hire://job/" .. job.jobId, "job buffer")
  -- the same text again reuses the stored resume (a duplicate is not stored twice)
  vim.cmd("edit " .. vim.fn.fnameescape(env.root .. "/examples/resumes/daniel-okafor.txt"))
  local _, again = ok(await(hire.match_buffer, 0, { top = 5 }))
  eq(again.matches[1].resumeId, result.matches[1].resumeId, "same resume")
end)

test(":HireMatch a job's description: its best resumes", function()
  login_recruiter()
  ok(await(hire.open_job, env.job))
  local buf, result = ok(await(hire.match_buffer, 0, { top = 3 }))
  check(#result.matches > 0, "no resume matched")
  for _, m in ipairs(result.matches) do
    eq(m.jobId, env.job, "match for another job")
  end
  check(lines_of(buf)[1]:find("Best resumes for " .. env.job, 1, true), "header: " .. lines_of(buf)[1])
  vim.api.nvim_win_set_cursor(0, { 2, 0 })
  local rbuf, resume = ok(await(hire.open_at_cursor))
  eq(resume.id, result.matches[1].resumeId, "opened resume")
  check(vim.api.nvim_buf_get_name(rbuf):find("hire://resume/", 1, true), "resume buffer")
end)

test("$/progress reaches the status line while a long call runs", function()
  login_recruiter()
  local seen = {}
  local group = vim.api.nvim_create_augroup("hire-test-progress", { clear = true })
  vim.api.nvim_create_autocmd("User", {
    group = group,
    pattern = "HireProgress",
    callback = function()
      table.insert(seen, hire.statusline())
    end,
  })
  local values = {}
  local result = ok(await(function(done)
    hire.call("mtb.import", { path = env.root .. "/examples/mtb-sample.csv" }, done, {
      on_progress = function(v)
        table.insert(values, v)
      end,
    })
  end))
  vim.api.nvim_del_augroup_by_id(group)
  check(result.rows > 0, "nothing imported")
  check(#values > 0, "no $/progress")
  local last = values[#values]
  check(type(last.done) == "number", "progress without done: " .. vim.inspect(last))
  local shown = vim.tbl_filter(function(s)
    return s:find("^hire: mtb.import")
  end, seen)
  check(#shown > 0, "the status line never showed the import: " .. vim.inspect(seen))
  eq(hire.statusline(), "", "status line after the call")
end)

test("events arrive as notifications", function()
  login_recruiter()
  local notes = {}
  local saved = vim.notify
  vim.notify = function(msg)
    table.insert(notes, msg)
  end
  local topics = ok(await(hire.subscribe, { "run.completed" }))
  eq(topics, { "run.completed" }, "subscribed")
  local started = ok(await(hire.call, "jobs.process", { jobIds = { env.job }, background = true }))
  local got = vim.wait(TIMEOUT, function()
    for _, n in ipairs(notes) do
      if n:find("event run.completed", 1, true) and n:find(started.runId, 1, true) then
        return true
      end
    end
    return false
  end, 20)
  vim.notify = saved
  check(got, "no run.completed notification: " .. vim.inspect(notes))
end)

test(":Hire applications lists a recruiter's applications with scores", function()
  login_recruiter()
  local buf, result = ok(await(hire.applications, env.posting))
  eq(#result.applications, 1, "applications")
  eq(result.applications[1].postingId, env.posting, "posting")
  check(lines_of(buf)[2]:find("submitted", 1, true), "status missing: " .. lines_of(buf)[2])
  vim.api.nvim_win_set_cursor(0, { 2, 0 })
  local abuf, application = ok(await(hire.open_at_cursor))
  eq(application.id, result.applications[1].id, "the application")
  local text = table.concat(lines_of(abuf), "\n")
  check(text:find(application.resume.text:sub(1, 40), 1, true), "the applicant's resume text is missing")
end)

test("a candidate is refused the recruiter's board with the daemon's error", function()
  fresh()
  ok(await(hire.login, env.candidate, env.password))
  local err = await(hire.jobs, {})
  eq(err and err.code, -32003, "code")
end)

test(":Hire call and its completion come from the catalogue", function()
  login_recruiter()
  local buf, result = ok(await(hire.call_command, "mtb.values", { "column=state", "limit:=3" }))
  eq(#result.values, 3, "values")
  check(table.concat(lines_of(buf), "\n"):find('"values"', 1, true), "JSON result")
  local function has(list, item)
    return vim.tbl_contains(list, item)
  end
  check(has(hire.complete("", "Hire ", 5), "jobs"), "subcommands")
  check(has(hire.complete("ma", "Hire ma", 7), "match"), "subcommand prefix")
  check(has(hire.complete("st", "Hire jobs st", 12), "state="), "columns")
  check(has(hire.complete("mtb.im", "Hire call mtb.im", 16), "mtb.import"), "methods")
  eq(hire.complete("mode=", "Hire call mtb.import mode=", 26), { "mode=merge", "mode=replace" }, "enum values")
  check(has(hire.complete("", "Hire events ", 12), "run.completed"), "topics")
  local err = await(hire.call_command, "mtb.values", { "nonsense" })
  check(err and err.message:find("key=value"), "bad word accepted")
end)

test("the :Hire and :HireMatch commands run the same code", function()
  login_recruiter()
  vim.cmd("Hire jobs state=TX")
  check(vim.wait(TIMEOUT, function()
    local buf = vim.fn.bufnr("hire://jobs")
    return buf ~= -1 and (lines_of(buf)[2] or ""):match(", TX$") ~= nil
  end, 10), ":Hire jobs state=TX filled no buffer")
  vim.cmd("silent! only")
  vim.cmd("edit " .. vim.fn.fnameescape(env.root .. "/examples/resumes/sofia-marin.md"))
  vim.cmd("HireMatch 2")
  check(vim.wait(TIMEOUT, function()
    local buf = vim.fn.bufnr("hire://matches")
    return buf ~= -1 and (lines_of(buf)[1] or ""):find("sofia-marin.md", 1, true) ~= nil and #lines_of(buf) > 2
  end, 10), ":HireMatch 2 showed no results for the resume")
  local heads = vim.tbl_filter(function(l)
    return l:match("^#%d")
  end, lines_of(vim.fn.bufnr("hire://matches")))
  eq(#heads, 2, "results kept")
end)

test(":Hire and :HireMatch exist with completion", function()
  local cmds = vim.api.nvim_get_commands({})
  check(cmds.Hire and cmds.HireMatch, "commands missing")
  eq(vim.fn.getcompletion("Hire jobs st", "cmdline")[1], "state=", "cmdline completion")
  check(#vim.fn.globpath(plugin_root, "doc/hire.txt") > 0, "doc/hire.txt missing")
  vim.cmd("helptags " .. vim.fn.fnameescape(plugin_root .. "/doc"))
  vim.cmd("help hire")
  check(vim.bo.filetype == "help", ":help hire does not open")
  vim.cmd("help :HireMatch")
  vim.cmd("helpclose")
end)

-- ---------------------------------------------------------------------------------------------

local only = _G.arg and _G.arg[1]
local passed, failed = 0, 0
local started = vim.uv.hrtime()
for _, t in ipairs(tests) do
  if not only or t.name:find(only, 1, true) then
    local t0 = vim.uv.hrtime()
    local success, err = xpcall(t.fn, debug.traceback)
    local ms = (vim.uv.hrtime() - t0) / 1e6
    if success then
      passed = passed + 1
      io.stdout:write(("ok    %s (%.0f ms)\n"):format(t.name, ms))
    else
      failed = failed + 1
      io.stdout:write(("FAIL  %s\n      %s\n"):format(t.name, tostring(err):gsub("\n", "\n      ")))
    end
  end
end
io.stdout:write(("nvim tests took %.1f s\n"):format((vim.uv.hrtime() - started) / 1e9))
io.stdout:write(("nvim: %d passed, %d failed\n"):format(passed, failed))
os.exit(failed == 0 and passed > 0 and 0 or 1)
