import { BANK_PARSERS } from './groups/bank.ts';
import { CANONICAL_PARSERS } from './groups/canonical.ts';
import { CRYPTO_PARSERS } from './groups/crypto.ts';
import { TELEGRAM_PARSERS } from './groups/telegram.ts';
import type { FormatParser } from './parser.ts';

export const PARSERS: readonly FormatParser[] = [
  ...CANONICAL_PARSERS,
  ...TELEGRAM_PARSERS,
  ...BANK_PARSERS,
  ...CRYPTO_PARSERS,
];

/** The parser whose `detect` is most confident about these bytes, or undefined below `threshold`. */
export function detectFormat(head: Uint8Array, fileName: string, threshold = 0.5): FormatParser | undefined {
  let best: FormatParser | undefined;
  let bestScore = threshold;
  for (const p of PARSERS) {
    const s = p.detect(head, fileName);
    if (s > bestScore) {
      best = p;
      bestScore = s;
    }
  }
  return best;
}

export function parserFor(format: string): FormatParser | undefined {
  return PARSERS.find((p) => p.format === format);
}
