import { describe, expect, it } from 'vitest';
import { buildFindings } from '../findings/build-findings.ts';
import type {
  ChatRow,
  HolderRow,
  MembershipRow,
  MentionRow,
  MessageLabel,
  MessageLabelRow,
  MessageRow,
  PersonRow,
  SeizureRow,
  TransferRow,
} from '../model/tables.ts';
import { loadRules } from '../rules/rules.ts';
import { adversarialScenario } from './adversarial-scenario.ts';
import { analyzeCaseData } from './analyze-case-data.ts';
import { linkHandlesByPhone, notePostMention, seizuresByPerson, uniquePhoneOwners } from './role-evidence.ts';

const P = { evidenceId: 'ev-x', locator: 'x' };
const base = Date.parse('2025-03-01T00:00:00Z');
const H = 3_600_000;
const D = 24 * H;

/**
 * The adversarial droppers plus the people around an operator: a lab cook tied to a lab seizure, a second
 * cook paid alike, a café and a landlord the operator also pays, a recruiter known by handle and phone,
 * an exchanger and its front company, and their look-alikes (a friend swapping twice, a lender repaid
 * with interest, a licensed exchange, a courier's stash seizure, people who merely post).
 */
function scenario() {
  const s = adversarialScenario();
  const [d0, d1, d2] = s.droppers as [string, string, string];
  const transfers: TransferRow[] = [...s.transfers];
  let n = 0;
  const tx = (
    ms: number,
    from: string,
    to: string,
    amount: number,
    currency = 'KZT',
    channel: TransferRow['channel'] = 'card2card',
  ) => {
    const id = `r${++n}`;
    transfers.push({
      id,
      txId: id,
      timestamp: new Date(base + ms).toISOString(),
      amount: amount.toFixed(2),
      currency,
      fromAccount: from,
      toAccount: to,
      fromHolder: null,
      toHolder: null,
      channel,
      reference: null,
      props: null,
      evidenceId: 'ev-bank',
      locator: `row:${id}`,
    });
  };
  const BOSS = 'card:4400000000000151';
  const BOSS_TRON = 'tron:TBOSS';
  // The operator: consolidated from the three droppers every week.
  for (let w = 0; w < 13; w++) for (const d of [d0, d1, d2]) tx(w * 7 * D + 2 * H, d, BOSS, 400_000);
  // Staff pay, monthly on the 5th: two cooks, the café (much of whose money comes from guests), a landlord.
  for (let m = 0; m < 4; m++) {
    const t = (m * 30 + 5) * D + 15 * H;
    tx(t, BOSS, 'card:COOK1', 1_500_000);
    tx(t + 600_000, BOSS, 'card:COOK2', 1_400_000);
    tx(t + 1_200_000, BOSS, 'card:CAFE2', 1_500_000);
    tx(t + 1_800_000, BOSS, 'card:RENT', 250_000);
  }
  for (let day = 0; day < 90; day++)
    for (let k = 0; k < 30; k++) tx(day * D + 9 * H + k * 60_000, `card:diner-${k}`, 'card:CAFE2', 8_000);
  // The recruiter's card and a payroll-only card: weekly pay from the operator.
  for (let w = 0; w < 6; w++) {
    tx(w * 7 * D + 12 * H, BOSS, 'card:REC1', 60_000);
    tx(w * 7 * D + 13 * H, BOSS, 'card:PAYONLY', 60_000);
  }
  // Trades: the operator buys USDT from an OTC exchanger (its own card, and a front company's account),
  // 2.5% under the fiat value, within hours. The crypto lands in the operator's wallet.
  for (let k = 0; k < 6; k++) {
    const t = (k * 10 + 3) * D + 10 * H;
    const fiat = k % 2 === 0 ? 'card:OTC1' : 'iban:KZ00FRONT';
    tx(t, BOSS, fiat, 1_000_000, 'KZT', k % 2 === 0 ? 'card2card' : 'bank');
    tx(t + 3 * H, 'tron:TOTC', BOSS_TRON, 1950, 'USDT', 'crypto');
  }
  for (let k = 0; k < 3; k++) tx((k * 10 + 40) * D, 'iban:KZ00FRONT', 'card:OTC1', 2_000_000, 'KZT', 'bank');
  // The operator pays a supplier abroad in USDT an hour before a dropper's sweep of the same value comes
  // in, eight weeks running: it looks like selling crypto for fiat, but the dropper and the supplier never
  // deal with each other, so it is no trade.
  for (let w = 1; w <= 8; w++) tx(w * 7 * D + H, BOSS_TRON, 'tron:TSUPPLY', 800, 'USDT', 'crypto');
  // A friend selling USDT twice; a lender repaid in USDT with interest (more back than given), five times;
  // a licensed exchange's account and wallet, six times.
  for (let k = 0; k < 2; k++) {
    tx((k * 5 + 50) * D, 'card:FRIENDA', 'card:FRIENDB', 500_000);
    tx((k * 5 + 50) * D + 2 * H, 'tron:TFRIENDB', 'tron:TFRIENDA', 980, 'USDT', 'crypto');
  }
  for (let k = 0; k < 5; k++) {
    tx((k * 5 + 52) * D, 'card:FRIENDA', 'card:LENDER', 500_000);
    tx((k * 5 + 52) * D + 5 * H, 'tron:TLENDER', 'tron:TFRIENDA', 1015, 'USDT', 'crypto');
  }
  for (let k = 0; k < 6; k++) {
    tx((k * 3 + 60) * D, 'card:FRIENDA', 'card:4400000000000052', 500_000);
    tx((k * 3 + 60) * D + H, 'tron:TLICX', 'tron:TFRIENDA', 990, 'USDT', 'crypto');
  }
  const kyc = (account: string, name: string, iin: string, phone: string | null = null): HolderRow => ({
    account,
    holderName: name,
    iin,
    passport: null,
    nationality: 'KZ',
    birthdate: null,
    phone,
    address: 'Shymkent',
    institution: null,
    openedAt: null,
    evidenceId: 'ev-kyc',
    locator: `row:${account}`,
  });
  const holders = [
    ...s.holders,
    kyc(BOSS, 'Boss Man', '700101300101'),
    kyc(BOSS_TRON, 'Boss Man', '700101300101'),
    kyc('card:COOK1', 'Lab Cook', '800101300102'),
    kyc('card:COOK2', 'Second Cook', '800101300103'),
    kyc('card:CAFE2', 'Cafe Owner', '800101300104'),
    kyc('card:RENT', 'Flat Landlord', '800101300105'),
    kyc('card:REC1', 'Rec One', '800101300106', '+77011234567'),
    kyc('card:PAYONLY', 'Payroll Only', '800101300107'),
    kyc('card:PHONEOWN', 'Phone Owner', '800101300108', '+77019999999'),
    kyc('card:SHARED1', 'Shared One', '800101300109', '+77015555555'),
    kyc('card:SHARED2', 'Shared Two', '800101300110', '+77015555555'),
    kyc('card:BENIGNPH', 'Benign Phone', '800101300111', '+77017777777'),
    kyc('card:OTC1', 'Otc Trader', '800101300112'),
    kyc('tron:TOTC', 'Otc Trader', '800101300112'),
    kyc('iban:KZ00FRONT', 'Front Consulting LLP', '170101300113'),
    kyc('card:FRIENDA', 'Friend A', '800101300114'),
    kyc('tron:TFRIENDA', 'Friend A', '800101300114'),
    kyc('card:FRIENDB', 'Friend B', '800101300115'),
    kyc('tron:TFRIENDB', 'Friend B', '800101300115'),
    kyc('card:LENDER', 'Money Lender', '800101300116'),
    kyc('tron:TLENDER', 'Money Lender', '800101300116'),
    kyc('tron:TLICX', 'Licensed Exchange LLP', ''),
    kyc('card:STASH', 'Courier Stash', '800101300117'),
    kyc('tron:TSUPPLY', 'Foreign Supplier', '800101300118'),
  ];
  const personRows: PersonRow[] = [
    {
      personId: 'PCOOK',
      name: 'Lab Cook',
      iin: '800101300102',
      passport: null,
      nationality: 'KZ',
      birthdate: null,
      status: 'detained',
      ...P,
    },
    {
      personId: 'PSTASH',
      name: 'Courier Stash',
      iin: '800101300117',
      passport: null,
      nationality: 'KZ',
      birthdate: null,
      status: 'detained',
      ...P,
    },
  ];
  const seizure = (seizureId: string, personId: string, description: string): SeizureRow => ({
    seizureId,
    date: '2025-05-20',
    place: 'Shymkent',
    lat: null,
    lon: null,
    substance: 'вещество',
    massG: '100',
    description,
    personId,
    ...P,
  });
  const seizures = [
    seizure('S-LAB', 'PCOOK', 'Лаборатория: оборудование и реактивы изъяты'),
    seizure('S-STASH', 'PSTASH', 'Изъято при задержании курьера, 20 свёртков'),
  ];

  const chats: ChatRow[] = [
    { chatId: 'tg:chat:11', type: 'channel', title: 'Jobs', username: null, ...P },
    { chatId: 'tg:chat:12', type: 'channel', title: 'Recipes', username: null, ...P },
    { chatId: 'tg:chat:13', type: 'channel', title: 'Academy', username: null, ...P },
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
      timestamp: new Date(base + m * H).toISOString(),
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
    const mention = (identifier: string, start: number, raw: string) =>
      mentions.push({
        chatId,
        messageId,
        identifier,
        kind: identifier.slice(0, identifier.indexOf(':')),
        start,
        end: start + raw.length,
        validated: true,
        raw,
        source: 'entity',
        ...P,
      });
    for (const mt of text.matchAll(/@(\w+)/g)) mention(`tg:@${mt[1]!.toLowerCase()}`, mt.index, mt[0]);
    for (const mt of text.matchAll(/\+7\d{10}/g)) mention(`phone:${mt[0]}`, mt.index, mt[0]);
  };
  // The recruiter: a handle plus the phone on Rec One's KYC record, and posts naming only the handle.
  post(
    'tg:chat:11',
    'Нужны курьеры, оплата каждый день. Писать @rec_one или звоните +77011234567',
    'recruitment',
  );
  post('tg:chat:11', 'Работа курьером. Писать @rec_one', 'recruitment');
  post('tg:chat:11', 'Курьеры, выплаты сразу. Писать @rec_one', 'recruitment');
  // Two handles and one phone in each post: whose phone it is cannot be told.
  for (let k = 0; k < 3; k++)
    post('tg:chat:11', 'Нужны курьеры. Писать @rec_two или @rec_three, тел +77019999999', 'recruitment');
  // A phone on two persons' records names neither.
  for (let k = 0; k < 3; k++)
    post('tg:chat:11', 'Нужны курьеры. Писать @rec_four +77015555555', 'recruitment');
  // A benign chat: a handle and a phone together, no label.
  for (let k = 0; k < 3; k++) post('tg:chat:12', 'Торт на заказ. Писать @baker или +77017777777', null);
  // People who merely post: chatter in the jobs channel, a single job ad.
  for (let k = 0; k < 5; k++) post('tg:chat:11', 'Привет всем, как дела?', null, ['user301', 'Chatty']);
  post('tg:chat:11', 'Нужны курьеры, пишите в личку', 'recruitment', ['user302', 'Once']);
  // Channel admins: of the production-training channel (a teacher) and of the job channel. Each has
  // written one unlabelled message somewhere, so the export knows the user.
  for (let k = 0; k < 3; k++) post('tg:chat:13', `Урок ${k + 1} [материал удалён]`, 'training');
  post('tg:chat:12', 'Спасибо за рецепт', null, ['user401', 'Teacher']);
  post('tg:chat:12', 'Отличный торт', null, ['user402', 'Job Admin']);
  const memberships: MembershipRow[] = [
    { userId: 'user401', chatId: 'tg:chat:13', role: 'admin', timestamp: null, ...P },
    { userId: 'user402', chatId: 'tg:chat:11', role: 'creator', timestamp: null, ...P },
  ];
  return { ...s, transfers, holders, personRows, seizures, chats, messages, labels, mentions, memberships };
}

