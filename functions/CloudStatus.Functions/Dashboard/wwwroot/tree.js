// An accessible tree (WAI-ARIA tree pattern: role=tree/treeitem/group, aria-expanded, aria-selected, aria-level,
// one tab stop with arrow-key movement) rendered from plain descriptors by key: a node whose signature did not change
// keeps its element, so polling re-renders only what changed and focus stays where it was.
//
// Descriptor: { key, label, sig, render: () => Node, expandable, expanded, selected, className, children: [...] }

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
    this.sync(this.root, items, 1);
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

  sync(list, items, level) {
    const wanted = new Set(items.map((item) => item.key));
    for (const child of [...list.children]) {
      if (!wanted.has(child.dataset.key)) {
        this.remove(child);
      }
    }

    let previous = null;
    for (const item of items) {
      let node = this.nodes.get(item.key);
      if (!node) {
        node = this.create(item);
      }

      this.update(node, item, level);
      const expected = previous ? previous.nextSibling : list.firstChild;
      if (expected !== node.li) {
        list.insertBefore(node.li, expected);
      }

      previous = node.li;
      if (item.expandable && item.expanded) {
        if (!node.group) {
          node.group = document.createElement('ul');
          node.group.setAttribute('role', 'group');
          node.li.append(node.group);
        }

        this.sync(node.group, item.children || [], level + 1);
      } else if (node.group) {
        for (const child of [...node.group.children]) {
          this.remove(child);
        }

        node.group.remove();
        node.group = null;
      }
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
    const node = { li, row, twisty, content, group: null, sig: null };
    this.nodes.set(item.key, node);
    return node;
  }

  update(node, item, level) {
    const { li } = node;
    li.setAttribute('aria-level', String(level));
    li.setAttribute('aria-label', item.label);
    li.setAttribute('aria-selected', item.selected ? 'true' : 'false');
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

  remove(li) {
    for (const inner of li.querySelectorAll('[role="treeitem"]')) {
      this.nodes.delete(inner.dataset.key);
    }

    this.nodes.delete(li.dataset.key);
    const hadFocus = li.contains(document.activeElement);
    li.remove();
    if (hadFocus) {
      const first = this.root.querySelector('[role="treeitem"]');
      if (first) {
        this.setFocusKey(first.dataset.key);
        first.focus();
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
        } else if (expanded) {
          move(li.querySelector('[role="group"] > [role="treeitem"]'));
        }

        break;
      case 'ArrowLeft':
        if (expanded) {
          this.onToggle(key, false);
        } else {
          move(li.parentElement.closest('[role="treeitem"]'));
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
