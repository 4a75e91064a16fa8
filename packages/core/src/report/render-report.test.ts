import { describe, expect, it } from 'vitest';
import type { Findings, FindingsSupport } from '../findings/findings.ts';
import { ROLE_NAMES } from '../model/role-names.ts';
import { readableUtc, renderReport, reportDoc, reportMarkdown } from './render-report.ts';

const hostile = '<img src=x onerror=alert(1)>|**bold**';
const N = '\u00a0';
const findings: Findings = {
  schemaVersion: 1,
  case: { name: 'Шымкент-2025', evidence: 3, transfers: 1000, messages: 50 },
  summary: {
    participants: 312,
    networks: 3,
    droppers: 140,
    exchangers: 4,
    channelsFlagged: 5,
    endRecipients: 2,
    turnoverUsd: 7300000,
  },
  persons: [
    {
      id: 'P1',
      names: [hostile],
      identifiers: ['iin:900101400123'],
      roles: ['operator'],
      network: 'n1',
      nationality: ['UZ'],
      accounts: ['card:4400000000000011'],
      turnoverUsd: { in: 4000000, out: 3900000.5 },
      roleDetails: [{ role: 'operator', score: 0.9, reasons: ['administers flagged chat'] }],
      regions: ['Shymkent'],
    },
  ],
  accounts: [
    {
      id: 'card:4400000000000011',
      kind: 'card',
      holder: 'P1',
      roles: [{ role: 'dropper', score: 0.91, reasons: ['42 payers'] }],
      inUsd: 1234.5,
      outUsd: 1200,
      counterparties: 42,
    },
  ],
  channels: [
    { id: 'tg:chat:1', title: hostile, labels: [{ label: 'sale', score: 0.97, evidence: ['tg:chat:1#5'] }] },
  ],
  networks: [
    {
      id: 'n1',
      size: 210,
      members: ['P1'],
      turnoverUsd: 5000000,
      regions: ['Shymkent', 'Ulytau'],
      roles: { operator: 1 },
    },
  ],
  endRecipients: [
    {
      account: 'tron:TEND',
      holder: null,
      jurisdiction: 'AE',
      receivedUsd: 1000000,
      method: 'fifo',
      paths: [],
    },
    {
      account: 'tron:TEND2',
      holder: null,
      jurisdiction: 'AE',
      receivedUsd: 500000,
      method: 'fifo',
      paths: [],
    },
  ],
  crossCase: [],
  analysis: {
    rulesVersion: 'dragnet-rules/1.0.0',
    generatedAt: '2026-01-01T00:00:00Z',
    traceMethod: 'fifo',
    keyFigures: ['P1'],
    mergeCandidates: [],
    mergeAlarms: [],
    warnings: [],
  },
};
const support: FindingsSupport = {
  footnotes: {
    droppers: { figure: 'droppers', evidenceIds: ['a'.repeat(64)], records: ['t1'] },
    participants: { figure: 'participants', evidenceIds: ['b'.repeat(64)], records: [] },
  },
};
const evidenceNames = new Map([['a'.repeat(64), 'kaspi<script>.csv']]);
const records = new Map([['t1', { evidenceId: 'a'.repeat(64), locator: 'row:17' }]]);

describe('reportDoc', () => {
  it('gives the report as blocks of plain text, markers and placed records; markdown is written from it', () => {
    const doc = reportDoc(findings, support, { lang: 'en', evidenceNames, records });
    expect(reportMarkdown(doc)).toBe(
      renderReport(findings, support, { lang: 'en', format: 'md', evidenceNames, records }),
    );
    // Evidence text stays as typed in the blocks: a viewer escapes it once.
    expect(JSON.stringify(doc)).toContain(hostile.replaceAll('"', '\\"'));
    expect(JSON.stringify(doc)).not.toContain('&lt;');
    const droppers = doc.blocks.find((b) => b.kind === 'list');
    expect(droppers?.kind === 'list' && droppers.items[4]).toEqual([
      '140 dropper cards/accounts',
      { cite: 2 },
    ]);
    const notes = doc.blocks.find((b) => b.kind === 'footnotes');
    const placed = notes?.kind === 'footnotes' ? notes.notes.flatMap((n) => n.records) : [];
    expect(placed).toContainEqual({
      ref: 't1',
      located: false,
      place: { evidenceId: 'a'.repeat(64), locator: 'row:17', file: 'kaspi<script>.csv' },
    });
  });
});

