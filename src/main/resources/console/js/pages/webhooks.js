// Webhooks: list (status, why disabled, recent success rate), create, edit, switch on/off, delete,
// send a test, rotate the secret, recover failed deliveries.
import * as api from '../api.js';
import {
  h, clear, notice, empty, badge, dialog, confirm, toast, field, checkbox, actionButton,
  showFieldErrors, clearFieldErrors, shownOnce, table, cell, fmtRate, fmtNumber, timeEl, fmtMs, refocus,
} from '../ui.js';
import { tenantScope } from '../scope.js';

const PAGE_SIZE = 25;
let catalogCache = null;

async function catalog() {
  if (!catalogCache) catalogCache = (await api.get('webhookevents')).data;
  return catalogCache;
}

export default {
  title: 'Webhooks',
  async render(container, ctx) {
    container.append(h('h1', { tabindex: '-1' }, 'Webhooks'));
    const scope = await tenantScope(container, ctx, 'webhooks', 'see and manage its webhooks');
    if (!scope) return;
    const page = Math.max(1, Number(ctx.params.get('page')) || 1);
    const list = h('div', { 'data-list': 'webhooks' });
    container.append(
      h('div', { class: 'toolbar' },
        h('p', { class: 'grow muted' }, 'A webhook is an address that hookrelay sends events to, signed and retried until it answers.'),
        h('button', { type: 'button', class: 'secondary', on: { click: () => reload().then(() => toast('Webhooks refreshed.')) } }, 'Refresh'),
        h('button', { type: 'button', 'data-action': 'new-webhook', on: { click: () => editDialog(scope, null, reload) } }, 'New webhook')),
      list);

    async function reload() {
      await renderList(list, scope, ctx, page, reload);
    }
    await reload();
  },
};

async function renderList(list, scope, ctx, page, reload) {
  let res;
  try {
    res = await api.get('webhooks', { ...scope.query, 'page[size]': PAGE_SIZE, 'page[current]': page });
  } catch (e) {
    clear(list, notice('error', api.friendly(e, 'Loading the webhooks')));
    return;
  }
  const counts = new Map();
  try {
    const stats = await api.get('stats/webhooks', scope.query);
    stats.data.forEach((c) => counts.set(c.webhookCuid, c));
  } catch (e) {
    if (e.status === 401) return;
  }
  if (!res.data.length) {
    clear(list, page > 1
      ? empty('No more webhooks', 'This page is empty.', h('a', { href: `#/webhooks?${new URLSearchParams({ tenant: ctx.params.get('tenant') || '' })}` }, 'Back to the first page'))
      : empty('No webhooks yet', 'Create a webhook to have events sent to your address.',
        h('button', { type: 'button', on: { click: () => editDialog(scope, null, reload) } }, 'Create your first webhook')));
    return;
  }
  const rows = res.data.map((w) => row(w, counts.get(w.cuid), scope, ctx, reload));
  const { totalPages, totalResults } = res.meta.page;
  const pager = h('div', { class: 'pager' },
    h('span', { class: 'muted' }, `${fmtNumber(totalResults)} webhook${totalResults === 1 ? '' : 's'} · page ${page} of ${Math.max(1, totalPages)}`),
    page > 1 ? h('button', { type: 'button', class: 'secondary', on: { click: () => ctx.go('webhooks', { tenant: ctx.params.get('tenant'), page: page - 1 }) } }, 'Previous') : null,
    page < totalPages ? h('button', { type: 'button', class: 'secondary', on: { click: () => ctx.go('webhooks', { tenant: ctx.params.get('tenant'), page: page + 1 }) } }, 'Next') : null);
  clear(list, table(['Name', 'Address', 'Events', 'Status', 'Last 24 h', 'Actions'], rows), pager);
}

