import type {
  EvidenceRow,
  IssueRow,
  NewEvidence,
  ParsedRecord,
  RecordSink,
  RowOf,
  ScanOptions,
  Store,
  TableName,
  TransferRow,
} from '@dragnet/core';

/**
 * A small in-memory Store for the server's tests and the browser-test fixture server, until the
 * shared MemoryStore of core lands (then this file goes).
 */
export class FakeStore implements Store {
  readonly #tables = new Map<TableName, unknown[]>();
  readonly #docs = new Map<string, unknown>();

  async init(): Promise<void> {}
  async close(): Promise<void> {}

  #rows<T extends TableName>(table: T): RowOf<T>[] {
    let rows = this.#tables.get(table);
    if (!rows) this.#tables.set(table, (rows = []));
    return rows as RowOf<T>[];
  }

  async getEvidence(id: string): Promise<EvidenceRow | undefined> {
    return this.#rows('evidence').find((e) => e.id === id);
  }

  async ingest(evidence: NewEvidence, fill: (sink: RecordSink) => Promise<void>): Promise<EvidenceRow> {
    const records: ParsedRecord[] = [];
    const issues: IssueRow[] = [];
    await fill({
      add: async (r) => void records.push(r),
      issue: async (i) => void issues.push(i),
      findTransfers: async () => [] as TransferRow[],
    });
    const row: EvidenceRow = {
      ...evidence,
      accepted: records.length,
      quarantined: issues.filter((i) => i.severity === 'quarantine').length,
    };
    this.#rows('evidence').push(row);
    for (const r of records) (this.#rows(r.table) as unknown[]).push(r.row);
    this.#rows('issues').push(...issues);
    return row;
  }

  #match<T extends TableName>(row: RowOf<T>, o: ScanOptions<RowOf<T>> | undefined): boolean {
    if (!o) return true;
    const r = row as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(o.where ?? {}))
      if (v !== undefined && (r[k] ?? null) !== v) return false;
    if (o.whereIn && !o.whereIn.values.includes(r[o.whereIn.field])) return false;
    if (o.range) {
      const v = r[o.range.field] as string | number;
      if (o.range.from !== undefined && v < (o.range.from as string | number)) return false;
      if (o.range.to !== undefined && v > (o.range.to as string | number)) return false;
    }
    return true;
  }

  async *scan<T extends TableName>(table: T, options?: ScanOptions<RowOf<T>>): AsyncIterable<RowOf<T>> {
    let rows = this.#rows(table).filter((r) => this.#match(r, options));
    const order = options?.orderBy ?? [];
    if (order.length) {
      rows = [...rows].sort((a, b) => {
        for (const f of order) {
          const x = a[f] as string | number;
          const y = b[f] as string | number;
          if (x < y) return options?.descending ? 1 : -1;
          if (x > y) return options?.descending ? -1 : 1;
        }
        return 0;
      });
    }
    const start = options?.offset ?? 0;
    yield* rows.slice(start, options?.limit === undefined ? undefined : start + options.limit);
  }

  async count<T extends TableName>(
    table: T,
    options?: Pick<ScanOptions<RowOf<T>>, 'where' | 'whereIn' | 'range'>,
  ): Promise<number> {
    return this.#rows(table).filter((r) => this.#match(r, options)).length;
  }

  async getDocument<V = unknown>(key: string): Promise<V | undefined> {
    return this.#docs.get(key) as V | undefined;
  }

  async putDocument(key: string, value: unknown): Promise<void> {
    this.#docs.set(key, structuredClone(value));
  }
}