describe('renderReport', () => {
  it('writes the headline figures in Russian with footnotes naming files and rows', () => {
    const md = renderReport(findings, support, { lang: 'ru', format: 'md', evidenceNames, records });
    expect(md).toContain('312 участников');
    expect(md).toContain('140 карт/счетов дропов[^');
    expect(md).toMatch(/AE \| 2 \| 1\s500\s000,00/);
    expect(md).toContain('row:17');
    expect(md).toMatch(/\[\^\d\]: файлы: .*kaspi/);
  });

  it('names every label that flags a channel, drop reports too, as channelsFlagged counts them', () => {
    const en = renderReport(findings, support, { lang: 'en', format: 'md' });
    expect(en).toContain('Telegram channels flagged for sale, recruitment, training or drop reports');
    const ru = renderReport(findings, support, { lang: 'ru', format: 'md' });
    expect(ru).toContain('продажи, вербовки, обучения или отчётов о закладках');
  });

  it('names who posted each account posted in chats (a column of its own, never the holder), names as text', () => {
    const chatAccounts = [
      {
        identifier: 'card:4400430158273612',
        chats: 7,
        messages: 9,
        transfers: 3,
        postedBy: [
          { author: 'tg:user:1001', name: 'Boss Main', messages: 6 },
          { author: 'tg:user:3001', name: hostile, messages: 1 },
          { author: 'tg:chat:2000001', name: 'Shop24', messages: 1 },
          { author: 'tg:user:3002', name: null, messages: 1 },
        ],
      },
      { identifier: 'phone:+77011110001', chats: 1, messages: 1, transfers: 1, postedBy: [] },
    ];
    const md = renderReport(findings, support, { lang: 'en', format: 'md', chatAccounts });
    expect(md).toContain('| Identifier | Chats | Messages | Transfers | Posted by (messages) |');
    expect(md).toMatch(
      /card:4400430158273612 \| 7 \| 9 \| 3 \| Boss Main \(tg:user:1001\): 6; .*Shop24 \(tg:chat:2000001\): 1; … and 1 more \|/,
    );
    expect(md).not.toContain('<img');
    expect(md).toMatch(/phone:\+77011110001 \| 1 \| 1 \| 1 \| — \|/);
    const html = renderReport(findings, support, { lang: 'ru', format: 'html', chatAccounts });
    expect(html).toContain('Кто опубликовал (сообщений)');
    expect(html).not.toContain('<img');
  });

  it('escapes evidence text in HTML and markdown', () => {
    const html = renderReport(findings, support, { lang: 'en', format: 'html', evidenceNames, records });
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('312 network participants');
    const md = renderReport(findings, support, { lang: 'en', format: 'md' });
    expect(md).not.toContain('<img');
    expect(md).toContain('\\|\\*\\*bold\\*\\*');
  });

  it('words role reasons in Russian in the ru report only, leaving the findings in English', () => {
    const reasons = [
      '366 payers sent $22,301.58 in 403 credits; 100% left again',
      'fan-in from 296 different payers',
      'no everyday spending (7 of 68 debits ≤ $60, to 1 payee)',
    ];
    const f: Findings = {
      ...findings,
      accounts: findings.accounts.map((a) => ({ ...a, roles: [{ role: 'dropper', score: 0.99, reasons }] })),
      persons: findings.persons.map((p) => ({
        ...p,
        roles: ['exchanger'],
        roleDetails: [{ role: 'exchanger', score: 0.8, reasons: ['not on the licensed exchange registry'] }],
      })),
    };
    const ru = renderReport(f, support, { lang: 'ru', format: 'md' });
    expect(ru).toContain(
      '366 плательщиков перевели 22\u00a0301,58\u00a0USD за 403 зачисления; 100% ушло дальше; поступления от 296 разных плательщиков; нет бытовых трат (7 из 68 списаний ≤ 60\u00a0USD, в адрес 1 получателя)',
    );
    expect(ru).toContain('отсутствует в реестре лицензированных обменников');
    expect(ru).not.toContain('payers');
    const en = renderReport(f, support, { lang: 'en', format: 'md' });
    expect(en).toContain('fan-in from 296 different payers');
    expect(en).toContain('not on the licensed exchange registry');
    expect(f.accounts[0]!.roles[0]!.reasons).toEqual(reasons);
  });
});

