import { afterEach, describe, expect, it } from 'vitest';
import type {
  ExchangeRow,
  IssueRow,
  MentionRow,
  MessageLabelRow,
  ParsedRecord,
  RowOf,
  SeizureRow,
  StatementRow,
  TableName,
  TransferRow,
} from '../model/tables.ts';
import { TABLE_NAMES } from '../model/tables.ts';
import { type NewEvidence, RecordRejected, type RecordSink, type ScanOptions, type Store } from './store.ts';
import { normalizeDecimal } from './normalize-row.ts';

/**
 * The Store conformance suite: every Store implementation runs it (`storeConformance('memory', …)` in
 * `memory-store.test.ts`, the DuckDB store in its own package). `make` returns a fresh, empty, initialised
 * store each time; the suite closes it.
 */
export function storeConformance(name: string, make: () => Promise<Store>): void {
  describe(`Store conformance: ${name}`, () => {
    const open: Store[] = [];
    const fresh = async (): Promise<Store> => {
      const store = await make();
      open.push(store);
      return store;
    };
    afterEach(async () => {
      for (const store of open.splice(0)) await store.close();
    });

    it('init is idempotent and starts empty', async () => {
      const store = await fresh();
      await store.init();
      await store.init();
      for (const table of TABLE_NAMES) expect(await store.count(table)).toBe(0);
      expect(await store.getEvidence('nope')).toBeUndefined();
    });

    it('keeps the path an evidence file was ingested from as text, and null for a case from before paths', async () => {
      const store = await fresh();
      const path = 'телефон 2/Chat\u202eExport/"a";\n\\b.json';
      await store.ingest({ ...evidence('p1'), path }, async () => undefined);
      await store.ingest({ ...evidence('p2'), path: null }, async () => undefined);
      const { path: _path, ...unnamed } = evidence('p3');
      // @ts-expect-error NewEvidence.path is required: every ingest knows where its file came from.
      const _noPath: NewEvidence = unnamed;
      expect((await store.getEvidence('p1'))?.path).toBe(path);
      expect((await store.getEvidence('p2'))?.path).toBeNull();
      const scanned = [];
      for await (const e of store.scan('evidence', { orderBy: ['id'] })) scanned.push(e.path);
      expect(scanned).toEqual([path, null]);
    });

    it('ingest stores the evidence row with accepted and quarantined counts, records and issues', async () => {
      const store = await fresh();
      const ev = evidence('e1');
      const stored = await store.ingest(ev, async (sink) => {
        await sink.add(rec('transfers', transfer('e1', 1, { amount: '10.50' })));
        await sink.add(rec('transfers', transfer('e1', 2)));
        await sink.add(
          rec('chats', {
            chatId: 'tg:chat:1',
            type: 'channel',
            title: null,
            username: null,
            evidenceId: 'e1',
            locator: 'x',
          }),
        );
        await sink.issue(issue('e1', 'row:4', 'quarantine'));
        await sink.issue(issue('e1', 'row:5', 'quarantine'));
        await sink.issue(issue('e1', 'file', 'warning'));
      });
      const expected = { ...ev, accepted: 3, quarantined: 2 };
      expect(stored).toEqual(expected);
      expect(await store.getEvidence('e1')).toEqual(expected);
      expect(await store.count('evidence')).toBe(1);
      expect(await store.count('transfers')).toBe(2);
      expect(await store.count('chats')).toBe(1);
      expect(await store.count('issues')).toBe(3);
      expect(await store.count('issues', { where: { severity: 'quarantine' } })).toBe(2);
      const issues = await all(store.scan('issues', { orderBy: ['locator'] }));
      expect(issues[0]).toEqual(issue('e1', 'file', 'warning'));
    });

    it('a throwing fill leaves nothing behind, and the store stays usable', async () => {
      const store = await fresh();
      await store.ingest(evidence('keep'), async (sink) => {
        await sink.add(rec('transfers', transfer('keep', 1)));
      });
      const boom = new Error('parser exploded');
      await expect(
        store.ingest(evidence('bad'), async (sink) => {
          for (let i = 0; i < 500; i++) await sink.add(rec('transfers', transfer('bad', i)));
          await sink.add(rec('messages', message('bad', 1)));
          await sink.issue(issue('bad', 'row:9', 'quarantine'));
          expect((await sink.findTransfers(findAll())).length).toBeGreaterThan(0);
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(await store.getEvidence('bad')).toBeUndefined();
      expect(await store.count('evidence')).toBe(1);
      expect(await store.count('transfers')).toBe(1);
      expect(await store.count('messages')).toBe(0);
      expect(await store.count('issues')).toBe(0);
      const again = await store.ingest(evidence('bad'), async (sink) => {
        await sink.add(rec('transfers', transfer('bad', 1)));
      });
      expect(again.accepted).toBe(1);
      expect(await store.count('transfers')).toBe(2);
    });

    it('refuses malformed values, naming the value, and stores nothing of that file', async () => {
      const store = await fresh();
      await expect(
        store.ingest(evidence('d'), async (sink) => {
          await sink.add(rec('transfers', transfer('d', 1)));
          await sink.add(rec('transfers', transfer('d', 2, { amount: '12,5' })));
        }),
      ).rejects.toThrow(/12,5[\s\S]*row:2|row:2[\s\S]*12,5/);
      await expect(
        store.ingest(evidence('t'), async (sink) => {
          for (let i = 0; i < 50; i++) await sink.add(rec('transfers', transfer('t', i)));
          await sink.add(rec('transfers', transfer('t', 99, { timestamp: 'yesterday' })));
        }),
      ).rejects.toThrow(/yesterday/);
      expect(await store.count('evidence')).toBe(0);
      expect(await store.count('transfers')).toBe(0);
    });

    it('refuses a malformed record with RecordRejected and keeps nothing of it; the file goes on', async () => {
      const store = await fresh();
      const refused: Array<[string, string]> = [];
      const stored = await store.ingest(evidence('r'), async (sink) => {
        await sink.add(rec('transfers', transfer('r', 1)));
        for (const [n, bad] of [
          [2, { timestamp: '2024-03-01T25:61:00.000Z' }],
          [3, { timestamp: '2024-02-31T10:00:00.000Z' }],
          [4, { timestamp: '2023-02-29T10:00:00' }],
          [5, { amount: '12,5' }],
          [6, { timestamp: null }],
        ] as const) {
          for (let i = 0; i < 20; i++) await sink.add(rec('transfers', transfer('r', 100 * n + i)));
          const err = await sink
            .add(rec('transfers', transfer('r', n, bad as unknown as Partial<TransferRow>)))
            .then(
              () => undefined,
              (e: unknown) => e,
            );
          expect(err).toBeInstanceOf(RecordRejected);
          const e = err as RecordRejected;
          refused.push([e.reason, e.message]);
        }
        await sink.add(rec('transfers', transfer('r', 7)));
      });
      expect(refused.map(([reason]) => reason)).toEqual([
        expect.stringMatching(/^transfers\.timestamp: .*2024-03-01T25:61:00/),
        expect.stringMatching(/^transfers\.timestamp: .*2024-02-31T10:00:00.*no day 31/),
        expect.stringMatching(/^transfers\.timestamp: .*2023-02-29T10:00:00.*no day 29/),
        expect.stringMatching(/^transfers\.amount: .*12,5/),
        'transfers.timestamp is required',
      ]);
      expect(refused[0]![1]).toMatch(/evidence r row:2\b/);
      expect(stored.accepted).toBe(102);
      expect(await store.count('transfers')).toBe(102);
      const ids = (await all(store.scan('transfers', { orderBy: ['id'] }))).map((t) => t.id);
      for (const n of [2, 3, 4, 5, 6]) expect(ids).not.toContain(transfer('r', n).id);
    });

    it('refuses to ingest an evidence id twice and keeps the first', async () => {
      const store = await fresh();
      await store.ingest(evidence('e1'), async (sink) => sink.add(rec('transfers', transfer('e1', 1))));
      await expect(
        store.ingest(evidence('e1'), async (sink) => sink.add(rec('transfers', transfer('e1', 2)))),
      ).rejects.toThrow(/e1/);
      expect(await store.count('transfers')).toBe(1);
    });

    it('round-trips every column type in canonical form', async () => {
      const store = await fresh();
      await ingestSample(store);
      const t = await all(store.scan('transfers', { where: { id: 't-exotic' } }));
      expect(t).toEqual([
        {
          ...transfer('s', 100, {
            id: 't-exotic',
            amount: '12345678901234567890.123456789012345678',
            currency: 'USDT',
            fromAccount: 'card:4',
            timestamp: '2024-03-05T09:22:00.000Z',
            reference: 'a "quoted", comma\nnew line\r\n\ttab \\ back ₸ Қазақ 🙂',
            fromHolder: '',
            props: { nested: { list: [1, 'two', null, true] }, text: 'é"\n', n: 1.5 },
          }),
        },
      ]);
      const amounts = Object.fromEntries(
        (await all(store.scan('transfers'))).map((r) => [r.locator, r.amount] as const),
      );
      expect(amounts).toMatchObject({
        'row:1': '1234.5',
        'row:2': '0.000000000000000001',
        'row:3': '12',
        'row:4': '9007199254740993',
        'row:5': '9007199254740993.000000000000000001',
        'row:6': '0',
      });
      const ts = await all(store.scan('transfers', { where: { locator: 'row:1' } }));
      expect(ts[0]?.timestamp).toBe('2024-01-02T03:04:05.678Z');
      expect(ts[0]?.props).toBeNull();
      expect(ts[0]?.txId).toBeNull();

      const [seizure] = await all(store.scan('seizures'));
      expect(seizure).toEqual(sampleSeizure());
      const [exchange, exchangeNull] = await all(store.scan('exchanges', { orderBy: ['exchange'] }));
      expect(exchange?.licensed).toBe(false);
      expect(exchangeNull?.licensed).toBeNull();
      const [statement] = await all(store.scan('statements'));
      expect(statement).toEqual({
        ...sampleStatement(),
        openingBalance: '-5.1',
        closingBalance: '100',
        credits: '105.1',
        debits: null,
      });
      const mentions = await all(store.scan('mentions', { orderBy: ['start'] }));
      expect(mentions.map((m) => [m.start, m.end, m.validated])).toEqual([
        [0, 16, true],
        [20, 2147483647, false],
      ]);
      const [ev] = await all(store.scan('evidence', { where: { id: 's' } }));
      expect(ev?.size).toBe(2 ** 40 + 1);
      expect(ev?.ingestedAt).toBe('2024-06-01T10:00:00.000Z');
    });

    it('keeps hostile text byte for byte', async () => {
      const store = await fresh();
      const texts = [
        'nul\u0000inside',
        '\uFEFFleading BOM',
        '  spaced  ',
        'tab\there',
        '"',
        '""',
        ',',
        'back\\slash\\',
        'NULL',
        '',
        '\r\n',
        'x'.repeat(100_000),
        '<script>alert(1)</script>',
        'lone \uD83D surrogate-free 🙂',
        '\u0001\u0002\u0003 control characters \u0001',
      ];
      await store.ingest(evidence('h'), async (sink) => {
        for (const [i, text] of texts.entries())
          await sink.add(rec('messages', { ...message('h', i), text }));
      });
      const back = (await all(store.scan('messages'))).map((m) => m.text);
      expect(back.length).toBe(texts.length);
      texts.forEach((text, i) => {
        // Lone surrogates are not valid UTF-8; both stores keep every other text exactly.
        if (text.includes('\uD83D ')) expect(back[i]).toMatch(/^lone .* surrogate-free 🙂$/);
        else expect(back[i], `text ${i}`).toBe(text);
      });
    });

    it('filters with where (including null), whereIn and range on each column type', async () => {
      const store = await fresh();
      await ingestSample(store);
      const ids = async (options: ScanOptions<TransferRow>) =>
        (await all(store.scan('transfers', options))).map((r) => r.locator);

      expect(await ids({ where: { amount: '1234.50' } })).toEqual(['row:1']);
      expect(await ids({ where: { amount: '9007199254740993' } })).toEqual(['row:4']);
      expect(await ids({ where: { currency: 'USDT', fromAccount: null } })).toEqual(['row:2']);
      expect(await ids({ where: { timestamp: '2024-01-02T06:04:05.678+03:00' } })).toEqual(['row:1']);
      expect(
        await ids({ whereIn: { field: 'fromAccount', values: ['card:1', 'card:3', 'card:none'] } }),
      ).toEqual(['row:1', 'row:3', 'row:6']);
      expect(await ids({ whereIn: { field: 'fromAccount', values: [] } })).toEqual([]);
      expect(await ids({ whereIn: { field: 'amount', values: ['12.00', '0'] } })).toEqual(['row:3', 'row:6']);
      // Decimal ranges compare as numbers, not text: "9…" < "12" would be wrong.
      expect(await ids({ range: { field: 'amount', from: '12', to: '1234.5' } })).toEqual(['row:1', 'row:3']);
      expect(await ids({ range: { field: 'amount', from: '9007199254740993.000000000000000001' } })).toEqual([
        'row:5',
        'row:100',
      ]);
      expect(
        await ids({
          range: { field: 'timestamp', from: '2024-01-02T03:04:05.678Z', to: '2024-02-01T00:00:00.000Z' },
        }),
      ).toEqual(['row:1', 'row:2']);
      expect(await ids({ range: { field: 'timestamp', to: '2024-01-02' } })).toEqual([]);

      expect(await store.count('transfers', { where: { currency: 'KZT' } })).toBe(4);
      expect(await store.count('transfers', { range: { field: 'amount', to: '12' } })).toBe(3);
      expect(await store.count('seizures', { range: { field: 'lat', from: 42, to: 43 } })).toBe(1);
      expect(await store.count('seizures', { range: { field: 'date', from: '2024-05-02' } })).toBe(0);
      expect(await store.count('seizures', { where: { date: '2024-05-01' } })).toBe(1);
      expect(await store.count('mentions', { where: { validated: false } })).toBe(1);
      expect(await store.count('mentions', { range: { field: 'start', from: 1 } })).toBe(1);
      expect(await store.count('exchanges', { where: { licensed: null } })).toBe(1);
      expect(await store.count('evidence', { range: { field: 'size', from: 2 ** 40 } })).toBe(1);
      expect(await store.count('statements', { range: { field: 'openingBalance', to: '-5' } })).toBe(1);
    });

    it('orders (nulls last, ties in insertion order) and pages stably', async () => {
      const store = await fresh();
      await ingestSample(store);
      const order = async (options: ScanOptions<TransferRow>) =>
        (await all(store.scan('transfers', options))).map((r) => r.locator);
      expect(await order({})).toEqual(['row:1', 'row:2', 'row:3', 'row:4', 'row:5', 'row:6', 'row:100']);
      expect(await order({ orderBy: ['amount'] })).toEqual([
        'row:6',
        'row:2',
        'row:3',
        'row:1',
        'row:4',
        'row:5',
        'row:100',
      ]);
      expect(await order({ orderBy: ['timestamp'], descending: true, limit: 2 })).toEqual([
        'row:100',
        'row:6',
      ]);
      // Nulls last in both directions; equal keys keep insertion order.
      expect(await order({ orderBy: ['fromAccount'] })).toEqual([
        'row:1',
        'row:6',
        'row:3',
        'row:4',
        'row:5',
        'row:100',
        'row:2',
      ]);
      expect(await order({ orderBy: ['fromAccount'], descending: true })).toEqual([
        'row:4',
        'row:5',
        'row:100',
        'row:3',
        'row:1',
        'row:6',
        'row:2',
      ]);
      expect(await order({ orderBy: ['currency', 'amount'] })).toEqual([
        'row:6',
        'row:3',
        'row:1',
        'row:4',
        'row:2',
        'row:5',
        'row:100',
      ]);
      const pages: string[] = [];
      for (let offset = 0; offset < 8; offset += 3) {
        pages.push(...(await order({ orderBy: ['currency'], limit: 3, offset })));
      }
      expect(pages).toEqual(await order({ orderBy: ['currency'] }));
      expect(await order({ offset: 5 })).toEqual(['row:6', 'row:100']);
      expect(
        await order({
          where: { currency: 'KZT' },
          orderBy: ['amount'],
          descending: true,
          limit: 1,
          offset: 1,
        }),
      ).toEqual(['row:1']);
    });

    it('scanBatches yields the rows of scan, in order, in non-empty batches', async () => {
      const store = await fresh();
      await store.ingest(evidence('sb'), async (sink) => {
        for (let n = 0; n < 2500; n++)
          await sink.add(rec('transfers', transfer('sb', n, { amount: String(n % 7), reference: `r${n}` })));
      });
      const options: ScanOptions<TransferRow>[] = [
        {},
        { orderBy: ['amount'], descending: true, offset: 10, limit: 2100 },
        { where: { amount: '3' } },
        { where: { amount: '99' } },
      ];
      for (const o of options) {
        const batches: TransferRow[][] = [];
        for await (const batch of store.scanBatches!('transfers', o)) batches.push(batch);
        for (const batch of batches) expect(batch.length).toBeGreaterThan(0);
        expect(batches.flat()).toEqual(await all(store.scan('transfers', o)));
      }
      const everything: TransferRow[][] = [];
      for await (const batch of store.scanBatches!('transfers')) everything.push(batch);
      expect(everything.length).toBeGreaterThan(1);
      expect(everything.flat().map((t) => t.reference)).toEqual(
        Array.from({ length: 2500 }, (_, n) => `r${n}`),
      );
    });

    it('scanTransferColumns gives the transfers of the timestamp-ordered scan as column batches', async (ctx) => {
      const store = await fresh();
      if (!store.scanTransferColumns) return ctx.skip();
      const days = ['2024-03-03T08:00:00.000Z', '2024-03-01T10:00:00.000Z', '2024-03-02T23:59:59.999Z'];
      await store.ingest(evidence('tc1'), async (sink) => {
        for (let n = 0; n < 2600; n++)
          await sink.add(
            rec(
              'transfers',
              transfer('tc1', n, {
                timestamp: days[n % 3]!,
                amount: n % 5 === 0 ? '1234567.891' : String(n),
                currency: n % 2 ? 'KZT' : 'USDT',
                fromAccount: n % 11 === 0 ? null : `card:${n % 37}`,
                toAccount: n % 13 === 0 ? null : `tron:T${n % 41}`,
                fromHolder: n % 7 === 0 ? `Holder ${n % 3}` : null,
                channel: n % 4 ? 'card2card' : 'crypto',
              }),
            ),
          );
      });
      await store.ingest(evidence('tc2'), async (sink) => {
        await sink.add(rec('transfers', transfer('tc2', 0, { timestamp: '2024-03-01T10:00:00.000Z' })));
      });
      const expected = await all(store.scan('transfers', { orderBy: ['timestamp'] }));
      const dictionary: string[] = [];
      const got: Array<Record<string, unknown>> = [];
      let batches = 0;
      for await (const b of store.scanTransferColumns()) {
        batches++;
        dictionary.push(...b.accounts);
        expect(b.from.length).toBeGreaterThanOrEqual(b.length);
        for (let i = 0; i < b.length; i++) {
          const [id, amount, currency, channel, evidenceId, fromHolder, toHolder] = b.rows[i]!;
          got.push({
            id,
            amount: normalizeDecimal(amount),
            currency,
            channel,
            evidenceId,
            fromHolder,
            toHolder,
            fromAccount: b.from[i]! < 0 ? null : dictionary[b.from[i]!],
            toAccount: b.to[i]! < 0 ? null : dictionary[b.to[i]!],
            timestamp: new Date(b.ts[i]!).toISOString(),
          });
        }
      }
      expect(batches).toBeGreaterThan(1);
      expect(new Set(dictionary).size).toBe(dictionary.length);
      expect(got).toEqual(
        expected.map((t) => ({
          id: t.id,
          amount: t.amount,
          currency: t.currency,
          channel: t.channel,
          evidenceId: t.evidenceId,
          fromHolder: t.fromHolder,
          toHolder: t.toHolder,
          fromAccount: t.fromAccount,
          toAccount: t.toAccount,
          timestamp: t.timestamp,
        })),
      );
    });

    it('scanTransferTable, transferIds and firstTransferHolders give the transfers as fixed-width columns', async (ctx) => {
      const store = await fresh();
      if (!store.scanTransferTable || !store.transferIds || !store.firstTransferHolders) return ctx.skip();
      const days = ['2024-03-03T08:00:00.000Z', '2024-03-01T10:00:00.000Z', '2024-03-02T23:59:59.999Z'];
      const amounts = ['1234567.891', '0.000001', '999999999.999999', '1000000000', '0.1234567', '5000'];
      await store.ingest(evidence('tt1'), async (sink) => {
        for (let n = 0; n < 2600; n++)
          await sink.add(
            rec(
              'transfers',
              transfer('tt1', n, {
                timestamp: days[n % 3]!,
                amount: amounts[n % 6]!,
                currency: n % 2 ? 'KZT' : 'USDT',
                fromAccount: n % 11 === 0 ? null : `card:${n % 37}`,
                toAccount: n % 13 === 0 ? null : `tron:T${n % 41}`,
                fromHolder: n % 7 === 0 ? `Holder ${n % 3}` : n % 7 === 1 ? '' : null,
                toHolder: n % 5 === 0 ? `Payee ${n % 4}` : null,
                channel: n % 4 ? 'card2card' : 'crypto',
              }),
            ),
          );
      });
      await store.ingest(evidence('tt2'), async (sink) => {
        await sink.add(rec('transfers', transfer('tt2', 0, { timestamp: '2024-03-01T10:00:00.000Z' })));
        await sink.add(
          // An id holding the DuckDB store's id separator (\x1f): its group is read id by id.
          rec(
            'transfers',
            transfer('tt2', 1, {
              id: 'tt2\x1fodd',
              timestamp: '2024-02-01T00:00:00.000Z',
              toHolder: 'First',
            }),
          ),
        );
      });
      const inserted = await all(store.scan('transfers'));
      const dict: string[][] = [[], [], [], []];
      const rows: Array<Record<string, unknown> & { us: number; seq: number }> = [];
      for await (const b of store.scanTransferTable()) {
        dict[0]!.push(...b.accounts);
        dict[1]!.push(...b.currencies);
        dict[2]!.push(...b.channels);
        dict[3]!.push(...b.evidenceIds);
        for (let i = 0; i < b.length; i++) {
          const e6 = b.amountE6[i]!;
          if (Number.isNaN(e6)) expect(b.amountText.has(i)).toBe(true);
          else expect(Number.isInteger(e6) && Math.abs(e6) < 1e15).toBe(true);
          rows.push({
            us: b.tsMicros[i]!,
            seq: b.seq[i]!,
            amount: normalizeDecimal(Number.isNaN(e6) ? b.amountText.get(i)! : millionths(e6)),
            currency: dict[1]![b.currency[i]!],
            channel: dict[2]![b.channel[i]!],
            evidenceId: b.evidence[i]! < 0 ? null : dict[3]![b.evidence[i]!],
            fromAccount: b.from[i]! < 0 ? null : dict[0]![b.from[i]!],
            toAccount: b.to[i]! < 0 ? null : dict[0]![b.to[i]!],
          });
        }
      }
      for (const d of dict) expect(new Set(d).size).toBe(d.length);
      // Millionths where exact within 15 digits, the text otherwise.
      expect(rows.filter((r) => r.amount === '0.1234567').length).toBeGreaterThan(0);
      // seq numbers the rows in insertion order; ids come in that order.
      expect(rows.map((r) => r.seq).sort((a, b) => a - b)).toEqual(inserted.map((_, i) => i));
      const ids: string[] = [];
      for await (const chunk of store.transferIds())
        ids.push(...(Array.isArray(chunk) ? chunk : chunk.text.split(chunk.separator)));
      expect(ids).toEqual(inserted.map((t) => t.id));
      rows.sort((a, b) => a.us - b.us || a.seq - b.seq);
      const expected = await all(store.scan('transfers', { orderBy: ['timestamp'] }));
      expect(
        rows.map(({ us, seq, ...r }) => ({
          ...r,
          id: ids[seq],
          timestamp: new Date(us / 1000).toISOString(),
        })),
      ).toEqual(
        expected.map((t) => ({
          amount: t.amount,
          currency: t.currency,
          channel: t.channel,
          evidenceId: t.evidenceId,
          fromAccount: t.fromAccount,
          toAccount: t.toAccount,
          id: t.id,
          timestamp: t.timestamp,
        })),
      );
      // First holder per account in time order, a row's from side before its to side.
      const holders: Array<[string, string]> = [];
      for await (const chunk of store.firstTransferHolders()) holders.push(...chunk);
      const want: Array<[string, string]> = [];
      const seen = new Set<string>();
      for (const t of expected)
        for (const [a, h] of [
          [t.fromAccount, t.fromHolder],
          [t.toAccount, t.toHolder],
        ] as const)
          if (a && h && !seen.has(a)) {
            seen.add(a);
            want.push([a, h]);
          }
      expect(holders[0]).toEqual(['card:2', 'First']);
      expect(holders).toEqual(want);
    });

    it('countBy counts the rows of each value of a text field in one go, under the filters count takes', async () => {
      const store = await fresh();
      await store.ingest(evidence('cb1'), async (sink) => {
        for (const [n, chatId] of ['tg:chat:1', 'tg:chat:2', 'tg:chat:1', 'tg:chat:1'].entries())
          await sink.add(rec('messages', { ...message('cb1', n), chatId }));
        await sink.add(rec('transfers', transfer('cb1', 0, { fromAccount: null })));
        await sink.add(rec('transfers', transfer('cb1', 1, { fromAccount: null })));
        await sink.add(rec('transfers', transfer('cb1', 2)));
      });
      await store.ingest(evidence('cb2'), async (sink) => {
        await sink.add(rec('messages', { ...message('cb2', 0), chatId: 'tg:chat:2' }));
      });
      const sorted = (m: Map<string | null, number>) =>
        [...m].sort(([a], [b]) => String(a).localeCompare(String(b)));
      expect(sorted(await store.countBy('messages', 'chatId'))).toEqual([
        ['tg:chat:1', 3],
        ['tg:chat:2', 2],
      ]);
      expect(sorted(await store.countBy('messages', 'chatId', { where: { evidenceId: 'cb2' } }))).toEqual([
        ['tg:chat:2', 1],
      ]);
      expect(
        sorted(
          await store.countBy('messages', 'chatId', { whereIn: { field: 'chatId', values: ['tg:chat:9'] } }),
        ),
      ).toEqual([]);
      expect(sorted(await store.countBy('transfers', 'fromAccount'))).toEqual([
        ['card:1', 1],
        [null, 2],
      ]);
      // Each value's count is what count gives for it.
      for (const [chatId, n] of await store.countBy('messages', 'chatId'))
        expect(await store.count('messages', { where: { chatId } })).toBe(n);
      await expect(store.countBy('transfers', 'timestamp')).rejects.toThrow(/text field/);
    });

    it('distinctAccounts lists both sides of the transfers once, in order, up to a limit', async (ctx) => {
      const store = await fresh();
      if (!store.distinctAccounts) return ctx.skip();
      await store.ingest(evidence('da'), async (sink) => {
        await sink.add(rec('transfers', transfer('da', 0, { fromAccount: 'card:9', toAccount: 'card:1' })));
        await sink.add(rec('transfers', transfer('da', 1, { fromAccount: null, toAccount: 'tron:TX' })));
        await sink.add(rec('transfers', transfer('da', 2, { fromAccount: 'card:1', toAccount: null })));
        await sink.add(rec('transfers', transfer('da', 3, { fromAccount: 'acct:x', toAccount: 'card:9' })));
      });
      expect(await all(store.distinctAccounts())).toEqual(['acct:x', 'card:1', 'card:9', 'tron:TX']);
      expect(await all(store.distinctAccounts(2))).toEqual(['acct:x', 'card:1']);
    });

    it('accountTransfers gives incoming then outgoing rows in insertion order, with or without lookups', async (ctx) => {
      const store = await fresh();
      if (!store.accountTransfers || !store.busyAccounts) return ctx.skip();
      await store.ingest(evidence('at'), async (sink) => {
        const add = (n: number, from: string | null, to: string | null, ts: string, amount = '1.5') =>
          sink.add(
            rec('transfers', transfer('at', n, { fromAccount: from, toAccount: to, timestamp: ts, amount })),
          );
        await add(0, 'card:a', 'card:b', '2024-03-02T00:00:00.000Z', '10');
        await add(1, 'card:c', 'card:a', '2024-03-01T00:00:00.000Z', '0.000000000000000001');
        await add(2, 'card:a', 'card:a', '2024-03-03T00:00:00.000Z');
        await add(3, null, 'card:a', '2024-03-04T00:00:00.000Z');
        await add(4, 'card:b', 'card:c', '2024-03-05T00:00:00.000Z');
        await add(5, 'card:a', null, '2024-02-01T00:00:00.000Z', '99999999999999999999.123');
      });
      const row = (side: 'in' | 'out', n: number) => {
        const t = transfer('at', n);
        return { side, evidenceId: 'at', locator: t.locator };
      };
      const expected = [
        row('in', 1),
        row('in', 2),
        row('in', 3),
        row('out', 0),
        row('out', 2),
        row('out', 5),
      ];
      const flat = async (accounts: string[], wholeTable = false) =>
        (await all(store.accountTransfers!(accounts, { wholeTable }))).flat();
      for (const pass of ['scan', 'lookups']) {
        if (pass === 'lookups') await store.prepareLookups?.();
        const got = await flat(['card:a']);
        expect(await flat(['card:a'], true)).toEqual(got);
        expect(got.map((t) => ({ side: t.side, evidenceId: t.evidenceId, locator: t.locator }))).toEqual(
          expected,
        );
        expect(got[0]).toEqual({
          side: 'in',
          timestamp: '2024-03-01T00:00:00.000Z',
          amount: '0.000000000000000001',
          currency: 'KZT',
          fromAccount: 'card:c',
          toAccount: 'card:a',
          evidenceId: 'at',
          locator: 'row:1',
        });
        expect(got[5]).toMatchObject({ amount: '99999999999999999999.123', toAccount: null });
        // Many accounts at once (the whole-table path), a transfer between two of them on both sides.
        const many = [...Array.from({ length: 70 }, (_, i) => `card:x${i}`), 'card:b', 'card:c'];
        expect((await flat(many)).map((t) => `${t.side}${t.locator}`)).toEqual([
          'inrow:0',
          'inrow:4',
          'outrow:1',
          'outrow:4',
        ]);
        expect(await flat(['card:none'])).toEqual([]);
      }
      // A transfer to itself counts twice.
      expect(await store.busyAccounts(2, 10)).toEqual([
        { account: 'card:a', transfers: 6 },
        { account: 'card:b', transfers: 2 },
        { account: 'card:c', transfers: 2 },
      ]);
      expect(await store.busyAccounts(2, 2)).toEqual([
        { account: 'card:a', transfers: 6 },
        { account: 'card:b', transfers: 2 },
      ]);
      expect(await store.busyAccounts(7, 10)).toEqual([]);
    });

    it('a scan can stop early and another run meanwhile', async () => {
      const store = await fresh();
      await ingestSample(store);
      const seen: string[] = [];
      for await (const row of store.scan('transfers')) {
        seen.push(row.locator);
        expect(await store.count('transfers')).toBe(7);
        for await (const inner of store.scan('transfers', { limit: 1 })) seen.push(inner.locator);
        if (seen.length >= 4) break;
      }
      expect(seen).toEqual(['row:1', 'row:1', 'row:2', 'row:1']);
    });

    it('findTransfers sees stored transfers and those added earlier in the same ingest', async () => {
      const store = await fresh();
      await store.ingest(evidence('a'), async (sink) => {
        await sink.add(
          rec('transfers', transfer('a', 1, { amount: '100.00', timestamp: '2024-03-01T10:00:00.000Z' })),
        );
        await sink.add(
          rec(
            'transfers',
            transfer('a', 2, { amount: '100', currency: 'RUB', timestamp: '2024-03-01T10:00:00.000Z' }),
          ),
        );
        await sink.add(
          rec('transfers', transfer('a', 3, { amount: '100', timestamp: '2024-03-05T10:00:00.000Z' })),
        );
      });
      const seen: string[][] = [];
      await store.ingest(evidence('b'), async (sink) => {
        const find = async () =>
          (
            await sink.findTransfers({
              amount: '100.0',
              currency: 'KZT',
              from: '2024-03-01T09:00:00Z',
              to: '2024-03-02T10:00:00.000Z',
            })
          )
            .map((t) => `${t.evidenceId}/${t.locator}/${t.amount}`)
            .sort();
        seen.push(await find());
        // Several adds, so stores that batch internally have something buffered when asked.
        for (let i = 10; i < 40; i++) {
          await sink.add(
            rec('transfers', transfer('b', i, { amount: '7', timestamp: '2024-03-01T12:00:00.000Z' })),
          );
        }
        await sink.add(
          rec('transfers', transfer('b', 1, { amount: '100', timestamp: '2024-03-02T10:00:00.000Z' })),
        );
        await sink.add(
          rec('transfers', transfer('b', 2, { amount: '100', timestamp: '2024-03-02T10:00:00.001Z' })),
        );
        seen.push(await find());
        const hits = await sink.findTransfers({
          amount: '100',
          currency: 'KZT',
          from: '2024-03-02T10:00:00.000Z',
          to: '2024-03-02T10:00:00.000Z',
        });
        expect(hits).toEqual([transfer('b', 1, { amount: '100', timestamp: '2024-03-02T10:00:00.000Z' })]);
      });
      expect(seen).toEqual([['a/row:1/100'], ['a/row:1/100', 'b/row:1/100']]);
    });

    it('findTransfers agrees with a plain filter over many days, forwards, backwards and wide', async () => {
      const store = await fresh();
      const base = Date.UTC(2024, 0, 1);
      const amounts = ['100', '250.5', '7'];
      const stored: TransferRow[] = [];
      const make = (ev: string, n: number, hours: number) =>
        transfer(ev, n, {
          timestamp: new Date(base + hours * 3_600_000).toISOString(),
          amount: amounts[n % 3]!,
          currency: n % 4 === 0 ? 'USDT' : 'KZT',
        });
      await store.ingest(evidence('m'), async (sink) => {
        // Every 5 hours for 60 days.
        for (let n = 0; n < 288; n++) {
          stored.push(make('m', n, n * 5));
          await sink.add(rec('transfers', stored.at(-1)!));
        }
      });
      const expected = (q: { amount: string; currency: string; from: string; to: string }) =>
        stored
          .filter(
            (t) =>
              t.currency === q.currency &&
              t.amount === q.amount &&
              t.timestamp >= q.from &&
              t.timestamp <= q.to,
          )
          .map((t) => t.id)
          .sort();
      await store.ingest(evidence('n'), async (sink) => {
        const check = async (hours: number, spanHours: number, amount: string, currency: string) => {
          const q = {
            amount,
            currency,
            from: new Date(base + hours * 3_600_000).toISOString(),
            to: new Date(base + (hours + spanHours) * 3_600_000).toISOString(),
          };
          const got = (await sink.findTransfers(q)).map((t) => t.id).sort();
          expect(got, JSON.stringify(q)).toEqual(expected(q));
          return got.length;
        };
        let found = 0;
        for (let h = 0; h < 1440; h += 7) found += await check(h, 72, amounts[h % 3]!, 'KZT');
        for (let h = 1440; h > 0; h -= 11) found += await check(h - 72, 72, amounts[h % 3]!, 'USDT');
        // Transfers of this ingest count too, also after the days around them were read.
        for (let n = 0; n < 40; n++) {
          stored.push(make('n', n, 30 * 24 + n));
          await sink.add(rec('transfers', stored.at(-1)!));
        }
        for (let h = 700; h < 800; h += 5) found += await check(h, 72, amounts[h % 3]!, 'KZT');
        found += await check(-100, 2000, '100', 'KZT');
        found += await check(500, 0, '250.5', 'KZT');
        expect(found).toBeGreaterThan(100);
      });
    });

    it('aggregates transfers per account', async () => {
      const store = await fresh();
      await store.ingest(evidence('g'), async (sink) => {
        const add = (
          n: number,
          from: string | null,
          to: string | null,
          amount: string,
          currency: string,
          ts: string,
        ) =>
          sink.add(
            rec(
              'transfers',
              transfer('g', n, { fromAccount: from, toAccount: to, amount, currency, timestamp: ts }),
            ),
          );
        await add(1, 'card:a', 'card:b', '10.5', 'KZT', '2024-01-01T00:00:00.000Z');
        await add(2, 'card:a', 'card:b', '0.5', 'KZT', '2024-01-02T00:00:00.000Z');
        await add(
          3,
          'card:c',
          'card:a',
          '9007199254740993.000000000000000001',
          'USDT',
          '2024-01-03T00:00:00.000Z',
        );
        await add(4, null, 'card:a', '1', 'KZT', '2024-01-04T00:00:00.000Z');
        await add(5, 'card:b', 'card:a', '2', 'KZT', '2023-12-31T00:00:00.000Z');
      });
      const aggs = await all(store.aggregateTransfers());
      expect(aggs.map((a) => a.account)).toEqual(['card:a', 'card:b', 'card:c']);
      expect(aggs[0]).toEqual({
        account: 'card:a',
        inCount: 3,
        outCount: 2,
        inSum: { KZT: '3', USDT: '9007199254740993.000000000000000001' },
        outSum: { KZT: '11' },
        inCounterparties: 2,
        outCounterparties: 1,
        distinctCounterparties: 2,
        firstTs: '2023-12-31T00:00:00.000Z',
        lastTs: '2024-01-04T00:00:00.000Z',
      });
      expect(aggs[2]).toEqual({
        account: 'card:c',
        inCount: 0,
        outCount: 1,
        inSum: {},
        outSum: { USDT: '9007199254740993.000000000000000001' },
        inCounterparties: 0,
        outCounterparties: 1,
        distinctCounterparties: 1,
        firstTs: '2024-01-03T00:00:00.000Z',
        lastTs: '2024-01-03T00:00:00.000Z',
      });
      const some = await all(
        store.aggregateTransfers({
          accounts: ['card:b'],
          from: '2024-01-01T00:00:00Z',
          to: '2024-01-01T23:59:59Z',
        }),
      );
      expect(some).toEqual([
        {
          account: 'card:b',
          inCount: 1,
          outCount: 0,
          inSum: { KZT: '10.5' },
          outSum: {},
          inCounterparties: 1,
          outCounterparties: 0,
          distinctCounterparties: 1,
          firstTs: '2024-01-01T00:00:00.000Z',
          lastTs: '2024-01-01T00:00:00.000Z',
        },
      ]);
    });

    it('keeps documents: get, put, overwrite', async () => {
      const store = await fresh();
      expect(await store.getDocument('findings')).toBeUndefined();
      await store.putDocument('findings', { schemaVersion: 1, list: [1, 'два', null], nested: { ok: true } });
      expect(await store.getDocument('findings')).toEqual({
        schemaVersion: 1,
        list: [1, 'два', null],
        nested: { ok: true },
      });
      await store.putDocument('findings', ['replaced']);
      expect(await store.getDocument('findings')).toEqual(['replaced']);
      await store.putDocument('n', 42);
      expect(await store.getDocument<number>('n')).toBe(42);
      expect(await store.getDocument('findings')).toEqual(['replaced']);
    });

    it('addLabels adds label rows outside an ingest, in one go, with their own provenance', async () => {
      const store = await fresh();
      expect(store.addLabels).toBeDefined();
      await store.ingest(evidence('e1'), async () => undefined);
      const row = (id: string, label: MessageLabelRow['label']): MessageLabelRow => ({
        chatId: 'tg:chat:1',
        messageId: id,
        label,
        score: 0.75,
        lexiconVersion: 'context:test/1',
        terms: [{ term: 'context: a reason with "quotes" and \\ ', start: 0, end: 0, lang: 'context' }],
        evidenceId: 'e1',
        locator: `message:${id}`,
      });
      expect(await store.addLabels!([row('7', 'sale'), row('8', 'recruitment')])).toBe(2);
      expect(await store.addLabels!([])).toBe(0);
      const rows: MessageLabelRow[] = [];
      for await (const r of store.scan('message_labels', { orderBy: ['messageId'] })) rows.push(r);
      expect(rows).toEqual([row('7', 'sale'), row('8', 'recruitment')]);
      // A row without a required field stores nothing of the call.
      const bad = { ...row('10', 'sale'), label: null as unknown as MessageLabelRow['label'] };
      await expect(store.addLabels!([row('9', 'sale'), bad])).rejects.toThrow(/label/);
      expect(await store.count('message_labels')).toBe(2);
    });

    it('withSmallCache, where a store has it, runs a read pass with its labels and resolves or fails as the pass does', async (ctx) => {
      const store = await fresh();
      if (!store.withSmallCache) return ctx.skip();
      await store.ingest(evidence('e1'), async (sink) => {
        for (let i = 0; i < 50; i++) await sink.add(rec('messages', message('e1', i)));
      });
      const label: MessageLabelRow = {
        chatId: 'tg:chat:1',
        messageId: '3',
        label: 'sale',
        score: 0.5,
        lexiconVersion: 'context:test/1',
        terms: [],
        evidenceId: 'e1',
        locator: 'message:3',
      };
      // The pass reads, then adds labels (the case-level chat context does both).
      const read = await store.withSmallCache(async () => {
        let n = 0;
        for await (const _ of store.scan('messages')) n++;
        return { n, added: await store.addLabels!([label]) };
      });
      expect(read).toEqual({ n: 50, added: 1 });
      await expect(
        store.withSmallCache(async () => {
          throw new Error('pass broke');
        }),
      ).rejects.toThrow('pass broke');
      expect(await store.count('message_labels')).toBe(1);
    });

    it('ingests a few thousand rows across tables in one go', async () => {
      const store = await fresh();
      const n = 5000;
      await store.ingest(evidence('bulk'), async (sink) => {
        for (let i = 0; i < n; i++) {
          await sink.add(
            rec(
              'transfers',
              transfer('bulk', i, { amount: `${i}.${i % 100}`, reference: i % 7 ? null : `ref,"${i}"\n` }),
            ),
          );
          if (i % 10 === 0) await sink.add(rec('messages', message('bulk', i)));
          if (i % 100 === 0) await sink.issue(issue('bulk', `row:${i}`, 'quarantine'));
        }
        const hits = await sink.findTransfers({
          amount: '4999.99',
          currency: 'KZT',
          from: '2000-01-01',
          to: '2100-01-01',
        });
        expect(hits.map((h) => h.locator)).toEqual(['row:4999']);
      });
      expect(await store.count('transfers')).toBe(n);
      expect(await store.count('messages')).toBe(n / 10);
      expect((await store.getEvidence('bulk'))?.quarantined).toBe(n / 100);
      const last = await all(store.scan('transfers', { orderBy: ['amount'], descending: true, limit: 2 }));
      expect(last.map((r) => r.amount)).toEqual(['4999.99', '4998.98']);
      const withRef = await all(store.scan('transfers', { where: { locator: 'row:4991' } }));
      expect(withRef[0]?.reference).toBe('ref,"4991"\n');
    });
  });
}

async function all<R>(rows: AsyncIterable<R>): Promise<R[]> {
  const out: R[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

function rec<T extends TableName>(table: T, row: RowOf<T>): ParsedRecord {
  return { table, row } as ParsedRecord;
}

function evidence(id: string): NewEvidence {
  return {
    id,
    size: 1234,
    originalName: `${id}.csv`,
    storedPath: `evidence/${id}`,
    format: 'canonical-transfers',
    parserVersion: '1',
    source: null,
    ingestedAt: '2024-06-01T10:00:00.000Z',
    path: `phone 1/ChatExport_1/${id}.csv`,
  };
}

/** A count of millionths as a decimal, exactly. */
function millionths(e6: number): string {
  const digits = String(Math.abs(e6)).padStart(7, '0');
  return `${e6 < 0 ? '-' : ''}${digits.slice(0, -6)}.${digits.slice(-6)}`;
}

function transfer(ev: string, n: number, over: Partial<TransferRow> = {}): TransferRow {
  return {
    id: `${ev}-${n}`,
    txId: null,
    timestamp: '2024-03-01T10:00:00.000Z',
    amount: '1',
    currency: 'KZT',
    fromAccount: 'card:1',
    toAccount: 'card:2',
    fromHolder: null,
    toHolder: null,
    channel: 'card2card',
    reference: null,
    props: null,
    evidenceId: ev,
    locator: `row:${n}`,
    ...over,
  };
}

function issue(ev: string, locator: string, severity: IssueRow['severity']): IssueRow {
  return {
    evidenceId: ev,
    locator,
    severity,
    reason: `bad ${locator}`,
    raw: severity === 'quarantine' ? 'a,b,"c"' : null,
  };
}

function message(ev: string, n: number): RowOf<'messages'> {
  return {
    chatId: 'tg:chat:1',
    messageId: String(n),
    timestamp: '2024-03-01T10:00:00.000Z',
    authorId: null,
    authorName: 'Имя',
    text: `text ${n}`,
    replyTo: null,
    forwardedFrom: null,
    viaBot: null,
    edited: null,
    mediaKind: null,
    action: null,
    evidenceId: ev,
    locator: `message:${n}`,
  };
}

function sampleSeizure(): SeizureRow {
  return {
    seizureId: 'sz1',
    date: '2024-05-01',
    place: 'Shymkent',
    lat: 42.3417,
    lon: 69.5901,
    substance: 'X-1',
    massG: '12.5',
    description: null,
    personId: null,
    evidenceId: 's',
    locator: 'row:1',
  };
}

function sampleStatement(): StatementRow {
  return {
    account: 'iban:KZ1',
    statementId: 'st1',
    periodFrom: '2024-01-01',
    periodTo: '2024-01-31',
    currency: 'KZT',
    openingBalance: '-5.10',
    closingBalance: '100.000',
    credits: '105.1',
    debits: null,
    entries: 3,
    reconciled: true,
    evidenceId: 's',
    locator: 'stmt:1',
  };
}

/** Seven transfers plus one row of each typed table, in one ingest of evidence `s`. */
async function ingestSample(store: Store): Promise<void> {
  const ev: NewEvidence = { ...evidence('s'), size: 2 ** 40 + 1, ingestedAt: '2024-06-01T13:00:00+03:00' };
  await store.ingest(ev, async (sink: RecordSink) => {
    const t = (n: number, over: Partial<TransferRow>) => sink.add(rec('transfers', transfer('s', n, over)));
    await t(1, { amount: '1234.50', timestamp: '2024-01-02T03:04:05.678Z', fromAccount: 'card:1' });
    await t(2, {
      amount: '0.000000000000000001',
      currency: 'USDT',
      timestamp: '2024-01-15T00:00:00Z',
      fromAccount: null,
    });
    await t(3, { amount: '12.000', timestamp: '2024-02-01T00:00:00.001Z', fromAccount: 'card:3' });
    await t(4, { amount: '9007199254740993', timestamp: '2024-02-02T00:00:00.000Z', fromAccount: 'card:4' });
    await t(5, {
      amount: '9007199254740993.000000000000000001',
      currency: 'USDT',
      timestamp: '2024-02-03T00:00:00.000Z',
      fromAccount: 'card:4',
    });
    await t(6, { amount: '0.000', timestamp: '2024-02-04T00:00:00.000Z', fromAccount: 'card:1' });
    await t(100, {
      id: 't-exotic',
      amount: '12345678901234567890.123456789012345678',
      currency: 'USDT',
      timestamp: '2024-03-05T12:22:00+03:00',
      fromAccount: 'card:4',
      fromHolder: '',
      reference: 'a "quoted", comma\nnew line\r\n\ttab \\ back ₸ Қазақ 🙂',
      props: { nested: { list: [1, 'two', null, true] }, text: 'é"\n', n: 1.5 },
    });
    await sink.add(rec('seizures', sampleSeizure()));
    await sink.add(rec('statements', sampleStatement()));
    const ex = (exchange: string, licensed: boolean | null): ExchangeRow => ({
      exchange,
      name: null,
      jurisdiction: 'KZ',
      licensed,
      licenseRef: null,
      evidenceId: 's',
      locator: exchange,
    });
    await sink.add(rec('exchanges', ex('aaa', false)));
    await sink.add(rec('exchanges', ex('bbb', null)));
    const mention = (start: number, end: number, validated: boolean): MentionRow => ({
      chatId: 'tg:chat:1',
      messageId: '1',
      identifier: 'card:4400430000000000',
      kind: 'card',
      start,
      end,
      validated,
      raw: '4400 4300 0000 0000',
      source: 'text',
      evidenceId: 's',
      locator: `message:1:${start}`,
    });
    await sink.add(rec('mentions', mention(20, 2147483647, false)));
    await sink.add(rec('mentions', mention(0, 16, true)));
  });
}

function findAll() {
  return { amount: '1', currency: 'KZT', from: '2000-01-01T00:00:00.000Z', to: '2100-01-01T00:00:00.000Z' };
}
