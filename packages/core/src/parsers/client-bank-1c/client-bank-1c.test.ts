import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixturePath, runParser } from '../bank-table/testdata/run-parser.ts';
import { BANK_PARSERS } from '../groups/bank.ts';
import { clientBank1cParser } from './parse.ts';

const bytesOf = (f: string) => new Uint8Array(readFileSync(fixturePath(`third-party/ru-bank/${f}`)));

describe('1C ClientBankExchange statement (Windows-1251)', () => {
  it('is detected by content and no other bank parser claims it', () => {
    const b = bytesOf('clbnk_kl_to_1c.txt');
    const scores = BANK_PARSERS.map(
      (p) => [p.format, p.detect(b.subarray(0, 65536), 'kl_to_1c.txt')] as const,
    );
    expect(scores.filter(([, s]) => s > 0.5).map(([f]) => f)).toEqual(['client-bank-1c']);
  });

  it('decodes cp1251, reads amounts exactly and extracts accounts with their BIK', async () => {
    const r = await runParser(clientBank1cParser, bytesOf('clbnk_kl_to_1c.txt'), { chunkSize: 61 });
    expect(r.transfers.map((t) => [t.locator, t.amount, t.fromAccount, t.toAccount, t.timestamp])).toEqual([
      [
        'line:20',
        '6936',
        'acct:044525411:40702810000000074935',
        'acct:044525411:47422810119484000074',
        '2024-01-01T00:00:00.000Z',
      ],
      [
        'line:86',
        '13056',
        'acct:044525411:40702810000000077777',
        'acct:047102651:40702810267020000630',
        '2024-01-09T00:00:00.000Z',
      ],
      [
        'line:152',
        '150000',
        'acct:044525411:40702810000000074935',
        'acct:047102651:40702810267020000630',
        '2024-01-10T00:00:00.000Z',
      ],
    ]);
    const first = r.transfers[0];
    expect(first?.fromHolder).toBe('ООО "Наеб"');
    expect(first?.currency).toBe('RUB');
    expect(first?.props).toMatchObject({
      documentType: 'Банковский ордер',
      documentNumber: '69147',
      payerInn: '7777777777',
      payeeInn: '7702070139',
      payeeKpp: '770943002',
    });
    expect(String(first?.props?.description)).toMatch(/^Оплата стоимости пакета услуг "Всё по делу"/);
    expect(r.holders).toContainEqual(
      expect.objectContaining({
        account: 'acct:047102651:40702810267020000630',
        holderName: 'ИП Пупкин О.А.',
        institution: 'ЗАПАДНО-СИБИРСКОЕ ОТДЕЛЕНИЕ№8647 ПАО СБЕРБАНК',
      }),
    );
  });

  it('reads a UTF-8 copy the same (encoding detected, not trusted from the header)', async () => {
    const cp = bytesOf('clbnk_kl_to_1c.txt');
    const utf8 = new TextEncoder().encode(new TextDecoder('windows-1251').decode(cp));
    const a = await runParser(clientBank1cParser, cp);
    const b = await runParser(clientBank1cParser, utf8);
    expect(b.transfers).toEqual(a.transfers);
    expect(b.holders.map((h) => h.holderName)).toContain('ИП Пупкин О.А.');
  });

  it('checks the balances and names the missing documents', async () => {
    const r = await runParser(clientBank1cParser, bytesOf('clbnk_kl_to_1c.txt'));
    expect(r.statements).toEqual([
      expect.objectContaining({
        account: 'acct:044525411:40702810000000074935',
        locator: 'line:11',
        periodFrom: '2024-01-01',
        periodTo: '2024-04-11',
        openingBalance: '252842.49',
        closingBalance: '79245.05',
        credits: '0',
        debits: '156936',
        entries: 2,
        reconciled: false,
      }),
    ]);
    const errors = r.issues.filter((i) => i.severity === 'error').map((i) => i.reason);
    expect(
      errors.some((e) =>
        e.includes('ВсегоПоступило=616050 but the documents in the file add up to credits 0'),
      ),
    ).toBe(true);
    expect(errors.some((e) => e.includes('ВсегоСписано=789647.44') && e.includes('156936'))).toBe(true);
    expect(errors.some((e) => e.includes('does not reconcile'))).toBe(true);
    // a document that touches none of the statement's accounts is kept and flagged
    expect(r.issues.find((i) => i.locator === 'line:86')?.severity).toBe('warning');
  });

  it('reads payment orders (no statement section) as payer → payee', async () => {
    const r = await runParser(clientBank1cParser, bytesOf('clbnk_to_bank.txt'));
    expect(r.statements).toEqual([]);
    expect(r.transfers.map((t) => [t.amount, t.fromHolder, t.toHolder])).toEqual([
      ['175000', 'ООО "Рога и Копыта"', 'ИП Иванов А.А.'],
      ['375.25', 'ООО "Рога и Копыта"', 'ИП Иванов А.А.'],
    ]);
    expect(r.transfers[0]?.props?.paymentOrderOnly).toBe(true);
    expect(r.transfers[0]?.props?.payeeInn).toBe('111122223344');
  });

  it('quarantines a document with a bad amount and reports a truncated file', async () => {
    const text =
      '1CClientBankExchange\nРасчСчет=40702810000000074935\nСекцияДокумент=X\nНомер=1\nДата=01.01.2024\nСумма=abc\nКонецДокумента\nСекцияДокумент=X\nНомер=2\nСумма=5.00\n';
    // cp1251 bytes for the Cyrillic keys
    const cp = new Map<string, number>();
    for (let i = 0; i < 64; i++) cp.set(String.fromCharCode(0x410 + i), 0xc0 + i);
    const bytes = new Uint8Array([...text].map((c) => cp.get(c) ?? c.charCodeAt(0)));
    const r = await runParser(clientBank1cParser, bytes);
    expect(r.issues.find((i) => i.severity === 'quarantine')).toMatchObject({ locator: 'line:3' });
    expect(r.issues.find((i) => i.severity === 'error')).toMatchObject({ locator: 'line:8' });
    expect(r.transfers).toEqual([]);
  });
});
