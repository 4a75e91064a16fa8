import { describe, expect, it } from 'vitest';
import { BankCsvScan, quotedDelimiters } from './bank-csv-bulk.ts';

/** The offsets `quotedDelimiters` finds in `text` cut into chunks at `cuts`, as offsets into the whole text. */
function found(text: string, cuts: number[], asBytes: boolean): number[] {
  const at: number[] = [];
  let inQuote = false;
  let base = 0;
  for (const [i, end] of [...cuts, text.length].entries()) {
    const from = i === 0 ? 0 : cuts[i - 1]!;
    const piece = text.slice(from, end);
    inQuote = quotedDelimiters(asBytes ? Buffer.from(piece, 'latin1') : piece, 0x2c, inQuote, (k) => {
      at.push(base + k);
      return true;
    });
    base += piece.length;
  }
  return at;
}

describe('quotedDelimiters', () => {
  const text = 'a,"b,c",d\n"e""f,g",h\n"open,\nx,y\n"z",w';
  // Commas inside quotes: in "b,c" (3), in "e""f,g" (15); "open, before the line break that ends it (26); none after.
  const inside = [4, 15, 26];
  it('finds the delimiters inside quotes, a line break ending them, doubled quotes included', () => {
    expect(found(text, [], false)).toEqual(inside);
    expect(found(text, [], true)).toEqual(inside);
  });
  it('gives the same answer whatever the chunks (a quoted field cut across them)', () => {
    for (let cut = 1; cut < text.length; cut++) {
      expect(found(text, [cut], false), `cut at ${cut}`).toEqual(inside);
      expect(found(text, [cut, Math.min(cut + 3, text.length - 1)], true), `cuts at ${cut}`).toEqual(inside);
    }
  });
  it('leaves a scan plain only when no delimiter sits inside quotes', () => {
    const plain = new BankCsvScan(';');
    plain.push(Buffer.from('Дата;Сумма\n01.01.2024;"1 000,00"\n'));
    expect(plain.plain).toBe(true);
    const masked = new BankCsvScan(',');
    masked.push(Buffer.from('Date,Amount\n01.01.2024,"1 0'));
    masked.push(Buffer.from('00,00"\n'));
    expect(masked.plain).toBe(false);
  });
});
