import type { ParsedRecord } from '@dragnet/core/model/tables.ts';
import type { Store } from '@dragnet/core/store/store.ts';
import { describe, expect, it } from 'vitest';
import { caseStatus } from './case-status.ts';
import { collectEntities } from './collect-entities.ts';
import { memoryCase as store, transferRecord as transfer } from './test-support/memory-case.ts';

describe('caseStatus', () => {
  it('counts each transfer account once, whether the store lists distinct accounts or not', async () => {
    const s = await store([
      transfer('1', 'card:4400430000000007', 'tron:TSHARED'),
      transfer('2', 'card:4400430000000007', 'iban:KZ86125KZT5004100100'),
      transfer('3', null, 'tron:TSHARED'),
      // Not an identifier form: no entity.
      transfer('4', 'not an account', 'phone:+77011234567'),
    ]);
    expect(s.distinctAccounts).toBeTypeOf('function');
    const status = await caseStatus(s);
    expect(status.transfers).toBe(4);
    expect(status.entities).toBe(4);
    // The full collection (with evidence sets, read row by row) agrees.
    expect((await collectEntities(s)).size).toBe(4);
    // A store without the distinct list reads the rows.
    const plain = new Proxy(s, {
      get: (target, key) =>
        key === 'distinctAccounts' ? undefined : Reflect.get(target, key, target).bind?.(target),
    }) as unknown as Store;
    expect(plain.distinctAccounts).toBeUndefined();
    expect((await caseStatus(plain)).entities).toBe(4);
  });

  it('counts each chat once, however many pages of its export stored a row for it', async () => {
    const chat = (chatId: string, locator: string): ParsedRecord => ({
      table: 'chats',
      row: { chatId, type: 'private', title: 'Shop', username: null, evidenceId: 'ev', locator },
    });
    // A two-page HTML export: the same chat from messages.html and messages2.html.
    const s = await store([
      chat('tg:chat:html-1', 'messages.html'),
      chat('tg:chat:html-1', 'messages2.html'),
      chat('tg:chat:7', 'chat'),
    ]);
    expect((await caseStatus(s)).chats).toBe(2);
  });

  it("an HTML chat's type comes from its export's chat list, whatever order the rows are stored in", async () => {
    const chat = (type: 'unknown' | 'group', locator: string): ParsedRecord => ({
      table: 'chats',
      row: { chatId: 'tg:chat:html-1', type, title: 'Склад', username: null, evidenceId: locator, locator },
    });
    for (const rows of [
      [chat('unknown', 'page_header'), chat('group', 'chats/chat_1')],
      [chat('group', 'chats/chat_1'), chat('unknown', 'page_header')],
    ]) {
      const e = (await collectEntities(await store(rows))).get('tg:chat:html-1');
      expect(e?.props['type']).toBe('group');
    }
  });

  it('counts identifiers that passed their check apart from the unverified ones', async () => {
    const mention = (messageId: string, identifier: string, validated: boolean): ParsedRecord => ({
      table: 'mentions',
      row: {
        evidenceId: 'ev',
        locator: `chat:1/message:${messageId}`,
        chatId: 'tg:chat:1',
        messageId,
        identifier,
        kind: 'card',
        start: 0,
        end: 19,
        validated,
        raw: identifier,
        source: 'text',
      },
    });
    const s = await store([
      mention('1', 'card:4400430123456789', true),
      mention('2', 'card:4400430123456789', true),
      mention('3', 'phone:+77011234567', true),
      mention('4', 'unverified:card:4400430123456788', false),
      mention('5', 'unverified:onion:expyuzz4wqqyqhjn.onion', false),
    ]);
    const status = await caseStatus(s);
    expect(status.identifiers).toBe(2);
    expect(status.unverifiedIdentifiers).toBe(2);
  });
});
