import { type Extraction, extractIdentifiers } from '../../extract/index.ts';
import { normalizeIdentifier } from '../../identifiers/index.ts';
import type { IdentifierKind } from '../../model/kinds.ts';
import type { MentionRow, ParsedRecord } from '../../model/tables.ts';

/**
 * The labeller, loaded by `loadLabeller` when a chat export is parsed: its lexicons are most of the code an
 * ingest would load otherwise, and no other format needs them.
 */
let labeller:
  | { labelMessage: typeof import('../../labels/label-message.ts').labelMessage; version: string }
  | undefined;

/** Loads the labeller `messageExtras` uses (once; the chat parsers call it before their first message). */
export async function loadLabeller(): Promise<void> {
  if (labeller) return;
  const [{ labelMessage }, { LEXICON_VERSION }] = await Promise.all([
    import('../../labels/label-message.ts'),
    import('../../labels/lexicon.ts'),
  ]);
  labeller = { labelMessage, version: LEXICON_VERSION };
}

/** A typed Telegram text entity with offsets into the flattened text (UTF-16, end exclusive). */
export interface TextEntity {
  type: string;
  start: number;
  end: number;
  text: string;
  href?: string;
  userId?: string;
}

const PAYMENT_KINDS = new Set<string>(['card', 'iban', 'acct', 'tron', 'btc', 'eth']);

/** Entity type → identifier kind passed to `normalizeIdentifier` as the hint. */
const ENTITY_KIND: Record<string, IdentifierKind> = {
  bank_card: 'card',
  phone: 'phone',
  mention: 'tg',
  link: 'url',
  text_link: 'url',
  email: 'email',
};

/**
 * The identifier of a raw value that did not validate. Not a CONTRACT §2 form on purpose: a digit string
 * that fails Luhn must never become a `card:` node, but the analyst still sees that it was posted.
 */
export function unverifiedId(kind: string, raw: string): string {
  return `unverified:${kind}:${raw.replace(/\s+/g, '')}`;
}

function normalize(raw: string, hint: IdentifierKind): { id: string; ok: boolean } {
  const r = normalizeIdentifier(raw, hint);
  return r.ok ? { id: r.id, ok: true } : { id: unverifiedId(hint, raw), ok: false };
}

export interface ExtrasOptions {
  evidenceId: string;
  locator: string;
  chatId: string;
  messageId: string;
  /** Skip labelling (e.g. service messages). */
  label?: boolean;
}

type MentionBase = Pick<MentionRow, 'evidenceId' | 'locator' | 'chatId' | 'messageId'>;

// Module-level, not a closure per message: under tsx every closure created also costs a `__name`.
// A message has few mentions: a scan of `out` is cheaper than a Set of keys per message.
function pushMention(
  out: ParsedRecord[],
  base: MentionBase,
  m: Omit<MentionRow, 'evidenceId' | 'locator' | 'chatId' | 'messageId'>,
): void {
  for (const r of out) {
    if (r.table !== 'mentions') continue;
    const x = r.row;
    if (x.start === m.start && x.end === m.end && x.identifier === m.identifier) return;
  }
  // Written out, not spread: a spread of two objects costs several times more, and chats have many mentions.
  out.push({
    table: 'mentions',
    row: {
      evidenceId: base.evidenceId,
      locator: base.locator,
      chatId: base.chatId,
      messageId: base.messageId,
      identifier: m.identifier,
      kind: m.kind,
      start: m.start,
      end: m.end,
      validated: m.validated,
      raw: m.raw,
      source: m.source,
    },
  });
}

function sameSpanEntity(entities: readonly TextEntity[], start: number, end: number): boolean {
  for (const e of entities)
    if (e.start === start && e.end === end && ENTITY_KIND[e.type] !== undefined) return true;
  return false;
}

const LINK_KINDS = new Set<string>(['url', 'onion', 'tg']);

/*
 * A link entity (`link`, `text_link` with its `href`, an HTML `<a href>`) yields what the text extractor finds
 * in the same URL written as text: the link itself (`tg:@…` for a t.me handle, `onion` checksum-verified), the
 * point of a map link, the phone of a WhatsApp link, an address in an explorer link, all with source `entity`.
 * A `link`'s URL is in the text: the text pass reads it once, and what it finds inside the entity is the
 * entity's (own spans); only when that pass does not find the whole link (glued to the next word) is it read
 * alone. A `text_link`'s URL is not in the text: it is read alone, everything at the entity's span.
 */

/** One extraction from inside a link entity as a mention. */
function pushLinkToken(
  out: ParsedRecord[],
  base: MentionBase,
  x: Extraction,
  start: number,
  end: number,
  raw: string,
): void {
  pushMention(out, base, {
    identifier: x.identifier ?? unverifiedId(x.kind, x.raw),
    kind: x.kind,
    start,
    end,
    validated: x.validated && x.identifier !== null,
    raw,
    source: 'entity',
  });
}

