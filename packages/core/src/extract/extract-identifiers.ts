import { countrySpecs } from 'ibantools';
import { normalizeBtc } from '../identifiers/normalize-btc.ts';
import { normalizeCard } from '../identifiers/normalize-card.ts';
import { normalizeEmail } from '../identifiers/normalize-email.ts';
import { normalizeEth } from '../identifiers/normalize-eth.ts';
import { normalizeIban } from '../identifiers/normalize-iban.ts';
import { normalizePhone } from '../identifiers/normalize-phone.ts';
import { normalizeTelegram, telegramPhoneLink } from '../identifiers/normalize-telegram.ts';
import { normalizeTron } from '../identifiers/normalize-tron.ts';
import { normalizeUrl } from '../identifiers/normalize-url.ts';
import { parseIin } from '../identifiers/parse-iin.ts';
import { coordinatesFromMapUrl, dmsToDecimal, geoId, isLatLon } from './coordinates.ts';
import { isValidOnionV3 } from './onion.ts';

export type ExtractionKind =
  | 'card'
  | 'iban'
  | 'phone'
  | 'tron'
  | 'btc'
  | 'eth'
  | 'tg'
  | 'url'
  | 'onion'
  | 'coordinates'
  | 'iin'
  | 'email';

export interface Extraction {
  kind: ExtractionKind;
  /** The text as written. */
  raw: string;
  /** UTF-16 offsets into the text, end exclusive. */
  start: number;
  end: number;
  /** CONTRACT §2 form (`card:…`, `tg:@shop_bot`), `geo:<lat>,<lon>` for coordinates, the URL for links; null when it failed validation. */
  identifier: string | null;
  /** Passed its checksum / parser. */
  validated: boolean;
}

// Precompiled once; every scanner is a global regex driven by exec() from lastIndex 0.
const EMAIL_RE =
  /(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,24}(?![\w-])/g;
const TLDS =
  'onion|com|ru|kz|uz|kg|tj|by|ua|me|org|net|io|su|info|biz|xyz|top|shop|site|online|store|link|app|cc|co|to|ws|gl|ly|tk|pro|club|live|space|world|tech|dev|gg|am|az|ge|tm|de|cn|tr|ae|eu|us|uk';
/**
 * An apostrophe may sit inside a link (Google's dropped-pin `/place/42°20'30.1"N…` keeps it unencoded); a
 * link opened right after one ends at the next (`'https://a.kz','https://b.kz'`), see extractLinks.
 */
const URL_RE = new RegExp(
  `(?:\\bhttps?:\\/\\/|\\bwww\\.)[^\\s<>"«»]+|(?<![\\w.@/-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+(?:${TLDS})(?![\\w-])(?::\\d{2,5})?(?:[/?#][^\\s<>"«»]*)?`,
  'gi',
);
const TRON_RE = /(?<![\w])T[1-9A-HJ-NP-Za-km-z]{33}(?![\w])/g;
const BTC_RE =
  /(?<![\w])(?:[13][1-9A-HJ-NP-Za-km-z]{25,34}|bc1[02-9ac-hj-np-z]{6,87}|BC1[02-9AC-HJ-NP-Z]{6,87})(?![\w])/g;
