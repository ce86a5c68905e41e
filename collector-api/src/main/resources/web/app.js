// Botasky status page (docs/status-page.md): a small console with hash routes — #/ (alerts and
// hosts), #/tree[/<group path>], #/host/<name>, #/logs?host=&source=&level=. Everything shown comes
// from the collector's JSON endpoints and its event stream; every string from the network goes
// through textContent, never innerHTML, so a host name or summary containing markup shows as text.
// A collector may hold 40,000 services: only expanded tree nodes are drawn, tables stop at PAGE rows
// (with "show more"), and live changes are drawn in batches (REDRAW_MS).
'use strict';

const SEVERITY_RANK = { info: 0, note: 1, warning: 2, critical: 3 };
// A node's colour is its worst service state (docs/status-page.md): this order, worst first.
const STATES = ['critical', 'warning', 'unknown', 'stale', 'ok'];
const STATE_RANK = { critical: 4, warning: 3, unknown: 2, stale: 1, ok: 0 };
// An action's states in the order they happen (docs/api.md); the last five are final.
const ACTION_ORDER = { pending: 0, running: 1, succeeded: 2, failed: 2, timed_out: 2, expired: 2, refused: 2 };
const UNGROUPED = 'ungrouped';
const PAGE = 200;
const MAX_LOG_LINES = 1000;
const REDRAW_MS = 150;
const RESYNC_MS = 60000;
const METRICS = [
  { key: 'cpu.usage', label: 'CPU', unit: '%' },
  { key: 'mem.used_percent', label: 'Mem', unit: '%' },
  { key: 'disk.used_percent', label: 'Disk', unit: '%' },
  { key: 'cpu.temp_celsius', label: 'Temp', unit: '°C' },
];
const state = {
  alerts: new Map(),
  hosts: new Map(),
  series: new Map(),
  sparkFetched: new Map(),
  token: sessionStorage.getItem('botasky.token') || '',
  name: sessionStorage.getItem('botasky.name') || '',
  stream: null,
  pendingAction: null,
  // controlled actions seen on the stream or requested here, by id
  actions: new Map(),
  running: null, // the request the confirmation dialog is about
  watching: null, // the id of the last action requested from this page
  outcome: { id: null, steps: [] },
  loaded: false,
  // service key (host, resource, instance) -> service object as in GET /api/v1/services
  services: new Map(),
  servicesLoaded: null, // a promise once every service has been asked for
  syncedAt: 0,
  recent: new Set(), // maps collecting `service` events during a fetch of services
  tree: null, // the root node once every service is loaded
  expanded: new Set(['']),
  filter: '',
  route: { view: 'overview' },
  hostLimit: PAGE,
  nodeLimit: PAGE,
  logs: { lines: [], pending: [], key: null },
  dirty: new Set(),
  frame: 0,
};
// Timestamps (performance.now(), ms) of each view's first full render, for bench/page-inventory.sh.
window.__botasky = { rendered: {} };

const $ = (sel) => document.querySelector(sel);

/** Builds an element; strings become text nodes, so nothing is ever parsed as HTML. */
function el(tag, props, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (k === 'class') e.className = v;
    else if (k === 'data') Object.assign(e.dataset, v);
    else if (k === 'on') Object.entries(v).forEach(([ev, fn]) => e.addEventListener(ev, fn));
    else e[k] = v;
  }
  for (const c of children) {
    if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  }
  return e;
}

/** Replaces the children of {@code parent} with {@code nodes} in one DOM write. */
function fill(parent, nodes) {
  const f = document.createDocumentFragment();
  for (const n of nodes) f.append(n);
  parent.replaceChildren(f);
}

/** Epoch ms of a time the API gives as RFC 3339 text or epoch milliseconds (0 or null: none). */
function millis(t) {
  if (t === null || t === undefined || t === 0 || t === '') return null;
  return typeof t === 'number' ? t : Date.parse(t);
}

function ago(t) {
  const ms = millis(t);
  if (ms === null || Number.isNaN(ms)) return 'never';
  const s = Math.max(0, Math.round((Date.now() - ms) / 1000));
  if (s < 60) return s + ' s ago';
  if (s < 3600) return Math.round(s / 60) + ' min ago';
  if (s < 86400) return Math.round(s / 3600) + ' h ago';
  return Math.round(s / 86400) + ' d ago';
}

function isoOf(t) {
  const ms = millis(t);
  return ms === null || Number.isNaN(ms) ? '' : new Date(ms).toISOString();
}

function showError(msg) {
  const e = $('#error');
  e.textContent = msg || '';
  e.hidden = !msg;
}

async function api(path, opts = {}) {
  const headers = { Accept: 'application/json' };
  if (state.token) headers.Authorization = 'Bearer ' + state.token;
  if (opts.body) headers['Content-Type'] = 'application/json';
  const r = await fetch(path, { method: opts.method || 'GET', headers, body: opts.body ? JSON.stringify(opts.body) : undefined });
  let body = {};
  try { body = await r.json(); } catch (e) { /* empty or not JSON */ }
  if (r.status === 401 || r.status === 403) {
    const err = new Error(body.error || 'not allowed');
    err.auth = true;
    throw err;
  }
  if (!r.ok) throw new Error(body.error || ('HTTP ' + r.status));
  return body;
}

/** Marks the first full render of {@code view} once the browser has painted it. */
function rendered(view) {
  if (window.__botasky.rendered[view] !== undefined) return;
  requestAnimationFrame(() => setTimeout(() => {
    if (window.__botasky.rendered[view] === undefined) window.__botasky.rendered[view] = performance.now();
  }, 0));
}

// ---- routes ----------------------------------------------------------------------------------

/** The view a location hash names: #/, #/tree/a/b, #/host/x, #/logs?host=... */
function parseHash(hash) {
  const h = (hash || '').replace(/^#\/?/, '');
  const q = h.indexOf('?');
  const path = q < 0 ? h : h.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : h.slice(q + 1));
  const parts = path.split('/').filter((p) => p !== '').map((p) => { try { return decodeURIComponent(p); } catch (e) { return p; } });
  if (parts[0] === 'tree') return { view: 'tree', path: parts.slice(1).join('/') };
  if (parts[0] === 'host' && parts.length > 1) return { view: 'host', host: parts.slice(1).join('/') };
  if (parts[0] === 'logs') {
    return { view: 'logs', host: params.get('host') || '', source: params.get('source') || '', level: params.get('level') || '' };
  }
  return { view: 'overview' };
}

