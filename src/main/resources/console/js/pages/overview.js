// Overview: deliveries per second, success rate, failures, retries, backlog and p95 attempt time,
// live (GET /api/internal/stats every 2 s), the store's health and the cluster's members.
import * as api from '../api.js';
import { h, clear, notice, table, cell, fmtMs, fmtRate, fmtNumber, badge } from '../ui.js';
import { lineChart } from '../chart.js';

export default {
  title: 'Overview',
  async render(container, ctx) {
    const cards = h('div', { class: 'cards', 'data-cards': '' });
    const charts = h('div', { class: 'charts' });
    const health = h('section', { class: 'panel', 'aria-labelledby': 'health-title' });
    const perWebhook = h('section', { 'aria-labelledby': 'per-webhook-title' });
    const problem = h('div');
    container.append(
      h('h1', { tabindex: '-1' }, 'Overview'),
      h('p', { class: 'muted' }, ctx.session.admin
        ? 'Every delivery attempt this server made in the last five minutes, all tenants together. Updated every 2 seconds.'
        : `Delivery attempts for ${ctx.session.tenant.name} in the last five minutes. Updated every 2 seconds.`),
      problem, cards, charts, health, ctx.session.admin ? null : perWebhook);

    async function refresh() {
      let s;
      try {
        s = await api.get('stats');
      } catch (e) {
        clear(problem, notice('error', api.friendly(e, 'Loading the figures')));
        return;
      }
      problem.replaceChildren();
      drawCards(cards, s);
      drawCharts(charts, s);
    }
    await Promise.all([refresh(), drawHealth(health)]);
    if (!ctx.session.admin) drawPerWebhook(perWebhook);
    ctx.every(2000, refresh);
    ctx.every(10000, () => drawHealth(health));
  },
};

function card(label, value, hint, key) {
  return h('div', { class: 'card', 'data-card': key },
    h('div', { class: 'label' }, label), h('div', { class: 'value' }, value), hint ? h('div', { class: 'hint' }, hint) : null);
}

function drawCards(cards, s) {
  const m = s.lastMinute;
  clear(cards,
    card('Deliveries per second', fmtNumber(m.attemptsPerSecond, m.attemptsPerSecond < 1 ? 2 : 1),
      `${fmtNumber(m.attempts)} attempt${m.attempts === 1 ? '' : 's'} in the last minute`, 'rate'),
    card('Success rate', fmtRate(m.successRate), 'of the last minute\'s attempts', 'success'),
    card('Failures', fmtNumber(m.failed), 'gave up in the last minute', 'failed'),
    card('Retries', fmtNumber(m.retrying), 'will be tried again', 'retrying'),
    card('Backlog', s.backlog === null || s.backlog === undefined ? '—' : fmtNumber(s.backlog),
      s.backlog === null || s.backlog === undefined ? 'shown to administrators' : 'deliveries waiting', 'backlog'),
    card('p95 attempt time', fmtMs(m.p95Ms), '95% of attempts took less', 'p95'));
}

function drawCharts(charts, s) {
  const times = s.series.map((p) => new Date(p.at));
  const per = (k) => s.series.map((p) => p[k] / s.bucketSeconds);
  clear(charts,
    lineChart({
      title: 'Attempts per second',
      times,
      series: [
        { name: 'Succeeded', cls: 'series-succeeded', values: per('succeeded') },
        { name: 'Will retry', cls: 'series-retrying', values: per('retrying') },
        { name: 'Failed', cls: 'series-failed', values: per('failed') },
      ],
      format: (v) => fmtNumber(v, v < 10 ? 1 : 0),
    }),
    lineChart({
      title: 'p95 attempt time',
      times,
      series: [{ name: 'p95', cls: 'series-p95', values: s.series.map((p) => p.p95Ms) }],
      format: (v) => fmtMs(v),
    }));
}

async function drawHealth(section) {
  let body;
  try {
    body = await api.call('GET', '/health', { probe: '' });
  } catch (e) {
    body = e.body && e.body.checks ? e.body : null;
    if (!body) {
      clear(section, h('h2', { id: 'health-title' }, 'Health'), notice('error', api.friendly(e, 'Checking the server\'s health')));
      return;
    }
  }
  const checks = body.checks || {};
  const names = { store: 'Store', router: 'Event router', delivery: 'Delivery', cluster: 'Cluster' };
  const rows = Object.entries(checks).map(([k, c]) => h('tr', { 'data-check': k },
    cell('Part', names[k] || k),
    cell('Status', c.status === 'UP' ? badge('ok', 'Working') : badge('bad', 'Down')),
    cell('Detail', c.error || (k === 'cluster' && c.members ? `${c.members.length} member${c.members.length === 1 ? '' : 's'}` : ''))));
  const cluster = checks.cluster && Array.isArray(checks.cluster.members) ? checks.cluster : null;
  clear(section,
    h('h2', { id: 'health-title' }, 'Health'),
    body.status === 'UP'
      ? notice('ok', 'Everything is working.')
      : notice('error', 'Part of the server is not working; deliveries may be delayed.'),
    table(['Part', 'Status', 'Detail'], rows),
    cluster
      ? [h('h2', {}, 'Cluster members'), h('ul', { 'data-members': '' }, cluster.members.map((m) => h('li', { class: 'mono' }, m, m === cluster.nodeId ? ' (this node)' : '')))]
      : h('p', { class: 'muted' }, 'This server runs alone (not in a cluster).'));
}

async function drawPerWebhook(section) {
  let counts;
  let hooks;
  try {
    [counts, hooks] = await Promise.all([api.get('stats/webhooks'), api.allPages('webhooks', {}, 1)]);
  } catch (e) {
    clear(section, h('h2', { id: 'per-webhook-title' }, 'Webhooks, last 24 hours'), notice('error', api.friendly(e, 'Loading the webhook figures')));
    return;
  }
  const byCuid = new Map(counts.data.map((c) => [c.webhookCuid, c]));
  clear(section, h('h2', { id: 'per-webhook-title' }, 'Webhooks, last 24 hours'),
    hooks.length
      ? table(['Webhook', 'Attempts', 'Succeeded', 'Failed', 'Success rate'], hooks.map((w) => {
        const c = byCuid.get(w.cuid) || { attempts: 0, succeeded: 0, failed: 0, successRate: null };
        return h('tr', { 'data-webhook': w.cuid },
          cell('Webhook', w.name), cell('Attempts', fmtNumber(c.attempts)), cell('Succeeded', fmtNumber(c.succeeded)),
          cell('Failed', fmtNumber(c.failed)), cell('Success rate', fmtRate(c.successRate)));
      }))
      : h('p', { class: 'muted' }, 'No webhooks yet. ', h('a', { href: '#/webhooks' }, 'Create one under Webhooks.')));
}
