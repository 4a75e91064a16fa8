import { describe, expect, it } from 'vitest';
import { evaluateLabels, parseEvalSet } from './evaluate-labels.ts';
import { foldText, foldWord } from './fold-text.ts';
import { labelChannel } from './label-channel.ts';
import { labelMessage } from './label-message.ts';
import { compileLexicon, LEXICON_DATA, LEXICON_VERSION } from './lexicon.ts';

async function read(url: URL): Promise<string> {
  const fs = await import('node:fs/promises');
  return fs.readFile(url, 'utf8');
}
const TEXT = new URL('../../../../../shared/fixtures/third-party/telegram-text/', import.meta.url);
const labels = (t: string) => labelMessage(t).map((h) => h.label);

describe('foldWord / foldText', () => {
  it('folds homoglyphs, leetspeak, separators, repeats, Kazakh/Uzbek letters and ё', () => {
    expect(foldWord('зaклaдкa')).toBe(foldWord('закладка')); // Latin a inside a Cyrillic word
    expect(foldWord('3акладка')).toBe(foldWord('закладка'));
    expect(foldWord('м0нета')).toBe('монета');
    expect(foldWord('ЗАКЛАДКААА')).toBe(foldWord('закладка'));
    expect(foldWord('қазақ')).toBe('казак');
    expect(foldWord('ёлка')).toBe('елка');
    expect(foldWord('mеf')).toBe('mef'); // Cyrillic е inside a Latin word
    expect(foldWord('10гр')).toBe('10гр'); // quantities are not leetspeak
    const toks = foldText('з.а.к.л.а.д.к.а, з а к л а д к а');
    expect(toks.map((t) => t.key)).toEqual([foldWord('закладка'), foldWord('закладка')]);
    expect(toks[0]).toMatchObject({ start: 0, end: 15 });
  });

  it('keeps emoji as tokens without variation selectors', () => {
    expect(foldText('❄️ x').map((t) => t.key)).toEqual(['❄', 'x']);
  });
});

describe('labelMessage', () => {
  it('labels schematic shop, recruitment, training, payment and drop-report texts, with offsets', () => {
    const text = 'Меф в наличии, клады по районам, оператор @example_bot';
    const hits = labelMessage(text);
    expect(hits.map((h) => h.label)).toEqual(['sale']);
    const sale = hits[0]!;
    expect(sale.score).toBeGreaterThan(0.7);
    for (const t of sale.terms) expect(t.end).toBeGreaterThan(t.start);
    expect(sale.terms.map((t) => text.slice(t.start, t.end))).toEqual(
      expect.arrayContaining(['Меф', 'в наличии', 'клады']),
    );
    expect(labels('Требуются курьеры-закладчики, зп от 100к в неделю')).toEqual(['recruitment']);
    expect(labels('Обучение синтезу мефедрона, курс с поддержкой химика')).toEqual(['training']);
    expect(labels('Оплата за клад на карту, скрин чека оператору')).toEqual(['payment']);
    expect(labels('Клад сделан, фото и координаты 43.2567, 76.9286, магнит')).toEqual(['drop_report']);
    // The stemmer cuts `магнит` and `магниты` differently; terms match on the stem or the folded word.
    expect(labels('Магниты разложены, описание и фото по каждой точке')).toEqual(['drop_report']);
  });

  it('sees through obfuscation', () => {
    expect(labels('М.е.ф в наличии, клады по городу')).toContain('sale');
    expect(labels('3aклaдкa сделана, фото и координаты 43.2567, 76.9286')).toContain('drop_report');
    expect(labels('Рaбoтa зaклaдчикoм, зп каждую неделю')).toContain('recruitment');
    expect(labels('МЕЕЕФ в наличииии, клааады по городу')).toContain('sale');
  });

  it('Kazakh, Uzbek (Latin and Cyrillic) and English', () => {
    expect(labels('Закладчик керек, жалақы апта сайын, жұмыс қала бойынша')).toContain('recruitment');
    expect(labels('Kuryer kerak, zakladka ishi, maosh har hafta')).toContain('recruitment');
    expect(labels('Курьер керак, закладка иши, маош ҳар ҳафта')).toContain('recruitment');
    expect(labels('Mephedrone in stock, dead drops all over the city, DM the plug')).toContain('sale');
  });

  it('innocent senses stay clean', () => {
    for (const t of [
      'Добавьте щепотку соли в суп и варите 10 минут',
      'Купи соль и сахар, закончились',
      'Дети нашли клад — старинные монеты в огороде',
      'Коллекционирую почтовые марки, продам советские марки',
      'Какие марки машин самые надёжные?',
      'Сохрани ссылку в закладки браузера',
      'Закладка для книги своими руками',
      'Вырастили кристаллы соли на уроке химии',
      'В наличии кристаллы для LCD экранов, опт и розница',
      'Трава на газоне выросла, пора косить',
      'Собирали шишки в сосновом лесу для поделки',
      'Продам шишки кедровые, урожай этого года',
      'Работа курьером в службе доставки еды, оплата каждую неделю',
      'Требуются курьеры в Яндекс Доставку, зп от 60к, свободный график',
      'Переведи мне на карту за пиццу, скрин чека пришлю',
      'Git stash keeps changes; the commit hash is in the tag',
      'Удалённая работа, нужны люди, (не наркотики), от 200 в день',
      'Новости: в Шымкенте задержан закладчик',
      'Требуется кладовщик на склад стройматериалов, зп 250к',
    ]) {
      expect(labels(t), t).toEqual([]);
    }
  });

  it('is stable when compiled from the data again', () => {
    const again = compileLexicon(LEXICON_DATA);
    const t = 'Меф в наличии, клады по районам';
    expect(labelMessage(t, again)).toEqual(labelMessage(t));
    expect(LEXICON_VERSION).toMatch(/^\d{4}\.\d{2}\.\d{2}-\d+$/);
  });
});

