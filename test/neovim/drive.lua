-- Drives `unblock server --stdio` from Neovim's built-in LSP client (headless),
-- as a user would: open each file, wait for the diagnostics, ask for the code
-- actions of the rule's diagnostic, resolve and apply the preferred one, save.
-- Written for the Neovim Debian ships (0.7: vim.lsp.start_client, no vim.lsp.config).
-- Inputs come from the environment (test/neovim/run.mjs); results go to a JSON file.
local cases = vim.json.decode(os.getenv('UNBLOCK_NVIM_CASES'))
local results_file = os.getenv('UNBLOCK_NVIM_RESULTS')
local results = { cases = {} }

local function finish()
  local out = io.open(results_file, 'w')
  out:write(vim.json.encode(results))
  out:close()
  vim.cmd('qa!')
end

local ok, err = pcall(function()
  vim.cmd('filetype on')
  local client_id = vim.lsp.start_client({
    name = 'unblock',
    cmd = { os.getenv('UNBLOCK_NODE'), os.getenv('UNBLOCK_BIN'), 'server', '--stdio' },
    root_dir = os.getenv('UNBLOCK_NVIM_ROOT'),
    settings = {},
  })
  assert(client_id, 'the server did not start')
  local client = vim.lsp.get_client_by_id(client_id)

  for _, case in ipairs(cases) do
    local result = { name = case.name, codes = {} }
    table.insert(results.cases, result)
    vim.cmd('edit ' .. vim.fn.fnameescape(case.file))
    local buf = vim.api.nvim_get_current_buf()
    result.filetype = vim.bo[buf].filetype
    vim.lsp.buf_attach_client(buf, client_id)

    local function ours()
      return vim.tbl_filter(function(d) return d.code == case.rule end, vim.diagnostic.get(buf))
    end
    result.diagnosed = vim.wait(90000, function() return #ours() > 0 end, 50)
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      table.insert(result.codes, { code = d.code, line = d.lnum + 1, severity = d.severity, source = d.source })
    end
    if result.diagnosed then
      local line = ours()[1].lnum
      -- What vim.lsp.buf.code_action() sends: the line's diagnostics in LSP form.
      local diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buf, line)
      local params = {
        textDocument = { uri = vim.uri_from_bufnr(buf) },
        range = diagnostics[1].range,
        context = { diagnostics = diagnostics },
      }
      -- Deployment fixes (gunicorn.conf.py) need the workspace read from disk: until then, ask again as a user would.
      local actions, preferred = {}, nil
      vim.wait(60000, function()
        local responses = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, 30000) or {}
        actions = (responses[client_id] or {}).result or {}
        preferred = vim.tbl_filter(function(a) return a.isPreferred end, actions)[1]
        return preferred ~= nil
      end, 250)
      result.actions = vim.tbl_map(function(a) return a.title end, actions)
      if preferred then
        result.preferred = preferred.title
        local action = preferred
        if not action.edit then
          local resolved = client.request_sync('codeAction/resolve', preferred, 30000, buf)
          action = resolved and resolved.result or preferred
        end
        if action.edit then
          vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
          vim.cmd('silent wall')
          result.applied = true
          -- The server re-analyses the edited buffer; files the edit opened are not attached to it.
          result.cleared = vim.wait(60000, function() return #ours() == 0 end, 50)
        end
      end
    end
  end
end)
if not ok then results.error = tostring(err) end
finish()
