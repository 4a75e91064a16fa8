import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateLabelSets } from './evaluate-label-sets.ts';
import { UserError } from './user-error.ts';

const made: string[] = [];
afterAll(async () => {
  for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function file(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dragnet-evalsets-'));
  made.push(dir);
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

const jsonl = (rows: object[]) => `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;

describe('evaluateLabelSets: the labeller on a user’s own labelled messages', () => {
  it('scores rows alone, and with their chat where they name one (a buyer’s `скинул` is the chat’s sale)', async () => {
    const path = await file(
      'phone.jsonl',
      `{"_meta": "a user's set"}\n${jsonl([
        {
          text: 'Меф 1г 5000, клад через час после оплаты, пишите оператору',
          labels: ['sale'],
          chat: 'c1',
          from: 'shop',
        },
        { text: 'беру 1г, скинул', labels: ['sale'], chat: 'c1', from: 'b' },
        { text: 'завтра на шашлык, соль и уголь с меня', labels: [], chat: 'c2', from: 'f1' },
        { text: 'ок', labels: [], chat: 'c2', from: 'f2' },
      ])}`,
    );
    const r = await evaluateLabelSets([path], { errors: 5 });
    expect(r.rows).toBe(4);
    expect(r.chatRows).toBe(4);
    expect(r.files).toEqual([{ path, rows: 4, chats: 2 }]);
    const sale = r.scores.find((s) => s.label === 'sale')!;
    expect(sale.alone).toMatchObject({ tp: 1, fp: 0, fn: 1 });
    expect(sale.withChat).toMatchObject({ tp: 2, fp: 0, fn: 0 });
    // With the chat, nothing is wrong; the errors list the rows as scored with it.
    expect(r.errors.filter((e) => e.label === 'sale')).toEqual([]);
    expect(r.lexiconVersion).toMatch(/^\d{4}\.\d{2}\.\d{2}-\d+$/);
  });

  it('reads CSV with `text` and `labels` columns, scores rows without a chat alone, and lists the misses with their line', async () => {
    const path = await file(
      'msgs.csv',
      'text,labels\n"Требуются курьеры-закладчики, 5000 за клад, залог 10к",recruitment\n"привет, как дела?",\n"ок, скинул",sale|payment\n',
    );
    const r = await evaluateLabelSets([path], { errors: 3 });
    expect(r.chatRows).toBe(0);
    expect(r.scores.every((s) => s.withChat === null)).toBe(true);
    expect(r.scores.find((s) => s.label === 'recruitment')!.alone).toMatchObject({ tp: 1, fp: 0, fn: 0 });
    const missed = r.errors.filter((e) => e.kind === 'missed' && e.label === 'sale');
    expect(missed).toEqual([
      expect.objectContaining({ path, line: 4, text: 'ок, скинул', expected: ['sale', 'payment'], got: [] }),
    ]);
  });

  it('scores each language apart (`--by lang`) and the rows that need their chat apart (`--by ctx`)', async () => {
    const rows = [
      {
        text: 'Меф 1г 5000, клад через час после оплаты, пишите оператору',
        labels: ['sale'],
        chat: 'c1',
        from: 'shop',
        lang: 'ru',
      },
      { text: 'беру 1г, скинул', labels: ['sale'], chat: 'c1', from: 'b', lang: 'ru', ctx: true },
      { text: 'bugun kechqurun uchrashamizmi?', labels: [], chat: 'c2', from: 'f1', lang: 'uz' },
      { text: 'ha, soat 7 da', labels: [], chat: 'c2', from: 'f2', lang: 'uz' },
      { text: 'shokolad bormi? 😉', labels: ['sale'], chat: 'c3', from: 'x', lang: 'uz', ctx: true },
      { text: 'ок', labels: [], chat: 'c4', from: 'y' },
    ];
    const path = await file('by.jsonl', jsonl(rows));
    const byLang = await evaluateLabelSets([path], { by: 'lang' });
    expect(byLang.groups.map((g) => [g.key, g.rows])).toEqual([
      ['uz', 3],
      ['ru', 2],
      ['-', 1],
    ]);
    const sale = (g: (typeof byLang.groups)[number]) => g.scores.find((s) => s.label === 'sale')!.score;
    // The Russian buyer's line is the chat's sale; the Uzbek code word alone is not found.
    expect(sale(byLang.groups[1]!)).toMatchObject({ tp: 2, fn: 0 });
    expect(sale(byLang.groups[0]!)).toMatchObject({ tp: 0, fn: 1 });
    const byCtx = await evaluateLabelSets([path], { by: 'ctx' });
    expect(byCtx.groups.map((g) => [g.key, g.rows])).toEqual([
      ['text', 4],
      ['chat', 2],
    ]);
    expect(sale(byCtx.groups[1]!)).toMatchObject({ tp: 1, fn: 1 });
    // Without `by`, no groups; a CSV's `lang` column groups the same way.
    expect((await evaluateLabelSets([path])).groups).toEqual([]);
    const csv = await file('by.csv', 'text,labels,lang\n"привет, как дела?",,ru\nsalom,,uz\n');
    expect((await evaluateLabelSets([csv], { by: 'lang' })).groups.map((g) => g.key).sort()).toEqual([
      'ru',
      'uz',
    ]);
    // A CSV's `ctx` column groups by ctx too (true/1/yes); a JSON row the chat relabelled (`declined`) is the chat's.
    const ctxCsv = await file('ctx.csv', 'text,labels,ctx\nберу 1г,sale,true\nпривет,,0\nок,sale,yes\n');
    expect((await evaluateLabelSets([ctxCsv], { by: 'ctx' })).groups.map((g) => [g.key, g.rows])).toEqual([
      ['chat', 2],
      ['text', 1],
    ]);
    const declined = await file(
      'declined.jsonl',
      jsonl([
        { text: 'работа есть, 5000 в день', labels: ['recruitment'], chat: 'c9', from: 'r' },
        { text: 'нет, не интересно', labels: ['recruitment'], chat: 'c9', from: 'k', declined: true },
      ]),
    );
    expect((await evaluateLabelSets([declined], { by: 'ctx' })).groups.map((g) => [g.key, g.rows])).toEqual([
      ['chat', 1],
      ['text', 1],
    ]);
  });

  it('names the file and line of a bad row, an unknown label or a CSV without the columns', async () => {
    const bad = await file('bad.jsonl', `${jsonl([{ text: 'есть?', labels: ['sale'] }])}{"text": "cut\n`);
    await expect(evaluateLabelSets([bad])).rejects.toMatchObject({ file: bad, line: 2 });
    const unknown = await file('unknown.jsonl', jsonl([{ text: 'есть?', labels: ['drugs'] }]));
    await expect(evaluateLabelSets([unknown])).rejects.toThrow(/unknown label "drugs"/);
    const cols = await file('cols.csv', 'message,label\nесть?,sale\n');
    const e = await evaluateLabelSets([cols]).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect(e).toMatchObject({ file: cols, line: 1 });
    await expect(evaluateLabelSets([join(tmpdir(), 'dragnet-no-such-set.jsonl')])).rejects.toThrow(/ENOENT/);
  });
});
