import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BANK_PARSERS } from '../groups/bank.ts';
import { fixturePath, runParser } from '../bank-table/testdata/run-parser.ts';
import { camtParser } from './parse.ts';

const dir = fixturePath('third-party/camt/');
const files = readdirSync(dir).filter((f) => f.endsWith('.xml'));
const bytesOf = (f: string) => new Uint8Array(readFileSync(new URL(f, dir)));
const ntryCount = (f: string) =>
  (new TextDecoder().decode(bytesOf(f)).match(/<(?:\w+:)?Ntry[\s>]/g) ?? []).length;

/** Files whose balances add up; the rest of the third-party samples carry deliberately inconsistent ones. */
const RECONCILING = [
  'darko_ISO20022_camt053_extended_SE_incoming_payments_incl_CB_example.xml',
  'darko_ISO20022_camt053_extended_SE_outgoing_payments_example.xml',
  'darko_camt_053_swedish_account_statement.xml',
  'darko_camt_053_ver2_mixed_extended_account_statement.xml',
  'darko_camt_053_ver_2_extended_se_account_swish_ecommerce.xml',
  'darko_camt_053_ver_2_extended_uk_account.xml',
  'genkgo_camt053.v2.multi.statement.xml',
  'viafintech_camt052_valid_example.xml',
  'viafintech_camt053_valid_example.xml',
  'viafintech_camt053_valid_example_v4.xml',
];

describe('camt: every third-party file', () => {
  it('has all 40+ samples', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
  });

  for (const f of files) {
    it(`${f}: detected, entries counted, balances reconciled or reported`, async () => {
      const bytes = bytesOf(f);
      const scores = BANK_PARSERS.map((p) => [p.format, p.detect(bytes.subarray(0, 65536), f)] as const);
      expect(scores.find(([fmt]) => fmt === 'camt')?.[1]).toBeGreaterThan(0.9);
      for (const [fmt, s] of scores) if (fmt !== 'camt') expect(s, fmt).toBeLessThan(0.5);

      const r = await runParser(camtParser, bytes, { chunkSize: 101 });
      const quarantined = r.issues.filter((i) => i.severity === 'quarantine').length;
      expect(r.statements.reduce((n, s) => n + s.entries, 0) + quarantined).toBe(ntryCount(f));
      for (const s of r.statements) {
        if (s.openingBalance !== null && s.closingBalance !== null) {
          expect(typeof s.reconciled).toBe('boolean');
          if (!s.reconciled) {
            const err = r.issues.find(
              (i) => i.severity === 'error' && i.locator === s.locator && /does not reconcile/.test(i.reason),
            );
            expect(err?.reason).toContain(`closing balance is ${s.closingBalance}`);
          }
        } else {
          expect(s.reconciled).toBeNull();
        }
      }
      if (RECONCILING.includes(f)) {
        expect(r.statements.length).toBeGreaterThan(0);
        expect(r.statements.every((s) => s.reconciled === true)).toBe(true);
      }
      for (const t of r.transfers) {
        expect(t.amount).toMatch(/^\d+(\.\d*[1-9])?$/);
        expect(t.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
        expect(t.fromAccount === null && t.toAccount === null).toBe(false);
      }
    });
  }
});

describe('camt: details', () => {
  it('fails the wrong file cleanly with one error and no records', async () => {
    const r = await runParser(camtParser, bytesOf('genkgo_camt053.v2.wrong.xml'));
    expect(r.transfers).toEqual([]);
    expect(r.statements).toEqual([]);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ severity: 'error', locator: 'Document' });
    expect(r.issues[0]?.reason).toMatch(/no Stmt, Rpt or Ntfctn/);
  });

  it('reports a non-reconciling statement with expected and actual balances', async () => {
    const r = await runParser(camtParser, bytesOf('genkgo_camt053.v2.minimal.xml'));
    expect(r.statements[0]).toMatchObject({
      openingBalance: '18.15',
      closingBalance: '-27',
      credits: '8.85',
      reconciled: false,
    });
    expect(r.issues.find((i) => i.severity === 'error')?.reason).toContain(
      '= 27.00, but the closing balance is -27',
    );
  });

  it('turns a credit into counterparty → own account with holders from the statement', async () => {
    const r = await runParser(camtParser, bytesOf('genkgo_camt053.v2.minimal.xml'));
    expect(r.transfers[0]).toMatchObject({
      locator: 'Stmt[1]/Ntry[1]',
      amount: '8.85',
      currency: 'EUR',
      timestamp: '2014-12-31T00:00:00.000Z',
      fromAccount: 'iban:NL56AGDH9619008421',
      toAccount: 'iban:NL26VAYB8060476890',
      fromHolder: 'NAME NAME',
      reference: '4654654654654654',
    });
    expect(r.transfers[0]?.props).toMatchObject({
      bookingDate: '2014-12-31',
      valueDate: '2015-01-02',
      messageType: 'camt.053',
    });
    expect(r.holders).toContainEqual(
      expect.objectContaining({ account: 'iban:NL56AGDH9619008421', holderName: 'NAME NAME' }),
    );
  });

  it('gives the own account its holder from the statement header (camt.052 v1 PrtryAcct)', async () => {
    const r = await runParser(camtParser, bytesOf('genkgo_camt052.v1.xml'));
    expect(r.holders[0]).toMatchObject({
      account: 'iban:CH2801234000123456789',
      holderName: 'FINPETROL',
      institution: 'AAAA BANKEN',
    });
    expect(r.transfers[0]?.fromAccount).toBe('iban:CH2801234000123456789');
  });

  it('splits batch entries into their transactions when the amounts add up', async () => {
    const r = await runParser(camtParser, bytesOf('viafintech_camt053_valid_example_v4.xml'));
    expect(r.statements[0]).toMatchObject({
      entries: 13,
      reconciled: true,
      openingBalance: '322152.16',
      closingBalance: '322689.77',
    });
    const split = r.transfers.filter((t) => /\/TxDtls\[\d+\]$/.test(t.locator));
    expect(split.length).toBeGreaterThan(10);
    expect(new Set(r.transfers.map((t) => t.id)).size).toBe(r.transfers.length);
  });

  it('keeps pending entries out of the balance but counts them', async () => {
    const r = await runParser(camtParser, bytesOf('genkgo_camt052.v6.Amt-zero.xml'));
    expect(r.statements[0]).toMatchObject({ entries: 1, debits: '0' });
    expect(r.transfers[0]?.props?.status).toBe('PDNG');
  });

  it('keeps the entries before broken XML and says where it broke', async () => {
    const full = bytesOf('viafintech_camt053_valid_example_v4.xml');
    const text = new TextDecoder().decode(full);
    const cut = text.indexOf('<Ntry>', text.indexOf('<Ntry>', text.indexOf('<Ntry>') + 1) + 1);
    const broken = new TextEncoder().encode(`${text.slice(0, cut)}<Ntry><Amt Ccy="CHF">1.00</Amt><<broken`);
    const r = await runParser(camtParser, broken, { chunkSize: 4096 });
    expect(r.statements).toHaveLength(1);
    expect(r.statements[0]).toMatchObject({ entries: 2, reconciled: null });
    expect(r.transfers.length).toBeGreaterThan(0);
    const xmlIssue = r.issues.find((i) => i.locator.startsWith('xml:'));
    expect(xmlIssue?.severity).toBe('error');
    expect(xmlIssue?.reason).toMatch(/broken XML at line \d+, column \d+/);
    expect(r.issues.some((i) => i.locator === 'Stmt[1]' && /breaks .* after 2 entries/.test(i.reason))).toBe(
      true,
    );
  });
});

