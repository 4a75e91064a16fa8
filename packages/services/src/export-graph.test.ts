import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParsedRecord } from '@dragnet/core/model/tables.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { xmlEscape } from '@dragnet/core/text/xml-text.ts';
import { exportCase } from './export-case.ts';
import { memoryCase, transferRecord } from './test-support/memory-case.ts';

const dirs: string[] = [];
async function temp(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'dragnet-graph-'));
  dirs.push(d);
  return d;
}
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

let n = 0;
/** A row of `table` from evidence `ev`, with a locator of its own. */
const rec = (table: string, row: Record<string, unknown>): ParsedRecord =>
  ({ table, row: { evidenceId: 'ev', locator: `${table}:${++n}`, ...row } }) as unknown as ParsedRecord;

/** XML 1.0 `Char`, written out here apart from the exporter's own definition. */
const NOT_XML_1_0 = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

/** The text of an attribute or element as an XML reader gives it back (the exporter's escapes only). */
const xmlUnescape = (s: string) =>
  s.replace(/&#(\d+);|&(amp|lt|gt|quot|apos);/g, (_, n: string | undefined, name: string | undefined) =>
    n
      ? String.fromCodePoint(Number(n))
      : ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[name!]!,
  );

async function exportText(store: Awaited<ReturnType<typeof memoryCase>>, format: 'graphml' | 'gexf') {
  const out = join(await temp(), `case.${format}`);
  await exportCase(store, format, out);
  // A lone surrogate would reach the file as U+FFFD anyway: read the bytes strictly.
  return new TextDecoder('utf-8', { fatal: true }).decode(await readFile(out));
}

