// The console's shell: sign in and out, the navigation, and one page at a time (#/page?params).
import * as api from './api.js';
import { h, clear, notice, field } from './ui.js';
import overview from './pages/overview.js';
import webhooks from './pages/webhooks.js';
import log from './pages/log.js';
import tenants from './pages/tenants.js';

const PAGES = { overview, webhooks, log, tenants };
const main = document.getElementById('main');
const nav = document.getElementById('nav');

let session = null; // {admin: boolean, tenant: {cuid, name, …} | null}
let leave = null; // stops the current page's timers

/** Who the token belongs to: GET /stats answers with the principal. */
async function whoAmI(probe) {
  const stats = await api.call('GET', 'stats', { probe });
  return { admin: stats.principal === 'admin', tenant: stats.tenant };
}

function showSignIn(message, kind = 'warn') {
  stopPage();
  session = null;
  nav.hidden = true;
  document.getElementById('who').hidden = true;
  const input = h('input', { type: 'password', name: 'token', autocomplete: 'off', spellcheck: 'false', required: true });
  const error = h('div', { 'data-general-error': '' });
  const button = h('button', { type: 'submit' }, 'Sign in');
  const form = h('form', { class: 'stack', 'data-form': 'signin' },
    error,
    field('Token', input, { help: 'The admin token, or a token minted for a tenant. It stays in this browser tab only, and is forgotten when you sign out or close the tab.' }),
    h('div', {}, button));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const t = input.value.trim();
    if (!t) {
      clear(error, notice('error', 'Please enter a token.'));
      input.focus();
      return;
    }
    button.disabled = true;
    try {
      session = await whoAmI(t);
      api.token.set(t);
      input.value = '';
      signedIn();
    } catch (e) {
      const text = e.status === 401
        ? 'That token was not accepted. Check that you copied all of it, and try again.'
        : api.friendly(e, 'Signing in');
      clear(error, notice('error', text));
      input.select();
      input.focus();
    } finally {
      button.disabled = false;
    }
  });
  clear(main,
    h('section', { class: 'signin panel', 'aria-labelledby': 'signin-title' },
      h('h1', { id: 'signin-title', tabindex: '-1' }, 'Sign in'),
      message ? notice(kind, message) : null,
      form));
  input.focus();
}

function signedIn() {
  nav.hidden = false;
  document.getElementById('who').hidden = false;
  nav.querySelectorAll('[data-admin-only]').forEach((a) => { a.hidden = !session.admin; });
  document.getElementById('who-name').textContent = session.admin
    ? 'Signed in as administrator'
    : `Signed in as ${session.tenant.name}`;
  if (!location.hash || location.hash === '#' || location.hash === '#/') {
    location.hash = '#/overview';
  } else {
    route();
  }
}

function signOut(message, kind) {
  api.token.clear();
  history.replaceState(null, '', location.pathname);
  showSignIn(message, kind);
}

function stopPage() {
  if (leave) leave();
  leave = null;
}

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [name, query] = raw.split('?');
  return { name: name || 'overview', params: new URLSearchParams(query || '') };
}

/** Goes to a page; params (an object) become the query of the hash. */
export function go(name, params = {}) {
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ''));
  const hash = `#/${name}${q.toString() ? `?${q}` : ''}`;
  if (location.hash === hash) route();
  else location.hash = hash;
}

function route() {
  if (!session) return;
  stopPage();
  const { name, params } = parseHash();
  const page = PAGES[name];
  nav.querySelectorAll('a').forEach((a) => {
    if (a.dataset.page === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  if (!page || (page.adminOnly && !session.admin)) {
    clear(main, h('h1', { tabindex: '-1' }, 'Page not found'),
      notice('warn', 'There is no such page here. ', h('a', { href: '#/overview' }, 'Go to the overview.')));
    return;
  }
  document.title = `${page.title} · hookrelay console`;
  const container = clear(main);
  const timers = [];
  const ctx = {
    session,
    params,
    go,
    every(ms, fn) { timers.push(setInterval(() => { if (!document.hidden) fn(); }, ms)); },
  };
  leave = () => timers.forEach(clearInterval);
  Promise.resolve(page.render(container, ctx)).then(() => {
    // the page changed: put the focus on its heading (where a screen reader starts reading)
    const heading = container.querySelector('h1');
    const busy = document.querySelector('dialog[open]') || container.contains(document.activeElement);
    if (heading && !busy) heading.focus({ preventScroll: true });
  });
}

async function boot() {
  api.onUnauthorized(() => {
    if (session) signOut('You have been signed out: the server no longer accepts your token (it may have been revoked). Please sign in again.');
  });
  document.getElementById('sign-out').addEventListener('click', () => signOut('You are signed out.', 'ok'));
  window.addEventListener('hashchange', route);
  const saved = api.token.get();
  if (!saved) {
    showSignIn();
    return;
  }
  try {
    session = await whoAmI(saved);
    signedIn();
  } catch (e) {
    if (e.status === 401) signOut('You have been signed out: the server no longer accepts your token. Please sign in again.');
    else clear(main, notice('error', api.friendly(e, 'Loading the console')));
  }
}

boot();
