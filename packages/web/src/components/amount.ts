/**
 * An exact decimal amount as the API gives it (`85534408`, `-381000.5`), its whole part grouped by thousands with a
 * thin space (`85 534 408`), every digit kept. Anything else as it is.
 */
export function amount(v: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(v);
  if (!m) return v;
  return `${m[1]}${m[2]!.replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009')}${m[3] ?? ''}`;
}
