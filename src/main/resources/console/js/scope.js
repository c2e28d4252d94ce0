// Which tenant a page acts for. A tenant token: its own. The admin: the one chosen in a picker
// (its cuid in the page's ?tenant= parameter), sent to the API as ?tenantCuid=.
import * as api from './api.js';
import { h, notice, empty, field } from './ui.js';

/**
 * Renders the picker (admin) into `into`; resolves to {tenantCuid, query} or null when no tenant
 * is chosen yet (an empty state is shown then).
 */
export async function tenantScope(into, ctx, page, purpose) {
  if (!ctx.session.admin) {
    return { tenantCuid: ctx.session.tenant.cuid, tenant: ctx.session.tenant, query: {} };
  }
  let tenants;
  try {
    tenants = await api.allPages('tenants');
  } catch (e) {
    into.append(notice('error', api.friendly(e, 'Loading the tenants')));
    return null;
  }
  if (!tenants.length) {
    into.append(empty('No tenants yet', 'Webhooks belong to a tenant. Create a tenant first.',
      h('a', { class: 'button', href: '#/tenants' }, 'Go to Tenants')));
    return null;
  }
  const chosen = ctx.params.get('tenant');
  const select = h('select', { name: 'tenant', 'data-tenant-picker': '' },
    h('option', { value: '' }, '— choose a tenant —'),
    tenants.map((t) => h('option', { value: t.cuid, selected: t.cuid === chosen }, `${t.name} (${t.cuid})`)));
  select.addEventListener('change', () => ctx.go(page, { tenant: select.value }));
  into.append(h('div', { class: 'toolbar' }, h('div', { class: 'grow' }, field('Tenant', select))));
  const tenant = tenants.find((t) => t.cuid === chosen);
  if (!tenant) {
    into.append(empty('Choose a tenant', `As administrator you see every tenant. Choose one above to ${purpose}.`));
    return null;
  }
  return { tenantCuid: tenant.cuid, tenant, query: { tenantCuid: tenant.cuid } };
}
