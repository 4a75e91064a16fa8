import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { counted } from '../i18n.tsx';
import { HighlightedText, plainShown, VisibleText } from './highlighted-text.tsx';

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

  it('leaves a zero-width joiner inside an emoji alone and boxes it elsewhere, also across highlight cuts', () => {
    const family = '\u{1f468}\u200d\u{1f469}\u200d\u{1f467}\u200d\u{1f466}';
    expect(renderToStaticMarkup(<VisibleText text={`семья ${family}`} />)).toBe(`семья ${family}`);
    expect(renderToStaticMarkup(<VisibleText text={'a\u200db'} />)).toContain('U+200D');
    // A highlight that ends inside the emoji: the joiner after the cut still joins.
    const html = renderToStaticMarkup(
      <HighlightedText
        text={`x ${family}`}
        highlights={[{ start: 0, end: 4, kind: 'term', title: 't\u202e' }]}
      />,
    );
    expect(html).not.toContain('hidden-char');
    expect(html).toContain('title="t[U+202E]"');
    expect(plainShown('Касса \u202e0005\u200b')).toBe('Касса [U+202E]0005[U+200B]');
  });

  it('counts in Russian with the noun’s plural form', () => {
    expect(counted(1, 'message', 'ru')).toBe('1 сообщение');
    expect(counted(4, 'message', 'ru')).toBe('4 сообщения');
    expect(counted(11, 'message', 'ru')).toBe('11 сообщений');
    expect(counted(21, 'message', 'ru')).toBe('21 сообщение');
    expect(counted(1, 'message', 'en')).toBe('1 message');
    expect(counted(4, 'message', 'en')).toBe('4 messages');
  });
});