function row(w, count, scope, ctx, reload) {
  const status = w.enabled
    ? badge('ok', 'Enabled')
    : badge(w.disabledReason ? 'bad' : 'off', 'Disabled');
  const rate = !count || !count.attempts
    ? h('span', { class: 'muted' }, 'No attempts')
    : h('span', {}, `${fmtRate(count.successRate)} succeeded`, h('br'), h('span', { class: 'muted' }, `${fmtNumber(count.attempts)} attempts, ${fmtNumber(count.failed)} failed`));
  const tenantParam = ctx.session.admin ? { tenant: scope.tenantCuid } : {};
  const actions = h('div', { class: 'actions' },
    h('button', { type: 'button', class: 'link', 'data-action': 'edit', on: { click: () => editDialog(scope, w, reload) } }, 'Edit'),
    actionButton(w.enabled ? 'Disable' : 'Enable', () => setEnabled(scope, w, !w.enabled, reload), 'link', { 'data-action': 'toggle' }),
    h('button', { type: 'button', class: 'link', 'data-action': 'test', on: { click: () => testDialog(scope, w) } }, 'Send test'),
    h('button', { type: 'button', class: 'link', 'data-action': 'rotate', on: { click: () => rotateDialog(scope, w, reload) } }, 'Rotate secret'),
    h('button', { type: 'button', class: 'link', 'data-action': 'recover', on: { click: () => recoverDialog(scope, w) } }, 'Recover failed since…'),
    h('a', { class: 'link', href: `#/log?${new URLSearchParams({ ...tenantParam, webhook: w.cuid })}` }, 'Delivery log'),
    h('button', { type: 'button', class: 'link', 'data-action': 'delete', on: { click: () => remove(scope, w, reload) } }, 'Delete'));
  return h('tr', { 'data-webhook': w.cuid },
    cell('Name', h('strong', {}, w.name), h('br'), h('span', { class: 'muted mono' }, w.cuid)),
    cell('Address', h('span', { class: 'mono' }, w.url), w.hasSecret ? null : h('div', { class: 'muted' }, 'not signed (no secret)')),
    cell('Events', w.events.join(', ')),
    cell('Status', status, w.disabledReason ? h('div', { class: 'muted', 'data-reason': '' }, w.disabledReason) : null),
    cell('Last 24 h', rate),
    cell('Actions', actions));
}

async function setEnabled(scope, w, enabled, reload) {
  try {
    await api.patch(`webhooks/${w.cuid}`, { enabled }, scope.query);
    toast(`${w.name} is now ${enabled ? 'enabled' : 'disabled'}.`);
    await reload();
    refocus(`tr[data-webhook="${w.cuid}"] [data-action=toggle]`);
  } catch (e) {
    toast(api.friendly(e, 'Changing the webhook'), 'error');
  }
}

async function remove(scope, w, reload) {
  const ok = await confirm(`Delete ${w.name}?`,
    'The webhook is removed and its waiting deliveries are cancelled. Its delivery log stays. This cannot be undone.',
    'Delete webhook');
  if (!ok) return;
  try {
    await api.del(`webhooks/${w.cuid}`, scope.query);
    toast(`${w.name} was deleted.`);
    await reload();
  } catch (e) {
    toast(api.friendly(e, 'Deleting the webhook'), 'error');
  }
}

