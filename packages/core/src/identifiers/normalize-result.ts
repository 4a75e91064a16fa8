import type { IdentifierKind } from '../model/kinds.ts';

export type NormalizeResult =
  | { ok: true; id: string; kind: IdentifierKind; masked?: boolean }
  | { ok: false; reason: string };

export function rejected(reason: string): NormalizeResult {
  return { ok: false, reason };
}

/** Strips a `kind:` prefix when present, so every normaliser also accepts its own normal form. */
export function stripPrefix(raw: string, prefix: string): string {
  const text = raw.trim();
  return text.length > prefix.length && text.slice(0, prefix.length).toLowerCase() === prefix
    ? text.slice(prefix.length)
    : text;
}
