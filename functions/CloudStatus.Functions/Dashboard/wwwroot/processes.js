// Supervised processes (issue 12, ADR 0100): producers of kind `process` whose state says their tenant group, start
// order, phase, restarts and last exit. A server's details list them in start order; a process's details show its
// supervision and the start / stop / restart buttons (stop and restart ask first).

import { definitionList, el, formatDateTime, healthMark } from './view.js';

/** The live processes of a loaded fleet, in start order (then id). */
export function supervisedProcesses(fleet) {
  if (!fleet) {
    return [];
  }

  return [...fleet.byId.values()]
    .filter((p) => p.kind === 'process' && !p.deleted)
    .sort((a, b) => order(a) - order(b) || (a.producerId < b.producerId ? -1 : 1));
}

/** The server's processes as a table: order, process, group (tenant), phase, health, restarts, last exit, uptime, commands. */
export function processTable(processes, now = Date.now()) {
  const rows = processes.map((p) => {
    const s = p.state || {};
    return el('tr', { attrs: { 'data-process': p.producerId } },
      el('td', { text: String(order(p) + 1) }),
      el('td', { class: 'id', text: localId(p) }),
      el('td', { text: `${s.group || '—'} (${s.tenant || '—'})` }),
      el('td', { class: `phase phase-${s.phase || 'unknown'}`, text: s.phase || '—' }),
      el('td', {}, healthMark(p.health)),
      el('td', { text: String(s.restarts ?? 0) }),
      el('td', { text: s.lastExit || '—' }),
      el('td', { text: uptime(s, now) }),
      el('td', {}, actions(p, true)));
  });
  return el('div', { class: 'table-frame', attrs: { tabindex: 0, role: 'region', 'aria-label': 'Supervised processes' } },
    el('table', { class: 'grid processes' },
      el('caption', { class: 'visually-hidden', text: 'Supervised processes in start order' }),
      el('thead', {}, el('tr', {}, ...['Order', 'Process', 'Group (tenant)', 'Phase', 'Health', 'Restarts', 'Last exit', 'Uptime', 'Commands']
        .map((h) => el('th', { text: h, attrs: { scope: 'col' } })))),
      el('tbody', {}, ...rows)));
}

/** A process's supervision, for its details panel. */
export function processDetails(p, now = Date.now()) {
  const s = p.state || {};
  return [
    el('h4', { text: 'Supervision' }),
    definitionList([
      ['Group', `${s.group || '—'} (tenant ${s.tenant || '—'})`],
      ['Phase', s.phase || '—'],
      ['Start order', `${order(p) + 1} (priority ${s.priority ?? 0})`],
      ['Depends on', (s.dependsOn || []).join(', ') || '—'],
      ['Restarts', String(s.restarts ?? 0)],
      ['Last exit', s.lastExit || '—'],
      ['Started', s.startedAt ? `${formatDateTime(s.startedAt)} (up ${uptime(s, now)})` : '—'],
      ['Process id', s.pid ? String(s.pid) : '—'],
      ['Reason', s.reason || '—'],
    ]),
    actions(p, false),
  ];
}

function actions(p, compact) {
  const name = compact ? ` ${localId(p)}` : '';
  return el('div', { class: 'actions', attrs: { role: 'group', 'aria-label': `Commands${name}` } },
    button('start', 'Start', p, name),
    button('stop', 'Stop…', p, name, 'danger'),
    button('restart', 'Restart…', p, name));
}

function button(act, text, p, name, className) {
  return el('button', {
    class: className || '',
    text,
    attrs: {
      type: 'button',
      'data-act': act,
      'data-producer': p.producerId,
      'data-server': p.serverId,
      'data-focus-id': `${act}:${p.producerId}`,
      'aria-label': name ? `${text.replace('…', '')}${name}` : null,
    },
  });
}

function order(p) {
  const value = p.state && Number.isInteger(p.state.order) ? p.state.order : -1;
  return value < 0 ? Number.MAX_SAFE_INTEGER : value;
}

function localId(p) {
  const marker = '.process.';
  const at = p.producerId.indexOf(marker);
  return at >= 0 ? p.producerId.slice(at + marker.length) : p.producerId;
}

/** Uptime from startedAt while the process runs: "42 s", "3 min", "2 h 5 min". */
function uptime(s, now) {
  if (!s.startedAt || s.phase !== 'running') {
    return '—';
  }

  const seconds = Math.max(0, Math.round((now - new Date(s.startedAt).getTime()) / 1000));
  if (seconds < 90) {
    return `${seconds} s`;
  }

  const minutes = Math.floor(seconds / 60);
  return minutes < 90 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
