-- hire.rpc: a JSON-RPC 2.0 client for hired over its Unix socket, on vim.uv.
--
-- Content-Length framing (the daemon picks the framing from the first byte it reads). Every
-- call is asynchronous: `client:request(method, params, on_done, opts)` returns at once and
-- `on_done(err, result)` runs later on the main loop (vim.schedule), so the editor never waits.
-- Before sending, the method and its param names are checked against the catalogue
-- (hire.catalogue, generated from clients/openrpc.json).
local catalogue = require("hire.catalogue")

local uv = vim.uv or vim.loop

local M = {}

local Client = {}
Client.__index = Client

--- The socket `hire` would use: $HIRED_SOCKET, else the user socket when it exists, else the
--- machine socket when it exists, else the user socket (for the error message).
function M.default_socket()
  local explicit = vim.env.HIRED_SOCKET
  if explicit and explicit ~= "" then
    return explicit
  end
  local user = M.user_socket()
  if uv.fs_stat(user) then
    return user
  end
  if uv.fs_stat("/run/hired/rpc.sock") then
    return "/run/hired/rpc.sock"
  end
  return user
end

--- $XDG_RUNTIME_DIR/hired/rpc.sock when that directory is safe (absolute, ours, not writable
--- by group or others), else /tmp/hired-<uid>/rpc.sock — as the daemon decides.
function M.user_socket()
  local uid = uv.getuid()
  local runtime = vim.env.XDG_RUNTIME_DIR
  if runtime and runtime:sub(1, 1) == "/" then
    local st = uv.fs_lstat(runtime)
    if st and st.type == "directory" and st.uid == uid and bit.band(st.mode, 18) == 0 then -- 0o022
      return runtime .. "/hired/rpc.sock"
    end
  end
  return "/tmp/hired-" .. uid .. "/rpc.sock"
end

--- The CLI's session file: $HIRE_SESSION_FILE, else `session` beside the user socket.
function M.session_file()
  local explicit = vim.env.HIRE_SESSION_FILE
  if explicit and explicit ~= "" then
    return explicit
  end
  return vim.fs.dirname(M.user_socket()) .. "/session"
end

--- The token `hire login` saved for `socket`, or nil (a token is never sent to another socket).
function M.saved_token(socket)
  local fd = io.open(M.session_file(), "r")
  if not fd then
    return nil
  end
  local text = fd:read("*a")
  fd:close()
  local ok, saved = pcall(vim.json.decode, text)
  if not ok or type(saved) ~= "table" then
    return nil
  end
  -- {"sessions": {socket: token}}; earlier versions wrote one {"socket": ..., "token": ...}.
  local token = type(saved.sessions) == "table" and saved.sessions[socket] or nil
  if token == nil and saved.socket == socket then
    token = saved.token
  end
  if type(token) ~= "string" then
    return nil
  end
  return token
end

--- An error for a call that never reached the daemon, shaped like a JSON-RPC error.
local function local_error(message)
  return { code = -1, message = message }
end
M.local_error = local_error

--- Checks a call against the catalogue; returns an error message or nil.
function M.check(method, params)
  local entry = catalogue.methods[method]
  if not entry then
    return "hired has no method " .. method
  end
  if params == nil then
    params = {}
  end
  if type(params) ~= "table" then
    return method .. ": params must be a table"
  end
  local known = {}
  for _, p in ipairs(entry.params) do
    known[p.name] = true
    if p.required and params[p.name] == nil then
      return method .. ": missing param " .. p.name
    end
  end
  for name in pairs(params) do
    if name ~= "_meta" and not known[name] then
      return method .. ": unknown param " .. tostring(name)
    end
  end
  return nil
end

--- A new client for `socket` (default: M.default_socket()). Nothing connects until the first call.
--- opts.on_notification(method, params): every notification but $/progress of a known call.
--- opts.on_progress(method, value) / opts.on_idle(): progress of any call, and the end of the last one.
--- opts.on_close(reason): the connection closed (the session binding is gone with it).
function M.new(socket, opts)
  opts = opts or {}
  return setmetatable({
    socket = socket or M.default_socket(),
    opts = opts,
    next_id = 0,
    pending = {}, -- id -> { method, on_done, on_progress, token }
    tokens = {}, -- progress token -> id
    queue = {}, -- frames written before the connection is up
    state = "closed", -- closed | connecting | open
    buffer = "",
  }, Client)
end

function Client:_fail_all(reason)
  local pending = self.pending
  self.pending, self.tokens = {}, {}
  for _, call in pairs(pending) do
    local done = call.on_done
    vim.schedule(function()
      done(local_error(reason), nil)
    end)
  end
end

