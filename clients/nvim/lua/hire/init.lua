-- hire: Neovim client for hired — the job board, matching and applications from the editor.
--
-- Every function that talks to the daemon is asynchronous: it returns at once and calls its
-- `done(err, ...)` later (the commands pass none, errors are then shown with vim.notify).
-- See :help hire.
local rpc = require("hire.rpc")
local catalogue = require("hire.catalogue")

local M = {}

M.config = {
  socket = nil, -- default: as `hire` finds it ($HIRED_SOCKET, the user socket, the machine socket)
  top = 10, -- :HireMatch results kept
  page = 200, -- :Hire jobs rows fetched
  events = false, -- subscribe to events (shown with vim.notify) after each login
}

-- The connection, the session it holds, and what the status line shows.
local state = {
  client = nil,
  token = nil, -- the session token (kept in memory only) to re-attach after a reconnect
  bound = false, -- the current connection holds the session
  user = nil,
  topics = nil, -- the event topics subscribed to, re-subscribed after a reconnect
  progress = nil, -- { method, value }
  columns = nil, -- board column keys, from mtb.columns
}
M._state = state

local function notify(message, level)
  vim.notify("hire: " .. message, level or vim.log.levels.INFO)
end

--- A readable line for a JSON-RPC error (the code, the message, and what data names).
function M.describe_error(err)
  if type(err) ~= "table" then
    return tostring(err)
  end
  local text = err.message or "error"
  local data = type(err.data) == "table" and err.data or nil
  if data then
    if data.param then
      text = text .. " (param " .. tostring(data.param) .. ")"
    end
    if data.reason then
      text = text .. ": " .. tostring(data.reason)
    end
    if data.retryAfterSeconds then
      text = text .. " (retry after " .. tostring(data.retryAfterSeconds) .. " s)"
    end
  end
  if err.code and err.code ~= -1 then
    text = text .. " [" .. err.code .. "]"
  end
  return text
end

-- The callback a command uses when its caller gave none: errors become notifications.
local function or_report(done)
  return done or function(err)
    if err then
      notify(M.describe_error(err), vim.log.levels.ERROR)
    end
  end
end

local function redraw_status()
  pcall(vim.api.nvim_exec_autocmds, "User", { pattern = "HireProgress", modeline = false })
  pcall(vim.cmd.redrawstatus)
end

local function on_notification(method, params)
  if method == "events.event" then
    local data = params.data and vim.json.encode(params.data) or ""
    notify(("event %s %s"):format(tostring(params.topic), data))
  end
end

local function client()
  if not state.client then
    state.client = rpc.new(M.config.socket, {
      on_notification = on_notification,
      on_progress = function(method, value)
        state.progress = { method = method, value = value }
        redraw_status()
      end,
      on_idle = function()
        if state.progress then
          state.progress = nil
          redraw_status()
        end
      end,
      on_close = function()
        state.bound = false
        if state.progress then
          state.progress = nil
          redraw_status()
        end
      end,
    })
  end
  return state.client
end

--- Calls METHOD with PARAMS; done(err, result) runs on the main loop. After a reconnect the
--- session is attached again first (auth.attach is a barrier on the daemon, so it is pipelined).
--- Returns the call's id (for M.cancel).
function M.call(method, params, done, opts)
  done = or_report(done)
  local c = client()
  if state.token and (not state.bound or c.state == "closed") and method ~= "auth.attach" and method ~= "auth.login" then
    state.bound = true
    c:request("auth.attach", { token = state.token }, function(err)
      if err then
        state.bound, state.token, state.user = false, nil, nil
        notify("the session ended: " .. M.describe_error(err) .. "; :Hire login", vim.log.levels.WARN)
      end
    end)
    if state.topics then
      c:request("events.subscribe", { topics = state.topics })
    end
  end
  return c:request(method, params, done, opts)
end

--- Cancels every call still running (their callers get -32800).
function M.cancel()
  local c = state.client
  if not c then
    return 0
  end
  local n = 0
  for id in pairs(c.pending) do
    c:cancel(id)
    n = n + 1
  end
  return n
end

--- Text for the status line: the progress of the running call, or "" (add
--- %{v:lua.require'hire'.statusline()} to 'statusline').
function M.statusline()
  local p = state.progress
  if not p then
    return ""
  end
  local v = type(p.value) == "table" and p.value or {}
  local text = "hire: " .. p.method
  if v.stage then
    text = text .. " " .. v.stage
  end
  if v.done and v.total and v.total > 0 then
    text = text .. (" %d/%d (%d%%)"):format(v.done, v.total, math.floor(100 * v.done / v.total))
  elseif v.done then
    text = text .. " " .. v.done
  end
  return text