describe('graph exports are well-formed XML whatever the evidence text holds', () => {
  // U+FFFE and U+FFFF (noncharacters XML 1.0 forbids), NUL, ESC, a CDATA end, markup, a lone surrogate, a line break.
  const HOSTILE = 'Shop\ufffe\uffff\u0000\u001b]]><&"\'\ud800 end\n2\ud83d\ude00';
  const SEEN = 'Shop\ufffd\ufffd\ufffd\ufffd]]><&"\'\ufffd end\n2\ud83d\ude00';

  it('xmlEscape replaces every character outside the XML 1.0 Char production and escapes markup', () => {
    const all = Array.from({ length: 0x10000 }, (_, i) => String.fromCharCode(i)).join('');
    const escaped = xmlEscape(all);
    expect(NOT_XML_1_0.test(escaped)).toBe(false);
    expect(escaped).not.toMatch(/[<>"'\t\n\r]|&(?!#\d+;)/);
    expect(xmlUnescape(xmlEscape(HOSTILE))).toBe(SEEN);
    // A character astral planes need (two code units) is kept whole.
    expect(xmlEscape('\ud83d\ude00')).toBe('\ud83d\ude00');
  });

  it.each(['graphml', 'gexf'] as const)('%s: a hostile chat title and user name', async (format) => {
    const store = await memoryCase([
      rec('chats', { chatId: 'tg:chat:1', type: 'supergroup', title: HOSTILE, username: null }),
      rec('tg_users', { userId: 'tg:user:2', username: null, displayName: HOSTILE, phone: null }),
      rec('memberships', { userId: 'tg:user:2', chatId: 'tg:chat:1', role: 'member', timestamp: null }),
    ]);
    const xml = await exportText(store, format);
    const bad = xml.match(NOT_XML_1_0);
    expect(bad, `U+${bad?.[0]?.codePointAt(0)?.toString(16)}`).toBeNull();
    expect(xml).not.toMatch(/&(?!#\d+;|amp;|lt;|gt;|quot;|apos;)/);
    const labels = [
      ...xml.matchAll(
        format === 'graphml' ? /<data key="label">([^<]*)<\/data>/g : /<node id="[^"]*" label="([^"]*)"/g,
      ),
    ].map((m) => xmlUnescape(m[1]!));
    expect(labels).toEqual([SEEN, SEEN]);
  });
});

/**
 * A seized phone's export (its owner's and a contact's phone, coordinates, a shop's onion address, a web link) beside
 * a bank's records of the same phone (a transfer from it, a KYC record naming it).
 */
async function phonesPlacesAndLinks() {
  const ONION = 'https://duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion';
  const mention = (messageId: string, identifier: string, kind: string, raw: string, validated = true) =>
    rec('mentions', {
      chatId: 'tg:chat:8100',
      messageId,
      identifier,
      kind,
      start: 0,
      end: raw.length,
      validated,
      raw,
      source: 'text',
    });
  const message = (messageId: string, text: string) =>
    rec('messages', {
      chatId: 'tg:chat:8100',
      messageId,
      timestamp: '2025-03-01T10:00:00Z',
      authorId: 'tg:user:7001',
      authorName: 'Dealer',
      text,
      replyTo: null,
      forwardedFrom: null,
      viaBot: null,
      edited: null,
      mediaKind: null,
      action: null,
    });
  const store = await memoryCase([
    rec('tg_users', {
      userId: 'tg:user:5000',
      username: 'me',
      displayName: 'Me',
      phone: 'phone:+77019998877',
    }),
    rec('tg_users', {
      userId: 'tg:user:7001',
      username: null,
      displayName: 'Dealer',
      phone: 'phone:+77771234567',
    }),
    // A number the parser could not read stays as written: no phone entity is made of it.
    rec('tg_users', { userId: 'tg:user:7002', username: null, displayName: 'Hidden', phone: '+7 (ask me)' }),
    rec('chats', { chatId: 'tg:chat:8100', type: 'supergroup', title: 'Shop', username: null }),
    message('1', '42.3417, 69.5901'),
    mention('1', 'geo:42.341700,69.590100', 'coordinates', '42.3417, 69.5901'),
    message('2', 'https://yandex.ru/maps/?ll=69.5901,42.3417&z=17'),
    mention('2', 'geo:42.341700,69.590100', 'coordinates', 'https://yandex.ru/maps/?ll=69.5901,42.3417&z=17'),
    mention(
      '2',
      'https://yandex.ru/maps/?ll=69.5901,42.3417&z=17',
      'url',
      'https://yandex.ru/maps/?ll=69.5901,42.3417&z=17',
    ),
    message('3', `${ONION.slice(8)} and ${ONION.slice(8, -7)}x.onion`),
    mention('3', ONION, 'onion', ONION.slice(8)),
    mention('3', 'unverified:onion:x.onion', 'onion', 'x.onion', false),
    {
      table: 'holders',
      row: {
        account: 'card:4400430000000007',
        holderName: 'Ivanov I.',
        iin: '811027354781',
        passport: null,
        nationality: null,
        birthdate: null,
        phone: 'phone:+77019998877',
        address: null,
        institution: null,
        openedAt: null,
        evidenceId: 'ev',
        locator: 'row:7',
      },
    },
    transferRecord('t1', 'phone:+77019998877', 'card:4400430000000007'),
  ]);
  return { store, ONION };
}

describe('phones, places and web links in the exports', () => {
  it('ftm: a Telegram account and a KYC person carry their phone and link to it; places and links are entities', async () => {
    const { store, ONION } = await phonesPlacesAndLinks();
    const out = join(await temp(), 'case.ftm.json');
    const result = await exportCase(store, 'ftm', out);
    const lines = (await readFile(out, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; schema: string; properties: Record<string, string[]> });
    const byId = new Map(lines.map((l) => [l.id, l]));
    expect(byId.get('tg:user:5000')).toMatchObject({
      schema: 'UserAccount',
      properties: { number: ['+77019998877'] },
    });
    expect(byId.get('tg:user:7001')!.properties['number']).toEqual(['+77771234567']);
    expect(byId.get('tg:user:7002')!.properties['number']).toBeUndefined();
    expect(byId.get('person:iin:811027354781')).toMatchObject({
      schema: 'Person',
      properties: { phone: ['+77019998877'] },
    });
    expect(byId.get('phone:+77019998877')).toMatchObject({ schema: 'DragnetPhone' });
    expect(byId.get('phone:+77771234567')).toMatchObject({ schema: 'DragnetPhone' });
    const hasPhone = lines.filter((l) => l.schema === 'UnknownLink').map((l) => l.properties);
    expect(hasPhone).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ subject: ['tg:user:5000'], object: ['phone:+77019998877'] }),
        expect.objectContaining({ subject: ['tg:user:7001'], object: ['phone:+77771234567'] }),
        expect.objectContaining({ subject: ['person:iin:811027354781'], object: ['phone:+77019998877'] }),
      ]),
    );
    expect(hasPhone).toHaveLength(3);

    expect(byId.get('geo:42.341700,69.590100')).toMatchObject({
      schema: 'Address',
      properties: { latitude: ['42.341700'], longitude: ['69.590100'], full: ['42.341700, 69.590100'] },
    });
    expect(byId.get(ONION)).toMatchObject({ schema: 'HyperText', properties: { sourceUrl: [ONION] } });
    expect(byId.get('https://yandex.ru/maps/?ll=69.5901,42.3417&z=17')!.schema).toBe('HyperText');
    const mentions = lines.filter((l) => l.schema === 'Mention');
    expect(
      mentions.map((l) => `${l.properties['document']![0]} ${l.properties['resolved']![0]}`).sort(),
    ).toEqual([
      'message:tg:chat:8100:1 geo:42.341700,69.590100',
      'message:tg:chat:8100:2 geo:42.341700,69.590100',
      'message:tg:chat:8100:2 https://yandex.ru/maps/?ll=69.5901,42.3417&z=17',
      `message:tg:chat:8100:3 ${ONION}`,
    ]);
    // A candidate that failed its check is no entity and no link.
    expect(lines.some((l) => l.id.includes('unverified'))).toBe(false);

    const ids = new Set(lines.map((l) => l.id));
    for (const l of lines)
      for (const k of ['document', 'resolved', 'subject', 'object', 'owner', 'asset', 'author', 'message'])
        for (const end of l.properties[k] ?? []) expect(ids.has(end), `${l.id} ${k} ${end}`).toBe(true);
    const linkSchemas = ['Payment', 'Ownership', 'UnknownLink', 'Mention', 'DragnetPosted'];
    expect(result.links).toBe(lines.filter((l) => linkSchemas.includes(l.schema)).length);
  });

  it.each(['graphml', 'gexf'] as const)(
    '%s: phone nodes meet the bank records, places carry latitude and longitude, links are nodes',
    async (format) => {
      const { store, ONION } = await phonesPlacesAndLinks();
      const xml = await exportText(store, format);
      const edges = [
        ...xml.matchAll(
          format === 'graphml'
            ? /<edge [^>]*source="([^"]*)" target="([^"]*)"><data key="ekind">(\w+)<\/data><data key="count">(\d+)/g
            : /<edge [^>]*source="([^"]*)" target="([^"]*)" weight="(\d+)"><attvalues><attvalue for="ekind" value="(\w+)"/g,
        ),
      ].map((m) =>
        format === 'graphml'
          ? `${m[3]} ${xmlUnescape(m[1]!)} ${xmlUnescape(m[2]!)} ${m[4]}`
          : `${m[4]} ${xmlUnescape(m[1]!)} ${xmlUnescape(m[2]!)} ${m[3]}`,
      );
      expect(edges.sort()).toEqual(
        [
          'HasPhone tg:user:5000 phone:+77019998877 1',
          'HasPhone tg:user:7001 phone:+77771234567 1',
          'HasPhone person:iin:811027354781 phone:+77019998877 1',
          // The account's username, the node a `@me` mention would meet.
          'HasUsername tg:user:5000 tg:@me 1',
          'Holds person:iin:811027354781 card:4400430000000007 1',
          'Transfer phone:+77019998877 card:4400430000000007 1',
          'Mentions tg:chat:8100 geo:42.341700,69.590100 2',
          'Mentions tg:chat:8100 https://yandex.ru/maps/?ll=69.5901,42.3417&z=17 1',
          `Mentions tg:chat:8100 ${ONION} 1`,
          'Posted tg:user:7001 tg:chat:8100 3',
        ].sort(),
      );
      const node = (id: string) =>
        new RegExp(
          `<node id="${id.replace(/[.?+&]/g, (c) => (c === '&' ? '&#38;' : `\\${c}`))}"[^\\n]*`,
        ).exec(xml)?.[0];
      const place = node('geo:42.341700,69.590100')!;
      if (format === 'graphml') {
        expect(place).toContain('<data key="kind">Location</data>');
        expect(place).toContain(
          '<data key="latitude">42.341700</data><data key="longitude">69.590100</data>',
        );
        expect(node(ONION)).toContain('<data key="kind">WebLink</data>');
        expect(xml).toContain('<key id="latitude" for="node" attr.name="latitude" attr.type="double"/>');
      } else {
        expect(place).toContain('<attvalue for="kind" value="Location"/>');
        expect(place).toContain(
          '<attvalue for="latitude" value="42.341700"/><attvalue for="longitude" value="69.590100"/>',
        );
        expect(node(ONION)).toContain('<attvalue for="kind" value="WebLink"/>');
        expect(xml).toContain('<attribute id="latitude" title="latitude" type="double"/>');
      }
      expect(node('phone:+77019998877')).toBeDefined();
      expect(xml).not.toContain('unverified');
      expect(xml).not.toContain('ask me');
    },
  );

  it('csv: entities.csv lists the phones, places and links', async () => {
    const { store, ONION } = await phonesPlacesAndLinks();
    const dir = join(await temp(), 'csv');
    await exportCase(store, 'csv', dir);
    const rows = (await readFile(join(dir, 'entities.csv'), 'utf8')).split('\n');
    for (const [id, kind] of [
      ['phone:+77771234567', 'Phone'],
      ['"geo:42.341700,69.590100"', 'Location'],
      [ONION, 'WebLink'],
    ])
      expect(rows.some((r) => r.startsWith(`${id},${kind},`))).toBe(true);
  });
});
