// Small DOM and formatting helpers shared by the wall, the dashboard and the console.
// The pages build every element from text nodes: no HTML string ever reaches the DOM, which is what
// lets the Content-Security-Policy forbid HTML sinks (Trusted Types) as well as inline scripts.

const SVG = 'http://www.w3.org/2000/svg';

/** Creates an element: h('a', { href: '#', class: 'card' }, 'text', child, [more, children]). */
export function h(tag, attributes = {}, ...children) {
  return build(document.createElement(tag), attributes, children);
}

/** The same for SVG elements. */
export function s(tag, attributes = {}, ...children) {
  return build(document.createElementNS(SVG, tag), attributes, children);
}

function build(element, attributes, children) {
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

const amountFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const integerFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const usdFormat = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** "1250.00" → "1,250"; "12.50" → "12.5". */
export const amount = (value) => amountFormat.format(Number(value));
export const integer = (value) => integerFormat.format(Number(value));
export const usd = (value) => usdFormat.format(Number(value));

/** Only web links are ever followed or opened (never javascript: or data:). */
export function webUrl(text) {
  try {
    const url = new URL(text, location.href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** "2026-11-23T15:00:00Z" → "2026-11-23 15:00:00 UTC". */
export function utc(text) {
  return text ? text.replace('T', ' ').replace('Z', ' UTC') : '';
}

/**
 * An offer's icon: its own when this server serves it, else the generated one (/wall/icons/<id>.svg), also
 * when its own fails to load. The pages ask no third party for anything.
 */
export function offerIcon(offerId, iconUrl, className, size) {
  const fallback = `/wall/icons/${encodeURIComponent(offerId)}.svg`;
  let src = fallback;
  try {
    if (iconUrl && new URL(iconUrl, location.href).origin === location.origin) src = iconUrl;
  } catch { /* not a URL */ }
  const img = h('img', { class: className, src, alt: '', width: size, height: size, loading: 'lazy', decoding: 'async' });
  img.addEventListener('error', () => { if (!img.src.endsWith(fallback)) img.src = fallback; }, { once: true });
  return img;
}
