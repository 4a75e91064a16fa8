/**
 * Scenario parameters: every count, amount, time span and role mix the generator uses, with the defaults of
 * the Shymkent model case. A JSON scenario file overrides any subset (deep merge), so analyses are tested
 * against more than one configuration. Counts marked "scaled" are multiplied by `--scale`.
 */

export interface RelatedNetworkParams {
  id: string;
  region: string;
  /** City centre for drop coordinates. */
  center: { lat: number; lon: number };
  districts: string[];
  operators: number;
  collectors: number;
  /** scaled */
  droppers: number;
  /** scaled */
  couriers: number;
  /** scaled */
  buyers: number;
  /** scaled; retail payments per day across the network */
  buyerPaymentsPerDay: number;
  /** Identifiers this group shares with the main network (the cross-case link). */
  shares: Array<'exchanger-wallet' | 'end-recipient-wallet' | 'dropper-card' | 'phone'>;
}

export interface ScenarioParams {
  name: string;
  description: string;
  /** First day (YYYY-MM-DD, local) and number of days. */
  start: string;
  days: number;
  /** Local offset of the evidence (Kazakhstan has been on UTC+5 since March 2024). */
  utcOffset: string;
  fx: {
    kztPerUsd: number;
    rubPerUsd: number;
    btcUsd: number;
    /** Daily relative volatility of the rates. */
    volatility: number;
    /** Days without any published rate (weekends, gaps): the analyzer must carry the last rate. */
    missingDays: number;
  };
  main: {
    id: string;
    region: string;
    center: { lat: number; lon: number };
    districts: string[];
    /** The two key figures with the large turnover. */
    keyFigures: number;
    operators: number;
    recruiters: number;
    /** scaled */
    couriers: number;
    /** scaled */
    droppers: number;
    collectors: number;
    exchangers: number;
    endRecipients: number;
    chemists: number;
    suppliers: number;
    /** scaled */
    buyers: number;
    /** scaled */
    buyerPaymentsPerDay: number;
    retailMedianKzt: number;
    retailSigma: number;
    /** scaled */
    wholesalePaymentsPerDay: number;
    wholesaleMedianKzt: number;
    /** A dropper card is used this many days before it is dropped (min, max). */
    dropperActiveDays: [number, number];
    /** Droppers sweep to their collector once the balance passes this or every few days. */
    dropperSweepKzt: number;
    /** Share of the first key figure in the collectors' flow. */
    keyFigureSplit: number;
    courierPayKzt: [number, number];
    /** Drops per courier per day on average: outings of about 8 drops, each reported and paid. */
    dropsPerCourierDay: number;
    exchangerFeePct: number;
    /** Share of a key figure's USDT that goes to end recipients (the rest stays or pays suppliers). */
    endRecipientShare: number;
    endRecipientJurisdictions: string[];
    nationalities: { KZ: number; RU: number; UZ: number; AF: number };
  };
  related: RelatedNetworkParams[];
  benign: {
    /** scaled */
    persons: number;
    /** scaled */
    noiseTransfersPerDay: number;
    cafeCustomersPerDay: number;
    landlordTenants: number;
    salaryEmployees: number;
    licensedExchangeUsersPerDay: number;
  };
  messages: {
    /** Messages scale with min(scale, cap): Telegram exports do not grow to millions. */
    scaleCap: number;
    shopPostsPerDay: number;
    botChats: number;
    recruitmentPosts: number;
    trainingPosts: number;
    paymentPostsPerWeek: number;
    /**
     * Operator's requests in a courier chat, per day × 8 (a probability). The drop reports themselves
     * follow the couriers' outings (one per outing) and are not capped by `scaleCap`.
     */
    dropReportsPerDay: number;
    benignPerChat: number;
  };
  noise: {
    malformedRows: number;
    maskedCardShare: number;
  };
}

export const SHYMKENT_DEFAULTS: ScenarioParams = {
  name: 'shymkent',
  description:
    'Shymkent model case: Telegram shops, dropper cards, unlicensed exchangers to USDT, end recipients abroad; related Ulytau and Mangistau groups',
  start: '2024-09-01',
  days: 365,
  utcOffset: '+05:00',
  fx: { kztPerUsd: 480, rubPerUsd: 92, btcUsd: 60000, volatility: 0.004, missingDays: 12 },
  main: {
    id: 'n1',
    region: 'Shymkent',
    center: { lat: 42.3417, lon: 69.5901 },
    districts: ['Абайский', 'Аль-Фарабийский', 'Енбекшинский', 'Каратауский', 'Туран'],
    keyFigures: 2,
    operators: 1,
    recruiters: 3,
    couriers: 80,
    droppers: 200,
    collectors: 12,
    exchangers: 4,
    endRecipients: 5,
    chemists: 3,
    suppliers: 2,
    buyers: 3000,
    buyerPaymentsPerDay: 55,
    retailMedianKzt: 24000,
    retailSigma: 0.5,
    wholesalePaymentsPerDay: 3,
    wholesaleMedianKzt: 450000,
    dropperActiveDays: [45, 120],
    dropperSweepKzt: 150000,
    keyFigureSplit: 0.6,
    courierPayKzt: [4000, 9000],
    dropsPerCourierDay: 0.6,
    exchangerFeePct: 2.5,
    endRecipientShare: 0.9,
    endRecipientJurisdictions: ['AE', 'TR', 'CN', 'GE', 'AF'],
    nationalities: { KZ: 0.7, RU: 0.12, UZ: 0.13, AF: 0.05 },
  },
  related: [
    {
      id: 'n2',
      region: 'Ulytau',
      center: { lat: 47.7833, lon: 67.7144 },
      districts: ['Жезказган центр', 'Сатпаев', 'Кенгир'],
      operators: 1,
      collectors: 1,
      droppers: 15,
      couriers: 8,
      buyers: 300,
      buyerPaymentsPerDay: 8,
      shares: ['exchanger-wallet', 'phone'],
    },
    {
      id: 'n3',
      region: 'Mangistau',
      center: { lat: 43.6532, lon: 51.1975 },
      districts: ['Актау 5 мкр', 'Актау 14 мкр', 'Жанаозен'],
      operators: 1,
      collectors: 1,
      droppers: 15,
      couriers: 8,
      buyers: 300,
      buyerPaymentsPerDay: 8,
      shares: ['end-recipient-wallet', 'dropper-card'],
    },
  ],
  benign: {
    persons: 600,
    noiseTransfersPerDay: 10,
    cafeCustomersPerDay: 15,
    landlordTenants: 14,
    salaryEmployees: 45,
    licensedExchangeUsersPerDay: 6,
  },
  messages: {
    scaleCap: 4,
    shopPostsPerDay: 2,
    botChats: 6,
    recruitmentPosts: 90,
    trainingPosts: 40,
    paymentPostsPerWeek: 6,
    dropReportsPerDay: 4,
    benignPerChat: 150,
  },
  noise: { malformedRows: 5, maskedCardShare: 0.02 },
};

