/**
 * The seven canonical CSVs of CONTRACT §3 as data: columns (required or not) and how one row becomes a
 * store row. Column order is free and header names are case-insensitive.
 */
import { normalizeExchangeAccount, normalizeIin } from '../../identifiers/index.ts';
import type { ParsedRecord, PersonStatus, TableName, TransferChannel } from '../../model/tables.ts';
import {
  clip,
  type IdentifierCache,
  isError,
  type Read,
  readBoolean,
  readCoordinate,
  readCurrency,
  readDate,
  readPositiveDecimal,
  readTimestamp,
} from './values.ts';

export interface RowContext {
  evidenceId: string;
  /** First 12 characters of the evidence id, for derived record ids. */
  evidenceShort: string;
  line: number;
  ids: IdentifierCache;
}

/** Column positions by canonical name; -1 when absent. Extras are the columns no spec names. */
export interface ColumnMap {
  readonly index: Readonly<Record<string, number>>;
  readonly extras: ReadonlyArray<{ name: string; index: number }>;
}

export interface CanonicalSpec {
  /** Format id (`transfers-csv`). */
  readonly format: string;
  /** The file name users give it (`transfers.csv`), a detection hint. */
  readonly fileName: string;
  readonly table: TableName;
  readonly required: readonly string[];
  readonly optional: readonly string[];
  /** One row → one record, or the reason it is quarantined. */
  build(fields: readonly string[], cols: ColumnMap, ctx: RowContext): Read<ParsedRecord>;
}

const CHANNELS = new Set<TransferChannel>([
  'card2card',
  'bank',
  'cash',
  'crypto',
  'exchange',
  'p2p',
  'other',
]);
const STATUSES = new Set<PersonStatus>(['detained', 'wanted', 'witness', 'unknown']);

function get(fields: readonly string[], cols: ColumnMap, name: string): string {
  const i = cols.index[name] ?? -1;
  return i < 0 ? '' : (fields[i] ?? '');
}

function text(fields: readonly string[], cols: ColumnMap, name: string): string | null {
  const v = get(fields, cols, name).trim();
  return v === '' ? null : v;
}

function optional<T>(raw: string, read: (s: string) => Read<T>): Read<T | null> {
  return raw.trim() === '' ? null : read(raw);
}

function iin(raw: string): Read<string | null> {
  const s = raw.trim();
  if (s === '') return null;
  const r = normalizeIin(s);
  return r.ok ? r.id : { error: `iin "${clip(s)}" is not valid: ${r.reason}` };
}

function firstError(...values: unknown[]): { error: string } | undefined {
  for (const v of values) if (isError(v as Read<unknown>)) return v as { error: string };
  return undefined;
}

/** A transfer's `channel` cell: trimmed, lower-cased, empty → `other`. */
export function readChannel(raw: string): Read<TransferChannel> {
  const channelRaw = raw.trim().toLowerCase();
  const channel = (channelRaw === '' ? 'other' : channelRaw) as TransferChannel;
  if (!CHANNELS.has(channel)) {
    return { error: `channel "${clip(channelRaw)}" is not one of ${[...CHANNELS].join(', ')}` };
  }
  return channel;
}

/** A tx id that can stand as a case-wide key: long enough not to be a per-file row counter. */
export function isUniqueLooking(txId: string): boolean {
  return txId.length >= 8;
}

