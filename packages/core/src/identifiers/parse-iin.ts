export interface IinInfo {
  valid: boolean;
  /** `person` (IIN: birth date, century/sex digit) or `legal` (BIN: registration month, entity type). */
  kind: 'person' | 'legal';
  birthDate?: string;
  sex?: 'M' | 'F';
  reason?: string;
}

const W1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const W2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

/** Kazakhstan IIN/BIN check digit, or `undefined` when both weight sets give 10 (never issued). */
export function iinCheckDigit(first11: string): number | undefined {
  let sum = 0;
  for (let i = 0; i < 11; i++) sum += (first11.charCodeAt(i) - 48) * W1[i]!;
  let check = sum % 11;
  if (check === 10) {
    sum = 0;
    for (let i = 0; i < 11; i++) sum += (first11.charCodeAt(i) - 48) * W2[i]!;
    check = sum % 11;
  }
  return check === 10 ? undefined : check;
}

function isDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

/**
 * Kazakhstan IIN (person: YYMMDD + century/sex digit 1–6 + serial + check) or BIN (legal entity:
 * YYMM + type 4/5/6 + attribute 0–3 + serial + check). The 5th digit tells them apart: a day of month
 * never starts with 4–6. Check digit: mod 11 with weights 1..11, then 3..11,1,2 when the first gives 10.
 */
export function parseIin(iin: string): IinInfo {
  const text = iin.trim();
  const d5 = text.charCodeAt(4) - 48;
  const kind: IinInfo['kind'] = d5 >= 4 && d5 <= 6 ? 'legal' : 'person';
  if (!/^\d{12}$/.test(text)) return { valid: false, kind, reason: 'IIN/BIN must be 12 digits' };
  const check = iinCheckDigit(text);
  if (check === undefined)
    return { valid: false, kind, reason: 'check digit is 10 with both weight sets: never issued' };
  if (check !== text.charCodeAt(11) - 48)
    return { valid: false, kind, reason: 'IIN/BIN check digit (mod 11) is wrong' };
  const yy = Number(text.slice(0, 2));
  const mm = Number(text.slice(2, 4));
  if (kind === 'legal') {
    if (mm < 1 || mm > 12) return { valid: false, kind, reason: `BIN registration month ${mm} is not 01–12` };
    if (text.charCodeAt(5) - 48 > 3)
      return { valid: false, kind, reason: 'BIN attribute digit (6th) must be 0–3' };
    return { valid: true, kind };
  }
  const c = text.charCodeAt(6) - 48;
  if (c < 1 || c > 6) return { valid: false, kind, reason: 'IIN century/sex digit (7th) must be 1–6' };
  const year = 1700 + Math.ceil(c / 2) * 100 + yy;
  const dd = Number(text.slice(4, 6));
  if (!isDate(year, mm, dd))
    return {
      valid: false,
      kind,
      reason: `IIN birth date ${year}-${text.slice(2, 4)}-${text.slice(4, 6)} does not exist`,
    };
  const birthDate = `${year}-${text.slice(2, 4)}-${text.slice(4, 6)}`;
  return { valid: true, kind, birthDate, sex: c % 2 === 1 ? 'M' : 'F' };
}