/** Create (w null) or edit a webhook; the API's validation messages go next to their fields. */
async function editDialog(scope, w, reload) {
  let events;
  try {
    events = await catalog();
  } catch (e) {
    toast(api.friendly(e, 'Loading the event list'), 'error');
    return;
  }
  const d = dialog(w ? `Edit ${w.name}` : 'New webhook', { label: 'webhook-form' });
  const name = h('input', { type: 'text', name: 'name', value: w ? w.name : '', autocomplete: 'off' });
  const url = h('input', { type: 'text', name: 'url', inputmode: 'url', value: w ? w.url : '', placeholder: 'https://example.com/hooks', autocomplete: 'off' });
  const secret = h('input', { type: 'password', name: 'secret', autocomplete: 'new-password' });
  const clients = h('input', { type: 'text', name: 'clientCuids', value: w ? w.clientCuids.join(', ') : '', autocomplete: 'off' });
  const boxes = events.map((ev) => checkbox(ev.event, 'events', w ? w.events.includes(ev.event) : false));
  boxes.forEach((b, i) => {
    b.input.value = events[i].event;
    b.el.setAttribute('title', events[i].description || '');
  });
  const ssl = checkbox('Check the receiver\'s TLS certificate', 'sslVerification', w ? w.sslVerification : true);
  const enabled = checkbox('Enabled (send events to it)', 'enabled', w ? w.enabled : true);
  const removeSecret = w && w.hasSecret ? checkbox('Remove the secret (stop signing)', 'removeSecret', false) : null;
  const submit = h('button', { type: 'submit' }, w ? 'Save changes' : 'Create webhook');
  const form = h('form', { class: 'stack', novalidate: true, 'data-form': 'webhook' },
    h('div', { 'data-general-error': '' }),
    field('Name', name, { field: 'name' }),
    field('Address (URL)', url, { field: 'url', help: 'Where hookrelay sends each event, as an HTTP POST.' }),
    h('fieldset', { 'data-field': 'events' }, h('legend', {}, 'Events to send'), h('div', { class: 'checks' }, boxes.map((b) => b.el))),
    field(w ? 'New secret' : 'Secret (optional)', secret, {
      field: 'secret',
      help: w && w.hasSecret
        ? 'Leave empty to keep the current secret (it is never shown).'
        : 'Used to sign every delivery so the receiver can check it came from hookrelay.',
    }),
    removeSecret ? removeSecret.el : null,
    field('Client ids (optional)', clients, { field: 'clientCuids', help: 'Only events of these clients, separated by commas. Empty: all clients.' }),
    h('div', { 'data-field': 'sslVerification' }, ssl.el),
    h('div', { 'data-field': 'enabled' }, enabled.el),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', on: { click: () => d.close() } }, 'Cancel'),
      submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form);
    const body = {
      name: name.value,
      url: url.value.trim(),
      events: boxes.filter((b) => b.input.checked).map((b) => b.input.value),
      clientCuids: clients.value.split(',').map((s) => s.trim()).filter(Boolean),
      sslVerification: ssl.input.checked,
      enabled: enabled.input.checked,
    };
    if (secret.value) body.secret = secret.value;
    else if (removeSecret && removeSecret.input.checked) body.secret = null;
    submit.disabled = true;
    try {
      const saved = w
        ? await api.patch(`webhooks/${w.cuid}`, body, scope.query)
        : await api.post('webhooks', body, scope.query);
      d.close();
      toast(w ? `${saved.name} was saved.` : `${saved.name} was created.`);
      await reload();
    } catch (e) {
      if (e.code === 'validation_failed') showFieldErrors(form, e, 'Please correct the highlighted fields.');
      else clear(form.querySelector('[data-general-error]'), notice('error', api.friendly(e, w ? 'Saving the webhook' : 'Creating the webhook')));
    } finally {
      submit.disabled = false;
    }
  });
  d.body.append(form);
  name.focus();
}

