// The console's one way to the server: the admin API of this origin, with the admin token the operator
// signed in with (sessionStorage only: this tab, until it closes) as "Authorization: Bearer".
// Every answer that is not a success becomes an ApiError whose message is in words.

const KEY = 'offerwall.adminToken';

let token = sessionStorage.getItem(KEY);
let onRefused = () => {};

export class ApiError extends Error {
  constructor(status, message, errors = null) {
    super(message);
    this.status = status;
    this.errors = errors;
  }
}

export const signedIn = () => Boolean(token);

/** What to do when a token that worked is refused later (rotated, or the server restarted with another). */
export function whenRefused(callback) {
  onRefused = callback;
}

/** Checks a token with a harmless call; stores it only when the server accepts it. */
export async function signIn(candidate) {
  await call('GET', '/admin/postbacks/queue', undefined, candidate);
  token = candidate;
  sessionStorage.setItem(KEY, token);
}

export function signOut() {
  token = null;
  sessionStorage.removeItem(KEY);
}

/** Page links in API answers are absolute (Offerwall:PublicBaseUrl); the console calls its own origin only. */
function localPath(url) {
  const parsed = new URL(url, location.href);
  return parsed.pathname + parsed.search;
}

async function send(method, path, body, withToken) {
  const headers = { Authorization: `Bearer ${withToken}`, Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  try {
    return await fetch(localPath(path), { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'The server could not be reached. Check your connection and try again.');
  }
}

async function failure(response, withToken) {
  let problem = null;
  try { problem = await response.json(); } catch { /* no JSON body */ }
  if (response.status === 401 && withToken === token && token) {
    signOut();
    onRefused('The admin token is no longer accepted (was it changed?). Sign in again.');
  }
  return new ApiError(response.status, words(response.status, problem?.detail ?? problem?.title), problem?.errors ?? null);
}

/** One admin API call: the parsed JSON answer (null for 204), or an ApiError. */
export async function call(method, path, body = undefined, withToken = token) {
  const response = await send(method, path, body, withToken);
  if (!response.ok) throw await failure(response, withToken);
  if (response.status === 204) return null;
  try {
    return await response.json();
  } catch {
    return null;
  }
}

export const get = (path) => call('GET', path);
export const post = (path, body = {}) => call('POST', path, body);
export const patch = (path, body) => call('PATCH', path, body);

/** A CSV answer saved as a file through the browser's download (the token cannot ride on a plain link). */
export async function download(path, fallbackName) {
  const response = await send('GET', path, undefined, token);
  if (!response.ok) throw await failure(response, token);
  const blob = await response.blob();
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}

function words(status, detail) {
  switch (status) {
    case 401: return 'This admin token was not accepted. Use the server\'s Admin:Token (the demo prints its token when it starts).';
    case 404: return detail || 'Not found: it may no longer exist.';
    case 409: return detail || 'It changed in the meantime: reload and try again.';
    case 429: return 'Too many attempts: wait a minute and try again.';
    default:
      if (status >= 500) return 'The server had a problem. Try again in a moment.';
      return detail || `The request failed (HTTP ${status}).`;
  }
}

/** Query parameters from an object, leaving out empty values. */
export function query(values) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value === null || value === undefined) continue;
    const text = String(value).trim();
    if (text !== '') params.set(name, text);
  }
  return params;
}
