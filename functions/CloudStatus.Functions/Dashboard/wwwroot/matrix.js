// The switch-to-switch connectivity matrix of a site (its switches on every server, a line between servers' blocks)
// or of one server, as a picture: a canvas grid (rows: from, columns: to) with reachable, unreachable (crossed) and
// unknown (dotted) cells, so it stays readable without colour and stays fast at a thousand switches (a million
// cells). The canvas has a text summary; unreachable pairs are also listed as text.

import { compareIds } from './model.js';
import { el } from './view.js';

const COLORS = { reach: '#1a7f37', unreach: '#cf222e', unknown: '#d0d7de', self: '#57606a', mark: '#ffffff', dot: '#57606a', label: '#1f2328', grid: '#ffffff', boundary: '#1f2328' };
const RGB = Object.fromEntries(Object.entries(COLORS).map(([k, v]) => [k, [1, 3, 5].map((i) => parseInt(v.slice(i, i + 2), 16))]));
const MAX_PAIRS_LISTED = 200;
const LABEL_LIMIT = 40;

export class MatrixView {
  constructor({ canvas, select, stats, hover, pairList }) {
    this.canvas = canvas;
    this.select = select;
    this.stats = stats;
    this.hover = hover;
    this.pairList = pairList;
    this.data = new Map();
    this.drawnKey = null;
    this.layout = null;
    select.addEventListener('change', () => this.draw());
    canvas.addEventListener('mousemove', (event) => this.showCell(event));
    canvas.addEventListener('mouseleave', () => { this.hover.textContent = 'Point at a cell to see the pair: row switch → column switch.'; });
  }

  /**
   * New connectivity views (GET /api/v1/connectivity): each site's matrix across its servers first, then each
   * server's own; refresh the picker, redraw if the picture changed.
   */
  update(views) {
    this.data.clear();
    this.siteOfServer = new Map();
    const sites = [];
    const servers = [];
    for (const view of views) {
      for (const site of view.sites || []) {
        const key = `site:${view.tenantId}/${site.siteId}`;
        const title = `${site.siteId} (${site.servers.join(', ')})`;
        sites.push({ key, title, site: site.siteId, switchServers: site.switchServers, ...pick(site), builtAt: view.builtAt });
        site.servers.forEach((id) => this.siteOfServer.set(id, key));
      }

      for (const server of view.servers) {
        servers.push({ key: `srv:${server.serverId}`, title: server.serverId, server: server.serverId, ...pick(server), builtAt: view.builtAt });
      }
    }

    const byTitle = (a, b) => compareIds(a.title, b.title);
    sites.sort(byTitle);
    servers.sort(byTitle);
    [...sites, ...servers].forEach((m) => this.data.set(m.key, m));
    const current = this.select.value;
    const signature = [...this.data.keys()].join('\n');
    if (signature !== this.signature) {
      this.signature = signature;
      const group = (label, items) => items.length === 0 ? null
        : el('optgroup', { attrs: { label } }, ...items.map((m) => el('option', { text: m.title, attrs: { value: m.key } })));
      this.select.replaceChildren(...[group('Sites', sites), group('Servers', servers)].filter(Boolean));
      this.select.value = this.data.has(current) ? current : ([...this.data.keys()][0] || '');
    }

    this.draw();
  }

  /** Shows the matrix of the site a server belongs to (e.g. the server selected in the hierarchy), else the server's own. */
  show(serverId) {
    const current = this.data.get(this.select.value);
    if (current && (current.server === serverId || (current.site && this.siteOfServer.get(serverId) === current.key))) {
      return;
    }

    const key = this.siteOfServer?.get(serverId) ?? `srv:${serverId}`;
    if (this.data.has(key)) {
      this.select.value = key;
      this.draw();
    }
  }

