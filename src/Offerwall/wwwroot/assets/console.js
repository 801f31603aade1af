// The operator's console: /console. The operator signs in with the admin token (checked by the server,
// then kept in sessionStorage only, by console-api.js); every view is admin API calls. Views, by the
// URL's hash: #overview, #offers, #offer/<id>, #partners, #partner/<id>, #advertisers, #advertiser/<id>,
// #conversions?<search>, #review, #postbacks, #reports?<report>. One module per view or two.
import * as api from './console-api.js';
import { replace, zone } from './console-ui.js';
import * as overview from './console-overview.js';
import * as offers from './console-offers.js';
import * as accounts from './console-accounts.js';
import * as conversions from './console-conversions.js';
import * as postbacks from './console-postbacks.js';
import * as reports from './console-reports.js';

const $ = (id) => document.getElementById(id);

/** Each view: its tab and how it draws itself into the view area (arg: what follows "#name/"; params: what follows "?"). */
const views = {
  overview: { tab: 'overview', render: overview.render },
  offers: { tab: 'offers', render: offers.renderList },
  offer: { tab: 'offers', render: offers.renderOffer },
  partners: { tab: 'partners', render: accounts.renderPartners },
  partner: { tab: 'partners', render: accounts.renderPartner },
  advertisers: { tab: 'advertisers', render: accounts.renderAdvertisers },
  advertiser: { tab: 'advertisers', render: accounts.renderAdvertiser },
  conversions: { tab: 'conversions', render: conversions.renderSearch },
  review: { tab: 'review', render: conversions.renderReview },
  postbacks: { tab: 'postbacks', render: postbacks.render },
  reports: { tab: 'reports', render: reports.render },
};

/** "#offer/abc?x=1" → { name: 'offer', arg: 'abc', params }. */
function parseHash() {
  const hash = location.hash.slice(1);
  const [path, search = ''] = hash.split('?', 2);
  const [name, ...rest] = path.split('/');
  const arg = rest.length > 0 ? decodeURIComponent(rest.join('/')) : null;
  return { name: views[name] ? name : 'overview', arg, params: new URLSearchParams(search) };
}

let drawing = 0;

async function route(focus = false) {
  if (!api.signedIn()) return;
  const { name, arg, params } = parseHash();
  const view = views[name];
  for (const tab of $('tabs').querySelectorAll('a')) {
    if (tab.dataset.view === view.tab) tab.setAttribute('aria-current', 'page');
    else tab.removeAttribute('aria-current');
  }
  const area = $('view');
  area.dataset.view = name;
  const mine = ++drawing;
  replace(area);
  await view.render(area, arg, params);
  // A slower earlier view does not steal the focus of the one the operator moved to.
  if (focus && mine === drawing) document.getElementById('view-title')?.focus();
}

function showSignIn(message = '') {
  $('account').hidden = true;
  $('tabs').hidden = true;
  $('view').hidden = true;
  replace($('view'));
  $('sign-in').hidden = false;
  $('sign-in-error').textContent = message;
  $('admin-token').focus();
}

function start() {
  $('sign-in').hidden = true;
  $('account').hidden = false;
  $('tabs').hidden = false;
  $('view').hidden = false;
  $('zone').textContent = `Days in ${zone}`;
  route();
}

async function signIn(event) {
  event.preventDefault();
  const input = $('admin-token');
  const candidate = input.value.trim();
  const error = $('sign-in-error');
  if (!candidate) {
    error.textContent = 'Enter the admin token.';
    input.focus();
    return;
  }
  const button = $('sign-in-button');
  button.disabled = true;
  try {
    await api.signIn(candidate);
    input.value = '';
    input.removeAttribute('aria-invalid');
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

api.whenRefused((message) => showSignIn(message));
$('sign-in-form').addEventListener('submit', signIn);
$('sign-out').addEventListener('click', () => {
  api.signOut();
  showSignIn('You are signed out.');
});
window.addEventListener('hashchange', () => route(true));

if (api.signedIn()) start();
else showSignIn();
