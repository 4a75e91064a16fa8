import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MESSAGE_LABELS } from '../model/tables.ts';
import {
  CONTEXT_REASON_KINDS,
  contextReasonEn,
  contextReasonRu,
  type ParsedContextReason,
  parseContextReason,
  renderContextReasonRu,
} from './context-reason-ru.ts';
import { evaluateChats, parseChatSet } from './evaluate-chats.ts';
import {
  type ChatMessage,
  labelChat,
  partyLineContext,
  recruiterContext,
  TradePartyCounter,
} from './label-chat.ts';

const DIR = new URL('./testdata/', import.meta.url);
const ALL_SETS = readdirSync(DIR)
  .filter((f) => /^eval\.chat\d+[a-z]+\.synthetic\.jsonl$/.test(f))
  .sort();
/**
 * The dev sets whose reasons hold every variant of every template the sets give (`variants` below; chosen by a greedy
 * cover over all 281 sets). `DRAGNET_REASONS_ALL=1` reads every set instead (about a minute and a half on two cores).
 */
const SAMPLE = ['103aa', '103ab', '151aa', '173aa'].map((s) => `eval.chat${s}.synthetic.jsonl`);
const SETS = process.env.DRAGNET_REASONS_ALL ? ALL_SETS : SAMPLE;

/** The variants of the templates a reason takes: the kind, and which optional parts it has. */
function variants(p: ParsedContextReason): string[] {
  switch (p.kind) {
    case 'chat':
      return [`chat:${p.rel}:${p.where}`, `chat:who:${p.who.kind}`, ...(p.more ? ['chat:more'] : [])];
    case 'refusal':
      return ['refusal', `refusal:who:${p.who.kind}`];
    case 'conversation':
      return [
        `conversation:${p.authors}:${p.label}`,
        ...(p.terms ? ['conversation:terms'] : []),
        ...(p.words ? ['conversation:words'] : []),
        ...(p.noTrade ? ['conversation:noTrade'] : []),
        ...(p.seller ? [`conversation:seller:${p.seller.scope}`] : []),
        ...(p.noLexicon ? ['conversation:noLexicon'] : []),
      ];
    case 'recruiter':
      return [`recruiter:${p.scope}`];
    case 'card':
      return [`card:${p.valid ? 'valid' : 'invalid'}`];
    case 'line':
      return [`line:${p.read.reads}`];
    case 'partyLine':
      return [`partyLine:${p.as}:${p.read.reads}:${p.scope}`];
  }
}

/** The marks the code writes among the model's words, which are translated (`MARKS_RU`). */
const MARKS = new Set(['card or wallet', 'phone number', 'money talk']);

/** What a reason quotes from the evidence or the lexicon (shown as it is): ids, names, terms and words. */
function verbatim(p: ParsedContextReason): {
  authors: string[];
  wheres: string[];
  ids: string[];
  words: string[];
} {
  const who = (w: { kind: string; id?: string }) => (w.kind === 'author' ? [w.id!] : []);
  const words = (ws: string[] | undefined) => (ws ?? []).filter((w) => !MARKS.has(w));
  switch (p.kind) {
    case 'chat':
    case 'refusal':
      return { authors: who(p.who), wheres: [], ids: [p.refs], words: [] };
    case 'conversation':
      return {
        authors: p.seller ? [p.seller.from] : [],
        wheres: p.seller ? [p.seller.party.where] : [],
        ids: [p.from, p.to],
        words: [...words(p.terms), ...words(p.words)],
      };
    case 'recruiter':
      return { authors: [p.from], wheres: [p.party.where], ids: [], words: [] };
    case 'card':
      return { authors: [], wheres: [], ids: [p.anchors.ids], words: [] };
    case 'line':
      return { authors: [], wheres: [], ids: [p.anchors.ids], words: words(p.read.words) };
    case 'partyLine':
      return { authors: [p.from], wheres: [p.party.where], ids: [], words: words(p.read.words) };
  }
}

/**
 * Asserts that a reason translates whole: it parses (no fallback), the parts give its English back byte for byte, the
 * quoted parts hold no piece of a template (they are the set's authors and chats, message ids, single words), and the
 * Russian, less the quoted parts, has no Latin letter left (no English word of a template).
 */
