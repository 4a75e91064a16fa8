import { isoDateTime } from '@dragnet/core/parsers/bank-table/bank-records.ts';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { ISO_FAST, isoFastTs } from './bank-bulk-lines.ts';
import { quoteLiteral as lit } from './table-codec.ts';

/** A small LCG (high bits): the same texts on every run. */
function seeded(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return Math.floor((s / 2 ** 32) * n);
  };
}

/** ISO 8601 texts of every shape ISO_FAST lets through, and some it does not. */
function isoTexts(count: number): string[] {
  const next = seeded(11);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const pick = <T>(xs: readonly T[]): T => xs[next(xs.length)]!;
  const out = new Set<string>();
  while (out.size < count) {
    const y = pick([1000 + next(9000), 1969, 1970, 2024, 2023, 2100, 1900, 2000, 9999]);
    const date = `${pad(y, 4)}-${pad(1 + next(12))}-${pad(pick([1, 28, 29, 30, 31, 1 + next(31)]))}`;
    const time = pick([
      '',
      `T${pad(next(24))}:${pad(next(60))}`,
      ` ${pad(next(24))}:${pad(next(60))}`,
      `T${pad(next(24))}:${pad(next(60))}:${pad(next(60))}`,
      ` ${pad(next(24))}:${pad(next(60))}:${pad(next(60))}`,
      `T${pad(next(24))}:${pad(next(60))}:${pad(pick([0, 59, next(60)]))}.${pick(['0', '5', '999', '999999', '9999999', '123456789', String(next(1000))])}`,
      'T23:59:59.9999999',
      'T00:00:00',
    ]);
    const zone = pick([
      '',
      '',
      'Z',
      '+05:00',
      '-03:30',
      '+0600',
      '-0000',
      '+00:00',
      '+14:00',
      '-12:00',
      '+23:59',
      '-2359',
      '+05:75',
      '+99:99',
      `${pick(['+', '-'])}${pad(next(24))}:${pad(next(60))}`,
      `${pick(['+', '-'])}${pad(next(24))}${pad(next(60))}`,
    ]);
    out.add(`${date}${time}${zone}`);
  }
  return [...out];
}

describe('isoFastTs', () => {
  it('reads every text ISO_FAST matches as the parser reads it, at any statement offset', async () => {
    const texts = isoTexts(4000);
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    try {
      // A session time zone far from UTC: a text with an offset is an instant, one without is wall time.
      await conn.run("SET TimeZone = 'America/St_Johns'");
      let compared = 0;
      for (const offset of [0, 300, -210]) {
        const values = texts.map((t) => `(${lit(t)})`).join(', ');
        const rows = (
          await conn.runAndReadAll(
            `SELECT t, epoch_ms(${isoFastTs('t', String(offset))}) FROM (VALUES ${values}) v(t) WHERE regexp_full_match(t, '${ISO_FAST}')`,
          )
        ).getRows();
        expect(rows.length).toBeGreaterThan(texts.length / 2);
        for (const [t, ms] of rows) {
          const js = isoDateTime(t as string, offset);
          expect(ms === null ? null : Number(ms), `${t} at ${offset}`).toBe(
            js === undefined ? null : Date.parse(js),
          );
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(6000);
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  });
});
