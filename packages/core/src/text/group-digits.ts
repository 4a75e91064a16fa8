/** A run of digits with its thousands grouped by `separator` (`1234567`, `' '` → `1 234 567`). */
export function groupDigits(digits: string, separator: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}
