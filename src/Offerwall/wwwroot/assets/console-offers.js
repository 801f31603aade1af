// Offers (#offers) and one offer (#offer/<id>): GET /admin/offers, GET /admin/offers/{id} and its goals,
// the conversions chart from GET /admin/reports (group_by=day, offer_id), pause and resume
// (POST /admin/offers/{id}/pause|resume), and the edit form (PATCH /admin/offers/{id}: targeting,
// schedule, caps, over_cap; each group sent whole, as the import writes it). Each goal is paused and
// resumed on its own (POST /admin/offers/{id}/goals/{goal_id}/pause|resume) and edited
// (PATCH /admin/offers/{id}/goals/{goal_id}: name, amounts, hold, time limit, caps).
import { get, post, patch } from './console-api.js';
import {
  h, replace, title, section, fill, table, facts, field, choice, values, action, status, money, count, when, zone, alertBox, note,
} from './console-ui.js';
import { conversionsChart } from './console-chart.js';
import { addDays, report } from './console-overview.js';

const STATUSES = ['active', 'capped', 'scheduled', 'paused'];

/** "12 of 50 left" for a period's conversions or budget, or "" when the period has no such cap. */
function left(period) {
  if (!period) return '';
  const parts = [];
  if (period.conversions_cap !== null) parts.push(`${count(period.conversions_left)} of ${count(period.conversions_cap)} conversions`);
  if (period.budget !== null) parts.push(`${money(period.budget_left)} of ${money(period.budget)}`);
  return parts.join(' · ');
}

export async function renderList(area, _arg, params) {
  const wanted = params.get('status') ?? '';
  const filter = h('form', { class: 'toolbar', id: 'offer-filter' },
    choice('Status', 'status', [['', 'Every status'], ...STATUSES.map((s) => [s, s])], wanted, { id: 'offer-status' }),
    field('Name or id contains', { name: 'q', id: 'offer-search', value: params.get('q') ?? '' }));
  const list = h('div');
  area.append(title('Offers'), filter, list);
  let offers = [];
  const draw = () => {
    const { status: s, q } = values(filter);
    const needle = (q ?? '').toLowerCase();
    const rows = offers.filter((o) => (!s || o.budget_status === s) && (!needle || o.name.toLowerCase().includes(needle) || o.id.toLowerCase().includes(needle)));
    const counts = STATUSES.map((x) => `${count(offers.filter((o) => o.budget_status === x).length)} ${x}`).join(', ');
    replace(list, h('p', { class: 'muted small' }, `${count(offers.length)} offers: ${counts}.`), table({
      id: 'offers-table', rows, empty: 'No offer matches.',
      rowAttributes: (o) => ({ 'data-offer-id': o.id, 'data-status': o.budget_status }),
      columns: [
        { label: 'Offer', value: (o) => [h('a', { class: 'cell-main', href: `#offer/${encodeURIComponent(o.id)}` }, o.name), h('code', { class: 'cell-sub' }, o.id)] },
        { label: 'Status', value: (o) => [status(o.budget_status), o.paused_reason ? h('span', { class: 'cell-sub' }, o.paused_reason) : null] },
        { label: 'Today left', value: (o) => left(o.today) || '—' },
        { label: 'In all left', value: (o) => left(o.total) || '—' },
        { label: 'Targeting', value: (o) => [o.countries.length ? o.countries.join(', ') : 'all countries', o.platforms.length ? ` · ${o.platforms.join(', ')}` : ''] },
      ],
    }));
  };
  filter.addEventListener('input', draw);
  filter.addEventListener('submit', (e) => e.preventDefault());
  let loaded = false;
  await fill(list, async () => {
    offers = await get('/admin/offers');
    loaded = true;
    return null;
  });
  if (loaded) draw();
}

function capsTable(offer, goals) {
  const names = new Map(goals.map((g) => [g.id, g.name]));
  const scopes = [{ name: 'The offer', today: offer.today, total: offer.total },
    ...offer.goals.map((g) => ({ name: `Goal: ${names.get(g.goal_id) ?? g.goal_id}`, today: g.today, total: g.total }))]
    .filter((x) => x.today || x.total);
  return table({
    id: 'caps-table', rows: scopes, empty: 'No caps or budgets: the offer runs until paused or ended.',
    columns: [
      { label: 'Scope', value: (x) => x.name },
      { label: `Today (${offer.cap_time_zone})`, value: (x) => (x.today ? `${count(x.today.conversions)} conversions, ${money(x.today.spent)} spent` : '—') },
      { label: 'Left today', value: (x) => left(x.today) || '—' },
      { label: 'In all', value: (x) => (x.total ? `${count(x.total.conversions)} conversions, ${money(x.total.spent)} spent` : '—') },
      { label: 'Left in all', value: (x) => left(x.total) || '—' },
    ],
  });
}

