import { describe, expect, it } from 'vitest';
import { BankCsvScan, LineStats, quotedDelimiters } from './bank-csv-bulk.ts';

/** The offsets `quotedDelimiters` finds in `text` cut into chunks at `cuts`, as offsets into the whole text. */
function found(text: string, cuts: number[], asBytes: boolean): number[] {
  const at: number[] = [];
  let inQuote = false;
  let base = 0;
  for (const [i, end] of [...cuts, text.length].entries()) {
    const from = i === 0 ? 0 : cuts[i - 1]!;
    const piece = text.slice(from, end);
    inQuote = quotedDelimiters(asBytes ? Buffer.from(piece, 'latin1') : piece, 0x2c, inQuote, (k) => {
      at.push(base + k);
      return true;
    });
    base += piece.length;
  }
  return at;
}

describe('quotedDelimiters', () => {
  const text = 'a,"b,c",d\n"e""f,g",h\n"open,\nx,y\n"z",w';
  // Commas inside quotes: in "b,c" (3), in "e""f,g" (15); "open, before the line break that ends it (26); none after.
  const inside = [4, 15, 26];
  it('finds the delimiters inside quotes, a line break ending them, doubled quotes included', () => {
    expect(found(text, [], false)).toEqual(inside);
    expect(found(text, [], true)).toEqual(inside);
  });
  it('gives the same answer whatever the chunks (a quoted field cut across them)', () => {
    for (let cut = 1; cut < text.length; cut++) {
      expect(found(text, [cut], false), `cut at ${cut}`).toEqual(inside);
      expect(found(text, [cut, Math.min(cut + 3, text.length - 1)], true), `cuts at ${cut}`).toEqual(inside);
    }
  });
  it('leaves a scan plain only when no delimiter sits inside quotes', () => {
    const plain = new BankCsvScan(';');
    plain.push(Buffer.from('Дата;Сумма\n01.01.2024;"1 000,00"\n'));
    expect(plain.plain).toBe(true);
    const masked = new BankCsvScan(',');
    masked.push(Buffer.from('Date,Amount\n01.01.2024,"1 0'));
    masked.push(Buffer.from('00,00"\n'));
    expect(masked.plain).toBe(false);
  });
});

/** Per field, the last line (1-based) whose cell `trim` changes: what `padded` must report. */
function paddedTruth(text: string, delimiter: string): number[] {
  const out: number[] = [];
  text.split('\n').forEach((line, i) => {
    line.split(delimiter).forEach((cell, f) => {
      if (cell !== cell.trim()) out[f] = i + 1;
    });
  });
  return out;
}

describe('LineStats.quoteStarts', () => {
  /** Per field, the last line whose cell starts with a quote (no delimiter inside quotes here). */
  const truth = (text: string) => {
    const out: number[] = [];
    text.split('\n').forEach((line, i) => {
      line.split(';').forEach((cell, f) => {
        if (cell.startsWith('"')) out[f] = i + 1;
      });
    });
    return out;
  };
  const starts = (chunks: Array<Buffer | string>) => {
    const st = new LineStats(0x3b);
    for (const c of chunks) st.push(c);
    return st.quoteStarts;
  };
  /** Cut anywhere: the same answer (a chunk that starts with a quote inside a cell counts for nothing). */
  const covers = (got: readonly number[], want: readonly number[], label: string) => {
    expect(got, label).toEqual(want);
  };
  it('names the columns with a cell that starts with a quote, not those with a quote inside a cell, whatever the chunks', () => {
    const text =
      'Дата;Сумма;Имя;Назначение\n01.01.2024;"1 000,00";ТОО "Ромашка";оплата\n02.01.2024;5;Иван;"счёт ""7"""\n03.01.2024;6;"Пётр";x "y"\n';
    const want = truth(text);
    expect(want).toEqual([undefined, 2, 4, 3]);
    expect(starts([Buffer.from(text)])).toEqual(want);
    expect(starts([text])).toEqual(want);
    const bytes = Buffer.from(text);
    for (let cut = 1; cut < bytes.length; cut++) {
      covers(starts([bytes.subarray(0, cut), bytes.subarray(cut)]), want, `cut at byte ${cut}`);
      const two = Math.min(cut + 1, bytes.length - 1);
      covers(
        starts([bytes.subarray(0, cut), bytes.subarray(cut, two), bytes.subarray(two)]),
        want,
        `cuts at ${cut}`,
      );
    }
    for (let cut = 0; cut <= text.length; cut++)
      covers(starts([text.slice(0, cut), text.slice(cut)]), want, `char ${cut}`);
    // A quote first on the very first line.
    expect(starts([Buffer.from('"a";b\n')])).toEqual([1]);
  });
});

