// The dashboard's offer catalog (#offers): GET /data/partner/offers with its filters and pages, each
// offer as a row (icon, name, platforms and countries, status, what the partner earns and what the
// user gets in the partner's currency); "Goals" opens the offer's goals, targeting and promotions.
import { h, replace, amount, integer, usd, utc, offerIcon } from './dom.js';
import { $, session, call, showProblem, query, pager, latest } from './dashboard-common.js';

const platformWords = {
  android: 'Android', android_phone: 'Android phones', android_tablet: 'Android tablets',
  ios: 'iOS', ios_phone: 'iPhone', ios_tablet: 'iPad', web: 'Web',
};
const statusWords = { active: 'Active', capped: 'Capped', scheduled: 'Scheduled', paused: 'Paused' };
const goalTypes = ['Goal', 'Install', 'Event', 'Purchase', 'Time played'];

const platformsText = (t) => (t.platforms.length === 0 ? 'All platforms' : t.platforms.map((p) => platformWords[p] ?? p).join(', '));

function countriesText(t) {
  const listed = t.countries.length === 0 ? 'All countries' : t.countries.join(', ');
  return t.excluded_countries.length === 0 ? listed : `${listed} except ${t.excluded_countries.join(', ')}`;
}

/** "+950 Coins", with the promoted amount when a promotion raises it. */
function reward(offer) {
  const unit = offer.currency_name;
  const promoted = offer.total_promotional_reward_local_currency;
  return h('span', { class: 'catalog-reward', 'data-value': String(offer.total_reward_local_currency) },
    promoted === null
      ? `${amount(offer.total_reward_local_currency)} ${unit}`
      : [h('s', { class: 'muted' }, amount(offer.total_reward_local_currency)), ' ', h('span', {}, `${amount(promoted)} ${unit}`),
        h('span', { class: 'visually-hidden' }, ' with the running promotion')]);
}

const requests = latest();

/** Loads the catalog for the form's filters (or a page link); true when it showed. */
export async function loadCatalog(path = null) {
  const form = $('catalog-filters');
  $('c-type-field').hidden = !session.me?.surveys_enabled;
  const error = $('catalog-error');
  replace(error);
  const target = path ?? `/data/partner/offers?${query(form)}`;
  const ticket = requests.begin();
  form.setAttribute('aria-busy', 'true');
  try {
    const page = await call('GET', target);
    if (!requests.current(ticket)) return false;
    showCatalog(page, path !== null);
    return true;
  } catch (e) {
    if (requests.current(ticket)) showProblem(error, e);
    return false;
  } finally {
    if (requests.current(ticket)) form.removeAttribute('aria-busy');
  }
}

function showCatalog(page, focus) {
  const meta = page.meta;
  const caption = h('p', { class: 'catalog-count', id: 'catalog-caption', tabindex: -1, 'data-total': String(meta.total) },
    meta.total === 0 ? 'No offer matches these filters.'
      : `Offers ${integer(meta.from ?? 0)}–${integer(meta.to ?? 0)} of ${integer(meta.total)}, in offer id order` +
        (meta.from === null ? ' (past the last page)' : ''));
  replace($('catalog-area'),
    caption,
    h('ul', { class: 'catalog', id: 'catalog-list' }, page.data.map(offerItem)),
    pager(meta, 'Catalog pages', (url) => loadCatalog(url), $('catalog-error')));
  if (focus) caption.focus();
}

function offerItem(offer) {
  const t = offer.targeting;
  const detailsId = `offer-${offer.id}-details`;
  const toggle = h('button', { type: 'button', class: 'secondary small-button', 'aria-expanded': 'false', 'aria-controls': detailsId,
    'aria-label': `Goals of ${offer.name}` }, `Goals (${offer.goals.length})`);
  const details = h('div', { class: 'catalog-details', id: detailsId, hidden: true });
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    if (open && !details.hasChildNodes()) replace(details, offerDetails(offer));
    details.hidden = !open;
  });
  return h('li', { class: 'catalog-item', 'data-offer-id': offer.offer_id, 'data-status': offer.budget_status },
    h('div', { class: 'catalog-row' },
      offerIcon(offer.offer_id, offer.icon_url, 'catalog-icon', 48),
      h('div', { class: 'catalog-text' },
        h('span', { class: 'catalog-name' }, offer.name),
        h('span', { class: 'catalog-meta' },
          h('code', {}, offer.offer_id),
          offer.type === 'survey' ? ' · Survey' : '',
          offer.categories.length ? ` · ${offer.categories.join(', ')}` : ''),
        h('span', { class: 'catalog-meta catalog-targeting' }, `${platformsText(t)} · ${countriesText(t)}`)),
      h('div', { class: 'catalog-side' },
        h('span', { class: `badge ${offer.budget_status}` }, statusWords[offer.budget_status] ?? offer.budget_status),
        h('span', { class: 'catalog-amounts' },
          h('span', { class: 'catalog-payout', 'data-value': String(offer.total_payout) }, `You earn ${usd(offer.total_payout)}`),
          h('span', { class: 'catalog-user' }, 'User gets ', reward(offer))),
        toggle)),
    details);
}

