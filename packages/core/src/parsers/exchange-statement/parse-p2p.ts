import { normalizeExchangeAccount } from '../../identifiers/index.ts';
import { normalizeCurrency } from '../../money/index.ts';
import type { ExchangeOrderRow } from '../../model/tables.ts';
import { decodeAuto, readCsvRecords, UNDECODED_ROW } from '../../text/index.ts';
import { isError } from '../canonical-csv/values.ts';
import { issueFor, type ParseContext, type ParseItem } from '../parser.ts';
import { readChainAmount } from '../tron-csv/chain-amount.ts';

const key = (h: string) =>
  h
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, ' ');

/**
 * Header names of a P2P order history: Binance's "P2P order history" download (`Order Number, Order Type,
 * Asset Type, Fiat Type, Total Price, Price, Quantity, …, Couterparty, Status, Created Time` — the typo is
 * Binance's) and the field names of its C2C API (`orderNumber, tradeType, asset, fiat, totalPrice,
 * unitPrice, amount, counterPartNickName, orderStatus, createTime`) when a response was flattened to CSV;
 * the generic names other exchanges use for the same columns.
 */
const ALIASES: Record<string, readonly string[]> = {
  order: [
    'order number',
    'ordernumber',
    'order no',
    'order no.',
    'order id',
    'orderid',
    'номер ордера',
    'номер заказа',
  ],
  side: [
    'order type',
    'tradetype',
    'trade type',
    'side',
    'direction',
    'тип ордера',
    'тип заказа',
    'тип сделки',
  ],
  asset: [
    'asset type',
    'asset',
    'coin',
    'crypto',
    'cryptocurrency',
    'token',
    'тип актива',
    'актив',
    'монета',
    'криптовалюта',
  ],
  fiat: ['fiat type', 'fiat', 'fiat currency', 'currency', 'фиат', 'тип фиата', 'фиатная валюта', 'валюта'],
  total: [
    'total price',
    'totalprice',
    'fiat amount',
    'total amount',
    'total',
    'общая цена',
    'общая сумма',
    'сумма',
  ],
  price: ['price', 'unitprice', 'unit price', 'цена'],
  quantity: ['quantity', 'amount', 'crypto amount', 'coin amount', 'количество'],
  counterparty: [
    'couterparty',
    'counterparty',
    'counterpartnickname',
    'counter party',
    'counterparty nickname',
    'контрагент',
  ],
  status: ['status', 'orderstatus', 'order status', 'статус'],
  time: [
    'created time',
    'createtime',
    'create time',
    'created at',
    'time',
    'date',
    'date(utc)',
    'время создания',
    'дата создания',
    'дата',
    'время',
  ],
};

export function p2pColumns(header: readonly string[]): Record<string, number> | undefined {
  const h = header.map(key);
  const col: Record<string, number> = {};
  for (const [name, names] of Object.entries(ALIASES)) {
    col[name] = names.map((n) => h.indexOf(n)).find((i) => i >= 0) ?? -1;
  }
  const required = ['order', 'side', 'asset', 'fiat', 'total', 'quantity', 'time'];
  return required.every((k) => col[k]! >= 0) ? col : undefined;
}

const EXCHANGES = ['binance', 'bybit', 'okx', 'htx', 'huobi', 'kucoin', 'bitget', 'mexc', 'garantex'];

interface P2pMapping {
  exchange?: unknown;
  user?: unknown;
  timeZone?: unknown;
}

function zoneMinutes(tz: unknown): number | undefined {
  if (typeof tz !== 'string') return undefined;
  const t = tz.trim();
  if (t.toUpperCase() === 'UTC' || t === 'Z') return 0;
  const m = /^(?:UTC)?([+-])(\d{2}):?(\d{2})$/.exec(t);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : undefined;
}

