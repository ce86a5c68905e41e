// Botasky status page. Everything shown comes from the collector's JSON endpoints and its event
// stream; every string from the network goes through textContent, never innerHTML, so a host name or
// summary containing markup shows as text.
'use strict';

const SEVERITY_RANK = { info: 0, note: 1, warning: 2, critical: 3 };
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
};

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

function ago(iso) {
  if (!iso) return 'never';
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (s < 60) return s + ' s ago';
  if (s < 3600) return Math.round(s / 60) + ' min ago';
  if (s < 86400) return Math.round(s / 3600) + ' h ago';
  return Math.round(s / 86400) + ' d ago';
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

// ---- rendering -------------------------------------------------------------------------------

function openAlerts() {
  return [...state.alerts.values()]
    .filter((a) => a.state !== 'resolved')
    .sort((a, b) => (SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]) || b.last_seen.localeCompare(a.last_seen));
}

function severityBadge(sev) {
  const known = Object.prototype.hasOwnProperty.call(SEVERITY_RANK, sev) ? sev : 'info';
  return el('span', { class: 'sev sev-' + known }, String(sev).toUpperCase());
}

function renderAlerts() {
  const rows = openAlerts();
  const tbody = $('#alerts tbody');
  tbody.replaceChildren(...rows.map((a) => el('tr', { class: a.state, data: { alertId: a.id } },
    el('td', {}, severityBadge(a.severity)),
    el('td', { class: 'host' }, a.host),
    el('td', {}, a.instance ? a.resource + ':' + a.instance : a.resource),
    el('td', {}, a.check),
    el('td', { class: 'summary' }, a.summary),
    el('td', { class: 'since', title: a.first_seen }, ago(a.first_seen)),
    el('td', { class: 'count-cell' }, a.occurrences),
    el('td', { class: 'state' }, a.state + (a.acked_by ? ' by ' + a.acked_by : '')),
    el('td', { class: 'actions' },
      a.state === 'firing' ? el('button', { type: 'button', class: 'ack', on: { click: () => act(() => ack(a)) } }, 'Ack') : null,
      el('button', { type: 'button', class: 'silence', on: { click: () => act(() => askSilence(a)) } }, 'Silence')))));
  $('#no-alerts').hidden = rows.length > 0;
  $('#alerts').hidden = rows.length === 0;
  $('#alert-count').textContent = '(' + rows.length + ')';
  renderSummary();
}

