/**
 * Valid synthetic identifiers: the parsers reject bad checksums, so every card passes Luhn, every IIN the
 * mod-11 rule, every IBAN mod-97 and every address its base58check / bech32 checksum.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bech32 } from 'bech32';
import type { Rng } from './prng.ts';

export function luhnCheckDigit(body: string): number {
  let sum = 0;
  let double = true;
  for (let i = body.length - 1; i >= 0; i--) {
    let d = body.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return (10 - (sum % 10)) % 10;
}

/** A 16-digit Luhn-valid card number starting with `bin` (6 digits). */
export function makeCard(rng: Rng, bin: string): string {
  const body = bin + rng.digits(15 - bin.length);
  return body + String(luhnCheckDigit(body));
}

const IIN_W1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const IIN_W2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

/** The mod-11 check digit of an 11-digit IIN/BIN body, or undefined when no valid number exists. */
export function iinCheckDigit(body: string): number | undefined {
  const sum = (w: number[]) => w.reduce((s, wi, i) => s + wi * (body.charCodeAt(i) - 48), 0) % 11;
  let c = sum(IIN_W1);
  if (c === 10) c = sum(IIN_W2);
  return c === 10 ? undefined : c;
}

/** IIN: YYMMDD + century/sex digit + 4-digit serial + check. `birthdate` is YYYY-MM-DD. */
export function makeIin(rng: Rng, birthdate: string, male: boolean): string {
  const year = Number(birthdate.slice(0, 4));
  const century = year >= 2000 ? (male ? 5 : 6) : male ? 3 : 4;
  const head = birthdate.slice(2, 4) + birthdate.slice(5, 7) + birthdate.slice(8, 10) + String(century);
  for (;;) {
    const body = head + rng.digits(4);
    const check = iinCheckDigit(body);
    if (check !== undefined) return body + String(check);
  }
}

/** BIN of a legal entity: YYMM + 4 (resident) + 0 (head unit) + 5-digit serial + check. */
export function makeBin(rng: Rng, yearMonth: string): string {
  for (;;) {
    const body = yearMonth.slice(2, 4) + yearMonth.slice(5, 7) + '40' + rng.digits(5);
    const check = iinCheckDigit(body);
    if (check !== undefined) return body + String(check);
  }
}

function mod97(digits: string): number {
  let r = 0;
  for (let i = 0; i < digits.length; i += 7) r = Number(String(r) + digits.slice(i, i + 7)) % 97;
  return r;
}

function ibanDigits(text: string): string {
  let out = '';
  for (const ch of text) out += /[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch;
  return out;
}

/** Kazakhstan IBAN: KZ + 2 check digits + 3-digit bank code + 13-character account (20 characters). */
export function makeKzIban(rng: Rng, bankCode: string): string {
  const bban = bankCode + rng.digits(13);
  const check = 98 - mod97(ibanDigits(`${bban}KZ00`));
  return `KZ${String(check).padStart(2, '0')}${bban}`;
}

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

export function base58(bytes: Uint8Array): string {
  let n = 0n;
  for (const b of bytes) n = n * 256n + BigInt(b);
  let s = '';
  while (n > 0n) {
    s = B58[Number(n % 58n)] + s;
    n /= 58n;
  }
  for (const b of bytes) {
    if (b !== 0) break;
    s = `1${s}`;
  }
  return s;
}

export function base58check(payload: Uint8Array): string {
  const check = sha256(sha256(payload)).slice(0, 4);
  const all = new Uint8Array(payload.length + 4);
  all.set(payload);
  all.set(check, payload.length);
  return base58(all);
}

/** TRON T-address: base58check of 0x41 + 20 bytes. */
export function makeTronAddress(rng: Rng): string {
  const payload = new Uint8Array(21);
  payload[0] = 0x41;
  payload.set(rng.bytes(20), 1);
  return base58check(payload);
}

/** TRON address in hex form (41…), as TronGrid writes owner/contract addresses inside `raw_data`. */
export function tronHex(address: string): string {
  let n = 0n;
  for (const ch of address) n = n * 58n + BigInt(B58.indexOf(ch));
  return n.toString(16).padStart(50, '0').slice(0, 42);
}

/** Native SegWit (P2WPKH) bech32 address on mainnet. */
export function makeBtcAddress(rng: Rng): string {
  return bech32.encode('bc', [0, ...bech32.toWords(rng.bytes(20))]);
}

/** The scriptPubKey hex of a P2WPKH bech32 address. */
export function btcScriptPubKey(address: string): string {
  const words = bech32.decode(address).words;
  const program = bech32.fromWords(words.slice(1));
  return `0014${Array.from(program, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Kazakhstan mobile number in E.164 (+7 7xx …). */
export function makeKzPhone(rng: Rng): string {
  return `+77${rng.pick(['00', '01', '02', '05', '07', '08', '47', '71', '75', '76', '77', '78'])}${rng.digits(7)}`;
}

export function makeUzPhone(rng: Rng): string {
  return `+998${rng.pick(['90', '91', '93', '94', '97', '99'])}${rng.digits(7)}`;
}

export function makeRuPhone(rng: Rng): string {
  return `+79${rng.digits(9)}`;
}

/** Masks a card as banks print it: first 6, stars, last 4. */
export function maskCard(card: string): string {
  return `${card.slice(0, 6)}${'*'.repeat(card.length - 10)}${card.slice(-4)}`;
}

/** Groups a card in fours ("4400 4312 …"), as people write it in messages. */
export function groupCard(card: string): string {
  return card.replace(/(\d{4})(?=\d)/g, '$1 ');
}
