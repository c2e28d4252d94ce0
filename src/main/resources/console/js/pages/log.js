// The delivery log: filters, paging (cursor, or offset on an older server), an attempt's detail,
// and a retry of a failed delivery.
import * as api from '../api.js';
import {
  h, clear, notice, empty, badge, dialog, toast, field, actionButton, table, cell, fmtMs, fmtNumber, timeEl, refocus,
} from '../ui.js';
import { tenantScope } from '../scope.js';

const LIMIT = 25;
const FILTERS = ['webhook', 'status', 'event', 'eventCuid', 'since', 'until'];
const STATUS = { succeeded: ['ok', 'Succeeded'], failed: ['bad', 'Failed'], retrying: ['warn', 'Will retry'] };

export default {
  title: 'Delivery log',
  async render(container, ctx) {
    container.append(h('h1', { tabindex: '-1' }, 'Delivery log'));
    const scope = await tenantScope(container, ctx, 'log', 'see its delivery log');
    if (!scope) return;
    let hooks = [];
    let events = [];
    try {
      [hooks, events] = await Promise.all([
        api.allPages('webhooks', scope.query),
        api.get('webhookevents').then((r) => r.data.map((e) => e.event)),
      ]);
    } catch (e) {
      container.append(notice('error', api.friendly(e, 'Loading the webhooks')));
      return;
    }
    const names = new Map(hooks.map((w) => [w.cuid, w.name]));
    const filters = Object.fromEntries(FILTERS.map((f) => [f, ctx.params.get(f) || '']));
    container.append(filterForm(ctx, scope, hooks, events, filters));
    const results = h('div', { 'data-list': 'log' });
    const live = h('input', { type: 'checkbox', checked: true, name: 'live' });
    container.append(
      h('div', { class: 'toolbar' },
        h('label', { class: 'check grow' }, live, 'Show new attempts as they arrive'),
        h('button', { type: 'button', class: 'secondary', 'data-action': 'refresh', on: { click: () => show([]) } }, 'Refresh')),
      results);

    // paging state: the cursors (or offsets) of the pages before this one
    let trail = [];
    let shownKey = '';

    async function show(newTrail, quiet = false) {
      const at = newTrail.length ? newTrail[newTrail.length - 1] : null;
      const query = {
        ...scope.query,
        limit: LIMIT,
        webhookCuid: filters.webhook,
        status: filters.status,
        event: filters.event,
        eventCuid: filters.eventCuid,
        since: filters.since,
        until: filters.until,
      };
      if (at && at.cursor) query.cursor = at.cursor;
      if (at && at.offset) query.offset = at.offset;
      let res;
      try {
        res = await api.get('webhookslog', query);
      } catch (e) {
        if (!quiet) clear(results, notice('error', api.friendly(e, 'Loading the delivery log')));
        return;
      }
      const key = res.data.map((a) => a.cuid).join();
      if (quiet && key === shownKey) return;
      trail = newTrail;
      shownKey = key;
      render(res);
    }

    function render(res) {
      const meta = res.meta || {};
      const cursorPaging = Object.prototype.hasOwnProperty.call(meta, 'nextCursor');
      const unapplied = !cursorPaging ? ['eventCuid', 'since', 'until'].filter((f) => filters[f]) : [];
      const warn = unapplied.length
        ? notice('warn', 'This server cannot filter by event id or time yet, so those filters were not applied.')
        : null;
      if (!res.data.length) {
        const filtered = FILTERS.some((f) => filters[f]);
        clear(results, warn, empty(
          filtered ? 'Nothing matches these filters' : 'No deliveries yet',
          filtered
            ? 'Try a wider time range or clear some filters.'
            : 'When events are sent to this tenant\'s webhooks, every attempt to deliver them shows up here.'));
        return;
      }
      const rows = res.data.map((a) => h('tr', { class: 'clickable', 'data-attempt': a.cuid, 'data-status': a.status, on: { click: (ev) => { if (!ev.target.closest('button')) detail(scope, a, names); } } },
        cell('Time', timeEl(a.createdAt)),
        cell('Event', a.event),
        cell('Webhook', a.webhookCuid ? (names.get(a.webhookCuid) || a.webhookCuid) : h('span', { class: 'muted' }, 'test send')),
        cell('Attempt', String(a.attempt)),
        cell('Result', statusBadge(a), a.statusCode ? ` ${a.statusCode}` : ''),
        cell('Time taken', fmtMs(a.durationMs)),
        cell('', h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'link', 'data-action': 'detail', on: { click: () => detail(scope, a, names) } }, 'Details'),
          a.status === 'failed' && a.webhookCuid ? actionButton('Retry', () => retry(scope, a), 'link', { 'data-action': 'retry' }) : null))));
      const total = meta.totalResults;
      const totalText = total === undefined ? ''
        : `${fmtNumber(total)}${meta.totalResultsCapped ? '+' : ''} attempt${total === 1 ? '' : 's'}`;
      let older = null;
      if (cursorPaging) {
        if (meta.nextCursor) older = { cursor: meta.nextCursor };
      } else {
        const offset = (meta.offset || 0) + res.data.length;
        if (total !== undefined && offset < total) older = { offset };
      }
      const pager = h('div', { class: 'pager' },
        h('span', { class: 'muted' }, totalText, trail.length ? ` · page ${trail.length + 1}` : ''),
        trail.length ? h('button', { type: 'button', class: 'secondary', 'data-action': 'newer', on: { click: () => show(trail.slice(0, -1)) } }, 'Newer') : null,
        older ? h('button', { type: 'button', class: 'secondary', 'data-action': 'older', on: { click: () => show([...trail, older]) } }, 'Older') : null);
      const focused = focusSelector(results);
      clear(results, warn, table(['Time', 'Event', 'Webhook', 'Attempt', 'Result', 'Time taken', ''], rows), pager);
      refocus(focused);
    }

    await show([]);
    ctx.every(3000, () => {
      if (live.checked && trail.length === 0 && !document.querySelector('dialog[open]')) show([], true);
    });
  },
};

