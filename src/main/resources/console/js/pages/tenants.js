// Tenants (administrator only): list, create, switch webhooks on/off, mint, list and revoke tokens.
import * as api from '../api.js';
import {
  h, clear, notice, empty, badge, dialog, confirm, toast, field, checkbox, actionButton,
  showFieldErrors, clearFieldErrors, shownOnce, table, cell, fmtNumber, timeEl, refocus,
} from '../ui.js';

const PAGE_SIZE = 25;

export default {
  title: 'Tenants',
  adminOnly: true,
  async render(container, ctx) {
    const page = Math.max(1, Number(ctx.params.get('page')) || 1);
    const list = h('div', { 'data-list': 'tenants' });
    container.append(
      h('h1', { tabindex: '-1' }, 'Tenants'),
      h('div', { class: 'toolbar' },
        h('p', { class: 'grow muted' }, 'Each tenant has its own webhooks, events and delivery log, reached with its own tokens.'),
        h('button', { type: 'button', 'data-action': 'new-tenant', on: { click: () => createDialog(reload) } }, 'New tenant')),
      list);
    async function reload() {
      let res;
      try {
        res = await api.get('tenants', { 'page[size]': PAGE_SIZE, 'page[current]': page });
      } catch (e) {
        clear(list, notice('error', api.friendly(e, 'Listing tenants')));
        return;
      }
      if (!res.data.length) {
        clear(list, empty(page > 1 ? 'No more tenants' : 'No tenants yet',
          'A tenant is a customer or team with its own webhooks. Create one to get started.',
          h('button', { type: 'button', on: { click: () => createDialog(reload) } }, 'Create a tenant')));
        return;
      }
      const { totalPages, totalResults } = res.meta.page;
      clear(list,
        table(['Name', 'Created', 'Webhooks', 'Actions'], res.data.map((t) => row(t, reload))),
        h('div', { class: 'pager' },
          h('span', { class: 'muted' }, `${fmtNumber(totalResults)} tenant${totalResults === 1 ? '' : 's'} · page ${page} of ${Math.max(1, totalPages)}`),
          page > 1 ? h('button', { type: 'button', class: 'secondary', on: { click: () => ctx.go('tenants', { page: page - 1 }) } }, 'Previous') : null,
          page < totalPages ? h('button', { type: 'button', class: 'secondary', on: { click: () => ctx.go('tenants', { page: page + 1 }) } }, 'Next') : null));
    }
    await reload();
  },
};

function row(t, reload) {
  return h('tr', { 'data-tenant': t.cuid },
    cell('Name', h('strong', {}, t.name), h('br'), h('span', { class: 'muted mono' }, t.cuid)),
    cell('Created', timeEl(t.createdAt)),
    cell('Webhooks', t.webhooksEnabled ? badge('ok', 'On') : badge('off', 'Off')),
    cell('Actions', h('div', { class: 'actions' },
      actionButton(t.webhooksEnabled ? 'Switch webhooks off' : 'Switch webhooks on', () => switchWebhooks(t, reload), 'link', { 'data-action': 'toggle' }),
      h('button', { type: 'button', class: 'link', 'data-action': 'tokens', on: { click: () => tokensDialog(t) } }, 'Tokens'),
      h('a', { class: 'link', href: `#/webhooks?tenant=${encodeURIComponent(t.cuid)}` }, 'Webhooks'),
      h('a', { class: 'link', href: `#/log?tenant=${encodeURIComponent(t.cuid)}` }, 'Delivery log'))));
}

async function switchWebhooks(t, reload) {
  const on = !t.webhooksEnabled;
  if (!on) {
    const ok = await confirm(`Switch off webhooks for ${t.name}?`,
      'Its events are still accepted but nothing is delivered, and its webhook calls are refused until you switch them on again.',
      'Switch off');
    if (!ok) return;
  }
  try {
    await api.patch(`tenants/${t.cuid}`, { webhooksEnabled: on });
    toast(`Webhooks are now ${on ? 'on' : 'off'} for ${t.name}.`);
    await reload();
    refocus(`tr[data-tenant="${t.cuid}"] [data-action=toggle]`);
  } catch (e) {
    toast(api.friendly(e, 'Changing the tenant'), 'error');
  }
}

