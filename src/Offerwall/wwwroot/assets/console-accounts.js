// Partners (#partners, #partner/<id>) and advertisers (#advertisers, #advertiser/<id>): their lists and
// details (GET /admin/partners[/{id}], /admin/advertisers[/{id}]), rotating their credentials (the
// rotate-* endpoints; the new value is shown this once and never kept by the page), and suspending or
// resuming a partner (POST /admin/partners/{id}/suspend|resume, with a reason).
import { get, post } from './console-api.js';
import {
  h, replace, title, section, fill, table, facts, field, action, status, badge, money, count, percent, when, alertBox, note,
} from './console-ui.js';
import { report } from './console-overview.js';

const crumb = (href, text) => h('p', { class: 'crumb' }, h('a', { href }, `← ${text}`));

export async function renderPartners(area) {
  const list = h('div');
  area.append(title('Partners'), list);
  await fill(list, async () => table({
    id: 'partners-table', rows: await get('/admin/partners'), empty: 'No partners yet.',
    rowAttributes: (p) => ({ 'data-partner-id': String(p.id) }),
    columns: [
      { label: 'Partner', value: (p) => [h('a', { class: 'cell-main', href: `#partner/${p.id}` }, p.name), h('span', { class: 'cell-sub' }, `id ${p.id}`)] },
      { label: 'Status', value: (p) => (p.suspended ? badge('suspended') : badge('active')) },
      { label: 'Currency', value: (p) => `${p.currency_name} (${count(p.currency_ratio)} per USD)` },
      { label: 'Revenue share', num: true, value: (p) => percent(p.revenue_share) },
      { label: 'Postbacks', value: (p) => (p.postback_url ? h('code', {}, p.postback_url) : h('span', { class: 'muted' }, 'none')) },
    ],
  }));
}

/** The grace hours field and the rotation buttons: each answer's new value is shown this once. */
function rotations(items, shown) {
  const grace = field('Grace hours for the old one', { type: 'number', min: 0, max: 720, value: '0', inputmode: 'numeric', id: 'grace-hours' },
    '0: the old one stops working at once; up to 720.');
  return h('div', {},
    h('div', { class: 'toolbar' }, grace),
    h('div', { class: 'toolbar' }, items.map(({ label, path, pick, what }) => action(label, async () => {
      const hours = Number(grace.querySelector('input').value || 0);
      try {
        const answer = await post(path, { grace_hours: hours });
        replace(shown, h('div', { class: 'notice', role: 'status', id: 'rotated' },
          h('strong', {}, `The new ${what}, shown this once: copy it now.`),
          h('code', { class: 'secret', id: 'new-secret' }, pick(answer)),
          answer.postback_template ? [h('span', {}, 'Postback template for the MMP: '), h('code', {}, answer.postback_template)] : null,
          h('span', {}, answer.previous_valid_until ? `The old one works until ${when(answer.previous_valid_until)}.` : 'The old one no longer works.')));
      } catch (e) {
        replace(shown, alertBox(e));
      }
    }, { class: 'secondary' }))));
}

