// Small shared view helpers: element building, health marks (colour plus icon plus word, never colour alone),
// times.

/** Creates an element: el('span', { class: 'x', text: 'y', attrs: { role: 'z' } }, ...children). */
export function el(tag, options = {}, ...children) {
  const node = document.createElement(tag);
  if (options.class) {
    node.className = options.class;
  }

  if (options.text !== undefined) {
    node.textContent = options.text;
  }

  for (const [name, value] of Object.entries(options.attrs || {})) {
    if (value !== undefined && value !== null && value !== false) {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }

  for (const child of children) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(child);
    }
  }

  return node;
}

const HEALTH = {
  online: { icon: '✓', word: 'online' },
  degraded: { icon: '▲', word: 'degraded' },
  offline: { icon: '✕', word: 'offline' },
  unknown: { icon: '?', word: 'unknown' },
  deleted: { icon: '⌫', word: 'deleted' },
};

/** A health mark: coloured icon and the health as text. */
export function healthMark(health) {
  const known = HEALTH[health] ? health : 'unknown';
  return el('span', { class: `health health-${known}` },
    el('span', { class: 'health-icon', text: HEALTH[known].icon, attrs: { 'aria-hidden': 'true' } }),
    el('span', { class: 'health-word', text: HEALTH[known].word }));
}

/** A small flag badge, e.g. badge('stale', '◷ stale'). */
export function badge(kind, text, title) {
  return el('span', { class: `badge badge-${kind}`, text, attrs: { title } });
}

export function formatTime(value) {
  if (!value) {
    return '—';
  }

  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : date.toLocaleTimeString([], { hour12: false });
}

export function formatDateTime(value) {
  if (!value) {
    return '—';
  }

  const date = new Date(value);
  return Number.isNaN(date.getTime())
    ? String(value)
    : `${date.toLocaleDateString()} ${date.toLocaleTimeString([], { hour12: false })}`;
}

/** "42 s ago", "3 min ago", "2 h ago". */
export function formatAge(value, now = Date.now()) {
  if (!value) {
    return 'never';
  }

  const seconds = Math.max(0, Math.round((now - new Date(value).getTime()) / 1000));
  if (seconds < 90) {
    return `${seconds} s ago`;
  }

  const minutes = Math.round(seconds / 60);
  return minutes < 90 ? `${minutes} min ago` : `${Math.round(minutes / 60)} h ago`;
}

/** A definition list from [term, value] pairs (value: string or node). */
export function definitionList(pairs, className = 'props') {
  const list = el('dl', { class: className });
  for (const [term, value] of pairs) {
    list.append(el('dt', { text: term }), el('dd', {}, typeof value === 'string' ? document.createTextNode(value) : value));
  }

  return list;
}
