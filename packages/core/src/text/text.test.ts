import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { CheckedUtf8Decoder, decodeAuto, decodeChunks, decodeHead } from './decode-chunks.ts';
import { detectEncoding, isValidUtf8 } from './detect-encoding.ts';
import { flattenBatches } from './flatten-batches.ts';
import { readAllText } from './read-all-text.ts';
import { type CsvRecord, parseCsvText, readCsvRecords, sniffDelimiter } from './read-csv-records.ts';

const SAMPLE = 'дата;сумма;получатель\n2024-03-05;1 500,00;Иванов Ёжик\n';

async function* bytes(...parts: Uint8Array[]): AsyncIterable<Uint8Array> {
  for (const p of parts) yield p;
}
async function* strings(...parts: string[]): AsyncIterable<string> {
  for (const p of parts) yield p;
}
async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
function u8(buf: Uint8Array | Buffer): Uint8Array {
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}
/** Splits bytes into chunks of `size`, to exercise sequences cut between chunks. */
function chunked(b: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < b.length; i += size) out.push(b.subarray(i, i + size));
  return out;
}

describe('detectEncoding', () => {
  const cases: Array<[string, Uint8Array, string]> = [
    ['UTF-8 with BOM', u8(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SAMPLE)])), 'utf-8'],
    ['UTF-8 without BOM', u8(Buffer.from(SAMPLE)), 'utf-8'],
    ['pure ASCII', u8(Buffer.from('a,b,c\n1,2,3\n')), 'utf-8'],
    ['UTF-16LE with BOM', u8(iconv.encode(SAMPLE, 'utf-16le', { addBOM: true })), 'utf-16le'],
    ['UTF-16BE with BOM', u8(iconv.encode(SAMPLE, 'utf-16be', { addBOM: true })), 'utf-16be'],
    ['UTF-16LE Cyrillic without BOM', u8(iconv.encode(SAMPLE, 'utf-16le')), 'utf-16le'],
    ['UTF-16BE ASCII without BOM', u8(iconv.encode('a;b;c\n1;2;3\n', 'utf-16be')), 'utf-16be'],
    ['windows-1251', u8(iconv.encode(SAMPLE, 'win1251')), 'windows-1251'],
  ];
  for (const [name, input, want] of cases) {
    it(name, () => expect(detectEncoding(input)).toBe(want));
  }

  it('accepts a UTF-8 head cut inside a character but rejects invalid sequences', () => {
    const b = u8(Buffer.from('ab Ж'));
    expect(isValidUtf8(b.subarray(0, b.length - 1))).toBe(true);
    expect(isValidUtf8(new Uint8Array([0x61, 0xc0, 0x80]))).toBe(false); // overlong
    expect(isValidUtf8(new Uint8Array([0xed, 0xa0, 0x80]))).toBe(false); // surrogate
    expect(isValidUtf8(new Uint8Array([0xd0, 0x41]))).toBe(false);
  });
});

