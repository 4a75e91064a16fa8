import { describe, expect, it } from 'vitest';
import { JOINED, joinedStages } from './joined.ts';

describe('joinedStages', () => {
  it('names a stage that passes on more than reaches it, not the first stage or rounding', () => {
    const links = [
      { source: 'buyers', target: 'droppers', usd: '200000.00' },
      { source: 'droppers', target: 'collectors', usd: '178000.00' },
      { source: 'collectors', target: 'exchangers', usd: '504000.00' },
      { source: 'exchangers', target: 'end_recipients', usd: '504000.004' },
    ];
    expect(joinedStages(links)).toEqual([{ stage: 'collectors', in: 178000, out: 504000 }]);
    expect(joinedStages(links.slice(0, 2))).toEqual([]);
  });

  it('says so in both languages', () => {
    expect(JOINED.ru('Сборщики', '504,000.00 USD', '178,000.00 USD')).toMatch(
      /^Сборщики передают дальше 504,000.00 USD — больше, чем 178,000.00 USD/,
    );
    expect(JOINED.en('Collectors', '504,000.00 USD', '178,000.00 USD')).toMatch(/joins from elsewhere/);
  });
});