function createDialog(reload) {
  const d = dialog('New tenant', { label: 'tenant-form' });
  const name = h('input', { type: 'text', name: 'name', autocomplete: 'off' });
  const enabled = checkbox('Webhooks on', 'webhooksEnabled', true);
  const submit = h('button', { type: 'submit' }, 'Create tenant');
  const form = h('form', { class: 'stack', novalidate: true, 'data-form': 'tenant' },
    h('div', { 'data-general-error': '' }),
    field('Name', name, { field: 'name' }),
    h('div', { 'data-field': 'webhooksEnabled' }, enabled.el),
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', on: { click: () => d.close() } }, 'Cancel'), submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form);
    submit.disabled = true;
    try {
      const t = await api.post('tenants', { name: name.value, webhooksEnabled: enabled.input.checked });
      d.close();
      toast(`${t.name} was created. Mint a token for it under Tokens.`);
      await reload();
    } catch (e) {
      if (e.code === 'validation_failed') showFieldErrors(form, e, 'Please correct the highlighted fields.');
      else clear(form.querySelector('[data-general-error]'), notice('error', api.friendly(e, 'Creating the tenant')));
    } finally {
      submit.disabled = false;
    }
  });
  d.body.append(form);
  name.focus();
}

/** The tenant's tokens: mint one (shown once), list them, revoke one. */
function tokensDialog(t) {
  const d = dialog(`Tokens of ${t.name}`, { label: 'tokens' });
  const minted = h('div', { 'aria-live': 'polite', 'data-minted': '' });
  const listing = h('div', { 'data-list': 'tokens' });
  d.body.append(
    h('p', {}, 'A token lets a program (or a person, here) act for this tenant. hookrelay keeps only a fingerprint of it, so a token is shown once, when it is made.'),
    minted,
    h('div', { class: 'actions' },
      actionButton('Mint a new token', mint, '', { 'data-action': 'mint' }),
      h('button', { type: 'button', class: 'secondary', on: { click: () => d.close() } }, 'Close')),
    h('h2', {}, 'Tokens in use'),
    listing);

  async function mint() {
    try {
      const r = await api.post(`tenants/${t.cuid}/tokens`, {});
      clear(minted, notice('ok', 'A new token was made.'), shownOnce(r.token, 'New token'));
      minted.querySelector('input').select();
      await load();
    } catch (e) {
      clear(minted, notice('error', api.friendly(e, 'Minting a token')));
    }
  }

  async function load() {
    let res;
    try {
      res = await api.get(`tenants/${t.cuid}/tokens`);
    } catch (e) {
      clear(listing, api.unsupported(e)
        ? notice('warn', 'This server cannot list tokens yet (it runs an older hookrelay). Minting still works.')
        : notice('error', api.friendly(e, 'Listing tokens')));
      return;
    }
    if (!res.data.length) {
      clear(listing, empty('No tokens', 'This tenant has no token yet: mint one to let it in.'));
      return;
    }
    clear(listing, table(['Token', 'Made', 'Last used', ''], res.data.map((k) => h('tr', { 'data-token': k.cuid },
      cell('Token', h('span', { class: 'mono' }, `${k.prefix}…`)),
      cell('Made', timeEl(k.createdAt)),
      cell('Last used', k.lastUsedAt ? timeEl(k.lastUsedAt) : h('span', { class: 'muted' }, 'never')),
      cell('', actionButton('Revoke', () => revoke(k), 'link', { 'data-action': 'revoke' }))))));
  }

  async function revoke(k) {
    const ok = await confirm(`Revoke token ${k.prefix}…?`,
      'Anything using this token is refused from now on. This cannot be undone.', 'Revoke token');
    if (!ok) return;
    try {
      await api.del(`tenants/${t.cuid}/tokens/${k.cuid}`);
      toast(`Token ${k.prefix}… was revoked.`);
      await load();
    } catch (e) {
      toast(api.friendly(e, 'Revoking the token'), 'error');
    }
  }

  load();
}
