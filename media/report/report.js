// The Unblock report webview. Draws the view model the extension posts
// (src/extension/report/view.ts); sends back only typed messages, which the
// extension validates. No remote resources, no inline handlers (strict CSP).
// @ts-check
(function () {
  // @ts-ignore acquireVsCodeApi is injected by VS Code
  const vscode = acquireVsCodeApi();
  const PAGE = 200;
  const SEVERITIES = ['error', 'warning', 'info'];

  /** @type {{ view: any, filters: { severity: string, category: string, framework: string, text: string }, pages: number }} */
  const state = Object.assign(
    { view: null, filters: { severity: '', category: '', framework: '', text: '' }, pages: 1 },
    vscode.getState() || {},
  );
  /** @type {{ done: number, total: number } | null} */
  let scanning = null;

  const app = /** @type {HTMLElement} */ (document.getElementById('app'));
  const announce = /** @type {HTMLElement} */ (document.getElementById('announce'));

  function save() {
    vscode.setState({ view: state.view, filters: state.filters, pages: state.pages });
  }

  /**
   * @param {string} tag
   * @param {Record<string, any>} [attrs]
   * @param {(Node | string | null | undefined | false)[]} [children]
   */
  function h(tag, attrs, children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = v;
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children || []) if (c !== null && c !== undefined && c !== false) el.append(c);
    return el;
  }

  /** @param {{ file: string, line: number, column: number }} loc */
  function open(loc) {
    vscode.postMessage({ type: 'open', file: loc.file, line: loc.line, column: loc.column });
  }

  /** @param {'scan' | 'export' | 'fixAll'} command */
  function command(command) {
    vscode.postMessage({ type: 'command', command });
  }

  function toolbar() {
    return h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Report actions' }, [
      h('button', { type: 'button', text: 'Scan workspace', onclick: () => command('scan') }),
      h('button', { type: 'button', class: 'secondary', text: 'Export…', onclick: () => command('export') }),
      h('button', { type: 'button', class: 'secondary', text: 'Apply all safe fixes', onclick: () => command('fixAll') }),
    ]);
  }

  function scanBanner() {
    if (!scanning) return null;
    const { done, total } = scanning;
    return h('div', { class: 'banner', role: 'status' }, [
      h('span', { text: `Scan in progress: ${done}/${total} files` }),
      h('progress', { max: String(Math.max(total, 1)), value: String(done), 'aria-label': 'Scan progress' }),
    ]);
  }

  /** @param {any} f */
  function matches(f) {
    const { severity, category, framework, text } = state.filters;
    if (severity && f.severity !== severity) return false;
    if (category && f.category !== category) return false;
    if (framework && f.framework !== framework) return false;
    if (text) {
      const hay = `${f.rule} ${f.call} ${f.message} ${f.location.rel} ${f.chain.map((c) => c.name).join(' ')}`.toLowerCase();
      if (!hay.includes(text.toLowerCase())) return false;
    }
    return true;
  }

  function filtering() {
    const f = state.filters;
    return Boolean(f.severity || f.category || f.framework || f.text);
  }

  /**
   * @param {string} label
   * @param {string} key
   * @param {string[]} values
   */
  function select(label, key, values) {
    const id = `filter-${key}`;
    const el = /** @type {HTMLSelectElement} */ (
      h('select', { id, onchange: (/** @type {Event} */ e) => setFilter(key, /** @type {HTMLSelectElement} */ (e.target).value) }, [
        h('option', { value: '', text: 'All' }),
        ...values.map((v) => h('option', { value: v, text: v })),
      ])
    );
    el.value = /** @type {any} */ (state.filters)[key];
    return h('label', { for: id, class: 'filter' }, [h('span', { text: label }), el]);
  }

  /** @param {string} key @param {string} value */
  function setFilter(key, value) {
    /** @type {any} */ (state.filters)[key] = value;
    state.pages = 1;
    save();
    renderResults();
  }

  function filters(view) {
    const categories = Object.keys(view.totals.category).sort();
    const frameworks = view.frameworks.map((f) => f.framework);
    const search = /** @type {HTMLInputElement} */ (
      h('input', {
        id: 'filter-text',
        type: 'search',
        placeholder: 'rule, call, file, function…',
        value: state.filters.text,
        oninput: (/** @type {Event} */ e) => setFilter('text', /** @type {HTMLInputElement} */ (e.target).value),
      })
    );
    return h('div', { class: 'filters', role: 'search', 'aria-label': 'Filter findings' }, [
      select('Severity', 'severity', SEVERITIES),
      select('Category', 'category', categories),
      select('Framework', 'framework', frameworks),
      h('label', { for: 'filter-text', class: 'filter grow' }, [h('span', { text: 'Text' }), search]),
    ]);
  }

  /** @param {any} view */
  function totals(view) {
    const chart = h('div', { class: 'chart-box' });
    // Built by the extension from numbers only (labels escaped): see src/extension/report/chart.ts.
    chart.innerHTML = view.chart;
    const s = view.totals.severity;
    return h('section', { class: 'totals', 'aria-label': 'Totals' }, [
      h('div', { class: 'counts' }, [
        h('p', { class: 'headline', text: `${view.findings.length} blocking calls in ${view.handlers} handlers` }),
        h('p', { class: 'muted', text: `${view.files} files analysed${view.errors ? `, ${view.errors} analysis errors` : ''}` }),
        view.testNote ? h('p', { class: 'muted', text: view.testNote }) : null,
        h('ul', { class: 'sev-list' }, SEVERITIES.map((k) => h('li', {}, [h('span', { class: `badge sev-${k}`, text: k }), ` ${s[k]}`]))),
      ]),
      chart,
    ]);
  }

  /** @param {any} f */
  function findingRow(f) {
    const where = `${f.location.rel}:${f.location.line}`;
    const label = `${f.severity}: ${f.rule}, ${f.call}, at ${where}. ${f.message}`;
    const chain =
      f.chain.length > 1
        ? h(
            'ol',
            { class: 'chain', 'aria-label': `Call chain, ${f.chain.length} hops` },
            f.chain.map((/** @type {any} */ hop, /** @type {number} */ i) =>
              h('li', {}, [
                h('button', {
                  type: 'button',
                  class: 'link hop',
                  text: `${hop.name}  ${hop.rel}:${hop.line}`,
                  'aria-label': `Hop ${i + 1}: ${hop.name} at ${hop.rel} line ${hop.line}`,
                  onclick: () => open(hop),
                }),
              ]),
            ),
          )
        : null;
    return h('li', { class: `finding sev-border-${f.severity}`, 'data-id': f.id }, [
      h('div', { class: 'finding-head' }, [
        h('span', { class: `badge sev-${f.severity}`, text: f.severity }),
        h('button', { type: 'button', class: 'link finding-open', 'aria-label': label, onclick: () => open(f.location) }, [
          h('code', { text: f.call }),
          h('span', { class: 'where', text: ` ${where}` }),
        ]),
        h('span', { class: 'rule', text: f.rule }),
        h('span', { class: 'category', text: f.category }),
        f.fix
          ? h('button', {
              type: 'button',
              class: 'fix secondary',
              text: f.fix === 'lookup' ? 'Fix…' : f.fix.safe ? `Fix: ${f.fix.title}` : `Fix (review): ${f.fix.title}`,
              'aria-label': f.fix === 'lookup' ? `Apply the preferred fix to ${f.call} at ${where}` : `Apply fix "${f.fix.title}" to ${f.call} at ${where}`,
              onclick: () => vscode.postMessage({ type: 'fix', id: f.id }),
            })
          : null,
      ]),
      h('p', { class: 'message', text: f.message }),
      f.deployment ? h('p', { class: 'muted', text: `Deployment: ${f.deployment}` }) : null,
      chain,
    ]);
  }

  /** @param {any} handler */
  function handlerHead(handler) {
    const methods = handler.methods.length ? handler.methods.join(', ') : '';
    return h('div', { class: 'handler-head' }, [
      h('button', {
        type: 'button',
        class: 'link handler-open',
        text: handler.name,
        'aria-label': `Handler ${handler.name}${handler.route ? `, route ${handler.route}` : ''}, ${handler.kind}, at ${handler.location.rel} line ${handler.location.line}`,
        onclick: () => open(handler.location),
      }),
      handler.route ? h('code', { class: 'route', text: handler.route }) : null,
      methods ? h('span', { class: 'methods', text: methods }) : null,
      h('span', { class: `pill ${handler.kind}`, text: handler.kind }),
      h('span', { class: 'pill', text: handler.context, title: 'Where this handler runs' }),
      handler.deployment ? h('span', { class: 'pill', text: handler.deployment }) : null,
      h('span', { class: 'muted', text: `${handler.findings.length} blocking` }),
    ]);
  }

  function renderResults() {
    const view = state.view;
    const host = document.getElementById('results');
    if (!view || !host) return;
    const byId = new Map(view.findings.map((/** @type {any} */ f) => [f.id, f]));
    const limit = PAGE * state.pages;
    let shown = 0;
    let total = 0;
    const sections = [];
    for (const fw of view.frameworks) {
      if (state.filters.framework && fw.framework !== state.filters.framework) continue;
      const files = [];
      for (const file of fw.files) {
        const handlers = [];
        for (const handler of file.handlers) {
          const list = handler.findings.map((/** @type {string} */ id) => byId.get(id)).filter(matches);
          if (list.length === 0 && filtering()) continue;
          total += Math.max(list.length, 1);
          if (shown >= limit) continue;
          const rows = list.slice(0, Math.max(0, limit - shown)).map(findingRow);
          shown += Math.max(rows.length, 1);
          handlers.push(
            h('li', { class: 'handler' }, [handlerHead(handler), rows.length ? h('ul', { class: 'findings', 'aria-label': `Blocking calls of ${handler.name}` }, rows) : null]),
          );
        }
        if (handlers.length) files.push(h('section', { class: 'file' }, [h('h3', { text: file.rel }), h('ul', { class: 'handlers' }, handlers)]));
      }
      if (files.length) sections.push(h('section', { class: 'framework' }, [h('h2', { text: fw.framework }), ...files]));
    }
    const outside = view.outside.map((/** @type {string} */ id) => byId.get(id)).filter(matches);
    if (outside.length) {
      total += outside.length;
      const rows = outside.slice(0, Math.max(0, limit - shown)).map(findingRow);
      shown += rows.length;
      if (rows.length) sections.push(h('section', { class: 'framework' }, [h('h2', { text: 'Outside request handlers' }), h('ul', { class: 'findings' }, rows)]));
    }
    const more =
      total > shown
        ? h('button', {
            type: 'button',
            class: 'secondary more',
            text: `Show more (${total - shown} more rows)`,
            onclick: () => {
              state.pages++;
              save();
              renderResults();
            },
          })
        : null;
    const matching = view.findings.filter(matches).length;
    host.replaceChildren(
      h('p', { class: 'muted', id: 'showing', text: filtering() ? `${matching} of ${view.findings.length} blocking calls match` : '' }),
      ...(sections.length ? sections : [h('p', { class: 'state', text: 'No blocking calls match these filters.' })]),
      ...(more ? [more] : []),
    );
    if (filtering()) announce.textContent = `${matching} blocking calls match`;
  }

  function render() {
    const view = state.view;
    app.setAttribute('aria-busy', String(!view));
    if (!view) {
      app.replaceChildren(h('p', { class: 'state', text: 'Loading the report…' }));
      return;
    }
    const header = h('header', {}, [h('h1', { text: 'Unblock report' }), toolbar()]);
    if (view.state !== 'ready') {
      const text =
        view.state === 'loading' || scanning
          ? 'Scan in progress: reading the workspace…'
          : `No request handlers or blocking calls found in ${view.files} files. Open a Python or JavaScript web app, or scan the workspace.`;
      app.replaceChildren(header, scanBanner() || '', h('p', { class: 'state', role: 'status', text }));
      return;
    }
    app.replaceChildren(header, scanBanner() || '', totals(view), filters(view), h('div', { id: 'results' }));
    renderResults();
  }

  // Up/Down move between findings; "/" jumps to the text filter.
  document.addEventListener('keydown', (e) => {
    const target = /** @type {HTMLElement} */ (e.target);
    if (e.key === '/' && target.tagName !== 'INPUT') {
      document.getElementById('filter-text')?.focus();
      e.preventDefault();
      return;
    }
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    if (target.tagName === 'SELECT' || target.tagName === 'INPUT') return;
    const items = /** @type {HTMLElement[]} */ ([...document.querySelectorAll('.finding-open, .handler-open')]);
    const i = items.indexOf(target);
    const next = items[i < 0 ? 0 : Math.min(items.length - 1, Math.max(0, i + (e.key === 'ArrowDown' ? 1 : -1)))];
    if (next) {
      next.focus();
      e.preventDefault();
    }
  });

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (!message || typeof message !== 'object') return;
    if (message.type === 'view') {
      const focused = document.activeElement && document.activeElement.id;
      state.view = message.view;
      save();
      render();
      // Keep typing in the search box across live updates, but only while the report has focus:
      // focusing the webview otherwise takes it from the editor or an open quick pick.
      if (focused && document.hasFocus()) document.getElementById(focused)?.focus();
    } else if (message.type === 'scanning') {
      const was = scanning;
      scanning = message.progress;
      if (Boolean(was) !== Boolean(scanning) || scanning) render();
    }
  });

  render();
  vscode.postMessage({ type: 'ready' });
})();
