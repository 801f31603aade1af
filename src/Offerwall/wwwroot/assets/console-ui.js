// The console's building blocks: headings, tables, facts, fields, badges and messages, all made of
// elements and text nodes (assets/dom.js), never of HTML strings.
import { h, replace, integer, usd } from './dom.js';

export { h, replace, integer, usd };

/**
 * The operator's own time zone (the browser's), in which the console counts its days. The reports count
 * whole hours, so a zone a half or a quarter hour off UTC (India, Nepal) is replaced by UTC.
 */
export const zone = (() => {
  try {
    if (new Date().getTimezoneOffset() % 60 !== 0) return 'UTC';
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
})();

const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: zone, timeZoneName: 'short',
});
const percentFormat = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });

/** An ISO instant in the operator's zone: "23 Nov 2026, 15:04 UTC". */
export const when = (text) => (text ? dateTimeFormat.format(new Date(text)) : '—');
export const percent = (value) => (value === null || value === undefined ? '—' : percentFormat.format(Number(value)));
export const money = (value) => (value === null || value === undefined ? '—' : usd(value));
export const count = (value) => (value === null || value === undefined ? '—' : integer(value));

/** "3 h 20 min" from milliseconds. */
export function duration(ms) {
  const minutes = Math.max(0, Math.round(ms / 60000));
  if (minutes < 1) return 'less than a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} days ${hours % 24} h`;
}

/** A view's heading, focusable so that moving between views moves the focus to it. */
export const title = (text, extra = null) => h('div', { class: 'view-head' }, h('h2', { tabindex: -1, id: 'view-title' }, text), extra);

export const section = (heading, ...children) => h('section', { class: 'panel' }, h('h3', {}, heading), ...children);

export const badge = (word, kind = word) => h('span', { class: `badge ${kind}` }, word);

/** A status word with its colour: active, capped, scheduled, paused, pending, approved, dead… */
export const status = (word) => badge(word, String(word).replace(/\s+/g, '_'));

export function alertBox(error) {
  const list = error?.errors ? Object.entries(error.errors).flatMap(([field, messages]) => messages.map((m) => `${field}: ${m}`)) : [];
  return h('div', { class: 'alert', role: 'alert' },
    h('strong', {}, list.length > 0 ? 'Please check these fields:' : error?.message ?? String(error)),
    list.length > 0 ? h('ul', {}, list.map((m) => h('li', {}, m))) : null);
}

export const note = (text, id = null) => h('p', { class: 'notice', role: 'status', id }, text);

export const loading = () => h('p', { class: 'muted', role: 'status' }, 'Loading…');

/** Runs a load into an area: a loading line, then what it returns, or the error in words. */
export async function fill(area, load) {
  replace(area, loading());
  try {
    replace(area, await load());
  } catch (e) {
    replace(area, alertBox(e));
  }
}

/**
 * A table: columns [{ label, value: (row) => node|text, num: bool }], rows, with a caption; a row's
 * attributes from rowAttributes(row). Wrapped to scroll sideways on a narrow screen.
 */
export function table({ id, caption, columns, rows, rowAttributes = () => ({}), empty = 'Nothing here.', foot = null }) {
  if (rows.length === 0) return h('p', { class: 'muted empty', id }, empty);
  return h('div', { class: 'table-scroll' },
    h('table', { class: 'data-table', id },
      caption ? h('caption', {}, caption) : null,
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : null }, c.label)))),
      h('tbody', {}, rows.map((r) => h('tr', rowAttributes(r), columns.map((c) => h('td', { class: c.num ? 'num' : null, 'data-label': c.label }, c.value(r)))))),
      foot ? h('tfoot', {}, foot) : null));
}

/** A definition list of [term, description] pairs (null descriptions left out). */
export function facts(pairs, id = null) {
  return h('dl', { class: 'facts', id }, pairs.filter((p) => p && p[1] !== null && p[1] !== undefined)
    .flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

let fieldCount = 0;

/** A labelled input; attributes go to the input. */
export function field(label, attributes = {}, hint = null) {
  const id = attributes.id ?? `f${++fieldCount}`;
  const hintId = hint ? `${id}-hint` : null;
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    h('input', { type: 'text', autocomplete: 'off', ...attributes, id, 'aria-describedby': hintId }),
    hint ? h('span', { class: 'hint', id: hintId }, hint) : null);
}

/** A labelled select of [value, text] options. */
export function choice(label, name, options, selected = '', attributes = {}) {
  const id = attributes.id ?? `f${++fieldCount}`;
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    h('select', { name, ...attributes, id }, options.map(([value, text]) => h('option', { value, selected: String(value) === String(selected) }, text))));
}

/** A form's values by name (text trimmed; checkboxes as booleans when asked). */
export function values(form) {
  const result = {};
  for (const [name, value] of new FormData(form)) {
    if (typeof value !== 'string') continue;
    result[name] = result[name] === undefined ? value.trim() : `${result[name]},${value.trim()}`;
  }
  return result;
}

/** A button that runs an async action once at a time (disabled meanwhile). */
export function action(text, run, attributes = {}) {
  const button = h('button', { type: 'button', ...attributes }, text);
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await run(button);
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

/** A summary figure: label, the value in big, and a line under it. */
export function stat(id, label, text, sub = null, value = null) {
  return h('div', { class: 'stat', id },
    h('span', { class: 'stat-label' }, label),
    h('strong', { 'data-value': value === null ? null : String(value) }, text),
    sub ? h('span', { class: 'stat-sub' }, sub) : null);
}
