/** How numbers, shares and times read in the console. */
import type { Figure } from './types';

const DASH = '–';

/** 0.934 → "93.4 %"; null or not a number → "–". */
export function percent(share: Figure | undefined, digits = 1): string {
  return typeof share === 'number' && Number.isFinite(share) ? `${(share * 100).toFixed(digits)} %` : DASH;
}

/** A statistic such as κ; the string "NaN" (Jackson's NaN) reads "n/a". */
export function figure(value: Figure | undefined, digits = 3): string {
  if (typeof value === 'number' && Number.isFinite(value)) return value.toFixed(digits);
  return value === 'NaN' ? 'n/a' : DASH;
}

export function dateTime(iso: string | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return DASH;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/** 905 → "15 min 5 s". */
export function waitTime(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  const rest = s % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}

/** 3_400_000 → "3.4 MB". */
export function byteSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB'];
  let value = bytes;
  let unit = -1;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** A rate as people read it: whole above 100, else three significant digits ("2385", "41.5", "0.0912"). */
export function rate(perSecond: number): string {
  return perSecond >= 100 ? String(Math.round(perSecond)) : String(Number(perSecond.toPrecision(3)));
}