/** Sends one TestWebhook event to the webhook's address now and shows what came back. */
function testDialog(scope, w) {
  const d = dialog(`Send a test to ${w.name}`, { label: 'test' });
  const url = h('input', { type: 'text', name: 'url', value: w.url, inputmode: 'url' });
  const secret = h('input', { type: 'password', name: 'secret', autocomplete: 'off' });
  const ssl = checkbox('Check the receiver\'s TLS certificate', 'sslVerification', w.sslVerification);
  const result = h('div', { 'data-test-result': '', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit' }, 'Send test');
  const form = h('form', { class: 'stack', novalidate: true, 'data-form': 'test' },
    h('div', { 'data-general-error': '' }),
    field('Address (URL)', url, { field: 'url' }),
    field('Secret to sign with (optional)', secret, {
      field: 'secret',
      help: w.hasSecret ? 'The saved secret is never shown: type it here to sign the test the same way, or leave empty.' : null,
    }),
    h('div', { 'data-field': 'sslVerification' }, ssl.el),
    result,
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', on: { click: () => d.close() } }, 'Close'), submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form);
    result.replaceChildren(h('p', { class: 'muted' }, 'Sending…'));
    submit.disabled = true;
    try {
      const r = await api.post('webhooks/test',
        { url: url.value.trim(), secret: secret.value || null, sslVerification: ssl.input.checked }, scope.query);
      clear(result, r.success
        ? notice('ok', `It worked: the receiver answered ${r.statusCode} in ${fmtMs(r.durationMs)}.`)
        : notice('error', `The test failed${r.statusCode ? ` (the receiver answered ${r.statusCode})` : ''}: ${r.error || 'no answer'}.`));
    } catch (e) {
      result.replaceChildren();
      if (e.code === 'validation_failed') showFieldErrors(form, e, 'Please correct the highlighted fields.');
      else clear(result, notice('error', api.friendly(e, 'Sending a test')));
    } finally {
      submit.disabled = false;
    }
  });
  d.body.append(form);
  submit.focus();
}

/** A new secret (typed, or made by the server and shown once); the old one stays valid a while. */
function rotateDialog(scope, w, reload) {
  const d = dialog(`Rotate the secret of ${w.name}`, { label: 'rotate' });
  const secret = h('input', { type: 'password', name: 'secret', autocomplete: 'new-password' });
  const grace = h('input', { type: 'number', name: 'graceSeconds', value: '86400', min: '0', max: '604800' });
  const out = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit' }, 'Rotate secret');
  const form = h('form', { class: 'stack', novalidate: true, 'data-form': 'rotate' },
    h('p', {}, 'Deliveries are signed with both the new and the previous secret for a grace period, so the receiver can switch over without losing any.'),
    h('div', { 'data-general-error': '' }),
    field('New secret (optional)', secret, { field: 'secret', help: 'Leave empty and hookrelay makes a strong one for you.' }),
    field('Grace period in seconds', grace, { field: 'graceSeconds', help: '0 to 604800 (7 days). Default: 86400 (1 day).' }),
    out,
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', on: { click: () => d.close() } }, 'Close'), submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form);
    const body = {};
    if (secret.value) body.secret = secret.value;
    if (grace.value !== '') body.graceSeconds = Number(grace.value);
    submit.disabled = true;
    try {
      const r = await api.post(`webhooks/${w.cuid}/secret/rotate`, body, scope.query);
      secret.value = '';
      clear(out,
        notice('ok', 'The secret was rotated. ',
          r.previousSecretExpiresAt ? ['The previous secret stays valid until ', timeEl(r.previousSecretExpiresAt), '.'] : null),
        r.secret ? shownOnce(r.secret, 'New secret') : null);
      submit.hidden = true;
      reload();
    } catch (e) {
      if (e.code === 'validation_failed') showFieldErrors(form, e, 'Please correct the highlighted fields.');
      else clear(out, notice('error', api.friendly(e, 'Rotating the secret')));
    } finally {
      submit.disabled = false;
    }
  });
  d.body.append(form);
  secret.focus();
}

function localInput(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Queues again every delivery of the webhook that ended failed in a period. */
function recoverDialog(scope, w) {
  const d = dialog(`Recover failed deliveries of ${w.name}`, { label: 'recover' });
  const since = h('input', { type: 'datetime-local', name: 'since', value: localInput(new Date(Date.now() - 24 * 3600 * 1000)) });
  const until = h('input', { type: 'datetime-local', name: 'until' });
  const out = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit' }, 'Send them again');
  const form = h('form', { class: 'stack', novalidate: true, 'data-form': 'recover' },
    h('p', {}, 'Every delivery to this webhook that gave up (failed) in this period is sent again now, for example after the receiver was down.'),
    h('div', { 'data-general-error': '' }),
    h('div', { class: 'inline-fields' },
      field('From', since, { field: 'since' }),
      field('Until (optional)', until, { field: 'until', help: 'Empty: up to now.' })),
    out,
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', on: { click: () => d.close() } }, 'Close'), submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form);
    if (!since.value) {
      showFieldErrors(form, { details: [{ field: 'since', message: 'is required' }] }, 'Please choose when to start.');
      return;
    }
    const body = { since: new Date(since.value).toISOString() };
    if (until.value) body.until = new Date(until.value).toISOString();
    submit.disabled = true;
    try {
      const r = await api.post(`webhooks/${w.cuid}/recover`, body, scope.query);
      clear(out, notice('ok', r.deliveries === 0
        ? 'No failed deliveries in that period: nothing to send again.'
        : `${fmtNumber(r.deliveries)} failed deliver${r.deliveries === 1 ? 'y was' : 'ies were'} queued again.`));
    } catch (e) {
      if (e.code === 'validation_failed') showFieldErrors(form, e, 'Please correct the highlighted fields.');
      else clear(out, notice('error', api.friendly(e, 'Recovering failed deliveries')));
    } finally {
      submit.disabled = false;
    }
  });
  d.body.append(form);
  since.focus();
}
