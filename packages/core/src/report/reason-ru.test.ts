import { describe, expect, it } from 'vitest';
import { adversarialScenario } from '../analysis/adversarial-scenario.ts';
import { analyzeCaseData } from '../analysis/analyze-case-data.ts';
import { buildFindings } from '../findings/build-findings.ts';
import type { Findings } from '../findings/findings.ts';
import { loadRules } from '../rules/rules.ts';
import { numberRu, pluralRu, reasonRu, usdRu } from './reason-ru.ts';

describe('pluralRu', () => {
  it('picks the one/few/many form by the last digits', () => {
    const f = (k: number) => `${k} ${pluralRu(k, 'платёж', 'платежа', 'платежей')}`;
    expect([1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111, 112, 0].map(f)).toEqual([
      '1 платёж',
      '2 платежа',
      '4 платежа',
      '5 платежей',
      '11 платежей',
      '12 платежей',
      '14 платежей',
      '21 платёж',
      '22 платежа',
      '25 платежей',
      '101 платёж',
      '111 платежей',
      '112 платежей',
      '0 платежей',
    ]);
  });
});

// One example of every English reason template (as the analysis writes it) and its Russian wording.
const EXAMPLES: [string, string][] = [
  // Droppers.
  [
    '366 payers sent $22,301.58 in 403 credits; 100% left again',
    '366 плательщиков перевели 22\u00a0301,58\u00a0USD за 403 зачисления; 100% ушло дальше',
  ],
  [
    '1 payer sent $5.00 in 1 credit; 99% left again',
    '1 плательщик перевёл 5,00\u00a0USD за 1 зачисление; 99% ушло дальше',
  ],
  [
    '22 payers sent $1,000.00 in 21 credits',
    '22 плательщика перевели 1\u00a0000,00\u00a0USD за 21 зачисление',
  ],
  [
    '100% of the outflow left within 48 h of arriving',
    '100% исходящих средств ушло в течение 48 ч после поступления',
  ],
  [
    '97% of the outflow left within 21 days of arriving',
    '97% исходящих средств ушло в течение 21 дня после поступления',
  ],
  [
    'no everyday spending (7 of 68 debits ≤ $60, to 1 payee)',
    'нет бытовых трат (7 из 68 списаний ≤ 60\u00a0USD, в адрес 1 получателя)',
  ],
  [
    'no everyday spending (0 of 21 debits ≤ $60, to 3 payees)',
    'нет бытовых трат (0 из 21 списания ≤ 60\u00a0USD, в адрес 3 получателей)',
  ],
  ['no everyday spending (2 of 40 debits ≤ $60)', 'нет бытовых трат (2 из 40 списаний ≤ 60\u00a0USD)'],
  ['16 counterparties on 2025-03-01 (> 10/day)', '16 контрагентов за 2025-03-01 (> 10 в день)'],
  ['301 counterparties in one month (> 50)', '301 контрагент за один месяц (> 50)'],
  ['23 operations in one day (> 20)', '23 операции за один день (> 20)'],
  [
    '$1,290.23 moved on 2025-03-17 (> $1100/day)',
    '1\u00a0290,23\u00a0USD проведено за 2025-03-17 (> 1\u00a0100\u00a0USD в день)',
  ],
  [
    '$23,940.94 moved in one month (> $11000)',
    '23\u00a0940,94\u00a0USD проведено за один месяц (> 11\u00a0000\u00a0USD)',
  ],
  ['60 of 60 debits within 60 s of a credit', '60 из 60 списаний в течение 60 с после зачисления'],
  ['active in 15 different hours of one day', 'операции в разные часы одного дня: 15'],
  ['fan-in from 296 different payers', 'поступления от 296 разных плательщиков'],
  [
    'transit for 4.5 months: 92% of the outflow left within 7 days',
    'транзит в течение 4,5 мес.: 92% исходящих средств ушло в течение 7 дней',
  ],
  ['100% swept to one account, card:4400000000000045', '100% переведено на один счёт, card:4400000000000045'],
  ['published as payment details in 3 message(s)', 'опубликован как реквизиты для оплаты в 3 сообщениях'],
  ['published as payment details in 1 message(s)', 'опубликован как реквизиты для оплаты в 1 сообщении'],
  [
    'collects $9,000.00 from 7 dropper accounts (80% of its inflow)',
    'собирает 9\u00a0000,00\u00a0USD с 7 счетов дропов (80% его поступлений)',
  ],
  [
    'collects $9,000.00 from 1 dropper accounts (20% of its inflow)',
    'собирает 9\u00a0000,00\u00a0USD с 1 счёта дропа (20% его поступлений)',
  ],
  [
    '95% swept on to iban:KZ123, 98% passed through',
    '95% переведено дальше на iban:KZ123, 98% прошло транзитом',
  ],
  [
    '97% of the outflow ($4,000.00) went to dropper accounts (≥ 90%)',
    '97% исходящих средств (4\u00a0000,00\u00a0USD) ушло на счета дропов (≥ 90%)',
  ],
  ['holds dropper account card:4400000000000011', 'владеет счётом дропа card:4400000000000011'],
  // Exchangers.
  [
    'fiat in from 15 counterparties on 1 account(s), 3 of them dropper accounts',
    'фиатные поступления от 15 контрагентов на 1 счёт, из них 3 — счета дропов',
  ],
  ['fiat in from 21 counterparties on 5 account(s)', 'фиатные поступления от 21 контрагента на 5 счетов'],
  [
    '6 crypto/exchange-account debits to 1 wallets from exchange:p2pex:xch',
    '6 списаний с криптовалютных и биржевых счетов на 1 кошелёк с exchange:p2pex:xch',
  ],
  [
    '180 P2P orders as seller or payee with 1 buyers',
    '180 P2P-ордеров в роли продавца или получателя оплаты, 1 покупатель',
  ],
  ['not on the licensed exchange registry', 'отсутствует в реестре лицензированных обменников'],
  [
    '12 fiat-for-crypto trades with 3 customer(s): $5,000.00 in fiat to card:1, card:2 answered within 24 h by $4,900.00 in crypto from tron:TX (customers got back a median 98.0% of what they paid, a 2.0% margin)',
    '12 сделок обмена фиата на криптовалюту с 3 клиентами: 5\u00a0000,00\u00a0USD в фиате на card:1, card:2, в ответ в течение 24 ч 4\u00a0900,00\u00a0USD в криптовалюте с tron:TX (медиана возврата клиентам — 98,0% уплаченного, маржа 2,0%)',
  ],
  [
    "takes the fiat side of Иванов И.'s trades on iban:KZ9: 2 fiat-for-crypto trades with 1 customer(s): $10.00 in fiat to iban:KZ9 answered within 24 h by $10.00 in crypto from tron:TX (customers got back a median 100.0% of what they paid)",
    'принимает фиатную сторону сделок Иванов И. на iban:KZ9: 2 сделки обмена фиата на криптовалюту с 1 клиентом: 10,00\u00a0USD в фиате на iban:KZ9, в ответ в течение 24 ч 10,00\u00a0USD в криптовалюте с tron:TX (медиана возврата клиентам — 100,0% уплаченного)',
  ],
  // Operators.
  ['administers flagged chat(s) tg:-1001, tg:-1002', 'администрирует отмеченные чаты: tg:-1001, tg:-1002'],
  ['authored 5 sale-labelled message(s)', 'автор 5 сообщений о продаже'],
  ['authored 1 sale-labelled message(s)', 'автор 1 сообщения о продаже'],
  [
    'named as the contact in 2 sale-labelled post(s) (≥ 2)',
    'указан как контакт в 2 публикациях о продаже (≥ 2)',
  ],
  [
    '@shop_boss is published together with +77010000000 in 3 post(s) of flagged chats; that phone is on the record of Петров П.',
    '@shop_boss опубликован вместе с +77010000000 в 3 публикациях отмеченных чатов; этот телефон числится за Петров П.',
  ],
  [
    'received $50,000.00 consolidated from 12 dropper accounts',
    'получил 50\u00a0000,00\u00a0USD, собранные с 12 счетов дропов',
  ],
  [
    'bought crypto in 4 trades ($8,000.00) from unlicensed exchanger(s) Ахмедов А., paying from card:7, fed by dropper accounts (≥ 50% of the inflow)',
    'купил криптовалюту в 4 сделках (8\u00a0000,00\u00a0USD) у нелицензированных обменников Ахмедов А., оплачивая с card:7, которые пополняются со счетов дропов (≥ 50% поступлений)',
  ],
  // Recruiters, chemists, suppliers.
  ['authored 3 recruitment-labelled message(s)', 'автор 3 сообщений о вербовке'],
  [
    'named as the contact in 1 recruitment-labelled post(s) (≥ 1)',
    'указан как контакт в 1 публикации о вербовке (≥ 1)',
  ],
  ['administers recruitment chat(s) tg:-1003', 'администрирует чаты вербовки: tg:-1003'],
  [
    'paid 7 time(s) over 2 month(s), $700.00 in all, from operator accounts',
    'получил 7 выплат за 2 месяца, всего 700,00\u00a0USD, со счетов операторов',
  ],
  [
    'paid 1 time(s) over 1 month(s), $70.00 in all, from operator accounts',
    'получил 1 выплату за 1 месяц, всего 70,00\u00a0USD, со счетов операторов',
  ],
  [
    'tied to seizure S-17 of 2025-04-02 at Shymkent, garage (“lab”, “flask” in its record)',
    'связан с изъятием S-17 от 2025-04-02 (место: Shymkent, garage) (“lab”, “flask” в протоколе)',
  ],
  ['tied to seizure S-18 (“reactor” in its record)', 'связан с изъятием S-18 (“reactor” в протоколе)'],
  ['authored 4 production-training message(s)', 'автор 4 сообщений с обучением производству'],
  ['administers production-training chat(s) tg:-1004', 'администрирует чаты обучения производству: tg:-1004'],
  [
    'paid by card:9 in 3 of the same months as Сидоров С. (a chemist: tied to seizure S-18 (“reactor” in its record)), median $500.00 against $520.00',
    'получал выплаты с card:9 в 3 из тех же месяцев, что и Сидоров С. (химик: связан с изъятием S-18 (“reactor” в протоколе)), медиана 500,00\u00a0USD против 520,00\u00a0USD',
  ],
  [
    "88% of card:10's inflow comes from operator accounts",
    '88% поступлений на card:10 приходит со счетов операторов',
  ],
  [
    'inferred from the pay pattern only: confirm before relying on it',
    'выведено только из характера выплат: требует проверки',
  ],
  [
    "3 payments totalling $1,500.00 from chemists' accounts",
    '3 платежа на сумму 1\u00a0500,00\u00a0USD со счетов химиков',
  ],
  [
    '5 payments totalling $2,500.00 from operator accounts',
    '5 платежей на сумму 2\u00a0500,00\u00a0USD со счетов операторов',
  ],
  [
    'account published in production-training post(s): tg:-1004#12 names card:11; tg:-1004#13 names card:11',
    'счёт опубликован в публикациях с обучением производству: tg:-1004#12 называет card:11; tg:-1004#13 называет card:11',
  ],
  // Couriers and buyers.
  [
    '21 payments (max $40.00) from shop accounts into card:12 over 4 weeks',
    '21 платёж (макс. 40,00\u00a0USD) со счетов магазина на card:12 за 4 недели',
  ],
  ['authored 2 drop report(s)', 'автор 2 отчётов о закладках'],
  [
    '1 small payment(s) (max $25.00) into dropper account(s)',
    '1 небольшой платёж (макс. 25,00\u00a0USD) на счета дропов',
  ],
  [
    '3 small payment(s) (max $25.00) into dropper account(s)',
    '3 небольших платежа (макс. 25,00\u00a0USD) на счета дропов',
  ],
  // End recipients.
  [
    'received $0.00 directly from network accounts and keeps it (0% paid out, ≤ 50%)',
    'получил 0,00\u00a0USD напрямую со счетов сети и удерживает их (выплачено дальше 0%, ≤ 50%)',
  ],
  [
    '$9,000.00 traced here (fifo) from dropper accounts, 2 hop(s)',
    '9\u00a0000,00\u00a0USD прослежено сюда (fifo) со счетов дропов, 2 перехода',
  ],
  [
    'path: card:4400000000000011 → exchange:p2pex:op → tron:TEND',
    'путь: card:4400000000000011 → exchange:p2pex:op → tron:TEND',
  ],
  ['$300.00 paid by operator accounts', '300,00\u00a0USD выплачено со счетов операторов'],
  ['jurisdiction CN (outside KZ)', 'юрисдикция CN (за пределами KZ)'],
  ['jurisdiction KZ', 'юрисдикция KZ'],
  ['jurisdiction unknown', 'юрисдикция неизвестна'],
];

