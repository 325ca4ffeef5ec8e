// History over a time range, from two sources:
// - "Central log": GET /api/v1/events?from&to&type, newest first, paged both ways with the page's continuation
//   (older) and previous (newer) tokens; "Export CSV" downloads /events/export over the same range.
// - "Live from the servers": GET /api/v1/history, every member server's own history asked live and coalesced
//   (oldest first); shows which members answered and which were unavailable and why. The API pages forward from a
//   page's last event id (its continuation); going back re-asks for a page already seen with the token that led to it.

import { query } from './api.js';
import { el, formatDateTime, healthMark } from './view.js';

// The event types each source knows: central's own and the record events it logs, and the servers' local ones.
const TYPES = {
  central: ['added', 'deleted', 'healthChanged', 'serverOnline', 'serverOffline', 'serverRegistered', 'epochChanged', 'reboot', 'add', 'delete', 'healthChange', 'silent', 'flapping'],
  live: ['appeared', 'health', 'flappingStarted', 'flappingStopped', 'reboot', 'delete', 'silent', 'resumed', 'configured', 'gap'],
};

export class HistoryView {
  constructor(form, { list, status, members, newer, older, exportButton, api, download, onError }) {
    this.form = form;
    this.list = list;
    this.status = status;
    this.members = members;
    this.newer = newer;
    this.older = older;
    this.api = api;
    this.download = download;
    this.onError = onError;
    this.request = null;
    this.tokens = [];
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.show();
    });
    this.types = form.querySelector('datalist');
    form.addEventListener('change', (event) => {
      if (event.target.name === 'source') {
        this.sourceChanged(exportButton);
      }
    });
    this.sourceChanged(exportButton);
    newer.addEventListener('click', () => this.page(-1));
    older.addEventListener('click', () => this.page(1));
    exportButton.addEventListener('click', () => this.export(exportButton));
  }

  /** The type suggestions follow the source; the export is of the central log only. */
  sourceChanged(exportButton) {
    const { source } = this.values();
    this.types.replaceChildren(...TYPES[source].map((type) => new Option(type, type)));
    exportButton.hidden = source !== 'central';
  }

  values() {
    const values = Object.fromEntries(new FormData(this.form).entries());
    return {
      source: values.source,
      params: { from: isoOrEmpty(values.from), to: isoOrEmpty(values.to), type: values.type, limit: values.limit },
    };
  }

  /** A new query from the form: its first page. */
  show() {
    this.request = this.values();
    this.tokens = [''];
    this.load(this.request.source === 'central' ? { continuation: '' } : { index: 0 });
  }

  /** direction -1: the page before the one shown, 1: the page after it. */
  page(direction) {
    if (!this.request) {
      return;
    }

    if (this.request.source === 'central') {
      this.load({ continuation: direction < 0 ? this.previous : this.next });
    } else {
      this.load({ index: this.index + direction });
    }
  }

  async load(position) {
    const { source, params } = this.request;
    this.status.textContent = 'Loading…';
    try {
      if (source === 'central') {
        const page = await this.api(`/events${query({ ...params, continuation: position.continuation })}`);
        this.previous = page.previous;
        this.next = page.continuation;
        this.list.replaceChildren(...page.items.map(centralItem));
        this.members.replaceChildren();
        this.newer.hidden = !page.previous;
        this.older.hidden = !page.continuation;
        this.status.textContent = summary(page.items.length, page.firstEventId, page.lastEventId, 'central log, newest first');
      } else {
        const page = await this.api(`/history${query({ ...params, continuation: this.tokens[position.index] })}`);
        this.index = position.index;
        this.tokens.length = position.index + 1;
        if (page.continuation) {
          this.tokens.push(page.continuation);
        }

        this.list.replaceChildren(...page.items.map(liveItem));
        this.members.replaceChildren(...membersView(page));
        this.newer.hidden = position.index === 0;
        this.older.hidden = !page.continuation;
        this.status.textContent = `${summary(page.items.length, page.firstEventId, page.lastEventId, 'live, oldest first')} Window ${formatDateTime(page.from)} – ${formatDateTime(page.to)}, page ${position.index + 1}.`;
      }
    } catch (error) {
      this.status.textContent = '';
      this.onError(error);
    }
  }

  async export(button) {
    const { params } = this.values();
    button.disabled = true;
    try {
      const name = await this.download(`/events/export${query({ from: params.from, to: params.to, type: params.type })}`, 'events.csv');
      this.status.textContent = `Downloaded ${name}.`;
    } catch (error) {
      this.onError(error);
    } finally {
      button.disabled = false;
    }
  }
}

function isoOrEmpty(local) {
  if (!local) {
    return '';
  }

  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? local : date.toISOString();
}

function summary(count, first, last, order) {
  return count === 0 ? 'No events in this range.' : `${count} event${count === 1 ? '' : 's'} (${order}): ${first} … ${last}.`;
}

function membersView(page) {
  const answered = el('p', { class: 'members-answered' },
    el('strong', { text: `Answered (${page.members.length}): ` }),
    page.members.map((m) => `${m.serverId} (${m.events})`).join(', ') || 'none');
  const nodes = [answered];
  if (page.unavailable.length > 0) {
    nodes.push(el('div', { class: 'warning members-unavailable' },
      el('strong', { text: `Unavailable (${page.unavailable.length}):` }),
      el('ul', {}, ...page.unavailable.map((u) => el('li', { attrs: { 'data-server': u.serverId, 'data-reason': u.reason } },
        el('span', { class: 'id', text: u.serverId }), ` — ${u.reason}: ${u.detail}`)))));
  }

  return nodes;
}

function centralItem(event) {
  return el('li', { class: `event type-${event.type}`, attrs: { 'data-event-id': event.eventId } },
    el('time', { text: formatDateTime(event.centralTimestamp), attrs: { datetime: event.centralTimestamp } }),
    el('span', { class: 'event-type', text: event.type }),
    event.health ? healthMark(event.health) : null,
    el('span', { class: 'id', text: event.producerId }),
    el('span', { class: 'muted', text: event.serverId }));
}

function liveItem(event) {
  return el('li', { class: `event type-${event.type}`, attrs: { 'data-event-id': event.eventId, 'data-server': event.serverId } },
    el('time', { text: formatDateTime(event.at), attrs: { datetime: event.at } }),
    el('span', { class: 'muted', text: event.serverId }),
    el('span', { class: 'event-type', text: event.type }),
    event.previousHealth ? el('span', { class: 'muted', text: `${event.previousHealth} →` }) : null,
    event.health ? healthMark(event.health) : null,
    el('span', { class: 'id', text: event.producerId }),
    event.detail ? el('span', { class: 'muted', text: event.detail }) : null);
}
