/**
 * The wording of the figures that `dragnet analyze` prints and the report shows, in one place so that both
 * say the same. Plain text, not escaped: the caller escapes it for its output (terminal, Markdown, HTML).
 */
import type { FindingsPerson } from '../findings/findings.ts';

export type FigureLang = 'ru' | 'en';

/**
 * The name a person is shown by: the first name the analysis has (a KYC name, a Telegram display name, a
 * holder name on transfers), else the Telegram handle it was found by (`@shop_hr24`), else its id without
 * the `p:` prefix. The id itself stays in the footnotes.
 */
export function personName(p: Pick<FindingsPerson, 'id' | 'names' | 'identifiers'>): string {
  const name = p.names.map((n) => n.trim()).find((n) => n !== '');
  if (name) return name;
  const handle = p.identifiers.find((i) => i.startsWith('tg:@'));
  if (handle) return handle.slice('tg:'.length);
  return personIdName(p.id);
}

/** A person id shown where the person has no name: `p:tg:@x` → `@x`, `p:card:…` → `card:…`. */
export function personIdName(id: string): string {
  if (id.startsWith('p:tg:@')) return id.slice('p:tg:'.length);
  if (id.startsWith('p:acct:')) return id.slice('p:acct:'.length);
  if (id.startsWith('p:')) return id.slice('p:'.length);
  return id;
}

/** Russian noun form after a number: 1 перевод, 2 перевода, 5 переводов. */
export function ruPlural(n: number, one: string, few: string, many: string): string {
  const m10 = n % 10;
  const m100 = n % 100;
  if (m10 === 1 && m100 !== 11) return one;
  if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return few;
  return many;
}
