// The dashboard's one page: static HTML with inline CSS and JS (no build step), and the CSP that allows
// exactly that inline code. Data from the actor system reaches the page only through textContent and
// setAttribute, so ids, errors and payloads are shown as text, never parsed as HTML.
import { createHash } from 'node:crypto';

const STYLE = `
:root { color-scheme: light dark; --ok: #1a7f37; --bad: #cf222e; --off: #8c959f; --warn: #9a6700; --line: #d0d7de88; }
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; }
header { display: flex; gap: 1.5em; align-items: baseline; padding: .6em 1em; border-bottom: 1px solid var(--line); position: sticky; top: 0; background: Canvas; }
header h1 { font-size: 1.1em; margin: 0; }
.connection.live { color: var(--ok); } .connection.down { color: var(--bad); }
main { padding: .5em 1em 2em; }
ul.tree, ul.children { list-style: none; margin: 0; padding-left: 1.2em; }
ul.tree { padding-left: 0; }
.row { display: flex; flex-wrap: wrap; gap: .8em; align-items: baseline; padding: .15em .3em; cursor: pointer; border-radius: 4px; }
.row:hover { background: #8881; }
.dot { width: .7em; height: .7em; border-radius: 50%; display: inline-block; background: var(--off); align-self: center; }
.node[data-status="active"] > .row .dot { background: var(--ok); }
.node[data-status="error"] > .row .dot { background: var(--bad); }
.node.hidden { display: none; }
.id { font-family: ui-monospace, monospace; font-weight: 600; }
.kind { font-size: .8em; padding: 0 .4em; border: 1px solid var(--line); border-radius: 8px; }
.value, .status { font-family: ui-monospace, monospace; color: #57606a; }
.node[data-status="error"] > .row .status { color: var(--bad); }
.restarts.zero, .crashes.zero { display: none; }
.crashes, .last-error.current { color: var(--bad); }
.last-error { color: var(--off); font-family: ui-monospace, monospace; max-width: 60em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.flag { font-size: .85em; padding: 0 .4em; border-radius: 8px; border: 1px solid currentColor; }
.flag[data-status="running"] { color: var(--ok); } .flag[data-status="off"] { color: var(--off); } .flag[data-status="crashed"] { color: var(--bad); }
.shard { font-family: ui-monospace, monospace; color: var(--warn); }
.details { margin: .2em 0 .5em 1.5em; padding: .4em .6em; border-left: 2px solid var(--line); font-size: .9em; }
.details pre { margin: .2em 0; white-space: pre-wrap; word-break: break-all; font-family: ui-monospace, monospace; }
table { border-collapse: collapse; margin: .2em 0 .4em 1.5em; font-size: .9em; }
td, th { text-align: left; padding: .1em .6em; border-bottom: 1px solid var(--line); font-family: ui-monospace, monospace; }
td.status-running { color: var(--ok); } td.status-off { color: var(--off); } td.status-crashed { color: var(--bad); }
.empty { color: var(--off); }
`;

