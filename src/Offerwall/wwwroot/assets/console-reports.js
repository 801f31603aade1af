// Reports (#reports?<parameters>): GET /admin/reports grouped by any of day, hour, offer, goal, partner,
// advertiser, country and platform, in a time zone, with its filters; the table with its totals, a chart
// (money per day or hour, or the rows with the most revenue), and the same report as CSV
// (GET /admin/reports/export.csv, downloaded through the page because the token cannot ride on a link).
import { get, query, download } from './console-api.js';
import { h, replace, title, table, field, choice, values, action, money, count, percent, zone, alertBox, note, loading } from './console-ui.js';
import { moneyChart, rowChart, hourLabel } from './console-chart.js';

const GROUPS = ['day', 'hour', 'offer', 'goal', 'partner', 'advertiser', 'country', 'platform'];

/** Each grouping's columns: header and value. */
const DIMENSIONS = {
  day: [['Day', (r) => r.day]],
  hour: [['Hour', (r) => hourLabel(r.hour)]],
  offer: [['Offer', (r) => [h('a', { class: 'cell-main', href: `#offer/${encodeURIComponent(r.offer_id)}` }, r.offer_name), h('code', { class: 'cell-sub' }, r.offer_id)]]],
  goal: [['Goal', (r) => [h('span', { class: 'cell-main' }, r.goal_name), h('code', { class: 'cell-sub' }, r.goal_id)]]],
  partner: [['Partner', (r) => h('a', { href: `#partner/${r.partner_id}` }, r.partner_name)]],
  advertiser: [['Advertiser', (r) => h('a', { href: `#advertiser/${r.advertiser_id}` }, r.advertiser_name)]],
  country: [['Country', (r) => r.country || 'unknown']],
  platform: [['Platform', (r) => r.platform || 'unknown']],
};

/** A row's name in a chart: its dimensions' values, joined. */
const NAMES = {
  day: (r) => r.day, hour: (r) => hourLabel(r.hour), offer: (r) => r.offer_name, goal: (r) => r.goal_name, partner: (r) => r.partner_name,
  advertiser: (r) => r.advertiser_name, country: (r) => r.country || 'unknown', platform: (r) => r.platform || 'unknown',
};

const METRICS = [
  ['Clicks', (t) => count(t.clicks)],
  ['Approved', (t) => count(t.approved)],
  ['Pending', (t) => count(t.pending)],
  ['Cancelled', (t) => count(t.cancelled)],
  ['Reversals', (t) => count(t.reversals)],
  ['Revenue', (t) => money(t.revenue)],
  ['Cost', (t) => money(t.cost)],
  ['Margin', (t) => money(t.margin)],
  ['Conversion rate', (t) => percent(t.conversion_rate)],
  ['EPC', (t) => money(t.epc)],
];

function chartOf(answer) {
  const groups = answer.group_by;
  const t = answer.totals;
  const summary = `${money(t.revenue)} revenue, ${money(t.cost)} cost and ${money(t.margin)} margin.`;
  if (groups.length === 1 && (groups[0] === 'day' || groups[0] === 'hour')) {
    return moneyChart({ id: 'report-chart', title: `Revenue, cost and margin per ${groups[0]}`, summary, rows: answer.rows, hourly: groups[0] === 'hour' });
  }
  const top = [...answer.rows].sort((a, b) => Number(b.revenue) - Number(a.revenue)).slice(0, 15);
  return rowChart({
    id: 'report-chart', title: `Revenue, cost and margin of the ${top.length === answer.rows.length ? '' : `${top.length} `}rows with the most revenue`, summary,
    items: top.map((r) => ({ label: groups.map((g) => NAMES[g](r)).join(' · '), values: [Number(r.revenue), Number(r.cost), Number(r.margin)] })),
    series: [{ name: 'revenue', className: 'bar-revenue' }, { name: 'cost', className: 'bar-cost' }, { name: 'margin', className: 'bar-margin' }],
    format: (v) => money(v),
  });
}

