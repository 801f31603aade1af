// The partner dashboard: /dashboard. The partner signs in with its server key, which is kept in
// sessionStorage only (this tab, until it closes) and sent as "Authorization: Bearer" to the partner
// API on this server: the Data API (conversions), the postback deliveries, and the dashboard's
// summary and settings calls, the partner reports and the offer catalog. Views, by the URL's hash:
// #conversions, #report (dashboard-report.js), #offers (dashboard-catalog.js), #postbacks, #settings.
import { h, replace, amount, integer, usd, utc } from './dom.js';
import { barChart, dayLabel } from './chart.js';
import { $, session, call, showProblem, query, total, pager, latest } from './dashboard-common.js';
import { loadReport, wireReport } from './dashboard-report.js';
import { loadCatalog, wireCatalog } from './dashboard-catalog.js';

// ---------------------------------------------------------------- signing in and out

async function signIn(event) {
  event.preventDefault();
  const input = $('server-key');
  const candidate = input.value.trim();
  const error = $('sign-in-error');
  if (!candidate) {
    error.textContent = 'Enter your partner server key.';
    input.focus();
    return;
  }
  const button = $('sign-in-button');
  button.disabled = true;
  try {
    session.me = await call('GET', '/data/partner/me', candidate);
    session.keep(candidate);
    input.value = '';
    error.textContent = '';
    start();
  } catch (e) {
    error.textContent = e.message;
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  } finally {
    button.disabled = false;
  }
}

function signOut(message = '') {
  session.forget();
  $('account').hidden = true;
  $('tabs').hidden = true;
  for (const view of document.querySelectorAll('.view')) view.hidden = true;
  for (const area of document.querySelectorAll('.view [data-area]')) replace(area);
  for (const name of Object.keys(loaded)) loaded[name] = false;
  // The next partner to sign in on this tab starts from the defaults, not from the last one's filters.
  for (const form of document.querySelectorAll('.view form')) {
    form.reset();
    form.removeAttribute('aria-busy');
  }
  $('sign-in').hidden = false;
  $('sign-in-error').textContent = message;
  $('server-key').focus();
}

async function start() {
  if (!session.me) {
    try {
      session.me = await call('GET', '/data/partner/me');
    } catch (e) {
      if (e.status !== 401) signOut(e.message);
      return;
    }
  }
  $('sign-in').hidden = true;
  $('account').hidden = false;
  $('tabs').hidden = false;
  $('partner-name').textContent = session.me.name;
  document.title = `${session.me.name} · Partner dashboard`;
  await route();
}

// ---------------------------------------------------------------- views

const views = ['conversions', 'report', 'offers', 'postbacks', 'settings'];
/** Each view loads once with its form's defaults; later its form's Apply reloads it. Signing out forgets all. */
const loaded = { conversions: false, report: false, offers: false, postbacks: false };

async function route() {
  if (!session.key) return;
  const view = views.includes(location.hash.slice(1)) ? location.hash.slice(1) : 'conversions';
  for (const name of views) {
    $(`view-${name}`).hidden = name !== view;
    const tab = $(`tab-${name}`);
    if (name === view) {
      tab.setAttribute('aria-current', 'page');
      // On a phone the tabs scroll sideways: keep the current one in sight.
      tab.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    } else {
      tab.removeAttribute('aria-current');
    }
  }
  if (view === 'conversions' && !loaded.conversions) await loadConversions();
  if (view === 'report' && !loaded.report) loaded.report = await loadReport();
  if (view === 'offers' && !loaded.offers) loaded.offers = await loadCatalog();
  if (view === 'postbacks' && !loaded.postbacks) await loadPostbacks();
  if (view === 'settings') await showSettings();
}

// ---------------------------------------------------------------- conversions: chart, totals, table

const conversionRequests = latest();
const tableRequests = latest();

async function loadConversions() {
  const form = $('filters');
  const summaryParams = query(form, ['per_page']);
  const error = $('conversions-error');
  replace(error);
  const ticket = conversionRequests.begin();
  form.setAttribute('aria-busy', 'true');
  try {
    const summary = await call('GET', `/data/partner/summary?${summaryParams}`);
    if (!conversionRequests.current(ticket)) return;
    // The range as the server resolved it (its default is the last 7 Eastern days), so table and chart agree.
    $('f-from').value = summary.from_date;
    $('f-to').value = summary.to_date;
    showSummary(summary);
    loaded.conversions = true;
    await loadTable(`/data/partner/conversions?${query(form)}`);
  } catch (e) {
    if (conversionRequests.current(ticket)) showProblem(error, e);
  } finally {
    if (conversionRequests.current(ticket)) form.removeAttribute('aria-busy');
  }
}

