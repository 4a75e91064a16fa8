import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers.ts';

const SALE = 'Есть меф 1г 15000тг, клад через час';

function message(id: number, from: string, fromId: string, text: string) {
  return {
    id,
    type: 'message',
    date: '2024-03-16T20:00:00',
    date_unixtime: String(1710600000 + id),
    from,
    from_id: fromId,
    text,
    text_entities: [{ type: 'plain', text }],
  };
}

describe('dragnet messages', () => {
  it('shows who wrote each message, and marks a text cut at 160 characters', async () => {
    const tmp = await tempDir();
    const dir = join(tmp, 'case');
    await cli('case', 'init', dir);
    const long = `${SALE}, ${'пишите в лс '.repeat(30)}конец`;
    const file = join(tmp, 'result.json');
    // A private chat is titled with the other side's name: the buyer's line must not read as the dealer's.
    await writeFile(
      file,
      JSON.stringify({
        name: 'Шымкент Шоп',
        type: 'personal_chat',
        id: 7001,
        messages: [message(1, 'Покупатель', 'user7002', SALE), message(2, 'Шымкент Шоп', 'user7001', long)],
      }),
    );
    expect((await cli('ingest', dir, file)).code).toBe(0);
    const out = (await cli('messages', dir)).out.split('\n');
    const at = (id: string) => out.findIndex((l) => new RegExp(` Шымкент Шоп #\\w+:${id} `).test(l));
    expect(at('1')).toBeGreaterThanOrEqual(0);
    expect(out[at('1') + 1]).toBe(`    Покупатель (tg:user:7002): ${SALE}`);
    const cut = out[at('2') + 1]!;
    const shownText = [...long].slice(0, 160).join('');
    expect(cut).toBe(
      `    Шымкент Шоп (tg:user:7001): ${shownText}… [+${[...long].length - 160} more characters]`,
    );
  });
});
