// Small DOM helpers. Text always goes in as text (never as HTML), and no element gets a style
// attribute: the Content-Security-Policy allows neither inline script nor inline style.

/** h('button', {class: 'x', on: {click}}, 'text', child, [more]) */
export function h(tag, attrs = {}, ...children) {
  const el = tag.startsWith('svg:')
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
    : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'on') Object.entries(v).forEach(([ev, fn]) => el.addEventListener(ev, fn));
    else if (k === 'text') el.textContent = v;
    else if (k === 'value') el.value = v;
    else if (k === 'checked') el.checked = !!v;
    else if (k === 'style') throw new Error('no inline styles');
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let ids = 0;
export const uid = (p = 'id') => `${p}-${++ids}`;

export function fmtTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return d.toLocaleString(undefined, {
    year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit',
  });
}

export function timeEl(iso) {
  return h('time', { datetime: iso, title: iso }, fmtTime(iso));
}

export function fmtMs(ms) {
  if (ms === null || ms === undefined) return '—';
  return ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

export function fmtRate(r) {
  return r === null || r === undefined ? '—' : `${(r * 100).toFixed(r >= 0.9995 || r === 0 ? 0 : 1)}%`;
}

export function fmtNumber(n, digits = 0) {
  return n === null || n === undefined ? '—' : Number(n).toLocaleString(undefined, { maximumFractionDigits: digits });
}

/** A message in the polite live region, gone after a few seconds. */
export function toast(text, kind = '') {
  const area = document.getElementById('status');
  const el = h('div', { class: `toast ${kind}` }, text);
  area.append(el);
  setTimeout(() => el.remove(), kind === 'error' ? 9000 : 5000);
}

export function notice(kind, ...children) {
  return h('div', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : null }, ...children);
}

export function empty(title, text, ...actions) {
  return h('div', { class: 'empty panel' }, h('strong', {}, title), h('p', {}, text), actions.length ? h('div', {}, actions) : null);
}

export function badge(kind, text) {
  return h('span', { class: `badge ${kind}` }, text);
}

/**
 * A modal dialog (native <dialog>: Escape closes it, focus stays inside). Returns {el, body, close}.
 * onClose runs once whichever way it closes.
 */
export function dialog(title, { onClose, label } = {}) {
  const headingId = uid('dlg');
  const body = h('div', { class: 'dialog-body' }, h('h2', { id: headingId, tabindex: '-1' }, title));
  const el = h('dialog', { 'aria-labelledby': headingId, 'data-dialog': label || null }, body);
  document.body.append(el);
  el.addEventListener('close', () => {
    el.remove();
    if (onClose) onClose();
  });
  el.showModal();
  return { el, body, close: () => el.close() };
}

/** Asks before something that cannot be undone. Resolves true when confirmed. */
export function confirm(title, text, confirmLabel, danger = true) {
  return new Promise((resolve) => {
    let answer = false;
    const d = dialog(title, { onClose: () => resolve(answer), label: 'confirm' });
    const yes = h('button', { type: 'button', class: danger ? 'danger' : '', on: { click: () => { answer = true; d.close(); } } }, confirmLabel);
    d.body.append(
      h('p', {}, text),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'secondary', on: { click: () => d.close() } }, 'Cancel'),
        yes),
    );
    yes.focus();
  });
}

/** A value shown once (a new token or secret) in a read-only field, with a copy button. */
export function shownOnce(value, label) {
  const id = uid('once');
  const input = h('input', { type: 'text', id, readonly: true, value, class: 'mono', 'aria-label': label, 'data-once': '' });
  const status = h('span', { class: 'muted', role: 'status' });
  const copy = h('button', {
    type: 'button',
    class: 'secondary',
    on: {
      click: async () => {
        try {
          await navigator.clipboard.writeText(value);
        } catch {
          input.select();
          document.execCommand('copy');
        }
        status.textContent = 'Copied.';
      },
    },
  }, 'Copy');
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    h('div', { class: 'secret-once' }, input, copy, status),
    h('p', { class: 'help' }, 'Copy it now: it is shown only this once and cannot be read back later.'));
}

/**
 * Shows an API validation error next to its fields: each detail goes under the element with
 * data-field="<field>" in the form; the rest in the form's general error area.
 */
export function showFieldErrors(form, error, generalText) {
  clearFieldErrors(form);
  const general = form.querySelector('[data-general-error]');
  const left = [];
  for (const d of error.details || []) {
    const name = String(d.field).replace(/[[.].*$/, '');
    const field = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
    if (!field) {
      left.push(`${d.field}: ${d.message}`);
      continue;
    }
    const msg = h('p', { class: 'error', id: uid('err'), 'data-error-for': name },
      name === d.field ? d.message : `${d.field} ${d.message}`);
    const control = field.tagName === 'FIELDSET' ? null : field.querySelector('input, select, textarea');
    if (control && control.type !== 'checkbox') control.after(msg);
    else field.append(msg);
    if (field.tagName === 'FIELDSET') field.classList.add('invalid');
    for (const c of field.querySelectorAll('input, select, textarea')) {
      c.setAttribute('aria-invalid', 'true');
      c.setAttribute('aria-describedby', msg.id);
    }
  }
  const first = form.querySelector('[aria-invalid="true"]');
  if (first) first.focus();
  if (general) {
    clear(general, notice('error', generalText, left.length ? h('ul', {}, left.map((t) => h('li', {}, t))) : null));
  }
}

export function clearFieldErrors(form) {
  form.querySelectorAll('.error[data-error-for]').forEach((e) => e.remove());
  form.querySelectorAll('[aria-invalid]').forEach((e) => { e.removeAttribute('aria-invalid'); e.removeAttribute('aria-describedby'); });
  form.querySelectorAll('fieldset.invalid').forEach((e) => e.classList.remove('invalid'));
  const general = form.querySelector('[data-general-error]');
  if (general) general.replaceChildren();
}

/** A labelled form field wrapping a control; `field` names the API field its errors belong to. */
export function field(label, control, { field: name, help } = {}) {
  const id = control.id || uid('f');
  control.id = id;
  const helpEl = help ? h('p', { class: 'help', id: uid('help') }, help) : null;
  if (helpEl) control.setAttribute('aria-describedby', helpEl.id);
  return h('div', { class: 'field', 'data-field': name || null }, h('label', { for: id }, label), control, helpEl);
}

export function checkbox(label, name, checked) {
  const input = h('input', { type: 'checkbox', name, checked });
  return { input, el: h('label', { class: 'check' }, input, label) };
}

/** A button that disables itself while its async action runs. */
export function actionButton(label, action, cls = 'secondary', attrs = {}) {
  const b = h('button', { type: 'button', class: cls, ...attrs }, label);
  b.addEventListener('click', async () => {
    b.disabled = true;
    try {
      await action();
    } finally {
      b.disabled = false;
    }
  });
  return b;
}

/** After a list is drawn again, puts the focus back on the same control (by CSS selector). */
export function refocus(selector) {
  const el = selector && document.querySelector(selector);
  if (el) el.focus();
}

export function table(headers, rows) {
  return h('div', { class: 'table-wrap' },
    h('table', {},
      h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows)));
}

export function cell(label, ...children) {
  return h('td', { 'data-label': label }, ...children);
}
