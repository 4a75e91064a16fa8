import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { adversarialScenario } from '../analysis/adversarial-scenario.ts';
import { analyzeCaseData } from '../analysis/analyze-case-data.ts';
import { loadRules } from '../rules/rules.ts';
import { buildFindings } from './build-findings.ts';
import schema from './findings.schema.json' with { type: 'json' };

const ajv = new (Ajv as unknown as typeof Ajv.default)({ allErrors: true, multipleOfPrecision: 6 });
const validate = ajv.compile(schema);

describe('findings JSON schema', () => {
  it('accepts the real output of an analysis', async () => {
    const s = adversarialScenario();
    const a = await analyzeCaseData(
      {
        transfers: s.transfers,
        holders: s.holders,
        exchanges: s.exchanges,
        orders: s.orders,
        rates: s.rates,
      },
      loadRules(undefined),
    );
    const { findings } = buildFindings(a, {
      caseName: 'schema',
      evidenceCount: 3,
      now: '2026-01-01T00:00:00.000Z',
      crossCase: [{ identifier: 'card:4400000000000011', cases: ['a', 'b'], contexts: [] }],
    });
    const json = JSON.parse(JSON.stringify(findings));
    const ok = validate(json);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(findings.accounts.length).toBeGreaterThan(0);
    expect(findings.endRecipients.length).toBeGreaterThan(0);
  });

  it('rejects findings that break the contract', () => {
    const bad = {
      schemaVersion: 1,
      case: { name: 'x', evidence: 0, transfers: 0, messages: 0 },
      summary: {
        participants: -1,
        networks: 0,
        droppers: 0,
        exchangers: 0,
        channelsFlagged: 0,
        endRecipients: 0,
        turnoverUsd: 0.001,
      },
      persons: [],
      accounts: [
        {
          id: 'card:1',
          kind: 'card',
          holder: null,
          roles: [{ role: 'mule', score: 2, reasons: [] }],
          inUsd: 0,
          outUsd: 0,
          counterparties: 0,
        },
      ],
      channels: [],
      networks: [],
      endRecipients: [],
      crossCase: [],
    };
    expect(validate(bad)).toBe(false);
    const paths = (validate.errors ?? []).map((e) => e.instancePath);
    expect(paths).toContain('/summary/participants');
    expect(paths).toContain('/summary/turnoverUsd');
    expect(paths).toContain('/accounts/0/roles/0/role');
  });
});
