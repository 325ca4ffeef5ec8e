// The two modal dialogs (native <dialog>: focus moves in, Escape cancels, focus returns to the opener): the
// confirmation asked before a destructive command, and the form that adds a producer with its configuration.

/** Shows the confirmation; resolves true only when the operator presses the confirm button. */
export function confirmCommand(dialog, { title, text, confirm }) {
  dialog.querySelector('[data-part="title"]').textContent = title;
  dialog.querySelector('[data-part="text"]').textContent = text;
  const ok = dialog.querySelector('button[value="ok"]');
  ok.textContent = confirm;
  const opener = document.activeElement;
  dialog.returnValue = '';
  dialog.showModal();
  dialog.querySelector('button[value="cancel"]').focus();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      restoreFocus(opener);
      resolve(dialog.returnValue === 'ok');
    }, { once: true });
  });
}

/**
 * The add form. open(servers, { serverId, parentId }) shows it prefilled; on submit it validates the configuration
 * as a JSON object and hands { serverId, producerId, kind, parentId, config } to onSubmit.
 */
export class AddDialog {
  constructor(dialog, { onSubmit }) {
    this.dialog = dialog;
    this.form = dialog.querySelector('form');
    this.error = dialog.querySelector('[data-part="error"]');
    this.onSubmit = onSubmit;
    this.opener = null;
    this.form.addEventListener('submit', (event) => this.submit(event));
    dialog.querySelector('[data-act="cancel-add"]').addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => restoreFocus(this.opener));
  }

  open(serverIds, { serverId = '', parentId = '' } = {}) {
    this.opener = document.activeElement;
    const select = this.field('serverId');
    select.replaceChildren(...serverIds.map((id) => new Option(id, id)));
    select.value = serverId || serverIds[0] || '';
    this.field('parentId').value = parentId;
    this.field('producerId').value = parentId ? `${parentId}.` : '';
    this.field('kind').value = parentId ? 'device' : 'switch';
    this.field('config').value = '';
    this.showError('');
    this.dialog.showModal();
    this.field('producerId').focus();
  }

  submit(event) {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(this.form).entries());
    let config;
    if (values.config.trim()) {
      try {
        config = JSON.parse(values.config);
      } catch (error) {
        this.showError(`The configuration is not JSON: ${error.message}`, 'config');
        return;
      }

      if (config === null || typeof config !== 'object' || Array.isArray(config)) {
        this.showError('The configuration must be a JSON object, e.g. {"vlan": 12}.', 'config');
        return;
      }
    }

    this.dialog.close();
    this.onSubmit({
      action: 'add',
      serverId: values.serverId,
      producerId: values.producerId.trim(),
      kind: values.kind.trim(),
      parentId: values.parentId.trim() || undefined,
      config,
    });
  }

  field(name) {
    return this.form.elements.namedItem(name);
  }

  showError(text, field) {
    this.error.textContent = text;
    this.error.hidden = !text;
    const input = field ? this.field(field) : null;
    this.form.querySelectorAll('[aria-invalid]').forEach((node) => node.removeAttribute('aria-invalid'));
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    }
  }
}

/** Back to the opener, or to its stand-in when a re-render replaced it meanwhile (same data-focus-id). */
function restoreFocus(opener) {
  if (!opener || typeof opener.focus !== 'function') {
    return;
  }

  const target = opener.isConnected ? opener
    : opener.dataset?.focusId ? document.querySelector(`[data-focus-id="${opener.dataset.focusId}"]`) : null;
  target?.focus();
}
