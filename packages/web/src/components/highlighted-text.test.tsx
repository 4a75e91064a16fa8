import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { HighlightedText } from './highlighted-text.tsx';

describe('HighlightedText', () => {
  it('shows characters that hide or reorder text as their codes, and escapes markup', () => {
    // A right-to-left override before a card shows its digits reversed; a zero-width space splits a word unseen.
    const text = 'карта \u202e4400 4300 0000 0037\u202c zero\u200bwidth <b>x</b>';
    const html = renderToStaticMarkup(
      <HighlightedText
        text={text}
        highlights={[{ start: 7, end: 26, kind: 'mention', identifier: 'card:1' }]}
      />,
    );
    expect(html).not.toMatch(/[\u202a-\u202e\u200b]/);
    expect(html).toContain('U+202E');
    expect(html).toContain('U+202C');
    expect(html).toContain(
      'zero<span class="hidden-char" data-testid="hidden-char" title="U+200B">U+200B</span>width',
    );
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
    // The mention keeps its span: the digits are inside its link.
    expect(html).toMatch(/<a class="mention"[^>]*>.*4400 4300 0000 0037.*<\/a>/);
    // Without highlights too.
    expect(renderToStaticMarkup(<HighlightedText text={'a\u202eb'} highlights={[]} />)).toContain('U+202E');
    // Ordinary right-to-left text is left as it is.
    expect(renderToStaticMarkup(<HighlightedText text="سلام" highlights={[]} />)).toBe('سلام');
  });
});