const treeHref = (path) => '#/tree' + (path ? '/' + path.split('/').map(encodeURIComponent).join('/') : '');
const hostHref = (host) => '#/host/' + encodeURIComponent(host);

function logsHref(f) {
  const p = new URLSearchParams();
  ['host', 'source', 'level'].forEach((k) => { if (f[k]) p.set(k, f[k]); });
  const q = p.toString();
  return '#/logs' + (q ? '?' + q : '');
}

function route() {
  const r = parseHash(location.hash);
  const was = state.route;
  state.route = r;
  for (const v of ['overview', 'tree', 'host', 'logs']) $('#view-' + v).hidden = v !== r.view;
  document.querySelectorAll('#nav a').forEach((a) => a.classList.toggle('current', a.dataset.view === r.view));
  if (r.view !== was.view || r.path !== was.path) state.nodeLimit = PAGE;
  if (!state.loaded) return;
  if (r.view === 'overview') { renderAlerts(); renderHosts(); rendered('overview'); }
  if (r.view === 'tree') showTree();
  if (r.view === 'host') showHost(r.host);
  if (r.view === 'logs') showLogs(r);
}

// ---- alerts and hosts (overview) -------------------------------------------------------------

function openAlerts() {
  return [...state.alerts.values()]
    .filter((a) => a.state !== 'resolved')
    .sort((a, b) => (SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]) || b.last_seen.localeCompare(a.last_seen));
}

function severityBadge(sev) {
  const known = Object.prototype.hasOwnProperty.call(SEVERITY_RANK, sev) ? sev : 'info';
  return el('span', { class: 'sev sev-' + known }, String(sev).toUpperCase());
}

function stateBadge(st) {
  const known = Object.prototype.hasOwnProperty.call(STATE_RANK, st) ? st : 'unknown';
  return el('span', { class: 'st st-' + known }, String(st));
}

/** The live feed and the ack answer carry no "flapping" (only GET /api/v1/alerts does): keep the last one known. */
function keepFlapping(a) {
  const before = state.alerts.get(a.id);
  if (a.flapping === undefined && before) a.flapping = before.flapping;
}

function alertRow(a) {
  return el('tr', { class: a.state, data: { alertId: a.id } },
    el('td', {}, severityBadge(a.severity)),
    el('td', { class: 'host' }, el('a', { href: hostHref(a.host) }, a.host)),
    el('td', {}, a.instance ? a.resource + ':' + a.instance : a.resource),
    el('td', {}, a.check),
    el('td', { class: 'summary' }, a.summary),
    el('td', { class: 'since', title: a.first_seen }, ago(a.first_seen)),
    el('td', { class: 'count-cell' }, a.occurrences),
    el('td', { class: 'state', title: a.ack_expires_at && a.state === 'acked' ? 'ack expires ' + a.ack_expires_at : '' },
      a.state + (a.acked_by ? ' by ' + a.acked_by : '') + (a.ack_expires_at && a.state === 'acked' ? ' until ' + a.ack_expires_at : ''),
      a.flapping ? el('span', { class: 'flap', title: 'flapping: firing and resolving again and again; notified once, then again when stable' }, 'flapping') : null),
    el('td', { class: 'actions' },
      a.state === 'firing' ? el('button', { type: 'button', class: 'ack', on: { click: () => act(() => askAck(a)) } }, 'Ack') : null,
      el('button', { type: 'button', class: 'silence', on: { click: () => act(() => askSilence(a)) } }, 'Silence'),
      ...offered(serviceOfAlert(a)).map((name) => el('button', { type: 'button', class: 'run-action', data: { action: name },
        on: { click: () => act(() => askAction(serviceOfAlert(a), name)) } }, name))));
}

/** Fills an alerts table (#alerts, #node-alerts, #host-alerts) with at most PAGE of {@code rows}. */
function renderAlertTable(prefix, rows) {
  const table = $('#' + prefix + 'alerts');
  fill(table.querySelector('tbody'), rows.slice(0, PAGE).map(alertRow));
  $('#' + prefix + 'no-alerts').hidden = rows.length > 0;
  table.hidden = rows.length === 0;
  $('#' + prefix + 'alert-count').textContent = '(' + rows.length + (rows.length > PAGE ? ', first ' + PAGE + ' shown' : '') + ')';
}

function renderAlerts() {
  renderAlertTable('', openAlerts());
  renderSummary();
}

function renderSummary() {
  const open = openAlerts();
  const bySev = {};
  open.forEach((a) => { bySev[a.severity] = (bySev[a.severity] || 0) + 1; });
  const hosts = [...state.hosts.values()];
  const down = hosts.filter((h) => !h.alive).length;
  fill($('#summary'), [
    el('span', { class: 'pill' }, (hosts.length - down) + ' up'),
    el('span', { class: 'pill' }, down + ' down'),
    ...['critical', 'warning', 'note', 'info'].filter((s) => bySev[s]).map((s) => el('span', { class: 'pill' }, bySev[s] + ' ' + s))]);
}

function sparkline(points) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('class', 'spark');
  svg.setAttribute('viewBox', '0 0 100 20');
  svg.setAttribute('preserveAspectRatio', 'none');
  if (points && points.length > 1) {
    const vs = points.map((p) => p[1]);
    const lo = Math.min(...vs);
    const hi = Math.max(...vs);
    const t0 = points[0][0];
    const span = Math.max(1, points[points.length - 1][0] - t0);
    const line = document.createElementNS(ns, 'polyline');
    line.setAttribute('points', points.map((p) => ((p[0] - t0) / span * 100).toFixed(1) + ',' + (19 - (hi === lo ? 9 : (p[1] - lo) / (hi - lo) * 18)).toFixed(1)).join(' '));
    svg.append(line);
  }
  return svg;
}

