import { describe, expect, it } from 'vitest';
import { buildFindings } from '../findings/build-findings.ts';
import type { TransferRow } from '../model/tables.ts';
import { loadRules } from '../rules/rules.ts';
import { adversarialScenario } from './adversarial-scenario.ts';
import { analyzeCaseData } from './analyze-case-data.ts';

const base = Date.parse('2025-03-01T00:00:00Z');
const H = 3_600_000;

/**
 * Droppers with a retail fan-in sweep into a collector that also takes wholesale buyers' payments
 * directly, so the droppers are well under half its inflow; the collector passes nearly everything on to
 * another holder's account. `feeders` droppers feed it.
 */
async function collectorCase(feeders: number) {
  const transfers: TransferRow[] = [];
  let n = 0;
  const tx = (hour: number, from: string, to: string, kzt: number) => {
    const id = `c${++n}`;
    transfers.push({
      id,
      txId: id,
      timestamp: new Date(base + hour * H).toISOString(),
      amount: kzt.toFixed(2),
      currency: 'KZT',
      fromAccount: from,
      toAccount: to,
      fromHolder: null,
      toHolder: null,
      channel: 'card2card',
      reference: null,
      props: null,
      evidenceId: 'ev-bank',
      locator: `row:${id}`,
    });
  };
  const collector = 'card:4400000000009991';
  const boss = 'iban:KZ00BOSSACCOUNT';
  let fedKzt = 0;
  for (let d = 0; d < feeders; d++) {
    const dropper = `card:44000000000010${String(d).padStart(2, '0')}`;
    // 30 buyers a day for 5 days, round the clock, everything swept within the hour
    for (let day = 0; day < 5; day++) {
      let sum = 0;
      for (let k = 0; k < 30; k++) {
        const kzt = 8_000 + ((k * 37 + d * 11) % 9) * 1_000;
        tx(day * 24 + ((k * 5) % 24), `card:buyer-${d}-${day}-${k}`, dropper, kzt);
        sum += kzt;
      }
      tx(day * 24 + 23.5, dropper, collector, sum);
      fedKzt += sum;
    }
  }
  // Wholesale buyers pay the collector directly: three times what the droppers bring.
  for (let k = 0; k < 4; k++) tx(k * 30 + 1, `card:wholesale-${k}`, collector, (fedKzt * 3) / 4);
  // The collector holds the money for days, then sweeps 97% of it on to the boss in two transfers:
  // not fast enough for the dropper criteria of its own.
  const total = fedKzt * 4;
  tx(8 * 24, collector, boss, (total * 0.97) / 2);
  tx(8 * 24 + 1, collector, boss, (total * 0.97) / 2);
  const s = adversarialScenario();
  const a = await analyzeCaseData({ transfers, rates: s.rates }, loadRules(undefined));
  const { findings } = buildFindings(a, { caseName: 't', evidenceCount: 1, now: '2026-01-01T00:00:00Z' });
  const roles = (acct: string) => findings.accounts.find((x) => x.id === acct)?.roles ?? [];
  return { findings, roles, collector, boss };
}

describe('collectors fed by many droppers and by wholesale buyers directly', () => {
  it('are droppers (second level) when at least collectorMinFeeders droppers feed them', async () => {
    const { findings, roles, collector } = await collectorCase(6);
    expect(findings.summary.droppers).toBeGreaterThanOrEqual(6);
    const dropper = roles(collector).find((r) => r.role === 'dropper');
    expect(dropper?.reasons[0]).toMatch(
      /^collects \$[\d,.]+ from 6 dropper accounts \(2\d% of its inflow\)$/,
    );
    expect(roles(collector).some((r) => r.role === 'operator')).toBe(false);
  });

  it('are not, with fewer feeders than collectorMinFeeders', async () => {
    const { roles, collector } = await collectorCase(4);
    expect(roles(collector).some((r) => r.role === 'dropper')).toBe(false);
  });
});
