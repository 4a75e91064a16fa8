import { describe, expect, it } from 'vitest';
import { type FoldedWord, foldText } from './fold-text.ts';
import { collectEvidence, labelMessage } from './label-message.ts';
import { compileLexicon, defaultLexicon, LEXICON_DATA } from './lexicon.ts';

// Speed-only paths of the labeller (docs/formats/telegram.md, "Speed"): they must change no token and no label.

const TEXTS = [
  'Меф в наличии, клады по районам, оператор @example_shop_bot',
  'з.а.к.л.а.д.к.а, з а к л а д к а — и 42.3417, 69.5901',
  'Kuryer kerak, zakladka ishi, maosh har hafta 🚗🚗',
  'Купи соль и сахар по дороге домой, закончились. 273-61824',
  'курьерлерге жұмыс бар, есть кладик в центре?',
  '',
  '   ,,, !!! ',
];

describe('foldText with a word filter', () => {
  it('gives the same tokens as foldText when the filter holds for some word, and asks only up to that word', () => {
    for (const text of TEXTS) {
      const all = foldText(text);
      for (let k = 0; k < all.length; k++) {
        const seen: FoldedWord[] = [];
        const got = foldText(text, (w: FoldedWord, want: number) => seen.push(w) === want, k + 1);
        expect(got, text).toEqual(all);
        expect(seen, text).toEqual(all.slice(0, k + 1).map((t) => t.word));
      }
    }
  });

  it('builds no token and answers null when the filter holds for no word (every word asked, in order)', () => {
    for (const text of TEXTS) {
      const seen: FoldedWord[] = [];
      expect(
        foldText(text, (w: FoldedWord) => seen.push(w) < 0, null),
        text,
      ).toBeNull();
      expect(seen, text).toEqual(foldText(text).map((t) => t.word));
    }
  });

  it('leaves no state behind: a long text, then a short one', () => {
    const long = 'клад '.repeat(70_000);
    expect(foldText(long, () => true, null)).toHaveLength(70_000);
    expect(foldText('оплата после', () => true, null)!.map((t) => t.key)).toEqual(['оплата', 'после']);
    expect(foldText('оплата после').map((t) => t.key)).toEqual(['оплата', 'после']);
  });
});

describe('per-word look-ups memoised on the folded word', () => {
  it('are kept per lexicon: two lexicons over the same words, interleaved, label as each does alone', () => {
    // A lexicon without the job words: recruitment ads lose their label there, and the memo of one lexicon's
    // look-ups on a shared word must not leak into the other's.
    const { job: _job, ...groups } = LEXICON_DATA.groups;
    const other = compileLexicon({ ...LEXICON_DATA, version: 'test-no-job', groups });
    const texts = [
      'Требуются курьеры-закладчики, зп каждую неделю',
      'Курьеры нужны, оплата каждый день, анонимно, без собеседования',
      'Меф в наличии, клады по районам, оператор @example_shop_bot',
      'Клад сделан, фото и координаты 42.3417, 69.5901',
      'Купи соль и сахар по дороге домой, закончились.',
      'есть кладик в центре?',
      'Kuryer kerak, zakladka ishi, maosh har hafta',
    ];
    const fresh = () => compileLexicon(LEXICON_DATA);
    const alone = (lex: ReturnType<typeof fresh>) => texts.map((t) => JSON.stringify(labelMessage(t, lex)));
    const a = fresh();
    const wantA = alone(fresh());
    const wantB = alone(compileLexicon({ ...LEXICON_DATA, version: 'test-no-job', groups }));
    expect(wantB).not.toEqual(wantA);
    for (let round = 0; round < 2; round++)
      for (let i = 0; i < texts.length; i++) {
        expect(JSON.stringify(labelMessage(texts[i]!, a)), texts[i]).toBe(wantA[i]);
        expect(JSON.stringify(labelMessage(texts[i]!, other)), texts[i]).toBe(wantB[i]);
      }
    expect(alone(defaultLexicon())).toEqual(wantA);
  });

  it('a message whose words start no term of a required group has no evidence; one such word is enough', () => {
    expect(collectEvidence('Сегодня снег и мороз, дороги ужасные, опоздаю на полчаса.')).toBeNull();
    // Words reached only by their Kazakh base, their diminutive's noun, their Latin reading (neither the word nor
    // its stem is a key), each alone and among ordinary words.
    const lex = defaultLexicon();
    for (const w of ['курьерлерге', 'закладочку', 'zakladki']) {
      const [tok] = foldText(w);
      expect(lex.byKey.has(tok!.key) || lex.byKey.has(tok!.stem), w).toBe(false);
      expect(collectEvidence(w, lex), w).not.toBeNull();
      expect(collectEvidence(`Сегодня снег и мороз, ${w}, опоздаю на полчаса.`, lex), w).not.toBeNull();
    }
  });

  it('a `near` rule runs only with hits of both its groups, and sees the pairs of the rules before it', () => {
    const text = 'Курьеры нужны, анонимно. Оплата каждый день';
    const ids = (lex: ReturnType<typeof defaultLexicon>) =>
      collectEvidence(text, lex)!.counted.map((h) => h.id);
    expect(ids(defaultLexicon())).toContain('n:job-with-red-flag');
    // A rule on the group the rule before it adds (none of the shipped rules does that yet).
    const near = LEXICON_DATA.near!.flatMap((r) =>
      r.name === 'job-with-red-flag'
        ? [r, { name: 'test-chain', a: 'riskyjob', b: 'payment', window: 12, group: 'jobflag', w: 0.1 }]
        : [r],
    );
    const chained = compileLexicon({ ...LEXICON_DATA, version: 'test-chain', near });
    expect(ids(chained)).toContain('n:test-chain');
    // After it, the chained rule finds no pair.
    const late = compileLexicon({
      ...LEXICON_DATA,
      version: 'test-late',
      near: [
        { name: 'test-chain', a: 'riskyjob', b: 'payment', window: 12, group: 'jobflag', w: 0.1 },
        ...LEXICON_DATA.near!,
      ],
    });
    expect(ids(late)).not.toContain('n:test-chain');
  });
});
