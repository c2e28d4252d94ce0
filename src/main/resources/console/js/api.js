// The console's only way to the server: the public JSON API, with the token from sessionStorage
// sent as "Authorization: Bearer". The token never goes into a URL, a cookie or the console log.

const KEY = 'hookrelay.console.token';
export const API = '/api/internal';

export const token = {
  get: () => sessionStorage.getItem(KEY),
  set: (t) => sessionStorage.setItem(KEY, t),
  clear: () => sessionStorage.removeItem(KEY),
};

/** An error answer of the API (or no answer: status 0), with its code, message and details. */
export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || `HTTP ${status}`);
    this.status = status;
    this.code = (body && body.error) || null;
    this.details = (body && Array.isArray(body.details)) ? body.details : [];
    this.body = body;
  }
}

let unauthorized = () => {};

/** Called once per 401 answer: the console signs out. */
export function onUnauthorized(handler) {
  unauthorized = handler;
}

/**
 * Calls the API. query: an object of parameters (empty values left out); body: sent as JSON.
 * A 401 signs the console out, unless `probe` is set (signing in with a token to check it).
 */
export async function call(method, path, { query, body, probe, signal } = {}) {
  const t = probe ?? token.get();
  const url = new URL(path.startsWith('/') ? path : `${API}/${path}`, location.origin);
  for (const [k, v] of Object.entries(query || {})) {
    if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, v);
  }
  const headers = { Accept: 'application/json' };
  if (t) headers.Authorization = `Bearer ${t}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
      signal,
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, { error: 'network', message: 'no answer from the server' });
  }
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (res.status === 401 && probe === undefined) unauthorized();
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

export const get = (path, query, opts) => call('GET', path, { ...opts, query });
export const post = (path, body, query) => call('POST', path, { body: body ?? {}, query });
export const patch = (path, body, query) => call('PATCH', path, { body, query });
export const del = (path, query) => call('DELETE', path, { query });

/** Whether an error says the server has no such call at all (an older hookrelay). */
export function unsupported(e) {
  return e instanceof ApiError
    && (e.status === 405 || e.status === 501
      || (e.status === 404 && /^no such resource/.test(e.message)));
}

/** A sentence a person can act on, for any failed call. */
export function friendly(e, what = 'That') {
  if (!(e instanceof ApiError)) return `${what} did not work: ${e.message || e}`;
  if (unsupported(e)) return `${what} is not available on this server yet (it runs an older hookrelay).`;
  switch (e.status) {
    case 0: return 'The server cannot be reached. Check that hookrelay is running and try again.';
    case 401: return 'Your session has ended: the token is no longer accepted. Please sign in again.';
    case 403:
      return e.code === 'webhooks_disabled'
        ? 'Webhooks are switched off for this tenant. An administrator can switch them on under Tenants.'
        : 'Your token is not allowed to do this.';
    case 404: return `${capital(e.message)}: it may have been deleted meanwhile.`;
    case 409: return e.message ? capital(e.message) + '.' : 'This conflicts with the current state.';
    case 413: return 'That is too large for the server to accept.';
    case 429: return 'The server is busy with this tenant\'s deliveries. Try again in a little while.';
    case 400:
      if (e.code === 'validation_failed' && e.details.length) {
        return 'Please correct: ' + e.details.map((d) => `${d.field} ${d.message}`).join('; ') + '.';
      }
      return capital(e.message) + '.';
    default:
      return e.status >= 500
        ? 'Something went wrong on the server. Please try again in a moment.'
        : capital(e.message) + '.';
  }
}

function capital(s) {
  return s ? s.charAt(0).toUpperCase() + s.slice(1) : s;
}

/** All pages of a paged listing (page[size]=100), at most `maxPages` of them. */
export async function allPages(path, query = {}, maxPages = 10) {
  const out = [];
  for (let page = 1; page <= maxPages; page++) {
    const res = await get(path, { ...query, 'page[size]': 100, 'page[current]': page });
    out.push(...res.data);
    if (page >= res.meta.page.totalPages) break;
  }
  return out;
}
