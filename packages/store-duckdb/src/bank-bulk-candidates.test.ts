import { readFile } from 'node:fs/promises';
import { ACCOUNT_CANDIDATE_RE2, extractIdentifiers } from '@dragnet/core/extract/extract-identifiers.ts';
import { DuckDBInstance, LIST, listValue, VARCHAR } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';

// The bulk bank path keeps a description in the counterparty look-up only when DuckDB's RE2 finds
// ACCOUNT_CANDIDATE_RE2 in it (bank-bulk.ts): every text in which the JS scanners find a card, IBAN or phone must
// match, or a counterparty named only in a description would be lost.
const TEXT_FIXTURES = new URL('../../../../shared/fixtures/third-party/telegram-text/', import.meta.url);

/** Descriptions as banks write them, with the identifier forms extractIdentifiers reads. */
function* descriptions(): Generator<string> {
  const ids = [
    '4111 1111 1111 1111',
    '4111-1111-1111-1111',
    '4111\u00a01111\u00a01111\u00a01111',
    '4111111111111111',
    '4400 43** **** 6781',
    '4400 43XX XXXX 6781',
    '440043******6781',
    '4400 43•• •••• 6781',
    '4400•••• ••••6781',
    '4400 43* **** ***6781',
    '4400\u00a043*-****-***6781',
    '4400 43** **** 6781 KZT',
    '4111 1111 1111 1111 100',
    'KZ86125KZT5004100100',
    'KZ86 125K ZT50 0410 0100',
    'kz86125kzt5004100100',
    'iban kz86 125k zt50 0410 0100',
    'GB82WEST12345698765432',
    'DE89 3704 0044 0532 0130 00',
    '+7 701 123 45 67',
    '+7 (701) 123-45-67',
    '8 (777) 123 45 67',
    '87011234567',
    '+77011234567',
    '+998 90 123 45 67',
    '+996 555 123 456',
    '+992 93 123 4567',
    '8\u00a0701\u00a0123\u00a045\u00a067',
    '+7\u2009701\u2009123\u200945\u200967',
    'https://wa.me/77011234567',
    'https://api.whatsapp.com/send?phone=77011234567',
    'wa.me/+6834002',
    '8 10 998 90 123 45 67',
    't.me/+77011234567',
    'tg://resolve?phone=77011234567',
  ];
  const frames = [
    (x: string) => x,
    (x: string) => `Перевод на карту ${x}`,
    (x: string) => `Перевод по номеру телефона ${x}, квитанция № 15838`,
    (x: string) => `Оплата (${x}) от 05.03.2024`,
    (x: string) => `Transfer to ${x}.`,
    (x: string) => `получатель:${x};`,
  ];
  for (const id of ids) for (const frame of frames) yield frame(id);
}

/** Texts without any: a test that every text matches would pass for a pattern that matches everything. */
const WITHOUT = [
  'Оплата услуг, платеж № 15838 от 05.03.2024',
  'Перевод 1 234,56 KZT',
  'Payment 17, ref 1234567',
  'Оплата услуг № 9812345',
  'Покупка: Magnum Cash&Carry, Алматы',
  'Комиссия за перевод 0,95%',
];

async function matches(texts: readonly string[]): Promise<boolean[]> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    const r = await c.runAndReadAll(
      'SELECT regexp_matches(t, $2) FROM unnest($1) WITH ORDINALITY AS u(t, i) ORDER BY i',
      [listValue(texts as string[]), ACCOUNT_CANDIDATE_RE2],
      [LIST(VARCHAR), VARCHAR],
    );
    return r.getRows().map((x) => x[0] as boolean);
  } finally {
    c.closeSync();
  }
}

describe('ACCOUNT_CANDIDATE_RE2 (the bulk bank path, descriptions)', () => {
  it('matches every description in which the JS scanners find a card, an IBAN or a phone', async () => {
    const ham = (await readFile(new URL('tgspam_data_ham-samples.txt', TEXT_FIXTURES), 'utf8')).split('\n');
    const spam = (await readFile(new URL('tgspam_data_spam-samples.txt', TEXT_FIXTURES), 'utf8')).split('\n');
    const texts = [...descriptions(), ...ham, ...spam].filter((t) => t !== '');
    const found = texts.map((t) =>
      extractIdentifiers(t).some((e) => e.kind === 'card' || e.kind === 'iban' || e.kind === 'phone'),
    );
    const ok = await matches(texts);
    const missed = texts.filter((_, i) => found[i] && !ok[i]);
    expect(missed).toEqual([]);
    // The generated descriptions each hold one (the fixtures hold some too).
    const generated = [...descriptions()];
    expect(generated.filter((_, i) => !found[i])).toEqual([]);
    expect(found.filter(Boolean).length).toBeGreaterThan([...descriptions()].length);
  });

  it('leaves out descriptions in which none can be found', async () => {
    expect(WITHOUT.map((t) => extractIdentifiers(t).filter((e) => e.kind !== 'iin'))).toEqual(
      WITHOUT.map(() => []),
    );
    expect(await matches(WITHOUT)).toEqual(WITHOUT.map(() => false));
  });
});