export const SCENARIOS: Record<string, ScenarioParams> = { shymkent: SHYMKENT_DEFAULTS };

/** A scenario with `scale` applied: what the generator actually uses. */
export interface ResolvedScenario extends ScenarioParams {
  seed: number;
  scale: number;
  messageScale: number;
}

export type ScenarioOverrides = DeepPartial<ScenarioParams> & { base?: string };
type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepMerge<T>(base: T, over: unknown, path: string, problems: string[]): T {
  if (over === undefined) return base;
  if (isPlainObject(base)) {
    if (!isPlainObject(over)) {
      problems.push(`${path || 'scenario'}: expected an object`);
      return base;
    }
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) {
      if (k === 'base' && path === '') continue;
      if (!(k in base)) {
        problems.push(`${path ? `${path}.` : ''}${k}: unknown parameter`);
        continue;
      }
      out[k] = deepMerge((base as Record<string, unknown>)[k], v, path ? `${path}.${k}` : k, problems);
    }
    return out as T;
  }
  if (Array.isArray(base)) {
    if (!Array.isArray(over)) problems.push(`${path}: expected an array`);
    return (Array.isArray(over) ? over : base) as T;
  }
  if (typeof base !== typeof over) {
    problems.push(`${path}: expected a ${typeof base}, got ${JSON.stringify(over)}`);
    return base;
  }
  return over as T;
}

const scaled = (n: number, scale: number, min = 1) => Math.max(min, Math.round(n * scale));

/**
 * Resolves a named scenario plus overrides at a scale. Throws an Error listing every bad parameter
 * (unknown name, wrong type, impossible value) so a scenario file is fixed in one go.
 */
export function resolveScenario(
  name: string,
  options: { seed: number; scale: number; overrides?: unknown },
): ResolvedScenario {
  const problems: string[] = [];
  const overrides = options.overrides;
  const baseName =
    isPlainObject(overrides) && typeof overrides['base'] === 'string' ? overrides['base'] : name;
  const base = SCENARIOS[baseName];
  if (!base) throw new Error(`unknown scenario "${baseName}" (known: ${Object.keys(SCENARIOS).join(', ')})`);
  const p = deepMerge(base, overrides, '', problems);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(p.start)) problems.push('start: expected YYYY-MM-DD');
  if (!(p.days >= 7 && p.days <= 3660)) problems.push('days: expected 7..3660');
  if (!(options.scale > 0 && options.scale <= 10000))
    problems.push('scale: expected a number > 0 and ≤ 10000');
  if (p.main.keyFigures < 1) problems.push('main.keyFigures: at least 1');
  if (p.main.collectors < 1 || p.main.exchangers < 1 || p.main.endRecipients < 1)
    problems.push('main: collectors, exchangers and endRecipients need at least 1 each');
  if (p.main.dropperActiveDays[0] > p.main.dropperActiveDays[1])
    problems.push('main.dropperActiveDays: min > max');
  if (problems.length > 0) throw new Error(`bad scenario parameters:\n  ${problems.join('\n  ')}`);
  const s = options.scale;
  const resolved: ResolvedScenario = {
    ...p,
    seed: options.seed >>> 0,
    scale: s,
    messageScale: Math.min(s, p.messages.scaleCap),
    main: {
      ...p.main,
      couriers: scaled(p.main.couriers, s, 4),
      droppers: scaled(p.main.droppers, s, 8),
      buyers: scaled(p.main.buyers, s, 30),
      buyerPaymentsPerDay: p.main.buyerPaymentsPerDay * s,
      wholesalePaymentsPerDay: p.main.wholesalePaymentsPerDay * s,
    },
    related: p.related.map((r) => ({
      ...r,
      droppers: scaled(r.droppers, s, 3),
      couriers: scaled(r.couriers, s, 2),
      buyers: scaled(r.buyers, s, 10),
      buyerPaymentsPerDay: r.buyerPaymentsPerDay * s,
    })),
    benign: {
      ...p.benign,
      persons: scaled(p.benign.persons, s, 40),
      noiseTransfersPerDay: p.benign.noiseTransfersPerDay * s,
    },
  };
  return resolved;
}
