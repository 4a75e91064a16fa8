import { normalizeIdentifier } from '../../identifiers/index.ts';
import type { TgUserRow } from '../../model/tables.ts';

/**
 * The `tg_users` rows of one file, each distinct (id, username, display name, phone) once: a user named again with the
 * same facts (every message of a chat names its other side) is not repeated. The JSON parser and the HTML export's
 * list pages keep one each.
 */
export class TgUserRows {
  readonly #seen = new Set<string>();

  constructor(
    private readonly evidenceId: string,
    private readonly emit: (row: TgUserRow) => void,
  ) {}

  get size(): number {
    return this.#seen.size;
  }

  add(
    userId: string,
    username: string | null,
    displayName: string | null,
    phone: string | null,
    locator: string,
  ): void {
    const k = `${userId}\u0000${username}\u0000${displayName}\u0000${phone}`;
    if (this.#seen.has(k)) return;
    this.#seen.add(k);
    this.emit({ evidenceId: this.evidenceId, locator, userId, username, displayName, phone });
  }
}

/**
 * A user's phone as stored: in its normal form (`phone:+77011112233`), as holders.csv stores it, so that the contact
 * list of a seized phone meets the bank's KYC phones; a number that does not validate stays as written; none for an
 * empty or missing value.
 */
export function storedPhone(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.trim() === '') return null;
  const n = normalizeIdentifier(raw, 'phone');
  return n.ok ? n.id : raw;
}
