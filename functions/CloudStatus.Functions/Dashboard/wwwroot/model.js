// What the dashboard knows: servers and sites from the API, and for each opened server its producers arranged as a
// tree by parentId (the API pages a server's producers flat; the hierarchy is built here).

const KIND_ORDER = { switch: 0, localService: 1, device: 2, port: 3, trunk: 4, fan: 5 };
const PRODUCER_PAGE = 1000;
const MAX_PAGES = 100;
const IDS = new Intl.Collator('en', { numeric: true });

/** Id order as people count: sw-2 before sw-10. */
export const compareIds = (a, b) => IDS.compare(a, b);

/** One server's producers: by id, and the children of each parent (the server's own id is the root). */
export class Fleet {
  constructor(serverId, producers, signature) {
    this.serverId = serverId;
    this.signature = signature;
    this.loadedAt = Date.now();
    this.byId = new Map(producers.map((p) => [p.producerId, p]));
    this.children = new Map();
    for (const p of producers) {
      if (p.producerId === serverId) {
        continue;
      }

      // Parent unknown here (not reported yet, or deleted): hang it under the server rather than lose it.
      const parent = p.parentId && p.parentId !== p.producerId && this.byId.has(p.parentId) ? p.parentId : serverId;
      if (!this.children.has(parent)) {
        this.children.set(parent, []);
      }

      this.children.get(parent).push(p.producerId);
    }

    for (const ids of this.children.values()) {
      ids.sort((a, b) => compareProducers(this.byId.get(a), this.byId.get(b)));
    }
  }

  childrenOf(id) {
    return this.children.get(id) || [];
  }

  get(id) {
    return this.byId.get(id);
  }

  /** The server itself as a producer (its own health), if it reported one. */
  get self() {
    return this.byId.get(this.serverId);
  }
}

function compareProducers(a, b) {
  const ka = KIND_ORDER[a.kind] ?? 9;
  const kb = KIND_ORDER[b.kind] ?? 9;
  return ka !== kb ? ka - kb : compareIds(a.producerId, b.producerId);
}

/** What changes on a server when its producers change: new records raise the watermark, the sweep moves stale. */
export function serverSignature(server) {
  const c = server.counts;
  return [server.watermark, server.epoch, server.online, server.stale, c.online, c.degraded, c.offline, c.unknown].join('|');
}

/** Every producer of a server, all pages. */
export async function loadProducers(api, serverId, signal) {
  const all = [];
  let continuation = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query = `?limit=${PRODUCER_PAGE}${continuation ? `&continuation=${encodeURIComponent(continuation)}` : ''}`;
    const result = await api(`/servers/${encodeURIComponent(serverId)}/producers${query}`, { signal });
    all.push(...result.items);
    continuation = result.continuation;
    if (!continuation) {
      break;
    }
  }

  return all;
}

/** A server's roll-up health for the hierarchy: offline when central lost it, else the worst health below it. */
export function serverHealth(server) {
  if (!server.online) {
    return 'offline';
  }

  const c = server.counts;
  if (c.offline > 0 || c.degraded > 0) {
    return 'degraded';
  }

  return c.online > 0 || c.unknown === 0 ? 'online' : 'unknown';
}

export function siteKey(tenantId, siteId) {
  return `${tenantId}/${siteId}`;
}

/** Does a server (not opened yet) carry anything the health filter asks for? Judged from its counts. */
export function serverRollupMatches(server, filterHealth) {
  const c = server.counts;
  switch (filterHealth) {
    case '':
      return true;
    case 'problems':
      return !server.online || c.degraded + c.offline + c.unknown > 0 || server.stale > 0;
    case 'offline':
      return !server.online || c.offline > 0;
    case 'degraded':
      return c.degraded > 0;
    case 'unknown':
      return c.unknown > 0;
    case 'stale':
      return server.stale > 0;
    default:
      return true;
  }
}

export function producerMatchesHealth(p, filterHealth) {
  switch (filterHealth) {
    case '':
      return true;
    case 'problems':
      return p.health !== 'online' || p.stale || p.deleted || p.silent || p.flapping;
    case 'stale':
      return p.stale;
    default:
      return p.health === filterHealth;
  }
}