export const TRANSFERS: CanonicalSpec = {
  format: 'transfers-csv',
  fileName: 'transfers.csv',
  table: 'transfers',
  required: ['timestamp', 'amount', 'currency', 'from_account', 'to_account'],
  optional: ['tx_id', 'from_holder', 'to_holder', 'channel', 'reference'],
  build(fields, cols, ctx) {
    const idx = cols.index;
    const timestamp = readTimestamp(fields[idx.timestamp!]!, { dateOnly: true });
    if (isError(timestamp)) return timestamp;
    const amount = readPositiveDecimal(fields[idx.amount!]!);
    if (isError(amount)) return amount;
    const currency = readCurrency(fields[idx.currency!]!);
    if (isError(currency)) return currency;
    const fromRaw = fields[idx.from_account!]!;
    const toRaw = fields[idx.to_account!]!;
    const from = fromRaw === '' ? null : ctx.ids.read(fromRaw, 'from_account');
    if (from !== null && isError(from)) return from;
    const to = toRaw === '' ? null : ctx.ids.read(toRaw, 'to_account');
    if (to !== null && isError(to)) return to;
    if (from === null && to === null) return { error: 'both from_account and to_account are empty' };
    const channel = readChannel(idx.channel! >= 0 ? fields[idx.channel!]! : '');
    if (isError(channel)) return channel;
    const txId = idx.tx_id! >= 0 ? fields[idx.tx_id!]!.trim() || null : null;
    let props: Record<string, unknown> | null = null;
    for (const x of cols.extras) {
      const v = fields[x.index];
      if (v !== undefined && v !== '') (props ??= {})[x.name] = v;
    }
    return {
      table: 'transfers',
      row: {
        id: txId !== null && isUniqueLooking(txId) ? txId : `${ctx.evidenceShort}:row:${ctx.line}`,
        txId,
        timestamp,
        amount,
        currency,
        fromAccount: from,
        toAccount: to,
        fromHolder: text(fields, cols, 'from_holder'),
        toHolder: text(fields, cols, 'to_holder'),
        channel,
        reference: text(fields, cols, 'reference'),
        props,
        evidenceId: ctx.evidenceId,
        locator: `row:${ctx.line}`,
      },
    };
  },
};

export const HOLDERS: CanonicalSpec = {
  format: 'holders-csv',
  fileName: 'holders.csv',
  table: 'holders',
  required: ['account', 'holder_name'],
  optional: ['iin', 'passport', 'nationality', 'birthdate', 'phone', 'address', 'institution', 'opened_at'],
  build(fields, cols, ctx) {
    const accountRaw = get(fields, cols, 'account');
    if (accountRaw.trim() === '') return { error: 'account is empty' };
    const account = ctx.ids.read(accountRaw, 'account');
    const iinV = iin(get(fields, cols, 'iin'));
    const birthdate = optional(get(fields, cols, 'birthdate'), readDate);
    const openedAt = optional(get(fields, cols, 'opened_at'), readDate);
    const phoneRaw = get(fields, cols, 'phone');
    const phone = phoneRaw.trim() === '' ? null : ctx.ids.read(phoneRaw, 'phone');
    const err = firstError(account, iinV, birthdate, openedAt, phone);
    if (err) return err;
    return {
      table: 'holders',
      row: {
        account: account as string,
        holderName: text(fields, cols, 'holder_name'),
        iin: iinV as string | null,
        passport: text(fields, cols, 'passport'),
        nationality: text(fields, cols, 'nationality')?.toUpperCase() ?? null,
        birthdate: birthdate as string | null,
        phone: phone as string | null,
        address: text(fields, cols, 'address'),
        institution: text(fields, cols, 'institution'),
        openedAt: openedAt as string | null,
        evidenceId: ctx.evidenceId,
        locator: `row:${ctx.line}`,
      },
    };
  },
};

export const EXCHANGES: CanonicalSpec = {
  format: 'exchanges-csv',
  fileName: 'exchanges.csv',
  table: 'exchanges',
  required: ['exchange', 'licensed'],
  optional: ['name', 'jurisdiction', 'license_ref'],
  build(fields, cols, ctx) {
    const slug = exchangeId(get(fields, cols, 'exchange'));
    if (isError(slug)) return slug;
    const licensed = readBoolean(get(fields, cols, 'licensed'), 'licensed');
    if (isError(licensed)) return licensed;
    return {
      table: 'exchanges',
      row: {
        exchange: slug,
        name: text(fields, cols, 'name'),
        jurisdiction: text(fields, cols, 'jurisdiction')?.toUpperCase() ?? null,
        licensed,
        licenseRef: text(fields, cols, 'license_ref'),
        evidenceId: ctx.evidenceId,
        locator: `row:${ctx.line}`,
      },
    };
  },
};

