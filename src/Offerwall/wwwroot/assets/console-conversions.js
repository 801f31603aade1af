// Conversions (#conversions?<search>): GET /admin/conversions by transaction id, partner and user, click
// (tx_id) or status; each one's history (GET /admin/conversions/{id}/history) and the operator's
// approve, cancel and reverse with a reason (POST /admin/conversions/{id}/approve|cancel|reverse).
// Review (#review): GET /admin/review, held and flagged conversions with their rules and reasons,
// decided in bulk (POST /admin/review/approve|cancel).
import { get, post, query } from './console-api.js';
import {
  h, replace, title, fill, table, facts, field, choice, values, action, status, money, count, when, alertBox, note,
} from './console-ui.js';

const STATUSES = [['', 'Any status'], ['pending', 'pending'], ['approved', 'approved'], ['cancelled', 'cancelled'], ['reversed', 'reversed']];

let partnerNames = null;

/** Partners by id, for names and the partner choice (read once per page load). */
async function partners() {
  partnerNames ??= new Map((await get('/admin/partners')).map((p) => [p.id, p.name]));
  return partnerNames;
}

const partnerName = (names, id) => names.get(id) ?? `partner ${id}`;

/** The history and the operator's moves of one conversion, drawn into area. */
async function showConversion(area, c, names, afterMove) {
  const history = await get(`/admin/conversions/${c.transaction_id}/history`);
  const reason = field('Reason (kept in its history)', { id: 'move-reason', maxlength: 1000 });
  const message = h('div');
  const move = (verb, label, className = 'secondary') => action(label, async () => {
    const text = reason.querySelector('input').value.trim();
    try {
      const moved = await post(`/admin/conversions/${c.transaction_id}/${verb}`, text ? { reason: text } : {});
      await afterMove(moved, `Conversion ${moved.transaction_id} is ${moved.status} now.`);
    } catch (e) {
      replace(message, alertBox(e));
    }
  }, { class: className, id: `move-${verb}` });
  const moves = c.status === 'pending' ? [move('approve', 'Approve', ''), move('cancel', 'Cancel', 'danger')]
    : c.status === 'approved' ? [move('reverse', 'Reverse', 'danger')] : [];
  const heading = h('h3', { tabindex: -1, id: 'conversion-title' }, `Conversion ${c.transaction_id}`);
  replace(area, h('section', { class: 'detail', 'aria-labelledby': 'conversion-title', 'data-status': c.status },
    heading,
    facts([
      ['Status', status(c.status)],
      ['Partner', h('a', { href: `#partner/${c.partner_id}` }, partnerName(names, c.partner_id))],
      ['User', c.user_id],
      ['Offer and goal', [h('a', { href: `#offer/${encodeURIComponent(c.offer_id)}` }, c.offer_id), ` · ${c.goal_id}`]],
      ['Advertiser pays', money(c.advertiser_payout)],
      ['Partner gets', `${money(c.payout)} (user reward ${money(c.reward)})`],
      ['Margin', money(Number(c.advertiser_payout) - Number(c.payout))],
      ['Created', when(c.created_at)],
      ['Decided', c.decided_at ? when(c.decided_at) : 'not yet'],
    ]),
    table({
      id: 'history-table', caption: 'History, oldest first', rows: history, empty: 'No history.',
      columns: [
        { label: 'When', value: (x) => when(x.at) },
        { label: 'From', value: (x) => (x.from ? status(x.from) : '—') },
        { label: 'To', value: (x) => status(x.to) },
        { label: 'By', value: (x) => x.actor },
        { label: 'Why', value: (x) => x.reason || '—' },
      ],
    }),
    moves.length ? h('div', { class: 'toolbar' }, reason, ...moves) : h('p', { class: 'muted' }, `A ${c.status} conversion cannot be moved.`),
    message));
  heading.focus();
}

export async function renderSearch(area, _arg, params) {
  const names = await partners().catch(() => new Map());
  const form = h('form', { class: 'filters', id: 'conversion-search', novalidate: true },
    field('Transaction id', { name: 'transaction_id', inputmode: 'numeric', value: params.get('transaction_id') ?? '' }),
    choice('Partner', 'partner_id', [['', 'Every partner'], ...[...names].map(([id, name]) => [id, name])], params.get('partner_id') ?? ''),
    field('User id (the partner\'s)', { name: 'user_id', value: params.get('user_id') ?? '', maxlength: 50 }, 'Needs a partner'),
    field('Click (tx_id)', { name: 'tx_id', value: params.get('tx_id') ?? '', maxlength: 64 }),
    choice('Status', 'status', STATUSES, params.get('status') ?? ''),
    h('div', { class: 'field field-submit' }, h('button', { type: 'submit' }, 'Search')));
  const results = h('div');
  const detail = h('div');
  area.append(title('Conversions'), form, detail, results);
  let rows = [];
  const search = async (focusId = null) => {
    const v = values(form);
    await fill(results, async () => {
      rows = await get(`/admin/conversions?${query({ ...v, limit: 100 })}`);
      return table({
        id: 'conversions-table', caption: rows.length === 100 ? 'The newest 100 that match' : `${count(rows.length)} conversions, newest first`,
        rows, empty: 'No conversion matches.',
        rowAttributes: (c) => ({ 'data-transaction-id': String(c.transaction_id), 'data-status': c.status }),
        columns: [
          { label: 'Transaction', value: (c) => String(c.transaction_id) },
          { label: 'Created', value: (c) => when(c.created_at) },
          { label: 'Partner · user', value: (c) => [h('span', { class: 'cell-main' }, partnerName(names, c.partner_id)), h('span', { class: 'cell-sub' }, c.user_id)] },
          { label: 'Offer · goal', value: (c) => [h('code', { class: 'cell-main' }, c.offer_id), h('code', { class: 'cell-sub' }, c.goal_id)] },
          { label: 'Status', value: (c) => status(c.status) },
          { label: 'Revenue', num: true, value: (c) => money(c.advertiser_payout) },
          { label: 'Payout', num: true, value: (c) => money(c.payout) },
          { label: '', value: (c) => action('History', () => open(c), { class: 'secondary small-button', 'aria-label': `History of conversion ${c.transaction_id}` }) },
        ],
      });
    });
    const again = focusId && rows.find((c) => c.transaction_id === focusId);
    if (again) await open(again);
  };
  const open = (c) => showConversion(detail, c, names, async (moved, text) => {
    await search(moved.transaction_id);
    detail.querySelector('.detail')?.append(note(text, 'move-note'));
  }).catch((e) => replace(detail, alertBox(e)));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    replace(detail);
    const v = values(form);
    history.replaceState(null, '', `#conversions?${query(v)}`);
    search();
  });
  await search();
}

