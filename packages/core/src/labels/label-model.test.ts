import { describe, expect, it } from 'vitest';
import { foldText, translitWord } from './fold-text.ts';
import { collectEvidence, labelMessage, ruleLabels } from './label-message.ts';
import {
  compileLabelModel,
  evidenceFeatures,
  fastScores,
  defaultLabelModel,
  LABEL_MODEL_DATA,
  type LabelModelData,
  linearScore,
} from './label-model.ts';
import { compileLexicon, defaultLexicon, LEXICON_DATA, LEXICON_VERSION } from './lexicon.ts';
import { predict, trainLogistic } from './train-label-model.ts';

async function rowsOf(name: string): Promise<Array<{ text: string; labels: string[] }>> {
  const fs = await import('node:fs/promises');
  return (await fs.readFile(new URL(`./testdata/${name}`, import.meta.url), 'utf8'))
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('{"_meta"'))
    .map((l) => JSON.parse(l) as { text: string; labels: string[] });
}

const model = defaultLabelModel()!;

describe('label model (label-model.json)', () => {
  it('was trained on the current lexicon and covers all five labels', () => {
    // A lexicon change without a retrain would silently fall back to the rules (labelMessage checks this).
    expect(LABEL_MODEL_DATA.lexiconVersion).toBe(LEXICON_VERSION);
    expect([...model.covered].sort()).toEqual(['drop_report', 'payment', 'recruitment', 'sale', 'training']);
  });

  it('the integer run-time path sums exactly the features training saw, on every labelled row', async () => {
    let n = 0;
    for (const set of [
      'eval.synthetic.jsonl',
      'eval.holdout4.synthetic.jsonl',
      'eval.set6c.synthetic.jsonl',
    ]) {
      for (const r of await rowsOf(set)) {
        const ev = collectEvidence(r.text);
        if (!ev) continue;
        const rules = ruleLabels(ev);
        const fs = evidenceFeatures(ev, rules, model.features);
        const z = fastScores(model, ev, rules);
        model.labels.forEach((l, i) => {
          expect(z[i], `${l.label}: ${r.text}`).toBeCloseTo(linearScore(l, fs), 9);
        });
        n++;
      }
    }
    expect(n).toBeGreaterThan(300);
  });

  it('lists the terms behind a label with offsets into the text and their weights', () => {
    const t = 'Меф в наличии, клады по районам, оператор @example_bot';
    const sale = labelMessage(t).find((h) => h.label === 'sale')!;
    expect(sale.score).toBeGreaterThan(0.9);
    const shown = sale.terms.map((x) => ({ text: t.slice(x.start, x.end), w: (x as { w?: number }).w }));
    expect(shown.map((x) => x.text)).toEqual(
      expect.arrayContaining(['Меф', 'в наличии', 'клады', 'районам']),
    );
    for (const x of sale.terms) {
      expect(x.end, x.term).toBeGreaterThan(x.start);
      expect((x as { w?: number }).w, x.term).toBeGreaterThan(0);
    }
  });

  it('removing the weight of the strongest feature present flips a borderline label', async () => {
    let checked = 0;
    for (const r of await rowsOf('eval.holdout4.synthetic.jsonl')) {
      const ev = collectEvidence(r.text);
      if (!ev) continue;
      const fs = evidenceFeatures(ev, ruleLabels(ev), model.features);
      for (const l of model.labels) {
        const z = linearScore(l, fs);
        let top = '';
        let topW = 0;
        for (const name of fs.keys()) if ((l.w.get(name) ?? 0) > topW) [top, topW] = [name, l.w.get(name)!];
        // Borderline: the label holds, but not without its strongest feature (the label's threshold as a logit).
        const t = Math.log(l.threshold / (1 - l.threshold));
        if (!(z >= t && z - topW < t) || !labelMessage(r.text).some((h) => h.label === l.label)) continue;
        const data = structuredClone(LABEL_MODEL_DATA) as LabelModelData;
        delete data.labels[l.label]!.weights[top];
        const without = compileLabelModel(data);
        expect(
          labelMessage(r.text, undefined, {}, without).map((h) => h.label),
          `${l.label} without ${top}: ${r.text}`,
        ).not.toContain(l.label);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(3);
  });

  it('a hand-built model: one weight decides, the veto keeps its knowledge, another lexicon falls back to the rules', () => {
    const base: LabelModelData = {
      version: 't',
      lexiconVersion: LEXICON_VERSION,
      features: { pairs: false, rules: false, anchored: false },
      labels: {
        sale: { bias: -1, threshold: 0.5, weights: { 'g:product': 2 }, veto: [{ group: 'warning' }] },
      },
    };
    const m = compileLabelModel(base);
    expect(labelMessage('Меф есть', undefined, {}, m).map((h) => h.label)).toEqual(['sale']);
    expect(labelMessage('Полиция предупреждает: меф', undefined, {}, m)).toEqual([]);
    const zero = compileLabelModel({ ...base, labels: { sale: { bias: -1, threshold: 0.5, weights: {} } } });
    expect(labelMessage('Меф, шишки', undefined, {}, zero)).toEqual([]);
    // A drug named next to a trade act (`есть`) is `sale` by the lexicon's `explicit` rule, whatever the model reads.
    expect(labelMessage('Меф есть', undefined, {}, zero).map((h) => h.label)).toEqual(['sale']);
    expect(
      labelMessage('Меф есть', undefined, {}, compileLabelModel({ ...base, lexiconVersion: 'x' })),
    ).toEqual(labelMessage('Меф есть', undefined, {}, null));
  });
});

describe('transliterated Russian (fold-text translitWord)', () => {
  it('reads Latin chat words as Russian, and leaves other words alone', () => {
    expect(translitWord('zakladki')).toBe('закладки');
    expect(translitWord('kazhdyj')).toBe('каждый');
    expect(translitWord('vyplaty')).toBe('выплаты');
    expect(translitWord('moy')).toBe('мой');
    expect(translitWord('ab')).toBe('');
    expect(translitWord('закладка')).toBe('');
    expect(foldText('r4b0t4')[0]).toMatchObject({ key: 'rabota', tr: 'работа' });
  });

  it('a post typed in Latin letters gets its label, with the Latin words as evidence', () => {
    const t = 'zakaz cherez bota, oplata v bote, klad cherez 20 min posle oplaty';
    const sale = labelMessage(t).find((h) => h.label === 'sale');
    expect(sale).toBeDefined();
    expect(sale!.terms.map((x) => t.slice(x.start, x.end))).toEqual(
      expect.arrayContaining(['klad', 'zakaz']),
    );
    expect(labelMessage('I will check the logs tomorrow, the sol is bright')).toEqual([]);
  });
});

describe('trainLogistic', () => {
  it('is deterministic and learns the sign of a separating feature', () => {
    const rows = [
      ...Array.from({ length: 20 }, (_, i) => ({ x: ['good', i % 2 ? 'noise' : 'other'], y: true })),
      ...Array.from({ length: 40 }, (_, i) => ({ x: ['bad', i % 2 ? 'noise' : 'other'], y: false })),
    ];
    const opts = { l2: 1, epochs: 500, rate: 0.5, minCount: 2, positiveWeight: 1, prune: 0 };
    const a = trainLogistic(rows, opts);
    expect(trainLogistic(rows, opts)).toEqual(a);
    expect(a.weights.get('good')!).toBeGreaterThan(1);
    expect(a.weights.get('bad')!).toBeLessThan(-1);
    expect(predict(a, ['good'])).toBeGreaterThan(0.5);
    expect(predict(a, ['bad'])).toBeLessThan(0.5);
  });
});

describe('model 5: rule features, per-word memo, lazy compile', () => {
  it('an `r:` feature adds its weight when the hand rule holds, and the rule’s terms explain the label', () => {
    const m = compileLabelModel({
      version: 't',
      lexiconVersion: LEXICON_VERSION,
      features: { pairs: false, rules: true, anchored: false },
      labels: { sale: { bias: -2, threshold: 0.5, weights: { 'r:sale': 3 } } },
    });
    const t = 'Меф в наличии, клады по районам, оператор @example_bot';
    const sale = labelMessage(t, undefined, {}, m).find((h) => h.label === 'sale');
    expect(sale?.score).toBeCloseTo(0.731, 3);
    expect(sale!.terms.map((x) => t.slice(x.start, x.end))).toEqual(expect.arrayContaining(['Меф', 'клады']));
    // A product alone: the sale rule does not hold, so nothing lifts the bias.
    expect(labelMessage('Меф, шишки', undefined, {}, m)).toEqual([]);
  });

  it('a word memoised as matching nothing in one lexicon is still matched in another', () => {
    const t = 'зюзюка в наличии, пишите';
    const other = compileLexicon({
      ...LEXICON_DATA,
      version: 'memo-test',
      groups: { ...LEXICON_DATA.groups, product: [{ t: 'зюзюка', lang: 'ru', w: 1 }] },
    });
    const products = (ev: ReturnType<typeof collectEvidence>) =>
      (ev?.counted ?? []).filter((h) => h.group === 'product').map((h) => h.out.term);
    expect(products(collectEvidence(t))).toEqual([]);
    expect(products(collectEvidence(t, other))).toEqual(['зюзюка']);
    expect(products(collectEvidence(t))).toEqual([]);
    expect(products(collectEvidence(t, other))).toEqual(['зюзюка']);
  });

  it('compiles the shipped lexicon and model once, on first use', () => {
    expect(defaultLexicon()).toBe(defaultLexicon());
    expect(defaultLexicon().version).toBe(LEXICON_VERSION);
    expect(defaultLabelModel()).toBe(model);
  });
});