const ETH_RE = /(?<![\w])0x[0-9a-fA-F]{40}(?![\w])/g;
/** Any case (`kz86 125k …`); candidates not all upper case are kept only when they validate (extractIbans). */
const IBAN_RE = /(?<![\w])[A-Za-z]{2}\d{2}(?:[ \u00a0]?[A-Za-z0-9]){10,30}(?![\w])/g;
const MASK = '[*XxХх•●·]';
const CARD_RE = new RegExp(
  [
    `\\d{13,19}`,
    `\\d{4}([ \\-\\u00a0])[\\d*XxХх•●·]{4}\\1[\\d*XxХх•●·]{4}\\1\\d{4}(?:\\1\\d{1,3})?`,
    `\\d{4,6}${MASK}{2,9}\\d{4}`,
    // The mask run crossing the groups: `4400•••• ••••1234`, `4400 43**-****1234`, `4400 43** **** 1234`.
    `\\d{4}(?:[ \\-\\u00a0]?\\d{2})?${MASK}[*XxХх•●· \\-\\u00a0]{1,14}\\d{4}`,
  ]
    .map((p) => `(?:${p})`)
    .join('|')
    .replace(/^/, '(?<![\\w+\\-])(?<!\\d\\.)(?:')
    .concat(')(?![\\w\\-]|[./]\\d|,\\d{1,2}(?!\\d))'),
  'g',
);
const IIN_RE = /(?<![\w+\-/])(?<!\d\.)\d{12}(?![\w-]|[./]\d|,\d{1,2}(?!\d))/g;
// `8 10` before the number: dialled out of Russia or Kazakhstan. Its own alternative, so that the run after it stays
// as short as a phone: a longer run would swallow two numbers written one after the other (`87015554433 87025554433`).
const PHONE_RE =
  /(?<![\w+\-/#№])(?<!\d\.)(?:\+[\s\u00a0]?|\(?8[\s\u00a0-]?10[\s\u00a0-]?)?\(?\d[\d\s\u00a0()-]{8,18}\d(?![\w-]|[.:/]\d|,\d{1,2}(?!\d))/g;
/**
 * Decimal pair, `.` or `,` decimals (`42.3417, 69.5901`, `42,3417 69,5901`), each number optionally followed by its
 * hemisphere: a letter (N/S/E/W, С/Ю/В/З) or the Russian abbreviation (`с.ш.`, `ю. ш.`, `в.д.`, `з.д.`).
 * Groups: 1 lat, 2 its letter, 3 its abbreviation's letter, 4 the separator, 5 lon, 6 its letter, 7 its abbreviation's.
 */
const COORD_RE =
  /(?<![\w.,-])(-?\d{1,2}[.,]\d{4,10})°?(?:\s?([NSСЮ])|\s?([сСюЮ])\.\s?ш\.?)?(\s*[,;]\s*|\s+)(-?\d{1,3}[.,]\d{4,10})°?(?:\s?([EWВЗ])|\s?([вВзЗ])\.\s?д\.?)?(?![\w.]|,\d)/g;
/** Decimal pair with the hemisphere letters first: `N42.3417 E69.5901`, `N 42.3417, E 69.5901`, `С 42.3417 В 69.5901`. */
const COORD_PREFIX_RE =
  /(?<![\wА-яЁё])([NSСЮ])\s?(\d{1,2}[.,]\d{4,10})°?(?:\s*[,;]\s*|\s+)([EWВЗ])\s?(\d{1,3}[.,]\d{4,10})°?(?![\w.]|,\d)/g;
const ANGLE = `(\\d{1,3}(?:[.,]\\d+)?)°\\s*(?:(\\d{1,2}(?:[.,]\\d+)?)\\s*['′’]\\s*(?:(\\d{1,2}(?:[.,]\\d+)?)\\s*(?:["″”]|'')?)?)?`;
/** DMS or degrees + decimal minutes, hemisphere letter after (`43°17'50.3"N`) or before (`N 43°17.838'`). */
const DMS_RE = new RegExp(
  `${ANGLE}\\s*([NSСЮ])[\\s,;]*${ANGLE}\\s*([EWВЗ])|([NSСЮ])\\s*${ANGLE}[\\s,;]*([EWВЗ])\\s*${ANGLE}`,
  'g',
);
/**
 * For SQL (RE2, as DuckDB's `regexp_matches`): a necessary condition for `extractIdentifiers` to find a card, an
 * IBAN or a phone in a text: each alternative is one of CARD_RE, IBAN_RE and PHONE_RE with its look-arounds and
 * back-reference dropped and its repeats cut short, so it matches wherever they do (and more often), plus the
 * WhatsApp hosts whose links name a phone. JS `\s` is
 * written out (RE2's `\s` is ASCII only). The bulk bank path leaves a description without a match out of the
 * counterparty look-up: no card, IBAN or phone can come from it. Tested against the JS scanners in
 * store-duckdb's bank-bulk-candidates.test.ts.
 */
const JS_SPACE =
  '\\t\\n\\v\\f\\r \\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}\\x{feff}';
const SQL_MASK = '[*XxХх•●·]';
export const ACCOUNT_CANDIDATE_RE2 = [
  '[0-9]{13}',
  `[0-9]{4}[ \\-\\x{a0}][0-9*XxХх•●·]{4}[ \\-\\x{a0}][0-9*XxХх•●·]{4}[ \\-\\x{a0}][0-9]{4}`,
  `[0-9]{4}(?:[ \\-\\x{a0}]?[0-9]{2})?${SQL_MASK}`,
  '(?i:[A-Z]{2}[0-9]{2}(?:[ \\x{a0}]?[A-Z0-9]){10})',
  `[0-9][0-9${JS_SPACE}()\\-]{8}[0-9${JS_SPACE}()\\-]*[0-9]`,
  // WhatsApp links name a phone of any length (extractLinks).
  '(?i:wa\\.me|whatsapp\\.com)',
].join('|');

/** `tg://` deep links (resolve, join, user, privatepost …); which of them name someone decides extractTgLinks. */
const TG_DEEP_RE = /(?<![\w./-])tg:\/\/[a-z_]+\?[\w=&%+.~-]+/gi;

const HANDLE_RE = /(?<![\w@./])@([A-Za-z][A-Za-z0-9_]{4,31})(?![\w@])/g;

/** Words that make a number a price, an order or a document, not a phone (checked right next to it). */
const AFTER_NOT_PHONE = /^\s*(?:₸|тг|тенге|теңге|kzt|₽|руб|р\.|rub|\$|usd|usdt|сум|сом|uzs|kgs|tjs|€|eur)/i;
const BEFORE_NOT_PHONE =
  /(?:№|#|(?:^|[^a-zа-яё])(?:заказ|order|id|инн|иин|бин|сч[её]т|acc|invoice|чек|ttn|трек|накладн)[a-zа-яё]*)[\s:.-]*$/i;
/**
 * Around a decimal pair with no hemisphere written: a currency or asset sign or code right before the first number
 * or right after the second makes the pair two amounts (`0.0015, 0.0025 BTC`, `USDT 10.5000, 20.2500`).
 */
const UNIT =
  '(?:₸|₽|\\$|€|£|¥|₿|%|тг|тенге|теңге|руб|р\\.|долл|бакс|евро|юан|сум|сўм|сом|kzt|rub|rur|usd|usdt|usdc|eur|cny|uzs|kgs|tjs|btc|eth|trx|bnb|ltc|xmr|ton|busd|dai)';
const UNIT_AFTER_NUMBER = new RegExp(`^[ \\t\\u00a0]*${UNIT}(?![a-zа-яёңў])`, 'i');
const UNIT_BEFORE_NUMBER = new RegExp(`(?<![a-zа-яёңў])${UNIT}[ \\t\\u00a0]*[:=]?[ \\t\\u00a0]*$`, 'i');
/**
 * A word that introduces rates or amounts earlier in the clause (`Курсы на сегодня: 12.3456, 45.6789`, `цена`,
 * `сумма`, `баланс`). Payment events are not among them: a shop's bot answers "Оплата получена ✅" or
 * "To'lov tasdiqlandi ✅" with the point itself.
 */
const MONEY_CLAUSE =
  /(?:^|[^a-zа-яё])(?:курс|котировк|цен[аыуе]|стоимост|сумм|баланс|комисс|итого|остаток|бағам|сомасы|narx|kurs|(?:price|rate|amount|total|balance|fee|sum)(?![a-z]))/i;
/** A place word in the same clause keeps the pair a point even after such a word (`цена 5000, клад тут 42.34, 69.59`). */
const PLACE_CLAUSE =
  /клад|тайник|прикоп|координат|коорд|точк|локац|геолок|адрес|мекенжай|широт|долгот|магнит|мест[оеа](?![а-яё])|(?<![a-z])(?:gps|coord|locat|lat|lon|pin|address|manzil|magnit|magnet|prikop)/i;
/**
 * Coordinate-like numbers (4 decimals or more) run together on the line before or after a pair (`12.3456, 45.6789,
 * 78.9012`); a weight or price with fewer decimals (`0.5, 40.55829, 70.88785`) is not one of them.
 */
const NUMBERS_BEFORE = /(?:(?<!\d|\d[.,])-?\d+[.,]\d{4,}(?!\d|[.,]\d)[ \t\u00a0]*[,;]?[ \t\u00a0]*)+$/;
const NUMBERS_AFTER = /^(?:[ \t\u00a0]*[,;]?[ \t\u00a0]*-?\d+[.,]\d{4,}(?!\d|[.,]\d))+/;
const DECIMAL = /\d+[.,]\d{4,}/g;
/** What is left of a window cut through a run of numbers. */
const NUMBER_CHARS = /^[\d.,;\t \u00a0-]*$/;

const WA_HOST = /^(?:wa\.me|(?:api|web)\.whatsapp\.com)$/i;
const TG_HOST = /^(?:www\.)?(?:t\.me|telegram\.me|telegram\.dog)$/i;

/**
 * Checksums and phone metadata cost microseconds; chats repeat the same wallet, card and phone over and
 * over, so results are memoised (bounded: the map is dropped when full, results are pure).
 */
const MEMO = new Map<string, { ok: boolean; id: string | null }>();
const MEMO_LIMIT = 8192;

function memo(
  key: string,
  f: () => { ok: true; id: string } | { ok: false; reason: string },
): { ok: boolean; id: string | null } {
  let hit = MEMO.get(key);
  if (!hit) {
    const r = f();
    hit = r.ok ? { ok: true, id: r.id } : { ok: false, id: null };
    if (MEMO.size >= MEMO_LIMIT) MEMO.clear();
    MEMO.set(key, hit);
  }
  return hit;
}

interface Scan {
  digits: number;
  /** Longest run of consecutive digits. */
  digitRun: number;
  /** Runs of four or more digits (every card form has two: first and last group, or one long run). */
  runs4: number;
  /** Longest run of ASCII letters and digits. */
  longestWord: number;
  at: boolean;
  /** A `.` directly followed by an ASCII letter (domains). */
  dotLetter: boolean;
  /** A `.` or `,` followed by at least 4 digits (decimal coordinates). */
  fraction4: boolean;
  /** `tg:/` (a `tg://` deep link). */
  colonSlash: boolean;
  /** Two ASCII letters directly followed by a digit (IBAN country code + check digits, any case). */
  lettersDigit: boolean;
  degree: boolean;
}

/** One pass of cheap statistics that decide which scanners can possibly match. */
function scan(text: string): Scan {
  let digits = 0;
  let digitRun = 0;
  let runs4 = 0;
  let dRun = 0;
  let run = 0;
  let longestWord = 0;
  let at = false;
  let dotLetter = false;
  let fraction4 = false;
  let afterDot = false;
  let lettersDigit = false;
  let letters = 0;
  let degree = false;
  let colonSlash = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      digits++;
      run++;
      if (++dRun > digitRun) digitRun = dRun;
      if (dRun === 4) runs4++;
      if (afterDot && dRun >= 4) fraction4 = true;
      if (letters >= 2) lettersDigit = true;
      letters = 0;
      continue;
    }
    if (dRun > 0) afterDot = false;
    dRun = 0;
    const lower = c | 32;
    if (lower >= 97 && lower <= 122) {
      run++;
      letters++;
      continue;
    }
    letters = 0;
    afterDot = false;
    if (run > longestWord) longestWord = run;
    run = 0;
    if (c === 64) at = true;
    else if (c === 46) {
      const n = text.charCodeAt(i + 1) | 32;
      if (n >= 97 && n <= 122) dotLetter = true;
      afterDot = true;
    } else if (c === 44) afterDot = true;
    else if (c === 176) degree = true;
    // `tg:/` (a deep link), not every `https://` or `:/`: only it sends the text to extractTgLinks.
    else if (
      c === 58 &&
      text.charCodeAt(i + 1) === 47 &&
      i >= 2 &&
      (text.charCodeAt(i - 1) | 32) === 103 &&
      (text.charCodeAt(i - 2) | 32) === 116
    )
      colonSlash = true;
  }
  if (run > longestWord) longestWord = run;
  return { digits, digitRun, runs4, longestWord, at, dotLetter, fraction4, colonSlash, lettersDigit, degree };
}

/** Non-overlapping ranges kept sorted by start, so each check is a binary search (long pasted lists). */
class RangeSet {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  /** Index of the first range whose start is ≥ `start`. */
  private lowerBound(start: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! < start) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  overlaps(start: number, end: number): boolean {
    const i = this.lowerBound(start);
    if (i > 0 && this.ends[i - 1]! > start) return true;
    return i < this.starts.length && this.starts[i]! < end;
  }

  add(start: number, end: number): void {
    const i = this.lowerBound(start);
    this.starts.splice(i, 0, start);
    this.ends.splice(i, 0, end);
  }
}

class Collector {
  readonly out: Extraction[] = [];
  private readonly links = new RangeSet();
  private readonly tokens = new RangeSet();

  /** Links and e-mails: the outer layer. */
  link(x: Extraction): void {
    if (this.links.overlaps(x.start, x.end)) return;
    this.links.add(x.start, x.end);
    this.out.push(x);
  }

  /** Same span as a link (coordinates of a map link). */
  alongside(x: Extraction): void {
    this.out.push(x);
  }

  /** Tokens: never overlap each other; only crypto addresses may sit inside links (explorer URLs). */
  token(x: Extraction, insideLinks = false): boolean {
    if (this.tokens.overlaps(x.start, x.end)) return false;
    if (!insideLinks && this.links.overlaps(x.start, x.end)) return false;
    this.tokens.add(x.start, x.end);
    this.out.push(x);
    return true;
  }

  free(start: number, end: number): boolean {
    return !this.tokens.overlaps(start, end) && !this.links.overlaps(start, end);
  }
}

function make(
  kind: ExtractionKind,
  raw: string,
  start: number,
  identifier: string | null,
  validated: boolean,
): Extraction {
  return { kind, raw, start, end: start + raw.length, identifier, validated };
}

const TRAILING = /[.,;:!?…)\]}»"'”]+$/;