  draw() {
    const server = this.data.get(this.select.value);
    if (!server) {
      delete this.canvas.dataset.scope;
      this.canvas.width = 0;
      this.canvas.height = 0;
      this.canvas.setAttribute('aria-label', 'No connectivity data yet');
      this.stats.textContent = '';
      this.pairList.replaceChildren();
      this.drawnKey = null;
      return;
    }

    const key = `${server.key}|${server.builtAt}|${server.rows.join('')}`;
    const width = Math.max(160, Math.min(this.canvas.parentElement.clientWidth || 480, 640));
    if (key === this.drawnKey && this.layout && this.layout.width === width) {
      return;
    }

    this.drawnKey = key;
    const n = server.switches.length;
    const short = server.switches.map((s) => shortName(s, server.server));
    const labels = n > 0 && n <= LABEL_LIMIT;
    const margin = labels ? Math.min(90, 12 + 7 * Math.max(...short.map((s) => s.length))) : 0;
    const cell = n === 0 ? 0 : Math.max(1, Math.min(28, Math.floor((width - margin) / n)));
    const size = margin + (cell * n);
    this.layout = { margin, cell, n, width, server, short };
    if (!labels && cell < 4) {
      // Hundreds of switches: one pixel block per cell written straight into the bitmap (no per-cell calls, no marks).
      this.drawPixels(server, n, cell, size);
    } else {
      this.drawCells(server, n, cell, margin, size);
    }

    if (server.switchServers && cell >= 2) {
      this.drawServerBoundaries(server, n, cell, margin, size);
    }

    const g = this.canvas.getContext('2d');
    if (labels) {
      g.fillStyle = COLORS.label;
      g.font = `${Math.min(12, Math.max(9, cell - 2))}px system-ui, sans-serif`;
      g.textBaseline = 'middle';
      g.textAlign = 'right';
      short.forEach((name, i) => g.fillText(name, margin - 4, margin + (i * cell) + (cell / 2)));
      g.save();
      g.textAlign = 'left';
      short.forEach((name, i) => {
        g.save();
        g.translate(margin + (i * cell) + (cell / 2), margin - 4);
        g.rotate(-Math.PI / 2);
        g.fillText(name, 0, 0);
        g.restore();
      });
      g.restore();
    }

    const summary = `${server.title}: ${n} switches, ${server.reachablePairs} reachable pairs, ${server.unreachablePairs} unreachable pairs`;
    this.canvas.setAttribute('aria-label', `Connectivity matrix of ${server.site ? 'site ' : ''}${summary}`);
    this.canvas.dataset.scope = server.key;
    this.canvas.dataset.switches = String(n);
    this.stats.textContent = `${n} switches · ${server.reachablePairs} reachable · ${server.unreachablePairs} unreachable pairs`;
    this.listPairs(server);
  }

  drawCells(server, n, cell, margin, size) {
    const scale = window.devicePixelRatio || 1;
    this.canvas.width = Math.ceil(size * scale);
    this.canvas.height = Math.ceil(size * scale);
    this.canvas.style.width = `${size}px`;
    this.canvas.style.height = `${size}px`;
    const g = this.canvas.getContext('2d');
    g.setTransform(scale, 0, 0, scale, 0, 0);
    g.clearRect(0, 0, size, size);
    const gap = cell >= 6 ? 1 : 0;
    for (let r = 0; r < n; r++) {
      const row = server.rows[r] || '';
      for (let c = 0; c < n; c++) {
        const x = margin + (c * cell);
        const y = margin + (r * cell);
        const kind = cellKind(row[c]);
        g.fillStyle = COLORS[kind];
        g.fillRect(x, y, cell - gap, cell - gap);
        if (cell >= 6) {
          mark(g, kind, x, y, cell - gap);
        }
      }
    }
  }

  /** A line between the blocks of switches of different servers, so cross-server pairs read as such. */
  drawServerBoundaries(server, n, cell, margin, size) {
    const g = this.canvas.getContext('2d');
    g.strokeStyle = COLORS.boundary;
    g.lineWidth = 2;
    g.beginPath();
    for (let i = 1; i < n; i++) {
      if (server.switchServers[i] !== server.switchServers[i - 1]) {
        const at = margin + (i * cell) - 0.5;
        g.moveTo(at, margin);
        g.lineTo(at, size);
        g.moveTo(margin, at);
        g.lineTo(size, at);
      }
    }

    g.stroke();
  }

