import { describe, expect, it } from 'vitest';
import { chatTitle } from './chat-title.ts';

describe('chatTitle', () => {
  const names = new Map([
    ['tg:user:1001', 'Boss'],
    ['tg:user:3001', 'Ivan'],
  ]);
  it('titles a private chat by its two people in id order, whatever each phone called the other side', () => {
    expect(chatTitle('tg:chat:1001_3001', ['Ivan'], (u) => names.get(u))).toBe('Boss ↔ Ivan');
    expect(chatTitle('tg:chat:1001_3001', ['Шеф', 'Ivan'], (u) => names.get(u))).toBe('Boss ↔ Ivan');
  });
  it("falls back to the phones' titles where a side's name is unknown", () => {
    expect(chatTitle('tg:chat:1001_3002', ['Petr', 'Boss'], (u) => names.get(u))).toBe('Boss ↔ Petr');
    expect(chatTitle('tg:chat:1001_3002', ['Boss'], (u) => names.get(u))).toBe('Boss');
    expect(chatTitle('tg:chat:1001_3002', [], (u) => names.get(u))).toBeNull();
  });
  it('gives any other chat its first title', () => {
    expect(chatTitle('tg:chat:2000', ['Shop', 'Shop 2'], (u) => names.get(u))).toBe('Shop');
    expect(chatTitle('tg:chat:1001', ['Boss'], (u) => names.get(u))).toBe('Boss');
  });
});