end

-- ---------------------------------------------------------------------------------------------
-- Sessions

local function after_login(result, token)
  state.token, state.bound, state.user = token, true, result.user
  if result.user and result.user.role == "recruiter" then
    M.call("mtb.columns", nil, function(err, columns)
      if not err and columns then
        state.columns = vim.tbl_map(function(c)
          return c.key
        end, columns.columns or {})
      end
    end)
  end
  if M.config.events then
    M.subscribe(nil)
  end
end

--- Logs in with a password; without one, asks for it (inputsecret). done(err, user).
function M.login(login, password, done)
  done = or_report(done)
  login = login or vim.fn.input("hired login: ")
  if login == "" then
    return done(rpc.local_error("no login given"))
  end
  password = password or vim.fn.inputsecret("password for " .. login .. ": ")
  M.call("auth.login", { login = login, password = password }, function(err, result)
    if err then
      return done(err)
    end
    after_login(result, result.token)
    notify("logged in as " .. result.user.username .. " (" .. result.user.role .. ")")
    done(nil, result.user)
  end)
end

--- Attaches to the session `hire login` saved for this socket. done(err, user).
function M.attach(done)
  done = or_report(done)
  local socket = client().socket
  local token = rpc.saved_token(socket)
  if not token then
    return done(rpc.local_error("no session saved by `hire login` for " .. socket .. " (in " .. rpc.session_file() .. ")"))
  end
  M.call("auth.attach", { token = token }, function(err, result)
    if err then
      return done(err)
    end
    after_login(result, token)
    notify("attached as " .. result.user.username .. " (" .. result.user.role .. ")")
    done(nil, result.user)
  end)
end

function M.logout(done)
  done = or_report(done)
  M.call("auth.logout", nil, function(err)
    state.token, state.bound, state.user, state.topics = nil, false, nil, nil
    if not err then
      notify("logged out")
    end
    done(err)
  end)
end

--- Subscribes to events (all topics when nil); each arrives as a vim.notify.
function M.subscribe(topics, done)
  done = or_report(done)
  local params = topics and #topics > 0 and { topics = topics } or nil
  M.call("events.subscribe", params, function(err, result)
    if err then
      return done(err)
    end
    state.topics = params and params.topics or nil
    done(nil, result.subscribed)
  end)
end

-- ---------------------------------------------------------------------------------------------
-- Scratch buffers

--- The scratch buffer NAME (made once), shown in a split unless a window already shows it.
local function scratch(name, filetype)
  local buf = vim.fn.bufnr(name)
  if buf == -1 or not vim.api.nvim_buf_is_valid(buf) then
    buf = vim.api.nvim_create_buf(true, true)
    vim.api.nvim_buf_set_name(buf, name)
    vim.bo[buf].buftype = "nofile"
    vim.bo[buf].bufhidden = "hide"
    vim.bo[buf].swapfile = false
    vim.keymap.set("n", "<CR>", function()
      M.open_at_cursor()
    end, { buffer = buf, desc = "hire: open the job (or resume) of this line" })
    vim.keymap.set("n", "q", "<cmd>close<cr>", { buffer = buf, desc = "hire: close" })
  end
  if filetype then
    vim.bo[buf].filetype = filetype
  end
  local win = vim.fn.bufwinid(buf)
  if win == -1 then
    vim.cmd("split")
    vim.api.nvim_win_set_buf(0, buf)
  else
    vim.api.nvim_set_current_win(win)
  end
  return buf
end

-- Fills BUF with LINES; ITEMS[i] is what line i opens.
local function fill(buf, lines, items)
  vim.bo[buf].modifiable = true
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
  vim.bo[buf].modifiable = false
  vim.bo[buf].modified = false
  vim.b[buf].hire_items = items
end

local function text(v)
  if v == nil or v == vim.NIL then
    return ""
  end
  return tostring(v)
end

local function job_line(job)
  local place = text(job.city)
  if text(job.state) ~= "" then
    place = place .. ", " .. job.state
  end
  return ("%-9s  %-36s  %-24s  %s"):format(job.jobId, text(job.position):sub(1, 36), text(job.company):sub(1, 24), place)
