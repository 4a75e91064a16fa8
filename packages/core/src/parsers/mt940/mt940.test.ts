import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixturePath, runParser } from '../bank-table/testdata/run-parser.ts';
import { BANK_PARSERS } from '../groups/bank.ts';
import { mt940Parser, swiftAmount } from './parse.ts';

const dir = fixturePath('third-party/mt940/');
const files = readdirSync(dir).filter((f) => f !== 'SOURCE.txt');
const bytesOf = (f: string) => new Uint8Array(readFileSync(new URL(f, dir)));
const run = (f: string, chunkSize = 53) => runParser(mt940Parser, bytesOf(f), { chunkSize });

/** Whole statements (not one-field fragments) whose balances add up. */
const RECONCILING = [
  'wolph_ASNB_0708271685_09022020_164516.940.txt',
  'wolph_betterplace_sepa_mt9401.sta',
  'wolph_betterplace_with_binary_character.sta',
  'wolph_cmxl_mt940.sta',
  'wolph_jejik_generic.sta',
  'wolph_jejik_rabobank-iban.sta',
  'wolph_jejik_sns.sta',
  'wolph_mBank_mt940.sta',
  'wolph_mBank_mt942.sta',
  'wolph_sberbank_171011_01234945.sta',
  'wolph_self-provided_february_30.sta',
];

describe('MT940: every third-party file', () => {
  it('has the samples of more than 12 banks', () => {
    expect(files.length).toBeGreaterThanOrEqual(50);
  });

  for (const f of files) {
    it(`${f}: statements reconcile or carry a precise issue`, async () => {
      const r = await run(f);
      expect(r.statements.length + r.issues.length).toBeGreaterThan(0);
      for (const s of r.statements) {
        if (s.reconciled === false) {
          expect(r.issues.some((i) => i.severity === 'error' && i.locator === s.locator)).toBe(true);
        }
        if (s.reconciled === null) {
          // unchecked balances are always explained
          expect(r.issues.some((i) => i.locator === s.locator || /no (opening|closing)/.test(i.reason))).toBe(
            true,
          );
        }
      }
      for (const i of r.issues) expect(i.locator).toMatch(/^line:\d+$/);
      if (RECONCILING.includes(f)) {
        expect(r.statements.length).toBeGreaterThan(0);
        expect(r.statements.every((s) => s.reconciled === true)).toBe(true);
      }
      // chunk boundaries do not change the result
      const whole = await run(f, 1 << 20);
      expect(whole.transfers).toEqual(r.transfers);
    });
  }
});