describe('precision on real ordinary chat and recall on the synthetic set', () => {
  it('at most 1% of the tgspam ham lines get any drug label', async () => {
    const lines = (await read(new URL('tgspam_data_ham-samples.txt', TEXT)))
      .split('\n')
      .filter((l) => l.trim());
    const flagged = lines.filter((l) => labelMessage(l).length > 0);
    expect(lines.length).toBeGreaterThan(400);
    expect(flagged.length / lines.length).toBeLessThanOrEqual(0.01);
  });

  it('job-offer spam (a near miss for recruitment) is not labelled recruitment', async () => {
    const lines = (await read(new URL('tgspam_data_spam-samples.txt', TEXT)))
      .split('\n')
      .filter((l) => l.trim());
    const recruit = lines.filter((l) => labels(l).includes('recruitment'));
    expect(recruit.length / lines.length).toBeLessThanOrEqual(0.02);
  });

  it('sale and recruitment reach precision and recall ≥ 0.9 on the SYNTHETIC evaluation sets', async () => {
    const rows = [
      ...parseEvalSet(await read(new URL('./testdata/eval.synthetic.jsonl', import.meta.url))),
      ...parseEvalSet(await read(new URL('./testdata/eval.holdout.synthetic.jsonl', import.meta.url))),
    ];
    expect(rows.length).toBeGreaterThan(200);
    const { scores } = evaluateLabels(rows);
    for (const s of scores) {
      if (s.label === 'sale' || s.label === 'recruitment') {
        expect(s.precision, s.label).toBeGreaterThanOrEqual(0.9);
        expect(s.recall, s.label).toBeGreaterThanOrEqual(0.9);
      } else {
        expect(s.precision, s.label).toBeGreaterThanOrEqual(0.8);
        expect(s.recall, s.label).toBeGreaterThanOrEqual(0.8);
      }
    }
  });
});

describe('labelChannel', () => {
  it('aggregates message labels with evidence refs; one ambiguous post does not label a channel', () => {
    const one = labelChannel([{ ref: 'm:1', label: 'sale', score: 0.7 }]);
    expect(one).toEqual([]);
    const many = labelChannel(
      (function* () {
        for (let i = 0; i < 30; i++)
          yield { ref: `m:${i}`, label: 'sale' as const, score: i === 7 ? 0.99 : 0.6 };
        yield { ref: 'm:r', label: 'recruitment' as const, score: 0.9 };
        yield { ref: 'm:r2', label: 'recruitment' as const, score: 0.8 };
      })(),
    );
    expect(many.map((c) => c.label)).toEqual(['sale', 'recruitment']);
    expect(many[0]).toMatchObject({ messages: 30 });
    expect(many[0]!.evidence[0]).toBe('m:7');
    expect(many[0]!.evidence).toHaveLength(5);
    expect(many[1]!.score).toBeGreaterThan(0.5);
  });
});

