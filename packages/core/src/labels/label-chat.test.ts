import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractIdentifiers } from '../extract/extract-identifiers.ts';
import type { MessageLabelRow, ParsedRecord } from '../model/tables.ts';
import { ChatContextPass, contextOfLabel, isContextLabel } from './chat-context-pass.ts';
import { asWritten, evaluateChats, parseChatSet } from './evaluate-chats.ts';
import {
  type ChatMessage,
  chatParty,
  contextCandidates,
  labelChat,
  OFFER_REACH,
  partyLineContext,
  RECRUITER_MIN_OWN,
  recruiterContext,
  TradePartyCounter,
} from './label-chat.ts';
import { labelMessage } from './label-message.ts';
import {
  CONVERSATION_MODEL_DATA,
  compileConversationModel,
  messageNgrams,
  RECRUITMENT_CONVERSATION_MODEL_DATA,
} from './conversation-model.ts';
import { compileLexicon, LEXICON_DATA, LEXICON_VERSION } from './lexicon.ts';
import { LINE_MODEL_DATA } from './line-models.ts';

async function read(url: URL): Promise<string> {
  const fs = await import('node:fs/promises');
  return fs.readFile(url, 'utf8');
}
const TEXT = new URL('../../../../../shared/fixtures/third-party/telegram-text/', import.meta.url);

const MENU =
  'Добро пожаловать в магазин! Выберите товар: 1) мефедрон 1г — 5000₸ 2) шишки АК-47 1г — 6000₸. Клад в течение часа после оплаты.';
const PAY = 'Оплатите 6000₸ на карту, после оплаты бот выдаст адрес клада.';
const JOB = 'Требуются курьеры-закладчики, оплата 2000 за клад, выплаты каждый день. Залог 10 000. Пиши в лс';

const shopDm: ChatMessage[] = [
  { id: '101', from: 'bot', text: MENU },
  { id: '102', from: 'buyer', text: '2' },
  { id: '103', from: 'bot', text: PAY },
  { id: '104', from: 'buyer', text: 'я оплатил' },
  { id: '105', from: 'buyer', text: 'спасибо' },
  { id: '106', from: 'buyer', text: 'ок' },
];

/** A dealer's DM with no line a per-message labeller calls a sale (schematic; chat-15). */
const dealerDm: ChatMessage[] = [
  { id: '1', from: 'b', text: 'салам, на вечер есть?' },
  { id: '2', from: 'd', text: 'есть. район какой' },
  { id: '3', from: 'b', text: 'центр, как обычно одну' },
  { id: '4', from: 'd', text: 'карта прежняя' },
  { id: '5', from: 'b', text: 'скинул' },
  { id: '6', from: 'd', text: 'через час точку скину' },
];

/** A two-person exchange from (author, text) pairs, numbered from 1; with `t0`, a minute apart from then. */
const dm = (rows: Array<[string, string]>, t0?: number): ChatMessage[] =>
  rows.map(([from, text], i) => ({
    id: String(i + 1),
    from,
    text,
    ...(t0 !== undefined ? { time: new Date(t0 + i * 60_000).toISOString() } : {}),
  }));

const context = (chat: ChatMessage[], options: Parameters<typeof labelChat>[1] = {}) =>
  new Map(labelChat(chat, options).map((r) => [r.id, r.context]));

/** chat-23: a regular's coded DM with a dealer `d`: no line the trade's by itself, no amount named. */
const codedRegular = dm([
  ['b3', 'салам, на вечер есть?'],
  ['d', 'есть. как обычно?'],
  ['b3', 'да, как обычно'],
  ['d', 'кидай на ту же карту'],
  ['b3', 'скинул'],
  ['d', 'жди, там же где в тот раз'],
]);
/** The ids of the messages the chat context gives a label. */
const lifted = (chat: ChatMessage[]) =>
  labelChat(chat)
    .filter((r) => r.context.length > 0)
    .map((r) => r.id);

