// The offerwall: /wall?token=<app token>&uid=<user id>. Everything it shows comes from the client
// API (headers X-Api-Token and X-User-Id), on this server. Views, by the URL's hash:
//   #/             the offers the user can start, and the ones they started
//   #/offer/<id>   one offer: its steps, the user's progress in each, time left, Start / Continue
//   #/history      the offers the user started
import { h, replace, amount, webUrl, offerIcon } from './dom.js';

const params = new URLSearchParams(location.search);
const token = (params.get('token') ?? '').trim();
const uid = params.get('uid') ?? '';
// Device ids the app put in the wall's URL (device_id, idfa, gaid), passed on with each start: the click keeps them.
const deviceQuery = new URLSearchParams(
  ['device_id', 'idfa', 'gaid'].filter((k) => (params.get(k) ?? '').trim() !== '').map((k) => [k, params.get(k).trim()])).toString();
const main = document.getElementById('main');
const announce = document.getElementById('announce');

let currency = 'points';
/** The tracking link the user last opened, so the offer page can offer to open it again. */
let opened = null;

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** The client API's errors, in words a user can act on. */
function errorWords(error) {
  switch (error.status) {
    case 406: return ['VPN detected, turn it off to continue.', 'Offers are not available through a VPN or proxy. Turn it off, then try again.'];
    case 401: return ['This offerwall link is not valid.', 'The app token in the link is invalid. Open the offerwall again from the app.'];
    case 400: return ['Your user id is missing or not valid.', 'Open the offerwall again from the app.'];
    case 403: return ['This is not available to you right now.', 'Choose another offer, or contact the app\'s support if this lasts.'];
    case 404: return ['This offer is not available any more.', 'It may have ended. Choose another offer.'];
    case 429: return ['Too many requests.', 'Wait a few seconds, then try again.'];
    case 'link': return ['This offerwall link is incomplete.', 'It needs both an app token (token=) and a user id (uid=). Open the offerwall again from the app.'];
    case 0: return ['The offerwall could not be reached.', 'Check your internet connection, then try again.'];
    default: return ['Something went wrong on our side.', 'Please try again in a moment.'];
  }
}

async function api(method, path) {
  if (!token || !uid) throw new ApiError('link', 'incomplete link');
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: { 'X-Api-Token': token, 'X-User-Id': uid, Accept: 'application/json' },
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'network error');
  }
  let body = null;
  try { body = await response.json(); } catch { /* an error page without JSON */ }
  if (!response.ok || body?.status !== 'success') throw new ApiError(response.status, body?.error?.details?.msg ?? response.statusText);
  return body.data;
}

const points = (value) => `${amount(value)} ${currency}`;
const isZero = (value) => Number(value) === 0;

const statusWords = { viewed: 'To do', pending: 'Pending', completed: 'Completed', cancelled: 'Cancelled' };
const historyWords = { in_progress: 'In progress', pending: 'Pending', completed: 'Completed' };

function hoursText(hours) {
  if (hours <= 0) return 'Time is up';
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  const parts = [];
  if (days > 0) parts.push(`${days} ${days === 1 ? 'day' : 'days'}`);
  if (rest > 0 || days === 0) parts.push(`${rest} ${rest === 1 ? 'hour' : 'hours'}`);
  return `${parts.join(' ')} left`;
}

function minutesText(minutes) {
  if (minutes <= 0) return 'Time is up';
  if (minutes < 60) return `${Math.max(1, Math.floor(minutes))} min left`;
  return hoursText(Math.floor(minutes / 60));
}