function seriesFor(host, metric) {
  const all = (state.series.get(host) || []).filter((s) => s.metric === metric);
  if (metric === 'disk.used_percent') {
    return all.find((s) => s.labels && s.labels.mount === '/') || all[0];
  }
  return all[0];
}

function hostCard(h) {
  return el('div', { class: 'card' + (h.alive ? '' : ' down'), data: { host: h.host } },
    el('h3', {}, el('a', { href: hostHref(h.host) }, h.host), el('span', { class: 'dot ' + (h.alive ? 'up' : 'down') }, h.alive ? '● up' : '● down')),
    el('div', { class: 'seen', title: h.last_seen || '' }, 'last seen ' + ago(h.last_seen)),
    ...METRICS.map((m) => {
      const s = seriesFor(h.host, m.key);
      const last = s && s.points.length ? s.points[s.points.length - 1][1] : null;
      return el('div', { class: 'metric' }, el('span', {}, m.label), el('span', { class: 'v' }, last === null ? '–' : last + m.unit), sparkline(s && s.points));
    }));
}

// Sparklines are fetched for the cards on screen only: 2,000 hosts must not mean 2,000 requests.
const cardSeen = 'IntersectionObserver' in window ? new IntersectionObserver((entries) => {
  for (const e of entries) if (e.isIntersecting) loadSparklines(e.target.dataset.host, false);
}) : null;

function observeCards(container) {
  container.querySelectorAll('.card').forEach((c) => {
    if (cardSeen) cardSeen.observe(c); else loadSparklines(c.dataset.host, false);
  });
}

function renderHosts() {
  if (cardSeen) cardSeen.disconnect();
  const hosts = [...state.hosts.values()].sort((a, b) => (a.alive - b.alive) || a.host.localeCompare(b.host));
  const shown = hosts.slice(0, state.hostLimit);
  const nodes = shown.map(hostCard);
  if (hosts.length > shown.length) {
    nodes.push(el('button', { type: 'button', class: 'more', on: { click: () => { state.hostLimit += PAGE; renderHosts(); } } },
      'Show more (' + (hosts.length - shown.length) + ' more hosts)'));
  }
  fill($('#hosts'), nodes);
  observeCards($('#hosts'));
  $('#host-count').textContent = '(' + hosts.length + ')';
  renderSummary();
}

/** Redraws one host's card wherever it is shown, after its sparklines arrive. */
function redrawCard(host) {
  document.querySelectorAll('.card').forEach((c) => {
    if (c.dataset.host === host) c.replaceWith(hostCard(state.hosts.get(host) || { host, alive: true }));
  });
}

function addFeed(a) {
  const when = new Date((a.state === 'resolved' && a.resolved_at) || a.last_seen || Date.now());
  const li = el('li', { data: { alertId: a.id } },
    el('time', {}, when.toLocaleTimeString()),
    severityBadge(a.severity), ' ', a.state.toUpperCase(), ' ',
    el('b', {}, a.host), ' ', a.instance ? a.resource + ':' + a.instance : a.resource, ' ', a.check, ' — ', a.summary);
  const feed = $('#feed');
  feed.prepend(li);
  while (feed.children.length > 100) feed.lastChild.remove();
  $('#no-feed').hidden = true;
}

function renderLedger(rows) {
  fill($('#ledger tbody'), rows.map((n) => el('tr', {},
    el('td', { title: n.created_at }, ago(n.sent_at || n.created_at)),
    el('td', {}, n.alert_id === 0 ? 'test' : n.alert_id),
    el('td', {}, n.step), el('td', {}, n.channel), el('td', {}, n.target),
    el('td', { title: n.last_error || '' }, n.status + (n.attempts > 1 ? ' (' + n.attempts + ' tries)' : '')))));
  $('#no-ledger').hidden = rows.length > 0;
  $('#ledger').hidden = rows.length === 0;
}

/** Maintenance windows (docs/notifier.md, "Maintenance windows"): active ones first, then by next
 * start. Alerts they match are stored but nobody is notified. */
function renderMaintenance(windows) {
  // Minutes in UTC, as the API gives them: "2026-11-21 10:00Z".
  const at = (t) => { const s = isoOf(t); return s ? s.slice(0, 10) + ' ' + s.slice(11, 16) + 'Z' : ''; };
  const key = (w) => (w.active ? '0' + w.active_until : '1' + (w.next ? w.next.starts_at : '~'));
  const rows = windows.slice().sort((x, y) => key(x).localeCompare(key(y)));
  fill($('#maintenance tbody'), rows.map((w) => el('tr', { className: w.active ? 'active' : '' },
    el('td', { title: w.source === 'file' ? w.origin : 'api #' + w.id }, w.name),
    el('td', {}, w.match),
    el('td', {}, w.every ? w.every + ' ' + w.timezone : at(w.starts_at) + ' – ' + at(w.ends_at)),
    el('td', {}, w.active ? 'active until ' + at(w.active_until) : ''),
    el('td', {}, w.next ? at(w.next.starts_at) + ' – ' + at(w.next.ends_at) : '–'),
    el('td', {}, w.comment || ''))));
  const active = rows.filter((w) => w.active).length;
  $('#maintenance-count').textContent = active ? active + ' active' : '';
  $('#no-maintenance').hidden = rows.length > 0;
  $('#maintenance').hidden = rows.length === 0;
}

function loadMaintenance() {
  // Not in load()'s Promise.all: the page works against a collector without this endpoint.
  api('/api/v1/maintenance').then((r) => renderMaintenance(r.maintenance)).catch(() => {});
}

// ---- the service inventory -------------------------------------------------------------------

const serviceKey = (s) => s.host + '\u0000' + s.resource + '\u0000' + s.instance;
const serviceName = (s) => (s.instance ? s.resource + ':' + s.instance : s.resource);
const groupOf = (s) => s.group || UNGROUPED;
const zeroCounts = () => ({ ok: 0, warning: 0, critical: 0, unknown: 0, stale: 0 });