  drawPixels(server, n, cell, size) {
    this.canvas.width = size;
    this.canvas.height = size;
    this.canvas.style.width = `${size}px`;
    this.canvas.style.height = `${size}px`;
    const g = this.canvas.getContext('2d');
    g.setTransform(1, 0, 0, 1, 0, 0);
    const image = g.createImageData(size, size);
    const data = image.data;
    for (let r = 0; r < n; r++) {
      const row = server.rows[r] || '';
      for (let c = 0; c < n; c++) {
        const rgb = RGB[cellKind(row[c])];
        for (let dy = 0; dy < cell; dy++) {
          let offset = ((((r * cell) + dy) * size) + (c * cell)) * 4;
          for (let dx = 0; dx < cell; dx++, offset += 4) {
            data[offset] = rgb[0];
            data[offset + 1] = rgb[1];
            data[offset + 2] = rgb[2];
            data[offset + 3] = 255;
          }
        }
      }
    }

    g.putImageData(image, 0, 0);
  }

  listPairs(server) {
    const items = [];
    let total = 0;
    server.rows.forEach((row, r) => {
      for (let c = 0; c < row.length; c++) {
        if (row[c] === '0') {
          total++;
          if (items.length < MAX_PAIRS_LISTED) {
            items.push(el('li', { text: `${server.switches[r]} → ${server.switches[c]}` }));
          }
        }
      }
    });
    if (total === 0) {
      items.push(el('li', { text: 'None: every reported pair is reachable.' }));
    } else if (total > items.length) {
      items.push(el('li', { text: `… and ${total - items.length} more.` }));
    }

    this.pairList.replaceChildren(...items);
  }

  showCell(event) {
    const layout = this.layout;
    if (!layout || layout.cell === 0) {
      return;
    }

    const box = this.canvas.getBoundingClientRect();
    const c = Math.floor((event.clientX - box.left - layout.margin) / layout.cell);
    const r = Math.floor((event.clientY - box.top - layout.margin) / layout.cell);
    if (r < 0 || c < 0 || r >= layout.n || c >= layout.n) {
      return;
    }

    const value = (layout.server.rows[r] || '')[c];
    const word = { reach: 'reachable', unreach: 'unreachable', self: 'same switch', unknown: 'unknown' }[cellKind(value)];
    this.hover.textContent = `${layout.server.switches[r]} → ${layout.server.switches[c]}: ${word}`;
  }
}

function cellKind(value) {
  return value === '1' ? 'reach' : value === '0' ? 'unreach' : value === '-' ? 'self' : 'unknown';
}

/** "srv-01.sw-03" → "sw-03" inside srv-01's matrix; a site's matrix keeps the server in the name. */
function shortName(switchId, serverId) {
  return serverId && switchId.startsWith(`${serverId}.`) ? switchId.slice(serverId.length + 1) : switchId;
}

function pick(m) {
  return { switches: m.switches, rows: m.rows, reachablePairs: m.reachablePairs, unreachablePairs: m.unreachablePairs };
}

function mark(g, kind, x, y, size) {
  if (kind === 'unreach') {
    g.strokeStyle = COLORS.mark;
    g.lineWidth = Math.max(1, size / 10);
    const pad = size * 0.25;
    g.beginPath();
    g.moveTo(x + pad, y + pad);
    g.lineTo(x + size - pad, y + size - pad);
    g.moveTo(x + size - pad, y + pad);
    g.lineTo(x + pad, y + size - pad);
    g.stroke();
  } else if (kind === 'unknown') {
    g.fillStyle = COLORS.dot;
    g.beginPath();
    g.arc(x + (size / 2), y + (size / 2), Math.max(1, size / 8), 0, 2 * Math.PI);
    g.fill();
  }
}