/** Reward with its promotion: "+950 Coins", and the plain amount struck through when a promotion raises it. */
function reward(total, promoted, { large = false, badge = true } = {}) {
  const hasPromo = promoted !== null && promoted !== undefined && Number(promoted) > Number(total);
  const bonus = hasPromo && Number(total) > 0 ? Math.round((Number(promoted) / Number(total) - 1) * 100) : null;
  return h('span', { class: large ? 'reward large' : 'reward' },
    hasPromo && badge ? h('span', { class: 'badge promo' }, bonus ? `+${bonus}% bonus` : 'Bonus') : null,
    hasPromo ? h('s', { class: 'was' }, h('span', { class: 'visually-hidden' }, 'was '), amount(total)) : null,
    h('strong', { class: 'amount' }, `+${amount(hasPromo ? promoted : total)}`),
    h('span', { class: 'currency' }, ` ${currency}`));
}

function offerCard(offer, started) {
  const steps = offer.events.length;
  const done = offer.events.filter((e) => e.status === 'completed').length;
  const meta = [...offer.categories, steps === 1 ? '1 step' : `${steps} steps`];
  return h('li', {},
    h('a', { class: 'offer-card', href: `#/offer/${encodeURIComponent(offer.id)}`, 'data-offer-id': offer.id },
      offerIcon(offer.id, offer.icon_url, 'icon', 64),
      h('span', { class: 'offer-text' },
        h('span', { class: 'offer-name' }, offer.anchor),
        h('span', { class: 'offer-meta' }, started ? `${done} of ${steps} steps completed` : meta.join(' · '))),
      reward(offer.total_points, offer.total_points_promotional)));
}

function section(id, title, items, empty) {
  return h('section', { class: 'offer-section', 'aria-labelledby': id },
    h('h2', { id, tabindex: -1 }, title),
    items.length > 0 ? h('ul', { class: 'offer-list' }, items) : h('p', { class: 'muted' }, empty));
}

async function showOffers() {
  const list = await api('GET', '/v1/client/offers');
  const parts = [];
  if (list.started_offers.length > 0)
    parts.push(section('started-title', 'Continue where you left off', list.started_offers.map((o) => offerCard(o, true)), ''));
  parts.push(section('offers-title', `Offers (${list.offers.length})`, list.offers.map((o) => offerCard(o, false)),
    'No new offers right now. Come back later!'));
  replace(main, parts);
  say(`${list.offers.length} offers`);
}

function eventRow(event, index, started) {
  const status = started ? event.status : 'new';
  const earned = Number(event.approved_cpa ?? 0);
  const detail = [];
  if (started && event.minutes_left !== null && event.minutes_left !== undefined && status !== 'completed') detail.push(minutesText(event.minutes_left));
  if (event.type === 'dynamic') detail.push('per purchase, varies with the amount');
  if (started && earned > 0) detail.push(`earned ${points(earned)}`);
  if (started && Number(event.pending_cpa ?? 0) > 0) detail.push(`${points(event.pending_cpa)} pending`);
  const promised = event.promised_points ?? event.points;
  const promoted = event.promotional_points;
  return h('li', { class: `event status-${status}`, 'data-status': status, 'data-event': event.name },
    h('span', { class: 'event-step', 'aria-hidden': 'true' }, String(index + 1)),
    h('span', { class: 'event-body' },
      h('span', { class: 'event-name' }, event.name),
      detail.length > 0 ? h('span', { class: 'event-detail' }, detail.join(' · ')) : null),
    h('span', { class: 'event-side' },
      event.payable && !isZero(promised) ? reward(promised, promoted, { badge: false }) : h('span', { class: 'muted small' }, 'no reward'),
      started ? h('span', { class: `badge ${status} event-status` }, statusWords[status] ?? status) : null));
}