function newNode(name, path) {
  return { name, path, children: new Map(), services: new Map(), counts: zeroCounts(), total: 0 };
}

function worstOf(counts) {
  return STATES.find((s) => counts[s] > 0) || 'ok';
}

/** The nodes from the root down to the service's group, creating them when {@code create}. */
function nodesFor(s, create) {
  const out = [state.tree];
  let node = state.tree;
  let path = '';
  for (const part of groupOf(s).split('/')) {
    path = path ? path + '/' + part : part;
    let child = node.children.get(part);
    if (!child) {
      if (!create) return out;
      child = newNode(part, path);
      node.children.set(part, child);
    }
    out.push(child);
    node = child;
  }
  return out;
}

function countState(s) {
  return Object.prototype.hasOwnProperty.call(STATE_RANK, s.state) ? s.state : 'unknown';
}

function treeAdd(s) {
  const path = nodesFor(s, true);
  for (const n of path) { n.counts[countState(s)]++; n.total++; }
  path[path.length - 1].services.set(serviceKey(s), s);
}

function treeRemove(s) {
  const path = nodesFor(s, false);
  const leaf = path[path.length - 1];
  if (leaf.path !== groupOf(s) || !leaf.services.delete(serviceKey(s))) return;
  for (const n of path) { n.counts[countState(s)]--; n.total--; }
  // Drop emptied groups so a removed group leaves the tree.
  for (let i = path.length - 1; i > 0; i--) {
    if (path[i].total === 0) path[i - 1].children.delete(path[i].name);
  }
}

function buildTree() {
  state.tree = newNode('', '');
  for (const s of state.services.values()) treeAdd(s);
}

/** Stores a service (from a list or a `service` event), keeping the tree's counts right. */
function putService(s) {
  const key = serviceKey(s);
  const old = state.services.get(key);
  if (state.tree && old) treeRemove(old);
  state.services.set(key, s);
  if (state.tree) treeAdd(s);
}

/** Forgets a service a `service_removed` event names (host, resource, instance). */
function removeService(k) {
  const key = serviceKey(k);
  const old = state.services.get(key);
  if (!old) return;
  if (state.tree) treeRemove(old);
  state.services.delete(key);
}

/** Fetches services ({@code query}: "" for all, "?host=…"), keeping the ones `service` events
 * brought while the answer was on its way: they are newer. */
async function fetchServices(query) {
  const recent = new Map();
  state.recent.add(recent);
  try {
    const r = await api('/api/v1/services' + query);
    return { list: r.services, recent };
  } finally {
    state.recent.delete(recent);
  }
}

/** Replaces every service with the collector's list. `service` events carry state and summary
 * changes only, not removed services, a new group or each check's time (docs/api.md), so the tree
 * view also does this every RESYNC_MS while it is shown. */
async function syncAll() {
  const { list, recent } = await fetchServices('');
  state.services = new Map(list.map((s) => [serviceKey(s), s]));
  for (const [k, s] of recent) state.services.set(k, s);
  buildTree();
  state.syncedAt = Date.now();
}

/** Replaces one host's services with the collector's list (services it no longer has go). */
async function syncHost(host) {
  const { list, recent } = await fetchServices('?host=' + encodeURIComponent(host));
  const keep = new Set(list.map(serviceKey));
  for (const s of hostServices(host)) {
    const k = serviceKey(s);
    if (!keep.has(k) && !recent.has(k)) {
      if (state.tree) treeRemove(s);
      state.services.delete(k);
    }
  }
  for (const s of list) if (!recent.has(serviceKey(s))) putService(s);
}

function loadAllServices() {
  if (!state.servicesLoaded) {
    state.servicesLoaded = syncAll().catch((e) => { state.servicesLoaded = null; throw e; });
  }
  return state.servicesLoaded;
}

/** Keeps the shown services current where the stream says nothing (see syncAll). */
function resync() {
  const r = state.route;
  if (!state.loaded || document.hidden) return;
  if (r.view === 'tree' && state.tree && Date.now() - state.syncedAt >= RESYNC_MS) {
    syncAll().then(() => redrawSoon('services')).catch(() => { /* the next round tries again */ });
  } else if (r.view === 'host') {
    syncHost(r.host).then(() => redrawSoon('services')).catch(() => {});
  }
}

function matches(s, f) {
  if (!f) return true;
  return s.host.toLowerCase().includes(f) || serviceName(s).toLowerCase().includes(f) ||
    groupOf(s).toLowerCase().includes(f) || (s.summary || '').toLowerCase().includes(f);
}

/** Whether a node, or anything below it, matches the filter text. */
function nodeMatches(node, f) {
  if (!f || node.name.toLowerCase().includes(f)) return true;
  for (const s of node.services.values()) if (matches(s, f)) return true;
  for (const c of node.children.values()) if (nodeMatches(c, f)) return true;
  return false;
}

function countBadges(counts) {
  return STATES.filter((s) => counts[s] > 0).map((s) => el('span', { class: 'n st-' + s, title: s }, counts[s] + ' ' + s));
}

function treeItem(node, f) {
  const open = state.expanded.has(node.path) || (f && node.path !== '' && nodeMatches(node, f) && !node.name.toLowerCase().includes(f));
  const hasKids = node.children.size > 0;
  const selected = (state.route.path || '') === node.path;
  const li = el('li', { class: 'node worst-' + worstOf(node.counts) + (selected ? ' selected' : ''), data: { path: node.path } },
    el('div', { class: 'row' },
      el('button', { type: 'button', class: 'toggle', disabled: !hasKids, title: open ? 'collapse' : 'expand',
        on: { click: () => { if (open) state.expanded.delete(node.path); else state.expanded.add(node.path); renderTree(); } } },
      hasKids ? (open ? '▾' : '▸') : '·'),
      el('a', { class: 'name', href: treeHref(node.path) }, node.path === '' ? 'all' : node.name),
      el('span', { class: 'counts' }, ...countBadges(node.counts))));
  if (open && hasKids) {
    const kids = [...node.children.values()].filter((c) => nodeMatches(c, f)).sort((a, b) => a.name.localeCompare(b.name));
    li.append(el('ul', {}, ...kids.map((c) => treeItem(c, f))));
  }
  return li;
}

