-- hire: the :Hire and :HireMatch commands (the code loads on first use). See :help hire.
if vim.g.loaded_hire or vim.fn.has("nvim-0.10") == 0 then
  return
end
vim.g.loaded_hire = true

vim.api.nvim_create_user_command("Hire", function(opts)
  require("hire").command(opts)
end, {
  nargs = "*",
  desc = "hired: log in, list and search jobs, match, applications, events (:help hire)",
  complete = function(arglead, cmdline, pos)
    return require("hire").complete(arglead, cmdline, pos)
  end,
})

vim.api.nvim_create_user_command("HireMatch", function(opts)
  require("hire").match_buffer(0, { top = tonumber(opts.args) })
end, { nargs = "?", desc = "hired: match this buffer (a resume or a job's description) against the board" })
