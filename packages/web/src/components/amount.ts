import type { Lang } from '../i18n.tsx';
import { decimalText, numberLang } from '../numbers.ts';

/**
 * An exact decimal amount as the API gives it (`85534408`, `-381000.5`) as the UI language writes numbers
 * (`85,534,408` / `85 534 408`, `-381,000.5` / `-381 000,5`; `numbers.ts`), every digit kept. Anything else as it is.
 */
export function amount(v: string, lang: Lang = numberLang()): string {
  return decimalText(v, lang);
}