describe('decodeChunks', () => {
  it('reassembles a multi-byte character split across chunks', async () => {
    const b = u8(Buffer.from('€Жx'));
    const text = (await collect(decodeChunks(bytes(...chunked(b, 1)), 'utf-8'))).join('');
    expect(text).toBe('€Жx');
  });

  it('tells when it replaced bytes it could not read, not when the file itself holds U+FFFD', async () => {
    const replaced = async (b: Uint8Array, size: number, enc: 'utf-8' | 'windows-1251' = 'utf-8') => {
      const flag = { value: false };
      await collect(decodeChunks(bytes(...chunked(b, size)), enc, flag));
      return flag.value;
    };
    const written = u8(Buffer.from('оплата \uFFFD\uFFFD магазин\n'));
    // A U+FFFD written in the file (EF BF BD), whole or split between chunks at every point.
    for (const size of [1, 2, 3, 5, 64])
      expect(await replaced(written, size), `chunks of ${size}`).toBe(false);
    // A byte UTF-8 cannot read, next to the written ones; the file cut inside a character.
    const bad = new Uint8Array([...written, 0xff, 0x0a]);
    for (const size of [1, 3, 64]) expect(await replaced(bad, size), `chunks of ${size}`).toBe(true);
    const cut = u8(Buffer.from('Петров'));
    expect(await replaced(cut.subarray(0, cut.length - 1), 4)).toBe(true);
    expect(await replaced(cut, 4)).toBe(false);
    // Windows-1251 reads every byte.
    expect(await replaced(new Uint8Array(Array.from({ length: 256 }, (_, i) => i)), 16, 'windows-1251')).toBe(
      false,
    );
  });

  it('strips the BOM in every Unicode encoding and decodes windows-1251', async () => {
    for (const [enc, opts] of [
      ['utf8', 'utf-8'],
      ['utf-16le', 'utf-16le'],
      ['utf-16be', 'utf-16be'],
    ] as const) {
      const b = u8(iconv.encode(SAMPLE, enc, { addBOM: true }));
      const text = (await collect(decodeChunks(bytes(...chunked(b, 7)), opts))).join('');
      expect(text).toBe(SAMPLE);
    }
    const cp = u8(iconv.encode(SAMPLE, 'win1251'));
    expect((await collect(decodeChunks(bytes(...chunked(cp, 5)), 'windows-1251'))).join('')).toBe(SAMPLE);
  });

  it('decodeAuto detects and decodes in one pass; decodeHead decodes a head', async () => {
    const b = u8(iconv.encode(SAMPLE, 'utf-16le', { addBOM: true }));
    let seen = '';
    const text = (await collect(decodeAuto(bytes(...chunked(b, 3)), { onEncoding: (e) => (seen = e) }))).join(
      '',
    );
    expect(seen).toBe('utf-16le');
    expect(text).toBe(SAMPLE);
    expect(decodeHead(u8(iconv.encode(SAMPLE, 'win1251')))).toBe(SAMPLE);
  });

  it('marks bytes that do not decode with U+FFFD', async () => {
    const text = (await collect(decodeChunks(bytes(new Uint8Array([0x61, 0xff, 0x62])), 'utf-8'))).join('');
    expect(text).toBe('a\uFFFDb');
  });
});

