import { extractIdentifiers } from '../../extract/index.ts';
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
  out.push({ table: 'mentions', row: { ...base, ...m } });
}

function sameSpanEntity(entities: readonly TextEntity[], start: number, end: number): boolean {
  for (const e of entities)
    if (e.start === start && e.end === end && ENTITY_KIND[e.type] !== undefined) return true;
  return false;
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
    // A link to a Telegram handle (`https://t.me/Shop_bot?start=…`, a "Buy" text link or button) is that
    // handle: the same `tg:@…` the text extractor gives for a written link, so the bot joins the graph.
    const handle =
      hint === 'url' && /^(?:https?:\/\/)?(?:t\.me|telegram\.me|telegram\.dog)\//i.test(raw)
        ? extractIdentifiers(raw).find((x) => x.kind === 'tg' && x.start === 0 && x.end === raw.length)
        : undefined;
    if (handle?.identifier) {
      pushMention(out, base, {
        identifier: handle.identifier,
        kind: 'tg',
        start: e.start,
        end: e.end,
        validated: handle.validated,
        raw,
        source: 'entity',
      });
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
    for (const x of extractIdentifiers(text)) {
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
