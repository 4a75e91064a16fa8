import type { ReactNode } from 'react';
import { href } from '../router.ts';

export interface Highlight {
  start: number;
  end: number;
  kind: 'term' | 'mention';
  /** For mentions: the identifier in §2 form, linked to its profile. */
  identifier?: string;
  title?: string;
}

/**
 * Characters that show nothing themselves but change what the text around them looks like: bidirectional overrides,
 * embeddings and isolates (an RLO before a card number shows its digits reversed), zero-width spaces and joiners,
 * direction marks, the BOM, and controls. Evidence text may hide anything with them.
 */
const HIDDEN =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/**
 * A piece of evidence text with every `HIDDEN` character shown as a marked code (`U+202E`) in its place, so that
 * the page shows what the export holds and no character reorders or hides its neighbours (the CLI escapes the
 * same characters).
 */
export function VisibleText({ text }: { text: string }): ReactNode {
  HIDDEN.lastIndex = 0;
  if (!HIDDEN.test(text)) return text;
  const out: ReactNode[] = [];
  let last = 0;
  HIDDEN.lastIndex = 0;
  for (let m = HIDDEN.exec(text); m; m = HIDDEN.exec(text)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    const code = `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    out.push(
      <span key={m.index} className="hidden-char" data-testid="hidden-char" title={code}>
        {code}
      </span>,
    );
    last = m.index + 1;
  }
  if (last < text.length) out.push(text.slice(last));
  return <>{out}</>;
}

/**
 * Renders evidence text with matched terms and identifiers marked. Every piece of the text becomes a
 * React text node: markup, `javascript:` links or scripts in a message stay inert characters, and characters that
 * would hide or reorder text show as their codes (`VisibleText`).
 */
export function HighlightedText({ text, highlights }: { text: string; highlights: readonly Highlight[] }) {
  const valid = highlights
    .map((h) => ({
      ...h,
      start: Math.max(0, Math.min(text.length, h.start)),
      end: Math.max(0, Math.min(text.length, h.end)),
    }))
    .filter((h) => h.end > h.start);
  if (!valid.length) return <VisibleText text={text} />;
  const cuts = [...new Set([0, text.length, ...valid.flatMap((h) => [h.start, h.end])])].sort(
    (a, b) => a - b,
  );
  const out: ReactNode[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i]!;
    const b = cuts[i + 1]!;
    const piece = text.slice(a, b);
    const cover = valid.filter((h) => h.start <= a && h.end >= b);
    const mention = cover.find((h) => h.kind === 'mention' && h.identifier);
    const term = cover.find((h) => h.kind === 'term');
    let node: ReactNode = <VisibleText text={piece} />;
    if (term) node = <mark title={term.title}>{node}</mark>;
    if (mention?.identifier)
      node = (
        <a className="mention" href={href('entity', { id: mention.identifier })} title={mention.identifier}>
          {node}
        </a>
      );
    out.push(<span key={a}>{node}</span>);
  }
  return <>{out}</>;
}