describe('usdRu', () => {
  it('writes an amount as the ru report writes its USD columns (ru-RU grouping, decimal comma), unit after', () => {
    const ruRU = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    expect(usdRu('$1,234,567.89')).toBe(`${ruRU.format(1234567.89)}\u00a0USD`);
    expect(usdRu('$22,301.58')).toBe('22\u00a0301,58\u00a0USD');
    expect(usdRu('$60')).toBe('60\u00a0USD');
    expect(usdRu('$11000')).toBe('11\u00a0000\u00a0USD');
    expect(usdRu('$-5.00')).toBe('-5,00\u00a0USD');
    expect(usdRu('$5.00.')).toBe('$5.00.');
    expect(usdRu('card:4400')).toBe('card:4400');
  });
});

describe('numberRu', () => {
  it('writes the numbers of a reason as the ru report writes its figures: decimal comma, grouped (review r33)', () => {
    expect(numberRu('11.8')).toBe('11,8');
    expect(numberRu('97.5%')).toBe('97,5%');
    expect(numberRu('12500')).toBe('12\u00a0500');
    expect(numberRu('4')).toBe('4');
    for (const other of ['card:4400', '2024-09-01', 'KZ', '1.2.3']) expect(numberRu(other)).toBe(other);
    expect(reasonRu('transit for 11.8 months: 97.5% of the outflow left within 30 days')).toBe(
      'транзит в течение 11,8 мес.: 97,5% исходящих средств ушло в течение 30 дней',
    );
    expect(reasonRu('fan-in from 12500 different payers')).toBe(
      'поступления от 12\u00a0500 разных плательщиков',
    );
  });
});