function showSummary(summary) {
  const t = summary.totals;
  const unit = session.me.currency_name;
  replace($('totals'),
    total('total-conversions', 'Conversions', t.conversions, integer(t.conversions)),
    total('total-reversals', 'Reversals', t.reversals, integer(t.reversals)),
    total('total-payout', 'Net payout (USD)', t.payout, usd(t.payout)),
    total('total-reward', `Net user rewards (${unit})`, t.reward_local_currency, amount(t.reward_local_currency)));
  const range = `${dayLabel(summary.from_date)} to ${dayLabel(summary.to_date)}`;
  replace($('charts'),
    barChart({
      id: 'chart-conversions', title: `Conversions per day, ${range} (US Eastern)`, days: summary.data,
      summary: `${integer(t.conversions)} conversions and ${integer(t.reversals)} reversals in ${summary.data.length} days.`,
      series: [
        { name: 'conversions', className: 'bar-conversions', value: (d) => d.conversions },
        { name: 'reversals', className: 'bar-reversals', value: (d) => -d.reversals },
      ],
      format: (v) => integer(Math.abs(v)),
      minStep: 1,
    }),
    barChart({
      id: 'chart-payout', title: `Net payout per day (USD), ${range} (US Eastern)`, days: summary.data,
      summary: `${usd(t.payout)} net payout in ${summary.data.length} days.`,
      series: [{ name: 'net payout', className: 'bar-payout', negativeClassName: 'bar-reversals', value: (d) => d.payout }],
      format: (v) => usd(v),
    }),
    h('details', { class: 'chart-data' },
      h('summary', {}, 'The numbers behind the charts'),
      h('table', { class: 'data-table compact' },
        h('caption', { class: 'visually-hidden' }, 'Per US Eastern day'),
        h('thead', {}, h('tr', {}, ['Day', 'Conversions', 'Reversals', 'Net payout (USD)', `Net rewards (${unit})`].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, summary.data.map((d) => h('tr', {},
          h('th', { scope: 'row' }, d.date), h('td', {}, integer(d.conversions)), h('td', {}, integer(d.reversals)),
          h('td', {}, usd(d.payout)), h('td', {}, amount(d.reward_local_currency))))))));
}

async function loadTable(path, focus = false) {
  const ticket = tableRequests.begin();
  const page = await call('GET', path);
  if (!tableRequests.current(ticket)) return;
  const rows = page.data;
  const hasType = rows.some((r) => r.type !== undefined);
  const columns = ['Date and time (ET)', 'Transaction', 'User', 'Offer', 'Goal', 'Reward (USD)', `Reward (${session.me.currency_name})`, 'Payout (USD)', 'Row'];
  if (hasType) columns.push('Type');
  const caption = h('caption', { tabindex: -1, id: 'conversions-caption' },
    page.meta.total === 0 ? 'No conversions match these filters.'
      : `Rows ${integer(page.meta.from ?? 0)}–${integer(page.meta.to ?? 0)} of ${integer(page.meta.total)}` +
        (page.meta.from === null ? ' (past the last page)' : ''));
  const table = h('table', { class: 'data-table', id: 'conversions-table', 'data-total': String(page.meta.total) },
    caption,
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, rows.map((r) => h('tr', { 'data-transaction-id': String(r.transaction_id), 'data-reverse': r.reverse ? '1' : '0' },
      h('td', { class: 'nowrap' }, r.date_time),
      h('td', {}, String(r.transaction_id)),
      h('td', {}, r.user_id),
      h('td', {}, h('span', { class: 'cell-main' }, r.offer_name), h('code', { class: 'cell-sub' }, r.offer_id)),
      h('td', {}, h('span', { class: 'cell-main' }, r.note), h('code', { class: 'cell-sub' }, r.goal_id)),
      h('td', { class: 'num' }, usd(r.reward)),
      h('td', { class: 'num' }, amount(r.reward_local_currency)),
      h('td', { class: 'num' }, usd(r.payout)),
      h('td', {}, r.reverse ? h('span', { class: 'badge reversal' }, 'Reversal') : h('span', { class: 'badge approved' }, 'Conversion')),
      hasType ? h('td', {}, r.type === 'survey' ? `Survey ${r.survey_id ?? ''}` : 'Offer') : null))));
  replace($('table-area'), h('div', { class: 'table-scroll' }, table), pager(page.meta, 'Conversion pages', (url) => loadTable(url, true), $('conversions-error')));
  if (focus) caption.focus();
}

