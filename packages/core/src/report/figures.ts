/**
 * The wording of the figures that `dragnet analyze` prints and the report shows, in one place so that both
 * say the same. Plain text, not escaped: the caller escapes it for its output (terminal, Markdown, HTML).
 */
import type { Findings, FindingsPerson } from '../findings/findings.ts';
import { pluralRu } from './reason-ru.ts';

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

const count = (n: number, lang: FigureLang) => n.toLocaleString(lang === 'ru' ? 'ru-RU' : 'en-US');

/**
 * How a USD figure is shown when some transfers of the case have no USD rate (they count as $0):
 * - none: every transfer converted, or findings stored before `unratedTransfers` existed → `amount`;
 * - all: no transfer converted, the figure is unknown → "unknown (no KZT→USD rate for 14 transfers)";
 * - some: → "`amount` (+14 transfers in KZT without a rate)".
 * `amount` is the figure already formatted by the caller ("$1,234.00", "1 234,00").
 */
export function usdFigure(
  amount: string,
  findings: Pick<Findings, 'case' | 'summary'>,
  lang: FigureLang,
): string {
  const u = findings.summary.unratedTransfers;
  if (!u || u.count <= 0) return amount;
  const byCurrency = Object.entries(u.byCurrency).filter(([, n]) => n > 0);
  if (byCurrency.length === 0) byCurrency.push(['?', u.count]);
  const none = u.count >= findings.case.transfers;
  if (lang === 'ru') {
    if (none) {
      const parts = byCurrency.map(
        ([c, n], i) =>
          `${i === 0 ? 'нет курса ' : ''}${c}→USD для ${count(n, lang)} ${pluralRu(n, 'перевода', 'переводов', 'переводов')}`,
      );
      return `не установлен (${parts.join(', ')})`;
    }
    const parts = byCurrency.map(
      ([c, n], i) =>
        `${count(n, lang)}${i === 0 ? ` ${pluralRu(n, 'перевод', 'перевода', 'переводов')}` : ''} в ${c}`,
    );
    return `${amount} (+${parts.join(', ')} без курса)`;
  }
  if (none) {
    const parts = byCurrency.map(
      ([c, n], i) =>
        `${i === 0 ? 'no ' : ''}${c}→USD rate for ${count(n, lang)} transfer${n === 1 ? '' : 's'}`,
    );
    return `unknown (${parts.join(', ')})`;
  }
  const parts = byCurrency.map(
    ([c, n], i) => `${count(n, lang)}${i === 0 ? ` transfer${n === 1 ? '' : 's'}` : ''} in ${c}`,
  );
  return `${amount} (+${parts.join(', ')} without a rate)`;
}

/** Chat types as a reader counts them: a supergroup is a group. */
const KINDS = [
  { kind: 'channel', types: ['channel'] },
  { kind: 'group', types: ['group', 'supergroup'] },
  { kind: 'bot', types: ['bot'] },
  { kind: 'other', types: ['unknown', 'private', 'saved'] },
] as const;

const KIND_WORDS: Record<FigureLang, Record<(typeof KINDS)[number]['kind'], [string, string, string]>> = {
  en: {
    channel: ['channel', 'channels', 'channels'],
    group: ['group', 'groups', 'groups'],
    bot: ['bot chat', 'bot chats', 'bot chats'],
    other: ['chat of unknown type', 'chats of unknown type', 'chats of unknown type'],
  },
  ru: {
    channel: ['канал', 'канала', 'каналов'],
    group: ['группа', 'группы', 'групп'],
    bot: ['чат с ботом', 'чата с ботом', 'чатов с ботом'],
    other: ['чат неизвестного типа', 'чата неизвестного типа', 'чатов неизвестного типа'],
  },
};

/**
 * The flagged chats counted as what they are, by their stored type: "1 channel and 1 group" ("Telegram"
 * before the first noun when `telegram`: "1 Telegram channel and 1 group"), "0 channels or groups" when none;
 * null for findings stored before `channelsFlaggedByType` existed (the caller keeps its old wording).
 */
export function flaggedChats(
  summary: Findings['summary'],
  lang: FigureLang,
  telegram = false,
): string | null {
  const byType = summary.channelsFlaggedByType;
  if (!byType) return null;
  const words = KIND_WORDS[lang];
  const prefix = (i: number) => (telegram && i === 0 ? (lang === 'ru' ? 'Telegram-' : 'Telegram ') : '');
  const parts = KINDS.map(({ kind, types }) => ({
    kind,
    n: types.reduce((s, t) => s + (byType[t] ?? 0), 0),
  })).filter((x) => x.n > 0);
  if (parts.length === 0)
    return lang === 'ru' ? `0 ${prefix(0)}каналов и групп` : `0 ${prefix(0)}channels or groups`;
  const phrases = parts.map(({ kind, n }, i) => {
    const [one, few, many] = words[kind];
    const noun = lang === 'ru' ? pluralRu(n, one, few, many) : n === 1 ? one : many;
    return `${count(n, lang)} ${prefix(i)}${noun}`;
  });
  const and = lang === 'ru' ? ' и ' : ' and ';
  return phrases.length === 1
    ? phrases[0]!
    : `${phrases.slice(0, -1).join(', ')}${and}${phrases[phrases.length - 1]}`;
}