const list = (text) => (text ?? '').split(',').map((x) => x.trim()).filter(Boolean);
const number = (text) => (text === '' || text === undefined ? null : Number(text));
/** A datetime-local value, read as UTC, to ISO; and back. */
const toIso = (text) => (text ? `${text}${text.length === 16 ? ':00' : ''}Z` : null);
const fromIso = (text) => (text ? text.slice(0, 16) : '');

function editForm(offer, done) {
  const today = offer.today ?? {};
  const total = offer.total ?? {};
  const error = h('div');
  const form = h('form', { class: 'filters', id: 'offer-edit', novalidate: true },
    h('fieldset', { class: 'wide' }, h('legend', {}, 'Targeting (empty: everyone)'),
      h('div', { class: 'filters' },
        field('Countries', { name: 'countries', value: offer.countries.join(', ') }, 'ISO codes, comma-separated: US, DE'),
        field('Excluded countries', { name: 'excluded_countries', value: offer.excluded_countries.join(', ') }),
        field('Platforms', { name: 'platforms', value: offer.platforms.join(', ') }, 'android, ios, web'),
        field('Minimum OS version', { name: 'min_os_version', value: offer.min_os_version ?? '' }),
        field('Maximum OS version', { name: 'max_os_version', value: offer.max_os_version ?? '' }))),
    h('fieldset', { class: 'wide' }, h('legend', {}, 'Schedule (UTC; empty: no end)'),
      h('div', { class: 'filters' },
        field('Starts at (UTC)', { name: 'starts_at', type: 'datetime-local', value: fromIso(offer.starts_at) }),
        field('Ends at (UTC)', { name: 'ends_at', type: 'datetime-local', value: fromIso(offer.ends_at) }))),
    h('fieldset', { class: 'wide' }, h('legend', {}, 'The offer\'s caps (empty: none)'),
      h('div', { class: 'filters' },
        field('Conversions a day', { name: 'daily_conversions', type: 'number', min: 0, inputmode: 'numeric', value: today.conversions_cap ?? '' }),
        field('Conversions in all', { name: 'total_conversions', type: 'number', min: 0, inputmode: 'numeric', value: total.conversions_cap ?? '' }),
        field('Budget a day (USD)', { name: 'daily_budget', type: 'number', min: 0, step: '0.01', value: today.budget ?? '' }),
        field('Budget in all (USD)', { name: 'total_budget', type: 'number', min: 0, step: '0.01', value: total.budget ?? '' }),
        field('Days of the caps in', { name: 'time_zone', value: offer.cap_time_zone }, 'An IANA time zone'),
        choice('Past a cap', 'over_cap', [['cancel', 'Cancel the conversion'], ['hold', 'Hold it for review']], offer.over_cap))),
    h('div', { class: 'field field-submit' }, h('button', { type: 'submit', id: 'save-offer' }, 'Save changes')),
    h('div', { class: 'wide' }, error));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const v = values(form);
    const body = {
      targeting: {
        countries: list(v.countries), excluded_countries: list(v.excluded_countries), platforms: list(v.platforms),
        min_os_version: v.min_os_version || null, max_os_version: v.max_os_version || null,
      },
      schedule: { starts_at: toIso(v.starts_at), ends_at: toIso(v.ends_at) },
      caps: {
        daily_conversions: number(v.daily_conversions), total_conversions: number(v.total_conversions),
        daily_budget: number(v.daily_budget), total_budget: number(v.total_budget), time_zone: v.time_zone || null,
      },
      over_cap: v.over_cap,
    };
    try {
      const saved = await patch(`/admin/offers/${encodeURIComponent(offer.id)}`, body);
      done(saved, 'Saved.');
    } catch (e) {
      replace(error, alertBox(e));
    }
  });
  return form;
}