/** Unix ms (API), `2024-03-05 14:22:10` or `05.03.2024 14:22` (spreadsheet re-save) at `offset` minutes. */
function orderTime(text: string, offset: number): string | undefined {
  const s = text.trim();
  if (/^\d{13}$/.test(s)) return new Date(Number(s)).toISOString();
  let y: number;
  let mo: number;
  let d: number;
  let rest: RegExpExecArray | null;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(s);
  const dotted = /^(\d{1,2})\.(\d{1,2})\.(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(s);
  if (iso) {
    [y, mo, d] = [+iso[1]!, +iso[2]!, +iso[3]!];
    rest = iso;
  } else if (dotted) {
    [y, mo, d] = [+dotted[3]!, +dotted[2]!, +dotted[1]!];
    rest = dotted;
  } else return undefined;
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  const t = Date.UTC(y, mo - 1, d, +rest[4]!, +rest[5]!, +(rest[6] ?? 0)) - offset * 60000;
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/**
 * P2P order history (Binance first; other exchanges' exports with the same columns): one
 * `exchange_orders` row per completed order, the file owner and the counterparty as buyer and seller by
 * the order type (`BUY`: the owner buys crypto and pays fiat). The export names neither the owner's user
 * id nor the cards used: the owner is `--mapping {"user": "<id>"}` or `unknown-<evidence prefix>`, and the
 * payment accounts stay empty until a statement links them. A masked counterparty nickname (`ab***`) is
 * no identifier and is left out; a full one becomes `exchange:<exchange>:nick:<nickname>`, a namespace
 * apart from numeric user ids. Orders not completed (cancelled, in appeal) moved nothing: counted in a
 * warning.
 */
export async function* parseP2pOrders(
  chunks: AsyncIterable<Uint8Array>,
  context: ParseContext,
): AsyncIterable<ParseItem> {
  const { evidenceId, fileName } = context;
  const issue = issueFor(evidenceId);
  const mapping = (context.mapping ?? {}) as P2pMapping;
  const named = EXCHANGES.find((e) => fileName.toLowerCase().includes(e));
  const exchange =
    typeof mapping.exchange === 'string' && mapping.exchange.trim()
      ? mapping.exchange.trim().toLowerCase()
      : named === 'huobi'
        ? 'htx'
        : (named ?? 'binance');
  const userText =
    typeof mapping.user === 'string' && mapping.user.trim()
      ? mapping.user.trim()
      : `unknown-${evidenceId.slice(0, 8)}`;
  const owner = normalizeExchangeAccount(exchange, userText);
  const offset = zoneMinutes(mapping.timeZone);
  let col: Record<string, number> | undefined;
  let width = 0;
  let decimalComma = false;
  const notDone = new Map<string, number>();
  const onDelimiter = (d: string) => {
    decimalComma = d === ';';
  };
  // Bytes the decoder could not read become U+FFFD: the rows that hold one are quarantined.
  const replaced = { value: false };
  for await (const rec of readCsvRecords(decodeAuto(chunks, { replaced }), { onDelimiter })) {
    if (!col) {
      col = p2pColumns(rec.fields);
      width = rec.fields.length;
      if (!col) {
        yield issue(
          'row:1',
          'error',
          `${fileName}: header is not a P2P order history (Order Number, Order Type, Asset Type, Fiat Type, Total Price, Quantity, Created Time)`,
          rec.raw,
        );
        return;
      }
      if (!owner.ok) {
        yield issue('file', 'error', `${fileName}: user "${userText}" from --mapping: ${owner.reason}`);
        return;
      }
      if (!named && typeof mapping.exchange !== 'string')
        yield issue(
          'file',
          'warning',
          `${fileName}: the file does not say which exchange it is from; taken as Binance (pass --mapping {"exchange":"bybit"} otherwise)`,
        );
      if (typeof mapping.user !== 'string')
        yield issue(
          'file',
          'warning',
          `${fileName}: a P2P order history does not name its owner; orders attached to ${owner.id} (pass --mapping {"user":"<user id>"} to name the account)`,
        );
      if (offset === undefined)
        yield issue(
          'file',
          'warning',
          `${fileName}: the order times have no zone; taken as UTC (pass --mapping {"timeZone":"+05:00"} if the history was downloaded in another zone)`,
        );
      continue;
    }
    const c = col;
    const f = (name: string) => (c[name]! >= 0 ? (rec.fields[c[name]!] ?? '').trim() : '');
    const fail = (reason: string) => issue(`row:${rec.line}`, 'quarantine', reason, rec.raw);
    if (rec.fields.length !== width) {
      yield fail(`row has ${rec.fields.length} fields, the header has ${width}`);
      continue;
    }
    if (replaced.value && rec.raw.includes('\uFFFD')) {
      yield fail(UNDECODED_ROW);
      continue;
    }
    const status = f('status');
    if (
      status &&
      !/^(completed?|success|finished|done|filled|завершен[оа]?|выполнен[оа]?|исполнен[оа]?)$/i.test(status)
    ) {
      notDone.set(status, (notDone.get(status) ?? 0) + 1);
      continue;
    }
    const orderId = f('order');
    if (orderId === '') {
      yield fail('order number is empty');
      continue;
    }
    const side = f('side').toUpperCase();
    const buy = /^(BUY|КУПИТЬ|ПОКУПКА)$/.test(side);
    if (!buy && !/^(SELL|ПРОДАТЬ|ПРОДАЖА)$/.test(side)) {
      yield fail(`order type "${f('side')}" is neither BUY nor SELL`);
      continue;
    }
    const timestamp = orderTime(f('time'), offset ?? 0);
    if (!timestamp) {
      yield fail(`created time "${f('time')}" is neither unix ms nor "YYYY-MM-DD hh:mm:ss"`);
      continue;
    }
    const fiatAmount = readChainAmount(f('total'), { decimalComma });
    const cryptoAmount = readChainAmount(f('quantity'), { decimalComma });
    if (isError(fiatAmount) || isError(cryptoAmount)) {
      yield fail(
        isError(fiatAmount)
          ? `total price: ${fiatAmount.error}`
          : `quantity: ${(cryptoAmount as { error: string }).error}`,
      );
      continue;
    }
    const fiat = normalizeCurrency(f('fiat')) ?? f('fiat').toUpperCase();
    const asset = f('asset').toUpperCase();
    const nick = f('counterparty').replace(/\s+/g, '_');
    const other = nick && !/[*•]/.test(nick) ? normalizeExchangeAccount(exchange, `nick:${nick}`) : undefined;
    const counterparty = other?.ok ? other.id : null;
    const row: ExchangeOrderRow = {
      evidenceId,
      locator: `row:${rec.line}`,
      exchange,
      orderId,
      timestamp,
      buyerUser: buy ? (owner.ok ? owner.id : null) : counterparty,
      sellerUser: buy ? counterparty : owner.ok ? owner.id : null,
      fiatAmount,
      fiatCurrency: fiat || null,
      cryptoAmount,
      asset: asset || null,
      paymentFrom: null,
      paymentTo: null,
    };
    yield { kind: 'record', record: { table: 'exchange_orders', row } };
  }
  if (notDone.size > 0) {
    const list = [...notDone].map(([s, n]) => `${s} ×${n}`).join(', ');
    yield issue(
      'file',
      'warning',
      `orders not completed moved nothing and were not stored: ${list.slice(0, 500)}`,
    );
  }
}