/** The GFM table rule: a header row, the delimiter row right under it, then data rows, no blank line. */
function gfmTables(md: string): string[][] {
  const lines = md.split('\n');
  const cells = (l: string) => l.replace(/\\\|/g, '').split('|').length;
  const tables: string[][] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.startsWith('|')) continue;
    const block: string[] = [];
    while (i < lines.length && lines[i]!.startsWith('|')) block.push(lines[i++]!);
    tables.push(block);
    expect(block.length, `table at line ${i - block.length + 1} has no data row`).toBeGreaterThanOrEqual(3);
    expect(block[1]).toMatch(/^\|(\s*:?-{3,}:?\s*\|)+$/);
    for (const row of block) expect(cells(row), row).toBe(cells(block[0]!));
  }
  return tables;
}

describe('renderReport tables and sources', () => {
  it('writes every Markdown table as one block GFM reads as a table', () => {
    for (const lang of ['ru', 'en'] as const) {
      const md = renderReport(findings, support, { lang, format: 'md', evidenceNames, records });
      const tables = gfmTables(md);
      // By jurisdiction, key figures, droppers, end recipients, channels, networks.
      expect(tables).toHaveLength(6);
      expect(md).not.toMatch(/\|\n\n\|/);
    }
  });

  it('names the file and locator of every cited record, whatever its kind', () => {
    const ev = 'c'.repeat(64);
    const sup: FindingsSupport = {
      footnotes: {
        'person:P1': {
          figure: 'person:P1',
          evidenceIds: [],
          records: [
            `loc:${ev}:chat:8100/message:8`,
            `loc:${ev}:chat:8100/message:9`,
            `loc:${ev}:chat:8100/message:8`,
          ],
        },
        'channel:tg:chat:1': {
          figure: 'channel:tg:chat:1',
          evidenceIds: [],
          records: ['tg:chat:1#5', 'tg:chat:1#6'],
        },
      },
    };
    const names = new Map([[ev, 'result.json']]);
    const recs = new Map([['tg:chat:1#5', { evidenceId: ev, locator: 'chat:1/message:5' }]]);
    const md = renderReport(findings, sup, { lang: 'en', format: 'md', evidenceNames: names, records: recs });
    const note = (cell: RegExp) => {
      const n = md.match(cell)?.[1];
      return md.split('\n').find((l) => l.startsWith(`[^${n}]: `));
    };
    expect(note(/bold\\\*\\\*\[\^(\d+)\] \| operator/)).toBe(
      `[^1]: P1 — files: result.json (sha256 cccccccccccc…). records: result.json chat:8100/message:8; result.json chat:8100/message:9.`,
    );
    expect(note(/bold\\\*\\\*\[\^(\d+)\] \| sale/)).toContain(
      'records: tg:chat:1\\#5 (result.json chat:1/message:5); tg:chat:1\\#6 (not found in the case).',
    );
  });

  it('lists a record cited both by its ref and by its place once, by its ref', () => {
    const ev = 'c'.repeat(64);
    const sup: FindingsSupport = {
      footnotes: {
        'channel:tg:chat:1': {
          figure: 'channel:tg:chat:1',
          evidenceIds: [],
          records: [`loc:${ev}:chat:1/message:5`, 'tg:chat:1#5', `loc:${ev}:chat:1/message:6`],
        },
      },
    };
    const names = new Map([[ev, 'result.json']]);
    const recs = new Map([['tg:chat:1#5', { evidenceId: ev, locator: 'chat:1/message:5' }]]);
    const md = renderReport(findings, sup, { lang: 'en', format: 'md', evidenceNames: names, records: recs });
    expect(md).toContain(
      'records: tg:chat:1\\#5 (result.json chat:1/message:5); result.json chat:1/message:6.',
    );
  });

  it('says so in the footnote of a figure without records, not "files: —. records: —."', () => {
    const empty = (figure: string) => ({ figure, evidenceIds: [], records: [] });
    const sup: FindingsSupport = { footnotes: { exchangers: empty('exchangers') } };
    const md = renderReport(findings, sup, { lang: 'en', format: 'md' });
    expect(md).toContain('- 4 unlicensed exchangers[^1]');
    expect(md).toContain('[^1]: no source records behind this figure.');
    expect(md).not.toContain('files: —. records: —.');
  });

  it('gives every footnote marker in the HTML its own id', () => {
    const sup: FindingsSupport = {
      footnotes: { turnover: { figure: 'turnover', evidenceIds: ['a'.repeat(64)], records: ['t1'] } },
    };
    const html = renderReport(findings, sup, { lang: 'en', format: 'html', evidenceNames, records });
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual(['ref1', 'ref1-2', 'fn1']);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('renderReport headline figures as the findings have them', () => {
  const people: Findings = {
    ...findings,
    persons: [
      ...['Оператор', 'Куратор', 'Курьер'].map((name, i) => ({
        ...findings.persons[0]!,
        id: `p:tg:user:700${i + 1}`,
        names: [name],
        identifiers: [`tg:user:700${i + 1}`],
        roles: ['courier' as const],
        turnoverUsd: { in: 0, out: 0 },
      })),
      {
        ...findings.persons[0]!,
        id: 'p:tg:@shop_hr24',
        names: [],
        identifiers: ['tg:@shop_hr24'],
        roles: ['recruiter' as const],
        turnoverUsd: { in: 0, out: 0 },
      },
    ],
    accounts: [{ ...findings.accounts[0]!, holder: 'p:tg:user:7002' }],
    analysis: {
      ...findings.analysis,
      keyFigures: ['p:tg:@shop_hr24', 'p:tg:user:7001', 'p:tg:user:7002', 'p:tg:user:7003'],
    },
  };

  it('names a person by the name the analysis has, keeping the id in the footnote', () => {
    const ev = 'd'.repeat(64);
    const sup: FindingsSupport = {
      footnotes: {
        'person:p:tg:@shop_hr24': {
          figure: 'person:p:tg:@shop_hr24',
          evidenceIds: [ev],
          records: ['tg:chat:1500100#3'],
        },
        'person:p:tg:user:7001': { figure: 'person:p:tg:user:7001', evidenceIds: [ev], records: [] },
        'account:card:4400000000000011': {
          figure: 'account:card:4400000000000011',
          evidenceIds: [ev],
          records: [],
        },
      },
    };
    const names = new Map([[ev, 'result.json']]);
    for (const format of ['md', 'html'] as const) {
      const text = renderReport(people, sup, { lang: 'en', format, evidenceNames: names });
      expect(text).not.toMatch(/p:tg:@shop(\\_|_)hr24(\[\^|<sup>| \|)/);
      expect(text).not.toMatch(/p:tg:user:7001(\[\^|<sup>| \|)/);
    }
    const md = renderReport(people, sup, { lang: 'en', format: 'md', evidenceNames: names });
    const lines = md.split('\n');
    const noteOf = (row: string | undefined) => {
      const n = row?.match(/\[\^(\d+)\]/)?.[1];
      return lines.find((l) => l.startsWith(`[^${n}]: `));
    };
    const shop = lines.find((l) => l.startsWith('| @shop\\_hr24['));
    expect(shop).toContain('| recruiter |');
    expect(noteOf(shop)).toMatch(/^\[\^\d+\]: p:tg:@shop\\_hr24 — files: result\.json/);
    expect(noteOf(lines.find((l) => l.startsWith('| Оператор[')))).toContain('p:tg:user:7001 — files:');
    // The dropper card's holder by name in the table, by id in the card's footnote.
    const card = lines.find((l) => l.startsWith('| card:4400000000000011['));
    expect(card).toContain('| Куратор |');
    expect(noteOf(card)).toContain('holder p:tg:user:7002 — files:');
  });

  it('counts the key figures the table lists, saying which of them the headline sums', () => {
    const en = renderReport(people, support, { lang: 'en', format: 'md' });
    expect(en).toContain('(first 2 of 4 key figures: @shop\\_hr24, Оператор)');
    expect(en.split('\n').filter((l) => /^\| .*\| (recruiter|courier) \|/.test(l))).toHaveLength(4);
    const ru = renderReport(people, support, { lang: 'ru', format: 'md' });
    expect(ru).toContain('(первые 2 из 4: @shop\\_hr24, Оператор)');
    const one = { ...people, analysis: { ...people.analysis, keyFigures: ['p:tg:user:7001'] } };
    expect(renderReport(one, support, { lang: 'en', format: 'md' })).toContain('(1 key figure: Оператор)');
    const two = {
      ...people,
      analysis: { ...people.analysis, keyFigures: ['p:tg:user:7001', 'p:tg:user:7002'] },
    };
    expect(renderReport(two, support, { lang: 'ru', format: 'md' })).toContain(
      '(2 фигуранта: Оператор, Куратор)',
    );
  });

  it('counts the flagged chats as channels and groups by their stored type', () => {
    const typed = (
      channelsFlaggedByType: NonNullable<Findings['summary']['channelsFlaggedByType']>,
    ): Findings => ({
      ...findings,
      summary: { ...findings.summary, channelsFlagged: 2, channelsFlaggedByType },
    });
    const en = renderReport(typed({ channel: 1, supergroup: 1 }), support, { lang: 'en', format: 'md' });
    expect(en).toContain(
      '- 1 Telegram channel and 1 group flagged for sale, recruitment, training or drop reports',
    );
    expect(en).not.toContain('2 Telegram channels');
    expect(
      renderReport(typed({ channel: 2, group: 1, supergroup: 2, unknown: 1 }), support, {
        lang: 'en',
        format: 'md',
      }),
    ).toContain('- 2 Telegram channels, 3 groups and 1 chat of unknown type flagged for');
    const ru = renderReport(typed({ channel: 1, group: 1 }), support, { lang: 'ru', format: 'md' });
    expect(ru).toContain('- 1 Telegram-канал и 1 группа с признаками продажи, вербовки');
    expect(renderReport(typed({ supergroup: 5 }), support, { lang: 'ru', format: 'md' })).toContain(
      '- 5 Telegram-групп с признаками',
    );
    expect(renderReport(typed({}), support, { lang: 'en', format: 'md' })).toContain(
      '- 0 Telegram channels or groups flagged for',
    );
  });

  const kzt = (transfers: number, unrated: number): Findings => ({
    ...findings,
    case: { ...findings.case, transfers },
    summary: { ...findings.summary, unratedTransfers: { count: unrated, byCurrency: { KZT: unrated } } },
  });

  it('calls the turnover unknown when no transfer had a USD rate, naming the currency and the count', () => {
    const en = renderReport(kzt(14, 14), support, { lang: 'en', format: 'md' });
    expect(en).toContain('- unknown (no KZT→USD rate for 14 transfers) — turnover of the participants, USD');
    expect(en).toContain('- unknown (no KZT→USD rate for 14 transfers) — turnover through the transactions');
    expect(en).not.toContain('7,300,000.00 — turnover');
    const ru = renderReport(kzt(14, 14), support, { lang: 'ru', format: 'html' });
    expect(ru).toContain(
      'не установлен (нет курса KZT→USD для 14 переводов) — оборот по операциям участников',
    );
  });

  it('adds the transfers without a rate to a turnover that the others make up', () => {
    const en = renderReport(kzt(20, 14), support, { lang: 'en', format: 'md' });
    expect(en).toContain(
      '- 7,300,000.00 (+14 transfers in KZT without a rate) — turnover of the participants, USD',
    );
    expect(en).toContain('- 7,900,000.50 USD (+14 transfers in KZT without a rate) — turnover through');
    const ru = renderReport(kzt(20, 1), support, { lang: 'ru', format: 'md' });
    expect(ru).toMatch(/7\s300\s000,00 \(\+1 перевод в KZT без курса\) — оборот по операциям участников/);
    const two: Findings = {
      ...findings,
      summary: { ...findings.summary, unratedTransfers: { count: 5, byCurrency: { KZT: 3, RUB: 2 } } },
    };
    expect(renderReport(two, support, { lang: 'en', format: 'md' })).toContain(
      '(+3 transfers in KZT, 2 in RUB without a rate)',
    );
    // Every transfer converted, or findings stored before the count existed: the figure alone.
    for (const f of [kzt(20, 0), findings])
      expect(renderReport(f, support, { lang: 'en', format: 'md' })).toContain(
        '- 7,300,000.00 — turnover of the participants, USD',
      );
  });
});

describe("the ru report speaks the workspace's words (review r33, 2)", () => {
  const f: Findings = {
    ...findings,
    persons: [
      { ...findings.persons[0]!, roles: ['operator', 'courier', 'unknown'] },
      ...findings.persons.slice(1),
    ],
    accounts: findings.accounts.map((a) => ({
      ...a,
      roles: [{ role: 'dropper', score: 0.91, reasons: ['366 payers sent $22,301.58 in 403 credits'] }],
    })),
    networks: findings.networks.map((n) => ({ ...n, roles: { operator: 1, dropper: 2, courier: 3 } })),
  };

  it('names roles and labels exactly as the UI does (one table) and writes $ amounts the Russian way', () => {
    const ru = renderReport(f, support, { lang: 'ru', format: 'md' });
    // The UI's names (packages/web i18n takes them from the same table): дроп, продажа, курьер, неизвестно.
    expect(ROLE_NAMES.ru.dropper).toBe('дроп');
    expect(ROLE_NAMES.ru.sale).toBe('продажа');
    expect(ru).toContain('| оператор, курьер, неизвестно |');
    expect(ru).toContain(`| ${ROLE_NAMES.ru.sale} (0,97) |`); // a decimal comma, as every figure of the ru report (review r33)
    expect(ru).toContain('оператор: 1, дроп: 2, курьер: 3');
    expect(ru).toContain('140 карт/счетов дропов');
    expect(ru).toContain('## Карты и счета дропов');
    expect(ru).toContain('с признаками продажи, вербовки');
    expect(ru).not.toMatch(/сбыт|дроппер|закладчик|не определена/);
    // The reasons' amounts as the report's USD columns write theirs: `22 301,58 USD`, never `$22,301.58`.
    expect(ru).toContain(`перевели 22${N}301,58${N}USD за 403`);
    expect(ru).not.toMatch(/\$\d/);
    const html = renderReport(f, support, { lang: 'ru', format: 'html' });
    expect(html).toContain(`22${N}301,58${N}USD`);
    expect(html).not.toMatch(/сбыт|дроппер|\$\d/);
  });

  it('says the counts of the English reasons in the right number (review r33: `with 1 customer(s)`)', () => {
    const plural: Findings = {
      ...f,
      accounts: f.accounts.map((a) => ({
        ...a,
        roles: [{ role: 'dropper', score: 0.91, reasons: ['fiat in from 1 counterparties on 2 account(s)'] }],
      })),
    };
    const en = renderReport(plural, support, { lang: 'en', format: 'md' });
    expect(en).toContain('| fiat in from 1 counterparty on 2 accounts |');
    expect(en).not.toContain('(s)');
  });

  it('leaves the English report as it was', () => {
    const en = renderReport(f, support, { lang: 'en', format: 'md' });
    expect(en).toContain('| operator, courier, unknown |');
    expect(en).toContain('| sale (0.97) |');
    expect(en).toContain('operator: 1, dropper: 2, courier: 3');
    expect(en).toContain('140 dropper cards/accounts');
    expect(en).toContain('## Dropper cards and accounts');
    expect(en).toContain('flagged for sale, recruitment, training or drop reports');
    expect(en).toContain('| 366 payers sent $22,301.58 in 403 credits |');
  });
});

describe('headline counts take their plural form', () => {
  it('reads "2 сети", "1 карта/счёт" and "2 networks" where the count asks for it', () => {
    const f: Findings = {
      ...findings,
      summary: { ...findings.summary, networks: 2, droppers: 1, exchangers: 3, endRecipients: 21 },
    };
    const ru = renderReport(f, support, { lang: 'ru', format: 'md' });
    expect(ru).toContain('2 сети (сообщества)');
    expect(ru).toContain('1 карта/счёт дропов');
    expect(ru).toContain('3 нелицензированных обменника');
    expect(ru).toContain('21 конечный получатель средств');
    const en = renderReport(f, support, { lang: 'en', format: 'md' });
    expect(en).toContain('2 networks (communities)');
    expect(en).toContain('1 dropper card/account');
  });
});

describe('readableUtc', () => {
  it('writes the analysis time as a reader writes it, in UTC', () => {
    expect(readableUtc('2026-11-28T12:07:53.534Z', 'ru')).toBe('28.11.2026 12:07 UTC');
    expect(readableUtc('2026-11-28T12:07:53Z', 'en')).toBe('2026-11-28 12:07 UTC');
    expect(readableUtc('2026-11-28T12:07:53+05:00', 'ru')).toBe('2026-11-28T12:07:53+05:00');
  });
});