describe('reasonRu', () => {
  it.each(EXAMPLES)('%s', (en, ru) => {
    expect(reasonRu(en)).toBe(ru);
  });

  it("writes $ amounts the Russian way and names droppers by the workspace's word (дроп)", () => {
    for (const [, ru] of EXAMPLES) {
      expect(ru).not.toMatch(/\$\d/);
      expect(ru).not.toMatch(/дроппер/);
    }
    expect(reasonRu('366 payers sent $22,301.58 in 403 credits')).toBe(
      '366 плательщиков перевели 22\u00a0301,58\u00a0USD за 403 зачисления',
    );
  });

  it('keeps an unknown reason (or an unknown part) in English instead of dropping it', () => {
    expect(reasonRu('a brand-new reason')).toBe('a brand-new reason');
    expect(reasonRu('jurisdiction KZ; a brand-new part')).toBe('юрисдикция KZ; a brand-new part');
  });
});

/**
 * English words the reason templates are built from. A translated reason keeps only identifiers, names
 * and numbers, so one of these surviving means a reason the table does not know.
 */
const ENGLISH =
  /\b(payers?|sent|credits?|left|again|outflow|within|arriving|everyday|debits?|payees?|counterparties|operations|moved|month|active|hours|fan-in|different|transit|swept|account|published|message|collects|dropper|inflow|passed|through|holds|fiat|crypto|wallets|orders|seller|buyers|licensed|registry|trades|customers?|takes|side|administers|chat|authored|named|contact|post|received|consolidated|bought|exchangers?|paying|paid|tied|seizure|record|production|training|same|chemist|median|against|inferred|payments|totalling|shop|weeks|drop|report|small|directly|keeps|traced|hop|path|jurisdiction|outside|unknown|of|the|in|from|to|on|with|by)\b/i;