function offerDetails(offer) {
  const t = offer.targeting;
  const unit = offer.currency_name;
  const facts = [
    ['Platforms', platformsText(t) + (t.min_os_version || t.max_os_version ? ` (OS ${t.min_os_version ?? 'any'} to ${t.max_os_version ?? 'any'})` : '')],
    ['Countries', countriesText(t)],
    t.starts_at || t.ends_at ? ['Runs', [t.starts_at ? `from ${utc(t.starts_at)}` : null, t.ends_at ? `until ${utc(t.ends_at)}` : null].filter(Boolean).join(' ')] : null,
    ['Time to complete', offer.time_limit_hours === null ? 'No limit' : `${integer(offer.time_limit_hours)} hours from the start`],
    offer.caps_left ? ['Conversions left', [
      offer.caps_left.today !== null ? `${integer(offer.caps_left.today)} today` : null,
      offer.caps_left.total !== null ? `${integer(offer.caps_left.total)} in all` : null,
      offer.caps_left.resets_at ? `(daily cap resets ${utc(offer.caps_left.resets_at)})` : null].filter(Boolean).join(' ')] : null,
    offer.promotions.length ? ['Promotions', offer.promotions.map((p) =>
      `×${amount(p.multiplier)}${Number(p.bonus) ? ` + ${amount(p.bonus_local_currency)} ${unit}` : ''} until ${utc(p.ends_at)}`).join('; ')] : null,
  ].filter(Boolean);
  return [
    offer.description ? h('p', {}, offer.description) : null,
    offer.requirements ? h('p', { class: 'muted' }, offer.requirements) : null,
    h('dl', { class: 'facts' }, facts.map(([term, text]) => [h('dt', {}, term), h('dd', {}, text)])),
    h('div', { class: 'table-scroll' }, h('table', { class: 'data-table compact catalog-goals' },
      h('caption', {}, `Goals of ${offer.name}, in order`),
      h('thead', {}, h('tr', {}, ['Goal', 'Type', `User reward (${unit})`, 'You earn (USD)', 'Held', 'Time limit'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, offer.goals.map((g) => h('tr', { 'data-goal-id': g.goal_id },
        h('td', {}, h('span', { class: 'cell-main' }, g.name), h('code', { class: 'cell-sub' }, g.goal_id)),
        h('td', {}, `${goalTypes[g.type_id] ?? 'Goal'}${g.type === 'dynamic' ? ' (pays by purchase)' : ''}`),
        h('td', { class: 'num' }, !g.payable ? 'none'
          : g.promotional_reward_local_currency === null ? `${g.display_type === 'up_to' ? 'up to ' : ''}${amount(g.reward_local_currency)}`
            : [h('s', {}, amount(g.reward_local_currency)), ` ${amount(g.promotional_reward_local_currency)}`]),
        h('td', { class: 'num' }, usd(g.payout)),
        h('td', { class: 'nowrap' }, g.hold_hours ? `${integer(g.hold_hours)} h` : 'no'),
        h('td', { class: 'nowrap' }, g.time_limit_hours === null ? '—' : `${integer(g.time_limit_hours)} h`)))),
      h('tfoot', {}, h('tr', {},
        h('th', { scope: 'row', colspan: 2 }, 'Total'),
        h('td', { class: 'num' }, amount(offer.total_reward_local_currency)),
        h('td', { class: 'num' }, usd(offer.total_payout)),
        h('td', { colspan: 2 })))))];
}

export function wireCatalog() {
  $('catalog-filters').addEventListener('submit', (event) => {
    event.preventDefault();
    loadCatalog();
  });
}
