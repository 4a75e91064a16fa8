/**
 * The scenario's population: persons, their accounts, roles and networks. Everything except buyers and
 * ordinary people is held in memory (bounded by the network sizes); buyers and benign persons are derived
 * from their index on demand so that 10 million transfers need no per-buyer state.
 */
import {
  makeBin,
  makeBtcAddress,
  makeCard,
  makeIin,
  makeKzIban,
  makeKzPhone,
  makeRuPhone,
  makeTronAddress,
  makeUzPhone,
} from './make-identifiers.ts';
import { makeName, transliterate } from './names.ts';
import { createRng, type Rng } from './prng.ts';
import type { ResolvedScenario } from './scenario.ts';

export type Role =
  | 'operator'
  | 'recruiter'
  | 'courier'
  | 'dropper'
  | 'exchanger'
  | 'end_recipient'
  | 'buyer'
  | 'chemist'
  | 'supplier';

export type PersonKind =
  | 'key_figure'
  | 'operator'
  | 'recruiter'
  | 'courier'
  | 'dropper'
  | 'collector'
  | 'exchanger'
  | 'end_recipient'
  | 'chemist'
  | 'supplier'
  | 'buyer'
  | 'benign'
  | 'legit_business';

export type LegitKind = 'cafe' | 'landlord' | 'salary' | 'student' | 'licensed_exchange' | 'ordinary';

export interface Person {
  id: string;
  name: string;
  latinName: string;
  iin: string | null;
  passport: string | null;
  nationality: string;
  birthdate: string;
  male: boolean;
  phone: string;
  network: string | null;
  region: string | null;
  kind: PersonKind;
  roles: Role[];
  status: 'detained' | 'wanted' | 'witness' | 'unknown' | null;
  tgUserId: number | null;
  tgUsername: string | null;
  jurisdiction: string;
  legit: LegitKind | null;
  accounts: string[];
}

export type AccountKind = 'card' | 'iban' | 'tron' | 'btc' | 'exchange';

export interface Account {
  id: string;
  kind: AccountKind;
  /** Card number, IBAN or address without the prefix. */
  raw: string;
  holder: string;
  holderName: string;
  institution: string;
  roles: Role[];
  network: string | null;
  legit: LegitKind | null;
  /** Active window in day indexes (inclusive). */
  from: number;
  to: number;
  openedAt: string;
}

export interface Exchange {
  slug: string;
  name: string;
  jurisdiction: string;
  licensed: boolean;
  licenseRef: string | null;
}

export interface NetworkModel {
  id: string;
  region: string;
  center: { lat: number; lon: number };
  districts: string[];
  keyFigures: Person[];
  operators: Person[];
  recruiters: Person[];
  couriers: Person[];
  droppers: Person[];
  collectors: Person[];
  exchangers: Person[];
  endRecipients: Person[];
  chemists: Person[];
  suppliers: Person[];
  buyers: number;
  buyerPaymentsPerDay: number;
  /** dropper index → collector index */
  dropperCollector: number[];
  /** collector index → key figure (or operator) index */
  collectorBoss: number[];
}

export interface World {
  scenario: ResolvedScenario;
  rng: Rng;
  persons: Map<string, Person>;
  accounts: Map<string, Account>;
  networks: NetworkModel[];
  exchanges: Exchange[];
  /** Legitimate high-volume accounts (traps) and their persons. */
  traps: {
    cafe: Person;
    cafeOwner: Person;
    landlord: Person;
    employer: Person;
    student: Person;
    parents: Person[];
    licensedExchange: Person;
    tenants: number;
    employees: number;
  };
  /** Accounts whose statements are written in special formats. */
  slice: {
    dropperCard: string;
    collectorCard: string;
    keyFigureIban: string;
    frontIban: string;
    keyFigureTron: string;
    endRecipientTron: string;
    keyFigureBtc: string;
  };
  epochStart: number;
  utcOffsetSeconds: number;
}