describe('LineStats.padded', () => {
  const spaces = [
    ' ',
    '\t',
    '\v',
    '\f',
    '\u00a0',
    '\u1680',
    '\u2000',
    '\u2005',
    '\u200a',
    '\u2028',
    '\u2029',
  ];
  spaces.push('\u202f', '\u205f', '\u3000', '\ufeff');
  // Letters whose last UTF-8 byte is one a trimmed character ends with (р = D1 80, п = D0 BF, € = E2 82 AC …).
  const lookalikes = [
    'р',
    'п',
    'я',
    'à',
    '€',
    '‐',
    '‰',
    'ё',
    '\u2080',
    '\u208a',
    '\u20a8',
    '\u2060',
    '\u3001',
    '\ufefe',
  ];
  const padded = (chunks: Array<Buffer | string>) => {
    const st = new LineStats(0x3b);
    for (const c of chunks) st.push(c);
    return st.padded;
  };
  /** `padded` of `text` whole and cut into two and three chunks anywhere, as bytes and as text: one answer. */
  const every = (text: string, expected: number[]) => {
    const bytes = Buffer.from(text);
    expect(padded([bytes]), JSON.stringify(text)).toEqual(expected);
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(
        padded([bytes.subarray(0, cut), bytes.subarray(cut)]),
        `${JSON.stringify(text)} cut at byte ${cut}`,
      ).toEqual(expected);
      const two = Math.min(cut + 2, bytes.length - 1);
      expect(padded([bytes.subarray(0, cut), bytes.subarray(cut, two), bytes.subarray(two)])).toEqual(
        expected,
      );
    }
    for (let cut = 0; cut <= text.length; cut++)
      expect(
        padded([text.slice(0, cut), text.slice(cut)]),
        `${JSON.stringify(text)} cut at char ${cut}`,
      ).toEqual(expected);
  };
  it('names the last line on which each column has a cell trim changes, whatever the chunks', () => {
    for (const s of spaces) {
      for (const [line, expected] of [
        [`${s}1;б;в`, [2]],
        [`1${s};б;в`, [2]],
        [`а;${s}б;в`, [undefined, 2]],
        [`а;б${s};в`, [undefined, 2]],
        [`а;б;${s}в`, [undefined, undefined, 2]],
        [`а;б;в${s}`, [undefined, undefined, 2]],
        [`${s}`, [2]],
      ] as Array<[string, number[]]>) {
        expect(paddedTruth(`Дата;Сумма;Имя\n${line}\nг;д;е\n`, ';')).toEqual(expected);
        every(`Дата;Сумма;Имя\n${line}\nг;д;е\n`, expected);
      }
    }
  });
  it('names a column whose quoted cells hold padding inside the quotes (the parser trims a quoted field), whatever the chunks', () => {
    // What the parser's CSV reader gives: the quoted field's text, then trimmed.
    const unquotedTruth = (text: string) =>
      paddedTruth(
        text.replace(/"([^"]*)"/g, (_, inner: string) => inner),
        ';',
      );
    for (const s of spaces) {
      for (const [line, expected] of [
        [`"${s}1";б;в`, [2]],
        [`"1${s}";б;в`, [2]],
        [`а;"${s}б";в`, [undefined, 2]],
        [`а;"б${s}";в`, [undefined, 2]],
        [`а;б;"${s}в"`, [undefined, undefined, 2]],
        [`а;б;"в${s}"`, [undefined, undefined, 2]],
        [`"${s}"`, [2]],
      ] as Array<[string, number[]]>) {
        const text = `Дата;Сумма;Имя\n${line}\n"г";"д";"е"\n`;
        expect(unquotedTruth(text)).toEqual(expected);
        every(text, expected);
      }
    }
    // Quoted cells with nothing to trim inside: no column.
    every('Дата;Сумма;Имя\n"а";"б б";""\n"";"";"е"\n', []);
    expect(padded([Buffer.from('a;b\nc;"d "')])).toEqual([undefined, 2]);
    expect(padded(['a;b\nc;"d\u3000"'])).toEqual([undefined, 2]);
    expect(padded([Buffer.from('a;b\nc;"d"')])).toEqual([]);
  });
  it("leaves the other characters alone, multi-byte ones that share a trimmed one's last byte included", () => {
    for (const c of lookalikes) every(`${c};${c}${c};а${c}\n${c}\n\n`, []);
  });
  it('reads a last line without a line break', () => {
    expect(padded([Buffer.from('a;b\nc;d ')])).toEqual([undefined, 2]);
    expect(padded([Buffer.from('a;b\nc;d\u3000')])).toEqual([undefined, 2]);
    expect(padded(['a;b\nc;d\u3000'])).toEqual([undefined, 2]);
    expect(padded([Buffer.from('a;b\nc;d')])).toEqual([]);
  });
});

