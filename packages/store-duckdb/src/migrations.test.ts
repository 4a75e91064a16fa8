import { snakeCase, TABLE_NAMES, type TableName, TABLES } from '@dragnet/core/model/tables.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { openDuckDbStore } from './duckdb-store.ts';
import { migrate, migrations, storageVersion } from './migrate.ts';
import { SQL_TYPES } from './table-codec.ts';

/** How information_schema spells the types of SQL_TYPES. */
const INFO_TYPE: Record<string, string> = { TIMESTAMPTZ: 'TIMESTAMP WITH TIME ZONE' };

async function schemaOf(): Promise<Map<string, Array<[string, string, boolean]>>> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    expect(await migrate(conn)).toEqual(migrations().map((m) => m.version));
    // A second run finds nothing to do.
    expect(await migrate(conn)).toEqual([]);
    const reader = await conn.runAndReadAll(
      `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
       WHERE table_schema = 'main' ORDER BY table_name, ordinal_position`,
    );
    const tables = new Map<string, Array<[string, string, boolean]>>();
    for (const [table, column, type, nullable] of reader.getRows() as string[][]) {
      const list = tables.get(table!) ?? [];
      list.push([column!, type!, nullable === 'YES']);
      tables.set(table!, list);
    }
    return tables;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

describe('migrations', () => {
  it('create exactly the tables and columns of the model (TABLES), in order, with their types', async () => {
    const schema = await schemaOf();
    expect([...schema.keys()].sort()).toEqual([...TABLE_NAMES, 'documents', 'schema_migrations'].sort());
    for (const table of TABLE_NAMES) {
      const expected = TABLES[table].columns.map((c): [string, string, boolean] => {
        const sql = SQL_TYPES[c.type];
        return [snakeCase(c.field), INFO_TYPE[sql] ?? sql, c.nullable !== false];
      });
      expect(schema.get(table), table).toEqual(expected);
    }
    expect(schema.get('documents')?.map((c) => c[0])).toEqual(['key', 'value', 'updated_at']);
  });

  it('are numbered files applied in order', () => {
    const list = migrations();
    expect(list[0]?.name).toBe('0001-initial');
    expect(list.map((m) => m.version)).toEqual([...list.map((m) => m.version)].sort((a, b) => a - b));
  });

  it('store transfer ids and locators with ZSTD from schema 2 on, keeping the rows, only where the file format has it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dragnet-migrate-'));
    try {
      const compression = async (format: string) => {
        const instance = await DuckDBInstance.create(join(dir, `${format}.duckdb`), {
          storage_compatibility_version: format,
        });
        const conn = await instance.connect();
        try {
          // A case at schema 1 with rows in it, then the later migrations.
          const first = migrations()[0]!;
          const statements = await conn.extractStatements(first.sql);
          for (let i = 0; i < statements.count; i++) await (await statements.prepare(i)).run();
          await conn.run(`INSERT INTO schema_migrations VALUES (1, '${first.name}', now())`);
          const row = (i: string) =>
            `'ev1:row:' || ${i}, NULL, TIMESTAMPTZ '2024-01-01', ${i}, 'KZT', 'a', 'b', NULL, NULL, 'bank', NULL, '{"description":"p' || ${i} || '"}', 'ev1', 'row:' || ${i}`;
          await conn.run(`INSERT INTO transfers SELECT ${row('range')} FROM range(1000)`);
          expect(await migrate(conn)).toEqual(
            migrations()
              .map((m) => m.version)
              .filter((v) => v > 1),
          );
          await conn.run(`INSERT INTO transfers SELECT ${row('range')} FROM range(1000, 300000)`);
          await conn.run('CHECKPOINT');
          const kept = (await conn.runAndReadAll('SELECT id, amount FROM transfers LIMIT 2')).getRows();
          expect(kept.map((r) => [r[0], String(r[1])])).toEqual([
            ['ev1:row:0', '0.000000000000000000'],
            ['ev1:row:1', '1.000000000000000000'],
          ]);
          const used = await conn.runAndReadAll(
            `SELECT DISTINCT column_name, compression FROM pragma_storage_info('transfers')
             WHERE column_name IN ('id', 'locator', 'props') AND segment_type <> 'VALIDITY' ORDER BY ALL`,
          );
          return { storage: await storageVersion(conn), used: used.getRows().map((r) => r.join(' ')) };
        } finally {
          conn.closeSync();
          instance.closeSync();
        }
      };
      expect(await compression('v1.3.0')).toEqual({
        storage: [1, 3, 0],
        used: ['id ZSTD', 'locator ZSTD', 'props ZSTD'],
      });
      // An older format would store them uncompressed: the table stays as schema 1 made it.
      const old = await compression('v1.0.0');
      expect(old.storage).toEqual([1, 0, 0]);
      expect(old.used.some((u) => u.includes('ZSTD') || u.includes('Uncompressed'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('give an old case (schema 2) an evidence path column: its files keep their rows with path null, new ones get theirs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dragnet-migrate-'));
    const file = join(dir, 'old.duckdb');
    try {
      // A case as schema 2 left it, with one evidence file in its register.
      const instance = await DuckDBInstance.create(file);
      const conn = await instance.connect();
      for (const m of migrations().filter((x) => x.version <= 2)) {
        const statements = await conn.extractStatements(m.sql);
        for (let i = 0; i < statements.count; i++) await (await statements.prepare(i)).run();
        await conn.run(`INSERT INTO schema_migrations VALUES (${m.version}, '${m.name}', now())`);
      }
      await conn.run(
        `INSERT INTO evidence VALUES ('${'a'.repeat(64)}', 10, 'result.json', 'evidence/aa', 'telegram-json', '1', NULL,
         TIMESTAMPTZ '2024-06-01 10:00:00', 4, 1)`,
      );
      conn.closeSync();
      instance.closeSync();

      const store = await openDuckDbStore(file, { threads: 1 });
      try {
        await store.init();
        expect(await store.getEvidence('a'.repeat(64))).toEqual({
          id: 'a'.repeat(64),
          size: 10,
          originalName: 'result.json',
          storedPath: 'evidence/aa',
          format: 'telegram-json',
          parserVersion: '1',
          source: null,
          ingestedAt: '2024-06-01T10:00:00.000Z',
          accepted: 4,
          quarantined: 1,
          path: null,
        });
        await store.ingest(
          {
            id: 'b'.repeat(64),
            size: 1,
            originalName: 'result.json',
            storedPath: 'evidence/bb',
            format: 'telegram-json',
            parserVersion: '1',
            source: 'phone 2',
            ingestedAt: '2024-06-02T10:00:00.000Z',
            path: 'phone2/ChatExport_1/result.json',
          },
          async () => undefined,
        );
        const paths = [];
        for await (const e of store.scan('evidence', { orderBy: ['ingestedAt'] })) paths.push(e.path);
        expect(paths).toEqual([null, 'phone2/ChatExport_1/result.json']);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("name an old case's private chats by their two sides where the owner's message box names the owner (schema 4)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dragnet-migrate-'));
    const file = join(dir, 'old.duckdb');
    const A = 'a'.repeat(64);
    const B = 'b'.repeat(64);
    const C = 'c'.repeat(64);
    const D = 'd'.repeat(64);
    try {
      const instance = await DuckDBInstance.create(file);
      const conn = await instance.connect();
      for (const m of migrations().filter((x) => x.version <= 3)) {
        const statements = await conn.extractStatements(m.sql);
        for (let i = 0; i < statements.count; i++) await (await statements.prepare(i)).run();
        await conn.run(`INSERT INTO schema_migrations VALUES (${m.version}, '${m.name}', now())`);
      }
      // Two buyers' chats with dealer 1001 (one chat row: the second phone's was "the same type and title"), a copy
      // whose owner never wrote (evidence-qualified ids), a channel, and the dealer's phone (ingested last) with his
      // copy of the first buyer's chat: its first two messages the buyer's phone gave already, the third its own.
      const msg = (chat: string, id: string, author: string, ev: string, text = `t${id}`, reply = 'NULL') =>
        `('${chat}', '${id}', TIMESTAMPTZ '2024-05-01 10:00:00', 'tg:user:${author}', NULL, '${text}', ${reply}, NULL,
          NULL, NULL, NULL, NULL, '${ev}', 'message:${id.split(':')[1] ?? id}')`;
      for (const [ev, day] of [
        [A, 1],
        [B, 2],
        [C, 3],
        [D, 4],
      ] as const)
        await conn.run(`INSERT INTO evidence (id, size, original_name, stored_path, format, parser_version, source,
          ingested_at, accepted, quarantined) VALUES ('${ev}', 1, 'result.json', 'evidence/${ev}', 'telegram-json', '1',
          NULL, TIMESTAMPTZ '2024-06-0${day} 10:00:00', 1, 0)`);
      await conn.run(`INSERT INTO chats VALUES ('tg:chat:1001', 'private', 'Boss', NULL, '${A}', 'chat:1001'),
        ('tg:chat:2000', 'channel', 'Shop', NULL, '${A}', 'chat:2000'),
        ('tg:chat:3001', 'private', 'Ivan', NULL, '${D}', 'chat:3001')`);
      await conn.run(`INSERT INTO documents VALUES ('findings', '{}', now()), ('report:ru', '{}', now()),
        ('rules', '{}', now())`);
      await conn.run(
        `INSERT INTO messages VALUES ${[
          msg('tg:chat:1001', 'u3001:1', '3001', A),
          msg('tg:chat:1001', 'u3001:2', '1001', A),
          msg('tg:chat:1001', 'u3002:5', '1001', B),
          msg('tg:chat:1001', 'cccccccc:9', '1001', C),
          msg('tg:chat:2000', '7', '1001', A),
          msg('tg:chat:3001', 'u1001:101', '3001', D, 'tu3001:1'),
          msg('tg:chat:3001', 'u1001:102', '1001', D, 'tu3001:2'),
          msg('tg:chat:3001', 'u1001:103', '1001', D, 'жди', "'u1001:102'"),
        ].join(', ')}`,
      );
      await conn.run(`INSERT INTO mentions VALUES ('tg:chat:1001', 'u3001:2', 'card:4400430158273612', 'card', 0, 16,
        true, '4400430158273612', 'text', '${A}', 'message:2')`);
      await conn.run(`INSERT INTO mentions VALUES ('tg:chat:3001', 'u1001:102', 'card:4400430158273612', 'card', 0, 16,
        true, '4400430158273612', 'text', '${D}', 'message:102')`);
      await conn.run(`INSERT INTO message_labels VALUES ('tg:chat:1001', 'u3002:5', 'sale', 0.9, 'l', '[]', '${B}',
        'message:5'), ('tg:chat:3001', 'u1001:101', 'sale', 0.9, 'l', '[]', '${D}', 'message:101')`);
      await conn.run(`INSERT INTO memberships VALUES ('tg:user:3001', 'tg:chat:1001', 'poster', NULL, '${A}', 'message:1'),
        ('tg:user:1001', 'tg:chat:1001', 'poster', NULL, '${B}', 'message:5'),
        ('tg:user:1001', 'tg:chat:1001', 'poster', NULL, '${C}', 'message:9'),
        ('tg:user:3001', 'tg:chat:3001', 'poster', NULL, '${D}', 'message:101'),
        ('tg:user:1001', 'tg:chat:3001', 'poster', NULL, '${D}', 'message:102')`);
      conn.closeSync();
      instance.closeSync();

      const store = await openDuckDbStore(file, { threads: 1 });
      try {
        await store.init();
        const rows = async (t: TableName, f: (r: Record<string, string>) => string) => {
          const out: string[] = [];
          for await (const r of store.scan(t)) out.push(f(r as unknown as Record<string, string>));
          return out.sort();
        };
        expect(await rows('chats', (c) => `${c.chatId} ${c.title} ${c.evidenceId!.slice(0, 1)}`)).toEqual([
          'tg:chat:1001_3001 Boss a',
          'tg:chat:1001_3001 Ivan d',
          'tg:chat:1001_3002 Boss b',
          'tg:chat:2000 Shop a',
        ]);
        // The dealer's copies of the buyer's two messages went; his own third message replies to the copy kept.
        expect(await rows('messages', (m) => `${m.chatId} ${m.messageId} ${m.replyTo}`)).toEqual([
          'tg:chat:1001 cccccccc:9 null',
          'tg:chat:1001_3001 u1001:103 u3001:2',
          'tg:chat:1001_3001 u3001:1 null',
          'tg:chat:1001_3001 u3001:2 null',
          'tg:chat:1001_3002 u3002:5 null',
          'tg:chat:2000 7 null',
        ]);
        expect(await rows('mentions', (m) => `${m.chatId} ${m.messageId}`)).toEqual([
          'tg:chat:1001_3001 u3001:2',
        ]);
        expect(await rows('message_labels', (l) => `${l.chatId} ${l.messageId}`)).toEqual([
          'tg:chat:1001_3002 u3002:5',
        ]);
        expect(
          await rows('memberships', (m) => `${m.chatId} ${m.userId} ${m.evidenceId!.slice(0, 1)}`),
        ).toEqual([
          'tg:chat:1001 tg:user:1001 c',
          'tg:chat:1001_3001 tg:user:3001 a',
          'tg:chat:1001_3002 tg:user:1001 b',
        ]);
        // The last analysis named the old ids: gone (analyze makes it again); the rules stay.
        expect(await store.getDocument('findings')).toBeUndefined();
        expect(await store.getDocument('report:ru')).toBeUndefined();
        expect(await store.getDocument('rules')).toEqual({});
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
