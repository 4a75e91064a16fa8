import { groupDigits } from '@dragnet/core/text/group-digits.ts';
import type { Lang } from './i18n.tsx';

/**
 * Numbers as the UI writes them, one format per language (docs/web.md, "Numbers"): English groups thousands by a
 * comma and writes a decimal point (`16,858,969.47`, `51,043`, `0.59`); Russian groups by a no-break space and writes
 * a decimal comma (`16 858 969,47`, `51 043`, `0,59`), as the Russian report and the context reasons do. An exact
 * amount keeps every digit it has (`1 147 476,74925`).
 */
const GROUP: Record<Lang, string> = { en: ',', ru: '\u00a0' };
const POINT: Record<Lang, string> = { en: '.', ru: ',' };

const group = (digits: string, lang: Lang) => groupDigits(digits, GROUP[lang]);

/** An exact decimal as the API gives it (`85534408`, `-381000.5`), grouped, every digit kept; anything else as it is. */
export function decimalText(v: string, lang: Lang): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(v);
  if (!m) return v;
  return `${m[1]}${group(m[2]!, lang)}${m[3] === undefined ? '' : `${POINT[lang]}${m[3]}`}`;
}

/** A count (`51043` → `51,043` / `51 043`). */
export function countText(n: number, lang: Lang): string {
  return Number.isFinite(n) ? decimalText(String(n), lang) : String(n);
}

/** A number to `digits` decimal places: a score (`0.59` / `0,59`), a share. */
export function fixedText(x: number, digits: number, lang: Lang): string {
  return Number.isFinite(x) ? decimalText(x.toFixed(digits), lang) : String(x);
}

/** A USD figure in cents: a number (findings, rounded to cents) or an exact decimal string (API sums). */
export function usdText(v: number | string | null | undefined, lang: Lang): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') {
    const m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(v);
    if (!m) return v;
    return `${m[1]}${group(m[2]!, lang)}${POINT[lang]}${(m[3] ?? '').padEnd(2, '0')}`;
  }
  return fixedText(v, 2, lang);
}

let current: Lang = 'ru';
/**
 * The UI language for the formatters called without one (`usd`, `amount`): `I18nProvider` sets it as it renders, so
 * that every figure of a render is written in the language of that render.
 */
export function setNumberLang(lang: Lang): void {
  current = lang;
}
export function numberLang(): Lang {
  return current;
}
