import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contextOfLabel, isContextLabel } from '@dragnet/core/labels/chat-context-pass.ts';
import type { MessageLabelRow } from '@dragnet/core/model/tables.ts';
import { MemoryStore } from '@dragnet/core/store/memory-store.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { type CaseTradeContext, caseTradeContext } from './case-context.ts';
import { EVIDENCE_DIR } from './case-folder.ts';
import { ingestFiles } from './ingest-files.ts';

const DEALER = 900;

/**
 * One phone's export of its private chat with `peer` (the chat's id is the other side's user id, as Telegram writes
 * it): `lines` as [author user id, text].
 */
function privateChat(peer: number, peerName: string, lines: Array<[number, string]>): string {
  return JSON.stringify({
    name: peerName,
    type: 'personal_chat',
    id: peer,
    messages: lines.map(([from, text], i) => ({
      id: i + 1,
      type: 'message',
      date: `2025-03-0${1 + (peer % 7)}T10:${String(10 + i).padStart(2, '0')}:00`,
      date_unixtime: String(1740823200 + (peer % 7) * 86_400 + i * 60),
      from: from === DEALER ? 'Dealer' : `Buyer ${from}`,
      from_id: `user${from}`,
      text,
    })),
  });
}

/** A supergroup's export (the same message ids on every phone), one message a minute from `t0` (unix seconds). */
function supergroup(name: string, id: number, t0: number, lines: Array<[number, string]>): string {
  return JSON.stringify({
    name,
    type: 'private_supergroup',
    id,
    messages: lines.map(([from, text], i) => ({
      id: i + 1,
      type: 'message',
      date: new Date((t0 + i * 60) * 1000).toISOString().slice(0, 19),
      date_unixtime: String(t0 + i * 60),
      from: `User ${from}`,
      from_id: `user${from}`,
      text,
    })),
  });
}

/** A buyer's phone: his chat with the dealer, who sells there in so many words. */
const openSale = (buyer: number) =>
  privateChat(DEALER, 'Dealer', [
    [buyer, 'салам, есть что?'],
    [DEALER, 'есть мефедрон 1г 5000, шишки 1г 6000. клад через час после оплаты'],
    [buyer, 'давай меф 1г'],
    [DEALER, 'оплата на карту, потом скину адрес и фото клада'],
    [buyer, 'скинул'],
  ]);

/** A regular's phone: his coded chat with the same dealer, not one lexicon word in it. */
const codedRegular = (buyer: number) =>
  privateChat(DEALER, 'Dealer', [
    [buyer, 'салам, сегодня можно?'],
    [DEALER, 'через час, там же'],
    [buyer, 'ок, скинул'],
    [DEALER, 'жди'],
  ]);

