// The dashboard's report (#report): GET /data/partner/reports grouped by offer, country, day, …,
// for a range of days in a chosen time zone, as totals, a chart and a table; "Download CSV" saves
// GET /data/partner/reports/export.csv with the same parameters.
import { h, replace, amount, integer, usd } from './dom.js';
import { barChart, dayLabel } from './chart.js';
import { barsChart } from './dashboard-chart.js';
import { $, session, call, download, showProblem, query, total, latest } from './dashboard-common.js';

const REPORT = '/data/partner/reports';
const EXPORT = '/data/partner/reports/export.csv';
const DEFAULT_ZONE = 'America/New_York';
/** Bars drawn for a grouping other than days: the largest ones; every row is in the table. */
const TOP = 12;

const platformWords = { android: 'Android', ios: 'iOS', web: 'Web' };
const percent = new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
const cents = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 4, maximumFractionDigits: 4 });

let regions = null;
try { regions = new Intl.DisplayNames(['en'], { type: 'region' }); } catch { /* an older browser: the codes only */ }
/** "DE" → "Germany"; a code the browser does not know stays as it is. */
function countryName(code) {
  try { return regions?.of(code) ?? code; } catch { return code; }
}

const compactUsd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', notation: 'compact', maximumFractionDigits: 1 });
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

const rate = (value) => (value === null || value === undefined ? '—' : percent.format(Number(value)));
const epc = (value) => (value === null || value === undefined ? '—' : cents.format(Number(value)));

/** Each dimension: its column heading, the row's sort key and its words. */
const dimensions = {
  day: { heading: 'Day', key: (r) => r.day, cell: (r) => r.day },
  hour: { heading: 'Hour', key: (r) => r.hour, cell: (r) => r.hour.replace('T', ' ') },
  offer: { heading: 'Offer', key: (r) => r.offer_id, cell: (r) => [h('span', { class: 'cell-main' }, r.offer_name), h('code', { class: 'cell-sub' }, r.offer_id)],
    label: (r) => r.offer_name || r.offer_id },
  goal: { heading: 'Goal', key: (r) => `${r.offer_id}/${r.goal_id}`,
    cell: (r) => [h('span', { class: 'cell-main' }, r.goal_name), h('code', { class: 'cell-sub' }, `${r.goal_id} · ${r.offer_id}`)],
    label: (r) => r.goal_name || r.goal_id },
  country: { heading: 'Country', key: (r) => r.country,
    cell: (r) => (r.country ? [h('span', { class: 'cell-main' }, countryName(r.country)), h('code', { class: 'cell-sub' }, r.country)] : 'Unknown'),
    label: (r) => (r.country ? countryName(r.country) : 'Unknown') },
  platform: { heading: 'Platform', key: (r) => r.platform, cell: (r) => platformWords[r.platform] ?? (r.platform || 'Unknown'),
    label: (r) => platformWords[r.platform] ?? (r.platform || 'Unknown') },
};

/**
 * Whether a zone's offset from UTC is a whole number of hours in winter and in summer: the reports are
 * kept per UTC hour, so the API refuses the few zones that are not (India's, Nepal's, …).
 */
function wholeHours(zone, dates) {
  try {
    const format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    return dates.every((d) => !/:(?!00)\d\d$/.test(format.formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? ''));
  } catch {
    return false;
  }
}

/** Fills the time-zone list: the usual ones first (the browser's own among them), then every zone the browser knows that the API takes. */
function timeZones() {
  const select = $('r-zone');
  const year = new Date().getUTCFullYear();
  const dates = [new Date(Date.UTC(year, 0, 15)), new Date(Date.UTC(year, 6, 15))];
  const own = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const usual = [DEFAULT_ZONE, 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'UTC', 'Europe/London', 'Europe/Berlin',
    'Asia/Dubai', 'Asia/Singapore', 'Asia/Tokyo', 'Australia/Sydney'];
  if (own && !usual.includes(own) && wholeHours(own, dates)) usual.splice(1, 0, own);
  let all = [];
  try { all = Intl.supportedValuesOf('timeZone'); } catch { /* an older browser: the usual ones only */ }
  const named = (zone) => h('option', { value: zone, selected: zone === DEFAULT_ZONE }, zone === DEFAULT_ZONE ? `${zone} (US Eastern)`
    : zone === own ? `${zone} (this device)` : zone);
  replace(select,
    h('optgroup', { label: 'Usual' }, usual.map(named)),
    all.length ? h('optgroup', { label: 'Every time zone' }, all.filter((z) => !usual.includes(z) && wholeHours(z, dates)).map(named)) : null);
}

