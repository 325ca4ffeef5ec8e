// Operator commands from the page (add, delete, resync, reboot): POST /api/v1/commands with a fresh idempotency key,
// then GET /api/v1/commands/{id} every second until it ends, showing pending → sent (→ waiting) → succeeded | failed | timedOut
// and the command's audit record (who asked, when, when it ended, the edge's answer).

import { describeProblem } from './api.js';
import { definitionList, el, formatDateTime, formatTime } from './view.js';

const FINAL = new Set(['succeeded', 'failed', 'timedOut', 'rejected']);
const POLL_MS = 1000;
const MAX_SHOWN = 30;
const STATUS_TEXT = {
  submitting: 'submitting…',
  pending: 'pending',
  sent: 'sent',
  waiting: 'waiting for the equipment',
  succeeded: 'succeeded',
  failed: 'failed',
  timedOut: 'timed out',
  rejected: 'rejected',
};

export class Commands {
  constructor(list, empty, { api, onChange, onError }) {
    this.list = list;
    this.empty = empty;
    this.api = api;
    this.onChange = onChange;
    this.onError = onError;
    this.entries = [];
    this.latest = new Map();
    this.sequence = 0;
  }

  /** The newest command sent from this page for a producer (for the tree and the details panel). */
  forProducer(producerId) {
    return this.latest.get(producerId);
  }

  isBusy(producerId, action) {
    const entry = this.latest.get(producerId);
    return Boolean(entry && entry.action === action && !FINAL.has(entry.status));
  }

  /** request: { action, producerId } plus, for add, { serverId, kind, parentId?, config? } (config: an object). */
  async submit(request) {
    const { producerId, action } = request;
    const entry = { id: `cmd-${++this.sequence}`, producerId, action, status: 'submitting', at: new Date(), commandId: null, result: null, error: null, audit: null };
    this.entries.unshift(entry);
    this.latest.set(producerId, entry);
    this.changed(entry);
    try {
      const accepted = await this.api('/commands', {
        method: 'POST',
        body: { ...request, idempotencyKey: newKey() },
      });
      entry.commandId = accepted.commandId;
      entry.status = 'pending';
      this.changed(entry);
      await this.follow(entry);
    } catch (error) {
      entry.status = 'rejected';
      entry.error = error.problem ? describeProblem(error.problem) : String(error.message || error);
      this.changed(entry);
      this.onError(error);
    }
  }

  async follow(entry) {
    while (!FINAL.has(entry.status)) {
      await delay(POLL_MS);
      try {
        const command = await this.api(`/commands/${encodeURIComponent(entry.commandId)}`);
        if (command.status !== entry.status || command.result !== entry.result || !entry.audit) {
          entry.status = command.status;
          entry.result = command.result;
          entry.audit = { requestedBy: command.requestedBy, requestedAt: command.requestedAt, completedAt: command.completedAt, serverId: command.serverId };
          this.changed(entry);
        }
      } catch (error) {
        // Keep following: a failed poll says nothing about the command. Show why, once.
        this.onError(error);
        if (error.name === 'AuthRequiredError') {
          return;
        }
      }
    }
  }

  changed(entry) {
    this.renderEntry(entry);
    this.onChange(entry);
  }

  renderEntry(entry) {
    let item = this.list.querySelector(`[data-entry="${entry.id}"]`);
    if (!item) {
      item = el('li', { class: 'command', attrs: { 'data-entry': entry.id } });
      this.list.prepend(item);
      while (this.list.children.length > MAX_SHOWN) {
        this.list.lastElementChild.remove();
      }
    }

    item.dataset.status = entry.status;
    item.dataset.producer = entry.producerId;
    item.dataset.action = entry.action;
    // replaceChildren would write a null as the text "null": a command refused before it had an audit record has none.
    item.replaceChildren(...[
      el('div', { class: 'command-head' },
        el('strong', { text: entry.action }),
        el('span', { class: 'id', text: entry.producerId }),
        el('span', { class: `command-status status-${entry.status}`, text: STATUS_TEXT[entry.status] || entry.status })),
      steps(entry),
      el('div', { class: 'command-meta muted', text: meta(entry) }),
      entry.audit ? audit(entry) : null,
    ].filter(Boolean));
    this.empty.hidden = true;
  }
}

/** The three steps, the current one marked (aria-current) and the finished ones ticked. */
function steps(entry) {
  const order = ['pending', 'sent', 'done'];
  const reached = entry.status === 'submitting' || entry.status === 'rejected' ? -1
    : entry.status === 'pending' ? 0
      : entry.status === 'sent' || entry.status === 'waiting' ? 1 : 2;
  const finalWord = FINAL.has(entry.status) && entry.status !== 'rejected' ? (STATUS_TEXT[entry.status]) : 'succeeded / failed / timed out';
  const list = el('ol', { class: 'steps', attrs: { 'aria-label': 'Progress' } });
  order.forEach((step, index) => {
    const word = step === 'done' ? finalWord : step === 'sent' && entry.status === 'waiting' ? STATUS_TEXT.waiting : step;
    const state = index < reached ? 'done' : index === reached ? 'current' : 'todo';
    const outcome = step === 'done' && index === reached ? ` outcome-${entry.status}` : '';
    list.append(el('li', { class: `step step-${state}${outcome}`, text: word, attrs: { 'aria-current': state === 'current' ? 'step' : null } }));
  });
  return list;
}

/** The command's audit record as central keeps it. */
function audit(entry) {
  const a = entry.audit;
  return definitionList([
    ['Requested by', a.requestedBy],
    ['Requested at', formatDateTime(a.requestedAt)],
    ['Server', a.serverId],
    ['Completed at', a.completedAt ? formatDateTime(a.completedAt) : '—'],
    ['Edge answer', entry.result || '—'],
  ], 'props audit');
}

function meta(entry) {
  const parts = [`requested ${formatTime(entry.at)}`];
  if (entry.commandId) {
    parts.push(`id ${entry.commandId}`);
  }

  if (entry.error) {
    parts.push(entry.error);
  }

  return parts.join(' · ');
}

function newKey() {
  if (window.crypto && typeof window.crypto.randomUUID === 'function') {
    return window.crypto.randomUUID();
  }

  const bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function delay(ms) {
  return new Promise((resolve) => { window.setTimeout(resolve, ms); });
}
