// CloudStatus dashboard: polls the API every few seconds and re-renders only what changed. Servers load their
// producers (paged, all pages) when opened; the tree is built here from parentId.

import { api, ApiError, AuthRequiredError, download, getToken, query, setToken, takeTokenFromLocation, useTokenSource } from './api.js';
import { Commands } from './commands.js';
import { ConflictsView } from './conflicts.js';
import { DetailsPanel } from './details.js';
import { AddDialog, confirmCommand } from './dialogs.js';
import { EventTimeline } from './events.js';
import { buildHierarchy, CHILD_PAGE } from './hierarchy.js';
import { HistoryView } from './history.js';
import { MatrixView } from './matrix.js';
import { PairsView } from './pairs.js';
import { Fleet, loadProducers, serverSignature, siteKey } from './model.js';
import { supervisedProcesses } from './processes.js';
import { ProducerList } from './producers.js';
import { EntraSignIn, loadConfig } from './signin.js';
import { TreeView } from './tree.js';
import { el, formatTime, healthMark } from './view.js';

const POLL_MS = 5000;
const CONNECTIVITY_EVERY = 3;
const FLEET_MAX_AGE_MS = 60000;
const RETRY_MS = 5000;

const $ = (id) => document.getElementById(id);
const model = { servers: new Map(), sites: new Map(), fleets: new Map(), commands: new Map() };
const ui = {
  expanded: new Set(),
  collapsed: new Set(),
  collapsedSites: new Set(),
  limits: new Map(),
  selected: null,
  filterText: '',
  filterHealth: '',
};
const loading = new Map();
const lastAttempt = new Map();
const errors = new Map();
let descriptors = new Map();
let timer = null;
let cycle = 0;
let signedIn = false;

const tree = new TreeView($('hierarchy'), { onToggle: toggle, onSelect: select });
const commands = new Commands($('commands'), $('commands-empty'), {
  api,
  onChange: () => render(),
  onError: (error) => showError('command', error),
});
model.commands = commands.latest;
const addDialog = new AddDialog($('add-dialog'), { onSubmit: (request) => { commands.submit(request); } });
const details = new DetailsPanel($('details'), {
  onCommand: (act, producerId, serverId) => { command(act, producerId, serverId); },
  onChange: () => render(),
});
const producers = new ProducerList($('producer-filters'), {
  table: $('pf-table'),
  rows: $('pf-rows'),
  status: $('pf-status'),
  more: $('pf-more'),
  exportButton: $('pf-export'),
  api,
  download,
  onError: (error) => showError('producers', error),
});
const historyView = new HistoryView($('history-form'), {
  list: $('h-list'),
  status: $('h-status'),
  members: $('h-members'),
  newer: $('h-newer'),
  older: $('h-older'),
  exportButton: $('h-export'),
  api,
  download,
  onError: (error) => showError('history', error),
});
const events = new EventTimeline($('events'), $('events-older'), { api, onError: (error) => showError('events', error) });
const pairs = new PairsView($('pairs'), { api });
const conflicts = new ConflictsView($('conflicts'), {
  status: $('conflicts-status'), showResolved: $('conflicts-resolved'), api, onError: (error) => showError('conflicts', error),
});
const matrix = new MatrixView({
  canvas: $('matrix'),
  select: $('matrix-scope'),
  stats: $('matrix-stats'),
  hover: $('matrix-hover'),
  pairList: $('matrix-pair-list'),
});

// ---- sign-in -------------------------------------------------------------------------------------------------

function askForToken(message) {
  signedIn = false;
  window.clearTimeout(timer);
  $('token-message').textContent = message;
  $('token-panel').hidden = false;
  $('main').hidden = true;
  $('change-token').hidden = true;
  $('token-input').value = '';
  $('token-input').focus();
}

/** Set when the operator signed in with Entra ID; the token panel is then never shown. */
let entra = null;

function start() {
  if (!entra && !getToken()) {
    askForToken('The dashboard reads the API with a bearer token. The dev stack prints one (and a ready link) when it starts.');
    return;
  }

  signedIn = true;
  $('token-panel').hidden = true;
  $('main').hidden = false;
  $('change-token').hidden = Boolean(entra); // signed in with Entra ID: "Sign out" instead
  refresh();
}

$('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  setToken($('token-input').value);
  clearAllErrors();
  start();
});
$('change-token').addEventListener('click', () => askForToken('Enter another bearer token.'));

// ---- commands --------------------------------------------------------------------------------------------------

