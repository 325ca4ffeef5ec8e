// Address conflicts (issue 13, ADRs 0110 and 0150): GET /conflicts lists the backed-out address claims of the
// caller's tenants — what was claimed, by whom, who holds it, who resolves it (auto or manual) and why — and an open
// one can be closed by an operator with what was done (POST /conflicts/{id}/resolve). A refresh leaves an open
// resolve form alone, so polling never eats what the operator is typing.

import { badge, el, formatDateTime } from './view.js';

export class ConflictsView {
  constructor(list, { status, showResolved, api, onError }) {
    this.list = list;
    this.status = status;
    this.showResolved = showResolved;
    this.api = api;
    this.onError = onError;
    showResolved.addEventListener('change', () => this.refresh(true));
    list.addEventListener('click', (event) => this.click(event));
    list.addEventListener('submit', (event) => this.submit(event));
  }

  /** Reloads the list unless an operator is writing a resolution (forced: always). */
  async refresh(force = false) {
    if (!force && this.list.querySelector('form:not([hidden])')) {
      return;
    }

    const conflicts = await this.api(`/conflicts${this.showResolved.checked ? '' : '?status=open'}`);
    const open = conflicts.filter((c) => c.status === 'open').length;
    this.status.textContent = conflicts.length === 0
      ? (this.showResolved.checked ? 'No address conflicts.' : 'No open address conflicts.')
      : `${open} open${this.showResolved.checked ? `, ${conflicts.length - open} resolved` : ''}.`;
    this.list.replaceChildren(...conflicts.map(item));
  }

  click(event) {
    const button = event.target.closest('button[data-act]');
    if (!button) {
      return;
    }

    const entry = button.closest('li');
    const form = entry.querySelector('form');
    if (button.dataset.act === 'resolve') {
      form.hidden = false;
      button.hidden = true;
      form.elements.namedItem('resolution').focus();
    } else if (button.dataset.act === 'cancel') {
      form.hidden = true;
      form.reset();
      entry.querySelector('button[data-act="resolve"]').hidden = false;
      entry.querySelector('button[data-act="resolve"]').focus();
    }
  }

  async submit(event) {
    event.preventDefault();
    const form = event.target;
    const id = form.dataset.conflict;
    const resolution = form.elements.namedItem('resolution').value.trim();
    const error = form.querySelector('.error');
    error.hidden = true;
    form.querySelector('button[type="submit"]').disabled = true;
    try {
      await this.api(`/conflicts/${encodeURIComponent(id)}/resolve`, { method: 'POST', body: { resolution } });
      form.hidden = true;
      await this.refresh(true);
      this.status.textContent = `Conflict ${id} resolved. ${this.status.textContent}`;
    } catch (failure) {
      error.textContent = failure.message;
      error.hidden = false;
      form.querySelector('button[type="submit"]').disabled = false;
      this.onError(failure);
    }
  }
}

function item(c) {
  const what = c.kind === 'mac' ? `MAC ${c.address}` : c.kind === 'ip' ? `IP ${c.address}` : `Invalid address ${c.address}`;
  const holder = c.holder ? `, held by ${c.holder.producerId} on ${c.holder.serverId}` : '';
  return el('li', { class: `conflict conflict-${c.status}`, attrs: { 'data-conflict': c.conflictId } },
    el('p', {},
      badge(c.status === 'open' ? 'conflict' : 'resolved', c.status === 'open' ? '⚠ open' : '✓ resolved'), ' ',
      el('strong', { text: what }),
      c.network ? ` in ${c.network}` : '',
      ` — claimed by `, el('span', { class: 'id', text: c.newcomer.producerId }), ` on ${c.newcomer.serverId}${holder}`),
    el('p', { class: 'muted', text: `Detected ${formatDateTime(c.detectedAt)} from ${c.source}. ${c.reason}` }),
    el('p', { attrs: { 'data-part': 'handling' }, text: `Resolved by: ${c.handling} — ${c.handlingReason}` }),
    c.failure ? el('p', { class: 'error', text: `Last attempt: ${c.failure}` }) : null,
    c.status === 'resolved'
      ? el('p', { text: `Resolved ${formatDateTime(c.resolvedAt)} by ${c.resolvedBy}: ${c.resolution}` })
      : resolveControls(c));
}

function resolveControls(c) {
  const inputId = `resolve-${c.conflictId}`;
  return el('div', {},
    el('button', { text: 'Resolve…', attrs: { type: 'button', 'data-act': 'resolve', 'aria-label': `Resolve the conflict of ${c.newcomer.producerId}` } }),
    el('form', { class: 'filters', attrs: { hidden: true, 'data-conflict': c.conflictId, 'aria-label': `Resolve the conflict of ${c.newcomer.producerId}` } },
      el('label', { text: 'What was done', attrs: { for: inputId } }),
      el('input', { attrs: { id: inputId, name: 'resolution', type: 'text', required: true, maxlength: 500, size: 40, placeholder: 'e.g. readdressed by hand to 10.1.0.40' } }),
      el('button', { text: 'Record resolution', attrs: { type: 'submit' } }),
      el('button', { text: 'Cancel', attrs: { type: 'button', 'data-act': 'cancel' } }),
      el('p', { class: 'error', attrs: { role: 'alert', hidden: true } })));
}