describe('camt: layouts of other banks (own samples in testdata/)', () => {
  const own = (f: string) =>
    runParser(camtParser, new Uint8Array(readFileSync(new URL(`./testdata/${f}`, import.meta.url))), {
      chunkSize: 113,
    });

  it('camt.054 v08 batch: one transfer per TxDtls, a phone proxy as the account, local times in the file zone', async () => {
    const r = await own('camt054-v08-kz-batch-proxy.xml');
    expect(r.transfers.map((t) => [t.locator, t.fromAccount, t.amount, t.timestamp])).toEqual([
      ['Ntfctn[1]/Ntry[1]/TxDtls[1]', 'iban:KZ75125KZT2069100100', '10000', '2024-03-05T09:22:00.000Z'],
      ['Ntfctn[1]/Ntry[1]/TxDtls[2]', 'phone:+77011234567', '15000', '2024-03-05T09:22:00.000Z'],
      ['Ntfctn[1]/Ntry[1]/TxDtls[3]', 'iin:850101300124', '5000', '2024-03-05T09:22:00.000Z'],
      // `2024-03-05T15:00:00` without a zone, in a file whose creation time says +05:00
      ['Ntfctn[1]/Ntry[2]', 'iban:KZ526010002008544440', '700', '2024-03-05T10:00:00.000Z'],
    ]);
  });

  it('camt.053 v04 in a head.001 envelope, Windows-1251: the agent clearing code (БИК) makes the account', async () => {
    const r = await own('camt053-v04-ru-envelope-cp1251.xml');
    expect(r.statements[0]).toMatchObject({
      account: 'acct:SABRRUMM:40702810900000012345',
      reconciled: true,
    });
    expect(r.transfers[0]).toMatchObject({
      fromAccount: 'acct:044525593:40817810099910004312',
      fromHolder: 'Иванов Иван',
      timestamp: '2024-03-05T00:00:00.000Z',
    });
    expect(r.transfers[0]?.props?.description).toBe('Возврат займа');
    // a Russian INN (scheme INN) is not taken for a Kazakh IIN
    expect(r.holders.every((h) => h.iin === null)).toBe(true);
  });

  it('without related parties, a valid IBAN in the remittance text is the counterparty', async () => {
    const r = await runParser(camtParser, bytesOf('viafintech_camt052_valid_example.xml'));
    expect(r.transfers.find((t) => t.locator === 'Rpt[1]/Ntry[2]')).toMatchObject({
      fromAccount: 'iban:DE14740618130000033626',
      toAccount: 'iban:DE58740618130100033626',
    });
  });

  it('a batch whose TxDtls give only the instructed amount is still split per transaction', async () => {
    const r = await runParser(
      camtParser,
      new Uint8Array(
        readFileSync(new URL('./testdata/camt054-v02-batch-instructed-amounts.xml', import.meta.url)),
      ),
    );
    expect(r.transfers.map((t) => [t.locator, t.amount])).toEqual([
      ['Ntfctn[1]/Ntry[1]/TxDtls[1]', '10000'],
      ['Ntfctn[1]/Ntry[1]/TxDtls[2]', '15000'],
      ['Ntfctn[1]/Ntry[1]/TxDtls[3]', '5000'],
      ['Ntfctn[1]/Ntry[2]', '700'],
    ]);
  });
});
