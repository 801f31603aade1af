// Horizontal bar charts for the dashboard's report (one bar per offer, country, …), drawn as inline
// SVG like assets/chart.js's day charts: a zero line, round-numbered grid lines, a native tooltip
// (<title>) per bar; the numbers themselves are in the report's table.
import { h, s } from './dom.js';
import { niceStep } from './chart.js';

const ROW = 30;
/** Drawn at the width it is shown at (CSS pixels), so that its text stays readable on a phone. */
const WIDTHS = { min: 300, max: 720 };

const shorten = (text, chars) => (text.length > chars ? `${text.slice(0, chars - 1)}…` : text);

/**
 * items: [{ key, label, value }] drawn top to bottom; className: the bars' colour class
 * (negativeClassName for values below zero); format: number → text (tickFormat: the same for the axis);
 * minStep: the smallest grid step;
 * width: the width it will be shown at.
 */
export function barsChart({ id, title, summary, items, format, tickFormat = format, className, negativeClassName = className, minStep = 0, width = WIDTHS.max }) {
  const W = Math.round(Math.min(WIDTHS.max, Math.max(WIDTHS.min, width)));
  const M = { top: 8, right: 84, bottom: 28, left: Math.round(Math.min(220, W * 0.36)) };
  const chars = Math.floor((M.left - 12) / 8.5);
  const values = items.map((x) => x.value);
  let min = Math.min(0, ...values);
  let max = Math.max(0, ...values);
  if (min === max) max = 1;
  // Fewer grid lines on a narrow chart, so that their labels never overlap.
  const step = Math.max(niceStep(max - min, W < 520 ? 2 : 4), minStep);
  min = Math.floor(min / step) * step;
  max = Math.ceil(max / step) * step;
  const height = M.top + M.bottom + ROW * Math.max(items.length, 1);
  const plotW = W - M.left - M.right;
  const x = (v) => M.left + ((v - min) / (max - min)) * plotW;

  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const svg = s('svg', { viewBox: `0 0 ${W} ${height}`, class: 'chart bars-chart', role: 'img', 'aria-labelledby': `${titleId} ${descId}`, id },
    s('title', { id: titleId }, title),
    s('desc', { id: descId }, summary));

  const bottom = height - M.bottom;
  for (let v = min; v <= max + step / 2; v += step) {
    const value = Math.abs(v) < step / 1e6 ? 0 : v;
    svg.append(
      s('line', { x1: x(value), x2: x(value), y1: M.top, y2: bottom, class: value === 0 ? 'axis' : 'grid' }),
      s('text', { x: x(value), y: bottom + 18, class: 'tick', 'text-anchor': 'middle' }, tickFormat(value)));
  }

  items.forEach((item, i) => {
    const y = M.top + i * ROW;
    const left = x(Math.min(item.value, 0));
    const width = Math.max(item.value === 0 ? 0 : 1, Math.abs(x(item.value) - x(0)));
    svg.append(s('text', { x: M.left - 8, y: y + ROW / 2, class: 'tick', 'text-anchor': 'end', 'dominant-baseline': 'middle' },
      s('title', {}, item.label), shorten(item.label, chars)));
    if (width > 0) {
      svg.append(s('rect', { x: left, y: y + 5, width, height: ROW - 10, class: `bar ${item.value < 0 ? negativeClassName : className}`, 'data-key': item.key },
        s('title', {}, `${item.label}: ${format(item.value)}`)));
    }
    svg.append(s('text', { x: Math.max(x(item.value), x(0)) + 6, y: y + ROW / 2, class: 'tick value', 'dominant-baseline': 'middle' }, format(item.value)));
  });

  return h('figure', { class: 'chart-figure' }, h('figcaption', {}, title), svg);
}
