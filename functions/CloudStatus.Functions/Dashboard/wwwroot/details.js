// The details panel of the selected node, with its command buttons: reboot, delete and "add under" for switches and
// devices, start / stop / restart for supervised processes, resync and "add" for servers (with their processes) (the app asks for a confirmation before the destructive ones). Re-rendered
// only when what it shows changed; keyboard focus survives a re-render.

import { isCommandable } from './hierarchy.js';
import { serverHealth } from './model.js';
import { processDetails, processTable } from './processes.js';
import { badge, definitionList, el, formatAge, formatDateTime, healthMark } from './view.js';

export class DetailsPanel {
  constructor(container, { onCommand, onChange }) {
    this.container = container;
    this.onCommand = onCommand;
    this.onChange = onChange;
    this.sig = null;
    container.addEventListener('click', (event) => this.handleClick(event));
  }

  /** selection: { type: 'site'|'server'|'producer', site?, servers?, server?, producer?, command? } or null. */
  render(selection) {
    const sig = JSON.stringify(selection);
    if (sig === this.sig) {
      return;
    }

    this.sig = sig;
    const focused = this.container.contains(document.activeElement) ? document.activeElement.dataset.focusId : null;
    this.container.replaceChildren(...content(selection).filter(Boolean));
    if (focused) {
      const again = this.container.querySelector(`[data-focus-id="${focused}"]`);
      if (again) {
        again.focus();
      }
    }
  }

  handleClick(event) {
    const button = event.target.closest('button[data-act]');
    if (!button) {
      return;
    }

    this.onCommand(button.dataset.act, button.dataset.producer, button.dataset.server);
  }
}

function content(selection) {
  if (!selection) {
    return [el('p', { class: 'muted', text: 'Select a site, server, switch or device in the hierarchy.' })];
  }

  switch (selection.type) {
    case 'site':
      return siteContent(selection);
    case 'server':
      return serverContent(selection.server, selection.processes || []);
    default:
      return producerContent(selection);
  }
}

function siteContent({ name, site, servers }) {
  const online = servers.filter((s) => s.online).length;
  const pairs = [['Servers online', `${online} of ${servers.length}`]];
  if (site) {
    const c = site.counts;
    pairs.push(
      ['Producers', `${c.online} online · ${c.degraded} degraded · ${c.offline} offline · ${c.unknown} unknown`],
      ['Stale', String(site.stale)],
      ['Roll-up built', formatDateTime(site.builtAt)]);
  }

  return [
    el('h3', { class: 'details-title' }, site ? healthMark(site.overall) : null, el('span', { class: 'id', text: `Site ${name}` })),
    definitionList(pairs),
  ];
}

function serverContent(server, processes) {
  const c = server.counts;
  return [
    el('h3', { class: 'details-title' }, healthMark(serverHealth(server)), el('span', { class: 'id', text: server.serverId })),
    server.online ? null : el('p', { class: 'warning' }, badge('offline', 'OFFLINE'),
      ` Central has not heard from this server since ${formatDateTime(server.lastHeartbeat)} (${formatAge(server.lastHeartbeat)}); its producers are shown as stale.`),
    definitionList([
      ['Site', `${server.siteId} (tenant ${server.tenantId})`],
      ['Connection', server.online ? 'online' : 'offline'],
      ['Last heartbeat', `${formatDateTime(server.lastHeartbeat)} (${formatAge(server.lastHeartbeat)})`],
      ['Producers', `${c.online} online · ${c.degraded} degraded · ${c.offline} offline · ${c.unknown} unknown`],
      ['Stale', String(server.stale)],
      ['Watermark', `${server.watermark} (epoch ${server.epoch})`],
      ['Clock offset', server.clockOffsetMs === null || server.clockOffsetMs === undefined ? '—' : `${Math.round(server.clockOffsetMs)} ms`],
      ['Ingested', `${server.ingest.batches} batches · ${server.ingest.records} records · ${server.ingest.bytes} bytes`],
    ]),
    el('div', { class: 'actions', attrs: { role: 'group', 'aria-label': 'Commands' } },
      button('resync', 'Resync', server.serverId, null, false, server.serverId),
      button('add', 'Add a producer…', '', null, false, server.serverId)),
    processes.length ? el('h4', { text: 'Supervised processes' }) : null,
    processes.length ? processTable(processes) : null,
  ];
}

function producerContent({ producer: p, command, busy }) {
  const flags = [
    p.stale ? badge('stale', '◷ stale', 'Not confirmed since its server went silent') : null,
    p.silent ? badge('silent', '… silent') : null,
    p.flapping ? badge('flapping', '↯ flapping') : null,
  ];
  const nodes = [
    el('h3', { class: 'details-title' }, healthMark(p.deleted ? 'deleted' : p.health), el('span', { class: 'id', text: p.producerId }), ...flags),
    definitionList([
      ['Kind', p.kind],
      ['Parent', p.parentId || '—'],
      ['Server', p.serverId],
      ['Sequence', String(p.seq)],
      ['Changed (local)', formatDateTime(p.localTimestamp)],
      ['Received (central)', formatDateTime(p.centralTimestamp)],
    ]),
  ];
  if (isCommandable(p)) {
    const actions = el('div', { class: 'actions', attrs: { role: 'group', 'aria-label': 'Commands' } });
    actions.append(
      button('reboot', busy.reboot ? 'Rebooting…' : 'Reboot…', p.producerId, null, busy.reboot, p.serverId),
      button('delete', 'Delete…', p.producerId, 'danger', busy.delete, p.serverId),
      button('add', 'Add under…', p.producerId, null, false, p.serverId));

    nodes.push(actions);
  }

  if (p.kind === 'process' && !p.deleted) {
    nodes.push(...processDetails(p));
  }

  if (command) {
    nodes.push(el('p', { class: 'last-command', attrs: { 'data-status': command.status } },
      `Last command from this page: ${command.action} — `, el('strong', { text: command.status })));
  }

  if (p.state) {
    nodes.push(el('h4', { text: 'State' }), el('pre', { class: 'json', text: JSON.stringify(p.state, null, 2), attrs: { tabindex: 0, 'aria-label': 'State' } }));
  }

  if (p.config) {
    nodes.push(el('h4', { text: 'Configuration' }), el('pre', { class: 'json', text: JSON.stringify(p.config, null, 2), attrs: { tabindex: 0, 'aria-label': 'Configuration' } }));
  }

  return nodes;
}

function button(act, text, producerId, className, disabled, serverId) {
  return el('button', {
    class: className || '',
    text,
    attrs: { type: 'button', 'data-act': act, 'data-producer': producerId, 'data-server': serverId, 'data-focus-id': act, disabled: Boolean(disabled) },
  });
}
