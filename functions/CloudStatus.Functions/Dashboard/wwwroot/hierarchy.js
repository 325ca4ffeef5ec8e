// Sites → servers → switches → devices as tree descriptors (see tree.js), from the model and what the user opened,
// filtered by id and health. Children are shown a page at a time ("Show more"), so a server with a thousand switches
// or a switch with many devices never puts thousands of rows in the page at once.

import { badge, el, formatTime, healthMark } from './view.js';
import { compareIds, producerMatchesHealth, serverHealth, serverRollupMatches, siteKey } from './model.js';

export const CHILD_PAGE = 50;
const COMMANDABLE = new Set(['switch', 'device']);

/**
 * ui: { expanded: Set, collapsed: Set, limits: Map, selected, filterText, filterHealth }
 * Returns { items, wanted } — wanted: servers whose producers the filter needs loaded.
 */
export function buildHierarchy(model, ui) {
  const text = ui.filterText.trim().toLowerCase();
  const ctx = { model, ui, text, health: ui.filterHealth, filtering: text !== '' || ui.filterHealth !== '', wanted: [] };
  const bySite = new Map();
  for (const server of model.servers.values()) {
    const key = siteKey(server.tenantId, server.siteId);
    if (!bySite.has(key)) {
      bySite.set(key, []);
    }

    bySite.get(key).push(server);
  }

  const tenants = new Set([...model.servers.values()].map((s) => s.tenantId));
  const items = [];
  for (const key of [...bySite.keys()].sort(compareIds)) {
    const servers = bySite.get(key).sort((a, b) => compareIds(a.serverId, b.serverId));
    const children = servers.map((s) => serverItem(ctx, s)).filter(Boolean);
    if (children.length === 0) {
      continue;
    }

    items.push(siteItem(ctx, key, servers, children, tenants.size > 1));
  }

  return { items, wanted: ctx.wanted };
}

function textMatches(ctx, id) {
  return ctx.text === '' || id.toLowerCase().includes(ctx.text);
}

function isOpen(ctx, key, id, below) {
  if (ctx.ui.expanded.has(key)) {
    return true;
  }

  // A filter opens the way to what matches below a node (unless the user closed that node since) — but typing a
  // node's own id does not open everything under it.
  const matchesItselfByText = ctx.text !== '' && textMatches(ctx, id);
  return ctx.filtering && below.length > 0 && !(matchesItselfByText && ctx.health === '') && !ctx.ui.collapsed.has(key);
}

function page(ctx, parentKey, children) {
  const limit = ctx.ui.limits.get(parentKey) || CHILD_PAGE;
  if (children.length <= limit) {
    return children;
  }

  const shown = children.slice(0, limit);
  const rest = children.length - limit;
  const next = Math.min(rest, CHILD_PAGE);
  shown.push({
    key: `more:${parentKey}`,
    sig: `${limit}/${children.length}`,
    className: 'more',
    render: () => el('span', { class: 'more-text', text: `Show ${next} more… (${limit} of ${children.length} shown)` }),
  });
  return shown;
}

function siteItem(ctx, key, servers, children, showTenant) {
  const [tenantId, siteId] = key.split('/');
  const site = ctx.model.sites.get(key);
  const online = servers.filter((s) => s.online).length;
  const health = site ? site.overall : worst(servers.map(serverHealth));
  const stale = servers.reduce((sum, s) => sum + s.stale, 0);
  const name = showTenant ? `${tenantId} / ${siteId}` : siteId;
  const itemKey = `site:${key}`;
  const expanded = !ctx.ui.collapsedSites.has(itemKey);
  return {
    key: itemKey,
    sig: [name, health, online, servers.length, stale].join('|'),
    expandable: true,
    expanded,
    selected: ctx.ui.selected === itemKey,
    className: `site h-${health}`,
    render: () => line(
      healthMark(health),
      el('span', { class: 'id', text: name }),
      el('span', { class: 'kind', text: 'site' }),
      el('span', { class: 'rollup', text: `${online}/${servers.length} servers online` }),
      stale ? badge('stale', `◷ ${stale} stale`) : null),
    children: expanded ? page(ctx, itemKey, children) : [],
  };
}