export async function renderReview(area, _arg, params) {
  const names = await partners().catch(() => new Map());
  const form = h('form', { class: 'toolbar', id: 'review-filter' },
    choice('Show', 'state', [['', 'Held and flagged'], ['held', 'Held (not paid yet)'], ['flagged', 'Flagged (paid, to look at)']], params.get('state') ?? ''),
    choice('Partner', 'partner_id', [['', 'Every partner'], ...[...names]], params.get('partner_id') ?? ''));
  const list = h('div');
  const message = h('div');
  area.append(title('Review queue'),
    h('p', { class: 'muted' }, 'Conversions the fraud rules held (not paid until decided) or flagged (paid, to look at). Approve pays a held one and keeps a '
      + 'flagged one; cancel never pays a held one and reverses a flagged one. Each leaves the queue.'),
    form, message, list);
  const load = async () => {
    await fill(list, async () => {
      const items = await get(`/admin/review?${query({ ...values(form), limit: 1000 })}`);
      const reason = field('Reason (kept in each one\'s history)', { id: 'review-reason', maxlength: 500 });
      const chosen = () => [...list.querySelectorAll('input[name="pick"]:checked')].map((x) => Number(x.value));
      const decide = (verb, label, className) => action(label, async () => {
        const ids = chosen();
        if (ids.length === 0) {
          replace(message, alertBox(new Error('Choose at least one conversion.')));
          return;
        }
        const text = reason.querySelector('input').value.trim();
        try {
          const outcome = await post(`/admin/review/${verb}`, text ? { ids, reason: text } : { ids });
          const failed = outcome.items.filter((i) => !i.decided);
          replace(message, note(`${count(outcome.decided)} ${verb === 'approve' ? 'approved' : 'cancelled'}`
            + (failed.length ? `; ${count(failed.length)} could not be: ${failed.map((i) => `${i.transaction_id} (${i.error})`).join(', ')}` : '.'), 'review-note'));
          await load();
        } catch (e) {
          replace(message, alertBox(e));
        }
      }, { class: className, id: `review-${verb}` });
      const all = h('input', { type: 'checkbox', 'aria-label': 'Choose every conversion shown' });
      all.addEventListener('change', () => { for (const x of list.querySelectorAll('input[name="pick"]')) x.checked = all.checked; });
      return [
        items.length ? h('div', { class: 'toolbar' }, h('label', { class: 'checks' }, all, 'All shown'), reason,
          decide('approve', 'Approve chosen', ''), decide('cancel', 'Cancel chosen', 'danger')) : null,
        table({
          id: 'review-table', rows: items, empty: 'Nothing waits for review.',
          rowAttributes: (i) => ({ 'data-transaction-id': String(i.transaction_id), 'data-review': i.review }),
          columns: [
            { label: 'Choose', value: (i) => h('input', { type: 'checkbox', name: 'pick', value: String(i.transaction_id), 'aria-label': `Choose conversion ${i.transaction_id}` }) },
            { label: 'Transaction', value: (i) => h('a', { href: `#conversions?transaction_id=${i.transaction_id}` }, String(i.transaction_id)) },
            { label: 'State', value: (i) => [status(i.review), ' ', status(i.status)] },
            { label: 'Rules', value: (i) => i.rules.join(', ') },
            { label: 'Why', value: (i) => i.reason },
            { label: 'Partner · user', value: (i) => [h('span', { class: 'cell-main' }, partnerName(names, i.partner_id)), h('span', { class: 'cell-sub' }, i.user_id)] },
            { label: 'Offer', value: (i) => h('code', {}, i.offer_id) },
            { label: 'Payout', num: true, value: (i) => money(i.payout) },
            { label: 'Click from', value: (i) => [h('span', { class: 'cell-main' }, i.ip || '—'), h('span', { class: 'cell-sub' }, i.device || '')] },
            { label: 'Created', value: (i) => when(i.created_at) },
          ],
        }),
      ];
    });
  };
  form.addEventListener('change', () => { replace(message); load(); });
  await load();
}