function findNode(path) {
  let node = state.tree;
  if (!path) return node;
  for (const part of path.split('/')) {
    node = node && node.children.get(part);
  }
  return node || null;
}

function renderTree() {
  const f = state.filter;
  $('#tree-empty').hidden = state.tree.total > 0;
  $('#tree-count').textContent = '(' + state.tree.total + ' services)';
  fill($('#tree'), [treeItem(state.tree, f)]);
}

/** Every service at or below {@code node}, worst first. */
function servicesBelow(node, f, out) {
  for (const s of node.services.values()) if (matches(s, f)) out.push(s);
  for (const c of node.children.values()) servicesBelow(c, f, out);
  return out;
}

const cmp = (x, y) => (x < y ? -1 : x > y ? 1 : 0);
const byName = (a, b) => cmp(a.host, b.host) || cmp(a.resource, b.resource) || cmp(a.instance, b.instance);

/** {@code list} worst state first, then by host and service. Plain comparisons, not localeCompare:
 * 40,000 services sort in a few milliseconds. */
function worstFirst(list) {
  const buckets = STATES.map(() => []);
  for (const s of list) buckets[STATES.indexOf(countState(s))].push(s);
  return buckets.flatMap((b) => b.sort(byName));
}

function serviceRow(s, withHost) {
  return el('tr', { class: 'svc st-row-' + countState(s), data: { host: s.host, service: serviceName(s) } },
    withHost ? el('td', { class: 'host' }, el('a', { href: hostHref(s.host) }, s.host)) : null,
    el('td', { class: 'service' }, serviceName(s)),
    withHost ? null : el('td', { class: 'group' }, groupOf(s)),
    el('td', { class: 'state' }, stateBadge(s.state), s.acked ? ' acked' : ''),
    el('td', { class: 'since', title: isoOf(s.since) }, ago(s.since)),
    el('td', { class: 'checked', title: isoOf(s.last_check) }, ago(s.last_check)),
    el('td', { class: 'summary' }, s.summary || ''),
    withHost ? null : el('td', { class: 'actions-list' }, ...actionCell(s)));
}

// ---- controlled actions (docs/status-page.md, "Actions") ---------------------------------------

/** The actions a service offers the page: none on a protected one. */
function offered(s) {
  return s && !s.protected && Array.isArray(s.actions) ? s.actions : [];
}

/** The service an alert belongs to, when its host's services are loaded. */
function serviceOfAlert(a) {
  return state.services.get(serviceKey({ host: a.host, resource: a.resource, instance: a.instance || '' }));
}

/** The newest action this page knows of on a service ({@code state.actions}, from the stream). */
function lastAction(s) {
  let last = null;
  for (const x of state.actions.values()) {
    if (x.host === s.host && x.resource === s.resource && (x.instance || '') === (s.instance || '') && (!last || x.id > last.id)) last = x;
  }
  return last;
}

function actionOutcome(x) {
  return x.action + ': ' + x.state + (x.exit_code !== null && x.exit_code !== undefined ? ' (exit ' + x.exit_code + ')' : '')
    + (x.reason ? ' — ' + x.reason : '');
}

/** One button per action the service offers, and the state of its newest action. */
function actionCell(s) {
  if (s.protected) return [el('span', { class: 'protected' }, 'protected')];
  const out = offered(s).map((name) => el('button', { type: 'button', class: 'run-action', data: { action: name },
    on: { click: () => act(() => askAction(s, name)) } }, name));
  const last = lastAction(s);
  if (last) out.push(el('span', { class: 'action-state st-action-' + last.state, title: last.output || '' }, actionOutcome(last)));
  return out;
}

function askAction(s, name) {
  if (!state.token) throw Object.assign(new Error('token needed'), { auth: true });
  state.running = { host: s.host, resource: s.resource, instance: s.instance || '', action: name };
  $('#action-name').textContent = name;
  $('#action-host').textContent = s.host;
  $('#action-service').textContent = serviceName(s);
  $('#action-comment').value = '';
  $('#action-dialog').showModal();
}

async function runAction() {
  const r = state.running;
  state.running = null;
  if (!r) return;
  const comment = $('#action-comment').value.trim();
  const got = await api('/api/v1/actions', { method: 'POST', body: { ...r, by: state.name || 'web', comment: comment || 'from the status page' } });
  state.watching = got.action.id;
  onAction(got.action);
}

/** An action event of the stream, or the answer to our request: kept, and the rows redrawn. */
function onAction(x) {
  const had = state.actions.get(x.id);
  // The stream and the POST's answer may arrive in either order: never go back to an older state.
  if (had && ACTION_ORDER[had.state] > ACTION_ORDER[x.state]) x = had;
  state.actions.set(x.id, x);
  if (x.id === state.watching) {
    const steps = state.outcome.id === x.id ? state.outcome.steps : [];
    if (steps[steps.length - 1] !== x.state) steps.push(x.state);
    state.outcome = { id: x.id, steps };
    const box = $('#action-outcome');
    box.hidden = false;
    box.className = 'action-outcome st-action-' + x.state;
    box.dataset.state = x.state;
    box.textContent = x.action + ' on ' + x.host + ' ' + (x.instance ? x.resource + ':' + x.instance : x.resource) + ': '
      + steps.join(' → ') + (x.exit_code !== null && x.exit_code !== undefined ? ' (exit ' + x.exit_code + ')' : '')
      + (x.reason ? ' — ' + x.reason : '');
  }
  redrawSoon('services');
  redrawSoon('alerts');
}

/** Whether an alert belongs to one of {@code services} (docs/api.md: same host and resource, and
 * the service's instance "" or equal to the alert's). */
function alertIndex(services) {
  const idx = new Map();
  for (const s of services) {
    const k = s.host + '\u0000' + s.resource;
    if (!idx.has(k)) idx.set(k, new Set());
    idx.get(k).add(s.instance);
  }
  return (a) => {
    const inst = idx.get(a.host + '\u0000' + a.resource);
    return !!inst && (inst.has('') || inst.has(a.instance || ''));
  };
}