async function showOffer(offerId) {
  const list = await api('GET', '/v1/client/offers');
  const fromList = list.started_offers.find((o) => o.id === offerId) ?? list.offers.find((o) => o.id === offerId);
  const started = list.started_offers.some((o) => o.id === offerId);
  const details = started ? await api('GET', `/v1/client/user/history/offers/${encodeURIComponent(offerId)}`) : null;
  if (!fromList && !details) throw new ApiError(404, 'offer not found');

  const name = details?.anchor ?? fromList.anchor;
  const events = details?.events ?? fromList.events;
  const total = details?.total_points ?? fromList.total_points;
  const promoted = details ? details.total_promotional_points : fromList.total_points_promotional;
  const completed = details?.completed ?? false;
  const hasDynamic = events.some((e) => e.type === 'dynamic');

  const button = h('button', { type: 'button', class: 'start', id: 'start-offer' }, started ? 'Continue' : 'Start offer');
  button.addEventListener('click', () => start(offerId, button));
  const openedNote = opened?.offerId === offerId
    ? h('p', { class: 'notice', id: 'opened-note', tabindex: -1 }, 'The offer opened in a new tab: come back here to see your progress. ',
      h('a', { href: opened.url, target: '_blank', rel: 'noopener noreferrer', id: 'open-again' }, 'Open the offer again'))
    : null;

  const progress = details
    ? h('p', { class: 'progress' },
      h('strong', {}, `${details.completed_events} of ${details.events.length} steps completed`),
      ` · earned ${points(details.total_approved_points)}`,
      isZero(details.total_pending_points) ? '' : ` · ${points(details.total_pending_points)} pending`)
    : null;

  const thingsToKnow = details?.things_to_know ?? [];
  replace(main,
    h('p', {}, h('a', { href: '#/', class: 'back' }, '← All offers')),
    h('article', { class: 'offer-page', 'aria-labelledby': 'offer-title' },
      h('header', { class: 'offer-head' },
        offerIcon(offerId, details?.icon_url ?? fromList.icon_url, 'icon', 64),
        h('div', {},
          h('h2', { id: 'offer-title', tabindex: -1 }, name),
          h('p', { class: 'muted small' }, (details?.categories ?? fromList.categories).join(' · ')))),
      h('p', { class: 'offer-total' }, hasDynamic ? 'Earn up to ' : 'Earn ', reward(total, promoted, { large: true })),
      details && details.hours_left !== null && !completed ? h('p', { class: 'time-left', id: 'time-left' }, details.hours_left > 0 ? `${hoursText(details.hours_left)} to complete this offer` : 'Time is up: this offer can no longer be completed') : null,
      progress,
      completed
        ? h('p', { class: 'notice' }, 'You completed every step of this offer. Well done!')
        : h('div', { class: 'actions' }, button),
      openedNote,
      h('p', { class: 'description' }, details?.description ?? fromList.description),
      h('h3', {}, 'Steps'),
      h('ol', { class: 'events', id: 'events' }, events.map((e, i) => eventRow(e, i, started))),
      (details?.requirements ?? fromList.requirements) ? [h('h3', {}, 'Requirements'), h('p', {}, details?.requirements ?? fromList.requirements)] : null,
      thingsToKnow.length > 0 ? [h('h3', {}, 'Things to know'), h('ul', { class: 'things' }, thingsToKnow.map((t) => h('li', {}, t)))] : null,
      h('p', { class: 'muted small' },
        (details?.confirmation_time ?? fromList.confirmation_time) ? `Rewards are confirmed: ${details?.confirmation_time ?? fromList.confirmation_time}. ` : '',
        details?.disclaimer ?? '')));
  say(`${name}: ${started ? `${details.completed_events} of ${details.events.length} steps completed` : 'not started'}`);
}

/** The real click flow: the server records the click and answers the advertiser's tracking link, which opens in a new tab. */
async function start(offerId, button) {
  button.disabled = true;
  button.textContent = 'Opening…';
  try {
    const started = await api('POST', `/v1/client/offers/${encodeURIComponent(offerId)}/start${deviceQuery ? `?${deviceQuery}` : ''}`);
    const url = webUrl(started.continue_url);
    if (url) {
      opened = { offerId, url };
      window.open(url, '_blank', 'noopener,noreferrer');
    }
    await route();
    document.getElementById('opened-note')?.focus();
  } catch (error) {
    button.disabled = false;
    button.textContent = 'Try again';
    showError(error, { inline: button.parentElement });
  }
}

