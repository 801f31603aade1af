// The console's charts: money per day (assets/chart.js's bars, three series) and rows of a report as
// horizontal bars, one line per row with its name (offers, partners, countries… whose names do not fit
// under an axis). Inline SVG, no library; each bar has a tooltip and the numbers are in a table beside.
import { h, s } from './dom.js';
import { barChart, dayLabel } from './chart.js';
import { money } from './console-ui.js';

/** An hour of a report ("2026-11-01T13:00:00+01:00") as "Nov 1, 13:00" (its own local time, as the report gives it). */
export function hourLabel(text) {
  return `${dayLabel(text.slice(0, 10))}, ${text.slice(11, 16)}`;
}

/** Revenue, cost and margin per day (or per hour): rows carry day or hour and the report's metrics. */
export function moneyChart({ id, title, summary, rows, hourly = false }) {
  const slots = rows.map((r) => ({ ...r, date: hourly ? r.hour : r.day }));
  return barChart({
    id, title, summary, days: slots,
    label: hourly ? (r) => hourLabel(r.date) : (r) => dayLabel(r.date),
    series: [
      { name: 'revenue', className: 'bar-revenue', value: (r) => Number(r.revenue) },
      { name: 'cost', className: 'bar-cost', value: (r) => Number(r.cost) },
      { name: 'margin', className: 'bar-margin', negativeClassName: 'bar-negative', value: (r) => Number(r.margin) },
    ],
    format: (v) => money(v),
  });
}

/** Counts per day: approved up, pending and cancelled beside it. */
export function conversionsChart({ id, title, summary, rows }) {
  return barChart({
    id, title, summary, days: rows.map((r) => ({ ...r, date: r.day })),
    series: [
      { name: 'approved', className: 'bar-approved', value: (r) => r.approved },
      { name: 'pending', className: 'bar-pending', value: (r) => r.pending },
      { name: 'cancelled', className: 'bar-cancelled', value: (r) => r.cancelled },
    ],
    format: (v) => String(Math.round(v)),
    minStep: 1,
  });
}

/**
 * Horizontal bars, one row per item: items [{ label, values: [numbers per series] }], series [{ name, className }].
 * Values below zero (a margin lost) are drawn to the left of the zero line.
 */
export function rowChart({ id, title, summary, items, series, format }) {
  const W = 1100;
  const labelW = 280;
  const rowH = 10 * series.length + 10;
  const H = 30 + items.length * rowH;
  const values = items.flatMap((i) => i.values);
  const min = Math.min(0, ...values);
  const max = Math.max(0, ...values, min === 0 ? 1 : 0);
  const x = (v) => labelW + ((v - min) / (max - min || 1)) * (W - labelW - 100);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-labelledby': `${id}-title ${id}-desc`, id },
    s('title', { id: `${id}-title` }, title),
    s('desc', { id: `${id}-desc` }, summary),
    s('line', { x1: x(0), x2: x(0), y1: 4, y2: H - 20, class: 'axis' }));
  items.forEach((item, i) => {
    const top = 8 + i * rowH;
    const name = item.label.length > 34 ? `${item.label.slice(0, 33)}…` : item.label;
    svg.append(s('text', { x: labelW - 8, y: top + rowH / 2, class: 'row-label', 'text-anchor': 'end', 'dominant-baseline': 'middle' }, name));
    series.forEach((serie, j) => {
      const v = item.values[j];
      const left = Math.min(x(0), x(v));
      const width = Math.max(1, Math.abs(x(v) - x(0)));
      const y = top + 4 + j * 10;
      svg.append(s('rect', { x: left, y, width, height: 9, class: `bar ${v < 0 ? 'bar-negative' : serie.className}` },
        s('title', {}, `${item.label}: ${format(v)} ${serie.name}`)));
      if (j === 0) svg.append(s('text', { x: Math.max(x(0), x(v)) + 6, y: y + 5, class: 'tick', 'dominant-baseline': 'middle' }, format(v)));
    });
  });
  const legend = h('ul', { class: 'legend' }, series.map((x) => h('li', {}, h('span', { class: `swatch ${x.className}`, 'aria-hidden': 'true' }), x.name)));
  return h('figure', { class: 'chart-figure' }, h('figcaption', {}, title), svg, legend);
}