/** How to find the focused control again once the list is drawn anew (null: focus is elsewhere). */
function focusSelector(results) {
  const f = document.activeElement;
  if (!f || !results.contains(f) || !f.dataset.action) return null;
  const row = f.closest('tr[data-attempt]');
  return row
    ? `tr[data-attempt="${row.dataset.attempt}"] [data-action="${f.dataset.action}"]`
    : `[data-list=log] [data-action="${f.dataset.action}"]`;
}

function statusBadge(a) {
  const [kind, text] = STATUS[a.status] || ['off', a.status];
  return badge(kind, text);
}

function localInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function filterForm(ctx, scope, hooks, events, filters) {
  const webhook = h('select', { name: 'webhook' }, h('option', { value: '' }, 'All webhooks'),
    hooks.map((w) => h('option', { value: w.cuid, selected: w.cuid === filters.webhook }, w.name)));
  const status = h('select', { name: 'status' }, h('option', { value: '' }, 'Any result'),
    Object.entries(STATUS).map(([v, [, t]]) => h('option', { value: v, selected: v === filters.status }, t)));
  const event = h('select', { name: 'event' }, h('option', { value: '' }, 'Any event'),
    [...events, 'testWebhook'].map((e) => h('option', { value: e, selected: e === filters.event }, e)));
  const eventCuid = h('input', { type: 'text', name: 'eventCuid', value: filters.eventCuid, autocomplete: 'off' });
  const since = h('input', { type: 'datetime-local', name: 'since', value: localInput(filters.since) });
  const until = h('input', { type: 'datetime-local', name: 'until', value: localInput(filters.until) });
  const form = h('form', { class: 'panel', 'data-form': 'log-filters' },
    h('div', { class: 'inline-fields' },
      field('Webhook', webhook), field('Result', status), field('Event', event),
      field('Event id', eventCuid), field('From', since), field('Until', until)),
    h('div', { class: 'actions' },
      h('button', { type: 'submit' }, 'Apply filters'),
      h('button', { type: 'button', class: 'secondary', on: { click: () => ctx.go('log', ctx.session.admin ? { tenant: scope.tenantCuid } : {}) } }, 'Clear filters')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    ctx.go('log', {
      tenant: ctx.session.admin ? scope.tenantCuid : undefined,
      webhook: webhook.value,
      status: status.value,
      event: event.value,
      eventCuid: eventCuid.value.trim(),
      since: since.value ? new Date(since.value).toISOString() : '',
      until: until.value ? new Date(until.value).toISOString() : '',
    });
  });
  return form;
}

