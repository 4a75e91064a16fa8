import { describe, expect, it } from 'vitest';
import {
  forwardedSource,
  type MigrationMessage,
  membershipLinkKind,
  migrationLinks,
  postedBy,
} from './telegram-links.ts';

describe('Telegram links from stored rows', () => {
  it('maps membership roles to MemberOf, Admin and Posted', () => {
    expect(membershipLinkKind('member')).toBe('MemberOf');
    expect(membershipLinkKind('admin')).toBe('Admin');
    expect(membershipLinkKind('creator')).toBe('Admin');
    expect(membershipLinkKind('poster')).toBe('Posted');
  });

  it('takes a forwarded-from id, never a name, and nothing from an HTML chat', () => {
    expect(forwardedSource({ chatId: 'tg:chat:1', forwardedFrom: 'tg:user:99' })).toBe('tg:user:99');
    expect(forwardedSource({ chatId: 'tg:chat:1', forwardedFrom: 'tg:chat:-100' })).toBe('tg:chat:-100');
    expect(forwardedSource({ chatId: 'tg:chat:1', forwardedFrom: 'Other Person' })).toBeNull();
    expect(forwardedSource({ chatId: 'tg:chat:1', forwardedFrom: null })).toBeNull();
    // An HTML export has names only: a display name that reads like an id is still a name.
    expect(
      forwardedSource({ chatId: 'tg:chat:html-0123456789abcdef', forwardedFrom: 'tg:user:5' }),
    ).toBeNull();
  });

  it('posts are by an author id other than the chat itself, and not service actions', () => {
    const m = { chatId: 'tg:chat:1', authorId: 'tg:user:2', action: null };
    expect(postedBy(m)).toBe('tg:user:2');
    expect(postedBy({ ...m, action: 'unsupported' })).toBe('tg:user:2');
    expect(postedBy({ ...m, authorId: 'tg:chat:1' })).toBeNull();
    expect(postedBy({ ...m, authorId: 'tg:chat:7' })).toBe('tg:chat:7');
    expect(postedBy({ ...m, authorId: null })).toBeNull();
    expect(postedBy({ ...m, action: 'join_group_by_link' })).toBeNull();
  });
});

describe('MigratedTo: a basic group upgraded to a supergroup', () => {
  const m = (
    chatId: string,
    action: string,
    timestamp = '2024-04-25T04:00:00.000Z',
    authorId: string | null = 'tg:user:1001',
    evidenceId = 'e1',
  ): MigrationMessage => ({
    evidenceId,
    locator: `chat:${chatId.slice(8)}/message:5`,
    chatId,
    messageId: '5',
    timestamp,
    authorId,
    action,
  });
  const TO = 'migrate_to_supergroup';
  const FROM = 'migrate_from_group';

  it('pairs the two service messages of one upgrade (same actor, same minute), with every copy as proof', () => {
    const copy = m('tg:chat:600001', TO, '2024-04-25T04:00:00.000Z', 'tg:user:1001', 'e6');
    const links = migrationLinks([
      m('tg:chat:600001', TO),
      m('tg:chat:6000002', FROM, '2024-04-25T04:00:01.000Z'),
      copy,
      m('tg:chat:600001', 'invite_members'),
    ]);
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({
      from: 'tg:chat:600001',
      to: 'tg:chat:6000002',
      at: '2024-04-25T04:00:00.000Z',
    });
    expect(links[0]!.messages.map((x) => `${x.chatId}@${x.evidenceId}`)).toEqual([
      'tg:chat:600001@e1',
      'tg:chat:6000002@e1',
      'tg:chat:600001@e6',
    ]);
  });

  it('draws nothing on a guess: another actor, another hour, no author id, one chat, two candidates', () => {
    expect(migrationLinks([m('tg:chat:1', TO), m('tg:chat:2', FROM, undefined, 'tg:user:9')])).toEqual([]);
    expect(migrationLinks([m('tg:chat:1', TO), m('tg:chat:2', FROM, '2024-04-25T05:00:00.000Z')])).toEqual(
      [],
    );
    expect(
      migrationLinks([m('tg:chat:1', TO, undefined, null), m('tg:chat:2', FROM, undefined, null)]),
    ).toEqual([]);
    // A full-account export writes the old group's history into the supergroup's chat: nothing to link.
    expect(migrationLinks([m('tg:chat:2', TO), m('tg:chat:2', FROM)])).toEqual([]);
    // Two groups upgraded by one account in the same minute: which became which is unknown.
    expect(
      migrationLinks([m('tg:chat:1', TO), m('tg:chat:3', TO), m('tg:chat:2', FROM), m('tg:chat:4', FROM)]),
    ).toEqual([]);
    expect(migrationLinks([m('tg:chat:1', TO), m('tg:chat:2', FROM), m('tg:chat:4', FROM)])).toEqual([]);
  });
});
