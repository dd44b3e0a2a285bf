/**
 * The refresh-rate histogram of the live monitor, drawn as inline SVG with DOM calls
 * (createElementNS, textContent) so no server text is ever parsed as markup.
 */
import type { RefreshBin } from './types';

const NS = 'http://www.w3.org/2000/svg';
const WIDTH = 480;
const HEIGHT = 200;
const MARGIN = { top: 20, right: 10, bottom: 36, left: 36 };

function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Sessions per measured refresh rate: one bar per rate, its count above it, its rate below. */
export function refreshHistogram(bins: RefreshBin[], testid = 'refresh-histogram'): SVGSVGElement {
  const svg = el('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, width: WIDTH, height: HEIGHT, role: 'img', class: 'histogram', 'data-testid': testid });
  const sorted = [...bins].filter((b) => Number.isFinite(b.hz) && b.sessions > 0).sort((a, b) => a.hz - b.hz);
  const total = sorted.reduce((n, b) => n + b.sessions, 0);
  svg.append(el('title', {}, total === 0
    ? 'Refresh rates: no screen checks yet'
    : `Refresh rates of ${total} session(s): ${sorted.map((b) => `${formatHz(b.hz)} Hz: ${b.sessions}`).join(', ')}`));
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const baseline = MARGIN.top + plotHeight;
  svg.append(el('line', { x1: MARGIN.left, y1: baseline, x2: WIDTH - MARGIN.right, y2: baseline, class: 'axis' }));
  svg.append(el('text', { x: MARGIN.left + plotWidth / 2, y: HEIGHT - 4, 'text-anchor': 'middle', class: 'axis-label' }, 'refresh rate (Hz)'));
  if (sorted.length === 0) {
    svg.append(el('text', { x: MARGIN.left + plotWidth / 2, y: MARGIN.top + plotHeight / 2, 'text-anchor': 'middle', class: 'empty' },
      'no screen checks yet'));
    return svg;
  }
  const most = Math.max(...sorted.map((b) => b.sessions));
  const slot = plotWidth / sorted.length;
  const barWidth = Math.max(2, Math.min(48, slot * 0.7));
  sorted.forEach((bin, i) => {
    const x = MARGIN.left + slot * i + (slot - barWidth) / 2;
    const height = (bin.sessions / most) * plotHeight;
    const bar = el('rect', { x, y: baseline - height, width: barWidth, height, class: 'bar', 'data-hz': bin.hz, 'data-sessions': bin.sessions });
    bar.append(el('title', {}, `${formatHz(bin.hz)} Hz: ${bin.sessions} session(s)`));
    svg.append(bar,
      el('text', { x: x + barWidth / 2, y: baseline - height - 4, 'text-anchor': 'middle', class: 'count' }, String(bin.sessions)),
      el('text', { x: x + barWidth / 2, y: baseline + 14, 'text-anchor': 'middle', class: 'tick' }, formatHz(bin.hz)));
  });
  return svg;
}

/** 59.94 → "59.9", 120 → "120". */
function formatHz(hz: number): string {
  return Number.isInteger(hz) ? String(hz) : hz.toFixed(1);
}
