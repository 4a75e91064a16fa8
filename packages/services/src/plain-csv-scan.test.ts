import { describe, expect, it } from 'vitest';
import { PlainCsvScan } from './plain-csv-scan.ts';

function scan(...chunks: Array<string | number[]>): string | undefined {
  const s = new PlainCsvScan();
  for (const c of chunks) s.push(typeof c === 'string' ? Buffer.from(c) : Buffer.from(c));
  return s.end();
}

describe('PlainCsvScan', () => {
  it('passes plain UTF-8 CSV, multi-byte characters split across chunks included', () => {
    expect(scan('a,b\n1,2\n', '3,4')).toBeUndefined();
    const text = Buffer.from('a,b\nИван,ü😀\n');
    expect(scan([...text.subarray(0, 6)], [...text.subarray(6, 13)], [...text.subarray(13)])).toBeUndefined();
  });

  it('names what rules the bulk path out', () => {
    expect(scan('a,b\n"1",2\n')).toBe('quotes');
    expect(scan('a,b\r\n1,2\r\n')).toBe('CR line ends');
    expect(scan('a,b\n1,2\n\n3,4\n')).toBe('blank line');
    expect(scan('a,b\n1,2\n', '\n3,4\n')).toBe('blank line');
    expect(scan('\na,b\n')).toBe('blank line');
    expect(scan('a,b\n1,\u0000\n')).toBe('NUL bytes');
    expect(scan([0x61, 0x2c, 0x62, 0x0a, 0xe9, 0x0a])).toBe('not UTF-8');
    expect(scan('a,b\n1,', [0xd0])).toBe('not UTF-8');
    expect(scan('a,b\n1,\ufffd\n')).toBe('U+FFFD');
    expect(scan('a,b\n1,', [0xef, 0xbf], [0xbd, 0x0a])).toBe('U+FFFD');
    expect(scan()).toBe('empty');
  });
});