async function showHistory() {
  const items = await api('GET', '/v1/client/user/started-offers');
  replace(main, h('section', { class: 'offer-section', 'aria-labelledby': 'history-title' },
    h('h2', { id: 'history-title', tabindex: -1 }, 'My offers'),
    items.length === 0
      ? h('p', { class: 'muted' }, 'You have not started an offer yet. ', h('a', { href: '#/' }, 'See the offers'))
      : h('ul', { class: 'offer-list' }, items.map((item) => h('li', {},
        h('a', { class: 'offer-card', href: `#/offer/${encodeURIComponent(item.offer_id)}`, 'data-offer-id': item.offer_id, 'data-status': item.status },
          offerIcon(item.offer_id, item.icon_url, 'icon', 64),
          h('span', { class: 'offer-text' },
            h('span', { class: 'offer-name' }, item.anchor),
            h('span', { class: 'offer-meta' }, `${item.completed_events} of ${item.total_events} steps · started ${item.started_at.slice(0, 10)}`)),
          h('span', { class: 'history-side' },
            h('span', { class: 'history-points' }, `${points(item.points)} earned`),
            isZero(item.pending_points) ? null : h('span', { class: 'muted' }, `${points(item.pending_points)} pending`),
            h('span', { class: `badge ${item.status}` }, historyWords[item.status] ?? item.status))))))));
  say(`${items.length} offers started`);
}

function showError(error, { inline = null } = {}) {
  const [title, advice] = errorWords(error);
  const alert = h('div', { class: 'alert', role: 'alert', id: 'wall-error', 'data-status': String(error.status) },
    h('strong', {}, title), h('span', {}, advice));
  if (inline) {
    inline.querySelector('.alert')?.remove();
    inline.append(alert);
    return;
  }
  const retry = h('button', { type: 'button', class: 'secondary' }, 'Try again');
  retry.addEventListener('click', () => route());
  replace(main, alert, error.status === 'link' ? null : retry);
}

function say(text) {
  announce.textContent = text;
}

function markNav(view) {
  for (const [id, name] of [['nav-offers', 'offers'], ['nav-history', 'history']]) {
    const link = document.getElementById(id);
    if (name === view) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

let routeCount = 0;
async function route() {
  const hash = location.hash;
  const offerMatch = /^#\/offer\/(.+)$/.exec(hash);
  const view = offerMatch ? 'offer' : hash === '#/history' ? 'history' : 'offers';
  markNav(view === 'offer' ? null : view);
  main.setAttribute('aria-busy', 'true');
  const first = routeCount++ === 0;
  try {
    if (view === 'offer') await showOffer(decodeURIComponent(offerMatch[1]));
    else if (view === 'history') await showHistory();
    else await showOffers();
    // Moving focus to the new view's heading tells keyboard and screen-reader users where they are.
    if (!first) main.querySelector('h2[tabindex="-1"]')?.focus();
  } catch (error) {
    showError(error);
  } finally {
    main.removeAttribute('aria-busy');
  }
}

async function loadApp() {
  if (!token) return;
  try {
    const response = await fetch('/wall/app', { headers: { 'X-Api-Token': token, Accept: 'application/json' }, cache: 'no-store' });
    if (!response.ok) return;
    const app = (await response.json()).data;
    currency = app.currency_name;
    document.getElementById('wall-title').textContent = `Earn ${app.currency_name}`;
    document.getElementById('wall-subtitle').textContent = `Complete offers to earn ${app.currency_name} in ${app.name}.`;
    document.title = `Earn ${app.currency_name} · ${app.name}`;
  } catch { /* the offers call below reports the problem */ }
}

window.addEventListener('hashchange', () => route());
// Back from the advertiser's tab: show the progress as it is now.
document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible' && routeCount > 0) route(); });
await loadApp();
await route();
