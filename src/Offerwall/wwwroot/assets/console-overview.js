// Overview (#overview): today against yesterday, money per day for 30 days, the top offers and
// partners, caps about to run out, the review queue and the postback queue. Each panel loads on its
// own (GET /admin/reports, /admin/offers, /admin/review, /admin/postbacks/queue), so one failing
// call leaves the others on screen.
import { get, query } from './console-api.js';
import { h, replace, title, section, fill, table, stat, status, money, count, percent, when, duration, zone, note } from './console-ui.js';
import { moneyChart } from './console-chart.js';

/** "2026-11-23" plus n days. */
export function addDays(day, n) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** GET /admin/reports in the operator's zone. */
export const report = (params) => get(`/admin/reports?${query({ time_zone: zone, ...params })}`);

const METRICS = [
  ['revenue', 'Revenue', money],
  ['cost', 'Cost (partners)', money],
  ['margin', 'Margin', money],
  ['clicks', 'Clicks', count],
  ['approved', 'Approved conversions', count],
];

function change(now, before) {
  const a = Number(now);
  const b = Number(before);
  if (b === 0) return a === 0 ? 'same as yesterday' : 'none yesterday';
  const ratio = (a - b) / Math.abs(b);
  const arrow = ratio > 0 ? '▲' : ratio < 0 ? '▼' : '';
  return h('span', {}, h('span', { class: ratio > 0 ? 'up' : ratio < 0 ? 'down' : null }, `${arrow} ${percent(Math.abs(ratio))}`), ' vs yesterday');
}

async function todayPanel(area, range) {
  const week = await report({ group_by: 'day' });
  range.to = week.to_date;
  const byDay = new Map(week.rows.map((r) => [r.day, r]));
  const today = byDay.get(week.to_date) ?? {};
  const yesterday = byDay.get(addDays(week.to_date, -1)) ?? {};
  replace(area, h('div', { class: 'stats', id: 'today-stats' }, METRICS.map(([key, label, format]) =>
    stat(`today-${key}`, `${label} today`, format(today[key] ?? 0), h('span', {}, `${format(yesterday[key] ?? 0)} yesterday · `, change(today[key] ?? 0, yesterday[key] ?? 0)),
      today[key] ?? 0))));
}

async function moneyPanel(to) {
  const from = addDays(to, -29);
  const month = await report({ group_by: 'day', from_date: from, to_date: to });
  const byDay = new Map(month.rows.map((r) => [r.day, r]));
  const days = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(byDay.get(d) ?? { day: d, revenue: 0, cost: 0, margin: 0 });
  const t = month.totals;
  return [
    h('div', { class: 'stats', id: 'month-stats' },
      stat('month-revenue', 'Revenue, 30 days', money(t.revenue), null, t.revenue),
      stat('month-cost', 'Cost, 30 days', money(t.cost), null, t.cost),
      stat('month-margin', 'Margin, 30 days', money(t.margin), Number(t.revenue) ? `${percent(Number(t.margin) / Number(t.revenue))} of revenue` : null, t.margin),
      stat('month-epc', 'EPC, 30 days', money(t.epc), `conversion rate ${percent(t.conversion_rate)}`)),
    moneyChart({
      id: 'chart-money', title: `Revenue, cost and margin per day, ${from} to ${to} (${zone})`, rows: days,
      summary: `${money(t.revenue)} revenue, ${money(t.cost)} cost and ${money(t.margin)} margin in 30 days.`,
    }),
  ];
}

function topTable(id, rows, name, link) {
  const top = [...rows].sort((a, b) => Number(b.revenue) - Number(a.revenue)).slice(0, 5);
  return table({
    id, rows: top, empty: 'No revenue in these 30 days.',
    columns: [
      { label: 'Name', value: (r) => h('a', { href: link(r) }, name(r)) },
      { label: 'Revenue', num: true, value: (r) => money(r.revenue) },
      { label: 'Margin', num: true, value: (r) => money(r.margin) },
      { label: 'Clicks', num: true, value: (r) => count(r.clicks) },
      { label: 'Approved', num: true, value: (r) => count(r.approved) },
      { label: 'EPC', num: true, value: (r) => money(r.epc) },
    ],
  });
}

