/** English month names, as Telegram's HTML export writes its day separators (`1 April 2024`). */
export const MONTH_NAMES: readonly string[] = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Days in a month of the Gregorian calendar (month 1–12). */
export function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Why a wall time read from an export (month 1–12, day of month, 24-hour clock) is no real time, or
 * undefined when it is one. `Date.UTC` and `Date.parse` roll impossible fields over into the next day or
 * month (`31.02.2024` → 2 March, `25:61` → 02:01 the next day) and the store would keep the made-up
 * instant; Telegram never writes such a time, so the message is quarantined instead
 * (docs/formats/telegram.md, "Issues").
 */
export function wallTimeProblem(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): string | undefined {
  if (year < 1 || year > 9999) return `year ${year} is out of range`;
  if (month < 1 || month > 12) return `there is no month ${month}`;
  const days = daysIn(year, month);
  if (day < 1 || day > days) return `${MONTH_NAMES[month - 1]} ${year} has no day ${day}`;
  if (hour > 23) return `there is no hour ${hour}`;
  if (minute > 59) return `there is no minute ${minute}`;
  if (second > 59) return `there is no second ${second}`;
  return undefined;
}
