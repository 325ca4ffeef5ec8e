// An accessible tree (WAI-ARIA tree pattern, flat form: every role=treeitem a child of the role=tree list with
// aria-level, aria-posinset and aria-setsize, aria-expanded, aria-selected; one tab stop with arrow-key movement)
// rendered from plain descriptors by key: a node whose signature did not change keeps its element, so polling
// re-renders only what changed and focus stays where it was. Flat, so each item's name is its own row only.
//
// Descriptor: { key, sig, render: () => Node, expandable, expanded, selected, className, children: [...] }

export class TreeView {
  constructor(root, { onToggle, onSelect }) {
    this.root = root;
    this.onToggle = onToggle;
    this.onSelect = onSelect;
    this.nodes = new Map();
    this.focusKey = null;
    root.addEventListener('click', (event) => this.handleClick(event));
    root.addEventListener('dblclick', (event) => this.handleDoubleClick(event));
    root.addEventListener('keydown', (event) => this.handleKey(event));
    root.addEventListener('focusin', (event) => {
      const item = event.target.closest('[role="treeitem"]');
      if (item && this.root.contains(item)) {
        this.setFocusKey(item.dataset.key);
      }
    });
  }

  render(items) {
    const flat = [];
    flatten(items, 1, null, flat);
    const wanted = new Set(flat.map((row) => row.item.key));
    for (const [key, node] of [...this.nodes]) {
      if (!wanted.has(key)) {
        this.remove(key, node);
      }
    }

    let previous = null;
    for (const row of flat) {
      const node = this.nodes.get(row.item.key) || this.create(row.item);
      this.update(node, row);
      const expected = previous ? previous.nextSibling : this.root.firstChild;
      if (expected !== node.li) {
        this.root.insertBefore(node.li, expected);
      }

      previous = node.li;
    }

    if (!this.focusKey || !this.nodes.has(this.focusKey)) {
      const first = this.root.querySelector('[role="treeitem"]');
      this.setFocusKey(first ? first.dataset.key : null);
    } else {
      this.setFocusKey(this.focusKey);
    }
  }

  /** Moves keyboard focus to a node, if it is shown. */
  focus(key) {
    const node = this.nodes.get(key);
    if (node) {
      this.setFocusKey(key);
      node.li.focus();
    }
  }

  create(item) {
    const li = document.createElement('li');
    li.setAttribute('role', 'treeitem');
    li.tabIndex = -1;
    li.dataset.key = item.key;
    const row = document.createElement('div');
    row.className = 'row';
    const twisty = document.createElement('span');
    twisty.className = 'twisty';
    twisty.setAttribute('aria-hidden', 'true');
    const content = document.createElement('span');
    content.className = 'content';
    row.append(twisty, content);
    li.append(row);
    const node = { li, row, twisty, content, sig: null };
    this.nodes.set(item.key, node);
    return node;
  }

  update(node, { item, level, position, size, parent }) {
    const { li } = node;
    li.setAttribute('aria-level', String(level));
    li.setAttribute('aria-posinset', String(position));
    li.setAttribute('aria-setsize', String(size));
    li.setAttribute('aria-selected', item.selected ? 'true' : 'false');
    li.dataset.parent = parent || '';
    li.style.setProperty('--level', String(level - 1));
    if (item.expandable) {
      li.setAttribute('aria-expanded', item.expanded ? 'true' : 'false');
      node.twisty.textContent = item.expanded ? '▾' : '▸';
    } else {
      li.removeAttribute('aria-expanded');
      node.twisty.textContent = '';
    }

    li.className = `node ${item.className || ''}`;
    if (node.sig !== item.sig) {
      node.sig = item.sig;
      node.content.replaceChildren(item.render());
    }
  }

  remove(key, node) {
    this.nodes.delete(key);
    const hadFocus = node.li.contains(document.activeElement);
    const parent = node.li.dataset.parent;
    node.li.remove();
    if (hadFocus) {
      // Focus goes to the nearest shown ancestor, else the first item, never to the page body.
      const target = (parent && this.nodes.get(parent)) || null;
      const fallback = target ? target.li : this.root.querySelector('[role="treeitem"]');
      if (fallback) {
        this.setFocusKey(fallback.dataset.key);
        fallback.focus();
      }
    }
  }

  setFocusKey(key) {
    if (this.focusKey && this.focusKey !== key) {
      const old = this.nodes.get(this.focusKey);
      if (old) {
        old.li.tabIndex = -1;
      }
    }

    this.focusKey = key;
    const node = key ? this.nodes.get(key) : null;
    if (node) {
      node.li.tabIndex = 0;
    }
  }

  visibleItems() {
    return [...this.root.querySelectorAll('[role="treeitem"]')];
  }

  itemOf(event) {
    const li = event.target.closest('[role="treeitem"]');
    return li && this.root.contains(li) ? li : null;
  }

  handleClick(event) {
    const li = this.itemOf(event);
    if (!li) {
      return;
    }

    event.stopPropagation();
    const key = li.dataset.key;
    this.focus(key);
    if (event.target.closest('.twisty') && li.hasAttribute('aria-expanded')) {
      this.onToggle(key, li.getAttribute('aria-expanded') !== 'true');
      return;
    }

    this.onSelect(key);
  }

  handleDoubleClick(event) {
    const li = this.itemOf(event);
    if (li && !event.target.closest('.twisty') && li.hasAttribute('aria-expanded')) {
      this.onToggle(li.dataset.key, li.getAttribute('aria-expanded') !== 'true');
    }
  }

  handleKey(event) {
    const li = this.itemOf(event);
    if (!li || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }

    const key = li.dataset.key;
    const items = this.visibleItems();
    const index = items.indexOf(li);
    const expandable = li.hasAttribute('aria-expanded');
    const expanded = li.getAttribute('aria-expanded') === 'true';
    const move = (target) => target && this.focus(target.dataset.key);
    switch (event.key) {
      case 'ArrowDown':
        move(items[index + 1]);
        break;
      case 'ArrowUp':
        move(items[index - 1]);
        break;
      case 'Home':
        move(items[0]);
        break;
      case 'End':
        move(items[items.length - 1]);
        break;
      case 'ArrowRight':
        if (expandable && !expanded) {
          this.onToggle(key, true);
        } else if (expanded && items[index + 1]?.dataset.parent === key) {
          move(items[index + 1]);
        }

        break;
      case 'ArrowLeft':
        if (expanded) {
          this.onToggle(key, false);
        } else if (li.dataset.parent) {
          this.focus(li.dataset.parent);
        }

        break;
      case 'Enter':
      case ' ':
        this.onSelect(key);
        break;
      default:
        return;
    }

    event.preventDefault();
    event.stopPropagation();
  }
}

/** Depth-first list of the shown items with their level, position among their siblings and parent key. */
function flatten(items, level, parent, out) {
  items.forEach((item, index) => {
    out.push({ item, level, position: index + 1, size: items.length, parent });
    if (item.expandable && item.expanded && item.children) {
      flatten(item.children, level + 1, item.key, out);
    }
  });
}
