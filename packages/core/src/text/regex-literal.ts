/**
 * `text` as a regular expression that matches it literally: the same escapes serve JS (with or without the `u`
 * flag) and RE2 (DuckDB's `regexp_*`), outside a character class.
 */
export function regexLiteral(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