/** Every role reason in the findings, with identifiers (which may hold English words) blanked out. */
function reasonsOf(findings: Findings): string[] {
  const all = new Set<string>();
  for (const a of findings.accounts) for (const r of a.roles) for (const x of r.reasons) all.add(x);
  for (const p of findings.persons) for (const r of p.roleDetails) for (const x of r.reasons) all.add(x);
  return [...all];
}

describe('every reason the analysis writes has a Russian wording', async () => {
  const s = adversarialScenario();
  const a = await analyzeCaseData(
    { transfers: s.transfers, holders: s.holders, exchanges: s.exchanges, orders: s.orders, rates: s.rates },
    loadRules(undefined),
  );
  const { findings } = buildFindings(a, { caseName: 't', evidenceCount: 4, now: '2026-01-01T00:00:00Z' });
  const reasons = reasonsOf(findings);

  it('finds reasons of several roles to check', () => {
    expect(reasons.length).toBeGreaterThan(20);
    expect(reasons.some((r) => r.startsWith('jurisdiction'))).toBe(true);
    expect(reasons.some((r) => r.includes('not on the licensed exchange registry'))).toBe(true);
  });

  it('translates each of them (no English template word left)', () => {
    const untranslated = reasons.filter((r) => {
      // Identifiers (`kind:value`) and amounts are copied verbatim and may hold English words.
      const ru = reasonRu(r).replace(/\S*[:$]\S+/g, ' ');
      return ENGLISH.test(ru) || !/[а-яё]/i.test(ru);
    });
    expect(untranslated).toEqual([]);
  });

  it('flags an English reason the table does not know', () => {
    const ru = reasonRu('paid in cash by 3 couriers').replace(/\S*[:$]\S+/g, ' ');
    expect(ENGLISH.test(ru)).toBe(true);
  });
});