describe('product-less posts (lexicon -3)', () => {
  it('labels shop, courier, payment, job and course posts that name no product', () => {
    expect(labels('Новый завоз в Северный район. Клады свежие, оператор на связи')).toContain('sale');
    expect(labels('Оплата получена. Адрес: Северный р-н, 43.238100, 76.945200. Фото по ссылке')).toContain(
      'sale',
    );
    expect(labels('Точка 4, Северный р-н, 9 адресов, фото загружены. Готово')).toEqual(['drop_report']);
    expect(
      labels(
        'Реквизиты для оплаты (Kaspi): 4400 0000 0000 0001. Сумма: 10 000 ₸. Оплата, затем пришлите чек',
      ),
    ).toEqual(['payment']);
    expect(labels('Жұмыс бар! Курьер керек, күнделікті төлем. Залог 30 000 ₸ или фото документа')).toContain(
      'recruitment',
    );
    expect(labels('Модуль 2: лабораторная часть, занятие 5')).toEqual(['training']);
  });

  it('keeps their innocent twins clean', () => {
    for (const t of [
      'Фрукты в наличии: яблоки, груши. Доставка по районам, заказ через бота',
      'Переведи мне 5000 на карту за пиццу, вот номер 4400 0000 0000 0002',
      'Требуются курьеры в пиццерию, график 2/2, зарплата от 250 000 тг',
      'Курьер, залог за термосумку, ежедневные выплаты',
      'Урок химии в 9 классе: лабораторная работа по кристаллизации соли',
      'Кадастровая карта участка, координаты углов 42.3012, 69.6011',
      'Доставил 3 адреса, фото чеков в чате',
      'Кулинарный курс: варка варенья и соусов, материалы в PDF',
      'Сдам квартиру, залог 50 000 тг, фото по ссылке',
    ])
      expect(labels(t), t).toEqual([]);
  });

  it('the product-less rules leave tgspam spam (crypto, ad sales, easy money) clean', async () => {
    const lines = (await read(new URL('tgspam_data_spam-samples.txt', TEXT)))
      .split('\n')
      .filter((l) => l.trim());
    const hit = lines.filter((l) => labelMessage(l).length > 0);
    expect(hit.length / lines.length).toBeLessThanOrEqual(0.01);
  });

  it('counts a validated payment identifier from the parser once, like the card pattern', () => {
    const t = 'Реквизиты для оплаты, перевод и чек в бот';
    expect(labelMessage(t).map((h) => h.label)).toEqual([]);
    expect(labelMessage(t, undefined, { hasPaymentIdentifier: true }).map((h) => h.label)).toEqual([
      'payment',
    ]);
  });

  it('hold-out set 2 (written before -3, blind half never tuned on): sale/recruitment precision ≥ 0.9', async () => {
    const all = (await read(new URL('./testdata/eval.holdout2.synthetic.jsonl', import.meta.url)))
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.startsWith('{"_meta"'))
      .map((l) => JSON.parse(l) as { text: string; labels: never[]; half: string });
    expect(all.length).toBeGreaterThanOrEqual(150);
    for (const half of ['tune', 'blind']) {
      const { scores } = evaluateLabels(all.filter((r) => r.half === half));
      for (const s of scores) {
        expect(s.precision, `${half} ${s.label}`).toBeGreaterThanOrEqual(0.85);
        // Recall on unseen phrasing is the weak point (docs/labels.md); the bar guards against regressions.
        expect(s.recall, `${half} ${s.label}`).toBeGreaterThanOrEqual(0.5);
      }
    }
  });
});

describe('labelChannel share', () => {
  const posts = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ ref: `m:${i}`, label: 'sale' as const, score: 0.8 }));

  it('labels a shop whose many other posts are unlabelled, and says why', () => {
    const [c] = labelChannel(posts(30), { totalMessages: 700 });
    expect(c).toMatchObject({ label: 'sale', messages: 30 });
    expect(c!.share).toBeCloseTo(30 / 700, 5);
    expect(c!.reason).toContain('30 of 700');
    expect(c!.evidence).toHaveLength(5);
  });

  it('a few stray ads in a huge ordinary chat do not label it; without a total the share is unknown', () => {
    expect(labelChannel(posts(5), { totalMessages: 100_000 })).toEqual([]);
    expect(labelChannel(posts(5))[0]).toMatchObject({ label: 'sale', share: null });
    expect(labelChannel(posts(1))).toEqual([]);
  });
});