export const BINS = {
  kaspi: { bin: '440043', bank: 'АО «Kaspi Bank»', ibanCode: '722' },
  halyk: { bin: '440563', bank: 'АО «Народный Банк Казахстана»', ibanCode: '601' },
  forte: { bin: '517792', bank: 'АО «ForteBank»', ibanCode: '965' },
  bcc: { bin: '405875', bank: 'АО «Банк ЦентрКредит»', ibanCode: '856' },
  jusan: { bin: '539545', bank: 'АО «Jusan Bank»', ibanCode: '998' },
} as const;
type BankKey = keyof typeof BINS;

function dayIso(epochStart: number, day: number): string {
  return new Date((epochStart + day * 86400) * 1000).toISOString().slice(0, 10);
}

class Builder {
  readonly persons = new Map<string, Person>();
  readonly accounts = new Map<string, Account>();
  private seq = 0;

  constructor(
    readonly s: ResolvedScenario,
    readonly rng: Rng,
    readonly epochStart: number,
  ) {}

  person(
    kind: PersonKind,
    roles: Role[],
    network: { id: string; region: string } | null,
    opts: {
      nationality?: string;
      jurisdiction?: string;
      legit?: LegitKind;
      tg?: boolean;
      name?: string;
    } = {},
  ): Person {
    const rng = this.rng;
    const nationality =
      opts.nationality ??
      rng.weighted(
        ['KZ', 'RU', 'UZ', 'AF'],
        [
          this.s.main.nationalities.KZ,
          this.s.main.nationalities.RU,
          this.s.main.nationalities.UZ,
          this.s.main.nationalities.AF,
        ],
      );
    const male = kind === 'legit_business' ? true : rng.chance(0.78);
    const year = rng.int(1975, 2005);
    const birthdate = `${year}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
    const nm = makeName(rng, nationality, male);
    const name = opts.name ?? nm.full;
    const id = `P${String(++this.seq).padStart(5, '0')}`;
    const phone =
      nationality === 'UZ' && rng.chance(0.6)
        ? makeUzPhone(rng)
        : nationality === 'RU' && rng.chance(0.5)
          ? makeRuPhone(rng)
          : makeKzPhone(rng);
    const residentKz = nationality === 'KZ' || rng.chance(0.5);
    const p: Person = {
      id,
      name,
      latinName: transliterate(name).toUpperCase(),
      iin:
        kind === 'legit_business'
          ? makeBin(rng, `20${rng.int(10, 22)}-0${rng.int(1, 9)}`)
          : residentKz && (opts.jurisdiction ?? 'KZ') === 'KZ'
            ? makeIin(rng, birthdate, male)
            : null,
      passport: passportFor(rng, nationality),
      nationality: kind === 'legit_business' ? 'KZ' : nationality,
      birthdate,
      male,
      phone,
      network: network?.id ?? null,
      region: network?.region ?? null,
      kind,
      roles,
      status: null,
      tgUserId: opts.tg ? 100000000 + rng.int(0, 899999999) : null,
      tgUsername: null,
      jurisdiction: opts.jurisdiction ?? 'KZ',
      legit: opts.legit ?? null,
      accounts: [],
    };
    if (opts.tg)
      p.tgUsername = `${transliterate(nm.first)
        .toLowerCase()
        .replace(/[^a-z]/g, '')}_${rng.hex(2)}`;
    this.persons.set(id, p);
    return p;
  }

  account(
    p: Person,
    kind: AccountKind,
    opts: { bank?: BankKey; from?: number; to?: number; exchange?: string; roles?: Role[] } = {},
  ): Account {
    const rng = this.rng;
    const bank =
      opts.bank ?? rng.weighted<BankKey>(['kaspi', 'halyk', 'forte', 'bcc', 'jusan'], [6, 2, 1, 1, 1]);
    let raw: string;
    let institution: string;
    if (kind === 'card') {
      raw = makeCard(rng, BINS[bank].bin);
      institution = BINS[bank].bank;
    } else if (kind === 'iban') {
      raw = makeKzIban(rng, BINS[bank].ibanCode);
      institution = BINS[bank].bank;
    } else if (kind === 'tron') {
      raw = makeTronAddress(rng);
      institution = 'TRON';
    } else if (kind === 'btc') {
      raw = makeBtcAddress(rng);
      institution = 'Bitcoin';
    } else {
      raw = `${opts.exchange}:${rng.int(10000000, 99999999)}`;
      institution = opts.exchange ?? '';
    }
    const id = `${kind}:${raw}`;
    const from = opts.from ?? 0;
    const a: Account = {
      id,
      kind,
      raw,
      holder: p.id,
      holderName: p.name,
      institution,
      roles: opts.roles ?? p.roles.filter((r) => r !== 'recruiter' && r !== 'chemist'),
      network: p.network,
      legit: p.legit,
      from,
      to: opts.to ?? this.s.days - 1,
      openedAt: dayIso(this.epochStart, from - rng.int(20, 400)),
    };
    this.accounts.set(id, a);
    p.accounts.push(id);
    return a;
  }
}

function passportFor(rng: Rng, nationality: string): string {
  if (nationality === 'KZ') return `N${rng.digits(8)}`;
  if (nationality === 'RU') return `${rng.digits(2)} ${rng.digits(2)} ${rng.digits(6)}`;
  if (nationality === 'UZ') return `${rng.pick(['AA', 'AB', 'AC', 'FA'])}${rng.digits(7)}`;
  return `P${rng.digits(8)}`;
}

export function epochOf(dateIso: string, utcOffset: string): number {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(utcOffset);
  const off = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60) : 0;
  return Date.parse(`${dateIso}T00:00:00Z`) / 1000 - off;
}

export function offsetSeconds(utcOffset: string): number {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(utcOffset);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60) : 0;
}

export function buildWorld(s: ResolvedScenario): World {
  const rng = createRng(s.seed).fork('world');
  const epochStart = epochOf(s.start, s.utcOffset);
  const b = new Builder(s, rng, epochStart);
  const days = s.days;
  const m = s.main;
  const mainNet = { id: m.id, region: m.region };

  const exchanges: Exchange[] = [
    {
      slug: 'kazex',
      name: 'KazEx Digital (AIFC)',
      jurisdiction: 'KZ',
      licensed: true,
      licenseRef: `AFSA-A-LA-${2021}-${rng.digits(4)}`,
    },
    { slug: 'p2p-market', name: 'P2P Market Global', jurisdiction: 'SC', licensed: false, licenseRef: null },
    {
      slug: 'obmen-24',
      name: 'Обмен 24/7 (Telegram)',
      jurisdiction: 'KZ',
      licensed: false,
      licenseRef: null,
    },
  ];

  const networks: NetworkModel[] = [];
  const keyFigures: Person[] = [];
  for (let i = 0; i < m.keyFigures; i++) {
    const p = b.person('key_figure', ['operator'], mainNet, { nationality: i === 0 ? 'KZ' : 'UZ', tg: true });
    p.status = 'detained';
    b.account(p, 'card', { bank: 'kaspi' });
    b.account(p, 'iban', { bank: 'bcc' });
    b.account(p, 'card', { bank: 'halyk' });
    b.account(p, 'tron');
    b.account(p, 'exchange', { exchange: 'p2p-market' });
    if (i === 0) b.account(p, 'btc');
    keyFigures.push(p);
  }
  const operators = range(m.operators).map(() => {
    const p = b.person('operator', ['operator'], mainNet, { tg: true });
    b.account(p, 'card');
    p.status = 'wanted';
    return p;
  });
  const recruiters = range(m.recruiters).map(() => {
    const p = b.person('recruiter', ['recruiter'], mainNet, { tg: true });
    b.account(p, 'card');
    return p;
  });
  const couriers = range(m.couriers).map((i) => {
    const p = b.person('courier', ['courier'], mainNet, { tg: true });
    b.account(p, 'card');
    if (i % 5 === 0) b.account(p, 'tron');
    if (i % 7 === 0) p.status = 'detained';
    return p;
  });
  const collectors = range(m.collectors).map(() => {
    const p = b.person('collector', ['dropper'], mainNet, { tg: rng.chance(0.5) });
    b.account(p, 'card', { bank: 'kaspi' });
    b.account(p, 'card');
    return p;
  });
  const droppers = range(m.droppers).map((i) => {
    const span = rng.int(m.dropperActiveDays[0], m.dropperActiveDays[1]);
    const start = Math.min(
      days - 7,
      Math.floor((i / m.droppers) * Math.max(1, days - span / 2)) + rng.int(0, 10),
    );
    const p = b.person('dropper', ['dropper'], mainNet, { tg: rng.chance(0.3) });
    b.account(p, 'card', {
      bank: rng.chance(0.7) ? 'kaspi' : 'halyk',
      from: Math.max(0, start),
      to: Math.min(days - 1, start + span),
    });
    if (i % 11 === 3) p.status = 'detained';
    return p;
  });
  const exchangers = range(m.exchangers).map((i) => {
    const p = b.person('exchanger', ['exchanger'], mainNet, { nationality: i === 1 ? 'RU' : 'KZ', tg: true });
    b.account(p, 'card', { bank: 'kaspi' });
    b.account(p, 'card', { bank: 'halyk' });
    b.account(p, 'tron');
    b.account(p, 'exchange', { exchange: i === 0 ? 'obmen-24' : 'p2p-market' });
    if (i === 0) {
      b.account(p, 'btc');
      const front = b.person('legit_business', ['exchanger'], mainNet, { name: 'ТОО «Транзит Сервис KZ»' });
      front.kind = 'exchanger';
      b.account(front, 'iban', { bank: 'forte' });
    }
    return p;
  });
  const endRecipients = range(m.endRecipients).map((i) => {
    const jurisdiction = m.endRecipientJurisdictions[i % m.endRecipientJurisdictions.length] ?? 'AE';
    const nationality =
      jurisdiction === 'AF'
        ? 'AF'
        : jurisdiction === 'TR' || jurisdiction === 'AE'
          ? rng.pick(['RU', 'UZ'])
          : rng.pick(['RU', 'KZ', 'UZ']);
    const p = b.person('end_recipient', ['end_recipient'], mainNet, { nationality, jurisdiction });
    p.status = 'wanted';
    b.account(p, 'tron');
    if (i === 0) b.account(p, 'btc');
    return p;
  });
  const chemists = range(m.chemists).map(() => {
    const p = b.person('chemist', ['chemist'], mainNet, { nationality: rng.pick(['RU', 'KZ']) });
    b.account(p, 'card');
    p.status = 'detained';
    return p;
  });
  const suppliers = range(m.suppliers).map(() => {
    const p = b.person('supplier', ['supplier', 'end_recipient'], mainNet, {
      nationality: 'RU',
      jurisdiction: 'CN',
    });
    b.account(p, 'tron');
    return p;
  });
  const dropperCollector = droppers.map((_, i) => i % collectors.length);
  const collectorBoss = collectors.map((_, i) =>
    i / collectors.length < m.keyFigureSplit ? 0 : Math.min(1, keyFigures.length - 1),
  );
  networks.push({
    id: m.id,
    region: m.region,
    center: m.center,
    districts: m.districts,
    keyFigures,
    operators,
    recruiters,
    couriers,
    droppers,
    collectors,
    exchangers,
    endRecipients,
    chemists,
    suppliers,
    buyers: m.buyers,
    buyerPaymentsPerDay: m.buyerPaymentsPerDay,
    dropperCollector,
    collectorBoss,
  });

  for (const r of s.related) {
    const net = { id: r.id, region: r.region };
    const ops = range(r.operators).map(() => {
      const p = b.person('operator', ['operator'], net, { tg: true });
      b.account(p, 'card');
      b.account(p, 'tron');
      return p;
    });
    const cols = range(r.collectors).map(() => {
      const p = b.person('collector', ['dropper'], net);
      b.account(p, 'card');
      return p;
    });
    const drs = range(r.droppers).map((i) => {
      const span = rng.int(m.dropperActiveDays[0], m.dropperActiveDays[1]);
      const start = Math.min(days - 7, Math.floor((i / r.droppers) * Math.max(1, days - span / 2)));
      const p = b.person('dropper', ['dropper'], net);
      b.account(p, 'card', { from: start, to: Math.min(days - 1, start + span) });
      return p;
    });
    const curs = range(r.couriers).map(() => {
      const p = b.person('courier', ['courier'], net, { tg: true });
      b.account(p, 'card');
      return p;
    });
    const first = ops[0];
    // The shared identifiers are the cross-case link: the same wallet, card or phone in two groups.
    if (first && r.shares.includes('phone')) {
      const donor = exchangers[0];
      if (donor) first.phone = donor.phone;
    }
    if (r.shares.includes('dropper-card')) {
      const shared = droppers.find(
        (d) =>
          (b.accounts.get(d.accounts[0] ?? '')?.to ?? 0) - (b.accounts.get(d.accounts[0] ?? '')?.from ?? 0) >
          30,
      );
      const card = shared?.accounts[0];
      if (shared && card) {
        const acc = b.accounts.get(card);
        if (acc) acc.network = `${acc.network},${r.id}`;
        drs.push(shared);
      }
    }
    networks.push({
      id: r.id,
      region: r.region,
      center: r.center,
      districts: r.districts,
      keyFigures: [],
      operators: ops,
      recruiters: [],
      couriers: curs,
      droppers: drs,
      collectors: cols,
      exchangers:
        r.shares.includes('exchanger-wallet') && exchangers[0] ? [exchangers[0]] : exchangers.slice(-1),
      endRecipients: r.shares.includes('end-recipient-wallet') && endRecipients[0] ? [endRecipients[0]] : [],
      chemists: [],
      suppliers: [],
      buyers: r.buyers,
      buyerPaymentsPerDay: r.buyerPaymentsPerDay,
      dropperCollector: drs.map((_, i) => i % cols.length),
      collectorBoss: cols.map(() => 0),
    });
  }

  // Traps: legitimate accounts whose volume or counterparty count looks like a dropper or exchanger.
  const cafe = b.person('legit_business', [], null, { legit: 'cafe', name: 'ТОО «Кофейня Самал»' });
  b.account(cafe, 'iban', { bank: 'halyk' });
  const cafeOwner = b.person('benign', [], null, { legit: 'cafe', nationality: 'KZ' });
  b.account(cafeOwner, 'card', { bank: 'kaspi' });
  const landlord = b.person('benign', [], null, { legit: 'landlord', nationality: 'KZ' });
  b.account(landlord, 'card', { bank: 'kaspi' });
  const employer = b.person('legit_business', [], null, { legit: 'salary', name: 'ТОО «ЮжСтройМонтаж»' });
  b.account(employer, 'iban', { bank: 'bcc' });
  const student = b.person('benign', [], null, { legit: 'student', nationality: 'KZ' });
  b.account(student, 'card', { bank: 'kaspi' });
  const parents = [0, 1].map(() => {
    const p = b.person('benign', [], null, { legit: 'ordinary', nationality: 'KZ' });
    b.account(p, 'card');
    return p;
  });
  const licensedExchange = b.person('legit_business', [], null, {
    legit: 'licensed_exchange',
    name: 'KazEx Digital Ltd.',
  });
  b.account(licensedExchange, 'tron');
  b.account(licensedExchange, 'iban', { bank: 'bcc' });

  const kf0 = keyFigures[0] as Person;
  const front = [...b.persons.values()].find((p) => p.name.startsWith('ТОО «Транзит')) as Person;
  const d0 = droppers.reduce((best, d) => {
    const a = b.accounts.get(d.accounts[0] ?? '') as Account;
    const bb = b.accounts.get(best.accounts[0] ?? '') as Account;
    return a.to - a.from > bb.to - bb.from && a.from > 10 ? d : best;
  }, droppers[0] as Person);
  const col = collectors[dropperCollector[droppers.indexOf(d0)] ?? 0] as Person;
  const slice = {
    dropperCard: d0.accounts[0] as string,
    collectorCard: col.accounts[0] as string,
    keyFigureIban: kf0.accounts[1] as string,
    frontIban: front.accounts[0] as string,
    keyFigureTron: kf0.accounts[3] as string,
    endRecipientTron: (endRecipients[0] as Person).accounts[0] as string,
    keyFigureBtc: kf0.accounts[5] as string,
  };
  return {
    scenario: s,
    rng,
    persons: b.persons,
    accounts: b.accounts,
    networks,
    exchanges,
    traps: {
      cafe,
      cafeOwner,
      landlord,
      employer,
      student,
      parents,
      licensedExchange,
      tenants: s.benign.landlordTenants,
      employees: s.benign.salaryEmployees,
    },
    slice,
    epochStart,
    utcOffsetSeconds: offsetSeconds(s.utcOffset),
  };
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** A buyer derived from its index: same index, same card and name, without storing a million buyers. */
export interface Buyer {
  id: string;
  card: string;
  name: string;
  phone: string;
  network: string;
  tgUserId: number;
  tron: string;
  /** A second card of the buyer's own (a quarter of buyers), else null. */
  card2: string | null;
  /** A relative's card the buyer sometimes pays from. */
  relativeCard: string;
  relativeName: string;
}

// Buyers are picked with a strong skew (regulars), so a bounded cache saves most derivations.
const buyerCache = new WeakMap<World, Map<string, Buyer>>();
const BUYER_CACHE_MAX = 200_000;

export function buyerOf(world: World, network: string, index: number): Buyer {
  let cache = buyerCache.get(world);
  if (!cache) buyerCache.set(world, (cache = new Map()));
  const key = `${network}:${index}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const b = deriveBuyer(world, network, index);
  if (cache.size >= BUYER_CACHE_MAX) cache.clear();
  cache.set(key, b);
  return b;
}

function deriveBuyer(world: World, network: string, index: number): Buyer {
  const rng = createRng(world.scenario.seed).fork(`buyer:${network}:${index}`);
  const male = rng.chance(0.7);
  const nat = rng.weighted(['KZ', 'RU', 'UZ'], [8, 1, 1]);
  const nm = makeName(rng, nat, male);
  const bank = rng.weighted<BankKey>(['kaspi', 'halyk', 'forte', 'jusan'], [7, 2, 1, 1]);
  const card = makeCard(rng, BINS[bank].bin);
  const phone = makeKzPhone(rng);
  const tgUserId = 1000000000 + rng.int(0, 999999999);
  const card2 = rng.chance(0.25) ? makeCard(rng, BINS[bank === 'kaspi' ? 'halyk' : 'kaspi'].bin) : null;
  const relative = makeName(rng, nat, rng.chance(0.5));
  return {
    id: `B-${network}-${index}`,
    card,
    name: nm.full,
    phone,
    network,
    tgUserId,
    tron: '',
    card2,
    relativeCard: makeCard(rng, BINS[rng.chance(0.7) ? 'kaspi' : 'halyk'].bin),
    relativeName: relative.full,
  };
}

/** An ordinary person (noise transfers, benign chats), derived from the index. */
export function ordinaryOf(world: World, index: number): Buyer {
  const rng = createRng(world.scenario.seed).fork(`ordinary:${index}`);
  const male = rng.chance(0.5);
  const nm = makeName(rng, 'KZ', male);
  return {
    id: `O-${index}`,
    card: makeCard(rng, rng.chance(0.6) ? BINS.kaspi.bin : BINS.halyk.bin),
    name: nm.full,
    phone: makeKzPhone(rng),
    network: '',
    tgUserId: 2000000000 + rng.int(0, 99999999),
    tron: makeTronAddress(rng),
    card2: null,
    relativeCard: '',
    relativeName: '',
  };
}