describe('MT940: details and edge cases', () => {
  it('reads SWIFT amounts exactly', () => {
    expect(['380115,12', '380115,1', '380115,', '0,12', '00,12', '001,12', '500'].map(swiftAmount)).toEqual([
      '380115.12',
      '380115.1',
      '380115',
      '0.12',
      '0.12',
      '1.12',
      '500',
    ]);
    // a decimal point with one or two decimals (non-SWIFT exporters); three digits may be grouping
    expect(swiftAmount('12.5')).toBe('12.5');
    expect(swiftAmount('1000.50')).toBe('1000.5');
    expect(swiftAmount('1.000')).toBeUndefined();
  });

  it('detects full statements by content', () => {
    for (const f of [
      'wolph_jejik_abnamro.sta',
      'wolph_betterplace_sepa_mt9401.sta',
      'wolph_mBank_mt942.sta',
    ]) {
      const b = bytesOf(f);
      const best = BANK_PARSERS.map((p) => ({ p: p.format, s: p.detect(b.subarray(0, 65536), f) })).sort(
        (a, c) => c.s - a.s,
      )[0];
      expect(best).toMatchObject({ p: 'mt940' });
      expect(best?.s).toBeGreaterThan(0.9);
    }
    expect(mt940Parser.detect(bytesOf('wolph_self-provided_invalid_statement.sta'), 'x.sta')).toBe(0);
  });

  it('Feb 30 value date: warns, books on the entry date, still reconciles', async () => {
    const r = await run('wolph_self-provided_february_30.sta');
    expect(r.issues).toEqual([expect.objectContaining({ severity: 'warning', locator: 'line:6' })]);
    expect(r.issues[0]?.reason).toMatch(/value date 160230 is not a calendar date/);
    expect(r.transfers[0]).toMatchObject({
      timestamp: '2016-03-01T00:00:00.000Z',
      amount: '6',
      currency: 'EUR',
    });
    expect(r.statements[0]).toMatchObject({
      account: 'acct:12345678:1020304050',
      reconciled: true,
      closingBalance: '1194',
    });
  });

  it('an empty :86: alone is reported, not stored', async () => {
    const r = await run('wolph_betterplace_empty_86.sta');
    expect(r.transfers).toEqual([]);
    expect(r.issues.some((i) => i.severity === 'error' && /no statement/.test(i.reason))).toBe(true);
  });

  it('a missing CRLF at the end still closes the statement', async () => {
    const r = await run('wolph_betterplace_missing_crlf_at_end.sta');
    expect(r.statements[0]?.closingBalance).toBe('42570.04');
  });

  it('a binary byte in :20: does not break the statements', async () => {
    const r = await run('wolph_betterplace_with_binary_character.sta');
    expect(r.statements.map((s) => [s.account, s.entries, s.reconciled])).toEqual([
      ['acct:51230800:0000007055', 3, true],
      ['acct:51230800:0000007304', 1, true],
    ]);
    const paypal = r.transfers[0];
    expect(paypal).toMatchObject({
      amount: '27',
      toAccount: 'acct:51230800:0000007055',
      fromHolder: 'PAYPAL',
    });
    expect(paypal?.fromAccount).toBe('acct:50070010:0175526300');
  });

  it('German :86: subfields give the counterparty IBAN and name', async () => {
    const r = await run('wolph_betterplace_sepa_snippet.sta');
    const t = r.transfers[0];
    expect(t).toMatchObject({ fromAccount: 'iban:DE14508800500194785000', fromHolder: 'KARL KAUFMANN' });
    expect(t?.props?.description).toMatch(/^GUTSCHRIFT: EREF\+EndToEndId/);
  });

  it('a truncated file keeps its entries and says the balances were not checked', async () => {
    const text = new TextDecoder().decode(bytesOf('wolph_betterplace_sepa_snippet.sta'));
    const cut = new TextEncoder().encode(text.slice(0, text.indexOf(':62F:')));
    const r = await runParser(mt940Parser, cut);
    expect(r.transfers.length).toBe(4);
    expect(r.statements[0]?.reconciled).toBeNull();
    expect(r.issues.some((i) => /no closing :62F: balance/.test(i.reason))).toBe(true);
  });

  it('a misplaced :25: inside the entries is reported and the statement fails to reconcile', async () => {
    const r = await run('wolph_betterplace_sepa_snippet_broken.sta');
    expect(r.issues.some((i) => i.locator === 'line:6' && /misplaced/.test(i.reason))).toBe(true);
    expect(r.statements[0]?.reconciled).toBe(false);
  });

  it('MT942 reconciles against :90D:/:90C: counts and sums', async () => {
    const ok = await run('wolph_mBank_mt942.sta');
    expect(ok.statements[0]).toMatchObject({
      account: 'iban:PL29114010810000267002001002',
      credits: '0.03',
      reconciled: true,
    });
    const bad = await run('wolph_self-provided_mt942.sta');
    expect(bad.statements[0]?.reconciled).toBe(false);
    expect(bad.issues.find((i) => i.severity === 'error')?.reason).toMatch(
      /:90D: states 1 entries totalling 2.3, but 1 entries totalling 0.42/,
    );
  });

  it('reports a file without MT940 tags', async () => {
    const r = await run('wolph_self-provided_invalid_statement.sta');
    expect(r.issues).toEqual([expect.objectContaining({ severity: 'error', locator: 'line:1' })]);
  });

  it('takes the holder name from a Sberbank :NS: field', async () => {
    const r = await run('wolph_sberbank_171011_01234945.sta');
    expect(r.holders[0]).toMatchObject({ holderName: 'JOHN DOE' });
    expect(r.statements[0]).toMatchObject({ entries: 3, reconciled: true, currency: 'HUF' });
  });
});