const CONFIRM = {
  delete: (id) => ({ title: `Delete ${id}?`, text: `${id} and everything under it are removed from its server. This cannot be undone.`, confirm: 'Confirm delete' }),
  reboot: (id) => ({ title: `Reboot ${id}?`, text: `${id} restarts and is unreachable while it does.`, confirm: 'Confirm reboot' }),
  stop: (id) => ({ title: `Stop ${id}?`, text: `${id} and the processes that depend on it stop, and stay stopped until started again.`, confirm: 'Confirm stop' }),
  restart: (id) => ({ title: `Restart ${id}?`, text: `${id} and the processes that depend on it stop, then start again in order.`, confirm: 'Confirm restart' }),
};

/** A command button pressed: add opens the form, delete and reboot ask first, resync goes at once. */
async function command(act, producerId, serverId) {
  if (act === 'add') {
    addDialog.open(serverIds(), { serverId, parentId: producerId });
    return;
  }

  if (CONFIRM[act] && !(await confirmCommand($('confirm-dialog'), CONFIRM[act](producerId)))) {
    return;
  }

  commands.submit({ action: act === 'restart' ? 'reboot' : act, producerId }); // a process's restart is its reboot
}

function serverIds() {
  return [...model.servers.keys()].sort();
}

$('add-open').addEventListener('click', () => addDialog.open(serverIds()));

// ---- errors (problem details) --------------------------------------------------------------------------------

function showError(source, error) {
  if (error instanceof AuthRequiredError && entra) {
    showSignInRefused(error);
    return;
  }

  if (error instanceof AuthRequiredError) {
    setToken('');
    askForToken(`The API refused the token: ${error.message} Enter a valid bearer token.`);
    return;
  }

  if (error && error.name === 'AbortError') {
    return;
  }

  const text = error instanceof ApiError ? error.message : String((error && error.message) || error);
  if (errors.get(source) !== text) {
    errors.set(source, text);
    renderErrors();
  }
}

function clearError(source) {
  if (errors.delete(source)) {
    renderErrors();
  }
}

function clearAllErrors() {
  errors.clear();
  renderErrors();
}

function renderErrors() {
  const box = $('errors');
  box.replaceChildren(...[...errors.entries()].map(([source, text]) => el('p', { class: 'error', attrs: { 'data-source': source } },
    el('strong', { text: 'Error: ' }),
    el('span', { text }),
    el('button', { class: 'quiet', text: 'Dismiss', attrs: { type: 'button', 'data-dismiss': source } }))));
}

$('errors').addEventListener('click', (event) => {
  const source = event.target.closest('[data-dismiss]')?.dataset.dismiss;
  if (source) {
    clearError(source);
  }
});

// ---- polling -------------------------------------------------------------------------------------------------

/** One poll at a time: a refresh asked for while one runs (a server filter changed) runs right after it. */
let refreshing = false;
let refreshAgain = false;

async function refresh() {
  window.clearTimeout(timer);
  if (refreshing) {
    refreshAgain = true;
    return;
  }

  refreshing = true;
  try {
    await poll();
  } finally {
    refreshing = false;
  }

  if (refreshAgain) {
    refreshAgain = false;
    refresh();
  } else if (signedIn) {
    timer = window.setTimeout(refresh, POLL_MS);
  }
}

async function poll() {
  if (!signedIn) {
    return;
  }

  if (document.hidden) {
    return;
  }

  try {
    const [servers, sites] = await Promise.all([api(`/servers${serverQuery()}`), api('/sites')]);
    applyServers(servers, sites);
    clearError('refresh');
    $('updated').textContent = `Updated ${formatTime(new Date())}`;
    await Promise.all([...openServers()].map((id) => ensureFleet(id)));
  } catch (error) {
    showError('refresh', error);
  }

  await Promise.all([refreshEvents(), refreshPairs(), refreshConflicts(), cycle % CONNECTIVITY_EVERY === 0 ? refreshConnectivity() : null]);
  cycle++;
  render();
}

async function refreshEvents() {
  try {
    await events.refresh();
    clearError('events');
  } catch (error) {
    showError('events', error);
  }
}

async function refreshPairs() {
  try {
    await pairs.refresh([...model.servers.values()]);
    clearError('pairs');
  } catch (error) {
    showError('pairs', error);
  }
}

async function refreshConflicts() {
  try {
    await conflicts.refresh();
    clearError('conflicts');
  } catch (error) {
    showError('conflicts', error);
  }
}

async function refreshConnectivity() {
  try {
    matrix.update(await api('/connectivity'));
    clearError('connectivity');
  } catch (error) {
    showError('connectivity', error);
  }
}