/** The edit form of one goal: its fields as PATCH /admin/offers/{id}/goals/{goal_id} takes them (caps sent whole). */
function goalForm(offer, goal, done) {
  const error = h('div');
  const caps = goal.caps;
  const form = h('form', { class: 'filters', id: 'goal-edit', 'data-goal-id': goal.id, novalidate: true },
    field('Name', { name: 'name', value: goal.name }),
    field('Advertiser pays (USD)', { name: 'payout', type: 'number', min: 0, step: '0.01', value: goal.payout }),
    field('User reward (USD)', { name: 'reward', type: 'number', min: 0, step: '0.01', value: goal.reward }),
    field('Hold (hours)', { name: 'hold_hours', type: 'number', min: 0, inputmode: 'numeric', value: goal.hold_hours }, '0: approved at once'),
    field('Time limit (hours)', { name: 'time_limit_hours', type: 'number', min: 0, inputmode: 'numeric', value: goal.time_limit_hours ?? '' },
      'Empty: the offer\'s'),
    field('Conversions a day', { name: 'daily_conversions', type: 'number', min: 0, inputmode: 'numeric', value: caps.daily_conversions ?? '' }),
    field('Conversions in all', { name: 'total_conversions', type: 'number', min: 0, inputmode: 'numeric', value: caps.total_conversions ?? '' }),
    field('Budget a day (USD)', { name: 'daily_budget', type: 'number', min: 0, step: '0.01', value: caps.daily_budget ?? '' }),
    field('Budget in all (USD)', { name: 'total_budget', type: 'number', min: 0, step: '0.01', value: caps.total_budget ?? '' }),
    h('div', { class: 'field field-submit' }, h('button', { type: 'submit', id: 'save-goal' }, 'Save the goal')),
    h('div', { class: 'wide' }, error));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const v = values(form);
    const body = {
      name: v.name, payout: number(v.payout), reward: number(v.reward), hold_hours: number(v.hold_hours),
      time_limit_hours: number(v.time_limit_hours) ?? 0,
      caps: {
        daily_conversions: number(v.daily_conversions), total_conversions: number(v.total_conversions),
        daily_budget: number(v.daily_budget), total_budget: number(v.total_budget),
      },
    };
    try {
      const saved = await patch(`/admin/offers/${encodeURIComponent(offer.id)}/goals/${encodeURIComponent(goal.id)}`, body);
      await done(`Goal ${saved.name} saved.`);
    } catch (e) {
      replace(error, alertBox(e));
    }
  });
  return form;
}