function extractLinks(text: string, c: Collector, withEmail: boolean): void {
  if (withEmail) {
    EMAIL_RE.lastIndex = 0;
    for (let m = EMAIL_RE.exec(text); m; m = EMAIL_RE.exec(text)) {
      const r = normalizeEmail(m[0]);
      c.link(make('email', m[0], m.index, r.ok ? r.id : null, r.ok));
    }
  }
  URL_RE.lastIndex = 0;
  for (let m = URL_RE.exec(text); m; m = URL_RE.exec(text)) {
    let raw = m[0];
    // A link opened right after an apostrophe is quoted with it: it ends at the next one.
    const quote = m.index > 0 && text.charCodeAt(m.index - 1) === 39 ? raw.indexOf("'") : -1;
    if (quote >= 0) {
      raw = raw.slice(0, quote);
      URL_RE.lastIndex = m.index + quote + 1;
    }
    // Trailing punctuation belongs to the sentence, unless it closes a bracket opened inside the URL.
    const trail = TRAILING.exec(raw);
    if (trail) {
      let cut = trail[0].length;
      if (trail[0].startsWith(')') && raw.includes('(')) cut = trail[0].length - 1;
      if (cut > 0) raw = raw.slice(0, raw.length - cut);
    }
    const start = m.index;
    const hostMatch = /^(?:https?:\/\/)?([^/?#:\s]+)/i.exec(raw);
    const host = (hostMatch?.[1] ?? '').toLowerCase();
    const rest = raw.slice(hostMatch?.[0].length ?? 0);
    if (TG_HOST.test(host)) {
      // `t.me/+77011234567` opens a chat with that phone number: the phone, not an invite.
      if (rest.startsWith('/+') && tgPhoneLink(raw, start, c)) continue;
      const r = normalizeTelegram(raw);
      if (r.ok) {
        c.link(make('tg', raw, start, r.id, true));
        continue;
      }
    }
    const url = normalizeUrl(raw);
    if (host.endsWith('.onion')) {
      const label = host.slice(0, -6).split('.').pop() ?? '';
      // Only v3 hosts (56 characters) carry a checksum; a v2 host (16, no checksum, dead since 2021) passes none.
      const valid = isValidOnionV3(label);
      // Failing the checksum, it has no identifier (a typo'd or forged mirror is not that site).
      c.link(make('onion', raw, start, valid && url.ok ? url.id : null, valid && url.ok));
      continue;
    }
    c.link(make('url', raw, start, url.ok ? url.id : null, url.ok));
    // WhatsApp click-to-chat links name the phone: wa.me/<number>, api.whatsapp.com/send?phone=<number>.
    const wa = WA_HOST.test(host) ? /^\/\+?(\d{7,15})|[?&]phone=\+?(\d{7,15})/.exec(rest) : null;
    if (wa) {
      const phone = memo(`phone ${wa[1] ?? wa[2]}+`, () => normalizePhone(`+${wa[1] ?? wa[2]}`));
      if (phone.ok) c.alongside(make('phone', raw, start, phone.id, true));
    }
    const point = coordinatesFromMapUrl(host, rest);
    if (point) c.alongside(make('coordinates', raw, start, geoId(point.lat, point.lon), true));
  }
}

/** A Telegram phone link (`t.me/+<digits>`, `tg://resolve?phone=`) as a phone with the link's span. */
function tgPhoneLink(raw: string, start: number, c: Collector): boolean {
  const phone = telegramPhoneLink(raw);
  if (phone === undefined) return false;
  const r = memo(`phone ${phone.slice(1)}+`, () => normalizePhone(phone));
  c.link(make('phone', raw, start, r.id, r.ok));
  return true;
}

/**
 * `tg://` deep links: `resolve?domain=` → `tg:@…`, `join?invite=` → `tg:invite:…`, `user?id=` and
 * `privatepost?channel=` → `tg:user:`/`tg:chat:`, `resolve?phone=` → the phone. One of these kinds that names no
 * valid id is reported without an identifier; other `tg://` links (settings, stickers…) name no one.
 */
function extractTgLinks(text: string, c: Collector): void {
  TG_DEEP_RE.lastIndex = 0;
  for (let m = TG_DEEP_RE.exec(text); m; m = TG_DEEP_RE.exec(text)) {
    let raw = m[0];
    const trail = TRAILING.exec(raw);
    if (trail) raw = raw.slice(0, raw.length - trail[0].length);
    if (tgPhoneLink(raw, m.index, c)) continue;
    const r = normalizeTelegram(raw);
    if (r.ok) c.link(make('tg', raw, m.index, r.id, true));
    else if (/^tg:\/\/(?:resolve|join|user|privatepost)\?/i.test(raw))
      c.link(make('tg', raw, m.index, null, false));
  }
}

function extractCrypto(text: string, c: Collector): void {
  TRON_RE.lastIndex = 0;
  for (let m = TRON_RE.exec(text); m; m = TRON_RE.exec(text)) {
    const r = memo(`tron ${m[0]}`, () => normalizeTron(m[0]));
    c.token(make('tron', m[0], m.index, r.id, r.ok), true);
  }
  ETH_RE.lastIndex = 0;
  for (let m = ETH_RE.exec(text); m; m = ETH_RE.exec(text)) {
    const r = memo(`eth ${m[0]}`, () => normalizeEth(m[0]));
    c.token(make('eth', m[0], m.index, r.id, r.ok), true);
  }
  BTC_RE.lastIndex = 0;
  for (let m = BTC_RE.exec(text); m; m = BTC_RE.exec(text)) {
    const raw = m[0];
    const r = memo(`btc ${raw}`, () => normalizeBtc(raw));
    // A failed base58 candidate is only worth showing when it has an address's mix of characters.
    const looksLikeAddress =
      /^bc1/i.test(raw) || (/[a-z]/.test(raw) && /[A-Z]/.test(raw) && /\d.*\d/.test(raw));
    if (r.ok || looksLikeAddress) c.token(make('btc', raw, m.index, r.id, r.ok), true);
  }
}

function extractIbans(text: string, c: Collector): void {
  IBAN_RE.lastIndex = 0;
  for (let m = IBAN_RE.exec(text); m; m = IBAN_RE.exec(text)) {
    let raw = m[0].trimEnd();
    if (!(raw.slice(0, 2).toUpperCase() in countrySpecs)) continue;
    let r = normalizeIban(raw);
    // Spaced IBANs can swallow the next word ("KZ86 125K ZT50 0410 0100 ABC", "… 0100 order"): retry shorter.
    while (!r.ok && /[ \u00a0][A-Za-z0-9]+$/.test(raw)) {
      raw = raw.replace(/[ \u00a0][A-Za-z0-9]+$/, '');
      r = normalizeIban(raw);
    }
    if (!r.ok) {
      // Lower or mixed case failing mod-97 is a word or a code, not a mistyped IBAN; a word after the candidate
      // (`… 0199 now`) is no part of it.
      raw = m[0].trimEnd().replace(/(?:[ \u00a0][A-Za-z0-9]*[a-z][A-Za-z0-9]*)+$/, '');
      if (/[a-z]/.test(raw)) continue;
    }
    c.token(make('iban', raw, m.index, r.ok ? r.id : null, r.ok));
  }
}

/**
 * Issuer prefixes of cards seen in evidence (Mir 2, Visa 4, Mastercard 2/5, Maestro 5/6, UnionPay 62,
 * Amex 34/37, Diners 30/36/38, JCB 35): in free text, where one in ten random digit runs passes Luhn,
 * a run outside them is an order or document number.
 */
function looksLikePan(digits: string): boolean {
  const n = digits.length;
  const first = digits.charCodeAt(0) - 48;
  if (n >= 16) return first >= 2 && first <= 6;
  if (n === 15) return digits.startsWith('34') || digits.startsWith('37');
  if (n === 14) return /^3[068]/.test(digits);
  return n === 13 && first === 4;
}

function extractCards(text: string, c: Collector): void {
  CARD_RE.lastIndex = 0;
  for (let m = CARD_RE.exec(text); m; m = CARD_RE.exec(text)) {
    let raw = m[0];
    const masked = /[*XxХх•●·]/.test(raw);
    if (!masked && !looksLikePan(raw.replace(/\D/g, ''))) continue;
    let r = normalizeCard(raw);
    // "4400 4301 2345 6789 100 тг": the fifth group was the amount, not digits 17–19 of the card.
    if (!r.ok && /^\d{4}([ \-\u00a0])(?:\d{4}\1){3}\d{1,3}$/.test(raw)) {
      const four = raw.slice(0, 19);
      const shorter = normalizeCard(four);
      if (shorter.ok) {
        raw = four;
        r = shorter;
      }
    }
    if (r.ok) {
      c.token(make('card', raw, m.index, r.id, true));
    } else if (!masked && /[\s\-\u00a0]/.test(raw)) {
      // Grouped like a card but fails Luhn: reported, never as `card:`. Bare digit runs are order ids.
      c.token(make('card', raw, m.index, null, false));
    }
  }
}

function extractIins(text: string, c: Collector): void {
  IIN_RE.lastIndex = 0;
  for (let m = IIN_RE.exec(text); m; m = IIN_RE.exec(text)) {
    if (parseIin(m[0]).valid) c.token(make('iin', m[0], m.index, `iin:${m[0]}`, true));
  }
}

function extractPhones(text: string, c: Collector): void {
  PHONE_RE.lastIndex = 0;
  for (let m = PHONE_RE.exec(text); m; m = PHONE_RE.exec(text)) {
    let raw = m[0];
    let start = m.index;
    // Unbalanced leading "(" is punctuation around the number.
    if (raw.startsWith('(') && raw.indexOf(')') < 0) {
      raw = raw.slice(1);
      start++;
    }
    raw = raw.replace(/[\s\u00a0(-]+$/, '');
    if (/\s{2,}|\n/.test(raw) || !c.free(start, start + raw.length)) continue;
    let digits = raw.replace(/\D/g, '');
    const plus = raw.startsWith('+');
    if (!plus) {
      if (!nationalPhone(digits, raw)) {
        // Two numbers written one after the other (`8 701 555 44 33 8 702 555 44 33`): the first whole number in the
        // run, and the rest scanned again.
        const first = digits.length > 11 ? firstNationalPhone(raw) : undefined;
        if (first === undefined) continue;
        PHONE_RE.lastIndex = start + first.length;
        raw = first;
        digits = raw.replace(/\D/g, '');
      }
      // A plain run of digits grouped in threes is an amount ("80 000 000 000").
      if (/^\d{1,3}(?:[\s\u00a0]\d{3})+$/.test(raw)) continue;
    }
    if (AFTER_NOT_PHONE.test(text.slice(start + raw.length, start + raw.length + 8))) continue;
    if (BEFORE_NOT_PHONE.test(text.slice(Math.max(0, start - 16), start))) continue;
    const r = memo(`phone ${digits}${plus ? '+' : ''}`, () => normalizePhone(raw));
    if (r.ok) c.token(make('phone', raw, start, r.id, true));
  }
}

/** Digits of a number written without `+` that read as one phone number of the region. */
function nationalPhone(digits: string, raw: string): boolean {
  return (
    (digits.length === 11 && (digits[0] === '8' || digits[0] === '7')) ||
    /^99[2-8]\d{9}$/.test(digits) ||
    // Dialled out of Russia or Kazakhstan, written with separators (`8 10 998 90 123 45 67`).
    (/^810[1-9]\d{9,12}$/.test(digits) && /[\s\-()]/.test(raw)) ||
    // Ten digits grouped (`701 555 44 33`).
    (digits.length === 10 && /^[79]/.test(digits) && /[\s\-()]/.test(raw))
  );
}

/** The shortest start of a run, ending before a space, that is one whole number (`nationalPhone`). */
function firstNationalPhone(raw: string): string | undefined {
  for (let i = raw.indexOf(' '); i > 0; i = raw.indexOf(' ', i + 1)) {
    const head = raw.slice(0, i);
    const digits = head.replace(/\D/g, '');
    if (digits.length >= 11 && nationalPhone(digits, head)) return head;
    if (digits.length > 12) return undefined;
  }
  return undefined;
}

/**
 * Where the clause ending `before` starts: after its last line break, or `.` `!` `?` `,` `;` followed by a space
 * (`Оплата прошла, 42.3417, 69.5901`: the money word is not what introduces the numbers).
 */
function clauseStart(before: string): number {
  for (let i = before.length - 1; i >= 0; i--) {
    const ch = before.charCodeAt(i);
    if (ch === 10) return i + 1;
    if (ch !== 46 && ch !== 33 && ch !== 63 && ch !== 44 && ch !== 59) continue;
    const next = before.charCodeAt(i + 1);
    if (next === 32 || next === 10 || next === 9 || next === 160) return i + 1;
  }
  return 0;
}

/**
 * Whether a decimal pair written without hemispheres reads as a point rather than two amounts or rates: not both
 * within 1° of 0 (the sea off Africa, where amounts like `0.0015, 0.0025` land), no currency or asset next to it,
 * no rate or amount word earlier in its clause unless a place word is there too, and not one of an odd run of
 * numbers (`12.3456, 45.6789, 78.9012`: pairs come two by two).
 */
function readsAsPoint(text: string, start: number, end: number, lat: number, lon: number): boolean {
  if (Math.abs(lat) < 1 && Math.abs(lon) < 1) return false;
  if (UNIT_AFTER_NUMBER.test(text.slice(end, end + 8))) return false;
  const from = Math.max(0, start - 64);
  const before = text.slice(from, start);
  if (UNIT_BEFORE_NUMBER.test(before.slice(-8))) return false;
  const clause = before.slice(clauseStart(before));
  if (MONEY_CLAUSE.test(clause) && !PLACE_CLAUSE.test(clause)) return false;
  const prior = NUMBERS_BEFORE.exec(before);
  const after = text.slice(end, end + 64);
  const next = NUMBERS_AFTER.exec(after);
  // A run longer than the window (a pasted table) is left as it was read, two by two.
  if (
    (prior && from > 0 && NUMBER_CHARS.test(before.slice(0, prior.index))) ||
    (next && end + 64 < text.length && NUMBER_CHARS.test(after.slice(next[0].length)))
  )
    return true;
  const run = (prior ? prior[0].match(DECIMAL)!.length : 0) + (next ? next[0].match(DECIMAL)!.length : 0);
  return run % 2 === 0;
}

function extractCoordinates(text: string, c: Collector, decimal: boolean, dms: boolean): void {
  if (decimal) {
    COORD_RE.lastIndex = 0;
    for (let m = COORD_RE.exec(text); m; m = COORD_RE.exec(text)) {
      const a = m[1]!;
      const b = m[5]!;
      const comma = a.includes(',');
      // Both numbers use the same decimal mark; `42,3417,69,5901` cannot be read.
      if (comma !== b.includes(',') || (comma && !/\s/.test(m[4]!) && m[4]!.includes(','))) continue;
      let lat = Number(comma ? a.replace(',', '.') : a);
      let lon = Number(comma ? b.replace(',', '.') : b);
      const latHemisphere = m[2] ?? m[3];
      const lonHemisphere = m[6] ?? m[7];
      if (latHemisphere && /[SЮю]/.test(latHemisphere)) lat = -Math.abs(lat);
      if (lonHemisphere && /[WЗз]/.test(lonHemisphere)) lon = -Math.abs(lon);
      if (!isLatLon(lat, lon)) continue;
      const end = m.index + m[0].length;
      if (!latHemisphere && !lonHemisphere && !readsAsPoint(text, m.index, end, lat, lon)) continue;
      c.token(make('coordinates', m[0], m.index, geoId(lat, lon), true));
    }
    COORD_PREFIX_RE.lastIndex = 0;
    for (let m = COORD_PREFIX_RE.exec(text); m; m = COORD_PREFIX_RE.exec(text)) {
      const la = Number(m[2]!.replace(',', '.'));
      const lo = Number(m[4]!.replace(',', '.'));
      const lat = /[SЮ]/.test(m[1]!) ? -la : la;
      const lon = /[WЗ]/.test(m[3]!) ? -lo : lo;
      if (!isLatLon(lat, lon)) continue;
      c.token(make('coordinates', m[0], m.index, geoId(lat, lon), true));
    }
  }
  if (dms) {
    DMS_RE.lastIndex = 0;
    for (let m = DMS_RE.exec(text); m; m = DMS_RE.exec(text)) {
      const suffix = m[4] !== undefined;
      const lat = suffix ? dmsToDecimal(m[1]!, m[2], m[3], m[4]!) : dmsToDecimal(m[10]!, m[11], m[12], m[9]!);
      const lon = suffix
        ? dmsToDecimal(m[5]!, m[6], m[7], m[8]!)
        : dmsToDecimal(m[14]!, m[15], m[16], m[13]!);
      if (lat === undefined || lon === undefined || !isLatLon(lat, lon)) continue;
      c.token(make('coordinates', m[0], m.index, geoId(lat, lon), true));
    }
  }
}

function extractHandles(text: string, c: Collector): void {
  HANDLE_RE.lastIndex = 0;
  for (let m = HANDLE_RE.exec(text); m; m = HANDLE_RE.exec(text)) {
    c.token(make('tg', m[0], m.index, `tg:@${m[1]!.toLowerCase()}`, true));
  }
}

/**
 * Identifiers in free text (messages, payment references, descriptions), in order of appearance.
 * Cheap character statistics decide which scanners run, so ordinary chat text costs one pass.
 * Rules (docs/identifiers.md): a digit run failing Luhn is never `card:` (grouped like a card it is
 * reported with `validated: false`); phones must look like phones (`+…`, `8…`/`7…` with 11 digits,
 * `99x…` with 12) and are skipped next to currency words, `№`/`#`/"заказ", dates and times.
 */
export function extractIdentifiers(text: string): Extraction[] {
  const s = scan(text);
  const digitScanners = s.digits >= 8 || s.fraction4;
  if (!s.dotLetter && !s.at && !s.degree && !s.colonSlash && s.longestWord < 25 && !digitScanners) return [];
  const c = new Collector();
  if (s.colonSlash) extractTgLinks(text, c);
  if (s.dotLetter) extractLinks(text, c, s.at);
  if (s.longestWord >= 25) extractCrypto(text, c);
  if (s.lettersDigit && s.digits >= 10) extractIbans(text, c);
  if ((s.runs4 >= 2 || s.digitRun >= 13) && s.digits >= 8) extractCards(text, c);
  if (s.digitRun >= 12) extractIins(text, c);
  if (s.digits >= 10) extractPhones(text, c);
  if (s.fraction4 || s.degree) extractCoordinates(text, c, s.fraction4, s.degree);
  if (s.at) extractHandles(text, c);
  return c.out.sort((a, b) => a.start - b.start || a.end - b.end);
}