function renderNode() {
  const path = state.route.path || '';
  const node = findNode(path);
  $('#node-title').textContent = path === '' ? 'All services' : path;
  $('#node-alerts-title').textContent = path === '' ? 'all groups' : path;
  if (!node) {
    $('#node-count').textContent = '(no such group)';
    fill($('#node-counts'), []);
    fill($('#node-services tbody'), []);
    $('#node-more').hidden = true;
    renderAlertTable('node-', []);
    return;
  }
  const all = worstFirst(servicesBelow(node, state.filter, []));
  fill($('#node-counts'), countBadges(node.counts));
  $('#node-count').textContent = '(' + all.length + (all.length > state.nodeLimit ? ', first ' + state.nodeLimit + ' shown' : '') + ')';
  fill($('#node-services tbody'), all.slice(0, state.nodeLimit).map((s) => serviceRow(s, true)));
  $('#node-more').hidden = all.length <= state.nodeLimit;
  const inNode = path === '' && !state.filter ? () => true : alertIndex(all);
  renderAlertTable('node-', openAlerts().filter(inNode));
}

async function showTree() {
  try {
    await loadAllServices();
  } catch (e) {
    if (e.auth) askToken('This collector needs a read token (or the admin token) to show its state.');
    else showError('Cannot load the services: ' + e.message);
    return;
  }
  if (state.route.view !== 'tree') return;
  // Open the way down to a deep-linked group.
  const parts = (state.route.path || '').split('/').filter((p) => p);
  for (let i = 0; i < parts.length; i++) state.expanded.add(parts.slice(0, i).join('/'));
  renderTree();
  renderNode();
  rendered('tree');
}

async function showHost(host) {
  $('#host-name').textContent = host;
  const h = state.hosts.get(host);
  $('#host-state').textContent = h ? (h.alive ? '(up, last seen ' + ago(h.last_seen) + ')' : '(down)') : '(not known to the collector)';
  fill($('#host-card'), h ? [hostCard(h)] : []);
  observeCards($('#host-card'));
  renderHostAlerts(host);
  try {
    await syncHost(host);
  } catch (e) {
    if (e.auth) askToken('This collector needs a read token (or the admin token) to show its state.');
    else showError('Cannot load the services of ' + host + ': ' + e.message);
    return;
  }
  if (state.route.view !== 'host' || state.route.host !== host) return;
  renderHostServices(host);
  // Again, now that the services are known: an alert row carries its service's action buttons.
  renderHostAlerts(host);
  rendered('host');
}

function hostServices(host) {
  return [...state.services.values()].filter((s) => s.host === host);
}

function renderHostServices(host) {
  // In the agent's order (its configuration's), as GET /api/v1/services lists them.
  const rows = hostServices(host);
  fill($('#host-services tbody'), rows.map((s) => serviceRow(s, false)));
  $('#host-service-count').textContent = '(' + rows.length + ')';
  $('#host-no-services').hidden = rows.length > 0;
  $('#host-services').hidden = rows.length === 0;
}

function renderHostAlerts(host) {
  renderAlertTable('host-', openAlerts().filter((a) => a.host === host));
}

// ---- live log view ---------------------------------------------------------------------------

function logLine(l) {
  const level = ['info', 'warning', 'error'].includes(l.level) ? l.level : 'info';
  return el('li', { class: 'log lv-' + level, data: { id: l.id } },
    el('time', { title: l.ts }, new Date(l.ts).toLocaleString()),
    el('span', { class: 'lv' }, l.level),
    el('a', { class: 'lhost', href: logsHref({ ...state.route, host: l.host }) }, l.host),
    el('span', { class: 'src' }, l.source),
    el('span', { class: 'text' }, l.line));
}

function logMatches(l, f) {
  return (!f.host || l.host === f.host) && (!f.source || l.source === f.source) && (!f.level || l.level === f.level);
}

async function showLogs(r) {
  $('#log-host').value = r.host;
  $('#log-source').value = r.source;
  $('#log-level').value = r.level;
  const key = logsHref(r);
  if (state.logs.key === key) return;
  state.logs = { lines: [], pending: [], key };
  fill($('#logs'), []);
  renderPaused();
  const p = new URLSearchParams({ limit: '500' });
  ['host', 'source', 'level'].forEach((k) => { if (r[k]) p.set(k, r[k]); });
  try {
    const got = await api('/api/v1/logs?' + p.toString());
    if (state.logs.key !== key) return;
    // Lines that arrived live meanwhile stay on top; the list holds each id once.
    const have = new Set(state.logs.lines.map((l) => l.id));
    const older = got.lines.filter((l) => !have.has(l.id));
    state.logs.lines = state.logs.lines.concat(older).slice(0, MAX_LOG_LINES);
    fill($('#logs'), state.logs.lines.map(logLine));
    $('#no-logs').hidden = state.logs.lines.length > 0;
    $('#log-count').textContent = '(' + state.logs.lines.length + ')';
    rendered('logs');
  } catch (e) {
    if (e.auth) askToken('This collector needs a read token (or the admin token) to show its state.');
    else showError('Cannot load the logs: ' + e.message);
  }
}

// The list stays still while the reader has scrolled down in it: new lines wait, counted.
// The list scrolls by itself (app.css), so its own scrollTop says where the reader is.
const logsAtTop = () => $('#logs').scrollTop <= 2;

function renderPaused() {
  const n = state.logs.pending.length;
  const b = $('#log-paused');
  b.hidden = n === 0;
  b.textContent = 'paused — ' + n + ' new';
}

function flushLogs() {
  const pending = state.logs.pending;
  if (pending.length === 0) return;
  state.logs.pending = [];
  prependLogs(pending);
  renderPaused();
}

function prependLogs(lines) {
  // Newest first: the last one received goes on top.
  const f = document.createDocumentFragment();
  for (let i = lines.length - 1; i >= 0; i--) f.append(logLine(lines[i]));
  const list = $('#logs');
  list.prepend(f);
  state.logs.lines = lines.slice().reverse().concat(state.logs.lines).slice(0, MAX_LOG_LINES);
  while (list.children.length > MAX_LOG_LINES) list.lastChild.remove();
  $('#no-logs').hidden = true;
  $('#log-count').textContent = '(' + state.logs.lines.length + ')';
}