async function retry(scope, a) {
  try {
    await api.post(`webhookslog/${a.deliveryCuid}/retry`, {}, scope.query);
    toast('The delivery was queued again and will be sent in a moment.');
    return true;
  } catch (e) {
    toast(e.status === 409
      ? 'This delivery has not failed (it succeeded or is still being tried), so it was not sent again.'
      : api.friendly(e, 'Retrying the delivery'), 'error');
    return false;
  }
}

/** The headers this attempt was sent with, as far as the log knows them. */
function headersSent(a) {
  if (a.headers && typeof a.headers === 'object') {
    return Object.entries(a.headers).map(([k, v]) => [k, String(v)]);
  }
  const test = a.event === 'testWebhook';
  const rows = [
    ['webhook-id', a.deliveryCuid],
    ['X-Hookrelay-Event', test ? 'TestWebhook' : a.event],
    ['X-Hookrelay-Attempt', String(a.attempt)],
  ];
  if (a.traceId) rows.push(['traceparent', `trace id ${a.traceId} (with a new parent id for each attempt)`]);
  rows.push(['webhook-timestamp, webhook-signature, X-Authorization-HMAC-256',
    'sent when the webhook has a secret; the signature values are not kept in the log']);
  return rows;
}

function detail(scope, a, names) {
  const d = dialog('Delivery attempt', { label: 'attempt' });
  const item = (label, value) => [h('dt', {}, label), h('dd', {}, value ?? h('span', { class: 'muted' }, '—'))];
  const out = h('div', { 'aria-live': 'polite' });
  d.body.append(
    h('dl', { class: 'detail', 'data-detail': a.cuid },
      item('Result', [statusBadge(a), a.statusCode ? ` HTTP ${a.statusCode}` : ' no HTTP answer']),
      item('Time', timeEl(a.createdAt)),
      item('Attempt number', String(a.attempt)),
      item('Time taken', fmtMs(a.durationMs)),
      item('Address', h('span', { class: 'mono' }, a.url)),
      item('Webhook', a.webhookCuid ? `${names.get(a.webhookCuid) || '(deleted)'} · ${a.webhookCuid}` : 'a test send'),
      item('Event', `${a.event} · ${a.eventCuid}`),
      item('Delivery', h('span', { class: 'mono' }, a.deliveryCuid)),
      item('Error', a.error),
      item('Trace id', a.traceId ? h('span', { class: 'mono', 'data-trace': '' }, a.traceId) : null),
      item('Response (start)', a.responseSnippet ? h('pre', { class: 'snippet' }, a.responseSnippet) : null),
      item('Headers sent', h('ul', { class: 'headers' },
        headersSent(a).map(([k, v]) => h('li', {}, h('span', { class: 'mono' }, `${k}: `), v))))),
    out,
    h('div', { class: 'actions' },
      a.status === 'failed' && a.webhookCuid
        ? actionButton('Retry this delivery', async () => {
          if (await retry(scope, a)) clear(out, notice('ok', 'Queued again: it will be sent in a moment. Its new attempt will appear in the log.'));
        }, '', { 'data-action': 'retry' })
        : null,
      h('button', { type: 'button', class: 'secondary', on: { click: () => d.close() } }, 'Close')));
  d.el.querySelector('h2').focus();
}
