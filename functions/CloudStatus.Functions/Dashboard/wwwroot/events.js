// The event timeline (GET /api/v1/events, newest first): each poll adds only the events not shown yet on top; the
// "Older events" button follows the continuation of the first page backwards.

import { el, formatDateTime, formatTime, healthMark } from './view.js';

const PAGE = 50;
const MAX_SHOWN = 300;

export class EventTimeline {
  constructor(list, olderButton, { api, onError }) {
    this.list = list;
    this.olderButton = olderButton;
    this.api = api;
    this.onError = onError;
    this.seen = new Set();
    this.older = null;
    this.started = false;
    olderButton.addEventListener('click', () => this.loadOlder());
  }

  async refresh(signal) {
    const page = await this.api(`/events?limit=${PAGE}`, { signal });
    if (!this.started) {
      this.started = true;
      this.older = page.continuation;
      this.olderButton.hidden = !this.older;
    }

    const fresh = page.items.filter((e) => !this.seen.has(e.eventId));
    if (fresh.length === 0) {
      return;
    }

    // The page is newest first: prepend in reverse so the newest ends on top.
    for (const event of [...fresh].reverse()) {
      this.seen.add(event.eventId);
      this.list.prepend(item(event));
    }

    while (this.list.children.length > MAX_SHOWN) {
      this.seen.delete(this.list.lastElementChild.dataset.eventId);
      this.list.lastElementChild.remove();
    }
  }

  async loadOlder() {
    if (!this.older) {
      return;
    }

    this.olderButton.disabled = true;
    try {
      const page = await this.api(`/events?limit=${PAGE}&continuation=${encodeURIComponent(this.older)}`);
      for (const event of page.items) {
        if (!this.seen.has(event.eventId)) {
          this.seen.add(event.eventId);
          this.list.append(item(event));
        }
      }

      this.older = page.continuation;
      this.olderButton.hidden = !this.older;
    } catch (error) {
      this.onError(error);
    } finally {
      this.olderButton.disabled = false;
    }
  }
}

function item(event) {
  return el('li', { class: `event type-${event.type}`, attrs: { 'data-event-id': event.eventId } },
    el('time', { text: formatTime(event.centralTimestamp), attrs: { datetime: event.centralTimestamp, title: formatDateTime(event.centralTimestamp) } }),
    el('span', { class: 'event-type', text: event.type }),
    event.health ? healthMark(event.health) : null,
    el('span', { class: 'id', text: event.producerId }),
    el('span', { class: 'muted', text: event.serverId }));
}