/** Every day from..to ("YYYY-MM-DD"), so a day with nothing still has its slot in the chart. */
function daysBetween(from, to) {
  const days = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`) && days.length <= 400; d.setUTCDate(d.getUTCDate() + 1)) {
    days.push(d.toISOString().slice(0, 10));
  }
  return days;
}

let current = null;
let zonesListed = false;
const requests = latest();

/** Loads the report for the form's parameters; true when it showed. */
export async function loadReport() {
  // The time zones are listed the first time the report is opened (checking 400 zones takes a moment).
  if (!zonesListed) {
    zonesListed = true;
    timeZones();
  }
  const form = $('report-filters');
  const error = $('report-error');
  replace(error);
  const params = query(form);
  if (params.has('country')) params.set('country', params.get('country').toUpperCase());
  const ticket = requests.begin();
  form.setAttribute('aria-busy', 'true');
  try {
    const report = await call('GET', `${REPORT}?${params}`);
    if (!requests.current(ticket)) return false;
    // The range as the server resolved it (its default is the last 7 days), so the CSV is the same report.
    $('r-from').value = report.from_date;
    $('r-to').value = report.to_date;
    params.set('from_date', report.from_date);
    params.set('to_date', report.to_date);
    current = { report, params };
    showReport(report);
    return true;
  } catch (e) {
    if (requests.current(ticket)) showProblem(error, e);
    return false;
  } finally {
    if (requests.current(ticket)) form.removeAttribute('aria-busy');
  }
}

function showReport(report) {
  const t = report.totals;
  const unit = report.currency_name ?? session.me?.currency_name ?? '';
  replace($('report-totals'),
    total('report-total-clicks', 'Clicks', t.clicks, integer(t.clicks)),
    total('report-total-approved', 'Approved conversions', t.approved, integer(t.approved)),
    total('report-total-reversals', 'Reversals', t.reversals, integer(t.reversals)),
    total('report-total-rate', 'Conversion rate', t.conversion_rate ?? '', rate(t.conversion_rate)),
    total('report-total-epc', 'EPC (USD per click)', t.epc ?? '', epc(t.epc)),
    total('report-total-payout', 'Net payout (USD)', t.payout, usd(t.payout)),
    total('report-total-reward', `Net user rewards (${unit})`, t.reward_local_currency, amount(t.reward_local_currency)));
  const groups = report.group_by.filter((g) => dimensions[g]);
  const byTime = groups[0] === 'day' || groups[0] === 'hour';
  // Days and hours in their order; anything else by what it earned, the largest first.
  const rows = [...report.rows].sort((a, b) => (byTime ? String(dimensions[groups[0]].key(a)).localeCompare(String(dimensions[groups[0]].key(b)))
    : Number(b.payout) - Number(a.payout) || Number(b.clicks) - Number(a.clicks)));
  current.rows = rows;
  current.groups = groups;
  drawCharts();
  replace($('report-area'), table(report, groups, rows, unit));
}

/** The width each chart is shown at: one column on a phone, two from 1000 px (dashboard.css). */
function chartWidth() {
  const area = $('report-chart');
  const columns = matchMedia('(min-width: 1000px)').matches ? 2 : 1;
  return (area.clientWidth - 16 * (columns - 1)) / columns - 34;
}

function drawCharts() {
  current.width = chartWidth();
  replace($('report-chart'), charts(current.report, current.groups, current.rows, current.width));
}

function rangeText(report) {
  return `${dayLabel(report.from_date)} to ${dayLabel(report.to_date)} (${report.time_zone})`;
}

function charts(report, groups, rows, width) {
  const t = report.totals;
  const range = rangeText(report);
  if (groups.length === 1 && groups[0] === 'day') {
    const byDay = new Map(rows.map((r) => [r.day, r]));
    const days = daysBetween(report.from_date, report.to_date)
      .map((date) => ({ date, clicks: 0, approved: 0, reversals: 0, payout: 0, ...byDay.get(date) }));
    return [
      barChart({ id: 'report-chart-conversions', title: `Approved conversions and reversals per day, ${range}`, days,
        summary: `${integer(t.approved)} approved conversions and ${integer(t.reversals)} reversals in ${days.length} days.`,
        series: [
          { name: 'approved', className: 'bar-conversions', value: (d) => Number(d.approved) },
          { name: 'reversals', className: 'bar-reversals', value: (d) => -Number(d.reversals) },
        ],
        format: (v) => integer(Math.abs(v)), minStep: 1 }),
      barChart({ id: 'report-chart-payout', title: `Net payout per day (USD), ${range}`, days,
        summary: `${usd(t.payout)} net payout in ${days.length} days.`,
        series: [{ name: 'net payout', className: 'bar-payout', negativeClassName: 'bar-reversals', value: (d) => Number(d.payout) }],
        format: (v) => usd(v) }),
    ];
  }
  if (groups.length === 0 || groups.some((g) => g === 'day' || g === 'hour')) return null;
  const label = (r) => groups.map((g) => dimensions[g].label(r)).join(' · ');
  const key = (r) => groups.map((g) => dimensions[g].key(r)).join('|');
  const what = groups.map((g) => dimensions[g].heading.toLowerCase()).join(' and ');
  const shown = (list) => (list.length > TOP ? ` (the ${TOP} largest of ${integer(list.length)})` : '');
  const byPayout = rows.slice(0, TOP);
  const byClicks = [...rows].sort((a, b) => Number(b.clicks) - Number(a.clicks)).slice(0, TOP);
  return [
    barsChart({ id: 'report-chart-payout', title: `Net payout by ${what} (USD)${shown(rows)}, ${range}`,
      summary: `${usd(t.payout)} net payout over ${integer(rows.length)} rows.`,
      items: byPayout.map((r) => ({ key: key(r), label: label(r), value: Number(r.payout) })),
      format: (v) => usd(v), tickFormat: (v) => compactUsd.format(v), className: 'bar-payout', negativeClassName: 'bar-reversals', width }),
    barsChart({ id: 'report-chart-clicks', title: `Clicks by ${what}${shown(rows)}, ${range}`,
      summary: `${integer(t.clicks)} clicks over ${integer(rows.length)} rows.`,
      items: byClicks.map((r) => ({ key: key(r), label: label(r), value: Number(r.clicks) })),
      format: (v) => integer(v), tickFormat: (v) => compact.format(v), className: 'bar-conversions', minStep: 1, width }),
  ];
}

function metricCells(r) {
  return [
    h('td', { class: 'num' }, integer(r.clicks)),
    h('td', { class: 'num' }, integer(r.approved)),
    h('td', { class: 'num' }, integer(r.pending)),
    h('td', { class: 'num' }, integer(r.cancelled)),
    h('td', { class: 'num' }, integer(r.reversals)),
    h('td', { class: 'num' }, rate(r.conversion_rate)),
    h('td', { class: 'num' }, epc(r.epc)),
    h('td', { class: 'num', 'data-value': String(r.payout) }, usd(r.payout)),
    h('td', { class: 'num', 'data-value': String(r.reward_local_currency) }, amount(r.reward_local_currency)),
  ];
}

function table(report, groups, rows, unit) {
  const csv = h('button', { type: 'button', class: 'secondary', id: 'report-csv' }, 'Download CSV');
  const note = h('span', { class: 'muted small', id: 'report-csv-note', role: 'status' });
  csv.addEventListener('click', () => downloadCsv(csv, note));
  const metrics = ['Clicks', 'Approved', 'Pending', 'Cancelled', 'Reversals', 'Conv. rate', 'EPC (USD)', 'Net payout (USD)', `Net rewards (${unit})`];
  const heading = groups.map((g) => dimensions[g].heading);
  return [
    h('div', { class: 'toolbar' }, csv, note),
    h('div', { class: 'table-scroll' }, h('table', { class: 'data-table report-table', id: 'report-table', 'data-rows': String(rows.length) },
      h('caption', {}, rows.length === 0 ? `Nothing happened ${rangeText(report)}.`
        : `${integer(rows.length)} rows by ${heading.join(' and ').toLowerCase()}, ${rangeText(report)}`),
      h('thead', {}, h('tr', {}, heading.map((c) => h('th', { scope: 'col' }, c)), metrics.map((c) => h('th', { scope: 'col', class: 'num' }, c)))),
      h('tbody', {}, rows.map((r) => h('tr', { 'data-key': groups.map((g) => dimensions[g].key(r)).join('|') },
        groups.map((g, i) => h(i === 0 ? 'th' : 'td', i === 0 ? { scope: 'row' } : {}, dimensions[g].cell(r))),
        metricCells(r)))),
      rows.length === 0 ? null : h('tfoot', {}, h('tr', {},
        h('th', { scope: 'row', colspan: groups.length }, 'Total'),
        metricCells(report.totals))))),
  ];
}

async function downloadCsv(button, note) {
  if (!current) return;
  button.disabled = true;
  note.textContent = 'Preparing the file…';
  const p = current.params;
  try {
    const file = await download(`${EXPORT}?${p}`, `report-${(p.get('group_by') ?? 'day').replace(/,/g, '-')}-${p.get('from_date')}-${p.get('to_date')}.csv`);
    note.textContent = `Saved ${file.name}.`;
  } catch (e) {
    note.textContent = '';
    showProblem($('report-error'), e);
  } finally {
    button.disabled = false;
  }
}

export function wireReport() {
  // A phone turned sideways or a resized window: the bars are drawn again at the new width.
  let pending = 0;
  window.addEventListener('resize', () => {
    clearTimeout(pending);
    pending = setTimeout(() => {
      if (current?.rows && !$('view-report').hidden && Math.abs(chartWidth() - current.width) > 24) drawCharts();
    }, 150);
  });
  $('report-filters').addEventListener('submit', (event) => {
    event.preventDefault();
    loadReport();
  });
}
