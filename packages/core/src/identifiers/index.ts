/**
 * Identifier normalisation and validation (CONTRACT §2). OWNER: identifiers helper — the signatures
 * below are the agreed API; implementations live in one file per kind next to this one.
 */
import type { IdentifierKind } from '../model/kinds.ts';

export type NormalizeResult =
  | { ok: true; id: string; kind: IdentifierKind; masked?: boolean }
  | { ok: false; reason: string };

/** Normalises any raw identifier (card, IBAN, phone, address, `tg:`…, or already-normal form). `hint` narrows. */
export declare function normalizeIdentifier(raw: string, hint?: IdentifierKind): NormalizeResult;