/** Offers whose own caps are reached or have a fifth or less left, today or in all. */
export function capsRunningOut(offers) {
  const rows = [];
  for (const o of offers) {
    for (const [period, p] of [['today', o.today], ['in all', o.total]]) {
      if (!p) continue;
      if (p.conversions_cap !== null) rows.push({ offer: o, period, what: 'conversions', left: p.conversions_left, cap: p.conversions_cap, format: count });
      if (p.budget !== null) rows.push({ offer: o, period, what: 'budget', left: p.budget_left, cap: p.budget, format: money });
    }
  }
  return rows.filter((r) => r.offer.budget_status === 'capped' || Number(r.left) <= Number(r.cap) * 0.2)
    .sort((a, b) => Number(a.left) / Math.max(Number(a.cap), 1e-9) - Number(b.left) / Math.max(Number(b.cap), 1e-9));
}

async function capsPanel() {
  const rows = capsRunningOut(await get('/admin/offers'));
  return table({
    id: 'caps-table', rows: rows.slice(0, 10), empty: 'No offer is near a cap.',
    columns: [
      { label: 'Offer', value: (r) => h('a', { href: `#offer/${encodeURIComponent(r.offer.id)}` }, r.offer.name) },
      { label: 'Status', value: (r) => status(r.offer.budget_status) },
      { label: 'Cap', value: (r) => `${r.what} ${r.period}` },
      { label: 'Left', num: true, value: (r) => `${r.format(r.left)} of ${r.format(r.cap)}` },
    ],
  });
}

async function queuePanel() {
  const q = await get('/admin/postbacks/queue');
  const late = q.oldest_due_at ? Date.parse(q.now) - Date.parse(q.oldest_due_at) : null;
  return [
    h('div', { class: 'stats', id: 'queue-stats' },
      stat('queue-pending', 'Postbacks pending', count(q.pending), `${count(q.due)} due now, ${count(q.waiting)} waiting for a URL or a suspended partner`, q.pending),
      stat('queue-oldest', 'Oldest due', q.oldest_due_at ? when(q.oldest_due_at) : 'nothing due',
        late === null ? 'the worker is up to date' : `due ${duration(late)} ago (delivery ${q.oldest_due_id})`),
      stat('queue-dead', 'Dead deliveries', count(q.dead), 'out of retries, replayable', q.dead)),
    q.failing_partners.length === 0 ? h('p', { class: 'muted' }, 'No partner\'s postbacks are failing.')
      : h('p', { id: 'failing-partners' }, 'Failing: ', q.failing_partners.map((p, i) => [i > 0 ? ', ' : '',
        h('a', { href: `#postbacks?partner_id=${p.partner_id}` }, p.partner_name), ` (${count(p.dead)} dead, ${count(p.retrying)} retrying)`])),
  ];
}

async function reviewPanel() {
  const items = await get('/admin/review?limit=1000');
  const held = items.filter((i) => i.review === 'held').length;
  const flagged = items.length - held;
  const parts = [held ? `${count(held)} held` : null, flagged ? `${count(flagged)} flagged` : null].filter(Boolean).join(' and ');
  return h('p', { id: 'review-summary' }, items.length === 0 ? 'The review queue is empty.'
    : h('a', { href: '#review' }, `${parts} conversion${items.length === 1 ? ' waits' : 's wait'} for review`), items.length >= 1000 ? ' (at least)' : '');
}

export async function render(area) {
  const todayArea = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  const moneyArea = h('div');
  const offersArea = h('div');
  const partnersArea = h('div');
  const capsArea = h('div');
  const queueArea = h('div');
  const reviewArea = h('div');
  area.append(
    title('Overview'),
    todayArea, moneyArea,
    h('div', { class: 'grid-2' }, section('Top offers by revenue, 30 days', offersArea), section('Top partners by revenue, 30 days', partnersArea)),
    h('div', { class: 'grid-2' }, section('Caps about to run out', capsArea), section('Review queue', reviewArea)),
    section('Postback delivery queue', queueArea));
  fill(capsArea, capsPanel);
  fill(queueArea, queuePanel);
  fill(reviewArea, reviewPanel);
  const range = {};
  try {
    await todayPanel(todayArea, range);
  } catch (e) {
    await fill(todayArea, () => Promise.reject(e));
    replace(moneyArea, note('The reports are not available, so neither is the money chart.'));
    return;
  }
  const from = addDays(range.to, -29);
  fill(moneyArea, () => moneyPanel(range.to));
  fill(offersArea, async () => topTable('top-offers', (await report({ group_by: 'offer', from_date: from, to_date: range.to })).rows,
    (r) => r.offer_name, (r) => `#offer/${encodeURIComponent(r.offer_id)}`));
  fill(partnersArea, async () => topTable('top-partners', (await report({ group_by: 'partner', from_date: from, to_date: range.to })).rows,
    (r) => r.partner_name, (r) => `#partner/${r.partner_id}`));
}