export async function renderOffer(area, id) {
  const head = h('div');
  const body = h('div');
  area.append(h('p', { class: 'crumb' }, h('a', { href: '#offers' }, '← Offers')), head, body);
  let offer;
  let goals;
  try {
    [offer, goals] = await Promise.all([get(`/admin/offers/${encodeURIComponent(id)}`), get(`/admin/offers/${encodeURIComponent(id)}/goals`)]);
  } catch (e) {
    replace(head, title(`Offer ${id}`));
    replace(body, alertBox(e));
    return;
  }
  const message = h('div');
  const draw = (current, text = null) => {
    offer = current;
    const paused = offer.paused_by_operator;
    const toggle = action(paused ? 'Resume' : 'Pause', async () => {
      try {
        draw(await post(`/admin/offers/${encodeURIComponent(offer.id)}/${paused ? 'resume' : 'pause'}`),
          paused ? 'Resumed: users see it again when its schedule and caps allow.' : 'Paused: it has left every wall and starts are refused.');
      } catch (e) {
        replace(message, alertBox(e));
      }
    }, { id: 'pause-toggle', class: paused ? '' : 'danger' });
    replace(head, title(offer.name, h('span', { id: 'offer-status' }, status(offer.budget_status))),
      h('div', { class: 'toolbar' }, toggle, h('span', { class: 'muted small' }, offer.paused_reason ?? 'Users see it where its targeting allows.')));
    replace(message, text ? note(text, 'offer-note') : null);
    replace(editArea, editForm(offer, draw));
    replace(stateArea,
      facts([
        ['Id', h('code', {}, offer.id)],
        ['Status', [status(offer.budget_status), offer.paused_reason ? ` ${offer.paused_reason}` : '']],
        ['Countries', offer.countries.length ? offer.countries.join(', ') : 'all'],
        ['Excluded countries', offer.excluded_countries.length ? offer.excluded_countries.join(', ') : 'none'],
        ['Platforms', offer.platforms.length ? offer.platforms.join(', ') : 'all'],
        ['OS versions', offer.min_os_version || offer.max_os_version ? `${offer.min_os_version ?? 'any'} to ${offer.max_os_version ?? 'any'}` : 'any'],
        ['Schedule', `${offer.starts_at ? `from ${when(offer.starts_at)}` : 'from now'} ${offer.ends_at ? `until ${when(offer.ends_at)}` : 'with no end'}`],
        ['Past a cap', offer.over_cap === 'hold' ? 'conversions are held for review' : 'conversions are cancelled'],
      ], 'offer-facts'),
      capsTable(offer, goals));
  };
  const stateArea = h('div');
  const editArea = h('div');
  const chartArea = h('div');
  const goalsArea = h('div');
  const goalEditArea = h('div');
  // After a goal's pause, resume or edit: the offer (its status follows its goals) and the goals, read again.
  const reload = async (text) => {
    [offer, goals] = await Promise.all([get(`/admin/offers/${encodeURIComponent(offer.id)}`), get(`/admin/offers/${encodeURIComponent(offer.id)}/goals`)]);
    draw(offer, text);
    drawGoals();
  };
  const goalToggle = (g) => action(g.paused ? 'Resume' : 'Pause', async () => {
    try {
      await post(`/admin/offers/${encodeURIComponent(offer.id)}/goals/${encodeURIComponent(g.id)}/${g.paused ? 'resume' : 'pause'}`);
      await reload(g.paused ? `Goal ${g.name} resumed: users are offered it again.`
        : `Goal ${g.name} paused: users are no longer offered it; its conversions are still recorded.`);
    } catch (e) {
      replace(message, alertBox(e));
    }
  }, { class: `small-button${g.paused ? ' secondary' : ' danger'}`, 'data-goal-toggle': g.id, 'aria-label': `${g.paused ? 'Resume' : 'Pause'} goal ${g.name}` });
  const pickGoal = (chosen) => {
    const goal = goals.find((g) => g.id === chosen) ?? goals[0];
    const picker = choice('Goal', 'goal', goals.map((g) => [g.id, g.name]), goal?.id ?? '', { id: 'goal-pick' });
    picker.querySelector('select').addEventListener('change', (e) => pickGoal(e.target.value));
    replace(goalEditArea, picker, goal ? goalForm(offer, goal, reload) : null);
  };
  const drawGoals = () => {
    replace(goalsArea, table({
      id: 'goals-table', rows: goals, empty: 'No goals.',
      rowAttributes: (g) => ({ 'data-goal-id': g.id, 'data-paused': String(g.paused) }),
      columns: [
        { label: '#', value: (g) => String(g.position + 1) },
        { label: 'Goal', value: (g) => [h('span', { class: 'cell-main' }, g.name), h('code', { class: 'cell-sub' }, g.id)] },
        // The button beside the status, so that a phone reaches it without scrolling the table sideways.
        { label: 'Status', value: (g) => h('span', { class: 'goal-state' }, status(g.paused ? 'paused' : 'active'), goalToggle(g)) },
        { label: 'Advertiser pays', num: true, value: (g) => money(g.payout) },
        { label: 'User reward', num: true, value: (g) => money(g.reward) },
        { label: 'Kind', value: (g) => `${g.kind}, ${g.type.replace('_', ' ')}` },
        { label: 'Hold', value: (g) => (g.hold_hours ? `${g.hold_hours} h` : 'none') },
      ],
    }));
    pickGoal(goalEditArea.querySelector('select')?.value);
  };
  body.append(message,
    section('Targeting, schedule and caps', stateArea),
    section('Goals', h('p', { class: 'muted small' }, 'A paused goal is no longer offered to users; the offer stays with its other goals. '
      + 'With every goal paused, the offer is paused.'), goalsArea),
    section('Conversions, last 30 days', chartArea),
    h('details', { class: 'panel' }, h('summary', {}, h('strong', {}, 'Edit targeting, schedule and caps')), editArea),
    h('details', { class: 'panel' }, h('summary', {}, h('strong', {}, 'Edit a goal')), goalEditArea));
  draw(offer);
  drawGoals();
  fill(chartArea, async () => {
    const week = await report({ group_by: 'day', offer_id: offer.id });
    const from = addDays(week.to_date, -29);
    const month = await report({ group_by: 'day', offer_id: offer.id, from_date: from, to_date: week.to_date });
    const byDay = new Map(month.rows.map((r) => [r.day, r]));
    const days = [];
    for (let d = from; d <= week.to_date; d = addDays(d, 1)) days.push(byDay.get(d) ?? { day: d, approved: 0, pending: 0, cancelled: 0 });
    const t = month.totals;
    return [
      conversionsChart({
        id: 'chart-offer', title: `Conversions of ${offer.name} per day, ${from} to ${week.to_date} (${zone})`, rows: days,
        summary: `${count(t.approved)} approved, ${count(t.pending)} pending and ${count(t.cancelled)} cancelled conversions in 30 days.`,
      }),
      h('p', { class: 'muted small' }, `${count(t.clicks)} clicks, ${money(t.revenue)} revenue, ${money(t.margin)} margin in these 30 days.`),
    ];
  });
}