function Client:_closed(reason)
  if self.state == "closed" then
    return
  end
  self.state = "closed"
  if self.pipe and not self.pipe:is_closing() then
    self.pipe:close()
  end
  self.pipe, self.buffer, self.queue = nil, "", {}
  self:_fail_all(reason)
  if self.opts.on_close then
    vim.schedule(function()
      self.opts.on_close(reason)
    end)
  end
end

function Client:_connect()
  self.state = "connecting"
  local pipe = uv.new_pipe(false)
  self.pipe = pipe
  pipe:connect(self.socket, function(err)
    if err then
      self:_closed("cannot connect to hired at " .. self.socket .. ": " .. err)
      return
    end
    self.state = "open"
    local queued = self.queue
    self.queue = {}
    for _, frame in ipairs(queued) do
      pipe:write(frame)
    end
    pipe:read_start(function(read_err, data)
      if read_err then
        self:_closed("connection to hired failed: " .. read_err)
      elseif data == nil then
        self:_closed("hired closed the connection")
      else
        self:_receive(data)
      end
    end)
  end)
end

function Client:_send(message)
  local body = vim.json.encode(message)
  local frame = "Content-Length: " .. #body .. "\r\n\r\n" .. body
  if self.state == "open" then
    self.pipe:write(frame)
  else
    table.insert(self.queue, frame)
    if self.state == "closed" then
      self:_connect()
    end
  end
end

-- Splits the byte stream into Content-Length framed messages.
function Client:_receive(data)
  self.buffer = self.buffer .. data
  while true do
    local header_end = self.buffer:find("\r\n\r\n", 1, true)
    if not header_end then
      return
    end
    local header = self.buffer:sub(1, header_end - 1)
    local length = tonumber(header:lower():match("content%-length:%s*(%d+)"))
    if not length then
      self:_closed("hired sent a frame without Content-Length")
      return
    end
    local body_start = header_end + 4
    if #self.buffer < body_start + length - 1 then
      return
    end
    local body = self.buffer:sub(body_start, body_start + length - 1)
    self.buffer = self.buffer:sub(body_start + length)
    local ok, message = pcall(vim.json.decode, body, { luanil = { object = true, array = true } })
    if ok and type(message) == "table" then
      self:_dispatch(message)
    end
  end
end

function Client:_dispatch(message)
  if message.method then
    local params = message.params or {}
    if message.method == "$/progress" then
      local id = self.tokens[params.token]
      local call = id and self.pending[id]
      if call then
        vim.schedule(function()
          if call.on_progress then
            call.on_progress(params.value)
          end
          if self.opts.on_progress then
            self.opts.on_progress(call.method, params.value)
          end
        end)
      end
    elseif self.opts.on_notification then
      vim.schedule(function()
        self.opts.on_notification(message.method, params)
      end)
    end
    return
  end
  local call = message.id ~= nil and self.pending[message.id]
  if not call then
    return
  end
  self.pending[message.id] = nil
  if call.token then
    self.tokens[call.token] = nil
  end
  local idle = next(self.pending) == nil
  vim.schedule(function()
    if message.error then
      call.on_done(message.error, nil)
    else
      call.on_done(nil, message.result)
    end
    if idle and self.opts.on_idle then
      self.opts.on_idle()
    end
  end)
end

--- Sends a call; returns its id (nil when the catalogue refused it, on_done then gets the error).
--- opts.on_progress(value): $/progress of this call (asked for when the method reports progress).
function Client:request(method, params, on_done, opts)
  opts = opts or {}
  on_done = on_done or function() end
  local problem = M.check(method, params)
  if problem then
    vim.schedule(function()
      on_done(local_error(problem), nil)
    end)
    return nil
  end
  self.next_id = self.next_id + 1
  local id = self.next_id
  local call = { method = method, on_done = on_done, on_progress = opts.on_progress }
  local message = { jsonrpc = "2.0", id = id, method = method }
  if params and next(params) ~= nil then
    message.params = vim.deepcopy(params)
  end
  if catalogue.methods[method].progress then
    call.token = "nvim-" .. id
    message.params = message.params or {}
    message.params._meta = { progressToken = call.token }
    self.tokens[call.token] = id
  end
  self.pending[id] = call
  self:_send(message)
  return id
end

--- Asks the daemon to cancel a call still running; its on_done then gets -32800.
function Client:cancel(id)
  if id and self.pending[id] and self.state ~= "closed" then
    self:_send({ jsonrpc = "2.0", method = "$/cancelRequest", params = { id = id } })
  end
end

--- The number of calls still waiting for their reply.
function Client:in_flight()
  local n = 0
  for _ in pairs(self.pending) do
    n = n + 1
  end
  return n
end

function Client:close()
  self:_closed("closed by the editor")
end

M.Client = Client
return M