describe('MT940: layouts of other banks (own samples in testdata/)', () => {
  const own = (f: string) =>
    runParser(mt940Parser, new Uint8Array(readFileSync(new URL(`./testdata/${f}`, import.meta.url))), {
      chunkSize: 41,
    });

  it('ING: an IBAN with the currency glued on in :25:, /CNTP/ account, BIC and name, /REMI/USTD//', async () => {
    const r = await own('ing-cntp-iban-currency.sta');
    expect(r.statements.map((s) => [s.account, s.reconciled])).toEqual([
      ['iban:NL20INGB0001234567', true],
      ['iban:NL20INGB0001234567', true],
    ]);
    expect(r.transfers[0]).toMatchObject({
      fromAccount: 'iban:NL69INGB0123456789',
      toAccount: 'iban:NL20INGB0001234567',
      fromHolder: 'JOHN DOE',
    });
    expect(r.transfers[0]?.props?.description).toBe('INVOICE 42');
    // `EREF` in :61: points at the /EREF/ value
    expect(r.transfers[0]?.reference).toBe('ABC123');
    expect(r.transfers[1]).toMatchObject({ toAccount: 'iban:NL44RABO0123456789', toHolder: 'SHOP BV' });
  });

  it('Kazakh bank: IBAN/KZT in :25:, /BENM/ or /ORDP/ name, /ACC/ account, /BIN/ as the holder IIN', async () => {
    const r = await own('kz-structured-86.sta');
    expect(r.statements[0]).toMatchObject({ account: 'iban:KZ526010002008544440', reconciled: true });
    expect(r.transfers[0]).toMatchObject({
      fromAccount: 'iban:KZ526010002008544440',
      toAccount: 'iban:KZ18722S000012345678',
      toHolder: 'ИП АХМЕТОВ',
      amount: '120000',
    });
    expect(r.transfers[0]?.props?.description).toBe('Оплата за товар');
    expect(r.transfers[1]).toMatchObject({
      fromAccount: 'iban:KZ75125KZT2069100100',
      fromHolder: 'ТОО КОМПАНИЯ',
    });
    expect(r.holders).toContainEqual(
      expect.objectContaining({ account: 'iban:KZ75125KZT2069100100', iin: 'iin:120340012345' }),
    );
  });

  it('Russian bank in Windows-1251: БИК/account in :25:, /NAME/ /ACC/ /BIC/ counterparty', async () => {
    const r = await own('ru-bik-account-cp1251.sta');
    expect(r.statements[0]).toMatchObject({
      account: 'acct:044525225:40702810900000012345',
      reconciled: true,
    });
    expect(r.transfers[1]).toMatchObject({
      fromAccount: 'acct:044525225:40817810099910004312',
      fromHolder: 'Иванов Иван',
    });
    expect(r.transfers[0]?.props?.description).toMatch(/^Оплата по счету 15/);
  });

  it('Polish ~ subfields (PKO BP, ING Polska) and a leading space before German ? subfields', async () => {
    const r = await own('pl-tilde-subfields.sta');
    expect(r.transfers[0]).toMatchObject({
      toAccount: 'iban:PL60102010260000042270201111',
      toHolder: 'JAN KOWALSKI',
    });
    expect(r.transfers[0]?.props?.description).toBe('VE02: Czynsz marzeclokal 5ul. Polna 1');
    const cmxl = await run('wolph_cmxl_mt940.sta');
    expect(cmxl.transfers.find((t) => t.locator === 'line:53')).toMatchObject({
      fromAccount: 'iban:PL08106000760000777777777777',
      fromHolder: 'HUTA SZKLA TOPIC UL PRZEMYSLOWA 67 32-669 WROCLAW',
    });
  });

  it('an indented statement (pasted from e-mail) with decimal points is detected and reconciles', async () => {
    const bytes = new Uint8Array(
      readFileSync(new URL('./testdata/kz-indented-dot-decimal.sta', import.meta.url)),
    );
    expect(mt940Parser.detect(bytes, 'statement.txt')).toBeGreaterThan(0.5);
    const r = await own('kz-indented-dot-decimal.sta');
    expect(r.statements[0]).toMatchObject({ currency: 'KZT', openingBalance: '1500000', reconciled: true });
    expect(r.transfers.map((t) => [t.amount, t.currency])).toEqual([
      ['120000', 'KZT'],
      ['35000.5', 'KZT'],
    ]);
  });

  it('the currency after a BLZ/account in :25: is the currency, not part of the number', async () => {
    const r = await run('wolph_betterplace_currency_in_25.sta');
    expect(r.statements[0]).toMatchObject({ account: 'acct:51210600:9223382012', currency: 'EUR' });
  });

  it('a Russian free-text :86: with р/с and БИК gives the counterparty account', async () => {
    const r = await own('ru-free-text-account-bik.sta');
    expect(r.transfers[0]).toMatchObject({
      fromAccount: 'acct:044525225:40702810900000012345',
      toAccount: 'acct:044525593:40702810100000000001',
    });
  });

  it('a statement in CP866 (DOS-era Russian bank clients) reads its Cyrillic text', async () => {
    const r = await own('ru-cp866.sta');
    expect(r.transfers[0]?.props?.description).toMatch(/^Оплата по счету 15 ООО Ромашка/);
    expect(r.transfers[0]?.toAccount).toBe('acct:044525593:40702810100000000001');
  });

  it('a Hungarian DOS (CP852) statement is not mistaken for CP866 Cyrillic', async () => {
    const r = await run('wolph_self-provided_raiffeisen-cmi.sta');
    expect(r.transfers.some((t) => /[\u0400-\u04ff]/.test(JSON.stringify(t.props)))).toBe(false);
  });
});