/** The server filters, asked of the API (GET /servers?tenantId&siteId&online). */
function serverQuery() {
  return query({ tenantId: $('server-tenant').value, siteId: $('server-site').value, online: $('server-online').value });
}

/** Keeps a filter select's options equal to `values`, keeping the choice while it is still offered. */
function setOptions(select, values) {
  const wanted = ['', ...values];
  if (select.options.length === wanted.length && [...select.options].every((o, i) => o.value === wanted[i])) {
    return;
  }

  const current = select.value;
  select.replaceChildren(new Option('all', ''), ...values.map((v) => new Option(v, v)));
  select.value = wanted.includes(current) ? current : '';
}

function applyServers(servers, sites) {
  model.servers = new Map(servers.map((s) => [s.serverId, s]));
  model.sites = new Map(sites.map((s) => [siteKey(s.tenantId, s.siteId), s]));
  setOptions($('server-tenant'), [...new Set(sites.map((s) => s.tenantId))].sort());
  setOptions($('server-site'), [...new Set(sites.map((s) => s.siteId))].sort());
  producers.setServers(serverIds());
  for (const id of [...model.fleets.keys()]) {
    if (!model.servers.has(id)) {
      model.fleets.delete(id);
    }
  }
}

/** Servers whose producers are on screen: opened, or holding the selection. */
function openServers() {
  const ids = new Set();
  for (const key of ui.expanded) {
    if (key.startsWith('srv:')) {
      ids.add(key.slice(4));
    }
  }

  const selected = selectedProducer();
  if (selected) {
    ids.add(selected.serverId);
  }

  return ids;
}

/** Loads a server's producers unless the ones held are still current (same watermark, health counts and staleness). */
function ensureFleet(serverId) {
  const server = model.servers.get(serverId);
  if (!server || loading.has(serverId)) {
    return loading.get(serverId);
  }

  const signature = serverSignature(server);
  const fleet = model.fleets.get(serverId);
  if (fleet && fleet.signature === signature && Date.now() - fleet.loadedAt < FLEET_MAX_AGE_MS) {
    return undefined;
  }

  if (!fleet && Date.now() - (lastAttempt.get(serverId) || 0) < RETRY_MS && errors.has(`fleet:${serverId}`)) {
    return undefined;
  }

  lastAttempt.set(serverId, Date.now());
  const promise = loadProducers(api, serverId)
    .then((producers) => {
      model.fleets.set(serverId, new Fleet(serverId, producers, signature));
      clearError(`fleet:${serverId}`);
    })
    .catch((error) => showError(`fleet:${serverId}`, error))
    .finally(() => {
      loading.delete(serverId);
      render();
    });
  loading.set(serverId, promise);
  return promise;
}

// ---- rendering -----------------------------------------------------------------------------------------------

function render() {
  const { items, wanted } = buildHierarchy(model, ui);
  descriptors = new Map();
  index(items);
  tree.render(items);
  $('hierarchy-empty').hidden = items.length > 0 || model.servers.size === 0;
  for (const id of wanted) {
    ensureFleet(id);
  }

  details.render(selection());
  renderSummary();
}

function index(items) {
  for (const item of items) {
    descriptors.set(item.key, item);
    if (item.children) {
      index(item.children);
    }
  }
}

function renderSummary() {
  const servers = [...model.servers.values()];
  const totals = { online: 0, degraded: 0, offline: 0, unknown: 0, stale: 0 };
  for (const s of servers) {
    totals.online += s.counts.online;
    totals.degraded += s.counts.degraded;
    totals.offline += s.counts.offline;
    totals.unknown += s.counts.unknown;
    totals.stale += s.stale;
  }

  const online = servers.filter((s) => s.online).length;
  const sig = JSON.stringify([online, servers.length, totals]);
  const summary = $('summary');
  if (summary.dataset.sig === sig) {
    return;
  }

  summary.dataset.sig = sig;
  summary.replaceChildren(
    el('span', { class: online < servers.length ? 'sum sum-bad' : 'sum', text: `${online}/${servers.length} servers online` }),
    chip('online', totals.online), chip('degraded', totals.degraded), chip('offline', totals.offline), chip('unknown', totals.unknown),
    el('span', { class: totals.stale ? 'sum badge badge-stale' : 'sum', text: `◷ ${totals.stale} stale` }));
}

function chip(health, count) {
  const mark = healthMark(health);
  mark.querySelector('.health-word').textContent = `${count} ${health}`;
  mark.classList.add('sum');
  return mark;
}