function onLog(l) {
  if (state.route.view !== 'logs' || state.logs.key === null || !logMatches(l, state.route)) {
    if (state.route.view !== 'logs') state.logs.key = null; // reload when the view opens again
    return;
  }
  if (logsAtTop() && state.logs.pending.length === 0) prependLogs([l]);
  else { state.logs.pending.push(l); renderPaused(); }
}

// ---- live redraws ----------------------------------------------------------------------------

/** Redraws what changed in the current view, at most every REDRAW_MS: a burst of service events
 * (2,000 hosts going stale at once) costs one redraw, not thousands. */
function redrawSoon(what) {
  state.dirty.add(what);
  if (state.frame) return;
  state.frame = setTimeout(() => {
    state.frame = 0;
    const d = state.dirty;
    state.dirty = new Set();
    const r = state.route;
    if (!state.loaded) return;
    if (r.view === 'overview') {
      if (d.has('alerts')) renderAlerts();
      if (d.has('hosts')) renderHosts();
    } else if (r.view === 'tree' && state.tree) {
      if (d.has('services')) renderTree();
      if (d.has('services') || d.has('alerts')) renderNode();
    } else if (r.view === 'host') {
      if (d.has('services')) renderHostServices(r.host);
      if (d.has('alerts')) renderHostAlerts(r.host);
    }
    if (d.has('alerts') || d.has('hosts')) renderSummary();
  }, REDRAW_MS);
}

// ---- data ------------------------------------------------------------------------------------

async function loadSparklines(host, force) {
  const last = state.sparkFetched.get(host) || 0;
  if (!force && Date.now() - last < 60000) return;
  state.sparkFetched.set(host, Date.now());
  try {
    const r = await api('/api/v1/samples?host=' + encodeURIComponent(host) + '&metrics=' + METRICS.map((m) => m.key).join(',') + '&since=1h&points=60');
    state.series.set(host, r.series);
    redrawCard(host);
  } catch (e) { /* the card shows dashes; the next heartbeat tries again */ }
}

let ledgerTimer = null;
function refreshLedgerSoon() {
  clearTimeout(ledgerTimer);
  ledgerTimer = setTimeout(() => api('/api/v1/notifications?limit=20').then((r) => renderLedger(r.notifications)).catch(() => {}), 1500);
}

async function load() {
  try {
    const [status, hosts, alerts, ledger] = await Promise.all([
      api('/api/v1/status'), api('/api/v1/hosts'), api('/api/v1/alerts?limit=1000'), api('/api/v1/notifications?limit=20')]);
    $('#master').textContent = status.collector.master;
    document.title = 'Botasky · ' + status.collector.master;
    state.hosts = new Map(hosts.hosts.map((h) => [h.host, h]));
    state.alerts = new Map(alerts.alerts.map((a) => [a.id, a]));
    // Start the feed with the latest changes, oldest first so the newest ends on top.
    $('#feed').replaceChildren();
    const changedAt = (a) => (a.state === 'resolved' && a.resolved_at) || a.last_seen;
    alerts.alerts.slice().sort((x, y) => changedAt(x).localeCompare(changedAt(y))).slice(-15).forEach(addFeed);
    renderLedger(ledger.notifications);
    loadMaintenance();
    showError('');
    state.loaded = true;
    state.logs.key = null;
    connect();
    // The overview is drawn when it is shown (route): a deep link to another view does not pay for
    // 200 host cards first.
    route();
    renderSummary();
  } catch (e) {
    if (e.auth) askToken('This collector needs a read token (or the admin token) to show its state.');
    else showError('Cannot load: ' + e.message);
  }
}

/** After the stream was lost, and with it whatever changed meanwhile: the collector closes a
 * stream whose reader falls behind, e.g. in a burst of thousands of service changes
 * (docs/status-page.md, "Live updates"). Asks again for what the current views show. */
async function catchUp() {
  window.__botasky.catchUps = (window.__botasky.catchUps || 0) + 1;
  try {
    const [hosts, alerts] = await Promise.all([api('/api/v1/hosts'), api('/api/v1/alerts?limit=1000')]);
    state.hosts = new Map(hosts.hosts.map((h) => [h.host, h]));
    state.alerts = new Map(alerts.alerts.map((a) => [a.id, a]));
    if (state.tree) await syncAll();
    else if (state.route.view === 'host') await syncHost(state.route.host);
    state.logs.key = null;
    if (state.route.view === 'logs') showLogs(state.route);
    ['alerts', 'hosts', 'services'].forEach(redrawSoon);
  } catch (e) { /* the next resync or reconnect tries again */ }
}

function connect() {
  if (state.stream) state.stream.close();
  const es = new EventSource('/api/v1/stream' + (state.token ? '?token=' + encodeURIComponent(state.token) : ''));
  state.stream = es;
  const live = $('#live');
  let dropped = false;
  es.addEventListener('hello', () => {
    live.className = 'live on';
    live.textContent = 'live';
    if (dropped) catchUp();
    dropped = false;
  });
  es.onerror = () => {
    dropped = true;
    live.className = 'live off';
    live.textContent = 'reconnecting';
  };
  es.addEventListener('alert', (ev) => {
    const a = JSON.parse(ev.data);
    keepFlapping(a);
    state.alerts.set(a.id, a);
    if (a.check === 'host_down' && state.hosts.has(a.host)) {
      state.hosts.get(a.host).alive = a.state === 'resolved';
      redrawSoon('hosts');
    }
    redrawSoon('alerts');
    addFeed(a);
    refreshLedgerSoon();
  });
  es.addEventListener('heartbeat', (ev) => {
    const b = JSON.parse(ev.data);
    for (const host of b.hosts) {
      const added = !state.hosts.has(host);
      if (added) state.hosts.set(host, { host, alive: true });
      const h = state.hosts.get(host);
      h.last_seen = b.at;
      h.alive = true;
    }
    redrawSoon('hosts');
  });
  es.addEventListener('service', (ev) => {
    const sv = JSON.parse(ev.data);
    for (const m of state.recent) m.set(serviceKey(sv), sv);
    putService(sv);
    redrawSoon('services');
  });
  es.addEventListener('service_removed', (ev) => {
    const k = JSON.parse(ev.data);
    for (const m of state.recent) m.delete(serviceKey(k));
    removeService(k);
    redrawSoon('services');
  });
  // A burst too large for single events (docs/api.md, "Live stream"): load the lists again.
  es.addEventListener('resync', () => catchUp());
  es.addEventListener('log', (ev) => onLog(JSON.parse(ev.data)));
  es.addEventListener('action', (ev) => onAction(JSON.parse(ev.data)));
}