/** A link entity whose value the extractor does not read as one whole link: the value normalised as a URL. */
function pushLinkAsUrl(out: ParsedRecord[], base: MentionBase, e: TextEntity, raw: string): void {
  const n = normalize(raw, 'url');
  pushMention(out, base, {
    identifier: n.id,
    kind: 'url',
    start: e.start,
    end: e.end,
    validated: n.ok,
    raw,
    source: 'entity',
  });
}

/**
 * A link read alone: a `text_link` or URL button (its URL is not in the text: everything at the entity's
 * span), or a `link` the text pass read otherwise (glued to the next word: the entity's end decides; tokens
 * at their own spans inside it).
 */
function linkAlone(
  out: ParsedRecord[],
  base: MentionBase,
  e: TextEntity,
  raw: string,
  inText: boolean,
): void {
  const found = extractIdentifiers(raw);
  // The whole value read as one identifier: a link, or what a link names alone (`t.me/+77011234567`, a phone).
  const link =
    found.find((x) => x.start === 0 && x.end === raw.length && LINK_KINDS.has(x.kind)) ??
    found.find((x) => x.start === 0 && x.end === raw.length);
  if (link) pushLinkToken(out, base, link, e.start, e.end, raw);
  else pushLinkAsUrl(out, base, e, raw);
  for (const x of found) {
    if (LINK_KINDS.has(x.kind) || x.kind === 'email') continue;
    if (inText) pushLinkToken(out, base, x, e.start + x.start, e.start + x.end, x.raw);
    else pushLinkToken(out, base, x, e.start, e.end, raw);
  }
}

function linkAround(links: readonly TextEntity[], start: number, end: number): number {
  for (let i = 0; i < links.length; i++) if (links[i]!.start <= start && end <= links[i]!.end) return i;
  return -1;
}

/** Mentions (from Telegram's typed entities and from the text) and labels of one message. */
export function messageExtras(
  text: string,
  entities: readonly TextEntity[],
  o: ExtrasOptions,
): ParsedRecord[] {
  const out: ParsedRecord[] = [];
  const base: MentionBase = {
    evidenceId: o.evidenceId,
    locator: o.locator,
    chatId: o.chatId,
    messageId: o.messageId,
  };
  /** `link` entities, whose URL the text pass reads; `linked[i]` once the whole link was found. */
  let links: TextEntity[] | undefined;
  for (const e of entities) {
    if (e.type === 'mention_name') {
      if (e.userId) {
        pushMention(out, base, {
          identifier: `tg:user:${e.userId}`,
          kind: 'tg',
          start: e.start,
          end: e.end,
          validated: true,
          raw: e.text,
          source: 'entity',
        });
      }
      continue;
    }
    const hint = ENTITY_KIND[e.type];
    if (!hint) continue;
    const raw = e.type === 'text_link' ? (e.href ?? e.text) : e.text;
    if (!raw) continue;
    if (hint === 'url') {
      if (e.type === 'link' && e.end === e.start + raw.length && text.startsWith(raw, e.start))
        (links ??= []).push(e);
      else linkAlone(out, base, e, raw, false);
      continue;
    }
    const n = normalize(raw, hint);
    pushMention(out, base, {
      identifier: n.id,
      kind: hint,
      start: e.start,
      end: e.end,
      validated: n.ok,
      raw,
      source: 'entity',
    });
  }
  if (text.length > 0) {
    const linked = links?.map(() => false);
    for (const x of extractIdentifiers(text)) {
      const i = links ? linkAround(links, x.start, x.end) : -1;
      if (i >= 0) {
        const l = links![i]!;
        if (!LINK_KINDS.has(x.kind) && x.kind !== 'email') pushLinkToken(out, base, x, x.start, x.end, x.raw);
        else if (x.start === l.start && x.end === l.end && LINK_KINDS.has(x.kind)) {
          pushLinkToken(out, base, x, x.start, x.end, l.text);
          linked![i] = true;
        }
        continue;
      }
      const id = x.identifier ?? unverifiedId(x.kind, x.raw);
      // The same span found as a typed entity is one mention, not two.
      if (sameSpanEntity(entities, x.start, x.end)) continue;
      pushMention(out, base, {
        identifier: id,
        kind: x.kind,
        start: x.start,
        end: x.end,
        validated: x.validated && x.identifier !== null,
        raw: x.raw,
        source: 'text',
      });
    }
    if (links)
      for (let i = 0; i < links.length; i++)
        if (!linked![i]) linkAlone(out, base, links[i]!, links[i]!.text, true);
  }
  if (o.label !== false && text.length > 0) {
    // Validated payment identifiers found above are label evidence too (labels/docs: features).
    let hasPaymentIdentifier = false;
    for (const r of out)
      if (r.table === 'mentions' && r.row.validated && PAYMENT_KINDS.has(r.row.kind))
        hasPaymentIdentifier = true;
    if (!labeller) throw new Error('messageExtras: the labeller is not loaded (await loadLabeller() first)');
    for (const l of labeller.labelMessage(text, undefined, { hasPaymentIdentifier })) {
      out.push({
        table: 'message_labels',
        row: { ...base, label: l.label, score: l.score, lexiconVersion: labeller.version, terms: l.terms },
      });
    }
  }
  return out;
}
