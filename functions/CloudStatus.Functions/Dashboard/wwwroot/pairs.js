// Failover pairs (issue 11, ADRs 0120 and 0145–0147): every server that registered a failover peer, with its lease as
// /api/v1/servers/{id} shows it — who owns (reports) the primary's producers now, under which fencing token, in which
// phase, which signal moved it last, and how many takeovers and handbacks it has seen.

import { el, formatDateTime } from './view.js';

export class PairsView {
  constructor(container, { api }) {
    this.container = container;
    this.api = api;
    this.signature = '';
  }

  /** Reads the lease of every primary among <servers> (those whose registration names a peer) and redraws on change. */
  async refresh(servers, signal) {
    const primaries = servers.filter((s) => s.registration && s.registration.failoverPeer).sort((a, b) => (a.serverId < b.serverId ? -1 : 1));
    const details = await Promise.all(primaries.map((s) => this.api(`/servers/${encodeURIComponent(s.serverId)}`, { signal })));
    const rows = details.map((d) => ({ server: d, lease: d.failover }));
    const signature = JSON.stringify(rows.map((r) => [r.server.serverId, r.server.online, r.lease]));
    if (signature === this.signature) {
      return;
    }

    this.signature = signature;
    this.container.replaceChildren(rows.length === 0 ? el('p', { class: 'muted', text: 'No server has registered a failover peer.' }) : table(rows));
  }
}

function table(rows) {
  const headers = ['Primary', 'Peer', 'Owner', 'Phase', 'Token', 'Signal', 'Takeovers', 'Handbacks', 'Changed'];
  return el('div', { class: 'table-frame', attrs: { tabindex: 0, role: 'region', 'aria-label': 'Failover pairs' } },
    el('table', { class: 'grid pairs' },
      el('caption', { class: 'visually-hidden', text: 'Failover pairs and who owns each primary\'s producers' }),
      el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', { text: h, attrs: { scope: 'col' } })))),
      el('tbody', {}, ...rows.map(row))));
}

function row({ server, lease }) {
  const primary = `${server.serverId}${server.online ? '' : ' (offline)'}`;
  if (!lease) {
    return el('tr', { attrs: { 'data-pair': server.serverId } },
      el('td', { class: 'id', text: primary }),
      el('td', { class: 'id', text: server.registration.failoverPeer }),
      el('td', { attrs: { colspan: 7 }, class: 'muted', text: server.registration.accepted ? 'No lease yet' : `Refused: ${server.registration.reason || ''}` }));
  }

  const takenOver = lease.holder !== lease.primary;
  return el('tr', { attrs: { 'data-pair': server.serverId, 'data-owner': lease.holder }, class: takenOver ? 'taken-over' : '' },
    el('td', { class: 'id', text: primary }),
    el('td', { class: 'id', text: lease.peer }),
    el('td', { class: 'id owner', text: lease.holder }),
    el('td', { text: lease.phase }),
    el('td', { text: String(lease.token) }),
    el('td', { text: lease.signal || '—' }),
    el('td', { text: String(lease.takeovers) }),
    el('td', { text: String(lease.handbacks) }),
    el('td', { text: formatDateTime(lease.changedAt) }));
}