// Plain ES2017 without template literals, so that it sits inside this TypeScript string as it is.
const SCRIPT = `
'use strict';
(function () {
  var actors = new Map();
  var open = new Set();
  // Details (context, events) are not pushed: they are fetched for open nodes, again when those change.
  var details = new Map();
  var fetching = new Map();
  var skew = 0;
  var renderQueued = false;
  var treeEl = document.getElementById('tree');
  var connectionEl = document.getElementById('connection');
  var summaryEl = document.getElementById('summary');
  var hideFinishedEl = document.getElementById('hide-finished');

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  function ago(at) {
    var ms = Math.max(0, Date.now() + skew - at);
    if (ms < 1000) return ms + ' ms ago';
    if (ms < 120000) return (ms / 1000).toFixed(1) + ' s ago';
    return Math.round(ms / 60000) + ' min ago';
  }

  function keyOrder(a, b) { return Number(a.key.slice(1)) - Number(b.key.slice(1)); }

  function queueRender() {
    if (!renderQueued) { renderQueued = true; setTimeout(render, 0); }
  }

  function fetchDetails(key) {
    if (fetching.has(key)) { fetching.set(key, true); return; }
    fetching.set(key, false);
    fetch('actor.json?key=' + encodeURIComponent(key), { cache: 'no-store' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (a) { if (a) details.set(key, a); else details.delete(key); }, function () { details.delete(key); })
      .then(function () {
        var again = fetching.get(key);
        fetching.delete(key);
        if (again && open.has(key)) fetchDetails(key);
        queueRender();
      });
  }

  function apply(view, full) {
    skew = view.now - Date.now();
    if (full) actors.clear();
    view.actors.forEach(function (a) {
      actors.set(a.key, a);
      if (open.has(a.key)) fetchDetails(a.key);
    });
    if (full) open.forEach(function (key) { if (actors.has(key)) fetchDetails(key); });
    view.removed.forEach(function (key) { actors.delete(key); open.delete(key); details.delete(key); });
    queueRender();
  }

  function eventsTable(title, list) {
    var box = el('div', 'events');
    box.appendChild(el('div', 'label', title + (list.length ? '' : ': none')));
    if (!list.length) return box;
    var table = el('table');
    list.slice().reverse().forEach(function (e) {
      var tr = el('tr');
      tr.appendChild(el('td', 'since', ago(e.at))).setAttribute('data-at', String(e.at));
      tr.appendChild(el('td', 'type', e.type));
      tr.appendChild(el('td', 'payload', e.payload));
      table.appendChild(tr);
    });
    box.appendChild(table);
    return box;
  }

  function breakerTable(children) {
    var table = el('table', 'breaker');
    var head = el('tr');
    ['child', 'flag key', 'flag', 'status', 'crashes', 'last error'].forEach(function (h) { head.appendChild(el('th', '', h)); });
    table.appendChild(head);
    children.forEach(function (c) {
      var tr = el('tr', 'breaker-child');
      tr.setAttribute('data-child-id', c.id);
      tr.appendChild(el('td', 'child-id', c.id));
      tr.appendChild(el('td', 'flag-key', c.flagKey));
      tr.appendChild(el('td', 'flag-value', c.flag === null ? 'unknown' : c.flag ? 'on' : 'off'));
      tr.appendChild(el('td', 'child-status status-' + c.status, c.status));
      tr.appendChild(el('td', 'child-crashes', c.crashes));
      tr.appendChild(el('td', 'child-error', c.lastError || ''));
      table.appendChild(tr);
    });
    return table;
  }

  function renderNode(a, childrenOf, flags) {
    var li = el('li', 'node');
    li.setAttribute('data-key', a.key);
    li.setAttribute('data-id', a.id);
    li.setAttribute('data-status', a.status);
    li.setAttribute('data-kind', a.kind);
    if (hideFinishedEl.checked && a.status !== 'active') li.classList.add('hidden');
    var row = el('div', 'row');
    row.appendChild(el('span', 'dot'));
    row.appendChild(el('span', 'id', a.id));
    row.appendChild(el('span', 'kind', a.machineId && a.kind === 'machine' ? a.machineId : a.kind));
    if (a.value !== undefined) row.appendChild(el('span', 'value', a.value));
    row.appendChild(el('span', 'status', a.status));
    row.appendChild(el('span', 'restarts' + (a.restarts ? '' : ' zero'), 'restarts ' + a.restarts));
    row.appendChild(el('span', 'crashes' + (a.crashes ? '' : ' zero'), 'crashes ' + a.crashes));
    var flag = flags.get(a.key);
    if (flag) {
      var badge = row.appendChild(el('span', 'flag', 'flag ' + (flag.flag === null ? 'unknown' : flag.flag ? 'on' : 'off') + ' \\u00b7 ' + flag.status));
      badge.setAttribute('data-status', flag.status);
    }
    if (a.shard) {
      var s = a.shard;
      row.appendChild(el('span', 'shard records', s.records + ' records'));
      row.appendChild(el('span', 'shard checkpoint', 'checkpoint ' + (s.lastCheckpoint || 'none')));
      var since = row.appendChild(el('span', 'shard since', s.lastBatchAt === undefined ? 'no batch yet' : 'last batch ' + ago(s.lastBatchAt)));
      if (s.lastBatchAt !== undefined) { since.setAttribute('data-at', String(s.lastBatchAt)); since.setAttribute('data-prefix', 'last batch '); }
    }
    if (a.lastError !== undefined) {
      // The error that ended this incarnation, or only the last one of an actor that runs again.
      var current = a.status === 'error';
      var err = row.appendChild(el('span', 'last-error' + (current ? ' current' : ''), (current ? '' : 'last error: ') + a.lastError));
      err.setAttribute('title', a.lastError);
    }
    row.addEventListener('click', function () {
      if (open.has(a.key)) { open.delete(a.key); details.delete(a.key); } else { open.add(a.key); fetchDetails(a.key); }
      render();
    });
    li.appendChild(row);
    if (a.breakerChildren) li.appendChild(breakerTable(a.breakerChildren));
    if (open.has(a.key)) {
      var pane = el('div', 'details');
      pane.appendChild(el('div', 'label', 'session ' + a.sessionId + (a.systemId ? ', systemId ' + a.systemId : '') + ', started ' + ago(a.startedAt)));
      var d = details.get(a.key);
      if (!d) {
        pane.appendChild(el('div', 'label loading', 'loading\\u2026'));
      } else {
        if (d.context !== undefined) { pane.appendChild(el('div', 'label', 'context')); pane.appendChild(el('pre', 'context', d.context)); }
        pane.appendChild(eventsTable('received', d.events));
        pane.appendChild(eventsTable('emitted', d.emitted));
      }
      li.appendChild(pane);
    }
    var kids = childrenOf.get(a.key);
    if (kids) {
      var ul = el('ul', 'children');
      kids.sort(keyOrder).forEach(function (k) { ul.appendChild(renderNode(k, childrenOf, flags)); });
      li.appendChild(ul);
    }
    return li;
  }

  function render() {
    renderQueued = false;
    var childrenOf = new Map();
    var roots = [];
    var flags = new Map();
    var active = 0, crashed = 0, restarts = 0;
    actors.forEach(function (a) {
      if (a.status === 'active') active++;
      if (a.status === 'error') crashed++;
      restarts += a.restarts;
      if (a.parent !== null && actors.has(a.parent)) {
        if (!childrenOf.has(a.parent)) childrenOf.set(a.parent, []);
        childrenOf.get(a.parent).push(a);
      } else {
        roots.push(a);
      }
      (a.breakerChildren || []).forEach(function (c) { if (c.actorKey) flags.set(c.actorKey, c); });
    });
    summaryEl.textContent = actors.size + ' actors, ' + active + ' active, ' + crashed + ' crashed, ' + restarts + ' restarts';
    var ul = el('ul', 'tree');
    roots.sort(keyOrder).forEach(function (a) { ul.appendChild(renderNode(a, childrenOf, flags)); });
    if (!roots.length) ul.appendChild(el('li', 'empty', 'No actors yet: pass dashboard.inspect to createActor(root, { inspect }).'));
    treeEl.replaceChildren(ul);
  }

  setInterval(function () {
    document.querySelectorAll('[data-at]').forEach(function (node) {
      node.textContent = (node.getAttribute('data-prefix') || '') + ago(Number(node.getAttribute('data-at')));
    });
  }, 1000);

  hideFinishedEl.addEventListener('change', render);

  var source = new EventSource('events');
  source.addEventListener('state', function (e) { apply(JSON.parse(e.data), true); });
  source.addEventListener('update', function (e) { apply(JSON.parse(e.data), false); });
  source.addEventListener('open', function () { connectionEl.textContent = 'live'; connectionEl.className = 'connection live'; });
  source.addEventListener('error', function () { connectionEl.textContent = 'reconnecting'; connectionEl.className = 'connection down'; });
})();
`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** The page's Content-Security-Policy: its own inline style and script, its own event stream, nothing else. */
export const PAGE_CSP = [
  "default-src 'none'",
  `style-src ${sha256(STYLE)}`,
  `script-src ${sha256(SCRIPT)}`,
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>xstate-otp dashboard</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>xstate-otp dashboard</h1>
<span id="connection" class="connection">connecting</span>
<span id="summary"></span>
<label><input type="checkbox" id="hide-finished"> hide finished actors</label>
</header>
<main id="tree"></main>
<script>${SCRIPT}</script>
</body>
</html>
`;