export async function renderPartner(area, id) {
  const head = h('div');
  const body = h('div');
  area.append(crumb('#partners', 'Partners'), head, body);
  const shown = h('div');
  const draw = (p, text = null) => {
    const reason = field('Reason (kept in its history)', { id: 'suspend-reason', maxlength: 500 });
    const toggle = action(p.suspended ? 'Resume partner' : 'Suspend partner', async () => {
      try {
        const reasonText = reason.querySelector('input').value.trim();
        draw(await post(`/admin/partners/${p.id}/${p.suspended ? 'resume' : 'suspend'}`, reasonText ? { reason: reasonText } : {}),
          p.suspended ? 'Resumed: its users see offers again and its waiting postbacks go out.' : 'Suspended: its wall and client API answer 403, its postbacks wait.');
      } catch (e) {
        replace(shown, alertBox(e));
      }
    }, { id: 'suspend-toggle', class: p.suspended ? '' : 'danger' });
    replace(head, title(p.name, h('span', { id: 'partner-status' }, p.suspended ? badge('suspended') : badge('active'))));
    replace(body,
      text ? note(text, 'partner-note') : null,
      shown,
      h('div', { class: 'stats', id: 'partner-stats' }),
      section('Settings', facts([
        ['Id', String(p.id)],
        ['Currency', `${p.currency_name}: ${count(p.currency_ratio)} per USD of user reward`],
        ['Revenue share', `${percent(p.revenue_share)} of the advertiser's payout`],
        ['Surveys', p.surveys_enabled ? 'enabled' : 'not enabled'],
        ['Postback URL', p.postback_url ? h('code', {}, p.postback_url) : 'none: no postbacks are sent'],
        ['Postback format', `${p.postback_format}${p.stateful_postbacks ? ', stateful' : ''}${p.negative_reversals ? ', negative reversals' : ''}`],
        ['VPN block', p.block_vpn ? 'on' : 'off'],
        ['App token', h('code', {}, p.app_token)],
        ['Server key', `…${p.server_key_hint}`],
        ['Created', when(p.created_at)],
        ['Suspended', p.suspended ? `since ${when(p.suspended_at)}${p.suspend_reason ? `: ${p.suspend_reason}` : ''}` : 'no'],
      ], 'partner-facts'),
      h('p', {}, h('a', { href: `#conversions?partner_id=${p.id}` }, 'Its conversions'), ' · ',
        h('a', { href: `#postbacks?partner_id=${p.id}` }, 'Its postbacks'), ' · ',
        h('a', { href: `#reports?group_by=day&partner_id=${p.id}` }, 'Its report'))),
      section('Suspend or resume', h('p', { class: 'muted small' },
        'A suspended partner\'s wall and client API answer 403 and its postbacks wait unsent; its Data API still answers.'),
      h('div', { class: 'toolbar' }, reason, toggle)),
      section('Rotate credentials', rotations([
        { label: 'Rotate server key', path: `/admin/partners/${p.id}/rotate-key`, pick: (a) => a.server_key, what: 'server key' },
        { label: 'Rotate app token', path: `/admin/partners/${p.id}/rotate-app-token`, pick: (a) => a.app_token, what: 'app token' },
        { label: 'Rotate postback secret', path: `/admin/partners/${p.id}/rotate-postback-secret`, pick: (a) => a.postback_secret, what: 'postback secret' },
      ], shown)));
    fill(body.querySelector('#partner-stats'), async () => {
      const r = await report({ group_by: 'day', partner_id: p.id });
      const t = r.totals;
      return [
        h('div', { class: 'stat' }, h('span', { class: 'stat-label' }, `Revenue, ${r.from_date} to ${r.to_date}`), h('strong', {}, money(t.revenue))),
        h('div', { class: 'stat' }, h('span', { class: 'stat-label' }, 'Cost (its payouts)'), h('strong', {}, money(t.cost))),
        h('div', { class: 'stat' }, h('span', { class: 'stat-label' }, 'Margin'), h('strong', {}, money(t.margin))),
        h('div', { class: 'stat' }, h('span', { class: 'stat-label' }, 'Clicks · conversion rate'), h('strong', {}, `${count(t.clicks)} · ${percent(t.conversion_rate)}`)),
      ];
    });
  };
  try {
    draw(await get(`/admin/partners/${encodeURIComponent(id)}`));
  } catch (e) {
    replace(head, title(`Partner ${id}`));
    replace(body, alertBox(e));
  }
}

export async function renderAdvertisers(area) {
  const list = h('div');
  area.append(title('Advertisers'), list);
  await fill(list, async () => table({
    id: 'advertisers-table', rows: await get('/admin/advertisers'), empty: 'No advertisers yet.',
    rowAttributes: (a) => ({ 'data-advertiser-id': String(a.id) }),
    columns: [
      { label: 'Advertiser', value: (a) => [h('a', { class: 'cell-main', href: `#advertiser/${a.id}` }, a.name), h('span', { class: 'cell-sub' }, `id ${a.id}`)] },
      { label: 'Conversions come', value: (a) => (a.intake_profile === 'signed' ? 'signed postbacks' : `from its MMP (${a.intake_profile})`) },
      { label: 'Currency', value: (a) => a.currency },
      { label: 'Allowed addresses', value: (a) => (a.allowed_ips ? h('code', {}, a.allowed_ips) : h('span', { class: 'muted' }, 'any')) },
    ],
  }));
}

export async function renderAdvertiser(area, id) {
  const head = h('div');
  const body = h('div');
  area.append(crumb('#advertisers', 'Advertisers'), head, body);
  let a;
  try {
    a = await get(`/admin/advertisers/${encodeURIComponent(id)}`);
  } catch (e) {
    replace(head, title(`Advertiser ${id}`));
    replace(body, alertBox(e));
    return;
  }
  const shown = h('div');
  const mmp = a.intake_profile !== 'signed';
  replace(head, title(a.name, status(mmp ? a.intake_profile : 'signed')));
  body.append(shown,
    section('Settings', facts([
      ['Id', String(a.id)],
      ['Conversions come', mmp ? `from its measurement partner (${a.intake_profile}), authenticated by ${a.mmp_auth}` : 'as postbacks signed with its secret'],
      ['Currency of its revenue', a.currency],
      ['Allowed addresses', a.allowed_ips || 'any'],
      ['Addresses alone authenticate', a.ip_only_auth ? 'yes' : 'no'],
      ['Old secret valid until', a.previous_secret_valid_until ? when(a.previous_secret_valid_until) : null],
      ['Old token valid until', a.previous_token_valid_until ? when(a.previous_token_valid_until) : null],
      ['Created', when(a.created_at)],
    ], 'advertiser-facts'),
    h('p', {}, h('a', { href: `#reports?group_by=offer&advertiser_id=${a.id}` }, 'Its offers\' report'))),
    section('Rotate credentials', rotations([
      { label: 'Rotate signing secret', path: `/admin/advertisers/${a.id}/rotate-secret`, pick: (x) => x.secret, what: 'signing secret' },
      mmp ? { label: 'Rotate MMP token', path: `/admin/advertisers/${a.id}/rotate-token`, pick: (x) => x.token, what: 'MMP postback token' } : null,
    ].filter(Boolean), shown)));
}
