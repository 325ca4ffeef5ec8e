// The filtered producer list of one server: the form's filters go to GET /servers/{id}/producers as the API's query
// parameters (kind, parentId, health, stale, flapping, deleted, conflict), a page of 100 at a time; "Export CSV" downloads
// /servers/{id}/producers/export with the same filters.

import { query } from './api.js';
import { badge, el, healthMark } from './view.js';

const PAGE = 100;

export class ProducerList {
  constructor(form, { table, rows, status, more, exportButton, api, download, onError }) {
    this.form = form;
    this.table = table;
    this.rows = rows;
    this.status = status;
    this.more = more;
    this.api = api;
    this.download = download;
    this.onError = onError;
    this.continuation = null;
    this.shown = 0;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.load(false);
    });
    more.addEventListener('click', () => this.load(true));
    exportButton.addEventListener('click', () => this.export(exportButton));
  }

  /** Keeps the server choices in step with the fleet; the first server is chosen until the operator picks one. */
  setServers(serverIds) {
    const select = this.form.elements.namedItem('serverId');
    const current = select.value;
    if (select.options.length === serverIds.length && [...select.options].every((o, i) => o.value === serverIds[i])) {
      return;
    }

    select.replaceChildren(...serverIds.map((id) => new Option(id, id)));
    select.value = serverIds.includes(current) ? current : (serverIds[0] || '');
  }

  filters() {
    const values = Object.fromEntries(new FormData(this.form).entries());
    return {
      serverId: values.serverId,
      params: { kind: values.kind.trim(), parentId: values.parentId.trim(), health: values.health, stale: values.stale, flapping: values.flapping, deleted: values.deleted, conflict: values.conflict },
    };
  }

  async load(next) {
    const { serverId, params } = this.filters();
    if (!serverId) {
      return;
    }

    this.status.textContent = 'Loading…';
    try {
      const page = await this.api(`/servers/${encodeURIComponent(serverId)}/producers${query({ ...params, limit: PAGE, continuation: next ? this.continuation : '' })}`);
      if (!next) {
        this.rows.replaceChildren();
        this.shown = 0;
      }

      this.rows.append(...page.items.map(row));
      this.shown += page.items.length;
      this.continuation = page.continuation;
      this.table.hidden = this.shown === 0;
      this.more.hidden = !this.continuation;
      this.status.textContent = this.shown === 0
        ? `No producer of ${serverId} matches.`
        : `${this.shown} producer${this.shown === 1 ? '' : 's'} of ${serverId}${this.continuation ? ' so far' : ''}.`;
    } catch (error) {
      this.status.textContent = '';
      this.onError(error);
    }
  }

  async export(button) {
    const { serverId, params } = this.filters();
    if (!serverId) {
      return;
    }

    button.disabled = true;
    try {
      const name = await this.download(`/servers/${encodeURIComponent(serverId)}/producers/export${query(params)}`, `producers-${serverId}.csv`);
      this.status.textContent = `Downloaded ${name}.`;
    } catch (error) {
      this.onError(error);
    } finally {
      button.disabled = false;
    }
  }
}

function row(p) {
  return el('tr', { attrs: { 'data-producer': p.producerId } },
    el('th', { class: 'id', text: p.producerId, attrs: { scope: 'row' } }),
    el('td', { text: p.kind }),
    el('td', { class: 'id', text: p.parentId || '—' }),
    el('td', {}, healthMark(p.deleted ? 'deleted' : p.health)),
    el('td', {},
      p.stale ? badge('stale', '◷ stale') : null,
      p.flapping ? badge('flapping', '↯ flapping') : null,
      p.silent ? badge('silent', '… silent') : null,
      p.conflict ? badge('conflict', '⚠ conflict', 'Its address claim was backed out: see Address conflicts') : null));
}