describe('CheckedUtf8Decoder', () => {
  it('counts the sequences it replaced and their lines, not a U+FFFD the file writes, across calls', () => {
    const d = new CheckedUtf8Decoder();
    const file = Buffer.concat([
      Buffer.from('a\nb \uFFFD written\n'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(' bad\nok\nx '),
      Buffer.from([0xd0]), // the first byte of a Cyrillic letter, cut off by the next line
      Buffer.from('\n'),
    ]);
    let text = '';
    let line = 1;
    // Byte by byte: a written U+FFFD (EF BF BD) and valid letters straddle the calls.
    for (let i = 0; i < file.length; i++) {
      const part = d.decode(file.subarray(i, i + 1), () => line);
      line += part.split('\n').length - 1;
      text += part;
    }
    text += d.decode(undefined, () => line);
    expect(text).toBe('a\nb \uFFFD written\n\uFFFD\uFFFD bad\nok\nx \uFFFD\n');
    expect(d.invalid).toBe(3);
    expect(d.lines).toEqual([3, 5]);
  });

  it('counts a sequence cut off by the end of the stream', () => {
    const d = new CheckedUtf8Decoder();
    expect(d.decode(Buffer.from([0x61, 0x0a, 0xd0]), () => 7)).toBe('a\n');
    expect(d.decode(undefined, () => 8)).toBe('\uFFFD');
    expect([d.invalid, d.lines]).toEqual([1, [8]]);
  });
});

describe('readCsvRecords', () => {
  const fields = (rs: CsvRecord[]) => rs.map((r) => r.fields);

  it('reads quotes, doubled quotes, CRLF and embedded newlines with physical line numbers', () => {
    const text = 'a,b,c\r\n1,"x, y","he said ""hi"""\r\n2,"multi\nline\nvalue",z\n\n3,,\n';
    const rs = parseCsvText(text);
    expect(fields(rs)).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, y', 'he said "hi"'],
      ['2', 'multi\nline\nvalue', 'z'],
      ['3', '', ''],
    ]);
    expect(rs.map((r) => r.line)).toEqual([1, 2, 3, 7]);
    expect(rs[2]!.raw).toBe('2,"multi\nline\nvalue",z');
  });

  it('gives the same records however the text is chunked', async () => {
    const text = 'h1;h2\n"a;1";"q""\nq"\r\nplain;row\n"last";"x"';
    const whole = parseCsvText(text);
    for (let size = 1; size <= 7; size++) {
      const parts: string[] = [];
      for (let i = 0; i < text.length; i += size) parts.push(text.slice(i, i + size));
      expect(await collect(readCsvRecords(strings(...parts)))).toEqual(whole);
    }
    expect(fields(whole)).toEqual([
      ['h1', 'h2'],
      ['a;1', 'q"\nq'],
      ['plain', 'row'],
      ['last', 'x'],
    ]);
  });

  it('sniffs the delimiter from the first lines', () => {
    expect(sniffDelimiter('a;b;c\n1;2,5;3\n')).toBe(';');
    expect(sniffDelimiter('a\tb\tc\n1\t2\t3\n')).toBe('\t');
    expect(sniffDelimiter('a|b\n1|2\n')).toBe('|');
    expect(sniffDelimiter('"x;y",b,c\n1,2,3\n')).toBe(',');
    expect(parseCsvText('a;b\n"1,5";2\n')[1]!.fields).toEqual(['1,5', '2']);
  });

  it('recovers from an unterminated quote and reads on from the next line', () => {
    const rs = parseCsvText('a,b\n1,"broken\n2,ok\n3,ok\n', { maxRecordChars: 1 << 20 });
    expect(rs[1]!.error).toMatch(/unterminated/);
    expect(rs[1]!.line).toBe(2);
    expect(fields(rs.slice(2))).toEqual([
      ['2', 'ok'],
      ['3', 'ok'],
    ]);
    expect(rs[2]!.line).toBe(3);
  });

  it('honours an explicit delimiter and a missing final newline', () => {
    expect(fields(parseCsvText('a|b\n1|2', { delimiter: '|' }))).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('reads a windows-1251 file with a quoted multi-line field end to end', async () => {
    const src = 'имя;комментарий\r\n"Пётр";"строка 1\r\nстрока 2"\r\n';
    const b = u8(iconv.encode(src, 'win1251'));
    const rs = await collect(readCsvRecords(decodeAuto(bytes(...chunked(b, 4)))));
    expect(fields(rs)).toEqual([
      ['имя', 'комментарий'],
      ['Пётр', 'строка 1\r\nстрока 2'],
    ]);
  });
});

describe('flattenBatches and readAllText', () => {
  it('hands out batch items in order and stops the source early on break', async () => {
    let closed = false;
    async function* batches() {
      try {
        yield [1, 2];
        yield [];
        yield [3];
        yield [4, 5];
      } finally {
        closed = true;
      }
    }
    expect(await collect(flattenBatches(batches()))).toEqual([1, 2, 3, 4, 5]);
    const seen: number[] = [];
    closed = false;
    for await (const x of flattenBatches(batches())) {
      seen.push(x);
      if (x === 3) break;
    }
    expect(seen).toEqual([1, 2, 3]);
    expect(closed).toBe(true);
  });

  it('readAllText decodes a whole file and refuses one above the limit', async () => {
    const b = u8(iconv.encode(SAMPLE, 'win1251'));
    expect(await readAllText(bytes(...chunked(b, 3)))).toBe(SAMPLE);
    expect(await readAllText(bytes(...chunked(b, 3)), 10)).toBeUndefined();
  });
});

describe('readCsvRecords round trip', () => {
  // A seeded generator (no Math.random in tests either: failures must replay).
  function rng(seed: number) {
    let s = seed >>> 0;
    return () => {
      s = (s * 1664525 + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
  }
  const ALPHABET = ['a', 'Ж', '1', ' ', ',', '"', '\n', '\r\n', ';', '€', '𝄞'];

  it('reads back what an RFC 4180 writer wrote, for any chunking', async () => {
    for (let seed = 1; seed <= 40; seed++) {
      const r = rng(seed);
      const width = 1 + Math.floor(r() * 5);
      const rows: string[][] = [];
      for (let i = 0; i < 30; i++) {
        const row: string[] = [];
        for (let j = 0; j < width; j++) {
          let v = '';
          const n = Math.floor(r() * 6);
          for (let k = 0; k < n; k++) v += ALPHABET[Math.floor(r() * ALPHABET.length)];
          row.push(v);
        }
        // A row of one empty field is a blank line, which readers skip.
        if (row.join('') === '') row[0] = 'x';
        rows.push(row);
      }
      const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
      const text = rows.map((row) => row.map(quote).join(',')).join(r() < 0.5 ? '\n' : '\r\n');
      const parts: string[] = [];
      for (let i = 0; i < text.length; ) {
        const size = 1 + Math.floor(r() * 17);
        parts.push(text.slice(i, i + size));
        i += size;
      }
      const got = await collect(readCsvRecords(strings(...parts), { delimiter: ',' }));
      expect(
        got.map((g) => g.fields),
        `seed ${seed}`,
      ).toEqual(rows);
      expect(got.every((g) => g.error === undefined)).toBe(true);
    }
  });
});