function exchangeId(raw: string): Read<string> {
  const r = normalizeExchangeAccount(raw, 'x');
  if (!r.ok) return { error: `exchange "${clip(raw.trim())}" has no letters or digits` };
  return r.id.slice('exchange:'.length, -2);
}

function exchangeUser(exchange: string, raw: string, what: string): Read<string | null> {
  const s = raw.trim();
  if (s === '') return null;
  if (s.toLowerCase().startsWith('exchange:')) {
    const parts = s.split(':');
    if (parts.length >= 3) {
      const r = normalizeExchangeAccount(parts[1]!, parts.slice(2).join(':'));
      return r.ok ? r.id : { error: `${what} "${clip(s)}": ${r.reason}` };
    }
  }
  const r = normalizeExchangeAccount(exchange, s);
  return r.ok ? r.id : { error: `${what} "${clip(s)}": ${r.reason}` };
}

export const EXCHANGE_ORDERS: CanonicalSpec = {
  format: 'exchange-orders-csv',
  fileName: 'exchange-orders.csv',
  table: 'exchange_orders',
  required: ['exchange', 'order_id', 'timestamp'],
  optional: [
    'buyer_user',
    'seller_user',
    'fiat_amount',
    'fiat_currency',
    'crypto_amount',
    'asset',
    'payment_from',
    'payment_to',
  ],
  build(fields, cols, ctx) {
    const exchange = exchangeId(get(fields, cols, 'exchange'));
    if (isError(exchange)) return exchange;
    const orderId = get(fields, cols, 'order_id').trim();
    if (orderId === '') return { error: 'order_id is empty' };
    const timestamp = readTimestamp(get(fields, cols, 'timestamp'), { dateOnly: true });
    const buyer = exchangeUser(exchange, get(fields, cols, 'buyer_user'), 'buyer_user');
    const seller = exchangeUser(exchange, get(fields, cols, 'seller_user'), 'seller_user');
    const fiatAmount = optional(get(fields, cols, 'fiat_amount'), (s) =>
      readPositiveDecimal(s, 'fiat_amount'),
    );
    const fiatCurrency = optional(get(fields, cols, 'fiat_currency'), (s) =>
      readCurrency(s, 'fiat_currency'),
    );
    const cryptoAmount = optional(get(fields, cols, 'crypto_amount'), (s) =>
      readPositiveDecimal(s, 'crypto_amount'),
    );
    const asset = optional(get(fields, cols, 'asset'), (s) => readCurrency(s, 'asset'));
    const pf = get(fields, cols, 'payment_from');
    const pt = get(fields, cols, 'payment_to');
    const paymentFrom = pf.trim() === '' ? null : ctx.ids.read(pf, 'payment_from');
    const paymentTo = pt.trim() === '' ? null : ctx.ids.read(pt, 'payment_to');
    const err = firstError(
      timestamp,
      buyer,
      seller,
      fiatAmount,
      fiatCurrency,
      cryptoAmount,
      asset,
      paymentFrom,
      paymentTo,
    );
    if (err) return err;
    return {
      table: 'exchange_orders',
      row: {
        exchange,
        orderId,
        timestamp: timestamp as string,
        buyerUser: buyer as string | null,
        sellerUser: seller as string | null,
        fiatAmount: fiatAmount as string | null,
        fiatCurrency: fiatCurrency as string | null,
        cryptoAmount: cryptoAmount as string | null,
        asset: asset as string | null,
        paymentFrom: paymentFrom as string | null,
        paymentTo: paymentTo as string | null,
        evidenceId: ctx.evidenceId,
        locator: `row:${ctx.line}`,
      },
    };
  },
};

