// What every view of the partner dashboard shares: the session (the partner's key, kept in
// sessionStorage only, and its settings), the partner API calls with that key, errors in words,
// filter forms as query strings, Laravel page links as buttons, and the totals' boxes.
import { h, replace } from './dom.js';

const KEY = 'offerwall.partnerKey';

export const $ = (id) => document.getElementById(id);

/** key: the server key signed in with (null when signed out); me: GET /data/partner/me; onUnauthorized: called on a later 401. */
export const session = {
  key: sessionStorage.getItem(KEY),
  me: null,
  onUnauthorized: () => {},
  keep(key) {
    this.key = key;
    sessionStorage.setItem(KEY, key);
  },
  forget() {
    sessionStorage.removeItem(KEY);
    this.key = null;
    this.me = null;
    this.epoch++;
  },
  /** Bumped at each sign-out: an answer asked for before it is never shown after it. */
  epoch: 0,
};

/**
 * For a view whose form may be applied again before the last answer came: begin() before calling,
 * then current(ticket) after each await; only the latest request of the same session is shown.
 */
export function latest() {
  let last = 0;
  return {
    begin: () => ({ n: ++last, epoch: session.epoch }),
    current: (ticket) => ticket.n === last && ticket.epoch === session.epoch,
  };
}

export class ApiError extends Error {
  constructor(status, message, errors = null) {
    super(message);
    this.status = status;
    this.errors = errors;
  }
}

/** Page links in API answers are absolute (Offerwall:PublicBaseUrl); the dashboard calls its own origin only. */
export function localPath(url) {
  const parsed = new URL(url, location.href);
  return parsed.pathname + parsed.search;
}

async function send(method, path, withKey, accept) {
  try {
    return await fetch(localPath(path), { method, headers: { Authorization: `Bearer ${withKey}`, Accept: accept }, cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'The server could not be reached. Check your connection and try again.');
  }
}

async function failure(response, withKey) {
  let body = null;
  try { body = await response.json(); } catch { /* no JSON body */ }
  if (response.status === 401 && withKey === session.key && session.key) {
    session.onUnauthorized('Your key is no longer accepted (was it rotated?). Sign in again.');
  }
  return new ApiError(response.status, words(response.status, body?.message), body?.errors ?? null);
}

/** A partner API call with the key; the JSON answer, or an ApiError in words. */
export async function call(method, path, withKey = session.key) {
  const response = await send(method, path, withKey, 'application/json');
  if (!response.ok) throw await failure(response, withKey);
  try { return await response.json(); } catch { return null; }
}

/**
 * Downloads a CSV answer as a file. A plain link cannot send the Authorization header, so the page
 * fetches it with the key and saves the bytes through a blob: URL; the file name is the server's
 * (Content-Disposition) or the given one.
 */
export async function download(path, fallbackName) {
  const response = await send('GET', path, session.key, 'text/csv');
  if (!response.ok) throw await failure(response, session.key);
  const blob = await response.blob();
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const name = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: decodeURIComponent(name), hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { name, bytes: blob.size };
}

export function words(status, message) {
  switch (status) {
    case 401: return 'This key was not accepted. Use the partner server key that your server sends to the Data API.';
    case 404: return 'Not found: it may belong to another partner or no longer exist.';
    case 422: return message || 'Some fields are not valid.';
    case 429: return 'Too many requests: wait a moment and try again.';
    default: return status >= 500 ? 'The server had a problem. Try again in a moment.' : (message || `The request failed (HTTP ${status}).`);
  }
}

export function showProblem(area, error) {
  const list = error.errors ? Object.values(error.errors).flat() : [];
  replace(area, h('div', { class: 'alert', role: 'alert' },
    h('strong', {}, list.length > 1 ? 'Please check these fields:' : error.message),
    list.length > 1 ? h('ul', {}, list.map((m) => h('li', {}, m))) : null));
}

/** A filter form's non-empty fields as query parameters. */
export function query(form, skip = []) {
  const params = new URLSearchParams();
  for (const [name, value] of new FormData(form)) {
    if (typeof value === 'string' && value.trim() !== '' && !skip.includes(name)) params.set(name, value.trim());
  }
  return params;
}

/** One of the totals' boxes; data-value holds the exact number for tests and copying. */
export function total(id, label, value, text) {
  return h('div', { class: 'total' }, h('span', { class: 'total-label' }, label), h('strong', { id, 'data-value': String(value) }, text));
}

/** Laravel's page links (meta.links) as buttons. */
export function pager(meta, label, go, errorArea) {
  if (meta.last_page <= 1) return null;
  return h('nav', { class: 'pager', 'aria-label': label },
    h('ul', {}, meta.links.map((link) => {
      const text = link.label;
      if (link.url === null) return h('li', {}, h('span', { class: 'pager-gap', 'aria-hidden': link.label === '...' ? 'true' : null }, text));
      const button = h('button', { type: 'button', class: link.active ? '' : 'secondary', 'aria-current': link.active ? 'page' : null,
        'aria-label': /^\d+$/.test(text) ? `Page ${text}` : null }, text);
      button.addEventListener('click', async () => {
        try {
          await go(link.url);
        } catch (e) {
          showProblem(errorArea, e);
        }
      });
      return h('li', {}, button);
    })));
}
