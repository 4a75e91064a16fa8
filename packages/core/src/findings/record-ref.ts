/**
 * The record references a footnote or a role's evidence lists, and how a report finds the file and the place
 * in it that each one stands for:
 * - a transfer id (`transfers.id`);
 * - a message ref `<chatId>#<messageId>` (e.g. `tg:chat:8100#115`);
 * - an exchange order `order:<exchange>:<orderId>`;
 * - a seizure `seizure:<seizureId>`;
 * - a located record `loc:<evidenceId>:<locator>`: a record known only by where it is (a membership taken
 *   from a service message, the record a person was first seen in). It needs no look-up.
 */
export type RecordRefKind = 'transfer' | 'message' | 'order' | 'seizure' | 'located';

export function recordRefKind(ref: string): RecordRefKind {
  if (ref.startsWith('loc:')) return 'located';
  if (ref.startsWith('order:')) return 'order';
  if (ref.startsWith('seizure:')) return 'seizure';
  if (ref.includes('#')) return 'message';
  return 'transfer';
}

/** `loc:<evidenceId>:<locator>`; evidence ids (SHA-256 hex) hold no colon, locators may. */
export function locatedRef(evidenceId: string, locator: string): string {
  return `loc:${evidenceId}:${locator}`;
}

export function parseLocatedRef(ref: string): { evidenceId: string; locator: string } | null {
  if (!ref.startsWith('loc:')) return null;
  const at = ref.indexOf(':', 4);
  if (at <= 4) return null;
  return { evidenceId: ref.slice(4, at), locator: ref.slice(at + 1) };
}

/** `<chatId>#<messageId>` → its parts (split at the last `#`). */
export function parseMessageRef(ref: string): { chatId: string; messageId: string } | null {
  const at = ref.lastIndexOf('#');
  if (at <= 0 || at === ref.length - 1) return null;
  return { chatId: ref.slice(0, at), messageId: ref.slice(at + 1) };
}
