import * as extract from '../../extract/index.ts';
import * as identifiers from '../../identifiers/index.ts';
import { labelMessage } from '../../labels/label-message.ts';
import { LEXICON_VERSION } from '../../labels/lexicon.ts';
import type { IdentifierKind } from '../../model/kinds.ts';
import type { MentionRow, ParsedRecord } from '../../model/tables.ts';

/** A typed Telegram text entity with offsets into the flattened text (UTF-16, end exclusive). */
export interface TextEntity {
  type: string;
  start: number;
  end: number;
  text: string;
  href?: string;
  userId?: string;
}

interface Extraction {
  kind: string;
  raw: string;
  start: number;
  end: number;
  identifier: string | null;
  validated: boolean;
}

type NormalizeFn = (
  raw: string,
  hint?: IdentifierKind,
) => { ok: true; id: string } | { ok: false; reason: string };

// Namespace imports: the identifiers helper lands these functions in parallel; until then a missing
// export means "nothing extracted" instead of a module-linking crash of every Telegram ingest.
const extractFn = (extract as Record<string, unknown>).extractIdentifiers as
  | ((text: string) => Extraction[])
  | undefined;
const normalizeFn = (identifiers as Record<string, unknown>).normalizeIdentifier as NormalizeFn | undefined;

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
  if (hint === 'tg' && /^@[A-Za-z0-9_]{3,64}$/.test(raw)) {
    // Usernames need no checksum; the lower-cased form is CONTRACT §2 even before the helper lands.
    const r = normalizeFn?.(raw, hint);
    return r?.ok ? { id: r.id, ok: true } : { id: `tg:${raw.toLowerCase()}`, ok: true };
  }
  if (hint === 'url') {
    const r = normalizeFn?.(raw, hint);
    return r?.ok ? { id: r.id, ok: true } : { id: raw, ok: /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(raw) };
  }
  const r = normalizeFn?.(raw, hint);
  return r?.ok ? { id: r.id, ok: true } : { id: unverifiedId(hint, raw), ok: false };
}

export interface ExtrasOptions {
  evidenceId: string;
  locator: string;
  chatId: string;
  messageId: string;
  /** Skip labelling (e.g. service messages). */
  label?: boolean;
}

/** Mentions (from Telegram's typed entities and from the text) and labels of one message. */
export function messageExtras(
  text: string,
  entities: readonly TextEntity[],
  o: ExtrasOptions,
): ParsedRecord[] {
  const out: ParsedRecord[] = [];
  const seen = new Set<string>();
  const base = { evidenceId: o.evidenceId, locator: o.locator, chatId: o.chatId, messageId: o.messageId };
  const push = (m: Omit<MentionRow, 'evidenceId' | 'locator' | 'chatId' | 'messageId'>) => {
    const k = `${m.start}:${m.end}:${m.identifier}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push({ table: 'mentions', row: { ...base, ...m } });
  };
  for (const e of entities) {
    if (e.type === 'mention_name') {
      if (e.userId) {
        push({
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
    const n = normalize(raw, hint);
    push({
      identifier: n.id,
      kind: hint,
      start: e.start,
      end: e.end,
      validated: n.ok,
      raw,
      source: 'entity',
    });
  }
  if (extractFn && text.length > 0) {
    for (const x of extractFn(text)) {
      const id = x.identifier ?? unverifiedId(x.kind, x.raw);
      // The same span found as a typed entity is one mention, not two.
      if (entities.some((e) => e.start === x.start && e.end === x.end && ENTITY_KIND[e.type] !== undefined))
        continue;
      push({
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
    for (const l of labelMessage(text)) {
      out.push({
        table: 'message_labels',
        row: { ...base, label: l.label, score: l.score, lexiconVersion: LEXICON_VERSION, terms: l.terms },
      });
    }
  }
  return out;
}
