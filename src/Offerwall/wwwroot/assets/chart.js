// Bar charts drawn as inline SVG, with no library: one bar slot per day, values above and below a
// zero line, a few round-numbered grid lines, a native tooltip (<title>) per bar, and the same
// numbers as a table for screen readers and for copying.
import { h, s } from './dom.js';

const W = 720;
const H = 230;
const M = { top: 14, right: 14, bottom: 40, left: 76 };

/** A round step (1, 2 or 5 times a power of ten) that splits the range into about `parts` parts. */
export function niceStep(range, parts) {
  const raw = range / parts;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
}

/** "2026-11-17" → "Nov 17" (the date is an Eastern calendar day: no time zone is applied). */
export function dayLabel(date) {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

/**
 * days: [{ date, ... }]; series: [{ name, className, value: (day) => number }] drawn in one slot per
 * day, positive values up and negative values down; format: number → text for axis and tooltips;
 * minStep: the smallest grid step (1 for counts, which have no halves); label: a slot's name under the axis
 * and in tooltips (default: the day's date as "Nov 17"), so the slots may be hours, offers or anything else.
 */
export function barChart({ id, title, summary, days, series, format, minStep = 0, label = (day) => dayLabel(day.date) }) {
  const values = days.flatMap((d) => series.map((x) => x.value(d)));
  let min = Math.min(0, ...values);
  let max = Math.max(0, ...values);
  if (min === max) max = 1;
  const step = Math.max(niceStep(max - min, 4), minStep);
  min = Math.floor(min / step) * step;
  max = Math.ceil(max / step) * step;
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const y = (v) => M.top + ((max - v) / (max - min)) * plotH;
  const slot = plotW / Math.max(days.length, 1);
  const barW = Math.max(1, Math.min(48, slot * 0.72) / series.length);

  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-labelledby': `${titleId} ${descId}`, id },
    s('title', { id: titleId }, title),
    s('desc', { id: descId }, summary));

  for (let v = min; v <= max + step / 2; v += step) {
    const value = Math.abs(v) < step / 1e6 ? 0 : v;
    svg.append(
      s('line', { x1: M.left, x2: W - M.right, y1: y(value), y2: y(value), class: value === 0 ? 'axis' : 'grid' }),
      s('text', { x: M.left - 8, y: y(value), class: 'tick', 'text-anchor': 'end', 'dominant-baseline': 'middle' }, format(value)));
  }

  const every = Math.ceil(days.length / 8);
  days.forEach((day, i) => {
    const x0 = M.left + i * slot + (slot - barW * series.length) / 2;
    series.forEach((x, j) => {
      const v = x.value(day);
      if (v === 0) return;
      const top = y(Math.max(v, 0));
      const height = Math.max(1, Math.abs(y(v) - y(0)));
      const negative = v < 0 && x.negativeClassName ? x.negativeClassName : x.className;
      svg.append(s('rect', { x: x0 + j * barW, y: top, width: Math.max(1, barW - 1), height, class: `bar ${negative}`, 'data-date': day.date },
        s('title', {}, `${label(day)}: ${format(v)} ${x.name}`)));
    });
    if (i % every === 0) {
      svg.append(s('text', { x: M.left + i * slot + slot / 2, y: H - M.bottom + 22, class: 'tick', 'text-anchor': 'middle' }, label(day)));
    }
  });

  const legend = h('ul', { class: 'legend' }, series.map((x) => h('li', {}, h('span', { class: `swatch ${x.className}`, 'aria-hidden': 'true' }), x.name)));
  return h('figure', { class: 'chart-figure' }, h('figcaption', {}, title), svg, legend);
}
