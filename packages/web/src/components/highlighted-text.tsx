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
 * Renders evidence text with matched terms and identifiers marked. Every piece of the text becomes a
 * React text node: markup, `javascript:` links or scripts in a message stay inert characters.
 */
export function HighlightedText({ text, highlights }: { text: string; highlights: readonly Highlight[] }) {
  const valid = highlights
    .map((h) => ({
      ...h,
      start: Math.max(0, Math.min(text.length, h.start)),
      end: Math.max(0, Math.min(text.length, h.end)),
    }))
    .filter((h) => h.end > h.start);
  if (!valid.length) return <>{text}</>;
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
    let node: ReactNode = piece;
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