async function analyse(override?: Record<string, unknown>) {
  const s = scenario();
  const a = await analyzeCaseData(
    {
      transfers: s.transfers,
      holders: s.holders,
      persons: s.personRows,
      exchanges: s.exchanges,
      orders: s.orders,
      chats: s.chats,
      messages: s.messages,
      labels: s.labels,
      mentions: s.mentions,
      seizures: s.seizures,
      memberships: s.memberships,
      rates: s.rates,
    },
    // Three droppers sweep into the operator: enough to call it one in this small case.
    loadRules({
      version: 't',
      ...override,
      operator: { minDroppersSweeping: 1, ...(override?.operator ?? {}) },
    }),
  );
  const { findings } = buildFindings(a, { caseName: 't', evidenceCount: 3, now: '2026-01-01T00:00:00Z' });
  return { a, findings };
}

describe('role evidence on a case with staff, traders and look-alikes', async () => {
  const { findings } = await analyse();
  const person = (id: string) => findings.persons.find((p) => p.id === id || p.identifiers.includes(id));
  const roles = (id: string) => person(id)?.roles ?? [];
  const details = (id: string, role: string) =>
    person(id)
      ?.roleDetails?.find((r) => r.role === role)
      ?.reasons.join(' | ') ?? '';

  it('sees the operator the droppers sweep into', () => {
    expect(roles('card:4400000000000151')).toContain('operator');
  });

  it('makes the person tied to a lab seizure a chemist, citing the seizure and the pay', () => {
    expect(roles('card:COOK1')).toContain('chemist');
    expect(details('card:COOK1', 'chemist')).toMatch(/seizure S-LAB .*лаборатор/);
    expect(details('card:COOK1', 'chemist')).toMatch(/paid 4 time\(s\) over 4 month\(s\)/);
  });

  it('leads to the cook paid alike with a low score, not to the café, the landlord or a courier stash', () => {
    const cook2 = person('card:COOK2')?.roleDetails?.find((r) => r.role === 'chemist');
    expect(cook2?.score).toBe(0.5);
    expect(cook2?.reasons.join(' ')).toMatch(/inferred from the pay pattern only/);
    // The café gets as much from the operator, but lives on its guests; the landlord's rent is far smaller.
    expect(roles('card:CAFE2')).not.toContain('chemist');
    expect(roles('card:RENT')).not.toContain('chemist');
    expect(roles('card:STASH')).not.toContain('chemist');
  });

  it('does not lead from pay alone when the rule is off', async () => {
    const off = await analyse({ chemist: { peerPay: false } });
    const p = off.findings.persons.find((x) => x.accounts.includes('card:COOK2'));
    expect(p?.roles ?? []).not.toContain('chemist');
  });

  it('makes the KYC holder of the phone published with the recruitment handle the recruiter', () => {
    expect(roles('card:REC1')).toEqual(['recruiter']);
    const why = details('card:REC1', 'recruiter');
    expect(why).toMatch(/named as the contact in 3 recruitment/);
    expect(why).toMatch(/@rec_one is published together with \+77011234567/);
    expect(why).toMatch(/paid 6 time\(s\)/);
    // The handle no longer stands for a separate unidentified recruiter.
    expect(roles('tg:@rec_one')).not.toContain('recruiter');
  });

  it('links nobody through a post with two handles, a shared phone or an unflagged chat', () => {
    expect(roles('card:PHONEOWN')).toEqual([]);
    expect(roles('card:SHARED1')).toEqual([]);
    expect(roles('card:SHARED2')).toEqual([]);
    expect(roles('card:BENIGNPH')).toEqual([]);
    // The two handles stay contacts known only by handle.
    expect(roles('tg:@rec_two')).toContain('recruiter');
  });

  it('does not make chatter, a single job ad or pay alone a recruiter', () => {
    expect(roles('tg:user:301')).toEqual([]);
    expect(roles('tg:user:302')).not.toContain('recruiter');
    expect(roles('card:PAYONLY')).not.toContain('recruiter');
  });

  it('finds the OTC exchanger and its front company by their trades, with the margin', () => {
    expect(roles('card:OTC1')).toContain('exchanger');
    expect(details('card:OTC1', 'exchanger')).toMatch(
      /6 fiat-for-crypto trades with 1 customer.*a 2\.5% margin/,
    );
    expect(roles('iban:KZ00FRONT')).toContain('exchanger');
    expect(details('iban:KZ00FRONT', 'exchanger')).toMatch(/takes the fiat side of Otc Trader's trades/);
    // The customer is not an exchanger: it cashes dropper money out, which makes it the operator.
    expect(roles('card:4400000000000151')).not.toContain('exchanger');
    expect(details('card:4400000000000151', 'operator')).toMatch(/bought crypto in 6 trades/);
  });

  it('does not make a friend swapping twice, a lender repaid with interest or a licensed exchange an exchanger', () => {
    for (const a of ['card:FRIENDA', 'card:FRIENDB', 'card:LENDER', 'tron:TLICX'])
      expect(roles(a)).not.toContain('exchanger');
  });

  it('does not read a sweep that follows a payment to an unrelated wallet as a trade', () => {
    expect(roles('tron:TSUPPLY')).not.toContain('exchanger');
    const [d0] = adversarialScenario().droppers as [string];
    expect(findings.accounts.find((x) => x.id === d0)?.roles.map((r) => r.role)).toEqual(['dropper']);
  });

  it('makes the admin of a training channel a chemist and of a job channel a recruiter, neither an operator', () => {
    expect(roles('tg:user:401')).toEqual(['chemist']);
    expect(details('tg:user:401', 'chemist')).toMatch(/administers production-training chat\(s\) tg:chat:13/);
    expect(roles('tg:user:402')).toEqual(['recruiter']);
    expect(details('tg:user:402', 'recruiter')).toMatch(/administers recruitment chat\(s\) tg:chat:11/);
  });

  it('makes nobody a supplier without precursor or lab-side evidence', () => {
    expect(findings.persons.filter((p) => p.roles.includes('supplier'))).toEqual([]);
  });
});

describe('role evidence helpers', () => {
  it('keeps contact identifiers of flagged posts and flagged chats, accounts only from training posts', () => {
    const pm = new Map<string, string[]>();
    const sale = new Map<MessageLabel, unknown>([['sale', 1]]);
    const training = new Map<MessageLabel, unknown>([['training', 1]]);
    notePostMention(pm, 'c#1', 'tg:@a', { flagged: false, chat: sale });
    notePostMention(pm, 'c#1', 'phone:+77010000000', { flagged: false, chat: sale });
    notePostMention(pm, 'c#2', 'tg:@b', { flagged: false, chat: undefined });
    notePostMention(pm, 'c#3', 'card:4400000000000011', { flagged: true, chat: sale });
    notePostMention(pm, 't#1', 'tron:TX', { flagged: true, chat: training });
    expect([...pm]).toEqual([
      ['c#1', ['tg:@a', 'phone:+77010000000']],
      ['t#1', ['tron:TX']],
    ]);
  });

  it('links a handle only when every post pairs it with the same unshared phone', () => {
    const owners = uniquePhoneOwners([
      { id: 'p1', phones: ['phone:+1'] },
      { id: 'p2', phones: ['phone:+2'] },
      { id: 'p3', phones: ['phone:+2'] },
    ]);
    expect([...owners]).toEqual([['phone:+1', 'p1']]);
    const links = linkHandlesByPhone(
      new Map([
        ['c#1', ['tg:@x', 'phone:+1']],
        ['c#2', ['tg:@y', 'phone:+1']],
        ['c#3', ['tg:@y', 'phone:+3']],
        ['c#4', ['tg:@shop_bot', 'phone:+1']],
      ]),
      owners,
    );
    expect([...links.keys()]).toEqual(['tg:@x']);
    expect(links.get('tg:@x')).toMatchObject({ person: 'p1', phone: 'phone:+1', refs: ['c#1'] });
  });

  it('matches seizure words as word openings only', () => {
    const s = (id: string, description: string): SeizureRow => ({
      seizureId: id,
      date: null,
      place: null,
      lat: null,
      lon: null,
      substance: null,
      massG: null,
      description,
      personId: 'P1',
      ...P,
    });
    const hits = seizuresByPerson(
      [s('a', 'Нарколаборатория в гараже'), s('b', 'Лаборатория'), s('c', 'collaboration notes')],
      ['лаборатор', 'laborator'],
      (id) => id,
    );
    expect(hits.get('P1')?.map((h) => h.seizureId)).toEqual(['b']);
  });
});