// ---------------------------------------------------------------- postbacks

let postbackQuery = '';
const postbackRequests = latest();

async function loadPostbacks(path = null) {
  const error = $('postbacks-error');
  replace(error);
  const ticket = postbackRequests.begin();
  try {
    const page = await call('GET', path ?? `/data/partner/postbacks?${query($('postback-filters'))}`);
    if (!postbackRequests.current(ticket)) return;
    postbackQuery = path ?? `/data/partner/postbacks?${query($('postback-filters'))}`;
    loaded.postbacks = true;
    showPostbacks(page);
  } catch (e) {
    if (postbackRequests.current(ticket)) showProblem(error, e);
  }
}

function showPostbacks(page) {
  const replayDead = h('button', { type: 'button', class: 'secondary', id: 'replay-dead' }, 'Replay every dead delivery of these days');
  replayDead.addEventListener('click', async () => {
    const filters = query($('postback-filters'), ['status', 'transaction_id']);
    try {
      const result = await call('POST', `/data/partner/postbacks/replay?${filters}`);
      replace($('postbacks-error'), h('p', { class: 'notice', role: 'status' }, `${integer(result.replayed)} dead deliveries queued again.`));
      await loadPostbacks(postbackQuery);
    } catch (e) {
      showProblem($('postbacks-error'), e);
    }
  });
  const rows = page.data;
  replace($('postbacks-area'),
    h('div', { class: 'toolbar' }, replayDead),
    h('div', { class: 'table-scroll' }, h('table', { class: 'data-table', id: 'postbacks-table' },
      h('caption', {}, page.meta.total === 0 ? 'No deliveries match these filters.' : `Deliveries ${integer(page.meta.from ?? 0)}–${integer(page.meta.to ?? 0)} of ${integer(page.meta.total)}, newest first`),
      h('thead', {}, h('tr', {}, ['Delivery', 'Transaction', 'Event', 'Status', 'Attempts', 'Created (UTC)', 'Delivered or next attempt (UTC)', ''].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows.map((d) => {
        const details = h('button', { type: 'button', class: 'secondary small-button', 'aria-label': `Details of delivery ${d.id}` }, 'Details');
        details.addEventListener('click', () => showDelivery(d.id, true));
        return h('tr', { 'data-delivery-id': String(d.id), 'data-status': d.status },
          h('td', {}, String(d.id)),
          h('td', {}, `${d.transaction_id}${d.reverse ? ' (reversal)' : ''}`),
          h('td', {}, d.event),
          h('td', {}, h('span', { class: `badge ${d.status}` }, d.status)),
          h('td', { class: 'num' }, String(d.attempts)),
          h('td', { class: 'nowrap' }, utc(d.created_at)),
          h('td', { class: 'nowrap' }, d.delivered_at ? utc(d.delivered_at) : d.next_attempt_at ? `next ${utc(d.next_attempt_at)}` : '—'),
          h('td', {}, details));
      })))),
    pager(page.meta, 'Delivery pages', (url) => loadPostbacks(url), $('postbacks-error')));
}

async function showDelivery(id, focus = false, note = null) {
  const area = $('delivery-area');
  let detail;
  try {
    detail = await call('GET', `/data/partner/postbacks/${id}`);
  } catch (e) {
    showProblem(area, e);
    return null;
  }
  const d = detail.delivery;
  const replay = h('button', { type: 'button', id: 'replay-delivery' }, 'Replay');
  replay.addEventListener('click', () => replayDelivery(d.id, replay));
  const heading = h('h3', { tabindex: -1, id: 'delivery-title' }, `Delivery ${d.id}`);
  replace(area, h('section', { class: 'delivery', 'aria-labelledby': 'delivery-title', 'data-status': d.status },
    heading,
    h('dl', { class: 'facts' },
      h('dt', {}, 'Status'), h('dd', {}, h('span', { class: `badge ${d.status}`, id: 'delivery-status' }, d.status)),
      h('dt', {}, 'Transaction'), h('dd', {}, `${d.transaction_id}${d.reverse ? ' (reversal)' : ''}`),
      h('dt', {}, 'Event'), h('dd', {}, d.event),
      h('dt', {}, 'Created'), h('dd', {}, utc(d.created_at)),
      h('dt', {}, d.delivered_at ? 'Delivered' : 'Next attempt'), h('dd', {}, utc(d.delivered_at ?? d.next_attempt_at) || '—')),
    h('div', { class: 'toolbar' }, replay,
      h('span', { class: 'muted small' }, 'Sends it again from the start of the retry schedule. Your server should credit each (transaction, reversal) once.')),
    note ? h('p', { class: 'notice', role: 'status', id: 'replay-note' }, note) : null,
    h('div', { class: 'table-scroll' }, h('table', { class: 'data-table', id: 'attempts-table' },
      h('caption', {}, detail.attempts.length === 0 ? 'No attempt yet.' : `${detail.attempts.length} attempts, oldest first`),
      h('thead', {}, h('tr', {}, ['#', 'Time (UTC)', 'Answer', 'Latency', 'URL', 'Response or error'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, detail.attempts.map((a, i) => h('tr', {},
        h('td', {}, String(i + 1)),
        h('td', { class: 'nowrap' }, utc(a.at)),
        h('td', {}, a.status_code === null ? h('span', { class: 'badge dead' }, 'no answer')
          : h('span', { class: `badge ${a.status_code >= 200 && a.status_code < 300 ? 'delivered' : 'dead'}` }, `HTTP ${a.status_code}`)),
        h('td', { class: 'num nowrap' }, `${integer(a.latency_ms)} ms`),
        h('td', {}, h('code', {}, a.url)),
        h('td', {}, h('code', {}, a.response)))))))));
  if (focus) heading.focus();
  return d;
}

async function replayDelivery(id, button) {
  button.disabled = true;
  try {
    await call('POST', `/data/partner/postbacks/${id}/replay`);
  } catch (e) {
    showProblem($('delivery-area'), e);
    return;
  }
  let d = await showDelivery(id, false, `Delivery ${id} is queued again: it is sent within seconds.`);
  // Follow it for a few seconds, until the worker has tried it.
  for (let i = 0; i < 15 && d?.status === 'pending'; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    d = await showDelivery(id, false, `Delivery ${id} is queued again: it is sent within seconds.`);
  }
  if (d && d.status !== 'pending') {
    await showDelivery(id, false, d.status === 'delivered' ? `Delivery ${id} was delivered.` : `Delivery ${id} failed again: see the last attempt.`);
  }
  await loadPostbacks(postbackQuery);
}

// ---------------------------------------------------------------- settings

async function showSettings() {
  // Read again: the operator may have changed them since signing in.
  try {
    session.me = await call('GET', '/data/partner/me');
  } catch (e) {
    showProblem($('settings-area'), e);
    return;
  }
  const ratio = Number(session.me.currency_ratio);
  replace($('settings-area'), h('dl', { class: 'facts settings', id: 'settings-list' },
    h('dt', {}, 'Name'), h('dd', {}, session.me.name),
    h('dt', {}, 'Currency'), h('dd', {}, `${session.me.currency_name}: ${amount(ratio)} ${session.me.currency_name} per USD of user reward`),
    h('dt', {}, 'Revenue share'), h('dd', {}, `${amount(Number(session.me.revenue_share) * 100)} % of the advertiser's payout`),
    h('dt', {}, 'Surveys'), h('dd', {}, session.me.surveys_enabled ? 'Enabled' : 'Not enabled'),
    h('dt', {}, 'Postback URL'), h('dd', {}, session.me.postback_url ? h('code', { id: 'settings-postback-url' }, session.me.postback_url) : 'None: no postbacks are sent'),
    h('dt', {}, 'Postback format'), h('dd', {}, session.me.postback_format === 'standard_webhooks' ? 'JSON POST, signed the Standard Webhooks way' : 'GET with a signature parameter'),
    h('dt', {}, 'Stateful postbacks'), h('dd', {}, session.me.stateful_postbacks ? 'Yes: also pending and cancelled conversions' : 'No: approved conversions and reversals only')));
}

// ---------------------------------------------------------------- wiring

$('sign-in-form').addEventListener('submit', signIn);
$('sign-out').addEventListener('click', () => signOut('You are signed out.'));
session.onUnauthorized = signOut;
wireReport();
wireCatalog();
$('filters').addEventListener('submit', (event) => { event.preventDefault(); loadConversions(); });
$('postback-filters').addEventListener('submit', (event) => { event.preventDefault(); replace($('delivery-area')); loadPostbacks(); });
window.addEventListener('hashchange', () => {
  route();
  document.querySelector('.view:not([hidden]) h2')?.focus();
});

if (session.key) await start();
else signOut();