function reportTable(answer) {
  const dims = answer.group_by.flatMap((g) => DIMENSIONS[g] ?? []);
  const columns = [
    ...dims.map(([label, value]) => ({ label, value })),
    ...METRICS.map(([label, value]) => ({ label, num: true, value })),
  ];
  const foot = h('tr', { id: 'report-totals' },
    h('td', { colspan: dims.length }, `Totals (${count(answer.rows.length)} rows)`),
    METRICS.map(([label, value]) => h('td', { class: 'num', 'data-label': label }, value(answer.totals))));
  return table({ id: 'report-table', caption: `${answer.from_date} to ${answer.to_date}, days in ${answer.time_zone}`, columns, rows: answer.rows,
    empty: 'Nothing happened in these days for these filters.', foot });
}

async function choices() {
  const [partners, advertisers] = await Promise.all([get('/admin/partners').catch(() => []), get('/admin/advertisers').catch(() => [])]);
  return { partners, advertisers };
}

export async function render(area, _arg, params) {
  const { partners, advertisers } = await choices();
  const groupBy = (params.get('group_by') ?? 'day').split(',');
  const form = h('form', { class: 'filters', id: 'report-form', novalidate: true },
    h('fieldset', { class: 'wide' }, h('legend', {}, 'Group by'),
      h('div', { class: 'checks' }, GROUPS.map((g) => h('label', {}, h('input', { type: 'checkbox', name: 'group_by', value: g, checked: groupBy.includes(g) }), g)))),
    field('From', { name: 'from_date', type: 'date', value: params.get('from_date') ?? '', id: 'r-from' }),
    field('To', { name: 'to_date', type: 'date', value: params.get('to_date') ?? '', id: 'r-to' }),
    field('Time zone of the days', { name: 'time_zone', value: params.get('time_zone') ?? zone, id: 'r-zone' }, 'IANA name: UTC, Europe/Paris…'),
    choice('Partner', 'partner_id', [['', 'Every partner'], ...partners.map((p) => [p.id, p.name])], params.get('partner_id') ?? ''),
    choice('Advertiser', 'advertiser_id', [['', 'Every advertiser'], ...advertisers.map((a) => [a.id, a.name])], params.get('advertiser_id') ?? ''),
    field('Offer id', { name: 'offer_id', value: params.get('offer_id') ?? '' }),
    field('Goal id', { name: 'goal_id', value: params.get('goal_id') ?? '' }),
    field('Country', { name: 'country', value: params.get('country') ?? '', maxlength: 2 }, 'Two letters: US'),
    field('Platform', { name: 'platform', value: params.get('platform') ?? '' }, 'android, ios, web'),
    h('div', { class: 'field field-submit' }, h('button', { type: 'submit', id: 'run-report' }, 'Show report')));
  const message = h('div');
  const chartArea = h('div');
  const tableArea = h('div');
  const parameters = () => query(values(form));
  const csv = action('Download CSV', async () => {
    try {
      const name = await download(`/admin/reports/export.csv?${parameters()}`, 'report.csv');
      replace(message, note(`Saved as ${name}.`, 'csv-note'));
    } catch (e) {
      replace(message, alertBox(e));
    }
  }, { class: 'secondary', id: 'download-csv' });
  area.append(title('Reports', csv), form, message, chartArea, tableArea);
  const run = async () => {
    replace(message);
    replace(tableArea, loading());
    try {
      const answer = await get(`/admin/reports?${parameters()}`);
      // The range as the server resolved it (its default is the last 7 days of the zone), so the CSV is the same report.
      form.querySelector('#r-from').value = answer.from_date;
      form.querySelector('#r-to').value = answer.to_date;
      replace(chartArea, answer.rows.length ? chartOf(answer) : null);
      replace(tableArea, reportTable(answer));
      tableArea.dataset.clicks = String(answer.totals.clicks);
    } catch (e) {
      replace(chartArea);
      replace(tableArea, alertBox(e));
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    history.replaceState(null, '', `#reports?${parameters()}`);
    run();
  });
  await run();
}
