import type { ReactNode } from 'react';
import { hiddenCode, markHidden, splitHidden } from '@dragnet/core/text/hidden-chars.ts';
import { href } from '../router.ts';

export interface Highlight {
  start: number;
  end: number;
  kind: 'term' | 'mention';
  /** For mentions: the identifier in §2 form, linked to its profile. */
  identifier?: string;
  title?: string;
}

/** Line breaks and tabs of a message body are its layout (HTML shows them as spaces in a single-line place). */
const keepLayout = (c: number) => c === 0x0a || c === 0x09;

/**
 * Evidence text as the page shows it: THE way every view puts a title, a name, a username, a file name, a record
 * field or a message on the page. Characters that show nothing but hide or reorder the text around them (bidi
 * overrides, embeddings, isolates and marks, zero-width spaces and joiners, the BOM, controls: core's
 * `isHiddenChar`) become a marked code (`U+202E`) in their place, so the page shows what the export holds and no
 * character reorders or hides its neighbours (the CLI escapes the same characters). A zero-width joiner inside an
 * emoji (👨‍👩‍👧‍👦) is left alone. `from`/`to` show a piece of `text`, the rest being context.
 */
export function VisibleText({ text, from, to }: { text: string; from?: number; to?: number }): ReactNode {
  const pieces = splitHidden(text, { from, to, keep: keepLayout });
  if (pieces.length === 1 && 'text' in pieces[0]!) return pieces[0].text;
  return (
    <>
      {pieces.map((p) =>
        'text' in p ? (
          p.text
        ) : (
          <span key={p.at} className="hidden-char" data-testid="hidden-char" title={hiddenCode(p.hidden)}>
            {hiddenCode(p.hidden)}
          </span>
        ),
      )}
    </>
  );
}

/** `VisibleText` of an optional value: an empty value shows `fallback` (itself evidence text, or an id). */
export function Shown({
  text,
  fallback = '',
}: {
  text: string | null | undefined;
  fallback?: string;
}): ReactNode {
  return <VisibleText text={text || fallback} />;
}

/**
 * The same for the DOM elements MapLibre draws its overlays from: text nodes and the same code boxes, never HTML.
 */
export function appendVisibleText(el: HTMLElement, text: string): void {
  for (const p of splitHidden(text, { keep: keepLayout })) {
    if ('text' in p) {
      el.append(document.createTextNode(p.text));
      continue;
    }
    const box = document.createElement('span');
    box.className = 'hidden-char';
    box.textContent = hiddenCode(p.hidden);
    el.append(box);
  }
}

/**
 * Evidence text where only a plain string fits (a canvas or chart label, an HTML `title` tooltip): the hidden
 * characters as `[U+202E]`.
 */
export const plainShown = markHidden;

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
    const cover = valid.filter((h) => h.start <= a && h.end >= b);
    const mention = cover.find((h) => h.kind === 'mention' && h.identifier);
    const term = cover.find((h) => h.kind === 'term');
    let node: ReactNode = <VisibleText text={text} from={a} to={b} />;
    if (term) node = <mark title={term.title && plainShown(term.title)}>{node}</mark>;
    if (mention?.identifier)
      node = (
        <a
          className="mention"
          href={href('entity', { id: mention.identifier })}
          title={plainShown(mention.identifier)}
        >
          {node}
        </a>
      );
    out.push(<span key={a}>{node}</span>);
  }
  return <>{out}</>;
}