function renderSummary() {
  const open = openAlerts();
  const bySev = {};
  open.forEach((a) => { bySev[a.severity] = (bySev[a.severity] || 0) + 1; });
  const hosts = [...state.hosts.values()];
  const down = hosts.filter((h) => !h.alive).length;
  $('#summary').replaceChildren(
    el('span', { class: 'pill' }, (hosts.length - down) + ' up'),
    el('span', { class: 'pill' }, down + ' down'),
    ...['critical', 'warning', 'note', 'info'].filter((s) => bySev[s]).map((s) => el('span', { class: 'pill' }, bySev[s] + ' ' + s)));
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

function renderHosts() {
  const hosts = [...state.hosts.values()].sort((a, b) => (a.alive - b.alive) || a.host.localeCompare(b.host));
  $('#hosts').replaceChildren(...hosts.map((h) => el('div', { class: 'card' + (h.alive ? '' : ' down'), data: { host: h.host } },
    el('h3', {}, el('span', {}, h.host), el('span', { class: 'dot ' + (h.alive ? 'up' : 'down') }, h.alive ? '● up' : '● down')),
    el('div', { class: 'seen', title: h.last_seen || '' }, 'last seen ' + ago(h.last_seen)),
    ...METRICS.map((m) => {
      const s = seriesFor(h.host, m.key);
      const last = s && s.points.length ? s.points[s.points.length - 1][1] : null;
      return el('div', { class: 'metric' }, el('span', {}, m.label), el('span', { class: 'v' }, last === null ? '–' : last + m.unit), sparkline(s && s.points));
    }))));
  $('#host-count').textContent = '(' + hosts.length + ')';
  renderSummary();
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
  $('#ledger tbody').replaceChildren(...rows.map((n) => el('tr', {},
    el('td', { title: n.created_at }, ago(n.sent_at || n.created_at)),
    el('td', {}, n.alert_id === 0 ? 'test' : n.alert_id),
    el('td', {}, n.step), el('td', {}, n.channel), el('td', {}, n.target),
    el('td', { title: n.last_error || '' }, n.status + (n.attempts > 1 ? ' (' + n.attempts + ' tries)' : '')))));
  $('#no-ledger').hidden = rows.length > 0;
  $('#ledger').hidden = rows.length === 0;
}

// ---- data ------------------------------------------------------------------------------------

async function loadSparklines(host, force) {
  const last = state.sparkFetched.get(host) || 0;
  if (!force && Date.now() - last < 60000) return;
  state.sparkFetched.set(host, Date.now());
  try {
    const r = await api('/api/v1/samples?host=' + encodeURIComponent(host) + '&metrics=' + METRICS.map((m) => m.key).join(',') + '&since=1h&points=60');
    state.series.set(host, r.series);
    renderHosts();
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
    renderAlerts();
    renderHosts();
    renderLedger(ledger.notifications);
    showError('');
    connect();
    hosts.hosts.forEach((h) => loadSparklines(h.host, true));
  } catch (e) {
    if (e.auth) askToken('This collector needs a read token (or the admin token) to show its state.');
    else showError('Cannot load: ' + e.message);
  }
}

function connect() {
  if (state.stream) state.stream.close();
  const es = new EventSource('/api/v1/stream' + (state.token ? '?token=' + encodeURIComponent(state.token) : ''));
  state.stream = es;
  const live = $('#live');
  es.addEventListener('hello', () => { live.className = 'live on'; live.textContent = 'live'; });
  es.onerror = () => { live.className = 'live off'; live.textContent = 'reconnecting'; };
  es.addEventListener('alert', (ev) => {
    const a = JSON.parse(ev.data);
    state.alerts.set(a.id, a);
    if (a.check === 'host_down' && state.hosts.has(a.host)) {
      state.hosts.get(a.host).alive = a.state === 'resolved';
      renderHosts();
    }
    renderAlerts();
    addFeed(a);
    refreshLedgerSoon();
  });
  es.addEventListener('heartbeat', (ev) => {
    const b = JSON.parse(ev.data);
    let added = false;
    for (const host of b.hosts) {
      if (!state.hosts.has(host)) { state.hosts.set(host, { host, alive: true }); added = true; }
      const h = state.hosts.get(host);
      h.last_seen = b.at;
      h.alive = true;
      loadSparklines(host, added);
    }
    renderHosts();
  });
}

// ---- actions ---------------------------------------------------------------------------------

async function act(fn) {
  try {
    await fn();
    showError('');
  } catch (e) {
    if (e.auth) { state.pendingAction = fn; askToken('Acking and silencing need the admin token.'); } else showError(e.message);
  }
}

async function ack(a) {
  if (!state.token) throw Object.assign(new Error('token needed'), { auth: true });
  const r = await api('/api/v1/alerts/' + a.id + '/ack', { method: 'POST', body: { by: state.name || 'web', comment: 'acked on the status page' } });
  state.alerts.set(r.alert.id, r.alert);
  renderAlerts();
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
  $('#token-button').addEventListener('click', () => askToken('The admin token lets this page ack and silence alerts; a read token only shows them.'));
  $('#token-cancel').addEventListener('click', () => $('#token-dialog').close());
  $('#silence-cancel').addEventListener('click', () => $('#silence-dialog').close());
  $('#token-form').addEventListener('submit', () => {
    state.token = $('#token-input').value.trim();
    state.name = $('#name-input').value.trim();
    sessionStorage.setItem('botasky.token', state.token);
    sessionStorage.setItem('botasky.name', state.name);
    const pending = state.pendingAction;
    state.pendingAction = null;
    load().then(() => pending && act(pending));
  });
  $('#silence-form').addEventListener('submit', () => act(saveSilence));
  setInterval(() => { renderAlerts(); renderHosts(); }, 15000);
  load();
});
