import type { Store } from '@dragnet/core/store/store.ts';

/**
 * A chat whose title, author and display names carry a right-to-left override and zero-width spaces (a case that
 * hides and reverses text outside message bodies), added to the fixture case by `serve-fixture.ts --hostile` for
 * the browser test of hidden characters (packages/web/src/e2e-hostile.test.ts).
 */
export const HOSTILE_NAMES = {
  evidenceId: 'f'.repeat(64),
  chat: 'tg:chat:1777',
  user: 'tg:user:9777',
  /** Shown as "Касса A1 [U+202E]0005 тг[U+200B]" — raw it reads "Касса A1 гт 5000". */
  title: 'Касса A1 \u202e0005 тг\u200b',
  author: 'Ка\u200bмила \u202eавосак',
  text: 'Перевёл 4400\u200b4301 \u202e0005 тг, семья 👨\u200d👩\u200d👧\u200d👦',
};

export async function addHostileNames(store: Store): Promise<void> {
  const H = HOSTILE_NAMES;
  await store.ingest(
    {
      id: H.evidenceId,
      size: 100,
      originalName: 'hostile\u202etxt.json',
      path: 'phone2/hostile\u202etxt.json',
      storedPath: `evidence/${H.evidenceId}`,
      format: 'telegram-json',
      parserVersion: '1',
      source: 'fixture',
      ingestedAt: '2025-03-10T10:00:00.000Z',
    },
    async (sink) => {
      await sink.add({
        table: 'chats',
        row: {
          chatId: H.chat,
          type: 'supergroup',
          title: H.title,
          username: null,
          evidenceId: H.evidenceId,
          locator: 'chat',
        },
      });
      await sink.add({
        table: 'tg_users',
        row: {
          userId: H.user,
          username: null,
          displayName: H.author,
          phone: null,
          evidenceId: H.evidenceId,
          locator: 'message:1',
        },
      });
      await sink.add({
        table: 'messages',
        row: {
          chatId: H.chat,
          messageId: '1',
          timestamp: '2025-03-01T10:00:00.000Z',
          authorId: H.user,
          authorName: H.author,
          text: H.text,
          replyTo: null,
          forwardedFrom: null,
          viaBot: null,
          edited: null,
          mediaKind: null,
          action: null,
          evidenceId: H.evidenceId,
          locator: 'message:1',
        },
      });
    },
  );
}