describe('labelChat', () => {
  it("gives a buyer's bare `2` after a shop bot's menu `sale` from the chat, naming the menu", () => {
    const c = context(shopDm).get('102')!;
    expect(c.map((x) => x.label)).toEqual(['sale']);
    expect(c[0]!.refs).toContain('101');
    expect(c[0]!.reason).toMatch(/two-person chat where bot posted sale evidence: messages 101/);
    expect(c[0]!.score).toBeGreaterThan(0.5);
    expect(
      context(shopDm)
        .get('104')!
        .map((x) => x.label),
    ).toEqual(['sale']);
  });

  it('keeps each message its own labels, exactly those of labelMessage', () => {
    for (const r of labelChat(shopDm)) {
      const m = shopDm.find((x) => x.id === r.id)!;
      expect(r.labels).toEqual(labelMessage(m.text));
    }
    // A label the message has already is never added again as context.
    expect(context(shopDm).get('101')).toEqual([]);
  });

  it('does not lift a bare thanks or ok by the rules', () => {
    const rules = new Map(labelChat(shopDm, { conversation: null }).map((r) => [r.id, r.context]));
    expect(rules.get('105')).toEqual([]);
    expect(rules.get('106')).toEqual([]);
    expect(rules.get('104')!.map((x) => x.label)).toEqual(['sale']);
  });

  it("reads a dealer's exchange as a whole (chat-15): the buyer's thanks in it is the sale's too", () => {
    const chat: ChatMessage[] = [...dealerDm, { id: '7', from: 'b', text: 'спасибо' }];
    expect(labelChat(chat, { conversation: null }).every((r) => r.context.length === 0)).toBe(true);
    const c = context(chat).get('7')!;
    expect(c.map((x) => x.label)).toEqual(['sale']);
    expect(c[0]!.reason).toMatch(
      /two-person exchange \(messages 1–7\) read as a whole as a sale conversation: 0\.\d\d \(/,
    );
    expect(c[0]!.refs.length).toBeGreaterThan(0);
  });

  it('does not lift an acknowledgement with a waiting or received word, in any of the case languages', () => {
    for (const text of [
      'рахмет, күтем',
      'пришло 👍',
      'спасиб',
      'ок жду',
      'keyin yozaman',
      'рахмет брат',
      'thanks, got it',
    ]) {
      const c = context([
        { id: '11', from: 'rec', text: JOB },
        { id: '12', from: 'js', text },
      ]);
      expect(c.get('12'), text).toEqual([]);
    }
    // A word that is no acknowledgement keeps the lift: `брат` alone rides along, `ок жду адрес` asks for the stash.
    const c = context([
      { id: '1', from: 'bot', text: MENU },
      { id: '2', from: 'buyer', text: 'ок жду адрес' },
    ]);
    expect(c.get('2')!.map((x) => x.label)).toEqual(['sale']);
  });

  it('gives a card or wallet line the chat rules’ label only through the recruitment exchange (chat-44)', () => {
    const dm: ChatMessage[] = [
      { id: '1', from: 'rec', text: JOB },
      { id: '2', from: 'js', text: 'а паспорт нужен?' },
      { id: '3', from: 'rec', text: 'TJB1C9XCiQMuNWWN2uHaLJD3c2pRrGxtD7' },
      { id: '4', from: 'rec', text: 'на эту: 4400 7171 2345 6789' },
    ];
    const c = context(dm);
    expect(c.get('2')!.map((x) => x.label)).toEqual(['recruitment']);
    // The rules lift no card or wallet line to `recruitment` (payment is its own evidence): `chat-40` gives a card that
    // passes Luhn `payment`, and `chat-56` an address written as a wallet whose TRON checksum fails (no identifier; the
    // reason says so; `chat-46`'s line model off).
    const rules = context(dm, { recruitmentConversation: null, lineModels: { payment: null } });
    expect(rules.get('3')!.map((x) => x.label)).toEqual(['payment']);
    expect(rules.get('3')![0]!.reason).toMatch(
      /^a number written as a card or wallet \(its checksum fails: no identifier\)/,
    );
    expect(rules.get('4')!.map((x) => x.label)).toEqual(['payment']);
    expect(rules.get('4')![0]!.reason).toMatch(/^a card or wallet that passes its checksum/);
    // `chat-44`: the recruitment model reads the recruiter's requisites for the deposit as the exchange's lines, as the
    // newer sets label them (`recruitment` and `payment`).
    expect(c.get('3')!.map((x) => x.label)).toEqual(['recruitment', 'payment']);
    expect(c.get('4')!.map((x) => x.label)).toEqual(['recruitment', 'payment']);
    expect(c.get('4')![0]!.reason).toMatch(/read as a whole as a recruitment conversation/);
  });

  it("lifts a courier's question in a working chat of drop reports with a recruitment anchor, not the reports", () => {
    const REPORT = 'Клад готов 📍 43.29498, 76.79602 магнит под перилами, фото ниже';
    const chat: ChatMessage[] = [
      { id: '1', from: 'cur', text: JOB },
      { id: '2', from: 'cour', text: REPORT },
      { id: '3', from: 'cour', text: 'Клад готов 📍 43.21533, 76.91848 прикоп у столба, фото 2 шт' },
      { id: '4', from: 'cour', text: 'понял. а если спалят?' },
      { id: '5', from: 'cour', text: 'итого 17 из 20, оставшиеся 3 завтра' },
    ];
    const c = context(chat);
    expect(labelMessage(REPORT).map((l) => l.label)).toContain('drop_report');
    expect(c.get('4')!.map((x) => x.label)).toEqual(['recruitment']);
    expect(c.get('5')).toEqual([]);
  });

  it('leaves the same `2` in a family chat clean: no confident trade message, no context', () => {
    const family: ChatMessage[] = [
      { id: '1', from: 'mom', text: 'Кто будет ужинать? Есть плов и суп' },
      { id: '2', from: 'son', text: '2' },
      { id: '3', from: 'mom', text: 'хорошо, оставлю тебе плов' },
    ];
    expect([...context(family).values()].flat()).toEqual([]);
  });

  it("gives a job seeker's `а паспорт нужен?` after a recruiter's post `recruitment`", () => {
    const dm: ChatMessage[] = [
      { id: '11', from: 'rec', text: JOB },
      { id: '12', from: 'js', text: 'а паспорт нужен?' },
    ];
    expect(
      context(dm)
        .get('12')!
        .map((x) => x.label),
    ).toEqual(['recruitment']);
    // In a group only a question that replies to the post is lifted; the other members' talk is not.
    const group: ChatMessage[] = [
      { id: '21', from: 'rec', text: JOB },
      { id: '22', from: 'a', text: 'кто на футбол завтра?' },
      { id: '23', from: 'js', text: 'а паспорт нужен?', replyTo: '21' },
      { id: '24', from: 'b', text: 'а паспорт нужен?' },
      { id: '25', from: 'c', text: 'Кто-нибудь знает хороший сервис для диаграмм?', replyTo: '21' },
    ];
    const g = context(group);
    expect(g.get('23')!.map((x) => x.label)).toEqual(['recruitment']);
    expect(g.get('23')![0]!.reason).toMatch(/^reply in a group chat where rec posted recruitment/);
    expect(g.get('22')).toEqual([]);
    expect(g.get('24')).toEqual([]);
    // An unrelated question replying to the post stays clean: it does not lean to the label itself.
    expect(g.get('25')).toEqual([]);
  });

  it("takes a buyer's review that replies to the shop's own unlabelled post as a loose sale line (chat-18)", () => {
    const at = (h: number) => new Date(Date.UTC(2025, 0, 1, h)).toISOString();
    const group: ChatMessage[] = [
      { id: '1', from: 'shop', text: MENU, time: at(0) },
      { id: '2', from: 'shop', text: 'Пополнение в Сино 🔥 пишите оператору', time: at(1) },
      {
        id: '3',
        from: 'r',
        text: 'вчера брал в Фирдавси, всё на месте, качество 🔥',
        replyTo: '2',
        time: at(2),
      },
      { id: '4', from: 'm', text: 'кто на футбол завтра?', time: at(3) },
      {
        id: '5',
        from: 'x',
        text: 'вчера брал в Фирдавси, всё на месте, качество 🔥',
        replyTo: '4',
        time: at(4),
      },
    ];
    expect(labelChat(group)[1]!.labels).toEqual([]);
    const g = context(group);
    expect(g.get('3')!.map((x) => x.label)).toEqual(['sale']);
    // The same review replying to a member's chat about football is another thread.
    expect(g.get('5')).toEqual([]);
    // Past the time gap the shop's post roots no thread of the review.
    const late = group.map((m) =>
      m.id === '3' ? { ...m, time: at(80) } : m.id === '2' ? { ...m, time: at(1) } : m,
    );
    const moved = late.map((m) => (m.id === '1' ? { ...m, time: at(79) } : m));
    expect(context(moved).get('3')).toEqual([]);
  });

  it('in a group, lifts only questions that reply to an anchor and lean to its label (reply links)', () => {
    const group: ChatMessage[] = [
      { id: '31', from: 'shop', text: MENU },
      { id: '32', from: 'a', text: 'кто на футбол завтра?' },
      { id: '33', from: 'b', text: 'Продаю велосипед, почти новый, 50 000' },
      { id: '34', from: 'c', text: 'а на Kaspi можно оплатить?', replyTo: '31' },
      { id: '35', from: 'd', text: 'а на Kaspi можно оплатить?', replyTo: '33' },
      { id: '36', from: 'e', text: 'а торг уместен?', replyTo: '31' },
      { id: '37', from: 'f', text: 'а клад где будет?' },
      { id: '38', from: 'rec', text: JOB },
      { id: '39', from: 'g', text: 'а паспорт нужен?', replyTo: '32' },
      { id: '40', from: 'h', text: 'а паспорт нужен?', replyTo: '38' },
    ];
    const g = context(group);
    const lifted = [...g].filter(([, c]) => c.length > 0).map(([id, c]) => `${id}:${c.map((x) => x.label)}`);
    // The buyer's question to the shop's post and the candidate's to the job post; not the same question replying
    // to a member's post (35, 39), nor one that does not lean to the label (36). Since `chat-12` a line that replies
    // to nothing and leans to sale itself (37, `а клад где будет?`) is the shop's buyer too; with the rule off it is not.
    expect(lifted).toEqual(['34:sale', '37:sale', '40:recruitment']);
    const strict = new Map(labelChat(group, { minOwnLoose: 1 }).map((r) => [r.id, r.context]));
    expect([...strict].filter(([, c]) => c.length > 0).map(([id]) => id)).toEqual(['34', '40']);
    expect(g.get('34')![0]!.reason).toMatch(
      /^reply in a group chat where shop posted sale evidence: messages 31/,
    );
    expect(g.get('34')![0]!.refs[0]).toBe('31');
  });

  it("chat-12 at 0.3: a buyer's line that replies to nothing and leans to sale at 0.3–0.4 is the shop's buyer", () => {
    const group: ChatMessage[] = [
      { id: '1', from: 'shop', text: MENU },
      { id: '2', from: 'a', text: 'кто на футбол завтра?' },
      { id: '3', from: 'b', text: 'оператор быстро отвечает, рекомендую' },
      { id: '4', from: 'c', text: 'мне адрес час ждать пришлось' },
    ];
    const lifted = (options: Parameters<typeof labelChat>[1] = {}) =>
      labelChat(group, options)
        .filter((r) => r.context.some((c) => c.label === 'sale'))
        .map((r) => r.id);
    // Own sale probabilities 0.395 and 0.357: under the old 0.4 neither was lifted.
    expect(lifted()).toEqual(['3', '4']);
    expect(lifted({ minOwnLoose: 0.4 })).toEqual([]);
    // A line that does not lean to sale stays out at 0.3 too.
    expect(lifted({ minOwnLoose: 0.3 })).not.toContain('2');
  });

  it("leaves a refusing merchant's questions and refusals clean, and his later lines after the no but a question", () => {
    // A recruiter pitches card processing to a P2P merchant (33DB): he asks what it is, then refuses.
    const asks: ChatMessage[] = [
      { id: '1', from: 'rec', text: JOB },
      { id: '2', from: 'M', text: 'что продаете?' },
      { id: '3', from: 'rec', text: JOB },
      { id: '4', from: 'M', text: 'это наркотики?' },
    ];
    // Without a refusal his questions read as a candidate's (the convention: a job seeker's risk questions are
    // recruitment), so the chat lifts them: the refusal below is what clears them.
    expect(lifted(asks)).toEqual(['2', '4']);
    const refuses: ChatMessage[] = [
      ...asks,
      { id: '5', from: 'M', text: 'нет. больше не пиши мне' },
      { id: '6', from: 'rec', text: JOB },
      { id: '7', from: 'M', text: 'а паспорт нужен?' },
    ];
    const rulesOnly = (chat: ChatMessage[]) =>
      labelChat(chat, { recruitmentConversation: null })
        .filter((r) => r.context.length > 0)
        .map((r) => r.id);
    // `chat-49`: his no to the offer (the recruiter's post two lines before it) is the candidate's side; `chat-55`: so
    // is his question about the job the recruiter posts again after the no (coming back to it), whatever his no.
    expect(rulesOnly(refuses)).toEqual(['5', '7']);
    // The recruitment model (`chat-26`; since `chat-41` at its 0.5) reads the exchange before the no as an offer turned
    // down, the questions included, as the sets label them; never the no (`chat-49`'s).
    const whole = labelChat(refuses).filter((r) => r.context.some((c) => /read as a whole/.test(c.reason)));
    expect(whole.map((r) => r.id)).toEqual(['2', '4']);
    expect(
      labelChat(refuses)
        .filter((r) => r.context.length > 0)
        .map((r) => r.id),
    ).toEqual(['2', '4', '5', '7']);
    for (const r of whole)
      expect(r.context[0]!.reason).toMatch(/^message in a two-person exchange \(messages 1–4\)/);
    // `chat-55`: his second no to the post again is the candidate's side too (the sets' authors label it so)…
    const again = [...refuses.slice(0, 6), { id: '7', from: 'M', text: 'нет, не буду' }];
    expect(rulesOnly(again)).toEqual(['5', '7']);
    // …but his later line about something else stays clean: a person who said no is not the trade's other side for it.
    const stays = [...refuses.slice(0, 6), { id: '7', from: 'M', text: 'ладно, мне пора на тренировку' }];
    expect(
      labelChat(stays)
        .filter((r) => r.context.length > 0)
        .map((r) => r.id),
    ).toEqual(['2', '4', '5']);
    // Without the offer within `OFFER_REACH` lines before it, his second no stays clean too.
    const far = [
      ...refuses.slice(0, 6),
      ...['ок', 'понял', 'ладно', 'давай', 'ага'].map((text, k) => ({
        id: String(7 + k),
        from: k % 2 ? 'rec' : 'M',
        text,
      })),
      { id: '12', from: 'M', text: 'нет, не буду' },
    ];
    expect(rulesOnly(far)).toContain('5');
    expect(rulesOnly(far)).not.toContain('12');
    // The refusal is his: another author's same question, replying to the post, is still the candidate's.
    expect(rulesOnly([...refuses, { id: '8', from: 'js', text: 'а паспорт нужен?', replyTo: '6' }])).toEqual([
      '8',
    ]);
    // A refusal is one in every case language; a job seeker's ordinary questions are not one.
    // `chat-49` lifts the no to the offer itself; the refusal shows in the episode of the author's next question.
    for (const text of [
      'третьи лица запрещены правилами площадки, так не работаю',
      'declined, third-party payments are not accepted on my ads',
      'заблокировал тебя и сообщу в поддержку',
      'no thanks',
      'отказываюсь',
      "yo'q, rahmat",
      'жоқ, рахмет',
      'маған керек емес',
      'керегим жок',
      'бошқа ёзма менга',
      "don't text me again",
      // chat-14: the police in Kazakh, Tajik, Uzbek and Kyrgyz; a Tajik `I'm not going into this work`.
      'Жоқ. Нөміріңізді полицияға беремін',
      'Не бародар, ман ба ин кор намеравам',
      'politsiyaga ariza beraman',
      'номерин милицияга берем',
      // chat-16: I don't do such things, delete my number; a no with "not needed" in Kazakh, Kyrgyz, Tajik.
      'не, я таким не занимаюсь',
      'нет, удали мой номер',
      'жоқ керек емес',
      'жок, керек эмес',
      'не, даркор нест',
      // chat-17: a wrong-number reply turns the other away.
      'это не мне, оператору скидывай',
      'не мне пиши, сюда пиши',
      'вы ошиблись номером',
      'қате жаздың',
      'xato yozdingiz',
      'wrong number bro',
      // chat-21: I won't get into it, get lost, forget I said anything, my card I won't give (ru, kk, uz, ky).
      'не, брат, я в это не полезу',
      'нет, иди лесом',
      'ок, забей, я ничего не говорил',
      'картамды бермеймін',
      'kartamni sotmayman',
      'картамды бербейм',
      // chat-34: a stranger turns the other away: who are you, where did you get my number, I don't deal with that,
      // don't write (ru, en, tg, kk, ky, uz), and the member added to a shop's channel who leaves it.
      'вы кто? откуда мой номер',
      'я вас не знаю',
      "no man, I don't deal with that",
      'I never touched that. wrong account',
      'Ман намедонам, нанависед',
      'Шумо кӣ? Ман намедонам',
      'сіз кімсіз?',
      'сиз кимсиз?',
      'siz kimsiz? raqamimni qayerdan oldingiz',
      'в какой-то канал добавили, выхожу',
      // chat-35: I said no, don't even think, go to the police, don't write me, I don't work with him; don't answer,
      // I'll block (ru, uz, ky, tg, kk).
      'я сказал нет. и брата не трогай',
      'не, не надо',
      'даже не думай',
      'иди в милицию честно, это лучше чем долг',
      'смотри сам, мне не пиши про это',
      'я с ним не работаю',
      'Javob berma, skrinshot qilib menga yubor',
      "ha aytdim, onam bloklab qo'ydi",
      'Кет, блоктойм',
      'ту ҳам ин корро парто',
      'блоктаймын сені',
      // chat-36: I'm out of it, forget this number; I sell nothing, I'm no shop, delete the number (uz); a call on the
      // admin to delete the post.
      'я не при делах больше. не пиши',
      'нету. забудь этот номер',
      'Men hech narsa sotmayman, adashdingiz',
      'Номерни ўчиринг, мен ҳеч нарса сотмайман',
      "Men do'kon emasman",
      'админ, удалите это, тут дети сидят',
    ]) {
      const chat: ChatMessage[] = [
        { id: '1', from: 'rec', text: JOB },
        { id: '2', from: 'M', text },
        { id: '3', from: 'rec', text: JOB },
        { id: '4', from: 'M', text: 'а паспорт нужен?' },
      ];
      // `chat-55`: his question about the job posted again after the no is the candidate's side by the rules (before
      // it, `chat-51` read it in the episode the no starts).
      const read = labelChat(chat);
      expect(lifted(chat), text).toEqual(['2', '4']);
      expect(read[1]!.context[0]!.reason, text).toMatch(/^a candidate's no/);
      expect(read[3]!.context[0]!.reason, text).toMatch(
        /^message in a two-person chat where rec posted recruitment/,
      );
    }
    for (const text of [
      'а паспорт нужен?',
      'сколько платят?',
      'а если поймают?',
      'карту заблокировали, что делать?',
      // chat-35: a candidate's worry that the bank will block is no `bloklab qo'ydi`.
      "bu qonuniymi o'zi? bank bloklab qo'ymaydimi",
    ])
      expect(
        lifted([
          { id: '1', from: 'rec', text: JOB },
          { id: '2', from: 'js', text },
        ]),
        text,
      ).toEqual(['2']);
  });

  it('takes no anchor from a two-person chat author who refuses or turns to the police (chat-8)', () => {
    // A brother pastes the offer he found on his sibling's phone, and the sibling answers.
    const found: ChatMessage[] = [
      { id: '1', from: 'br', text: JOB },
      { id: '2', from: 'sib', text: 'не лезь, это нормальные деньги' },
    ];
    // Alone, the pasted offer reads as the recruiter's line, and the answer as the candidate's.
    expect(lifted(found)).toEqual(['2']);
    // The brother turns to the police: his lines are no side of the trade, so they anchor nothing.
    for (const text of [
      'удали всё и выйди оттуда, завтра идём в полицию вместе',
      'иним, азыр чогуу полицияга барабыз',
      'ертең полицияға барамыз',
      'no. reported',
      'мага мындай нерсе менен жазба',
      'нет. такие обращения передаём банку',
    ])
      expect(lifted([...found, { id: '3', from: 'br', text }]), text).toEqual([]);
    // An acknowledgement changes nothing: the pasted offer still anchors the answer.
    expect(lifted([...found, { id: '3', from: 'sib', text: 'ок' }])).toEqual(['2']);
  });

  it("reads a warning of prison or deportation, a don't-do-it or a moderator's removal as a refusal, not a question about it (chat-8)", () => {
    const found: ChatMessage[] = [
      { id: '1', from: 'br', text: JOB },
      { id: '2', from: 'sib', text: 'не лезь, это нормальные деньги' },
    ];
    for (const text of [
      'это восемь лет, брат. не связывайся',
      'за это статья, удали',
      "buni qilma, keyin 8 yil o'tirasan",
      'Инро накунед, баъд зиндон',
      'муну кылба, түрмөгө кетесиң',
      "you'll end up in prison for this",
      'Удалено. Такие вакансии запрещены правилами чата',
      "Yo'q, kerak emas. Men bunga kirmayman",
      'Не, рахмат. Ман намекунам',
      // chat-11: a group's bystanders and a wary candidate, read off the blind pairs 47K and 49L.
      'Иә, залог сұраса бұл алаяқтық. Жазбаңдар',
      'Guys this is money mule stuff, you can get deported',
      'SMS kodni yubormayman. Kechirasiz, kerak emas',
      'Bu zakladka ishi, qamalib ketasiz. Hech kim yozmasin',
      'это же дропы, бро. карту заблокируют и уголовка',
      'я передумал, извините',
      'Не, я с этим завязал. Серика из-за этого приняли',
      'Не дам контакт, приходи лучше на футбол',
      // chat-21: I don't advise you either, get out of it, don't give your card (ru, ky, kk, uz); a plain no with
      // "I don't want" in Kyrgyz.
      'нет. и тебе не советую, вылезай из этого',
      'не отдавай никому свою карту',
      'картаңды бербе!',
      'картаңды берме, алаяқтар',
      'kartangni berma, aka',
      'жок агай, мен каалабайм',
      // Twentieth session: a group's bystanders in other word orders, the reporting of the post, a Kazakh "he will be
      // convicted".
      'это дропы, потом счета заморозят и вас посадят',
      'ага, «посылки» 🙄 потом 10 лет сидеть',
      'не пишите ему, это барыги, я админу скинула',
      'мен жоқ. апайым айтты, мұны дроппер дейді, сотталады',
      // Twentieth session: a no in other words, and the chat already sent to 102.
      'не, брат, я в такое не лезу. удачи',
      'нет, ищи другого',
      'Ясно. Скрин переписки уже в 102, удачи',
      // Twentieth session: a candidate's `I don't sign up for that` and his own fear of prison.
      'какой залог, вы чё, я на такое не подписываюсь',
      'не, это дропство, потом меня же посадят',
      // chat-32: Tajik in Latin letters, `I don't want`, `not doing it`, `sorry, no`, `delete my data`.
      'Ne, man inro namekunam. Digar nanavis',
      'Не бародар, намехоҳам',
      'I asked my friend, he said its money laundering. not doing it',
      'посмотрел новости, там вчера 12 лет дали такому же. извините, нет',
      'и удалите мои данные',
    ])
      expect(lifted([...found, { id: '3', from: 'br', text }]), text).toEqual([]);
    // A job seeker's own risk question is the candidate's side (the convention), and so is a recruiter's "no
    // experience needed": neither is a refusal.
    for (const text of [
      'а если посадят?',
      "tajriba kerak emas, hammasini o'rgatamiz",
      // A candidate's own fear and a recruiter's "no criminal case" are neither a refusal nor a warning.
      "qamalib qolsam onam o'ladi",
      // A card holder's haggling is no refusal.
      'PIN kodni bermayman, faqat karta',
      // A recruiter asking whether one will sell a card is no warning not to.
      'kartangni sotmaysanmi? 2000 beraman',
      'никакой уголовки, всё чисто',
    ])
      expect(lifted([...found, { id: '3', from: 'sib', text }]), text).toContain('2');
  });

  it("lifts nothing in a two-person chat whose statements carry a lawful employer's marks (chat-8)", () => {
    const job: ChatMessage[] = [
      { id: '1', from: 'hr', text: JOB },
      { id: '2', from: 'js', text: 'а паспорт нужен?' },
    ];
    expect(lifted(job)).toEqual(['2']);
    for (const text of [
      'Оформление официальное, договор на руки, налоги платит компания',
      'Rasmiy ishga olamiz, mehnat shartnomasi bilan',
      'Еңбек шарты бар, салық төлейміз',
      // chat-11: a lawful P2P trader's terms.
      'Работаем только с верифицированными клиентами, KYC обязателен',
    ])
      expect(lifted([...job, { id: '3', from: 'hr', text }]), text).toEqual([]);
    // chat-11: a pharmacy's answer to a customer who asks for a prescription drug by name: neither side is the trade,
    // while a shop's `без рецепта` is no lawful mark.
    const pharmacy: ChatMessage[] = [
      { id: '1', from: 'bot', text: MENU },
      { id: '2', from: 'c', text: '2' },
    ];
    expect(lifted(pharmacy)).toEqual(['2']);
    for (const text of [
      'Отпускаем строго по рецепту врача, фармацевт проверит бланк',
      'Dorixonada faqat retsept bo‘yicha',
      // chat-13: a stamp collector's answer.
      'да, негашеные, серия 1995, кляссер принесу',
    ])
      expect(lifted([...pharmacy, { id: '3', from: 'bot', text }]), text).toEqual([]);
    expect(
      lifted([...pharmacy, { id: '3', from: 'bot', text: 'всё без рецепта, доставка кладом' }]),
    ).toContain('2');
    // Asked about, or denied, a mark is none: the trade's `договора нет, работаем через Telegram` still recruits.
    for (const text of [
      'а налоговая? у меня ИП',
      'Договора нет, работаем через Telegram',
      'soliqdan ozod, naqd pul',
    ])
      expect(lifted([...job, { id: '3', from: text.startsWith('а') ? 'js' : 'hr', text }]), text).toContain(
        '2',
      );
  });

  it("leaves a team's money talk parted from the recruitment lines by a payment message to payment (chat-9)", () => {
    const lifted = (chat: ChatMessage[]) =>
      labelChat(chat)
        .filter((r) => r.context.some((c) => c.label === 'recruitment'))
        .map((r) => r.id);
    // A cash-out courier's DM: withdrawals and his percentage, the lead's wallet, then a new person brought in.
    const cashOut: ChatMessage[] = [
      { id: '1', from: 'lead', text: 'Сегодня 2 карты на снятие, наличку в пакет как обычно' },
      { id: '2', from: 'cash', text: 'понял, свой процент беру сразу?' },
      {
        id: '3',
        from: 'lead',
        text: 'Да, 3% себе, остальное в обменник, кошелёк TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE',
      },
      { id: '4', from: 'cash', text: 'Мне нужен второй человек, один не успеваю. Есть знакомый' },
      {
        id: '5',
        from: 'lead',
        text: 'Приводи, но сначала пусть откроет 2 карты на себя в разных банках. Проверю сам',
      },
      { id: '6', from: 'cash', text: 'скажу ему. Ему сколько платить будем?' },
      { id: '7', from: 'lead', text: 'Как тебе на старте — 2%, потом 3%' },
    ];
    // The new person's pay next to the recruitment line is still recruitment; the money talk before the wallet is not.
    expect(lifted(cashOut)).toEqual(['4', '6', '7']);
    // Without the wallet between them, the same money lines are the recruitment chat's.
    expect(lifted(cashOut.filter((m) => m.id !== '3'))).toEqual(['1', '2', '4', '6', '7']);
  });

  it("leaves a trainee's chat opened by the curator's manual to training (chat-9)", () => {
    // The rules alone: the conversation models' `chat-42` gate reads this short exchange at the edge (0.30).
    const lifted = (chat: ChatMessage[]) =>
      labelChat(chat, { conversation: null, recruitmentConversation: null })
        .filter((r) => r.context.some((c) => c.label === 'recruitment'))
        .map((r) => r.id);
    const trainee: ChatMessage[] = [
      { id: '2', from: 'n', text: 'изучил. а фото обычной камерой?' },
      { id: '3', from: 'cur', text: 'Через приложение с координатами, стрелку ставишь в редакторе' },
      { id: '4', from: 'n', text: 'понял. когда первый выход и сколько платите за точку?' },
      { id: '5', from: 'cur', text: JOB },
      { id: '6', from: 'n', text: 'тест: [photo] [photo]' },
    ];
    const manual: ChatMessage = {
      id: '1',
      from: 'cur',
      text: 'Привет, ты на стажировке. Первое — изучи мануал в закрепе, там всё про фото и описание клада',
    };
    expect(lifted([manual, ...trainee])).toEqual([]);
    // Opened by the job talk instead, the same lines are the recruitment chat's.
    expect(lifted(trainee)).toEqual(['2', '3', '6']);
  });

  it('clears a no next to a statement that the trade is illegal, in every case language (chat-4)', () => {
    for (const text of [
      'Йўқ, мен розимас. Бу ноқонуний',
      'мен розимас',
      "yo'q, bu noqonuniy ish",
      'Нет. Это незаконно',
      'не, это уголовка',
      'жоқ, бұл заңсыз',
      'жок, бул мыйзамсыз',
      'no, this is illegal',
      "I won't do it",
      'не для меня это',
      'нет, не буду',
      "no, I won't",
      "yo'q, rad etaman",
      'жоқ, жасамаймын',
    ]) {
      const chat: ChatMessage[] = [
        { id: '1', from: 'rec', text: JOB },
        { id: '2', from: 'js', text },
        { id: '3', from: 'rec', text: JOB },
        { id: '4', from: 'js', text: 'а паспорт нужен?' },
      ];
      // The refusal is the candidate's no to the offer (`chat-49`); the author's later lines are not lifted by the
      // rules, but for `chat-55`: asked about the job posted again within `OFFER_REACH` lines, his question is still the
      // candidate's side.
      expect(lifted(chat), text).toEqual(['2', '4']);
      expect(labelChat(chat)[3]!.context[0]!.reason, text).toMatch(
        /^message in a two-person chat where rec posted recruitment/,
      );
      // `chat-55`: his second no to the job posted again is the candidate's side too; a line about something else is not.
      const told: ChatMessage[] = [...chat.slice(0, 3), { id: '4', from: 'js', text: 'не пиши мне больше' }];
      expect(lifted(told), text).toEqual(['2', '4']);
      const other: ChatMessage[] = [...chat.slice(0, 3), { id: '4', from: 'js', text: 'мама зовёт, потом' }];
      expect(lifted(other), text).toEqual(['2']);
    }
    // Asked, the same words are a job seeker's risk question, which the convention keeps `recruitment`; an
    // illegality without a no is a warning, not a refusal.
    // Lifted, or `recruitment` by its own words: since model 31 a card holder's haggling over the PIN is (0.83).
    for (const text of [
      'а это законно?',
      'нет, а это не уголовка?',
      'это незаконно?',
      'а если это незаконно, кто отвечает?',
      'я не буду пин-код давать, только карту',
    ])
      expect(
        labelChat([
          { id: '1', from: 'rec', text: JOB },
          { id: '2', from: 'js', text },
          { id: '3', from: 'js', text: 'а паспорт нужен?' },
        ])
          .filter((r) => r.id !== '1' && [...r.labels, ...r.context].some((l) => l.label === 'recruitment'))
          .map((r) => r.id),
        text,
      ).toEqual(['2', '3']);
  });

  it("lifts a buyer's lines in a shop DM whose other trade messages are the shop's requisites and address (chat-4)", () => {
    const REQS =
      'Реквизиты для оплаты (Kaspi): 4400 4305 6787 4943. Сумма: 6 000 ₸. Оплата в течение 30 минут';
    const ADDR = 'Оплата получена. Адрес: Абайский р-н, 42.32213, 69.568583. Фото по ссылке';
    expect(labelMessage(REQS).map((l) => l.label)).toEqual(['payment']);
    // Since model 21 the bot's address after payment is `sale` too (the desk handing out the address, as the authors of
    // the conversation sets label it); it was `drop_report` alone before.
    expect(labelMessage(ADDR).map((l) => l.label)).toEqual(['sale', 'drop_report']);
    const dm: ChatMessage[] = [
      { id: '1', from: 'buyer', text: '/start' },
      { id: '2', from: 'bot', text: MENU },
      { id: '3', from: 'buyer', text: '2' },
      { id: '4', from: 'bot', text: REQS },
      { id: '5', from: 'buyer', text: 'оплатил, чек ниже' },
      { id: '6', from: 'bot', text: ADDR },
      { id: '7', from: 'buyer', text: 'не нашел, где именно?' },
      { id: '8', from: 'bot', text: 'Выберите район: 1. Центр 2. Южный' },
    ];
    // The rules (`chat-4`) alone: the sale conversation model 14 reads the courier's exchange below (the menu and two
    // reports) as a sale at 0.83 and would lift his `завтра ещё 10 сделаю`.
    const lifted = (chat: ChatMessage[]) =>
      labelChat(chat, { conversation: null, recruitmentConversation: null })
        .filter((r) => r.context.some((c) => c.label === 'sale'))
        .map((r) => r.id);
    // One sale post against the shop's working posts: the buyer's side is still the sale's. Since model 21 the address is
    // a sale line of the shop's too, so its district menu (8) is the sale's as well; before, it was weighed against the
    // shop's own requisites and address and stayed clean.
    expect(lifted(dm)).toEqual(['1', '3', '5', '7', '8']);
    // Reports by the message's own author are another trade (a courier's chat with one stray sale line).
    const courier: ChatMessage[] = [
      { id: '1', from: 'cur', text: MENU },
      { id: '2', from: 'c', text: 'Клад готов 📍 43.29498, 76.79602 магнит под перилами, фото ниже' },
      { id: '3', from: 'c', text: 'Адрес: 42.32213, 69.568583, магнит под перилами, фото по ссылке' },
      { id: '4', from: 'c', text: 'завтра ещё 10 сделаю' },
    ];
    expect(lifted(courier)).toEqual([]);
    // Nor when the window holds as much of another trade as of the shop's (since model 21 the address is a second sale
    // anchor, so two recruiter's posts against it; with one, the buyer's lines are the sale's, two anchors to one).
    expect(lifted([...dm.slice(0, 6), { id: '9', from: 'bot', text: JOB }, dm[6]!])).toEqual([
      '1',
      '3',
      '5',
      '7',
    ]);
    expect(
      lifted([
        ...dm.slice(0, 6),
        { id: '9', from: 'bot', text: JOB },
        { id: '10', from: 'bot', text: JOB },
        dm[6]!,
      ]),
    ).toEqual([]);
  });

  it('gives a line both labels would lift, leaning to neither, the label with more anchors (chat-4)', () => {
    const BOTH =
      'Магазин набирает курьеров: мефедрон, шишки в наличии, клады по городу. Оплата 2000 за клад, пиши в лс';
    expect(labelMessage(BOTH).map((l) => l.label)).toEqual(['sale', 'recruitment']);
    const labelOf = (chat: ChatMessage[]) =>
      labelChat(chat)
        .find((r) => r.id === 'q')!
        .context.map((c) => c.label);
    // A recruiter whose post also names the shop: the job seeker's `какого магазина` (sale 0.08 on its own) is the
    // job talk's, two recruitment anchors to one sale anchor.
    expect(
      labelOf([
        { id: '1', from: 'rec', text: JOB },
        { id: 'q', from: 'js', text: 'какого магазина' },
        { id: '2', from: 'rec', text: BOTH },
      ]),
    ).toEqual(['recruitment']);
    // The same line next to a shop's menu and that post is the sale's.
    expect(
      labelOf([
        { id: '1', from: 'shop', text: MENU },
        { id: 'q', from: 'b', text: 'какого магазина' },
        { id: '2', from: 'shop', text: BOTH },
      ]),
    ).toEqual(['sale']);
  });

  describe('in a group, along reply threads', () => {
    const POST =
      'Витрина обновлена. Все позиции в наличии по городу: мастер-клады, магниты, прикоп. Заказ только через бота, оператор на связи с 10 до 02';
    const lifted = (chat: ChatMessage[]) =>
      labelChat(chat)
        .filter((r) => r.context.length > 0)
        .map((r) => `${r.id}:${r.context.map((c) => c.label).join('+')}`);
    // A shop's post in its group and the talk under it (the shape of set 37FC's comment sections).
    const shopGroup: ChatMessage[] = [
      { id: '1', from: 'shop', text: POST },
      { id: '2', from: 'a', text: 'в субботу идём в поход, кто с нами?' },
      { id: '3', from: 'u1', text: 'а на левом берегу есть?', replyTo: '1' },
      { id: '4', from: 'shop', text: 'есть, смотри в боте раздел Запад', replyTo: '3' },
      { id: '5', from: 'u1', text: 'а в крипте можно?', replyTo: '4' },
      { id: '6', from: 'w', text: 'не ведитесь, это мошенники, вы что, не видите?', replyTo: '1' },
      { id: '7', from: 'shop', text: 'не нравится — проходи мимо', replyTo: '6' },
      { id: '8', from: 'b', text: 'а шишки брать с собой?', replyTo: '2' },
      { id: '9', from: 'shop', text: 'в 10 у стадиона', replyTo: '8' },
      { id: '10', from: 'u1', text: 'оплатил, жду', replyTo: '4' },
      { id: '11', from: 'u7', text: 'а доставка на луну есть? 😂', replyTo: '1' },
    ];

    it("lifts a buyer's question under the post that the shop answers, the shop's answer and the buyer's reply to it", () => {
      const got = lifted(shopGroup);
      // `а на левом берегу есть?` says nothing of the trade by itself (own 0.00): the thread and the answer do.
      expect(got).toContain('3:sale');
      expect(got).toContain('4:sale');
      // A question replying to a reply to the shop's post, and the buyer's `оплатил, жду` after the answer.
      expect(got).toContain('5:sale');
      expect(got).toContain('10:sale');
      const c = labelChat(shopGroup).find((r) => r.id === '5')!.context[0]!;
      expect(c.reason).toMatch(
        /^reply in a thread in a group chat where shop posted sale evidence: messages 1/,
      );
    });

    it("does not add the thread's sale to a line that is confidently another trade label itself", () => {
      // The shop also hires in its group: its answer to a job seeker is recruitment by its own text, not a sale.
      const chat: ChatMessage[] = [
        ...shopGroup.slice(0, 5),
        { id: '12', from: 'u9', text: 'а курьеры вам нужны?', replyTo: '1' },
        {
          id: '13',
          from: 'shop',
          text: 'да, в боте кнопка «Работа»: залог или паспорт, оплата за каждый клад раз в два дня',
          replyTo: '12',
        },
      ];
      const own = labelChat(chat).find((r) => r.id === '13')!;
      expect(own.labels.map((l) => l.label)).toContain('recruitment');
      expect(own.context.map((c) => c.label)).not.toContain('sale');
      // The shop's answer to a buyer in the same thread still is the sale's.
      expect(lifted(chat)).toContain('4:sale');
    });

    it("reads a job seeker's question in the shop's thread by its own words: not sale, recruitment once the shop's job line answers it (chat-6)", () => {
      const seeker: ChatMessage = {
        id: '12',
        from: 'u9',
        text: 'а вы людей берёте? ищу подработку',
        replyTo: '1',
      };
      const hiring: ChatMessage = {
        id: '13',
        from: 'shop',
        text: 'да, в боте кнопка «Работа»: залог или паспорт, оплата за каждый клад раз в два дня',
        replyTo: '12',
      };
      const chat = [...shopGroup.slice(0, 5), seeker, hiring];
      const got = lifted(chat);
      // `chat-5` read it as the shop's buyer: a question replying to the sale post that the shop answers.
      expect(got).toContain('12:recruitment');
      expect(got.filter((x) => x.startsWith('12:'))).toEqual(['12:recruitment']);
      // A buyer's question in the same thread still is the sale's, and the shop's answer to it.
      expect(got).toContain('3:sale');
      expect(got).toContain('4:sale');
      // A buyer's line answered by the same job line is not made a candidate's: its own words are a buyer's.
      const buyer: ChatMessage = { id: '12', from: 'u9', text: 'а меф есть? почем брал кто?', replyTo: '1' };
      expect(lifted([...shopGroup.slice(0, 5), buyer, hiring])).not.toContain('12:recruitment');
    });

    it('keeps a line in the thread its own reply links reach when only an answer of the other label would move it (chat-6)', () => {
      // A courier's question under a curator's call for couriers, answered by a line the model reads as `sale`.
      const chat: ChatMessage[] = [
        { id: '1', from: 'shop', text: POST },
        { id: '2', from: 'cur', text: JOB },
        { id: '3', from: 'k', text: 'у меня брат спрашивал, дать ему ссылку?', replyTo: '2' },
        {
          id: '4',
          from: 'cur',
          text: 'давай, все позиции в наличии, заказ через бота, оператор на связи',
          replyTo: '3',
        },
      ];
      expect(labelMessage(chat[3]!.text).map((l) => l.label)).toContain('sale');
      expect(lifted(chat)).not.toContain('3:sale');
    });

    it('leaves a warning under the post, the reply to an unrelated message and an unanswered troll clean', () => {
      const got = lifted(shopGroup);
      // The warning is answered by the shop, like the buyer's question; the shop's retort answers no question.
      expect(got.filter((x) => x.startsWith('6:') || x.startsWith('7:'))).toEqual([]);
      // `а шишки брать с собой?` leans to sale by itself (0.58) and the shop answers it, but it replies to the hike.
      expect(got.filter((x) => x.startsWith('8:') || x.startsWith('9:'))).toEqual([]);
      expect(got.filter((x) => x.startsWith('11:'))).toEqual([]);
      expect(got).toEqual(['3:sale', '4:sale', '5:sale', '10:sale']);
    });

    it('does not follow a thread past the time gap', () => {
      const at = (h: number) => new Date(Date.UTC(2025, 0, 1, h)).toISOString();
      // The buyer asks three days after the post; the shop's next post is near in time but roots no thread of theirs.
      const slow: ChatMessage[] = [
        ...shopGroup.slice(0, 5).map((m, k) => ({ ...m, time: at(k === 0 ? 0 : 72 + k) })),
        { id: '6', from: 'shop', text: POST, time: at(78) },
      ];
      // The rules' threads (the conversation model reads the three authors' 2–6 as one exchange: chat-20).
      const rules = (chat: ChatMessage[]) =>
        labelChat(chat, { conversation: null })
          .filter((r) => r.context.length > 0)
          .map((r) => `${r.id}:${r.context.map((c) => c.label).join('+')}`);
      expect(rules(slow)).toEqual([]);
      expect(rules(slow.map((m) => ({ ...m, time: null })))).toEqual(['3:sale', '4:sale', '5:sale']);
    });

    it("leaves a candidate's refusal in a recruiter's thread and his lines after it clean", () => {
      const thread: ChatMessage[] = [
        { id: '1', from: 'rec', text: JOB },
        { id: '2', from: 'x', text: 'всем привет' },
        { id: '3', from: 'js', text: 'а сколько в день выходит?', replyTo: '1' },
        { id: '4', from: 'rec', text: 'от 15 точек, зависит от района', replyTo: '3' },
        { id: '5', from: 'js', text: 'понял, а по времени как?', replyTo: '4' },
        { id: '6', from: 'rec', text: 'с 10 до 18, график свой', replyTo: '5' },
        { id: '7', from: 'js', text: 'не, спасибо, я пас', replyTo: '6' },
        { id: '8', from: 'js', text: 'а залог можно потом?', replyTo: '6' },
      ];
      expect(lifted(thread)).toEqual(['3:recruitment', '4:recruitment', '5:recruitment', '6:recruitment']);
    });

    it('leaves the comments under a police report clean, whatever they lean to', () => {
      const news: ChatMessage[] = [
        {
          id: '1',
          from: 'news',
          text: 'Полиция задержала участников сети закладчиков, заблокированы боты и карты дропов',
        },
        { id: '2', from: 'n1', text: JOB, replyTo: '1' },
        { id: '3', from: 'n2', text: 'а паспорт нужен?', replyTo: '2' },
        { id: '4', from: 'n3', text: 'ага', replyTo: '2' },
      ];
      expect(labelMessage(news[1]!.text).map((l) => l.label)).toContain('recruitment');
      expect(lifted(news)).toEqual([]);
      // The same question under the same post without the report above it is the candidate's.
      expect(lifted([{ ...news[1]!, replyTo: null }, ...news.slice(2)])).toContain('3:recruitment');
    });
  });

  it('does not reach past the window or the time gap', () => {
    const far: ChatMessage[] = [
      { id: '1', from: 'bot', text: MENU, time: '2025-01-01T10:00:00Z' },
      { id: '2', from: 'buyer', text: '2', time: '2025-01-05T10:00:00Z' },
    ];
    expect(context(far).get('2')).toEqual([]);
    const long: ChatMessage[] = [{ id: '0', from: 'bot', text: MENU }];
    for (let i = 1; i <= 30; i++) long.push({ id: String(i), from: i % 2 ? 'buyer' : 'bot', text: '2' });
    const c = context(long);
    expect(c.get('1')!.length).toBe(1);
    expect(c.get('30')).toEqual([]);
  });

  it('gives no context label to ordinary chat (tgspam ham as one group chat)', async () => {
    const lines = (await read(new URL('tgspam_data_ham-samples.txt', TEXT)))
      .split('\n')
      .filter((l) => l.trim());
    const chat = lines.map((text, i) => ({ id: String(i), from: `u${i % 7}`, text }));
    const lifted = labelChat(chat).filter((r) => r.context.length > 0);
    expect(lifted.length / lines.length).toBeLessThanOrEqual(0.01);
  });
});

describe('the conversation model (chat-15): a two-person exchange read as a whole', () => {
  const conv = (chat: ChatMessage[], options = {}) =>
    labelChat(chat, options)
      .filter((r) => r.context.some((c) => /read as a whole/.test(c.reason)))
      .map((r) => r.id);
  const dealer = dealerDm;

  it("gives a dealer's coded DM `sale` where neither the labeller nor the rules see one, with its words and refs", () => {
    const own = labelChat(dealer, { conversation: null });
    expect(own.flatMap((r) => r.labels.map((h) => h.label)).filter((l) => l === 'sale')).toEqual([]);
    expect(own.every((r) => r.context.length === 0)).toBe(true);
    const out = labelChat(dealer);
    expect(conv(dealer)).toEqual(['1', '2', '3', '4', '5', '6']);
    const c = out[2]!.context[0]!;
    expect(c.label).toBe('sale');
    expect(c.reason).toMatch(
      /^message in a two-person exchange \(messages 1–6\) read as a whole as a sale conversation: 0\.\d\d \(.+\); own score 0\.\d\d$/,
    );
    expect(c.refs.length).toBeGreaterThan(0);
    for (const id of c.refs) expect(dealer.some((m) => m.id === id)).toBe(true);
    // Its words are shown as written (folded), not as stems: each is a word of the exchange.
    const shown = /words: ([^)]+)\)/.exec(c.reason)![1]!.split(', ');
    expect(shown.length).toBeGreaterThan(0);
    for (const w of shown)
      expect(
        dealer.some((m) =>
          m.text
            .toLowerCase()
            .split(/[^\p{L}]+/u)
            .includes(w),
        ),
        w,
      ).toBe(true);
  });

  it('takes coordinates or a card in the exchange as the trade line it needs, where no line is labelled', () => {
    const chat = dm([
      ['b', 'салам, есть?'],
      ['d', 'есть. скока'],
      ['b', 'как обычно 2'],
      ['d', '10к, на ту же карту'],
      ['b', 'скинул [фото чека]'],
      ['d', '43.21034, 76.85521 под трубой'],
      ['b', 'забрал, рахмет'],
    ]);
    // (Lexicon -50: `за гаражами` is a stash's place, no lawful garage, and a photo with coordinates is
    // `drop_report` by itself: the line here gives the coordinates only.)
    expect(labelChat(chat).every((r) => r.labels.length === 0)).toBe(true);
    expect(conv(chat)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(labelChat(chat)[0]!.context[0]!.reason).not.toMatch(/no line the trade's/);
    // Without the coordinates nothing in it is the trade's by itself: chat-22 still reads it, the model being sure
    // and a line naming an amount (`как обычно 2`, `10к`), and says so.
    const bare = chat.map((m) => (m.id === '6' ? { ...m, text: 'под трубой' } : m));
    expect(conv(bare)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(labelChat(bare)[0]!.context[0]!.reason).toMatch(
      /read as a whole as a sale conversation: 0\.(8|9)\d \(.*\), with no line the trade's by itself \(sure: ≥ 0\.8, and an amount named\); own score/,
    );
    // No amount either: nothing is read into it (friends' `на вечер есть?` … `скинь адрес` … `скинул` reads as sure).
    const vague = bare.map((m) =>
      m.id === '3' ? { ...m, text: 'как обычно' } : m.id === '4' ? { ...m, text: 'на ту же карту' } : m,
    );
    expect(conv(vague)).toEqual([]);
  });

  it('chat-36: reads a buyer who wrote a wrong number as the buyer, the refusing person not', () => {
    const chat = dm([
      ['b', 'салам, есть?'],
      ['b', 'как обычно 2, скинул 10к на ту же карту'],
      ['d', 'вы ошиблись номером'],
      ['b', 'ну где адрес?'],
    ]);
    expect(labelChat(chat).every((r) => r.labels.length === 0)).toBe(true);
    // Before chat-36 the refusal cleared the whole exchange; now only its author's lines.
    expect(conv(chat)).toEqual(['1', '2', '4']);
    // The buyer's own refusal still clears his lines.
    expect(conv([...chat, { id: '5', from: 'b', text: 'а, всё, извините, ошибся номером' }])).toEqual([]);
  });

  it('takes coordinates as the evidence an exchange needs when no word of it is in the lexicon', () => {
    // A repeat buyer's DM: not one word a lexicon term, the place given as coordinates only.
    const chat = dm([
      ['b', 'есть?'],
      ['d', 'есть. как обычно?'],
      ['b', 'как обычно 2'],
      ['b', 'скинул на ту же'],
      ['d', 'там же где в прошлый, у гаражей второй от угла 42.85785, 74.53166'],
    ]);
    expect(labelChat(chat, { conversation: null }).every((r) => r.labels.length === 0)).toBe(true);
    expect(conv(chat)).toEqual(['1', '2', '3', '4', '5']);
    // Without the coordinates the exchange has no lexicon evidence at all: before `chat-43` nothing was read into it;
    // now the model must be sure of it (≥ 0.8), and the reason says the exchange has no lexicon word.
    const bare = chat.map((m) =>
      m.id === '5' ? { ...m, text: 'там же где в прошлый, у гаражей второй от угла' } : m,
    );
    expect(conv(bare)).toEqual(['1', '2', '3', '4', '5']);
    expect(labelChat(bare)[1]!.context[0]!.reason).toMatch(
      /sale conversation: 0\.(?:8|9)\d .*; no line of the exchange has a lexicon word; own score/,
    );
    expect(conv(chat)).toEqual(['1', '2', '3', '4', '5']);
    expect(labelChat(chat)[1]!.context[0]!.reason).not.toMatch(/no line of the exchange has a lexicon word/);
  });

  it('leaves look-alike two-person chats clean: prepayment sellers, a taxi, friends meeting, the garden', () => {
    for (const chat of [
      [
        ['c', 'Здравствуйте, мёд ещё есть? 3 литра надо'],
        ['s', 'есть, горный. предоплата на каспи 4400 4301 2345 6789, потом отправлю'],
        ['c', 'перевёл'],
        ['s', 'отправил, трек пришлю вечером'],
      ],
      [
        ['p', 'здравствуйте, такси на вечер есть? центр до вокзала'],
        ['d', 'есть, 2000. через 15 мин буду'],
        ['p', 'ок, карта или наличка?'],
        ['d', 'можно на каспи +7 701 234 56 78'],
        ['p', 'скинул'],
      ],
      [
        ['c', 'салам, фара на камри 40 есть?'],
        ['s', 'есть, оригинал. предоплата 50% на карту 4400 1111 2222 3333, остальное при получении'],
        ['c', 'скинул половину'],
        ['s', 'принял, завтра курьер привезёт, адрес скинь'],
        ['c', 'Абая 12, после 18'],
      ],
      [
        ['a', 'салам, как дела? на вечер есть планы?'],
        ['b', 'салам, через час буду свободен'],
        ['a', 'скинь адрес, заеду'],
        ['b', 'скинул, у подъезда жду'],
      ],
      [
        ['m', 'трава на даче совсем выросла, шишки с ели падают'],
        ['s', 'приеду в субботу, покошу'],
        ['m', 'захвати соль для огурцов'],
        ['s', 'ок, куплю'],
      ],
    ] as Array<Array<[string, string]>>)
      expect(conv(dm(chat))).toEqual([]);
  });

  it('reads nothing into the lines of the side that refuses (chat-36: the other side’s lines stay the trade’s)', () => {
    const chat = dm([
      ['b', 'салам, на вечер есть? как обычно одну'],
      ['d', 'есть. район какой'],
      ['b', 'центр, карта прежняя?'],
      ['d', 'да, скинешь — через час точку скину'],
      ['b', 'хотя нет, отказываюсь, не пиши мне больше'],
    ]);
    // The buyer backs out: none of his lines is lifted; the dealer's offer is still the dealer's (before chat-36 the
    // refusal cleared the whole exchange).
    expect(conv(chat)).toEqual(['2', '4']);
    // The same exchange without the refusal is a sale.
    expect(conv(chat.slice(0, 4)).length).toBeGreaterThanOrEqual(3);
  });

  it("leaves a courier's reports to his operator to drop_report, and a recruiter's chat to recruitment", () => {
    const courier = dm([
      ['op', 'ненаход по заказу 4502, клиент пишет пусто'],
      ['k', 'клал, вот фото и координаты 45.02321, 78.23863 [фото]'],
      ['k', 'ещё 3 клада готово, магнит, фото в боте'],
      ['op', 'ок, перезаклад за твой счёт'],
      ['k', 'готово, 45.02411, 78.23901 [фото]'],
    ]);
    expect(labelChat(courier)[1]!.labels.map((h) => h.label)).toEqual(['drop_report']);
    for (const id of ['2', '3', '5']) expect(conv(courier)).not.toContain(id);
    const recruiter = dm([
      ['r', 'Привет, работа курьером-закладчиком, 2000 за клад, выплаты каждый день'],
      ['c', 'а что делать надо?'],
      ['r', 'раскладывать, фото, координаты. залог 10к'],
      ['c', 'ок, скинул залог'],
    ]);
    expect(conv(recruiter)).toEqual([]);
  });

  it('reads one exchange at a time: not past its window, nor across a long gap', () => {
    const t0 = Date.parse('2025-03-01T20:00:00Z');
    const chat = dm(
      [
        ['b', 'салам, на вечер есть?'],
        ['d', 'есть. район какой'],
        ['b', 'центр, как обычно одну'],
        ['d', 'карта прежняя'],
        ['b', 'скинул'],
        ['d', 'через час точку скину'],
      ],
      t0,
    );
    // Three days later: the same two people talk about something else.
    for (const [k, text] of ['как мама?', 'нормально, выписали', 'передай привет', 'ок'].entries())
      chat.push({
        id: String(7 + k),
        from: k % 2 ? 'd' : 'b',
        text,
        time: new Date(t0 + 3 * 86_400_000 + k * 60_000).toISOString(),
      });
    const lifted = conv(chat);
    expect(lifted).toContain('3');
    for (const id of ['7', '8', '9', '10']) expect(lifted).not.toContain(id);
    // Without times, messages beyond the model's window (6 either side) are not read with the exchange.
    const long = dm([...dealer.map((m): [string, string] => [m.from!, m.text])]);
    for (let k = 0; k < 12; k++)
      long.push({ id: String(7 + k), from: k % 2 ? 'd' : 'b', text: k % 2 ? 'нормально' : 'как дела?' });
    const far = conv(long);
    expect(far).toContain('1');
    expect(far).not.toContain('18');
  });

  it('stays off with a lexicon it was not trained with', () => {
    const lexicon = compileLexicon({ ...LEXICON_DATA, version: 'test-other' });
    expect(conv(dealer, { lexicon })).toEqual([]);
  });

  it("chat-23: a seller the export knows stands for the trade line of a regular's coded DM, and the reason names him", () => {
    const coded = codedRegular;
    // No line is the trade's by itself and none names an amount: nothing is read into it.
    expect(conv(coded)).toEqual([]);
    const counter = new TradePartyCounter();
    // Two own `sale` messages in one chat make no seller (a buyer of one shop); in two chats they do.
    counter.add('tg:chat:1', '101', 'd', [{ label: 'sale' }]);
    counter.add('tg:chat:1', '102', 'd', [{ label: 'sale' }]);
    // A third one there is counted, not named: the seller's other chats keep room in the reason.
    counter.add('tg:chat:1', '104', 'd', [{ label: 'sale' }]);
    counter.add('tg:chat:1', '103', 'b3', [{ label: 'payment' }]);
    expect(counter.parties().size).toBe(0);
    counter.add('tg:chat:2', '7', 'd', [{ label: 'sale' }, { label: 'payment' }]);
    const parties = counter.parties();
    expect([...parties]).toEqual([
      [
        'd',
        {
          count: 4,
          chats: 2,
          refs: [
            { chat: 'tg:chat:1', id: '101' },
            { chat: 'tg:chat:1', id: '102' },
            { chat: 'tg:chat:2', id: '7' },
          ],
        },
      ],
    ]);
    expect(conv(coded, { parties, chatId: 'tg:chat:9' })).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(labelChat(coded, { parties, chatId: 'tg:chat:9' })[2]!.context[0]!.reason).toMatch(
      /read as a whole as a sale conversation: 0\.\d\d \(.*\), with d known as a seller in this export: 4 own sale messages in 2 chats \(tg:chat:1 #101, tg:chat:1 #102, tg:chat:2 #7\); own score/,
    );
    // The seller's own messages in this chat are not named as elsewhere.
    expect(labelChat(coded, { parties, chatId: 'tg:chat:1' })[2]!.context[0]!.reason).toMatch(
      /in 2 chats \(tg:chat:2 #7\)/,
    );
    // Another author known as a seller changes nothing here; nor does the seller in a group of three.
    expect(conv(coded, { parties: new Map([['x', parties.get('d')!]]) })).toEqual([]);
    const group = [...coded, { id: '7', from: 'z', text: 'а мне тоже как обычно' }];
    expect(conv(group, { parties })).toEqual([]);
  });

  it('chat-24: a seller the export knows also stands for the live line of an exchange with no lexicon word at all', () => {
    // A regular and his dealer in codes: not one line has a lexicon word (the live-line guard), no amount is named.
    const bare = dm([
      ['b4', 'салам, сегодня можно?'],
      ['d', 'через час, там же'],
      ['b4', 'ок, скинул'],
      ['d', 'жди'],
    ]);
    expect(conv(bare)).toEqual([]);
    const counter = new TradePartyCounter();
    counter.add('tg:chat:1', '101', 'd', [{ label: 'sale' }]);
    counter.add('tg:chat:2', '7', 'd', [{ label: 'sale' }]);
    const parties = counter.parties();
    expect(conv(bare, { parties, chatId: 'tg:chat:9' })).toEqual(['1', '2', '3', '4']);
    expect(labelChat(bare, { parties, chatId: 'tg:chat:9' })[0]!.context[0]!.reason).toMatch(
      /with d known as a seller in this export: 2 own sale messages in 2 chats \(tg:chat:1 #101, tg:chat:2 #7\); no line of the exchange has a lexicon word; own score/,
    );
    // Two friends with no seller among them stay clean; so does the same exchange with a third author.
    expect(conv(bare, { parties: new Map([['x', parties.get('d')!]]) })).toEqual([]);
    expect(conv([...bare, { id: '5', from: 'z', text: 'я тоже хочу' }], { parties })).toEqual([]);
  });

  it("chat-20: reads a three-person exchange for `sale` (a shop's support, its owner and a buyer), not one with a fourth author or an ordinary one", () => {
    const pooled: ChatMessage[] = [
      { id: '1', from: 'b', text: 'Оплатил заказ 5120, на месте пусто, всё перекопал' },
      { id: '2', from: 'op', text: 'Пришлите фото с места пожалуйста' },
      { id: '3', from: 'b', text: '[фото] [фото]' },
      {
        id: '4',
        from: 'own',
        text: 'Курьер перепроверил, клад на месте, вы не там ищете. Ориентир второй столб 43.25101, 76.90512',
      },
      { id: '5', from: 'b', text: 'нашёл, извините 🙏' },
      { id: '6', from: 'op', text: 'Хорошего дня, ждём снова!' },
    ];
    // The rules see no thread here; the model reads the buyer's, the support's and the owner's lines as one sale.
    expect(labelChat(pooled, { conversation: null }).every((r) => r.context.length === 0)).toBe(true);
    expect(conv(pooled)).toEqual(['2', '3', '4', '5', '6']);
    const reason = labelChat(pooled).find((r) => r.id === '3')!.context[0]!.reason;
    expect(reason).toMatch(
      /^message in a three-person exchange \(messages 1–6\) read as a whole as a sale conversation: 0\.\d\d \(terms: [^)]*заказ/,
    );
    // A fourth author in the same window: no longer a small exchange the model reads.
    const four = pooled.map((m, k) => (k === 5 ? { ...m, from: 'op2' } : m));
    expect(conv(four)).toEqual([]);
    // Friends finding each other in a park, coordinates included: no trade word, no lift.
    const friends: ChatMessage[] = [
      { id: '1', from: 'b', text: 'Мы на месте, вас нет, всё обошли' },
      { id: '2', from: 'op', text: 'Пришлите фото с места пожалуйста' },
      { id: '3', from: 'b', text: '[фото] [фото]' },
      { id: '4', from: 'own', text: 'Мы здесь, вы не там ищете. Ориентир второй столб 43.25101, 76.90512' },
      { id: '5', from: 'b', text: 'нашли, извините 🙏' },
      { id: '6', from: 'op', text: 'Хорошего дня!' },
    ];
    expect(conv(friends)).toEqual([]);
  });

  it('was trained with the shipped lexicon (a lexicon change retrains it: scripts/train-conversation-model.ts)', () => {
    expect(CONVERSATION_MODEL_DATA.lexiconVersion).toBe(LEXICON_VERSION);
    expect(CONVERSATION_MODEL_DATA.label).toBe('sale');
    expect(Object.keys(CONVERSATION_MODEL_DATA.weights).length).toBeGreaterThan(1000);
  });
});

describe('the twentieth session’s refusal and warning terms leave a buyer’s ordinary lines alone', () => {
  it('keeps the sale context of a buyer’s DM with haggling, an address with 102 or a trip in it', () => {
    for (const x of [
      'ок',
      '15к? это уже слишком',
      'уже в 102, не нахожу',
      'нас посадят на рейс только утром',
      'админу скинул чек',
    ]) {
      const chat: ChatMessage[] = [
        ['b', 'салам, есть на Абая?'],
        ['s', 'Есть шишки, 1г 15к. Оплата на карту, адрес после оплаты'],
        ['b', x],
        ['b', 'скинул, жду адрес'],
        ['s', 'Абая 12, магнит под лавкой'],
      ].map(([from, text], i) => ({ id: String(i + 1), from: from!, text: text! }));
      const res = labelChat(chat);
      for (const k of [0, 3, 4])
        expect(
          res[k]!.context.map((c) => c.label),
          `${x}: ${k + 1}`,
        ).toContain('sale');
    }
  });
});

describe('chat-37: the trade’s side answering any line in its thread, not only a question', () => {
  it('lifts a recruiter’s answer to a candidate’s statement in the thread of his post', () => {
    const chat: ChatMessage[] = [
      {
        id: '1',
        from: 'rc',
        text: 'Ищем курьеров-кладменов, ЗП от 300к в неделю, залог 30к или фото паспорта',
      },
      { id: '2', from: 'c1', text: 'а залог возвращается?', replyTo: '1' },
      { id: '3', from: 'rc', text: 'да, после 50 кладов', replyTo: '2' },
      { id: '4', from: 'c2', text: 'я в деле, пишу в лс', replyTo: '1' },
      { id: '5', from: 'rc', text: 'жду, скину условия', replyTo: '4' },
      { id: '6', from: 'x', text: 'кто на футбол в субботу?' },
    ];
    const got = labelChat(chat).map((r) => [...r.labels, ...r.context].map((l) => l.label));
    // Before chat-37 only an answer to a question was the desk's: line 5 answers a statement.
    expect(got[4]).toEqual(['recruitment']);
    expect(got[5]).toEqual([]);
  });
});

describe('chat-33: a group member who replies to a job post with his interest is the candidate’s side', () => {
  it('lifts `+ menga qiziq, direct yozdim` that replies to the post, not the same line replying to something else', () => {
    const post: ChatMessage = {
      id: '1',
      from: 'hr',
      text: '📢 Vakansiya: piyoda kuryer, 18-30 yosh, kuniga 100$+. Hech qanday tajriba shart emas 😉 DM',
    };
    const chat = (replyTo: string): ChatMessage[] => [
      post,
      { id: '2', from: 'a', text: 'Kim bilan futbolga boramiz?' },
      { id: '3', from: 'b', text: '+ menga qiziq, direct yozdim', replyTo },
      { id: '4', from: 'c', text: 'shanba kuni' },
    ];
    const recruit = (c: ChatMessage[]) =>
      labelChat(c)
        .filter((r) => [...r.labels, ...r.context].some((h) => h.label === 'recruitment'))
        .map((r) => r.id);
    expect(recruit(chat('1'))).toEqual(['1', '3']);
    expect(recruit(chat('2'))).toEqual(['1']);
  });
});

describe('chat-29: a crew’s fines are its money talk, not the sale around them', () => {
  it('gives a shop’s line about fining its courier no `sale`, own or from context, in a buyer’s chat', () => {
    const chat: ChatMessage[] = [
      ['b', 'оплатил заказ #221, где адрес?'],
      ['s', 'Абая 12, магнит под лавкой, фото в боте'],
      ['b', 'ненаход, там пусто'],
      ['s', 'перезаклад через час'],
      ['s', 'курьеру штраф 5к за это, вычтем из зп'],
    ].map(([from, text], i) => ({ id: String(i + 1), from: from!, text: text! }));
    const res = labelChat(chat);
    expect(res[2]!.labels.map((h) => h.label)).toContain('sale');
    expect([...res[4]!.labels, ...res[4]!.context].map((h) => h.label)).not.toContain('sale');
  });
});

describe("the recruitment conversation model (chat-19): a card lender's or courier's exchange read as a whole", () => {
  const whole = (chat: ChatMessage[], options = {}) =>
    labelChat(chat, options)
      .filter((r) => r.context.some((c) => c.label === 'recruitment' && /read as a whole/.test(c.reason)))
      .map((r) => r.id);
  // An offer that leans to recruitment (0.6) without reaching it, a question, the job, an agreement. (`есть тема`
  // reaches it since lexicon -52: the fixture says `есть дело`.)
  const offer = dm([
    ['r', 'Тимур, ты без работы? есть дело, 250к в неделю, пиши в лс'],
    ['t', 'что за тема?'],
    ['r', 'по городу развозить, расскажу при встрече'],
    ['t', 'ладно, давай завтра'],
  ]);

  it('gives every line `recruitment` where neither the labeller nor the rules see one, with its words', () => {
    const rules = labelChat(offer, { recruitmentConversation: null });
    expect(rules.every((r) => r.labels.length === 0 && r.context.length === 0)).toBe(true);
    expect(whole(offer)).toEqual(['1', '2', '3', '4']);
    const c = labelChat(offer)[1]!.context[0]!;
    expect(c.reason).toMatch(
      /^message in a two-person exchange \(messages 1–4\) read as a whole as a recruitment conversation: 0\.\d\d \(.+\); own score 0\.\d\d$/,
    );
    // A card lender's DM whose lines lean to recruitment at 0.44 at most: model 2 needs a line at 0.5 (model 1, at
    // 0.3, lifted tech talk about `работа` in ordinary chat); `chat-25` reads it without one when the model is sure
    // (model 7: 0.66 ≥ 0.6, `chat-41`): a card lent for someone's transfers, withdrawn by him, is a drop's.
    const lend = dm([
      ['d', 'Марат, одолжи свою карту на недельку, по работе надо'],
      ['m', 'а зачем тебе моя?'],
      ['d', 'переводы зайдут, я сниму и всё, моя в блоке'],
      ['m', 'ладно, только верни потом'],
    ]);
    expect(whole(lend)).toEqual(['1', '2', '3', '4']);
    expect(labelChat(lend)[1]!.context[0]!.reason).toMatch(/recruitment conversation: 0\.6\d/);
  });

  it('chat-26: reads an offer turned down up to the refusal, and the refusal only by chat-49', () => {
    const lines: Array<[string, string]> = [
      ['r', 'Сәлеметсіз бе! Банк картаңызды айына 150 000 теңгеге жалға беріңіз'],
      ['c', 'бұл заңды ма?'],
      ['r', 'толық қауіпсіз, тек аударымдар өтеді'],
      ['c', 'жоқ, рахмет, керек емес'],
    ];
    const turnedDown = dm(lines);
    // The offer itself is `recruitment` by its own words since model 31 (0.75); the question and the pitch after it
    // are the exchange's; the candidate's no is `chat-49`'s, not the model's.
    expect(labelChat(turnedDown)[0]!.labels.map((l) => l.label)).toEqual(['recruitment']);
    expect(
      labelChat(turnedDown)
        .filter((r) => r.context.some((c) => c.label === 'recruitment'))
        .map((r) => r.id),
    ).toEqual(['2', '3', '4']);
    expect(labelChat(turnedDown)[3]!.context[0]!.reason).toMatch(/^a candidate's no/);
    expect(whole(turnedDown)).toEqual(['2']);
    expect(labelChat(turnedDown)[1]!.context[0]!.reason).toMatch(
      /^message in a two-person exchange \(messages 1–3\)/,
    );
    // A refusal before the line, or a lawful employer's mark anywhere, still keeps the model from reading the exchange
    // as a whole. Since model 31 the offer is `recruitment` by its own words wherever it stands: after a refusal the
    // rules still lift the recruiter's own pitch after it (4), never the refusal; a lawful mark clears every lift.
    const labelled = (chat: ChatMessage[]) =>
      labelChat(chat)
        .filter((r) => [...r.labels, ...r.context].some((l) => l.label === 'recruitment'))
        .map((r) => r.id);
    // A refusal before the offer: the refuser's question about the offer that follows is the candidate's side (he came
    // back to it; `chat-55`, by the rules, since `chat-51` by the model in the episode after the no), and the
    // recruiter's pitch by the rules.
    const refusedFirst = dm([lines[3]!, ...lines.slice(0, 3)]);
    expect(whole(refusedFirst)).toEqual([]);
    expect(labelled(refusedFirst)).toEqual(['2', '3', '4']);
    expect(labelChat(refusedFirst)[2]!.context[0]!.reason).toMatch(
      /^message in a two-person chat where r posted/,
    );
    // The model does not read the refuser's own later line that asks nothing after his no.
    const refusedTwice = dm([lines[3]!, lines[0]!, ['c', 'сказал же, не надо']]);
    expect(whole(refusedTwice)).toEqual([]);
    const lawfulAfter = dm([...lines, ['r', 'Оформление официальное, договор на руки']]);
    expect(whole(lawfulAfter)).toEqual([]);
    expect(labelled(lawfulAfter)).toEqual(['1']);
    // Kyrgyz `жок … кирбейм` (no … I won't join) is a refusal too, in the same place.
    const ky = dm([
      ['r', 'Чыңгыз, кел бирге иштейли, күнүнө 5к оңой'],
      ['c', 'эмне иш?'],
      ['r', 'шаар аралап, кичинекей посылкалар таштайсың'],
      ['c', 'жок, мен андай ишке кирбейм'],
    ]);
    expect(whole(ky)).toEqual(['1', '2', '3']);
  });

  it('chat-27: reads a three-person exchange (a recruiter, a holder, a friend) when the model is sure of it', () => {
    const three: ChatMessage[] = [
      ['r', 'Пацаны, кому деньги нужны? нужны люди с картами, 30к в неделю за карту'],
      ['a', 'у меня брат даст но боится блока'],
      ['r', 'блок бывает, тогда доп 5к. пусть новую откроет в другом банке'],
      ['b', 'у меня один есть, спрошу'],
    ].map(([from, text], i) => ({ id: String(i + 1), from: from!, text: text! }));
    expect(whole(three)).toEqual(['2', '3', '4']);
    expect(labelChat(three)[1]!.context[0]!.reason).toMatch(
      /^message in a three-person exchange \(messages 1–4\) read as a whole as a recruitment conversation: (?:0\.[89]\d|1\.00)/,
    );
    // A fourth author makes it a group the rules read, not the model.
    const four = [...three, { id: '5', from: 'c', text: 'а мне можно?' }];
    expect(whole(four)).toEqual([]);
  });

  it('chat-53: a lawful word does not clear an episode that holds an own recruitment line', () => {
    // 187AA's card-rental DM: the candidate quotes the bank's warning (a lawful sense: the bank's own text), the
    // recruiter reassures him and explains the handover. Before `chat-53` the bank's words cleared the exchange for the
    // recruitment model, so the reassurance and the card (3, 4) were left out.
    const chat = dm([
      ['nurbek', 'Эмир, картаң барбы? Ижарага бер, айына 15 миң'],
      ['emir', 'Байке бул мыйзамдуубу? Банктан смс келди карта ижарага бербе деп 😬'],
      ['nurbek', 'Коркпо, жөн эле акча келип-кетет, сенде эч нерсе жок'],
      ['emir', 'Макул, карта 5758 1262 7501 1143, онлайн банктын логинин кантип берем?'],
      ['nurbek', 'Кассир өзү чалат, СМС кодду айтасың'],
    ]);
    const read = labelChat(chat);
    expect(read[0]!.labels.map((l) => l.label)).toContain('recruitment');
    for (const i of [2, 3]) {
      const c = read[i]!.context.find((x) => x.label === 'recruitment');
      expect(c?.reason).toMatch(/read as a whole as a recruitment conversation/);
    }
  });

  it('chat-54: an offer turned down at once is read with its refusal, which is not lifted by it', () => {
    // 127AA's offer, which no lexicon word marks, and the no right after it.
    const chat = dm([
      ['r', 'Kofi said you need money. Упаковка, 20к в день, начало в понедельник'],
      ['c', 'no thanks'],
    ]);
    const read = labelChat(chat);
    expect(read[0]!.labels).toEqual([]);
    expect(read[0]!.context.map((c) => c.label)).toEqual(['recruitment']);
    expect(read[0]!.context[0]!.reason).toMatch(/^message in a two-person exchange \(messages 1–2\)/);
    expect(read[1]!.context.every((c) => !/read as a whole/.test(c.reason))).toBe(true);
  });

  it("chat-52: a candidate's risk question with a warning word neither clears nor ends the offer's episode", () => {
    const offer = (question: string) =>
      dm([
        ['r', 'Брат, машина есть? Раз в неделю сумку в Туркестан отвезти, 150к за рейс'],
        ['c', question],
        ['r', 'Сумка в запаске, накладную на запчасти дам'],
        ['c', 'ладно, первый рейс когда'],
      ]);
    // Asked (`… полициясы тексерсе ше?`: what if the road police check?), the police are the job seeker's worry.
    expect(whole(offer('Ішінде не бар? Жол полициясы тексерсе ше?'))).toEqual(['1', '2', '3', '4']);
    // Stated, the same word is a warning, which still clears the episode.
    expect(whole(offer('полиция сейчас везде стоит, аккуратнее'))).toEqual([]);
  });

  it("chat-28: a lawful sense in the offer itself (a card's rent, a driver's car) is the job's, not an employer's mark", () => {
    const rent = dm([
      ['d', 'Ерлан, у тебя вторая карта есть? не пользуешься?'],
      ['e', 'есть, а что'],
      ['d', 'дай в аренду на месяц, 30к плачу. переводы просто пойдут, тебе ничего не будет'],
      ['e', 'а что за переводы?'],
      ['d', 'по работе. не парься'],
    ]);
    expect(whole(rent)).toEqual(['1', '2', '3', '4', '5']);
    const car = dm([
      ['d', 'Салам, машина есть? работа есть, посылки возить по области, 20к за рейс'],
      ['e', 'а что в посылках?'],
      ['d', 'тебе какая разница, платим сразу'],
      ['e', 'ладно, когда?'],
    ]);
    expect(whole(car)).toEqual(['1', '2', '3', '4']);
    // The same lawful word in a line of its own, with no hiring word, still clears the exchange.
    const flat = rent.map((m) => (m.id === '5' ? { ...m, text: 'квартиру в аренду сдаю, кстати' } : m));
    expect(whole(flat)).toEqual([]);
  });

  it('lifts no acknowledgement, no warning, and nothing after a warning; a holder’s card is the exchange’s (chat-44)', () => {
    const more = [
      ...offer,
      { id: '5', from: 't', text: 'ок' },
      { id: '6', from: 't', text: 'моя карта 4400 4301 2345 6789' },
    ];
    const lifted = whole(more);
    expect(lifted).toContain('4');
    expect(lifted).not.toContain('5');
    expect(lifted).toContain('6');
    // `chat-39`: a warning after the offer ends the exchange as a refusal does (the lines before it are read, the warning
    // is not); one before the line clears it.
    const warned = offer.map((m) => (m.id === '4' ? { ...m, text: 'мошенники так и делают, нет' } : m));
    expect(whole(warned)).toEqual(['1', '2', '3']);
    const warnedFirst = offer.map((m) =>
      m.id === '2' ? { ...m, text: 'мошенники так и делают, осторожно' } : m,
    );
    expect(whole(warnedFirst)).toEqual([]);
    expect(whole(offer, { recruitmentConversation: null })).toEqual([]);
    const lexicon = compileLexicon({ ...LEXICON_DATA, version: 'test-other' });
    expect(whole(offer, { lexicon })).toEqual([]);
  });

  it('lifts nothing in ordinary chat: tgspam ham read as two- and three-person chats of ten lines', async () => {
    // Tech talk (`для работы нужно 128 минимум`, prices, `нужны`) read as a recruitment exchange at 0.63–0.70 while a
    // line leaning to it at 0.3 was enough (model 1); model 2 needs 0.5.
    const lines = (await read(new URL('tgspam_data_ham-samples.txt', TEXT)))
      .split('\n')
      .filter((l) => l.trim() !== '');
    let lifted = 0;
    let rows = 0;
    for (let k = 0; k + 10 <= lines.length; k += 10) {
      // chat-20: as a three-person group too (the sale model reads episodes of up to three authors).
      for (const authors of [2, 3]) {
        const chat = lines
          .slice(k, k + 10)
          .map((text, i) => ({ id: String(i + 1), from: `u${i % authors}`, text }));
        for (const r of labelChat(chat)) {
          rows++;
          if (r.context.some((c) => /read as a whole/.test(c.reason))) lifted++;
        }
      }
    }
    expect(rows).toBeGreaterThan(800);
    expect(lifted).toBe(0);
  });

  it('was trained with the shipped lexicon (a lexicon change retrains it: scripts/train-conversation-model.ts --label recruitment)', () => {
    expect(RECRUITMENT_CONVERSATION_MODEL_DATA.lexiconVersion).toBe(LEXICON_VERSION);
    expect(RECRUITMENT_CONVERSATION_MODEL_DATA.label).toBe('recruitment');
    expect(Object.keys(RECRUITMENT_CONVERSATION_MODEL_DATA.weights).length).toBeGreaterThan(1000);
  });
});

describe('evaluateChats on the conversation-shaped dev sets (31CA, 31CB, 31CC, 31CD)', () => {
  for (const name of ['chat31ca', 'chat31cb', 'chat31cc', 'chat31cd']) {
    it(`${name}: context finds far more of the buyers' and job seekers' rows, precision kept`, async () => {
      const rows = parseChatSet(
        await read(new URL(`testdata/eval.${name}.synthetic.jsonl`, import.meta.url)),
      );
      const ev = evaluateChats(rows);
      for (const label of ['sale', 'recruitment'] as const) {
        const b = ev.base.all.find((s) => s.label === label)!;
        const c = ev.context.all.find((s) => s.label === label)!;
        const bc = ev.base.ctx.find((s) => s.label === label)!;
        const cc = ev.context.ctx.find((s) => s.label === label)!;
        // Bars with room: the per-message model under it is retrained between sessions.
        expect(c.recall).toBeGreaterThan(b.recall + 0.15);
        expect(cc.recall).toBeGreaterThan(bc.recall + 0.25);
        // A lifted wrong label costs 0.02–0.03 on a set this size (31CA recruitment 1.00 → 0.95: one payout talk line).
        // 31CD `sale` sits at the bar: 0.857 with context since model 31 (a courier's chat with support); lexicon -51
        // reads one more buyer's line by itself (base 0.9355 → 0.9375), the context figures unchanged (54 / 9 / 8).
        expect(c.precision).toBeGreaterThanOrEqual(b.precision - 0.085);
      }
    });
  }
});

describe('ChatContextPass (the ingest path)', () => {
  const records = (chatId: string, chat: ChatMessage[]): ParsedRecord[] =>
    chat.flatMap((m, i): ParsedRecord[] => [
      {
        table: 'messages',
        row: {
          chatId,
          messageId: m.id,
          timestamp: `2025-01-01T10:${String(i % 60).padStart(2, '0')}:00.000Z`,
          authorId: m.from,
          authorName: null,
          text: m.text,
          replyTo: m.replyTo ?? null,
          forwardedFrom: null,
          viaBot: null,
          edited: null,
          mediaKind: null,
          action: null,
          evidenceId: 'ev',
          locator: `messages[${i}]`,
        },
      },
      ...labelMessage(m.text).map(
        (l): ParsedRecord => ({
          table: 'message_labels',
          row: {
            chatId,
            messageId: m.id,
            label: l.label,
            score: l.score,
            lexiconVersion: 'x',
            terms: l.terms,
            evidenceId: 'ev',
            locator: `messages[${i}]`,
          },
        }),
      ),
    ]);
  const run = (pass: ChatContextPass, recs: ParsedRecord[]) => {
    const out: MessageLabelRow[] = [];
    for (const r of recs) for (const x of pass.see(r)) if (x.table === 'message_labels') out.push(x.row);
    for (const x of pass.finish()) if (x.table === 'message_labels') out.push(x.row);
    return out;
  };

  it('yields context label rows with the message provenance, its reason and anchors', () => {
    // The rules' labels (the conversation model's come through the same pass: the next test).
    const rows = run(new ChatContextPass({ conversation: null }), [
      ...records('tg:chat:1', shopDm),
      ...records('tg:chat:2', [
        { id: '1', from: 'mom', text: 'Кто будет ужинать?' },
        { id: '2', from: 'son', text: '2' },
      ]),
    ]);
    expect(rows.map((r) => `${r.chatId}/${r.messageId}/${r.label}`)).toEqual([
      'tg:chat:1/102/sale',
      'tg:chat:1/104/sale',
    ]);
    expect(rows[0]!.locator).toBe('messages[1]');
    expect(isContextLabel(rows[0]!)).toBe(true);
    // Stored context labels name the rule and its terms' version (chat-terms.json).
    expect(rows[0]!.lexiconVersion).toMatch(
      /^context:chat-56\+conversation-14\+recruitment-7\+lines-2\.1\.1\//,
    );
    expect(contextOfLabel(rows[0]!)).toEqual({
      reason: expect.stringContaining('where bot posted sale evidence: messages 101'),
      refs: ['101', '103'],
    });
    expect(contextOfLabel({ lexiconVersion: 'x', terms: [] })).toBeNull();
  });

  it('chat-23: gives a kept two-person chat the labels its author as a seller brings, once the export has shown him', () => {
    const coded = codedRegular;
    const SHOP =
      'Витрина обновлена. Все позиции в наличии по городу: мастер-клады, магниты, прикоп. Заказ только через бота, оператор на связи с 10 до 02';
    expect(labelMessage(SHOP).map((l) => l.label)).toContain('sale');
    // The coded DM comes first in the export; the seller's posts in two other chats after it.
    const recs = [
      ...records('tg:chat:9', coded),
      ...records('tg:chat:1', [
        { id: '101', from: 'd', text: SHOP },
        { id: '102', from: 'b1', text: 'ок' },
      ]),
      ...records('tg:chat:2', [
        { id: '7', from: 'd', text: SHOP },
        { id: '8', from: 'b2', text: 'понял' },
      ]),
    ];
    const ids = (rows: MessageLabelRow[]) =>
      rows.filter((r) => r.chatId === 'tg:chat:9').map((r) => `${r.messageId}/${r.label}`);
    const rows = run(new ChatContextPass(), recs);
    expect(ids(rows)).toEqual(['1/sale', '2/sale', '3/sale', '4/sale', '5/sale', '6/sale']);
    const dm9 = rows.find((r) => r.chatId === 'tg:chat:9')!;
    expect(dm9.locator).toBe('messages[0]');
    expect(contextOfLabel(dm9)!.reason).toMatch(
      /with d known as a seller in this export: 2 own sale messages in 2 chats \(tg:chat:1 #101, tg:chat:2 #7\)/,
    );
    // As the whole export reads (labelChat with the same sellers), and no label twice.
    const parties = new Map([
      [
        'd',
        {
          count: 2,
          chats: 2,
          refs: [
            { chat: 'tg:chat:1', id: '101' },
            { chat: 'tg:chat:2', id: '7' },
          ],
        },
      ],
    ]);
    expect(ids(rows)).toEqual(
      labelChat(coded, { parties, chatId: 'tg:chat:9' }).flatMap((r) =>
        r.context.map((c) => `${r.id}/${c.label}`),
      ),
    );
    expect(new Set(rows.map((r) => `${r.chatId}/${r.messageId}/${r.label}`)).size).toBe(rows.length);
    // Off (parties: null), or the chat longer than the pass keeps: its first labels only.
    expect(ids(run(new ChatContextPass({ parties: null }), recs))).toEqual([]);
    expect(ids(run(new ChatContextPass({ deferChat: 5 }), recs))).toEqual([]);
    expect(ids(run(new ChatContextPass({ deferChars: 20 }), recs))).toEqual([]);
  });

  it("yields the conversation model's labels too, as the whole chat has them", () => {
    const dealer = dealerDm;
    const rows = run(new ChatContextPass(), records('tg:chat:3', dealer));
    const whole = labelChat(dealer).flatMap((r) => r.context.map((c) => `${r.id}/${c.label}`));
    expect(whole.length).toBe(6);
    expect(rows.map((r) => `${r.messageId}/${r.label}`)).toEqual(whole);
    expect(contextOfLabel(rows[0]!)!.reason).toMatch(/read as a whole as a sale conversation/);
  });

  it("keeps a group's reply links: the ingest lifts the reply to the post, not the same line elsewhere", () => {
    const rows = run(
      new ChatContextPass(),
      records('tg:chat:5', [
        { id: '1', from: 'rec', text: JOB },
        { id: '2', from: 'a', text: 'кто на футбол завтра?' },
        { id: '3', from: 'js', text: 'а паспорт нужен?', replyTo: '1' },
        { id: '4', from: 'b', text: 'а паспорт нужен?', replyTo: '2' },
      ]),
    );
    expect(rows.map((r) => `${r.messageId}/${r.label}`)).toEqual(['3/recruitment']);
    expect(contextOfLabel(rows[0]!)).toEqual({
      reason: expect.stringMatching(/^reply in a group chat/),
      refs: ['1'],
    });
  });

  it('gives a group chat with reply threads fed in slices the same labels as the whole chat', () => {
    // Ten copies of a shop's thread with talk between them: a thread's labels read its window only.
    const thread: ChatMessage[] = [
      { id: '1', from: 'shop', text: MENU },
      { id: '2', from: 'u1', text: 'а на левом берегу есть?', replyTo: '1' },
      { id: '3', from: 'shop', text: 'есть, смотри в боте раздел Запад', replyTo: '2' },
      { id: '4', from: 'u1', text: 'а в крипте можно?', replyTo: '3' },
      { id: '5', from: 'z', text: 'кто за пиццу?' },
      { id: '6', from: 'u2', text: 'оплатил, жду', replyTo: '3' },
    ];
    const long: ChatMessage[] = [];
    for (let i = 0; i < 120; i++) {
      const m = thread[i % thread.length]!;
      const base = i - (i % thread.length);
      long.push({ ...m, id: String(i), replyTo: m.replyTo ? String(base + Number(m.replyTo) - 1) : null });
    }
    const whole = labelChat(long, { window: 5 }).flatMap((r) => r.context.map((c) => `${r.id}/${c.label}`));
    const sliced = run(new ChatContextPass({ window: 5, slice: 20 }), records('tg:chat:8', long)).map(
      (r) => `${r.messageId}/${r.label}`,
    );
    expect(whole.length).toBeGreaterThanOrEqual(60);
    expect(sliced).toEqual(whole);
  });

  it('gives a long chat fed in slices the same labels as the whole chat', () => {
    const long: ChatMessage[] = [];
    for (let i = 0; i < 200; i++) {
      const k = i % 23;
      long.push({
        id: String(i),
        from: i % 2 ? 'buyer' : 'bot',
        text: k === 0 ? MENU : k === 9 ? PAY : k === 14 ? 'спасибо' : k % 3 === 0 ? 'где адрес?' : '2',
      });
    }
    const whole = labelChat(long, { window: 5 }).flatMap((r) => r.context.map((c) => `${r.id}/${c.label}`));
    const sliced = run(new ChatContextPass({ window: 5, slice: 20 }), records('tg:chat:9', long)).map(
      (r) => `${r.messageId}/${r.label}`,
    );
    expect(whole.length).toBeGreaterThan(20);
    expect(sliced).toEqual(whole);
  });

  it('gives a long chat fed in slices the same labels as the whole chat: line models (chat-46) beside ordinary talk (chat-42)', () => {
    const CHANNEL =
      "⚡ FARG'ONA ENERGIYA ⚡ ❄️ 0.5 — 280k 💎 1g — 500k 🍫 5g — 350k Rayonlar: Farg'ona, Marg'ilon. Bot @fe_bot_fake";
    const part: Array<[string, string]> = [
      ['ch', CHANNEL],
      ['ch', 'Aksiya! Ikkinchi buyurtmaga -15% 🎁'],
      ['ch', 'Otzivlar kanalimiz: @fe_otziv_fake ⭐'],
      ['d', 'есть мефедрон 1г 5000, шишки 1г 6000, клад через час после оплаты'],
      ['b', 'беру 1г'],
      ['b', 'скинул 5к на твою, проверь'],
      ['d', 'пришло, жди адрес'],
      ['a', 'Привет, видела объявление про однушку, ещё сдаётся?'],
      ['c', 'с залогом?'],
      ['a', 'залог 100 тыс, хозяйка нормальная'],
    ];
    const long: ChatMessage[] = [];
    for (let i = 0; i < 150; i++) {
      const [from, text] = part[i % part.length]!;
      long.push({ id: String(i), from, text });
    }
    const whole = labelChat(long, { window: 5 });
    const keys = whole.flatMap((r) => r.context.map((c) => `${r.id}/${c.label}`));
    const reasons = whole.flatMap((r) => r.context.map((c) => c.reason)).join('\n');
    expect(reasons).toMatch(/read as its money talk by the payment line model/);
    const sliced = run(new ChatContextPass({ window: 5, slice: 20 }), records('tg:chat:10', long)).map(
      (r) => `${r.messageId}/${r.label}`,
    );
    expect(keys.length).toBeGreaterThanOrEqual(15);
    expect(sliced).toEqual(keys);
  });
});

describe('chat-38: a known recruiter’s leaning lines', () => {
  const party = {
    count: 2,
    chats: 2,
    refs: [
      { chat: 'c1', id: '1' },
      { chat: 'c2', id: '1' },
    ],
  };

  it('gives a line at or over RECRUITER_MIN_OWN and under the label’s threshold `recruitment`, naming his other chats', () => {
    const c = recruiterContext('Тимур, ты без работы? есть дело, 250к в неделю, пиши в лс', 'r', party, {
      chatId: 'c3',
    });
    expect(c?.label).toBe('recruitment');
    expect(c!.score).toBeGreaterThanOrEqual(RECRUITER_MIN_OWN);
    expect(c!.reason).toMatch(
      /^message by r, known as a recruiter in this export: 2 own recruitment messages in 2 chats \(c1 #1, c2 #1\)/,
    );
    expect(recruiterContext('кто вечером на футбол?', 'r', party)).toBeNull();
  });

  it('counts recruiters per set in evaluateChats (own `recruitment` in two chats), and only with them lifts the line', () => {
    const rows = [
      ['c1', 'r', 'Требуются курьеры-закладчики, 5000 за клад, залог 10к, пиши в лс', ['recruitment']],
      ['c1', 'a', 'подумаю', []],
      ['c2', 'r', 'Работа курьером-закладчиком, оплата ежедневно, 15000 в день. Пиши', ['recruitment']],
      // The candidate's no to the offer is `recruitment` by the convention (`chat-49`).
      ['c2', 'b', 'не интересно', ['recruitment']],
      ['c3', 'x', 'кто вечером на футбол?', []],
      ['c3', 'y', 'я буду', []],
      ['c3', 'z', 'я тоже, мяч возьму', []],
      ['c3', 'r', 'Тимур, ты без работы? есть дело, 250к в неделю, пиши в лс', ['recruitment']],
      ['c3', 'w', 'в 7 у школы', []],
    ].map(([chat, from, text, labels], i) => ({ chat, from, text, labels, id: String(i) }) as never);
    const rec = (e: ReturnType<typeof evaluateChats>) =>
      e.context.all.find((s) => s.label === 'recruitment')!;
    expect(rec(evaluateChats(rows))).toMatchObject({ tp: 4, fp: 0, fn: 0 });
    expect(rec(evaluateChats(rows, { recruiters: null }))).toMatchObject({ tp: 3, fp: 0, fn: 1 });
    expect(evaluateChats(rows).changes.find((c) => c.chat === 'c3')?.reason).toMatch(
      /known as a recruiter in this export: 2 own recruitment messages in 2 chats \(c1 #1, c2 #1\)/,
    );
  });
});

describe('chat-47: the line models read the chats of a known seller or recruiter', () => {
  const seller = {
    from: 'k',
    label: 'sale' as const,
    party: {
      count: 3,
      chats: 2,
      refs: [
        { chat: 'c1', id: '1' },
        { chat: 'c2', id: '1' },
      ],
    },
  };

  it('gives a curator’s rule `training` and a courier’s count `drop_report`, naming the party; household talk nothing', () => {
    const [t] = partyLineContext(
      'телефон рабочий отдельно, переписку чисти каждый вечер',
      new Set(),
      seller,
      {
        chatId: 'c3',
      },
    );
    expect(t?.label).toBe('training');
    expect(t!.reason).toMatch(
      /^a line of a chat in which k writes, known as a seller in this export: 3 own sale messages in 2 chats \(c1 #1, c2 #1\); read as its teaching by the training line model: 0\.\d\d \(words: /,
    );
    expect(partyLineContext('Ош, Черёмушки 5 шт готово. Фото в боте', new Set(), seller)[0]?.label).toBe(
      'drop_report',
    );
    for (const text of [
      'кто вечером на футбол?',
      'скинь маме 500 на карту',
      'мама, я положил ключ под коврик',
    ])
      expect(partyLineContext(text, new Set(), seller)).toEqual([]);
    // Not twice, and not with the model off.
    expect(
      partyLineContext(
        'телефон рабочий отдельно, переписку чисти каждый вечер',
        new Set(['training']),
        seller,
      ),
    ).toEqual([]);
    expect(
      partyLineContext('телефон рабочий отдельно, переписку чисти каждый вечер', new Set(), seller, {
        lineModels: { training: null },
      }),
    ).toEqual([]);
  });

  it('reads a set’s chats where a seller of the set writes, and only those (evaluateChats)', () => {
    const SALE = 'есть мефедрон 1г 5000, шишки 1г 6000, клад через час после оплаты';
    const rows = [
      ['c1', 'k', SALE, ['sale']],
      ['c1', 'a', 'беру 1г', ['sale']],
      ['c2', 'k', SALE, ['sale']],
      ['c2', 'b', 'подумаю', []],
      ['c3', 'k', 'как дела у малого?', []],
      ['c3', 'y', 'норм, в садике', []],
      ['c3', 'k', 'телефон рабочий отдельно, переписку чисти каждый вечер', ['training']],
      ['c4', 'x', 'как дела у малого?', []],
      ['c4', 'y', 'норм, в садике', []],
      ['c4', 'x', 'телефон рабочий отдельно, переписку чисти каждый вечер', []],
    ].map(([chat, from, text, labels], i) => ({ chat, from, text, labels, id: String(i) }) as never);
    const training = (e: ReturnType<typeof evaluateChats>) =>
      e.context.all.find((s) => s.label === 'training')!;
    expect(training(evaluateChats(rows))).toMatchObject({ tp: 1, fp: 0, fn: 0 });
    expect(training(evaluateChats(rows, { partyLines: false }))).toMatchObject({ tp: 0, fp: 0, fn: 1 });
    expect(chatParty([{ from: 'x' }, { from: 'k' }], new Map([['k', seller.party]]), null)).toEqual(seller);
    expect(chatParty([{ from: 'x' }], new Map([['k', seller.party]]), null)).toBeUndefined();
  });

  it('names the party who writes most in the chat, a seller before a recruiter with as many', () => {
    const p = seller.party;
    const both = new Map([
      ['r', p],
      ['s', p],
    ]);
    // `r` writes more here: he is the chat's party, though `s` has far more own messages elsewhere.
    expect(
      chatParty(
        [{ from: 'r' }, { from: 'r' }, { from: 's' }],
        new Map([['s', { ...p, count: 10 }]]),
        new Map([['r', p]]),
      )?.from,
    ).toBe('r');
    // As many: the seller, whichever wrote first.
    const tie = chatParty([{ from: 'r' }, { from: 's' }], new Map([['s', p]]), new Map([['r', p]]));
    expect(tie).toMatchObject({ from: 's', label: 'sale' });
    // One author known as both: read as a seller.
    expect(chatParty([{ from: 's' }], both, both)?.label).toBe('sale');
  });

  it('asks a lexicon word and 0.7 of a line no trade line stands near: ordinary talk read as a party’s chat stays clean', async () => {
    // An IT chat's advice reads as teaching to the training line model (0.58 … 0.95) but names no word of the lexicon.
    expect(
      partyLineContext(
        'Ну если не планируешь с большими объемами работать, то и не стоит переплачивать',
        new Set(),
        seller,
      ),
    ).toEqual([]);
    const lines = (await read(new URL('tgspam_data_ham-samples.txt', TEXT)))
      .split('\n')
      .filter((l) => l.trim() !== '');
    const lifted = lines.filter((l) => partyLineContext(l, new Set(), seller).length > 0);
    // 24 of 438 at the line models' own 0.6 with no word asked for; 5 now (1.1 %).
    expect(lifted.length / lines.length).toBeLessThan(0.015);
  });
});

describe('chat-48: a seller’s card that answers his buyer, and his corrected location, are the sale’s', () => {
  const buy = dm([
    ['b', 'салам, я от Тимура. есть чё?'],
    ['s', 'салам. сколько?'],
    ['b', 'одну. куда кидать?'],
    ['s', '4111 1111 1111 1111, после оплаты скину место'],
    ['b', 'скинул'],
    ['s', '[фото] 42.4521, 59.6307 в парке у лавки, метка на фото'],
    ['b', 'там пусто бро, всё обыскал'],
    ['s', 'сори, перепутал фото. вот правильное [фото] 42.4530, 59.6299'],
    ['b', 'нашёл 👍'],
  ]);
  const sale = (chat: ChatMessage[], i: number) =>
    labelChat(chat)[i]!.context.some((c) => c.label === 'sale');

  it('lifts the card line that answers the buyer’s `куда кидать?`, not a standalone post of requisites', () => {
    expect(labelChat(buy)[3]!.labels.map((l) => l.label)).toContain('payment');
    expect(sale(buy, 3)).toBe(true);
    // The convention's `новая карта для оплаты`: the shop's own announcement after its own line stays payment alone.
    const shop = dm([
      ['b', 'салам, я от Тимура. есть чё?'],
      ['s', 'салам. сколько?'],
      ['b', 'одну. куда кидать?'],
      ['s', 'подожди, карту меняем'],
      ['s', 'С завтрашнего дня старую карту не используйте. Новая для оплаты: 4111 1111 1111 1111'],
      ['b', 'скинул'],
      ['s', '[фото] 42.4521, 59.6307 в парке у лавки, метка на фото'],
      ['b', 'нашёл 👍'],
    ]);
    expect(labelChat(shop)[4]!.labels.map((l) => l.label)).toContain('payment');
    expect(sale(shop, 4)).toBe(false);
  });

  it('lifts a seller’s location and its correction (two own reports), not a third report of his', () => {
    expect(labelChat(buy)[5]!.labels.map((l) => l.label)).toContain('drop_report');
    expect(sale(buy, 5)).toBe(true);
    expect(sale(buy, 7)).toBe(true);
    const three = dm([
      ...buy.slice(0, 8).map((m): [string, string] => [m.from!, m.text]),
      ['s', 'и ещё одна рядом [фото] 42.4533, 59.6301 у забора, метка на фото'],
      ['b', 'нашёл 👍'],
    ]);
    expect(labelChat(three)[8]!.labels.map((l) => l.label)).toContain('drop_report');
    for (const i of [5, 7, 8]) expect(sale(three, i)).toBe(false);
  });

  it('reads an answer only from the other side of a two-person exchange: not a third member, an empty row', () => {
    const card = '4111 1111 1111 1111, после оплаты скину место';
    const rows = (before: Array<[string | null, string]>): ChatMessage[] =>
      [
        ['b', 'салам, я от Тимура. есть чё?'],
        ['s', 'салам. сколько?'],
        ['b', 'одну'],
        ['s', 'подожди'],
        ...before,
        ['s', card],
        ['b', 'скинул'],
        ['s', '[фото] 42.4521, 59.6307 в парке у лавки, метка на фото'],
        ['b', 'нашёл 👍'],
      ].map(([from, text], i) => ({ id: String(i + 1), from, text }) as ChatMessage);
    const at = (chat: ChatMessage[]) => chat.findIndex((m) => m.text === card);
    const third = rows([['x', 'всем привет']]);
    expect(sale(third, at(third))).toBe(false);
    const empty = rows([['b', '']]);
    expect(sale(empty, at(empty))).toBe(false);
    const answer = rows([['b', 'куда кидать?']]);
    expect(sale(answer, at(answer))).toBe(true);
  });
});

describe('chat-49: the candidate’s no to a trade job offered to them is recruitment', () => {
  const recruited = (chat: ChatMessage[], i: number, options: Parameters<typeof labelChat>[1] = {}) =>
    labelChat(chat, options)[i]!.context.some((c) => c.label === 'recruitment');
  const offer: Array<[string, string]> = [
    ['r', JOB],
    ['c', 'а что возить?'],
    ['r', 'мелкие клады по городу, фото и координаты, оплата за точку, залог 10 000'],
  ];
  const NO = 'не, я пас. больше не пишите';

  it('lifts the refusal right after the recruiter’s offer, naming it, not the message alone', () => {
    const chat = dm([...offer, ['c', NO]]);
    expect(labelMessage(NO).map((l) => l.label)).not.toContain('recruitment');
    expect(recruited(chat, 3)).toBe(true);
    expect(labelChat(chat)[3]!.context[0]!.reason).toMatch(
      /^a candidate's no in a two-person chat to the job r offered: messages 1, 3/,
    );
  });

  it(`reaches back ${OFFER_REACH} lines for the offer; a second no only when the offer is that near (chat-55)`, () => {
    const after = (n: number) =>
      dm([...offer, ...Array.from({ length: n }, (): [string, string] => ['c', 'хм']), ['c', NO]]);
    expect(recruited(after(OFFER_REACH - 1), 2 + OFFER_REACH)).toBe(true);
    expect(recruited(after(OFFER_REACH), 3 + OFFER_REACH)).toBe(false);
    const twice = dm([...offer, ['c', NO], ['r', 'подумай, 2000 за клад'], ['c', NO]]);
    expect(recruited(twice, 3)).toBe(true);
    // `chat-55`: the recruiter insists and the candidate says no again: still the candidate's side.
    expect(recruited(twice, 5)).toBe(true);
    const late = dm([
      ...offer,
      ['c', NO],
      ...Array.from({ length: OFFER_REACH }, (): [string, string] => ['c', 'хм']),
      ['c', NO],
    ]);
    expect(recruited(late, 3)).toBe(true);
    expect(recruited(late, 4 + OFFER_REACH)).toBe(false);
  });

  it('keeps a no benign where the window states a lawful employer’s mark, and a no to a seller', () => {
    // The rules alone (no conversation model), with and without the lawful mark.
    const rules = { recruitmentConversation: null };
    expect(recruited(dm([...offer, ['r', 'напиши, как решишь'], ['c', NO]]), 4, rules)).toBe(true);
    const lawful = dm([...offer, ['r', 'оформление официальное, договор на руки'], ['c', NO]]);
    expect(recruited(lawful, 4, rules)).toBe(false);
    const seller = dm([
      ['d', 'есть мефедрон 1г 5000, шишки 1г 6000, клад через час после оплаты'],
      ['b', NO],
    ]);
    expect(labelChat(seller)[1]!.context).toEqual([]);
  });

  it('every relabelled row (`declined`) is a two-person chat’s `recruitment` alone, which `asWritten` clears', () => {
    const dir = new URL('./testdata/', import.meta.url);
    let n = 0;
    for (const f of readdirSync(dir).filter((x) => /^eval\.chat\d+[a-z]+\.synthetic\.jsonl$/.test(x))) {
      const rows = parseChatSet(readFileSync(new URL(f, dir), 'utf8'));
      for (const r of rows) {
        if (r.declined !== true) continue;
        n++;
        expect(r.labels, `${f} ${r.text}`).toEqual(['recruitment']);
        expect(new Set(rows.filter((x) => x.chat === r.chat).map((x) => x.from)).size, f).toBe(2);
        expect(asWritten(r).labels).toEqual([]);
      }
    }
    expect(n).toBe(391);
  });
});

describe('chat-40: a card or wallet posted in a trade chat is the trade’s requisites', () => {
  const CARD = '4111 1111 1111 1111'; // passes Luhn
  // The card rule alone: `chat-46`'s payment line model reads the other lines (below).
  const payment = (
    chat: ChatMessage[],
    options: Parameters<typeof labelChat>[1] = { lineModels: { payment: null } },
  ) =>
    labelChat(chat, options)
      .map((r, i) => ({ i, r }))
      .filter(({ r }) => r.context.some((c) => c.label === 'payment'))
      .map(({ i }) => chat[i]!.id);

  it('gives `payment` to a card line near an own `sale` line, naming the anchors', () => {
    const chat = dm([
      ['d', 'есть мефедрон 1г 5000, шишки 1г 6000, клад через час после оплаты'],
      ['b', 'беру 1г'],
      ['d', `${CARD}, Азамат Т.`],
    ]);
    expect(payment(chat)).toEqual(['3']);
    const c = labelChat(chat)[2]!.context.find((x) => x.label === 'payment')!;
    expect(c.reason).toMatch(
      /^a card or wallet that passes its checksum, posted in a chat whose messages 1 are the trade's \(own sale\)$/,
    );
    expect(c.refs).toEqual(['1']);
  });

  it('gives none to a card in ordinary chat, or to a number written as a card in a trade chat far from its lines', () => {
    expect(
      payment(
        dm([
          ['a', 'за пиццу скинь сюда'],
          ['a', CARD],
          ['b', 'ок, скинул'],
        ]),
      ),
    ).toEqual([]);
    expect(
      payment(
        dm([
          ['a', 'за пиццу скинь сюда'],
          ['a', '4111 1111 1111 1112'],
        ]),
      ),
    ).toEqual([]);
  });

  it('chat-56: gives `payment` to a number written as a card or wallet whose checksum fails, naming it no identifier', () => {
    const TYPO = 'сюда кидай: 4111 1111 1111 1112, Азамат Т.';
    expect(extractIdentifiers(TYPO).some((x) => x.kind === 'card' && x.validated)).toBe(false);
    const chat = dm([
      ['d', 'есть мефедрон 1г 5000, шишки 1г 6000, клад через час после оплаты'],
      ['d', TYPO],
      ['d', 'или USDT: TJB1C9XCiQMuNWWN2uHaLJD3c2pRrGxtD8'],
    ]);
    expect(payment(chat)).toEqual(['2', '3']);
    for (const i of [1, 2])
      expect(labelChat(chat)[i]!.context.find((x) => x.label === 'payment')!.reason).toMatch(
        /^a number written as a card or wallet \(its checksum fails: no identifier\), posted in a chat whose messages 1 are the trade's \(own sale\)$/,
      );
    // A parcel's fourteen-digit waybill number, or a short `T…` word, is no such number.
    expect(
      payment(
        dm([
          ['d', 'есть мефедрон 1г 5000, шишки 1г 6000, клад через час после оплаты'],
          ['d', 'посылка ушла, накладная 20450012345678, трек Tx7QW будет завтра'],
        ]),
      ),
    ).toEqual([]);
  });
});

describe('chat-46: the line models read a trade chat’s money talk and teaching', () => {
  const paid = (chat: ChatMessage[], options: Parameters<typeof labelChat>[1] = {}) =>
    labelChat(chat, options).map((r) => r.context.find((c) => c.label === 'payment')?.reason ?? null);

  it('gives `payment` to a buyer’s and a dealer’s money lines near the trade’s own line, with the model’s words', () => {
    const chat = dm([
      ['d', 'есть мефедрон 1г 5000, шишки 1г 6000, клад через час после оплаты'],
      ['b', 'беру 1г'],
      ['b', 'скинул 5к на твою, проверь'],
      ['d', 'пришло, жди адрес'],
    ]);
    const reasons = paid(chat);
    expect(reasons[2]).toMatch(
      /^a line of a chat whose messages 1 are the trade's \(own sale\), read as its money talk by the payment line model: 0\.\d\d \(words: .*скинул/,
    );
    // Off, the line gets nothing: no card, no payment word of the lexicon.
    expect(paid(chat, { lineModels: { payment: null } })[2]).toBeNull();
    // A digit string that fails Luhn is no card, but the line that says to pay to it is the dealer's requisites all
    // the same: `chat-56` names it (the payment line model does not read a line that rule gives).
    const typo = dm([
      ['d', 'есть мефедрон 1г 5000, шишки 1г 6000, клад через час после оплаты'],
      ['d', 'сюда кидай: 4111 1111 1111 1112, Азамат Т.'],
    ]);
    expect(paid(typo)[1]).toMatch(
      /^a number written as a card or wallet \(its checksum fails: no identifier\)/,
    );
  });

  it('names the words of the line only (no lexicon group, no stop-word) and the messages in the chat’s order (review r33)', () => {
    const chat = dm([
      ['b', 'привет'],
      ['b', 'как дела'],
      ['d', 'есть мефедрон 1г 5000, шишки 1г 6000, клад через час после оплаты'],
      ['d', 'меф 2г 9000, закладки по городу, фото с координатами'],
      ['b', 'оплатил за 2 на карту'],
      ['d', 'шишки 1г 6000, клад магнит, адрес после оплаты'],
    ]);
    const got = labelChat(chat)[4]!.context;
    const payment = got.find((c) => c.label === 'payment')!;
    // Was `messages 4, 6, 3 … (words: payment, на, за)`: the nearest first, the lexicon group and two stop-words.
    expect(payment.reason).toBe(
      "a line of a chat whose messages 3, 4, 6 are the trade's (own sale), read as its money talk by the payment line model: 0.90 (words: оплатил, карту)",
    );
    expect(got.find((c) => c.label === 'sale')!.reason).toMatch(/evidence: messages 3, 4, 6;/);
    // The label is unchanged: its refs still nearest first, its score as before.
    expect(payment.refs).toEqual(['4', '6', '3']);
    expect(payment.score).toBe(0.63);
  });

  it('gives a curator’s safety rule near the trade’s lines `training` (the training line model), and nothing off', () => {
    const crew = dm([
      [
        'r',
        'Требуются курьеры-закладчики, оплата 2000 за клад, выплаты каждый день. Залог 10 000. Пиши в лс',
      ],
      ['c', 'я готов, что делать?'],
      ['r', 'телефон рабочий отдельно, переписку чисти каждый вечер'],
      ['c', 'сделал 5, фото скинул в бот'],
    ]);
    const rows = labelChat(crew);
    expect(rows[2]!.labels).toEqual([]);
    const c = rows[2]!.context.find((x) => x.label === 'training')!;
    expect(c.reason).toMatch(
      /^a line of a chat whose messages .* are the trade's \(own .*\), read as its teaching by the training line model: 0\.\d\d \(words: /,
    );
    expect(
      labelChat(crew, { lineModels: { training: null } })[2]!.context.some((x) => x.label === 'training'),
    ).toBe(false);
  });

  it('reads no line by its own label alone: a lone ad is no chat of the trade', () => {
    const ad = dm([['d', 'есть мефедрон 1г 5000, шишки 1г 6000, оплата на карту, скинул — получил адрес']]);
    expect(labelChat(ad)[0]!.labels.map((l) => l.label)).toContain('sale');
    expect(labelChat(ad)[0]!.context).toEqual([]);
  });

  it('reads nothing where no own trade line stands near: friends’ transfers, a bill', () => {
    const friends = dm([
      ['a', 'за пиццу скинь сюда'],
      ['a', '4111 1111 1111 1111'],
      ['b', 'ок, скинул 5к'],
      ['a', 'пришло, спасибо'],
    ]);
    expect(paid(friends).every((r) => r === null)).toBe(true);
    for (const data of Object.values(LINE_MODEL_DATA)) {
      expect(data.lexiconVersion).toBe(LEXICON_VERSION);
      expect(data.ngram).toBe(4);
    }
  });
});

describe('chat-41: the recruitment model reads letter n-grams and needs no hiring word when it is sure', () => {
  it('gives each word its letter 4-grams, marked at both ends, once; a word with a digit none', () => {
    // The words are folded first (`ң` → `н`, as the lexicon reads them).
    const grams = messageNgrams('Картаңды бер, картаңды! 5к', 4);
    expect(grams.slice(0, 7)).toEqual([
      'ng:<кар',
      'ng:карт',
      'ng:арта',
      'ng:ртан',
      'ng:танд',
      'ng:анды',
      'ng:нды>',
    ]);
    // `бер` is short: its one n-gram is the marked word itself.
    expect(grams).toContain('ng:<бер');
    expect(grams).toContain('ng:бер>');
    expect(new Set(grams).size).toBe(grams.length);
    expect(grams.some((g) => /\d/.test(g))).toBe(false);
    expect(RECRUITMENT_CONVERSATION_MODEL_DATA.ngram).toBe(4);
    expect(Object.keys(RECRUITMENT_CONVERSATION_MODEL_DATA.weights).some((k) => k.startsWith('ng:'))).toBe(
      true,
    );
  });

  it('reads a SIM-card buyer’s exchange with no hiring word as recruitment, and shows words, not n-grams', () => {
    const sims = dm([
      ['a', 'у тебя симки на тебя оформлены есть?'],
      ['b', 'две есть, а что?'],
      ['a', 'возьму обе, по 10 за штуку, паспорт не нужен'],
      ['b', 'давай 15'],
      ['a', '12 и по рукам'],
    ]);
    const rows = labelChat(sims);
    expect(rows.every((r) => r.labels.length === 0)).toBe(true);
    expect(rows.map((r) => r.context.map((c) => c.label))).toEqual(Array(5).fill(['recruitment']));
    const reason = rows[1]!.context[0]!.reason;
    expect(reason).toMatch(
      /^message in a two-person exchange \(messages 1–5\) read as a whole as a recruitment conversation: 0\.(?:[6-9])\d \(words: /,
    );
    // An n-gram is shown as the word it came from.
    expect(reason).toContain('симки');
    expect(reason).not.toMatch(/[<>]/);
    // The shipped model without its n-grams (an older model's features) does not read it so.
    const { ngram: _, ...plain } = RECRUITMENT_CONVERSATION_MODEL_DATA;
    const withoutNgrams = compileConversationModel({
      ...plain,
      weights: Object.fromEntries(Object.entries(plain.weights).filter(([k]) => !k.startsWith('ng:'))),
    });
    expect(
      labelChat(sims, { recruitmentConversation: withoutNgrams }).every((r) => r.context.length === 0),
    ).toBe(true);
  });
});

describe('chat-42: a two-person chat that its label’s conversation model reads as ordinary lifts nothing from one line', () => {
  // A flat's rent: `с залогом?` is `recruitment` by its own words (a deposit), and the chat rules lift the rest of
  // the DM from it; the recruitment model reads the exchange as ordinary.
  const flat = dm([
    ['a', 'Привет, видела объявление про однушку на Абая, ещё сдаётся?'],
    ['b', 'да, 150 тыс в месяц плюс коммуналка'],
    ['a', 'с залогом?'],
    ['b', 'залог 100 тыс, хозяйка нормальная'],
    ['a', 'ок, когда можно посмотреть?'],
    ['b', 'завтра после 6'],
  ]);

  it('keeps the own label and lifts no other line', () => {
    const rows = labelChat(flat);
    expect(rows[2]!.labels.map((l) => l.label)).toEqual(['recruitment']);
    expect(rows.every((r) => r.context.length === 0)).toBe(true);
    // Without the conversation models the rules alone lift the whole DM.
    const rules = labelChat(flat, { conversation: null, recruitmentConversation: null });
    expect(rules.filter((r) => r.context.length > 0).map((r) => r.id)).toEqual(['1', '2', '4', '5', '6']);
  });

  it('still lifts a recruiter’s DM the model reads as one (the gate is the model’s, not the rule’s)', () => {
    const offer = dm([
      [
        'r',
        'Требуются курьеры-закладчики, оплата 2000 за клад, выплаты каждый день. Залог 10 000. Пиши в лс',
      ],
      ['c', 'а сколько в день выходит?'],
      ['r', 'от 15 адресов, всё расскажу'],
    ]);
    const rows = labelChat(offer);
    expect(rows[0]!.labels.map((l) => l.label)).toEqual(['recruitment']);
    expect(rows[1]!.context.map((c) => c.label)).toEqual(['recruitment']);
    expect(rows[1]!.context[0]!.reason).toMatch(
      /^message in a two-person chat where r posted recruitment evidence/,
    );
  });

  it('flags under 2 % of the rows of four sets of ordinary chats that no model trained on (test.benignchat5 … 8)', async () => {
    let rows = 0;
    let flagged = 0;
    for (const n of [5, 6, 7, 8]) {
      const set = parseChatSet(
        await read(new URL(`testdata/test.benignchat${n}.synthetic.jsonl`, import.meta.url)),
      );
      const ev = evaluateChats(set);
      rows += set.length;
      // Every row is benign: each predicted label is a wrong row.
      flagged += ev.context.all.reduce((s, x) => s + x.fp, 0);
    }
    expect(rows).toBeGreaterThan(1200);
    expect(flagged / rows).toBeLessThan(0.02);
  });
});

describe('chat-43: a sale exchange the model is sure of needs no lexicon word', () => {
  it('reads a regular’s coded DM as a sale, and friends’ look-alikes not', () => {
    const regular = dm([
      ['b', 'есть?'],
      ['d', 'через час'],
      ['b', 'как обычно 2'],
      ['b', 'скинул'],
      ['d', 'камри, бардачок'],
    ]);
    const rows = labelChat(regular);
    expect(rows.every((r) => r.labels.length === 0)).toBe(true);
    expect(rows.map((r) => r.context.map((c) => c.label))).toEqual(Array(5).fill(['sale']));
    expect(rows[0]!.context[0]!.reason).toMatch(
      /read as a whole as a sale conversation: 0\.(?:8|9)\d .*; no line of the exchange has a lexicon word; own score/,
    );
    for (const friends of [
      dm([
        ['a', 'есть че поесть дома?'],
        ['b', 'через час буду, купи хлеб'],
        ['a', 'ок 2 батона'],
        ['a', 'скинул тебе за хлеб'],
        ['b', 'ок'],
      ]),
      dm([
        ['a', 'ты где?'],
        ['b', 'через час'],
        ['a', 'как обычно у подъезда'],
        ['b', 'скинул 2к за бензин'],
        ['a', 'пришло'],
      ]),
    ])
      expect(labelChat(friends).every((r) => r.context.length === 0)).toBe(true);
  });
});

describe('chat-45: a shop channel’s promos and reviews between its own ads are the sale’s', () => {
  const channel = (texts: string[]) => texts.map((text, i) => ({ id: String(i + 1), from: 'ch', text }));

  it('lifts the channel’s other posts to `sale`, naming the channel', () => {
    const shop = channel([
      "⚡ FARG'ONA ENERGIYA ⚡ ❄️ 0.5 — 280k 💎 1g — 500k 🍫 5g — 350k Rayonlar: Farg'ona, Marg'ilon. Bot @fe_bot_fake",
      'Aksiya! Ikkinchi buyurtmaga -15% 🎁',
      'Otzivlar kanalimiz: @fe_otziv_fake ⭐',
    ]);
    const rows = labelChat(shop);
    expect(rows[0]!.labels.map((l) => l.label)).toEqual(['sale']);
    expect(rows.slice(1).map((r) => r.context.map((c) => c.label))).toEqual([['sale'], ['sale']]);
    expect(rows[1]!.context[0]!.reason).toMatch(
      /^message in a channel where the same author posted sale evidence: messages 1;/,
    );
  });

  it('reads no channel into an export that names no author (Telegram HTML): a group of unknown authors', () => {
    const group = [
      "⚡ FARG'ONA ENERGIYA ⚡ ❄️ 0.5 — 280k 💎 1g — 500k 🍫 5g — 350k Rayonlar: Farg'ona, Marg'ilon. Bot @fe_bot_fake",
      'кто завтра на футбол?',
      'я буду, в 7',
      'Aksiya! Ikkinchi buyurtmaga -15% 🎁',
    ].map((text, i) => ({ id: String(i + 1), from: null, text }));
    expect(labelChat(group).every((r) => r.context.length === 0)).toBe(true);
    // The same posts with their author named are the channel's.
    expect(labelChat(channel(group.map((m) => m.text)))[3]!.context.map((c) => c.label)).toEqual(['sale']);
  });

  it('lifts nothing in a police news channel whose one post the labeller reads as a sale, nor a warning', () => {
    const news = channel([
      "Buxoro viloyati IIB: Kogon tumanida 'zakladka' usulida giyohvand sotgan 3 nafar shaxs qo'lga olindi",
      "Ertaga shahar markazida yo'l ta'mirlanadi, aylanma yo'ldan foydalaning",
      "Yo'qolgan bolani topishda yordam bering, tel 102",
    ]);
    expect(labelChat(news).every((r) => r.context.length === 0)).toBe(true);
    const warned = channel([
      "⚡ FARG'ONA ENERGIYA ⚡ ❄️ 0.5 — 280k 💎 1g — 500k 🍫 5g — 350k Rayonlar: Farg'ona, Marg'ilon. Bot @fe_bot_fake",
      'Осторожно, мошенники! Это наркошоп, не ведитесь, за это сажают',
    ]);
    expect(labelChat(warned)[1]!.context).toEqual([]);
  });

  it('chat-50: lifts the channel’s own payment post to `sale` too; not a job ad with a card, nor a news channel’s post', () => {
    const AD =
      "⚡ FARG'ONA ENERGIYA ⚡ ❄️ 0.5 — 280k 💎 1g — 500k 🍫 5g — 350k Rayonlar: Farg'ona, Marg'ilon. Bot @fe_bot_fake";
    const PAY = 'Новая карта для оплаты: 4111 1111 1111 1111. На старую не переводите';
    const PROMO = 'Aksiya! Ikkinchi buyurtmaga -15% 🎁';
    const rows = labelChat(channel([AD, PAY, PROMO]));
    expect(rows[1]!.labels.map((l) => l.label)).toEqual(['payment']);
    expect(rows[1]!.context.map((c) => c.label)).toEqual(['sale']);
    // A deposit's card in the shop's job ad is the job's (own `recruitment` and `payment`), not a sale's requisites.
    const JOB_CARD =
      'Новым курьерам: залог кидать сюда 4111 1111 1111 1111, после залога куратор выдаст первый мастер-клад. 2000 за клад';
    const job = labelChat(channel([AD, JOB_CARD, PROMO]));
    expect(job[1]!.labels.map((l) => l.label)).toEqual(['recruitment', 'payment']);
    expect(job[1]!.context.map((c) => c.label)).not.toContain('sale');
    // Read as candidates: the payment post is `chat-50`'s, the job ad is not (its own labels are not `payment` alone).
    const saleCandidate = (texts: string[], labelled: ReturnType<typeof labelChat>) =>
      contextCandidates(
        channel(texts).map((m, i) => ({
          ...m,
          labels: labelled[i]!.labels.map((l) => ({ label: l.label, score: l.score })),
        })),
      ).find((c) => c.index === 1 && c.label === 'sale');
    expect(saleCandidate([AD, PAY, PROMO], rows)?.channelPayment).toBe(true);
    expect(saleCandidate([AD, JOB_CARD, PROMO], job)?.channelPayment).toBe(false);
    // A police news channel's post that the labeller reads as a sale lends nothing to a card posted beside it.
    const news = labelChat(
      channel([
        "Buxoro viloyati IIB: Kogon tumanida 'zakladka' usulida giyohvand sotgan 3 nafar shaxs qo'lga olindi",
        PAY,
        "Ertaga shahar markazida yo'l ta'mirlanadi",
      ]),
    );
    expect(news[0]!.labels.map((l) => l.label)).toEqual(['sale']);
    expect(news[1]!.context.map((c) => c.label)).not.toContain('sale');
  });
});
