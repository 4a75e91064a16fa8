import { describe, expect, it } from 'vitest';
import { mentionChips } from './mention-chips.ts';

describe('mentionChips', () => {
  it('gives one chip per identifier, in the order the text first names each', () => {
    const m = (identifier: string, start: number) => ({ identifier, start });
    expect(
      mentionChips([
        m('geo:43.3,69.6', 0),
        m('card:4400', 20),
        m('geo:43.3,69.6', 40),
        m('geo:43.3,69.6', 90),
      ]),
    ).toEqual([m('geo:43.3,69.6', 0), m('card:4400', 20)]);
    expect(mentionChips([])).toEqual([]);
  });
});
