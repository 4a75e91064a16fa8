import { describe, expect, it } from 'vitest';
import { collectEvidence, explicitSale, labelMessage, labelProbabilities } from './label-message.ts';
import { compileLexicon, defaultLexicon, LEXICON_DATA } from './lexicon.ts';

const sale = (text: string) => labelMessage(text).find((h) => h.label === 'sale');
const named = (text: string) => {
  const ev = collectEvidence(text);
  return ev === null ? null : explicitSale(ev);
};

describe('lexicon `explicit`: a drug named by its own name near a trade act is `sale`', () => {
  // Two-word ads and requests: the model reads each under its `sale` threshold (0.19 … 0.69), the rule gives them.
  const ADS: Array<[string, string, string]> = [
    ['продам гашиш', 'гашиш', 'продам'],
    ['куплю мефедрон', 'мефедрон', 'куплю'],
    ['кто продаст гашиш?', 'гашиш', 'продаст'],
    ['возьму 2 грамма мефа', 'меф', 'возьму'],
    ['I sell cocaine', 'cocaine', 'sell'],
    ['anyone selling mdma?', 'mdma', 'selling'],
    ['гашиш сатамын', 'гашиш', 'сатамын'],
    ['меф сатып аламын', 'меф', 'сатып аламын'],
    ['гашиш бар, жаз', 'гашиш', 'бар'],
    ['мефедрон бор, ёзинг', 'мефедрон', 'бор'],
    ['гашиш сотаман', 'гашиш', 'сотаман'],
    // `alsoNamed`: weak terms that name a drug all the same (their `unless` words still cancel them).
    ['selling weed, dm me', 'weed', 'selling'],
    ['nasha bor, yozinglar', 'nasha', 'bor'],
  ];

  it.each(ADS)('%s', (text, drug, act) => {
    const hit = sale(text);
    expect(hit, text).toBeDefined();
    const rule = named(text)!;
    expect(rule.label).toBe('sale');
    // The drug and the act, with their offsets in the text.
    expect(rule.terms.map((t) => t.term).sort()).toEqual([drug, act].sort());
    for (const t of rule.terms) expect(text.slice(t.start, t.end).length).toBeGreaterThan(0);
    const actTerm = rule.terms.find((t) => t.term === act)!;
    expect(text.slice(actTerm.start, actTerm.end).toLowerCase()).toBe(act.toLowerCase());
    // The chat context reads the same score (`labelProbabilities`).
    expect(labelProbabilities(text).get('sale')).toBeGreaterThanOrEqual(rule.score);
  });

  it('keeps a negated act, a warning, news, a job, a course, rehab and generic words clean', () => {
    for (const text of [
      'не продаю мефедрон и тебе не советую', // negated before the act
      'мефедрон kerak emas', // negated after it (Uzbek)
      'Полиция задержала мужчину, который продавал гашиш у школы', // a warning
      'Облыста есірткі сататын 12 Telegram-арнаға шектеу қойылды', // news; `есірткі` is generic
      'нужна помощь, зависимость от мефедрона, куплю путёвку в центр', // rehab
      'Bro himiya kurs bor, mef qilishni o‘rgatishadi', // a course
      '3-чисини бошқа жойга қўй, у ерда камера бор', // Uzbek `бошқа` (other) is not `бошки`
      'бачаҳо кор ҳаст, рӯзе 100-200 сомонӣ, фақат гаштан', // Tajik `гаштан` (walking) is not `гаш`
      'продаю гараж, звоните', // no drug
      'selling weed killer for the garden', // `weed`'s innocent sense (its `unless`)
    ])
      expect(named(text), text).toBeNull();
  });

  it('reaches `reach` words between the drug and the act, not further', () => {
    const { reach } = LEXICON_DATA.explicit!;
    const filler = (n: number) => Array.from({ length: n }, (_, i) => `слово${i}`).join(' ');
    expect(named(`продам ${filler(reach)} гашиш`)).not.toBeNull();
    expect(named(`продам ${filler(reach + 1)} гашиш`)).toBeNull();
  });

  it('is data: a lexicon without the section gives nothing, and its acts are editable', () => {
    const ev = collectEvidence('продам гашиш')!;
    const { explicit: _, ...rest } = LEXICON_DATA;
    expect(explicitSale(ev, compileLexicon(rest))).toBeNull();
    const fewer = compileLexicon({
      ...LEXICON_DATA,
      explicit: {
        ...LEXICON_DATA.explicit!,
        acts: LEXICON_DATA.explicit!.acts.filter((a) => a.t !== 'продам'),
      },
    });
    expect(explicitSale(collectEvidence('продам гашиш', fewer)!, fewer)).toBeNull();
    expect(explicitSale(ev, defaultLexicon())).not.toBeNull();
  });
});
