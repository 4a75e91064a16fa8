import type { Store } from '@dragnet/core/store/store.ts';
import { testEvidence } from '@dragnet/core/store/test-evidence.ts';
import type { Findings } from '../findings.ts';
import { FIXTURE as F, transfer } from './fixture-case.ts';

/**
 * What the fixture case lacks for the workspace items of review 11 (user review r33), added by `serve-fixture.ts
 * --extras` for the browser test `packages/web/src/e2e-workspace.test.ts` and used by the API tests:
 * - the mule's card pays itself (one transfer, an incoming and an outgoing row of it) and a message names that card
 *   twice (two like mention records): a profile whose records repeat;
 * - a transfer between long identifiers with a large amount (a table that must fit the window);
 * - a private chat (not flagged) with two messages;
 * - a person made of a username (`p:tg:@sever_admin`, named as a contact in a message) and the operator's role
 *   grounds at person level (`roleDetails`).
 */
export const EXTRAS = {
  evidenceId: 'e'.repeat(64),
  privateChat: 'tg:chat:2002',
  usernamePerson: 'p:tg:@sever_admin',
  username: 'tg:@sever_admin',
  operatorReason: 'received $1,000.50 consolidated from 2 dropper accounts',
  longFrom: 'iban:KZ878567905760349725',
  longTo: 'tron:TERk2zwtzgi3NiWJEA3tpvwJRMLg5sSzVz',
} as const;

export async function addWorkspaceExtras(store: Store): Promise<void> {
  const X = EXTRAS;
  await store.ingest(
    testEvidence(X.evidenceId, {
      size: 100,
      originalName: 'extras.csv',
      path: 'bank/extras.csv',
      format: 'transfers-csv',
      source: 'fixture',
      ingestedAt: '2025-03-10T10:00:00.000Z',
    }),
    async (sink) => {
      const at = (n: number) => ({ id: `x${n}`, txId: null, evidenceId: X.evidenceId, locator: `row:${n}` });
      await sink.add(
        transfer(7, '2025-03-01T09:15:00.000Z', '500', 'KZT', F.dropper, F.dropper, 'card2card', at(7)),
      );
      await sink.add(
        transfer(
          8,
          '2025-02-25T10:00:00.000Z',
          '123456789.50',
          'KZT',
          X.longFrom,
          X.longTo,
          'card2card',
          at(8),
        ),
      );
      const message = (chatId: string, id: string, ts: string, text: string) =>
        sink.add({
          table: 'messages',
          row: {
            chatId,
            messageId: id,
            timestamp: ts,
            authorId: 'tg:user:501',
            authorName: 'Admin',
            text,
            replyTo: null,
            forwardedFrom: null,
            viaBot: null,
            edited: null,
            mediaKind: null,
            action: null,
            evidenceId: X.evidenceId,
            locator: `message:${chatId}/${id}`,
          },
        });
      await sink.add({
        table: 'chats',
        row: {
          chatId: X.privateChat,
          type: 'private',
          title: 'Личная переписка',
          username: null,
          evidenceId: X.evidenceId,
          locator: 'chat',
        },
      });
      const text = 'Карта 4400430000000037, ещё раз: 4400430000000037; пишите @sever_admin';
      await message(X.privateChat, '1', '2025-03-01T10:00:00.000Z', text);
      await message(X.privateChat, '2', '2025-03-01T10:05:00.000Z', 'ок');
      const mention = (identifier: string, kind: string, start: number, end: number, raw: string) =>
        sink.add({
          table: 'mentions',
          row: {
            chatId: X.privateChat,
            messageId: '1',
            identifier,
            kind,
            start,
            end,
            validated: true,
            raw,
            source: 'text',
            evidenceId: X.evidenceId,
            locator: `message:${X.privateChat}/1`,
          },
        });
      for (const start of [6, 33]) await mention(F.dropper, 'card', start, start + 16, '4400430000000037');
      await mention(X.username, 'tg', text.indexOf('@'), text.length, '@sever_admin');
    },
  );
  const doc = (await store.getDocument('findings')) as Findings;
  await store.putDocument('findings', {
    ...doc,
    persons: [
      ...doc.persons.map((p) =>
        p.id === F.operator
          ? { ...p, roleDetails: [{ role: 'operator' as const, score: 0.55, reasons: [X.operatorReason] }] }
          : p,
      ),
      {
        id: X.usernamePerson,
        names: [],
        identifiers: [X.username],
        roles: ['operator'],
        network: null,
        nationality: [],
        accounts: [],
        turnoverUsd: { in: 0, out: 0 },
        roleDetails: [
          {
            role: 'operator',
            score: 0.5,
            reasons: ['named as the contact in 1 sale-labelled post(s) (≥ 3)'],
          },
        ],
      },
    ],
  } satisfies Findings);
}
