import { describe, expect, it } from 'vitest';
import { buildFindings } from '../findings/build-findings.ts';
import type {
  ChatRow,
  HolderRow,
  MentionRow,
  MessageLabel,
  MessageLabelRow,
  MessageRow,
  TransferRow,
} from '../model/tables.ts';
import { loadRules } from '../rules/rules.ts';
import { adversarialScenario } from './adversarial-scenario.ts';
import { analyzeCaseData } from './analyze-case-data.ts';
import { countryOfAddress } from './regions.ts';

const P = { evidenceId: 'ev-tg', locator: 'x' };
const base = Date.parse('2025-03-01T00:00:00Z');
const D = 86_400_000;

/** The adversarial scenario plus chats, paid staff, a foreign account and namesakes. */
function scenario() {
  const s = adversarialScenario();
  const [d0, d1] = s.droppers as [string, string];
  const transfers: TransferRow[] = [...s.transfers];
  let n = 0;
  const tx = (day: number, from: string, to: string, kzt: number) => {
    const id = `x${++n}`;
    transfers.push({
      id,
      txId: id,
      timestamp: new Date(base + day * D + 13 * 3_600_000).toISOString(),
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
  // A card at home that keeps what a dropper pays it (somebody's wages) and a card abroad that does the same.
  for (let w = 0; w < 5; w++) tx(w * 3 + 1, d0, 'card:4400000000000078', 300_000);
  for (let w = 0; w < 5; w++) tx(w * 3 + 2, d1, 'card:4400000000000086', 300_000);
  // A wallet at home keeping the same sum: pay, not proceeds (below endRecipient.minReceivedUsdHome).
  for (let w = 0; w < 5; w++) tx(w * 3 + 2, d1, 'tron:THOMEWALLET', 300_000);
  // A courier's card: small payouts from a dropper over three weeks.
  for (let w = 0; w < 3; w++) tx(w * 7 + 3, d0, 'card:4400000000000094', 40_000);
  // Feeders: 16 payers each, everything swept into a dropper within days (a small, slow dropper); the
  // same fan-in split half to a dropper and half elsewhere; a pool of 6 friends paying one dropper.
  const feeder = (acct: string, payers: number, toDropperShare: number) => {
    for (let k = 0; k < payers; k++) tx(30 + (k % 6), `card:${acct.slice(-4)}-payer-${k}`, acct, 20_000);
    const total = payers * 20_000;
    tx(37, acct, d1, total * toDropperShare);
    if (toDropperShare < 1) tx(37, acct, 'card:elsewhere', total * (1 - toDropperShare));
  };
  feeder('card:4400000000000110', 16, 1);
  feeder('card:4400000000000128', 16, 0.5);
  feeder('card:4400000000000136', 6, 1);
  // A shop owner's card: 25 customers a day, takings moved within the hour to the owner's own IBAN.
  for (let day = 0; day < 20; day++) {
    for (let k = 0; k < 25; k++)
      tx(40 + day, `card:customer-${(day * 25 + k) % 300}`, 'card:4400000000000144', 8_000);
    tx(40 + day, 'card:4400000000000144', 'iban:KZ00OWNSHOP', 200_000);
  }
  // The P2P buyer of every order also holds a card fed by droppers and others, and pays many wallets
  // from its exchange account: the customer side of P2P, not an exchanger.
  tx(1, d0, 'card:4400000000000102', 500_000);
  tx(2, d1, 'card:4400000000000102', 500_000);
  for (let k = 0; k < 10; k++) tx(3 + k, `card:friend-${k}`, 'card:4400000000000102', 20_000);
  for (let k = 0; k < 12; k++) {
    const id = `y${k}`;
    transfers.push({
      ...transfers[transfers.length - 1]!,
      id,
      txId: id,
      timestamp: new Date(base + (22 + k) * D).toISOString(),
      amount: '100.00',
      currency: 'USDT',
      fromAccount: 'exchange:p2pex:op',
      toAccount: `tron:TPAY${k}`,
      channel: 'crypto',
      locator: `row:${id}`,
    });
  }
  const kyc = (
    account: string,
    name: string,
    iin: string,
    nationality: string,
    address: string,
  ): HolderRow => ({
    account,
    holderName: name,
    iin,
    passport: null,
    nationality,
    birthdate: null,
    phone: null,
    address,
    institution: null,
    openedAt: null,
    evidenceId: 'ev-kyc',
    locator: `row:${account}`,
  });
  const holders = [
    ...s.holders,
    kyc('card:4400000000000078', 'Wage Earner', '900101300010', 'KZ', 'Shymkent, ул. Абая 1'),
    kyc('card:4400000000000086', 'Abroad Keeper', '900101300011', 'RU', 'Istanbul, TR'),
    kyc('tron:THOMEWALLET', 'Home Keeper', '900101300013', 'KZ', 'Shymkent'),
    kyc('card:4400000000000144', 'Shop Owner', '900101300014', 'KZ', 'Shymkent'),
    kyc('iban:KZ00OWNSHOP', 'Shop Owner', '900101300014', 'KZ', 'Shymkent'),
    kyc('card:4400000000000094', 'Касымов Ерлан', '900101300012', 'KZ', 'Shymkent'),
    kyc('card:4400000000000102', 'Operator One', '750101300005', 'KZ', 'Shymkent'),
  ];

  const chats: ChatRow[] = [
    { chatId: 'tg:chat:1', type: 'channel', title: 'Jobs', username: 'jobs_chan', ...P },
    { chatId: 'tg:chat:2', type: 'channel', title: 'Shop', username: null, ...P },
    { chatId: 'tg:chat:3', type: 'supergroup', title: 'Reports', username: null, ...P },
    { chatId: 'tg:chat:4', type: 'channel', title: 'Grandma recipes', username: null, ...P },
  ];
  const messages: MessageRow[] = [];
  const labels: MessageLabelRow[] = [];
  const mentions: MentionRow[] = [];
  let m = 0;
  const post = (
    chatId: string,
    text: string,
    label: MessageLabel | null,
    author: [string, string] | null = null,
  ) => {
    const messageId = String(++m);
    messages.push({
      chatId,
      messageId,
      timestamp: new Date(base + m * 3_600_000).toISOString(),
      authorId: author?.[0] ?? null,
      authorName: author?.[1] ?? null,
      text,
      replyTo: null,
      forwardedFrom: null,
      viaBot: null,
      edited: null,
      mediaKind: null,
      action: null,
      ...P,
    });
    if (label) labels.push({ chatId, messageId, label, score: 0.9, lexiconVersion: 't', terms: [], ...P });
    for (const mt of text.matchAll(/@(\w+)/g))
      mentions.push({
        chatId,
        messageId,
        identifier: `tg:@${mt[1]!.toLowerCase()}`,
        kind: 'tg',
        start: mt.index,
        end: mt.index + mt[0].length,
        validated: true,
        raw: mt[0],
        source: 'entity',
        ...P,
      });
  };
  // The recruiter is the handle the job posts tell people to write to.
  post('tg:chat:1', 'Нужны курьеры, выплаты каждый день. Писать @anna_rec', 'recruitment');
  post('tg:chat:1', 'Работа курьером, оплата сразу. Писать @anna_rec', 'recruitment');
  // Look-alikes: the channel's own handle, a bot, a handle quoted without a contact word.
  for (let k = 0; k < 3; k++) {
    post('tg:chat:1', 'Нужны курьеры. Резерв: @jobs_chan', 'recruitment');
    post('tg:chat:1', 'Нужны курьеры. Писать боту @jobs_helper_bot', 'recruitment');
    post('tg:chat:1', 'Нужны курьеры, как сказал @famous_blogger в эфире', 'recruitment');
  }
  // The operator takes the orders; a handle named only twice is below the threshold.
  for (let k = 0; k < 3; k++) post('tg:chat:2', 'Новый завоз, всё в наличии. Оператор @op_main', 'sale');
  for (let k = 0; k < 2; k++) post('tg:chat:2', 'Новый завоз, всё в наличии. Оператор @op_rare', 'sale');
  // A benign channel with the same contact wording carries no label.
  for (let k = 0; k < 4; k++) post('tg:chat:4', 'Пирог с яблоками, рецепт в описании. Писать @granny', null);
  // Drop reports by a Telegram user known only there, a namesake of the courier paid on the card.
  post('tg:chat:3', 'Позиция 1, 5 адресов, готово', 'drop_report', ['user101', 'Ерлан Касымов']);
  post('tg:chat:3', 'Позиция 2, 4 адреса, готово', 'drop_report', ['user102', 'Другой Человек']);
  return { ...s, transfers, holders, chats, messages, labels, mentions };
}

async function analyse(override?: unknown) {
  const s = scenario();
  const a = await analyzeCaseData(
    {
      transfers: s.transfers,
      holders: s.holders,
      exchanges: s.exchanges,
      orders: s.orders,
      chats: s.chats,
      messages: s.messages,
      labels: s.labels,
      mentions: s.mentions,
      rates: s.rates,
    },
    loadRules(override),
  );
  const { findings } = buildFindings(a, { caseName: 't', evidenceCount: 3, now: '2026-01-01T00:00:00Z' });
  return { a, findings };
}

describe('role rules on network evidence', async () => {
  const { a, findings } = await analyse();
  const person = (id: string) => findings.persons.find((p) => p.id === id || p.identifiers.includes(id));

  it('adds the feeder that sweeps everything into a dropper, not the half-feeder or the small pool', () => {
    const flagged = findings.accounts
      .filter((x) => x.roles.some((r) => r.role === 'dropper'))
      .map((x) => x.id);
    expect(flagged.sort()).toEqual([...adversarialScenario().droppers, 'card:4400000000000110'].sort());
    const f = findings.accounts.find((x) => x.id === 'card:4400000000000110')!;
    expect(f.roles[0]!.reasons.join(' ')).toMatch(/100% of the outflow .* went to dropper accounts/);
  });

  it('does not make the P2P buyer who pays many wallets an exchanger, unless the rule is off', async () => {
    const op = person('card:4400000000000102');
    expect(op?.accounts).toContain('exchange:p2pex:op');
    expect(op?.roles ?? []).not.toContain('exchanger');
    expect(findings.summary.exchangers).toBe(1);
    const off = await analyse({ version: 't', exchanger: { p2pBuyerNotExchanger: false } });
    const op2 = off.findings.persons.find((p) => p.accounts.includes('card:4400000000000102'));
    expect(op2?.roles).toContain('exchanger');
  });

  it("does not make a card swept to its holder's own account a dropper, unless the rule is off", async () => {
    expect(findings.accounts.find((x) => x.id === 'card:4400000000000144')?.roles ?? []).toEqual([]);
    const off = await analyse({ version: 't', dropper: { ownSweepIsTreasury: false } });
    const roles = off.findings.accounts.find((x) => x.id === 'card:4400000000000144')?.roles ?? [];
    expect(roles.map((r) => r.role)).toContain('dropper');
  });

  it('makes the handle that recruitment posts name as the contact a recruiter', () => {
    const r = person('tg:@anna_rec');
    expect(r?.roles).toContain('recruiter');
    expect(r?.roleDetails?.[0]?.reasons.join(' ')).toMatch(/named as the contact in 2 recruitment/);
  });

  it('gives no role to the channel handle, a bot, a quoted handle or a benign contact', () => {
    for (const h of ['tg:@jobs_chan', 'tg:@jobs_helper_bot', 'tg:@famous_blogger', 'tg:@granny'])
      expect(person(h)?.roles ?? []).toEqual([]);
  });

  it('makes the handle named in ≥ 3 sale posts an operator, not one named twice', () => {
    expect(person('tg:@op_main')?.roles).toContain('operator');
    expect(person('tg:@op_rare')?.roles ?? []).not.toContain('operator');
  });

  it('lists a foreign account that keeps network money, with direct receipts and the KYC country', () => {
    const e = findings.endRecipients.find((x) => x.account === 'card:4400000000000086');
    expect(e?.jurisdiction).toBe('TR');
    // 5 × 300,000 KZT at 0.002 USD, received straight from a dropper.
    expect(e?.receivedUsd).toBe(3000);
    expect(findings.endRecipients.find((x) => x.account === 'tron:TEND')?.jurisdiction).toBe('AE');
    expect(findings.endRecipients.map((x) => x.account)).not.toContain('tron:THOMEWALLET');
  });

  it('does not list a home bank account that keeps what the network pays (wages), unless the rule is off', async () => {
    expect(findings.endRecipients.map((e) => e.account)).not.toContain('card:4400000000000078');
    const off = await analyse({
      version: 't',
      endRecipient: { excludeHomeFiat: false, minReceivedUsdHome: 0 },
    });
    expect(off.findings.endRecipients.map((e) => e.account)).toContain('card:4400000000000078');
    expect(off.findings.endRecipients.map((e) => e.account)).toContain('tron:THOMEWALLET');
  });

  it('counts a Telegram-only courier once with the namesake courier paid on a card', () => {
    const card = person('card:4400000000000094');
    const tg = person('tg:user:101');
    expect(card?.roles).toContain('courier');
    expect(tg?.roles).toContain('courier');
    expect(card?.id).not.toBe(tg?.id);
    expect(a.namesakeOf.get(tg!.id)).toBe(card!.id);
    // The findings say whom he is counted with, so a list can hold exactly the participants counted.
    expect(tg?.countedWith).toBe(card!.id);
    expect(card?.countedWith).toBeUndefined();
    expect(findings.persons.filter((p) => p.countedWith !== undefined)).toHaveLength(1);
    // The other drop-report author has no namesake and counts on its own.
    expect(person('tg:user:102')?.roles).toContain('courier');
    expect(findings.summary.participants).toBe(a.participants.size - 1);
  });

  it('does not count namesakes once when the rule is off', async () => {
    const off = await analyse({ version: 't', participants: { countNamesakesOnce: false } });
    expect(off.findings.summary.participants).toBe(off.a.participants.size);
    expect(off.findings.persons.some((p) => p.countedWith !== undefined)).toBe(false);
  });
});

describe('countryOfAddress', () => {
  it('reads codes, country names and Kazakh cities, and nothing from a bare street', () => {
    expect(countryOfAddress('AE')).toBe('AE');
    expect(countryOfAddress('Istanbul, TR')).toBe('TR');
    expect(countryOfAddress('Tbilisi, Georgia')).toBe('GE');
    expect(countryOfAddress('Shymkent, ул. Кунаева')).toBe('KZ');
    expect(countryOfAddress('Ташкент, ул. Навои')).toBe('UZ');
    expect(countryOfAddress('ул. Ленина 5')).toBeNull();
    expect(countryOfAddress('')).toBeNull();
  });
});
