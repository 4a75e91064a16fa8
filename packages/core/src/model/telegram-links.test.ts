import { describe, expect, it } from 'vitest';
import { forwardedSource, membershipLinkKind, postedBy } from './telegram-links.ts';

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
