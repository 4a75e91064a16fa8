import type { TextEntity } from './message-extras.ts';

export interface FlatText {
  text: string;
  entities: readonly TextEntity[];
  /** Set when `text`/`text_entities` had a shape the exporter never writes. */
  problem?: string;
}

/**
 * Flattens Telegram's `text_entities` (current exports) or `text` (a string, or an array of strings and
 * `{type, text}` parts in every version) into plain text plus typed entities with offsets into it.
 * `text_entities` wins when present and spells the same text: it is always an array and carries every part's type.
 */
export function flattenText(text: unknown, textEntities: unknown): FlatText {
  if (Array.isArray(textEntities)) {
    const flat = flattenParts(textEntities);
    // Telegram writes both, and they spell the same text. When they do not, the file was edited or damaged: the
    // `text` is what the message showed, and it is kept (with its own parts' entities), never replaced unseen.
    const shown = typeof text === 'string' ? text : Array.isArray(text) ? partsText(text) : null;
    // A `text` of a type the exporter never writes (a number, an object): the entities' text is all there is.
    if (shown === null && text !== undefined && text !== null)
      return {
        ...flat,
        problem: `has a "text" of type ${typeof text} (expected a string or an array); the text its "text_entities" spell is stored`,
      };
    if (shown === null || shown === flat.text) return flat;
    const own = typeof text === 'string' ? { text, entities: NO_ENTITIES } : flattenParts(text as unknown[]);
    return {
      text: own.text,
      entities: own.entities,
      problem: `has "text_entities" that do not spell its "text" (the file was edited or damaged); the "text" is stored${flat.text === '' ? '' : `, the entities' text was ${JSON.stringify(flat.text.slice(0, 200))}`}`,
    };
  }
  if (typeof text === 'string') return { text, entities: NO_ENTITIES };
  if (Array.isArray(text)) return flattenParts(text);
  if (text === undefined || text === null)
    return { text: '', entities: [], problem: 'has no "text" field; text stored empty' };
  return {
    text: '',
    entities: [],
    problem: `has a "text" of type ${typeof text} (expected a string or an array); text stored empty`,
  };
}

/** The text the parts spell (strings and `{text}` parts), without building their entities. */
function partsText(parts: readonly unknown[]): string {
  let text = '';
  for (const p of parts)
    if (typeof p === 'string') text += p;
    else if (p !== null && typeof p === 'object' && typeof (p as { text?: unknown }).text === 'string')
      text += (p as { text: string }).text;
  return text;
}

/** Shared by the many messages without typed entities (never written to). */
const NO_ENTITIES: readonly TextEntity[] = Object.freeze([]);

function flattenParts(parts: readonly unknown[]): FlatText {
  let text = '';
  let entities: TextEntity[] | undefined;
  let problem: string | undefined;
  for (const p of parts) {
    if (typeof p === 'string') {
      text += p;
      continue;
    }
    if (p === null || typeof p !== 'object' || typeof (p as { text?: unknown }).text !== 'string') {
      problem = 'has a text part that is neither a string nor {type, text}; that part is not stored';
      continue;
    }
    const part = p as { type?: unknown; text: string; href?: unknown; user_id?: unknown };
    const start = text.length;
    text += part.text;
    const type = typeof part.type === 'string' ? part.type : 'unknown';
    if (type === 'plain') continue;
    const e: TextEntity = { type, start, end: text.length, text: part.text };
    if (typeof part.href === 'string') e.href = part.href;
    if (typeof part.user_id === 'number' || typeof part.user_id === 'string') e.userId = String(part.user_id);
    (entities ??= []).push(e);
  }
  return problem
    ? { text, entities: entities ?? NO_ENTITIES, problem }
    : { text, entities: entities ?? NO_ENTITIES };
}
