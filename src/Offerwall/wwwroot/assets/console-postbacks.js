// Postbacks (#postbacks?<filters>): the queue and the failing partners (GET /admin/postbacks/queue),
// the deliveries of every partner or one (GET /admin/postbacks, US Eastern days of creation as the
// postback log has them), one delivery with every attempt (GET /admin/postbacks/{id}), and replay: one
// (POST /admin/postbacks/{id}/replay) or every dead one of the days shown (POST /admin/postbacks/replay).
import { get, post, query } from './console-api.js';
import {
  h, replace, title, section, fill, table, facts, field, choice, values, action, status, count, when, duration, alertBox, note, integer,
} from './console-ui.js';

async function queuePanel() {
  const q = await get('/admin/postbacks/queue');
  const late = q.oldest_due_at ? Date.parse(q.now) - Date.parse(q.oldest_due_at) : null;
  return [
    h('p', { id: 'queue-line' }, `${count(q.pending)} pending (${count(q.due)} due now, ${count(q.waiting)} waiting for a URL or a suspended partner), `,
      `${count(q.dead)} dead. `, late === null ? 'Nothing is due: the worker is up to date.' : `The oldest due was due ${duration(late)} ago (delivery ${q.oldest_due_id}).`),
    table({
      id: 'failing-table', caption: 'Partners whose postbacks fail', rows: q.failing_partners, empty: 'No partner\'s postbacks are failing.',
      rowAttributes: (p) => ({ 'data-partner-id': String(p.partner_id) }),
      columns: [
        { label: 'Partner', value: (p) => [h('a', { class: 'cell-main', href: `#partner/${p.partner_id}` }, p.partner_name),
          p.postback_url ? h('code', { class: 'cell-sub' }, p.postback_url) : h('span', { class: 'cell-sub' }, 'no postback URL')] },
        { label: 'Dead', num: true, value: (p) => count(p.dead) },
        { label: 'Retrying', num: true, value: (p) => count(p.retrying) },
        { label: 'Last failure', value: (p) => (p.last_failure_at ? [h('span', { class: 'cell-main' }, when(p.last_failure_at)),
          h('span', { class: 'cell-sub' }, p.last_status_code === null ? `no answer: ${p.last_error ?? ''}` : `HTTP ${p.last_status_code}`)] : '—') },
        { label: '', value: (p) => h('a', { class: 'button secondary small-button', href: `#postbacks?${query({ partner_id: p.partner_id, status: 'dead' })}` }, 'Its dead deliveries') },
      ],
    }),
  ];
}

async function showDelivery(area, id, text = null) {
  const detail = await get(`/admin/postbacks/${id}`);
  const d = detail.delivery;
  const message = h('div');
  const replay = action('Replay', async () => {
    try {
      await post(`/admin/postbacks/${d.id}/replay`);
      let now = await showDelivery(area, d.id, `Delivery ${d.id} is queued again: it is sent within seconds.`);
      // Follow it for a few seconds, until the worker has tried it.
      for (let i = 0; i < 10 && now?.status === 'pending' && now.attempts === d.attempts; i++) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        now = await showDelivery(area, d.id, `Delivery ${d.id} is queued again: it is sent within seconds.`);
      }
    } catch (e) {
      replace(message, alertBox(e));
    }
  }, { id: 'replay-delivery' });
  const heading = h('h3', { tabindex: -1, id: 'delivery-title' }, `Delivery ${d.id}`);
  replace(area, h('section', { class: 'detail', 'aria-labelledby': 'delivery-title', 'data-status': d.status },
    heading,
    facts([
      ['Status', h('span', { id: 'delivery-status' }, status(d.status))],
      ['Transaction', h('a', { href: `#conversions?transaction_id=${d.transaction_id}` }, `${d.transaction_id}${d.reverse ? ' (reversal)' : ''}`)],
      ['Event', d.event],
      ['Attempts', String(d.attempts)],
      ['Created', when(d.created_at)],
      [d.delivered_at ? 'Delivered' : 'Next attempt', d.delivered_at ? when(d.delivered_at) : d.next_attempt_at ? when(d.next_attempt_at) : '—'],
    ]),
    h('div', { class: 'toolbar' }, replay, h('span', { class: 'muted small' }, 'Sends it again from the start of the retry schedule.')),
    text ? note(text, 'replay-note') : null,
    message,
    table({
      id: 'attempts-table', caption: `${detail.attempts.length} attempts, oldest first`, rows: detail.attempts, empty: 'No attempt yet.',
      columns: [
        { label: 'When', value: (a) => when(a.at) },
        { label: 'Answer', value: (a) => (a.status_code === null ? h('span', { class: 'badge dead' }, 'no answer')
          : h('span', { class: `badge ${a.status_code >= 200 && a.status_code < 300 ? 'delivered' : 'dead'}` }, `HTTP ${a.status_code}`)) },
        { label: 'Latency', num: true, value: (a) => `${integer(a.latency_ms)} ms` },
        { label: 'URL', value: (a) => h('code', {}, a.url) },
        { label: 'Answer or error', value: (a) => h('code', {}, a.response) },
      ],
    })));
  return d;
}