end

--- Splits command words into filters (column=value; repeated columns are alternatives) and a query.
function M.parse_filters(words)
  local filters, query = {}, {}
  for _, word in ipairs(words or {}) do
    local key, value = word:match("^([%w]+)=(.*)$")
    if key then
      if filters[key] == nil then
        filters[key] = value
      elseif type(filters[key]) == "table" then
        table.insert(filters[key], value)
      else
        filters[key] = { filters[key], value }
      end
    else
      table.insert(query, word)
    end
  end
  return filters, table.concat(query, " ")
end

--- The jobs.list params for words as :Hire jobs takes them (column=value filters, the rest a query).
local function list_params(words)
  local filters, query = M.parse_filters(words)
  local params = { limit = M.config.page }
  if next(filters) then
    params.filters = filters
  end
  if query ~= "" then
    params.query = query
  end
  return params
end

--- Lists the board (filtered by column=value words, the other words a full-text query) into
--- the hire://jobs buffer. done(err, buf, result).
function M.jobs(words, done)
  done = or_report(done)
  M.call("jobs.list", list_params(words), function(err, result)
    if err then
      return done(err)
    end
    local buf = scratch("hire://jobs", "hirejobs")
    local lines = { ("%d jobs%s  (<CR> opens a job's description)"):format(result.total or #result.jobs, result.nextCursor and (", first " .. #result.jobs .. " shown") or "") }
    local items = { false }
    for _, job in ipairs(result.jobs) do
      table.insert(lines, job_line(job))
      table.insert(items, { jobId = job.jobId })
    end
    fill(buf, lines, items)
    done(nil, buf, result)
  end)
end

--- Full-text search of the board into hire://search. done(err, buf, result).
function M.search(query, done)
  done = or_report(done)
  M.call("jobs.search", { query = query, limit = M.config.page }, function(err, result)
    if err then
      return done(err)
    end
    local buf = scratch("hire://search", "hirejobs")
    local lines = { ("%d hits for %q"):format(#result.hits, query) }
    local items = { false }
    for _, hit in ipairs(result.hits) do
      table.insert(lines, ("%-9s  %6.2f  %-36s  %s"):format(hit.jobId, hit.score or 0, text(hit.position):sub(1, 36), text(hit.company)))
      table.insert(items, { jobId = hit.jobId })
      if text(hit.snippet) ~= "" then
        table.insert(lines, "           " .. text(hit.snippet):gsub("\n", " "))
        table.insert(items, { jobId = hit.jobId })
      end
    end
    fill(buf, lines, items)
    done(nil, buf, result)
  end)
end

--- Picks a job with vim.ui.select (from jobs.list with the same words as M.jobs), then opens it.
function M.pick(words, done)
  done = or_report(done)
  M.call("jobs.list", list_params(words), function(err, result)
    if err then
      return done(err)
    end
    if #result.jobs == 0 then
      return done(rpc.local_error("no job matches"))
    end
    vim.ui.select(result.jobs, {
      prompt = "hire: job",
      format_item = job_line,
    }, function(job)
      if not job then
        return done(nil, nil)
      end
      M.open_job(job.jobId, done)
    end)
  end)
end

--- Opens a job's description in hire://job/JOBID (`:w` saves it back, jobs.attachDescription).
--- done(err, buf, job).
function M.open_job(job_id, done)
  done = or_report(done)
  M.call("jobs.get", { jobId = job_id }, function(err, job)
    if err then
      return done(err)
    end
    local name = "hire://job/" .. job_id
    local buf = vim.fn.bufnr(name)
    if buf == -1 then
      buf = vim.api.nvim_create_buf(true, false)
      vim.api.nvim_buf_set_name(buf, name)
      vim.bo[buf].buftype = "acwrite"
      vim.bo[buf].swapfile = false
      vim.api.nvim_create_autocmd("BufWriteCmd", {
        buffer = buf,
        callback = function(ev)
          M.describe(ev.buf, vim.b[ev.buf].hire_job_id)
        end,
      })
    end
    local description = text(job.description)
    local lines = description ~= "" and vim.split(description, "\n", { plain = true }) or { "" }
    vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
    vim.bo[buf].modified = false
    vim.bo[buf].filetype = "markdown"
    vim.b[buf].hire_job_id = job_id
    vim.b[buf].hire_job = { jobId = job.jobId, company = text(job.company), position = text(job.position) }
    local win = vim.fn.bufwinid(buf)
    if win ~= -1 then
      vim.api.nvim_set_current_win(win)
    else
      vim.api.nvim_win_set_buf(0, buf)
    end
    vim.wo.winbar = ("%s  %s — %s%s"):format(job.jobId, text(job.position), text(job.company), description == "" and "  (no description yet: write one and :w)" or "")
    done(nil, buf, job)
  end)
end

--- Opens a resume's text in hire://resume/ID (read-only). done(err, buf, resume).
function M.open_resume(resume_id, done)
  done = or_report(done)
  M.call("resumes.get", { resumeId = resume_id, includeText = true }, function(err, resume)
    if err then
      return done(err)
    end
    local buf = scratch("hire://resume/" .. resume_id, "markdown")
    local lines = { ("%s  %s  skills: %s"):format(resume.id, text(resume.name), table.concat(resume.skills or {}, ", ")), "" }
    vim.list_extend(lines, vim.split(text(resume.text), "\n", { plain = true }))
    fill(buf, lines, {})
    done(nil, buf, resume)
  end)
end

--- Opens an application (its status history, cover letter and the applicant's resume) in
--- hire://application/ID. done(err, buf, application).
function M.open_application(application_id, done)
  done = or_report(done)
  M.call("applications.get", { applicationId = application_id }, function(err, a)
    if err then
      return done(err)
    end
    local buf = scratch("hire://application/" .. application_id, "markdown")
    local lines = {
      ("%s  %s  %s — %s"):format(a.id, a.status, text(a.posting and a.posting.title), text(a.posting and a.posting.company)),
      ("candidate: %s  score: %s  submitted: %s"):format(text(a.candidate and a.candidate.displayName), a.score and ("%.2f"):format(a.score) or "-", text(a.submittedAt)),
    }
    for _, h in ipairs(a.history or {}) do
      table.insert(lines, ("  %s  %s -> %s%s"):format(text(h.at), text(h.from), text(h.to), h.note and ("  (" .. h.note .. ")") or ""))
    end
    if a.explanation then
      vim.list_extend(lines, M.explain(a))
    end
    if text(a.coverLetter) ~= "" then
      vim.list_extend(lines, { "", "## Cover letter", "" })
      vim.list_extend(lines, vim.split(a.coverLetter, "\n", { plain = true }))
    end
    if a.resume then
      vim.list_extend(lines, { "", "## Resume " .. text(a.resume.id), "" })
      vim.list_extend(lines, vim.split(text(a.resume.text), "\n", { plain = true }))
    end
    fill(buf, lines, {})
    done(nil, buf, a)
  end)
end

--- Opens what the cursor's line of a hire buffer names (a job, a resume or an application).
function M.open_at_cursor(done)
  local items = vim.b.hire_items or {}
  local item = items[vim.api.nvim_win_get_cursor(0)[1]]
  if type(item) ~= "table" then
    return
  end
  if item.jobId then
    M.open_job(item.jobId, done)
  elseif item.resumeId then
    M.open_resume(item.resumeId, done)
  elseif item.applicationId then
    M.open_application(item.applicationId, done)
  end
end

local function buffer_text(buf)
  return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n")
end

--- Attaches BUF's text as the description of JOB_ID (default: the buffer's own job, else a pick
--- with vim.ui.select). done(err, job).
function M.describe(buf, job_id, done)
  done = or_report(done)
  buf = (buf == nil or buf == 0) and vim.api.nvim_get_current_buf() or buf
  job_id = job_id or vim.b[buf].hire_job_id
  local body = buffer_text(buf)
  if vim.trim(body) == "" then
    return done(rpc.local_error("the buffer is empty"))
  end
  local function attach(id)
    M.call("jobs.attachDescription", { jobId = id, text = body }, function(err, job)
      if err then
        return done(err)
      end
      if vim.api.nvim_buf_is_valid(buf) and vim.b[buf].hire_job_id == id then
        vim.bo[buf].modified = false
      end
      local skills = job.profile and job.profile.skills and job.profile.skills.required or {}
      notify(("%s: description attached; required skills: %s"):format(id, table.concat(skills, ", ")))
      done(nil, job)
    end)
  end
  if job_id then
    return attach(job_id)
  end
  M.call("jobs.list", { limit = M.config.page }, function(err, result)
    if err then
      return done(err)
    end
    vim.ui.select(result.jobs, { prompt = "hire: attach the buffer as the description of", format_item = job_line }, function(job)
      if job then
        attach(job.jobId)
      else
        done(nil, nil)
      end
    end)
  end)
end

-- ---------------------------------------------------------------------------------------------
-- Matching

local function fmt(n)
  return n and ("%.2f"):format(n) or "-"
end

--- The lines explaining one match (what a person reads to see why).
function M.explain(match)
  local e = match.explanation or {}
  local lines = {
    "      matched: " .. (#(e.matchedSkills or {}) > 0 and table.concat(e.matchedSkills, ", ") or "-"),
    "      missing: " .. (#(e.missingSkills or {}) > 0 and table.concat(e.missingSkills, ", ") or "-"),
    ("      text %s  skills %s  title %s  ranking %s"):format(fmt(e.textSimilarity), fmt(e.skillCoverage), fmt(e.titleSimilarity), text(e.ranking ~= nil and e.ranking or "default")),
  }
  for _, check in ipairs(e.checks or {}) do
    local mark = check.passed == true and "ok  " or (check.passed == false and "FAIL" or "  ? ")
    table.insert(lines, ("      %s %s: %s"):format(mark, text(check.name), text(check.detail)))
  end
  return lines
end

local function show_matches(title, result, per)
  local buf = scratch("hire://matches", "hirematches")
  local lines = { title .. ("  (run %s; <CR> opens the %s)"):format(text(result.runId), per == "job" and "resume" or "job") }
  local items = { false }
  for _, m in ipairs(result.matches) do
    local head
    local item
    if per == "job" then
      head = ("#%-3d %7.2f  %-12s  %s"):format(m.rank, m.score, m.resumeId, text(m.candidate))
      item = { resumeId = m.resumeId, jobId = nil }
    else
      head = ("#%-3d %7.2f  %-9s  %s — %s"):format(m.rank, m.score, m.jobId, text(m.position), text(m.company))
      item = { jobId = m.jobId }
    end
    table.insert(lines, head)
    table.insert(items, item)
    for _, line in ipairs(M.explain(m)) do
      table.insert(lines, line)
      table.insert(items, item)
    end
  end
  if #result.matches == 0 then
    table.insert(lines, "no match (are the jobs processed? :Hire call jobs.process)")
  end
  fill(buf, lines, items)
  return buf
end

--- Matches BUF against the board. A job's description buffer (hire://job/…) is saved first,
--- then its best resumes are ranked; any other buffer is taken as a resume (added to the vault;
--- an identical one already there is reused) and the board's best jobs for it are ranked.
--- Results with explanations go to hire://matches in a split. done(err, buf, result).
function M.match_buffer(buf, opts, done)
  done = or_report(done)
  opts = opts or {}
  buf = (buf == nil or buf == 0) and vim.api.nvim_get_current_buf() or buf
  local top = opts.top or M.config.top
  local body = buffer_text(buf)
  if vim.trim(body) == "" then
    return done(rpc.local_error("the buffer is empty"))
  end
  local progress = function(value)
    state.progress = { method = "match.run", value = value }
    redraw_status()
  end
  local job_id = vim.b[buf].hire_job_id
  if job_id then
    local function run()
      M.call("match.run", { jobIds = { job_id }, per = "job", topK = top }, function(err, result)
        if err then
          return done(err)
        end
        done(nil, show_matches(("Best resumes for %s"):format(job_id), result, "job"), result)
      end, { on_progress = progress })
    end
    if vim.bo[buf].modified then
      return M.describe(buf, job_id, function(err)
        if err then
          return done(err)
        end
        run()
      end)
    end
    return run()
  end
  local name = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(buf), ":t")
  if not name:match("%.%w+$") then
    name = (name ~= "" and name or "buffer") .. ".txt"
  end
  M.call("resumes.add", { text = body, filename = name }, function(err, added)
    -- the same file or person already in the vault: match that resume
    local duplicate = err and type(err.data) == "table" and err.data.duplicateOf
    if err and not duplicate then
      return done(err)
    end
    added = added or { resumes = { { id = duplicate } } }
    local resume = added.resumes and added.resumes[1]
    local resume_id = resume and resume.id
    if not resume_id then
      local problem = added.errors and added.errors[1] or {}
      resume_id = problem.duplicateOf
      if not resume_id then
        return done({ code = problem.code, message = problem.message or "the daemon did not take the resume" })
      end
    end
    vim.b[buf].hire_resume_id = resume_id
    M.call("match.run", { resumeIds = { resume_id }, topK = top }, function(run_err, result)
      if run_err then
        return done(run_err)
      end
      done(nil, show_matches(("Best jobs for %s (%s)"):format(name, resume_id), result, "resume"), result)
    end, { on_progress = progress })
  end, { on_progress = progress })
end

-- ---------------------------------------------------------------------------------------------
-- Applications and the generic call

--- A recruiter's applications (to POSTING_ID, or to all their postings), best match first.
function M.applications(posting_id, done)
  done = or_report(done)
  M.call("applications.list", posting_id and { postingId = posting_id } or nil, function(err, result)
    if err then
      return done(err)
    end
    local buf = scratch("hire://applications", "hirematches")
    local lines = { ("%d applications (<CR> opens the application)"):format(#result.applications) }
    local items = { false }
    for _, a in ipairs(result.applications) do
      local item = { applicationId = a.id }
      table.insert(lines, ("%-12s %-12s %6s  %-20s  %s — %s"):format(a.id, a.status, a.score and ("%.2f"):format(a.score) or "-", text(a.candidate and a.candidate.displayName), text(a.posting and a.posting.title), text(a.posting and a.posting.company)))
      table.insert(items, item)
      if a.explanation then
        for _, line in ipairs(M.explain(a)) do
          table.insert(lines, line)
          table.insert(items, item)
        end
      end
    end
    fill(buf, lines, items)
    done(nil, buf, result)
  end)
end

--- Parses `key=value` (a string) and `key:=json` (raw JSON) words into params.
function M.parse_params(words)
  local params = {}
  for _, word in ipairs(words) do
    local key, raw = word:match("^([%w_]+):=(.*)$")
    if key then
      params[key] = vim.json.decode(raw)
    else
      local k, v = word:match("^([%w_]+)=(.*)$")
      if not k then
        error("not key=value or key:=json: " .. word, 0)
      end
      params[k] = v
    end
  end
  return params
end

--- Any method by name; the result as JSON in hire://result.
function M.call_command(method, words, done)
  done = or_report(done)
  local ok, params = pcall(M.parse_params, words)
  if not ok then
    return done(rpc.local_error(params))
  end
  M.call(method, next(params) and params or nil, function(err, result)
    if err then
      return done(err)
    end
    local buf = scratch("hire://result", "json")
    local encoded = vim.json.encode(result)
    local lines = vim.split(vim.fn.has("nvim-0.11") == 1 and vim.json.encode(result, { indent = "  " }) or encoded, "\n", { plain = true })
    fill(buf, lines, {})
    done(nil, buf, result)
  end)
end

-- ---------------------------------------------------------------------------------------------
-- :Hire and its completion

local function whoami(done)
  done = or_report(done)
  M.call("auth.whoami", nil, function(err, user)
    if err then
      return done(err)
    end
    notify(("%s <%s> %s"):format(user.username, user.email, user.role))
    done(nil, user)
  end)
end

local function daemon_status(done)
  done = or_report(done)
  M.call("daemon.status", nil, function(err, s)
    if err then
      return done(err)
    end
    notify(("hired %s pid %s, %s mode, socket %s"):format(s.version, s.pid, s.mode, s.socket))
    done(nil, s)
  end)
end

M.subcommands = {
  login = { run = function(args) M.login(args[1]) end, help = "[LOGIN]  log in (asks for the password)" },
  attach = { run = function() M.attach() end, help = "attach to the session `hire login` saved" },
  logout = { run = function() M.logout() end, help = "end the session" },
  whoami = { run = function() whoami() end, help = "who is logged in" },
  status = { run = function() daemon_status() end, help = "the daemon's status" },
  jobs = { run = function(args) M.jobs(args) end, help = "[COLUMN=VALUE…] [WORDS…]  list the board" },
  search = { run = function(args) M.search(table.concat(args, " ")) end, help = "WORDS…  full-text search" },
  pick = { run = function(args) M.pick(args) end, help = "[COLUMN=VALUE…] [WORDS…]  pick a job, open it" },
  job = { run = function(args) if args[1] then M.open_job(args[1]) else M.pick({}) end end, help = "JOBID  open a job's description" },
  describe = { run = function(args) M.describe(0, args[1]) end, help = "[JOBID]  attach this buffer as a job's description" },
  match = { run = function(args) M.match_buffer(0, { top = tonumber(args[1]) }) end, help = "[TOP]  match this buffer against the board" },
  applications = { run = function(args) M.applications(args[1]) end, help = "[POSTINGID]  applications to your postings" },
  events = {
    run = function(args)
      if args[1] == "off" then
        M.call("events.unsubscribe", nil, function(err)
          if not err then
            state.topics = nil
            notify("events off")
          end
        end)
      else
        M.subscribe(args, function(err, topics)
          if err then
            return notify(M.describe_error(err), vim.log.levels.ERROR)
          end
          notify("events: " .. table.concat(topics or {}, ", "))
        end)
      end
    end,
    help = "[TOPIC…|off]  show events as notifications",
  },
  cancel = { run = function() notify(("cancelling %d call(s)"):format(M.cancel())) end, help = "cancel the calls running" },
  call = {
    run = function(args)
      local method = table.remove(args, 1)
      if not method then
        return notify("usage: :Hire call METHOD [key=value|key:=json …]", vim.log.levels.ERROR)
      end
      M.call_command(method, args)
    end,
    help = "METHOD [key=value|key:=json…]  any method",
  },
}

local function sorted_keys(t)
  local keys = vim.tbl_keys(t)
  table.sort(keys)
  return keys
end

local function filter_prefix(list, prefix)
  return vim.tbl_filter(function(item)
    return vim.startswith(item, prefix)
  end, list)
end

-- Board column keys for completion: from mtb.columns once logged in as a recruiter, else the
-- filters jobs.list documents (the 20 MTB columns, API.md).
local default_columns = {
  "jobId", "company", "position", "city", "state", "country", "salary", "bonus", "received", "conditionalFee",
  "internal", "clientRating", "cat", "visa", "hrHm", "cm", "pipelineNumber", "pipelineCandidates", "notes", "industrySegment",
}

--- Completion for :Hire.
function M.complete(arglead, cmdline, _)
  local words = vim.split(cmdline, "%s+", { trimempty = true })
  local index = #words + (arglead == "" and 1 or 0) -- the word being completed, :Hire being 1
  if index <= 2 then
    return filter_prefix(sorted_keys(M.subcommands), arglead)
  end
  local sub = words[2]
  if sub == "jobs" or sub == "pick" then
    local columns = vim.tbl_map(function(c)
      return c .. "="
    end, state.columns or default_columns)
    return filter_prefix(columns, arglead)
  elseif sub == "events" then
    local topics = { "off" }
    for _, p in ipairs(catalogue.methods["events.subscribe"].params) do
      if p.name == "topics" then
        vim.list_extend(topics, p.enum)
      end
    end
    return filter_prefix(topics, arglead)
  elseif sub == "call" then
    if index == 3 then
      return filter_prefix(sorted_keys(catalogue.methods), arglead)
    end
    local entry = catalogue.methods[words[3]]
    if not entry then
      return {}
    end
    local key, partial = arglead:match("^([%w_]+)=(.*)$")
    if key then
      for _, p in ipairs(entry.params) do
        if p.name == key then
          return vim.tbl_map(function(v)
            return key .. "=" .. v
          end, filter_prefix(p.enum, partial))
        end
      end
      return {}
    end
    local names = {}
    for _, p in ipairs(entry.params) do
      table.insert(names, p.name .. "=")
    end
    return filter_prefix(names, arglead)
  end
  return {}
end

--- Runs `:Hire SUBCOMMAND ARGS…`.
function M.command(opts)
  local args = vim.deepcopy(opts.fargs)
  local sub = table.remove(args, 1)
  local entry = sub and M.subcommands[sub]
  if not entry then
    local lines = { "usage: :Hire SUBCOMMAND …" }
    for _, name in ipairs(sorted_keys(M.subcommands)) do
      table.insert(lines, ("  %-13s %s"):format(name, M.subcommands[name].help))
    end
    notify(table.concat(lines, "\n"), sub and vim.log.levels.ERROR or vim.log.levels.INFO)
    return
  end
  entry.run(args)
end

--- Optional: change M.config (socket, top, page, events).
function M.setup(opts)
  M.config = vim.tbl_extend("force", M.config, opts or {})
  if state.client and opts and opts.socket then
    state.client:close()
    state.client, state.bound = nil, false
  end
end

return M