function selectedProducer() {
  if (!ui.selected || !ui.selected.startsWith('p:')) {
    return null;
  }

  const id = ui.selected.slice(2);
  for (const fleet of model.fleets.values()) {
    const producer = fleet.get(id);
    if (producer) {
      return producer;
    }
  }

  return null;
}

function selection() {
  const key = ui.selected;
  if (!key) {
    return null;
  }

  if (key.startsWith('site:')) {
    const siteId = key.slice(5);
    const servers = [...model.servers.values()].filter((s) => siteKey(s.tenantId, s.siteId) === siteId);
    return { type: 'site', name: siteId.split('/')[1], site: model.sites.get(siteId) || null, servers };
  }

  if (key.startsWith('srv:')) {
    const server = model.servers.get(key.slice(4));
    return server ? { type: 'server', server, processes: supervisedProcesses(model.fleets.get(server.serverId)) } : null;
  }

  const producer = selectedProducer();
  if (!producer) {
    return null;
  }

  const command = commands.forProducer(producer.producerId);
  return {
    type: 'producer',
    producer,
    command: command ? { action: command.action, status: command.status } : null,
    busy: { reboot: commands.isBusy(producer.producerId, 'reboot'), delete: commands.isBusy(producer.producerId, 'delete') },
  };
}

// ---- tree interaction ----------------------------------------------------------------------------------------

function toggle(key, expand) {
  if (key.startsWith('site:')) {
    if (expand) {
      ui.collapsedSites.delete(key);
    } else {
      ui.collapsedSites.add(key);
    }
  } else if (expand) {
    ui.expanded.add(key);
    ui.collapsed.delete(key);
    if (key.startsWith('srv:')) {
      ensureFleet(key.slice(4));
    }
  } else {
    ui.expanded.delete(key);
    if (ui.filterText || ui.filterHealth) {
      ui.collapsed.add(key);
    }
  }

  render();
}

function select(key) {
  const item = descriptors.get(key);
  if (!item || key.startsWith('note:')) {
    return;
  }

  if (key.startsWith('more:')) {
    const parent = key.slice(5);
    const before = ui.limits.get(parent) || CHILD_PAGE;
    ui.limits.set(parent, before + CHILD_PAGE);
    render();
    const target = descriptors.get(parent)?.children?.[before]?.key;
    if (target) {
      tree.focus(target);
    }

    return;
  }

  ui.selected = key;
  if (item.expandable && !item.expanded) {
    toggle(key, true);
  } else {
    render();
  }

  const serverId = key.startsWith('srv:') ? key.slice(4) : selectedProducer()?.serverId;
  if (serverId) {
    matrix.show(serverId);
  }
}

let filterTimer = null;
$('filter-text').addEventListener('input', () => {
  window.clearTimeout(filterTimer);
  filterTimer = window.setTimeout(() => {
    ui.filterText = $('filter-text').value;
    ui.collapsed.clear();
    render();
  }, 150);
});
$('filter-health').addEventListener('change', () => {
  ui.filterHealth = $('filter-health').value;
  ui.collapsed.clear();
  render();
});
for (const id of ['server-tenant', 'server-site', 'server-online']) {
  $(id).addEventListener('change', () => { refresh(); });
}

document.addEventListener('visibilitychange', () => {
  if (!document.hidden && signedIn) {
    refresh();
  }
});

// ---- start: Entra ID sign-in when the server configures it, else the pasted (dev) token ---------------------

function showSignInRefused(error) {
  signedIn = false;
  window.clearTimeout(timer);
  $('main').hidden = true;
  $('token-panel').hidden = false;
  $('token-form').hidden = true;
  $('token-message').textContent = `The API refused your sign-in: ${error.message} Sign out and sign in with another account.`;
}

async function startSignedIn(settings) {
  try {
    entra = await EntraSignIn.start(settings);
  } catch (error) {
    $('token-panel').hidden = false;
    $('token-form').hidden = true;
    $('token-message').textContent = `Sign-in failed: ${(error && error.message) || error}`;
    return;
  }

  if (!entra) {
    return; // on the way to the sign-in page
  }

  useTokenSource(() => entra.token());
  $('account').textContent = entra.userName;
  $('account').hidden = false;
  $('sign-out').hidden = false;
  $('sign-out').addEventListener('click', () => { entra.signOut(); });
  start();
}

const config = await loadConfig();
if (config.signIn) {
  await startSignedIn(config.signIn);
} else {
  takeTokenFromLocation();
  start();
}