// ---- actions ---------------------------------------------------------------------------------

async function act(fn) {
  try {
    await fn();
    showError('');
  } catch (e) {
    if (e.auth) { state.pendingAction = fn; askToken('Acking, silencing and running actions need the admin token.'); } else showError(e.message);
  }
}

// The Ack dialog (docs/status-page.md): for good or for a while (expires_in, docs/notifier.md
// "Ack expiry"); the collector checks the duration and answers 400 naming expires_in.
function askAck(a) {
  if (!state.token) throw Object.assign(new Error('token needed'), { auth: true });
  $('#ack-what').textContent = a.host + ' ' + a.resource + ' ' + a.check;
  $('#ack-comment').value = '';
  $('#ack-custom').value = '';
  $('#ack-custom-label').hidden = $('#ack-duration').value !== 'custom';
  state.acking = a;
  $('#ack-dialog').showModal();
}

async function saveAck() {
  const a = state.acking;
  const choice = $('#ack-duration').value;
  const expires = choice === 'custom' ? $('#ack-custom').value.trim() : choice;
  const body = { by: state.name || 'web', comment: $('#ack-comment').value.trim() || 'acked on the status page' };
  if (expires) body.expires_in = expires;
  await ack(a, body);
}

async function ack(a, body) {
  if (!state.token) throw Object.assign(new Error('token needed'), { auth: true });
  const r = await api('/api/v1/alerts/' + a.id + '/ack', { method: 'POST', body: body });
  keepFlapping(r.alert);
  state.alerts.set(r.alert.id, r.alert);
  redrawSoon('alerts');
}

function askSilence(a) {
  if (!state.token) throw Object.assign(new Error('token needed'), { auth: true });
  $('#silence-what').textContent = a.host + ' ' + a.resource + ' ' + a.check;
  $('#silence-comment').value = '';
  state.silencing = a;
  $('#silence-dialog').showModal();
}

async function saveSilence() {
  const a = state.silencing;
  await api('/api/v1/silences', { method: 'POST', body: {
    host: a.host, resource: a.resource, check: a.check, duration: $('#silence-duration').value,
    comment: $('#silence-comment').value, by: state.name || 'web' } });
}

function askToken(why) {
  $('#token-why').textContent = why || '';
  $('#token-input').value = state.token;
  $('#name-input').value = state.name;
  if (!$('#token-dialog').open) $('#token-dialog').showModal();
}

document.addEventListener('DOMContentLoaded', () => {
  $('#token-button').addEventListener('click', () => askToken('The admin token lets this page ack and silence alerts and run actions; a read token only shows them.'));
  $('#token-cancel').addEventListener('click', () => $('#token-dialog').close());
  $('#silence-cancel').addEventListener('click', () => $('#silence-dialog').close());
  $('#ack-cancel').addEventListener('click', () => $('#ack-dialog').close());
  $('#ack-duration').addEventListener('change', () => { $('#ack-custom-label').hidden = $('#ack-duration').value !== 'custom'; });
  $('#ack-form').addEventListener('submit', () => act(saveAck));
  $('#action-cancel').addEventListener('click', () => { state.running = null; $('#action-dialog').close(); });
  $('#action-dialog').addEventListener('cancel', () => { state.running = null; });
  $('#action-form').addEventListener('submit', () => act(runAction));
  $('#token-form').addEventListener('submit', () => {
    state.token = $('#token-input').value.trim();
    state.name = $('#name-input').value.trim();
    sessionStorage.setItem('botasky.token', state.token);
    sessionStorage.setItem('botasky.name', state.name);
    const pending = state.pendingAction;
    state.pendingAction = null;
    state.servicesLoaded = null;
    state.tree = null;
    load().then(() => pending && act(pending));
  });
  $('#silence-form').addEventListener('submit', () => act(saveSilence));
  let filterTimer = null;
  $('#tree-filter').addEventListener('input', () => {
    clearTimeout(filterTimer);
    filterTimer = setTimeout(() => {
      state.filter = $('#tree-filter').value.trim().toLowerCase();
      state.nodeLimit = PAGE;
      if (state.tree) { renderTree(); renderNode(); }
    }, 150);
  });
  $('#node-more').addEventListener('click', () => { state.nodeLimit += PAGE; renderNode(); });
  $('#log-filters').addEventListener('submit', (ev) => {
    ev.preventDefault();
    location.hash = logsHref({ host: $('#log-host').value.trim(), source: $('#log-source').value.trim(), level: $('#log-level').value });
  });
  $('#log-level').addEventListener('change', () => $('#log-filters').requestSubmit());
  $('#log-paused').addEventListener('click', () => { $('#logs').scrollTop = 0; flushLogs(); });
  $('#logs').addEventListener('scroll', () => { if (logsAtTop()) flushLogs(); }, { passive: true });
  window.addEventListener('hashchange', route);
  // Keeps the "… ago" texts true.
  setInterval(() => ['alerts', 'hosts', 'services'].forEach(redrawSoon), 15000);
  setInterval(resync, 30000);
  setInterval(loadMaintenance, 60000);
  route();
  // A deep link to the tree asks for the services at once, alongside load()'s requests.
  if (state.route.view === 'tree') loadAllServices().catch(() => { /* showTree reports it */ });
  load();
});