function expectTranslated(
  reason: string,
  where: string,
  known?: { authors: ReadonlySet<string>; chats: ReadonlySet<string> },
): ParsedContextReason {
  const p = parseContextReason(reason);
  expect(p, `no template for ${where}: ${reason}`).not.toBeNull();
  expect(contextReasonEn(p!)).toBe(reason);
  const ru = contextReasonRu(reason);
  expect(ru).toBe(renderContextReasonRu(p!));
  const v = verbatim(p!);
  for (const ids of v.ids) expect(ids, `${where}: ${reason}`).toMatch(/^\d+(?:, \d+)*$/);
  for (const w of v.words) expect(w, `${where}: ${reason}`).not.toMatch(/[;()]|, /);
  for (const list of v.wheres) expect(list, `${where}: ${reason}`).toMatch(/^(?:[^,#()]+ #\d+(?:, |$))*$/);
  if (known) {
    for (const a of v.authors) expect(known.authors.has(a), `${where}: author ${a} in ${reason}`).toBe(true);
    for (const list of v.wheres)
      for (const item of list.split(', ').filter((x) => x !== ''))
        expect(known.chats.has(item.replace(/ #\d+$/, '')), `${where}: ${item} in ${reason}`).toBe(true);
  }
  let rest = ru;
  for (const s of [...v.authors, ...v.wheres, ...v.words].sort((a, b) => b.length - a.length))
    rest = rest.split(s).join(' ');
  expect(rest, `${where}: ${reason}\n→ ${ru}`).not.toMatch(/[A-Za-z]/);
  return p!;
}

describe('context reasons in Russian (contextReasonRu)', () => {
  it(`translates every reason of ${SETS.length === ALL_SETS.length ? 'all the' : 'a sample of the'} dev sets whole, and the sample meets every variant the sets give`, () => {
    const seen = new Map<string, number>();
    let n = 0;
    for (const f of SETS) {
      const rows = parseChatSet(readFileSync(new URL(f, DIR), 'utf8'));
      const known = {
        authors: new Set(rows.map((r) => r.from).filter((x): x is string => x !== null)),
        chats: new Set(rows.map((r) => r.chat)),
      };
      for (const r of evaluateChats(rows).rows)
        for (const c of r.context) {
          n++;
          for (const k of variants(expectTranslated(c.reason, `${f} ${r.row.chat}`, known)))
            seen.set(k, (seen.get(k) ?? 0) + 1);
        }
    }
    expect(n).toBeGreaterThan(200);
    // Every variant the 281 sets give (measured over all of them); the sample must keep meeting each.
    expect([...seen.keys()].sort()).toEqual(
      expect.arrayContaining([
        'card:invalid',
        'card:valid',
        'chat:message:channel',
        'chat:message:group',
        'chat:message:two',
        'chat:more',
        'chat:reply:group',
        'chat:reply:two',
        'chat:thread:group',
        'chat:who:author',
        'chat:who:others',
        'chat:who:same',
        'conversation:noLexicon',
        'conversation:noTrade',
        'conversation:seller:export',
        'conversation:terms',
        'conversation:three:recruitment',
        'conversation:three:sale',
        'conversation:two:recruitment',
        'conversation:two:sale',
        'conversation:words',
        'line:drop_report',
        'line:payment',
        'line:training',
        'partyLine:recruitment:drop_report:export',
        'partyLine:recruitment:training:export',
        'partyLine:sale:drop_report:export',
        'partyLine:sale:training:export',
        'recruiter:export',
        'refusal',
        'refusal:who:author',
      ]),
    );
    // The kinds are the labeller's every template (label-chat.ts); each is met.
    expect(new Set([...seen.keys()].map((k) => k.split(':')[0]))).toEqual(new Set(CONTEXT_REASON_KINDS));
  }, 600_000);

  it('words the reasons a review quoted as an investigator would', () => {
    const cases: Array<[string, string]> = [
      [
        'message in a two-person chat where u14 posted recruitment evidence: messages 1, 5, 8; own score 0.00',
        'сообщение в личной переписке, где u14 публиковал признаки вербовки: сообщения 1, 5, 8; собственная оценка 0,00',
      ],
      [
        'reply in a thread in a group chat where 2 other authors posted sale evidence: messages 2, 3; own score 0.59',
        'ответ в ветке обсуждения в групповом чате, где 2 других автора публиковали признаки продажи: сообщения 2, 3; собственная оценка 0,59',
      ],
      [
        'message in a group chat where 5 other authors posted sale evidence: messages 9, 8, 7, 6, 5 and 2 more; own score 0.10',
        'сообщение в групповом чате, где 5 других авторов публиковали признаки продажи: сообщения 9, 8, 7, 6, 5 и ещё 2; собственная оценка 0,10',
      ],
      [
        'message in a channel where the same author posted sale evidence: messages 1; own score 0.45',
        'сообщение в канале, где этот же автор публиковал признаки продажи: сообщение 1; собственная оценка 0,45',
      ],
      [
        'message in a two-person exchange (messages 1–6) read as a whole as a sale conversation: 0.99 (terms: перезаклад, card or wallet; words: скинул, как); own score 0.58',
        'сообщение в переписке двух человек (сообщения 1–6), прочитанной целиком как разговор о продаже: 0,99 (термины: перезаклад, карта или кошелёк; слова: скинул, как); собственная оценка 0,58',
      ],
      [
        "message in a two-person exchange (messages 1–6) read as a whole as a sale conversation: 0.95 (words: же, скинул, как), with no line the trade's by itself (sure: ≥ 0.8, and an amount named); no line of the exchange has a lexicon word; own score 0.00",
        'сообщение в переписке двух человек (сообщения 1–6), прочитанной целиком как разговор о продаже: 0,95 (слова: же, скинул, как), хотя ни одна строка сама по себе не относится к торговле (нужны уверенность ≥ 0,8 и названная сумма); ни в одной строке переписки нет слова из словаря; собственная оценка 0,00',
      ],
      [
        "a line of a chat whose messages 3 are the trade's (own drop_report), read as a report of placed stashes by the drop_report line model: 0.69 (words: шт, забрал, мастер)",
        'сообщение в чате, где к торговле относится сообщение 3 (по собственным меткам: отчёт о закладке); модель отдельных сообщений «отчёт о закладке» читает его как отчёт о сделанных закладках: 0,69 (слова: шт, забрал, мастер)',
      ],
      [
        "a line of a chat whose messages 3, 4, 6 are the trade's (own sale), read as its money talk by the payment line model: 0.85 (words: оплата, карту)",
        'сообщение в чате, где к торговле относятся сообщения 3, 4, 6 (по собственным меткам: продажа); модель отдельных сообщений «оплата» читает его как разговор о деньгах торговли: 0,85 (слова: оплата, карту)',
      ],
      [
        "a number written as a card or wallet (its checksum fails: no identifier), posted in a chat whose messages 3, 1 are the trade's (own recruitment)",
        'номер, записанный как карта или кошелёк (контрольная сумма не сходится: это не идентификатор) в чате, где к торговле относятся сообщения 3, 1 (по собственным меткам: вербовка)',
      ],
      [
        'message by op, known as a recruiter in this export: 10 own recruitment messages in 5 chats (c03 #1, c03 #5, c04 #1); own score 0.61 (≥ 0.5)',
        'сообщение автора op, известного в этой выгрузке как вербовщик: 10 сообщений с собственной меткой «вербовка» в 5 чатах (c03 #1, c03 #5, c04 #1); собственная оценка 0,61 (≥ 0,5)',
      ],
      [
        "a candidate's no in a two-person chat to the job u65 offered: messages 1; own score 0.00",
        'отказ кандидата в личной переписке от работы, которую предлагал u65: сообщение 1; собственная оценка 0,00',
      ],
    ];
    for (const [en, ru] of cases) {
      expectTranslated(en, 'quoted');
      expect(contextReasonRu(en)).toBe(ru);
    }
  });

  it('keeps what the evidence wrote as it was, markup and all (shown as text)', () => {
    const hostile =
      'message in a two-person chat where tg:user:<b>7</b> posted sale evidence: messages 1; own score 0.04';
    expect(contextReasonRu(hostile)).toBe(
      'сообщение в личной переписке, где tg:user:<b>7</b> публиковал признаки продажи: сообщение 1; собственная оценка 0,04',
    );
    // An author id that mimics the template's words is still one author.
    const mimic =
      'message in a group chat where x posted sale evidence: messages 1 posted recruitment evidence: messages 4; own score 0.20';
    expect(parseContextReason(mimic)).toMatchObject({
      who: { kind: 'author', id: 'x posted sale evidence: messages 1' },
    });
    expect(contextReasonEn(parseContextReason(mimic)!)).toBe(mimic);
  });

  it('leaves a reason no template builds in English, whole', () => {
    for (const text of [
      '',
      'something else entirely',
      // A label the model does not have, a cut reason, a template of a later labeller.
      'message in a two-person chat where u1 posted fraud evidence: messages 1; own score 0.10',
      'message in a two-person chat where u1 posted sale evidence: messages 1',
      "a line of a chat whose messages 3 are the trade's (own drop_report), read as its gossip by the drop_report line model: 0.69",
      'message in a two-person exchange (messages 1–6) read as a whole as a sale conversation: 0.99 (phrases: x); own score 0.58',
      'message in a two-person chat where u14 posted recruitment evidence: messages 1, 5, 8; own score 0.00 | message by op',
    ]) {
      expect(parseContextReason(text)).toBeNull();
      expect(contextReasonRu(text)).toBe(text);
    }
  });

  it('covers the rare shapes: a channel as the other side, no words, a line model naming none, a recruiter’s refusal', () => {
    for (const en of [
      'message in a two-person chat where the channel posted sale evidence: messages 1; own score 0.20',
      'reply in a two-person chat where 3 other authors posted recruitment evidence: messages 1, 2, 3; own score 0.20',
      'message in a three-person exchange (messages 4–9) read as a whole as a recruitment conversation: 0.91 (); own score 0.10',
      "a line of a chat whose messages 2 are the trade's (own sale, payment), read as its money talk by the payment line model: 0.75",
      "a card or wallet that passes its checksum, posted in a chat whose messages 1 are the trade's (own sale)",
      "a candidate's no in a two-person chat to the job 2 other authors offered: messages 1, 2; own score 0.00",
    ])
      expectTranslated(en, 'rare');
    expect(
      contextReasonRu(
        "a candidate's no in a two-person chat to the job 21 other authors offered: messages 1, 2; own score 0.00",
      ),
    ).toBe(
      'отказ кандидата в личной переписке от работы, которую предлагал 21 другой автор: сообщения 1, 2; собственная оценка 0,00',
    );
  });
});

describe('the case-level reasons (services caseTradeContext) in Russian', () => {
  const dm = (rows: Array<[string, string]>): ChatMessage[] =>
    rows.map(([from, text], i) => ({ id: String(i + 1), from, text }));
  const counter = new TradePartyCounter();
  counter.add('tg:chat:1', '101', 'tg:user:900', [{ label: 'sale' }]);
  counter.add('tg:chat:2', '7', 'tg:user:900', [{ label: 'sale' }]);
  const sellers = counter.parties();
  const party = {
    count: 2,
    chats: 2,
    refs: [
      { chat: 'tg:chat:1', id: '1' },
      { chat: 'tg:chat:2', id: '1' },
    ],
  };

  it('a known seller of the case standing for the trade line', () => {
    const bare = dm([
      ['b4', 'салам, сегодня можно?'],
      ['tg:user:900', 'через час, там же'],
      ['b4', 'ок, скинул'],
      ['tg:user:900', 'жди'],
    ]);
    const c = labelChat(bare, { parties: sellers, partiesScope: 'case', chatId: 'tg:chat:9' })[0]!
      .context[0]!;
    expect(c.reason).toMatch(/known as a seller in this case/);
    const p = expectTranslated(c.reason, 'case seller');
    expect(variants(p)).toContain('conversation:seller:case');
    expect(contextReasonRu(c.reason)).toMatch(
      /, при этом tg:user:900 известен в этом деле как продавец: 2 сообщения с собственной меткой «продажа» в 2 чатах \(tg:chat:1 #101, tg:chat:2 #7\); ни в одной строке переписки нет слова из словаря; собственная оценка 0,\d\d$/,
    );
  });

  it('a known recruiter of the case', () => {
    const c = recruiterContext(
      'Тимур, ты без работы? есть дело, 250к в неделю, пиши в лс',
      'tg:user:800',
      party,
      {
        scope: 'case',
        chatId: 'tg:chat:3',
      },
    )!;
    expect(c.reason).toMatch(/^message by tg:user:800, known as a recruiter in this case: /);
    expect(variants(expectTranslated(c.reason, 'case recruiter'))).toEqual(['recruiter:case']);
    expect(contextReasonRu(c.reason)).toMatch(
      /^сообщение автора tg:user:800, известного в этом деле как вербовщик: 2 сообщения с собственной меткой «вербовка» в 2 чатах \(tg:chat:1 #1, tg:chat:2 #1\); собственная оценка 0,\d\d \(≥ 0,5\)$/,
    );
  });

  it('a line of a chat a known seller or recruiter of the case writes in', () => {
    for (const [label, text, reads] of [
      ['sale', 'телефон рабочий отдельно, переписку чисти каждый вечер', 'training'],
      ['recruitment', 'Ош, Черёмушки 5 шт готово. Фото в боте', 'drop_report'],
    ] as const) {
      const [c] = partyLineContext(
        text,
        new Set(),
        { from: 'tg:user:900', label, party },
        { scope: 'case', chatId: 'tg:chat:3' },
      );
      expect(c?.reason).toMatch(/ in this case: /);
      expect(variants(expectTranslated(c!.reason, 'case party line'))).toEqual([
        `partyLine:${label}:${reads}:case`,
      ]);
    }
  });

  it('names the labels as the model has them, each with a Russian name', () => {
    const p = parseContextReason(
      'message in a two-person chat where u1 posted drop_report evidence: messages 1; own score 0.10',
    );
    expect(p).not.toBeNull();
    for (const l of MESSAGE_LABELS)
      expect(
        contextReasonRu(`message in a group chat where u1 posted ${l} evidence: messages 1; own score 0.10`),
      ).not.toMatch(/[A-Za-z_]{2,}/);
  });
});