/** Temporary case folders of this file, removed after its last test (a hook registered inside a test never runs). */
const made: string[] = [];
afterAll(async () => {
  for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function caseDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dragnet-case-ctx-'));
  made.push(dir);
  return dir;
}

/** Ingests the exports (one file each, as phones give them), in this order, into one fresh in-memory case. */
async function caseOf(exports: string[], onCaseContext?: (r: CaseTradeContext) => void) {
  const dir = await caseDir();
  await mkdir(join(dir, 'case', EVIDENCE_DIR), { recursive: true });
  const store = new MemoryStore();
  await store.init();
  for (const [i, json] of exports.entries()) {
    const file = join(dir, `phone${i + 1}`, 'result.json');
    await mkdir(join(dir, `phone${i + 1}`), { recursive: true });
    await writeFile(file, json);
    await ingestFiles(store, join(dir, 'case'), [file], {
      now: () => new Date('2026-01-01'),
      ...(onCaseContext ? { onCaseContext } : {}),
    });
  }
  const rows: MessageLabelRow[] = [];
  for await (const l of store.scan('message_labels')) rows.push(l);
  return { store, rows };
}

/** Ingests the exports (one file each) into one fresh in-memory case without the case-level pass, for a test to run. */
async function ingestedWithoutContext(exports: string[]): Promise<MemoryStore> {
  const dir = await caseDir();
  await mkdir(join(dir, 'case', EVIDENCE_DIR), { recursive: true });
  const store = new MemoryStore();
  await store.init();
  const files: string[] = [];
  for (const [i, json] of exports.entries()) {
    await mkdir(join(dir, `p${i}`));
    files.push(join(dir, `p${i}`, 'result.json'));
    await writeFile(files[i]!, json);
  }
  await ingestFiles(store, join(dir, 'case'), files, {
    now: () => new Date('2026-01-01'),
    onCaseContext: false,
  });
  return store;
}

/** The context labels of the regular's chat (its messages have the `user901`… author ids of `codedRegular`). */
const regularsLabels = (rows: MessageLabelRow[], evidenceIds: Set<string>) =>
  rows.filter((l) => isContextLabel(l) && evidenceIds.has(l.evidenceId));

describe('case-level chat context (sellers across a case’s files)', () => {
  it('reads a regular’s coded chat as a sale once two other phones show its author selling, whatever the order', async () => {
    const seen: CaseTradeContext[] = [];
    for (const order of [
      [openSale(901), openSale(902), codedRegular(903)],
      [codedRegular(903), openSale(901), openSale(902)],
    ]) {
      const { store, rows } = await caseOf(order, (r) => seen.push(r));
      const coded = new Set<string>();
      for await (const m of store.scan('messages')) if (m.authorId === 'tg:user:903') coded.add(m.evidenceId);
      expect(coded.size).toBe(1);
      const labels = regularsLabels(rows, coded);
      expect(labels.map((l) => l.label)).toEqual(['sale', 'sale', 'sale', 'sale']);
      for (const l of labels) {
        expect(contextOfLabel(l)?.reason).toMatch(
          // Both other phones named, each buyer's chat with the dealer by its two sides.
          /with tg:user:900 known as a seller in this case: 4 own sale messages in 2 chats \(tg:chat:900_901 #u901:2, tg:chat:900_901 #u901:4, tg:chat:900_902 #u902:2\); no line of the exchange has a lexicon word/,
        );
        // Provenance: the regular's own export and message.
        expect(l.locator).toMatch(/^message:/);
      }
      // A second run adds nothing.
      expect((await caseTradeContext(store)).added).toBe(0);
    }
    // Each order told the caller once the labels were added: in the first order, by the third file's ingest.
    expect(seen.filter((r) => r.added > 0).map((r) => [r.sellers, r.added])).toEqual([
      [1, 4],
      [1, 4],
    ]);
  });

  it('needs the seller in two conversations: one buyer’s chat, held by the dealer’s and the buyer’s phones, is one', async () => {
    // The dealer's own phone names the chat by the buyer (tg:chat:901), the buyer's by the dealer (tg:chat:900).
    const dealersCopy = JSON.parse(openSale(901)) as { id: number; name: string };
    dealersCopy.id = 901;
    dealersCopy.name = 'Buyer 901';
    const { rows } = await caseOf([openSale(901), JSON.stringify(dealersCopy), codedRegular(903)]);
    expect(
      rows.filter((l) => isContextLabel(l) && /in this case/.test(contextOfLabel(l)?.reason ?? '')),
    ).toEqual([]);
  });

  it('does not count a private chat only one side wrote in, which neither phone names for sure', async () => {
    // The dealer sends two price lists the buyer never answers; both phones hold the chat (under each other's id).
    const lines: Array<[number, string]> = [
      [DEALER, 'есть мефедрон 1г 5000, шишки 1г 6000. клад через час после оплаты'],
      [DEALER, 'оплата на карту, потом скину адрес и фото клада'],
    ];
    const { rows } = await caseOf([
      privateChat(DEALER, 'Dealer', lines),
      privateChat(901, 'Buyer 901', lines),
      codedRegular(903),
    ]);
    expect(rows.filter((l) => /in this case/.test(contextOfLabel(l)?.reason ?? ''))).toEqual([]);
  });

  it('counts a supergroup once by its id, whichever phone’s copy of it (and its authors) came first', async () => {
    const group = (authors: number[], type = 'private_supergroup') =>
      JSON.stringify({
        name: 'Район',
        type,
        id: 5555,
        messages: authors.map((from, i) => ({
          id: 10 + i,
          type: 'message',
          date: `2025-03-01T09:0${i}:00`,
          date_unixtime: String(1740819600 + i * 60),
          from: `User ${from}`,
          from_id: `user${from}`,
          text:
            from === DEALER
              ? 'есть мефедрон 1г 5000, шишки 1г 6000. клад через час после оплаты'
              : i === 1
                ? 'давай меф 1г'
                : 'всем привет',
        })),
      });
    const partial = group([DEALER, 901]);
    const full = group([DEALER, 901, 904]);
    const added: number[] = [];
    for (const order of [
      [partial, full, openSale(901), codedRegular(903)],
      [full, partial, openSale(901), codedRegular(903)],
    ]) {
      const { rows } = await caseOf(order);
      added.push(rows.filter((l) => /in this case/.test(contextOfLabel(l)?.reason ?? '')).length);
    }
    // The group and the dealer's chat with 901 are two conversations: the regular's chat is read, in either order.
    expect(added).toEqual([4, 4]);
    // A group alone is one conversation, a supergroup or a basic group (whose message ids are numbered per phone, and
    // whose copies here have two and three authors): the dealer sells in one chat, the regular's chat is not read.
    for (const type of ['private_supergroup', 'private_group']) {
      const { rows } = await caseOf([
        group([DEALER, 901, DEALER], type),
        group([DEALER, 901, DEALER, 904], type),
        codedRegular(903),
      ]);
      expect(
        rows.filter((l) => /in this case/.test(contextOfLabel(l)?.reason ?? '')),
        type,
      ).toEqual([]);
    }
  });

  it('reports a failure of the pass and keeps the files it followed', async () => {
    const dir = await caseDir();
    await mkdir(join(dir, 'case', EVIDENCE_DIR), { recursive: true });
    const store = new MemoryStore();
    await store.init();
    store.addLabels = async () => {
      throw new Error('disk full\nat somewhere');
    };
    const files: string[] = [];
    for (const [i, json] of [openSale(901), openSale(902), codedRegular(903)].entries()) {
      await mkdir(join(dir, `p${i}`));
      files.push(join(dir, `p${i}`, 'result.json'));
      await writeFile(files[i]!, json);
    }
    const seen: CaseTradeContext[] = [];
    const results = await ingestFiles(store, join(dir, 'case'), files, {
      now: () => new Date('2026-01-01'),
      onCaseContext: (r) => seen.push(r),
    });
    expect(results.map((r) => r.accepted > 0)).toEqual([true, true, true]);
    expect(seen).toEqual([
      { sellers: 0, chats: 0, recruiters: 0, partyChats: 0, added: 0, error: 'disk full' },
    ]);
    expect(await store.count('evidence')).toBe(3);
  });

  it('reads no chat longer than `maxChat` again, and runs only when asked with `onCaseContext: false`', async () => {
    const store = await ingestedWithoutContext([openSale(901), openSale(902), codedRegular(903)]);
    // The regular's chat has four messages: at three it is too long; at four it is read.
    expect(await caseTradeContext(store, { maxChat: 3 })).toEqual({
      sellers: 1,
      chats: 0,
      recruiters: 0,
      partyChats: 0,
      added: 0,
    });
    expect((await caseTradeContext(store, { maxChat: 4 })).added).toBe(4);
  });

  it('leaves a case whose sellers sell in one chat alone, and does nothing without Telegram evidence to read', async () => {
    const { store, rows } = await caseOf([openSale(901), codedRegular(903)]);
    expect(rows.filter((l) => /in this case/.test(contextOfLabel(l)?.reason ?? ''))).toEqual([]);
    expect(await caseTradeContext(store)).toEqual({
      sellers: 0,
      chats: 0,
      recruiters: 0,
      partyChats: 0,
      added: 0,
    });
    const empty = new MemoryStore();
    await empty.init();
    expect(await caseTradeContext(empty)).toEqual({
      sellers: 0,
      chats: 0,
      recruiters: 0,
      partyChats: 0,
      added: 0,
    });
  });
});

describe('case-level chat context: recruiters across a case’s files (chat-38)', () => {
  const RECRUITER = 800;
  /** A candidate's phone: his private chat with the recruiter (the chat's id is the recruiter's user id). */
  const chatWith = (_candidate: number, lines: Array<[number, string]>) =>
    privateChat(RECRUITER, 'Recruiter', lines);
  const openOffer = (candidate: number) =>
    chatWith(candidate, [
      [RECRUITER, 'Требуются курьеры-закладчики, 5000 за клад, залог 10к, пиши в лс'],
      [candidate, 'подумаю'],
    ]);
  // 0.6 by its own words: under the label's 0.7, over `RECRUITER_MIN_OWN`; posted in a district group whose talk
  // gives it no context (a two-person exchange would be read as a whole at ingest already).
  const leaning = (member: number) =>
    supergroup('Двор', 5550, 1744222200, [
      [member, 'кто вечером на футбол?'],
      [member + 1, 'я буду'],
      [member + 2, 'я тоже, мяч возьму'],
      [RECRUITER, 'Тимур, ты без работы? есть дело, 250к в неделю, пиши в лс'],
      [member + 3, 'в 7 у школы'],
    ]);
  const recruiterLabels = (rows: MessageLabelRow[]) =>
    rows.filter((l) => isContextLabel(l) && /known as a recruiter/.test(contextOfLabel(l)?.reason ?? ''));

  it('gives a known recruiter’s leaning line `recruitment`, naming where else he recruits; a second run adds nothing', async () => {
    const seen: CaseTradeContext[] = [];
    const { store, rows } = await caseOf([openOffer(801), openOffer(802), leaning(803)], (r) => seen.push(r));
    const lifted = recruiterLabels(rows);
    expect(lifted.map((l) => l.label)).toEqual(['recruitment']);
    expect(contextOfLabel(lifted[0]!)?.reason).toMatch(
      /^message by tg:user:800, known as a recruiter in this case: 2 own recruitment messages in 2 chats \(.+\); own score 0\.(5|6)\d \(≥ 0\.5\)$/,
    );
    // Under the label's own threshold (0.7), at or over `RECRUITER_MIN_OWN`.
    expect(lifted[0]!.score).toBeGreaterThanOrEqual(0.5);
    expect(lifted[0]!.score).toBeLessThan(0.7);
    expect(lifted[0]!.locator).toMatch(/^message:/);
    expect(seen.at(-1)).toMatchObject({ recruiters: 1, added: 1 });
    expect((await caseTradeContext(store)).added).toBe(0);
  });

  it('needs him recruiting in two conversations, and lifts no line that does not lean', async () => {
    const one = await caseOf([openOffer(801), leaning(803)]);
    expect(recruiterLabels(one.rows)).toEqual([]);
    const flat = await caseOf([
      openOffer(801),
      openOffer(802),
      chatWith(804, [
        [RECRUITER, 'привет, как дела?'],
        [804, 'норм'],
      ]),
    ]);
    expect(recruiterLabels(flat.rows)).toEqual([]);
  });
});

describe('case-level chat context: the line models in a known party’s chats (chat-47)', () => {
  /** A crew group on a courier's phone: ordinary talk, one teaching line by `teacher`, one report by a courier. */
  const crew = (id: number, teacher: number) =>
    supergroup('Смена', id, 1744308600, [
      [teacher, 'всем привет, как выходные?'],
      [701, 'норм, на даче были'],
      [teacher, 'телефон рабочий отдельно, переписку чисти каждый вечер'],
      [702, 'кто вечером на футбол?'],
    ]);
  const partyLabels = (rows: MessageLabelRow[]) =>
    rows.filter(
      (l) => isContextLabel(l) && /^a line of a chat in which/.test(contextOfLabel(l)?.reason ?? ''),
    );

  it('gives a known seller’s teaching line in his crew group `training`, naming where he sells; a second run adds nothing', async () => {
    const { store, rows } = await caseOf([openSale(901), openSale(902), crew(7770, DEALER)]);
    const lifted = partyLabels(rows);
    expect(lifted.map((l) => l.label)).toEqual(['training']);
    expect(lifted[0]!.messageId).toBe('3');
    expect(contextOfLabel(lifted[0]!)?.reason).toMatch(
      /^a line of a chat in which tg:user:900 writes, known as a seller in this case: \d own sale messages in 2 chats \(.+\); read as its teaching by the training line model: 0\.\d\d \(words: /,
    );
    expect(lifted[0]!.locator).toMatch(/^message:/);
    expect((await caseTradeContext(store)).added).toBe(0);
  });

  it('reads no group the known parties do not write in', async () => {
    const { rows } = await caseOf([openSale(901), openSale(902), crew(7771, 703)]);
    expect(partyLabels(rows)).toEqual([]);
  });

  it('reads a known recruiter’s group too, naming him as one', async () => {
    const offer = (candidate: number) =>
      privateChat(800, 'Recruiter', [
        [800, 'Требуются курьеры-закладчики, 5000 за клад, залог 10к, пиши в лс'],
        [candidate, 'подумаю'],
      ]);
    const { rows } = await caseOf([offer(801), offer(802), crew(7772, 800)]);
    const lifted = partyLabels(rows);
    expect(lifted.map((l) => [l.label, l.messageId])).toEqual([['training', '3']]);
    expect(contextOfLabel(lifted[0]!)?.reason).toMatch(
      /^a line of a chat in which tg:user:800 writes, known as a recruiter in this case/,
    );
  });

  it('reads no chat over `maxChat` messages and counts the chats it read', async () => {
    const store = await ingestedWithoutContext([openSale(901), openSale(902), crew(7773, DEALER)]);
    // The crew group has four messages, the buyers' chats five: at three none is read, at four the group is.
    expect(await caseTradeContext(store, { maxChat: 3 })).toMatchObject({
      sellers: 1,
      partyChats: 0,
      added: 0,
    });
    const labels = async () => {
      const out: MessageLabelRow[] = [];
      for await (const l of store.scan('message_labels')) out.push(l);
      return partyLabels(out);
    };
    expect(await labels()).toEqual([]);
    expect(await caseTradeContext(store, { maxChat: 4 })).toMatchObject({ partyChats: 1 });
    expect((await labels()).map((l) => l.label)).toEqual(['training']);
  });
});