export async function render(area, _arg, params) {
  const queueArea = h('div');
  const form = h('form', { class: 'filters', id: 'postback-filters', novalidate: true },
    choice('Status', 'status', [['', 'Any status'], ['pending', 'pending'], ['delivered', 'delivered'], ['dead', 'dead']], params.get('status') ?? ''),
    field('Partner id', { name: 'partner_id', inputmode: 'numeric', value: params.get('partner_id') ?? '' }),
    field('Created from (US Eastern day)', { name: 'from_date', type: 'date', value: params.get('from_date') ?? '' }),
    field('Created to (US Eastern day)', { name: 'to_date', type: 'date', value: params.get('to_date') ?? '' }),
    field('Transaction id', { name: 'transaction_id', inputmode: 'numeric', value: params.get('transaction_id') ?? '' }),
    h('div', { class: 'field field-submit' }, h('button', { type: 'submit' }, 'Show')));
  const message = h('div');
  const detail = h('div');
  const list = h('div');
  const replayDead = action('Replay every dead delivery of these days', async () => {
    const v = values(form);
    try {
      const done = await post(`/admin/postbacks/replay?${query({ partner_id: v.partner_id, from_date: v.from_date, to_date: v.to_date })}`);
      replace(message, note(`${count(done.replayed)} dead deliveries queued again.`, 'replay-dead-note'));
      await load();
    } catch (e) {
      replace(message, alertBox(e));
    }
  }, { class: 'secondary', id: 'replay-dead' });
  area.append(title('Postbacks'), section('Queue and failing partners', queueArea),
    h('h3', {}, 'Deliveries'), form, h('div', { class: 'toolbar' }, replayDead), message, detail, list);
  const load = async (path = null) => {
    const v = values(form);
    await fill(list, async () => {
      const page = await get(path ?? `/admin/postbacks?${query({ ...v, per_page: 50 })}`);
      const m = page.meta;
      const pager = m.last_page > 1 ? h('div', { class: 'toolbar' },
        page.links.prev ? action('« Newer', () => load(page.links.prev), { class: 'secondary small-button' }) : null,
        h('span', { class: 'muted small' }, `Page ${m.current_page} of ${m.last_page}`),
        page.links.next ? action('Older »', () => load(page.links.next), { class: 'secondary small-button' }) : null) : null;
      return [table({
        id: 'postbacks-table', rows: page.data, empty: 'No deliveries match these filters (days of creation, US Eastern; default the last 7).',
        caption: `Deliveries ${integer(m.from ?? 0)}–${integer(m.to ?? 0)} of ${integer(m.total)}, newest first`,
        rowAttributes: (d) => ({ 'data-delivery-id': String(d.id), 'data-status': d.status }),
        columns: [
          { label: 'Delivery', value: (d) => String(d.id) },
          { label: 'Transaction', value: (d) => `${d.transaction_id}${d.reverse ? ' (reversal)' : ''}` },
          { label: 'Event', value: (d) => d.event },
          { label: 'Status', value: (d) => status(d.status) },
          { label: 'Attempts', num: true, value: (d) => String(d.attempts) },
          { label: 'Created', value: (d) => when(d.created_at) },
          { label: '', value: (d) => action('Details', async () => {
            try {
              await showDelivery(detail, d.id);
              detail.querySelector('h3')?.focus();
            } catch (e) {
              replace(detail, alertBox(e));
            }
          }, { class: 'secondary small-button', 'aria-label': `Details of delivery ${d.id}` }) },
        ],
      }), pager];
    });
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    replace(detail);
    replace(message);
    history.replaceState(null, '', `#postbacks?${query(values(form))}`);
    load();
  });
  fill(queueArea, queuePanel);
  await load();
}