function serverItem(ctx, server) {
  const key = `srv:${server.serverId}`;
  const fleet = ctx.model.fleets.get(server.serverId);
  let below = [];
  if (fleet) {
    below = fleet.childrenOf(server.serverId).map((id) => producerItem(ctx, fleet, id)).filter(Boolean);
  } else if (ctx.text !== '' && ctx.text.startsWith(`${server.serverId.toLowerCase()}.`)) {
    ctx.wanted.push(server.serverId);
  }

  const selfMatches = textMatches(ctx, server.serverId) && serverRollupMatches(server, ctx.health);
  if (ctx.filtering && !selfMatches && below.length === 0) {
    const prefixOfText = ctx.text !== '' && ctx.text.startsWith(`${server.serverId.toLowerCase()}.`);
    if (!(prefixOfText && !fleet)) {
      return null;
    }
  }

  const expanded = isOpen(ctx, key, server.serverId, below);
  const health = serverHealth(server);
  const c = server.counts;
  let children = [];
  if (expanded) {
    if (fleet) {
      children = below.length > 0
        ? page(ctx, key, below)
        : [placeholder(key, ctx.filtering ? 'Nothing below matches the filter.' : 'No switches or devices reported.')];
    } else {
      children = [placeholder(key, 'Loading switches and devices…')];
    }
  }

  return {
    key,
    sig: [health, server.online, server.lastHeartbeat, c.online, c.degraded, c.offline, c.unknown, server.stale].join('|'),
    expandable: true,
    expanded,
    selected: ctx.ui.selected === key,
    className: `server h-${health}${server.online ? '' : ' is-offline'}${server.stale ? ' has-stale' : ''}`,
    render: () => line(
      healthMark(health),
      el('span', { class: 'id', text: server.serverId }),
      el('span', { class: 'kind', text: 'server' }),
      server.online ? null : badge('offline', `OFFLINE · last heard ${formatTime(server.lastHeartbeat)}`),
      counts(c),
      server.stale ? badge('stale', `◷ ${server.stale} stale`) : null),
    children,
  };
}

function producerItem(ctx, fleet, id) {
  const p = fleet.get(id);
  const key = `p:${id}`;
  const childIds = fleet.childrenOf(id);
  const below = childIds.map((child) => producerItem(ctx, fleet, child)).filter(Boolean);
  const selfMatches = textMatches(ctx, id) && producerMatchesHealth(p, ctx.health);
  if (ctx.filtering && !selfMatches && below.length === 0) {
    return null;
  }

  const expandable = childIds.length > 0;
  const expanded = expandable && isOpen(ctx, key, id, below);
  const health = p.deleted ? 'deleted' : p.health;
  const command = ctx.model.commands.get(id);
  const commandText = command ? `${command.action}: ${command.status}` : null;
  const childHealth = expandable ? summarize(childIds.map((c) => fleet.get(c))) : null;
  return {
    key,
    sig: [health, p.kind, p.stale, p.silent, p.flapping, childHealth, commandText, COMMANDABLE.has(p.kind)].join('|'),
    expandable,
    expanded,
    selected: ctx.ui.selected === key,
    className: `producer kind-${p.kind} h-${health}${p.stale ? ' is-stale' : ''}`,
    render: () => line(
      healthMark(health),
      idText(id, p.parentId),
      el('span', { class: 'kind', text: p.kind }),
      p.stale ? badge('stale', '◷ stale', 'Not confirmed since its server went silent') : null,
      p.silent ? badge('silent', '… silent', 'Stopped reporting') : null,
      p.flapping ? badge('flapping', '↯ flapping', 'Changing health repeatedly') : null,
      childHealth ? el('span', { class: 'rollup', text: childHealth }) : null,
      commandText ? badge(`cmd cmd-${command.status}`, commandText) : null),
    children: expanded ? page(ctx, key, below) : [],
  };
}

/** The parts of a row, with spaces between them so the row reads as words when it is the accessible name. */
function line(...parts) {
  const shown = parts.filter(Boolean);
  return el('span', { class: 'line' }, ...shown.flatMap((part, i) => (i === 0 ? [part] : [' ', part])));
}

function placeholder(parentKey, text) {
  return { key: `note:${parentKey}`, sig: text, className: 'note', render: () => el('span', { class: 'muted', text }) };
}

/** "srv-01.sw-01." faint, "dev-003" strong. */
function idText(id, parentId) {
  const cut = parentId && id.startsWith(`${parentId}.`) ? parentId.length + 1 : 0;
  return el('span', { class: 'id' },
    cut ? el('span', { class: 'id-parent', text: id.slice(0, cut) }) : null,
    el('span', { class: 'id-own', text: id.slice(cut) }));
}

function counts(c) {
  const parts = [`${c.online} ok`];
  if (c.degraded) {
    parts.push(`${c.degraded} degraded`);
  }

  if (c.offline) {
    parts.push(`${c.offline} offline`);
  }

  if (c.unknown) {
    parts.push(`${c.unknown} unknown`);
  }

  return el('span', { class: 'rollup', text: parts.join(' · ') });
}

/** "24 below: 2 offline, 1 degraded" for a collapsed parent. */
function summarize(children) {
  let offline = 0;
  let degraded = 0;
  let stale = 0;
  for (const child of children) {
    offline += child.health === 'offline' ? 1 : 0;
    degraded += child.health === 'degraded' ? 1 : 0;
    stale += child.stale ? 1 : 0;
  }

  const problems = [offline && `${offline} offline`, degraded && `${degraded} degraded`, stale && `${stale} stale`].filter(Boolean);
  return `${children.length} below${problems.length ? `: ${problems.join(', ')}` : ', all fine'}`;
}

function worst(healths) {
  for (const h of ['offline', 'degraded', 'unknown']) {
    if (healths.includes(h)) {
      return h;
    }
  }

  return healths.length ? 'online' : 'unknown';
}

export function isCommandable(producer) {
  return producer && COMMANDABLE.has(producer.kind) && !producer.deleted;
}