/** Strings in the analysis sources that are not role reasons. */
const NOT_REASONS = ['have no USD rate', 'merge alarm:'];

describe('the example table keeps up with the reason templates in the analysis sources', async () => {
  const { readFile } = await import('node:fs/promises');
  const sources = await Promise.all(
    ['assign-roles.ts', 'role-evidence.ts', 'analyze-case-data.ts'].map((f) =>
      readFile(new URL(`../analysis/${f}`, import.meta.url), 'utf8'),
    ),
  );
  // Literals of two or more words outside comments: the reason templates (and a few other messages).
  const literals = sources
    .flatMap((src) => src.split('\n').filter((l) => !/^\s*(\/\/|\*|\/\*)/.test(l)))
    .join('\n')
    // One line each: multi-line literals are code, not reason templates.
    .match(/`[^`\n]*[a-z]+ [a-z]+[^`\n]*`|'[^'\n]*[a-z]+ [a-z]+[^'\n]*'/g);
  /** The fixed words of a template: the text between its `${…}` holes. */
  const fixedParts = (lit: string) => {
    let s = lit.slice(1, -1);
    for (let prev = ''; prev !== s; ) [prev, s] = [s, s.replace(/\$\{[^{}]*\}/g, '\u0000')];
    // A literal nested in a hole is cut at the inner backtick: its code ends or starts the line.
    s = s.replace(/\$\{[^}]*$/, '').replace(/^.*\}/, '');
    return s
      .split(/\u0000|\$\{|\}/)
      .map((p) => p.replace(/^[\s;,:]+|[\s;,:]+$/g, ''))
      .filter((p) => /[a-z]{3}/.test(p));
  };
  const english = EXAMPLES.map(([en]) => en);

  it('finds the templates in the sources', () => {
    expect(literals?.length ?? 0).toBeGreaterThan(50);
  });

  it('has a translated example for the fixed words of every template', () => {
    const missing = (literals ?? [])
      .filter((lit) => !NOT_REASONS.some((w) => lit.includes(w)))
      .flatMap(fixedParts)
      .filter((part) => !english.some((en) => en.includes(part)));
    expect(missing).toEqual([]);
  });
});