describe('BankCsvScan.quoting (DuckDB reads the quotes itself)', () => {
  const quoting = (chunks: Array<string | Buffer>, headerEnd = 1) => {
    const scan = new BankCsvScan(';');
    for (const c of chunks) scan.push(Buffer.from(c));
    return scan.quoting(headerEnd);
  };
  /** The same answer whole and cut into two chunks anywhere. */
  const every = (text: string, headerEnd = 1) => {
    const whole = quoting([text], headerEnd);
    const bytes = Buffer.from(text);
    for (let cut = 1; cut < bytes.length; cut++)
      expect(quoting([bytes.subarray(0, cut), bytes.subarray(cut)], headerEnd), `cut at ${cut}`).toEqual(
        whole,
      );
    return whole;
  };
  it('tells every field quoted from the fields that must be, and both from anything else', () => {
    expect(
      every('Дата;Сумма;Имя\n"01.01.2024";"1 000,00";"ТОО ""Ромашка"""\n"02.01.2024";"5";""\n')?.quoting,
    ).toBe('all');
    expect(every('Дата;Сумма;Имя\n01.01.2024;"1;5";"ТОО ""Р"""\n02.01.2024;5;Имя\n\n')?.quoting).toBe(
      'minimal',
    );
    // The same columns quoted on every line (text quoted, numbers not).
    expect(every('Дата;Сумма;Имя\n"01.01.2024";5;"Имя"\n"02.01.2024";6;"Б"\n')?.quoting).toBe('columns:101');
    // A column quoted on one line and not on another, next to needless quotes: none of these.
    expect(every('Дата;Сумма;Имя\n"01.01.2024";5;Имя\n"02.01.2024";"6";Б\n')).toBeUndefined();
    // A quote inside an unquoted cell, text after a closing quote, a line break inside quotes: neither.
    expect(every('Дата;Сумма;Имя\n01.01.2024;5;ТОО "Р"\n')).toBeUndefined();
    expect(every('Дата;Сумма;Имя\n01.01.2024;"5" x;Имя\n')).toBeUndefined();
    expect(every('Дата;Сумма;Имя\n01.01.2024;"5\n";Имя\n')).toBeUndefined();
    // Above the header too: DuckDB reads those lines with the same rules.
    expect(every('Банк "Х"\nДата;Сумма\n"01.01.2024";"5"\n', 2)).toBeUndefined();
    // Quotes only above the header's end: nothing to read natively below, still "all" by the rules.
    expect(every('"Дата";"Сумма"\n"01.01.2024";"5"\n02.01.2024;6\n', 1)).toBeUndefined();
  });
  it('names the columns whose text may be trimmed, inside the quotes or outside, counting fields as the parser does', () => {
    // The delimiter inside the first quoted field does not start a field: padding in the third is field 2.
    expect(every('Дата;Сумма;Имя\n"a;b";"1";" x"\n"c";"2";"y"\n')).toEqual({
      quoting: 'all',
      padded: [undefined, undefined, 2],
    });
    expect(every('Дата;Сумма;Имя\n"a";"1\u00a0";"x"\n')).toEqual({ quoting: 'all', padded: [undefined, 2] });
    // Padding before the first quote of the file, in whichever chunk it falls.
    expect(every('Дата;Сумма;Имя\nx ;1;2\n"a;b";1;\u3000z\n')).toEqual({
      quoting: 'minimal',
      padded: [2, undefined, 3],
    });
  });
});

describe('LineStats with CR LF line ends', () => {
  const stats = (chunks: Buffer[]) => {
    const st = new LineStats(0x3b, true, true);
    for (const c of chunks) st.push(c);
    return { lines: st.lines, blank: [...st.blank], padded: st.padded, pure: st.pureCrlf };
  };
  /** The same answer whole and cut into two chunks anywhere (a CR and its LF apart included). */
  const every = (text: string) => {
    const bytes = Buffer.from(text);
    const whole = stats([bytes]);
    for (let cut = 1; cut < bytes.length; cut++)
      expect(stats([bytes.subarray(0, cut), bytes.subarray(cut)]), `cut at ${cut}`).toEqual(whole);
    return whole;
  };
  it('ends the last cell before the CR, and counts a line of only CR LF as empty', () => {
    expect(every('Дата;Сумма\r\nа;б \r\n\r\nв;"г\u3000"\r\nд;е\r\n')).toEqual({
      lines: 5,
      blank: [3],
      padded: [undefined, 4],
      pure: true,
    });
  });
  it('is not pure with a line ending in LF alone or a CR elsewhere', () => {
    expect(every('Дата;Сумма\r\nа;б\nв;г\r\n').pure).toBe(false);
    expect(every('Дата;Сумма\r\nа;б\rх\r\nв;г\r\n').pure).toBe(false);
    expect(every('Дата;Сумма\r\nа;б\r\nв;г\r').pure).toBe(false);
  });
});