export const PERSONS: CanonicalSpec = {
  format: 'persons-csv',
  fileName: 'persons.csv',
  table: 'persons',
  required: ['person_id', 'name'],
  optional: ['iin', 'passport', 'nationality', 'birthdate', 'status'],
  build(fields, cols, ctx) {
    const personId = get(fields, cols, 'person_id').trim();
    if (personId === '') return { error: 'person_id is empty' };
    const iinV = iin(get(fields, cols, 'iin'));
    const birthdate = optional(get(fields, cols, 'birthdate'), readDate);
    const statusRaw = get(fields, cols, 'status').trim().toLowerCase();
    const status = (statusRaw === '' ? 'unknown' : statusRaw) as PersonStatus;
    const err = firstError(iinV, birthdate);
    if (err) return err;
    if (!STATUSES.has(status)) {
      return { error: `status "${clip(statusRaw)}" is not one of ${[...STATUSES].join(', ')}` };
    }
    return {
      table: 'persons',
      row: {
        personId,
        name: text(fields, cols, 'name'),
        iin: iinV as string | null,
        passport: text(fields, cols, 'passport'),
        nationality: text(fields, cols, 'nationality')?.toUpperCase() ?? null,
        birthdate: birthdate as string | null,
        status,
        evidenceId: ctx.evidenceId,
        locator: `row:${ctx.line}`,
      },
    };
  },
};

export const SEIZURES: CanonicalSpec = {
  format: 'seizures-csv',
  fileName: 'seizures.csv',
  table: 'seizures',
  required: ['seizure_id', 'date'],
  optional: ['place', 'lat', 'lon', 'substance', 'mass_g', 'description', 'person_id'],
  build(fields, cols, ctx) {
    const seizureId = get(fields, cols, 'seizure_id').trim();
    if (seizureId === '') return { error: 'seizure_id is empty' };
    const date = optional(get(fields, cols, 'date'), readDate);
    const lat = readCoordinate(get(fields, cols, 'lat'), 'lat');
    const lon = readCoordinate(get(fields, cols, 'lon'), 'lon');
    const mass = optional(get(fields, cols, 'mass_g'), (s) => readPositiveDecimal(s, 'mass_g'));
    const err = firstError(date, lat, lon, mass);
    if (err) return err;
    if ((lat === null) !== (lon === null)) return { error: 'lat and lon must be given together' };
    return {
      table: 'seizures',
      row: {
        seizureId,
        date: date as string | null,
        place: text(fields, cols, 'place'),
        lat: lat as number | null,
        lon: lon as number | null,
        substance: text(fields, cols, 'substance'),
        massG: mass as string | null,
        description: text(fields, cols, 'description'),
        personId: text(fields, cols, 'person_id'),
        evidenceId: ctx.evidenceId,
        locator: `row:${ctx.line}`,
      },
    };
  },
};

export const FX_RATES: CanonicalSpec = {
  format: 'fx-rates-csv',
  fileName: 'fx-rates.csv',
  table: 'fx_rates',
  required: ['date', 'currency', 'usd_per_unit'],
  optional: [],
  build(fields, cols, ctx) {
    const date = readDate(get(fields, cols, 'date'));
    const currency = readCurrency(get(fields, cols, 'currency'));
    const rate = readPositiveDecimal(get(fields, cols, 'usd_per_unit'), 'usd_per_unit');
    const err = firstError(date, currency, rate);
    if (err) return err;
    if (/^[0.]+$/.test(rate as string)) return { error: 'usd_per_unit is zero' };
    return {
      table: 'fx_rates',
      row: {
        date: date as string,
        currency: currency as string,
        usdPerUnit: rate as string,
        evidenceId: ctx.evidenceId,
        locator: `row:${ctx.line}`,
      },
    };
  },
};

export const CANONICAL_SPECS: readonly CanonicalSpec[] = [
  TRANSFERS,
  HOLDERS,
  EXCHANGES,
  EXCHANGE_ORDERS,
  PERSONS,
  SEIZURES,
  FX_RATES,
];
